"""Demo: the CSE team's risk panels, meetings, plans and partner actions in 2016-17, on the
cases `common.demo.pathway` built. The panel sat every other Thursday and graded the cases
(through `case_grade`, in the year's replay); its records — agenda, the practitioner's report
and the police intelligence summary gathered before it, attendance by agency with the reasons
for absences, the decision per case — are written beside those grades here, with an action for
a support agency on some cases. For each case graded Medium or above and still open, the strategy
meeting its grade called is held (police, a school and health attend; actions against the
people exploiting the young person recorded for the police), a safety plan is made with the
young person and their parents, and the meeting gives actions to the agencies: most are
confirmed done with evidence, some are still open past their due date (Recommendation 23: the
dashboard and the audit sample show them). Everything goes through the services and is then
back-dated. Idempotent: nothing is added if the demo cases already have partner actions."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone

from safehub.accounts.models import Agency, Role, User
from safehub.actions import services as action_services
from safehub.actions.models import ActionSource, PartnerAction
from safehub.common.demo import partnership
from safehub.common.demo.pathway import YEAR_END, _Backdate, _Cast, _demo_cases
from safehub.pathway import services
from safehub.pathway.models import (
    STRATEGY_GRADES,
    CaseAssessment,
    CaseEvent,
    PanelAttendance,
    PanelInput,
    PanelInputKind,
    PanelItem,
    PanelStatus,
    RiskPanel,
    SafetyPlan,
    StrategyMeeting,
)

DECISIONS = (
    "Safety plan agreed; daily check-ins by school; police to identify the car's keeper.",
    "Young person to be seen twice a week; mum supported by the parents' service; return-home "
    "interviews after every missing episode.",
    "Disruption plan for the address on the estate; referral to the sexual health clinic; "
    "review in six weeks.",
)
PERPETRATOR_ACTIONS = (
    "Child abduction warning notice to the adult known as 'Jay'.",
    "Visit the takeaway on the high street with licensing; intelligence report submitted.",
    "",
)
GOALS = (
    "Safe after school and at weekends; knows who to call when she feels unsafe.",
    "Back in school full time; no missing episodes; trusted adult at school.",
)
YOUNG_PERSON_SAID = (
    "Wants to go to the youth club instead of the park; does not want police at home.",
    "Did not want to take part this time; the plan was explained to them at home afterwards.",
)
PARENTS_SAID = (
    "Mum will collect from school on Fridays and wants help with the phone.",
    "Dad worried about the older boys on the estate; agreed to the curfew.",
)
ACTIONS = (
    ("police", "Identify the keeper of the car seen collecting the young person", True),
    ("school_1", "Daily attendance check and a named trusted adult at school", False),
    ("hospital", "Offer a sexual health appointment and record attendance", False),
)
EVIDENCE = {
    "police": "Keeper identified; intelligence log updated and shared with the CSE team.",
    "school_1": "Attendance checked daily; head of year named as trusted adult (CPOMS note).",
    "hospital": "Appointment offered and attended; outcome in the clinic record.",
}
STILL_OPEN = 0.15  # share of actions left open past their due date


POLICE_SUMMARIES = (
    "Two intelligence reports link the young person to a silver car seen near the retail park; "
    "keeper not yet identified.",
    "Named by a peer as attending parties at a flat on the estate; the flat's tenant is known "
    "for supplying alcohol to under-18s.",
    "No police intelligence held beyond the missing episodes already reported.",
)
ABSENCES = (
    "Clinic commitments; written information sent before the panel.",
    "Staff sickness; no deputy available.",
    "Not available; will send a representative next time.",
)
REPRESENTATIVES = ("Safeguarding lead", "Duty manager", "Named nurse", "CSE coordinator")


def _panels(rng: random.Random, cases: list[Any], cast: _Cast) -> tuple[int, int]:
    """The panel's records beside each sitting's grades (written directly: the grades went
    through the services when the year was replayed)."""
    from safehub.pathway.selectors import panel_expected_agencies

    officers = list(
        User.objects.filter(role_assignments__role=Role.POLICE_OFFICER, is_active=True)
        .order_by("pk")
        .distinct()
    )
    police_agency = officers[0].agency if officers else None
    graded = (
        CaseEvent.objects.filter(case__in=cases, kind="graded")
        .select_related("case__practitioner", "actor")
        .order_by("at", "id")
    )
    sittings: dict[date, list[CaseEvent]] = {}
    for event in graded:
        sittings.setdefault(timezone.localtime(event.at).date(), []).append(event)
    expected = panel_expected_agencies(None)
    panels = items = 0
    for day, events in sorted(sittings.items()):
        sat = events[0].at
        chair = events[0].actor or cast.chairs[0]
        panel = RiskPanel.objects.create(
            held_on=day,
            location="Civic Offices, committee room 2",
            chair=chair,
            status=PanelStatus.HELD,
            held_at=sat + timedelta(hours=3),
            recorded_by=chair,
        )
        RiskPanel.objects.filter(pk=panel.pk).update(created_at=sat - timedelta(days=10))
        panels += 1
        for agency in expected:
            came = rng.random() >= 0.12
            PanelAttendance.objects.create(
                panel=panel,
                agency=agency,
                attended=came,
                representative=rng.choice(REPRESENTATIVES) if came else "",
                absence_reason="" if came else rng.choice(ABSENCES),
            )
        seen: set[int] = set()
        for position, event in enumerate(events, start=1):
            if event.case_id in seen:
                continue
            seen.add(event.case_id)
            item = PanelItem.objects.create(
                panel=panel,
                case=event.case,
                position=position,
                added_by=chair,
                added_at=sat - timedelta(days=7),
                grade=event.details.get("grade", ""),
                rationale=event.reason,
                decided_at=event.at,
                decided_by=event.actor or chair,
            )
            items += 1
            assessment = (
                CaseAssessment.objects.filter(case=event.case, assessed_at__lt=event.at)
                .order_by("-assessed_at")
                .first()
            )
            if assessment is not None:
                PanelInput.objects.create(
                    item=item,
                    kind=PanelInputKind.PRACTITIONER_REPORT,
                    agency=cast.cate,
                    author=assessment.assessed_by,
                    text=assessment.narrative,
                    at=sat - timedelta(days=3),
                )
            if officers and police_agency is not None and rng.random() < 0.6:
                PanelInput.objects.create(
                    item=item,
                    kind=PanelInputKind.POLICE_INTELLIGENCE,
                    agency=police_agency,
                    author=rng.choice(officers),
                    text=rng.choice(POLICE_SUMMARIES),
                    at=sat - timedelta(days=2),
                )
    return panels, items


def _agencies() -> dict[str, Agency]:
    names = {spec.key: spec.name for spec in partnership.AGENCIES}
    return {key: Agency.objects.get(name=names[key]) for key in ("police", "school_1", "hospital")}


def _moment(day: datetime) -> datetime:
    return min(day, YEAR_END - timedelta(hours=1), timezone.now())


def build(seed: int) -> dict[str, Any]:
    cases = list(
        _demo_cases()
        .open()
        .filter(grade__in=STRATEGY_GRADES, graded_at__isnull=False)
        .select_related("child", "practitioner")
        .order_by("graded_at", "pk")
    )
    if (
        not cases
        or PartnerAction.objects.filter(case__in=cases).exists()
        or PanelItem.objects.filter(case__in=cases).exists()
    ):
        return {"skipped": True}
    rng = random.Random(seed * 4099 + 23)  # noqa: S311 - reproducible demo data, not security
    agencies = _agencies()
    workers = {key: action_services.agency_workers(a.pk) for key, a in agencies.items()}
    cast = _Cast()
    backdate = _Backdate()
    held = plans = given = done = 0
    with transaction.atomic():
        panels, items = _panels(rng, list(_demo_cases()), cast)
        for case in cases:
            meeting = StrategyMeeting.objects.filter(case=case, held_at__isnull=True).first()
            if meeting is None or case.practitioner is None or case.graded_at is None:
                continue
            when = _moment(case.graded_at + timedelta(days=rng.randint(2, 6), hours=2))
            marks = backdate.mark()
            services.strategy_meeting_record(
                actor=cast.manager,
                meeting=meeting,
                data=services.MeetingInput(
                    held_at=when,
                    agency_ids=[cast.cate.pk, *(a.pk for a in agencies.values())],
                    attendees="CSE practitioner, police CSE officer, school DSL, sexual "
                    "health nurse, team manager (chair)",
                    decisions=rng.choice(DECISIONS),
                    perpetrator_actions=rng.choice(PERPETRATOR_ACTIONS),
                ),
            )
            held += 1
            StrategyMeeting.objects.filter(pk=meeting.pk).update(
                due_by=when, created_at=when, updated_at=when
            )
            StrategyMeeting.objects.filter(case=case, held_at__isnull=True).update(
                created_at=when, updated_at=when
            )
            young_took_part = rng.random() < 0.85
            if case.status not in services.PLAN_STAGES:
                backdate.apply(marks, when, case)
                continue
            plan = services.safety_plan_save(
                actor=case.practitioner,
                case=case,
                data=services.PlanInput(
                    goals=rng.choice(GOALS),
                    young_person_took_part=young_took_part,
                    young_person_said=YOUNG_PERSON_SAID[0 if young_took_part else 1],
                    parents_took_part=True,
                    parents_said=rng.choice(PARENTS_SAID),
                    family_summary="We will help you stay safe: who to call, where to go after "
                    "school, and who will check in with you each week.",
                    actions=[
                        services.PlanAction(
                            what="Meet after school every Tuesday",
                            who="CSE practitioner",
                            by_when=(when + timedelta(days=7)).date(),
                        ),
                        services.PlanAction(
                            what="Disrupt the adults seen with the young person",
                            who="Police CSE team",
                            by_when=(when + timedelta(days=14)).date(),
                            restricted=True,
                        ),
                    ],
                ),
            )
            SafetyPlan.objects.filter(pk=plan.pk).update(made_at=when)
            plans += 1
            for key, what, restricted in ACTIONS:
                if key == "hospital" and rng.random() < 0.4:
                    continue
                action = action_services.action_give(
                    actor=cast.manager,
                    child=case.child,
                    owning_agency=agencies[key],
                    what=what,
                    due_on=timezone.localdate(),
                    source=ActionSource.STRATEGY_MEETING,
                    source_id=meeting.pk,
                    case=case,
                    restricted=restricted,
                )
                due: date = (when + timedelta(days=rng.randint(7, 21))).date()
                given += 1
                if rng.random() >= STILL_OPEN and workers[key]:
                    action_services.action_complete(
                        actor=rng.choice(workers[key]), action=action, evidence=EVIDENCE[key]
                    )
                    finished = _moment(
                        datetime.combine(due, when.timetz()) - timedelta(days=rng.randint(0, 5))
                    )
                    PartnerAction.objects.filter(pk=action.pk).update(
                        completed_at=min(
                            max(finished, when + timedelta(minutes=30)),
                            YEAR_END - timedelta(minutes=1),
                        )
                    )
                    done += 1
                PartnerAction.objects.filter(pk=action.pk).update(
                    due_on=due, set_at=when, created_at=when, updated_at=when
                )
            backdate.apply(marks, when, case)
    return {
        "panels": panels,
        "panel_items": items,
        "meetings": held,
        "plans": plans,
        "actions": given,
        "done": done,
    }


def describe(figures: dict[str, Any]) -> str:
    if figures.get("skipped"):
        return "meetings and actions already present: nothing added"
    return (
        f"{figures['panels']} risk panels grading {figures['panel_items']} cases, "
        f"{figures['meetings']} strategy meetings held, {figures['plans']} safety plans, "
        f"{figures['actions']} actions given to agencies ({figures['done']} confirmed done, "
        f"{figures['actions'] - figures['done']} still open past their due date)"
    )
