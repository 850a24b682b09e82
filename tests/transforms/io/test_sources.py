"""Finding inputs: confined to the folders the user named, whatever links they hold."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from transforms.io.incremental import scan_inputs
from transforms.io.sources import NoInputsError, discover_inputs

TEXT = "Kremlin spokesperson Dmitry Peskov said on Monday that the decision would escalate the war."


@pytest.fixture()
def inputs(tmp_path: Path) -> Path:
    root = tmp_path / "inputs"
    (root / "sub").mkdir(parents=True)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "secret.txt").write_text("not an input: it lies outside the input folder", encoding="utf-8")
    (root / "a.txt").write_text(TEXT, encoding="utf-8")
    (root / ".hidden.txt").write_text(TEXT, encoding="utf-8")
    os.symlink("/etc/passwd", root / "passwd.txt")
    os.symlink(tmp_path / "elsewhere", root / "elsewhere_dir")
    os.symlink(tmp_path / "elsewhere" / "secret.txt", root / "sub" / "secret.txt")
    os.symlink("loop.txt", root / "loop.txt")
    os.symlink("../a.txt", root / "sub" / "alias.txt")
    os.symlink("no_such_file.txt", root / "dangling.txt")
    return root


def test_links_outside_the_input_folders_are_refused_unread(inputs):
    found = discover_inputs([inputs])
    assert [p.relative_to(inputs).as_posix() for p in found.files] == ["a.txt", "dangling.txt", "sub/alias.txt"]
    refused = {Path(r.source_uri).relative_to(inputs).as_posix(): r.reason for r in found.refused}
    assert refused == {"passwd.txt": "outside_inputs", "elsewhere_dir": "outside_inputs", "sub/secret.txt": "outside_inputs", "loop.txt": "symlink_loop"}
    assert all(r.size_bytes == 0 for r in found.refused)  # never opened


def test_no_content_from_outside_the_inputs_reaches_an_article(inputs):
    scan = scan_inputs([str(inputs)], 10_000_000)
    texts = [c.text for c in scan.candidates]
    assert texts == [TEXT, TEXT]  # a.txt and its alias inside the folder
    assert not any("root:" in t or "outside the input folder" in t for t in texts)
    reasons = sorted(r.reason for r in scan.rejections)
    assert reasons == ["outside_inputs", "outside_inputs", "outside_inputs", "symlink_loop", "unreadable"]


def test_a_path_named_on_the_command_line_is_read_even_through_a_link(inputs, tmp_path):
    link = tmp_path / "named.txt"
    os.symlink(inputs / "a.txt", link)
    assert discover_inputs([link]).files == [link]


def test_nothing_under_the_paths_is_an_error(tmp_path):
    with pytest.raises(NoInputsError):
        discover_inputs([tmp_path / "missing"])


def test_a_manifest_gives_plain_text_its_outlet_url_date_and_author(tmp_path):
    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "b.txt").write_text(TEXT + " More.", encoding="utf-8")
    (folder / "c.json").write_text(json.dumps({"text": TEXT + " Again.", "source": "Own Outlet"}), encoding="utf-8")
    (folder / "newsfacts.manifest.csv").write_text(
        "file,source,url,published_at,author\n"
        "a.txt,Reuters,https://reuters.com/a,2024-11-18T09:00:00Z,By Jane Roe\n"
        "c.json,Manifest Outlet,,,\n", encoding="utf-8")
    scan = scan_inputs([str(folder)], 10_000_000, default_source="Wire Desk")
    by_file = {Path(c.source_uri).name: c for c in scan.candidates}
    assert set(by_file) == {"a.txt", "b.txt", "c.json"}  # the manifest is not an input
    a = by_file["a.txt"]
    assert (a.source_name, a.url, a.author, a.published_at.isoformat()) == ("Reuters", "https://reuters.com/a", "Jane Roe", "2024-11-18T09:00:00+00:00")
    assert by_file["b.txt"].source_name == "Wire Desk"  # no manifest row: the run's default outlet
    assert by_file["c.json"].source_name == "Own Outlet"  # what the input says wins


def test_an_unreadable_manifest_is_rejected_and_its_files_still_read(tmp_path):
    folder = tmp_path / "wire"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT, encoding="utf-8")
    (folder / "newsfacts.manifest.jsonl").write_text('{"source": "no file column"}\n', encoding="utf-8")
    scan = scan_inputs([str(folder)], 10_000_000)
    assert [Path(c.source_uri).name for c in scan.candidates] == ["a.txt"]
    (rejection,) = scan.rejections
    assert rejection.reason == "malformed" and "names no `file`" in rejection.detail
