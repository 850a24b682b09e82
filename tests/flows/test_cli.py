"""The `newsfacts` command as a user calls it: exit codes and the printed summary."""

from __future__ import annotations

from pathlib import Path

from flows.cli import EXIT_GATE_FAILED, EXIT_INTERNAL_ERROR, EXIT_NOTHING_READ, EXIT_USAGE, main


def test_run_prints_a_summary_and_exits_zero(sample_dir, tmp_path, capsys):
    code = main(["run", str(sample_dir), "--warehouse", str(tmp_path / "wh")])
    out = capsys.readouterr().out
    assert code == 0
    assert ": published" in out
    assert "articles" in out and "(+5)" in out
    assert "validation: all blocking expectations held" in out
    assert "rejected inputs: 0" in out
    assert "run report: " in out and out.strip().splitlines()[-1].startswith("elapsed: ")


def test_nothing_to_read_exits_nonzero_with_a_clear_message(tmp_path, capsys):
    assert main(["run", str(tmp_path / "does-not-exist"), "--warehouse", str(tmp_path / "wh")]) == EXIT_NOTHING_READ
    assert "nothing could be read" in capsys.readouterr().err

    only_bad = tmp_path / "bad"
    only_bad.mkdir()
    (only_bad / "empty.txt").write_bytes(b"")
    assert main(["run", str(only_bad), "--warehouse", str(tmp_path / "wh2")]) == EXIT_NOTHING_READ
    assert "empty.txt" in "".join(p.name for p in (tmp_path / "wh2" / "_quarantine").rglob("*"))


def test_blocking_gate_failure_exits_one(sample_dir, tmp_path, monkeypatch, capsys):
    import flows.tasks as tasks

    real = tasks.link_run

    def drop_entities(*args, **kwargs):
        linked = real(*args, **kwargs)
        linked.entities = linked.entities.iloc[1:]  # dangling entity ids
        return linked

    monkeypatch.setattr(tasks, "link_run", drop_entities)
    assert main(["run", str(sample_dir), "--warehouse", str(tmp_path / "wh")]) == EXIT_GATE_FAILED
    err = capsys.readouterr().err
    assert "expect_column_values_to_be_in_set(check__fk__entity_id)" in err
    assert "warehouse_foreign_key(entity_id -> entities.entity_id)" in err  # the corpus-wide check sees it too
    assert not (tmp_path / "wh" / "articles").exists()  # none of the run's rows: only the failed run is recorded
    assert (tmp_path / "wh" / "runs").is_dir() and not (tmp_path / "wh" / "entity_mentions").exists()


def test_rerun_with_nothing_new_is_logged_without_starting_a_flow(sample_dir, tmp_path, capsys, monkeypatch):
    import flows.pipeline as pipeline

    # the same text with other bytes (trailing blank lines): an exact duplicate once normalised, rejected once
    (sample_dir / "001_copy.txt").write_bytes((sample_dir / "001_78de7689fee4969a.txt").read_bytes() + b"\n\n")
    assert main(["run", str(sample_dir), "--warehouse", str(tmp_path / "wh")]) == 0
    assert "001_copy.txt: duplicate" in capsys.readouterr().out

    def no_flow(**_):
        raise AssertionError("a rerun with nothing new must not start the flow")

    monkeypatch.setattr(pipeline, "newsfacts_pipeline", no_flow)
    assert main(["run", str(sample_dir), "--warehouse", str(tmp_path / "wh"), "--json-summary"]) == 0
    import json

    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["status"] == "no_change" and summary["articles_parsed"] == 0
    assert summary["table_rows"]["runs"] == 2 and summary["table_rows"]["articles"] == 5 and summary["table_rows"]["rejected_inputs"] == 1


def test_another_file_with_a_stored_text_is_recorded_as_its_duplicate_not_skipped(sample_dir, tmp_path, capsys):
    """Every input a run reads leaves a trace: the same bytes under another name were once skipped
    silently because their content hash was known (43 BBC files in a run split in two)."""
    import duckdb

    warehouse = tmp_path / "wh"
    assert main(["run", str(sample_dir), "--warehouse", str(warehouse)]) == 0
    later = tmp_path / "later"
    later.mkdir()
    (later / "republished.txt").write_bytes((sample_dir / "001_78de7689fee4969a.txt").read_bytes())
    assert main(["run", str(later), "--warehouse", str(warehouse)]) == 0
    assert "republished.txt: duplicate" in capsys.readouterr().out
    rejected = duckdb.sql(f"SELECT reason FROM read_parquet('{warehouse}/rejected_inputs/*.parquet') WHERE source_uri LIKE '%republished.txt'").fetchall()
    assert rejected == [("duplicate",)]
    assert main(["run", str(later), "--warehouse", str(warehouse)]) == 0  # and once recorded, it is known


def test_uses_configured_api_sees_the_harness_and_the_environment(monkeypatch):
    from flows.local_api import uses_configured_api

    assert uses_configured_api()  # prefect_test_harness: the URL is in Prefect's settings context only
    monkeypatch.setenv("PREFECT_API_URL", "http://127.0.0.1:4200/api")
    assert uses_configured_api()


def test_cli_as_a_user_runs_it_boots_its_own_prefect_api_and_leaves_nothing_running(sample_dir, tmp_path):
    """No Prefect server configured: the CLI starts a temporary API early, and the flow, the worker
    processes and the log forwarding all use that one API (recorded in PREFECT_HOME's database,
    like Prefect's ephemeral mode); the server stops on exit."""
    import json
    import os
    import sqlite3
    import subprocess
    import sys

    import psutil

    from flows.runners import plan_chunks

    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"), PREFECT_LOGGING_LEVEL="INFO")
    command = [sys.executable, "-m", "flows.cli", "run", str(sample_dir), "--warehouse", str(tmp_path / "wh"),
               "--json-summary", "--workers", "2", "--chunk-size", "2"]
    before = {p.pid for p in psutil.process_iter()}
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr[-3000:]
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["status"] == "published" and summary["articles_parsed"] == 5
    assert "Starting temporary server" not in done.stdout + done.stderr  # Prefect never started a second one
    with sqlite3.connect(tmp_path / "prefect-home" / "prefect.db") as db:
        assert db.execute("SELECT state_type FROM flow_run").fetchall() == [("COMPLETED",)]
        chunk_runs = db.execute("SELECT id, state_type FROM task_run WHERE name LIKE 'extract_chunk%'").fetchall()
        assert [state for _, state in chunk_runs] == ["COMPLETED"] * len(plan_chunks(5, 2, 2))  # on the workers
        logged = db.execute("SELECT COUNT(*) FROM log WHERE task_run_id IN (SELECT id FROM task_run WHERE name LIKE 'extract_chunk%')").fetchall()
        stage_lines = [m for (m,) in db.execute("SELECT message FROM log WHERE level = 20 ORDER BY timestamp").fetchall()
                       if m.split(":")[0] in ("ingest", "normalize", "extract", "aggregate", "validate", "publish")]
    assert logged[0][0] >= 3  # the workers' logs reached this API too
    # One INFO line per stage, with its counts and seconds, reaches the Prefect API; the terminal stays tidy.
    assert [line.split(":")[0] for line in stage_lines] == ["ingest", "normalize", "extract", "aggregate", "validate", "publish"]
    assert "5 new articles" in stage_lines[1] and "ingest:" not in done.stderr
    assert [p for p in psutil.process_iter(["cmdline"]) if p.pid not in before and _serves_prefect_home(p, env["PREFECT_HOME"])] == []


def _serves_prefect_home(process, prefect_home: str) -> bool:
    """A uvicorn (Prefect API) process of this PREFECT_HOME: other runs on a shared machine start their own."""
    import psutil

    try:
        return "uvicorn" in " ".join(process.info["cmdline"] or []) and process.environ().get("PREFECT_HOME") == prefect_home
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        return False


def test_no_change_run_records_the_same_parameters_as_a_flow_run(sample_dir, tmp_path):
    import duckdb
    import json

    from flows.pipeline import newsfacts_pipeline

    warehouse = tmp_path / "wh"
    assert main(["run", str(sample_dir), "--warehouse", str(warehouse)]) == 0
    assert main(["run", str(sample_dir), "--warehouse", str(warehouse)]) == 0  # nothing new: decided before the flow
    stored = duckdb.sql(f"SELECT status, parameters FROM read_parquet('{warehouse}/runs/*.parquet') ORDER BY started_at").fetchall()
    assert [status for status, _ in stored] == ["published", "no_change"]
    keys = [set(json.loads(parameters)) for _, parameters in stored]
    assert keys[0] == keys[1] == set(newsfacts_pipeline.parameters.properties)


def test_a_warehouse_from_before_snapshots_is_adopted_for_readers_and_asks_for_one_full_refresh(sample_dir, tmp_path, capsys):
    import shutil

    import duckdb

    from flows.cli import EXIT_NEEDS_REBUILD
    from transforms import schema

    current = tmp_path / "current"
    assert main(["run", str(sample_dir), "--warehouse", str(current)]) == 0
    legacy = tmp_path / "legacy"  # real table folders with the same files, no snapshots, no indexes
    for table in schema.TABLES:
        shutil.copytree(current / table.name, legacy / table.name)

    def count(name: str) -> int:
        return duckdb.sql(f"SELECT count(*) FROM read_parquet('{legacy}/{name}/**/*.parquet', hive_partitioning = true)").fetchall()[0][0]

    before = {table.name: count(table.name) for table in schema.TABLES}
    (sample_dir / "005_new.txt").write_text("Kremlin spokesperson Dmitry Peskov said on Monday that Washington was adding fuel to the fire.", encoding="utf-8")
    assert main(["run", str(sample_dir), "--warehouse", str(legacy)]) == EXIT_NEEDS_REBUILD
    assert "--full-refresh" in capsys.readouterr().err
    assert all((legacy / table.name).is_symlink() for table in schema.TABLES)  # adopted in place ...
    assert {table.name: count(table.name) for table in schema.TABLES} == before  # ... and readers see the same rows
    assert main(["run", str(sample_dir), "--warehouse", str(legacy), "--full-refresh"]) == 0
    assert count("articles") == 6 and count("runs") == before["runs"] + 1


def test_the_temporary_prefect_api_dies_with_a_killed_run():
    """A run killed by SIGKILL runs no exit handler; its temporary server must still go."""
    import subprocess
    import sys
    import time

    import psutil

    child = subprocess.run(
        [sys.executable, "-c", "import os, signal; from flows.local_api import LocalPrefectAPI; api = LocalPrefectAPI().start(); "
         "print(api.process.pid, flush=True); api.wait_until_ready(); os.kill(os.getpid(), signal.SIGKILL)"],
        capture_output=True, text=True, timeout=120, cwd=Path(__file__).resolve().parents[2],
    )
    assert child.returncode == -9
    server = int(child.stdout.split()[0])
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        if not psutil.pid_exists(server) or psutil.Process(server).status() == psutil.STATUS_ZOMBIE:
            return
        time.sleep(0.2)
    psutil.Process(server).kill()
    raise AssertionError("the temporary Prefect API outlived the killed run")


def test_usage_and_configuration_errors_are_one_line_and_exit_two(tmp_path, capsys):
    import pytest

    with pytest.raises(SystemExit) as ended:
        main(["run", "--chunk-size", "-5"])
    assert ended.value.code == EXIT_USAGE
    assert capsys.readouterr().err.strip().splitlines() == [
        "newsfacts run: argument --chunk-size: -5 is out of range: must be at least 1 (see newsfacts run --help)"]
    for arguments in (["--conflict-tolerance", "1.5"], ["--workers", "-1"], ["--max-input-mb", "0"], ["--chunk-size", "many"],
                      ["--relink", "--full-refresh"]):
        with pytest.raises(SystemExit) as ended:
            main(["run", *arguments])
        assert ended.value.code == EXIT_USAGE and len(capsys.readouterr().err.strip().splitlines()) == 1

    a_file = tmp_path / "warehouse.txt"
    a_file.write_text("not a folder")
    assert main(["run", "--warehouse", str(a_file)]) == EXIT_USAGE
    assert capsys.readouterr().err.strip().splitlines() == [f"newsfacts: --warehouse {a_file} is a file: name a folder (it is created if missing)"]

    assert main(["run", "--model", "no_such_spacy_model", "--warehouse", str(tmp_path / "wh")]) == EXIT_USAGE
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "'no_such_spacy_model' is not installed" in err[0]
    assert not (tmp_path / "wh").exists()  # refused before anything was written


def test_version_is_printed(capsys):
    import pytest

    with pytest.raises(SystemExit) as ended:
        main(["--version"])
    assert ended.value.code == 0 and capsys.readouterr().out.startswith("newsfacts 0.1.0")


def test_an_unexpected_error_is_one_line_with_its_own_exit_code_and_debug_shows_the_traceback(sample_dir, tmp_path, monkeypatch, capsys):
    import pytest

    import flows.tasks as tasks

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in linking")

    monkeypatch.setattr(tasks, "link_run", broken)
    assert main(["run", str(sample_dir), "--warehouse", str(tmp_path / "wh")]) == EXIT_INTERNAL_ERROR
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1] == ("newsfacts: internal error: RuntimeError: a bug in linking "
                       "(run again with --debug for the traceback, and please report it)")
    with pytest.raises(RuntimeError, match="a bug in linking"):
        main(["run", str(sample_dir), "--warehouse", str(tmp_path / "wh2"), "--debug"])


def test_an_expected_ending_prints_one_line_without_prefects_traceback(tmp_path):
    import os
    import subprocess
    import sys

    inputs = tmp_path / "inputs"
    inputs.mkdir()
    (inputs / "dots.txt").write_text("...", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_")}
    env.update(PREFECT_HOME=str(tmp_path / "prefect-home"))
    done = subprocess.run([sys.executable, "-m", "flows.cli", "run", str(inputs), "--warehouse", str(tmp_path / "wh")],
                          env=env, capture_output=True, text=True, timeout=300, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == EXIT_NOTHING_READ
    assert "Traceback" not in done.stderr
    assert [line for line in done.stderr.splitlines() if line.startswith("newsfacts:")] == [done.stderr.strip().splitlines()[-1]]


def test_a_claim_index_written_by_older_rules_asks_for_one_full_refresh(sample_dir, tmp_path, capsys):
    """Version 1 of the claim rules stored another `subject_entity_id` under the same column names: only
    `features_version` tells, and a run adding to such a warehouse must rebuild rather than mix the two."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from flows.cli import EXIT_NEEDS_REBUILD
    from transforms import schema
    from transforms.io import warehouse as io_warehouse

    wh = tmp_path / "wh"
    assert main(["run", str(sample_dir), "--warehouse", str(wh)]) == 0
    files = io_warehouse.current_snapshot(wh).files(schema.CLAIM_FEATURES.name)
    assert files
    for path in files:  # as the first round wrote them
        table = pq.read_table(path)
        older = pa.array([schema.CLAIM_FEATURES_VERSION - 1] * len(table), pa.int32())
        table = table.set_column(table.schema.get_field_index("features_version"), "features_version", older)
        path.unlink()  # a new file, not a write through a link another snapshot may share
        pq.write_table(table, path)
    (sample_dir / "005_new.txt").write_text("Kremlin spokesperson Dmitry Peskov said on Monday that Washington was adding fuel to the fire.", encoding="utf-8")
    assert main(["run", str(sample_dir), "--warehouse", str(wh)]) == EXIT_NEEDS_REBUILD
    assert "--full-refresh" in capsys.readouterr().err
    assert main(["run", str(sample_dir), "--warehouse", str(wh), "--full-refresh"]) == 0
    rebuilt = io_warehouse.current_snapshot(wh).files(schema.CLAIM_FEATURES.name)
    assert {v for path in rebuilt for v in pq.read_table(path)["features_version"].to_pylist()} == {schema.CLAIM_FEATURES_VERSION}
