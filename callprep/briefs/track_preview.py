"""The talk-track editor's preview: a body rendered for a real lead (with the context its
brief would render with, read only: nothing is recorded) or a sample lead, and the leads to
preview with."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy.orm import Session

from callprep.accounts.users import Principal
from callprep.briefs.build import track_context
from callprep.config import current_brief_settings
from callprep.db import utcnow
from callprep.errors import InvalidInput
from callprep.leads import service as lead_service
from callprep.talktracks.store import BUILTIN_TRACK_NAME, choose_track, published_choices
from callprep.talktracks.validation import TrackInvalid, check_body, check_situation
from callprep.trackengine.public import RenderedTrack, TrackRenderError, render_track
from callprep.trackengine.samples import SAMPLE_KINDS, sample_context

#: Leads offered in the editor's picker, out of this many of the track's situation.
PREVIEW_LEADS = 12
PREVIEW_CANDIDATES = 30


@dataclass(frozen=True)
class PreviewLead:
    lead: dict[str, Any]
    track: str  # the track (version, variant) this lead's real brief uses
    version: int
    variant: str


def preview_leads(
    session: Session,
    name: str,
    situation: str,
    *,
    now: datetime | None = None,
    limit: int = PREVIEW_LEADS,
) -> tuple[list[PreviewLead], list[PreviewLead]]:
    """Leads of ``situation`` to preview track ``name`` against: (those whose brief uses it,
    the others), ``limit`` in all, this track's first. Which track a lead's brief uses is
    the brief's own choice (``choose_track``) over names and topics read plainly."""
    settings = current_brief_settings()
    leads = lead_service.leads_in_situation(
        session, situation, now=now or utcnow(), settings=settings, limit=PREVIEW_CANDIDATES
    )
    choices = published_choices(session, [situation])
    picks = []
    for lead in leads:
        choice = choose_track(choices, lead.id, situation, lead.top_topics)
        if choice is None:
            picks.append(PreviewLead(lead.as_dict(), BUILTIN_TRACK_NAME, 0, "A"))
        else:
            picks.append(PreviewLead(lead.as_dict(), choice.name, choice.version, choice.variant))
    uses_this = [p for p in picks if p.track == name][:limit]
    uses_other = [p for p in picks if p.track != name][: limit - len(uses_this)]
    return uses_this, uses_other


@dataclass(frozen=True)
class Preview:
    situation: str
    lead_id: int | str | None
    sample: str | None
    rendered: RenderedTrack
    interactions: dict[Any, dict[str, Any]]  # evidence id -> what the rep would see

    def as_dict(self) -> dict[str, Any]:
        return {
            "situation": self.situation,
            "lead_id": self.lead_id,
            "sample": self.sample,
            "opening_line": self.rendered.opening_line,
            "lines": self.rendered.lines,
            "evidence": [
                self.interactions[i] for i in self.rendered.evidence if i in self.interactions
            ],
        }


def preview(
    session: Session,
    body: str,
    *,
    principal: Principal | None = None,
    lead_id: int | None = None,
    sample: str | None = None,
    situation: str | None = None,
) -> Preview:
    """Render ``body`` for a real lead (its brief's context) or a sample lead.

    The body is validated first (as a track for ``situation``, or the lead's situation), so
    the preview refuses exactly what saving would refuse.
    """
    if situation is not None:
        check_situation(situation)
    if lead_id is not None:
        lead = lead_service.get_lead(session, lead_id, principal)
        ctx = track_context(session, lead)
        sample = None
    else:
        kind = sample or "rich"
        if kind not in SAMPLE_KINDS:
            raise InvalidInput(
                f"sample is one of {', '.join(SAMPLE_KINDS)}", errors={"sample": [kind]}
            )
        ctx = sample_context(situation or "hand_raiser", kind)
        sample = kind
    check_body(body, situation or ctx.situation)
    try:
        rendered = render_track(body, ctx)
    except TrackRenderError as exc:
        raise TrackInvalid(
            [{"line": exc.line or 1, "column": None, "message": f"{exc.message} (this lead)"}]
        ) from None
    shown = {
        i.id: {
            "id": i.id,
            "type": i.type,
            "occurred_at": i.occurred_at,
            "title": i.title,
            "asset_type": i.asset_type,
            "comment": i.comment,
        }
        for i in ctx.interactions
    }
    return Preview(ctx.situation, ctx.lead.id if lead_id is not None else None, sample, rendered,
                   shown)  # fmt: skip
