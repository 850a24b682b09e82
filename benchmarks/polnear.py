"""PolNeAR: its gold direct quotes and the scoring of predicted quotes against them.

Scoring follows `../shared/eval/README.md` (polnear): gold quotes are the attributions whose Content
contains a double quotation mark; the gold quote is the text inside the outermost marks of the Content
(to its end when the closing mark is missing); a prediction matches a gold quote when their overlap
divided by the longer of the two is at least the threshold (one-to-one, greedy); a matched speaker is
right when the gold Source and the predicted speaker share a capitalised name token of three letters
or more, titles ignored. Gold sources without a name are left out of speaker accuracy and counted.
Used by `quotes.py` (in-process) and `polnear_cli.py` (through `newsfacts run`).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parents[1]
POLNEAR_ROOT = REPO_ROOT.parent / "shared" / "eval" / "polnear" / "data"
THRESHOLDS = (0.3, 0.5, 0.8)
DOUBLE_MARK = re.compile(r"''|[\"“”]")
NAME_TOKEN = re.compile(r"[A-Z][A-Za-z\-]*")
# Titles and capitalised function words that do not name anyone.
NOT_NAMES = frozenset(
    """Mr Mrs Ms Miss Dr Sen Senator Rep Representative Gov Governor President Pres Vice Secretary Sec Gen General
    Prof Professor Judge Justice Rev Sir Lord Lady Dame Chairman Chairwoman Chair Minister Prime Mayor Speaker
    Leader Majority Minority Attorney Press Spokesman Spokeswoman Spokesperson Officer Chief Director Commissioner
    Ambassador Candidate Nominee Former Democratic Republican Democrat Sheriff Lt Col Capt Sgt Adm Jr Sr The And
    For With From His Her Their Its She They Who That This Our Your You""".split()
)


@dataclass(frozen=True)
class GoldQuote:
    start: int
    end: int
    source: str | None


@dataclass(frozen=True)
class PredictedQuote:
    start: int
    end: int
    speaker: str | None


def read_gold_quotes(ann_text: str, text: str) -> list[GoldQuote]:
    """Gold direct quotes of one brat .ann file (see the module docstring for the rules)."""
    spans: dict[str, tuple[int, int]] = {}
    events: list[dict[str, str]] = []
    for line in ann_text.splitlines():
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        if parts[0].startswith("T"):
            offsets = [int(n) for n in re.findall(r"\d+", parts[1].split(" ", 1)[1])]
            spans[parts[0]] = (offsets[0], offsets[-1])
        elif parts[0].startswith("E"):
            events.append(dict(arg.split(":", 1) for arg in parts[1].split()))
    gold: list[GoldQuote] = []
    for event in events:
        if "Content" not in event or event["Content"] not in spans:
            continue
        content_start, content_end = spans[event["Content"]]
        marks = list(DOUBLE_MARK.finditer(text, content_start, content_end))
        if not marks:
            continue
        start = marks[0].end()
        end = marks[-1].start() if len(marks) > 1 else content_end
        source = None
        if "Source" in event and event["Source"] in spans:
            source_start, source_end = spans[event["Source"]]
            source = text[source_start:source_end]
        gold.append(GoldQuote(start, end, source))
    return gold


def load_polnear(split: str, limit: int | None) -> list[tuple[str, str, list[GoldQuote]]]:
    """(name, text, gold quotes) per article; with several annotators, the first .ann by sorted name."""
    chosen: dict[str, Path] = {}
    for ann in sorted((POLNEAR_ROOT / split / "attributions").glob("*.ann")):
        chosen.setdefault(ann.stem.rsplit("_", 1)[0], ann)
    articles = []
    for stem, ann in sorted(chosen.items())[: limit or None]:
        text = (POLNEAR_ROOT / split / "text" / f"{stem}.txt").read_text(encoding="utf-8")
        articles.append((stem, text, read_gold_quotes(ann.read_text(encoding="utf-8"), text)))
    return articles


def name_tokens(phrase: str | None) -> set[str]:
    if not phrase:
        return set()
    return {t for t in NAME_TOKEN.findall(phrase.replace("’s", "").replace("'s", "")) if len(t) >= 3 and t not in NOT_NAMES}


def overlap_ratio(gold: GoldQuote, predicted: PredictedQuote) -> float:
    overlap = min(gold.end, predicted.end) - max(gold.start, predicted.start)
    longer = max(gold.end - gold.start, predicted.end - predicted.start)
    return max(0, overlap) / longer if longer else 0.0


def match_quotes(gold: list[GoldQuote], predicted: list[PredictedQuote], threshold: float) -> list[tuple[int, int]]:
    """One-to-one greedy matching by decreasing overlap ratio."""
    pairs = []
    for g, gold_quote in enumerate(gold):
        for p, predicted_quote in enumerate(predicted):
            ratio = overlap_ratio(gold_quote, predicted_quote)
            if ratio >= threshold:
                pairs.append((ratio, g, p))
    used_gold: set[int] = set()
    used_predicted: set[int] = set()
    matches = []
    for _, g, p in sorted(pairs, key=lambda pair: -pair[0]):
        if g not in used_gold and p not in used_predicted:
            used_gold.add(g)
            used_predicted.add(p)
            matches.append((g, p))
    return matches


def classify_miss(gold: GoldQuote, every_span: list[PredictedQuote]) -> str:
    """Why a gold quote was missed, judged against every extracted span (speech or not)."""
    if gold.end <= gold.start:
        return "miss: gold empty under the literal rule"
    touching = [p for p in every_span if min(p.end, gold.end) > max(p.start, gold.start)]
    if not touching:
        return "miss: no span found"
    if any(overlap_ratio(gold, p) >= 0.5 for p in touching):
        return "miss: found but flagged not speech"
    if len(touching) > 1:
        return "miss: gold joins what we split"
    return "miss: we join what gold splits" if touching[0].end - touching[0].start > gold.end - gold.start else "miss: ours shorter"


def classify_false_alarm(predicted: PredictedQuote, gold: list[GoldQuote]) -> str:
    touching = [g for g in gold if min(g.end, predicted.end) > max(g.start, predicted.start)]
    if not touching:
        return "false: no gold quote there"
    longest = max(g.end - g.start for g in touching)
    return "false: we join what gold splits" if predicted.end - predicted.start > longest else "false: gold joins what we split"


def prf(true_positives: int, n_predicted: int, n_gold: int) -> tuple[float, float, float]:
    precision = true_positives / n_predicted if n_predicted else 0.0
    recall = true_positives / n_gold if n_gold else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def speech_predictions(text: str, records: list) -> list[PredictedQuote]:
    """The `is_speech` records as predictions, each with its resolved speaker's text."""
    predicted = []
    for record in records:
        if record["is_speech"]:
            speaker = None
            if record["speaker_start_char"] is not None:
                speaker = text[record["speaker_start_char"] : record["speaker_end_char"]]
            predicted.append(PredictedQuote(record["start_char"], record["end_char"], speaker))
    return predicted


def count_errors(
    name: str, text: str, gold: list[GoldQuote], predicted: list[PredictedQuote], every_span: list[PredictedQuote],
    matches: list[tuple[int, int]], error_kinds: Counter[str], errors: dict[str, list[str]], n_errors: int,
) -> None:
    """Count the misses and false alarms of one article by kind, and keep up to `n_errors` examples."""
    matched_gold = {g for g, _ in matches}
    matched_predicted = {p for _, p in matches}
    for g, gold_quote in enumerate(gold):
        if g not in matched_gold:
            error_kinds[classify_miss(gold_quote, every_span)] += 1
            if len(errors["miss"]) < n_errors:
                errors["miss"].append(f"{name} {gold_quote.start}: {text[gold_quote.start:gold_quote.end][:140]!r}")
    for p, predicted_quote in enumerate(predicted):
        if p not in matched_predicted:
            error_kinds[classify_false_alarm(predicted_quote, gold)] += 1
            if len(errors["false"]) < n_errors:
                errors["false"].append(f"{name} {predicted_quote.start}: {text[predicted_quote.start:predicted_quote.end][:140]!r}")


def score_polnear(split: str, articles: list[tuple[str, str, list[GoldQuote]]], records: list, n_errors: int) -> dict[str, list[str]]:
    """Print quote P/R/F1, speaker accuracy and end-to-end F1 of quote records whose offsets index the
    PolNeAR texts; return up to `n_errors` examples of each error."""
    totals = {t: [0, 0, 0] for t in THRESHOLDS}  # matched, predicted, gold
    speaker_judged = speaker_right = unnamed_sources = end_to_end = 0
    gold_named = 0  # gold quotes whose source has a name (the strict end-to-end denominator)
    single_mark_predictions = 0
    error_kinds: Counter[str] = Counter()
    errors: dict[str, list[str]] = {"miss": [], "false": [], "speaker": []}
    for (name, text, gold), doc_records in zip(articles, records):
        predicted = speech_predictions(text, doc_records)
        single_mark_predictions += sum(text[max(0, p.start - 1)] in "‘'’" and text[max(0, p.start - 2)] != "'" for p in predicted)
        for threshold in THRESHOLDS:
            matches = match_quotes(gold, predicted, threshold)
            totals[threshold][0] += len(matches)
            totals[threshold][1] += len(predicted)
            totals[threshold][2] += len(gold)
            if threshold != 0.5:
                continue
            gold_named += sum(1 for quote in gold if name_tokens(quote.source))
            for g, p in matches:
                gold_names = name_tokens(gold[g].source)
                if not gold_names:
                    unnamed_sources += 1
                    end_to_end += 1  # cannot be judged: counted as right end to end, and reported
                    continue
                speaker_judged += 1
                if gold_names & name_tokens(predicted[p].speaker):
                    speaker_right += 1
                    end_to_end += 1
                elif len(errors["speaker"]) < n_errors:
                    errors["speaker"].append(
                        f"{name}: gold {gold[g].source!r} / predicted {predicted[p].speaker!r}: {text[gold[g].start:gold[g].end][:90]!r}"
                    )
            every_span = [PredictedQuote(r["start_char"], r["end_char"], None) for r in doc_records]
            count_errors(name, text, gold, predicted, every_span, matches, error_kinds, errors, n_errors)

    n_gold = totals[0.5][2]
    print(f"PolNeAR {split}: {len(articles)} articles, {n_gold} gold quotes, {totals[0.5][1]} predicted (is_speech)")
    for threshold in THRESHOLDS:
        precision, recall, f1 = prf(*totals[threshold])
        print(f"  overlap >= {threshold}: P {precision:.4f}  R {recall:.4f}  F1 {f1:.4f}")
    accuracy = speaker_right / speaker_judged if speaker_judged else 0.0
    print(f"  speaker accuracy (overlap 0.5): {accuracy:.3f} ({speaker_right}/{speaker_judged}); gold sources without a name: {unnamed_sources}")
    e2e = prf(end_to_end, totals[0.5][1], n_gold)
    # strict: only gold quotes with a named source, and the predictions not matched to an unnamed one
    strict = prf(speaker_right, totals[0.5][1] - unnamed_sources, gold_named)
    print(f"  end-to-end (quote at 0.5 and speaker right; unnamed gold sources count as right): P {e2e[0]:.3f}  R {e2e[1]:.3f}  F1 {e2e[2]:.3f}")
    print(
        f"  end-to-end, named sources only ({gold_named} gold quotes; predictions matched to unnamed sources left out): "
        f"P {strict[0]:.3f}  R {strict[1]:.3f}  F1 {strict[2]:.3f}"
    )
    print(f"  single-mark quotes among the predictions: {single_mark_predictions}")
    print("  errors at 0.5 by kind: " + ", ".join(f"{kind} {count}" for kind, count in sorted(error_kinds.items())))
    return errors
