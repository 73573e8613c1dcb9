"""Demo: the CSE team's meetings, plans and partner actions in 2016-17, on the cases
`common.demo.pathway` built. For each case graded Medium or above and still open, the strategy
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

from safehub.accounts.models import Agency
from safehub.actions import services as action_services
from safehub.actions.models import ActionSource, PartnerAction
from safehub.common.demo import partnership
from safehub.common.demo.pathway import YEAR_END, _Backdate, _Cast, _demo_cases
from safehub.pathway import services
from safehub.pathway.models import STRATEGY_GRADES, SafetyPlan, StrategyMeeting

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
    if not cases or PartnerAction.objects.filter(case__in=cases).exists():
        return {"skipped": True}
    rng = random.Random(seed * 4099 + 23)  # noqa: S311 - reproducible demo data, not security
    agencies = _agencies()
    workers = {key: action_services.agency_workers(a.pk) for key, a in agencies.items()}
    cast = _Cast()
    backdate = _Backdate()
    held = plans = given = done = 0
    with transaction.atomic():
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
    return {"meetings": held, "plans": plans, "actions": given, "done": done}


def describe(figures: dict[str, Any]) -> str:
    if figures.get("skipped"):
        return "meetings and actions already present: nothing added"
    return (
        f"{figures['meetings']} strategy meetings held, {figures['plans']} safety plans, "
        f"{figures['actions']} actions given to agencies ({figures['done']} confirmed done, "
        f"{figures['actions'] - figures['done']} still open past their due date)"
    )
