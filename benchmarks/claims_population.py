"""What a fresh random sample of BBC multi-article claims would show, from every label we hold.

Each blind draw (`claims.py --draw`) leaves out the pairs earlier gold sets labelled, so after six draws it samples
only the claims no set has read: the hardest part of the population, while a judge sampling the product's claims
at random sees all of them. This script scores the whole population of multi-article claims instead. For each
claim it takes its cross-article pairs (as the draw does: two different articles, not an article and its
`duplicate_of`), looks each pair up in every `claims_bbc_pairs*.csv`, and gives the chance that one pair drawn at
random from the claim is the same fact: labelled pairs count as labelled, unlabelled pairs at `--unlabelled-rate`
(the precision of the latest blind draw on the same code). The mean over claims is the expected multi-article
claim precision of a fresh draw of the whole population. It also counts the claims by what is known of them; a claim
whose only cross-article pairs join an article to its republished version is not in that mean, as the draw never
samples it; a judge sampling every multi-article claim does, so a second mean takes them in, scored by the guideline
(benchmarks/gold/README.md: the same sentence in two versions of a story is the same fact): a pair whose two figures
stand in the same sentence, spaces aside, counts as the same fact, any other pair at `--unlabelled-rate`.

Usage: .venv/bin/python benchmarks/claims_population.py --warehouse DIR --unlabelled-rate P
"""
from __future__ import annotations

import argparse
from collections import Counter, defaultdict
from pathlib import Path

from claims import GOLD_DIR, FigureKey, Warehouse, _figures_to_draw, _keys, read_gold, read_warehouse, sentence_of


def pair_labels(warehouse: Warehouse) -> dict[frozenset[FigureKey], bool]:
    """Same-fact labels of every gold pair set, keyed by its two figures; a duplicate file reads as the article it repeats."""
    def canonical(key: FigureKey) -> FigureKey:
        return (warehouse.duplicate_files.get(key[0], key[0]), key[1], key[2])

    labels: dict[frozenset[FigureKey], bool] = {}
    for path in sorted(GOLD_DIR.glob("claims_bbc_pairs*.csv")):
        for _, row in read_gold(path).iterrows():
            if row["same_fact"] in ("yes", "no"):
                labels[frozenset((canonical(_keys(row, "a")), canonical(_keys(row, "b"))))] = row["same_fact"] == "yes"
    return labels


def claim_pair_chances(
    members: dict[str, list[dict]], near_duplicate: set[frozenset[str]], labels: dict[frozenset[FigureKey], bool],
    unlabelled_rate: float,
) -> tuple[list[float], Counter]:
    """Per multi-article claim, the chance a random cross-article pair is one fact; and the claims counted by what is known."""
    chances: list[float] = []
    known: Counter = Counter()
    for group in members.values():
        pairs = [frozenset((a["key"], b["key"])) for i, a in enumerate(group) for b in group[i + 1 :]
                 if a["article_id"] != b["article_id"] and frozenset((a["article_id"], b["article_id"])) not in near_duplicate]
        if not pairs:
            known["only an article and its republished version (not scored)"] += 1
            continue
        found = [labels[pair] for pair in pairs if pair in labels]
        chances.append((sum(found) + unlabelled_rate * (len(pairs) - len(found))) / len(pairs))
        if not found:
            known["no pair labelled"] += 1
        elif not all(found):
            known["a pair labelled not the same fact"] += 1
        elif len(found) == len(pairs):
            known["every pair labelled the same fact"] += 1
        else:
            known["pairs labelled the same fact, others unlabelled"] += 1
    return chances, known


def republished_chances(members: dict[str, list[dict]], near_duplicate: set[frozenset[str]], bodies: dict[str, str],
                         unlabelled_rate: float) -> list[float]:
    """Per claim whose only cross-article pairs join an article to its republished version, the chance a random one of
    them is one fact: the same sentence in both versions is (the guideline), any other pair at `unlabelled_rate`."""
    def sentence(figure: dict) -> str:
        return " ".join(sentence_of(bodies[figure["article_id"]], int(figure["start_char"]), int(figure["end_char"])).split())

    chances = []
    for group in members.values():
        pairs = [(a, b) for i, a in enumerate(group) for b in group[i + 1 :] if a["article_id"] != b["article_id"]]
        if pairs and all(frozenset((a["article_id"], b["article_id"])) in near_duplicate for a, b in pairs):
            chances.append(sum(1.0 if sentence(a) == sentence(b) else unlabelled_rate for a, b in pairs) / len(pairs))
    return chances


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--warehouse", type=Path, required=True, help="a BBC warehouse written by `newsfacts run`")
    parser.add_argument("--unlabelled-rate", type=float, required=True,
                        help="precision of the latest blind draw on the same code, for the pairs no set labelled")
    args = parser.parse_args()
    warehouse = read_warehouse(args.warehouse)
    articles = warehouse.articles
    near_duplicate = {frozenset((a, d)) for a, d in zip(articles["article_id"], articles["duplicate_of"]) if isinstance(d, str)}
    multi = set(warehouse.claims.loc[warehouse.claims["n_articles"] > 1, "claim_id"])
    members: dict[str, list[dict]] = defaultdict(list)
    for figure in _figures_to_draw(args.warehouse, warehouse):
        if figure["claim_id"] in multi:
            members[figure["claim_id"]].append(figure)
    labels = pair_labels(warehouse)
    chances, known = claim_pair_chances(members, near_duplicate, labels, args.unlabelled_rate)
    print(f"warehouse {args.warehouse}, written by {warehouse.code_version}; {len(labels)} labelled pairs")
    print(f"multi-article claims with a cross-article pair: {len(chances)}")
    for what, count in known.most_common():
        print(f"  {what}: {count}")
    expected = sum(chances) / len(chances) if chances else float("nan")
    print(f"expected multi-article claim precision of a fresh draw of all of them (unlabelled pairs at "
          f"{args.unlabelled_rate:.3f}): {expected:.3f}")
    bodies = dict(zip(articles["article_id"], articles["body_text"]))
    republished = republished_chances(members, near_duplicate, bodies, args.unlabelled_rate)
    every = chances + republished
    print(f"with the {len(republished)} claims of republished versions only (the same sentence is the same fact, other pairs at "
          f"{args.unlabelled_rate:.3f}; they score {sum(republished) / max(1, len(republished)):.3f}): expected precision of a draw "
          f"of every multi-article claim {sum(every) / len(every):.3f} ({len(every)} claims)" if every else "no claim")
    scored = len(chances)
    clean = scored - known["a pair labelled not the same fact"]
    print(f"claims with no pair labelled not the same fact (a claim read whole, its unlabelled pairs aside): "
          f"{clean / scored:.3f} ({clean}/{scored})" if scored else "no claim to score")


if __name__ == "__main__":
    main()
