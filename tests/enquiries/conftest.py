"""A partnership for enquiry tests: the front door, police, a school, health, and an agency
that is never invited."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from safehub.accounts.models import Agency, Role, User
from safehub.enquiries import services
from safehub.enquiries.models import Enquiry
from safehub.frontdoor.models import Contact
from tests.factories import create_agency, create_user
from tests.frontdoor.conftest import (  # noqa: F401  (fixtures reused)
    add_child,
    advisor,
    front_door,
    record_contact,
    social_worker,
)


@pytest.fixture
def police_agency(db: Any) -> Agency:
    return create_agency(name="Midshire Police", agency_type="police")


@pytest.fixture
def school(db: Any) -> Agency:
    return create_agency(name="Eastfield Academy", agency_type="education")


@pytest.fixture
def health(db: Any) -> Agency:
    return create_agency(name="Severnside Health", agency_type="health")


@pytest.fixture
def housing(db: Any) -> Agency:
    return create_agency(name="Severnside Homes", agency_type="housing")


@pytest.fixture
def officer(police_agency: Agency) -> User:
    return create_user(agency=police_agency, roles=[Role.POLICE_OFFICER], full_name="Pat Police")


@pytest.fixture
def teacher(school: Agency) -> User:
    return create_user(agency=school, roles=[Role.PARTNER_CONTRIBUTOR], full_name="Tess Teacher")


@pytest.fixture
def nurse(health: Agency) -> User:
    return create_user(agency=health, roles=[Role.PARTNER_CONTRIBUTOR], full_name="Nia Nurse")


@pytest.fixture
def housing_officer(housing: Agency) -> User:
    return create_user(agency=housing, roles=[Role.PARTNER_CONTRIBUTOR], full_name="Hal Housing")


@pytest.fixture
def contact(add_child: Callable[..., Any], record_contact: Callable[..., Contact]) -> Contact:
    return record_contact(
        add_child("Kayleigh", "Brennan", dob="2010-05-04"),
        account="She has been getting into cars with older men after school.",
    )


@pytest.fixture
def enquiry(social_worker: User, contact: Contact) -> Enquiry:
    return services.enquiry_open(
        actor=social_worker, contact=contact, reason="Possible CSE: cars, older men"
    )


@pytest.fixture
def invited(
    enquiry: Enquiry, social_worker: User, police_agency: Agency, school: Agency, health: Agency
) -> Enquiry:
    services.enquiry_invite(
        actor=social_worker, enquiry=enquiry, agencies=[police_agency, school, health]
    )
    return enquiry


def entry(text: str, on: date = date(2026, 11, 1), **extra: Any) -> services.EntryInput:
    return services.EntryInput(kind=extra.pop("kind", "known"), happened_on=on, text=text, **extra)
