"""The curated, user-maintained lists newsfacts reads (aliases, gazetteers, speech cues, unit
surfaces, boilerplate patterns): CSV files shipped inside this package, so that an installed
newsfacts finds them wherever it is installed; and the loader of the entity aliases."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

REFERENCE_DIR = Path(__file__).resolve().parent
ENTITY_ALIASES_PATH = REFERENCE_DIR / "entity_aliases.csv"


def load_entity_aliases(path: Path = ENTITY_ALIASES_PATH) -> pd.DataFrame | None:
    """User overrides `alias -> canonical_name, entity_type`, applied before automatic merging."""
    if not path.is_file():
        return None
    return pd.read_csv(path, dtype=str, comment="#").fillna("")
