"""Speaker links: the mention a quote's speaker span overlaps names it; without one the name as written stays."""

from __future__ import annotations

import pandas as pd

from transforms.aggregate.corpus import link_speakers


def test_a_speaker_without_a_mention_keeps_the_name_the_extract_stage_wrote():
    quotes = pd.DataFrame(
        {
            "article_id": ["a", "a"],
            "speaker_start_char": [0, 40],
            "speaker_end_char": [10, 50],
            "speaker_name": ["Tony Blair", "Parul Jain"],  # as written; a mention renames the first
        }
    )
    mentions = pd.DataFrame({"article_id": ["a"], "start_char": [5], "end_char": [10], "entity_id": ["e1"]})
    entities = pd.DataFrame({"entity_id": ["e1"], "canonical_name": ["Tony Blair (PM)"]})
    linked = link_speakers(quotes, mentions, entities)
    assert list(linked["speaker_entity_id"]) == ["e1", None]
    assert list(linked["speaker_name"]) == ["Tony Blair (PM)", "Parul Jain"]
