"""The call brief: what a rep reads before dialing, from stored data only.

No NLP runs here. A brief costs a fixed number of indexed reads whatever the lead's history:
the activity summary (kept at ingest), the top topics, the recent facts, the 50 most recent
interactions plus the latest few downloads, forms and events, and the published tracks for the
situation. Then one sandboxed template render. The same loader serves a page of the call
queue in the same number of statements as one brief.

Every brief shown is recorded (``BriefRecord``) so an outcome ties to the exact track
version and variant the rep saw."""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

from sqlalchemy import bindparam, or_, select, union_all
from sqlalchemy.orm import Session

from callprep.accounts.users import Principal
from callprep.briefs.account import AccountSection, account_section
from callprep.briefs.battlecards import brief_battlecards
from callprep.briefs.facts import NAMED_KINDS, SpokenFacts, spoken_facts
from callprep.config import current_brief_settings
from callprep.db import utcnow
from callprep.leads.activity import summary_for_reading
from callprep.leads.pending import PENDING_WARNING, analysis_pending
from callprep.leads.situations import (
    BriefSettings,
    Freshness,
    Priority,
    ago,
    freshness_of,
    priority_of,
    queue_sort_key,
    situation_of,
)
from callprep.leads.topic_weights import current_weight
from callprep.models import BriefRecord, Interaction, Lead, LeadActivity, LeadFact, LeadTopic, User
from callprep.spoken_time import elapsed
from callprep.talktracks.store import (
    BUILTIN_TRACK_NAME,
    TrackChoice,
    choose_track,
    published_choices,
    published_choices_keyed,
)
from callprep.trackengine.context import (
    FreshnessView,
    InteractionView,
    LeadView,
    RepView,
    TopicView,
    TrackContext,
)
from callprep.trackengine.phrasing import first_name_or, quoted, request_phrase, shorten
from callprep.trackengine.public import (
    RenderedTrack,
    TrackRenderError,
    render_builtin,
    render_track,
)
from callprep.trackengine.topic_speech import speakable_topics
from callprep.vocabulary import KEY_TYPES, MEANINGLESS_TYPES
from callprep.whatworked import what_worked_for

KEY_PER_TYPE = 5


@dataclass
class Brief:
    brief_id: str
    generated_at: datetime
    lead: dict[str, Any]
    situation: str
    freshness: Freshness
    priority: Priority
    topics: list[dict[str, Any]]
    facts: list[dict[str, Any]]
    opening_line: str
    talk_track: dict[str, Any]
    interactions: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)
    rep: dict[str, Any] = field(default_factory=dict)
    # Some interactions are stored but not analysed yet (callprep.jobs): topics may be behind.
    analysis_pending: bool = False
    battlecards: list[dict[str, Any]] = field(default_factory=list)
    # Who owns the lead and why (callprep.routing); owner None: it waits in a queue.
    assignment: dict[str, Any] = field(default_factory=dict)
    # The lead's account (callprep.briefs.account): colleagues, topics, other reps; None
    # when the lead has no account.
    account: dict[str, Any] | None = None
    # Which opener led to meetings for leads like this one, when the calls are enough to say.
    what_worked: dict[str, Any] | None = None
    # What the talk track was rendered with (also the editor's preview context); not shown.
    context: TrackContext | None = field(default=None, repr=False, compare=False)

    def as_dict(self) -> dict[str, Any]:
        """The brief of the public API, JSON-ready (times as ISO 8601 with offset)."""
        return _jsonable(
            {
                "brief_id": self.brief_id,
                "generated_at": self.generated_at,
                "lead": self.lead,
                "situation": self.situation,
                "freshness": self.freshness.as_dict(),
                "priority": self.priority.as_dict(),
                "topics": self.topics,
                "facts": self.facts,
                "opening_line": self.opening_line,
                "talk_track": self.talk_track,
                "interactions": self.interactions,
                "warnings": self.warnings,
                "analysis_pending": self.analysis_pending,
                "battlecards": self.battlecards,
                "assignment": self.assignment,
                "account": self.account,
                "what_worked": self.what_worked,
            }
        )

    def etag(self, representation: str = "json") -> str:
        """Changes when anything shown changes, including time-dependent wording.

        The brief id and generation time are left out: they identify one showing, not what
        it shows. Freshness hours are rounded to 0.1 h and the wording ("due in 20 minutes")
        moves at most once a minute, so a poller gets 304s between changes."""
        shown = self.as_dict()
        shown.pop("brief_id")
        shown.pop("generated_at")
        canonical = json.dumps(shown, sort_keys=True, separators=(",", ":"), default=str)
        digest = hashlib.sha256(f"{representation}\n{canonical}".encode()).hexdigest()
        return digest[:32]


def _jsonable(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {key: _jsonable(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(item) for item in value]
    return value


@dataclass
class _LeadData:
    lead: Lead
    # Rows of the brief's reads (attribute access like the models), not ORM objects.
    activity: Any = None
    owner: RepView | None = None
    topics: list[Any] = field(default_factory=list)
    facts: list[Any] = field(default_factory=list)
    interactions: list[Any] = field(default_factory=list)  # newest first, deduplicated
    # Read for one brief only: a queue page renders its openers without the account.
    account: AccountSection | None = None


def build_brief(
    session: Session,
    lead: Lead,
    now: datetime | None = None,
    principal: Principal | None = None,
    *,
    record: bool = True,
    settings: BriefSettings | None = None,
) -> Brief:
    """The brief for ``lead`` as of ``now``; recorded (and flushed) unless ``record=False``.

    Never fails because of a talk track: a failing or missing one falls back to the built-in
    track for the situation, and ``warnings`` says so."""
    now = now or utcnow()
    settings = settings or current_brief_settings()
    data, situation = _load_one(session, lead, now, settings)
    # The shipped tracks are stored by `callprep db upgrade` and at the first start (serve),
    # never on a read. The same statement says whether the "what worked" table is current.
    choices, outcomes_key = published_choices_keyed(session, [situation])
    brief = _assemble(data, situation, choices, now, settings)
    if analysis_pending(session, lead.id):
        brief.analysis_pending = True
        brief.warnings.append(PENDING_WARNING)
    brief.battlecards = brief_battlecards(session, lead.id, brief.facts, brief.interactions)
    brief.what_worked = what_worked_for(
        session, situation, brief.topics[0]["name"] if brief.topics else None, outcomes_key
    )
    if record:
        record_brief(session, brief, principal)
    return brief


def track_context(
    session: Session,
    lead: Lead,
    now: datetime | None = None,
    *,
    settings: BriefSettings | None = None,
) -> TrackContext:
    """What a track for ``lead`` renders with in its brief, read only: the same reads as
    ``build_brief``, without choosing or rendering a track or recording anything (the
    editor's preview)."""
    now = now or utcnow()
    settings = settings or current_brief_settings()
    data, situation = _load_one(session, lead, now, settings)
    return _context(data, situation, now, settings).ctx


def _load_one(
    session: Session, lead: Lead, now: datetime, settings: BriefSettings
) -> tuple[_LeadData, str]:
    data = _load(session, [lead], settings)[lead.id]
    data.account = account_section(session, lead, now)
    if data.activity is None and session.scalar(
        select(Interaction.id).where(Interaction.lead_id == lead.id).limit(1)
    ):
        # History stored before the summary existed (`callprep briefs refresh-activity` keeps
        # it): summarised for this read, not stored.
        data.activity = summary_for_reading(session, lead.id, settings)
    return data, situation_of(data.activity, now, settings)


def record_brief(session: Session, brief: Brief, principal: Principal | None = None) -> None:
    """Record the brief in this session's transaction (the web page; the API buffers the
    same row with ``callprep.briefs.records`` instead)."""
    session.add(BriefRecord(**brief_record_row(brief, principal)))
    session.flush()


def brief_record_row(brief: Brief, principal: Principal | None = None) -> dict[str, Any]:
    """The ``BriefRecord`` columns of one showing of ``brief``."""
    return {
        "id": brief.brief_id,
        "lead_id": brief.lead["id"],
        "user_id": principal.user_id if principal is not None else None,
        "situation": brief.situation,
        "track_name": brief.talk_track["name"],
        "track_version": brief.talk_track["version"],
        "variant": brief.talk_track["variant"],
        "topic": brief.topics[0]["name"][:100] if brief.topics else None,
        "generated_at": brief.generated_at,
        "shown_in": "api",
    }


@dataclass(frozen=True)
class QueueItem:
    lead: dict[str, Any]
    situation: str
    priority: Priority
    freshness: Freshness
    opening_line: str
    brief: Brief

    def as_dict(self) -> dict[str, Any]:
        return _jsonable(
            {
                "lead": self.lead,
                "situation": self.situation,
                "priority": self.priority.as_dict(),
                "freshness": self.freshness.as_dict(),
                "opening_line": self.opening_line,
            }
        )


def build_queue(
    session: Session,
    owner_email: str | None,
    now: datetime | None = None,
    *,
    offset: int = 0,
    limit: int = 20,
    situation: str | None = None,
    overdue: bool | None = None,
    settings: BriefSettings | None = None,
    unassigned: bool = False,
    pool: str | None = None,
) -> tuple[list[QueueItem], int]:
    """The leads of ``owner_email`` (all leads when None), best call first, one page.
    ``unassigned``: the leads without an owner instead, limited to those of ``pool`` and
    those in no pool when a pool is given.

    Ordering reads one summary row per lead; only the page's leads get topics, facts,
    interactions and an opener, in the same few statements as a single brief."""
    now = now or utcnow()
    settings = settings or current_brief_settings()
    # Plain rows, not ORM objects: a rep may own thousands of leads.
    query = select(Lead.id.label("of_lead"), LeadActivity.__table__).outerjoin(
        LeadActivity, LeadActivity.lead_id == Lead.id
    )
    if unassigned:
        query = query.where(Lead.owner_email.is_(None))
        if pool is not None:
            query = query.where(or_(Lead.routing_pool.is_(None), Lead.routing_pool == pool))
    elif owner_email is not None:
        query = query.where(Lead.owner_email == owner_email)
    ranked = []
    for row in session.execute(query):
        lead_id, activity = row.of_lead, (row if row.lead_id is not None else None)
        lead_situation = situation_of(activity, now, settings)
        freshness = freshness_of(activity, lead_situation, now, settings)
        if situation is not None and lead_situation != situation:
            continue
        if overdue is not None and freshness.overdue != overdue:
            continue
        count = activity.meaningful_count if activity is not None else 0
        key = queue_sort_key(lead_situation, freshness, count, now)
        ranked.append((key, lead_id, lead_situation))
    ranked.sort()
    page = ranked[offset : offset + limit]
    if not page:
        return [], len(ranked)
    leads = {
        lead.id: lead
        for lead in session.scalars(select(Lead).where(Lead.id.in_([p[1] for p in page])))
    }
    loaded = _load(session, [leads[p[1]] for p in page], settings)
    choices = _choices(session, {p[2] for p in page})
    items = []
    for _key, lead_id, lead_situation in page:
        brief = _assemble(loaded[lead_id], lead_situation, choices, now, settings)
        items.append(
            QueueItem(
                brief.lead,
                brief.situation,
                brief.priority,
                brief.freshness,
                brief.opening_line,
                brief,
            )
        )
    return items, len(ranked)


def _choices(session: Session, situations: Sequence[str] | set[str]) -> list[TrackChoice]:
    # The shipped tracks are stored by `callprep db upgrade` and at the first start (serve),
    # never on a read.
    return published_choices(session, situations)


_INTERACTIONS = Interaction.__table__
_TOPICS = LeadTopic.__table__
_FACTS = LeadFact.__table__


def _per_lead(part: Any, how_many: int) -> Any:
    """``part(lead_param)`` for each of ``how_many`` leads, as one UNION ALL statement of
    LIMITed, index-ordered reads: the cost follows the page, not the leads' histories."""
    parts = [part(bindparam(f"lead_{n}")) for n in range(how_many)]
    parts = [select(p.subquery()) for p in parts] if len(parts) > 1 else parts
    return parts[0] if len(parts) == 1 else union_all(*parts)


@lru_cache(maxsize=128)
def _statements(how_many: int, topics: int, facts: int, recent: int) -> tuple[Any, Any, Any, Any]:
    """The brief's reads for ``how_many`` leads, built once: building SQLAlchemy statements
    costs more than running these small indexed reads."""
    ids = [bindparam(f"lead_{n}") for n in range(how_many)]
    summary = (
        select(
            Lead.id.label("of_lead"),
            LeadActivity.__table__,
            User.name.label("owner_name"),
            User.email.label("owner_user_email"),
        )
        .select_from(Lead)
        .outerjoin(LeadActivity, LeadActivity.lead_id == Lead.id)
        .outerjoin(User, User.email == Lead.owner_email)
        .where(Lead.id.in_(ids))
    )
    top_topics = _per_lead(
        lambda lead: (
            select(_TOPICS)
            .where(_TOPICS.c.lead_id == lead)
            .order_by(_TOPICS.c.weight_log.desc())
            .limit(topics)
        ),
        how_many,
    )
    recent_facts = _per_lead(
        lambda lead: (
            select(_FACTS)
            .where(_FACTS.c.lead_id == lead)
            .order_by(_FACTS.c.occurred_at.desc(), _FACTS.c.id.desc())
            .limit(facts)
        ),
        how_many,
    )
    columns = [c for c in _INTERACTIONS.c if c.name not in _NOT_SHOWN]
    parts = []
    for n in range(how_many):
        lead = bindparam(f"lead_{n}")
        parts.append(
            select(*columns)
            .where(_INTERACTIONS.c.lead_id == lead)
            .order_by(_INTERACTIONS.c.occurred_at.desc(), _INTERACTIONS.c.id.desc())
            .limit(recent)
        )
        parts += [
            select(*columns)
            .where(_INTERACTIONS.c.lead_id == lead, _INTERACTIONS.c.type == kind)
            .order_by(_INTERACTIONS.c.occurred_at.desc())
            .limit(KEY_PER_TYPE)
            for kind in KEY_TYPES
        ]
    interactions = union_all(*[select(part.subquery()) for part in parts])
    return summary, top_topics, recent_facts, interactions


_NOT_SHOWN = {"created_at", "title_analysis_id", "comment_analysis_id", "external_id"}


# Leads read per round of statements: the interactions read is a UNION ALL of
# (1 + len(KEY_TYPES)) parts per lead, and SQLite allows at most 500 terms in one compound
# SELECT. Any page size works (a page of 100 is two rounds); each round's statements are
# built once and cached.
LEADS_PER_READ = 480 // (1 + len(KEY_TYPES))


def _load(session: Session, leads: Sequence[Lead], settings: BriefSettings) -> dict[int, _LeadData]:
    data: dict[int, _LeadData] = {}
    for start in range(0, len(leads), LEADS_PER_READ):
        data.update(_load_some(session, leads[start : start + LEADS_PER_READ], settings))
    return data


def _load_some(
    session: Session, leads: Sequence[Lead], settings: BriefSettings
) -> dict[int, _LeadData]:
    data = {lead.id: _LeadData(lead) for lead in leads}
    params = {f"lead_{n}": lead_id for n, lead_id in enumerate(data)}
    summary, topics, facts, interactions = _statements(
        len(data), settings.topics_shown, settings.facts_shown, settings.interactions_shown
    )
    for row in session.execute(summary, params):
        item = data[row.of_lead]
        item.activity = row if row.lead_id is not None else None
        if row.owner_user_email is not None:
            item.owner = RepView(
                first_name=_first_name(row.owner_name),
                name=row.owner_name,
                email=row.owner_user_email,
            )
    for topic in session.execute(topics, params):
        data[topic.lead_id].topics.append(topic)
    for fact in session.execute(facts, params):
        data[fact.lead_id].facts.append(fact)
    seen: set[int] = set()
    for interaction in session.execute(interactions, params):
        if interaction.id not in seen:
            seen.add(interaction.id)
            data[interaction.lead_id].interactions.append(interaction)
    for item in data.values():
        item.topics.sort(key=lambda topic: (-topic.weight_log, topic.name))
        # Newest interaction first; within one comment, in the order the lead wrote them.
        item.facts.sort(key=lambda f: (-f.occurred_at.timestamp(), -f.interaction_id, f.start))
        item.interactions.sort(key=lambda i: (i.occurred_at, i.id), reverse=True)
    return data


def _first_name(name: str | None) -> str | None:
    parts = (name or "").split()
    return parts[0] if parts else None


def lead_shown(lead: Lead) -> dict[str, Any]:
    """The lead as the brief shows it."""
    return {
        "id": lead.id,
        "email": lead.email,
        "first_name": lead.first_name,
        "last_name": lead.last_name,
        "company": lead.company,
        "title": lead.title,
        "phone": lead.phone,
        "owner_email": lead.owner_email,
        "external_ids": lead.external_id_map,
        "country": lead.country,
        "region": lead.region,
        "state": lead.state,
        "routing_reason": lead.routing_reason,
        "routing_pool": lead.routing_pool,
    }


def assignment_shown(lead: Lead) -> dict[str, Any]:
    """Who owns the lead and why. A lead stored before routing has no reason: none is
    invented."""
    return {
        "owner_email": lead.owner_email,
        "unassigned": lead.owner_email is None,
        "reason": lead.routing_reason,
        "pool": lead.routing_pool,
    }


def _interaction_dict(interaction: Any) -> dict[str, Any]:
    """A row of the brief's interaction read as the contract's interaction object."""
    shown = interaction._asdict()
    del shown["lead_id"]
    return shown


@dataclass(frozen=True)
class _Prepared:
    """What a brief shows beside its track, and the context the track renders with."""

    freshness: Freshness
    topics: list[dict[str, Any]]
    said: SpokenFacts
    ctx: TrackContext


def _context(data: _LeadData, situation: str, now: datetime, settings: BriefSettings) -> _Prepared:
    lead, activity = data.lead, data.activity
    freshness = freshness_of(activity, situation, now, settings)
    # The track sees the recent and the older key interactions alike.
    context_interactions = data.interactions
    topics = [
        {
            "name": topic.name,
            "score": round(current_weight(topic.weight_log, now), 3),
            "evidence": list(topic.evidence or []),
        }
        for topic in data.topics
    ]
    # Each statement once (a form sent twice), dates said as of now, preferences heeded.
    comments = {i.id: i.comment for i in context_interactions if i.comment}
    said = spoken_facts(data.facts, now, first_name_or(lead, "The lead"), comments)
    context_views = tuple(
        InteractionView(
            id=i.id,
            type=i.type,
            occurred_at=i.occurred_at,
            title=i.title,
            asset_type=i.asset_type,
            url=i.url,
            comment=i.comment,
            campaign=i.campaign,
        )
        for i in context_interactions
    )
    ctx = TrackContext(
        lead=LeadView(
            id=lead.id,
            email=lead.email,
            first_name=lead.first_name,
            last_name=lead.last_name,
            company=lead.company,
            title=lead.title,
        ),
        rep=data.owner or RepView(),
        situation=situation,
        freshness=FreshnessView(
            status=freshness.status,
            hours_since_last=freshness.hours_since_last,
            follow_up_due_at=freshness.follow_up_due_at,
            overdue=freshness.overdue,
        ),
        topics=speakable_topics(
            [
                TopicView(name=t["name"], score=t["score"], evidence=tuple(t["evidence"]))
                for t in topics
            ],
            context_views,
            named=[v.value for v in said.views if v.kind in NAMED_KINDS],
        ),
        facts=tuple(said.views),
        interactions=context_views,
        now=now,
        account=data.account.view if data.account is not None else None,
    )
    return _Prepared(freshness, topics, said, ctx)


def _assemble(
    data: _LeadData,
    situation: str,
    choices: Sequence[TrackChoice],
    now: datetime,
    settings: BriefSettings,
) -> Brief:
    lead, activity = data.lead, data.activity
    prepared = _context(data, situation, now, settings)
    freshness, topics, said, ctx = prepared.freshness, prepared.topics, prepared.said, prepared.ctx
    # The brief lists the 50 most recent; the older key interactions only feed the track.
    context_interactions = data.interactions
    recent = context_interactions[: settings.interactions_shown]
    facts = said.listed
    choice = choose_track(choices, lead.id, situation, [t["name"] for t in topics])
    rendered, track, warnings = _render(choice, ctx)
    why = _why(data, situation, now, settings, context_interactions)
    count = activity.meaningful_count if activity is not None else 0
    return Brief(
        brief_id=str(uuid.uuid4()),
        generated_at=now,
        lead=lead_shown(lead),
        situation=situation,
        freshness=freshness,
        priority=priority_of(situation, freshness, count, now, why),
        topics=topics,
        facts=facts,
        opening_line=rendered.opening_line,
        talk_track={**track, "lines": rendered.lines},
        interactions=[_interaction_dict(i) for i in recent],
        warnings=said.warnings + warnings,
        rep={"name": ctx.rep.name, "email": ctx.rep.email},
        assignment=assignment_shown(lead),
        account=data.account.as_dict() if data.account is not None else None,
        context=ctx,
    )


def _render(
    choice: TrackChoice | None, ctx: TrackContext
) -> tuple[RenderedTrack, dict[str, Any], list[str]]:
    """The chosen track's lines, or the built-in track's with a warning (never an error)."""
    if choice is not None:
        try:
            rendered = render_track(choice.body, ctx)
            track = {"name": choice.name, "version": choice.version, "variant": choice.variant}
            return rendered, track, []
        except TrackRenderError as exc:
            where = f" at line {exc.line}" if exc.line else ""
            warning = (
                f"talk track {choice.name!r} version {choice.version} failed to render{where} "
                f"({exc.message}); the built-in track was used"
            )
    else:
        warning = "no published talk track fits this lead; the built-in track was used"
    rendered = render_builtin(ctx)
    return rendered, {"name": BUILTIN_TRACK_NAME, "version": 0, "variant": "A"}, [warning]


def _why(
    data: _LeadData,
    situation: str,
    now: datetime,
    settings: BriefSettings,
    interactions: Sequence[Interaction],
) -> str | None:
    """The situation in the lead's own terms, for the priority's reasons."""
    activity = data.activity
    if activity is None or activity.last_meaningful_at is None:
        return "no activity yet"
    by_id = {i.id: i for i in interactions}
    if situation == "hand_raiser":
        request = next(
            (
                f
                for f in data.facts
                if f.kind == "request" and f.interaction_id == activity.hand_raise_id
            ),
            None,
        )
        when = ago(activity.hand_raise_at, now)
        if request is not None:
            return f"asked for {request_phrase(shorten(request.value, 40))} {when}"
        form = by_id.get(activity.hand_raise_id)
        if form is not None and form.title:
            return f"filled in {quoted(form.title, 60)} {when}"
        return f"raised a hand {when}"
    if situation == "event_attendee":
        event = by_id.get(activity.event_id)
        what = quoted(event.title, 60) if event is not None and event.title else "an event"
        return f"attended {what} {ago(activity.event_at, now)}"
    if situation == "re_engaged":
        silence = elapsed(timedelta(days=activity.silence_days or 0))
        return f"back after {silence} of silence, {ago(activity.reengaged_at, now)}"
    if situation == "researcher":
        download = by_id.get(activity.download_id)
        if download is not None and now - activity.download_at <= settings.research_window:
            what = quoted(download.title, 60) if download.title else "content"
            return f"downloaded {what} {ago(activity.download_at, now)}"
        window_start = now - settings.research_window
        count = sum(
            1
            for i in interactions
            if i.type not in MEANINGLESS_TYPES and window_start <= i.occurred_at <= now
        )
        days = settings.research_window.days
        more = "at least " if count >= settings.interactions_shown else ""
        return f"{more}{count} interactions in the last {days} days"
    return f"last active {ago(activity.last_meaningful_at, now)}"
