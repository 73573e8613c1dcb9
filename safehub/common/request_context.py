"""The request that caused the current work, for the audit trail.

Set by `RequestIdMiddleware` for web requests and by the API for token requests; empty for the
command line and background tasks (the audit event then records no IP address).
"""

from __future__ import annotations

import contextvars
import uuid
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    ip_address: str | None


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "safehub_request_context", default=None
)


def new_request_id() -> str:
    return uuid.uuid4().hex


def set_context(context: RequestContext | None) -> contextvars.Token[RequestContext | None]:
    return _current.set(context)


def reset_context(token: contextvars.Token[RequestContext | None]) -> None:
    _current.reset(token)


def current() -> RequestContext | None:
    return _current.get()
