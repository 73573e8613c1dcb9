"""Audit events for Django's and django-axes's authentication signals.

These are the only signal receivers in safehub: sign-in happens inside Django and axes, not in
a service of ours, so their signals are where the events can be recorded.
"""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from safehub.audit.models import AuditAction
from safehub.audit.services import audit_record


@receiver(user_logged_in)
def audit_login(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action=AuditAction.LOGIN, object_type="user", object_id=user.pk)


@receiver(user_logged_out)
def audit_logout(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action=AuditAction.LOGOUT, object_type="user", object_id=user.pk)


@receiver(user_login_failed)
def audit_login_failed(sender: Any, credentials: dict[str, Any], **kwargs: Any) -> None:
    audit_record(
        actor=None,
        actor_email=str(credentials.get("username", ""))[:254],
        action=AuditAction.LOGIN_FAILED,
    )


@receiver(user_locked_out)
def audit_locked_out(sender: Any, request: Any, username: str | None, **kwargs: Any) -> None:
    audit_record(actor=None, actor_email=(username or "")[:254], action=AuditAction.LOCKED_OUT)
