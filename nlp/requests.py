"""Requests as prospects write them: short, lower-case, misspelt, without punctuation.

A request is a cue (the thing asked for: a demo, pricing, a quote, a trial, a call; or a verb
of contact, purchase, trying or showing) inside a clause that asks: a modal or a wish ("can
i", "i'd like", "want"), an imperative, a question, "please", or a terse note that is little
more than the cue ("demo pls"). A clause that is negated ("no need to call"), past ("we
bought a CRM last year"), a thank-you, or that uses the cue as a modifier ("pricing page") or
as the subject of a remark ("pricing seems high") asks for nothing.

Cue words are matched on their lemma; a rare word within one or two edits of a cue word
("shedule", "demmo", "tlak") is read as that word (rapidfuzz, wordfreq). The word lists are
data in nlp/request_words.py.
"""

from __future__ import annotations

import re
from copy import copy
from functools import lru_cache

from rapidfuzz import process
from rapidfuzz.distance import OSA
from spacy.tokens import Doc, Span, Token
from wordfreq import zipf_frequency

from nlp import lead_words as LW
from nlp import request_words as W
from nlp.model import Fact

_OBJECTS = W.OBJECT_NOUNS
_CONTACT = frozenset(W.CONTACT_VERBS)
_PEOPLE = frozenset(W.PEOPLE)
_PURCHASE = frozenset(W.PURCHASE_VERBS)
_TRIAL = frozenset(W.TRIAL_VERBS)
_DEMO = frozenset(W.DEMO_VERBS)
_MODALS = frozenset(W.MODALS) | {"id", "i'd", "we'd"}
_WISHES = frozenset(W.WISHES)
_PLEASE = frozenset(W.PLEASE)
_IMPERATIVES = frozenset(W.IMPERATIVES)
_QUESTION = frozenset(W.QUESTION_WORDS)
_HEADS = frozenset(W.REQUEST_HEADS)
_PAST_WORDS = frozenset(W.PAST_WORDS)
_NEGATORS = frozenset(W.NEGATORS)
_THANKS = frozenset(W.THANKS)
_PAST_WISHES = frozenset(W.PAST_WISHES) | {"request", "be"}
_HOW_MUCH_OTHER = frozenset(W.HOW_MUCH_OTHER)
_ME = frozenset({"me", "us", "myself"})
_TIME_NOUNS = frozenset({"time", "chance", "moment", "slot"})
_TALK = frozenset({"talk", "speak", "chat", "meet", "connect", "discuss"})
_PRODUCT_OBJECTS = frozenset(W.PRODUCT_OBJECTS)
_CONTACT_PHRASES = tuple(tuple(p.split()) for p in W.CONTACT_PHRASES)
_PHRASE_VERBS = frozenset(p[0] for p in _CONTACT_PHRASES)
_FILL_IN_PHRASE = frozenset({"me", "us", "a", "an", "quick", "please", "pls", "asap", "soon"})
_VERB_TAGGED_OBJECTS = frozenset(
    {"demo", "quote", "pilot", "trial", "cost", "price", "pricing", "meeting"}
)
_TEST_THINGS = frozenset(
    {"environment", "account", "instance", "access", "site", "tenant", "login"}
)
_TIME_PREPOSITIONS = frozenset({"after", "before", "until", "since", "during", "till"})
_IN_USE = frozenset({"active", "working", "enabled", "running", "live"})
_CUSTOMERS = frozenset({"customer", "client", "subscriber", "user", "member"})
_PEOPLE_LATER = _PEOPLE - {"you", "u", "one", "team", "people", "ppl", "staff", "office"}
_COMPARING = frozenset({"difference", "between", "compare", "vs", "versus", "include"})
_SEND_PAPERS = frozenset({"send", "share", "email", "forward", "give", "get", "mail", "sign"})
_PLANS = frozenset({"plans", "packages", "tiers", "subscriptions"})
_FUTURE = frozenset({"will", "'ll", "ll", "shall", "gonna", "going"})
_ASKED_OF = frozenset({"you", "u", "someone", "somebody", "anyone", "sales", "rep", "team"})
_OFFERED = frozenset({"possible", "available", "option", "doable", "ok", "okay", "offered"})
_FILLERS = frozenset(
    {"hi", "hello", "hey", "also", "and", "so", "just", "ok", "okay", "yes", "hiya", "team",
     "thanks", "dear", "then", "maybe", "ideally", "still", "really", "quick", "quickly"}
)  # fmt: skip
_NOT_CONTENT = _FILLERS | _PLEASE
_QUESTION_AUX = _MODALS | {"do", "does", "is", "are"}
_MODAL_OR_PLEASE = _MODALS | _PLEASE
_SPLIT_TEXT = frozenset({",", ";", ":", "!", "?", ".", "—", "–", "(", ")", "...", "…"})
_SPLIT_WORDS = frozenset({"but", "however", "although", "though", "otherwise", "whereas"})
_SUBJECTS = frozenset({"i", "we", "you", "they", "he", "she", "it"})
_NOT_PRODUCTS = frozenset(
    {"newsletter", "newsletters", "blog", "list", "updates", "channel", "podcast", "emails",
     "webinar", "digest", "mailing", "event"}
)  # fmt: skip
_TRY_OBJECTS = frozenset({"it", "this", "out", "before", "your", "you", "the", "them"})
_SHOW_NEXT = frozenset({"how", "around", "the", "what", "it", "your", "through"})
_SEE_OBJECTS = frozenset({"product", "platform", "tool", "app", "software", "system", "it"})
_TIME_UNITS = frozenset(
    {"week", "month", "year", "quarter", "time", "night", "monday", "tuesday", "wednesday",
     "thursday", "friday", "spring", "summer", "fall", "autumn", "winter"}
)  # fmt: skip

_VOCAB = sorted(
    set(_OBJECTS)
    | _CONTACT
    | _PEOPLE
    | _PURCHASE
    | _TRIAL
    | _DEMO
    | _WISHES
    | _IMPERATIVES
    | {"schedule", "please", "someone", "interested", "purchase", "subscribe"}
    | frozenset(W.MESSAGE_VERBS)
)
_VOCAB_SET = frozenset(_VOCAB)
# every word a request or a lead fact (nlp/lead_facts.py) can start from; a sentence with
# none of them, and no question, is not read clause by clause
TRIGGERS = (
    _VOCAB_SET
    | frozenset(W.TRIGGER_WORDS)
    | frozenset(p.split()[0] for p in W.CONTACT_PHRASES)
    | frozenset({"test", "testing", "tour", "fee", "become", "zoom"})
    | frozenset(LW.EMAIL_WORDS + LW.PHONE_WORDS + LW.CALL_WORDS + LW.CONTACT_VERBS)
    | frozenset(LW.EVENT_NOUNS + LW.HEARD_VERBS + LW.ASK_TO_KNOW)
    | frozenset({"budget", "budgets", "year", "cycle", "go", "time", "available", "free",
                 "reachable", "thanks", "re", "subject", "off"})
)  # fmt: skip
_QUESTION_OPENERS = frozenset(LW.QUESTION_STARTS) | _QUESTION
_SHORT = W.SHORT_FORMS
_SHORT_VOCAB = sorted({w for w in (*_VOCAB, *W.MODALS, "get") if len(w) == 3 and w.isalpha()})
# what a misspelt word may be read as: the cue words, and the words around a cue that
# decide it ("wats the cost", "trial acount", "how mch")
_SPELL_VOCAB = sorted(
    _VOCAB_SET
    | frozenset(w for w in W.QUESTION_WORDS if w.isalpha())
    | frozenset(W.REQUEST_HEADS)
    | frozenset(W.SPELL_EXTRA)
)
_SPELL_SET = frozenset(_SPELL_VOCAB)
# three-letter words typed with a letter dropped ("tlk", "mch", "bak"), by what they stand for
_DROPPED = frozenset(w for w in _SPELL_VOCAB if len(w) == 4 and w.isalpha())
_CONDITIONS = frozenset(W.CONDITIONS)
_NOT_BUYERS = frozenset(W.NOT_BUYERS)
_WORD = re.compile(r"[a-z0-9']+")
_SPACES = re.compile(r"\s+")
_NOT_BUYER_PAIRS = frozenset(tuple(p.split()) for p in W.NOT_BUYER_PHRASES)


def _phrases(phrases: list[str]) -> re.Pattern:
    return re.compile(r"(?<![a-z])(?:" + "|".join(re.escape(p) for p in phrases) + r")(?![a-z])")


_SELLER = _phrases(W.SELLER_PHRASES)
_SELLER_SHAPES = re.compile("|".join(W.SELLER_PATTERNS))
_JOB_SEEKER = _phrases(W.JOB_SEEKER_PHRASES)
_SLIPS = W.REAL_WORD_SLIPS
_THIRD_PARTIES = frozenset(W.THIRD_PARTIES)
_LATER_TIMES = frozenset(W.LATER_TIMES)
_HEDGES = frozenset({"will", "'ll", "ll", "may", "might", "gonna", "probably"})
_STRONG_HEDGES = frozenset(W.STRONG_HEDGES)
_DECIDED = frozenset({"decide", "agree", "choose", "elect", "resolve"})
_POLITE_IF = frozenset(W.POLITE_IF)
_HOW_TO = frozenset(W.HOW_TO_VERBS)
_FOREIGN_ASKS = frozenset(W.FOREIGN_ASKS)
_FOREIGN_PAIRS = frozenset(tuple(p.split()) for p in W.FOREIGN_ASK_PAIRS)
# a cue word that is also an English word ("reunion", "costa") is no foreign cue
_FOREIGN_CUES = {w: v for w, v in W.FOREIGN_CUES.items() if zipf_frequency(w, "en") < 3.0}
_FOREIGN_NEGATORS = frozenset(W.FOREIGN_NEGATORS)
_WANTED_PLANS = frozenset({"want", "take", "choose", "pick", "need", "go"})
_MONEY_SIGNS = frozenset({"$", "$$", "$$$", "€", "€€", "£", "££"})
_OTHER = frozenset({"another", "different", "other", "new", "own", "alternative"})
_MESSAGE = frozenset(W.MESSAGE_VERBS)
_MESSAGE_AFTER = frozenset(W.MESSAGE_AFTER)
_PURCHASE_PHRASES = tuple(tuple(p.split()) for p in W.PURCHASE_PHRASES)
_PURCHASE_PAPERS = frozenset(W.PURCHASE_PAPERS)
_PURCHASE_STARTS = frozenset(p[0] for p in _PURCHASE_PHRASES) | _PURCHASE_PAPERS | {"invoice"}
_PAPER_HEADS = frozenset(W.PAPER_HEADS)
_BILLING = frozenset(W.BILLING_WORDS)
_SELF_SERVE = frozenset(W.SELF_SERVE_THINGS)
_MONTHS = frozenset(
    {"january", "february", "march", "april", "june", "july", "august", "september",
     "october", "november", "december", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
     "sep", "sept", "oct", "nov", "dec", "next", "spring", "summer", "autumn", "fall", "winter"}
)  # fmt: skip
_FEATURE_VERBS = frozenset(
    {"handle", "support", "work", "integrate", "allow", "let", "sync", "connect", "accept",
     "process", "show", "display", "export", "calculate"}
)  # fmt: skip
_SALES_PEOPLE = frozenset(
    {"person", "rep", "representative", "salesperson", "salesman", "saleswoman", "sales"}
)  # fmt: skip
_PITCH = _phrases(W.PITCH_PHRASES)
_OWN_OFFER = _phrases(W.OWN_OFFER)
_DEFERRED = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in W.DEFERRALS) + r")\b")
_LATER = frozenset(W.LATER_WORDS)
_PEOPLE_ASKED = frozenset(W.PEOPLE_ASKED)
_PERSON_DOES = frozenset(W.PERSON_DOES)
_GET_A_PERSON = frozenset(W.GET_A_PERSON)
_COST_ADJECTIVES = frozenset(W.COST_ADJECTIVES)
_GO_AHEAD = frozenset(W.GO_AHEAD_OBJECTS)
_FREE_THINGS = frozenset({"version", "plan", "tier", "account", "edition", "option"})
_STILL_OFFERED = frozenset({"table", "valid", "available", "good", "open", "possible", "stand"})
_MODAL_WORDS = ("can", "could", "would", "will", "may", "should")
_PLAN_WORDS = frozenset(W.PLAN_WORDS)
_NEXT_STEPS = frozenset(W.NEXT_STEP_WORDS)
_GET_VERBS = frozenset({"get", "add", "buy", "purchase", "order", "move", "switch", "go"})
_BOOK_VERBS = frozenset({"book", "schedule", "arrange", "set", "grab", "find", "get"})
_TIME_WORDS = frozenset(
    {"today", "tomorrow", "tonight", "morning", "afternoon", "evening", "monday", "tuesday",
     "wednesday", "thursday", "friday", "saturday", "sunday", "mon", "tue", "wed", "thu", "fri",
     "week", "asap", "sometime", "later", "soon", "next"}
)  # fmt: skip


@lru_cache(maxsize=50_000)
def read_word(lower: str) -> str:
    """The cue word a rare, misspelt word stands for ("shedule" -> "schedule"), else itself.

    Only words of four letters or more that are rare in English are read this way, and only
    within one edit (two for words of seven letters or more), so "prize" stays "prize".
    """
    if lower in _SHORT:
        return _SHORT[lower]
    if lower in _SPELL_SET or len(lower) < 3 or not lower.isalpha():
        return lower
    if len(lower) == 3:  # a swap of two letters ("cna" -> "can"), or one dropped ("tlk")
        swapped = [w for w in _SHORT_VOCAB if sorted(w) == sorted(lower)]
        if len(swapped) == 1 and zipf_frequency(lower, "en") < 2.5:
            return swapped[0]
        if zipf_frequency(lower, "en") < 3.0:
            dropped = [w for w in _DROPPED if _drops_one(w, lower)]
            if len(dropped) == 1:
                return dropped[0]
        return lower
    if zipf_frequency(lower, "en") >= 2.5:
        return lower
    limit = 1 if len(lower) < 7 else 2
    # the cue words first: "tuch" is "touch" before it is "much"
    for vocab in (_VOCAB, _SPELL_VOCAB):
        found = process.extractOne(lower, vocab, scorer=OSA.distance, score_cutoff=limit)
        if found:
            return found[0]
    return lower


def _drops_one(word: str, typed: str) -> bool:
    return any(word[:k] + word[k + 1 :] == typed for k in range(len(word)))


class _Clause:
    """One clause's words, read once: normalised words, lemmas, and whether it asks."""

    def __init__(self, toks: list[Token], question: bool, sentence_words: frozenset[str]):
        self.toks = toks
        self.sentence_words = sentence_words
        self.words = [read_word(t.lower_) for t in toks]
        for k, w in enumerate(self.words):  # "trail please": a real word typed for the cue
            if w in _SLIPS and not set(self.words) & frozenset(_SLIPS[w][1]):
                self.words[k] = _SLIPS[w][0]
            # "i want to by the pro plan": "by" typed for "buy" after a wish and "to"
            elif (
                w == "by"
                and k > 1
                and self.words[k - 1] == "to"
                and (self.words[k - 2] in _WISHES or self.words[k - 2] in ("how", "where", "ready"))
            ):
                self.words[k] = "buy"
        for k in range(1, len(toks)):  # "15% off" is a discount
            if self.words[k] == "off" and (toks[k - 1].text.endswith("%") or toks[k - 1].like_num):
                self.words[k] = "discount"
        for k in range(len(toks) - 1):  # "cna i get pricing": a modal with swapped letters
            if self.words[k] not in _MODALS and self.words[k + 1] in ("i", "we", "you"):
                swapped = [m for m in _MODAL_WORDS if sorted(m) == sorted(self.words[k])]
                if swapped and self.words[k] not in _VOCAB_SET:
                    self.words[k] = swapped[0]
        self.lemmas = [
            w if w != t.lower_ else t.lemma_.lower() for t, w in zip(toks, self.words, strict=True)
        ]
        content = [i for i, w in enumerate(self.words) if w not in _NOT_CONTENT]
        self.first = content[0] if content else 0
        first_word = self.words[self.first] if content else ""
        # "will reach out when ready": an auxiliary before a verb, with no subject, asks nothing
        bare_aux = first_word in _QUESTION_AUX and self.first + 1 < len(toks)
        bare_aux = bare_aux and toks[self.first + 1].pos_ == "VERB"
        self.question_word = first_word in _QUESTION and not bare_aux
        self.question = question or self.question_word
        self.condition = (
            first_word in ("when", "once") and self.next_word(self.first) not in _QUESTION_AUX
        )
        lemmas = set(self.lemmas) | set(self.words)
        self.modal = bool(lemmas & _MODAL_OR_PLEASE)
        # "looking for a quote" wishes; "looking at the figures in your report" reads
        looked_at = {
            w for k, w in enumerate(self.words[:-1])
            if w in ("looking", "look") and self.words[k + 1] in ("at", "over", "through")
        }  # fmt: skip
        self.wish = bool((lemmas - looked_at - {"look"} if looked_at else lemmas) & _WISHES)
        # "we've decided to purchase 20 licenses": a decision to act is a wish
        self.wish = self.wish or any(
            lemma in _DECIDED and self.next_word(k) == "to" for k, lemma in enumerate(self.lemmas)
        )
        self.imperative = bool(content) and (
            first_word in _IMPERATIVES or self.lemmas[self.first] in _IMPERATIVES
        )
        self.subject_line = bool(content) and self.words[0] in ("re", "subject") and len(toks) > 1
        self.asks = self.question or self.modal or self.wish or self.imperative or self.subject_line
        self.terse = len([t for t in toks if not t.is_punct]) <= 4
        self.thanks = first_word in _THANKS or self.lemmas[self.first] in _THANKS
        self.past = self._past()
        # where the writer hedges a plan of their own ("we'll", "we might"), read once
        self.hedge_at = next(
            (k for k, w in enumerate(self.words)
             if w in ("i", "we") and set(self.words[k + 1 : k + 3]) & _HEDGES),
            None,
        )  # fmt: skip

    def _past(self) -> bool:
        for i, (tok, lemma) in enumerate(zip(self.toks, self.lemmas, strict=True)):
            base = self.words[i] == lemma  # "set" reads as both; "got", "sent" only as past
            if i == self.first and base and (lemma in _IMPERATIVES or lemma in _PHRASE_VERBS):
                continue  # "set up a demo": an imperative the tagger reads as past
            if self.words[i] != tok.lower_ or (base and self.question and tok.lower_ == lemma):
                continue  # "wat is the price" (a short form tagged as a verb), "how much cost"
            if lemma in _DECIDED and self.next_word(i) == "to":
                continue  # "we've decided to proceed with the order": the act is now
            done = tok.tag_ == "VBD" or (tok.tag_ == "VBN" and self._perfect(i))
            if done and lemma not in _PAST_WISHES and lemma not in _WISHES:
                return True
            word = self.words[i]
            if word in _PAST_WORDS:
                nxt = self.words[i + 1] if i + 1 < len(self.words) else ""
                if word != "last" or nxt in _TIME_UNITS:
                    return True
        return False

    def _perfect(self, i: int) -> bool:
        return any(w in ("have", "has", "had", "'ve", "ve") for w in self.words[max(0, i - 3) : i])

    def negated_before(self, i: int) -> bool:
        return any(w in _NEGATORS for w in self.words[:i])

    def next_word(self, i: int, k: int = 1) -> str:
        return self.words[i + k] if i + k < len(self.words) else ""


def clauses(sent: Span) -> list[_Clause]:
    """A sentence cut at punctuation, "but", and "and" before a new subject."""
    out: list[_Clause] = []
    current: list[Token] = []
    toks = list(sent)
    words = frozenset(read_word(t.lower_) for t in toks)
    if not words & TRIGGERS and not _opens_question(toks):
        return out  # nothing in it a request or a lead fact could start from

    def close(question: bool) -> None:
        if current:
            out.append(_Clause(list(current), question, words))
            current.clear()

    for j, tok in enumerate(toks):
        lower = tok.lower_
        nxt = toks[j + 1].lower_ if j + 1 < len(toks) else ""
        if tok.text == ":" and [t.lower_ for t in current] in (["re"], ["subject"]):
            continue  # "Re: pricing for the add-on": a subject line asks
        if tok.text in _SPLIT_TEXT or (tok.is_punct and tok.text.startswith("?")):
            close("?" in tok.text)
        elif lower in _SPLIT_WORDS or (lower == "and" and nxt in _SUBJECTS):
            close(False)
        else:
            current.append(tok)
    close(False)
    return out


def _opens_question(toks: list[Token]) -> bool:
    after_break = True
    for tok in toks:
        if tok.text.startswith("?"):
            return True
        if after_break and tok.lower_ in _QUESTION_OPENERS:
            return True
        after_break = tok.text in _SPLIT_TEXT or (after_break and tok.lower_ in _FILLERS)
    return False


def find_requests(
    doc: Doc, sentences: list[Span], parsed: list[list[_Clause]] | None = None
) -> list[Fact]:
    """Request facts, one per value and clause, with the evidence span. `parsed` is each
    sentence's clauses when the caller has them already."""
    facts: list[Fact] = []
    if _not_a_buyer(doc) or _a_seller(doc):
        return facts
    if parsed is None:
        parsed = [clauses(sent) for sent in sentences]
    facts = _english_requests(parsed)
    return facts or _foreign_requests(doc)


def _foreign_requests(doc: Doc) -> list[Fact]:
    """ "je voudrais un devis", "quiero una demo", "bitte rufen Sie mich an": an ask word and
    a cue word of another language (or an English cue noun after a foreign ask), not negated."""
    words = [t.lower_ for t in doc]
    pairs = set(zip(words, words[1:], strict=False))
    asked = bool(set(words) & _FOREIGN_ASKS or pairs & _FOREIGN_PAIRS)
    if not asked or set(words) & _FOREIGN_NEGATORS:
        return []
    for tok in doc:
        value = _FOREIGN_CUES.get(tok.lower_) or (
            _OBJECTS.get(tok.lower_) if tok.pos_ in ("NOUN", "PROPN", "X") else None
        )
        if value is not None:
            return [Fact("request", value, tok.idx, tok.idx + len(tok))]
    return []


def _english_requests(parsed: list[list[_Clause]]) -> list[Fact]:
    facts: list[Fact] = []
    for parts in parsed:
        for number, clause in enumerate(parts):
            if clause.thanks or clause.condition or _for_third_party(clause):
                continue  # "thanks for the call", "if we ever need pricing"
            if _looks_forward(clause):
                continue  # "looking forward to the demo on thursday": arranged, not asked
            found: dict[str, tuple[int, int]] = {}
            for i in range(len(clause.toks)):
                hit = _request_at(clause, i)
                if hit is not None and hit[0] not in found:
                    found[hit[0]] = (hit[1], hit[2])
            if not found and number and _still_offered(clause):
                # "You mentioned a 20% discount — is that still on the table?"
                earlier = copy(parts[number - 1])  # read again as asked, and not as past
                earlier.past, earlier.question = False, True
                for i in range(len(earlier.toks)):
                    hit = _object(earlier, i) if earlier.words[i] in _OBJECTS else None
                    if hit is not None and hit[0] not in found:
                        found[hit[0]] = (hit[1], hit[2])
                clause = earlier
            if "purchase" in found and len(found) > 1 and _signs_up(clause, found["purchase"]):
                del found["purchase"]  # "sign me up for a trial": the trial is what is asked
            if found and _put_off(clause):
                continue  # "a demo down the line, not now", "reach out then"
            for value, (a, b) in found.items():
                start, end = clause.toks[a], clause.toks[b]
                facts.append(Fact("request", value, start.idx, end.idx + len(end)))
    return facts


def _person_asked(c: _Clause, i: int) -> bool:
    """ "need a rep", "get someone on the phone", "want someone to explain", "can a rep come
    out?": a person asked for to get in touch, not one spoken of ("our rep left") nor one
    wanted for another job ("need someone to fix our printer")."""
    if c.toks[i].dep_ in ("nsubj", "nsubjpass") and not c.question:
        return False
    if set(c.lemmas) & (_DEMO | _TRIAL | _PURCHASE) or set(c.words) & _OBJECTS.keys():
        return False  # "can someone walk me through it": the demo is what is asked
    after = [w for w in c.words[i + 1 :] if w not in _FILL_IN_PHRASE and w not in ".,!?"]
    in_touch = not after or bool(
        set(c.lemmas[i + 1 : i + 4]) & _PERSON_DOES or "phone" in c.words[i + 1 : i + 5]
    )
    if set(c.lemmas[max(0, i - 3) : i]) & _GET_A_PERSON:
        return in_touch
    # asked, not announced: "can a rep come out?", not "our IT person will reach out"
    does = set(c.lemmas[i + 1 : i + 4]) & (_PERSON_DOES - {"explain"})
    return c.question and c.modal and bool(does)


def _a_seller(doc: Doc) -> bool:
    """A pitch to us, or a job seeker: what the writer asks for is a chance to sell or to
    work for us, not a purchase."""
    text = _SPACES.sub(" ", doc.text.lower().replace("\u2019", "'"))
    if _SELLER.search(text) or _SELLER_SHAPES.search(text) or _JOB_SEEKER.search(text):
        return True
    return bool(_PITCH.search(text) and _OWN_OFFER.search(text))


def _looks_forward(c: _Clause) -> bool:
    if "hearing" in c.words:
        return False  # "look forward to hearing from your sales team" waits for contact
    return any(w == "forward" and k and c.lemmas[k - 1] == "look" for k, w in enumerate(c.words))


def _for_third_party(c: _Clause) -> bool:
    """ "how do i book a call inside your app for my customers", "our clients ask how to
    buy": the ask belongs to the writer's own customers, a question about the product."""
    return any(
        w in ("my", "our") and c.next_word(k) in _THIRD_PARTIES for k, w in enumerate(c.words)
    )


def _conditional(c: _Clause, i: int) -> bool:
    """A condition before the cue ("if we ever need pricing"), but not a polite one ("i'd
    appreciate it if someone could call")."""
    for k, w in enumerate(c.words[:i]):
        if w in _CONDITIONS and not set(c.words[max(0, k - 3) : k]) & _POLITE_IF:
            return True
    return False


def _writer_hedges(c: _Clause, i: int) -> bool:
    """ "maybe later we'll need pricing", "we will buy next year if things go well": the
    writer's own later, hedged plan, no ask now."""
    if c.hedge_at is None or c.hedge_at >= i or c.question or c.imperative:
        return False
    if "please" in c.words:
        return False
    later = set(c.words) & (_LATER_TIMES | _CONDITIONS)
    strong = set(c.words[:i]) & _STRONG_HEDGES and set(c.words) & _MONTHS
    return bool(later or strong)


def _put_off(clause: _Clause) -> bool:
    """The ask is for later: its sentence defers it ("maybe a trial at some point, not now"),
    or the clause ends on a time said before ("reach out then")."""
    sentence = _SPACES.sub(" ", clause.toks[0].sent.text.lower())
    if _DEFERRED.search(sentence) and not (clause.imperative or "please" in clause.words):
        return True  # "not ready to buy, but send pricing" still asks for pricing
    words = [w for w in clause.words if w not in (".", ",", "!", ";")]
    return bool(words) and words[-1] in _LATER and len(words) <= 6


def _not_a_buyer(doc: Doc) -> bool:
    """A student or coursework ("for my thesis", "school project") asks for no sale."""
    words = _WORD.findall(doc.text.lower())
    # "a school of 400 students": counted, they are the buyer's customers, not the writer
    counted = {w for k, w in enumerate(words) if k and (words[k - 1].isdigit())}
    if (set(words) - counted) & _NOT_BUYERS:
        return True
    pairs = set(zip(words, words[1:], strict=False))
    return bool(pairs & _NOT_BUYER_PAIRS)


def _still_offered(clause: _Clause) -> bool:
    words = set(clause.words)
    return clause.question and "still" in words and bool(words & _STILL_OFFERED)


def _signs_up(clause: _Clause, at: tuple[int, int]) -> bool:
    return clause.words[at[0]] == "sign"


def _request_at(c: _Clause, i: int) -> tuple[str, int, int] | None:
    """(value, first, last token of the evidence) when the clause asks for something at i."""
    word, lemma, tok = c.words[i], c.lemmas[i], c.toks[i]
    if c.negated_before(i) or _conditional(c, i):
        return None  # "no need to call", "if we ever need pricing"
    if _writer_hedges(c, i):
        return None
    if (lemma in _CONTACT or word in _CONTACT) and _so_someone(c, i):
        return "call back", i, i + 1  # "(he said to fill this form) so someone calls me"
    past = c.past and not c.modal and not _asked_to(c)
    nxt = c.next_word(i)
    if (word in _MESSAGE or lemma in _MESSAGE) and not past:
        return _message(c, i)  # "dm me", "have sales email me", not "text me the code"
    if not past and _purchase_words(c, i):
        return "purchase", i, i + 1  # "take my money", "send over the order form"
    if not past and _word_with(c, i):
        return "call back", i, i + 1  # "a word with one of your people", "let's catch up"
    if not past and _meeting_link(c, i):
        return "call back", i, i + 1  # "send me a google meet link", "teams invite?"
    if not past and (c.asks or c.terse) and _plan_wanted(c, tok):
        return "purchase", i, i  # "i want the pro plan", "we need 30 more licenses"
    if not past and word == "interested" and nxt == "in" and _plan_named(c, i + 2):
        return "purchase", i, i + 1  # "interested in the enterprise plan"
    if not past and word == "sales" and _sales_note(c, i):
        return "call back", i, i  # "need sales", "sales pls", "sales?"
    get_started = word == "started" and i and c.words[i - 1] == "get"
    if not past and get_started and c.wish and not set(c.words) & _SELF_SERVE:
        return "purchase", i - 1, i  # "we're keen to get started asap"
    if not past and word == "up" and nxt == "for" and c.next_word(i, 2) in ("a", "the"):
        wanted = c.words[i + 3] if i + 3 < len(c.words) else ""
        if wanted in _OBJECTS and _OBJECTS[wanted] in ("demo", "call back", "trial"):
            return _OBJECTS[wanted], i, i + 3  # "up for a demo next week"
    ahead_of = set(c.words[max(0, i - 3) : i]) & (_TIME_PREPOSITIONS | {"when", "once"})
    signs = lemma == "sign" and nxt in ("", "today", "now", "this", "asap")
    if not past and signs and c.wish and not ahead_of:  # not "... before we sign"
        return "purchase", i, i  # "we are ready to sign"
    if word == "proof" and nxt == "of" and c.next_word(i, 2) == "concept" and c.asks:
        return "trial", i, i + 2  # "proof of concept possible?"
    if tok.text in _MONEY_SIGNS and c.question and not c.next_word(i).isdigit():
        return "pricing", i, i  # "$$ for 10 users?"
    phrase = _contact_phrase(c, i)
    if phrase is not None:
        return None if past else phrase  # "get back to me", "hit me up", "give us a ring"
    # "call me", "contact me pls", "reach out to me", "connect us with sales"
    if (lemma in _CONTACT or word in _CONTACT) and _a_thing_does(tok):
        return None  # "scheduling that talks to both": software connecting, nobody asking
    if lemma in _CONTACT or word in _CONTACT:
        found = _contact(c, i)
        if found is not None:
            return None if past else found
    if past:
        return None
    if lemma in _PURCHASE and tok.pos_ in ("VERB", "AUX") or (lemma in _PURCHASE and i == c.first):
        return _purchase(c, i)
    if (
        lemma == "sign"
        and (nxt == "up" or (nxt in _ME and c.next_word(i, 2) == "up"))
        and c.asks
        and not set(c.words[i + 2 : i + 6]) & _NOT_PRODUCTS
    ):
        return "purchase", i, i + 1
    if lemma in _TRIAL and tok.pos_ == "VERB" and c.asks:
        if lemma == "try" and nxt in _TRY_OBJECTS:
            return "trial", i, i + 1
        if lemma == "pilot":
            return "trial", i, i + 1
        if lemma in ("test", "evaluate", "trial") and nxt in _TRY_OBJECTS - {"before", "the"}:
            return "trial", i, i + 1  # "want to test it for 2 weeks", "trial your tool"
        tried = [ch for ch in tok.children if ch.dep_ == "dobj"]
        ours = tried and {ch.lower_ for ch in tried[0].children} & {"the", "your", "this", "ur"}
        if ours and _SEE_OBJECTS & {tried[0].lemma_.lower(), tried[0].lower_}:
            owners = {ch.lower_ for ch in tried[0].children if ch.dep_ == "poss"}
            if not owners & {"our", "my"}:  # "test the software", not "test our software"
                return "trial", i, tried[0].i - c.toks[0].i
    wants = c.modal or c.wish or c.imperative
    if word == "test" and nxt == "drive" and wants:
        return "trial", i, i + 1  # "want to test drive it" (tagged as anything)
    if lemma == "present" and (c.modal or c.wish) and _presented_to_us(c, tok):
        return "demo", i, i  # "can your team present the solution to our board"
    if lemma in ("move", "go") and nxt in ("forward", "ahead") and (c.modal or c.wish):
        return "purchase", i, i + 1  # "we're ready to move forward", "want to go ahead"
    if word in ("test", "testing", "demo", "trial") and wants and nxt in _TEST_THINGS:
        return "trial", i, i + 1  # "access to a test environment", "a demo account"
    if lemma in _DEMO and c.asks:
        shown = c.next_word(i, 2) in _SHOW_NEXT | _PLEASE | {""}
        how_to = c.next_word(i, 3) == "to" and c.next_word(i, 4) in _HOW_TO
        if lemma == "show" and nxt in _ME and shown and not how_to:
            return "demo", i, i + 1  # "show me pls", not "show me how to reset the filters"
        through = nxt == "through" or (nxt in _ME and c.next_word(i, 2) == "through")
        if lemma == "walk" and through:
            return "demo", i, i + (1 if nxt == "through" else 2)
    shown_how = nxt == "how" and c.next_word(i, 2) != "much"
    goes = set(c.words[i + 2 : i + 5]) & {"goes", "go", "going", "things"}
    if lemma == "see" and (c.wish or c.modal) and shown_how and not goes:
        return "demo", i, i + 1  # "i want to see how it handles multi currency"
    short = len(c.words) <= 6 and i + 2 >= len(c.words)
    heard_from = set(c.words[i + 2 : i + 5]) & (_PEOPLE_ASKED | {"sales"})
    if lemma == "hear" and nxt == "from" and heard_from:
        return "call back", i, i + 1  # "looking forward to hearing from a sales rep"
    going = c.words[i + 1 : i + 3]
    started = going[1:] and going[1] in ("going", "started", "moving", "signed", "done")
    started = started and going[0] in ("this", "it", "things") and c.question and c.modal
    if lemma == "get" and started:
        return "purchase", i, i + 2  # "can we get this going this month?"
    if lemma == "try" and not nxt and c.question and c.modal and tok.pos_ == "VERB":
        return "trial", i, i  # "can i try?"
    if lemma == "see" and c.wish and short and nxt in ("it", "this"):
        return "demo", i, i + 1  # "want to see it": a note that is the wish to be shown
    if lemma == "become" and c.asks and set(c.words[i + 1 : i + 3]) & _CUSTOMERS:
        return "purchase", i, i + 2  # "how can i become a customer"
    if lemma == "see" and c.asks and nxt in _SEE_OBJECTS | {"a", "the", "your"}:
        rest = c.words[i + 1 : i + 4]
        shown = set(c.words[i + 1 : i + 5]) & {"action", "working", "live", "running", "work"}
        if "first" in c.words[i + 1 : i + 4] and (c.question or c.wish):
            shown = {"first"}  # "can i see it first before we talk money"
        if shown or set(rest) & _SEE_OBJECTS - {"it"}:
            return "demo", i, min(len(c.toks) - 1, i + 3)
    if word == "how" and nxt == "much":
        after = c.next_word(i, 2)
        rest = set(c.words[i + 2 :])
        if after not in _HOW_MUCH_OTHER and not rest & {"save", "saving", "savings", "roi"}:
            return "pricing", i, i + 1
    if lemma in ("charge", "cost") and c.question and tok.pos_ == "VERB" and not _billed(c):
        return "pricing", i, i  # "what do you charge for the api tier"
    if lemma == "run" and nxt in _ME and c.question and "what" in c.words[:i]:
        return "pricing", i, i + 1  # "what would 30 licenses run us"
    if lemma == "extend" and c.asks and set(c.sentence_words) & {"trial", "pilot", "sandbox"}:
        return "trial", i, min(len(c.toks) - 1, i + 1)  # "trial expired, want to extend it"
    if lemma in ("beat", "match") and c.asks and nxt in ("that", "this", "it", "their", "the"):
        return "pricing", i, i + 1  # "quoted $18/user by X. Can you beat that?"
    if word in _OBJECTS:
        return _object(c, i)
    if word in _PEOPLE_ASKED and c.asks and _person_asked(c, i):
        return "call back", max(0, i - 2), i  # "need a rep", "can a rep come out"
    if word in _SALES_PEOPLE and (c.wish or c.modal) and _with_sales(c, i):
        return "call back", max(0, i - 3), i  # "i want information with sales person"
    about_us = set(c.words[max(0, i - 3) : i]) & {"it", "this", "you", "u"}
    if word in _COST_ADJECTIVES and c.question and about_us and nxt not in ("to", "or"):
        return "pricing", max(0, i - 2), i  # "is it expensive?", not "expensive to host?"
    offered = set(c.words[max(0, i - 4) : i]) & {"there", "have", "get", "offer", "any", "try"}
    if (
        word == "free"
        and c.question
        and nxt in _FREE_THINGS
        and c.next_word(i, 2) != "of"
        and (offered or "try" in c.words[i + 2 : i + 4])
    ):  # "is there a free version to try", not "how do i downgrade to the free plan"
        return "trial", i, i + 1
    if lemma == "proceed" and nxt == "with" and (c.modal or c.wish or c.question):
        ahead = c.words[i + 2 : i + 5]
        goes = next((k for k, w in enumerate(ahead) if w in _GO_AHEAD), None)
        then = c.toks[i + 3 + goes] if goes is not None and i + 3 + goes < len(c.toks) else None
        if goes is not None and not (then is not None and then.pos_ == "NOUN"):
            return "purchase", i, i + 2 + goes  # "we'd like to proceed with the order"
    shares = word in ("screenshare", "screen-share") or (
        word == "screen" and "share" in c.words[i + 1 : i + 3]
    )
    if shares and (c.modal or c.wish or c.imperative):
        return "demo", i, min(len(c.toks) - 1, i + 1)  # "can you do a screen share"
    in_app = "how" in c.words[:i] and set(c.words) & _SELF_SERVE
    if c.asks and (lemma in _GET_VERBS or word in _GET_VERBS) and not in_app:
        ahead = c.lemmas[i + 1 : i + 8]
        words = c.words[i + 1 : i + 8]
        plan = next(
            (k for k, w in enumerate(ahead) if w in _PLAN_WORDS or words[k] in _PLAN_WORDS), None
        )
        free = set(ahead[: (plan or 0) + 1]) & {"trial", "free", "demo", "test", "sandbox"}
        if plan is not None and (not free or "paid" in c.words[i + 1 : i + 8]):
            return "purchase", i, i + 1 + plan  # "add more seats", "get the premium tier"
    if c.asks and (lemma in _BOOK_VERBS or word in _BOOK_VERBS):
        slot = c.words[i + 1 : i + 4]
        if set(slot) & {"time", "slot"} and set(c.lemmas[i + 1 : i + 9]) & _PEOPLE:
            return "call back", i, i + 1  # "book time with someone"
    if word in _NEXT_STEPS and c.question and _next_step(c, i):
        return "call back", max(0, i - 1), i  # "next steps?", "how do we proceed"
    return None


_FETCH = frozenset({"get", "request", "find", "source", "collect", "obtain", "gather", "grab"})


def _with_sales(c: _Clause, i: int) -> bool:
    """A sales person the writer wants to be with: "info with a sales person", "a word with
    your rep" (not "with our rep", not "a sales person who left")."""
    if c.words[i] == "sales" and c.next_word(i) not in _SALES_PEOPLE | {"team", "department"}:
        return False
    if c.words[i] == "sales":
        i += 1
    before = c.words[max(0, i - 4) : i]
    return bool({"with", "w", "w/"} & set(before)) and not {"our", "my"} & set(before)


def _presented_to_us(c: _Clause, tok: Token) -> bool:
    """The vendor presents its product to the writer's people, not the writer presenting."""
    subjects = {ch.lower_ for ch in tok.children if ch.dep_ == "nsubj"}
    if subjects & {"i", "we"}:
        return False
    objects = {ch.lemma_.lower() for ch in tok.children if ch.dep_ == "dobj"}
    return bool(
        subjects & {"you", "u", "team", "someone", "rep"} or objects & _SEE_OBJECTS
    ) or bool(objects & {"solution", "product", "platform", "demo"})


def _a_thing_does(tok: Token) -> bool:
    subjects = [t.lower_ for t in tok.children if t.dep_ in ("nsubj", "nsubjpass")]
    return bool(subjects) and subjects[0] in ("that", "which", "it")


def _asked_to(c: _Clause) -> bool:
    """ "my manager asked me to get a quote": reported, the ask still stands (but "they asked
    us to send a quote" is the writer's own customer asking them)."""
    return any(
        lemma == "ask"
        and c.next_word(k) in _ME
        and c.next_word(k, 2) == "to"
        and c.lemmas[k + 3 : k + 4]
        and c.lemmas[k + 3] in _FETCH
        for k, lemma in enumerate(c.lemmas)
    )


def _next_step(c: _Clause, i: int) -> bool:
    word = c.words[i]
    if word == "started" and set(c.words[i + 1 : i + 5]) & _SELF_SERVE:
        return False  # "how do i get started with the api docs": on their own
    if (
        word == "next"
        and i == len(c.words) - 1
        and c.words[max(0, i - 2) : i] in (["what", "'s"], ["what", "is"], ["whats"], ["what's"])
    ):
        return True  # "we're ready, what's next"
    if word in ("next", "now"):
        if c.next_word(i) in ("step", "steps"):
            return True
        return i > 0 and c.words[i - 1] == "do" and "what" in c.words[:i]  # "what do we do now"
    return "how" in c.words[:i] or "what" in c.words[:i]


def _contact_phrase(c: _Clause, i: int) -> tuple[str, int, int] | None:
    """A phrasal verb of contact with "me"/"us": "get back to me", "hit me up", "drop us a line"."""
    if not (c.asks or c.terse or i == c.first) or _writer_will(c, i):
        return None
    for phrase in _CONTACT_PHRASES:
        if c.lemmas[i] != phrase[0] and c.words[i] != phrase[0]:
            continue
        k, rest, me = i + 1, list(phrase[1:]), False
        while rest and k < len(c.words) and k <= i + 6:
            w = c.words[k]
            if w == rest[0]:
                rest.pop(0)
            elif w in _FILL_IN_PHRASE:
                me = me or w in _ME
            else:
                break
            k += 1
        while k < len(c.words) and c.words[k] in _ME:
            me, k = True, k + 1
        if not rest and me:
            return "call back", i, k - 1
    return None


def _writer_will(c: _Clause, i: int) -> bool:
    """ "will reach out when ready", "he'll call you next week": the lead's side will act."""
    if c.question:
        return False
    for k in range(i):
        if c.words[k] in _FUTURE or c.lemmas[k] in ("will", "shall"):
            return k == 0 or c.words[k - 1] not in _ASKED_OF
    return False


def _contact(c: _Clause, i: int) -> tuple[str, int, int] | None:
    word, lemma, tok = c.words[i], c.lemmas[i], c.toks[i]
    if _writer_will(c, i):
        return None
    if tok.tag_ == "VBG" and not (c.modal or c.wish):
        return None  # "sales people keep calling me": a complaint
    wanted = c.modal or c.wish
    if wanted and tok.tag_ == "VBN" and i and c.words[i - 1] in ("be", "get", "being"):
        return "call back", i - 1, i  # "i'd like to be contacted by phone"
    if word == "contact" and tok.pos_ in ("NOUN", "PROPN") and wanted and _contact_asked(c, i):
        return "call back", i, i  # "i would like a contact with your commercial team"
    window = c.words[i + 1 : i + 4]
    # "we will call you when ready": the lead calls us
    subjects = [ch.lower_ for ch in tok.children if ch.dep_ in ("nsubj", "nsubjpass")]
    ours = bool(set(subjects) & {"i", "we"})
    # "call me", "reach out to us"; not "a call with us" (the writer offers the call)
    to_me = next(
        (k for k, w in enumerate(window) if w in _ME and (k == 0 or window[k - 1] != "with")),
        None,
    )
    if self_back(c, i) and not ours and (c.asks or c.terse):
        return "call back", i, i + 1  # "pls call back on my mobile", "request call back"
    if lemma in _TALK or word in _TALK:
        people = next((k for k, w in enumerate(window) if w in _PEOPLE), None)
        before = c.words[max(0, i - 4) : i]
        if c.asks and c.next_word(i) in ("to", "with") and set(before) & (_PEOPLE - {"you"}):
            return "call back", i, i + 1  # "is there someone i can talk to"
        own_people = people is not None and {"my", "our"} & set(window[:people])
        if own_people:
            return None  # "i need to talk to my team first": inside the lead's company
        if people is not None and c.next_word(i) in ("to", "with", "w", "w/", "u", "you"):
            return ("call back", i, i + 1 + people) if c.asks or c.terse else None
        rest = c.words[i + 1 :]
        talks = lemma != "connect" and word != "connect"
        asked = c.question and bool(set(before) & (_PEOPLE - {"you", "u", "one"}))
        if (
            talks
            and (c.wish or c.modal or asked)
            and not c.past
            and _talk_now(rest)
            and not _ours_only(c, i)
        ):
            return "call back", i, i  # "can we meet monday", "my director wants to talk"
        later = c.words[i + 1 : i + 9]
        w_at = next((k for k, w in enumerate(later) if w in ("with", "w", "to")), None)
        with_whom = set(later[w_at + 1 : w_at + 4]) if w_at is not None else set()
        if c.asks and with_whom & _PEOPLE_LATER and not with_whom & {"our", "my"}:
            return "call back", i, i + 2 + w_at  # "discuss a deal with your sales department"
        if c.asks and {"who", "whom"} & set(c.words[:i]) and c.next_word(i) in ("to", "with"):
            return "call back", i, i + 1  # "who can i talk to"
        timed = set(c.words[max(0, i - 5) : i - 1]) & _TIME_NOUNS
        if c.asks and i > 1 and c.words[i - 1] == "to" and timed:
            return "call back", i - 2, i  # "schedule a time to talk", "time next week to talk"
        if to_me is not None and lemma == "connect":
            return "call back", i, i + 1 + to_me
        if "let" in c.words[:i] or "lets" in c.words[:i] or "'s" in c.words[:i]:
            return "call back", i, i
        return None
    in_touch = word in ("touch", "contact") and i > 0 and c.words[i - 1] == "in"
    if in_touch and (c.asks or to_me is not None):  # "get in touch", "please get in contact"
        return "call back", max(0, i - 2), i
    timed = i > 1 and c.words[i - 1] == "to" and c.words[i - 2] in _TIME_NOUNS
    if lemma in ("call", "phone", "ring") and timed and c.asks:
        return "call back", i - 2, i  # "let me know a good time to call"
    if lemma in ("contact", "call", "phone", "ring") and _bare_please(c, i):
        return "call back", i, i  # "interested, please contact", "kindly call"
    if to_me is not None and word not in ("chat", "meeting", "conversation"):
        if word == "call" and tok.pos_ == "NOUN" and not c.asks:
            return None
        return "call back", i, i + 1 + to_me
    if ours:
        return None
    if tok.pos_ == "VERB" and c.asks and _asked_person_before(c, i):
        return "call back", max(0, i - 2), i  # "can someone call", "have a rep ring"
    if lemma in ("call", "phone", "ring") and i == c.first and tok.pos_ == "VERB":
        rest = [w for w in c.words[i + 1 :] if w not in _PLEASE]
        if c.terse and (not rest or c.modal):
            return "call back", i, i  # "call asap", "pls call"
    if lemma in ("reach", "contact", "call", "phone", "ring"):
        people = next((k for k, w in enumerate(window) if w in _PEOPLE), None)
        verb_like = tok.pos_ == "VERB" or i == c.first
        if lemma == "reach" and c.next_word(i) == "out" and (c.asks or c.terse):
            return "call back", i, i + 1
        if verb_like and people is not None and (c.asks or c.terse):
            return "call back", i, i + 1 + people
    return None


def _contact_asked(c: _Clause, i: int) -> bool:
    """ "a contact with sales", "looking for a sales contact for australia"; not "my contact
    details", "update the contact on file"."""
    if {"my", "our", "the", "update", "change"} & set(c.words[max(0, i - 3) : i]):
        return False
    nxt = c.toks[i + 1] if i + 1 < len(c.toks) else None
    return nxt is None or nxt.lower_ in ("with", "for", "in", "at", "from") or not nxt.is_alpha


def _message(c: _Clause, i: int) -> tuple[str, int, int] | None:
    """ "email me", "whatsapp me on +44...", "msg us on linkedin", "have sales email me"; with
    a thing after it ("text me the verification code") the ask is for that thing."""
    if c.next_word(i) not in _ME or _writer_will(c, i):
        return None
    rest = [w for w in c.words[i + 2 :] if w.isalpha()]
    if rest and rest[0] not in _MESSAGE_AFTER:
        return None
    asked = c.asks or c.terse or i == c.first or _asked_person_before(c, i)
    return ("call back", i, i + 1) if asked else None


def _purchase_words(c: _Clause, i: int) -> bool:
    words = c.words
    if words[i] not in _PURCHASE_STARTS:
        return False
    if any(tuple(words[i : i + len(p)]) == p for p in _PURCHASE_PHRASES):
        return True
    if set(words) & _BILLING:
        return False  # "how do i pay my overdue invoice": a bill owed, not a purchase
    if words[i] == "invoice" and c.next_word(i) in _ME and (c.imperative or c.modal):
        return True  # "please invoice us for 10 seats"
    sent = set(c.lemmas[max(0, i - 4) : i]) & _SEND_PAPERS
    return bool(sent) and words[i] in _PURCHASE_PAPERS and c.next_word(i) in _PAPER_HEADS


def _word_with(c: _Clause, i: int) -> bool:
    """ "would like a word with your rep", "lets catch up next week": a talk asked for."""
    if c.words[i] not in ("word", "catch") and c.lemmas[i] != "catch":
        return False
    wanted = c.wish or c.modal or "let" in c.words or "lets" in c.words or "'s" in c.words
    if not wanted:
        return False
    if c.words[i] == "word" and c.next_word(i) == "with":
        whom = set(c.words[i + 2 : i + 6])
        return bool(whom & _PEOPLE) and not whom & {"our", "my"}
    if c.lemmas[i] == "catch" and c.next_word(i) == "up":
        after = c.words[i + 2 : i + 5]
        on_work = after[:1] == ["on"] and (after[1:2] or [""])[0] not in _TIME_WORDS
        return not on_work and not set(after) & {"our", "my"}  # not "catch up on emails"
    return False


def _billed(c: _Clause) -> bool:
    """A customer's own bill in the text: "what do you charge for overage? asking because
    our invoice jumped"."""
    words = [t.lower_ for t in c.toks[0].doc]
    return any(
        w in ("our", "my") and words[k + 1 : k + 2] in (["invoice"], ["bill"], ["statement"])
        for k, w in enumerate(words)
    )


def _plan_named(c: _Clause, k: int) -> bool:
    """ "the enterprise plan", "your pro tier": a named plan right after "interested in"."""
    words = c.words[k : k + 4]
    if words[:1] in (["the"], ["your"], ["a"]):
        words = words[1:]
    return len(words) >= 2 and words[1] in _PLAN_WORDS and words[0] not in ("free", "trial")


def _sales_note(c: _Clause, i: int) -> bool:
    """A note that is the wish for sales and little else: "need sales", "sales pls"."""
    content = [w for w in c.words if w.isalpha() and w not in _NOT_CONTENT]
    if len(content) > 2 or not (c.asks or c.terse):
        return False
    return all(w == "sales" or w in _WISHES or w in _MODALS for w in content)


def _meeting_link(c: _Clause, i: int) -> bool:
    """A meeting tool's link or invite asked for: "google meet link", "teams meeting?"."""
    tool = c.words[i] in ("meet", "teams", "zoom", "webex") and c.next_word(i) in (
        "link",
        "invite",
        "invitation",
        "meeting",
        "call",
    )
    return tool and (c.asks or c.terse) and not set(c.words) & {"integration", "guide", "app"}


def _plan_wanted(c: _Clause, tok: Token) -> bool:
    """A plan or seats wanted as the object: "i want the pro plan", "we'll take the annual
    plan", "we need 30 more licenses" (not "i want the pro plan's limits")."""
    if tok.lemma_.lower() not in _WANTED_PLANS:
        return False
    objects = [ch for ch in tok.children if ch.dep_ == "dobj"]
    if not objects or objects[0].lemma_.lower() not in _PLAN_WORDS:
        return False
    obj = objects[0]
    kids = {ch.lower_ for ch in obj.children}
    if kids & {"our", "my", "free", "trial"} or any(ch.dep_ == "prep" for ch in obj.children):
        return False  # "we need our plan changed", "the plan for next year"
    counted = any(ch.like_num for ch in obj.children) or kids & {"more", "additional", "extra"}
    named = any(ch.dep_ in ("amod", "compound") for ch in obj.children)
    return bool(counted) if tok.lemma_.lower() == "need" else bool(counted or named)


def _so_someone(c: _Clause, i: int) -> bool:
    """The form filled so that someone gets in touch: "so someone calls me", "so that a rep
    can contact us"."""
    before = c.words[max(0, i - 4) : i]
    if "so" not in before or not set(before[before.index("so") :]) & _PEOPLE_ASKED:
        return False
    return bool(set(c.words[i + 1 : i + 3]) & _ME)


def _bare_please(c: _Clause, i: int) -> bool:
    """A contact word asked for with "please" and nothing after it but the writer or a
    time: "please contact", "pls contact me asap" (the tagger reads "contact" as a noun)."""
    if not set(c.words[:i]) & (_PLEASE - {"asap"}):
        return False
    rest = [w for w in c.words[i + 1 :] if w not in _FILL_IN_PHRASE and w.isalpha()]
    if rest and rest[0] in ("at", "on", "after", "before", "between", "when", "whenever"):
        return True  # "please call at your convenience", "kindly ring after 2"
    return all(w in _ME or w in _TIME_WORDS or w == "back" for w in rest)


def _asked_person_before(c: _Clause, i: int) -> bool:
    before = c.words[max(0, i - 3) : i]
    if c.words[i] in ("talk", "speak", "chat", "meet", "discuss", "connect"):
        return False  # "someone to talk to about" is read by the talk rules
    people = set(before) & (_PEOPLE - {"you", "u", "team", "one", "people", "ppl"})
    you = len(before) >= 2 and before[-1] in ("you", "u") and before[-2] in _MODALS
    return bool(people) or you


def self_back(c: _Clause, i: int) -> bool:
    """ "call back", "ring back", "phone me back"."""
    said = {c.lemmas[i], c.words[i]}
    return bool(said & {"call", "ring", "phone"}) and c.next_word(i) == "back"


def _talk_now(rest: list[str]) -> bool:
    """Nothing after "talk" but when or what about: "wants to talk", "meet monday to go over it"."""
    if not rest:
        return True
    if set(rest[:3]) & {"internally", "internal", "first", "yet", "amongst", "among"}:
        return False
    return rest[0] in _TIME_WORDS or rest[0] in ("about", "soon", "briefly", "this", "to")


def _ours_only(c: _Clause, i: int) -> bool:
    """ "we need to talk to our team": the talk is inside the lead's company."""
    return any(w in ("our", "my") for w in c.words[i + 1 : i + 4])


def _purchase(c: _Clause, i: int) -> tuple[str, int, int] | None:
    if i > 0 and c.words[i - 1] in ("before", "after", "when", "until"):
        return None  # "try it before buying"
    if c.next_word(i) in ("-", "in") and c.words[i] == "buy":
        return None  # "buy-in"
    after = c.toks[i + 1] if i + 1 < len(c.toks) else None
    paid_noun = after is not None and after.pos_ in ("NOUN", "PROPN")
    if c.words[i] == "pay" and paid_noun:
        return None  # "your freight audit & pay product", "pay my invoice"
    if set(c.words[i + 1 : i + 5]) & _NOT_PRODUCTS:
        return None  # "subscribe to your newsletter"
    objects = [
        ch
        for ch in c.toks[i].children
        if ch.dep_ == "dobj" and ch.lower_ not in _PLEASE and read_word(ch.lower_) not in _PLEASE
    ]
    if objects and not _our_product(objects[0]):
        return None  # "we plan to buy new hardware"
    if c.asks or c.terse:
        return "purchase", i, i
    return None


def _our_product(obj: Token) -> bool:
    """ "buy the enterprise edition", "purchase 40 licenses", "buy it": what we sell (not
    "a different tool")."""
    if any(ch.lower_ in _OTHER for ch in obj.children):
        return False
    if obj.lemma_.lower() in _PRODUCT_OBJECTS or obj.lower_ in _PRODUCT_OBJECTS:
        return True
    return any(ch.like_num or ch.lower_ in ("your", "more", "additional", "extra")
               for ch in obj.children)  # fmt: skip


def _object(c: _Clause, i: int) -> tuple[str, int, int] | None:
    """A noun naming what is asked for: "send me pricing", "demo pls", "a call would help"."""
    word, tok = c.words[i], c.toks[i]
    value = _OBJECTS[word]
    nxt = c.next_word(i)
    # a noun the tagger reads as a verb: "demo pls", "poc possible?" (a note that is the cue)
    noun_note = i == c.first and c.terse and word not in ("call", "ring", "chat", "offer")
    if tok.pos_ == "VERB" and not noun_note and word not in _VERB_TAGGED_OBJECTS:
        return None
    if tok.pos_ == "VERB" and word in ("cost", "price") and not c.question:
        return None
    if word == "offer" and tok.pos_ != "NOUN":
        return None
    # a modifier of another noun: "pricing page", "call center", "demo video"
    if i + 1 < len(c.toks):
        head = c.toks[i + 1]
        timely = head.ent_type_ in ("DATE", "TIME") or nxt in _TIME_WORDS
        noun = head.pos_ in ("NOUN", "PROPN") and head.is_alpha
        if noun and nxt not in _HEADS and not timely and nxt not in _OBJECTS:
            return None
        # a modifier of a modifier: "zoom meeting integration", "demo call recording"
        then = c.toks[i + 2] if i + 2 < len(c.toks) else None
        compound = noun and nxt not in _PLEASE and nxt not in _TIME_WORDS
        if compound and then is not None and then.pos_ == "NOUN" and then.is_alpha:
            later = c.words[i + 2]
            if later not in _HEADS and later not in _TIME_WORDS and then.ent_type_ != "DATE":
                return None
    if nxt == "and" and c.next_word(i, 2) == "error":
        return None
    owners = {ch.lower_ for ch in tok.children if ch.dep_ == "poss"}
    if owners & {"our", "my"} and value in ("call back", "demo", "trial"):
        return None  # "looking forward to our call friday": arranged already, not asked
    if c.words[c.first] in ("is", "are") and c.first < i and "or" in c.words[i + 1 :]:
        return None  # "is the price per user or per account": a question of its form
    if tok.dep_ == "nsubj" and "your" in owners and tok.head.lemma_.lower() in _FEATURE_VERBS:
        return None  # "can your checkout handle that": a question about the product
    for k in range(i - 1, max(-1, i - 4), -1):  # "after the board meeting": a time
        if c.words[k] in _TIME_PREPOSITIONS:
            return None
        if c.toks[k].pos_ in ("VERB", "AUX", "PRON"):
            break
    if c.question and "still" in c.words and set(c.words) & _IN_USE:
        return None  # "is the demo account still active?": about what they have
    if word in _PLANS and nxt in ("for", "to", "on", "regarding", "about", "around"):
        return None  # "what are your plans for the roadmap"
    if (
        value == "purchase"
        and word != "checkout"
        and not set(c.lemmas[max(0, i - 4) : i]) & _SEND_PAPERS
    ):
        return None  # "our agreement ends in january": papers only asked for when sent
    if word in _PLANS and set(c.words) & _COMPARING:
        return None  # "the difference between your pro and enterprise tiers?": a question
    if value == "call back" and nxt == "with" and c.next_word(i, 2) == "us":
        return None  # "book a call with us": the writer offers the call (a pitch)
    # the subject of a remark: "pricing seems high", "the demo went well"
    offered = c.question and bool(set(c.words[i + 1 :]) & _OFFERED)  # "poc possible?"
    lifted = c.question_word or c.modal or c.wish or c.subject_line or offered
    if tok.dep_ in ("nsubj", "nsubjpass") and not lifted:
        return None
    # "quote of the day": the cue itself read as the imperative asks nothing on its own
    asks = c.question or c.modal or c.wish or c.subject_line or (c.imperative and i != c.first)
    asks = asks or _asked_to(c)  # "my manager asked me to get a quote"
    # a note that is the cue's noun phrase and nothing more: "price for 1 year license"
    asks = asks or (
        i == c.first and tok.dep_ == "ROOT" and not any(t.pos_ in ("VERB", "AUX") for t in c.toks)
    )
    if not asks and (not c.terse or i - c.first > 1 or nxt == "of"):
        return None
    start = i
    for k in range(i - 1, max(-1, i - 4), -1):
        if c.toks[k].pos_ == "VERB" or c.lemmas[k] in _IMPERATIVES | _WISHES:
            start = k
            break
    return value, start, i
