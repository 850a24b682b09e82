"""Finding and reading input files: the IO edge of the ingest stage."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from transforms.ingest import DEFAULT_MAX_INPUT_BYTES, IngestResult, Rejection, ingest_bytes, sha256_hex


class NoInputsError(FileNotFoundError):
    """None of the given paths exists or holds any file."""


def discover_inputs(paths: Iterable[str | Path]) -> list[Path]:
    """Every file under the given files and folders, sorted, hidden files skipped."""
    found: set[Path] = set()
    missing: list[str] = []
    for raw in paths:
        path = Path(raw)
        if path.is_file():
            found.add(path)
        elif path.is_dir():
            found.update(p for p in path.rglob("*") if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts))
        else:
            missing.append(str(path))
    if not found:
        detail = f" (not found: {', '.join(missing)})" if missing else ""
        raise NoInputsError(f"no input files under {', '.join(map(str, paths))}{detail}")
    return sorted(found)


def file_sha256(path: Path) -> str:
    """SHA-256 of a file read in blocks, for files too large to hold in memory."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_input(path: Path, max_bytes: int = DEFAULT_MAX_INPUT_BYTES) -> IngestResult:
    """Ingest one file; an unreadable file becomes a rejection, not an exception."""
    uri = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:  # do not read a huge file into memory just to reject it
            detail = f"{size} bytes exceeds the {max_bytes}-byte limit (raise --max-input-mb to accept it)"
            return IngestResult(rejections=[Rejection(uri, "oversized", detail, file_sha256(path), size)])
        data = path.read_bytes()
    except OSError as error:
        return IngestResult(rejections=[Rejection(uri, "unreadable", f"{type(error).__name__}: {error}", sha256_hex(uri.encode()), 0)])
    return ingest_bytes(uri, path.suffix, data, max_bytes)
