"""Pages for the CSE pathway. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from safehub.accounts.models import User
from safehub.actions.selectors import actions_for_case
from safehub.audit.models import AuditAction
from safehub.audit.services import audit_record
from safehub.common.forms import apply_validation_error
from safehub.pathway import selectors, services
from safehub.pathway.forms import (
    ACTION_ROWS,
    PANEL_ACTION_ROWS,
    AdulthoodForm,
    AllocateForm,
    AssessForm,
    GradeForm,
    MeetingForm,
    MoveForm,
    PanelAgendaForm,
    PanelAttendanceForm,
    PanelDecisionForm,
    PanelInputForm,
    PanelScheduleForm,
    SafetyPlanForm,
    TimeForm,
)
from safehub.pathway.minutes import POLICE_WITHHELD, Minutes, minutes_for_user, minutes_pdf
from safehub.pathway.models import (
    CseCase,
    PanelInputKind,
    PanelItem,
    RiskPanel,
    SupportService,
)


def _case(request: HttpRequest, case_id: int) -> CseCase:
    case = selectors.case_get_for_user(user=request.user, case_id=case_id)
    if case is None:
        raise Http404
    return case


# The dashboard lists the first of each kind (the most urgent) and says how many there are,
# counting no further than DASHBOARD_COUNT_CAP (an exact count of thousands of rows is slow
# and says no more); "See all" pages through the whole list.
DASHBOARD_LIST_LENGTH = 20
DASHBOARD_COUNT_CAP = 500
DASHBOARD_PAGE_LENGTH = 50


@dataclass(frozen=True)
class DashboardList:
    kind: str
    slug: str
    title: str
    empty: str


DASHBOARD_LISTS = (
    DashboardList(
        "unallocated", "unallocated", "Waiting for allocation", "Every case is allocated."
    ),
    DashboardList(
        "panel_overdue", "panel-overdue", "Not graded within six weeks of allocation", "None."
    ),
    DashboardList(
        "shortfalls",
        "seen-shortfalls",
        "Young people not seen as often as their grade expects",
        "None.",
    ),
    DashboardList("meetings_overdue", "meetings-overdue", "Strategy meetings overdue", "None."),
    DashboardList(
        "actions_overdue", "actions-overdue", "Actions given to agencies, overdue", "None."
    ),
)
_DASHBOARD_QUERIES = {
    "unallocated": selectors.unallocated_cases,
    "panel_overdue": selectors.panel_overdue,
    "meetings_overdue": selectors.strategy_meetings_overdue,
    "actions_overdue": selectors.actions_overdue,
}


def _dashboard_section(user: Any, spec: DashboardList) -> dict[str, Any]:
    """The first DASHBOARD_LIST_LENGTH rows of one list and how many there are (capped)."""
    shown = DASHBOARD_LIST_LENGTH
    items: list[Any]
    if spec.kind == "shortfalls":  # (case id, figures) rows, worked out in full
        rows = selectors.seen_shortfalls(user=user)
        items, total = selectors.with_cases(rows[:shown]), len(rows)
    else:
        query = _DASHBOARD_QUERIES[spec.kind](user=user)
        items = list(query[:shown])
        # (Unordered: the count needs no sort, and stops at the cap.)
        capped = query.order_by()[: DASHBOARD_COUNT_CAP + 1]
        total = len(items) if len(items) < shown else capped.count()
    return {
        "kind": spec.kind,
        "slug": spec.slug,
        "title": spec.title,
        "empty": spec.empty,
        "items": items,
        "total": total,
        "more": total > shown,
        "capped": total > DASHBOARD_COUNT_CAP,
        "cap": DASHBOARD_COUNT_CAP,
    }


@login_required
def pathway_home(request: HttpRequest) -> HttpResponse:
    """A practitioner's caseload; for a manager, the dashboard of every caseload."""
    user = request.user
    is_manager = user.has_perm("pathway.allocate_case")
    is_chair = user.has_perm("pathway.chair_risk_panel")
    if not (is_manager or is_chair or user.has_perm("pathway.hold_caseload")):
        raise PermissionDenied
    loads = selectors.caseloads(user=user) if is_manager else []
    holds = user.has_perm("pathway.hold_caseload")
    mine = selectors.caseload_of(user) if holds else None  # type: ignore[arg-type]
    my_cases = list(selectors.my_caseload(user=user)) if holds else []
    seen = selectors.seen_figures(my_cases) if my_cases else {}
    for case in my_cases:
        case.seen = seen[case.pk]  # type: ignore[attr-defined]
    context: dict[str, Any] = {
        "is_manager": is_manager,
        "is_chair": is_chair,
        "shown": DASHBOARD_LIST_LENGTH,
        "awaiting_panel": selectors.awaiting_panel(user=user) if is_chair else [],
        "caseloads": loads,
        "mine": mine,
        "my_cases": my_cases,
        "breaches": selectors.recent_breaches(user=user),
        "dashboard_lists": (
            [_dashboard_section(user, spec) for spec in DASHBOARD_LISTS] if is_manager else []
        ),
    }
    audit_record(actor=user, action=AuditAction.VIEW, object_type="caseload")
    return render(request, "pathway/home.html", context)


@login_required
def dashboard_list(request: HttpRequest, slug: str) -> HttpResponse:
    """One of the manager dashboard's lists in full, a page at a time."""
    user = request.user
    if not user.has_perm("pathway.allocate_case"):
        raise PermissionDenied
    spec = next((s for s in DASHBOARD_LISTS if s.slug == slug), None)
    if spec is None:
        raise Http404
    rows: Any = (
        selectors.seen_shortfalls(user=user)
        if spec.kind == "shortfalls"
        else _DASHBOARD_QUERIES[spec.kind](user=user)
    )
    page = Paginator(rows, DASHBOARD_PAGE_LENGTH).get_page(request.GET.get("page"))
    if spec.kind == "shortfalls":
        page.object_list = selectors.with_cases(list(page.object_list))
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type="caseload",
        details={"list": spec.kind, "page": page.number},
    )
    return render(request, "pathway/dashboard_list.html", {"section": spec, "page": page})


@login_required
def case_detail(request: HttpRequest, case_id: int) -> HttpResponse:
    user = request.user
    if selectors.case_get_for_user(user=user, case_id=case_id) is None:
        return _case_for_partner(request, case_id)
    case = _case(request, case_id)
    audit_record(actor=user, action=AuditAction.VIEW, object_type="cse_case", object_id=case.pk)
    return render(
        request,
        "pathway/case_detail.html",
        {
            "case": case,
            "events": case.events.select_related("actor"),
            "assessments": case.assessments.select_related("assessed_by"),
            "allocations": case.allocations.select_related("practitioner", "allocated_by"),
            "time_logs": case.time_logs.select_related("recorded_by")[:50],
            "plan": case.safety_plans.prefetch_related("actions").first(),
            "meetings": case.strategy_meetings.prefetch_related("agencies").order_by("-due_by"),
            "see_perpetrator_actions": user.has_perm("pathway.see_perpetrator_actions"),
            "plan_versions": case.safety_plans.count(),
            "support": [
                service
                for service in SupportService.objects.filter(is_active=True)
                if service.serves(case)
            ],
            "seen": selectors.seen_figures([case])[case.pk],
            "can_allocate": user.has_perm("pathway.allocate", case),
            "can_work": user.has_perm("pathway.work_case", case),
            "can_grade": user.has_perm("pathway.grade_case", case),
            "panel_items": selectors.case_panel_items(user=user, case=case),
            "actions": actions_for_case(user=user, case=case),
            "chronology": selectors.case_chronology(case=case),
            "grade_chart": selectors.grade_history(case=case),
            "people": selectors.people_involved(case=case),
            "can_give_action": user.has_perm("actions.give_action"),
        },
    )


def _case_for_partner(request: HttpRequest, case_id: int) -> HttpResponse:
    """What a partner agency involved in an open case sees of it (pathway.rules)."""
    user: Any = request.user
    case = selectors.case_get_for_partner(user=user, case_id=case_id)
    if case is None:
        raise Http404
    meetings = list(
        case.strategy_meetings.filter(held_at__isnull=False, agencies__id=user.agency_id)
        .distinct()
        .order_by("-held_at")
    )
    actions = list(actions_for_case(user=user, case=case).filter(owning_agency_id=user.agency_id))
    from safehub.enquiries.models import SharingDecision

    shared = list(
        SharingDecision.objects.filter(
            child=case.child, recipient_agency_id=user.agency_id, shared=True
        ).order_by("decided_at")
    )
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type="cse_case",
        object_id=case.pk,
        details={
            "as_partner": True,
            "meetings": [m.pk for m in meetings],
            "actions": [a.pk for a in actions],
            "sharing_decisions": [d.pk for d in shared],
        },
    )
    return render(
        request,
        "pathway/case_partner.html",
        {
            "case": case,
            "meetings": meetings,
            "actions": actions,
            "shared": shared,
            "see_perpetrator_actions": user.has_perm("pathway.see_perpetrator_actions"),
        },
    )


@login_required
def case_allocate(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    if not request.user.has_perm("pathway.allocate", case):
        raise PermissionDenied
    loads = selectors.caseloads(user=request.user)
    form = AllocateForm(data=request.POST or None, caseloads=loads)
    if request.method == "POST" and form.is_valid():
        practitioner = User.objects.filter(pk=int(form.cleaned_data["practitioner"])).first()
        try:
            if practitioner is None:
                raise ValidationError({"practitioner": "Choose a CSE practitioner"})
            services.case_allocate(
                actor=request.user,
                case=case,
                practitioner=practitioner,
                breach_reason=form.cleaned_data["breach_reason"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="practitioner")
        else:
            messages.success(request, f"{case.reference} is allocated to {practitioner.full_name}")
            return redirect("pathway:case", case_id=case.pk)
    return render(
        request,
        "pathway/case_allocate.html",
        {"case": case, "form": form, "caseloads": loads},
        status=400 if form.errors else 200,
    )


@login_required
def case_assess(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    if not request.user.has_perm("pathway.work_case", case):
        raise PermissionDenied
    from safehub.frontdoor.services import active_instrument, instrument_definition

    definition = instrument_definition(active_instrument())
    form = AssessForm(data=request.POST or None, indicators=list(definition.indicators))
    if request.method == "POST" and form.is_valid():
        try:
            services.case_assess(
                actor=request.user,
                case=case,
                answers=form.answers(),
                narrative=form.cleaned_data["narrative"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="narrative")
        else:
            messages.success(request, "The assessment is recorded")
            return redirect("pathway:case", case_id=case.pk)
    return render(
        request,
        "pathway/case_assess.html",
        {
            "case": case,
            "form": form,
            "instrument": definition,
            "indicator_fields": [form[name] for name in form.indicator_fields],
        },
        status=400 if form.errors else 200,
    )


@login_required
def case_move(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    if not request.user.has_perm("pathway.work_case", case):
        raise PermissionDenied
    moves = sorted(services.MOVES.get(case.status, set()))
    form = MoveForm(data=request.POST or None, moves=moves)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.case_move(
                actor=request.user,
                case=case,
                to=data["to"],
                reason=data["reason"],
                exit_strategy=data["exit_strategy"],
                parent_failing_to_protect=data["parent_failing_to_protect"],
                transfer_reason=data["transfer_reason"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="to")
        else:
            messages.success(request, "The case has moved on")
            return redirect("pathway:case", case_id=case.pk)
    return render(
        request,
        "pathway/case_move.html",
        {"case": case, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def case_grade(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    if not request.user.has_perm("pathway.grade_case", case):
        raise PermissionDenied
    form = GradeForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_grade(
                actor=request.user,
                case=case,
                grade=form.cleaned_data["grade"],
                rationale=form.cleaned_data["rationale"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="grade")
        else:
            messages.success(request, "The panel's grade is recorded")
            return redirect("pathway:case", case_id=case.pk)
    return render(
        request,
        "pathway/case_grade.html",
        {"case": case, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def case_adulthood(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    if not request.user.has_perm("pathway.work_case", case):
        raise PermissionDenied
    form = AdulthoodForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_decide_at_eighteen(
                actor=request.user,
                case=case,
                continues=form.cleaned_data["decision"] == "continues",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="reason")
        else:
            messages.success(request, "The decision for 18 is recorded")
            return redirect("pathway:case", case_id=case.pk)
    return render(
        request,
        "pathway/case_adulthood.html",
        {"case": case, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def time_new(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    if not request.user.has_perm("pathway.work_case", case):
        raise PermissionDenied
    form = TimeForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.time_with_young_person_record(
                actor=request.user,
                case=case,
                data=services.TimeInput(
                    on=data["on"],
                    kind=data["kind"],
                    minutes=data["minutes"],
                    place=data["place"],
                    seen_alone=data["seen_alone"],
                    note=data["note"],
                ),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="note")
        else:
            messages.success(request, "The contact is recorded")
            return redirect("pathway:case", case_id=case.pk)
    return render(
        request,
        "pathway/time_new.html",
        {"case": case, "form": form},
        status=400 if form.errors else 200,
    )


def _plan_initial(case: CseCase) -> dict[str, object]:
    plan = case.safety_plans.prefetch_related("actions").first()
    if plan is None:
        return {}
    initial: dict[str, object] = {
        "goals": plan.goals,
        "young_person_took_part": "yes" if plan.young_person_took_part else "no",
        "young_person_said": plan.young_person_said,
        "parents_took_part": "yes" if plan.parents_took_part else "no",
        "parents_said": plan.parents_said,
        "family_summary": plan.family_summary,
    }
    for n, action in enumerate(plan.actions.all()[:ACTION_ROWS], start=1):
        initial[f"action_{n}_what"] = action.what
        initial[f"action_{n}_who"] = action.who
        initial[f"action_{n}_by_when"] = action.by_when.strftime("%d/%m/%Y")
        initial[f"action_{n}_restricted"] = action.restricted
    return initial


@login_required
def safety_plan_edit(request: HttpRequest, case_id: int) -> HttpResponse:
    case = _case(request, case_id)
    if not request.user.has_perm("pathway.work_case", case):
        raise PermissionDenied
    form = SafetyPlanForm(data=request.POST or None, initial=_plan_initial(case))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.safety_plan_save(
                actor=request.user,
                case=case,
                data=services.PlanInput(
                    goals=data["goals"],
                    young_person_took_part=data["young_person_took_part"] == "yes",
                    young_person_said=data["young_person_said"],
                    parents_took_part=data["parents_took_part"] == "yes",
                    parents_said=data["parents_said"],
                    family_summary=data["family_summary"],
                    actions=[
                        services.PlanAction(
                            what=data[f"action_{n}_what"],
                            who=data[f"action_{n}_who"],
                            by_when=data[f"action_{n}_by_when"],
                            restricted=data[f"action_{n}_restricted"],
                        )
                        for n in range(1, ACTION_ROWS + 1)
                    ],
                ),
            )
        except ValidationError as exc:
            apply_validation_error(
                form,
                ValidationError(
                    {
                        (f"{k}_what" if k.startswith("action_") else k): v
                        for k, v in exc.message_dict.items()
                    }
                ),
                default_field="goals",
            )
        else:
            messages.success(request, "The safety plan is saved as a new version")
            return redirect("pathway:case", case_id=case.pk)
    return render(
        request,
        "pathway/safety_plan_edit.html",
        {"case": case, "form": form, "action_rows": form.action_rows()},
        status=400 if form.errors else 200,
    )


@login_required
def safety_plan_print(request: HttpRequest, case_id: int) -> HttpResponse:
    """The family's copy: plain words, goals and the actions that are not restricted, and who
    can help. Nothing else from the case."""
    case = _case(request, case_id)
    if not request.user.has_perm("pathway.work_case", case):
        raise PermissionDenied
    plan = case.safety_plans.prefetch_related("actions").first()
    if plan is None:
        raise Http404
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="safety_plan",
        object_id=plan.pk,
        details={"family_copy": True},
    )
    return render(
        request,
        "pathway/safety_plan_print.html",
        {
            "case": case,
            "plan": plan,
            "actions": [a for a in plan.actions.all() if not a.restricted],
            "support": [
                s
                for s in SupportService.objects.filter(is_active=True, for_families=True)
                if s.serves(case)
            ],
        },
    )


@login_required
def strategy_meeting_record(request: HttpRequest, case_id: int, meeting_id: int) -> HttpResponse:
    import datetime as dt

    from django.utils import timezone

    from safehub.accounts.models import Agency

    case = _case(request, case_id)
    if not request.user.has_perm("pathway.work_case", case):
        raise PermissionDenied
    meeting = case.strategy_meetings.filter(pk=meeting_id, held_at__isnull=True).first()
    if meeting is None:
        raise Http404
    agencies = [(str(a.pk), a.name) for a in Agency.objects.filter(is_active=True).order_by("name")]
    form = MeetingForm(
        data=request.POST or None,
        agencies=agencies,
        restricted=request.user.has_perm("pathway.see_perpetrator_actions"),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        # The form asks for the day: a meeting held today is recorded now (noon could still be
        # in the future), an earlier one at noon of its day.
        held_at = (
            timezone.now()
            if data["held_on"] == timezone.localdate()
            else timezone.make_aware(dt.datetime.combine(data["held_on"], dt.time(12, 0)))
        )
        try:
            services.strategy_meeting_record(
                actor=request.user,
                meeting=meeting,
                data=services.MeetingInput(
                    held_at=held_at,
                    agency_ids=[int(a) for a in data["agencies"]],
                    attendees=data["attendees"],
                    decisions=data["decisions"],
                    perpetrator_actions=data.get("perpetrator_actions", ""),
                ),
            )
        except ValidationError as exc:
            apply_validation_error(
                form,
                ValidationError(
                    {
                        {"held_at": "held_on", "agency_ids": "agencies"}.get(k, k): v
                        for k, v in exc.message_dict.items()
                    }
                ),
                default_field="decisions",
            )
        else:
            messages.success(request, "The strategy meeting is recorded")
            return redirect("pathway:case", case_id=case.pk)
    return render(
        request,
        "pathway/strategy_meeting.html",
        {"case": case, "meeting": meeting, "form": form},
        status=400 if form.errors else 200,
    )


# --- The multi-agency risk panel ----------------------------------------------------------


def _posted(request: HttpRequest) -> Any:
    """The POST data, even when empty (an empty form is still a submitted one)."""
    return request.POST if request.method == "POST" else None


def _panel(request: HttpRequest, panel_id: int) -> RiskPanel:
    panel = selectors.panel_get_for_user(user=request.user, panel_id=panel_id)
    if panel is None:
        raise Http404
    return panel


def _panel_item(request: HttpRequest, panel: RiskPanel, item_id: int) -> PanelItem:
    item = selectors.panel_item_get_for_user(user=request.user, panel=panel, item_id=item_id)
    if item is None:
        raise Http404
    return item


@login_required
def panel_list(request: HttpRequest) -> HttpResponse:
    """Upcoming and past panels the viewer takes part in (dates, places and chairs only)."""
    from django.utils import timezone

    user = request.user
    if not user.has_perm("pathway.view_risk_panels"):
        raise PermissionDenied
    panels = selectors.panels_visible(user=user).select_related("chair")
    today = timezone.localdate()
    return render(
        request,
        "pathway/panel_list.html",
        {
            "upcoming": panels.planned().filter(held_on__gte=today).order_by("held_on", "id"),
            "past": panels.exclude(status="planned", held_on__gte=today).order_by(
                "-held_on", "-id"
            )[:50],
            "can_schedule": user.has_perm("pathway.schedule_risk_panel"),
        },
    )


@login_required
def panel_new(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("pathway.schedule_risk_panel"):
        raise PermissionDenied
    form = PanelScheduleForm(
        data=_posted(request),
        initial={"held_on": selectors.panel_suggested_date().strftime("%d/%m/%Y")},
    )
    if request.method == "POST" and form.is_valid():
        try:
            panel = services.risk_panel_schedule(
                actor=request.user,
                held_on=form.cleaned_data["held_on"],
                location=form.cleaned_data["location"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="held_on")
        else:
            messages.success(request, f"The panel on {panel.held_on:%d %B %Y} is scheduled")
            return redirect("pathway:panel", panel_id=panel.pk)
    return render(
        request, "pathway/panel_new.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def panel_detail(request: HttpRequest, panel_id: int) -> HttpResponse:
    from django.utils import timezone

    panel = _panel(request, panel_id)
    user = request.user
    agenda = selectors.panel_agenda_for_user(user=user, panel=panel)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type="risk_panel",
        object_id=panel.pk,
        details={"cases": [e.item.case_id for e in agenda]},
    )
    return render(
        request,
        "pathway/panel_detail.html",
        {
            "panel": panel,
            "agenda": agenda,
            "attendance": panel.attendance.select_related("agency") if panel.is_held else [],
            "expected": selectors.panel_expected_agencies(panel),
            "can_manage_agenda": user.has_perm("pathway.manage_panel_agenda", panel),
            "can_record_held": user.has_perm("pathway.record_panel_held", panel)
            and panel.held_on <= timezone.localdate(),
            "can_see_minutes": user.has_perm("pathway.view_panel_minutes", panel),
            "police_withheld": POLICE_WITHHELD,
        },
    )


@login_required
def panel_agenda(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = _panel(request, panel_id)
    if not request.user.has_perm("pathway.manage_panel_agenda", panel):
        raise PermissionDenied
    candidates = selectors.panel_candidates(user=request.user, panel=panel)
    form = PanelAgendaForm(data=_posted(request), candidates=candidates)
    if request.method == "POST" and form.is_valid():
        chosen = set(form.cleaned_data["cases"])
        try:
            services.panel_agenda_add(
                actor=request.user,
                panel=panel,
                cases=[c.case for c in candidates if str(c.case.pk) in chosen],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="cases")
        else:
            messages.success(request, "The agenda is updated")
            return redirect("pathway:panel", panel_id=panel.pk)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        object_type="risk_panel",
        object_id=panel.pk,
        details={"agenda_candidates": [c.case.pk for c in candidates]},
    )
    return render(
        request,
        "pathway/panel_agenda.html",
        {"panel": panel, "form": form, "candidates": candidates},
        status=400 if form.errors else 200,
    )


@login_required
def panel_input_new(request: HttpRequest, panel_id: int, item_id: int, kind: str) -> HttpResponse:
    panel = _panel(request, panel_id)
    item = _panel_item(request, panel, item_id)
    if kind not in PanelInputKind.values:
        raise Http404
    if not request.user.has_perm(selectors.INPUT_PERMISSIONS[PanelInputKind(kind)], item):
        raise PermissionDenied
    form = PanelInputForm(data=_posted(request), kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.panel_input_add(
                actor=request.user, item=item, kind=kind, text=form.cleaned_data["text"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="text")
        else:
            messages.success(request, f"Your information on {item.case.reference} is sent")
            return redirect("pathway:panel", panel_id=panel.pk)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        object_type="panel_item",
        object_id=item.pk,
        details={"panel": panel.pk, "case": item.case_id},
    )
    return render(
        request,
        "pathway/panel_input.html",
        {"panel": panel, "item": item, "form": form, "kind_label": PanelInputKind(kind).label},
        status=400 if form.errors else 200,
    )


def _attendance_initial(panel: RiskPanel) -> dict[str, object]:
    initial: dict[str, object] = {}
    for row in panel.attendance.all():
        prefix = f"agency_{row.agency_id}_"
        initial[f"{prefix}attended"] = "yes" if row.attended else "no"
        initial[f"{prefix}representative"] = row.representative
        initial[f"{prefix}absence_reason"] = row.absence_reason
    return initial


@login_required
def panel_attendance(request: HttpRequest, panel_id: int) -> HttpResponse:
    panel = _panel(request, panel_id)
    if not request.user.has_perm("pathway.record_panel_held", panel):
        raise PermissionDenied
    agencies = selectors.panel_expected_agencies(panel)
    form = PanelAttendanceForm(
        data=_posted(request), agencies=agencies, initial=_attendance_initial(panel)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.risk_panel_record_held(
                actor=request.user,
                panel=panel,
                attendance=[
                    services.AttendanceInput(
                        agency_id=a.pk,
                        attended={"yes": True, "no": False}.get(data[f"agency_{a.pk}_attended"]),
                        representative=data[f"agency_{a.pk}_representative"],
                        absence_reason=data[f"agency_{a.pk}_absence_reason"],
                    )
                    for a in agencies
                ],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, "The panel is recorded as held, with its attendance")
            return redirect("pathway:panel", panel_id=panel.pk)
    return render(
        request,
        "pathway/panel_attendance.html",
        {"panel": panel, "form": form, "agency_rows": form.agency_rows()},
        status=400 if form.errors else 200,
    )


@login_required
def panel_decision(request: HttpRequest, panel_id: int, item_id: int) -> HttpResponse:
    from safehub.accounts.models import Agency

    panel = _panel(request, panel_id)
    item = _panel_item(request, panel, item_id)
    if not request.user.has_perm("pathway.decide_panel_item", item):
        raise PermissionDenied
    entry = next(
        e
        for e in selectors.panel_agenda_for_user(user=request.user, panel=panel)
        if e.item.pk == item.pk
    )
    agencies = [(str(a.pk), a.name) for a in Agency.objects.active().order_by("name")]
    initial = {"grade": item.grade, "rationale": item.rationale} if item.is_decided else {}
    form = PanelDecisionForm(data=_posted(request), agencies=agencies, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.panel_item_decide(
                actor=request.user,
                item=item,
                grade=data["grade"],
                rationale=data["rationale"],
                actions=[
                    services.PanelActionInput(
                        owning_agency_id=int(data[f"action_{n}_owning_agency"] or 0) or None,
                        what=data[f"action_{n}_what"],
                        due_on=data[f"action_{n}_due_on"],
                    )
                    for n in range(1, PANEL_ACTION_ROWS + 1)
                ],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="grade")
        else:
            messages.success(request, f"The panel's decision on {item.case.reference} is recorded")
            return redirect("pathway:panel", panel_id=panel.pk)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        object_type="panel_item",
        object_id=item.pk,
        details={"panel": panel.pk, "case": item.case_id},
    )
    return render(
        request,
        "pathway/panel_decision.html",
        {
            "panel": panel,
            "item": item,
            "entry": entry,
            "form": form,
            "action_rows": form.action_rows(),
            "police_withheld": POLICE_WITHHELD,
        },
        status=400 if form.errors else 200,
    )


def _minutes(request: HttpRequest, panel_id: int) -> Minutes:
    panel = _panel(request, panel_id)
    if not request.user.has_perm("pathway.view_panel_minutes", panel):
        raise Http404
    return minutes_for_user(user=request.user, panel=panel)


@login_required
def panel_minutes(request: HttpRequest, panel_id: int) -> HttpResponse:
    minutes = _minutes(request, panel_id)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        object_type="risk_panel",
        object_id=minutes.panel.pk,
        details={
            "minutes": True,
            "cases": minutes.case_ids,
            "police_intelligence_shown": minutes.police_intelligence_shown,
        },
    )
    return render(
        request,
        "pathway/panel_minutes.html",
        {"panel": minutes.panel, "minutes": minutes, "police_withheld": POLICE_WITHHELD},
    )


@login_required
def panel_minutes_pdf(request: HttpRequest, panel_id: int) -> HttpResponse:
    minutes = _minutes(request, panel_id)
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="risk_panel",
        object_id=minutes.panel.pk,
        details={
            "minutes": True,
            "format": "pdf",
            "cases": minutes.case_ids,
            "police_intelligence_shown": minutes.police_intelligence_shown,
        },
    )
    response = HttpResponse(minutes_pdf(minutes), content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="risk-panel-{minutes.panel.held_on:%Y-%m-%d}-minutes.pdf"'
    )
    return response
