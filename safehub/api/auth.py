"""Per-user bearer tokens for the JSON API."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer

from safehub.accounts.services import api_token_authenticate


def caller(request: HttpRequest) -> Any:
    """The user authenticated by TokenAuth (django-ninja stores it on request.auth)."""
    return getattr(request, "auth")  # noqa: B009


class TokenAuth(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> Any | None:
        user = api_token_authenticate(token.strip())
        if user is not None:
            request.user = user
        return user
