"""Canonical entities across the corpus, and which entities are named together.

The unit of linking is a mention's *form*: its text, the type the extractor gave it and the
extractor's `canonical_hint`. Mentions with the same form always link to the same entity, so an
append-only warehouse keeps one row per form with its mention count instead of re-reading mentions:
- `mention_forms` counts the distinct forms of a mention table;
- `form_lookup_keys` lists the plain-string keys under which a form feeds or reads a corpus statistic;
- `resolve_forms` links forms to entities. A form's link depends only on the forms it is connected to
  through shared lookup keys, so resolving any set of forms closed under sharing a key gives those
  forms the same `entity_id` and `entity_type` as resolving every form of the warehouse;
- `summarise_entities` builds the entity rows from resolved forms (without `article_count`);
- `canonicalize_entities` chains them over a whole mention table.

Forms merge, without comparing pairs, when in this order:
  1. a user override (the `aliases` frame, read from `transforms/reference/entity_aliases.csv` by
     `transforms.reference.load_entity_aliases`) maps the text or its hint to a canonical name
     and type ("U.S.", "America" -> United States);
  2. the hint names a fuller form ("Biden" -> "Joe Biden", "ATACMS" -> the expansion its article
     defines), or the same text is hinted to one target only elsewhere in the corpus ("ATACMS" in
     an article that never expands it);
  3. a bare surname matches exactly one full name of a person in the corpus (two different people
     called Blair keep "Blair" apart from both; the extractor already hints a surname with the full
     name its own article gives);
  4. their folded names are equal: case, accents, dots, hyphens, a leading "the",
     y/i and doubled letters in transliterations (Zelensky / Zelenskyy / Zelenskiy) and a final
     plural of common-noun names (Missile System / Systems) do not matter.
- Every corpus count (type votes, spellings, canonical names) weighs a form by its mentions.
- A name's type is voted over the corpus (a name tagged PERSON in most mentions is a PERSON in all);
  nationality adjectives (NORP mentions whose hint is a country) join their country's entity and
  keep the NORP type on the mention, so filtering mentions on `entity_type != 'NORP'` leaves the
  names of the country only.
- `entity_id` is `transforms.ids.stable_id` (16 hex digits) of the type and the folded canonical
  key: the same entity keeps its id whichever forms are resolved together.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from itertools import combinations
from typing import NamedTuple

import numpy as np
import pandas as pd

from transforms import schema
from transforms.names import PERSON_TITLES, singular
from transforms.ids import stable_id

# A form: what a mention's link depends on. The extractor's type is `entity_type` in older mention tables.
FORM_COLUMNS = ("mention_text", "extracted_type", "canonical_hint")
ENTITY_SUMMARY_COLUMNS = ("entity_id", "canonical_name", "entity_type", "aliases", "mention_count")
ALIAS_COLUMNS = ("alias", "canonical_name", "entity_type")
# Types whose names are proper names even when they end in "s" (United States, Reuters, Jones).
NO_PLURAL_FOLDING = frozenset({"PERSON", "GPE", "LOC", "NORP", "FAC"})
# Tie-break of the type vote: earlier wins.
TYPE_PRIORITY = {name: rank for rank, name in enumerate(schema.ENTITY_TYPES)}
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
PERSON_TITLE_WORDS = frozenset(title.rstrip(".") for title in PERSON_TITLES)
PLACE_TYPES = frozenset({"GPE", "LOC"})
# Function words that organisations' names drop or swap (Institute of/for Fiscal Studies).
ORG_FUNCTION_WORDS = frozenset({"and", "of", "for", "the", "&", "on", "in"})
DOTTED_ACRONYM = re.compile(r"\b(?:[A-Za-z]\.){2,}")
NUMBER_WORDS = {w: str(i) for i, w in enumerate("zero one two three four five six seven eight nine ten".split())}
COOCCURRENCE_COLUMNS = ("pair_id", "entity_id_a", "entity_id_b", "n_sentences", "n_articles")


def fold_alias_key(text: str) -> str:
    """Key for alias look-ups (the same rule as the extractor's): case, dots, 'the' and spacing ignored."""
    key = " ".join(text.replace(".", "").replace("\u2019", "'").casefold().split())
    return key[4:] if key.startswith("the ") else key


def strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def fold_word(word: str) -> str:
    """Transliteration-insensitive spelling: y/i, kh/h and doubled letters collapse (Zelenskyy -> zelenski)."""
    word = word.replace("kh", "h").replace("y", "i")
    return re.sub(r"(.)\1+", r"\1", word)


@lru_cache(maxsize=1 << 16)
def fold_name(name: str, entity_type: str | None = None) -> str:
    """The blocking key of a name: two mentions with the same type and key are the same entity."""
    text = strip_accents(name).replace("\u2019", "'").replace("'s", "").replace("'", "")
    text = re.sub(r"(?<=[A-Za-z])(?=\d)", " ", text)  # BBC2 == BBC 2
    text = DOTTED_ACRONYM.sub(lambda match: match.group(0).replace(".", ""), text)  # U.S. == US
    words = [NUMBER_WORDS.get(w, w) for w in re.sub(r"[.\-_/]", " ", text).casefold().split()]
    if words and words[0] == "the" and len(words) > 1:
        words = words[1:]
    original_last = name.split()[-1] if name.split() else ""
    if words and entity_type not in NO_PLURAL_FOLDING and entity_type is not None and not original_last.isupper():
        words[-1] = singular(words[-1])
    if entity_type == "ORG" and len(words) > 2:
        words = [w for w in words if w not in ORG_FUNCTION_WORDS] or words
    return " ".join(fold_word(w) for w in words)


@lru_cache(maxsize=1 << 16)
def person_key_parts(name: str) -> tuple[str, ...]:
    """Folded name words without titles, initials and suffixes: "President Joseph R. Biden Jr." -> ("joseph", "biden").

    Cached: a corpus repeats the same few thousand names across tens of thousands of mentions.
    """
    words = [w for w in strip_accents(strip_person_titles(name)).split() if w.casefold().rstrip(".") not in NAME_SUFFIXES]
    words = [w for w in words if not re.fullmatch(r"[A-Za-z]\.?", w)]
    return tuple(fold_name(w, "PERSON") for w in words if fold_name(w, "PERSON"))


def strip_person_titles(name: str) -> str:
    """"President Joe Biden" -> "Joe Biden": titles are not part of a person's canonical name."""
    words = name.split()
    while len(words) > 1 and words[0].casefold().rstrip(".") in PERSON_TITLE_WORDS:
        words = words[1:]
    return " ".join(words)


def type_family(entity_type: str) -> str:
    """GPE and LOC are one family for propagating hints: the model swaps them freely."""
    return "PLACE" if entity_type in PLACE_TYPES else entity_type


def entity_id_for(entity_type: str, key: str) -> str:
    return stable_id("entity", entity_type, key)


def alias_lookup(aliases: pd.DataFrame | None) -> dict[str, tuple[str, str]]:
    if aliases is None or aliases.empty:
        return {}
    missing = set(ALIAS_COLUMNS) - set(aliases.columns)
    if missing:
        raise KeyError(f"aliases frame lacks columns {sorted(missing)}")
    return {
        fold_alias_key(str(row.alias)): (str(row.canonical_name), str(row.entity_type))
        for row in aliases.itertuples(index=False)
        if str(row.alias).strip() and str(row.canonical_name).strip()
    }


def vote_type(counts: Counter[str]) -> str:
    return max(counts.items(), key=lambda item: (item[1], -TYPE_PRIORITY.get(item[0], 99)))[0]


class FormName(NamedTuple):
    """What a form says before any corpus evidence: its name and type after overrides and hints."""

    name: str
    entity_type: str
    linked_country: str | None  # set for a nationality adjective pointing at its country
    overridden: bool

    @property
    def is_free(self) -> bool:
        """Free names take their type and fuller name from corpus evidence; overrides and adjectives do not."""
        return self.linked_country is None and not self.overridden and self.entity_type != "NORP"


def name_form(text: str, extracted_type: str, hint: str | None, overrides: dict[str, tuple[str, str]]) -> FormName:
    """Apply the user's overrides and the extractor's hint; nationality adjectives point at their country."""
    override = overrides.get(fold_alias_key(text)) or (overrides.get(fold_alias_key(hint)) if hint else None)
    if extracted_type == "NORP" and (override is None or override[1] in PLACE_TYPES):
        country = override[0] if override is not None else hint
        if country is not None and fold_alias_key(country) in overrides:
            country = overrides[fold_alias_key(country)][0]
        return FormName(country or text, extracted_type, country, False)
    if override is not None:
        return FormName(override[0], override[1] or extracted_type, None, True)
    return FormName(hint or text, extracted_type, None, False)


def clean_hint(hint: object) -> str | None:
    return None if hint is None or pd.isna(hint) or not str(hint).strip() else str(hint)


def type_column_of(mentions: pd.DataFrame) -> str:
    """Mentions carry the extractor's type as `extracted_type`, or as `entity_type` in older tables."""
    return "extracted_type" if "extracted_type" in mentions.columns else "entity_type"


def group_mentions_by_form(mentions: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The distinct forms with their mention counts, and the position of each mention's form among them."""
    type_column = type_column_of(mentions)
    missing = {"mention_text", type_column, "canonical_hint"} - set(mentions.columns)
    if missing:
        raise KeyError(f"mentions frame lacks columns {sorted(missing)}")
    keyed = pd.DataFrame(
        {
            "mention_text": [str(text) for text in mentions["mention_text"]],
            "extracted_type": [str(kind) for kind in mentions[type_column]],
            "canonical_hint": [clean_hint(hint) for hint in mentions["canonical_hint"]],
        },
        index=mentions.index,
        dtype=object,
    )
    grouped = keyed.groupby(list(FORM_COLUMNS), dropna=False, sort=True)
    counts = grouped.size()
    forms = pd.DataFrame(
        {
            "mention_text": counts.index.get_level_values(0).astype(object),
            "extracted_type": counts.index.get_level_values(1).astype(object),
            "canonical_hint": [clean_hint(hint) for hint in counts.index.get_level_values(2)],
            "n_mentions": counts.to_numpy(dtype="int64"),
        },
        dtype=object,
    ).astype({"n_mentions": "int64"})
    return forms, grouped.ngroup().to_numpy()


def mention_forms(mentions: pd.DataFrame) -> pd.DataFrame:
    """Distinct (mention_text, extracted_type, canonical_hint) with `n_mentions`: what linking depends on.

    Blank hints count as no hint. The type is read from `extracted_type`, else from `entity_type`.
    """
    return group_mentions_by_form(mentions)[0]


def check_forms(forms: pd.DataFrame) -> None:
    missing = {*FORM_COLUMNS, "n_mentions"} - set(forms.columns)
    if missing:
        raise KeyError(f"forms frame lacks columns {sorted(missing)}")


def form_names(forms: pd.DataFrame, overrides: dict[str, tuple[str, str]]) -> list[FormName]:
    return [
        name_form(str(text), str(extracted_type), clean_hint(hint), overrides)
        for text, extracted_type, hint in zip(forms["mention_text"], forms["extracted_type"], forms["canonical_hint"], strict=True)
    ]


def surname_key(name: str) -> str | None:
    """The last word of a name's person key: what a bare surname and the full names it may mean share."""
    words = " ".join(person_key_parts(name)).split()
    return words[-1] if words else None


def form_lookup_keys(forms: pd.DataFrame, aliases: pd.DataFrame | None = None) -> pd.Series:
    """Every key under which a form feeds or reads a corpus statistic, as a tuple of strings per form.

    - `surface:<folded text>`: every form not typed NORP (type vote of a text, hints spread to the
      same text elsewhere);
    - `name:<folded name>`: the name after overrides and hint, or the country of a nationality
      adjective (type vote of a name, the spelling of a hint target, the type of a country);
    - `surname:<last word of the person key>`: every form that may be voted a person (not NORP, not
      overridden to another type), since a bare surname reads the full names sharing it;
    - `entity:<type>:<entity key>`: the entity the form joins unless votes change its type, so the
      forms of one entity (Court of Appeal / Appeals) are fetched together and its row rebuilt whole.
    A form whose name is spread from a hint reaches that name's keys through the `surface:` key it
    shares with the hinted form, so the keys of the form itself suffice.
    """
    check_forms(forms)
    keys = []
    for text, extracted_type, form in zip(
        forms["mention_text"], forms["extracted_type"], form_names(forms, alias_lookup(aliases)), strict=True
    ):
        if form.linked_country is not None:
            keys.append((f"name:{fold_name(form.linked_country)}",))
            continue
        entity_key = f"entity:{form.entity_type}:{fold_name(form.name, form.entity_type)}"
        if str(extracted_type) == "NORP":  # feeds and reads no statistic
            keys.append((entity_key,))
            continue
        form_keys = [f"surface:{fold_name(str(text))}", f"name:{fold_name(form.name)}", entity_key]
        surname = surname_key(form.name) if not form.overridden or form.entity_type == "PERSON" else None
        if surname is not None:
            form_keys.append(f"surname:{surname}")
        keys.append(tuple(form_keys))
    return pd.Series(keys, index=forms.index, dtype=object)


def resolve_forms(forms: pd.DataFrame, aliases: pd.DataFrame | None = None) -> pd.DataFrame:
    """Link each form to its entity, with every corpus count weighted by the form's `n_mentions`.

    Returns `forms` plus `entity_id`, `entity_type` (the mentions' type: NORP for an adjective
    linked to its country, else the corpus-voted type) and what `summarise_entities` needs:
    `entity_name` (the name the form proposes for its entity), `name_source` ("override",
    "country" or "mention") and `linked_entity_type` (the type of the entity it links to).
    """
    check_forms(forms)
    overrides = alias_lookup(aliases)
    texts = [str(t) for t in forms["mention_text"]]
    extracted = [str(t) for t in forms["extracted_type"]]
    hints = [clean_hint(h) for h in forms["canonical_hint"]]
    weights = [int(w) for w in forms["n_mentions"]]
    read = form_names(forms, overrides)
    n = len(texts)
    names = [form.name for form in read]
    types = [form.entity_type for form in read]
    free = [form.is_free for form in read]
    surfaces = [fold_name(text) for text in texts]

    # 1. A text's type is voted over the corpus ("Biden" tagged ORG once, PERSON ten times).
    surface_votes: dict[str, Counter[str]] = defaultdict(Counter)
    for i in range(n):
        if extracted[i] != "NORP":
            surface_votes[surfaces[i]][types[i]] += weights[i]
    for i in range(n):
        if free[i] and hints[i] is None:
            types[i] = vote_type(surface_votes[surfaces[i]])

    # 2. A text whose hint is the same everywhere in the corpus gets that hint where it has none.
    hinted: dict[tuple[str, str], set[str]] = defaultdict(set)
    hint_names: dict[str, str] = {}
    for i in range(n):
        hint = hints[i]
        if free[i] and hint is not None:
            target = fold_name(hint)
            if types[i] == "PERSON" and person_key_parts(texts[i])[-1:] != person_key_parts(hint)[-1:]:
                continue  # a first name ("Charles") names different people in different articles
            if surfaces[i] != target:
                hinted[(type_family(types[i]), surfaces[i])].add(target)
                hint_names[target] = min(hint_names.get(target, hint), hint)
    for i in range(n):
        if free[i] and hints[i] is None:
            targets = hinted.get((type_family(types[i]), surfaces[i]))
            if targets is not None and len(targets) == 1:
                names[i] = hint_names[next(iter(targets))]

    # 3. Corpus vote on each name's type (adjectives keep NORP, overrides keep theirs).
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for i in range(n):
        if extracted[i] != "NORP":
            votes[fold_name(names[i])][types[i]] += weights[i]
    for i in range(n):
        if extracted[i] != "NORP" and not read[i].overridden:
            types[i] = vote_type(votes[fold_name(names[i])])

    # 4. A bare surname takes the one full name of a person it can mean in the corpus.
    is_person = [types[i] == "PERSON" and extracted[i] != "NORP" for i in range(n)]
    full_names: dict[str, set[str]] = defaultdict(set)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for i in range(n):
        if is_person[i]:
            parts = person_key_parts(names[i])
            if len(parts) >= 2:
                key = " ".join(parts)
                full_names[parts[-1]].add(key)
                spellings[key][strip_person_titles(names[i])] += weights[i]
    person_keys: list[str | None] = [None] * n
    for i in range(n):
        if not is_person[i]:
            continue
        names[i] = strip_person_titles(names[i])
        parts = person_key_parts(names[i])
        candidates = full_names.get(parts[0], set()) if len(parts) == 1 else set()
        if len(candidates) == 1:
            person_keys[i] = next(iter(candidates))
            names[i] = most_used(spellings[person_keys[i]])
        else:
            person_keys[i] = " ".join(parts) if parts else fold_name(names[i], "PERSON")

    # 5. Final keys; nationality adjectives take their country's key and type.
    entity_types: list[str] = []
    entity_keys: list[str] = []
    for i in range(n):
        country = read[i].linked_country
        if country is not None:
            country_votes = votes.get(fold_name(country))
            country_type = vote_type(country_votes) if country_votes else "GPE"
            entity_types.append(country_type)
            entity_keys.append(fold_name(country, country_type))
        elif person_keys[i] is not None:
            entity_types.append("PERSON")
            entity_keys.append(person_keys[i])  # type: ignore[arg-type]
        else:
            entity_types.append(types[i])
            entity_keys.append(fold_name(names[i], types[i]))
    return forms.assign(
        entity_id=[entity_id_for(kind, key) for kind, key in zip(entity_types, entity_keys, strict=True)],
        entity_type=["NORP" if form.linked_country is not None else types[i] for i, form in enumerate(read)],
        entity_name=names,
        name_source=["country" if form.linked_country is not None else "override" if form.overridden else "mention" for form in read],
        linked_entity_type=entity_types,
    )


def most_used(counts: Counter[str]) -> str:
    """The most used name, whatever the order the forms came in."""
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


def choose_canonical_name(names: list[str], sources: list[str], weights: list[int]) -> str:
    """The user's override if any, else the fullest, most used name (a country for its adjectives only)."""
    for source in ("override", "mention", "country"):
        counts: Counter[str] = Counter()
        for name, name_source, weight in zip(names, sources, weights, strict=True):
            if name_source == source:
                counts[" ".join(name.split()) if source == "mention" else name] += weight
        if counts and source == "mention":
            return min(counts.items(), key=lambda item: (-len(item[0].split()), -item[1], item[0]))[0]
        if counts:
            return most_used(counts)
    raise ValueError("an entity needs at least one form")


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


def build_entity_cooccurrence(mentions: pd.DataFrame) -> pd.DataFrame:
    """Pairs of distinct entities named in the same sentence of the same article, with counts.

    `entity_id_a < entity_id_b`; `n_sentences` counts the sentences naming both, `n_articles`
    the articles. Cost is linear in mentions times the (small) number of entities per sentence.
    """
    missing = {"article_id", "sentence_index", "entity_id"} - set(mentions.columns)
    if missing:
        raise KeyError(f"mentions frame lacks columns {sorted(missing)}")
    by_sentence: dict[tuple[str, int], set[str]] = defaultdict(set)
    for article_id, sentence_index, entity_id in zip(
        mentions["article_id"], mentions["sentence_index"], mentions["entity_id"], strict=True
    ):
        by_sentence[(str(article_id), int(sentence_index))].add(str(entity_id))
    sentences: Counter[tuple[str, str]] = Counter()
    articles: dict[tuple[str, str], set[str]] = defaultdict(set)
    for (article_id, _), entity_ids in by_sentence.items():
        for pair in combinations(sorted(entity_ids), 2):
            sentences[pair] += 1
            articles[pair].add(article_id)
    rows = [
        {
            "pair_id": stable_id("entity_pair", a, b),
            "entity_id_a": a,
            "entity_id_b": b,
            "n_sentences": count,
            "n_articles": len(articles[(a, b)]),
        }
        for (a, b), count in sorted(sentences.items())
    ]
    return pd.DataFrame(rows, columns=list(COOCCURRENCE_COLUMNS)).astype(
        {"n_sentences": "int32", "n_articles": "int32"}
    )
