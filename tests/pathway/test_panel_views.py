"""Risk panel pages, role by role: the chair schedules, sets the agenda, records attendance and
decisions; practitioners, police and partners add their information; police intelligence is
never shown to those who may not see it (page, minutes or PDF); outsiders get 404; every page
with personal data is audited."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from safehub.accounts.models import Agency, User
from safehub.actions.models import PartnerAction
from safehub.audit.models import AuditEvent
from safehub.pathway import selectors, services
from safehub.pathway.minutes import POLICE_WITHHELD
from safehub.pathway.models import CaseStatus, CseCase, PanelStatus, RiskPanel
from tests.pathway.pdf_text import pdf_text

pytestmark = pytest.mark.django_db

SECRET = "Vehicle VX12ABC seen outside the flat"
REPORT = "Seen three times at the youth club"
HEALTH = "Missed two sexual health appointments"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _attendance_post(agencies: list[Agency]) -> dict[str, str]:
    data: dict[str, str] = {}
    for agency in agencies:
        data[f"agency_{agency.pk}_attended"] = "yes"
        data[f"agency_{agency.pk}_representative"] = f"Rep of {agency.name}"
    return data


@pytest.fixture
def held_panel(
    chair: User,
    practitioner: User,
    officer: User,
    health_partner: User,
    awaiting_panel: Callable[..., CseCase],
) -> tuple[RiskPanel, CseCase]:
    """A panel held today with one case, its three kinds of input, a decision and an action."""
    case = awaiting_panel(given="Kayleigh")
    panel = services.risk_panel_schedule(actor=chair, held_on=timezone.localdate())
    (item,) = services.panel_agenda_add(actor=chair, panel=panel, cases=[case])
    services.panel_input_add(actor=practitioner, item=item, kind="practitioner_report", text=REPORT)
    services.panel_input_add(actor=officer, item=item, kind="police_intelligence", text=SECRET)
    services.panel_input_add(
        actor=health_partner, item=item, kind="agency_information", text=HEALTH
    )
    panel = services.risk_panel_record_held(
        actor=chair,
        panel=panel,
        attendance=[
            services.AttendanceInput(
                agency_id=a.pk,
                attended=a != health_partner.agency,
                representative=f"Rep of {a.name}",
                absence_reason="Clinic cover",
            )
            for a in selectors.panel_expected_agencies(panel)
        ],
    )
    services.panel_item_decide(
        actor=chair,
        item=item,
        grade="medium_high",
        rationale="Repeated sightings with older men",
        actions=[
            services.PanelActionInput(
                owning_agency_id=health_partner.agency_id,
                what="Book a sexual health review",
                due_on=timezone.localdate() + dt.timedelta(days=7),
            )
        ],
    )
    return panel, case


def test_the_chair_schedules_sets_the_agenda_records_attendance_and_decides(
    chair: User,
    practitioner: User,
    health: Agency,
    police: Agency,
    awaiting_panel: Callable[..., CseCase],
) -> None:
    case = awaiting_panel(given="Kayleigh")
    boss = client_for(chair)
    home = boss.get("/pathway/").content.decode()
    assert 'href="/pathway/panels/"' in home
    assert "Schedule a panel" in boss.get("/pathway/panels/").content.decode()
    form = boss.get("/pathway/panels/new/").content.decode()
    suggested = selectors.panel_suggested_date()
    assert f'value="{suggested:%d/%m/%Y}"' in form
    refused = boss.post("/pathway/panels/new/", {"held_on": "01/01/2020"})
    assert refused.status_code == 400
    assert "cannot be in the past" in refused.content.decode()
    today = timezone.localdate()
    made = boss.post("/pathway/panels/new/", {"held_on": f"{today:%d/%m/%Y}", "location": "Room 4"})
    panel = RiskPanel.objects.get()
    assert made.status_code == 302 and made["Location"] == f"/pathway/panels/{panel.pk}/"
    assert panel.location == "Room 4" and panel.chair == chair

    agenda = boss.get(f"/pathway/panels/{panel.pk}/agenda/").content.decode()
    assert case.reference in agenda and "Kayleigh" in agenda
    assert boss.post(f"/pathway/panels/{panel.pk}/agenda/", {}).status_code == 400
    added = boss.post(f"/pathway/panels/{panel.pk}/agenda/", {"cases": [str(case.pk)]})
    assert added.status_code == 302
    item = panel.items.get()
    assert item.case == case
    page = boss.get(f"/pathway/panels/{panel.pk}/").content.decode()
    assert case.reference in page and "Record the panel as held" in page
    assert "Record the decision" not in page  # not before the panel is recorded as held
    assert boss.get(f"/pathway/panels/{panel.pk}/items/{item.pk}/decision/").status_code == 403

    agencies = selectors.panel_expected_agencies(panel)
    form = boss.get(f"/pathway/panels/{panel.pk}/attendance/").content.decode()
    assert all(f"Did {a.name} attend?" in form for a in agencies)
    data = _attendance_post(agencies)
    data[f"agency_{police.pk}_attended"] = "no"
    missing = boss.post(f"/pathway/panels/{panel.pk}/attendance/", data)
    assert missing.status_code == 400
    assert "Give the reason Midshire Police did not attend" in missing.content.decode()
    assert f'href="#id_agency_{police.pk}_absence_reason"' in missing.content.decode()
    data[f"agency_{police.pk}_absence_reason"] = "Operation elsewhere"
    assert boss.post(f"/pathway/panels/{panel.pk}/attendance/", data).status_code == 302
    panel.refresh_from_db()
    assert panel.status == PanelStatus.HELD

    decision_url = f"/pathway/panels/{panel.pk}/items/{item.pk}/decision/"
    assert "Action 1: agency" in boss.get(decision_url).content.decode()
    bad = boss.post(
        decision_url,
        {"grade": "high", "rationale": "Cars", "action_1_what": "Appointment"},
    )
    assert bad.status_code == 400
    content = bad.content.decode()
    assert "Select the agency that owns the action" in content
    assert (
        'href="#id_action_1_owning_agency"' in content and 'href="#id_action_1_due_on"' in content
    )
    due = timezone.localdate() + dt.timedelta(days=7)
    done = boss.post(
        decision_url,
        {
            "grade": "high",
            "rationale": "Cars and older men",
            "action_1_owning_agency": str(health.pk),
            "action_1_what": "Book a sexual health review",
            "action_1_due_on": f"{due:%d/%m/%Y}",
        },
    )
    assert done.status_code == 302
    case.refresh_from_db()
    assert case.grade == "high" and case.status == CaseStatus.GRADED
    assert PartnerAction.objects.get(source="risk_panel", source_id=item.pk).owning_agency == health
    page = boss.get(f"/pathway/panels/{panel.pk}/").content.decode()
    assert "Book a sexual health review" in page and "Operation elsewhere" in page
    minutes = boss.get(f"/pathway/panels/{panel.pk}/minutes/").content.decode()
    assert "Cars and older men" in minutes and "Operation elsewhere" in minutes
    pdf = boss.get(f"/pathway/panels/{panel.pk}/minutes.pdf")
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf"
    assert "Cars and older men" in pdf_text(pdf.content)
    assert "attachment" in pdf["Content-Disposition"]
    # The case page lists the panels it was on.
    case_page = boss.get(f"/pathway/cases/{case.pk}/").content.decode()
    assert f'href="/pathway/panels/{panel.pk}/"' in case_page and "graded High" in case_page


def test_practitioners_police_and_partners_add_their_information(
    chair: User,
    practitioner: User,
    colleague: User,
    officer: User,
    health_partner: User,
    school_partner: User,
    awaiting_panel: Callable[..., CseCase],
) -> None:
    case = awaiting_panel(given="Kayleigh")
    panel = services.risk_panel_schedule(
        actor=chair, held_on=timezone.localdate() + dt.timedelta(days=3)
    )
    (item,) = services.panel_agenda_add(actor=chair, panel=panel, cases=[case])
    base = f"/pathway/panels/{panel.pk}/items/{item.pk}"

    worker = client_for(practitioner)
    page = worker.get(f"/pathway/panels/{panel.pk}/").content.decode()
    assert "Add the practitioner&#x27;s report" in page
    assert worker.get(f"{base}/police_intelligence/").status_code == 403
    assert worker.get(f"{base}/gossip/").status_code == 404
    assert worker.post(f"{base}/practitioner_report/", {"text": ""}).status_code == 400
    assert worker.post(f"{base}/practitioner_report/", {"text": REPORT}).status_code == 302
    assert client_for(colleague).get(f"{base}/practitioner_report/").status_code == 403

    police = client_for(officer)
    assert "risk panel coming up" in police.get("/").content.decode()
    page = police.get(f"/pathway/panels/{panel.pk}/").content.decode()
    assert case.reference in page and "Kayleigh" in page
    assert REPORT not in page and "Pip Practitioner" not in page and "Awaiting" not in page
    assert "Add the police intelligence summary" in page
    form = police.get(f"{base}/police_intelligence/").content.decode()
    assert "Seen only by police officers" in form
    assert police.get(f"{base}/practitioner_report/").status_code == 403
    assert police.post(f"{base}/police_intelligence/", {"text": SECRET}).status_code == 302
    assert SECRET in police.get(f"/pathway/panels/{panel.pk}/").content.decode()

    partner = client_for(health_partner)
    assert "risk panel coming up" in partner.get("/").content.decode()
    assert f"/pathway/panels/{panel.pk}/" in partner.get("/pathway/panels/").content.decode()
    page = partner.get(f"/pathway/panels/{panel.pk}/").content.decode()
    assert case.reference in page and "Kayleigh" in page
    assert REPORT not in page and SECRET not in page and POLICE_WITHHELD not in page
    assert partner.post(f"{base}/agency_information/", {"text": HEALTH}).status_code == 302
    assert HEALTH in partner.get(f"/pathway/panels/{panel.pk}/").content.decode()
    assert partner.get(f"{base}/police_intelligence/").status_code == 403

    # A school is not expected at the panel: it sees no panel at all.
    school = client_for(school_partner)
    assert school.get(f"/pathway/panels/{panel.pk}/").status_code == 404
    assert school.get(f"{base}/agency_information/").status_code == 404
    assert f"/pathway/panels/{panel.pk}/" not in school.get("/pathway/panels/").content.decode()

    assert AuditEvent.objects.filter(
        actor=officer, action="view", object_type="panel_item", object_id=str(item.pk)
    ).exists()
    chair_page = client_for(chair).get(f"/pathway/panels/{panel.pk}/").content.decode()
    assert SECRET in chair_page and REPORT in chair_page and HEALTH in chair_page


@pytest.mark.parametrize("viewer", ["manager", "practitioner", "social_worker"])
def test_the_police_summary_is_withheld_on_every_page_minutes_and_pdf(
    viewer: str, held_panel: tuple[RiskPanel, CseCase], request: pytest.FixtureRequest
) -> None:
    panel, case = held_panel
    user = request.getfixturevalue(viewer)
    client = client_for(user)
    item = panel.items.get()
    for url in (
        f"/pathway/panels/{panel.pk}/",
        f"/pathway/panels/{panel.pk}/minutes/",
        f"/pathway/cases/{case.pk}/",
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        content = response.content.decode()
        assert SECRET not in content and "VX12ABC" not in content, url
    for url in (f"/pathway/panels/{panel.pk}/", f"/pathway/panels/{panel.pk}/minutes/"):
        content = client.get(url).content.decode()
        assert POLICE_WITHHELD in content and REPORT in content and HEALTH in content
        assert "Repeated sightings with older men" in content
    pdf = client.get(f"/pathway/panels/{panel.pk}/minutes.pdf")
    assert pdf.status_code == 200
    text = pdf_text(pdf.content)
    assert "VX12ABC" not in text and POLICE_WITHHELD in text and REPORT in text
    assert case.reference in text and "Book a sexual health review" in text
    # Every view is audited, with the cases shown and whether police intelligence was.
    views = AuditEvent.objects.filter(
        actor=user, action="view", object_type="risk_panel", details__minutes=True
    )
    assert views.count() == 2  # the minutes page was opened twice above
    assert all(v.details["cases"] == [case.pk] for v in views)
    assert not any(v.details["police_intelligence_shown"] for v in views)
    export = AuditEvent.objects.get(actor=user, action="export", object_type="risk_panel")
    assert export.details["cases"] == [case.pk] and export.object_id == str(panel.pk)
    assert AuditEvent.objects.filter(
        actor=user, action="view", object_type="risk_panel", details__cases=[case.pk]
    ).exists()
    if viewer == "manager":  # a decision page is the chair's
        url = f"/pathway/panels/{panel.pk}/items/{item.pk}/decision/"
        assert client.get(url).status_code == 403


def test_the_chair_and_police_read_the_summary_and_police_and_partners_get_no_minutes(
    held_panel: tuple[RiskPanel, CseCase], chair: User, officer: User, health_partner: User
) -> None:
    panel, case = held_panel
    boss = client_for(chair)
    assert SECRET in boss.get(f"/pathway/panels/{panel.pk}/minutes/").content.decode()
    chair_pdf = pdf_text(boss.get(f"/pathway/panels/{panel.pk}/minutes.pdf").content)
    assert SECRET in chair_pdf and POLICE_WITHHELD not in chair_pdf
    assert AuditEvent.objects.get(actor=chair, action="export", object_type="risk_panel").details[
        "police_intelligence_shown"
    ]
    police = client_for(officer)
    page = police.get(f"/pathway/panels/{panel.pk}/").content.decode()
    assert SECRET in page and case.reference in page
    assert "Repeated sightings" not in page and "Book a sexual health review" not in page
    assert HEALTH not in page and REPORT not in page
    partner = client_for(health_partner)
    page = partner.get(f"/pathway/panels/{panel.pk}/").content.decode()
    assert HEALTH in page and SECRET not in page and "Repeated sightings" not in page
    assert "Clinic cover" in page  # the attendance of a held panel is not about the child
    for client in (police, partner):
        assert client.get(f"/pathway/panels/{panel.pk}/minutes/").status_code == 404
        assert client.get(f"/pathway/panels/{panel.pk}/minutes.pdf").status_code == 404
    assert not AuditEvent.objects.filter(actor=officer, action="export").exists()


def test_outsiders_get_404_and_a_practitioner_sees_only_their_teams_items(
    chair: User,
    practitioner: User,
    outsider: User,
    advisor: User,
    school_partner: User,
    manager: User,
    awaiting_panel: Callable[..., CseCase],
    refer: Callable[..., CseCase],
) -> None:
    from safehub.accounts.models import Role
    from tests.factories import create_agency, create_user

    mine = awaiting_panel(given="Kayleigh")
    elsewhere = create_agency(name="Northside CSE Team", agency_type="cse_team")
    stranger = create_user(agency=elsewhere, roles=[Role.CSE_PRACTITIONER], full_name="Nora")
    other = refer(given="Jade")
    services.case_allocate(actor=manager, case=other, practitioner=stranger)
    services.case_assess(
        actor=stranger, case=other, answers={"MISSING": "current"}, narrative="Seen once"
    )
    services.case_move(actor=stranger, case=other, to=CaseStatus.AWAITING_PANEL)
    panel = services.risk_panel_schedule(actor=chair, held_on=timezone.localdate())
    services.panel_agenda_add(actor=chair, panel=panel, cases=[mine, other])

    page = client_for(practitioner).get(f"/pathway/panels/{panel.pk}/").content.decode()
    assert mine.reference in page and other.reference not in page and "Jade" not in page
    audit = AuditEvent.objects.get(actor=practitioner, object_type="risk_panel", action="view")
    assert audit.details["cases"] == [mine.pk]
    assert (
        other.reference in client_for(stranger).get(f"/pathway/panels/{panel.pk}/").content.decode()
    )
    for user in (outsider, advisor, school_partner):
        client = client_for(user)
        for url in (
            f"/pathway/panels/{panel.pk}/",
            f"/pathway/panels/{panel.pk}/agenda/",
            f"/pathway/panels/{panel.pk}/attendance/",
            f"/pathway/panels/{panel.pk}/minutes/",
            f"/pathway/panels/{panel.pk}/minutes.pdf",
            f"/pathway/panels/{panel.pk}/items/{panel.items.order_by('pk')[0].pk}/practitioner_report/",
        ):
            assert client.get(url).status_code == 404, (user, url)
    assert client_for(advisor).get("/pathway/panels/").status_code == 403
    assert client_for(practitioner).get("/pathway/panels/999999/").status_code == 404
    # Only a chair schedules, sets the agenda and records attendance.
    worker = client_for(practitioner)
    assert worker.get("/pathway/panels/new/").status_code == 403
    assert worker.get(f"/pathway/panels/{panel.pk}/agenda/").status_code == 403
    assert worker.get(f"/pathway/panels/{panel.pk}/attendance/").status_code == 403
    assert client_for(manager).get("/pathway/panels/new/").status_code == 403
