"""Enquiries: opening, inviting with deadlines, compartmentalised entries, chasing, closing
into the contact's decision, and sharing decisions."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from safehub.accounts.models import Agency, User
from safehub.audit.models import AuditEvent
from safehub.common.calendar import add_working_hours
from safehub.enquiries import selectors, services
from safehub.enquiries.models import Enquiry, EnquiryInvitation, EnquirySettings
from safehub.frontdoor.models import Contact, ContactStatus
from safehub.notifications.models import Notification
from tests.enquiries.conftest import entry

pytestmark = pytest.mark.django_db


def test_only_a_safeguarding_social_worker_opens_an_enquiry_once_per_contact(
    social_worker: User, advisor: User, officer: User, contact: Contact
) -> None:
    for someone in (advisor, officer):
        with pytest.raises(PermissionDenied):
            services.enquiry_open(actor=someone, contact=contact, reason="x")
    with pytest.raises(ValidationError) as exc:
        services.enquiry_open(actor=social_worker, contact=contact, reason=" ")
    assert "reason" in exc.value.message_dict
    first = services.enquiry_open(actor=social_worker, contact=contact, reason="Possible CSE")
    again = services.enquiry_open(actor=social_worker, contact=contact, reason="Again")
    assert again == first and Enquiry.objects.count() == 1
    assert first.child == contact.people.get().person
    assert AuditEvent.objects.filter(object_type="enquiry", action="create").count() == 1


def test_a_draft_contact_cannot_have_an_enquiry(social_worker: User, advisor: User) -> None:
    from safehub.frontdoor import services as frontdoor_services

    draft = frontdoor_services.contact_start(actor=advisor, channel="phone")
    with pytest.raises((ValidationError, PermissionDenied)):
        services.enquiry_open(actor=social_worker, contact=draft, reason="x")


def test_invited_agencies_get_a_task_due_by_the_rag_and_a_notification(
    social_worker: User,
    enquiry: Enquiry,
    police_agency: Agency,
    school: Agency,
    teacher: User,
    officer: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    enquiry.rag = "red"
    enquiry.save()
    before = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        created = services.enquiry_invite(
            actor=social_worker, enquiry=enquiry, agencies=[police_agency, school]
        )
    assert len(created) == 2
    invitation = EnquiryInvitation.objects.get(agency=school)
    assert invitation.due_at >= add_working_hours(before, 24)
    assert invitation.due_at <= add_working_hours(timezone.now(), 24)
    assert Notification.objects.filter(recipient=teacher).count() == 1
    assert Notification.objects.filter(recipient=officer).count() == 1
    sent = Notification.objects.get(recipient=teacher).title + "".join(
        str(m.body) + str(m.subject) for m in mail.outbox
    )
    assert "Kayleigh" not in sent and "Brennan" not in sent
    # Inviting again changes nothing.
    assert services.enquiry_invite(actor=social_worker, enquiry=enquiry, agencies=[school]) == []
    assert EnquiryInvitation.objects.count() == 2


def test_green_and_amber_deadlines_come_from_the_settings(
    social_worker: User, enquiry: Enquiry, school: Agency
) -> None:
    EnquirySettings.objects.update_or_create(pk=1, defaults={"green_response_hours": 8})
    enquiry.rag = "green"
    enquiry.save()
    now = timezone.now()
    services.enquiry_invite(actor=social_worker, enquiry=enquiry, agencies=[school])
    due = EnquiryInvitation.objects.get().due_at
    assert add_working_hours(now, 8) <= due <= add_working_hours(timezone.now(), 8)


def test_each_agency_sees_only_its_own_entries_and_the_social_worker_sees_all_in_date_order(
    invited: Enquiry,
    social_worker: User,
    officer: User,
    teacher: User,
    nurse: User,
    housing_officer: User,
) -> None:
    services.enquiry_entry_add(
        actor=officer, enquiry=invited, data=entry("Seen in a silver car", on=date(2026, 10, 3))
    )
    services.enquiry_entry_add(
        actor=teacher, enquiry=invited, data=entry("Absent on Mondays", on=date(2026, 9, 1))
    )
    services.enquiry_entry_add(
        actor=nurse, enquiry=invited, data=entry("Asked for EHC twice", on=date(2026, 10, 20))
    )
    texts = {
        user: [e.text for e in selectors.entries_visible(user=user, enquiry=invited)]
        for user in (officer, teacher, nurse, social_worker)
    }
    assert texts[officer] == ["Seen in a silver car"]
    assert texts[teacher] == ["Absent on Mondays"]
    assert texts[nurse] == ["Asked for EHC twice"]
    assert texts[social_worker] == [
        "Absent on Mondays",
        "Seen in a silver car",
        "Asked for EHC twice",
    ]
    # An agency that was not invited sees nothing and cannot add.
    assert not selectors.enquiries_visible(user=housing_officer).exists()
    with pytest.raises(PermissionDenied):
        services.enquiry_entry_add(actor=housing_officer, enquiry=invited, data=entry("x"))
    # Adding an entry answers the agency's task.
    assert EnquiryInvitation.objects.filter(responded_at__isnull=False).count() == 3


def test_entries_are_validated_and_retries_do_not_duplicate(
    invited: Enquiry, teacher: User
) -> None:
    with pytest.raises(ValidationError) as exc:
        services.enquiry_entry_add(
            actor=teacher,
            enquiry=invited,
            data=services.EntryInput(
                kind="gossip", happened_on=timezone.localdate() + timedelta(days=2), text=" "
            ),
        )
    assert set(exc.value.message_dict) == {"kind", "happened_on", "text"}
    first = services.enquiry_entry_add(
        actor=teacher, enquiry=invited, data=entry("Absent", submission_key="k1")
    )
    again = services.enquiry_entry_add(
        actor=teacher, enquiry=invited, data=entry("Absent", submission_key="k1")
    )
    assert first == again


def test_nothing_known_answers_the_task(invited: Enquiry, nurse: User) -> None:
    invitation = services.enquiry_nothing_known(actor=nurse, enquiry=invited)
    assert invitation.nothing_known and invitation.responded_at is not None


def test_late_answers_are_chased_once(
    invited: Enquiry, teacher: User, officer: User, django_capture_on_commit_callbacks: Any
) -> None:
    services.enquiry_entry_add(actor=officer, enquiry=invited, data=entry("Known to us"))
    later = timezone.now() + timedelta(days=30)
    with django_capture_on_commit_callbacks(execute=True):
        assert services.invitations_chase(now=later) == 2  # school and health, not police
    assert services.invitations_chase(now=later) == 0
    reminders = Notification.objects.filter(recipient=teacher, title__startswith="Reminder")
    assert reminders.count() == 1
    assert not Notification.objects.filter(recipient=officer, title__startswith="Reminder").exists()


def test_closing_records_the_contacts_decision_and_stops_new_entries(
    invited: Enquiry, social_worker: User, teacher: User, officer: User
) -> None:
    kept = services.enquiry_entry_add(actor=officer, enquiry=invited, data=entry("Car"))
    services.enquiry_entry_mark_relevant(actor=social_worker, entry=kept, relevant=True)
    with pytest.raises(PermissionDenied):
        services.enquiry_entry_mark_relevant(actor=officer, entry=kept, relevant=False)
    with pytest.raises(ValidationError) as exc:
        services.enquiry_close(
            actor=social_worker, enquiry=invited, decision="cse_pathway", reason=""
        )
    assert "decision_reason" in exc.value.message_dict
    services.enquiry_close(
        actor=social_worker, enquiry=invited, decision="cse_pathway", reason="Meets the threshold"
    )
    invited.refresh_from_db()
    contact = invited.contact
    contact.refresh_from_db()
    assert not invited.is_open and invited.decision == "cse_pathway"
    assert contact.triage.outcome == "cse_pathway"
    assert contact.status == ContactStatus.CLOSED
    with pytest.raises(PermissionDenied):
        services.enquiry_entry_add(actor=teacher, enquiry=invited, data=entry("Late"))


def test_sharing_decisions_need_a_basis_and_a_reason_and_refusals_are_recorded_too(
    invited: Enquiry, social_worker: User, school: Agency
) -> None:
    base: dict[str, Any] = {
        "information": "The police summary of sightings",
        "purpose": "To plan the school's safety measures",
        "recipient_agency_id": school.pk,
    }
    with pytest.raises(ValidationError) as exc:
        services.sharing_decision_record(
            actor=social_worker,
            enquiry=invited,
            data=services.SharingInput(shared=True, consent="not_sought", **base),
        )
    assert {"lawful_basis", "consent_reason"} <= set(exc.value.message_dict)
    with pytest.raises(ValidationError) as exc:
        services.sharing_decision_record(
            actor=social_worker,
            enquiry=invited,
            data=services.SharingInput(
                shared=True, consent="refused", lawful_basis="consent", consent_reason="x", **base
            ),
        )
    assert "lawful_basis" in exc.value.message_dict
    shared = services.sharing_decision_record(
        actor=social_worker,
        enquiry=invited,
        data=services.SharingInput(
            shared=True,
            consent="not_sought",
            lawful_basis="safeguarding",
            consent_reason="Asking would put her at risk",
            **base,
        ),
    )
    refused = services.sharing_decision_record(
        actor=social_worker,
        enquiry=invited,
        data=services.SharingInput(shared=False, consent="not_sought", **base),
    )
    assert shared.child == invited.child and shared.decided_by == social_worker
    actions = set(
        AuditEvent.objects.filter(object_type="sharing_decision").values_list("action", flat=True)
    )
    assert actions == {"share", "decide_not_to_share"}
    assert refused.shared is False
