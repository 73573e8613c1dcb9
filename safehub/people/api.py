"""Person index endpoints: search-before-create over the API too."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest
from ninja import Query, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import Field

from safehub.api.auth import caller
from safehub.audit.models import AuditAction
from safehub.audit.services import audit_record
from safehub.people import selectors, services
from safehub.people.matching import MatchQuery
from safehub.people.models import Person, PersonRole

router = Router(tags=["people"])


class SearchIn(Schema):
    given_name: str = ""
    family_name: str = ""
    date_of_birth: date | None = None
    postcode: str = ""
    nhs_number: str = ""


class EvidenceOut(Schema):
    field: str
    level: str
    detail: str


class CandidateOut(Schema):
    person_id: int
    reference: str
    display_name: str
    date_of_birth: date | None
    score: float
    strength: str
    evidence: list[EvidenceOut]


class SearchOut(Schema):
    candidates: list[CandidateOut]
    hidden_strong_matches: int


class PersonIn(Schema):
    role: PersonRole = PersonRole.CHILD
    given_name: str = Field(default="", max_length=100)
    family_name: str = Field(default="", max_length=100)
    nickname: str = Field(default="", max_length=100)
    date_of_birth: str = Field(default="", description="YYYY-MM-DD or DD/MM/YYYY")
    sex: str = "U"
    postcode: str = ""
    address: str = ""
    phone: str = ""
    email: str = ""
    nhs_number: str = ""
    upn: str = ""
    insist: list[str] = Field(
        default_factory=list,
        description="Fields to keep although they fail validation (marked unverified)",
    )
    pass_over_reason: str = Field(
        default="", description="Required when a strong candidate exists: why add a new person"
    )
    submission_key: str = Field(
        default="", max_length=64, description="Idempotency key: a retry returns the same person"
    )


class PersonOut(Schema):
    id: int
    reference: str
    display_name: str
    date_of_birth: date | None
    sex: str
    roles: list[str]


def _candidates(outcome: selectors.SearchOutcome) -> dict[str, Any]:
    return {
        "candidates": [
            {
                "person_id": c.person.pk,
                "reference": c.person.reference,
                "display_name": c.person.display_name,
                "date_of_birth": c.person.date_of_birth,
                "score": c.result.score,
                "strength": c.result.strength,
                "evidence": [
                    {"field": e.field, "level": e.level, "detail": e.detail}
                    for e in c.result.evidence
                ],
            }
            for c in outcome.candidates
        ],
        "hidden_strong_matches": outcome.hidden_strong_matches,
    }


@router.get("/people/search", response=SearchOut, summary="Search before create")
def search(request: HttpRequest, filters: Query[SearchIn]) -> dict[str, Any]:
    user = caller(request)
    if not user.has_perm("people.search_person_index"):
        raise HttpError(403, "You cannot search the person index")
    query = MatchQuery(
        given_name=filters.given_name,
        family_name=filters.family_name,
        date_of_birth=filters.date_of_birth,
        postcode=filters.postcode.strip().upper(),
        nhs_number=filters.nhs_number.replace(" ", ""),
    )
    if query.is_empty():
        raise ValidationError({"given_name": "Give at least a name, date of birth or identifier"})
    outcome = selectors.person_search(user=user, query=query)
    audit_record(
        actor=user,
        action=AuditAction.SEARCH,
        object_type="person",
        details={
            **filters.model_dump(mode="json", exclude_defaults=True),
            "results": [c.person.pk for c in outcome.candidates],
            "via": "api",
        },
    )
    return _candidates(outcome)


def _person_out(person: Person) -> dict[str, Any]:
    return {
        "id": person.pk,
        "reference": person.reference,
        "display_name": person.display_name,
        "date_of_birth": person.date_of_birth,
        "sex": person.sex,
        "roles": person.roles,
    }


@router.post(
    "/people",
    response={201: PersonOut, 409: SearchOut},
    summary="Add a person (409 with the candidates when a strong match exists and no reason given)",
)
def create(request: HttpRequest, payload: PersonIn) -> Status:
    user = caller(request)
    data = services.RecordInput(
        role=payload.role.value,
        given_name=payload.given_name,
        family_name=payload.family_name,
        date_of_birth=payload.date_of_birth,
        sex=payload.sex,
        postcode=payload.postcode,
        address=payload.address,
        phone=payload.phone,
        email=payload.email,
        nhs_number=payload.nhs_number,
        upn=payload.upn,
        aliases=[services.AliasInput("nickname", payload.nickname)] if payload.nickname else [],
        submission_key=payload.submission_key,
    )
    try:
        person = services.person_create(
            actor=user,
            data=data,
            insist=set(payload.insist),
            pass_over_reason=payload.pass_over_reason,
        )
    except ValidationError as exc:
        if hasattr(exc, "error_dict") and set(exc.message_dict) == {"pass_over_reason"}:
            clean = services.validate_record(data, insist=set(payload.insist))
            outcome = selectors.person_search(
                user=user, query=selectors.query_from_record_fields(clean.fields)
            )
            return Status(409, _candidates(outcome))
        raise
    return Status(201, _person_out(person))


@router.get("/people/{person_id}", response=PersonOut, summary="A person (scoped, audited)")
def detail(request: HttpRequest, person_id: int) -> dict[str, Any]:
    user = caller(request)
    person, _ = selectors.person_get_for_user(user=user, person_id=person_id)
    if person is None:
        raise Http404
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type="person",
        object_id=person.pk,
        details={"via": "api"},
    )
    return _person_out(person)
