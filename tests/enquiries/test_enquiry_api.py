"""Enquiry entries over the API: scoped to the caller's agency, idempotent, audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from safehub.accounts import services as account_services
from safehub.accounts.models import User
from safehub.audit.models import AuditEvent
from safehub.enquiries import services
from safehub.enquiries.models import Enquiry, EnquiryEntry
from tests.enquiries.conftest import entry

pytestmark = pytest.mark.django_db


def headers(user: User, key: str | None = None) -> dict[str, Any]:
    _, secret = account_services.api_token_create(actor=user, name="t")
    h = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    if key:
        h["HTTP_IDEMPOTENCY_KEY"] = key
    return h


def test_entries_over_the_api_are_scoped_idempotent_and_audited(
    invited: Enquiry, officer: User, teacher: User, social_worker: User, housing_officer: User
) -> None:
    services.enquiry_entry_add(actor=officer, enquiry=invited, data=entry("Police only"))
    url = f"/api/v1/enquiries/{invited.pk}/entries"
    body = {"kind": "known", "happened_on": "2026-11-02", "text": "School only"}
    h = headers(teacher, key="retry-1")
    first = Client().post(url, body, content_type="application/json", **h)
    assert first.status_code == 201, first.content
    again = Client().post(url, body, content_type="application/json", **h)
    assert again.status_code == 201 and again["Idempotent-Replayed"] == "true"
    assert again.json()["id"] == first.json()["id"]
    assert EnquiryEntry.objects.filter(agency=teacher.agency).count() == 1
    mine = Client().get(url, **headers(teacher)).json()
    assert [e["text"] for e in mine] == ["School only"]
    everything = Client().get(url, **headers(social_worker)).json()
    assert {e["text"] for e in everything} == {"School only", "Police only"}
    assert Client().get(url, **headers(housing_officer)).status_code == 404
    assert (
        Client()
        .post(url, body, content_type="application/json", **headers(housing_officer))
        .status_code
        == 404
    )
    assert (
        AuditEvent.objects.filter(object_type="enquiry", action="view", details__via="api").count()
        == 2
    )


def test_validation_errors_name_the_field(invited: Enquiry, teacher: User) -> None:
    response = Client().post(
        f"/api/v1/enquiries/{invited.pk}/entries",
        {"kind": "known", "happened_on": "2999-01-01", "text": ""},
        content_type="application/json",
        **headers(teacher),
    )
    assert response.status_code == 422
    fields = {e["field"] for e in response.json()["errors"]}
    assert {"/happened_on", "/text"} <= fields
