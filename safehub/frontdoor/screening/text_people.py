"""Who a note is about: the subject's name, age, school year and sex, other people's names, and
whom a pronoun most likely refers to.

No parser is used. The subject is the first name followed by an age ("Kayla (14)", "Jade 15",
"Rhys, Y8"), else the first name after "re", "son", "daughter", ..., else the first name. A
name is a capitalised word in safehub's given-name lists (safehub/people/data). Other names are
other people: a friend's name ("her friend Shanice") is a peer. A pronoun ("she", "him") refers
to someone else when its sex differs from the subject's, or when the nearest earlier name of
that sex, in the same or the previous sentence, is not the subject's.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from safehub.frontdoor.screening.text_time import SubjectFacts
from safehub.frontdoor.screening.text_tokens import Tokens

NAMES_DIR = Path(__file__).resolve().parents[2] / "people" / "data"
FEMALE = frozenset({"she", "her", "herself", "hers"})
MALE = frozenset({"he", "him", "his", "himself"})
SUBJECT_CUES = frozenset(
    {
        "re",
        "about",
        "son",
        "daughter",
        "lad",
        "girl",
        "boy",
        "grandson",
        "granddaughter",
        "niece",
        "nephew",
        "called",
        "named",
        "pupil",
        "child",
        "for",
        "concern",
        "stepdaughter",
        "stepson",
    }
)
FEMALE_WORDS = frozenset(
    {"daughter", "girl", "niece", "granddaughter", "stepdaughter", "female", "f"}
)
MALE_WORDS = frozenset({"son", "boy", "lad", "nephew", "grandson", "stepson", "male"})
PEER_CUES = frozenset(
    {
        "friend",
        "friends",
        "mate",
        "mates",
        "bestie",
        "pal",
        "classmate",
        "hanging",
        "hangs",
        "spending",
        "spends",
        "girl",
        "boy",
    }
)
# A friend of these is an adult's friend, not the child's peer ("Mummy's friend Gary", "her
# dad's mate Steve").
ELDER_OWNERS = frozenset(
    {"mum", "dad", "parent", "parents", "stepdad", "stepmum", "nan", "grandad", "carer", "carers"}
)
# A name right after these is the child's company ("with Chantelle", "in the company of Rio").
COMPANY_CUES = frozenset({"with", "company", "alongside"})
DECADES = frozenset({"20s", "30s", "40s", "50s", "twenties", "thirties", "forties", "fifties"})
# A name right after these is someone else's ("her friend Jade"), not the child's.
OTHER_CUES = PEER_CUES | frozenset(
    {"sister", "brother", "cousin", "mum", "dad", "boyfriend", "girlfriend", "partner", "uncle"}
)
ADULT_WORDS = frozenset(
    {
        "man",
        "men",
        "male",
        "guy",
        "bloke",
        "adult",
        "woman",
        "boyfriend",
        "girlfriend",
        "partner",
        "fella",
        "driver",
        "someone",
        "somebody",
        "person",
        "lad",
        "older",
        "friend",
        "mate",
    }
)
FIRST_PERSON = frozenset({"i", "me", "my", "myself", "mine", "im", "us", "we", "our"})
QUOTE_MARKS = frozenset({"'", '"', "\u2018", "\u2019", "\u201c", "\u201d"})
SAYING = frozenset(
    {
        "said",
        "says",
        "say",
        "saying",
        "told",
        "tells",
        "telling",
        "wrote",
        "writes",
        "written",
        "texted",
        "messaged",
        "asked",
        "admitted",
        "disclosed",
        "explained",
        "replied",
        "shouted",
        "whispered",
        "cried",
        "to",
        "stated",
        "states",
    }
)
# Between the child's name and the saying verb: "Rosie 15 to her coach", "Liam (16) told".
VOICE_FILLERS = frozenset(
    {",", "(", ")", "-", "has", "had", "then", "also", "later", "just", "quietly", "'s", "s"}
)
NAMING_CUES = frozenset(
    {
        "partner",
        "boyfriend",
        "girlfriend",
        "called",
        "named",
        "friend",
        "mate",
        "brother",
        "sister",
        "cousin",
        "uncle",
        "stepdad",
        "fella",
        "ex",
    }
)
SECOND_PERSON = frozenset({"you", "your", "yourself", "ya"})
SENDING = frozenset({"sent", "sends", "sending", "texted", "messaged", "texts", "messages"})
SCHOOL_YEAR = re.compile(r"y(?:ear)?\d{1,2}")
# What the child may have written: a message word, then "from" and the child, or "her ... :".
MESSAGE_WORDS = frozenset(
    {"words", "message", "messages", "note", "text", "texts", "post", "diary", "letter", "email"}
)
# Someone other than the child who may be the teller of a saying verb ("mum", "nurse", "I").
TELLER_ROLES = frozenset(
    {
        "i",
        "we",
        "they",
        "mum",
        "dad",
        "mam",
        "nan",
        "mother",
        "father",
        "parent",
        "parents",
        "carer",
        "carers",
        "aunt",
        "auntie",
        "aunty",
        "uncle",
        "grandma",
        "grandad",
        "sister",
        "brother",
        "cousin",
        "friend",
        "friends",
        "mate",
        "mates",
        "boyfriend",
        "girlfriend",
        "partner",
        "nurse",
        "staff",
        "police",
        "officer",
        "officers",
        "pc",
        "gp",
        "doctor",
        "worker",
        "caller",
        "neighbour",
        "school",
        "teacher",
        "tutor",
        "sw",
        "dsl",
        "manager",
        "driver",
        "man",
        "men",
        "woman",
        "male",
        "female",
        "security",
        "pharmacist",
        "midwife",
        "receptionist",
        "source",
        "informant",
        # relatives' roles written capitalised ("Gran says Shannon's phone ..."): not names
        "gran",
        "granny",
        "grannie",
        "nana",
        "nanna",
        "grandmother",
        "grandfather",
        "grandpa",
        "stepdad",
        "stepmum",
        "stepmother",
        "stepfather",
        "mummy",
        "daddy",
        "guardian",
        "neighbours",
    }
)
# After a number, these say it is not an age: "14 wks", "Room 12 floor".
UNIT_WORDS = frozenset(
    {
        "weeks",
        "wks",
        "week",
        "days",
        "day",
        "hours",
        "hrs",
        "mins",
        "minutes",
        "miles",
        "times",
        "%",
        "pm",
        "am",
        "/",
        "x",
        "pounds",
        "quid",
        "floor",
        "th",
        "st",
        "nd",
        "rd",
        ":",
        ".",
    }
)
# Saying verbs right after an unlisted name make it a person's name ("Tyreke told staff").
NAME_SAYS = frozenset(
    {
        "says",
        "said",
        "told",
        "tells",
        "reports",
        "reported",
        "disclosed",
        "admitted",
        "admits",
        "texted",
        "wrote",
        "explained",
        "states",
        "stated",
        "denies",
        "denied",
    }
)
CALENDAR_WORDS = frozenset(
    {
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
        "jan",
        "feb",
        "mar",
        "apr",
        "jun",
        "jul",
        "aug",
        "sep",
        "sept",
        "oct",
        "nov",
        "dec",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
        "sunday",
        "mon",
        "tue",
        "tues",
        "wed",
        "thu",
        "thurs",
        "fri",
        "sat",
        "sun",
        "year",
        "years",
        "age",
        "aged",
        "ward",
        "bed",
        "room",
        "flat",
        "unit",
        "number",
        "block",
        "route",
        "bus",
        "platform",
        "gate",
        "door",
        "class",
        "form",
        "group",
        "team",
        "under",
        "over",
        "page",
        "section",
        "level",
        "stage",
        "junction",
        "apartment",
        "house",
        "about",
        "approx",
        "around",
        "only",
        "just",
        "since",
        "from",
        "until",
        "till",
        "for",
        "by",
        "and",
        "the",
        "on",
        "at",
        "in",
        "is",
        "was",
        "christmas",
        "easter",
        "summer",
        "winter",
        "spring",
        "autumn",
        "term",
        "police",
        "staff",
        "he",
        "she",
        "they",
        "we",
        "it",
        "this",
        "that",
        "there",
        "then",
        "also",
        "later",
        "nobody",
        "someone",
        "everyone",
        "who",
        "what",
    }
)
# Ages in words ("Our Chantelle's fourteen") and what follows an age that is not the child's.
AGE_WORDS = frozenset(
    {"ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen"}
)
AGE_NOUN_WORDS = frozenset({"year", "years", "yr", "yrs", "year_old", "yo", "-", "month", "months"})
SHORT_AGE = re.compile(r"(\d{1,2})(?:m|f|y|yr|yrs)")
LABELS = frozenset({"subject", "subj", "name", "child", "yp", "cyp", "misper", "re", "client"})
CARER_WORDS = frozenset(
    {
        "mum",
        "dad",
        "mam",
        "nan",
        "nana",
        "grandad",
        "grandma",
        "grandmother",
        "carer",
        "carers",
        "stepmum",
        "stepdad",
        "aunt",
        "aunty",
        "auntie",
        "parent",
        "parents",
        "mother",
        "father",
        "teacher",
        "tutor",
        "sw",
        "worker",
    }
)
# Verbs that report what someone said or thinks: a name after them is who it is about.
REPORTING = SAYING | frozenset(
    {"reports", "reported", "states", "stated", "thinks", "feels", "worried", "worries", "rang"}
    | {"mentioned", "mentions", "added", "adds", "confirmed", "confirms", "believes", "reckons"}
    | {"claims", "claimed", "alleges", "alleged", "insists", "insisted", "explains", "knows"}
)
OBJECT_VERBS = frozenset({"told", "tells", "tell", "asked", "asks", "ask", "informed", "showed"})
PLACE_WORDS = frozenset(
    {"Road", "Street", "St", "Terrace", "Lane", "Park", "Avenue", "Close", "Way"}
)
CLAUSE_OPENERS = frozenset(
    {
        "and",
        "but",
        ",",
        "so",
        "then",
        "says",
        "said",
        "saying",
        "that",
        "told",
        "tells",
        "thinks",
        # A pronoun after a colon, dash, bracket or opening quote starts a clause too:
        # "Mum on the phone: 'She's got two phones'", "Nan rang - he's been withdrawn".
        ":",
        "-",
        "\u2013",
        "\u2014",
        "(",
        "'",
        '"',
        "\u2018",
        "\u201c",
    }
)


def _adult_age_before(tk: Tokens, start: int) -> bool:
    """An adult's age just before a name: "a 20 year old called Kieran"."""
    for k in range(start - 1, max(tk.sent_start(start), start - 5) - 1, -1):
        if tk.texts[k].isdigit():
            return 18 <= int(tk.texts[k]) <= 90
    return False


def load_names(extra: Iterable[str]) -> dict[str, frozenset[str]]:
    """Given names (lower case) with the sexes they are recorded for ("F", "M")."""
    sexes: dict[str, set[str]] = {}
    path = NAMES_DIR / "given_names.csv"
    if path.exists():
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                name = row["name"].strip().lower()
                if name:
                    sexes.setdefault(name, set()).add(row.get("sex", "").strip().upper())
    path = NAMES_DIR / "uk_nicknames.csv"
    if path.exists():
        with path.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                nickname, formal = row["nickname"].strip().lower(), row["formal"].strip().lower()
                sexes.setdefault(nickname, set()).update(sexes.get(formal, set()))
    for name in extra:
        sexes.setdefault(name.lower(), set())
    return {name: frozenset(s for s in found if s in ("F", "M")) for name, found in sexes.items()}


@dataclass(frozen=True)
class Mention:
    start: int
    end: int
    subject: bool
    peer: bool = False
    sex: str | None = None
    pronoun: bool = False


@dataclass
class People:
    mentions: list[Mention] = field(default_factory=list)
    subject_words: frozenset[str] = frozenset()
    sex: str | None = None
    facts: SubjectFacts = field(default_factory=SubjectFacts)
    # First-person words in the child's own quoted words ("'he gives me weed' - Tamsin, 15").
    child_voice: frozenset[int] = frozenset()
    # The words of quoted messages someone else sent the child ("messages on her phone from
    # 'Uncle T': 'i got u them creps'"): "you" there is the child, "I" the sender.
    to_child: frozenset[int] = frozenset()

    def refers_to_subject(self, tk: Tokens, i: int, by_sex_only: bool = False) -> bool | None:
        """Whether the pronoun at token i is the subject (None: not a he/she pronoun)."""
        norm = tk.norms[i]
        if norm in FIRST_PERSON:
            return True if i in self.child_voice else None
        if norm in SECOND_PERSON:
            return True if i in self.to_child else None
        sex = "F" if norm in FEMALE else "M" if norm in MALE else None
        if sex is None:
            return None
        if self.sex is not None and sex != self.sex:
            return False
        if by_sex_only:
            return True
        sentence = tk.sent_of[i]
        for mention in reversed(self.mentions):
            if mention.start >= i or mention.pronoun:
                continue
            if tk.sent_of[mention.start] < sentence - 1:
                break
            if mention.sex == sex:
                if (
                    tk.sent_of[mention.start] == sentence - 1
                    and norm in ("she", "he")
                    and i - tk.sent_start(i) <= 3
                ):
                    # A sentence opening with "She"/"He" continues the previous sentence's
                    # subject, its first person of that sex, not the last one named ("Keeley
                    # says Aisha knows some men. She got really drunk": Keeley).
                    return self._first_of_sex(tk, sentence - 1, sex, mention.subject)
                return mention.subject
        return True

    def _first_of_sex(self, tk: Tokens, sentence: int, sex: str, default: bool) -> bool:
        for mention in self.mentions:
            if mention.pronoun or tk.sent_of[mention.start] != sentence:
                continue
            if mention.sex == sex:
                return mention.subject
        return default


class PeopleReader:
    def __init__(
        self,
        names: dict[str, frozenset[str]],
        not_names: frozenset[str],
        common_words: frozenset[str] = frozenset(),
    ) -> None:
        self.names = names
        self.not_names = not_names
        # Words that are never taken for an unlisted name: the rules' own words, roles, months.
        self.common_words = (
            common_words | not_names | TELLER_ROLES | CARER_WORDS | LABELS | CALENDAR_WORDS
        )

    def _unlisted_name(self, tk: Tokens, i: int) -> bool:
        """A capitalised word missing from the name lists that is used as a child's name: right
        before a child's age ("Kenya 14", "Nyla 15 -") or before a saying verb ("Tyreke told
        staff"). Not a common word, a role, a month or shorthand."""
        text = tk.texts[i]
        if not (text[:1].isupper() and text.isalpha() and len(text) > 1) or text.isupper():
            return False
        lower = tk.lowers[i]
        if lower in self.names or lower in self.common_words:
            return False
        nxt = i + 1
        if nxt >= len(tk):
            return False
        if tk.texts[nxt].isdigit():
            after = tk.norms[nxt + 1] if nxt + 1 < len(tk) else ""
            return 10 <= int(tk.texts[nxt]) <= 19 and after not in UNIT_WORDS
        return tk.norms[nxt] in NAME_SAYS

    def _sex_of(self, words: Iterable[str]) -> str | None:
        for word in words:
            sexes = self.names.get(word, frozenset())
            if len(sexes) == 1:
                return next(iter(sexes))
        return None

    def _is_name(self, tk: Tokens, i: int, confirmed: set[str]) -> bool:
        text = tk.texts[i]
        lower = tk.lowers[i]
        if not text[:1].isupper() or not text.isalpha():
            return False
        if lower not in self.names:
            # A name missing from the lists, shown to be one by an age or a label next to it:
            # "Destiny-Rae (15)", "Subject: Kaiden".
            return lower in confirmed and not (text.isupper() and len(text) > 1)
        if text.isupper() and len(text) > 1:
            return False  # shorthand (CSE, YP), not a name
        if i + 1 < len(tk) and tk.texts[i + 1] in PLACE_WORDS:
            return False
        if lower in self.not_names and lower not in confirmed:
            return i + 2 < len(tk) and tk.texts[i + 1] in ("(", ",") and tk.texts[i + 2].isdigit()
        # (Not a role written capitalised before a saying verb: "Nana says Tayla's phone ...".)
        return not (
            (lower in CARER_WORDS or lower in TELLER_ROLES)
            and lower not in confirmed
            and i + 1 < len(tk)
            and tk.norms[i + 1] in NAME_SAYS
        )

    def read(self, tk: Tokens) -> People:
        n = len(tk)
        texts, norms, lowers = tk.texts, tk.norms, tk.lowers
        # (Not a number with a unit: "in Kelmsford, 45 miles away".)
        # (Each test below needs a capitalised word, a number, a colon or a hyphen at a known
        # place: only those places are visited.)
        caps = [k for k, w in enumerate(texts) if w[:1].isupper()]
        marks = [k for k, w in enumerate(texts) if w in (":", "-") or w[:1].isdigit()]
        confirmed = {
            lowers[j - 2]
            for j in marks
            if j >= 2
            and texts[j].isdigit()
            and texts[j - 1] in ("(", ",")
            and (j + 1 >= n or norms[j + 1] in (".", ":") or norms[j + 1] not in UNIT_WORDS)
        }
        for j in marks:
            i = j - 1
            if (
                0 <= i < n - 2
                and texts[j] == ":"
                and norms[i] in LABELS
                and texts[i + 2][:1].isupper()
            ):
                confirmed.add(lowers[i + 2])  # "Subject: Kaiden", "Name: Olivia"
        for i in caps:
            if i < n - 1 and self._unlisted_name(tk, i):
                confirmed.add(lowers[i])  # "Kenya 14", "Tyreke told staff"
        for i in caps:
            # A capitalised word right after a role is a name even when not in the lists: "her
            # partner Steve", "a man called Dan", "boyfriend 'Kez'".
            if i < 1:
                continue
            k = i - 1 if texts[i - 1] not in QUOTE_MARKS else i - 2
            if (
                k >= 0
                and norms[k] in NAMING_CUES
                and texts[i].isalpha()
                and not tk.is_sent_start(i)
                and lowers[i] not in self.not_names
            ):
                confirmed.add(lowers[i])
        for j in marks:
            # "Destiny-Rae (15)": the first part of a hyphenated name before an age.
            i = j + 1
            if (
                2 <= i < n - 2
                and texts[j] == "-"
                and lowers[i] in confirmed
                and texts[i - 2][:1].isupper()
            ):
                confirmed.add(lowers[i - 2])
        spans: list[tuple[int, int]] = []
        taken = -1
        for i in caps:
            if i < taken or not self._is_name(tk, i, confirmed):
                continue
            j = i + 1
            while j + 1 < n and texts[j] == "-" and texts[j + 1][:1].isupper():
                j += 2
            spans.append((i, j))
            taken = j
        subject = self._choose_subject(tk, spans) if spans else None
        subject_words: frozenset[str] = frozenset()
        if subject is not None:
            subject_words = frozenset(
                lowers[k] for k in range(subject[0], subject[1]) if texts[k] != "-"
            )
        mentions: list[Mention] = []
        for start, end in spans:
            words = [lowers[k] for k in range(start, end) if texts[k] != "-"]
            is_subject = bool(set(words) & subject_words)
            before = set(norms[max(tk.sent_start(start), start - 4) : start])
            peer = (
                bool(before & PEER_CUES) and not is_subject and not self._elders_friend(tk, start)
            )
            if not peer and not is_subject and before & COMPANY_CUES:
                # "she was with Chantelle and Bree, who are both open to the CSE team", "in the
                # company of Callum (16)": the child's company (not a relative's or partner's).
                after = set(norms[end : end + 6])
                peer = not (
                    before & (OTHER_CUES - PEER_CUES)
                    or after & (ADULT_WORDS | DECADES)
                    or self._adult_age_after(tk, end)
                )
            if is_subject and start > 0 and norms[start - 1] in OBJECT_VERBS:
                continue  # "told Sophie she ...": the listener, not a change of subject
            mentions.append(Mention(start, end, is_subject, peer, self._sex_of(words)))
        # A "friend" with an adult's age is no peer: "a new 'friend' Mark, 26", "Bex (who she
        # says is 23)".
        adults = {lowers[m.start] for m in mentions if self._adult_age_after(tk, m.end)}
        peers = {lowers[m.start] for m in mentions if m.peer} - adults
        mentions = [
            Mention(m.start, m.end, m.subject, lowers[m.start] in peers, m.sex)
            if not m.subject
            else m
            for m in mentions
        ]
        if subject_words:
            covered = {k for s, e in spans for k in range(s, e)}
            for k in range(n):
                if lowers[k] in subject_words and k not in covered and texts[k].islower():
                    mentions.append(Mention(k, k + 1, True))
        sex = self._subject_sex(tk, subject, subject_words)
        for k in [k for k, norm in enumerate(norms) if norm in ("she", "he", "yp")]:
            if k == 0 or tk.is_sent_start(k) or norms[k - 1] in CLAUSE_OPENERS:
                mentions.append(Mention(k, k + 1, True, pronoun=True))
        voice = self._child_voice(tk, mentions)
        mentions.extend(Mention(k, k + 1, True, pronoun=True) for k in sorted(voice))
        mentions.sort(key=lambda m: m.start)
        people = People(
            mentions, subject_words, sex, self._facts(tk, subject), voice, self._to_child(tk, voice)
        )
        # Pronouns that refer to someone else do not end another person's scope.
        people.mentions = [
            m
            for m in mentions
            if not m.pronoun or norms[m.start] == "yp" or people.refers_to_subject(tk, m.start)
        ]
        return people

    @staticmethod
    def _elders_friend(tk: Tokens, start: int) -> bool:
        """The name follows "<parent>'s friend" or "<parent>'s mate": an adult's friend."""
        norms = tk.norms
        low = max(tk.sent_start(start), start - 4)
        for k in range(start - 1, low - 1, -1):
            if norms[k] in PEER_CUES:
                return k >= 2 and norms[k - 1] in ("'s", "s") and norms[k - 2] in ELDER_OWNERS
        return False

    @staticmethod
    def _role_aside_says(tk: Tokens, end: int) -> bool:
        """A name, then an aside naming a role, then a saying verb: "Cath, the school's
        family support worker, says", "Dave (stepdad) reported"."""
        norms, n = tk.norms, len(tk)
        if end >= n or norms[end] not in (",", "("):
            return False
        close = ")" if norms[end] == "(" else ","
        for k in range(end + 1, min(end + 10, n - 1)):
            if norms[k] == close:
                return norms[k + 1] in REPORTING and any(
                    norms[j] in TELLER_ROLES for j in range(end + 1, k)
                )
            if norms[k] in (".", ";"):
                return False
        return False

    @staticmethod
    def _adult_age_after(tk: Tokens, end: int) -> bool:
        """An age of 18 or more right after a name: "Mark, 26", "Bex (who she says is 23)"."""
        for k in range(end, min(end + 7, len(tk))):
            text = tk.texts[k]
            if text.isdigit():
                return 18 <= int(text) <= 90
            if tk.norms[k] in (".", ";", ":") or tk.is_sent_start(k):
                return False
        return False

    @staticmethod
    def _child_voice(tk: Tokens, mentions: list[Mention]) -> frozenset[int]:
        """First-person words inside a quotation that the note gives as the child's own words:
        "Maddie came to the office and said 'he touches me'", "'I owe them' - Liam 16 to his
        YOT worker", "YP's own words: '...'". The child is named (or "YP", or "she"/"he" for
        the child) right before a saying verb or colon, or right after the closing quote."""
        texts, norms = tk.texts, tk.norms
        n = len(tk)
        quotes = [i for i, t in enumerate(texts) if t in QUOTE_MARKS]
        if len(quotes) < 2:
            return frozenset()
        subject_at = {k for m in mentions if m.subject for k in range(m.start, m.end)}
        others_at = {k for m in mentions if not m.subject for k in range(m.start, m.end)}

        def skip_aside(k: int) -> int:
            """The token before a bracketed aside ending at k ("(mum found it)"), else k."""
            if k < 0 or norms[k] not in (")", "):"):
                return k
            j = k - 1
            while j >= 0 and norms[j] not in ("(", "'", '"') and norms[j] != ".":
                j -= 1
            return j - 1 if j >= 0 and norms[j] == "(" else k

        def subject_before(k: int) -> bool:
            while k >= 0 and (
                tk.nums[k] or norms[k] in VOICE_FILLERS or SCHOOL_YEAR.fullmatch(norms[k])
            ):
                k -= 1
            if k >= 0 and (k in subject_at or norms[k] in ("yp", "cyp")):
                return True
            # The saying verb's own subject, further back in its sentence: "Year 10 student
            # Maddie came to the office and said '...'" (not "Mum rang and said '...'").
            lo = tk.sent_start(max(k, 0))
            while k >= lo:
                if k in subject_at or norms[k] in ("yp", "cyp"):
                    return True
                if k in others_at or norms[k] in TELLER_ROLES or norms[k] in QUOTE_MARKS:
                    return False
                k -= 1
            # No one before the verb in its sentence ("Vague about the father - said only that
            # '...'"): the child, unless the sentence before opens with someone else ("Mum rang.").
            if lo == 0:
                return False
            plo = tk.sent_start(lo - 1)
            return not any(
                j in others_at or norms[j] in TELLER_ROLES or norms[j] in CARER_WORDS
                for j in range(plo, min(plo + 3, lo))
            ) and any(j in subject_at for j in range(plo, lo))

        def message_from_child(k: int) -> bool:
            """A message the child sent: "text from Keeley (Y10) to her head of year at 23:48:",
            "this text from her son Dylan 14, sent 1am:"."""
            lo = max(tk.sent_start(max(k, 0)), k - 12)
            for j in range(k, lo, -1):
                if norms[j] == "from" and norms[j - 1] in MESSAGE_WORDS:
                    return any(i in subject_at for i in range(j + 1, min(j + 5, k + 1)))
            return False

        voice: set[int] = set()
        i = 0
        while i + 1 < len(quotes):
            a, b = quotes[i], quotes[i + 1]
            inner = [k for k in range(a + 1, b) if norms[k] in FIRST_PERSON]
            if not inner:
                i += 1
                continue
            said = False
            k = a - 1
            if k >= 0 and norms[k] in (":", ",", "-"):
                k -= 1
            bare, k = k, skip_aside(k)
            if k >= 0 and norms[k] in SAYING:
                said = subject_before(k - 1)
            elif k >= 0 and norms[k] in MESSAGE_WORDS:
                said = any(
                    norms[j] in ("yp", "cyp", "child", "own") for j in range(max(0, k - 4), k)
                ) or (
                    # "Ella (Y10), her words: '...'"
                    k > 0
                    and norms[k - 1] in ("her", "his", "their")
                    and any(j in subject_at for j in range(max(0, k - 9), k - 1))
                )
            elif bare >= 0 and (bare in subject_at or norms[bare] in ("yp", "cyp")):
                # (Not across a bracket: "Mum on the phone about Tia (14): 'I can't cope'".)
                said = True  # "Rosie 15 to her netball coach: '...'" reads as "Rosie: '...'"
            if not said:
                j = b + 1
                while j < n and norms[j] in ("-", ",", ":", "said", "says", "\u2013", "\u2014"):
                    j += 1
                said = j < n and j in subject_at
            if not said:
                k = skip_aside(a - 1 if a and norms[a - 1] not in (":", ",", "-") else a - 2)
                if i >= 2 and quotes[i - 1] == k:
                    # Right after another quotation: one speech ("Rosie said that 'Mummy's
                    # friend Gary' 'gives me sweets'"): look before the first.
                    k = quotes[i - 2] - 1
                lo = max(0, k - 8)
                while k >= lo and norms[k] not in SAYING and norms[k] != ".":
                    k -= 1
                said = k >= 0 and norms[k] in SAYING and subject_before(k - 1)
            if not said:
                said = message_from_child(a - 1)
            if said:
                voice.update(inner)
            i += 2
        return frozenset(voice)

    @staticmethod
    def _to_child(tk: Tokens, voice: frozenset[int]) -> frozenset[int]:
        """The words of quotations that are messages to the child: in a sentence about messages
        or texts ("Messages on Leo's phone from 'Uncle T': '...', '...'"), a quotation with
        "you"/"your" in it and none of the child's own words."""
        texts, norms = tk.texts, tk.norms
        quotes = [i for i, t in enumerate(texts) if t in QUOTE_MARKS]
        found: set[int] = set()
        for a, b in zip(quotes[::2], quotes[1::2], strict=False):
            inner = range(a + 1, b)
            if tk.sent_of[a] != tk.sent_of[b] or not any(norms[k] in SECOND_PERSON for k in inner):
                continue
            if any(k in voice for k in inner):
                continue
            lo = tk.sent_start(a)
            if any(norms[k] in MESSAGE_WORDS or norms[k] in SENDING for k in range(lo, a)):
                found.update(inner)
        return frozenset(found)

    def _choose_subject(self, tk: Tokens, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
        texts, norms = tk.texts, tk.norms

        def age_after(end: int) -> bool:
            for k in range(end, min(end + 3, len(tk))):
                if (texts[k].isdigit() and 1 <= int(texts[k]) <= 19) or norms[k] in AGE_WORDS:
                    # "Chantelle's fourteen", "Paige was 11" (not "Jade's 19 year old
                    # boyfriend": someone else's age).
                    verb = k > end and norms[k - 1] in ("'s", "s", "was")
                    return not (verb and k + 1 < len(tk) and norms[k + 1] in AGE_NOUN_WORDS)
                if norms[k] in {"y6", "y7", "y8", "y9", "y10", "y11", "y12", "y13"}:
                    return True
                if texts[k] not in {"(", ",", "-", "aged", "age", "is", "who", "'s", "was"}:
                    return False
            return False

        for start, _ in spans:
            before = norms[max(0, start - 4) : start]
            if (
                (
                    (len(before) >= 2 and before[-2] in LABELS and before[-1] == ":")
                    # "Subject of concern: Charlie", "Subject for this record: Zainab"
                    or (
                        before[-1:] == [":"]
                        and {"subject", "subj"} & set(norms[max(0, start - 6) : start - 1])
                    )
                )
                or (
                    len(before) >= 3
                    and before[-1] in ("about", "for", "re", "concerns", "regarding")
                    and any(
                        w in ("note", "contact", "referral", "entry", "call", "this")
                        for w in before
                    )
                )
            ):
                name = tk.lowers[start]
                # "This entry relates to Cara": the first mention of that name is the subject's.
                return next(span for span in spans if tk.lowers[span[0]] == name)
        aged = [(start, end) for start, end in spans if age_after(end)]
        for start, end in aged:
            # "Maisie's new friend Kayleigh (17)": an aged friend or relative of someone named
            # before is not the child (when another aged name is, or that someone is named).
            before = norms[max(0, start - 3) : start]
            if (
                set(before) & OTHER_CUES
                and before[-1:] != ["of"]  # "older sister of Skye (14)": Skye is the child
                and any(s < start and not self._adult_age_after(tk, e) for s, e in spans)
            ):  # ("Sister rang (Kerry, 22). Says her brother Brandon 15 ...": Brandon)
                continue
            return (start, end)
        for start, end in spans:
            # "Mandy, Jordan-Lee's mum", "I'm Tia's mum", "Kai-Leigh's foster mum": the caller
            # is the child's carer, so the name before "'s mum" is the child.
            k = end + 1 if end < len(tk) and norms[end] in ("'s", "s") else -1
            while 0 < k < len(tk) and norms[k] in ("foster", "step", "kinship", "birth", "own"):
                k += 1
            if 0 < k < len(tk) and norms[k] in CARER_WORDS:
                name = tk.lowers[start]
                return next(span for span in spans if tk.lowers[span[0]] == name)
        for start, end in spans:
            # "Y10 girl (Tanisha)", "a girl, Summer, can't be more than 13"
            cue = start - 2 if start > 1 and norms[start - 1] in ("(", ",") else start - 1
            if cue >= 0 and norms[cue] in SUBJECT_CUES and cue == start - 2:
                return (start, end)  # "Y10 girl (Tanisha)"
            # ('Boy called "Ollie"')
            at = start - 1 if start > 1 and norms[start - 1] in QUOTE_MARKS else start
            if at > 0 and norms[at - 1] in SUBJECT_CUES:
                adult = at > 1 and norms[at - 2] in ADULT_WORDS
                if norms[at - 1] in ("called", "named") and (adult or _adult_age_before(tk, at)):
                    continue  # "a man called Dan", "a 20 year old called Kieran": the adult
                return (start, end)
        # "Jason (24) has been seeing Leah": a name with an adult age is not the child when
        # another name without one follows.
        young = [sp for sp in spans if not self._adult_age_after(tk, sp[1])]
        if young and len(young) < len(spans):
            spans = young
        # "Cath, the school's family support worker, says Harley ...": a named professional
        # or relative (a role in an aside) who tells is not the child.
        told = [sp for sp in spans if self._role_aside_says(tk, sp[1])]
        if told and len(told) < len(spans):
            spans = [sp for sp in spans if sp not in told]
        for start, end in spans:
            before = norms[max(0, start - 3) : start]
            # "Mum says Jack has ...", "Dad: Kieran ...": a reporting verb or a colon between
            # the carer and the name makes the name the one reported on, not the carer's.
            cut = [k for k, w in enumerate(before) if w in REPORTING or w == ":"]
            if cut:
                before = before[cut[-1] + 1 :]
            if not set(before) & OTHER_CUES:
                return (start, end)
        return aged[0] if aged else None

    def _subject_sex(
        self, tk: Tokens, subject: tuple[int, int] | None, words: frozenset[str]
    ) -> str | None:
        """The child's sex: from words next to the first mention ("a 15 yr old girl (gave name
        as Shay)", "my son Reece"), else the name, else the pronouns."""
        norms = tk.norms
        if subject is not None:
            near = norms[max(0, subject[0] - 8) : subject[1] + 4]
            female = any(w in FEMALE_WORDS for w in near)
            male = any(w in MALE_WORDS for w in near)
            if female != male:
                return "F" if female else "M"
            sex = self._sex_of(sorted(words))
            counts = Counter(norms)
            she = counts["she"] + counts["her"] + counts["herself"]
            he = counts["he"] + counts["him"] + counts["his"] + counts["himself"]
            # A name recorded for one sex can be the other's (Kenzie, Kai-Leigh): pronouns that
            # are all of the other sex win.
            if sex == "M" and she >= 2 and not he:
                return "F"
            if sex == "F" and he >= 2 and not she:
                return "M"
            if sex is not None:
                return sex
        counts = Counter(norms)
        female_words = sum(counts[w] for w in FEMALE_WORDS)
        male_words = sum(counts[w] for w in MALE_WORDS)
        if female_words and not male_words:
            return "F"
        if male_words and not female_words:
            return "M"
        she = counts["she"] + counts["her"] + counts["herself"]
        he = counts["he"] + counts["him"] + counts["his"] + counts["himself"]
        if she >= 2 * he + 1 and she >= 2:
            return "F"
        if he >= 2 * she + 1 and he >= 2:
            return "M"
        return None

    @staticmethod
    def _facts(tk: Tokens, subject: tuple[int, int] | None) -> SubjectFacts:
        texts, norms, lowers = tk.texts, tk.norms, tk.lowers
        n = len(tk)
        age: int | None = None
        if subject is not None:
            for k in range(subject[1], min(subject[1] + 3, n)):
                if texts[k].isdigit() and 1 <= int(texts[k]) <= 19:
                    age = int(texts[k])
                    break
                if texts[k] not in {"(", ",", "-", "aged", "is"}:
                    break
        if age is None:
            # (every test below needs a token that starts with a digit)
            for k in [k for k, w in enumerate(texts) if w[:1].isdigit() and k < n - 1]:
                nxt = norms[k + 1]
                if (
                    texts[k].isdigit()
                    and 1 <= int(texts[k]) <= 19
                    and (
                        nxt == "year_old"
                        or (nxt in {"year", "years"} and "old" in lowers[k + 1 : k + 4])
                    )
                ):
                    age = int(texts[k])
                    break
                if lowers[k].endswith("yo") and lowers[k][:-2].isdigit():
                    age = int(lowers[k][:-2])
                    break
                short = SHORT_AGE.fullmatch(lowers[k])
                if short and 1 <= int(short.group(1)) <= 19:
                    age = int(short.group(1))  # "17M", "15F", "14y" in health notes
                    break
        year: int | None = None
        near: set[int] = set()
        if subject is not None:
            near = set(range(max(0, subject[0] - 3), subject[1] + 4))
        for k in [k for k, norm in enumerate(norms) if norm[:1] == "y"]:
            norm = norms[k]
            prev = norms[k - 1] if k > 0 else ""
            if prev in {"in", "from", "since", "during", "until", "of", "to"}:
                continue
            if age is not None and k not in near:
                continue  # "Year 11 boys": someone else's year; the age says the child's
            if norm.startswith("y") and norm[1:].isdigit() and 1 <= int(norm[1:]) <= 13:
                year = int(norm[1:])
                break
            if norm == "year" and k + 1 < n and texts[k + 1].isdigit():
                value = int(texts[k + 1])
                if 1 <= value <= 13:
                    year = value
                    break
        return SubjectFacts(age=age, school_year=year)
