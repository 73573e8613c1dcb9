"""Partner actions that cannot be dropped (Recommendation 23): given from a front-door
referral, an enquiry or a meeting; confirmed only by the owning agency with evidence; reminded,
escalated, withdrawn only by a lead with a reason."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from safehub.accounts.models import Agency, User
from safehub.actions import services
from safehub.actions.models import ActionSource, ActionStatus, PartnerAction
from safehub.actions.selectors import actions_visible
from safehub.audit.models import AuditEvent
from safehub.common.calendar import add_working_days
from safehub.enquiries.models import Enquiry
from safehub.frontdoor import services as frontdoor_services
from safehub.frontdoor.models import Contact, ContactStatus
from safehub.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_referral_to_partner_agency_gives_it_an_action(
    contact: Contact,
    school: Agency,
    teacher: User,
    refer_to: Callable[..., Any],
) -> None:
    decision = refer_to(contact, school)
    action = PartnerAction.objects.get()
    assert action.owning_agency == school
    assert action.source == ActionSource.TRIAGE and action.source_id == decision.pk
    assert action.contact == contact and action.child_id is not None
    assert contact.reference in action.what and "Needs a school plan" in action.what
    assert action.due_on == add_working_days(timezone.localdate(), 5)
    assert decision.referred_to == school.name
    contact.refresh_from_db()
    assert contact.status == ContactStatus.AWAITING_CONFIRMATION
    note = Notification.objects.get(recipient=teacher)
    assert "Kayleigh" not in note.title + note.body  # no child's name in a notification
    assert AuditEvent.objects.filter(action="share", object_type="partner_action").exists()


def test_front_door_cannot_confirm_a_partner_agencys_referral_for_it(
    contact: Contact, school: Agency, social_worker: User, refer_to: Callable[..., Any]
) -> None:
    decision = refer_to(contact, school)
    with pytest.raises(ValidationError, match="confirms this referral itself"):
        frontdoor_services.referral_confirm(actor=social_worker, decision=decision, note="Rang")


def test_referral_outside_the_partnership_gives_no_action(
    contact: Contact, social_worker: User
) -> None:
    frontdoor_services.contact_triage(
        actor=social_worker,
        contact=contact,
        outcome="refer_on",
        reason="Needs a youth club",
        referred_to="Westside Youth Club",
    )
    assert not PartnerAction.objects.exists()


def test_agency_confirms_with_evidence_and_the_referral_closes(
    contact: Contact,
    school: Agency,
    teacher: User,
    social_worker: User,
    refer_to: Callable[..., Any],
) -> None:
    decision = refer_to(contact, school)
    action = PartnerAction.objects.get()
    with pytest.raises(ValidationError) as exc:
        services.action_complete(actor=teacher, action=action, evidence="  ")
    assert "evidence" in exc.value.message_dict
    done = services.action_complete(
        actor=teacher, action=action, evidence="Plan agreed with the DSL, in CPOMS"
    )
    assert done.status == ActionStatus.DONE and done.completed_by == teacher
    decision.refresh_from_db()
    contact.refresh_from_db()
    assert decision.referral_confirmed_by == teacher
    assert "Plan agreed" in decision.referral_confirmation_note
    assert contact.status == ContactStatus.CLOSED
    assert Notification.objects.filter(
        recipient=social_worker, title__contains="confirmed"
    ).exists()
    # A retried confirmation changes nothing; a different one is refused.
    again = services.action_complete(
        actor=teacher, action=action, evidence="Plan agreed with the DSL, in CPOMS"
    )
    assert again.completed_at == done.completed_at
    with pytest.raises(ValidationError, match="already closed"):
        services.action_complete(actor=teacher, action=action, evidence="Something else")


def test_only_the_owning_agency_can_confirm(
    contact: Contact,
    school: Agency,
    nurse: User,
    social_worker: User,
    refer_to: Callable[..., Any],
) -> None:
    refer_to(contact, school)
    action = PartnerAction.objects.get()
    for someone in (nurse, social_worker):
        with pytest.raises(PermissionDenied):
            services.action_complete(actor=someone, action=action, evidence="Done it")
    assert PartnerAction.objects.get().status == ActionStatus.OPEN


def test_give_checks_input_permission_and_retries(
    invited: Enquiry, social_worker: User, teacher: User, health: Agency
) -> None:
    def give(actor: User, **changes: Any) -> PartnerAction:
        fields: dict[str, Any] = {
            "actor": actor,
            "child": invited.child,
            "owning_agency": health,
            "what": "Check her sexual-health appointments",
            "due_on": timezone.localdate() + timedelta(days=7),
            "source": ActionSource.ENQUIRY,
            "source_id": invited.pk,
            "enquiry": invited,
            "contact": invited.contact,
        }
        fields.update(changes)
        return services.action_give(**fields)

    with pytest.raises(PermissionDenied):
        give(teacher)
    with pytest.raises(ValidationError) as exc:
        give(social_worker, what=" ", due_on=timezone.localdate() - timedelta(days=1))
    assert set(exc.value.message_dict) == {"what", "due_on"}
    first = give(social_worker)
    assert give(social_worker) == first  # a retried request
    assert PartnerAction.objects.count() == 1


def test_withdraw_needs_a_lead_and_a_reason(
    contact: Contact,
    school: Agency,
    teacher: User,
    social_worker: User,
    refer_to: Callable[..., Any],
) -> None:
    refer_to(contact, school)
    action = PartnerAction.objects.get()
    with pytest.raises(PermissionDenied):
        services.action_withdraw(actor=teacher, action=action, reason="Not ours")
    with pytest.raises(ValidationError):
        services.action_withdraw(actor=social_worker, action=action, reason="")
    withdrawn = services.action_withdraw(
        actor=social_worker, action=action, reason="Sent to the wrong school"
    )
    assert withdrawn.status == ActionStatus.WITHDRAWN
    assert withdrawn.withdrawn_reason == "Sent to the wrong school"


def _action(social_worker: User, agency: Agency, child: Any, due_on: date) -> PartnerAction:
    return PartnerAction.objects.create(
        child=child,
        source=ActionSource.ENQUIRY,
        owning_agency=agency,
        what="Do something",
        due_on=due_on,
        set_by=social_worker,
        set_at=timezone.now(),
    )


def test_chaser_reminds_before_due_and_escalates_when_late(
    contact: Contact,
    school: Agency,
    teacher: User,
    head_teacher: User,
    social_worker: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    child = contact.people.get().person
    today = date(2026, 11, 23)  # a Monday
    far = _action(social_worker, school, child, date(2026, 12, 4))
    soon = _action(social_worker, school, child, date(2026, 11, 25))
    late = _action(social_worker, school, child, date(2026, 11, 20))
    result = services.actions_chase(today=today)
    assert result == {"reminded": 1, "escalated": 1}
    far.refresh_from_db()
    soon.refresh_from_db()
    late.refresh_from_db()
    assert far.reminded_at is None and soon.reminded_at is not None
    assert late.escalated_at is not None
    escalations = Notification.objects.filter(title__startswith="Overdue")
    assert {n.recipient for n in escalations} == {head_teacher, social_worker}
    assert Notification.objects.filter(recipient=teacher, title__startswith="Reminder").exists()
    # Once only.
    assert services.actions_chase(today=today) == {"reminded": 0, "escalated": 0}
    # A done action is never chased.
    services.action_complete(actor=teacher, action=far, evidence="Done early")
    services.action_complete(actor=teacher, action=soon, evidence="Done on time")
    assert services.actions_chase(today=date(2026, 12, 10)) == {"reminded": 0, "escalated": 0}


def test_agency_without_a_manager_is_escalated_through_its_inbox(
    contact: Contact,
    housing: Agency,
    social_worker: User,
    django_capture_on_commit_callbacks: Any,
) -> None:
    housing.email = "safeguarding@homes.example.org"
    housing.save()
    _action(social_worker, housing, contact.people.get().person, date(2026, 11, 20))
    with django_capture_on_commit_callbacks(execute=True):
        services.actions_chase(today=date(2026, 11, 23))
    inbox = [m for m in mail.outbox if m.to == ["safeguarding@homes.example.org"]]
    assert len(inbox) == 1 and "Overdue" in inbox[0].subject
    assert "Child" not in inbox[0].body and "Kayleigh" not in inbox[0].body


def test_who_sees_which_actions(
    contact: Contact,
    school: Agency,
    health: Agency,
    teacher: User,
    nurse: User,
    officer: User,
    social_worker: User,
) -> None:
    child = contact.people.get().person
    schools = _action(social_worker, school, child, date(2026, 12, 4))
    restricted = _action(social_worker, health, child, date(2026, 12, 4))
    restricted.restricted = True
    restricted.save()
    assert set(actions_visible(user=teacher)) == {schools}
    assert set(actions_visible(user=nurse)) == {restricted}
    assert not actions_visible(user=officer).exists()
    assert set(actions_visible(user=social_worker)) == {schools, restricted}
    assert teacher.has_perm("actions.view_action", schools)
    assert not teacher.has_perm("actions.view_action", restricted)
    assert not officer.has_perm("actions.view_action", schools)
