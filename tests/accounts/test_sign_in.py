"""Sign-in, failures, lockout and unlock, password reset, idle expiry, sign-out."""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import identify_hasher
from django.core import mail
from django.test import Client
from django.urls import reverse

from safehub.accounts.forms import SIGN_IN_ERROR
from safehub.accounts.models import Role, User
from safehub.accounts.services import user_deactivate, user_unlock
from safehub.audit.models import AuditAction, AuditEvent
from tests.factories import TEST_PASSWORD

LOGIN = "/accounts/sign-in/"


@pytest.fixture
def worker(make_user: Any) -> User:
    return make_user(Role.CSE_PRACTITIONER, email="worker@agency.example")


def sign_in(client: Client, email: str, password: str) -> Any:
    return client.post(LOGIN, {"username": email, "password": password})


def test_passwords_are_hashed_with_argon2(worker: User) -> None:
    assert identify_hasher(worker.password).algorithm == "argon2"
    assert settings.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_sign_in_succeeds_and_is_audited(worker: User) -> None:
    client = Client()
    response = sign_in(client, "WORKER@agency.example", TEST_PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert AuditEvent.objects.filter(actor=worker, action=AuditAction.LOGIN).exists()
    home = client.get("/")
    assert home.status_code == 200
    assert worker.full_name.encode() in home.content


@pytest.mark.parametrize(
    ("email", "password"),
    [("worker@agency.example", "wrong-password-1"), ("nobody@agency.example", TEST_PASSWORD)],
)
def test_failure_does_not_say_which_part_was_wrong(worker: User, email: str, password: str) -> None:
    response = sign_in(Client(), email, password)
    assert response.status_code == 400
    assert SIGN_IN_ERROR.encode() in response.content
    assert b"govuk-error-summary" in response.content
    assert AuditEvent.objects.filter(action=AuditAction.LOGIN_FAILED, actor_email=email).exists()


def test_empty_form_shows_field_errors(db: Any) -> None:
    response = Client().post(LOGIN, {"username": "", "password": ""})
    assert response.status_code == 400
    assert b"Enter your e-mail address" in response.content
    assert b"Enter your password" in response.content
    assert b'href="#id_username"' in response.content


def test_next_is_followed_only_within_the_site(worker: User) -> None:
    client = Client()
    response = client.post(
        LOGIN + "?next=/accounts/account/",
        {"username": worker.email, "password": TEST_PASSWORD, "next": "/accounts/account/"},
    )
    assert response["Location"] == "/accounts/account/"
    client = Client()
    response = client.post(
        LOGIN,
        {"username": worker.email, "password": TEST_PASSWORD, "next": "https://evil.example/"},
    )
    assert response["Location"] == "/"


def test_lockout_after_repeated_failures_then_admin_unlock(worker: User, admin_user: User) -> None:
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, worker.email, "wrong-password-1")
    locked = sign_in(client, worker.email, TEST_PASSWORD)
    assert locked.status_code == 429
    assert b"Your account is locked" in locked.content
    assert AuditEvent.objects.filter(action=AuditAction.LOCKED_OUT).exists()

    admin = Client()
    admin.force_login(admin_user)
    page = admin.get(reverse("accounts:user_detail", args=[worker.pk]))
    assert b"Locked out" in page.content
    response = admin.post(reverse("accounts:user_detail", args=[worker.pk]), {"action": "unlock"})
    assert response.status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.UNLOCK, object_id=str(worker.pk)).exists()

    assert sign_in(Client(), worker.email, TEST_PASSWORD).status_code == 302


def test_lockout_is_per_account_not_per_office(worker: User, make_user: Any) -> None:
    colleague = make_user(Role.CSE_PRACTITIONER, email="colleague@agency.example")
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, worker.email, "wrong-password-1")
    assert sign_in(Client(), colleague.email, TEST_PASSWORD).status_code == 302


def test_unlock_requires_administrator(worker: User, make_user: Any) -> None:
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        user_unlock(actor=make_user(Role.TEAM_MANAGER), user=worker)


def test_deactivated_user_cannot_sign_in_and_session_ends(worker: User, admin_user: User) -> None:
    client = Client()
    assert sign_in(client, worker.email, TEST_PASSWORD).status_code == 302
    user_deactivate(actor=admin_user, user=worker, reason="Left the agency")
    assert client.get("/").status_code == 302  # session no longer authenticates
    response = sign_in(Client(), worker.email, TEST_PASSWORD)
    assert response.status_code == 400
    assert SIGN_IN_ERROR.encode() in response.content


def test_sign_out_requires_post_and_is_audited(worker: User) -> None:
    client = Client()
    client.force_login(worker)
    assert client.get(reverse("accounts:logout")).status_code == 405
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert client.get("/").status_code == 302
    assert AuditEvent.objects.filter(actor=worker, action=AuditAction.LOGOUT).exists()


def _session_expiry_seconds(client: Client) -> float:
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    key = client.cookies[settings.SESSION_COOKIE_NAME].value
    session = Session.objects.get(session_key=key)
    return (session.expire_date - timezone.now()).total_seconds()


def test_idle_session_expiry_is_thirty_minutes_and_renewed_on_each_request(worker: User) -> None:
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    assert settings.SESSION_COOKIE_AGE == 30 * 60
    client = Client()
    client.force_login(worker)
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=2))
    assert client.get("/").status_code == 200
    assert 29 * 60 < _session_expiry_seconds(client) <= 30 * 60


def test_idle_expiry_is_configurable(worker: User, settings: Any) -> None:
    settings.SESSION_COOKIE_AGE = 5 * 60
    client = Client()
    client.force_login(worker)
    assert client.get("/").status_code == 200
    assert 4 * 60 < _session_expiry_seconds(client) <= 5 * 60


def test_expired_session_is_signed_out(worker: User) -> None:
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client = Client()
    client.force_login(worker)
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_password_reset_by_email(worker: User) -> None:
    client = Client()
    response = client.post(reverse("accounts:password_reset"), {"email": worker.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [worker.email]
    link = re.search(r"http://[^\s]+/accounts/password-reset/[^\s]+/", str(message.body))
    assert link is not None
    path = link.group(0).split("8000", 1)[1]
    response = client.get(path, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    new_password = "a-brand-new-passphrase-77"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    assert sign_in(Client(), worker.email, new_password).status_code == 302
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_RESET_REQUESTED).exists()
    assert AuditEvent.objects.filter(action=AuditAction.PASSWORD_SET, actor=worker).exists()


def test_password_reset_for_unknown_address_sends_nothing_but_looks_the_same(db: Any) -> None:
    response = Client().post(reverse("accounts:password_reset"), {"email": "who@nowhere.example"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_password_reset_rejects_weak_password(worker: User) -> None:
    client = Client()
    client.post(reverse("accounts:password_reset"), {"email": worker.email})
    found = re.search(r"/accounts/password-reset/[^\s]+/", str(mail.outbox[0].body))
    assert found is not None
    path = found.group(0)
    response = client.get(path, follow=True)
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "short", "new_password2": "short"})
    assert response.status_code == 200
    assert b"govuk-error-summary" in response.content
    assert b"too short" in response.content
