"""The rep's pages: the call queue and a lead's brief with the outcome form."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for

from callprep.briefs import queue as queues
from callprep.briefs.brief_page import lead_workspace
from callprep.briefs.labels import DISPOSITION_LABELS, QUALITY_LABELS, SITUATION_LABELS
from callprep.briefs.outcomes import MAX_NOTE_CHARS, get_brief_record, record_outcome
from callprep.db import utcnow
from callprep.errors import CallprepError, Forbidden, NotFound
from callprep.leads.service import get_lead, queue_owner
from callprep.request_session import db_session, discard_changes
from callprep.routing import assignments
from callprep.vocabulary import SITUATIONS
from callprep.web.layout import page_blueprint
from callprep.web.session import login_required, user_principal

bp = page_blueprint("workspace", __name__)
PAGE_SIZE = 25


@bp.get("/queue")
@login_required()
def queue():
    """The calling rep's leads, best call first, filtered by situation and overdue."""
    principal = user_principal()
    session = db_session()
    situation = request.args.get("situation") or None
    overdue = True if request.args.get("overdue") == "1" else None
    page = request.args.get("page", 1, type=int) or 1
    unassigned = request.args.get("view") == "unassigned"
    owner = None if unassigned else queue_owner(principal, request.args.get("owner_email"))
    try:
        items, total = queues.queue_page(
            session,
            principal,
            owner_email=owner,
            situation=situation,
            overdue=overdue,
            page=page,
            page_size=PAGE_SIZE,
            unassigned=unassigned,
        )
    except Forbidden:
        abort(403)
    return render_template(
        "workspace/queue.html",
        items=items,
        total=total,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        first_rank=(page - 1) * PAGE_SIZE + 1,
        situation=situation if situation in SITUATIONS else None,
        overdue=bool(overdue),
        owner=owner,
        owners=queues.queue_owners(session) if principal.role != "rep" else [],
        situations=SITUATION_LABELS,
        why=queues.why_in_words,
        row_context=queues.queue_row_context(session, items),
        dispositions=DISPOSITION_LABELS,
        now=utcnow(),
        unassigned=unassigned,
        unassigned_pool=queues.unassigned_pool(session, principal) if unassigned else None,
        can_see_unassigned=queues.sees_unassigned(session, principal),
        assignable=assignments.routing_users(session) if principal.role == "admin" else [],
    )


@bp.post("/leads/<int:lead_id>/assign")
@login_required("admin", "rep")
def assign(lead_id: int):
    """Admins give a lead to a rep (or back to the queue); a pool rep takes an unassigned one."""
    session = db_session()
    principal = user_principal()
    owner = (request.form.get("owner_email") or "").strip() or None
    try:
        lead = get_lead(session, lead_id, None if principal.role == "rep" else principal)
        assignments.assign_lead(session, principal, lead, owner)
    except NotFound:
        return _not_found()
    except CallprepError as error:
        discard_changes()
        flash(error.message, "error")
        return redirect(url_for("workspace.lead", lead_id=lead_id))
    name = " ".join(p for p in (lead.first_name, lead.last_name) if p) or lead.email
    flash(f"{name}: {lead.routing_reason}.", "ok")
    if request.form.get("next") == "queue" and principal.role == "admin":
        return redirect(url_for("workspace.queue", view="unassigned"))
    return redirect(url_for("workspace.lead", lead_id=lead_id))


@bp.get("/leads/<int:lead_id>")
@login_required()
def lead(lead_id: int):
    """The brief: opener first, the talk track, evidence, timeline, facts, outcome form."""
    try:
        page = lead_workspace(db_session(), lead_id, user_principal())
    except NotFound:
        return _not_found()
    return render_template(
        "workspace/lead.html",
        page=page,
        brief=page.brief,
        situations=SITUATION_LABELS,
        dispositions=DISPOSITION_LABELS,
        qualities=QUALITY_LABELS,
        why=queues.why_in_words,
        now=utcnow(),
        note_max=MAX_NOTE_CHARS,  # the box holds what the API takes (it once said 2,000)
        assignable=assignments.routing_users(db_session())
        if user_principal().role == "admin"
        else [],
    )


@bp.post("/leads/<int:lead_id>/outcome")
@login_required()
def log_outcome(lead_id: int):
    """Log the call's outcome against the brief the rep saw, then back to the queue."""
    session = db_session()
    principal = user_principal()
    try:
        lead = get_lead(session, lead_id, principal)
        brief_id = request.form.get("brief_id", "")
        if get_brief_record(session, brief_id, principal).lead_id != lead.id:
            raise NotFound(f"brief {brief_id} not found")
        record_outcome(
            session,
            brief_id,
            {
                "disposition": request.form.get("disposition", ""),
                "lead_quality": request.form.get("lead_quality") or None,
                "note": (request.form.get("note") or "").strip() or None,
            },
            principal,
        )
    except NotFound:
        return _not_found()
    except CallprepError as error:
        discard_changes()
        flash(_in_words(error), "error")
        return redirect(url_for("workspace.lead", lead_id=lead_id) + "#outcome")
    name = " ".join(p for p in (lead.first_name, lead.last_name) if p) or lead.email
    flash(f"Outcome logged for {name}.", "ok")
    return redirect(url_for("workspace.queue"))


def _in_words(error: CallprepError) -> str:
    """`the outcome is not valid: note must be text of at most 5000 characters` (the field
    named, as the API's 422 names it)."""
    problems = [
        f"{field} {messages[0] if isinstance(messages, list) and messages else messages}"
        for field, messages in error.errors.items()
    ]
    return error.message + (": " + "; ".join(problems) if problems else "")


def _not_found():
    # Another rep's lead looks exactly like no lead at all.
    abort(404)
