from __future__ import annotations

import pandas as pd

from transforms.dedupe import flag_near_duplicates

STORY = " ".join(f"Sentence {i} of the wire story about the ATACMS decision and its consequences." for i in range(30))


def test_near_duplicate_points_to_the_earlier_article_and_different_text_does_not():
    edited = STORY.replace("Sentence 3 of", "Sentence three of").replace("consequences.", "consequences!", 1)
    articles = pd.DataFrame(
        {"article_id": ["first", "edited", "other", "edited_again"],
         "body_text": [STORY, edited, "A completely different story about football transfers in Spain.", edited + " Update."]}
    )
    assert flag_near_duplicates(articles).tolist() == [None, "first", None, "first"]


def test_short_overlap_is_not_a_duplicate():
    half = " ".join(STORY.split()[: len(STORY.split()) // 2])
    articles = pd.DataFrame({"article_id": ["full", "half"], "body_text": [STORY, half + " and then a long different ending " * 20]})
    assert flag_near_duplicates(articles).tolist() == [None, None]
