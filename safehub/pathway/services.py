"""Writes on the CSE pathway: opening a case from a triage decision, allocation against the
caseload limit, risk assessments, and every lifecycle transition with its rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from safehub.audit.models import AuditAction
from safehub.audit.services import audit_record
from safehub.common.calendar import add_working_days
from safehub.common.references import unique_reference
from safehub.frontdoor.models import ContactPersonRole, TriageDecision, TriageOutcome
from safehub.pathway.models import (
    STRATEGY_GRADES,
    AssessmentKind,
    CaseAllocation,
    CaseAssessment,
    CaseEvent,
    CaseStatus,
    ContactKind,
    CseCase,
    PanelAttendance,
    PanelInput,
    PanelInputKind,
    PanelItem,
    PanelStatus,
    PathwaySettings,
    RiskGrade,
    RiskPanel,
    SafetyPlan,
    SafetyPlanAction,
    StrategyMeeting,
    StrategyMeetingKind,
    TimeWithYoungPerson,
)

# Transitions a practitioner or manager makes by hand (grading is the panel's, allocation the
# manager's; closing, stepping up and transferring are open from any open status).
MOVES: dict[str, set[str]] = {
    CaseStatus.ALLOCATED: {CaseStatus.INITIAL_ASSESSMENT},
    CaseStatus.INITIAL_ASSESSMENT: {CaseStatus.AWAITING_PANEL},
    CaseStatus.GRADED: {CaseStatus.STRATEGY_AND_PLAN, CaseStatus.REVIEW},
    CaseStatus.STRATEGY_AND_PLAN: {CaseStatus.REVIEW},
    CaseStatus.REVIEW: {CaseStatus.STRATEGY_AND_PLAN, CaseStatus.AWAITING_PANEL},
}
ENDINGS = {CaseStatus.CLOSED, CaseStatus.STEPPED_UP, CaseStatus.TRANSFERRED}
TRANSFER_FROM_AGE_MONTHS = 17 * 12 + 6  # transition planning starts at 17½ (issue 5, point 10)


def _require(actor: Any, permission: str, obj: Any = None) -> None:
    if not actor.has_perm(permission, obj):
        raise PermissionDenied


def settings_get() -> PathwaySettings:
    settings, _ = PathwaySettings.objects.get_or_create(pk=1)
    return settings


def _event(case: CseCase, actor: Any, kind: str, **fields: Any) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        at=timezone.now(),
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        kind=kind,
        **fields,
    )


def case_open_from_triage(*, actor: Any, decision: TriageDecision) -> list[CseCase]:
    """A "CSE pathway" decision refers each child the contact is about to the CSE team (one
    open case per child: a child who already has one keeps it). Runs inside the decision's
    transaction (frontdoor.hooks)."""
    if decision.outcome != TriageOutcome.CSE_PATHWAY:
        return []
    contact = decision.contact
    enquiry = contact.enquiries.order_by("-created_at").first()
    opened: list[CseCase] = []
    subjects = contact.people.filter(role=ContactPersonRole.SUBJECT, person__isnull=False)
    for subject in subjects.select_related("person"):
        assert subject.person is not None
        child = subject.person.surviving()
        if CseCase.objects.open().filter(child=child).exists():
            continue
        try:
            with transaction.atomic():
                case = CseCase.objects.create(
                    reference=unique_reference(CseCase, "K"),
                    child=child,
                    contact=contact,
                    enquiry=enquiry,
                )
        except IntegrityError:  # referred a moment ago by another decision
            continue
        _event(case, actor, "referred", to_status=CaseStatus.REFERRED, reason=decision.reason)
        audit_record(
            actor=actor,
            action=AuditAction.CREATE,
            object_type="cse_case",
            object_id=case.pk,
            details={"contact": contact.pk, "enquiry": enquiry.pk if enquiry else None},
        )
        opened.append(case)
    return opened


def high_priority_caseload(practitioner: Any, *, excluding: CseCase | None = None) -> int:
    cases = CseCase.objects.open().high_priority().of_practitioner(practitioner)
    if excluding is not None:
        cases = cases.exclude(pk=excluding.pk)
    return cases.count()


@transaction.atomic
def case_allocate(
    *, actor: Any, case: CseCase, practitioner: Any, breach_reason: str = ""
) -> CaseAllocation:
    """Allocate (or re-allocate) a case to a CSE practitioner. If it would take them over the
    board's limit of high-priority cases, the manager must give a reason to go ahead, and the
    breach is recorded (Recommendation 28)."""
    case = CseCase.objects.select_for_update().get(pk=case.pk)  # decide on the current state
    _require(actor, "pathway.allocate", case)
    if not (practitioner.is_active and practitioner.has_perm("pathway.hold_caseload")):
        raise ValidationError({"practitioner": "Choose a CSE practitioner"})
    limit = settings_get().max_high_priority_cases
    before = high_priority_caseload(practitioner, excluding=case)
    after = before + (1 if case.is_high_priority else 0)
    breach = after > limit
    if breach and not breach_reason.strip():
        raise ValidationError(
            {
                "breach_reason": (
                    f"{practitioner.full_name} would hold {after} high-priority cases, over the "
                    f"limit of {limit}. Give the reason to allocate anyway, or choose someone else"
                )
            }
        )
    now = timezone.now()
    allocation = CaseAllocation.objects.create(
        case=case,
        practitioner=practitioner,
        allocated_by=actor,
        allocated_at=now,
        high_priority_before=before,
        limit=limit,
        breach=breach,
        breach_reason=breach_reason.strip() if breach else "",
    )
    previous = case.status
    case.practitioner = practitioner
    case.allocated_at = now
    if case.status == CaseStatus.REFERRED:
        case.status = CaseStatus.ALLOCATED
    if case.panel_due_at is None:  # six weeks from the first allocation, in working days
        case.panel_due_at = add_working_days(now, settings_get().panel_within_working_days)
    case.save()
    _event(
        case,
        actor,
        "allocated",
        from_status=previous,
        to_status=case.status,
        reason=allocation.breach_reason,
        details={"practitioner": practitioner.pk, "breach": breach, "caseload": after},
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="cse_case",
        object_id=case.pk,
        reason=allocation.breach_reason,
        details={"allocated_to": practitioner.pk, "breach": breach, "caseload": after},
    )
    from safehub.notifications.services import notification_send

    notification_send(
        recipient=practitioner,
        title="A CSE case is allocated to you",
        body="Details are in safehub.",
        link=reverse("pathway:case", args=[case.pk]),
        dedupe_key=f"cse-case-allocated-{allocation.pk}",
    )
    return allocation


def _age_in_months(dob: date | None, on: date) -> int | None:
    if dob is None:
        return None
    months = (on.year - dob.year) * 12 + on.month - dob.month
    return months - (1 if on.day < dob.day else 0)


@transaction.atomic
def case_assess(
    *, actor: Any, case: CseCase, answers: dict[str, str], narrative: str
) -> CaseAssessment:
    """A risk assessment with the partnership's active screening instrument and the
    practitioner's narrative; the first is the initial assessment, later ones reviews."""
    case = CseCase.objects.select_for_update().get(pk=case.pk)  # decide on the current state
    _require(actor, "pathway.work_case", case)
    from safehub.frontdoor.screening import instruments
    from safehub.frontdoor.services import (
        _learning_disability,
        active_instrument,
        instrument_definition,
    )

    if case.status in (CaseStatus.REFERRED,):
        raise ValidationError({"narrative": "Allocate the case before assessing"})
    if not narrative.strip():
        raise ValidationError({"narrative": "Write the assessment: what you found and why"})
    instrument = active_instrument()
    definition = instrument_definition(instrument)
    unknown = sorted(set(answers) - set(definition.indicator_codes()))
    if unknown:
        raise ValidationError({"answers": f"Not indicators of this instrument: {unknown}"})
    months = _age_in_months(case.child.date_of_birth, timezone.localdate())
    result = instruments.screen(
        definition,
        answers,
        age=None if months is None else months // 12,
        learning_disability=_learning_disability([case.child_id]),
    )
    kind = AssessmentKind.REVIEW if case.assessments.exists() else AssessmentKind.INITIAL
    assessment = CaseAssessment.objects.create(
        case=case,
        kind=kind,
        instrument=instrument,
        answers=dict(answers),
        score=result.score,
        level=result.level,
        level_label=result.level_label,
        threshold_level=result.threshold_level,
        rag=result.rag,
        overrides=list(result.overrides),
        narrative=narrative.strip(),
        assessed_by=actor,
        assessed_at=timezone.now(),
    )
    if case.status == CaseStatus.ALLOCATED:
        previous = case.status
        case.status = CaseStatus.INITIAL_ASSESSMENT
        case.save()
        _event(case, actor, "status", from_status=previous, to_status=case.status)
    _event(
        case,
        actor,
        "assessed",
        details={"kind": kind, "level": result.level_label, "score": result.score},
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="case_assessment",
        object_id=assessment.pk,
        details={"case": case.pk},
    )
    return assessment


@transaction.atomic
def case_move(
    *,
    actor: Any,
    case: CseCase,
    to: str,
    reason: str = "",
    exit_strategy: str = "",
    parent_failing_to_protect: str = "",
    transfer_reason: str = "",
) -> CseCase:
    """Move a case along its lifecycle. The rules: a case goes to the panel only with an
    initial assessment; it closes only with an exit strategy; a step-up to child protection
    records that a parent is failing to protect; a transfer to adult services needs the young
    person to be 17½ or older and a reason."""
    case = CseCase.objects.select_for_update().get(pk=case.pk)  # decide on the current state
    _require(actor, "pathway.work_case", case)
    if to not in CaseStatus.values:
        raise ValidationError({"to": "Not a stage of the pathway"})
    errors: dict[str, str] = {}
    if to in ENDINGS:
        if to == CaseStatus.CLOSED and not exit_strategy.strip():
            errors["exit_strategy"] = "A case closes only with an exit strategy"
        if to == CaseStatus.STEPPED_UP and not parent_failing_to_protect.strip():
            errors["parent_failing_to_protect"] = (
                "Record how a parent is failing to protect: that is why child protection takes over"
            )
        if to == CaseStatus.TRANSFERRED:
            months = _age_in_months(case.child.date_of_birth, timezone.localdate())
            if months is not None and months < TRANSFER_FROM_AGE_MONTHS:
                errors["transfer_reason"] = (
                    "Only a young person aged 17½ or over is transferred to adult services"
                )
            elif not transfer_reason.strip():
                errors["transfer_reason"] = "Give the reason for the transfer"
    elif to not in MOVES.get(case.status, set()):
        errors["to"] = (
            f"A case that is {case.get_status_display().lower()} cannot move to "
            f"{CaseStatus(to).label.lower()}"
        )
    elif to == CaseStatus.AWAITING_PANEL and not case.assessments.exists():
        errors["to"] = "Record the initial risk assessment before the case goes to the panel"
    if errors:
        raise ValidationError(errors)
    previous = case.status
    case.status = to
    if to == CaseStatus.TRANSFERRED:
        case.adult_decision = "transferred"
        case.adult_decision_reason = transfer_reason.strip()
    if to in ENDINGS:
        case.ended_at = timezone.now()
        case.exit_strategy = exit_strategy.strip()
        case.parent_failing_to_protect = parent_failing_to_protect.strip()
        case.transfer_reason = transfer_reason.strip()
    case.save()
    _event(
        case,
        actor,
        "status",
        from_status=previous,
        to_status=to,
        reason=(reason or exit_strategy or parent_failing_to_protect or transfer_reason).strip(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="cse_case",
        object_id=case.pk,
        reason=reason.strip(),
        details={"from": previous, "to": to},
    )
    return case


def _call_strategy_meeting(actor: Any, case: CseCase) -> StrategyMeeting | None:
    """A grade of Medium or above calls a strategy meeting (unless one is already pending)."""
    if case.grade not in STRATEGY_GRADES:
        return None
    if case.strategy_meetings.filter(held_at__isnull=True).exists():
        return None
    due = add_working_days(timezone.now(), settings_get().strategy_meeting_within_working_days)
    kind = (
        StrategyMeetingKind.REVIEW
        if case.strategy_meetings.exists()
        else StrategyMeetingKind.INITIAL
    )
    meeting = StrategyMeeting.objects.create(case=case, kind=kind, due_by=due)
    _event(case, actor, "strategy meeting called", details={"due_by": due.isoformat()})
    return meeting


@transaction.atomic
def case_grade(*, actor: Any, case: CseCase, grade: str, rationale: str) -> CseCase:
    """The risk panel's grade (recorded by its chair). No grade without an assessment."""
    case = CseCase.objects.select_for_update().get(pk=case.pk)  # decide on the current state
    _require(actor, "pathway.grade_case", case)
    errors: dict[str, str] = {}
    if grade not in RiskGrade.values:
        errors["grade"] = "Select a grade from Low to High"
    if not rationale.strip():
        errors["rationale"] = "Give the panel's rationale"
    if not case.assessments.exists():
        errors["grade"] = "The case has no risk assessment yet: the panel cannot grade it"
    elif case.status in (CaseStatus.REFERRED, CaseStatus.ALLOCATED):
        errors["grade"] = "The case has not been assessed for the panel yet"
    if errors:
        raise ValidationError(errors)
    previous_status, previous_grade = case.status, case.grade
    case.grade = grade
    case.graded_at = timezone.now()
    if case.status in (CaseStatus.AWAITING_PANEL, CaseStatus.INITIAL_ASSESSMENT):
        case.status = CaseStatus.GRADED
    case.save()
    _call_strategy_meeting(actor, case)
    _event(
        case,
        actor,
        "graded",
        from_status=previous_status,
        to_status=case.status,
        reason=rationale.strip(),
        details={"grade": grade, "previous_grade": previous_grade},
    )
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="cse_case",
        object_id=case.pk,
        reason=rationale.strip(),
        details={"grade": grade},
    )
    return case


def _months_old(case: CseCase, on: date) -> int | None:
    return _age_in_months(case.child.date_of_birth, on)


@transaction.atomic
def transition_planning_chase(*, today: date | None = None) -> int:
    """At 17½ a young person on an open case needs a plan for 18 (support must not stop): the
    practitioner (or the team managers, if the case is unallocated) is told once, and the
    timeline says so. Run every minute by the worker's chasers."""
    from safehub.accounts.models import Role, User
    from safehub.notifications.services import notification_send

    today = today or timezone.localdate()
    born_by = date(today.year - 17, today.month, 1)  # cheap filter; the exact test is below
    cases = (
        CseCase.objects.open()
        .filter(transition_planning_notified_at__isnull=True, child__date_of_birth__lte=born_by)
        .select_related("child", "practitioner")
        .select_for_update(of=("self",))
    )
    told = 0
    for case in cases:
        months = _months_old(case, today)
        if months is None or months < TRANSFER_FROM_AGE_MONTHS:
            continue
        case.transition_planning_notified_at = timezone.now()
        case.save(update_fields=["transition_planning_notified_at", "updated_at"])
        _event(case, None, "transition planning due", reason="The young person is 17½ or older")
        recipients = (
            [case.practitioner]
            if case.practitioner
            else list(User.objects.filter(is_active=True, role_assignments__role=Role.TEAM_MANAGER))
        )
        for user in recipients:
            notification_send(
                recipient=user,
                title="Plan the move to adulthood for a young person on the CSE pathway",
                body="They are 17½. Plan with them what happens at 18. Details are in safehub.",
                link=reverse("pathway:case", args=[case.pk]),
                dedupe_key=f"cse-transition-{case.pk}",
            )
        told += 1
    return told


@transaction.atomic
def case_decide_at_eighteen(*, actor: Any, case: CseCase, continues: bool, reason: str) -> CseCase:
    """At 18 the case continues with the CSE team or is transferred to adult services, with
    the reason either way (CSE vulnerability is picked up regardless of age)."""
    case = CseCase.objects.select_for_update().get(pk=case.pk)
    _require(actor, "pathway.work_case", case)
    months = _months_old(case, timezone.localdate())
    if months is not None and months < TRANSFER_FROM_AGE_MONTHS:
        raise ValidationError({"reason": "This is decided from 17½"})
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for the decision"})
    if not continues:
        return case_move(actor=actor, case=case, to=CaseStatus.TRANSFERRED, transfer_reason=reason)
    case.adult_decision = "continues"
    case.adult_decision_reason = reason.strip()
    case.save(update_fields=["adult_decision", "adult_decision_reason", "updated_at"])
    _event(case, actor, "continues at 18", reason=reason.strip())
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="cse_case",
        object_id=case.pk,
        reason=reason.strip(),
        details={"at_eighteen": "continues"},
    )
    return case


@dataclass
class TimeInput:
    on: date | None
    kind: str
    minutes: int | None
    place: str = ""
    seen_alone: bool = False
    note: str = ""


@transaction.atomic
def time_with_young_person_record(
    *, actor: Any, case: CseCase, data: TimeInput
) -> TimeWithYoungPerson:
    """Log a contact with the young person (date, kind, length, where, seen alone)."""
    case = CseCase.objects.select_for_update().get(pk=case.pk)
    _require(actor, "pathway.work_case", case)
    errors: dict[str, str] = {}
    if data.on is None:
        errors["on"] = "Enter the date"
    elif data.on > timezone.localdate():
        errors["on"] = "The date cannot be in the future"
    if data.kind not in ContactKind.values:
        errors["kind"] = "Select how you were in touch"
    if data.minutes is None or data.minutes <= 0:
        errors["minutes"] = "Enter how long it lasted, in minutes"
    if errors:
        raise ValidationError(errors)
    assert data.on is not None and data.minutes is not None
    log = TimeWithYoungPerson.objects.create(
        case=case,
        on=data.on,
        kind=data.kind,
        minutes=data.minutes,
        place=data.place.strip(),
        seen_alone=data.seen_alone,
        note=data.note.strip(),
        recorded_by=actor,
    )
    _event(
        case, actor, "time with the young person", details={"kind": data.kind, "on": str(data.on)}
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="time_with_young_person",
        object_id=log.pk,
        details={"case": case.pk},
    )
    return log


@dataclass
class PlanAction:
    what: str
    who: str
    by_when: date | None
    restricted: bool = False


@dataclass
class PlanInput:
    goals: str
    young_person_took_part: bool | None
    young_person_said: str
    parents_took_part: bool | None
    parents_said: str
    family_summary: str
    actions: list[PlanAction]


PLAN_STAGES = (CaseStatus.GRADED, CaseStatus.STRATEGY_AND_PLAN, CaseStatus.REVIEW)


@transaction.atomic
def safety_plan_save(*, actor: Any, case: CseCase, data: PlanInput) -> SafetyPlan:
    """Save the safety plan as its next version (the earlier versions stay as they were)."""
    case = CseCase.objects.select_for_update().get(pk=case.pk)
    _require(actor, "pathway.work_case", case)
    errors: dict[str, str] = {}
    if case.status not in PLAN_STAGES:
        errors["goals"] = "A safety plan is made once the risk panel has graded the case"
    if not data.goals.strip():
        errors["goals"] = "Write the plan's goals"
    if data.young_person_took_part is None:
        errors["young_person_took_part"] = "Say whether the young person took part"
    if not data.young_person_said.strip():
        errors["young_person_said"] = (
            "Write what the young person said, or why they did not take part"
        )
    if data.parents_took_part is None:
        errors["parents_took_part"] = "Say whether the parents or carers took part"
    if not data.parents_said.strip():
        errors["parents_said"] = "Write what the parents said, or why they did not take part"
    if not data.family_summary.strip():
        errors["family_summary"] = "Write the plan in plain words for the young person and family"
    actions = [a for a in data.actions if a.what.strip() or a.who.strip() or a.by_when]
    if not actions:
        errors["actions"] = "Add at least one action: who does what by when"
    for number, action in enumerate(actions, start=1):
        if not (action.what.strip() and action.who.strip() and action.by_when):
            errors[f"action_{number}"] = f"Action {number}: say what, who and by when"
    if errors:
        raise ValidationError(errors)
    latest = case.safety_plans.order_by("-version").first()
    plan = SafetyPlan.objects.create(
        case=case,
        version=(latest.version + 1) if latest else 1,
        goals=data.goals.strip(),
        young_person_took_part=bool(data.young_person_took_part),
        young_person_said=data.young_person_said.strip(),
        parents_took_part=bool(data.parents_took_part),
        parents_said=data.parents_said.strip(),
        family_summary=data.family_summary.strip(),
        made_by=actor,
        made_at=timezone.now(),
    )
    SafetyPlanAction.objects.bulk_create(
        SafetyPlanAction(
            plan=plan,
            what=a.what.strip(),
            who=a.who.strip(),
            by_when=a.by_when,
            restricted=a.restricted,
        )
        for a in actions
        if a.by_when is not None
    )
    _event(case, actor, "safety plan", details={"version": plan.version})
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="safety_plan",
        object_id=plan.pk,
        details={"case": case.pk, "version": plan.version},
    )
    return plan


@dataclass
class MeetingInput:
    held_at: datetime | None
    agency_ids: list[int]
    attendees: str
    decisions: str
    perpetrator_actions: str = ""


@transaction.atomic
def strategy_meeting_record(
    *, actor: Any, meeting: StrategyMeeting, data: MeetingInput
) -> StrategyMeeting:
    """Record a strategy meeting as held, and schedule its review at the cadence of the case's
    grade (until the case ends). Actions against perpetrators may only be recorded by those
    who may read them."""
    meeting = StrategyMeeting.objects.select_for_update().get(pk=meeting.pk)
    case = meeting.case
    _require(actor, "pathway.work_case", case)
    errors: dict[str, str] = {}
    if meeting.held_at is not None:
        errors["decisions"] = "This meeting is already recorded"
    if data.held_at is None:
        errors["held_at"] = "Enter when the meeting was held"
    elif data.held_at > timezone.now():
        errors["held_at"] = "The meeting cannot be in the future"
    if not data.agency_ids:
        errors["agency_ids"] = "Select the agencies that attended"
    if not data.decisions.strip():
        errors["decisions"] = "Record the meeting's decisions"
    if data.perpetrator_actions.strip() and not actor.has_perm("pathway.see_perpetrator_actions"):
        errors["perpetrator_actions"] = "Only police or the safeguarding leads record these"
    if errors:
        raise ValidationError(errors)
    assert data.held_at is not None
    meeting.held_at = data.held_at
    meeting.attendees = data.attendees.strip()
    meeting.decisions = data.decisions.strip()
    meeting.perpetrator_actions = data.perpetrator_actions.strip()
    meeting.recorded_by = actor
    meeting.save()
    meeting.agencies.set(data.agency_ids)
    _event(case, actor, "strategy meeting held", reason=meeting.decisions[:200])
    weeks = (settings_get().review_weeks or {}).get(case.grade)
    if case.is_open and weeks:
        StrategyMeeting.objects.create(
            case=case,
            kind=StrategyMeetingKind.REVIEW,
            due_by=data.held_at + timedelta(weeks=int(weeks)),
        )
        _event(case, actor, "review scheduled", details={"weeks": int(weeks)})
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="strategy_meeting",
        object_id=meeting.pk,
        details={"case": case.pk},
    )
    return meeting


# --- The multi-agency risk panel (issue 5, point 5) ----------------------------------------


def _panel_locked(panel: RiskPanel) -> RiskPanel:
    return RiskPanel.objects.select_for_update().select_related("chair").get(pk=panel.pk)


@transaction.atomic
def risk_panel_schedule(*, actor: Any, held_on: date | None, location: str = "") -> RiskPanel:
    """A chair schedules a panel (the form offers the date a fortnight after the last one)."""
    _require(actor, "pathway.schedule_risk_panel")
    if held_on is None:
        raise ValidationError({"held_on": "Enter the date of the panel"})
    if held_on < timezone.localdate():
        raise ValidationError({"held_on": "The panel's date cannot be in the past"})
    panel = RiskPanel.objects.create(held_on=held_on, location=location.strip(), chair=actor)
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="risk_panel",
        object_id=panel.pk,
        details={"held_on": held_on.isoformat()},
    )
    return panel


NOT_YET_ASSESSED = (CaseStatus.REFERRED, CaseStatus.ALLOCATED)


@transaction.atomic
def panel_agenda_add(*, actor: Any, panel: RiskPanel, cases: list[CseCase]) -> list[PanelItem]:
    """Put cases on a planned panel's agenda, after the items already there. A case goes to
    the panel only once it has a risk assessment, and only once on the same panel (the
    database refuses a second item too)."""
    panel = _panel_locked(panel)
    _require(actor, "pathway.manage_panel_agenda", panel)
    if not cases:
        raise ValidationError({"cases": "Select at least one case for the agenda"})
    current = CseCase.objects.in_bulk([c.pk for c in cases])  # decide on the current state
    cases = [current[c.pk] for c in cases]
    on_panel = set(panel.items.values_list("case_id", flat=True))
    errors: list[str] = []
    for case in cases:
        if case.pk in on_panel:
            errors.append(f"{case.reference} is already on this panel's agenda")
        elif not case.is_open:
            errors.append(f"{case.reference} is closed")
        elif case.status in NOT_YET_ASSESSED or not case.assessments.exists():
            errors.append(f"{case.reference} has no risk assessment yet: it cannot go to the panel")
    if errors:
        raise ValidationError({"cases": errors})
    position = max(panel.items.values_list("position", flat=True), default=0)
    now = timezone.now()
    added: list[PanelItem] = []
    for case in cases:
        position += 1
        try:
            with transaction.atomic():
                item = PanelItem.objects.create(
                    panel=panel, case=case, position=position, added_by=actor, added_at=now
                )
        except IntegrityError as exc:  # added a moment ago by another request
            raise ValidationError(
                {"cases": f"{case.reference} is already on this panel's agenda"}
            ) from exc
        _event(case, actor, "on the risk panel's agenda", details={"panel": panel.pk})
        added.append(item)
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="risk_panel",
        object_id=panel.pk,
        details={"added_cases": [c.pk for c in cases]},
    )
    return added


@transaction.atomic
def panel_input_add(*, actor: Any, item: PanelItem, kind: str, text: str) -> PanelInput:
    """Information for a case before the panel meets: the practitioner's report (the allocated
    practitioner or a team manager), the police intelligence summary (police officers only),
    or an expected agency's information (its partner contributors). Sending the same text
    again returns the first input."""
    item = PanelItem.objects.select_related("panel", "case__practitioner").get(pk=item.pk)
    if kind not in PanelInputKind.values:
        raise ValidationError({"kind": "Not a kind of panel input"})
    from safehub.pathway.selectors import INPUT_PERMISSIONS

    _require(actor, INPUT_PERMISSIONS[PanelInputKind(kind)], item)
    if not text.strip():
        raise ValidationError({"text": "Write the information for the panel"})
    existing = item.inputs.filter(author=actor, kind=kind, text=text.strip()).first()
    if existing is not None:
        return existing
    panel_input = PanelInput.objects.create(
        item=item,
        kind=kind,
        agency_id=actor.agency_id,
        author=actor,
        text=text.strip(),
        at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.CREATE,
        object_type="panel_input",
        object_id=panel_input.pk,
        details={"panel": item.panel_id, "case": item.case_id, "kind": kind},
    )
    return panel_input


@dataclass
class AttendanceInput:
    agency_id: int
    attended: bool | None
    representative: str = ""
    absence_reason: str = ""


@transaction.atomic
def risk_panel_record_held(
    *, actor: Any, panel: RiskPanel, attendance: list[AttendanceInput]
) -> RiskPanel:
    """The chair records the panel as held, with every expected agency's attendance: who
    represented it, or why it did not come. Recording again corrects the attendance."""
    from safehub.pathway.selectors import panel_expected_agencies

    panel = _panel_locked(panel)
    _require(actor, "pathway.record_panel_held", panel)
    errors: dict[str, str] = {}
    if panel.held_on > timezone.localdate():
        errors["__all__"] = (
            f"The panel is on {panel.held_on:%d %B %Y}: record it once it has been held"
        )
    given = {a.agency_id: a for a in attendance}
    expected = panel_expected_agencies(panel)
    for agency in expected:
        row = given.get(agency.pk)
        prefix = f"agency_{agency.pk}_"
        if row is None or row.attended is None:
            errors[f"{prefix}attended"] = f"Say whether {agency.name} attended"
        elif row.attended and not row.representative.strip():
            errors[f"{prefix}representative"] = f"Enter who represented {agency.name}"
        elif not row.attended and not row.absence_reason.strip():
            errors[f"{prefix}absence_reason"] = f"Give the reason {agency.name} did not attend"
    if errors:
        raise ValidationError(errors)
    for agency in expected:
        row = given[agency.pk]
        PanelAttendance.objects.update_or_create(
            panel=panel,
            agency=agency,
            defaults={
                "attended": bool(row.attended),
                "representative": row.representative.strip() if row.attended else "",
                "absence_reason": "" if row.attended else row.absence_reason.strip(),
            },
        )
    correcting = panel.is_held
    if not correcting:
        panel.status = PanelStatus.HELD
        panel.held_at = timezone.now()
        panel.recorded_by = actor
        panel.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="risk_panel",
        object_id=panel.pk,
        details={
            "held": True,
            "corrected": correcting,
            "absent": sorted(a.pk for a in expected if not given[a.pk].attended),
        },
    )
    return panel


ACTIONS_PER_DECISION = 3


@dataclass
class PanelActionInput:
    owning_agency_id: int | None
    what: str
    due_on: date | None

    @property
    def is_blank(self) -> bool:
        return not (self.owning_agency_id or self.what.strip() or self.due_on)


@transaction.atomic
def panel_item_decide(
    *,
    actor: Any,
    item: PanelItem,
    grade: str,
    rationale: str,
    actions: list[PanelActionInput] | None = None,
) -> PanelItem:
    """The panel's decision on a case: the grade and its rationale, set through `case_grade`
    (so a grade of Medium or above calls a strategy meeting), and up to three actions given to
    partner agencies, all in one transaction. Sending the same decision again changes nothing
    (and gives no action twice); a different one is refused: the case is graded again at a
    later panel."""
    from safehub.accounts.models import Agency
    from safehub.actions.models import ActionSource
    from safehub.actions.services import action_give

    item = PanelItem.objects.select_for_update().select_related("panel", "case").get(pk=item.pk)
    _require(actor, "pathway.decide_panel_item", item)
    actions = [a for a in (actions or []) if not a.is_blank]
    if len(actions) > ACTIONS_PER_DECISION:
        raise ValidationError({"__all__": f"Give at most {ACTIONS_PER_DECISION} actions"})
    if item.is_decided and (item.grade, item.rationale) != (grade, rationale.strip()):
        raise ValidationError({"grade": "The panel's decision on this case is already recorded"})
    case = item.case
    errors: dict[str, list[str]] = {}
    if not item.is_decided:
        try:
            case = case_grade(actor=actor, case=case, grade=grade, rationale=rationale)
        except ValidationError as exc:  # checked with the actions, to show every problem at once
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
    given: list[int] = []
    for number, action in enumerate(actions, start=1):
        prefix = f"action_{number}_"
        agency = (
            Agency.objects.filter(pk=action.owning_agency_id).first()
            if action.owning_agency_id
            else None
        )
        try:
            with transaction.atomic():  # a refused action leaves nothing half-written
                partner_action = action_give(
                    actor=actor,
                    child=case.child,
                    owning_agency=agency,  # type: ignore[arg-type]  # None: refused, by field
                    what=action.what,
                    due_on=action.due_on,
                    source=ActionSource.RISK_PANEL,
                    source_id=item.pk,
                    case=case,
                    field_prefix=prefix,
                )
        except ValidationError as exc:
            for field, messages in exc.message_dict.items():
                errors.setdefault(field, []).extend(messages)
        else:
            given.append(partner_action.pk)
    if errors:
        raise ValidationError(errors)  # rolls back the grade too: the decision is one record
    if not item.is_decided:
        item.grade = grade
        item.rationale = rationale.strip()
        item.decided_at = timezone.now()
        item.decided_by = actor
        item.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="panel_item",
        object_id=item.pk,
        reason=item.rationale,
        details={
            "panel": item.panel_id,
            "case": case.pk,
            "grade": item.grade,
            "actions": given,
        },
    )
    return item


__all__ = [
    "MOVES",
    "case_allocate",
    "case_assess",
    "case_grade",
    "case_move",
    "case_open_from_triage",
    "high_priority_caseload",
    "panel_agenda_add",
    "panel_input_add",
    "panel_item_decide",
    "risk_panel_record_held",
    "risk_panel_schedule",
    "settings_get",
]
