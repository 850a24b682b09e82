"""The reference catalog: every curated list newsfacts reads, loaded once into one frozen object.

Transforms never open these files themselves: the caller (a flow task, a worker process, a
benchmark, a test) loads the catalog and passes the part a transform needs as an argument, so
a transform's inputs can all be read from its signature. Loading is I/O and happens here; the
catalog is cached per process and per folder, since worker processes each need one.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from transforms.aggregate.claims import load_object_classes
from transforms.extract.entities import EntityReference, load_entity_reference
from transforms.extract.quotes import SpeechCues, load_speech_cues
from transforms.extract.unit_lexicon import UnitLexicon, load_unit_lexicon
from transforms.normalize import BoilerplatePattern, load_boilerplate_patterns
from transforms.reference import REFERENCE_DIR, load_entity_aliases


@dataclass(frozen=True)
class ReferenceCatalog:
    """The curated lists, by the transform that reads them."""

    boilerplate: tuple[BoilerplatePattern, ...]  # normalize: lines that are not the article
    speech_cues: SpeechCues  # extract quotes: reporting verbs and nouns
    unit_lexicon: UnitLexicon  # extract figures: unit surfaces, named quantities, names holding a number
    entities: EntityReference  # extract entities: weapons, places, nationalities, given names
    entity_aliases: pd.DataFrame | None  # aggregate entities: user overrides of canonical names
    object_classes: Mapping[str, str]  # aggregate claims: head noun -> counted-object class


@cache
def load_reference_catalog(directory: Path = REFERENCE_DIR) -> ReferenceCatalog:
    """Read every list in `directory` (the shipped package data by default), once per process."""
    return ReferenceCatalog(
        boilerplate=tuple(load_boilerplate_patterns(directory / "boilerplate.csv")),
        speech_cues=load_speech_cues(directory / "speech_cues.csv"),
        unit_lexicon=load_unit_lexicon(directory / "unit_surfaces.csv", directory / "named_quantities.csv",
                                       directory / "named_numbers.csv"),
        entities=load_entity_reference(directory),
        entity_aliases=load_entity_aliases(directory / "entity_aliases.csv"),
        object_classes=load_object_classes(directory / "counted_object_classes.csv"),
    )
