"""Weapon systems from the curated list (`weapons.csv`), found by a phrase matcher over the tokens.
Names that are ordinary words or names on their own (Patriot, Javelin) count only before a weapon noun."""

from __future__ import annotations

from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from transforms.extract.entities.reference import EntityReference
from transforms.extract.entities.vocabulary import WEAPON, WEAPON_CONTEXT_WORDS


def find_weapons(doc: Doc, matcher: PhraseMatcher, reference: EntityReference) -> list[Span]:
    """Weapon names in the doc, the longest where two overlap."""
    found = []
    for _, start, end in matcher(doc):
        span = Span(doc, start, end, label=WEAPON)
        if span.text in reference.weapons_needing_context and not has_weapon_context(doc, end):
            continue
        found.append(span)
    found.sort(key=lambda s: (s.start, -(s.end - s.start)))
    kept: list[Span] = []
    for span in found:
        if not kept or span.start >= kept[-1].end:
            kept.append(span)
    return kept


def has_weapon_context(doc: Doc, end: int) -> bool:
    """An ambiguous weapon name (Patriot, Javelin) counts only before a weapon noun."""
    for token in doc[end : end + 3]:
        word = token.lower_.rstrip("s")
        if word in WEAPON_CONTEXT_WORDS:
            return True
        if not (token.is_alpha or token.text == "-"):
            return False
    return False
