from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from safehub.accounts.models import Agency, Role, User
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
def officer(police: Agency) -> User:
    return create_user(agency=police, roles=[Role.POLICE_OFFICER], full_name="Olly Officer")


@pytest.fixture
def add_person(advisor: User) -> Callable[..., Person]:
    def add(actor: User | None = None, reason: str = "test", **fields: Any) -> Person:
        fields.setdefault("role", "child")
        return person_create(
            actor=actor or advisor, data=RecordInput(**fields), pass_over_reason=reason
        )

    return add
