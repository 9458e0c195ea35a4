"""Reports for marketing: which talk tracks lead to connects and meetings, which leads reps
judged ready, nurture or junk (by where the leads came from), and how fast hand-raisers are
called. Services: a session and plain values in, plain dicts out (the JSON and the pages
share them)."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session

from callprep.config import BriefSettings, current_brief_settings
from callprep.db import utcnow
from callprep.errors import InvalidInput
from callprep.leads.situations import freshness_of, situation_of
from callprep.models import BriefRecord, Interaction, Lead, LeadActivity, Outcome
from callprep.reports.stats import two_proportion_test, wilson_interval
from callprep.talktracks.allocation import allocation_history
from callprep.vocabulary import CONNECT_DISPOSITIONS, LEAD_QUALITIES, MEETING_DISPOSITIONS

QUALITY_GROUPINGS = ("source", "campaign", "asset", "situation")
# The interactions whose title names a piece of marketing content the lead took up.
ASSET_TYPES = ("content_download", "webinar_registered", "webinar_attended", "event_attended")


def _rate(successes: int, trials: int) -> dict[str, Any]:
    low, high = wilson_interval(successes, trials)
    return {
        "rate": round(successes / trials, 4) if trials else None,
        "ci95": [round(low, 4), round(high, 4)],
    }


# --- talk-track effectiveness ---------------------------------------------------------------


def talktrack_report(
    session: Session, *, since: datetime | None = None, until: datetime | None = None
) -> dict[str, Any]:
    """Per track name, version and variant: briefs shown, outcomes logged, connect and meeting
    rates (share of logged outcomes) with 95% Wilson intervals; and, per track with more than
    one variant, an A/B test of each variant's latest version against the control (the first
    variant by name, usually "A"); and, per track allocated by Thompson sampling, how its
    split between the variants moved in the period (``allocations``)."""
    # Briefs a person saw on the brief page; an integration's API fetch is not a call prepared.
    brief_query = (
        select(
            BriefRecord.track_name,
            BriefRecord.track_version,
            BriefRecord.variant,
            func.count(),
        )
        .where(BriefRecord.shown_in == "web")
        .group_by(BriefRecord.track_name, BriefRecord.track_version, BriefRecord.variant)
    )
    outcome_query = select(
        Outcome.track_name,
        Outcome.track_version,
        Outcome.variant,
        func.count(),
        func.sum(case((Outcome.disposition.in_(CONNECT_DISPOSITIONS), 1), else_=0)),
        func.sum(case((Outcome.disposition.in_(MEETING_DISPOSITIONS), 1), else_=0)),
    ).group_by(Outcome.track_name, Outcome.track_version, Outcome.variant)
    if since is not None:
        brief_query = brief_query.where(BriefRecord.generated_at >= since)
        outcome_query = outcome_query.where(Outcome.created_at >= since)
    if until is not None:
        brief_query = brief_query.where(BriefRecord.generated_at < until)
        outcome_query = outcome_query.where(Outcome.created_at < until)
    demo_query = select(func.count()).select_from(Outcome).where(Outcome.demo.is_(True))
    if since is not None:
        demo_query = demo_query.where(Outcome.created_at >= since)
    if until is not None:
        demo_query = demo_query.where(Outcome.created_at < until)

    counts: dict[tuple[str, int, str], dict[str, int]] = defaultdict(
        lambda: {"briefs": 0, "outcomes": 0, "connects": 0, "meetings": 0}
    )
    for name, version, variant, briefs in session.execute(brief_query):
        counts[(name, version, variant)]["briefs"] = briefs
    for name, version, variant, outcomes, connects, meetings in session.execute(outcome_query):
        row = counts[(name, version, variant)]
        row.update(outcomes=outcomes, connects=int(connects or 0), meetings=int(meetings or 0))

    rows = []
    for (name, version, variant), row in sorted(counts.items()):
        rows.append(
            {
                "track_name": name,
                "version": version,
                "variant": variant,
                **row,
                "connect_rate": _rate(row["connects"], row["outcomes"]),
                "meeting_rate": _rate(row["meetings"], row["outcomes"]),
            }
        )
    return {
        "rows": rows,
        "ab_tests": _ab_tests(rows),
        "allocations": allocation_history(session, since=since, until=until),
        "demo_outcomes": session.scalar(demo_query) or 0,
    }


def _ab_tests(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    latest_arm: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for row in rows:  # sorted by name, version, variant: later versions overwrite
        latest_arm[row["track_name"]][row["variant"]] = row
    tests = []
    for name, arms in sorted(latest_arm.items()):
        if len(arms) < 2:
            continue
        control_label, *others = sorted(arms)
        control = arms[control_label]
        for label in others:
            arm = arms[label]
            for metric, field in (("meeting_rate", "meetings"), ("connect_rate", "connects")):
                test = two_proportion_test(
                    control[field], control["outcomes"], arm[field], arm["outcomes"]
                )
                tests.append(
                    {
                        "track_name": name,
                        "metric": metric,
                        "control": {"variant": control_label, "version": control["version"]},
                        "variant": {"variant": label, "version": arm["version"]},
                        "control_rate": control[metric]["rate"],
                        "variant_rate": arm[metric]["rate"],
                        "difference": round(test.difference, 4),
                        "z": round(test.z, 3),
                        "p_value": round(test.p_value, 4),
                        "enough_data": test.enough_data,
                        "significant": test.significant,
                    }
                )
    return tests


# --- lead quality ---------------------------------------------------------------------------


def lead_quality_report(
    session: Session, by: str, *, since: datetime | None = None, until: datetime | None = None
) -> dict[str, Any]:
    """Ready / nurture / junk per source, campaign, asset or situation.

    Each judged lead counts once, with its latest judgement. For source, campaign and asset a
    lead counts in every group it touched before that judgement (any-touch attribution), so a
    campaign's shares read "of the leads this campaign touched, how many were ready"."""
    if by not in QUALITY_GROUPINGS:
        raise InvalidInput(f"by must be one of {', '.join(QUALITY_GROUPINGS)}", errors={"by": [by]})
    latest = select(func.max(Outcome.id).label("outcome_id")).where(
        Outcome.lead_quality.is_not(None), Outcome.lead_id.is_not(None)
    )
    if since is not None:
        latest = latest.where(Outcome.created_at >= since)
    if until is not None:
        latest = latest.where(Outcome.created_at < until)
    latest = latest.group_by(Outcome.lead_id).subquery()
    judged = select(Outcome).join(latest, Outcome.id == latest.c.outcome_id).subquery()
    judged_counts = dict.fromkeys(LEAD_QUALITIES, 0)
    demo_judged = 0
    for quality, demo, count in session.execute(
        select(judged.c.lead_quality, judged.c.demo, func.count()).group_by(
            judged.c.lead_quality, judged.c.demo
        )
    ):
        if quality in LEAD_QUALITIES:
            judged_counts[quality] += count
            demo_judged += count if demo else 0
    unattributed = dict.fromkeys(LEAD_QUALITIES, 0)
    if by == "situation":
        group = judged.c.situation
        query = select(group, judged.c.lead_quality, func.count()).group_by(
            group, judged.c.lead_quality
        )
    else:
        group = {
            "source": Interaction.source,
            "campaign": Interaction.campaign,
            "asset": Interaction.title,
        }[by]
        touched = and_(
            Interaction.lead_id == judged.c.lead_id,
            Interaction.occurred_at <= judged.c.created_at,
            group.is_not(None),
        )
        if by == "asset":
            touched = and_(touched, Interaction.type.in_(ASSET_TYPES))
        query = (
            select(group, judged.c.lead_quality, func.count(func.distinct(judged.c.lead_id)))
            .join(Interaction, touched)
            .group_by(group, judged.c.lead_quality)
        )
        # Judged leads that touched no source / campaign / asset before the judgement: shown,
        # not silently dropped (a lead that only filled in a form touched no asset).
        untouched = (
            select(judged.c.lead_quality, func.count())
            .where(~select(Interaction.id).where(touched).exists())
            .group_by(judged.c.lead_quality)
        )
        for quality, count in session.execute(untouched):
            if quality in LEAD_QUALITIES:
                unattributed[quality] += count
    table: dict[str, dict[str, int]] = defaultdict(lambda: dict.fromkeys(LEAD_QUALITIES, 0))
    for name, quality, count in session.execute(query):
        if quality in LEAD_QUALITIES:
            table[name][quality] += count
    groups = []
    for name, counts in table.items():
        total = sum(counts.values())
        groups.append(
            {
                "group": name,
                **counts,
                "total": total,
                "shares": {q: round(counts[q] / total, 4) for q in LEAD_QUALITIES},
            }
        )
    groups.sort(key=lambda g: (-g["total"], -g["shares"]["ready"], str(g["group"])))
    return {
        "by": by,
        "groups": groups,
        "judged_leads": sum(judged_counts.values()),
        "demo_judged_leads": demo_judged,
        "unattributed": {**unattributed, "total": sum(unattributed.values())},
    }


# --- speed to lead --------------------------------------------------------------------------

# Time from a hand-raise to its first outcome, in the buckets a sales manager reads.
DELAY_BUCKETS: tuple[tuple[str, timedelta | None], ...] = (
    ("within 5 minutes", timedelta(minutes=5)),
    ("5-60 minutes", timedelta(hours=1)),
    ("1-4 hours", timedelta(hours=4)),
    ("4-24 hours", timedelta(hours=24)),
    ("over a day", None),
)


@dataclass(frozen=True)
class OverdueLead:
    lead: Lead
    situation: str
    follow_up_due_at: datetime

    def as_dict(self, now: datetime) -> dict[str, Any]:
        return {
            "lead": {
                "id": self.lead.id,
                "email": self.lead.email,
                "first_name": self.lead.first_name,
                "last_name": self.lead.last_name,
                "company": self.lead.company,
                "owner_email": self.lead.owner_email,
            },
            # Said, not left blank: an ownerless lead is in the unassigned queue.
            "owner": self.lead.owner_email or "unassigned",
            "routing_reason": self.lead.routing_reason,
            "situation": self.situation,
            "follow_up_due_at": self.follow_up_due_at,
            "overdue_minutes": round((now - self.follow_up_due_at).total_seconds() / 60),
        }


def speed_to_lead_report(
    session: Session,
    *,
    now: datetime | None = None,
    days: int = 30,
    owner_email: str | None = None,
    settings: BriefSettings | None = None,
) -> dict[str, Any]:
    """For the hand-raises of the last `days` days: the median time to the first outcome
    logged after the hand-raise, and the share called within the deadline (of those whose
    deadline has passed or who were called); plus every lead overdue now, most overdue first."""
    now = now or utcnow()
    settings = settings or current_brief_settings()
    since = now - timedelta(days=days)
    query = (
        select(LeadActivity.lead_id, LeadActivity.hand_raise_at, func.min(Outcome.created_at))
        .outerjoin(
            Outcome,
            and_(
                Outcome.lead_id == LeadActivity.lead_id,
                Outcome.created_at >= LeadActivity.hand_raise_at,
            ),
        )
        .where(LeadActivity.hand_raise_at >= since, LeadActivity.hand_raise_at <= now)
        .group_by(LeadActivity.lead_id, LeadActivity.hand_raise_at)
    )
    if owner_email:
        query = query.join(Lead, Lead.id == LeadActivity.lead_id).where(
            Lead.owner_email == owner_email
        )
    due = settings.hand_raiser_due
    delays: list[timedelta] = []
    judged = within = 0
    hand_raises = 0
    for _lead_id, raised_at, first_outcome_at in session.execute(query):
        hand_raises += 1
        if first_outcome_at is not None:
            delay = first_outcome_at - raised_at
            delays.append(delay)
            judged += 1
            within += delay <= due
        elif now > raised_at + due:
            judged += 1
    overdue = overdue_leads(session, now=now, owner_email=owner_email, settings=settings)
    median = statistics.median(delays) if delays else None
    buckets = {label: 0 for label, _limit in DELAY_BUCKETS}
    buckets["not called"] = hand_raises - len(delays)
    for delay in delays:
        label = next(label for label, limit in DELAY_BUCKETS if limit is None or delay <= limit)
        buckets[label] += 1
    return {
        "window_days": days,
        "hand_raises": hand_raises,
        "called": len(delays),
        "median_minutes_to_first_outcome": (
            round(median.total_seconds() / 60, 1) if median is not None else None
        ),
        "deadline_minutes": round(due.total_seconds() / 60),
        "within_deadline": within,
        "share_within_deadline": round(within / judged, 4) if judged else None,
        "overdue_count": len(overdue),
        "overdue_now": [item.as_dict(now) for item in overdue],
        "time_to_first_outcome": [
            {"bucket": label, "hand_raises": count} for label, count in buckets.items()
        ],
    }


def overdue_leads(
    session: Session,
    *,
    now: datetime | None = None,
    owner_email: str | None = None,
    settings: BriefSettings | None = None,
) -> list[OverdueLead]:
    """Leads whose follow-up deadline has passed with no outcome logged since, most overdue
    first. Only leads active within the longest situation window can be overdue."""
    now = now or utcnow()
    settings = settings or current_brief_settings()
    horizon = now - max(
        settings.hand_raise_window,
        settings.event_window,
        settings.re_engaged_window,
        settings.research_window,
    )
    query = (
        select(Lead, LeadActivity)
        .join(LeadActivity, LeadActivity.lead_id == Lead.id)
        .where(LeadActivity.last_interaction_at >= horizon)
    )
    if owner_email:
        query = query.where(Lead.owner_email == owner_email)
    found = []
    for lead, activity in session.execute(query):
        situation = situation_of(activity, now, settings)
        freshness = freshness_of(activity, situation, now, settings)
        if freshness.overdue and freshness.follow_up_due_at is not None:
            found.append(OverdueLead(lead, situation, freshness.follow_up_due_at))
    found.sort(key=lambda item: (item.follow_up_due_at, item.lead.id))
    return found
