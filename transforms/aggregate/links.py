"""Link one run's new rows into the archive: canonical entities, speakers, quote clusters, claims, stories.

The corpus-level tables are maintained, not rebuilt: each step asks the archive (DuckDB over the
published snapshot) only for the stored rows that share a key with the run's new rows (the same
name forms, quote candidate keys, claim blocks), re-decides those together with the new rows, and
reports what changed. Ids are sticky: a new row joins the existing entity, cluster or claim; an old
row's link changes only when new evidence changes the decision for it (two entities found to be
one, two clusters joined by a quote that restates both), and every such row is counted as re-linked
and rewritten in a new file. Memory follows the run's rows plus the keys they touch.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from transforms.aggregate.claim_rules import MAX_VALUE_RATIO, MIN_SHARED_STORY_ENTITIES
from transforms.aggregate.claim_scorer import ClaimScorer
from transforms.aggregate.claims import assign_claims, figure_claim_features
from transforms.aggregate.corpus import link_speakers, missing_as_none
from transforms.aggregate.entities import build_entity_cooccurrence, form_lookup_keys, mention_forms, resolve_forms, summarise_entities
from transforms.aggregate.quote_clusters import assign_quote_clusters, keys_to_look_up, quote_index_keys, summarise_clusters
from transforms.aggregate.stories import (
    FOUNDING_MEMBERS,
    STORY_WINDOW_DAYS,
    EntityRarity,
    arrival_order,
    assign_stories,
    entity_rarity,
    founders_of,
    story_features,
    summarise_stories,
)
from transforms.io.archive import FORM_COLUMNS, Archive
from transforms.schema import CLAIMS, ENTITIES, ENTITY_FORMS, QUOTE_CLUSTERS, STORIES, STORY_FEATURES



@dataclass
class Relinks:
    """Changes to rows that earlier runs published, keyed for rewriting their files."""

    entity_by_form: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(columns=[*FORM_COLUMNS, "entity_id", "entity_type", "entity_id_before"]))
    speaker_by_quote: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    cluster_by_quote: dict[str, str] = field(default_factory=dict)
    claim_by_figure: dict[str, str] = field(default_factory=dict)


@dataclass
class LinkedRun:
    """The run's new fact rows with every link filled, the aggregate rows it touched, and the state it adds."""

    entity_mentions: pd.DataFrame
    quotes: pd.DataFrame
    figures: pd.DataFrame
    entities: pd.DataFrame  # every entity whose row changed (new or re-counted)
    quote_clusters: pd.DataFrame
    claims: pd.DataFrame
    cooccurrence_delta: pd.DataFrame  # pair rows to add (negative counts remove a re-linked article's pairs)
    removed: dict[str, set[str]]  # aggregate table -> keys that no longer exist
    entity_forms: pd.DataFrame  # resolved forms to store (replacing the stored rows of the same forms)
    quote_keys: pd.DataFrame
    claim_features: pd.DataFrame
    relinks: Relinks
    story_of_article: dict[str, str] = field(default_factory=dict)  # the run's articles -> their story
    stories: pd.DataFrame = field(default_factory=pd.DataFrame)  # every story that gained an article
    story_features: pd.DataFrame = field(default_factory=pd.DataFrame)


def _with_form_columns(mentions: pd.DataFrame) -> pd.DataFrame:
    extracted = mentions["extracted_type"] if "extracted_type" in mentions else pd.Series(None, index=mentions.index, dtype=object)
    return mentions.assign(extracted_type=extracted.where(extracted.notna(), mentions["entity_type"]))


def _form_key(frame: pd.DataFrame) -> pd.Series:
    hint = frame["canonical_hint"].astype(object).where(frame["canonical_hint"].notna(), "\x00")
    return frame["mention_text"].astype(str) + "\x1f" + frame["extracted_type"].astype(str) + "\x1f" + hint.astype(str)


def _lookup_keys(forms: pd.DataFrame, aliases: pd.DataFrame | None) -> list[list[str]]:
    """The keys a form is stored and found under: its statistics keys plus the form itself, so the
    same form always finds its stored row (and its mention count) even when it feeds no statistic."""
    identity = "form:" + _form_key(missing_as_none(forms))
    return [sorted({*keys, own}) for keys, own in zip(form_lookup_keys(forms, aliases), identity)]


def keep_published_links(resolved: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """Published forms keep their entity unless that whole entity moves (it is merged into another,
    or re-typed with all its names): a name that new articles make ambiguous ("Brown" once meant only
    Gordon Brown) keeps the link it was published with, so unrelated articles never move old rows.

    `resolved` and `published` carry `_key` (the form), `entity_id` and `entity_type`."""
    if published.empty:
        return resolved
    old = published.set_index("_key")
    stored_link = old["entity_id"].reindex(resolved["_key"]).to_numpy(dtype=object)
    stored_type = old["entity_type"].reindex(resolved["_key"]).to_numpy(dtype=object)
    surviving = set(resolved["entity_id"])  # entities that still have a form of their own
    moved = pd.notna(stored_link) & (stored_link != resolved["entity_id"].to_numpy(dtype=object))
    keep = moved & pd.Series(stored_link).isin(surviving).to_numpy()
    if not keep.any():
        return resolved
    entity_id = resolved["entity_id"].to_numpy(dtype=object, copy=True)
    entity_type = resolved["entity_type"].to_numpy(dtype=object, copy=True)
    entity_id[keep], entity_type[keep] = stored_link[keep], stored_type[keep]
    return resolved.assign(entity_id=entity_id, entity_type=entity_type)


def link_entities(new_mentions: pd.DataFrame, archive: Archive, aliases: pd.DataFrame | None) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame, pd.DataFrame, set[str]]:
    """(linked new mentions, resolved forms to store, changed stored forms, touched entity rows, removed entity ids)."""
    mentions = _with_form_columns(missing_as_none(new_mentions))
    if mentions.empty:  # nothing to link: nothing stored changes either
        no_forms = pd.DataFrame({c: pd.Series(dtype=object) for c in ENTITY_FORMS.column_names})
        no_changes = pd.DataFrame(columns=[*FORM_COLUMNS, "entity_id", "entity_type", "entity_id_before"])
        return mentions, no_forms, no_changes, pd.DataFrame(columns=[c for c in ENTITIES.column_names if c != "article_count"]), set()
    new_forms = mention_forms(mentions)
    keys = {key for keys_of_form in _lookup_keys(new_forms, aliases) for key in keys_of_form}
    stored = archive.entity_form_closure(keys)
    combined = pd.concat([stored[[*FORM_COLUMNS, "n_mentions"]], new_forms[[*FORM_COLUMNS, "n_mentions"]]], ignore_index=True)
    combined = missing_as_none(combined)
    combined = combined.assign(_key=_form_key(combined)).groupby("_key", sort=True, dropna=False).agg(
        {"mention_text": "first", "extracted_type": "first", "canonical_hint": "first", "n_mentions": "sum"}
    ).reset_index(drop=True)
    combined["canonical_hint"] = combined["canonical_hint"].astype(object).where(combined["canonical_hint"].notna(), None)
    resolved = resolve_forms(combined, aliases).reset_index(drop=True)
    resolved = resolved.assign(lookup_keys=_lookup_keys(resolved, aliases))

    before = stored.assign(_key=_form_key(missing_as_none(stored)))[["_key", "entity_id", "entity_type"]]
    after = keep_published_links(resolved.assign(_key=_form_key(resolved)), before)
    resolved = after.drop(columns=["_key"])
    compared = after.merge(before, on="_key", how="inner", suffixes=("", "_before"))
    changed = compared[(compared["entity_id"] != compared["entity_id_before"]) | (compared["entity_type"] != compared["entity_type_before"])]

    link = after.set_index("_key")[["entity_id", "entity_type"]]
    keyed = mentions.assign(_key=_form_key(mentions))
    linked = mentions.assign(
        entity_id=link["entity_id"].reindex(keyed["_key"]).to_numpy(dtype=object),
        entity_type=link["entity_type"].reindex(keyed["_key"]).to_numpy(dtype=object),
    )
    summaries = summarise_entities(resolved)
    removed = set(before["entity_id"]) - set(summaries["entity_id"])
    return linked, resolved[ENTITY_FORMS.column_names], changed[[*FORM_COLUMNS, "entity_id", "entity_type", "entity_id_before"]], summaries, removed


def entity_article_counts(archive: Archive, entity_ids: set[str], changed_forms: pd.DataFrame, resolved_forms: pd.DataFrame, new_mentions: pd.DataFrame) -> dict[str, int]:
    """Articles per touched entity: stored articles (found by form when stored links change) plus new ones."""
    import pyarrow as pa

    counts: dict[str, int] = {}
    if archive.has_rows("entity_mentions") and entity_ids:
        if changed_forms.empty:
            stored = archive.query(
                "SELECT entity_id, count(DISTINCT article_id) AS n FROM entity_mentions WHERE entity_id IN (SELECT v FROM wanted) GROUP BY entity_id",
                wanted=pa.table({"v": pa.array(sorted(entity_ids), type=pa.string())}),
            )
        else:
            stored = archive.mentions_of_forms("w.entity_id, count(DISTINCT m.article_id) AS n", resolved_forms[resolved_forms["entity_id"].isin(entity_ids)],
                                               columns=[*FORM_COLUMNS, "entity_id"], group_by="GROUP BY w.entity_id")
        counts = dict(zip(stored["entity_id"], stored["n"].astype(int)))
    for entity_id, n in new_mentions.groupby("entity_id")["article_id"].nunique().items():
        counts[entity_id] = counts.get(entity_id, 0) + int(n)
    return counts


def entity_rows(summaries: pd.DataFrame, article_counts: dict[str, int]) -> pd.DataFrame:
    rows = summaries.assign(article_count=summaries["entity_id"].map(article_counts).fillna(0).astype("int32"))
    return rows[ENTITIES.column_names].astype({"mention_count": "int64"})


def apply_entity_relinks(mentions: pd.DataFrame, changed_forms: pd.DataFrame) -> tuple[pd.DataFrame, int]:
    """Mentions with the new entity of each changed form; returns them and how many rows changed."""
    if changed_forms.empty or mentions.empty:
        return mentions, 0
    forms = _with_form_columns(missing_as_none(mentions))
    link = changed_forms.assign(_key=_form_key(missing_as_none(changed_forms))).set_index("_key")
    keys = _form_key(forms)
    hit = keys.isin(link.index).to_numpy()
    if not hit.any():
        return mentions, 0
    entity_id = mentions["entity_id"].astype(object).to_numpy(copy=True)
    entity_type = mentions["entity_type"].astype(object).to_numpy(copy=True)
    entity_id[hit] = link["entity_id"].reindex(keys[hit]).to_numpy(dtype=object)
    entity_type[hit] = link["entity_type"].reindex(keys[hit]).to_numpy(dtype=object)
    changed = int(((entity_id != mentions["entity_id"].to_numpy(dtype=object)) | (entity_type != mentions["entity_type"].to_numpy(dtype=object))).sum())
    return mentions.assign(entity_id=entity_id, entity_type=entity_type), changed


def relink_speakers(archive: Archive, affected_entity_ids: set[str], names: pd.DataFrame, changed_forms: pd.DataFrame) -> dict[str, tuple[str | None, str | None]]:
    """New speaker links of stored quotes whose speaker entity was re-linked or renamed."""
    if not affected_entity_ids or not archive.has_rows("quotes"):
        return {}
    quotes = archive.rows_by_key("quotes", "speaker_entity_id", affected_entity_ids)
    if quotes.empty:
        return {}
    quotes = missing_as_none(quotes)
    mentions, _ = apply_entity_relinks(missing_as_none(archive.rows_by_key("entity_mentions", "article_id", set(quotes["article_id"]))), changed_forms)
    missing = set(mentions["entity_id"]) - set(names["entity_id"])
    names = pd.concat([names[["entity_id", "canonical_name"]], archive.rows_by_key("entities", "entity_id", missing, "entity_id, canonical_name")], ignore_index=True)
    speakers = link_speakers(quotes, mentions, names)
    out = {}
    for quote_id, old_id, old_name, new_id, new_name in zip(quotes["quote_id"], quotes["speaker_entity_id"], quotes["speaker_name"], speakers["speaker_entity_id"], speakers["speaker_name"]):
        if (old_id, old_name) != (new_id, new_name):
            out[quote_id] = (new_id, new_name)
    return out


def _with_speaker_relinks(quotes: pd.DataFrame, speaker_by_quote: dict[str, tuple[str | None, str | None]]) -> pd.DataFrame:
    """Stored quotes with the speakers this run re-linked."""
    if quotes.empty or not speaker_by_quote:
        return quotes
    update = quotes["quote_id"].map(speaker_by_quote)
    has = update.notna()
    quotes = quotes.copy()
    quotes.loc[has, "speaker_entity_id"] = [u[0] for u in update[has]]
    quotes.loc[has, "speaker_name"] = [u[1] for u in update[has]]
    return quotes


def _moved_links(known: pd.DataFrame, key: str, link: str, link_now: pd.Series) -> tuple[dict[str, str], set[str]]:
    """Published rows whose group (cluster, claim) changed, with their new group; and the groups
    that no longer exist (merged into another)."""
    if known.empty:
        return {}, set()
    now = known[key].map(link_now)
    moved = known[now != known[link]]
    return dict(zip(moved[key], now[moved.index])), set(known[link]) - set(link_now)


def _net_pair_counts(delta: pd.DataFrame) -> pd.DataFrame:
    """One row per pair with its net change; a re-linked article's pairs that did not move cancel out."""
    if delta.empty:
        return delta
    net = delta.groupby("pair_id", sort=True).agg(
        entity_id_a=("entity_id_a", "first"), entity_id_b=("entity_id_b", "first"),
        n_sentences=("n_sentences", "sum"), n_articles=("n_articles", "sum"),
    ).reset_index()
    return net[(net["n_sentences"] != 0) | (net["n_articles"] != 0)].astype({"n_sentences": "int32", "n_articles": "int32"}).reset_index(drop=True)


def _changed_rows(rows: pd.DataFrame, stored: pd.DataFrame, key: str) -> pd.DataFrame:
    """The rows that are new or differ from their stored version: the rest need no rewrite or check."""
    if stored.empty or rows.empty:
        return rows

    def signature(frame: pd.DataFrame) -> pd.Series:
        values = frame[rows.columns].map(lambda v: tuple(sorted(v)) if isinstance(v, (list, tuple, np.ndarray)) else v)
        return pd.Series(list(map(tuple, values.astype(object).itertuples(index=False, name=None))), index=frame[key].to_numpy())

    before = signature(stored)
    now = signature(rows)
    same = now.index.isin(before.index) & (now.to_numpy() == before.reindex(now.index).to_numpy())
    return rows[~same].reset_index(drop=True)


def _pair_rows(mentions: pd.DataFrame, sign: int) -> pd.DataFrame:
    pairs = build_entity_cooccurrence(mentions)
    return pairs.assign(n_sentences=pairs["n_sentences"] * sign, n_articles=pairs["n_articles"] * sign)


def link_run(
    new_mentions: pd.DataFrame,
    new_quotes: pd.DataFrame,
    new_figures: pd.DataFrame,
    new_articles: pd.DataFrame,
    archive: Archive,
    aliases: pd.DataFrame | None,
    object_classes: dict[str, str],
    conflict_tolerance: float,
    claim_scorer: ClaimScorer | None = None,
) -> LinkedRun:
    """Fill every link of the run's new rows and work out what that changes in the archive."""
    relinks = Relinks()
    removed: dict[str, set[str]] = {"entities": set(), "quote_clusters": set(), "claims": set(), "stories": set()}  # stories never go

    # Entities: the run's name forms with the stored forms they share a key with.
    mentions, forms, changed_forms, summaries, removed["entities"] = link_entities(new_mentions, archive, aliases)
    relinks.entity_by_form = changed_forms
    touched_entities = set(summaries["entity_id"])
    counts = entity_article_counts(archive, touched_entities, changed_forms, forms, mentions)
    entities = entity_rows(summaries, counts)
    stored_names = archive.rows_by_key("entities", "entity_id", touched_entities | removed["entities"], "entity_id, canonical_name")
    renamed = set(stored_names.merge(entities[["entity_id", "canonical_name"]], on="entity_id", how="left", suffixes=("", "_now"))
                  .query("canonical_name != canonical_name_now")["entity_id"])

    # Speakers: new quotes from their own article's mentions; stored quotes whose speaker entity moved.
    quotes = missing_as_none(new_quotes).reset_index(drop=True)
    names = entities[["entity_id", "canonical_name"]]
    speakers = link_speakers(quotes, mentions, names)
    quotes = quotes.assign(speaker_entity_id=speakers["speaker_entity_id"], speaker_name=speakers["speaker_name"])
    moved_entity_ids = renamed | removed["entities"] | set(changed_forms["entity_id_before"])
    relinks.speaker_by_quote = relink_speakers(archive, moved_entity_ids, names, changed_forms)

    quotes, quote_clusters, keys = _cluster_quotes(quotes, archive, relinks, removed)
    quote_clusters = pd.concat([quote_clusters, _summaries_of_stale_clusters(archive, moved_entity_ids, quote_clusters, relinks, removed)], ignore_index=True)
    named_mentions = mentions.merge(names, on="entity_id", how="left")
    figures, claims, features = _group_figures(new_figures, named_mentions, new_articles, archive, object_classes, conflict_tolerance, relinks, removed,
                                               claim_scorer)
    story_of, stories, placed = place_in_stories(new_articles, mentions, archive)
    deltas = _cooccurrence_changes(mentions, archive, changed_forms)
    cooccurrence_delta = _net_pair_counts(pd.concat(deltas, ignore_index=True))
    entities = _changed_rows(entities, archive.rows_by_key("entities", "entity_id", set(entities["entity_id"])), "entity_id")

    return LinkedRun(
        entity_mentions=mentions, quotes=quotes, figures=figures, entities=entities, quote_clusters=quote_clusters,
        claims=claims, cooccurrence_delta=cooccurrence_delta, removed=removed, entity_forms=forms,
        quote_keys=keys, claim_features=features, relinks=relinks, story_of_article=story_of, stories=stories, story_features=placed,
    )


STORY_MEMBER_COLUMNS = "story_id, article_id, title, left(body_text, 240) AS body_text, source_name, published_at, source_uri"


def place_in_stories(articles: pd.DataFrame, mentions: pd.DataFrame, archive: Archive) -> tuple[dict[str, str], pd.DataFrame, pd.DataFrame]:
    """Each new article into the stored or new story it fits best (see `stories`).
    Returns article -> story, the rows of every story that gained an article, the features to store."""
    features = story_features(articles, mentions)
    if articles.empty:
        return {}, pd.DataFrame(columns=STORIES.column_names), features.assign(story_id=pd.Series(dtype=object), story_rank=pd.Series(dtype="int32"))
    known = archive.story_candidates(features, MIN_SHARED_STORY_ENTITIES, STORY_WINDOW_DAYS, FOUNDING_MEMBERS)
    sizes = archive.rows_by_key("stories", "story_id", set(known["story_id"]), "story_id, n_articles") if not known.empty else None
    stored_sizes = dict(zip(sizes["story_id"], sizes["n_articles"])) if sizes is not None else {}
    story_of, rank_of = assign_stories(features, known, arrival_order(articles), stored_sizes, _entity_rarity(features, known, archive))
    new_members = articles.assign(story_id=articles["article_id"].map(story_of))[["story_id", "article_id", "title", "body_text", "source_name", "published_at", "source_uri"]]
    stored_members = archive.rows_by_key("articles", "story_id", set(story_of.values()), STORY_MEMBER_COLUMNS) if archive.has_rows("articles") else new_members.iloc[:0]
    placed = features.assign(story_id=features["article_id"].map(story_of), story_rank=features["article_id"].map(rank_of).astype("int32"))
    founders = founders_of(known) | founders_of(placed)  # a stored story a new article joined was among the candidates
    stories = summarise_stories(pd.concat([stored_members, new_members], ignore_index=True) if not stored_members.empty else new_members, founders)
    return story_of, stories, placed[STORY_FEATURES.column_names]


def _entity_rarity(features: pd.DataFrame, known: pd.DataFrame, archive: Archive) -> EntityRarity:
    """How rare the entities placing compares are: the stored article counts of the run's and the candidate founders'
    entities, from `entities` (one look-up by key) and the articles table's row count (file footers), plus the run's own."""
    wanted = {e for ids in features["entity_ids"] for e in ids} | {e for ids in known["entity_ids"] for e in ids}
    stored = archive.rows_by_key("entities", "entity_id", wanted, "entity_id, article_count") if archive.has_rows("entities") else None
    counts = dict(zip(stored["entity_id"], stored["article_count"].astype(int))) if stored is not None else {}
    n_articles = int(archive.query("SELECT count(*) AS n FROM articles")["n"].iloc[0]) if archive.has_rows("articles") else 0
    return entity_rarity(features, counts, n_articles)


def _cluster_quotes(quotes: pd.DataFrame, archive: Archive, relinks: Relinks, removed: dict[str, set[str]]) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """New quotes into the published clusters: stored quotes sharing a candidate key, with their whole
    clusters. Returns the quotes with their cluster, the cluster rows that changed, the quotes' index keys."""
    keys = quote_index_keys(quotes)
    if quotes.empty:
        return quotes, pd.DataFrame(columns=QUOTE_CLUSTERS.column_names), keys
    frequency = archive.quote_key_counts(set(keys["key"]))
    for key, n in keys["key"].value_counts().items():
        frequency[key] = frequency.get(key, 0) + int(n)
    known = _with_speaker_relinks(missing_as_none(archive.quotes_sharing_keys(keys_to_look_up(keys, frequency))), relinks.speaker_by_quote)
    if not known.empty:  # the published quotes' own keys decide which of their pairs they look up
        for key, n in archive.quote_key_counts(set(quote_index_keys(known)["key"]) - set(frequency)).items():
            frequency[key] = n
    cluster_of, quote_clusters = assign_quote_clusters(quotes, known if not known.empty else quotes.iloc[0:0].assign(quote_cluster_id=None), frequency)
    relinks.cluster_by_quote, removed["quote_clusters"] = _moved_links(known, "quote_id", "quote_cluster_id", cluster_of)
    return quotes.assign(quote_cluster_id=quotes["quote_id"].map(cluster_of)), quote_clusters, keys


def _summaries_of_stale_clusters(
    archive: Archive, moved_entity_ids: set[str], quote_clusters: pd.DataFrame, relinks: Relinks, removed: dict[str, set[str]],
) -> pd.DataFrame:
    """Stored clusters whose speaker entity moved or was renamed, summarised again (same members)."""
    stale_ids = set(archive.rows_by_key("quote_clusters", "speaker_entity_id", moved_entity_ids, "quote_cluster_id")["quote_cluster_id"])
    stale_ids -= set(quote_clusters["quote_cluster_id"]) | removed["quote_clusters"]
    if not stale_ids:
        return pd.DataFrame(columns=QUOTE_CLUSTERS.column_names)
    members = _with_speaker_relinks(missing_as_none(archive.rows_by_key("quotes", "quote_cluster_id", stale_ids)), relinks.speaker_by_quote)
    return summarise_clusters(members)


def _group_figures(
    new_figures: pd.DataFrame, named_mentions: pd.DataFrame, articles: pd.DataFrame, archive: Archive, object_classes: dict[str, str],
    conflict_tolerance: float, relinks: Relinks, removed: dict[str, set[str]], claim_scorer: ClaimScorer | None,
) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """New figures into the published claims: the stored figures of the same blocks they can link to, their
    claims' members by a few columns and their stored rows (the conflict evidence kept). Returns the figures with
    their claim, the claim rows that changed, the figures' features."""
    figures = missing_as_none(new_figures).reset_index(drop=True)
    features = figure_claim_features(figures, named_mentions, articles, object_classes)
    if figures.empty:
        return figures, pd.DataFrame(columns=CLAIMS.column_names), features
    known = archive.claim_features_for(features, MAX_VALUE_RATIO, MIN_SHARED_STORY_ENTITIES)
    if known.empty:
        known = features.iloc[0:0].assign(claim_id=None)
    claim_ids = set(known["claim_id"].astype(str))
    members = archive.claim_members(claim_ids)
    stored_claims = archive.rows_by_key("claims", "claim_id", claim_ids) if claim_ids else None
    claim_of, claims = assign_claims(features, known, conflict_tolerance, claim_scorer, stored_members=members, stored_claims=stored_claims)
    relinks.claim_by_figure, removed["claims"] = _moved_links(members, "figure_id", "claim_id", claim_of)
    return figures.assign(claim_id=figures["figure_id"].map(claim_of)), claims, features


def _cooccurrence_changes(mentions: pd.DataFrame, archive: Archive, changed_forms: pd.DataFrame) -> list[pd.DataFrame]:
    """Co-occurrence is additive over articles: new articles add their pairs; a re-linked article
    takes back its old pairs and adds its new ones."""
    deltas = [_pair_rows(mentions, +1)]
    if not changed_forms.empty:
        articles = archive.mentions_of_forms("DISTINCT m.article_id", changed_forms)["article_id"]
        stored_mentions = missing_as_none(archive.rows_by_key("entity_mentions", "article_id", articles))
        deltas += [_pair_rows(stored_mentions, -1), _pair_rows(apply_entity_relinks(stored_mentions, changed_forms)[0], +1)]
    return deltas
