"""Titles and scare quotes are not speech, unless a reporting verb governs a term."""

from __future__ import annotations

from spacy.language import Language

from tests.transforms.extract.quotes.support import (
    only_quote,
    quotes_of,
    resolved_speaker,
)


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
