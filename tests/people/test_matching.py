"""Search-before-create on tricky pairs: who should and should not come out as a strong match."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

import pytest

from safehub.accounts.models import User
from safehub.people.matching import (
    STRONG_SCORE,
    MatchQuery,
    canonical_given,
    dob_neighbours,
    family_phonetics,
)
from safehub.people.models import Person, PersonRecord
from safehub.people.normalise import dob_agreement, name_key
from safehub.people.selectors import LOOKUP_LIMIT, person_search

BASE = {
    "given_name": "Rebecca",
    "family_name": "Ashdown",
    "date_of_birth": "2009-04-12",
    "postcode": "TF3 4AB",
    "sex": "F",
}


def score_for(user: User, person: Person, query: MatchQuery) -> float | None:
    outcome = person_search(user=user, query=query)
    for candidate in outcome.candidates:
        if candidate.person.pk == person.pk:
            return candidate.result.score
    return None


@pytest.mark.parametrize(
    ("label", "query"),
    [
        ("exact", MatchQuery("Rebecca", "Ashdown", date(2009, 4, 12), "F", "TF3 4AB")),
        ("nickname", MatchQuery("Becky", "Ashdown", date(2009, 4, 12), "F")),
        ("typo in given name", MatchQuery("Rebbeca", "Ashdown", date(2009, 4, 12))),
        ("phonetic family", MatchQuery("Rebecca", "Ashdowne", date(2009, 4, 12))),
        ("day and month swapped", MatchQuery("Rebecca", "Ashdown", date(2009, 12, 4), "F")),
        ("names swapped", MatchQuery("Ashdown", "Rebecca", date(2009, 4, 12))),
        ("double surname", MatchQuery("Rebecca", "Ashdown-Pryce", date(2009, 4, 12), "F")),
        ("no date of birth", MatchQuery("Rebecca", "Ashdown", None, "F", "TF3 4AB")),
    ],
)
def test_same_person_found(
    label: str, query: MatchQuery, advisor: User, add_person: Callable[..., Person]
) -> None:
    person = add_person(**BASE)
    score = score_for(advisor, person, query)
    assert score is not None, label
    if label not in {"no date of birth", "names swapped", "double surname"}:
        assert score >= STRONG_SCORE, (label, score)
    else:
        assert score >= 55, (label, score)


def test_twin_is_not_a_strong_match(advisor: User, add_person: Callable[..., Person]) -> None:
    person = add_person(**BASE)
    score = score_for(
        advisor, person, MatchQuery("Lauren", "Ashdown", date(2009, 4, 12), "F", "TF3 4AB")
    )
    assert score is None or score < STRONG_SCORE


def test_sibling_is_not_a_strong_match(advisor: User, add_person: Callable[..., Person]) -> None:
    person = add_person(**BASE)
    score = score_for(
        advisor, person, MatchQuery("Jordan", "Ashdown", date(2011, 9, 30), "M", "TF3 4AB")
    )
    assert score is None or score < 55


def test_same_name_different_dob_is_not_strong(
    advisor: User, add_person: Callable[..., Person]
) -> None:
    person = add_person(**BASE)
    score = score_for(advisor, person, MatchQuery("Rebecca", "Ashdown", date(2001, 7, 19), "F"))
    assert score is None or score < 55


def test_identifier_is_decisive(advisor: User, add_person: Callable[..., Person]) -> None:
    person = add_person(**BASE, nhs_number="9434765919")
    same = score_for(advisor, person, MatchQuery(family_name="Smith", nhs_number="9434765919"))
    assert same is not None and same >= 99
    different = score_for(
        advisor,
        person,
        MatchQuery("Rebecca", "Ashdown", date(2009, 4, 12), nhs_number="4010232137"),
    )
    assert different is None or different <= 5


def test_ranking_puts_better_match_first(advisor: User, add_person: Callable[..., Person]) -> None:
    near = add_person(**BASE)
    far = add_person(
        given_name="Rebecca", family_name="Ashton", date_of_birth="2009-04-13", reason="x"
    )
    outcome = person_search(
        user=advisor, query=MatchQuery("Becky", "Ashdown", date(2009, 4, 12), "F", "TF3 4AB")
    )
    ids = [c.person.pk for c in outcome.candidates]
    assert ids.index(near.pk) < ids.index(far.pk)


def _bulk_people(advisor: User, people: list[tuple[str, str, date | None]]) -> list[Person]:
    """Persons with one record each, created directly (fast), with the search keys the
    services would give them; in the order given, so the first is the oldest."""
    persons = Person.objects.bulk_create(
        [
            Person(display_given_name=given, display_family_name=family)
            for given, family, _ in people
        ]
    )
    records = []
    for person, (given, family, dob) in zip(persons, people, strict=True):
        first, last = family_phonetics(family)
        records.append(
            PersonRecord(
                person=person,
                source_agency_id=advisor.agency_id,
                role="child",
                given_name=given,
                family_name=family,
                date_of_birth=dob,
                given_key=name_key(given),
                given_canonical=canonical_given(given),
                family_key=name_key(family),
                family_phonetic=first,
                family_phonetic_last=last,
            )
        )
    PersonRecord.objects.bulk_create(records)
    return persons


def _other_dates(query_dob: date, count: int) -> list[date]:
    """`count` dates of birth that cannot be `query_dob` mistyped (nor within a month of it)."""
    near = dob_neighbours(query_dob)
    dates: list[date] = []
    day = date(2001, 1, 1)
    while len(dates) < count:
        if day not in near and dob_agreement(query_dob, day) == "different":
            dates.append(day)
        day += timedelta(days=37)
    return dates


@pytest.mark.parametrize(
    ("label", "true_person", "query"),
    [
        (
            "nickname and a one-digit typo in the date",
            ("Oliver", "Smith", date(2012, 5, 17)),
            MatchQuery("Ollie", "Smith", date(2012, 5, 18)),
        ),
        (
            "date of birth missing on the record",
            ("Oliver", "Smith", None),
            MatchQuery("Oliver", "Smith", date(2012, 5, 17), "M"),
        ),
        (
            "year out by one",
            ("Oliver", "Smyth", date(2011, 5, 17)),
            MatchQuery("Ollie", "Smith", date(2012, 5, 17)),
        ),
        (
            "no date of birth in the search",
            ("Oliver", "Smith", date(2012, 5, 17)),
            MatchQuery("Oliver", "Smith"),
        ),
    ],
)
def test_true_match_found_among_many_with_the_same_name(
    label: str, true_person: tuple[str, str, date | None], query: MatchQuery, advisor: User
) -> None:
    """Candidate lookups are capped; a common name has more records than the cap. The cap must
    drop the least likely, never the person searched for (who is created first: the oldest)."""
    crowd_size = LOOKUP_LIMIT + 50
    crowd_given = "Ollie" if query.date_of_birth is None else "Oliver"  # same key as Oliver
    others = _other_dates(query.date_of_birth or date(2012, 5, 17), crowd_size)
    truth, *_ = _bulk_people(
        advisor,
        [true_person]
        + [(crowd_given, "Smith", dob) for dob in others]
        + [("Olivia", "Smithson", dob) for dob in others[:20]],
    )
    outcome = person_search(user=advisor, query=query)
    ranked = [c.person.pk for c in outcome.candidates]
    assert truth.pk in ranked, label
    assert ranked.index(truth.pk) == 0, (label, outcome.candidates[0].result)
