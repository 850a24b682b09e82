"""Entity benchmark: NER F1 on CoNLL-2003 (model alone vs model + newsfacts rules),
canonicalisation precision/recall against hand-written alias groups, and cost ratios.

Run: `.venv/bin/python benchmarks/entities.py [--conll-docs N] [--skip-conll] [--conll-via-cli]
[--skip-canonicalisation] [--via-cli]`

NER scoring (conlleval rules): entity-level exact span and type, per type and micro.
Each CoNLL document becomes one text: tokens joined by single spaces, sentences by "\n".
Predicted character spans map back to the gold tokens that contain their first and last character.
Our types map to CoNLL's: PERSON->PER, ORG->ORG, GPE/LOC/FAC->LOC, every other named type->MISC;
numeric types (DATE, CARDINAL, MONEY, ...) are not entities in CoNLL and are dropped.

Canonicalisation scoring: pairwise and B-cubed precision/recall over the system's mentions whose
surface form the gold list covers (article, alias, group; article `*` = every article). A pair of
mentions is a true pair when both have the same gold group. Two sets: the dev set (the five sample
articles + BBC politics 001-030, `gold/entity_groups.csv`, looked at while writing the rules and
alias list) and a held-out set (BBC politics 031-045, `gold/entity_groups_heldout.csv`, written
after the rules were frozen).

`--conll-via-cli` scores NER through the product: each CoNLL document written as a text file (sentences
on lines), one `newsfacts run`, `entity_mentions` read back and mapped to the gold tokens by finding them
in order in `articles.body_text`; both the extractor's type and the corpus-voted type are scored.

`--via-cli` scores the same figures through the product: the same files copied to a temporary folder
(`sample/<name>`, `politics/NNN.txt`, so a `source_uri` gives the gold label back), `newsfacts run` into a
fresh warehouse, and `entity_mentions` / `articles` / `entities` read back with DuckDB. Twice: the files
in one run, and split in two halves run one after the other into one warehouse (the incremental path,
where the second run links its mentions to stored entities).
"""

from __future__ import annotations

import argparse
import bisect
import csv
import shutil
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import duckdb
import pandas as pd
import spacy

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.newsfacts_cli import parquet_table, run_newsfacts
from transforms.aggregate.entities import (
    build_entity_cooccurrence,
    canonicalize_entities,
)
from transforms.extract.entities import RULES_COMPONENT, extract_entity_mentions
from transforms.nlp import configured_model_name, load_pipeline
from transforms.reference import load_entity_aliases
from transforms.reference.catalog import load_reference_catalog

SHARED = REPO.parent / "shared"
CONLL_VALID = SHARED / "eval" / "conll2003" / "valid.txt"
BBC_DIR = SHARED / "corpora" / "bbc" / "bbc"
GOLD_GROUPS = REPO / "benchmarks" / "gold" / "entity_groups.csv"  # dev: the rules were tuned looking at it
HELDOUT_GOLD_GROUPS = REPO / "benchmarks" / "gold" / "entity_groups_heldout.csv"  # written after tuning, not tuned on
SAMPLE_DIR = REPO / "data" / "raw"
CONLL_TYPES = {
    "PERSON": "PER",
    "ORG": "ORG",
    "GPE": "LOC",
    "LOC": "LOC",
    "FAC": "LOC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
    "WEAPON": "MISC",
}
# BBC politics articles by file name: fixed, reproducible sets.
BBC_ARTICLES = tuple(f"politics/{n:03d}.txt" for n in range(1, 31))  # dev, with the sample
BBC_HELDOUT_ARTICLES = tuple(f"politics/{n:03d}.txt" for n in range(31, 46))


# ---------------------------------------------------------------------------------------------
# CoNLL-2003
# ---------------------------------------------------------------------------------------------


def read_conll_documents(path: Path) -> list[list[list[tuple[str, str]]]]:
    """Documents -> sentences -> (token, IOB2 tag)."""
    documents: list[list[list[tuple[str, str]]]] = []
    document: list[list[tuple[str, str]]] = []
    sentence: list[tuple[str, str]] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("-DOCSTART-") or not line.strip():
            if sentence:
                document.append(sentence)
                sentence = []
            if line.startswith("-DOCSTART-") and document:
                documents.append(document)
                document = []
            continue
        parts = line.split()
        sentence.append((parts[0], parts[-1]))
    if sentence:
        document.append(sentence)
    if document:
        documents.append(document)
    return documents


def gold_spans(tags: list[str]) -> set[tuple[int, int, str]]:
    """Entity spans (token start, token end, type) from IOB tags, conlleval style."""
    spans = set()
    current: list | None = None
    for i, tag in enumerate([*tags, "O"]):
        starts_new = tag.startswith("B-") or (tag.startswith("I-") and (current is None or current[1] != tag[2:]))
        if tag == "O" or starts_new:
            if current is not None:
                spans.add((current[0], i, current[1]))
                current = None
            if tag != "O":
                current = [i, tag[2:]]
    return spans


def conll_texts(documents) -> tuple[list[str], list[list[int]], list[set[tuple[int, int, str]]]]:
    texts, token_starts, golds = [], [], []
    for document in documents:
        starts, tags, position = [], [], 0
        for sentence in document:
            for j, (word, tag) in enumerate(sentence):
                if j:
                    position += 1
                starts.append(position)
                tags.append(tag)
                position += len(word)
            position += 1  # the "\n" between sentences
        texts.append("\n".join(" ".join(word for word, _ in sentence) for sentence in document))
        token_starts.append(starts)
        golds.append(gold_spans(tags))
    return texts, token_starts, golds


def to_token_span(starts: list[int], start_char: int, end_char: int) -> tuple[int, int]:
    return bisect.bisect_right(starts, start_char) - 1, bisect.bisect_right(starts, end_char - 1)


def score_spans(predicted: list[set], gold: list[set]) -> dict[str, tuple[float, float, float, int]]:
    tp, fp, fn = Counter(), Counter(), Counter()
    for pred, true in zip(predicted, gold):
        for span in pred & true:
            tp[span[2]] += 1
        for span in pred - true:
            fp[span[2]] += 1
        for span in true - pred:
            fn[span[2]] += 1
    scores = {}
    for label in ("PER", "ORG", "LOC", "MISC", "micro"):
        t = sum(tp.values()) if label == "micro" else tp[label]
        p_den = t + (sum(fp.values()) if label == "micro" else fp[label])
        r_den = t + (sum(fn.values()) if label == "micro" else fn[label])
        precision = t / p_den if p_den else 0.0
        recall = t / r_den if r_den else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[label] = (precision, recall, f1, r_den)
    return scores


def print_scores(title: str, scores: dict[str, tuple[float, float, float, int]]) -> None:
    print(f"\n{title}")
    print(f"  {'type':6} {'P':>6} {'R':>6} {'F1':>6} {'gold':>6}")
    for label, (p, r, f, n) in scores.items():
        print(f"  {label:6} {p:6.3f} {r:6.3f} {f:6.3f} {n:6d}")


def timed_parse(nlp, texts: list[str]) -> tuple[list, float, float]:
    """Parse without our component (the spaCy parse time), then run the component alone, timing each."""
    rules = nlp.get_pipe(RULES_COMPONENT)
    started = time.perf_counter()
    with nlp.select_pipes(disable=[RULES_COMPONENT]):
        docs = list(nlp.pipe(texts, batch_size=32))
    parse_seconds = time.perf_counter() - started
    started = time.perf_counter()
    docs = [rules(doc) for doc in docs]
    rules_seconds = time.perf_counter() - started
    return docs, parse_seconds, rules_seconds


def benchmark_conll(max_docs: int | None) -> dict[str, float]:
    documents = read_conll_documents(CONLL_VALID)[:max_docs]
    texts, token_starts, golds = conll_texts(documents)
    n_tokens = sum(len(s) for s in token_starts)
    print(f"CoNLL-2003 valid: {len(texts)} documents, {n_tokens} tokens, {sum(map(len, golds))} gold entities")

    bare = spacy.load(configured_model_name())
    bare_docs = list(bare.pipe(texts, batch_size=32))
    nlp = load_pipeline()
    rule_docs, parse_seconds, rules_seconds = timed_parse(nlp, texts)
    started = time.perf_counter()
    rule_mentions = [extract_entity_mentions(doc, load_reference_catalog().entities) for doc in rule_docs]
    extract_seconds = time.perf_counter() - started

    model_pred = [
        {(*to_token_span(starts, e.start_char, e.end_char), CONLL_TYPES[e.label_]) for e in doc.ents if e.label_ in CONLL_TYPES}
        for doc, starts in zip(bare_docs, token_starts)
    ]
    rules_pred = [
        {(*to_token_span(starts, m["start_char"], m["end_char"]), CONLL_TYPES[m["entity_type"]]) for m in mentions}
        for mentions, starts in zip(rule_mentions, token_starts)
    ]
    model_scores = score_spans(model_pred, golds)
    rules_scores = score_spans(rules_pred, golds)
    print_scores("Model alone (doc.ents of the bare spaCy pipeline)", model_scores)
    print_scores("Model + newsfacts rules (extract_entity_mentions)", rules_scores)
    ratio = (rules_seconds + extract_seconds) / parse_seconds
    print(
        f"\nCoNLL cost: spaCy parse {parse_seconds:.2f}s; our rules component {rules_seconds:.2f}s; "
        f"mention extraction {extract_seconds:.2f}s -> (rules + extraction) / parse = {ratio:.3f}"
    )
    return {"model_micro_f1": model_scores["micro"][2], "rules_micro_f1": rules_scores["micro"][2], "cost_ratio": ratio}


def align_tokens(body_text: str, words: list[str]) -> list[int]:
    """Start of each gold token in a stored `body_text` (normalisation folds the line breaks), found
    in order; a token normalisation changed keeps the position after its predecessor."""
    starts, position = [], 0
    for word in words:
        found = body_text.find(word, position)
        if found < 0 or found - position > 40:
            starts.append(position)
            continue
        starts.append(found)
        position = found + len(word)
    return starts


def benchmark_conll_cli(max_docs: int | None) -> dict[str, dict[str, tuple[float, float, float, int]]]:
    """NER F1 through `newsfacts run`: each CoNLL document a text file, the mentions read back from the warehouse.

    Scores `entity_mentions.extracted_type` (the extractor's type in its article) and `entity_type`
    (after the corpus-wide vote). A document whose text is not an article (rejected, or the same
    text as another) has no mentions: its gold entities count as missed."""
    documents = read_conll_documents(CONLL_VALID)[:max_docs]
    texts, _, golds = conll_texts(documents)
    words = [[word for sentence in document for word, _ in sentence] for document in documents]
    print(f"\nCoNLL-2003 valid through the CLI: {len(texts)} documents as text files, one `newsfacts run`")
    with tempfile.TemporaryDirectory(prefix="newsfacts-conll-") as scratch:
        inputs, warehouse = Path(scratch) / "conll", Path(scratch) / "warehouse"
        inputs.mkdir()
        for k, text in enumerate(texts):
            (inputs / f"doc-{k:03d}.txt").write_text(text + "\n", encoding="utf-8")
        run_cli(inputs, warehouse)

        with duckdb.connect() as connection:
            articles = connection.sql(f"SELECT article_id, source_uri, body_text FROM {parquet_table(warehouse, 'articles')}").fetchall()
            mentions = connection.sql(
                f"SELECT article_id, start_char, end_char, extracted_type, entity_type FROM {parquet_table(warehouse, 'entity_mentions')}"
            ).fetchall()
    document_of = {article_id: int(Path(uri).stem.split("-")[1]) for article_id, uri, _ in articles}
    starts = {document_of[article_id]: align_tokens(body, words[document_of[article_id]]) for article_id, _, body in articles}
    print(f"  {len(articles)} of {len(texts)} documents became articles; {len(mentions)} mentions")
    results = {}
    for column, title in ((3, "extracted_type"), (4, "entity_type (after the corpus-wide vote)")):
        predicted: list[set] = [set() for _ in texts]
        for row in mentions:
            k = document_of[row[0]]
            if row[column] in CONLL_TYPES:
                predicted[k].add((*to_token_span(starts[k], row[1], row[2]), CONLL_TYPES[row[column]]))
        results[title] = score_spans(predicted, golds)
        print_scores(f"Through `newsfacts run`: entity_mentions.{title}", results[title])
    return results


# ---------------------------------------------------------------------------------------------
# Canonicalisation
# ---------------------------------------------------------------------------------------------


def canonicalisation_corpus(bbc_articles: tuple[str, ...], with_sample: bool) -> list[tuple[str, str]]:
    """(article id, text): the sample (paragraphs separated by blank lines, as normalised) and BBC articles."""
    corpus = []
    if with_sample:
        corpus = [
            (f"sample/{path.name}", "\n\n".join(line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()))
            for path in sorted(SAMPLE_DIR.glob("*.txt"))
        ]
    corpus += [(name, (BBC_DIR / name).read_text(encoding="utf-8", errors="replace")) for name in bbc_articles]
    return corpus


def read_gold_groups(path: Path) -> dict[tuple[str, str], str]:
    with path.open(newline="", encoding="utf-8") as handle:
        return {(row["article"], row["alias"]): row["group"] for row in csv.DictReader(handle)}


def pair_count(n: int) -> int:
    return n * (n - 1) // 2


def score_clustering(gold: list[str], predicted: list[str]) -> dict[str, float]:
    """Pairwise and B-cubed precision/recall of `predicted` cluster labels against `gold` labels."""
    cells = Counter(zip(gold, predicted))
    gold_sizes, pred_sizes = Counter(gold), Counter(predicted)
    true_pairs = sum(pair_count(n) for n in cells.values())
    pred_pairs = sum(pair_count(n) for n in pred_sizes.values())
    gold_pairs = sum(pair_count(n) for n in gold_sizes.values())
    b3_precision = sum(n * n / pred_sizes[p] for (g, p), n in cells.items()) / len(gold)
    b3_recall = sum(n * n / gold_sizes[g] for (g, p), n in cells.items()) / len(gold)
    return {
        "pairwise_precision": true_pairs / pred_pairs if pred_pairs else 1.0,
        "pairwise_recall": true_pairs / gold_pairs if gold_pairs else 1.0,
        "bcubed_precision": b3_precision,
        "bcubed_recall": b3_recall,
    }


def score_against_gold(mentions: pd.DataFrame, names: pd.Series, gold_path: Path) -> dict[str, float]:
    """Score `mentions` (article label, mention_text, entity_id) against the gold alias groups; print splits and merges.

    The article label is the one the gold list uses: `sample/<file name>` or `politics/NNN.txt`.
    """
    gold_groups = read_gold_groups(gold_path)
    gold, predicted = [], []
    for row in mentions.itertuples(index=False):
        group = gold_groups.get((row.article_id, row.mention_text)) or gold_groups.get(("*", row.mention_text))
        if group is not None:
            gold.append(group)
            predicted.append(row.entity_id)
    scores = score_clustering(gold, predicted)
    print(f"scored mentions (surface form in the gold list): {len(gold)} of {len(mentions)}; gold groups hit: {len(set(gold))}")
    for name, value in scores.items():
        print(f"  {name:20} {value:.3f}")
    groups_of_entity: dict[str, set[str]] = {}
    entities_of_group: dict[str, set[str]] = {}
    for group, entity_id in zip(gold, predicted):
        groups_of_entity.setdefault(entity_id, set()).add(group)
        entities_of_group.setdefault(group, set()).add(entity_id)
    for entity_id, groups in sorted(groups_of_entity.items()):
        if len(groups) > 1:
            print(f"  over-merged: entity {names[entity_id]!r} holds {sorted(groups)}")
    for group, entity_ids in sorted(entities_of_group.items()):
        if len(entity_ids) > 1:
            print(f"  split: {group!r} -> {sorted(names[e] for e in entity_ids)}")
    return {**scores, "mentions": len(mentions), "scored": len(gold), "gold_groups": len(set(gold))}


def benchmark_canonicalisation(title: str, bbc_articles: tuple[str, ...], with_sample: bool, gold_path: Path) -> dict[str, float]:
    corpus = canonicalisation_corpus(bbc_articles, with_sample)
    print(f"\nCanonicalisation, {title}: {len(corpus)} articles (sample: {with_sample}, BBC: {bbc_articles[0]} .. {bbc_articles[-1]})")
    nlp = load_pipeline()
    docs, parse_seconds, rules_seconds = timed_parse(nlp, [text for _, text in corpus])
    started = time.perf_counter()
    rows = []
    for (article_id, _), doc in zip(corpus, docs):
        for k, mention in enumerate(extract_entity_mentions(doc, load_reference_catalog().entities)):
            rows.append({"mention_id": f"{article_id}#{k}", "article_id": article_id, **mention})
    extract_seconds = time.perf_counter() - started
    mentions = pd.DataFrame(rows)
    aliases = load_entity_aliases()
    started = time.perf_counter()
    assignments, entities = canonicalize_entities(mentions, aliases)
    mentions = mentions.assign(entity_id=assignments["entity_id"], entity_type=assignments["entity_type"])
    pairs = build_entity_cooccurrence(mentions)
    canonical_seconds = time.perf_counter() - started
    print(f"{len(mentions)} mentions -> {len(entities)} entities, {len(pairs)} co-occurring pairs")

    scores = score_against_gold(mentions, entities.set_index("entity_id")["canonical_name"], gold_path)
    ratio = (rules_seconds + extract_seconds + canonical_seconds) / parse_seconds
    print(
        f"Cost: spaCy parse {parse_seconds:.2f}s; rules component {rules_seconds:.3f}s; extraction {extract_seconds:.3f}s; "
        f"canonicalisation + co-occurrence {canonical_seconds:.3f}s -> (recognition + canonicalisation) / parse = {ratio:.3f}"
    )
    return {**scores, "cost_ratio": ratio}


# ---------------------------------------------------------------------------------------------
# Canonicalisation through the product: `newsfacts run` on files, read back from the warehouse
# ---------------------------------------------------------------------------------------------


def canonicalisation_files(bbc_articles: tuple[str, ...], with_sample: bool) -> list[tuple[str, Path]]:
    """(gold article label, file): the same articles as `canonicalisation_corpus`, as the files users would give."""
    files = [(f"sample/{path.name}", path) for path in sorted(SAMPLE_DIR.glob("*.txt"))] if with_sample else []
    return files + [(name, BBC_DIR / name) for name in bbc_articles]


def copy_inputs(files: list[tuple[str, Path]], folder: Path) -> None:
    """Copy each file to `folder/<label>`, so a `source_uri` gives its gold label back."""
    for label, source in files:
        target = folder / label
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)


def run_cli(input_folder: Path, warehouse: Path) -> dict:
    """One `newsfacts run` of a folder into `warehouse`; returns its JSON summary."""
    summary, _ = run_newsfacts(input_folder, warehouse)
    print(
        f"  run {summary['run_id']}: {summary['articles_parsed']} articles parsed, "
        f"{summary['new_rows']['entity_mentions']} new mentions, {summary['rows_relinked']} stored rows re-linked, "
        f"rejected {[(r.get('source_uri'), r.get('reason')) for r in summary['rejected']] or 'none'}"
    )
    return summary


def read_warehouse_mentions(warehouse: Path, input_folders: list[Path]) -> tuple[pd.DataFrame, pd.Series]:
    """Mentions with the gold article label in `article_id`, and entity names, read back as a BI user would."""

    with duckdb.connect() as connection:
        articles = connection.sql(f"SELECT article_id, source_uri, duplicate_of FROM {parquet_table(warehouse, 'articles')}").df()
        mentions = connection.sql(
            f"SELECT article_id, mention_text, entity_id, start_char, end_char FROM {parquet_table(warehouse, 'entity_mentions')}"
        ).df()
        names = connection.sql(f"SELECT entity_id, canonical_name FROM {parquet_table(warehouse, 'entities')}").df()

    def gold_label(source_uri: str) -> str:
        for folder in input_folders:
            if Path(source_uri).is_relative_to(folder):
                return Path(source_uri).relative_to(folder).as_posix()
        raise ValueError(f"{source_uri} is not under the benchmark's input folders")

    labels = dict(zip(articles["article_id"], articles["source_uri"].map(gold_label)))
    near_duplicates = articles[articles["duplicate_of"].notna()]
    for row in near_duplicates.itertuples(index=False):
        print(f"  near duplicate: {labels[row.article_id]} of {labels.get(row.duplicate_of, row.duplicate_of)}")
    missing = set(mentions["article_id"]) - set(labels)
    if missing:
        raise ValueError(f"{len(missing)} articles of entity_mentions are not in articles")
    print(f"  warehouse: {len(articles)} articles, {len(mentions)} mentions, {len(names)} entities")
    return mentions.assign(article_id=mentions["article_id"].map(labels)), names.set_index("entity_id")["canonical_name"]


def benchmark_canonicalisation_cli(
    title: str, bbc_articles: tuple[str, ...], with_sample: bool, gold_path: Path, runs: int
) -> dict[str, float]:
    """Score the entity ids `newsfacts run` stores: the files in `runs` consecutive runs into one fresh warehouse."""
    files = canonicalisation_files(bbc_articles, with_sample)
    print(f"\nCanonicalisation through the CLI, {title}: {len(files)} files in {runs} run(s) into one fresh warehouse")
    with tempfile.TemporaryDirectory(prefix="newsfacts-entities-") as scratch:
        warehouse = Path(scratch) / "warehouse"
        bounds = [len(files) * k // runs for k in range(runs + 1)]
        input_folders = []
        for k in range(runs):
            folder = Path(scratch) / f"inputs-{k + 1}"
            part = files[bounds[k] : bounds[k + 1]]
            copy_inputs(part, folder)
            print(f"  run {k + 1} of {runs}: {part[0][0]} .. {part[-1][0]} ({len(part)} files)")
            run_cli(folder, warehouse)
            input_folders.append(folder)
        mentions, names = read_warehouse_mentions(warehouse, input_folders)
        return score_against_gold(mentions, names, gold_path)


def print_comparison(title: str, results: dict[str, dict[str, float]]) -> None:
    """In-process and CLI figures side by side."""
    print(f"\nCanonicalisation, {title}: in-process vs through the CLI")
    print(f"  {'measured':22} {'mentions':>8} {'scored':>6} {'groups':>6} {'pair P':>6} {'pair R':>6} {'B3 P':>6} {'B3 R':>6}")
    for name, s in results.items():
        print(
            f"  {name:22} {s['mentions']:8d} {s['scored']:6d} {s['gold_groups']:6d} {s['pairwise_precision']:6.3f} "
            f"{s['pairwise_recall']:6.3f} {s['bcubed_precision']:6.3f} {s['bcubed_recall']:6.3f}"
        )


def benchmark_scaling() -> None:
    """Canonicalisation time on 1x, 4x and 16x copies of a synthetic mention table (near-linear check)."""
    base = pd.DataFrame(
        [
            {"mention_id": f"m{i}", "article_id": f"a{i // 40}", "mention_text": text, "entity_type": kind,
             "start_char": 0, "end_char": len(text), "sentence_index": i % 20, "canonical_hint": None}
            for i, (text, kind) in enumerate(
                [(f"Person{j} Surname{j % 997}", "PERSON") for j in range(3000)]
                + [(f"Surname{j % 997}", "PERSON") for j in range(3000)]
                + [(f"Place{j % 1500}", "GPE") for j in range(4000)]
            )
        ]
    )
    print("\nScaling of canonicalize_entities (synthetic mentions):")
    for factor in (1, 4, 16):
        frame = pd.concat(
            [base.assign(article_id=base["article_id"] + f"-{k}", mention_id=base["mention_id"] + f"-{k}") for k in range(factor)],
            ignore_index=True,
        )
        started = time.perf_counter()
        canonicalize_entities(frame)
        seconds = time.perf_counter() - started
        print(f"  {len(frame):7d} mentions: {seconds:6.2f}s ({seconds / len(frame) * 1e6:.1f} us per mention)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--conll-docs", type=int, default=None, help="score only the first N CoNLL documents")
    parser.add_argument("--skip-conll", action="store_true")
    parser.add_argument(
        "--conll-via-cli", action="store_true", help="also score CoNLL through `newsfacts run` on the documents as text files"
    )
    parser.add_argument("--skip-canonicalisation", action="store_true", help="score recognition only")
    parser.add_argument(
        "--via-cli",
        action="store_true",
        help="also score canonicalisation through `newsfacts run` (one run, and the files split over two runs)",
    )
    args = parser.parse_args()
    print(f"newsfacts entity benchmark, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}")
    if not args.skip_conll:
        benchmark_conll(args.conll_docs)
    if args.conll_via_cli:
        benchmark_conll_cli(args.conll_docs)
    if args.skip_canonicalisation:
        return
    sets = [("dev set", BBC_ARTICLES, True, GOLD_GROUPS), ("held-out set", BBC_HELDOUT_ARTICLES, False, HELDOUT_GOLD_GROUPS)]
    in_process = {title: benchmark_canonicalisation(title, *arguments) for title, *arguments in sets}
    if args.via_cli:
        for title, *arguments in sets:
            results = {
                "in-process": in_process[title],
                "CLI, one run": benchmark_canonicalisation_cli(title, *arguments, runs=1),
                "CLI, two runs": benchmark_canonicalisation_cli(title, *arguments, runs=2),
            }
            print_comparison(title, results)
    benchmark_scaling()


if __name__ == "__main__":
    main()
