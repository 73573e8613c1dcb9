"""RFC 9457 problem details for every API error, with field paths for validation errors."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import NinjaAPI
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

PROBLEM_CONTENT_TYPE = "application/problem+json"


def problem(
    request: HttpRequest,
    status: int,
    title: str,
    detail: str = "",
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
) -> HttpResponse:
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": title,
        "status": status,
        "instance": request.path,
    }
    if detail:
        body["detail"] = detail
    if errors is not None:
        body["errors"] = errors
    request_id = getattr(request, "request_id", "")
    if request_id:
        body["request_id"] = request_id
    response = JsonResponse(body, status=status, content_type=PROBLEM_CONTENT_TYPE)
    for key, value in (headers or {}).items():
        response[key] = value
    return response


def _pointer(loc: list[Any] | tuple[Any, ...]) -> str:
    """A field path such as 'body.payload.name' → '/name' (JSON pointer into the input)."""
    parts = [str(p) for p in loc]
    if parts and parts[0] in {"body", "query", "path", "form", "header", "cookie"}:
        source, parts = parts[0], parts[1:]
        if source == "body" and parts and parts[0] == "payload":
            parts = parts[1:]
    return "/" + "/".join(parts)


def install(api: NinjaAPI) -> None:
    def on_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        errors = [
            {
                "field": _pointer(err.get("loc", [])),
                "location": str(err.get("loc", ["body"])[0]),
                "message": err.get("msg", "Invalid value"),
                "code": err.get("type", "invalid"),
            }
            for err in exc.errors
        ]
        return problem(request, 422, "Validation failed", "Check the fields listed", errors)

    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        if hasattr(exc, "error_dict"):
            errors = [
                {
                    "field": "/" + field.replace(".", "/"),
                    "location": "body",
                    "message": msg,
                    "code": "invalid",
                }
                for field, messages in exc.message_dict.items()
                for msg in messages
            ]
        else:
            errors = [
                {"field": "/", "location": "body", "message": m, "code": "invalid"}
                for m in exc.messages
            ]
        return problem(request, 422, "Validation failed", "Check the fields listed", errors)

    def on_auth(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return problem(
            request,
            401,
            "Unauthorised",
            "Send a valid, unrevoked API token as 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": 'Bearer realm="safehub"'},
        )

    def on_http(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return problem(request, exc.status_code, str(exc) or "Error")

    def on_not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return problem(request, 404, "Not found")

    def on_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        # Reads answer 404 for what the caller may not see; writes they may not make answer 403.
        return problem(request, 403, "Forbidden", "You do not have permission to do this")

    handlers: list[tuple[type[Exception], Any]] = [
        (NinjaValidationError, on_validation),
        (DjangoValidationError, on_django_validation),
        (AuthenticationError, on_auth),
        (HttpError, on_http),
        (Http404, on_not_found),
        (PermissionDenied, on_denied),
    ]
    for exception_class, handler in handlers:
        api.add_exception_handler(exception_class, handler)
