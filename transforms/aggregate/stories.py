"""Stories: the articles that report one news event, so an analyst can follow it across outlets.

An article joins the story of the earlier article it matches best, or starts a story of its own. Two
articles match when they tell one story by the test claims use (`claim_rules.one_story`: a fifth of their
most frequent words and at least two, and a fifth, of the entities they name are shared) and, when both
dates are known, were published within `STORY_WINDOW_DAYS` of each other.

Placement is decided once, when the article arrives, and never changes: stories do not merge, so
`articles.story_id` is written with the article and never rewritten, and the same-story test never chains
a whole section of the paper into one story (merging every matching pair made a 466-article "story" of
BBC politics; joining the best match gives stories of 1 to 59 articles). Within one run, articles are
placed in publication order (undated ones after the dated, then by source), each also matching the run's
earlier ones; so a story depends on the order articles arrived in, and `--full-refresh` places the whole
archive in publication order.

A run reads only the stored articles that share two entities with one of its articles and fall inside the
date window (`Archive.story_candidates`), never the whole archive.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Iterable
from datetime import date
import pandas as pd

from transforms.aggregate.claim_context import article_terms, content_terms, overlap
from transforms.aggregate.claim_rules import MIN_SHARED_STORY_ENTITIES, one_story
from transforms.extract.periods import published_day
from transforms.ids import stable_id
from transforms.schema import STORIES, STORY_FEATURES_VERSION

# Articles published further apart than this are not one story, however alike (a yearly budget, an annual award).
STORY_WINDOW_DAYS = 14
# A new article is compared with the articles that share two of its entities, found through each entity's this many
# latest articles: a name in every article (the UK, London) costs a run what its own articles cost, not the archive.
RECENT_ARTICLES_PER_ENTITY = 200
# The columns of `story_features`, in order; stored rows add the article's `story_id`.
FEATURE_COLUMNS = ("article_id", "published_day", "article_terms", "entity_ids", "features_version")
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
        (article_id, published_day(published), sorted(article_terms(Counter(content_terms(body)))), entities.get(article_id, []), STORY_FEATURES_VERSION)
        for article_id, body, published in zip(articles["article_id"], articles["body_text"], articles["published_at"])
    ]
    features = pd.DataFrame(rows, columns=list(FEATURE_COLUMNS), index=articles.index)
    return features.astype({"features_version": "int32"})


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
        "entities": frozenset(row["entity_ids"]),
    }


def within_window(a: dict[str, object], b: dict[str, object], window_days: int = STORY_WINDOW_DAYS) -> bool:
    """Both dates unknown or one unknown is no evidence against one story; two dates far apart are."""
    if a["day"] is None or b["day"] is None:
        return True
    return abs((a["day"] - b["day"]).days) <= window_days


def match_score(a: dict[str, object], b: dict[str, object]) -> float | None:
    """How well two articles match as one story (shared words plus shared entities, each over the smaller
    set), or None when they are not one story."""
    if not within_window(a, b) or not one_story(a, b):
        return None
    return overlap(a["story"], b["story"]) + overlap(a["entities"], b["entities"])


def assign_stories(new_features: pd.DataFrame, known_features: pd.DataFrame, order: Iterable[str]) -> dict[str, str]:
    """article_id -> story_id for each new article, placed in `order` (see the module docstring).

    `known_features` are stored features plus `story_id` of the stored articles that may match a new one."""
    new = {str(row["article_id"]): _record(row) for row in new_features[list(FEATURE_COLUMNS)].to_dict("records")}
    known = [(_record(row), str(row["story_id"])) for row in known_features.to_dict("records")]
    by_entity: dict[str, deque[int]] = {}
    placed: list[tuple[dict[str, object], str]] = []

    def remember(record: dict[str, object], story_id: str) -> None:
        placed.append((record, story_id))
        for entity_id in record["entities"]:
            by_entity.setdefault(entity_id, deque(maxlen=RECENT_ARTICLES_PER_ENTITY)).append(len(placed) - 1)

    for record, story_id in sorted(known, key=lambda k: (k[0]["day"] is None, k[0]["day"] or date.min, k[0]["article_id"])):
        remember(record, story_id)
    story_of: dict[str, str] = {}
    for article_id in order:
        record = new[article_id]
        shared = Counter(i for entity_id in record["entities"] for i in by_entity.get(entity_id, ()))
        candidates = sorted(i for i, n in shared.items() if n >= MIN_SHARED_STORY_ENTITIES)
        scored = [(score, placed[i][0]["article_id"], placed[i][1]) for i in candidates if (score := match_score(record, placed[i][0])) is not None]
        best = max(scored, key=lambda s: (s[0], _descending(s[1])), default=None)
        story_of[article_id] = best[2] if best else stable_id("story", article_id)
        remember(record, story_of[article_id])
    return story_of


def _descending(text: str) -> tuple[int, ...]:
    """A key that sorts text backwards: among equal scores, the smaller article id wins."""
    return tuple(-ord(c) for c in text)


def summarise_stories(members: pd.DataFrame) -> pd.DataFrame:
    """One `stories` row per story from all its member articles (`story_id`, `article_id`, `title`,
    `body_text`, `source_name`, `published_at`, `source_uri`): the first article gives the label."""
    columns = STORIES.column_names
    if members.empty:
        return pd.DataFrame(columns=columns)
    ordered = members.assign(_undated=members["published_at"].isna()).sort_values(
        ["story_id", "_undated", "published_at", "source_uri", "article_id"], kind="stable")
    first = ordered.drop_duplicates("story_id").set_index("story_id")
    grouped = ordered.groupby("story_id", sort=True)
    rows = pd.DataFrame({
        "story_id": grouped.size().index.astype(str),
        "label": [_label(title, body) for title, body in zip(first["title"].reindex(grouped.size().index), first["body_text"].reindex(grouped.size().index))],
        "first_article_id": first["article_id"].reindex(grouped.size().index).astype(str).to_numpy(),
        "n_articles": grouped["article_id"].nunique().astype("int32").to_numpy(),
        "n_sources": grouped["source_name"].nunique().astype("int32").to_numpy(),
        "first_published_at": grouped["published_at"].min().to_numpy(),
        "last_published_at": grouped["published_at"].max().to_numpy(),
    })
    return rows[columns].reset_index(drop=True)


def _label(title: object, body: object) -> str:
    """The first article's headline, else the start of its text."""
    if isinstance(title, str) and title.strip():
        return title.strip()
    text = " ".join(str(body).split())
    return text if len(text) <= LABEL_LENGTH else text[: LABEL_LENGTH - 1].rstrip() + "…"
