"""The reading engine: a blank English spaCy pipeline, target matching and ConText.

Pipeline (spaCy 3.8, no trained model):

1. spaCy's English tokenizer, plus special cases for case-note shorthand ("b/f", "c/o", "y/o").
2. `safehub_text_norm`: each token's NORM becomes its lower-case form with known misspellings
   and abbreviations mapped to the standard word ("freind" -> "friend", "bf" -> "boyfriend"),
   and near-misses of the words the rules rely on corrected by edit distance ("boyfreind").
3. `safehub_text_sentences`: sentence starts after . ! ? ; and at line breaks (bullet lists).
   (spaCy's sentencizer is measured against it in bench/screening.py.)
4. Token patterns (medspaCy TargetRule/ConTextRule style, over NORMs) for the targets (one
   label per indicator), the ConText modifiers and blockers (senses that are not indicators:
   "missing insulin doses"), matched by text_matcher.TokenMatcher.
5. ConText (Harkema et al. 2009, as medspaCy implements it): each modifier has a category, a
   direction and a scope within its sentence, cut short by a terminating phrase; a target in
   the scope of a modifier takes its category. Pseudo-modifiers ("no longer", "not only")
   override the shorter modifiers they overlap. Categories: NEGATED_EXISTENCE,
   POSSIBLE_EXISTENCE, HYPOTHETICAL, HISTORICAL and FAMILY (another experiencer), plus
   safeguarding ones (EXPLAINED injuries, SINGLE_INCIDENT behaviour, FROM_FAMILY gifts/lifts).
6. Safeguarding additions to ConText: people other than the subject (other children's names,
   "her friend", "mum's partner") are FAMILY modifiers whose scope ends at a mention of the
   subject; pronouns are checked against the subject's sex and the nearest name; the
   exploitation of the subject's *friends* becomes a PEERS finding for the subject instead of
   being dropped; time expressions date each finding (text_time).
7. Scope details: a negation, hypothetical or possible modifier runs over a list ("no concerns
   re drugs, alcohol or missing episodes"; "such as" does not end it); someone else who is the
   subject of a sentence, or followed by ", who", is in scope to the sentence's end (or a
   terminator, or a mention of the child); a listener ("told her aunt") has no scope; a person
   named inside a phrase is its other party ("her boyfriend Mo is 19"); a telling whose teller
   is someone else ("her friend disclosed") is theirs; a clause subject further back ("He was
   arrested ...", about a girl) makes a finding someone else's; target phrases also match
   with scare quotes left out ("her 'boyfriend' is 'about 25'").
8. Other authors' wording (dev2-dev4): the child named together with a friend shares what
   follows ("Kiera and her friend Lacey are both picked up"); a friend followed by a telling
   verb only tells ("her friend Callum told staff that Mason ..."); the child's own quoted
   words ("'he gives me weed' - Tia, 15, to her nurse") make "I/me" the child; a named adult
   next to a partner word is the partner; findings are also read across neighbouring sentences
   (rules.links: a partner and an adult's age, a telling and what was told, a partner's home and
   an adult's age); blockers may block a phrase's opening or only phrases inside them; rule
   words with inner hyphens also match spaCy's split tokens ("one-off" = "one", "-", "off").

Why not medspaCy itself: medspaCy 1.3.1 on Python 3.11 requires spaCy < 3.8, whose thinc 8.2
requires numpy < 2, while safehub pins numpy 2.4 (pandas, pyarrow, splink, scikit-learn). The
ConText algorithm is small; it is implemented here over spaCy 3.8 with medspaCy's rule fields
(literal, category, direction, pattern, max_scope, allowed_types), so the rule files port.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import re
from collections.abc import Hashable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any, cast

import numpy
import spacy
from rapidfuzz.distance import DamerauLevenshtein
from spacy.attrs import LOWER, NORM, SENT_START
from spacy.attrs import ORTH as ORTH_ATTR
from spacy.language import Language
from spacy.symbols import NORM as NORM_SYMBOL
from spacy.symbols import ORTH
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc

from safehub.frontdoor.screening.text_matcher import TokenMatcher, needed_words
from safehub.frontdoor.screening.text_people import (
    QUOTE_MARKS,
    SECOND_PERSON,
    TELLER_ROLES,
    People,
    PeopleReader,
    load_names,
)
from safehub.frontdoor.screening.text_rules import (
    FAMILY,
    HISTORICAL,
    HYPOTHETICAL,
    NEGATED,
    POSSIBLE,
    Lexicon,
    ModifierRule,
    RuleSet,
    TargetRule,
    load_rules,
)
from safehub.frontdoor.screening.text_time import (
    Period,
    SubjectFacts,
    TimeExpression,
    TimeReader,
)
from safehub.frontdoor.screening.text_tokens import Tokens

# Another town (LOCATIONS): the child found in, or taken to, a place that is not their home area
# ("arrested 03/11 in Kettlebridge", "driven to Kettlebridge by an adult male"). The matcher reads
# lower-case NORMs, so the capitalised place is found here.
AWAY_FOUND = frozenset(
    {"found", "located", "seen", "spotted", "sighted", "arrested", "stopped", "car", "taxi", "van"}
)
# Moving words take "to <Place>" or "to a flat in <Place>" ("driven to Kettlebridge").
AWAY_MOVED = frozenset({"taken", "taking", "took", "driven", "drove", "driving", "dropped"})
AWAY_TRIGGERS = AWAY_FOUND | AWAY_MOVED
TRAVEL = frozenset({"train", "bus", "coach", "railway"})
# An injury and its account either side of one of these ("black eye; says he fell").
CLAUSE_MARKS = frozenset({",", ";", "-", "\u2013", "\u2014"})
PAIR_SPAN = 7
PAIR_SPAN_AFTER = 4  # "..., wrist fracture": a short injury phrase after the account
AWAY_WINDOW = 12
# The place is local, a building or a street ("Mill Lane", "Kettlebridge Hospital").
LOCAL_PLACE_WORDS = frozenset(
    {
        "road",
        "rd",
        "street",
        "st",
        "lane",
        "avenue",
        "ave",
        "close",
        "drive",
        "way",
        "park",
        "estate",
        "house",
        "school",
        "academy",
        "college",
        "hospital",
        "centre",
        "center",
        "court",
        "police",
        "shopping",
        "retail",
        "leisure",
        "primary",
        "high",
        "general",
        "royal",
        "infirmary",
        "custody",
        "magistrates",
        "youth",
    }
)
# An ordinary reason to be in another town: a trip, a relative, a placement, an appointment.
AWAY_BLOCKERS = frozenset(
    {
        "trip",
        "trips",
        "visit",
        "visits",
        "visiting",
        "visited",
        "holiday",
        "holidays",
        "nan",
        "nana",
        "nanna",
        "gran",
        "grandma",
        "grandad",
        "granddad",
        "grandparents",
        "grandparent",
        "aunt",
        "auntie",
        "aunty",
        "cousin",
        "cousins",
        "placement",
        "placed",
        "moved",
        "moving",
        "move",
        "appointment",
        "appointments",
        "hospital",
        "clinic",
        "court",
        "contact",
        "school",
        "college",
        "match",
        "football",
        "tournament",
        "competition",
        "camp",
        "scouts",
        "church",
        "mosque",
        "concert",
        "cinema",
        "shopping",
        "family",
        "parents",
        "relatives",
        "mum",
        "dad",
        "mother",
        "father",
        "carer",
        "carers",
    }
)
# The child's home area: "reported missing from Severnside", "lives in Northgate".
HOME_CUES = frozenset({"from", "lives", "living", "live", "resides", "based"})

REASON_ORDER = (
    NEGATED,
    POSSIBLE,
    HYPOTHETICAL,
    FAMILY,
    HISTORICAL,
)
OLDER = "more than 12 months ago"
SPECIAL_CASES = {
    "b/f": "boyfriend",
    "g/f": "girlfriend",
    "c/o": "complaining_of",
    "y/o": "year_old",
    "w/": "with",
    "w/e": "weekend",
}
# Written forms whose NORM depends on case (the lower-case word means something else).
CASE_SENSITIVE = {"SEND": "sen", "TOP": "termination"}
PRONOUNS = frozenset({"she", "he", "her", "him", "herself", "himself"})
OBJECTS = frozenset({"her", "him", "herself", "himself"})
AGENT_PRONOUNS = frozenset({"she", "he", "him"})
LIST_STOPS = frozenset(
    {"she", "he", "they", "i", "we", "it", "staff", "police", "mum", "dad", "yp", "this", "that"}
)
# A finite verb after "and" opens a new clause with the same subject, not a list item: "can't
# sleep and wants to die".
CLAUSE_VERBS = frozenset(
    {"is", "was", "has", "had", "wants", "wanted", "keeps", "kept", "says", "said", "feels"}
    | {"felt", "talks", "talked", "tells", "told", "threatens", "threatened", "went", "goes"}
    | {"thinks", "thought", "hates", "hated", "needs", "seems", "seemed", "admits", "admitted"}
)
# Safeguarding categories that a pseudo-modifier never hides ("by her dad" is not someone
# else's experience, but it is still a lift from the family).
UNHIDDEN = frozenset({"FROM_FAMILY", "EXPLAINED"})
QUOTES = frozenset({"'", '"', "\u2018", "\u2019", "\u201c", "\u201d", "`", "''"})
QUOTE_WINDOW = 8  # tokens either side of a quote mark left out
RELATIVE_WORDS = frozenset({"who", "whom", "which"})
# Verbs that report a clause about someone else: "reported that her friend ...".
REPORTED_BY = frozenset({"reported", "reports", "said", "says", "told", "heard", "thinks"})
# Words for adults or an exploiting group near a friend's place (for PEERS from a place).
EXPLOITING_WORDS = frozenset(
    {
        "man",
        "men",
        "male",
        "males",
        "adult",
        "adults",
        "older",
        "bloke",
        "blokes",
        "guy",
        "guys",
        "lads",
        "gang",
        "group",
        "cse",
        "exploited",
        "exploitation",
        "dealer",
        "dealers",
        "trap",
        "drugs",
        "weed",
        "alcohol",
        "vodka",
        "drink",
        "paid",
        "money",
        "boyfriend",
        "recruited",
        "recruiting",
        "recruits",
        "given",
    }
)
# People a name can own who are not the child: "Rio's uncle", "Tia's friend Jade".
OWNED_PEOPLE = frozenset(
    {"friend", "friends", "mate", "mates", "boyfriend", "girlfriend", "partner", "dad", "mum"}
)
# A friend's or a sibling's relative ("her friend's older sister", "his brother's friends").
KIN = frozenset(
    {
        "sister",
        "sisters",
        "brother",
        "brothers",
        "cousin",
        "cousins",
        "uncle",
        "aunt",
        "auntie",
        "stepbrother",
        "stepsister",
        "sibling",
        "siblings",
    }
)
# A chronology entry's date or bullet before its first word ("03/04/2026 -", "•", "14 Jan:").
ENTRY_MARK = re.compile(r"[\d/.:]+|[\u2013\u2014\u2022*:;-]")
ENTRY_TELLING = frozenset(
    {"told", "tells", "disclosed", "discloses", "confided", "confides", "reported", "reports"}
)
# Words that make a phrase's "by <someone>" the driver ("driven home by her friend's brother").
DRIVING = frozenset({"driven", "drove", "drives", "driving", "lift", "lifts"})
GIVING_TO = frozenset(
    {
        "buys",
        "bought",
        "buy",
        "gives",
        "gave",
        "give",
        "giving",
        "sends",
        "sent",
        "offers",
        "offered",
    }
)
GIVING = frozenset({"buy", "bought", "give", "gave", "get", "got", "pay", "paid", "send", "sent"})
STATUS_REACH = 8  # tokens: how far a time expression may be from a status (in care, SEN)
CHILD_SAYS = frozenset(
    {
        "says",
        "said",
        "told",
        "tells",
        "states",
        "stated",
        "reports",
        "reported",
        "disclosed",
        "admits",
        "admitted",
        "confirms",
        "confirmed",
        "describes",
        "described",
        "explained",
    }
)
SCHOOL_YEAR = re.compile(r"y(?:ear)?\d{1,2}")
# An unnamed child opening a telling ("Lad told youth worker", "The girl said", "Y11 boy said").
CHILD_NOUNS = frozenset({"lad", "boy", "girl", "teen", "teenager", "youth", "juvenile"})
CHILD_NOUN_LEAD = frozenset({"the", "this", "young", "male", "female", "a", ",", "-", ":"})
# After a relative addressed at the start of a quoted message ("'mum im sorry", "'Dad, please").
VOCATIVE_NEXT = frozenset(
    {",", "i", "im", "i'm", "u", "you", "please", "sorry", "pls", "plz", "help", "its", "!", "-"}
)
# Before someone named as an object: "for a man called Bubbles", "with her cousin".
OBJECT_PREPS = frozenset({"for", "with", "to", "by", "from"})
OBJECT_LEAD = frozenset(
    {"called", "named", "a", "an", "the", "her", "his", "their", "some", "older", "old", "man"}
)
SIBLING_LEAD = frozenset({"younger", "older", "little", "big", "baby", "twin", "half", "step"})
OBJECT_CHAIN = (
    OBJECT_LEAD
    | OWNED_PEOPLE
    | KIN
    | frozenset({"'s", "s", "mate", "friend", "best", "adult", "few", "couple", "of", "other"})
    | frozenset({"group", "two", "three", "four", "several", "some"})
)
AND_VERBS = CLAUSE_VERBS | frozenset({"got", "needed", "came", "ran", "now", "then", "suffered"})
# A verb whose teller is its clause's ("..., said", "... and told officers").
COORDINATORS = frozenset({"and", ",", "but", "then", "before", "after"})
TELL_FILLERS = frozenset(
    {
        ",",
        "(",
        ")",
        "-",
        "has",
        "had",
        "then",
        "also",
        "later",
        "today",
        "now",
        "yesterday",
        "'",
        "y",
    }
)
COMPANION_ROLES = frozenset(
    {"friend", "friends", "mate", "mates", "best", "bestie", "pal", "pals", "bff", "older", "new"}
)
PARTNER_WORDS = frozenset({"boyfriend", "girlfriend", "partner", "fella", "man", "fob", "lover"})
# Internal codes about another person by nature (an adult's age, a partner): a name next to
# them is that person, not someone else the finding is about.
# Someone who finds or sees something (the note's source, not who it is about).
FINDING = frozenset(
    {
        "found",
        "finds",
        "discovered",
        "discovers",
        "noticed",
        "notices",
        "saw",
        "sees",
        "seen",
        "spotted",
        "caught",
        "checked",
        "checks",
        "searched",
        "searches",
        "overheard",
    }
)
FINDING_FILLERS = frozenset(
    {"has", "had", "have", "since", "also", "just", "then", "recently", "'s"}
)
# "her mum's boyfriend", "my cousin's mate": the relative only says whose the person is.
WHOSE_PERSON = frozenset(
    {"friend", "mate", "boyfriend", "partner", "ex", "fella", "pal", "mates", "friends", "dealer"}
)
WHOSE_RELATIVE = frozenset({"mums", "dads", "nans", "sisters", "brothers", "cousins", "aunts"})
# Words after which a telling's content starts ("disclosed today that when she was 12 ...").
TOLD_CONTENT = frozenset({"that", "how", "about", "when"})
# A relative's own going somewhere: "her cousin was at the party", "her sister went to a hotel".
VISIT_VERBS = frozenset({"was", "is", "were", "went", "goes", "go", "has", "had", "'s", "s", "got"})
NAMED_ADULT_CODES = frozenset({"_ADULT", "_PARTNER"})
SHARED_WORDS = frozenset({"them", "they", "both", "together", "us", "we", "all"})
NUMBER_WORDS = frozenset({"one", "two", "three", "four", "five", "both", "some", "several"})
# Telling verbs: someone else right before one is the teller, not who it is about ("her friend
# Callum told staff that Mason ...").
TELLER_VERBS = frozenset(
    {
        "says",
        "said",
        "say",
        "told",
        "tells",
        "reported",
        "reports",
        "disclosed",
        "discloses",
        "mentioned",
        "mentions",
        "informed",
        "informs",
        "explained",
        "confirmed",
        "stated",
        "states",
        "rang",
        "called",
        "phoned",
        "alleges",
        "alleged",
        "claims",
        "claimed",
        "heard",
        "overheard",
        "saw",
        "noticed",
        "thinks",
        "believes",
    }
)
TELLER_AUX = frozenset({"has", "had", "have", "also", "then", "later", "has also", "had also"})
COMPANY = frozenset({"by", "through", "with", "and", "via", "from", "&", "+"})
# The child bringing or taking someone somewhere: they go there together ("bringing Zoe and
# another girl to his flat").
BRINGING = frozenset(
    {"bringing", "brings", "brought", "bring", "taking", "takes", "took", "take", "introducing"}
)
# Company that shares the visit (a friend met "through" or "via" is not there with the child).
SHARING = frozenset({"by", "with", "and", "&", "+"}) | BRINGING
DETERMINERS = frozenset({"her", "his", "their", "my", "the", "a", "an", "our", "your"})
TELL_TO = frozenset({"told", "tells", "tell", "telling", "informed", "informs", "asked", "showed"})
LISTENER_BEFORE = frozenset(
    {"told", "tells", "tell", "telling", "to", "informed", "informs", "asked", "showed", "with"}
)
CAUSATIVES = frozenset(
    {
        "make",
        "makes",
        "made",
        "making",
        "let",
        "lets",
        "letting",
        "have",
        "has",
        "had",
        "help",
        "helps",
        "helped",
    }
)
# Between the child's name and the child's own age: "Ben (19", "Ben, 19", "Ben - aged 19".
OWN_AGE_FILLERS = frozenset({"(", ",", "-", "aged", "age", "is", "was", "now", "who", "'s", "s"})
# After an object pronoun ("took her to", "got her into"), not a possessive ("her flat").
OBJECT_FOLLOWERS = frozenset(
    {"to", "into", "in", "round", "around", "along", "a", "an", "the", "some", "drink", "drinks"}
)
CAUSED = frozenset(
    {"used", "made", "forced", "paid", "asked", "told", "groomed", "pressured", "recruited"}
    | {"encouraged", "persuaded", "pushed", "coerced", "threatened", "got", "sent", "taken"}
)
NEGATED_AUX = frozenset({"has", "have", "had", "did", "does", "do"})
MAIN_VERBS = frozenset(
    {"sends", "gives", "buys", "pays", "picks", "drives", "takes", "messages", "texts", "calls"}
    | {"rings", "offers", "keeps", "lets", "makes", "collects", "brings", "wants", "tells"}
)
CAR_WORDS = frozenset(
    {"car", "cars", "van", "motor", "motorbike", "taxi", "vehicle", "jeep", "4x4"}
)
VERB_OBJECT_END = frozenset({"but", "and", ",", ".", "if", "because", "over", "again", "when"})
# A person right after these in a telling is the other party ("sex with", "pregnant by").
PARTY_BEFORE = frozenset({"with", "by", "from", "off"})
# Words in a chain that says whose the other party is ("her mum's friend's son").
CHAIN_WORDS = frozenset(
    {
        "mum",
        "dad",
        "sister",
        "brother",
        "cousin",
        "uncle",
        "aunt",
        "auntie",
        "nan",
        "son",
        "daughter",
        "older",
        "younger",
        "big",
        "little",
    }
)
# Words that give an adult's age in words ("in his twenties", "20s", "nineteen").
ADULT_AGE_WORDS = frozenset(
    {"20s", "30s", "40s", "50s", "twenties", "thirties", "forties", "fifties", "nineteen"}
)
ADULT_AGE_PREFIXES = ("twenty", "thirty", "forty", "fifty")
MALE_OTHERS = frozenset(
    {
        "friend",
        "man",
        "boyfriend",
        "partner",
        "lad",
        "guy",
        "bloke",
        "male",
        "adult",
        "uncle",
        "dad",
        "brother",
        "stepdad",
        "cousin",
        "fella",
        "mate",
    }
)


# --- pipeline components ------------------------------------------------------------------------


DENIALS = frozenset({"not", "never", "no", "nor", "unlikely", "hardly", "doubt", "doubts"})
DENIAL_FILLERS = frozenset(
    {"a", "an", "the", "really", "entirely", "fully", "wholly", "quite", "obviously", "be"}
    | {"necessarily", "likely", "thought", "felt", "believed", "to", "been", "seem", "seen"}
    | {"it", "was", "is", "this", "that"}
)
STILL = frozenset({"still", "continues", "ongoing", "remains", "currently"})
GAP_WORDS = frozenset({"older", "younger", "senior", "apart", "gap", "difference", "between"})


def _ages(tk: Tokens, start: int, end: int) -> list[int]:
    """The ages (10-90) written in a span; "10 years older" is a gap, not an age."""
    ages = []
    for k in range(start, end):
        if tk.texts[k].isdigit() and 10 <= int(tk.texts[k]) <= 90:
            nxt = tk.norms[k + 1 : k + 4]
            if nxt[:1] in (["years"], ["year"], ["yrs"], ["yr"]) and GAP_WORDS & set(nxt[1:]):
                continue
            ages.append(int(tk.texts[k]))
    return ages


class NormSetter:
    """Sets each token's NORM: lower case, misspellings and abbreviations mapped."""

    def __init__(self, lexicon: Lexicon, known: frozenset[str] = frozenset()) -> None:
        self.spelling = dict(lexicon.spelling)
        self.fuzzy_words = lexicon.fuzzy_words
        # Words the rules use, and real words near a rule word, are never "corrected".
        self.exclude = lexicon.fuzzy_exclude | known
        self._fuzzy = lru_cache(maxsize=50_000)(self._fuzzy_uncached)
        self._cache: dict[int, int] = {}  # lower-case hash -> NORM hash
        self._case_hashes: dict[int, int] = {}  # ORTH hash -> NORM hash, for CASE_SENSITIVE

    def initialise(self, strings: Any) -> None:
        self._case_hashes = {strings.add(o): strings.add(n) for o, n in CASE_SENSITIVE.items()}

    def _fuzzy_uncached(self, lower: str) -> str:
        if len(lower) < 6 or lower in self.exclude or not lower.isalpha():
            return lower
        for word in self.fuzzy_words:
            if word[0] != lower[0] or abs(len(word) - len(lower)) > 1:
                continue
            limit = 2 if len(word) >= 9 else 1
            if DamerauLevenshtein.distance(lower, word, score_cutoff=limit) <= limit:
                return word
        return lower

    def _norm_for(self, lower: str) -> str:
        mapped = self.spelling.get(lower)
        if mapped is not None:
            return mapped
        if lower in self.fuzzy_words:
            return lower
        return self._fuzzy(lower)

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        if not self._case_hashes:
            self.initialise(doc.vocab.strings)
        strings = doc.vocab.strings
        cache = self._cache
        case_hashes = self._case_hashes
        not_hash = strings["not"]
        array = doc.to_array([LOWER, NORM, ORTH_ATTR])
        # Plain Python ints (iterating numpy rows and converting each value costs more).
        lowers, norms, orths = array.T.tolist()
        changed = False
        for k, lower in enumerate(lowers):
            upper = case_hashes.get(orths[k])
            if upper is not None:
                # Shorthand that is an ordinary word in lower case: "SEND" (special educational
                # needs and disabilities) is not "send".
                norms[k] = upper
                changed = True
                continue
            wanted = cache.get(lower)
            if wanted is None:
                text = strings[lower]
                wanted = strings.add(self._norm_for(text))
                cache[lower] = wanted
            current = norms[k]
            if current != wanted and (current != not_hash or strings[lower] in self.spelling):
                norms[k] = wanted
                changed = True
        if changed:
            column = numpy.array(norms, dtype=numpy.uint64).reshape(-1, 1)
            doc.from_array([NORM], cast(Any, column))
        return doc


_BREAK_AFTER = frozenset({".", "!", "?", ";", "...", "\u2026"})
_CLOSERS = frozenset({"'", '"', ")", "\u201d", "\u2019"})


def set_sentences(doc: Doc) -> Doc:
    """Sentence starts after . ! ? ; (and any closing quote or bracket) and at line breaks."""
    n = len(doc)
    if n == 0:
        return doc
    strings = doc.vocab.strings
    texts = [strings[int(h)] for h in doc.to_array(ORTH_ATTR)]
    starts = [False] * n
    for i, text in enumerate(texts):
        if "\n" in text and not text.strip():
            if i + 1 < n:
                starts[i + 1] = True
            continue
        if text in _BREAK_AFTER:
            j = i + 1
            while j < n and texts[j] in _CLOSERS:
                j += 1
            if j < n:
                starts[j] = True
    array = numpy.array(starts, dtype="int32")
    array[0] = 1
    array[array == 0] = -1  # explicitly not a sentence start
    doc.from_array([SENT_START], cast(Any, array.reshape(-1, 1).astype("uint64")))
    return doc


@Language.factory("safehub_text_norm")
def _make_norm(nlp: Language, name: str) -> NormSetter:
    rules = load_rules()
    return NormSetter(rules.lexicon, rules.vocabulary)


@Language.component("safehub_text_sentences")
def _sentences(doc: Doc) -> Doc:
    return set_sentences(doc)


def build_nlp(sentences: str = "safehub") -> Language:
    """spacy.blank("en") with our norm and sentence components (or spaCy's sentencizer)."""
    nlp = spacy.blank("en")
    tokenizer = cast(Tokenizer, nlp.tokenizer)
    for text, norm in SPECIAL_CASES.items():
        for variant in {text, text.upper(), text.capitalize()}:
            tokenizer.add_special_case(variant, [{ORTH: variant, NORM_SYMBOL: norm}])
    nlp.add_pipe("safehub_text_norm")
    if sentences == "sentencizer":
        nlp.add_pipe("sentencizer", config={"punct_chars": [".", "!", "?", ";", "\n"]})
    else:
        nlp.add_pipe("safehub_text_sentences")
    return nlp


# --- ConText -----------------------------------------------------------------------------------


@dataclass
class Modifier:
    rule: ModifierRule
    start: int
    end: int
    sent_start: int
    sent_end: int
    scope_start: int = 0
    scope_end: int = 0

    @property
    def category(self) -> str:
        return self.rule.category


@dataclass
class Hit:
    """One target match and what ConText and the time reader made of it."""

    code: str
    rule: TargetRule
    start: int  # token offsets of the phrase
    end: int
    start_char: int
    end_char: int
    sentence: int  # index into the doc's sentences
    anchor: int = -1  # where the finding itself is (the last segment of a gapped phrase)
    parts: tuple[tuple[int, int], ...] = ()  # the matched segments (a gapped phrase has several)
    modifiers: list[Modifier] = field(default_factory=list)
    period: Period = "current"
    time_text: str = ""
    derived_from: str = ""
    shared: list[Modifier] = field(default_factory=list)  # friends who share a place's visit
    why: list[str] = field(default_factory=list)  # reasons it is not proposed

    def __post_init__(self) -> None:
        if self.anchor < 0:
            self.anchor = self.start
        if not self.parts:
            self.parts = ((self.start, self.end),)

    def reasons(self, names: Mapping[str, str]) -> list[str]:
        """Why the finding is not proposed (empty when it is), most important first."""
        categories = {m.category for m in self.modifiers}
        ordered = [c for c in REASON_ORDER if c in categories]
        ordered += sorted(categories - set(ordered))
        found: list[str] = []
        for category in ordered:
            reason = names.get(category, category.lower())
            if reason not in found:
                found.append(reason)
        if self.period == "older":
            found.append(OLDER)
        return found


class Engine:
    """Rules compiled once; `analyse` reads one processed Doc."""

    def __init__(self, rules: RuleSet | None = None, sentences: str = "safehub") -> None:
        self.rules = rules or load_rules()
        self.nlp = build_nlp(sentences)
        self.target_matcher = TokenMatcher()
        self.blocker_matcher = TokenMatcher()
        self.targets: dict[Hashable, TargetRule] = {}
        # key -> the (rule index, segment) pairs it stands for: a segment written the same way
        # in several gapped rules ("<tell> ...20 ...") is matched once for all of them.
        self.segments: dict[Hashable, list[tuple[int, int]]] = {}
        shared: dict[tuple[bool, str], Hashable] = {}
        # The blocker keys that bear on each code (its rules' and segments'): only those of the
        # codes a note's target matches have are tried.
        self.blocker_keys: dict[str, set[Hashable]] = {}
        adds: list[tuple[TokenMatcher, Hashable, Any]] = []  # in order
        for i, rule in enumerate(self.rules.targets):
            blocker = rule.code.startswith(("!", "^", "~"))
            matcher = self.blocker_matcher if blocker else self.target_matcher
            if rule.segments:
                for j, patterns in enumerate(rule.segments):
                    signature = (blocker, json.dumps(patterns, sort_keys=True))
                    key = shared.get(signature)
                    if key is None:
                        key = shared[signature] = ("segment", i, j)
                        self.segments[key] = []
                        adds.append((matcher, key, patterns))
                    self.segments[key].append((i, j))
                    if blocker:
                        self.blocker_keys.setdefault(rule.code[1:], set()).add(key)
                continue
            self.targets[("target", i)] = rule
            adds.append((matcher, ("target", i), rule.patterns))
            if blocker:
                self.blocker_keys.setdefault(rule.code[1:], set()).add(("target", i))
        # For _rule_spans: the key of each segment of each gapped rule, and the rules each key
        # is the first segment of.
        self.segment_keys: dict[int, list[Hashable]] = {}
        self.segment_firsts: dict[Hashable, list[int]] = {}
        for key, parts in self.segments.items():
            for i, j in parts:
                keys = self.segment_keys.setdefault(i, [])
                keys.extend([None] * (j + 1 - len(keys)))
                keys[j] = key
                if j == 0:
                    self.segment_firsts.setdefault(key, []).append(i)
        required = self._segment_requirements()
        for matcher, key, patterns in adds:
            matcher.add(key, patterns, required.get(key))
        self.modifier_matcher = TokenMatcher()
        self.modifiers: dict[Hashable, ModifierRule] = {}
        for i, mod in enumerate(self.rules.modifiers):
            self.modifiers[("modifier", i)] = mod
            self.modifier_matcher.add(("modifier", i), mod.patterns)
        lexicon = self.rules.lexicon
        self.people = PeopleReader(
            load_names(lexicon.extra_names), lexicon.not_names, self.rules.vocabulary
        )
        self.reason_names = self.rules.reasons
        self.time = TimeReader(self.rules)
        family = [m for m in self.rules.modifiers if m.category == FAMILY]
        scope = max((m.max_scope or 8) for m in family) if family else 8
        self.name_rule = ModifierRule("<another person's name>", FAMILY, "FORWARD", (), scope)
        self.peer_name_rule = ModifierRule(
            "<a friend's name>", FAMILY, "FORWARD", (), scope, experiencer="peer"
        )
        # The child's partner, named ("her boyfriend Tyler", "partner is 'Dean, he's 27'"): what
        # is said of them is theirs only for codes about them alone (as "her boyfriend").
        partner = next(
            (
                m
                for m in self.rules.modifiers
                if m.category == FAMILY and m.experiencer == "partner"
            ),
            None,
        )
        self.partner_name_rule = ModifierRule(
            "<the partner's name>",
            FAMILY,
            "FORWARD",
            (),
            partner.max_scope if partner else scope,
            allowed_types=partner.allowed_types if partner else None,
            experiencer="partner",
        )
        self.pronoun_rule = ModifierRule("<a pronoun for someone else>", FAMILY, "FORWARD", (), 0)
        self._name_rules = (self.name_rule, self.partner_name_rule)
        # An adult's age or description belongs to whoever it names, even a "friend" ("a friend
        # called Dom who owns a car valeting business").
        self._adult_name_rules = (*self._name_rules, self.peer_name_rule)
        self._wide_rules: dict[int, ModifierRule] = {}  # by id(): rules hold lists
        self._adult_wide: set[int] = set()  # the sentence-wide forms of _adult_name_rules
        self._away_rule = TargetRule("LOCATIONS", "<another town>", ())
        self.subject_stop = ModifierRule(
            "<the subject>", "TERMINATE", "TERMINATE", (), terminates=frozenset({FAMILY})
        )

    def _segment_requirements(self) -> dict[Hashable, frozenset[str]]:
        """For each segment key: words one of which a text must contain for any of the gapped
        rules it stands for to match, from the rules' other segments (every segment must match).
        The matcher then skips the segment in texts without them ("she" ... "missing" is not
        tried where no word can match "missing"); no rule match changes."""
        segment_words: dict[tuple[int, int], frozenset[str] | None] = {}
        for i, rule in enumerate(self.rules.targets):
            for j, patterns in enumerate(rule.segments):
                segment_words[(i, j)] = needed_words(patterns)
        required: dict[Hashable, frozenset[str]] = {}
        for key, parts in self.segments.items():
            words: set[str] = set()
            for i, j in parts:
                # The smallest known word set of another segment of the rule.
                rule = self.rules.targets[i]
                joined = min(len(rule.segments), len(rule.gaps) + 1)  # (what _rule_spans joins)
                others = [
                    w for k in range(joined) if k != j and (w := segment_words[(i, k)]) is not None
                ]
                if not others:
                    break  # (this rule gives no requirement: neither can the key)
                words |= min(others, key=len)
            else:
                required[key] = frozenset(words)
        return required

    # --- processing ----------------------------------------------------------------------------

    def docs(self, texts: Iterable[str], batch_size: int = 256) -> Iterator[Doc]:
        return self.nlp.pipe(texts, batch_size=batch_size)

    def analyse(self, doc: Doc, today: dt.date) -> list[Hit]:
        """Every indicator phrase in the doc, with its ConText modifiers, period and reasons."""
        return self.analyse_tokens(Tokens.from_doc(doc), today)

    def analyse_tokens(self, tk: Tokens, today: dt.date) -> list[Hit]:
        hits = self._targets(tk)
        hits.extend(self._away_places(tk, hits))
        if not hits:
            return []
        people = self.people.read(tk)
        hits = self._drop_own_places(tk, hits, people)
        hits = self._drop_near_age(tk, hits, people)
        # A modifier only bears on findings in its own sentence (_attach), and the findings
        # derived later (_peers) are in the sentences of those found here.
        modifiers = self._modifiers(tk, people, {tk.sent_of[hit.anchor] for hit in hits})
        for hit in hits:
            self._attach(tk, hit, modifiers, people)
        hits.extend(self._peers(tk, hits, modifiers, people))
        self._date(tk, hits, today, people.facts)
        for hit in hits:
            hit.why = hit.reasons(self.reason_names)
        hits.extend(self._links(tk, hits, people))
        hits = [h for h in hits if not h.code.startswith("_")]  # internal codes
        hits.sort(key=lambda h: (h.start_char, -h.end_char))
        return hits

    def _attach(self, tk: Tokens, hit: Hit, modifiers: list[Modifier], people: People) -> None:
        """ConText: the modifiers whose scope covers the finding."""
        involved = self._involves_subject(tk, hit, people)
        child_teller = hit.code in self.rules.teller_codes and self._child_named_teller(
            tk, hit, people
        )
        for mod in modifiers:
            if mod.sent_start > hit.anchor or mod.sent_end <= hit.anchor:
                continue
            rule = mod.rule
            family = mod.category == FAMILY
            overlaps = mod.start < hit.end and hit.start < mod.end
            in_phrase = any(mod.start < e and s < mod.end for s, e in hit.parts)
            if overlaps and mod.start >= hit.start and in_phrase:
                continue  # part of the phrase ("not in school")
            if family and hit.start < mod.start and mod.end <= hit.end and self._aimed_at(tk, mod):
                continue  # who it is aimed at: "aggressive with me and his sister for weeks"
            if (
                mod.category == NEGATED
                and hit.start < mod.start
                and mod.end < hit.anchor
                and mod.end - mod.start == 1
                and tk.norms[mod.start] in ("no", "without")
                and tk.norms[mod.end] not in ("one", "body", "longer", "more")
                and not any(s <= mod.end < e for s, e in hit.parts)
            ):
                continue  # "no" for a word in the phrase's gap ("sent pictures with no top on to")
            if (
                mod.category == "FROM_FAMILY"
                and mod.start in people.to_child
                and tk.norms[mod.start] in ("i", "we")
            ):
                continue  # the sender of a message to the child: "i got u them creps"
            if family and self._inner_party(tk, hit, mod, people):
                continue  # the partner, driver or listener the phrase names
            if (
                family
                and hit.code in NAMED_ADULT_CODES
                and (
                    mod.rule in self._adult_name_rules
                    # "Jason (24) has been seeing Leah": his age, though he opens the sentence
                    or (id(mod.rule) in self._adult_wide and hit.code == "_ADULT")
                )
            ):
                continue  # an adult's age is someone's: "Jermaine (20), who she is seeing"
            if family and hit.code in NAMED_ADULT_CODES and self._whose(tk.norms, mod):
                continue  # "a friend of my brother's, about 20": the friend's age, not his
            teller = (
                family
                and hit.code in self.rules.teller_codes
                and mod.end <= hit.start
                and not child_teller
            )
            if (
                not (overlaps and mod.start < hit.start)
                and not (mod.scope_start <= hit.anchor < mod.scope_end)
                and not (teller and mod.scope_start <= hit.start < mod.scope_end)
            ):
                # Not in scope (one starting before an overlapping phrase still applies: "her
                # sister's boyfriend who is 19"; one in the gap of a phrase needs its scope).
                continue
            if rule.allowed_types is not None and hit.code not in rule.allowed_types:
                continue
            if hit.code in rule.excluded_types:
                continue
            # (A family code's family is still not a friend's: "her friend, who was thrown
            # out by her dad": "her" is the friend.)
            friends = (
                family
                and mod.category in hit.rule.immune
                and rule.experiencer == "peer"
                and mod.end <= hit.start
                and self._who_after(tk.norms, mod.end, mod.sent_end) >= 0
            )
            if mod.category in hit.rule.immune and not friends:
                continue
            if family:
                immune = self.rules.experiencer_immune.get(hit.code, frozenset())
                told_by_them = teller and mod.scope_start <= hit.start < mod.scope_end
                if involved and not told_by_them and not friends:
                    continue
                if not told_by_them and (
                    self._joined_with_child(tk, mod, people)
                    or self._acts_on_child(tk, mod, hit, people)
                ):
                    # "Ella and her best friend Keeley are both being picked up", "with her
                    # mate Becca, where men give them drink": the child shares it. A friend's
                    # sharing in exploitation (not a mere place) is still PEERS.
                    if rule.experiencer == "peer" and hit.code not in self.rules.place_codes:
                        hit.shared.append(mod)
                    continue
                if (
                    rule.experiencer in immune
                    and hit.rule is not self._away_rule  # a town is no one's: the visit is theirs
                    and (
                        hit.code not in self.rules.place_codes
                        or rule.experiencer not in ("family", "peer")
                        or (mod.start >= hit.start - 4 and not self._own_visit(tk.norms, mod, hit))
                        or (rule.experiencer == "peer" and self._with_the_child(tk.norms, mod))
                    )
                ):
                    # A place ("the man's flat", "his house", "her uncle's") counts whoever it
                    # belongs to; a relative's own visit further back does not ("her sister
                    # ... was found in a hotel"). Friends who go there with the child
                    # ("recruited by her friend into attending parties at hotels") do not make
                    # it theirs alone, and their going there can still be PEERS.
                    if rule.experiencer == "peer" and self._shares_visit(tk.norms, mod):
                        hit.shared.append(mod)
                    continue
            hit.modifiers.append(mod)
        if involved is False and hit.code in self.rules.pronoun_codes:
            # Only pronouns for someone else in the phrase: "told him to leave" (him: not her).
            s, e = tk.sents[tk.sent_of[hit.anchor]]
            hit.modifiers.append(Modifier(self.pronoun_rule, hit.start, hit.start, s, e))

    def _inner_party(self, tk: Tokens, hit: Hit, mod: Modifier, people: People) -> bool:
        """Whether another person inside the phrase is the other party it names ("her boyfriend
        Mo is 19", "picked up by a man called Dan", "told her aunt that a man ..."), not someone
        else the finding is about ("told me her sister was raped")."""
        if hit.code not in self.rules.inner_people_codes:
            return False
        if not (hit.start < mod.start and mod.end <= hit.end):
            return False
        norms = tk.norms
        if hit.code not in self.rules.teller_codes:
            # "her sister's boyfriend" (someone else's partner) is not the child's; "a friend of
            # my brother's" is (the relative only says whose friend the partner is).
            of_whom = mod.start >= 2 and "of" in norms[max(hit.start, mod.start - 2) : mod.start]
            if (
                hit.code == "VEHICLES"
                and "by" in norms[hit.start : mod.start]
                and not DRIVING.isdisjoint(norms[hit.start : mod.start])
            ):
                return True  # the driver: "driven home by her friend Maddie's brother"
            if (
                hit.code == "VEHICLES"
                and mod.end + 1 < hit.end
                and norms[mod.end] in ("'s", "s")
                and norms[mod.end + 1] in CAR_WORDS
            ):
                return True  # the car's owner: "seen with Kev (26) in Kev's car"
            return of_whom or not (mod.end < len(norms) and norms[mod.end] in ("'s", "s"))
        k = mod.start - 1
        while k > hit.start and (
            norms[k] in ("her", "his", "their", "my", "the", "a", "our", "your")
            # "told her friend Abbie that ...": the listener is the friend named
            or (norms[k] in COMPANION_ROLES and k + 1 == mod.start)
        ):
            k -= 1
        if mod.start <= hit.start + 3 and norms[k] in LISTENER_BEFORE:
            return True  # the listener: "told her aunt (that) ...", "disclosed to mum"
        j = mod.start - 1
        while j > hit.start and (
            norms[j] in DETERMINERS
            or norms[j] in ("'s", "s", ",")
            or norms[j] in WHOSE_PERSON
            or norms[j] in CHAIN_WORDS
            or tk.texts[j][:1].isupper()
        ):
            j -= 1
        if j > hit.start and norms[j] in PARTY_BEFORE:
            return True  # the other party: "having sex with her mum's friend's son, Liam"
        if (
            mod.end + 1 < len(norms)
            and norms[mod.end] in ("'s", "s")
            and norms[mod.end + 1] in WHOSE_PERSON
        ) or (
            mod.end - mod.start >= 2
            and norms[mod.end - 1] in WHOSE_PERSON
            and (norms[mod.end - 2] in ("'s", "s") or norms[mod.end - 2] in WHOSE_RELATIVE)
        ):
            return True  # the one told about: "told her mum that her mum's boyfriend ..."
        return any(
            k in people.child_voice
            or (
                norms[k] in PRONOUNS
                and people.refers_to_subject(tk, k, by_sex_only=norms[k] in OBJECTS) is True
            )
            for k in range(mod.end, min(hit.end + 4, tk.sent_end(hit.anchor)))
        )

    def _involves_subject(self, tk: Tokens, hit: Hit, people: People) -> bool | None:
        """Whether the phrase names the child as the one acting or acted on ("picks her up",
        "she goes missing"): True, False (only someone else's pronouns), None (no pronoun)."""
        found: list[bool] = []
        norms = tk.norms
        for k in range(hit.anchor, hit.end):
            if k == hit.start and norms[k] in ("her", "his"):
                continue  # a possessive at the start: "her boyfriend (26)"
            if k in people.child_voice or (k in people.to_child and tk.norms[k] in SECOND_PERSON):
                found.append(True)  # "he gives me weed" in the child's own words, "i got u"
                continue
            if norms[k] in PRONOUNS and self._giver(norms, k):
                continue  # "new trainers she didn't buy": mum, who did not buy them
            if norms[k] == "his" and hit.start < k < hit.end - 1 and tk.lowers[k + 1].isalpha():
                continue  # an owner, not who it is about: "gets on his bus at 11am"
            if norms[k] in PRONOUNS:
                # An object pronoun ("picks her up") is read by sex only: the nearest name may
                # be the one doing it ("Paris picks her up").
                refers = people.refers_to_subject(tk, k, by_sex_only=norms[k] in OBJECTS)
                if refers is not None:
                    found.append(refers)
        for k in range(max(tk.sent_start(hit.anchor), hit.anchor - 2), hit.anchor):
            if norms[k] in PRONOUNS and self._giver(norms, k):
                continue  # "a new phone he didn't buy": dad, who did not buy it
            if k in people.child_voice:
                found.append(True)  # "he gives me weed": the child's own words
            elif norms[k] in OBJECTS and k > 0 and norms[k - 1] in (CAUSATIVES | GIVING_TO):
                # "the men make her sell drugs", "a man who buys her cider": she is the one.
                refers = people.refers_to_subject(tk, k, by_sex_only=True)
                if refers is not None:
                    found.append(refers)
            elif norms[k] in AGENT_PRONOUNS and FAMILY not in hit.rule.immune:
                # (A code about the family, FAMILY_CONFLICT, has the parent as its agent: "Aaron,
                # who she has told to leave".)
                refers = people.refers_to_subject(tk, k)
                if refers is not None:
                    found.append(refers)
        if any(
            m.subject and not m.pronoun and hit.anchor <= m.start < hit.end for m in people.mentions
        ):
            return True
        if not found:
            # The clause's subject further back: "He was arrested last night for possession of
            # a knife" (he: not the girl the note is about). Only ever says "someone else".
            start = tk.sent_start(hit.anchor)
            for k in range(hit.anchor - 1, max(start, hit.anchor - 12) - 1, -1):
                if norms[k] in ("she", "he") and self._finder(norms, k):
                    continue  # the finder: "she found £400 in his drawer" (she: mum)
                if norms[k] in ("she", "he") and k <= hit.anchor - 3:
                    if people.refers_to_subject(tk, k) is False:
                        return False
                    break
                if norms[k] in OBJECTS and people.refers_to_subject(tk, k, by_sex_only=True):
                    break  # "he gives her vapes": she is the one it is about
                if any(m.start == k for m in people.mentions):
                    break
            return None
        return any(found)

    @staticmethod
    def _child_named_teller(tk: Tokens, hit: Hit, people: People) -> bool:
        """Whether the phrase names the child as its teller: "her daughter says Eden told her
        that ...", "my son says Jay (14) has told him ..." (the one passing it on only relays
        what the child told)."""
        norms = tk.norms
        for m in people.mentions:
            if not m.subject or m.pronoun or not hit.start <= m.start < hit.end:
                continue
            j = m.end
            if j < len(norms) and norms[j] == "(":
                while j < min(len(norms), m.end + 5) and norms[j] != ")":
                    j += 1
                j += 1
            while j < len(norms) and norms[j] in TELLER_AUX:
                j += 1
            if j < len(norms) and norms[j] in TELLER_VERBS:
                return True
        return False

    @staticmethod
    def _finder(norms: list[str], k: int) -> bool:
        """A pronoun for whoever found or saw something ("she's found a second handset", "she
        also found a bag of weed"): the note's source, not who the thing is about."""
        for j in range(k + 1, min(k + 4, len(norms))):
            if norms[j] in FINDING:
                return True
            if norms[j] not in FINDING_FILLERS and norms[j] != "s":
                return False
        return False

    @staticmethod
    def _giver(norms: list[str], k: int) -> bool:
        """A pronoun for whoever did not buy or give something ("trainers she didn't buy")."""
        rest = norms[k + 1 : k + 4]
        return (
            len(rest) >= 2
            and rest[0] in ("did", "does", "has", "had", "never", "not", "nt")
            and any(w in GIVING for w in rest)
            and any(w in ("not", "never", "nt") for w in rest)
        )

    def _away_places(self, tk: Tokens, hits: list[Hit]) -> list[Hit]:
        """LOCATIONS: found in, or taken to, another town: a capitalised place after "in"/"to"
        within a few words of a finding or moving word, that is not the home area, a street, a
        building or a person, in a sentence without an ordinary reason (a trip, a relative, a
        placement, an appointment)."""
        lowers, texts, n = tk.lowers, tk.texts, len(tk)
        triggers = [i for i, w in enumerate(lowers) if w in AWAY_TRIGGERS]
        if not triggers:
            return []
        names = self.people.names
        common = self.people.common_words
        homes: set[str] | None = None
        found: list[Hit] = []
        taken = [(h.start, h.end) for h in hits if h.code == "LOCATIONS"]
        for i in triggers:
            end = min(tk.sent_end(i), i + AWAY_WINDOW + 1)
            for j in range(i + 1, end - 1):
                if texts[j] == ";":
                    break
                if lowers[j] == "in":
                    # "found ... in <Place>"; "taken to a flat in <Place>"
                    if lowers[i] not in AWAY_FOUND and not (
                        lowers[j - 2] == "to"
                        or (lowers[j - 3] == "to" and lowers[j - 2] in DETERMINERS)
                    ):
                        continue
                elif lowers[j] == "at":
                    # "found at Kettlebridge train station" (a town's station, not a stop)
                    if lowers[i] not in AWAY_FOUND or not (
                        j + 3 < n and lowers[j + 2] in TRAVEL and lowers[j + 3] == "station"
                    ):
                        continue
                elif lowers[j] != "to" or lowers[i] not in AWAY_MOVED:
                    continue
                k = j + 1
                if not self._town_word(tk, k, names, common):
                    continue
                if homes is None:
                    homes = self._home_places(tk)
                if lowers[k] in homes:
                    continue
                nxt = lowers[k + 1] if k + 1 < n else ""
                if nxt in LOCAL_PLACE_WORDS or nxt in ("'s", "\u2019s", "s"):
                    continue
                s0, s1 = tk.sents[tk.sent_of[i]]
                if any(w in AWAY_BLOCKERS for w in lowers[s0:s1]):
                    break
                if any(a < k + 1 and i < b for a, b in taken):
                    break
                rule = self._away_rule
                found.append(
                    Hit(
                        code="LOCATIONS",
                        rule=rule,
                        start=i,
                        end=k + 1,
                        start_char=tk.starts[i],
                        end_char=tk.ends[k],
                        sentence=tk.sent_of[i],
                        anchor=k,
                    )
                )
                taken.append((i, k + 1))
                break
        return found

    @staticmethod
    def _town_word(
        tk: Tokens, k: int, names: Mapping[str, frozenset[str]], common: frozenset[str]
    ) -> bool:
        if k >= len(tk) or tk.is_sent_start(k):
            return False
        text = tk.texts[k]
        if len(text) < 4 or not text[0].isupper() or not text.isalpha() or text.isupper():
            return False
        lower = tk.lowers[k]
        return lower not in names and lower not in common

    def _home_places(self, tk: Tokens) -> set[str]:
        lowers = tk.lowers
        homes: set[str] = set()
        for i, w in enumerate(lowers[:-1]):
            if w in HOME_CUES:
                for k in (i + 1, i + 2):
                    if k < len(tk) and tk.texts[k][:1].isupper() and tk.texts[k].isalpha():
                        homes.add(lowers[k])
                        break
            elif w in ("home", "area") and lowers[i + 1] == "in" and i + 2 < len(tk):
                homes.add(lowers[i + 2])
        return homes

    def _drop_own_places(self, tk: Tokens, hits: list[Hit], people: People) -> list[Hit]:
        """ "his flat" is the child's own home when "his" is the child."""
        kept = []
        for hit in hits:
            if (
                hit.code in self.rules.others_place_codes
                and tk.norms[hit.start] in ("his", "her")
                and people.sex is not None
                and people.refers_to_subject(tk, hit.start) is True
                and not any(
                    w in MALE_OTHERS for w in tk.norms[tk.sent_start(hit.start) : hit.start]
                )
            ):
                continue
            kept.append(hit)
        return kept

    def _drop_near_age(self, tk: Tokens, hits: list[Hit], people: People) -> list[Hit]:
        """An "older" partner must be clearly older: at least three years (guide 3.3)."""
        age = people.facts.age
        if age is None:
            return hits
        kept = []
        for hit in hits:
            if hit.code == "OLDER_PARTNER":
                ages = _ages(tk, hit.start, hit.end)
                if ages and max(ages) - age < 3:
                    continue
            kept.append(hit)
        return kept

    def _rule_spans(
        self,
        matcher: TokenMatcher,
        tk: Tokens,
        quotes: bool = True,
        keys: set[Hashable] | None = None,
    ) -> list[tuple[TargetRule, int, int, int, tuple[tuple[int, int], ...]]]:
        """Matches of whole target rules (rule, start, end, anchor): plain ones, and gapped ones
        joined segment by segment, each next segment starting within the gap in the same
        sentence (nearest first). With `keys`, only the matcher's keys among them are tried."""
        found: list[tuple[TargetRule, int, int, int, tuple[tuple[int, int], ...]]] = []
        by_key: dict[Hashable, list[tuple[int, int]]] = {}  # segments' matches
        sent_of = tk.sent_of
        matches = (
            self._match_through_quotes(matcher, tk)
            if quotes
            else matcher(tk.norms, tk.nums, keys=keys)
        )
        for key, start, end in matches:
            rule = self.targets.get(key)
            if rule is not None:
                found.append((rule, start, end, start, ((start, end),)))
            else:
                by_key.setdefault(key, []).append((start, end))
        for key, spans in by_key.items():
            for index in self.segment_firsts.get(key, ()):
                segment_keys = self.segment_keys[index]
                if len(segment_keys) < 2 or segment_keys[1] not in by_key:
                    continue  # (no second segment anywhere: no match of this rule)
                rule = self.rules.targets[index]
                for start, end in spans:
                    last, anchor = end, start
                    matched = [(start, end)]
                    for j, gap in enumerate(rule.gaps, start=1):
                        following = [
                            (s, e)
                            for s, e in (
                                by_key.get(segment_keys[j], ()) if j < len(segment_keys) else ()
                            )
                            if last <= s <= last + gap and sent_of[s] == sent_of[start]
                        ]
                        if not following:
                            break
                        anchor, last = min(following)
                        matched.append((anchor, last))
                    else:
                        found.append((rule, start, last, anchor, tuple(matched)))
        return found

    @staticmethod
    def _match_through_quotes(matcher: TokenMatcher, tk: Tokens) -> list[tuple[Hashable, int, int]]:
        """Matches over the tokens as written, and over them with quote marks left out, so that
        scare quotes do not break a phrase ("her 'boyfriend' is 'about 25'", "he's 'older'")."""
        found = matcher(tk.norms, tk.nums)
        keep = [i for i, w in enumerate(tk.norms) if w not in QUOTES]
        if len(keep) == len(tk.norms):
            return found
        seen = set(found)
        present = set(tk.norms)
        norms = [tk.norms[i] for i in keep]
        nums = [tk.nums[i] for i in keep]
        # Only near where a quote mark was left out (the rest was matched above).
        gaps = [j for j in range(1, len(keep)) if keep[j] != keep[j - 1] + 1]
        windows: list[list[int]] = []  # [lo, hi, last gap]
        for j in gaps:
            lo, hi = max(0, j - QUOTE_WINDOW), min(len(keep), j + QUOTE_WINDOW)
            if windows and lo <= windows[-1][1]:
                windows[-1][1] = hi
                windows[-1][2] = j
            else:
                windows.append([lo, hi, j])
        for lo, hi, last_gap in windows:
            # Only matches that start before the last gap can run across a left-out quote.
            # (the whole text's words: a segment found here may join segments outside the window)
            window = matcher(norms[lo:hi], nums[lo:hi], limit=last_gap - lo, words=present)
            for key, start, end in window:
                match = (key, keep[lo + start], keep[lo + end - 1] + 1)
                if match not in seen:
                    seen.add(match)
                    found.append(match)
        return found

    def _targets(self, tk: Tokens) -> list[Hit]:
        sent_of = tk.sent_of
        raw = self._rule_spans(self.target_matcher, tk)
        blocks: dict[str, list[tuple[int, int]]] = {}  # by code
        openings: set[tuple[int, str]] = set()
        inner: dict[str, list[tuple[int, int]]] = {}
        spans = []
        if raw:
            keys: set[Hashable] = set()
            for code in {m[0].code for m in raw}:
                keys |= self.blocker_keys.get(code, set())
            spans = self._rule_spans(self.blocker_matcher, tk, quotes=False, keys=keys)
        for rule, start, end, _, _ in spans:
            if rule.code.startswith("^"):
                openings.add((start, rule.code[1:]))
            elif rule.code.startswith("~"):
                inner.setdefault(rule.code[1:], []).append((start, end))
            else:
                blocks.setdefault(rule.code[1:], []).append((start, end))
        best: dict[str, list[Hit]] = {}
        # Longest first, so that shorter overlapping matches of the same code are dropped.
        raw.sort(key=lambda m: (-(m[2] - m[1]), m[1]))
        for rule, start, end, anchor, parts in raw:
            sent = sent_of[start]
            if sent_of[end - 1] != sent:
                continue  # never across a sentence boundary
            if (start, rule.code) in openings:
                continue  # the phrase opens with a sense that is not the indicator
            if any(s <= start and end <= e for s, e in inner.get(rule.code, ())):
                continue  # the phrase lies inside a sense that is not the indicator
            if any(
                s < end and start < e and not (start <= s and e <= end and (start, end) != (s, e))
                for s, e in blocks.get(rule.code, ())
            ):
                continue  # a sense that is not the indicator ("missing insulin doses")
            kept = best.setdefault(rule.code, [])
            if any(h.start < end and start < h.end for h in kept):
                continue
            kept.append(
                Hit(
                    code=rule.code,
                    rule=rule,
                    start=start,
                    end=end,
                    start_char=tk.starts[start],
                    end_char=tk.ends[end - 1],
                    sentence=sent,
                    anchor=anchor,
                    parts=parts,
                )
            )
        return [hit for hits in best.values() for hit in hits]

    def _modifiers(self, tk: Tokens, people: People, sentences: set[int]) -> list[Modifier]:
        """The modifiers in the given sentences, with their scopes."""
        sents, sent_of = tk.sents, tk.sent_of
        found: list[Modifier] = []
        spans = [sents[k] for k in sorted(sentences)]
        for key, start, end in self.modifier_matcher(tk.norms, tk.nums, spans=spans):
            sent = sent_of[start]
            if sent_of[end - 1] != sent:
                continue
            s, e = sents[sent]
            found.append(Modifier(self.modifiers[key], start, end, s, e))
        # Pseudo-modifiers and longer phrases win over the shorter ones they overlap.
        found.sort(key=lambda m: (-(m.end - m.start), m.rule.direction != "PSEUDO", m.start))
        kept: list[Modifier] = []
        norms = tk.norms
        terminators = [
            m
            for m in found
            if m.rule.direction == "TERMINATE"
            # "such as" introduces examples of what came before, not a new clause.
            and not (norms[m.start] == "as" and m.start > 0 and norms[m.start - 1] == "such")
            and not self._word_hyphen(tk, m)
        ]
        for mod in found:
            if mod.rule.direction == "TERMINATE":
                continue  # terminators never hide one another or a modifier
            if any(
                k.start < mod.end
                and mod.start < k.end
                and not (k.rule.direction == "PSEUDO" and mod.category in UNHIDDEN)
                # "about her sister (17) who is pregnant": a relative clause makes the person
                # after a preposition its subject
                and not (
                    k.rule.direction == "PSEUDO"
                    and mod.category == FAMILY
                    and self._who_after(norms, mod.end, mod.sent_end) >= 0
                )
                for k in kept
            ):
                continue
            kept.append(mod)
        for person in people.mentions:
            if sent_of[person.start] not in sentences:
                continue
            s, e = sents[sent_of[person.start]]
            if person.subject and self._owner_only(norms, person.end):
                continue  # "Kayleigh's older sister, 17, who ...": the sister's clause goes on
            if person.subject:
                rule = self.subject_stop
            elif person.peer:
                rule = self.peer_name_rule
            elif self._partner_named(norms, person.start):
                rule = self.partner_name_rule
            else:
                rule = self.name_rule
            if any(k.start < person.end and person.start < k.end for k in kept):
                continue
            kept.append(Modifier(rule, person.start, person.end, s, e))
        kept = [
            m
            for m in kept
            if m.rule.direction != "PSEUDO"
            and not (m.category == "EXPLAINED" and self._denied(norms, m.start, m.sent_start))
        ]
        terminators += [m for m in kept if m.rule.direction == "TERMINATE"]
        active = [m for m in kept if m.rule.direction != "TERMINATE"]
        mentioned = frozenset(p.start for p in people.mentions)
        for mod in active:
            if mod.category == FAMILY and self._clause_subject(norms, mod):
                # Someone else as the subject of the sentence ("Another girl at the unit was
                # brought back by police after being found at a hotel"): the whole sentence, up
                # to a terminator or a mention of the child, is about them.
                mod.rule = self._sentence_wide(mod.rule)
            self._scope(mod, terminators, norms)
            if mod.category == "EXPLAINED":
                self._explained_pair(tk, mod)
            if mod.category in (NEGATED, HYPOTHETICAL, POSSIBLE, HISTORICAL):
                self._list_scope(tk, mod, mentioned)
            if mod.category == NEGATED:
                self._relative_negation(norms, mod)
            if mod.category in (HYPOTHETICAL, POSSIBLE):
                self._quoted_scope(tk, mod)
            self._inside_brackets(tk, mod)
            if mod.category == FAMILY:
                self._parenthesis(tk, mod)
                self._teller(tk, mod, people)
                self._object_scope(tk, mod)
                if (
                    mod.start > mod.sent_start
                    and tk.texts[mod.start - 1] in QUOTE_MARKS
                    and mod.end < mod.sent_end
                    and norms[mod.end] in VOCATIVE_NEXT
                ):
                    mod.scope_end = mod.end  # the one written to: "'mum im sorry, he made me ..."
                k = mod.start - 1
                while k > mod.sent_start and norms[k] in DETERMINERS:
                    k -= 1
                if k >= mod.sent_start and norms[k] in TELL_TO:
                    # The listener ("told her aunt she's been ..."), not who it is about.
                    mod.scope_end = mod.end
                while k > mod.sent_start and tk.texts[k] in QUOTE_MARKS:
                    k -= 1
                if k >= mod.sent_start and norms[k] == "from":
                    # A source ("new nails 'from a friend', asking to leave lessons to take
                    # calls"): what follows the next comma is not theirs.
                    for j in range(mod.end, mod.scope_end):
                        if norms[j] in (",", ";"):
                            mod.scope_end = j
                            break
                for j in range(mod.end, min(mod.end + 4, mod.scope_end)):
                    if norms[j] in FINDING:
                        # The finder ("Mum has since found a second SIM card in her purse"),
                        # not the one what is found is about.
                        mod.scope_end = min(mod.scope_end, j)
                        break
                    if norms[j] not in FINDING_FILLERS:
                        break
        return active

    @staticmethod
    def _line_date(
        tk: Tokens, sent: int, spans: list[tuple[int, int, TimeExpression]]
    ) -> tuple[int, int, TimeExpression] | None:
        """The date that opens a line of ";" clauses ("12/02/2024; reported missing; found at
        a hotel"): it dates each clause after it that has no date of its own."""
        sents, texts = tk.sents, tk.texts
        first = sent
        while first > 0 and texts[sents[first][0] - 1] == ";":
            first -= 1
        s0 = sents[first][0]
        for start, end, expression in spans:
            if (
                s0 <= start <= s0 + 1
                and end <= sents[first][1]
                and (start == s0 or not texts[s0][:1].isalnum())
            ):
                return start, end, expression
        return None

    @staticmethod
    def _denied(norms: list[str], start: int, sent_start: int) -> bool:
        """An account that is denied: "not consistent with a fall", "wasn't an accident"."""
        k = start - 1
        while k > sent_start and norms[k] in DENIAL_FILLERS:
            k -= 1
        return k >= sent_start and norms[k] in DENIALS

    @staticmethod
    def _who_after(norms: list[str], end: int, sent_end: int) -> int:
        """Where a relative clause starts right after a person, past a bracketed aside or an
        age: "her sister (17) who is pregnant", "her brother, 19, who ..." (-1 if none)."""
        k = end
        if k < sent_end and norms[k] == "(":
            while k < sent_end and norms[k] != ")":
                k += 1
            k += 1
        elif k + 2 < sent_end and norms[k] == "," and norms[k + 1].isdigit():
            k += 2
        if k < sent_end and norms[k] == ",":
            k += 1
        return k if k > end and k < sent_end and norms[k] in RELATIVE_WORDS else -1

    @staticmethod
    def _owner_only(norms: list[str], end: int) -> bool:
        """The child's name only says whose someone is: "Kayleigh's older sister", "Rio's
        uncle", "Theo's older brother" (the child is not the one acting)."""
        if end + 1 >= len(norms) or norms[end] not in ("'s", "s"):
            return False
        k = end + 1
        while k < len(norms) and norms[k] in ("older", "younger", "big", "little", "new", "best"):
            k += 1
        return k < len(norms) and (norms[k] in KIN or norms[k] in OWNED_PEOPLE)

    @staticmethod
    def _quoted_scope(tk: Tokens, mod: Modifier) -> None:
        """A hedge inside a quotation ends with it: "'about 35 maybe', went to his flat twice"
        (the flat is not in doubt). Inside: an odd number of quote marks before it in its
        sentence."""
        texts = tk.texts
        if sum(1 for k in range(mod.sent_start, mod.start) if texts[k] in QUOTES) % 2 == 0:
            return
        for k in range(mod.end, mod.scope_end):
            # (A closing quote: punctuation or the sentence's end after it, not a scare quote
            # opening inside the quotation: "he's going to a 'party' in ...".)
            if texts[k] in QUOTES and (
                k + 1 >= mod.sent_end
                or not texts[k + 1][:1].isalnum()
                or tk.norms[k + 1] in ("and", "but", "so", "then", "or")
            ):
                mod.scope_end = k
                return

    @staticmethod
    def _explained_pair(tk: Tokens, mod: Modifier) -> None:
        """An account next to a short injury phrase, across one comma, dash or semicolon:
        "black eye; says he fell off his bike", "Fell from a trampoline, wrist fracture"."""
        texts, sents = tk.texts, tk.sents
        direction = mod.rule.direction
        if direction in ("BACKWARD", "BIDIRECTIONAL"):
            b = mod.scope_start - 1  # the boundary that cut the scope
            sent = tk.sent_of[mod.start]
            if mod.scope_start == mod.sent_start and sent > 0 and texts[b] == ";":
                lo = sents[sent - 1][0]
            elif b >= mod.sent_start and texts[b] in CLAUSE_MARKS:
                lo = mod.sent_start
            else:
                lo = -1
            if lo >= 0 and not any(
                texts[k] in QUOTES or tk.lowers[k] == "first" for k in range(b + 1, mod.start + 1)
            ):
                # (Not a quoted or first account: "first said she 'fell over' then ...".)
                p = b
                while p > max(lo, b - PAIR_SPAN) and texts[p - 1] not in CLAUSE_MARKS:
                    p -= 1
                if p < b:
                    mod.scope_start = p
                    mod.sent_start = min(mod.sent_start, lo)
        if direction in ("FORWARD", "BIDIRECTIONAL"):
            b = mod.scope_end
            sent = tk.sent_of[mod.start]
            if mod.scope_end == mod.sent_end and sent + 1 < len(sents) and texts[b - 1] == ";":
                hi = sents[sent + 1][1]
                b -= 1
            elif b < mod.sent_end and texts[b] in CLAUSE_MARKS:
                hi = mod.sent_end
            else:
                hi = -1
            if hi >= 0:
                q = b + 1
                while q < hi and texts[q] not in CLAUSE_MARKS and texts[q] not in (".", "!", "?"):
                    q += 1
                if 0 < q - b - 1 <= PAIR_SPAN_AFTER:
                    mod.scope_end = q
                    mod.sent_end = max(mod.sent_end, hi)

    @staticmethod
    def _own_visit(norms: list[str], mod: Modifier, hit: Hit) -> bool:
        """A relative who is the subject of a visit to the place: "Kyra's cousin was at the
        party" (not "her uncle's flat", where the relative only owns it)."""
        return (
            mod.end < hit.start
            and norms[mod.end] in VISIT_VERBS
            and not any(
                norms[k] in ("with", "took", "takes", "brought") for k in range(mod.end, hit.start)
            )
        )

    @staticmethod
    def _word_hyphen(tk: Tokens, mod: Modifier) -> bool:
        """A hyphen inside a word ("self-harm", "15-year-old") is no clause break."""
        k = mod.start
        return (
            mod.end == k + 1
            and tk.texts[k] == "-"
            and 0 < k < len(tk) - 1
            and tk.starts[k] == tk.ends[k - 1]
            and tk.ends[k] == tk.starts[k + 1]
        )

    @staticmethod
    def _joined_with_child(tk: Tokens, mod: Modifier, people: People) -> bool:
        """Whether someone else is named together with the child as sharing what follows:
        "Aiyana and her friend Lexi were found", "her and other girls", "with her mate Becca
        where men give them drink", "Friend with her (17)", "Becca and her"."""
        norms = tk.norms
        lo, hi = mod.sent_start, mod.sent_end

        def child_at(k: int) -> bool:
            if not lo <= k < hi:
                return False
            if norms[k] in PRONOUNS:
                return people.refers_to_subject(tk, k, by_sex_only=norms[k] in OBJECTS) is True
            return any(m.subject and m.start <= k < m.end for m in people.mentions)

        k = mod.start - 1
        while k >= lo and (
            norms[k] in DETERMINERS
            or norms[k] in NUMBER_WORDS
            or norms[k] in COMPANION_ROLES
            or tk.nums[k]
        ):
            k -= 1  # "Kiera and her friend Lacey", "Junaid and two friends"
        if k >= lo and norms[k] in ("and", "&", "+"):
            j = k - 1
            if j >= lo and tk.texts[j] == ")":
                while j > lo and tk.texts[j] != "(":
                    j -= 1  # "Junaid (15) and two friends"
                j -= 1
            while j > lo and (tk.nums[j] or norms[j] == ","):
                j -= 1  # "Nasir 14 and his friend Kai 14 arrested", "Tia, 15, and"
            if child_at(j):
                return True
        if (
            k >= lo
            and norms[k] == "with"
            and not any(norms[i] in RELATIVE_WORDS for i in range(mod.start, min(mod.end + 2, hi)))
            and any(norms[i] in SHARED_WORDS for i in range(mod.end, hi))
        ):
            # "with her mate Becca where men give them drink": the child's company, when what
            # follows is theirs together (not "with a group who were arrested").
            return True
        j = mod.end
        while j < hi and (tk.texts[j][:1].isupper() and any(m.start == j for m in people.mentions)):
            j += 1
        return j + 1 < hi and norms[j] in ("and", "&", "with") and child_at(j + 1)

    @staticmethod
    def _acts_on_child(tk: Tokens, mod: Modifier, hit: Hit, people: People) -> bool:
        """Whether someone else, named before the finding in its sentence, does it to or with
        the child: "Amira introduced her to the men at the shisha lounge", "took her to a
        party", "now they both get picked up" (the child is the object, or both share it)."""
        norms = tk.norms
        if not mod.end <= hit.start or tk.sent_of[mod.start] != tk.sent_of[hit.start]:
            return False
        for k in range(mod.end, min(hit.end + 1, len(norms) - 1)):
            word = norms[k]
            if k >= hit.start:
                # The object of the phrase's verb: "her sister's boyfriend threatened her but"
                if (
                    word in ("her", "him")
                    and k > hit.start
                    and k - mod.end <= 4
                    and norms[k + 1] in VERB_OBJECT_END
                    and RELATIVE_WORDS.isdisjoint(norms[mod.end : k])
                    and people.refers_to_subject(tk, k, by_sex_only=True) is True
                ):
                    return True
                continue
            if word in ("both", "together") and norms[k - 1] in ("they", "we"):
                return True  # "now they both get picked up" (not "who are both open to")
            if (
                word in ("them", "us")
                and k + 1 < len(norms)
                and norms[k + 1] in OBJECT_FOLLOWERS
                and any(
                    m.subject and not m.pronoun and mod.sent_start <= m.start < mod.start
                    for m in people.mentions
                )
            ):
                return True  # "Keeley says Aisha knows some men who took them to a party"
            if (
                word in ("her", "him")
                and k + 1 < len(norms)
                and norms[k + 1] in OBJECT_FOLLOWERS
                and people.refers_to_subject(tk, k, by_sex_only=True) is True
            ):
                return True
        if hit.code == "ONLINE":
            # An image of the child shared by someone else ("a boy in her year shared a photo of
            # her in her bra"): the child is the one in it.
            for k in range(hit.start, min(hit.end + 1, len(norms) - 1)):
                if (
                    norms[k] == "of"
                    and norms[k + 1] in ("her", "him", "herself", "himself")
                    and people.refers_to_subject(tk, k + 1, by_sex_only=True) is True
                ):
                    return True
        return False

    @staticmethod
    def _partner_named(norms: list[str], start: int) -> bool:
        """Whether a name follows a partner word: "her boyfriend Tyler", "partner is 'Dean"."""
        k = start - 1
        while (
            k >= 0 and start - k <= 4 and norms[k] in ("'", '"', "is", ",", "called", "named", ":")
        ):
            k -= 1
        return k >= 0 and norms[k] in PARTNER_WORDS

    @staticmethod
    def _shares_visit(norms: list[str], mod: Modifier) -> bool:
        """A friend who goes somewhere with the child (or brings them), not one they met
        "through" or heard "from"."""
        k = mod.start - 1
        while k >= mod.sent_start and norms[k] in DETERMINERS:
            k -= 1
        return not (k >= mod.sent_start and norms[k] in ("through", "via", "from"))

    @staticmethod
    def _with_the_child(norms: list[str], mod: Modifier) -> bool:
        """Friends named as company, not as the subject of their own clause: "recruited by her
        friend", "met through a friend", "Junaid and two friends", "with her mates"."""
        k = mod.start - 1
        while k >= mod.sent_start and norms[k] in DETERMINERS:
            k -= 1
        return k >= mod.sent_start and (norms[k] in COMPANY or norms[k] in BRINGING)

    @staticmethod
    def _clause_subject(norms: list[str], mod: Modifier) -> bool:
        """Whether someone else opens the sentence ("Another girl at the unit was ..."). (Not
        a reported clause: "Amelia says her mum's partner has been messaging her" is about
        Amelia.)"""
        before = range(mod.sent_start, mod.start)
        if all(norms[k] in DETERMINERS for k in before):
            return True
        k = mod.start - 1
        while k > mod.sent_start and norms[k] in DETERMINERS:
            k -= 1
        if k > mod.sent_start and norms[k] == "that" and norms[k - 1] in REPORTED_BY:
            # "Lily reported that her friend Hannah has been 'going with a 20-year-old' and
            # bunking off": the reported clause is about its subject, the friend.
            return True
        # "Katie's mates are ...": a name's (the child's) friends or family open the sentence.
        return (
            2 <= mod.start - mod.sent_start <= 3
            and norms[mod.start - 1] in ("'s", "s", "'")
            and all(norms[k] in DETERMINERS for k in range(mod.sent_start, mod.start - 2))
            and norms[mod.start - 2][:1].isalpha()
        )

    def _sentence_wide(self, rule: ModifierRule) -> ModifierRule:
        wide = self._wide_rules.get(id(rule))
        if wide is None:
            wide = dataclasses.replace(rule, max_scope=None)
            self._wide_rules[id(rule)] = wide
            if any(rule is r for r in self._adult_name_rules):
                self._adult_wide.add(id(wide))
        return wide

    @staticmethod
    def _inside_brackets(tk: Tokens, mod: Modifier) -> None:
        """A modifier inside brackets stays inside them: "(she says 18, I think older)"."""
        depth = 0
        for i in range(mod.sent_start, mod.start):
            if tk.texts[i].startswith("("):
                depth += 1
            elif tk.texts[i].startswith(")") and depth:
                depth -= 1
        if not depth:
            return
        for i in range(mod.end, mod.scope_end):
            if tk.texts[i].startswith(")"):
                mod.scope_end = i
                break

    @staticmethod
    def _scope(mod: Modifier, terminators: list[Modifier], norms: list[str] | None = None) -> None:
        rule = mod.rule
        limit = rule.max_scope
        forward = rule.direction in ("FORWARD", "BIDIRECTIONAL")
        backward = rule.direction in ("BACKWARD", "BIDIRECTIONAL")
        start, end = mod.start, mod.end
        if forward:
            end = mod.sent_end if limit is None else min(mod.sent_end, mod.end + limit)
        if backward:
            start = mod.sent_start if limit is None else max(mod.sent_start, mod.start - limit)
        who = -1
        if norms is not None and rule.category == FAMILY:
            who = Engine._who_after(norms, mod.end, mod.sent_end)
        for term in terminators:
            if term.sent_start != mod.sent_start:
                continue
            if term.rule.terminates and rule.category not in term.rule.terminates:
                continue
            if (
                norms is not None
                and rule.category == FAMILY
                and term.start <= mod.end + 1
                and any(
                    norms[k] in RELATIVE_WORDS
                    for k in range(mod.end, min(term.end + 1, mod.sent_end))
                )
            ):
                continue  # "her cousin, who has been ...": the clause is about the cousin
            if mod.end <= term.start <= who:
                continue  # "her sister (17) who is pregnant": the aside before "who"
            if forward and mod.end <= term.start < end:
                end = term.start
            if backward and start < term.end <= mod.start:
                start = term.end
        mod.scope_start = start if backward else mod.end
        mod.scope_end = end if forward else mod.start

    @staticmethod
    def _list_scope(tk: Tokens, mod: Modifier, subject_starts: frozenset[int]) -> None:
        """A negation runs over a list: "no concerns re drugs, alcohol or missing episodes",
        "denies going missing, drinking or getting into cars" (a comma in a list does not end
        its scope, and its scope reaches the last item)."""
        norms = tk.norms
        end = mod.scope_end
        if mod.scope_start != mod.end or end >= mod.sent_end:
            return
        if norms[end] not in (",", "or", "nor", "and", "/"):
            return
        # Items of up to four words, separated by commas, "or", "nor", "and" or "/".
        k, last_item_end, joined = end, end, False
        while k < mod.sent_end and norms[k] in (",", "or", "nor", "and", "/"):
            joined = joined or norms[k] in ("or", "nor", "and")
            k += 1
            if k < mod.sent_end and norms[k] in ("or", "nor", "and"):
                joined = True
                k += 1
            item = k
            if k < mod.sent_end and (
                norms[k] in LIST_STOPS or norms[k] in CLAUSE_VERBS or k in subject_starts
            ):
                break  # a new clause ("and she gets in cars"), not a list item
            while (
                k < mod.sent_end
                and k - item < 4
                and norms[k] not in (",", "or", "nor", "and", "/", "but", "however", ".")
            ):
                k += 1
            if k == item:
                break
            last_item_end = k
        if joined and last_item_end > end:
            mod.scope_end = last_item_end

    @staticmethod
    def _teller(tk: Tokens, mod: Modifier, people: People) -> None:
        """Someone else followed by a telling verb ("her friend Callum told staff that ...",
        "Friend (17) says they'd been ...") is the teller: their scope is the telling verb only
        (what they tell is about the child; a telling of theirs is still theirs)."""
        norms, texts = tk.norms, tk.texts
        j, end = mod.end, mod.sent_end
        while j < end and texts[j][:1].isupper() and any(m.start == j for m in people.mentions):
            j += 1  # a name after the role: "her friend Callum"
        if j < end and texts[j] == "(":
            while j < end and texts[j] != ")":
                j += 1
            j += 1
        if (
            j < end
            and texts[j] in ("-", "\u2013", "\u2014")
            and mod.start - mod.sent_start <= 1
            and mod.scope_start <= j < mod.scope_end
        ):
            mod.scope_end = j  # a label: "Caller (staff at the pool) - a boy about 12 ..."
            return
        while j < end and norms[j] in TELLER_AUX:
            j += 1
        if not (j < end and norms[j] in TELLER_VERBS and mod.scope_start <= j < mod.scope_end):
            return
        # Only when what they tell names the child (or "they", both of them): "her friend Jade
        # told Sophie she's sleeping with ..." may be about Jade herself.
        unnamed = not any(m.subject and not m.pronoun for m in people.mentions)
        for k in range(j + 1, min(j + 8, end)):
            if (
                norms[k] in ("they", "both", "we", "them", "us", "neither", "either")
                or any(m.subject and not m.pronoun and m.start == k for m in people.mentions)
                or (unnamed and norms[k] in CHILD_NOUNS)  # "Caller says a young girl ..."
            ):
                mod.scope_end = j + 1
                return

    @staticmethod
    def _aimed_at(tk: Tokens, mod: Modifier) -> bool:
        """A relative after "with", "towards", "at", "to" or "against" ("with me and his
        sister"): the one a behaviour is aimed at, not the one it is about."""
        k = mod.start - 1
        while k > mod.sent_start and tk.norms[k] in ("her", "his", "their", "the", "me", "and"):
            k -= 1
        return tk.norms[k] in ("with", "towards", "toward", "at", "to", "against")

    @staticmethod
    def _relative_negation(norms: list[str], mod: Modifier) -> None:
        """ "A man she has never met sends her money": the negated verb is a relative clause's;
        a present-tense verb after it opens the main clause, which is asserted."""
        if mod.end - mod.start != 1 or norms[mod.start] not in ("never", "not"):
            return
        if mod.start == mod.sent_start or norms[mod.start - 1] not in NEGATED_AUX:
            return
        for j in range(mod.end + 1, min(mod.scope_end, mod.end + 4)):
            if norms[j] in MAIN_VERBS:
                mod.scope_end = j
                return

    @staticmethod
    def _object_of(norms: list[str], mod: Modifier) -> int:
        """The preposition that makes someone an object ("with a man called Kev", "by her
        mate's brother"), or -1."""
        k = mod.start - 1
        while k > mod.sent_start and mod.start - k <= 6 and norms[k] in OBJECT_CHAIN:
            k -= 1
        return k if k >= mod.sent_start and norms[k] in OBJECT_PREPS else -1

    @staticmethod
    def _object_scope(tk: Tokens, mod: Modifier) -> None:
        """Someone named as an object ("selling for a man called Bubbles", "with her cousin")
        does not own the next coordinated verb: ", and got stabbed" is the clause subject's."""
        norms = tk.norms
        k = Engine._object_of(norms, mod)
        if k < 0:
            return
        agent = norms[k] == "by"  # "was attacked by her mate's brother and has a black eye"
        # "being used by his older cousin to hold drugs": what he is made to do is the child's
        made = agent and not CAUSED.isdisjoint(norms[max(mod.sent_start, k - 2) : k])
        for j in range(mod.end, min(mod.scope_end, mod.sent_end - 1)):
            if (
                (norms[j] == "," and norms[j + 1] in ("and", "then", "but"))
                or (agent and norms[j] == "and" and norms[j + 1] in AND_VERBS)
                or (made and norms[j] == "to")
                # "found in a flat with two adult males, slurring and being sick": the child's
                or (norms[j] == "," and norms[j + 1].endswith("ing") and len(norms[j + 1]) > 5)
            ):
                mod.scope_end = j
                return

    @staticmethod
    def _parenthesis(tk: Tokens, mod: Modifier) -> None:
        """Another person's scope runs to the end of a bracket that follows them:
        "Jordan (17, care leaver in supported accommodation, has a learning disability)"."""
        if mod.end < mod.sent_end and tk.texts[mod.end] == "(":
            for i in range(mod.end + 1, mod.sent_end):
                if tk.texts[i].startswith(")"):
                    mod.scope_end = max(mod.scope_end, i + 1)
                    break

    # --- findings read across sentences ---------------------------------------------------------

    def _links(self, tk: Tokens, hits: list[Hit], people: People) -> list[Hit]:
        """Indicators read from two asserted parts in nearby sentences (rules.links): a partner
        mention and an adult's age, a telling by the child and what was told."""
        derived: list[Hit] = []
        base = [h for h in hits if not h.why]
        for link in self.rules.links:
            asserted = base + derived  # a link may build on one read before it
            if any(h.code == link.code for h in asserted):
                continue  # already read within a sentence
            others = [h for h in asserted if h.code == link.other]
            if link.teller:
                # What a child tells today counts however old it is (guide 2.8): "said she used
                # to send pictures to a man when she was in Y5".
                others += [h for h in hits if h.code == link.other and h.why == [OLDER]]
            if link.adult_age:
                others = [h for h in others if self._adult_for_child(tk, h, people)]
            for hit in asserted:
                if hit.code != link.anchor:
                    continue
                if link.teller and not self._told_by_child(tk, hit, people):
                    continue
                if link.told_in_sentence and not self._child_tells(tk, hit, people):
                    continue
                if link.stated_adult and not any(
                    a.code == "_ADULT"
                    and abs(a.sentence - hit.sentence) <= 1
                    and self._states_adult_age(tk, a)
                    and self._adult_for_child(tk, a, people)
                    for a in hits
                ):
                    continue  # (the partner's age, even when also "a friend of my brother's")
                near = [
                    o
                    for o in others
                    if -link.before <= o.sentence - hit.sentence <= link.after
                    and not (
                        o.start < hit.end
                        and hit.start < o.end
                        and o.start != hit.start
                        and not (hit.start <= o.start and o.end <= hit.end)
                    )  # (an overlapping part, unless it lies inside: "stays at his 24 ...")
                ]
                if not near:
                    continue
                derived.append(
                    dataclasses.replace(
                        hit,
                        code=link.code,
                        rule=TargetRule(link.code, f"{link.anchor} + {link.other}", ()),
                        derived_from=near[0].code,
                        modifiers=list(hit.modifiers),
                        why=[],
                    )
                )
                break
        return derived

    def _child_tells(self, tk: Tokens, hit: Hit, people: People) -> bool:
        """Whether the child is telling what the phrase says: a saying verb earlier in its
        sentence whose teller is the child ("Says her partner is 'older, like 19'"), or the
        child's own quoted words."""
        if any(
            k in people.child_voice for k in range(tk.sent_start(hit.start), tk.sent_end(hit.start))
        ):
            return True
        lo = tk.sent_start(hit.start)
        for k in range(hit.start - 1, lo - 1, -1):
            if tk.norms[k] in CHILD_SAYS and not any(
                m.subject and not m.pronoun and k < m.start <= k + 3 for m in people.mentions
            ):  # (not "My son says Harry's been ...": the child told about is not the teller)
                probe = dataclasses.replace(hit, start=k)
                if (
                    k == lo
                    or tk.norms[k - 1] in (".", ";", ":")
                    or self._told_by_child(tk, probe, people)
                    or self._clause_teller_is_child(tk, k, people)
                ):
                    return True  # "Says her partner is 21": the note's subject is the teller
        hi = tk.sent_end(hit.start)
        for k in range(hit.end, hi):
            # "father of the baby is Lee who Kayleigh says is 29", "her boyfriend (she says 18)":
            # the child, right before a saying verb, gives the partner's adult age after it.
            if tk.norms[k] in CHILD_SAYS and k > lo and self._teller_before(tk, k, people):
                for j in range(k + 1, min(k + 6, hi)):
                    text = tk.texts[j]
                    if (
                        (text.isdigit() and 18 <= int(text) <= 90)
                        or tk.norms[j] in ADULT_AGE_WORDS
                        or tk.lowers[j].startswith(ADULT_AGE_PREFIXES)
                    ):
                        return True
        return False

    @staticmethod
    def _teller_before(tk: Tokens, k: int, people: People) -> bool:
        """Whether the word right before the saying verb at k is the child (her name, "YP", or
        "she"/"he" for her)."""
        i = k - 1
        if tk.norms[i] in ("yp",):
            return True
        if tk.norms[i] in ("she", "he"):
            return people.refers_to_subject(tk, i) is True
        return any(m.subject and not m.pronoun and m.start <= i < m.end for m in people.mentions)

    @staticmethod
    def _clause_teller_is_child(tk: Tokens, k: int, people: People) -> bool:
        """Whether the teller of the saying verb at k, left unsaid, is the child: the verb's
        sentence opens with the child ("Ruby 15, treated for chlamydia, says ...") or with no
        one at all ("Wouldn't give a name but said he's 'twenty-something'"). Anyone else
        named first, a role ("mum", "nurse", "police") or "I"/"we" makes it theirs."""
        norms = tk.norms
        subject_at = {
            i for m in people.mentions if m.subject and not m.pronoun for i in range(m.start, m.end)
        }
        others = {i for m in people.mentions if not m.subject for i in range(m.start, m.end)}
        for i in range(k - 1, tk.sent_start(k) - 1, -1):
            if i in subject_at or norms[i] in ("yp", "pt", "patient", "client"):
                return True
            if i in others or norms[i] in TELLER_ROLES:
                return False
            if norms[i] in ("she", "he"):
                return people.refers_to_subject(tk, i) is True
        return True

    @staticmethod
    def _whose(norms: list[str], mod: Modifier) -> bool:
        """A relative or friend named only to say whose friend someone is ("a friend of my
        brother's", "a mate of her cousin"): the phrase ends in "of", or "of" comes before it."""
        if norms[mod.end - 1] == "of":
            return True
        k = mod.start - 1
        while k > mod.sent_start and norms[k] in DETERMINERS:
            k -= 1
        return k >= mod.sent_start and norms[k] == "of"

    @staticmethod
    def _states_adult_age(tk: Tokens, hit: Hit) -> bool:
        """Whether an adult's description gives an adult's age ("22", "in his twenties",
        "twenty-something"), not only "older" or "own flat"."""
        for k in range(hit.start, hit.end):
            text = tk.texts[k]
            if text.isdigit():
                if 18 <= int(text) <= 90:
                    return True
            elif tk.norms[k] in ADULT_AGE_WORDS or tk.lowers[k].startswith(ADULT_AGE_PREFIXES):
                return True
        return False

    @staticmethod
    def _adult_for_child(tk: Tokens, hit: Hit, people: People) -> bool:
        """An adult's age that is not the child's own and is at least three years above it."""
        if any(
            m.subject
            and not m.pronoun
            and 0 <= hit.start - m.end <= 3
            and all(tk.norms[k] in OWN_AGE_FILLERS for k in range(m.end, hit.start))
            for m in people.mentions
        ):
            return False  # "Ben (19, care leaver)": the child's own age (not "Kirsty says he")
        k = hit.start
        while k > 0 and tk.norms[k] in ("(", ",", "-", "is", "aged"):
            k -= 1
        name = tk.lowers[k]
        if name[:1].isalpha() and tk.texts[k][:1].isupper():
            # "Jordan (18). Jordan's younger brother Kai (15)": a sibling's age.
            lowers, norms = tk.lowers, tk.norms
            for j in range(len(tk) - 3):
                if lowers[j] == name and norms[j + 1] in ("'s", "s"):
                    r = j + 2
                    while r < len(tk) and norms[r] in SIBLING_LEAD:
                        r += 1
                    if (
                        r + 1 < len(tk)
                        and norms[r] in ("brother", "sister")
                        and any(m.subject and r < m.start <= r + 2 for m in people.mentions)
                    ):
                        return False
        ages = _ages(tk, hit.start, hit.end)
        age = people.facts.age
        return not (ages and age is not None and max(ages) - age < 3)

    def _told_by_child(self, tk: Tokens, hit: Hit, people: People) -> bool:
        """Whether the teller of a telling is the child: "she told me this", "Amber, 15, told
        me this", "YP disclosed".  (A telling by someone else is theirs.)"""
        norms = tk.norms
        k = hit.start
        if norms[k] in ("she", "he", "yp", "they"):
            return norms[k] in ("yp", "they") or people.refers_to_subject(tk, k) is True
        lo = tk.sent_start(k)
        i = k - 1
        while i >= max(lo, k - 7):
            if norms[i] == ")":
                # "Nathan (LAC) said": the aside is not the teller.
                j = i - 1
                while j > lo and j > i - 6 and norms[j] not in ("(", ")"):
                    j -= 1
                if norms[j] == "(":
                    i = j - 1
                    continue
            if any(m.subject and not m.pronoun and m.start <= i < m.end for m in people.mentions):
                return True
            if norms[i] in ("she", "he"):
                return people.refers_to_subject(tk, i) is True
            if norms[i] in ("yp", "child", "pt", "client"):
                return True
            if (norms[i] in CHILD_NOUNS or norms[i - 1 : i + 1] == ["young", "person"]) and all(
                tk.nums[j] or norms[j] in CHILD_NOUN_LEAD or SCHOOL_YEAR.fullmatch(norms[j])
                for j in range(lo, i)
            ):
                return True  # "Lad told youth worker ...", "Y11 girl said to her PE teacher"
            if not (
                tk.nums[i]
                or norms[i] in TELL_FILLERS
                or SCHOOL_YEAR.fullmatch(norms[i])
                or ENTRY_MARK.fullmatch(norms[i])
            ):
                if any(norms[j] in COORDINATORS for j in range(i, k)):
                    # "Kai 16 flagged down a patrol ..., said ...", "was detained for
                    # shoplifting and told officers ...": the verb shares its clause's teller.
                    return self._clause_teller_is_child(tk, k, people)
                return False
            i -= 1
        if k - lo <= 7 and norms[k] in ENTRY_TELLING:
            # A minute or chronology entry that opens with the telling ("Told the panel ...",
            # "03/04/26 - tells YOT worker ..."): the teller left unsaid is the child.
            return True
        if norms[hit.start] in ("text", "message", "note", "letter", "snap", "post", "email"):
            # "a text from her son Dylan": the teller comes after.
            return any(
                m.subject and not m.pronoun and hit.end <= m.start <= hit.end + 3
                for m in people.mentions
            )
        return False

    # --- PEERS and time ------------------------------------------------------------------------

    @staticmethod
    def _adults_in_sentence(tk: Tokens, hit: Hit) -> bool:
        """Whether the place's sentence or a neighbour names adults or an exploiting group ("a
        hotel with adult men", "a flat where older lads give them weed", "a trap house")."""
        lo = tk.sents[max(0, hit.sentence - 1)][0]
        hi = tk.sents[min(len(tk.sents) - 1, hit.sentence + 1)][1]
        return any(
            tk.norms[k] in EXPLOITING_WORDS or tk.norms[k] in ADULT_AGE_WORDS or tk.nums[k]
            for k in range(lo, hi)
        )

    @staticmethod
    def _relatives_friend(norms: list[str], mod: Modifier) -> bool:
        """A friend who only says whose the one involved is, or who is a relative's friend:
        "her friend's older sister is involved with a CSE group", "his older brother's friends
        are all in a gang" (not the child's peers)."""
        after = norms[mod.end : mod.end + 3]
        if after[:1] in (["'s"], ["s"]) and any(w in KIN for w in after[1:]):
            return True
        return (
            mod.start >= 2 and norms[mod.start - 1] in ("'s", "s") and norms[mod.start - 2] in KIN
        )

    def _peers(
        self, tk: Tokens, hits: list[Hit], modifiers: list[Modifier], people: People
    ) -> list[Hit]:
        """A friend's exploitation is PEERS for the subject (guide 3.11)."""
        derived: list[Hit] = []
        for hit in hits:
            if hit.code not in self.rules.peer_codes:
                continue
            peers = [
                m
                for m in hit.modifiers
                if m.category == FAMILY
                and m.rule.experiencer == "peer"
                # A friend who only tells ("her friend Callum told staff that ...") is not
                # involved in what they tell.
                and not (m.end <= hit.start and m.scope_end <= hit.start + 1)
                and not self._relatives_friend(tk.norms, m)
            ] + hit.shared
            if not peers:
                continue
            if hit.code in self.rules.place_codes and not self._adults_in_sentence(tk, hit):
                continue  # "her friend went missing and was found at a hotel": no one exploits
            trigger = peers[0]
            start, end = min(trigger.start, hit.start), max(trigger.end, hit.end)
            peer_hit = Hit(
                code="PEERS",
                rule=TargetRule("PEERS", f"friend + {hit.code}", ()),
                start=start,
                end=end,
                start_char=tk.starts[start],
                end_char=tk.ends[end - 1],
                sentence=hit.sentence,
                anchor=trigger.start,
                derived_from=hit.code,
            )
            # What modifies the friend ("could get pulled into the group of boys who ...") and
            # what modifies their exploitation ("who might be ...") both count.
            self._attach(tk, peer_hit, modifiers, people)
            for mod in hit.modifiers:
                if mod.category != FAMILY and mod not in peer_hit.modifiers:
                    peer_hit.modifiers.append(mod)
            peer_hit.modifiers = [m for m in peer_hit.modifiers if m.category != FAMILY]
            derived.append(peer_hit)
        return derived

    def _date(
        self,
        tk: Tokens,
        hits: list[Hit],
        today: dt.date,
        subject: SubjectFacts,
    ) -> None:
        sents = tk.sents
        expressions = self.time.find(tk.text, today, subject)
        if not expressions:
            return
        spans: list[tuple[int, int, TimeExpression]] = []
        for expression in expressions:
            covered = tk.char_to_tokens(expression.start, expression.end)
            if covered is not None:
                spans.append((covered[0], covered[1], expression))
        # A time expression inside an undated phrase dates nothing ("left school years ago").
        undated = [(h.start, h.end) for h in hits if h.rule.undated or h.code == "_ADULT"]
        spans = [sp for sp in spans if not any(a <= sp[0] and sp[1] <= b for a, b in undated)]
        breaks = [
            i
            for i, w in enumerate(tk.norms)
            if w in self.rules.time_terminators
            and not (
                w == "now" and i + 1 < len(tk) and (tk.nums[i + 1] or tk.norms[i + 1] == "aged")
            )
        ]  # ("in 2021 Amber (now 16) told a teacher": "now" gives her age, not a time)
        rank = {"current": 0, "6_to_12_months": 1, "older": 2}
        for hit in hits:
            if hit.rule.undated:
                continue
            status = hit.code in self.rules.status_codes
            left_only = hit.code in self.rules.date_from_left
            s, e = sents[hit.sentence]
            candidates: list[tuple[int, int, int, TimeExpression]] = []
            for start, end, expression in spans:
                if start < s or end > e:
                    continue
                if status and (start > hit.end + STATUS_REACH or end < hit.start - STATUS_REACH):
                    continue  # "Residential Home Manager: Kim came off the SEN register in Y7"
                if status and expression.duration:
                    continue  # "in care for years": still in care
                reach = hit.end + 3 if hit.code == "_TOLD" else min(hit.anchor, hit.start + 4)
                if left_only and (
                    start >= reach  # ("told a teacher in Y6 that ...": the telling's date)
                    or any(tk.norms[k] in TOLD_CONTENT for k in range(hit.start, start))
                ):
                    # A disclosure is dated by the telling ("last week she disclosed", "disclosed
                    # in 2021"), not by what is told ("told her tutor today that when she was 9").
                    continue
                if end <= hit.anchor:
                    lo, hi, distance = end, hit.anchor, hit.anchor - end
                elif start >= hit.end:
                    lo, hi, distance = hit.end, start, start - hit.end
                else:
                    lo, hi, distance = start, start, 0
                if any(lo <= b < hi for b in breaks):
                    continue
                candidates.append((distance, start, end, expression))
            if not candidates and s > 0 and tk.texts[s - 1] == ";":
                head = self._line_date(tk, hit.sentence, spans)
                if head is not None and not any(
                    head[1] <= b < hit.start and tk.texts[b] != ";" for b in breaks
                ):
                    candidates.append((0, *head))
            if not candidates:
                continue
            candidates.sort(key=lambda c: c[0])
            _, b_start, b_end, best = candidates[0]
            # Expressions next to the nearest one date the same thing ("in Y8, two years ago"):
            # the oldest wins.
            for _, start, end, expression in candidates[1:]:
                if (abs(start - b_end) <= 3 or abs(b_start - end) <= 3) and rank[
                    expression.period
                ] > rank[best.period]:
                    best = expression
            if "from" in tk.norms[max(s, b_start - 4) : b_start]:
                # A change "from 95% last year to 62% this term": the later figure's time.
                later = [
                    c[3]
                    for c in candidates
                    if b_end <= c[1] <= b_end + 8 and "to" in tk.norms[b_end : c[1]]
                ]
                if later:
                    best = later[0]
                elif "to" in tk.norms[b_end : hit.end]:
                    continue  # "dropped from 95% last year to 62%": 62% now
            if status and best.period != "current" and STILL & set(tk.norms[b_end:e]):
                continue  # "diagnosed with a learning disability in primary and still gets support"
            hit.period = best.period
            hit.time_text = best.text
