"""Run the stored GX suites over the tables a run is about to publish.

Great Expectations is imported here only (it takes seconds), with analytics and progress bars
off. The gate adds the derived check columns the suites refer to, fills the foreign-key
checks from the frames themselves, renders GX Data Docs when asked, and reports one row
per expectation in the `validation_results` shape.

The Data Docs open offline (see `expectations/data_docs.py`), and each result page is named
after the newsfacts run (GX's run name) and the table (its data asset).
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path

import pandas as pd

from expectations.build import (
    ARTICLE_MENTION_COUNT,
    OFFSETS_IN_BODY,
    SUITES_DIR,
    TEXT_AT_OFFSETS,
    TEXT_COLUMN_AT_OFFSETS,
    INLINE_VOCABULARY_LIMIT,
    foreign_key_check,
    vocabulary_check,
    suite_path,
)
from expectations.data_docs import localize_data_docs
from transforms.ids import stable_id
from transforms import schema
from transforms.schema import VALIDATION_RESULTS

_SEVERITY_NAMES = {"critical": "blocking", "warning": "warning", "info": "warning"}


@dataclass(frozen=True)
class GateReport:
    results: pd.DataFrame  # rows shaped like `validation_results`
    blocking_failures: tuple[str, ...]

    @property
    def passed(self) -> bool:
        return not self.blocking_failures


# Which of these key values a published table already holds: (table, column, values) -> the values found.
ReferenceLookup = Callable[[str, str, set[str]], set[str]]


def add_check_columns(
    table_name: str, frame: pd.DataFrame, frames: Mapping[str, pd.DataFrame], published_keys: ReferenceLookup | None = None,
) -> pd.DataFrame:
    """The frame plus the derived columns its suite checks (offsets, foreign keys, per-article counts).

    A foreign key resolves to a row of the referenced frame, or (with `published_keys`) to a row
    the warehouse already holds: a run validates its own rows, which may point at published ones.
    """
    checks: dict[str, object] = {}
    for key in schema.table(table_name).foreign_keys:
        if key.ref_table not in frames and published_keys is None:
            raise KeyError(f"cannot check {table_name}.{key.column}: table {key.ref_table} is not being validated")
        referenced = set(frames[key.ref_table][key.ref_column].dropna().tolist()) if key.ref_table in frames else set()
        values = frame[key.column]
        if published_keys is not None:
            unresolved = set(values.dropna().tolist()) - referenced
            if unresolved:
                referenced |= published_keys(key.ref_table, key.ref_column, unresolved)
        checks[foreign_key_check(key.column)] = [
            missing or value in referenced for value, missing in zip(values.tolist(), values.isna().tolist())
        ]
    for column in schema.table(table_name).columns:
        allowed = schema.vocabulary(table_name, column.name)
        if allowed is not None and len(allowed) > INLINE_VOCABULARY_LIMIT:
            allowed_or_null = frame[column.name].isna() | frame[column.name].isin(frozenset(allowed))
            checks[vocabulary_check(column.name)] = allowed_or_null.to_numpy(dtype=bool)
    if table_name in TEXT_COLUMN_AT_OFFSETS:
        articles = frames["articles"]
        body_of = dict(zip(articles["article_id"].tolist(), articles["body_text"].tolist()))
        body = [body_of.get(article_id) for article_id in frame["article_id"].tolist()]  # a dict: pandas' map is 10x slower here
        starts, ends = frame["start_char"].tolist(), frame["end_char"].tolist()
        in_body = [
            isinstance(text, str) and 0 <= start < end <= len(text)
            for text, start, end in zip(body, starts, ends)
        ]
        at_offsets = [text[start:end] if ok else None for text, start, end, ok in zip(body, starts, ends, in_body)]
        checks[OFFSETS_IN_BODY] = in_body
        checks[TEXT_AT_OFFSETS] = pd.Series(at_offsets, index=frame.index, dtype=object)
    if table_name == "articles":
        mentions = frames.get("entity_mentions")
        counts = mentions["article_id"].value_counts() if mentions is not None else pd.Series(dtype="int64")
        checks[ARTICLE_MENTION_COUNT] = frame["article_id"].map(counts).fillna(0).astype("int64")
    return frame.assign(**checks)


def _label(config: object) -> str:
    kwargs = config.kwargs
    columns = [str(kwargs[k]) for k in ("column", "column_A", "column_B") if kwargs.get(k) is not None]
    return f"{config.type}({', '.join(columns)})"


def _observed(result: Mapping[str, object]) -> str | None:
    if result.get("unexpected_count") is not None:
        count = result["unexpected_count"]
        text = f"{count} unexpected of {result.get('element_count')} ({float(result.get('unexpected_percent') or 0):.2f}%)"
        examples = result.get("partial_unexpected_list") or []
        return text + (f"; e.g. {json.dumps(examples[:3], default=str)}" if count else "")
    observed = result.get("observed_value")
    return None if observed is None else json.dumps(observed, default=str)


def import_great_expectations():  # noqa: ANN201 - the module itself
    """Import GX (seconds) with analytics off; callers with idle time do it early, e.g. while an API boots."""
    os.environ.setdefault("GX_ANALYTICS_ENABLED", "false")
    import great_expectations

    return great_expectations


def _quiet_context(docs_dir: Path | None):  # noqa: ANN202 - GX types are imported lazily
    """An in-memory GX context with no progress bars and only our Data Docs site (no temp site)."""
    gx = import_great_expectations()
    from great_expectations.data_context.types.base import (
        DataContextConfig,
        InMemoryStoreBackendDefaults,
        ProgressBarsConfig,
    )

    sites = {}
    if docs_dir is not None:
        sites["newsfacts"] = {
            "class_name": "SiteBuilder",
            "store_backend": {"class_name": "TupleFilesystemStoreBackend", "base_directory": str(docs_dir.resolve())},
            "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
        }
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        data_docs_sites=sites,
        progress_bars=ProgressBarsConfig(globally=False),
        analytics_enabled=False,
    )
    return gx, gx.get_context(mode="ephemeral", project_config=config)


def _name_data_assets(context) -> None:  # noqa: ANN001 - GX types are imported lazily
    """Store each result again with its data asset named where GX's result page looks for it.

    A fluent datasource records the asset only in `active_batch_definition`, which the index page
    reads but the result page does not (it shows "Data asset: None"); both read `batch_spec`.
    """
    store = context.validation_results_store
    for key in store.list_keys():
        result = store.get(key)
        result.meta["batch_spec"] = {**(result.meta.get("batch_spec") or {}), "data_asset_name": result.asset_name}
        store.set(key, result)


def data_docs_run_name(run_id: str) -> str:
    """The run's name in Data Docs, which GX must not read as a date.

    GX parses a run name with dateutil to title its page; an id such as ``20261202T183001Z-9662ad``
    parses ("AD" plus an offset of -96:62) and the page is then lost to a ValueError.
    """
    return f"run-{run_id}"


def run_gate(
    frames: Mapping[str, pd.DataFrame],
    run_id: str,
    docs_dir: Path | None = None,
    suites_dir: Path = SUITES_DIR,
    published_keys: ReferenceLookup | None = None,
) -> GateReport:
    """Validate each given table with its stored suite; blocking failures are listed by name."""
    gx, context = _quiet_context(docs_dir)
    from great_expectations.core.run_identifier import RunIdentifier

    # One GX run per newsfacts run: its Data Docs pages carry the run id and sort together.
    gx_run = RunIdentifier(run_name=data_docs_run_name(run_id), run_time=datetime.now(timezone.utc))
    source = context.data_sources.add_pandas("newsfacts_warehouse")
    rows: list[dict[str, object]] = []
    failures: list[str] = []
    for table_name, frame in frames.items():
        suite_json = json.loads(suite_path(table_name, suites_dir).read_text(encoding="utf-8"))
        suite = context.suites.add(gx.ExpectationSuite(**suite_json))
        batch_definition = source.add_dataframe_asset(table_name).add_batch_definition_whole_dataframe("run")
        definition = context.validation_definitions.add(gx.ValidationDefinition(name=table_name, data=batch_definition, suite=suite))
        checked = add_check_columns(table_name, frame, frames, published_keys)
        outcome = definition.run(batch_parameters={"dataframe": checked}, result_format="SUMMARY", run_id=gx_run)
        for index, result in enumerate(outcome.results):
            config = result.expectation_config
            severity = _SEVERITY_NAMES[str(getattr(config.severity, "value", config.severity)).lower()]
            label = _label(config)
            success = bool(result.success)
            if not success and severity == "blocking":
                failures.append(f"{table_name}: {label}: {_observed(result.result) or result.exception_info}")
            rows.append(
                {
                    "result_id": stable_id(run_id, table_name, index, label),
                    "run_id": run_id,
                    "table_name": table_name,
                    "expectation": label,
                    "severity": severity,
                    "success": success,
                    "observed_value": _observed(result.result),
                }
            )
    if docs_dir is not None:
        _name_data_assets(context)
        context.build_data_docs()
        localize_data_docs(docs_dir)
    return GateReport(pd.DataFrame(rows, columns=VALIDATION_RESULTS.column_names), tuple(failures))
