"""Titles and scare quotes are not speech, unless a reporting verb governs a term."""

from __future__ import annotations

from spacy.language import Language

from tests.transforms.extract.quotes.support import (
    only_quote,
    quotes_of,
    resolved_speaker,
)
from transforms.extract.quotes import find_quoted_spans
from transforms.extract.quotes.kinds import (
    is_exclamation,
    is_full_sentence,
    is_punctuated_term,
    opens_a_sentence,
    is_scare_quote,
    looks_like_title,
    reopens,
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


def test_a_fragment_of_three_words_deep_in_a_reported_clause_is_speech(nlp: Language) -> None:
    """A partial quote of three words or more is the reporting verb's at any depth of the clause it reports, and where
    the parser hangs the tag on the quoted words; a two-word term there stays a scare quote."""
    deep = "Guy Mansfield warned there was a real risk that people on the “margins of society” would be driven away."
    quote = only_quote(nlp, deep)
    assert quote["quote_text"] == "margins of society" and resolved_speaker(deep, quote) == "Guy Mansfield"
    tagged = "Next year will be “make or break” for development in poorer countries Gordon Brown will say as he sets out UK goals."
    quote = only_quote(nlp, tagged)
    assert quote["quote_text"] == "make or break" and resolved_speaker(tagged, quote) == "Gordon Brown"
    term = "Guy Mansfield warned there was a real risk that people on the “social margins” would be driven away."
    assert [q["is_speech"] for q in quotes_of(nlp, term)] == [False]


def test_title_case_words_name_a_work_not_speech():
    assert looks_like_title("Victory Plan")
    assert looks_like_title("Meet the Press,")
    assert not looks_like_title("We will win.")
    assert not looks_like_title("Done.")  # one word ending a sentence is a (short) statement


def test_a_few_words_without_sentence_punctuation_are_a_scare_quote():
    assert is_scare_quote("vicious snake")
    assert not is_scare_quote("we lost,")
    assert not is_scare_quote("this is a very long phrase")


def test_a_full_sentence_is_capitalised_ends_in_punctuation_and_has_three_words():
    text = "“We will win.” “we will win.” “Win.”"
    spans = find_quoted_spans(text)
    assert [is_full_sentence(span, text) for span in spans] == [True, False, False]


def test_a_quote_reopens_the_previous_one_only_where_that_one_was_never_closed():
    text = 'Brown said: "Fuel duty should rise. "But not this year." "Next."'
    first, second, third = find_quoted_spans(text)
    assert reopens(first, second)
    assert not reopens(second, third)


def test_a_short_exclamation_is_speech_with_its_speaker(nlp: Language) -> None:
    text = '"Oh, God," Biden blurted when he saw the numbers.'
    quote = only_quote(nlp, text)
    assert quote["quote_text"] == "Oh, God,"
    assert resolved_speaker(text, quote) == "Biden"
    cry = only_quote(nlp, 'As the crowd surged, someone shouted "Gun!" and people ran.')
    assert cry["quote_text"] == "Gun!" and cry["cue"] == "shouted"


def test_exclamations_are_not_titles():
    assert is_exclamation("Oh, God,") and is_exclamation("Gun!") and is_exclamation("U-S-A! U-S-A!")
    assert not looks_like_title("Oh, God,")
    assert not is_exclamation("Victory Plan") and not is_exclamation("dishonest media")


def test_a_bare_term_needs_a_reporting_verb_that_governs_it(nlp: Language) -> None:
    # "said" reports the aides' words, not the term in the clause before it
    text = 'Trump has attacked the "dishonest media" for weeks, and his aides said the coverage was unfair.'
    (quote,) = quotes_of(nlp, text)
    assert quote["quote_text"] == "dishonest media"
    assert quote["is_speech"] is False and quote["speaker_start_char"] is None
    governed = only_quote(nlp, 'Trump said on Monday that the press was "dishonest" and unfair.')
    assert governed["quote_text"] == "dishonest" and resolved_speaker('Trump said', governed) == "Trump"


def test_a_parenthetical_tag_reports_the_term_in_the_clause_it_interrupts(nlp: Language) -> None:
    text = 'Conte\'s statements, Ms Jones added, were "false and malicious".'
    quote = only_quote(nlp, text)
    assert quote["quote_text"] == "false and malicious"
    assert resolved_speaker(text, quote) == "Jones"


def test_a_term_under_a_verb_of_condemning_or_likening_is_speech(nlp: Language) -> None:
    """Condemning something as X or likening it to X says X: the term is the subject's words."""
    for text in (
        "Maria Lopez condemned the test as “provocative and destabilizing” on Monday.",
        "Maria Lopez likened the plan to a “vicious snake” on Monday.",
    ):
        quote = only_quote(nlp, text)
        assert quote["is_speech"] is True
        assert resolved_speaker(text, quote) == "Maria Lopez"


def test_a_term_with_its_full_stop_inside_the_marks_needs_a_cue_or_a_speaker(nlp: Language) -> None:
    """American style puts the sentence's comma or full stop inside the marks: a term is still a term."""
    text = "The less valuable mines would be placed in a separate “liquidating trust.” That trust would clean up the water."
    (term,) = quotes_of(nlp, text)
    assert term["quote_text"] == "liquidating trust." and term["is_speech"] is False
    reported = only_quote(nlp, "Maria Lopez called the plan “reckless.” The vote is on Monday.")
    assert reported["quote_text"] == "reckless." and reported["cue"] == "called"


def test_a_few_words_ending_in_a_comma_or_full_stop_are_a_punctuated_term():
    assert is_punctuated_term("liquidating trust.") and is_punctuated_term("13th,")
    assert not is_punctuated_term("vicious snake") and not is_punctuated_term("You winning?")
    assert not is_punctuated_term("we will never give up.")


def test_a_quote_opens_a_sentence_after_a_sentence_end_even_if_the_sentence_runs_on():
    text = "He left. “You went on television to blame” workers. They said “you went on television” too."
    first, second = find_quoted_spans(text)
    assert opens_a_sentence(first, text) and not is_full_sentence(first, text)
    assert not opens_a_sentence(second, text)
