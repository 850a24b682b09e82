"""What a run reports back to the CLI and the Prefect UI (kept free of Prefect so the CLI's fast path can use it)."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class RunSummary:
    run_id: str
    status: str
    warehouse: str
    table_rows: dict[str, int] = field(default_factory=dict)
    new_rows: dict[str, int] = field(default_factory=dict)
    rejected: list[dict[str, str]] = field(default_factory=list)
    articles_parsed: int = 0
    rows_relinked: int = 0
    validation_passed: int = 0
    validation_failed_warnings: int = 0
    data_docs: str | None = None
    stage_seconds: dict[str, float] = field(default_factory=dict)
