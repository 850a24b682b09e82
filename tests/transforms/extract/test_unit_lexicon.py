"""The unit lexicon: every surface maps to a code of the unit vocabulary, and a typo in a curated list fails loudly."""

from __future__ import annotations

import pytest

from transforms import units
from transforms.extract.unit_lexicon import (
    DEFAULT_UNIT_SURFACES_PATH,
    load_named_quantities,
    load_unit_lexicon,
)


def test_unit_lexicon_codes_are_all_in_the_vocabulary() -> None:
    lexicon = load_unit_lexicon()
    assert {entry.unit for entry in [*lexicon.suffixes.values(), *lexicon.prefixes.values()]} <= units.unit_codes()
    assert lexicon.lookup("m", "suffix").unit == "m"
    assert lexicon.lookup("M", "suffix") is None  # capital M is a scale (million), not metres


def test_unit_lexicon_rejects_unknown_codes(tmp_path) -> None:
    bad = tmp_path / "units.csv"
    bad.write_text("surface,unit,factor,position,case_sensitive,note\nparsec,parsec,1,suffix,0,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="parsec"):
        load_unit_lexicon(bad)


def test_named_quantities_reject_unknown_units(tmp_path) -> None:

    bad = tmp_path / "named.csv"
    bad.write_text("phrase,value,unit,note\nspeed of sound,343,m/sec,\n", encoding="utf-8")
    with pytest.raises(ValueError, match="m/sec"):
        load_named_quantities(bad)
    with pytest.raises(ValueError, match="m/sec"):
        load_unit_lexicon(DEFAULT_UNIT_SURFACES_PATH, bad)
