"""Reads at the front door, always scoped to the viewer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When
from django.utils import timezone

from safehub.frontdoor.models import (
    Alert,
    AlertQuerySet,
    Contact,
    ContactPerson,
    ContactPersonRole,
    ContactStatus,
    MissingEpisode,
    Rag,
    ReturnHomeInterview,
    ReturnInterviewStatus,
)


def contact_scope_filter(user: Any) -> Q:
    from safehub.frontdoor.rules import sees_all_contacts

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    from safehub.accounts.rules import is_police_officer

    mine = Q(recorded_by=user)
    if sees_all_contacts.test(user):
        return ~Q(status=ContactStatus.DRAFT) | mine
    shared = Q(recording_agency_id=user.agency_id)
    if is_police_officer.test(user):
        # Out-of-area placement notices go to the police CSE team's queue.
        shared |= Q(contact_type__code=OUT_OF_AREA_TYPE)
    return mine | (shared & ~Q(status=ContactStatus.DRAFT))


OUT_OF_AREA_TYPE = "out-of-area-placement"


def contact_list_visible(*, user: Any) -> QuerySet[Contact]:
    return Contact.objects.filter(contact_scope_filter(user))


def contact_get_for_user(*, user: Any, contact_id: int) -> Contact | None:
    """The contact if the user may see it; None otherwise ("not found" and "not allowed" look
    the same from outside)."""
    return (
        contact_list_visible(user=user)
        .select_related("contact_type", "referrer_agency", "recorded_by", "open_case_contact")
        .filter(pk=contact_id)
        .first()
    )


def rag_rank() -> Case:
    return Case(
        When(rag=Rag.RED, then=Value(0)),
        When(rag=Rag.AMBER, then=Value(1)),
        When(rag=Rag.GREEN, then=Value(2)),
        default=Value(3),
        output_field=IntegerField(),
    )


@dataclass(frozen=True)
class QueueRow:
    contact: Contact
    children: list[str]
    suggested_rag: str
    overdue: bool


def front_door_queue(*, user: Any, now: datetime | None = None) -> list[QueueRow]:
    """Contacts awaiting a decision, reddest first, then by deadline; overdue ones flagged.
    A contact not yet given a RAG by a person sorts by its screening's suggestion."""
    now = now or timezone.now()
    contacts = list(
        contact_list_visible(user=user)
        .filter(status__in=[ContactStatus.AWAITING_DECISION, ContactStatus.AWAITING_CONFIRMATION])
        .select_related("contact_type")
        .prefetch_related("people", "screenings")
    )
    rows: list[QueueRow] = []
    for contact in contacts:
        screenings = sorted(contact.screenings.all(), key=lambda s: (s.screened_at, s.pk))
        suggested = screenings[-1].rag if screenings else ""
        rows.append(
            QueueRow(
                contact=contact,
                children=[
                    p.name_as_given
                    for p in contact.people.all()
                    if p.role == ContactPersonRole.SUBJECT
                ],
                suggested_rag=contact.rag or suggested,
                overdue=bool(
                    contact.status == ContactStatus.AWAITING_DECISION
                    and contact.decision_due_at
                    and contact.decision_due_at < now
                ),
            )
        )
    order = {Rag.RED: 0, Rag.AMBER: 1, Rag.GREEN: 2}
    rows.sort(
        key=lambda r: (
            r.contact.status != ContactStatus.AWAITING_DECISION,
            order.get(r.suggested_rag, 3),  # type: ignore[call-overload]
            r.contact.decision_due_at or now.replace(year=now.year + 10),
            r.contact.pk,
        )
    )
    return rows


def drafts_for(*, user: Any) -> QuerySet[Contact]:
    return Contact.objects.drafts_of(user).order_by("-updated_at")


def alerts_for(*, user: Any) -> AlertQuerySet:
    """Alerts for the roles the user holds, and escalated ones for team managers."""
    roles = list(user.role_codes)
    q = Q(for_role__in=roles)
    if "team_manager" in roles:
        q |= Q(escalated_at__isnull=False)
    return Alert.objects.filter(q).select_related("contact", "missing_episode")


def alert_get_for_user(*, user: Any, alert_id: int) -> Alert | None:
    return alerts_for(user=user).filter(pk=alert_id).first()


def missing_episodes_visible(*, user: Any) -> QuerySet[MissingEpisode]:
    from safehub.frontdoor.rules import sees_all_contacts

    qs = MissingEpisode.objects.select_related("person", "reporting_agency")
    if sees_all_contacts.test(user):
        return qs
    return qs.filter(reporting_agency_id=user.agency_id)


def return_interviews_due(*, user: Any) -> QuerySet[ReturnHomeInterview]:
    return (
        ReturnHomeInterview.objects.filter(
            status__in=[ReturnInterviewStatus.DUE, ReturnInterviewStatus.OFFERED],
            episode__in=missing_episodes_visible(user=user),
        )
        .select_related("episode", "episode__person")
        .order_by("due_at")
    )


def person_front_door_panel(user: Any, person: Any) -> dict[str, Any] | None:
    """The person page's front-door section: the contacts about them and their missing
    episodes that the viewer may see."""
    contacts = list(
        contact_list_visible(user=user)
        .filter(people__person=person)
        .exclude(status=ContactStatus.DRAFT)
        .select_related("contact_type")
        .distinct()
        .order_by("-received_at")[:50]
    )
    episodes = list(missing_episodes_visible(user=user).filter(person=person)[:50])
    if not contacts and not episodes:
        return None
    return {"contacts": contacts, "episodes": episodes}


def persons_involved_through_contacts(agency_id: int) -> QuerySet[Any]:
    """Persons on contacts an agency recorded (its own drafts included)."""
    return ContactPerson.objects.filter(
        contact__recording_agency_id=agency_id, person__isnull=False
    ).values("person_id")


def persons_involved_through_missing_reports(agency_id: int) -> QuerySet[Any]:
    return MissingEpisode.objects.filter(reporting_agency_id=agency_id).values("person_id")


def home_work(user: Any) -> list[Any]:
    """The front door's lines on the home page: counts only."""
    from django.urls import reverse

    from safehub.common.home import WorkItem

    items: list[WorkItem] = []
    if not getattr(user, "is_authenticated", False):
        return items
    if user.has_perm("frontdoor.view_queue"):
        now = timezone.now()
        waiting = contact_list_visible(user=user).filter(status=ContactStatus.AWAITING_DECISION)
        count = waiting.count()
        overdue = waiting.filter(decision_due_at__lt=now).count()
        items.append(
            WorkItem(
                f"{count} contact{'s' if count != 1 else ''} awaiting a decision"
                + (f", {overdue} overdue" if overdue else ""),
                reverse("frontdoor:queue"),
                urgent=bool(overdue),
            )
        )
    alerts = alerts_for(user=user).unacknowledged().count() if user.role_codes else 0
    if alerts:
        items.append(
            WorkItem(
                f"{alerts} alert{'s' if alerts != 1 else ''} to acknowledge",
                reverse("frontdoor:alerts"),
                urgent=True,
            )
        )
    if user.has_perm("frontdoor.record_contact"):
        drafts = drafts_for(user=user).count()
        if drafts:
            items.append(
                WorkItem(
                    f"{drafts} draft contact{'s' if drafts != 1 else ''}",
                    reverse("frontdoor:queue"),
                )
            )
    if user.has_perm("frontdoor.record_return_interview"):
        due = return_interviews_due(user=user).count()
        if due:
            items.append(
                WorkItem(
                    f"{due} return-home interview{'s' if due != 1 else ''} due",
                    reverse("frontdoor:missing_list"),
                )
            )
    return items
