"""Quote extraction: every mark style, the interrupted quote, attribution patterns, and what is not a quote."""

from __future__ import annotations

import pytest
from spacy.language import Language

from transforms.extract.entities import extract_entity_mentions
from transforms.extract.quotes import (
    extract_quotes,
    find_quoted_spans,
    load_speech_cues,
)
from transforms.extract.records import QuoteRecord


def quotes_of(nlp: Language, text: str) -> list[QuoteRecord]:
    doc = nlp(text)
    return extract_quotes(doc, extract_entity_mentions(doc))


def speech_of(nlp: Language, text: str) -> list[QuoteRecord]:
    return [q for q in quotes_of(nlp, text) if q["is_speech"]]


def resolved_speaker(text: str, quote: QuoteRecord) -> str | None:
    if quote["speaker_start_char"] is None:
        return None
    return text[quote["speaker_start_char"] : quote["speaker_end_char"]]


def only_quote(nlp: Language, text: str) -> QuoteRecord:
    found = speech_of(nlp, text)
    assert len(found) == 1, found
    return found[0]


def assert_offsets(text: str, quotes: list[QuoteRecord]) -> None:
    for quote in quotes:
        assert text[quote["start_char"] : quote["end_char"]] == quote["quote_text"]


# --- mark styles --------------------------------------------------------------------------------


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


# --- shapes of quotes -----------------------------------------------------------------------------


def test_partial_quote_inside_a_sentence(nlp: Language) -> None:
    text = "Donald Trump promised during his campaign that he would end the war “within 24 hours,” while Maria Lopez urged patience."
    quote = only_quote(nlp, text)
    assert quote["quote_text"] == "within 24 hours,"
    assert resolved_speaker(text, quote) == "Donald Trump"
    assert quote["cue"] == "promised"


def test_multi_sentence_quote_is_one_row(nlp: Language) -> None:
    text = "“Strikes are not made with words. Such things are not announced. The missiles will speak for themselves,” said Volodymyr Zelensky."
    quote = only_quote(nlp, text)
    assert quote["quote_text"].startswith("Strikes are not made") and quote["quote_text"].endswith("themselves,")
    assert resolved_speaker(text, quote) == "Volodymyr Zelensky"


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


def test_paragraph_reopened_in_the_same_line_is_a_row_of_the_same_speaker(nlp: Language) -> None:
    # BBC files lose the paragraph break and keep the new paragraph's opening mark; a closed quote
    # after it is someone else's and keeps its own speaker
    text = (
        'Gordon Brown said: "Fuel duty should rise in line with inflation to fund our public services. '
        '"But this year I propose to freeze the main road fuel duties." '
        'The RAC said: "It is an early Christmas present for every motorist."'
    )
    found = speech_of(nlp, text)
    assert [q["quote_text"] for q in found] == [
        "Fuel duty should rise in line with inflation to fund our public services.",
        "But this year I propose to freeze the main road fuel duties.",
        "It is an early Christmas present for every motorist.",
    ]
    assert [resolved_speaker(text, q) for q in found] == ["Gordon Brown", "Gordon Brown", "RAC"]
    assert_offsets(text, found)


def test_quote_left_open_by_a_truncated_article(nlp: Language) -> None:
    text = "Mayor Anna Kowalski said on Sunday: “The city will not pay for the stadium, and the council knows"
    quote = only_quote(nlp, text)
    assert quote["quote_text"] == "The city will not pay for the stadium, and the council knows"
    assert resolved_speaker(text, quote) == "Anna Kowalski"


def test_interrupted_quote_is_one_row_spanning_both_parts(nlp: Language) -> None:
    text = "“We will not retreat,” Maria Lopez said, “and we will not negotiate with them.”"
    quote = only_quote(nlp, text)
    assert quote["quote_text"] == "We will not retreat,” Maria Lopez said, “and we will not negotiate with them."
    assert resolved_speaker(text, quote) == "Maria Lopez"
    assert quote["cue"] == "said"


def test_quote_continuing_after_the_speech_tag_sentence_is_one_row(nlp: Language) -> None:
    text = "“The plan is dead,” Mayor Anna Kowalski said. “We will start again next year.”"
    quote = only_quote(nlp, text)
    assert quote["quote_text"].endswith("start again next year.")


def test_quote_inside_the_next_speech_tag_is_not_joined_to_the_quote_before(nlp: Language) -> None:
    text = (
        '"If you want the pension you must work five more years. In this century, it is completely unacceptable." '
        'BBC correspondent John Carter said the unions were "a formidable force" before the election.'
    )
    found = speech_of(nlp, text)
    assert [q["quote_text"] for q in found] == [
        "If you want the pension you must work five more years. In this century, it is completely unacceptable.",
        "a formidable force",
    ]
    assert resolved_speaker(text, found[1]) == "John Carter"


def test_two_speakers_in_a_row_stay_two_quotes(nlp: Language) -> None:
    text = "“We will win,” said Maria Lopez. Her rival John Carter replied: “You will lose.”"
    found = speech_of(nlp, text)
    assert [q["quote_text"] for q in found] == ["We will win,", "You will lose."]
    assert [resolved_speaker(text, q) for q in found] == ["Maria Lopez", "John Carter"]


# --- attribution patterns -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "speaker", "cue"),
    [
        ("“Prices will fall next year,” said Maria Lopez.", "Maria Lopez", "said"),
        ("“Prices will fall next year,” Maria Lopez said.", "Maria Lopez", "said"),
        ("Maria Lopez warned that “prices will fall next year.”", "Maria Lopez", "warned"),
        ("Maria Lopez said that “prices will fall next year.”", "Maria Lopez", "said"),
        ("Prices will fall next year, according to Maria Lopez, who called it “a certainty.”", "Maria Lopez", None),
        ("Maria Lopez told reporters: “Prices will fall next year.”", "Maria Lopez", "told"),
        ("“Prices will fall next year,” the Kremlin said in a statement.", "Kremlin", "said"),
    ],
)
def test_reporting_verbs_in_either_order(nlp: Language, text: str, speaker: str, cue: str | None) -> None:
    quote = only_quote(nlp, text)
    assert resolved_speaker(text, quote) == speaker
    if cue is not None:
        assert quote["cue"] == cue


def test_according_to_gives_the_speaker(nlp: Language) -> None:
    text = "The bridge will reopen “within two weeks,” according to Maria Lopez."
    quote = only_quote(nlp, text)
    assert resolved_speaker(text, quote) == "Maria Lopez"
    assert quote["cue"] == "according to"


def test_pronoun_speaker_resolves_to_the_previous_person(nlp: Language) -> None:
    text = "Volodymyr Zelensky spoke in his nightly address. He emphasized, “The missiles will speak for themselves.”"
    quote = only_quote(nlp, text)
    assert quote["speaker_text"] == "He"
    assert resolved_speaker(text, quote) == "Volodymyr Zelensky"


def test_quoted_sentence_after_a_sentence_about_a_named_person(nlp: Language) -> None:
    text = "The firm grew fast. His former partner, Lawrence Cummings, praised him at length. “He closed deals nobody else could.”"
    quote = only_quote(nlp, text)
    assert resolved_speaker(text, quote) == "Lawrence Cummings"


def test_possessive_utterance_gives_the_speaker(nlp: Language) -> None:
    text = "Zelensky’s response was cryptic, simply stating that “such things are not announced.”"
    quote = only_quote(nlp, text)
    assert resolved_speaker(text, quote) == "Zelensky"
    assert quote["cue"] == "stating"


def test_title_and_apposition_give_the_person(nlp: Language) -> None:
    text = 'White House Press Secretary Karine Jean-Pierre defended the decision, stating, "They started this war."'
    quote = only_quote(nlp, text)
    assert resolved_speaker(text, quote) == "Karine Jean-Pierre"


def test_outer_report_owns_the_quoted_words(nlp: Language) -> None:
    text = "Senator Maria Lopez said John Carter called on members to be “closely coordinated.”"
    quote = only_quote(nlp, text)
    assert resolved_speaker(text, quote) == "Maria Lopez"


def test_speaker_introduced_by_a_colon_in_the_previous_paragraph(nlp: Language) -> None:
    text = "Maria Lopez released the following statement:\n\n“We are grateful to the rescue teams.”"
    quote = only_quote(nlp, text)
    assert resolved_speaker(text, quote) == "Maria Lopez"


# --- not quotes ----------------------------------------------------------------------------------


def test_scare_quotes_and_titles_are_not_speech(nlp: Language) -> None:
    text = (
        "Volodymyr Zelensky presented his 'Victory Plan' to parliament. "
        "Lawmakers signed the so-called “peace deal” and the film “The Long Winter” opened on Friday."
    )
    found = quotes_of(nlp, text)
    assert {q["quote_text"] for q in found} == {"Victory Plan", "peace deal", "The Long Winter"}
    for quote in found:
        assert quote["is_speech"] is False
        assert quote["speaker_start_char"] is None and quote["speaker_text"] is None


def test_scare_quote_in_a_persons_sentence_is_not_attributed(nlp: Language) -> None:
    text = "Volodymyr Zelensky visited the “frontline” city of Pokrovsk on Friday."
    found = quotes_of(nlp, text)
    assert [q["quote_text"] for q in found] == ["frontline"]
    assert found[0]["is_speech"] is False and found[0]["speaker_text"] is None


def test_scare_quote_under_a_reporting_verb_is_speech(nlp: Language) -> None:
    text = "Maria Lopez called the plan “reckless” on Monday."
    quote = only_quote(nlp, text)
    assert quote["quote_text"] == "reckless"
    assert resolved_speaker(text, quote) == "Maria Lopez"


def test_text_without_marks_has_no_quotes(nlp: Language) -> None:
    assert quotes_of(nlp, "Maria Lopez said prices would fall next year.") == []


def test_empty_text_has_no_quotes(nlp: Language) -> None:
    assert quotes_of(nlp, "") == []


def test_stray_closing_mark_makes_no_quote(nlp: Language) -> None:
    assert speech_of(nlp, "The vote passed” by a wide margin on Monday.") == []


def test_speech_cues_are_loaded_from_the_reference_list() -> None:
    cues = load_speech_cues()
    assert {"say", "warn", "emphasize", "declare", "insist", "write"} <= cues.verbs
    assert "response" in cues.utterance_nouns


def test_pronoun_prefers_the_named_subject_over_a_later_object(nlp: Language) -> None:
    text = "Senator Maria Lopez met John Carter on Monday. She said, “We agreed on nothing.”"
    quote = only_quote(nlp, text)
    assert quote["speaker_text"] == "She"
    assert resolved_speaker(text, quote) == "Maria Lopez"


def test_dash_credit_line_names_the_speaker(nlp: Language) -> None:
    text = "“He does not understand our communities at all.” ― Carla Sanchez\n\n“We need better leaders.” ― Jorge Falcon"
    found = speech_of(nlp, text)
    assert [resolved_speaker(text, q) for q in found] == ["Carla Sanchez", "Jorge Falcon"]


def test_markup_attribute_values_are_not_quotes() -> None:
    text = '<tweet author="JebBush" timestamp="1449075600">Praying for the victims</tweet>'
    assert find_quoted_spans(text) == []


def test_a_stray_opening_mark_makes_no_empty_quote(nlp: Language) -> None:
    quotes = quotes_of(nlp, "“ “ We will rebuild the bridge,” Smith said.")
    assert [q["quote_text"] for q in quotes] == ["We will rebuild the bridge,"]  # found by the property tests
    assert quotes[0]["is_speech"]
