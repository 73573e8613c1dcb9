from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.test import Client

from safehub.accounts import services as account_services
from safehub.accounts.models import User
from safehub.audit.models import AuditEvent
from safehub.people.models import Person


def headers(user: User) -> dict[str, Any]:
    _, secret = account_services.api_token_create(actor=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_search_and_create_over_api(advisor: User, add_person: Callable[..., Person]) -> None:
    existing = add_person(given_name="William", family_name="Okafor", date_of_birth="2006-01-02")
    h = headers(advisor)
    response = Client().get(
        "/api/v1/people/search", {"given_name": "Bill", "family_name": "Okafor"}, **h
    )
    assert response.status_code == 200
    body = response.json()
    assert body["candidates"][0]["person_id"] == existing.pk
    assert {"field", "level", "detail"} <= set(body["candidates"][0]["evidence"][0])
    assert AuditEvent.objects.filter(action="search", object_type="person").exists()

    payload = {
        "given_name": "Billy",
        "family_name": "Okafor",
        "date_of_birth": "2006-01-02",
        "submission_key": "api-1",
    }
    conflict = Client().post("/api/v1/people", payload, content_type="application/json", **h)
    assert conflict.status_code == 409
    assert conflict.json()["candidates"][0]["person_id"] == existing.pk
    payload["pass_over_reason"] = "Cousin of the same name"
    created = Client().post("/api/v1/people", payload, content_type="application/json", **h)
    assert created.status_code == 201
    retry = Client().post("/api/v1/people", payload, content_type="application/json", **h)
    assert retry.json()["id"] == created.json()["id"]
    assert Person.objects.count() == 2


def test_api_validation_names_field(advisor: User) -> None:
    response = Client().post(
        "/api/v1/people",
        {"given_name": "Ava", "nhs_number": "123"},
        content_type="application/json",
        **headers(advisor),
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "/nhs_number"


def test_api_detail_scoped(officer: User, add_person: Callable[..., Person]) -> None:
    person = add_person(given_name="Maya", family_name="Holt")
    response = Client().get(f"/api/v1/people/{person.pk}", **headers(officer))
    assert response.status_code == 404
