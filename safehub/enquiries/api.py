"""Enquiry entries over the API, scoped to the caller's agency (a safeguarding social worker
sees every agency's) and audited."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from safehub.api.auth import caller
from safehub.audit.models import AuditAction
from safehub.audit.services import audit_record
from safehub.enquiries import selectors, services
from safehub.enquiries.models import EnquiryEntry

router = Router(tags=["enquiries"])


class EntryIn(Schema):
    kind: Literal["known", "involvement", "concern"]
    happened_on: date
    text: str = Field(max_length=20_000)
    about_person_id: int | None = Field(
        default=None, description="A person of concern in the index (empty: the child)"
    )
    about_description: str = Field(default="", max_length=300)
    informant: str = Field(default="", max_length=300)
    informant_identity_protected: bool = False


class EntryOut(Schema):
    id: int
    agency: str
    kind: str
    happened_on: date
    about_person_id: int | None
    about_description: str
    text: str
    informant: str | None
    relevant: bool
    created_at: datetime


def _entry_out(entry: EnquiryEntry, user: Any) -> dict[str, Any]:
    protected = entry.informant_identity_protected and not user.has_perm(
        "enquiries.see_protected_informant", entry
    )
    return {
        "id": entry.pk,
        "agency": entry.agency.name,
        "kind": entry.kind,
        "happened_on": entry.happened_on,
        "about_person_id": entry.about_person_id,
        "about_description": entry.about_description,
        "text": entry.text,
        "informant": None if protected else entry.informant,
        "relevant": entry.relevant,
        "created_at": entry.created_at,
    }


@router.get(
    "/enquiries/{enquiry_id}/entries",
    response=list[EntryOut],
    summary="The enquiry's entries you may read (your agency's; all for a social worker)",
)
def entries_list(request: HttpRequest, enquiry_id: int) -> list[dict[str, Any]]:
    user = caller(request)
    enquiry = selectors.enquiry_get_for_user(user=user, enquiry_id=enquiry_id)
    if enquiry is None:
        raise Http404
    entries = list(selectors.entries_visible(user=user, enquiry=enquiry))
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type="enquiry",
        object_id=enquiry.pk,
        details={"via": "api", "entries_shown": [e.pk for e in entries]},
    )
    return [_entry_out(e, user) for e in entries]


@router.post(
    "/enquiries/{enquiry_id}/entries",
    response={201: EntryOut},
    summary="Add your agency's entry (retries with the same Idempotency-Key return the first)",
)
def entries_add(
    request: HttpRequest, response: HttpResponse, enquiry_id: int, payload: EntryIn
) -> Status:
    user = caller(request)
    enquiry = selectors.enquiry_get_for_user(user=user, enquiry_id=enquiry_id)
    if enquiry is None:
        raise Http404
    if not user.has_perm("enquiries.add_entry", enquiry):
        raise HttpError(403, "Your agency cannot add to this enquiry")
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > 150:
        raise HttpError(400, "Idempotency-Key is longer than 150 characters")
    submission_key = f"api-{user.pk}-{key}" if key else ""
    replay = bool(
        submission_key and EnquiryEntry.objects.filter(submission_key=submission_key).exists()
    )
    entry = services.enquiry_entry_add(
        actor=user,
        enquiry=enquiry,
        data=services.EntryInput(**payload.model_dump(), submission_key=submission_key),
    )
    if replay:
        response["Idempotent-Replayed"] = "true"
    return Status(201, _entry_out(entry, user))
