"""Action pages and the audit-sample page, role by role, denied paths included."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safehub.accounts.models import Agency, Role, User
from safehub.actions.models import ActionStatus, PartnerAction
from safehub.audit.models import AuditEvent
from safehub.enquiries.models import Enquiry
from safehub.frontdoor.models import Contact
from tests.factories import create_user

pytestmark = pytest.mark.django_db


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_triage_page_refers_to_a_partner_agency(
    social_worker: User, contact: Contact, school: Agency, teacher: User
) -> None:
    sw = client_for(social_worker)
    form = sw.get(f"/front-door/contacts/{contact.pk}/triage/").content.decode()
    assert "Referred to a partner agency" in form and "Eastfield Academy" in form
    response = sw.post(
        f"/front-door/contacts/{contact.pk}/triage/",
        {"outcome": "refer_on", "referred_to_agency": school.pk, "reason": "School plan"},
    )
    assert response.status_code == 302
    action = PartnerAction.objects.get()
    assert action.owning_agency == school
    # The contact page no longer offers the front door to confirm it for the school.
    page = sw.get(f"/front-door/contacts/{contact.pk}/").content.decode()
    assert "Confirm the other service acted" not in page


def test_the_agency_sees_and_confirms_its_action(
    contact: Contact, school: Agency, teacher: User, nurse: User, refer_to: Callable[..., Any]
) -> None:
    refer_to(contact, school)
    action = PartnerAction.objects.get()
    tess = client_for(teacher)
    listing = tess.get("/actions/").content.decode()
    assert f"/actions/{action.pk}/" in listing and "Kayleigh" in listing
    detail = tess.get(f"/actions/{action.pk}/").content.decode()
    assert "Confirm the action is done" in detail
    empty = tess.post(f"/actions/{action.pk}/complete/", {"evidence": ""})
    assert empty.status_code == 400
    assert "govuk-error-summary" in empty.content.decode()
    done = tess.post(f"/actions/{action.pk}/complete/", {"evidence": "Plan in CPOMS"})
    assert done.status_code == 302
    assert PartnerAction.objects.get().status == ActionStatus.DONE
    assert AuditEvent.objects.filter(
        actor=teacher, action="view", object_type="partner_action", object_id=str(action.pk)
    ).exists()
    # Another agency: not in its list, the page is not found, and it cannot post.
    nia = client_for(nurse)
    assert f"/actions/{action.pk}/" not in nia.get("/actions/").content.decode()
    assert nia.get(f"/actions/{action.pk}/").status_code == 404
    assert nia.post(f"/actions/{action.pk}/complete/", {"evidence": "x"}).status_code == 404


def test_leads_see_every_open_action_and_withdraw_with_a_reason(
    contact: Contact,
    school: Agency,
    social_worker: User,
    teacher: User,
    refer_to: Callable[..., Any],
) -> None:
    refer_to(contact, school)
    action = PartnerAction.objects.get()
    PartnerAction.objects.filter(pk=action.pk).update(due_on=timezone.localdate() - timedelta(1))
    sw = client_for(social_worker)
    given = sw.get("/actions/?view=given").content.decode()
    assert "Eastfield Academy" in given and "Overdue" in given
    home = sw.get("/").content.decode()
    assert "1 action given to agencies overdue" in home
    assert sw.post(f"/actions/{action.pk}/withdraw/", {"reason": ""}).status_code == 400
    assert (
        client_for(teacher)
        .post(f"/actions/{action.pk}/withdraw/", {"reason": "Not ours"})
        .status_code
        == 403
    )
    assert sw.post(f"/actions/{action.pk}/withdraw/", {"reason": "Wrong school"}).status_code == 302
    assert PartnerAction.objects.get().status == ActionStatus.WITHDRAWN


def test_social_worker_gives_an_action_from_the_enquiry(
    invited: Enquiry, social_worker: User, health: Agency, nurse: User, teacher: User
) -> None:
    sw = client_for(social_worker)
    page = sw.get(f"/enquiries/{invited.pk}/").content.decode()
    url = f"/actions/give/enquiry/{invited.pk}/"
    assert url in page
    bad = sw.post(url, {"owning_agency": health.pk, "what": "", "due_on": "1/1/2020"})
    assert bad.status_code == 400
    text = bad.content.decode()
    assert "Say what the agency is to do" in text and "cannot be in the past" in text
    due = (timezone.localdate() + timedelta(days=5)).strftime("%d/%m/%Y")
    good = sw.post(url, {"owning_agency": health.pk, "what": "Check the clinic", "due_on": due})
    assert good.status_code == 302 and good["Location"] == f"/enquiries/{invited.pk}/"
    action = PartnerAction.objects.get()
    assert action.enquiry == invited and action.source == "enquiry"
    # The nurse's agency sees it on the enquiry; the school does not.
    assert "Check the clinic" in client_for(nurse).get(f"/enquiries/{invited.pk}/").content.decode()
    assert (
        "Check the clinic"
        not in client_for(teacher).get(f"/enquiries/{invited.pk}/").content.decode()
    )
    # A contributor cannot give actions.
    assert client_for(teacher).get(url).status_code == 403


def test_audit_sample_page_and_csv(
    cse_contact: Callable[..., Contact], school: Agency, refer_to: Callable[..., Any]
) -> None:
    for _ in range(3):
        refer_to(cse_contact(), school)
    auditor = create_user(agency=school, roles=[Role.AUDITOR], full_name="Aud Itor")
    client = client_for(auditor)
    assert client.get("/actions/audit-sample/").status_code == 200
    today = timezone.localdate()
    query = {
        "date_from": (today - timedelta(days=1)).strftime("%d/%m/%Y"),
        "date_to": today.strftime("%d/%m/%Y"),
        "fraction": "0.5",
        "seed": "7",
    }
    page = client.get("/actions/audit-sample/", query).content.decode()
    assert "2 of 3 CSE referrals" in page and "Download the worksheet" in page
    download = client.get("/actions/audit-sample.csv", query)
    assert download["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(download.content.decode())))
    assert len(rows) == 3
    assert AuditEvent.objects.filter(actor=auditor, action="view", object_type="audit_sample")
    assert AuditEvent.objects.filter(actor=auditor, action="export", object_type="audit_sample")
    bad = client.get("/actions/audit-sample/", {**query, "date_to": "1/1/2000"})
    assert bad.status_code == 400 and "must be after its start" in bad.content.decode()


def test_audit_sample_is_not_for_practitioners_or_contributors(teacher: User, cate: Any) -> None:
    practitioner = create_user(agency=cate, roles=[Role.CSE_PRACTITIONER])
    for user in (teacher, practitioner):
        assert client_for(user).get("/actions/audit-sample/").status_code == 403
        assert client_for(user).get("/actions/audit-sample.csv").status_code == 403


@pytest.fixture
def cate(db: Any) -> Agency:
    from tests.factories import create_agency

    return create_agency(name="Severnside CATE Team", agency_type="cse_team")


@pytest.mark.parametrize("id_list_max", [2000, 0], ids=["id-list", "subquery"])
def test_the_cse_managers_dashboard_lists_overdue_actions_on_cases(
    contact: Contact,
    school: Agency,
    social_worker: User,
    id_list_max: int,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from safehub.actions import services
    from safehub.frontdoor import services as frontdoor_services
    from safehub.pathway.models import CseCase
    from tests.factories import create_agency

    frontdoor_services.contact_triage(
        actor=social_worker, contact=contact, outcome="cse_pathway", reason="CSE"
    )
    case = CseCase.objects.get()
    action = services.action_give(
        actor=social_worker,
        child=case.child,
        owning_agency=school,
        what="Daily attendance check",
        due_on=timezone.localdate(),
        source="strategy_meeting",
        case=case,
    )
    cate = create_agency(name="Severnside CATE Team", agency_type="cse_team")
    manager = create_user(agency=cate, roles=[Role.TEAM_MANAGER])
    page = client_for(manager).get("/pathway/").content.decode()
    assert 'id="actions-overdue"' not in page  # due today: not overdue yet
    PartnerAction.objects.filter(pk=action.pk).update(due_on=timezone.localdate() - timedelta(1))
    page = client_for(manager).get("/pathway/").content.decode()
    overdue = page.split('id="actions-overdue"')[1].split("</ul>")[0]
    assert "Eastfield Academy: Daily attendance check" in overdue and case.reference in overdue
    # Both ways of finding the open cases' actions (an id list, or a subquery when there are
    # many open cases) list the same, and neither lists an action on a closed case.
    from safehub.pathway import selectors as pathway_selectors

    monkeypatch.setattr(pathway_selectors, "OPEN_CASE_ID_LIST_MAX", id_list_max)
    assert list(pathway_selectors.actions_overdue(user=manager)) == [action]
    CseCase.objects.filter(pk=case.pk).update(status="closed")
    assert list(pathway_selectors.actions_overdue(user=manager)) == []
