"""PreparedQuery: ORM SQL compiled once, run with new parameters, same answers as the ORM."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from safehub.accounts.models import Agency
from safehub.audit.models import AuditEvent
from safehub.audit.services import audit_record
from safehub.common.prepared import PreparedQuery
from tests.factories import create_agency

pytestmark = pytest.mark.django_db


def _agencies_named() -> PreparedQuery:
    return PreparedQuery(
        lambda name, kind: (
            Agency.objects.filter(name=name, agency_type=kind).order_by().values_list("pk")
        ),
        name="example-name-93f1",
        kind="example-kind-93f1",
    )


def test_it_answers_as_the_orm_does_for_each_set_of_values() -> None:
    police = create_agency(name="Midshire Police", agency_type="police")
    school = create_agency(name="Eastfield Academy", agency_type="school")
    query = _agencies_named()
    assert query.first_value(name="Midshire Police", kind="police") == police.pk
    assert query.first_value(name="Eastfield Academy", kind="school") == school.pk
    assert query.first_value(name="Eastfield Academy", kind="police") is None
    assert query.rows(name="Nowhere", kind="school") == []


def test_it_compiles_once_and_then_sends_only_the_query() -> None:
    create_agency(name="Midshire Police", agency_type="police")
    query = _agencies_named()
    query.first_value(name="x", kind="y")
    with CaptureQueriesContext(connection) as captured:
        for _ in range(3):
            query.first_value(name="Midshire Police", kind="police")
    assert len(captured.captured_queries) == 3
    assert len({q["sql"] for q in captured.captured_queries}) == 1
    assert len(query._compiled) == 1


def test_datetimes_are_passed_as_the_orm_passes_them(admin_user: Any) -> None:
    audit_record(actor=admin_user, action="view", object_type="thing", object_id=1)
    event = AuditEvent.objects.get(object_type="thing")
    query = PreparedQuery(
        lambda since, kind: (
            AuditEvent.objects.filter(occurred_at__gte=since, object_type=kind)
            .order_by()
            .values_list("pk")
        ),
        since=dt.datetime(1901, 2, 3, 4, 5, 6, tzinfo=dt.UTC),
        kind="example-kind-5d2e",
    )
    before = event.occurred_at - dt.timedelta(seconds=1)
    after = event.occurred_at + dt.timedelta(seconds=1)
    assert query.first_value(since=before, kind="thing") == event.pk
    assert query.first_value(since=after, kind="thing") is None
    # The same instant in another time zone is the same instant.
    local = timezone.localtime(before, dt.timezone(dt.timedelta(hours=5)))
    assert query.first_value(since=local, kind="thing") == event.pk


def test_an_example_value_that_is_not_distinctive_is_refused() -> None:
    query = PreparedQuery(
        lambda a, b: Agency.objects.filter(name=a, agency_type=b).values_list("pk"),
        a="same",
        b="same",
    )
    with pytest.raises(ValueError, match="distinctive"):
        query.rows(a="x", b="y")


def test_every_parameter_must_be_given() -> None:
    with pytest.raises(TypeError, match="exactly these parameters"):
        _agencies_named().rows(name="Midshire Police")
