"""`benchmarks/figures.py --via-cli`: the five Recognizers-Text specs scored through `newsfacts run` on files.

Each case becomes its own `.txt` file; the published `figures` table (joined to `articles`, back to the case
through `source_uri`) is scored with figures.py's scorer beside the in-process numbers. Run through
figures.py (`--via-cli`), which says how matching and scoring work.
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
from figures import REPO, SPEC_FILES, Case, Score, _ratio, load_recognizers, score_cases

from transforms.extract.figures import extract_figures
from transforms.nlp import load_pipeline
from transforms.reference.catalog import load_reference_catalog


FIGURE_COLUMNS = ["article_id", "start_char", "end_char", "surface", "value", "value_low", "value_high", "unit", "qualifier"]
NEWSFACTS = Path(sys.executable).with_name("newsfacts")  # the newsfacts of the interpreter running this
DUPLICATE_OF = re.compile(r"same text as article (\w+)")


@dataclass
class CliRun:
    """What a user gets back from `newsfacts run`: its exit code and output, and the published tables."""

    exit_code: int
    seconds: float
    stdout: str
    stderr: str
    articles: pd.DataFrame  # article_id, source_uri, body_text, language
    figures: pd.DataFrame  # FIGURE_COLUMNS
    rejected: pd.DataFrame  # source_uri, reason, detail


def write_case_files(datasets: dict[str, list[Case]], folder: Path) -> dict[tuple[str, int], str]:
    """One `.txt` file per case, named after its spec and index; returns (spec, index) -> file name."""
    file_of_case = {}
    for name, cases in datasets.items():
        for index, case in enumerate(cases):
            file_name = f"{name}_{index:04d}.txt"
            (folder / file_name).write_text(case.text, encoding="utf-8")
            file_of_case[name, index] = file_name
    return file_of_case


def _read_table(snapshot: Path, table: str, columns: list[str]) -> pd.DataFrame:
    if not any((snapshot / table).rglob("*.parquet")):
        return pd.DataFrame(columns=columns)
    query = f"SELECT {', '.join(columns)} FROM read_parquet('{snapshot / table}/**/*.parquet', hive_partitioning = true)"
    return duckdb.sql(query).df()


def run_cli(input_dir: Path, warehouse: Path) -> CliRun:
    """`newsfacts run` in a subprocess, then the published snapshot read the way docs/operations.md says."""
    environment = dict(os.environ)
    environment.setdefault("PREFECT_HOME", str(warehouse.parent / "prefect"))  # as `make` sets it, away from the repo's
    environment.setdefault("GX_ANALYTICS_ENABLED", "false")
    environment.setdefault("DO_NOT_TRACK", "1")
    started = time.perf_counter()
    done = subprocess.run([str(NEWSFACTS), "run", str(input_dir), "--warehouse", str(warehouse)],
                          capture_output=True, text=True, env=environment, cwd=REPO)
    seconds = time.perf_counter() - started
    current = warehouse / "_current"
    if not current.exists():
        empty = pd.DataFrame()
        return CliRun(done.returncode, seconds, done.stdout, done.stderr, empty, pd.DataFrame(columns=FIGURE_COLUMNS), empty)
    snapshot = current.resolve()
    return CliRun(
        done.returncode, seconds, done.stdout, done.stderr,
        _read_table(snapshot, "articles", ["article_id", "source_uri", "body_text", "language"]),
        _read_table(snapshot, "figures", FIGURE_COLUMNS),
        _read_table(snapshot, "rejected_inputs", ["source_uri", "reason", "detail"]),
    )


def _body_to_case_offsets(case_text: str, body_text: str) -> list[int]:
    """For each offset into `body_text` (and its end), the offset of the same character in `case_text`."""
    offsets = [0] * (len(body_text) + 1)
    for tag, case_start, case_end, body_start, body_end in difflib.SequenceMatcher(None, case_text, body_text, autojunk=False).get_opcodes():
        for k in range(body_start, body_end):
            offsets[k] = case_start + (k - body_start if tag == "equal" else 0)
    offsets[len(body_text)] = len(case_text.rstrip()) if body_text else 0
    return offsets


def cli_predictions(datasets: dict[str, list[Case]], file_of_case: dict[tuple[str, int], str], run: CliRun) -> tuple[dict[str, list[list[dict]]], list[str]]:
    """The CLI's figures per case, offsets in the case text; and the cases no article holds."""
    article_of_file = {Path(row.source_uri).name: row for row in run.articles.itertuples(index=False)}
    articles_by_id = {row.article_id: row for row in run.articles.itertuples(index=False)}
    for row in run.rejected.itertuples(index=False):
        duplicate = DUPLICATE_OF.search(row.detail or "") if row.reason == "duplicate" else None
        if duplicate and duplicate.group(1) in articles_by_id:
            article_of_file[Path(row.source_uri).name] = articles_by_id[duplicate.group(1)]
    figures_by_article = {article_id: group.to_dict("records") for article_id, group in run.figures.groupby("article_id")}
    predictions: dict[str, list[list[dict]]] = {}
    unmapped: list[str] = []
    for name, cases in datasets.items():
        predictions[name] = []
        for index, case in enumerate(cases):
            article = article_of_file.get(file_of_case[name, index])
            if article is None:
                unmapped.append(file_of_case[name, index])
                predictions[name].append([])
                continue
            offsets = _body_to_case_offsets(case.text, article.body_text)
            predictions[name].append([
                {**figure, "start_char": offsets[figure["start_char"]], "end_char": offsets[figure["end_char"] - 1] + 1}
                for figure in figures_by_article.get(article.article_id, [])
            ])
    return predictions, unmapped


def _precision(score: Score, value_and_unit: bool = False) -> float:
    return _ratio(score.value_unit if value_and_unit else score.predicted_matched, score.predicted_matched + score.predicted_unmatched_in_scope)


def compare_in_process_and_cli(show_misses: str | None) -> None:
    """Score the five Recognizers-Text specs in-process and through `newsfacts run`, side by side."""
    datasets = {name: load_recognizers(name, path) for name, path in SPEC_FILES.items()}
    nlp = load_pipeline()
    lexicon = load_reference_catalog().unit_lexicon
    in_process = {name: [extract_figures(doc, lexicon) for doc in nlp.pipe([case.text for case in cases], batch_size=64)] for name, cases in datasets.items()}
    with tempfile.TemporaryDirectory(prefix="newsfacts-figures-cli-") as tmp:
        input_dir, warehouse = Path(tmp) / "cases", Path(tmp) / "warehouse"
        input_dir.mkdir()
        file_of_case = write_case_files(datasets, input_dir)
        run = run_cli(input_dir, warehouse)
    print(f"`newsfacts run` on {len(file_of_case)} case files: exit code {run.exit_code}, {run.seconds:.1f}s")
    if run.exit_code != 0:
        print(f"the CLI run failed; its stderr:\n{run.stderr}", file=sys.stderr)
    if not run.articles.empty:
        print(f"articles: {len(run.articles)}; language: {run.articles['language'].value_counts().to_dict()}")
    if not run.rejected.empty:
        print(f"rejected inputs: {run.rejected['reason'].value_counts().to_dict()}")
    predictions, unmapped = cli_predictions(datasets, file_of_case, run)
    if unmapped:
        print(f"{len(unmapped)} case files are in no article (scored as all missed), e.g. {unmapped[:5]}")
    print("\n| spec | gold | value+unit recall in-process | via CLI | precision in-process | via CLI | value+unit precision in-process | via CLI |")
    print("|---|---|---|---|---|---|---|---|")
    pooled_in, pooled_cli = Score(), Score()
    for name, cases in datasets.items():
        score_in = score_cases(name, cases, in_process[name], False)
        score_cli = score_cases(name, cases, predictions[name], show_misses == name)
        pooled_in.add(score_in)
        pooled_cli.add(score_cli)
        if show_misses == name:
            print("\n".join(score_cli.misses), file=sys.stderr)
    for name, score_in, score_cli in [*((n, score_cases(n, c, in_process[n], False), score_cases(n, c, predictions[n], False)) for n, c in datasets.items()),
                                      ("pooled", pooled_in, pooled_cli)]:
        print(f"| {name} | {score_in.gold} | {_ratio(score_in.value_unit, score_in.gold):.3f} | {_ratio(score_cli.value_unit, score_cli.gold):.3f} | "
              f"{_precision(score_in):.3f} | {_precision(score_cli):.3f} | {_precision(score_in, True):.3f} | {_precision(score_cli, True):.3f} |")
