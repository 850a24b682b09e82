"""Finding and reading input files: the IO edge of the ingest stage."""

from __future__ import annotations

import csv
import errno
import hashlib
import io
import json
import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from transforms.ingest import (
    DEFAULT_MAX_INPUT_BYTES,
    ArticleCandidate,
    IngestResult,
    Rejection,
    byline,
    ingest_bytes,
    parse_published_at,
    sanitize_metadata,
    sha256_hex,
)

# A folder's metadata for its files (outlet, URL, date, author, title), read when present: plain
# text carries none of its own. Columns: file (relative to the manifest's folder), source, url,
# published_at, author, title; any may be empty.
MANIFEST_NAMES = ("newsfacts.manifest.csv", "newsfacts.manifest.jsonl")
MANIFEST_FIELDS = ("source", "url", "published_at", "author", "title")


class NoInputsError(FileNotFoundError):
    """None of the given paths exists or holds any file."""


@dataclass(frozen=True)
class DiscoveredInputs:
    files: list[Path]  # regular files (or symlinks to files) inside the input roots, sorted
    refused: list[Rejection]  # symlinks that lead outside the input roots, or in a loop: never read
    manifests: list[Path] = field(default_factory=list)  # the folders' metadata files, found on the same walk


def discover_inputs(paths: Iterable[str | Path]) -> DiscoveredInputs:
    """Every file under the given files and folders, hidden files skipped, confined to those roots.

    A symlink inside an input folder is followed only when its target lies inside one of the given
    roots (a link to /etc/passwd is refused as `outside_inputs`, unread); a link that loops is
    refused as `symlink_loop`. Folders are walked without following directory links, so a link
    cannot make the walk revisit a folder or leave the roots. A path given on the command line is
    trusted as it is, link or not: naming it is the user's choice.
    """
    roots: list[Path] = []
    missing: list[str] = []
    for raw in paths:
        if Path(raw).exists():
            roots.append(Path(raw))
        else:
            missing.append(str(raw))
    real_roots = [Path(os.path.realpath(root)) for root in roots]
    found: set[Path] = set()
    refused: dict[str, Rejection] = {}
    manifests: list[Path] = []
    for root in roots:
        if root.is_file():
            found.add(root)
            continue
        for path in _walk_visible(root):
            if path.name in MANIFEST_NAMES:
                manifests.append(path)
                continue
            problem = _link_problem(path, real_roots)
            if problem is None:
                if path.is_file() or not path.exists():  # a dangling link is read, and rejected as unreadable
                    found.add(path)
            else:
                refused[str(path)] = Rejection(str(path), problem[0], problem[1], sha256_hex(str(path).encode()), 0)
    if not found and not refused:
        detail = f" (not found: {', '.join(missing)})" if missing else ""
        raise NoInputsError(f"no input files under {', '.join(map(str, paths))}{detail}")
    return DiscoveredInputs(sorted(found), [refused[key] for key in sorted(refused)], sorted(manifests))


def _walk_visible(root: Path) -> Iterator[Path]:
    """Files and links under `root` (not following directory links), hidden names skipped."""
    for folder, subfolders, names in os.walk(root, followlinks=False):
        subfolders[:] = sorted(name for name in subfolders if not name.startswith("."))
        base = Path(folder)
        yield from (base / name for name in sorted(names) if not name.startswith("."))
        # Directory links are not walked; each is checked like a file link (and refused if it leaves the roots).
        yield from (base / name for name in subfolders if (base / name).is_symlink())


def _link_problem(path: Path, real_roots: list[Path]) -> tuple[str, str] | None:
    """Why a path found in a folder may not be read, or None: only symlinks can have a problem."""
    if not path.is_symlink():
        return None
    try:
        target = path.resolve(strict=True)
    except FileNotFoundError:
        return None  # a dangling link: reading it reports it as unreadable
    except (RuntimeError, OSError) as error:  # RuntimeError: Python < 3.13's "Symlink loop"
        if isinstance(error, OSError) and error.errno != errno.ELOOP:
            return None
        return "symlink_loop", f"the symbolic link never reaches a file (it loops): {os.readlink(path)}"
    if not any(target == root or target.is_relative_to(root) for root in real_roots):
        return "outside_inputs", f"symbolic link to {target}, outside the input folders: not read"
    return None  # inside the roots (a folder link's files are found through the real folder)


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


def read_manifests(manifests: Iterable[Path]) -> tuple[dict[str, dict[str, str]], list[Rejection]]:
    """The manifests' rows: input file path -> its metadata fields. A manifest that cannot be read
    is rejected (`malformed`) like any bad input; the files it describes are still read, without
    its metadata."""
    metadata: dict[str, dict[str, str]] = {}
    rejections: list[Rejection] = []
    for manifest in manifests:
        try:
            rows = _manifest_rows(manifest)
        except (OSError, UnicodeDecodeError, ValueError, KeyError) as error:
            detail = f"unreadable manifest, its metadata is not applied: {type(error).__name__}: {error}"
            rejections.append(Rejection(str(manifest), "malformed", detail, sha256_hex(str(manifest).encode()), 0))
            continue
        for row in rows:
            fields = {key: str(row[key]).strip() for key in MANIFEST_FIELDS if row.get(key) not in (None, "")}
            metadata[str(manifest.parent / str(row["file"]))] = fields
    return metadata, rejections


def _manifest_rows(manifest: Path) -> list[dict[str, object]]:
    text = manifest.read_text(encoding="utf-8-sig")
    if manifest.suffix == ".csv":
        rows: list[dict[str, object]] = list(csv.DictReader(io.StringIO(text)))
    else:
        rows = [json.loads(line) for line in text.splitlines() if line.strip()]
    for number, row in enumerate(rows, start=1):
        if not isinstance(row, dict) or not row.get("file"):
            raise ValueError(f"row {number} names no `file`")
    return rows


def with_metadata(candidate: ArticleCandidate, fields: dict[str, str] | None, default_source: str | None) -> ArticleCandidate:
    """Fill the metadata an input lacks from its manifest row, then the run's default outlet name;
    what the input itself says always wins."""
    fields = fields or {}
    published_at, date_note = (candidate.published_at, None) if candidate.published_at else parse_published_at(fields.get("published_at"))
    author, author_note = (candidate.author, None) if candidate.author else byline(sanitize_metadata(fields.get("author", "")))
    return replace(
        candidate,
        source_name=candidate.source_name or sanitize_metadata(fields.get("source", "")) or default_source or None,
        url=candidate.url or sanitize_metadata(fields.get("url", "")) or None,
        title=candidate.title or sanitize_metadata(fields.get("title", "")) or None,
        author=author,
        published_at=published_at,
        metadata_notes=candidate.metadata_notes + tuple(note for note in (date_note, author_note) if note),
    )
