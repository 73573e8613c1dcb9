"""Partner actions in a browser: the social worker refers a CSE contact to a school; the
school's contributor finds the action, is told what is missing, confirms it with evidence; an
overdue action is escalated to the school's manager; an auditor draws the same audit sample
twice. Every page is checked with axe-core."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from playwright.sync_api import Page, expect

from safehub.accounts.models import Role, User
from safehub.actions.models import PartnerAction
from safehub.actions.services import actions_chase
from safehub.frontdoor import services as frontdoor_services
from safehub.people.services import RecordInput, person_create
from tests.browser.test_journeys import sign_in
from tests.factories import TEST_PASSWORD, create_agency, create_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _sign_out(page: Page) -> None:
    page.get_by_role("button", name="Sign out").click()
    page.wait_for_load_state("load")


def _contact(advisor: User, given: str, account: str) -> Any:
    child = person_create(
        actor=advisor,
        data=RecordInput(given_name=given, family_name="Okafor", date_of_birth="2011-05-04"),
        pass_over_reason="browser test",
    )
    contact, _ = frontdoor_services.contact_record(
        actor=advisor,
        data=frontdoor_services.ContactInput(
            channel="phone",
            source="2A",
            contact_type="cse-concern",
            account=account,
            people=[frontdoor_services.PersonOnContact(role="subject", person_id=child.pk)],
            answers={
                "child_safe_now": "yes",
                "older_person": "yes",
                "gifts": "no",
                "vehicles": "not_known",
                "missing": "no",
                "online": "no",
                "disclosure": "no",
            },
            referrer_name="Dee Ess-Ell",
        ),
    )
    return contact


def test_referral_action_confirmed_escalated_and_audited(page: Page, accessible: Any) -> None:
    front_door = create_agency(name="Severnside Family Connect", agency_type="front_door")
    school = create_agency(name="Eastfield Academy", agency_type="education")
    advisor = create_user(agency=front_door, roles=[Role.FRONT_DOOR_ADVISOR])
    social_worker = create_user(
        agency=front_door,
        roles=[Role.SAFEGUARDING_SOCIAL_WORKER],
        full_name="Sam Safeguard",
        email="sam@fc.example",
    )
    teacher = create_user(
        agency=school,
        roles=[Role.PARTNER_CONTRIBUTOR],
        full_name="Tess Teacher",
        email="tess@school.example",
    )
    head = create_user(
        agency=school,
        roles=[Role.TEAM_MANAGER],
        full_name="Hedda Head",
        email="hedda@school.example",
    )
    auditor = create_user(
        agency=front_door, roles=[Role.AUDITOR], full_name="Aud Itor", email="aud@fc.example"
    )
    first = _contact(advisor, "Kayleigh", "Seen with an older man who buys her things.")
    second = _contact(advisor, "Maisie", "Older man gives her lifts after school.")

    # The social worker refers the first contact to the school, a partner agency.
    sign_in(page, accessible, social_worker.email, TEST_PASSWORD)
    accessible()
    page.goto(f"/front-door/contacts/{first.pk}/triage/")
    accessible()
    page.get_by_label("Referral to another agency or service").check()
    page.get_by_label("Referred to a partner agency").select_option(label="Eastfield Academy")
    page.get_by_label("Reason for the decision").fill("School to put a safety plan in place")
    page.get_by_role("button", name="Record the decision").click()
    expect(page.locator("#triage-summary")).to_contain_text("Eastfield Academy")
    accessible()
    _sign_out(page)

    # The school's contributor finds the action and confirms it, with evidence.
    sign_in(page, accessible, teacher.email, TEST_PASSWORD)
    accessible()
    expect(page.locator("main")).to_contain_text("1 open action for your agency")
    page.get_by_role("link", name="Actions", exact=True).click()
    accessible()
    page.locator("#actions").get_by_role("link").first.click()
    accessible()
    page.get_by_role("button", name="Confirm the action is done").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Say what was done")
    accessible()
    page.get_by_label("What was done, and where it is recorded").fill(
        "DSL met her and mum; plan on the school's safeguarding system"
    )
    page.get_by_role("button", name="Confirm the action is done").click()
    expect(page.locator("#action-summary")).to_contain_text("Confirmed by Tess Teacher")
    accessible()
    _sign_out(page)

    # An action that is late is escalated to the school's manager.
    frontdoor_services.contact_triage(
        actor=social_worker,
        contact=second,
        outcome="refer_on",
        reason="School to check lifts",
        referred_to_agency=school,
    )
    PartnerAction.objects.filter(contact=second).update(due_on=date.today() - timedelta(days=2))
    actions_chase()
    sign_in(page, accessible, head.email, TEST_PASSWORD)
    accessible()
    page.goto("/notifications/")
    expect(page.locator("main")).to_contain_text("Overdue: an action given to your agency")
    accessible()
    page.goto("/actions/")
    expect(page.locator("#actions")).to_contain_text("Overdue")
    accessible()
    _sign_out(page)

    # The auditor draws the sample twice with the same seed: the same referrals.
    sign_in(page, accessible, auditor.email, TEST_PASSWORD)
    accessible()
    page.get_by_role("link", name="Referral audit").click()
    accessible()
    today = date.today()

    def draw() -> str:
        page.get_by_label("Referrals received from").fill(
            (today - timedelta(days=1)).strftime("%d/%m/%Y")
        )
        page.get_by_label("Referrals received up to").fill(today.strftime("%d/%m/%Y"))
        page.get_by_label("Fraction of referrals to sample").fill("0.5")
        page.get_by_label("Seed").fill("2017")
        page.get_by_role("button", name="Draw the sample").click()
        expect(page.locator("#sample-heading")).to_contain_text("1 of 2 CSE referrals")
        accessible()
        return page.locator("#worksheet").inner_text()

    assert draw() == draw()
