"""Word lists behind topic extraction, kept as data so marketing-facing rules are easy to read.

All entries are lower-case lemmas.
"""


def _words(block: str) -> list[str]:
    return block.split()


# Content formats and listicle words: they say what kind of asset it is, not what it is about.
# They split a phrase ("Widget ROI Guide" -> "Widget ROI") and never become topics.
MARKETING_PHRASES: tuple[tuple[str, ...], ...] = tuple(
    tuple(p.split())
    for p in (
        "tip",
        "trick",
        "guide",
        "guidebook",
        "handbook",
        "playbook",
        "white paper",
        "whitepaper",
        "ebook",
        "e-book",
        "webinar",
        "webcast",
        "podcast",
        "checklist",
        "check list",
        "overview",
        "introduction",
        "intro",
        "part",
        "chapter",
        "episode",
        "edition",
        "infographic",
        "case study",
        "datasheet",
        "data sheet",
        "brochure",
        "template",
        "toolkit",
        "worksheet",
        "cheat sheet",
        "faq",
        "blog",
        "blog post",
        "video",
        "on-demand",
        "workshop",
        "slide",
        "slide deck",
        "best practice",
        "way",
        "step",
        "secret",
        "reason",
        "lesson",
        "mistake",
        "thing",
        "everything",
        "how-to",
        "report",
        "paper",
        "download",
        "free trial",
        "demo",
        "roundup",
        "primer",
        "explainer",
        "recap",
        "highlight",
        "takeaway",
        "insight",
        "trend",
        "q&a",
        "ama",
        "fireside chat",
        "keynote",
        "session",
        "masterclass",
        "bootcamp",
        # interactive assets: "Widget ROI Calculator" is about widget ROI
        "calculator",
        "estimator",
        "quiz",
        "scorecard",
    )
)

# Modifiers that add no specificity ("new", "ultimate", "proposed"): they never start or
# extend a topic, so "the ultimate widget strategy" gives "widget strategy".
GENERIC_MODIFIERS: frozenset[str] = frozenset(
    _words(
        """
    new novel proposed resulting given existing various different several many certain main
    major important specific general particular previous current present recent first second
    third last same other such possible simple good better best large small high low basic
    additional further real actual overall typical common significant following related
    corresponding respective usual key detailed conventional traditional little much more most
    less least whole entire full great greater able available necessary useful effective
    efficient successful potential top ultimate essential complete practical modern wide broad
    powerful strong interesting relevant appropriate suitable lower higher larger smaller easy
    difficult true unique single multiple numerous due based definitive comprehensive quick
    free proven smart smarter awesome amazing critical crucial must-have next modern
        live legacy on-demand
        """
    )
)

# Nouns that are never a topic on their own (they still count inside longer phrases).
GENERIC_NOUNS: frozenset[str] = frozenset(
    _words(
        """
    budget demo pricing price quote trial call callback colleague team company month week year
    day time end thing lot info information question someone anyone contact email phone number
    help solution option stuff way today tomorrow yesterday asap hi hello thanks regard use
    interest need anything everything something nothing people person business organisation
    organization vendor partner product service tool platform software system approach
    method problem result paper work case example use case user guy mess contract renewal
    replacement referral timeline manager article person cfo ceo cto cio vp director employee
    staff boss colleague urgent asap plan team member lead sales
        place thx thanks tbd timeframe chance hand total board alternative agreement student
        mix provider setup pilot procurement spring summer autumn fall winter
        yr competitor store order
        newsletter signup sign-up subscription preference request subscribe unsubscribe
        sales inquiry enquiry registration form feedback support
        plant site location office branch desk link copy version recording invitation buyer
        friend client feature ep lunch owner growth post
        digest roundup recap bulletin edition update
        """
    )
)

# Heads of event names ("Logistics Leaders Summit", "Customer Roadshow"): an event, not a topic.
EVENT_HEADS: frozenset[str] = frozenset(
    _words(
        """
        expo summit forum roadshow conference meetup symposium congress convention tradeshow
        fair keynote workshop bootcamp hackathon festival
        """
    )
)

# Heads that only say "a thing for": "a widget ROI solution" is about "widget ROI".
GENERIC_HEADS: frozenset[str] = frozenset({"solution", "option", "stuff", "thing", "tool"})

# Entities that name who/when/how much, not what the lead cares about.
NON_TOPIC_ENTITIES: frozenset[str] = frozenset(
    {
        "PERSON",
        "DATE",
        "TIME",
        "MONEY",
        "PERCENT",
        "QUANTITY",
        "CARDINAL",
        "ORDINAL",
        "GPE",
        "LOC",
        "NORP",
        "FAC",
    }
)

# Nouns that end in -s but are not plurals: kept as written ("sales", "churn analytics").
MASS_NOUNS: frozenset[str] = frozenset(
    _words(
        """
    analytics sales logistics operations news series economics diagnostics robotics devops
    ops revops finops secops mlops dataops bizops salesops mathematics statistics physics
    ethics genomics telematics biometrics ergonomics forensics aeronautics electronics
    optics semantics kinetics mechanics acoustics graphics payments-ops kubernetes
        """
    )
)

# Head nouns a title puts before "of" ("The Lifecycle of a Widget"): the topic is the thing
# they are of, in front ("widget lifecycle").
OF_HEADS: frozenset[str] = frozenset(
    _words(
        """
    lifecycle life-cycle anatomy
        """
    )
)

# Verbs a title capitalises after its subject ("How Acme Cut Freight Costs", "Northwind Bank
# Automates KYC Onboarding"): they end one phrase and start the next.
TITLE_VERBS: frozenset[str] = frozenset(
    _words(
        """
    cut cuts improve improves automate automates reduce reduces boost boosts drive drives
    save saves transform transforms help helps scale scales need needs choose chooses win
    wins beat beats meet meets get gets make makes build builds keep keeps stop stops
    slash slashes accelerate accelerates streamline streamlines modernize modernizes
    modernise modernises unlock unlocks eliminate eliminates prevent prevents power powers
    change changes replace replaces
        """
    )
)

# --- what is no subject (nlp/topic_filters.py) ----------------------------------------------

# Newsletters and digests: a publication, not what it is about ("widget ops digest").
PUBLICATION_HEADS: frozenset[str] = frozenset(
    _words("digest newsletter newsletters bulletin roundup round-up recap briefing weekly")
)
# Words of forms, tracking and test traffic: never a subject ("config", "debug").
CODE_WORDS: frozenset[str] = frozenset(
    _words(
        "config configuration debug debugging localhost staging utm test-form testform lorem "
        "ipsum asdf qwerty placeholder todo tbd n/a null undefined"
    )
)
# Words a company name ends in: "Northwind Logistics" in a case-study title is the customer.
COMPANY_WORDS: frozenset[str] = frozenset(
    _words(
        "inc inc. corp corp. corporation llc ltd ltd. gmbh plc co co. group holdings labs "
        "logistics industries manufacturing foods systems partners ventures enterprises"
    )
)
# People and relations: who someone is to the lead ("old manager", "a peer", "form tester"),
# never what they work on.
PERSON_HEADS: frozenset[str] = frozenset(
    _words(
        "manager boss colleague coworker co-worker peer friend tester intern student teacher "
        "professor founder cofounder co-founder owner wife husband partner consultant "
        "assistant mentor predecessor counterpart rep representative salesperson recruiter "
        "buddy neighbour neighbor cousin brother sister dad mom mum team staff crew "
        "department committee"
    )
)
# Words of buying and procurement: how they buy, not what they work on ("RFP", "seats").
BUYING_WORDS: frozenset[str] = frozenset(
    _words(
        "rfp rfq rfi rfps po purchase seat seats license licenses licence licences invoice "
        "quotation proposal tender"
    )
)
# Web pages named as pages ("Product Tour", "FAQ"): where they clicked, not a subject.
PAGE_HEADS: frozenset[str] = frozenset(_words("tour homepage faq faqs"))
# What a writer's own context is called ("student project", "school assignment").
CONTEXT_PHRASES: frozenset[str] = frozenset(
    ["student project", "school project", "uni project", "class project",
     "university project", "school assignment", "homework"]
)  # fmt: skip
# Heads that only say they are interested ("interest in customer").
FRAGMENT_HEADS: frozenset[str] = frozenset(_words("interest interested nurture"))
# Place names that are also everyday words: kept as topics.
PLACE_WORDS_THAT_ARE_WORDS: frozenset[str] = frozenset(
    _words(
        "mobile reading nice man van mary george turkey jersey split bath orange victoria "
        "phoenix aurora independence paradise eagle surprise buffalo lincoln jackson columbia "
        "hope industry commerce sector enterprise plano garden grove richmond salem spring "
        "normal pearl temple chester worcester durham cork bristol"
    )
)
