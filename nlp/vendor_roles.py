"""Is a named vendor a `competitor` (a rival in play) or the lead's `stack` (a system they run)?

Read off the words of the clause around the name (nlp/vendors.py says which words are names):

- competitor: comparing, evaluating, considering, shortlisting, switching / moving / migrating
  off or away from, replacing, leaving, an alternative to, also talking to or looking at,
  quoted or offered by, unhappy, frustrated or stuck with, the current vendor up for renewal;
- stack: a shop, running on, built on, integrating / syncing / connecting with, pulling from,
  pushing to, "we use X for Y", "X and Y" listed as what they use, a question about working
  with it, "thanks to X" (a system that works for them);
- a bare "we use X" is their stack: "I know you're also looking at X" would claim an
  evaluation they never wrote, while "how would this work with X" stays true either way.
"""

from __future__ import annotations

from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA
from spacy.tokens import Doc
from wordfreq import zipf_frequency

from nlp.sentences import sentence_at

RIVAL_WORDS = frozenset(
    {"compare", "comparing", "compared", "comparison", "vs", "vs.", "versus", "against", "than",
     "evaluate", "evaluating", "evaluation", "consider", "considering", "shortlist",
     "shortlisted", "shortlisting", "switch", "switching", "migrate", "migrating", "migration",
     "replace", "replacing", "replacement", "leave", "leaving", "alternative", "alternatives",
     "instead", "ditch", "ditching", "outgrow", "outgrown", "outgrew", "outgrowing", "talking",
     "quoted", "offered", "unhappy", "subscription", "agreement", "licence", "license",
     "inherited", "burned", "burnt", "frustrated", "fed", "stuck", "sick", "hate",
     "trialing", "trialling", "piloting", "demoed", "incumbent", "current", "currently",
     "existing", "renewal", "renew", "contract", "cancel", "cancelling", "canceling", "tried",
     "try", "trying", "tested", "testing", "left", "dropped", "cancelled", "canceled",
     "churned", "consolidate", "consolidating", "expiring", "expires", "vendors", "options",
     "expensive", "pricey", "killing", "clunky", "outdated", "terrible", "awful", "sucks",
     "hates", "hated", "hating", "dislike", "dislikes", "loathe", "switched"}
)  # fmt: skip
# Said of the vendor by a pronoun later in the sentence: "our team hates zoho, looking to
# replace it", "we switched to pipedrive but outgrew it".
RIVAL_BY_PRONOUN = frozenset(
    {"replace", "replacing", "outgrew", "outgrown", "outgrow", "outgrowing", "ditch",
     "ditching", "leave", "leaving", "dump", "dumping", "drop", "dropping", "hate", "hates",
     "cancel", "cancelling", "canceling", "sunset", "retire", "retiring"}
)  # fmt: skip
# "moving off", "away from", "looking at": the cue is the pair
RIVAL_PAIRS = frozenset(
    {("move", "off"), ("moving", "off"), ("get", "off"), ("getting", "off"), ("away", "from"),
     ("looking", "at"), ("look", "at"), ("also", "looking"), ("also", "talking"),
     ("move", "from"), ("moving", "from"), ("coming", "from"), ("come", "from"),
     ("switch", "from"), ("off", "of"), ("lookin", "at"), ("looked", "at"), ("quote", "from"),
     ("quote", "by"), ("proposal", "from"), ("offer", "from"), ("demo", "from")}
)  # fmt: skip
STACK_WORDS = frozenset(
    {"shop", "shops", "house", "integrate", "integrates", "integration", "integrations",
     "intergration", "integrated", "sync", "syncs", "synced", "syncing", "plug", "plugs",
     "connect", "connects", "connector", "export", "import", "push", "pull", "feed", "feeds",
     "alongside", "api", "built", "hosted", "deployed", "instance", "tenant", "stack",
     "ecosystem", "compatible", "compatibility", "work", "works", "into", "data", "logs"}
)  # fmt: skip
STACK_PAIRS = frozenset(
    {("run", "on"), ("runs", "on"), ("running", "on"), ("built", "on"), ("is", "on"),
     ("are", "on"), ("'re", "on"), ("we", "on"), ("all", "on"), ("thanks", "to"),
     ("pay", "for"), ("based", "on"), ("work", "with"), ("works", "with"), ("in", "house")}
)  # fmt: skip
USE_WORDS = frozenset(
    {
        "use",
        "uses",
        "using",
        "used",
        "have",
        "run",
        "runs",
        "running",
        "on",
        "pay",
        "paying",
        "keep",
        "keeps",
        "keeping",
    }
)
# a sentence that fits us around a system it keeps: "would this sit alongside", "its fine"
COEXIST = frozenset(
    {"alongside", "integrate", "integrates", "integration", "sync", "syncs", "plug", "plugs",
     "connect", "connects", "between", "there", "top", "fine", "happy", "love", "works",
     "export", "exports", "inside", "within", "embedded", "keep", "keeping"}
)  # fmt: skip
INTEGRATION_AFTER = frozenset(
    {"integration", "integrations", "connector", "plugin", "plug-in", "sync", "api", "app",
     "add-on", "addon", "extension", "export", "import", "data",
     # their own account or instance of it: "in our own aws account"
     "account", "accounts", "tenant", "instance", "environment", "workspace", "org"}
)  # fmt: skip
CONTRACT_AFTER = frozenset(
    {"renewal", "contract", "licence", "license", "licenses", "licences", "subscription",
     "agreement", "rep", "quote", "pricing", "bill", "invoice"}
)  # fmt: skip
PAY_WORDS = frozenset({"pay", "paying", "bought", "buy", "purchased"})
_CUES = RIVAL_WORDS | STACK_WORDS | USE_WORDS | COEXIST
_CUE_LIST = sorted(w for w in _CUES if len(w) >= 5)
_CLAUSE_BREAKS = frozenset({".", ";", "!", "?", "but", "however", "while", "whereas"})
_WINDOW = 7


@lru_cache(maxsize=20_000)
def cue_word(lower: str) -> str:
    """A rare misspelt cue read as the cue ("evaluting" -> "evaluating"), else the word."""
    if lower in _CUES or len(lower) < 5 or not lower.isalpha():
        return lower
    if zipf_frequency(lower, "en") >= 2.5:
        return lower
    found = process.extractOne(lower, _CUE_LIST, scorer=OSA.distance, score_cutoff=1)
    return found[0] if found else lower


def _clause_window(doc: Doc, start: int, end: int) -> tuple[list[str], list[str]]:
    """The words before the name (nearest last) and after it, within its clause."""
    before: list[str] = []
    i = start - 1
    while i >= 0 and start - i <= _WINDOW and doc[i].lower_ not in _CLAUSE_BREAKS:
        if doc[i].text == "," and doc[i - 1].lower_ not in ("and", "or") and before:
            break
        before.insert(0, cue_word(doc[i].lower_))
        i -= 1
    after: list[str] = []
    j = end
    while j < len(doc) and j - end < _WINDOW and doc[j].lower_ not in _CLAUSE_BREAKS:
        if doc[j].text == ",":
            break
        after.append(cue_word(doc[j].lower_))
        j += 1
    return before, after


def _pairs(words: list[str]) -> set[tuple[str, str]]:
    return set(zip(words, words[1:], strict=False))


def classify(doc: Doc, start: int, end: int) -> str | None:
    """ "competitor", "stack", or None when nothing around the name says which."""
    before, after = _clause_window(doc, start, end)
    near = before[-4:]
    rival = bool(set(before) & RIVAL_WORDS) or bool(_pairs(before) & RIVAL_PAIRS)
    rival_after = bool(set(after[:4]) & {"quoted", "offered", "is", "was", "sucks"}) and bool(
        set(after) & {"quoted", "offered", "expensive", "killing", "clunky", "sucks", "terrible",
                      "slow", "painful", "outdated", "awful", "pricey", "frustrating"}
    )  # fmt: skip
    stack = bool(set(near) & STACK_WORDS) or bool(_pairs(before) & STACK_PAIRS)
    stack_after = bool(set(after[:2]) & {"shop", "house", "user", "users", "customer", "based"})
    stack_after = stack_after or after[:2] == ["is", "our"]  # "Tableau is our BI tool"
    if after[:1] and after[0] in INTEGRATION_AFTER:
        return "stack"  # "the Jira integration", "our NetSuite connector"
    if after[:1] and after[0] in CONTRACT_AFTER:
        return "competitor"  # "our Okta renewal", "the Veeva contract"
    if before and before[-1] in ("on", "with", "in", "into", "to", "from", "(") and not rival:
        stack = True  # "we are on aws", "works with netsuite", "SSO needed (okta)"
    if set(near) & PAY_WORDS and not rival:
        stack = True  # "we already pay for crowdstrike", "we pay sage intacct ~30k"
    used_for = bool(set(near) & USE_WORDS) and "for" in after[:1]
    question = _in_question(doc, start)
    if not rival and _rival_by_pronoun(doc, start, end):
        return "competitor"  # "we use zoho but want to replace it"
    if stack_after or (stack and not rival):
        return "stack"
    if rival or rival_after:
        return "competitor"
    if used_for or question:
        return "stack"  # "we use workday for hr", "does it work with SAP?"
    if set(near) & USE_WORDS or "our" in near:
        now = set(after[:3]) & _NOW_WORDS or ("at", "the", "moment") in _triples(after)
        if now and not _coexists(doc, start):
            return "competitor"  # "we use hubspot today": the incumbent (not "...and it's fine")
        return "stack"  # "uses dentrix": what they run, said without claiming a rivalry
    return None


_NOW_WORDS = frozenset({"today", "now", "currently", "atm", "still", "nowadays"})
_PRONOUNS = frozenset({"it", "them", "this", "that"})


def _rival_by_pronoun(doc: Doc, start: int, end: int) -> bool:
    """A verb of leaving with "it"/"them" after the name, in its sentence: the vendor is the
    one being left (not "integrate it", not a pronoun before the name)."""
    sent = sentence_at(doc, start)
    toks = [t for t in doc[end : sent.end]]
    for k, tok in enumerate(toks[:-1]):
        if cue_word(tok.lower_) in RIVAL_BY_PRONOUN and toks[k + 1].lower_ in _PRONOUNS:
            return True
    return False


def _triples(words: list[str]) -> set[tuple[str, str, str]]:
    return set(zip(words, words[1:], words[2:], strict=False))


def _coexists(doc: Doc, start: int) -> bool:
    sent = sentence_at(doc, start)
    return any(t.lower_ in COEXIST for t in sent) or any(
        t.lower_ in COEXIST or t.text == "?" for t in doc[sent.end : sent.end + 12]
    )


def _in_question(doc: Doc, start: int) -> bool:
    sent = sentence_at(doc, start)
    first = next((t for t in sent if not t.is_punct), None)
    asks = first is not None and first.lower_ in (
        "does", "do", "can", "will", "is", "are", "how", "hows", "would", "could",
    )  # fmt: skip
    return asks or sent[-1].text == "?"
