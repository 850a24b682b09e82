"""The learned claim pair scorer: the shipped weights match the features, the guards hold whatever the score, the
evidence is symmetric, and the fit learns what the labels say."""

from __future__ import annotations

import json
from dataclasses import replace

import numpy as np
import pytest

from transforms.aggregate.claim_scorer import (
    PAIR_FEATURES,
    SCORER_PATH,
    fit_logistic,
    load_claim_scorer,
    may_link,
    pair_features,
)

STORY_WORDS = frozenset({"unison", "strike", "pension", "worker", "ballot", "union", "council", "government"})
ENTITIES = frozenset({"ent:Unison", "ent:UK", "ent:Dave Prentis"})


def record(**changes: object) -> dict[str, object]:
    """A figure as `claims._as_records` gives it: Unison's 800,000 workers balloted."""
    base: dict[str, object] = {
        "figure_id": "f1", "article_id": "a1", "dimension": "count", "normalized_unit": "count", "normalized_low": 800_000.0,
        "normalized_high": 800_000.0, "qualifier": "exact", "counted_object": "workers", "object_class": "worker",
        "anchor_entity_id": "ent:Unison", "subject_entity_id": "ent:Unison", "context": frozenset({"ent:Unison"}),
        "words": frozenset({"unison", "worker", "ballot", "pension"}), "local": frozenset({"unison", "worker", "ballot"}),
        "neighbour_words": ["unison", "worker"], "sentence_position": "1/1", "story": STORY_WORDS, "entities": ENTITIES,
        "period_key": None,
    }
    return base | changes


def test_the_shipped_scorer_loads_with_the_current_features() -> None:
    scorer = load_claim_scorer()
    assert scorer.feature_names == PAIR_FEATURES
    assert len(scorer.weights) == len(scorer.means) == len(scorer.scales) == len(PAIR_FEATURES)
    assert 0.0 < scorer.threshold < 1.0
    trained = json.loads(SCORER_PATH.read_text(encoding="utf-8"))
    assert trained["trained_on"] and trained["trained_at"]  # what it was fitted on travels with the weights


def test_a_scorer_of_other_features_is_refused(tmp_path) -> None:
    trained = json.loads(SCORER_PATH.read_text(encoding="utf-8"))
    renamed = trained | {"feature_names": ["renamed", *trained["feature_names"][1:]]}
    (tmp_path / "renamed.json").write_text(json.dumps(renamed), encoding="utf-8")
    with pytest.raises(ValueError, match="renamed"):
        load_claim_scorer(tmp_path / "renamed.json")
    reordered = trained | {"feature_names": trained["feature_names"][::-1]}
    (tmp_path / "reordered.json").write_text(json.dumps(reordered), encoding="utf-8")
    with pytest.raises(ValueError, match="order"):
        load_claim_scorer(tmp_path / "reordered.json")
    with pytest.raises(FileNotFoundError):
        load_claim_scorer(tmp_path / "missing.json")


def test_pair_features_are_one_per_name_and_symmetric() -> None:
    a = record()
    b = record(figure_id="f2", article_id="a2", normalized_low=780_000.0, normalized_high=780_000.0, qualifier="approximately",
               words=frozenset({"unison", "worker", "strike"}), period_key="2005-01")
    assert len(pair_features(a, b, 0.10)) == len(PAIR_FEATURES)
    assert pair_features(a, b, 0.10) == pair_features(b, a, 0.10)


def test_the_guards_hold_whatever_the_score() -> None:
    a, b = record(), record(figure_id="f2", article_id="a2")
    assert may_link(a, b)
    assert not may_link(a, record(figure_id="f2"))  # one article
    assert not may_link(a, record(figure_id="f2", article_id="a2", entities=frozenset({"ent:Unison"})))  # too few shared entities
    assert not may_link(record(period_key="2004"), record(figure_id="f2", article_id="a2", period_key="2005"))
    other_subject = record(figure_id="f2", article_id="a2", subject_entity_id="ent:Amicus", context=frozenset({"ent:Amicus"}),
                           sentence_position="2/2")
    assert not may_link(a, other_subject)
    scorer = load_claim_scorer()
    always = replace(scorer, threshold=0.0)
    assert always.links(a, b, 0.10) and not always.links(a, record(figure_id="f2"), 0.10)


def test_the_shipped_scorer_prefers_one_figure_republished_to_another_number() -> None:
    scorer = load_claim_scorer()
    republished = scorer.score(record(), record(figure_id="f2", article_id="a2"), 0.10)
    another = scorer.score(record(), record(figure_id="f2", article_id="a2", normalized_low=700_000.0, normalized_high=700_000.0,
                                            counted_object="members", object_class="member", words=frozenset({"amicus", "member"}),
                                            local=frozenset({"member", "vote"}), neighbour_words=["member", "vote"]), 0.10)
    assert republished >= scorer.threshold > another


def test_the_fit_learns_the_sign_of_the_evidence_and_ignores_a_constant() -> None:
    rng = np.random.default_rng(3)
    evidence = rng.normal(size=400)
    labels = (evidence + rng.normal(scale=0.5, size=400) > 0).astype(float)
    features = np.column_stack([evidence, np.ones(400)])
    means, scales, weights, bias = fit_logistic(features, labels, l2=1.0)
    assert weights[0] > 1.0 and weights[1] == 0.0 and scales[1] == 1.0
    assert abs(bias) < 0.5
    with pytest.raises(ValueError):
        fit_logistic(features, np.ones(400))
