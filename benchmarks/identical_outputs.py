"""Do two versions of newsfacts publish the same tables? For refactors that must change no output.

    .venv/bin/python benchmarks/identical_outputs.py --baseline 9019c2d [--inputs data/raw ...] [--runs N]

Checks out `--baseline` (a commit, branch or tag) into a temporary git worktree, runs `newsfacts run`
from it and from this checkout on the same inputs (default: the bundled sample, and 300 BBC
articles when `../shared/corpora/bbc` is there), each into its own fresh warehouse, then compares
every published table through DuckDB, row for row. What differs between any two runs is left out:
the `runs` and `validation_results` tables, run ids and timestamps, and the warehouse's own path
inside quarantine paths. Prints one line per table and exits 1 when any table differs.

`--runs N` splits each input group's files into N daily runs into one warehouse (in name order), for
changes to how a run grows a warehouse it did not build alone.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
BBC = ROOT.parent / "shared" / "corpora" / "bbc" / "bbc"
PER_RUN_TABLES = frozenset({"runs", "validation_results"})
PER_RUN_COLUMNS = frozenset({"run_id", "ingested_at", "rejected_at"})


def bbc_sample(limit: int, into: Path) -> Path:
    """Every 7th BBC article up to `limit`, across the five sections, copied into `into`."""
    into.mkdir(parents=True, exist_ok=True)
    for number, path in enumerate(sorted(BBC.glob("*/*.txt"))[::7][:limit]):
        shutil.copyfile(path, into / f"{path.parent.name}-{number:04d}.txt")
    return into


def split_into_runs(inputs: list[Path], runs: int, into: Path) -> list[list[Path]]:
    """The files of `inputs` in name order as `runs` folders of about equal size (one folder per run)."""
    if runs <= 1:
        return [inputs]
    files = sorted(f for path in inputs for f in ([path] if path.is_file() else path.rglob("*")) if f.is_file())
    folders = []
    for number in range(runs):
        folder = into / f"run-{number:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        for index, path in enumerate(files[number * len(files) // runs:(number + 1) * len(files) // runs]):
            shutil.copyfile(path, folder / f"{index:04d}-{path.name}")
        folders.append([folder])
    return folders


def run_newsfacts(code_dir: Path, inputs: list[Path], warehouse: Path) -> None:
    """One `newsfacts run` with the modules of `code_dir` first on the path (this venv's packages)."""
    command = [sys.executable, "-c", "import sys; from flows.cli import console_main; sys.argv[0] = 'newsfacts'; console_main()",
               "run", *map(str, inputs), "--warehouse", str(warehouse)]
    environment = {**os.environ, "PYTHONPATH": str(code_dir)}
    done = subprocess.run(command, cwd=code_dir, env=environment, capture_output=True, text=True)
    if done.returncode != 0:
        raise SystemExit(f"newsfacts run in {code_dir} failed ({done.returncode}):\n{done.stdout[-2000:]}\n{done.stderr[-2000:]}")


def published_tables(warehouse: Path) -> list[str]:
    return sorted(p.name for p in warehouse.iterdir() if p.is_dir() and not p.name.startswith("_") and p.name not in PER_RUN_TABLES)


def table_rows(connection: duckdb.DuckDBPyConnection, warehouse: Path, table: str) -> list[tuple]:
    relation = connection.sql(f"SELECT * FROM read_parquet('{warehouse}/{table}/**/*.parquet', hive_partitioning=true, union_by_name=true)")
    columns = [c for c in relation.columns if c not in PER_RUN_COLUMNS]
    rows = connection.sql(f"SELECT {', '.join(map(_quoted, columns))} FROM relation").fetchall()
    text = str(warehouse)
    return sorted((tuple(v.replace(text, "<warehouse>") if isinstance(v, str) else v for v in row) for row in rows), key=repr)


def _quoted(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def compare(baseline: Path, candidate: Path) -> bool:
    """Print one line per table; True when every table is the same."""
    connection = duckdb.connect()
    names = sorted(set(published_tables(baseline)) | set(published_tables(candidate)))
    same = True
    for table in names:
        if not (baseline / table).is_dir() or not (candidate / table).is_dir():
            print(f"  {table}: only in {'candidate' if (candidate / table).is_dir() else 'baseline'}")
            same = False
            continue
        before, after = table_rows(connection, baseline, table), table_rows(connection, candidate, table)
        if before == after:
            print(f"  {table}: identical ({len(after)} rows)")
        else:
            only_before = len(set(before) - set(after))
            only_after = len(set(after) - set(before))
            print(f"  {table}: DIFFERS ({len(before)} -> {len(after)} rows; {only_before} only before, {only_after} only after)")
            same = False
    return same


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--baseline", required=True, help="git revision to compare this checkout against")
    parser.add_argument("--inputs", nargs="*", type=Path, help="input groups to run (default: sample and 300 BBC articles)")
    parser.add_argument("--bbc-limit", type=int, default=300)
    parser.add_argument("--runs", type=int, default=1, help="split each group into this many successive runs into one warehouse")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="newsfacts-identical-") as scratch_name:
        scratch = Path(scratch_name)
        groups = {path.name: [path] for path in args.inputs} if args.inputs else {"sample": [ROOT / "data" / "raw"]}
        if not args.inputs and BBC.is_dir():
            groups[f"bbc{args.bbc_limit}"] = [bbc_sample(args.bbc_limit, scratch / "bbc")]
        worktree = scratch / "baseline"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(worktree), args.baseline],
                       check=True, capture_output=True)
        try:
            all_same = True
            for name, inputs in groups.items():
                for run_inputs in split_into_runs(inputs, args.runs, scratch / f"{name}-runs"):
                    run_newsfacts(worktree, run_inputs, scratch / f"{name}-baseline")
                    run_newsfacts(ROOT, run_inputs, scratch / f"{name}-candidate")
                print(f"{name}:")
                all_same &= compare(scratch / f"{name}-baseline", scratch / f"{name}-candidate")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(worktree)], capture_output=True)
    print("outputs identical" if all_same else "outputs DIFFER")
    return 0 if all_same else 1


if __name__ == "__main__":
    raise SystemExit(main())
