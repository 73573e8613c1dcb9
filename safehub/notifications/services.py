"""Sending and reading notifications."""

from __future__ import annotations

from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from safehub.audit.models import AuditAction
from safehub.audit.services import audit_record
from safehub.notifications.models import Notification


@transaction.atomic
def notification_send(
    *,
    recipient: Any,
    title: str,
    body: str = "",
    link: str = "",
    email: bool = True,
    dedupe_key: str = "",
) -> Notification:
    """Create an in-app notification and, after commit, e-mail the recipient.

    Titles and bodies must not name a child or carry case details: they appear in the header
    list, on the home page and in e-mail subjects. Link to the record instead; opening it is
    then scoped and audited like any other view.

    With a `dedupe_key`, sending the same alert twice (a retried task, a double submit) returns
    the first notification and sends nothing more.
    """
    if dedupe_key:
        existing = Notification.objects.filter(recipient=recipient, dedupe_key=dedupe_key).first()
        if existing is not None:
            return existing
    try:
        with transaction.atomic():
            notification = Notification.objects.create(
                recipient=recipient, title=title[:200], body=body, link=link, dedupe_key=dedupe_key
            )
    except IntegrityError:
        return Notification.objects.get(recipient=recipient, dedupe_key=dedupe_key)
    audit_record(
        actor=None,
        actor_email="system",
        action=AuditAction.NOTIFICATION_SENT,
        object_type="notification",
        object_id=notification.pk,
        details={"recipient_id": recipient.pk, "email": email},
    )
    if email and recipient.is_active:
        from safehub.notifications.tasks import send_notification_email

        transaction.on_commit(
            lambda: send_notification_email.enqueue(notification_id=notification.pk)
        )
    return notification


def notification_mark_read(*, actor: Any, notification: Notification) -> Notification:
    if notification.recipient_id != actor.pk:
        raise PermissionError("Not your notification")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


def notification_mark_all_read(*, actor: Any) -> int:
    return Notification.objects.for_user(actor).unread().update(read_at=timezone.now())
