"""The account page: an account's people and their merged timeline."""

from __future__ import annotations

from flask import abort, render_template, request

from callprep.briefs.labels import INTERACTION_LABELS
from callprep.companies import overview
from callprep.db import utcnow
from callprep.errors import Forbidden, NotFound
from callprep.request_session import db_session
from callprep.web.layout import page_blueprint
from callprep.web.session import login_required, user_principal

bp = page_blueprint("companies", __name__)
PAGE_SIZE = 25


@bp.get("/accounts/<int:account_id>")
@login_required()
def account(account_id: int):
    """An account: its people with titles, owners and last activity; their timeline."""
    session = db_session()
    principal = user_principal()
    page = max(1, request.args.get("page", 1, type=int) or 1)
    try:
        found = overview.account_overview(session, account_id, principal)
    except NotFound:
        abort(404)
    except Forbidden:
        abort(403)
    timeline, total = overview.account_timeline(
        session, found.company, principal, offset=(page - 1) * PAGE_SIZE, limit=PAGE_SIZE
    )
    return render_template(
        "companies/account.html",
        account=found,
        timeline=timeline,
        labels=INTERACTION_LABELS,
        page=page,
        pages=max(1, -(-total // PAGE_SIZE)),
        total=total,
        now=utcnow(),
    )
