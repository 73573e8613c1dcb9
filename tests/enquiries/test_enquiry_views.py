"""Enquiry pages, role by role: what each agency sees, and that every view is audited."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.test import Client

from safehub.accounts.models import Agency, Role, User
from safehub.audit.models import AuditEvent
from safehub.enquiries import services
from safehub.enquiries.models import Enquiry, EnquiryEntry, SharingDecision
from safehub.frontdoor.models import Contact
from tests.enquiries.conftest import entry
from tests.factories import create_user

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_a_social_worker_opens_an_enquiry_from_the_contact_and_invites_agencies(
    social_worker: User, contact: Contact, police_agency: Agency, school: Agency
) -> None:
    sw = client_for(social_worker)
    page = sw.get(f"/front-door/contacts/{contact.pk}/").content.decode()
    assert f"/enquiries/open/{contact.pk}/" in page
    empty = sw.post(f"/enquiries/open/{contact.pk}/", {"reason": ""})
    assert empty.status_code == 400
    assert "Say why you are opening an enquiry" in empty.content.decode()
    opened = sw.post(f"/enquiries/open/{contact.pk}/", {"reason": "Cars and older men"})
    enquiry = Enquiry.objects.get()
    assert opened.status_code == 302 and opened["Location"] == f"/enquiries/{enquiry.pk}/"
    detail = sw.get(f"/enquiries/{enquiry.pk}/").content.decode()
    assert "Ask these agencies" in detail and "Midshire Police" in detail
    invited = sw.post(
        f"/enquiries/{enquiry.pk}/invite/", {"agencies": [police_agency.pk, school.pk]}
    )
    assert invited.status_code == 302
    assert set(enquiry.invitations.values_list("agency__name", flat=True)) == {
        "Midshire Police",
        "Eastfield Academy",
    }
    # The contact page now leads to the open enquiry.
    page = sw.get(f"/front-door/contacts/{contact.pk}/").content.decode()
    assert f"Go to enquiry {enquiry.reference}" in page


def test_each_agency_sees_only_its_own_entries_on_every_page(
    invited: Enquiry,
    social_worker: User,
    officer: User,
    teacher: User,
    housing_officer: User,
) -> None:
    services.enquiry_entry_add(
        actor=officer, enquiry=invited, data=entry("POLICE-ONLY sighting in a silver car")
    )
    services.enquiry_entry_add(
        actor=teacher, enquiry=invited, data=entry("SCHOOL-ONLY absence on Mondays")
    )
    school_page = client_for(teacher).get(f"/enquiries/{invited.pk}/").content.decode()
    assert "SCHOOL-ONLY" in school_page and "POLICE-ONLY" not in school_page
    assert "Midshire Police" not in school_page  # not even who else was asked
    police_page = client_for(officer).get(f"/enquiries/{invited.pk}/").content.decode()
    assert "POLICE-ONLY" in police_page and "SCHOOL-ONLY" not in police_page
    sw_page = client_for(social_worker).get(f"/enquiries/{invited.pk}/").content.decode()
    assert "POLICE-ONLY" in sw_page and "SCHOOL-ONLY" in sw_page
    # Not invited: nothing at all.
    housing = client_for(housing_officer)
    assert housing.get(f"/enquiries/{invited.pk}/").status_code == 404
    assert housing.get(f"/enquiries/{invited.pk}/entries/new/").status_code == 404
    assert invited.reference not in housing.get("/enquiries/").content.decode()
    # Every view is audited with the entries it showed.
    event = AuditEvent.objects.filter(object_type="enquiry", action="view", actor=teacher).latest(
        "id"
    )
    shown = EnquiryEntry.objects.filter(pk__in=event.details["entries_shown"])
    assert {e.agency_id for e in shown} == {teacher.agency_id}


def test_an_agency_cannot_touch_another_agencys_entry(
    invited: Enquiry, officer: User, teacher: User
) -> None:
    police_entry = services.enquiry_entry_add(
        actor=officer, enquiry=invited, data=entry("Police information")
    )
    response = client_for(teacher).post(
        f"/enquiries/{invited.pk}/entries/{police_entry.pk}/relevant/", {"relevant": "yes"}
    )
    assert response.status_code == 404
    police_entry.refresh_from_db()
    assert not police_entry.relevant


def test_a_school_adds_an_entry_with_errors_kept_then_valid_and_can_say_nothing_known(
    invited: Enquiry, teacher: User, nurse: User
) -> None:
    school = client_for(teacher)
    bad = school.post(
        f"/enquiries/{invited.pk}/entries/new/",
        {"kind": "known", "happened_on": "31/02/2026", "about": "child", "text": "Kept text"},
    )
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Enter a real date" in body and "Kept text" in body
    good = school.post(
        f"/enquiries/{invited.pk}/entries/new/",
        {
            "kind": "concern",
            "happened_on": "03/11/2026",
            "about": "other",
            "about_description": "'Tiz', drives a silver Audi",
            "text": "Seen collecting her at the gate",
            "informant": "A parent at the gate",
            "informant_identity_protected": "on",
            "submission_key": "fixed-key",
        },
    )
    assert good.status_code == 302
    created = EnquiryEntry.objects.get(agency=teacher.agency)
    assert created.about_description.startswith("'Tiz'") and created.informant_identity_protected
    assert created.happened_on == date(2026, 11, 3)
    # A colleague at the school sees the entry but not the protected informant.
    colleague = create_user(agency=teacher.agency, roles=[Role.PARTNER_CONTRIBUTOR])
    page = client_for(colleague).get(f"/enquiries/{invited.pk}/").content.decode()
    assert "Seen collecting her" in page and "A parent at the gate" not in page
    assert (
        "A parent at the gate"
        in client_for(teacher).get(f"/enquiries/{invited.pk}/").content.decode()
    )
    health = client_for(nurse)
    assert health.post(f"/enquiries/{invited.pk}/nothing-known/").status_code == 302
    assert invited.invitations.get(agency=nurse.agency).nothing_known


def test_the_social_worker_marks_relevance_closes_and_records_sharing(
    invited: Enquiry, social_worker: User, officer: User, school: Agency
) -> None:
    police_entry = services.enquiry_entry_add(
        actor=officer, enquiry=invited, data=entry("Police information")
    )
    sw = client_for(social_worker)
    sw.post(f"/enquiries/{invited.pk}/entries/{police_entry.pk}/relevant/", {"relevant": "yes"})
    police_entry.refresh_from_db()
    assert police_entry.relevant
    missing = sw.post(
        f"/enquiries/{invited.pk}/sharing/new/",
        {
            "shared": "yes",
            "information": "Sightings",
            "purpose": "Safety plan",
            "consent": "not_sought",
        },
    )
    assert missing.status_code == 400
    assert "Select the lawful basis" in missing.content.decode()
    done = sw.post(
        f"/enquiries/{invited.pk}/sharing/new/",
        {
            "shared": "yes",
            "information": "Sightings",
            "recipient_agency": school.pk,
            "purpose": "Safety plan at school",
            "lawful_basis": "safeguarding",
            "consent": "not_sought",
            "consent_reason": "Asking would alert the men",
        },
    )
    assert done.status_code == 302 and SharingDecision.objects.count() == 1
    close_page = sw.get(f"/enquiries/{invited.pk}/close/").content.decode()
    assert "Police information" in close_page  # the relevant entries go with the decision
    closed = sw.post(
        f"/enquiries/{invited.pk}/close/",
        {"decision": "cse_pathway", "decision_reason": "Meets the CSE threshold"},
    )
    assert closed.status_code == 302
    invited.contact.refresh_from_db()
    assert invited.contact.triage.outcome == "cse_pathway"


def test_roles_without_enquiries_are_refused(make_user: Any) -> None:
    analyst = make_user(Role.PERFORMANCE_ANALYST)
    assert client_for(analyst).get("/enquiries/").status_code == 403
