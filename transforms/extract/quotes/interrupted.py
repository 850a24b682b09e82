"""Interrupted quotes: the parts of one attributed statement joined into one quote.

“A,” she said, “B.” is one record spanning A to B, speech tag included (B directly follows A's
speech tag in the same paragraph and has no cue of its own); so are fragments that hang on the
same cue in one sentence (called it “A” and “B”), but not across a new clause after a comma (“A,”
a doctor had typed “B”) nor across a tag after the reporter's own words (“A” to drive up the price,
she said, … “B”); and, with no cue, fragments on the same speaker in one clause (went after him as a
“human leech” and a “spoiled brat.”). Another reporting verb whose clause runs into the next quote
introduces it as a statement of its own (“A,” she said, adding, “B.”). Titles and bare terms in
marks neither join nor block a join, and disappear into a joined quote that contains them.
"""

from __future__ import annotations

import re
from bisect import bisect_right

from spacy.tokens import Token

from transforms.extract.quotes.attribution import Attribution
from transforms.extract.quotes.doc_index import DocIndex
from transforms.extract.quotes.grammar import SUBJECT_DEPS, is_speech_verb
from transforms.extract.quotes.kinds import is_scare_quote, looks_like_title, reopens
from transforms.extract.quotes.spans import QuotedSpan
from transforms.extract.quotes.speech_cues import SpeechCues

# Titles, initials, states and months end with a period that does not end the speech tag.
_ABBREVIATION_END = re.compile(
    r"\b(?:Mr|Mrs|Ms|Dr|Sen|Rep|Gov|Gen|Lt|Col|Sgt|Capt|Cmdr|Adm|Maj|Prof|Rev|Fr|Msgr|Hon|Atty|Supt|Det|Insp|Pres|Sec"
    r"|St|Mt|Ft|Jr|Sr|Inc|Corp|Co|Ltd|Bros|No|Ala|Ariz|Ark|Calif|Colo|Conn|Del|Fla|Ga|Ill|Ind|Kan|Ky|La|Md|Mass|Mich"
    r"|Minn|Miss|Mo|Mont|Neb|Nev|Okla|Ore|Pa|Tenn|Tex|Va|Vt|Wash|Wis|Wyo|Jan|Feb|Aug|Sept|Sep|Oct|Nov|Dec|[A-Z])\.$"
)

AttributedQuote = tuple[QuotedSpan, Attribution]
# How far apart two fragments of one speaker's clause may be and still be one quote ("“A” and a “B”").
FRAGMENT_GAP = 40


def merge_interrupted(
    quotes: list[QuotedSpan], attributions: list[Attribution], text: str, index: DocIndex, cues: SpeechCues
) -> list[AttributedQuote]:
    """The quotes in order with the parts of each interrupted statement joined (see the module docstring)."""
    merged: list[AttributedQuote] = []
    inert: list[AttributedQuote] = []  # titles and bare terms: they neither join nor block a join
    for quote, attribution in zip(quotes, attributions):
        body = text[quote.start : quote.end]
        if looks_like_title(body) or (attribution.cue is None and is_scare_quote(body)):
            inert.append((quote, attribution))
            continue
        if merged and continues_statement(merged[-1], (quote, attribution), text, index, cues):
            previous, previous_attribution = merged[-1]
            joined = QuotedSpan(previous.open_at, previous.start, quote.end, quote.close_at, previous.is_double, quote.is_closed)
            merged[-1] = (joined, previous_attribution if previous_attribution.cue is not None else attribution)
            continue
        merged.append((quote, attribution))
    # a title inside a joined quote is part of it ("…,” she said, showing off the “Make America Great Again” hat. “…”)
    starts = [quote.open_at for quote, _ in merged]
    for quote, attribution in inert:
        slot = bisect_right(starts, quote.open_at) - 1
        if slot < 0 or merged[slot][0].close_at <= quote.open_at:
            merged.append((quote, attribution))
    return sorted(merged, key=lambda pair: pair[0].open_at)


def continues_statement(earlier: AttributedQuote, later: AttributedQuote, text: str, index: DocIndex, cues: SpeechCues) -> bool:
    """The later quote is the next part of the earlier one's statement, in the same paragraph and mark style."""
    previous, previous_attribution = earlier
    quote, attribution = later
    gap = text[previous.close_at : quote.open_at]
    cue = previous_attribution.nearest_cue
    own = attribution.nearest_cue
    own_cue = own is not None and (cue is None or own.i != cue.i)
    same_cue = own is not None and cue is not None and own.i == cue.i
    # the tag continues the first part (“A,” she said), unless a sentence ended after the mark ("A". X said "B")
    tag_follows = not gap.lstrip().startswith((".", "!", "?", ";"))
    # and the tag ends at the next mark (“A,” she said, “B.” / said on “Fox and Friends.” “B”): a quote
    # inside the tag's own clause is another statement ("A." X said the unions were "a formidable force")
    tag_closes = re.search(r"[,.:;!?—–-][”\"]?\s*$", gap) is not None
    tag_in_gap = cue is not None and previous.close_at <= cue.idx < quote.open_at and tag_follows and tag_closes
    return not reopens(previous, quote) and "\n" not in gap and previous.is_double == quote.is_double and (
        (tag_in_gap and not own_cue and tag_ends_before(cue, quote, index) and not reports_again(cue, quote, index, cues))
        # fragments on one cue; a first part ending a sentence is no fragment
        or (
            same_cue
            and len(gap) <= 200
            and not re.search(r"[.!?;]", text[previous.end - 1 : quote.open_at])
            and not reports_again(cue, quote, index, cues)
            and not opens_another_clause(cue, previous, quote, index)
            and not tag_away_from_mark(cue, previous, quote, index)
        )
        or same_speaker_fragment(earlier, later, text)
        or (not gap.strip() and not own_cue)
    )


def same_speaker_fragment(earlier: AttributedQuote, later: AttributedQuote, text: str) -> bool:
    """Fragments with no reporting verb, in one clause of one speaker: “a human leech who will bleed the
    country” and a “spoiled brat.” (Reid has gone after Trump as …)."""
    (previous, previous_attribution), (quote, attribution) = earlier, later
    speaker, own_speaker = previous_attribution.speaker, attribution.speaker
    return (
        previous_attribution.cue is None
        and attribution.cue is None
        and speaker is not None
        and own_speaker is not None
        and speaker.i == own_speaker.i
        and quote.open_at - previous.close_at <= FRAGMENT_GAP
        and not re.search(r"[.!?;:]", text[previous.end - 1 : quote.open_at])
    )


def opens_another_clause(cue: Token, previous: QuotedSpan, quote: QuotedSpan, index: DocIndex) -> bool:
    """A first fragment closed by a comma inside its marks, then a subject of another verb than the cue: the comma ended
    its clause and a new one begins (“medical problem,” a doctor had typed “…”), so the fragments are two statements."""
    if index.text[previous.end - 1 : previous.end] != ",":
        return False
    for token in index.doc[index.first_token_from(previous.close_at) : index.first_token_from(quote.open_at)]:
        if token.dep_ in SUBJECT_DEPS and token.head.i != cue.i and token.tag_ not in ("WP", "WDT"):
            return True
    return False


def tag_away_from_mark(cue: Token, previous: QuotedSpan, quote: QuotedSpan, index: DocIndex) -> bool:
    """A speech tag between two fragments joins them only right after the first one's mark, its subject alone in between
    (“A,” Steve Mosko wrote …, and “B”); a tag after words of the reporter's (“A” to drive up the stock price, she said,
    referencing … “B”) ends the first statement."""
    if not previous.close_at <= cue.idx < quote.open_at:
        return False
    subject = {token.i for child in cue.children if child.dep_ in SUBJECT_DEPS for token in child.subtree}
    between = index.doc[index.first_token_from(previous.close_at) : cue.i]
    return any(token.i not in subject and not token.is_punct for token in between)


def reports_again(cue: Token, quote: QuotedSpan, index: DocIndex, cues: SpeechCues) -> bool:
    """Another reporting verb after the tag's cue whose clause runs into the next quote introduces it as a
    statement of its own (“A,” she said, adding, “B.” / “A,” Blige sings before asking her, “B.”); one in a
    clause that ends first does not (“A,” said Caddell, speaking of her health. “B.”)."""
    for token in index.doc[cue.i + 1 : index.first_token_from(quote.open_at)]:
        if is_speech_verb(token, cues) and not index.in_quote(token.idx) and not re.search(r"[.!?;]", index.text[token.idx : quote.open_at]):
            return True
    return False


def tag_ends_before(cue: Token, quote: QuotedSpan, index: DocIndex) -> bool:
    """No other sentence sits between the speech tag and the next quote."""
    text = index.text
    tail = text[cue.idx : quote.open_at]
    # at most one sentence end, and it must close the tag itself
    ends = [m.end() for m in re.finditer(r"[.!?](?=\s)", tail)]
    ends = [e for e in ends if not _ABBREVIATION_END.search(tail[:e])]
    return len(ends) <= 1 and (not ends or not tail[ends[0] :].strip())
