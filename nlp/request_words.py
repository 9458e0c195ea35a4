# fmt: off
"""Words of requests as prospects write them, as data (read by nlp/requests.py).

A request is a cue (the thing asked for, or a contact/purchase verb) in a clause that asks:
a modal or a wish ("can i", "i'd like", "want"), an imperative, a question, "please", or a
terse note made of little more than the cue ("demo pls"). Misspelt cue words are read as
the cue by edit distance (nlp/requests.py), so only correct spellings are listed here.
"""

from __future__ import annotations

# Nouns naming what is asked for, and the request value a rep says ("asked for a demo").
OBJECT_NOUNS: dict[str, str] = {
    **dict.fromkeys(["demo", "demos", "demonstration", "walkthrough", "walk-through"], "demo"),
    **dict.fromkeys(["pricing", "price", "prices", "cost", "costs", "rates", "fees", "discount",
                     "ballpark",
                     "discounts", "rebate", "fee", "tariff", "tariffs", "charges"], "pricing"),
    **dict.fromkeys(["quote", "quotation", "proposal", "estimate", "offer"], "quote"),
    **dict.fromkeys(["trial", "pilot", "poc", "sandbox"], "trial"),
    **dict.fromkeys(["call", "callback", "call-back", "meeting", "chat", "conversation",
                     "ring", "consultation", "consult", "phonecall", "zoom", "webex", "facetime",
                     "hangout", "appointment", "videocall"], "call back"),
    # what a plan costs, named by the plans themselves ("send info on plans", "packages?")
    **dict.fromkeys(["plans", "packages", "tiers", "subscriptions"], "pricing"),
    **dict.fromkeys(["presentation", "tour", "run-through", "rundown", "showcase"], "demo"),
    # the papers of a purchase ("send contract", "can you send the order form")
    **dict.fromkeys(["contract", "agreement", "paperwork", "checkout", "docusign"], "purchase"),
}
# Verbs of contact: "call me", "talk to sales", "contact sales", "reach out".
CONTACT_VERBS = ["call", "phone", "ring", "contact", "reach", "talk", "speak", "chat", "meet",
                 "connect", "touch", "discuss", "telephone", "ping", "buzz"]
# Verbs of writing to someone: "email me", "text me on 555...", "dm me", "whatsapp us"; with
# a thing after ("text me the code", "email me the invoice") they ask for that thing instead.
MESSAGE_VERBS = ["email", "e-mail", "mail", "msg", "message", "dm", "pm", "whatsapp", "text",
                 "sms", "inbox"]
# What may follow "email me" and keep it a request to be contacted.
MESSAGE_AFTER = ["on", "at", "via", "to", "about", "regarding", "re", "when", "back", "with",
                 "if", "asap", "today", "tomorrow", "soon", "directly", "pls", "please"]
# Phrasal verbs of contact, verb then particle, with "me"/"us" ("get back to me", "hit me up",
# "follow up with us", "drop me a line").
CONTACT_PHRASES = ["get back to", "get back with", "follow up with", "hit up", "drop a line",
                   "give a call", "give a ring", "give a buzz", "give a shout", "reach back"]
# ... whom a prospect asks to talk to.
PEOPLE = ["sales", "someone", "somebody", "anyone", "rep", "representative", "salesperson",
          "human", "person", "expert", "specialist", "consultant", "engineer", "manager",
          "team", "you", "u", "agent", "advisor", "adviser", "anybody", "one", "staff",
          "colleague", "reps", "representatives", "salespeople", "experts", "specialists",
          "consultants", "engineers", "managers", "agents", "advisors", "people", "ppl",
          "department", "dept", "office", "executive", "executives", "ae", "sdr", "bdr"]
# Verbs of buying: the value is "purchase".
PURCHASE_VERBS = ["buy", "purchase", "subscribe", "upgrade", "order", "pay", "checkout", "procure"]
# What a prospect buys from us ("buy the enterprise edition", "purchase 40 licenses"); another
# object ("buy new hardware") is their own purchase, not a request.
PRODUCT_OBJECTS = ["it", "this", "that", "one", "them", "edition", "plan", "tier", "license",
                   "licence", "seat", "subscription", "product", "software", "platform", "tool",
                   "version", "package", "unit", "user", "account", "premium", "enterprise",
                   "pro", "module", "bundle", "solution", "service", "app"]
# Verbs of trying the product: the value is "trial".
TRIAL_VERBS = ["try", "pilot", "test", "evaluate", "trial"]
# Verbs of being shown the product: the value is "demo".
DEMO_VERBS = ["demo", "show", "walk"]

# What makes a clause ask.
MODALS = ["can", "could", "would", "will", "may", "might", "shall", "'d", "d", "ca", "wo"]
WISHES = ["want", "wanna", "like", "love", "need", "needs", "interested", "looking", "request",
          "waiting", "awaiting", "expecting", "open", "happy", "glad",
          "requesting", "hope", "hoping", "wish", "require", "appreciate", "ready", "keen",
          "wondering", "plan", "planning", "prefer", "seeking", "after"]
PLEASE = ["please", "pls", "plz", "pl", "kindly", "asap"]
IMPERATIVES = ["send", "give", "share", "book", "schedule", "set", "arrange", "get", "provide",
               "show", "start", "sign", "email", "forward", "put", "have", "let", "lets",
               "request", "organise", "organize", "quote", "upgrade", "buy", "contact", "call",
               "setup", "set-up", "walk", "tell",
               "talk", "speak", "reach", "demo", "email", "mail", "text", "ring", "phone"]
QUESTION_WORDS = ["how", "what", "whats", "what's", "where", "when", "is", "are", "do", "does",
                  "any", "can", "could", "would", "will", "may", "which", "who", "whom"]
# Short forms prospects type, read as the word ("walk me thru", "can u call").
SHORT_FORMS = {"thru": "through", "u": "you", "ur": "your", "cn": "can", "tmrw": "tomorrow",
               "tmr": "tomorrow", "w/": "with", "w": "with", "abt": "about", "ppl": "people",
               "wanna": "want", "gonna": "going", "ya": "you", "plz": "please", "pls": "please",
               "thx": "thanks", "ty": "thanks", "r": "are", "nt": "not", "hw": "how", "hwo": "how",
               "wat": "what", "wht": "what", "wot": "what", "plss": "please", "pleas": "please",
               "plse": "please", "cud": "could", "cld": "could", "wud": "would", "shd": "should",
               "msg": "message", "pric": "price", "tel": "telephone", "ph": "phone",
               "asap": "asap", "demoo": "demo", "wnt": "want", "wana": "want", "hmu": "call",
               "sumone": "someone", "sum1": "someone", "some1": "someone", "smone": "someone",
               "any1": "anyone", "ne1": "anyone", "sumbody": "somebody",
               # a phone drawn for the word: "📞 me pls"
               "📞": "call", "☎": "call", "☎️": "call", "📲": "call"}
# Words that open a condition: "if we ever need pricing I'll let you know" asks nothing yet.
CONDITIONS = ["if", "unless", "whenever", "incase"]
# What a prospect buys, with a verb of getting ("add more seats", "get the premium tier").
PLAN_WORDS = ["tier", "plan", "edition", "license", "licence", "seat", "subscription",
              "premium", "enterprise", "package", "bundle", "paid"]
# Asking what happens next is asking sales to act ("next steps?", "how do we proceed").
NEXT_STEP_WORDS = ["next", "now", "proceed", "started", "onboard"]

# Heads after a cue word that keep it a request ("pricing info", "sales call").
REQUEST_HEADS = ["list", "sheet", "info", "information", "details", "detail", "call",
                 "request", "account", "license", "licence", "version", "meeting", "quote",
                 "pricing", "breakdown", "guide", "options", "plan", "period", "pls", "plz",
                 "please", "asap", "session", "today", "tomorrow", "access", "req", "request",
                 "requested", "extension", "deck", "doc", "document", "pdf", "one-pager",
                 "table", "tier", "tiers", "plans", "range", "ranges",
                 "point", "points", "estimate", "ballpark", "overview", "comparison", "matrix",
                 "schedule", "card", "chart", "brochure", "version", "environment", "slot", "slots",
                 "appointment", "link", "invite", "invitation", "figure", "figures", "number",
                 "numbers", "difference", "differences"]
# Whole phrases of buying: "take my money".
PURCHASE_PHRASES = ["take my money", "where do i pay", "how do we pay you", "count me in",
                    "count us in", "sign us up"]
# The papers of a purchase named by two words ("send over the order form", "a payment link").
PURCHASE_PAPERS = ["order", "payment", "purchase", "po", "signup", "sign-up"]
PAPER_HEADS = ["form", "forms", "link", "links", "details", "order", "page", "portal"]
# What a bill already owed is called: "how do i pay my overdue invoice".
BILLING_WORDS = ["overdue", "outstanding", "refund", "receipt", "unpaid", "late", "past-due"]
# Words of asking politely that a condition only seems to open: "i'd appreciate it if
# someone could get in touch".
POLITE_IF = ["appreciate", "appreciated", "grateful", "great", "nice", "helpful", "glad",
             "wondering", "wonder", "wondered", "see", "ask", "asking",
             "happy", "ideal", "perfect", "good"]
# How-to questions a customer asks of the product, not of sales: "show me how to reset the
# filters", "how do i add 3 users in settings".
HOW_TO_VERBS = ["reset", "fix", "change", "export", "import", "delete", "remove", "configure",
                "enable", "disable", "update", "recover", "restore", "edit", "install", "log",
                "login", "turn", "rename", "move", "filter", "sort", "find", "print"]
# Asks written in other languages (French, Spanish, Portuguese, German, Italian): the words
# that ask and the cue words, read when no English request is found. Words that are also
# English words are left out when the list is read (nlp/requests.py). Two-word asks:
FOREIGN_ASK_PAIRS = ["por favor", "merci de", "merci d'", "s'il vous"]
FOREIGN_ASKS = ["quiero", "quisiera", "gustaría", "gustaria", "voudrais", "veux", "souhaite",
                "souhaiterais", "möchte", "mochte", "gerne", "hätte", "vorrei", "gostaria",
                "queria", "plaît", "plait", "svp", "bitte", "necesito",
                "besoin", "brauche", "benötige", "preciso", "podría", "pourriez", "pouvez",
                "können", "konnen", "potete", "puede", "pueden", "envoyer", "enviar", "senden",
                "schicken", "inviare", "cuánto", "cuanto", "combien", "wieviel", "quanto"]
FOREIGN_CUES: dict[str, str] = {
    **dict.fromkeys(["démo", "démonstration", "demostración", "demostracion", "demonstração",
                     "vorführung", "dimostrazione", "demostración"], "demo"),
    **dict.fromkeys(["prix", "tarif", "tarifs", "coûte", "coute", "coût", "precio", "precios",
                     "cuesta", "preço", "preços", "custa", "preis", "preise", "kosten", "kostet",
                     "prezzo", "prezzi", "costa"], "pricing"),
    **dict.fromkeys(["devis", "cotización", "cotizacion", "presupuesto", "orçamento",
                     "angebot", "preventivo"], "quote"),
    **dict.fromkeys(["rappeler", "appeler", "appelez", "llamar", "llámame", "llamame",
                     "llamenme", "hablar", "contacter", "contactez", "contactar", "ligar",
                     "anrufen", "rufen", "kontaktieren", "chiamare", "richiamare", "contattare",
                     "rendez-vous", "reunión", "reunion", "rückruf", "appel"], "call back"),
    **dict.fromkeys(["essai", "prueba", "testversion", "prova", "teste"], "trial"),
    **dict.fromkeys(["acheter", "comprar", "kaufen", "comprare", "abonnement", "suscripción",
                     "commander", "bestellen"], "purchase"),
}
FOREIGN_NEGATORS = ["pas", "ne", "nicht", "keine", "kein", "non", "nein",
                    "jamais", "nunca", "nie"]
# Words that say the thing is done or past ("we had a demo last month").
PAST_WORDS = ["already", "yesterday", "ago", "last", "previously", "earlier"]
# Real words typed for a cue word ("trail please"), read as the cue unless a word around
# them keeps their own sense ("audit trail").
REAL_WORD_SLIPS: dict[str, tuple[str, list[str]]] = {
    "trail": ("trial", ["audit", "paper", "hiking", "bike", "ski", "nature", "walking",
                        "logging", "breadcrumb", "running"]),
    "trails": ("trial", ["audit", "paper", "hiking", "bike", "ski", "nature", "walking"]),
    "cal": ("call", ["poly", "state", "berkeley", "tech", "osha", "fire"]),
}
# Words around a cue that a misspelling may stand for, besides the cues, the question
# words and the heads ("how mch", "call me bak", "trial acount", "when can we tlk").
SPELL_EXTRA = ["much", "back", "have", "when", "week", "users", "user", "account", "about",
               "someone", "somebody", "contact", "licence", "license", "licenses", "licences"]
# Whose the ask is: for the writer's own customers it is a question about the product
# ("how do i book a call inside your app for my customers").
THIRD_PARTIES = ["customers", "customer", "clients", "client", "patients", "guests",
                 "shoppers", "buyers", "members", "students", "tenants", "subscribers"]
# A writer's later, hedged plan: "we will buy next year if things go well".
LATER_TIMES = ["later", "year", "quarter", "fiscal", "future", "someday", "eventually",
               "q1", "q2", "q3", "q4", "h1", "h2"]
# Hedges that put the writer's plan off by themselves when a time is named: "we might look
# at pricing in march".
STRONG_HEDGES = ["may", "might", "probably", "maybe", "perhaps"]
# Technical things one gets started with on one's own: "how do i get started with the api".
SELF_SERVE_THINGS = ["api", "docs", "documentation", "sdk", "integration", "setup", "webhook",
                     "webhooks", "import", "export", "cli", "plugin", "guide", "tutorial",
                     "admin", "settings"]
# Words that cancel a request in their clause ("no need to call", "not interested in a demo").
NEGATORS = ["no", "not", "n't", "never", "dont", "don't", "without", "nothing", "stop",
            "neither", "nor", "cannot", "cant", "won't", "wont", "unsubscribe", "nt",
            # ending what they have: "how do i cancel the trial"
            "cancel", "cancelling", "canceling", "cancellation", "terminate", "deactivate",
            "delete", "remove"]
# Verbs that report, not ask ("thanks for the call", "we will call you when ready").
THANKS = ["thanks", "thank", "thx", "ty", "enjoyed", "great", "loved"]
# A past-tense wish still asks ("i wanted to ask for pricing", "was hoping for a demo").
PAST_WISHES = ["want", "hope", "wonder", "like", "need", "look", "try"]
# Nouns after "how much" that ask about something else ("how much time does it take").
HOW_MUCH_OTHER = ["time", "data", "storage", "effort", "work", "space", "training", "memory",
                  "traffic", "volume", "notice", "experience", "longer", "faster", "better"]
# A writer who is no buyer: a student, coursework ("is there a student discount, for my course").
NOT_BUYERS = ["student", "students", "thesis", "dissertation", "coursework", "homework",
              "undergrad", "undergraduate"]
NOT_BUYER_PHRASES = ["school project", "my course", "my class", "uni project",
                     "university project", "class project", "my professor"]
# A writer who wants to work for us, not buy: a job seeker, a freelancer, an intern ("i am
# applying for the AE position, please contact me"). Matched as phrases in the whole text.
JOB_SEEKER_PHRASES = ["applying for", "apply for the", "application for the", "internship",
                      "looking for a job", "looking for work", "job opening", "job openings",
                      "open position", "open positions", "open roles", "my resume", "my cv",
                      "my résumé", "work for you", "working for you", "join your team",
                      "freelance developer", "freelance designer", "i'm a freelancer",
                      "i am a freelancer", "career opportunities", "any vacancies",
                      "job application", "hiring manager",
                      # the press and researchers: what they ask for is a story
                      "blog post", "my article", "an article", "press article", "journalist",
                      "writing about", "research paper", "for my research",
                      "my own research"]
# A writer who sells to us, not buys: the call or demo they ask for is their pitch ("we can
# fix your site's speed, can we schedule a call?", "would you be open to a demo of our tool").
# Strong cues say it alone; a weak cue ("would you be open to", which a buyer may also write:
# "would you be open to a nonprofit discount?") needs the writer's own offer beside it.
SELLER_PHRASES = ["your requirement", "your requirements", "noticed your site",
                  "noticed your website", "your website's", "partnership opportunity",
                  "i represent", "lead generation for", "lead gen for", "seo services",
                  "we are manufacturer", "we are a manufacturer", "we are manufacturers",
                  "outsourcing services", "interested in our services"]
# The same, by shape: "we help saas companies get more demos", "we get agencies more leads".
SELLER_PATTERNS = [r"\bwe help (?:\w+ ){0,2}(?:companies|businesses|brands|teams|startups|firms"
                   r"|agencies|stores|clinics|vendors)\b",
                   r"\b(?:get|bring|book) (?:you )?more (?:demos|leads|meetings|customers"
                   r"|clients|traffic|sales)\b"]
PITCH_PHRASES = ["would you be open to", "would you like to", "are you open to",
                 "would you be interested in", "are you interested in", "can we schedule",
                 "we can fix", "we can help you", "we can improve", "we can boost",
                 "we can increase", "we can get you"]
OWN_OFFER = ["our platform", "our tool", "our software", "our service", "our services",
             "our solution", "our product", "our team can", "we provide", "we offer",
             "we can", "we help", "we specialize", "we specialise", "for $", "for only"]
# What puts an ask off until later: "maybe a demo down the line, not now".
DEFERRALS = ["not now", "not yet", "not right now", "not until", "not at the moment",
             "not at this time", "not this year", "down the line", "down the road",
             "at some point", "some day", "someday", "in the future", "in future",
             "later on",
             # chosen elsewhere: "we went with someone else", "decided against it"
             "maybe later", "maybe next year", "maybe next quarter",
             # the writer will come back: "we may want a demo, will get back to you"
             "will get back to you", "'ll get back to you", "will be in touch",
             "'ll be in touch", "will let you know", "'ll let you know",
             "went with someone else", "went with another", "chose another", "picked another",
             "decided against", "going with another", "signed with another"]
# A contact verb with one of these after it is put off until a time said before ("budget
# opens in october, reach out then").
LATER_WORDS = ["then", "later", "afterwards", "after that"]
# People a prospect asks to be put in touch with ("need a rep", "get someone on the phone"),
# and what they ask such a person to do ("can a rep come out to our office").
PEOPLE_ASKED = ["rep", "representative", "salesperson", "someone", "somebody", "human",
                "person", "specialist", "expert", "consultant", "advisor", "adviser"]
PERSON_DOES = ["come", "visit", "explain", "call", "email", "contact", "ring", "reach",
               "walk", "go", "talk", "speak", "phone", "get"]
GET_A_PERSON = ["need", "want", "get", "send", "like", "wanna"]
# Words asking whether it costs much: "is it expensive?".
COST_ADJECTIVES = ["expensive", "affordable", "cheap", "pricey", "costly"]
# What a purchase goes ahead with: "proceed with the order".
GO_AHEAD_OBJECTS = ["order", "purchase", "contract", "subscription", "deal", "licence",
                    "license", "signup", "sign-up"]
# the other words the reader starts from (nlp/requests.py: TRIGGERS)
TRIGGER_WORDS = ["how", "see", "sign", "run", "charge", "cost", "extend", "beat", "match",
                 "next", "now", "proceed", "started", "onboard", "get", "add", "buy", "move",
                 "switch", "go", "book", "schedule", "arrange", "set", "grab", "find", "back",
                 "paid", "discount", "discounts", "still", "take", "word", "catch", "hear",
                 "hearing", "invoice", "payment", "count", "proof", "teams", "meet", "$", "$$",
                 "€"]
