# fmt: off
"""Fact patterns as data: spaCy Matcher token patterns, grouped by fact kind.

Each rule is {"label", "value", "patterns"}. `value` says how the fact's value is read from
the match: "span" (the matched text), "label" (the rule's label, e.g. "demo"), "name" (the
proper-noun/known-tool run in the match), "subject" (the subject of the matched verb, read off
the parse), "object" (the phrase governed by the trigger, read off the parse). NAME and AMOUNT
in a pattern are placeholders expanded into each way a name or a sum of money is written.
"""

from __future__ import annotations

UNITS = ["day", "week", "month", "quarter", "year", "fy", "sprint"]
SEASONS = ["spring", "summer", "autumn", "fall", "winter"]
MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep",
    "Sept", "Oct", "Nov", "Dec",
]
# a month in any case: the patterns put a preposition before it ("in may", "by march")
MONTH = {"LOWER": {"IN": [m.lower() for m in MONTHS]}}
YEAR = {"TEXT": {"REGEX": r"^(20[2-9]\d|'\d\d)$"}}
QUARTER = {"TEXT": {"REGEX": r"^(?i:q[1-4]|h[12]|fy-?\d{2,4})$"}}
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "Mon",
            "Tue", "Tues", "Wed", "Thu", "Thur", "Thurs", "Fri"]
DEADLINE_PREP = {"LOWER": {"IN": ["by", "before", "until", "till", "in", "for", "during", "on",
                                  "around", "early", "late", "mid", "end", "ahead"]}}
MONEY = {"TEXT": {"REGEX": r"^[$€£]?\d[\d,.]*(k|K|m|M|mm|MM)?$"}}
NUMBER = {"TEXT": {"REGEX": r"^\d[\d,.]*$"}}
# "~$250k" and "£60k" stay one token: an approximate sign or currency may be attached
NUMBER_K = {"TEXT": {"REGEX": r"^[~≈<>]?[$€£]?\d[\d,.]*(k|K|m|M|mm|MM)(/(yr|year|mo|month))?$"}}
NUMBER_WITH_CURRENCY = {"TEXT": {"REGEX": r"^[~≈<>]?[$€£]\d[\d,.]*$"}}
NOT_STOP_PUNCT = {"TEXT": {"NOT_IN": [".", ";", "!", "?"]}}
CURRENCY = {"TEXT": {"IN": ["$", "€", "£", "USD", "EUR", "GBP"]}}
MONEY_UNIT = {"LOWER": {"IN": ["k", "m", "mm", "million", "thousand", "usd", "eur", "gbp"]}}
NOT_PUNCT = {"IS_PUNCT": False}
DET = {"TAG": {"IN": ["DT", "PRP$"]}}
NOUNISH = {"POS": {"IN": ["ADJ", "NOUN", "PROPN"]}}

# Tools prospects name in lower case in terse comments ("we use hubspot"); capitalised names
# are found as proper nouns anyway.
KNOWN_TOOLS = [
    "salesforce", "hubspot", "zendesk", "marketo", "pardot", "excel", "sap", "oracle",
    "netsuite", "quickbooks", "xero", "workday", "servicenow", "jira", "slack", "zoom",
    "dynamics", "sage", "freshdesk", "intercom", "tableau", "looker", "mailchimp", "pipedrive",
    "zoho", "asana", "sharepoint", "okta", "gong", "outreach", "salesloft", "docusign",
    "shopify", "magento", "wordpress", "gainsight", "qualtrics", "sheets", "spreadsheets",
    "spreadsheet", "airtable", "notion", "monday.com", "smartsheet", "kronos", "adp", "gusto",
]

# Objects that make "need X" a request rather than a need ("need pricing").
REQUEST_WORDS = [
    "pricing", "price", "quote", "quotation", "demo", "demonstration", "call", "callback",
    "trial", "information", "info", "brochure", "someone", "somebody", "proposal", "estimate",
    "pilot", "poc", "sandbox", "number", "figure", "answer", "detail",
]
# What "wants X" may hold that is no need: "the board wants alternatives evaluated".
VAGUE_WANTS = ["it", "to", "alternatives", "alternative", "options", "option", "something",
               "more", "answers", "updates", "news", "clarity", "feedback", "references"]
NOT_NEEDS = ["know", "talk", "speak", "see", "check", "ask", "understand", "confirm", "discuss",
             "hear", "chat", "get", "have", "decide", "think", "wait", "review", "spend",
             "consider", "go", "make", "do", "say", "tell", "let", "sign"]

# Words that cancel a fact when they come just before it ("we don't need a demo").
NEGATORS = ["not", "n't", "no", "never", "dont", "don't", "without", "nt", "neither", "nor",
            "nothing"]
# Kinds whose negation is itself the fact ("no budget yet" is budget information).
NEGATION_KEEPS = ["budget"]

RULES: dict[str, list[dict]] = {
    "referrer": [
        {"label": "referred by", "value": "name", "patterns": [
            [{"LEMMA": {"IN": ["refer", "recommend", "introduce", "send"]}},
             {"LOWER": "to", "OP": "?"}, {"LOWER": {"IN": ["you", "us"]}, "OP": "?"},
             {"LOWER": {"IN": ["by", "through", "via"]}}, {**DET, "OP": "?"},
             {**NOUNISH, "OP": "+"}],
            [{"LEMMA": {"IN": ["referral", "recommendation", "introduction", "intro"]}},
             {"LOWER": {"IN": ["from", "by", "via", "through"]}}, {**DET, "OP": "?"},
             {**NOUNISH, "OP": "+"}],
        ]},
        # the referrer is the verb's subject, read off the parse ("value": "subject")
        {"label": "referred me", "value": "subject", "patterns": [
            [{"LEMMA": {"IN": ["refer", "recommend", "introduce", "point", "send", "direct",
                               "suggest"]}},
             {"LOWER": {"IN": ["me", "us", "you", "your", "our", "my"]}}],
            # praise passed on: "Tom said you're the best for ..."
            [{"LEMMA": {"IN": ["say", "think", "swear"]}}, {"LOWER": {"IN": ["you", "your"]}},
             {"LOWER": {"IN": ["'re", "are", "were", "was", "guys"]}, "OP": "{1,2}"},
             {"LOWER": "the", "OP": "?"},
             {"LOWER": {"IN": ["best", "great", "good", "excellent", "amazing", "worth"]}}],
            [{"LEMMA": {"IN": ["tell", "suggest"]}}, {"LOWER": {"IN": ["me", "us", "i", "we"]}},
             {"LOWER": {"IN": ["about", "to", "should", "talk", "contact", "reach", "call",
                               "check", "look", "speak", "try"]}}],
            [{"LEMMA": {"IN": ["swear", "rave", "vouch"]}},
             {"LOWER": {"IN": ["by", "about", "for"]}},
             {"LOWER": {"IN": ["you", "your", "yours"]}}],
            [{"LEMMA": {"IN": ["speak", "talk"]}}, {"LOWER": "highly"}, {"LOWER": "of"}],
            [{"LEMMA": {"IN": ["give", "pass", "forward", "share", "send"]}},
             {"LOWER": {"IN": ["me", "us"]}, "OP": "?"}, {"LOWER": {"IN": ["your", "you"]}},
             {"LOWER": {"IN": ["name", "number", "details", "contact", "email", "info", "card",
                               "way"]}}],
            [{"LEMMA": "put"}, {"LOWER": {"IN": ["me", "us"]}}, {"LOWER": "in"},
             {"LOWER": "touch"}],
            [{"LEMMA": "connect"}, {"LOWER": {"IN": ["me", "us"]}}],
        ]},
        {"label": "heard from", "value": "name", "patterns": [
            [{"LEMMA": {"IN": ["hear", "learn", "find"]}},
             {"LOWER": {"IN": ["about", "of", "out"]}}, {"OP": "{,3}", **NOT_PUNCT},
             {"LOWER": {"IN": ["from", "through", "via"]}}, {**DET, "OP": "?"},
             {**NOUNISH, "OP": "+"}],
        ]},
    ],
    "timeline": [
        {"label": "quarter", "value": "span", "patterns": [
            [{**DEADLINE_PREP, "OP": "?"}, {"LOWER": {"IN": ["the", "of"]}, "OP": "?"},
             QUARTER, {**YEAR, "OP": "?"}],
        ]},
        {"label": "end of period", "value": "span", "patterns": [
            [{"LOWER": {"IN": ["by", "before", "until", "till", "at", "around"]}, "OP": "?"},
             {"LOWER": "the", "OP": "?"},
             {"LOWER": {"IN": ["end", "beginning", "start", "middle", "close"]}},
             {"LOWER": "of"}, {"LOWER": {"IN": ["the", "this", "next"]}, "OP": "?"},
             {"LOWER": {"IN": ["next", "fiscal", "financial", "calendar"]}, "OP": "?"},
             {"LEMMA": {"IN": [*UNITS, *SEASONS]}}, {**YEAR, "OP": "?"}],
        ]},
        {"label": "relative", "value": "span", "patterns": [
            [{"LOWER": {"IN": ["in", "within"]}}, {"LOWER": "the", "OP": "?"},
             {"LOWER": {"IN": ["next", "coming"]}, "OP": "?"}, {"LIKE_NUM": True},
             {"LOWER": {"IN": ["to", "-", "or"]}, "OP": "?"}, {"LIKE_NUM": True, "OP": "?"},
             {"LEMMA": {"IN": UNITS}}],
            [{"LOWER": {"IN": ["in", "within", "over"]}}, {"LOWER": "the"},
             {"LOWER": {"IN": ["next", "coming"]}}, {"LOWER": {"IN": ["few", "couple"]},
                                                     "OP": "?"},
             {"LOWER": "of", "OP": "?"}, {"LIKE_NUM": True, "OP": "?"},
             {"LEMMA": {"IN": UNITS}}],
            [{"LOWER": {"IN": ["within", "by", "before"]}}, {"LOWER": "the"},
             {"LOWER": {"IN": ["month", "week", "quarter", "year"]}}],
            [{"LOWER": {"IN": ["in", "within"]}}, {"LOWER": "a"},
             {"LOWER": {"IN": ["few", "couple"]}, "OP": "?"}, {"LOWER": "of", "OP": "?"},
             {"LEMMA": {"IN": UNITS}}],
            [{"LOWER": {"IN": ["by", "before", "until", "in", "for", "from"]}, "OP": "?"},
             {"LOWER": {"IN": ["next", "this"]}}, {"LOWER": "fiscal", "OP": "?"},
             {"LEMMA": {"IN": [*UNITS, *SEASONS]}}],
        ]},
        {"label": "event", "value": "span", "patterns": [
            [{"LOWER": {"IN": ["before", "by", "ahead", "until"]}}, {"LOWER": "of", "OP": "?"},
             {"LOWER": {"IN": ["the", "our", "this", "next"]}},
             {"POS": {"IN": ["ADJ", "NOUN", "PROPN"]}, "OP": "{,2}"},
             {"LEMMA": {"IN": ["holiday", "peak", "season", "launch", "go-live", "golive",
                               "audit", "renewal", "rollout", "deadline", "cutover", "freeze",
                               "year-end", "fundraise", "raise", "meeting", "inspection",
                               "conference", "close", "review", "board", "year", "semester",
                               "term", "quarter"]}}],
        ]},
        # "we have 2 weeks to pick a vendor", "3 weeks before peak season hits"
        {"label": "time left", "value": "span", "patterns": [
            [{"LEMMA": "have"}, {"LOWER": {"IN": ["only", "just", "about", "roughly"]}, "OP": "?"},
             {"LIKE_NUM": True}, {"LEMMA": {"IN": UNITS}},
             {"LOWER": {"IN": ["to", "before", "until", "till", "left"]}}],
        ]},
        {"label": "form field", "value": "span", "patterns": [
            [{"LOWER": {"IN": ["timeline", "timeframe", "deadline", "go-live", "golive"]}},
             {"TEXT": ":"},
             {"LOWER": {"NOT_IN": ["asap", "tbd", "flexible", "unknown", "none", "n/a", "."]}},
             {**NOT_STOP_PUNCT, "OP": "{,4}"}],
        ]},
        {"label": "year end", "value": "span", "patterns": [
            [{"LOWER": {"IN": ["by", "before", "for", "at", "until", "around", "ahead"]},
              "OP": "?"},
             {"LOWER": {"IN": ["fiscal", "financial", "calendar"]}, "OP": "?"},
             {"LOWER": "year"}, {"TEXT": "-", "OP": "?"}, {"LOWER": "end"}],
            [{"LOWER": {"IN": ["by", "before", "for", "at", "until", "around"]}, "OP": "?"},
             {"LOWER": {"IN": ["eoy", "eoq", "eom", "year-end", "yearend"]}}],
            [{"LOWER": {"IN": ["in", "by", "before", "until", "over", "during"]}},
             {"LOWER": "the"}, {"LEMMA": {"IN": SEASONS}}],
            # a holiday as the date planned by: "before christmas", "by thanksgiving"
            [{"LOWER": {"IN": ["by", "before", "until", "till", "ahead"]}},
             {"LOWER": {"IN": ["of", "the"]}, "OP": "*"},
             {"LOWER": {"IN": ["christmas", "xmas", "thanksgiving", "easter", "holidays",
                               "ramadan", "diwali", "eid"]}}],
            # a weekday needs a preposition or a time of day: "Monday" alone may be a product
            [{"LOWER": {"IN": ["on", "next", "this", "by", "before", "until", "from", "after"]}},
             {"TEXT": {"IN": WEEKDAYS}},
             {"LOWER": {"IN": ["morning", "afternoon", "evening", "am", "pm"]}, "OP": "?"}],
            [{"TEXT": {"IN": WEEKDAYS}},
             {"LOWER": {"IN": ["morning", "afternoon", "evening", "am", "pm"]}}],
            [{"LOWER": {"IN": ["after", "before", "by", "at", "around", "until", "from"]}},
             {"LIKE_NUM": True}, {"LOWER": {"IN": ["am", "pm", "a.m.", "p.m."]}}],
            [{"LOWER": {"IN": ["by", "until"]}, "OP": "?"}, {"LOWER": "tomorrow"},
             {"LOWER": {"IN": ["morning", "afternoon", "evening"]}, "OP": "?"}],
        ]},
        {"label": "date", "value": "span", "patterns": [
            [{"LOWER": {"IN": ["by", "before", "on", "until", "till", "from", "after"]}},
             {"LIKE_NUM": True}, {"LOWER": {"IN": ["st", "nd", "rd", "th"]}, "OP": "?"},
             {"LOWER": "of", "OP": "?"}, MONTH, {**YEAR, "OP": "?"}],
            [DEADLINE_PREP, {"LOWER": "of", "OP": "?"}, MONTH,
             {"LIKE_NUM": True, "OP": "?"}, {**YEAR, "OP": "?"}],
            [{"LOWER": {"IN": ["by", "before", "in", "for", "until", "early", "late", "mid"]}},
             {"TEXT": "-", "OP": "?"}, YEAR],
        ]},
    ],
    "budget": [
        {"label": "amount", "value": "span", "patterns": [
            [{"LEMMA": {"IN": ["budget", "funding"]}}, {**NOT_STOP_PUNCT, "OP": "{,4}"},
             "AMOUNT"],
            ["AMOUNT", {**NOT_PUNCT, "OP": "{,2}"},
             {"LEMMA": {"IN": ["budget", "budgeted", "allocate", "earmark", "funding"]}}],
            ["AMOUNT", {"LOWER": "set"}, {"LOWER": "aside"}],
            ["AMOUNT", {"LOWER": "to"}, {"LEMMA": {"IN": ["spend", "invest"]}}],
            # "looking at spending around $2,000 a month", "can invest up to 10k"
            [{"LEMMA": {"IN": ["spend", "invest"]}},
             {"LOWER": {"IN": ["around", "about", "roughly", "approx", "approximately", "maybe",
                               "up", "to", "~", "between", "under", "max"]}, "OP": "{,2}"},
             "AMOUNT"],
            ["AMOUNT", {"LOWER": {"IN": ["total", "max", "maximum", "tops", "all-in", "cap",
                                          "annually", "budget", "budgeted"]}}],
            [{"LOWER": {"IN": ["up", "under", "below", "max", "maximum", "approx",
                               "approximately", "roughly", "within"]}},
             {"LOWER": {"IN": ["to", "than", "of"]}, "OP": "?"}, "AMOUNT"],
        ]},
        {"label": "status", "value": "span", "patterns": [
            # "budget is not an issue": budget information, said as such
            [{"LEMMA": {"IN": ["budget", "money", "cost", "price"]}}, {"LEMMA": "be"},
             {"LOWER": {"IN": ["not", "no", "never"]}}, {"LOWER": {"IN": ["a", "an"]}, "OP": "?"},
             {"LEMMA": {"IN": ["issue", "problem", "concern", "constraint", "blocker", "object"]}}],
            [{"LEMMA": {"IN": ["budget", "funding"]}}, {"LEMMA": "be"},
             {"LOWER": {"IN": ["roughly", "about", "around", "approximately", "approx", "maybe",
                               "probably", "likely", "~"]}, "OP": "?"},
             {"TEXT": {"REGEX": r"^[~≈]?[$€£]?\d"}}],
            [{"LOWER": {"IN": ["budget", "budgets", "funding"]}},
             {"TEXT": {"IN": [":", "-", "="]}, "OP": "?"},
             {"LEMMA": {"IN": ["be", "get"]}, "OP": "?"},
             {"LOWER": {"IN": ["already", "now", "fully", "been", "not", "still"]}, "OP": "*"},
             {"LOWER": {"IN": ["approved", "allocated", "signed", "secured", "set", "confirmed",
                               "available", "tight", "limited", "pending", "earmarked", "ok",
                               "sorted", "agreed", "tbd", "unclear", "frozen"]}}],
            [{"LOWER": {"IN": ["approved", "allocated", "secured", "confirmed", "have", "has",
                               "got", "no", "zero", "limited", "tight", "small", "little",
                               "earmarked", "any"]}},
             {"LOWER": {"IN": ["the", "a", "some", "any"]}, "OP": "?"},
             {"LEMMA": {"IN": ["budget", "funding"]}},
             {"LOWER": {"IN": ["yet", "allocated", "approved", "for", "this", "available"]},
              "OP": "?"}],
        ]},
    ],
    "need": [
        {"label": "need", "value": "object", "patterns": [
            [{"LEMMA": {"IN": ["need", "require"]}, "POS": {"IN": ["VERB", "AUX"]}},
             {"TAG": {"IN": ["DT", "PRP$", "JJ", "JJR", "NN", "NNS", "NNP", "NNPS", "CD",
                             "VBG", "VBN", "RB"]}}],
            [{"LEMMA": "need", "POS": {"IN": ["VERB", "AUX"]}}, {"LOWER": "to"},
             {"POS": {"IN": ["VERB", "AUX"]}, "LEMMA": {"NOT_IN": NOT_NEEDS}}],
            [{"LOWER": "need", "POS": "NOUN"}, {"LOWER": "for"}],
            [{"LOWER": {"IN": ["need", "needs", "requirement", "requirements", "goal", "goals",
                               "objective", "usecase", "looking"]}},
             {"TEXT": {"IN": [":", "-"]}}],
        ]},
        {"label": "looking for", "value": "object", "patterns": [
            [{"LEMMA": "want", "POS": "VERB"},
             {"LOWER": {"IN": ["a", "an", "some", "better", "cheaper", "simpler", "faster"]}}],
            [{"LEMMA": {"IN": ["look", "search", "shop"]}}, {"LOWER": "for"}],
            [{"LEMMA": "look"}, {"LOWER": "to"}, {"POS": "VERB", "LEMMA": {"NOT_IN": NOT_NEEDS}}],
            [{"LOWER": {"IN": ["interested", "intrested", "intersted", "int"]}}, {"LOWER": "in"}],
            # A rep's note: "asked about reefer telematics", "asking about SSO".
            [{"LEMMA": "ask", "POS": "VERB"}, {"LOWER": "about"},
             {"POS": {"IN": ["ADJ", "NOUN", "PROPN"]}, "LOWER": {"NOT_IN": REQUEST_WORDS}}],
            # "wants online booking", "we want predictive maintenance on 40 stations".
            [{"LEMMA": "want", "POS": "VERB"},
             {"TAG": {"IN": ["JJ", "JJR", "NN", "NNS", "VBN"]},
              "LOWER": {"NOT_IN": REQUEST_WORDS + VAGUE_WANTS}}],
            [{"LEMMA": {"IN": ["want", "hope", "try", "aim", "plan"]}}, {"LOWER": "to"},
             {"LEMMA": {"IN": ["improve", "replace", "automate", "reduce", "consolidate",
                               "migrate", "implement", "streamline", "upgrade", "integrate",
                               "centralise", "centralize", "modernise", "modernize", "cut",
                               "speed", "increase", "scale", "standardise", "standardize",
                               "digitise", "digitize", "track", "measure", "fix", "move"]}}],
        ]},
        {"label": "vendors for", "value": "span", "patterns": [
            [{"LEMMA": {"IN": ["research", "evaluate", "shortlist", "source", "find", "compare",
                               "recommend"]}},
             {**DET, "OP": "?"},
             {"LEMMA": {"IN": ["vendor", "solution", "tool", "platform", "provider", "option",
                               "partner", "supplier"]}},
             {"LOWER": "for"}, {**DET, "OP": "?"},
             {"TAG": {"IN": ["JJ", "NN", "NNS", "NNP", "NNPS", "CC", "HYPH", "VBN"]}, "OP": "+"}],
        ]},
        {"label": "replacement", "value": "span", "patterns": [
            [{"LEMMA": {"IN": ["replacement", "alternative", "substitute", "successor"]}},
             {"LOWER": {"IN": ["for", "to"]}}, {**DET, "OP": "?"},
             {"POS": {"IN": ["ADJ", "NOUN", "PROPN"]}, "OP": "+"}],
        ]},
    ],
    "urgency": [
        {"label": "urgent", "value": "span", "patterns": [
            [{"LOWER": {"IN": ["urgent", "urgently", "asap", "a.s.a.p.", "a.s.a.p", "emergency",
                               "immediately", "pressing", "time-sensitive", "time-critical"]}}],
            [{"LOWER": "as"}, {"LOWER": {"IN": ["soon", "quickly", "fast"]}}, {"LOWER": "as"},
             {"LOWER": {"IN": ["possible", "we", "you", "poss"]}}],
            [{"LOWER": "right"}, {"LOWER": "away"}],
            [{"LOWER": "time"}, {"TEXT": "-", "OP": "?"}, {"LOWER": {"IN": ["sensitive",
                                                                         "critical"]}}],
            [{"LOWER": {"IN": ["high", "top", "highest"]}}, {"TEXT": "-", "OP": "?"},
             {"LOWER": "priority"}],
            [{"LOWER": {"IN": ["hard", "tight", "firm"]}}, {"LEMMA": "deadline"}],
            [{"LOWER": {"IN": ["immediate", "urgent", "pressing"]}},
             {"LEMMA": {"IN": ["need", "requirement"]}}],
            [{"LEMMA": "need"}, {"LOWER": {"IN": ["help", "something", "this", "it"]}},
             {"LOWER": "yesterday"}],
            [{"LOWER": {"IN": ["pls", "please", "plz"]}}, {"LOWER": "priority"}],
            [{"LEMMA": "need"}, {"LOWER": {"IN": ["it", "this", "them"]}},
             {"LOWER": {"IN": ["yesterday", "now", "today", "fast", "quickly", "soon"]}}],
            [{"LOWER": {"IN": ["eol", "sunset", "sunsetting", "sunsetted", "discontinued"]}}],
            [{"LOWER": "end"}, {"TEXT": "-", "OP": "?"}, {"LOWER": "of"}, {"TEXT": "-", "OP": "?"},
             {"LOWER": {"IN": ["life", "support"]}}],
            [{"LEMMA": "support"}, {"LEMMA": {"IN": ["end", "stop", "expire", "cease"]},
                                    "POS": "VERB"}],
        ]},
        {"label": "contract ends", "value": "span", "patterns": [
            [{"LEMMA": {"IN": ["contract", "license", "licence", "subscription", "agreement"]}},
             {**NOT_PUNCT, "OP": "{,5}"},
             {"LEMMA": {"IN": ["expire", "end", "lapse", "terminate", "run", "renew"]},
              "POS": "VERB"}],
            # the tagger often reads "lapses", "renews" as plural nouns: the surface form will do
            [{"LEMMA": {"IN": ["contract", "license", "licence", "subscription", "agreement",
                               "renewal"]}},
             {**NOT_PUNCT, "OP": "{,4}"},
             {"LOWER": {"IN": ["expires", "lapses", "ends", "renews", "terminates"]}}],
            [{"LEMMA": {"IN": ["contract", "license", "licence", "subscription", "agreement",
                               "renewal"]}},
             {"LEMMA": "be", "OP": "?"}, {"LOWER": {"IN": ["coming", "comes", "due"]}},
             {"LOWER": "up", "OP": "?"}],
            [{"LEMMA": {"IN": ["contract", "license", "licence", "subscription", "agreement"]}},
             {"LEMMA": "be"}, {"LOWER": "up"}],
            [{"LOWER": "up"}, {"LOWER": "for"}, {"LEMMA": "renewal"}],
        ]},
    ],
    "competitor": [
        {"label": "uses", "value": "name", "patterns": [
            [{"LEMMA": {"IN": ["use", "run", "have"]}, "POS": "VERB"},
             {"LOWER": {"IN": ["currently", "now", "still"]}, "OP": "?"}, "NAME"],
            [{"LEMMA": {"IN": ["use", "run"]}, "POS": "VERB"},
             {"LOWER": {"IN": ["a", "both"]}, "OP": "?"},
             {"LOWER": {"IN": ["mix", "combination", "bunch"]}}, {"LOWER": "of"}, "NAME"],
            [{"LOWER": {"IN": ["currently", "presently", "still"]}},
             {"LOWER": {"IN": ["on", "with", "using"]}}, "NAME"],
            [{"LEMMA": "be"}, {"LOWER": {"IN": ["currently", "still"]}, "OP": "?"},
             {"LOWER": "on"}, "NAME"],
        ]},
        {"label": "switching from", "value": "name", "patterns": [
            [{"LEMMA": {"IN": ["switch", "migrate", "move", "transition", "come", "get"]}},
             {"LOWER": {"IN": ["away", "over"]}, "OP": "?"},
             {"LOWER": {"IN": ["from", "off"]}}, {**DET, "OP": "?"}, "NAME"],
            [{"LEMMA": {"IN": ["replace", "compare", "evaluate", "consider", "benchmark",
                               "ditch", "dump", "leave", "outgrow", "inherit", "shortlist",
                               "trial"]}},
             {**DET, "OP": "?"},
             {"TAG": {"IN": ["JJ", "VBG", "VBN"]}, "OP": "{,2}"}, "NAME"],
            [{"LEMMA": {"IN": ["switch", "migrate", "move", "transition"]}},
             {**NOT_PUNCT, "OP": "{,4}"}, {"LOWER": {"IN": ["from", "off"]}}, "NAME"],
            [{"LOWER": {"IN": ["vs", "vs.", "versus", "than", "against"]}}, "NAME"],
            [{"LEMMA": {"IN": ["compare", "stack"]}},
             {"LOWER": {"IN": ["you", "your", "yourselves", "them", "it", "us"]}, "OP": "?"},
             {"POS": "NOUN", "OP": "?"}, {"LOWER": "up", "OP": "?"},
             {"LOWER": {"IN": ["to", "with", "against"]}}, "NAME"],
            [{"LEMMA": "try", "TAG": {"IN": ["VBD", "VBN"]}}, "NAME"],
            ["NAME", {"LEMMA": "be"},
             {"LOWER": {"IN": ["killing", "driving", "failing", "frustrating", "terrible",
                               "awful", "painful", "clunky", "outdated", "too"]}}],
            [{"LEMMA": {"IN": ["do", "manage", "track", "run"]}},
             {"LOWER": {"IN": ["it", "this", "everything", "that", "them"]}},
             {"LOWER": "all", "OP": "?"}, {"LOWER": {"IN": ["in", "on", "with", "through"]}},
             "NAME"],
            [{"LEMMA": {"IN": ["alternative", "replacement", "substitute"]}},
             {"LOWER": {"IN": ["to", "for"]}}, {**DET, "OP": "?"}, "NAME"],
            [{"LOWER": "instead"}, {"LOWER": "of"}, "NAME"],
            [{"LEMMA": {"IN": ["competitor", "alternative", "vendor", "option", "tool"]}},
             {**NOT_STOP_PUNCT, "OP": "{,5}"}, {"TEXT": ":"}, "NAME"],
            [{"LEMMA": {"IN": ["shortlist", "finalist", "competitor", "incumbent"]}},
             {"LEMMA": "be"}, "NAME"],
            [{"LEMMA": "be"}, {"LOWER": {"IN": ["a", "an"]}}, "NAME",
             {"LEMMA": {"IN": ["store", "shop", "customer", "user", "house", "client"]}}],
            [{"LOWER": {"IN": ["unhappy", "frustrated", "fed", "stuck"]}},
             {"LOWER": "up", "OP": "?"}, {"LOWER": {"IN": ["with", "on"]}}, "NAME"],
            [{"LEMMA": {"IN": ["contract", "agreement", "licence", "license", "subscription",
                               "renewal"]}},
             {"LOWER": {"IN": ["with", "from"]}}, "NAME"],
            [{"LOWER": {"IN": ["our", "my", "current", "existing", "a", "an", "the"]}}, "NAME",
             {"LEMMA": {"IN": ["licence", "license", "contract", "subscription", "instance",
                               "renewal", "implementation", "admin", "seat", "account",
                               "setup", "stack", "environment", "deployment", "install",
                               "installation"]}}],
            [{"LEMMA": {"IN": ["quote", "offer", "proposal", "bid", "quoted", "offered"]}},
             {**NOT_STOP_PUNCT, "OP": "{,7}"}, {"LOWER": {"IN": ["by", "from"]}}, "NAME"],
            [{"LEMMA": "look"}, {"LOWER": "at"}, "NAME"],
            [{"LOWER": "by"}, "NAME", {"LEMMA": {"IN": ["implementation", "rollout", "outage",
                                                         "support", "pricing"]}}],
        ]},
    ],
}

AMOUNT_VARIANTS: list[list[dict]] = [
    [{**CURRENCY, "OP": "?"}, NUMBER_K],
    [{**CURRENCY, "OP": "?"}, NUMBER_K, {"TEXT": "/"},
     {"LOWER": {"IN": ["yr", "year", "mo", "month", "annum"]}}],
    [CURRENCY, NUMBER, {**MONEY_UNIT, "OP": "?"}],
    [NUMBER_WITH_CURRENCY, {**MONEY_UNIT, "OP": "?"}],
    [NUMBER, {"LOWER": {"IN": ["k", "m", "mm", "million", "thousand", "usd", "eur", "gbp",
                               "dollars", "euros", "pounds"]}}],
]

NAME_VARIANTS: list[list[dict]] = [
    [{"POS": "PROPN", "OP": "+"}, {"LIKE_NUM": True, "OP": "?"}],
    # camel-case and letter-digit product names the tagger reads as adjectives ("Five9")
    [{"TEXT": {"REGEX": r"^[A-Z][a-z]+(\d+|[A-Z]\w*)$"}, "POS": {"NOT_IN": ["PROPN"]}}],
    [{"LOWER": {"IN": KNOWN_TOOLS}}],
]

# --- how values are read (nlp/fact_values.py) ---------------------------------------------

# Budget words and the state a rep says aloud ("Budget is approved" -> "approved").
BUDGET_STATES: dict[str, str] = {
    **dict.fromkeys(["approved", "allocated", "secured", "confirmed", "signed", "agreed",
                     "sorted", "ok", "okayed"], "approved"),
    **dict.fromkeys(["earmarked", "aside"], "set aside"),
    **dict.fromkeys(["available", "have", "has", "got", "some"], "available"),
    **dict.fromkeys(["tight", "limited", "small", "little"], "tight"),
    **dict.fromkeys(["tbd", "unclear", "pending"], "TBD"),
    "frozen": "frozen",
}
# Titles left out of a referrer's name ("Dr. Amy Patel" -> "Amy Patel").
HONORIFICS = ["dr", "mr", "mrs", "ms", "miss", "prof", "professor", "sir"]
# Who a referrer is to the lead, said when no name is given ("a colleague recommended you").
REFERRER_RELATIONS = [
    "colleague", "friend", "manager", "boss", "partner", "peer", "coworker", "co-worker",
    "consultant", "advisor", "adviser", "customer", "client", "bank", "accountant", "mentor",
    "investor", "agency", "reseller", "msp", "contact", "supplier", "counterpart", "predecessor",
]
# Urgent words as a rep says them.
URGENCY_WORDS: dict[str, str] = {
    **dict.fromkeys(["asap", "a.s.a.p.", "a.s.a.p", "as soon as possible", "as quickly as possible",
                     "as fast as possible", "as soon as poss", "right away", "need it yesterday",
                     "need this yesterday", "needed it yesterday", "needed this yesterday",
                     "need it now", "need this now"], "ASAP"),
    **dict.fromkeys(["urgent", "urgently", "immediately", "emergency", "immediate need",
                     "urgent need"], "urgent"),
    **dict.fromkeys(["pls priority", "please priority", "plz priority"], "priority"),
}
# Misspellings of cue words prospects really type; patterns accept them wherever the correct
# word is accepted (fact_patterns are expanded with them in facts.py).
TYPOS: dict[str, str] = {
    "contrct": "contract", "contarct": "contract", "conract": "contract", "lookng": "look",
    "lookin": "look", "loking": "look", "refered": "refer", "reffered": "refer",
    "referd": "refer", "recomended": "recommend", "reccomended": "recommend",
    "recommanded": "recommend", "budjet": "budget", "buget": "budget", "budgt": "budget",
    "pricng": "pricing", "prcing": "pricing", "demmo": "demo", "qoute": "quote",
    "quoe": "quote", "urgnet": "urgent", "intrested": "interested",
    "interesed": "interested", "liscense": "license", "lisence": "license",
    "renwal": "renewal", "expries": "expire", "expirs": "expire", "currenty": "currently",
    "curently": "currently", "usng": "use", "comparng": "compare",
}

# Category names, not vendors: "evaluating ERP systems" names no competitor.
CATEGORY_ACRONYMS = [
    "erp", "crm", "wms", "tms", "hris", "hcm", "ats", "lms", "cpq", "ehr", "emr", "sso", "vpn",
    "mdm", "siem", "soar", "edr", "xdr", "iga", "pam", "ztna", "cdp", "dam", "pim", "plm",
    "mes", "cmms", "eam", "itsm", "rpa", "bi", "ai", "ml", "saas", "api", "crm's", "ocr",
]
# A cue word inside a name or a noun compound is no cue ("urgent care", "ASAP Logistics").
CUE_COMPOUNDS = ["care", "clinic", "clinics", "center", "centre", "logistics"]
# Past sightings: "Saw your demo" asks for nothing.
SEEN_VERBS = ["see", "watch", "attend", "join", "enjoy", "catch", "sit"]
