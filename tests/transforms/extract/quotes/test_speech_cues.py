"""The speech cues: the curated list, as the reference catalog loads it."""

from __future__ import annotations

from transforms.extract.quotes import load_speech_cues


def test_speech_cues_are_loaded_from_the_reference_list() -> None:
    cues = load_speech_cues()
    assert {"say", "warn", "emphasize", "declare", "insist", "write"} <= cues.verbs
    assert "response" in cues.utterance_nouns
