"""The risk panel in a browser: the chair schedules a panel, adds a case awaiting the panel to
its agenda, the practitioner and police send their information, the chair records the
attendance (an absence needs a reason), grades the case with an action for a partner agency,
and opens the minutes. Every page is checked with axe-core."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from safehub.accounts.models import Role
from safehub.actions.models import PartnerAction
from safehub.frontdoor import services as frontdoor_services
from safehub.pathway import services as pathway_services
from safehub.pathway.models import CaseStatus, CseCase, RiskPanel
from safehub.people.services import RecordInput, person_create
from tests.browser.test_journeys import sign_in
from tests.factories import TEST_PASSWORD, create_agency, create_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SECRET = "Vehicle VX12ABC seen outside the flat"


def _case_awaiting_the_panel() -> tuple[CseCase, Any]:
    front_door = create_agency(name="Severnside Family Connect", agency_type="front_door")
    cate = create_agency(name="Severnside CATE Team", agency_type="cse_team")
    advisor = create_user(agency=front_door, roles=[Role.FRONT_DOOR_ADVISOR])
    social_worker = create_user(agency=front_door, roles=[Role.SAFEGUARDING_SOCIAL_WORKER])
    manager = create_user(agency=cate, roles=[Role.TEAM_MANAGER])
    practitioner = create_user(
        agency=cate,
        roles=[Role.CSE_PRACTITIONER],
        full_name="Pip Practitioner",
        email="pip@cate.example",
    )
    child = person_create(
        actor=advisor,
        data=RecordInput(given_name="Kayleigh", family_name="Brennan", date_of_birth="2011-05-04"),
    )
    contact, _ = frontdoor_services.contact_record(
        actor=advisor,
        data=frontdoor_services.ContactInput(
            channel="phone",
            source="2A",
            contact_type="other",
            account="Seen getting into cars with older men after school.",
            people=[frontdoor_services.PersonOnContact(role="subject", person_id=child.pk)],
            answers={"nature": "worry"},
            referrer_name="Dee Ess-Ell",
        ),
    )
    frontdoor_services.contact_triage(
        actor=social_worker, contact=contact, outcome="cse_pathway", reason="CSE indicators"
    )
    case = CseCase.objects.get()
    pathway_services.case_allocate(actor=manager, case=case, practitioner=practitioner)
    pathway_services.case_assess(
        actor=practitioner,
        case=case,
        answers={"MISSING": "current"},
        narrative="Met her twice at school; cars and older men",
    )
    case = pathway_services.case_move(actor=practitioner, case=case, to=CaseStatus.AWAITING_PANEL)
    return case, practitioner


def test_a_risk_panel_from_scheduling_to_the_minutes(page: Page, accessible: Any) -> None:
    case, practitioner = _case_awaiting_the_panel()
    police = create_agency(name="Midshire Police", agency_type="police")
    health = create_agency(name="Severnside Health", agency_type="health")
    create_agency(name="Severnside Academy", agency_type="education")  # schools: not expected
    officer = create_user(
        agency=police, roles=[Role.POLICE_OFFICER], full_name="Olly Officer", email="olly@p.example"
    )
    chair = create_user(
        agency=practitioner.agency,
        roles=[Role.RISK_PANEL_CHAIR],
        full_name="Cher Chair",
        email="cher@cate.example",
    )
    today = timezone.localdate()
    due = today + dt.timedelta(days=10)

    sign_in(page, accessible, chair.email, TEST_PASSWORD)
    accessible()
    page.get_by_role("link", name="CSE cases").click()
    accessible()
    page.get_by_role("navigation", name="Menu").get_by_role("link", name="Risk panels").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Multi-agency risk panels")
    accessible()
    page.get_by_role("link", name="Schedule a panel").click()
    accessible()
    page.get_by_label("Date of the panel").fill("01/01/2020")
    page.get_by_role("button", name="Schedule the panel").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("cannot be in the past")
    accessible()
    page.get_by_label("Date of the panel").fill(f"{today:%d/%m/%Y}")
    page.get_by_label("Where (optional)").fill("Room 4, Civic Centre")
    page.get_by_role("button", name="Schedule the panel").click()
    expect(page.locator("#panel-summary")).to_contain_text("Planned")
    accessible()
    page.get_by_role("link", name="Add cases to the agenda").click()
    accessible()
    page.get_by_role("button", name="Add to the agenda").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select at least one case")
    accessible()
    page.get_by_label(f"{case.reference}: Kayleigh Brennan", exact=False).check()
    page.get_by_role("button", name="Add to the agenda").click()
    expect(page.locator(".govuk-summary-card")).to_contain_text(case.reference)
    accessible()
    page.get_by_role("button", name="Sign out").click()
    panel = RiskPanel.objects.get()

    # Before the meeting: the practitioner's report and the police intelligence summary.
    sign_in(page, accessible, practitioner.email, TEST_PASSWORD)
    accessible()
    page.goto(f"/pathway/panels/{panel.pk}/")
    accessible()
    page.get_by_role("link", name="Add the practitioner's report").click()
    accessible()
    page.get_by_label("The practitioner's report").fill("Seen three times; missing twice")
    page.get_by_role("button", name="Send to the panel").click()
    expect(page.locator(".govuk-summary-card")).to_contain_text("Seen three times")
    accessible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, accessible, officer.email, TEST_PASSWORD)
    accessible()
    page.get_by_role("link", name="risk panel coming up").click()
    accessible()
    page.get_by_role("link", name=f"Risk panel on {today:%-d %B %Y}").click()
    expect(page.locator(".govuk-summary-card")).not_to_contain_text("Seen three times")
    accessible()
    page.get_by_role("link", name="Add the police intelligence summary").click()
    accessible()
    page.get_by_label("The police intelligence summary").fill(SECRET)
    page.get_by_role("button", name="Send to the panel").click()
    expect(page.locator(".govuk-summary-card")).to_contain_text(SECRET)
    accessible()
    page.get_by_role("button", name="Sign out").click()

    # The meeting: attendance, then the decision with an action for health.
    sign_in(page, accessible, chair.email, TEST_PASSWORD)
    accessible()
    page.goto(f"/pathway/panels/{panel.pk}/")
    expect(page.locator(".govuk-summary-card")).to_contain_text(SECRET)
    accessible()
    page.get_by_role("link", name="Record the panel as held").click()
    accessible()
    for name in ("Midshire Police", "Severnside CATE Team", "Severnside Family Connect"):
        page.get_by_role("group", name=f"Did {name} attend?").get_by_label("Yes").check()
        page.get_by_label(f"{name}: representative's name and role").fill(f"Rep of {name}")
    page.get_by_role("group", name="Did Severnside Health attend?").get_by_label("No").check()
    page.get_by_role("button", name="Record the attendance").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text(
        "Give the reason Severnside Health did not attend"
    )
    accessible()
    page.get_by_label("Severnside Health: reason for the absence").fill("Clinic cover")
    page.get_by_role("button", name="Record the attendance").click()
    expect(page.locator("#attendance")).to_contain_text("Clinic cover")
    accessible()
    page.get_by_role("link", name="Record the decision").click()
    accessible()
    page.get_by_label("Medium-High").check()
    page.get_by_label("Rationale").fill("Repeated sightings with older men; missing overnight")
    page.get_by_label("Action 1: agency").select_option(str(health.pk))
    page.get_by_label("Action 1: what the agency is to do").fill("Book a sexual health review")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("due by")
    accessible()
    page.get_by_label("Action 1: due by").fill(f"{due:%d/%m/%Y}")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-summary-card")).to_contain_text("Medium-High")
    expect(page.locator(".govuk-summary-card")).to_contain_text("Book a sexual health review")
    accessible()
    page.get_by_role("link", name="Read the minutes").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Multi-agency risk panel: minutes")
    expect(page.locator("#minutes-absent")).to_contain_text("Severnside Health: Clinic cover")
    expect(page.locator("main")).to_contain_text(SECRET)
    expect(page.locator("main")).to_contain_text("Book a sexual health review")
    accessible()
    with page.expect_download() as download:
        page.get_by_role("link", name="Download the minutes (PDF)").click()
    assert download.value.suggested_filename == f"risk-panel-{today:%Y-%m-%d}-minutes.pdf"
    assert PartnerAction.objects.get(source="risk_panel").owning_agency == health
    case.refresh_from_db()
    assert case.grade == "medium_high" and case.status == CaseStatus.GRADED
