"""Reading the audit trail and break-glass grants."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone

from safehub.audit.models import AuditEvent, BreakGlassAccess


@dataclass(frozen=True)
class AuditFilters:
    user: str = ""
    agency_id: int | None = None
    action: str = ""
    object_type: str = ""
    object_id: str = ""
    date_from: date | None = None
    date_to: date | None = None


def _start_of(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


def audit_event_search(*, viewer: Any, filters: AuditFilters) -> QuerySet[AuditEvent]:
    """Events matching the filters, newest first. Only auditors may call this (checked by the
    caller's permission and again here, so a new caller cannot forget)."""
    if not viewer.has_perm("audit.view_audit_trail"):
        return AuditEvent.objects.none()
    events = AuditEvent.objects.select_related("agency")
    if filters.user:
        events = events.filter(actor_email__icontains=filters.user.strip())
    if filters.agency_id:
        events = events.filter(agency_id=filters.agency_id)
    if filters.action:
        events = events.filter(action=filters.action)
    if filters.object_type:
        events = events.filter(object_type=filters.object_type.strip())
    if filters.object_id:
        events = events.filter(object_id=filters.object_id.strip())
    if filters.date_from:
        events = events.filter(occurred_at__gte=_start_of(filters.date_from))
    if filters.date_to:
        events = events.filter(occurred_at__lt=_start_of(filters.date_to) + timedelta(days=1))
    return events.order_by("-occurred_at", "-id")


def break_glass_active(*, user: Any, object_type: str, object_id: str | int) -> bool:
    """True while the user holds an unexpired break-glass grant for this record."""
    if not getattr(user, "is_authenticated", False):
        return False
    return BreakGlassAccess.objects.filter(
        user=user,
        object_type=object_type,
        object_id=str(object_id),
        expires_at__gt=timezone.now(),
    ).exists()


def break_glass_list(*, viewer: Any, unreviewed_only: bool = False) -> QuerySet[BreakGlassAccess]:
    if not viewer.has_perm("audit.review_break_glass"):
        return BreakGlassAccess.objects.none()
    grants = BreakGlassAccess.objects.select_related("user", "user__agency", "reviewed_by")
    if unreviewed_only:
        grants = grants.filter(reviewed_at__isnull=True)
    return grants.order_by("-granted_at")
