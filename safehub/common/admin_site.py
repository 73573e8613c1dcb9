"""Django's admin site is for administrators only, and signs in through safehub's own page
(so lockout, 2FA and audit apply)."""

from __future__ import annotations

from typing import Any

from django.contrib.admin import AdminSite
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse


def restrict_admin_site(site: AdminSite) -> None:
    def has_permission(request: HttpRequest) -> bool:
        user: Any = request.user
        return bool(user.is_active and user.has_perm("accounts.use_django_admin"))

    def login(request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        if request.user.is_authenticated:
            raise PermissionDenied("The technical administration site is for administrators")
        return redirect(f"{reverse('accounts:login')}?next={request.get_full_path()}")

    site.has_permission = has_permission  # type: ignore[method-assign]
    site.login = login  # type: ignore[method-assign]
    site.site_header = "safehub technical administration"
    site.site_title = "safehub admin"
