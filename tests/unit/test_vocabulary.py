"""The words callprep names once (callprep.vocabulary) agree with the extractor's own."""

import nlp.model
from callprep import vocabulary


def test_fact_kinds_are_the_extractors_fact_kinds():
    assert vocabulary.FACT_KINDS == nlp.model.FACT_KINDS
