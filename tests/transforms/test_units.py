"""The unit vocabulary: every code has a known dimension, and compound units normalise by their parts."""

from __future__ import annotations

import pytest

from transforms import units


def test_every_dimension_has_a_normalised_unit() -> None:
    dimensions = {unit.dimension for unit in units.unit_table().values()}
    assert dimensions <= set(units.NORMALIZED_UNIT_BY_DIMENSION)


@pytest.mark.parametrize(
    ("value", "code", "normalized", "normalized_unit"),
    [
        (1.0, "gigayear", 1e9 * 365.2425, "day"),
        (66.0, "megayear", 66e6 * 365.2425, "day"),
        (2.123, "am", 2.123e-21, "km"),
        (9.83e-3, "km/s2", 9.83, "m/s2"),
        (32.0, "foot/s2", 9.7536, "m/s2"),
        (1000.0, "pb-1", 1.0, "fb-1"),
        (60.0, "MW/hour", 1440.0, "MW/day"),
        (1000.0, "W/m2", 1000.0, "MW/km2"),
        (3.6e6, "J/m2", 1e6, "kWh/km2"),
        (365.2425 * 3.6e6, "J/m2/year", 1e6, "kWh/km2/day"),
        (6.6, "J*s", 6.6, "J*s"),
    ],
)
def test_new_units_normalise_within_their_dimension(value: float, code: str, normalized: float, normalized_unit: str) -> None:
    result, unit = units.normalize_value(value, code)
    assert result == pytest.approx(normalized, rel=1e-9)
    assert unit == normalized_unit


def test_compound_families_only_use_codes_of_the_vocabulary() -> None:
    table = units.unit_table()
    for family, numerators, denominators in units.COMPOUND_FAMILIES:
        for numerator in numerators:
            for denominator in denominators:
                assert table[units.rate_code(numerator, denominator)].dimension == family
    assert all(code == "s2" or code in table for code in units.POWERS.values())
    assert "s2" not in table  # a squared second is only a denominator


def test_rate_codes_for_accelerations_and_speeds() -> None:
    assert units.rate_code("km", "s2") == "km/s2"
    assert units.rate_code("km", "second") == "km/s"
    assert units.rate_code("W", "minute") == "W/minute"


def test_normalisation_converts_within_a_dimension() -> None:
    assert units.normalize_value(186, "mile")[0] == pytest.approx(299.34, abs=0.01)
    assert units.normalize_value(212, "fahrenheit") == (pytest.approx(100.0), "celsius")
    assert units.normalize_value(5, "USD") == (5, "USD")  # currencies are never converted


def test_rates_normalise_numerator_and_denominator() -> None:
    assert units.normalize_value(15.0, "USD/hour") == (pytest.approx(360.0), "USD/day")
    assert units.normalize_value(1.0, "m/ms") == (pytest.approx(3600.0), "km/h")
    assert units.unit_table()["count/week"].dimension == "count_per_duration"
