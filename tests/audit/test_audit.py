"""The audit trail is append-only, written in the same transaction as the change, and searchable
and exportable by auditors only."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from safehub.accounts import services as account_services
from safehub.accounts.models import Role, User
from safehub.audit.models import AuditAction, AuditEvent, AuditImmutableError
from safehub.audit.services import audit_record
from tests.factories import create_user


@pytest.fixture
def event(admin_user: User) -> AuditEvent:
    return audit_record(
        actor=admin_user, action=AuditAction.VIEW, object_type="user", object_id=admin_user.pk
    )


class TestAppendOnly:
    def test_save_existing_event_raises(self, event: AuditEvent) -> None:
        event.reason = "rewritten"
        with pytest.raises(AuditImmutableError):
            event.save()

    def test_delete_instance_raises(self, event: AuditEvent) -> None:
        with pytest.raises(AuditImmutableError):
            event.delete()

    def test_queryset_update_raises(self, event: AuditEvent) -> None:
        with pytest.raises(AuditImmutableError):
            AuditEvent.objects.filter(pk=event.pk).update(reason="x")

    def test_queryset_delete_raises(self, event: AuditEvent) -> None:
        with pytest.raises(AuditImmutableError):
            AuditEvent.objects.all().delete()

    def test_bulk_update_raises(self, event: AuditEvent) -> None:
        event.reason = "x"
        with pytest.raises(AuditImmutableError):
            AuditEvent.objects.bulk_update([event], ["reason"])

    def test_raw_sql_update_rejected_by_database(self, event: AuditEvent) -> None:
        with (
            pytest.raises((DatabaseError, IntegrityError)),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(
                "UPDATE audit_auditevent SET reason = %s WHERE id = %s", ["forged", event.pk]
            )
        assert AuditEvent.objects.get(pk=event.pk).reason == ""

    @pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row DELETE trigger exists on PostgreSQL"
    )
    def test_raw_sql_delete_rejected_by_postgresql(self, event: AuditEvent) -> None:
        with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [event.pk])
        assert AuditEvent.objects.filter(pk=event.pk).exists()

    def test_admin_offers_no_change_or_delete(self, admin_user: User, event: AuditEvent) -> None:
        client = Client()
        client.force_login(admin_user)
        url = reverse("admin:audit_auditevent_change", args=[event.pk])
        response = client.post(url, {"reason": "tampered"})
        assert response.status_code in {302, 403}
        delete = client.post(reverse("admin:audit_auditevent_delete", args=[event.pk]))
        assert delete.status_code == 403
        assert AuditEvent.objects.get(pk=event.pk).reason == ""


class TestWrittenWithTheChange:
    def test_service_writes_event_with_request_context(self, admin_user: User) -> None:
        from safehub.common import request_context

        token = request_context.set_context(request_context.RequestContext("req-123", "10.0.0.9"))
        try:
            account_services.agency_create(
                actor=admin_user, name="Harbour Counselling", agency_type="voluntary"
            )
        finally:
            request_context.reset_context(token)
        event = AuditEvent.objects.get(action=AuditAction.AGENCY_CREATED)
        assert event.actor == admin_user
        assert event.agency_id == admin_user.agency_id
        assert event.actor_email == admin_user.email
        assert event.request_id == "req-123"
        assert event.ip_address == "10.0.0.9"
        assert event.details["name"] == "Harbour Counselling"
        assert event.occurred_at is not None

    def test_rolled_back_change_leaves_no_event(self, admin_user: User) -> None:
        class Boom(Exception):
            pass

        with pytest.raises(Boom), transaction.atomic():
            account_services.agency_create(
                actor=admin_user, name="Rolled Back Agency", agency_type="voluntary"
            )
            raise Boom
        assert not AuditEvent.objects.filter(action=AuditAction.AGENCY_CREATED).exists()

    def test_unknown_action_rejected(self, admin_user: User) -> None:
        with pytest.raises(ValueError):
            audit_record(actor=admin_user, action="made_up_action")

    def test_web_request_records_ip_and_request_id(self, admin_user: User) -> None:
        client = Client(REMOTE_ADDR="192.0.2.10")
        client.force_login(admin_user)
        response = client.get(reverse("accounts:user_list"), HTTP_X_REQUEST_ID="abc123")
        assert response.status_code == 200
        assert response["X-Request-ID"] == "abc123"
        event = AuditEvent.objects.get(action=AuditAction.SEARCH, object_type="user")
        assert event.ip_address == "192.0.2.10"
        assert event.request_id == "abc123"


class TestAuditorPages:
    @pytest.fixture
    def auditor_client(self, auditor: User) -> Client:
        client = Client()
        client.force_login(auditor)
        return client

    def test_search_by_user_and_action(self, auditor_client: Client, admin_user: User) -> None:
        other = create_user(email="someone.else@agency.example")
        audit_record(actor=admin_user, action=AuditAction.VIEW, object_type="user", object_id=7)
        audit_record(actor=other, action=AuditAction.EXPORT, object_type="user", object_id=8)
        response = auditor_client.get(reverse("audit:search"), {"user": "admin@", "action": "view"})
        assert response.status_code == 200
        page = response.context["page"]
        assert [e.actor_email for e in page] == ["admin@agency.example"]

    def test_search_by_object_and_dates(self, auditor_client: Client, admin_user: User) -> None:
        audit_record(actor=admin_user, action=AuditAction.VIEW, object_type="user", object_id=42)
        response = auditor_client.get(
            reverse("audit:search"),
            {"object_type": "user", "object_id": "42", "date_from": "2000-01-01"},
        )
        assert [e.object_id for e in response.context["page"]] == ["42"]
        response = auditor_client.get(
            reverse("audit:search"), {"object_id": "42", "date_to": "2000-01-01"}
        )
        assert list(response.context["page"]) == []

    def test_search_by_agency(
        self, auditor_client: Client, admin_user: User, other_agency: Any
    ) -> None:
        police = create_user(agency=other_agency)
        audit_record(actor=police, action=AuditAction.VIEW, object_type="user", object_id=1)
        audit_record(actor=admin_user, action=AuditAction.VIEW, object_type="user", object_id=2)
        response = auditor_client.get(reverse("audit:search"), {"agency": other_agency.pk})
        assert {e.object_id for e in response.context["page"]} == {"1"}

    def test_bad_dates_show_error_summary(self, auditor_client: Client) -> None:
        response = auditor_client.get(
            reverse("audit:search"), {"date_from": "2026-02-01", "date_to": "2026-01-01"}
        )
        assert response.status_code == 400
        assert b"govuk-error-summary" in response.content
        assert b"must be the same as or after" in response.content

    def test_search_is_itself_audited(self, auditor_client: Client, auditor: User) -> None:
        auditor_client.get(reverse("audit:search"), {"action": "login"})
        event = AuditEvent.objects.filter(actor=auditor, action=AuditAction.SEARCH).get()
        assert event.details == {"action": "login"}

    def test_export_csv(self, auditor_client: Client, admin_user: User, auditor: User) -> None:
        audit_record(
            actor=admin_user,
            action=AuditAction.VIEW,
            object_type="user",
            object_id=5,
            reason="checking, with a comma",
        )
        response = auditor_client.get(reverse("audit:export"), {"user": "admin@"})
        assert response.status_code == 200
        assert response["Content-Type"].startswith("text/csv")
        body = b"".join(response.streaming_content).decode()  # type: ignore[attr-defined]
        rows = list(csv.reader(io.StringIO(body)))
        assert rows[0][:4] == ["occurred_at", "actor_email", "agency", "action"]
        assert rows[1][1] == "admin@agency.example"
        assert rows[1][6] == "checking, with a comma"
        assert len(rows) == 2
        export = AuditEvent.objects.get(actor=auditor, action=AuditAction.EXPORT)
        assert export.details["rows"] == 1

    @pytest.mark.parametrize("role", [r for r in Role if r != Role.AUDITOR])
    def test_non_auditors_refused(self, role: Role, make_user: Any) -> None:
        client = Client()
        client.force_login(make_user(role))
        assert client.get(reverse("audit:search")).status_code == 403
        assert client.get(reverse("audit:export")).status_code == 403
