"""What the talk-track editor's palette inserts: variables, ready-made blocks and snippets a
marketer would otherwise have to write in Jinja. Every snippet is checked by the track
validator in the tests (inside an opener), so what the palette inserts always saves."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Insert:
    label: str
    text: str
    hint: str


VARIABLES = (
    Insert("First name", '{{ lead|first_name_or("there") }}', "the lead's first name, or “there”"),
    Insert("Company", '{{ lead.company or "your team" }}', "the lead's company"),
    Insert("Job title", '{{ lead.title or "" }}', "the lead's job title, if known"),
    Insert("Your name", '{{ rep|first_name_or("") }}', "the calling rep's first name"),
    Insert(
        "Latest download",
        '{{ latest_downloads[0]|asset_phrase if latest_downloads else "our resources" }}',
        "e.g. “our white paper on 10 Tips for Improving your Widget ROI”",
    ),
    Insert(
        "Strongest topic",
        '{{ top_topic.name if top_topic else "your widget plans" }}',
        "the topic the lead showed most interest in",
    ),
)

BLOCKS = (
    Insert(
        "Opener block",
        '{% block opener %}\nHi {{ lead|first_name_or("there") }}, '
        'it\'s {{ rep|first_name_or("") }} here.\n{% endblock %}\n',
        "the opening line (required)",
    ),
    Insert(
        "Bridge block",
        "{% block bridge %}\nI'm calling because …\n{% endblock %}\n",
        "why you are calling, tied to what they did",
    ),
    Insert(
        "Questions block",
        "{% block questions %}\nWhat prompted you to look into this now?\n"
        "Who else is involved?\n{% endblock %}\n",
        "discovery questions, one per line",
    ),
    Insert(
        "Next step block",
        "{% block next_step %}\nWould 20 minutes later this week work?\n{% endblock %}\n",
        "the ask: a meeting, a demo, a resource",
    ),
)

SNIPPETS = (
    Insert(
        "If we know their referrer, say…",
        "{% if facts.referrer %}\nThanks to {{ facts.referrer.value|in_your_words|shorten(40) }} "
        "for pointing you our way.\n{% endif %}\n",
        "only when a comment named who referred them",
    ),
    Insert(
        "If they said what they need…",
        "{% if facts.need %}\nYou mentioned you need "
        "{{ facts.need.value|need_phrase|shorten(80) }}.\n{% endif %}\n",
        "their need, in their words",
    ),
    Insert(
        "If they gave a timeline…",
        "{% if facts.timeline %}\nYou want this in place "
        "{{ facts.timeline.value|when_phrase|shorten(40) }}.\n{% endif %}\n",
        "e.g. “before Q3”",
    ),
    Insert(
        "If they asked for a demo or pricing…",
        "{% if facts.request %}\nYou asked for "
        "{{ facts.request.value|request_phrase|shorten(40) }}.\n{% endif %}\n",
        "what the form asked for",
    ),
    Insert(
        "If they downloaded something…",
        "{% if latest_downloads %}\nI saw you downloaded "
        '{{ latest_downloads[:2]|map("asset_phrase")|join_and }}.\n{% endif %}\n',
        "names up to two recent downloads",
    ),
    Insert(
        "If they mentioned a competitor…",
        "{% if facts.competitor %}\nI know you're also looking at "
        "{{ facts.competitor.value|in_your_words|shorten(60) }}.\n{% endif %}\n",
        "only when a vendor was named as an alternative",
    ),
    Insert(
        "If we know their company… otherwise…",
        "{% if lead.company %}\nHow is {{ lead.company|shorten(60) }} handling this today?\n"
        "{% else %}\nHow is your team handling this today?\n{% endif %}\n",
        "one line with the company, one without",
    ),
)
