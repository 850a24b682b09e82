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


def test_a_place_that_only_modifies_a_written_organisation_name_does_not_rename_the_speaker():
    text = "the Scottish Executive said. Britain said. Mr Blair of Britain said."
    quotes = pd.DataFrame(
        {
            "article_id": ["a", "a", "a"],
            "speaker_start_char": [4, 29, 42],
            "speaker_end_char": [22, 36, 50],
            "speaker_text": [text[4:22], text[29:36], text[42:50]],
            "speaker_name": ["Scottish Executive", "Britain", "Mr Blair"],
        }
    )
    mentions = pd.DataFrame(
        {
            "article_id": ["a", "a", "a"],
            "start_char": [4, 29, 45],
            "end_char": [12, 36, 50],
            "entity_id": ["scotland", "uk", "blair"],
            "entity_type": ["NORP", "GPE", "PERSON"],
        }
    )
    entities = pd.DataFrame({"entity_id": ["scotland", "uk", "blair"], "canonical_name": ["Scotland", "United Kingdom", "Tony Blair"]})
    linked = link_speakers(quotes, mentions, entities)
    # "Scottish" stops before "Executive": the written name stays; a place that is the whole speaker names it.
    assert list(linked["speaker_entity_id"]) == [None, "uk", "blair"]
    assert list(linked["speaker_name"]) == ["Scottish Executive", "United Kingdom", "Tony Blair"]


def test_speakers_no_mention_overlaps_keep_their_written_names():
    quotes = pd.DataFrame(
        {"article_id": ["a"], "speaker_start_char": [0], "speaker_end_char": [8], "speaker_text": ["Mr Jones"], "speaker_name": ["Mr Jones"]}
    )
    mentions = pd.DataFrame({"article_id": ["a"], "start_char": [20], "end_char": [26], "entity_id": ["uk"], "entity_type": ["GPE"]})
    entities = pd.DataFrame({"entity_id": ["uk"], "canonical_name": ["United Kingdom"]})
    linked = link_speakers(quotes, mentions, entities)
    assert list(linked["speaker_entity_id"]) == [None]
    assert list(linked["speaker_name"]) == ["Mr Jones"]
