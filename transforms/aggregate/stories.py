"""Stories: the articles that report one news event, so an analyst can follow it across outlets.

An article joins the story it fits best, or starts a story of its own. It fits a story when it reports one
event with at least half of the story's founding members (its first `FOUNDING_MEMBERS` articles): the two
articles were published within `STORY_WINDOW_DAYS` of each other when both dates are known, share a fifth
of their most frequent words and at least two, and a fifth, of the entities they name, the entities they share
weigh `MIN_RARE_ENTITY_OVERLAP` of the smaller set's weight, each weighted by how rare it is in the archive, and
they say which occasion alike: their openings and most frequent words overlap by `MIN_EVENT_EVIDENCE` together, or
both give one result ("18-17") (`same_event`). A team, firm or country named in every report of its kind says little
about the occasion, and nor do the words of its kind; the opening names the match, ruling or bid.

Placement is decided once, when the article arrives, and never changes: stories do not merge, so
`articles.story_id` is written with the article and never rewritten. A story is judged by its founders,
which never change either, so it cannot drift: joining the single best-matching article let a story grow one
link at a time (measured on BBC: 61 articles from a tax-and-spend row to a former prime minister's death, and
4 in 5 of its article pairs not one event; `benchmarks/stories.py`). Within one run, articles are placed in
publication order (undated ones after the dated, then by source), each also matching the run's earlier
ones; so a story depends on the order articles arrived in, and `--full-refresh` places the whole archive in
publication order.

A run reads only the founders of the stored stories whose founders share two entities with one of its
articles and fall inside the date window (`Archive.story_candidates`), and the article counts of its entities
(`entities.article_count`, kept up to date as runs append), never the whole archive. So an entity's weight is its
rarity when the article was placed, and placement, decided once, does not move as counts grow.
"""

from __future__ import annotations

import math
import re
from collections import Counter, deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import pandas as pd

from transforms.aggregate.claim_context import article_terms, content_terms, overlap
from transforms.aggregate.claim_rules import MIN_SHARED_STORY_ENTITIES, one_story
from transforms.extract.periods import published_day
from transforms.ids import stable_id
from transforms.schema import STORIES, STORY_FEATURES_VERSION

# Articles published further apart than this are not one story, however alike (a yearly budget, an annual award).
STORY_WINDOW_DAYS = 14
# One event: the two articles share at least this share of the smaller one's most frequent words (see `same_event`),
# claims' `one_story` threshold: the rarity of the shared entities, not more shared words, tells occasions apart.
MIN_STORY_TERM_OVERLAP = 0.2
# One event: the entities the two articles share weigh at least this share of the smaller one's entities, each entity
# weighted by its rarity in the archive (`EntityRarity`), so that a team, firm or country every report of its kind
# names counts for less than the names of one occasion.
MIN_RARE_ENTITY_OVERLAP = 0.35
# A story is judged by its first articles, which never change: an article joins it only when it is one event with
# at least half of them.
FOUNDING_MEMBERS = 5
# The opening of an article: its first this many content words (about two sentences), where a report says which
# occasion it is about: the match, the ruling, the bid. Two reports of one event open alike; two of one team or firm on
# other occasions share the words of their kind further down.
LEAD_TERMS = 30
# One event: the two articles' most frequent words and their openings overlap (each over the smaller set) by at least
# this much together.
MIN_EVENT_EVIDENCE = 0.5
# A result written as two numbers ("beat England 18-17", "a 19-13 win"): two articles giving one are about one match,
# whatever words they open with (a report and the losing side's reaction). Either order of the two sides.
RESULT = re.compile(r"(?<![\d.,-])(\d{1,3})-(\d{1,3})(?![\d-])")
# A new article is compared with the stories whose founders share two of its entities: the stored ones the archive's
# look-up found for it, and of the run's own, those of each entity's this many latest stories, so that a name in
# every article (the UK, London) costs a run what its own articles cost.
RECENT_ARTICLES_PER_ENTITY = 200
# The columns of `story_features`, in order; stored rows add the article's `story_id`.
FEATURE_COLUMNS = ("article_id", "published_day", "article_terms", "lead_terms", "results", "entity_ids", "features_version")
ARTICLE_COLUMNS = frozenset({"article_id", "body_text", "published_at"})
LABEL_LENGTH = 120


def story_features(articles: pd.DataFrame, mentions: pd.DataFrame) -> pd.DataFrame:
    """What placing an article needs, from the article and its linked mentions: computed once and stored.

    `mentions` needs `article_id` and `entity_id`; the result has one row per article, in the order of `articles`."""
    missing = ARTICLE_COLUMNS - set(articles.columns)
    if missing:
        raise KeyError(f"articles lack columns {sorted(missing)}")
    linked = mentions[mentions["entity_id"].notna()] if not mentions.empty else mentions
    entities = linked.groupby("article_id")["entity_id"].agg(lambda ids: sorted(set(map(str, ids)))).to_dict() if not linked.empty else {}
    rows = [
        (article_id, published_day(published), sorted(article_terms(Counter(terms))), lead_terms(terms), results(body),
         entities.get(article_id, []), STORY_FEATURES_VERSION)
        for article_id, body, published in zip(articles["article_id"], articles["body_text"], articles["published_at"])
        for terms in [content_terms(body)]
    ]
    features = pd.DataFrame(rows, columns=list(FEATURE_COLUMNS), index=articles.index)
    return features.astype({"features_version": "int32"})


def lead_terms(terms: list[str]) -> list[str]:
    """The distinct words of an article's opening, from its content words in text order."""
    return sorted(set(terms[:LEAD_TERMS]))


def results(text: str) -> list[str]:
    """The results an article gives ("18-17"), each as low-high, so that "beat England 18-17" and "17-18" match."""
    return sorted({f"{min(low, high)}-{max(low, high)}" for low, high in ((int(a), int(b)) for a, b in RESULT.findall(text))})


def arrival_order(articles: pd.DataFrame) -> list[str]:
    """The order a run places its articles in: dated ones by publication time, then undated ones; ties by source."""
    order = articles.assign(_undated=articles["published_at"].isna(), _published=articles["published_at"])
    order = order.sort_values(["_undated", "_published", "source_uri", "article_id"], kind="stable")
    return order["article_id"].astype(str).tolist()


def _record(row: dict[str, object]) -> dict[str, object]:
    return {
        "article_id": str(row["article_id"]),
        "day": published_day(row["published_day"]),  # a date, from a frame or from DuckDB (a Timestamp)
        "story": frozenset(row["article_terms"]),
        "lead": frozenset(row["lead_terms"]),
        "results": frozenset(row["results"]),
        "entities": frozenset(row["entity_ids"]),
    }


def within_window(a: dict[str, object], b: dict[str, object], window_days: int = STORY_WINDOW_DAYS) -> bool:
    """Both dates unknown or one unknown is no evidence against one story; two dates far apart are."""
    if a["day"] is None or b["day"] is None:
        return True
    return abs((a["day"] - b["day"]).days) <= window_days


@dataclass(frozen=True)
class EntityRarity:
    """How rare each entity is in the archive: the number of articles naming it (`entities.article_count` plus the
    run's own) out of all articles: counts the warehouse already keeps as runs append, read by key, never counted
    over the archive."""

    article_counts: Mapping[str, int] = field(default_factory=dict)
    n_articles: int = 0

    def weight(self, entity_id: str) -> float:
        """Smoothed inverse document frequency: an entity named once weighs the most, one every article names 1, so
        in a young archive, where every name is in every article, all weigh alike."""
        return math.log((self.n_articles + 1) / (self.article_counts.get(entity_id, 0) + 1)) + 1

    def overlap(self, a: frozenset[str], b: frozenset[str]) -> float:
        """The shared entities' weight over the smaller weight of the two sets (0 when either weighs nothing)."""
        smaller = min(sum(map(self.weight, a)), sum(map(self.weight, b)))
        return sum(map(self.weight, a & b)) / smaller if smaller > 0 else 0.0


def entity_rarity(features: pd.DataFrame, stored_counts: Mapping[str, int], stored_articles: int) -> EntityRarity:
    """The rarity the run places its articles by: the stored article counts plus those of the run's own articles."""
    counts = Counter(stored_counts)
    counts.update(entity_id for entity_ids in features["entity_ids"] for entity_id in set(entity_ids))
    return EntityRarity(dict(counts), stored_articles + len(features))


def same_event(a: dict[str, object], b: dict[str, object], rarity: EntityRarity) -> bool:
    """Two articles report one event: published close together, one story by claims' test (`one_story`: a fifth
    of their most frequent words, two and a fifth of their entities), sharing their rarer entities and opening alike
    (`event_evidence`) or giving one result: the same side, firm or ceremony on another occasion shares the common names and the words of
    its kind, not the rare names nor the opening that says which occasion."""
    return match_score(a, b, rarity) is not None


def event_evidence(a: dict[str, object], b: dict[str, object]) -> float:
    """How much two articles say alike: the overlap of their most frequent words plus that of their openings."""
    return overlap(a["story"], b["story"]) + overlap(a["lead"], b["lead"])


def match_score(a: dict[str, object], b: dict[str, object], rarity: EntityRarity) -> float | None:
    """How well two articles match as one event (shared words and opening words over the smaller set, plus shared
    entities weighted by rarity), or None when they are not one event."""
    if not (within_window(a, b) and one_story(a, b, min_term_overlap=MIN_STORY_TERM_OVERLAP)):
        return None
    entities = rarity.overlap(a["entities"], b["entities"])
    evidence = event_evidence(a, b)
    if entities < MIN_RARE_ENTITY_OVERLAP or not (evidence >= MIN_EVENT_EVIDENCE or a["results"] & b["results"]):
        return None
    return evidence + entities


@dataclass
class _StoryState:
    """What placing needs of a story: its founding members (the first `FOUNDING_MEMBERS`) and its size."""

    founders: list[dict[str, object]] = field(default_factory=list)
    size: int = 0


def story_score(record: dict[str, object], story: _StoryState, rarity: EntityRarity) -> float | None:
    """How well an article fits a story: it must be one event with at least half of the story's founding
    members (one of them is not enough: that let stories drift one article at a time), scored by the mean."""
    scores = [match_score(record, founder, rarity) for founder in story.founders]
    matched = [score for score in scores if score is not None]
    if not matched or 2 * len(matched) < len(scores):
        return None
    return sum(matched) / len(scores)


def assign_stories(new_features: pd.DataFrame, known_features: pd.DataFrame, order: Iterable[str],
                   story_sizes: Mapping[str, int] | None = None,
                   rarity: EntityRarity | None = None) -> tuple[dict[str, str], dict[str, int]]:
    """(article_id -> story_id, article_id -> its rank in the story) for each new article, placed in `order`
    (see the module docstring).

    `known_features` are stored features, with `story_id` and `story_rank`, of the founding members of every
    stored story a new article may join; `story_sizes` their stories' article counts; `rarity` that of the entities,
    by default from the new articles alone."""
    rarity = rarity or entity_rarity(new_features, {}, 0)
    stories: dict[str, _StoryState] = {}
    stored_by_entity: dict[str, set[str]] = {}  # the archive's look-up already bounds these
    new_by_entity: dict[str, deque[str]] = {}

    def remember(record: dict[str, object], story_id: str, stored: bool = False) -> None:
        story = stories.setdefault(story_id, _StoryState())
        if len(story.founders) < FOUNDING_MEMBERS:
            story.founders.append(record)
            for entity_id in record["entities"]:
                if stored:
                    stored_by_entity.setdefault(entity_id, set()).add(story_id)
                else:
                    new_by_entity.setdefault(entity_id, deque(maxlen=RECENT_ARTICLES_PER_ENTITY)).append(story_id)

    for row in known_features.sort_values(["story_rank", "article_id"]).to_dict("records"):
        remember(_record(row), str(row["story_id"]), stored=True)
    for story_id, story in stories.items():
        story.size = max(len(story.founders), int((story_sizes or {}).get(story_id, 0)))
    new = {str(row["article_id"]): _record(row) for row in new_features[list(FEATURE_COLUMNS)].to_dict("records")}
    story_of: dict[str, str] = {}
    rank_of: dict[str, int] = {}
    for article_id in order:
        record = new[article_id]
        shared = Counter(story_id for entity_id in record["entities"]
                         for story_id in stored_by_entity.get(entity_id, set()) | set(new_by_entity.get(entity_id, ())))
        scored = [(score, story_id) for story_id, n in sorted(shared.items()) if n >= MIN_SHARED_STORY_ENTITIES
                  and (score := story_score(record, stories[story_id], rarity)) is not None]
        best = max(scored, key=lambda s: (s[0], _descending(s[1])), default=None)
        story_of[article_id] = best[1] if best else stable_id("story", article_id)
        remember(record, story_of[article_id])
        rank_of[article_id] = stories[story_of[article_id]].size
        stories[story_of[article_id]].size += 1
    return story_of, rank_of


def _descending(text: str) -> tuple[int, ...]:
    """A key that sorts text backwards: among equal scores, the smaller article id wins."""
    return tuple(-ord(c) for c in text)


def founders_of(features: pd.DataFrame) -> dict[str, str]:
    """story_id -> the article that started it (`story_rank` 0), from story features with `story_id` and `story_rank`."""
    started = features[features["story_rank"] == 0]
    return dict(zip(started["story_id"].astype(str), started["article_id"].astype(str)))


def summarise_stories(members: pd.DataFrame, founders: Mapping[str, str]) -> pd.DataFrame:
    """One `stories` row per story from all its member articles (`story_id`, `article_id`, `title`,
    `body_text`, `source_name`, `published_at`, `source_uri`) and its founder (story_id -> article_id, see
    `founders_of`): the founder gives the label and `first_article_id`, as it gives the story its id, so they never
    change when a later run brings an earlier-dated article."""
    columns = STORIES.column_names
    if members.empty:
        return pd.DataFrame(columns=columns)
    grouped = members.groupby("story_id", sort=True)
    missing = sorted(set(grouped.groups) - set(founders))
    if missing:
        raise KeyError(f"no founder given for stories {missing[:5]}")
    is_founder = members["article_id"].astype(str) == members["story_id"].map(founders)
    first = members[is_founder].drop_duplicates("story_id").set_index("story_id").reindex(list(grouped.groups))
    if first["article_id"].isna().any():
        raise ValueError(f"founders not among the members: {sorted(first.index[first['article_id'].isna()])[:5]}")
    rows = pd.DataFrame({
        "story_id": first.index.astype(str),
        "label": [_label(title, body) for title, body in zip(first["title"], first["body_text"])],
        "first_article_id": first["article_id"].astype(str).to_numpy(),
        "n_articles": grouped["article_id"].nunique().astype("int32").to_numpy(),
        "n_sources": grouped["source_name"].nunique().astype("int32").to_numpy(),
        "first_published_at": grouped["published_at"].min().to_numpy(),
        "last_published_at": grouped["published_at"].max().to_numpy(),
    })
    return rows[columns].reset_index(drop=True)


def _label(title: object, body: object) -> str:
    """The founder's headline, else the start of its text."""
    if isinstance(title, str) and title.strip():
        return title.strip()
    text = " ".join(str(body).split())
    return text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1].rstrip() + "…"
