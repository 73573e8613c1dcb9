"""A multi-agency child enquiry in a browser: the social worker opens it from a contact and asks
three agencies; each agency adds what it knows and sees only its own entry; the social worker
sees all of them as one chronology and closes the enquiry with the decision. Every page is
checked with axe-core."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from safehub.accounts.models import Role, User
from safehub.frontdoor import services as frontdoor_services
from safehub.people.services import RecordInput, person_create
from tests.browser.test_journeys import sign_in
from tests.factories import TEST_PASSWORD, create_agency, create_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _user(agency_name: str, agency_type: str, role: Role, name: str, email: str) -> User:
    agency = create_agency(name=agency_name, agency_type=agency_type)
    return create_user(agency=agency, roles=[role], full_name=name, email=email)


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("load")


def test_enquiry_with_three_agencies_each_seeing_only_its_own(page: Page, accessible: Any) -> None:
    social_worker = _user(
        "Severnside Family Connect",
        "front_door",
        Role.SAFEGUARDING_SOCIAL_WORKER,
        "Sam Safeguard",
        "sam@fc.example",
    )
    advisor = create_user(
        agency=social_worker.agency, roles=[Role.FRONT_DOOR_ADVISOR], email="fran@fc.example"
    )
    officer = _user(
        "Midshire Police", "police", Role.POLICE_OFFICER, "Pat Police", "pat@police.example"
    )
    teacher = _user(
        "Eastfield Academy",
        "education",
        Role.PARTNER_CONTRIBUTOR,
        "Tess Teacher",
        "tess@school.example",
    )
    nurse = _user(
        "Severnside Health", "health", Role.PARTNER_CONTRIBUTOR, "Nia Nurse", "nia@health.example"
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

    # The social worker opens the enquiry from the contact and asks three agencies.
    sign_in(page, accessible, social_worker.email, TEST_PASSWORD)
    accessible()
    page.goto(f"/front-door/contacts/{contact.pk}/")
    accessible()
    page.get_by_role("link", name="Open a multi-agency enquiry").click()
    accessible()
    page.get_by_role("button", name="Open the enquiry").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say why you are opening")
    accessible()
    page.get_by_label("Why are you opening an enquiry?").fill("Cars and older men after school")
    page.get_by_role("button", name="Open the enquiry").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Multi-agency child enquiry")
    accessible()
    for name in ("Midshire Police", "Eastfield Academy", "Severnside Health"):
        page.get_by_label(name).check()
    page.get_by_role("button", name="Ask these agencies").click()
    expect(page.locator("#invitations")).to_contain_text("Eastfield Academy")
    accessible()
    enquiry_url = page.url
    _sign_out(page)

    # Each agency adds what it knows and sees only its own entry.
    for user, text in (
        (officer, "POLICE: seen in a silver Audi near the school"),
        (teacher, "SCHOOL: absent most Mondays this term"),
        (nurse, "HEALTH: asked for emergency contraception twice"),
    ):
        sign_in(page, accessible, user.email, TEST_PASSWORD)
        accessible()
        page.get_by_role("link", name="Enquiries").click()
        accessible()
        page.locator("#agency-tasks").get_by_role("link").first.click()
        accessible()
        page.get_by_role("link", name="Add what your agency knows").click()
        accessible()
        page.get_by_label("A concern").check()
        page.get_by_label("When did it happen?").fill("03/11/2026")
        page.get_by_label("What your agency knows").fill(text)
        page.get_by_role("button", name="Add the entry").click()
        expect(page.locator("#chronology")).to_contain_text(text)
        chronology = page.locator("#chronology").inner_text()
        others = {"POLICE", "SCHOOL", "HEALTH"} - {text.split(":")[0]}
        assert not any(f"{other}:" in chronology for other in others)
        accessible()
        _sign_out(page)

    # The social worker sees every entry, marks one relevant and closes with the decision.
    sign_in(page, accessible, social_worker.email, TEST_PASSWORD)
    accessible()
    page.goto(enquiry_url)
    every_entry = page.locator("#chronology")
    for prefix in ("POLICE:", "SCHOOL:", "HEALTH:"):
        expect(every_entry).to_contain_text(prefix)
    accessible()
    page.get_by_role("button", name="Mark as relevant").first.click()
    expect(page.locator("#chronology")).to_contain_text("Relevant to the decision")
    page.get_by_role("link", name="Close with a decision").click()
    accessible()
    page.get_by_label("CSE pathway").check()
    page.get_by_label("Reason").fill("Indicators from three agencies meet the CSE threshold")
    page.get_by_role("button", name="Close the enquiry").click()
    expect(page.locator("#enquiry-summary")).to_contain_text("Closed")
    accessible()
    page.goto(f"/front-door/contacts/{contact.pk}/")
    expect(page.locator("#triage-summary")).to_contain_text("CSE pathway")
    accessible()
