"""The warehouse under crashes and concurrent writers, through the real flow and the real command.

A reader globbing `<warehouse>/<table>/**/*.parquet` must always see one whole snapshot; a run
killed at any publish step must leave a warehouse the next run completes; two writers take turns;
and adding articles in two runs gives the tables one run over all of them gives.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from flows.cli import EXIT_WAREHOUSE_BUSY, main
from flows.pipeline import newsfacts_pipeline
from tests.flows.conftest import SAMPLE
from transforms import schema
from transforms.io import warehouse

pytestmark = pytest.mark.slow

REPO = Path(__file__).resolve().parents[2]
PUBLISH_STEPS = ("begin", "linked", "moved", "renamed", "switched", "linked_tables", "pruned")
STEPS_BEFORE_THE_SWITCH = ("begin", "linked", "moved", "renamed")
RUN_TABLES = ("runs", "validation_results")  # grow with every run, whatever it read
DATA_TABLES = tuple(t.name for t in schema.TABLES if t.name not in RUN_TABLES)


def _glob(wh: Path, table: str) -> str:
    return f"read_parquet('{wh}/{table}/**/*.parquet', hive_partitioning=true)"


def table_counts(wh: Path) -> dict[str, int]:
    """Rows per table as a reader of the stable paths sees them (fails on a missing or dead file)."""
    con = duckdb.connect()
    return {t.name: con.execute(f"SELECT count(*) FROM {_glob(wh, t.name)}").fetchone()[0] for t in schema.TABLES}


def duplicate_keys(wh: Path) -> dict[str, int]:
    con = duckdb.connect()
    found = {}
    for table in schema.TABLES:
        if table.primary_key:
            key = table.primary_key
            found[table.name] = con.execute(f"SELECT count(*) - count(DISTINCT {key}) FROM {_glob(wh, table.name)}").fetchone()[0]
    return {name: n for name, n in found.items() if n}


def leftovers(wh: Path) -> list[str]:
    staging = wh / warehouse.STAGING_DIR
    building = (wh / warehouse.SNAPSHOTS_DIR).glob(f"{warehouse.BUILDING_PREFIX}*")
    return sorted([*(str(p) for p in staging.iterdir())] if staging.is_dir() else []) + sorted(str(p) for p in building)


def corpus_facts(wh: Path) -> dict[str, object]:
    """What must not depend on how the articles were split into runs (run ids and times aside)."""
    con = duckdb.connect()

    def rows(sql: str) -> set[tuple]:
        return set(con.execute(sql).fetchall())

    def partition(table: str, member: str, group: str) -> set[frozenset[str]]:
        groups = con.execute(f"SELECT list({member}) FROM {_glob(wh, table)} GROUP BY {group}").fetchall()
        return {frozenset(members) for (members,) in groups}

    return {
        "articles": rows(f"SELECT article_id FROM {_glob(wh, 'articles')}"),
        "entities": rows(f"SELECT entity_id, canonical_name, entity_type, mention_count, article_count FROM {_glob(wh, 'entities')}"),
        "mention_links": rows(f"SELECT mention_id, entity_id FROM {_glob(wh, 'entity_mentions')}"),
        "cooccurrence": rows(f"SELECT entity_id_a, entity_id_b, n_sentences, n_articles FROM {_glob(wh, 'entity_cooccurrence')}"),
        "quote_clusters": partition("quotes", "quote_id", "quote_cluster_id"),
        "claims": partition("figures", "figure_id", "claim_id"),
    }


def cli_env(prefect_home: Path) -> dict[str, str]:
    """The environment of a user's shell: no Prefect server configured (the CLI boots its own,
    recorded under `prefect_home`, not in the test harness's database) and the default model."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PREFECT_") and k != "NEWSFACTS_SPACY_MODEL"}
    env["PREFECT_HOME"] = str(prefect_home)
    return env


def start_cli(inputs: Path, wh: Path, log: Path, extra_env: dict[str, str] | None = None, *args: str) -> subprocess.Popen:
    """`newsfacts run` in its own process group, its output in files: a killed CLI leaves its
    temporary Prefect API behind, which would hold pipes open; the group lets the test end it."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "w") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "flows.cli", "run", str(inputs), "--warehouse", str(wh), *args],
            env={**cli_env(log.parent / f"{log.stem}-prefect-home"), **(extra_env or {})},
            cwd=REPO, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
        )


def finish(process: subprocess.Popen, timeout: float = 300) -> int:
    """Wait for the CLI, then end whatever it left in its process group."""
    try:
        return process.wait(timeout=timeout)
    finally:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@pytest.fixture(scope="module")
def inputs(tmp_path_factory) -> dict[str, Path]:
    """The sample split 3 + 2 (files 000-002, then 003-004), and whole."""
    root = tmp_path_factory.mktemp("inputs")
    files = sorted(SAMPLE.iterdir())
    assert len(files) == 5
    folders = {"first": files[:3], "second": files[3:], "all": files}
    for name, chosen in folders.items():
        (root / name).mkdir()
        for file in chosen:
            shutil.copy2(file, root / name / file.name)
    return {name: root / name for name in folders}


@pytest.fixture(scope="module")
def reference(inputs, tmp_path_factory) -> Path:
    """All five articles in one run."""
    wh = tmp_path_factory.mktemp("reference") / "wh"
    newsfacts_pipeline(paths=[str(inputs["all"])], warehouse_dir=str(wh))
    return wh


@pytest.fixture(scope="module")
def base(inputs, tmp_path_factory) -> Path:
    """The first three articles: the warehouse every crashed run starts from."""
    wh = tmp_path_factory.mktemp("base") / "wh"
    newsfacts_pipeline(paths=[str(inputs["first"])], warehouse_dir=str(wh))
    return wh


@pytest.fixture(scope="module")
def incremental(inputs, base, tmp_path_factory) -> Path:
    """The base warehouse plus the last two articles in a second run."""
    wh = tmp_path_factory.mktemp("incremental") / "wh"
    shutil.copytree(base, wh, symlinks=True)
    newsfacts_pipeline(paths=[str(inputs["second"])], warehouse_dir=str(wh))
    return wh


@pytest.fixture(scope="module")
def killed_runs(inputs, base, tmp_path_factory) -> dict[str, tuple[Path, int, str]]:
    """For each publish step, a copy of the base warehouse and a CLI run on the last two articles
    killed at that step: (warehouse, return code, output). The runs go at once, one per step, and
    report to the test harness's Prefect API, as runs of a deployment would, instead of each booting
    its own (seven servers cost two minutes here); a temporary API dying with its killed run is
    tested in tests/flows/test_cli.py."""
    from prefect.settings import PREFECT_API_URL

    shared_api = {"PREFECT_API_URL": PREFECT_API_URL.value()}
    root = tmp_path_factory.mktemp("killed")
    started = {}
    for step in PUBLISH_STEPS:
        wh = root / step / "wh"
        shutil.copytree(base, wh, symlinks=True)
        fault = {warehouse.FAULT_INJECTION_ENV: step, **shared_api}
        started[step] = (wh, start_cli(inputs["second"], wh, root / step / "cli.log", fault))
    return {step: (wh, finish(process), (wh.parent / "cli.log").read_text()) for step, (wh, process) in started.items()}


def test_incremental_runs_give_the_tables_of_one_run_over_all_articles(incremental, reference):
    from tests.flows.test_incremental_equals_rebuild import assert_same

    assert corpus_facts(incremental) == corpus_facts(reference)
    assert_same(incremental, reference)  # links, speakers, cluster and claim rows too
    assert {n: c for n, c in table_counts(incremental).items() if n in DATA_TABLES} == \
        {n: c for n, c in table_counts(reference).items() if n in DATA_TABLES}
    assert table_counts(incremental)["runs"] == 2
    assert duplicate_keys(incremental) == {}


@pytest.mark.parametrize("step", PUBLISH_STEPS)
def test_run_killed_at_a_publish_step_leaves_a_whole_snapshot_the_next_run_completes(step, killed_runs, inputs, base, incremental, reference):
    wh, returncode, output = killed_runs[step]
    assert returncode == -signal.SIGKILL, output[-3000:]

    seen = table_counts(wh)
    published = step not in STEPS_BEFORE_THE_SWITCH  # `_current` was switched before the process died
    assert seen == table_counts(incremental if published else base), f"killed at {step}: not the whole of one snapshot"

    summary = newsfacts_pipeline(paths=[str(inputs["second"])], warehouse_dir=str(wh))
    assert summary["status"] == ("no_change" if published else "published")
    final = table_counts(wh)
    assert {n: c for n, c in final.items() if n in DATA_TABLES} == {n: c for n, c in table_counts(reference).items() if n in DATA_TABLES}
    assert final["runs"] == (3 if published else 2)
    assert corpus_facts(wh) == corpus_facts(reference)
    assert duplicate_keys(wh) == {}
    assert leftovers(wh) == []


def test_two_runs_started_together_take_turns_and_both_publish(inputs, reference, tmp_path):
    wh = tmp_path / "wh"
    first = start_cli(inputs["first"], wh, tmp_path / "first.log")
    second = start_cli(inputs["second"], wh, tmp_path / "second.log")
    codes = (finish(first), finish(second))
    assert codes == (0, 0), (tmp_path / "first.log").read_text()[-2000:] + (tmp_path / "second.log").read_text()[-2000:]

    counts = table_counts(wh)
    assert counts["articles"] == 5 and counts["runs"] == 2
    assert duckdb.sql(f"SELECT DISTINCT status FROM {_glob(wh, 'runs')}").fetchall() == [("published",)]
    assert {n: c for n, c in counts.items() if n in DATA_TABLES} == {n: c for n, c in table_counts(reference).items() if n in DATA_TABLES}
    assert duplicate_keys(wh) == {}
    assert leftovers(wh) == []


_HOLD_LOCK = """
import sys
from pathlib import Path
from transforms.io.warehouse import warehouse_lock
with warehouse_lock(Path(sys.argv[1]), 0, holder="scheduled-run"):
    print("holding", flush=True)
    sys.stdin.read()
"""


def test_run_that_may_not_wait_for_a_busy_warehouse_exits_4_naming_it(inputs, tmp_path, capsys):
    wh = tmp_path / "wh"
    holder = subprocess.Popen([sys.executable, "-c", _HOLD_LOCK, str(wh)], cwd=REPO, stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "holding"
        code = main(["run", str(inputs["first"]), "--warehouse", str(wh), "--lock-wait", "0"])
    finally:
        holder.stdin.close()
        holder.wait(timeout=30)
    error = capsys.readouterr().err
    assert code == EXIT_WAREHOUSE_BUSY
    assert f"warehouse busy: {wh} is being written by run scheduled-run" in error
    assert not (wh / "articles").exists()
