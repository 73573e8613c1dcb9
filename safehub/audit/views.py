"""The auditor's pages: search the trail, export it as CSV, review break-glass access."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from safehub.audit.forms import AuditSearchForm, BreakGlassReviewForm
from safehub.audit.models import AuditAction, BreakGlassAccess
from safehub.audit.selectors import AuditFilters, audit_event_search, break_glass_list
from safehub.audit.services import audit_record, break_glass_review
from safehub.common.forms import apply_validation_error
from safehub.common.spreadsheets import csv_cell

CSV_COLUMNS = [
    "occurred_at",
    "actor_email",
    "agency",
    "action",
    "object_type",
    "object_id",
    "reason",
    "request_id",
    "ip_address",
    "details",
]


def _filters(form: AuditSearchForm) -> AuditFilters:
    data = form.cleaned_data
    return AuditFilters(
        user=data.get("user") or "",
        agency_id=data["agency"].pk if data.get("agency") else None,
        action=data.get("action") or "",
        object_type=data.get("object_type") or "",
        object_id=data.get("object_id") or "",
        date_from=data.get("date_from"),
        date_to=data.get("date_to"),
    )


def _public_filters(form: AuditSearchForm) -> dict[str, Any]:
    return {k: str(v) for k, v in form.cleaned_data.items() if v not in (None, "")}


@login_required
def search(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("audit.view_audit_trail"):
        raise PermissionDenied
    form = AuditSearchForm(data=request.GET or None)
    page = None
    if not request.GET or form.is_valid():
        if not request.GET:
            form = AuditSearchForm(data={})
            form.is_valid()
        events = audit_event_search(viewer=request.user, filters=_filters(form))
        page = Paginator(events, 50).get_page(request.GET.get("page"))
        audit_record(
            actor=request.user,
            action=AuditAction.SEARCH,
            object_type="audit_event",
            details=_public_filters(form),
        )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/search.html",
        {"form": form, "page": page, "query": query.urlencode()},
        status=400 if form.errors else 200,
    )


class _Echo:
    def write(self, value: str) -> str:
        return value


@login_required
def export_csv(request: HttpRequest) -> HttpResponseBase:
    if not request.user.has_perm("audit.export_audit_trail"):
        raise PermissionDenied
    form = AuditSearchForm(data=request.GET)
    if not form.is_valid():
        return redirect(f"{request.path.replace('export.csv', '')}?{request.GET.urlencode()}")
    events = audit_event_search(viewer=request.user, filters=_filters(form))
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="audit_event",
        details={**_public_filters(form), "rows": events.count()},
    )
    writer = csv.writer(_Echo())

    def rows() -> Iterator[str]:
        yield writer.writerow(CSV_COLUMNS)
        for event in events.iterator(chunk_size=2000):
            yield writer.writerow(
                csv_cell(value)
                for value in [
                    event.occurred_at.isoformat(),
                    event.actor_email,
                    event.agency.name if event.agency else "",
                    event.action,
                    event.object_type,
                    event.object_id,
                    event.reason,
                    event.request_id,
                    event.ip_address or "",
                    event.details,
                ]
            )

    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="safehub-audit-{stamp}.csv"'
    return response


@login_required
def break_glass_reviews(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("audit.review_break_glass"):
        raise PermissionDenied
    show = request.GET.get("show", "unreviewed")
    grants = break_glass_list(viewer=request.user, unreviewed_only=show != "all")
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        object_type="break_glass",
        details={"show": show},
    )
    return render(
        request,
        "audit/break_glass_list.html",
        {"grants": grants[:200], "show": show},
    )


@login_required
def break_glass_review_view(request: HttpRequest, access_id: int) -> HttpResponse:
    if not request.user.has_perm("audit.review_break_glass"):
        raise PermissionDenied
    access = get_object_or_404(BreakGlassAccess.objects.select_related("user"), pk=access_id)
    form = BreakGlassReviewForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            break_glass_review(
                actor=request.user,
                access=access,
                outcome=form.cleaned_data["outcome"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="outcome")
        else:
            messages.success(request, "Review recorded")
            return redirect("audit:break_glass_list")
    audit_record(
        actor=request.user, action=AuditAction.VIEW, object_type="break_glass", object_id=access.pk
    )
    return render(
        request,
        "audit/break_glass_review.html",
        {"access": access, "form": form},
        status=400 if form.errors else 200,
    )
