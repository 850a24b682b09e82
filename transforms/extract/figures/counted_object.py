"""The counted object: what a figure counts or measures ("11,000 *North Korean soldiers*", "a 6% *stake*"),
read from the spaCy parse and returned as written in the text."""

from __future__ import annotations

from spacy.tokens import Doc, Token

from transforms import units
from transforms.extract.doc_text import doc_text
from transforms.extract.figures.doc_tokens import (
    sentence_start,
    sentence_start_char,
    tokens_at,
)
from transforms.extract.figures.model import Figure

OBJECT_DROP_WORDS = frozenset({"more", "other", "additional", "further", "extra", "another", "of", "the", "a", "an", "some", "whose", "which", "its", "their"})
NOUN_DEPS = frozenset({"dobj", "conj"})


def _clean_object(tokens: list[Token]) -> str | None:
    """The phrase as written, without leading determiners and quantity words or trailing punctuation."""
    while tokens and (tokens[0].lower_ in OBJECT_DROP_WORDS or tokens[0].is_punct or tokens[0].tag_ in ("PRP$", "DT", "POS")):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_punct or tokens[-1].tag_ == "POS"):
        tokens = tokens[:-1]
    if not tokens:
        return None
    phrase = doc_text(tokens[0].doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]
    return phrase if len(phrase) > 1 else None  # a lone letter is a unit fragment ("m/s"), not a thing counted


MODIFIER_DEPS = frozenset({"amod", "compound", "nmod", "npadvmod", "advmod", "poss", "case"})


def _noun_phrase_left(head: Token, after: int) -> list[Token]:
    """The head noun with the modifiers directly left of it that lie after character offset `after`."""
    run = [head]
    members = {head.i}
    position = head.i - 1
    while position >= 0:
        token = head.doc[position]
        if token.idx < after or token.head.i not in members:
            break
        if token.dep_ not in MODIFIER_DEPS and not (token.dep_ == "punct" and token.text in "-–"):
            break
        run.append(token)
        members.add(token.i)
        position -= 1
    return list(reversed(run))


def _noun_run_after(token: Token) -> list[Token]:
    """The noun phrase written right after `token` when the parse left it unattached ("of whose capacity")."""
    run: list[Token] = []
    for following in token.doc[token.i + 1 : token.i + 7]:
        if following.pos_ in ("NOUN", "PROPN", "ADJ") or following.tag_ in ("DT", "PRP$", "WP$", "POS"):
            run.append(following)
            continue
        break
    while run and run[-1].pos_ not in ("NOUN", "PROPN"):
        run.pop()
    return run


def _measured_object(doc: Doc, figure: Figure) -> str | None:
    """What an amount or measure is of: "a 6% *stake*", "an annual *profit* of $17.5bn", "*equipment* worth $5bn"."""
    span = tokens_at(doc, figure.start, figure.end)
    if span is None:
        return None
    root = span.root
    head = root.head
    if head.i >= span.end and head.pos_ in ("NOUN", "PROPN") and root.dep_ in ("compound", "amod", "nummod", "nmod", "quantmod"):
        phrase = _noun_phrase_left(head, figure.end)
        if all(word.lower() in OBJECT_DROP_WORDS for word in doc_text(doc)[figure.end : phrase[0].idx].split()):
            return _clean_object(phrase)
        return None
    if head.i < span.start and head.lower_ == "worth" and head.i > 0 and doc[head.i - 1].pos_ == "NOUN" and head.head.pos_ != "NOUN":
        noun = doc[head.i - 1]  # "weapons and equipment worth $55.5 billion", with worth attached to the verb
        start = noun.head if noun.dep_ == "conj" and noun.head.i < noun.i else noun
        first = _noun_phrase_left(start, sentence_start_char(noun))[0]
        return _clean_object(list(doc[first.i : noun.i + 1]))
    if head.i < span.start and head.lower_ in ("of", "worth") and head.head.i < head.i and head.head.pos_ in ("NOUN", "PROPN"):
        noun = head.head
        if head.lower_ == "of" and noun.lower_ in ("total", "sum", "amount", "value", "average", "maximum", "minimum", "range", "distance", "cost", "price"):
            return None  # "a total of $5m" says nothing about what is measured
        first = _noun_phrase_left(noun, sentence_start_char(noun))[0]
        last = max([noun, *[c for c in noun.conjuncts if noun.i < c.i < head.i]], key=lambda t: t.i)
        return _clean_object(list(doc[first.i : last.i + 1]))
    return None


def read_counted_object(doc: Doc, figure: Figure) -> str | None:
    """What the figure counts or measures, read from the parse."""
    dimension = units.unit_table()[figure.unit].dimension
    text = doc_text(doc)
    after = text[figure.end : figure.end + 4]
    if after.lower() == " of " and dimension in ("count", "percent", "currency", "mass", "volume", "length"):
        of_span = tokens_at(doc, figure.end + 1, figure.end + 3)
        if of_span is not None:
            of_token = of_span[0]
            objects = [c for c in of_token.children if c.dep_ == "pobj"]
            if objects:
                head = objects[0]
                end_token = head
                for conj in head.conjuncts:
                    if conj.i > end_token.i and conj.i - end_token.i <= 3 and conj.tag_ in ("NNS", "NN", "NNP", "NNPS"):
                        end_token = conj
                tokens = [t for t in doc[of_token.i + 1 : end_token.i + 1]]
                return _clean_object(tokens)
            return _clean_object(_noun_run_after(of_token))
    if dimension != "count":
        return _measured_object(doc, figure)
    core = tokens_at(doc, figure.core_start, figure.core_end)
    if core is None:
        return None
    number_token = core[-1]
    head = number_token.head
    if number_token.dep_ in ("nummod", "quantmod", "compound", "amod") or head.i > number_token.i and head.pos_ in ("NOUN", "PROPN"):
        while head.dep_ in ("nummod", "quantmod") and head.head.i > head.i:
            head = head.head
        if (
            head.i > number_token.i and head.pos_ in ("NOUN", "PROPN") and head.idx >= figure.end
            and sentence_start(head) == sentence_start(number_token)
        ):
            phrase = _noun_phrase_left(head, figure.end)
            gap = doc_text(doc)[figure.end : phrase[0].idx].split()
            if all(word.lower() in OBJECT_DROP_WORDS for word in gap):
                return _clean_object(phrase)
            return None
    if figure.value_low < 1:  # a fraction ("more than half") does not borrow a noun from earlier
        return None
    qualifier_preposition = number_token.dep_ == "pobj" and figure.start <= number_token.head.idx < figure.core_start  # "launching over 2,000"
    if number_token.dep_ in NOUN_DEPS or qualifier_preposition or number_token.pos_ == "NUM" and number_token.head == number_token:
        following = doc[number_token.i + 1] if number_token.i + 1 < len(doc) else None
        if following is not None and following.pos_ in ("NOUN", "PROPN") and following.idx >= figure.end and following.dep_ != "pobj":
            return None
        sentence = doc[sentence_start(number_token) : number_token.i + 1]
        for token in reversed(doc[sentence.start : core.start]):
            if token.tag_ == "NNS" and token.pos_ == "NOUN":
                return _clean_object(_noun_phrase_left(token, sentence.start_char))
    return None
