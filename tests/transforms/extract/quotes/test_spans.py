"""Quoted spans: every mark style, apostrophes, nesting, markup, stray marks."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.transforms.extract.quotes.support import (
    assert_offsets,
    only_quote,
    quotes_of,
    resolved_speaker,
    speech_of,
)
from transforms.extract.quotes import find_quoted_spans


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("“We will rebuild every bridge,” said Mayor Anna Kowalski.", "We will rebuild every bridge,"),
        ('"We will rebuild every bridge," said Mayor Anna Kowalski.', "We will rebuild every bridge,"),
        ('"We will rebuild every bridge,” said Mayor Anna Kowalski.', "We will rebuild every bridge,"),  # mixed
        ("''We will rebuild every bridge,'' said Mayor Anna Kowalski.", "We will rebuild every bridge,"),  # wire form
        ("‘We will rebuild every bridge,’ said Mayor Anna Kowalski.", "We will rebuild every bridge,"),
        ("'We will rebuild every bridge,' said Mayor Anna Kowalski.", "We will rebuild every bridge,"),
    ],
)
def test_every_mark_style_gives_the_quote_and_its_speaker(nlp: Language, text: str, expected: str) -> None:
    quote = only_quote(nlp, text)
    assert quote["quote_text"] == expected
    assert resolved_speaker(text, quote) == "Anna Kowalski"
    assert quote["cue"] == "said"
    assert_offsets(text, [quote])


def test_apostrophes_do_not_open_or_close_single_quotes() -> None:
    text = "Putin's aides shouldn't comment on the regions’ borders, and the '90s rock 'n' roll fans agree."
    assert find_quoted_spans(text) == []


def test_single_quotes_between_apostrophes_are_found() -> None:
    text = "The minister's aide said the plan was 'not ready yet' and the regions’ leaders agreed."
    spans = find_quoted_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["not ready yet"]


def test_nested_quote_stays_inside_the_outer_quote(nlp: Language) -> None:
    text = "“He told me ‘never again’ and then left,” said Maria Lopez."
    quote = only_quote(nlp, text)
    assert quote["quote_text"] == "He told me ‘never again’ and then left,"
    assert resolved_speaker(text, quote) == "Maria Lopez"


@pytest.mark.parametrize(
    "text",
    [
        '"He read “the decree” aloud to us," said Maria Lopez.',
        "“He read \"the decree\" aloud to us,” said Maria Lopez.",
    ],
)
def test_double_quote_of_the_other_style_nests_inside(nlp: Language, text: str) -> None:
    quote = only_quote(nlp, text)
    assert quote["quote_text"].startswith("He read") and quote["quote_text"].endswith("aloud to us,")
    assert resolved_speaker(text, quote) == "Maria Lopez"


def test_british_single_quote_keeps_its_inner_double_quote() -> None:
    text = "‘They called it “a disaster” at the time,’ she said."
    spans = find_quoted_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["They called it “a disaster” at the time,"]


def test_multi_paragraph_quote_with_an_opening_mark_per_paragraph(nlp: Language) -> None:
    text = (
        "Senator Maria Lopez spoke to reporters on Monday.\n\n"
        "“The budget is not balanced. We will not vote for it.\n\n"
        "“Nobody in my state wants these cuts,” she said."
    )
    quote = only_quote(nlp, text)
    assert quote["quote_text"].startswith("The budget is not balanced.")
    assert quote["quote_text"].endswith("wants these cuts,")
    assert resolved_speaker(text, quote) == "Maria Lopez"
    assert_offsets(text, [quote])


def test_a_passage_whose_paragraphs_open_with_marks_never_closed_is_an_excerpt_not_a_quote() -> None:
    """Marks opening each paragraph of a passage, never closed, before a paragraph quoted in the other style, stand in for
    lost block formatting: the quotations are the marks inside the passage."""
    text = (
        'McCrummen reports:\n\n"She had been hospitalized after what she called a “rant,” and a doctor had typed “homicidal '
        'ideation.”\n\n"Melanie thought the whole thing was outrageous.\n\n“It never crossed my mind,” she said.'
    )
    assert [text[s.start : s.end] for s in find_quoted_spans(text)] == ["rant,", "homicidal ideation.", "It never crossed my mind,"]


def test_quote_left_open_by_a_truncated_article(nlp: Language) -> None:
    text = "Mayor Anna Kowalski said on Sunday: “The city will not pay for the stadium, and the council knows"
    quote = only_quote(nlp, text)
    assert quote["quote_text"] == "The city will not pay for the stadium, and the council knows"
    assert resolved_speaker(text, quote) == "Anna Kowalski"


def test_text_without_marks_has_no_quotes(nlp: Language) -> None:
    assert quotes_of(nlp, "Maria Lopez said prices would fall next year.") == []


def test_empty_text_has_no_quotes(nlp: Language) -> None:
    assert quotes_of(nlp, "") == []


def test_stray_closing_mark_makes_no_quote(nlp: Language) -> None:
    assert speech_of(nlp, "The vote passed” by a wide margin on Monday.") == []


def test_markup_attribute_values_are_not_quotes() -> None:
    text = '<tweet author="JebBush" timestamp="1449075600">Praying for the victims</tweet>'
    assert find_quoted_spans(text) == []


def test_a_stray_opening_mark_makes_no_empty_quote(nlp: Language) -> None:
    quotes = quotes_of(nlp, "“ “ We will rebuild the bridge,” Smith said.")
    assert [q["quote_text"] for q in quotes] == ["We will rebuild the bridge,"]  # found by the property tests
    assert quotes[0]["is_speech"]


def test_a_quote_of_the_same_style_nests_when_two_closing_marks_follow() -> None:
    text = "“As a young woman, I’d rather live in what he calls “hell” than live in his world.” ― Adriana Rodarte"
    spans = find_quoted_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["As a young woman, I’d rather live in what he calls “hell” than live in his world."]


def test_an_opening_mark_with_one_closing_mark_after_it_still_starts_a_new_quote() -> None:
    text = "“We cut the budget. “But this year we will not,” she said."
    spans = find_quoted_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["We cut the budget.", "But this year we will not,"]


def test_a_paragraph_opened_with_a_closing_mark_is_a_quote() -> None:
    text = "Obama said the words lump the good with the bad.\n\n” … what I learned is that words matter,” he said."
    spans = find_quoted_spans(text)
    assert [text[s.start : s.end] for s in spans] == ["… what I learned is that words matter,"]


def test_a_closing_mark_at_a_paragraph_start_with_no_closing_mark_after_it_opens_nothing() -> None:
    text = "He left.\n\n” and that was all, he said."
    assert find_quoted_spans(text) == []
