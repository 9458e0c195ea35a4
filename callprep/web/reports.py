"""Reports pages for marketing and admins (reps get 403): the same services as the JSON."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for

from callprep.briefs.rep_pages import SITUATION_LABELS
from callprep.db import utcnow
from callprep.reports import figures as reports
from callprep.request_session import db_session
from callprep.web.layout import page_blueprint
from callprep.web.session import login_required

bp = page_blueprint("report_pages", __name__)
READERS = ("marketing", "admin")
TABS = (
    ("talktracks", "Talk tracks", "report_pages.talktracks"),
    ("lead_quality", "Lead quality", "report_pages.lead_quality"),
    ("speed", "Speed to lead", "report_pages.speed_to_lead"),
)


@bp.get("/reports")
@login_required(*READERS)
def index():
    return redirect(url_for("report_pages.talktracks"))


@bp.get("/reports/talktracks")
@login_required(*READERS)
def talktracks():
    """Which talk tracks (versions, variants) lead to connects and meetings."""
    report = reports.talktrack_report(db_session())
    totals = {
        key: sum(row[key] for row in report["rows"])
        for key in ("briefs", "outcomes", "connects", "meetings")
    }
    return render_template(
        "reports/talktracks.html", report=report, totals=totals, tabs=TABS, tab="talktracks"
    )


@bp.get("/reports/lead-quality")
@login_required(*READERS)
def lead_quality():
    """Ready / nurture / junk by source, campaign, asset or situation."""
    by = request.args.get("by", "source")
    if by not in reports.QUALITY_GROUPINGS:
        by = "source"
    report = reports.lead_quality_report(db_session(), by)
    return render_template(
        "reports/lead_quality.html",
        report=report,
        by=by,
        groupings=reports.QUALITY_GROUPINGS,
        situations=SITUATION_LABELS,
        tabs=TABS,
        tab="lead_quality",
    )


@bp.get("/reports/speed-to-lead")
@login_required(*READERS)
def speed_to_lead():
    """How fast hand-raisers are called, and who is overdue now."""
    now = utcnow()
    report = reports.speed_to_lead_report(db_session(), now=now)
    return render_template(
        "reports/speed.html",
        report=report,
        now=now,
        situations=SITUATION_LABELS,
        tabs=TABS,
        tab="speed",
    )
