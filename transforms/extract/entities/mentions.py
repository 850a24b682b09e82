"""`extract_entity_mentions`: one `MentionRecord` per named entity of a parsed article (after the
entity rules), with a clean span and its canonical hint."""

from __future__ import annotations

from bisect import bisect_right

from spacy.tokens import Doc, Span

from transforms.extract.doc_text import doc_text
from transforms.extract.entities.hints import (
    canonical_hint,
    collect_article_names,
    find_acronym_definitions,
)
from transforms.extract.entities.reference import EntityReference
from transforms.extract.entities.vocabulary import (
    LEADING_DETERMINERS,
    NAMED_LABELS,
    SEPARATORS,
)
from transforms.extract.records import MentionRecord
from transforms.names import PERSON_TITLES


def extract_entity_mentions(doc: Doc, reference: EntityReference) -> list[MentionRecord]:
    """Named-entity mentions of the doc with clean spans, domain types and canonical hints."""
    sentence_starts = [sent.start_char for sent in doc.sents] if doc.has_annotation("SENT_START") else [0]
    text = doc_text(doc)  # Doc.text is rebuilt from the tokens on every access: read it once
    acronyms = find_acronym_definitions(text)
    raw: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        if ent.label_ not in NAMED_LABELS:
            continue
        trimmed = trim_mention(doc, ent)
        if trimmed is not None:
            raw.append((doc[trimmed[0]].idx, doc[trimmed[1] - 1].idx + len(doc[trimmed[1] - 1].text), ent.label_))

    names = collect_article_names(text, raw, acronyms)
    mentions: list[MentionRecord] = []
    for start, end, label in raw:
        surface = text[start:end]
        mentions.append(
            MentionRecord(
                mention_text=surface,
                entity_type=label,
                start_char=start,
                end_char=end,
                sentence_index=bisect_right(sentence_starts, start) - 1,
                canonical_hint=canonical_hint(surface, label, reference, names),
            )
        )
    return mentions


def trim_mention(doc: Doc, ent: Span) -> tuple[int, int] | None:
    """Token range of the mention without articles, possessive endings and (for people) titles."""
    start, end = ent.start, ent.end
    while start < end and doc[start].lower_ in LEADING_DETERMINERS:
        start += 1
    while end > start and doc[end - 1].tag_ == "POS":
        end -= 1
    if ent.label_ == "PERSON":
        while end - start > 1 and doc[start].lower_.rstrip(".") in {t.rstrip(".") for t in PERSON_TITLES}:
            start += 1
        while end - start > 1 and doc[start].text in SEPARATORS:
            start += 1
    return (start, end) if end > start else None
