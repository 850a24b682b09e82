"""Grammar around a quote: datelines and subjects in another paragraph are never speakers."""

from __future__ import annotations

import pytest
from spacy.language import Language

from tests.transforms.extract.quotes.support import only_quote, resolved_speaker, speech_of
from transforms.extract.quotes.grammar import can_speak, in_dateline


@pytest.mark.parametrize(
    ("text", "dateline"),
    [
        ("WASHINGTON (AP) — Officials said so.", "WASHINGTON (AP) —"),
        ("Title.\nFLINT, Mich., Oct. 4 (UPI) — Bill Clinton said so.", "FLINT, Mich., Oct. 4 (UPI) —"),
        ("NEW YORK - Smith said so.", "NEW YORK -"),
        ("NATO — the alliance — said so.", ""),  # a bare acronym before a dash is no place
        ("WALLACE: Let us start - now.", ""),  # a transcript label is not a dateline
    ],
)
def test_datelines_are_found_at_the_start_of_a_line(nlp: Language, text: str, dateline: str) -> None:
    doc = nlp(text)
    inside = [token for token in doc if in_dateline(token)]
    assert (doc.text[inside[0].idx : inside[-1].idx + len(inside[-1])] if inside else "") == dateline
    assert not any(can_speak(token) for token in inside)


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        # the parser runs the title into the dateline's sentence and makes it the subject of "said"
        ('Title.\n\nWASHINGTON (AP) — "Nobody knows," said a White House aide.', "a White House aide"),
        # and hangs the title and the dateline on the speaker's noun phrase
        ('Title.\n\nNEW YORK (AP) — Reporters asked about the tapes, saying "this is a disgrace."', "Reporters"),
    ],
)
def test_a_dateline_or_the_previous_paragraph_is_never_the_speaker(nlp: Language, text: str, speaker: str) -> None:
    assert resolved_speaker(text, only_quote(nlp, text)) == speaker


def test_a_participle_after_a_tag_speaks_for_the_tag_subject(nlp: Language) -> None:
    text = (
        '"To have a time when you have Trump, the big debate, I guess of today, is insane," Sanders said, going on to say '
        'that the country has spent "hundreds of years fighting against racism, to have that debate again, young people '
        'do not want to see that."'
    )
    quotes = speech_of(nlp, text)
    assert resolved_speaker(text, quotes[-1]) == "Sanders"


@pytest.mark.parametrize(
    ("text", "speaker"),
    [
        ('The scheme has been branded a "disgraceful waste" by the Liberal Democrats.', "Liberal Democrats"),
        ('The plan was described as "a complete and utter disgrace" by Michael Howard.', "Michael Howard"),
    ],
)
def test_the_by_phrase_of_a_passive_reporting_verb_is_its_speaker(nlp: Language, text: str, speaker: str) -> None:
    """The parser hangs "by …" on the quoted words right before it, not on the passive verb as its agent."""
    assert resolved_speaker(text, only_quote(nlp, text)) == speaker


def test_a_tag_written_twice_is_the_name_right_after_its_first_verb(nlp: Language) -> None:
    """"said X, a Y, told Reuters": the parser makes X the subject of the second verb and leaves "said" without one."""
    text = '"People who are not farming will hijack the subsidy," said Joshua Osagie, a cocoa farmer from Edo state told Reuters.'
    assert resolved_speaker(text, only_quote(nlp, text)) == "Joshua Osagie"


def test_the_name_in_apposition_to_a_dateline_speaks(nlp: Language) -> None:
    """The parser makes the dateline the subject and the speaker its apposition: the speaker is the name."""
    text = (
        "WASHINGTON -- President Obama, dedicating the National Museum of African American History and Culture on "
        "Saturday, said it would tell an American story, one of ''suffering and delight, one of fear, but also of hope.''"
    )
    quote = only_quote(nlp, text)
    assert resolved_speaker(text, quote) == "Obama"


def test_a_share_of_a_group_speaks_for_the_poll(nlp: Language) -> None:
    """A percentage of people named by its of-phrase is the source of a poll's words; a bare number is not a speaker."""
    text = (
        "In the new poll, only 52 percent of registered voters agreed that Clinton is in \"good enough overall health to "
        "serve as president,\" while 73 percent said the same of Trump."
    )
    quote = only_quote(nlp, text)
    assert quote["speaker_text"] == "only 52 percent of registered voters" and quote["speaker_kind"] == "unnamed source"
    assert not can_speak(nlp("He won 52 percent in 2012.")[3])
