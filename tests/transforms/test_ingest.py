from __future__ import annotations

import json
from datetime import timezone

import pytest

from transforms.ingest import byline, decode_text, ingest_bytes, looks_binary, split_title, title_without_site

BODY = "US President Joe Biden has authorized Ukraine to use long-range ATACMS missiles.\nZelensky said the missiles will speak for themselves."


def test_plain_utf8_text_becomes_one_candidate_with_hash_and_encoding():
    result = ingest_bytes("a.txt", ".txt", BODY.encode("utf-8"))
    assert not result.rejections
    (candidate,) = result.candidates
    assert candidate.text == BODY
    assert candidate.source_encoding == "utf-8"
    assert len(candidate.content_sha256) == 64
    assert candidate.title is None  # no blank line after the first line


def test_first_line_followed_by_blank_line_is_the_title():
    title, body = split_title("Biden backs ATACMS\n\nThe decision had been expected for months.\nMore text.")
    assert title == "Biden backs ATACMS"
    assert body.startswith("The decision")
    assert split_title("One line\nSecond line\n\nThird")[0] is None


def test_latin1_text_is_decoded_and_reported():
    data = "Chelsea paid £13.8m for Mutu, said Désirée.".encode("latin-1")
    result = ingest_bytes("sport.txt", ".txt", data)
    (candidate,) = result.candidates
    assert "£13.8m" in candidate.text and "Désirée" in candidate.text
    assert candidate.source_encoding == "iso-8859-1"


def test_cp1252_curly_quotes_are_decoded_as_cp1252():
    data = "\u201cThe missiles will speak for themselves,\u201d he said.".encode("cp1252")
    text, encoding = decode_text(data)
    assert text.startswith("\u201cThe missiles") and encoding == "cp1252"


def test_utf16_with_bom_is_text_not_binary():
    data = BODY.encode("utf-16")
    assert not looks_binary(data)
    assert ingest_bytes("a.txt", ".txt", data).candidates[0].text == BODY


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("empty.txt", b"", "empty"),
        ("blank.txt", b"  \n\t\n", "empty"),
        ("image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)), "binary"),
        ("bad.json", b'{"text": "unterminated', "malformed"),
        ("notext.json", json.dumps({"title": "No body"}).encode(), "missing_text"),
        ("sheet.xlsx", b"PK\x03\x04", "unsupported_type"),
    ],
)
def test_bad_inputs_are_rejected_with_a_reason(name, data, reason):
    suffix = "." + name.rsplit(".", 1)[1]
    result = ingest_bytes(name, suffix, data)
    assert not result.candidates
    (rejection,) = result.rejections
    assert rejection.reason == reason
    assert rejection.detail
    assert rejection.size_bytes == len(data)


def test_oversized_input_is_rejected_before_decoding():
    result = ingest_bytes("big.txt", ".txt", b"word " * 100, max_bytes=100)
    assert result.rejections[0].reason == "oversized"
    assert "100-byte limit" in result.rejections[0].detail


def test_json_record_with_metadata():
    record = {"body": BODY, "title": "Biden backs ATACMS", "url": "https://www.example.com/a", "published_at": "2024-11-17T10:00:00+01:00", "author": "J. Roe"}
    (candidate,) = ingest_bytes("a.json", ".json", json.dumps(record).encode()).candidates
    assert candidate.title == "Biden backs ATACMS"
    assert candidate.source_name == "example.com"
    assert candidate.published_at.tzinfo == timezone.utc and candidate.published_at.hour == 9
    assert candidate.author == "J. Roe"


def test_json_list_and_jsonl_keep_good_records_and_reject_bad_ones():
    listing = json.dumps([{"text": BODY}, {"title": "no text"}, "not an object"]).encode()
    result = ingest_bytes("list.json", ".json", listing)
    assert [c.source_uri for c in result.candidates] == ["list.json#0"]
    assert sorted(r.reason for r in result.rejections) == ["malformed", "missing_text"]

    lines = b"\n".join([json.dumps({"text": BODY, "source": "Le Monde"}).encode(), b"{broken", b"", json.dumps({"text": "Other story."}).encode()])
    result = ingest_bytes("feed.jsonl", ".jsonl", lines)
    assert [c.source_uri for c in result.candidates] == ["feed.jsonl#1", "feed.jsonl#4"]
    assert result.candidates[0].source_name == "Le Monde"
    assert result.rejections[0].source_uri == "feed.jsonl#2" and result.rejections[0].reason == "malformed"


def test_html_page_yields_main_text_and_metadata_without_navigation():
    html = """<html><head><title>Biden backs ATACMS - The Daily</title>
    <meta property="og:site_name" content="The Daily"><meta name="author" content="Jane Roe">
    <meta property="article:published_time" content="2024-11-17T10:00:00Z"></head>
    <body><nav>Home | World | Sport</nav><article><h1>Biden backs ATACMS</h1>
    <p>US President Joe Biden has authorized Ukraine to use long-range missiles against targets inside Russia.</p>
    <p>Ukraine estimates there are 11,000 North Korean soldiers in Kursk, officials said on Sunday.</p></article>
    <footer>Copyright 2024 The Daily</footer></body></html>"""
    (candidate,) = ingest_bytes("page.html", ".html", html.encode()).candidates
    assert "11,000 North Korean soldiers" in candidate.text
    assert "Home | World" not in candidate.text and "Copyright" not in candidate.text
    assert candidate.title == "Biden backs ATACMS"
    assert candidate.source_name == "The Daily"
    assert candidate.published_at is not None and candidate.published_at.year == 2024


def test_html_without_article_text_is_rejected():
    result = ingest_bytes("empty.html", ".html", b"<html><body><nav>Home</nav></body></html>")
    assert result.rejections[0].reason == "missing_text"


@pytest.mark.parametrize("suffix, data, uri", [
    (".json", b"[" * 5000 + b"]" * 5000, "deep.json"),
    (".json", b'[{"text": "A flat record that reads fine."}, ' + b"[" * 5000 + b"]" * 5000 + b"]", "deep.json"),
    (".jsonl", b'{"text": "A flat record that reads fine."}\n' + b'{"a": ' * 3000 + b"1" + b"}" * 3000 + b"\n", "deep.jsonl#2"),
])
def test_deeply_nested_json_is_rejected_as_too_deep_and_names_the_record(suffix, data, uri):
    result = ingest_bytes(uri.split("#")[0], suffix, data)
    (rejection,) = result.rejections
    assert rejection.reason == "too_deep" and rejection.source_uri.startswith(uri.split("#")[0])
    if "#" in uri:
        assert rejection.source_uri == uri and "line 2" in rejection.detail
        assert [c.text for c in result.candidates] == ["A flat record that reads fine."]


def test_control_characters_are_removed_from_metadata():
    record = {"body": BODY, "source": "The\x00 Daily\x1b[31m", "url": "https://example.com/a\x07", "author": "Jane\x1b]0;owned\x07 Roe", "title": "Head\nline"}
    (candidate,) = ingest_bytes("a.json", ".json", json.dumps(record).encode()).candidates
    assert candidate.source_name == "The Daily [31m"
    assert candidate.url == "https://example.com/a"
    assert candidate.author == "Jane ]0;owned Roe"
    assert candidate.title == "Head line"
    assert not any(ord(ch) < 32 for field in (candidate.source_name, candidate.url, candidate.author, candidate.title) for ch in field)


@pytest.mark.parametrize("value, kept", [
    ("0001-01-01T00:00:00Z", False),
    ("9999-12-31", False),
    ("1849-12-31", False),
    ("2999-01-01", False),
    (-1, False),
    (1700000000, False),
    ("yesterday-ish", False),
    ("1851-09-18", True),
    ("2024-11-17T10:00:00+01:00", True),
])
def test_publication_dates_outside_a_plausible_window_are_null_with_a_note(value, kept):
    record = {"body": BODY, "published_at": value}
    (candidate,) = ingest_bytes("a.json", ".json", json.dumps(record).encode()).candidates
    if kept:
        assert candidate.published_at is not None and candidate.metadata_notes == ()
    else:
        assert candidate.published_at is None
        (note,) = candidate.metadata_notes
        assert note.startswith("published_at") and "dropped" in note


@pytest.mark.parametrize("title, sites, expected", [
    ("Why AI is hard | WIRED", ["WIRED", "wired.com"], "Why AI is hard"),
    ("Biden backs ATACMS - BBC News", ["BBC News"], "Biden backs ATACMS"),
    ("Ukraine: the war | The Guardian", [None, "theguardian.com"], "Ukraine: the war"),
    ("Pros - and cons", ["The Guardian"], "Pros - and cons"),
    ("Peskov reacts", ["The Daily"], "Peskov reacts"),
])
def test_the_site_name_is_taken_off_html_titles(title, sites, expected):
    assert title_without_site(title, sites) == expected


@pytest.mark.parametrize("author, expected", [
    ("By Jane Roe", "Jane Roe"),
    ("Jane Roe", "Jane Roe"),
    ("Photo by The Associated Press", None),
    ("Photo: AP", None),
    ("Getty Images", None),
    ("Pictures of Lily Ltd", "Pictures of Lily Ltd"),
])
def test_authors_are_bylines_not_photo_credits(author, expected):
    name, note = byline(author)
    assert name == expected
    assert (note is None) == (expected is not None)


def test_an_html_page_keeps_its_headline_without_the_site_suffix():
    page = """<html><head><title>Peskov reacts | The Daily</title><meta property="og:site_name" content="The Daily">
    <meta name="author" content="Photo by The Associated Press"></head><body><article><h1>Peskov reacts</h1>
    <p>Kremlin spokesperson Dmitry Peskov criticized the Biden administration on Monday, saying the move would escalate the war.</p>
    </article></body></html>"""
    (candidate,) = ingest_bytes("page.html", ".html", page.encode()).candidates
    assert candidate.title == "Peskov reacts" and candidate.source_name == "The Daily"
    assert candidate.author is None and any("photo credit" in note for note in candidate.metadata_notes)
