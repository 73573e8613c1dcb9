"""Home page per role, static information pages and GOV.UK-styled error pages."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from safehub.accounts.rules import capabilities_for
from safehub.common.home import work_for
from safehub.notifications.selectors import notification_list


@login_required
def home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    return render(
        request,
        "common/home.html",
        {
            "capabilities": capabilities_for(user),
            "recent_notifications": notification_list(user=user)[:5],
            "work": work_for(user),
        },
    )


def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "common/accessibility.html")


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "common/privacy.html")


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/400.html", status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/403.html", status=403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "errors/404.html", status=404)


def server_error(request: HttpRequest) -> HttpResponse:
    # No context processors that touch the database: the error may be the database.
    from django.template import loader

    template = loader.get_template("errors/500.html")
    return HttpResponse(template.render({"service_name": "safehub"}), status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(request, "errors/csrf.html", status=403)
