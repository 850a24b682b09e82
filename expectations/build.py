"""Generate the GX suites in `expectations/*.json` from the table contract.

Every suite is derived from `transforms/schema.py` (columns, keys, nullability, vocabularies,
foreign keys) plus the semantic rules listed here (offsets, ranges, reported shares). Run
`python -m expectations.build` after changing either; a test fails while the JSON is stale.

Severity follows GX: `critical` expectations block the publish, `warning` ones are reported.
Foreign keys are checked on a derived boolean column (`check__fk__<column>`: the value is null or
names a row of the referenced table in this run), because handing GX the referenced keys as a
value set makes it copy that set for every metric it plans: minutes on a corpus-sized table. The
unit vocabulary (thousands of codes) is checked the same way (`check__vocabulary__<column>`).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from transforms.schema import TABLES, Table, vocabulary

SUITES_DIR = Path(__file__).resolve().parent
BLOCKING = "critical"
WARNING = "warning"

# Columns the gate derives before validating, so that cross-column rules are plain expectations.
TEXT_COLUMN_AT_OFFSETS = {"entity_mentions": "mention_text", "quotes": "quote_text", "figures": "surface"}
OFFSETS_IN_BODY = "check__offsets_in_body"
TEXT_AT_OFFSETS = "check__text_at_offsets"
ARTICLE_MENTION_COUNT = "check__entity_mention_count"
INLINE_VOCABULARY_LIMIT = 100  # larger vocabularies are checked on a derived column


def expectation(kind: str, severity: str = BLOCKING, **kwargs: object) -> dict[str, object]:
    return {"type": kind, "kwargs": kwargs, "severity": severity, "meta": {}}


def foreign_key_check(column: str) -> str:
    """The derived column that is True where `column` is null or resolves to its referenced key."""
    return f"check__fk__{column}"


def vocabulary_check(column: str) -> str:
    """The derived column that is True where a large-vocabulary `column` holds an allowed value."""
    return f"check__vocabulary__{column}"


def _contract_expectations(table: Table) -> list[dict[str, object]]:
    rules = [expectation("expect_column_to_exist", column=name) for name in table.column_names]
    if table.primary_key:
        rules.append(expectation("expect_column_values_to_be_unique", column=table.primary_key))
    rules += [expectation("expect_column_values_to_not_be_null", column=c.name) for c in table.columns if not c.nullable]
    for column in table.columns:
        allowed = vocabulary(table.name, column.name)
        if allowed is None:
            continue
        if len(allowed) <= INLINE_VOCABULARY_LIMIT:
            rules.append(expectation("expect_column_values_to_be_in_set", column=column.name, value_set=sorted(allowed)))
        else:  # thousands of unit codes: checked on a derived column, for the reason foreign keys are
            rule = expectation("expect_column_values_to_be_in_set", column=vocabulary_check(column.name), value_set=[True])
            rule["meta"] = {"vocabulary": f"{table.name}.{column.name}: {len(allowed)} codes from transforms/units.py"}
            rules.append(rule)
    for key in table.foreign_keys:
        rule = expectation("expect_column_values_to_be_in_set", column=foreign_key_check(key.column), value_set=[True])
        rule["meta"] = {"foreign_key": f"{table.name}.{key.column} -> {key.ref_table}.{key.ref_column}"}
        rules.append(rule)
    return rules


def _semantic_expectations(table: Table) -> list[dict[str, object]]:
    name = table.name
    rules: list[dict[str, object]] = []
    if name in TEXT_COLUMN_AT_OFFSETS:
        rules += [
            expectation("expect_column_values_to_be_in_set", column=OFFSETS_IN_BODY, value_set=[True]),
            expectation("expect_column_pair_values_to_be_equal", column_A=TEXT_AT_OFFSETS, column_B=TEXT_COLUMN_AT_OFFSETS[name]),
        ]
    if name == "articles":
        rules += [
            expectation("expect_column_values_to_be_between", column="visible_fraction", min_value=0, max_value=1),
            expectation("expect_column_values_to_be_between", column="word_count", min_value=1),
            expectation("expect_column_values_to_be_between", WARNING, column=ARTICLE_MENTION_COUNT, min_value=1, mostly=0.9),
            expectation("expect_column_values_to_be_in_set", WARNING, column="language", value_set=["en", "und"], mostly=0.95),
            expectation("expect_column_values_to_be_in_set", WARNING, column="is_truncated", value_set=[False], mostly=0.5),
        ]
    if name == "figures":
        rules += [
            expectation("expect_column_pair_values_a_to_be_greater_than_b", column_A="value", column_B="value_low", or_equal=True),
            expectation("expect_column_pair_values_a_to_be_greater_than_b", column_A="value_high", column_B="value", or_equal=True),
            expectation("expect_column_pair_values_a_to_be_greater_than_b", column_A="period_end", column_B="period_start", or_equal=True,
                        ignore_row_if="either_value_is_missing"),
            expectation("expect_column_values_to_not_be_null", WARNING, column="counted_object", mostly=0.3),
        ]
    if name == "quotes":
        rules.append(expectation("expect_column_values_to_not_be_null", WARNING, column="speaker_entity_id", mostly=0.6))
    if name == "claims":
        rules += [
            expectation("expect_column_values_to_be_between", column="relative_spread", min_value=0, max_value=1),
            expectation("expect_column_pair_values_a_to_be_greater_than_b", column_A="max_value", column_B="min_value", or_equal=True),
            expectation("expect_column_values_to_be_between", column="n_articles", min_value=1),
        ]
    if name == "entities":
        rules += [
            expectation("expect_column_values_to_be_between", column="mention_count", min_value=1),
            expectation("expect_column_values_to_be_between", column="article_count", min_value=1),
        ]
    if name == "quote_clusters":
        rules += [
            expectation("expect_column_values_to_be_between", column="n_articles", min_value=1),
            expectation("expect_column_pair_values_a_to_be_greater_than_b", column_A="n_quotes", column_B="n_articles", or_equal=True),
        ]
    if name == "runs":
        rules.append(expectation("expect_column_pair_values_a_to_be_greater_than_b", column_A="finished_at", column_B="started_at", or_equal=True))
    return rules


def build_suite(table: Table) -> dict[str, object]:
    return {
        "name": table.name,
        "expectations": _contract_expectations(table) + _semantic_expectations(table),
        "meta": {"generated_by": "python -m expectations.build", "source": "transforms/schema.py"},
    }


def suite_path(table_name: str, directory: Path = SUITES_DIR) -> Path:
    return directory / f"{table_name}.json"


def render_suite(table: Table) -> str:
    return json.dumps(build_suite(table), indent=2, ensure_ascii=False) + "\n"


def write_suites(directory: Path = SUITES_DIR) -> list[Path]:
    paths = []
    for table in TABLES:
        path = suite_path(table.name, directory)
        path.write_text(render_suite(table), encoding="utf-8")
        paths.append(path)
    return paths


if __name__ == "__main__":
    for written in write_suites():
        print(written, file=sys.stderr)
