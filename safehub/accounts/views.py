"""Sign-in, invitations, password reset, two-factor, the account page and user management.

Views parse input, call one service or selector and render; rules live in services.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordResetForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST
from django_otp import login as otp_login

from safehub.accounts import selectors, services, two_factor
from safehub.accounts.break_glass import break_glass_page
from safehub.accounts.forms import (
    AgencyForm,
    ApiTokenForm,
    ChangePasswordForm,
    DeactivateForm,
    InviteUserForm,
    OtpTokenForm,
    PasswordResetRequestForm,
    RolesForm,
    SetPasswordForm,
    SignInForm,
)
from safehub.accounts.models import Agency, ApiToken, User
from safehub.audit.models import AuditAction
from safehub.audit.services import audit_record
from safehub.common.forms import apply_validation_error


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def lockout_response(request: HttpRequest, credentials: Any = None, *args: Any, **kw: Any):
    return render(request, "accounts/locked_out.html", status=429)


def sign_in(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return redirect("common:home")
    form = SignInForm(request, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        auth_login(request, form.user_cache)
        return HttpResponseRedirect(_safe_next(request, reverse(settings.LOGIN_REDIRECT_URL)))
    return render(
        request,
        "accounts/sign_in.html",
        {"form": form, "next": request.GET.get("next", "")},
        status=400 if form.errors else 200,
    )


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    auth_logout(request)
    messages.success(request, "You have signed out")
    return redirect("accounts:login")


def invitation_accept(request: HttpRequest, secret: str) -> HttpResponse:
    invitation = services.invitation_get_by_secret(secret)
    if invitation is None:
        return render(request, "accounts/invitation_invalid.html", status=404)
    form = SetPasswordForm(invitation.user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                secret=secret, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="new_password1")
        else:
            auth_login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Your password is set. Welcome to safehub")
            return redirect("common:home")
    return render(
        request,
        "accounts/set_password.html",
        {"form": form, "invited_user": invitation.user, "heading": "Set your password"},
    )


class SafehubPasswordResetForm(PasswordResetForm):
    """Django's reset form, sending through the task queue after the request commits."""

    def send_mail(
        self,
        subject_template_name: str,
        email_template_name: str,
        context: dict[str, Any],
        from_email: str | None,
        to_email: str,
        html_email_template_name: str | None = None,
    ) -> None:
        from django.template import loader

        from safehub.notifications.tasks import send_email

        subject = "".join(loader.render_to_string(subject_template_name, context).splitlines())
        body = loader.render_to_string(email_template_name, context)
        send_email.enqueue(to=[to_email], subject=subject, body=body)


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset.html"
    email_template_name = "accounts/email/password_reset.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    form_class = SafehubPasswordResetForm
    success_url = reverse_lazy("accounts:password_reset_done")

    def get_form(self, form_class: Any = None) -> Any:
        form = super().get_form(form_class)
        form.fields["email"] = PasswordResetRequestForm().fields["email"]
        return form

    def form_valid(self, form: Any) -> HttpResponse:
        audit_record(
            actor=None,
            actor_email=form.cleaned_data["email"],
            action=AuditAction.PASSWORD_RESET_REQUESTED,
        )
        return super().form_valid(form)

    @property
    def extra_email_context(self) -> dict[str, Any]:  # type: ignore[override]
        return {"base_url": settings.SAFEHUB_BASE_URL}


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/set_password.html"
    success_url = reverse_lazy("accounts:password_reset_complete")
    form_class = SetPasswordForm  # type: ignore[assignment]
    extra_context = {"heading": "Choose a new password"}

    def form_valid(self, form: Any) -> HttpResponse:
        user = form.user
        user.set_password(form.cleaned_data["new_password1"])
        user.save(update_fields=["password"])
        audit_record(
            actor=user, action=AuditAction.PASSWORD_SET, object_type="user", object_id=user.pk
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if user.is_verified() or not two_factor.has_confirmed_device(user):
        return redirect("common:home")
    form = OtpTokenForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            device = two_factor.two_factor_check(actor=user, token=form.cleaned_data["otp_token"])
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="otp_token")
        else:
            otp_login(request, device)
            return HttpResponseRedirect(_safe_next(request, reverse("common:home")))
    return render(
        request,
        "accounts/two_factor_verify.html",
        {"form": form, "next": request.GET.get("next", "")},
        status=400 if form.errors else 200,
    )


@login_required
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    if request.method == "POST":
        device = two_factor.pending_device(user)
        form = OtpTokenForm(data=request.POST)
        if device is None:
            return redirect("accounts:two_factor_enrol")
        if form.is_valid():
            try:
                device = two_factor.two_factor_enrol_confirm(
                    actor=user, device=device, token=form.cleaned_data["otp_token"]
                )
            except ValidationError as exc:
                apply_validation_error(form, exc, default_field="otp_token")
            else:
                otp_login(request, device)
                messages.success(request, "Two-factor authentication is set up")
                return redirect("accounts:account")
    else:
        device = two_factor.two_factor_enrol_start(actor=user)
        form = OtpTokenForm()
    return render(
        request,
        "accounts/two_factor_enrol.html",
        {
            "form": form,
            "qr_svg": two_factor.device_qr_svg(device),
            "secret": two_factor.device_secret_base32(device),
            "required": two_factor.two_factor_required(user),
        },
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def two_factor_remove(request: HttpRequest) -> HttpResponse:
    try:
        two_factor.two_factor_remove(actor=request.user)
    except ValidationError as exc:
        messages.error(request, exc.messages[0])
    else:
        messages.success(request, "Two-factor authentication is turned off")
    return redirect("accounts:account")


@login_required
def account(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    token_form = ApiTokenForm(data=request.POST or None)
    new_secret = None
    if request.method == "POST" and token_form.is_valid():
        try:
            _, new_secret = services.api_token_create(
                actor=user, name=token_form.cleaned_data["name"]
            )
        except ValidationError as exc:
            apply_validation_error(token_form, exc, default_field="name")
        else:
            token_form = ApiTokenForm()
    return render(
        request,
        "accounts/account.html",
        {
            "form": token_form,
            "tokens": selectors.api_token_list(viewer=user),
            "new_secret": new_secret,
            "has_2fa": two_factor.has_confirmed_device(user),
            "requires_2fa": two_factor.two_factor_required(user),
        },
        status=400 if token_form.errors else 200,
    )


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    form = ChangePasswordForm(user, data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_change_password(
                actor=user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password1"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="new_password1")
        else:
            update_session_auth_hash(request, user)
            messages.success(request, "Your password is changed")
            return redirect("accounts:account")
    return render(
        request,
        "accounts/password_change.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def api_token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, f"Token '{token.name}' is revoked")
    return redirect("accounts:account")


# --- user management (administrators) -------------------------------------------------------


def _require_perm(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _require_perm(request, "accounts.manage_users")
    query = request.GET.get("q", "").strip()
    agency_id = request.GET.get("agency", "")
    status = request.GET.get("status", "")
    users = selectors.user_list_for_admin(
        viewer=request.user,
        query=query,
        agency_id=int(agency_id) if agency_id.isdigit() else None,
        status=status,
    )
    audit_record(
        actor=request.user,
        action=AuditAction.SEARCH,
        object_type="user",
        details={"q": query, "agency": agency_id, "status": status},
    )
    return render(
        request,
        "accounts/user_list.html",
        {
            "users": users,
            "agencies": selectors.agency_list(active_only=False),
            "q": query,
            "agency_id": agency_id,
            "status": status,
        },
    )


@login_required
def user_invite(request: HttpRequest) -> HttpResponse:
    _require_perm(request, "accounts.manage_users")
    form = InviteUserForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.user_invite(
                actor=request.user,
                email=data["email"],
                full_name=data["full_name"],
                agency=data["agency"],
                roles=data["roles"],
                job_title=data["job_title"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"Invitation sent to {user.email}")
            return redirect("accounts:user_detail", user_id=user.pk)
    return render(
        request, "accounts/user_invite.html", {"form": form}, status=400 if form.errors else 200
    )


@login_required
def user_detail(request: HttpRequest, user_id: int) -> HttpResponse:
    _require_perm(request, "accounts.manage_users")
    subject = selectors.user_get_for_admin(viewer=request.user, user_id=user_id)
    if subject is None:
        raise Http404
    roles_form = RolesForm(
        data=request.POST if request.POST.get("action") == "roles" else None,
        initial={"roles": sorted(subject.role_codes)},
    )
    deactivate_form = DeactivateForm(
        data=request.POST if request.POST.get("action") == "deactivate" else None
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "roles" and roles_form.is_valid():
                services.user_set_roles(
                    actor=request.user, user=subject, roles=roles_form.cleaned_data["roles"]
                )
                messages.success(request, "Roles updated")
                return redirect("accounts:user_detail", user_id=subject.pk)
            if action == "deactivate" and deactivate_form.is_valid():
                services.user_deactivate(
                    actor=request.user, user=subject, reason=deactivate_form.cleaned_data["reason"]
                )
                messages.success(request, f"{subject.full_name}'s account is deactivated")
                return redirect("accounts:user_detail", user_id=subject.pk)
            if action == "reactivate":
                services.user_reactivate(actor=request.user, user=subject)
                messages.success(request, f"{subject.full_name}'s account is active again")
                return redirect("accounts:user_detail", user_id=subject.pk)
            if action == "unlock":
                services.user_unlock(actor=request.user, user=subject)
                messages.success(request, f"{subject.full_name} can sign in again")
                return redirect("accounts:user_detail", user_id=subject.pk)
            if action == "reset_2fa":
                two_factor.two_factor_reset_for_user(
                    actor=request.user, user=subject, reason=request.POST.get("reason_2fa", "")
                )
                messages.success(
                    request, f"Two-factor authentication is reset for {subject.full_name}"
                )
                return redirect("accounts:user_detail", user_id=subject.pk)
            if action == "reinvite":
                services.user_reinvite(actor=request.user, user=subject)
                messages.success(request, f"A new invitation was sent to {subject.email}")
                return redirect("accounts:user_detail", user_id=subject.pk)
        except ValidationError as exc:
            if action == "reset_2fa":
                messages.error(request, exc.messages[0])
                return redirect("accounts:user_detail", user_id=subject.pk)
            target = deactivate_form if action == "deactivate" else roles_form
            apply_validation_error(target, exc)
    audit_record(actor=request.user, action=AuditAction.VIEW, object_type="user", object_id=user_id)
    return render(
        request,
        "accounts/user_detail.html",
        {
            "subject": subject,
            "roles_form": roles_form,
            "deactivate_form": deactivate_form,
            "locked_out": selectors.user_is_locked_out(subject),
            "pending_invitation": subject.invitations.pending().exists(),
            "has_2fa": two_factor.has_confirmed_device(subject),
        },
        status=400 if (roles_form.errors or deactivate_form.errors) else 200,
    )


@login_required
def agency_list(request: HttpRequest) -> HttpResponse:
    _require_perm(request, "accounts.manage_agencies")
    form = AgencyForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            agency = services.agency_create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc)
        else:
            messages.success(request, f"{agency.name} is added")
            return redirect("accounts:agency_list")
    return render(
        request,
        "accounts/agency_list.html",
        {"agencies": Agency.objects.all().order_by("agency_type", "name"), "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def user_profile(request: HttpRequest, user_id: int) -> HttpResponse:
    """A colleague's profile. Out-of-scope profiles need break-glass, with a reason."""
    profile, needs_break_glass = selectors.user_profile_get(viewer=request.user, user_id=user_id)
    if profile is None and not needs_break_glass:
        raise Http404
    if profile is None:
        target = get_object_or_404(User, pk=user_id)
        return break_glass_page(
            request,
            object_type="user",
            object_id=user_id,
            object_label=target.full_name,
            record_description="a user profile in another agency",
        )
    audit_record(actor=request.user, action=AuditAction.VIEW, object_type="user", object_id=user_id)
    return render(request, "accounts/user_profile.html", {"profile": profile})
