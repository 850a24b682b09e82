"""The unit vocabulary: every `unit` and `normalized_unit` value a figure may carry.

One row per unit code: its dimension and the factor that converts it to the dimension's
normalised unit (km for lengths, kg for masses, ...). Currencies are ISO 4217 codes and are
never converted into each other; counts and percentages are their own normalised unit.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache


@dataclass(frozen=True)
class Unit:
    code: str
    dimension: str
    normalized_unit: str
    factor: float  # normalized_value = value * factor (plus offset for temperatures)
    offset: float = 0.0


NORMALIZED_UNIT_BY_DIMENSION: dict[str, str] = {
    "count": "count",
    "percent": "percent",
    "percentage_point": "percentage_point",
    "currency": "(ISO 4217 code, unconverted)",
    "length": "km",
    "mass": "kg",
    "duration": "day",
    "area": "km2",
    "volume": "litre",
    "speed": "km/h",
    "temperature": "celsius",
    "energy": "kWh",
    "power": "MW",
    "data": "GB",
}

_PHYSICAL_UNITS: tuple[Unit, ...] = (
    Unit("count", "count", "count", 1.0),
    Unit("percent", "percent", "percent", 1.0),
    Unit("percentage_point", "percentage_point", "percentage_point", 1.0),
    Unit("basis_point", "percentage_point", "percentage_point", 0.01),
    # length -> km
    Unit("mm", "length", "km", 1e-6),
    Unit("cm", "length", "km", 1e-5),
    Unit("dm", "length", "km", 1e-4),
    Unit("m", "length", "km", 1e-3),
    Unit("km", "length", "km", 1.0),
    Unit("inch", "length", "km", 2.54e-5),
    Unit("foot", "length", "km", 3.048e-4),
    Unit("yard", "length", "km", 9.144e-4),
    Unit("mile", "length", "km", 1.609344),
    Unit("nautical_mile", "length", "km", 1.852),
    # mass -> kg
    Unit("mg", "mass", "kg", 1e-6),
    Unit("g", "mass", "kg", 1e-3),
    Unit("kg", "mass", "kg", 1.0),
    Unit("tonne", "mass", "kg", 1000.0),
    Unit("short_ton", "mass", "kg", 907.18474),
    Unit("lb", "mass", "kg", 0.45359237),
    Unit("oz", "mass", "kg", 0.028349523125),
    # duration -> day
    Unit("second", "duration", "day", 1 / 86400),
    Unit("minute", "duration", "day", 1 / 1440),
    Unit("hour", "duration", "day", 1 / 24),
    Unit("day", "duration", "day", 1.0),
    Unit("week", "duration", "day", 7.0),
    Unit("month", "duration", "day", 30.436875),
    Unit("year", "duration", "day", 365.2425),
    Unit("decade", "duration", "day", 3652.425),
    Unit("century", "duration", "day", 36524.25),
    # area -> km2
    Unit("m2", "area", "km2", 1e-6),
    Unit("hectare", "area", "km2", 0.01),
    Unit("km2", "area", "km2", 1.0),
    Unit("acre", "area", "km2", 0.0040468564224),
    Unit("square_mile", "area", "km2", 2.589988110336),
    Unit("square_foot", "area", "km2", 9.290304e-8),
    # volume -> litre
    Unit("ml", "volume", "litre", 1e-3),
    Unit("cl", "volume", "litre", 1e-2),
    Unit("litre", "volume", "litre", 1.0),
    Unit("m3", "volume", "litre", 1000.0),
    Unit("gallon", "volume", "litre", 3.785411784),
    Unit("cup", "volume", "litre", 0.2365882365),
    Unit("tablespoon", "volume", "litre", 0.01478676478125),
    Unit("teaspoon", "volume", "litre", 0.00492892159375),
    Unit("barrel", "volume", "litre", 158.987294928),
    Unit("cubic_foot", "volume", "litre", 28.316846592),
    # speed -> km/h
    Unit("km/h", "speed", "km/h", 1.0),
    Unit("mph", "speed", "km/h", 1.609344),
    Unit("m/s", "speed", "km/h", 3.6),
    Unit("knot", "speed", "km/h", 1.852),
    Unit("mach", "speed", "km/h", 1234.8),
    # temperature -> celsius (value * factor + offset)
    Unit("celsius", "temperature", "celsius", 1.0),
    Unit("fahrenheit", "temperature", "celsius", 5 / 9, -160 / 9),
    Unit("kelvin", "temperature", "celsius", 1.0, -273.15),
    # energy -> kWh, power -> MW
    Unit("Wh", "energy", "kWh", 1e-3),
    Unit("kWh", "energy", "kWh", 1.0),
    Unit("MWh", "energy", "kWh", 1e3),
    Unit("GWh", "energy", "kWh", 1e6),
    Unit("TWh", "energy", "kWh", 1e9),
    Unit("W", "power", "MW", 1e-6),
    Unit("kW", "power", "MW", 1e-3),
    Unit("MW", "power", "MW", 1.0),
    Unit("GW", "power", "MW", 1e3),
    Unit("horsepower", "power", "MW", 7.457e-4),
    # data -> GB
    Unit("byte", "data", "GB", 1e-9),
    Unit("KB", "data", "GB", 1e-6),
    Unit("MB", "data", "GB", 1e-3),
    Unit("GB", "data", "GB", 1.0),
    Unit("TB", "data", "GB", 1e3),
)


# Withdrawn ISO 4217 codes still met in archive news (francs, marks, pesetas before the euro).
HISTORIC_CURRENCY_CODES: frozenset[str] = frozenset({"FRF", "DEM", "ESP", "NLG", "FIM", "ITL", "BEF", "ATS", "IEP", "PTE", "GRD"})


@cache
def currency_codes() -> frozenset[str]:
    """Active ISO 4217 codes (from pycountry) plus a few withdrawn ones: the only currency units a figure may carry."""
    import pycountry

    return frozenset(currency.alpha_3 for currency in pycountry.currencies) | HISTORIC_CURRENCY_CODES


@cache
def unit_table() -> dict[str, Unit]:
    """Every unit code, currencies included, keyed by code."""
    units = {unit.code: unit for unit in _PHYSICAL_UNITS}
    for code in sorted(currency_codes()):
        units[code] = Unit(code, "currency", code, 1.0)
    return units


def unit_codes() -> frozenset[str]:
    return frozenset(unit_table())


def dimension_names() -> tuple[str, ...]:
    return tuple(NORMALIZED_UNIT_BY_DIMENSION)


def normalize_value(value: float | None, unit_code: str) -> tuple[float | None, str]:
    """Convert a value to its dimension's normalised unit; currencies keep their own code."""
    unit = unit_table()[unit_code]
    if value is None:
        return None, unit.normalized_unit
    return value * unit.factor + unit.offset, unit.normalized_unit
