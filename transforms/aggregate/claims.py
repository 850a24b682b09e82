"""Claims: figures from different articles that report one fact, and whether their sources disagree.

The work is split so that the warehouse can grow by appending:
- `figure_claim_features` reduces each figure, with its own article and that article's entity mentions, to
  what grouping needs (block keys, normalised bounds, object class, anchor and subject entities, the words of
  its sentence and beside it, its place in the sentence, its period key, its article's day and story signature); a
  figure's features never change afterwards, so they are computed once and stored;
- `assign_claims` places new figures among the stored features of the figures they could join and
  returns the claim id of each and the claims rows that changed, folded from the slim columns of their claims'
  members (`claim_rows`); `build_claims` is the same call with
  the whole corpus as new figures and nothing known.

Guarantees:
- every figure gets a `claim_id` (a figure nobody else reports is a claim of its own);
- a restatement in the same normalised unit ("300km (186 miles)") joins the claim of its first statement and
  is never counted twice (`n_figures`, min/max and the conflict test skip it); one in another unit
  ("$9.3bn (£5bn)") is a claim of its own, so no claim mixes units;
- figures are only compared inside a block (`dimension|normalised unit|word`, one per word among their
  article's most frequent: figures of one story share one; and a distinctive amount's own value), and inside a
  block only with the figures whose value is within `MAX_VALUE_RATIO` of theirs; a number that measures nothing (a
  score, a tally, a time frame, a group, a reference, a name: `claim_measures.not_a_measure`) has no block, a vague magnitude
  ("billions of dollars") blocks only with vague magnitudes and a percentage of change ("rose 5%") only with changes;
- two figures are linked when their articles tell one story (or they give the same distinctive amount of one
  entity, `claim_rules.same_fact_across_stories`), their periods do not differ (nor, when neither names a period and
  their values do not agree, their articles' known days: `claim_rules.read_days_apart`), their subjects do
  not differ and their words, objects, anchors and values say they measure one quantity (`claim_rules.linked`,
  where the rules are listed); given a learned pair scorer, a pair whose values agree and are both written without
  a qualifier is linked by its score instead (`claim_scorer.decides`, `ClaimScorer.links`); a claim is a connected
  group of linked figures. Whether two figures are linked depends on those two figures only, so adding articles only adds
  links: claims grow and merge but never split, and assigning the corpus in any number of steps gives the
  same claims as assigning it at once, where the archive's look-up hands a new figure all its candidates (it
  hands the 64 whose articles share the most entities: `archive.CLAIM_CANDIDATES_PER_FIGURE`);
- a claim is a conflict only when two of its figures from two articles that the linker compared (one block, values
  within `MAX_VALUE_RATIO`) are linked directly and disagree, and it names the pair furthest apart (`claim_rows`);
  that evidence is kept with the claim's row, so a run judges only the pairs its new figures make;
- ids are sticky: a claim keeps the smallest existing `claim_id` among its figures (when two claims merge,
  the other's figures are re-linked to it); a claim of new figures only is `stable_id("claim", smallest
  figure_id)`. Reruns give the same ids.

The anchor of a figure is the entity it is about: a named entity inside its counted object
("11,000 *North Korean* soldiers"), else the nearest one before it in the sentence ("*Moscow* has
deployed close to 50,000 troops"), else the nearest one after it; a figure a person owns ("his planned £35bn") is about
a person, so a party or a firm named before it is not its anchor. Anchors and context are entity ids, not
names: canonical names change as the corpus grows, ids do not, and a demonym mention is already linked to
its country's entity ("North Korean" -> North Korea). The subject is what the figure is said of, read within
its own clause (`_subject`): the entity inside its counted object, else the first one of its clause before it
("*Rosneft* bought Yugansk from Yukos for $9.3bn"), else the first after it.
"""

from __future__ import annotations

import csv
import re
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import MappingProxyType

import pandas as pd

from transforms import units
from transforms.aggregate.claim_context import (
    article_terms,
    blocking_terms,
    content_terms,
    local_terms,
    neighbour_words,
)
from transforms.aggregate.claim_measures import is_change, not_a_measure, vague_magnitude
from transforms.aggregate.claim_rows import MEMBER_COLUMNS, Evidence, claim_rows, compared_conflicts, counted_members, furthest_apart
from transforms.aggregate.claim_rules import (
    MAX_VALUE_RATIO,
    UNCOUNTED_ACROSS_STORIES,
    distinctive,
    one_fact_of_one_story,
    one_story,
    ratio,
    same_fact_across_stories,
)
from transforms.aggregate.claim_scorer import ClaimScorer, decides
from transforms.extract.periods import find_period, published_day
from transforms.ids import stable_id
from transforms.names import singular
from transforms.reference import REFERENCE_DIR
from transforms.schema import CLAIM_FEATURES_VERSION
from transforms.text import sentence_around

OBJECT_CLASSES_PATH = REFERENCE_DIR / "counted_object_classes.csv"
FIGURE_COLUMNS = frozenset({"figure_id", "article_id", "value_low", "value_high", "unit", "dimension", "qualifier", "counted_object",
                            "sentence_index", "paired_figure_id", "start_char", "end_char", "normalized_unit"})
MENTION_COLUMNS = frozenset({"article_id", "entity_id", "canonical_name", "sentence_index", "start_char", "end_char"})
ARTICLE_COLUMNS = frozenset({"article_id", "body_text"})
# The columns of `figure_claim_features`, in order; stored features add the figure's current `claim_id`.
FEATURE_COLUMNS = ("figure_id", "article_id", "block_keys", "anchor_entity_id", "anchor_name", "dimension", "normalized_unit",
                   "normalized_low", "normalized_high", "qualifier", "counted_object", "object_class", "context_entity_ids",
                   "subject_entity_id", "sentence_terms", "local_terms", "neighbour_words", "sentence_position", "article_terms", "article_entity_ids", "period_key", "published_day", "paired_figure_id", "is_restatement",
                   "features_version")
NULLABLE_TEXT_COLUMNS = ("subject_entity_id", "anchor_entity_id", "anchor_name", "counted_object", "object_class", "period_key", "paired_figure_id")
# Where a clause ends: punctuation inside a sentence, a dash between spaces, a conjunction that starts another
# clause ("rose after General Motors agreed to pay $2bn"), or the sentence's end.
CLAUSE_BREAK = re.compile(r"[,;:](?=\s)|[()\n]|\s[-\u2013\u2014]\s|[.?!](?=\s|$)"
                          r"|\b(?:after|as|while|when|whereas|because|since|which|who|but|although|though|if|that|and then)\s")


# "his planned £35bn", "her two titles": a person's possessive owns the figure (an adjective may come between).
PERSON_OWNER_BEFORE = re.compile(r"\b[Hh](?:is|er)\s+(?:[a-z-]+\s+)?$")  # not "HIS", a travel firm
OWNER_WINDOW = 30


def load_object_classes(path: Path = OBJECT_CLASSES_PATH) -> Mapping[str, str]:
    """Head noun (singular) -> object class: soldiers, troops and personnel all count `troops`."""
    with open(path, encoding="utf-8", newline="") as handle:
        return MappingProxyType({row["head_noun"].strip().lower(): row["object_class"].strip() for row in csv.DictReader(handle)})


def object_class(counted_object: object, classes: Mapping[str, str]) -> str | None:
    """The class of a counted object, from its head noun (the last word); none when that word is a name."""
    if not isinstance(counted_object, str) or not counted_object:
        return None  # None, or NaN from a frame
    words = re.findall(r"[A-Za-z]+", counted_object)
    if not words:
        return None
    if words[-1][0].isupper() and not words[-1].removesuffix("s").isupper():
        return None  # "29% of United", "5% of Deutsche": a name is what the figure is said of (its subject), not a class
    head = singular(words[-1].lower())
    return classes.get(head, head)


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


def _persons(mentions: pd.DataFrame) -> frozenset[str]:
    """The entities named as people; none when the mentions carry no type."""
    if "entity_type" not in mentions:
        return frozenset()
    people = mentions[(mentions["entity_type"] == "PERSON") & mentions["entity_id"].notna()]
    return frozenset(map(str, people["entity_id"]))


def _anchor(entries: list[tuple[int, int, str, str | None]], start: int, end: int, counted: object,
            owned_by_a_person: bool = False, persons: frozenset[str] = frozenset()) -> tuple[str, str | None] | None:
    """The (entity_id, name) a figure is about (see the module docstring), from its sentence's mentions. A figure a
    person owns ("his planned £35bn") is not about a party or a firm named before it ("Labour claim his planned £35bn
    efficiency savings": the savings are the Conservative leader's, Labour only speaks of them)."""
    object_end = end + (len(counted) + 2 if isinstance(counted, str) else 0)
    inside = [e for e in entries if end <= e[0] < min(object_end, end + 3)]  # "11,000 North Korean soldiers"
    before = [e for e in entries if e[1] <= start and (not owned_by_a_person or e[2] in persons)]
    after = [e for e in entries if e[0] >= end]
    chosen = inside[0] if inside else before[-1] if before else after[0] if after else None
    return (chosen[2], chosen[3]) if chosen else None


def _subject(entries: list[tuple[int, int, str, str | None]], body: str, start: int, end: int, counted: object) -> str | None:
    """The entity a figure is said of: one inside its counted object ("11,000 North Korean soldiers"), else the
    first one of its own clause before it ("Rosneft bought Yugansk from Yukos for $9.3bn"; "Rosneft will control
    about 16%", not the Yukos of the clause before), else the first after it there. Two figures with different
    subjects are never one fact."""
    object_end = end + (len(counted) + 2 if isinstance(counted, str) else 0)
    inside = [e for e in entries if end <= e[0] < min(object_end, end + 3)]
    if inside:
        return inside[0][2]
    clause_start = max((m.end() for m in CLAUSE_BREAK.finditer(body, max(0, start - 400), start)), default=0)
    after = CLAUSE_BREAK.search(body, end)
    clause_end = after.start() if after else len(body)
    before = [e for e in entries if clause_start <= e[0] and e[1] <= start]
    following = [e for e in entries if end <= e[0] and e[1] <= clause_end]
    chosen = before[0] if before else following[0] if following else None
    return chosen[2] if chosen else None


def _normalized_bounds(low: float, high: float, unit: str) -> tuple[float, float]:
    normalized_low, _ = units.normalize_value(float(low), unit)
    normalized_high, _ = units.normalize_value(float(high), unit)
    return float(normalized_low), float(normalized_high)


def figure_claim_features(figures: pd.DataFrame, mentions: pd.DataFrame, articles: pd.DataFrame,
                          object_classes: Mapping[str, str]) -> pd.DataFrame:
    """What grouping needs of each figure, from the figure, its own article and its mentions: stored once, never recomputed.

    `figures` must hold whole articles (a restatement's first statement is in the same article), and `articles`
    their `body_text` (and `published_at` when known). The result is aligned to `figures.index`; `block_keys` is
    empty for a figure that cannot join figures of other articles: a restatement (it follows its first statement).
    """
    missing = (FIGURE_COLUMNS - set(figures.columns)) | (MENTION_COLUMNS - set(mentions.columns)) | (ARTICLE_COLUMNS - set(articles.columns))
    if missing:
        raise KeyError(f"figures, mentions or articles lack columns {sorted(missing)}")
    by_sentence = _mentions_by_sentence(mentions)
    persons = _persons(mentions)
    stories = _article_signatures(articles, mentions, set(figures["article_id"]))
    figure_ids = set(figures["figure_id"])
    positions = _sentence_positions(figures)
    rows = []
    for figure_id, article_id, sentence, start, end, low, high, unit, dimension, normalized_unit, qualifier, counted, paired in zip(
        figures["figure_id"], figures["article_id"], figures["sentence_index"], figures["start_char"], figures["end_char"],
        figures["value_low"], figures["value_high"], figures["unit"], figures["dimension"], figures["normalized_unit"],
        figures["qualifier"], figures["counted_object"], figures["paired_figure_id"],
    ):
        counted = counted if isinstance(counted, str) and counted else None
        paired = paired if isinstance(paired, str) else None
        is_restatement = paired is not None and paired in figure_ids
        entries = by_sentence.get((article_id, int(sentence)), [])
        story = stories[article_id]
        owned = PERSON_OWNER_BEFORE.search(story.body, max(0, int(start) - OWNER_WINDOW), int(start)) is not None
        anchor = _anchor(entries, int(start), int(end), counted, owned, persons)
        subject = _subject(entries, story.body, int(start), int(end), counted)
        context = sorted({e[2] for offset in (-1, 0, 1) for e in by_sentence.get((article_id, int(sentence) + offset), [])})
        words, local, neighbours, period_key = _sentence_features(story.body, int(start), int(end), story.published)
        normalized_low, normalized_high = _normalized_bounds(low, high, unit)
        block_keys = (_block_keys(story, int(start), int(end), dimension, normalized_unit, counted, normalized_low, normalized_high)
                      if not is_restatement else [])
        rows.append((figure_id, article_id, block_keys, anchor[0] if anchor else None, anchor[1] if anchor else None, dimension,
                     normalized_unit, normalized_low, normalized_high, qualifier, counted, object_class(counted, object_classes), context,
                     subject, words, local, neighbours, positions[figure_id], sorted(story.terms), sorted(story.entity_ids), period_key,
                     story.published, paired, is_restatement, CLAIM_FEATURES_VERSION))
    features = pd.DataFrame(rows, columns=list(FEATURE_COLUMNS), index=figures.index)
    return features.astype({"normalized_low": "float64", "normalized_high": "float64", "is_restatement": "bool", "features_version": "int32"})


def _block_keys(story: _Story, start: int, end: int, dimension: str, normalized_unit: str, counted: str | None,
                low: float, high: float) -> list[str]:
    """One key per frequent word of the article (figures of one story share one), none for a number that measures
    nothing (`not_a_measure`); a vague magnitude ("billions of dollars") has keys of its own, since it agrees with
    every exact value of its size, and so has a percentage of change ("grown by 5%"), never one fact with a level
    ("a 5% share"). A distinctive level also has a key of its value: the same "$550,000" fine told in two stories."""
    if not_a_measure(story.body, start, end, dimension, counted):
        return []
    kind = "|vague" if vague_magnitude(story.body[start:end]) else "|change" if is_change(story.body, start, end, dimension) else ""
    keys = [f"{dimension}|{normalized_unit}|{term}{kind}" for term in story.blocking_terms]
    if not kind and low == high and dimension not in UNCOUNTED_ACROSS_STORIES and distinctive(high):
        keys.append(f"{dimension}|{normalized_unit}|={high:.12g}")
    return keys


@dataclass(frozen=True)
class _Story:
    """An article as claim grouping sees it: its text, its publication day, its story signature (its most
    frequent words and the entities it names)."""

    body: str
    published: date | None
    terms: frozenset[str]
    blocking_terms: tuple[str, ...]
    entity_ids: frozenset[str]


def _article_signatures(articles: pd.DataFrame, mentions: pd.DataFrame, wanted: set[str]) -> dict[str, _Story]:
    published = articles["published_at"] if "published_at" in articles else pd.Series(None, index=articles.index)
    linked = mentions[mentions["entity_id"].notna() & mentions["article_id"].isin(wanted)]
    entities = linked.groupby("article_id")["entity_id"].agg(lambda ids: frozenset(map(str, ids))).to_dict()
    stories = {}
    for article_id, body, day in zip(articles["article_id"], articles["body_text"], published):
        if article_id in wanted:
            counts = Counter(content_terms(body))
            stories[article_id] = _Story(body, published_day(day), article_terms(counts), blocking_terms(counts),
                                         entities.get(article_id, frozenset()))
    missing = wanted - stories.keys()
    if missing:
        raise KeyError(f"articles lack the body of {len(missing)} figures' articles, e.g. {sorted(missing)[:3]}")
    return stories


def _sentence_features(body: str, start: int, end: int, published: date | None) -> tuple[list[str], list[str], list[str], str | None]:
    """The content words of the figure's sentence, those next to the figure, the words right beside it and the
    key of its period (the same period `figures.period_*` holds, as a key that also compares undated months)."""
    offset, sentence = sentence_around(body, start, end)
    period = find_period(sentence, start - offset, end - offset, published)
    local = local_terms(sentence, start - offset, end - offset)
    neighbours = neighbour_words(sentence, start - offset, end - offset)
    return sorted(set(content_terms(sentence))), sorted(local), neighbours, (period.key or None) if period else None


def _sentence_positions(figures: pd.DataFrame) -> dict[str, str]:
    """figure_id -> "k/n": the figure is the k-th of the n figures of its sentence (restatements left out), so
    that in two copies of one sentence "three matches ... four out of six" only the same places match."""
    first_statements = figures[figures["paired_figure_id"].isna()]
    by_sentence: dict[tuple[str, int], list[tuple[int, str]]] = defaultdict(list)
    for figure_id, article_id, sentence, start in zip(first_statements["figure_id"], first_statements["article_id"],
                                                      first_statements["sentence_index"], first_statements["start_char"]):
        by_sentence[(article_id, int(sentence))].append((int(start), figure_id))
    positions = {}
    for group in by_sentence.values():
        for k, (_, figure_id) in enumerate(sorted(group), start=1):
            positions[figure_id] = f"{k}/{len(group)}"
    return {figure_id: positions.get(figure_id, "0/0") for figure_id in figures["figure_id"]}


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


def _as_records(features: pd.DataFrame) -> dict[str, dict[str, object]]:
    """figure_id -> plain dict with None for missing text: pandas row access per figure costs seconds on 10k figures."""
    records: dict[str, dict[str, object]] = {}
    for row in features[list(FEATURE_COLUMNS)].to_dict("records"):
        for column in NULLABLE_TEXT_COLUMNS:
            if not isinstance(row[column], str):
                row[column] = None  # NaN or pd.NA from Parquet
        row["published_day"] = published_day(row["published_day"])  # a date, NaT, or a Timestamp from DuckDB
        row["block_keys"] = tuple(row["block_keys"])
        row["words"] = frozenset(row["sentence_terms"])
        row["story"] = frozenset(row["article_terms"])
        row["entities"] = frozenset(row["article_entity_ids"])
        row["local"] = frozenset(row["local_terms"])
        row["context"] = frozenset(row["context_entity_ids"])
        records[str(row["figure_id"])] = row
    return records


def assign_claims(new_features: pd.DataFrame, known_features: pd.DataFrame, tolerance: float = 0.10, scorer: ClaimScorer | None = None, *,
                  stored_members: pd.DataFrame | None = None, stored_claims: pd.DataFrame | None = None) -> tuple[pd.Series, pd.DataFrame]:
    """Place new figures among the known ones: (claim id by figure_id of every figure given; changed claims rows).

    `known_features` are stored features plus `claim_id` of the published figures a new figure can link to.
    `stored_members` are every member of their claims (`claim_rows.MEMBER_COLUMNS`) and `stored_claims` those
    claims' rows, whose conflict evidence is kept: then only pairs with a new figure are judged. Without them,
    `known_features` must hold every member of its claims, and every pair is judged again. Known claims are never
    split. The rows cover every claim that holds a new figure; a known `claim_id` missing from the returned ids was
    merged into another claim, and its members are returned with the id they move to. `scorer` (the reference
    catalog's `claim_scorer`) decides the pairs `claim_scorer.decides` names; without it the rules decide every pair.
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
    groups = _link(new_records, records, known_features, tolerance, scorer)
    known_claim = dict(zip(known_features["figure_id"].astype(str), known_features["claim_id"].astype(str)))
    members_of: dict[str, list[str]] = defaultdict(list)
    for figure_id in records:
        members_of[groups.find(figure_id)].append(figure_id)
    claim_of_root: dict[str, str] = {}
    claim_now: dict[str, str] = {}  # every known claim id -> its id now
    changed: dict[str, list[str]] = {}  # id now of each claim that changes -> its members among `records`
    for root, members in members_of.items():
        existing = {known_claim[m] for m in members if m in known_claim}
        claim_of_root[root] = min(existing) if existing else stable_id("claim", min(members))
        claim_now.update(dict.fromkeys(existing, claim_of_root[root]))
        if len(existing) < len(members) or len(existing) > 1:
            changed[claim_of_root[root]] = members
    members = stored_members if stored_members is not None else known_features.loc[:, list(MEMBER_COLUMNS)]
    moved = members[members["claim_id"].isin({old for old, now in claim_now.items() if now in changed})]
    slim = pd.concat([
        moved.assign(claim_id=moved["claim_id"].map(claim_now)),
        new_features.loc[:, [c for c in MEMBER_COLUMNS if c != "claim_id"]].assign(
            claim_id=[claim_of_root[groups.find(str(f))] for f in new_features["figure_id"]]),
    ], ignore_index=True)
    evidence = _evidence(changed, slim, records, set(new_records) if stored_claims is not None else None,
                         stored_claims, claim_now, tolerance)
    claims = claim_rows(slim, evidence).sort_values("claim_id", ignore_index=True)
    claim_of = ({f: claim_of_root[groups.find(f)] for f in records}
                | {str(f): claim_now.get(str(c), str(c)) for f, c in zip(members["figure_id"], members["claim_id"])}
                | dict(zip(slim["figure_id"].astype(str), slim["claim_id"].astype(str))))
    claim_ids = pd.Series(list(claim_of.values()), index=pd.Index(list(claim_of), name="figure_id"), dtype="string", name="claim_id")
    return claim_ids.sort_index(), claims


def _link(new_records: dict[str, dict[str, object]], records: dict[str, dict[str, object]], known_features: pd.DataFrame,
          tolerance: float, scorer: ClaimScorer | None) -> _UnionFind:
    """Figures joined: known claims as they are, a new restatement with its first statement in the same unit, and
    every new figure with each figure of its blocks it is linked to (`_link_new_figure`)."""
    groups = _UnionFind(list(records))
    for _, member_ids in known_features.groupby("claim_id")["figure_id"]:
        first, *rest = member_ids.astype(str)
        for member in rest:
            groups.union(first, member)  # known claims are never split
    for figure_id, row in new_records.items():
        if row["is_restatement"]:
            first = records.get(row["paired_figure_id"])
            if first is None:
                raise ValueError(f"restatement {figure_id} without its first statement {row['paired_figure_id']}")
            if first["normalized_unit"] == row["normalized_unit"]:
                groups.union(figure_id, row["paired_figure_id"])  # "300km (186 miles)": one claim in km
            # "£3.2bn ($6bn)": the restatement is a claim of its own, never a GBP figure in a USD claim
    blocks: dict[str, list[str]] = defaultdict(list)
    for figure_id, row in records.items():
        for block_key in row["block_keys"]:
            blocks[block_key].append(figure_id)
    checked = _Checked()
    for block_key in sorted({key for row in new_records.values() for key in row["block_keys"]}):
        members = sorted(blocks[block_key], key=lambda f: (records[f]["normalized_low"], records[f]["article_id"], f))
        for position, figure_id in enumerate(members):
            if figure_id in new_records:
                _link_new_figure(members, position, records, new_records, groups, tolerance, checked, scorer)
    return groups


def _evidence(changed: Mapping[str, list[str]], slim: pd.DataFrame, records: Mapping[str, dict[str, object]],
              new_ids: set[str] | None, stored_claims: pd.DataFrame | None, claim_now: Mapping[str, str],
              tolerance: float) -> dict[str, Evidence | None]:
    """Each changed claim's conflict evidence among its counted members: the stored evidence of the claims it
    holds, and the compared pairs judged now (those with a new figure when `new_ids` is given, else all)."""
    counted = counted_members(slim)
    counted_ids = set(counted["figure_id"].astype(str))
    values = dict(zip(slim["figure_id"].astype(str), zip(slim["normalized_low"], slim["normalized_high"])))
    stored: dict[str, list[Evidence]] = defaultdict(list)
    if stored_claims is not None:
        conflicts = stored_claims[stored_claims["is_conflict"].astype(bool) & stored_claims["claim_id"].isin(claim_now.keys())]
        for old, low, high in zip(conflicts["claim_id"], conflicts["conflict_low_figure_id"], conflicts["conflict_high_figure_id"]):
            if low in counted_ids and high in counted_ids:
                stored[claim_now[old]].append((str(low), str(high)))

    def judged(a: str, b: str) -> bool:
        return new_ids is None or a in new_ids or b in new_ids

    return {
        claim_id: furthest_apart(
            [*stored[claim_id], *compared_conflicts([m for m in members if m in counted_ids], records, tolerance, judged)], values)
        for claim_id, members in changed.items()
    }


class _Checked:
    """What one assignment has already judged: figure pairs (a pair sharing several blocks is judged once) and
    article pairs (whether two articles tell one story does not depend on which of their figures ask)."""

    def __init__(self) -> None:
        self.pairs: set[tuple[str, str]] = set()
        self.stories: dict[tuple[str, str], bool] = {}

    def first_time(self, a: str, b: str) -> bool:
        pair = (a, b) if a < b else (b, a)
        if pair in self.pairs:
            return False
        self.pairs.add(pair)
        return True

    def one_story(self, a: dict[str, object], b: dict[str, object]) -> bool:
        key = (a["article_id"], b["article_id"]) if a["article_id"] < b["article_id"] else (b["article_id"], a["article_id"])
        if key not in self.stories:
            self.stories[key] = key[0] != key[1] and one_story(a, b)
        return self.stories[key]


def _link_new_figure(members: list[str], position: int, records: dict[str, dict[str, object]],
                     new_records: dict[str, dict[str, object]], groups: _UnionFind, tolerance: float,
                     checked: _Checked, scorer: ClaimScorer | None) -> None:
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
            if ratio(value, records[other]["normalized_low"]) > MAX_VALUE_RATIO:
                break
            if step == 1 and other in new_records:
                continue
            if not checked.first_time(figure_id, other) or groups.find(other) == groups.find(figure_id):
                continue
            if _one_fact(row, records[other], tolerance, checked, scorer):
                groups.union(figure_id, other)


def _one_fact(a: dict[str, object], b: dict[str, object], tolerance: float, checked: _Checked, scorer: ClaimScorer | None) -> bool:
    """The pair decision: the learned score where it decides (exact values that agree), the rules everywhere else."""
    if scorer is not None and decides(a, b, tolerance):
        return scorer.links(a, b, tolerance)
    return (checked.one_story(a, b) and one_fact_of_one_story(a, b, tolerance)) or same_fact_across_stories(a, b)


def build_claims(figures: pd.DataFrame, mentions: pd.DataFrame, articles: pd.DataFrame, tolerance: float = 0.10, *,
                 object_classes: Mapping[str, str], scorer: ClaimScorer | None = None) -> tuple[pd.Series, pd.DataFrame]:
    """Group every figure of the corpus at once (a full rebuild); return (claim id per figure, claims table)."""
    features = figure_claim_features(figures, mentions, articles, object_classes)
    nothing_known = features.iloc[:0].assign(claim_id=pd.Series(dtype="string"))
    claim_ids, claims = assign_claims(features, nothing_known, tolerance, scorer)
    aligned = claim_ids.reindex(features["figure_id"].astype(str)).to_numpy()
    return pd.Series(aligned, index=figures.index, dtype="string", name="claim_id"), claims
