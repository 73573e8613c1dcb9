"""TOTP two-factor authentication: enrolment, the check at sign-in, and the requirement for
administrators and auditors when SAFEHUB_REQUIRE_2FA is on."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from safehub.accounts.models import Role, User
from safehub.audit.models import AuditAction, AuditEvent
from tests.factories import TEST_PASSWORD


def current_code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def sign_in(client: Client, user: User) -> Any:
    return client.post("/accounts/sign-in/", {"username": user.email, "password": TEST_PASSWORD})


def test_any_user_can_enrol_then_must_pass_check(make_user: Any) -> None:
    user = make_user(Role.PARTNER_CONTRIBUTOR)
    client = Client()
    sign_in(client, user)
    page = client.get(reverse("accounts:two_factor_enrol"))
    assert page.status_code == 200
    assert b"<svg" in page.content
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    wrong = client.post(reverse("accounts:two_factor_enrol"), {"otp_token": "000000"})
    assert wrong.status_code == 400
    assert b"The code is not right" in wrong.content
    ok = client.post(reverse("accounts:two_factor_enrol"), {"otp_token": current_code(device)})
    assert ok.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_ENROLLED).exists()

    # Next sign-in: password then code.
    client = Client()
    response = sign_in(client, user)
    assert response.status_code == 302
    gated = client.get("/")
    assert gated.status_code == 302
    assert gated["Location"].startswith(reverse("accounts:two_factor_verify"))
    assert client.get(reverse("accounts:user_profile", args=[user.pk])).status_code == 302
    bad = client.post(reverse("accounts:two_factor_verify"), {"otp_token": "12345"})
    assert bad.status_code == 400
    assert b"6-digit code" in bad.content
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    device.refresh_from_db()
    good = client.post(
        reverse("accounts:two_factor_verify"), {"otp_token": current_code(device), "next": "/"}
    )
    assert good.status_code == 302
    assert client.get("/").status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_VERIFIED).exists()


def test_failed_code_is_audited(make_user: Any) -> None:
    user = make_user(Role.PARTNER_CONTRIBUTOR)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client = Client()
    sign_in(client, user)
    client.post(reverse("accounts:two_factor_verify"), {"otp_token": "999999"})
    assert AuditEvent.objects.filter(action=AuditAction.TWO_FACTOR_FAILED, actor=user).exists()


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.AUDITOR])
def test_required_roles_must_enrol_when_setting_on(
    role: Role, make_user: Any, settings: Any
) -> None:
    settings.SAFEHUB_REQUIRE_2FA = True
    user = make_user(role)
    client = Client()
    sign_in(client, user)
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two_factor_enrol")
    # Sign-out is always reachable.
    assert client.post(reverse("accounts:logout")).status_code == 302


@pytest.mark.parametrize("role", [Role.ADMINISTRATOR, Role.AUDITOR])
def test_not_required_when_setting_off(role: Role, make_user: Any, settings: Any) -> None:
    settings.SAFEHUB_REQUIRE_2FA = False
    client = Client()
    sign_in(client, make_user(role))
    assert client.get("/").status_code == 200


def test_other_roles_not_forced_when_setting_on(make_user: Any, settings: Any) -> None:
    settings.SAFEHUB_REQUIRE_2FA = True
    client = Client()
    sign_in(client, make_user(Role.CSE_PRACTITIONER))
    assert client.get("/").status_code == 200


def test_required_user_cannot_remove_2fa(make_user: Any, settings: Any) -> None:
    from django.core.exceptions import ValidationError

    from safehub.accounts.two_factor import two_factor_remove

    settings.SAFEHUB_REQUIRE_2FA = True
    user = make_user(Role.AUDITOR)
    TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    with pytest.raises(ValidationError):
        two_factor_remove(actor=user)
    assert TOTPDevice.objects.filter(user=user).exists()


def test_production_settings_require_2fa() -> None:
    import importlib
    import os

    os.environ["SAFEHUB_SECRET_KEY"] = "x" * 50
    try:
        production = importlib.import_module("config.settings.production")
        assert production.SAFEHUB_REQUIRE_2FA is True
        dev = importlib.import_module("config.settings.dev")
        assert dev.SAFEHUB_REQUIRE_2FA is False
    finally:
        del os.environ["SAFEHUB_SECRET_KEY"]
