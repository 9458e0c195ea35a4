# fmt: off
"""Word lists of nlp/lead_facts.py, as data."""

from __future__ import annotations

# channels
EMAIL_WORDS = ["email", "e-mail", "emails", "emailing", "emailed", "mail", "inbox", "mails"]
PHONE_WORDS = ["phone", "mobile", "cell", "cellphone", "telephone", "whatsapp", "text", "sms",
               "texts", "voicemail", "landline"]
CALL_WORDS = ["call", "calls", "calling", "ring", "ringing", "phone", "dial"]
CONTACT_VERBS = ["reach", "contact", "call", "ring", "phone", "talk", "chat", "speak", "meet"]
# words that say a channel is the one they want
PREFER_WORDS = ["prefer", "preferred", "prefers", "preference", "rather", "best", "easiest",
                "easier", "better", "only", "instead", "fine", "works", "ok", "okay", "ideal"]
NEGATORS = ["no", "not", "n't", "dont", "don't", "never", "stop", "without", "nt", "cannot",
            "cant", "avoid", "please dont"]
# asking to be taken off a channel: "remove me from all emails", "unsubscribe me from emails"
REMOVAL_WORDS = ["remove", "removed", "unsubscribe", "unsub", "unsubscribed", "opt", "off",
                 "delete", "drop"]
# a time a lead can be reached
TIME_PREPOSITIONS = ["at", "after", "before", "between", "from", "around", "on", "in", "any",
                     "until", "till", "mornings", "afternoons", "evenings", "weekdays", "this",
                     "next", "tomorrow", "today", "by", "early", "late", "anytime"]
TIME_WORDS = ["am", "pm", "a.m.", "p.m.", "morning", "mornings", "afternoon", "afternoons",
              "evening", "evenings", "noon", "midday", "lunch", "lunchtime", "eod", "weekday",
              "weekdays", "weekend", "weekends", "tomorrow", "today", "tonight", "est", "pst",
              "cet", "gmt", "utc", "ist", "cst", "mst", "bst", "hours", "week", "that"]
MONTHS = ["january", "february", "march", "april", "may", "june", "july", "august",
          "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
          "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "mon",
            "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun"]
# dated events
EVENT_NOUNS = ["rfp", "rfq", "rfi", "tender", "bid", "bids", "submission", "submissions",
               "go-live", "golive", "launch", "board", "audit", "auditors", "audits",
               "renewal", "contract", "agreement", "licence", "license", "subscription",
               "cutover", "deadline", "kickoff", "kick-off",
               "inspection", "offsite", "conference", "review", "proposals", "deliverable",
               "expo", "summit", "migration", "decommission", "shutdown", "sunset", "demo day",
               "lease", "semester", "certification", "accreditation"]
# a date does not reach across these ("go-live has to be jan 4 because of the audit")
EVENT_STOPS = ["because", "so", "and", "but", "since", "as", "which", "that", "if", "when",
               "before", "ahead", "prior"]
# counts of seats and users
SEAT_UNITS = ["seat", "seats", "user", "users", "license", "licenses", "licence", "licences",
              "agents", "agent", "reps", "rep", "logins", "accounts", "seats", "analysts",
              "dispatchers", "drivers", "planners", "technicians", "techs", "nurses",
              "clinicians", "physicians", "doctors", "engineers", "developers", "recruiters",
              "accountants", "managers", "admins", "operators", "coordinators", "specialists",
              "designers", "teachers", "instructors", "learners", "trainees", "tutors",
              "advisors", "adjusters", "underwriters", "brokers", "cashiers", "associates",
              "pickers", "packers", "inspectors", "auditors", "caseworkers", "volunteers",
              "members", "sellers", "salespeople", "ae", "aes", "sdrs", "bdrs", "csms",
              "locations", "stores", "branches", "clinics", "devices", "endpoints", "laptops",
              "tablets", "handhelds", "scanners", "seats",
              # people by trade, and fleets counted by vehicle
              "lawyers", "attorneys", "paralegals", "solicitors", "consultants", "therapists",
              "dentists", "hygienists", "pharmacists", "vets", "mechanics", "electricians",
              "plumbers", "cleaners", "carers", "caregivers", "chefs", "servers", "guards",
              "officers", "editors", "writers", "reporters", "producers", "stylists",
              "trucks", "vans", "vehicles", "trailers", "buses", "cars", "forklifts", "rigs",
              "hotels", "properties", "restaurants", "cafes", "gyms", "schools", "practices"]
# Endings of trades not listed: "12 dietitians", "40 machinists".
SEAT_UNIT_ENDINGS = ["ists", "ians", "icians"]
HEADCOUNT_UNITS = ["employees", "staff", "people", "fte", "ftes", "headcount", "workers",
                   "employee", "persons"]
NUMBER_WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "fifteen", "twenty", "thirty", "forty", "fifty", "hundred",
                "dozen"]
# budget cycles: "budget opens in october"
CYCLE_VERBS = ["open", "reset", "renew", "start", "begin", "refresh", "release", "free",
               "come", "unlock", "kick", "roll", "land", "arrive"]
# a question as a prospect asks it
QUESTION_STARTS = ["does", "do", "is", "are", "can", "could", "will", "would", "how", "hows",
                   "how's", "what", "whats", "what's", "which", "where", "when", "who", "why",
                   "any", "anyone", "has", "have", "should", "did"]
ASK_TO_KNOW = ["know", "wondering", "wonder", "curious", "understand", "check", "ask",
               "confirm", "clarify"]
FILLERS = ["hi", "hello", "hey", "also", "and", "so", "just", "ok", "okay", "quick", "question",
           "q", "btw", "but", "then", "one", "more", "thanks", "team"]
# where a lead heard of us: "found you on G2", "saw your booth at ProMat"
HEARD_VERBS = ["find", "found", "hear", "heard", "see", "saw", "learn", "read", "discover",
               "come", "stumble", "spot", "notice", "meet", "met"]
SOURCE_KINDS = ["podcast", "newsletter", "show", "conference", "expo", "summit", "webinar",
                "blog", "forum", "community", "group", "event", "meetup", "fair", "booth",
                "channel", "magazine", "list", "review", "reviews", "report"]
# named sources written in lower case ("found you on capterra"), as a rep says them
KNOWN_SOURCES = {"g2": "G2", "capterra": "Capterra", "getapp": "GetApp",
                 "trustradius": "TrustRadius", "gartner": "Gartner", "forrester": "Forrester",
                 "producthunt": "Product Hunt", "softwareadvice": "Software Advice",
                 "sourceforge": "SourceForge", "clutch": "Clutch", "peerspot": "PeerSpot"}
# channels, not referrals (tests/data/README.md): search engines, social networks, ads
CHANNELS = ["google", "bing", "duckduckgo", "youtube", "facebook", "instagram", "twitter", "x",
            "tiktok", "reddit", "linkedin", "chatgpt", "an ad", "ads", "ad"]
# people hired or lost are no seats: "hiring 30 new nurses", "two inspectors quit"
STAFF_CHANGES = ["hire", "hiring", "hired", "recruit", "recruiting", "onboard", "onboarding",
                 "quit", "leave", "left", "lose", "lost", "resign", "resigned", "lay", "laid",
                 "fire", "fired", "retire", "retired", "retiring"]
