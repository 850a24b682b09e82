from __future__ import annotations

from datetime import datetime, timezone
from pathlib import Path

import pytest

from transforms.ingest import ArticleCandidate
from transforms.normalize import (
    MAX_ARTICLE_CHARS,
    PARSED_LANGUAGES,
    article_id_for,
    clean_unicode,
    detect_language,
    load_boilerplate_patterns,
    load_language_identifier,
    normalize_candidates,
    normalize_text,
)

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


@pytest.fixture(scope="module")
def patterns():
    return load_boilerplate_patterns()


def test_le_monde_paywall_teaser_and_crosslink_are_removed_and_kept_for_audit(patterns):
    text = (RAW / "000_f63fc0ac8ccc2cda.txt").read_text(encoding="utf-8")
    result = normalize_text(text, patterns)
    assert result.is_truncated
    assert result.visible_fraction == pytest.approx(0.5183)
    assert "Subscribers only" not in result.body_text
    assert "left to read" not in result.body_text
    assert "Editorial Ukraine needs" not in result.body_text
    assert "Obtain safety guarantees" in result.body_text  # a real subheading stays
    assert len(result.removed_boilerplate) == 3
    assert result.removed_boilerplate[-1].startswith("You have 48.17% of this article left")


def test_complete_article_is_not_truncated(patterns):
    result = normalize_text((RAW / "001_78de7689fee4969a.txt").read_text(encoding="utf-8"), patterns)
    assert not result.is_truncated and result.visible_fraction == 1.0 and result.removed_boilerplate == ()


def test_paywall_notice_without_share_gives_unknown_visible_fraction(patterns):
    result = normalize_text("Paragraph one says something.\nSubscribe now to continue reading this article.", patterns)
    assert result.is_truncated and result.visible_fraction is None
    assert result.body_text == "Paragraph one says something."


def test_whitespace_paragraphs_and_unicode_are_normalised_but_curly_quotes_kept(patterns):
    text = "  First\u00a0 paragraph\u200b with  spaces. \r\n\r\n\r\nSecond “quoted” line caf\u0065\u0301.\n"
    result = normalize_text(text, patterns)
    assert result.body_text == "First paragraph with spaces.\n\nSecond “quoted” line café."


def test_mojibake_is_repaired():
    assert clean_unicode("Zelenskyâ€™s response") == "Zelensky’s response"


def test_short_english_headline_is_english():
    assert detect_language("Ad sales boost Time Warner profit") == "en"


def test_english_headline_full_of_foreign_names_is_undetermined_and_parsed():
    # the identifier's best guess is another language, but it leaves English over the skip threshold
    language = detect_language("Deutsche Telekom sees mobile gain")
    assert language == "und" and language in PARSED_LANGUAGES


@pytest.mark.parametrize("text", ["", "1 2 3", "£2,000 (€2,300) — 45% 1995-2005", "Obama, Kirk"])
def test_too_little_text_is_undetermined_and_parsed(text):
    assert detect_language(text) == "und" and "und" in PARSED_LANGUAGES


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Der Bundestag hat am Donnerstag den Haushalt für das kommende Jahr beschlossen.", "de"),
        ("Les députés ont adopté mardi la réforme des retraites par 287 voix contre 250.", "fr"),
        ("El Gobierno aprobó este martes un paquete de ayudas de 3.000 millones de euros para los agricultores.", "es"),
        ("东京发生了大地震。", "zh"),  # no spaces: each character counts as a word
    ],
)
def test_text_in_another_language_is_identified_and_not_parsed(text, language):
    assert detect_language(text) == language
    assert language not in PARSED_LANGUAGES


def test_detected_codes_are_iso_639_1():
    assert all(len(code) == 2 for code in load_language_identifier().labels)


def test_articles_carry_their_language(patterns):
    now = datetime(2024, 11, 18, tzinfo=timezone.utc)
    candidates = [
        ArticleCandidate("en.txt", "Biden authorised the strikes on Sunday, officials said.", "sha-en", "utf-8"),
        ArticleCandidate("de.txt", "Die Regierung hat die Angriffe am Sonntag genehmigt, sagten Beamte.", "sha-de", "utf-8"),
        ArticleCandidate("und.txt", "42", "sha-und", "utf-8"),
    ]
    articles, _ = normalize_candidates(candidates, patterns, "run-1", now)
    assert dict(zip(articles["source_uri"], articles["language"])) == {"en.txt": "en", "de.txt": "de", "und.txt": "und"}


def test_exact_duplicates_are_rejected_and_ids_are_stable(patterns):
    now = datetime(2024, 11, 18, tzinfo=timezone.utc)
    body = "Biden authorised the strikes, officials said."
    candidates = [
        ArticleCandidate("a.txt", body, "sha-a", "utf-8"),
        ArticleCandidate("b.txt", "  " + body + "\n", "sha-b", "utf-8"),  # same text once normalised
        ArticleCandidate("c.txt", "Read more Subscribers only Another story", "sha-c", "utf-8"),  # nothing left
    ]
    articles, rejections = normalize_candidates(candidates, patterns, "run-1", now)
    assert articles["article_id"].tolist() == [article_id_for(body)]
    assert articles.loc[0, "ingest_date"] == now.date()
    assert [(r.source_uri, r.reason) for r in rejections] == [("b.txt", "duplicate"), ("c.txt", "empty")]
    again, rejected_again = normalize_candidates(candidates[:1], patterns, "run-2", now, frozenset(articles["article_id"]))
    assert again.empty and rejected_again[0].reason == "duplicate"



@pytest.mark.parametrize("text", ['"""', "...", "“ ” ‘ ’ « »", "- -- — !?"])
def test_a_text_without_words_is_rejected_as_no_words_naming_its_file(text):
    articles, rejections = normalize_candidates([ArticleCandidate("in/quotes_only.txt", text, "h", "utf-8")], [], "run", datetime.now(timezone.utc))
    assert articles.empty
    (rejection,) = rejections
    assert (rejection.source_uri, rejection.reason) == ("in/quotes_only.txt", "no_words")


def test_a_text_longer_than_the_parser_takes_is_rejected_before_parsing(monkeypatch):
    import transforms.normalize as normalize

    monkeypatch.setattr(normalize, "MAX_ARTICLE_CHARS", 100)
    long_text = "The minister said the plan would cost money. " * 3
    articles, rejections = normalize_candidates(
        [ArticleCandidate("in/book.txt", long_text, "h1", "utf-8"), ArticleCandidate("in/short.txt", "The minister said so.", "h2", "utf-8")],
        [], "run", datetime.now(timezone.utc))
    assert list(articles["source_uri"]) == ["in/short.txt"]
    (rejection,) = rejections
    assert rejection.reason == "too_long_for_parser" and "at most 100" in rejection.detail


def test_the_default_limit_is_the_parsers_own():
    from transforms.nlp import MAX_DOC_CHARS, load_pipeline

    assert MAX_ARTICLE_CHARS == MAX_DOC_CHARS <= load_pipeline().max_length


def test_markup_tags_are_removed_and_kept_for_audit(patterns):
    text = (
        'Sanders was rated<tweet tweet-author=" we rate it Mostly True" tweet-date="today">Sanders said “51 percent.”<tweet/>.\n'
        '<tweet tweet-id="783499116076687360"><tweet/>.\n'
        'Read <a href="https://example.com/a">the ruling</a> here, and mind x <y and z> in prose.'
    )
    result = normalize_text(text, patterns)
    assert result.body_text == (
        "Sanders was rated Sanders said “51 percent.”.\n\nRead the ruling here, and mind x <y and z> in prose."
    )
    assert result.removed_boilerplate == (
        '<tweet tweet-author=" we rate it Mostly True" tweet-date="today">',
        "<tweet/>",
        '<tweet tweet-id="783499116076687360">',
        "<tweet/>",
        '<a href="https://example.com/a">',
        "</a>",
    )
