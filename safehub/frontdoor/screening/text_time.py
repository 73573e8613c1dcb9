"""Dating what a note says: time expressions and how long ago they put a finding.

A note is read as written on `today`. Each time expression found by `rules/time.json` becomes a
period: "current" (now, or within the last 6 months), "6_to_12_months" (explicitly 6 to 12
months ago) or "older" (explicitly more than 12 months ago). Following the corpus guide
(tests/data/README.md, rule 6): a named month without a year is within 12 months; "last year",
"for years" and any earlier calendar year are more than 12 months ago; an age or school year
well before the child's current one ("when she was 12" for a 15-year-old, "in Y7" for Year 10,
"in primary") is more than 12 months ago; anything undated counts as current.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from safehub.frontdoor.screening.text_rules import RuleSet, number_words

Period = Literal["current", "6_to_12_months", "older"]

MONTHS = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
# The month a season or holiday is taken to mean ("last summer" = the most recent July).
SEASONS = {
    "spring": 4,
    "easter": 4,
    "summer": 7,
    "autumn": 10,
    "halloween": 10,
    "bonfire": 11,
    "christmas": 12,
    "xmas": 12,
    "winter": 1,
    "new year": 1,
}
UNIT_MONTHS = {"day": 1 / 30, "night": 1 / 30, "week": 0.25, "wk": 0.25, "month": 1.0, "year": 12.0}


@dataclass(frozen=True)
class TimeExpression:
    start: int  # character offsets in the text
    end: int
    text: str
    period: Period
    duration: bool = False


@dataclass(frozen=True)
class SubjectFacts:
    """What the note says about the child's current age and school year, for dating "when she
    was 12" and "in Y7"."""

    age: int | None = None
    school_year: int | None = None

    @property
    def year_group(self) -> int | None:
        if self.school_year is not None:
            return self.school_year
        if self.age is not None and 5 <= self.age <= 18:
            return self.age - 5
        return None


def _from_months(months: float) -> Period:
    if months > 12.0:
        return "older"
    if months >= 6.0:
        return "6_to_12_months"
    return "current"


def _months_since(today: dt.date, year: int, month: int) -> float:
    return (today.year - year) * 12 + (today.month - month)


def _latest_month(today: dt.date, month: int) -> float:
    """Months since the most recent `month` (this year's if it has begun, else last year's)."""
    year = today.year if month <= today.month else today.year - 1
    return _months_since(today, year, month)


def _number(word: str, numbers: dict[str, int]) -> int | None:
    word = word.strip().lower()
    if word.isdigit():
        return int(word)
    return numbers.get(word)


class TimeReader:
    """Finds time expressions in a text and dates them."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules.times
        self.numbers = number_words()
        # Every hint once (a rule is tried only if the text contains one of its hints).
        self._hints = tuple(sorted({h for rule in self.rules for h in rule.hints}))
        self._rule_hints = [frozenset(rule.hints) for rule in self.rules]
        # A case-insensitive rule is run over the lower-cased text without IGNORECASE (the same
        # matches, at about half the cost); None for a rule that minds case.
        self._lower_regexes = [
            re.compile(rule.regex.pattern, rule.regex.flags & ~re.IGNORECASE)
            if rule.regex.flags & re.IGNORECASE
            else None
            for rule in self.rules
        ]

    def find(self, text: str, today: dt.date, subject: SubjectFacts) -> list[TimeExpression]:
        found: list[TimeExpression] = []
        lower = text.lower()
        present = {hint for hint in self._hints if hint in lower}
        # (Lower-casing keeps offsets unless a character changes length: then the original.)
        same_length = len(lower) == len(text)
        for rule, hints, lower_regex in zip(
            self.rules, self._rule_hints, self._lower_regexes, strict=True
        ):
            if hints and hints.isdisjoint(present):
                continue
            if lower_regex is not None and same_length:
                matches = lower_regex.finditer(lower)
            else:
                matches = rule.regex.finditer(text)
            for match in matches:
                if rule.kind == "school_year" and _describes_someone(text, match.start()):
                    continue  # "a girl in Y9", "Maya in year 9": who, not when
                period = self._period(rule.kind, match, today, subject)
                if period is None:
                    continue
                start, end = match.start(), match.end()
                found.append(TimeExpression(start, end, text[start:end], period, rule.duration))
        # Longest first; drop expressions inside a longer one ("last year" in "since last year").
        found.sort(key=lambda e: (e.start, -(e.end - e.start)))
        kept: list[TimeExpression] = []
        for expression in found:
            if kept and expression.start < kept[-1].end:
                continue
            kept.append(expression)
        return kept

    def _period(
        self, kind: str, match: re.Match[str], today: dt.date, subject: SubjectFacts
    ) -> Period | None:
        groups = match.groupdict()
        since = (groups.get("since") or "").strip() != ""
        if kind in ("current", "older", "6_to_12_months"):
            return "current" if since else kind  # type: ignore[return-value]
        if kind == "ago":
            n = _number(groups.get("n") or "1", self.numbers)
            unit = (groups.get("unit") or "").lower().rstrip("s")
            if n is None or unit not in UNIT_MONTHS:
                return None
            return _from_months(n * UNIT_MONTHS[unit])
        if kind == "month":
            month = MONTHS.get((groups.get("month") or "")[:3].lower())
            if month is None:
                return None
            if since:
                return "current"
            year_text = groups.get("year")
            if year_text:
                return _from_months(_months_since(today, int(year_text), month))
            return _from_months(_latest_month(today, month))
        if kind == "numeric_date":
            day, month = int(groups["day"]), int(groups["month"])
            year = int(groups["year"])
            if year < 100:
                year += 2000
            if not (1 <= day <= 31 and 1 <= month <= 12) or year > today.year:
                return None
            if since:
                return "current"
            return _from_months(_months_since(today, year, month) + (today.day - day) / 31)
        if kind == "year":
            year = int(groups["year"])
            if since or year >= today.year:
                return "current"
            return "older"
        if kind == "season":
            name = (groups.get("season") or "").lower()
            month = SEASONS.get(name)
            if month is None:
                return None
            if since:
                return "current"
            return _from_months(_latest_month(today, month))
        if kind in ("age", "age_then"):
            then = _number(groups.get("n") or "", self.numbers)
            if then is None:
                return None
            if since:
                return "current"  # "together since I was 14": still going on
            if subject.age is None:
                return "older" if kind == "age_then" else "current"
            if kind == "age_then" and then > subject.age:
                return None  # "her ex (then 27)": someone else's age, not a date
            gap = subject.age - then
            if gap >= 2:
                return "older"
            return "6_to_12_months" if gap == 1 else "current"
        if kind == "school_year":
            then = _number(groups.get("n") or "", self.numbers)
            now = subject.year_group
            if then is None:
                return None
            if now is None:
                return "older" if then <= 8 else "current"
            gap = now - then
            if gap >= 2:
                return "older"
            return "6_to_12_months" if gap == 1 else "current"
        if kind == "primary":
            now = subject.year_group
            return "older" if now is None or now >= 8 else "current"
        return None


_WHO = frozenset(
    {
        "girl",
        "boy",
        "pupil",
        "student",
        "child",
        "lad",
        "someone",
        "friend",
        "sister",
        "brother",
        # "bringing younger kids from Y8", "girls from year 8": who, not when
        "girls",
        "boys",
        "pupils",
        "students",
        "children",
        "kids",
        "lads",
        "friends",
        "ones",
        "others",
    }
)


def _describes_someone(text: str, start: int) -> bool:
    words = text[max(0, start - 30) : start].split()
    if not words:
        return False
    last = words[-1].strip("(,")
    return last[:1].isupper() or last.lower() in _WHO
