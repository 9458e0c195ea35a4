"""The admins' routing page: the rules in order (add, edit, move up or down, delete) and the
reps' teams, away flags and pools. Thin: every change goes through ``callprep.routing``.
Ordinary forms with the CSRF token; a refused rule shows the form again with what was typed
and the problem per field (422), and stores nothing."""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, render_template, request, url_for

from callprep.errors import CallprepError
from callprep.models.routing import RULE_KINDS
from callprep.request_session import db_session, discard_changes
from callprep.routing import assignments
from callprep.routing import rules as routing_rules
from callprep.web.layout import page_blueprint
from callprep.web.session import login_required

bp = page_blueprint("routing", __name__)


def _list(name: str) -> list[str]:
    return [part.strip() for part in request.form.get(name, "").split(",") if part.strip()]


def _typed() -> dict[str, Any]:
    form = request.form
    return {
        "kind": form.get("kind", ""),
        "name": form.get("name", ""),
        "countries": _list("countries"),
        "regions": _list("regions"),
        "states": _list("states"),
        "owner_email": form.get("owner_email", "").strip() or None,
        "team": form.get("team", ""),
        "pool": form.get("pool", ""),
        "active": form.get("active", "1") == "1",
    }


def _problems(error: CallprepError) -> dict[str, str]:
    return {
        str(name): "; ".join(str(m) for m in messages) if isinstance(messages, list) else messages
        for name, messages in (error.errors or {}).items()
    }


@bp.get("/routing")
@login_required("admin")
def index():
    """The rules, the add form, and the reps' routing settings."""
    editing = request.args.get("edit", type=int)
    return _page({}, {}, editing)


def _page(typed: dict[str, Any], problems: dict[str, str], editing: int | None, status=200):
    session = db_session()
    rules = routing_rules.list_rules(session)
    edited = next((rule for rule in rules if rule.id == editing), None)
    page = render_template(
        "routing/index.html",
        rules=rules,
        describe=routing_rules.describe,
        kinds=RULE_KINDS,
        users=assignments.routing_users(session),
        typed=typed,
        problems=problems,
        edited=edited,
        nav_active="routing",
    )
    return page, status


@bp.post("/routing/rules")
@login_required("admin")
def create_rule():
    typed = _typed()
    position = request.form.get("position", type=int)
    try:
        rule = routing_rules.create_rule(db_session(), typed, position)
    except CallprepError as error:
        discard_changes()
        return _page(typed, _problems(error), None, error.status)
    flash(f"Rule {rule.position} added: {routing_rules.describe(rule)}.", "ok")
    return redirect(url_for("routing.index"))


@bp.post("/routing/rules/<int:rule_id>")
@login_required("admin")
def update_rule(rule_id: int):
    typed = _typed()
    session = db_session()
    try:
        rule = routing_rules.update_rule(session, routing_rules.get_rule(session, rule_id), typed)
    except CallprepError as error:
        discard_changes()
        return _page(typed, _problems(error), rule_id, error.status)
    flash(f"Rule {rule.position} saved.", "ok")
    return redirect(url_for("routing.index"))


@bp.post("/routing/rules/<int:rule_id>/move")
@login_required("admin")
def move_rule(rule_id: int):
    session = db_session()
    step = -1 if request.form.get("direction") == "up" else 1
    routing_rules.move_rule(session, routing_rules.get_rule(session, rule_id), step)
    return redirect(url_for("routing.index"))


@bp.post("/routing/rules/<int:rule_id>/delete")
@login_required("admin")
def delete_rule(rule_id: int):
    session = db_session()
    routing_rules.delete_rule(session, routing_rules.get_rule(session, rule_id))
    flash("Rule deleted.", "ok")
    return redirect(url_for("routing.index"))


@bp.post("/routing/users/<int:user_id>")
@login_required("admin")
def update_user(user_id: int):
    user = assignments.set_user_routing(
        db_session(),
        user_id,
        {
            "team": request.form.get("team", ""),
            "routing_pool": request.form.get("routing_pool", ""),
            "away": request.form.get("away") == "1",
        },
    )
    flash(f"Saved routing for {user.name or user.email}.", "ok")
    return redirect(url_for("routing.index") + "#reps")
