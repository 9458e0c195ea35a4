"""Settings are read in callprep.config only, and reach the code that uses them."""

import pytest

import nlp
from callprep.config import inspec_path, spacy_pipeline
from callprep.ingest.analysis import analysis_version


def test_the_spacy_pipeline_setting_is_a_name_or_nlps_default():
    assert spacy_pipeline({"CALLPREP_SPACY_MODEL": " my_pipeline "}) == "my_pipeline"
    assert spacy_pipeline({"CALLPREP_SPACY_MODEL": " "}) is None
    assert spacy_pipeline({}) is None


def test_the_spacy_pipeline_setting_reaches_nlp(monkeypatch):
    monkeypatch.setenv("CALLPREP_SPACY_MODEL", "no_such_pipeline_xyz")
    with pytest.raises(nlp.PipelineNotFound) as info:
        analysis_version(nlp.Glossary.from_entries([]))
    assert "no_such_pipeline_xyz" in str(info.value)


def test_the_inspec_path_setting():
    assert inspec_path({"CALLPREP_INSPEC_PATH": "/data/inspec.jsonl"}) == "/data/inspec.jsonl"
    assert inspec_path({}) is None
