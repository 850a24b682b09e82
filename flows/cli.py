"""`newsfacts` command line: `run` the pipeline once, or `serve` it on a schedule for the Prefect UI."""

from __future__ import annotations

import argparse
import gc
import json
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict, fields
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flows.local_api import LocalPrefectAPI
    from flows.settings import RunSettings

EXIT_GATE_FAILED = 1
EXIT_NOTHING_READ = 3
EXIT_WAREHOUSE_BUSY = 4
EXIT_USAGE = 2  # argparse's own code for a bad option; also a setting that cannot work
EXIT_NEEDS_REBUILD = 5
EXIT_INTERNAL_ERROR = 70  # BSD's EX_SOFTWARE: a bug, not the inputs or the settings


class ConfigurationError(Exception):
    """A setting that cannot work, found before anything heavy starts (exit 2)."""


def format_summary(summary: dict[str, Any]) -> str:
    from flows.summary import elapsed_line, printable

    lines = [f"newsfacts run {summary['run_id']}: {summary['status']}", f"warehouse: {summary['warehouse']}"]
    if summary["table_rows"]:
        width = max(len(name) for name in summary["table_rows"])
        lines.append("rows per table (total, new this run):")
        for name, rows in summary["table_rows"].items():
            new = summary["new_rows"].get(name)
            lines.append(f"  {name:<{width}}  {rows:>7}" + (f"  (+{new})" if new is not None else ""))
    lines.append(f"articles parsed: {summary['articles_parsed']}")
    if summary.get("rows_relinked"):
        lines.append(f"rows of earlier runs re-linked by new evidence: {summary['rows_relinked']}")
    rejected = summary["rejected"]
    lines.append(f"rejected inputs: {len(rejected)}")
    lines += [f"  {printable(r['source_uri'])}: {r['reason']} ({printable(r['detail'])})" for r in rejected[:20]]
    if summary["status"] == "published":
        lines.append(
            f"validation: all blocking expectations held ({summary['validation_passed']} passed, "
            f"{summary['validation_failed_warnings']} warnings); data docs: {summary['data_docs']}"
        )
        lines += [f"  warning: {w['table']}: {w['expectation']}: {printable(w['observed'])}" for w in summary.get("warnings", [])[:10]]
        if summary.get("report"):
            lines.append(f"run report: {summary['report']}")
        lines.append(f"query: duckdb -c \"SELECT * FROM read_parquet('{summary['warehouse']}/articles/**/*.parquet', hive_partitioning=true, union_by_name=true)\"")
    lines.append(elapsed_line(summary.get("elapsed_seconds", 0.0), summary.get("stage_seconds", {})))
    return "\n".join(lines)


def record_if_nothing_new(settings: RunSettings) -> tuple[dict[str, Any] | None, int]:
    """Decide before starting Prefect whether the inputs hold anything new; if not, log the run and stop.

    Returns the no-change run's summary (None when there is something new) and the number of new records.

    Starting Prefect's ephemeral server costs seconds; hashing the inputs and asking the warehouse
    about those hashes costs a directory walk. A no-change rerun is recorded in `runs` like any
    other, under the warehouse lock.
    """
    from pathlib import Path

    from flows.summary import RunSummary, printable
    from transforms.ingest import utc_now
    from transforms.io import warehouse as io
    from transforms.io.archive import Archive
    from transforms.io.increment import publish_run_record
    from transforms.io.incremental import new_run_id, run_record, scan_inputs
    from transforms.io.quarantine import retry_pending
    from transforms.nlp import configured_model_name

    warehouse = Path(settings.warehouse_dir)
    started_at = utc_now()
    run_id = new_run_id(started_at)
    with io.warehouse_lock(warehouse, settings.lock_wait_seconds, run_id):
        archive = Archive(io.current_snapshot(warehouse))
        try:
            scan = scan_inputs(settings.paths, settings.max_input_bytes, archive.known_inputs, settings.source_name)
            if not scan.is_empty:
                return None, len(scan.candidates)  # the flow retries pending quarantine copies itself
            for note in retry_pending(warehouse):
                print(f"newsfacts: quarantine copy of {printable(note['source'])} still failing: {note['copy_error']}", file=sys.stderr)
            record = run_record(run_id, started_at, asdict(settings), configured_model_name(settings.model), scan.records_seen)
            table_rows = publish_run_record(warehouse, record).row_counts()
        finally:
            archive.close()
    seconds = round((utc_now() - started_at).total_seconds(), 3)
    return asdict(RunSummary(run_id, "no_change", str(warehouse), table_rows=table_rows, stage_seconds={"ingest": seconds},
                             elapsed_seconds=seconds)), 0


def _printable(error: Exception) -> str:
    from flows.summary import printable

    return printable(error, keep_newlines=True)  # a message may span lines


class _OneLineErrorParser(argparse.ArgumentParser):
    """A usage error in one line (argparse prints the whole usage first), exit 2 as argparse does."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


class _PrintVersion(argparse.Action):
    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: Any) -> None:
        super().__init__(option_strings, dest, nargs=0, help="print the newsfacts version (and git commit) and exit")

    def __call__(self, parser: argparse.ArgumentParser, *_: object) -> None:
        from transforms.io.incremental import code_version

        print(f"newsfacts {code_version()}")
        parser.exit()


def _within(name: str, cast: Callable[[str], float]) -> Callable[[str], float]:
    """An argparse type that enforces the setting's limit (the flow's UI form enforces the same)."""
    from flows.settings import LIMITS

    def parse(text: str) -> float:
        try:
            value = cast(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
        if not LIMITS[name].check(value):
            raise argparse.ArgumentTypeError(f"{text} is out of range: must be {LIMITS[name].describe()}")
        return value

    return parse


def build_parser() -> argparse.ArgumentParser:
    from flows.settings import (
        DEFAULT_MODEL,
        DEFAULTS,
        MODEL_ENVIRONMENT_VARIABLE,
        SCHEDULE,
    )

    parser = _OneLineErrorParser(
        prog="newsfacts", description=__doc__,
        epilog="exit codes: 0 published or nothing new, 1 validation gate failed, 2 usage or configuration error, "
               "3 nothing could be read, 4 another run holds the warehouse, 5 warehouse needs one --relink (or --full-refresh), 70 internal error",
    )
    parser.add_argument("--version", action=_PrintVersion)
    commands = parser.add_subparsers(dest="command", required=True)
    run = commands.add_parser("run", help="run the pipeline once (ephemeral Prefect, nothing to start)")
    run.add_argument("paths", nargs="*", default=DEFAULTS.paths, help=f"input files or folders (default: {' '.join(DEFAULTS.paths)})")
    run.add_argument("--warehouse", dest="warehouse_dir", default=DEFAULTS.warehouse_dir, help=f"output folder (default: {DEFAULTS.warehouse_dir})")
    rebuild = run.add_mutually_exclusive_group()
    rebuild.add_argument("--full-refresh", action="store_true", help="rebuild every table from the inputs instead of adding to them")
    rebuild.add_argument("--relink", action="store_true",
                     help="re-link the facts the warehouse holds with this version's rules (entities, speakers, quote clusters, claims, "
                          "stories), without reading inputs or parsing: what exit 5 asks for after an upgrade")
    run.add_argument("--source", dest="source_name", default=DEFAULTS.source_name, metavar="NAME",
                     help="outlet name for inputs that name none, e.g. a folder of one outlet's .txt files (see README: manifests)")
    run.add_argument("--model", default=DEFAULTS.model, help=f"spaCy pipeline: a package name or a pipeline folder (default: ${MODEL_ENVIRONMENT_VARIABLE}, else {DEFAULT_MODEL})")
    run.add_argument("--chunk-size", type=_within("chunk_size", int), default=DEFAULTS.chunk_size, help=f"articles per extract task (default: {DEFAULTS.chunk_size})")
    run.add_argument("--batch-size", type=_within("batch_size", int), default=DEFAULTS.batch_size, help=f"texts per spaCy nlp.pipe batch (default: {DEFAULTS.batch_size})")
    run.add_argument("--conflict-tolerance", type=_within("conflict_tolerance", float), default=DEFAULTS.conflict_tolerance, help="relative spread that makes a claim a conflict")
    run.add_argument("--max-input-mb", type=_within("max_input_mb", float), default=DEFAULTS.max_input_mb, help=f"larger inputs are rejected (default: {DEFAULTS.max_input_mb:g})")
    run.add_argument("--json-summary", action="store_true", help="print the run summary as one JSON line instead of text")
    run.add_argument("--workers", type=_within("workers", int), default=DEFAULTS.workers, help=f"worker processes for parsing (default {DEFAULTS.workers}: one per core)")
    run.add_argument("--runner", choices=["local", "dask"], default=DEFAULTS.runner, help="local worker processes, or Dask")
    run.add_argument("--dask-address", default=DEFAULTS.dask_address, help="Dask scheduler, e.g. tcp://HOST:8786 (default: a temporary local cluster)")
    run.add_argument("--lock-wait", dest="lock_wait_seconds", type=_within("lock_wait_seconds", float), default=DEFAULTS.lock_wait_seconds,
                     help=f"seconds to wait while another run writes the same warehouse, then exit 4 (default: {DEFAULTS.lock_wait_seconds:g})")
    run.add_argument("--debug", action="store_true", help="show Prefect's log lines and the traceback of any error")
    report = commands.add_parser("report", help="rebuild the run report (<warehouse>/_report/index.html) from what is published")
    report.add_argument("--warehouse", dest="warehouse_dir", default=DEFAULTS.warehouse_dir, help=f"the warehouse folder (default: {DEFAULTS.warehouse_dir})")
    serve = commands.add_parser("serve", help="serve a scheduled deployment to a Prefect server (see README)")
    serve.add_argument("--cron", default=SCHEDULE.cron, help=f"schedule, cron syntax (default: {SCHEDULE.cron})")
    serve.add_argument("--timezone", default=SCHEDULE.timezone, help=f"the schedule's time zone (default: {SCHEDULE.timezone})")
    serve.add_argument("--name", default=SCHEDULE.name, help=f"deployment name (default: {SCHEDULE.name})")
    serve.add_argument("--paths", nargs="+", default=DEFAULTS.paths)
    serve.add_argument("--warehouse", dest="warehouse_dir", default=DEFAULTS.warehouse_dir)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    from flows.settings import apply_environment_defaults

    apply_environment_defaults(quiet_console=args.command == "run" and not args.debug)
    if args.command == "serve":
        from flows.deploy import serve_deployment

        serve_deployment(args.name, args.cron, args.timezone, {"paths": args.paths, "warehouse_dir": args.warehouse_dir})
        return 0
    if args.command == "report":
        from flows.report import report_command

        return report_command(args.warehouse_dir)
    endings = run_endings()
    try:
        return run_command(args)
    except tuple(endings) as error:
        prefix, code = endings[type(error)]
        if args.debug:
            import traceback

            traceback.print_exc()
        print(f"newsfacts: {prefix}{_printable(error)}", file=sys.stderr)
        return code
    except Exception as error:
        if args.debug:
            raise
        print(f"newsfacts: internal error: {type(error).__name__}: {_printable(error)} "
              "(run again with --debug for the traceback, and please report it)", file=sys.stderr)
        return EXIT_INTERNAL_ERROR


def run_endings() -> dict[type[Exception], tuple[str, int]]:
    """What a run can end with, as the message's prefix and the exit code a scheduler sees."""
    from flows.errors import (
        GateFailedError,
        NothingReadError,
        WarehouseNeedsRebuildError,
    )
    from transforms.io.sources import NoInputsError
    from transforms.io.warehouse import WarehouseBusyError
    from transforms.nlp import ModelNotInstalledError

    return {
        GateFailedError: ("validation gate failed: ", EXIT_GATE_FAILED),
        ConfigurationError: ("", EXIT_USAGE),
        ModelNotInstalledError: ("", EXIT_USAGE),
        NothingReadError: ("nothing could be read: ", EXIT_NOTHING_READ),
        NoInputsError: ("nothing could be read: ", EXIT_NOTHING_READ),
        WarehouseBusyError: ("warehouse busy: ", EXIT_WAREHOUSE_BUSY),
        WarehouseNeedsRebuildError: ("", EXIT_NEEDS_REBUILD),
    }


def check_configuration(settings: RunSettings) -> None:
    """The settings that cannot work, told in one line before the model or Prefect load."""
    from pathlib import Path

    from flows.settings import DEFAULT_MODEL, MODEL_ENVIRONMENT_VARIABLE
    from transforms.nlp import configured_model_name, model_is_installed

    warehouse = Path(settings.warehouse_dir)
    if warehouse.exists() and not warehouse.is_dir():
        raise ConfigurationError(f"--warehouse {warehouse} is a file: name a folder (it is created if missing)")
    existing = next(parent for parent in (warehouse, *warehouse.absolute().parents) if parent.exists())
    if not os.access(existing, os.W_OK | os.X_OK):
        raise ConfigurationError(f"--warehouse {warehouse}: cannot write in {existing}")
    model = configured_model_name(settings.model)
    if not model_is_installed(model):
        raise ConfigurationError(f"spaCy model {model!r} is not installed: run `make setup` (installs {DEFAULT_MODEL}), "
                                 f"or install it and pass --model NAME or set {MODEL_ENVIRONMENT_VARIABLE}")
    if settings.runner == "local" and settings.dask_address:
        raise ConfigurationError("--dask-address needs --runner dask")


def run_command(args: argparse.Namespace) -> int:
    """`newsfacts run`: check the settings, record a no-change rerun without Prefect, else run the flow."""
    from flows.local_api import LocalPrefectAPI, uses_configured_api

    settings = run_settings(args)
    check_configuration(settings)
    # Boot a temporary Prefect API in its own process first: it comes up while this one checks
    # the inputs, imports and warms up, instead of after all that.
    api = None if uses_configured_api() else LocalPrefectAPI().start()
    rebuilds = settings.full_refresh or settings.relink
    summary, new_records = record_if_nothing_new(settings) if not rebuilds else (None, 0 if settings.relink else None)
    if summary is None:
        wait_for_api = adopt_prefect_api(api)
        if not args.debug:
            hide_expected_endings_from_the_console()
        from flows.runners import ParsePlan, warm_up

        # The plan the flow will make from the same count: whether this process parses (a relink parses nothing).
        warm_up(settings.model, ParsePlan.for_run(settings, new_records).parses_here and not settings.relink)
        wait_for_api()
        summary = run_flow(settings)
    print(json.dumps(summary, default=str) if args.json_summary else format_summary(summary))
    return 0


def hide_expected_endings_from_the_console() -> None:
    """Prefect logs a flow's exception with its traceback; for the endings the command explains in
    one line (a failed gate, nothing read, ...) that traceback is noise in the terminal."""
    import logging

    expected = tuple(run_endings())

    def not_an_expected_ending(record: logging.LogRecord) -> bool:
        return not (record.exc_info and isinstance(record.exc_info[1], expected))

    for name in ("prefect.flow_runs", "prefect.task_runs"):
        logging.getLogger(name).addFilter(not_an_expected_ending)


def adopt_prefect_api(api: LocalPrefectAPI | None) -> Callable[[], object]:
    """Point this process (and the workers it starts) at the temporary API, unless Prefect has one.

    Returns what to call before the flow: it blocks until the API answers. A Prefect profile or
    prefect.toml naming a server wins: the temporary API is then stopped unused. Like Prefect's
    own ephemeral server, the temporary one lives until this process exits.
    """
    from flows.local_api import uses_configured_api

    if api is None:
        return lambda: None
    from prefect.context import refresh_global_settings_context

    if uses_configured_api():  # Prefect is imported now: this reads its settings
        api.stop()
        return lambda: None
    # Process-wide (not a settings context): Prefect's own threads and the worker processes use it too.
    os.environ["PREFECT_API_URL"] = api.url
    refresh_global_settings_context()
    return api.wait_until_ready


def run_settings(args: argparse.Namespace) -> RunSettings:
    """The run's settings from the command line (each option's `dest` is the setting's name)."""
    from flows.settings import RunSettings

    return RunSettings(**{f.name: getattr(args, f.name) for f in fields(RunSettings)})


def run_flow(settings: RunSettings) -> dict[str, Any]:
    """Run the flow; then wait until its logs have reached the Prefect API (at exit Prefect waits
    at most 5 s, and a busy machine has been seen to lose the last stages' lines)."""
    from prefect.logging.handlers import APILogWorker

    from flows.pipeline import newsfacts_pipeline

    try:
        return newsfacts_pipeline(**asdict(settings))
    finally:
        APILogWorker.drain_all(timeout=60)


def console_main() -> None:
    """The `newsfacts` command: `main`, then exit without the interpreter's finalisation, whose
    garbage-collection passes walk every object the run created (docs/performance.md).
    Exit handlers still run first: Prefect flushes its logs and the temporary API stops."""
    import atexit

    code = main()
    gc.disable()
    atexit._run_exitfuncs()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    console_main()
