"""Entity rows from resolved forms, and `canonicalize_entities`, which chains the steps over a
whole mention table: forms counted, forms resolved, entities summarised, articles counted."""

from __future__ import annotations

from collections import Counter, defaultdict

import pandas as pd

from transforms import schema
from transforms.aggregate.entities.forms import group_mentions_by_form, type_column_of
from transforms.aggregate.entities.resolution import most_used, resolve_forms

ENTITY_SUMMARY_COLUMNS = ("entity_id", "canonical_name", "entity_type", "aliases", "mention_count")


def choose_canonical_name(names: list[str], sources: list[str], weights: list[int]) -> str:
    """The user's override if any, else the fullest, most used name (a country for its adjectives only)."""
    for source in ("override", "mention", "country"):
        counts: Counter[str] = Counter()
        for name, name_source, weight in zip(names, sources, weights, strict=True):
            if name_source == source:
                counts[" ".join(name.split()) if source == "mention" else name] += weight
        if counts and source == "mention":
            return min(counts.items(), key=lambda item: (-name_parts(item[0]), -item[1], item[0]))[0]
        if counts:
            return most_used(counts)
    raise ValueError("an entity needs at least one form")


def name_parts(name: str) -> int:
    """How full a name is: its words, a hyphen parting them too, so "Robert Kilroy Silk" (one article's
    spelling) is no fuller than "Robert Kilroy-Silk" and the form used most wins."""
    return len(name.replace("-", " ").split())


def summarise_entities(resolved_forms: pd.DataFrame) -> pd.DataFrame:
    """One row per entity of `resolve_forms`' output: canonical name, type, aliases and mention count.

    A row depends only on the entity's own forms, so it can be rebuilt from them alone;
    `article_count` is the caller's (it needs the mentions).
    """
    missing = {"entity_id", "linked_entity_type", "mention_text", "n_mentions", "entity_name", "name_source"} - set(resolved_forms.columns)
    if missing:
        raise KeyError(f"resolved forms lack columns {sorted(missing)}")
    members: dict[str, list[int]] = defaultdict(list)
    for position, entity_id in enumerate(resolved_forms["entity_id"]):
        members[str(entity_id)].append(position)
    texts = resolved_forms["mention_text"].astype(object).map(str).tolist()
    names = resolved_forms["entity_name"].tolist()
    sources = resolved_forms["name_source"].tolist()
    weights = [int(w) for w in resolved_forms["n_mentions"]]
    linked_types = resolved_forms["linked_entity_type"].tolist()
    rows = [
        {
            "entity_id": entity_id,
            "canonical_name": choose_canonical_name([names[i] for i in rows], [sources[i] for i in rows], [weights[i] for i in rows]),
            "entity_type": linked_types[rows[0]],
            "aliases": sorted({texts[i] for i in rows}),
            "mention_count": sum(weights[i] for i in rows),
        }
        for entity_id, rows in members.items()
    ]
    entities = pd.DataFrame(rows, columns=list(ENTITY_SUMMARY_COLUMNS)).astype({"mention_count": "int64"})
    return entities.sort_values(["mention_count", "entity_id"], ascending=[False, True], ignore_index=True)


def canonicalize_entities(
    mentions: pd.DataFrame, aliases: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Link every mention of a whole table to a canonical entity, through its form.

    Returns (assignments, entities): `assignments` is aligned to `mentions.index` with columns
    `entity_id` and `entity_type` (the mention's type corrected by corpus evidence);
    `entities` has exactly the columns of `schema.ENTITIES`.
    """
    missing = {"article_id", "mention_text", type_column_of(mentions), "canonical_hint"} - set(mentions.columns)
    if missing:
        raise KeyError(f"mentions frame lacks columns {sorted(missing)}")
    forms, form_of_mention = group_mentions_by_form(mentions)
    resolved = resolve_forms(forms, aliases)
    assignments = pd.DataFrame(
        {
            "entity_id": resolved["entity_id"].to_numpy(dtype=object)[form_of_mention],
            "entity_type": resolved["entity_type"].to_numpy(dtype=object)[form_of_mention],
        },
        index=mentions.index,
    )
    article_counts = mentions["article_id"].astype(object).groupby(assignments["entity_id"].to_numpy()).nunique()
    entities = summarise_entities(resolved)
    entities = entities.assign(article_count=entities["entity_id"].map(article_counts).astype("int32"))
    return assignments, entities[schema.ENTITIES.column_names]
