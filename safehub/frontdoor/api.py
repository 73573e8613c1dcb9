"""Partner API for the front door: contacts and missing episodes, idempotent and scoped.

`Idempotency-Key` (header, up to 200 characters) makes a POST safe to retry: the same caller
sending the same key gets the first result again (201, with `Idempotent-Replayed: true`) and
no second record is created.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from safehub.api.auth import caller
from safehub.audit.models import AuditAction
from safehub.audit.services import audit_record
from safehub.frontdoor import selectors, services
from safehub.frontdoor.models import Channel, Contact, MissingEpisode
from safehub.people.models import PersonRole
from safehub.people.services import RecordInput

router = Router(tags=["front door"])


class PersonOnContactIn(Schema):
    role: Literal["subject", "parent_carer", "family_member", "person_of_concern", "other"]
    person_id: int | None = Field(
        default=None,
        description="The person-index id (from /people/search or POST /people); required for "
        "a child the contact is about",
    )
    name_as_given: str = Field(default="", max_length=200)
    description: str = Field(default="", max_length=5000)


class ContactIn(Schema):
    channel: Channel = Channel.PARTNER_API
    source: str = Field(description="DfE CIN census referral source code, e.g. 2A for schools")
    contact_type: str = Field(description="Contact type code, e.g. cse-concern")
    account: str = Field(min_length=1, max_length=50_000)
    people: list[PersonOnContactIn] = Field(min_length=1)
    answers: dict[str, Any] = Field(default_factory=dict)
    received_at: datetime | None = None
    referrer_anonymous: bool = False
    referrer_name: str = Field(default="", max_length=200)
    referrer_role: str = Field(default="", max_length=200)
    referrer_organisation: str = Field(default="", max_length=200)
    referrer_phone: str = Field(default="", max_length=50)
    referrer_email: str = Field(default="", max_length=254)
    referrer_is_professional: bool = True
    referrer_identity_protected: bool = False


class ContactOut(Schema):
    id: int
    reference: str
    status: str
    kind: str
    is_cse_concern: bool
    received_at: datetime | None
    decision_due_at: datetime | None
    level: int | None
    rag: str
    suggested_level: int | None
    suggested_rag: str
    outcome: str | None


class ChildIn(Schema):
    """A child's details, for a reporter who cannot search the person index (a school): safehub
    matches them itself and never tells the reporter whether the child was already known."""

    given_name: str = Field(max_length=100)
    family_name: str = Field(max_length=100)
    date_of_birth: str = Field(default="", description="YYYY-MM-DD", max_length=10)
    sex: Literal["F", "M", "U"] = Field(default="U", description="F, M or U (unknown)")
    postcode: str = Field(default="", max_length=10)
    upn: str = Field(default="", description="Unique pupil number", max_length=13)
    address: str = Field(default="", max_length=500)


class MissingIn(Schema):
    person_id: int | None = Field(
        default=None, description="The child in the person index (or give `child` instead)"
    )
    child: ChildIn | None = None
    source: Literal["police", "school"] = "police"
    kind: Literal["M", "A"] = Field(
        description="M: missing (whereabouts unknown); A: away without authorisation"
    )
    started_at: datetime
    ended_at: datetime | None = None
    school_days_missed: int | None = Field(default=None, ge=0)
    found_where: str = Field(default="", max_length=2000)
    found_with: str = Field(default="", max_length=2000)
    circumstances: str = Field(default="", max_length=20_000)
    police_reference: str = Field(default="", max_length=50)


class MissingOut(Schema):
    id: int
    reference: str
    person_id: int
    source: str
    kind: str
    started_at: datetime
    ended_at: datetime | None
    return_interview_due_at: datetime | None
    screening_level: str | None


def _idempotency_key(request: HttpRequest) -> str | None:
    key = request.headers.get("Idempotency-Key", "").strip()
    if len(key) > 200:
        raise HttpError(400, "Idempotency-Key is longer than 200 characters")
    return key or None


def _contact_out(contact: Contact, *, just_recorded: bool = False) -> dict[str, Any]:
    suggested = (
        contact.screenings.order_by("-screened_at", "-id").values_list("threshold_level", "rag")
    ).first()
    triage = None if just_recorded else getattr(contact, "triage", None)
    return {
        "id": contact.pk,
        "reference": contact.reference,
        "status": contact.status,
        "kind": contact.kind,
        "is_cse_concern": contact.is_cse_concern,
        "received_at": contact.received_at,
        "decision_due_at": contact.decision_due_at,
        "level": contact.level,
        "rag": contact.rag,
        "suggested_level": suggested[0] if suggested else None,
        "suggested_rag": suggested[1] if suggested else "",
        "outcome": triage.outcome if triage else None,
    }


@router.post("/contacts", response={201: ContactOut}, summary="Record a contact")
def contact_create(request: HttpRequest, response: HttpResponse, payload: ContactIn) -> Status:
    user = caller(request)
    if not user.has_perm("frontdoor.record_contact"):
        raise HttpError(403, "You cannot record contacts")
    data = services.ContactInput(
        channel=payload.channel.value,
        source=payload.source,
        contact_type=payload.contact_type,
        account=payload.account,
        people=[
            services.PersonOnContact(
                role=p.role,
                person_id=p.person_id,
                name_as_given=p.name_as_given,
                description=p.description,
            )
            for p in payload.people
        ],
        answers=payload.answers,
        received_at=payload.received_at,
        referrer_anonymous=payload.referrer_anonymous,
        referrer_name=payload.referrer_name,
        referrer_role=payload.referrer_role,
        referrer_organisation=payload.referrer_organisation,
        referrer_phone=payload.referrer_phone,
        referrer_email=payload.referrer_email,
        referrer_is_professional=payload.referrer_is_professional,
        referrer_identity_protected=payload.referrer_identity_protected,
    )
    contact, created = services.contact_record(
        actor=user, data=data, idempotency_key=_idempotency_key(request)
    )
    if not created:
        response["Idempotent-Replayed"] = "true"
    return Status(201, _contact_out(contact, just_recorded=created))


@router.get("/contacts/{reference}", response=ContactOut, summary="A contact's status")
def contact_status(request: HttpRequest, reference: str) -> dict[str, Any]:
    user = caller(request)
    contact = selectors.contact_list_visible(user=user).filter(reference=reference).first()
    if contact is None:
        raise Http404
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type="contact",
        object_id=contact.pk,
        details={"via": "api"},
    )
    return _contact_out(contact)


def _missing_out(episode: MissingEpisode) -> dict[str, Any]:
    interview = getattr(episode, "return_interview", None)
    screening = episode.screenings.order_by("-screened_at", "-id").first()
    return {
        "id": episode.pk,
        "reference": episode.reference,
        "person_id": episode.person_id,
        "source": episode.source,
        "kind": episode.kind,
        "started_at": episode.started_at,
        "ended_at": episode.ended_at,
        "return_interview_due_at": interview.due_at if interview else None,
        "screening_level": screening.level_label if screening else None,
    }


@router.post("/missing-episodes", response={201: MissingOut}, summary="Report a missing episode")
def missing_create(request: HttpRequest, response: HttpResponse, payload: MissingIn) -> Status:
    user = caller(request)
    if not user.has_perm("frontdoor.report_missing"):
        raise HttpError(403, "You cannot report missing episodes")
    key = _idempotency_key(request)
    existing = (
        MissingEpisode.objects.filter(reported_by=user, idempotency_key=key).first()
        if key
        else None
    )
    fields = payload.model_dump(exclude={"child"})
    child = None
    if payload.child is not None:
        child = RecordInput(
            role=PersonRole.CHILD,
            **payload.child.model_dump(),
            submission_key=f"missing-{user.pk}-{key}" if key else "",
        )
    episode = services.missing_episode_record(
        actor=user,
        data=services.MissingInput(**fields, child=child),
        idempotency_key=key,
    )
    if existing is not None:
        response["Idempotent-Replayed"] = "true"
    return Status(201, _missing_out(episode))


@router.get(
    "/missing-episodes/{reference}", response=MissingOut, summary="A missing episode's status"
)
def missing_status(request: HttpRequest, reference: str) -> dict[str, Any]:
    user = caller(request)
    episode = selectors.missing_episodes_visible(user=user).filter(reference=reference).first()
    if episode is None:
        raise Http404
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type="missing_episode",
        object_id=episode.pk,
        details={"via": "api"},
    )
    return _missing_out(episode)
