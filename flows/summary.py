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
    stage_seconds: dict[str, float] = field(default_factory=dict)
