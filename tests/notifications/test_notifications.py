"""In-app notifications with an unread count in the header; e-mail through the task queue."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from safehub.accounts.models import Role, User
from safehub.notifications.models import Notification
from safehub.notifications.services import notification_send


@pytest.fixture
def worker(make_user: Any) -> User:
    return make_user(Role.CSE_PRACTITIONER, full_name="Wren Worker")


def test_send_creates_notification_and_emails_after_commit(
    worker: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        note = notification_send(
            recipient=worker, title="Contact reached acute threshold", link="/"
        )
    assert note.read_at is None
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [worker.email]
    assert "Contact reached acute threshold" in message.subject
    assert "details are only shown in safehub" in message.body
    note.refresh_from_db()
    assert note.emailed_at is not None


def test_no_email_when_rolled_back(worker: User, django_capture_on_commit_callbacks: Any) -> None:
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                notification_send(recipient=worker, title="Will roll back")
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_dedupe_key_prevents_double_alert(
    worker: User, django_capture_on_commit_callbacks: Any
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        first = notification_send(recipient=worker, title="Alert", dedupe_key="contact-1-acute")
        second = notification_send(recipient=worker, title="Alert", dedupe_key="contact-1-acute")
    assert first.pk == second.pk
    assert Notification.objects.count() == 1
    assert len(mail.outbox) == 1


def test_deactivated_recipient_gets_no_email(
    worker: User, django_capture_on_commit_callbacks: Any
) -> None:
    worker.is_active = False
    worker.save()
    with django_capture_on_commit_callbacks(execute=True):
        notification_send(recipient=worker, title="Alert")
    assert mail.outbox == []


def test_unread_count_in_header_and_mark_read(worker: User) -> None:
    notification_send(recipient=worker, title="First", email=False, link="/accounts/account/")
    notification_send(recipient=worker, title="Second", email=False)
    client = Client()
    client.force_login(worker)
    home = client.get("/")
    assert b'aria-label="2 unread"' in home.content
    first = Notification.objects.get(title="First")
    response = client.post(reverse("notifications:open", args=[first.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/accounts/account/"
    assert b'aria-label="1 unread"' in client.get("/").content
    client.post(reverse("notifications:read_all"))
    assert b"(none unread)" in client.get("/").content


def test_others_cannot_open_my_notification(worker: User, make_user: Any) -> None:
    note = notification_send(recipient=worker, title="Private", email=False)
    client = Client()
    client.force_login(make_user(Role.CSE_PRACTITIONER))
    assert client.post(reverse("notifications:open", args=[note.pk])).status_code == 404
    listing = client.get(reverse("notifications:list"))
    assert b"Private" not in listing.content
    note.refresh_from_db()
    assert note.read_at is None


def test_external_link_not_followed(worker: User) -> None:
    note = notification_send(
        recipient=worker, title="Odd", email=False, link="https://evil.example/"
    )
    client = Client()
    client.force_login(worker)
    response = client.post(reverse("notifications:open", args=[note.pk]))
    assert response["Location"] == reverse("notifications:list")


def test_email_backend_is_configurable(settings: Any) -> None:
    from config.settings import base

    assert base.EMAIL_BACKEND == "django.core.mail.backends.smtp.EmailBackend"
    import config.settings.dev as dev

    assert dev.EMAIL_BACKEND == "django.core.mail.backends.console.EmailBackend"
