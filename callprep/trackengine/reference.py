"""The one documented reference of what a talk track may use.

The editor page shows ``CONTEXT_REFERENCE``; validation and the sandbox enforce exactly it:
a variable, attribute or filter missing here is an error in a template.
"""

from __future__ import annotations

from callprep.trackengine.context import (
    FACT_KINDS,
    AccountView,
    ColleagueView,
    ContactView,
    FactSet,
    FactView,
    FreshnessView,
    InteractionView,
    LeadView,
    OtherRepView,
    RepView,
    TopicView,
)

_INTERACTION_FIELDS = {
    "id": "the interaction's id (shown as evidence)",
    "type": "web_visit, content_download, form_submission, email_delivered, email_open, "
    "email_click, webinar_registered, webinar_attended or event_attended",
    "occurred_at": "when it happened (timezone-aware); use |relative_time",
    "title": "asset, page, form, email or event name (may be None)",
    "asset_type": "white_paper, infographic, ebook, case_study, webinar, ... (may be None)",
    "url": "the page or asset address (may be None)",
    "comment": "what the lead wrote, e.g. in a form (may be None)",
    "campaign": "the marketing campaign (may be None)",
}
_FACT_FIELDS = {
    "kind": ", ".join(FACT_KINDS[:-1]) + " or " + FACT_KINDS[-1],
    "value": "the words the lead used, e.g. 'a widget ROI solution' (printing a fact prints "
    "this); a date in them is said relative to now ('in two weeks' written ten days ago reads "
    "'by Thursday'), and a date already past is left out (a timeline or deadline that is over "
    "is not in facts at all)",
    "written": "the words exactly as written when value re-says a date, else None",
    "interaction_id": "the interaction whose comment states it",
    "start": "character offset of the fact in that comment",
    "end": "end offset of the fact in that comment",
}
_FACT_KIND_ATTRS = {kind: f"the lead's first {kind} fact, or None" for kind in FACT_KINDS}

#: Attributes a template may read, per object it can reach.
ATTRIBUTES: dict[str, dict[str, str]] = {
    "lead": {
        "id": "the lead's id",
        "email": "the lead's email address",
        "first_name": "first name (may be None; prefer lead|first_name_or('there'))",
        "last_name": "last name (may be None)",
        "company": "company name (may be None)",
        "title": "job title (may be None)",
    },
    "rep": {
        "first_name": "the calling rep's first name (may be None)",
        "name": "the rep's full name (may be None)",
        "email": "the rep's email address (may be None)",
    },
    "freshness": {
        "status": "fresh, aging or stale",
        "hours_since_last": "hours since the last meaningful interaction (may be None)",
        "follow_up_due_at": "the follow-up deadline (may be None); use |relative_time",
        "overdue": "True when the deadline has passed with no outcome logged",
    },
    "interaction": _INTERACTION_FIELDS,
    "topic": {
        "name": "the topic, e.g. 'widget ROI' (printing a topic prints this)",
        "score": "its rank score for this lead (higher is stronger)",
        "evidence": "ids of the interactions it came from",
    },
    "fact": _FACT_FIELDS,
    "contact": {
        "prefers": "'email' or 'phone' when the lead said how they want to be reached, else None",
        "call_ok": "False when the lead prefers email or asked not to be called: do not say "
        "you are calling, offer to write instead",
        "email_ok": "False when the lead asked not to be emailed",
        "best_time": "when the lead said to call, in their words (e.g. 'after 3pm'), or None",
    },
    "account": {
        "name": "the company's name (may be None)",
        "domain": "its work email domain (may be None)",
        "people": "how many people are at the account, the lead included",
        "colleagues": "other people at the account your rep owns, most recently active first, "
        "at most five (each a colleague)",
        "topics": "what the account's people read about, strongest first (names)",
        "other_reps": "other reps already working people here (each an other_rep)",
    },
    "colleague": {
        "first_name": "first name (may be None)",
        "last_name": "last name (may be None)",
        "name": "full name (may be None)",
        "title": "job title as stored (may be None)",
        "role": "'CFO', 'CEO', 'VP' ... only when the title says so, else None",
        "action": "their most telling recent action as a phrase, e.g. 'downloaded “Pricing "
        "Guide”' (None when they did nothing in the last 30 days)",
        "action_type": "that interaction's type (may be None)",
        "action_title": "that interaction's title (may be None)",
        "action_at": "when (may be None); use |relative_time",
    },
    "other_rep": {
        "name": "the rep's name (may be None)",
        "people": "how many people at the account they own",
        "last_call_at": "their newest logged call outcome here (may be None)",
    },
    "facts": {
        **_FACT_KIND_ATTRS,
        "all": "every fact, in the order found",
        "kinds": "the fact kinds present",
        "of": "facts.of('need') - every fact of one kind",
    },
}

#: The Python type behind each documented object, so the sandbox can enforce ``ATTRIBUTES``.
VIEW_TYPES: dict[type, str] = {
    LeadView: "lead",
    RepView: "rep",
    FreshnessView: "freshness",
    InteractionView: "interaction",
    TopicView: "topic",
    FactView: "fact",
    FactSet: "facts",
    ContactView: "contact",
    AccountView: "account",
    ColleagueView: "colleague",
    OtherRepView: "other_rep",
}

VARIABLES: dict[str, str] = {
    "lead": "the lead being called (see lead.*)",
    "rep": "the rep about to call (see rep.*)",
    "situation": "hand_raiser, researcher, event_attendee, re_engaged or cold",
    "freshness": "how fresh the lead is and the follow-up deadline (see freshness.*)",
    "topics": "the lead's topics, strongest first (each a topic)",
    "top_topic": "the strongest topic, or None",
    "facts": "what the lead's comments state: facts.referrer, facts.need, ... (each a fact "
    "or None); iterate it for all facts",
    "fact": "fact('need') - the first fact of that kind, or None",
    "comeback": "the lead's latest streak of activity (no gap of 45 days or more), newest "
    "first, without email deliveries: what brought a re-engaged lead back",
    "subject": "the main subject of the newest comment, as the lead wrote it and facing them "
    "('our packaging line' → 'your packaging line'; a topic), or None",
    "contact": "how the lead asked to be contacted (see contact.*), from their "
    "contact_preference facts; every track must respect contact.call_ok",
    "interactions": "recent interactions, newest first, at most 50 (each an interaction)",
    "downloads": "content downloads, newest first",
    "latest_downloads": "distinct downloaded assets by title, newest first, at most three",
    "forms": "form submissions, newest first",
    "events": "webinars and events registered for or attended, newest first",
    "now": "the time of the brief (timezone-aware)",
    "account": "the lead's account (see account.*), or None when the lead has none (free "
    "mail and no CRM account id): guard it with {% if account %}",
    "range": "range(n) - at most 1000 numbers",
    "namespace": "namespace(x=...) - a holder you can {% set ns.x = ... %} inside loops",
    "joiner": "joiner(', ') - prints nothing the first time, the separator after",
    "cycler": "cycler('a', 'b') - cycles through values with .next()",
}

FILTERS: dict[str, str] = {
    # natural English (callprep.trackengine.phrasing)
    "join_and": "['a','b','c'] → 'a, b and c'; join_and(oxford=True) adds the serial comma",
    "a_an": "'infographic' → 'an infographic'",
    "plural": "'white paper'|plural(n) → 'white papers' unless n is 1",
    "count_noun": "2|count_noun('white paper') → 'two white papers'; 0 → 'no white papers'",
    "number_word": "2 → 'two', 12 → '12'",
    "relative_time": "a time → '40 minutes ago', 'yesterday', 'last Tuesday', 'three weeks "
    "ago', 'in 20 minutes' (relative to now)",
    "asset_kind": "'white_paper' → 'white paper'; None → 'resource' (or the given default)",
    "asset_phrase": "a download → 'our infographic on the Lifecycle of a Widget', 'our case "
    "study “How Acme Cut Downtime”' (sentence-like titles quoted)",
    "title_in_sentence": "'The Lifecycle of a Widget' → 'the Lifecycle of a Widget' "
    "(shortened past 90 characters)",
    "quoted": "a title in “quotes”, without doubling existing ones",
    "shorten": "cut text at a word boundary: shorten(60)",
    "sentence_start": "capitalise the first letter only",
    "first_name_or": "lead|first_name_or('there') → the first name, or the default if missing",
    "names_a_product": "whether a phrase is written as a name ('Edge Gateway'), to say 'the "
    "Edge Gateway' rather than 'Edge Gateway initiatives'",
    "attributive": "a noun phrase before another noun: 'field technicians' → 'field technician' "
    "('field technician initiatives')",
    "topic_theme": "topics|topic_theme → what the top two topics share ('widget ROI', 'widget "
    "lifecycle' → 'widget'), else the top topic",
    "when_phrase": "a timeline after a verb: 'before Q3' stays, 'Q1 2027' → 'by Q1 2027'",
    "in_your_words": "the lead's words facing them: 'our three plants' → 'your three plants'",
    "need_phrase": "a need after 'you need': 'widget ROI solution' → 'a widget ROI solution'",
    "budget_phrase": "a budget fact as a clause: '$40k' → 'you have $40k budgeted', "
    "'approved' → 'your budget is approved'",
    "request_phrase": "what was asked for: 'demo' → 'a demo', 'pricing' → 'pricing'",
    "question_phrase": "a question the lead asked, reported: 'does it work with SAP?' → "
    "'whether it works with SAP'; other questions quoted in their words",
    "deadline_phrase": "a deadline after 'You mentioned': 'RFP closes on December 15' → "
    "'the RFP closes on December 15'",
    "page_phrase": "a visited page (or its title) as said: 'Pricing' → 'our pricing page', "
    "'Widget ROI Calculator' → 'the Widget ROI Calculator'",
    "main_event": "events|main_event → the event to name: the newest, but a session "
    "('Workshop: …') gives way to the event it was part of that day",
    "readable": "the text if a rep can read it aloud, '' for internal codes and placeholders "
    "('LP-FY26-Q4-EBOOK Form', 'test')",
    "request_kind": "what a request or form title asks for: 'a demo for the team' → 'demo'; "
    "one of trial, demo, quote, pricing, purchase, call, contact_sales, or ''",
    "request_object": "what an ask was for, facing the lead: 'pricing for our 3 sites' → "
    "'for your 3 sites'; a bare ask → ''",
    "event_phrase": "an event (or its title) after 'at': 'Widget World Expo 2026, Chicago' → "
    "'Widget World Expo 2026 in Chicago'; other titles with punctuation are quoted",
    # Jinja built-ins kept in the sandbox
    "abs": "absolute value",
    "attr": "x|attr('name') - same as x.name",
    "capitalize": "first letter upper, the rest lower",
    "count": "number of items",
    "default": "x|default('y') - y when x is undefined (d is the short name)",
    "d": "short name of default",
    "first": "first item",
    "float": "convert to a number",
    "groupby": "group items by an attribute",
    "int": "convert to a whole number",
    "items": "a mapping's (key, value) pairs",
    "join": "join items with a separator: join(', ')",
    "last": "last item",
    "length": "number of items",
    "list": "turn into a list",
    "lower": "lower case",
    "map": "map(attribute='title') or map('filter')",
    "max": "largest item",
    "min": "smallest item",
    "reject": "drop items passing a test",
    "rejectattr": "drop items whose attribute passes a test",
    "replace": "replace('old', 'new')",
    "reverse": "reverse the order",
    "round": "round a number",
    "select": "keep items passing a test",
    "selectattr": "keep items whose attribute passes a test",
    "sort": "sort items, sort(attribute='occurred_at')",
    "string": "convert to text",
    "sum": "add numbers up",
    "title": "Title Case Every Word",
    "trim": "strip surrounding whitespace",
    "truncate": "cut text to a length",
    "unique": "drop duplicates",
    "upper": "upper case",
    "wordcount": "number of words",
}

TESTS: dict[str, str] = {
    "defined": "x is defined - the variable or attribute exists",
    "undefined": "x is undefined",
    "none": "x is none - the value is None (missing data)",
    "string": "x is string",
    "number": "x is number",
    "integer": "x is integer",
    "float": "x is float",
    "boolean": "x is boolean",
    "true": "x is true",
    "false": "x is false",
    "sequence": "x is sequence - a list or text",
    "mapping": "x is mapping",
    "iterable": "x is iterable",
    "sameas": "x is sameas(y) - the very same object",
    "in": "x is in(list)",
    "even": "n is even",
    "odd": "n is odd",
    "divisibleby": "n is divisibleby(3)",
    "lower": "text is lower case",
    "upper": "text is upper case",
    **{
        name: "comparison, for selectattr/rejectattr: selectattr('type', 'eq', 'web_visit')"
        for name in (
            "eq",
            "equalto",
            "==",
            "ne",
            "!=",
            "lt",
            "lessthan",
            "<",
            "le",
            "<=",
            "gt",
            "greaterthan",
            ">",
            "ge",
            ">=",
        )
    },  # fmt: skip
}

BLOCKS: dict[str, str] = {
    "opener": "the opening line (required); its output is joined into one line",
    "bridge": "why you are calling, connecting what they did to how you help",
    "questions": "discovery questions, one per line",
    "next_step": "the ask: a meeting, a demo, a resource",
}

RULES = (
    "Each non-empty output line of a block becomes one line of the brief (the opener is one "
    "line); whitespace is collapsed.",
    "An undefined variable or attribute is an error, never a blank; printing None is an "
    "error too - guard optional data with {% if %}.",
    "Lead data is only ever a value: text a lead typed is printed as written, never run.",
    "No import, include, extends or debug; loops nest at most two deep.",
)

CONTEXT_REFERENCE: dict[str, object] = {
    "variables": VARIABLES,
    "attributes": ATTRIBUTES,
    "filters": FILTERS,
    "tests": TESTS,
    "blocks": BLOCKS,
    "rules": RULES,
}
