"""Quote clusters: restated quotes across articles join, different statements do not; clusters grow
run by run with the ids they were published under."""

from __future__ import annotations

from itertools import combinations

import pandas as pd
import pytest

from transforms.aggregate.quote_clusters import (
    assign_quote_clusters,
    cluster_id_for,
    cluster_quotes,
    quote_content_words,
    quote_index_keys,
)
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


# The quotes the extractor finds in the five sample articles (data/raw), with short ids in text order.
SAMPLE_ROWS = [
    ("s01", "a0", "Strikes are not made of words. Such things don’t announce themselves. The missiles will speak for themselves,", "zel", True),
    ("s02", "a0", "within 24 hours,", "tru", True),
    ("s03", "a0", "do everything to bring this war to an end next year, by diplomatic means,", "zel", True),
    ("s04", "a1", "such things are not announced, missiles speak for themselves.", "zel", True),
    ("s05", "a2", "Ukrainians shouldn't have to wait for rockets to cross the border — they should be able to destroy launch sites directly,", "bae", True),
    ("s06", "a2", "They’re the ones who escalated this. They’re the ones who started this war. It’s because of their aggression.", "kjp", True),
    ("s07", "a3", "Strikes are not made with words,", "zel", True),
    ("s08", "a3", "Such things are not announced. The missiles will speak for themselves.", "zel", True),
    ("s09", "a4", "missiles will speak for themselves,", "zel", True),
    ("s10", "a4", "Victory Plan", None, False),
]


def publish(quotes: pd.DataFrame) -> pd.DataFrame:
    """The quotes as a first run publishes them: a full clustering, ids in `quote_cluster_id`."""
    ids, _ = cluster_quotes(quotes)
    return quotes.assign(quote_cluster_id=ids.to_numpy(dtype=object))


def known_for(new: pd.DataFrame, published: pd.DataFrame) -> pd.DataFrame:
    """What the warehouse fetches for a run: published quotes sharing an index key with a new one, and their clusters."""
    published_keys = quote_index_keys(published)
    sharing = published_keys.loc[published_keys["key"].isin(quote_index_keys(new)["key"]), "quote_id"]
    clusters = published.loc[published["quote_id"].isin(sharing), "quote_cluster_id"]
    return published[published["quote_cluster_id"].isin(clusters)]


def corpus_key_frequency(*frames: pd.DataFrame) -> dict[str, int]:
    return quote_index_keys(pd.concat(frames)).groupby("key").size().to_dict()


def partition(ids: pd.Series) -> set[frozenset[str]]:
    """The clusters as sets of quote ids, whatever they are called."""
    return {frozenset(members.index) for _, members in ids.groupby(ids)}


def test_index_keys_are_word_pairs_and_the_wording_of_speech_quotes() -> None:
    keys = quote_index_keys(quotes_frame([("q1", "a1", "The missiles will speak for themselves", "zel", True), ("q2", "a1", "Victory Plan", None, False)]))
    assert list(keys.columns) == ["quote_id", "key"]
    assert set(keys["key"]) == {
        "pair:missi speak",
        "pair:speak thems",
        "pair:missi thems",
        "wording:the missiles will speak for themselves",
    }
    assert set(keys["quote_id"]) == {"q1"}


@pytest.mark.parametrize("first_articles", list(combinations(["a0", "a1", "a2", "a3", "a4"], 3)))
def test_adding_articles_run_by_run_partitions_quotes_as_a_rebuild_does(first_articles: tuple[str, ...]) -> None:
    everything = quotes_frame(SAMPLE_ROWS)
    first_run = everything[everything["article_id"].isin(first_articles)]
    second_run = everything[~everything["article_id"].isin(first_articles)]
    published = publish(first_run)
    known = known_for(second_run, published)
    assert len(known) < len(published)  # the run does not read the whole archive

    ids, _ = assign_quote_clusters(second_run, known, corpus_key_frequency(first_run, second_run))
    untouched = published[~published["quote_id"].isin(known["quote_id"])]
    incremental = pd.concat([ids, pd.Series(untouched["quote_cluster_id"].to_numpy(), index=untouched["quote_id"])])
    rebuilt, _ = cluster_quotes(everything)
    assert partition(incremental) == partition(pd.Series(rebuilt.to_numpy(), index=everything["quote_id"]))


def test_a_new_quote_joining_a_published_cluster_takes_its_id_even_when_its_own_id_is_smaller() -> None:
    published = publish(quotes_frame([row for row in ZELENSKY_ROWS if row[0] in ("q2", "q3", "q5")]))
    new = quotes_frame([("q0", "a9", "The missiles will speak for themselves, such things are not announced.", "zel", True)])
    ids, changed = assign_quote_clusters(new, published)
    assert ids.loc["q0"] == ids.loc["q2"] == ids.loc["q3"] == cluster_id_for("q2")
    assert ids.loc["q5"] == cluster_id_for("q5")
    assert changed["quote_cluster_id"].tolist() == [cluster_id_for("q2")]  # the untouched cluster is not re-reported
    assert changed.loc[0, "n_quotes"] == 3 and changed.loc[0, "n_articles"] == 3


def test_a_quote_restating_two_published_statements_merges_them_under_the_smaller_id() -> None:
    published = pd.concat(
        [
            publish(quotes_frame([("p1", "a1", "The missiles will speak for themselves tonight", "zel", True), ("p2", "a2", "missiles will speak for themselves tonight,", "zel", True)])),
            publish(quotes_frame([("p3", "a3", "Such things are never announced in advance.", "zel", True)])),
        ]
    )
    assert published["quote_cluster_id"].nunique() == 2
    new = quotes_frame([("p4", "a4", "Such things are never announced in advance. The missiles will speak for themselves tonight.", "zel", True)])
    ids, changed = assign_quote_clusters(new, published, corpus_key_frequency(published, new))
    survivor, absorbed = sorted(published["quote_cluster_id"].unique())
    assert survivor == cluster_id_for("p3")  # the smaller id, though not the cluster of the smallest quote id
    assert set(ids) == {survivor}
    relinked = published.loc[published["quote_cluster_id"] == absorbed, "quote_id"]
    assert not relinked.empty and (ids.loc[relinked] == survivor).all()
    assert changed["quote_cluster_id"].tolist() == [survivor]
    assert changed.loc[0, "n_quotes"] == 4


def test_a_published_cluster_stays_whole_when_new_evidence_would_have_split_it() -> None:
    # The fragment joined the only statement containing it; a tighter container arrives later.
    statement = ("c1", "a1", "Ah right, well you might be, but actually you are just like a concentration camp guard, you are just doing it because you are paid to, aren't you?", None, True)
    fragment = ("c2", "a2", "concentration camp guard", "liv", True)
    tighter = ("c3", "a3", "standing by his remarks which likened an Evening Standard journalist to a concentration camp guard", "liv", True)
    published = publish(quotes_frame([statement, fragment]))
    assert published["quote_cluster_id"].nunique() == 1
    rebuilt, _ = cluster_quotes(quotes_frame([statement, fragment, tighter]))
    assert rebuilt.iloc[0] != rebuilt.iloc[1]  # a rebuild would have kept the statement apart

    ids, changed = assign_quote_clusters(quotes_frame([tighter]), published)
    assert set(ids) == {published["quote_cluster_id"].iloc[0]}
    assert changed.loc[0, "n_quotes"] == 3


def test_global_key_frequencies_decide_which_word_pairs_propose_a_pair() -> None:
    published = publish(quotes_frame([("k1", "a1", "We will never give up our land to the invaders.", "zel", True)]))
    new = quotes_frame([("k2", "a2", "never give up our land to invaders", "zel", True)])
    ids, _ = assign_quote_clusters(new, published)
    assert ids.loc["k1"] == ids.loc["k2"]
    everywhere = {key: 10_000 for key in quote_index_keys(pd.concat([published, new]))["key"]}
    ids, _ = assign_quote_clusters(new, published, everywhere)
    assert ids.loc["k1"] != ids.loc["k2"]  # every shared pair is too common in the corpus to be a key


def test_a_new_quote_that_is_already_published_is_an_error() -> None:
    published = publish(quotes_frame(ZELENSKY_ROWS))
    with pytest.raises(ValueError, match="q1"):
        assign_quote_clusters(quotes_frame(ZELENSKY_ROWS[:1]), published)
