"""Missing episodes and return-home interviews."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from safehub.audit.models import AuditAction
from safehub.audit.services import audit_record
from safehub.common.forms import apply_validation_error
from safehub.frontdoor import selectors, services
from safehub.frontdoor.forms import (
    MissingEpisodeForm,
    ReturnedForm,
    ReturnInterviewForm,
    combine,
)
from safehub.people.models import Person, PersonRole
from safehub.people.services import RecordInput


@login_required
def missing_list(request: HttpRequest) -> HttpResponse:
    if not (
        request.user.has_perm("frontdoor.report_missing")
        or request.user.has_perm("frontdoor.record_return_interview")
    ):
        raise PermissionDenied
    episodes = selectors.missing_episodes_visible(user=request.user)[:200]
    interviews = selectors.return_interviews_due(user=request.user)[:200]
    audit_record(actor=request.user, action=AuditAction.VIEW, object_type="missing_episode_list")
    return render(
        request,
        "frontdoor/missing_list.html",
        {"episodes": episodes, "interviews": interviews},
    )


def _person_from_reference(reference: str) -> Person | None:
    digits = reference.strip().upper().removeprefix("P")
    if not digits.isdigit():
        return None
    person = Person.objects.filter(pk=int(digits)).first()
    return person.surviving() if person is not None else None


@login_required
def missing_new(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("frontdoor.report_missing"):
        raise PermissionDenied
    can_search = request.user.has_perm("people.search_person_index")
    form = MissingEpisodeForm(data=request.POST or None, can_search=can_search)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        key = request.POST.get("submission_key") or None
        person_id = child = None
        if data.get("person_reference"):
            person = _person_from_reference(data["person_reference"])
            if person is None:
                form.add_error("person_reference", "No person in the index has this reference")
            else:
                person_id = person.pk
        else:
            child = RecordInput(
                role=PersonRole.CHILD,
                given_name=data["child_given_name"],
                family_name=data["child_family_name"],
                date_of_birth=data["child_date_of_birth"],
                postcode=data["child_postcode"],
                upn=data["child_upn"],
                submission_key=f"missing-form-{key}" if key else "",
            )
        if not form.errors:
            try:
                episode = services.missing_episode_record(
                    actor=request.user,
                    data=services.MissingInput(
                        person_id=person_id,
                        child=child,
                        source=data["source"],
                        kind=data["kind"],
                        started_at=combine(data["started_date"], data["started_time"]),
                        school_days_missed=data["school_days_missed"],
                        circumstances=data["circumstances"],
                        police_reference=data["police_reference"],
                    ),
                    idempotency_key=key,
                )
            except ValidationError as exc:
                apply_validation_error(form, _child_fields(exc), default_field="started_date")
            else:
                messages.success(request, f"Missing episode {episode.reference} is recorded")
                return redirect("frontdoor:missing", episode_id=episode.pk)
    return render(
        request,
        "frontdoor/missing_new.html",
        {"form": form, "can_search": can_search},
        status=400 if form.errors else 200,
    )


def _child_fields(exc: ValidationError) -> ValidationError:
    """The service names the child's fields `child.given_name`; the form `child_given_name`."""
    if not hasattr(exc, "error_dict"):
        return exc
    return ValidationError(
        {name.replace("child.", "child_"): errors for name, errors in exc.error_dict.items()}
    )


@login_required
def missing_detail(request: HttpRequest, episode_id: int) -> HttpResponse:
    episode = selectors.missing_episodes_visible(user=request.user).filter(pk=episode_id).first()
    if episode is None:
        raise Http404
    interview = getattr(episode, "return_interview", None)
    can_report = request.user.has_perm("frontdoor.report_missing")
    can_interview = request.user.has_perm("frontdoor.record_return_interview")
    returned_form = ReturnedForm(data=request.POST if "returned" in request.POST else None)
    interview_form = ReturnInterviewForm(data=request.POST if "interview" in request.POST else None)
    if request.method == "POST":
        try:
            if "returned" in request.POST and can_report and returned_form.is_valid():
                data = returned_form.cleaned_data
                services.missing_episode_returned(
                    actor=request.user,
                    episode=episode,
                    ended_at=combine(data["ended_date"], data["ended_time"]),
                    found_where=data["found_where"],
                    found_with=data["found_with"],
                )
                messages.success(request, "The return is recorded: the interview is now due")
                return redirect("frontdoor:missing", episode_id=episode.pk)
            if (
                "interview" in request.POST
                and can_interview
                and interview is not None
                and interview_form.is_valid()
            ):
                services.return_interview_update(
                    actor=request.user,
                    interview=interview,
                    status=interview_form.cleaned_data["status"],
                    child_said=interview_form.cleaned_data["child_said"],
                )
                messages.success(request, "The return-home interview is updated")
                return redirect("frontdoor:missing", episode_id=episode.pk)
        except ValidationError as exc:
            target = returned_form if "returned" in request.POST else interview_form
            apply_validation_error(target, exc, default_field=None)
    audit_record(
        actor=request.user,
        action=AuditAction.VIEW,
        object_type="missing_episode",
        object_id=episode.pk,
    )
    errors = returned_form.errors or interview_form.errors
    return render(
        request,
        "frontdoor/missing_detail.html",
        {
            "episode": episode,
            "interview": interview,
            "screening": episode.screenings.order_by("-screened_at", "-id").first(),
            "returned_form": returned_form,
            "interview_form": interview_form,
            "form": returned_form if returned_form.errors else interview_form,
            "can_report": can_report,
            "can_interview": can_interview,
        },
        status=400 if errors else 200,
    )
