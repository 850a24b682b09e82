"""Helpers shared by the entity-linking tests: mention and form frames, the sample's mentions,
and the key closure a run fetches from storage."""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

import numpy as np
import pandas as pd
from spacy.language import Language

from transforms.aggregate.entities import canonicalize_entities, mention_forms
from transforms.extract.entities import extract_entity_mentions
from transforms.reference.catalog import load_reference_catalog

SAMPLE_DIR = Path(__file__).resolve().parents[4] / "data" / "raw"
# Mentions of a real corpus run (the BBC archive), used when present; the sample articles otherwise.
CORPUS_MENTIONS = Path(os.environ.get("NEWSFACTS_CORPUS_MENTIONS", "/tmp/nf/bbc_old/entity_mentions"))


def mention_frame(rows: list[tuple]) -> pd.DataFrame:
    """Rows of (article_id, mention_text, entity_type[, canonical_hint[, sentence_index]])."""
    records = []
    for k, row in enumerate(rows):
        article_id, text, entity_type, *rest = row
        hint = rest[0] if rest else None
        sentence = rest[1] if len(rest) > 1 else k
        records.append(
            {
                "mention_id": f"m{k}",
                "article_id": article_id,
                "mention_text": text,
                "entity_type": entity_type,
                "start_char": 0,
                "end_char": len(text),
                "sentence_index": sentence,
                "canonical_hint": hint,
            }
        )
    return pd.DataFrame(records)


def entity_ids(rows: list[tuple], aliases: pd.DataFrame | None = None) -> list[str]:
    links, _ = canonicalize_entities(mention_frame(rows), aliases)
    return links["entity_id"].tolist()


ALIASES = pd.DataFrame(
    [
        ("US", "United States", "GPE"),
        ("U.S.", "United States", "GPE"),
        ("America", "United States", "GPE"),
        ("Kiev", "Kyiv", "GPE"),
        ("Uncle Joe", "Joe Biden", "PERSON"),
    ],
    columns=["alias", "canonical_name", "entity_type"],
)


def extract_sample_mentions(nlp: Language) -> pd.DataFrame:
    rows = []
    for path in sorted(SAMPLE_DIR.glob("*.txt")):
        paragraphs = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        doc = nlp("\n\n".join(paragraphs))
        rows += [{"mention_id": f"{path.stem}-{k}", "article_id": path.stem, **m} for k, m in enumerate(extract_entity_mentions(doc, load_reference_catalog().entities))]
    return pd.DataFrame(rows)


# Forms: (mention_text, extracted_type, canonical_hint) with their mention counts, resolved by keys.
FORM_COLUMNS = ["mention_text", "extracted_type", "canonical_hint"]


def form_frame(rows: list[tuple]) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=[*FORM_COLUMNS, "n_mentions"])


def form_keys_of(forms: pd.DataFrame) -> list[tuple[str, str, str | None]]:
    return list(zip(forms["mention_text"], forms["extracted_type"], forms["canonical_hint"], strict=True))


def key_closure(lookup_keys: pd.Series, seeds: np.ndarray) -> np.ndarray:
    """Positions of the forms reached from `seeds` through shared keys: what a run fetches from storage."""
    positions_of_key: dict[str, list[int]] = defaultdict(list)
    for position, keys in enumerate(lookup_keys):
        for key in keys:
            positions_of_key[key].append(position)
    reached, frontier = set(seeds.tolist()), list(seeds.tolist())
    while frontier:
        for key in lookup_keys.iloc[frontier.pop()]:
            for other in positions_of_key[key]:
                if other not in reached:
                    reached.add(other)
                    frontier.append(other)
    return np.array(sorted(reached), dtype=int)


def links_of(forms: pd.DataFrame) -> dict[tuple[str, str, str | None], tuple[str, str]]:
    return dict(zip(form_keys_of(forms), forms[["entity_id", "entity_type"]].itertuples(index=False, name=None), strict=True))


def two_days(mentions: pd.DataFrame, split: str, rng: np.random.Generator) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The forms of a first and a second day: random halves of the forms, or of the articles."""
    if split == "forms":
        every_form = mention_forms(mentions)
        on_first_day = rng.random(len(every_form)) < 0.5
        return every_form[on_first_day], every_form[~on_first_day]
    articles = mentions["article_id"].unique()
    on_first_day = mentions["article_id"].isin(rng.choice(articles, size=len(articles) // 2, replace=False))
    return mention_forms(mentions[on_first_day]), mention_forms(mentions[~on_first_day])  # shared forms add up
