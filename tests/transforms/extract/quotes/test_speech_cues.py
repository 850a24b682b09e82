"""The speech cues: the curated list, as the reference catalog loads it."""

from __future__ import annotations

from pathlib import Path

from spacy.language import Language

from tests.transforms.extract.quotes.support import only_quote, resolved_speaker
from transforms.extract.quotes import load_speech_cues


def test_speech_cues_are_loaded_from_the_reference_list() -> None:
    cues = load_speech_cues()
    assert {"say", "warn", "emphasize", "declare", "insist", "write"} <= cues.verbs
    assert "response" in cues.utterance_nouns


def test_spokespeoples_offices_are_loaded_and_can_be_left_out(tmp_path: Path) -> None:
    assert load_speech_cues().spokesperson_offices["number 10"] == "Downing Street"
    offices = tmp_path / "spokesperson_offices.csv"
    offices.write_text("words,organisation\nFirst Minister ,Scottish Executive\n", encoding="utf-8")
    assert load_speech_cues(offices_path=offices).spokesperson_offices == {"first minister": "Scottish Executive"}
    assert load_speech_cues(offices_path=None).spokesperson_offices == {}


def test_verbnet_reporting_verbs_are_listed() -> None:
    # from VerbNet 3.4's say-37.7, complain-37.8, manner_speaking-37.3, urge-58.1 and neighbouring classes
    assert {"implore", "blurt", "mutter", "grumble", "bellow", "retort", "exhort"} <= load_speech_cues().verbs


def test_an_unusual_reporting_verb_names_the_speaker(nlp: Language) -> None:
    text = 'Donald Trump on Monday implored supporters to "get out and vote" in November.'
    quote = only_quote(nlp, text)
    assert quote["cue"] == "implored"
    assert resolved_speaker(text, quote) == "Donald Trump"
