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
- `canonicalize_entities` chains them over a whole mention table;
- `build_entity_cooccurrence` counts the pairs of entities named in the same sentence.

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

The modules: `name_keys` (folded names), `forms` (forms, overrides, lookup keys), `resolution`
(`resolve_forms`, one named function per resolution step), `summary` (entity rows, `canonicalize_entities`),
`cooccurrence`.
"""

from transforms.aggregate.entities.cooccurrence import (
    COOCCURRENCE_COLUMNS,
    build_entity_cooccurrence,
)
from transforms.aggregate.entities.forms import (
    FORM_COLUMNS,
    FormName,
    form_lookup_keys,
    mention_forms,
    name_form,
)
from transforms.aggregate.entities.name_keys import (
    fold_name,
    person_key_parts,
    strip_person_titles,
)
from transforms.aggregate.entities.resolution import resolve_forms
from transforms.aggregate.entities.summary import (
    ENTITY_SUMMARY_COLUMNS,
    canonicalize_entities,
    summarise_entities,
)
from transforms.names import fold_alias_key

__all__ = [
    "COOCCURRENCE_COLUMNS",
    "ENTITY_SUMMARY_COLUMNS",
    "FORM_COLUMNS",
    "FormName",
    "build_entity_cooccurrence",
    "canonicalize_entities",
    "fold_alias_key",
    "fold_name",
    "form_lookup_keys",
    "mention_forms",
    "name_form",
    "person_key_parts",
    "resolve_forms",
    "strip_person_titles",
    "summarise_entities",
]
