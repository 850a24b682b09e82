"""Claims on BBC news: are the figures a claim groups one fact, are its conflicts real, are same-fact figures grouped?

Measured through the product: `newsfacts run` on the BBC files (../shared/corpora/bbc/bbc/<category>/NNN.txt)
into a fresh warehouse, whose `figures`, `claims` and `articles` tables are read back with DuckDB, as a BI
user would. The hand-labelled gold (benchmarks/gold/claims_bbc_*.csv, guideline in benchmarks/gold/README.md)
names each figure by its source file and its offsets in the normalised body (`business/001.txt`,
start_char, end_char), which survive re-runs and rule changes; a gold figure the run has no figure at is
counted as unmapped, never guessed.

Scores, per split (`dev` may be looked at while writing rules, `test` may not) and over both:
- multi-article claim precision: of the gold pairs (figures of two different articles) that the run puts in
  one claim, the share labelled same fact. The `claim` stratum is one random cross-article pair of each of
  100 random multi-article claims of the code the gold was drawn on, so on that code this is the share of
  multi-article claims whose sampled pair is one fact;
- conflict precision: of the gold conflicts whose two evidence figures the run puts in one claim flagged
  `is_conflict`, the share labelled a real conflict (two sources giving different values for one fact);
- same-fact pair recall: of the gold pairs labelled same fact, the share the run puts in one claim (an
  unmapped pair counts as not grouped, so a changed offset shows as a loss). The pairs come from strata drawn
  independently of each other: today's claims, and plausible same-fact candidates today's claims miss
  (`same_story`: articles whose text is similar; `shared_entities`: same category, two shared entities in the
  figures' sentences), so the recall is over the union of the strata, not over every same-fact pair of the
  corpus.
Also the corpus counts (claims, multi-article claims, conflicts) and, with `--sample`, the four cross-source
claims of the sample (data/raw), alone and added to the BBC warehouse in a second run.

`--draw DIR` writes a seeded random draw of unlabelled pairs and conflicts from the run, leaving out what
the gold already holds: how the gold was drawn (seed 17, on the code before issue 17's rules), and how to
draw a fresh sample to label for an independent check of a new rule set.

Usage: .venv/bin/python benchmarks/claims.py [--warehouse DIR | --keep DIR] [--sample] [--errors N] [--pairs GOLD.csv]
       .venv/bin/python benchmarks/claims.py --warehouse DIR --draw OUT_DIR [--seed N]
"""

from __future__ import annotations

import argparse
import math
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

REPO = Path(__file__).resolve().parents[1]
BBC_DIR = REPO.parent / "shared" / "corpora" / "bbc" / "bbc"
BBC_CATEGORIES = ("business", "entertainment", "politics", "sport", "tech")
SAMPLE_DIR = REPO / "data" / "raw"
GOLD_DIR = REPO / "benchmarks" / "gold"
GOLD_PAIRS = GOLD_DIR / "claims_bbc_pairs.csv"
GOLD_CONFLICTS = GOLD_DIR / "claims_bbc_conflicts.csv"
# The `newsfacts` script of the interpreter running this benchmark: a worktree without its own .venv runs the
# main checkout's venv with PYTHONPATH on the worktree, and the subprocess inherits that environment.
NEWSFACTS = Path(sys.executable).with_name("newsfacts")
SEED = 17
# The draw: pairs per stratum and conflicts.
DRAW_SIZES = {"claim": 100, "same_story": 100, "shared_entities": 30, "conflicts": 40}
# Articles at least this similar (TF-IDF cosine of their bodies) mostly tell one story (25 random pairs at 0.30 or more, read).
STORY_SIMILARITY = 0.30
# Candidate pairs: the same normalised unit and values within this factor of each other.
CANDIDATE_VALUE_RATIO = 1.2
DUPLICATE_OF = re.compile(r"same text as article (\w+)")

# The sample's cross-source claims (issue 17: they must not change): (what, figures as (file, start, end), is_conflict).
SAMPLE_CLAIMS = (
    ("North Korean troops: 11,000 / approximately 12,000 / around 50,000", (("raw/001_78de7689fee4969a.txt", 881, 887),
     ("raw/003_d9199555e58c3e6c.txt", 2076, 2096), ("raw/002_86915c4c104c3bba.txt", 2798, 2811)), True),
    ("US weapons and equipment: $55.5 billion / over $56.2 billion", (("raw/001_78de7689fee4969a.txt", 2380, 2393),
     ("raw/003_d9199555e58c3e6c.txt", 4144, 4162)), False),
    ("ATACMS range: up to 300km (186 miles) / nearly 190 miles", (("raw/001_78de7689fee4969a.txt", 1021, 1032),
     ("raw/002_86915c4c104c3bba.txt", 3643, 3659)), False),
    ("Russian missiles: approximately 120 / about 120", (("raw/001_78de7689fee4969a.txt", 1570, 1587),
     ("raw/003_d9199555e58c3e6c.txt", 1853, 1862)), False),
)

FigureKey = tuple[str, int, int]  # (source file as category/NNN.txt, start_char, end_char)


@dataclass(frozen=True)
class Warehouse:
    """The published tables a claims score needs, with each article's source file as `category/NNN.txt`."""

    articles: pd.DataFrame  # article_id, file, title, body_text, duplicate_of
    figures: pd.DataFrame  # every figures column, plus file
    claims: pd.DataFrame
    duplicate_files: dict[str, str]  # a file rejected as a duplicate -> the file of the article it repeats
    code_version: str


def source_file(uri: str) -> str:
    """The last two parts of a `source_uri`: `business/001.txt`, `raw/001_78de7689fee4969a.txt`."""
    return "/".join(Path(uri).parts[-2:])


def run_newsfacts(paths: list[Path], warehouse: Path) -> float:
    """`newsfacts run <paths> --warehouse <warehouse>` in a subprocess; its duration in seconds."""
    environment = dict(os.environ)
    environment.setdefault("PREFECT_HOME", str(warehouse.parent / "prefect"))  # as `make` sets it, away from the repo's
    environment.setdefault("GX_ANALYTICS_ENABLED", "false")
    environment.setdefault("DO_NOT_TRACK", "1")
    command = [str(NEWSFACTS), "run", *map(str, paths), "--warehouse", str(warehouse)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=REPO, capture_output=True, text=True, env=environment, check=False)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} exited {done.returncode}:\n{done.stderr[-2000:]}")
    return time.perf_counter() - started


def _table(warehouse: Path, name: str) -> str:
    return f"read_parquet('{warehouse / name}/**/*.parquet', union_by_name = true, hive_partitioning = true)"


def read_warehouse(warehouse: Path) -> Warehouse:
    with duckdb.connect() as connection:
        articles = connection.sql(f"SELECT article_id, source_uri, title, body_text, duplicate_of FROM {_table(warehouse, 'articles')}").df()
        figures = connection.sql(f"SELECT * FROM {_table(warehouse, 'figures')}").df()
        claims = connection.sql(f"SELECT * FROM {_table(warehouse, 'claims')}").df()
        rejected = connection.sql(f"SELECT source_uri, reason, detail FROM {_table(warehouse, 'rejected_inputs')}").df()
        code_version = connection.sql(f"SELECT max_by(code_version, finished_at) FROM {_table(warehouse, 'runs')}").fetchall()[0][0]
    articles["file"] = articles["source_uri"].map(source_file)
    file_of_article = dict(zip(articles["article_id"], articles["file"]))
    figures["file"] = figures["article_id"].map(file_of_article)
    duplicate_files = {}
    for uri, reason, detail in zip(rejected["source_uri"], rejected["reason"], rejected["detail"]):
        match = DUPLICATE_OF.search(detail or "") if reason == "duplicate" else None
        if match and match.group(1) in file_of_article:
            duplicate_files[source_file(uri)] = file_of_article[match.group(1)]
    return Warehouse(articles.drop(columns="source_uri"), figures, claims, duplicate_files, str(code_version))


def claim_of_figure(warehouse: Warehouse) -> dict[FigureKey, str]:
    """(file, start, end) -> claim_id of every figure; a file rejected as a duplicate reads as the article it repeats."""
    located = {(file, int(start), int(end)): claim_id for file, start, end, claim_id in zip(
        warehouse.figures["file"], warehouse.figures["start_char"], warehouse.figures["end_char"], warehouse.figures["claim_id"])}
    by_file: dict[str, list[tuple[FigureKey, str]]] = defaultdict(list)
    for key, claim_id in located.items():
        by_file[key[0]].append((key, claim_id))
    for duplicate, original in warehouse.duplicate_files.items():
        for (_, start, end), claim_id in by_file.get(original, []):
            located.setdefault((duplicate, start, end), claim_id)  # same normalised text, so the same offsets
    return located


# --- scoring -------------------------------------------------------------------------------------------------------


def read_gold(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


def _keys(row: pd.Series, side: str) -> FigureKey:
    return row[f"file_{side}"], int(row[f"start_{side}"]), int(row[f"end_{side}"])


def _claims_of(gold: pd.DataFrame, located: dict[FigureKey, str]) -> tuple[list[str | None], list[str | None]]:
    rows = [row for _, row in gold.iterrows()]
    return [located.get(_keys(row, "a")) for row in rows], [located.get(_keys(row, "b")) for row in rows]


def judge_pairs(gold: pd.DataFrame, located: dict[FigureKey, str], claims: pd.DataFrame) -> pd.DataFrame:
    """Each gold pair with `mapped` (both figures found), `together` (in one claim) and `flagged` (in one conflict claim)."""
    is_conflict = dict(zip(claims["claim_id"], claims["is_conflict"]))
    claims_a, claims_b = _claims_of(gold, located)
    judged = gold.copy()
    judged["mapped"] = [a is not None and b is not None for a, b in zip(claims_a, claims_b)]
    judged["together"] = [a is not None and a == b for a, b in zip(claims_a, claims_b)]
    judged["flagged"] = [a is not None and a == b and bool(is_conflict.get(a, False)) for a, b in zip(claims_a, claims_b)]
    judged["same"] = judged["same_fact"] == "yes"
    judged["disagree"] = judged["values_disagree"] == "yes"
    return judged


def judge_conflicts(gold: pd.DataFrame, located: dict[FigureKey, str], claims: pd.DataFrame) -> pd.DataFrame:
    """Each gold conflict with `mapped` and `flagged` (both evidence figures in one claim marked `is_conflict`)."""
    is_conflict = dict(zip(claims["claim_id"], claims["is_conflict"]))
    claims_a, claims_b = _claims_of(gold, located)
    judged = gold.copy()
    judged["mapped"] = [a is not None and b is not None for a, b in zip(claims_a, claims_b)]
    judged["flagged"] = [a is not None and a == b and bool(is_conflict.get(a, False)) for a, b in zip(claims_a, claims_b)]
    judged["real"] = judged["real_conflict"] == "yes"
    return judged


def _share(part: int, whole: int) -> str:
    return f"{part / whole:.3f} ({part}/{whole})" if whole else "n/a (0/0)"


def report(pairs: pd.DataFrame, conflicts: pd.DataFrame) -> None:
    """The three scores per split, as a Markdown table, then the strata and the conflicts among same-fact pairs.

    Recall counts a same-fact pair the run has no figure for (unmapped) as not grouped: a changed offset or a
    dropped figure then shows as a loss, never as a smaller denominator.
    """
    print("\n| split | multi-article claim precision | conflict precision | same-fact pair recall | "
          "gold pairs (same fact) | gold conflicts (real) | unmapped pairs (same fact) / conflicts |")
    print("|---|---|---|---|---|---|---|")
    for split in ("dev", "test", "all"):
        p = pairs if split == "all" else pairs[pairs["split"] == split]
        c = conflicts if split == "all" else conflicts[conflicts["split"] == split]
        together, flagged, same = p[p["together"]], c[c["flagged"]], p[p["same"]]
        unmapped = p[~p["mapped"]]
        print(f"| {split} | {_share(int(together['same'].sum()), len(together))} | {_share(int(flagged['real'].sum()), len(flagged))} | "
              f"{_share(int(same['together'].sum()), len(same))} | {len(p)} ({len(same)}) | {len(c)} ({int(c['real'].sum())}) | "
              f"{len(unmapped)} ({int(unmapped['same'].sum())}) / {int((~c['mapped']).sum())} |")
    print("\nBy stratum, both splits: pairs / labelled same fact / in one claim now / same fact and in one claim now")
    for stratum, group in pairs.groupby("stratum", sort=False):
        print(f"  {stratum:16} {len(group):4} {int(group['same'].sum()):4} {int(group['together'].sum()):4} "
              f"{int((group['same'] & group['together']).sum()):4}")
    disagree = pairs[pairs["disagree"]]
    print(f"Same-fact pairs whose sources give different values, in one claim flagged as a conflict: "
          f"{_share(int(disagree['flagged'].sum()), len(disagree))}")
    real = conflicts[conflicts["real"]]
    print(f"Gold conflicts labelled real and still flagged: {_share(int(real['flagged'].sum()), len(real))}")


def report_errors(pairs: pd.DataFrame, conflicts: pd.DataFrame, n_errors: int, split: str) -> None:
    """The dev errors, to read while writing rules (the test split is never printed)."""
    shown = pairs[pairs["split"] == split]
    wrong = shown[shown["together"] & ~shown["same"]]
    missed = shown[~shown["together"] & shown["same"]]
    false_conflicts = conflicts[(conflicts["split"] == split) & conflicts["flagged"] & ~conflicts["real"]]
    for title, frame in (("grouped, not one fact", wrong), ("one fact, not grouped", missed)):
        print(f"\n{split}: {title} ({len(frame)}; first {min(n_errors, len(frame))})")
        for row in frame.head(n_errors).itertuples(index=False):
            print(f"  {getattr(row, 'pair_id', row.stratum)} «{row.surface_a}» {row.file_a} / «{row.surface_b}» {row.file_b}: {row.note}")  # fresh draws have no ids
    print(f"\n{split}: flagged conflicts that are not real ({len(false_conflicts)}; first {min(n_errors, len(false_conflicts))})")
    for row in false_conflicts.head(n_errors).itertuples(index=False):
        print(f"  {row.conflict_id} «{row.surface_a}» {row.file_a} / «{row.surface_b}» {row.file_b}: {row.note}")


def report_corpus(warehouse: Warehouse) -> None:
    claims, figures = warehouse.claims, warehouse.figures
    multi = claims[claims["n_articles"] > 1]
    unit_of_claim = dict(zip(claims["claim_id"], claims["normalized_unit"]))
    other_unit = figures[figures["claim_id"].map(unit_of_claim) != figures["normalized_unit"]]
    print(f"BBC: {len(warehouse.articles)} articles, {len(figures)} figures, {len(claims)} claims, {len(multi)} multi-article claims, "
          f"{int(claims['is_conflict'].sum())} conflicts; {len(other_unit)} figures sit in a claim of another unit "
          f"(restatements such as '£600m' in a USD claim)")


# --- the sample ----------------------------------------------------------------------------------------------------


def check_sample(warehouse: Warehouse, title: str) -> bool:
    """The four cross-source claims of the sample as issue 17 describes them, and any other multi-article claim
    holding a sample figure; prints them and returns whether the four hold (their counted figures exactly, and
    their conflict flag)."""
    located = claim_of_figure(warehouse)
    figures = warehouse.figures
    is_conflict = dict(zip(warehouse.claims["claim_id"], warehouse.claims["is_conflict"]))
    n_articles = dict(zip(warehouse.claims["claim_id"], warehouse.claims["n_articles"]))
    keys = list(zip(figures["file"], figures["start_char"].astype(int), figures["end_char"].astype(int)))
    counted_keys = figures.assign(key=keys).loc[figures["paired_figure_id"].isna()].groupby("claim_id")["key"].agg(set).to_dict()

    def describe(claim_id: str) -> str:
        members = figures[figures["claim_id"] == claim_id]
        surfaces = " / ".join(f"{row.surface} ({row.file})" for row in members.itertuples(index=False))
        return f"{surfaces}; {'conflict' if is_conflict.get(claim_id) else 'agree'}"

    print(f"\nSample claims ({title}):")
    all_hold, expected_claims = True, set()
    for what, expected_keys, expected_conflict in SAMPLE_CLAIMS:
        claim_ids = {located.get(key) for key in expected_keys}
        claim_id = claim_ids.pop() if len(claim_ids) == 1 else None
        holds = (claim_id is not None and counted_keys.get(claim_id) == set(expected_keys)
                 and bool(is_conflict.get(claim_id)) == expected_conflict)
        all_hold &= holds
        expected_claims.add(claim_id)
        print(f"  {'ok  ' if holds else 'FAIL'} {what}: {describe(claim_id) if claim_id else 'not in one claim'}")
    sample_claims = set(figures.loc[figures["file"].str.startswith("raw/"), "claim_id"])
    others = sorted(c for c in sample_claims - expected_claims if n_articles.get(c, 0) > 1)
    for claim_id in others:
        print(f"  also {describe(claim_id)}")
    if not others:
        print("  no other multi-article claim holds a sample figure")
    return all_hold


# --- drawing the gold ----------------------------------------------------------------------------------------------


def sentence_of(body: str, start: int, end: int) -> str:
    """The sentence around [start, end), cut at sentence punctuation or a paragraph break (for reading, not for scoring)."""
    left = max(body.rfind(mark, 0, start) for mark in (". ", "? ", "! ", "\n"))
    after = re.search(r"[.?!][\"'\u201d]?(?=\s|$)|\n", body[end:])
    right = end + after.end() if after else len(body)
    return " ".join(body[left + 1 : right].split())


def article_similarity(bodies: list[str]) -> np.ndarray:
    """TF-IDF cosine between article bodies (words of 3+ letters; words in one article or over half of them dropped)."""
    documents = [Counter(re.findall(r"[a-z]{3,}", body.lower())) for body in bodies]
    frequency = Counter(word for document in documents for word in document)
    n = len(documents)
    vocabulary = {word: i for i, word in enumerate(sorted(w for w, c in frequency.items() if 2 <= c <= n / 2))}
    weights = np.zeros((n, len(vocabulary)), dtype=np.float32)
    for row, document in enumerate(documents):
        for word, count in document.items():
            if word in vocabulary:
                weights[row, vocabulary[word]] = (1 + math.log(count)) * math.log(n / frequency[word])
    weights /= np.linalg.norm(weights, axis=1, keepdims=True) + 1e-9
    similarity = weights @ weights.T
    np.fill_diagonal(similarity, 0.0)
    return similarity


def _within_ratio(a: float, b: float, ratio: float) -> bool:
    if a == b:
        return True
    if a == 0 or b == 0 or (a < 0) != (b < 0):
        return False
    return max(abs(a), abs(b)) / min(abs(a), abs(b)) <= ratio


def _pair_row(stratum: str, a: dict, b: dict, bodies: dict[str, str], titles: dict[str, str], similarity: float, label: str) -> dict:
    if (a["file"], a["start_char"]) > (b["file"], b["start_char"]):
        a, b = b, a
    row = {"stratum": stratum, "article_similarity": f"{similarity:.2f}", "claim_label_at_draw": label}
    for side, figure in (("a", a), ("b", b)):
        value = f"{figure['value_low']:g}" if figure["value_low"] == figure["value_high"] else f"{figure['value_low']:g}-{figure['value_high']:g}"
        row |= {f"file_{side}": figure["file"], f"start_{side}": int(figure["start_char"]), f"end_{side}": int(figure["end_char"]),
                f"surface_{side}": figure["surface"], f"value_{side}": value, f"unit_{side}": figure["unit"],
                f"title_{side}": titles[figure["article_id"]],
                f"sentence_{side}": sentence_of(bodies[figure["article_id"]], int(figure["start_char"]), int(figure["end_char"]))}
    return row


def _figures_to_draw(warehouse_dir: Path, warehouse: Warehouse) -> list[dict]:
    """The figures a pair may hold (restatements follow their first statement), each with its key and its sentence's entities."""
    with duckdb.connect() as connection:
        mentions = connection.sql(f"SELECT article_id, sentence_index, entity_id FROM {_table(warehouse_dir, 'entity_mentions')}").df()
    entities_of = mentions.groupby(["article_id", "sentence_index"])["entity_id"].agg(frozenset).to_dict()
    counted = warehouse.figures[warehouse.figures["paired_figure_id"].isna()]  # a restatement follows its first statement
    figures = counted.sort_values(["file", "start_char", "end_char"], ignore_index=True).to_dict("records")
    for figure in figures:
        figure["key"] = (figure["file"], int(figure["start_char"]), int(figure["end_char"]))
        figure["entities"] = entities_of.get((figure["article_id"], figure["sentence_index"]), frozenset())
    return figures


def _candidate_pools(
    articles: pd.DataFrame, figures: list[dict], similarity: np.ndarray,
    candidate: Callable[[dict, dict], bool], similar: Callable[[dict, dict], float],
) -> dict[str, dict[frozenset[str], list[tuple[dict, dict]]]]:
    """Same-fact candidates per article pair: articles telling one story (same_story), or of one category whose
    figure sentences share two entities (shared_entities)."""
    pools: dict[str, dict[frozenset[str], list[tuple[dict, dict]]]] = {"same_story": defaultdict(list), "shared_entities": defaultdict(list)}
    by_article: dict[str, list[dict]] = defaultdict(list)
    for figure in figures:
        by_article[figure["article_id"]].append(figure)
    for i, j in zip(*np.nonzero(np.triu(similarity >= STORY_SIMILARITY))):
        for a in by_article[articles["article_id"][i]]:
            for b in by_article[articles["article_id"][j]]:
                if candidate(a, b):
                    pools["same_story"][frozenset((a["article_id"], b["article_id"]))].append((a, b))
    buckets: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for figure in figures:
        if len(figure["entities"]) >= 2:
            buckets[(figure["file"].split("/")[0], figure["normalized_unit"])].append(figure)
    for bucket in buckets.values():
        bucket.sort(key=lambda f: (f["normalized_value"], f["key"]))
        for position, a in enumerate(bucket):
            for b in bucket[position + 1 :]:
                if not _within_ratio(a["normalized_value"], b["normalized_value"], CANDIDATE_VALUE_RATIO):
                    break  # sorted by value: every later figure is further off
                if len(a["entities"] & b["entities"]) >= 2 and similar(a, b) < STORY_SIMILARITY and candidate(a, b):
                    pools["shared_entities"][frozenset((a["article_id"], b["article_id"]))].append((a, b))
    return pools


def draw(warehouse_dir: Path, warehouse: Warehouse, seed: int, known_pairs: set[frozenset[FigureKey]]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A seeded random draw of unlabelled gold pairs (three strata) and conflicts, leaving out pairs the gold holds."""
    rng = random.Random(seed)
    articles = warehouse.articles.sort_values("file", ignore_index=True)
    bodies, titles = dict(zip(articles["article_id"], articles["body_text"])), dict(zip(articles["article_id"], articles["title"].fillna("")))
    near_duplicate = {frozenset((a, d)) for a, d in zip(articles["article_id"], articles["duplicate_of"]) if isinstance(d, str)}
    index_of = {article_id: i for i, article_id in enumerate(articles["article_id"])}
    similarity = article_similarity(list(articles["body_text"]))
    figures = _figures_to_draw(warehouse_dir, warehouse)
    claims = warehouse.claims.sort_values("claim_id", ignore_index=True)
    label_of = dict(zip(claims["claim_id"], claims["label"]))
    members: dict[str, list[dict]] = defaultdict(list)
    for figure in figures:
        members[figure["claim_id"]].append(figure)

    def similar(a: dict, b: dict) -> float:
        return float(similarity[index_of[a["article_id"]], index_of[b["article_id"]]])

    def usable(a: dict, b: dict) -> bool:
        return (a["article_id"] != b["article_id"] and frozenset((a["article_id"], b["article_id"])) not in near_duplicate
                and frozenset((a["key"], b["key"])) not in known_pairs)

    def cross_pairs(group: list[dict]) -> list[tuple[dict, dict]]:
        return [(a, b) for i, a in enumerate(group) for b in group[i + 1 :] if usable(a, b)]

    drawn: list[dict] = []
    multi = [c for c in claims.loc[claims["n_articles"] > 1, "claim_id"] if cross_pairs(members[c])]
    for claim_id in rng.sample(multi, min(DRAW_SIZES["claim"], len(multi))):
        a, b = rng.choice(cross_pairs(members[claim_id]))
        drawn.append(_pair_row("claim", a, b, bodies, titles, similar(a, b), label_of[claim_id]))

    # Candidates today's claims miss: the same normalised unit, values within CANDIDATE_VALUE_RATIO, and two articles
    # telling one story (same_story) or of one category whose figure sentences share two entities (shared_entities).
    def candidate(a: dict, b: dict) -> bool:
        return (usable(a, b) and a["normalized_unit"] == b["normalized_unit"] and a["claim_id"] != b["claim_id"]
                and _within_ratio(a["normalized_value"], b["normalized_value"], CANDIDATE_VALUE_RATIO))

    pools = _candidate_pools(articles, figures, similarity, candidate, similar)
    for stratum, pool in pools.items():
        article_pairs = sorted(pool, key=sorted)
        for article_pair in rng.sample(article_pairs, min(DRAW_SIZES[stratum], len(article_pairs))):  # one pair per article pair
            a, b = rng.choice(sorted(pool[article_pair], key=lambda p: (p[0]["key"], p[1]["key"])))
            drawn.append(_pair_row(stratum, a, b, bodies, titles, similar(a, b), ""))

    conflict_rows = []
    conflict_ids = [c for c in claims.loc[claims["is_conflict"], "claim_id"] if cross_pairs(members[c])]
    for claim_id in rng.sample(conflict_ids, min(DRAW_SIZES["conflicts"], len(conflict_ids))):
        # The evidence: the two figures of different articles furthest apart, as the conflict flag reads them.
        a, b = max(cross_pairs(members[claim_id]), key=lambda p: (abs(p[0]["normalized_value"] - p[1]["normalized_value"]), p[0]["key"], p[1]["key"]))
        row = _pair_row("conflict", a, b, bodies, titles, similar(a, b), label_of[claim_id])
        row["claim_figures"] = " | ".join(f"{f['surface']} ({f['file']})" for f in members[claim_id])
        conflict_rows.append(row)
    pairs = pd.DataFrame(drawn)
    return pairs, pd.DataFrame(conflict_rows, columns=[*pairs.columns, "claim_figures"])  # no conflict to draw: an empty table


def assign_splits(pairs: pd.DataFrame, conflicts: pd.DataFrame, seed: int) -> tuple[pd.Series, pd.Series]:
    """dev/test by groups of articles linked by a gold item, so no article is read in both splits."""
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for frame in (pairs, conflicts):
        for a, b in zip(frame["file_a"], frame["file_b"]):
            parent[find(a)] = find(b)
    size = Counter(find(a) for frame in (pairs, conflicts) for a in frame["file_a"])
    roots = sorted(size)
    random.Random(seed).shuffle(roots)
    split_of, load = {}, {"dev": 0, "test": 0}
    for root in sorted(roots, key=lambda r: -size[r]):  # largest groups first, each to the lighter split
        split = min(load, key=lambda s: (load[s], s))
        split_of[root] = split
        load[split] += size[root]
    return pairs["file_a"].map(lambda f: split_of[find(f)]), conflicts["file_a"].map(lambda f: split_of[find(f)])


# --- main ----------------------------------------------------------------------------------------------------------


def build_bbc(warehouse: Path) -> None:
    seconds = run_newsfacts([BBC_DIR / category for category in BBC_CATEGORIES], warehouse)
    print(f"newsfacts run on {BBC_DIR}: {seconds:.0f}s into {warehouse}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, help="read this BBC warehouse instead of running `newsfacts run`")
    parser.add_argument("--keep", type=Path, help="run the BBC files into this (new) folder and keep it")
    parser.add_argument("--sample", action="store_true", help="also check the sample's cross-source claims, alone and added to the BBC warehouse")
    parser.add_argument("--errors", type=int, default=0, help="print up to N dev errors of each kind")
    parser.add_argument("--draw", type=Path, help="write an unlabelled seeded draw of pairs and conflicts to this folder")
    parser.add_argument("--seed", type=int, default=SEED)
    parser.add_argument("--pairs", type=Path, default=GOLD_PAIRS,
                        help="gold pairs to score (default the dev/test gold; a fresh labelled draw, e.g. claims_bbc_pairs_fresh18.csv)")
    args = parser.parse_args()
    print(f"newsfacts claims benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    with tempfile.TemporaryDirectory(prefix="newsfacts-claims-") as scratch:
        if args.warehouse:
            warehouse_dir = args.warehouse
        else:
            warehouse_dir = args.keep or Path(scratch) / "bbc"
            build_bbc(warehouse_dir)
        warehouse = read_warehouse(warehouse_dir)
        print(f"warehouse {warehouse_dir}, written by {warehouse.code_version}")
        report_corpus(warehouse)
        if args.draw:
            known_pairs = set()
            for path in sorted(GOLD_DIR.glob("claims_bbc_*.csv")):  # the gold, the fresh draws labelled since, their conflicts
                known_pairs |= {frozenset((_keys(r, "a"), _keys(r, "b"))) for _, r in read_gold(path).iterrows()}
            pairs, conflicts = draw(warehouse_dir, warehouse, args.seed, known_pairs)
            pairs["split"], conflicts["split"] = assign_splits(pairs, conflicts, args.seed)
            args.draw.mkdir(parents=True, exist_ok=True)
            pairs.to_csv(args.draw / "claims_bbc_pairs.unlabelled.csv", index=False)
            conflicts.to_csv(args.draw / "claims_bbc_conflicts.unlabelled.csv", index=False)
            print(f"drew {len(pairs)} pairs ({dict(Counter(pairs['stratum']))}) and {len(conflicts)} conflicts into {args.draw}")
            return
        located = claim_of_figure(warehouse)
        gold_pairs = read_gold(args.pairs)
        pairs = judge_pairs(gold_pairs[gold_pairs["same_fact"].isin(["yes", "no"])], located, warehouse.claims)  # labelled rows only
        conflicts = judge_conflicts(read_gold(GOLD_CONFLICTS), located, warehouse.claims)
        report(pairs, conflicts)
        if args.errors:
            report_errors(pairs, conflicts, args.errors, "dev")
        if args.sample:
            sample_dir = Path(scratch) / "sample"
            run_newsfacts([SAMPLE_DIR], sample_dir)
            alone = check_sample(read_warehouse(sample_dir), "data/raw alone")
            combined_dir = Path(scratch) / "bbc-and-sample"
            shutil.copytree(warehouse_dir, combined_dir, symlinks=True)
            run_newsfacts([SAMPLE_DIR], combined_dir)
            together = check_sample(read_warehouse(combined_dir), "data/raw added to the BBC warehouse")
            print(f"sample claims unchanged: {'yes' if alone and together else 'NO'}")


if __name__ == "__main__":
    main()
