"""Ingest: turn the bytes of one input file into article candidates or reasoned rejections.

Supports plain text (UTF-8, UTF-16 with BOM, or a detected legacy encoding such as Latin-1 /
cp1252), JSON (one object or a list of objects), JSON Lines and HTML (main text extracted with
trafilatura). Nothing here raises on bad input: every problem becomes a `Rejection` with a
reason from `schema.REJECTION_REASONS` and a detail a person can act on.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta, timezone

import pandas as pd

from transforms.ids import stable_id
from transforms.schema import REJECTED_INPUTS

TEXT_SUFFIXES = (".txt", ".text")
JSON_SUFFIXES = (".json",)
JSONL_SUFFIXES = (".jsonl", ".ndjson")
HTML_SUFFIXES = (".html", ".htm")
SUPPORTED_SUFFIXES = TEXT_SUFFIXES + JSON_SUFFIXES + JSONL_SUFFIXES + HTML_SUFFIXES
DEFAULT_MAX_INPUT_BYTES = 10 * 1024 * 1024
MIN_HTML_ARTICLE_WORDS = 8

TEXT_FIELDS = ("text", "body", "content", "article")
_BINARY_SNIFF_BYTES = 8192
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# Characters a Western-European news text decoded as cp1252 plausibly contains beyond ASCII.
_PLAUSIBLE_LATIN = re.compile(r"[\u00a0-\u00ff\u2010-\u2027\u2030-\u203a\u20ac\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2122]")


@dataclass(frozen=True)
class ArticleCandidate:
    """One article as read from its input, before normalisation."""

    source_uri: str
    text: str
    content_sha256: str
    source_encoding: str
    title: str | None = None
    author: str | None = None
    url: str | None = None
    source_name: str | None = None
    published_at: datetime | None = None
    metadata_notes: tuple[str, ...] = ()  # metadata dropped or repaired on the way in, and why


@dataclass(frozen=True)
class Rejection:
    """An input (or one record of it) that could not become an article."""

    source_uri: str
    reason: str
    detail: str
    content_sha256: str
    size_bytes: int


@dataclass(frozen=True)
class IngestResult:
    candidates: list[ArticleCandidate] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)


def sha256_hex(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def decode_text(data: bytes) -> tuple[str, str]:
    """Decode bytes as text and name the encoding used; raises UnicodeError when nothing fits.

    UTF-8 is tried first, then UTF-16 with a BOM, then cp1252/Latin-1 when the non-ASCII
    characters it yields look like Western text, and last the charset-normalizer guess.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8"), "utf-8-sig"
    if data.startswith(_UTF16_BOMS):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        text = None
    if text is not None:
        non_ascii = [ch for ch in text if ord(ch) > 127]
        if non_ascii and all(_PLAUSIBLE_LATIN.match(ch) for ch in non_ascii):
            has_c1_bytes = any(0x80 <= byte <= 0x9F for byte in data)
            return text, "cp1252" if has_c1_bytes else "iso-8859-1"
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is None or best.encoding is None or best.chaos > 0.2:
        raise UnicodeError("no text encoding fits these bytes (tried utf-8, utf-16, cp1252 and charset detection)")
    return str(best), best.encoding


def looks_binary(data: bytes) -> bool:
    """NUL bytes or many control characters in the first 8 KiB mean a binary file."""
    head = data[:_BINARY_SNIFF_BYTES]
    if head.startswith(_UTF16_BOMS):
        return False
    if b"\x00" in head:
        return True
    controls = sum(1 for byte in head if byte < 32 and byte not in (9, 10, 12, 13))
    return controls > 0.05 * max(len(head), 1)


def split_title(text: str) -> tuple[str | None, str]:
    """A first line followed by a blank line is a title; otherwise there is no title."""
    stripped = text.lstrip("\ufeff\r\n\t ")
    match = re.match(r"([^\r\n]+)\r?\n[ \t]*\r?\n(.*)\Z", stripped, flags=re.S)
    if not match or len(match.group(1).split()) > 30:
        return None, text
    return match.group(1).strip(), match.group(2)


# News is not older than the first dailies, nor (clock skew and time zones aside) from the future.
EARLIEST_PUBLICATION = datetime(1850, 1, 1, tzinfo=timezone.utc)
FUTURE_PUBLICATION_SLACK = timedelta(days=2)
# C0/C1 control characters and DEL (tab and newline included: metadata is one line).
_CONTROL_CHARACTERS = re.compile("[\x00-\x1f\x7f-\x9f]")


def parse_published_at(value: object, now: datetime | None = None) -> tuple[datetime | None, str | None]:
    """A publication time in UTC, or None with the reason it was dropped.

    Only text is read as a date: a bare number is ambiguous (epoch seconds? milliseconds? a year?)
    and `-1` would otherwise become 1969. Dates outside 1850 .. now + 2 days are dropped too.
    """
    if value is None or value == "":
        return None, None
    if not isinstance(value, str):
        return None, f"published_at {value!r} dropped: not a date string"
    try:
        timestamp = pd.Timestamp(value)
    except (ValueError, TypeError, OverflowError):
        return None, f"published_at {sanitize_metadata(value)!r} dropped: not a date"
    if pd.isna(timestamp):
        return None, None
    if timestamp.tzinfo is None:
        timestamp = timestamp.tz_localize(timezone.utc)
    published = timestamp.tz_convert(timezone.utc).to_pydatetime()
    latest = (now or utc_now()) + FUTURE_PUBLICATION_SLACK
    if not EARLIEST_PUBLICATION <= published <= latest:
        window = f"{EARLIEST_PUBLICATION.date().isoformat()}..{latest.date().isoformat()}"
        return None, f"published_at {published.date().isoformat()} dropped: outside {window}"
    return published, None


def sanitize_metadata(value: str) -> str:
    """One line of printable text: control characters (NUL, ESC, BEL, newlines...) become spaces, runs of spaces one."""
    return " ".join(_CONTROL_CHARACTERS.sub(" ", value).split())


_TITLE_SEPARATORS = re.compile(r"\s+[|\-\u2013\u2014\u00b7:]\s+")
# A photo credit or caption in the author field ("Photo by The Associated Press", "Getty Images").
_CAPTION_AUTHOR = re.compile(
    r"^(photo(graph)?s?|images?|pictures?|illustrations?|videos?|credits?)\s*(by\b|:|/|$)|\b(photo|image|picture)\s+(by|credit)\b"
    r"|\bgetty images\b|\bshutterstock\b|\bvia (reuters|ap|afp)\b",
    flags=re.I,
)


def title_without_site(title: str, site_names: Sequence[str | None]) -> str:
    """The headline without a trailing site name ("… | WIRED", "… - BBC News"): the last part after
    a separator is dropped when it is the outlet's name or its web host's name."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    names = {_simple(name) for name in site_names if name} | {_simple(name.split(".")[0]) for name in site_names if name}
    names |= {name.removeprefix("the") for name in names}
    last = _simple(parts[-1])
    if last and (last in names or last.removeprefix("the") in names):
        return title[: title.rfind(parts[-1])].rstrip(" |-\u2013\u2014\u00b7:")
    return title


def byline(author: str | None) -> tuple[str | None, str | None]:
    """(author, note): "By Jane Roe" becomes "Jane Roe"; a photo credit is no author, dropped with a note."""
    if not author:
        return None, None
    name = re.sub(r"^by\s+", "", author.strip(), flags=re.I).strip()
    if _CAPTION_AUTHOR.search(name):
        return None, f"author {name!r} dropped: a photo credit or caption, not a byline"
    return name or None, None


def _simple(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "", name.casefold())


def _host_of(url: str | None) -> str | None:
    match = re.match(r"[a-z][a-z0-9+.-]*://(?:www\.)?([^/:?#]+)", url or "", flags=re.I)
    return match.group(1).lower() if match else None


def _optional_text(record: Mapping[str, object], key: str) -> str | None:
    value = record.get(key)
    if value is None or isinstance(value, (dict, list)):
        return None
    return sanitize_metadata(str(value)) or None


def candidate_from_record(source_uri: str, record: object, raw: bytes) -> ArticleCandidate | Rejection:
    """Map one JSON object with `text`/`body` and optional metadata to a candidate."""
    digest = sha256_hex(raw)
    if not isinstance(record, Mapping):
        return Rejection(source_uri, "malformed", f"expected a JSON object, found {type(record).__name__}", digest, len(raw))
    text_field = next((key for key in TEXT_FIELDS if isinstance(record.get(key), str) and record[key].strip()), None)
    if text_field is None:
        return Rejection(source_uri, "missing_text", f"no non-empty text field (one of {', '.join(TEXT_FIELDS)})", digest, len(raw))
    url = _optional_text(record, "url")
    published_at, date_note = parse_published_at(record.get("published_at") or record.get("date"))
    author, author_note = byline(_optional_text(record, "author"))
    return ArticleCandidate(
        source_uri=source_uri,
        text=str(record[text_field]),
        content_sha256=digest,
        source_encoding="utf-8",
        title=_optional_text(record, "title"),
        author=author,
        url=url,
        source_name=_optional_text(record, "source") or _host_of(url),
        published_at=published_at,
        metadata_notes=tuple(note for note in (date_note, author_note) if note),
    )


def _ingest_plain_text(source_uri: str, text: str, digest: str, encoding: str, size: int) -> IngestResult:
    if not text.strip():
        return IngestResult(rejections=[Rejection(source_uri, "empty", "the file holds only whitespace", digest, size)])
    title, body = split_title(text)
    return IngestResult(candidates=[ArticleCandidate(source_uri, body, digest, encoding, title=title)])


def _too_deep(source_uri: str, digest: str, size: int, where: str = "") -> Rejection:
    detail = f"JSON nested deeper than the parser allows{where} (a news record is a flat object)"
    return Rejection(source_uri, "too_deep", detail, digest, size)


def _ingest_json(source_uri: str, text: str, digest: str, size: int) -> IngestResult:
    try:
        document = json.loads(text)
    except json.JSONDecodeError as error:
        return IngestResult(rejections=[Rejection(source_uri, "malformed", f"invalid JSON: {error}", digest, size)])
    except RecursionError:
        return IngestResult(rejections=[_too_deep(source_uri, digest, size)])
    records = document if isinstance(document, list) else [document]
    if not records:
        return IngestResult(rejections=[Rejection(source_uri, "empty", "the JSON list holds no records", digest, size)])
    single = not isinstance(document, list)
    result = IngestResult()
    for index, record in enumerate(records):
        uri = source_uri if single else f"{source_uri}#{index}"
        try:
            raw = json.dumps(record, sort_keys=True, ensure_ascii=False).encode("utf-8")
        except RecursionError:
            result.rejections.append(_too_deep(uri, digest, size, f" in record {index}"))
            continue
        outcome = candidate_from_record(uri, record, raw)
        (result.candidates if isinstance(outcome, ArticleCandidate) else result.rejections).append(outcome)
    return result


def _ingest_jsonl(source_uri: str, text: str) -> IngestResult:
    result = IngestResult()
    for line_number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        uri = f"{source_uri}#{line_number}"
        raw = line.encode("utf-8")
        try:
            record = json.loads(line)
        except json.JSONDecodeError as error:
            result.rejections.append(Rejection(uri, "malformed", f"invalid JSON on line {line_number}: {error}", sha256_hex(raw), len(raw)))
            continue
        except RecursionError:
            result.rejections.append(_too_deep(uri, sha256_hex(raw), len(raw), f" on line {line_number}"))
            continue
        outcome = candidate_from_record(uri, record, raw)
        (result.candidates if isinstance(outcome, ArticleCandidate) else result.rejections).append(outcome)
    return result


def _ingest_html(source_uri: str, text: str, digest: str, encoding: str, size: int) -> IngestResult:
    import trafilatura

    document = trafilatura.bare_extraction(text, with_metadata=True, include_comments=False, include_tables=False, favor_precision=True)
    body = getattr(document, "text", None) if document is not None else None
    if not body or len(body.split()) < MIN_HTML_ARTICLE_WORDS:
        # trafilatura falls back to navigation text on pages without an article
        detail = f"no article text found in the HTML page (fewer than {MIN_HTML_ARTICLE_WORDS} words of main text)"
        return IngestResult(rejections=[Rejection(source_uri, "missing_text", detail, digest, size)])
    title = document.title
    lines = body.splitlines()
    if title and lines and lines[0].strip() == title.strip():
        body = "\n".join(lines[1:])  # trafilatura repeats the headline as the first line
    url = sanitize_metadata(document.url) if document.url else None
    published_at, date_note = parse_published_at(document.date)
    author, author_note = byline(sanitize_metadata(document.author) if document.author else None)
    site_name = sanitize_metadata(document.sitename) if document.sitename else None
    title = title_without_site(sanitize_metadata(title), [site_name, _host_of(url)]) if title else None
    return IngestResult(
        candidates=[
            ArticleCandidate(
                source_uri=source_uri,
                text=body,
                content_sha256=digest,
                source_encoding=encoding,
                title=title,
                author=author,
                url=url or None,
                source_name=site_name or _host_of(url),
                published_at=published_at,
                metadata_notes=tuple(note for note in (date_note, author_note) if note),
            )
        ]
    )


def ingest_bytes(source_uri: str, suffix: str, data: bytes, max_bytes: int = DEFAULT_MAX_INPUT_BYTES) -> IngestResult:
    """Read one input's bytes into article candidates, or rejections that say why not."""
    digest, size = sha256_hex(data), len(data)
    suffix = suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        detail = f"unsupported file type {suffix or '(none)'}; supported: {', '.join(SUPPORTED_SUFFIXES)}"
        return IngestResult(rejections=[Rejection(source_uri, "unsupported_type", detail, digest, size)])
    if size > max_bytes:
        detail = f"{size} bytes exceeds the {max_bytes}-byte limit (raise --max-input-mb to accept it)"
        return IngestResult(rejections=[Rejection(source_uri, "oversized", detail, digest, size)])
    if not data.strip():
        return IngestResult(rejections=[Rejection(source_uri, "empty", "the file is empty", digest, size)])
    if looks_binary(data):
        return IngestResult(rejections=[Rejection(source_uri, "binary", "binary content (NUL or control bytes), not text", digest, size)])
    try:
        text, encoding = decode_text(data)
    except UnicodeError as error:
        return IngestResult(rejections=[Rejection(source_uri, "undecodable", str(error), digest, size)])
    if suffix in JSON_SUFFIXES:
        return _ingest_json(source_uri, text, digest, size)
    if suffix in JSONL_SUFFIXES:
        return _ingest_jsonl(source_uri, text)
    if suffix in HTML_SUFFIXES:
        return _ingest_html(source_uri, text, digest, encoding, size)
    return _ingest_plain_text(source_uri, text, digest, encoding, size)


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def rejection_frame(rejections: list[Rejection], run_id: str, rejected_at: datetime) -> pd.DataFrame:
    """The `rejected_inputs` rows of a run's rejections."""
    rows = [
        {**asdict(r), "rejection_id": stable_id(r.source_uri, r.content_sha256), "run_id": run_id, "rejected_at": rejected_at}
        for r in rejections
    ]
    return pd.DataFrame(rows, columns=REJECTED_INPUTS.column_names)
