"""Helpers to show a service's ValidationError on the form that collected the input."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

# Dates as people type them in forms (day first, as in the UK).
DATE_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d", "%d-%m-%Y", "%d %m %Y"]


def apply_validation_error(
    form: forms.Form, exc: ValidationError, default_field: str | None = None
) -> None:
    """Attach each message to its field when the form has it; otherwise to the form (or to
    `default_field`), so that the GOV.UK error summary links to the right place."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            target = field if field in form.fields else default_field
            for message in errors:
                form.add_error(target, message)
    else:
        for message in exc.messages:
            form.add_error(default_field, message)
