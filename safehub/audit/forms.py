from __future__ import annotations

from django import forms

from safehub.accounts.models import Agency
from safehub.audit.models import AuditAction


class AuditSearchForm(forms.Form):
    user = forms.CharField(label="User's e-mail address (or part of it)", required=False)
    agency = forms.ModelChoiceField(
        label="Agency", queryset=Agency.objects.all(), required=False, empty_label="All agencies"
    )
    action = forms.ChoiceField(
        label="Action", choices=[("", "All actions"), *AuditAction.choices], required=False
    )
    object_type = forms.CharField(label="Record type", required=False, help_text="For example user")
    object_id = forms.CharField(label="Record id", required=False)
    date_from = forms.DateField(
        label="From (date)",
        required=False,
        help_text="For example 2026-11-01",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the 'from' date as YYYY-MM-DD"},
    )
    date_to = forms.DateField(
        label="To (date)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Enter the 'to' date as YYYY-MM-DD"},
    )

    def clean(self) -> dict:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", "The 'to' date must be the same as or after the 'from' date")
        return cleaned


class BreakGlassReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label="Was this access justified?",
        choices=[("justified", "Justified"), ("not_justified", "Not justified")],
        widget=forms.RadioSelect,
        error_messages={"required": "Select whether the access was justified"},
    )
    note = forms.CharField(
        label="Note (required if not justified)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
