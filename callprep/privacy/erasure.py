"""Erasure of a lead (GDPR Art. 17) and the suppression list.

`erase_lead` removes the lead, its interactions (and so their comments), its external ids,
its topics and facts, and the analyses of its comments unless another interaction still
uses the same text (asset titles are shared content and are kept). It then writes an
`Erasure` log row holding no personal data: when, the actor's role, and row counts.

Other areas' cleanup is LISTED in ``ERASERS`` below (an import, not a side effect of one):

    def erase_briefs(session: Session, lead: Lead) -> dict[str, int]:
        count = session.execute(delete(Brief).where(Brief.lead_id == lead.id)).rowcount
        return {"briefs": count}

(``register_eraser`` adds one at run time, e.g. in a test.)

The contract of an eraser `fn(session, lead) -> Mapping[str, int] | None`:
- It is called inside the erasure's transaction, BEFORE the lead, its interactions, topics
  and facts are deleted, so it can still find its rows by `lead.id` or by the lead's
  interaction ids. It must only `flush()` (or run bulk statements), never commit.
- It removes every row it owns that holds the lead's personal data or points at the lead or
  its interactions: briefs are DELETED; outcomes are KEPT for marketing's statistics but
  stripped of personal data (note text set to NULL, links to the lead / brief / interaction
  set to NULL, nothing that identifies the person left behind).
- It returns counts keyed by TABLE NAME (e.g. {"briefs": 3, "outcomes": 1}); they go into
  the erasure log and name the tables whose free space is scrubbed afterwards (VACUUM).
  Counts only — never names, emails or ids of the person.
- It raises to abort the whole erasure (nothing is then erased).
- Add it to ``ERASERS``, so the CLI and the API run the same erasers whatever was imported.

Suppression: with `suppress=True` a keyed hash of the email (HMAC-SHA256 under a random
per-installation salt) is kept in the erasure log; `is_suppressed` lets the import, Marketo
and webhook paths refuse to re-create that person. The address itself is never stored.

Free space: on SQLite `secure_delete` is on (see db.py), so deleted cells and pages are
zeroed; after the commit `scrub_free_space` also checkpoints a WAL file. On PostgreSQL
deleted tuples stay in the heap until VACUUM, so `scrub_free_space` runs VACUUM on the
touched tables (outside any transaction). VACUUM makes the dead tuples' space reusable and
removes their index entries, but it does not overwrite the bytes: the tests saw erased
values left in index pages and heap free space. `full=True` (`callprep erase
--vacuum-full`) runs VACUUM FULL, which rewrites each touched table and its indexes into
new files; then no relation file holds the values (tested), at the price of locking each
table while it is rewritten. WAL segments, replicas and backups keep old values until
they are recycled — operators own that retention."""

from __future__ import annotations

import hashlib
import hmac
import logging
import secrets
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field

from sqlalchemy import Engine, delete, exists, or_, select, text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from callprep.accounts.users import normalise_email
from callprep.alerts.erasure import erase_alerts
from callprep.briefs.outcomes import erase_briefs_and_outcome_notes
from callprep.companies.erasure import erase_from_account
from callprep.errors import NotFound
from callprep.models import (
    Base,
    Erasure,
    Interaction,
    Lead,
    LeadExternalId,
    LeadFact,
    LeadTopic,
    SuppressionSalt,
    TextAnalysis,
)
from callprep.routing.assignments import erase_assignments

log = logging.getLogger(__name__)

Eraser = Callable[[Session, Lead], Mapping[str, int] | None]
# Every area's cleanup, run in this order before the core deletes.
ERASERS: tuple[Eraser, ...] = (
    erase_briefs_and_outcome_notes,
    erase_assignments,
    erase_alerts,
    erase_from_account,
)
_ERASERS: dict[str, Eraser] = {f"{fn.__module__}.{fn.__qualname__}": fn for fn in ERASERS}

# The core tables an erasure writes to; their free space is scrubbed afterwards.
CORE_TABLES = (
    "leads",
    "interactions",
    "lead_external_ids",
    "lead_topics",
    "lead_facts",
    "text_analyses",
)


def register_eraser(fn: Eraser) -> Eraser:
    """Add an area's cleanup to every erasure (usable as a decorator; idempotent)."""
    _ERASERS[f"{fn.__module__}.{fn.__qualname__}"] = fn
    return fn


def registered_erasers() -> list[Eraser]:
    return list(_ERASERS.values())


@dataclass
class ErasureResult:
    erasure_id: int
    counts: dict[str, int] = field(default_factory=dict)
    suppressed: bool = False

    @property
    def tables(self) -> list[str]:
        return sorted({*CORE_TABLES, *(name for name in self.counts if name in _known_tables())})


def known_tables() -> set[str]:
    """The tables an erasure may name: those of our metadata."""
    return _known_tables()


def _known_tables() -> set[str]:
    return set(Base.metadata.tables)


def erase_lead(
    session: Session, lead: Lead, *, actor_role: str, suppress: bool = False
) -> ErasureResult:
    """Erase the lead and everything derived from it; log it without personal data."""
    counts: dict[str, int] = {}
    for eraser in registered_erasers():
        for name, count in (eraser(session, lead) or {}).items():
            counts[name] = counts.get(name, 0) + int(count)

    interactions = session.execute(
        select(Interaction.comment_analysis_id, Interaction.comment).where(
            Interaction.lead_id == lead.id
        )
    ).all()
    comment_analysis_ids = {row[0] for row in interactions if row[0] is not None}
    counts["lead_facts"] = _delete(session, delete(LeadFact).where(LeadFact.lead_id == lead.id))
    counts["lead_topics"] = _delete(session, delete(LeadTopic).where(LeadTopic.lead_id == lead.id))
    counts["interactions"] = _delete(
        session, delete(Interaction).where(Interaction.lead_id == lead.id)
    )
    counts["comments"] = sum(1 for row in interactions if row[1])
    counts["text_analyses"] = _delete_unshared_analyses(session, comment_analysis_ids)
    counts["lead_external_ids"] = _delete(
        session, delete(LeadExternalId).where(LeadExternalId.lead_id == lead.id)
    )
    email = lead.email
    session.expunge(lead)
    counts["leads"] = _delete(session, delete(Lead).where(Lead.id == lead.id))

    erasure = Erasure(
        actor_role=actor_role,
        counts=counts,
        email_hash=suppression_hash(session, email) if suppress else None,
    )
    session.add(erasure)
    session.flush()
    log.info("erasure %s by %s: %s", erasure.id, actor_role, counts)
    return ErasureResult(erasure_id=erasure.id, counts=counts, suppressed=suppress)


def erase_by_email(
    session: Session, email: str, *, actor_role: str, suppress: bool = False
) -> ErasureResult:
    """Erase the lead with this email. Unknown email: NotFound, unless suppression is asked
    for — then only the suppression is recorded (the person may write in before they exist)."""
    lead = session.scalar(select(Lead).where(Lead.email == normalise_email(email)))
    if lead is not None:
        return erase_lead(session, lead, actor_role=actor_role, suppress=suppress)
    if not suppress:
        raise NotFound("no lead with this email")
    erasure = Erasure(actor_role=actor_role, counts={}, email_hash=suppression_hash(session, email))
    session.add(erasure)
    session.flush()
    return ErasureResult(erasure_id=erasure.id, counts={}, suppressed=True)


def _delete(session: Session, statement) -> int:
    return session.execute(statement, execution_options={"synchronize_session": False}).rowcount


def _delete_unshared_analyses(session: Session, analysis_ids: Iterable[int]) -> int:
    """Comment analyses hold the comment's facts; keep one only while another interaction
    (another lead with the very same text) still points at it."""
    ids = list(analysis_ids)
    if not ids:
        return 0
    still_used = exists().where(
        or_(
            Interaction.comment_analysis_id == TextAnalysis.id,
            Interaction.title_analysis_id == TextAnalysis.id,
        )
    )
    return _delete(session, delete(TextAnalysis).where(TextAnalysis.id.in_(ids), ~still_used))


def _salt(session: Session) -> bytes:
    salt = session.scalar(select(SuppressionSalt.salt).where(SuppressionSalt.id == 1))
    if salt is None:
        # Two first erasures at once: one insert wins, the other reads the winner's salt.
        try:
            with session.begin_nested():
                session.add(SuppressionSalt(id=1, salt=secrets.token_hex(32)))
        except IntegrityError:
            pass
        salt = session.scalar(select(SuppressionSalt.salt).where(SuppressionSalt.id == 1))
    return bytes.fromhex(salt)


def suppression_hash(session: Session, email: str) -> str:
    return hmac.new(_salt(session), normalise_email(email).encode(), hashlib.sha256).hexdigest()


def is_suppressed(session: Session, email: str) -> bool:
    """Was this person erased with suppression? Then imports and webhooks must not re-create
    them."""
    return bool(suppressed_emails(session, [email]))


def suppressed_emails(session: Session, emails: Iterable[str]) -> set[str]:
    """The given emails (as given) that are on the suppression list: one query per batch.
    Costs nothing when nobody was ever suppressed (no salt yet, no hash to compute)."""
    salt = session.scalar(select(SuppressionSalt.salt).where(SuppressionSalt.id == 1))
    if salt is None:
        return set()
    key = bytes.fromhex(salt)
    by_hash: dict[str, list[str]] = {}
    for email in emails:
        digest = hmac.new(key, normalise_email(email).encode(), hashlib.sha256).hexdigest()
        by_hash.setdefault(digest, []).append(email)
    if not by_hash:
        return set()
    found = session.scalars(
        select(Erasure.email_hash).where(Erasure.email_hash.in_(list(by_hash))).distinct()
    )
    return {email for digest in found for email in by_hash[digest]}


def scrub_free_space(
    engine: Engine, tables: Iterable[str] = CORE_TABLES, *, full: bool = False
) -> None:
    """After the erasure is committed: make sure no copy of the erased values stays readable
    in the database files (see the module docstring for what each database guarantees).
    `full` (PostgreSQL): VACUUM FULL, which rewrites the tables and their indexes into new
    files — the only way to be sure, but it locks each table while it runs."""
    if engine.dialect.name == "sqlite":
        with engine.connect() as connection:
            # secure_delete zeroed the cells; fold a WAL (if any) back so no old page survives.
            connection.execute(text("PRAGMA wal_checkpoint(TRUNCATE)"))
        return
    if engine.dialect.name == "postgresql":
        allowed = _known_tables()
        with engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
            for table in tables:
                if table in allowed:  # names come from our metadata, never from input
                    verb = "VACUUM (FULL)" if full else "VACUUM"
                    connection.execute(text(f'{verb} "{table}"'))
