"""Agencies of the partnership and the people who use safehub.

A user belongs to exactly one agency and holds one or more roles. Roles grant permissions only
through the named predicates in `safehub.accounts.rules`; nothing else in the code checks a role
name directly.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING, Any

from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from safehub.common.models import TimeStampedModel

if TYPE_CHECKING:
    from collections.abc import Iterable


class AgencyType(models.TextChoices):
    CHILDRENS_SERVICES = "childrens_services", "Children's services"
    FRONT_DOOR = "front_door", "Front door / MASH"
    CSE_TEAM = "cse_team", "Specialist CSE team"
    POLICE = "police", "Police"
    HEALTH = "health", "Health"
    EDUCATION = "education", "Education (school or college)"
    HOUSING = "housing", "Housing"
    LICENSING = "licensing", "Licensing"
    PROBATION = "probation", "Probation / youth justice"
    VOLUNTARY = "voluntary", "Voluntary sector"
    OTHER_LOCAL_AUTHORITY = "other_la", "Other local authority"


class AgencyQuerySet(models.QuerySet["Agency"]):
    def active(self) -> AgencyQuerySet:
        return self.filter(is_active=True)

    def of_type(self, agency_type: str) -> AgencyQuerySet:
        return self.filter(agency_type=agency_type)


class Agency(TimeStampedModel):
    """An organisation in the partnership. Each school is an agency of its own."""

    name = models.CharField(max_length=200, unique=True)
    short_name = models.CharField(max_length=40, blank=True)
    agency_type = models.CharField(max_length=32, choices=AgencyType.choices)
    email = models.EmailField(blank=True, help_text="Shared inbox for the agency, if any")
    is_active = models.BooleanField(default=True)
    history = HistoricalRecords()

    objects = AgencyQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "agencies"

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    FRONT_DOOR_ADVISOR = "front_door_advisor", "Front-door advisor"
    SAFEGUARDING_SOCIAL_WORKER = "safeguarding_social_worker", "Safeguarding social worker"
    CSE_PRACTITIONER = "cse_practitioner", "CSE practitioner"
    TEAM_MANAGER = "team_manager", "Team manager"
    RISK_PANEL_CHAIR = "risk_panel_chair", "Risk-panel chair"
    PARTNER_CONTRIBUTOR = "partner_contributor", "Partner contributor"
    POLICE_OFFICER = "police_officer", "Police officer"
    INTELLIGENCE_ANALYST = "intelligence_analyst", "Intelligence analyst"
    LICENSING_OFFICER = "licensing_officer", "Licensing officer"
    PERFORMANCE_ANALYST = "performance_analyst", "Performance analyst"
    ADMINISTRATOR = "administrator", "Administrator"
    AUDITOR = "auditor", "Auditor"


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def get_by_natural_key(self, username: str | None) -> User:
        return self.get(email__iexact=username or "")

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> User:
        if not email:
            raise ValueError("An e-mail address is required")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> User:
        """For `createsuperuser`: an administrator of the first agency (created if absent)."""
        agency = (
            extra.pop("agency", None)
            or Agency.objects.get_or_create(
                name="Partnership administration",
                defaults={"agency_type": AgencyType.CHILDRENS_SERVICES},
            )[0]
        )
        user = self.create_user(email, password, agency=agency, **extra)
        RoleAssignment.objects.create(user=user, role=Role.ADMINISTRATOR)
        return user


class User(AbstractBaseUser, PermissionsMixin):
    """A person who signs in to safehub. Signs in with an e-mail address."""

    email = models.EmailField(unique=True)
    full_name = models.CharField(max_length=200)
    job_title = models.CharField(max_length=200, blank=True)
    phone = models.CharField(max_length=40, blank=True)
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="users")
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    deactivated_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["full_name"]

    class Meta:
        ordering = ["full_name"]

    def __str__(self) -> str:
        return f"{self.full_name} ({self.email})"

    @property
    def role_codes(self) -> frozenset[str]:
        """The user's roles, read once per request object and cached on it."""
        cached: frozenset[str] | None = getattr(self, "_role_codes", None)
        if cached is None:
            if self.pk is None:
                cached = frozenset()
            else:
                cached = frozenset(self.role_assignments.values_list("role", flat=True))
            self._role_codes = cached
        return cached

    def forget_roles(self) -> None:
        self.__dict__.pop("_role_codes", None)

    def has_role(self, *roles: str) -> bool:
        return bool(self.role_codes.intersection(roles))

    @property
    def role_labels(self) -> list[str]:
        return [Role(code).label for code in sorted(self.role_codes)]

    def has_module_perms(self, app_label: str) -> bool:
        """Django's admin lists an app only for administrators (model permissions are then
        checked one by one through the predicates in accounts.rules)."""
        return self.is_active and self.has_perm("accounts.use_django_admin")

    @property
    def is_staff(self) -> bool:
        """Django's admin site is for administrators only."""
        return self.is_active and self.has_role(Role.ADMINISTRATOR)


class RoleAssignment(TimeStampedModel):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_assignments")
    role = models.CharField(max_length=40, choices=Role.choices)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "role"], name="unique_role_per_user"),
        ]

    def __str__(self) -> str:
        return f"{self.user.email}: {self.get_role_display()}"


def hash_secret(secret: str) -> str:
    """SHA-256 of a high-entropy random secret (tokens, invitation links).

    These secrets are 32+ random bytes, so a fast hash is safe and lets us look them up by hash;
    passwords, which are low-entropy, use Argon2 instead.
    """
    return hashlib.sha256(secret.encode()).hexdigest()


class InvitationQuerySet(models.QuerySet["Invitation"]):
    def pending(self) -> InvitationQuerySet:
        return self.filter(accepted_at__isnull=True, revoked_at__isnull=True)


class Invitation(TimeStampedModel):
    """A one-time link that lets an invited user set their password. Stored hashed."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="invitations")
    invited_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="invitations_sent", null=True
    )
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = InvitationQuerySet.as_manager()

    def is_usable(self) -> bool:
        return (
            self.accepted_at is None
            and self.revoked_at is None
            and self.expires_at > timezone.now()
            and self.user.is_active
        )


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def live(self) -> ApiTokenQuerySet:
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(TimeStampedModel):
    """A personal API token. Only its SHA-256 hash and a short prefix are stored."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=12, db_index=True)
    token_hash = models.CharField(max_length=64, unique=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"


def roles_from(codes: Iterable[str]) -> list[Role]:
    return [Role(code) for code in codes]
