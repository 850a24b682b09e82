"""A pair scorer learned from labelled pairs (BBC; PolNeAR across outlets): how likely two figures are one fact.

Six rounds of hand-written word rules raised the pairs they were written on and never carried over to the next blind
draw. The scorer weighs the evidence the rules read (values as intervals, counted objects, anchor and subject entities,
periods, the words of the sentence and beside the figure, the story) with weights fitted by an L2-penalised logistic
regression on every labelled pair (`benchmarks/claims_train.py`, which writes `claim_scorer.json` under
transforms/reference/ with its threshold, picked by leave-one-set-out over the labelled sets: eight BBC draws and two
folds of PolNeAR pairs across outlets).

**Where it decides** (`decides`): `claims.assign_claims`, given a scorer, lets it decide the pairs whose values agree and
are both written without a qualifier ("$6.75bn" / "$6.75bn", "1,237" / "1,237"); every other pair (a qualified value
such as "approximately 12,000" or "over $56.2 billion", and every disagreement, i.e. a conflict) stays with the rules.
The labels hold hundreds of exact pairs but few qualified pairs of one fact written by different outlets in their own
words (the sample's kind): the scorer, fitted mostly on one outlet republishing itself, splits three of the sample's four
cross-outlet claims when it decides those too (docs/accuracy.md, "Claims", seventh and eighth rounds).

Guarantees:
- a pair's score depends on the two figures' stored features only (`claims.figure_claim_features`), so links decided by
  it stay pairwise and claims would still grow by appending;
- `may_link` holds the hard guards no score overrides: two articles that share `MIN_SHARED_STORY_ENTITIES` entities
  (what the archive reads back for a new figure), periods that do not differ and subjects that do not differ;
- a scorer whose feature list is not `PAIR_FEATURES`, in order, is refused when it is loaded: a renamed or reordered
  feature would silently score with the wrong weights.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from transforms.aggregate.claim_context import overlap
from transforms.aggregate.claim_rules import (
    MIN_SHARED_STORY_ENTITIES,
    agree_as_written,
    REPUBLISHED_OVERLAP,
    SAME_LOCAL_OVERLAP,
    count_below,
    different_objects,
    different_subjects,
    distinctive,
    equal_values,
    figures_in_sentence,
    market_quote,
    one_rounding,
    one_story,
    ratio,
    same_count_of_one_object,
    same_value,
    small_count,
    two_limits,
    values_agree,
)
from transforms.extract.periods import periods_differ
from transforms.reference import REFERENCE_DIR

SCORER_PATH = REFERENCE_DIR / "claim_scorer.json"
# The value ratio is read on a log scale and capped: beyond this many factors of ten the pair never shares a block.
MAX_LOG_RATIO = 1.0
# The evidence of a pair, in the order of the weights. Renaming one asks for retraining (`load_claim_scorer` refuses).
PAIR_FEATURES = (
    "values_agree", "agree_as_written", "equal_values", "one_rounding", "log_value_ratio_exact", "log_value_ratio_qualified", "both_distinctive", "same_distinctive_value",
    "qualified", "two_limits", "small_count", "count_below_100", "is_count", "is_currency", "is_percent", "is_duration",
    "same_object_class", "different_object_class", "one_object_unnamed", "counted_object_word_overlap",
    "same_count_of_one_object", "shared_anchor", "different_anchors", "same_subject", "anchor_in_other_context",
    "context_entity_overlap", "same_period", "one_period_unknown", "sentence_overlap", "local_overlap",
    "neighbour_word_shared", "same_sentence_position", "same_figure_count_in_sentence", "story_term_overlap",
    "story_entity_overlap", "shared_story_entities_log", "one_story", "market_quote",
)


def may_link(a: dict[str, object], b: dict[str, object]) -> bool:
    """The guards no score overrides: different articles sharing entities, periods and subjects that do not differ
    (a subject read at the same place of one sentence republished is one entity linking split)."""
    if a["article_id"] == b["article_id"] or len(a["entities"] & b["entities"]) < MIN_SHARED_STORY_ENTITIES:
        return False
    if periods_differ(a["period_key"], b["period_key"]):
        return False
    if different_subjects(a, b):
        same_place = a["sentence_position"] == b["sentence_position"] and overlap(a["local"], b["local"]) >= SAME_LOCAL_OVERLAP
        return same_place and overlap(a["words"], b["words"]) >= REPUBLISHED_OVERLAP
    return True


def decides(a: dict[str, object], b: dict[str, object], tolerance: float) -> bool:
    """Whether the score decides this pair: the values agree and both are written without a qualifier."""
    return a["qualifier"] == "exact" and b["qualifier"] == "exact" and values_agree(a, b, tolerance)


def pair_features(a: dict[str, object], b: dict[str, object], tolerance: float) -> list[float]:
    """The evidence of `PAIR_FEATURES` for two figure records (as `claims._as_records` builds them), symmetric in a and b."""
    low_a, low_b = float(a["normalized_low"]), float(b["normalized_low"])
    value_ratio = ratio(float(a["normalized_high"]), float(b["normalized_high"]))
    log_ratio = min(MAX_LOG_RATIO, math.log10(value_ratio)) if math.isfinite(value_ratio) else MAX_LOG_RATIO
    class_a, class_b = a["object_class"], b["object_class"]
    anchor_a, anchor_b = a["anchor_entity_id"], b["anchor_entity_id"]
    subject_a, subject_b = a["subject_entity_id"], b["subject_entity_id"]
    dimension = str(a["dimension"])
    both_exact = a["qualifier"] == "exact" and b["qualifier"] == "exact"
    evidence = {
        "values_agree": values_agree(a, b, tolerance),
        "equal_values": equal_values(a, b),
        "one_rounding": one_rounding(a, b, tolerance),
        "agree_as_written": agree_as_written(a, b, tolerance),
        # Two exact numbers that differ are two facts more often than a qualified one ("approximately 12,000") and another.
        "log_value_ratio_exact": log_ratio if both_exact else 0.0,
        "log_value_ratio_qualified": 0.0 if both_exact else log_ratio,
        "both_distinctive": distinctive(low_a) and distinctive(low_b),
        "same_distinctive_value": same_value(a, b),
        "qualified": a["qualifier"] != "exact" or b["qualifier"] != "exact",
        "two_limits": two_limits(a, b),
        "small_count": small_count(a) or small_count(b),
        "count_below_100": count_below(a, 100) or count_below(b, 100),
        "is_count": dimension == "count",
        "is_currency": dimension == "currency",
        "is_percent": dimension in ("percent", "percentage_point"),
        "is_duration": dimension == "duration",
        "same_object_class": class_a is not None and class_a == class_b,
        "different_object_class": different_objects(a, b),
        "one_object_unnamed": (class_a is None) != (class_b is None),
        "counted_object_word_overlap": overlap(_object_words(a), _object_words(b)),
        "same_count_of_one_object": same_count_of_one_object(a, b),
        "shared_anchor": anchor_a is not None and anchor_a == anchor_b,
        "different_anchors": anchor_a is not None and anchor_b is not None and anchor_a != anchor_b,
        "same_subject": subject_a is not None and subject_a == subject_b,
        "anchor_in_other_context": (anchor_a is not None and anchor_a in b["context"]) or (anchor_b is not None and anchor_b in a["context"]),
        "context_entity_overlap": overlap(a["context"], b["context"]),
        "same_period": a["period_key"] is not None and a["period_key"] == b["period_key"],
        "one_period_unknown": (a["period_key"] is None) != (b["period_key"] is None),
        "sentence_overlap": overlap(a["words"], b["words"]),
        "local_overlap": overlap(a["local"], b["local"]),
        "neighbour_word_shared": bool(set(a["neighbour_words"]) & set(b["neighbour_words"])),
        "same_sentence_position": a["sentence_position"] == b["sentence_position"],
        "same_figure_count_in_sentence": figures_in_sentence(a) == figures_in_sentence(b),
        "story_term_overlap": overlap(a["story"], b["story"]),
        "story_entity_overlap": overlap(a["entities"], b["entities"]),
        "shared_story_entities_log": math.log1p(len(a["entities"] & b["entities"])),
        "one_story": one_story(a, b),
        "market_quote": market_quote(a) or market_quote(b),
    }
    return [float(evidence[name]) for name in PAIR_FEATURES]


def _object_words(record: dict[str, object]) -> frozenset[str]:
    counted = record["counted_object"]
    return frozenset(counted.lower().split()) if isinstance(counted, str) else frozenset()


@dataclass(frozen=True)
class ClaimScorer:
    """A fitted logistic regression over standardised `PAIR_FEATURES`, and the score from which two figures link."""

    feature_names: tuple[str, ...]
    means: tuple[float, ...]
    scales: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float

    def score(self, a: dict[str, object], b: dict[str, object], tolerance: float) -> float:
        """The chance, as fitted on the labels, that the two figures are one fact."""
        return float(self.probabilities(np.array([pair_features(a, b, tolerance)]))[0])

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        standardised = (features - np.array(self.means)) / np.array(self.scales)
        return 1.0 / (1.0 + np.exp(-(standardised @ np.array(self.weights) + self.bias)))

    def links(self, a: dict[str, object], b: dict[str, object], tolerance: float) -> bool:
        return may_link(a, b) and self.score(a, b, tolerance) >= self.threshold


def load_claim_scorer(path: Path = SCORER_PATH) -> ClaimScorer:
    """The scorer written by `benchmarks/claims_train.py`; refused when its features are not `PAIR_FEATURES`."""
    stored = json.loads(Path(path).read_text(encoding="utf-8"))
    names = tuple(stored["feature_names"])
    if names != PAIR_FEATURES:
        raise ValueError(f"{path} was trained on other features than PAIR_FEATURES (retrain with benchmarks/claims_train.py): "
                         f"{sorted(set(names) ^ set(PAIR_FEATURES)) or 'same names, another order'}")
    return ClaimScorer(names, tuple(stored["means"]), tuple(stored["scales"]), tuple(stored["weights"]), float(stored["bias"]),
                       float(stored["threshold"]))


def fit_logistic(features: np.ndarray, labels: np.ndarray, l2: float = 1.0, iterations: int = 50) -> tuple[np.ndarray, np.ndarray, np.ndarray, float]:
    """(means, scales, weights, bias) of an L2-penalised logistic regression fitted by Newton's method (IRLS) on
    standardised features; the bias is not penalised. A constant column gets scale 1 and weight 0."""
    if len(features) != len(labels) or len(set(labels.tolist())) < 2:
        raise ValueError("need as many labels as rows, and both classes")
    means = features.mean(axis=0)
    scales = features.std(axis=0)
    scales[scales == 0] = 1.0
    design = np.hstack([(features - means) / scales, np.ones((len(features), 1))])
    penalty = np.full(design.shape[1], l2)
    penalty[-1] = 0.0
    coefficients = np.zeros(design.shape[1])
    for _ in range(iterations):
        chances = 1.0 / (1.0 + np.exp(-design @ coefficients))
        gradient = design.T @ (chances - labels) + penalty * coefficients
        hessian = (design * (chances * (1 - chances))[:, None]).T @ design + np.diag(penalty) + 1e-9 * np.eye(design.shape[1])
        step = np.linalg.solve(hessian, gradient)
        coefficients -= step
        if np.max(np.abs(step)) < 1e-8:
            break
    return means, scales, coefficients[:-1], float(coefficients[-1])


def scorer_from_fit(fit: tuple[np.ndarray, np.ndarray, np.ndarray, float], threshold: float,
                    feature_names: Sequence[str] = PAIR_FEATURES) -> ClaimScorer:
    means, scales, weights, bias = fit
    return ClaimScorer(tuple(feature_names), tuple(map(float, means)), tuple(map(float, scales)), tuple(map(float, weights)), bias, threshold)
