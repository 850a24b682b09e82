"""`extract_quotes`: the reference list is an argument, and the cue column's words."""

from __future__ import annotations

from spacy.language import Language

from transforms.extract.entities import extract_entity_mentions
from transforms.extract.quotes import SpeechCues, extract_quotes
from transforms.reference.catalog import load_reference_catalog


def test_the_speech_cues_passed_in_decide_what_reports_speech(nlp: Language) -> None:
    text = "Maria Lopez said: “We will rebuild the bridge.”"
    doc = nlp(text)
    mentions = extract_entity_mentions(doc, load_reference_catalog().entities)
    assert extract_quotes(doc, mentions, load_reference_catalog().speech_cues)[0]["cue"] == "said"
    assert extract_quotes(doc, mentions, SpeechCues(frozenset(), frozenset()))[0]["cue"] is None


def test_according_to_is_the_cue_of_its_quote(nlp: Language) -> None:
    text = "The plan “will not survive the winter,” according to Maria Lopez."
    doc = nlp(text)
    reference = load_reference_catalog()
    [quote] = extract_quotes(doc, extract_entity_mentions(doc, reference.entities), reference.speech_cues)
    assert quote["cue"] == "according to"
