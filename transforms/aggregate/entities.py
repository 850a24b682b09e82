"""Canonical entities across the corpus, and which entities are named together.

Guarantees of `canonicalize_entities`:
- One entity per real-world thing, found by keys, never by comparing all pairs of mentions, so the
  cost grows linearly with the number of mentions. Mentions merge when, in this order:
  1. a user override (the `aliases` frame, read from `data/reference/entity_aliases.csv` by
     `transforms.reference.load_entity_aliases`) maps the mention or its hint to a canonical name
     and type ("U.S.", "America" -> United States);
  2. the extractor's `canonical_hint` names a fuller form ("Biden" -> "Joe Biden",
     "ATACMS" -> the expansion its article defines), or a surface form whose hint elsewhere in the
     corpus is unambiguous ("ATACMS" in an article that never expands it);
  3. a bare surname matches exactly one full name of a person in the same article, else exactly
     one in the whole corpus (two different people called Blair keep "Blair" apart from both);
  4. their folded names are equal: case, accents, dots, hyphens, a leading "the",
     y/i and doubled letters in transliterations (Zelensky / Zelenskyy / Zelenskiy) and a final
     plural of common-noun names (Missile System / Systems) do not matter.
- A name's type is voted over the corpus (a name tagged PERSON in most mentions is a PERSON in all);
  nationality adjectives (NORP mentions whose hint is a country) join their country's entity and
  keep the NORP type on the mention, so filtering mentions on `entity_type != 'NORP'` leaves the
  names of the country only.
- `entity_id` is `transforms.ids.stable_id` (16 hex digits) of the type and the folded canonical
  key: the same entity gets the same id on every run of the same corpus.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter, defaultdict
from functools import lru_cache
from itertools import combinations

import pandas as pd

from transforms import schema
from transforms.names import PERSON_TITLES, singular
from transforms.ids import stable_id

MENTION_COLUMNS = ("article_id", "mention_text", "entity_type", "sentence_index", "canonical_hint")
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


def canonicalize_entities(
    mentions: pd.DataFrame, aliases: pd.DataFrame | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Link every mention to a canonical entity.

    Returns (assignments, entities): `assignments` is aligned to `mentions.index` with columns
    `entity_id` and `entity_type` (the mention's type corrected by corpus evidence);
    `entities` has exactly the columns of `schema.ENTITIES`.
    """
    missing = set(MENTION_COLUMNS) - set(mentions.columns)
    if missing:
        raise KeyError(f"mentions frame lacks columns {sorted(missing)}")
    overrides = alias_lookup(aliases)
    texts = [str(t) for t in mentions["mention_text"].tolist()]
    types = [str(t) for t in mentions["entity_type"].tolist()]
    articles = [str(a) for a in mentions["article_id"].tolist()]
    hints = [None if pd.isna(h) or not str(h).strip() else str(h) for h in mentions["canonical_hint"].tolist()]
    n = len(texts)

    # 1. Names and types after user overrides and hints; nationality adjectives point at their country.
    names: list[str] = [""] * n
    mention_types: list[str] = list(types)
    linked_country: list[str | None] = [None] * n
    overridden: list[bool] = [False] * n
    for i in range(n):
        override = overrides.get(fold_alias_key(texts[i])) or (overrides.get(fold_alias_key(hints[i])) if hints[i] else None)
        if types[i] == "NORP" and (override is None or override[1] in PLACE_TYPES):
            country = override[0] if override is not None else hints[i]
            if country is not None and fold_alias_key(country) in overrides:
                country = overrides[fold_alias_key(country)][0]
            linked_country[i] = country
            names[i] = country or texts[i]
            continue
        if override is not None:
            names[i] = override[0]
            mention_types[i] = override[1] or types[i]
            overridden[i] = True
        else:
            names[i] = hints[i] or texts[i]
    is_free = [linked_country[i] is None and not overridden[i] and types[i] != "NORP" for i in range(n)]

    # 2a. A surface form's type is voted over the corpus ("Biden" tagged ORG once, PERSON ten times).
    surface_votes: dict[str, Counter[str]] = defaultdict(Counter)
    for i in range(n):
        if types[i] != "NORP":
            surface_votes[fold_name(texts[i])][mention_types[i]] += 1
    for i in range(n):
        if is_free[i] and hints[i] is None:
            mention_types[i] = vote_type(surface_votes[fold_name(texts[i])])

    # 2b. A surface form whose hint is the same everywhere in the corpus gets that hint where it has none.
    hinted: dict[tuple[str, str], set[str]] = defaultdict(set)
    hint_names: dict[str, str] = {}
    for i in range(n):
        if is_free[i] and hints[i]:
            surface, target = fold_name(texts[i]), fold_name(hints[i])
            if mention_types[i] == "PERSON" and person_key_parts(texts[i])[-1:] != person_key_parts(hints[i])[-1:]:
                continue  # a first name ("Charles") names different people in different articles
            if surface != target:
                hinted[(type_family(mention_types[i]), surface)].add(target)
                hint_names[target] = min(hint_names.get(target, hints[i]), hints[i])  # independent of row order
    for i in range(n):
        if is_free[i] and hints[i] is None:
            targets = hinted.get((type_family(mention_types[i]), fold_name(texts[i])))
            if targets is not None and len(targets) == 1:
                names[i] = hint_names[next(iter(targets))]

    # 3. Corpus vote on each name's type (NORP adjectives keep theirs).
    votes: dict[str, Counter[str]] = defaultdict(Counter)
    for i in range(n):
        if types[i] != "NORP":
            votes[fold_name(names[i])][mention_types[i]] += 1
    for i in range(n):
        if types[i] != "NORP" and not overridden[i]:
            mention_types[i] = vote_type(votes[fold_name(names[i])])

    # 4. Bare surnames to the one full name they can mean: in the article first, else in the corpus.
    full_in_article: dict[tuple[str, str], set[str]] = defaultdict(set)
    full_in_corpus: dict[str, set[str]] = defaultdict(set)
    full_name_counts: dict[str, Counter[str]] = defaultdict(Counter)
    for i in range(n):
        if mention_types[i] == "PERSON" and types[i] != "NORP":
            parts = person_key_parts(names[i])
            if len(parts) >= 2:
                key = " ".join(parts)
                full_in_article[(articles[i], parts[-1])].add(key)
                full_in_corpus[parts[-1]].add(key)
                full_name_counts[key][strip_person_titles(names[i])] += 1
    # The spelling a surname takes on: the most used one, whatever the row order.
    full_name_of = {key: min(counts.items(), key=lambda item: (-item[1], item[0]))[0] for key, counts in full_name_counts.items()}
    person_keys: list[str | None] = [None] * n
    for i in range(n):
        if mention_types[i] != "PERSON" or types[i] == "NORP":
            continue
        names[i] = strip_person_titles(names[i])
        parts = person_key_parts(names[i])
        if len(parts) == 1:
            candidates = full_in_article.get((articles[i], parts[0])) or full_in_corpus.get(parts[0], set())
            if len(candidates) == 1:
                person_keys[i] = next(iter(candidates))
                names[i] = full_name_of[person_keys[i]]
                continue
        person_keys[i] = " ".join(parts) if parts else fold_name(names[i], "PERSON")

    # 5. Final keys; nationality adjectives take their country's key and type.
    keys: list[tuple[str, str]] = []
    for i in range(n):
        if linked_country[i] is not None:
            country_key = fold_name(linked_country[i])
            country_type = vote_type(votes[country_key]) if country_key in votes else "GPE"
            keys.append((country_type, fold_name(linked_country[i], country_type)))
        elif person_keys[i] is not None:
            keys.append(("PERSON", person_keys[i]))
        else:
            keys.append((mention_types[i], fold_name(names[i], mention_types[i])))

    # 6. One entity per key.
    members: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, key in enumerate(keys):
        members[key].append(i)
    entity_rows = []
    entity_of_key: dict[tuple[str, str], str] = {}
    for (entity_type, key), rows in members.items():
        entity_id = entity_id_for(entity_type, key)
        entity_of_key[(entity_type, key)] = entity_id
        entity_rows.append(
            {
                "entity_id": entity_id,
                "canonical_name": choose_canonical_name(rows, names, texts, overridden, linked_country),
                "entity_type": entity_type,
                "aliases": sorted({texts[i] for i in rows}),
                "mention_count": len(rows),
                "article_count": len({articles[i] for i in rows}),
            }
        )
    entities = pd.DataFrame(entity_rows, columns=schema.ENTITIES.column_names)
    if not entities.empty:
        entities = entities.sort_values(["mention_count", "entity_id"], ascending=[False, True], ignore_index=True)
    entities = entities.astype({"mention_count": "int64", "article_count": "int32"})
    assignments = pd.DataFrame(
        {
            "entity_id": [entity_of_key[key] for key in keys],
            "entity_type": ["NORP" if linked_country[i] is not None else mention_types[i] for i in range(n)],
        },
        index=mentions.index,
    )
    return assignments, entities


def choose_canonical_name(
    rows: list[int], names: list[str], texts: list[str], overridden: list[bool], linked_country: list[str | None]
) -> str:
    """The user's override if any, else the fullest, most used name (a country for its adjectives)."""
    overrides = Counter(names[i] for i in rows if overridden[i])
    if overrides:
        return min(overrides.items(), key=lambda item: (-item[1], item[0]))[0]
    own = [i for i in rows if linked_country[i] is None]
    if not own:
        return Counter(linked_country[i] for i in rows).most_common(1)[0][0]  # type: ignore[return-value]
    counts = Counter(" ".join(names[i].split()) for i in own)
    return min(counts.items(), key=lambda item: (-len(item[0].split()), -item[1], item[0]))[0]


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
