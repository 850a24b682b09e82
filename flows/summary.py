"""What a run reports back to the CLI and the Prefect UI (kept free of Prefect so the CLI's fast path can use it)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f]")
_CONTROL_CHARACTERS_BUT_NEWLINE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f]")


def printable(text: object, keep_newlines: bool = False) -> str:
    """Text safe to print to a terminal: control characters (ESC sequences in a file name, say)
    are shown escaped, as `\\x1b`, instead of acting on the terminal."""
    pattern = _CONTROL_CHARACTERS_BUT_NEWLINE if keep_newlines else _CONTROL_CHARACTERS
    return pattern.sub(lambda match: f"\\x{ord(match.group(0)):02x}", str(text))


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
    report: str | None = None
    stage_seconds: dict[str, float] = field(default_factory=dict)
    elapsed_seconds: float = 0.0
    warnings: list[dict[str, str]] = field(default_factory=list)  # expectations that warned: table, expectation, observed


def elapsed_line(elapsed_seconds: float, stage_seconds: dict[str, float]) -> str:
    """`elapsed: 12.3 s (ingest 0.1 s, ...)`, as the terminal and the run's artifact both show it."""
    stages = ", ".join(f"{name} {seconds:.1f} s" for name, seconds in stage_seconds.items())
    return f"elapsed: {elapsed_seconds:.1f} s" + (f" ({stages})" if stages else "")


def run_summary_markdown(summary: RunSummary) -> str:
    """The run-summary artifact: what a person opening the run in the Prefect UI wants first."""
    lines = [
        f"# newsfacts run {summary.run_id}: {summary.status}",
        "",
        f"- warehouse: `{summary.warehouse}`",
        f"- {elapsed_line(summary.elapsed_seconds, summary.stage_seconds)}",
        f"- articles parsed: {summary.articles_parsed}; stored rows re-linked: {summary.rows_relinked}",
    ]
    if summary.data_docs:
        lines.append(f"- data docs: `{summary.data_docs}`")
    if summary.report:
        lines.append(f"- run report: `{summary.report}`")
    if summary.status == "no_change":
        lines += ["", "Nothing new: every input is already in the warehouse. Only this run's record was added."]
    if summary.table_rows:
        lines += ["", "| table | rows | new this run |", "|---|---:|---:|"]
        lines += [f"| {name} | {rows} | {summary.new_rows.get(name, '')} |" for name, rows in summary.table_rows.items()]
    if summary.rejected:
        lines += ["", f"## Rejected inputs ({len(summary.rejected)})", "", "| input | reason | detail |", "|---|---|---|"]
        lines += [f"| `{_cell(r['source_uri'])}` | {r['reason']} | {_cell(r['detail'])} |" for r in summary.rejected[:100]]
    if summary.warnings:
        lines += ["", f"## Warnings ({len(summary.warnings)} expectations)", "", "| table | expectation | observed |", "|---|---|---|"]
        lines += [f"| {w['table']} | `{_cell(w['expectation'])}` | {_cell(w['observed'])} |" for w in summary.warnings]
    return "\n".join(lines)


def _cell(text: object) -> str:
    return printable(text).replace("|", "\\|")
