"""Quote clusters: restated quotes across articles join, different statements do not."""

from __future__ import annotations

import pandas as pd
import pytest

from transforms.aggregate.quote_clusters import cluster_id_for, cluster_quotes, quote_content_words
from transforms.schema import QUOTE_CLUSTERS


def quotes_frame(rows: list[tuple[str, str, str, str | None, bool]]) -> pd.DataFrame:
    """(quote_id, article_id, quote_text, speaker_entity_id, is_speech) rows."""
    return pd.DataFrame(
        [
            {
                "quote_id": quote_id,
                "article_id": article_id,
                "quote_text": text,
                "speaker_entity_id": speaker,
                "speaker_name": {"zel": "Volodymyr Zelensky", "put": "Vladimir Putin"}.get(speaker or ""),
                "is_speech": is_speech,
            }
            for quote_id, article_id, text, speaker, is_speech in rows
        ],
        index=pd.RangeIndex(100, 100 + len(rows)),
    )


ZELENSKY_ROWS = [
    ("q1", "a0", "Strikes are not made of words. Such things don’t announce themselves. The missiles will speak for themselves,", "zel", True),
    ("q2", "a1", "such things are not announced, missiles speak for themselves.", "zel", True),
    ("q3", "a3", "Such things are not announced. The missiles will speak for themselves.", "zel", True),
    ("q4", "a4", "missiles will speak for themselves,", "zel", True),
    ("q5", "a0", "do everything to bring this war to an end next year, by diplomatic means,", "zel", True),
    ("q6", "a4", "Victory Plan", None, False),
]


def test_paraphrased_and_contained_quotes_share_one_cluster() -> None:
    frame = quotes_frame(ZELENSKY_ROWS)
    ids, clusters = cluster_quotes(frame)
    assert ids.index.equals(frame.index)
    assert ids.loc[100] == ids.loc[101] == ids.loc[102] == ids.loc[103]
    row = clusters.set_index("quote_cluster_id").loc[ids.loc[100]]
    assert row["n_articles"] == 4 and row["n_quotes"] == 4
    assert row["representative_text"] == ZELENSKY_ROWS[0][2]
    assert set(row["variants"]) == {r[2] for r in ZELENSKY_ROWS[:4]}
    assert row["speaker_entity_id"] == "zel" and row["speaker_name"] == "Volodymyr Zelensky"


def test_different_statements_of_the_same_speaker_stay_apart() -> None:
    ids, _ = cluster_quotes(quotes_frame(ZELENSKY_ROWS))
    assert ids.loc[104] != ids.loc[100]


def test_every_row_gets_a_cluster_and_singletons_are_clusters() -> None:
    ids, clusters = cluster_quotes(quotes_frame(ZELENSKY_ROWS))
    assert ids.notna().all()
    assert set(ids) == set(clusters["quote_cluster_id"])
    assert len(clusters) == 3  # the missiles statement, the diplomacy statement, the title
    title = clusters.set_index("quote_cluster_id").loc[ids.loc[105]]
    assert title["n_quotes"] == 1 and pd.isna(title["speaker_entity_id"])


def test_the_same_words_from_different_speakers_do_not_join() -> None:
    frame = quotes_frame(
        [
            ("q1", "a1", "We will never give up our land to the invaders.", "zel", True),
            ("q2", "a2", "We will never give up our land to the invaders.", "put", True),
        ]
    )
    ids, _ = cluster_quotes(frame)
    assert ids.iloc[0] != ids.iloc[1]


def test_unattributed_restatement_joins_the_attributed_statement() -> None:
    frame = quotes_frame(
        [
            ("q1", "a1", "We will never give up our land to the invaders.", "zel", True),
            ("q2", "a2", "never give up our land to the invaders", None, True),
        ]
    )
    ids, clusters = cluster_quotes(frame)
    assert ids.iloc[0] == ids.iloc[1]
    assert clusters.loc[0, "speaker_entity_id"] == "zel"


def test_non_speech_rows_do_not_join_speech() -> None:
    frame = quotes_frame(
        [
            ("q1", "a1", "the peace plan for the eastern regions", "zel", True),
            ("q2", "a2", "the peace plan for the eastern regions", None, False),
        ]
    )
    ids, _ = cluster_quotes(frame)
    assert ids.iloc[0] != ids.iloc[1]


def test_ids_are_deterministic_and_follow_the_smallest_member() -> None:
    frame = quotes_frame(ZELENSKY_ROWS)
    ids, clusters = cluster_quotes(frame)
    shuffled_ids, shuffled_clusters = cluster_quotes(frame.iloc[::-1])
    assert ids.equals(shuffled_ids.loc[ids.index])
    assert ids.loc[100] == cluster_id_for("q1")
    assert len(ids.loc[100]) == 16
    pd.testing.assert_frame_equal(clusters, shuffled_clusters)


def test_cluster_table_has_exactly_the_schema_columns() -> None:
    _, clusters = cluster_quotes(quotes_frame(ZELENSKY_ROWS))
    assert list(clusters.columns) == QUOTE_CLUSTERS.column_names


def test_empty_input_gives_empty_outputs() -> None:
    ids, clusters = cluster_quotes(quotes_frame([]).reindex(columns=["quote_id", "article_id", "quote_text", "speaker_entity_id", "speaker_name", "is_speech"]))
    assert ids.empty and clusters.empty
    assert list(clusters.columns) == QUOTE_CLUSTERS.column_names


def test_missing_column_is_an_error() -> None:
    with pytest.raises(KeyError):
        cluster_quotes(quotes_frame(ZELENSKY_ROWS).drop(columns=["is_speech"]))


def test_content_words_ignore_function_words_and_inflection() -> None:
    assert quote_content_words("The missiles will speak for themselves") == quote_content_words("missiles speak for themselves")
    assert "not" in quote_content_words("Such things don’t announce themselves")


def test_short_quotes_join_only_with_the_same_wording() -> None:
    frame = quotes_frame(
        [
            ("q1", "a1", "centrepiece", "put", True),
            ("q2", "a2", "central", "put", True),
            ("q3", "a3", "vote now, pay later", "put", True),
            ("q4", "a4", "Vote now pay later", "put", True),
        ]
    )
    ids, _ = cluster_quotes(frame)
    assert ids.iloc[0] != ids.iloc[1]
    assert ids.iloc[2] == ids.iloc[3]


def test_a_shared_phrase_does_not_chain_two_different_statements() -> None:
    frame = quotes_frame(
        [
            ("q1", "a1", "The sites were never part of the make love not spam campaign, whatever the critics claim,", "zel", True),
            ("q2", "a2", "Nothing suggests that make love not spam brought down any server at all,", "zel", True),
            ("q3", "a3", "make love not spam", "zel", True),
        ]
    )
    ids, _ = cluster_quotes(frame)
    assert ids.iloc[0] != ids.iloc[1]
    assert ids.iloc[2] in (ids.iloc[0], ids.iloc[1])


def test_scattered_shared_words_are_not_a_restatement() -> None:
    frame = quotes_frame(
        [
            ("q1", "a1", "one time, last time", "put", True),
            ("q2", "a2", "At one point early in the season I thought our young squad could keep winning matches through the winter, but injuries, travel and the weather took their toll in the last month, and by then our time had run out", "put", True),
        ]
    )
    ids, _ = cluster_quotes(frame)
    assert ids.iloc[0] != ids.iloc[1]
