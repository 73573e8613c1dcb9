"""Reads on the CSE pathway, scoped to the viewer."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Count, Q, QuerySet

from safehub.accounts.models import Agency, AgencyType, Role, User
from safehub.pathway.models import (
    ENDED,
    HIGH_PRIORITY_GRADES,
    OPEN_STATUSES,
    CaseAllocation,
    CaseStatus,
    CseCase,
    PanelInput,
    PanelInputKind,
    PanelItem,
    PanelStatus,
    RiskPanel,
    RiskPanelQuerySet,
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


def cases_involving_agency(*, agency_id: int) -> QuerySet[CseCase]:
    """Open cases an agency is involved in: asked to the case's enquiry, at one of its strategy
    meetings, given an action on it, or told about the child by a recorded decision to share."""
    from safehub.actions.models import PartnerAction
    from safehub.enquiries.models import EnquiryInvitation, SharingDecision
    from safehub.pathway.models import StrategyMeeting

    return CseCase.objects.open().filter(
        Q(
            child_id__in=SharingDecision.objects.filter(
                recipient_agency_id=agency_id, shared=True
            ).values("child_id")
        )
        | Q(pk__in=PartnerAction.objects.filter(owning_agency_id=agency_id).values("case_id"))
        | Q(pk__in=StrategyMeeting.objects.filter(agencies__id=agency_id).values("case_id"))
        | Q(
            enquiry_id__in=EnquiryInvitation.objects.filter(agency_id=agency_id).values(
                "enquiry_id"
            )
        )
    )


def case_get_for_partner(*, user: Any, case_id: int) -> CseCase | None:
    """The case as a partner agency may see it (None if it may not: see pathway.rules)."""
    case = CseCase.objects.select_related("child", "practitioner").filter(pk=case_id).first()
    if case is None or not user.has_perm("pathway.view_case_as_partner", case):
        return None
    return case


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
    and for allocation). Counted from the open cases (a few index ranges), not from every case
    each practitioner ever held."""
    if not (user.has_perm("pathway.allocate_case") or user.has_perm("pathway.hold_caseload")):
        return []  # a chair sees cases, not caseloads
    practitioners = list(
        User.objects.filter(is_active=True, role_assignments__role=Role.CSE_PRACTITIONER)
        .distinct()
        .order_by("full_name")
    )
    return _loads(practitioners)


def caseload_of(practitioner: User) -> Caseload:
    """One practitioner's caseload against the limit (their own page)."""
    return _loads([practitioner])[0]


def _loads(practitioners: list[User]) -> list[Caseload]:
    from safehub.pathway.services import settings_get

    limit = settings_get().max_high_priority_cases
    counts = {
        row["practitioner"]: row
        for row in CseCase.objects.open()
        .filter(practitioner__in=[p.pk for p in practitioners])
        .values("practitioner")
        .annotate(
            open_count=Count("id"),
            high_count=Count("id", filter=Q(grade__in=HIGH_PRIORITY_GRADES)),
        )
    }
    empty = {"open_count": 0, "high_count": 0}
    return [
        Caseload(
            p,
            counts.get(p.pk, empty)["open_count"],
            counts.get(p.pk, empty)["high_count"],
            limit,
        )
        for p in practitioners
    ]


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


def seen_shortfalls(*, user: Any) -> list[tuple[int, SeenFigures]]:
    """Allocated open cases whose young person was seen face to face less often than their
    grade expects in the settings' window, as (case id, figures), the biggest shortfall first.
    Two index reads (the window's face-to-face contacts counted per case, the open cases'
    grades) and arithmetic here: measured faster on both databases than evaluating the count
    per case in SQL (bench/pathway.py, 15,000 open cases: 30-50 ms against 170-240 ms)."""
    import datetime as dt

    from django.utils import timezone

    from safehub.pathway.models import ContactKind, TimeWithYoungPerson
    from safehub.pathway.services import settings_get

    settings = settings_get()
    since = timezone.localdate() - dt.timedelta(days=settings.contact_window_days)
    weeks = settings.contact_window_days / 7
    expected = {
        grade: int(float(rate) * weeks)
        for grade, rate in (settings.expected_contacts_per_week or {}).items()
    }
    expected = {grade: n for grade, n in expected.items() if n > 0}  # 0 expected: never short
    if not expected:
        return []
    allocated = (
        cases_visible(user=user)
        .filter(status__in=OPEN_STATUSES, practitioner__isnull=False, grade__in=list(expected))
        .order_by()
    )
    seen = dict(
        TimeWithYoungPerson.objects.filter(
            case__in=allocated.values("pk"), kind=ContactKind.FACE_TO_FACE, on__gt=since
        )
        .order_by()
        .values("case")
        .annotate(n=Count("id"))
        .values_list("case", "n")
    )
    short = [
        (pk, SeenFigures(seen.get(pk, 0), expected[grade]))
        for pk, grade in allocated.values_list("pk", "grade")
        if seen.get(pk, 0) < expected[grade]
    ]
    short.sort(key=lambda row: (row[1].seen - row[1].expected, row[0]))
    return short


def with_cases(
    rows: list[tuple[int, SeenFigures]],
) -> list[tuple[CseCase, SeenFigures]]:
    """The cases of some (case id, figures) rows, in the rows' order (for the lists shown)."""
    cases = CseCase.objects.filter(pk__in=[pk for pk, _ in rows]).select_related(
        "child", "practitioner"
    )
    by_pk = {c.pk: c for c in cases}
    return [(by_pk[pk], figures) for pk, figures in rows if pk in by_pk]


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
        .filter(status__in=OPEN_STATUSES, grade="", panel_due_at__lt=timezone.now())
        .select_related("child", "practitioner")
        .order_by("panel_due_at")
    )


def strategy_meetings_overdue(*, user: Any) -> QuerySet[Any]:
    """Strategy meetings (and reviews) past their due date and not yet recorded."""
    from django.utils import timezone

    from safehub.pathway.models import StrategyMeeting

    return (
        StrategyMeeting.objects.filter(
            case__in=cases_visible(user=user).filter(status__in=OPEN_STATUSES),
            held_at__isnull=True,
            due_by__lt=timezone.now(),
        )
        .select_related("case__child", "case__practitioner")
        .order_by("due_by")
    )


# Beyond this many open cases PostgreSQL takes them as a subquery (see actions_overdue).
OPEN_CASE_ID_LIST_MAX = 2000


def actions_overdue(*, user: Any) -> QuerySet[Any]:
    """Actions given to agencies on open CSE cases, past their due date and not confirmed
    (Recommendation 23), the longest overdue first."""
    from django.db import connection
    from django.utils import timezone

    from safehub.actions.models import PartnerAction

    open_cases = cases_visible(user=user).filter(status__in=OPEN_STATUSES).order_by()
    # The open cases' ids first (without .order_by() the model's default ordering makes SQLite
    # walk the cases by creation date), then the open actions due before today kept if on one
    # of them. SQLite does this well at any size (it walks the (status, due_on) index and tests
    # each action against the list), and so does PostgreSQL with the usual caseloads; but a
    # list of thousands costs PostgreSQL ~30 ms to plan per statement, so beyond
    # OPEN_CASE_ID_LIST_MAX it takes the open cases as a subquery. (bench/pathway.py, 15,000
    # open cases: the subquery is ~180 ms on SQLite, the long list ~215 ms on PostgreSQL.)
    ids = open_cases.values_list("pk", flat=True)
    if connection.vendor == "postgresql":  # read no more ids than the choice needs
        ids = ids[: OPEN_CASE_ID_LIST_MAX + 1]
    id_list = list(ids)
    long_list = len(id_list) > OPEN_CASE_ID_LIST_MAX and connection.vendor == "postgresql"
    on_open_cases: Any = open_cases.values("pk") if long_list else id_list
    return (
        PartnerAction.objects.filter(
            status="open", due_on__lt=timezone.localdate(), case_id__in=on_open_cases
        )
        .select_related("case", "owning_agency")
        .order_by("due_on", "id")
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
    if user.has_perm("pathway.view_risk_panels") and not (
        user.has_perm("pathway.hold_caseload")
        or user.has_perm("pathway.allocate_case")
        or user.has_perm("pathway.chair_risk_panel")
    ):
        # Police and partner agencies reach the panels from here (they have no caseload page).
        from django.utils import timezone

        upcoming = (
            panels_visible(user=user).planned().filter(held_on__gte=timezone.localdate()).count()
        )
        if upcoming:
            items.append(
                WorkItem(
                    f"{upcoming} risk panel{'s' if upcoming != 1 else ''} coming up: "
                    "add your information",
                    reverse("pathway:panels"),
                )
            )
    return items


# --- The multi-agency risk panel ----------------------------------------------------------


def panel_expected_agencies(panel: RiskPanel | None = None) -> list[Agency]:
    """The agencies expected at a panel: for one recorded as held, those its attendance lists;
    otherwise the board's list (`PathwaySettings.panel_agencies`), or, when that is empty,
    every active agency that is not a school."""
    from safehub.pathway.services import settings_get

    if panel is not None and panel.is_held:
        return [a.agency for a in panel.attendance.select_related("agency")]
    chosen = list(settings_get().panel_agencies.filter(is_active=True).order_by("name"))
    if chosen:
        return chosen
    return list(Agency.objects.active().exclude(agency_type=AgencyType.EDUCATION).order_by("name"))


def panel_expected_agency_ids(panel: RiskPanel) -> set[int]:
    """The expected agencies' ids, remembered on the panel object for the request."""
    cached = getattr(panel, "_expected_agency_ids", None)
    if cached is None:
        cached = {a.pk for a in panel_expected_agencies(panel)}
        panel._expected_agency_ids = cached  # type: ignore[attr-defined]
    return set(cached)


def panels_visible(*, user: Any) -> RiskPanelQuerySet:
    """Panels the viewer takes part in (see `pathway.rules` for who sees which)."""
    from safehub.accounts.rules import (
        is_cse_practitioner,
        is_partner_contributor,
        is_police_officer,
    )
    from safehub.pathway.rules import sees_every_case

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return RiskPanel.objects.none()
    if sees_every_case.test(user) or is_police_officer.test(user):
        return RiskPanel.objects.all()
    scope = Q(pk__in=[])
    if is_cse_practitioner.test(user):
        scope |= Q(items__case__practitioner=user) | Q(
            items__case__practitioner__agency_id=user.agency_id
        )
    if is_partner_contributor.test(user):
        scope |= Q(status=PanelStatus.HELD, attendance__agency_id=user.agency_id)
        if user.agency_id in {a.pk for a in panel_expected_agencies()}:
            scope |= Q(status=PanelStatus.PLANNED)
    return RiskPanel.objects.filter(scope).distinct()


def panel_get_for_user(*, user: Any, panel_id: int) -> RiskPanel | None:
    panel = panels_visible(user=user).select_related("chair", "recorded_by").filter(pk=panel_id)
    found = panel.first()
    if found is None or not user.has_perm("pathway.view_risk_panel", found):
        return None
    return found


def panel_suggested_date(*, today: date | None = None) -> date:
    """The next panel date: the last panel's date plus the board's interval (a fortnight),
    moved on by the interval until it is not in the past."""
    from django.utils import timezone

    from safehub.pathway.services import settings_get

    today = today or timezone.localdate()
    every = timedelta(days=max(1, settings_get().panel_every_days))
    last = RiskPanel.objects.order_by("-held_on").values_list("held_on", flat=True).first()
    if last is None:
        return today + every
    suggested = last + every
    while suggested < today:
        suggested += every
    return suggested


@dataclass
class PanelCandidate:
    case: CseCase
    why: str
    overdue: bool = False


def panel_candidates(*, user: Any, panel: RiskPanel) -> list[PanelCandidate]:
    """Cases to offer for a panel's agenda: open cases awaiting the panel (those past their
    six-week deadline first, then by deadline), then graded cases due a review (in review, or
    graded longer ago than their grade's review interval by the panel's date)."""
    from safehub.pathway.services import settings_get

    base = (
        cases_visible(user=user)
        .exclude(status__in=ENDED)
        .exclude(pk__in=panel.items.values("case_id"))
        .select_related("child", "practitioner")
    )
    awaiting = sorted(
        base.filter(status=CaseStatus.AWAITING_PANEL),
        key=lambda c: (not c.panel_overdue, c.panel_due_at is None, c.panel_due_at, c.pk),
    )
    candidates = [
        PanelCandidate(
            c,
            (
                f"due at the panel by {c.panel_due_at:%d %b %Y}"
                if c.panel_due_at
                else "awaiting the panel"
            ),
            overdue=c.panel_overdue,
        )
        for c in awaiting
    ]
    weeks = settings_get().review_weeks or {}
    graded = base.exclude(grade="").exclude(status=CaseStatus.AWAITING_PANEL)
    for case in graded.order_by("graded_at", "pk"):
        interval = weeks.get(case.grade)
        if case.status == CaseStatus.REVIEW:
            candidates.append(PanelCandidate(case, "in review"))
        elif (
            interval
            and case.graded_at is not None
            and case.graded_at.date() + timedelta(weeks=int(interval)) <= panel.held_on
        ):
            candidates.append(
                PanelCandidate(
                    case,
                    f"graded {case.get_grade_display()} on {case.graded_at:%d %b %Y}, due a review",
                )
            )
    return candidates


@dataclass
class AgendaEntry:
    """An agenda item as one viewer may see it: `full` when they may see the case behind it
    (otherwise its reference and the young person's name only), the inputs they may read,
    whether a police intelligence summary was withheld from them, and the actions given."""

    item: PanelItem
    full: bool
    inputs: list[PanelInput]
    police_intelligence_withheld: bool
    actions: list[Any]
    may_add: list[tuple[str, str]]  # the kinds of input the viewer may add (value, label)
    may_decide: bool


def panel_agenda_for_user(*, user: Any, panel: RiskPanel) -> list[AgendaEntry]:
    items = list(
        panel.items.select_related("case__child", "case__practitioner", "decided_by").order_by(
            "position", "id"
        )
    )
    for item in items:
        item.panel = panel  # the permission checks below read it
    actions_by_item: dict[int, list[Any]] = {}
    if items:
        from safehub.actions.models import ActionSource, PartnerAction

        for action in PartnerAction.objects.filter(
            source=ActionSource.RISK_PANEL, source_id__in=[i.pk for i in items]
        ).select_related("owning_agency", "case__practitioner"):
            actions_by_item.setdefault(action.source_id or 0, []).append(action)
    inputs_by_item: dict[int, list[PanelInput]] = {}
    for panel_input in PanelInput.objects.filter(item__in=items).select_related("agency", "author"):
        inputs_by_item.setdefault(panel_input.item_id, []).append(panel_input)
    may_see_any = user.has_perm("pathway.view_risk_panel", panel)
    agenda: list[AgendaEntry] = []
    for item in items:
        full = user.has_perm("pathway.view_panel_item", item)
        if not full and not (may_see_any and _sees_names_only(user)):
            continue  # a practitioner sees only their own and their team's cases
        inputs: list[PanelInput] = []
        withheld = False
        for panel_input in inputs_by_item.get(item.pk, []):
            police = panel_input.kind == PanelInputKind.POLICE_INTELLIGENCE
            if police and not user.has_perm("pathway.see_police_intelligence", panel_input):
                withheld = withheld or full
                continue
            if full or police or panel_input.agency_id == user.agency_id:
                inputs.append(panel_input)
        actions = (
            [a for a in actions_by_item.get(item.pk, []) if user.has_perm("actions.view_action", a)]
            if full
            else []
        )
        may_add = [
            (kind.value, kind.label)
            for kind, permission in INPUT_PERMISSIONS.items()
            if user.has_perm(permission, item)
        ]
        may_decide = user.has_perm("pathway.decide_panel_item", item)
        agenda.append(AgendaEntry(item, full, inputs, withheld, actions, may_add, may_decide))
    return agenda


INPUT_PERMISSIONS = {
    PanelInputKind.PRACTITIONER_REPORT: "pathway.write_practitioner_report",
    PanelInputKind.POLICE_INTELLIGENCE: "pathway.write_police_intelligence",
    PanelInputKind.AGENCY_INFORMATION: "pathway.write_agency_information",
}


def _sees_names_only(user: Any) -> bool:
    """Police and partner contributors see every agenda item's reference and name."""
    from safehub.accounts.rules import is_partner_contributor, is_police_officer

    return bool(is_police_officer.test(user) or is_partner_contributor.test(user))


def panel_item_get_for_user(*, user: Any, panel: RiskPanel, item_id: int) -> PanelItem | None:
    """An agenda item of a panel the viewer may see, if they may see the item at all."""
    item = (
        panel.items.select_related("case__child", "case__practitioner").filter(pk=item_id).first()
    )
    if item is None:
        return None
    item.panel = panel
    if user.has_perm("pathway.view_panel_item", item) or _sees_names_only(user):
        return item
    return None


def case_panel_items(*, user: Any, case: CseCase) -> list[PanelItem]:
    """The panels a case was on (for the case page), newest first."""
    return [
        item
        for item in case.panel_items.select_related("panel").order_by("-panel__held_on", "-id")
        if user.has_perm("pathway.view_risk_panel", item.panel)
    ]


# --- the case page's story: chronology, grade history, people involved (point 11) ----------


@dataclass
class ChronologyItem:
    at: Any  # date or datetime
    what: str
    detail: str
    source: str


def _day(value: Any) -> Any:
    import datetime as dt

    from django.utils import timezone

    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date()
    return value


def case_chronology(*, case: CseCase) -> list[ChronologyItem]:
    """The young person's story in date order, for those who may see the whole case: the
    contact, the enquiry entries the social worker marked relevant (the information the enquiry
    carried into the pathway; informants never shown), assessments, grades and other steps,
    strategy meetings, plan versions and time with the young person."""
    from safehub.enquiries.models import EnquiryEntry

    items: list[ChronologyItem] = []
    contact = case.contact
    if contact.received_at:
        items.append(
            ChronologyItem(
                contact.received_at,
                f"Contact {contact.reference}",
                (contact.account or "")[:400],
                "Front door",
            )
        )
    if case.enquiry_id:
        for entry in (
            EnquiryEntry.objects.filter(enquiry_id=case.enquiry_id, relevant=True)
            .select_related("agency")
            .order_by("happened_on", "id")
        ):
            items.append(
                ChronologyItem(
                    entry.happened_on,
                    f"{entry.get_kind_display()} ({entry.agency.name})",
                    entry.text,
                    "Enquiry",
                )
            )
    for event in case.events.exclude(kind__in=["assessed"]).order_by("at", "id"):
        items.append(ChronologyItem(event.at, event.kind.capitalize(), event.reason, "Case"))
    for assessment in case.assessments.order_by("assessed_at"):
        items.append(
            ChronologyItem(
                assessment.assessed_at,
                f"{assessment.get_kind_display()}: {assessment.level_label}",
                assessment.narrative[:400],
                "Assessment",
            )
        )
    for meeting in case.strategy_meetings.filter(held_at__isnull=False):
        items.append(
            ChronologyItem(
                meeting.held_at, meeting.get_kind_display(), meeting.decisions, "Meeting"
            )
        )
    for plan in case.safety_plans.all():
        items.append(
            ChronologyItem(plan.made_at, f"Safety plan version {plan.version}", plan.goals, "Plan")
        )
    for log in case.time_logs.order_by("on")[:200]:
        items.append(
            ChronologyItem(
                log.on,
                f"{log.get_kind_display()}, {log.minutes} minutes",
                f"{log.place}{' (seen alone)' if log.seen_alone else ''}",
                "Time with the young person",
            )
        )
    items.sort(key=lambda item: _day(item.at))
    return items


GRADE_ORDER = ["low", "low_medium", "medium", "medium_high", "high"]


@dataclass
class GradePoint:
    at: Any
    grade: str
    label: str
    x: float
    y: float


@dataclass
class GradeChart:
    points: list[GradePoint]
    width: int
    height: int
    path: str
    levels: list[tuple[str, float]]


def grade_history(*, case: CseCase) -> GradeChart | None:
    """Every grade the panel gave, oldest first, with coordinates for a small step chart drawn
    as SVG on the page (no script; the same figures are listed as a table beside it)."""
    from safehub.pathway.models import RiskGrade

    graded = [
        (event.at, event.details.get("grade", ""))
        for event in case.events.filter(kind="graded").order_by("at", "id")
        if event.details.get("grade") in GRADE_ORDER
    ]
    if not graded:
        return None
    width, height, left, top, step = 560, 170, 110, 15, 30
    first, last = graded[0][0], graded[-1][0]
    span = max((last - first).total_seconds(), 1.0)
    inner = width - left - 20
    labels = dict(RiskGrade.choices)

    def y_of(grade: str) -> float:
        return top + (len(GRADE_ORDER) - 1 - GRADE_ORDER.index(grade)) * step

    points = [
        GradePoint(
            at,
            grade,
            str(labels[grade]),
            left + (inner * (at - first).total_seconds() / span if len(graded) > 1 else 0),
            y_of(grade),
        )
        for at, grade in graded
    ]
    path = f"M {points[0].x:.1f} {points[0].y:.1f}"
    for point in points[1:]:
        path += f" H {point.x:.1f} V {point.y:.1f}"
    path += f" H {left + inner:.1f}"
    levels = [(str(labels[g]), y_of(g)) for g in GRADE_ORDER]
    return GradeChart(points, width, height, path, levels)


@dataclass
class PersonInvolved:
    role: str
    name: str
    detail: str


def people_involved(*, case: CseCase) -> list[PersonInvolved]:
    """Who is involved: the family and people of concern named on the contact, people of
    concern the enquiry's relevant entries name, the practitioner, and the agencies taking
    part (asked to the enquiry, at strategy meetings or given actions)."""
    from safehub.accounts.models import Agency
    from safehub.enquiries.models import EnquiryEntry
    from safehub.frontdoor.models import ContactPersonRole

    people: list[PersonInvolved] = []
    for row in case.contact.people.exclude(role=ContactPersonRole.SUBJECT).select_related("person"):
        name = row.person.display_name if row.person else (row.name_as_given or "Not named")
        people.append(PersonInvolved(row.get_role_display(), name, row.description[:200]))
    if case.enquiry_id:
        for entry in (
            EnquiryEntry.objects.filter(enquiry_id=case.enquiry_id, relevant=True)
            .exclude(about_person__isnull=True, about_description="")
            .select_related("about_person", "agency")
        ):
            name = (
                entry.about_person.display_name if entry.about_person else entry.about_description
            )
            people.append(
                PersonInvolved("Person of concern", name, f"Named by {entry.agency.name}")
            )
    if case.practitioner:
        people.append(PersonInvolved("CSE practitioner", case.practitioner.full_name, ""))
    agency_ids: set[int] = set()
    from safehub.actions.models import PartnerAction
    from safehub.enquiries.models import EnquiryInvitation
    from safehub.pathway.models import StrategyMeeting

    agency_ids.update(
        PartnerAction.objects.filter(case=case).values_list("owning_agency_id", flat=True)
    )
    agency_ids.update(
        StrategyMeeting.agencies.through.objects.filter(strategymeeting__case=case).values_list(
            "agency_id", flat=True
        )
    )
    if case.enquiry_id:
        agency_ids.update(
            EnquiryInvitation.objects.filter(enquiry_id=case.enquiry_id).values_list(
                "agency_id", flat=True
            )
        )
    for agency in Agency.objects.filter(pk__in=agency_ids).order_by("name"):
        people.append(PersonInvolved("Agency taking part", agency.name, ""))
    return people
