"""The JSON API at /api/v1/: token authentication, problem-details errors, audited reads."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import NinjaAPI, Schema, Status
from ninja.pagination import LimitOffsetPagination, paginate
from pydantic import Field

from safehub.accounts import services as account_services
from safehub.accounts.models import Agency, AgencyType
from safehub.accounts.rules import capabilities_for
from safehub.actions.api import router as actions_router
from safehub.api import problems
from safehub.api.auth import TokenAuth, caller
from safehub.audit.models import AuditAction
from safehub.audit.services import audit_record
from safehub.enquiries.api import router as enquiries_router
from safehub.frontdoor.api import router as frontdoor_router
from safehub.notifications.selectors import notification_list
from safehub.pathway.api import router as pathway_router
from safehub.people.api import router as people_router

api = NinjaAPI(
    title="safehub API",
    version="1",
    description=(
        "The JSON API of safehub. Authenticate with a personal token from your account page, "
        "sent as `Authorization: Bearer <token>`. Errors are RFC 9457 problem details "
        "(`application/problem+json`); validation errors list each field's path."
    ),
    auth=TokenAuth(),
    urls_namespace="api",
)
problems.install(api)
api.add_router("/", people_router)
api.add_router("/", frontdoor_router)
api.add_router("/", enquiries_router)
api.add_router("/", pathway_router)
api.add_router("/", actions_router)


class AgencyOut(Schema):
    id: int
    name: str
    short_name: str
    agency_type: str
    is_active: bool


class AgencyIn(Schema):
    name: str = Field(min_length=1, max_length=200)
    short_name: str = Field(default="", max_length=40)
    agency_type: AgencyType


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    job_title: str
    agency: AgencyOut
    roles: list[str]
    permissions: list[str]


class NotificationOut(Schema):
    id: int
    title: str
    body: str
    link: str
    created_at: Any
    read_at: Any | None


@api.get("/me", response=MeOut, tags=["account"], summary="The signed-in user")
def me(request: HttpRequest) -> dict[str, Any]:
    user: Any = caller(request)
    audit_record(actor=user, action=AuditAction.VIEW, object_type="user", object_id=user.pk)
    return {
        "id": user.pk,
        "email": user.email,
        "full_name": user.full_name,
        "job_title": user.job_title,
        "agency": user.agency,
        "roles": sorted(user.role_codes),
        "permissions": [c.permission for c in capabilities_for(user)],
    }


@api.get("/agencies", response=list[AgencyOut], tags=["agencies"], summary="The partnership")
def agencies(request: HttpRequest) -> Any:
    return Agency.objects.active().order_by("name")


@api.post(
    "/agencies",
    response={201: AgencyOut},
    tags=["agencies"],
    summary="Add an agency (administrators)",
)
def agency_create(request: HttpRequest, payload: AgencyIn) -> Status:
    agency = account_services.agency_create(
        actor=caller(request),
        name=payload.name,
        agency_type=payload.agency_type.value,
        short_name=payload.short_name,
    )
    return Status(201, agency)


@api.get(
    "/notifications",
    response=list[NotificationOut],
    tags=["account"],
    summary="Your notifications, newest first",
)
@paginate(LimitOffsetPagination)
def notifications(request: HttpRequest) -> Any:
    return notification_list(user=caller(request))
