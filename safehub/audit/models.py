"""The audit trail: an append-only record of who did what to which record, and why.

Guarantees:
- events are only ever inserted: `save()` on an existing event, `delete()`, and the queryset's
  `update()`/`delete()` raise `AuditImmutableError`; database triggers (migration 0002) reject
  UPDATE on every backend and DELETE on PostgreSQL, so raw SQL cannot change history either;
- services write their event inside the same transaction as the change, so a rolled-back change
  leaves no event and a committed change always has one.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models


class AuditImmutableError(Exception):
    """Raised on any attempt to change or remove an audit event."""


class AuditAction(models.TextChoices):
    # Sign-in and account security
    LOGIN = "login", "Signed in"
    LOGIN_FAILED = "login_failed", "Failed sign-in"
    LOCKED_OUT = "locked_out", "Locked out"
    LOGOUT = "logout", "Signed out"
    UNLOCK = "unlock", "Unlocked a user"
    PASSWORD_RESET_REQUESTED = "password_reset_requested", "Asked for a password reset"
    PASSWORD_SET = "password_set", "Set a password"
    TWO_FACTOR_ENROLLED = "two_factor_enrolled", "Set up two-factor authentication"
    TWO_FACTOR_VERIFIED = "two_factor_verified", "Passed two-factor check"
    TWO_FACTOR_FAILED = "two_factor_failed", "Failed two-factor check"
    TWO_FACTOR_REMOVED = "two_factor_removed", "Removed two-factor authentication"
    # Users and agencies
    USER_INVITED = "user_invited", "Invited a user"
    INVITATION_ACCEPTED = "invitation_accepted", "Accepted an invitation"
    USER_ROLES_CHANGED = "user_roles_changed", "Changed a user's roles"
    USER_DEACTIVATED = "user_deactivated", "Deactivated a user"
    USER_REACTIVATED = "user_reactivated", "Reactivated a user"
    AGENCY_CREATED = "agency_created", "Added an agency"
    AGENCY_UPDATED = "agency_updated", "Changed an agency"
    TOKEN_CREATED = "token_created", "Created an API token"
    TOKEN_REVOKED = "token_revoked", "Revoked an API token"
    # Records
    VIEW = "view", "Viewed"
    SEARCH = "search", "Searched"
    EXPORT = "export", "Exported"
    CREATE = "create", "Created"
    UPDATE = "update", "Changed"
    SHARE = "share", "Shared"
    DECIDE_NOT_TO_SHARE = "decide_not_to_share", "Decided not to share"
    BREAK_GLASS = "break_glass", "Opened a record outside normal access"
    ACCESS_DENIED = "access_denied", "Was refused access"
    NOTIFICATION_SENT = "notification_sent", "Was sent a notification"


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> int:
        raise AuditImmutableError("Audit events cannot be changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditImmutableError("Audit events cannot be deleted")

    def bulk_update(self, *args: Any, **kwargs: Any) -> int:
        raise AuditImmutableError("Audit events cannot be changed")

    def for_object(self, object_type: str, object_id: str | int) -> AuditEventQuerySet:
        return self.filter(object_type=object_type, object_id=str(object_id))


class AuditEvent(models.Model):
    occurred_at = models.DateTimeField(db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        db_constraint=True,
    )
    actor_email = models.CharField(max_length=254, blank=True)
    agency = models.ForeignKey(
        "accounts.Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=40, choices=AuditAction.choices, db_index=True)
    object_type = models.CharField(max_length=60, blank=True, db_index=True)
    object_id = models.CharField(max_length=64, blank=True, db_index=True)
    reason = models.TextField(blank=True)
    request_id = models.CharField(max_length=64, blank=True, db_index=True)
    ip_address = models.GenericIPAddressField(null=True, blank=True)
    details = models.JSONField(default=dict, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["object_type", "object_id", "occurred_at"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M} {self.actor_email or 'system'} {self.action}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or kwargs.get("force_update"):
            raise AuditImmutableError("Audit events cannot be changed")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        raise AuditImmutableError("Audit events cannot be deleted")


class BreakGlassAccess(models.Model):
    """A user's reasoned access to one record outside their normal scope, for a limited time.

    Listed for review by auditors; a reviewer records whether the access was justified. The
    access itself is also an audit event (action `break_glass`).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="break_glass_accesses"
    )
    object_type = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64)
    object_label = models.CharField(max_length=200, blank=True)
    reason = models.TextField()
    granted_at = models.DateTimeField(db_index=True)
    expires_at = models.DateTimeField()
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    review_outcome = models.CharField(
        max_length=20,
        blank=True,
        choices=[("justified", "Justified"), ("not_justified", "Not justified")],
    )
    review_note = models.TextField(blank=True)

    class Meta:
        ordering = ["-granted_at"]
        indexes = [models.Index(fields=["user", "object_type", "object_id", "expires_at"])]

    def __str__(self) -> str:
        return f"{self.user} → {self.object_type} {self.object_id}"
