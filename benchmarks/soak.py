"""Soak test: every expectation of the gate against every corpus in ../shared, through `newsfacts run`.

    .venv/bin/python benchmarks/soak.py [--only GROUP[,GROUP]] [--work DIR] [--skip-bbc] [--timeout SECONDS]

Each corpus group is written as files under `--work` (default a temporary folder, removed at the
end unless something failed) and run once, as a user runs it, into its own fresh warehouse; then a
second time into the same warehouse, which must find nothing new (exit 0, `no_change`); then
`newsfacts run --relink`, which must publish every table and index back row for row (compared by
a per-table fingerprint read with DuckDB before and after). The warehouse is read back through DuckDB: rows per table, rejected inputs by reason, and the failed
expectations of the first run, blocking or warning.

Groups: the bundled sample; crafted bad inputs (mixed with a few good ones, and on their own); BBC;
PolNeAR train and dev texts (with a manifest of each article's outlet and date);
Recognizers-Text (one group per spec family and language, one folder per
spec file, one .txt per case `Input`); quantulum3 (one folder per test file, one .txt per case);
CoNLL-2003 valid (one .txt per document, text rebuilt from the tokens).

A run is `ok` (exit 0), `gate_failed` (exit 1), `nothing_read` (exit 3: expected only for the group
whose every input is bad) or `crash` (any other exit, a timeout, or a Python traceback on stderr).
Exits 1 when any run crashed, failed the gate or ended otherwise than expected, so it can serve as
a check. Never run as a test: it takes a quarter of an hour with BBC.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import duckdb

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from expectations.build import render_suite, suite_path  # noqa: E402
from flows.cli import EXIT_GATE_FAILED, EXIT_NOTHING_READ  # noqa: E402
from transforms import schema  # noqa: E402
from transforms.ingest import DEFAULT_MAX_INPUT_BYTES  # noqa: E402

from claims_polnear import write_inputs  # noqa: E402  (beside this file)

CLI = Path(sys.executable).with_name("newsfacts")  # the newsfacts of the interpreter running this
SHARED = ROOT.parent / "shared"
BBC = SHARED / "corpora" / "bbc"
RECOGNIZERS_SPECS = SHARED / "eval" / "recognizers-text" / "Specs"
QUANTULUM = SHARED / "eval" / "quantulum3"
CONLL_VALID = SHARED / "eval" / "conll2003" / "valid.txt"
SAMPLE = ROOT / "data" / "raw"

STDERR_TAIL_LINES = 30
CRASH_MARKERS = re.compile(r"Traceback \(most recent call last\)|Crash detected!")
GATE_FAILED_MESSAGE = "newsfacts: validation gate failed: "
NOTHING_READ_MESSAGE = "newsfacts: nothing could be read: "
LONG_TEXT_BYTES = 1_200_000
OVERSIZED_BYTES = DEFAULT_MAX_INPUT_BYTES + 2 * 1024 * 1024  # 12 MB with the default 10 MB limit
JSON_DEPTH = 5_000


# ---------------------------------------------------------------------------------------------
# Corpus groups: each becomes the input paths of one `newsfacts run`
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Group:
    name: str
    prepare: Callable[[Path], list[Path]]  # writes the group's files under the given folder, returns the run's paths
    every_input_bad: bool = False  # then exit 3 (nothing read) is the expected outcome


def write_text(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def bbc_article(relative: str) -> str:
    return (BBC / "bbc" / relative).read_text(encoding="utf-8")


def prepare_sample(_: Path) -> list[Path]:
    return [SAMPLE]


def prepare_bbc(_: Path) -> list[Path]:
    return [BBC]  # as shipped, README.TXT and the Latin-1 sport/199.txt included


def prepare_polnear(split: str) -> Callable[[Path], list[Path]]:
    """The split's texts (plain UTF-8 already; the .ann files are not news) with the `newsfacts.manifest.csv` of
    each article's outlet and date a user would write (`claims_polnear.write_inputs`), so that the claims see days."""

    def prepare(target: Path) -> list[Path]:
        write_inputs(target, (split,))
        return [target]

    return prepare


def prepare_recognizers(family_folder: Path) -> Callable[[Path], list[Path]]:
    """One folder per spec file, one .txt per case `Input`, exactly as written in the spec."""

    def prepare(target: Path) -> list[Path]:
        for spec in sorted(family_folder.glob("*.json")):
            cases = json.loads(spec.read_text(encoding="utf-8-sig"))
            for index, case in enumerate(cases):
                write_text(target / spec.stem / f"{index:04d}.txt", case["Input"])
        return [target]

    return prepare


def prepare_quantulum(target: Path) -> list[Path]:
    """One folder per test file, one .txt per case: the sentence (`req`), and for expand.json also its
    spelled-out expansion (`res`); errors.json is a list of strings."""
    for test_file in sorted(QUANTULUM.glob("*.json")):
        for index, case in enumerate(json.loads(test_file.read_text(encoding="utf-8"))):
            folder = target / test_file.stem.replace(".", "_")
            if isinstance(case, str):
                write_text(folder / f"{index:04d}.txt", case)
                continue
            write_text(folder / f"{index:04d}.txt", case["req"])
            if isinstance(case["res"], str):
                write_text(folder / f"{index:04d}-expanded.txt", case["res"])
    return [target]


_NO_SPACE_BEFORE = {",", ".", ";", ":", "!", "?", "%", ")", "]", "}", "'s", "'S", "n't", "'re", "'ve", "'ll", "'d", "'m", "'"}
_NO_SPACE_AFTER = {"(", "[", "{", "$", "#"}


def join_tokens(tokens: list[str]) -> str:
    """A sentence from CoNLL tokens, spaced as written prose (straight double quotes alternate open/close)."""
    text, glue_next, quote_open = "", True, False
    for token in tokens:
        if token == '"':
            quote_open = not quote_open
            glue = glue_next or not quote_open  # a closing quote sticks to the word before it
            text += ("" if glue else " ") + token
            glue_next = quote_open  # an opening quote sticks to the word after it
            continue
        glue = glue_next or token in _NO_SPACE_BEFORE
        text += ("" if glue else " ") + token
        glue_next = token in _NO_SPACE_AFTER
    return text


def conll_documents(lines: Iterator[str]) -> Iterator[list[list[str]]]:
    """Documents (lists of sentences of tokens) of a CoNLL-2003 file, split on `-DOCSTART-`."""
    document: list[list[str]] = []
    sentence: list[str] = []
    for line in lines:
        if line.startswith("-DOCSTART-"):
            if sentence:
                document.append(sentence)
            if document:
                yield document
            document, sentence = [], []
        elif not line.strip():
            if sentence:
                document.append(sentence)
            sentence = []
        else:
            sentence.append(line.split(" ", 1)[0])
    if sentence:
        document.append(sentence)
    if document:
        yield document


def prepare_conll(target: Path) -> list[Path]:
    """One .txt per document: the headline (first sentence) as the title, then one sentence a line."""
    with open(CONLL_VALID, encoding="utf-8") as handle:
        for index, document in enumerate(conll_documents(handle)):
            sentences = [join_tokens(sentence) for sentence in document]
            write_text(target / f"{index:04d}.txt", sentences[0] + "\n\n" + "\n".join(sentences[1:]) + "\n")
    return [target]


def write_bad_inputs(target: Path) -> None:
    """Inputs that must be rejected with a reason, never fail a run."""
    target.mkdir(parents=True, exist_ok=True)
    article = bbc_article("business/001.txt").encode("utf-8")
    (target / "empty.txt").write_bytes(b"")
    (target / "binary.txt").write_bytes(bytes(range(256)) * 64)
    (target / "invalid.json").write_text('{"title": "Unterminated", "text": "The string never ends', encoding="utf-8")
    (target / "deep.json").write_text("[" * JSON_DEPTH + "]" * JSON_DEPTH, encoding="utf-8")
    (target / "notes.docx").write_bytes(b"PK\x03\x04 not a supported input type")
    (target / "passwd.txt").symlink_to("/etc/passwd")
    with open(target / "oversized.txt", "wb") as handle:
        for _ in range(OVERSIZED_BYTES // len(article) + 1):
            handle.write(article)


def prepare_bad_only(target: Path) -> list[Path]:
    write_bad_inputs(target)
    return [target]


def prepare_bad_mixed(target: Path) -> list[Path]:
    """The bad inputs beside odd but readable ones (legacy encodings, HTML, a very long text)."""
    write_bad_inputs(target)
    write_text(target / "only_quotes.txt", '"""')
    write_text(target / "only_dots.txt", "...")
    (target / "latin1.txt").write_bytes(bbc_article("business/002.txt").replace("$", "£").encode("latin-1", errors="replace"))
    (target / "utf16.txt").write_bytes(bbc_article("politics/001.txt").encode("utf-16"))
    title, _, body = bbc_article("tech/001.txt").partition("\n\n")
    paragraphs = "".join(f"<p>{p}</p>\n" for p in body.split("\n\n") if p.strip())
    write_text(target / "page.html", (
        f"<!doctype html><html><head><title>{title}</title>"
        '<script>var tracker = "<p>Subscribe now for 99p a month</p>"; document.write(tracker);</script></head>'
        f"<body><nav><a href='/'>Home</a> | <a href='/tech'>Tech</a></nav><article><h1>{title}</h1>\n{paragraphs}</article>"
        "<footer>Copyright 2005</footer></body></html>"
    ))
    long_article = bbc_article("sport/001.txt")
    write_text(target / "long_english.txt", long_article * (LONG_TEXT_BYTES // len(long_article.encode("utf-8")) + 1))
    records = [
        json.dumps({"title": "Record one", "text": bbc_article("entertainment/001.txt")}),
        '{"title": "Deep record", "text": "x", "extra": ' + '{"a": ' * JSON_DEPTH + "1" + "}" * JSON_DEPTH + "}",
        json.dumps({"title": "Record three", "body": bbc_article("entertainment/002.txt")}),
    ]
    write_text(target / "records.jsonl", "\n".join(records) + "\n")
    return [target]


def all_groups() -> list[Group]:
    groups = [
        Group("sample", prepare_sample),
        Group("bad_mixed", prepare_bad_mixed),
        Group("bad_only", prepare_bad_only, every_input_bad=True),
        Group("bbc", prepare_bbc),
        Group("polnear_train", prepare_polnear("train")),
        Group("polnear_dev", prepare_polnear("dev")),
    ]
    for family_folder in sorted(RECOGNIZERS_SPECS.glob("*/*")):
        name = f"recognizers_{family_folder.parent.name}_{family_folder.name}".lower()
        groups.append(Group(name, prepare_recognizers(family_folder)))
    groups += [Group("quantulum3", prepare_quantulum), Group("conll2003_valid", prepare_conll)]
    return groups


def stale_suites() -> list[str]:
    """Tables whose suite JSON no longer matches the schema (`make suites` not run): their
    vocabulary and column expectations fail for reasons that are not the corpus's."""
    return [t.name for t in schema.TABLES if not suite_path(t.name).exists() or suite_path(t.name).read_text(encoding="utf-8") != render_suite(t)]


def count_files(paths: list[Path]) -> int:
    return sum(1 if p.is_file() or p.is_symlink() else sum(len(names) for _, _, names in os.walk(p)) for p in paths)


# ---------------------------------------------------------------------------------------------
# Running the CLI
# ---------------------------------------------------------------------------------------------


@dataclass
class Invocation:
    exit_code: int | None  # None: killed at the timeout
    seconds: float
    outcome: str  # ok, gate_failed, nothing_read, crash
    status: str | None  # the summary's status (published, no_change), when it printed one
    run_id: str | None
    stderr_tail: list[str] = field(default_factory=list)


def classify(exit_code: int | None, stderr: str) -> str:
    """A known ending needs its exit code and the CLI's message: Python exits 1 on any uncaught
    exception too. Prefect logs the gate's exception with its traceback, so a traceback counts as
    a crash only beside exit 0 or an unknown exit."""
    if exit_code == EXIT_GATE_FAILED and GATE_FAILED_MESSAGE in stderr:
        return "gate_failed"
    if exit_code == EXIT_NOTHING_READ and NOTHING_READ_MESSAGE in stderr:
        return "nothing_read"
    if exit_code == 0 and not CRASH_MARKERS.search(stderr):
        return "ok"
    return "crash"


def run_cli(paths: list[Path], warehouse: Path, env: dict[str, str], timeout: float, log: Path, *options: str) -> Invocation:
    """One `newsfacts run` process (its own process group, killed whole at the timeout)."""
    command = [str(CLI), "run", *map(str, paths), "--warehouse", str(warehouse), "--json-summary", *options]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, errors="replace",
                               env=env, cwd=ROOT, start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
        exit_code: int | None = process.returncode
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        stdout, stderr = process.communicate()
        exit_code = None
    seconds = time.perf_counter() - start
    log.write_text(f"$ {' '.join(command)}\nexit {exit_code}\n--- stdout\n{stdout}\n--- stderr\n{stderr}", encoding="utf-8")
    summary = _json_summary(stdout)
    outcome = classify(exit_code, stderr)
    tail = stderr.rstrip().splitlines()[-STDERR_TAIL_LINES:] if outcome in ("crash", "gate_failed") else []
    if exit_code is None:
        tail.append(f"(killed after {timeout:g} s)")
    return Invocation(exit_code, round(seconds, 1), outcome, summary.get("status"), summary.get("run_id"), tail)


def _json_summary(stdout: str) -> dict:
    for line in reversed(stdout.strip().splitlines()):
        if line.startswith("{"):
            try:
                return json.loads(line)
            except json.JSONDecodeError:
                return {}
    return {}


# ---------------------------------------------------------------------------------------------
# Reading the warehouse back
# ---------------------------------------------------------------------------------------------


@dataclass
class ReadBack:
    source: str  # the snapshot read: published, or the one a failed gate kept in .failed/
    run_id: str | None  # the group's first run
    table_rows: dict[str, int] = field(default_factory=dict)
    rejected_by_reason: dict[str, int] = field(default_factory=dict)
    blocking_failures: list[dict] = field(default_factory=list)  # table_name, expectation, observed_value
    warnings: list[dict] = field(default_factory=list)


def _glob(root: Path, table_name: str) -> str:
    return str(root / table_name / "**" / "*.parquet")


def _has_files(root: Path, table_name: str) -> bool:
    return any((root / table_name).rglob("*.parquet"))


def first_run_id(con: duckdb.DuckDBPyConnection, published: Path) -> str | None:
    if not _has_files(published, "runs"):
        return None
    row = con.execute(f"SELECT run_id FROM read_parquet('{_glob(published, 'runs')}') ORDER BY started_at LIMIT 1").fetchone()
    return row[0] if row else None


def read_back(warehouse: Path, run_id: str | None) -> ReadBack:
    """Rows, rejections and failed expectations of the group's first run.

    After a failed gate the run's rows were never published: they are read from the snapshot the
    gate kept in `.failed/<run_id>/snapshot`; its validation results are published either way."""
    current = warehouse / "_current"
    published = Path(os.path.realpath(current)) if current.exists() else None
    con = duckdb.connect()
    if run_id is None and published is not None:
        run_id = first_run_id(con, published)
    failed_snapshot = warehouse / ".failed" / str(run_id) / "snapshot"
    data_root = failed_snapshot if failed_snapshot.is_dir() else published
    result = ReadBack("failed" if data_root == failed_snapshot else "published" if data_root else "none", run_id)
    if data_root is None:
        return result
    for table in schema.TABLES:
        if _has_files(data_root, table.name):
            result.table_rows[table.name] = con.execute(
                f"SELECT count(*) FROM read_parquet('{_glob(data_root, table.name)}', hive_partitioning = true, union_by_name = true)"
            ).fetchone()[0]
        else:
            result.table_rows[table.name] = 0
    if result.table_rows.get("rejected_inputs"):
        reasons = con.execute(
            f"SELECT reason, count(*) FROM read_parquet('{_glob(data_root, 'rejected_inputs')}', hive_partitioning = true) GROUP BY reason ORDER BY 2 DESC"
        ).fetchall()
        result.rejected_by_reason = dict(reasons)
    if published is not None and run_id is not None and _has_files(published, "validation_results"):
        failures = con.execute(
            f"SELECT table_name, expectation, severity, observed_value FROM read_parquet('{_glob(published, 'validation_results')}', hive_partitioning = true) "
            "WHERE run_id = ? AND NOT success ORDER BY table_name, expectation", [run_id]
        ).fetchall()
        for table_name, expectation, severity, observed in failures:
            entry = {"table_name": table_name, "expectation": expectation, "observed_value": observed}
            (result.blocking_failures if severity == "blocking" else result.warnings).append(entry)
    con.close()
    return result


# Tables whose rows a relink writes anew: every one but the run history.
RELINKED = tuple(t.name for t in (*schema.TABLES, *schema.STATE_TABLES) if t.name not in ("runs", "validation_results"))


def table_fingerprints(warehouse: Path) -> dict[str, tuple[int, int]]:
    """Rows and an order-free sum of row hashes per table and index of the published snapshot."""
    published = Path(os.path.realpath(warehouse / "_current"))
    with duckdb.connect() as con:
        return {name: tuple(con.execute(f"SELECT count(*), coalesce(sum(hash(t)), 0) FROM read_parquet('{_glob(published, name)}', "
                                        "hive_partitioning = false, union_by_name = true) t").fetchone())
                for name in RELINKED if _has_files(published, name)}


# ---------------------------------------------------------------------------------------------
# One group, and the report
# ---------------------------------------------------------------------------------------------


@dataclass
class GroupResult:
    group: str
    input_files: int
    first: Invocation
    rerun: Invocation | None
    relink: Invocation | None
    relink_changed: list[str]  # tables whose rows the relink did not write back as they were
    read: ReadBack
    problems: list[str]


def soak_group(group: Group, work: Path, env: dict[str, str], timeout: float) -> GroupResult:
    inputs_dir = work / "inputs" / group.name
    warehouse = work / "warehouses" / group.name
    for folder in (inputs_dir, warehouse):
        if folder.exists():
            shutil.rmtree(folder)
    paths = group.prepare(inputs_dir)
    logs = work / "logs"
    logs.mkdir(parents=True, exist_ok=True)
    first = run_cli(paths, warehouse, env, timeout, logs / f"{group.name}.first.log")
    rerun = run_cli(paths, warehouse, env, timeout, logs / f"{group.name}.rerun.log") if first.outcome != "crash" else None
    read = read_back(warehouse, first.run_id)
    first.run_id = read.run_id
    relink, changed = None, []
    if first.outcome == "ok":
        before = table_fingerprints(warehouse)
        relink = run_cli([], warehouse, env, timeout, logs / f"{group.name}.relink.log", "--relink")
        after = table_fingerprints(warehouse) if relink.outcome == "ok" else before
        changed = sorted(name for name in before.keys() | after.keys() if before.get(name) != after.get(name))
    problems = problems_of(group, first, rerun, read) + relink_problems(relink, changed)
    return GroupResult(group.name, count_files(paths), first, rerun, relink, changed, read, problems)


def relink_problems(relink: Invocation | None, changed: list[str]) -> list[str]:
    if relink is None:
        return []
    if relink.outcome != "ok" or relink.status != "published":
        return [f"relink: exit {relink.exit_code}, status {relink.status}, expected 0 / published"]
    return [f"relink changed the rows of {', '.join(changed)}"] if changed else []


def problems_of(group: Group, first: Invocation, rerun: Invocation | None, read: ReadBack) -> list[str]:
    expected = "nothing_read" if group.every_input_bad else "ok"
    problems = []
    if first.outcome != expected:
        problems.append(f"first run: {first.outcome} (exit {first.exit_code}), expected {expected}")
    if rerun is not None and rerun.outcome == "crash":
        problems.append(f"rerun: crash (exit {rerun.exit_code})")
    elif rerun is not None and first.outcome == "ok" and (rerun.outcome != "ok" or rerun.status != "no_change"):
        problems.append(f"rerun: exit {rerun.exit_code}, status {rerun.status}, expected 0 / no_change")
    if first.outcome == "ok" and read.blocking_failures:
        problems.append(f"{len(read.blocking_failures)} blocking failure(s) recorded in a published run")
    return problems


def format_group(result: GroupResult) -> str:
    first, rerun, read = result.first, result.rerun, result.read
    rerun_text = "not run" if rerun is None else f"{rerun.outcome} (exit {rerun.exit_code}, {rerun.status or '-'}) {rerun.seconds:.1f} s"
    relink = result.relink
    relink_text = "not run" if relink is None else (f"{relink.outcome} (exit {relink.exit_code}) {relink.seconds:.1f} s, "
                                                    + (f"changed {', '.join(result.relink_changed)}" if result.relink_changed else "every table as it was"))
    lines = [
        f"== {result.group}: {result.input_files} input files ==",
        f"  first run: {first.outcome} (exit {first.exit_code}) {first.seconds:.1f} s, run {first.run_id or '-'}; rerun: {rerun_text}",
        f"  relink: {relink_text}",
        f"  rows ({read.source} snapshot): " + ", ".join(f"{name} {rows}" for name, rows in read.table_rows.items()),
        "  rejected: " + (", ".join(f"{reason} {n}" for reason, n in read.rejected_by_reason.items()) or "none"),
        f"  blocking failures: {len(read.blocking_failures)}; warnings: {len(read.warnings)}",
    ]
    lines += [f"    BLOCKING {f['table_name']}: {f['expectation']}: {f['observed_value']}" for f in read.blocking_failures]
    lines += [f"    warning  {f['table_name']}: {f['expectation']}: {f['observed_value']}" for f in read.warnings]
    for invocation, label in ((first, "first run"), (rerun, "rerun"), (relink, "relink")):
        if invocation is not None and invocation.stderr_tail:
            lines.append(f"  stderr of the {label} (last {STDERR_TAIL_LINES} lines):")
            lines += [f"    | {line}" for line in invocation.stderr_tail]
    lines += [f"  PROBLEM: {problem}" for problem in result.problems]
    return "\n".join(lines)


def format_totals(results: list[GroupResult]) -> str:
    header = f"{'group':<34} {'files':>6} {'first run':<13} {'wall s':>7} {'rerun':<18} {'articles':>8} {'rejected':>8} {'blocking':>8} {'warnings':>8}"
    lines = [header, "-" * len(header)]
    for r in results:
        rerun = "-" if r.rerun is None else f"{r.rerun.exit_code}/{r.rerun.status or r.rerun.outcome}"
        lines.append(
            f"{r.group:<34} {r.input_files:>6} {r.first.outcome:<13} {r.first.seconds:>7.1f} {rerun:<18} "
            f"{r.read.table_rows.get('articles', 0):>8} {sum(r.read.rejected_by_reason.values()):>8} "
            f"{len(r.read.blocking_failures):>8} {len(r.read.warnings):>8}"
        )
    outcomes = Counter(inv.outcome for r in results for inv in (r.first, r.rerun, r.relink) if inv is not None)
    gate_failures = sum(1 for r in results if r.first.outcome == "gate_failed" or (r.rerun and r.rerun.outcome == "gate_failed"))
    crashes = sum(1 for r in results if r.first.outcome == "crash" or (r.rerun and r.rerun.outcome == "crash"))
    rejected = sum((Counter(r.read.rejected_by_reason) for r in results), Counter())
    rows = sum((Counter(r.read.table_rows) for r in results), Counter())
    lines += [
        "-" * len(header),
        f"TOTAL {len(results)} groups: gate failures {gate_failures}, crashes {crashes}, "
        f"groups with problems {sum(1 for r in results if r.problems)}; runs by outcome: {dict(outcomes)}; relinks that "
        f"changed a table: {sum(1 for r in results if r.relink_changed)} of {sum(1 for r in results if r.relink is not None)}",
        "  rejected by reason: " + (", ".join(f"{reason} {n}" for reason, n in rejected.most_common()) or "none"),
        "  rows per table: " + ", ".join(f"{table.name} {rows.get(table.name, 0)}" for table in schema.TABLES),
    ]
    warnings = Counter(f"{w['table_name']}: {w['expectation']}" for r in results for w in r.read.warnings)
    lines.append("  warnings by expectation (top 10, groups where it failed):")
    lines += [f"    {n:>3}  {name}" for name, n in warnings.most_common(10)] or ["    none"]
    return "\n".join(lines)


def main() -> int:
    sys.stdout.reconfigure(line_buffering=True)  # progress survives a later failure, and shows in a log
    groups = all_groups()
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", help="comma-separated groups: " + ", ".join(g.name for g in groups))
    parser.add_argument("--work", type=Path, help="keep inputs, warehouses and logs here (default: a temporary folder)")
    parser.add_argument("--skip-bbc", action="store_true", help="leave out BBC, the slowest group")
    parser.add_argument("--timeout", type=float, default=1800.0, help="seconds per `newsfacts run` before it counts as a crash")
    args = parser.parse_args()
    if args.only:
        wanted = {name.strip() for name in args.only.split(",") if name.strip()}
        unknown = wanted - {g.name for g in groups}
        if unknown:
            parser.error(f"unknown group(s): {', '.join(sorted(unknown))}")
        groups = [g for g in groups if g.name in wanted]
    if args.skip_bbc:
        groups = [g for g in groups if g.name != "bbc"]

    work = args.work.resolve() if args.work else Path(tempfile.mkdtemp(prefix="newsfacts-soak-"))
    work.mkdir(parents=True, exist_ok=True)
    # One Prefect home for every run: its database is created once, not per group.
    env = {**os.environ, "PREFECT_HOME": str(work / ".prefect")}
    print(f"soak: {len(groups)} groups, work folder {work}")
    stale = stale_suites()
    if stale:
        print(f"NOTE: suites out of date with transforms/schema.py (run `make suites`): {', '.join(stale)}")
    print()
    results = []
    for group in groups:
        result = soak_group(group, work, env, args.timeout)
        results.append(result)
        print(format_group(result) + "\n")
    print(format_totals(results))
    (work / "soak.json").write_text(json.dumps([asdict(r) for r in results], indent=2, default=str), encoding="utf-8")

    failed = any(r.problems for r in results)
    if args.work is None and not failed:
        shutil.rmtree(work)
    else:
        print(f"\ninputs, warehouses, logs and soak.json kept in {work}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
