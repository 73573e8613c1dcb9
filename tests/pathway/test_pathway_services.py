"""The CSE case: opened by a "CSE pathway" decision, allocated against the caseload limit,
assessed, graded by the panel and moved along its lifecycle by the rules."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from safehub.accounts.models import User
from safehub.frontdoor import services as frontdoor_services
from safehub.frontdoor.models import Contact
from safehub.notifications.models import Notification
from safehub.pathway import selectors, services
from safehub.pathway.models import CaseAllocation, CaseStatus, CseCase, PathwaySettings

pytestmark = pytest.mark.django_db

ANSWERS = {"MISSING": "current", "OLDER_PARTNER": "current"}


def _to_panel(case: CseCase, practitioner: User) -> CseCase:
    services.case_assess(
        actor=practitioner, case=case, answers=ANSWERS, narrative="Met her twice; cars, men"
    )
    return services.case_move(actor=practitioner, case=case, to=CaseStatus.AWAITING_PANEL)


def test_a_cse_pathway_decision_refers_the_child_once_and_other_decisions_do_not(
    social_worker: User,
    add_child: Callable[..., Any],
    record_contact: Callable[..., Contact],
) -> None:
    child = add_child()
    first = record_contact(child)
    frontdoor_services.contact_triage(
        actor=social_worker, contact=first, outcome="cse_pathway", reason="CSE"
    )
    case = CseCase.objects.get()
    assert case.child == child and case.contact == first and case.status == CaseStatus.REFERRED
    assert case.events.get().kind == "referred"
    second = record_contact(child)  # information on the open case, decided again
    frontdoor_services.contact_triage(
        actor=social_worker, contact=second, outcome="cse_pathway", reason="More"
    )
    assert CseCase.objects.count() == 1
    other = record_contact(add_child("Jade", "Okafor", dob="2009-01-02", reason="other"))
    frontdoor_services.contact_triage(
        actor=social_worker, contact=other, outcome="early_help", reason="Early help"
    )
    assert CseCase.objects.count() == 1


def test_allocation_over_the_limit_needs_a_reason_and_is_recorded(
    refer: Callable[..., CseCase],
    manager: User,
    practitioner: User,
    colleague: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    PathwaySettings.objects.update_or_create(pk=1, defaults={"max_high_priority_cases": 2})
    cases = [refer() for _ in range(3)]
    for case in cases[:2]:
        services.case_allocate(actor=manager, case=case, practitioner=practitioner)
    with pytest.raises(ValidationError) as exc:
        services.case_allocate(actor=manager, case=cases[2], practitioner=practitioner)
    assert "would hold 3 high-priority cases, over the limit of 2" in str(exc.value)
    with django_capture_on_commit_callbacks(execute=True):
        allocation = services.case_allocate(
            actor=manager,
            case=cases[2],
            practitioner=practitioner,
            breach_reason="Only practitioner who knows the family",
        )
    assert allocation.breach and allocation.high_priority_before == 2 and allocation.limit == 2
    cases[2].refresh_from_db()
    assert cases[2].status == CaseStatus.ALLOCATED and cases[2].practitioner == practitioner
    assert Notification.objects.filter(recipient=practitioner).count() == 3
    # A graded Low case does not count towards the high-priority load.
    load = {c.practitioner.pk: c for c in selectors.caseloads(user=manager)}
    assert load[practitioner.pk].high_priority == 3 and load[practitioner.pk].over_limit
    assert load[colleague.pk].open_cases == 0
    assert list(selectors.recent_breaches(user=manager)) == [allocation]


def test_only_managers_allocate_and_only_to_cse_practitioners(
    refer: Callable[..., CseCase], manager: User, practitioner: User, social_worker: User
) -> None:
    case = refer()
    with pytest.raises(PermissionDenied):
        services.case_allocate(actor=practitioner, case=case, practitioner=practitioner)
    with pytest.raises(ValidationError):
        services.case_allocate(actor=manager, case=case, practitioner=social_worker)
    assert not CaseAllocation.objects.exists()


def test_the_lifecycle_rules(
    refer: Callable[..., CseCase], manager: User, practitioner: User, chair: User
) -> None:
    case = refer()
    services.case_allocate(actor=manager, case=case, practitioner=practitioner)
    # No panel without an assessment; no grade without an assessment.
    with pytest.raises(ValidationError):
        services.case_move(actor=practitioner, case=case, to=CaseStatus.AWAITING_PANEL)
    with pytest.raises(ValidationError) as exc:
        services.case_grade(actor=chair, case=case, grade="high", rationale="x")
    assert "no risk assessment" in str(exc.value)
    first = services.case_assess(
        actor=practitioner, case=case, answers=ANSWERS, narrative="Met her twice"
    )
    case.refresh_from_db()
    assert case.status == CaseStatus.INITIAL_ASSESSMENT and first.kind == "initial"
    case = services.case_move(actor=practitioner, case=case, to=CaseStatus.AWAITING_PANEL)
    with pytest.raises(PermissionDenied):
        services.case_grade(actor=practitioner, case=case, grade="high", rationale="x")
    case = services.case_grade(actor=chair, case=case, grade="high", rationale="Cars, men")
    assert case.status == CaseStatus.GRADED and case.grade == "high"
    case = services.case_move(actor=practitioner, case=case, to=CaseStatus.STRATEGY_AND_PLAN)
    case = services.case_move(actor=practitioner, case=case, to=CaseStatus.REVIEW)
    review = services.case_assess(
        actor=practitioner, case=case, answers={"MISSING": "6_to_12_months"}, narrative="Better"
    )
    assert review.kind == "review" and case.assessments.count() == 2
    with pytest.raises(ValidationError) as exc:
        services.case_move(actor=practitioner, case=case, to=CaseStatus.CLOSED)
    assert "exit_strategy" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.case_move(actor=practitioner, case=case, to=CaseStatus.GRADED)
    assert "cannot move" in str(exc.value)
    case = services.case_move(
        actor=practitioner,
        case=case,
        to=CaseStatus.CLOSED,
        exit_strategy="Youth club twice a week; school mentor; mum knows who to call",
    )
    assert not case.is_open and case.ended_at is not None
    with pytest.raises(PermissionDenied):
        services.case_move(actor=practitioner, case=case, to=CaseStatus.REVIEW)
    kinds = list(case.events.values_list("kind", flat=True))
    assert kinds[0] == "referred" and kinds.count("assessed") == 2 and kinds[-1] == "status"


def test_step_up_and_transfer_have_their_conditions(
    refer: Callable[..., CseCase], manager: User, practitioner: User
) -> None:
    young = refer(dob="2012-01-01")
    services.case_allocate(actor=manager, case=young, practitioner=practitioner)
    with pytest.raises(ValidationError) as exc:
        services.case_move(actor=practitioner, case=young, to=CaseStatus.STEPPED_UP)
    assert "parent_failing_to_protect" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.case_move(
            actor=practitioner, case=young, to=CaseStatus.TRANSFERRED, transfer_reason="x"
        )
    assert "17½" in str(exc.value)
    stepped = services.case_move(
        actor=practitioner,
        case=young,
        to=CaseStatus.STEPPED_UP,
        parent_failing_to_protect="Mum lets the men into the house",
    )
    assert stepped.status == CaseStatus.STEPPED_UP
    older = refer(dob="2000-01-01")
    services.case_allocate(actor=manager, case=older, practitioner=practitioner)
    moved = services.case_move(
        actor=practitioner,
        case=older,
        to=CaseStatus.TRANSFERRED,
        transfer_reason="Aged 18: adult social care picks up her CSE vulnerability",
    )
    assert moved.status == CaseStatus.TRANSFERRED


def test_who_sees_which_case(
    refer: Callable[..., CseCase],
    manager: User,
    practitioner: User,
    colleague: User,
    outsider: User,
    advisor: User,
) -> None:
    case = refer()
    unallocated = refer()
    services.case_allocate(actor=manager, case=case, practitioner=practitioner)
    case.refresh_from_db()
    assert set(selectors.cases_visible(user=practitioner)) == {case}
    assert set(selectors.cases_visible(user=colleague)) == {case}  # the same team
    assert not selectors.cases_visible(user=outsider).exists()
    assert not selectors.cases_visible(user=advisor).exists()
    assert set(selectors.cases_visible(user=manager)) == {case, unallocated}
    assert practitioner.has_perm("pathway.work_case", case)
    assert not colleague.has_perm("pathway.work_case", case)


def test_the_panel_deadline_is_six_weeks_of_working_days_from_allocation(
    refer: Callable[..., CseCase], manager: User, practitioner: User
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from safehub.common.calendar import add_working_days

    case = refer()
    before = timezone.now()
    services.case_allocate(actor=manager, case=case, practitioner=practitioner)
    case.refresh_from_db()
    assert case.panel_due_at is not None
    assert add_working_days(before, 30) <= case.panel_due_at <= add_working_days(timezone.now(), 30)
    assert not case.panel_overdue
    CseCase.objects.filter(pk=case.pk).update(panel_due_at=timezone.now() - timedelta(days=1))
    case.refresh_from_db()
    assert case.panel_overdue
    assert list(selectors.panel_overdue(user=manager)) == [case]
    # Re-allocation keeps the first deadline.
    due = case.panel_due_at
    services.case_allocate(actor=manager, case=case, practitioner=practitioner)
    case.refresh_from_db()
    assert case.panel_due_at == due


def test_transition_planning_at_seventeen_and_a_half_and_the_decision_at_eighteen(
    refer: Callable[..., CseCase],
    manager: User,
    practitioner: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    from datetime import date

    young = refer(dob="2012-01-01")
    nearly = refer(dob="2009-02-01")
    services.case_allocate(actor=manager, case=nearly, practitioner=practitioner)
    unallocated = refer(dob="2008-12-01")
    with django_capture_on_commit_callbacks(execute=True):
        assert services.transition_planning_chase(today=date(2026, 11, 29)) == 2
    assert services.transition_planning_chase(today=date(2026, 11, 29)) == 0
    young.refresh_from_db()
    assert young.transition_planning_notified_at is None
    assert (
        Notification.objects.filter(recipient=practitioner, title__startswith="Plan").count() == 1
    )
    assert Notification.objects.filter(recipient=manager, title__startswith="Plan").count() == 1
    assert unallocated.events.filter(kind="transition planning due").exists()
    with pytest.raises(ValidationError):
        services.case_decide_at_eighteen(actor=practitioner, case=nearly, continues=True, reason="")
    kept = services.case_decide_at_eighteen(
        actor=practitioner, case=nearly, continues=True, reason="Still at risk; wants us to stay"
    )
    assert kept.adult_decision == "continues" and kept.is_open
    with pytest.raises(ValidationError) as exc:
        services.case_decide_at_eighteen(
            actor=manager, case=young, continues=True, reason="Too early"
        )
    assert "17½" in str(exc.value)


def test_time_with_the_young_person_against_what_the_grade_expects(
    refer: Callable[..., CseCase], manager: User, practitioner: User, chair: User
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    case = refer()
    services.case_allocate(actor=manager, case=case, practitioner=practitioner)
    _to_panel(case, practitioner)
    services.case_grade(actor=chair, case=case, grade="high", rationale="Cars and men")
    case.refresh_from_db()
    today = timezone.localdate()
    with pytest.raises(ValidationError) as exc:
        services.time_with_young_person_record(
            actor=practitioner,
            case=case,
            data=services.TimeInput(on=today + timedelta(days=1), kind="visit", minutes=0),
        )
    assert set(exc.value.message_dict) == {"on", "kind", "minutes"}
    for days_ago, kind in (
        (1, "face_to_face"),
        (3, "face_to_face"),
        (5, "phone"),
        (40, "face_to_face"),
    ):
        services.time_with_young_person_record(
            actor=practitioner,
            case=case,
            data=services.TimeInput(
                on=today - timedelta(days=days_ago), kind=kind, minutes=45, seen_alone=True
            ),
        )
    figures = selectors.seen_figures([case])[case.pk]
    assert (figures.seen, figures.expected) == (2, 8)  # High: twice a week over four weeks
    assert figures.shortfall
    short = selectors.seen_shortfalls(user=manager)
    assert [(pk, f.seen, f.expected) for pk, f in short] == [(case.pk, 2, 8)]
    PathwaySettings.objects.filter(pk=1).update(expected_contacts_per_week={"high": 0.5, "": 1.0})
    assert not selectors.seen_figures([case])[case.pk].shortfall
    assert selectors.seen_shortfalls(user=manager) == []
    PathwaySettings.objects.filter(pk=1).update(expected_contacts_per_week={"high": 0.75})
    short = selectors.seen_shortfalls(user=manager)  # 3 expected, 2 seen
    assert [(pk, f.seen, f.expected) for pk, f in short] == [(case.pk, 2, 3)]
    assert selectors.with_cases(short) == [(case, short[0][1])]
    from tests.pathway.test_pathway_views import client_for

    for url in ("/pathway/", "/pathway/dashboard/seen-shortfalls/"):
        listed = client_for(manager).get(url).content.decode().split('id="seen-shortfalls"')[1]
        assert case.reference in listed.split("</ul>")[0] and "seen 2 of 3 expected" in listed


def _plan(**overrides: Any) -> services.PlanInput:
    from datetime import date

    fields: dict[str, Any] = {
        "goals": "Kayleigh is safe at home time and knows who to call",
        "young_person_took_part": True,
        "young_person_said": "I want to go to the youth club instead of the park",
        "parents_took_part": False,
        "parents_said": "Mum could not come; spoken to by phone, agrees",
        "family_summary": "We will help Kayleigh stay safe after school.",
        "actions": [
            services.PlanAction(
                "Meet at the school gate at 3pm", "Youth worker", date(2026, 12, 5)
            ),
            services.PlanAction(
                "Disruption visit to the silver car's keeper",
                "Police CSE team",
                date(2026, 12, 1),
                restricted=True,
            ),
        ],
    }
    fields.update(overrides)
    return services.PlanInput(**fields)


def test_safety_plans_are_versioned_and_record_who_took_part(
    refer: Callable[..., CseCase], manager: User, practitioner: User, chair: User
) -> None:
    case = refer()
    services.case_allocate(actor=manager, case=case, practitioner=practitioner)
    _to_panel(case, practitioner)
    with pytest.raises(ValidationError) as exc:
        services.safety_plan_save(actor=practitioner, case=case, data=_plan())
    assert "graded" in str(exc.value)
    services.case_grade(actor=chair, case=case, grade="high", rationale="Cars and men")
    with pytest.raises(ValidationError) as exc:
        services.safety_plan_save(
            actor=practitioner,
            case=case,
            data=_plan(young_person_took_part=None, parents_said=" ", actions=[]),
        )
    assert {"young_person_took_part", "parents_said", "actions"} <= set(exc.value.message_dict)
    first = services.safety_plan_save(actor=practitioner, case=case, data=_plan())
    second = services.safety_plan_save(
        actor=practitioner, case=case, data=_plan(goals="Safe on Saturdays too")
    )
    assert (first.version, second.version) == (1, 2)
    first.refresh_from_db()
    assert first.goals.startswith("Kayleigh is safe")  # the earlier version is kept as it was
    assert second.actions.filter(restricted=True).count() == 1


def test_a_medium_or_higher_grade_calls_a_strategy_meeting_reviewed_at_the_grades_cadence(
    refer: Callable[..., CseCase],
    manager: User,
    practitioner: User,
    chair: User,
    social_worker: User,
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    from safehub.pathway.models import StrategyMeeting

    low = refer()
    services.case_allocate(actor=manager, case=low, practitioner=practitioner)
    _to_panel(low, practitioner)
    services.case_grade(actor=chair, case=low, grade="low_medium", rationale="Some risk")
    assert not StrategyMeeting.objects.filter(case=low).exists()
    case = refer()
    services.case_allocate(actor=manager, case=case, practitioner=practitioner)
    _to_panel(case, practitioner)
    services.case_grade(actor=chair, case=case, grade="high", rationale="Cars and men")
    meeting = StrategyMeeting.objects.get(case=case)
    assert meeting.kind == "initial" and meeting.held_at is None
    services.case_grade(actor=chair, case=case, grade="medium_high", rationale="Still")
    assert StrategyMeeting.objects.filter(case=case).count() == 1  # one pending at a time
    held = timezone.now() - timedelta(days=1)
    data = services.MeetingInput(
        held_at=held,
        agency_ids=[practitioner.agency_id],
        attendees="CSE team, police, school",
        decisions="Safety plan agreed",
        perpetrator_actions="Disruption notice to the car's keeper",
    )
    with pytest.raises(ValidationError) as exc:
        services.strategy_meeting_record(actor=practitioner, meeting=meeting, data=data)
    assert "perpetrator_actions" in exc.value.message_dict  # practitioners do not record these
    data.perpetrator_actions = ""
    services.strategy_meeting_record(actor=practitioner, meeting=meeting, data=data)
    review = StrategyMeeting.objects.get(case=case, held_at__isnull=True)
    assert review.kind == "review"
    assert review.due_by == held + timedelta(weeks=6)  # Medium-High: every six weeks
    assert list(selectors.strategy_meetings_overdue(user=manager)) == []
    StrategyMeeting.objects.filter(pk=review.pk).update(due_by=timezone.now() - timedelta(hours=1))
    assert list(selectors.strategy_meetings_overdue(user=manager)) == [review]
