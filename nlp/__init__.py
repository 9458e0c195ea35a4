"""callprep's language layer: topics and facts from titles and comments, as a plain library."""

from nlp.analyse import analyse_docs, analyse_texts, extract_facts, extract_topics
from nlp.glossary import Glossary
from nlp.model import FACT_KINDS, TEXT_KINDS, Analysis, Fact, Topic
from nlp.pipeline import PipelineNotFound, load_pipeline, version_stamp
from nlp.vendors import Vendors
from nlp.version import EXTRACTOR_VERSION

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
