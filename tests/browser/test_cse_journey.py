"""Issue 5's whole journey in one browser session, every page checked with axe-core:
a contact → an enquiry with three agencies (each sees only its own entry) → the decision (CSE
pathway) → the case → allocation over the caseload limit → the initial assessment → the risk
panel's grade with an action for the school → the strategy meeting → the safety plan with the
young person's views → review → closure with an exit strategy; then the school's late action
is escalated to its manager, and the audit sample is drawn twice alike."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from safehub.accounts.models import Role, User
from safehub.actions.models import PartnerAction
from safehub.actions.services import actions_chase
from safehub.frontdoor import services as frontdoor_services
from safehub.pathway.models import CaseStatus, CseCase, PathwaySettings, RiskPanel
from safehub.people.services import RecordInput, person_create
from tests.browser.test_journeys import sign_in
from tests.factories import TEST_PASSWORD, create_agency, create_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CSE_ANSWERS = {
    "child_safe_now": "yes",
    "older_person": "yes",
    "gifts": "yes",
    "vehicles": "yes",
    "missing": "no",
    "online": "no",
    "disclosure": "no",
}


def _user(agency: Any, role: Role, name: str, email: str) -> User:
    return create_user(agency=agency, roles=[role], full_name=name, email=email)


def test_contact_to_closure(page: Page, accessible: Any) -> None:
    front_door = create_agency(name="Severnside Family Connect", agency_type="front_door")
    cate = create_agency(name="Severnside CATE Team", agency_type="cse_team")
    police = create_agency(name="Midshire Police", agency_type="police")
    school = create_agency(name="Eastfield Academy", agency_type="education")
    health = create_agency(name="Severnside Health", agency_type="health")
    advisor = _user(front_door, Role.FRONT_DOOR_ADVISOR, "Fran Frontdoor", "fran@fc.example")
    social_worker = _user(
        front_door, Role.SAFEGUARDING_SOCIAL_WORKER, "Sam Safeguard", "sam@fc.example"
    )
    manager = _user(cate, Role.TEAM_MANAGER, "Mo Manager", "mo@cate.example")
    practitioner = _user(cate, Role.CSE_PRACTITIONER, "Pip Practitioner", "pip@cate.example")
    chair = _user(cate, Role.RISK_PANEL_CHAIR, "Cher Chair", "cher@cate.example")
    officer = _user(police, Role.POLICE_OFFICER, "Pat Police", "pat@police.example")
    teacher = _user(school, Role.PARTNER_CONTRIBUTOR, "Tess Teacher", "tess@school.example")
    head = _user(school, Role.TEAM_MANAGER, "Hedda Head", "hedda@school.example")
    nurse = _user(health, Role.PARTNER_CONTRIBUTOR, "Nia Nurse", "nia@health.example")
    auditor = _user(front_door, Role.AUDITOR, "Aud Itor", "aud@fc.example")
    PathwaySettings.objects.update_or_create(pk=1, defaults={"max_high_priority_cases": 0})
    child = person_create(
        actor=advisor,
        data=RecordInput(given_name="Kayleigh", family_name="Brennan", date_of_birth="2011-05-04"),
    )
    contact, _ = frontdoor_services.contact_record(
        actor=advisor,
        data=frontdoor_services.ContactInput(
            channel="phone",
            source="2A",
            contact_type="cse-concern",
            account="Seen getting into cars with older men after school; new phone and trainers.",
            people=[frontdoor_services.PersonOnContact(role="subject", person_id=child.pk)],
            answers=CSE_ANSWERS,
            referrer_name="Dee Ess-Ell",
        ),
    )
    today = timezone.localdate()

    def as_user(user: User) -> None:
        if page.get_by_role("button", name="Sign out").count():
            page.get_by_role("button", name="Sign out").click()
            page.wait_for_load_state("load")
        sign_in(page, accessible, user.email, TEST_PASSWORD)
        accessible()

    # 1. The social worker opens the enquiry from the contact and asks three agencies.
    as_user(social_worker)
    page.goto(f"/front-door/contacts/{contact.pk}/")
    accessible()
    page.get_by_role("link", name="Open a multi-agency enquiry").click()
    accessible()
    page.get_by_label("Why are you opening an enquiry?").fill("Cars, older men, gifts")
    page.get_by_role("button", name="Open the enquiry").click()
    accessible()
    for name in ("Midshire Police", "Eastfield Academy", "Severnside Health"):
        page.get_by_label(name).check()
    page.get_by_role("button", name="Ask these agencies").click()
    expect(page.locator("#invitations")).to_contain_text("Eastfield Academy")
    accessible()
    enquiry_url = page.url

    # 2. Each agency adds what it knows and sees only its own entry.
    for user, text in (
        (officer, "POLICE: seen in a silver Audi near the school"),
        (teacher, "SCHOOL: absent most Mondays this term"),
        (nurse, "HEALTH: asked for emergency contraception twice"),
    ):
        as_user(user)
        page.goto(enquiry_url)
        accessible()
        page.get_by_role("link", name="Add what your agency knows").click()
        accessible()
        page.get_by_label("A concern").check()
        page.get_by_label("When did it happen?").fill(f"{today - dt.timedelta(days=3):%d/%m/%Y}")
        page.get_by_label("What your agency knows").fill(text)
        page.get_by_role("button", name="Add the entry").click()
        chronology = page.locator("#chronology")
        expect(chronology).to_contain_text(text)
        others = {"POLICE", "SCHOOL", "HEALTH"} - {text.split(":")[0]}
        assert not any(f"{other}:" in chronology.inner_text() for other in others)
        accessible()

    # 3. The social worker reads the whole chronology and decides: CSE pathway.
    as_user(social_worker)
    page.goto(enquiry_url)
    for prefix in ("POLICE:", "SCHOOL:", "HEALTH:"):
        expect(page.locator("#chronology")).to_contain_text(prefix)
    accessible()
    page.get_by_role("button", name="Mark as relevant").first.click()
    accessible()
    page.get_by_role("link", name="Close with a decision").click()
    accessible()
    page.get_by_label("CSE pathway").check()
    page.get_by_label("Reason").fill("Indicators from three agencies meet the CSE threshold")
    page.get_by_role("button", name="Close the enquiry").click()
    expect(page.locator("#enquiry-summary")).to_contain_text("Closed")
    accessible()
    case = CseCase.objects.get()

    # 4. The manager allocates over the limit (refused, then with a reason).
    as_user(manager)
    page.goto(f"/pathway/cases/{case.pk}/")
    accessible()
    page.get_by_role("link", name="Allocate").click()
    accessible()
    page.get_by_label("Allocate to").select_option(str(practitioner.pk))
    page.get_by_role("button", name="Allocate").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("over the limit of 0")
    accessible()
    page.get_by_label("Reason to allocate over the caseload limit").fill(
        "The only practitioner who knows the family"
    )
    page.get_by_role("button", name="Allocate").click()
    expect(page.locator("#case-summary")).to_contain_text("Pip Practitioner")
    accessible()

    # 5. The practitioner assesses and sends the case to the panel.
    as_user(practitioner)
    page.goto(f"/pathway/cases/{case.pk}/")
    expect(page.locator("#chronology")).to_contain_text("POLICE: seen in a silver Audi")
    accessible()
    page.get_by_role("link", name="Record a risk assessment").click()
    accessible()
    page.get_by_label("Goes missing or stays out overnight").select_option("current")
    page.get_by_label("Your assessment").fill("Met her twice at school; cars and older men")
    page.get_by_role("button", name="Record the assessment").click()
    expect(page.locator("#assessments")).to_contain_text("Initial risk assessment")
    accessible()
    page.get_by_role("link", name="Move the case on").click()
    accessible()
    page.get_by_label("Awaiting the risk panel").check()
    page.get_by_role("button", name="Move the case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Awaiting the risk panel")
    accessible()

    # 6. The risk panel grades the case and gives the school an action.
    as_user(chair)
    page.goto("/pathway/panels/new/")
    accessible()
    page.get_by_label("Date of the panel").fill(f"{today:%d/%m/%Y}")
    page.get_by_role("button", name="Schedule the panel").click()
    accessible()
    page.get_by_role("link", name="Add cases to the agenda").click()
    accessible()
    page.get_by_label(f"{case.reference}: Kayleigh Brennan", exact=False).check()
    page.get_by_role("button", name="Add to the agenda").click()
    accessible()
    page.get_by_role("link", name="Record the panel as held").click()
    accessible()
    for name in ("Midshire Police", "Severnside CATE Team", "Severnside Family Connect"):
        page.get_by_role("group", name=f"Did {name} attend?").get_by_label("Yes").check()
        page.get_by_label(f"{name}: representative's name and role").fill(f"Rep of {name}")
    page.get_by_role("group", name="Did Severnside Health attend?").get_by_label("No").check()
    page.get_by_label("Severnside Health: reason for the absence").fill("Clinic cover")
    page.get_by_role("button", name="Record the attendance").click()
    expect(page.locator("#attendance")).to_contain_text("Clinic cover")
    accessible()
    page.get_by_role("link", name="Record the decision").click()
    accessible()
    page.get_by_label("Medium-High").check()
    page.get_by_label("Rationale").fill("Repeated sightings with older men; gifts")
    page.get_by_label("Action 1: agency").select_option(str(school.pk))
    page.get_by_label("Action 1: what the agency is to do").fill("Daily attendance check")
    page.get_by_label("Action 1: due by").fill(f"{today + dt.timedelta(days=7):%d/%m/%Y}")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator(".govuk-summary-card")).to_contain_text("Medium-High")
    accessible()
    panel = RiskPanel.objects.get()
    page.goto(f"/pathway/panels/{panel.pk}/minutes/")
    expect(page.locator("#minutes-absent")).to_contain_text("Severnside Health: Clinic cover")
    accessible()

    # 7. The strategy meeting the grade called, then the plan with the young person's views.
    as_user(practitioner)
    page.goto(f"/pathway/cases/{case.pk}/")
    expect(page.locator("#grade-history")).to_contain_text("Medium-High")
    accessible()
    page.locator("#strategy-meetings").get_by_role("link", name="Record it").click()
    accessible()
    page.get_by_label("Date the meeting was held").fill(f"{today:%d/%m/%Y}")
    for name in ("Midshire Police", "Eastfield Academy", "Severnside CATE Team"):
        page.get_by_label(name).check()
    page.get_by_label("Decisions").fill("Safety plan; daily school check-ins; mum supported")
    page.get_by_role("button", name="Record the meeting").click()
    expect(page.locator("#strategy-meetings")).to_contain_text("daily school check-ins")
    accessible()
    page.get_by_role("link", name="Make the safety plan").click()
    accessible()
    page.get_by_label("Goals of the plan").fill("Safe after school; knows who to call")
    page.get_by_role(
        "group", name="Did the young person take part in making the plan?"
    ).get_by_label("Yes").check()
    page.get_by_label("What the young person said").fill("Youth club, not the park")
    page.get_by_role("group", name="Did the parents or carers take part?").get_by_label(
        "Yes"
    ).check()
    page.get_by_label("What the parents or carers said").fill("Mum collects on Fridays")
    page.get_by_label("Action 1: what").fill("Meet at the gate at 3pm")
    page.get_by_label("Action 1: who").fill("Youth worker")
    page.get_by_label("Action 1: by when").fill(f"{today + dt.timedelta(days=5):%d/%m/%Y}")
    page.get_by_label("The plan in plain words").fill("We will help you stay safe after school.")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator("#safety-plan")).to_contain_text("Youth club, not the park")
    accessible()

    # 8. Review, then closure with an exit strategy.
    for stage in ("Strategy meeting and safety plan", "Review"):
        page.get_by_role("link", name="Move the case on").click()
        accessible()
        page.get_by_label(stage, exact=True).check()
        page.get_by_role("button", name="Move the case").click()
        expect(page.get_by_role("heading", level=1)).to_have_text(stage)
        accessible()
    page.get_by_role("link", name="Record a risk assessment").click()
    page.get_by_label("Goes missing or stays out overnight").select_option("")
    page.get_by_label("Your assessment").fill("Review: back in school, no missing episodes")
    page.get_by_role("button", name="Record the assessment").click()
    expect(page.locator("#assessments")).to_contain_text("Review")
    accessible()
    page.get_by_role("link", name="Move the case on").click()
    page.get_by_label("Close with an exit strategy").check()
    page.get_by_role("button", name="Move the case").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("exit strategy")
    accessible()
    page.get_by_label("Exit strategy (to close)").fill("Youth club twice a week; school mentor")
    page.get_by_role("button", name="Move the case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Closed with an exit strategy")
    accessible()
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED

    # 9. The school's action is late: its manager is told, and sees it overdue.
    PartnerAction.objects.filter(owning_agency=school).update(due_on=today - dt.timedelta(days=1))
    actions_chase()
    as_user(head)
    page.goto("/notifications/")
    expect(page.locator("main")).to_contain_text("Overdue: an action given to your agency")
    accessible()
    page.goto("/actions/")
    expect(page.locator("#actions")).to_contain_text("Overdue")
    accessible()

    # 10. The auditor draws the sample twice with the same seed: the same worksheet.
    as_user(auditor)
    page.get_by_role("link", name="Referral audit").click()
    accessible()

    def draw() -> str:
        page.get_by_label("Referrals received from").fill(
            f"{today - dt.timedelta(days=1):%d/%m/%Y}"
        )
        page.get_by_label("Referrals received up to").fill(f"{today:%d/%m/%Y}")
        page.get_by_label("Fraction of referrals to sample").fill("0.10")
        page.get_by_label("Seed").fill("23")
        page.get_by_role("button", name="Draw the sample").click()
        expect(page.locator("#sample-heading")).to_contain_text("1 of 1 CSE referral")
        accessible()
        return page.locator("#worksheet").inner_text()

    first = draw()
    assert contact.reference in first and "Kayleigh" not in first
    assert draw() == first
