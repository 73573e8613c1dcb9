"""A CSE team for pathway tests: a manager, practitioners in the team and one outside it, a
risk-panel chair, and a case referred from a triage decision."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from safehub.accounts.models import Agency, Role, User
from safehub.frontdoor import services as frontdoor_services
from safehub.frontdoor.models import Contact
from safehub.pathway.models import CseCase
from tests.factories import create_agency, create_user
from tests.frontdoor.conftest import (  # noqa: F401  (fixtures reused)
    add_child,
    advisor,
    front_door,
    record_contact,
    social_worker,
)


@pytest.fixture
def cate(db: Any) -> Agency:
    return create_agency(name="Severnside CATE Team", agency_type="cse_team")


@pytest.fixture
def manager(cate: Agency) -> User:
    return create_user(agency=cate, roles=[Role.TEAM_MANAGER], full_name="Mo Manager")


@pytest.fixture
def practitioner(cate: Agency) -> User:
    return create_user(agency=cate, roles=[Role.CSE_PRACTITIONER], full_name="Pip Practitioner")


@pytest.fixture
def colleague(cate: Agency) -> User:
    return create_user(agency=cate, roles=[Role.CSE_PRACTITIONER], full_name="Cal Colleague")


@pytest.fixture
def outsider(db: Any) -> User:
    other = create_agency(name="Neighbouring CSE Team", agency_type="cse_team")
    return create_user(agency=other, roles=[Role.CSE_PRACTITIONER], full_name="Out Sider")


@pytest.fixture
def chair(cate: Agency) -> User:
    return create_user(agency=cate, roles=[Role.RISK_PANEL_CHAIR], full_name="Cher Chair")


@pytest.fixture
def refer(
    social_worker: User,
    add_child: Callable[..., Any],
    record_contact: Callable[..., Contact],
) -> Callable[..., CseCase]:
    """Triage a new contact about a new child to the CSE pathway; return the case it opens."""
    counter = iter(range(1, 1000))

    def make(**child: Any) -> CseCase:
        n = next(counter)
        person = add_child(
            child.pop("given", f"Child{n}"),
            child.pop("family", "Brennan"),
            dob=child.pop("dob", "2010-05-04"),
            reason=f"test child {n}",
        )
        contact = record_contact(person)
        frontdoor_services.contact_triage(
            actor=social_worker, contact=contact, outcome="cse_pathway", reason="CSE indicators"
        )
        return CseCase.objects.get(child=person)

    return make
