"""Quote extraction accuracy on PolNeAR, and its cost relative to the spaCy parse.

Scored as `benchmarks/polnear.py` says (the gold quotes of `../shared/eval/README.md`, overlap at 0.3 / 0.5 / 0.8,
speakers by a shared capitalised name token).

Texts are parsed raw (PolNeAR offsets index the .txt files), with `load_pipeline()`; the predicted
speaker is the resolved speaker span (the antecedent mention for a pronoun).

With `--bbc-speakers`, speakers on BBC news instead, through `newsfacts run`: see `benchmarks/speakers_bbc.py`.

With `--via-cli`, the same PolNeAR scores through `newsfacts run` on the texts as files (`polnear_cli.py`).

Usage: .venv/bin/python benchmarks/quotes.py [--split dev|train] [--limit N] [--errors N] [--bbc N [--bbc-every K]] [--sample] [--via-cli [--scratch DIR]]
       .venv/bin/python benchmarks/quotes.py --bbc-speakers [--warehouse DIR] [--gold CSV] [--errors N [--errors-split dev|test|all]]
       .venv/bin/python benchmarks/quotes.py --draw-bbc-speakers
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO_ROOT))

import pandas as pd  # noqa: E402
from polnear import (
    load_polnear,
    score_polnear,
)

from transforms.aggregate.quote_clusters import cluster_quotes  # noqa: E402
from transforms.extract.entities import extract_entity_mentions  # noqa: E402
from transforms.extract.quotes import extract_quotes  # noqa: E402
from transforms.nlp import load_pipeline  # noqa: E402
from transforms.reference.catalog import load_reference_catalog


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--split", default="dev", choices=("dev", "train"))
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--errors", type=int, default=0, help="print up to N misses, false alarms and wrong speakers")
    parser.add_argument("--bbc", type=int, default=0, help="also time extraction and clustering on the first N BBC articles")
    parser.add_argument("--bbc-every", type=int, default=1, metavar="K",
                        help="with --bbc: every K-th file of the sorted corpus (4: all five sections; 1: business first)")
    parser.add_argument("--sample", action="store_true", help="also list the quotes and multi-quote clusters of data/raw")
    parser.add_argument("--bbc-speakers", action="store_true", help="score speakers on the hand-checked BBC gold instead of PolNeAR")
    parser.add_argument("--gold", type=Path, default=None, help="the BBC speaker gold (with --bbc-speakers)")
    parser.add_argument("--warehouse", type=Path, default=None, help="read this warehouse instead of running the CLI (with --bbc-speakers)")
    parser.add_argument(
        "--errors-split", default="dev", choices=("dev", "test", "all"), help="with --bbc-speakers: list examples of this split only (dev)"
    )
    parser.add_argument("--draw-bbc-speakers", action="store_true", help="print the seeded draw of BBC articles the gold was written on")
    parser.add_argument("--via-cli", action="store_true", help="score PolNeAR through `newsfacts run` on files (benchmarks/polnear_cli.py)")
    parser.add_argument("--scratch", type=Path, default=None, help="with --via-cli: keep inputs and warehouse here (reused if present)")
    args = parser.parse_args()
    if args.via_cli:
        from polnear_cli import benchmark_via_cli

        benchmark_via_cli(args.split, args.limit, args.errors, args.scratch)
        return
    if args.draw_bbc_speakers or args.bbc_speakers:
        import speakers_bbc  # the BBC speaker benchmark lives in its own module

        if args.draw_bbc_speakers:
            print("\n".join(speakers_bbc.draw_bbc_speaker_articles()))
        else:
            speakers_bbc.benchmark_bbc_speakers((args.gold or speakers_bbc.BBC_SPEAKERS_GOLD).resolve(), args.warehouse, args.errors, args.errors_split)
        return
    if args.sample:
        show_sample_quotes()
    if args.bbc:
        measure_bbc_scaling(args.bbc, args.bbc_every)

    benchmark_polnear(args.split, args.limit, args.errors)


def benchmark_polnear(split: str, limit: int | None, n_errors: int) -> None:
    """PolNeAR in-process: parse, mentions and quotes timed apart, scored, and the split's quotes clustered."""
    articles = load_polnear(split, limit)
    nlp = load_pipeline()
    reference = load_reference_catalog()
    texts = [text for _, text, _ in articles]
    list(nlp.pipe(texts[:2]))  # warm-up, not timed
    parse_started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=32))
    parse_seconds = time.perf_counter() - parse_started

    mentions_started = time.perf_counter()
    mentions = [extract_entity_mentions(doc, reference.entities) for doc in docs]
    mentions_seconds = time.perf_counter() - mentions_started
    quotes_started = time.perf_counter()
    records = [extract_quotes(doc, doc_mentions, reference.speech_cues) for doc, doc_mentions in zip(docs, mentions)]
    quotes_seconds = time.perf_counter() - quotes_started
    extract_seconds = mentions_seconds + quotes_seconds

    errors = score_polnear(split, articles, records, n_errors)
    print(
        f"  cost: parse {parse_seconds:.2f}s, mentions {mentions_seconds:.3f}s, quotes {quotes_seconds:.3f}s; "
        f"(mentions + quotes) / parse = {extract_seconds / parse_seconds:.3f}, quotes alone / parse = {quotes_seconds / parse_seconds:.3f}"
    )
    # Clustering all predicted quotes of the split (speaker = resolved speaker text): time and cluster count.
    rows = [row for (name, text, _), doc_records in zip(articles, records) for row in quote_rows(name, text, doc_records)]
    frame = pd.DataFrame(rows)
    cluster_started = time.perf_counter()
    _, clusters = cluster_quotes(frame)
    cluster_seconds = time.perf_counter() - cluster_started
    multi = clusters[clusters["n_quotes"] > 1]
    print(
        f"  clustering: {len(frame)} quotes -> {len(clusters)} clusters ({len(multi)} with several quotes, "
        f"{int((multi['n_articles'] > 1).sum())} across articles) in {cluster_seconds:.3f}s"
    )
    for kind, lines in errors.items():
        if lines:
            print(f"\n{kind}:")
            print("\n".join(lines))


def quote_rows(article_id: str, text: str, records: list) -> list[dict[str, object]]:
    """Quote rows as `cluster_quotes` reads them (the resolved speaker text stands in for the entity id)."""
    rows = []
    for record in records:
        speaker = None
        if record["speaker_start_char"] is not None:
            speaker = text[record["speaker_start_char"] : record["speaker_end_char"]]
        rows.append(
            {
                "quote_id": f"{article_id}:{record['start_char']}",
                "article_id": article_id,
                "quote_text": record["quote_text"],
                "speaker_entity_id": speaker,
                "speaker_name": speaker,
                "is_speech": record["is_speech"],
            }
        )
    return rows


def show_sample_quotes() -> None:
    """The sample through the real chain: normalize, one parse, extract, aggregate (speaker links, clusters)."""
    from datetime import date

    from transforms.aggregate.corpus import aggregate_corpus
    from transforms.extract.tables import extract_article_frames
    from transforms.normalize import article_id_for, load_boilerplate_patterns, normalize_text
    from transforms.reference.catalog import load_reference_catalog

    paths = sorted((REPO_ROOT / "data" / "raw").glob("*.txt"))
    patterns = load_boilerplate_patterns()
    bodies = [normalize_text(path.read_text(encoding="utf-8"), patterns).body_text for path in paths]
    articles = pd.DataFrame({"article_id": [article_id_for(body) for body in bodies], "ingest_date": [date.today()] * len(bodies),
                             "body_text": bodies})
    frames = extract_article_frames(load_pipeline().pipe(bodies), articles, load_reference_catalog())
    tables = aggregate_corpus(frames.entity_mentions, frames.quotes, frames.figures, articles, load_reference_catalog().object_classes)
    short_name = dict(zip(articles["article_id"], (path.name[:3] for path in paths)))
    print("Sample quotes (article, is_speech, quote, speaker as written -> canonical speaker, cluster):")
    for row in tables.quotes.itertuples():
        print(f"  {short_name[row.article_id]} {row.is_speech!s:5} {row.quote_text[:70]!r} | {row.speaker_text} -> {row.speaker_name} | {row.quote_cluster_id}")
    for row in tables.quote_clusters[tables.quote_clusters["n_quotes"] > 1].itertuples():
        print(f"  cluster {row.quote_cluster_id}: {row.speaker_name}, {row.n_articles} articles, {row.n_quotes} quotes: {row.variants}")


def parse_and_time_extract_stage(texts: list[str], nlp, reference) -> tuple[list, float]:
    """What newsfacts adds to the spaCy model, as the product runs it: its entity-rules component (the last in
    the pipeline), then `extract_article_frames` on the parsed docs (mentions, quotes with speakers, figures with
    units and periods, ids and rows), each against the model alone on the same texts. The model's pass runs
    with the rules component switched off, and the component is then timed on those docs by itself, which makes
    the docs the pipeline gives. Every step is warmed up first (lists, patterns); the extractors take the best
    of three passes, the model one pass, which errs towards a higher cost. Returns those docs and the seconds the
    pipeline's parse took (model + rules)."""
    from datetime import date

    from transforms.extract.entities.vocabulary import RULES_COMPONENT
    from transforms.extract.tables import extract_article_frames
    from transforms.normalize import article_id_for

    articles = pd.DataFrame({"article_id": [f"{article_id_for(text)}-{i}" for i, text in enumerate(texts)],
                             "ingest_date": [date.today()] * len(texts), "body_text": texts})
    rules = nlp.get_pipe(RULES_COMPONENT)
    with nlp.select_pipes(disable=[RULES_COMPONENT]):
        warm = [rules(doc) for doc in nlp.pipe(texts[:2])]
        extract_article_frames(warm, articles.iloc[:2], reference)
        started = time.perf_counter()
        docs = list(nlp.pipe(texts, batch_size=32))
        model_seconds = time.perf_counter() - started
    started = time.perf_counter()
    docs = [rules(doc) for doc in docs]
    rules_seconds = time.perf_counter() - started
    passes = []
    for _ in range(3):
        started = time.perf_counter()
        frames = extract_article_frames(docs, articles, reference)
        passes.append(time.perf_counter() - started)
    extract_seconds = min(passes)
    print(f"  the model alone {model_seconds:.1f}s; newsfacts' entity rules {rules_seconds:.2f}s; the three extractors "
          f"(extract_article_frames: {len(frames.entity_mentions)} mentions, {len(frames.quotes)} quotes, {len(frames.figures)} "
          f"figures) {extract_seconds:.2f}s (passes {' / '.join(f'{t:.2f}' for t in passes)}); over the model alone: rules "
          f"{rules_seconds / model_seconds:.3f}, extractors {extract_seconds / model_seconds:.3f}, "
          f"together {(rules_seconds + extract_seconds) / model_seconds:.3f}")
    return docs, model_seconds + rules_seconds


def measure_bbc_scaling(limit: int, every: int = 1) -> None:
    """Extraction cost and clustering time on BBC news (a larger, unannotated corpus): the first `limit` of every
    `every`-th file, sorted by section (business, entertainment, politics, sport, tech)."""
    paths = sorted((REPO_ROOT.parent / "shared" / "corpora" / "bbc" / "bbc").glob("*/*.txt"))[::every][:limit]
    texts = ["\n\n".join(line.strip() for line in p.read_text(encoding="utf-8", errors="replace").splitlines() if line.strip()) for p in paths]
    nlp = load_pipeline()
    reference = load_reference_catalog()
    docs, parse_seconds = parse_and_time_extract_stage(texts, nlp, reference)
    started = time.perf_counter()
    mentions = [extract_entity_mentions(doc, reference.entities) for doc in docs]
    mentions_seconds = time.perf_counter() - started
    started = time.perf_counter()
    records = [extract_quotes(doc, m, reference.speech_cues) for doc, m in zip(docs, mentions)]
    quotes_seconds = time.perf_counter() - started
    rows = [row for p, text, r in zip(paths, texts, records) for row in quote_rows(f"{p.parent.name}/{p.stem}", text, r)]
    n_speech = sum(1 for row in rows if row["is_speech"])
    print(
        f"BBC: {len(texts)} articles, {len(rows)} quotes ({n_speech} speech, "
        f"{sum(1 for row in rows if row['is_speech'] and row['speaker_name'])} with a speaker); parse {parse_seconds:.1f}s, "
        f"mentions {mentions_seconds:.2f}s, quotes {quotes_seconds:.2f}s: quotes / parse = {quotes_seconds / parse_seconds:.3f}, "
        f"(mentions + quotes) / parse = {(mentions_seconds + quotes_seconds) / parse_seconds:.3f}"
    )
    frame = pd.DataFrame(rows)
    for share in (0.25, 0.5, 1.0):
        part = frame.iloc[: int(len(frame) * share)]
        started = time.perf_counter()
        _, clusters = cluster_quotes(part)
        seconds = time.perf_counter() - started
        across = clusters[clusters["n_articles"] > 1]
        print(f"  clustering {len(part)} quotes: {seconds:.3f}s, {len(clusters)} clusters, {len(across)} across articles")


if __name__ == "__main__":
    main()
