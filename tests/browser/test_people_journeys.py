"""The person index in a browser: search, add with candidates, merge and unmerge."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page, expect

from safehub.accounts.models import Role
from safehub.people.models import Person
from safehub.people.services import RecordInput, person_create
from tests.browser.test_journeys import sign_in
from tests.factories import TEST_PASSWORD, create_agency, create_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def advisor() -> Any:
    agency = create_agency(name="Severnside Family Connect", agency_type="front_door")
    return create_user(
        agency=agency,
        roles=[Role.FRONT_DOOR_ADVISOR],
        email="fran@fc.example",
        full_name="Fran Frontdoor",
    )


def test_search_add_with_candidates_merge_unmerge(
    page: Page, accessible: Any, advisor: Any
) -> None:
    existing = person_create(
        actor=advisor,
        data=RecordInput(given_name="Rebecca", family_name="Ashdown", date_of_birth="2009-04-12"),
    )
    sign_in(page, accessible, advisor.email, TEST_PASSWORD)
    accessible()
    page.get_by_role("link", name="People").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Find a person")
    accessible()
    page.get_by_label("Given name or nickname").fill("Becky")
    page.get_by_label("Family name").fill("Ashdown")
    page.get_by_role("button", name="Search").click()
    expect(page.locator(f"#candidate-{existing.pk}")).to_contain_text("nickname")
    accessible()

    page.goto("/people/new/")
    accessible()
    page.get_by_label("Given name", exact=True).fill("Becky")
    page.get_by_label("Family name").fill("Ashdown")
    page.get_by_label("Date of birth (optional)").fill("12/04/2009")
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Is this one of these people?")).to_be_visible()
    accessible()
    # Add as new without a reason: the error summary asks for one.
    page.get_by_role("button", name="Add as a new person").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("say why")
    accessible()
    page.get_by_label("Why are you adding a new person").fill("Checked: a different girl")
    page.get_by_role("button", name="Add as a new person").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is added")
    accessible()
    new = Person.objects.exclude(pk=existing.pk).get()

    page.get_by_label("Reference of the other person").fill(existing.reference)
    page.get_by_role("button", name="Compare and merge").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Merge two people")
    accessible()
    page.get_by_label("Reason").fill("Same girl after all: school confirmed")
    page.get_by_role("button", name=f"Merge {existing.reference} into {new.reference}").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is merged into")
    accessible()
    page.get_by_role("link", name="Undo this merge").click()
    accessible()
    page.get_by_label("Reason").fill("Wrong: school record was for her cousin")
    page.get_by_role("button", name="Undo the merge").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("is separated from")
    accessible()
    existing.refresh_from_db()
    assert existing.merged_into is None
