"""Forms for sign-in, invitations, user management, 2FA and tokens.

Forms only parse and check the shape of input; rules live in the services.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth import authenticate
from django.contrib.auth.password_validation import validate_password
from django.http import HttpRequest

from safehub.accounts.models import Agency, AgencyType, Role

SIGN_IN_ERROR = "Enter a correct e-mail address and password"


class SignInForm(forms.Form):
    username = forms.EmailField(
        label="E-mail address",
        max_length=254,
        error_messages={
            "required": "Enter your e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "username", "spellcheck": "false"}),
    )
    password = forms.CharField(
        label="Password",
        strip=False,
        error_messages={"required": "Enter your password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, request: HttpRequest, *args: Any, **kwargs: Any) -> None:
        self.request = request
        self.user_cache: Any = None
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        email = cleaned.get("username")
        password = cleaned.get("password")
        if email and password:
            self.user_cache = authenticate(self.request, username=email, password=password)
            if self.user_cache is None or not self.user_cache.is_active:
                # Same message whichever part was wrong, and for deactivated accounts.
                self.user_cache = None
                raise forms.ValidationError(SIGN_IN_ERROR, code="invalid_login")
        return cleaned


class SetPasswordForm(forms.Form):
    new_password1 = forms.CharField(
        label="New password",
        strip=False,
        help_text="At least 12 characters. A few unrelated words make a strong password.",
        error_messages={"required": "Enter a new password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    new_password2 = forms.CharField(
        label="Confirm new password",
        strip=False,
        error_messages={"required": "Confirm your new password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )

    def __init__(self, user: Any, *args: Any, **kwargs: Any) -> None:
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_new_password2(self) -> str:
        p1 = self.cleaned_data.get("new_password1")
        p2 = self.cleaned_data.get("new_password2", "")
        if p1 and p2 and p1 != p2:
            raise forms.ValidationError("The passwords do not match")
        if p2:
            validate_password(p2, self.user)
        return p2


class ChangePasswordForm(SetPasswordForm):
    old_password = forms.CharField(
        label="Current password",
        strip=False,
        error_messages={"required": "Enter your current password"},
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )
    field_order = ["old_password", "new_password1", "new_password2"]

    def clean_old_password(self) -> str:
        old: str = self.cleaned_data["old_password"]
        if not self.user.check_password(old):
            raise forms.ValidationError("Your current password is not right")
        return old


class RolesField(forms.MultipleChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        super().__init__(
            choices=Role.choices,
            widget=forms.CheckboxSelectMultiple,
            error_messages={"required": "Select at least one role"},
            **kwargs,
        )


class InviteUserForm(forms.Form):
    full_name = forms.CharField(
        label="Full name", max_length=200, error_messages={"required": "Enter the full name"}
    )
    email = forms.EmailField(
        label="E-mail address",
        error_messages={
            "required": "Enter an e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"spellcheck": "false", "autocomplete": "off"}),
    )
    job_title = forms.CharField(label="Job title (optional)", max_length=200, required=False)
    agency = forms.ModelChoiceField(
        label="Agency",
        queryset=Agency.objects.active(),
        empty_label="Select an agency",
        error_messages={"required": "Select the agency the person works for"},
    )
    roles = RolesField(label="Roles")


class RolesForm(forms.Form):
    roles = RolesField(label="Roles")


class DeactivateForm(forms.Form):
    reason = forms.CharField(
        label="Why is this account being deactivated?",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Enter why the account is being deactivated"},
    )


class AgencyForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=200, error_messages={"required": "Enter the agency's name"}
    )
    short_name = forms.CharField(label="Short name (optional)", max_length=40, required=False)
    agency_type = forms.ChoiceField(
        label="Type of agency",
        choices=AgencyType.choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Select the type of agency"},
    )


class OtpTokenForm(forms.Form):
    otp_token = forms.CharField(
        label="Code from your authenticator app",
        help_text="The 6-digit code, for example 123456",
        max_length=8,
        error_messages={"required": "Enter the 6-digit code from your authenticator app"},
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "numeric",
                "spellcheck": "false",
                "class": "govuk-input--width-5",
            }
        ),
    )

    def clean_otp_token(self) -> str:
        token = "".join(self.cleaned_data["otp_token"].split())
        if not token.isdigit() or len(token) != 6:
            raise forms.ValidationError("Enter the 6-digit code from your authenticator app")
        return token


class ApiTokenForm(forms.Form):
    name = forms.CharField(
        label="Token name",
        help_text="What will use it, for example 'nightly import script'",
        max_length=100,
        error_messages={"required": "Enter a name for the token"},
    )


class BreakGlassForm(forms.Form):
    reason = forms.CharField(
        label="Why do you need to open this record?",
        help_text=(
            "Your reason is recorded and reviewed. Say which child or case this is about "
            "and why you cannot wait for normal access."
        ),
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": "Enter why you need to open this record"},
    )

    def clean_reason(self) -> str:
        reason = self.cleaned_data["reason"].strip()
        if len(reason) < 10:
            raise forms.ValidationError("Enter a reason of at least 10 characters")
        return reason


class PasswordResetRequestForm(forms.Form):
    email = forms.EmailField(
        label="E-mail address",
        error_messages={
            "required": "Enter your e-mail address",
            "invalid": "Enter an e-mail address in the correct format, like name@example.org",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email", "spellcheck": "false"}),
    )
