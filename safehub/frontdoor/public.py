"""The public online form: no sign-in, plain English, works on a phone, can be anonymous.

Protection without third-party captchas: a honeypot field people never see, and a limit on
submissions per client address (`SAFEHUB_PUBLIC_FORM_LIMIT` per hour, default 5). The page
never says whether a child is known to safehub.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache

from safehub.common import request_context
from safehub.frontdoor import services
from safehub.frontdoor.forms import PublicConcernForm

WINDOW_SECONDS = 3600


def _limit() -> int:
    return int(getattr(settings, "SAFEHUB_PUBLIC_FORM_LIMIT", 5))


def _client_key(request: HttpRequest) -> str:
    context = request_context.current()
    address = (context.ip_address if context else None) or request.META.get("REMOTE_ADDR", "")
    return f"public-form:{address}"


def _over_limit(request: HttpRequest) -> bool:
    return int(cache.get(_client_key(request), 0)) >= _limit()


def _count(request: HttpRequest) -> None:
    key = _client_key(request)
    if cache.add(key, 1, WINDOW_SECONDS):
        return
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, WINDOW_SECONDS)


@never_cache
def report_concern(request: HttpRequest) -> HttpResponse:
    form = PublicConcernForm(
        data=request.POST or None,
        initial={"submission_key": uuid.uuid4().hex, "about": request.GET.get("about", "child")},
    )
    if request.method == "POST":
        if _over_limit(request):
            return render(request, "frontdoor/public_limited.html", status=429)
        if form.is_valid():
            data = form.cleaned_data
            _count(request)
            if data.get("website"):
                # A bot filled the hidden field: say thank you, keep nothing.
                return render(request, "frontdoor/public_thanks.html", {"reference": None})
            contact = services.public_contact_submit(
                data=services.PublicConcern(
                    who=data["who"],
                    about=data["about"],
                    concern=data["concern"],
                    child_name=data["child_name"],
                    child_age=data["child_age"],
                    child_where=data["child_where"],
                    anonymous=data["anonymous"],
                    your_name=data["your_name"],
                    your_phone=data["your_phone"],
                    your_email=data["your_email"],
                ),
                submission_key=data.get("submission_key") or "",
            )
            request.session["public_reference"] = contact.reference
            return redirect("public:thanks")
    return render(
        request,
        "frontdoor/public_form.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


@never_cache
def thanks(request: HttpRequest) -> HttpResponse:
    reference = request.session.get("public_reference")
    return render(request, "frontdoor/public_thanks.html", {"reference": reference})
