"""The person pages: search, add with candidates, the person page, merge/unmerge, review."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safehub.accounts.models import Role, User
from safehub.audit.models import AuditAction, AuditEvent
from safehub.people.models import LinkCandidate, Person, PersonMerge
from tests.factories import create_user


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_search_finds_nickname_and_is_audited(
    advisor: User, add_person: Callable[..., Person]
) -> None:
    person = add_person(given_name="Rebecca", family_name="Ashdown", date_of_birth="2009-04-12")
    response = client_for(advisor).get(
        reverse("people:search"), {"given_name": "Becky", "family_name": "Ashdown"}
    )
    assert response.status_code == 200
    assert f"candidate-{person.pk}".encode() in response.content
    assert b"the same name (nickname)" in response.content
    event = AuditEvent.objects.get(action=AuditAction.SEARCH, object_type="person")
    assert event.details["results"] == [person.pk]


def test_empty_search_is_an_error(advisor: User) -> None:
    response = client_for(advisor).get(reverse("people:search"), {"given_name": ""})
    assert response.status_code == 400
    assert b"Enter at least a name" in response.content


def test_add_person_without_candidates(advisor: User) -> None:
    response = client_for(advisor).post(
        reverse("people:create"),
        {"role": "child", "given_name": "Zara", "family_name": "Quenby", "submission_key": "k1"},
    )
    assert response.status_code == 302
    person = Person.objects.get()
    assert response["Location"] == reverse("people:detail", args=[person.pk])


def test_add_person_shows_candidates_then_add_to_existing(
    advisor: User, add_person: Callable[..., Person]
) -> None:
    existing = add_person(given_name="Kayleigh", family_name="Brook", date_of_birth="2008-03-04")
    client = client_for(advisor)
    data = {
        "role": "child",
        "given_name": "Kaylee",
        "family_name": "Brook",
        "date_of_birth": "04/03/2008",
        "submission_key": "k2",
    }
    response = client.post(reverse("people:create"), data)
    assert response.status_code == 200
    assert b"Is this one of these people?" in response.content
    assert Person.objects.count() == 1
    response = client.post(reverse("people:create"), {**data, "choice": f"person-{existing.pk}"})
    assert response.status_code == 302
    assert existing.records.count() == 2
    assert Person.objects.count() == 1


def test_new_person_despite_strong_candidate_needs_reason(
    advisor: User, add_person: Callable[..., Person]
) -> None:
    add_person(given_name="Kayleigh", family_name="Brook", date_of_birth="2008-03-04")
    client = client_for(advisor)
    data = {
        "role": "child",
        "given_name": "Kayleigh",
        "family_name": "Brook",
        "date_of_birth": "2008-03-04",
        "submission_key": "k3",
        "choice": "new",
    }
    response = client.post(reverse("people:create"), data)
    assert response.status_code == 400
    assert b"say why you are adding a new one" in response.content
    response = client.post(
        reverse("people:create"), {**data, "pass_over_reason": "Twin sister, same name"}
    )
    assert response.status_code == 302
    assert Person.objects.count() == 2


def test_bad_nhs_number_can_be_kept_unverified(advisor: User) -> None:
    client = client_for(advisor)
    data = {
        "role": "child",
        "given_name": "Ava",
        "family_name": "Quill",
        "nhs_number": "943 476 5918",
        "submission_key": "k4",
    }
    response = client.post(reverse("people:create"), data)
    assert response.status_code == 400
    assert b"Enter a valid NHS number" in response.content
    assert b"Keep this NHS number" in response.content
    response = client.post(reverse("people:create"), {**data, "insist": ["nhs_number"]})
    assert response.status_code == 302
    page = client.get(response["Location"])
    assert b"Unverified" in page.content


def test_person_page_shows_provenance_and_is_audited(
    advisor: User, add_person: Callable[..., Person]
) -> None:
    person = add_person(given_name="Maya", family_name="Holt", postcode="TF3 4AB")
    response = client_for(advisor).get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == 200
    assert b"Severnside Family Connect" in response.content
    assert b"TF3 4AB" in response.content
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="person", object_id=str(person.pk)
    ).exists()


@pytest.mark.parametrize("role", [Role.POLICE_OFFICER, Role.INTELLIGENCE_ANALYST])
def test_other_agency_needs_break_glass(
    role: Role, police: Any, add_person: Callable[..., Person]
) -> None:
    person = add_person(given_name="Maya", family_name="Holt")
    user = create_user(agency=police, roles=[role])
    client = client_for(user)
    response = client.get(reverse("people:detail", args=[person.pk]))
    assert response.status_code == 403
    assert b"Maya" not in response.content
    response = client.post(
        reverse("people:detail", args=[person.pk]),
        {"reason": "Named in tonight's missing report, need to check"},
    )
    assert response.status_code == 302
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 200


@pytest.mark.parametrize(
    "role", [Role.PARTNER_CONTRIBUTOR, Role.PERFORMANCE_ANALYST, Role.LICENSING_OFFICER]
)
def test_roles_without_index_access(
    role: Role, police: Any, add_person: Callable[..., Person]
) -> None:
    person = add_person(given_name="Maya", family_name="Holt")
    client = client_for(create_user(agency=police, roles=[role]))
    assert client.get(reverse("people:detail", args=[person.pk])).status_code == 404
    assert client.get(reverse("people:search"), {"given_name": "Maya"}).status_code == 403
    assert client.get(reverse("people:create")).status_code == 403


def test_merge_and_unmerge_through_pages(advisor: User, add_person: Callable[..., Person]) -> None:
    a = add_person(given_name="Lily", family_name="Marsh", date_of_birth="2010-02-03")
    b = add_person(given_name="Lilly", family_name="Marsh", date_of_birth="2010-03-02")
    client = client_for(advisor)
    url = reverse("people:merge", args=[a.pk]) + f"?other_reference={b.reference}"
    page = client.get(url)
    assert page.status_code == 200
    assert b.reference.encode() in page.content
    missing_reason = client.post(url, {"reason": ""})
    assert missing_reason.status_code == 400
    response = client.post(url, {"reason": "Same child, school confirmed"})
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.merged_into == a
    merge = PersonMerge.objects.get()
    response = client.post(reverse("people:unmerge", args=[merge.pk]), {"reason": "Cousins"})
    assert response.status_code == 302
    b.refresh_from_db()
    assert b.merged_into is None


def test_review_queue_accept_and_reject(advisor: User, add_person: Callable[..., Person]) -> None:
    a = add_person(given_name="Jade", family_name="Kirk", date_of_birth="2007-05-06")
    b = add_person(given_name="Jayde", family_name="Kirk", date_of_birth="2007-05-06")
    c = add_person(given_name="Jade", family_name="Kirkby", date_of_birth="2007-06-05")
    first = LinkCandidate.objects.create(person_a=a, person_b=b, match_probability=0.9)
    second = LinkCandidate.objects.create(person_a=a, person_b=c, match_probability=0.7)
    client = client_for(advisor)
    queue = client.get(reverse("people:review_queue"))
    assert b"Review" in queue.content
    page = client.get(reverse("people:review_candidate", args=[first.pk]))
    assert page.status_code == 200
    client.post(
        reverse("people:review_candidate", args=[first.pk]),
        {"decision": "same", "reason": "Spelling variant"},
    )
    b.refresh_from_db()
    assert b.merged_into == a
    client.post(
        reverse("people:review_candidate", args=[second.pk]),
        {"decision": "different", "reason": "Different mother"},
    )
    second.refresh_from_db()
    assert second.decision == "rejected"
    assert client.get(reverse("people:review_candidate", args=[second.pk])).status_code == 404


def test_add_relationship_blocks_later_merge(
    advisor: User, add_person: Callable[..., Person]
) -> None:
    a = add_person(given_name="Lily", family_name="Marsh", date_of_birth="2010-02-03")
    b = add_person(given_name="Lilly", family_name="Marsh", date_of_birth="2010-02-03")
    client = client_for(advisor)
    url = reverse("people:relationship_add", args=[a.pk])
    bad = client.post(url, {"kind": "sibling_of", "other_reference": "P9999999"})
    assert bad.status_code == 400
    assert b"no person you can see" in bad.content
    response = client.post(url, {"kind": "sibling_of", "other_reference": b.reference})
    assert response.status_code == 302
    page = client.get(reverse("people:detail", args=[a.pk]))
    assert b"sibling of" in page.content
    merge_url = reverse("people:merge", args=[a.pk]) + f"?other_reference={b.reference}"
    refused = client.post(merge_url, {"reason": "look the same"})
    assert refused.status_code == 400
    assert b"recorded as siblings" in refused.content
