"""Speakers: pronouns, possessors, titles and appositions resolved to a span; a continued paragraph keeps its speaker."""

from __future__ import annotations

from spacy.language import Language

from tests.transforms.extract.quotes.support import (
    assert_offsets,
    quotes_of,
    only_quote,
    resolved_speaker,
    speech_of,
)
from transforms.extract.quotes import find_quoted_spans
from transforms.extract.quotes.speakers import SpeakerSpan, with_previous_speaker


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


def test_a_quote_without_a_speaker_takes_the_previous_one_only_when_it_continues_their_words():
    text = "“We will win the vote.” “We will win the vote.” “ok then”"
    first, second, third = find_quoted_spans(text)
    lopez, carter = SpeakerSpan("Lopez", 0, 5, "person"), SpeakerSpan("Carter", 6, 12, "person")
    said_until = (lopez, first.close_at)
    assert with_previous_speaker(None, second, first, said_until, text) == lopez
    assert with_previous_speaker(None, third, second, said_until, text) is None  # not a full sentence
    assert with_previous_speaker(carter, second, first, said_until, text) == carter
    assert with_previous_speaker(None, second, first, None, text) is None


def test_a_reopened_paragraph_keeps_the_previous_speaker_over_a_named_one():
    text = 'Brown said: "Fuel duty should rise. "But not this year," Carter said.'
    first, second = find_quoted_spans(text)
    brown = SpeakerSpan("Brown", 0, 5, "person")
    assert with_previous_speaker(SpeakerSpan("Carter", 57, 63, "person"), second, first, (brown, first.close_at), text) == brown


def test_a_lede_fragment_is_the_person_who_says_its_words_in_full_later(nlp: Language) -> None:
    """A lede abridges the quote the story gives in full; outside the lede a shared phrase keeps its own speaker."""
    text = (
        'A "taxpayer subsidised propaganda exercise" on the EU is being used to lull the public, say the Tories.\n\n'
        'Shadow foreign secretary Michael Ancram told MPs a new White Paper was part of it. "Is the government not '
        'involved in a taxpayer subsidised propaganda exercise?" he asked. Labour said the plan was "a waste of '
        'money". "It is a waste of money," said the Tory peer Lord Smith.'
    )
    quotes = {q["quote_text"]: q for q in speech_of(nlp, text)}
    lede = quotes["taxpayer subsidised propaganda exercise"]
    assert (resolved_speaker(text, lede), lede["speaker_kind"]) == ("Michael Ancram", "person")
    assert resolved_speaker(text, quotes["a waste of money"]) == "Labour"


def test_two_titles_joined_before_a_name_are_that_persons(nlp: Language) -> None:
    """The parser reads "president and chief executive Bill Owens" as the title and a second, joined subject; an
    untitled name joined to a title ("the chairman and Mr Smith") is someone else."""
    text = '"We have a solid foundation on which to move forward," said Nortel president and chief executive Bill Owens.'
    assert resolved_speaker(text, only_quote(nlp, text)) == "Bill Owens"
    other = '"We will fight on," said the chairman and Mr Smith.'
    assert resolved_speaker(other, only_quote(nlp, other)) != "Smith"


def test_a_name_right_after_a_title_with_an_of_phrase_is_the_speaker(nlp: Language) -> None:
    """The parser hangs the name inside the title's of-phrase; it was left an unnamed source (or the committee)."""
    for text, person in [
        ('But Newcastle director of rugby Rob Andrew said: "He is fine and we hope to get him into the game."', "Rob Andrew"),
        (
            'Chairman of the Environmental Audit Committee Peter Ainsworth MP, said: "The housing policy is an alarming '
            'example of disjointed thinking."',
            "Peter Ainsworth",
        ),
    ]:
        quote = only_quote(nlp, text)
        assert (resolved_speaker(text, quote), quote["speaker_kind"]) == (person, "person")


def test_a_speaker_without_a_mention_is_named_as_written(nlp: Language) -> None:
    """A person or organisation speaker the entity layer holds no mention of keeps the article's words as its name;
    an unresolved pronoun and a common-noun phrase name no one."""
    from transforms.extract.quotes.speakers import name_as_written

    def record(start: int, end: int, kind: str) -> dict:
        return {"speaker_start_char": start, "speaker_end_char": end, "speaker_kind": kind}

    text = 'Parul Jain said so. "It is done," said M&S. "Go," he said. The Commons education select committee agreed.'
    assert name_as_written(record(0, 10, "person"), text) == "Parul Jain"
    assert name_as_written(record(text.index("M&S."), text.index("M&S.") + 4, "organisation"), text) == "M&S"
    assert name_as_written(record(text.index("he said"), text.index("he said") + 2, "person"), text) is None
    committee = text.index("The Commons")
    assert name_as_written(record(committee, committee + len("The Commons education select committee"), "organisation"), text) is None
    assert name_as_written(record(0, 10, "unnamed source"), text) is None


def test_a_quote_opening_the_next_sentence_continues_the_last_speaker_even_if_the_sentence_runs_on(nlp: Language) -> None:
    """“You went on television to blame” workers. opens a sentence that goes on after the mark: still Warren's words."""
    text = (
        "Senator Elizabeth Warren said the bank’s workers were “cheated out of their pay” by its managers. "
        "“You went on television to blame thousands of $12-an-hour” workers."
    )
    last = quotes_of(nlp, text)[-1]
    assert last["quote_text"].startswith("You went") and resolved_speaker(text, last) == "Elizabeth Warren"
