"""Actions over the API: an agency lists and completes its own; others get 404; audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from safehub.accounts import services as account_services
from safehub.accounts.models import Agency, User
from safehub.actions.models import ActionStatus, PartnerAction
from safehub.audit.models import AuditEvent
from safehub.frontdoor.models import Contact

pytestmark = pytest.mark.django_db


def headers(user: User) -> dict[str, Any]:
    _, secret = account_services.api_token_create(actor=user, name="t")
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def test_agency_lists_and_completes_its_actions_over_the_api(
    contact: Contact,
    school: Agency,
    teacher: User,
    nurse: User,
    refer_to: Callable[..., Any],
) -> None:
    refer_to(contact, school)
    action = PartnerAction.objects.get()
    h = headers(teacher)
    listed = Client().get("/api/v1/actions", **h)
    assert listed.status_code == 200
    assert [a["id"] for a in listed.json()] == [action.pk]
    assert listed.json()[0]["contact_reference"] == contact.reference
    assert Client().get(f"/api/v1/actions/{action.pk}", **h).json()["status"] == "open"
    url = f"/api/v1/actions/{action.pk}/complete"
    empty = Client().post(url, {"evidence": ""}, content_type="application/json", **h)
    assert empty.status_code == 422 and empty.json()["errors"][0]["field"] == "/evidence"
    done = Client().post(url, {"evidence": "Plan in CPOMS"}, content_type="application/json", **h)
    assert done.status_code == 200 and done.json()["status"] == "done"
    retried = Client().post(
        url, {"evidence": "Plan in CPOMS"}, content_type="application/json", **h
    )
    assert retried.status_code == 200
    assert PartnerAction.objects.get().status == ActionStatus.DONE
    assert AuditEvent.objects.filter(actor=teacher, object_type="partner_action_list").exists()
    assert AuditEvent.objects.filter(
        actor=teacher, action="view", object_type="partner_action", object_id=str(action.pk)
    ).exists()
    # Another agency sees nothing of it.
    n = headers(nurse)
    assert Client().get("/api/v1/actions", **n).json() == []
    assert Client().get(f"/api/v1/actions/{action.pk}", **n).status_code == 404
    assert (
        Client().post(url, {"evidence": "x"}, content_type="application/json", **n).status_code
        == 404
    )
