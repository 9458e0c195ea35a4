"""Marketing's glossary: canonical topics and their synonyms. It wins over discovered phrases;
changing it makes stored analyses stale until they are recomputed (backfill)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

import nlp
from callprep.errors import InvalidInput
from callprep.models import GlossaryTerm


def glossary_entries(session: Session) -> list[dict[str, Any]]:
    terms = session.scalars(select(GlossaryTerm).order_by(GlossaryTerm.topic))
    return [{"topic": term.topic, "synonyms": list(term.synonyms)} for term in terms]


def replace_glossary(session: Session, entries: Sequence[Mapping[str, Any]]) -> nlp.Glossary:
    """Replace the whole glossary; invalid entries are refused before anything changes."""
    try:
        glossary = nlp.Glossary.from_entries(entries)
    except ValueError as error:
        raise InvalidInput(str(error), errors={"entries": [str(error)]}) from error
    session.execute(delete(GlossaryTerm))
    session.add_all(
        GlossaryTerm(topic=entry.topic, synonyms=list(entry.synonyms)) for entry in glossary.entries
    )
    session.flush()
    return glossary
