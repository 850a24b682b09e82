"""Errors a run ends with, importable without Prefect (the CLI catches them before the flow is imported)."""

from __future__ import annotations


class GateFailedError(RuntimeError):
    """A blocking expectation failed; nothing was published."""


class NothingReadError(RuntimeError):
    """No input could be turned into an article."""


class WarehouseNeedsRebuildError(RuntimeError):
    """The warehouse was written by a version without the indexes incremental runs read."""
