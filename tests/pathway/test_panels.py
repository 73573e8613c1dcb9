"""The multi-agency risk panel as a record: scheduling, the agenda, inputs before the meeting by
the right people only, attendance by agency, the decision per case (through `case_grade`, with
actions for partner agencies) and the minutes, with police intelligence kept to police and the
chairs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from safehub.accounts.models import Agency, User
from safehub.actions.models import PartnerAction
from safehub.audit.models import AuditEvent
from safehub.pathway import selectors, services
from safehub.pathway.minutes import POLICE_WITHHELD, minutes_for_user, minutes_pdf
from safehub.pathway.models import (
    CaseEvent,
    CaseStatus,
    CseCase,
    PanelAttendance,
    PanelInput,
    PanelItem,
    PanelStatus,
    PathwaySettings,
    RiskPanel,
    StrategyMeeting,
)
from safehub.pathway.rules import can_see_police_intelligence
from tests.pathway.pdf_text import pdf_text

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate
SECRET = "Vehicle VX12ABC seen outside the flat"


def _schedule(chair: User, days: int = 0) -> RiskPanel:
    return services.risk_panel_schedule(
        actor=chair, held_on=TODAY() + dt.timedelta(days=days), location="Room 4"
    )


def _attend_all(chair: User, panel: RiskPanel, absent: tuple[Agency, ...] = ()) -> RiskPanel:
    """The panel's day comes and everyone expected attends (but those `absent`)."""
    RiskPanel.objects.filter(pk=panel.pk).update(held_on=TODAY())
    panel.refresh_from_db()
    return services.risk_panel_record_held(
        actor=chair,
        panel=panel,
        attendance=[
            services.AttendanceInput(
                agency_id=a.pk,
                attended=a not in absent,
                representative=f"Rep of {a.name}",
                absence_reason="Training day",
            )
            for a in selectors.panel_expected_agencies(panel)
        ],
    )


def test_a_chair_schedules_a_panel_a_fortnight_after_the_last(
    chair: User, practitioner: User, manager: User
) -> None:
    assert selectors.panel_suggested_date() == TODAY() + dt.timedelta(days=14)
    panel = _schedule(chair, days=3)
    assert panel.status == PanelStatus.PLANNED and panel.chair == chair
    assert selectors.panel_suggested_date() == TODAY() + dt.timedelta(days=17)
    PathwaySettings.objects.filter(pk=1).update(panel_every_days=7)
    assert selectors.panel_suggested_date() == TODAY() + dt.timedelta(days=10)
    # A last panel long ago: the next date is moved on by the interval, never in the past.
    RiskPanel.objects.filter(pk=panel.pk).update(held_on=TODAY() - dt.timedelta(days=30))
    suggested = selectors.panel_suggested_date()
    assert TODAY() <= suggested < TODAY() + dt.timedelta(days=7)
    assert (suggested - (TODAY() - dt.timedelta(days=30))).days % 7 == 0
    assert AuditEvent.objects.filter(
        object_type="risk_panel", object_id=str(panel.pk), action="create", actor=chair
    ).exists()
    with pytest.raises(ValidationError) as exc:
        services.risk_panel_schedule(actor=chair, held_on=TODAY() - dt.timedelta(days=1))
    assert "held_on" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        services.risk_panel_schedule(actor=chair, held_on=None)
    assert "held_on" in exc.value.message_dict
    for user in (practitioner, manager):
        with pytest.raises(PermissionDenied):
            services.risk_panel_schedule(actor=user, held_on=TODAY())


def test_the_agenda_offers_overdue_cases_first_and_takes_a_case_once(
    chair: User,
    manager: User,
    practitioner: User,
    refer: Callable[..., CseCase],
    awaiting_panel: Callable[..., CseCase],
) -> None:
    on_time = awaiting_panel()
    overdue = awaiting_panel()
    CseCase.objects.filter(pk=overdue.pk).update(panel_due_at=timezone.now() - dt.timedelta(days=2))
    unassessed = refer()
    services.case_allocate(actor=manager, case=unassessed, practitioner=practitioner)
    reviewed = awaiting_panel()
    services.case_grade(actor=chair, case=reviewed, grade="low", rationale="Low risk now")
    services.case_move(actor=practitioner, case=reviewed, to=CaseStatus.REVIEW)
    due_review = awaiting_panel()
    services.case_grade(actor=chair, case=due_review, grade="high", rationale="Cars")
    CseCase.objects.filter(pk=due_review.pk).update(
        graded_at=timezone.now() - dt.timedelta(weeks=7)
    )
    recently_graded = awaiting_panel()
    services.case_grade(actor=chair, case=recently_graded, grade="high", rationale="Cars")

    panel = _schedule(chair, days=1)
    candidates = selectors.panel_candidates(user=chair, panel=panel)
    # Graded cases come after, the longest since their grade first.
    assert [c.case for c in candidates] == [overdue, on_time, due_review, reviewed]
    assert candidates[0].overdue and not candidates[1].overdue

    items = services.panel_agenda_add(actor=chair, panel=panel, cases=[overdue, on_time])
    assert [(i.case, i.position) for i in items] == [(overdue, 1), (on_time, 2)]
    assert CaseEvent.objects.filter(case=overdue, kind="on the risk panel's agenda").exists()
    assert [c.case for c in selectors.panel_candidates(user=chair, panel=panel)] == [
        due_review,
        reviewed,
    ]
    with pytest.raises(ValidationError) as exc:
        services.panel_agenda_add(actor=chair, panel=panel, cases=[on_time])
    assert "already on this panel's agenda" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.panel_agenda_add(actor=chair, panel=panel, cases=[unassessed])
    assert "no risk assessment" in str(exc.value)
    with pytest.raises(ValidationError) as exc:
        services.panel_agenda_add(actor=chair, panel=panel, cases=[])
    assert "cases" in exc.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        PanelItem.objects.create(
            panel=panel, case=on_time, position=9, added_by=chair, added_at=timezone.now()
        )
    # The same case may go to another panel.
    other = _schedule(chair, days=15)
    services.panel_agenda_add(actor=chair, panel=other, cases=[on_time])
    for user in (manager, practitioner):
        with pytest.raises(PermissionDenied):
            services.panel_agenda_add(actor=user, panel=panel, cases=[reviewed])
    # A held panel's agenda is closed.
    RiskPanel.objects.filter(pk=panel.pk).update(status=PanelStatus.HELD)
    with pytest.raises(PermissionDenied):
        services.panel_agenda_add(actor=chair, panel=panel, cases=[reviewed])


def test_inputs_come_from_the_right_people_only(
    chair: User,
    manager: User,
    practitioner: User,
    colleague: User,
    social_worker: User,
    officer: User,
    health_partner: User,
    school_partner: User,
    awaiting_panel: Callable[..., CseCase],
) -> None:
    case = awaiting_panel()
    panel = _schedule(chair, days=1)
    (item,) = services.panel_agenda_add(actor=chair, panel=panel, cases=[case])

    def add(user: User, kind: str, text: str = "Something for the panel") -> PanelInput:
        return services.panel_input_add(actor=user, item=item, kind=kind, text=text)

    report = add(practitioner, "practitioner_report", "Seen three times")
    assert report.agency == practitioner.agency and report.author == practitioner
    assert add(manager, "practitioner_report", "Manager's view").author == manager
    intelligence = add(officer, "police_intelligence", SECRET)
    assert intelligence.agency == officer.agency
    health_info = add(health_partner, "agency_information", "Missed two appointments")
    assert health_info.agency == health_partner.agency
    assert add(social_worker, "agency_information", "Known to the front door").pk
    denied = [
        (colleague, "practitioner_report"),  # same team, not the allocated practitioner
        (officer, "practitioner_report"),
        (health_partner, "practitioner_report"),
        (practitioner, "police_intelligence"),
        (manager, "police_intelligence"),
        (chair, "police_intelligence"),
        (health_partner, "police_intelligence"),
        (school_partner, "agency_information"),  # schools are not expected at the panel
        (officer, "agency_information"),
        (practitioner, "agency_information"),
    ]
    for user, kind in denied:
        with pytest.raises(PermissionDenied):
            add(user, kind)
    with pytest.raises(ValidationError) as exc:
        add(practitioner, "practitioner_report", "   ")
    assert "text" in exc.value.message_dict
    with pytest.raises(ValidationError) as exc:
        add(practitioner, "gossip")
    assert "kind" in exc.value.message_dict
    # Sending the same again (a retried form) gives the first input back.
    assert add(officer, "police_intelligence", SECRET) == intelligence
    assert PanelInput.objects.filter(kind="police_intelligence").count() == 1
    assert AuditEvent.objects.filter(
        object_type="panel_input", object_id=str(intelligence.pk), action="create"
    ).exists()
    # Inputs are gathered before the meeting.
    _attend_all(chair, panel)
    with pytest.raises(PermissionDenied):
        add(practitioner, "practitioner_report", "Too late")


def test_police_intelligence_is_seen_only_by_police_chairs_and_its_author(
    chair: User,
    manager: User,
    practitioner: User,
    social_worker: User,
    officer: User,
    health_partner: User,
    police: Agency,
    awaiting_panel: Callable[..., CseCase],
) -> None:
    from tests.factories import create_user

    case = awaiting_panel()
    panel = _schedule(chair, days=1)
    (item,) = services.panel_agenda_add(actor=chair, panel=panel, cases=[case])
    intelligence = services.panel_input_add(
        actor=officer, item=item, kind="police_intelligence", text=SECRET
    )
    services.panel_input_add(
        actor=practitioner, item=item, kind="practitioner_report", text="Seen three times"
    )
    services.panel_input_add(
        actor=health_partner, item=item, kind="agency_information", text="Missed appointments"
    )
    other_officer = create_user(agency=police, roles=["police_officer"])
    for user in (officer, other_officer, chair):
        assert can_see_police_intelligence.test(user, intelligence)
        assert user.has_perm("pathway.see_police_intelligence", intelligence)
    for user in (manager, practitioner, social_worker, health_partner):
        assert not can_see_police_intelligence.test(user, intelligence)
        assert not user.has_perm("pathway.see_police_intelligence", intelligence)
    officer.is_active = False
    assert not can_see_police_intelligence.test(officer, intelligence)
    officer.is_active = True

    def entry(user: User) -> selectors.AgendaEntry:
        (only,) = selectors.panel_agenda_for_user(user=user, panel=panel)
        return only

    def texts(user: User) -> set[str]:
        return {i.text for i in entry(user).inputs}

    assert texts(chair) == {SECRET, "Seen three times", "Missed appointments"}
    assert entry(chair).full and not entry(chair).police_intelligence_withheld
    for user in (manager, practitioner, social_worker):
        assert texts(user) == {"Seen three times", "Missed appointments"}
        assert entry(user).full and entry(user).police_intelligence_withheld
    # Police see the case's reference and name, and the police summaries; nothing else.
    assert texts(officer) == {SECRET} and not entry(officer).full
    assert texts(other_officer) == {SECRET}
    # A partner sees their own agency's information only, and is not told police hold any.
    assert texts(health_partner) == {"Missed appointments"}
    assert not entry(health_partner).full
    assert not entry(health_partner).police_intelligence_withheld

    _attend_all(chair, panel)
    services.panel_item_decide(actor=chair, item=item, grade="medium", rationale="Risk is real")
    panel.refresh_from_db()
    chair_pdf = pdf_text(minutes_pdf(minutes_for_user(user=chair, panel=panel)))
    assert SECRET in chair_pdf and POLICE_WITHHELD not in chair_pdf
    for user in (manager, practitioner, social_worker):
        minutes = minutes_for_user(user=user, panel=panel)
        assert not minutes.police_intelligence_shown
        pdf = pdf_text(minutes_pdf(minutes))
        assert SECRET not in pdf and "VX12ABC" not in pdf
        assert POLICE_WITHHELD in pdf
        assert case.reference in pdf and "Seen three times" in pdf


def test_attendance_is_recorded_for_every_expected_agency_with_reasons_for_absence(
    chair: User,
    cate: Agency,
    police: Agency,
    health: Agency,
    school: Agency,
    front_door: Agency,
    practitioner: User,
) -> None:
    from tests.factories import create_agency

    closed = create_agency(name="Old Youth Service", agency_type="voluntary", is_active=False)
    expected = selectors.panel_expected_agencies()
    assert set(expected) == {cate, police, health, front_door}
    assert school not in expected and closed not in expected

    panel = _schedule(chair)
    future = _schedule(chair, days=2)
    rows = {
        a.pk: services.AttendanceInput(agency_id=a.pk, attended=True, representative="Someone")
        for a in expected
    }
    with pytest.raises(ValidationError) as exc:
        services.risk_panel_record_held(actor=chair, panel=future, attendance=list(rows.values()))
    assert "once it has been held" in str(exc.value)
    with pytest.raises(PermissionDenied):
        services.risk_panel_record_held(
            actor=practitioner, panel=panel, attendance=list(rows.values())
        )

    rows[police.pk] = services.AttendanceInput(agency_id=police.pk, attended=False)
    rows[health.pk] = services.AttendanceInput(agency_id=health.pk, attended=True)
    del rows[cate.pk]
    with pytest.raises(ValidationError) as exc:
        services.risk_panel_record_held(actor=chair, panel=panel, attendance=list(rows.values()))
    assert set(exc.value.message_dict) == {
        f"agency_{police.pk}_absence_reason",
        f"agency_{health.pk}_representative",
        f"agency_{cate.pk}_attended",
    }
    assert RiskPanel.objects.get(pk=panel.pk).status == PanelStatus.PLANNED

    rows[police.pk].absence_reason = "Operation elsewhere"
    rows[health.pk].representative = "Dr Nurse, named nurse"
    rows[cate.pk] = services.AttendanceInput(
        agency_id=cate.pk, attended=True, representative="Pip Practitioner"
    )
    held = services.risk_panel_record_held(actor=chair, panel=panel, attendance=list(rows.values()))
    assert held.status == PanelStatus.HELD and held.recorded_by == chair and held.held_at
    absent = PanelAttendance.objects.get(panel=panel, agency=police)
    assert not absent.attended and absent.absence_reason == "Operation elsewhere"
    assert PanelAttendance.objects.filter(panel=panel).count() == 4
    assert set(selectors.panel_expected_agencies(held)) == {cate, police, health, front_door}
    # A correction keeps when it was recorded and changes the row.
    recorded_at = held.held_at
    rows[police.pk] = services.AttendanceInput(
        agency_id=police.pk, attended=True, representative="DC Late"
    )
    services.risk_panel_record_held(actor=chair, panel=held, attendance=list(rows.values()))
    held.refresh_from_db()
    assert held.held_at == recorded_at
    assert PanelAttendance.objects.get(panel=panel, agency=police).representative == "DC Late"
    # The database refuses an absence without a reason.
    with pytest.raises(IntegrityError), transaction.atomic():
        PanelAttendance.objects.create(panel=future, agency=police, attended=False)
    # The board may name the agencies it expects instead.
    settings = services.settings_get()
    settings.panel_agencies.set([cate, police, school])
    assert set(selectors.panel_expected_agencies(future)) == {cate, police, school}


def test_the_decision_grades_through_case_grade_and_gives_actions(
    chair: User,
    manager: User,
    practitioner: User,
    health: Agency,
    police: Agency,
    awaiting_panel: Callable[..., CseCase],
) -> None:
    case = awaiting_panel()
    panel = _schedule(chair)
    (item,) = services.panel_agenda_add(actor=chair, panel=panel, cases=[case])
    due = TODAY() + dt.timedelta(days=10)
    action = services.PanelActionInput(
        owning_agency_id=health.pk, what="Sexual health appointment", due_on=due
    )
    with pytest.raises(PermissionDenied):  # not before the panel is recorded as held
        services.panel_item_decide(
            actor=chair, item=item, grade="high", rationale="Cars", actions=[action]
        )
    _attend_all(chair, panel)
    with pytest.raises(PermissionDenied):
        services.panel_item_decide(actor=manager, item=item, grade="high", rationale="Cars")
    # Every problem is reported at once, and nothing is kept.
    with pytest.raises(ValidationError) as exc:
        services.panel_item_decide(
            actor=chair,
            item=item,
            grade="",
            rationale="",
            actions=[
                services.PanelActionInput(owning_agency_id=None, what="Visit", due_on=due),
                services.PanelActionInput(owning_agency_id=police.pk, what="", due_on=None),
            ],
        )
    assert set(exc.value.message_dict) >= {
        "grade",
        "rationale",
        "action_1_owning_agency",
        "action_2_what",
        "action_2_due_on",
    }
    with pytest.raises(ValidationError) as exc:
        services.panel_item_decide(
            actor=chair,
            item=item,
            grade="high",
            rationale="Cars",
            actions=[
                action,
                services.PanelActionInput(
                    owning_agency_id=police.pk, what="Disrupt", due_on=TODAY() - dt.timedelta(1)
                ),
            ],
        )
    assert "action_2_due_on" in exc.value.message_dict
    case.refresh_from_db()
    assert case.grade == "" and case.status == CaseStatus.AWAITING_PANEL
    assert not PartnerAction.objects.exists()

    decided = services.panel_item_decide(
        actor=chair,
        item=item,
        grade="medium_high",
        rationale="Repeated sightings with older men",
        actions=[
            action,
            services.PanelActionInput(owning_agency_id=None, what="", due_on=None),  # blank row
            services.PanelActionInput(
                owning_agency_id=police.pk, what="Visit the car's keeper", due_on=due
            ),
        ],
    )
    assert decided.grade == "medium_high" and decided.decided_by == chair and decided.decided_at
    case.refresh_from_db()
    assert case.grade == "medium_high" and case.status == CaseStatus.GRADED
    assert case.events.filter(kind="graded", reason="Repeated sightings with older men").exists()
    assert StrategyMeeting.objects.filter(case=case, held_at__isnull=True).count() == 1
    given = PartnerAction.objects.filter(source="risk_panel", source_id=item.pk)
    assert {(a.owning_agency, a.what, a.due_on, a.case_id) for a in given.all()} == {
        (health, "Sexual health appointment", due, case.pk),
        (police, "Visit the car's keeper", due, case.pk),
    }
    assert AuditEvent.objects.filter(object_type="panel_item", object_id=str(item.pk)).exists()

    # The same decision again (a retried request) grades nothing twice and gives no action twice.
    services.panel_item_decide(
        actor=chair,
        item=item,
        grade="medium_high",
        rationale="Repeated sightings with older men",
        actions=[action],
    )
    assert case.events.filter(kind="graded").count() == 1
    assert given.all().count() == 2
    # A later action can be added with the same decision; a different grade is refused.
    services.panel_item_decide(
        actor=chair,
        item=item,
        grade="medium_high",
        rationale="Repeated sightings with older men",
        actions=[
            services.PanelActionInput(
                owning_agency_id=health.pk, what="Share the plan with the GP", due_on=due
            )
        ],
    )
    assert given.all().count() == 3
    with pytest.raises(ValidationError) as exc:
        services.panel_item_decide(actor=chair, item=item, grade="low", rationale="Better")
    assert "already recorded" in str(exc.value)
    with pytest.raises(ValidationError):
        services.panel_item_decide(
            actor=chair,
            item=item,
            grade="medium_high",
            rationale="Repeated sightings with older men",
            actions=[action, action, action, action],
        )


def test_who_sees_which_panels(
    chair: User,
    manager: User,
    practitioner: User,
    colleague: User,
    outsider: User,
    social_worker: User,
    officer: User,
    health_partner: User,
    school_partner: User,
    advisor: User,
    awaiting_panel: Callable[..., CseCase],
) -> None:
    panel = _schedule(chair, days=1)
    empty = _schedule(chair, days=15)
    services.panel_agenda_add(actor=chair, panel=panel, cases=[awaiting_panel()])

    def sees(user: User) -> set[int]:
        return set(selectors.panels_visible(user=user).values_list("pk", flat=True))

    for user in (chair, manager, social_worker, officer, health_partner):
        assert sees(user) == {panel.pk, empty.pk}
    for user in (practitioner, colleague):  # their team's case is on one panel only
        assert sees(user) == {panel.pk}
    for user in (outsider, school_partner, advisor):
        assert sees(user) == set()
    for user in (chair, manager, social_worker, officer, health_partner, practitioner):
        assert user.has_perm("pathway.view_risk_panel", panel)
    for user in (outsider, school_partner, advisor):
        assert not user.has_perm("pathway.view_risk_panel", panel)
        assert selectors.panel_get_for_user(user=user, panel_id=panel.pk) is None
    assert not practitioner.has_perm("pathway.view_risk_panel", empty)
    # The minutes are for those who see the cases, once the panel is held.
    assert not chair.has_perm("pathway.view_panel_minutes", panel)
    panel = _attend_all(chair, panel)
    for user in (chair, manager, social_worker, practitioner, colleague):
        assert user.has_perm("pathway.view_panel_minutes", panel)
    for user in (officer, health_partner, outsider, school_partner, advisor):
        assert not user.has_perm("pathway.view_panel_minutes", panel)
    # A held panel is seen by partners from the agencies recorded at it.
    assert sees(health_partner) == {panel.pk, empty.pk}


def _minutes_pdf_of(chair: User, cases: list[CseCase], rationale: str = "Risk is real") -> bytes:
    """The chair's minutes PDF of a panel held today on `cases`, each decided."""
    panel = _schedule(chair, days=1)
    items = services.panel_agenda_add(actor=chair, panel=panel, cases=cases)
    panel = _attend_all(chair, panel)
    for item in items:
        services.panel_item_decide(actor=chair, item=item, grade="medium", rationale=rationale)
    panel.refresh_from_db()
    return minutes_pdf(minutes_for_user(user=chair, panel=panel))


def test_the_pdf_prints_names_in_any_script_the_embedded_font_covers(
    chair: User, awaiting_panel: Callable[..., CseCase]
) -> None:
    polish = awaiting_panel(given="\u0141ucja", family="W\u0105sowska")  # Łucja Wąsowska
    # Kira Sokolova, in Cyrillic
    cyrillic = awaiting_panel(
        given="\u041a\u0438\u0440\u0430",
        family="\u0421\u043e\u043a\u043e\u043b\u043e\u0432\u0430",
    )
    # Typographic quotes, an en dash and an ellipsis, with Turkish (Ayşe, a dotless i),
    # Vietnamese (Nguyễn Thị) and Greek (Eleni) letters.
    rationale = (
        "\u201cAy\u015fe Y\u0131lmaz\u201d \u2013 Nguy\u1ec5n Th\u1ecb "
        "\u0395\u03bb\u03ad\u03bd\u03b7\u2026"
    )
    text = pdf_text(_minutes_pdf_of(chair, [polish, cyrillic], rationale))
    assert polish.child.display_name == "\u0141ucja W\u0105sowska"
    assert cyrillic.child.display_name == (
        "\u041a\u0438\u0440\u0430 \u0421\u043e\u043a\u043e\u043b\u043e\u0432\u0430"
    )
    for case in (polish, cyrillic):
        assert f"{case.reference}: {case.child.display_name}" in text
    assert rationale in text
    # Nothing is folded to Latin-1 any more.
    assert "Lucja" not in text and "Wasowska" not in text and "?" not in text


def test_a_name_in_a_script_the_font_lacks_still_gives_a_valid_pdf(
    chair: User, awaiting_panel: Callable[..., CseCase], caplog: pytest.LogCaptureFixture
) -> None:
    case = awaiting_panel(given="\u79c0\u82f1", family="\u738b")  # 王秀英: drawn as boxes
    text = pdf_text(_minutes_pdf_of(chair, [case]))
    assert case.reference in text and "Risk is real" in text
    assert "Multi-agency risk panel: minutes" in text
    # fpdf2 warns that glyphs are missing; the log must not hold the child's name.
    assert "missing the glyphs" in caplog.text
    assert "\u738b" not in caplog.text and "\u79c0" not in caplog.text
