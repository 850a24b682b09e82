"""Entity typing on BBC news: is each name typed right in its article? (`gold/entity_types_bbc.csv`)

Run: `.venv/bin/python benchmarks/entity_types_bbc.py [--via-cli] [--errors]`

The gold gives, for a fixed set of BBC sport and business articles, the type each surface has in its
article, coarse as CoNLL's (PER, ORG, LOC, MISC; `X` rows are not names and are not scored; see
`gold/README.md`). A surface's predicted type is the most common type of the mentions with exactly
that text in the article (ties: the first mention's), mapped as in `benchmarks/entities.py`; a surface
with no mention scores as wrong. Accuracy = right / scored, per split (`dev`, `heldout`) and per gold type.

In-process, each article goes through the product's ingest and normalisation functions (the title line
and boilerplate removed) and the pipeline with our rules. `--via-cli` copies the files to a temporary
folder, runs `newsfacts run` into a fresh warehouse and reads `entity_mentions` back with DuckDB; it
scores both the extractor's type in the article (`extracted_type`) and the type after the corpus-wide
vote (`entity_type`). `--errors` lists the dev errors only (never the held-out ones).
"""

from __future__ import annotations

import argparse
import csv
import sys
import tempfile
import time
from collections import Counter, defaultdict
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.entities import BBC_DIR, CONLL_TYPES, copy_inputs, run_cli
from benchmarks.newsfacts_cli import parquet_table
from transforms.extract.entities import extract_entity_mentions
from transforms.ingest import split_title
from transforms.nlp import load_pipeline, parse_texts
from transforms.normalize import normalize_text
from transforms.reference.catalog import load_reference_catalog

GOLD = REPO / "benchmarks" / "gold" / "entity_types_bbc.csv"
SPLITS = ("dev", "heldout")
GOLD_TYPES = ("PER", "ORG", "LOC", "MISC")

Gold = dict[tuple[str, str], tuple[str, str]]  # (article, surface) -> (split, gold type)
Predicted = dict[tuple[str, str], str]  # (article, surface) -> coarse type


def read_gold(path: Path = GOLD) -> Gold:
    with path.open(newline="", encoding="utf-8") as handle:
        return {(row["article"], row["surface"]): (row["split"], row["gold_type"]) for row in csv.DictReader(handle)}


def coarse(entity_type: str) -> str:
    return CONLL_TYPES.get(entity_type, "-")


def majority_types(rows: list[tuple[str, str, str]]) -> Predicted:
    """(article, surface, type) rows in text order -> each surface's most common coarse type in its article."""
    counts: dict[tuple[str, str], Counter[str]] = defaultdict(Counter)
    for article, surface, entity_type in rows:
        counts[(article, surface)][coarse(entity_type)] += 1
    return {key: counter.most_common(1)[0][0] for key, counter in counts.items()}


def score(gold: Gold, predicted: Predicted, title: str, show_errors: bool) -> dict[str, float]:
    """Accuracy per split and per gold type; prints a table (and the dev errors when asked)."""
    right: Counter[tuple[str, str]] = Counter()
    total: Counter[tuple[str, str]] = Counter()
    errors = []
    for (article, surface), (split, gold_type) in sorted(gold.items()):
        if gold_type == "X":
            continue
        guess = predicted.get((article, surface), "-")
        for key in ((split, gold_type), (split, "all")):
            total[key] += 1
            right[key] += guess == gold_type
        if guess != gold_type and split == "dev":
            errors.append(f"    {article} {surface!r}: gold {gold_type}, predicted {guess}")
    print(f"\n{title}")
    print(f"  {'split':8} {'all':>13} " + " ".join(f"{t:>11}" for t in GOLD_TYPES))
    results = {}
    for split in SPLITS:
        cells = [f"{right[(split, t)] / total[(split, t)]:.3f} ({total[(split, t)]:3d})" if total[(split, t)] else "-" for t in ("all", *GOLD_TYPES)]
        print(f"  {split:8} " + " ".join(f"{c:>11}" for c in cells))
        results[split] = right[(split, "all")] / total[(split, "all")]
    if show_errors:
        print("  dev errors:\n" + "\n".join(errors))
    return results


def article_bodies(articles: list[str]) -> list[str]:
    """Each article's body as `newsfacts run` stores it: title line and boilerplate removed, normalised."""
    patterns = load_reference_catalog().boilerplate
    bodies = []
    for article in articles:
        _, body = split_title((BBC_DIR / article).read_text(encoding="utf-8", errors="replace"))
        bodies.append(normalize_text(body, patterns).body_text)
    return bodies


def predict_in_process(articles: list[str]) -> tuple[Predicted, float]:
    """Types from the pipeline and extractor called in this process; also the seconds spent parsing+extracting."""
    nlp = load_pipeline()
    reference = load_reference_catalog().entities
    started = time.perf_counter()
    rows = []
    for article, doc in zip(articles, parse_texts(nlp, article_bodies(articles)), strict=True):
        rows += [(article, m["mention_text"], m["entity_type"]) for m in extract_entity_mentions(doc, reference)]
    return majority_types(rows), time.perf_counter() - started


def predict_via_cli(articles: list[str]) -> tuple[Predicted, Predicted]:
    """Types read back from a fresh warehouse after `newsfacts run`: (extracted_type, entity_type)."""
    with tempfile.TemporaryDirectory(prefix="newsfacts-entity-types-") as scratch:
        inputs, warehouse = Path(scratch) / "inputs", Path(scratch) / "warehouse"
        copy_inputs([(article, BBC_DIR / article) for article in articles], inputs)
        run_cli(inputs, warehouse)

        with duckdb.connect() as connection:
            rows = connection.sql(
                f"SELECT a.source_uri, m.mention_text, m.extracted_type, m.entity_type FROM {parquet_table(warehouse, 'entity_mentions')} m "
                f"JOIN {parquet_table(warehouse, 'articles')} a USING (article_id) ORDER BY a.source_uri, m.start_char"
            ).fetchall()
            n_articles = connection.sql(f"SELECT count(*) FROM {parquet_table(warehouse, 'articles')}").fetchall()[0][0]
    print(f"  warehouse: {n_articles} articles of {len(articles)} files, {len(rows)} mentions")
    label = {str(inputs / article): article for article in articles}
    extracted = majority_types([(label[uri], text, kind) for uri, text, kind, _ in rows])
    voted = majority_types([(label[uri], text, kind) for uri, text, _, kind in rows])
    return extracted, voted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--via-cli", action="store_true", help="also score what `newsfacts run` stores")
    parser.add_argument("--errors", action="store_true", help="list the dev errors")
    args = parser.parse_args()
    print(f"newsfacts BBC entity typing benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    gold = read_gold()
    articles = sorted({article for article, _ in gold})
    scored = Counter(split for split, kind in gold.values() if kind != "X")
    print(f"gold: {len(articles)} articles, {len(gold)} surfaces, scored {dict(scored)}")
    predicted, seconds = predict_in_process(articles)
    score(gold, predicted, f"In-process (parse + rules + extraction {seconds:.1f} s)", args.errors)
    if args.via_cli:
        extracted, voted = predict_via_cli(articles)
        score(gold, extracted, "Through `newsfacts run`: entity_mentions.extracted_type", args.errors)
        score(gold, voted, "Through `newsfacts run`: entity_mentions.entity_type (after the corpus-wide vote)", False)


if __name__ == "__main__":
    main()
