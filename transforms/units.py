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
    "data_rate": "Mbit/s",
    "frequency": "Hz",
    "pressure": "kPa",
    "angle": "degree",
    "equivalent_dose": "Sv",
    "absorbed_dose": "Gy",
    "acceleration": "m/s2",
    "action": "J*s",  # energy times duration (the joule-second of Planck's constant)
    "integrated_luminosity": "fb-1",  # a particle collider's count of collisions per area, in inverse femtobarns
    "luminous_intensity": "cd",
    "luminous_intensity_duration": "cd*s",  # candela-seconds
    # rates ("$15 an hour", "$80 a barrel", "1.2m barrels per day", "four times a week"): numerator/denominator
    "currency_per_duration": "(ISO 4217 code)/day",
    "currency_per_mass": "(ISO 4217 code)/kg",
    "currency_per_volume": "(ISO 4217 code)/litre",
    "currency_per_energy": "(ISO 4217 code)/kWh",
    "count_per_duration": "count/day",
    "mass_per_duration": "kg/day",
    "volume_per_duration": "litre/day",
    "energy_per_duration": "kWh/day",
    "length_per_volume": "km/litre",
    "power_per_duration": "MW/day",  # ramp rates ("50 MW/min")
    "power_per_area": "MW/km2",  # irradiance ("1,000 W/m2")
    "energy_per_area": "kWh/km2",  # radiant exposure ("20 J/m2")
    "energy_per_area_per_duration": "kWh/km2/day",  # exposure per period ("20 J/m^2 per year")
}

_PHYSICAL_UNITS: tuple[Unit, ...] = (
    Unit("count", "count", "count", 1.0),
    Unit("percent", "percent", "percent", 1.0),
    Unit("percentage_point", "percentage_point", "percentage_point", 1.0),
    Unit("basis_point", "percentage_point", "percentage_point", 0.01),
    # length -> km
    Unit("am", "length", "km", 1e-21),
    Unit("fm", "length", "km", 1e-18),
    Unit("pm", "length", "km", 1e-15),
    Unit("nm", "length", "km", 1e-12),
    Unit("um", "length", "km", 1e-9),
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
    Unit("millisecond", "duration", "day", 1 / 86_400_000),
    Unit("second", "duration", "day", 1 / 86400),
    Unit("minute", "duration", "day", 1 / 1440),
    Unit("hour", "duration", "day", 1 / 24),
    Unit("day", "duration", "day", 1.0),
    Unit("week", "duration", "day", 7.0),
    Unit("month", "duration", "day", 30.436875),
    Unit("year", "duration", "day", 365.2425),
    Unit("decade", "duration", "day", 3652.425),
    Unit("century", "duration", "day", 36524.25),
    Unit("megayear", "duration", "day", 365.2425e6),  # geological "Ma", megaannum
    Unit("gigayear", "duration", "day", 365.2425e9),  # geological "Ga", gigaannum
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
    Unit("km3", "volume", "litre", 1e12),
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
    Unit("J", "energy", "kWh", 1 / 3.6e6),
    Unit("kJ", "energy", "kWh", 1 / 3.6e3),
    Unit("MJ", "energy", "kWh", 1 / 3.6),
    Unit("GJ", "energy", "kWh", 1e3 / 3.6),
    Unit("TJ", "energy", "kWh", 1e6 / 3.6),
    Unit("cal", "energy", "kWh", 4.184 / 3.6e6),
    Unit("kcal", "energy", "kWh", 4.184e3 / 3.6e6),
    Unit("eV", "energy", "kWh", 1.602176634e-19 / 3.6e6),
    Unit("keV", "energy", "kWh", 1.602176634e-16 / 3.6e6),
    Unit("MeV", "energy", "kWh", 1.602176634e-13 / 3.6e6),
    Unit("GeV", "energy", "kWh", 1.602176634e-10 / 3.6e6),
    Unit("TeV", "energy", "kWh", 1.602176634e-7 / 3.6e6),
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
    Unit("PB", "data", "GB", 1e6),
    Unit("EB", "data", "GB", 1e9),
    Unit("bit", "data", "GB", 1.25e-10),
    Unit("kbit", "data", "GB", 1.25e-7),
    Unit("Mbit", "data", "GB", 1.25e-4),
    Unit("Gbit", "data", "GB", 0.125),
    Unit("KiB", "data", "GB", 1.024e-6),
    Unit("MiB", "data", "GB", 1.048576e-3),
    Unit("GiB", "data", "GB", 1.073741824),
    Unit("TiB", "data", "GB", 1099.511627776),
    # data rate -> Mbit/s
    Unit("kbit/s", "data_rate", "Mbit/s", 1e-3),
    Unit("Mbit/s", "data_rate", "Mbit/s", 1.0),
    Unit("Gbit/s", "data_rate", "Mbit/s", 1e3),
    # frequency -> Hz (s-1 is a hertz)
    Unit("Hz", "frequency", "Hz", 1.0),
    Unit("kHz", "frequency", "Hz", 1e3),
    Unit("MHz", "frequency", "Hz", 1e6),
    Unit("GHz", "frequency", "Hz", 1e9),
    Unit("THz", "frequency", "Hz", 1e12),
    # pressure -> kPa
    Unit("Pa", "pressure", "kPa", 1e-3),
    Unit("hPa", "pressure", "kPa", 0.1),
    Unit("kPa", "pressure", "kPa", 1.0),
    Unit("MPa", "pressure", "kPa", 1e3),
    Unit("bar", "pressure", "kPa", 100.0),
    Unit("mbar", "pressure", "kPa", 0.1),
    Unit("psi", "pressure", "kPa", 6.894757293168),
    Unit("atm", "pressure", "kPa", 101.325),
    # angle -> degree
    Unit("degree", "angle", "degree", 1.0),
    Unit("radian", "angle", "degree", 57.29577951308232),
    # radiation doses: sieverts (effect on the body) and grays (energy absorbed) are kept apart
    Unit("uSv", "equivalent_dose", "Sv", 1e-6),
    Unit("mSv", "equivalent_dose", "Sv", 1e-3),
    Unit("Sv", "equivalent_dose", "Sv", 1.0),
    Unit("mGy", "absorbed_dose", "Gy", 1e-3),
    Unit("Gy", "absorbed_dose", "Gy", 1.0),
    # products of a unit and the second
    Unit("J*s", "action", "J*s", 1.0),
    Unit("cd", "luminous_intensity", "cd", 1.0),
    Unit("cd*s", "luminous_intensity_duration", "cd*s", 1.0),
    # inverse barns: 1 fb-1 = 1000 pb-1
    Unit("pb-1", "integrated_luminosity", "fb-1", 1e-3),
    Unit("fb-1", "integrated_luminosity", "fb-1", 1.0),
    Unit("ab-1", "integrated_luminosity", "fb-1", 1e3),
)


# Rates: which denominators each numerator dimension takes, and the dimension the rate belongs to.
# A length per duration is a speed (`m/ms`), so it joins the speed dimension in km/h.
RATE_DENOMINATORS: dict[str, tuple[str, ...]] = {
    "duration": ("hour", "day", "week", "month", "year"),
    "mass": ("g", "kg", "tonne", "lb", "oz"),
    "volume": ("litre", "gallon", "barrel"),
    "energy": ("kWh", "MWh"),
}
RATE_FAMILIES: dict[tuple[str, str], str] = {
    ("currency", "duration"): "currency_per_duration",
    ("currency", "mass"): "currency_per_mass",
    ("currency", "volume"): "currency_per_volume",
    ("currency", "energy"): "currency_per_energy",
    ("count", "duration"): "count_per_duration",
    ("mass", "duration"): "mass_per_duration",
    ("volume", "duration"): "volume_per_duration",
    ("energy", "duration"): "energy_per_duration",
}
RATE_NUMERATORS: dict[str, tuple[str, ...]] = {
    "count": ("count",),
    "mass": ("kg", "tonne"),
    "volume": ("litre", "m3", "barrel", "gallon"),
    "energy": ("kWh", "MWh", "GWh", "TWh"),
}
# Compound units beyond the families above: (dimension, numerator codes, denominator codes). A numerator may
# itself be a compound ("J/m2" per "year" is "J/m2/year"), so families are listed after the ones they build on.
COMPOUND_FAMILIES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("power_per_duration", ("W", "kW", "MW", "GW"), ("second", "minute", "hour")),
    ("power_per_area", ("W", "kW", "MW"), ("m2", "km2")),
    ("energy_per_area", ("J", "kJ", "MJ", "Wh", "kWh"), ("m2", "km2")),
    ("energy_per_area_per_duration", ("J/m2", "kJ/m2", "MJ/m2", "Wh/m2", "kWh/m2"), ("second", "day", "year")),
)
# A unit raised to a power where it is written as a denominator ("/m^2", "/s2", "per second squared").
POWERS: dict[tuple[str, int], str] = {
    ("m", 2): "m2", ("km", 2): "km2", ("foot", 2): "square_foot", ("mile", 2): "square_mile",
    ("m", 3): "m3", ("km", 3): "km3", ("foot", 3): "cubic_foot", ("second", 2): "s2",
}
SPEED_ALIASES: dict[tuple[str, str], str] = {("km", "hour"): "km/h", ("mile", "hour"): "mph", ("m", "second"): "m/s"}
FUEL_ECONOMY: tuple[tuple[str, str], ...] = (("km", "litre"), ("mile", "gallon"))
SPEED_NUMERATORS = ("mm", "cm", "m", "km", "foot", "mile")
DURATION_SYMBOLS: dict[str, str] = {"millisecond": "ms", "second": "s", "minute": "min", "hour": "h"}
SPEED_DENOMINATORS = ("millisecond", "second", "minute", "hour")

# Withdrawn ISO 4217 codes still met in archive news (francs, marks, pesetas before the euro).
HISTORIC_CURRENCY_CODES: frozenset[str] = frozenset({"FRF", "DEM", "ESP", "NLG", "FIM", "ITL", "BEF", "ATS", "IEP", "PTE", "GRD"})
# Codes outside ISO 4217 that news reports amounts in: bitcoin (BTC, as exchanges write it).
NON_ISO_CURRENCY_CODES: frozenset[str] = frozenset({"BTC"})


@cache
def currency_codes() -> frozenset[str]:
    """Active ISO 4217 codes (from pycountry), a few withdrawn ones and bitcoin: the only currency units a figure may carry."""
    import pycountry

    return frozenset(currency.alpha_3 for currency in pycountry.currencies) | HISTORIC_CURRENCY_CODES | NON_ISO_CURRENCY_CODES


def rate_code(numerator: str, denominator: str) -> str:
    """The unit code of `numerator` per `denominator` ("USD/hour"), whether or not the vocabulary holds it."""
    if (numerator, denominator) in SPEED_ALIASES:
        return SPEED_ALIASES[(numerator, denominator)]
    if numerator in SPEED_NUMERATORS and denominator == "s2":
        return f"{numerator}/s2"  # accelerations: "km/s2"
    if numerator in SPEED_NUMERATORS and denominator in DURATION_SYMBOLS:
        return f"{numerator}/{DURATION_SYMBOLS[denominator]}"  # speeds read like "m/ms", "km/s"
    return f"{numerator}/{denominator}"


def _rate_units(base: dict[str, Unit]) -> list[Unit]:
    """Rates built from the base units: every family's numerators over its denominators, speeds and fuel economy."""
    rates: list[Unit] = []
    numerators_by_dimension: dict[str, list[str]] = {"currency": sorted(currency_codes()), **{d: list(c) for d, c in RATE_NUMERATORS.items()}}
    for (numerator_dimension, denominator_dimension), family in RATE_FAMILIES.items():
        for numerator in numerators_by_dimension[numerator_dimension]:
            top = base[numerator]
            for denominator in RATE_DENOMINATORS[denominator_dimension]:
                bottom = base[denominator]
                normalized = f"{top.normalized_unit}/{bottom.normalized_unit}"
                rates.append(Unit(rate_code(numerator, denominator), family, normalized, top.factor / bottom.factor))
    for length in SPEED_NUMERATORS:
        for duration in SPEED_DENOMINATORS:
            code = rate_code(length, duration)
            if code not in base:
                rates.append(Unit(code, "speed", "km/h", base[length].factor / (base[duration].factor * 24)))
    for length in SPEED_NUMERATORS:
        rates.append(Unit(rate_code(length, "s2"), "acceleration", "m/s2", base[length].factor * 1000))
    for length, volume in FUEL_ECONOMY:
        rates.append(Unit(rate_code(length, volume), "length_per_volume", "km/litre", base[length].factor / base[volume].factor))
    known = {**base, **{rate.code: rate for rate in rates}}
    for family, numerators, denominators in COMPOUND_FAMILIES:
        for numerator in numerators:
            top = known[numerator]
            for denominator in denominators:
                bottom = known[denominator]
                unit = Unit(rate_code(numerator, denominator), family, f"{top.normalized_unit}/{bottom.normalized_unit}", top.factor / bottom.factor)
                known[unit.code] = unit
                rates.append(unit)
    return rates


@cache
def unit_table() -> dict[str, Unit]:
    """Every unit code, currencies and rates included, keyed by code."""
    units = {unit.code: unit for unit in _PHYSICAL_UNITS}
    for code in sorted(currency_codes()):
        units[code] = Unit(code, "currency", code, 1.0)
    for rate in _rate_units(units):
        units.setdefault(rate.code, rate)
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
