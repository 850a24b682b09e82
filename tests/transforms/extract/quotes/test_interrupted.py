"""Interrupted quotes: the parts of one statement joined, other statements kept apart."""

from __future__ import annotations

from spacy.language import Language

from tests.transforms.extract.quotes.support import (
    only_quote,
    resolved_speaker,
    speech_of,
)
from transforms.extract.quotes import find_quoted_spans
from transforms.extract.quotes.doc_index import DocIndex
from transforms.extract.quotes.interrupted import tag_ends_before


def test_multi_sentence_quote_is_one_row(nlp: Language) -> None:
    text = "“Strikes are not made with words. Such things are not announced. The missiles will speak for themselves,” said Volodymyr Zelensky."
    quote = only_quote(nlp, text)
    assert quote["quote_text"].startswith("Strikes are not made") and quote["quote_text"].endswith("themselves,")
    assert resolved_speaker(text, quote) == "Volodymyr Zelensky"


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


def test_the_speech_tag_must_end_before_the_next_quote(nlp: Language) -> None:
    text = "“A is true,” she said. “B is true.” “C,” she said. He left. “D.”"
    doc = nlp(text)
    quotes = find_quoted_spans(text)
    index = DocIndex(doc, text, [], quotes)
    said = [token for token in doc if token.text == "said"]
    assert tag_ends_before(said[0], quotes[1], index)
    assert not tag_ends_before(said[1], quotes[3], index)  # "He left." sits between


def test_a_title_in_marks_neither_joins_nor_blocks_a_join(nlp: Language) -> None:
    text = "“We will rebuild,” she said, wearing a “Make America Great Again” hat. “And we will win.”"
    assert [q["quote_text"] for q in speech_of(nlp, text)] == [text[1 : text.rindex("”")]]


def test_a_second_reporting_verb_before_the_next_quote_starts_a_statement_of_its_own(nlp: Language) -> None:
    text = "“Promise you will keep your hands in sight,” Blige sings to Clinton before asking her, “Where do we go from here?”"
    found = speech_of(nlp, text)
    assert [q["quote_text"] for q in found] == ["Promise you will keep your hands in sight,", "Where do we go from here?"]


def test_a_reporting_verb_in_a_clause_that_ends_before_the_next_quote_does_not_split(nlp: Language) -> None:
    text = "“This is in their heads,” said Caddell, speaking of her health. “It is one of the things worrying them.”"
    quote = only_quote(nlp, text)
    assert quote["quote_text"].startswith("This is in their heads") and quote["quote_text"].endswith("worrying them.")


def test_fragments_of_one_speaker_with_no_reporting_verb_are_one_quote(nlp: Language) -> None:
    text = "In recent weeks, Reid has gone after Trump as a “human leech who will bleed the country” and a “spoiled brat.”"
    quote = only_quote(nlp, text)
    assert quote["quote_text"] == "human leech who will bleed the country” and a “spoiled brat."
    assert resolved_speaker(text, quote) == "Reid"


def test_fragments_on_one_cue_with_a_new_clause_after_a_comma_are_two_quotes(nlp: Language) -> None:
    """“A,” a doctor had typed “B”: the comma inside A's marks ends its clause, and a subject of another verb begins one."""
    text = "On her discharge papers, in a box labeled “medical problem,” a doctor had typed “homicidal ideation.”"
    assert [q["quote_text"] for q in speech_of(nlp, text)] == ["medical problem,", "homicidal ideation."]
    joined = only_quote(nlp, "Senator Maria Lopez called the budget “a disgrace” and the plan “a fraud.”")
    assert joined["quote_text"] == "a disgrace” and the plan “a fraud."


def test_a_tag_after_the_reporters_own_words_ends_the_first_fragment(nlp: Language) -> None:
    """“A” to drive up the stock price, she said, … “B”: the tag is not right after A's mark, so A is a statement of its
    own; a tag right after the mark joins (“A,” Steve Mosko wrote …, and “B.”)."""
    text = (
        "“This just is not right,” Warren said. “You squeezed employees to the breaking point” to drive up the stock price, "
        "she said, referencing the bank’s drive to “cross-sell” products."
    )
    assert "You squeezed employees to the breaking point" in [q["quote_text"] for q in speech_of(nlp, text)]
    joined = only_quote(nlp, "“Smart as hell,” Steve Mosko wrote in an email to a colleague, and “full of nonsense.”")
    assert joined["quote_text"] == "Smart as hell,” Steve Mosko wrote in an email to a colleague, and “full of nonsense."
