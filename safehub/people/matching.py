"""Scoring a search query against a person record, with the evidence a person can check.

Used by search-before-create. The comparison is deliberately explainable: each field is
classed as agreeing, partly agreeing, disagreeing or missing, with a weight in the spirit of a
Fellegi-Sunter log-likelihood ratio; the total is turned into a 0-100 score. Identifiers are
decisive both ways: the same verified NHS number or unique pupil number is the same person,
different verified ones are different people.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

import jellyfish
from rapidfuzz.distance import DamerauLevenshtein, JaroWinkler

from safehub.people.normalise import (
    _simplify_for_sound,
    dob_agreement,
    given_name_variants,
    name_key,
    name_tokens,
)

AGREE = "agree"
PARTLY = "partly"
DISAGREE = "disagree"
MISSING = "missing"

STRONG_SCORE = 90.0
POSSIBLE_SCORE = 55.0
# As `normalise.parse_date_of_birth` accepts.
EARLIEST_BIRTH_YEAR = 1900


@dataclass(frozen=True)
class MatchQuery:
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    sex: str = ""
    postcode: str = ""
    phone: str = ""
    email: str = ""
    nhs_number: str = ""
    upn: str = ""

    def is_empty(self) -> bool:
        return not any(
            [
                self.given_name,
                self.family_name,
                self.date_of_birth,
                self.postcode,
                self.phone,
                self.email,
                self.nhs_number,
                self.upn,
            ]
        )


@dataclass(frozen=True)
class Evidence:
    field: str
    level: str
    detail: str
    weight: float


@dataclass
class MatchResult:
    score: float
    evidence: list[Evidence] = field(default_factory=list)
    decisive: str = ""

    @property
    def strength(self) -> str:
        if self.score >= STRONG_SCORE:
            return "strong"
        if self.score >= POSSIBLE_SCORE:
            return "possible"
        return "weak"


# Scoring compares the query with every candidate record, and names repeat heavily (a few
# hundred given and family names cover most people), so the name normalisations below are
# memoised: without this, Unicode folding alone cost ~0.3 ms per candidate. The caches are
# bounded and keyed on the raw string; every function is pure.
_NAME_CACHE = 65_536


@lru_cache(maxsize=_NAME_CACHE)
def _key(value: str) -> str:
    return name_key(value)


@lru_cache(maxsize=_NAME_CACHE)
def _tokens(value: str) -> frozenset[str]:
    return frozenset(name_tokens(value))


@lru_cache(maxsize=_NAME_CACHE)
def _variants(value: str) -> frozenset[str]:
    return given_name_variants(value)


@lru_cache(maxsize=_NAME_CACHE)
def phonetic(token: str) -> str:
    """One indexable phonetic key per name part: Metaphone after the English spelling rewrites
    of `normalise.phonetic_keys` (so Thompson/Thomson share a key)."""
    key = name_key(token)
    return jellyfish.metaphone(_simplify_for_sound(key))[:12] if key else ""


def family_phonetics(family_name: str) -> tuple[str, str]:
    """(first part, last part) phonetic keys; the last is blank for a single-part name."""
    tokens = name_tokens(family_name)
    if not tokens:
        return "", ""
    first = phonetic(tokens[0])
    last = phonetic(tokens[-1]) if len(tokens) > 1 else ""
    return first, last


def canonical_given(given_name: str) -> str:
    """A single indexable key for a given name and its nicknames (the smallest variant)."""
    key = _key(given_name)
    if not key:
        return ""
    return min(_variants(given_name) | {key})


@lru_cache(maxsize=_NAME_CACHE)
def _canonical_given_keys(given_name: str) -> frozenset[str]:
    variants = _variants(given_name) | {_key(given_name)}
    return frozenset({canonical_given(v) for v in variants if v} | {v for v in variants if v})


def canonical_given_keys(given_name: str) -> set[str]:
    """Every canonical key a nickname-equivalent name could have been stored under."""
    return set(_canonical_given_keys(given_name))


def _similar(a: str, b: str) -> bool:
    return bool(a and b) and (
        JaroWinkler.similarity(a, b) >= 0.92 or DamerauLevenshtein.distance(a, b) <= 1
    )


def _compare_given(q: str, r: str) -> Evidence:
    qk, rk = _key(q), _key(r)
    if not qk or not rk:
        return Evidence("given_name", MISSING, "Not known on both", 0.0)
    if qk == rk:
        return Evidence("given_name", AGREE, f"Same given name ({r})", 4.0)
    if rk in _variants(q) or qk in _variants(r):
        return Evidence("given_name", AGREE, f"{q} and {r} are the same name (nickname)", 3.5)
    if _similar(qk, rk):
        return Evidence("given_name", PARTLY, f"{q} and {r} differ by a typo", 2.0)
    if phonetic(qk) == phonetic(rk):
        return Evidence("given_name", PARTLY, f"{q} and {r} sound alike", 2.0)
    if qk[:1] == rk[:1] and (qk.startswith(rk) or rk.startswith(qk)):
        return Evidence("given_name", PARTLY, f"{r} may be short for {q}", 1.0)
    return Evidence("given_name", DISAGREE, f"Different given names ({q}, {r})", -3.5)


def _compare_family(q: str, r: str) -> Evidence:
    qk, rk = _key(q), _key(r)
    if not qk or not rk:
        return Evidence("family_name", MISSING, "Not known on both", 0.0)
    if qk == rk:
        return Evidence("family_name", AGREE, f"Same family name ({r})", 4.5)
    if _tokens(q) & _tokens(r):
        return Evidence(
            "family_name", PARTLY, f"{q} and {r} share a part (double or changed surname)", 3.0
        )
    if _similar(qk, rk):
        return Evidence("family_name", PARTLY, f"{q} and {r} differ by a typo", 2.5)
    if phonetic(qk) == phonetic(rk):
        return Evidence("family_name", PARTLY, f"{q} and {r} sound alike", 2.0)
    return Evidence("family_name", DISAGREE, f"Different family names ({q}, {r})", -2.0)


def dob_neighbours(dob: date) -> set[date]:
    """The dates a date of birth is likely to have been mistyped as (and the date itself): the
    day and month swapped, one keyed digit of the day, month or year wrong or two adjacent
    digits transposed, or the year out by up to two (see `normalise.dob_agreement`), in years
    someone could have been born in. A few dozen dates, so an index can look each one up;
    "within a month" is a range and is not listed."""
    day, month, year = f"{dob.day:02d}", f"{dob.month:02d}", f"{dob.year:04d}"

    def edits(digits: str) -> set[str]:
        out = set()
        for i in range(len(digits)):
            for d in "0123456789":
                out.add(digits[:i] + d + digits[i + 1 :])
            if i + 1 < len(digits):
                out.add(digits[:i] + digits[i + 1] + digits[i] + digits[i + 2 :])
        return out

    candidates = (
        [(d, month, year) for d in edits(day)]
        + [(day, m, year) for m in edits(month)]
        + [(day, month, y) for y in edits(year)]
        + [(day, month, f"{dob.year + k:04d}") for k in (-2, -1, 1, 2)]
        + [(month, day, year)]
    )
    dates = {dob}
    latest = date.today().year + 1  # no one recorded was born later (a margin for time zones)
    for d, m, y in candidates:
        if not EARLIEST_BIRTH_YEAR <= int(y) <= latest:
            continue
        try:
            dates.add(date(int(y), int(m), int(d)))
        except ValueError:
            continue
    return dates


DOB_EVIDENCE = {
    "exact": (AGREE, "Same date of birth", 5.0),
    "day_month_swap": (PARTLY, "Day and month swapped", 3.0),
    "one_digit_typo": (PARTLY, "Differs by one digit (a typo?)", 2.5),
    "year_only": (PARTLY, "Same day and month, different year", 1.0),
    "close": (PARTLY, "Within a month", 0.0),
    "missing": (MISSING, "Not known on both", 0.0),
    "different": (DISAGREE, "Different dates of birth", -6.0),
}


def compare(query: MatchQuery, record: Any, identifiers: dict[str, set[str]]) -> MatchResult:
    """Compare a query with one PersonRecord-like object (given_name, family_name,
    date_of_birth, sex, postcode, phone, email) and its verified identifiers by kind."""
    evidence: list[Evidence] = []
    given = _compare_given(query.given_name, record.given_name)
    family = _compare_family(query.family_name, record.family_name)
    if given.level == DISAGREE and family.level in (DISAGREE, PARTLY):
        swapped_given = _compare_given(query.given_name, record.family_name)
        swapped_family = _compare_family(query.family_name, record.given_name)
        if swapped_given.level != DISAGREE and swapped_family.level != DISAGREE:
            given = Evidence(
                "given_name", PARTLY, "Given and family names swapped", swapped_given.weight - 0.5
            )
            family = Evidence(
                "family_name",
                PARTLY,
                "Given and family names swapped",
                swapped_family.weight - 0.5,
            )
    evidence += [given, family]

    level = dob_agreement(query.date_of_birth, record.date_of_birth)
    dob_level, dob_detail, dob_weight = DOB_EVIDENCE[level]
    evidence.append(Evidence("date_of_birth", dob_level, dob_detail, dob_weight))

    if query.sex in ("M", "F") and record.sex in ("M", "F"):
        if query.sex == record.sex:
            evidence.append(Evidence("sex", AGREE, "Same sex", 0.5))
        else:
            evidence.append(Evidence("sex", DISAGREE, "Different sex recorded", -2.0))

    if query.postcode and record.postcode:
        if query.postcode == record.postcode:
            evidence.append(Evidence("postcode", AGREE, "Same postcode", 2.0))
        elif query.postcode[:-2] == record.postcode[:-2]:
            evidence.append(Evidence("postcode", PARTLY, "Same postcode sector", 1.0))
        else:
            evidence.append(Evidence("postcode", DISAGREE, "Different postcode (moved?)", -0.5))
    if query.phone and record.phone:
        same = query.phone == record.phone
        evidence.append(
            Evidence("phone", AGREE if same else DISAGREE, "Phone number", 3.0 if same else -0.5)
        )
    if query.email and record.email:
        same = query.email.lower() == record.email.lower()
        evidence.append(
            Evidence("email", AGREE if same else DISAGREE, "E-mail address", 3.0 if same else -0.5)
        )

    decisive = ""
    for kind, value, label in (("nhs", query.nhs_number, "NHS number"), ("upn", query.upn, "UPN")):
        known = identifiers.get(kind, set())
        if value and known:
            if value in known:
                evidence.append(Evidence(kind, AGREE, f"Same {label}", 12.0))
                decisive = decisive or "same_identifier"
            else:
                evidence.append(Evidence(kind, DISAGREE, f"Different {label}", -12.0))
                decisive = "different_identifier"

    total = sum(e.weight for e in evidence)
    score = 100.0 / (1.0 + math.exp(-(total - 7.0) / 1.6))
    if decisive == "different_identifier":
        score = min(score, 5.0)
    elif decisive == "same_identifier":
        score = max(score, 99.0)
    return MatchResult(score=round(score, 1), evidence=evidence, decisive=decisive)
