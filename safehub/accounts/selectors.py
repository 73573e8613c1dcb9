"""Reads about users and agencies, always scoped to the viewer."""

from __future__ import annotations

from typing import Any

from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Q, QuerySet

from safehub.accounts.models import Agency, ApiToken, User
from safehub.audit.selectors import break_glass_active


def user_list_for_admin(
    *, viewer: Any, query: str = "", agency_id: int | None = None, status: str = ""
) -> QuerySet[User]:
    if not viewer.has_perm("accounts.manage_users"):
        return User.objects.none()
    users = User.objects.select_related("agency").prefetch_related("role_assignments")
    if query:
        users = users.filter(Q(full_name__icontains=query) | Q(email__icontains=query))
    if agency_id:
        users = users.filter(agency_id=agency_id)
    if status == "active":
        users = users.filter(is_active=True)
    elif status == "deactivated":
        users = users.filter(is_active=False)
    return users.order_by("full_name")


def user_get_for_admin(*, viewer: Any, user_id: int) -> User | None:
    if not viewer.has_perm("accounts.manage_users"):
        return None
    return User.objects.select_related("agency").filter(pk=user_id).first()


def user_profile_get(*, viewer: Any, user_id: int) -> tuple[User | None, bool]:
    """(profile, needs_break_glass).

    Returns the profile when the viewer may see it normally or holds a live break-glass grant.
    When the profile exists but is out of scope, returns (None, True) only to viewers who may use
    break-glass; everyone else gets (None, False), the same as for a profile that does not exist.
    """
    user = User.objects.select_related("agency").filter(pk=user_id).first()
    if user is None:
        return None, False
    if viewer.has_perm("accounts.view_user_profile", user):
        return user, False
    if break_glass_active(user=viewer, object_type="user", object_id=user.pk):
        return user, False
    if viewer.has_perm("accounts.use_break_glass"):
        return None, True
    return None, False


def user_is_locked_out(user: User) -> bool:
    return AccessAttempt.objects.filter(
        username__iexact=user.email, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    ).exists()


def agency_list(*, active_only: bool = True) -> QuerySet[Agency]:
    agencies = Agency.objects.all()
    return agencies.active() if active_only else agencies


def api_token_list(*, viewer: Any) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=viewer).order_by("-created_at")
