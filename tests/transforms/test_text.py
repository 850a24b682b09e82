"""`sentence_around` starts its scan from a known boundary; it must give what a scan from the start gives."""

from __future__ import annotations

from transforms.text import SENTENCE_END, sentence_around

PARAGRAPH = (
    'Sales rose 5% in 2004. "It was a good year," he said. (Profits fell.) 12 shops closed.\n\n'
    "Mr. Smith, 52, left. £3bn was spent! Was it worth it? ‘Yes’ – said Ms Jones. "
)


def scanned_from_the_start(text: str, start: int, end: int) -> tuple[int, str]:
    sentence_start = 0
    for boundary in SENTENCE_END.finditer(text, 0, start):
        sentence_start = boundary.end()
    following = SENTENCE_END.search(text, end)
    return sentence_start, text[sentence_start:following.start() if following else len(text)]


def test_every_position_of_a_long_article_gets_the_sentence_a_scan_from_the_start_gives():
    text = PARAGRAPH * 40  # boundaries far before most positions, where the scan starts late
    for start in range(len(text)):
        end = min(len(text), start + 3)
        assert sentence_around(text, start, end) == scanned_from_the_start(text, start, end), start


def test_a_figure_deep_in_an_article_gets_its_own_sentence():
    text = PARAGRAPH * 40 + "Finally, 99 jobs went."
    start = text.rindex("99")
    assert sentence_around(text, start, start + 2) == (text.rindex("Finally"), "Finally, 99 jobs went.")
