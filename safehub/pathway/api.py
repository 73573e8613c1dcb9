"""CSE case status over the API: scoped like the pages (404 for anyone who may not see the
case) and audited."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.http import Http404, HttpRequest
from ninja import Router, Schema

from safehub.api.auth import caller
from safehub.audit.models import AuditAction
from safehub.audit.services import audit_record
from safehub.pathway import selectors

router = Router(tags=["pathway"])


class CaseOut(Schema):
    id: int
    reference: str
    status: str
    grade: str
    practitioner: str | None
    allocated_at: datetime | None
    created_at: datetime
    ended_at: datetime | None


@router.get("/cases/{case_id}", response=CaseOut, summary="A CSE case's status")
def case_status(request: HttpRequest, case_id: int) -> dict[str, Any]:
    user = caller(request)
    case = selectors.case_get_for_user(user=user, case_id=case_id)
    if case is None:
        raise Http404
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type="cse_case",
        object_id=case.pk,
        details={"via": "api"},
    )
    return {
        "id": case.pk,
        "reference": case.reference,
        "status": case.status,
        "grade": case.grade,
        "practitioner": case.practitioner.full_name if case.practitioner else None,
        "allocated_at": case.allocated_at,
        "created_at": case.created_at,
        "ended_at": case.ended_at,
    }
