"""Writing to the audit trail. Every other service calls `audit_record` inside its transaction."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from safehub.audit.models import AuditAction, AuditEvent, BreakGlassAccess
from safehub.common import request_context

MIN_BREAK_GLASS_REASON = 10


def audit_record(
    *,
    actor: Any | None,
    action: AuditAction | str,
    object_type: str = "",
    object_id: str | int = "",
    reason: str = "",
    details: dict[str, Any] | None = None,
    actor_email: str = "",
) -> AuditEvent:
    """Insert one audit event, with the current request's id and client address if any."""
    context = request_context.current()
    authenticated = actor is not None and getattr(actor, "is_authenticated", False)
    return AuditEvent.objects.create(
        occurred_at=timezone.now(),
        actor=actor if authenticated else None,
        actor_email=(actor.email if authenticated and actor is not None else actor_email)[:254],
        agency_id=getattr(actor, "agency_id", None) if authenticated else None,
        action=AuditAction(action),
        object_type=object_type,
        object_id=str(object_id),
        reason=reason,
        request_id=context.request_id if context else "",
        ip_address=context.ip_address if context else None,
        details=details or {},
    )


@transaction.atomic
def break_glass_grant(
    *, actor: Any, object_type: str, object_id: str | int, object_label: str, reason: str
) -> BreakGlassAccess:
    """Open one record outside the actor's normal scope for a limited time, with a reason."""
    if not actor.has_perm("accounts.use_break_glass"):
        raise PermissionDenied("You cannot use break-glass access")
    reason = reason.strip()
    if len(reason) < MIN_BREAK_GLASS_REASON:
        raise ValidationError(
            {"reason": f"Enter a reason of at least {MIN_BREAK_GLASS_REASON} characters"}
        )
    now = timezone.now()
    access = BreakGlassAccess.objects.create(
        user=actor,
        object_type=object_type,
        object_id=str(object_id),
        object_label=object_label[:200],
        reason=reason,
        granted_at=now,
        expires_at=now + timedelta(minutes=settings.SAFEHUB_BREAK_GLASS_MINUTES),
    )
    audit_record(
        actor=actor,
        action=AuditAction.BREAK_GLASS,
        object_type=object_type,
        object_id=object_id,
        reason=reason,
        details={"break_glass_id": access.pk, "expires_at": access.expires_at.isoformat()},
    )
    return access


@transaction.atomic
def break_glass_review(
    *, actor: Any, access: BreakGlassAccess, outcome: str, note: str
) -> BreakGlassAccess:
    if not actor.has_perm("audit.review_break_glass"):
        raise PermissionDenied("You cannot review break-glass access")
    if outcome not in {"justified", "not_justified"}:
        raise ValidationError({"outcome": "Select whether the access was justified"})
    if access.user_id == actor.pk:
        raise ValidationError({"outcome": "You cannot review your own break-glass access"})
    if outcome == "not_justified" and not note.strip():
        raise ValidationError({"note": "Explain why the access was not justified"})
    access.reviewed_by = actor
    access.reviewed_at = timezone.now()
    access.review_outcome = outcome
    access.review_note = note.strip()
    access.save(update_fields=["reviewed_by", "reviewed_at", "review_outcome", "review_note"])
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="break_glass",
        object_id=access.pk,
        reason=note.strip(),
        details={"outcome": outcome},
    )
    return access
