"""Mention forms: what a mention's link depends on (its text, the extractor's type and hint),
counted once per distinct form, read through the user's overrides, and the plain-string keys under
which a form feeds or reads a corpus statistic."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from transforms.aggregate.entities.name_keys import PLACE_TYPES, fold_name, surname_key
from transforms.names import fold_alias_key

# A form: what a mention's link depends on. The extractor's type is `entity_type` in older mention tables.
FORM_COLUMNS = ("mention_text", "extracted_type", "canonical_hint")
ALIAS_COLUMNS = ("alias", "canonical_name", "entity_type")


def alias_lookup(aliases: pd.DataFrame | None) -> dict[str, tuple[str, str]]:
    """The user's overrides by folded alias: `alias_key -> (canonical_name, entity_type)`."""
    if aliases is None or aliases.empty:
        return {}
    missing = set(ALIAS_COLUMNS) - set(aliases.columns)
    if missing:
        raise KeyError(f"aliases frame lacks columns {sorted(missing)}")
    return {
        fold_alias_key(str(row.alias)): (str(row.canonical_name), str(row.entity_type))
        for row in aliases.itertuples(index=False)
        if str(row.alias).strip() and str(row.canonical_name).strip()
    }


class FormName(NamedTuple):
    """What a form says before any corpus evidence: its name and type after overrides and hints."""

    name: str
    entity_type: str
    linked_country: str | None  # set for a nationality adjective pointing at its country
    overridden: bool

    @property
    def is_free(self) -> bool:
        """Free names take their type and fuller name from corpus evidence; overrides and adjectives do not."""
        return self.linked_country is None and not self.overridden and self.entity_type != "NORP"


def name_form(text: str, extracted_type: str, hint: str | None, overrides: dict[str, tuple[str, str]]) -> FormName:
    """Apply the user's overrides and the extractor's hint; nationality adjectives point at their country."""
    override = overrides.get(fold_alias_key(text)) or (overrides.get(fold_alias_key(hint)) if hint else None)
    if extracted_type == "NORP" and (override is None or override[1] in PLACE_TYPES):
        country = override[0] if override is not None else hint
        if country is not None and fold_alias_key(country) in overrides:
            country = overrides[fold_alias_key(country)][0]
        return FormName(country or text, extracted_type, country, False)
    if override is not None:
        return FormName(override[0], override[1] or extracted_type, None, True)
    return FormName(hint or text, extracted_type, None, False)


def clean_hint(hint: object) -> str | None:
    """A hint as a string, or None when it is missing or blank (a blank hint is no hint)."""
    return None if hint is None or pd.isna(hint) or not str(hint).strip() else str(hint)


def type_column_of(mentions: pd.DataFrame) -> str:
    """Mentions carry the extractor's type as `extracted_type`, or as `entity_type` in older tables."""
    return "extracted_type" if "extracted_type" in mentions.columns else "entity_type"


def group_mentions_by_form(mentions: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The distinct forms with their mention counts, and the position of each mention's form among them."""
    type_column = type_column_of(mentions)
    missing = {"mention_text", type_column, "canonical_hint"} - set(mentions.columns)
    if missing:
        raise KeyError(f"mentions frame lacks columns {sorted(missing)}")
    keyed = pd.DataFrame(
        {
            "mention_text": [str(text) for text in mentions["mention_text"]],
            "extracted_type": [str(kind) for kind in mentions[type_column]],
            "canonical_hint": [clean_hint(hint) for hint in mentions["canonical_hint"]],
        },
        index=mentions.index,
        dtype=object,
    )
    grouped = keyed.groupby(list(FORM_COLUMNS), dropna=False, sort=True)
    counts = grouped.size()
    forms = pd.DataFrame(
        {
            "mention_text": counts.index.get_level_values(0).astype(object),
            "extracted_type": counts.index.get_level_values(1).astype(object),
            "canonical_hint": [clean_hint(hint) for hint in counts.index.get_level_values(2)],
            "n_mentions": counts.to_numpy(dtype="int64"),
        },
        dtype=object,
    ).astype({"n_mentions": "int64"})
    return forms, grouped.ngroup().to_numpy()


def mention_forms(mentions: pd.DataFrame) -> pd.DataFrame:
    """Distinct (mention_text, extracted_type, canonical_hint) with `n_mentions`: what linking depends on.

    Blank hints count as no hint. The type is read from `extracted_type`, else from `entity_type`.
    """
    return group_mentions_by_form(mentions)[0]


def check_forms(forms: pd.DataFrame) -> None:
    """Fail early, naming the columns a forms frame lacks."""
    missing = {*FORM_COLUMNS, "n_mentions"} - set(forms.columns)
    if missing:
        raise KeyError(f"forms frame lacks columns {sorted(missing)}")


def form_names(forms: pd.DataFrame, overrides: dict[str, tuple[str, str]]) -> list[FormName]:
    """`name_form` of every row of a forms frame, in order."""
    return [
        name_form(str(text), str(extracted_type), clean_hint(hint), overrides)
        for text, extracted_type, hint in zip(forms["mention_text"], forms["extracted_type"], forms["canonical_hint"], strict=True)
    ]


def form_lookup_keys(forms: pd.DataFrame, aliases: pd.DataFrame | None = None) -> pd.Series:
    """Every key under which a form feeds or reads a corpus statistic, as a tuple of strings per form.

    - `surface:<folded text>`: every form not typed NORP (type vote of a text, hints spread to the
      same text elsewhere);
    - `name:<folded name>`: the name after overrides and hint, or the country of a nationality
      adjective (type vote of a name, the spelling of a hint target, the type of a country);
    - `surname:<last word of the person key>`: every form that may be voted a person (not NORP, not
      overridden to another type), since a bare surname reads the full names sharing it;
    - `entity:<type>:<entity key>`: the entity the form joins unless votes change its type, so the
      forms of one entity (Court of Appeal / Appeals) are fetched together and its row rebuilt whole.
    A form whose name is spread from a hint reaches that name's keys through the `surface:` key it
    shares with the hinted form, so the keys of the form itself suffice.
    """
    check_forms(forms)
    keys = []
    for text, extracted_type, form in zip(
        forms["mention_text"], forms["extracted_type"], form_names(forms, alias_lookup(aliases)), strict=True
    ):
        if form.linked_country is not None:
            keys.append((f"name:{fold_name(form.linked_country)}",))
            continue
        entity_key = f"entity:{form.entity_type}:{fold_name(form.name, form.entity_type)}"
        if str(extracted_type) == "NORP":  # feeds and reads no statistic
            keys.append((entity_key,))
            continue
        form_keys = [f"surface:{fold_name(str(text))}", f"name:{fold_name(form.name)}", entity_key]
        surname = surname_key(form.name) if not form.overridden or form.entity_type == "PERSON" else None
        if surname is not None:
            form_keys.append(f"surname:{surname}")
        keys.append(tuple(form_keys))
    return pd.Series(keys, index=forms.index, dtype=object)
