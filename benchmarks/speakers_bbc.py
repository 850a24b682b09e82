"""Speakers on BBC news: a hand-checked gold set of speech quotes (`gold/speakers_bbc.csv`, written before
the speaker rules of issue 15 changed), scored through `newsfacts run`: the gold files are run into a fresh
warehouse (or `--warehouse` is read), and the `quotes` rows are matched to gold quotes by span; see
`judge_speaker_quote`, `speaker_verdict` and docs/accuracy.md ("Speakers on BBC") for the rules. Besides
quote recall, named-speaker coverage and speaker accuracy, it scores the `speaker_kind` column against the
gold's kind.

Usage: .venv/bin/python benchmarks/speakers_bbc.py [--warehouse DIR] [--gold CSV] [--errors N [--errors-split dev|test|all]]
       .venv/bin/python benchmarks/speakers_bbc.py --draw | --draw-dev2  (the second dev set: --gold benchmarks/gold/speakers_bbc_dev2.csv)
(`benchmarks/quotes.py --bbc-speakers` and `--draw-bbc-speakers` run the same.)
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from polnear import REPO_ROOT, GoldQuote, PredictedQuote, overlap_ratio

sys.path.insert(0, str(REPO_ROOT))
from benchmarks.newsfacts_cli import parquet_table, run_newsfacts  # noqa: E402

BBC_DIR = REPO_ROOT.parent / "shared" / "corpora" / "bbc" / "bbc"
BBC_SPEAKERS_GOLD = REPO_ROOT / "benchmarks" / "gold" / "speakers_bbc.csv"
BBC_SPEAKERS_SEED = 15
# Articles drawn per category: quotes are densest in politics and business.
BBC_SPEAKERS_QUOTA = {"politics": 24, "business": 16, "tech": 6, "entertainment": 5, "sport": 5}
# The second dev set (`gold/speakers_bbc_dev2.csv`): a new seed, leaving out every file of the first gold.
BBC_SPEAKERS_DEV2_SEED = 21
BBC_SPEAKERS_DEV2_QUOTA = {"politics": 17, "business": 12, "tech": 5, "entertainment": 3, "sport": 3}
SPEAKER_TITLES = frozenset(["mr", "mrs", "ms", "miss", "dr", "prof", "professor", "sir", "lord", "lady", "dame", "rev"])
PRONOUNS = frozenset(["i", "you", "he", "she", "it", "we", "they", "me", "him", "her", "us", "them", "his", "its", "their", "this", "that", "who", "one"])
DETERMINERS = frozenset(["a", "an", "the", "our", "this", "that", "his", "her", "its", "their", "one", "another"])
DOCUMENT_WORDS = frozenset(
    ["statement", "report", "survey", "document", "documents", "letter", "message", "tweet", "interview", "book", "review", "study", "paper", "release", "memo", "note"]
)


def bbc_article_seen_before(relative: str) -> bool:
    """Files other benchmarks and tests read, or that were read while the quote rules were written: not drawn.

    business/001-300: the figures benchmark, `--bbc` above and issue 15's review of business quotes;
    politics/001-045: the entities benchmark, its held-out set and the incremental-run test;
    NNN 001-002 of every category: the soak benchmark's crafted inputs.
    """
    category, name = relative.split("/")
    number = int(name[:3])
    return (category == "business" and number <= 300) or (category == "politics" and number <= 45) or number <= 2


def draw_bbc_speaker_articles(
    seed: int = BBC_SPEAKERS_SEED, quota: dict[str, int] = BBC_SPEAKERS_QUOTA, excluded: frozenset[str] = frozenset()
) -> list[str]:
    """The seeded draw a gold set was written on: per category, shuffled, skipping seen files, `excluded`
    files (an earlier gold's) and any file whose text (whitespace folded) repeats one of those or a drawn one."""
    import hashlib
    import random

    def text_key(relative: str) -> str:
        text = (BBC_DIR / relative).read_bytes().decode("utf-8", errors="replace")
        return hashlib.sha1(" ".join(text.split()).encode()).hexdigest()

    files = sorted(path.relative_to(BBC_DIR).as_posix() for path in BBC_DIR.glob("*/*.txt"))
    keys = {relative: text_key(relative) for relative in files}
    skipped = {relative for relative in files if bbc_article_seen_before(relative) or relative in excluded}
    taken = {keys[relative] for relative in skipped}
    rng = random.Random(seed)
    drawn: list[str] = []
    for category, wanted in quota.items():
        pool = [relative for relative in files if relative.startswith(f"{category}/") and relative not in skipped]
        rng.shuffle(pool)
        picked = []
        for relative in pool:
            if len(picked) == wanted:
                break
            if keys[relative] not in taken:
                taken.add(keys[relative])
                picked.append(relative)
        drawn += sorted(picked)
    return drawn


@dataclass(frozen=True)
class SpeakerGoldQuote:
    split: str
    file: str
    start: int
    end: int
    form: str  # full: the quote stands as the reported words; partial: a fragment inside the reporter's sentence
    speaker: str
    kind: str  # person, organisation, document, unnamed source, none
    named: bool  # the article names the speaker
    aliases: tuple[str, ...]  # other names the article uses for the speaker ("GM", "Ms Abbott")
    text: str


@dataclass(frozen=True)
class SpeakerPrediction:
    start: int
    end: int
    is_speech: bool
    speaker_text: str | None
    speaker_name: str | None  # the entity's canonical name, else the quote row's speaker_name
    speaker_type: str | None  # the speaker entity's type (PERSON, ORG, ...)
    resolved_text: str | None  # the mention the speaker resolves to, as written in body_text
    speaker_kind: str | None = None  # the quotes.speaker_kind column (None in a warehouse written before it existed)


def load_speaker_gold(path: Path) -> list[SpeakerGoldQuote]:
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    return [
        SpeakerGoldQuote(
            row.split, row.file, int(row.quote_start), int(row.quote_end), row.quote_form, row.speaker, row.speaker_kind,
            row.named_in_article == "yes", tuple(a for a in row.speaker_aliases.split(";") if a), row.quote_text,
        )
        for row in frame.itertuples(index=False)
    ]


def run_cli_on_files(files: list[str], scratch: Path) -> Path:
    """Copy the BBC files to `scratch/inputs/<category>/<NNN>.txt`, `newsfacts run` them into a fresh warehouse."""
    import shutil

    inputs, warehouse = scratch / "inputs", scratch / "warehouse"
    for relative in files:
        (inputs / relative).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(BBC_DIR / relative, inputs / relative)
    _, seconds = run_newsfacts(inputs, warehouse)
    print(f"newsfacts run: {len(files)} files in {seconds:.0f}s into {warehouse}")
    return warehouse


def read_speaker_predictions(warehouse: Path, gold: list[SpeakerGoldQuote]) -> dict[str, tuple[str, list[SpeakerPrediction]]]:
    """(body_text, quotes) per gold file, read back with DuckDB as a BI user would. A file is known by the
    last two parts of its `source_uri` (`politics/048.txt`); a file the run rejected as the duplicate of
    another (BBC repeats some stories) is read as the stored article whose body holds all its gold quotes."""
    import duckdb

    with duckdb.connect() as connection:
        articles = connection.sql(f"SELECT article_id, source_uri, body_text FROM {parquet_table(warehouse, 'articles')}").df()
        columns = set(connection.sql(f"SELECT * FROM {parquet_table(warehouse, 'quotes')} LIMIT 0").columns)
        kind = "q.speaker_kind" if "speaker_kind" in columns else "NULL"
        quotes = connection.sql(
            f"""SELECT q.article_id, q.start_char, q.end_char, q.is_speech, q.speaker_text, q.speaker_start_char,
                       q.speaker_end_char, coalesce(e.canonical_name, q.speaker_name) AS speaker_name, e.entity_type,
                       {kind} AS speaker_kind
                FROM {parquet_table(warehouse, 'quotes')} q LEFT JOIN {parquet_table(warehouse, 'entities')} e ON e.entity_id = q.speaker_entity_id"""
        ).df()
    if quotes.duplicated(["article_id", "start_char", "end_char"]).any():
        raise ValueError("an entity_id is on several rows of entities: the join would count quotes twice")
    articles["file"] = articles["source_uri"].map(lambda uri: "/".join(Path(uri).parts[-2:]))
    files = {quote.file for quote in gold}
    stored = articles[articles["file"].isin(files)]
    for file in sorted(files - set(stored["file"])):
        texts = [quote.text for quote in gold if quote.file == file]
        holding = articles[articles["body_text"].map(lambda body, texts=texts: all(text in body for text in texts))].sort_values("source_uri")
        if holding.empty:
            raise ValueError(f"gold file {file} is not in the warehouse's articles")
        print(f"  {file}: stored as its duplicate {holding['file'].iloc[0]}")
        stored = pd.concat([stored, holding.head(1).assign(file=file)])
    articles = stored
    by_article: dict[str, list[SpeakerPrediction]] = {article_id: [] for article_id in articles["article_id"]}
    bodies = dict(zip(articles["article_id"], articles["body_text"]))
    for row in quotes.itertuples(index=False):
        if row.article_id not in by_article:
            continue
        resolved = None
        if not pd.isna(row.speaker_start_char):
            resolved = bodies[row.article_id][int(row.speaker_start_char) : int(row.speaker_end_char)]
        by_article[row.article_id].append(
            SpeakerPrediction(
                int(row.start_char), int(row.end_char), bool(row.is_speech), none_if_missing(row.speaker_text),
                none_if_missing(row.speaker_name), none_if_missing(row.entity_type), resolved, none_if_missing(row.speaker_kind),
            )
        )
    return {row.file: (row.body_text, by_article[row.article_id]) for row in articles.itertuples(index=False)}


def none_if_missing(value: object) -> str | None:
    return None if value is None or (isinstance(value, float) and pd.isna(value)) or value == "" else str(value)


def locate_gold_quote(gold: SpeakerGoldQuote, body: str) -> tuple[int, int] | None:
    """The gold offsets when they still index the quote text, else the occurrence nearest to them
    (normalisation may change and shift offsets); None when the text is gone."""
    if body[gold.start : gold.end] == gold.text:
        return gold.start, gold.end
    found = [m.start() for m in re.finditer(re.escape(gold.text), body)]
    if not found:
        return None
    start = min(found, key=lambda position: abs(position - gold.start))
    return start, start + len(gold.text)


def name_key(name: str) -> tuple[str, ...]:
    """A name folded for comparison: case, dots, possessives, a leading article and titles dropped."""
    tokens = re.sub(r"['’]s\b|\.", " ", name).casefold().split()
    while tokens and (tokens[0] == "the" or tokens[0] in SPEAKER_TITLES):
        tokens = tokens[1:]
    return tuple(tokens)


def speaker_verdict(gold: SpeakerGoldQuote, predicted: str | None, other_gold_speakers: set[str]) -> str:
    """How the predicted speaker names the gold speaker: "same" (the gold name or an alias the article uses),
    "part" (for a person, a final part of the name: "Straw", "De Vido", unless another speaker in the same
    article ends the same way: Andy and Jason Robinson), "longer" (the gold name or an alias inside a longer
    name: "Director Stephen Daldry", "Unison Dave Prentis"), or "" (wrong)."""
    if not predicted or not name_key(predicted):
        return ""
    key = name_key(predicted)
    names = [name_key(gold.speaker), *(name_key(alias) for alias in gold.aliases)]
    if key in names:
        return "same"
    full = names[0]
    shared = any(name_key(other)[-1:] == full[-1:] for other in other_gold_speakers - {gold.speaker} if name_key(other))
    if gold.kind == "person" and len(key) < len(full) and full[-len(key) :] == key and not shared:
        return "part"
    if any(name and any(key[i : i + len(name)] == name for i in range(len(key) - len(name) + 1)) for name in names):
        return "longer"
    return ""


def speaker_form(name: str | None) -> str:
    """How a predicted speaker_name reads: empty, pronoun, document, nominal (no proper name) or name."""
    if not name or not name.strip():
        return "empty"
    words = name.split()
    folded = [w.casefold() for w in words]
    if len(words) == 1 and folded[0] in PRONOUNS:
        return "pronoun"
    if any(w in DOCUMENT_WORDS for w in words):  # lower case only: "Harvard Business Review" is a name
        return "document"
    if folded[0] in DETERMINERS and all(w[:1].islower() for w in words[1:]):
        return "nominal"
    return "name"


def speaker_error_kind(gold: SpeakerGoldQuote, predicted: SpeakerPrediction) -> str:
    form = speaker_form(predicted.speaker_name)
    if form != "name":
        return f"{form} speaker"
    if gold.kind == "person" and predicted.speaker_type not in (None, "PERSON"):
        return f"{predicted.speaker_type} where the speaker is a person"
    if gold.kind == "organisation" and predicted.speaker_type == "PERSON":
        return "person where an organisation speaks"
    return f"wrong {'person' if gold.kind == 'person' else 'name'}"


@dataclass(frozen=True)
class SpeakerJudgement:
    quote: SpeakerGoldQuote
    outcome: str  # "right", "unnamed", "text not found", a miss ("miss: ...") or a speaker error kind
    prediction: int | None = None  # index of the is_speech quote that found the gold quote
    strict: bool = False  # that quote also overlaps the gold one by half of the longer span
    covered: bool = False  # its speaker_name reads as a name
    verdict: str = ""  # how its speaker_name names the gold speaker (see speaker_verdict)
    kind_right: bool = False  # its speaker_kind is the gold speaker's kind


def judge_speaker_quote(
    quote: SpeakerGoldQuote, body: str, predicted: list[SpeakerPrediction], article_speakers: set[str]
) -> SpeakerJudgement:
    """Find the gold quote among the article's quote rows and judge its speaker.

    Found: at least half of the gold span lies inside one is_speech quote (BBC re-opens the mark at each
    paragraph of a long quote, and a quote the product joins across them still carries the right speaker).
    """
    located = locate_gold_quote(quote, body)
    if located is None:
        return SpeakerJudgement(quote, "text not found")
    start, end = located
    overlaps = [(min(p.end, end) - max(p.start, start), k) for k, p in enumerate(predicted)]
    speech = [(overlap, k) for overlap, k in overlaps if predicted[k].is_speech and overlap * 2 >= end - start]
    if not speech:
        if any(overlap * 2 >= end - start for overlap, _ in overlaps):
            return SpeakerJudgement(quote, "miss: found, is_speech false")
        if any(overlap > 0 for overlap, _ in overlaps):
            return SpeakerJudgement(quote, "miss: less than half covered")
        return SpeakerJudgement(quote, "miss: no quote there")
    k = max(speech)[1]
    found = predicted[k]
    strict = overlap_ratio(GoldQuote(start, end, None), PredictedQuote(found.start, found.end, None)) >= 0.5
    covered = speaker_form(found.speaker_name) == "name"
    kind_right = found.speaker_kind == quote.kind
    if not quote.named:
        return SpeakerJudgement(quote, "unnamed", k, strict, covered, kind_right=kind_right)
    verdict = speaker_verdict(quote, found.speaker_name, article_speakers)
    outcome = "right" if verdict else speaker_error_kind(quote, found)
    return SpeakerJudgement(quote, outcome, k, strict, covered, verdict, kind_right)


def speaker_scores(judgements: list[SpeakerJudgement]) -> dict[str, float | int]:
    """Counts and rates of one set of judgements (definitions printed with the table)."""
    found = [j for j in judgements if j.prediction is not None]
    named = [j for j in judgements if j.quote.named]
    named_found = [j for j in found if j.quote.named]
    right = [j for j in named_found if j.outcome == "right"]

    def rate(part: list, whole: list) -> float:
        return len(part) / len(whole) if whole else float("nan")

    return {
        "articles": len({j.quote.file for j in judgements}),
        "gold": len(judgements),
        "named": len(named),
        "found": len(found),
        "named found": len(named_found),
        "right": len(right),
        "recall": rate(found, judgements),
        "strict recall": rate([j for j in found if j.strict], judgements),
        "coverage": rate([j for j in named_found if j.covered], named_found),
        "coverage of all named": rate([j for j in named_found if j.covered], named),
        "accuracy": rate(right, named_found),
        "end-to-end": rate(right, named),
        "kind": rate([j for j in found if j.kind_right], found),
    }


def report_bbc_speakers(
    judgements: list[SpeakerJudgement], predictions: dict[str, tuple[str, list[SpeakerPrediction]]], n_errors: int, example_split: str
) -> None:
    """The table per split and per kind of quote and speaker, the error kinds, and (with n_errors) examples from
    `example_split` only: whoever writes the speaker rules reads dev examples, and test stays held out."""
    print_score_table(judgements)
    extra = print_error_counts(judgements, predictions)
    if n_errors:
        print_error_examples(judgements, predictions, extra, n_errors, example_split)


def print_score_table(judgements: list[SpeakerJudgement]) -> None:
    """Scores per split, per form of quote and per kind of gold speaker, and what each column means."""
    groups: dict[str, list[SpeakerJudgement]] = {"dev": [], "test": [], "all": []}
    for form in ("full", "partial"):
        groups[f"all, {form} quotes"] = [j for j in judgements if j.quote.form == form]
    for kind in ("person", "organisation", "document", "unnamed source", "none"):
        groups[f"all, speaker: {kind}"] = [j for j in judgements if j.quote.kind == kind]
    for j in judgements:
        groups[j.quote.split].append(j)
        groups["all"].append(j)
    groups = {group: members for group, members in groups.items() if members}
    print(f"\n{'set':28} {'articles':>8} {'gold':>5} {'named':>5} {'found':>5} {'n. found':>8} {'right':>5} {'recall':>7} {'strict':>7} {'coverage':>9} {'cov. all':>9} {'accuracy':>9} {'end-to-end':>10} {'kind':>6}")
    for group, members in groups.items():
        s = speaker_scores(members)
        widths = {"recall": 7, "strict recall": 7, "coverage": 9, "coverage of all named": 9, "accuracy": 9, "end-to-end": 10, "kind": 6}
        rates = [f"{s[name]:{width}.3f}" if s[name] == s[name] else f"{'-':>{width}}" for name, width in widths.items()]
        counted = f"{s['articles']:8d} {s['gold']:5d} {s['named']:5d} {s['found']:5d} {s['named found']:8d} {s['right']:5d}"
        print(f"{group:28} {counted} " + " ".join(rates))
    print(
        "\nnamed: gold quotes whose article names the speaker; n. found: those found; right: those with the right speaker;\n"
        "recall: gold speech quotes with at least half their span inside one is_speech quote; strict: also overlap / longer span >= 0.5;\n"
        "coverage: of the found quotes whose article names the speaker, speaker_name is a name (not empty, a pronoun, a document or a\n"
        "nominal like 'the company'); cov. all: the same over all gold quotes whose article names the speaker (a missed quote has\n"
        "no speaker); accuracy: of the found quotes whose article names the speaker, speaker_name names the gold speaker;\n"
        "end-to-end: found and right, over all gold quotes whose article names the speaker;\n"
        "kind: of all found quotes, speaker_kind is the gold speaker_kind (person, organisation, document, unnamed source, none)."
    )


def print_error_counts(judgements: list[SpeakerJudgement], predictions: dict[str, tuple[str, list[SpeakerPrediction]]]) -> list[tuple[str, SpeakerPrediction]]:
    """How right speakers were judged, the error kinds per split; returns the is_speech quotes that found no gold quote."""
    verdicts = Counter(j.verdict for j in judgements if j.outcome == "right")
    print("speakers judged right by " + ", ".join(f"{v} {verdicts[v]}" for v in ("same", "part", "longer")) + " (see speaker_verdict)")
    unnamed = [j for j in judgements if not j.quote.named]
    print(f"gold quotes whose article names no speaker: {len(unnamed)} (found with a name as speaker: {sum(j.covered for j in unnamed)})")
    lost = [j for j in judgements if j.outcome == "text not found"]
    if lost:
        print(f"gold quotes whose text is no longer in body_text (normalisation changed?): {len(lost)}")
    by_prediction: dict[tuple[str, int], set[str]] = {}
    for j in judgements:
        if j.prediction is not None:
            by_prediction.setdefault((j.quote.file, j.prediction), set()).add(j.quote.speaker)
    matched = set(by_prediction)
    extra = [(file, p) for file, (_, predicted) in predictions.items() for k, p in enumerate(predicted) if p.is_speech and (file, k) not in matched]
    joined = [(file, p) for file, p in extra if '"' in predictions[file][0][p.start : p.end]]
    print(
        f"is_speech quotes in these articles that found no gold quote: {len(extra)} (fragments under three words and terms the gold "
        f"leaves out, or false speech; {len(joined)} of them join two quotes across their marks)"
    )
    several = [speakers for key, speakers in by_prediction.items() if sum(1 for j in judgements if (j.quote.file, j.prediction) == key) > 1]
    print(f"is_speech quotes that found several gold quotes: {len(several)}, {sum(len(s) > 1 for s in several)} of them of different speakers")
    for split in ("dev", "test"):
        kinds = Counter(j.outcome for j in judgements if j.quote.split == split and j.outcome not in ("right", "unnamed"))
        print(f"errors, {split}: " + ", ".join(f"{kind} {n}" for kind, n in kinds.most_common()))
        wrong_kinds = Counter(
            f"{j.quote.kind} as {predictions[j.quote.file][1][j.prediction].speaker_kind}"
            for j in judgements if j.quote.split == split and j.prediction is not None and not j.kind_right
        )
        print(f"speaker_kind errors, {split}: " + ", ".join(f"{kind} {n}" for kind, n in wrong_kinds.most_common()))
    return extra


def print_error_examples(
    judgements: list[SpeakerJudgement], predictions: dict[str, tuple[str, list[SpeakerPrediction]]],
    extra: list[tuple[str, SpeakerPrediction]], n_errors: int, example_split: str,
) -> None:
    """Up to n_errors examples of each error kind, from `example_split` only (test stays held out)."""
    examples: dict[str, list[str]] = {}
    for j in judgements:
        if j.outcome in ("right", "unnamed") or example_split not in ("all", j.quote.split):
            continue
        line = f"{j.quote.file} {j.quote.text[:100]!r}"
        if j.prediction is not None:
            p = predictions[j.quote.file][1][j.prediction]
            line += f": gold {j.quote.speaker!r}, predicted {p.speaker_name!r} (as written {p.speaker_text!r}, resolved to {p.resolved_text!r})"
        examples.setdefault(j.outcome, []).append(line)
    for kind, lines in sorted(examples.items(), key=lambda item: -len(item[1])):
        print(f"\n{kind}, {example_split} ({len(lines)}):")
        print("\n".join(f"  {line}" for line in lines[:n_errors]))
    split_of = {j.quote.file: j.quote.split for j in judgements}
    extra = [(file, p) for file, p in extra if example_split in ("all", split_of[file])]
    print(f"\nis_speech quotes that found no gold quote, {example_split} ({len(extra)}):")
    for file, p in extra[:n_errors]:
        print(f"  {file} {predictions[file][0][p.start : p.end][:100]!r} ({p.speaker_name!r})")


def benchmark_bbc_speakers(gold_path: Path, warehouse: Path | None, n_errors: int, example_split: str) -> None:
    gold = load_speaker_gold(gold_path)
    files = sorted({quote.file for quote in gold})
    shown = gold_path.relative_to(REPO_ROOT) if gold_path.is_relative_to(REPO_ROOT) else gold_path  # a gold outside the repository is named whole
    print(f"BBC speakers: {len(gold)} gold speech quotes in {len(files)} articles ({shown})")
    if warehouse is None:
        import tempfile

        with tempfile.TemporaryDirectory(prefix="newsfacts-speakers-") as scratch:
            predictions = read_speaker_predictions(run_cli_on_files(files, Path(scratch)), gold)
    else:
        predictions = read_speaker_predictions(warehouse, gold)
    speakers = {file: {quote.speaker for quote in gold if quote.file == file} for file in files}
    judgements = [judge_speaker_quote(quote, *predictions[quote.file], speakers[quote.file]) for quote in gold]
    report_bbc_speakers(judgements, predictions, n_errors, example_split)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    parser.add_argument("--draw", action="store_true", help="print the seeded draw of BBC articles the gold was written on")
    parser.add_argument("--draw-dev2", action="store_true", help="print the draw of the second dev set (seed 21, the first draw left out)")
    args = parser.parse_args()
    if args.draw:
        print("\n".join(draw_bbc_speaker_articles()))
        return
    if args.draw_dev2:
        first_gold = frozenset(quote.file for quote in load_speaker_gold(BBC_SPEAKERS_GOLD)) | set(draw_bbc_speaker_articles())
        print("\n".join(draw_bbc_speaker_articles(BBC_SPEAKERS_DEV2_SEED, BBC_SPEAKERS_DEV2_QUOTA, first_gold)))
        return
    benchmark_bbc_speakers(args.gold.resolve(), args.warehouse, args.errors, args.errors_split)


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options this benchmark shares with `benchmarks/quotes.py --bbc-speakers`."""
    parser.add_argument("--gold", type=Path, default=BBC_SPEAKERS_GOLD, help="the BBC speaker gold")
    parser.add_argument("--warehouse", type=Path, default=None, help="read this warehouse instead of running the CLI")
    parser.add_argument("--errors", type=int, default=0, help="list up to N examples of each error kind")
    parser.add_argument("--errors-split", default="dev", choices=("dev", "test", "all"), help="list examples of this split only (dev)")


if __name__ == "__main__":
    main()
