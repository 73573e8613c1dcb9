"""The JSON API: token authentication, /me, problem-details errors, OpenAPI and docs."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from safehub.accounts import services
from safehub.accounts.models import ApiToken, Role, User
from safehub.audit.models import AuditAction, AuditEvent

PROBLEM = "application/problem+json"


@pytest.fixture
def practitioner(make_user: Any) -> User:
    return make_user(Role.CSE_PRACTITIONER, full_name="Pat Practitioner")


@pytest.fixture
def token(practitioner: User) -> str:
    _, secret = services.api_token_create(actor=practitioner, name="script")
    return secret


def api_get(path: str, token: str | None = None) -> Any:
    headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {token}"} if token else {}
    return Client().get(f"/api/v1{path}", **headers)


def test_me_with_token(practitioner: User, token: str) -> None:
    response = api_get("/me", token)
    assert response.status_code == 200
    body = response.json()
    assert body["email"] == practitioner.email
    assert body["roles"] == ["cse_practitioner"]
    assert body["agency"]["name"] == practitioner.agency.name
    assert "pathway.hold_caseload" in body["permissions"]
    assert "accounts.manage_users" not in body["permissions"]
    assert AuditEvent.objects.filter(
        actor=practitioner, action=AuditAction.VIEW, object_type="user"
    ).exists()


def test_token_stored_hashed_with_prefix(practitioner: User, token: str) -> None:
    stored = ApiToken.objects.get(user=practitioner)
    assert token not in stored.token_hash
    assert token.startswith(stored.prefix)
    assert stored.token_hash != token


@pytest.mark.parametrize(
    "header",
    [None, "Bearer shb_not-a-real-token", "Bearer ", "Token something", "Basic dXNlcjpwYXNz"],
)
def test_missing_or_bad_token_is_401_problem(db: Any, header: str | None) -> None:
    extra: dict[str, Any] = {"HTTP_AUTHORIZATION": header} if header is not None else {}
    response = Client().get("/api/v1/me", **extra)
    assert response.status_code == 401
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["status"] == 401
    assert body["title"] == "Unauthorised"
    assert "Bearer" in response["WWW-Authenticate"]


def test_revoked_token_is_401(practitioner: User, token: str) -> None:
    stored = ApiToken.objects.get(user=practitioner)
    services.api_token_revoke(actor=practitioner, token=stored)
    assert api_get("/me", token).status_code == 401


def test_deactivated_users_token_is_401(practitioner: User, token: str, admin_user: User) -> None:
    services.user_deactivate(actor=admin_user, user=practitioner, reason="left")
    assert api_get("/me", token).status_code == 401


def test_session_cookie_alone_does_not_authenticate(practitioner: User) -> None:
    client = Client()
    client.force_login(practitioner)
    assert client.get("/api/v1/me").status_code == 401


def test_validation_errors_have_field_paths(admin_user: User) -> None:
    _, secret = services.api_token_create(actor=admin_user, name="admin script")
    response = Client().post(
        "/api/v1/agencies",
        data={"name": "", "agency_type": "spaceship"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code == 422
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    fields = {e["field"] for e in body["errors"]}
    assert fields == {"/name", "/agency_type"}
    assert all(e["location"] == "body" for e in body["errors"])


def test_service_validation_error_is_problem(admin_user: User) -> None:
    _, secret = services.api_token_create(actor=admin_user, name="admin script")
    headers: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    data = {"name": "Harbour Counselling", "agency_type": "voluntary"}
    first = Client().post("/api/v1/agencies", data=data, content_type="application/json", **headers)
    assert first.status_code == 201
    second = Client().post(
        "/api/v1/agencies", data=data, content_type="application/json", **headers
    )
    assert second.status_code == 422
    assert second.json()["errors"][0]["field"] == "/name"


def test_forbidden_write_is_403_problem(token: str) -> None:
    response = Client().post(
        "/api/v1/agencies",
        data={"name": "X", "agency_type": "voluntary"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {token}",
    )
    assert response.status_code == 403
    assert response["Content-Type"] == PROBLEM


def test_malformed_json_is_problem(admin_user: User) -> None:
    _, secret = services.api_token_create(actor=admin_user, name="admin script")
    response = Client().post(
        "/api/v1/agencies",
        data="{not json",
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {secret}",
    )
    assert response.status_code in {400, 422}
    assert response["Content-Type"] == PROBLEM


def test_unknown_endpoint_404(token: str) -> None:
    response = api_get("/nothing-here", token)
    assert response.status_code == 404


def test_openapi_document_and_docs_page(db: Any) -> None:
    schema = Client().get("/api/v1/openapi.json")
    assert schema.status_code == 200
    body = schema.json()
    assert "/api/v1/me" in body["paths"]
    assert body["components"]["securitySchemes"] == {
        "TokenAuth": {"type": "http", "scheme": "bearer"}
    }
    docs = Client().get("/api/v1/docs")
    assert docs.status_code == 200
    assert b"swagger" in docs.content.lower()


def test_notifications_listed_for_owner_only(
    practitioner: User, token: str, make_user: Any
) -> None:
    from safehub.notifications.services import notification_send

    other = make_user(Role.CSE_PRACTITIONER)
    notification_send(recipient=practitioner, title="Mine", email=False)
    notification_send(recipient=other, title="Not mine", email=False)
    response = api_get("/notifications", token)
    assert response.status_code == 200
    assert [n["title"] for n in response.json()["items"]] == ["Mine"]


class TestTokenPages:
    def test_create_shows_secret_once_and_revoke(self, practitioner: User) -> None:
        client = Client()
        client.force_login(practitioner)
        response = client.post(reverse("accounts:account"), {"name": "nightly import"})
        assert response.status_code == 200
        secret = response.context["new_secret"]
        assert secret.startswith("shb_")
        assert secret.encode() in response.content
        again = client.get(reverse("accounts:account"))
        assert secret.encode() not in again.content
        assert api_get("/me", secret).status_code == 200
        stored = ApiToken.objects.get(user=practitioner)
        client.post(reverse("accounts:token_revoke", args=[stored.pk]))
        assert api_get("/me", secret).status_code == 401
        assert AuditEvent.objects.filter(action=AuditAction.TOKEN_REVOKED).exists()

    def test_empty_name_is_an_error(self, practitioner: User) -> None:
        client = Client()
        client.force_login(practitioner)
        response = client.post(reverse("accounts:account"), {"name": ""})
        assert response.status_code == 400
        assert b"Enter a name for the token" in response.content
        assert not ApiToken.objects.exists()

    def test_cannot_revoke_someone_elses_token(
        self, practitioner: User, token: str, make_user: Any
    ) -> None:
        stored = ApiToken.objects.get(user=practitioner)
        client = Client()
        client.force_login(make_user(Role.CSE_PRACTITIONER))
        response = client.post(reverse("accounts:token_revoke", args=[stored.pk]))
        assert response.status_code == 404
        assert api_get("/me", token).status_code == 200
