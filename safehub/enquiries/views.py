"""Pages for enquiries. Thin: parse, call one service or selector, render. Every page that
shows an enquiry writes a view audit event."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from safehub.actions.selectors import actions_for_enquiry
from safehub.audit.models import AuditAction
from safehub.audit.services import audit_record
from safehub.common.forms import apply_validation_error
from safehub.enquiries import selectors, services
from safehub.enquiries.forms import CloseForm, EntryForm, InviteForm, OpenEnquiryForm, SharingForm
from safehub.enquiries.models import Enquiry, EnquiryStatus
from safehub.frontdoor.selectors import contact_get_for_user


def _enquiry(request: HttpRequest, enquiry_id: int) -> Enquiry:
    enquiry = selectors.enquiry_get_for_user(user=request.user, enquiry_id=enquiry_id)
    if enquiry is None:
        raise Http404
    return enquiry


@login_required
def enquiry_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    sees_all = user.has_perm("enquiries.open_enquiry")
    if not (sees_all or user.has_perm("enquiries.contribute_to_enquiry")):
        raise PermissionDenied
    enquiries = (
        selectors.enquiries_visible(user=user)
        .filter(status=EnquiryStatus.OPEN)
        .select_related("child")[:200]
        if sees_all
        else []
    )
    tasks = selectors.invitations_for_agency(user=user).select_related("enquiry__child")[:200]
    audit_record(actor=user, action=AuditAction.VIEW, object_type="enquiry_list")
    return render(
        request,
        "enquiries/enquiry_list.html",
        {"enquiries": enquiries, "tasks": tasks, "sees_all": sees_all, "now": timezone.now()},
    )


@login_required
def enquiry_open(request: HttpRequest, contact_id: int) -> HttpResponse:
    if not request.user.has_perm("enquiries.open_enquiry"):
        raise PermissionDenied
    contact = contact_get_for_user(user=request.user, contact_id=contact_id)
    if contact is None:
        raise Http404
    form = OpenEnquiryForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enquiry = services.enquiry_open(
                actor=request.user, contact=contact, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="reason")
        else:
            messages.success(request, f"Enquiry {enquiry.reference} is open")
            return redirect("enquiries:enquiry", enquiry_id=enquiry.pk)
    return render(
        request,
        "enquiries/enquiry_open.html",
        {"contact": contact, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def enquiry_detail(request: HttpRequest, enquiry_id: int) -> HttpResponse:
    enquiry = _enquiry(request, enquiry_id)
    user = request.user
    entries = list(selectors.entries_visible(user=user, enquiry=enquiry))
    for entry in entries:
        entry.show_informant = bool(entry.informant) and (  # type: ignore[attr-defined]
            not entry.informant_identity_protected
            or user.has_perm("enquiries.see_protected_informant", entry)
        )
    invitations = list(enquiry.invitations.select_related("agency").order_by("agency__name"))
    can_manage = user.has_perm("enquiries.manage_enquiry", enquiry)
    agency_id = getattr(user, "agency_id", None)
    my_invitation = next((i for i in invitations if i.agency_id == agency_id), None)
    invite_form = InviteForm(exclude=[i.agency_id for i in invitations]) if can_manage else None
    audit_record(
        actor=user,
        action=AuditAction.VIEW,
        object_type="enquiry",
        object_id=enquiry.pk,
        details={"entries_shown": [e.pk for e in entries]},
    )
    return render(
        request,
        "enquiries/enquiry_detail.html",
        {
            "enquiry": enquiry,
            "entries": entries,
            "sees_all": user.has_perm("enquiries.open_enquiry"),
            "invitations": invitations if user.has_perm("enquiries.open_enquiry") else [],
            "my_invitation": my_invitation,
            "can_manage": can_manage,
            "can_add": user.has_perm("enquiries.add_entry", enquiry),
            "invite_form": invite_form,
            "sharing": selectors.sharing_decisions_visible(user=user, enquiry=enquiry),
            "actions": actions_for_enquiry(user=user, enquiry=enquiry),
            "can_give_action": user.has_perm("enquiries.open_enquiry")
            and user.has_perm("actions.give_action"),
        },
    )


@login_required
@require_POST
def enquiry_invite(request: HttpRequest, enquiry_id: int) -> HttpResponse:
    enquiry = _enquiry(request, enquiry_id)
    if not request.user.has_perm("enquiries.manage_enquiry", enquiry):
        raise PermissionDenied
    invitations = enquiry.invitations.values_list("agency_id", flat=True)
    form = InviteForm(data=request.POST, exclude=list(invitations))
    if form.is_valid():
        created = services.enquiry_invite(
            actor=request.user, enquiry=enquiry, agencies=form.cleaned_data["agencies"]
        )
        messages.success(request, f"{len(created)} agencies invited")
    else:
        messages.error(request, "Select at least one agency to invite")
    return redirect("enquiries:enquiry", enquiry_id=enquiry.pk)


@login_required
def entry_new(request: HttpRequest, enquiry_id: int) -> HttpResponse:
    enquiry = _enquiry(request, enquiry_id)
    if not request.user.has_perm("enquiries.add_entry", enquiry):
        raise PermissionDenied
    form = EntryForm(data=request.POST or None)
    key = request.POST.get("submission_key") or uuid.uuid4().hex
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.enquiry_entry_add(
                actor=request.user,
                enquiry=enquiry,
                data=services.EntryInput(
                    kind=data["kind"],
                    happened_on=data["happened_on"],
                    text=data["text"],
                    about_description=(
                        data["about_description"] if data["about"] == "other" else ""
                    ),
                    informant=data["informant"],
                    informant_identity_protected=data["informant_identity_protected"],
                    submission_key=f"entry-{request.user.pk}-{key}",
                ),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="text")
        else:
            messages.success(request, "Your agency's entry is added")
            return redirect("enquiries:enquiry", enquiry_id=enquiry.pk)
    return render(
        request,
        "enquiries/entry_new.html",
        {"enquiry": enquiry, "form": form, "submission_key": key},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def nothing_known(request: HttpRequest, enquiry_id: int) -> HttpResponse:
    enquiry = _enquiry(request, enquiry_id)
    services.enquiry_nothing_known(actor=request.user, enquiry=enquiry)
    messages.success(request, "Recorded: your agency holds nothing about the child")
    return redirect("enquiries:enquiry", enquiry_id=enquiry.pk)


@login_required
@require_POST
def entry_relevant(request: HttpRequest, enquiry_id: int, entry_id: int) -> HttpResponse:
    enquiry = _enquiry(request, enquiry_id)
    entry = selectors.entry_get_for_user(user=request.user, entry_id=entry_id)
    if entry is None or entry.enquiry_id != enquiry.pk:
        raise Http404
    services.enquiry_entry_mark_relevant(
        actor=request.user, entry=entry, relevant=request.POST.get("relevant") == "yes"
    )
    return redirect(f"{reverse('enquiries:enquiry', args=[enquiry.pk])}#entry-{entry.pk}")


@login_required
def enquiry_close(request: HttpRequest, enquiry_id: int) -> HttpResponse:
    enquiry = _enquiry(request, enquiry_id)
    if not request.user.has_perm("enquiries.manage_enquiry", enquiry):
        raise PermissionDenied
    form = CloseForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.enquiry_close(
                actor=request.user,
                enquiry=enquiry,
                decision=data["decision"],
                reason=data["decision_reason"],
                referred_to=data["referred_to"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="decision_reason")
        else:
            messages.success(request, f"Enquiry {enquiry.reference} is closed")
            return redirect("enquiries:enquiry", enquiry_id=enquiry.pk)
    relevant = selectors.entries_visible(user=request.user, enquiry=enquiry).filter(relevant=True)
    return render(
        request,
        "enquiries/enquiry_close.html",
        {"enquiry": enquiry, "form": form, "relevant": relevant},
        status=400 if form.errors else 200,
    )


@login_required
def sharing_new(request: HttpRequest, enquiry_id: int) -> HttpResponse:
    enquiry = _enquiry(request, enquiry_id)
    form = SharingForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        agency = data["recipient_agency"]
        try:
            services.sharing_decision_record(
                actor=request.user,
                enquiry=enquiry,
                data=services.SharingInput(
                    shared=data["shared"],
                    information=data["information"],
                    purpose=data["purpose"],
                    consent=data["consent"],
                    lawful_basis=data["lawful_basis"],
                    consent_reason=data["consent_reason"],
                    recipient_agency_id=agency.pk if agency else None,
                    recipient_other=data["recipient_other"],
                ),
            )
        except ValidationError as exc:
            apply_validation_error(
                form,
                ValidationError(
                    {
                        ("recipient_agency" if k == "recipient_agency_id" else k): v
                        for k, v in exc.message_dict.items()
                    }
                ),
                default_field="information",
            )
        else:
            messages.success(request, "The sharing decision is recorded")
            return redirect("enquiries:enquiry", enquiry_id=enquiry.pk)
    return render(
        request,
        "enquiries/sharing_new.html",
        {"enquiry": enquiry, "form": form},
        status=400 if form.errors else 200,
    )
