from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from safehub.notifications.models import Notification


def notification_list(*, user: Any) -> QuerySet[Notification]:
    return Notification.objects.for_user(user).order_by("-created_at", "-id")


def notification_unread_count(*, user: Any) -> int:
    return Notification.objects.for_user(user).unread().count()


def notification_get(*, user: Any, notification_id: int) -> Notification | None:
    return Notification.objects.for_user(user).filter(pk=notification_id).first()
