"""Background tasks: e-mail goes out from the worker, never from the web request."""

from __future__ import annotations

from django.conf import settings
from django.core.mail import send_mail
from django.utils import timezone
from django_tasks import task


@task()
def send_email(*, to: list[str], subject: str, body: str) -> int:
    sent: int = send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, to, fail_silently=False)
    return sent


@task()
def send_notification_email(*, notification_id: int) -> bool:
    from safehub.notifications.models import Notification

    notification = (
        Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    )
    if notification is None or notification.emailed_at is not None:
        return False
    if not notification.recipient.is_active:
        return False
    link = settings.SAFEHUB_BASE_URL + (notification.link or "/notifications/")
    body = (
        f"Hello {notification.recipient.full_name},\n\n"
        f"You have a new notification in safehub: {notification.title}\n\n"
        f"Sign in to see it: {link}\n\n"
        "For the safety of the children concerned, details are only shown in safehub.\n"
    )
    send_mail(
        f"safehub: {notification.title}",
        body,
        settings.DEFAULT_FROM_EMAIL,
        [notification.recipient.email],
    )
    Notification.objects.filter(pk=notification.pk).update(emailed_at=timezone.now())
    return True
