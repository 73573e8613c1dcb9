"""Reads for enquiries, always scoped to the viewer: an agency sees only its own entries."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from safehub.enquiries.models import (
    Enquiry,
    EnquiryEntry,
    EnquiryInvitation,
    EnquiryStatus,
    SharingDecision,
)


def enquiries_visible(*, user: Any) -> QuerySet[Enquiry]:
    """Safeguarding social workers: every enquiry. Contributors: those their agency is
    invited to. Anyone else: none."""
    from safehub.enquiries.rules import can_contribute, sees_every_entry

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Enquiry.objects.none()
    if sees_every_entry.test(user):
        return Enquiry.objects.all()
    if can_contribute.test(user) and user.agency_id is not None:
        return Enquiry.objects.filter(invitations__agency_id=user.agency_id).distinct()
    return Enquiry.objects.none()


def enquiry_get_for_user(*, user: Any, enquiry_id: int) -> Enquiry | None:
    """The enquiry if the user may see it; None otherwise (not found and not allowed look the
    same)."""
    return (
        enquiries_visible(user=user)
        .select_related("contact", "child", "opened_by", "closed_by")
        .filter(pk=enquiry_id)
        .first()
    )


def entries_visible(*, user: Any, enquiry: Enquiry) -> QuerySet[EnquiryEntry]:
    """The enquiry's entries the user may read, in date order (the chronology): all of them
    for a safeguarding social worker, else only the user's own agency's."""
    from safehub.enquiries.rules import sees_every_entry

    entries = EnquiryEntry.objects.filter(enquiry=enquiry).select_related(
        "agency", "author", "about_person"
    )
    if sees_every_entry.test(user):
        return entries
    if getattr(user, "agency_id", None) is None:
        return entries.none()
    return entries.filter(agency_id=user.agency_id)


def entry_get_for_user(*, user: Any, entry_id: int) -> EnquiryEntry | None:
    from safehub.enquiries.rules import sees_every_entry

    entry = EnquiryEntry.objects.select_related("enquiry").filter(pk=entry_id).first()
    if entry is None:
        return None
    if sees_every_entry.test(user) or entry.agency_id == getattr(user, "agency_id", None):
        return entry if enquiries_visible(user=user).filter(pk=entry.enquiry_id).exists() else None
    return None


def invitations_for_agency(*, user: Any) -> QuerySet[EnquiryInvitation]:
    """The user's agency's enquiry tasks, open ones first by deadline."""
    from safehub.enquiries.rules import can_contribute

    if not can_contribute.test(user) or getattr(user, "agency_id", None) is None:
        return EnquiryInvitation.objects.none()
    return (
        EnquiryInvitation.objects.filter(agency_id=user.agency_id)
        .select_related("enquiry")
        .order_by("responded_at", "due_at", "id")
    )


def sharing_decisions_visible(*, user: Any, enquiry: Enquiry) -> QuerySet[SharingDecision]:
    """Every decision for a safeguarding social worker; the user's own agency's otherwise."""
    from safehub.enquiries.rules import sees_every_entry

    decisions = SharingDecision.objects.filter(enquiry=enquiry).select_related(
        "recipient_agency", "decided_by"
    )
    if sees_every_entry.test(user):
        return decisions
    return decisions.filter(Q(decided_by__agency_id=user.agency_id))


def home_work(user: Any) -> list[Any]:
    """The enquiries' lines on the home page: counts only."""
    from django.urls import reverse
    from django.utils import timezone

    from safehub.common.home import WorkItem
    from safehub.enquiries.rules import sees_every_entry

    items: list[WorkItem] = []
    if not getattr(user, "is_authenticated", False):
        return items
    waiting = invitations_for_agency(user=user).filter(
        responded_at__isnull=True, enquiry__status="open"
    )
    count = waiting.count()
    if count:
        overdue = waiting.filter(due_at__lt=timezone.now()).count()
        items.append(
            WorkItem(
                f"{count} enquir{'ies' if count != 1 else 'y'} waiting for your agency's answer"
                + (f", {overdue} overdue" if overdue else ""),
                reverse("enquiries:list"),
                urgent=bool(overdue),
            )
        )
    if sees_every_entry.test(user):
        opened = Enquiry.objects.filter(status=EnquiryStatus.OPEN).count()
        if opened:
            items.append(
                WorkItem(
                    f"{opened} open enquir{'ies' if opened != 1 else 'y'}",
                    reverse("enquiries:list"),
                )
            )
    return items
