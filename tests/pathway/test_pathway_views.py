"""Pathway pages, role by role: the manager's dashboard and allocation, the practitioner's
caseload and case, the panel chair's grade; outsiders get 404; every view is audited."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.test import Client

from safehub.accounts.models import User
from safehub.audit.models import AuditEvent
from safehub.pathway import services
from safehub.pathway.models import CaseAllocation, CaseStatus, CseCase, PathwaySettings

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_manager_allocates_over_the_limit_only_with_a_reason(
    refer: Callable[..., CseCase], manager: User, practitioner: User
) -> None:
    PathwaySettings.objects.update_or_create(pk=1, defaults={"max_high_priority_cases": 1})
    held = refer()
    services.case_allocate(actor=manager, case=held, practitioner=practitioner)
    case = refer()
    boss = client_for(manager)
    dashboard = boss.get("/pathway/").content.decode()
    assert case.reference in dashboard  # waiting for allocation
    assert "Pip Practitioner" in dashboard
    form = boss.get(f"/pathway/cases/{case.pk}/allocate/").content.decode()
    assert "Pip Practitioner: 1 of 1 high-priority" in form
    refused = boss.post(f"/pathway/cases/{case.pk}/allocate/", {"practitioner": practitioner.pk})
    assert refused.status_code == 400
    assert "over the limit of 1" in refused.content.decode()
    done = boss.post(
        f"/pathway/cases/{case.pk}/allocate/",
        {"practitioner": practitioner.pk, "breach_reason": "Knows the family"},
    )
    assert done.status_code == 302
    assert CaseAllocation.objects.get(case=case).breach
    dashboard = boss.get("/pathway/").content.decode()
    assert "Over the limit of 1" in dashboard and "Knows the family" in dashboard


def test_the_practitioner_assesses_and_moves_the_case_and_the_chair_grades(
    refer: Callable[..., CseCase], manager: User, practitioner: User, chair: User
) -> None:
    case = refer()
    services.case_allocate(actor=manager, case=case, practitioner=practitioner)
    worker = client_for(practitioner)
    caseload = worker.get("/pathway/").content.decode()
    assert case.reference in caseload and "1 of them high-priority" in caseload
    page = worker.get(f"/pathway/cases/{case.pk}/assess/")
    assert page.status_code == 200
    assert "Goes missing or stays out overnight" in page.content.decode()
    empty = worker.post(f"/pathway/cases/{case.pk}/assess/", {"indicator_MISSING": "current"})
    assert empty.status_code == 400
    assert (
        worker.post(
            f"/pathway/cases/{case.pk}/assess/",
            {"indicator_MISSING": "current", "narrative": "Met her at school"},
        ).status_code
        == 302
    )
    closing = worker.post(f"/pathway/cases/{case.pk}/move/", {"to": "closed"})
    assert closing.status_code == 400
    assert "exit strategy" in closing.content.decode()
    assert (
        worker.post(
            f"/pathway/cases/{case.pk}/move/", {"to": CaseStatus.AWAITING_PANEL}
        ).status_code
        == 302
    )
    assert worker.get(f"/pathway/cases/{case.pk}/grade/").status_code == 403
    graded = client_for(chair).post(
        f"/pathway/cases/{case.pk}/grade/", {"grade": "medium_high", "rationale": "Cars, men"}
    )
    assert graded.status_code == 302
    case.refresh_from_db()
    assert case.grade == "medium_high" and case.status == CaseStatus.GRADED
    timeline = worker.get(f"/pathway/cases/{case.pk}/").content.decode()
    assert "Medium-High" in timeline and "Initial risk assessment" in timeline
    assert AuditEvent.objects.filter(
        object_type="cse_case", action="view", actor=practitioner, object_id=str(case.pk)
    ).exists()


def test_outsiders_see_nothing(
    refer: Callable[..., CseCase], manager: User, practitioner: User, outsider: User, advisor: User
) -> None:
    case = refer()
    services.case_allocate(actor=manager, case=case, practitioner=practitioner)
    assert client_for(outsider).get(f"/pathway/cases/{case.pk}/").status_code == 404
    assert client_for(advisor).get(f"/pathway/cases/{case.pk}/").status_code == 404
    assert client_for(advisor).get("/pathway/").status_code == 403
    nav = client_for(practitioner).get("/").content.decode()
    assert 'href="/pathway/"' in nav
    assert 'href="/pathway/"' not in client_for(advisor).get("/").content.decode()


def test_case_status_over_the_api_is_scoped_and_audited(
    refer: Callable[..., CseCase], manager: User, practitioner: User, outsider: User
) -> None:
    from safehub.accounts import services as account_services

    case = refer()
    services.case_allocate(actor=manager, case=case, practitioner=practitioner)

    def get(user: User) -> Any:
        _, secret = account_services.api_token_create(actor=user, name="t")
        return Client().get(f"/api/v1/cases/{case.pk}", HTTP_AUTHORIZATION=f"Bearer {secret}")

    response = get(practitioner)
    assert response.status_code == 200
    assert response.json()["status"] == "allocated"
    assert response.json()["practitioner"] == "Pip Practitioner"
    assert get(outsider).status_code == 404
    assert (
        AuditEvent.objects.filter(object_type="cse_case", action="view", details__via="api").count()
        == 1
    )


def test_the_dashboard_flags_cases_past_their_panel_deadline_and_the_18_decision_page(
    refer: Callable[..., CseCase], manager: User, practitioner: User
) -> None:
    from datetime import timedelta

    from django.utils import timezone

    case = refer(dob="2008-12-01")
    services.case_allocate(actor=manager, case=case, practitioner=practitioner)
    CseCase.objects.filter(pk=case.pk).update(panel_due_at=timezone.now() - timedelta(days=2))
    dashboard = client_for(manager).get("/pathway/").content.decode()
    assert 'id="panel-overdue"' in dashboard and case.reference in dashboard
    assert "Panel overdue" in client_for(practitioner).get("/pathway/").content.decode()
    services.transition_planning_chase()
    worker = client_for(practitioner)
    assert "Decide what happens at 18" in worker.get(f"/pathway/cases/{case.pk}/").content.decode()
    refused = worker.post(f"/pathway/cases/{case.pk}/adulthood/", {"decision": "continues"})
    assert refused.status_code == 400
    done = worker.post(
        f"/pathway/cases/{case.pk}/adulthood/",
        {"decision": "transferred", "reason": "Adult social care will hold the plan"},
    )
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.status == CaseStatus.TRANSFERRED and case.adult_decision == "transferred"


def test_the_practitioner_records_time_and_the_caseload_shows_it(
    refer: Callable[..., CseCase], manager: User, practitioner: User
) -> None:
    case = refer()
    services.case_allocate(actor=manager, case=case, practitioner=practitioner)
    worker = client_for(practitioner)
    bad = worker.post(
        f"/pathway/cases/{case.pk}/time/new/",
        {"on": "31/02/2026", "kind": "face_to_face", "minutes": "30", "place": "Youth club"},
    )
    assert bad.status_code == 400
    assert "Enter a real date" in bad.content.decode() and "Youth club" in bad.content.decode()
    from django.utils import timezone

    today = timezone.localdate().strftime("%d/%m/%Y")
    good = worker.post(
        f"/pathway/cases/{case.pk}/time/new/",
        {"on": today, "kind": "face_to_face", "minutes": "30", "seen_alone": "on"},
    )
    assert good.status_code == 302
    assert "1 of 4" in worker.get("/pathway/").content.decode()  # not graded: once a week
    assert "seen alone" in worker.get(f"/pathway/cases/{case.pk}/").content.decode()


def test_the_case_page_offers_the_support_services_for_its_grade(
    refer: Callable[..., CseCase], manager: User, practitioner: User
) -> None:
    from safehub.pathway.models import SupportService

    SupportService.objects.create(
        name="Everyone's helpline", offers="Advice for anyone", out_of_hours_phone="01632 960999"
    )
    SupportService.objects.create(
        name="High-risk ISVA service", offers="Court support", grades=["high"]
    )
    SupportService.objects.create(name="Closed service", offers="Gone", is_active=False)
    case = refer()
    services.case_allocate(actor=manager, case=case, practitioner=practitioner)
    page = client_for(practitioner).get(f"/pathway/cases/{case.pk}/").content.decode()
    assert "Everyone&#x27;s helpline" in page and "01632 960999" in page
    assert "High-risk ISVA service" not in page and "Closed service" not in page
    CseCase.objects.filter(pk=case.pk).update(grade="high")
    page = client_for(practitioner).get(f"/pathway/cases/{case.pk}/").content.decode()
    assert "High-risk ISVA service" in page


def test_the_familys_copy_leaves_out_restricted_actions_and_is_audited(
    refer: Callable[..., CseCase], manager: User, practitioner: User, chair: User
) -> None:
    case = refer()
    services.case_allocate(actor=manager, case=case, practitioner=practitioner)
    services.case_assess(actor=practitioner, case=case, answers={}, narrative="Seen at school")
    services.case_move(actor=practitioner, case=case, to=CaseStatus.AWAITING_PANEL)
    services.case_grade(actor=chair, case=case, grade="high", rationale="Cars")
    worker = client_for(practitioner)
    missing = worker.post(f"/pathway/cases/{case.pk}/safety-plan/", {"goals": "Stay safe"})
    assert missing.status_code == 400
    assert "Say whether the young person took part" in missing.content.decode()
    saved = worker.post(
        f"/pathway/cases/{case.pk}/safety-plan/",
        {
            "goals": "Stay safe after school",
            "young_person_took_part": "yes",
            "young_person_said": "Youth club, not the park",
            "parents_took_part": "yes",
            "parents_said": "Mum will collect on Fridays",
            "family_summary": "We will help you stay safe after school.",
            "action_1_what": "Meet at the gate at 3pm",
            "action_1_who": "Youth worker",
            "action_1_by_when": "05/12/2026",
            "action_2_what": "SECRET disruption visit",
            "action_2_who": "Police CSE team",
            "action_2_by_when": "01/12/2026",
            "action_2_restricted": "on",
        },
    )
    assert saved.status_code == 302, saved.content.decode()[:3000]
    copy = worker.get(f"/pathway/cases/{case.pk}/safety-plan/family-copy/").content.decode()
    assert "Meet at the gate at 3pm" in copy and "SECRET" not in copy
    assert "Police CSE team" not in copy
    assert AuditEvent.objects.filter(object_type="safety_plan", action="export").count() == 1
    edit = worker.get(f"/pathway/cases/{case.pk}/safety-plan/").content.decode()
    assert "Meet at the gate at 3pm" in edit  # the next version starts from the current one


def _graded_high(
    case: CseCase, manager: User, practitioner: User, chair: User
) -> tuple[CseCase, Any]:
    """The case allocated, assessed and graded High, and the strategy meeting that calls."""
    from safehub.pathway.models import StrategyMeeting

    services.case_allocate(actor=manager, case=case, practitioner=practitioner)
    services.case_assess(actor=practitioner, case=case, answers={}, narrative="Seen at school")
    services.case_move(actor=practitioner, case=case, to=CaseStatus.AWAITING_PANEL)
    services.case_grade(actor=chair, case=case, grade="high", rationale="Cars")
    return case, StrategyMeeting.objects.get(case=case)


def test_recording_a_strategy_meeting_and_who_reads_the_police_actions(
    refer: Callable[..., CseCase], manager: User, practitioner: User, chair: User
) -> None:
    from safehub.pathway.models import StrategyMeeting

    case, meeting = _graded_high(refer(), manager, practitioner, chair)
    boss = client_for(manager)
    form = boss.get(f"/pathway/cases/{case.pk}/strategy-meetings/{meeting.pk}/")
    assert "Actions against the people exploiting" in form.content.decode()
    worker_form = client_for(practitioner).get(
        f"/pathway/cases/{case.pk}/strategy-meetings/{meeting.pk}/"
    )
    assert "Actions against the people exploiting" not in worker_form.content.decode()
    empty = boss.post(
        f"/pathway/cases/{case.pk}/strategy-meetings/{meeting.pk}/", {"attendees": "Police"}
    )
    assert empty.status_code == 400
    done = boss.post(
        f"/pathway/cases/{case.pk}/strategy-meetings/{meeting.pk}/",
        {
            "held_on": "20/11/2026",
            "agencies": [str(practitioner.agency_id)],
            "decisions": "Safety plan agreed",
            "perpetrator_actions": "POLICE-ONLY disruption notice",
        },
    )
    assert done.status_code == 302, done.content.decode()[:2000]
    assert "POLICE-ONLY" in boss.get(f"/pathway/cases/{case.pk}/").content.decode()
    page = client_for(practitioner).get(f"/pathway/cases/{case.pk}/").content.decode()
    assert "Safety plan agreed" in page and "POLICE-ONLY" not in page
    assert StrategyMeeting.objects.filter(case=case, held_at__isnull=True, kind="review").exists()


def test_the_chair_finds_the_cases_awaiting_the_panel(
    refer: Callable[..., CseCase], manager: User, practitioner: User, chair: User
) -> None:
    waiting = refer()
    other = refer()
    services.case_allocate(actor=manager, case=waiting, practitioner=practitioner)
    services.case_assess(actor=practitioner, case=waiting, answers={}, narrative="Seen")
    services.case_move(actor=practitioner, case=waiting, to=CaseStatus.AWAITING_PANEL)
    chair_client = client_for(chair)
    assert 'href="/pathway/"' in chair_client.get("/").content.decode()
    page = chair_client.get("/pathway/").content.decode()
    assert f"/pathway/cases/{waiting.pk}/grade/" in page
    assert other.reference not in page


def test_the_dashboard_lists_the_first_few_and_says_how_many(
    manager: User, refer: Callable[..., CseCase]
) -> None:
    from safehub.pathway.views import DASHBOARD_LIST_LENGTH

    cases = [refer() for _ in range(DASHBOARD_LIST_LENGTH + 1)]
    page = client_for(manager).get("/pathway/").content.decode()
    listed = page.split('id="unallocated"')[1].split("</ul>")[0]
    assert listed.count("<li>") == DASHBOARD_LIST_LENGTH
    assert cases[0].reference in listed and cases[-1].reference not in listed  # oldest first
    assert f"The first {DASHBOARD_LIST_LENGTH} of {DASHBOARD_LIST_LENGTH + 1}." in page
    assert 'href="/pathway/dashboard/unallocated/"' in page


def test_the_dashboard_count_stops_at_the_cap(
    manager: User, refer: Callable[..., CseCase], monkeypatch: pytest.MonkeyPatch
) -> None:
    from safehub.pathway import views

    monkeypatch.setattr(views, "DASHBOARD_LIST_LENGTH", 2)
    monkeypatch.setattr(views, "DASHBOARD_COUNT_CAP", 3)
    for _ in range(5):
        refer()
    page = client_for(manager).get("/pathway/").content.decode()
    assert "The first 2 of more than 3." in page
    monkeypatch.setattr(views, "DASHBOARD_COUNT_CAP", 5)
    page = client_for(manager).get("/pathway/").content.decode()
    assert "The first 2 of 5." in page


def test_see_all_pages_through_a_dashboard_list_and_is_audited(
    manager: User,
    practitioner: User,
    refer: Callable[..., CseCase],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from safehub.audit.models import AuditEvent
    from safehub.pathway import views

    monkeypatch.setattr(views, "DASHBOARD_PAGE_LENGTH", 2)
    cases = [refer() for _ in range(3)]
    client = client_for(manager)
    first = client.get("/pathway/dashboard/unallocated/").content.decode()
    assert "3 in all, 1 to 2 shown." in first
    assert cases[0].reference in first and cases[2].reference not in first
    assert 'href="?page=2"' in first
    second = client.get("/pathway/dashboard/unallocated/?page=2").content.decode()
    assert cases[2].reference in second and cases[0].reference not in second
    events = AuditEvent.objects.filter(actor=manager, object_type="caseload")
    assert [e.details.get("page") for e in events.order_by("id")][-2:] == [1, 2]
    for slug in ("panel-overdue", "seen-shortfalls", "meetings-overdue", "actions-overdue"):
        page = client.get(f"/pathway/dashboard/{slug}/")
        assert page.status_code == 200
        assert "None." in page.content.decode()
    assert client.get("/pathway/dashboard/nothing/").status_code == 404
    assert client_for(practitioner).get("/pathway/dashboard/unallocated/").status_code == 403


def test_a_strategy_meeting_held_this_morning_can_be_recorded(
    refer: Callable[..., CseCase],
    manager: User,
    practitioner: User,
    chair: User,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """The form asks for the day: a meeting held today is not 'in the future' before noon."""
    import datetime as dt

    from django.utils import timezone

    case, meeting = _graded_high(refer(), manager, practitioner, chair)
    morning = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(8, 30)))
    monkeypatch.setattr(timezone, "now", lambda: morning)
    done = client_for(practitioner).post(
        f"/pathway/cases/{case.pk}/strategy-meetings/{meeting.pk}/",
        {
            "held_on": f"{morning:%d/%m/%Y}",
            "agencies": [str(practitioner.agency_id)],
            "decisions": "Safety plan agreed",
        },
    )
    assert done.status_code == 302, done.content.decode()[:2000]
    meeting.refresh_from_db()
    assert meeting.held_at == morning
