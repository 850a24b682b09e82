"""The unit surfaces the figures extractor recognises, loaded from `transforms/reference/unit_surfaces.csv`,
the few named quantities it reads as figures (`transforms/reference/named_quantities.csv`: "absolute zero"),
and the names that hold a number it never reads as one (`transforms/reference/named_numbers.csv`: "Six Nations").

Every surface maps to a code of `transforms.units` and a factor (pence -> 0.01 GBP), and says
whether it is written before the number (`$`, `US$`, `£`) or after it (`km`, `per cent`, `yen`).
The loader checks every code against the unit vocabulary, so a typo in either CSV fails loudly. It is
called once per process by `transforms.reference.catalog.load_reference_catalog`; the figures extractor
takes the resulting `UnitLexicon` as an argument and never reads the files itself.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from pathlib import Path

from transforms import units
from transforms.reference import REFERENCE_DIR

DEFAULT_UNIT_SURFACES_PATH = REFERENCE_DIR / "unit_surfaces.csv"
DEFAULT_NAMED_QUANTITIES_PATH = DEFAULT_UNIT_SURFACES_PATH.with_name("named_quantities.csv")
DEFAULT_NAMED_NUMBERS_PATH = DEFAULT_UNIT_SURFACES_PATH.with_name("named_numbers.csv")


@dataclass(frozen=True)
class UnitSurface:
    surface: str
    unit: str  # a code of transforms.units
    factor: float  # value in `unit` = written value * factor
    case_sensitive: bool


@dataclass(frozen=True)
class UnitLexicon:
    suffixes: dict[str, UnitSurface]  # key: surface, lower-cased unless case-sensitive, spaces folded
    prefixes: dict[str, UnitSurface]
    suffix_pattern: re.Pattern[str]  # matches a unit surface at a position (case-insensitive)
    prefix_pattern: re.Pattern[str]  # matches a prefix unit ending at the end of the searched text
    article_pattern: re.Pattern[str]  # "a gallon", "an acre", "a penny": an article that means one unit
    rate_pattern: re.Pattern[str]  # " per hour", "/kg", " a barrel" right after a unit: group `den` is the denominator
    rate_denominators: dict[str, str]  # lower-cased denominator surface -> unit code ("hr" -> "hour")
    named_quantities: dict[str, tuple[float, str]]  # lower-cased phrase -> (value, unit code): "absolute zero" -> (0, kelvin)
    named_pattern: re.Pattern[str]  # matches any named-quantity phrase as whole words
    number_name_pattern: re.Pattern[str]  # matches a name holding a number, as written ("Six Nations", "FTSE 100")

    def lookup(self, written: str, position: str) -> UnitSurface | None:
        """The unit a written surface stands for, honouring case-sensitive entries (`m` vs `M`)."""
        table = self.suffixes if position == "suffix" else self.prefixes
        folded = fold_spaces(written)
        exact = table.get(folded)
        if exact is not None and exact.case_sensitive:
            return exact
        entry = table.get(folded.lower())
        if entry is not None and not entry.case_sensitive:
            return entry
        return None


# "a <unit>" means one unit only for whole-word units of these dimensions ("a mile", "a litre", "a dollar"),
# not for durations ("twice a day"), angles ("to a degree") or these words that are mostly something else.
ARTICLE_UNIT_DIMENSIONS = frozenset({"length", "mass", "area", "volume", "currency", "data", "energy", "power"})
ARTICLE_UNIT_EXCLUDED = frozenset({"pound", "foot", "yard", "ton", "cup", "barrel", "sterling", "bit", "won", "rand", "mark", "inch"})


# Symbols that name a denominator only after a slash or "per" ("m/s", "50 km/ms", "$5/h").
DENOMINATOR_SYMBOLS: dict[str, str] = {"ms": "millisecond", "s": "second", "h": "hour", "annum": "year"}


def _rate_denominators(suffixes: dict[str, UnitSurface]) -> dict[str, str]:
    """Every singular surface of a unit that rates are expressed per (hour, kg, barrel, ...)."""
    codes = {c for family in units.RATE_DENOMINATORS.values() for c in family} | set(units.SPEED_DENOMINATORS)
    codes |= {volume for _, volume in units.FUEL_ECONOMY}
    codes |= {c for _, _, denominators in units.COMPOUND_FAMILIES for c in denominators}
    codes |= {base for base, _ in units.POWERS}  # "/m^2", "/s2": the base of a powered denominator
    found = {key: e.unit for key, e in suffixes.items() if e.unit in codes and e.factor == 1 and not (len(key) > 3 and key.endswith("s"))}
    return {**found, **DENOMINATOR_SYMBOLS}


def fold_spaces(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip())


def _alternation(surfaces: list[str]) -> str:
    ordered = sorted(set(surfaces), key=len, reverse=True)  # longest first: "km/h" before "km"
    return "|".join(re.escape(s).replace(r"\ ", r"\s+") for s in ordered)


def load_named_quantities(path: Path = DEFAULT_NAMED_QUANTITIES_PATH) -> dict[str, tuple[float, str]]:
    """Phrases that name a value in a unit ("absolute zero" is 0 kelvin): a short curated list."""
    known = units.unit_codes()
    named: dict[str, tuple[float, str]] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["unit"] not in known:
                raise ValueError(f"{path}: unit {row['unit']!r} of phrase {row['phrase']!r} is not in transforms.units")
            named[fold_spaces(row["phrase"]).lower()] = (float(row["value"]), row["unit"])
    return named


def load_named_numbers(path: Path = DEFAULT_NAMED_NUMBERS_PATH) -> list[str]:
    """Names that hold a number ("Six Nations", "Channel 4", "Euro 2004"): a short curated list, matched
    case-sensitively so that the same words in lower case ("six nations signed") still count."""
    with open(path, encoding="utf-8", newline="") as handle:
        return [fold_spaces(row["phrase"]) for row in csv.DictReader(handle) if row["phrase"].strip()]


def load_unit_lexicon(
    path: Path = DEFAULT_UNIT_SURFACES_PATH,
    named_path: Path = DEFAULT_NAMED_QUANTITIES_PATH,
    number_names_path: Path = DEFAULT_NAMED_NUMBERS_PATH,
) -> UnitLexicon:
    """Read the unit-surface, named-quantity and named-number CSVs and compile their matchers (I/O: the
    reference catalog calls this once per process)."""
    known = units.unit_codes()
    suffixes: dict[str, UnitSurface] = {}
    prefixes: dict[str, UnitSurface] = {}
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if row["unit"] not in known:
                raise ValueError(f"{path}: unit {row['unit']!r} of surface {row['surface']!r} is not in transforms.units")
            case_sensitive = row["case_sensitive"] == "1"
            surface = fold_spaces(row["surface"])
            key = surface if case_sensitive else surface.lower()
            entry = UnitSurface(surface, row["unit"], float(row["factor"]), case_sensitive)
            (prefixes if row["position"] == "prefix" else suffixes)[key] = entry
    suffix_pattern = re.compile(rf"(?:{_alternation([e.surface for e in suffixes.values()])})(?![A-Za-z0-9²³])", re.IGNORECASE)
    prefix_pattern = re.compile(rf"(?<![A-Za-z0-9])(?:{_alternation([e.surface for e in prefixes.values()])})\s*$", re.IGNORECASE)
    table = units.unit_table()
    article_units = [
        e.surface
        for e in suffixes.values()
        if not e.case_sensitive
        and len(e.surface) >= 4
        and re.fullmatch(r"[a-z]+(?: [a-z]+)*", e.surface)
        and e.surface not in ARTICLE_UNIT_EXCLUDED
        and table[e.unit].dimension in ARTICLE_UNIT_DIMENSIONS
    ]
    article_pattern = re.compile(rf"(?<![\w-])an?(?=\s(?:{_alternation(article_units)})(?![\w-]))", re.IGNORECASE)
    denominators = _rate_denominators(suffixes)
    rate_pattern = re.compile(
        rf"(?P<per>\s*/\s*|\s+per\s+|\s+an?\s+|\s+each\s+)(?P<den>{_alternation(list(denominators))})"
        r"(?P<power>\^?[23](?![\d.,])|[²³]|\s+squared\b|\s+cubed\b)?(?![A-Za-z0-9²³^])"
        r"(?!\s+(?:ago|earlier|later|before|after|on|from|back|since|previously|prior|in\s+advance)\b)",  # "a year earlier" is a time
        re.IGNORECASE
    )
    named = load_named_quantities(named_path)
    named_pattern = re.compile(rf"(?<![\w-])(?:{_alternation(list(named)) or '(?!)'})(?![\w-])", re.IGNORECASE)
    number_names = load_named_numbers(number_names_path)
    number_name_pattern = re.compile(rf"(?<![\w-])(?:{_alternation(number_names) or '(?!)'})(?![\w-])")
    return UnitLexicon(
        suffixes, prefixes, suffix_pattern, prefix_pattern, article_pattern, rate_pattern, denominators, named, named_pattern, number_name_pattern
    )
