"""TOTP two-factor authentication (django-otp).

Any user may enrol. When SAFEHUB_REQUIRE_2FA is on, users holding one of SAFEHUB_2FA_ROLES must
enrol before they can do anything else; any user with a confirmed device must pass the check at
every sign-in.
"""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django_otp.plugins.otp_totp.models import TOTPDevice

from safehub.audit.models import AuditAction
from safehub.audit.services import audit_record


def two_factor_required(user: Any) -> bool:
    return bool(
        settings.SAFEHUB_REQUIRE_2FA
        and getattr(user, "is_authenticated", False)
        and user.has_role(*settings.SAFEHUB_2FA_ROLES)
    )


def confirmed_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def has_confirmed_device(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


@transaction.atomic
def two_factor_enrol_start(*, actor: Any) -> TOTPDevice:
    """A fresh unconfirmed device; an earlier unfinished enrolment is discarded."""
    TOTPDevice.objects.filter(user=actor, confirmed=False).delete()
    return TOTPDevice.objects.create(user=actor, name="Authenticator app", confirmed=False)


def pending_device(user: Any) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()


def device_qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG QR code (no network, no image file)."""
    qr = segno.make(device.config_url, error="m")
    svg: str = qr.svg_inline(scale=4, title="QR code for your authenticator app")
    return svg


def device_secret_base32(device: TOTPDevice) -> str:
    import base64

    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


@transaction.atomic
def two_factor_enrol_confirm(*, actor: Any, device: TOTPDevice, token: str) -> TOTPDevice:
    if device.user_id != actor.pk or device.confirmed:
        raise ValidationError({"otp_token": "Start setting up two-factor authentication again"})
    if not device.verify_token(token):
        raise ValidationError(
            {"otp_token": "The code is not right. Check the time on your phone and try again"}
        )
    TOTPDevice.objects.filter(user=actor, confirmed=True).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(
        actor=actor, action=AuditAction.TWO_FACTOR_ENROLLED, object_type="user", object_id=actor.pk
    )
    return device


def two_factor_check(*, actor: Any, token: str) -> TOTPDevice:
    """Verify a code at sign-in. Failures are audited and count towards throttling.

    Not wrapped in one transaction: the failure's audit event must survive the error raised.
    """
    device = confirmed_device(actor)
    if device is None:
        raise ValidationError({"otp_token": "You have not set up two-factor authentication"})
    allowed, _ = device.verify_is_allowed()
    if allowed and device.verify_token(token):
        audit_record(
            actor=actor,
            action=AuditAction.TWO_FACTOR_VERIFIED,
            object_type="user",
            object_id=actor.pk,
        )
        return device
    audit_record(
        actor=actor, action=AuditAction.TWO_FACTOR_FAILED, object_type="user", object_id=actor.pk
    )
    raise ValidationError({"otp_token": "The code is not right. Wait for a new code and try again"})


@transaction.atomic
def two_factor_reset_for_user(*, actor: Any, user: Any, reason: str) -> None:
    """An administrator removes a user's devices (lost phone); the user sets up again at their
    next sign-in if their role requires it. The reason is recorded."""
    if not actor.has_perm("accounts.manage_users"):
        raise PermissionDenied("Not permitted: accounts.manage_users")
    if not reason.strip():
        raise ValidationError({"reason": "Enter why two-factor authentication is being reset"})
    deleted, _ = TOTPDevice.objects.filter(user=user).delete()
    if deleted:
        audit_record(
            actor=actor,
            action=AuditAction.TWO_FACTOR_REMOVED,
            object_type="user",
            object_id=user.pk,
            reason=reason.strip(),
        )


@transaction.atomic
def two_factor_remove(*, actor: Any) -> None:
    if two_factor_required(actor):
        raise ValidationError("Two-factor authentication is required for your role")
    deleted, _ = TOTPDevice.objects.filter(user=actor).delete()
    if deleted:
        audit_record(
            actor=actor,
            action=AuditAction.TWO_FACTOR_REMOVED,
            object_type="user",
            object_id=actor.pk,
        )
