"""What kind of quoted span this is, from its words alone: a title or name in marks, a scare quote,
a sentence of its own, or the next paragraph of the quote before it."""

from __future__ import annotations

import re

from transforms.extract.quotes.spans import QuotedSpan

# A term in marks has at most this many words ("dishonest media", a "targeted employment area,").
TERM_WORDS = 3
TITLE_SMALL_WORDS = frozenset({"a", "an", "the", "of", "and", "or", "for", "to", "in", "on", "at", "by", "with", "de", "la", "&"})
# Words that open an exclamation ("Oh, God," Biden blurted): a cry, not a title or a term.
INTERJECTIONS = frozenset({
    "oh", "ah", "aah", "ahh", "aw", "ew", "hey", "wow", "whoa", "yes", "yeah", "no", "nope", "okay", "ok", "oops", "ouch",
    "ugh", "damn", "gosh", "golly", "jeez", "boo", "hooray", "hurray", "bravo", "alas", "hallelujah", "amen", "please",
    "stop", "help",
})


def looks_like_title(text: str) -> bool:
    """Quoted words all in Title Case ('Victory Plan', “Meet the Press,”, a headline's ‘Makes You Want
    To Retch’) name a work, a plan or a headline, not speech reported in the body; an exclamation
    ("Oh, God,", "Stop It!") is speech."""
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    if not words or len(words) > 12 or re.search(r"[.!?]\s", text) or is_exclamation(text):
        return False
    capitalised = [word for word in words if word.lower() not in TITLE_SMALL_WORDS]
    if len(words) > 2 and len(capitalised) < 2:
        return False
    return words[0][0].isupper() and all(word[0].isupper() for word in capitalised) and not (
        len(words) == 1 and re.search(r"[.!?]$", text)
    )


def is_exclamation(text: str) -> bool:
    """A cry in marks: it ends with an exclamation mark ("Gun!", "U-S-A! U-S-A!") or opens with an
    interjection ("Oh, God,", "Yes, sir"). Short as it is, it is speech, not a term."""
    words = re.findall(r"[^\W\d_][\w'’-]*", text)
    return bool(words) and (bool(re.search(r"!\W*$", text)) or (words[0].lower() in INTERJECTIONS and len(words) <= 6))


def is_scare_quote(text: str) -> bool:
    """A few words with no sentence punctuation: a term in marks, not a report of speech."""
    return len(text.split()) <= TERM_WORDS and not re.search(r"[.!?,;:…]$", text)


def is_punctuated_term(text: str) -> bool:
    """A few words whose closing comma or full stop sits inside the marks (“13th.”, a “targeted employment
    area,”): American style puts the sentence's punctuation there, so this is a term, not a sentence of its own."""
    return len(text.split()) <= TERM_WORDS and bool(re.search(r"[.,;:]$", text))


def reopens(previous: QuotedSpan, quote: QuotedSpan) -> bool:
    """The quote is the next paragraph of the previous one, whose paragraph break was lost
    (… public services. "But this year …): a row of its own, in the previous speaker's words."""
    return not previous.is_closed and previous.close_at == quote.open_at


def is_full_sentence(quote: QuotedSpan, text: str) -> bool:
    """The quote is a sentence of its own: capitalised and ending with sentence punctuation."""
    body = text[quote.start : quote.end]
    return bool(body) and body[0].isupper() and bool(re.search(r"[.!?,…—-]$", body)) and len(body.split()) >= 3


def opens_a_sentence(quote: QuotedSpan, text: str) -> bool:
    """The quote starts a sentence of the text (capitalised, after a sentence's end or at a paragraph's start), even
    where the sentence goes on after its closing mark (“You went on television to blame thousands of” workers.)."""
    body = text[quote.start : quote.end]
    if not body or not body[0].isupper() or len(body.split()) < 3:
        return False
    position = quote.open_at
    while position > 0 and text[position - 1] in " \t\xa0":
        position -= 1  # the last character before the mark and its spaces
    return position == 0 or text[position - 1] in ".!?\n”\""
