"""Partner API: idempotent POSTs, problem details with field paths, scoped and audited GETs."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safehub.accounts import services as account_services
from safehub.accounts.models import Role, User
from safehub.audit.models import AuditEvent
from safehub.frontdoor.models import Alert, AlertKind, Contact, MissingEpisode
from safehub.people.models import Person
from tests.factories import create_agency, create_user

pytestmark = pytest.mark.django_db


def headers(user: User, key: str | None = None) -> dict[str, Any]:
    _, secret = account_services.api_token_create(actor=user, name="t")
    h = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    if key:
        h["HTTP_IDEMPOTENCY_KEY"] = key
    return h


def contact_payload(child: Person) -> dict[str, Any]:
    return {
        "source": "6",
        "contact_type": "other",
        "answers": {"nature": "Found in a car with two adult men"},
        "account": "Police found her at 2am in a car with two older men she could not name.",
        "referrer_name": "PC Example",
        "referrer_email": "pc@police.example.org",
        "people": [
            {"role": "subject", "person_id": child.pk},
            {"role": "person_of_concern", "name_as_given": "Tiz", "description": "silver Audi"},
        ],
    }


def test_post_contact_is_idempotent(advisor: User, add_child: Callable[..., Person]) -> None:
    child = add_child()
    h = headers(advisor, key="retry-123")
    client = Client()
    first = client.post(
        "/api/v1/contacts", contact_payload(child), content_type="application/json", **h
    )
    assert first.status_code == 201, first.content
    body = first.json()
    assert body["reference"].startswith("C-")
    assert body["status"] == "awaiting_decision"
    assert body["decision_due_at"] is not None
    again = client.post(
        "/api/v1/contacts", contact_payload(child), content_type="application/json", **h
    )
    assert again.status_code == 201
    assert again.json()["id"] == body["id"]
    assert again["Idempotent-Replayed"] == "true"
    assert Contact.objects.count() == 1
    contact = Contact.objects.get()
    assert contact.people.count() == 2
    assert contact.people.get(role="person_of_concern").person is None


def test_validation_errors_have_field_paths(advisor: User) -> None:
    response = Client().post(
        "/api/v1/contacts",
        {
            "source": "99",
            "contact_type": "cse-concern",
            "account": "x",
            "people": [{"role": "subject"}],
        },
        content_type="application/json",
        **headers(advisor),
    )
    assert response.status_code == 422
    assert response["Content-Type"] == "application/problem+json"
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"/source", "/answers/child_safe_now", "/people/0/person_id"} <= fields
    assert Contact.objects.count() == 0

    missing = Client().post(
        "/api/v1/contacts", {"source": "6"}, content_type="application/json", **headers(advisor)
    )
    assert missing.status_code == 422
    assert "/account" in {e["field"] for e in missing.json()["errors"]}


def test_contact_status_is_scoped_and_audited(
    advisor: User, officer: User, add_child: Callable[..., Person]
) -> None:
    child = add_child()
    created = (
        Client()
        .post(
            "/api/v1/contacts",
            contact_payload(child),
            content_type="application/json",
            **headers(advisor),
        )
        .json()
    )
    mine = Client().get(f"/api/v1/contacts/{created['reference']}", **headers(advisor))
    assert mine.status_code == 200
    assert mine.json()["suggested_rag"] in {"green", "amber", "red"}
    assert AuditEvent.objects.filter(
        action="view", object_type="contact", object_id=str(created["id"])
    ).exists()
    # The police officer's agency did not record it: not found, as if it did not exist.
    theirs = Client().get(f"/api/v1/contacts/{created['reference']}", **headers(officer))
    assert theirs.status_code == 404


def test_officer_cannot_record_contacts(officer: User, add_child: Callable[..., Person]) -> None:
    response = Client().post(
        "/api/v1/contacts",
        contact_payload(add_child()),
        content_type="application/json",
        **headers(officer),
    )
    assert response.status_code == 403


def test_missing_episodes_over_api(
    officer: User, social_worker: User, add_child: Callable[..., Person]
) -> None:
    child = add_child()
    client = Client()
    now = timezone.now()
    for n in range(3):
        payload = {
            "person_id": child.pk,
            "kind": "M",
            "started_at": (now - timedelta(days=10 - n)).isoformat(),
            "circumstances": "Reported missing from home overnight.",
        }
        h = headers(officer, key=f"misper-{n}")
        response = client.post(
            "/api/v1/missing-episodes", payload, content_type="application/json", **h
        )
        assert response.status_code == 201, response.content
        retry = client.post(
            "/api/v1/missing-episodes", payload, content_type="application/json", **h
        )
        assert retry.json()["id"] == response.json()["id"]
    assert MissingEpisode.objects.count() == 3
    assert Alert.objects.filter(kind=AlertKind.MISSING_EPISODE).count() == 3
    assert Alert.objects.filter(kind=AlertKind.MISSING_STRATEGY).count() == 1
    reference = response.json()["reference"]
    status = client.get(f"/api/v1/missing-episodes/{reference}", **headers(officer))
    assert status.status_code == 200
    assert status.json()["screening_level"]


def test_missing_episode_validation(officer: User, add_child: Callable[..., Person]) -> None:
    child = add_child()
    response = Client().post(
        "/api/v1/missing-episodes",
        {
            "person_id": child.pk,
            "source": "school",
            "kind": "A",
            "started_at": timezone.now().isoformat(),
            "school_days_missed": 3,
        },
        content_type="application/json",
        **headers(officer),
    )
    assert response.status_code == 422
    assert "/school_days_missed" in {e["field"] for e in response.json()["errors"]}


def test_school_reports_child_missing_education(add_child: Callable[..., Person]) -> None:
    school = create_agency(name="Severnside Academy", agency_type="education")
    teacher = create_user(agency=school, roles=[Role.PARTNER_CONTRIBUTOR])
    child = add_child()
    response = Client().post(
        "/api/v1/missing-episodes",
        {
            "person_id": child.pk,
            "source": "school",
            "kind": "M",
            "started_at": (timezone.now() - timedelta(days=14)).isoformat(),
            "school_days_missed": 10,
        },
        content_type="application/json",
        **headers(teacher),
    )
    assert response.status_code == 201, response.content
    episode = MissingEpisode.objects.get()
    assert episode.screenings.get().answers.get("EDUCATION") == "current"


def _school_teacher() -> User:
    school = create_agency(name="Severnside Academy", agency_type="education")
    return create_user(agency=school, roles=[Role.PARTNER_CONTRIBUTOR])


def _cme_by_details(child: dict[str, Any]) -> dict[str, Any]:
    return {
        "child": child,
        "source": "school",
        "kind": "M",
        "started_at": (timezone.now() - timedelta(days=14)).isoformat(),
        "school_days_missed": 10,
    }


def test_a_school_reports_a_known_child_by_details_and_the_index_matches_them(
    add_child: Callable[..., Person],
) -> None:
    child = add_child("Kayleigh", "Brennan", dob="2010-05-04")
    teacher = _school_teacher()
    assert not teacher.has_perm("people.search_person_index")
    h = headers(teacher, key="cme-1")
    body = _cme_by_details(
        {"given_name": "Kayley", "family_name": "Brennan", "date_of_birth": "2010-05-04"}
    )
    first = Client().post("/api/v1/missing-episodes", body, content_type="application/json", **h)
    assert first.status_code == 201, first.content
    again = Client().post("/api/v1/missing-episodes", body, content_type="application/json", **h)
    assert again.json()["reference"] == first.json()["reference"]
    episode = MissingEpisode.objects.get()
    assert episode.person == child  # matched in the index (a nickname variant), not a new person
    assert Person.objects.count() == 1
    assert child.records.filter(source_agency=teacher.agency).count() == 1
    event = AuditEvent.objects.get(object_type="person", details__from_report=True)
    assert event.details["matched"] is True


def test_a_school_reporting_an_unknown_child_creates_a_person_and_learns_nothing(
    add_child: Callable[..., Person],
) -> None:
    add_child("Kayleigh", "Brennan", dob="2010-05-04")
    teacher = _school_teacher()
    body = _cme_by_details(
        {"given_name": "Maisie", "family_name": "Odell", "date_of_birth": "2011-09-30"}
    )
    response = Client().post(
        "/api/v1/missing-episodes", body, content_type="application/json", **headers(teacher)
    )
    assert response.status_code == 201, response.content
    episode = MissingEpisode.objects.get()
    assert episode.person.display_name.startswith("Maisie")
    assert Person.objects.count() == 2
    assert "matched" not in response.content.decode()


def test_a_child_given_two_ways_or_neither_is_refused_with_field_paths(
    add_child: Callable[..., Person],
) -> None:
    teacher = _school_teacher()
    child = add_child()
    both = _cme_by_details({"given_name": "Kayleigh", "family_name": "Brennan"})
    both["person_id"] = child.pk
    neither = _cme_by_details({"given_name": "Kayleigh", "family_name": "Brennan"})
    del neither["child"]
    bad_dob = _cme_by_details(
        {"given_name": "Kayleigh", "family_name": "Brennan", "date_of_birth": "31/02/2010"}
    )
    for body, field in (
        (both, "/child"),
        (neither, "/person_id"),
        (bad_dob, "/child/date_of_birth"),
    ):
        response = Client().post(
            "/api/v1/missing-episodes", body, content_type="application/json", **headers(teacher)
        )
        assert response.status_code == 422, response.content
        assert field in {e["field"] for e in response.json()["errors"]}
    assert not MissingEpisode.objects.exists()
