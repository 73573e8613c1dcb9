"""The demo CSE pathway: the CATE team's 2016-17 year as the seed reports it (58 referrals; 68
young people on the caseload at 31 March 2017, split by sex, ethnicity and age), worked through
the services, checked against the database."""

from __future__ import annotations

from collections import Counter, defaultdict
from datetime import date
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from safehub.accounts.models import Role, User
from safehub.actions.models import PartnerAction
from safehub.common.demo import pathway as demo
from safehub.frontdoor.models import Contact, ContactPerson, TriageDecision, TriageOutcome
from safehub.notifications.models import Notification
from safehub.pathway.models import (
    CaseAllocation,
    CaseAssessment,
    CaseEvent,
    CaseStatus,
    CseCase,
    PanelAttendance,
    PanelInput,
    PanelItem,
    RiskGrade,
    RiskPanel,
    SafetyPlan,
    StrategyMeeting,
)
from safehub.people.models import Person, PersonRecord

YEAR_START, YEAR_END = demo.YEAR_START, demo.YEAR_END
HIGH_PRIORITY = ("medium_high", "high", "")
MIXED = {"MWBC", "MWBA", "MWAS", "MOTH"}
ASIAN_BLACK_OR_OTHER_WHITE = {
    "WOTH",
    "WIRI",
    "AIND",
    "APKN",
    "ABAN",
    "AOTH",
    "BCRB",
    "BAFR",
    "BOTH",
}


def _age(dob: date) -> int:
    day = date(2017, 3, 31)
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def _band(age: int) -> str:
    return "18+" if age >= 18 else "16-17" if age >= 16 else "14-15" if age >= 14 else str(age)


def _counts() -> tuple[int, ...]:
    models: list[Any] = [
        CseCase,
        CaseEvent,
        CaseAllocation,
        CaseAssessment,
        Contact,
        ContactPerson,
        TriageDecision,
        Person,
        PersonRecord,
        Notification,
        StrategyMeeting,
        SafetyPlan,
        PartnerAction,
        RiskPanel,
        PanelItem,
    ]
    return tuple(m.objects.count() for m in models)


def _high_priority(practitioner: User) -> int:
    return (
        CseCase.objects.exclude(status__in=["closed", "stepped_up", "transferred"])
        .filter(practitioner=practitioner, grade__in=HIGH_PRIORITY)
        .count()
    )


def test_age_bands_are_the_seeds() -> None:
    assert [demo.age_band(a) for a in (12, 13, 14, 15, 16, 17, 18, 19)] == [
        None,
        "13",
        "14-15",
        "14-15",
        "16-17",
        "16-17",
        "18+",
        "18+",
    ]
    assert demo.age_on(date(2004, 3, 31)) == 13 and demo.age_on(date(2004, 4, 1)) == 12


@pytest.mark.django_db(transaction=True)
def test_demo_pathway_year_caseload_and_limit(tmp_path: Path, settings: Any) -> None:
    settings.VAR_DIR = tmp_path
    out = StringIO()
    call_command("demo", "--seed", "2017", stdout=out)
    assert "CSE pathway: 58 referrals in 2016-17; 68 young people" in out.getvalue()
    historic = CseCase.objects.filter(created_at__lt=YEAR_END)

    # 58 referrals in the year, each from a CSE contact of the year decided "CSE pathway",
    # one per young person.
    year = CseCase.objects.filter(created_at__gte=YEAR_START, created_at__lt=YEAR_END)
    assert year.count() == 58
    assert year.values("child").distinct().count() == 58
    for case in year.select_related("contact__triage"):
        contact = case.contact
        assert contact.is_cse_concern
        assert contact.received_at is not None and YEAR_START <= contact.received_at < YEAR_END
        assert contact.triage.outcome == TriageOutcome.CSE_PATHWAY
        assert case.created_at == contact.triage.decided_at

    # The caseload at 31 March 2017: 68 young people, with the seed's splits.
    at_end = historic.exclude(ended_at__lt=YEAR_END).select_related("child")
    assert at_end.count() == 68
    children = [case.child for case in at_end]
    assert len({child.pk for child in children}) == 68
    assert Counter(child.sex for child in children) == {"F": 62, "M": 6}
    ages = Counter(_band(_age(child.date_of_birth)) for child in children if child.date_of_birth)
    assert ages == {"13": 7, "14-15": 28, "16-17": 31, "18+": 2}
    ethnicities: dict[int, set[str]] = defaultdict(set)
    for person_id, code in (
        PersonRecord.objects.filter(person__in=children)
        .exclude(ethnicity="")
        .values_list("person_id", "ethnicity")
    ):
        ethnicities[person_id].add(code)
    assert all(len(ethnicities[child.pk]) == 1 for child in children)
    codes = [next(iter(ethnicities[child.pk])) for child in children]
    groups = Counter(
        "white_british"
        if code == "WBRI"
        else "mixed"
        if code in MIXED
        else "other"
        if code in ASIAN_BLACK_OR_OTHER_WHITE
        else code
        for code in codes
    )
    assert groups == {"white_british": 54, "mixed": 6, "other": 8}
    # Some of the 68 were referred before the year (back-dated into 2015-16), some in it.
    before = at_end.filter(created_at__lt=YEAR_START)
    assert before.exists() and at_end.filter(created_at__gte=YEAR_START).exists()
    assert before.filter(created_at__year=2015).exists()
    assert not historic.filter(created_at__lt=YEAR_START.replace(year=2015)).exists()
    for case in before.select_related("contact__triage"):
        assert case.contact.triage.outcome == TriageOutcome.CSE_PATHWAY
        assert case.contact.received_at is not None and case.contact.received_at < YEAR_START

    # Worked by the partnership's CSE practitioners; two still wait for allocation.
    practitioners = list(User.objects.filter(role_assignments__role=Role.CSE_PRACTITIONER))
    allocated = historic.exclude(practitioner=None)
    assert set(allocated.values_list("practitioner", flat=True)) <= {p.pk for p in practitioners}
    waiting = historic.filter(status=CaseStatus.REFERRED)
    assert waiting.count() == 2 and not waiting.exclude(practitioner=None).exists()
    assert not allocated.filter(status=CaseStatus.REFERRED).exists()
    # Statuses across the lifecycle; cases ended in the year, closures with exit strategies.
    statuses = Counter(historic.values_list("status", flat=True))
    assert len(statuses) >= 7, statuses
    ended = historic.filter(ended_at__gte=YEAR_START, ended_at__lt=YEAR_END)
    assert ended.count() == historic.count() - 68
    closed = ended.filter(status=CaseStatus.CLOSED)
    assert closed.exists() and not closed.filter(exit_strategy="").exists()
    assert not ended.filter(status=CaseStatus.STEPPED_UP, parent_failing_to_protect="").exists()
    assert historic.filter(ended_at__isnull=False).count() == ended.count()
    # Grades over the five levels, mostly Medium and above for open cases.
    assert set(historic.exclude(grade="").values_list("grade", flat=True)) == {
        g.value for g in RiskGrade
    }
    open_grades = Counter(at_end.exclude(grade="").values_list("grade", flat=True))
    medium_up = sum(open_grades[g] for g in ("medium", "medium_high", "high"))
    assert medium_up > 2 * (open_grades["low"] + open_grades["low_medium"])
    # Assessments: an initial one for every case past allocation, reviews for older cases.
    assessed = historic.exclude(status__in=[CaseStatus.REFERRED, CaseStatus.ALLOCATED])
    for case in assessed.filter(grade__gt=""):
        first = case.assessments.order_by("assessed_at", "id").first()
        assert first is not None and first.kind == "initial"
    assert CaseAssessment.objects.filter(case__in=before, kind="review").exists()
    # Back-dated: every step of the historical cases happened by 31 March 2017, in order.
    events = CaseEvent.objects.filter(case__in=historic)
    assert not events.filter(at__gte=YEAR_END).exists()
    for case in historic[:40]:
        times = list(case.events.values_list("at", flat=True))
        assert times == sorted(times) and times[0] == case.created_at

    # Exactly one practitioner over the limit, the breach recorded with its reason.
    over = [p for p in practitioners if _high_priority(p) > 10]
    assert len(over) == 1
    breaches = CaseAllocation.objects.filter(breach=True)
    assert breaches.exists()
    assert set(breaches.values_list("practitioner", flat=True)) == {over[0].pk}
    assert not breaches.filter(breach_reason="").exists()
    assert all(b.high_priority_before >= b.limit for b in breaches)

    # The manager's dashboard and the practitioners' caseloads show it.
    manager = User.objects.filter(
        role_assignments__role=Role.TEAM_MANAGER, agency__agency_type="cse_team"
    ).first()
    assert manager is not None
    client = Client()
    client.force_login(manager)
    page = client.get(reverse("pathway:home"))
    assert page.status_code == 200
    html = page.content.decode()
    assert html.count("Over the limit of 10") == 1
    row = html[html.rindex("<tr", 0, html.index("Over the limit of 10")) :]
    assert over[0].full_name in row[: row.index("</tr>")]
    first_waiting = waiting.first()
    assert first_waiting is not None and first_waiting.reference in html
    worker = Client()
    worker.force_login(over[0])
    page = worker.get(reverse("pathway:home"))
    assert page.status_code == 200 and "Over the limit" in page.content.decode()
    within = next(p for p in practitioners if p.pk != over[0].pk)
    worker.force_login(within)
    page = worker.get(reverse("pathway:home"))
    assert page.status_code == 200 and "Over the limit" not in page.content.decode()
    shown = closed.first()
    assert shown is not None
    assert client.get(reverse("pathway:case", args=[shown.pk])).status_code == 200

    # The team's work: strategy meetings held for open Medium-and-above cases, safety plans
    # made with the young people, actions given to agencies — most confirmed done with
    # evidence, some still open past their due date — all by 31 March 2017.
    assert "CSE team's work:" in out.getvalue()
    held = StrategyMeeting.objects.filter(held_at__isnull=False, case__in=historic)
    assert held.count() >= 20 and not held.filter(held_at__gte=YEAR_END).exists()
    assert held.exclude(perpetrator_actions="").exists()
    plans = SafetyPlan.objects.filter(case__in=historic)
    assert plans.count() >= 20 and plans.filter(young_person_took_part=True).exists()
    assert not plans.filter(young_person_said="").exists()
    actions = PartnerAction.objects.filter(case__in=historic)
    done = actions.filter(status="done")
    late = actions.filter(status="open", due_on__lt=date(2017, 4, 1))
    assert done.count() > 4 * late.count() > 0
    assert not done.filter(evidence="").exists()
    assert not actions.filter(set_at__gte=YEAR_END).exists()
    assert not done.filter(completed_at__gte=YEAR_END).exists()
    assert actions.filter(restricted=True, owning_agency__agency_type="police").exists()
    police = User.objects.filter(role_assignments__role=Role.POLICE_OFFICER).first()
    assert police is not None
    client.force_login(police)
    listing = client.get(reverse("actions:home")).content.decode()
    assert "Overdue" in listing or late.filter(owning_agency=police.agency).count() == 0

    # The risk panel sat every other Thursday; each sitting's record holds the cases it
    # graded, the inputs gathered before it and who came (absences with reasons).
    panels = RiskPanel.objects.filter(held_on__lt=date(2017, 4, 1))
    assert panels.count() >= 15
    assert {p.held_on.weekday() for p in panels} == {3}
    assert all((p.held_on - demo.PANEL_ANCHOR).days % 14 == 0 for p in panels)
    graded_events = CaseEvent.objects.filter(kind="graded", case__in=historic)
    assert PanelItem.objects.filter(case__in=historic).count() == graded_events.count()
    for event in graded_events[:30]:
        item = PanelItem.objects.get(case=event.case, decided_at=event.at)
        assert item.grade == event.details["grade"] and item.panel.held_on.weekday() == 3
    attendance = PanelAttendance.objects.filter(panel__in=panels)
    assert attendance.filter(attended=False).exists()
    assert not attendance.filter(attended=False, absence_reason="").exists()
    assert PanelInput.objects.filter(kind="police_intelligence").exists()
    assert PanelInput.objects.filter(kind="practitioner_report").exists()
    chair = User.objects.filter(role_assignments__role=Role.RISK_PANEL_CHAIR).first()
    assert chair is not None
    client.force_login(chair)
    sitting = panels.first()
    assert sitting is not None
    minutes = client.get(reverse("pathway:panel_minutes", args=[sitting.pk]))
    assert minutes.status_code == 200

    # Running the demo again changes nothing.
    counts = _counts()
    call_command("demo", "--seed", "2017", "--quiet")
    assert _counts() == counts
