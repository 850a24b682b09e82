"""The IO layer: every module that reads or writes files (or runs `git`), apart from the pure transforms.

- `sources`: input files and manifests, read into article candidates and rejections
- `incremental`: which inputs are new, and the `runs` record (code version from `git`)
- `quarantine`: copies of rejected inputs and their notes, retried from `_pending/`
- `warehouse`: Parquet reads and writes, snapshots, the writer lock, staging and publishing
- `archive`: DuckDB lookups by key into the published snapshot
- `increment`: writing a run's new, rewritten and carried-over files to staging

The pure transforms (`transforms/*.py`, `extract/`, `aggregate/`) take and return data; the flow
(`flows/`) hands them what these modules read and gives these modules what they return.
"""
