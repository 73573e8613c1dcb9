"""Person index pages: search, add (after searching), the person page, merge and unmerge, the
review queue. Thin: parse, call one selector or service, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from safehub.accounts.break_glass import break_glass_page
from safehub.audit.models import AuditAction
from safehub.audit.services import audit_record
from safehub.common.forms import apply_validation_error
from safehub.people import selectors, services
from safehub.people.forms import (
    LinkDecisionForm,
    MergeForm,
    PersonRecordForm,
    PersonSearchForm,
    ReasonForm,
    RelationshipForm,
)
from safehub.people.matching import MatchQuery
from safehub.people.models import Person, PersonMerge
from safehub.people.panels import panels_for


def _require(request: HttpRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied


def _query_from_search(data: dict[str, Any]) -> MatchQuery:
    from safehub.people.normalise import InvalidValue, normalise_postcode, validate_nhs_number

    postcode = data.get("postcode") or ""
    nhs = data.get("nhs_number") or ""
    try:
        postcode = normalise_postcode(postcode) if postcode else ""
    except InvalidValue:
        postcode = postcode.upper().strip()
    try:
        nhs = validate_nhs_number(nhs) if nhs else ""
    except InvalidValue:
        nhs = ""
    return MatchQuery(
        given_name=data.get("given_name") or "",
        family_name=data.get("family_name") or "",
        date_of_birth=data.get("date_of_birth"),
        postcode=postcode,
        nhs_number=nhs,
    )


@login_required
def person_search_view(request: HttpRequest) -> HttpResponse:
    _require(request, "people.search_person_index")
    form = PersonSearchForm(data=request.GET or None)
    outcome = None
    if request.GET and form.is_valid():
        outcome = selectors.person_search(
            user=request.user, query=_query_from_search(form.cleaned_data)
        )
        audit_record(
            actor=request.user,
            action=AuditAction.SEARCH,
            object_type="person",
            details={
                **{k: str(v) for k, v in form.cleaned_data.items() if v},
                "results": [c.person.pk for c in outcome.candidates],
                "hidden_strong_matches": outcome.hidden_strong_matches,
            },
        )
    return render(
        request,
        "people/search.html",
        {
            "form": form,
            "outcome": outcome,
            "can_create": request.user.has_perm("people.create_person"),
        },
        status=400 if form.errors else 200,
    )


def search_before_create(
    request: HttpRequest, form: PersonRecordForm
) -> tuple[selectors.SearchOutcome | None, Person | None]:
    """The search-before-create step shared by every page that adds a person.

    Validates the details, searches the index (audited), and acts on the user's choice: an
    existing candidate (their agency's details are added to that person), or a new person
    (a reason is required when a strong candidate is passed over). Returns the candidates
    shown and the person chosen or created, if any; errors are put on the form.
    """
    if request.method != "POST" or not form.is_valid():
        return None, None
    insist = set(form.cleaned_data.get("insist") or [])
    try:
        clean = services.validate_record(form.record_input(), insist=insist)
    except ValidationError as exc:
        apply_validation_error(form, exc, default_field="given_name")
        return None, None
    outcome = selectors.person_search(
        user=request.user, query=selectors.query_from_clean_record(clean)
    )
    audit_record(
        actor=request.user,
        action=AuditAction.SEARCH,
        object_type="person",
        details={
            "purpose": "search before create",
            "results": [c.person.pk for c in outcome.candidates],
        },
    )
    choice = request.POST.get("choice", "")
    if choice.startswith("person-"):
        person, _ = selectors.person_get_for_user(user=request.user, person_id=int(choice[7:]))
        if person is None:
            raise Http404
        try:
            services.person_add_record(
                actor=request.user, person=person, data=form.record_input(), insist=insist
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="given_name")
            return outcome, None
        return outcome, person
    if choice == "new" or (not outcome.candidates and not outcome.hidden_strong_matches):
        try:
            person = services.person_create(
                actor=request.user,
                data=form.record_input(),
                insist=insist,
                pass_over_reason=form.cleaned_data.get("pass_over_reason", ""),
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="pass_over_reason")
            return outcome, None
        return outcome, person
    return outcome, None


def insistable_errors(form: PersonRecordForm) -> list[str]:
    return [f for f in ("postcode", "phone", "nhs_number", "upn") if form.errors.get(f)]


@login_required
def person_create_view(request: HttpRequest) -> HttpResponse:
    """Add a person: the details, then the candidates already in the index, then a choice."""
    _require(request, "people.create_person")
    initial = {k: v for k, v in request.GET.items() if k in PersonRecordForm.base_fields}
    form = PersonRecordForm(data=request.POST or None, initial=initial)
    outcome, person = search_before_create(request, form)
    if person is not None:
        if request.POST.get("choice", "").startswith("person-"):
            messages.success(request, f"Your agency's details are added to {person.display_name}")
        else:
            messages.success(request, f"{person.display_name} is added ({person.reference})")
        return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/create.html",
        {"form": form, "outcome": outcome, "insistable_errors": insistable_errors(form)},
        status=400 if form.errors else 200,
    )


@login_required
def person_detail(request: HttpRequest, person_id: int) -> HttpResponse:
    person, needs_break_glass = selectors.person_get_for_user(
        user=request.user, person_id=person_id
    )
    if person is None and not needs_break_glass:
        raise Http404
    if person is None:
        target = get_object_or_404(Person, pk=person_id)
        return break_glass_page(
            request,
            object_type="person",
            object_id=target.pk,
            object_label=target.reference,
            record_description="a person your agency is not involved with",
        )
    if person.pk != person_id:
        return redirect("people:detail", person_id=person.pk)
    audit_record(
        actor=request.user, action=AuditAction.VIEW, object_type="person", object_id=person.pk
    )
    return render(
        request,
        "people/detail.html",
        {
            "person": person,
            "profile": selectors.person_profile(person=person),
            "panels": panels_for(request.user, person),
            "can_merge": request.user.has_perm("people.merge_persons"),
        },
    )


@login_required
def person_merge_view(request: HttpRequest, person_id: int) -> HttpResponse:
    _require(request, "people.merge_persons")
    person, _ = selectors.person_get_for_user(user=request.user, person_id=person_id)
    if person is None:
        raise Http404
    form = MergeForm(data=request.GET or None)
    other = None
    reason_form = ReasonForm(data=request.POST or None)
    if form.is_valid():
        other, _ = selectors.person_get_for_user(
            user=request.user, person_id=form.cleaned_data["other_reference"]
        )
        if other is None:
            form.add_error("other_reference", "There is no person you can see with this reference")
        elif other.pk == person.pk:
            form.add_error("other_reference", "Enter a different person's reference")
            other = None
    if other is not None and request.method == "POST" and reason_form.is_valid():
        try:
            services.person_merge(
                actor=request.user,
                survivor=person,
                absorbed=other,
                reason=reason_form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_validation_error(reason_form, exc, default_field="reason")
        else:
            messages.success(request, f"{other.reference} is merged into {person.reference}")
            return redirect("people:detail", person_id=person.pk)
    if other is not None:
        audit_record(
            actor=request.user,
            action=AuditAction.VIEW,
            object_type="person",
            object_id=other.pk,
            details={"purpose": "merge comparison", "with": person.pk},
        )
    return render(
        request,
        "people/merge.html",
        {
            "person": person,
            "other": other,
            "form": form,
            "reason_form": reason_form,
            "left": selectors.person_profile(person=person),
            "right": selectors.person_profile(person=other) if other else None,
        },
        status=400 if (form.errors or reason_form.errors) else 200,
    )


@login_required
def person_unmerge_view(request: HttpRequest, merge_id: int) -> HttpResponse:
    _require(request, "people.merge_persons")
    merge = get_object_or_404(
        PersonMerge.objects.select_related("survivor", "absorbed"), pk=merge_id
    )
    person, _ = selectors.person_get_for_user(user=request.user, person_id=merge.survivor_id)
    if person is None:
        raise Http404
    form = ReasonForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_unmerge(
                actor=request.user, merge=merge, reason=form.cleaned_data["reason"]
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="reason")
        else:
            messages.success(
                request, f"{merge.absorbed.reference} is separated from {merge.survivor.reference}"
            )
            return redirect("people:detail", person_id=merge.survivor_id)
    return render(
        request,
        "people/unmerge.html",
        {"merge": merge, "form": form},
        status=400 if form.errors else 200,
    )


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    _require(request, "people.merge_persons")
    candidates = selectors.link_candidates_pending(user=request.user)[:100]
    audit_record(actor=request.user, action=AuditAction.VIEW, object_type="link_candidate")
    return render(request, "people/review_queue.html", {"candidates": candidates})


@login_required
def review_candidate(request: HttpRequest, candidate_id: int) -> HttpResponse:
    _require(request, "people.merge_persons")
    candidate = get_object_or_404(
        selectors.link_candidates_pending(user=request.user), pk=candidate_id
    )
    form = LinkDecisionForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.link_candidate_decide(
                actor=request.user,
                candidate=candidate,
                same_person=form.cleaned_data["decision"] == "same",
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as exc:
            apply_validation_error(form, exc, default_field="reason")
        else:
            messages.success(request, "Decision recorded")
            return redirect("people:review_queue")
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        object_type="link_candidate",
        object_id=candidate.pk,
        details={"persons": [candidate.person_a_id, candidate.person_b_id]},
    )
    return render(
        request,
        "people/review_candidate.html",
        {
            "candidate": candidate,
            "form": form,
            "left": selectors.person_profile(person=candidate.person_a),
            "right": selectors.person_profile(person=candidate.person_b),
        },
        status=400 if form.errors else 200,
    )


@login_required
def relationship_add_view(request: HttpRequest, person_id: int) -> HttpResponse:
    _require(request, "people.create_person")
    person, _ = selectors.person_get_for_user(user=request.user, person_id=person_id)
    if person is None:
        raise Http404
    form = RelationshipForm(data=request.POST or None)
    if request.method == "POST" and form.is_valid():
        other, _ = selectors.person_get_for_user(
            user=request.user, person_id=form.cleaned_data["other_reference"]
        )
        if other is None:
            form.add_error("other_reference", "There is no person you can see with this reference")
        else:
            try:
                services.relationship_add(
                    actor=request.user,
                    from_person=person,
                    to_person=other,
                    kind=form.cleaned_data["kind"],
                    note=form.cleaned_data["note"],
                )
            except ValidationError as exc:
                apply_validation_error(form, exc, default_field="other_reference")
            else:
                messages.success(request, "Relationship recorded")
                return redirect("people:detail", person_id=person.pk)
    return render(
        request,
        "people/relationship_add.html",
        {"person": person, "form": form},
        status=400 if form.errors else 200,
    )
