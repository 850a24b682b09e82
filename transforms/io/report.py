"""The run report's files: its answers read from the published snapshot, and the page written atomically.

The page itself is built by the pure functions of `transforms/report.py`.
"""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from transforms import schema
from transforms.io import warehouse
from transforms.report import (
    REPORT_DIR,
    REPORT_FILE,
    ReportData,
    query_report_data,
    render_report,
)


def report_data(warehouse_dir: Path) -> ReportData:
    """The report's answers from the published snapshot, resolved once (a run publishing meanwhile
    does not mix into them); a warehouse with nothing published gives empty answers."""
    snapshot = warehouse.current_snapshot(warehouse_dir)
    con = warehouse.duckdb_connection()
    try:
        warehouse.register_views(con, snapshot, schema.TABLES)
        return query_report_data(con, str(warehouse_dir.absolute()), snapshot.sequence if snapshot else None)
    finally:
        con.close()


def report_path(warehouse_dir: Path) -> Path:
    return warehouse_dir / REPORT_DIR / REPORT_FILE


def write_report(warehouse_dir: Path, title: str = "newsfacts run report") -> Path:
    """Render the report of the published snapshot to `<warehouse>/_report/index.html`, atomically:
    a reader (or a browser reloading) sees the previous page or the new one, never half of one."""
    page = render_report(report_data(warehouse_dir), title=title)
    target = report_path(warehouse_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{REPORT_FILE}.{os.getpid()}-{uuid.uuid4().hex[:8]}.tmp")  # the umask's mode, as every warehouse file
    try:
        temporary.write_text(page, encoding="utf-8")
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return target
