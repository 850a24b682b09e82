"""Figures read together: coordinated figures share a qualifier and a unit ("approximately 120 missiles and
90 drones", "45 and 50 mg"), and a restatement in another unit points at its first statement
(`300km (186 miles)`)."""

from __future__ import annotations

import re
from dataclasses import replace

from transforms import units
from transforms.extract.figures.model import Figure

COORDINATION_RE = re.compile(r"\s*(?:,\s*)?(?:and|or|,)\s*", re.IGNORECASE)


def distribute(text: str, figures: list[Figure], sentence_of: list[int]) -> list[Figure]:
    """Share a qualifier forwards and a unit backwards across coordinated figures.

    "approximately 120 missiles and 90 drones": both approximate; "45 and 50 mg": both milligrams.
    """
    result = list(figures)
    for i in range(len(result) - 1):
        first, second = result[i], result[i + 1]
        if sentence_of[i] != sentence_of[i + 1]:
            continue
        between = text[first.end : second.start]
        if first.counted_object and between.lstrip().startswith(first.counted_object):
            between = between.lstrip()[len(first.counted_object) :]
        if not COORDINATION_RE.fullmatch(between):
            continue
        if second.qualifier == "exact" and first.qualifier != "exact" and second.start == second.core_start:
            same_dimension = units.unit_table()[first.unit].dimension == units.unit_table()[second.unit].dimension
            if same_dimension:
                result[i + 1] = replace(second, qualifier=first.qualifier)
        if not first.has_unit_word and first.unit == "count" and first.counted_object is None and second.has_unit_word and first.value_low == first.value_high:
            factor = second.factor
            result[i] = replace(first, unit=second.unit, factor=factor, value_low=first.value_low * factor, value_high=first.value_high * factor)
        if first.counted_object is None and second.counted_object and text[first.end : second.start].strip().lower() in ("and", "or", ","):
            result[i] = replace(result[i], counted_object=second.counted_object)
    return result


PAIR_OPEN_RE = re.compile(r"\s*[(\[]\s*(?:or\s+|about\s+|approx(?:imately|\.)?\s+|roughly\s+|some\s+)?$", re.IGNORECASE)


def link_pairs(text: str, figures: list[Figure]) -> list[Figure]:
    """`300km (186 miles)`: the bracketed restatement in another unit of the same dimension."""
    table = units.unit_table()
    result = list(figures)
    for i in range(1, len(result)):
        first, second = result[i - 1], result[i]
        gap = text[first.end : second.start]
        if first.paired_with is not None and re.fullmatch(r"\s*[;,]\s*", gap):
            original = result[first.paired_with]  # "$2bn (1.53bn euros; £1.05bn)": a second restatement
            if table[original.unit].dimension == table[second.unit].dimension and original.unit != second.unit:
                result[i] = replace(second, paired_with=first.paired_with)
            continue
        if not PAIR_OPEN_RE.fullmatch(gap):
            continue
        if first.unit == second.unit or table[first.unit].dimension != table[second.unit].dimension:
            continue
        if table[first.unit].dimension in ("count", "percent"):
            continue
        result[i] = replace(second, paired_with=i - 1, counted_object=second.counted_object or first.counted_object)
    return result
