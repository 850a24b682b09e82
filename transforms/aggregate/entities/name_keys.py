"""Name keys: the folded spellings under which mentions of one entity meet, whatever the case,
accents, dots, transliteration or titles. Pure string functions, cached because a corpus repeats
the same few thousand names across tens of thousands of mentions."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from transforms.names import PERSON_TITLES, singular

# Types whose names are proper names even when they end in "s" (United States, Reuters, Jones).
NO_PLURAL_FOLDING = frozenset({"PERSON", "GPE", "LOC", "NORP", "FAC"})
NAME_SUFFIXES = frozenset({"jr", "sr", "ii", "iii", "iv"})
PERSON_TITLE_WORDS = frozenset(title.rstrip(".") for title in PERSON_TITLES)
PLACE_TYPES = frozenset({"GPE", "LOC"})
# Function words that organisations' names drop or swap (Institute of/for Fiscal Studies).
ORG_FUNCTION_WORDS = frozenset({"and", "of", "for", "the", "&", "on", "in"})
DOTTED_ACRONYM = re.compile(r"\b(?:[A-Za-z]\.){2,}")
NUMBER_WORDS = {w: str(i) for i, w in enumerate(["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"])}


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


def surname_key(name: str) -> str | None:
    """The last word of a name's person key: what a bare surname and the full names it may mean share."""
    words = " ".join(person_key_parts(name)).split()
    return words[-1] if words else None
