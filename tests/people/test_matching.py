"""Search-before-create on tricky pairs: who should and should not come out as a strong match."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest

from safehub.accounts.models import User
from safehub.people.matching import STRONG_SCORE, MatchQuery
from safehub.people.models import Person
from safehub.people.selectors import person_search

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
