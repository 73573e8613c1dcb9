"""The front door's services: drafts, submission, screening, level decisions, triage, alerts."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from safehub.accounts.models import User
from safehub.audit.models import AuditEvent
from safehub.frontdoor import services
from safehub.frontdoor.models import (
    Alert,
    AlertKind,
    Contact,
    ContactKind,
    ContactStatus,
    ContactType,
    IndicatorSource,
    ProposalStatus,
    TriageOutcome,
)
from safehub.people.models import Person

pytestmark = pytest.mark.django_db


def test_shipped_contact_types_and_instruments_are_loaded() -> None:
    codes = set(ContactType.objects.values_list("code", flat=True))
    assert {
        "cse-concern",
        "missing-child",
        "child-missing-education",
        "domestic-abuse",
        "neglect",
        "information-on-case",
        "out-of-area-placement",
        "other",
    } <= codes
    assert services.active_instrument().code == "west-midlands"


def test_draft_keeps_invalid_input_and_cannot_be_submitted(advisor: User) -> None:
    contact = services.contact_start(actor=advisor)
    services.contact_save_draft(
        actor=advisor, contact=contact, section="how", raw={"received_date": "31/02/2026"}
    )
    contact.refresh_from_db()
    assert contact.draft["how"] == {"received_date": "31/02/2026"}
    problems = services.contact_problems(contact)
    assert "how" in problems and "people" in problems and "account" in problems
    with pytest.raises(ValidationError):
        services.contact_submit(actor=advisor, contact=contact)
    contact.refresh_from_db()
    assert contact.status == ContactStatus.DRAFT
    assert contact.draft["how"] == {"received_date": "31/02/2026"}


def test_start_is_idempotent(advisor: User) -> None:
    first = services.contact_start(actor=advisor, idempotency_key="k1")
    again = services.contact_start(actor=advisor, idempotency_key="k1")
    assert first.pk == again.pk
    assert Contact.objects.count() == 1


def test_only_the_recorder_edits_a_draft(advisor: User, social_worker: User, officer: User) -> None:
    contact = services.contact_start(actor=advisor)
    with pytest.raises(PermissionDenied):
        services.contact_save_draft(actor=social_worker, contact=contact, section="how", raw={})
    with pytest.raises(PermissionDenied):
        services.contact_start(actor=officer)


def test_record_contact_screens_text_and_counts_only_confirmed(
    advisor: User, add_child: Callable[..., Person], record_contact: Callable[..., Contact]
) -> None:
    child = add_child()
    contact = record_contact(
        child,
        account=(
            "School report that she has been picked up from school by an older man in a silver "
            "car. She has a new phone and expensive trainers nobody can explain."
        ),
    )
    proposals = {p.code: p for p in contact.indicators.all()}
    assert {"VEHICLES", "GIFTS_MONEY"} <= set(proposals)
    assert all(p.status == ProposalStatus.PROPOSED for p in proposals.values())
    for proposal in proposals.values():
        assert contact.account[proposal.start : proposal.end] == proposal.phrase
    screening = services.latest_screening(contact)
    assert screening is not None
    assert screening.answers == {}  # unconfirmed proposals never change the score
    assert screening.threshold_level == 1
    decided = services.indicator_decide(actor=advisor, proposal=proposals["VEHICLES"], confirm=True)
    assert decided.status == ProposalStatus.CONFIRMED
    screening = services.latest_screening(contact)
    assert screening is not None and screening.answers == {"VEHICLES": "current"}
    assert screening.threshold_level == 4 and screening.rag == "red"


def test_negated_and_other_people_are_not_proposed(
    add_child: Callable[..., Person], record_contact: Callable[..., Contact]
) -> None:
    contact = record_contact(
        add_child(),
        account="She denies going missing. Her friend has been going missing with older boys.",
    )
    assert not contact.indicators.filter(code="MISSING").exists()


def test_protocol_yes_answers_select_indicators(
    advisor: User, add_child: Callable[..., Person], record_contact: Callable[..., Contact]
) -> None:
    answers = {
        "child_safe_now": "yes",
        "older_person": "yes",
        "gifts": "no",
        "vehicles": "not_known",
        "missing": "no",
        "online": "no",
        "disclosure": "no",
    }
    contact = record_contact(
        add_child(), contact_type="cse-concern", answers=answers, account="Worried about her."
    )
    indicator = contact.indicators.get(code="OLDER_PARTNER")
    assert indicator.source == IndicatorSource.PROTOCOL
    assert indicator.status == ProposalStatus.CONFIRMED
    assert not contact.indicators.filter(code="GIFTS_MONEY").exists()
    assert contact.is_cse_concern


def test_protocol_required_answers_are_checked(
    add_child: Callable[..., Person], record_contact: Callable[..., Contact]
) -> None:
    with pytest.raises(ValidationError) as exc:
        record_contact(add_child(), contact_type="cse-concern", answers={"gifts": "maybe"})
    assert "answers.child_safe_now" in exc.value.message_dict
    assert "answers.gifts" in exc.value.message_dict


def test_override_of_the_suggested_level_needs_a_reason(
    advisor: User, add_child: Callable[..., Person], record_contact: Callable[..., Contact]
) -> None:
    contact = record_contact(add_child())
    screening = services.latest_screening(contact)
    assert screening is not None and (screening.threshold_level, screening.rag) == (1, "green")
    with pytest.raises(ValidationError) as exc:
        services.contact_decide_level(actor=advisor, contact=contact, level=3, rag="amber")
    assert "reason" in exc.value.message_dict
    services.contact_decide_level(
        actor=advisor,
        contact=contact,
        level=3,
        rag="amber",
        reason="Third call this month; mother cannot keep her safe",
    )
    contact.refresh_from_db()
    assert contact.level == 3 and contact.rag == "amber"
    assert contact.level_override_reason.startswith("Third call")
    # Agreeing with the suggestion needs no reason.
    services.contact_decide_level(actor=advisor, contact=contact, level=1, rag="green")
    contact.refresh_from_db()
    assert contact.level_override_reason == ""
    assert AuditEvent.objects.filter(object_type="contact", object_id=str(contact.pk)).exists()


def test_deadline_follows_rag_and_the_statutory_working_day(
    advisor: User, add_child: Callable[..., Person], record_contact: Callable[..., Contact]
) -> None:
    from safehub.common.calendar import add_working_days, add_working_hours

    contact = record_contact(add_child())
    received = contact.received_at
    assert received is not None
    # Green is 72 working hours, so the statutory one working day is sooner.
    assert contact.decision_due_at == add_working_days(received, 1)
    services.contact_decide_level(
        actor=advisor, contact=contact, level=4, rag="red", reason="Disclosure on the phone"
    )
    contact.refresh_from_db()
    assert contact.decision_due_at == add_working_hours(received, 4)


def test_complex_contact_alerts_safeguarding_by_email(
    advisor: User,
    social_worker: User,
    add_child: Callable[..., Person],
    record_contact: Callable[..., Contact],
    django_capture_on_commit_callbacks: Any,
) -> None:
    contact = record_contact(add_child())
    with django_capture_on_commit_callbacks(execute=True):
        services.contact_decide_level(
            actor=advisor, contact=contact, level=3, rag="amber", reason="Escalating concerns"
        )
    alert = Alert.objects.get(kind=AlertKind.COMPLEX_OR_ACUTE, contact=contact)
    assert alert.for_role == "safeguarding_social_worker"
    assert [m.to for m in mail.outbox] == [[social_worker.email]]
    assert contact.reference not in mail.outbox[0].body  # no case details by e-mail
    # Deciding again does not alert twice.
    services.contact_decide_level(
        actor=advisor, contact=contact, level=4, rag="red", reason="Worse"
    )
    assert Alert.objects.filter(kind=AlertKind.COMPLEX_OR_ACUTE).count() == 1


def test_three_contacts_alert_counts_spelling_variants_through_the_index(
    advisor: User,
    add_child: Callable[..., Person],
    record_contact: Callable[..., Contact],
) -> None:
    from safehub.people.services import RecordInput, person_add_record

    child = add_child("Kayleigh", "Brennan")
    # A second agency spells her differently; the index holds both records on one person.
    person_add_record(
        actor=advisor,
        person=child,
        data=RecordInput(role="child", given_name="Kayley", family_name="Brenan"),
    )
    record_contact(child)
    record_contact(child)
    assert not Alert.objects.filter(kind=AlertKind.REPEAT_CONTACTS).exists()
    third = record_contact(child)
    alert = Alert.objects.get(kind=AlertKind.REPEAT_CONTACTS)
    assert alert.person_id == child.pk and alert.contact == third
    assert alert.for_role == "front_door_advisor"


def test_contacts_after_merge_count_for_the_merged_person(
    advisor: User,
    social_worker: User,
    add_child: Callable[..., Person],
    record_contact: Callable[..., Contact],
) -> None:
    from safehub.people.services import person_merge

    first = add_child("Kayleigh", "Brennan")
    second = add_child("Kayley", "Brenan")
    record_contact(first)
    record_contact(second)
    record_contact(first)
    assert not Alert.objects.filter(kind=AlertKind.REPEAT_CONTACTS).exists()
    person_merge(actor=social_worker, survivor=first, absorbed=second, reason="same child")
    # The chaser notices that the merge brought three contacts together.
    assert services.repeat_contacts_after_merges() == 1
    assert services.repeat_contacts_after_merges() == 0
    assert Alert.objects.filter(kind=AlertKind.REPEAT_CONTACTS, person_id=first.pk).exists()


def test_contact_about_child_with_open_case_is_information_not_referral(
    advisor: User,
    social_worker: User,
    add_child: Callable[..., Person],
    record_contact: Callable[..., Contact],
) -> None:
    child = add_child()
    first = record_contact(child)
    services.contact_triage(
        actor=social_worker,
        contact=first,
        outcome=TriageOutcome.CSE_PATHWAY,
        reason="Meets the CSE threshold",
    )
    second = record_contact(child)
    assert second.kind == ContactKind.INFORMATION_ON_OPEN_CASE
    assert second.open_case_contact == first
    assert not second.is_referral


def test_triage_refer_on_stays_open_until_confirmed_and_feeds_back(
    social_worker: User,
    add_child: Callable[..., Person],
    record_contact: Callable[..., Contact],
    django_capture_on_commit_callbacks: Any,
) -> None:
    contact = record_contact(
        add_child(),
        referrer_is_professional=True,
        referrer_email="dsl@school.example.org",
        source="2A",
    )
    with pytest.raises(ValidationError) as exc:
        services.contact_triage(
            actor=social_worker, contact=contact, outcome="refer_on", reason="Needs CAMHS"
        )
    assert "referred_to" in exc.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        decision = services.contact_triage(
            actor=social_worker,
            contact=contact,
            outcome="refer_on",
            reason="Needs CAMHS",
            referred_to="CAMHS",
            feedback_to_referrer="We have referred the young person to CAMHS.",
        )
    contact.refresh_from_db()
    assert contact.status == ContactStatus.AWAITING_CONFIRMATION
    assert [m.to for m in mail.outbox] == [["dsl@school.example.org"]]
    assert "CAMHS" in mail.outbox[0].body
    assert decision.feedback_sent_at is not None
    services.referral_confirm(actor=social_worker, decision=decision, note="CAMHS booked her in")
    contact.refresh_from_db()
    assert contact.status == ContactStatus.CLOSED


def test_advisor_cannot_triage(
    advisor: User, add_child: Callable[..., Person], record_contact: Callable[..., Contact]
) -> None:
    contact = record_contact(add_child())
    with pytest.raises(PermissionDenied):
        services.contact_triage(
            actor=advisor, contact=contact, outcome="no_further_action", reason="x"
        )


def test_idempotent_record(
    add_child: Callable[..., Person], record_contact: Callable[..., Contact]
) -> None:
    child = add_child()
    first = record_contact(child, key="abc")
    second = record_contact(child, key="abc")
    assert first.pk == second.pk
    assert Contact.objects.count() == 1


def test_alert_acknowledgement_and_escalation(
    django_capture_on_commit_callbacks: Any,
    advisor: User,
    social_worker: User,
    manager: User,
    add_child: Callable[..., Person],
    record_contact: Callable[..., Contact],
) -> None:
    contact = record_contact(add_child())
    services.contact_decide_level(
        actor=advisor, contact=contact, level=4, rag="red", reason="Disclosure"
    )
    alert = Alert.objects.get(kind=AlertKind.COMPLEX_OR_ACUTE)
    assert services.alerts_escalate_overdue(now=timezone.now()) == 0
    later = alert.acknowledge_by + timedelta(minutes=1)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.alerts_escalate_overdue(now=later) == 1
    assert services.alerts_escalate_overdue(now=later) == 0  # once
    alert.refresh_from_db()
    assert alert.escalated_at is not None
    assert manager.notifications.filter(title__startswith="Escalated").exists()
    with pytest.raises(PermissionDenied):
        services.alert_acknowledge(actor=advisor, alert=alert, note="seen")
    with pytest.raises(ValidationError):
        services.alert_acknowledge(actor=social_worker, alert=alert, note=" ")
    services.alert_acknowledge(actor=social_worker, alert=alert, note="Strategy discussion today")
    alert.refresh_from_db()
    assert alert.acknowledged_by == social_worker


def test_out_of_area_placement_goes_to_police_and_cse_team(
    add_child: Callable[..., Person], record_contact: Callable[..., Contact]
) -> None:
    answers = {
        "placing_authority": "Northby Council",
        "placement": "Residential home, Severnside",
        "placement_start": "2026-11-01",
        "social_worker": "J. Worker, 01234 567890",
        "cse_risk_known": "yes",
        "risk_summary": "Known to go missing; older males in Northby.",
    }
    contact = record_contact(
        add_child(), contact_type="out-of-area-placement", answers=answers, source="5C"
    )
    roles = set(
        Alert.objects.filter(kind=AlertKind.OUT_OF_AREA_PLACEMENT).values_list(
            "for_role", flat=True
        )
    )
    assert roles == {"police_officer", "cse_practitioner"}
    assert contact.is_cse_concern


def test_police_see_out_of_area_notices_only(
    officer: User, add_child: Callable[..., Person], record_contact: Callable[..., Contact]
) -> None:
    from safehub.frontdoor import selectors

    answers = {
        "placing_authority": "Northby Council",
        "placement": "Foster placement",
        "placement_start": "2026-11-01",
        "social_worker": "J. Worker",
        "cse_risk_known": "no",
        "risk_summary": "None known",
    }
    notice = record_contact(add_child(), contact_type="out-of-area-placement", answers=answers)
    other = record_contact(add_child("Jade", "Okafor", dob="2009-01-02"))
    visible = set(selectors.contact_list_visible(user=officer))
    assert notice in visible and other not in visible
    assert officer.has_perm("frontdoor.view_contact", notice)
    assert not officer.has_perm("frontdoor.view_contact", other)


def test_overdue_return_interview_raises_one_alert(
    officer: User, add_child: Callable[..., Person]
) -> None:
    child = add_child()
    start = timezone.now() - timedelta(days=6)
    episode = services.missing_episode_record(
        actor=officer,
        data=services.MissingInput(
            person_id=child.pk,
            source="police",
            kind="M",
            started_at=start,
            ended_at=start + timedelta(days=1),
        ),
    )
    interview = episode.return_interview
    assert interview.due_at == start + timedelta(days=1, hours=72)
    assert services.return_interviews_chase() == 1
    assert services.return_interviews_chase() == 0
    assert Alert.objects.filter(kind=AlertKind.RETURN_INTERVIEW_DUE).count() == 1


def test_reporting_a_missing_episode_involves_the_agency_with_the_child(
    officer: User, add_child: Callable[..., Person]
) -> None:
    from safehub.people import selectors as people_selectors

    child = add_child()
    other = add_child("Jade", "Okafor", dob="2009-01-02")
    assert not officer.has_perm("people.view_person", child)
    services.missing_episode_record(
        actor=officer,
        data=services.MissingInput(
            person_id=child.pk, source="police", kind="M", started_at=timezone.now()
        ),
    )
    assert officer.has_perm("people.view_person", child)
    assert not officer.has_perm("people.view_person", other)
    visible = set(people_selectors.person_list_visible(user=officer))
    assert child in visible and other not in visible


def _two_children(child: Person, sibling: Person, **extra: Any) -> services.ContactInput:
    return services.ContactInput(
        channel="phone",
        source="1A",
        contact_type="other",
        account="Both children were out until 3am and mum did not know where they were.",
        people=[
            services.PersonOnContact(role="subject", person_id=child.pk),
            services.PersonOnContact(role="subject", person_id=sibling.pk),
        ],
        answers={"nature": "worry"},
        referrer_name="A. Parent",
        **extra,
    )


def test_a_contact_about_two_children_is_information_if_either_has_an_open_case(
    advisor: User,
    social_worker: User,
    add_child: Callable[..., Person],
    record_contact: Callable[..., Contact],
) -> None:
    child = add_child("Kayleigh", "Brennan", dob="2010-05-04")
    sibling = add_child("Tyler", "Brennan", dob="2012-01-09", reason="sibling")
    opened = record_contact(sibling)
    services.contact_triage(
        actor=social_worker, contact=opened, outcome=TriageOutcome.CSE_PATHWAY, reason="CSE"
    )
    contact, created = services.contact_record(actor=advisor, data=_two_children(child, sibling))
    assert created
    assert contact.kind == ContactKind.INFORMATION_ON_OPEN_CASE
    assert contact.open_case_contact == opened


def test_one_step_recording_uses_the_youngest_age_and_any_childs_learning_disability(
    advisor: User, add_child: Callable[..., Person]
) -> None:
    child = add_child("Kayleigh", "Brennan", dob="2010-05-04")
    sibling = add_child(
        "Tyler", "Brennan", dob="2012-01-09", reason="sibling", learning_disability_or_sen=True
    )
    contact, _ = services.contact_record(actor=advisor, data=_two_children(child, sibling))
    screening = services.latest_screening(contact)
    assert screening is not None
    assert screening.learning_disability is True
    ages = sorted(p.age_at_contact for p in contact.people.all() if p.age_at_contact)
    assert screening.age == ages[0]
    assert "MISSING" in {p.code for p in contact.indicators.all()}


def test_contacts_outside_the_window_or_still_drafts_do_not_count_towards_three(
    advisor: User,
    add_child: Callable[..., Person],
    record_contact: Callable[..., Contact],
) -> None:
    child = add_child()
    record_contact(child, received_at=timezone.now() - timedelta(days=400))
    record_contact(child)
    draft = services.contact_start(actor=advisor, channel="phone")
    services.contact_add_person(actor=advisor, contact=draft, person=child, role="subject")
    record_contact(child)
    assert not Alert.objects.filter(kind=AlertKind.REPEAT_CONTACTS).exists()
    record_contact(child)
    alert = Alert.objects.get(kind=AlertKind.REPEAT_CONTACTS)
    assert alert.message.startswith("3 contacts")
