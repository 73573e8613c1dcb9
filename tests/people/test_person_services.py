"""Creating people after searching, merging and unmerging exactly, scoping and audit."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safehub.accounts.models import User
from safehub.audit.models import AuditAction, AuditEvent
from safehub.people.matching import MatchQuery
from safehub.people.models import (
    CandidatePassOver,
    LinkCandidate,
    LinkDecision,
    Person,
    PersonIdentifier,
    PersonRecord,
)
from safehub.people.selectors import person_get_for_user, person_search, query_from_record_fields
from safehub.people.services import (
    RecordInput,
    person_add_record,
    person_create,
    person_merge,
    person_unmerge,
    validate_record,
)

VALID_NHS = "9434765919"


def test_create_then_duplicate_needs_reason(advisor: User) -> None:
    data = RecordInput(
        given_name="Rebecca", family_name="Ashdown", date_of_birth="2009-04-12", postcode="tf3 4ab"
    )
    first = person_create(actor=advisor, data=data)
    assert first.display_name == "Rebecca Ashdown"
    assert first.records.get().postcode == "TF3 4AB"
    again = RecordInput(given_name="Becky", family_name="Ashdown", date_of_birth="2009-04-12")
    with pytest.raises(ValidationError) as exc:
        person_create(actor=advisor, data=again)
    assert "pass_over_reason" in exc.value.message_dict
    second = person_create(actor=advisor, data=again, pass_over_reason="Different child, checked")
    assert second.pk != first.pk
    pass_over = CandidatePassOver.objects.get()
    assert pass_over.passed_over == first
    assert pass_over.reason == "Different child, checked"
    assert AuditEvent.objects.filter(action=AuditAction.CREATE, object_type="person").count() == 2


def test_retried_submission_creates_no_duplicate(advisor: User) -> None:
    data = RecordInput(given_name="Tia", family_name="Fenwick", submission_key="abc-123")
    first = person_create(actor=advisor, data=data)
    second = person_create(actor=advisor, data=data)
    assert first.pk == second.pk
    assert Person.objects.count() == 1


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("nhs_number", "9434765918", "NHS number"),
        ("postcode", "not a postcode", "postcode"),
        ("date_of_birth", "2010-02-31", "date"),
        ("upn", "X12345678901", "pupil"),
    ],
)
def test_bad_values_named_clearly(field: str, value: str, message: str) -> None:
    data = RecordInput(given_name="Ava")
    setattr(data, field, value)
    with pytest.raises(ValidationError) as exc:
        validate_record(data)
    assert field in exc.value.message_dict
    assert message.lower() in exc.value.message_dict[field][0].lower()


def test_insisted_value_kept_unverified(advisor: User) -> None:
    person = person_create(
        actor=advisor,
        data=RecordInput(given_name="Ava", family_name="Quill", nhs_number="9434765918"),
        insist={"nhs_number"},
    )
    record = person.records.get()
    assert record.unverified == ["nhs_number"]
    identifier = PersonIdentifier.objects.get(record=record)
    assert identifier.value == "9434765918"
    assert identifier.verified is False


def test_nickname_only_person_of_concern(advisor: User) -> None:
    from safehub.people.services import AliasInput

    person = person_create(
        actor=advisor,
        data=RecordInput(role="person_of_concern", aliases=[AliasInput("nickname", "Jonno")]),
    )
    assert person.display_name == "Jonno"
    outcome = person_search(user=advisor, query=MatchQuery(given_name="Jonno"))
    assert [c.person.pk for c in outcome.candidates] == [person.pk]


def test_no_name_at_all_refused(advisor: User) -> None:
    with pytest.raises(ValidationError) as exc:
        person_create(actor=advisor, data=RecordInput(date_of_birth="2010-01-01"))
    assert "given_name" in exc.value.message_dict


def _snapshot(person: Person) -> dict[str, Any]:
    person.refresh_from_db()
    return {
        "summary": (
            person.display_given_name,
            person.display_family_name,
            person.date_of_birth,
            person.sex,
            person.roles,
            person.merged_into_id,
        ),
        "records": sorted(PersonRecord.objects.filter(person=person).values_list("id", flat=True)),
    }


def test_merge_and_unmerge_restore_exactly(
    advisor: User, add_person: Callable[..., Person]
) -> None:
    a = add_person(given_name="Kayleigh", family_name="Brook", date_of_birth="2008-03-04", sex="F")
    b = add_person(given_name="Kaylee", family_name="Brook", date_of_birth="2008-04-03")
    before_a, before_b = _snapshot(a), _snapshot(b)
    merge = person_merge(actor=advisor, survivor=a, absorbed=b, reason="Same girl, mum confirmed")
    a.refresh_from_db()
    b.refresh_from_db()
    assert b.merged_into == a
    assert a.records.count() == 2
    viewed, _ = person_get_for_user(user=advisor, person_id=b.pk)
    assert viewed == a  # the absorbed person's page leads to the survivor
    person_unmerge(actor=advisor, merge=merge, reason="Actually cousins")
    assert _snapshot(a) == before_a
    assert _snapshot(b) == before_b
    rejected = LinkCandidate.objects.get()
    assert rejected.decision == LinkDecision.REJECTED
    events = AuditEvent.objects.filter(object_type="person", action=AuditAction.UPDATE)
    assert {e.reason for e in events} == {"Same girl, mum confirmed", "Actually cousins"}


def test_merge_refused_on_different_nhs_numbers(
    advisor: User, add_person: Callable[..., Person]
) -> None:
    a = add_person(given_name="Lily", family_name="Marsh", nhs_number=VALID_NHS)
    b = add_person(given_name="Lily", family_name="Marsh", nhs_number="4010232137")
    with pytest.raises(ValidationError) as exc:
        person_merge(actor=advisor, survivor=a, absorbed=b, reason="looks the same")
    assert "different nhs numbers" in str(exc.value).lower()


def test_merge_needs_permission(officer: User, add_person: Callable[..., Person]) -> None:
    a = add_person(given_name="Ella", family_name="Stone")
    b = add_person(given_name="Ela", family_name="Stone", reason="x")
    with pytest.raises(PermissionDenied):
        person_merge(actor=officer, survivor=a, absorbed=b, reason="same")


def test_police_see_only_people_their_agency_recorded(
    officer: User, advisor: User, add_person: Callable[..., Person]
) -> None:
    child = add_person(given_name="Maya", family_name="Holt", date_of_birth="2010-06-01")
    found, needs_bg = person_get_for_user(user=officer, person_id=child.pk)
    assert found is None and needs_bg is True
    outcome = person_search(
        user=officer,
        query=MatchQuery(given_name="Maya", family_name="Holt", date_of_birth=date(2010, 6, 1)),
    )
    assert outcome.candidates == []
    assert outcome.hidden_strong_matches == 1
    person_add_record  # noqa: B018 - officers add to visible people only (tested in views)
    own = person_create(
        actor=officer,
        data=RecordInput(given_name="Maya", family_name="Holt", date_of_birth="2010-06-01"),
        pass_over_reason="Police record, front door will link",
    )
    found, _ = person_get_for_user(user=officer, person_id=own.pk)
    assert found == own
    found, _ = person_get_for_user(user=advisor, person_id=own.pk)
    assert found == own


def test_query_from_record_fields() -> None:
    q = query_from_record_fields({"given_name": "A", "family_name": "B"})
    assert q.given_name == "A" and q.family_name == "B" and q.date_of_birth is None


def test_search_by_contact_details_alone(
    advisor: User, officer: User, add_person: Callable[..., Person]
) -> None:
    """Every candidate lookup (here the phone and e-mail ones) runs inside one query; a person
    found only so is still scored and scoped like any other."""
    person = add_person(
        given_name="Tia",
        family_name="Fenwick",
        date_of_birth="2011-02-03",
        phone="07700 900123",
        email="tia.mum@mail.example",
    )
    stored = person.records.get()
    by_phone = person_search(user=advisor, query=MatchQuery(phone=stored.phone))
    assert [c.person.pk for c in by_phone.candidates] == [person.pk]
    assert by_phone.candidates[0].best_record.pk == stored.pk
    by_email = person_search(
        user=advisor, query=MatchQuery(family_name="Fenwick", email=stored.email)
    )
    assert [c.person.pk for c in by_email.candidates] == [person.pk]
    hidden = person_search(
        user=officer,
        query=MatchQuery("Tia", "Fenwick", date(2011, 2, 3), phone=stored.phone),
    )
    assert hidden.candidates == [] and hidden.hidden_strong_matches == 1
