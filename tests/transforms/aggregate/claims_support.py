"""Shared builders for the claims tests: the sample story shortened to its figures, its entities and articles as the
extract stage would give them, stored feature rows, and the warehouse's step-by-step assignment to compare with a rebuild."""

from __future__ import annotations

import random
import re

import pandas as pd

from transforms import units
from transforms.aggregate.claim_rows import MEMBER_COLUMNS
from transforms.aggregate.claims import FEATURE_COLUMNS, assign_claims, build_claims, load_object_classes
from transforms.schema import CLAIMS
from transforms.text import sentence_around

CLASSES = load_object_classes()

# The sample story, shortened: four outlets report the same numbers in their own words; b1 is another story.
ARTICLES = {
    "a1": (
        "Ukraine estimates there are 11,000 North Korean soldiers in Kursk, and an assault by Russian and North Korean troops "
        "is expected within days. ATACMS missiles can reach up to 300km (186 miles) and are difficult to intercept. "
        "Recently Russia fired approximately 120 missiles and 90 drones at Ukraine. Between the start of the war and June 2024, "
        "the US committed weapons and equipment worth $55.5 billion to Ukraine, according to the Kiel Institute."
    ),
    "a2": (
        "North Korean military personnel, comprising around 50,000 troops, are reported to have joined Russia in Kursk. "
        "HIMARS has a reach of approximately 50 miles, whilst the newly approved ATACMS missiles can reach targets nearly "
        "190 miles away in Russia. Ukraine welcomed the decision on the missiles."
    ),
    "a3": (
        "The missile attack on Ukraine came as North Korea deployed approximately 12,000 troops to Russia and Kursk. "
        "Russian forces launched about 120 missiles at Ukraine's power grid. The US has committed over $56.2 billion "
        "to Ukraine since the war began, supporting Ukraine against Russia and North Korean troops."
    ),
    "a4": (
        "Biden let Ukraine use ATACMS missiles as Moscow has deployed close to 50,000 troops to Kursk, a Russian region "
        "where Ukraine launched a counteroffensive. North Korean troops and Russia are expected to attack."
    ),
    "b1": (
        "Shares in Fiat rose after General Motors agreed to pay $55.5 billion to end the put option. "
        "Fiat and General Motors said the settlement ends a long dispute over the Italian car maker."
    ),
}
ENTITIES = {  # name as written -> canonical name (entity linking gives a demonym its country's entity)
    "Ukraine": "Ukraine", "North Korean": "North Korea", "North Korea": "North Korea", "Kursk": "Kursk", "Russian": "Russia",
    "Russia": "Russia", "ATACMS": "ATACMS", "HIMARS": "HIMARS", "US": "United States", "Kiel Institute": "Kiel Institute",
    "Moscow": "Moscow", "Biden": "Joe Biden", "Fiat": "Fiat", "General Motors": "General Motors",
}
# (figure_id, article_id, surface, low, high, unit, qualifier, counted_object, paired_figure_id)
FigureRow = tuple[str, str, str, float, float, str, str, "str | None", "str | None"]
SAMPLE_FIGURES: list[FigureRow] = [
    ("f1", "a1", "11,000", 11_000, 11_000, "count", "exact", "North Korean soldiers", None),
    ("f2", "a3", "approximately 12,000", 12_000, 12_000, "count", "approximately", "troops", None),
    ("f3", "a2", "around 50,000", 50_000, 50_000, "count", "approximately", "troops", None),
    ("f4", "a4", "close to 50,000", 50_000, 50_000, "count", "nearly", "troops", None),
    ("f5", "a1", "up to 300km", 300, 300, "km", "up_to", None, None),
    ("f6", "a1", "186 miles", 186, 186, "mile", "exact", None, "f5"),
    ("f7", "a2", "nearly 190 miles", 190, 190, "mile", "nearly", None, None),
    ("f8", "a1", "$55.5 billion", 55.5e9, 55.5e9, "USD", "exact", None, None),
    ("f9", "a3", "over $56.2 billion", 56.2e9, 56.2e9, "USD", "more_than", None, None),
    ("f10", "a1", "approximately 120", 120, 120, "count", "approximately", "missiles", None),
    ("f11", "a3", "about 120", 120, 120, "count", "approximately", "missiles", None),
    ("f12", "a2", "approximately 50 miles", 50, 50, "mile", "approximately", None, None),
    ("f13", "b1", "$55.5 billion", 55.5e9, 55.5e9, "USD", "exact", None, None),
]


def sentence_index(body: str, start: int) -> int:
    index, position = 0, 0
    while True:
        offset, sentence = sentence_around(body, position, position)
        if offset + len(sentence) >= start or offset + len(sentence) >= len(body):
            return index
        position, index = offset + len(sentence) + 1, index + 1


def articles_frame(articles: dict[str, str]) -> pd.DataFrame:
    return pd.DataFrame({"article_id": list(articles), "body_text": list(articles.values()), "published_at": pd.NaT})


def figures_frame(rows: list[FigureRow], articles: dict[str, str] = ARTICLES) -> pd.DataFrame:
    records = []
    for figure_id, article_id, surface, low, high, unit, qualifier, counted, paired in rows:
        body = articles[article_id]
        start = body.index(surface)
        normalized, normalized_unit = units.normalize_value(low, unit)
        records.append({
            "figure_id": figure_id, "article_id": article_id, "surface": surface, "value": low, "value_low": low,
            "value_high": high, "unit": unit, "dimension": units.unit_table()[unit].dimension, "qualifier": qualifier,
            "normalized_value": normalized, "normalized_unit": normalized_unit, "counted_object": counted,
            "sentence_index": sentence_index(body, start), "paired_figure_id": paired, "start_char": start, "end_char": start + len(surface),
        })
    return pd.DataFrame(records, index=pd.RangeIndex(50, 50 + len(records)))


def mentions_frame(articles: dict[str, str] = ARTICLES, entities: dict[str, str] = ENTITIES) -> pd.DataFrame:
    """Every whole-word occurrence of a known name, longest names first (so "North Korean" is not also "North Korea")."""
    records = []
    for article_id, body in articles.items():
        taken: list[tuple[int, int]] = []
        for name in sorted(entities, key=len, reverse=True):
            for match in re.finditer(rf"\b{re.escape(name)}\b", body):
                if any(s < match.end() and match.start() < e for s, e in taken):
                    continue
                taken.append(match.span())
                canonical = entities[name]
                records.append({"article_id": article_id, "entity_id": f"ent:{canonical}", "canonical_name": canonical,
                                "entity_type": "GPE", "sentence_index": sentence_index(body, match.start()),
                                "start_char": match.start(), "end_char": match.end()})
    return pd.DataFrame(records, columns=["article_id", "entity_id", "canonical_name", "entity_type", "sentence_index", "start_char", "end_char"])


def claims_of(rows: list[FigureRow], articles: dict[str, str] = ARTICLES, tolerance: float = 0.10,
              entities: dict[str, str] = ENTITIES) -> tuple[pd.DataFrame, pd.Series, pd.DataFrame]:
    figures = figures_frame(rows, articles)
    claim_ids, claims = build_claims(figures, mentions_frame(articles, entities), articles_frame(articles), tolerance,
                                     object_classes=CLASSES)
    return figures, claim_ids, claims


def assign_in_steps(features: pd.DataFrame, steps: list[set[str]], tolerance: float = 0.10, *,
                    as_the_archive_reads: bool = False) -> tuple[pd.Series, pd.DataFrame]:
    """What the warehouse does: per step, assign new articles against the stored features of the figures of their
    blocks and, `as_the_archive_reads`, the slim columns of their claims' members and their stored rows (the
    evidence kept); else the whole features of every member of those claims, judged again."""
    claim_ids = pd.Series([], dtype="string", name="claim_id")
    claims = pd.DataFrame(columns=CLAIMS.column_names)
    for articles in steps:
        new = features[features["article_id"].isin(articles)]
        published = features[features["figure_id"].isin(claim_ids.index)]
        published = published.assign(claim_id=claim_ids.reindex(published["figure_id"]).to_numpy())
        wanted = {key for keys in new["block_keys"] for key in keys}
        in_blocks = published.loc[published["block_keys"].map(lambda keys: bool(wanted & set(keys))).astype(bool)]
        members = published[published["claim_id"].isin(in_blocks["claim_id"])]
        if as_the_archive_reads:
            step_ids, changed = assign_claims(new, in_blocks, tolerance, stored_members=members[list(MEMBER_COLUMNS)],
                                              stored_claims=claims[claims["claim_id"].isin(members["claim_id"])])
        else:
            step_ids, changed = assign_claims(new, members, tolerance)
        merged_away = set(members["claim_id"]) - set(step_ids)
        claim_ids = step_ids.combine_first(claim_ids)
        claims = pd.concat([claims[~claims["claim_id"].isin(set(changed["claim_id"]) | merged_away)], changed], ignore_index=True)
    return claim_ids, claims


def claims_by_members(claim_ids: pd.Series, claims: pd.DataFrame) -> dict[frozenset[str], tuple[object, ...]]:
    """Each claim as its set of figure ids -> its row without the id: equal for two runs that differ only in ids."""
    members = claim_ids.groupby(claim_ids.to_numpy()).groups
    assert set(members) == set(claims["claim_id"])
    return {frozenset(members[row.claim_id]): tuple(None if pd.isna(value) else value for value in tuple(row)[2:])
            for row in claims.itertuples()}


def all_at_once(features: pd.DataFrame, tolerance: float = 0.10) -> tuple[pd.Series, pd.DataFrame]:
    return assign_claims(features, features.iloc[:0].assign(claim_id=pd.Series(dtype="string")), tolerance)


def feature_row(figure_id: str, article_id: str, value: float, **changes: object) -> dict[str, object]:
    """One figure's stored features: a USD amount of `aid` about the US, in a story every test figure shares."""
    row = {
        "figure_id": figure_id, "article_id": article_id, "block_keys": ["currency|USD|aid"], "anchor_entity_id": "ent:US",
        "anchor_name": "United States", "dimension": "currency", "normalized_unit": "USD", "normalized_low": value,
        "normalized_high": value, "qualifier": "exact", "counted_object": "aid", "object_class": "aid", "context_entity_ids": ["ent:US"],
        "subject_entity_id": None, "sentence_terms": ["aid", figure_id], "local_terms": ["aid", "approved", "congress"],
        "neighbour_words": ["aid", "approved"], "sentence_position": "1/1", "article_terms": ["aid", "congress", "ukraine"],
        "article_entity_ids": ["ent:US", "ent:Ukraine"], "period_key": None, "paired_figure_id": None, "is_restatement": False,
    }
    return {**row, **changes}


def random_features(seed: int, n_figures: int = 240) -> pd.DataFrame:
    """Figures of 40 articles in overlapping blocks, with overlapping values, mixed objects, words and periods, and restatements."""
    rng = random.Random(seed)
    rows = []
    for number in range(n_figures):
        figure_id, article_id = f"r{number:03d}", f"a{rng.randrange(40):02d}"
        counted = rng.choice([None, None, "aid", "stake"])
        low = round(10 ** rng.uniform(0, 3), 1)
        words = sorted(rng.sample(["aid", "stake", "bank", "loan", "deal", "bid"], rng.randrange(1, 4)))
        changes = {
            "block_keys": sorted(rng.sample(["currency|USD|aid", "currency|USD|bank", "currency|USD|deal"], rng.randrange(1, 3))),
            "normalized_high": low * rng.choice([1, 1, 1.5]), "counted_object": counted, "object_class": counted,
            "qualifier": rng.choice(["exact", "approximately", "nearly", "more_than", "up_to"]), "sentence_terms": words,
            "local_terms": words, "neighbour_words": words[:2], "period_key": rng.choice([None, None, "*-01..*-01", "*-02..*-02"]),
            "anchor_entity_id": rng.choice(["ent:US", "ent:US", None]),
        }
        rows.append(feature_row(figure_id, article_id, low, **changes))
        if rng.random() < 0.1:
            rows.append(feature_row(f"{figure_id}x", article_id, low * 1.1, block_keys=[], paired_figure_id=figure_id,
                                    is_restatement=True, normalized_unit=rng.choice(["USD", "GBP"])))
    return pd.DataFrame(rows, columns=list(FEATURE_COLUMNS))


def known(features: pd.DataFrame, claim_of_figure: dict[str, str]) -> pd.DataFrame:
    selected = features[features["figure_id"].isin(claim_of_figure)]
    return selected.assign(claim_id=selected["figure_id"].map(claim_of_figure))


def usd_features(rows: list[tuple[str, str, float]]) -> pd.DataFrame:
    """(figure_id, article_id, value) figures of one block, all counting `aid`."""
    return pd.DataFrame([feature_row(f, a, v) for f, a, v in rows], columns=list(FEATURE_COLUMNS))
