"""Break-glass: out-of-scope records open only after a written reason, which is audited and
listed for review; people who may not use break-glass see plain "not found"."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from safehub.accounts.models import Agency, Role, User
from safehub.audit.models import AuditAction, AuditEvent, BreakGlassAccess
from safehub.audit.services import break_glass_grant, break_glass_review
from tests.factories import create_user


@pytest.fixture
def colleague_elsewhere(other_agency: Agency) -> User:
    return create_user(agency=other_agency, roles=[Role.POLICE_OFFICER], full_name="Petra Officer")


@pytest.fixture
def practitioner(make_user: Any) -> User:
    return make_user(Role.CSE_PRACTITIONER, full_name="Pat Practitioner")


def test_out_of_scope_profile_asks_for_reason(
    practitioner: User, colleague_elsewhere: User
) -> None:
    client = Client()
    client.force_login(practitioner)
    url = reverse("accounts:user_profile", args=[colleague_elsewhere.pk])
    response = client.get(url)
    assert response.status_code == 403
    assert b"outside your normal access" in response.content
    assert b"Petra Officer" not in response.content
    assert AuditEvent.objects.filter(action=AuditAction.ACCESS_DENIED).count() == 1


def test_short_reason_refused_with_message(practitioner: User, colleague_elsewhere: User) -> None:
    client = Client()
    client.force_login(practitioner)
    url = reverse("accounts:user_profile", args=[colleague_elsewhere.pk])
    response = client.post(url, {"reason": "need it"})
    assert response.status_code == 400
    assert b"at least 10 characters" in response.content
    assert not BreakGlassAccess.objects.exists()


def test_reason_opens_record_and_is_audited(practitioner: User, colleague_elsewhere: User) -> None:
    client = Client()
    client.force_login(practitioner)
    url = reverse("accounts:user_profile", args=[colleague_elsewhere.pk])
    reason = "Child at immediate risk; need the officer's number tonight"
    response = client.post(url, {"reason": reason})
    assert response.status_code == 302
    response = client.get(url)
    assert response.status_code == 200
    assert b"Petra Officer" in response.content
    grant = BreakGlassAccess.objects.get()
    assert grant.reason == reason
    assert grant.user == practitioner
    event = AuditEvent.objects.get(action=AuditAction.BREAK_GLASS)
    assert event.reason == reason
    assert event.object_id == str(colleague_elsewhere.pk)
    assert AuditEvent.objects.filter(
        action=AuditAction.VIEW, object_type="user", object_id=str(colleague_elsewhere.pk)
    ).exists()


def test_access_expires(practitioner: User, colleague_elsewhere: User) -> None:
    grant = break_glass_grant(
        actor=practitioner,
        object_type="user",
        object_id=colleague_elsewhere.pk,
        object_label="x",
        reason="Urgent safeguarding check needed",
    )
    BreakGlassAccess.objects.filter(pk=grant.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    client = Client()
    client.force_login(practitioner)
    response = client.get(reverse("accounts:user_profile", args=[colleague_elsewhere.pk]))
    assert response.status_code == 403


@pytest.mark.parametrize(
    "role", [Role.PERFORMANCE_ANALYST, Role.PARTNER_CONTRIBUTOR, Role.LICENSING_OFFICER]
)
def test_roles_without_break_glass_get_not_found(
    role: Role, make_user: Any, colleague_elsewhere: User
) -> None:
    client = Client()
    client.force_login(make_user(role))
    response = client.get(reverse("accounts:user_profile", args=[colleague_elsewhere.pk]))
    assert response.status_code == 404
    missing = client.get(reverse("accounts:user_profile", args=[999999]))
    assert missing.status_code == 404
    with pytest.raises(PermissionDenied):
        break_glass_grant(
            actor=make_user(role),
            object_type="user",
            object_id=colleague_elsewhere.pk,
            object_label="",
            reason="I would like to see this please",
        )


def test_same_agency_profile_needs_no_break_glass(make_user: Any) -> None:
    viewer = make_user(Role.PARTNER_CONTRIBUTOR)
    colleague = make_user(Role.POLICE_OFFICER, full_name="Near Colleague")
    client = Client()
    client.force_login(viewer)
    response = client.get(reverse("accounts:user_profile", args=[colleague.pk]))
    assert response.status_code == 200
    assert b"Near Colleague" in response.content


class TestReview:
    @pytest.fixture
    def grant(self, practitioner: User, colleague_elsewhere: User) -> BreakGlassAccess:
        return break_glass_grant(
            actor=practitioner,
            object_type="user",
            object_id=colleague_elsewhere.pk,
            object_label=colleague_elsewhere.full_name,
            reason="Urgent safeguarding check needed",
        )

    def test_listed_for_auditor_and_reviewed(self, auditor: User, grant: BreakGlassAccess) -> None:
        client = Client()
        client.force_login(auditor)
        listing = client.get(reverse("audit:break_glass_list"))
        assert b"Urgent safeguarding check needed" in listing.content
        response = client.post(
            reverse("audit:break_glass_review", args=[grant.pk]),
            {"outcome": "justified", "note": ""},
        )
        assert response.status_code == 302
        grant.refresh_from_db()
        assert grant.review_outcome == "justified"
        assert grant.reviewed_by == auditor
        listing = client.get(reverse("audit:break_glass_list"))
        assert b"Urgent safeguarding check needed" not in listing.content

    def test_not_justified_needs_a_note(self, auditor: User, grant: BreakGlassAccess) -> None:
        with pytest.raises(ValidationError):
            break_glass_review(actor=auditor, access=grant, outcome="not_justified", note="")
        client = Client()
        client.force_login(auditor)
        response = client.post(
            reverse("audit:break_glass_review", args=[grant.pk]), {"outcome": "not_justified"}
        )
        assert response.status_code == 400
        assert b"Explain why" in response.content

    def test_cannot_review_own_access(self, make_user: Any) -> None:
        both = make_user(Role.AUDITOR, Role.TEAM_MANAGER)
        target = make_user(Role.POLICE_OFFICER)
        grant = break_glass_grant(
            actor=both,
            object_type="user",
            object_id=target.pk,
            object_label="",
            reason="Reason long enough here",
        )
        with pytest.raises(ValidationError):
            break_glass_review(actor=both, access=grant, outcome="justified", note="")

    def test_others_cannot_review(self, make_user: Any, grant: BreakGlassAccess) -> None:
        client = Client()
        client.force_login(make_user(Role.TEAM_MANAGER))
        assert client.get(reverse("audit:break_glass_list")).status_code == 403
        assert (
            client.post(
                reverse("audit:break_glass_review", args=[grant.pk]), {"outcome": "justified"}
            ).status_code
            == 403
        )
