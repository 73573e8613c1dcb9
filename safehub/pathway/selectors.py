"""Reads on the CSE pathway, scoped to the viewer."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from safehub.accounts.models import Role, User
from safehub.pathway.models import (
    ENDED,
    HIGH_PRIORITY_GRADES,
    CaseAllocation,
    CaseStatus,
    CseCase,
)


def cases_visible(*, user: Any) -> QuerySet[CseCase]:
    from safehub.accounts.rules import is_cse_practitioner
    from safehub.pathway.rules import sees_every_case

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return CseCase.objects.none()
    if sees_every_case.test(user):
        return CseCase.objects.all()
    if is_cse_practitioner.test(user):
        return CseCase.objects.filter(
            Q(practitioner=user) | Q(practitioner__agency_id=user.agency_id)
        )
    return CseCase.objects.none()


def case_get_for_user(*, user: Any, case_id: int) -> CseCase | None:
    return (
        cases_visible(user=user)
        .select_related("child", "practitioner", "contact", "enquiry")
        .filter(pk=case_id)
        .first()
    )


@dataclass
class Caseload:
    practitioner: User
    open_cases: int
    high_priority: int
    limit: int

    @property
    def over_limit(self) -> bool:
        return self.high_priority > self.limit


def caseloads(*, user: Any) -> list[Caseload]:
    """Every CSE practitioner's open and high-priority cases against the limit (for managers
    and for allocation)."""
    from safehub.pathway.services import settings_get

    if not (user.has_perm("pathway.allocate_case") or user.has_perm("pathway.hold_caseload")):
        return []  # a chair sees cases, not caseloads
    limit = settings_get().max_high_priority_cases
    open_cases = ~Q(cse_cases__status__in=["closed", "stepped_up", "transferred"])
    practitioners = (
        User.objects.filter(is_active=True, role_assignments__role=Role.CSE_PRACTITIONER)
        .annotate(
            open_count=Count("cse_cases", filter=open_cases, distinct=True),
            high_count=Count(
                "cse_cases",
                filter=open_cases & Q(cse_cases__grade__in=HIGH_PRIORITY_GRADES),
                distinct=True,
            ),
        )
        .order_by("full_name")
    )
    return [Caseload(p, p.open_count, p.high_count, limit) for p in practitioners]


@dataclass
class SeenFigures:
    seen: int
    expected: int

    @property
    def shortfall(self) -> bool:
        return self.seen < self.expected


def seen_figures(cases: list[CseCase]) -> dict[int, SeenFigures]:
    """Face-to-face contacts in the settings' window against what each case's grade expects
    (rounded down: half a contact a week is two in four weeks)."""
    import datetime as dt

    from django.utils import timezone

    from safehub.pathway.models import ContactKind, TimeWithYoungPerson
    from safehub.pathway.services import settings_get

    settings = settings_get()
    since = timezone.localdate() - dt.timedelta(days=settings.contact_window_days)
    counts = dict(
        TimeWithYoungPerson.objects.filter(
            case__in=[c.pk for c in cases], kind=ContactKind.FACE_TO_FACE, on__gt=since
        )
        .values("case")
        .annotate(n=Count("id"))
        .values_list("case", "n")
    )
    weeks = settings.contact_window_days / 7
    rates = settings.expected_contacts_per_week or {}
    return {
        c.pk: SeenFigures(counts.get(c.pk, 0), int(float(rates.get(c.grade, 0)) * weeks))
        for c in cases
    }


def my_caseload(*, user: Any) -> QuerySet[CseCase]:
    return (
        CseCase.objects.open()
        .of_practitioner(user)
        .select_related("child")
        .order_by("status", "allocated_at")
    )


def unallocated_cases(*, user: Any) -> QuerySet[CseCase]:
    return (
        cases_visible(user=user)
        .filter(status=CaseStatus.REFERRED)
        .select_related("child")
        .order_by("created_at")
    )


def seen_shortfalls(*, user: Any) -> list[tuple[CseCase, SeenFigures]]:
    """Allocated open cases whose young person was seen less than their grade expects."""
    cases = list(
        cases_visible(user=user)
        .exclude(status__in=ENDED)
        .filter(practitioner__isnull=False)
        .select_related("child", "practitioner")
    )
    figures = seen_figures(cases)
    return [(c, figures[c.pk]) for c in cases if figures[c.pk].shortfall]


def awaiting_panel(*, user: Any) -> QuerySet[CseCase]:
    """Cases the risk panel should grade, the longest waiting first."""
    return (
        cases_visible(user=user)
        .filter(status=CaseStatus.AWAITING_PANEL)
        .select_related("child", "practitioner")
        .order_by("panel_due_at", "created_at")
    )


def panel_overdue(*, user: Any) -> QuerySet[CseCase]:
    """Open cases not graded by their six-week panel deadline."""
    from django.utils import timezone

    return (
        cases_visible(user=user)
        .exclude(status__in=ENDED)
        .filter(grade="", panel_due_at__lt=timezone.now())
        .select_related("child", "practitioner")
        .order_by("panel_due_at")
    )


def strategy_meetings_overdue(*, user: Any) -> QuerySet[Any]:
    """Strategy meetings (and reviews) past their due date and not yet recorded."""
    from django.utils import timezone

    from safehub.pathway.models import StrategyMeeting

    return (
        StrategyMeeting.objects.filter(
            case__in=cases_visible(user=user).exclude(status__in=ENDED),
            held_at__isnull=True,
            due_by__lt=timezone.now(),
        )
        .select_related("case__child", "case__practitioner")
        .order_by("due_by")
    )


def recent_breaches(*, user: Any, limit: int = 20) -> QuerySet[CaseAllocation]:
    if not user.has_perm("pathway.allocate_case"):
        return CaseAllocation.objects.none()
    return (
        CaseAllocation.objects.filter(breach=True)
        .select_related("case", "practitioner", "allocated_by")
        .order_by("-allocated_at")[:limit]
    )


def home_work(user: Any) -> list[Any]:
    """The pathway's lines on the home page: counts only."""
    from django.urls import reverse

    from safehub.common.home import WorkItem

    items: list[WorkItem] = []
    if not getattr(user, "is_authenticated", False):
        return items
    if user.has_perm("pathway.hold_caseload"):
        count = my_caseload(user=user).count()
        if count:
            items.append(
                WorkItem(f"{count} young people on your caseload", reverse("pathway:home"))
            )
    if user.has_perm("pathway.allocate_case"):
        waiting = CseCase.objects.filter(status=CaseStatus.REFERRED).count()
        if waiting:
            items.append(
                WorkItem(
                    f"{waiting} CSE case{'s' if waiting != 1 else ''} waiting for allocation",
                    reverse("pathway:home"),
                    urgent=True,
                )
            )
    return items
