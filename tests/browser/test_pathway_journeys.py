"""The CSE pathway in a browser: a manager allocates over the caseload limit (refused, then
with a reason), the practitioner assesses and sends the case to the panel, the chair grades it.
Every page is checked with axe-core."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from safehub.accounts.models import Role
from safehub.frontdoor import services as frontdoor_services
from safehub.pathway.models import CseCase, PathwaySettings
from safehub.people.services import RecordInput, person_create
from tests.browser.test_journeys import sign_in
from tests.factories import TEST_PASSWORD, create_agency, create_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_allocation_over_the_limit_assessment_and_grade(page: Page, accessible: Any) -> None:
    front_door = create_agency(name="Severnside Family Connect", agency_type="front_door")
    cate = create_agency(name="Severnside CATE Team", agency_type="cse_team")
    advisor = create_user(agency=front_door, roles=[Role.FRONT_DOOR_ADVISOR])
    social_worker = create_user(agency=front_door, roles=[Role.SAFEGUARDING_SOCIAL_WORKER])
    manager = create_user(
        agency=cate, roles=[Role.TEAM_MANAGER], full_name="Mo Manager", email="mo@cate.example"
    )
    practitioner = create_user(
        agency=cate,
        roles=[Role.CSE_PRACTITIONER],
        full_name="Pip Practitioner",
        email="pip@cate.example",
    )
    chair = create_user(
        agency=cate,
        roles=[Role.RISK_PANEL_CHAIR],
        full_name="Cher Chair",
        email="cher@cate.example",
    )
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

    sign_in(page, accessible, manager.email, TEST_PASSWORD)
    accessible()
    page.get_by_role("link", name="CSE cases").click()
    accessible()
    # The whole list, a page at a time (the dashboard links to it when a list is long).
    page.goto(page.url.rstrip("/") + "/dashboard/unallocated/")
    expect(page.locator("#list-count")).to_contain_text("1 in all")
    accessible()
    page.get_by_role("link", name="Back to the caseloads").click()
    page.locator("#unallocated").get_by_role("link", name=case.reference).click()
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
    page.get_by_role("link", name="Back to the caseload").click()
    expect(page.locator("#breaches")).to_contain_text("The only practitioner who knows")
    accessible()
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, accessible, practitioner.email, TEST_PASSWORD)
    accessible()
    page.get_by_role("link", name="CSE cases").click()
    accessible()
    page.locator("#my-cases").get_by_role("link", name=case.reference).click()
    accessible()
    page.get_by_role("link", name="Record a risk assessment").click()
    accessible()
    page.get_by_label("Goes missing or stays out overnight").select_option("current")
    page.get_by_role("button", name="Record the assessment").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Write the assessment")
    accessible()
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
    page.get_by_role("button", name="Sign out").click()

    sign_in(page, accessible, chair.email, TEST_PASSWORD)
    accessible()
    page.goto(f"/pathway/cases/{case.pk}/grade/")
    accessible()
    page.get_by_label("Medium-High").check()
    page.get_by_label("Rationale").fill("Repeated sightings with older men; missing overnight")
    page.get_by_role("button", name="Record the grade").click()
    expect(page.locator("#case-summary")).to_contain_text("Medium-High")
    accessible()
    page.get_by_role("button", name="Sign out").click()

    # The practitioner makes the safety plan with the young person and prints the family's copy.
    sign_in(page, accessible, practitioner.email, TEST_PASSWORD)
    accessible()
    page.goto(f"/pathway/cases/{case.pk}/")
    accessible()
    page.get_by_role("link", name="Make the safety plan").click()
    accessible()
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Write the plan's goals")
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
    page.get_by_label("Action 1: by when").fill("05/12/2026")
    page.get_by_label("Action 2: what").fill("Visit the car's keeper")
    page.get_by_label("Action 2: who").fill("Police CSE team")
    page.get_by_label("Action 2: by when").fill("01/12/2026")
    page.get_by_label("Action 2: restricted").check()
    page.get_by_label("The plan in plain words").fill("We will help you stay safe after school.")
    page.get_by_role("button", name="Save the plan").click()
    expect(page.locator("#safety-plan")).to_contain_text("Meet at the gate at 3pm")
    accessible()
    page.get_by_role("link", name="The family's copy to print").click()
    expect(page.locator("#family-actions")).to_contain_text("Meet at the gate at 3pm")
    expect(page.locator("#family-actions")).not_to_contain_text("Police CSE team")
    accessible()
