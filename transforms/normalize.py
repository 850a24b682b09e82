"""Normalize: clean article text once, so that every offset downstream indexes the same string.

Guarantees for `body_text`: mojibake repaired and NFC-normalised (typographic quotes kept, they
carry meaning for quote extraction), zero-width characters dropped, runs of spaces folded,
one paragraph per line-group separated by a blank line, markup tags left in the text (`<tweet
id="…">`, `</a>`) and paywall / teaser / cross-link / promo strings removed — each removed string is
kept in `removed_boilerplate` for audit. Removing tags changes the text, so an input that holds
markup gets another `article_id` than it had before tags were removed.
"""

from __future__ import annotations

import csv
import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path

import ftfy
import pandas as pd
from py3langid.langid import MODEL_FILE, LanguageIdentifier

from transforms.ingest import ArticleCandidate, Rejection
from transforms.nlp import MAX_DOC_CHARS
from transforms.reference import REFERENCE_DIR
from transforms.schema import ARTICLES

DEFAULT_BOILERPLATE_PATH = REFERENCE_DIR / "boilerplate.csv"
PARAGRAPH_SEPARATOR = "\n\n"
# Longer texts are rejected, not parsed (the parser's limit; news articles are ~5,000 characters).
MAX_ARTICLE_CHARS = MAX_DOC_CHARS
# Language identification: text the identifier is confident is another language is skipped; English and
# undetermined text are parsed with the English model. Measured in benchmarks/language.py, see docs/accuracy.md.
UNDETERMINED_LANGUAGE = "und"
PARSED_LANGUAGES = frozenset({"en", UNDETERMINED_LANGUAGE})
# "Confident it is another language" = the identifier leaves English under 1% of the probability.
MAX_ENGLISH_PROBABILITY_TO_SKIP = 0.01
# Fewer words than this is too little evidence: bare numbers, units and names stay undetermined.
MIN_WORDS_TO_IDENTIFY = 3
# A few paragraphs are evidence enough; the identifier's cost grows with the text, so long articles are cut.
LANGUAGE_SAMPLE_CHARS = 1000

_ZERO_WIDTH = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
_SPACES = re.compile("[ \t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
# A markup tag: <name>, </name>, <name/>, or with attributes whose values are quoted (<tweet id="1">).
# Attributes must be quoted so that "a <b and c> d" in prose is not taken for a tag.
_MARKUP_TAG = re.compile(r"""(\s*)</?[A-Za-z][\w:-]*(?:\s+[\w:-]+\s*=\s*(?:"[^"\n]*"|'[^'\n]*'))*\s*/?>""")
_WORD = re.compile(r"\w+(?:[’'\-.]\w+)*")
_FTFY_CONFIG = ftfy.TextFixerConfig(uncurl_quotes=False, fix_character_width=True, normalization="NFC", explain=False)

# Scripts written without spaces (Thai, kana, Han): each character counts as a word.
_UNSPACED_SCRIPTS = "\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_LANGUAGE_WORD = re.compile(rf"[{_UNSPACED_SCRIPTS}]|[^\W\d_{_UNSPACED_SCRIPTS}]+")


@dataclass(frozen=True)
class BoilerplatePattern:
    kind: str  # paywall | teaser | crosslink | promo
    regex: re.Pattern[str]
    description: str


@dataclass(frozen=True)
class NormalizedText:
    body_text: str
    is_truncated: bool
    visible_fraction: float | None
    removed_boilerplate: tuple[str, ...]


def load_boilerplate_patterns(path: Path = DEFAULT_BOILERPLATE_PATH) -> list[BoilerplatePattern]:
    """Read the curated boilerplate patterns (one regex per row, matched per line)."""
    with open(path, encoding="utf-8", newline="") as handle:
        return [
            BoilerplatePattern(row["kind"], re.compile(row["pattern"], flags=re.M), row["description"])
            for row in csv.DictReader(handle)
        ]


def clean_unicode(text: str) -> str:
    """Repair mojibake and normalise to NFC without touching typographic quotes."""
    fixed = ftfy.fix_text(text, config=_FTFY_CONFIG)
    return unicodedata.normalize("NFC", _ZERO_WIDTH.sub("", fixed))


def split_paragraphs(text: str) -> list[str]:
    """Lines with folded spaces; empty lines dropped."""
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))
    return [line for line in lines if line]


def remove_markup(paragraphs: Sequence[str]) -> tuple[list[str], list[str]]:
    """Drop markup tags left in the text (a tag's attribute values would read as quotations and its
    name as a speaker); a tag between two words leaves a space. Returns the paragraphs and the tags."""
    kept: list[str] = []
    removed: list[str] = []

    def drop(match: re.Match[str]) -> str:
        removed.append(match.group(0).strip())
        text, start, end = match.string, match.start(), match.end()
        following = text[end] if end < len(text) else ""
        if following in ".,;:!?)":
            return ""  # "… PfASkm7vah</tweet>." and "word <tweet/>." end as "… PfASkm7vah." and "word."
        between_words = start > 0 and text[start - 1].isalnum() and following.isalnum()
        return " " if between_words or match.group(1) else ""

    for paragraph in paragraphs:
        if "<" not in paragraph:
            kept.append(paragraph)
            continue
        remaining = _SPACES.sub(" ", _MARKUP_TAG.sub(drop, paragraph)).strip()
        if any(character.isalnum() for character in remaining):  # an embedded tweet leaves "." behind
            kept.append(remaining)
    return kept, removed


def remove_boilerplate(paragraphs: Sequence[str], patterns: Sequence[BoilerplatePattern]) -> tuple[list[str], list[str], bool, float | None]:
    """Strip boilerplate from each paragraph; report what was removed and any paywall cut."""
    kept: list[str] = []
    removed: list[str] = []
    truncated = False
    visible_fraction: float | None = 1.0
    for paragraph in paragraphs:
        remaining = paragraph
        for pattern in patterns:
            matches = list(pattern.regex.finditer(remaining))
            if not matches:
                continue  # most paragraphs match nothing: skip the second pass
            for match in matches:
                removed.append(match.group(0).strip())
                if pattern.kind == "paywall":
                    truncated = True
                    percent_left = match.groupdict().get("percent_left")
                    visible_fraction = round(1 - float(percent_left.replace(",", ".")) / 100, 4) if percent_left else None
            remaining = _SPACES.sub(" ", pattern.regex.sub("", remaining)).strip()
        if remaining:
            kept.append(remaining)
    return kept, removed, truncated, visible_fraction if truncated else 1.0


def normalize_text(text: str, patterns: Sequence[BoilerplatePattern]) -> NormalizedText:
    """The one normalisation every article goes through before its id is computed."""
    paragraphs, tags = remove_markup(split_paragraphs(clean_unicode(text)))
    kept, removed, truncated, visible_fraction = remove_boilerplate(paragraphs, patterns)
    return NormalizedText(PARAGRAPH_SEPARATOR.join(kept), truncated, visible_fraction, (*tags, *removed))


def article_id_for(body_text: str) -> str:
    """Stable article id: the same normalised text always gets the same id."""
    return hashlib.sha256(body_text.encode("utf-8")).hexdigest()[:16]


def count_words(text: str) -> int:
    return len(_WORD.findall(text))


def count_language_words(text: str) -> int:
    """Runs of letters (each Chinese, Japanese or Thai character counts as one): the evidence a language
    identifier has; digits and symbols are none."""
    return len(_LANGUAGE_WORD.findall(text))


@cache
def load_language_identifier() -> LanguageIdentifier:
    """py3langid's model (loaded once per process), limited to the languages that have an ISO 639-1 code,
    so that every detected code fits the `language` column."""
    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages([code for code in identifier.labels if len(code) == 2])
    return identifier


def detect_language(text: str) -> str:
    """`en`, the ISO 639-1 code of another language when the identifier is confident of it, or `und`.

    Only the other-language codes stop an article from being parsed (see PARSED_LANGUAGES), so doubt
    goes to English: a text with under MIN_WORDS_TO_IDENTIFY words (digits, units, a name) is `und`,
    and so is one whose best guess is another language while English keeps at least
    MAX_ENGLISH_PROBABILITY_TO_SKIP of the probability (headlines full of foreign names)."""
    sample = text[:LANGUAGE_SAMPLE_CHARS]
    if count_language_words(sample) < MIN_WORDS_TO_IDENTIFY:
        return UNDETERMINED_LANGUAGE
    ranked = load_language_identifier().rank(sample)
    best_language = ranked[0][0]
    if best_language == "en":
        return "en"
    english_probability = dict(ranked).get("en", 0.0)
    return best_language if english_probability < MAX_ENGLISH_PROBABILITY_TO_SKIP else UNDETERMINED_LANGUAGE


def unparseable_text_reason(body_text: str) -> tuple[str, str] | None:
    """(reason, detail) when a normalised text cannot become an article: no word in it (only quote
    marks or punctuation), or longer than the parser takes in one piece. None when it can."""
    if not _WORD.search(body_text):
        return "no_words", "the text holds no word, only punctuation, quote marks or symbols"
    if len(body_text) > MAX_ARTICLE_CHARS:
        return "too_long_for_parser", (
            f"{len(body_text):,} characters after normalisation; the parser takes at most {MAX_ARTICLE_CHARS:,} "
            "in one article (split the file into articles)"
        )
    return None


def normalize_candidates(
    candidates: Iterable[ArticleCandidate],
    patterns: Sequence[BoilerplatePattern],
    run_id: str,
    ingested_at: datetime,
    known_article_ids: frozenset[str] = frozenset(),
) -> tuple[pd.DataFrame, list[Rejection]]:
    """Build article rows; an article whose normalised text is already known becomes a duplicate rejection."""
    rows: list[dict[str, object]] = []
    rejections: list[Rejection] = []
    first_source_by_id: dict[str, str] = {}
    for candidate in candidates:
        normalized = normalize_text(candidate.text, patterns)
        if not normalized.body_text:
            rejections.append(Rejection(candidate.source_uri, "empty", "no text left after removing boilerplate", candidate.content_sha256, len(candidate.text.encode("utf-8"))))
            continue
        unparseable = unparseable_text_reason(normalized.body_text)
        if unparseable is not None:
            rejections.append(Rejection(candidate.source_uri, *unparseable, candidate.content_sha256, len(candidate.text.encode("utf-8"))))
            continue
        article_id = article_id_for(normalized.body_text)
        if article_id in known_article_ids or article_id in first_source_by_id:
            where = first_source_by_id.get(article_id, "the warehouse")
            detail = f"same text as article {article_id} (from {where})"
            rejections.append(Rejection(candidate.source_uri, "duplicate", detail, candidate.content_sha256, len(candidate.text.encode("utf-8"))))
            continue
        first_source_by_id[article_id] = candidate.source_uri
        rows.append(
            {
                "article_id": article_id,
                "source_uri": candidate.source_uri,
                "source_name": candidate.source_name,
                "title": clean_unicode(candidate.title).strip() if candidate.title else None,
                "author": candidate.author,
                "url": candidate.url,
                "published_at": candidate.published_at,
                "ingested_at": ingested_at,
                "language": detect_language(normalized.body_text),
                "body_text": normalized.body_text,
                "word_count": count_words(normalized.body_text),
                "is_truncated": normalized.is_truncated,
                "visible_fraction": normalized.visible_fraction,
                "removed_boilerplate": list(normalized.removed_boilerplate),
                "duplicate_of": None,
                "content_sha256": candidate.content_sha256,
                "source_encoding": candidate.source_encoding,
                "metadata_notes": list(candidate.metadata_notes),
                "run_id": run_id,
                "ingest_date": ingested_at.date(),
            }
        )
    return pd.DataFrame(rows, columns=ARTICLES.column_names), rejections



def split_known_articles(articles: pd.DataFrame, known_article_ids: frozenset[str]) -> tuple[pd.DataFrame, list[Rejection]]:
    """Articles whose normalised text the warehouse already holds become duplicate rejections
    (the warehouse is asked about these ids only, after normalisation)."""
    known = articles["article_id"].isin(known_article_ids)
    rejections = [
        Rejection(row.source_uri, "duplicate", f"same text as article {row.article_id} (from the warehouse)", row.content_sha256, len(row.body_text.encode("utf-8")))
        for row in articles[known].itertuples(index=False)
    ]
    return articles[~known].reset_index(drop=True), rejections
