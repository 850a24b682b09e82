"""Canonical hints: the fuller name a mention stands for, from the reference lists first, then from
the article itself (a full name for a bare surname or first name, the expansion of an acronym the
text defines or that spells the initials of a name in the article)."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from transforms.extract.entities.reference import EntityReference
from transforms.extract.entities.vocabulary import (
    ACRONYM_IN_PARENS,
    NAME_SUFFIXES,
    WEAPON,
)
from transforms.names import fold_alias_key, singular


def acronym_matches(acronym: str, long_form: str) -> bool:
    """Schwartz & Hearst (2003): the acronym's letters appear in order in the long form, the first at a word start."""
    letters = [c.lower() for c in acronym if c.isalnum()]
    text = long_form.lower()
    i, j = len(letters) - 1, len(text) - 1
    while i >= 0:
        while j >= 0 and (text[j] != letters[i] or (i == 0 and j > 0 and text[j - 1].isalnum())):
            j -= 1
        if j < 0:
            return False
        i -= 1
        j -= 1
    return True


def find_acronym_definitions(text: str) -> dict[str, str]:
    """Acronyms the text defines: "Army Tactical Missile System (ATACMS)" -> {"ATACMS": "Army Tactical ..."}."""
    definitions: dict[str, str] = {}
    for match in ACRONYM_IN_PARENS.finditer(text):
        acronym = match.group(1).rstrip(".")
        letters = sum(c.isupper() for c in acronym)
        if letters < 2 or len(acronym) > 12:
            continue
        before = text[max(0, match.start() - 200) : match.start()].rstrip()
        words = re.findall(r"[\w'&\-]+", before.split("\n")[-1])
        max_words = min(len(words), letters + 5, 2 * letters)
        for n in range(1, max_words + 1):
            candidate = words[-n:]
            if not candidate[0][:1].isupper():
                continue
            long_form = " ".join(candidate)
            if acronym_matches(acronym, long_form) and long_form.lower()[0] == acronym.lower()[0]:
                definitions[acronym] = long_form
                break
    return definitions


def person_name_parts(name: str) -> list[str]:
    """Name words without titles, initials and suffixes: "Joseph R. Biden Jr." -> ["Joseph", "Biden"]."""
    words = [w for w in name.split() if w.lower() not in NAME_SUFFIXES]
    return [w for w in words if not re.fullmatch(r"[A-Z]\.?", w)]


def nationality_country(text: str, reference: EntityReference) -> str | None:
    """The country a nationality adjective or noun refers to ("North Koreans" -> "North Korea")."""
    key = " ".join(text.casefold().split())
    if key in reference.demonyms:
        return reference.demonyms[key]
    words = key.split()
    if words:
        words[-1] = singular(words[-1])
        return reference.demonyms.get(" ".join(words))
    return None


@dataclass(frozen=True)
class ArticleNames:
    """The fuller names one article uses, indexed by the short forms that can refer to them."""

    acronyms: dict[str, str]  # defined in parentheses: ATACMS -> Army Tactical Missile System
    by_initials: dict[str, set[str]]  # IMF -> {International Monetary Fund} (initials of names in the article)
    by_surname: dict[str, set[str]]  # Biden -> {Joe Biden}
    by_first_name: dict[str, set[str]]  # Digby -> {Digby Jones} ("Sir Digby")


def name_initials(name: str) -> str:
    return "".join(word[0] for word in name.replace("-", " ").split() if word[:1].isupper())


def collect_article_names(text: str, raw: list[tuple[int, int, str]], acronyms: dict[str, str]) -> ArticleNames:
    """The full names of people and the initials of multi-word names, from the article's own mentions."""
    by_initials: dict[str, set[str]] = defaultdict(set)
    by_surname: dict[str, set[str]] = defaultdict(set)
    by_first_name: dict[str, set[str]] = defaultdict(set)
    for start, end, label in raw:
        name = " ".join(text[start:end].split())
        if label == "PERSON":
            parts = person_name_parts(name)
            if len(parts) >= 2:
                by_surname[parts[-1]].add(name)
                by_first_name[parts[0]].add(name)
        elif label not in ("NORP", WEAPON) and len(name.split()) >= 2:
            initials = name_initials(name)
            if len(initials) >= 2:
                by_initials[initials].add(name)
    return ArticleNames(acronyms, by_initials, by_surname, by_first_name)


def canonical_hint(text: str, label: str, reference: EntityReference, names: ArticleNames) -> str | None:
    """The fuller name for a mention, from the reference lists first, then from the article itself."""
    if label == WEAPON:
        return reference.weapon_aliases.get(text)
    if label == "NORP":
        return nationality_country(text, reference)
    alias = reference.aliases.get(fold_alias_key(text))
    if alias is not None:
        return alias[0] if alias[0] != text else None
    if label == "PERSON":
        parts = person_name_parts(text)
        if len(parts) == 1:
            candidates = names.by_surname.get(parts[0], set())
            if not candidates and parts[0] not in names.by_surname:
                candidates = names.by_first_name.get(parts[0], set())  # "Sir Digby" -> Digby Jones
            if len(candidates) == 1:
                return next(iter(candidates))
        return None
    expansion = names.acronyms.get(text) or names.acronyms.get(text.rstrip("s"))
    if expansion is None and text.isupper() and text.isalpha() and 2 <= len(text) <= 6:
        candidates = names.by_initials.get(text, set())
        expansion = next(iter(candidates)) if len(candidates) == 1 else None
    if expansion is not None:
        alias = reference.aliases.get(fold_alias_key(expansion))
        return alias[0] if alias is not None else expansion
    return None
