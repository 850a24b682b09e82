"""Accuracy and cost of the figures extractor on Recognizers-Text's English specs and quantulum3's tests.

Run: `.venv/bin/python benchmarks/figures.py [--show-misses FILE] [--via-cli]`. Reads `../shared/eval/` beside the repo.

`--via-cli` measures through the product: each Recognizers-Text case of the five specs becomes its own `.txt`
file, `newsfacts run <folder> --warehouse <tmp>` runs on them as a user would, and the published `figures`
table (joined to `articles` on `article_id`, back to the case through `source_uri`) is scored with the same
scorer, beside the in-process numbers. A case whose file the run rejects as a duplicate is scored against
the article that holds its text; offsets in `body_text` are mapped back to the case text (normalisation
strips and folds spaces).

Matching (one-to-one, greedy by overlap): a prediction matches a gold figure when their character spans
overlap. For each matched gold we check
- surface: our surface equals the gold text (case and spacing folded), or does once our qualifier
  phrase ("about", "more than", "or more") is removed — the currency/dimension specs leave qualifiers out;
- value: equal to 1e-6 relative; a gold range `[a,b)` needs our low and high ends; a one-sided gold range
  `(30,)` / `(,700]` needs our value at that bound; quantulum3's averaged ranges (value ± uncertainty)
  are turned back into their ends;
- value+unit: value right and the unit is the gold unit mapped to our codes (GOLD_UNIT_CODES below).
  Gold hundredths (Cent, Pence, penny, cent) are compared in the main unit (0.01 USD/GBP), as we store them.
  The number specs (NumberModel, NumberRange) carry no unit: there the unit is right when ours is `count`,
  or when the unit we attached lies outside the gold text (the number model annotates `20` inside `$20`).
Precision: matched predictions / (matched + unmatched predictions in the file's scope). Each spec only
annotates its own kind, so an unmatched prediction counts against a file only when it is of that kind
(SCOPE below): currency figures in Currency, physical measures in Dimension, percentages in Percent,
ranges and bounded figures in NumberRange, unitless numbers in NumberModel; every prediction in quantulum3.
Every gold item stays in the main denominators, whatever its unit. The last column recomputes recall
without the gold items that issue 4 defines as not figures ("dates and years, times of day, ordinals, ...,
phone numbers, numbers inside names"), picked by rules in the loaders, never by listing strings:
- quantulum3: a unitless four-digit year 1500-2099 ("2005", the "1960" of "1960s"), and a unitless bare
  integer inside a name: written right after a capitalised word that does not start the sentence or after a
  letters-and-digits code ("Voyager 2", "English 101", "i7 860", "South 32 Ltd"), or glued to such a code;
- NumberModel: years and strings with date, phone or IP-address punctuation; NumberRange: ordinal ranges.
Units we have no code for are not excluded: a gold unit missing from GOLD_UNIT_CODES counts as a miss.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

import duckdb  # noqa: E402
import pandas as pd  # noqa: E402

from transforms import units  # noqa: E402
from transforms.aggregate.claims import build_claims  # noqa: E402
from transforms.extract.entities import extract_entity_mentions  # noqa: E402
from transforms.extract.figures import QUALIFIER_PREFIXES, QUALIFIER_SUFFIXES, extract_figures  # noqa: E402
from transforms.nlp import load_pipeline  # noqa: E402
from transforms.reference.catalog import load_reference_catalog  # noqa: E402

SHARED = REPO.parent / "shared"
RECOGNIZERS = SHARED / "eval" / "recognizers-text" / "Specs"
QUANTULUM = SHARED / "eval" / "quantulum3" / "quantities.json"
SPEC_FILES = {
    "Currency": RECOGNIZERS / "NumberWithUnit" / "English" / "CurrencyModel.json",
    "Dimension": RECOGNIZERS / "NumberWithUnit" / "English" / "DimensionModel.json",
    "Percent": RECOGNIZERS / "Number" / "English" / "PercentModel.json",
    "NumberRange": RECOGNIZERS / "Number" / "English" / "NumberRangeModel.json",
    "NumberModel": RECOGNIZERS / "Number" / "English" / "NumberModel.json",
}

# Gold unit name (Recognizers `Resolution.unit`/`isoCurrency`, quantulum3 `unit`) -> (our codes, factor to our value).
GOLD_UNIT_CODES: dict[str, tuple[frozenset[str], float]] = {
    # currencies: Recognizers' bare "Dollar"/"Pound" are the US dollar / pound sterling in its newswire
    "Dollar": (frozenset({"USD"}), 1.0), "dollar": (frozenset({"USD"}), 1.0),
    "Cent": (frozenset({"USD"}), 0.01), "cent": (frozenset({"USD"}), 0.01), "dime": (frozenset({"USD"}), 0.1),
    "Pound": (frozenset({"GBP", "lb"}), 1.0), "pound sterling": (frozenset({"GBP"}), 1.0),
    "Pence": (frozenset({"GBP"}), 0.01), "Penny": (frozenset({"GBP"}), 0.01), "penny": (frozenset({"GBP"}), 0.01),
    "Euro": (frozenset({"EUR"}), 1.0), "euro": (frozenset({"EUR"}), 1.0),
    "Franc": (frozenset({"FRF"}), 1.0), "Peseta": (frozenset({"ESP"}), 1.0), "Netherlands guilder": (frozenset({"NLG"}), 1.0),
    "Finnish markka": (frozenset({"FIM"}), 1.0), "Rupee": (frozenset({"INR"}), 1.0),
    # physical units (Recognizers' "Ton" is used for both tonnes and short tons)
    "Pound_mass": (frozenset({"lb"}), 1.0), "pound-mass": (frozenset({"lb"}), 1.0),
    "Milliliter": (frozenset({"ml"}), 1.0), "Inch": (frozenset({"inch"}), 1.0), "inch": (frozenset({"inch"}), 1.0),
    "Mile": (frozenset({"mile"}), 1.0), "mile": (frozenset({"mile"}), 1.0), "Barrel": (frozenset({"barrel"}), 1.0),
    "Foot": (frozenset({"foot"}), 1.0), "Ounce": (frozenset({"oz"}), 1.0), "Acre": (frozenset({"acre"}), 1.0),
    "Gallon": (frozenset({"gallon"}), 1.0), "gallon": (frozenset({"gallon"}), 1.0), "Cubic foot": (frozenset({"cubic_foot"}), 1.0),
    "Square meter": (frozenset({"m2"}), 1.0), "Ton": (frozenset({"tonne", "short_ton"}), 1.0), "Metric ton": (frozenset({"tonne"}), 1.0),
    "tonne": (frozenset({"tonne"}), 1.0), "Mile per hour": (frozenset({"mph"}), 1.0), "Meter": (frozenset({"m"}), 1.0),
    "metre": (frozenset({"m"}), 1.0), "Kilometer": (frozenset({"km"}), 1.0), "kilometre": (frozenset({"km"}), 1.0),
    "Millimeter": (frozenset({"mm"}), 1.0), "Square kilometer": (frozenset({"km2"}), 1.0), "square kilometre": (frozenset({"km2"}), 1.0),
    "square mile": (frozenset({"square_mile"}), 1.0), "Megabyte": (frozenset({"MB"}), 1.0), "megabyte": (frozenset({"MB"}), 1.0),
    "Kilometer per hour": (frozenset({"km/h"}), 1.0), "kilometre per hour": (frozenset({"km/h"}), 1.0),
    "Kilogram": (frozenset({"kg"}), 1.0), "kilogram": (frozenset({"kg"}), 1.0), "Microgram": (frozenset({"mg"}), 1e-3),
    "milligram": (frozenset({"mg"}), 1.0), "cubic centimetre": (frozenset({"ml"}), 1.0), "centilitre": (frozenset({"cl"}), 1.0),
    "litre": (frozenset({"litre"}), 1.0), "byte": (frozenset({"byte"}), 1.0),
    "Tablespoon": (frozenset({"tablespoon"}), 1.0), "tablespoon": (frozenset({"tablespoon"}), 1.0), "Teaspoon": (frozenset({"teaspoon"}), 1.0),
    "Cup": (frozenset({"cup"}), 1.0), "cup": (frozenset({"cup"}), 1.0), "Decimeter": (frozenset({"dm"}), 1.0),
    "degree Celsius": (frozenset({"celsius"}), 1.0), "degree fahrenheit": (frozenset({"fahrenheit"}), 1.0), "kelvin": (frozenset({"kelvin"}), 1.0),
    "week": (frozenset({"week"}), 1.0), "day": (frozenset({"day"}), 1.0), "month": (frozenset({"month"}), 1.0),
    "year": (frozenset({"year"}), 1.0), "hour": (frozenset({"hour"}), 1.0),
    "megawatt hour": (frozenset({"MWh"}), 1.0), "watt hour": (frozenset({"Wh"}), 1.0),
    "percentage": (frozenset({"percent"}), 1.0), "percent": (frozenset({"percent"}), 1.0),
    "nanometre": (frozenset({"nm"}), 1.0), "picometre": (frozenset({"pm"}), 1.0), "Picometer": (frozenset({"pm"}), 1.0),
    "cubic kilometre": (frozenset({"km3"}), 1.0), "electronvolt": (frozenset({"eV"}), 1.0), "teraelectronvolt": (frozenset({"TeV"}), 1.0),
    "inverse second": (frozenset({"Hz"}), 1.0), "gigahertz": (frozenset({"GHz"}), 1.0), "milligray": (frozenset({"mGy"}), 1.0),
    "exabyte": (frozenset({"EB"}), 1.0), "bit": (frozenset({"bit"}), 1.0), "Bit": (frozenset({"bit"}), 1.0),
    "kibibyte": (frozenset({"KiB"}), 1.0), "Megabit": (frozenset({"Mbit"}), 1.0),
    "Degree": (frozenset({"degree"}), 1.0), "Radian": (frozenset({"radian"}), 1.0),
    "Bitcoin": (frozenset({"BTC"}), 1.0), "Satoshi": (frozenset({"BTC"}), 1e-8),
    "count per week": (frozenset({"count/week"}), 1.0), "dollar per hour": (frozenset({"USD/hour"}), 1.0),
    "dollar per kilogram": (frozenset({"USD/kg"}), 1.0), "ton per day": (frozenset({"tonne/day"}), 1.0),
    "Meter per millisecond": (frozenset({"m/ms"}), 1.0), "Centimeter per millisecond": (frozenset({"cm/ms"}), 1.0),
    "Kilometer per millisecond": (frozenset({"km/ms"}), 1.0),
    "dimensionless": (frozenset({"count"}), 1.0), "count": (frozenset({"count"}), 1.0), "dozen": (frozenset({"count"}), 12.0),
    "gross": (frozenset({"count"}), 144.0), "baker's dozen": (frozenset({"count"}), 13.0),
    "megayear": (frozenset({"megayear"}), 1.0), "gigayear": (frozenset({"gigayear"}), 1.0), "attometre": (frozenset({"am"}), 1.0),
    "inverse femtobarn": (frozenset({"fb-1"}), 1.0), "joule second": (frozenset({"J*s"}), 1.0), "candela second": (frozenset({"cd*s"}), 1.0),
    "kilometre per square second": (frozenset({"km/s2"}), 1.0), "watt per minute": (frozenset({"W/minute"}), 1.0),
    "joule per square metre per year": (frozenset({"J/m2/year"}), 1.0),
}
ISO_NAMES = {"United States dollar": "USD", "British pound": "GBP"}
PHYSICAL_DIMENSIONS = ("length", "mass", "area", "volume", "speed", "data", "energy", "power", "data_rate", "frequency", "pressure",
                       "angle", "equivalent_dose", "absorbed_dose")
SCOPE = {
    "Currency": lambda f: units.unit_table()[f["unit"]].dimension == "currency",
    "Dimension": lambda f: units.unit_table()[f["unit"]].dimension in PHYSICAL_DIMENSIONS,
    "Percent": lambda f: units.unit_table()[f["unit"]].dimension in ("percent", "percentage_point"),
    "NumberRange": lambda f: f["value_low"] != f["value_high"] or f["qualifier"] in ("more_than", "at_least", "less_than", "up_to"),
    "NumberModel": lambda f: f["unit"] == "count",
    "quantulum3": lambda f: True,
}


@dataclass
class Gold:
    text: str
    start: int
    end: int
    low: float
    high: float
    bound: str  # "both", "low" (x > low), "high" (x < high), "point"
    units: frozenset[str] | None  # our acceptable codes; None: no unit in the gold (number specs)
    is_figure: bool = True  # False for gold the issue defines as not a figure (years, dates, numbers inside names)


@dataclass
class Case:
    text: str
    gold: list[Gold]


@dataclass
class Score:
    gold: int = 0
    gold_figures: int = 0
    surface: int = 0
    value: int = 0
    value_unit: int = 0
    value_unit_figures: int = 0
    predicted_matched: int = 0
    predicted_unmatched_in_scope: int = 0
    misses: list[str] = field(default_factory=list)

    def add(self, other: Score) -> None:
        for name in ("gold", "gold_figures", "surface", "value", "value_unit", "value_unit_figures", "predicted_matched", "predicted_unmatched_in_scope"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def _number(text: str) -> float:
    return float(text.rstrip("%"))


YEAR_OR_CODE = re.compile(r"^(1[5-9]\d\d|20\d\d)$")
ORDINAL_RE = re.compile(
    r"\b(?:\d+(?:st|nd|rd|th)|first|second|third|(?:four|fif|six|seven|eigh|nin|ten|eleven|twelf|\w+teen|\w+tie|hundred|thousand)th)\b",
    re.IGNORECASE,
)


def load_recognizers(name: str, path: Path) -> list[Case]:
    cases = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        text = item["Input"]
        golds = []
        for result in item.get("Results", []):
            resolution = result.get("Resolution") or {}
            value = resolution.get("value")
            if value in (None, "null"):
                continue  # a unit named without a number ("the dollar") is not a figure
            start, end = result["Start"], result["End"] + 1
            gold_text = result["Text"]
            if name == "NumberRange":
                low_text, high_text = value.strip("[]()").split(",")
                if low_text and high_text:
                    gold = Gold(gold_text, start, end, float(low_text), float(high_text), "both" if low_text != high_text else "point", None)
                elif low_text:
                    gold = Gold(gold_text, start, end, float(low_text), float(low_text), "low", None)
                else:
                    gold = Gold(gold_text, start, end, float(high_text), float(high_text), "high", None)
                gold.is_figure = not ORDINAL_RE.search(gold_text)  # ordinals are not figures
            elif name in ("Percent",):
                gold = Gold(gold_text, start, end, _number(value), _number(value), "point", frozenset({"percent"}))
            elif name == "NumberModel":
                gold = Gold(gold_text, start, end, float(value), float(value), "point", None)
                gold.is_figure = not (YEAR_OR_CODE.match(gold_text) or re.search(r"\d[/:+-]\d|\+\d|\.\d+\.", text))
            else:
                unit_name = ISO_NAMES.get(resolution.get("unit"), resolution.get("isoCurrency") or resolution.get("unit"))
                if resolution.get("isoCurrency"):
                    codes, factor = frozenset({resolution["isoCurrency"]}), 1.0
                elif unit_name in GOLD_UNIT_CODES:
                    codes, factor = GOLD_UNIT_CODES[unit_name]
                else:
                    codes, factor = frozenset(), 1.0
                gold_value = float(value) * factor
                gold = Gold(gold_text, start, end, gold_value, gold_value, "point", codes)
            golds.append(gold)
        cases.append(Case(text, golds))
    return cases


def load_quantulum(path: Path) -> list[Case]:
    cases = []
    for item in json.loads(path.read_text(encoding="utf-8")):
        text = item["req"]
        golds = []
        search_from = 0
        for result in item["res"]:
            surface = result["surface"]
            start = text.find(surface, search_from)
            if start < 0:
                start = text.find(surface)
            search_from = start + len(surface)
            codes, factor = GOLD_UNIT_CODES.get(result["unit"], (frozenset(), 1.0))
            uncertainty = result.get("uncertainty") or 0.0
            value = float(result["value"]) * factor
            if uncertainty and "+/-" not in surface:
                gold = Gold(surface, start, start + len(surface), value - uncertainty * factor, value + uncertainty * factor, "both", codes)
            else:
                gold = Gold(surface, start, start + len(surface), value, value, "point", codes)
            unitless = result["unit"] == "dimensionless"
            gold.is_figure = not (unitless and (YEAR_OR_CODE.match(surface) or _inside_name(text, gold.start, gold.end)))
            golds.append(gold)
        cases.append(Case(text, golds))
    return cases


WORD_BEFORE_RE = re.compile(r"([A-Za-z]+\w*)[\"”’']?\s$")


def _inside_name(text: str, start: int, end: int) -> bool:
    """A bare integer that is part of a name or code: "Voyager 2", "English 101", "i7 860", "J1149.5+6663".

    The word before is a letters-and-digits code, or capitalised without starting a sentence."""
    if not text[start:end].isdigit():
        return False
    if start > 0 and (text[start - 1].isalnum() or (text[start - 1] in "+-." and start > 1 and text[start - 2].isalnum())):
        return True
    before = WORD_BEFORE_RE.search(text, max(0, start - 30), start)
    if before is None:
        return False
    word = before.group(1)
    if re.search(r"[A-Za-z]\d", word):
        return True
    preceding = text[: before.start()].rstrip().rstrip("\"“‘'(")
    return word[0].isupper() and preceding != "" and preceding[-1] not in ".!?"


def _alternation(phrases: dict[str, str]) -> str:
    return "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True))


QUALIFIER_PREFIX_AT_START = re.compile(rf"^(?:{_alternation(QUALIFIER_PREFIXES)}|equal to|equals to|equals|equaling to|between|from)\s*")
QUALIFIER_SUFFIX_AT_END = re.compile(rf"\s+(?:{_alternation(QUALIFIER_SUFFIXES)})$")


def _fold(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower())


def _surface_matches(predicted: dict, gold: Gold) -> bool:
    ours = _fold(predicted["surface"])
    target = _fold(gold.text)
    if ours == target:
        return True
    without_prefix = QUALIFIER_PREFIX_AT_START.sub("", ours)
    without_suffix = QUALIFIER_SUFFIX_AT_END.sub("", without_prefix)
    return target in (without_prefix, without_suffix)


def _close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-6 * max(1.0, abs(b))


def _value_matches(predicted: dict, gold: Gold) -> bool:
    low, high = predicted["value_low"], predicted["value_high"]
    if gold.bound == "both":
        return _close(low, gold.low) and _close(high, gold.high)
    if gold.bound in ("low", "high"):
        return _close(predicted["value"], gold.low)
    return _close(low, gold.low) and _close(high, gold.high)


def _unit_matches(predicted: dict, gold: Gold) -> bool:
    if gold.units is None:
        if predicted["unit"] == "count":
            return True
        return predicted["start_char"] < gold.start or predicted["end_char"] > gold.end
    return predicted["unit"] in gold.units


def score_cases(name: str, cases: list[Case], predictions: list[list[dict]], show_misses: bool) -> Score:
    score = Score()
    in_scope = SCOPE[name]
    for case, predicted in zip(cases, predictions, strict=True):
        used: set[int] = set()
        for gold in case.gold:
            score.gold += 1
            score.gold_figures += gold.is_figure
            best, best_overlap = None, 0
            for k, p in enumerate(predicted):
                if k in used:
                    continue
                overlap = min(p["end_char"], gold.end) - max(p["start_char"], gold.start)
                if overlap > best_overlap:
                    best, best_overlap = k, overlap
            if best is None:
                if show_misses:
                    score.misses.append(f"MISS {gold.text!r}{'' if gold.is_figure else ' (not a figure)'} in {case.text[:90]!r}")
                continue
            used.add(best)
            p = predicted[best]
            score.predicted_matched += 1
            score.surface += _surface_matches(p, gold)
            value_ok = _value_matches(p, gold)
            unit_ok = _unit_matches(p, gold)
            score.value += value_ok
            score.value_unit += value_ok and unit_ok
            score.value_unit_figures += value_ok and unit_ok and gold.is_figure
            if show_misses and not (value_ok and unit_ok):
                score.misses.append(
                    f"WRONG {gold.text!r} ({gold.low},{gold.high},{sorted(gold.units or [])}) -> {p['surface']!r} "
                    f"({p['value_low']},{p['value_high']},{p['unit']}) in {case.text[:80]!r}"
                )
        for k, p in enumerate(predicted):
            if k not in used and in_scope(p):
                score.predicted_unmatched_in_scope += 1
                if show_misses:
                    score.misses.append(f"EXTRA {p['surface']!r} ({p['value']},{p['unit']}) in {case.text[:80]!r}")
    return score


def _ratio(a: int, b: int) -> float:
    return a / b if b else float("nan")


def _row(name: str, score: Score) -> str:
    precision = _ratio(score.predicted_matched, score.predicted_matched + score.predicted_unmatched_in_scope)
    vu_precision = _ratio(score.value_unit, score.predicted_matched + score.predicted_unmatched_in_scope)
    return (
        f"| {name} | {score.gold} | {_ratio(score.surface, score.gold):.3f} | {_ratio(score.value, score.gold):.3f} | "
        f"{_ratio(score.value_unit, score.gold):.3f} | {precision:.3f} | {vu_precision:.3f} | "
        f"{_ratio(score.value_unit_figures, score.gold_figures):.3f} ({score.gold_figures}) |"
    )


FIGURE_COLUMNS = ["article_id", "start_char", "end_char", "surface", "value", "value_low", "value_high", "unit", "qualifier"]
NEWSFACTS = REPO / ".venv" / "bin" / "newsfacts"
DUPLICATE_OF = re.compile(r"same text as article (\w+)")


@dataclass
class CliRun:
    """What a user gets back from `newsfacts run`: its exit code and output, and the published tables."""

    exit_code: int
    seconds: float
    stdout: str
    stderr: str
    articles: pd.DataFrame  # article_id, source_uri, body_text, language
    figures: pd.DataFrame  # FIGURE_COLUMNS
    rejected: pd.DataFrame  # source_uri, reason, detail


def write_case_files(datasets: dict[str, list[Case]], folder: Path) -> dict[tuple[str, int], str]:
    """One `.txt` file per case, named after its spec and index; returns (spec, index) -> file name."""
    file_of_case = {}
    for name, cases in datasets.items():
        for index, case in enumerate(cases):
            file_name = f"{name}_{index:04d}.txt"
            (folder / file_name).write_text(case.text, encoding="utf-8")
            file_of_case[name, index] = file_name
    return file_of_case


def _read_table(snapshot: Path, table: str, columns: list[str]) -> pd.DataFrame:
    if not any((snapshot / table).rglob("*.parquet")):
        return pd.DataFrame(columns=columns)
    query = f"SELECT {', '.join(columns)} FROM read_parquet('{snapshot / table}/**/*.parquet', hive_partitioning = true)"
    return duckdb.sql(query).df()


def run_cli(input_dir: Path, warehouse: Path) -> CliRun:
    """`newsfacts run` in a subprocess, then the published snapshot read the way docs/operations.md says."""
    environment = dict(os.environ)
    environment.setdefault("PREFECT_HOME", str(warehouse.parent / "prefect"))  # as `make` sets it, away from the repo's
    environment.setdefault("GX_ANALYTICS_ENABLED", "false")
    environment.setdefault("DO_NOT_TRACK", "1")
    started = time.perf_counter()
    done = subprocess.run([str(NEWSFACTS), "run", str(input_dir), "--warehouse", str(warehouse)],
                          capture_output=True, text=True, env=environment, cwd=REPO)
    seconds = time.perf_counter() - started
    current = warehouse / "_current"
    if not current.exists():
        empty = pd.DataFrame()
        return CliRun(done.returncode, seconds, done.stdout, done.stderr, empty, pd.DataFrame(columns=FIGURE_COLUMNS), empty)
    snapshot = current.resolve()
    return CliRun(
        done.returncode, seconds, done.stdout, done.stderr,
        _read_table(snapshot, "articles", ["article_id", "source_uri", "body_text", "language"]),
        _read_table(snapshot, "figures", FIGURE_COLUMNS),
        _read_table(snapshot, "rejected_inputs", ["source_uri", "reason", "detail"]),
    )


def _body_to_case_offsets(case_text: str, body_text: str) -> list[int]:
    """For each offset into `body_text` (and its end), the offset of the same character in `case_text`."""
    offsets = [0] * (len(body_text) + 1)
    for tag, case_start, case_end, body_start, body_end in difflib.SequenceMatcher(None, case_text, body_text, autojunk=False).get_opcodes():
        for k in range(body_start, body_end):
            offsets[k] = case_start + (k - body_start if tag == "equal" else 0)
    offsets[len(body_text)] = len(case_text.rstrip()) if body_text else 0
    return offsets


def cli_predictions(datasets: dict[str, list[Case]], file_of_case: dict[tuple[str, int], str], run: CliRun) -> tuple[dict[str, list[list[dict]]], list[str]]:
    """The CLI's figures per case, offsets in the case text; and the cases no article holds."""
    article_of_file = {Path(row.source_uri).name: row for row in run.articles.itertuples(index=False)}
    articles_by_id = {row.article_id: row for row in run.articles.itertuples(index=False)}
    for row in run.rejected.itertuples(index=False):
        duplicate = DUPLICATE_OF.search(row.detail or "") if row.reason == "duplicate" else None
        if duplicate and duplicate.group(1) in articles_by_id:
            article_of_file[Path(row.source_uri).name] = articles_by_id[duplicate.group(1)]
    figures_by_article = {article_id: group.to_dict("records") for article_id, group in run.figures.groupby("article_id")}
    predictions: dict[str, list[list[dict]]] = {}
    unmapped: list[str] = []
    for name, cases in datasets.items():
        predictions[name] = []
        for index, case in enumerate(cases):
            article = article_of_file.get(file_of_case[name, index])
            if article is None:
                unmapped.append(file_of_case[name, index])
                predictions[name].append([])
                continue
            offsets = _body_to_case_offsets(case.text, article.body_text)
            predictions[name].append([
                {**figure, "start_char": offsets[figure["start_char"]], "end_char": offsets[figure["end_char"] - 1] + 1}
                for figure in figures_by_article.get(article.article_id, [])
            ])
    return predictions, unmapped


def _precision(score: Score, value_and_unit: bool = False) -> float:
    return _ratio(score.value_unit if value_and_unit else score.predicted_matched, score.predicted_matched + score.predicted_unmatched_in_scope)


def compare_in_process_and_cli(show_misses: str | None) -> None:
    """Score the five Recognizers-Text specs in-process and through `newsfacts run`, side by side."""
    datasets = {name: load_recognizers(name, path) for name, path in SPEC_FILES.items()}
    nlp = load_pipeline()
    lexicon = load_reference_catalog().unit_lexicon
    in_process = {name: [extract_figures(doc, lexicon) for doc in nlp.pipe([case.text for case in cases], batch_size=64)] for name, cases in datasets.items()}
    with tempfile.TemporaryDirectory(prefix="newsfacts-figures-cli-") as tmp:
        input_dir, warehouse = Path(tmp) / "cases", Path(tmp) / "warehouse"
        input_dir.mkdir()
        file_of_case = write_case_files(datasets, input_dir)
        run = run_cli(input_dir, warehouse)
    print(f"`newsfacts run` on {len(file_of_case)} case files: exit code {run.exit_code}, {run.seconds:.1f}s")
    if run.exit_code != 0:
        print(f"the CLI run failed; its stderr:\n{run.stderr}", file=sys.stderr)
    if not run.articles.empty:
        print(f"articles: {len(run.articles)}; language: {run.articles['language'].value_counts().to_dict()}")
    if not run.rejected.empty:
        print(f"rejected inputs: {run.rejected['reason'].value_counts().to_dict()}")
    predictions, unmapped = cli_predictions(datasets, file_of_case, run)
    if unmapped:
        print(f"{len(unmapped)} case files are in no article (scored as all missed), e.g. {unmapped[:5]}")
    print("\n| spec | gold | value+unit recall in-process | via CLI | precision in-process | via CLI | value+unit precision in-process | via CLI |")
    print("|---|---|---|---|---|---|---|---|")
    pooled_in, pooled_cli = Score(), Score()
    for name, cases in datasets.items():
        score_in = score_cases(name, cases, in_process[name], False)
        score_cli = score_cases(name, cases, predictions[name], show_misses == name)
        pooled_in.add(score_in)
        pooled_cli.add(score_cli)
        if show_misses == name:
            print("\n".join(score_cli.misses), file=sys.stderr)
    for name, score_in, score_cli in [*((n, score_cases(n, c, in_process[n], False), score_cases(n, c, predictions[n], False)) for n, c in datasets.items()),
                                      ("pooled", pooled_in, pooled_cli)]:
        print(f"| {name} | {score_in.gold} | {_ratio(score_in.value_unit, score_in.gold):.3f} | {_ratio(score_cli.value_unit, score_cli.gold):.3f} | "
              f"{_precision(score_in):.3f} | {_precision(score_cli):.3f} | {_precision(score_in, True):.3f} | {_precision(score_cli, True):.3f} |")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-misses", default=None, help="print misses of one file (Currency, Dimension, ..., quantulum3)")
    parser.add_argument("--no-bbc", action="store_true", help="skip the cost and claims-scaling runs over 300 BBC articles")
    parser.add_argument("--via-cli", action="store_true", help="also score the five specs through `newsfacts run` on one file per case")
    args = parser.parse_args()
    if args.via_cli:
        compare_in_process_and_cli(args.show_misses)
        return
    nlp = load_pipeline()
    datasets = {name: load_recognizers(name, path) for name, path in SPEC_FILES.items()}
    datasets["quantulum3"] = load_quantulum(QUANTULUM)
    all_texts = [case.text for cases in datasets.values() for case in cases]
    list(nlp.pipe(all_texts[:20]))  # warm-up; loading the model and compiling the unit lexicon are one-off costs, not timed
    lexicon = load_reference_catalog().unit_lexicon
    started = time.perf_counter()
    docs = list(nlp.pipe(all_texts, batch_size=64))
    parse_seconds = time.perf_counter() - started
    started = time.perf_counter()
    all_predictions = [extract_figures(doc, lexicon) for doc in docs]
    extract_seconds = time.perf_counter() - started
    for predicted, doc in zip(all_predictions, docs):
        for p in predicted:
            assert doc.text[p["start_char"] : p["end_char"]] == p["surface"], p
    print("| file | gold | surface recall | value recall | value+unit recall | precision | value+unit precision | value+unit recall excluding not-figures (n) |")
    print("|---|---|---|---|---|---|---|---|")
    offset = 0
    pooled = Score()
    for name, cases in datasets.items():
        predictions = all_predictions[offset : offset + len(cases)]
        offset += len(cases)
        score = score_cases(name, cases, predictions, args.show_misses == name)
        print(_row(name, score))
        if name != "quantulum3":
            pooled.add(score)
        if args.show_misses == name:
            print("\n".join(score.misses), file=sys.stderr)
    print(_row("Recognizers pooled", pooled))
    print(
        f"\ncost: spaCy parse {parse_seconds:.3f}s, figure extraction {extract_seconds:.3f}s over {len(all_texts)} texts "
        f"-> ratio {extract_seconds / parse_seconds:.3f}"
    )
    bbc = SHARED / "corpora" / "bbc"
    files = sorted(bbc.rglob("*.txt"))[:300] if bbc.exists() and not args.no_bbc else []
    if files:
        texts = [f.read_text(encoding="utf-8", errors="replace") for f in files]
        started = time.perf_counter()
        bbc_docs = list(nlp.pipe(texts, batch_size=32))
        parse_seconds = time.perf_counter() - started
        started = time.perf_counter()
        bbc_figures = [extract_figures(doc, lexicon) for doc in bbc_docs]
        extract_seconds = time.perf_counter() - started
        n_figures = sum(len(records) for records in bbc_figures)
        print(
            f"cost on {len(texts)} BBC articles: spaCy parse {parse_seconds:.2f}s, figure extraction {extract_seconds:.2f}s "
            f"({n_figures} figures) -> ratio {extract_seconds / parse_seconds:.3f}"
        )
        report_claims_scaling(bbc_docs, bbc_figures)


def _claims_inputs(docs: list, figure_lists: list[list[dict]], copies: int) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """Figures, mentions and articles frames for `copies` copies of the corpus (each copy its own articles)."""
    figure_rows, mention_rows, article_rows = [], [], []
    for copy in range(copies):
        for number, (doc, records) in enumerate(zip(docs, figure_lists)):
            article_id = f"{copy}-{number}"
            article_rows.append({"article_id": article_id, "body_text": doc.text})
            for k, r in enumerate(records):
                unit = units.unit_table()[r["unit"]]
                normalized, normalized_unit = units.normalize_value(r["value"], r["unit"])
                figure_rows.append({**r, "figure_id": f"{article_id}-{k}", "article_id": article_id, "dimension": unit.dimension,
                                    "normalized_value": normalized, "normalized_unit": normalized_unit,
                                    "paired_figure_id": f"{article_id}-{r['paired_with']}" if r["paired_with"] is not None else None})
            for mention in extract_entity_mentions(doc, load_reference_catalog().entities):
                mention_rows.append({"article_id": article_id, "entity_id": mention["mention_text"], "canonical_name": mention["mention_text"],
                                     "entity_type": mention["entity_type"], "sentence_index": mention["sentence_index"],
                                     "start_char": mention["start_char"], "end_char": mention["end_char"]})
    return pd.DataFrame(figure_rows), pd.DataFrame(mention_rows), pd.DataFrame(article_rows)


def report_claims_scaling(docs: list, figure_lists: list[list[dict]]) -> None:
    """Time `build_claims` on the corpus and on four copies of it: near-linear growth means no all-pairs step."""
    timings = []
    object_classes = load_reference_catalog().object_classes
    for copies in (1, 4):
        figures, mentions, articles = _claims_inputs(docs, figure_lists, copies)
        started = time.perf_counter()
        claim_ids, claims = build_claims(figures, mentions, articles, object_classes=object_classes)
        timings.append(time.perf_counter() - started)
        multi = claims[claims["n_articles"] > 1]
        print(
            f"claims on {copies}x{len(docs)} BBC articles: {len(figures)} figures -> {len(claims)} claims, "
            f"{len(multi)} across articles ({int(multi['is_conflict'].sum())} conflicts) in {timings[-1]:.2f}s"
        )
    print(f"claims scaling: 4x the figures took {timings[1] / timings[0]:.1f}x the time")


if __name__ == "__main__":
    main()
