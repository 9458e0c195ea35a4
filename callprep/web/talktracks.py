"""Marketing's talk-track editor: the list of tracks, and one track's editor with live
preview against a real lead, validation at the line, versions and diffs, publish, roll back,
A/B weights and archive. Thin: every change goes through ``callprep.talktracks.editing``.

Saving and previewing are JSON calls from the page (CSRF token in the X-CSRFToken header);
publishing, rolling back, weights and archiving are ordinary forms."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from flask import abort, flash, jsonify, redirect, render_template, request, url_for

from callprep.accounts.timezones import format_time
from callprep.briefs.labels import SITUATION_LABELS
from callprep.briefs.track_preview import preview as render_preview
from callprep.briefs.track_preview import preview_leads
from callprep.errors import CallprepError, NotFound
from callprep.request_session import db_session, discard_changes
from callprep.talktracks import editing, reading
from callprep.talktracks import store as talktracks
from callprep.trackengine.public import BUILTIN_TRACKS, CONTEXT_REFERENCE
from callprep.trackengine.samples import SAMPLE_KINDS
from callprep.web import editor_palette as palette
from callprep.web.layout import page_blueprint
from callprep.web.session import current_user, login_required, user_principal

bp = page_blueprint("talktracks", __name__)
EDITORS = ("marketing", "admin")


def _author() -> str:
    return user_principal().email or "web"


@bp.get("/talktracks")
@login_required(*EDITORS)
def index():
    """Every track with its situation, status and variant weights."""
    session = db_session()
    tracks = reading.list_tracks(session)
    return render_template(
        "talktracks/index.html",
        tracks=tracks,
        situations=SITUATION_LABELS,
        nav_active="talktracks",
    )


@bp.post("/talktracks")
@login_required(*EDITORS)
def create():
    """A new track, starting from the built-in track of its situation."""
    name = request.form.get("name", "").strip()
    situation = request.form.get("situation", "")
    body = BUILTIN_TRACKS.get(situation, "")
    try:
        editing.create_track(
            db_session(),
            name=name,
            situation=situation,
            body=body,
            description=request.form.get("description") or None,
            note="started from the built-in track",
            author=_author(),
        )
    except CallprepError as error:
        # A refused change keeps nothing of itself (weights saved before a bad angle, say).
        discard_changes()
        flash(error.message, "error")
        return redirect(url_for("talktracks.index"))
    flash(f"Created {name}: edit it, preview it, then publish it.", "ok")
    return redirect(url_for("talktracks.editor", name=name))


@bp.get("/talktracks/<name>")
@login_required(*EDITORS)
def editor(name: str):
    """One track: editor, live preview, versions, diff, variants and history."""
    session = db_session()
    try:
        summary = reading.track_summary(session, name)
    except NotFound:
        abort(404)
    versions = reading.list_versions(session, name)
    numbers = [v.version for v in versions]
    shown = request.args.get("version", type=int)
    current = next((v for v in versions if v.version == shown), versions[0])
    diff = _diff(session, name, numbers)
    # Which track each lead's real brief uses: this one's leads come first, and the preview
    # opens on the first of them.
    uses_this, uses_other = preview_leads(session, name, summary.situation)
    return render_template(
        "talktracks/editor.html",
        track=summary,
        versions=versions,
        current=current,
        diff=diff,
        changes=reading.list_changes(session, name, limit=20),
        preview_leads=[c.lead for c in uses_this + uses_other],
        uses_this=uses_this,
        uses_other=uses_other,
        palette=palette,
        live={v.version: v.label for v in summary.variants if v.version is not None},
        live_a=next((v.version for v in summary.variants if v.label == "A" and v.version), None),
        reference=CONTEXT_REFERENCE,
        situations=SITUATION_LABELS,
        nav_active="talktracks",
    )


def _diff(session: Any, name: str, numbers: list[int]) -> dict[str, Any] | None:
    to_version = request.args.get("diff", type=int)
    if to_version is None or to_version not in numbers:
        return None
    older = [n for n in numbers if n < to_version]
    from_version = request.args.get("from", type=int) or (max(older) if older else to_version)
    if from_version not in numbers:
        return None
    text = reading.diff_versions(session, name, from_version, to_version)
    return {"from": from_version, "to": to_version, "lines": text.splitlines()}


# -- JSON calls from the editor ---------------------------------------------------------


@bp.post("/talktracks/<name>/preview")
@login_required(*EDITORS)
def preview(name: str):
    """Render the editor's body for the chosen lead or sample (422 with errors per line)."""
    session = db_session()
    track = talktracks.get_track(session, name)
    data = request.get_json(silent=True) or {}
    lead = data.get("lead")
    lead_id = int(lead) if isinstance(lead, str | int) and str(lead).isdigit() else None
    sample = lead if lead in SAMPLE_KINDS else None
    result = render_preview(
        session,
        str(data.get("body", "")),
        principal=user_principal(),
        lead_id=lead_id,
        sample=sample,
        situation=track.situation,
    )
    answer = result.as_dict()
    zone = getattr(current_user(), "time_zone", None)
    answer["evidence"] = [
        {**item, "when": format_time(_as_datetime(item.get("occurred_at")), zone)}
        for item in answer["evidence"]
    ]
    return jsonify(answer)


def _as_datetime(value: Any) -> datetime | None:
    """Evidence times, as the page shows every time (the user's zone, one format)."""
    if isinstance(value, datetime):
        return value
    try:
        return datetime.fromisoformat(str(value)) if value else None
    except ValueError:
        return None


@bp.post("/talktracks/<name>/draft")
@login_required(*EDITORS)
def save_draft(name: str):
    """Save the editor's body as a new draft version (validated first)."""
    data = request.get_json(silent=True) or {}
    note = str(data.get("note") or "").strip() or None
    base = data.get("base_version")
    version = editing.save_version(
        db_session(),
        name,
        str(data.get("body", "")),
        author=_author(),
        note=note,
        # The latest version when the page was opened: a save since then is a 409.
        base_version=base if isinstance(base, int) and not isinstance(base, bool) else None,
    )
    flash(f"Saved version {version.version} as a draft. Reps still see the published one.", "ok")
    return jsonify(
        {
            "version": version.version,
            "url": url_for("talktracks.editor", name=name),
        }
    )


# -- forms ------------------------------------------------------------------------------


def _form_action(name: str, action: Callable[[], str]):
    """Run a change; its message (or the refusal) is flashed on the editor page."""
    try:
        message = action()
    except CallprepError as error:
        # A refused change keeps nothing of itself (weights saved before a bad angle, say).
        discard_changes()
        flash(error.message, "error")
    else:
        flash(message, "ok")
    return redirect(url_for("talktracks.editor", name=name))


@bp.post("/talktracks/<name>/publish")
@login_required(*EDITORS)
def publish(name: str):
    version = request.form.get("version", type=int) or 0
    variant = (request.form.get("variant") or "A").strip()
    weight = request.form.get("weight", type=int)

    def run() -> str:
        editing.publish(db_session(), name, version, variant=variant, weight=weight, by=_author())
        return f"Published version {version} as variant {variant}. Reps' briefs use it now."

    return _form_action(name, run)


@bp.post("/talktracks/<name>/rollback")
@login_required(*EDITORS)
def rollback(name: str):
    variant = (request.form.get("variant") or "A").strip()

    def run() -> str:
        summary = editing.rollback(db_session(), name, variant=variant, by=_author())
        version = next(v.version for v in summary.variants if v.label == variant)
        return f"Rolled variant {variant} back to version {version}."

    return _form_action(name, run)


@bp.post("/talktracks/<name>/weights")
@login_required(*EDITORS)
def weights(name: str):
    weights: dict[str, int] = {}
    angles: dict[str, str] = {}
    for key, value in request.form.items():
        if key.startswith("weight_"):
            label = key.removeprefix("weight_")
            weights[label] = int(value) if value.strip().isdigit() else -1  # -1 is refused
        elif key.startswith("angle_"):
            angles[key.removeprefix("angle_")] = value

    def run() -> str:
        editing.set_weights(db_session(), name, weights, by=_author())
        if angles:
            editing.set_angles(db_session(), name, angles, by=_author())
            return "Saved the A/B weights and angles."
        return "Saved the A/B weights."

    return _form_action(name, run)


@bp.post("/talktracks/<name>/allocation")
@login_required(*EDITORS)
def allocation(name: str):
    mode = request.form.get("mode", "")
    floors: dict[str, int] = {}
    for key, value in request.form.items():
        if key.startswith("floor_"):
            label = key.removeprefix("floor_")
            floors[label] = int(value) if value.strip().isdigit() else -1  # -1 is refused

    def run() -> str:
        editing.set_allocation(db_session(), name, mode=mode, floors=floors, by=_author())
        if mode == "thompson":
            return "Leads are now split by Thompson sampling over meeting rates, above the floors."
        return "Leads are now split by the fixed weights."

    return _form_action(name, run)


@bp.post("/talktracks/<name>/archive")
@login_required(*EDITORS)
def archive(name: str):
    def run() -> str:
        editing.archive(db_session(), name, by=_author())
        return "Archived: no lead gets this track now."

    return _form_action(name, run)


@bp.post("/talktracks/<name>/unarchive")
@login_required(*EDITORS)
def unarchive(name: str):
    def run() -> str:
        editing.unarchive(db_session(), name, by=_author())
        return "Back from the archive: its published variants are live again."

    return _form_action(name, run)
