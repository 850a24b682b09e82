"""What the stages of one flow run share, and how a run ends: its settings, its `runs` record, its
stage clock and summary, and the summary artifact every ending that publishes attaches."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import pandas as pd
from prefect import get_run_logger
from prefect.artifacts import create_markdown_artifact

from expectations.gate import GateReport
from flows.runners import StageClock
from flows.settings import RunSettings
from flows.summary import RunSummary, printable, run_summary_markdown
from transforms.ingest import utc_now
from transforms.io import warehouse
from transforms.io.archive import Archive


@dataclass
class RunState:
    """One locked run: its settings, archive and record, and the clock and summary its stages fill."""

    settings: RunSettings
    parameters: dict[str, Any]  # as the flow received them: recorded in `runs.parameters`
    run_id: str
    started_at: datetime
    archive: Archive
    model: str = ""
    runs_row: dict[str, Any] = field(default_factory=dict)
    wh: Path = field(init=False)
    summary: RunSummary = field(init=False)
    stage: StageClock = field(init=False)
    logger: Any = field(init=False)  # Prefect's run logger (a LoggerAdapter)

    def __post_init__(self) -> None:
        self.wh = Path(self.settings.warehouse_dir)
        self.summary = RunSummary(run_id=self.run_id, status="no_change", warehouse=str(self.wh))
        self.stage = StageClock(self.summary.stage_seconds)
        self.logger = get_run_logger()

    def note_rejections(self, rejections: pd.DataFrame) -> None:
        """List the run's rejections in its summary, and log each."""
        self.summary.rejected = rejections[["source_uri", "reason", "detail"]].to_dict("records")
        for rejection in self.summary.rejected:
            self.logger.warning("rejected %s: %s (%s)", printable(rejection["source_uri"]), rejection["reason"], printable(rejection["detail"]))

    def log(self, stage: str, message: str, *args: object) -> None:
        """One INFO line per stage, with its counts and its seconds."""
        self.logger.info(f"{stage}: {message} (%.1f s)", *args, self.summary.stage_seconds.get(stage, 0.0))


def validation_warnings(results: pd.DataFrame) -> list[dict[str, str]]:
    """The expectations that failed without blocking, as the summary lists them."""
    return [
        {"table": r.table_name, "expectation": r.expectation, "observed": str(r.observed_value)}
        for r in results.itertuples() if not r.success and r.severity == "warning"
    ]


def summarise_published(run: RunState, published: warehouse.Snapshot, report: GateReport, report_page: Path | None) -> None:
    """Fill the summary of a run that published, from its record, snapshot and gate report."""
    summary = run.summary
    summary.status = run.runs_row["status"]
    summary.table_rows = published.row_counts()
    summary.validation_passed = int(report.results["success"].sum())
    summary.validation_failed_warnings = int((~report.results["success"]).sum())
    summary.data_docs = str(run.wh / warehouse.DATA_DOCS_DIR / "index.html")
    summary.report = str(report_page) if report_page else None


def finish(summary: RunSummary, started_at: datetime) -> dict[str, Any]:
    """Stamp the elapsed time and attach the run-summary artifact: every ending that publishes has one."""
    summary.elapsed_seconds = round((utc_now() - started_at).total_seconds(), 3)
    create_markdown_artifact(key="newsfacts-run", markdown=run_summary_markdown(summary),
                             description=f"newsfacts run {summary.run_id}: {summary.status}")
    return asdict(summary)
