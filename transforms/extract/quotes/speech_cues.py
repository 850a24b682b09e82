"""The words that mark speech and speakers, read from two curated lists: the reporting verbs and
utterance nouns of `transforms/reference/speech_cues.csv`, and the common nouns that can stand for a
speaker (`speaker_nouns.csv`: "the company", "a spokesman", "the document", "the chancellor"); and the
offices whose spokesperson speaks for an organisation the phrase does not name (`spokesperson_offices.csv`:
"the prime minister's official spokesman" is Downing Street's, the gold's convention and BBC usage).
Loaded once per process by `load_reference_catalog`.

The speech-cue list is hand-curated; its tail adds members of VerbNet 3.4's communication classes (say-37.7,
complain-37.8, manner_speaking-37.3, advise-37.9, beg-58.2, urge-58.1, confess-37.10, lecture-37.11,
inquire-37.1.2, transfer_mesg-37.1.1), leaving out verbs mostly used otherwise ("relate", "snap").
New lines are appended at the end (CRLF line endings, as the file has)."""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path

from transforms.reference import REFERENCE_DIR

DEFAULT_SPEECH_CUES_PATH = REFERENCE_DIR / "speech_cues.csv"
DEFAULT_SPEAKER_NOUNS_PATH = REFERENCE_DIR / "speaker_nouns.csv"
DEFAULT_SPOKESPERSON_OFFICES_PATH = REFERENCE_DIR / "spokesperson_offices.csv"
# What a speaker noun stands for: an organisation ("the company"), an organisation's voice ("a spokesman"),
# a document someone issued ("a statement"), a role a named person holds ("the chancellor"), or a source the
# article does not name ("a senior official").
SPEAKER_NOUN_KINDS = ("organisation", "spokesperson", "document", "role", "source")


@dataclass(frozen=True)
class SpeechCues:
    """Lemmas that report speech: verbs ("say", "warn") and nouns for what was said ("response"); and the
    nouns that can be a speaker, by what they stand for (lemma -> one of `SPEAKER_NOUN_KINDS`)."""

    verbs: frozenset[str]
    utterance_nouns: frozenset[str]
    speaker_nouns: dict[str, str] = field(default_factory=dict, hash=False)
    # an office's words as a spokesperson's phrase writes them (lower case) -> the organisation it speaks for
    spokesperson_offices: dict[str, str] = field(default_factory=dict, hash=False)

    def speaker_noun_kind(self, lemma: str) -> str | None:
        return self.speaker_nouns.get(lemma.lower())


def load_speech_cues(
    path: Path = DEFAULT_SPEECH_CUES_PATH,
    speaker_nouns_path: Path | None = DEFAULT_SPEAKER_NOUNS_PATH,
    offices_path: Path | None = DEFAULT_SPOKESPERSON_OFFICES_PATH,
) -> SpeechCues:
    """Read the curated speech-cue list (`lemma,kind` CSV) and, when given, the speaker nouns (`lemma,kind`) and the
    spokespeople's offices (`words,organisation`)."""
    verbs: set[str] = set()
    nouns: set[str] = set()
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            (verbs if row["kind"] == "verb" else nouns).add(row["lemma"].strip().lower())
    speaker_nouns: dict[str, str] = {}
    if speaker_nouns_path is not None:
        with open(speaker_nouns_path, encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row["kind"] not in SPEAKER_NOUN_KINDS:
                    raise ValueError(f"{speaker_nouns_path}: unknown kind {row['kind']!r} for {row['lemma']!r}")
                speaker_nouns[row["lemma"].strip().lower()] = row["kind"]
    offices: dict[str, str] = {}
    if offices_path is not None:
        with open(offices_path, encoding="utf-8", newline="") as handle:
            offices = {row["words"].strip().lower(): row["organisation"].strip() for row in csv.DictReader(handle)}
    return SpeechCues(frozenset(verbs), frozenset(nouns), speaker_nouns, offices)
