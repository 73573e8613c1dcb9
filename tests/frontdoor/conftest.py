from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from safehub.accounts.models import Agency, Role, User
from safehub.frontdoor import services
from safehub.frontdoor.models import Contact
from safehub.people.models import Person
from safehub.people.services import RecordInput, person_create
from tests.factories import create_agency, create_user


@pytest.fixture
def front_door(db: Any) -> Agency:
    return create_agency(name="Severnside Family Connect", agency_type="front_door")


@pytest.fixture
def police(db: Any) -> Agency:
    return create_agency(name="Midshire Police", agency_type="police")


@pytest.fixture
def advisor(front_door: Agency) -> User:
    return create_user(
        agency=front_door, roles=[Role.FRONT_DOOR_ADVISOR], full_name="Fran Frontdoor"
    )


@pytest.fixture
def social_worker(front_door: Agency) -> User:
    return create_user(
        agency=front_door, roles=[Role.SAFEGUARDING_SOCIAL_WORKER], full_name="Sam Safeguard"
    )


@pytest.fixture
def manager(front_door: Agency) -> User:
    return create_user(agency=front_door, roles=[Role.TEAM_MANAGER], full_name="Mo Manager")


@pytest.fixture
def officer(police: Agency) -> User:
    return create_user(agency=police, roles=[Role.POLICE_OFFICER], full_name="Olly Officer")


@pytest.fixture
def add_child(advisor: User) -> Callable[..., Person]:
    def add(
        given: str = "Kayleigh",
        family: str = "Brennan",
        dob: str = "2010-05-04",
        reason: str = "test fixture",
        **fields: Any,
    ) -> Person:
        return person_create(
            actor=advisor,
            data=RecordInput(
                role="child", given_name=given, family_name=family, date_of_birth=dob, **fields
            ),
            pass_over_reason=reason,
        )

    return add


@pytest.fixture
def record_contact(advisor: User) -> Callable[..., Contact]:
    """Record and submit a whole contact through the same service the API uses."""

    def record(
        child: Person,
        account: str = "Mum reports she has been staying out late.",
        contact_type: str = "other",
        answers: dict[str, Any] | None = None,
        actor: User | None = None,
        key: str | None = None,
        **extra: Any,
    ) -> Contact:
        data = services.ContactInput(
            channel=extra.pop("channel", "phone"),
            source=extra.pop("source", "1A"),
            contact_type=contact_type,
            account=account,
            people=[services.PersonOnContact(role="subject", person_id=child.pk)],
            answers=answers if answers is not None else {"nature": "worry"},
            referrer_name=extra.pop("referrer_name", "A. Parent"),
            **extra,
        )
        contact, _ = services.contact_record(actor=actor or advisor, data=data, idempotency_key=key)
        return contact

    return record
