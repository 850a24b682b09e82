"""`resolve_forms`: each form linked to its entity, in five steps over the whole set of forms.

Each step reads the corpus evidence the earlier ones left, with every count weighted by a form's
mentions: the type of each text is voted (1); a text hinted to one target only takes that target
where it has no hint (2); the type of each name is voted (3); a bare surname takes the one full
name of a person it can mean (4); and the entity key follows (5), nationality adjectives taking
their country's.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

import pandas as pd

from transforms import schema
from transforms.aggregate.entities.forms import (
    FormName,
    alias_lookup,
    check_forms,
    clean_hint,
    form_names,
)
from transforms.aggregate.entities.name_keys import (
    fold_name,
    person_key_parts,
    strip_person_titles,
    type_family,
)
from transforms.ids import stable_id

# Tie-break of the type vote: earlier wins.
TYPE_PRIORITY = {name: rank for rank, name in enumerate(schema.ENTITY_TYPES)}

TypeVotes = dict[str, Counter[str]]  # folded name -> entity type -> mentions


@dataclass(frozen=True)
class FormEvidence:
    """The forms as parallel lists: what each says before any corpus evidence is weighed."""

    texts: list[str]
    extracted: list[str]  # the extractor's type
    hints: list[str | None]
    weights: list[int]  # mentions of the form
    read: list[FormName]  # after the user's overrides and the extractor's hint
    surfaces: list[str]  # folded texts

    @property
    def free(self) -> list[bool]:
        return [form.is_free for form in self.read]


def resolve_forms(forms: pd.DataFrame, aliases: pd.DataFrame | None = None) -> pd.DataFrame:
    """Link each form to its entity, with every corpus count weighted by the form's `n_mentions`.

    Returns `forms` plus `entity_id`, `entity_type` (the mentions' type: NORP for an adjective
    linked to its country, else the corpus-voted type) and what `summarise_entities` needs:
    `entity_name` (the name the form proposes for its entity), `name_source` ("override",
    "country" or "mention") and `linked_entity_type` (the type of the entity it links to).
    """
    check_forms(forms)
    evidence = form_evidence(forms, alias_lookup(aliases))
    types = vote_surface_types(evidence)
    names = spread_unique_hints(evidence, types)
    votes = name_type_votes(evidence, names, types)
    types = vote_name_types(evidence, names, types, votes)
    names, person_keys = link_surnames_to_full_names(evidence, names, types)
    entity_types, entity_keys = entity_keys_of(evidence, names, types, person_keys, votes)
    read = evidence.read
    return forms.assign(
        entity_id=[entity_id_for(kind, key) for kind, key in zip(entity_types, entity_keys, strict=True)],
        entity_type=["NORP" if form.linked_country is not None else types[i] for i, form in enumerate(read)],
        entity_name=names,
        name_source=["country" if form.linked_country is not None else "override" if form.overridden else "mention" for form in read],
        linked_entity_type=entity_types,
    )


def form_evidence(forms: pd.DataFrame, overrides: dict[str, tuple[str, str]]) -> FormEvidence:
    texts = [str(t) for t in forms["mention_text"]]
    return FormEvidence(
        texts=texts,
        extracted=[str(t) for t in forms["extracted_type"]],
        hints=[clean_hint(h) for h in forms["canonical_hint"]],
        weights=[int(w) for w in forms["n_mentions"]],
        read=form_names(forms, overrides),
        surfaces=[fold_name(text) for text in texts],
    )


def vote_surface_types(evidence: FormEvidence) -> list[str]:
    """1. A text's type is voted over the corpus ("Biden" tagged ORG once, PERSON ten times); only
    free forms without a hint take the vote."""
    types = [form.entity_type for form in evidence.read]
    surface_votes: TypeVotes = defaultdict(Counter)
    for i, surface in enumerate(evidence.surfaces):
        if evidence.extracted[i] != "NORP":
            surface_votes[surface][types[i]] += evidence.weights[i]
    free = evidence.free
    return [
        vote_type(surface_votes[evidence.surfaces[i]]) if free[i] and evidence.hints[i] is None else kind
        for i, kind in enumerate(types)
    ]


def spread_unique_hints(evidence: FormEvidence, types: list[str]) -> list[str]:
    """2. A text whose hint is the same everywhere in the corpus gets that hint where it has none
    ("ATACMS" in an article that never expands it)."""
    texts, hints, surfaces, free = evidence.texts, evidence.hints, evidence.surfaces, evidence.free
    hinted: dict[tuple[str, str], set[str]] = defaultdict(set)
    hint_names: dict[str, str] = {}
    for i, hint in enumerate(hints):
        if free[i] and hint is not None:
            target = fold_name(hint)
            if types[i] == "PERSON" and person_key_parts(texts[i])[-1:] != person_key_parts(hint)[-1:]:
                continue  # a first name ("Charles") names different people in different articles
            if surfaces[i] != target:
                hinted[(type_family(types[i]), surfaces[i])].add(target)
                hint_names[target] = min(hint_names.get(target, hint), hint)
    names = [form.name for form in evidence.read]
    for i, hint in enumerate(hints):
        if free[i] and hint is None:
            targets = hinted.get((type_family(types[i]), surfaces[i]))
            if targets is not None and len(targets) == 1:
                names[i] = hint_names[next(iter(targets))]
    return names


def name_type_votes(evidence: FormEvidence, names: list[str], types: list[str]) -> TypeVotes:
    """The corpus's type votes per folded name (adjectives do not vote)."""
    votes: TypeVotes = defaultdict(Counter)
    for i, name in enumerate(names):
        if evidence.extracted[i] != "NORP":
            votes[fold_name(name)][types[i]] += evidence.weights[i]
    return votes


def vote_name_types(evidence: FormEvidence, names: list[str], types: list[str], votes: TypeVotes) -> list[str]:
    """3. Corpus vote on each name's type (adjectives keep NORP, overrides keep theirs)."""
    return [
        vote_type(votes[fold_name(names[i])]) if evidence.extracted[i] != "NORP" and not form.overridden else types[i]
        for i, form in enumerate(evidence.read)
    ]


def link_surnames_to_full_names(evidence: FormEvidence, names: list[str], types: list[str]) -> tuple[list[str], list[str | None]]:
    """4. A bare surname takes the one full name of a person it can mean in the corpus (two people
    called Blair keep "Blair" apart from both). Returns the names, titles stripped from people's,
    and each person's key (None for the other forms)."""
    is_person = [kind == "PERSON" and evidence.extracted[i] != "NORP" for i, kind in enumerate(types)]
    full_names: dict[str, set[str]] = defaultdict(set)
    spellings: dict[str, Counter[str]] = defaultdict(Counter)
    for i, name in enumerate(names):
        if is_person[i]:
            parts = person_key_parts(name)
            if len(parts) >= 2:
                key = " ".join(parts)
                full_names[parts[-1]].add(key)
                spellings[key][strip_person_titles(name)] += evidence.weights[i]
    names = list(names)
    person_keys: list[str | None] = [None] * len(names)
    for i in range(len(names)):
        if not is_person[i]:
            continue
        names[i] = strip_person_titles(names[i])
        parts = person_key_parts(names[i])
        candidates = full_names.get(parts[0], set()) if len(parts) == 1 else set()
        if len(candidates) == 1:
            key = next(iter(candidates))
            person_keys[i] = key
            names[i] = most_used(spellings[key])
        else:
            person_keys[i] = " ".join(parts) if parts else fold_name(names[i], "PERSON")
    return names, person_keys


def entity_keys_of(
    evidence: FormEvidence, names: list[str], types: list[str], person_keys: list[str | None], votes: TypeVotes
) -> tuple[list[str], list[str]]:
    """5. The type and key of the entity each form links to; nationality adjectives take their
    country's key and type (the country's voted type, GPE when the corpus never names it)."""
    entity_types: list[str] = []
    entity_keys: list[str] = []
    for i, form in enumerate(evidence.read):
        country = form.linked_country
        person_key = person_keys[i]
        if country is not None:
            country_votes = votes.get(fold_name(country))
            country_type = vote_type(country_votes) if country_votes else "GPE"
            entity_types.append(country_type)
            entity_keys.append(fold_name(country, country_type))
        elif person_key is not None:
            entity_types.append("PERSON")
            entity_keys.append(person_key)
        else:
            entity_types.append(types[i])
            entity_keys.append(fold_name(names[i], types[i]))
    return entity_types, entity_keys


def vote_type(counts: Counter[str]) -> str:
    """The type with the most mentions; ties go to the type listed first in the contract."""
    return max(counts.items(), key=lambda item: (item[1], -TYPE_PRIORITY.get(item[0], 99)))[0]


def most_used(counts: Counter[str]) -> str:
    """The most used name, whatever the order the forms came in."""
    return min(counts.items(), key=lambda item: (-item[1], item[0]))[0]


def entity_id_for(entity_type: str, key: str) -> str:
    return stable_id("entity", entity_type, key)
