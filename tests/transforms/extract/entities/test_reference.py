"""The entity reference lists: nations, which keep their place type as sports sides."""

from __future__ import annotations

from transforms.extract.entities import load_entity_reference


def test_nations_are_countries_home_nations_and_their_aliases_not_cities(tmp_path):
    for name in ("weapons", "places", "nationalities", "given_names", "entity_aliases"):
        (tmp_path / f"{name}.csv").write_text(
            {
                "weapons": "alias,canonical_name,needs_context\n",
                "places": "name,entity_type\nEngland,GPE\nLeeds,GPE\n",
                "nationalities": "demonym,country\nEnglish,England\nAmerican,United States\n",
                "given_names": "given_name\n",
                "entity_aliases": "alias,canonical_name,entity_type\nU.S.,United States,GPE\nBeeb,BBC,ORG\n",
            }[name],
            encoding="utf-8",
        )
    nations = load_entity_reference(tmp_path).nations
    assert {"england", "united states", "u.s.", "italy"} <= nations
    assert not {"leeds", "beeb", "london"} & nations
