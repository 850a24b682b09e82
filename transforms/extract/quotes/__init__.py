"""Direct quotations and their speakers, from the one spaCy parse of an article.

Guarantees:
- every quoted span between quotation marks becomes at most one record, whatever the mark style:
  curly “ ”, straight ", mixed (" closed by ”), the wire form '' … '', single ‘ ’ / ' ' (told apart
  from apostrophes such as Putin's, shouldn't, regions’), a multi-paragraph quote with an opening mark
  of its own style on each paragraph, and a quote left open at the end of a (truncated) paragraph (a
  passage left open before a paragraph quoted in the other style is a block excerpt: the quotes are the marks
  inside it); where the paragraph break was lost (… services. "But …), each re-opened paragraph is a
  record of its own, the same speaker's;
- marks nested inside another quote stay part of the outer quote; attribute values of leftover
  markup (author="…") are not quotes;
- an interrupted quote (“A,” she said, “B.”) is one record spanning A to B, speech tag included, unless
  another reporting verb introduces B (“A,” she said, adding, “B.”);
- `quote_text == doc.text[start_char:end_char]`, without the outer marks;
- `speaker_start_char/speaker_end_char` is the span of the resolved speaker: an entity mention whenever
  one fits (for a pronoun or nominal, the mention it stands for), else the speaker phrase as written;
- `speaker_kind` is one of `schema.SPEAKER_KINDS`; "none" exactly when there is no speaker;
- titles and names in marks (Title Case: 'Victory Plan', “The Apprentice”) and scare quotes (three
  words or fewer, no sentence punctuation, no reporting verb governing them in the parse; three words
  anywhere in the clause a reporting verb reports are a partial quote) come out
  with `is_speech=False`, no speaker and no cue; an exclamation ("Oh, God,", "Gun!") and every other
  quoted span is speech, with its speaker when one is found;
- a wire dateline ("WASHINGTON (AP) —") is never a speaker, nor part of one.

How a speaker is found, in order: a credit line after a dash (“…” ― Name); a speech tag right after a
quote ending with a comma (“…,” The Hill reported); the owner of a claim or statement whose words
the quote gives (Trump's claim that there have been “…”); the reporting verb that governs the quote in the
parse, preferring the outer report of a reported clause (in "X said Y called it “…”" the words are
X's) and a speaking participle before the quote ("footage of Trump saying, “…”"), with the "by" phrase of a passive verb
("branded a “disgraceful waste” by MPs") and the name after a tag written twice ("said X, a Y, told Reuters") as its
subject; a clause ending in a colon before the quote; the nearest reporting verb
or "according to" in the quote's sentences; an unlisted verb right after a quote that ends with a
comma (“…,” Bennett shot back); a named person who is the subject of the sentence before a quoted
sentence (not of a reporter's aside between two quotes), or whose words the paragraph before a quoted paragraph
reports last ("…, Mr Howard said."); the subject of the clause a longer partial quote sits in (a relative pronoun's antecedent); and for a quoted paragraph
with none of these, the previous quote's speaker; a fragment of the lede with no named person as its speaker is the
person who says its words in a later quote. Words inside quotation marks are never the speaker. A speech verb after a quote that ends with a full
stop reports the next sentence, not the quote. Pronouns and nominals ("he", "it", "the company", "a
spokesman", "the chancellor", "the document") resolve to the person or organisation of the article
they stand for (`antecedents`), so `speaker_entity_id` can be filled; `speaker_kind` says whether the
speaker is a person, an organisation, a document, an unnamed source or nobody. The reporting verbs
and speaker nouns are `SpeechCues`, which the caller passes in (`ReferenceCatalog.speech_cues`).

The work is linear in the article length: one pass over the marks, and a bounded walk over the
dependency tree and the nearby tokens for each quote.

The modules, in the order a quote meets them: `spans` (marks to quoted spans), `doc_index`
(look-ups over the parse), `grammar` (speech verbs and subjects), `attribution` (the steps above),
`interrupted` (joining the parts of one statement), `kinds` (titles, scare quotes), `speakers`
(the speaker's span and kind), `antecedents` (who a pronoun or nominal speaker stands for),
`extraction` (`extract_quotes`, the steps in order).
"""

from transforms.extract.quotes.extraction import extract_quotes
from transforms.extract.quotes.spans import QuotedSpan, find_quoted_spans
from transforms.extract.quotes.speech_cues import SpeechCues, load_speech_cues

__all__ = ["QuotedSpan", "SpeechCues", "extract_quotes", "find_quoted_spans", "load_speech_cues"]
