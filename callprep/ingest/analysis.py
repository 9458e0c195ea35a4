"""Topics and facts at ingest: each distinct text is analysed once per extractor version and
glossary, and each lead's topics and facts are kept up to date, so a brief never runs NLP.

Stored results carry a version (the nlp stamp plus the glossary fingerprint); when either
changes, `backfill` recomputes the stale texts and rebuilds the affected leads."""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from sqlalchemy import delete, func, or_, select
from sqlalchemy.orm import Session

import nlp
from callprep.config import spacy_pipeline
from callprep.db import upsert_ignoring_conflicts, utcnow
from callprep.leads.topic_weights import add_log_weights, mention_log_weight
from callprep.models import GlossaryTerm, Interaction, Lead, LeadFact, LeadTopic, TextAnalysis
from callprep.spoken_time import resolve_time_ref

# How many of a topic's interactions a lead keeps as evidence (newest first).
EVIDENCE_PER_TOPIC = 10


def content_hash(kind: str, text: str) -> str:
    return hashlib.sha256(f"{kind}\x00{text}".encode()).hexdigest()


def warm_up() -> None:
    """Load the spaCy pipeline and the extractor's word lists now, as a process that will
    analyse starts, so the first hand-raise after a start is analysed (and its owner
    alerted) in well under a second instead of after a 5-15 s load."""
    for kind in nlp.TEXT_KINDS:
        nlp.analyse_texts(
            ["Can someone call me about pricing for 20 seats?"],
            kind,
            nlp.Glossary.from_entries([]),
            pipeline=spacy_pipeline(),
        )


def current_glossary(session: Session) -> nlp.Glossary:
    terms = session.scalars(select(GlossaryTerm).order_by(GlossaryTerm.topic)).all()
    return nlp.Glossary.from_entries(
        [{"topic": term.topic, "synonyms": list(term.synonyms)} for term in terms]
    )


def analysis_version(glossary: nlp.Glossary) -> str:
    return f"{nlp.version_stamp(pipeline=spacy_pipeline())}|glossary:{glossary.fingerprint}"


def _texts_of(interaction: Interaction) -> Iterator[tuple[str, str]]:
    if interaction.title and interaction.title.strip() and not interaction.title_is_name:
        yield "title", interaction.title
    if interaction.comment and interaction.comment.strip():
        yield "comment", interaction.comment


def ensure_analyses(
    session: Session, texts: Iterable[tuple[str, str]], glossary: nlp.Glossary
) -> dict[str, TextAnalysis]:
    """Analysis rows for (kind, text) pairs, by content hash; only new or stale texts are run
    through spaCy, in one nlp.pipe batch per kind."""
    version = analysis_version(glossary)
    wanted = {content_hash(kind, text): (kind, text) for kind, text in texts}
    if not wanted:
        return {}
    found = {
        row.content_hash: row
        for row in session.scalars(
            select(TextAnalysis).where(TextAnalysis.content_hash.in_(list(wanted)))
        )
    }
    todo = [digest for digest in wanted if digest not in found or found[digest].version != version]
    new_rows = []
    for kind in nlp.TEXT_KINDS:
        digests = [digest for digest in todo if wanted[digest][0] == kind]
        if not digests:
            continue
        results = nlp.analyse_texts(
            [wanted[d][1] for d in digests], kind, glossary, pipeline=spacy_pipeline()
        )
        for digest, result in zip(digests, results, strict=True):
            values = {
                "version": version,
                "topics": [topic.to_dict() for topic in result.topics],
                "facts": [fact.to_dict() for fact in result.facts],
                "analysed_at": utcnow(),
            }
            if digest in found:
                for name, value in values.items():
                    setattr(found[digest], name, value)
            else:
                new_rows.append({"content_hash": digest, "kind": kind, **values})
    if new_rows:
        # Two leads may download the same new asset at the same moment: the database decides
        # which analysis row wins, and both use it. Every writer inserts in content-hash
        # order, so two writers meeting the same new texts wait for each other, never deadlock.
        new_rows.sort(key=lambda row: row["content_hash"])
        session.execute(
            upsert_ignoring_conflicts(session, TextAnalysis, ["content_hash"]).values(new_rows)
        )
        found.update(
            (row.content_hash, row)
            for row in session.scalars(
                select(TextAnalysis).where(
                    TextAnalysis.content_hash.in_([r["content_hash"] for r in new_rows])
                )
            )
        )
    session.flush()
    return found


def analyse_new_interactions(
    session: Session, lead_id: int, interactions: Sequence[Interaction]
) -> None:
    """Called by ingest for the interactions it just stored for one lead."""
    glossary = current_glossary(session)
    analyses = ensure_analyses(
        session, (pair for i in interactions for pair in _texts_of(i)), glossary
    )
    for interaction in interactions:
        for kind, text in _texts_of(interaction):
            row = analyses[content_hash(kind, text)]
            setattr(interaction, f"{kind}_analysis_id", row.id)
    _add_to_lead(session, lead_id, [(i, analyses) for i in interactions])
    session.flush()


@dataclass
class _Mention:
    interaction_id: int
    occurred_at: object
    log_weight: float


def _add_to_lead(session: Session, lead_id: int, items) -> None:
    mentions: dict[str, list[_Mention]] = {}
    facts: list[LeadFact] = []
    for interaction, analyses in items:
        for kind, text in _texts_of(interaction):
            row = analyses[content_hash(kind, text)]
            # A topic the lead wrote about counts as a comment; one in a title counts as
            # whatever they did with it (downloaded, attended, opened).
            source = "comment" if kind == "comment" else interaction.type
            log_weight = mention_log_weight(source, interaction.occurred_at)
            if log_weight is not None:
                for topic in row.topics:
                    mentions.setdefault(topic["name"], []).append(
                        _Mention(interaction.id, interaction.occurred_at, log_weight)
                    )
            for fact in row.facts:
                # The lead's "this week" means the week they wrote it: resolved now, once.
                time_ref = resolve_time_ref(fact["value"][:500], interaction.occurred_at)
                facts.append(
                    LeadFact(
                        lead_id=lead_id,
                        interaction_id=interaction.id,
                        kind=fact["kind"],
                        value=fact["value"][:500],
                        start=fact["start"],
                        end=fact["end"],
                        occurred_at=interaction.occurred_at,
                        time_ref=time_ref.as_dict() if time_ref is not None else None,
                    )
                )
    session.add_all(facts)
    if not mentions:
        return
    existing = {
        topic.name: topic
        for topic in session.scalars(
            select(LeadTopic).where(
                LeadTopic.lead_id == lead_id, LeadTopic.name.in_(list(mentions))
            )
        )
    }
    for name, found in mentions.items():
        topic = existing.get(name)
        if topic is None:
            topic = LeadTopic(
                lead_id=lead_id,
                name=name[:200],
                weight_log=None,
                mentions=0,
                last_seen_at=found[0].occurred_at,
                evidence=[],
            )
            session.add(topic)
        weight = topic.weight_log
        for mention in found:
            weight = add_log_weights(weight, mention.log_weight)
        topic.weight_log = weight
        topic.mentions += len(found)
        newest = max(found, key=lambda m: m.occurred_at)
        topic.last_seen_at = max(topic.last_seen_at, newest.occurred_at)
        # Evidence kept newest first, bounded: the brief shows a few, not the whole history.
        seen = [(m.occurred_at, m.interaction_id) for m in found]
        ids = [i for _, i in sorted(seen, reverse=True)] + list(topic.evidence)
        topic.evidence = list(dict.fromkeys(ids))[:EVIDENCE_PER_TOPIC]


def rebuild_lead(session: Session, lead_id: int) -> None:
    """Recompute a lead's topics and facts from all its interactions (after a backfill)."""
    # Ordered with ingest and the analysis jobs of this lead (PostgreSQL row lock).
    session.execute(select(Lead.id).where(Lead.id == lead_id).with_for_update())
    session.execute(delete(LeadTopic).where(LeadTopic.lead_id == lead_id))
    session.execute(delete(LeadFact).where(LeadFact.lead_id == lead_id))
    session.flush()
    interactions = session.scalars(
        select(Interaction).where(Interaction.lead_id == lead_id).order_by(Interaction.id)
    ).all()
    ids = {i.title_analysis_id for i in interactions if i.title_analysis_id} | {
        i.comment_analysis_id for i in interactions if i.comment_analysis_id
    }
    by_hash = {
        row.content_hash: row
        for row in session.scalars(select(TextAnalysis).where(TextAnalysis.id.in_(ids)))
    }
    _add_to_lead(session, lead_id, [(i, by_hash) for i in interactions])
    session.flush()


def stale_count(session: Session) -> int:
    version = analysis_version(current_glossary(session))
    return (
        session.scalar(
            select(func.count()).select_from(TextAnalysis).where(TextAnalysis.version != version)
        )
        or 0
    )


def backfill(session: Session, batch_size: int = 256) -> int:
    """Recompute stale analyses in batches and rebuild the leads that use them (flushes only).
    Returns how many analyses were recomputed."""
    return sum(backfill_batches(session, batch_size))


def backfill_batches(session: Session, batch_size: int = 256) -> Iterator[int]:
    """`backfill` batch by batch: yields each batch's count once it is flushed. The CLI
    commits after each, so a long backfill can be interrupted and resumed."""
    glossary = current_glossary(session)
    version = analysis_version(glossary)
    while True:
        stale = session.scalars(
            select(TextAnalysis).where(TextAnalysis.version != version).limit(batch_size)
        ).all()
        if not stale:
            break
        ids = [row.id for row in stale]
        lead_ids = set(
            session.scalars(
                select(Interaction.lead_id)
                .where(
                    or_(
                        Interaction.title_analysis_id.in_(ids),
                        Interaction.comment_analysis_id.in_(ids),
                    )
                )
                .distinct()
            )
        )
        texts = _stored_texts(session, stale)
        ensure_analyses(session, texts, glossary)
        in_use = {content_hash(kind, text) for kind, text in texts}
        for orphan in [row for row in stale if row.content_hash not in in_use]:
            session.delete(orphan)  # no interaction uses this text any more
        for lead_id in sorted(lead_ids):
            rebuild_lead(session, lead_id)
        session.flush()
        yield len(stale)


def _stored_texts(session: Session, rows: Sequence[TextAnalysis]) -> list[tuple[str, str]]:
    """The texts behind analysis rows, read back from the interactions that use them."""
    ids = [row.id for row in rows]
    pairs: set[tuple[str, str]] = set()
    for title, title_id, comment, comment_id in session.execute(
        select(
            Interaction.title,
            Interaction.title_analysis_id,
            Interaction.comment,
            Interaction.comment_analysis_id,
        ).where(
            or_(Interaction.title_analysis_id.in_(ids), Interaction.comment_analysis_id.in_(ids))
        )
    ):
        if title_id in ids and title:
            pairs.add(("title", title))
        if comment_id in ids and comment:
            pairs.add(("comment", comment))
    return sorted(pairs)


def resolve_missing_time_refs(session: Session, batch_size: int = 1000) -> int:
    """Facts stored before their dates were resolved at ingest get them now (run by
    ``callprep briefs refresh-activity``); returns how many facts were looked at."""
    done = 0
    last_id = 0
    while True:
        facts = session.scalars(
            select(LeadFact)
            .where(LeadFact.time_ref.is_(None), LeadFact.id > last_id)
            .order_by(LeadFact.id)
            .limit(batch_size)
        ).all()
        if not facts:
            return done
        for fact in facts:
            ref = resolve_time_ref(fact.value, fact.occurred_at)
            if ref is not None:
                fact.time_ref = ref.as_dict()
        last_id = facts[-1].id
        done += len(facts)
        session.flush()
