"""Two-factor gate: users who must pass or set up 2FA can reach only those pages."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from safehub.accounts.two_factor import has_confirmed_device, two_factor_required

ALWAYS_ALLOWED_NAMES = ("accounts:logout", "common:accessibility", "common:privacy")


class TwoFactorRequiredMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith((settings.STATIC_URL, "/api/"))
        ):
            allowed = {reverse(name) for name in ALWAYS_ALLOWED_NAMES}
            if request.path not in allowed:
                verified = user.is_verified()
                if not verified and has_confirmed_device(user):
                    target = reverse("accounts:two_factor_verify")
                    if request.path != target:
                        return redirect(f"{target}?next={request.get_full_path()}")
                elif not verified and two_factor_required(user):
                    target = reverse("accounts:two_factor_enrol")
                    if request.path != target:
                        return redirect(target)
        return self.get_response(request)
