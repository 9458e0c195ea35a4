"""Built-in fallback tracks, one per situation.

Used when a marketing track fails or none fits, so they must render for any lead: they use
only guarded data and short, fixed sentences (proved by the property tests).
"""

from __future__ import annotations

from callprep.trackengine.context import TrackContext
from callprep.trackengine.render import RenderedTrack, TrackRenderError, render_track
from callprep.vocabulary import SITUATIONS

_GREETING = '{% set name = lead|first_name_or("there") %}\n'

BUILTIN_TRACKS: dict[str, str] = {
    "hand_raiser": _GREETING
    + """{% block opener %}
Hi {{ name }}, thanks for getting in touch.
{% if facts.need %}
You mentioned you need {{ facts.need.value|need_phrase|shorten(80) }}{% if contact.call_ok %},
so I wanted to call right away{% endif %}.
{% elif contact.call_ok %}
I saw your note come in and wanted to call while it's fresh.
{% else %}
I saw your note come in, and I know you'd rather keep this to email.
{% endif %}
{% endblock %}
{% block questions %}
What prompted you to reach out now?
{% endblock %}
{% block next_step %}
{% if contact.call_ok %}
Could we set up 30 minutes this week to go through it properly?
{% else %}
I'll put this in writing for you today.
{% endif %}
{% endblock %}
""",
    "researcher": _GREETING
    + """{% block opener %}
Hi {{ name }},
{% if latest_downloads %}
I saw you downloaded {{ latest_downloads[0]|asset_phrase }}. Was that helpful?
{% else %}
I noticed you've been looking at our content lately. Was it helpful?
{% endif %}
{% endblock %}
{% block questions %}
What got you looking into this now?
{% endblock %}
{% block next_step %}
Would it be worth 20 minutes this week to compare notes?
{% endblock %}
""",
    "event_attendee": _GREETING
    + """{% block opener %}
Hi {{ name }}, thanks for spending time with us at our recent session. What stood out for you?
{% endblock %}
{% block questions %}
How are you handling this today?
{% endblock %}
{% block next_step %}
Would it help to take 20 minutes to go through how it applies to you?
{% endblock %}
""",
    "re_engaged": _GREETING
    + """{% block opener %}
Hi {{ name }}, it's been a while. I noticed you checked back in with us recently. Has something
changed on your side?
{% endblock %}
{% block questions %}
What are you working on now?
{% endblock %}
{% block next_step %}
Would a quick catch-up this week be useful?
{% endblock %}
""",
    "cold": _GREETING
    + """{% block opener %}
Hi {{ name }}, I'll be brief. I'd like to hear what your team is focused on this year and see
whether we can help. Do you have two minutes?
{% endblock %}
{% block questions %}
Who would be the right person to talk to about it?
{% endblock %}
""",
}
assert set(BUILTIN_TRACKS) == set(SITUATIONS)


def render_builtin(ctx: TrackContext) -> RenderedTrack:
    """The built-in track for ``ctx.situation``."""
    # A generous budget: on a busy machine the fallback must still come back.
    return render_track(BUILTIN_TRACKS[ctx.situation], ctx, time_budget_s=5.0)


def render_or_fallback(body: str | None, ctx: TrackContext) -> tuple[RenderedTrack, list[str]]:
    """Render a marketing track; if it is missing or fails, the built-in one, with a warning.

    The warning says what failed without repeating lead data.
    """
    if body is not None:
        try:
            return render_track(body, ctx), []
        except TrackRenderError as exc:
            where = f" at line {exc.line}" if exc.line else ""
            warning = f"the talk track failed{where} ({exc.message}); the built-in track was used"
            return render_builtin(ctx), [warning]
    return render_builtin(ctx), ["no talk track fits this lead; the built-in track was used"]
