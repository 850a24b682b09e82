"""Stories: which articles tell one news event, placed once as they arrive."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pytest

from transforms.aggregate.stories import (
    STORY_WINDOW_DAYS,
    EntityRarity,
    arrival_order,
    assign_stories,
    entity_rarity,
    story_features,
    founders_of,
    results,
    same_event,
    summarise_stories,
)
import transforms.aggregate.stories as stories_module
from transforms.ids import stable_id
from transforms.schema import STORIES

MISSILES = ("Ukraine fired American ATACMS missiles into Russia after Joe Biden lifted the limits on the missiles. "
            "Russia said the missiles crossed a red line and the Kremlin warned Ukraine and Biden of escalation.")
MISSILES_AGAIN = ("The Kremlin said American ATACMS missiles fired by Ukraine into Russia were an escalation by Joe Biden. "
                  "Biden lifted the limits on the missiles last week, and Ukraine used the missiles at once, Russia said.")
FOOTBALL = ("Arsenal beat Chelsea in the Premier League as Thierry Henry scored twice. "
            "Arsene Wenger said Arsenal deserved the win over Chelsea and Henry was superb in the league.")
ENTITIES = {"Ukraine": "e-ukr", "Russia": "e-rus", "Joe Biden": "e-biden", "Kremlin": "e-kremlin", "ATACMS": "e-atacms",
            "Arsenal": "e-ars", "Chelsea": "e-che", "Thierry Henry": "e-henry", "Premier League": "e-pl"}


def articles(*rows: tuple[str, str, object]) -> pd.DataFrame:
    """(article_id, body, published_at) rows, with the columns the stage gets."""
    return pd.DataFrame({
        "article_id": [r[0] for r in rows], "body_text": [r[1] for r in rows],
        "published_at": pd.to_datetime([r[2] for r in rows], utc=True), "source_uri": [f"{r[0]}.txt" for r in rows],
        "source_name": ["Wire"] * len(rows), "title": [f"Title {r[0]}" for r in rows],
    })


def mentions_of(frame: pd.DataFrame) -> pd.DataFrame:
    """Each known name found in a body is a linked mention of its entity."""
    found = [(a, e) for a, body in zip(frame["article_id"], frame["body_text"]) for name, e in ENTITIES.items() if name in body]
    return pd.DataFrame(found, columns=["article_id", "entity_id"])


def place(new: pd.DataFrame, known: pd.DataFrame | None = None) -> dict[str, str]:
    features = story_features(new, mentions_of(new))
    stored = known if known is not None else features.iloc[:0].assign(story_id=pd.Series(dtype=object), story_rank=pd.Series(dtype="int32"))
    return assign_stories(features, stored, arrival_order(new))[0]


def founders(frame: pd.DataFrame, story_ids: list[str]) -> pd.DataFrame:
    """Stored features of articles that each started the given story."""
    return story_features(frame, mentions_of(frame)).assign(story_id=story_ids, story_rank=0)


def test_two_reports_of_one_event_share_a_story_and_another_event_has_its_own():
    frame = articles(("a1", MISSILES, "2024-11-18"), ("a2", MISSILES_AGAIN, "2024-11-19"), ("a3", FOOTBALL, "2024-11-19"))
    story_of = place(frame)
    assert story_of["a1"] == story_of["a2"] == stable_id("story", "a1")  # the first article names the story
    assert story_of["a3"] == stable_id("story", "a3")


def test_the_same_event_words_a_year_apart_are_two_stories():
    later = pd.Timestamp("2024-11-18") + pd.Timedelta(days=STORY_WINDOW_DAYS + 1)
    story_of = place(articles(("a1", MISSILES, "2024-11-18"), ("a2", MISSILES_AGAIN, later)))
    assert story_of["a1"] != story_of["a2"]


def test_an_undated_article_is_no_evidence_against_a_dated_one():
    story_of = place(articles(("a1", MISSILES, "2024-11-18"), ("a2", MISSILES_AGAIN, None)))
    assert story_of["a1"] == story_of["a2"]


def test_articles_are_placed_in_publication_order_whatever_the_order_read():
    frame = articles(("z-late", MISSILES_AGAIN, "2024-11-20"), ("a-early", MISSILES, "2024-11-18"), ("m-undated", MISSILES, None))
    assert arrival_order(frame) == ["a-early", "z-late", "m-undated"]
    assert set(place(frame).values()) == {stable_id("story", "a-early")}


def test_a_new_article_joins_a_stored_story_and_the_stored_one_keeps_it():
    first = articles(("a1", MISSILES, "2024-11-18"))
    story_of = place(articles(("a2", MISSILES_AGAIN, "2024-11-19")), known=founders(first, ["story-from-an-earlier-run"]))
    assert story_of == {"a2": "story-from-an-earlier-run"}


def test_an_article_that_matches_two_stories_joins_the_better_one_and_they_do_not_merge():
    first = articles(("a1", MISSILES, "2024-11-18"), ("f1", FOOTBALL, "2024-11-18"))
    both = MISSILES_AGAIN + " Arsenal and Chelsea fans watched the news as Thierry Henry scored."
    story_of = place(articles(("a2", both, "2024-11-19")), known=founders(first, ["story-missiles", "story-football"]))
    assert story_of == {"a2": "story-missiles"}  # more of its words and entities are the missiles story's


def test_words_alone_do_not_make_one_story():
    no_entities = articles(("a1", MISSILES.lower(), "2024-11-18"), ("a2", MISSILES_AGAIN.lower(), "2024-11-18"))
    story_of = place(no_entities)  # lower case: none of the names is found, so no shared entities
    assert story_of["a1"] != story_of["a2"]


def test_features_are_the_articles_words_entities_and_day():
    frame = articles(("a1", MISSILES, "2024-11-18T23:30:00Z"))
    row = story_features(frame, mentions_of(frame)).iloc[0]
    assert row["published_day"] == date(2024, 11, 18)
    assert {"missile", "kremlin", "escalation"} <= set(row["article_terms"])
    assert row["entity_ids"] == sorted({"e-ukr", "e-rus", "e-biden", "e-kremlin", "e-atacms"})


def test_features_need_the_body_and_date():
    with pytest.raises(KeyError, match="published_at"):
        story_features(pd.DataFrame({"article_id": ["a"], "body_text": ["x"]}), pd.DataFrame(columns=["article_id", "entity_id"]))


def test_a_story_row_counts_its_articles_and_outlets_and_takes_the_founder_s_headline():
    members = articles(("a2", MISSILES_AGAIN, "2024-11-19"), ("a1", MISSILES, "2024-11-18"), ("a3", MISSILES, None))
    members = members.assign(story_id="s", source_name=["Wire", "Post", None], title=["Founder", "Earlier", None])
    (row,) = summarise_stories(members, {"s": "a2"}).to_dict("records")
    assert list(row) == STORIES.column_names
    assert (row["label"], row["first_article_id"], row["n_articles"], row["n_sources"]) == ("Founder", "a2", 3, 2)
    assert (row["first_published_at"], row["last_published_at"]) == (pd.Timestamp("2024-11-18", tz="UTC"), pd.Timestamp("2024-11-19", tz="UTC"))


def test_a_later_run_s_earlier_dated_article_joins_without_changing_the_story_s_first_article_or_label():
    first_run = articles(("a-founder", MISSILES, "2024-11-19"))
    stored = founders(first_run, [stable_id("story", "a-founder")])
    second_run = articles(("a-earlier", MISSILES_AGAIN, "2024-11-18"))
    story_of = place(second_run, known=stored)
    assert story_of == {"a-earlier": stable_id("story", "a-founder")}
    members = pd.concat([first_run, second_run]).assign(story_id=stable_id("story", "a-founder"))
    before = summarise_stories(members.iloc[:1], founders_of(stored)).iloc[0]
    after = summarise_stories(members, founders_of(stored)).iloc[0]
    assert (after["story_id"], after["first_article_id"], after["label"]) == (before["story_id"], "a-founder", "Title a-founder")
    assert after["first_published_at"] == pd.Timestamp("2024-11-18", tz="UTC")  # the dates do follow the earlier article


def test_a_story_s_founder_must_be_given_and_among_its_members():
    members = articles(("a1", MISSILES, None)).assign(story_id="s")
    with pytest.raises(KeyError, match="founder"):
        summarise_stories(members, {})
    with pytest.raises(ValueError, match="founder"):
        summarise_stories(members, {"s": "a-elsewhere"})


def test_a_story_without_a_headline_is_labelled_by_its_text():
    members = articles(("a1", "word " * 100, None)).assign(story_id="s", title=[None])
    label = summarise_stories(members, {"s": "a1"})["label"].iloc[0]
    assert label.startswith("word word") and label.endswith("…") and len(label) <= 120


def signature(article_id: str, terms: str, entities: str, rank: int | None = None, story_id: str = "s") -> dict[str, object]:
    """A story feature row by hand: its words and entities as letters ("abcd" -> a, b, c, d)."""
    row = {"article_id": article_id, "published_day": None, "article_terms": list(terms), "lead_terms": list(terms), "results": [],
           "entity_ids": list(entities), "features_version": 1}
    return row if rank is None else row | {"story_id": story_id, "story_rank": rank}


def test_a_story_does_not_drift_one_article_at_a_time():
    # Founders a1 and a2 are one event; a3 shares words with a2 only, so it is one event with a2 but not a1.
    known = pd.DataFrame([signature("a1", "abcdefgh", "xyz", 0), signature("a2", "abcdijkl", "xyzw", 1), signature("a3", "ijklmnop", "zwv", 2)])
    drifting = pd.DataFrame([signature("n1", "mnopqrst", "zwvu")])  # one event with a3 only: 1 of 3 founders
    story_of, rank_of = assign_stories(drifting, known, ["n1"], {"s": 3})
    assert story_of["n1"] == stable_id("story", "n1") and rank_of["n1"] == 0
    faithful = pd.DataFrame([signature("n2", "abcdijst", "xyzw")])  # one event with a1 and a2: 2 of 3
    story_of, rank_of = assign_stories(faithful, known, ["n2"], {"s": 7})
    assert story_of == {"n2": "s"} and rank_of == {"n2": 7}  # the eighth article of a story of seven


def test_only_the_founders_judge_and_later_articles_count_in_the_rank():
    new = pd.DataFrame([signature(f"n{k}", "abcdefgh", "xyz") for k in range(7)])
    story_of, rank_of = assign_stories(new, new.iloc[:0].assign(story_id=None, story_rank=0), [f"n{k}" for k in range(7)])
    assert set(story_of.values()) == {stable_id("story", "n0")}
    assert [rank_of[f"n{k}"] for k in range(7)] == list(range(7))


def test_stored_stories_the_archive_found_are_always_compared_and_the_run_s_own_through_recent_ones(monkeypatch):
    import transforms.aggregate.stories as stories

    known = pd.DataFrame([signature("k1", "abcdefgh", "xyz", 0, story_id="stored")])
    new = pd.DataFrame([signature("n1", "qrstuvwx", "xyw"), signature("n2", "abcdefgh", "xyz"), signature("n3", "qrstuvwx", "xyw")])
    order = ["n1", "n2", "n3"]
    story_of, _ = assign_stories(new, known, order)
    assert story_of["n2"] == "stored" and story_of["n3"] == story_of["n1"] == stable_id("story", "n1")
    monkeypatch.setattr(stories, "RECENT_ARTICLES_PER_ENTITY", 1)
    capped, _ = assign_stories(new, known, order)
    assert capped["n2"] == "stored"  # x and y's latest story of the run is n1's, but the stored one still counts
    assert capped["n3"] == stable_id("story", "n3")  # n2 (in "stored") pushed n1's story out of x's and y's lists


def record(terms: str, entities: str, lead: str | None = None, scores: tuple[str, ...] = ()) -> dict[str, object]:
    """An article's placing record by hand: words, entities and opening words as letters (the opening is its words
    unless given)."""
    return {"article_id": terms, "day": None, "story": frozenset(terms), "lead": frozenset(terms if lead is None else lead),
            "results": frozenset(scores), "entities": frozenset(entities)}


def test_the_same_side_on_another_occasion_shares_common_names_not_rare_ones():
    # x and y (a club and its league) are named by most articles of the archive; p, q and r by one or two.
    rarity = EntityRarity({"x": 600, "y": 500, "p": 1, "q": 2, "r": 1, "s": 2}, 1000)
    match_report, another_match = record("abcdefgh", "xypq"), record("abcdijkl", "xyrs")
    assert not same_event(match_report, another_match, rarity)  # half the entities shared, but the common half
    assert same_event(match_report, record("abcdijkl", "xypr"), rarity)  # a rare name of this occasion is shared too
    assert same_event(match_report, another_match, EntityRarity())  # unweighted, the pair would be one event


def test_in_a_young_archive_every_entity_weighs_alike_and_the_run_counts_its_own_articles():
    young = entity_rarity(pd.DataFrame({"entity_ids": [["x", "y"], ["x", "y", "z"]]}), {}, 0)
    assert young.weight("x") == young.weight("y") == 1.0 and young.overlap(frozenset("xy"), frozenset("xyz")) == 1.0
    grown = entity_rarity(pd.DataFrame({"entity_ids": [["x", "y"]]}), {"x": 99}, 199)
    assert grown.article_counts == {"x": 100, "y": 1} and grown.n_articles == 200
    assert grown.weight("x") < grown.weight("y") < grown.weight("never-seen")


def test_the_same_side_on_another_occasion_opens_differently():
    # Two squad announcements of one side: the words of their kind and the names of the squad (rare ones too) are shared;
    # what each opens with (the opponent, the date, the venue) is not.
    squad = record("abcdefgh", "xypq", lead="abcmnopq")
    assert not same_event(squad, record("abijklmn", "xypq", lead="arstuvwx"), EntityRarity())  # words 0.25 + opening 0.125
    assert same_event(squad, record("abijklmn", "xypq", lead="abcmnoxy"), EntityRarity())  # it opens on the same occasion


def test_one_result_is_one_match_whatever_the_opening():
    report = record("abcdefgh", "xypq", lead="mnopqrst", scores=("17-18",))
    reaction = record("abijklmn", "xypq", lead="uvwxyzab", scores=("17-18",))
    assert same_event(report, reaction, EntityRarity())
    assert not same_event(report, reaction | {"results": frozenset({"13-19"})}, EntityRarity())  # another match of the two sides


def test_a_result_is_two_numbers_either_way_round_and_not_a_span_of_years_or_decimals():
    assert results("France beat England 18-17 at Twickenham") == results("England's 17-18 defeat") == ["17-18"]
    assert results("from 1997-2001, a 4.5-3 lead, pages 12-145-6, ranked 2-1 and 1-2 again") == ["1-2"]


def test_features_keep_the_opening_words_in_text_order_s_first_few():
    later = " ".join(f"{chr(97 + k % 26)}{chr(97 + k // 26)}zone" for k in range(40))  # 40 distinct words
    frame = articles(("a1", f"Kremlin escalation warning. {later}", None))
    lead = story_features(frame, mentions_of(frame)).iloc[0]["lead_terms"]
    assert {"kremlin", "escalation", "warning"} <= set(lead) and len(lead) == stories_module.LEAD_TERMS
