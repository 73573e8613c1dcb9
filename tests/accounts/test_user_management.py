"""Administrators invite users (one-time link), set roles, deactivate and reactivate them;
nobody else can."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from safehub.accounts import services
from safehub.accounts.models import Agency, Invitation, Role, User
from safehub.audit.models import AuditAction, AuditEvent

NEW_PASSWORD = "lantern-orchard-heron-55"


def _invite_link(message: Any) -> str:
    match = re.search(r"/accounts/invitation/[^\s/]+/", message.body)
    assert match is not None, message.body
    return match.group(0)


@pytest.fixture
def admin_client(admin_user: User) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


def test_invite_accept_and_sign_in(
    admin_client: Client, agency: Agency, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            reverse("accounts:user_invite"),
            {
                "full_name": "Nia Newstarter",
                "email": "Nia.Newstarter@agency.example",
                "agency": agency.pk,
                "roles": [Role.CSE_PRACTITIONER, Role.TEAM_MANAGER],
            },
        )
    assert response.status_code == 302
    user = User.objects.get(email="nia.newstarter@agency.example")
    assert user.role_codes == {Role.CSE_PRACTITIONER, Role.TEAM_MANAGER}
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    link = _invite_link(mail.outbox[0])
    assert "http://127.0.0.1:8000" + link in mail.outbox[0].body
    assert AuditEvent.objects.filter(action=AuditAction.USER_INVITED).count() == 1

    newcomer = Client()
    page = newcomer.get(link)
    assert page.status_code == 200
    assert b"nia.newstarter@agency.example" in page.content
    response = newcomer.post(link, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert response.status_code == 302
    assert newcomer.get("/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.INVITATION_ACCEPTED).exists()

    # One-time: the link no longer works.
    again = Client().get(link)
    assert again.status_code == 404
    assert b"does not work" in again.content


@pytest.fixture
def invite(admin_user: User, agency: Agency, django_capture_on_commit_callbacks: Any) -> Any:
    def do(email: str) -> User:
        with django_capture_on_commit_callbacks(execute=True):
            return services.user_invite(
                actor=admin_user, email=email, full_name="Invitee", agency=agency, roles=["auditor"]
            )

    return do


def test_invitation_secret_is_stored_hashed(invite: Any) -> None:
    invite("h@agency.example")
    secret = _invite_link(mail.outbox[0]).split("/")[-2]
    invitation = Invitation.objects.get()
    assert secret not in invitation.token_hash
    assert len(invitation.token_hash) == 64


def test_expired_invitation_refused(invite: Any) -> None:
    from django.utils import timezone

    invite("e@agency.example")
    Invitation.objects.update(expires_at=timezone.now() - timedelta(minutes=1))
    assert Client().get(_invite_link(mail.outbox[0])).status_code == 404


def test_reinvite_revokes_old_link(
    admin_client: Client, invite: Any, django_capture_on_commit_callbacks: Any
) -> None:
    user = invite("r@agency.example")
    old_link = _invite_link(mail.outbox[0])
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(reverse("accounts:user_detail", args=[user.pk]), {"action": "reinvite"})
    assert len(mail.outbox) == 2
    assert Client().get(old_link).status_code == 404
    assert Client().get(_invite_link(mail.outbox[1])).status_code == 200


def test_invite_errors_shown_and_nothing_saved(admin_client: Client, agency: Agency) -> None:
    response = admin_client.post(
        reverse("accounts:user_invite"), {"full_name": "", "email": "not-an-email", "roles": []}
    )
    assert response.status_code == 400
    for message in [
        b"Enter the full name",
        b"Enter an e-mail address in the correct format",
        b"Select the agency",
        b"Select at least one role",
    ]:
        assert message in response.content
    assert b'href="#id_roles_0"' in response.content
    assert User.objects.count() == 1  # the administrator only
    assert mail.outbox == []


def test_invite_duplicate_email_is_a_clear_error(
    admin_client: Client, admin_user: User, agency: Agency
) -> None:
    data = {
        "full_name": "Dup",
        "email": admin_user.email.upper(),
        "agency": agency.pk,
        "roles": ["auditor"],
    }
    response = admin_client.post(reverse("accounts:user_invite"), data)
    assert response.status_code == 400
    assert b"already exists" in response.content
    assert User.objects.filter(email__iexact=admin_user.email).count() == 1


def test_set_roles_is_audited(admin_client: Client, make_user: Any) -> None:
    user = make_user(Role.POLICE_OFFICER)
    response = admin_client.post(
        reverse("accounts:user_detail", args=[user.pk]),
        {"action": "roles", "roles": [Role.INTELLIGENCE_ANALYST]},
    )
    assert response.status_code == 302
    user.forget_roles()
    assert user.role_codes == {Role.INTELLIGENCE_ANALYST}
    event = AuditEvent.objects.get(action=AuditAction.USER_ROLES_CHANGED)
    assert event.details == {"before": ["police_officer"], "after": ["intelligence_analyst"]}


def test_admin_cannot_remove_own_admin_role_or_deactivate_self(admin_user: User) -> None:
    with pytest.raises(ValidationError):
        services.user_set_roles(actor=admin_user, user=admin_user, roles=[Role.AUDITOR])
    with pytest.raises(ValidationError):
        services.user_deactivate(actor=admin_user, user=admin_user, reason="testing")


def test_deactivate_needs_reason_then_reactivate(admin_client: Client, make_user: Any) -> None:
    user = make_user(Role.POLICE_OFFICER)
    url = reverse("accounts:user_detail", args=[user.pk])
    response = admin_client.post(url, {"action": "deactivate", "reason": ""})
    assert response.status_code == 400
    assert b"Enter why the account is being deactivated" in response.content
    user.refresh_from_db()
    assert user.is_active

    admin_client.post(url, {"action": "deactivate", "reason": "Moved to another force"})
    user.refresh_from_db()
    assert not user.is_active
    assert AuditEvent.objects.get(action=AuditAction.USER_DEACTIVATED).reason == (
        "Moved to another force"
    )
    admin_client.post(url, {"action": "reactivate"})
    user.refresh_from_db()
    assert user.is_active


def test_user_list_search_and_filters(admin_client: Client, make_user: Any) -> None:
    make_user(Role.POLICE_OFFICER, full_name="Findable Person")
    make_user(Role.POLICE_OFFICER, full_name="Hidden Person", is_active=False)
    response = admin_client.get(reverse("accounts:user_list"), {"q": "findable"})
    assert [u.full_name for u in response.context["users"]] == ["Findable Person"]
    response = admin_client.get(reverse("accounts:user_list"), {"status": "deactivated"})
    assert [u.full_name for u in response.context["users"]] == ["Hidden Person"]


@pytest.mark.parametrize("role", [r for r in Role if r != Role.ADMINISTRATOR])
def test_non_administrators_cannot_manage_users(role: Role, make_user: Any, agency: Agency) -> None:
    user = make_user(role)
    target = make_user(Role.POLICE_OFFICER)
    client = Client()
    client.force_login(user)
    assert client.get(reverse("accounts:user_list")).status_code == 403
    assert client.get(reverse("accounts:user_invite")).status_code == 403
    assert client.get(reverse("accounts:agency_list")).status_code == 403
    response = client.post(
        reverse("accounts:user_detail", args=[target.pk]), {"action": "deactivate", "reason": "x"}
    )
    assert response.status_code == 403
    target.refresh_from_db()
    assert target.is_active
    with pytest.raises(PermissionDenied):
        services.user_invite(
            actor=user, email="x@agency.example", full_name="X", agency=agency, roles=["auditor"]
        )
    # Django's admin site is closed to them too.
    assert client.get("/django-admin/", follow=True).status_code == 403


def test_django_admin_open_to_administrators(admin_client: Client) -> None:
    response = admin_client.get("/django-admin/")
    assert response.status_code == 200
    assert b"Agencies" in response.content


def test_anonymous_redirected_to_sign_in(db: Any) -> None:
    response = Client().get(reverse("accounts:user_list"))
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/sign-in/")


def test_agency_created_by_administrator(admin_client: Client) -> None:
    response = admin_client.post(
        reverse("accounts:agency_list"),
        {"name": "Wrekin View School", "agency_type": "education", "short_name": ""},
    )
    assert response.status_code == 302
    assert Agency.objects.filter(name="Wrekin View School", agency_type="education").exists()
    response = admin_client.post(
        reverse("accounts:agency_list"), {"name": "wrekin view school", "agency_type": "education"}
    )
    assert response.status_code == 400
    assert b"already exists" in response.content


def test_admin_resets_lost_two_factor(admin_client: Client, make_user: Any) -> None:
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = make_user(Role.AUDITOR)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    url = reverse("accounts:user_detail", args=[user.pk])
    response = admin_client.post(url, {"action": "reset_2fa", "reason_2fa": ""}, follow=True)
    assert b"Enter why two-factor authentication is being reset" in response.content
    assert TOTPDevice.objects.filter(user=user).exists()
    admin_client.post(url, {"action": "reset_2fa", "reason_2fa": "Phone lost, identity checked"})
    assert not TOTPDevice.objects.filter(user=user).exists()
    event = AuditEvent.objects.get(action=AuditAction.TWO_FACTOR_REMOVED)
    assert event.reason == "Phone lost, identity checked"
    assert event.object_id == str(user.pk)


def test_change_own_password(make_user: Any) -> None:
    from tests.factories import TEST_PASSWORD

    user = make_user(Role.POLICE_OFFICER)
    client = Client()
    client.force_login(user)
    url = reverse("accounts:password_change")
    wrong = client.post(
        url,
        {"old_password": "nope", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert wrong.status_code == 400
    assert b"Your current password is not right" in wrong.content
    ok = client.post(
        url,
        {
            "old_password": TEST_PASSWORD,
            "new_password1": NEW_PASSWORD,
            "new_password2": NEW_PASSWORD,
        },
    )
    assert ok.status_code == 302
    assert client.get("/").status_code == 200  # this session stays signed in
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_SET, actor=user).exists()


def test_createsuperuser_makes_an_administrator(db: Any) -> None:
    user = User.objects.create_superuser(
        email="First.Admin@agency.example", password=NEW_PASSWORD, full_name="First Admin"
    )
    assert user.email == "first.admin@agency.example"
    assert user.role_codes == {Role.ADMINISTRATOR}
    assert user.has_perm("accounts.manage_users")
    assert not user.is_superuser
