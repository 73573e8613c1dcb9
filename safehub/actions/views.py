"""Pages for partner actions and the audit sample. Thin: parse, call one service or selector,
render. Every page that shows an action writes a view audit event."""

from __future__ import annotations

import csv
import io
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from safehub.actions import selectors, services
from safehub.actions.forms import AuditSampleForm, CompleteForm, GiveActionForm, WithdrawForm
from safehub.actions.models import ActionSource, PartnerAction
from safehub.audit.models import AuditAction
from safehub.audit.services import audit_record
from safehub.common.forms import apply_validation_error
from safehub.common.spreadsheets import csv_cell


def _action(request: HttpRequest, action_id: int) -> PartnerAction:
    action = selectors.action_get_for_user(user=request.user, action_id=action_id)
    if action is None:
        raise Http404
    return action


@login_required
def actions_home(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    works = user.has_perm("actions.work_on_actions")
    gives = user.has_perm("actions.give_action")
    if not (works or gives):
        raise PermissionDenied
    view = request.GET.get("view", "given" if gives and not user.agency_id else "agency")
    status = request.GET.get("status", "open")
    if view == "given" and gives:
        actions = selectors.actions_given(user=user)[:500]
    else:
        view = "agency"
        actions = selectors.agency_actions(user=user, status=status)[:500]
    shown = list(actions)
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type="partner_action_list",
        details={"view": view, "status": status, "actions": [a.pk for a in shown]},
    )
    return render(
        request,
        "actions/home.html",
        {
            "actions": shown,
            "view": view,
            "status": status,
            "gives": gives,
            "works": works,
            "today": timezone.localdate(),
        },
    )


@login_required
def action_detail(request: HttpRequest, action_id: int) -> HttpResponse:
    action = _action(request, action_id)
    user = request.user
    audit_record(
        actor=user, action=AuditAction.VIEW, object_type="partner_action", object_id=action.pk
    )
    return render(request, "actions/action_detail.html", _detail_context(request, action))


def _detail_context(
    request: HttpRequest,
    action: PartnerAction,
    complete_form: CompleteForm | None = None,
    withdraw_form: WithdrawForm | None = None,
) -> dict[str, Any]:
    user = request.user
    can_complete = user.has_perm("actions.complete_action", action)
    can_withdraw = user.has_perm("actions.withdraw_action", action)
    return {
        "action": action,
        "complete_form": complete_form or (CompleteForm() if can_complete else None),
        "withdraw_form": withdraw_form or (WithdrawForm() if can_withdraw else None),
        "can_see_case": action.case is not None and user.has_perm("pathway.view_case", action.case),
    }


@login_required
@require_POST
def action_complete(request: HttpRequest, action_id: int) -> HttpResponse:
    action = _action(request, action_id)
    form = CompleteForm(data=request.POST)
    if form.is_valid():
        try:
            services.action_complete(
                actor=request.user, action=action, evidence=form.cleaned_data["evidence"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="evidence")
        else:
            messages.success(request, "The action is confirmed done")
            return redirect("actions:action", action_id=action.pk)
    return render(
        request,
        "actions/action_detail.html",
        _detail_context(request, action, complete_form=form),
        status=400,
    )


@login_required
@require_POST
def action_withdraw(request: HttpRequest, action_id: int) -> HttpResponse:
    action = _action(request, action_id)
    if not request.user.has_perm("actions.withdraw_action", action):
        raise PermissionDenied
    form = WithdrawForm(data=request.POST)
    if form.is_valid():
        try:
            services.action_withdraw(
                actor=request.user, action=action, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="reason")
        else:
            messages.success(request, "The action is withdrawn")
            return redirect("actions:action", action_id=action.pk)
    return render(
        request,
        "actions/action_detail.html",
        _detail_context(request, action, withdraw_form=form),
        status=400,
    )


def _give_target(request: HttpRequest, kind: str, object_id: int) -> dict[str, Any]:
    """What an action is given from: an enquiry (the social worker's) or a held strategy
    meeting of a case the user may see. Anything else is not found."""
    user = request.user
    if kind == "enquiry":
        from safehub.enquiries.selectors import enquiry_get_for_user

        enquiry = enquiry_get_for_user(user=user, enquiry_id=object_id)
        if enquiry is None or not user.has_perm("enquiries.open_enquiry"):
            raise Http404
        return {
            "source": ActionSource.ENQUIRY,
            "source_id": enquiry.pk,
            "child": enquiry.child,
            "enquiry": enquiry,
            "contact": enquiry.contact,
            "case": None,
            "back": ("enquiries:enquiry", enquiry.pk),
            "label": f"Enquiry {enquiry.reference}",
        }
    if kind == "strategy-meeting":
        from safehub.pathway.models import StrategyMeeting
        from safehub.pathway.selectors import cases_visible

        meeting = (
            StrategyMeeting.objects.filter(
                pk=object_id, held_at__isnull=False, case__in=cases_visible(user=user)
            )
            .select_related("case__child")
            .first()
        )
        if meeting is None:
            raise Http404
        return {
            "source": ActionSource.STRATEGY_MEETING,
            "source_id": meeting.pk,
            "child": meeting.case.child,
            "enquiry": None,
            "contact": None,
            "case": meeting.case,
            "back": ("pathway:case", meeting.case.pk),
            "label": f"{meeting.get_kind_display()} of {meeting.held_at:%-d %b %Y} on case "
            f"{meeting.case.reference}",
        }
    raise Http404


@login_required
def action_give(request: HttpRequest, kind: str, object_id: int) -> HttpResponse:
    if not request.user.has_perm("actions.give_action"):
        raise PermissionDenied
    target = _give_target(request, kind, object_id)
    form = GiveActionForm(data=request.POST or None)
    if not request.user.has_perm("pathway.see_perpetrator_actions"):
        del form.fields["restricted"]
    if request.method == "POST" and form.is_valid():
        try:
            action = services.action_give(
                actor=request.user,
                child=target["child"],
                owning_agency=form.cleaned_data["owning_agency"],
                what=form.cleaned_data["what"],
                due_on=form.cleaned_data["due_on"],
                source=target["source"],
                source_id=target["source_id"],
                case=target["case"],
                contact=target["contact"],
                enquiry=target["enquiry"],
                restricted=bool(form.cleaned_data.get("restricted")),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="what")
        else:
            messages.success(request, f"The action is given to {action.owning_agency.name}")
            name, pk = target["back"]
            return redirect(name, pk)
    return render(
        request,
        "actions/action_give.html",
        {"form": form, "target": target},
        status=400 if form.errors else 200,
    )


def _sample(request: HttpRequest) -> tuple[AuditSampleForm, selectors.AuditSample | None]:
    if not request.user.has_perm("actions.draw_audit_sample"):
        raise PermissionDenied
    form = AuditSampleForm(data=request.GET if "seed" in request.GET else None)
    if not form.is_valid():
        return form, None
    data = form.cleaned_data
    sample = selectors.audit_sample_draw(
        date_from=data["date_from"],
        date_to=data["date_to"],
        fraction=float(data["fraction"]),
        seed=data["seed"],
    )
    return form, sample


def _sample_details(sample: selectors.AuditSample) -> dict[str, Any]:
    return {
        "from": sample.date_from.isoformat(),
        "to": sample.date_to.isoformat(),
        "fraction": sample.fraction,
        "seed": sample.seed,
        "population": sample.population,
        "contacts": [line.contact_id for line in sample.lines],
    }


@login_required
def audit_sample(request: HttpRequest) -> HttpResponse:
    form, sample = _sample(request)
    if sample is not None:
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            object_type="audit_sample",
            details=_sample_details(sample),
        )
    return render(
        request,
        "actions/audit_sample.html",
        {"form": form, "sample": sample, "query": request.GET.urlencode()},
        status=400 if form.errors else 200,
    )


@login_required
def audit_sample_csv(request: HttpRequest) -> HttpResponse:
    _form, sample = _sample(request)
    if sample is None:
        return redirect(f"{request.path.replace('.csv', '/')}?{request.GET.urlencode()}")
    audit_record(
        actor=request.user,
        action=AuditAction.EXPORT,
        object_type="audit_sample",
        details=_sample_details(sample),
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in selectors.audit_sample_rows(sample):
        writer.writerow([csv_cell(cell) for cell in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"cse-referral-audit-{sample.date_from}-{sample.date_to}-seed{sample.seed}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
