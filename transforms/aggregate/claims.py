"""Claims: figures from different articles that report the same quantity, and whether they disagree.

Guarantees:
- every figure gets a `claim_id` (a figure nobody else reports is a claim of its own);
- a restatement in another unit (`paired_figure_id` set, "300km (186 miles)") joins the claim of its
  first statement and is never counted twice (`n_figures`, min/max and the conflict test skip it);
- figures are only compared inside a block of the same dimension, normalised unit, anchor entity and
  (for counts, percentages and durations, which need one) counted-object class, and inside a block only
  with their nearest neighbours in value order, so the work grows as n log n, never with all pairs;
- currency amounts and physical measures group when they measure the same object, or when one object
  is unknown and the figures share at least two entities in their sentence and the sentences around it;
- `claim_id` is the stable id of the sorted member figure ids: reruns give the same ids.

The anchor of a figure is the entity it is about: a named entity inside its counted object
("11,000 *North Korean* soldiers"), else the nearest one before it in the sentence ("*Moscow* has
deployed close to 50,000 troops"), else the nearest one after it. Names and their demonyms share an
anchor key (North Korea / North Korean, Russia / Russian).
"""

from __future__ import annotations

import csv
import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from transforms import units
from transforms.ids import stable_id
from transforms.schema import CLAIMS

DEFAULT_OBJECT_CLASSES_PATH = Path(__file__).resolve().parents[2] / "data" / "reference" / "counted_object_classes.csv"
# Figures further apart than this factor are different quantities, not a disagreement.
MAX_VALUE_RATIO = 10.0
# How many value-order neighbours a figure is compared with inside its block (keeps the work linear).
MAX_NEIGHBOURS = 50
# Without a counted object, two figures must share this many entities in their sentence and its neighbours.
MIN_SHARED_CONTEXT = 2
# Bare counts, shares and durations are too common to match on context alone: they need a counted object.
OBJECT_REQUIRED_DIMENSIONS = frozenset({"count", "percent", "percentage_point", "duration"})
RECORD_COLUMNS = ("figure_id", "article_id", "value_low", "value_high", "unit", "dimension", "normalized_unit", "qualifier", "counted_object")
LOWER_BOUNDED = frozenset({"more_than", "at_least"})
UPPER_BOUNDED = frozenset({"less_than", "up_to"})


@cache
def load_object_classes(path: Path = DEFAULT_OBJECT_CLASSES_PATH) -> dict[str, str]:
    """Head noun (singular) -> object class: soldiers, troops and personnel all count `troops`."""
    with open(path, encoding="utf-8", newline="") as handle:
        return {row["head_noun"].strip().lower(): row["object_class"].strip() for row in csv.DictReader(handle)}


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


def object_class(counted_object: object, classes: dict[str, str]) -> str | None:
    """The class of a counted object, from its head noun (the last word)."""
    if not isinstance(counted_object, str) or not counted_object:
        return None  # None, or NaN from a frame
    words = re.findall(r"[A-Za-z]+", counted_object)
    if not words:
        return None
    head = singular_noun(words[-1])
    return classes.get(head, head)


def anchor_key(name: str) -> str:
    """A key shared by a place and its demonym: 'North Korea'/'North Korean' -> 'north kor'."""
    words = re.findall(r"[a-z]+", name.lower())
    if not words:
        return ""
    last = words[-1]
    if len(last) > 4 and last.endswith("n") and last[-2] in "aeiou":
        last = last[:-1]  # korean -> korea, russian -> russia, ukrainian -> ukrainia
    last = last.rstrip("aeiou") or last
    return " ".join([*words[:-1], last])


@dataclass(frozen=True)
class _Anchor:
    key: str
    name: str


def _context_keys(figures: pd.DataFrame, mentions: pd.DataFrame) -> dict[object, frozenset[str]]:
    """Anchor keys of the entities in each figure's sentence and the sentences either side of it."""
    by_sentence: dict[tuple[str, int], set[str]] = defaultdict(set)
    for article_id, sentence_index, name in zip(mentions["article_id"], mentions["sentence_index"], mentions["canonical_name"]):
        by_sentence[(article_id, int(sentence_index))].add(anchor_key(str(name)))
    return {
        index: frozenset().union(*(by_sentence.get((article_id, int(sentence) + offset), set()) for offset in (-1, 0, 1)))
        for index, article_id, sentence in zip(figures.index, figures["article_id"], figures["sentence_index"])
    }


def _anchors(figures: pd.DataFrame, mentions: pd.DataFrame) -> dict[object, _Anchor | None]:
    """The entity each figure is about (see the module docstring), looked up per article sentence."""
    by_sentence: dict[tuple[str, int], list[tuple[int, int, str]]] = defaultdict(list)
    for article_id, sentence_index, start, end, name in zip(
        mentions["article_id"], mentions["sentence_index"], mentions["start_char"], mentions["end_char"], mentions["canonical_name"]
    ):
        by_sentence[(article_id, int(sentence_index))].append((int(start), int(end), str(name)))
    for entries in by_sentence.values():
        entries.sort()
    anchors: dict[object, _Anchor | None] = {}
    for index, article_id, sentence_index, start, end, counted in zip(
        figures.index, figures["article_id"], figures["sentence_index"], figures["start_char"], figures["end_char"], figures["counted_object"]
    ):
        entries = by_sentence.get((article_id, int(sentence_index)), [])
        object_end = int(end) + (len(counted) + 2 if isinstance(counted, str) else 0)
        inside = [e for e in entries if int(end) <= e[0] < min(object_end, int(end) + 3)]  # "11,000 North Korean soldiers"
        before = [e for e in entries if e[1] <= int(start)]
        after = [e for e in entries if e[0] >= int(end)]
        chosen = inside[0] if inside else before[-1] if before else after[0] if after else None
        anchors[index] = _Anchor(anchor_key(chosen[2]), chosen[2]) if chosen else None
    return anchors


def _normalized_bounds(row: dict[str, object]) -> tuple[float, float]:
    low, _ = units.normalize_value(float(row["value_low"]), row["unit"])
    high, _ = units.normalize_value(float(row["value_high"]), row["unit"])
    return float(low), float(high)


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
    def __init__(self, items: list[object]) -> None:
        self.parent = {item: item for item in items}

    def find(self, item: object) -> object:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: object, b: object) -> None:
        root_a, root_b = self.find(a), self.find(b)
        if root_a != root_b:
            self.parent[max(root_a, root_b, key=str)] = min(root_a, root_b, key=str)


def _ratio(a: float, b: float) -> float:
    small, large = sorted((abs(a), abs(b)))
    if large == 0:
        return 1.0
    if small == 0 or (a < 0) != (b < 0):
        return math.inf
    return large / small


def build_claims(figures: pd.DataFrame, mentions: pd.DataFrame, tolerance: float = 0.10) -> tuple[pd.Series, pd.DataFrame]:
    """Group figures that report the same quantity across articles; return (claim id per figure, claims table)."""
    if tolerance < 0:
        raise ValueError("tolerance must be >= 0")
    missing = {"figure_id", "article_id", "value_low", "value_high", "unit", "dimension", "qualifier", "counted_object",
               "sentence_index", "paired_figure_id", "start_char", "end_char", "normalized_unit"} - set(figures.columns)
    if missing:
        raise KeyError(f"figures lacks columns {sorted(missing)}")
    if figures.empty:
        return pd.Series([], index=figures.index, dtype="string", name="claim_id"), pd.DataFrame(columns=CLAIMS.column_names)
    classes = load_object_classes()
    anchors = _anchors(figures, mentions)
    known_ids = set(figures["figure_id"])
    is_restatement = figures["paired_figure_id"].notna() & figures["paired_figure_id"].isin(known_ids)
    primaries = figures[~is_restatement]

    blocks: dict[tuple[object, ...], list[tuple[float, object]]] = defaultdict(list)
    measured: dict[object, str | None] = {}
    bounds: dict[object, tuple[float, float]] = {}
    # Plain per-row dicts: pandas row access (iterrows, .loc per claim) cost seconds on 10k figures.
    records = figures[list(RECORD_COLUMNS)].to_dict("index")
    for index in primaries.index:
        row = records[index]
        bounds[index] = _normalized_bounds(row)
        anchor = anchors[index]
        if anchor is None or not anchor.key:
            continue  # nothing says what the number is about: it stays a claim of its own
        counted_class = object_class(row["counted_object"], classes)
        if row["dimension"] in OBJECT_REQUIRED_DIMENSIONS:
            if counted_class is None:
                continue
            key: tuple[object, ...] = (row["dimension"], row["normalized_unit"], anchor.key, counted_class)
        else:
            key = (row["dimension"], row["normalized_unit"], anchor.key)  # a measured object is checked pairwise below
        blocks[key].append((bounds[index][0], index))
        measured[index] = counted_class

    groups = _UnionFind(list(primaries.index))
    article_of = figures["article_id"].to_dict()
    context = _context_keys(primaries, mentions)
    for key, members in blocks.items():
        members.sort(key=lambda item: (item[0], str(article_of[item[1]])))
        for position, (value, index) in enumerate(members):
            for back in range(position - 1, max(-1, position - 1 - MAX_NEIGHBOURS), -1):
                other_value, other = members[back]
                if _ratio(value, other_value) > MAX_VALUE_RATIO:
                    break
                if article_of[other] == article_of[index]:
                    continue
                same_object = measured[index] is not None and measured[index] == measured[other]
                if measured[index] is not None and measured[other] is not None and not same_object:
                    continue  # "a 6% stake" and "sales sank 12.7%" measure different things
                if same_object or len(context[index] & context[other]) >= MIN_SHARED_CONTEXT:
                    groups.union(index, other)
                    break

    root_of = {index: groups.find(index) for index in primaries.index}
    id_to_index = dict(zip(figures["figure_id"], figures.index))
    for index, paired_id in figures.loc[is_restatement, "paired_figure_id"].items():
        root_of[index] = root_of.get(id_to_index[paired_id], id_to_index[paired_id])
    members_of: dict[object, list[object]] = defaultdict(list)
    for index, root in root_of.items():
        members_of[root].append(index)

    claim_of: dict[object, str] = {}
    rows = []
    restated = is_restatement.to_dict()
    for root, members in members_of.items():
        claim_id = stable_id("claim", *sorted(str(records[m]["figure_id"]) for m in members))
        for member in members:
            claim_of[member] = claim_id
        counted = [m for m in members if not restated[m]]
        rows.append(_claim_row(claim_id, counted, records, bounds, anchors, tolerance))
    claims = pd.DataFrame(rows, columns=CLAIMS.column_names).sort_values("claim_id", ignore_index=True)
    claims = claims.astype({"n_articles": "int32", "n_figures": "int32", "is_conflict": "bool"})
    return pd.Series([claim_of[i] for i in figures.index], index=figures.index, dtype="string", name="claim_id"), claims


def _claim_row(
    claim_id: str, members: list[object], records: dict[object, dict[str, object]],
    bounds: dict[object, tuple[float, float]], anchors: dict[object, _Anchor | None], tolerance: float,
) -> dict[str, object]:
    lows = [bounds[i][0] for i in members]
    highs = [bounds[i][1] for i in members]
    low, high = min(lows), max(highs)
    spread = (high - low) / max(abs(high), abs(low)) if max(abs(high), abs(low)) > 0 else 0.0
    intervals = [_plausible_interval(bounds[i][0], bounds[i][1], records[i]["qualifier"], tolerance) for i in members]
    n_articles = len({records[i]["article_id"] for i in members})
    first = records[members[0]]
    return {
        "claim_id": claim_id,
        "label": _label(members, records, anchors),
        "dimension": first["dimension"],
        "normalized_unit": first["normalized_unit"],
        "n_articles": n_articles,
        "n_figures": len(members),
        "min_value": low,
        "max_value": high,
        "relative_spread": spread,
        "is_conflict": n_articles > 1 and values_conflict(intervals, tolerance),
    }


def _label(members: list[object], records: dict[object, dict[str, object]], anchors: dict[object, _Anchor | None]) -> str:
    """The most reported counted object (or the dimension), with the anchor entity when it adds to it."""
    objects = Counter(o for o in (records[i]["counted_object"] for i in members) if isinstance(o, str) and o)
    subject = max(objects, key=lambda o: (objects[o], len(o), o)) if objects else str(records[members[0]]["dimension"])
    names = Counter(a.name for a in (anchors[i] for i in members) if a is not None)
    if not names:
        return subject
    name = max(names, key=lambda n: (names[n], len(n), n))
    if anchor_key(name) and anchor_key(name) in anchor_key(subject) or name.lower() in subject.lower():
        return subject
    return f"{subject} ({name})"
