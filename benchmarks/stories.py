"""Stories on BBC news: do the articles a story groups report one news event, and are one event's articles grouped?

Measured through the product: `newsfacts run` on the BBC files (../shared/corpora/bbc/bbc/<category>/NNN.txt)
into a fresh warehouse, whose `articles.story_id` and `stories` table are read back with DuckDB, as a BI user
would. The hand-labelled gold (benchmarks/gold/stories_bbc.csv, guideline in benchmarks/gold/README.md) names
each article by its source file (`business/001.txt`), which survives re-runs and rule changes; a gold file the
run has no article for is counted as unmapped, never guessed (a file rejected as a duplicate reads as the
article it repeats).

Scores, per split (`dev` may be looked at while writing rules, `test` may not) and over both:
- story pair precision: of the gold pairs the run puts in one story, the share labelled same event;
- story pair recall: of the gold pairs labelled same event, the share the run puts in one story (an unmapped
  pair counts as not grouped).
The pairs come from two strata drawn on the code the gold was labelled on: `same_story` (article pairs that
code put in one story: drawn uniformly among all same-story pairs, at most 3 per story so the largest stories
do not fill the stratum) and `candidate` (pairs in different stories that plausibly report one event: one BBC
category and a TF-IDF cosine of their bodies of at least 0.30, or at least 3 shared entities). So precision is
over pairs of the drawn code's stories, and recall is over the union of the strata, not over every same-event
pair of the corpus. Also the corpus counts (stories, multi-article stories, the largest).

`--draw DIR` writes a seeded random draw of unlabelled pairs (`pairs.unlabelled.csv`, shuffled, without stratum
or story, for a blind labeller) and the key (`pairs.key.csv`: pair_id, stratum, stories, cosine), kept apart.

Usage: .venv/bin/python benchmarks/stories.py [--warehouse DIR | --keep DIR] [--errors N] [--gold GOLD.csv]
       .venv/bin/python benchmarks/stories.py --warehouse DIR --draw OUT_DIR [--seed N]
"""

from __future__ import annotations

import argparse
import itertools
import random
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))  # run as a script: `benchmarks` is a folder of the repository

from benchmarks.claims import DUPLICATE_OF, STORY_SIMILARITY, article_similarity, build_bbc, source_file
from benchmarks.newsfacts_cli import parquet_table

GOLD_STORIES = REPO / "benchmarks" / "gold" / "stories_bbc.csv"
SEED = 23
DRAW_SIZES = {"same_story": 60, "candidate": 60}
# At most this many same_story pairs from one story: the 61-article story alone holds 1,830 pairs.
PAIRS_PER_STORY = 3
# Different-story candidates: articles naming at least this many of the same entities (or similar bodies).
CANDIDATE_SHARED_ENTITIES = 3
LEAD_CHARS = 700


@dataclass(frozen=True)
class Warehouse:
    """What a stories score needs: articles with their file, story and entities, and the stories table."""

    articles: pd.DataFrame  # article_id, file, title, body_text, duplicate_of, story_id
    stories: pd.DataFrame
    entities: dict[str, frozenset[str]]  # article_id -> entity ids it names
    duplicate_files: dict[str, str]  # a file rejected as a duplicate -> the file of the article it repeats
    code_version: str


def read_warehouse(warehouse: Path) -> Warehouse:
    with duckdb.connect() as connection:
        articles = connection.sql(f"SELECT article_id, source_uri, title, body_text, duplicate_of, story_id "
                                  f"FROM {parquet_table(warehouse, 'articles')}").df()
        stories = connection.sql(f"SELECT * FROM {parquet_table(warehouse, 'stories')}").df()
        mentions = connection.sql(f"SELECT DISTINCT article_id, entity_id FROM {parquet_table(warehouse, 'entity_mentions')} "
                                  f"WHERE entity_id IS NOT NULL").df()
        rejected = connection.sql(f"SELECT source_uri, reason, detail FROM {parquet_table(warehouse, 'rejected_inputs')}").df()
        code_version = connection.sql(f"SELECT max_by(code_version, finished_at) FROM {parquet_table(warehouse, 'runs')}").fetchall()[0][0]
    articles["file"] = articles["source_uri"].map(source_file)
    file_of_article = dict(zip(articles["article_id"], articles["file"]))
    duplicate_files = {}
    for uri, reason, detail in zip(rejected["source_uri"], rejected["reason"], rejected["detail"]):
        match = DUPLICATE_OF.search(detail or "") if reason == "duplicate" else None
        if match and match.group(1) in file_of_article:
            duplicate_files[source_file(uri)] = file_of_article[match.group(1)]
    entities = {article_id: frozenset(group) for article_id, group in mentions.groupby("article_id")["entity_id"]}
    articles = articles.drop(columns="source_uri").sort_values("file", ignore_index=True)
    return Warehouse(articles, stories, entities, duplicate_files, str(code_version))


def story_of_file(warehouse: Warehouse) -> dict[str, str]:
    """file -> story_id; a file rejected as a duplicate reads as the article it repeats."""
    located = dict(zip(warehouse.articles["file"], warehouse.articles["story_id"]))
    for duplicate, original in warehouse.duplicate_files.items():
        located.setdefault(duplicate, located.get(original))
    return located


# --- scoring -------------------------------------------------------------------------------------------------------


def judge_pairs(gold: pd.DataFrame, located: dict[str, str]) -> pd.DataFrame:
    """Each labelled gold pair with `mapped` (both files have a story), `together` (one story) and `same` (labelled same event)."""
    judged = gold[gold["same_event"].isin(["yes", "no"])].copy()
    story_a, story_b = judged["file_a"].map(located), judged["file_b"].map(located)
    judged["mapped"] = story_a.notna() & story_b.notna()
    judged["together"] = judged["mapped"] & (story_a == story_b)
    judged["same"] = judged["same_event"] == "yes"
    return judged


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "n/a (0/0)"


def scores(pairs: pd.DataFrame) -> dict[str, str]:
    """Precision and recall of one set of judged pairs, as 'value (part/whole)'."""
    together, same = pairs[pairs["together"]], pairs[pairs["same"]]
    return {"precision": _share(int(together["same"].sum()), len(together)),
            "recall": _share(int(same["together"].sum()), len(same))}


def report(pairs: pd.DataFrame) -> None:
    """The two scores per split, as a Markdown table, then the strata."""
    print("\n| split | story pair precision | story pair recall | gold pairs (same event) | unmapped pairs |")
    print("|---|---|---|---|---|")
    for split in ("dev", "test", "all"):
        p = pairs if split == "all" else pairs[pairs["split"] == split]
        score = scores(p)
        print(f"| {split} | {score['precision']} | {score['recall']} | {len(p)} ({int(p['same'].sum())}) | {int((~p['mapped']).sum())} |")
    print("\nBy stratum, both splits: pairs / labelled same event / in one story now / same event and in one story now")
    for stratum, group in pairs.groupby("stratum", sort=False):
        print(f"  {stratum:12} {len(group):4} {int(group['same'].sum()):4} {int(group['together'].sum()):4} "
              f"{int((group['same'] & group['together']).sum()):4}")


def report_errors(pairs: pd.DataFrame, n_errors: int, split: str, sizes: dict[str, int], located: dict[str, str]) -> None:
    """The errors of one split (only ever `dev`), with the size of the story each file is in now."""
    shown = pairs[pairs["split"] == split]
    wrong = shown[shown["together"] & ~shown["same"]]
    missed = shown[~shown["together"] & shown["same"]]
    for title, frame in (("in one story, not one event", wrong), ("one event, not in one story", missed)):
        print(f"\n{split}: {title} ({len(frame)}; first {min(n_errors, len(frame))})")
        for row in frame.head(n_errors).itertuples(index=False):
            size_a, size_b = sizes.get(located.get(row.file_a), 0), sizes.get(located.get(row.file_b), 0)
            print(f"  {row.pair_id} {row.file_a} [{size_a}] «{row.title_a}» / {row.file_b} [{size_b}] «{row.title_b}»: {row.note}")


def report_corpus(warehouse: Warehouse) -> None:
    stories, articles = warehouse.stories, warehouse.articles
    sizes = stories["n_articles"].astype(int)
    multi = stories[sizes > 1]
    largest = stories.sort_values(["n_articles", "story_id"], ascending=[False, True]).head(5)
    bins = pd.cut(sizes, [0, 1, 2, 5, 10, 20, 1000], labels=["1", "2", "3-5", "6-10", "11-20", ">20"]).value_counts(sort=False)
    duplicate_pairs = articles[articles["duplicate_of"].notna()]
    story_of_article = dict(zip(articles["article_id"], articles["story_id"]))
    together = sum(story_of_article.get(a) == story_of_article.get(d) for a, d in zip(duplicate_pairs["article_id"], duplicate_pairs["duplicate_of"]))
    print(f"BBC: {len(articles)} articles, {len(stories)} stories, {len(multi)} with more than one article "
          f"({int(multi['n_articles'].sum())} articles in them); stories of size {', '.join(f'{size}: {int(n)}' for size, n in bins.items())}")
    print("largest: " + "; ".join(f"{int(row.n_articles)} «{row.label}»" for row in largest.itertuples(index=False)))
    print(f"near-duplicate articles (duplicate_of) in their original's story: {together} of {len(duplicate_pairs)}")


# --- drawing the gold ----------------------------------------------------------------------------------------------


def _same_story_pairs(articles: pd.DataFrame, rng: random.Random, usable) -> list[tuple[int, int]]:
    """Random same-story pairs, uniform over all such pairs but at most PAIRS_PER_STORY from one story."""
    members: dict[str, list[int]] = defaultdict(list)
    for i, story_id in enumerate(articles["story_id"]):
        members[story_id].append(i)
    every = [pair for story_id in sorted(members) for pair in itertools.combinations(members[story_id], 2) if usable(*pair)]
    rng.shuffle(every)
    drawn, per_story = [], Counter()
    for i, j in every:
        story_id = articles["story_id"][i]
        if per_story[story_id] < PAIRS_PER_STORY:
            per_story[story_id] += 1
            drawn.append((i, j))
        if len(drawn) == DRAW_SIZES["same_story"]:
            break
    return drawn


def _candidate_pairs(warehouse: Warehouse, similarity: np.ndarray, rng: random.Random, usable) -> list[tuple[int, int]]:
    """Random pairs of different stories in one category, with similar bodies or CANDIDATE_SHARED_ENTITIES shared entities."""
    articles = warehouse.articles
    category = [file.split("/")[0] for file in articles["file"]]
    entities = [warehouse.entities.get(article_id, frozenset()) for article_id in articles["article_id"]]
    pool = []
    for i, j in itertools.combinations(range(len(articles)), 2):
        if category[i] != category[j] or articles["story_id"][i] == articles["story_id"][j] or not usable(i, j):
            continue
        if similarity[i, j] >= STORY_SIMILARITY or len(entities[i] & entities[j]) >= CANDIDATE_SHARED_ENTITIES:
            pool.append((i, j))
    print(f"candidate pool: {len(pool)} different-story pairs")
    return rng.sample(pool, min(DRAW_SIZES["candidate"], len(pool)))


def _lead(body: str) -> str:
    cut = body[:LEAD_CHARS]
    return cut if len(body) <= LEAD_CHARS else cut.rsplit(" ", 1)[0] + " …"


def draw(warehouse: Warehouse, seed: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A seeded draw: the unlabelled pairs in random order (no stratum, no story) and their key."""
    rng = random.Random(seed)
    articles = warehouse.articles
    near_duplicate = {frozenset((a, d)) for a, d in zip(articles["article_id"], articles["duplicate_of"]) if isinstance(d, str)}
    ids = list(articles["article_id"])

    def usable(i: int, j: int) -> bool:  # a near-duplicate pair is trivially one event: never drawn
        return frozenset((ids[i], ids[j])) not in near_duplicate

    similarity = article_similarity(list(articles["body_text"]))
    strata = [("same_story", pair) for pair in _same_story_pairs(articles, rng, usable)]
    strata += [("candidate", pair) for pair in _candidate_pairs(warehouse, similarity, rng, usable)]
    rng.shuffle(strata)
    unlabelled, key = [], []
    for number, (stratum, (i, j)) in enumerate(strata, start=1):
        pair_id = f"s{number:03d}"
        a, b = articles.iloc[i], articles.iloc[j]
        unlabelled.append({"pair_id": pair_id, "file_a": a["file"], "title_a": a["title"], "lead_a": _lead(a["body_text"]),
                           "file_b": b["file"], "title_b": b["title"], "lead_b": _lead(b["body_text"]),
                           "same_event": "", "confidence": "", "note": ""})
        key.append({"pair_id": pair_id, "stratum": stratum, "story_a": a["story_id"], "story_b": b["story_id"],
                    "cosine": f"{similarity[i, j]:.3f}"})
    return pd.DataFrame(unlabelled), pd.DataFrame(key)


# --- main ----------------------------------------------------------------------------------------------------------


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, help="read this BBC warehouse instead of running `newsfacts run`")
    parser.add_argument("--keep", type=Path, help="run the BBC files into this (new) folder and keep it")
    parser.add_argument("--errors", type=int, default=0, help="print up to N dev errors of each kind")
    parser.add_argument("--draw", type=Path, help="write an unlabelled seeded draw of pairs and its key to this folder")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--gold", type=Path, default=GOLD_STORIES, help="gold pairs to score")
    args = parser.parse_args()
    print(f"newsfacts stories benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    with tempfile.TemporaryDirectory(prefix="newsfacts-stories-") as scratch:
        warehouse_dir = args.warehouse or args.keep or Path(scratch) / "bbc"
        if not args.warehouse:
            build_bbc(warehouse_dir)
        warehouse = read_warehouse(warehouse_dir)
        print(f"warehouse {warehouse_dir}, written by {warehouse.code_version}")
        report_corpus(warehouse)
        if args.draw:
            unlabelled, key = draw(warehouse, args.seed)
            args.draw.mkdir(parents=True, exist_ok=True)
            unlabelled.to_csv(args.draw / "pairs.unlabelled.csv", index=False)
            key.to_csv(args.draw / "pairs.key.csv", index=False)
            print(f"drew {len(key)} pairs ({dict(Counter(key['stratum']))}) into {args.draw}")
            return
        located = story_of_file(warehouse)
        pairs = judge_pairs(pd.read_csv(args.gold, dtype=str, keep_default_na=False), located)
        report(pairs)
        if args.errors:
            sizes = dict(zip(warehouse.stories["story_id"], warehouse.stories["n_articles"].astype(int)))
            report_errors(pairs, args.errors, "dev", sizes, located)


if __name__ == "__main__":
    main()
