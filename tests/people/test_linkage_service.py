"""Glue between the person index and the linkage engine."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.core.management import CommandError, call_command

from safehub.accounts.models import User
from safehub.people.linkage_service import live_labels, records_frame
from safehub.people.models import LinkCandidate, Person, Relationship
from safehub.people.services import RecordInput, person_add_record


def test_records_frame_and_live_labels(advisor: User, add_person: Callable[..., Person]) -> None:
    a = add_person(given_name="Maya", family_name="Holt", date_of_birth="2010-06-01")
    person_add_record(
        actor=advisor, person=a, data=RecordInput(given_name="Maia", family_name="Holt")
    )
    b = add_person(given_name="Mia", family_name="Holt", date_of_birth="2012-01-09")
    c = add_person(given_name="Max", family_name="Holt", date_of_birth="2014-03-03")
    LinkCandidate.objects.create(person_a=a, person_b=b, match_probability=0.6, decision="rejected")
    Relationship.objects.create(
        from_person=a, to_person=c, kind="sibling_of", source_agency=advisor.agency
    )
    frame = records_frame()
    assert len(frame) == 4
    assert set(frame.columns) >= {"record_id", "given_name", "date_of_birth", "nhs_number"}
    labels = live_labels(frame)
    assert labels["is_match"].sum() == 1  # the two records of a
    assert (~labels["is_match"]).sum() == 2  # rejected pair and siblings


def test_link_run_without_model_is_a_clear_error(db: object) -> None:
    with pytest.raises(CommandError, match="link train"):
        call_command("link", "run")


def test_link_train_needs_records(db: object) -> None:
    with pytest.raises(CommandError, match="At least 10"):
        call_command("link", "train")
