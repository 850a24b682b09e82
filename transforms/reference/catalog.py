"""The reference catalog: every curated list newsfacts reads, behind one frozen object.

Transforms never open these files themselves: the caller (a flow task, a worker process, a
benchmark, a test) takes the catalog and passes the part a transform needs as an argument, so
a transform's inputs can all be read from its signature. Loading is I/O and happens here. Each
list is read the first time it is asked for and then kept: a process that only normalises never
reads the gazetteers (nor imports spaCy for them). The catalog is cached per process and folder.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from transforms.reference import REFERENCE_DIR, load_entity_aliases

if TYPE_CHECKING:
    import pandas as pd

    from transforms.aggregate.claim_scorer import ClaimScorer
    from transforms.extract.entities import EntityReference
    from transforms.extract.quotes import SpeechCues
    from transforms.extract.unit_lexicon import UnitLexicon
    from transforms.normalize import BoilerplatePattern


@dataclass(frozen=True)
class ReferenceCatalog:
    """The curated lists in `directory`, by the transform that reads them."""

    directory: Path

    @cached_property
    def boilerplate(self) -> tuple[BoilerplatePattern, ...]:
        """normalize: lines that are not the article."""
        from transforms.normalize import load_boilerplate_patterns

        return tuple(load_boilerplate_patterns(self.directory / "boilerplate.csv"))

    @cached_property
    def speech_cues(self) -> SpeechCues:
        """extract quotes: reporting verbs and nouns, the nouns that can stand for a speaker, and spokespeople's offices."""
        from transforms.extract.quotes import load_speech_cues

        return load_speech_cues(
            self.directory / "speech_cues.csv", self.directory / "speaker_nouns.csv", self.directory / "spokesperson_offices.csv"
        )

    @cached_property
    def unit_lexicon(self) -> UnitLexicon:
        """extract figures: unit surfaces, named quantities, names holding a number."""
        from transforms.extract.unit_lexicon import load_unit_lexicon

        return load_unit_lexicon(self.directory / "unit_surfaces.csv", self.directory / "named_quantities.csv",
                                 self.directory / "named_numbers.csv")

    @cached_property
    def entities(self) -> EntityReference:
        """extract entities: weapons, places, nationalities, given names."""
        from transforms.extract.entities import load_entity_reference

        return load_entity_reference(self.directory)

    @cached_property
    def entity_aliases(self) -> pd.DataFrame | None:
        """aggregate entities: user overrides of canonical names."""
        return load_entity_aliases(self.directory / "entity_aliases.csv")

    @cached_property
    def object_classes(self) -> Mapping[str, str]:
        """aggregate claims: head noun -> counted-object class."""
        from transforms.aggregate.claims import load_object_classes

        return load_object_classes(self.directory / "counted_object_classes.csv")

    @cached_property
    def claim_scorer(self) -> ClaimScorer:
        """aggregate claims: the learned pair scorer (weights and threshold from benchmarks/claims_train.py)."""
        from transforms.aggregate.claim_scorer import load_claim_scorer

        return load_claim_scorer(self.directory / "claim_scorer.json")


def load_reference_catalog(directory: Path = REFERENCE_DIR) -> ReferenceCatalog:
    """The catalog of `directory` (the shipped package data by default), one per process and folder:
    `load_reference_catalog()` and `load_reference_catalog(REFERENCE_DIR)` are the same object (a cache
    keyed by the call's arguments would load the gazetteer twice)."""
    return _catalog_of(Path(directory).resolve())


@cache
def _catalog_of(directory: Path) -> ReferenceCatalog:
    return ReferenceCatalog(directory)
