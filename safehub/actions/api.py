"""Partner actions over the API: an agency lists its own actions and confirms them done (its
own system can do it for it); scoped like the pages and audited."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest
from ninja import Router, Schema
from pydantic import Field

from safehub.actions import selectors, services
from safehub.actions.models import PartnerAction
from safehub.api.auth import caller
from safehub.audit.models import AuditAction
from safehub.audit.services import audit_record

router = Router(tags=["actions"])


class ActionOut(Schema):
    id: int
    agency: str
    source: str
    what: str
    due_on: date
    status: str
    overdue: bool
    restricted: bool
    child_id: int
    case_reference: str | None
    contact_reference: str | None
    set_at: datetime
    completed_at: datetime | None
    evidence: str


class CompleteIn(Schema):
    evidence: str = Field(max_length=20_000, description="What was done, where it is recorded")


def _out(action: PartnerAction) -> dict[str, Any]:
    return {
        "id": action.pk,
        "agency": action.owning_agency.name,
        "source": action.source,
        "what": action.what,
        "due_on": action.due_on,
        "status": action.status,
        "overdue": action.is_overdue,
        "restricted": action.restricted,
        "child_id": action.child_id,
        "case_reference": action.case.reference if action.case else None,
        "contact_reference": action.contact.reference if action.contact else None,
        "set_at": action.set_at,
        "completed_at": action.completed_at,
        "evidence": action.evidence,
    }


@router.get("/actions", response=list[ActionOut], summary="Your agency's actions")
def action_list(
    request: HttpRequest, status: Literal["open", "done", "withdrawn"] = "open"
) -> list[dict[str, Any]]:
    user = caller(request)
    actions = list(selectors.agency_actions(user=user, status=status)[:1000])
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type="partner_action_list",
        details={"via": "api", "status": status, "actions": [a.pk for a in actions]},
    )
    return [_out(a) for a in actions]


def _get(request: HttpRequest, action_id: int) -> tuple[Any, PartnerAction]:
    user = caller(request)
    action = selectors.action_get_for_user(user=user, action_id=action_id)
    if action is None:
        raise Http404
    return user, action


@router.get("/actions/{action_id}", response=ActionOut, summary="One action")
def action_detail(request: HttpRequest, action_id: int) -> dict[str, Any]:
    user, action = _get(request, action_id)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type="partner_action",
        object_id=action.pk,
        details={"via": "api"},
    )
    return _out(action)


@router.post(
    "/actions/{action_id}/complete",
    response=ActionOut,
    summary="Confirm your agency's action done, with the evidence (a retry changes nothing)",
)
def action_complete(request: HttpRequest, action_id: int, payload: CompleteIn) -> dict[str, Any]:
    user, action = _get(request, action_id)
    return _out(services.action_complete(actor=user, action=action, evidence=payload.evidence))
