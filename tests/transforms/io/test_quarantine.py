"""Quarantine keeps every rejected input apart, bounded, and never fails the run."""

from __future__ import annotations

import json
import os
from pathlib import Path

from transforms.io.quarantine import (
    NOTE_SUFFIX,
    PENDING_DIR,
    QUARANTINE_DIR,
    kept_relative_path,
    quarantine_input,
    retry_pending,
)


def reasons(reason: str) -> list[dict[str, str]]:
    return [{"source_uri": "x", "reason": reason, "detail": "why"}]


def test_inputs_with_the_same_name_in_different_folders_do_not_overwrite_each_other(tmp_path):
    for folder, content in (("a", b"first"), ("b", b"second")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "bad.json").write_bytes(content)
        quarantine_input(tmp_path / "wh", "run1", tmp_path / folder / "bad.json", reasons("malformed"), 100)
    kept = tmp_path / "wh" / QUARANTINE_DIR / "run1" / kept_relative_path(tmp_path)
    assert (kept / "a" / "bad.json").read_bytes() == b"first"
    assert (kept / "b" / "bad.json").read_bytes() == b"second"
    assert json.loads((kept / "b" / f"bad.json{NOTE_SUFFIX}").read_text())["source"] == str(tmp_path / "b" / "bad.json")


def test_relative_and_parent_paths_stay_inside_the_quarantine_folder():
    assert kept_relative_path("../x/../bad.json").as_posix() == "__up__/x/__up__/bad.json"
    assert kept_relative_path("/abs/bad.json").as_posix() == "abs/bad.json"


def test_an_oversized_input_is_kept_as_its_head_only(tmp_path):
    big = tmp_path / "big.txt"
    big.write_bytes(b"x" * 5000)
    note = quarantine_input(tmp_path / "wh", "run1", big, reasons("oversized"), 1024)
    copy = tmp_path / "wh" / QUARANTINE_DIR / "run1" / kept_relative_path(big)
    assert copy.stat().st_size == 1024 and note["copied_bytes"] == 1024 and "first 1024 bytes" in str(note["copy"])


def test_a_link_outside_the_inputs_is_noted_but_never_copied(tmp_path):
    link = tmp_path / "passwd.txt"
    os.symlink("/etc/passwd", link)
    note = quarantine_input(tmp_path / "wh", "run1", link, reasons("outside_inputs"), 10_000)
    copy = tmp_path / "wh" / QUARANTINE_DIR / "run1" / kept_relative_path(link)
    assert not copy.exists() and "not copied" in str(note["copy"])
    assert copy.with_name(copy.name + NOTE_SUFFIX).is_file()


def test_a_copy_that_fails_is_recorded_and_made_by_a_later_run(tmp_path):
    unreadable = tmp_path / "gone.txt"
    os.symlink("target.txt", unreadable)  # dangling: reading and copying both fail
    wh = tmp_path / "wh"
    note = quarantine_input(wh, "run1", unreadable, reasons("unreadable"), 10_000)
    copy = wh / QUARANTINE_DIR / "run1" / kept_relative_path(unreadable)
    assert "FileNotFoundError" in str(note["copy_error"]) and not copy.exists()
    assert "copy_error" in json.loads(copy.with_name(copy.name + NOTE_SUFFIX).read_text())
    assert len(retry_pending(wh)) == 1  # still failing: still pending

    (tmp_path / "target.txt").write_bytes(b"now readable")
    assert retry_pending(wh) == []
    assert copy.read_bytes() == b"now readable"
    assert "copy_error" not in json.loads(copy.with_name(copy.name + NOTE_SUFFIX).read_text())
    assert not any((wh / QUARANTINE_DIR / PENDING_DIR).iterdir())


def test_a_pending_copy_of_an_input_that_is_gone_is_settled(tmp_path):
    missing = tmp_path / "was_here.txt"
    quarantine_input(tmp_path / "wh", "run1", missing, reasons("unreadable"), 10)
    assert retry_pending(tmp_path / "wh") == []
    note_file = tmp_path / "wh" / QUARANTINE_DIR / "run1" / f"{kept_relative_path(missing)}{NOTE_SUFFIX}"
    assert "gone" in json.loads(Path(note_file).read_text())["copy"]
