"""The newsfacts Prefect flow: ingest -> normalize -> extract -> aggregate -> validate -> publish.

Wiring only: the tasks (`flows/tasks.py`) wrap functions in `transforms/` and `expectations/`;
where parsing runs is decided in `flows/runners.py`, what the stages share is in `flows/run_state.py`.
A run reads the inputs, skips what the warehouse already holds, parses new articles in chunks, links
them into the corpus-level tables, validates all it is about to publish, and swaps the new snapshot in.
"""

from __future__ import annotations

from contextlib import closing
from pathlib import Path
from typing import Annotated, Any, Literal

import pandas as pd
from prefect import flow, get_run_logger

from expectations.gate import GateReport
from flows import tasks
from flows.errors import GateFailedError, NothingReadError, WarehouseNeedsRebuildError
from flows.report import publish_report
from flows.run_state import RunState, finish, summarise_published, validation_warnings
from flows.runners import ParsePlan, collector_skips_objects_alive_now, parse_workers
from flows.settings import DEFAULTS, RunSettings, parameter_bounds
from transforms import schema
from transforms.ingest import rejection_frame, utc_now
from transforms.io import increment, incremental, quarantine, warehouse
from transforms.io.archive import Archive
from transforms.nlp import configured_model_name, model_version_label
from transforms.normalize import PARSED_LANGUAGES


@flow(name="newsfacts", log_prints=True, validate_parameters=True)
def newsfacts_pipeline(
    paths: list[str] = DEFAULTS.paths,  # Prefect needs a JSON default for the UI form
    warehouse_dir: str = DEFAULTS.warehouse_dir,
    full_refresh: bool = DEFAULTS.full_refresh,
    relink: bool = DEFAULTS.relink,
    source_name: str = DEFAULTS.source_name,
    model: str = DEFAULTS.model,
    chunk_size: Annotated[int, parameter_bounds("chunk_size")] = DEFAULTS.chunk_size,
    batch_size: Annotated[int, parameter_bounds("batch_size")] = DEFAULTS.batch_size,
    conflict_tolerance: Annotated[float, parameter_bounds("conflict_tolerance")] = DEFAULTS.conflict_tolerance,
    max_input_mb: Annotated[float, parameter_bounds("max_input_mb")] = DEFAULTS.max_input_mb,
    runner: Literal["local", "dask"] = DEFAULTS.runner,
    workers: Annotated[int, parameter_bounds("workers")] = DEFAULTS.workers,
    dask_address: str = DEFAULTS.dask_address,
    lock_wait_seconds: Annotated[float, parameter_bounds("lock_wait_seconds")] = DEFAULTS.lock_wait_seconds,
) -> dict[str, Any]:
    """Turn the articles under `paths` into the newsfacts tables in `warehouse_dir`.

    One writer at a time: a second run on the same warehouse waits for the first (up to
    `lock_wait_seconds`), then reads what the first published.

    Args:
        paths: Input files or folders (.txt, .json, .jsonl, .html), read recursively; a rerun reads only what is new.
        warehouse_dir: The warehouse folder the tables are published to (created if missing).
        full_refresh: Rebuild every table from the inputs instead of adding to them (keeps the run history).
        relink: Rebuild the linked tables (entities, speakers, quote clusters, claims, stories) from the facts the
            warehouse holds, with this version's rules, without reading `paths` or parsing: what a warehouse needs when a
            new newsfacts links differently (the run then exits 5), at the cost of the linking, not of a full refresh.
        source_name: Outlet name for inputs that name none (plain text); a `newsfacts.manifest.csv` in a folder names each file's.
        model: spaCy pipeline to parse with; empty for NEWSFACTS_SPACY_MODEL where the run executes, else the default model.
        chunk_size: Articles per extract task (at least 1).
        batch_size: Texts per spaCy nlp.pipe batch (at least 1).
        conflict_tolerance: Relative spread between sources' values beyond which a claim is a conflict (0 to 1).
        max_input_mb: Inputs larger than this are rejected as oversized.
        runner: Where articles are parsed: local worker processes, or Dask.
        workers: Parsing processes or Dask workers; 0 for one per core.
        dask_address: Dask scheduler address (tcp://HOST:8786); empty for a temporary local cluster.
        lock_wait_seconds: How long to wait while another run writes the same warehouse before giving up.
    """
    if relink and full_refresh:
        raise ValueError("relink and full_refresh exclude each other: a relink reads no input, a full refresh re-reads them all")
    started_at = utc_now()
    run_id = incremental.new_run_id(started_at)
    parameters = {k: v for k, v in locals().items() if k in newsfacts_pipeline.parameters.properties}
    wh = Path(warehouse_dir)
    with warehouse.warehouse_lock(wh, lock_wait_seconds, run_id):
        warehouse.adopt_legacy_layout(wh, [t.name for t in schema.TABLES])
        warehouse.clean_leftovers(wh, keep_run_id=run_id)
        for note in quarantine.retry_pending(wh):
            get_run_logger().warning("quarantine copy of %s still failing: %s", note["source"], note["copy_error"])
        # A full refresh starts from nothing but the run history (runs, validation_results); a relink also keeps the
        # rejected inputs, and reads its articles and facts from the current snapshot.
        current = warehouse.current_snapshot(wh)
        base = None if full_refresh or relink else current
        if relink and current is None:
            raise NothingReadError(f"{wh} has no published snapshot: there is nothing to relink")
        if relink and (lacking := increment.facts_lacking_columns(current)):
            raise WarehouseNeedsRebuildError(f"{wh} holds facts an older extract stage wrote ({'; '.join(f'{t} lacks {c}' for t, c in lacking.items())}): "
                                             "a relink cannot add them; run once with --full-refresh over all its inputs")
        if (reason := increment.full_refresh_needed(base)) is not None:
            raise WarehouseNeedsRebuildError(f"{wh} {reason}: run once with --relink to re-link the facts it holds "
                                             "(or with --full-refresh over all its inputs to rebuild it)")
        with closing(Archive(base, warehouse.staging_path(wh, run_id) / "duckdb")) as archive:
            run = RunState(RunSettings(**parameters), parameters, run_id, started_at, archive)
            return _stages(run) if not relink else _relink_stages(run, current)


def _stages(run: RunState) -> dict[str, Any]:
    """The stages, in order, under the warehouse lock."""
    ingested = _ingest(run)
    if ingested.is_empty:
        with run.stage("publish"):
            run.summary.table_rows = increment.publish_run_record(run.wh, run.runs_row).row_counts()
        run.logger.info("no change: the warehouse already holds every input; only the run's record was added")
        return finish(run.summary, run.started_at)
    articles, rejections, new_fact_rows, chunk_dir = _normalize_and_extract(run, ingested)
    del ingested  # the raw texts: only the normalised ones are needed from here
    with collector_skips_objects_alive_now():  # the corpus-level stages run in this process
        written, frames = _aggregate(run, articles, rejections, chunk_dir)
        staged, report = _validate(run, frames, written)
        published, report_page = _publish(run, staged, report, rejections)
    run.summary.new_rows = {"articles": len(articles), "rejected_inputs": len(rejections), **new_fact_rows}
    run.summary.rows_relinked = written.rows_relinked
    summarise_published(run, published, report, report_page)
    result = finish(run.summary, run.started_at)
    if run.runs_row["status"] == "nothing_read":
        raise NothingReadError(f"no new input under {', '.join(run.settings.paths)} could be read as an article ({len(rejections)} "
                               f"rejected); see {run.wh / 'rejected_inputs'} and {run.wh / quarantine.QUARANTINE_DIR}")
    return result


def _relink_stages(run: RunState, current: warehouse.Snapshot) -> dict[str, Any]:
    """A relink: the current snapshot's articles and facts, without their links, through the corpus-level stages as a
    full refresh would send them, and published with the run history and the rejected inputs kept."""
    with run.stage("ingest"):
        articles, chunk_dir, fact_rows = tasks.stored_facts_unlinked(current, warehouse.staging_path(run.wh, run.run_id) / "extracted")
    run.model = configured_model_name(run.settings.model)
    run.runs_row = incremental.run_record(run.run_id, run.started_at, run.parameters, run.model, 0)
    run.log("ingest", "relink: %d articles, %d entity mentions, %d quotes and %d figures read back from snapshot %d, no input read",
            len(articles), fact_rows["entity_mentions"], fact_rows["quotes"], fact_rows["figures"], current.sequence)
    no_rejections = rejection_frame([], run.run_id, run.started_at)
    with collector_skips_objects_alive_now():
        written, frames = _aggregate(run, articles, no_rejections, chunk_dir)
        staged, report = _validate(run, frames, written)
        published, report_page = _publish(run, staged, report, no_rejections)
    run.summary.new_rows = {"articles": 0, "rejected_inputs": 0}
    run.summary.rows_relinked = written.rows_relinked
    summarise_published(run, published, report, report_page)
    return finish(run.summary, run.started_at)


def _ingest(run: RunState) -> incremental.InputScan:
    """Read the inputs the warehouse does not hold yet, and start the run's record."""
    s = run.settings
    with run.stage("ingest"):
        ingested = incremental.scan_inputs(s.paths, s.max_input_bytes, None if s.full_refresh else run.archive.known_inputs, s.source_name)
    run.log("ingest", "%d records under %s; %d new, %d newly rejected", ingested.records_seen, ", ".join(s.paths),
            len(ingested.candidates), len(ingested.rejections))
    run.model = configured_model_name(s.model)  # read here, in the environment the run executes in
    run.runs_row = incremental.run_record(run.run_id, run.started_at, run.parameters, run.model, ingested.records_seen)
    return ingested


def _normalize_and_extract(run: RunState, ingested: incremental.InputScan) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, int], Path]:
    """Normalise the new records into articles, then parse them in chunks on the workers (which
    start now and load the model while this process normalises)."""
    plan = ParsePlan.for_run(run.settings, len(ingested.candidates))
    with parse_workers(plan, run.settings.dask_address or None, run.model) as task_runner:
        with run.stage("normalize"):
            articles, duplicates = tasks.normalize_articles(ingested.candidates, run.run_id, run.started_at, run.archive)
            rejections = rejection_frame(ingested.rejections + duplicates, run.run_id, run.started_at)
        run.note_rejections(rejections)
        run.runs_row.update(articles_new=len(articles), articles_rejected=len(rejections))
        run.log("normalize", "%d new articles, %d duplicates, %d rejected in all", len(articles), len(duplicates), len(rejections))

        # English and undetermined articles (not those confidently in another language), in chunks
        # written to staging; the model loads once per worker.
        to_parse = articles.loc[articles["language"].isin(PARSED_LANGUAGES), tasks.EXTRACT_INPUT_COLUMNS]
        chunk_dir = warehouse.staging_path(run.wh, run.run_id) / "extracted"
        chunks = [to_parse.iloc[part] for part in plan.chunks(len(to_parse))]
        with tasks.extraction_started(chunks, run.model, run.settings.batch_size, chunk_dir, task_runner) as chunk_counts:
            with run.stage("near_duplicates"):  # on worker processes this overlaps the parse
                articles = tasks.flag_near_duplicates(articles, run.archive)
            with run.stage("extract"):
                new_fact_rows = tasks.count_extracted_rows(chunk_counts, len(to_parse))
    run.summary.articles_parsed = len(to_parse)
    if len(to_parse):
        run.runs_row["model_name"] = model_version_label(run.model)
    run.log("extract", "%d articles parsed with %s -> %d entity mentions, %d quotes, %d figures", len(to_parse), run.model,
            new_fact_rows["entity_mentions"], new_fact_rows["quotes"], new_fact_rows["figures"])
    return articles, rejections, new_fact_rows, chunk_dir


def _aggregate(run: RunState, articles: pd.DataFrame, rejections: pd.DataFrame, chunk_dir: Path) -> tuple[increment.Increment, dict[str, pd.DataFrame]]:
    """Link the run's rows into the corpus-level tables and write its files to staging."""
    with run.stage("aggregate"):
        linked = tasks.link_new_rows(chunk_dir, articles, run.archive, run.settings.conflict_tolerance)
        written, frames = tasks.write_increment(linked, articles, rejections, run.archive, run.wh, run.run_id, run.started_at.date())
    run.log("aggregate", "%d entities, %d quote clusters, %d claims changed; %d stored rows re-linked", len(linked.entities),
            len(linked.quote_clusters), len(linked.claims), written.rows_relinked)
    run.runs_row.update(status=incremental.publish_status(len(articles), rejections["reason"].tolist()), rows_relinked=written.rows_relinked,
                        snapshot=warehouse.next_snapshot_sequence(run.wh))
    return written, {**frames, "runs": increment.runs_frame(run.runs_row)}


def _validate(run: RunState, frames: dict[str, pd.DataFrame], written: increment.Increment) -> tuple[Path, GateReport]:
    """Stage the snapshot and validate it; a blocking failure records the run and stops it."""
    with run.stage("validate"):
        staged = increment.stage_increment(run.wh, run.run_id, written, run.settings.full_refresh or run.settings.relink,
                                           keep_rejections=run.settings.relink)
        report = tasks.validate_increment(frames, run.run_id, staged / warehouse.DATA_DOCS_DIR, staged, run.archive)
    run.summary.warnings = validation_warnings(report.results)
    run.log("validate", "%d of %d expectations held, %d warned, %d blocking failures", int(report.results["success"].sum()),
            len(report.results), len(run.summary.warnings), len(report.blocking_failures))
    if not report.passed:  # keep the failed run's files aside, record the run (none of its rows), and stop
        kept = increment.set_aside_failed_run(run.wh, run.run_id, staged, report.results)
        run.runs_row.update(status="gate_failed", validation_success=False, finished_at=utc_now(), rows_relinked=0)
        increment.publish_run_record(run.wh, run.runs_row, report.results)
        publish_report(run.wh, run.run_id)  # the report shows the failure beside earlier runs
        raise GateFailedError(
            f"{len(report.blocking_failures)} blocking expectation(s) failed; none of the run's rows were published "
            f"(results and data docs kept in {kept}):\n  " + "\n  ".join(report.blocking_failures[:20])
        )
    return staged, report


def _publish(run: RunState, staged: Path, report: GateReport, rejections: pd.DataFrame) -> tuple[warehouse.Snapshot, Path | None]:
    """Quarantine the rejected files, then switch the warehouse to the staged snapshot; write the report."""
    with run.stage("publish"):
        # Quarantine first: once the rejections are published, a rerun no longer reads those files.
        tasks.quarantine_rejected(run.wh, run.run_id, rejections, run.settings.max_input_bytes)
        run.runs_row["finished_at"] = utc_now()
        published = increment.publish_staged_run(run.wh, staged, run.runs_row, report.results)
    run.log("publish", "snapshot %s of %s, %d tables", run.runs_row["snapshot"], run.wh, len(published.row_counts()))
    with run.stage("report"):
        report_page = publish_report(run.wh, run.run_id)
    return published, report_page
