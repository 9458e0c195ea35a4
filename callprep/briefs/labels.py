"""The words the pages show for the domain's names: situations, dispositions, lead qualities,
interaction types, fact kinds and talk-track blocks (the names are ``callprep.vocabulary``'s)."""

from __future__ import annotations

SITUATION_LABELS = {
    "hand_raiser": "Hand-raiser",
    "researcher": "Researcher",
    "event_attendee": "Event attendee",
    "re_engaged": "Re-engaged",
    "cold": "Cold",
}
DISPOSITION_LABELS = {
    "connected": "Connected",
    "meeting_booked": "Meeting booked",
    "voicemail": "Voicemail",
    "no_answer": "No answer",
    "not_interested": "Not interested",
    "bad_timing": "Bad timing",
    "wrong_person": "Wrong person",
}
QUALITY_LABELS = {"ready": "Ready", "nurture": "Nurture", "junk": "Junk"}
INTERACTION_LABELS = {
    "web_visit": "Visited",
    "content_download": "Downloaded",
    "form_submission": "Filled in a form",
    "email_delivered": "Email delivered",
    "email_open": "Opened an email",
    "email_click": "Clicked an email",
    "webinar_registered": "Registered for a webinar",
    "webinar_attended": "Attended a webinar",
    "event_attended": "Attended an event",
}
LINE_LABELS = {
    "opener": "Opener",
    "bridge": "Bridge",
    "questions": "Question",
    "question": "Question",
    "next_step": "Next step",
}
FACT_LABELS = {
    "referrer": "Referred by",
    "timeline": "Timeline",
    "budget": "Budget",
    "need": "Need",
    "urgency": "Urgency",
    "competitor": "Competitor",
    "request": "Asked for",
    "stack": "Already uses",
    "question": "Asked",
    "contact_preference": "Contact preference",
    "deadline": "Deadline",
    "seats": "Seats",
}


def fact_label(kind: str) -> str:
    return FACT_LABELS.get(kind, kind.replace("_", " ").capitalize())
