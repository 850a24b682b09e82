"""Writing a run's increment: internal indexes grow by a file a run, then are written whole as one."""

from __future__ import annotations

import pandas as pd

from transforms import schema
from transforms.io import increment, warehouse
from transforms.io.archive import Archive


def keys(run: int) -> pd.DataFrame:
    return pd.DataFrame({"key": [f"pair:k{run}", "pair:shared"], "quote_id": [f"q{run}", f"q{run}"]})


def publish_index_run(wh, run: int) -> bool:
    archive = Archive(warehouse.current_snapshot(wh))
    out = warehouse.publish_root(wh, f"r{run}")
    try:
        rewrote = increment.append_to_index(archive, schema.QUOTE_KEYS, keys(run), out, f"r{run}")
    finally:
        archive.close()
    warehouse.publish_snapshot(wh, f"r{run}", out, replaced=[schema.QUOTE_KEYS.name] if rewrote else [])
    return rewrote


def test_an_index_is_written_whole_once_it_has_too_many_files(tmp_path, monkeypatch):
    monkeypatch.setattr(increment, "INDEX_FILES_BEFORE_COMPACTION", 3)
    rewrote = [publish_index_run(tmp_path, run) for run in range(5)]
    assert rewrote == [False, False, False, True, False]  # the fourth run found three files
    snapshot = warehouse.current_snapshot(tmp_path)
    assert [f.name for f in snapshot.files(schema.QUOTE_KEYS.name)] == ["r3-00000.parquet", "r4-00000.parquet"]
    stored = warehouse.read_table_dir(snapshot.path(schema.QUOTE_KEYS.name), schema.QUOTE_KEYS, hive=False)
    assert sorted(stored["quote_id"].unique()) == [f"q{run}" for run in range(5)] and len(stored) == 10  # nothing lost or doubled
