from __future__ import annotations

import pandas as pd

from transforms.dedupe import flag_near_duplicates, flag_new_near_duplicates

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


def test_new_articles_are_compared_with_published_ones_first():
    existing = pd.DataFrame({"article_id": ["old"], "body_text": [STORY]})
    new = pd.DataFrame(
        {"article_id": ["late", "early"], "body_text": [STORY + " Late update.", STORY + " Early update."],
         "published_at": pd.to_datetime(["2024-11-19", "2024-11-18"], utc=True), "source_uri": ["b", "a"]},
        index=[10, 11],
    )
    assert flag_new_near_duplicates(existing, new).to_dict() == {10: "old", 11: "old"}
    assert flag_new_near_duplicates(existing.iloc[0:0], new).to_dict() == {10: "early", 11: None}
