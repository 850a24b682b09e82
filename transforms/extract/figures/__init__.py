"""Figures: reported numbers with their unit, qualifier, range and the thing they count.

Guarantees for every returned record:
- `surface == doc.text[start_char:end_char]` and includes the qualifier and the unit as written;
- `unit` is a code of `transforms.units`; scale words are applied (`$25m` -> 25_000_000 USD),
  hundredths are converted (`50 cents` -> 0.5 USD), currencies are never converted into each other;
- ranges keep both ends (`value = value_low`), never an average; `qualifier` is one of `schema.QUALIFIERS`;
- compound units (`9.8 m/s2`, `20 J/m^2 per year`) are composed from their parts and kept only when the
  vocabulary holds the code; an uncertainty (`5.2 ± 0.3 kg`) is part of its figure and dropped;
- an amount alone in brackets in accounting position (`revenue is ($99.99)`) is negative;
- dates, years, times of day, ordinals, phone numbers, ages, numbers inside names (G7, Su-34,
  Twenty20, Six Nations, Nokia 3220), ranks (the top 20), labels (Section 5), race names (the 800m)
  and "one" or "the two men" that refer rather than count are not returned;
- a quantity restated in another unit (`300km (186 miles)`) points at its first statement in `paired_with`.

The number grammar works on the characters, so lower-cased, tokenised wire text (`$ 280 million`,
`c $ 16.4 million`) reads like edited copy; the spaCy parse (never re-run here) gives sentences,
entity types that mark names and dates, and the syntax behind `counted_object`.

The steps, in the order `pipeline.extract_figures` runs them: `numbers` finds numbers (`number_words`
reads those written in words) outside the spans `not_figures` blocks; `build` turns each into a figure
with what `written_units` and `qualifiers` read around it; `joins` merges ranges, spoken fractions and
compound amounts; `accounting` reads bracketed negatives; `not_figures` drops names, years, ages,
labels and the like; `counted_object` reads what each figure counts from the parse; `coordination`
shares qualifiers and units across "and" and links restatements. `model` holds the two records they
pass along, `doc_tokens` the helpers that read the parse at character offsets.
"""

from transforms.extract.figures.pipeline import extract_figures
from transforms.extract.figures.qualifiers import QUALIFIER_PREFIXES, QUALIFIER_SUFFIXES

__all__ = ["QUALIFIER_PREFIXES", "QUALIFIER_SUFFIXES", "extract_figures"]
