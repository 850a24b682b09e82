"""Render `docs/tables.md`, the data dictionary for BI users, from the table contract.

`python -m transforms.docs > docs/tables.md`; a test fails while the committed file differs.
"""

from __future__ import annotations

import pyarrow as pa

from transforms import units
from transforms.schema import TABLES, Table, vocabulary

HEADER = """# newsfacts tables

Generated from `transforms/schema.py` by `python -m transforms.docs` (`make suites`); do not edit by hand.

Every table is a folder of Parquet files under the warehouse (default `data/warehouse/`). Read one with DuckDB:

```sql
SELECT * FROM read_parquet('data/warehouse/articles/**/*.parquet', hive_partitioning = true);
```

Power BI, Tableau and Superset can load the same folders (Parquet connector, folder source). Types:
text is Arrow `string` (low-cardinality text is dictionary-encoded), times are `timestamp[us, UTC]`.
Tables marked *partitioned* are split into `ingest_date=YYYY-MM-DD` folders; `ingest_date` comes back as a
column when the reader enables Hive partitioning. Every `start_char`/`end_char` pair indexes
`articles.body_text` of its article: `body_text[start_char:end_char]` is the extracted text.
"""


def _type_name(data_type: pa.DataType) -> str:
    return str(data_type).replace("timestamp[us, tz=UTC]", "timestamp[us, UTC]")


def render_table(table: Table) -> str:
    lines = [f"## `{table.name}`", "", table.description, ""]
    facts = [f"stage: {table.stage}"]
    if table.primary_key:
        facts.append(f"key: `{table.primary_key}`")
    if table.partition_column:
        facts.append(f"partitioned by `{table.partition_column}`")
    lines += ["; ".join(facts), ""]
    lines += ["| column | type | null | description |", "|---|---|---|---|"]
    for column in table.columns:
        allowed = vocabulary(table.name, column.name)
        note = column.description
        if allowed is not None and len(allowed) <= 20:
            note += " Values: " + ", ".join(f"`{value}`" for value in allowed) + "."
        elif allowed is not None:
            note += " Values: see the unit vocabulary below."
        type_name = _type_name(column.type) + (" (dictionary)" if column.dictionary else "")
        lines.append(f"| `{column.name}` | {type_name} | {'yes' if column.nullable else 'no'} | {note} |")
    if table.foreign_keys:
        lines += ["", "Foreign keys: " + "; ".join(f"`{k.column}` → `{k.ref_table}.{k.ref_column}`" for k in table.foreign_keys) + "."]
    return "\n".join(lines) + "\n"


def render_units() -> str:
    lines = ["## Unit vocabulary", "", "`unit` codes, their dimension and the normalised unit `normalized_value` is expressed in.", ""]
    lines += ["| dimension | normalised unit | unit codes |", "|---|---|---|"]
    by_dimension: dict[str, list[str]] = {}
    for unit in units.unit_table().values():
        if unit.dimension.startswith("currency_per_"):  # every currency per unit: show the pattern once
            denominator = unit.code.split("/", 1)[1]
            if f"`<ISO 4217 code>/{denominator}`" not in by_dimension.setdefault(unit.dimension, []):
                by_dimension[unit.dimension].append(f"`<ISO 4217 code>/{denominator}`")
        elif unit.dimension != "currency":
            by_dimension.setdefault(unit.dimension, []).append(f"`{unit.code}`")
    for dimension, codes in by_dimension.items():
        lines.append(f"| {dimension} | `{units.NORMALIZED_UNIT_BY_DIMENSION[dimension]}` | {', '.join(codes)} |")
    lines.append(f"| currency | the same code (never converted) | ISO 4217 codes ({len(units.currency_codes())}), e.g. `USD`, `EUR`, `GBP`, `UAH`, `RUB` |")
    return "\n".join(lines) + "\n"


def render_data_dictionary() -> str:
    return "\n".join([HEADER] + [render_table(table) for table in TABLES] + [render_units()])


if __name__ == "__main__":
    print(render_data_dictionary(), end="")
