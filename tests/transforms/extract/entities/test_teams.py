"""Sports teams named after places: clubs (ORG) in sports articles, places everywhere else."""

from __future__ import annotations

from tests.transforms.extract.entities.support import (
    labels,
    mentions_of,
    parse_with_model_entities,
)
from transforms.extract.entities.teams import is_score_line, lines, result_line_names

SPORTS = " The striker scored twice in the league match, the coach said."


def test_a_club_named_after_a_city_that_plays_is_an_organisation_in_every_mention(nlp):
    text = "Bristol beat Chelsea on Saturday." + SPORTS + " Bristol are third."
    doc = parse_with_model_entities(nlp, text, [("Bristol", "GPE"), ("Chelsea", "GPE"), ("Bristol", "GPE", "last")])
    assert [(m["mention_text"], m["entity_type"]) for m in mentions_of(doc)] == [
        ("Bristol", "ORG"),
        ("Chelsea", "ORG"),
        ("Bristol", "ORG"),
    ]


def test_a_venue_after_in_stays_a_place(nlp):
    text = "Hereford drew with Barnet." + SPORTS + " The final is in Hereford."
    doc = parse_with_model_entities(nlp, text, [("Hereford", "GPE"), ("Barnet", "GPE"), ("Hereford", "GPE", "last")])
    assert [m["entity_type"] for m in mentions_of(doc) if m["mention_text"] == "Hereford"] == ["ORG", "GPE"]


def test_a_national_side_keeps_its_country_type_a_club_does_not(nlp):
    text = "Italy beat Scotland in Rome and Bristol beat Chelsea." + SPORTS
    doc = parse_with_model_entities(nlp, text, [("Italy", "GPE"), ("Scotland", "GPE"), ("Bristol", "GPE"), ("Chelsea", "GPE")])
    assert labels(doc) == {"Italy": "GPE", "Scotland": "GPE", "Rome": "GPE", "Bristol": "ORG", "Chelsea": "ORG"}


def test_only_a_sports_article_turns_a_city_into_a_club(nlp):
    text = "On Monday Leeds beat its recycling target, the council said."
    assert labels(parse_with_model_entities(nlp, text, [("Leeds", "GPE")]))["Leeds"] == "GPE"
    assert labels(parse_with_model_entities(nlp, text + SPORTS, [("Leeds", "GPE")]))["Leeds"] == "ORG"


def test_a_player_who_beat_another_stays_a_person(nlp):
    text = "In the final Federer beat Henman in Dubai, and Bristol beat Barnet." + SPORTS
    entities = [("Federer", "PERSON"), ("Henman", "PERSON"), ("Dubai", "GPE"), ("Bristol", "GPE"), ("Barnet", "GPE")]
    doc = parse_with_model_entities(nlp, text, entities)
    assert labels(doc) == {"Federer": "PERSON", "Henman": "PERSON", "Dubai": "GPE", "Bristol": "ORG", "Barnet": "ORG"}


def test_untagged_names_of_result_lines_and_standings_rows_are_clubs(nlp):
    text = "Results on Thursday:\nLotte 6 Hyundai 2\nHaitai 2 Samsung 0\nStandings:\nHaitai 64 2 43 .596 -\nSEOUL 1996-08-30"
    doc = parse_with_model_entities(nlp, text, [])
    assert labels(doc) == {"Lotte": "ORG", "Hyundai": "ORG", "Haitai": "ORG", "Samsung": "ORG", "SEOUL": "GPE"}


def test_club_names_are_organisations_in_a_sports_article(nlp):
    text = "Manchester United beat Rovers." + SPORTS + " Dynamo Moscow lost."
    entities = [("Manchester United", "PERSON"), ("Rovers", "PERSON"), ("Dynamo Moscow", "PERSON")]
    doc = parse_with_model_entities(nlp, text, entities)
    assert labels(doc) == {"Manchester United": "ORG", "Rovers": "ORG", "Dynamo Moscow": "ORG"}


def test_a_score_line_is_name_number_name_number_with_brackets_ignored():
    words = ["Benetton", "(", "Italy", ")", "92", "Dinamo", "(", "Russia", ")", "81", "(", "halftime", "50-28", ")"]
    assert is_score_line(words, [0, 4, 5, 9])
    assert not is_score_line(["Sales", "rose", "4", "pct", "to", "9"], list(range(6)))


def test_a_dateline_is_not_a_standings_row():
    words = ["LONDON", "1996", "-", "08", "-", "30", "\n", "Essex", "12", "5", "4", "60"]
    spaced = [True, False, False, False, False, False, False, True, True, True, True, False]
    assert list(lines(words)) == [(0, 6), (7, 12)]
    assert result_line_names(words, spaced) == [(7, 8)]


def test_a_place_followed_by_a_score_is_a_club_but_not_before_a_year(nlp):
    text = "At Hove: Sussex 363 and 144, Kent 218 all out." + SPORTS + " He first played in Hove 1996 ."
    entities = [("Sussex", "GPE"), ("Kent", "GPE"), ("Hove", "GPE", "last")]
    doc = parse_with_model_entities(nlp, text, entities)
    assert [(m["mention_text"], m["entity_type"]) for m in mentions_of(doc) if m["mention_text"] != "Hove" or m["start_char"] > 10] == [
        ("Sussex", "ORG"),
        ("Kent", "ORG"),
        ("Hove", "GPE"),
    ]


def test_the_side_of_a_place_is_not_a_club_named_after_it(nlp):
    text = "He joined the London side on loan, and Bristol beat Barnet." + SPORTS
    doc = parse_with_model_entities(nlp, text, [("London", "GPE"), ("Bristol", "GPE"), ("Barnet", "GPE")])
    assert labels(doc) == {"London": "GPE", "Bristol": "ORG", "Barnet": "ORG"}
