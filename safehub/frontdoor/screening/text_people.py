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
FEMALE_WORDS = frozenset({"daughter", "girl", "niece", "granddaughter", "stepdaughter", "female"})
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
OBJECT_VERBS = frozenset({"told", "tells", "tell", "asked", "asks", "ask", "informed", "showed"})
PLACE_WORDS = frozenset(
    {"Road", "Street", "St", "Terrace", "Lane", "Park", "Avenue", "Close", "Way"}
)
CLAUSE_OPENERS = frozenset(
    {"and", "but", ",", "so", "then", "says", "said", "saying", "that", "told", "tells", "thinks"}
)


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

    def refers_to_subject(self, tk: Tokens, i: int, by_sex_only: bool = False) -> bool | None:
        """Whether the pronoun at token i is the subject (None: not a he/she pronoun)."""
        norm = tk.norms[i]
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
                return mention.subject
        return True


class PeopleReader:
    def __init__(self, names: dict[str, frozenset[str]], not_names: frozenset[str]) -> None:
        self.names = names
        self.not_names = not_names

    def _sex_of(self, words: Iterable[str]) -> str | None:
        for word in words:
            sexes = self.names.get(word, frozenset())
            if len(sexes) == 1:
                return next(iter(sexes))
        return None

    def _is_name(self, tk: Tokens, i: int, confirmed: set[str]) -> bool:
        text = tk.texts[i]
        lower = tk.lowers[i]
        if not text[:1].isupper() or not text.isalpha() or lower not in self.names:
            return False
        if text.isupper() and len(text) > 1:
            return False  # shorthand (CSE, YP), not a name
        if i + 1 < len(tk) and tk.texts[i + 1] in PLACE_WORDS:
            return False
        if lower in self.not_names and lower not in confirmed:
            return i + 2 < len(tk) and tk.texts[i + 1] in ("(", ",") and tk.texts[i + 2].isdigit()
        return True

    def read(self, tk: Tokens) -> People:
        n = len(tk)
        texts, norms, lowers = tk.texts, tk.norms, tk.lowers
        confirmed = {
            lowers[i] for i in range(n - 2) if texts[i + 1] in ("(", ",") and texts[i + 2].isdigit()
        }
        spans: list[tuple[int, int]] = []
        taken = -1
        for i in [k for k, w in enumerate(texts) if w[:1].isupper()]:
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
            before = set(norms[max(0, start - 4) : start])
            peer = bool(before & PEER_CUES) and not is_subject
            if is_subject and start > 0 and norms[start - 1] in OBJECT_VERBS:
                continue  # "told Sophie she ...": the listener, not a change of subject
            mentions.append(Mention(start, end, is_subject, peer, self._sex_of(words)))
        peers = {lowers[m.start] for m in mentions if m.peer}
        mentions = [
            Mention(m.start, m.end, m.subject, m.peer or lowers[m.start] in peers, m.sex)
            for m in mentions
        ]
        if subject_words:
            covered = {k for s, e in spans for k in range(s, e)}
            for k in range(n):
                if k not in covered and texts[k].islower() and lowers[k] in subject_words:
                    mentions.append(Mention(k, k + 1, True))
        sex = self._subject_sex(tk, subject, subject_words)
        for k in range(n):
            if norms[k] not in ("she", "he", "yp"):
                continue
            if k == 0 or tk.is_sent_start(k) or norms[k - 1] in CLAUSE_OPENERS:
                mentions.append(Mention(k, k + 1, True, pronoun=True))
        mentions.sort(key=lambda m: m.start)
        people = People(mentions, subject_words, sex, self._facts(tk, subject))
        # Pronouns that refer to someone else do not end another person's scope.
        people.mentions = [
            m
            for m in mentions
            if not m.pronoun or norms[m.start] == "yp" or people.refers_to_subject(tk, m.start)
        ]
        return people

    def _choose_subject(self, tk: Tokens, spans: list[tuple[int, int]]) -> tuple[int, int] | None:
        texts, norms = tk.texts, tk.norms

        def age_after(end: int) -> bool:
            for k in range(end, min(end + 3, len(tk))):
                if texts[k].isdigit() and 1 <= int(texts[k]) <= 19:
                    return True
                if norms[k] in {"y6", "y7", "y8", "y9", "y10", "y11", "y12", "y13"}:
                    return True
                if texts[k] not in {"(", ",", "-", "aged", "age", "is", "who"}:
                    return False
            return False

        for start, end in spans:
            if age_after(end):
                return (start, end)
        for start, end in spans:
            if start > 0 and norms[start - 1] in SUBJECT_CUES:
                adult = start > 1 and norms[start - 2] in ADULT_WORDS
                if norms[start - 1] in ("called", "named") and adult:
                    continue  # "a man called Dan": the adult, not the child
                return (start, end)
        for start, end in spans:
            if not set(norms[max(0, start - 3) : start]) & OTHER_CUES:
                return (start, end)
        return None

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
            for k in range(n - 1):
                nxt = norms[k + 1]
                if (
                    texts[k].isdigit()
                    and 1 <= int(texts[k]) <= 19
                    and (
                        nxt == "year_old"
                        or (nxt in {"year", "years"} and "old" in " ".join(texts[k + 1 : k + 4]))
                    )
                ):
                    age = int(texts[k])
                    break
                if lowers[k].endswith("yo") and lowers[k][:-2].isdigit():
                    age = int(lowers[k][:-2])
                    break
        year: int | None = None
        near: set[int] = set()
        if subject is not None:
            near = set(range(max(0, subject[0] - 3), subject[1] + 4))
        for k in range(n):
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
