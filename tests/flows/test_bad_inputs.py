"""One bad file, or one odd value, never stops the day's run: through the command line, as users run it."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb

from flows.cli import EXIT_NOTHING_READ, main
from tests.flows.conftest import SAMPLE
from transforms.io.quarantine import PENDING_DIR, QUARANTINE_DIR

GOOD = "Kremlin spokesperson Dmitry Peskov said on Monday that the decision would escalate the war, and 40 people were hurt."


def query(warehouse: Path, sql: str) -> list[tuple]:
    con = duckdb.connect()
    for table in ("articles", "rejected_inputs", "runs", "figures"):
        con.execute(f"CREATE VIEW {table} AS SELECT * FROM read_parquet('{warehouse}/{table}/**/*.parquet', union_by_name=true)")
    return con.execute(sql).fetchall()


def bad_batch(root: Path) -> Path:
    """The sample plus every kind of input that once failed a whole run."""
    inputs = root / "inputs"
    shutil.copytree(SAMPLE, inputs / "sample")
    (inputs / "a").mkdir()
    (inputs / "b").mkdir()
    (inputs / "deep.json").write_bytes(b"[" * 5000 + b"]" * 5000)
    (inputs / "mixed.jsonl").write_text(json.dumps({"text": GOOD, "published_at": "0001-01-01"}) + "\n" + '{"a": ' * 3000 + "1" + "}" * 3000 + "\n")
    (inputs / "quotes_only.txt").write_text('"""', encoding="utf-8")
    (inputs / "dots.txt").write_text("...", encoding="utf-8")
    (inputs / "book.txt").write_text((SAMPLE / "001_78de7689fee4969a.txt").read_text(encoding="utf-8") * 400, encoding="utf-8")
    os.symlink("/etc/passwd", inputs / "passwd.txt")
    os.symlink("missing.txt", inputs / "dangling.txt")
    (inputs / "a" / "bad.json").write_text("{", encoding="utf-8")
    (inputs / "b" / "bad.json").write_text("[", encoding="utf-8")
    (inputs / "\x1b[31mred.json").write_text("{", encoding="utf-8")
    return inputs


def test_a_batch_of_bad_inputs_publishes_the_good_ones_and_rejects_each_bad_one_with_its_reason(tmp_path, capsys):
    inputs, warehouse = bad_batch(tmp_path), tmp_path / "wh"
    assert main(["run", str(inputs), "--warehouse", str(warehouse), "--workers", "1"]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\\x1b[31mred.json: malformed" in out  # shown escaped, never acted on

    rejected = dict(query(warehouse, "SELECT replace(source_uri, '" + str(inputs) + "/', ''), reason FROM rejected_inputs"))
    assert rejected == {
        "deep.json": "too_deep", "mixed.jsonl#2": "too_deep", "quotes_only.txt": "no_words", "dots.txt": "no_words",
        "book.txt": "too_long_for_parser", "passwd.txt": "outside_inputs", "dangling.txt": "unreadable",
        "a/bad.json": "malformed", "b/bad.json": "malformed", "\x1b[31mred.json": "malformed",
    }
    assert query(warehouse, "SELECT count(*) FROM articles WHERE body_text LIKE '%root:%'") == [(0,)]
    ((notes, published_at),) = query(warehouse, "SELECT metadata_notes, published_at FROM articles WHERE source_uri LIKE '%mixed.jsonl#1'")
    assert published_at is None and notes and "0001-01-01" in notes[0]
    assert query(warehouse, "SELECT count(*) FROM articles") == [(6,)]
    assert query(warehouse, "SELECT count(*) FROM figures f JOIN articles a USING (article_id) WHERE a.source_uri LIKE '%mixed.jsonl#1'") == [(1,)]

    quarantined = warehouse / QUARANTINE_DIR
    (run_folder,) = [folder for folder in quarantined.iterdir() if folder.name != PENDING_DIR]
    kept = run_folder / str(inputs).lstrip("/")
    assert (kept / "a" / "bad.json").read_text() == "{" and (kept / "b" / "bad.json").read_text() == "["
    assert (kept / "a" / "bad.json.reason.json").is_file() and (kept / "b" / "bad.json.reason.json").is_file()
    assert (kept / "passwd.txt.reason.json").is_file() and not (kept / "passwd.txt").exists()  # noted, never copied
    assert (kept / "book.txt").stat().st_size == (inputs / "book.txt").stat().st_size
    (pending,) = (quarantined / PENDING_DIR).glob("*.json")  # the dangling link could not be copied
    assert "dangling.txt" in json.loads(pending.read_text())["source"]

    # Nothing new: the rerun changes nothing, and the pending copy is still pending.
    assert main(["run", str(inputs), "--warehouse", str(warehouse), "--workers", "1"]) == 0
    assert ": no_change" in capsys.readouterr().out
    assert pending.exists()
    # Once the link's target exists, the next run makes the copy and settles it.
    (inputs / "missing.txt").write_text(GOOD, encoding="utf-8")
    assert main(["run", str(inputs), "--warehouse", str(warehouse), "--workers", "1"]) == 0
    assert not pending.exists() and (kept / "dangling.txt").read_text() == GOOD


def test_a_run_whose_new_inputs_are_all_unreadable_is_recorded_as_nothing_read(tmp_path, capsys):
    inputs, warehouse = tmp_path / "inputs", tmp_path / "wh"
    inputs.mkdir()
    (inputs / "dots.txt").write_text("...", encoding="utf-8")
    assert main(["run", str(inputs), "--warehouse", str(warehouse)]) == EXIT_NOTHING_READ
    assert "nothing could be read" in capsys.readouterr().err
    assert query(warehouse, "SELECT status, articles_new, articles_rejected FROM runs") == [("nothing_read", 0, 1)]
    assert query(warehouse, "SELECT reason FROM rejected_inputs") == [("no_words",)]
