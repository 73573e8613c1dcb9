"""The break-glass page shared by every record type: ask for a reason, grant, or refuse."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from safehub.accounts.forms import BreakGlassForm
from safehub.audit.models import AuditAction
from safehub.audit.services import audit_record, break_glass_grant
from safehub.common.forms import apply_validation_error


def break_glass_page(
    request: HttpRequest,
    *,
    object_type: str,
    object_id: int,
    object_label: str,
    record_description: str,
) -> HttpResponse:
    """For a record the viewer may open only through break-glass: on a valid reason, grant
    access and send them back to the same address; otherwise show the reason form (403, or 400
    with the error) and audit the refused access."""
    form = BreakGlassForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            break_glass_grant(
                actor=request.user,
                object_type=object_type,
                object_id=object_id,
                object_label=object_label,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="reason")
        else:
            return redirect(request.path)
    audit_record(
        actor=request.user,
        action=AuditAction.ACCESS_DENIED,
        object_type=object_type,
        object_id=object_id,
        details={"break_glass_offered": True},
    )
    return render(
        request,
        "accounts/break_glass.html",
        {"form": form, "record_description": record_description},
        status=400 if form.errors else 403,
    )
