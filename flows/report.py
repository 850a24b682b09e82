"""The run report's wiring: written after a publish and linked from the Prefect run, or rebuilt by `newsfacts report`.

A report is a convenience for people: whatever goes wrong with it is logged as a warning and
never fails the run that has just published.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from transforms.io import warehouse
from transforms.io.report import write_report

REPORT_ARTIFACT_KEY = "newsfacts-report"


def _logger() -> logging.Logger | logging.LoggerAdapter:  # type: ignore[type-arg]
    """The run's logger inside a flow run (its lines reach the Prefect API); a plain one elsewhere."""
    from prefect import get_run_logger
    from prefect.exceptions import MissingContextError

    try:
        return get_run_logger()
    except MissingContextError:
        return logging.getLogger("newsfacts.report")


def publish_report(warehouse_dir: Path, run_id: str) -> Path | None:
    """Write `<warehouse>/_report/index.html` and attach it to the flow run as a link artifact.

    Returns the page written, or None when it could not be written (logged as a warning).
    """
    from prefect.artifacts import create_link_artifact

    logger = _logger()
    try:
        path = write_report(warehouse_dir).resolve()
    except Exception as error:  # noqa: BLE001 - the run has published: a report must not undo its success
        logger.warning("run report not written: %s: %s", type(error).__name__, error)
        return None
    try:
        create_link_artifact(
            key=REPORT_ARTIFACT_KEY, link=path.as_uri(), link_text=_markdown_text(str(path)),
            description=f"newsfacts run {run_id}: charts of the published warehouse (a self-contained page; open it from this machine)",
        )
    except Exception as error:  # noqa: BLE001 - the page is written; only its link is missing
        logger.warning("run report written to %s, but its link artifact was not created: %s: %s", path, type(error).__name__, error)
    logger.info("report: %s", path)
    return path


def _markdown_text(text: str) -> str:
    """Link text for Prefect's markdown: brackets and backslashes in a path stay literal."""
    return text.replace("\\", "\\\\").replace("[", "\\[").replace("]", "\\]")


def is_warehouse(folder: Path) -> bool:
    """A folder a newsfacts run has written: it has a published snapshot, or at least the writer lock."""
    return folder.is_dir() and ((folder / warehouse.CURRENT_LINK).is_symlink() or (folder / warehouse.LOCK_FILE).is_file())


def report_command(warehouse_dir: str) -> int:
    """`newsfacts report [--warehouse DIR]`: rebuild the report from what is published and print the
    page's path. Exit 2 (a usage error, nothing written) when the folder is not a newsfacts
    warehouse or the page cannot be written there."""
    from flows.cli import EXIT_USAGE
    from flows.summary import printable

    folder = Path(warehouse_dir)
    if not is_warehouse(folder):
        print(f"newsfacts: {printable(warehouse_dir)} is not a newsfacts warehouse (it has no {warehouse.CURRENT_LINK} "
              f"or {warehouse.LOCK_FILE}): pass --warehouse with a folder `newsfacts run` has written", file=sys.stderr)
        return EXIT_USAGE
    try:
        path = write_report(folder)
    except OSError as error:
        print(f"newsfacts: cannot write the report in {printable(folder)}: {printable(error)}", file=sys.stderr)
        return EXIT_USAGE
    print(printable(path.absolute()))
    return 0
