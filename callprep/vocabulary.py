"""The words callprep uses for one thing everywhere (the code, the API and the pages): each
list is written here once and imported where it is used."""

from __future__ import annotations

import nlp.model

# What kind of call this is (the brief's `situation`), in the order the pages list them.
SITUATIONS = ("hand_raiser", "researcher", "event_attendee", "re_engaged", "cold")

# What a lead did (an interaction's `type`).
INTERACTION_TYPES = (
    "web_visit",
    "content_download",
    "form_submission",
    "email_delivered",
    "email_open",
    "email_click",
    "webinar_registered",
    "webinar_attended",
    "event_attended",
)
# Something we did, not the lead: it never makes a lead fresh.
MEANINGLESS_TYPES = frozenset({"email_delivered"})
ATTENDED_TYPES = frozenset({"webinar_attended", "event_attended"})
EVENT_TYPES = ("webinar_attended", "event_attended", "webinar_registered")
# What the lead took or attended: a rep's brief page marks these interactions as key.
KEY_ACTION_TYPES = frozenset(
    {"content_download", "form_submission", "webinar_attended", "event_attended"}
)
# The latest few of these kinds join a brief's context even when 5,000 web visits are newer:
# the key actions and a webinar registration (a plan to attend, not yet an action).
KEY_TYPES = (
    "content_download",
    "form_submission",
    "webinar_attended",
    "event_attended",
    "webinar_registered",
)

# The fact kinds the extractor finds are the extractor's own (`import nlp` is light: spaCy
# comes only with an analysis).
FACT_KINDS = nlp.model.FACT_KINDS

# What the rep reports after the call.
DISPOSITIONS = (
    "connected",
    "voicemail",
    "no_answer",
    "meeting_booked",
    "not_interested",
    "bad_timing",
    "wrong_person",
)
# A connect is a call where the rep reached a person, whatever that person said.
CONNECT_DISPOSITIONS = (
    "connected",
    "meeting_booked",
    "not_interested",
    "bad_timing",
    "wrong_person",
)
MEETING_DISPOSITIONS = ("meeting_booked",)
LEAD_QUALITIES = ("ready", "nurture", "junk")
