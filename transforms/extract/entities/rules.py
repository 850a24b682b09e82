"""The spaCy component that rewrites `doc.ents` after the model's NER, and how it joins a pipeline.

The rules run in this order, each on the tokens the earlier ones left free: weapons, the model's
entities cleaned, people by a known first name, organisation names joined, missed places,
organisations by a descriptor or legal form, the article's own evidence for each name's type, and
sports teams named after places (see the package docstring for what each does).
`occupied` marks the tokens claimed so far: a rule never takes a token an earlier one claimed, and
the rules that add names mark theirs.
"""

from __future__ import annotations

import spacy.util
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span

from transforms.extract.entities.article_evidence import type_by_article_evidence
from transforms.extract.entities.cleaning import clean_entity
from transforms.extract.entities.organisations import (
    extend_organisation_names,
    find_lowercase_bodies,
    type_described_organisations,
    type_listed_organisations,
)
from transforms.extract.entities.people import find_people_by_given_name
from transforms.extract.entities.places import (
    PlacesByFirstWord,
    find_missed_places,
    index_places_by_first_word,
)
from transforms.extract.entities.reference import EntityReference
from transforms.extract.entities.teams import type_teams
from transforms.extract.entities.vocabulary import NAMED_LABELS, RULES_COMPONENT, WEAPON
from transforms.extract.entities.weapons import find_weapons


class EntityRules:
    """Rewrites `doc.ents` after the model's NER.

    spaCy builds the component empty from its factory, as it builds its own `entity_ruler`, since a
    pipeline's config holds only JSON values; `add_entity_rules` then gives it the reference lists
    the caller loaded (`use_reference`)."""

    def __init__(self, nlp: Language) -> None:
        self.vocab = nlp.vocab
        self.tokenizer = nlp.tokenizer
        self.reference: EntityReference | None = None
        self.weapon_matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.places_by_first_word: PlacesByFirstWord = {}

    def use_reference(self, reference: EntityReference) -> None:
        """Index the reference lists for the rules: weapon names as token patterns, places by first word."""
        matcher = PhraseMatcher(self.vocab, attr="ORTH")
        matcher.add(WEAPON, list(self.tokenizer.pipe(reference.weapon_aliases)))
        self.vocab.strings.add(WEAPON)
        self.weapon_matcher = matcher
        self.places_by_first_word = index_places_by_first_word(self.tokenizer, reference)
        self.reference = reference

    def __call__(self, doc: Doc) -> Doc:
        reference = self.reference
        if reference is None:
            raise RuntimeError(f"{RULES_COMPONENT} has no reference lists: add it with add_entity_rules(nlp, reference)")
        occupied = [False] * len(doc)
        spans: list[Span] = []

        def claim(span: Span) -> None:
            spans.append(span)
            for i in range(span.start, span.end):
                occupied[i] = True

        for span in find_weapons(doc, self.weapon_matcher, reference):
            if not any(occupied[span.start : span.end]):
                claim(span)
        name_words = {t.text for ent in doc.ents if len(ent) > 1 and ent.label_ in NAMED_LABELS for t in ent}
        for ent in doc.ents:
            if any(occupied[ent.start : ent.end]):
                continue
            for piece in clean_entity(doc, ent, name_words, reference):
                if not any(occupied[piece.start : piece.end]):  # a piece can grow onto a weapon's token
                    claim(piece)
        spans = find_people_by_given_name(doc, spans, occupied, reference)
        spans = extend_organisation_names(doc, spans, occupied)
        for span in find_missed_places(doc, occupied, self.places_by_first_word, reference):
            claim(span)
        for span in find_lowercase_bodies(doc, occupied):
            claim(span)
        spans = type_described_organisations(doc, spans, reference)
        spans = type_listed_organisations(doc, spans, reference)
        spans = type_by_article_evidence(doc, spans, occupied, reference)
        spans = type_teams(doc, spans, reference)
        doc.ents = sorted(spans, key=lambda s: s.start)
        return doc


@Language.factory(RULES_COMPONENT)
def create_entity_rules(nlp: Language, name: str) -> EntityRules:
    return EntityRules(nlp)


def split_dashes_in_tokenizer(nlp: Language) -> None:
    """Split em/en dashes between words ("(HIMARS)—previously"), which the default tokenizer keeps whole."""
    infixes = [*nlp.Defaults.infixes, r"(?<=\w)\)(?=[\u2014\u2013])", r"[\u2014\u2013]"]
    nlp.tokenizer.infix_finditer = spacy.util.compile_infix_regex(infixes).finditer


def add_entity_rules(nlp: Language, reference: EntityReference) -> None:
    """Add newsfacts' rule-based entity fixes after the model's NER, reading `reference` (idempotent:
    a pipeline that has them keeps the lists it was given)."""
    if RULES_COMPONENT in nlp.pipe_names:
        return
    split_dashes_in_tokenizer(nlp)
    if "ner" in nlp.pipe_names:
        rules = nlp.add_pipe(RULES_COMPONENT, after="ner")
    else:
        rules = nlp.add_pipe(RULES_COMPONENT, last=True)
    rules.use_reference(reference)
