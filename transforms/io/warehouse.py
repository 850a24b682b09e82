"""The Parquet IO layer: the only module that reads or writes warehouse files.

Layout (see docs/warehouse.md):

    <warehouse>/articles -> _current/articles          one symlink per table, made once
    <warehouse>/_current -> _snapshots/00000042         the published snapshot: ONE symlink
    <warehouse>/_snapshots/00000042/<table>/[ingest_date=YYYY-MM-DD/]<run_id>-NNNNN.parquet
    <warehouse>/_snapshots/00000042/_state/...          indexes the incremental stages read
    <warehouse>/_staging/<run_id>/                      a run's files before they are published
    <warehouse>/_lock                                   one writer at a time (flock)

Guarantees:
- Append-only: a run adds files named after itself; a published file is never modified. A file
  whose rows must change (re-linked rows, corpus rows the run updates) is replaced by a new file
  with a new name.
- Atomic across tables: a snapshot is a complete folder of every table, built beside the live
  one from hard links to the files it keeps plus the run's new files, and published by replacing
  the `_current` symlink in one `rename`. A reader of `<warehouse>/<table>/**/*.parquet` sees the
  whole previous snapshot or the whole new one, never part of a run, and never a dead file.
- Crash-safe: a process killed at any step leaves `_current` on a complete snapshot; leftovers
  (`_staging`, unfinished `_snapshots/.building-*`) are removed by the next writer.
- Old snapshots stay readable for a grace period (readers that resolved `_current` before a swap
  keep their files), then are deleted; files shared with newer snapshots live on through their links.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import errno
import fcntl
import json
import os
import shutil
import signal
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from transforms.schema import Table

STAGING_DIR = "_staging"
FAILED_DIR = ".failed"
DATA_DOCS_DIR = "_data_docs"
SNAPSHOTS_DIR = "_snapshots"
CURRENT_LINK = "_current"
STATE_DIR = "_state"
LOCK_FILE = "_lock"
MANIFEST_FILE = "_snapshot.json"
BUILDING_PREFIX = ".building-"
KEEP_SNAPSHOTS = 3  # the newest ones are always kept, whatever their age
SNAPSHOT_GRACE_SECONDS = 3600.0  # older snapshots stay this long for readers that resolved them
FAULT_INJECTION_ENV = "NEWSFACTS_KILL_AT"  # tests: SIGKILL this process at a named publish step
MAX_ROWS_PER_FILE = 1_000_000
_RENAME_EXCHANGE = 2
_AT_FDCWD = -100


def conform_to_schema(frame: pd.DataFrame, table: Table, allow_nulls: bool = False) -> pa.Table:
    """Cast a frame to the table's full schema (partition column included); raises on missing columns.

    `allow_nulls` relaxes nullability, for staged chunks whose link columns are filled later.
    """
    missing = [name for name in table.column_names if name not in frame.columns]
    if missing:
        raise KeyError(f"{table.name}: missing columns {missing}")
    schema = _nullable(table.frame_schema()) if allow_nulls else table.frame_schema()
    return pa.Table.from_pandas(frame[table.column_names], schema=schema, preserve_index=False)


def _nullable(schema: pa.Schema) -> pa.Schema:
    return pa.schema([field.with_nullable(True) for field in schema])


def _encode_for_file(arrow: pa.Table, table: Table) -> pa.Table:
    file_schema = table.file_schema()
    columns = [arrow.column(field.name) for field in file_schema]
    encoded = [
        pc.dictionary_encode(column).cast(field.type) if pa.types.is_dictionary(field.type) else column
        for column, field in zip(columns, file_schema)
    ]
    return pa.Table.from_arrays(encoded, schema=file_schema)


def _write_files(arrow: pa.Table, table: Table, directory: Path, prefix: str) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for number, offset in enumerate(range(0, max(arrow.num_rows, 1), MAX_ROWS_PER_FILE)):
        path = directory / f"{prefix}-{number:05d}.parquet"
        pq.write_table(_encode_for_file(arrow.slice(offset, MAX_ROWS_PER_FILE), table), path, compression="zstd")
        written.append(path)
    return written


def write_table(
    frame: pd.DataFrame, table: Table, directory: Path, empty_partition: date | None = None, prefix: str = "part",
) -> list[Path]:
    """Write rows into a table folder, split by its partition column, as files named `<prefix>-NNNNN`.

    An empty partitioned table still gets one zero-row file (in `empty_partition`, default today
    in UTC), so readers always find the schema.
    """
    arrow = conform_to_schema(frame, table)
    partition = table.partition_column
    if partition is None:
        return _write_files(arrow, table, directory, prefix)
    values = pc.unique(arrow.column(partition)).to_pylist()
    if not values:
        values = [empty_partition or datetime.now(UTC).date()]
    written: list[Path] = []
    for value in sorted(values):
        part = arrow.filter(pc.equal(arrow.column(partition), pa.scalar(value, arrow.schema.field(partition).type)))
        written += _write_files(part, table, directory / f"{partition}={value.isoformat()}", prefix)
    return written


def table_path(warehouse: Path, table: Table) -> Path:
    return warehouse / table.name


def read_table(warehouse: Path, table: Table, columns: list[str] | None = None) -> pd.DataFrame:
    """Read a published table (or chosen columns) into pandas with contract types; absent reads as empty."""
    return read_table_dir(table_path(warehouse, table), table, columns)


def read_table_dir(path: Path, table: Table, columns: list[str] | None = None, hive: bool = True) -> pd.DataFrame:
    """Read every Parquet file under a table folder: a published version, or staged chunks (`hive=False`)."""
    schema = table.frame_schema() if hive else _nullable(table.frame_schema())
    if columns is not None:
        schema = pa.schema([schema.field(name) for name in columns])
    if not path.is_dir():
        return schema.empty_table().to_pandas()
    partition = table.partition_column
    partitioning = ds.partitioning(pa.schema([table.frame_schema().field(partition)]), flavor="hive") if partition and hive else None
    dataset = ds.dataset(path, format="parquet", partitioning=partitioning, ignore_prefixes=[".", "_"])
    absent = absent_columns(table, schema.names, dataset.schema, f"the files under {path}")
    arrow = dataset.to_table(columns=[name for name in schema.names if name not in absent])
    arrays = [pa.nulls(arrow.num_rows, schema.field(name).type) if name in absent else arrow.column(name).cast(schema.field(name).type)
              for name in schema.names]
    return pa.Table.from_arrays(arrays, schema=schema).to_pandas()


def write_chunk(frame: pd.DataFrame, table: Table, path: Path) -> Path:
    """Write one chunk of a table as a single file (partition column kept inside) for later assembly."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(conform_to_schema(frame, table, allow_nulls=True), path, compression="zstd")
    return path


def staging_path(warehouse: Path, run_id: str) -> Path:
    """A run's private folder: extracted chunks, and under `publish/` the files it will publish."""
    return warehouse / STAGING_DIR / run_id


def publish_root(warehouse: Path, run_id: str) -> Path:
    """Where a run writes the files it adds, laid out as in a snapshot (`<table>/...`, `_state/...`)."""
    return staging_path(warehouse, run_id) / "publish"


# ---------------------------------------------------------------------------------------------
# One writer at a time
# ---------------------------------------------------------------------------------------------


class WarehouseBusyError(RuntimeError):
    """Another run holds the warehouse lock and did not release it in time."""


_HELD_LOCKS: dict[Path, int] = {}  # this process's locks: the CLI and the flow it calls share one


@contextmanager
def warehouse_lock(warehouse: Path, wait_seconds: float, holder: str = "") -> Iterator[None]:
    """Hold the warehouse's writer lock (`flock` on `<warehouse>/_lock`) for the block.

    A second writer waits up to `wait_seconds`, then raises `WarehouseBusyError` naming the
    holder. The kernel releases the lock when its process dies, so a killed run never leaves the
    warehouse locked. Re-entrant within one process.
    """
    key = warehouse.resolve()
    if key in _HELD_LOCKS:
        _HELD_LOCKS[key] += 1
        try:
            yield
        finally:
            _HELD_LOCKS[key] -= 1
        return
    warehouse.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(warehouse / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    deadline = time.monotonic() + max(0.0, wait_seconds)
    try:
        while True:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except OSError as error:
                if error.errno not in (errno.EAGAIN, errno.EACCES, errno.EWOULDBLOCK):
                    raise
                if time.monotonic() >= deadline:
                    current = os.pread(descriptor, 4096, 0).decode("utf-8", "replace").strip() or "another process"
                    raise WarehouseBusyError(
                        f"{warehouse} is being written by {current}; waited {wait_seconds:g} s "
                        "(raise --lock-wait to wait longer)"
                    ) from None
                time.sleep(0.2)
        os.ftruncate(descriptor, 0)
        os.pwrite(descriptor, f"run {holder or '?'} (pid {os.getpid()}, since {datetime.now(UTC):%Y-%m-%dT%H:%M:%SZ})".encode(), 0)
        _HELD_LOCKS[key] = 1
        try:
            yield
        finally:
            del _HELD_LOCKS[key]
            os.ftruncate(descriptor, 0)
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)


# ---------------------------------------------------------------------------------------------
# Snapshots: what readers see
# ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """One published, complete state of every table (a folder under `_snapshots/`)."""

    root: Path
    sequence: int

    def path(self, name: str) -> Path:
        return self.root / name

    def files(self, name: str) -> list[Path]:
        """The Parquet files of a table (or a `_state/...` index), in a stable order."""
        folder = self.root / name
        return sorted(folder.rglob("*.parquet")) if folder.is_dir() else []

    def row_counts(self) -> dict[str, int]:
        """Rows per table, from the Parquet footers (no data is read)."""
        from transforms.schema import TABLES

        return {table.name: sum(pq.ParquetFile(f).metadata.num_rows for f in self.files(table.name)) for table in TABLES}

    def manifest(self) -> dict[str, object]:
        path = self.root / MANIFEST_FILE
        return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else {}


def stale_indexes(snapshot: Snapshot) -> list[str]:
    """The `_state/` indexes of a snapshot written by an older newsfacts, whose columns the incremental stages
    can no longer read (a claim index without `block_keys`): the warehouse needs one full refresh."""
    from transforms.schema import CLAIM_FEATURES, CLAIM_FEATURES_VERSION, STATE_TABLES, STORY_FEATURES, STORY_FEATURES_VERSION

    versions = {CLAIM_FEATURES.name: CLAIM_FEATURES_VERSION, STORY_FEATURES.name: STORY_FEATURES_VERSION}

    stale = []
    for table in STATE_TABLES:
        files = snapshot.files(table.name)
        if files and set(table.column_names) - set(pq.read_schema(files[0]).names):
            stale.append(table.name)
        elif files and table.name in versions and _versions(files, "features_version") - {versions[table.name]}:
            stale.append(table.name)  # the same columns, computed by other rules (version 1 had another subject_entity_id)
    return stale


def _versions(files: list[Path], column: str) -> set[int]:
    """The values of an int column over Parquet files, from their footers' statistics (a file without them is read)."""
    values: set[int] = set()
    for path in files:
        metadata = pq.ParquetFile(path).metadata
        index = metadata.schema.names.index(column)
        for group in range(metadata.num_row_groups):
            statistics = metadata.row_group(group).column(index).statistics
            if statistics is None or not statistics.has_min_max:
                values |= set(pq.read_table(path, columns=[column]).column(column).to_pylist())
                break
            values |= {int(statistics.min), int(statistics.max)}
    return values


def current_snapshot(warehouse: Path) -> Snapshot | None:
    """The published snapshot, resolved once: read every table of one query from it for a consistent view."""
    link = warehouse / CURRENT_LINK
    if not link.is_symlink():
        return None
    root = (warehouse / os.readlink(link)).resolve()
    return Snapshot(root, int(root.name))


def _snapshot_sequences(warehouse: Path) -> list[int]:
    folder = warehouse / SNAPSHOTS_DIR
    return sorted(int(p.name) for p in folder.iterdir() if p.name.isdigit()) if folder.is_dir() else []


def _reached(step: str) -> None:
    """Fault injection for the crash tests: die here, as `kill -9` would, when the environment says so."""
    if os.environ.get(FAULT_INJECTION_ENV) == step:
        os.kill(os.getpid(), signal.SIGKILL)


def _relative_files(root: Path) -> Iterator[Path]:
    for directory, _, names in os.walk(root):
        for name in names:
            yield (Path(directory) / name).relative_to(root)


def _replace_symlink(link: Path, target: str) -> None:
    """Point `link` at `target` in one step (a new link renamed over the old one)."""
    temporary = link.with_name(f".{link.name}.tmp-{os.getpid()}")
    if temporary.is_symlink() or temporary.exists():
        temporary.unlink()
    os.symlink(target, temporary)
    os.replace(temporary, link)


def stage_snapshot(
    warehouse: Path, run_id: str, added: Path | None, replaced: Sequence[str] = (), dropped: Sequence[str] = (),
) -> Path:
    """Build the next snapshot beside the live one: the current snapshot's files (hard links) less
    `replaced` top-level folders and `dropped` relative paths, plus every file under `added` (moved
    in). Nothing is visible to readers until `switch_snapshot`. The caller holds the warehouse lock."""
    previous = current_snapshot(warehouse)
    building = warehouse / SNAPSHOTS_DIR / f"{BUILDING_PREFIX}{run_id}"
    if building.exists():
        shutil.rmtree(building)
    building.mkdir(parents=True)
    _reached("begin")
    skipped_folders = [Path(folder).parts for folder in replaced]
    skipped_files = set(dropped)
    if previous is not None:
        for relative in _relative_files(previous.root):
            if str(relative) in skipped_files or str(relative) == MANIFEST_FILE:
                continue
            if any(relative.parts[: len(folder)] == folder for folder in skipped_folders):
                continue
            target = building / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(previous.root / relative, target)
    _reached("linked")
    if added is not None and added.is_dir():
        for relative in _relative_files(added):
            target = building / relative
            if target.exists():
                raise FileExistsError(f"{relative} is already published: a run never overwrites a file")
            target.parent.mkdir(parents=True, exist_ok=True)
            os.rename(added / relative, target)
    _reached("moved")
    return building


def switch_snapshot(warehouse: Path, building: Path, run_id: str) -> Snapshot:
    """Publish a staged snapshot: name it, then point `_current` at it in one atomic rename."""
    previous = current_snapshot(warehouse)
    sequence = next_snapshot_sequence(warehouse)
    manifest = {
        "sequence": sequence, "run_id": run_id, "parent": previous.sequence if previous else None,
        "published_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }
    (building / MANIFEST_FILE).write_text(json.dumps(manifest, indent=2), encoding="utf-8")
    final = warehouse / SNAPSHOTS_DIR / f"{sequence:08d}"
    os.rename(building, final)
    _reached("renamed")
    _replace_symlink(warehouse / CURRENT_LINK, f"{SNAPSHOTS_DIR}/{final.name}")
    _reached("switched")
    link_tables(warehouse, final)
    _reached("linked_tables")
    prune_snapshots(warehouse)
    _reached("pruned")
    return Snapshot(final, sequence)


def next_snapshot_sequence(warehouse: Path) -> int:
    return max([0, *_snapshot_sequences(warehouse)]) + 1


def publish_snapshot(
    warehouse: Path, run_id: str, added: Path | None, replaced: Sequence[str] = (), dropped: Sequence[str] = (),
) -> Snapshot:
    """`stage_snapshot` then `switch_snapshot`: for changes that need no validation in between."""
    return switch_snapshot(warehouse, stage_snapshot(warehouse, run_id, added, replaced, dropped), run_id)


def link_tables(warehouse: Path, snapshot_root: Path) -> None:
    """Give every table of the snapshot its stable path `<warehouse>/<table>` (a symlink through `_current`)."""
    for entry in sorted(snapshot_root.iterdir()):
        if not entry.is_dir() or (entry.name.startswith(("_", ".")) and entry.name != DATA_DOCS_DIR):
            continue
        link = warehouse / entry.name
        if link.is_symlink():
            continue
        target = f"{CURRENT_LINK}/{entry.name}"
        if link.is_dir():  # a folder from the layout before snapshots: swap it for the link in one step
            temporary = link.with_name(f".{link.name}.legacy-{os.getpid()}")
            os.symlink(target, temporary)
            if _exchange(temporary, link):
                shutil.rmtree(temporary)
            else:
                os.rename(link, temporary.with_name(temporary.name + "-old"))
                os.rename(temporary, link)
                shutil.rmtree(temporary.with_name(temporary.name + "-old"))
            continue
        _replace_symlink(link, target)


def prune_snapshots(warehouse: Path, keep: int = KEEP_SNAPSHOTS, grace_seconds: float = SNAPSHOT_GRACE_SECONDS) -> list[int]:
    """Delete snapshots that are not current, not among the `keep` newest, and were replaced more than
    `grace_seconds` ago (a reader may have resolved `_current` to one just before it was replaced).
    Files shared with kept snapshots survive through their other links."""
    current = current_snapshot(warehouse)
    sequences = _snapshot_sequences(warehouse)
    folder_of = {s: warehouse / SNAPSHOTS_DIR / f"{s:08d}" for s in sequences}
    removed = []
    now = time.time()
    for sequence, successor in zip(sequences[:-keep], sequences[1:]):  # noqa: RUF007 - stops `keep` snapshots before the newest
        if current is not None and sequence == current.sequence:
            continue
        replaced_at = folder_of[successor].stat().st_mtime  # when the next snapshot was built, so this one stopped being current
        if now - replaced_at >= grace_seconds:
            shutil.rmtree(folder_of[sequence])
            removed.append(sequence)
    return removed


def clean_leftovers(warehouse: Path, keep_run_id: str | None = None) -> list[str]:
    """Remove what killed runs left behind: unfinished snapshot folders, snapshots never switched to,
    staging folders. The caller holds the lock, so none of it belongs to a live run."""
    removed: list[str] = []
    current = current_snapshot(warehouse)
    snapshots = warehouse / SNAPSHOTS_DIR
    if snapshots.is_dir():
        for entry in snapshots.iterdir():
            unfinished = entry.name.startswith(BUILDING_PREFIX)
            never_published = entry.name.isdigit() and (current is None or int(entry.name) > current.sequence)
            if unfinished or never_published:
                shutil.rmtree(entry)
                removed.append(str(entry.relative_to(warehouse)))
    staging = warehouse / STAGING_DIR
    if staging.is_dir():
        for entry in staging.iterdir():
            if entry.name != keep_run_id:
                shutil.rmtree(entry)
                removed.append(str(entry.relative_to(warehouse)))
    for entry in warehouse.glob(".*.tmp-*") if warehouse.is_dir() else []:
        entry.unlink()
    return removed


def adopt_legacy_layout(warehouse: Path, table_names: Sequence[str]) -> Snapshot | None:
    """A warehouse written before snapshots (real table folders) becomes snapshot 1 with the same
    files; each folder is then exchanged for its symlink in one step, so readers see no change."""
    if current_snapshot(warehouse) is not None:
        return None
    legacy = [name for name in [*table_names, DATA_DOCS_DIR] if (warehouse / name).is_dir() and not (warehouse / name).is_symlink()]
    if not legacy:
        return None
    building = warehouse / SNAPSHOTS_DIR / f"{BUILDING_PREFIX}legacy"
    if building.exists():
        shutil.rmtree(building)
    for name in legacy:
        for relative in _relative_files(warehouse / name):
            target = building / name / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(warehouse / name / relative, target)
    return switch_snapshot(warehouse, building, "legacy-layout")  # also exchanges each folder for its link


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths (Linux renameat2); False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


# ---------------------------------------------------------------------------------------------
# Reading a snapshot with DuckDB (out of core)
# ---------------------------------------------------------------------------------------------


def _sql_list(paths: Sequence[Path]) -> str:
    return "[" + ", ".join("'" + str(p).replace("'", "''") + "'" for p in paths) + "]"


def parquet_source(files: Sequence[Path], partition_column: str | None, filename: bool = False) -> str:
    """A DuckDB `read_parquet` over exactly these files (never a glob: a file list is one snapshot);
    `filename` adds the column of each row's file."""
    hive = f", hive_partitioning = true, hive_types = {{'{partition_column}': DATE}}" if partition_column else ", hive_partitioning = false"
    return f"read_parquet({_sql_list(files)}, union_by_name = true{hive}{', filename = true' if filename else ''})"


def register_views(con: object, snapshot: Snapshot | None, tables: Sequence[Table]) -> None:
    """One DuckDB view per table over the snapshot's files; a table without files is an empty view
    with the contract's columns."""
    for table in tables:
        files = snapshot.files(table.name) if snapshot else []
        if files:
            con.execute(f"CREATE OR REPLACE VIEW {table.name} AS SELECT * FROM {parquet_source(files, table.partition_column)}")
        else:
            con.register(f"__empty_{table.name}", table.frame_schema().empty_table())
            con.execute(f"CREATE OR REPLACE VIEW {table.name} AS SELECT * FROM __empty_{table.name}")


def duckdb_connection(memory_limit: str | None = None, temp_directory: Path | None = None):
    """An in-process DuckDB that spills to disk instead of growing past `memory_limit`."""
    import duckdb

    con = duckdb.connect()
    if memory_limit:
        con.execute(f"SET memory_limit = '{memory_limit}'")
    if temp_directory is not None:
        temp_directory.mkdir(parents=True, exist_ok=True)
        con.execute(f"SET temp_directory = '{temp_directory}'")
    con.execute("SET preserve_insertion_order = false")
    con.execute("SET parquet_metadata_cache = true")  # published files never change: read each footer once
    return con


# ---------------------------------------------------------------------------------------------
# Quarantine and failed runs
# ---------------------------------------------------------------------------------------------


def retire_staging(warehouse: Path, run_id: str, failed: bool) -> Path | None:
    """Remove a run's staging area, or keep it under `.failed/` for diagnosis when the run failed."""
    staged = staging_path(warehouse, run_id)
    if not staged.exists():
        return None
    if not failed:
        shutil.rmtree(staged)
        return None
    target = warehouse / FAILED_DIR / run_id
    target.parent.mkdir(parents=True, exist_ok=True)
    os.rename(staged, target)
    return target


# ---------------------------------------------------------------------------------------------
# Writing a run's increment
# ---------------------------------------------------------------------------------------------


def write_query(con: object, sql: str, table: Table, path: Path, batch_rows: int = 200_000) -> int:
    """Stream a DuckDB query's result into one Parquet file with the table's file schema (never
    materialising the whole result); returns the row count. Used for the corpus-level tables and
    indexes, which are written from the previous snapshot and the run's changes. A nullable column the
    query lacks (files written before the column existed) is written as nulls; a required one is an error."""
    file_schema = table.file_schema()
    frame_schema = table.frame_schema()
    path.parent.mkdir(parents=True, exist_ok=True)
    reader = con.sql(sql).to_arrow_reader(batch_rows)  # type: ignore[attr-defined]
    absent_columns(table, file_schema.names, reader.schema, "the rows to write")
    rows = 0
    with pq.ParquetWriter(path, file_schema, compression="zstd") as writer:
        for batch in reader:
            arrays = [_column_or_nulls(batch, frame_schema.field(f.name)) for f in file_schema]
            arrow = pa.Table.from_arrays(arrays, schema=pa.schema([frame_schema.field(f.name) for f in file_schema]))
            writer.write_table(_encode_for_file(arrow, table))
            rows += batch.num_rows
    return rows


def absent_columns(table: Table, wanted: Sequence[str], present: pa.Schema, what: str) -> list[str]:
    """The wanted columns `present` lacks (files written before a column existed): a nullable one is read
    or written as nulls by the caller, a required one is an error."""
    absent = [name for name in wanted if present.get_field_index(name) < 0]
    required = [name for name in absent if not table.column(name).nullable]
    if required:
        raise KeyError(f"{table.name}: {what} lack the required columns {required}")
    return absent


def _column_or_nulls(batch: pa.RecordBatch, field: pa.Field) -> pa.Array:
    """The batch's column for `field`, cast to the contract type; nulls when the batch lacks it
    (`get_field_index` answers -1, which `column` would read as the last column)."""
    position = batch.schema.get_field_index(field.name)
    if position < 0:
        return pa.nulls(batch.num_rows, type=field.type)
    return batch.column(position).cast(field.type)
