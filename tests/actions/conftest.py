"""A partnership for action tests: the front door (social worker, manager), a school with a
teacher and its own manager, housing with no manager in safehub, police, and a CSE team."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from safehub.accounts.models import Agency, Role, User
from safehub.frontdoor import services as frontdoor_services
from safehub.frontdoor.models import Contact
from tests.enquiries.conftest import (  # noqa: F401  (fixtures reused)
    add_child,
    advisor,
    contact,
    enquiry,
    front_door,
    health,
    housing,
    housing_officer,
    invited,
    nurse,
    officer,
    police_agency,
    record_contact,
    school,
    social_worker,
    teacher,
)
from tests.factories import create_user

CSE_ANSWERS = {
    "child_safe_now": "yes",
    "older_person": "yes",
    "gifts": "no",
    "vehicles": "not_known",
    "missing": "no",
    "online": "no",
    "disclosure": "no",
}


@pytest.fixture
def head_teacher(school: Agency) -> User:
    return create_user(agency=school, roles=[Role.TEAM_MANAGER], full_name="Hedda Head")


@pytest.fixture
def cse_contact(
    add_child: Callable[..., Any], record_contact: Callable[..., Contact]
) -> Callable[..., Contact]:
    counter = iter(range(1, 10_000))

    def make(**extra: Any) -> Contact:
        n = next(counter)
        contact = record_contact(
            add_child(f"Child{n}", "Okafor", dob="2010-06-01", reason=f"test {n}"),
            contact_type="cse-concern",
            answers=CSE_ANSWERS,
            account="She is seen with an older man who buys her things.",
            **extra,
        )
        assert contact.is_cse_concern
        return contact

    return make


@pytest.fixture
def refer_to(social_worker: User) -> Callable[..., Any]:
    """Triage a contact as a referral to a partner agency."""

    def refer(contact: Contact, agency: Agency, reason: str = "Needs a school plan") -> Any:
        return frontdoor_services.contact_triage(
            actor=social_worker,
            contact=contact,
            outcome="refer_on",
            reason=reason,
            referred_to_agency=agency,
        )

    return refer
