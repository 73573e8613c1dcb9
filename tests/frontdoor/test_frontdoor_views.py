"""Front-door pages: the task list, drafts that survive errors, screening, triage, public form."""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client
from django.utils import timezone

from safehub.accounts.models import Role, User
from safehub.audit.models import AuditEvent
from safehub.frontdoor.models import Contact, ContactStatus, ContactType
from safehub.people.models import Person

pytestmark = pytest.mark.django_db


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_recording_a_contact_section_by_section(
    advisor: User, add_child: Callable[..., Person]
) -> None:
    child = add_child()
    client = signed_in(advisor)
    response = client.post("/front-door/contacts/new/")
    contact = Contact.objects.get()
    assert response["Location"] == f"/front-door/contacts/{contact.pk}/"
    tasks = client.get(f"/front-door/contacts/{contact.pk}/")
    assert b"Record a contact" in tasks.content and b"Incomplete" in tasks.content
    base = f"/front-door/contacts/{contact.pk}"

    # A validation error keeps what was typed.
    bad = client.post(
        f"{base}/how/",
        {
            "channel": "phone",
            "received_date": "31/02/2026",
            "received_time": "10:00",
            "source": "2A",
        },
    )
    assert bad.status_code == 400
    assert b"There is a problem" in bad.content
    contact.refresh_from_db()
    assert contact.draft["how"]["received_date"] == "31/02/2026"
    again = client.get(f"{base}/how/")
    assert b"31/02/2026" in again.content  # still there when the page is opened again

    good = client.post(
        f"{base}/how/",
        {
            "channel": "phone",
            "received_date": "02/03/2026",
            "received_time": "10:00",
            "source": "2A",
        },
    )
    assert good.status_code == 302
    contact.refresh_from_db()
    assert "how" not in contact.draft and contact.source == "2A"

    client.post(
        f"{base}/referrer/",
        {"referrer_name": "Dee Ess-Ell", "referrer_role": "DSL", "referrer_is_professional": "on"},
    )
    add = client.post(
        f"{base}/people/add/?role=subject",
        {
            "role": "child",
            "given_name": "Kayleigh",
            "family_name": "Brennan",
            "date_of_birth": "04/05/2010",
            "choice": f"person-{child.pk}",
        },
    )
    assert add.status_code == 302, add.content
    assert contact.people.get().person == child
    client.post(f"{base}/type/", {"contact_type": ContactType.objects.get(code="other").pk})
    client.post(f"{base}/questions/", {"nature": "Worried about older men"})
    screening = client.post(
        f"{base}/account/",
        {"account": "She has been getting into cars with older men after school."},
    )
    assert screening["Location"] == f"{base}/screening/"
    page = client.get(f"{base}/screening/")
    assert page.status_code == 200
    assert b"safehub-mark" in page.content  # the phrase is highlighted
    submit = client.post(f"{base}/submit/")
    assert submit.status_code == 302
    contact.refresh_from_db()
    assert contact.status == ContactStatus.AWAITING_DECISION
    queue = client.get("/front-door/")
    assert contact.reference.encode() in queue.content


def test_autosave_keeps_typing_and_reports_expired_session(advisor: User) -> None:
    client = signed_in(advisor)
    client.post("/front-door/contacts/new/")
    contact = Contact.objects.get()
    url = f"/front-door/contacts/{contact.pk}/autosave/account/"
    saved = client.post(url, {"account": "half a sent"})
    assert b"Draft saved" in saved.content
    contact.refresh_from_db()
    assert contact.draft["account"] == {"account": "half a sent"}
    expired = Client().post(url, {"account": "more text"})
    assert expired.status_code == 200
    assert b"session has ended" in expired.content
    contact.refresh_from_db()
    assert contact.draft["account"] == {"account": "half a sent"}


def test_submit_with_gaps_keeps_the_draft(advisor: User) -> None:
    client = signed_in(advisor)
    client.post("/front-door/contacts/new/")
    contact = Contact.objects.get()
    response = client.post(f"/front-door/contacts/{contact.pk}/submit/", follow=True)
    assert b"saved as a draft" in response.content
    contact.refresh_from_db()
    assert contact.status == ContactStatus.DRAFT


def test_other_users_cannot_see_a_draft(advisor: User, officer: User, social_worker: User) -> None:
    signed_in(advisor).post("/front-door/contacts/new/")
    contact = Contact.objects.get()
    assert signed_in(officer).get(f"/front-door/contacts/{contact.pk}/").status_code == 404
    assert (
        signed_in(social_worker).get(f"/front-door/contacts/{contact.pk}/how/").status_code == 404
    )


def test_triage_page_and_level_override(
    advisor: User,
    social_worker: User,
    add_child: Callable[..., Person],
    record_contact: Callable[..., Contact],
) -> None:
    contact = record_contact(add_child())
    base = f"/front-door/contacts/{contact.pk}"
    client = signed_in(advisor)
    no_reason = client.post(f"{base}/screening/", {"action": "level", "level": "3", "rag": "amber"})
    assert no_reason.status_code == 400
    assert b"Give a reason" in no_reason.content
    with_reason = client.post(
        f"{base}/screening/",
        {"action": "level", "level": "3", "rag": "amber", "reason": "Repeat concerns"},
    )
    assert with_reason.status_code == 302
    assert client.get(f"{base}/triage/").status_code == 403  # advisors do not triage
    sw = signed_in(social_worker)
    missing_reason = sw.post(f"{base}/triage/", {"outcome": "early_help"})
    assert missing_reason.status_code == 400
    done = sw.post(f"{base}/triage/", {"outcome": "early_help", "reason": "Family agree"})
    assert done.status_code == 302
    contact.refresh_from_db()
    assert contact.status == ContactStatus.CLOSED
    detail = sw.get(f"{base}/")
    assert b"Early help" in detail.content
    assert AuditEvent.objects.filter(action="view", object_type="contact").exists()


def test_protected_referrer_hidden_from_cse_practitioner(
    add_child: Callable[..., Person],
    record_contact: Callable[..., Contact],
    front_door: Any,
) -> None:
    from safehub.accounts.models import Role
    from tests.factories import create_user

    contact = record_contact(
        add_child(), referrer_name="Ann Informant", referrer_identity_protected=True
    )
    practitioner = create_user(agency=front_door, roles=[Role.CSE_PRACTITIONER])
    page = signed_in(practitioner).get(f"/front-door/contacts/{contact.pk}/")
    assert page.status_code == 200
    assert b"Ann Informant" not in page.content
    assert b"Identity protected" in page.content


def test_public_form_anonymous_with_honeypot_and_limit(settings: Any) -> None:
    cache.clear()
    settings.SAFEHUB_PUBLIC_FORM_LIMIT = 3
    client = Client()
    page = client.get("/report-a-concern/")
    assert page.status_code == 200
    error = client.post("/report-a-concern/", {"who": "parent", "about": "child"})
    assert error.status_code == 400
    assert b"Tell us what you are worried about" in error.content
    assert Contact.objects.count() == 0
    form = {
        "who": "neighbour",
        "about": "child",
        "child_name": "A girl called Jade at number 4",
        "concern": "Older men pick her up in a taxi late at night.",
        "anonymous": "on",
        "submission_key": "k1",
    }
    sent = client.post("/report-a-concern/", form, follow=True)
    assert sent.status_code == 200
    contact = Contact.objects.get()
    assert contact.reference.encode() in sent.content
    assert contact.channel == "anonymous" and contact.source == "9"
    assert contact.status == ContactStatus.AWAITING_DECISION
    assert contact.decision_due_at is not None
    # Resubmitting the same form does not duplicate it.
    client.post("/report-a-concern/", form)
    assert Contact.objects.count() == 1
    bot = client.post("/report-a-concern/", {**form, "website": "spam", "submission_key": "k2"})
    assert bot.status_code == 200
    assert Contact.objects.count() == 1
    limited = client.post("/report-a-concern/", {**form, "submission_key": "k3"})
    assert limited.status_code == 429
    cache.clear()


def test_administrator_changes_front_door_settings(admin_user: User) -> None:
    from safehub.frontdoor.models import FrontDoorSettings
    from safehub.frontdoor.services import settings_get

    settings_get()
    client = signed_in(admin_user)
    page = client.get("/django-admin/frontdoor/frontdoorsettings/1/change/")
    assert page.status_code == 200
    fields = {
        "active_instrument_code": "seraf",
        "red_decision_hours": 2,
        "amber_decision_hours": 24,
        "green_decision_hours": 72,
        "referral_decision_working_days": 1,
        "repeat_contacts_count": 3,
        "repeat_contacts_window_days": 365,
        "alert_acknowledge_minutes": 30,
        "missing_education_school_days": 10,
        "missing_strategy_episodes": 3,
        "missing_strategy_window_days": 30,
        "return_interview_hours": 72,
    }
    bad = client.post(
        "/django-admin/frontdoor/frontdoorsettings/1/change/",
        {**fields, "active_instrument_code": "nonsense"},
    )
    assert b"No screening instrument has that code" in bad.content
    client.post("/django-admin/frontdoor/frontdoorsettings/1/change/", fields)
    assert FrontDoorSettings.objects.get().active_instrument_code == "seraf"
    assert FrontDoorSettings.objects.get().red_decision_hours == 2


def test_seraf_as_active_instrument_keeps_old_screenings(
    advisor: User, add_child: Callable[..., Person], record_contact: Callable[..., Contact]
) -> None:
    from safehub.frontdoor import services

    first = record_contact(add_child())
    configured = services.settings_get()
    configured.active_instrument_code = "seraf"
    configured.save()
    second = record_contact(add_child("Jade", "Okafor", dob="2009-01-02"))
    first_screening = services.latest_screening(first)
    second_screening = services.latest_screening(second)
    assert first_screening is not None and second_screening is not None
    assert first_screening.instrument.code == "west-midlands"
    assert second_screening.instrument.code == "seraf"


def test_person_page_lists_contacts_about_them(
    advisor: User, add_child: Callable[..., Person], record_contact: Callable[..., Contact]
) -> None:
    child = add_child()
    contact = record_contact(child)
    page = signed_in(advisor).get(f"/people/{child.pk}/")
    assert page.status_code == 200
    assert contact.reference.encode() in page.content


def test_home_page_shows_front_door_work_counts(
    advisor: User,
    social_worker: User,
    add_child: Callable[..., Person],
    record_contact: Callable[..., Contact],
) -> None:
    from safehub.frontdoor import services

    contact = record_contact(add_child(), account="Worried.")
    services.contact_decide_level(
        actor=advisor, contact=contact, level=4, rag="red", reason="Disclosure"
    )
    page = signed_in(social_worker).get("/")
    assert b"1 contact awaiting a decision" in page.content
    assert b"1 alert to acknowledge" in page.content
    assert b"Worried." not in page.content  # counts only, no details
    officer_home = signed_in(advisor).get("/")
    assert b"alert to acknowledge" not in officer_home.content  # alerts are for other roles


def test_a_school_reports_a_child_missing_education_by_details_on_the_form(
    add_child: Callable[..., Person],
) -> None:
    from safehub.frontdoor.models import MissingEpisode
    from tests.factories import create_agency, create_user

    child = add_child("Kayleigh", "Brennan", dob="2010-05-04")
    school = create_agency(name="Severnside Academy", agency_type="education")
    teacher = create_user(agency=school, roles=[Role.PARTNER_CONTRIBUTOR])
    client = Client()
    client.force_login(teacher)
    page = client.get("/front-door/missing/new/")
    assert page.status_code == 200
    assert 'name="person_reference"' not in page.content.decode()  # cannot search the index
    start = (timezone.now() - timedelta(days=14)).strftime("%d/%m/%Y")
    empty = client.post(
        "/front-door/missing/new/",
        {"source": "school", "kind": "M", "started_date": start, "school_days_missed": "10"},
    )
    assert empty.status_code == 400
    assert "Enter the child&#x27;s first name" in empty.content.decode()
    done = client.post(
        "/front-door/missing/new/",
        {
            "child_given_name": "Kayleigh",
            "child_family_name": "Brennan",
            "child_date_of_birth": "04/05/2010",
            "source": "school",
            "kind": "M",
            "started_date": start,
            "school_days_missed": "10",
        },
    )
    assert done.status_code == 302, done.content.decode()[:2000]
    assert MissingEpisode.objects.get().person == child
