"""`safehub audit-sample` and its selector: a reproducible 10% sample of CSE referrals with,
for each, whether the follow-up happened, by whom and when (Recommendation 23)."""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from safehub.accounts.models import Agency, User
from safehub.actions import services
from safehub.actions.models import PartnerAction
from safehub.actions.selectors import audit_sample_draw, audit_sample_rows
from safehub.audit.models import AuditEvent
from safehub.frontdoor import services as frontdoor_services
from safehub.frontdoor.models import Contact

pytestmark = pytest.mark.django_db


@pytest.fixture
def referrals(
    cse_contact: Callable[..., Contact],
    record_contact: Callable[..., Contact],
    add_child: Callable[..., Any],
    refer_to: Callable[..., Any],
    school: Agency,
    teacher: User,
    social_worker: User,
) -> dict[str, Contact]:
    """Twenty CSE referrals with every kind of follow-up, and one non-CSE contact."""
    made = {
        "confirmed": cse_contact(),
        "waiting": cse_contact(),
        "advice": cse_contact(),
        "undecided": cse_contact(),
    }
    refer_to(made["confirmed"], school)
    refer_to(made["waiting"], school)
    services.action_complete(
        actor=teacher,
        action=PartnerAction.objects.get(contact=made["confirmed"]),
        evidence="Seen by the DSL on Monday",
    )
    frontdoor_services.contact_triage(
        actor=social_worker,
        contact=made["advice"],
        outcome="information_and_advice",
        reason="Advice to mum",
    )
    for n in range(16):
        made[f"other{n}"] = cse_contact()
    made["not_cse"] = record_contact(add_child("Nobody", "Else", reason="not cse"))
    return made


def _period() -> dict[str, Any]:
    today = timezone.localdate()
    return {"date_from": today - timedelta(days=1), "date_to": today + timedelta(days=1)}


def test_same_seed_same_sample_and_size_is_the_fraction(referrals: dict[str, Contact]) -> None:
    first = audit_sample_draw(**_period(), fraction=0.1, seed=2017)
    again = audit_sample_draw(**_period(), fraction=0.1, seed=2017)
    assert first.population == 20  # CSE referrals only
    assert first.size == math.ceil(0.1 * 20) == 2
    assert [line.contact_id for line in first.lines] == [line.contact_id for line in again.lines]
    draws = {
        tuple(
            sorted(
                line.contact_id
                for line in audit_sample_draw(**_period(), fraction=0.1, seed=s).lines
            )
        )
        for s in range(20)
    }
    assert len(draws) > 5  # the seed matters
    assert referrals["not_cse"].pk not in {
        line.contact_id for line in audit_sample_draw(**_period(), fraction=1, seed=1).lines
    }


def test_each_line_says_whether_follow_up_happened(
    referrals: dict[str, Contact], teacher: User
) -> None:
    sample = audit_sample_draw(**_period(), fraction=1, seed=1)
    lines = {line.reference: line for line in sample.lines}
    confirmed = lines[referrals["confirmed"].reference]
    assert confirmed.happened == "yes"
    assert teacher.full_name in confirmed.by and confirmed.when is not None
    assert confirmed.actions[0]["evidence"] == "Seen by the DSL on Monday"
    assert lines[referrals["waiting"].reference].happened == "pending"
    assert lines[referrals["advice"].reference].happened == "not required"
    assert lines[referrals["undecided"].reference].happened == "no"
    rows = audit_sample_rows(sample)
    assert rows[0][0] == "contact" and len(rows) == 21
    text = "".join(",".join(r) for r in rows)
    assert "Child1" not in text and "Okafor" not in text  # names no child


def test_overdue_referral_counts_as_not_followed_up(referrals: dict[str, Contact]) -> None:
    PartnerAction.objects.filter(contact=referrals["waiting"]).update(
        due_on=timezone.localdate() - timedelta(days=3)
    )
    sample = audit_sample_draw(**_period(), fraction=1, seed=1)
    line = next(x for x in sample.lines if x.reference == referrals["waiting"].reference)
    assert line.happened == "no"


def test_period_outside_the_referrals_is_empty(referrals: dict[str, Contact]) -> None:
    long_ago = timezone.localdate() - timedelta(days=400)
    sample = audit_sample_draw(
        date_from=long_ago, date_to=long_ago + timedelta(days=30), fraction=0.1, seed=1
    )
    assert sample.population == 0 and sample.lines == []


def test_command_writes_the_same_csv_every_time_and_is_audited(
    referrals: dict[str, Contact], tmp_path: Path
) -> None:
    period = _period()
    args = [
        "audit-sample",
        "--from",
        period["date_from"].isoformat(),
        "--to",
        period["date_to"].isoformat(),
        "--fraction",
        "0.10",
        "--seed",
        "42",
    ]
    call_command(*args, "--output", str(tmp_path / "a.csv"), stderr=io.StringIO())
    call_command(*args, "--output", str(tmp_path / "b.csv"), stderr=io.StringIO())
    a = (tmp_path / "a.csv").read_text()
    assert a == (tmp_path / "b.csv").read_text()
    rows = list(csv.reader(io.StringIO(a)))
    assert rows[0][:6] == [
        "contact",
        "received",
        "outcome",
        "referred_to",
        "follow_up_required",
        "follow_up_happened",
    ]
    assert len(rows) == 3
    events = AuditEvent.objects.filter(action="export", object_type="audit_sample")
    assert events.count() == 2
    assert all(event.details["seed"] == 42 for event in events)


@pytest.mark.parametrize(
    ("option", "value", "message"),
    [("--fraction", "0", "fraction"), ("--from", "31/03/2017", "not a date")],
)
def test_command_refuses_bad_arguments(option: str, value: str, message: str) -> None:
    args = {"--from": "2016-04-01", "--to": "2017-03-31", "--fraction": "0.1", "--seed": "1"}
    args[option] = value
    flat = [x for pair in args.items() for x in pair]
    with pytest.raises(CommandError, match=message):
        call_command("audit-sample", *flat, stdout=io.StringIO(), stderr=io.StringIO())


def test_cse_pathway_about_a_child_already_held_is_followed_by_that_case(
    cse_contact: Callable[..., Contact],
    record_contact: Callable[..., Contact],
    social_worker: User,
) -> None:
    from safehub.accounts.models import Role
    from safehub.pathway import services as pathway_services
    from safehub.pathway.models import CseCase
    from tests.factories import create_agency, create_user

    first = cse_contact()
    frontdoor_services.contact_triage(
        actor=social_worker, contact=first, outcome="cse_pathway", reason="CSE"
    )
    case = CseCase.objects.get()
    cate = create_agency(name="CATE", agency_type="cse_team")
    manager = create_user(agency=cate, roles=[Role.TEAM_MANAGER])
    practitioner = create_user(agency=cate, roles=[Role.CSE_PRACTITIONER], full_name="Pia Prac")
    pathway_services.case_allocate(actor=manager, case=case, practitioner=practitioner)
    child = first.people.get().person
    second = record_contact(
        child,
        account="More worries",
        contact_type="cse-concern",
        answers={
            "child_safe_now": "yes",
            "older_person": "yes",
            "gifts": "no",
            "vehicles": "no",
            "missing": "no",
            "online": "no",
            "disclosure": "no",
        },
    )
    frontdoor_services.contact_triage(
        actor=social_worker, contact=second, outcome="cse_pathway", reason="More CSE"
    )
    assert CseCase.objects.count() == 1  # the child's case continues
    lines = {
        line.reference: line for line in audit_sample_draw(**_period(), fraction=1, seed=1).lines
    }
    assert lines[second.reference].happened == "yes"
    assert lines[second.reference].by == "Pia Prac"
