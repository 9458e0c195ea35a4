"""A brief's ETag before the brief is built: one statement over what the brief is made of.

A poller (a CRM panel refreshing every few seconds) sends back the ETag it holds; when nothing
the rep would see has changed the answer is a 304 that costs a read of a few index entries,
not a whole brief. The stamp is derived from what is stored, so no writer has to remember to
bump a version: the lead's own fields (already loaded to authorise the request), its activity
summary (counts and moments of what it did), its most recent interaction (and whether that one
is analysed yet), the count and newest
of its facts and topics with the topics' running weights and mentions (these move when an
analysis lands, in the request or in a background job), its newest outcome, its owner's name,
and the published talk tracks, and for its account: how many people, who, the newest change
to any of them and their newest activity and call (a colleague's topics that change with no
new interaction, when a late analysis lands, show within the hour). Time enters only as the
brief words it: the situation, freshness and deadline, "40 minutes ago" for each moment of the
summary, and the hour (facts said as of now, "in the last 14 days" counts). The topics'
time-decayed scores, which change every second, do not: between two changes a poller keeps
the scores it has."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, func, select
from sqlalchemy.orm import Session, aliased

from callprep.leads.situations import (
    BriefSettings,
    ago,
    deadline_words,
    freshness_of,
    priority_of,
    situation_of,
)
from callprep.models import (
    Battlecard,
    Company,
    Interaction,
    Lead,
    LeadActivity,
    LeadFact,
    LeadTopic,
    Outcome,
    TalkTrack,
    TalkTrackVariant,
    User,
)
from callprep.whatworked import what_worked_fingerprint

# Bump when the brief's shape or wording rules change without any stored input changing, so
# a deployment does not answer 304 with a brief the new code would word differently.
STAMP_VERSION = "3"

_MOMENTS = (
    "last_interaction_at",
    "last_meaningful_at",
    "hand_raise_at",
    "event_at",
    "download_at",
    "reengaged_at",
    "last_outcome_at",
)


@lru_cache(maxsize=1)
def _statement() -> Any:
    lead = bindparam("lead_id")
    owner = bindparam("owner_email")
    company = bindparam("company_id")
    # The account's people (ix_leads_company_id) and their summaries: a colleague added,
    # erased, renamed, reassigned or active again changes the account section.
    # Aliases: the outer statement reads the lead and its summary, which must not correlate.
    person, their = aliased(Lead, name="account_person"), aliased(LeadActivity, name="their")
    at_company = person.company_id == company

    def scalar(*columns: Any, where: Any = None, order: Any = None) -> Any:
        query = select(*columns)
        if where is at_company:
            query = query.select_from(person)
        if where is not None:
            query = query.where(where)
        if order is not None:
            query = query.order_by(*order).limit(1)
        return query.scalar_subquery()

    # The brief's own index order (lead, occurred_at, id): one index entry, whatever the
    # history. (Ordering by id alone scanned all 5,000 entries of a long history.)
    newest = (Interaction.occurred_at.desc(), Interaction.id.desc())
    return (
        select(
            LeadActivity.__table__,
            scalar(Interaction.id, where=Interaction.lead_id == lead, order=newest).label(
                "newest_interaction"
            ),
            # Analysis may land after the interaction (a background job): the brief changes.
            scalar(
                func.coalesce(Interaction.title_analysis_id, 0)
                + func.coalesce(Interaction.comment_analysis_id, 0),
                where=Interaction.lead_id == lead,
                order=newest,
            ).label("newest_analysis"),
            scalar(func.count(), where=LeadFact.lead_id == lead).label("facts"),
            scalar(func.max(LeadFact.id), where=LeadFact.lead_id == lead).label("newest_fact"),
            scalar(func.count(), where=LeadTopic.lead_id == lead).label("topics"),
            scalar(func.max(LeadTopic.id), where=LeadTopic.lead_id == lead).label("newest_topic"),
            scalar(func.sum(LeadTopic.mentions), where=LeadTopic.lead_id == lead).label("mentions"),
            scalar(func.sum(LeadTopic.weight_log), where=LeadTopic.lead_id == lead).label(
                "weights"
            ),
            scalar(func.max(Outcome.id), where=Outcome.lead_id == lead).label("newest_outcome"),
            # The key of the "what worked" table (an index's last entry, not a count).
            scalar(func.max(Outcome.id)).label("newest_outcome_anywhere"),
            scalar(User.name, where=User.email == owner).label("owner_name"),
            scalar(func.count(TalkTrackVariant.id)).label("variants"),
            scalar(func.sum(TalkTrackVariant.version_id)).label("published"),
            scalar(func.sum(TalkTrackVariant.weight)).label("variant_weights"),
            # A new Thompson allocation moves the split a lead's variant is chosen over.
            scalar(func.sum(TalkTrackVariant.share)).label("variant_shares"),
            scalar(func.max(TalkTrackVariant.published_at)).label("last_published"),
            scalar(func.max(TalkTrack.updated_at)).label("tracks_changed"),
            scalar(func.count(TalkTrack.archived_at)).label("archived"),
            # A card published or archived changes what a brief naming it shows (a draft does not).
            scalar(func.sum(Battlecard.published_version)).label("cards_published"),
            scalar(func.max(Battlecard.published_at)).label("cards_last_published"),
            scalar(func.count(Battlecard.archived_at)).label("cards_archived"),
            scalar(func.count(), where=at_company).label("account_people"),
            scalar(func.sum(person.id), where=at_company).label("account_ids"),
            scalar(func.max(person.updated_at), where=at_company).label("account_changed"),
            scalar(
                func.max(their.last_interaction_at),
                where=their.lead_id.in_(select(person.id).where(at_company)),
            ).label("account_active"),
            scalar(
                func.max(their.last_outcome_at),
                where=their.lead_id.in_(select(person.id).where(at_company)),
            ).label("account_called"),
            scalar(Company.name, where=Company.id == company).label("account_name"),
        )
        .select_from(Lead)
        .outerjoin(LeadActivity, LeadActivity.lead_id == Lead.id)
        .where(Lead.id == lead)
    )


def brief_etag(
    session: Session,
    lead: Lead,
    representation: str,
    lead_shown: dict[str, Any],
    now: datetime,
    settings: BriefSettings,
) -> str | None:
    """The ETag of ``lead``'s brief as of ``now``, from one statement; None when it cannot be
    told before building (a history stored before the activity summary existed)."""
    params = {"lead_id": lead.id, "owner_email": lead.owner_email, "company_id": lead.company_id}
    row = session.execute(_statement(), params).one()
    activity = row if row.lead_id is not None else None
    if activity is None and row.newest_interaction is not None:
        return None
    situation = situation_of(activity, now, settings)
    freshness = freshness_of(activity, situation, now, settings)
    count = activity.meaningful_count if activity is not None else 0
    worded = {
        "situation": situation,
        "freshness": freshness.as_dict(),
        "score": priority_of(situation, freshness, count, now, None).score,
        "deadline": deadline_words(freshness, now),
        "ago": [ago(getattr(row, name), now) for name in _MOMENTS if getattr(row, name)],
        "hour": now.strftime("%Y-%m-%dT%H"),
    }
    # Another lead's outcome changes this ETag only if it changes this situation's lines.
    worded["what_worked"] = what_worked_fingerprint(
        session, situation, row.newest_outcome_anywhere, row.tracks_changed
    )
    stored = {
        name: value
        for name, value in row._asdict().items()
        # updated_at is rewritten by every refresh, changed or not.
        if name not in ("updated_at", "newest_outcome_anywhere")
    }
    canonical = json.dumps(
        [STAMP_VERSION, representation, lead_shown, stored, worded, repr(settings)],
        sort_keys=True,
        separators=(",", ":"),
        default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()[:32]
