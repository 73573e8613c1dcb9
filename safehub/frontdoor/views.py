"""Front-door pages. Thin: parse, call one service or selector, render or redirect.

Recording a contact follows the GOV.UK task-list pattern: one section per page, each saved to
the draft whether or not it is valid (errors shown, nothing lost), autosaved as it is typed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from safehub.audit.models import AuditAction
from safehub.audit.services import audit_record
from safehub.common.forms import apply_validation_error
from safehub.frontdoor import selectors, services
from safehub.frontdoor.forms import (
    AccountForm,
    ContactTypeForm,
    HowForm,
    LevelForm,
    NoteForm,
    OtherPersonForm,
    ProtocolForm,
    ReferrerForm,
    TriageForm,
)
from safehub.frontdoor.models import (
    Contact,
    ContactPersonRole,
    IndicatorProposal,
    ProposalStatus,
    TriageOutcome,
)
from safehub.people.forms import PersonRecordForm
from safehub.people.models import PersonRole
from safehub.people.views import insistable_errors, search_before_create

SECTIONS: list[tuple[str, str]] = [
    ("how", "How the contact came in"),
    ("referrer", "Who made the contact"),
    ("people", "The children and others involved"),
    ("type", "Type of contact"),
    ("questions", "Protocol questions"),
    ("account", "What was said"),
]
SECTION_NAMES = dict(SECTIONS)


def _require(request: HttpRequest, permission: str, obj: Any = None) -> None:
    if not request.user.has_perm(permission, obj):
        raise PermissionDenied


def _contact(request: HttpRequest, contact_id: int) -> Contact:
    contact = selectors.contact_get_for_user(user=request.user, contact_id=contact_id)
    if contact is None:
        raise Http404
    return contact


def _editable(request: HttpRequest, contact_id: int) -> Contact:
    contact = _contact(request, contact_id)
    if not request.user.has_perm("frontdoor.edit_contact", contact):
        raise Http404
    return contact


# --- queue and drafts ---------------------------------------------------------------------------


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    """The front-door queue: contacts awaiting a decision, reddest and most urgent first."""
    can_queue = request.user.has_perm("frontdoor.view_queue")
    can_record = request.user.has_perm("frontdoor.record_contact")
    if not (can_queue or can_record):
        raise PermissionDenied
    rows = selectors.front_door_queue(user=request.user) if can_queue else []
    if rows:
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            object_type="contact_queue",
            details={"contacts": [r.contact.pk for r in rows][:500]},
        )
    return render(
        request,
        "frontdoor/queue.html",
        {
            "rows": rows,
            "overdue": sum(1 for r in rows if r.overdue),
            "drafts": selectors.drafts_for(user=request.user)[:50] if can_record else [],
            "can_record": can_record,
            "alerts": selectors.alerts_for(user=request.user).unacknowledged().count(),
        },
    )


@login_required
@require_POST
def contact_new(request: HttpRequest) -> HttpResponse:
    _require(request, "frontdoor.record_contact")
    contact = services.contact_start(
        actor=request.user, idempotency_key=request.POST.get("submission_key") or None
    )
    return redirect("frontdoor:contact", contact_id=contact.pk)


# --- a contact ----------------------------------------------------------------------------------


def _section_status(contact: Contact, problems: dict[str, list[str]]) -> list[dict[str, Any]]:
    rows = []
    for key, name in SECTIONS:
        if key in contact.draft:
            status = "unsaved"
        elif key in problems:
            status = "incomplete"
        else:
            status = "completed"
        rows.append({"key": key, "name": name, "status": status, "problems": problems.get(key)})
    return rows


@login_required
def contact_detail(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = _contact(request, contact_id)
    audit_record(
        actor=request.user, action=AuditAction.VIEW, object_type="contact", object_id=contact.pk
    )
    screening = services.latest_screening(contact)
    if contact.is_draft:
        problems = services.contact_problems(contact)
        return render(
            request,
            "frontdoor/contact_tasks.html",
            {
                "contact": contact,
                "sections": _section_status(contact, problems),
                "problems": problems,
                "screening": screening,
            },
        )
    show_referrer = not contact.referrer_identity_protected or request.user.has_perm(
        "frontdoor.see_protected_referrer", contact
    )
    return render(
        request,
        "frontdoor/contact_detail.html",
        {
            "contact": contact,
            "people": contact.people.select_related("person"),
            "screening": screening,
            "indicators": contact.indicators.all(),
            "show_referrer": show_referrer,
            "triage": getattr(contact, "triage", None),
            "can_screen": request.user.has_perm("frontdoor.screen_contact", contact),
            "can_triage": request.user.has_perm("frontdoor.triage_contact", contact),
            "can_open_enquiry": request.user.has_perm("enquiries.open_enquiry"),
            "open_enquiry": contact.enquiries.filter(status="open").first(),
            "can_edit": request.user.has_perm("frontdoor.edit_contact", contact),
            "alerts": contact.alerts.all(),
        },
    )


def _initial_from(contact: Contact, section: str) -> dict[str, Any]:
    if section == "how":
        received = timezone.localtime(contact.received_at) if contact.received_at else None
        return {
            "channel": contact.channel,
            "source": contact.source,
            "received_date": received.strftime("%d/%m/%Y") if received else "",
            "received_time": received.strftime("%H:%M") if received else "",
        }
    if section == "referrer":
        return {
            name: getattr(contact, name)
            for name in ReferrerForm.base_fields
            if name != "referrer_agency"
        } | {"referrer_agency": contact.referrer_agency_id}
    if section == "type":
        return {"contact_type": contact.contact_type_id}
    if section == "questions":
        return dict(contact.answers)
    if section == "account":
        return {"account": contact.account}
    return {}


def _section_form(contact: Contact, section: str, data: Any = None) -> forms.Form:
    initial = _initial_from(contact, section)
    if data is None and section in contact.draft:
        data = contact.draft[section]  # what was typed last time, errors and all
    if section == "how":
        return HowForm(data=data, initial=initial)
    if section == "referrer":
        return ReferrerForm(data=data, initial=initial)
    if section == "type":
        return ContactTypeForm(data=data, initial=initial)
    if section == "questions":
        return ProtocolForm(data=data, initial=initial, protocol=contact.protocol)
    if section == "account":
        return AccountForm(data=data, initial=initial)
    raise Http404


def _apply_section(request: HttpRequest, contact: Contact, section: str, form: forms.Form) -> None:
    data = form.cleaned_data
    if section == "how":
        services.contact_update(
            actor=request.user,
            contact=contact,
            section=section,
            changes={
                "channel": data["channel"],
                "source": data["source"],
                "received_at": data["received_at"],
            },
        )
    elif section == "referrer":
        services.contact_update(
            actor=request.user,
            contact=contact,
            section=section,
            changes={k: data[k] for k in ReferrerForm.base_fields},
        )
    elif section == "type":
        services.contact_update(
            actor=request.user,
            contact=contact,
            section=section,
            changes={"contact_type": data["contact_type"]},
        )
    elif section == "questions":
        assert isinstance(form, ProtocolForm)
        services.contact_set_answers(actor=request.user, contact=contact, answers=form.answers())
    elif section == "account":
        services.contact_update(
            actor=request.user,
            contact=contact,
            section=section,
            changes={"account": data["account"]},
        )
        services.contact_screen(actor=request.user, contact=contact)


@login_required
def contact_section(request: HttpRequest, contact_id: int, section: str) -> HttpResponse:
    """One section of a contact. The input is kept in the draft before it is validated, so an
    error (or leaving the page) loses nothing."""
    if section not in SECTION_NAMES or section == "people":
        raise Http404
    contact = _editable(request, contact_id)
    if section == "questions" and not contact.protocol:
        messages.info(request, "Choose the type of contact first: its questions follow from it")
        return redirect("frontdoor:section", contact_id=contact.pk, section="type")
    if request.method == "POST":
        services.contact_save_draft(
            actor=request.user, contact=contact, section=section, raw=request.POST.dict()
        )
        form = _section_form(contact, section, data=request.POST)
        if form.is_valid():
            try:
                _apply_section(request, contact, section, form)
            except ValidationError as exc:
                apply_validation_error(form, exc)
            else:
                if not contact.is_draft:
                    return redirect("frontdoor:contact", contact_id=contact.pk)
                if section == "type":
                    return redirect("frontdoor:section", contact_id=contact.pk, section="questions")
                if section == "account":
                    return redirect("frontdoor:screening", contact_id=contact.pk)
                return redirect("frontdoor:contact", contact_id=contact.pk)
    else:
        form = _section_form(contact, section)
        if section in contact.draft:
            form.is_valid()  # show the errors of what was kept
    return render(
        request,
        "frontdoor/contact_section.html",
        {
            "contact": contact,
            "form": form,
            "section": section,
            "section_name": SECTION_NAMES[section],
            "saved_at": contact.draft.get("_saved_at"),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


def autosave(request: HttpRequest, contact_id: int, section: str) -> HttpResponse:
    """htmx: keep what is being typed. After the session has ended, say so without losing the
    page (the last save is in the draft)."""
    if request.method != "POST" or section not in SECTION_NAMES:
        raise Http404
    if not request.user.is_authenticated:
        return render(request, "frontdoor/_autosave.html", {"expired": True})
    contact = _editable(request, contact_id)
    services.contact_save_draft(
        actor=request.user, contact=contact, section=section, raw=request.POST.dict()
    )
    return render(request, "frontdoor/_autosave.html", {"saved_at": timezone.localtime()})


@login_required
def contact_people(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = _editable(request, contact_id)
    form = OtherPersonForm(data=request.POST or None)
    if request.method == "POST":
        if "remove" in request.POST:
            entry = contact.people.filter(pk=request.POST.get("remove") or 0).first()
            if entry is not None:
                try:
                    services.contact_remove_person(actor=request.user, entry=entry)
                except ValidationError as exc:
                    messages.error(request, " ".join(exc.messages))
            return redirect("frontdoor:people", contact_id=contact.pk)
        if form.is_valid():
            services.contact_add_person(
                actor=request.user,
                contact=contact,
                role=form.cleaned_data["role"],
                name_as_given=form.cleaned_data["name_as_given"],
                description=form.cleaned_data["description"],
            )
            return redirect("frontdoor:people", contact_id=contact.pk)
    return render(
        request,
        "frontdoor/contact_people.html",
        {
            "contact": contact,
            "people": contact.people.select_related("person"),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_required
def contact_add_child(request: HttpRequest, contact_id: int) -> HttpResponse:
    """Search-before-create for the child (or a parent or person of concern in the index)."""
    contact = _editable(request, contact_id)
    _require(request, "people.create_person")
    role = request.GET.get("role") or request.POST.get("contact_role") or "subject"
    if role not in ContactPersonRole.values:
        raise Http404
    person_role = {
        ContactPersonRole.SUBJECT: PersonRole.CHILD,
        ContactPersonRole.PARENT_CARER: PersonRole.PARENT_CARER,
        ContactPersonRole.FAMILY_MEMBER: PersonRole.FAMILY_MEMBER,
        ContactPersonRole.PERSON_OF_CONCERN: PersonRole.PERSON_OF_CONCERN,
    }.get(ContactPersonRole(role), PersonRole.CHILD)
    form = PersonRecordForm(data=request.POST or None, initial={"role": person_role})
    outcome, person = search_before_create(request, form)
    if person is not None:
        services.contact_add_person(actor=request.user, contact=contact, role=role, person=person)
        messages.success(request, f"{person.display_name} is added to the contact")
        return redirect("frontdoor:people", contact_id=contact.pk)
    return render(
        request,
        "frontdoor/contact_add_person.html",
        {
            "contact": contact,
            "form": form,
            "outcome": outcome,
            "insistable_errors": insistable_errors(form),
            "contact_role": role,
            "role_label": ContactPersonRole(role).label,
        },
        status=400 if form.errors else 200,
    )


@login_required
def contact_screening(request: HttpRequest, contact_id: int) -> HttpResponse:
    """The screening: indicators proposed from the account (with the phrase highlighted) to
    confirm or reject, indicators to add, the instrument's suggestion and the level decision."""
    contact = _contact(request, contact_id)
    _require(request, "frontdoor.screen_contact", contact)
    screening = services.latest_screening(contact) or services.contact_screen(
        actor=request.user, contact=contact
    )
    definition = services.instrument_definition(screening.instrument)
    level_form = LevelForm(
        data=request.POST if request.POST.get("action") == "level" else None,
        initial={
            "level": contact.level or screening.threshold_level,
            "rag": contact.rag or screening.rag,
            "reason": contact.level_override_reason,
        },
    )
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action in ("confirm", "reject"):
                proposal = contact.indicators.filter(pk=request.POST.get("proposal") or 0).first()
                if proposal is None:
                    raise Http404
                services.indicator_decide(
                    actor=request.user, proposal=proposal, confirm=action == "confirm"
                )
                return redirect("frontdoor:screening", contact_id=contact.pk)
            if action == "add":
                code = request.POST.get("code", "")
                if code not in definition.indicator_codes():
                    raise ValidationError({"code": "Choose an indicator"})
                period = request.POST.get("period", "current")
                services.indicator_select(
                    actor=request.user, contact=contact, code=code, period=period
                )
                return redirect("frontdoor:screening", contact_id=contact.pk)
            if action == "level" and level_form.is_valid():
                services.contact_decide_level(
                    actor=request.user,
                    contact=contact,
                    level=level_form.cleaned_data["level"],
                    rag=level_form.cleaned_data["rag"],
                    reason=level_form.cleaned_data["reason"],
                )
                messages.success(request, "The level and RAG rating are recorded")
                return redirect("frontdoor:contact", contact_id=contact.pk)
        except ValidationError as exc:
            if action == "level":
                apply_validation_error(level_form, exc, default_field="reason")
            else:
                messages.error(request, " ".join(exc.messages))
    labels = {i.code: i.label for i in definition.indicators}
    proposals = list(contact.indicators.all())
    for proposal in proposals:
        proposal.label = labels.get(proposal.code, proposal.code)  # type: ignore[attr-defined]
    decided = {p.code for p in proposals}
    return render(
        request,
        "frontdoor/contact_screening.html",
        {
            "contact": contact,
            "screening": screening,
            "definition": definition,
            "proposals": proposals,
            "highlighted": [
                (piece, code, labels.get(code, code))
                for piece, code in _highlight(contact.account, proposals)
            ],
            "addable": [i for i in definition.indicators if i.code not in decided],
            "form": level_form,
        },
        status=400 if level_form.errors else 200,
    )


def _highlight(text: str, proposals: list[IndicatorProposal]) -> list[tuple[str, str]]:
    """The account as (text, code) pieces: code is "" for plain text, else the indicator the
    piece triggered. Rejected proposals are not highlighted."""
    spans = sorted(
        (p.start, p.end, p.code)
        for p in proposals
        if p.start is not None
        and p.end is not None
        and p.status != ProposalStatus.REJECTED
        and 0 <= p.start < p.end <= len(text)
    )
    pieces: list[tuple[str, str]] = []
    position = 0
    for start, end, code in spans:
        if start < position:
            continue
        if start > position:
            pieces.append((text[position:start], ""))
        pieces.append((text[start:end], code))
        position = end
    if position < len(text):
        pieces.append((text[position:], ""))
    return pieces


@login_required
def contact_submit(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = _editable(request, contact_id)
    if request.method == "POST":
        try:
            contact = services.contact_submit(actor=request.user, contact=contact)
        except ValidationError:
            messages.error(request, "The contact is saved as a draft: complete the sections marked")
            return redirect("frontdoor:contact", contact_id=contact.pk)
        messages.success(
            request,
            f"Contact {contact.reference} is in the front-door queue"
            + (" as information on an open case" if not contact.is_referral else ""),
        )
        return redirect("frontdoor:contact", contact_id=contact.pk)
    return redirect("frontdoor:contact", contact_id=contact.pk)


@login_required
def contact_triage(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = _contact(request, contact_id)
    _require(request, "frontdoor.triage_contact", contact)
    form = TriageForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_triage(actor=request.user, contact=contact, **form.cleaned_data)
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="outcome")
        else:
            messages.success(request, "The decision is recorded")
            return redirect("frontdoor:contact", contact_id=contact.pk)
    return render(
        request,
        "frontdoor/contact_triage.html",
        {"contact": contact, "form": form, "refer_on": TriageOutcome.REFER_ON.value},
        status=400 if form.errors else 200,
    )


@login_required
def referral_confirm(request: HttpRequest, contact_id: int) -> HttpResponse:
    contact = _contact(request, contact_id)
    _require(request, "frontdoor.triage_contact", contact)
    decision = getattr(contact, "triage", None)
    if decision is None or decision.outcome != TriageOutcome.REFER_ON:
        raise Http404
    form = NoteForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_confirm(
                actor=request.user, decision=decision, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="note")
        else:
            messages.success(request, "The referral is confirmed and the contact is closed")
            return redirect("frontdoor:contact", contact_id=contact.pk)
    return render(
        request,
        "frontdoor/referral_confirm.html",
        {"contact": contact, "decision": decision, "form": form},
        status=400 if form.errors else 200,
    )


# --- alerts -------------------------------------------------------------------------------------


@login_required
def alert_list(request: HttpRequest) -> HttpResponse:
    alerts = selectors.alerts_for(user=request.user).order_by("-created_at")[:200]
    return render(request, "frontdoor/alert_list.html", {"alerts": alerts})


@login_required
def alert_detail(request: HttpRequest, alert_id: int) -> HttpResponse:
    alert = selectors.alert_get_for_user(user=request.user, alert_id=alert_id)
    if alert is None:
        raise Http404
    form = NoteForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.alert_acknowledge(
                actor=request.user, alert=alert, note=form.cleaned_data["note"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="note")
        else:
            messages.success(request, "The alert is acknowledged")
            return redirect("frontdoor:alerts")
    audit_record(
        actor=request.user, action=AuditAction.VIEW, object_type="alert", object_id=alert.pk
    )
    return render(
        request,
        "frontdoor/alert_detail.html",
        {"alert": alert, "form": form},
        status=400 if form.errors else 200,
    )
