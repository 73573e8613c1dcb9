"""Writes about agencies and users. Each service checks permission, validates, saves and audits
in one transaction; e-mail is sent only after the transaction commits."""

from __future__ import annotations

import secrets
from datetime import timedelta
from typing import Any

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from safehub.accounts.models import (
    Agency,
    ApiToken,
    Invitation,
    Role,
    RoleAssignment,
    User,
    hash_secret,
)
from safehub.audit.models import AuditAction
from safehub.audit.services import audit_record

TOKEN_PREFIX = "shb_"  # noqa: S105 - a public prefix that marks safehub tokens, not a secret


def _require(actor: Any, permission: str, obj: Any = None) -> None:
    if not actor.has_perm(permission, obj):
        raise PermissionDenied(f"Not permitted: {permission}")


def _clean_roles(roles: list[str]) -> list[str]:
    cleaned = sorted(set(roles))
    if not cleaned:
        raise ValidationError({"roles": "Select at least one role"})
    valid = set(Role.values)
    unknown = [r for r in cleaned if r not in valid]
    if unknown:
        raise ValidationError({"roles": f"Unknown role: {', '.join(unknown)}"})
    return cleaned


@transaction.atomic
def agency_create(*, actor: Any, name: str, agency_type: str, short_name: str = "") -> Agency:
    _require(actor, "accounts.manage_agencies")
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter the agency's name"})
    if Agency.objects.filter(name__iexact=name).exists():
        raise ValidationError({"name": "An agency with this name already exists"})
    agency = Agency(name=name, agency_type=agency_type, short_name=short_name.strip())
    agency.full_clean()
    agency.save()
    audit_record(
        actor=actor,
        action=AuditAction.AGENCY_CREATED,
        object_type="agency",
        object_id=agency.pk,
        details={"name": agency.name, "agency_type": agency.agency_type},
    )
    return agency


def _new_invitation(*, user: User, invited_by: Any) -> tuple[Invitation, str]:
    secret = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        user=user,
        invited_by=invited_by if getattr(invited_by, "is_authenticated", False) else None,
        token_hash=hash_secret(secret),
        expires_at=timezone.now() + timedelta(hours=settings.SAFEHUB_INVITE_VALID_HOURS),
    )
    return invitation, secret


def _send_invitation_email(user: User, secret: str) -> None:
    from safehub.notifications.tasks import send_email

    link = settings.SAFEHUB_BASE_URL + reverse("accounts:invitation_accept", args=[secret])
    body = (
        f"Hello {user.full_name},\n\n"
        f"You have been given an account on safehub for {user.agency.name}.\n\n"
        f"Set your password with this link within {settings.SAFEHUB_INVITE_VALID_HOURS} hours. "
        "It works once.\n\n"
        f"{link}\n\n"
        "If you did not expect this, tell your safeguarding lead and do not use the link.\n"
    )
    send_email.enqueue(to=[user.email], subject="Your safehub account", body=body)


@transaction.atomic
def user_invite(
    *,
    actor: Any,
    email: str,
    full_name: str,
    agency: Agency,
    roles: list[str],
    job_title: str = "",
) -> User:
    """Create an inactive-password user and e-mail them a one-time link to set it.

    Idempotent on e-mail address: inviting an address that already has an account is an error
    with a clear message rather than a second account.
    """
    _require(actor, "accounts.manage_users")
    email = email.strip().lower()
    full_name = full_name.strip()
    errors: dict[str, str] = {}
    if not email:
        errors["email"] = "Enter an e-mail address"
    elif User.objects.filter(email__iexact=email).exists():
        errors["email"] = "A user with this e-mail address already exists"
    if not full_name:
        errors["full_name"] = "Enter the person's full name"
    if not agency.is_active:
        errors["agency"] = "This agency is no longer active"
    try:
        clean_roles = _clean_roles(roles)
    except ValidationError as exc:
        errors["roles"] = exc.message_dict["roles"][0]
    if errors:
        raise ValidationError(errors)
    user = User(email=email, full_name=full_name, agency=agency, job_title=job_title.strip())
    user.set_unusable_password()
    user.full_clean()
    user.save()
    RoleAssignment.objects.bulk_create([RoleAssignment(user=user, role=r) for r in clean_roles])
    _, secret = _new_invitation(user=user, invited_by=actor)
    audit_record(
        actor=actor,
        action=AuditAction.USER_INVITED,
        object_type="user",
        object_id=user.pk,
        details={"email": email, "agency_id": agency.pk, "roles": clean_roles},
    )
    transaction.on_commit(lambda: _send_invitation_email(user, secret))
    return user


@transaction.atomic
def user_reinvite(*, actor: Any, user: User) -> Invitation:
    """Revoke outstanding links and send a fresh one-time link."""
    _require(actor, "accounts.manage_users")
    if not user.is_active:
        raise ValidationError("Reactivate the user before sending a new invitation")
    user.invitations.pending().update(revoked_at=timezone.now())
    invitation, secret = _new_invitation(user=user, invited_by=actor)
    audit_record(
        actor=actor, action=AuditAction.USER_INVITED, object_type="user", object_id=user.pk,
        details={"reinvite": True},
    )  # fmt: skip
    transaction.on_commit(lambda: _send_invitation_email(user, secret))
    return invitation


def invitation_get_by_secret(secret: str) -> Invitation | None:
    invitation = (
        Invitation.objects.select_related("user").filter(token_hash=hash_secret(secret)).first()
    )
    if invitation is None or not invitation.is_usable():
        return None
    return invitation


@transaction.atomic
def invitation_accept(*, secret: str, password: str) -> User:
    invitation = invitation_get_by_secret(secret)
    if invitation is None:
        raise ValidationError("This link has expired or has already been used")
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not invitation.is_usable():
        raise ValidationError("This link has expired or has already been used")
    user = invitation.user
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    invitation.accepted_at = timezone.now()
    invitation.save(update_fields=["accepted_at"])
    audit_record(
        actor=user,
        action=AuditAction.INVITATION_ACCEPTED,
        object_type="user",
        object_id=user.pk,
    )
    return user


@transaction.atomic
def user_change_password(*, actor: Any, old_password: str, new_password: str) -> User:
    """The signed-in user changes their own password (other sessions are signed out)."""
    if not actor.check_password(old_password):
        raise ValidationError({"old_password": "Your current password is not right"})
    validate_password(new_password, actor)
    actor.set_password(new_password)
    actor.save(update_fields=["password"])
    audit_record(
        actor=actor, action=AuditAction.PASSWORD_SET, object_type="user", object_id=actor.pk
    )
    return actor


@transaction.atomic
def user_set_roles(*, actor: Any, user: User, roles: list[str]) -> User:
    _require(actor, "accounts.manage_users")
    clean_roles = _clean_roles(roles)
    if (
        user.pk == actor.pk
        and Role.ADMINISTRATOR in user.role_codes
        and Role.ADMINISTRATOR not in clean_roles
    ):
        raise ValidationError({"roles": "You cannot remove your own administrator role"})
    before = sorted(user.role_codes)
    RoleAssignment.objects.filter(user=user).exclude(role__in=clean_roles).delete()
    for role in clean_roles:
        RoleAssignment.objects.get_or_create(user=user, role=role)
    user.forget_roles()
    if before != clean_roles:
        audit_record(
            actor=actor,
            action=AuditAction.USER_ROLES_CHANGED,
            object_type="user",
            object_id=user.pk,
            details={"before": before, "after": clean_roles},
        )
    return user


@transaction.atomic
def user_deactivate(*, actor: Any, user: User, reason: str) -> User:
    """Deactivated users cannot sign in, and their sessions and API tokens stop working."""
    _require(actor, "accounts.manage_users")
    if user.pk == actor.pk:
        raise ValidationError({"reason": "You cannot deactivate your own account"})
    if not reason.strip():
        raise ValidationError({"reason": "Enter why the account is being deactivated"})
    if not user.is_active:
        return user
    user.is_active = False
    user.deactivated_at = timezone.now()
    user.save(update_fields=["is_active", "deactivated_at"])
    user.invitations.pending().update(revoked_at=timezone.now())
    audit_record(
        actor=actor,
        action=AuditAction.USER_DEACTIVATED,
        object_type="user",
        object_id=user.pk,
        reason=reason.strip(),
    )
    return user


@transaction.atomic
def user_reactivate(*, actor: Any, user: User) -> User:
    _require(actor, "accounts.manage_users")
    if user.is_active:
        return user
    user.is_active = True
    user.deactivated_at = None
    user.save(update_fields=["is_active", "deactivated_at"])
    audit_record(
        actor=actor, action=AuditAction.USER_REACTIVATED, object_type="user", object_id=user.pk
    )
    return user


@transaction.atomic
def user_unlock(*, actor: Any, user: User) -> None:
    """Clear django-axes failures for this user so they can sign in again."""
    _require(actor, "accounts.manage_users")
    axes_reset(username=user.email)
    audit_record(actor=actor, action=AuditAction.UNLOCK, object_type="user", object_id=user.pk)


@transaction.atomic
def api_token_create(*, actor: Any, name: str) -> tuple[ApiToken, str]:
    """Create a personal API token. The secret is returned once and never stored."""
    _require(actor, "accounts.manage_own_tokens")
    name = name.strip()
    if not name:
        raise ValidationError({"name": "Enter a name for the token, such as the script using it"})
    if len(name) > 100:
        raise ValidationError({"name": "Token name must be 100 characters or fewer"})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=actor, name=name, prefix=secret[:12], token_hash=hash_secret(secret)
    )
    audit_record(
        actor=actor,
        action=AuditAction.TOKEN_CREATED,
        object_type="api_token",
        object_id=token.pk,
        details={"name": name},
    )
    return token, secret


@transaction.atomic
def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    if token.user_id != actor.pk:
        raise PermissionDenied("You can revoke only your own tokens")
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor, action=AuditAction.TOKEN_REVOKED, object_type="api_token",
            object_id=token.pk,
        )  # fmt: skip
    return token


def api_token_authenticate(secret: str) -> User | None:
    """The active user owning this live token, or None. Records when the token was last used."""
    if not secret or not secret.startswith(TOKEN_PREFIX):
        return None
    token = ApiToken.objects.live().select_related("user").filter(token_hash=hash_secret(secret))
    found = token.first()
    if found is None:
        return None
    now = timezone.now()
    if found.last_used_at is None or now - found.last_used_at > timedelta(minutes=5):
        ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
    return found.user
