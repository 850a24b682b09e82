"""A claim's row, folded from its members' few columns, and its conflict evidence, kept from run to run.

A year's archive restates a fact many times, so a run that touches a claim must not read its members'
features, nor judge every pair of them again. Everything in a claim's row but its evidence is a fold over
its members' slim columns (`MEMBER_COLUMNS`: lowest and highest value, articles, the most reported object),
which DuckDB reads without the word lists. The evidence is the furthest-apart pair of sources the linker
compared (two figures of one block within `MAX_VALUE_RATIO`, from two articles) that are linked and disagree:
a pair judged once, when its later figure arrived, and kept in the claim's row, so a run judges only the
pairs its own figures make and merges the evidence already stored.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping

import pandas as pd

from transforms.aggregate.claim_rules import MAX_VALUE_RATIO, linked, ratio, values_agree
from transforms.schema import CLAIMS

MEMBER_COLUMNS = ("claim_id", "figure_id", "article_id", "is_restatement", "normalized_low", "normalized_high",
                  "counted_object", "anchor_name", "dimension", "normalized_unit")
Evidence = tuple[str, str]  # (lower, higher) figure id


def anchor_key(name: str) -> str:
    """A key shared by a place and its demonym ('North Korea'/'North Korean' -> 'north kor'), for labels only."""
    words = re.findall(r"[a-z]+", name.lower())
    if not words:
        return ""
    last = words[-1]
    if len(last) > 4 and last.endswith("n") and last[-2] in "aeiou":
        last = last[:-1]  # korean -> korea, russian -> russia, ukrainian -> ukrainia
    last = last.rstrip("aeiou") or last
    return " ".join([*words[:-1], last])


def counted_members(members: pd.DataFrame) -> pd.DataFrame:
    """The members a claim's row counts: its first statements, or every member of a claim made only of
    restatements ("186 miles" told after "300km" is a claim of its own in miles)."""
    first_statement = ~members["is_restatement"].astype(bool)
    has_first = first_statement.groupby(members["claim_id"]).transform("any")
    return members[first_statement | ~has_first]


def claim_rows(members: pd.DataFrame, evidence: Mapping[str, Evidence | None]) -> pd.DataFrame:
    """One `claims` row per `claim_id` of `members` (`MEMBER_COLUMNS`, every member of each claim, restatements
    included); `evidence` is each claim's conflict pair among its counted members, or None."""
    counted = counted_members(members).sort_values(["claim_id", "figure_id"], kind="stable")
    if counted.empty:
        return pd.DataFrame(columns=CLAIMS.column_names).astype({"n_articles": "int32", "n_figures": "int32", "is_conflict": "bool"})
    by_claim = counted.groupby("claim_id", sort=True)
    first = counted.drop_duplicates("claim_id").set_index("claim_id")
    low, high = by_claim["normalized_low"].min(), by_claim["normalized_high"].max()
    scale = pd.concat([low.abs(), high.abs()], axis=1).max(axis=1)
    spread = ((high - low) / scale.where(scale > 0)).clip(upper=1.0).fillna(0.0)  # a change of sign is total disagreement
    objects, names = _most_reported(counted, "counted_object"), _most_reported(counted, "anchor_name")
    claim_ids = list(low.index)
    pairs = [evidence.get(claim_id) for claim_id in claim_ids]
    rows = pd.DataFrame({
        "claim_id": claim_ids,
        "label": [_label(objects.get(c), names.get(c), str(first.at[c, "dimension"])) for c in claim_ids],
        "dimension": first["dimension"].reindex(claim_ids).to_numpy(),
        "normalized_unit": first["normalized_unit"].reindex(claim_ids).to_numpy(),
        "n_articles": by_claim["article_id"].nunique().to_numpy(),
        "n_figures": by_claim.size().to_numpy(),
        "min_value": low.to_numpy(),
        "max_value": high.to_numpy(),
        "relative_spread": spread.to_numpy(),
        "is_conflict": [pair is not None for pair in pairs],
        "conflict_low_figure_id": [pair[0] if pair else None for pair in pairs],
        "conflict_high_figure_id": [pair[1] if pair else None for pair in pairs],
    }, columns=CLAIMS.column_names)
    return rows.astype({"n_articles": "int32", "n_figures": "int32", "is_conflict": "bool"})


def _most_reported(counted: pd.DataFrame, column: str) -> dict[str, str]:
    """claim_id -> the value of `column` its members give most often (then the longest, then the last in order)."""
    named = counted[counted[column].map(lambda value: isinstance(value, str) and value != "")]
    if named.empty:
        return {}
    counts = named.groupby(["claim_id", column], sort=False).size().rename("n").reset_index()
    counts["length"] = counts[column].str.len()
    best = counts.sort_values(["claim_id", "n", "length", column], kind="stable").drop_duplicates("claim_id", keep="last")
    return dict(zip(best["claim_id"], best[column]))


def _label(counted_object: str | None, anchor_name: str | None, dimension: str) -> str:
    """The most reported counted object (or the dimension), with the anchor entity when it adds to it."""
    subject = counted_object or dimension
    if not anchor_name:
        return subject
    if anchor_key(anchor_name) and anchor_key(anchor_name) in anchor_key(subject) or anchor_name.lower() in subject.lower():
        return subject
    return f"{subject} ({anchor_name})"


def compared_pairs(member_ids: Iterable[str], records: Mapping[str, Mapping[str, object]]) -> Iterator[tuple[str, str]]:
    """Each pair of `member_ids` the linker compares, once, the lower value first: two figures sharing a block whose
    values are within `MAX_VALUE_RATIO`."""
    blocks: dict[str, list[str]] = defaultdict(list)
    for figure_id in member_ids:
        for block_key in records[figure_id]["block_keys"]:
            blocks[block_key].append(figure_id)
    seen: set[tuple[str, str]] = set()
    for block in blocks.values():
        block.sort(key=lambda f: (records[f]["normalized_low"], f))
        for position, a in enumerate(block):
            for b in block[position + 1:]:
                if ratio(records[a]["normalized_low"], records[b]["normalized_low"]) > MAX_VALUE_RATIO:
                    break
                pair = (a, b) if a < b else (b, a)
                if pair not in seen:
                    seen.add(pair)
                    yield a, b


def compared_conflicts(member_ids: Iterable[str], records: Mapping[str, Mapping[str, object]], tolerance: float,
                       judged: Callable[[str, str], bool]) -> list[Evidence]:
    """The compared pairs of `member_ids` (`compared_pairs`) from two articles that `judged` admits, are linked and
    disagree: each as (lower, higher)."""
    return [(a, b) for a, b in compared_pairs(member_ids, records)
            if judged(a, b) and records[a]["article_id"] != records[b]["article_id"]
            and not values_agree(records[a], records[b], tolerance) and linked(records[a], records[b], tolerance)]


def furthest_apart(pairs: Iterable[Evidence], values: Mapping[str, tuple[float, float]]) -> Evidence | None:
    """Of conflicting pairs, the one whose values lie furthest apart (its higher's high over its lower's low)."""
    ordered = [tuple(sorted(pair, key=lambda f: (values[f][0], f))) for pair in pairs]
    if not ordered:
        return None
    return max(ordered, key=lambda pair: (values[pair[1]][1] - values[pair[0]][0], pair))  # type: ignore[return-value]
