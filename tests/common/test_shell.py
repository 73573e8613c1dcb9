"""The GOV.UK shell: header, navigation by permission, phase banner, footer pages, home page per
role, error pages and safe headers."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils.html import escape

from safehub.accounts.models import Role


def test_sign_in_page_is_gov_uk_styled(db: Any) -> None:
    response = Client().get("/accounts/sign-in/")
    content = response.content.decode()
    assert 'class="govuk-template' in content
    assert "govuk-phase-banner" in content
    assert "govuk-generic-header" in content
    assert reverse("common:accessibility") in content
    assert reverse("common:privacy") in content


@pytest.mark.parametrize("url", ["/accessibility/", "/privacy/"])
def test_information_pages_public(db: Any, url: str) -> None:
    assert Client().get(url).status_code == 200


def test_home_requires_sign_in(db: Any) -> None:
    response = Client().get("/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/sign-in/?next=/"


@pytest.mark.parametrize(
    ("role", "visible", "hidden"),
    [
        (Role.ADMINISTRATOR, ["Users", "Agencies", "Break-glass reviews"], ["Audit trail"]),
        (Role.AUDITOR, ["Audit trail", "Break-glass reviews"], ["Users", "Agencies"]),
        (Role.CSE_PRACTITIONER, ["Home"], ["Users", "Audit trail", "Break-glass reviews"]),
    ],
)
def test_navigation_follows_permissions(
    role: Role, visible: list[str], hidden: list[str], make_user: Any
) -> None:
    client = Client()
    client.force_login(make_user(role))
    content = client.get("/").content.decode()
    nav = content.split('id="navigation"', 1)[1].split("</ul>", 1)[0]
    for text in visible:
        assert f">{text}<" in nav
    for text in hidden:
        assert f">{text}<" not in nav


def test_home_shows_agency_roles_and_capabilities(make_user: Any) -> None:
    user = make_user(Role.LICENSING_OFFICER, full_name="Lee Licensing")
    client = Client()
    client.force_login(user)
    content = client.get("/").content.decode()
    assert "Hello, Lee Licensing" in content
    assert escape(user.agency.name) in content
    assert "Licensing officer" in content
    assert "Search the register of refused, revoked and suspended driver licences" in content
    assert "Invite users" not in content


def test_404_page_is_gov_uk(make_user: Any) -> None:
    client = Client()
    client.force_login(make_user(Role.POLICE_OFFICER))
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    assert b"Page not found" in response.content
    assert b"govuk-template" in response.content


def test_403_page_is_gov_uk(make_user: Any) -> None:
    client = Client()
    client.force_login(make_user(Role.POLICE_OFFICER))
    response = client.get(reverse("accounts:user_list"))
    assert response.status_code == 403
    assert b"You do not have access to this page" in response.content


def test_500_page_is_gov_uk(db: Any) -> None:
    from django.test import RequestFactory

    from safehub.common.views import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    assert b"Sorry, there is a problem with the service" in response.content


def test_csrf_failure_page(make_user: Any) -> None:
    client = Client(enforce_csrf_checks=True)
    client.force_login(make_user(Role.POLICE_OFFICER))
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 403
    assert b"Your form could not be sent" in response.content


def test_security_headers(make_user: Any) -> None:
    client = Client()
    client.force_login(make_user(Role.POLICE_OFFICER))
    response = client.get("/")
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "script-src 'self';" in csp
    assert "unsafe-inline" not in csp
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cache-Control"] == "no-store"
    assert response["X-Request-ID"]


def test_no_inline_script_in_pages(make_user: Any) -> None:
    import re

    client = Client()
    client.force_login(make_user(Role.ADMINISTRATOR))
    for url in ["/", "/accounts/account/", "/accounts/users/", "/accounts/two-factor/set-up/"]:
        content = client.get(url).content.decode()
        for tag in re.findall(r"<script[^>]*>", content):
            assert "src=" in tag, f"inline script on {url}: {tag}"


def test_user_supplied_text_is_escaped(make_user: Any) -> None:
    user = make_user(Role.POLICE_OFFICER, full_name="<script>alert(1)</script>")
    client = Client()
    client.force_login(user)
    content = client.get("/").content.decode()
    assert "<script>alert(1)</script>" not in content
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content


@override_settings(SAFEHUB_TRUSTED_PROXY_COUNT=0)
def test_forwarded_for_ignored_without_trusted_proxy(make_user: Any) -> None:
    from safehub.audit.models import AuditEvent

    client = Client(REMOTE_ADDR="192.0.2.1")
    client.force_login(make_user(Role.ADMINISTRATOR))
    client.get(reverse("accounts:user_list"), HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert AuditEvent.objects.get(action="search").ip_address == "192.0.2.1"


def test_safehub_command_runs_management_commands(capsys: Any) -> None:
    from safehub.__main__ import main

    main(["check"])
    assert "System check identified no issues" in capsys.readouterr().out
