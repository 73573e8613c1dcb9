"""Writes on partner actions: giving one, the owning agency confirming it done with evidence,
a safeguarding lead withdrawing one with a reason, and the chasers that remind before the due
date and escalate to the agency's managers after it."""

from __future__ import annotations

from datetime import date, datetime
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from safehub.accounts.models import Agency, Role, User
from safehub.actions.models import ActionSettings, ActionSource, ActionStatus, PartnerAction
from safehub.audit.models import AuditAction
from safehub.audit.services import audit_record
from safehub.common.calendar import add_working_days, working_days_between


def _require(actor: Any, permission: str, obj: Any = None) -> None:
    if not actor.has_perm(permission, obj):
        raise PermissionDenied


def settings_get() -> ActionSettings:
    settings, _ = ActionSettings.objects.get_or_create(pk=1)
    return settings


def agency_workers(agency_id: int) -> list[User]:
    """The people in an agency who see and confirm its actions."""
    users = User.objects.filter(is_active=True, agency_id=agency_id).order_by("id")
    return [u for u in users if u.has_perm("actions.work_on_actions")]


def agency_managers(agency_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True, agency_id=agency_id, role_assignments__role=Role.TEAM_MANAGER
        )
        .distinct()
        .order_by("id")
    )


def _notify(users: list[User], action: PartnerAction, *, title: str, key: str) -> None:
    from safehub.notifications.services import notification_send

    link = reverse("actions:action", args=[action.pk])
    for user in users:
        notification_send(
            recipient=user,
            title=title,
            body="An action for your agency is in safehub. Open it for the details.",
            link=link,
            dedupe_key=f"partner-action-{action.pk}-{key}",
        )


@transaction.atomic
def action_give(
    *,
    actor: Any,
    child: Any,
    owning_agency: Agency,
    what: str,
    due_on: date | None,
    source: str,
    source_id: int | None = None,
    case: Any = None,
    contact: Any = None,
    enquiry: Any = None,
    restricted: bool = False,
    field_prefix: str = "",
) -> PartnerAction:
    """Give an action to a partner agency. The agency's people are told (without the child's
    name). Giving the same open action again (a retried request) returns the first one."""
    _require(actor, "actions.give_action")
    source = ActionSource(source)
    errors: dict[str, str] = {}
    if not what.strip():
        errors[f"{field_prefix}what"] = "Say what the agency is to do"
    if due_on is None:
        errors[f"{field_prefix}due_on"] = "Enter the date the action is due by"
    elif due_on < timezone.localdate():
        errors[f"{field_prefix}due_on"] = "The due date cannot be in the past"
    if owning_agency is None or not owning_agency.is_active:
        errors[f"{field_prefix}owning_agency"] = "Select the agency that owns the action"
    if errors:
        raise ValidationError(errors)
    assert due_on is not None
    existing = PartnerAction.objects.filter(
        source=source,
        source_id=source_id,
        owning_agency=owning_agency,
        child=child,
        what=what.strip(),
        status=ActionStatus.OPEN,
    ).first()
    if existing is not None:
        return existing
    action = PartnerAction.objects.create(
        child=child,
        source=source,
        source_id=source_id,
        contact=contact,
        enquiry=enquiry,
        case=case,
        owning_agency=owning_agency,
        what=what.strip(),
        due_on=due_on,
        restricted=restricted,
        set_by=actor,
        set_at=timezone.now(),
    )
    audit_record(
        actor=actor,
        action=AuditAction.SHARE,
        object_type="partner_action",
        object_id=action.pk,
        details={
            "agency": owning_agency.pk,
            "source": source.value,
            "source_id": source_id,
            "case": getattr(case, "pk", None),
            "contact": getattr(contact, "pk", None),
        },
    )
    _notify(
        agency_workers(owning_agency.pk),
        action,
        title="Your agency has a new action",
        key="new",
    )
    return action


def action_from_triage(*, actor: Any, decision: Any) -> PartnerAction | None:
    """A front-door referral to a partner agency is an action that agency must confirm (runs
    inside the decision's transaction, through frontdoor.hooks)."""
    from safehub.frontdoor.models import ContactPersonRole, TriageOutcome

    if decision.outcome != TriageOutcome.REFER_ON or decision.referred_to_agency_id is None:
        return None
    contact = decision.contact
    subject = (
        contact.people.filter(role=ContactPersonRole.SUBJECT, person__isnull=False)
        .select_related("person")
        .order_by("id")
        .first()
    )
    if subject is None or subject.person is None:
        raise ValidationError({"outcome": "The contact names no child to refer"})
    due = add_working_days(timezone.localdate(), settings_get().referral_due_working_days)
    return action_give(
        actor=actor,
        child=subject.person.surviving(),
        owning_agency=decision.referred_to_agency,
        what=f"Act on the front door's referral {contact.reference} and confirm what was done. "
        f"Reason for the referral: {decision.reason}",
        due_on=due,
        source=ActionSource.TRIAGE,
        source_id=decision.pk,
        contact=contact,
    )


@transaction.atomic
def action_complete(*, actor: Any, action: PartnerAction, evidence: str) -> PartnerAction:
    """Someone in the owning agency confirms the action done, saying what was done. A front-door
    referral's contact then closes, confirmed by the agency itself."""
    action = PartnerAction.objects.select_for_update().get(pk=action.pk)
    from safehub.actions.rules import is_in_owning_agency, works_with_actions

    if not (works_with_actions & is_in_owning_agency).test(actor, action):
        raise PermissionDenied
    if action.status == ActionStatus.DONE and action.evidence == evidence.strip():
        return action  # a retried confirmation
    if not action.is_open:
        raise ValidationError({"evidence": "This action is already closed"})
    _require(actor, "actions.complete_action", action)
    if not evidence.strip():
        raise ValidationError({"evidence": "Say what was done and where it is recorded"})
    now = timezone.now()
    action.status = ActionStatus.DONE
    action.completed_at = now
    action.completed_by = actor
    action.evidence = evidence.strip()
    action.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="partner_action",
        object_id=action.pk,
        details={"status": "done"},
    )
    if action.source == ActionSource.TRIAGE and action.contact_id is not None:
        _confirm_referral(actor=actor, action=action, at=now)
    if action.set_by.is_active:
        from safehub.notifications.services import notification_send

        notification_send(
            recipient=action.set_by,
            title="An action you gave has been confirmed done",
            link=reverse("actions:action", args=[action.pk]),
            dedupe_key=f"partner-action-{action.pk}-done",
        )
    return action


def _confirm_referral(*, actor: Any, action: PartnerAction, at: datetime) -> None:
    from safehub.frontdoor.models import Contact, ContactStatus, TriageDecision

    if action.source_id is None or action.contact_id is None:
        return
    decision = TriageDecision.objects.filter(pk=action.source_id).first()
    if decision is None or decision.referral_confirmed_at is not None:
        return
    decision.referral_confirmed_at = at
    decision.referral_confirmed_by = actor
    decision.referral_confirmation_note = (
        f"Confirmed in safehub by {action.owning_agency}: {action.evidence}"
    )
    decision.save()
    Contact.objects.filter(pk=action.contact_id, status=ContactStatus.AWAITING_CONFIRMATION).update(
        status=ContactStatus.CLOSED, closed_at=at, updated_at=at
    )


@transaction.atomic
def action_withdraw(*, actor: Any, action: PartnerAction, reason: str) -> PartnerAction:
    """Only a safeguarding lead may take an action back, and only with a written reason (it
    was given in error, or overtaken by events); the audit sample shows it."""
    action = PartnerAction.objects.select_for_update().get(pk=action.pk)
    _require(actor, "actions.withdraw_action", action)
    if not reason.strip():
        raise ValidationError({"reason": "Give the reason for withdrawing the action"})
    action.status = ActionStatus.WITHDRAWN
    action.withdrawn_at = timezone.now()
    action.withdrawn_by = actor
    action.withdrawn_reason = reason.strip()
    action.save()
    audit_record(
        actor=actor,
        action=AuditAction.UPDATE,
        object_type="partner_action",
        object_id=action.pk,
        reason=reason.strip(),
        details={"status": "withdrawn"},
    )
    _notify(
        agency_workers(action.owning_agency_id),
        action,
        title="An action for your agency was withdrawn",
        key="withdrawn",
    )
    return action


@transaction.atomic
def actions_chase(*, today: date | None = None) -> dict[str, int]:
    """Remind the owning agency before an action is due (once), and escalate an overdue one
    to the agency's team managers and to whoever gave it (once). An agency with no manager in
    safehub is escalated through its shared inbox, if it has one. Run every minute by the
    worker's chasers."""
    today = today or timezone.localdate()
    now = timezone.now()
    days_before = settings_get().remind_working_days_before
    reminded = escalated = 0
    due_soon = (
        PartnerAction.objects.select_for_update()
        .filter(status=ActionStatus.OPEN, reminded_at__isnull=True, due_on__gte=today)
        .select_related("owning_agency")
        .order_by("id")
    )
    for action in due_soon:
        if working_days_between(today, action.due_on) > days_before:
            continue
        action.reminded_at = now
        action.save(update_fields=["reminded_at", "updated_at"])
        _notify(
            agency_workers(action.owning_agency_id),
            action,
            title=f"Reminder: an action for your agency is due on {action.due_on:%-d %b %Y}",
            key="reminder",
        )
        reminded += 1
    late = (
        PartnerAction.objects.select_for_update()
        .filter(status=ActionStatus.OPEN, escalated_at__isnull=True, due_on__lt=today)
        .select_related("owning_agency", "set_by")
        .order_by("id")
    )
    for action in late:
        action.escalated_at = now
        action.save(update_fields=["escalated_at", "updated_at"])
        managers = agency_managers(action.owning_agency_id)
        recipients = [*managers, *([action.set_by] if action.set_by.is_active else [])]
        _notify(
            list({u.pk: u for u in recipients}.values()),
            action,
            title="Overdue: an action given to your agency has not been confirmed",
            key="escalated",
        )
        if not managers and action.owning_agency.email:
            from safehub.notifications.tasks import send_email

            to = [action.owning_agency.email]
            link = reverse("actions:action", args=[action.pk])
            transaction.on_commit(
                partial(
                    send_email.enqueue,
                    to=to,
                    subject="Overdue: an action given to your agency",
                    body="An action given to your agency in safehub is overdue and not yet "
                    f"confirmed. Please sign in and open {link}.\n",
                )
            )
        audit_record(
            actor=None,
            actor_email="system",
            action=AuditAction.UPDATE,
            object_type="partner_action",
            object_id=action.pk,
            details={"escalated_to": [u.pk for u in managers], "inbox": not managers},
        )
        escalated += 1
    return {"reminded": reminded, "escalated": escalated}
