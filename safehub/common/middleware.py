"""Request id, client address and safe response headers."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from safehub.common import request_context


def client_ip(request: HttpRequest) -> str | None:
    """The client's address as the server sees it.

    X-Forwarded-For is trusted only when SAFEHUB_TRUSTED_PROXY_COUNT says how many proxies
    stand in front of us; otherwise a client could write any address into the audit trail.
    """
    proxies = int(getattr(settings, "SAFEHUB_TRUSTED_PROXY_COUNT", 0) or 0)
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


class RequestIdMiddleware:
    """Gives every request an id (kept from X-Request-ID when sane) and records its context."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        incoming = request.META.get("HTTP_X_REQUEST_ID", "")
        request_id = (
            incoming
            if incoming and len(incoming) <= 64 and incoming.replace("-", "").isalnum()
            else request_context.new_request_id()
        )
        request.request_id = request_id  # type: ignore[attr-defined]
        token = request_context.set_context(
            request_context.RequestContext(request_id=request_id, ip_address=client_ip(request))
        )
        try:
            response = self.get_response(request)
        finally:
            request_context.reset_context(token)
        response["X-Request-ID"] = request_id
        return response


class SecurityHeadersMiddleware:
    """Content Security Policy and related headers; personal data is never cached."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if request.path.startswith(settings.STATIC_URL):
            return response
        csp = settings.SAFEHUB_CSP
        if request.path.startswith("/api/v1/docs"):
            # Swagger UI (served locally by django-ninja) sets inline styles and one inline
            # bootstrap script; relax only this page, which shows no personal data.
            csp = csp.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
        response.setdefault("Content-Security-Policy", csp)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        response.setdefault("Cache-Control", "no-store")
        return response
