"""Quarantine: a copy of each rejected input beside a note of why, kept under `<warehouse>/_quarantine/`.

A copy keeps the input's path (so `a/bad.json` and `b/bad.json` never overwrite each other), holds at
most the input size limit (an oversized input is kept as its head), and is never made of a file
reached through a link outside the inputs. Quarantining never fails a run: a copy that cannot be
made is written down in the note and in `_quarantine/_pending/`, and each later run tries again.
"""

from __future__ import annotations

import json
import os
from collections.abc import Sequence
from pathlib import Path, PurePath

import pandas as pd

from transforms.ids import stable_id

QUARANTINE_DIR = "_quarantine"
PENDING_DIR = "_pending"
NOTE_SUFFIX = ".reason.json"
# Inputs refused before they were read: their content is not ours to copy.
NOT_COPIED_REASONS = frozenset({"outside_inputs", "symlink_loop"})
_COPY_BLOCK = 1 << 20


def kept_relative_path(source: str | Path) -> PurePath:
    """The input's path below a run's quarantine folder: its own path without the root or drive,
    `..` spelled `__up__`, so that no copy lands outside the folder and no two inputs share one."""
    path = PurePath(source)
    parts = path.parts[1:] if path.anchor else path.parts
    return PurePath(*["__up__" if part == ".." else part for part in parts]) if parts else PurePath("input")


def copy_head(source: Path, target: Path, max_bytes: int) -> tuple[int, bool]:
    """Copy at most `max_bytes` of `source` (through a temporary name: no half copy under the
    final name); returns the bytes copied and whether the input was longer."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name + ".partial")
    copied = 0
    with open(source, "rb") as reader, open(partial, "wb") as writer:
        while copied < max_bytes:
            block = reader.read(min(_COPY_BLOCK, max_bytes - copied))
            if not block:
                break
            writer.write(block)
            copied += len(block)
        truncated = bool(reader.read(1))
    os.replace(partial, target)
    return copied, truncated


def quarantine_input(warehouse: Path, run_id: str, source: Path, rejections: Sequence[dict[str, str]], max_bytes: int) -> dict[str, object]:
    """Copy one rejected input into `_quarantine/<run_id>/<its path>` with its `.reason.json` note;
    returns the note. A failed copy is noted and left pending for the next run."""
    target = warehouse / QUARANTINE_DIR / run_id / kept_relative_path(source)
    note: dict[str, object] = {"source": str(source), "rejections": list(rejections)}
    if any(r["reason"] in NOT_COPIED_REASONS for r in rejections):
        note["copy"] = "not copied: the input was refused before it was read"
    else:
        note.update(_try_copy(source, target, max_bytes))
        if "copy_error" in note:
            _write_json(_pending_path(warehouse, run_id, source), {"run_id": run_id, "max_bytes": max_bytes, **note})
    _write_json(target.with_name(target.name + NOTE_SUFFIX), note)
    return note


def quarantine_rejections(warehouse: Path, run_id: str, rejections: pd.DataFrame, max_bytes: int) -> list[tuple[str, str, str]]:
    """Quarantine each rejected file of a run (not the duplicates: their text is in the warehouse)
    with all its reasons. Returns what went wrong, as (file, "note" or "copy", error): a note that
    could not be written (the rejection is still recorded), or a copy retried by the next run."""
    problems = []
    files = rejections.assign(file=rejections["source_uri"].str.replace(r"#\d+$", "", regex=True))
    for file_name, group in files[files["reason"] != "duplicate"].groupby("file"):
        try:
            note = quarantine_input(warehouse, run_id, Path(file_name), group[["source_uri", "reason", "detail"]].to_dict("records"), max_bytes)
        except OSError as error:
            problems.append((str(file_name), "note", str(error)))
            continue
        if "copy_error" in note:
            problems.append((str(file_name), "copy", str(note["copy_error"])))
    return problems


def retry_pending(warehouse: Path) -> list[dict[str, object]]:
    """Try again the copies earlier runs could not make; returns the notes of those still pending.

    A copy made now, or of an input that no longer exists, is settled: its note is rewritten and
    its pending entry removed."""
    still_pending = []
    for pending_file in sorted((warehouse / QUARANTINE_DIR / PENDING_DIR).glob("*.json")):
        pending = json.loads(pending_file.read_text(encoding="utf-8"))
        source = Path(str(pending["source"]))
        target = warehouse / QUARANTINE_DIR / str(pending["run_id"]) / kept_relative_path(source)
        note = {key: pending[key] for key in ("source", "rejections")}
        if source.exists() or source.is_symlink():
            note.update(_try_copy(source, target, int(pending["max_bytes"])))
        else:
            note["copy"] = "not copied: the input was gone when the copy was retried"
        if "copy_error" in note:
            still_pending.append(note)
            continue
        _write_json(target.with_name(target.name + NOTE_SUFFIX), note)
        pending_file.unlink()
    return still_pending


def _try_copy(source: Path, target: Path, max_bytes: int) -> dict[str, object]:
    try:
        copied, truncated = copy_head(source, target, max_bytes)
    except OSError as error:
        return {"copy_error": f"{type(error).__name__}: {error}"}
    if truncated:
        return {"copy": f"first {copied} bytes only (the input is larger than the input size limit)", "copied_bytes": copied}
    return {"copy": "whole input", "copied_bytes": copied}


def _pending_path(warehouse: Path, run_id: str, source: Path) -> Path:
    return warehouse / QUARANTINE_DIR / PENDING_DIR / f"{stable_id(run_id, str(source))}.json"


def _write_json(path: Path, content: dict[str, object]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".partial")
    partial.write_text(json.dumps(content, indent=2, ensure_ascii=False), encoding="utf-8")
    os.replace(partial, path)
