"""The flow's tasks: each is a thin wrapper over one function in `transforms/` or `expectations/`
(parsing runs in worker processes; the others in the flow's own process)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

import pandas as pd
from prefect import get_run_logger, task
from prefect.artifacts import create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import TaskRunner
from tqdm import tqdm

from expectations.gate import GateReport, run_gate
from expectations.invariants import check_warehouse, register_run_views
from flows.summary import printable
from transforms import schema
from transforms.aggregate.links import LinkedRun, link_run
from transforms.dedupe import band_keys, flag_new_near_duplicates
from transforms.ingest import ArticleCandidate, Rejection
from transforms.io import increment, quarantine, warehouse
from transforms.io.archive import Archive
from transforms.io.increment import Increment
from transforms.nlp import load_pipeline, parse_texts
from transforms.normalize import normalize_candidates, split_known_articles
from transforms.reference.catalog import load_reference_catalog

FACT_LINK_COLUMNS = {
    "entity_mentions": ["entity_id"],
    "quotes": ["speaker_entity_id", "speaker_name", "quote_cluster_id"],
    "figures": ["claim_id"],
}


@task(cache_policy=NO_CACHE)
def normalize_articles(candidates: list[ArticleCandidate], run_id: str, ingested_at: datetime, archive: Archive) -> tuple[pd.DataFrame, list[Rejection]]:
    """Normalise new articles and reject exact duplicates (of each other or of stored articles)."""
    articles, duplicates = normalize_candidates(candidates, load_reference_catalog().boilerplate, run_id, ingested_at)
    articles, known = split_known_articles(articles, archive.existing_article_ids(articles["article_id"]))
    return articles, duplicates + known


@task(cache_policy=NO_CACHE)
def stored_facts_unlinked(snapshot: warehouse.Snapshot, chunk_dir: Path) -> tuple[pd.DataFrame, Path, dict[str, int]]:
    """A relink's input: the published articles, and their facts without links written as extract chunks."""
    articles, counts = increment.stored_facts_unlinked(snapshot, chunk_dir)
    return articles, chunk_dir, counts


@task(cache_policy=NO_CACHE)
def flag_near_duplicates(articles: pd.DataFrame, archive: Archive) -> pd.DataFrame:
    """Articles with `duplicate_of` set for near copies of earlier ones (the parse does not need it):
    compared with the published articles that share a MinHash band with them, not with all."""
    candidates = archive.near_duplicate_candidates(band_keys(articles)["band_key"])
    return articles.assign(duplicate_of=flag_new_near_duplicates(candidates, articles))


@task(cache_policy=NO_CACHE)
def extract_chunk(articles: pd.DataFrame, model: str, batch_size: int, chunk_dir: str, chunk_number: int) -> dict[str, int]:
    """Parse a chunk of articles once with `nlp.pipe`, run the extractors, write the rows to staging.

    Only row counts travel back to the flow: a worker's memory is freed chunk by chunk.
    """
    from transforms.extract.tables import (
        extract_article_frames,  # spaCy: not imported where nothing is parsed
    )

    nlp = load_pipeline(model)  # cached: loads once per worker process
    reference = load_reference_catalog()  # cached: read once per worker process
    frames = extract_article_frames(parse_texts(nlp, articles["body_text"], batch_size=batch_size), articles, reference)
    counts = {}
    for name in FACT_LINK_COLUMNS:
        frame = getattr(frames, name)
        warehouse.write_chunk(frame, schema.table(name), Path(chunk_dir) / name / f"chunk-{chunk_number:06d}.parquet")
        counts[name] = len(frame)
    return counts


# The only article columns the extractors read: workers get these, not the whole article rows.
EXTRACT_INPUT_COLUMNS = ["article_id", "ingest_date", "body_text", "published_at"]
# What placing articles in stories reads besides: the order of arrival and a story's label and outlets.
STORY_INPUT_COLUMNS = ["source_uri", "source_name", "title"]


@contextmanager
def extraction_started(
    chunks: list[pd.DataFrame], model: str, batch_size: int, chunk_dir: Path, task_runner: TaskRunner | None,
) -> Iterator[Iterator[dict[str, int]]]:
    """Start `extract_chunk` over the chunks; yields an iterator of each chunk's row counts (plus
    `articles`) in chunk order.

    On worker processes or a Dask cluster every chunk is submitted on entry, so the flow's own
    process is free for other work while the workers parse; in this process (no task runner)
    each chunk is parsed when the iterator reaches it.
    """
    parameters = [
        {"articles": chunk, "model": model, "batch_size": batch_size, "chunk_dir": str(chunk_dir), "chunk_number": number}
        for number, chunk in enumerate(chunks)
    ]
    if task_runner is None:
        yield ({**extract_chunk(**kwargs), "articles": len(kwargs["articles"])} for kwargs in parameters)
        return
    futures = [task_runner.submit(extract_chunk, kwargs) for kwargs in parameters]
    yield ({**future.result(raise_on_failure=True), "articles": len(kwargs["articles"])} for future, kwargs in zip(futures, parameters))


def count_extracted_rows(chunk_counts: Iterator[dict[str, int]], n_articles: int) -> dict[str, int]:
    """Wait for every chunk, with a progress bar on a terminal; returns the rows extracted per table."""
    rows = dict.fromkeys(FACT_LINK_COLUMNS, 0)
    with tqdm(total=n_articles, desc="extract", unit="article", disable=None) as progress:
        for counts in chunk_counts:
            progress.update(counts.pop("articles"))
            for name, count in counts.items():
                rows[name] += count
    return rows


@task(cache_policy=NO_CACHE)
def link_new_rows(chunk_dir: Path, articles: pd.DataFrame, archive: Archive, conflict_tolerance: float) -> LinkedRun:
    """Link the run's extracted rows into the archive: entities, speakers, quote clusters, claims, stories."""
    new = {name: warehouse.read_table_dir(chunk_dir / name, schema.table(name), hive=False) for name in FACT_LINK_COLUMNS}
    reference = load_reference_catalog()
    return link_run(new["entity_mentions"], new["quotes"], new["figures"], articles[[*EXTRACT_INPUT_COLUMNS, *STORY_INPUT_COLUMNS]], archive,
                    reference.entity_aliases, dict(reference.object_classes), conflict_tolerance, reference.claim_scorer)


@task(cache_policy=NO_CACHE)
def write_increment(
    linked: LinkedRun, articles: pd.DataFrame, rejections: pd.DataFrame, archive: Archive, wh: Path, run_id: str, run_date: date,
) -> tuple[Increment, dict[str, pd.DataFrame]]:
    """Write the run's files to staging; returns what to publish and the frames the GX suites validate."""
    return increment.write_increment(linked, articles, rejections, archive, wh, run_id, run_date)


@task(cache_policy=NO_CACHE)
def validate_increment(frames: dict[str, pd.DataFrame], run_id: str, docs_dir: Path, staged: Path, archive: Archive) -> GateReport:
    """The run's rows through every table's GX suite, then the corpus-wide invariants through DuckDB
    over the whole staged snapshot (on the archive's connection: one buffer pool for the run);
    results go to a Prefect table artifact."""
    con = archive.con
    register_run_views(con, warehouse.Snapshot(staged, 0), archive.snapshot, run_id)

    def published_keys(table_name: str, column: str, values: set[str]) -> set[str]:
        con.register("wanted", pd.DataFrame({"v": sorted(values)}, dtype=object))
        try:
            return set(con.execute(f"SELECT DISTINCT {column} FROM {table_name} WHERE {column} IN (SELECT v FROM wanted)").df()[column])
        finally:
            con.unregister("wanted")

    report = run_gate(frames, run_id, docs_dir, published_keys=published_keys)
    invariants = check_warehouse(con, run_id)
    failures = [f"{r.table_name}: {r.expectation}: {r.observed_value}" for r in invariants.itertuples() if not r.success]
    report = GateReport(pd.concat([report.results, invariants], ignore_index=True), report.blocking_failures + tuple(failures))
    failed = report.results[~report.results["success"]]
    create_table_artifact(
        key="newsfacts-validation",
        table=json.loads(report.results.drop(columns=["result_id", "run_id"]).to_json(orient="records")),
        description=f"Run {run_id}: {len(report.results) - len(failed)} of {len(report.results)} expectations held; "
        f"{len(report.blocking_failures)} blocking failures.",
    )
    return report


def quarantine_rejected(wh: Path, run_id: str, rejections: pd.DataFrame, max_bytes: int) -> None:
    """Copy each rejected file into quarantine with its reasons; what fails is logged (a failed copy
    is retried by the next run), never fatal."""
    logger = get_run_logger()
    for file_name, kind, error in quarantine.quarantine_rejections(wh, run_id, rejections, max_bytes):
        if kind == "note":  # the note itself could not be written: the rejection is still recorded
            logger.warning("could not quarantine %s: %s", printable(file_name), error)
        else:
            logger.warning("could not copy %s into quarantine (retried next run): %s", printable(file_name), error)
