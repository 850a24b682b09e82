"""Helpers shared by the entity tests: the rules applied to pinned model entities, and mentions."""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

from transforms.extract.entities import RULES_COMPONENT, extract_entity_mentions
from transforms.extract.records import MentionRecord
from transforms.reference.catalog import load_reference_catalog


def parse_with_model_entities(nlp: Language, text: str, entities: list[tuple[str, ...]]) -> Doc:
    """Parse without our rules, replace the model's entities by `entities`, then apply the rules.

    Each entity is (surface, label) for the first occurrence of surface, or (surface, label, "last").
    This pins the model's (mis)labels, so each test shows what the rules do with a known error.
    """
    with nlp.select_pipes(disable=[RULES_COMPONENT]):
        doc = nlp(text)
    spans = []
    for surface, label, *which in entities:
        start = text.rindex(surface) if which == ["last"] else text.index(surface)
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None, surface
        spans.append(span)
    doc.ents = spans
    return nlp.get_pipe(RULES_COMPONENT)(doc)


def labels(doc: Doc) -> dict[str, str]:
    return {ent.text: ent.label_ for ent in doc.ents}


def mentions_of(doc: Doc) -> list[MentionRecord]:
    return extract_entity_mentions(doc, load_reference_catalog().entities)


def mentions_by_text(doc: Doc) -> dict[str, MentionRecord]:
    return {m["mention_text"]: m for m in mentions_of(doc)}
