"""Claims: figures from different articles that report the same quantity, and whether they disagree.

The work is split so that the warehouse can grow by appending:
- `figure_claim_features` reduces each figure, with its own article's entity mentions, to what grouping
  needs (`block_key`, normalised bounds, object class, context entities); a figure's features never
  change afterwards, so they are computed once and stored;
- `assign_claims` places new figures among the stored features of the figures they could join and
  returns the claim id of each and the claims rows that changed; `build_claims` is the same call with
  the whole corpus as new figures and nothing known.

Guarantees:
- every figure gets a `claim_id` (a figure nobody else reports is a claim of its own);
- a restatement in another unit (`paired_figure_id` set, "300km (186 miles)") joins the claim of its
  first statement and is never counted twice (`n_figures`, min/max and the conflict test skip it);
- figures are only compared inside a block (`block_key`: dimension, normalised unit, anchor entity and,
  for counts, percentages and durations, which need one, counted-object class), and inside a block only
  with the figures whose value is within `MAX_VALUE_RATIO` of theirs;
- two figures of a block are linked when they come from different articles and measure the same object
  class, or when one object is unknown and they share at least two entities in their sentence and the
  sentences around it; a claim is a connected group of linked figures. Whether two figures are linked
  depends on those two figures only, so adding articles only adds links: claims grow and merge but never
  split, and assigning the corpus in any number of steps gives the same claims as assigning it at once;
- ids are sticky: a claim keeps the smallest existing `claim_id` among its figures (when two claims merge,
  the other's figures are re-linked to it); a claim of new figures only is `stable_id("claim", smallest
  figure_id)`. Reruns give the same ids.

The anchor of a figure is the entity it is about: a named entity inside its counted object
("11,000 *North Korean* soldiers"), else the nearest one before it in the sentence ("*Moscow* has
deployed close to 50,000 troops"), else the nearest one after it. Anchors and context are entity ids, not
names: canonical names change as the corpus grows, ids do not, and a demonym mention is already linked to
its country's entity ("North Korean" -> North Korea).
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from transforms import units
from transforms.ids import stable_id
from transforms.reference import REFERENCE_DIR
from transforms.schema import CLAIMS

OBJECT_CLASSES_PATH = REFERENCE_DIR / "counted_object_classes.csv"
# Figures further apart than this factor are different quantities, not a disagreement.
MAX_VALUE_RATIO = 10.0
# Without a counted object, two figures must share this many entities in their sentence and its neighbours.
MIN_SHARED_CONTEXT = 2
# Bare counts, shares and durations are too common to match on context alone: they need a counted object.
OBJECT_REQUIRED_DIMENSIONS = frozenset({"count", "percent", "percentage_point", "duration"})
FIGURE_COLUMNS = frozenset({"figure_id", "article_id", "value_low", "value_high", "unit", "dimension", "qualifier", "counted_object",
                            "sentence_index", "paired_figure_id", "start_char", "end_char", "normalized_unit"})
MENTION_COLUMNS = frozenset({"article_id", "entity_id", "canonical_name", "sentence_index", "start_char", "end_char"})
# The columns of `figure_claim_features`, in order; stored features add the figure's current `claim_id`.
FEATURE_COLUMNS = ("figure_id", "article_id", "block_key", "anchor_entity_id", "anchor_name", "dimension", "normalized_unit",
                   "normalized_low", "normalized_high", "qualifier", "counted_object", "object_class", "context_entity_ids",
                   "paired_figure_id", "is_restatement")
NULLABLE_TEXT_COLUMNS = ("block_key", "anchor_entity_id", "anchor_name", "counted_object", "object_class", "paired_figure_id")
LOWER_BOUNDED = frozenset({"more_than", "at_least"})
UPPER_BOUNDED = frozenset({"less_than", "up_to"})


def load_object_classes(path: Path = OBJECT_CLASSES_PATH) -> Mapping[str, str]:
    """Head noun (singular) -> object class: soldiers, troops and personnel all count `troops`."""
    with open(path, encoding="utf-8", newline="") as handle:
        return MappingProxyType({row["head_noun"].strip().lower(): row["object_class"].strip() for row in csv.DictReader(handle)})


def singular_noun(word: str) -> str:
    """A rough English singular, enough to compare head nouns (casualties -> casualty, troops -> troop)."""
    word = word.lower()
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith(("sses", "shes", "ches", "xes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        return word[:-1]
    return word


def object_class(counted_object: object, classes: Mapping[str, str]) -> str | None:
    """The class of a counted object, from its head noun (the last word)."""
    if not isinstance(counted_object, str) or not counted_object:
        return None  # None, or NaN from a frame
    words = re.findall(r"[A-Za-z]+", counted_object)
    if not words:
        return None
    head = singular_noun(words[-1])
    return classes.get(head, head)


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


def _mentions_by_sentence(mentions: pd.DataFrame) -> dict[tuple[str, int], list[tuple[int, int, str, str | None]]]:
    """(article, sentence) -> its linked mentions as (start, end, entity_id, canonical_name), in text order."""
    by_sentence: dict[tuple[str, int], list[tuple[int, int, str, str | None]]] = defaultdict(list)
    linked = mentions[mentions["entity_id"].notna()]
    for article_id, sentence_index, start, end, entity_id, name in zip(
        linked["article_id"], linked["sentence_index"], linked["start_char"], linked["end_char"], linked["entity_id"], linked["canonical_name"]
    ):
        by_sentence[(article_id, int(sentence_index))].append((int(start), int(end), str(entity_id), name if isinstance(name, str) else None))
    for entries in by_sentence.values():
        entries.sort()
    return by_sentence


def _anchor(entries: list[tuple[int, int, str, str | None]], start: int, end: int, counted: object) -> tuple[str, str | None] | None:
    """The (entity_id, name) a figure is about (see the module docstring), from its sentence's mentions."""
    object_end = end + (len(counted) + 2 if isinstance(counted, str) else 0)
    inside = [e for e in entries if end <= e[0] < min(object_end, end + 3)]  # "11,000 North Korean soldiers"
    before = [e for e in entries if e[1] <= start]
    after = [e for e in entries if e[0] >= end]
    chosen = inside[0] if inside else before[-1] if before else after[0] if after else None
    return (chosen[2], chosen[3]) if chosen else None


def _normalized_bounds(low: float, high: float, unit: str) -> tuple[float, float]:
    normalized_low, _ = units.normalize_value(float(low), unit)
    normalized_high, _ = units.normalize_value(float(high), unit)
    return float(normalized_low), float(normalized_high)


def figure_claim_features(figures: pd.DataFrame, mentions: pd.DataFrame, object_classes: Mapping[str, str]) -> pd.DataFrame:
    """What grouping needs of each figure, from the figure and its own article's mentions: stored once, never recomputed.

    `figures` must hold whole articles (a restatement's first statement is in the same article). The result is
    aligned to `figures.index`; `block_key` is null for a figure that cannot join others: no anchor entity, a
    count/share/duration without counted object, or a restatement (it follows its first statement).
    """
    missing = (FIGURE_COLUMNS - set(figures.columns)) | (MENTION_COLUMNS - set(mentions.columns))
    if missing:
        raise KeyError(f"figures or mentions lack columns {sorted(missing)}")
    by_sentence = _mentions_by_sentence(mentions)
    figure_ids = set(figures["figure_id"])
    rows = []
    for figure_id, article_id, sentence, start, end, low, high, unit, dimension, normalized_unit, qualifier, counted, paired in zip(
        figures["figure_id"], figures["article_id"], figures["sentence_index"], figures["start_char"], figures["end_char"],
        figures["value_low"], figures["value_high"], figures["unit"], figures["dimension"], figures["normalized_unit"],
        figures["qualifier"], figures["counted_object"], figures["paired_figure_id"],
    ):
        counted = counted if isinstance(counted, str) and counted else None
        paired = paired if isinstance(paired, str) else None
        is_restatement = paired is not None and paired in figure_ids
        anchor = _anchor(by_sentence.get((article_id, int(sentence)), []), int(start), int(end), counted)
        measured = object_class(counted, object_classes)
        context = sorted({e[2] for offset in (-1, 0, 1) for e in by_sentence.get((article_id, int(sentence) + offset), [])})
        block_key = None
        if anchor is not None and not is_restatement:
            if dimension not in OBJECT_REQUIRED_DIMENSIONS:
                block_key = f"{dimension}|{normalized_unit}|{anchor[0]}"  # a measured object is checked pairwise
            elif measured is not None:
                block_key = f"{dimension}|{normalized_unit}|{anchor[0]}|{measured}"
        normalized_low, normalized_high = _normalized_bounds(low, high, unit)
        rows.append((figure_id, article_id, block_key, anchor[0] if anchor else None, anchor[1] if anchor else None, dimension,
                     normalized_unit, normalized_low, normalized_high, qualifier, counted, measured, context, paired, is_restatement))
    features = pd.DataFrame(rows, columns=list(FEATURE_COLUMNS), index=figures.index)
    return features.astype({"normalized_low": "float64", "normalized_high": "float64", "is_restatement": "bool"})


def _plausible_interval(low: float, high: float, qualifier: str, tolerance: float) -> tuple[float, float]:
    """The values a source's wording allows: 'nearly 190' is 171..190, 'up to 300' is anything up to 300."""
    if qualifier == "approximately":
        return low - abs(low) * tolerance, high + abs(high) * tolerance
    if qualifier == "nearly":
        return low - abs(low) * tolerance, high
    if qualifier in LOWER_BOUNDED:
        return low, math.inf
    if qualifier in UPPER_BOUNDED:
        return -math.inf, high
    return low, high


def values_conflict(intervals: list[tuple[float, float]], tolerance: float) -> bool:
    """True when no single value fits every source within the tolerance."""
    highest_low = max(low for low, _ in intervals)
    lowest_high = min(high for _, high in intervals)
    if highest_low <= lowest_high:
        return False
    scale = max(abs(highest_low), abs(lowest_high))
    return (highest_low - lowest_high) > tolerance * scale


class _UnionFind:
    def __init__(self, items: list[str]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: str) -> str:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: str, b: str) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b)] = min(root_a, root_b)


def _ratio(a: float, b: float) -> float:
    small, large = sorted((abs(a), abs(b)))
    if large == 0:
        return 1.0
    if small == 0 or (a < 0) != (b < 0):
        return math.inf
    return large / small


def _linked(a: dict[str, object], b: dict[str, object]) -> bool:
    """The pairwise rule for two figures of one block, within the value ratio: it looks at nothing else."""
    if a["article_id"] == b["article_id"]:
        return False
    class_a, class_b = a["object_class"], b["object_class"]
    if class_a is not None and class_b is not None:
        return class_a == class_b  # "a 6% stake" and "sales sank 12.7%" measure different things
    return len(a["context"] & b["context"]) >= MIN_SHARED_CONTEXT


def _as_records(features: pd.DataFrame) -> dict[str, dict[str, object]]:
    """figure_id -> plain dict with None for missing text: pandas row access per figure costs seconds on 10k figures."""
    records: dict[str, dict[str, object]] = {}
    for row in features[list(FEATURE_COLUMNS)].to_dict("records"):
        for column in NULLABLE_TEXT_COLUMNS:
            if not isinstance(row[column], str):
                row[column] = None  # NaN or pd.NA from Parquet
        row["context"] = frozenset(row["context_entity_ids"])
        records[str(row["figure_id"])] = row
    return records


def assign_claims(new_features: pd.DataFrame, known_features: pd.DataFrame, tolerance: float = 0.10) -> tuple[pd.Series, pd.DataFrame]:
    """Place new figures among the known ones: (claim id of every figure, known and new, by figure_id; changed claims rows).

    `known_features` are stored features plus `claim_id` of every published figure sharing a `block_key` with a new
    figure, and of every other member of those figures' claims. Known claims are never split. The rows cover every
    claim that holds a new figure; a known `claim_id` missing from the returned ids was merged into another claim.
    """
    if tolerance < 0:
        raise ValueError("tolerance must be >= 0")
    missing = (set(FEATURE_COLUMNS) - set(new_features.columns)) | ((set(FEATURE_COLUMNS) | {"claim_id"}) - set(known_features.columns))
    if missing:
        raise KeyError(f"features lack columns {sorted(missing)}")
    new_records, known_records = _as_records(new_features), _as_records(known_features)
    if len(new_records) != len(new_features) or len(known_records) != len(known_features) or new_records.keys() & known_records.keys():
        raise ValueError("figure ids must be unique across new and known features")
    records = {**known_records, **new_records}
    groups = _UnionFind(list(records))
    for _, member_ids in known_features.groupby("claim_id")["figure_id"]:
        first, *rest = member_ids.astype(str)
        for member in rest:
            groups.union(first, member)  # known claims are never split
    for figure_id, row in records.items():
        if row["is_restatement"]:
            if row["paired_figure_id"] not in records:
                raise ValueError(f"restatement {figure_id} without its first statement {row['paired_figure_id']}")
            groups.union(figure_id, row["paired_figure_id"])

    blocks: dict[str, list[str]] = defaultdict(list)
    for figure_id, row in records.items():
        if row["block_key"] is not None:
            blocks[row["block_key"]].append(figure_id)
    for block_key in {row["block_key"] for row in new_records.values()} - {None}:
        members = sorted(blocks[block_key], key=lambda f: (records[f]["normalized_low"], records[f]["article_id"], f))
        for position, figure_id in enumerate(members):
            if figure_id in new_records:
                _link_new_figure(members, position, records, new_records, groups)

    members_of: dict[str, list[str]] = defaultdict(list)
    for figure_id in records:
        members_of[groups.find(figure_id)].append(figure_id)
    known_claim = dict(zip(known_features["figure_id"].astype(str), known_features["claim_id"]))
    claim_of: dict[str, str] = {}
    rows = []
    for members in members_of.values():
        existing = [known_claim[m] for m in members if m in known_claim]
        claim_id = min(existing) if existing else stable_id("claim", min(members))
        for member in members:
            claim_of[member] = claim_id
        if len(existing) < len(members) or len(set(existing)) > 1:
            counted = sorted(m for m in members if not records[m]["is_restatement"])
            rows.append(_claim_row(claim_id, counted, records, tolerance))
    claims = pd.DataFrame(rows, columns=CLAIMS.column_names).sort_values("claim_id", ignore_index=True)
    claims = claims.astype({"n_articles": "int32", "n_figures": "int32", "is_conflict": "bool"})
    claim_ids = pd.Series(list(claim_of.values()), index=pd.Index(list(claim_of), name="figure_id"), dtype="string", name="claim_id")
    return claim_ids.sort_index(), claims


def _link_new_figure(members: list[str], position: int, records: dict[str, dict[str, object]],
                     new_records: dict[str, dict[str, object]], groups: _UnionFind) -> None:
    """Link the new figure at `position` of its value-sorted block with every figure it matches within the ratio bound.

    Known pairs were linked when they were new. A pair of new figures is seen from its later member only, so
    walking back every figure counts and walking forward only the known ones.
    """
    figure_id = members[position]
    row = records[figure_id]
    value = row["normalized_low"]
    for step in (-1, 1):
        index = position + step
        while 0 <= index < len(members):
            other = members[index]
            index += step
            if _ratio(value, records[other]["normalized_low"]) > MAX_VALUE_RATIO:
                break
            if step == 1 and other in new_records:
                continue
            if groups.find(other) != groups.find(figure_id) and _linked(row, records[other]):
                groups.union(figure_id, other)


def build_claims(figures: pd.DataFrame, mentions: pd.DataFrame, tolerance: float = 0.10, *,
                 object_classes: Mapping[str, str]) -> tuple[pd.Series, pd.DataFrame]:
    """Group every figure of the corpus at once (a full rebuild); return (claim id per figure, claims table)."""
    features = figure_claim_features(figures, mentions, object_classes)
    nothing_known = features.iloc[:0].assign(claim_id=pd.Series(dtype="string"))
    claim_ids, claims = assign_claims(features, nothing_known, tolerance)
    aligned = claim_ids.reindex(features["figure_id"].astype(str)).to_numpy()
    return pd.Series(aligned, index=figures.index, dtype="string", name="claim_id"), claims


def _claim_row(claim_id: str, members: list[str], records: dict[str, dict[str, object]], tolerance: float) -> dict[str, object]:
    lows = [records[i]["normalized_low"] for i in members]
    highs = [records[i]["normalized_high"] for i in members]
    low, high = min(lows), max(highs)
    scale = max(abs(high), abs(low))
    spread = min(1.0, (high - low) / scale) if scale > 0 else 0.0  # a change of sign (-5 vs +5) is total disagreement
    intervals = [_plausible_interval(records[i]["normalized_low"], records[i]["normalized_high"], records[i]["qualifier"], tolerance) for i in members]
    n_articles = len({records[i]["article_id"] for i in members})
    first = records[members[0]]
    return {
        "claim_id": claim_id,
        "label": _label(members, records),
        "dimension": first["dimension"],
        "normalized_unit": first["normalized_unit"],
        "n_articles": n_articles,
        "n_figures": len(members),
        "min_value": low,
        "max_value": high,
        "relative_spread": spread,
        "is_conflict": n_articles > 1 and values_conflict(intervals, tolerance),
    }


def _label(members: list[str], records: dict[str, dict[str, object]]) -> str:
    """The most reported counted object (or the dimension), with the anchor entity when it adds to it."""
    objects = Counter(o for o in (records[i]["counted_object"] for i in members) if isinstance(o, str) and o)
    subject = max(objects, key=lambda o: (objects[o], len(o), o)) if objects else str(records[members[0]]["dimension"])
    names = Counter(n for n in (records[i]["anchor_name"] for i in members) if isinstance(n, str) and n)
    if not names:
        return subject
    name = max(names, key=lambda n: (names[n], len(n), n))
    if anchor_key(name) and anchor_key(name) in anchor_key(subject) or name.lower() in subject.lower():
        return subject
    return f"{subject} ({name})"
