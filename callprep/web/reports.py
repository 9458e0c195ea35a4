"""Reports pages for marketing and admins (reps get 403): the same services as the JSON."""

from __future__ import annotations

from flask import redirect, render_template, request, url_for
from sqlalchemy import select

from callprep.briefs.labels import SITUATION_LABELS
from callprep.db import utcnow
from callprep.models import TalkTrack, TalkTrackVersion
from callprep.reports import figures as reports
from callprep.request_session import db_session
from callprep.talktracks.store import SEED_AUTHOR
from callprep.web.layout import page_blueprint
from callprep.web.report_tools import PRESETS, DateRange, csv_download, names_for, parse_range
from callprep.web.session import current_user, login_required

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
    period = _period()
    report = reports.talktrack_report(db_session(), since=period.since, until=period.until)
    totals = {
        key: sum(row[key] for row in report["rows"])
        for key in ("briefs", "outcomes", "connects", "meetings")
    }
    return _page(
        "reports/talktracks.html",
        period,
        report=report,
        totals=totals,
        authors=_authors(report["rows"]),
        tab="talktracks",
    )


@bp.get("/reports/talktracks.csv")
@login_required(*READERS)
def talktracks_csv():
    period = _period()
    report = reports.talktrack_report(db_session(), since=period.since, until=period.until)
    authors = _authors(report["rows"])
    header = ["track", "version", "variant", "author", "briefs shown", "outcomes", "connects"]
    header += ["connect rate", "connect ci95 low", "connect ci95 high", "meetings"]
    header += ["meeting rate", "meeting ci95 low", "meeting ci95 high"]
    rows = []
    for row in report["rows"]:
        connect, meeting = row["connect_rate"], row["meeting_rate"]
        has_data = row["outcomes"] > 0
        rows.append(
            [
                row["track_name"],
                row["version"],
                row["variant"],
                authors.get((row["track_name"], row["version"]), ""),
                row["briefs"],
                row["outcomes"],
                row["connects"],
                connect["rate"],
                *(connect["ci95"] if has_data else ["", ""]),
                row["meetings"],
                meeting["rate"],
                *(meeting["ci95"] if has_data else ["", ""]),
            ]
        )
    return csv_download(f"talk-tracks-{period.file_label}.csv", header, rows)


def _quality_grouping() -> str:
    """The lead-quality grouping asked for; an unknown one reads as the default, by source."""
    by = request.args.get("by", "source")
    return by if by in reports.QUALITY_GROUPINGS else "source"


@bp.get("/reports/lead-quality")
@login_required(*READERS)
def lead_quality():
    """Ready / nurture / junk by source, campaign, asset or situation."""
    by = _quality_grouping()
    period = _period()
    report = reports.lead_quality_report(db_session(), by, since=period.since, until=period.until)
    return _page(
        "reports/lead_quality.html",
        period,
        report=report,
        by=by,
        groupings=reports.QUALITY_GROUPINGS,
        situations=SITUATION_LABELS,
        tab="lead_quality",
    )


@bp.get("/reports/lead-quality.csv")
@login_required(*READERS)
def lead_quality_csv():
    by = _quality_grouping()
    period = _period()
    report = reports.lead_quality_report(db_session(), by, since=period.since, until=period.until)
    rows = [
        [
            SITUATION_LABELS.get(g["group"], g["group"]) if by == "situation" else g["group"],
            g["ready"],
            g["nurture"],
            g["junk"],
            g["total"],
            g["shares"]["ready"],
        ]
        for g in report["groups"]
    ]
    missing = report["unattributed"]
    if missing["total"]:
        rows.append(
            [f"(no {by})", missing["ready"], missing["nurture"], missing["junk"], missing["total"]]
        )
    header = [by, "ready", "nurture", "junk", "leads", "ready share"]
    return csv_download(f"lead-quality-by-{by}-{period.file_label}.csv", header, rows)


@bp.get("/reports/speed-to-lead")
@login_required(*READERS)
def speed_to_lead():
    """How fast hand-raisers are called, and who is overdue now."""
    now = utcnow()
    period = _period()
    report = reports.speed_to_lead_report(db_session(), now=now, days=_days(period, now))
    return _page(
        "reports/speed.html",
        period,
        report=report,
        now=now,
        owners=names_for(db_session(), (i["lead"]["owner_email"] for i in report["overdue_now"])),
        situations=SITUATION_LABELS,
        tab="speed",
        presets_only=True,
    )


@bp.get("/reports/speed-to-lead.csv")
@login_required(*READERS)
def speed_to_lead_csv():
    now = utcnow()
    period = _period()
    report = reports.speed_to_lead_report(db_session(), now=now, days=_days(period, now))
    owners = names_for(db_session(), (i["lead"]["owner_email"] for i in report["overdue_now"]))
    header = ["lead", "email", "company", "owner", "situation", "due at (UTC)", "minutes overdue"]
    rows = [
        [
            " ".join(p for p in (i["lead"]["first_name"], i["lead"]["last_name"]) if p),
            i["lead"]["email"],
            i["lead"]["company"],
            owners.get(i["lead"]["owner_email"], i["lead"]["owner_email"])
            if i["lead"]["owner_email"]
            else "unassigned",
            SITUATION_LABELS.get(i["situation"], i["situation"]),
            i["follow_up_due_at"].isoformat(),
            i["overdue_minutes"],
        ]
        for i in report["overdue_now"]
    ]
    return csv_download("overdue-now.csv", header, rows)


def _period() -> DateRange:
    user = current_user()
    return parse_range(request.args, user.time_zone if user else None)


def _days(period: DateRange, now) -> int:
    """The speed report looks back a number of days from now."""
    if period.start is None:
        return 365
    return max(1, min(365, (now.date() - period.start).days + 1))


def _authors(rows) -> dict[tuple[str, int], str]:
    """(track, version) -> who wrote that version, by name."""
    wanted = {(row["track_name"], row["version"]) for row in rows if row["version"]}
    if not wanted:
        return {}
    found = db_session().execute(
        select(TalkTrack.name, TalkTrackVersion.version, TalkTrackVersion.author)
        .join(TalkTrackVersion, TalkTrackVersion.track_id == TalkTrack.id)
        .where(TalkTrack.name.in_({name for name, _version in wanted}))
    )
    by_version = {(name, version): author for name, version, author in found}
    names = names_for(db_session(), by_version.values())
    shown = {}
    for key in wanted:
        author = by_version.get(key)
        shown[key] = "shipped default" if author == SEED_AUTHOR else names.get(author, "")
    return shown


def _page(template: str, period: DateRange, **context):
    status = 422 if period.errors else 200
    return (
        render_template(template, period=period, presets=PRESETS, tabs=TABS, **context),
        status,
    )
