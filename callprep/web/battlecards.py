"""Marketing's battlecards page: the list of cards with a new-card form, and one card's editor
(save a new draft version, publish a version, archive). Thin: every change goes through
``callprep.battlecards.store``. Ordinary forms with the CSRF token; a refused save shows the
form again with what was typed and the problems per field (422), and stores nothing."""

from __future__ import annotations

from typing import Any

from flask import abort, flash, redirect, render_template, request, url_for

from callprep.battlecards import store as cards
from callprep.errors import CallprepError, NotFound
from callprep.request_session import db_session, discard_changes
from callprep.web.layout import page_blueprint
from callprep.web.session import login_required, user_principal

bp = page_blueprint("battlecards", __name__)
EDITORS = ("marketing", "admin")
LIMITS = {
    "competitor": cards.MAX_COMPETITOR_CHARS,
    "differ": cards.MAX_DIFFER_CHARS,
    "landmine": cards.MAX_LANDMINE_CHARS,
    "landmines": cards.MAX_LANDMINES,
    "proof": cards.MAX_PROOF_CHARS,
    "aliases": cards.MAX_ALIASES,
}


def _author() -> str:
    return user_principal().email or "web"


def _typed() -> dict[str, Any]:
    """The form as the store takes it: landmines one per line, aliases comma-separated."""
    form = request.form
    return {
        "differ": form.get("differ", ""),
        "landmines": [line for line in form.get("landmines", "").splitlines() if line.strip()],
        "proof": form.get("proof", ""),
        "aliases": [a for a in form.get("aliases", "").split(",") if a.strip()],
    }


def _problems(error: CallprepError) -> dict[str, str]:
    """Field -> message, landmines.2 and aliases.0 under their list's field."""
    found: dict[str, str] = {}
    for name, messages in (error.errors or {}).items():
        field = str(name).split(".", 1)[0]
        text = "; ".join(str(m) for m in messages) if isinstance(messages, list) else messages
        if "." in str(name):
            text = f"line {int(str(name).split('.', 1)[1]) + 1}: {text}"
        found.setdefault(field, str(text))
    return found


@bp.get("/battlecards")
@login_required(*EDITORS)
def index():
    """Every card with its status, and the form for a new one."""
    return _index_page({}, {})


def _index_page(typed: dict[str, Any], problems: dict[str, str], status: int = 200):
    page = render_template(
        "battlecards/index.html",
        cards=cards.list_cards(db_session()),
        typed=typed,
        problems=problems,
        limits=LIMITS,
        nav_active="battlecards",
    )
    return page, status


@bp.post("/battlecards")
@login_required(*EDITORS)
def create():
    typed = {**_typed(), "competitor": request.form.get("competitor", "")}
    try:
        card = cards.create_card(db_session(), **typed, changed_by=_author())
    except CallprepError as error:
        discard_changes()
        flash(error.message, "error")
        return _index_page(typed, _problems(error), error.status)
    flash(f"Created the battlecard for {card.competitor} as a draft: publish it for briefs.", "ok")
    return redirect(url_for("battlecards.editor", card_id=card.id))


@bp.get("/battlecards/<int:card_id>")
@login_required(*EDITORS)
def editor(card_id: int):
    """One card: its latest version in the form, its versions, publish and archive."""
    return _editor_page(card_id, None, {})


def _editor_page(card_id: int, typed: dict[str, Any] | None, problems: dict, status: int = 200):
    session = db_session()
    try:
        card = cards.card_summary(session, card_id)
    except NotFound:
        abort(404)
    latest = card.latest
    shown = typed or {
        "differ": latest.differ,
        "landmines": latest.landmines,
        "proof": latest.proof,
        "aliases": card.aliases,
    }
    base = request.form.get("base_version", type=int) if typed else latest.version
    page = render_template(
        "battlecards/editor.html",
        card=card,
        versions=cards.list_versions(session, card_id),
        typed=shown,
        base_version=base or latest.version,
        problems=problems,
        limits=LIMITS,
        nav_active="battlecards",
    )
    return page, status


@bp.post("/battlecards/<int:card_id>")
@login_required(*EDITORS)
def save(card_id: int):
    """A new draft version from the form (briefs keep the published one)."""
    typed = _typed()
    try:
        version = cards.save_version(
            db_session(),
            card_id,
            **typed,
            changed_by=_author(),
            base_version=request.form.get("base_version", type=int),
        )
    except NotFound:
        abort(404)
    except CallprepError as error:
        discard_changes()
        flash(error.message, "error")
        return _editor_page(card_id, typed, _problems(error), error.status)
    flash(f"Saved version {version.version} as a draft. Briefs show the published one.", "ok")
    return redirect(url_for("battlecards.editor", card_id=card_id))


def _form_action(card_id: int, action) -> Any:
    try:
        message = action()
    except NotFound:
        abort(404)
    except CallprepError as error:
        flash(error.message, "error")
    else:
        flash(message, "ok")
    return redirect(url_for("battlecards.editor", card_id=card_id))


@bp.post("/battlecards/<int:card_id>/publish")
@login_required(*EDITORS)
def publish(card_id: int):
    version = request.form.get("version", type=int) or 0

    def run() -> str:
        card = cards.publish(db_session(), card_id, version, by=_author())
        return f"Published version {version}: briefs that name {card.competitor} show it now."

    return _form_action(card_id, run)


@bp.post("/battlecards/<int:card_id>/archive")
@login_required(*EDITORS)
def archive(card_id: int):
    def run() -> str:
        cards.archive(db_session(), card_id, by=_author())
        return "Archived: no brief shows this card now."

    return _form_action(card_id, run)
