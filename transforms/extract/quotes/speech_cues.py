"""The reporting verbs and utterance nouns that mark speech, read from the curated list
`transforms/reference/speech_cues.csv` (loaded once per process by `load_reference_catalog`).

The list is hand-curated; its tail adds members of VerbNet 3.4's communication classes (say-37.7,
complain-37.8, manner_speaking-37.3, advise-37.9, beg-58.2, urge-58.1, confess-37.10, lecture-37.11,
inquire-37.1.2, transfer_mesg-37.1.1), leaving out verbs mostly used otherwise ("relate", "snap").
New lines are appended at the end (CRLF line endings, as the file has)."""

from __future__ import annotations

import csv
from dataclasses import dataclass
from pathlib import Path

from transforms.reference import REFERENCE_DIR

DEFAULT_SPEECH_CUES_PATH = REFERENCE_DIR / "speech_cues.csv"


@dataclass(frozen=True)
class SpeechCues:
    """Lemmas that report speech: verbs ("say", "warn") and nouns for what was said ("response")."""

    verbs: frozenset[str]
    utterance_nouns: frozenset[str]


def load_speech_cues(path: Path = DEFAULT_SPEECH_CUES_PATH) -> SpeechCues:
    """Read the curated speech-cue list (`lemma,kind` CSV)."""
    verbs: set[str] = set()
    nouns: set[str] = set()
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            (verbs if row["kind"] == "verb" else nouns).add(row["lemma"].strip().lower())
    return SpeechCues(frozenset(verbs), frozenset(nouns))
