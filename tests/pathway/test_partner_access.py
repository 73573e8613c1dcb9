"""Point 12: a partner agency sees a case only while it is open and the agency is involved,
and only what was shared with it; no agency reads another's enquiry entries through any page,
export, search result or API endpoint."""

# The enquiry fixtures are imported so that a case can come from a real enquiry; test
# parameters with their names are those fixtures, not redefinitions.
# ruff: noqa: F811

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone

from safehub.accounts import services as account_services
from safehub.accounts.models import Agency, User
from safehub.actions import services as action_services
from safehub.actions.models import ActionSource
from safehub.audit.models import AuditEvent
from safehub.enquiries import services as enquiry_services
from safehub.enquiries.models import Enquiry
from safehub.pathway import services
from safehub.pathway.models import CseCase, StrategyMeeting
from tests.enquiries.conftest import (  # noqa: F401  (fixtures reused)
    contact,
    enquiry,
    health,
    housing,
    housing_officer,
    invited,
    nurse,
    officer,
    police_agency,
    school,
    teacher,
)
from tests.enquiries.conftest import entry as entry_input

pytestmark = pytest.mark.django_db

POLICE_SECRET = "Intelligence-only: seen at the Flat 9 address with Tariq"
SCHOOL_SECRET = "School-only: attendance fell to 40 percent"


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def case(invited: Enquiry, social_worker: User, officer: User, teacher: User) -> CseCase:
    """A case opened from an enquiry the police, the school and health were asked to."""
    enquiry_services.enquiry_entry_add(
        actor=officer, enquiry=invited, data=entry_input(POLICE_SECRET)
    )
    enquiry_services.enquiry_entry_add(
        actor=teacher, enquiry=invited, data=entry_input(SCHOOL_SECRET)
    )
    enquiry_services.enquiry_close(
        actor=social_worker, enquiry=invited, decision="cse_pathway", reason="CSE risk"
    )
    return CseCase.objects.get(enquiry=invited)


def test_invited_agency_sees_the_case_but_only_what_was_shared(
    case: CseCase, teacher: User, officer: User, social_worker: User, health: Agency
) -> None:
    action_services.action_give(
        actor=social_worker,
        child=case.child,
        owning_agency=health,
        what="Health: check clinic attendance",
        due_on=timezone.localdate() + timedelta(days=3),
        source=ActionSource.ENQUIRY,
        source_id=case.enquiry_id,
        case=case,
    )
    page = client_for(teacher).get(f"/pathway/cases/{case.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert case.reference in text and "Your agency's part in this case" in text
    for hidden in (
        POLICE_SECRET,
        SCHOOL_SECRET,
        "Health: check clinic attendance",
        "Risk assessments",
    ):
        assert hidden not in text
    assert AuditEvent.objects.filter(
        actor=teacher, object_type="cse_case", object_id=str(case.pk), details__as_partner=True
    ).exists()


def test_uninvolved_agency_and_closed_cases_are_not_found(
    case: CseCase, housing_officer: User, teacher: User, manager: User
) -> None:
    assert client_for(housing_officer).get(f"/pathway/cases/{case.pk}/").status_code == 404
    services.case_allocate(actor=manager, case=case, practitioner=_practitioner(manager))
    CseCase.objects.filter(pk=case.pk).update(status="closed", exit_strategy="Safe now")
    assert client_for(teacher).get(f"/pathway/cases/{case.pk}/").status_code == 404


def _practitioner(manager: User) -> User:
    from safehub.accounts.models import Role
    from tests.factories import create_user

    return create_user(agency=manager.agency, roles=[Role.CSE_PRACTITIONER], full_name="Pia Prac")


def test_police_read_the_perpetrator_actions_of_meetings_they_attended(
    case: CseCase, officer: User, teacher: User, police_agency: Agency, school: Agency
) -> None:
    meeting = StrategyMeeting.objects.create(
        case=case,
        kind="initial",
        due_by=timezone.now(),
        held_at=timezone.now() - timedelta(hours=2),
        decisions="Safety plan agreed with mum",
        perpetrator_actions="Disruption notice for the Flat 9 address",
    )
    meeting.agencies.set([police_agency, school])
    police_page = client_for(officer).get(f"/pathway/cases/{case.pk}/").content.decode()
    assert "Safety plan agreed with mum" in police_page
    assert "Disruption notice" in police_page
    school_page = client_for(teacher).get(f"/pathway/cases/{case.pk}/").content.decode()
    assert "Safety plan agreed with mum" in school_page
    assert "Disruption notice" not in school_page


def test_no_agency_reads_another_agencys_entries_anywhere(
    case: CseCase, teacher: User, social_worker: User, school: Agency
) -> None:
    action = action_services.action_give(
        actor=social_worker,
        child=case.child,
        owning_agency=school,
        what="School: attendance plan",
        due_on=timezone.localdate() + timedelta(days=3),
        source=ActionSource.ENQUIRY,
        source_id=case.enquiry_id,
        case=case,
        enquiry=case.enquiry,
    )
    browser = client_for(teacher)
    _, secret = account_services.api_token_create(actor=teacher, name="t")
    api: dict[str, Any] = {"HTTP_AUTHORIZATION": f"Bearer {secret}"}
    responses = [
        browser.get(f"/pathway/cases/{case.pk}/"),
        browser.get(f"/enquiries/{case.enquiry_id}/"),
        browser.get("/enquiries/"),
        browser.get("/actions/"),
        browser.get(f"/actions/{action.pk}/"),
        browser.get("/"),
        browser.get("/people/search/?q=Kayleigh"),
        browser.get(
            "/actions/audit-sample.csv?date_from=01/01/2020&date_to=31/12/2030&fraction=1&seed=1"
        ),
        browser.get("/pathway/panels/"),
        Client().get(f"/api/v1/enquiries/{case.enquiry_id}/entries", **api),
        Client().get("/api/v1/actions", **api),
        Client().get(f"/api/v1/actions/{action.pk}", **api),
        Client().get(f"/api/v1/cases/{case.pk}", **api),
        Client().get("/api/v1/people/search?q=Kayleigh", **api),
    ]
    assert responses[0].status_code == 200 and responses[1].status_code == 200
    for response in responses:
        assert POLICE_SECRET.encode() not in response.content, response.request["PATH_INFO"]
    # The school's own entry is there on the enquiry page and over the API.
    assert SCHOOL_SECRET.encode() in responses[1].content
    entries_api = next(r for r in responses if r.request["PATH_INFO"].endswith("/entries"))
    assert SCHOOL_SECRET.encode() in entries_api.content


def test_case_page_tells_the_story_grade_chart_chronology_and_people(
    invited: Enquiry,
    social_worker: User,
    officer: User,
    teacher: User,
    manager: User,
    chair: User,
) -> None:
    relevant = enquiry_services.enquiry_entry_add(
        actor=officer,
        enquiry=invited,
        data=entry_input("Seen in a car with an adult known as Dee", about_description="Dee"),
    )
    enquiry_services.enquiry_entry_add(
        actor=teacher, enquiry=invited, data=entry_input("Not relevant: new shoes")
    )
    enquiry_services.enquiry_entry_mark_relevant(actor=social_worker, entry=relevant, relevant=True)
    enquiry_services.enquiry_close(
        actor=social_worker, enquiry=invited, decision="cse_pathway", reason="CSE risk"
    )
    case = CseCase.objects.get(enquiry=invited)
    practitioner = _practitioner(manager)
    services.case_allocate(actor=manager, case=case, practitioner=practitioner)
    services.case_assess(
        actor=practitioner, case=case, answers={"MISSING": "current"}, narrative="Met her"
    )
    services.case_move(actor=practitioner, case=case, to="awaiting_panel")
    services.case_grade(actor=chair, case=case, grade="high", rationale="Cars, older men")
    services.case_grade(actor=chair, case=case, grade="medium", rationale="Safer at home")
    page = client_for(practitioner).get(f"/pathway/cases/{case.pk}/").content.decode()
    chart = page.split('id="grade-chart"')[1].split("</svg>")[0]
    assert "High on" in chart and "then Medium on" in chart and chart.count("<circle") == 2
    history = page.split('id="grade-history"')[1].split("</table>")[0]
    assert history.index("High") < history.index("Medium")
    chronology = page.split('id="chronology"')[1].split("</ol>")[0]
    assert "Seen in a car with an adult known as Dee" in chronology
    assert "new shoes" not in chronology
    assert chronology.index("Seen in a car") < chronology.index(invited.contact.reference)  # 1 Nov
    people = page.split('id="people-involved"')[1].split("</dl>")[0]
    assert "Dee" in people and "Midshire Police" in people and practitioner.full_name in people


def test_an_agency_told_about_the_child_sees_what_was_shared_and_a_refusal_gives_nothing(
    case: CseCase, social_worker: User, housing: Agency, housing_officer: User
) -> None:
    def record(shared: bool, information: str) -> None:
        enquiry_services.sharing_decision_record(
            actor=social_worker,
            enquiry=case.enquiry,
            data=enquiry_services.SharingInput(
                shared=shared,
                information=information,
                purpose="to keep her safe at home",
                consent="not_sought",
                consent_reason="Asking would put her at risk",
                lawful_basis="safeguarding" if shared else "",
                recipient_agency_id=housing.pk,
            ),
        )

    record(False, "Her mobile number")
    assert client_for(housing_officer).get(f"/pathway/cases/{case.pk}/").status_code == 404
    record(True, "Adults calling at the flat late at night")
    page = client_for(housing_officer).get(f"/pathway/cases/{case.pk}/").content.decode()
    shared = page.split('id="shared-with-agency"')[1].split("</ul>")[0]
    assert "Adults calling at the flat late at night" in shared
    assert "Her mobile number" not in page and POLICE_SECRET not in page
