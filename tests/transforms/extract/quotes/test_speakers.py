"""Speakers: pronouns, possessors, titles and appositions resolved to a span; a continued paragraph keeps its speaker."""

from __future__ import annotations

from spacy.language import Language

from tests.transforms.extract.quotes.support import (
    assert_offsets,
    only_quote,
    resolved_speaker,
    speech_of,
)


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


def test_pronoun_speaker_resolves_to_the_previous_person(nlp: Language) -> None:
    text = "Volodymyr Zelensky spoke in his nightly address. He emphasized, “The missiles will speak for themselves.”"
    quote = only_quote(nlp, text)
    assert quote["speaker_text"] == "He"
    assert resolved_speaker(text, quote) == "Volodymyr Zelensky"


def test_possessive_utterance_gives_the_speaker(nlp: Language) -> None:
    text = "Zelensky’s response was cryptic, simply stating that “such things are not announced.”"
    quote = only_quote(nlp, text)
    assert resolved_speaker(text, quote) == "Zelensky"
    assert quote["cue"] == "stating"


def test_title_and_apposition_give_the_person(nlp: Language) -> None:
    text = 'White House Press Secretary Karine Jean-Pierre defended the decision, stating, "They started this war."'
    quote = only_quote(nlp, text)
    assert resolved_speaker(text, quote) == "Karine Jean-Pierre"


def test_pronoun_prefers_the_named_subject_over_a_later_object(nlp: Language) -> None:
    text = "Senator Maria Lopez met John Carter on Monday. She said, “We agreed on nothing.”"
    quote = only_quote(nlp, text)
    assert quote["speaker_text"] == "She"
    assert resolved_speaker(text, quote) == "Maria Lopez"
