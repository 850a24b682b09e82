"""Quoted spans found from the quotation marks alone, before any parse is read.

Every outermost span between marks becomes one `QuotedSpan`, whatever the mark style: curly “ ”,
straight ", mixed (" closed by ”), the wire form '' … '', single ‘ ’ / ' ' (told apart from
apostrophes such as Putin's, shouldn't, regions’), a quote that runs over paragraphs with an
opening mark of its own style on each, and a quote left open at the end of its paragraph. A
passage whose paragraphs open with marks never closed, followed by a paragraph that opens a quote of
the other style, is a block excerpt, not a quotation: its quotes are the marks inside it. Marks nested inside
another quote stay part of it (a quote of the same style nests when two closing marks follow it); a
paragraph opened with a closing mark ” (a typing slip) opens a quote when a closing mark ends it;
attribute values of leftover markup (author="…") are not quotes.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

_MARK_PATTERN = re.compile(r"''|``|[\"“”‘’'\n]")
_DOUBLE_OPENERS = frozenset({"“", "``"})
_DOUBLE_CLOSERS = frozenset({"”"})
_DOUBLE_EITHER = frozenset({'"', "''"})
_OPENING_CONTEXT = frozenset("([{—–-/:;,")
# Elisions that start with an apostrophe and must not open a single quote: 'em, 'n', '90s, 'til.
_ELISION = re.compile(r"(?:em|n|til|cause|tis|twas|bout|round|d|s|ll|re|ve)\b|\d{2}s?\b", re.IGNORECASE)


@dataclass(frozen=True)
class QuotedSpan:
    """Quoted text between marks: `start..end` is the text, `open_at..close_at` includes the marks."""

    open_at: int
    start: int
    end: int
    close_at: int
    is_double: bool
    is_closed: bool


def _is_left_flanking(text: str, at: int, after: int) -> bool:
    before = text[at - 1] if at > 0 else " "
    nxt = text[after] if after < len(text) else " "
    return (before.isspace() or before in _OPENING_CONTEXT or before in "\"“‘'") and not nxt.isspace()


def _is_right_flanking(text: str, at: int, after: int) -> bool:
    before = text[at - 1] if at > 0 else " "
    nxt = text[after] if after < len(text) else " "
    return not before.isspace() and (nxt.isspace() or not nxt.isalnum())


def paragraph_bounds(text: str) -> list[tuple[int, int]]:
    """(start, end) of each non-blank line; a line break always ends a paragraph."""
    bounds: list[tuple[int, int]] = []
    position = 0
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            start = position + line.index(stripped[0])
            bounds.append((start, start + len(stripped)))
        position += len(line) + 1
    return bounds


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _find_double_quotes(text: str, paragraphs: list[tuple[int, int]]) -> list[QuotedSpan]:
    """Pair double marks paragraph by paragraph; an unclosed quote continues into a paragraph that
    opens with a mark of its own style (multi-paragraph quote), else it ends with its paragraph."""
    spans: list[QuotedSpan] = []
    open_at: int | None = None
    open_end = 0
    open_mark = ""
    continued_from = -1
    nested = False  # inside a quote of the other style: "He read “the text” aloud" / “He said "no" twice”,
    nested_by = ""  # or of its own when two closing marks follow: “I'd rather live in what he calls “hell” than …”
    for index, (para_start, para_end) in enumerate(paragraphs):
        for match in _MARK_PATTERN.finditer(text, para_start, para_end):
            mark, at, after = match.group(), match.start(), match.end()
            if mark in ("‘", "’", "'", "\n"):
                continue
            if open_at is not None and at == para_start and continued_from == index:
                continue  # the opening mark of a continued paragraph
            if open_at is None:
                if _opens_double(text, mark, at, after, (para_start, para_end)):
                    open_at, open_end, open_mark, nested = at, after, mark, False
                continue
            straight_open = open_mark in _DOUBLE_EITHER
            if nested:
                closes_nested = mark in _DOUBLE_CLOSERS if nested_by in _DOUBLE_OPENERS else (mark == open_mark or mark in _DOUBLE_EITHER)
                if closes_nested:
                    nested = False
                continue
            opening = _is_left_flanking(text, at, after) and not _is_right_flanking(text, at, after)
            if opening and (
                (straight_open and mark in _DOUBLE_OPENERS)
                or (not straight_open and mark in _DOUBLE_EITHER)
                or (not straight_open and mark in _DOUBLE_OPENERS and _closes_twice(text, after, para_end))
            ):
                nested, nested_by = True, mark
                continue
            reopens = straight_open and mark in _DOUBLE_EITHER and _is_left_flanking(text, at, after)
            if (mark in _DOUBLE_OPENERS or reopens) and not _is_right_flanking(text, at, after):
                # a new opening mark while one is open: the earlier quote was never closed (a multi-paragraph
                # quote whose paragraph break was lost: … public services. "But this year …)
                start, end = _trim(text, open_end, at)
                if end > start:  # two opening marks with nothing between them quote nothing
                    spans.append(QuotedSpan(open_at, start, end, at, True, False))
                open_at, open_end = at, after
                continue
            start, end = _trim(text, open_end, at)
            if end > start:
                spans.append(QuotedSpan(open_at, start, end, after, True, True))
            open_at = None
        if open_at is not None:
            nxt = paragraphs[index + 1][0] if index + 1 < len(paragraphs) else None
            if nxt is not None and _same_style(open_mark, text, nxt):
                continued_from = index + 1
                continue
            start, end = _trim(text, open_end, para_end)
            if end > start:
                spans.append(QuotedSpan(open_at, start, end, para_end, True, False))
            open_at = None
    return spans


def _opens_double(text: str, mark: str, at: int, after: int, paragraph: tuple[int, int]) -> bool:
    """The mark at `at` opens a double quote when none is open."""
    if mark in _DOUBLE_OPENERS:
        return True
    if mark in _DOUBLE_EITHER:
        return _is_left_flanking(text, at, after) or not _is_right_flanking(text, at, after)
    return (_is_left_flanking(text, at, after) and not _is_right_flanking(text, at, after)) or (
        _closer_opens_paragraph(text, mark, at == paragraph[0], after, paragraph[1])
    )


def _closes_twice(text: str, after: int, para_end: int) -> bool:
    """Two closing marks follow in the paragraph before any other opening mark: the opening mark at `after`
    nests a quote inside the open one (“… what he calls “hell” than …”), it does not start a new quote
    after a lost closing mark (“… services. “But this year …”)."""
    closers = 0
    for mark in re.finditer(r"[“”]", text[after:para_end]):
        if mark.group() == "“":
            return False
        closers += 1
        if closers == 2:
            return True
    return False


def _closer_opens_paragraph(text: str, mark: str, at_paragraph_start: bool, after: int, para_end: int) -> bool:
    """A closing mark that opens a paragraph, followed by a space, opens a quote when another closing mark
    ends it later in the paragraph (” … what I learned is that …,” he said): the typist's wrong mark."""
    return mark in _DOUBLE_CLOSERS and at_paragraph_start and text[after : after + 1].isspace() and (
        text.find("”", after, para_end) > 0
    )


def _same_style(open_mark: str, text: str, at: int) -> bool:
    """The paragraph at `at` opens with a mark of the style the open quote opened with."""
    if open_mark in _DOUBLE_OPENERS:
        return text.startswith(("“", "``"), at)
    return text.startswith(open_mark, at)


def _opens_single(text: str, at: int, after: int, mark: str) -> bool:
    if mark not in ("‘", "'") or not _is_left_flanking(text, at, after):
        return False
    return not _ELISION.match(text, after)


def _closes_single(text: str, at: int, after: int, mark: str) -> bool:
    return mark in ("’", "'") and _is_right_flanking(text, at, after)


def _find_single_quotes(text: str, paragraphs: list[tuple[int, int]], inside_double: Sequence[QuotedSpan]) -> list[QuotedSpan]:
    """Pair single marks outside double quotes; an unclosed single mark is an apostrophe, not a quote,
    unless the next paragraph opens with a single mark (multi-paragraph quote)."""
    double_starts = [span.open_at for span in inside_double]
    spans: list[QuotedSpan] = []
    open_at: int | None = None
    open_end = 0
    for index, (para_start, para_end) in enumerate(paragraphs):
        for match in _MARK_PATTERN.finditer(text, para_start, para_end):
            mark, at, after = match.group(), match.start(), match.end()
            if mark not in ("‘", "’", "'"):
                continue
            slot = bisect_right(double_starts, at) - 1
            if slot >= 0 and inside_double[slot].open_at < at < inside_double[slot].close_at:
                continue
            if open_at is not None and at == para_start and index > 0:
                continue
            if open_at is None:
                if _opens_single(text, at, after, mark):
                    open_at, open_end = at, after
            elif _closes_single(text, at, after, mark):
                start, end = _trim(text, open_end, at)
                if end > start:
                    spans.append(QuotedSpan(open_at, start, end, after, False, True))
                open_at = None
        if open_at is not None:
            nxt = paragraphs[index + 1][0] if index + 1 < len(paragraphs) else None
            if nxt is None or not (text.startswith(("‘", "'"), nxt) and _opens_single(text, nxt, nxt + 1, text[nxt])):
                open_at = None
    return spans


def _opening_mark(text: str, at: int) -> str:
    return text[at : at + 2] if text.startswith(("''", "``"), at) else text[at]


def _is_block_excerpt(text: str, span: QuotedSpan, paragraphs: list[tuple[int, int]]) -> bool:
    """A passage whose paragraphs each open with a mark the writer never closes, followed by a paragraph that opens a
    quotation of the other style: the marks stand in for lost block formatting ("McCrummen reports:" then her
    article's paragraphs, each opened with a straight mark, with “…” in them), so the passage is not one quotation."""
    ends = [end for _, end in paragraphs]
    if span.is_closed or span.close_at not in ends:
        return False
    following = next((start for start, _ in paragraphs if start > span.close_at), None)
    return following is not None and text.startswith(('"', "“", "''", "``"), following) and not (
        _same_style(_opening_mark(text, span.open_at), text, following)
    )


def _without_excerpt_marks(text: str, excerpts: list[QuotedSpan], paragraphs: list[tuple[int, int]]) -> str:
    """The text with the paragraph-opening marks of each block excerpt blanked (offsets kept)."""
    characters = list(text)
    for span in excerpts:
        mark = _opening_mark(text, span.open_at)
        for start, _ in paragraphs:
            if span.open_at <= start < span.close_at and text.startswith(mark, start):
                characters[start : start + len(mark)] = " " * len(mark)
    return "".join(characters)


_MARKUP = re.compile(r"=\s*[\"“]|[\"”]\s*[\w-]+=|[\"”]\s*/?>")


def _is_markup_value(text: str, span: QuotedSpan) -> bool:
    """Attribute values of leftover markup (author="…" id="…") are not quotations."""
    return text[span.open_at - 1 : span.open_at] == "=" or _MARKUP.search(text, span.open_at, span.close_at) is not None


def find_quoted_spans(text: str) -> list[QuotedSpan]:
    """Every outermost quoted span of the text, in order (inner, nested quotes are left inside)."""
    paragraphs = paragraph_bounds(text)
    doubles = _find_double_quotes(text, paragraphs)
    excerpts = [span for span in doubles if _is_block_excerpt(text, span, paragraphs)]
    if excerpts:  # the quotations are the marks inside the excerpt
        doubles = _find_double_quotes(_without_excerpt_marks(text, excerpts, paragraphs), paragraphs)
    singles = _find_single_quotes(text, paragraphs, doubles)
    spans = sorted(doubles + singles, key=lambda span: span.open_at)
    outermost: list[QuotedSpan] = []
    for span in spans:
        if _is_markup_value(text, span):
            continue
        if outermost and span.open_at < outermost[-1].close_at:
            continue  # nested inside the previous quote (a double quote inside a British single quote)
        outermost.append(span)
    return outermost
