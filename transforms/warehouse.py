"""The Parquet IO layer: the only module that reads or writes warehouse tables.

Layout: `<warehouse>/<table>/[ingest_date=YYYY-MM-DD/]part-NNNNN.parquet`, readable with
`read_parquet('<warehouse>/<table>/**/*.parquet', hive_partitioning=true)`. A run writes complete
new versions of the tables it changes under `<warehouse>/.staging/<run_id>/`, and only after
validation swaps each one into place with an atomic directory exchange: readers see either the
old or the new table, never a partial one, and a run that stops before publishing leaves the
warehouse as it was. Files and folders starting with `.` or `_` are not tables.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import json
import os
import shutil
from collections.abc import Mapping
from datetime import date
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from transforms.schema import Table

STAGING_DIR = ".staging"
FAILED_DIR = ".failed"
DATA_DOCS_DIR = "_data_docs"
QUARANTINE_DIR = "_quarantine"
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


def _write_files(arrow: pa.Table, table: Table, directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for number, offset in enumerate(range(0, max(arrow.num_rows, 1), MAX_ROWS_PER_FILE)):
        path = directory / f"part-{number:05d}.parquet"
        pq.write_table(_encode_for_file(arrow.slice(offset, MAX_ROWS_PER_FILE), table), path, compression="zstd")
        written.append(path)
    return written


def write_table(frame: pd.DataFrame, table: Table, directory: Path, empty_partition: date | None = None) -> list[Path]:
    """Write a complete table version into an empty directory, split by its partition column.

    An empty partitioned table still gets one zero-row file (in `empty_partition`), so readers
    always find the schema.
    """
    arrow = conform_to_schema(frame, table)
    partition = table.partition_column
    if partition is None:
        return _write_files(arrow, table, directory)
    values = pc.unique(arrow.column(partition)).to_pylist()
    if not values:
        values = [empty_partition or date.today()]
    written: list[Path] = []
    for value in sorted(values):
        part = arrow.filter(pc.equal(arrow.column(partition), pa.scalar(value, arrow.schema.field(partition).type)))
        written += _write_files(part, table, directory / f"{partition}={value.isoformat()}")
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
    arrow = dataset.to_table(columns=schema.names)
    arrow = pa.Table.from_arrays([arrow.column(name).cast(schema.field(name).type) for name in schema.names], schema=schema)
    return arrow.to_pandas()


def write_chunk(frame: pd.DataFrame, table: Table, path: Path) -> Path:
    """Write one chunk of a table as a single file (partition column kept inside) for later assembly."""
    path.parent.mkdir(parents=True, exist_ok=True)
    pq.write_table(conform_to_schema(frame, table, allow_nulls=True), path, compression="zstd")
    return path


def staging_path(warehouse: Path, run_id: str) -> Path:
    return warehouse / STAGING_DIR / run_id


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2); False where the system cannot."""
    libc_name = ctypes.util.find_library("c")
    if libc_name is None:
        return False
    libc = ctypes.CDLL(libc_name, use_errno=True)
    renameat2 = getattr(libc, "renameat2", None)
    if renameat2 is None:
        return False
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def publish_directory(staged: Path, live: Path) -> None:
    """Replace `live` with `staged` in one step where the OS allows it."""
    live.parent.mkdir(parents=True, exist_ok=True)
    if not live.exists():
        os.rename(staged, live)
        return
    if _exchange(staged, live):
        shutil.rmtree(staged)  # now holds the previous version
        return
    retired = live.with_name(f".retired-{live.name}-{os.getpid()}")
    os.rename(live, retired)
    os.rename(staged, live)
    shutil.rmtree(retired)


def publish_tables(warehouse: Path, staged_tables: Mapping[str, Path]) -> None:
    """Swap staged table versions into the warehouse; `runs` goes last so it only lists published data."""
    ordered = sorted(staged_tables, key=lambda name: name == "runs")
    for name in ordered:
        publish_directory(staged_tables[name], warehouse / name)


def quarantine_file(warehouse: Path, run_id: str, source: Path, reasons: list[dict[str, str]]) -> Path:
    """Keep a copy of a rejected input beside a JSON note of why it was rejected."""
    folder = warehouse / QUARANTINE_DIR / run_id
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / source.name
    if source.is_file():
        shutil.copy2(source, target)
    (folder / f"{source.name}.reason.json").write_text(json.dumps({"source": str(source), "rejections": reasons}, indent=2), encoding="utf-8")
    return target


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
