from __future__ import annotations

from typing import Any

from django.conf import settings
from django.http import HttpRequest

from safehub.common.navigation import navigation_for


def shell(request: HttpRequest) -> dict[str, Any]:
    context: dict[str, Any] = {
        "service_name": settings.SAFEHUB_SERVICE_NAME,
        "service_phase": settings.SAFEHUB_PHASE,
    }
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        from safehub.notifications.selectors import notification_unread_count

        context["navigation"] = navigation_for(user, request.path)
        context["unread_notifications"] = notification_unread_count(user=user)
    return context
