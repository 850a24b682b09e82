"""The words claim grouping compares: content words only, singular, and per figure or per article."""

from __future__ import annotations

from collections import Counter

from transforms.aggregate.claim_context import article_terms, blocking_terms, content_terms, local_terms, neighbour_words, overlap
from transforms.text import sentence_around


def test_content_terms_drop_stop_words_numbers_and_reporting_words() -> None:
    assert content_terms("The UK's mortgage approvals fell to 79,000 in January, the Bank said.") == ["mortgage", "approval", "fell", "bank"]


def test_local_and_neighbour_words_stay_beside_the_figure() -> None:
    sentence = "Consumption has jumped to 2.4 million barrels per day, compared with 474,000 bpd in 1973 across China."
    start = sentence.index("474,000")
    assert neighbour_words(sentence, start, start + len("474,000")) == ["barrel", "bpd", "china", "compared"]  # "day" says nothing
    assert "consumption" in local_terms(sentence, start, start + 7) and "china" in local_terms(sentence, start, start + 7)


def test_article_signature_and_blocking_terms_are_the_most_frequent_words() -> None:
    counts = Counter(content_terms("Glazer bid for United. Glazer raised the bid. United fans protest against Glazer."))
    assert blocking_terms(counts, size=2) == ("glazer", "bid")
    assert article_terms(counts, size=3) == frozenset({"glazer", "bid", "united"})


def test_overlap_is_over_the_smaller_set() -> None:
    assert overlap({"a", "b"}, {"a", "b", "c", "d"}) == 1.0
    assert overlap({"a", "b"}, {"b", "c"}) == 0.5
    assert overlap(set(), {"a"}) == 0.0


def test_sentences_end_at_punctuation_before_a_capital_and_at_line_breaks() -> None:
    text = 'He said: "Sales rose 5%." Profits fell 2% in 2004.\nShares rose 1.5 points.'
    assert sentence_around(text, text.index("5%"), text.index("5%") + 2) == (0, 'He said: "Sales rose 5%."')
    offset, sentence = sentence_around(text, text.index("2%"), text.index("2%") + 2)
    assert sentence == "Profits fell 2% in 2004." and text[offset:].startswith("Profits")
    assert sentence_around(text, text.index("1.5"), text.index("1.5") + 3)[1] == "Shares rose 1.5 points."
