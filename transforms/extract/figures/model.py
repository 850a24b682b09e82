"""The two records a figure is read through: a `Number` found in the text, and the `Figure` built around it.

Both are frozen; each step returns new ones. Offsets are character offsets into the article text.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Number:
    """A number as found in the text, before anything around it is read."""

    start: int
    end: int
    value: float
    is_words: bool
    is_plain_integer: bool  # digits only, no separators: years and ids look like this
    vague: bool = False
    unit: str | None = None  # a named quantity carries its unit ("absolute zero": kelvin)


@dataclass(frozen=True)
class Figure:
    """A figure while the steps refine it: the number with what was read around it; `value_*` are in `unit`."""

    start: int  # qualifier and prefixes included
    end: int
    core_start: int  # the number itself
    core_end: int
    value_low: float
    value_high: float
    unit: str
    qualifier: str
    has_unit_word: bool
    has_scale: bool
    number: Number
    scale: float = 1.0  # product of the scale words (million, bn, k)
    factor: float = 1.0  # written unit -> `unit` (0.01 for cents)
    counted_object: str | None = None
    paired_with: int | None = None


def written_value(figure: Figure) -> float:
    """The number as written, sign included, before scale words and unit factors."""
    return figure.value_low / (figure.scale * figure.factor) if figure.scale * figure.factor else figure.value_low
