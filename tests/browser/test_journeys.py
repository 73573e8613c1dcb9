"""User journeys in a real browser, each page checked with axe-core."""

from __future__ import annotations

import base64
import re
from typing import Any

import pytest
from django.conf import settings
from django.core import mail
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from safehub.accounts.models import Role, User
from tests.factories import TEST_PASSWORD, create_agency, create_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def agency() -> Any:
    return create_agency(name="Severnside CATE Team", agency_type="cse_team")


@pytest.fixture
def worker(agency: Any) -> User:
    return create_user(
        agency=agency,
        roles=[Role.CSE_PRACTITIONER],
        email="wren.worker@cate.example",
        full_name="Wren Worker",
    )


def sign_in(page: Page, accessible: Any, email: str, password: str) -> None:
    page.goto("/accounts/sign-in/")
    accessible()
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state("load")


def test_sign_in_home_and_sign_out(page: Page, accessible: Any, worker: User) -> None:
    sign_in(page, accessible, worker.email, TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Wren Worker")
    expect(page.locator("#capabilities")).to_contain_text("Hold a caseload")
    accessible()
    page.get_by_role("link", name="Your account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account")
    accessible()
    page.get_by_role("link", name="Notifications").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Notifications")
    accessible()
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in to safehub")
    expect(page.locator(".govuk-notification-banner")).to_contain_text("You have signed out")
    accessible()
    page.goto("/")
    expect(page).to_have_url(re.compile(r"/accounts/sign-in/\?next=/$"))
    accessible()


def test_wrong_password_shows_error_summary(page: Page, accessible: Any, worker: User) -> None:
    sign_in(page, accessible, worker.email, "not-the-password")
    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Enter a correct e-mail address and password")
    expect(page).to_have_title(re.compile(r"^Error: "))
    accessible()


def test_lockout_after_repeated_failures(page: Page, accessible: Any, worker: User) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(page, accessible, worker.email, "not-the-password")
    sign_in(page, accessible, worker.email, TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Your account is locked")
    accessible()


def _code_from_secret(secret_text: str) -> str:
    secret = secret_text.replace(" ", "")
    key = base64.b32decode(secret + "=" * (-len(secret) % 8))
    return f"{totp(key):06d}"


def test_two_factor_enrolment_then_sign_in(page: Page, accessible: Any, worker: User) -> None:
    sign_in(page, accessible, worker.email, TEST_PASSWORD)
    accessible()
    page.goto("/accounts/account/")
    accessible()
    page.get_by_role("link", name="Set up two-factor authentication").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor authentication")
    accessible()
    page.get_by_text("I cannot scan the QR code").click()
    secret = page.locator("#totp-secret").inner_text()
    page.get_by_label("Code from your authenticator app").fill(_code_from_secret(secret))
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Two-factor authentication is set up"
    )
    accessible()
    page.get_by_role("button", name="Sign out").click()
    accessible()

    # Password, then the code.
    from django_otp.plugins.otp_totp.models import TOTPDevice

    TOTPDevice.objects.filter(user=worker).update(last_t=-1)
    sign_in(page, accessible, worker.email, TEST_PASSWORD)
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your security code")
    accessible()
    page.get_by_label("Code from your authenticator app").fill("000000")
    page.get_by_role("button", name="Continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("The code is not right")
    accessible()
    # django-otp throttles after a failure (1 second after the first); a person would wait too.
    page.wait_for_timeout(1_200)
    page.get_by_label("Code from your authenticator app").fill(_code_from_secret(secret))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hello, Wren Worker")
    accessible()


def test_administrator_invites_user_who_sets_password(
    page: Page, accessible: Any, agency: Any, browser: Any, live_server: Any
) -> None:
    admin = create_user(
        agency=agency, roles=[Role.ADMINISTRATOR], email="ada@cate.example", full_name="Ada Admin"
    )
    sign_in(page, accessible, admin.email, TEST_PASSWORD)
    accessible()
    page.get_by_role("link", name="Users").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Users")
    accessible()
    page.get_by_role("link", name="Invite a user").click()
    accessible()
    # Submit empty first: the error summary lists every problem.
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select at least one role")
    accessible()
    page.get_by_label("Full name").fill("Nia Newstarter")
    page.get_by_label("E-mail address").fill("nia.newstarter@cate.example")
    page.get_by_label("Agency").select_option(label="Severnside CATE Team")
    page.get_by_label("CSE practitioner").check()
    page.get_by_role("button", name="Send invitation").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text(
        "Invitation sent to nia.newstarter@cate.example"
    )
    accessible()

    assert len(mail.outbox) == 1
    link = re.search(r"/accounts/invitation/[^\s/]+/", str(mail.outbox[0].body))
    assert link is not None
    context = browser.new_context(base_url=live_server.url)
    newcomer = context.new_page()
    newcomer.goto(link.group(0))
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("Set your password")
    Axe_check_other_page(newcomer)
    newcomer.get_by_label("New password", exact=True).fill("orchard-heron-lantern-55")
    newcomer.get_by_label("Confirm new password").fill("orchard-heron-lantern-55")
    newcomer.get_by_role("button", name="Save password").click()
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("Hello, Nia Newstarter")
    Axe_check_other_page(newcomer)
    context.close()


def Axe_check_other_page(other: Page) -> None:
    from tests.browser.conftest import AccessibilityChecker

    AccessibilityChecker().check(other)


def test_pages_by_role_are_accessible(page: Page, accessible: Any, agency: Any) -> None:
    auditor = create_user(agency=agency, roles=[Role.AUDITOR, Role.ADMINISTRATOR])
    sign_in(page, accessible, auditor.email, TEST_PASSWORD)
    for path in [
        "/",
        "/audit/",
        "/audit/?date_from=2026-02-01&date_to=2026-01-01",
        "/audit/break-glass/",
        "/accounts/users/",
        f"/accounts/users/{auditor.pk}/",
        "/accounts/agencies/",
        "/accounts/account/password/",
        "/notifications/",
        "/accounts/password-reset/",
        "/accessibility/",
        "/privacy/",
        "/no-such-page/",
    ]:
        page.goto(path)
        accessible()
    page.goto("/audit/?date_from=2026-02-01&date_to=2026-01-01")
    expect(page.locator(".govuk-error-summary")).to_contain_text("must be the same as or after")
    accessible()
