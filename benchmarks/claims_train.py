"""Train the claim pair scorer on the labelled pairs (BBC; PolNeAR across outlets), measure how it and the rules transfer.

Reads a BBC warehouse written by `newsfacts run` (its stored claim features and figures), finds every pair of
figures the product compares (two figures sharing a block, within `MAX_VALUE_RATIO`, as `claims.assign_claims` walks
them) and joins the labels of every `claims_bbc_pairs*.csv` to them (a figure by its file and offsets; a duplicate file
reads as the article it repeats). Each labelled set is one fold: the scorer is fitted on the other sets and the held-out one is
scored through claims, i.e. the connected groups of links over the whole corpus, as the benchmark scores the product
(`claims.py`: precision over the gold pairs put in one claim, recall over the gold same-fact pairs). The rules are the
claims the warehouse holds, written by the code that built it (their folds are not held out: the rules were written
reading them).

How a pair links with the scorer: two figures whose values agree link when `claim_scorer.may_link` holds and the learned
score passes the threshold; values that disagree (a conflict) by the rules' stricter test, since the labels hold too few
such pairs of one fact. The score is fitted on every labelled candidate pair whose values agree. `--modes` also measures
the score deciding only pairs of equal value, only pairs of exact values (both written without a qualifier: what the
product does since the eighth round, `claim_scorer.decides`), as a gate on the rules, and added to them, the rules
deciding the rest. `--polnear W` adds the cross-outlet pairs of `claims_polnear_pairs.csv` (a PolNeAR warehouse, see
claims_polnear.py) as two folds, `early` and `late`; pairs are never formed across warehouses. `--sample W` (a warehouse of
data/raw alone) prints, for each way of using the score, whether the sample's four cross-source claims hold exactly their
figures. `--write` fits on every set and writes the weights, the threshold picked on the pooled leave-one-set-out scores
of the score alone (the highest recall with precision at least `--min-precision`), the feature list, the sets and the
date to transforms/reference/claim_scorer.json.

Usage: .venv/bin/python benchmarks/claims_train.py --warehouse DIR [--polnear DIR] [--sample DIR] [--write] [--min-precision 0.9]
                                                  [--modes] [--blind GOLD.csv]
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import duckdb
import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from claims import GOLD_DIR, SAMPLE_CLAIMS, FigureKey, _keys, _table, read_gold, read_warehouse
from transforms.aggregate.claim_rows import compared_pairs
from transforms.aggregate.claim_rules import equal_values, linked, values_agree
from transforms.aggregate.claim_scorer import PAIR_FEATURES, SCORER_PATH, decides, fit_logistic, may_link, pair_features
from transforms.aggregate.claims import _as_records

BBC_FOLDS = ("claims_bbc_pairs.csv", *(f"claims_bbc_pairs_fresh{seed}.csv" for seed in range(18, 25)))
# Cross-outlet pairs (several outlets writing one event in their own words, the sample's kind) from another warehouse:
# two folds by date, so that each is scored by a scorer that saw the other (`claims_polnear.py`, benchmarks/gold/README.md).
POLNEAR_GOLD = "claims_polnear_pairs.csv"
POLNEAR_FOLDS = (f"{POLNEAR_GOLD}#early", f"{POLNEAR_GOLD}#late")
TOLERANCE = 0.10
L2 = 30.0
THRESHOLDS = tuple(round(0.30 + 0.01 * step, 2) for step in range(66))


def load_records(warehouse: Path) -> tuple[dict[str, dict[str, object]], dict[FigureKey, str]]:
    """figure_id -> claim record (stored features, with `corpus`: the warehouse it came from), and (file, start, end) ->
    figure_id with duplicate files mapped."""
    stored = read_warehouse(warehouse)
    with duckdb.connect() as connection:
        features = connection.sql(f"SELECT * FROM {_table(warehouse, '_current/_state/claim_features')}").df()
    features = features.drop(columns=[c for c in ("claim_id",) if c in features]).drop_duplicates("figure_id")
    records = _as_records(features)
    figures = stored.figures
    figure_of = {(file, int(start), int(end)): str(figure_id) for file, start, end, figure_id in
                 zip(figures["file"], figures["start_char"], figures["end_char"], figures["figure_id"])}
    by_file: dict[str, list[tuple[FigureKey, str]]] = defaultdict(list)
    for key, figure_id in figure_of.items():
        by_file[key[0]].append((key, figure_id))
    for duplicate, original in stored.duplicate_files.items():
        for (_, start, end), figure_id in by_file.get(original, []):
            figure_of.setdefault((duplicate, start, end), figure_id)
    for figure_id, claim_id in zip(figures["figure_id"].astype(str), figures["claim_id"]):
        if figure_id in records:
            records[figure_id]["warehouse_claim_id"] = claim_id
    for record in records.values():
        record["corpus"] = str(warehouse)
    return records, figure_of


def candidate_pairs(records: dict[str, dict[str, object]]) -> list[tuple[str, str]]:
    """Every pair the product compares (`claim_rows.compared_pairs`) of one corpus that passes `may_link`."""
    return sorted({(a, b) if a < b else (b, a) for a, b in compared_pairs(records, records)
                   if records[a].get("corpus") == records[b].get("corpus") and may_link(records[a], records[b])})


def gold_sets(figure_of: dict[FigureKey, str], folds: tuple[str, ...]) -> dict[str, list[tuple[str | None, str | None, bool]]]:
    """fold -> its labelled pairs as (figure a, figure b, same fact); None for a figure the run does not have.
    A fold `FILE#SPLIT` is the rows of FILE whose `split` is SPLIT."""
    sets = {}
    for name in folds:
        file, _, split = name.partition("#")
        gold = read_gold(GOLD_DIR / file)
        gold = gold[gold["same_fact"].isin(["yes", "no"]) & ((gold["split"] == split) if split else True)]
        sets[name] = [(figure_of.get(_keys(row, "a")), figure_of.get(_keys(row, "b")), row["same_fact"] == "yes") for _, row in gold.iterrows()]
    return sets


def components(figure_ids: list[str], index: dict[str, int], links: list[tuple[str, str]]) -> np.ndarray:
    rows = [index[a] for a, _ in links]
    cols = [index[b] for _, b in links]
    graph = coo_matrix((np.ones(len(rows)), (rows, cols)), shape=(len(figure_ids), len(figure_ids)))
    return connected_components(graph, directed=False)[1]


def score_fold(pairs: list[tuple[str | None, str | None, bool]], together: Callable[[str, str], bool]) -> tuple[int, int, int, int]:
    """(in one claim and same fact, in one claim, same fact in one claim, same fact) of one set."""
    grouped = [(a is not None and b is not None and together(a, b), same) for a, b, same in pairs]
    return (sum(g and s for g, s in grouped), sum(g for g, _ in grouped), sum(g and s for g, s in grouped), sum(s for _, s in grouped))


@dataclass(frozen=True)
class PairTable:
    """Every candidate pair of the warehouse with its evidence, the rules' verdict, and the labels of each set."""

    pairs: list[tuple[str, str]]
    figure_ids: list[str]
    index: dict[str, int]
    restatement_links: list[tuple[str, str]]
    matrix: np.ndarray
    agree: np.ndarray
    equal: np.ndarray
    decided: np.ndarray  # the pairs the product lets the score decide (`claim_scorer.decides`: exact values that agree)
    rules: np.ndarray
    sets: dict[str, list[tuple[str | None, str | None, bool]]]
    labelled: dict[str, dict[int, bool]]  # set -> candidate row -> same fact
    folds: tuple[str, ...]


def pair_table(records: dict[str, dict[str, object]], figure_of: dict[FigureKey, str], folds: tuple[str, ...]) -> PairTable:
    pairs = candidate_pairs(records)
    figure_ids = sorted(records)
    restatement_links = [(f, r["paired_figure_id"]) for f, r in records.items()
                         if r["is_restatement"] and r["paired_figure_id"] in records
                         and records[r["paired_figure_id"]]["normalized_unit"] == r["normalized_unit"]]
    sets = gold_sets(figure_of, folds)
    row_of = {pair: i for i, pair in enumerate(pairs)}
    labelled = {name: {row_of[(min(a, b), max(a, b))]: same for a, b, same in fold if a and b and (min(a, b), max(a, b)) in row_of}
                for name, fold in sets.items()}
    return PairTable(
        pairs, figure_ids, {f: i for i, f in enumerate(figure_ids)}, restatement_links,
        np.array([pair_features(records[a], records[b], TOLERANCE) for a, b in pairs]),
        np.array([values_agree(records[a], records[b], TOLERANCE) for a, b in pairs]),
        np.array([equal_values(records[a], records[b]) for a, b in pairs]),
        np.array([decides(records[a], records[b], TOLERANCE) for a, b in pairs]),
        np.array([linked(records[a], records[b], TOLERANCE) for a, b in pairs]), sets, labelled, folds)


def fit_on(table: PairTable, names: list[str], l2: float) -> tuple:
    """The scorer fitted on the labelled candidate pairs of `names` whose values agree."""
    by_row = {row: same for name in names for row, same in table.labelled[name].items() if table.agree[row]}  # a pair labelled twice counts once
    chosen = np.array(sorted(by_row))
    return fit_logistic(table.matrix[chosen], np.array([float(by_row[r]) for r in chosen]), l2)


def probabilities(table: PairTable, fit: tuple) -> np.ndarray:
    means, scales, weights, bias = fit
    return 1.0 / (1.0 + np.exp(-(((table.matrix - means) / scales) @ weights + bias)))


def claims_score(table: PairTable, link: np.ndarray, name: str) -> tuple[int, int, int, int]:
    """One set scored on the claims (connected groups) that these links make over the whole corpus."""
    chosen = [table.pairs[i] for i in np.flatnonzero(link)] + table.restatement_links
    group = components(table.figure_ids, table.index, chosen)
    return score_fold(table.sets[name], lambda a, b: group[table.index[a]] == group[table.index[b]])


def ways_of_linking(table: PairTable, passes: np.ndarray, modes: bool) -> dict[str, np.ndarray]:
    """Which candidate pairs link, for each way of using the score: alone on agreeing values (the rules for conflicts),
    and with `modes` on equal values only, as a gate on the rules, and added to them."""
    ways = {"score": np.where(table.agree, passes, table.rules)}
    if modes:
        ways |= {"score on equal values, rules the rest": np.where(table.equal, passes, table.rules),
                 "score on exact values, rules the rest": np.where(table.decided, passes, table.rules),
                 "rules gated by the score": table.rules & (~table.agree | passes),
                 "rules or the score": table.rules | (table.agree & passes)}
    return ways


def leave_one_set_out(table: PairTable, l2: float, modes: bool) -> dict[tuple[str, float], dict[str, tuple]]:
    """(how the score is used, threshold) -> set -> counts, each set scored by a scorer fitted on the other six."""
    counts: dict[tuple[str, float], dict[str, tuple]] = defaultdict(dict)
    for held_out in table.folds:
        chances = probabilities(table, fit_on(table, [n for n in table.folds if n != held_out], l2))
        for threshold in THRESHOLDS:
            for way, link in ways_of_linking(table, chances >= threshold, modes).items():
                counts[(way, threshold)][held_out] = claims_score(table, link, held_out)
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--polnear", type=Path, help="a PolNeAR warehouse (claims_polnear.py): add the cross-outlet pairs of "
                        f"{POLNEAR_GOLD} as two more folds")
    parser.add_argument("--sample", type=Path, help="a warehouse of data/raw alone: check the sample's four claims under the scorer")
    parser.add_argument("--write", action="store_true", help="fit on every set and write transforms/reference/claim_scorer.json")
    parser.add_argument("--min-precision", type=float, default=0.90)
    parser.add_argument("--l2", type=float, default=L2, help="the L2 penalty of the fit")
    parser.add_argument("--modes", action="store_true", help="also measure the score on every agreeing pair, as a gate on the rules, and added to them")
    parser.add_argument("--threshold", type=float, help="print every set at this threshold (default: the one picked)")
    parser.add_argument("--blind", type=Path, help="also score this labelled set, never trained on, with the scorer fitted on every fold")
    args = parser.parse_args()
    started = time.perf_counter()
    records, figure_of = load_records(args.warehouse)
    folds = BBC_FOLDS
    if args.polnear is not None:
        more_records, more_figures = load_records(args.polnear)
        records, figure_of, folds = {**records, **more_records}, {**figure_of, **more_figures}, BBC_FOLDS + POLNEAR_FOLDS
    if args.sample is not None:
        sample_records, sample_figures = load_records(args.sample)
        records, figure_of = {**records, **sample_records}, {**figure_of, **sample_figures}
    table = pair_table(records, figure_of, folds)
    print(f"{len(records)} figures, {len(table.pairs)} candidate pairs ({int(table.agree.sum())} agreeing, {int(table.equal.sum())} equal), "
          f"rules link {int(table.rules.sum())}; {time.perf_counter() - started:.0f}s")
    for name in folds:
        print(f"  {name}: {len(table.sets[name])} labelled pairs, {len(table.labelled[name])} among the candidates "
              f"({sum(table.labelled[name].values())} same fact; {sum(s for _, _, s in table.sets[name])} same fact in the set)")
    warehouse_claim = {f: r.get("warehouse_claim_id") for f, r in records.items()}
    rule_counts = {name: score_fold(table.sets[name], lambda a, b: warehouse_claim.get(a) is not None and warehouse_claim.get(a) == warehouse_claim.get(b))
                   for name in folds}
    counts = leave_one_set_out(table, args.l2, args.modes)
    best = pick_threshold({t: c for (way, t), c in counts.items() if way == "score"}, args.min_precision)
    shown = best if args.threshold is None else args.threshold
    report(rule_counts, counts, shown, folds)
    print(f"\nthreshold with pooled leave-one-set-out precision >= {args.min_precision}: {best}")
    if args.blind is not None:
        report_blind_set(table, records, figure_of, args.blind, args.l2, shown)
    if args.sample is not None and shown is not None:
        report_sample(table, records, figure_of, fit_on(table, list(folds), args.l2), shown)
    if args.write and best is not None:
        write_scorer(fit_on(table, list(folds), args.l2), best, args, read_warehouse(args.warehouse).code_version, folds)


def report_sample(table: PairTable, records: dict[str, dict[str, object]], figure_of: dict[FigureKey, str], fit: tuple,
                  threshold: float) -> None:
    """The sample's four cross-source claims under each way of using the scorer fitted on every fold: whether each claim
    holds exactly its figures (restatements aside), as `claims.check_sample` asks of the product, and each pair's score."""
    chances = probabilities(table, fit)
    row_of = {pair: i for i, pair in enumerate(table.pairs)}
    print(f"\nSample claims under the scorer (threshold {threshold}); pair scores:")
    for what, keys, _ in SAMPLE_CLAIMS:
        ids = [figure_of.get(key) for key in keys]
        scores = [f"{chances[row_of[(min(a, b), max(a, b))]]:.2f}" if a and b and (min(a, b), max(a, b)) in row_of else "not compared"
                  for position, a in enumerate(ids) for b in ids[position + 1:]]
        print(f"  {what}: {', '.join(scores)}")
    for way, link in ways_of_linking(table, chances >= threshold, True).items():
        chosen = [table.pairs[i] for i in np.flatnonzero(link)] + table.restatement_links
        group = components(table.figure_ids, table.index, chosen)
        verdicts = []
        for what, keys, _ in SAMPLE_CLAIMS:
            ids = [figure_of.get(key) for key in keys]
            members = {f for f in table.figure_ids if None not in ids and group[table.index[f]] == group[table.index[ids[0]]]
                       and not records[f]["is_restatement"]}
            verdicts.append("ok" if None not in ids and members == set(ids) else f"FAIL ({len(members)} figures)")
        print(f"  {way}: {', '.join(verdicts)}")


def report_blind_set(table: PairTable, records: dict, figure_of: dict[FigureKey, str], path: Path, l2: float, threshold: float) -> None:
    """A set labelled after the scorer's folds (a blind draw): the rules and each way of using a scorer fitted on every fold."""
    gold = read_gold(path)
    gold = gold[gold["same_fact"].isin(["yes", "no"])]
    table.sets[path.name] = [(figure_of.get(_keys(row, "a")), figure_of.get(_keys(row, "b")), row["same_fact"] == "yes") for _, row in gold.iterrows()]
    warehouse_claim = {f: r.get("warehouse_claim_id") for f, r in records.items()}
    print(f"\nblind set {path.name}, scorer fitted on every fold, threshold {threshold}:")
    print(f"  rules {_pr(score_fold(table.sets[path.name], lambda a, b: warehouse_claim.get(a) is not None and warehouse_claim.get(a) == warehouse_claim.get(b)))}")
    passes = probabilities(table, fit_on(table, list(table.folds), l2)) >= threshold
    for way, link in ways_of_linking(table, passes, True).items():
        print(f"  {way}: {_pr(claims_score(table, link, path.name))}")


def write_scorer(fit: tuple, threshold: float, args: argparse.Namespace, code_version: str, folds: tuple[str, ...]) -> None:
    means, scales, weights, bias = fit
    SCORER_PATH.write_text(json.dumps({
        "feature_names": list(PAIR_FEATURES), "means": means.tolist(), "scales": scales.tolist(), "weights": weights.tolist(),
        "bias": bias, "threshold": threshold, "fitted_on": "labelled candidate pairs whose values agree", "l2": args.l2, "tolerance": TOLERANCE, "trained_on": list(folds),
        "trained_at": time.strftime("%Y-%m-%d"), "warehouse_code_version": code_version,
    }, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {SCORER_PATH}")


def pooled(counts: dict[str, tuple]) -> tuple[int, int, int, int]:
    return tuple(sum(c[i] for c in counts.values()) for i in range(4))


def pick_threshold(counts: dict[float, dict[str, tuple]], min_precision: float) -> float | None:
    """The threshold of the highest pooled recall whose pooled precision is at least `min_precision`."""
    ok = [(pooled(c)[2] / pooled(c)[3], t) for t, c in counts.items() if pooled(c)[1] and pooled(c)[0] / pooled(c)[1] >= min_precision]
    return max(ok)[1] if ok else None


def _pr(c: tuple) -> str:
    return f"{c[0] / c[1]:.3f} ({c[0]}/{c[1]}) / {c[2] / c[3]:.3f} ({c[2]}/{c[3]})" if c[1] and c[3] else "n/a"


def report(rule_counts: dict[str, tuple], counts: dict[tuple[str, float], dict[str, tuple]], shown: float | None, folds: tuple[str, ...]) -> None:
    print(f"\nPooled over the {len(folds)} sets, precision / recall (leave-one-set-out for the score):")
    print(f"  rules (the warehouse's claims; in-sample but for the sets labelled after the code): {_pr(pooled(rule_counts))}")
    for (way, threshold), by_set in sorted(counts.items()):
        print(f"  {way} at {threshold:.3f}: {_pr(pooled(by_set))}")
    if shown is None:
        return
    print(f"\nPer set at {shown}: rules | each way of using the score, precision / recall")
    for name in folds:
        print(f"  {name:32} rules {_pr(rule_counts[name])}")
        for (way, threshold), by_set in sorted(counts.items()):
            if threshold == shown:
                print(f"      {way}: {_pr(by_set[name])}")


if __name__ == "__main__":
    main()
