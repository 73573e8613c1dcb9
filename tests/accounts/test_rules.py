"""Every role against every permission, allowed and denied.

The expected table is written out here, not derived from safehub.accounts.rules, so that a
change to who may do what fails this test until someone changes the table on purpose.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
import rules

from safehub.accounts.models import Agency, Role, User
from safehub.accounts.rules import CAPABILITIES, capabilities_for
from tests.factories import create_agency, create_user

R = Role
ALLOWED: dict[str, set[Role]] = {
    "frontdoor.record_contact": {
        R.FRONT_DOOR_ADVISOR,
        R.SAFEGUARDING_SOCIAL_WORKER,
        R.TEAM_MANAGER,
    },
    "frontdoor.triage_contact": {R.SAFEGUARDING_SOCIAL_WORKER, R.TEAM_MANAGER},
    "frontdoor.view_queue": {
        R.FRONT_DOOR_ADVISOR,
        R.SAFEGUARDING_SOCIAL_WORKER,
        R.TEAM_MANAGER,
    },
    "frontdoor.report_missing": {
        R.POLICE_OFFICER,
        R.PARTNER_CONTRIBUTOR,
        R.FRONT_DOOR_ADVISOR,
        R.SAFEGUARDING_SOCIAL_WORKER,
        R.TEAM_MANAGER,
    },
    "frontdoor.record_return_interview": {
        R.CSE_PRACTITIONER,
        R.FRONT_DOOR_ADVISOR,
        R.SAFEGUARDING_SOCIAL_WORKER,
        R.TEAM_MANAGER,
    },
    "people.search_person_index": {
        R.FRONT_DOOR_ADVISOR,
        R.SAFEGUARDING_SOCIAL_WORKER,
        R.CSE_PRACTITIONER,
        R.TEAM_MANAGER,
        R.RISK_PANEL_CHAIR,
        R.POLICE_OFFICER,
        R.INTELLIGENCE_ANALYST,
    },
    "people.give_person_details": {
        R.FRONT_DOOR_ADVISOR,
        R.SAFEGUARDING_SOCIAL_WORKER,
        R.CSE_PRACTITIONER,
        R.TEAM_MANAGER,
        R.RISK_PANEL_CHAIR,
        R.POLICE_OFFICER,
        R.INTELLIGENCE_ANALYST,
        R.PARTNER_CONTRIBUTOR,
    },
    "people.create_person": {
        R.FRONT_DOOR_ADVISOR,
        R.SAFEGUARDING_SOCIAL_WORKER,
        R.CSE_PRACTITIONER,
        R.TEAM_MANAGER,
        R.RISK_PANEL_CHAIR,
        R.POLICE_OFFICER,
        R.INTELLIGENCE_ANALYST,
    },
    "people.merge_persons": {
        R.FRONT_DOOR_ADVISOR,
        R.SAFEGUARDING_SOCIAL_WORKER,
        R.TEAM_MANAGER,
    },
    "actions.work_on_actions": {
        R.FRONT_DOOR_ADVISOR,
        R.SAFEGUARDING_SOCIAL_WORKER,
        R.CSE_PRACTITIONER,
        R.TEAM_MANAGER,
        R.RISK_PANEL_CHAIR,
        R.POLICE_OFFICER,
        R.INTELLIGENCE_ANALYST,
        R.PARTNER_CONTRIBUTOR,
    },
    "actions.give_action": {R.SAFEGUARDING_SOCIAL_WORKER, R.TEAM_MANAGER, R.RISK_PANEL_CHAIR},
    "actions.draw_audit_sample": {R.TEAM_MANAGER, R.AUDITOR},
    "enquiries.open_enquiry": {R.SAFEGUARDING_SOCIAL_WORKER},
    "enquiries.contribute_to_enquiry": {
        R.PARTNER_CONTRIBUTOR,
        R.POLICE_OFFICER,
        R.SAFEGUARDING_SOCIAL_WORKER,
        R.CSE_PRACTITIONER,
        R.FRONT_DOOR_ADVISOR,
    },
    "pathway.hold_caseload": {R.CSE_PRACTITIONER},
    "pathway.allocate_case": {R.TEAM_MANAGER},
    "pathway.chair_risk_panel": {R.RISK_PANEL_CHAIR},
    "intelligence.submit_intelligence": {
        R.POLICE_OFFICER,
        R.INTELLIGENCE_ANALYST,
        R.LICENSING_OFFICER,
        R.CSE_PRACTITIONER,
        R.PARTNER_CONTRIBUTOR,
    },
    "intelligence.analyse_intelligence": {R.INTELLIGENCE_ANALYST, R.POLICE_OFFICER},
    "licensing.check_driver_register": {R.LICENSING_OFFICER},
    "reports.view_aggregate_reports": {
        R.PERFORMANCE_ANALYST,
        R.TEAM_MANAGER,
        R.RISK_PANEL_CHAIR,
        R.ADMINISTRATOR,
    },
    "accounts.manage_users": {R.ADMINISTRATOR},
    "accounts.manage_agencies": {R.ADMINISTRATOR},
    "accounts.use_django_admin": {R.ADMINISTRATOR},
    "audit.view_audit_trail": {R.AUDITOR},
    "audit.export_audit_trail": {R.AUDITOR},
    "audit.review_break_glass": {R.AUDITOR, R.ADMINISTRATOR},
    "accounts.use_break_glass": {
        R.FRONT_DOOR_ADVISOR,
        R.SAFEGUARDING_SOCIAL_WORKER,
        R.CSE_PRACTITIONER,
        R.TEAM_MANAGER,
        R.RISK_PANEL_CHAIR,
        R.POLICE_OFFICER,
        R.INTELLIGENCE_ANALYST,
    },
}

CASES = [(permission, role) for permission in ALLOWED for role in Role]


def test_table_covers_every_capability() -> None:
    assert {c.permission for c in CAPABILITIES} == set(ALLOWED)


@pytest.fixture
def user_with_role(db: Any) -> Callable[[Role], User]:
    agency = create_agency(name="Matrix Agency")

    def make(role: Role) -> User:
        return create_user(agency=agency, roles=[role])

    return make


@pytest.mark.parametrize(("permission", "role"), CASES, ids=[f"{p}-{r.value}" for p, r in CASES])
def test_role_against_permission(
    permission: str, role: Role, user_with_role: Callable[[Role], User]
) -> None:
    user = user_with_role(role)
    expected = role in ALLOWED[permission]
    assert user.has_perm(permission) is expected
    assert rules.has_perm(permission, user) is expected


@pytest.mark.parametrize("permission", sorted(ALLOWED))
def test_deactivated_user_has_no_permission(permission: str, db: Any) -> None:
    user = create_user(roles=list(Role), is_active=False)
    assert not rules.has_perm(permission, user)


@pytest.mark.parametrize("permission", sorted(ALLOWED))
def test_anonymous_has_no_permission(permission: str) -> None:
    from django.contrib.auth.models import AnonymousUser

    assert not rules.has_perm(permission, AnonymousUser())


def test_user_without_roles_has_nothing(db: Any) -> None:
    user = create_user(roles=[])
    assert capabilities_for(user) == []


def test_capabilities_listed_for_home_page(db: Any) -> None:
    user = create_user(roles=[Role.AUDITOR])
    assert {c.permission for c in capabilities_for(user)} == {
        "audit.view_audit_trail",
        "audit.export_audit_trail",
        "audit.review_break_glass",
        "actions.draw_audit_sample",
    }


class TestViewUserProfile:
    """accounts.view_user_profile: self, administrators, auditors, and colleagues in the same
    agency; nobody else."""

    @pytest.fixture
    def agencies(self, db: Any) -> tuple[Agency, Agency]:
        return create_agency(name="Agency A"), create_agency(name="Agency B")

    def test_self(self, agencies: tuple[Agency, Agency]) -> None:
        user = create_user(agency=agencies[0], roles=[Role.PARTNER_CONTRIBUTOR])
        assert user.has_perm("accounts.view_user_profile", user)

    def test_same_agency(self, agencies: tuple[Agency, Agency]) -> None:
        a = create_user(agency=agencies[0], roles=[Role.PARTNER_CONTRIBUTOR])
        b = create_user(agency=agencies[0], roles=[Role.POLICE_OFFICER])
        assert a.has_perm("accounts.view_user_profile", b)

    @pytest.mark.parametrize(
        "role",
        [r for r in Role if r not in {Role.ADMINISTRATOR, Role.AUDITOR}],
    )
    def test_other_agency_denied(self, role: Role, agencies: tuple[Agency, Agency]) -> None:
        viewer = create_user(agency=agencies[0], roles=[role])
        other = create_user(agency=agencies[1], roles=[Role.POLICE_OFFICER])
        assert not viewer.has_perm("accounts.view_user_profile", other)

    @pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.AUDITOR])
    def test_other_agency_allowed_for_oversight_roles(
        self, role: Role, agencies: tuple[Agency, Agency]
    ) -> None:
        viewer = create_user(agency=agencies[0], roles=[role])
        other = create_user(agency=agencies[1], roles=[Role.POLICE_OFFICER])
        assert viewer.has_perm("accounts.view_user_profile", other)

    def test_deactivated_viewer_denied_even_same_agency(
        self, agencies: tuple[Agency, Agency]
    ) -> None:
        viewer = create_user(agency=agencies[0], roles=[Role.POLICE_OFFICER], is_active=False)
        other = create_user(agency=agencies[0], roles=[Role.POLICE_OFFICER])
        assert not viewer.has_perm("accounts.view_user_profile", other)


def test_notification_read_only_by_recipient(db: Any) -> None:
    from safehub.notifications.services import notification_send

    a = create_user(roles=[Role.CSE_PRACTITIONER])
    b = create_user(roles=[Role.CSE_PRACTITIONER], agency=a.agency)
    note = notification_send(recipient=a, title="Hello", email=False)
    assert a.has_perm("notifications.read_notification", note)
    assert not b.has_perm("notifications.read_notification", note)


@pytest.mark.parametrize(
    ("role", "expected"),
    [(Role.ADMINISTRATOR, True), *[(r, False) for r in Role if r != Role.ADMINISTRATOR]],
)
def test_django_admin_model_permissions(role: Role, expected: bool, db: Any) -> None:
    user = create_user(roles=[role])
    assert user.has_perm("accounts.view_user") is expected
    assert user.is_staff is expected
    # Nobody may delete users or audit events, even through the admin.
    assert not user.has_perm("accounts.delete_user")
    assert not user.has_perm("audit.delete_auditevent")
    assert not user.has_perm("audit.change_auditevent")
