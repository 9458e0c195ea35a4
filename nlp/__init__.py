"""callprep's language layer: topics and facts from titles and comments, as a plain library."""

from importlib import import_module
from typing import Any

from nlp.glossary import Glossary
from nlp.model import FACT_KINDS, TEXT_KINDS, Analysis, Fact, Topic
from nlp.version import EXTRACTOR_VERSION

# Imported on first use, not with the package: importing spaCy costs a process about 80 MB
# before any pipeline is loaded, and a web worker that only serves briefs never needs it.
_WITH_SPACY = {
    "analyse_docs": "nlp.analyse",
    "analyse_texts": "nlp.analyse",
    "extract_facts": "nlp.analyse",
    "extract_topics": "nlp.analyse",
    "PipelineNotFound": "nlp.pipeline",
    "load_pipeline": "nlp.pipeline",
    "version_stamp": "nlp.pipeline",
    "Vendors": "nlp.vendors",
}

__all__ = [
    "EXTRACTOR_VERSION",
    "FACT_KINDS",
    "TEXT_KINDS",
    "Analysis",
    "Fact",
    "Glossary",
    "PipelineNotFound",
    "Topic",
    "Vendors",
    "analyse_docs",
    "analyse_texts",
    "extract_facts",
    "extract_topics",
    "load_pipeline",
    "version_stamp",
]


def __getattr__(name: str) -> Any:
    if name not in _WITH_SPACY:
        raise AttributeError(f"module 'nlp' has no attribute {name!r}")
    value = getattr(import_module(_WITH_SPACY[name]), name)
    globals()[name] = value
    return value
