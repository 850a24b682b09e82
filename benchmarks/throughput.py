"""Throughput of the whole pipeline against spaCy alone, measured in one run.

    .venv/bin/python benchmarks/throughput.py --corpus ../shared/corpora/bbc [--limit N] [--repeat-memory 4] [--rounds 2]

Prints, for the same texts and the same model:
1. spaCy alone: `nlp.pipe` in one process;
2. the full pipeline with one worker: wall time, words/s, ratio to (1), time per stage;
3. two workers (local processes and Dask): speed-up over one worker, and the default run against
   spaCy alone with `n_process` = cores;
4. a no-change rerun: its time as a share of (2);
5. peak resident memory (the whole process tree) at 1x and at Nx the corpus.

Every pipeline run is a fresh `newsfacts run` process, as a user runs it, so the times include
Prefect's ephemeral server start-up. Nothing here is a test: it prints numbers.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
import spacy

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_CORPUS = ROOT.parent / "shared" / "corpora" / "bbc"
sys.path.insert(0, str(ROOT))

from transforms.ingest import ingest_bytes  # noqa: E402
from transforms.nlp import DEFAULT_BATCH_SIZE, configured_model_name  # noqa: E402
from transforms.normalize import count_words, load_boilerplate_patterns, normalize_text  # noqa: E402


def corpus_files(corpus: Path, limit: int | None) -> list[Path]:
    files = sorted(p for p in corpus.rglob("*.txt") if p.name.upper() != "README.TXT")
    return files[:limit] if limit else files


def prepare_inputs(files: list[Path], target: Path, copies: int) -> None:
    """Copy the corpus `copies` times; each copy gets a distinct last line so no article is an exact duplicate."""
    target.mkdir(parents=True)
    for copy in range(copies):
        for index, path in enumerate(files):
            data = path.read_bytes()
            if copy:
                data += f"\n\n(Archive copy {copy}.)\n".encode("ascii")
            (target / f"{copy:02d}-{index:05d}-{path.name}").write_bytes(data)


def normalized_texts(files: list[Path]) -> list[str]:
    patterns = load_boilerplate_patterns()
    texts = []
    for path in files:
        result = ingest_bytes(str(path), path.suffix, path.read_bytes())
        texts += [normalize_text(c.text, patterns).body_text for c in result.candidates]
    return texts


def time_spacy(texts: list[str], n_process: int) -> float:
    """The bare model (no newsfacts component), batched as the pipeline batches: everything newsfacts
    adds counts as pipeline cost."""
    nlp = spacy.load(configured_model_name())
    start = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=DEFAULT_BATCH_SIZE, n_process=n_process):
        pass
    return time.perf_counter() - start


class PeakMemory:
    """Samples the resident memory of a process and all its descendants."""

    def __init__(self, pid: int) -> None:
        self.pid, self.peak, self._stop = pid, 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                root = psutil.Process(self.pid)
                total = sum(p.memory_info().rss for p in [root, *root.children(recursive=True)] if _alive(p))
                self.peak = max(self.peak, total)
            except psutil.Error:
                pass
            self._stop.wait(0.2)

    def __enter__(self) -> PeakMemory:
        self._thread.start()
        return self

    def __exit__(self, *_: object) -> None:
        self._stop.set()
        self._thread.join()


def _alive(process: psutil.Process) -> bool:
    try:
        return process.is_running()
    except psutil.Error:
        return False


def run_pipeline(inputs: Path, warehouse: Path, *extra: str) -> tuple[float, int, dict]:
    """One `newsfacts run` process; returns wall seconds, peak RSS bytes of its process tree, summary."""
    env = {**os.environ, "PREFECT_HOME": str(warehouse.parent / ".prefect"), "PREFECT_LOGGING_LEVEL": "ERROR"}
    command = [str(Path(sys.executable).with_name("newsfacts")), "run", str(inputs), "--warehouse", str(warehouse), "--json-summary", *extra]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=ROOT)
    with PeakMemory(process.pid) as memory:
        stdout, stderr = process.communicate()
    elapsed = time.perf_counter() - start
    if process.returncode != 0:
        raise RuntimeError(f"newsfacts run failed ({process.returncode}):\n{stderr[-3000:]}")
    return elapsed, memory.peak, json.loads(stdout.strip().splitlines()[-1])


def measure_rounds(texts: list[str], inputs: Path, work: Path, configs: dict[str, list[str]], rounds: int) -> tuple[dict[str, float], dict[str, int], dict[str, dict]]:
    """Each configuration's fastest time over the rounds, its peak memory and the summary of its fastest run.

    Rounds interleave the configurations, so a slow spell of this shared machine hits all of them.
    """
    cores = os.cpu_count() or 1
    seconds: dict[str, list[float]] = {}
    memory: dict[str, int] = {}
    summaries: dict[str, dict] = {}
    for round_number in range(rounds):
        seconds.setdefault("spaCy, 1 process", []).append(time_spacy(texts, 1))
        seconds.setdefault(f"spaCy, {cores} processes", []).append(time_spacy(texts, cores) if cores > 1 else seconds["spaCy, 1 process"][-1])
        for name, extra in configs.items():
            warehouse = work / f"wh-{round_number}-{name.replace(' ', '-').replace(',', '')}"
            elapsed, peak, summary = run_pipeline(inputs, warehouse, *extra)
            seconds.setdefault(name, []).append(elapsed)
            memory[name] = max(memory.get(name, 0), peak)
            if elapsed == min(seconds[name]):
                summaries[name] = summary
        print(f"round {round_number + 1}: " + ", ".join(f"{name} {values[-1]:.1f} s" for name, values in seconds.items()))
    return {name: min(values) for name, values in seconds.items()}, memory, summaries


def print_speeds(best: dict[str, float], summaries: dict[str, dict], words: int) -> None:
    """Sections (1) to (3): spaCy alone, the pipeline on one and two workers, and the default run."""
    cores = os.cpu_count() or 1
    spacy_one, spacy_all = best["spaCy, 1 process"], best[f"spaCy, {cores} processes"]
    one, two, default = best["1 worker"], best["2 workers"], best["default"]
    print(f"\n(1) spaCy alone, 1 process:        {spacy_one:8.1f} s  {words / spacy_one:8.0f} words/s")
    print(f"    spaCy alone, {cores} processes:      {spacy_all:8.1f} s  {words / spacy_all:8.0f} words/s")
    print(f"\n(2) pipeline, 1 worker:             {one:8.1f} s  {words / one:8.0f} words/s  ratio to (1): {one / spacy_one:.3f}")
    stages = summaries["1 worker"].get("stage_seconds", {})
    print("    per stage: " + ", ".join(f"{name} {value:.1f} s" for name, value in stages.items()))
    print(f"\n(3) pipeline, 2 worker processes:   {two:8.1f} s  speed-up over 1 worker: {one / two:.2f}x")
    if "Dask, 2 workers" in best:
        dask = best["Dask, 2 workers"]
        print(f"    pipeline, Dask (2 workers):     {dask:8.1f} s  speed-up over 1 worker: {one / dask:.2f}x")
    print(f"    default run (all {cores} cores):     {default:8.1f} s  ratio to spaCy alone on {cores} processes: {default / spacy_all:.3f}")


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # keep every measured line if a later step fails
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--limit", type=int, default=None, help="use only the first N articles")
    parser.add_argument("--repeat-memory", type=int, default=4, help="corpus multiple for the memory measurement (0 to skip)")
    parser.add_argument("--rounds", type=int, default=1, help="measure every configuration this many times, in rounds; report each one's fastest")
    parser.add_argument("--skip-dask", action="store_true")
    args = parser.parse_args()
    cores = os.cpu_count() or 1

    files = corpus_files(args.corpus, args.limit)
    texts = normalized_texts(files)
    words = sum(count_words(t) for t in texts)
    print(f"machine: {platform.processor() or platform.machine()}, {cores} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, Python {platform.python_version()}")
    print(f"corpus: {args.corpus} — {len(texts)} articles, {words:,} words; {args.rounds} round(s), each configuration's fastest reported\n")

    pipeline_configs = {"1 worker": ["--workers", "1"], "2 workers": ["--workers", "2"]}
    if not args.skip_dask:
        pipeline_configs["Dask, 2 workers"] = ["--workers", "2", "--runner", "dask"]
    pipeline_configs["default"] = []
    with tempfile.TemporaryDirectory(prefix="newsfacts-bench-") as tmp:
        tmp_path = Path(tmp)
        inputs = tmp_path / "inputs"
        prepare_inputs(files, inputs, 1)
        # Prefect creates and migrates its database on the first run under a PREFECT_HOME (~8 s);
        # every later run finds it ready. Pay that once, outside the measurements.
        run_pipeline(ROOT / "data" / "raw", tmp_path / "warm-up")
        best, memory, summaries = measure_rounds(texts, inputs, tmp_path, pipeline_configs, args.rounds)
        print_speeds(best, summaries, words)

        one, default = best["1 worker"], best["default"]
        rerun, _, rerun_summary = run_pipeline(inputs, tmp_path / "wh-0-1-worker", "--workers", "1")
        assert rerun_summary["articles_parsed"] == 0, "a no-change rerun must parse nothing"
        print(f"\n(4) no-change rerun:                {rerun:8.1f} s  share of (2): {rerun / one:.1%}")

        default_memory = memory["default"]
        print(f"\n(5) peak resident memory of the process tree, 1x corpus: 1 worker {memory['1 worker'] / 2**20:,.0f} MiB, default run ({cores} workers) {default_memory / 2**20:,.0f} MiB")
        if args.repeat_memory > 1:
            shutil.rmtree(inputs)
            prepare_inputs(files, inputs, args.repeat_memory)
            big_time, big_memory, _ = run_pipeline(inputs, tmp_path / "wh-big")
            print(f"    {args.repeat_memory}x corpus, default run: {big_memory / 2**20:,.0f} MiB ({big_memory / default_memory - 1:+.1%} from 1x), {big_time:.1f} s ({big_time / default:.2f}x the 1x time)")

if __name__ == "__main__":
    main()
