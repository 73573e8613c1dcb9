"""The front door in a browser: a phone contact from start to triage, a draft that survives a
validation error, and the public anonymous form. Every page is checked with axe-core."""

from __future__ import annotations

from typing import Any

import pytest
from django.core.cache import cache
from playwright.sync_api import Page, expect

from safehub.accounts.models import Role
from safehub.frontdoor.models import Contact
from safehub.people.services import RecordInput, person_create
from tests.browser.test_journeys import sign_in
from tests.factories import TEST_PASSWORD, create_agency, create_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def team() -> dict[str, Any]:
    agency = create_agency(name="Severnside Family Connect", agency_type="front_door")
    return {
        "advisor": create_user(
            agency=agency,
            roles=[Role.FRONT_DOOR_ADVISOR],
            email="fran@fc.example",
            full_name="Fran Frontdoor",
        ),
        "social_worker": create_user(
            agency=agency,
            roles=[Role.SAFEGUARDING_SOCIAL_WORKER],
            email="sam@fc.example",
            full_name="Sam Safeguard",
        ),
    }


def test_phone_contact_from_start_to_triage(
    page: Page, accessible: Any, team: dict[str, Any]
) -> None:
    advisor = team["advisor"]
    child = person_create(
        actor=advisor,
        data=RecordInput(given_name="Kayleigh", family_name="Brennan", date_of_birth="2011-05-04"),
    )
    sign_in(page, accessible, advisor.email, TEST_PASSWORD)
    accessible()
    page.get_by_role("link", name="Front door").click()
    accessible()
    page.get_by_role("button", name="Record a new contact").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record a contact")
    accessible()

    # How: an impossible date is an error, and what was typed stays.
    page.get_by_role("link", name="How the contact came in").click()
    accessible()
    page.get_by_label("Phone", exact=True).check()
    page.get_by_label("Date received").fill("31/02/2026")
    page.get_by_label("Time received").fill("09:30")
    page.get_by_label("Where did the contact come from?").select_option("2A")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a real date")
    expect(page.get_by_label("Date received")).to_have_value("31/02/2026")
    expect(page.get_by_label("Time received")).to_have_value("09:30")
    accessible()
    page.get_by_label("Date received").fill("02/03/2026")
    page.get_by_role("button", name="Save and continue").click()
    accessible()

    page.get_by_role("link", name="Who made the contact").click()
    page.get_by_label("Referrer's name").fill("Dee Ess-Ell")
    page.get_by_label("Their role or relationship to the child").fill(
        "Designated safeguarding lead"
    )
    accessible()
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("link", name="The children and others involved").click()
    accessible()
    page.get_by_role("link", name="Add a child the contact is about").click()
    accessible()
    page.get_by_label("Given name", exact=True).fill("Kayley")
    page.get_by_label("Family name").fill("Brennan")
    page.get_by_label("Date of birth (optional)").fill("04/05/2011")
    page.get_by_role("button", name="Continue").click()
    page.locator(f"#candidate-{child.pk}").get_by_role("button").click()
    expect(page.locator("#contact-people")).to_contain_text("Brennan")
    accessible()
    page.get_by_label("Person of concern").check()
    page.get_by_label("Name or nickname").fill("Smiler")
    page.get_by_label("Description").fill("Drives a silver car")
    page.get_by_role("button", name="Add this person").click()
    expect(page.locator("#contact-people")).to_contain_text("Smiler")
    page.get_by_role("link", name="Return to the contact").click()

    page.get_by_role("link", name="Type of contact").click()
    accessible()
    page.get_by_label("Other concern").check()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Protocol questions")
    accessible()
    page.get_by_label("What is the concern about, in a few words?").fill("Older men and cars")
    page.get_by_role("button", name="Save and continue").click()

    page.get_by_role("link", name="What was said").click()
    page.get_by_label("What did the referrer tell you?").fill(
        "School report she has been picked up at the gates by an older man in a silver car. "
        "She denies going missing."
    )
    accessible()
    page.get_by_role("button", name="Save and continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Screening, level and RAG")
    expect(page.locator("#indicator-VEHICLES")).to_contain_text("Proposed")
    expect(page.locator("#indicator-MISSING")).to_have_count(0)
    accessible()
    page.locator("#indicator-VEHICLES").get_by_role("button", name="Confirm").click()
    expect(page.locator("#indicator-VEHICLES")).to_contain_text("Confirmed")
    expect(page.locator("#suggestion")).to_contain_text("Level 4")
    page.get_by_role("button", name="Record level and RAG").click()
    accessible()
    page.get_by_role("button", name="Submit to the front-door queue").click()
    expect(page.locator("#contact-status")).to_have_text("Awaiting a decision")
    accessible()
    contact = Contact.objects.get()
    page.get_by_role("button", name="Sign out").click()
    accessible()

    sign_in(page, accessible, team["social_worker"].email, TEST_PASSWORD)
    accessible()
    page.goto("/front-door/")
    expect(page.locator("#queue")).to_contain_text(contact.reference)
    accessible()
    page.get_by_role("link", name=contact.reference).click()
    page.get_by_role("link", name="Record the decision").click()
    accessible()
    page.get_by_label("CSE pathway").check()
    page.get_by_label("Reason for the decision").fill("Older male, vehicle: meets CSE threshold")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#triage-summary")).to_contain_text("CSE pathway")
    accessible()
    page.goto("/front-door/alerts/")
    expect(page.locator("#alerts")).to_contain_text("complex or acute")
    accessible()
    page.locator("#alerts").get_by_role("link").first.click()
    accessible()
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a note")
    accessible()
    page.get_by_label("Note").fill("Allocated to the CSE team today")
    page.get_by_role("button", name="Acknowledge").click()
    expect(page.locator("#alerts")).to_contain_text("Acknowledged")
    accessible()


def test_public_anonymous_form(page: Page, accessible: Any) -> None:
    cache.clear()
    page.set_viewport_size({"width": 375, "height": 740})  # a phone
    page.goto("/report-a-concern/")
    accessible()
    page.get_by_role("button", name="Send").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Tell us what you are worried")
    accessible()
    page.get_by_label("A neighbour or someone who knows the child").check()
    page.get_by_label("What are you worried about?").fill(
        "Men in a taxi collect a girl from number 4 late at night."
    )
    page.get_by_label("I do not want to give my name").check()
    page.get_by_role("button", name="Send").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Thank you for telling us")
    contact = Contact.objects.get()
    expect(page.locator("#reference")).to_have_text(contact.reference)
    accessible()
    assert contact.referrer_anonymous


def test_police_report_a_missing_episode_and_return(page: Page, accessible: Any) -> None:
    police = create_agency(name="Midshire Police", agency_type="police")
    officer = create_user(
        agency=police, roles=[Role.POLICE_OFFICER], email="olly@police.example", full_name="Olly"
    )
    child = person_create(
        actor=officer,
        data=RecordInput(given_name="Jade", family_name="Okafor", date_of_birth="2010-02-03"),
    )
    sign_in(page, accessible, officer.email, TEST_PASSWORD)
    accessible()
    page.get_by_role("link", name="Missing").click()
    accessible()
    page.get_by_role("link", name="Report a missing episode").click()
    accessible()
    page.get_by_role("button", name="Report").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    accessible()
    page.get_by_label("The child's person-index reference").fill(child.reference)
    page.get_by_label("Police missing-person report").check()
    page.get_by_label("Missing: whereabouts unknown").check()
    page.get_by_label("Date the child went missing").fill("01/11/2026")
    page.get_by_label("Time").fill("22:15")
    page.get_by_label("Circumstances").fill(
        "Left home after a phone call; seen getting into a car."
    )
    page.get_by_role("button", name="Report").click()
    expect(page.locator("#episode-summary")).to_contain_text("Still missing")
    accessible()
    page.get_by_label("Date the child came back").fill("02/11/2026")
    page.get_by_label("Where was the child found?").fill("A flat in the town centre")
    page.get_by_role("button", name="Record the return").click()
    expect(page.locator("#interview-summary")).to_contain_text("Due")
    accessible()
