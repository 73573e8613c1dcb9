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


# --- The risk panel ---------------------------------------------------------------------


@pytest.fixture
def police(db: Any) -> Agency:
    return create_agency(name="Midshire Police", agency_type="police")


@pytest.fixture
def officer(police: Agency) -> User:
    return create_user(agency=police, roles=[Role.POLICE_OFFICER], full_name="Olly Officer")


@pytest.fixture
def health(db: Any) -> Agency:
    return create_agency(name="Severnside Health", agency_type="health")


@pytest.fixture
def health_partner(health: Agency) -> User:
    return create_user(agency=health, roles=[Role.PARTNER_CONTRIBUTOR], full_name="Hattie Health")


@pytest.fixture
def school(db: Any) -> Agency:
    return create_agency(name="Severnside Academy", agency_type="education")


@pytest.fixture
def school_partner(school: Agency) -> User:
    return create_user(
        agency=school, roles=[Role.PARTNER_CONTRIBUTOR], full_name="Sid Schoolteacher"
    )


@pytest.fixture
def awaiting_panel(
    refer: Callable[..., CseCase], manager: User, practitioner: User
) -> Callable[..., CseCase]:
    """A case allocated to the practitioner, assessed and sent to the risk panel."""
    from safehub.pathway import services
    from safehub.pathway.models import CaseStatus

    def make(**child: Any) -> CseCase:
        case = refer(**child)
        services.case_allocate(actor=manager, case=case, practitioner=practitioner)
        services.case_assess(
            actor=practitioner,
            case=case,
            answers={"MISSING": "current", "OLDER_PARTNER": "current"},
            narrative="Met her twice; cars, men",
        )
        return services.case_move(actor=practitioner, case=case, to=CaseStatus.AWAITING_PANEL)

    return make
