"""Demo CSE pathway: the CATE team's year 1 April 2016 - 31 March 2017, calibrated to the seed
(docs/domain.md, "Figures to calibrate demo data").

* **58 referrals in the year**: the first "CSE pathway" triage decision of 58 of the year's
  demo young people (the front-door demo's CSE contacts, `safehub.common.demo.frontdoor`),
  opened through `case_open_from_triage` (one open case per child).
* **68 young people on the caseload at 31 March 2017** (62 female, 6 male; 54 White British,
  6 mixed heritage, 8 Asian, Black or other White; aged 13: 7, 14-15: 28, 16-17: 31, 18+: 2):
  some of the year's referrals still open, and cases referred in 2015-16 (before the year)
  that are still open. A 2015-16 case starts from a CSE contact of 2015-16 that this module
  writes (a copy of the young person's first CSE contact of the year, moved back in time, with
  its "CSE pathway" decision): the front door's year is not touched.
* Every case is worked through the pathway services in time order (allocation by the CATE
  team manager against the caseload limit, initial assessments and reviews by the allocated
  practitioner, the risk panel's grades, strategy and review, closing with an exit strategy,
  stepping up, transfer), and each step is then back-dated to when it happened (queryset
  `.update()`, as the front-door demo does). The audit trail is not back-dated (it cannot be:
  it records when the demo wrote it). Some cases referred before or during the year ended in
  the year; the last two referrals of the year still wait for allocation; exactly one
  practitioner holds more high-priority cases than the board's limit, the breach recorded
  with its reason through `case_allocate(..., breach_reason=...)`.
* The demo persons carry no ethnicity, so the CSE team records each young person it works
  with (a `PersonRecord` from the CATE team through `person_add_record`, with the summary's
  name, date of birth and sex, and an ethnicity the demo assigns so that the seed's split is
  met exactly). Sex and age come from the index's summary; the young people are chosen so
  that the splits hold exactly.

The state of the historical cases is as at 31 March 2017; the front-door demo's live queue
adds its own case "now". Deterministic from the seed (which young people, dates, grades,
practitioners; the case references are random) and idempotent: if any case opened from a
demo CSE contact exists, or any contact written here, nothing runs. The ground truth (the
young people by the generator's `true_person_id`) is in the summary (`young_people`).
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from django.db import transaction
from django.db.models import Max, Q

from safehub.accounts.models import Agency, Role, User
from safehub.common.calendar import LONDON
from safehub.common.demo import frontdoor as demo_frontdoor
from safehub.common.demo import partnership
from safehub.common.demo.people import DEMO_REFERENCE_DATE
from safehub.frontdoor.models import (
    Contact,
    ContactKind,
    ContactPerson,
    ContactPersonRole,
    ContactStatus,
    Rag,
    TriageDecision,
    TriageOutcome,
)
from safehub.notifications.models import Notification
from safehub.pathway import services
from safehub.pathway.models import (
    ENDED,
    HIGH_PRIORITY_GRADES,
    CaseAllocation,
    CaseAssessment,
    CaseEvent,
    CaseStatus,
    CseCase,
    RiskGrade,
    SupportService,
)
from safehub.people.models import Ethnicity, Person, PersonRecord, PersonRole, Sex

YEAR_START = demo_frontdoor.YEAR_START
YEAR_END = demo_frontdoor.YEAR_END  # exclusive: the caseload "at 31 March 2017" is before it
REFERENCE_DAY = date.fromisoformat(DEMO_REFERENCE_DATE)
PRIOR_START = datetime(2015, 4, 13, tzinfo=LONDON)
PRIOR_KEY = "demo-pw-prior-"  # + the young person's true id: a 2015-16 contact written here
PERSON_KEY = "demo-pw-person-"  # + the true id: the CSE team's record of the young person

# The seed's figures for the CSE team.
REFERRALS_IN_YEAR = 58
CASELOAD_AT_YEAR_END = 68
CASELOAD_BY_SEX = {Sex.FEMALE.value: 62, Sex.MALE.value: 6}
AGE_BANDS = {"13": 7, "14-15": 28, "16-17": 31, "18+": 2}
WHITE_BRITISH, MIXED, OTHER = "white_british", "mixed_heritage", "asian_black_or_other_white"
CASELOAD_BY_ETHNICITY = {WHITE_BRITISH: 54, MIXED: 6, OTHER: 8}
ETHNICITY_GROUPS: dict[str, str] = {
    Ethnicity.WBRI: WHITE_BRITISH,
    Ethnicity.MWBC: MIXED,
    Ethnicity.MWBA: MIXED,
    Ethnicity.MWAS: MIXED,
    Ethnicity.MOTH: MIXED,
    Ethnicity.WOTH: OTHER,
    Ethnicity.WIRI: OTHER,
    Ethnicity.AIND: OTHER,
    Ethnicity.APKN: OTHER,
    Ethnicity.ABAN: OTHER,
    Ethnicity.AOTH: OTHER,
    Ethnicity.BCRB: OTHER,
    Ethnicity.BAFR: OTHER,
    Ethnicity.BOTH: OTHER,
}
# The codes given to the 68 (in the seed's groups), and the weights for the others.
CASELOAD_ETHNICITIES: tuple[str, ...] = (
    (Ethnicity.WBRI,) * 54
    + (Ethnicity.MWBC, Ethnicity.MWBC, Ethnicity.MWAS, Ethnicity.MWAS)
    + (Ethnicity.MWBA, Ethnicity.MOTH)
    + (Ethnicity.WOTH, Ethnicity.WOTH, Ethnicity.WOTH, Ethnicity.APKN, Ethnicity.APKN)
    + (Ethnicity.AIND, Ethnicity.BCRB, Ethnicity.BAFR)
)
#: Of the 58 referrals, how many are still open at 31 March 2017 (the rest ended in the year);
#: the other young people on the caseload were referred before the year.
YEAR_REFERRALS_OPEN = 40
#: Cases referred in 2015-16 that ended in the year.
PRIOR_ENDED = 10
WAITING = 2  # the year's last referrals, not allocated yet
#: Final grades of the open graded cases (shares): mostly Medium and above.
OPEN_GRADE_SHARES: dict[str, float] = {
    RiskGrade.HIGH: 18,
    RiskGrade.MEDIUM_HIGH: 30,
    RiskGrade.MEDIUM: 34,
    RiskGrade.LOW_MEDIUM: 12,
    RiskGrade.LOW: 6,
}
GRADE_ORDER = [g.value for g in RiskGrade]  # Low .. High
HIGH_PRIORITY = {g for g in HIGH_PRIORITY_GRADES if g}

NARRATIVES = {
    "initial": (
        "Met {name} at school and at home. Older males, lifts in cars and gifts she cannot "
        "explain; mum is worried and willing to work with us.",
        "Two visits. {name} talks about a group of older 'friends' at the retail park and "
        "goes missing at weekends; school attendance has fallen.",
        "Seen with the school nurse. {name} has been sending images to an adult met online "
        "and has met him once; no disclosure yet.",
        "Joint visit with police. {name} stays out overnight at an address where adults give "
        "young people alcohol and cannabis.",
    ),
    "review": (
        "Review with {name} and mum: fewer missing episodes since the safety plan; still in "
        "contact with one of the adults.",
        "Review: {name} engages with the worker weekly and is back in school most days; "
        "phone checks show no contact with the adults of concern.",
        "Review: new intelligence of {name} being driven to addresses out of the area; risk "
        "higher than at the last panel.",
        "Review with school and police: {name} is safer at home but the online contact has "
        "started again.",
    ),
}
RATIONALES: dict[str, str] = {
    RiskGrade.HIGH: "Current, serious indicators: older males, missing overnight, gifts.",
    RiskGrade.MEDIUM_HIGH: "Several current indicators; protective factors at home are weak.",
    RiskGrade.MEDIUM: "Indicators in the last six months; engaging with the plan.",
    RiskGrade.LOW_MEDIUM: "Risk reducing: few current indicators, good engagement.",
    RiskGrade.LOW: "No current indicators; the safety plan is working.",
}
EXIT_STRATEGIES = (
    "No current indicators for three months. School, the school nurse and mum know the signs "
    "and whom to call; Harbour Counselling continues weekly sessions.",
    "Risk reduced to low at the panel. Handed to early help with a safety plan; the youth "
    "service keeps in touch and will refer back if missing episodes restart.",
    "Moved to live with her aunt out of the area; the receiving authority has the plan and "
    "has confirmed a worker is allocated.",
)
STEP_UP_REASONS = (
    "Mum lets the adult of concern into the home and will not stop contact: child-protection "
    "procedures take over (strategy discussion held).",
    "Dad has told the young person to stay with the men for money: a strategy discussion "
    "decided on section 47 enquiries.",
)
BREACH_REASON = (
    "She knows the young person and the family from an earlier case; moving the case would "
    "set the work back. Reviewed weekly until another case can move."
)
TRANSFER_REASONS = (
    "Turning 18: transferred to the adult safeguarding team with her agreement; joint visit done.",
)


# --- the young people -------------------------------------------------------------------------


def age_on(dob: date, day: date = REFERENCE_DAY) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def age_band(age: int) -> str | None:
    """The seed's age band of an age at 31 March 2017 (None: younger than 13)."""
    if age >= 18:
        return "18+"
    if age >= 16:
        return "16-17"
    if age >= 14:
        return "14-15"
    return "13" if age == 13 else None


@dataclass
class _Young:
    """One of the year's CSE young people (by the generator's truth), on one index person."""

    truth: int
    person: Person
    contacts: list[tuple[datetime, int, str, datetime]]  # (received, contact, outcome, decided)

    @property
    def sex(self) -> str:
        return self.person.sex

    @property
    def dob(self) -> date:
        assert self.person.date_of_birth is not None
        return self.person.date_of_birth

    @property
    def band(self) -> str | None:
        return age_band(age_on(self.dob))

    @property
    def pathway(self) -> list[tuple[datetime, int]]:
        """The "CSE pathway" decisions about them in the year: (decided, contact)."""
        return sorted(
            (decided, contact)
            for _, contact, outcome, decided in self.contacts
            if outcome == TriageOutcome.CSE_PATHWAY
        )


def _young_people(seed: int) -> list[_Young]:
    """The year's CSE young people who are exactly one index person (not split between two
    while the linkage review waits), with a known sex and date of birth, aged 11-19."""
    truth = demo_frontdoor.ground_truth(seed)
    rows = list(
        ContactPerson.objects.filter(
            contact__idempotency_key__startswith=demo_frontdoor.CSE_KEY,
            role=ContactPersonRole.SUBJECT,
            person__isnull=False,
        ).values_list(
            "contact__idempotency_key",
            "contact_id",
            "person_id",
            "contact__received_at",
            "contact__triage__outcome",
            "contact__triage__decided_at",
        )
    )
    current = demo_frontdoor._current_person_ids(row[2] for row in rows)
    persons: dict[int, set[int]] = {}
    contacts: dict[int, list[tuple[datetime, int, str, datetime]]] = {}
    for key, contact, person, received, outcome, decided in rows:
        who = truth[str(key)]
        persons.setdefault(who, set()).add(current[person])
        assert received is not None  # every contact of the year was received
        contacts.setdefault(who, []).append((received, contact, outcome, decided))
    holders = Counter(p for ps in persons.values() for p in ps)
    by_pk = Person.objects.in_bulk({p for ps in persons.values() for p in ps})
    found = []
    for who in sorted(persons):
        if len(persons[who]) != 1:
            continue
        (pk,) = persons[who]
        held = by_pk[pk]
        if holders[pk] != 1 or held.date_of_birth is None or held.sex not in CASELOAD_BY_SEX:
            continue
        if not 11 <= age_on(held.date_of_birth) <= 19:
            continue
        found.append(_Young(who, held, sorted(contacts[who])))
    return found


# --- the plan -----------------------------------------------------------------------------------


@dataclass
class _Action:
    when: datetime
    kind: str  # allocate, assess, move, grade
    to: str = ""
    grade: str = ""


@dataclass
class _Case:
    young: _Young
    prior: bool  # referred in 2015-16 (before the year)
    referred: datetime
    contact_id: int = 0  # the year's decision it opens from (0: a 2015-16 contact written here)
    end: datetime | None = None
    ending: str = ""
    waiting: bool = False
    ethnicity: str = ""
    actions: list[_Action] = field(default_factory=list)
    designated: bool = False
    case: CseCase | None = None
    practitioner: User | None = None

    @property
    def open_at_year_end(self) -> bool:
        return self.end is None

    @property
    def allocated_at(self) -> datetime | None:
        return next((a.when for a in self.actions if a.kind == "allocate"), None)

    @property
    def grades(self) -> list[_Action]:
        return [a for a in self.actions if a.kind == "grade"]

    @property
    def final_high_priority(self) -> bool:
        grades = self.grades
        return not grades or grades[-1].grade in HIGH_PRIORITY


def _office(rng: random.Random, moment: datetime) -> datetime:
    """A time in office hours on the first working day on or after `moment`'s date."""
    day = moment.astimezone(LONDON).date()
    while day.weekday() >= 5:
        day += timedelta(days=1)
    minute = rng.randrange(9 * 60 + 15, 16 * 60 + 45)
    return datetime.combine(day, time(minute // 60, minute % 60), tzinfo=LONDON)


def _later(rng: random.Random, after: datetime, low: int, high: int) -> datetime:
    return _office(rng, after + timedelta(days=rng.randint(low, high)))


# The risk panel sits every other Thursday morning (the first demo sitting on 8 January 2015).
PANEL_ANCHOR = date(2015, 1, 8)
PANEL_EVERY = timedelta(days=14)


def panel_day(moment: datetime) -> datetime:
    """The panel's first sitting on or after `moment` (10:30 on a fortnightly Thursday)."""
    day = moment.astimezone(LONDON).date()
    periods = -(-(day - PANEL_ANCHOR).days // PANEL_EVERY.days)  # ceiling division
    sitting = PANEL_ANCHOR + periods * PANEL_EVERY
    at = datetime.combine(sitting, time(10, 30), tzinfo=LONDON)
    return at if at >= moment else at + PANEL_EVERY


def _timeline(rng: random.Random, case: _Case) -> None:
    """The steps of a case from referral to 31 March 2017 (or to its end in the year)."""
    limit = case.end or YEAR_END
    steps: list[_Action] = []
    if not case.waiting:
        at = _later(rng, case.referred, 1, 6)
        steps.append(_Action(at, "allocate"))
        at = _later(rng, at, 5, 21)
        steps.append(_Action(at, "assess"))
        at = _later(rng, at, 1, 4)
        steps.append(_Action(at, "move", to=CaseStatus.AWAITING_PANEL))
        at = panel_day(max(_later(rng, at, 5, 20) - timedelta(days=7), at + timedelta(days=1)))
        steps.append(_Action(at, "grade"))
        at = _later(rng, at, 2, 10)
        steps.append(_Action(at, "move", to=CaseStatus.STRATEGY_AND_PLAN))
        while at < limit:
            at = _later(rng, at, 70, 110)
            steps.append(_Action(at, "move", to=CaseStatus.REVIEW))
            at = _later(rng, at, 2, 10)
            steps.append(_Action(at, "assess"))
            at = _later(rng, at, 7, 28)  # the review meeting
            if rng.random() < 0.35:
                steps.append(_Action(at, "move", to=CaseStatus.AWAITING_PANEL))
                at = panel_day(
                    max(_later(rng, at, 5, 15) - timedelta(days=7), at + timedelta(days=1))
                )
                steps.append(_Action(at, "grade"))
                at = _later(rng, at, 2, 7)
            steps.append(_Action(at, "move", to=CaseStatus.STRATEGY_AND_PLAN))
    case.actions = [s for s in steps if s.when < limit]
    if case.end is not None:
        case.actions.append(_Action(case.end, "move", to=case.ending))


def _pick_by_quota(
    pool: Sequence[_Young], quota: Counter[tuple[str, str]], count: int
) -> list[_Young]:
    chosen: list[_Young] = []
    for young in pool:
        if len(chosen) == count:
            break
        key = (young.sex, young.band or "")
        if quota[key] > 0:
            quota[key] -= 1
            chosen.append(young)
    return chosen


def _quotas(pool: Sequence[_Young]) -> Counter[tuple[str, str]]:
    """The caseload's joint split by sex and age band: the male quota spread over the bands
    in proportion to the band sizes, as far as the pool has young men of those ages."""
    bands = list(AGE_BANDS)
    males = demo_frontdoor.largest_remainder(
        CASELOAD_BY_SEX[Sex.MALE], [AGE_BANDS[b] for b in bands]
    )
    have = Counter((y.sex, y.band) for y in pool)
    spare = 0
    for i, band in enumerate(bands):
        short = max(0, males[i] - have[(Sex.MALE.value, band)])
        males[i] -= short
        spare += short
    for i, band in sorted(enumerate(bands), key=lambda ib: -AGE_BANDS[ib[1]]):
        room = min(have[(Sex.MALE.value, band)] - males[i], AGE_BANDS[band] - males[i], spare)
        males[i] += max(room, 0)
        spare -= max(room, 0)
    if spare:
        raise RuntimeError("The demo young people have too few young men for the caseload")
    quota: Counter[tuple[str, str]] = Counter()
    for i, band in enumerate(bands):
        quota[(Sex.MALE.value, band)] = males[i]
        quota[(Sex.FEMALE.value, band)] = AGE_BANDS[band] - males[i]
    return quota


def _end_after_pathway(rng: random.Random, young: _Young) -> datetime | None:
    """When a case referred in the year at the young person's first CSE-pathway decision can
    have ended in the year: after a few months and after their last CSE-pathway decision (a
    later one would have referred them again). None if it cannot."""
    decisions = young.pathway
    first, last = decisions[0][0], decisions[-1][0]
    end = _office(
        rng,
        max(
            first + timedelta(days=rng.randint(80, 200)), last + timedelta(days=rng.randint(14, 45))
        ),
    )
    return end if end < YEAR_END - timedelta(days=2) else None


def _plan(seed: int) -> list[_Case]:
    rng = random.Random(seed * 7927 + 58)  # noqa: S311 - reproducible demo data, not security
    young = _young_people(seed)
    rng.shuffle(young)
    quota = _quotas([y for y in young if y.band])
    referred = [y for y in young if y.pathway]
    # The year's referrals still open at 31 March 2017 (the caseload's splits permitting) ...
    year_open = _pick_by_quota([y for y in referred if y.band], quota, YEAR_REFERRALS_OPEN)
    chosen = {y.truth for y in year_open}
    # ... the rest ended in the year, after their last CSE-pathway decision.
    year_ended: list[tuple[_Young, datetime]] = []
    for y in referred:
        if len(year_ended) == REFERRALS_IN_YEAR - len(year_open):
            break
        end = _end_after_pathway(rng, y) if y.truth not in chosen else None
        if end is not None:
            year_ended.append((y, end))
            chosen.add(y.truth)
    if len(year_ended) + len(year_open) != REFERRALS_IN_YEAR:
        raise RuntimeError("Too few CSE-pathway decisions in the demo year for 58 referrals")
    # Cases from 2015-16 still open: young people whose CSE-pathway decisions of the year found
    # their case open, then others.
    rest = [y for y in young if y.truth not in chosen and y.band]
    rest.sort(key=lambda y: not y.pathway)  # stable: keeps the shuffled order within each
    prior_open = _pick_by_quota(rest, quota, CASELOAD_AT_YEAR_END - len(year_open))
    if sum(quota.values()) or len(prior_open) + len(year_open) != CASELOAD_AT_YEAR_END:
        raise RuntimeError(f"The demo young people cannot fill the caseload's splits: {quota}")
    chosen |= {y.truth for y in prior_open}
    # Cases from 2015-16 that ended in the year: young people with no CSE-pathway decision.
    prior_ended = [
        y for y in young if y.truth not in chosen and not y.pathway and age_on(y.dob) >= 13
    ][:PRIOR_ENDED]

    def prior_referral(end_before: datetime) -> datetime:
        span = (min(end_before, YEAR_START) - PRIOR_START).days - 20
        return _office(rng, PRIOR_START + timedelta(days=rng.randrange(max(span, 1))))

    cases: list[_Case] = []
    for y in year_open:
        decided, contact = y.pathway[0]
        cases.append(_Case(y, prior=False, referred=decided, contact_id=contact))
    for y, end in year_ended:
        decided, contact = y.pathway[0]
        cases.append(_Case(y, prior=False, referred=decided, contact_id=contact, end=end))
    for y in prior_open:
        cases.append(_Case(y, prior=True, referred=prior_referral(YEAR_START)))
    for y in prior_ended:
        end = _office(rng, YEAR_START + timedelta(days=rng.randint(10, 340)))
        cases.append(_Case(y, prior=True, referred=prior_referral(end), end=end))
    # How the ended cases ended: a transfer for young people 17½ or older, a few step-ups.
    ended = [c for c in cases if c.end is not None]
    rng.shuffle(ended)
    transfers = steps_up = 0
    for c in ended:
        assert c.end is not None
        months = services._age_in_months(c.young.dob, c.end.date())
        if transfers < 2 and months is not None and months >= services.TRANSFER_FROM_AGE_MONTHS:
            c.ending, transfers = CaseStatus.TRANSFERRED, transfers + 1
        elif steps_up < 3 and c.end - c.referred > timedelta(days=60):
            c.ending, steps_up = CaseStatus.STEPPED_UP, steps_up + 1
        else:
            c.ending = CaseStatus.CLOSED
    # The last referrals of the year wait for allocation.
    latest = sorted(
        (c for c in cases if c.open_at_year_end and not c.prior), key=lambda c: c.referred
    )
    for c in latest[-WAITING:]:
        c.waiting = True
    cases.sort(key=lambda c: (c.referred, c.young.truth))
    for c in cases:
        _timeline(rng, c)
    _grade(rng, cases)
    # Ethnicity: the caseload's split exactly; the others drawn in like proportions.
    on_caseload = sorted((c for c in cases if c.open_at_year_end), key=lambda c: c.young.truth)
    codes = list(CASELOAD_ETHNICITIES)
    rng.shuffle(codes)
    for c, code in zip(on_caseload, codes, strict=True):
        c.ethnicity = code
    for c in cases:
        if not c.ethnicity:
            c.ethnicity = rng.choice(CASELOAD_ETHNICITIES)
    return cases


def _grade(rng: random.Random, cases: list[_Case]) -> None:
    """The panel's grades: the open cases' final grades in the planned shares (mostly Medium
    and above), earlier grades a level higher or the same; ended cases' by how they ended.
    Then the practitioner who goes over the limit: eleven open cases that are high-priority
    all along, the last of them allocated over the limit."""
    graded = [c for c in cases if c.open_at_year_end and c.grades]
    counts = demo_frontdoor.largest_remainder(len(graded), list(OPEN_GRADE_SHARES.values()))
    finals = [g for g, n in zip(OPEN_GRADE_SHARES, counts, strict=True) for _ in range(n)]
    rng.shuffle(finals)
    for c, final in zip(graded, finals, strict=True):
        _grade_path(rng, c, final)
    for c in cases:
        if not c.open_at_year_end and c.grades:
            endings: dict[str, str] = {
                CaseStatus.STEPPED_UP: RiskGrade.HIGH,
                CaseStatus.TRANSFERRED: rng.choice((RiskGrade.MEDIUM, RiskGrade.MEDIUM_HIGH)),
            }
            final = endings.get(c.ending, rng.choice((RiskGrade.LOW, RiskGrade.LOW_MEDIUM)))
            _grade_path(rng, c, final, reducing=c.ending == CaseStatus.CLOSED)
    candidates = [
        c
        for c in cases
        if c.open_at_year_end and not c.waiting and all(g.grade in HIGH_PRIORITY for g in c.grades)
    ]
    candidates.sort(key=lambda c: c.allocated_at or YEAR_END)
    if len(candidates) < services.settings_get().max_high_priority_cases + 1:
        raise RuntimeError("Too few high-priority open cases for a practitioner over the limit")
    last = candidates[-1]
    others = rng.sample(candidates[:-1], services.settings_get().max_high_priority_cases)
    for c in [*others, last]:
        c.designated = True


def _grade_path(rng: random.Random, case: _Case, final: str, *, reducing: bool = False) -> None:
    grades = case.grades
    grades[-1].grade = final
    index = GRADE_ORDER.index(final)
    for earlier in reversed(grades[:-1]):
        step = 1 if reducing or rng.random() < 0.6 else 0
        index = min(index + step, len(GRADE_ORDER) - 1)
        earlier.grade = GRADE_ORDER[index]


# --- building -----------------------------------------------------------------------------------


class _Cast:
    def __init__(self) -> None:
        cate_name = next(a.name for a in partnership.AGENCIES if a.key == "cate")
        self.cate = Agency.objects.get(name=cate_name)

        def users(role: Role, **where: Any) -> list[User]:
            found = list(
                User.objects.filter(role_assignments__role=role, is_active=True, **where)
                .order_by("pk")
                .distinct()
            )
            if not found:
                raise RuntimeError(f"The demo partnership has no {role.label}")
            return found

        self.manager = users(Role.TEAM_MANAGER, agency=self.cate)[0]
        self.practitioners = users(Role.CSE_PRACTITIONER)
        self.chairs = users(Role.RISK_PANEL_CHAIR)
        self.social_workers = users(Role.SAFEGUARDING_SOCIAL_WORKER)


class _Backdate:
    """Moves what one service call wrote to when it happened."""

    def __init__(self) -> None:
        self.history = CseCase.history.model

    def mark(self) -> tuple[int, int, int]:
        def top(model: Any, name: str = "pk") -> int:
            return int(model.objects.aggregate(top=Max(name))["top"] or 0)

        return top(CaseEvent), top(self.history, "history_id"), top(Notification)

    def apply(self, marks: tuple[int, int, int], when: datetime, case: CseCase) -> None:
        events, history, notifications = marks
        CaseEvent.objects.filter(pk__gt=events).update(at=when)
        self.history.objects.filter(history_id__gt=history).update(history_date=when)
        Notification.objects.filter(pk__gt=notifications).update(
            created_at=when,
            updated_at=when,
            emailed_at=when,  # sent and read at the time: the e-mail task has nothing to do
            read_at=when + timedelta(hours=2),
        )
        CseCase.objects.filter(pk=case.pk).update(updated_at=when)


def _prior_contacts(rng: random.Random, cases: list[_Case], cast: _Cast) -> None:
    """For each 2015-16 case, the CSE contact that referred the young person: a copy of their
    first CSE contact of the year, moved back to 2015-16, decided "CSE pathway"."""
    prior = [c for c in cases if c.prior]
    if not prior:
        return
    used = set(Contact.objects.values_list("reference", flat=True))
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    templates: dict[Any, dict[str, Any]] = {
        row["id"]: dict(row)
        for row in Contact.objects.filter(pk__in=[c.young.contacts[0][1] for c in prior]).values()
    }
    subjects: dict[Any, dict[str, Any]] = {
        row["contact_id"]: dict(row)
        for row in ContactPerson.objects.filter(
            contact_id__in=templates, role=ContactPersonRole.SUBJECT
        ).values()
    }
    contacts: list[dict[str, Any]] = []
    people: list[tuple[str, dict[str, Any]]] = []
    decisions: list[tuple[str, dict[str, Any]]] = []
    for c in prior:
        template = dict(templates[c.young.contacts[0][1]])
        subject = dict(subjects[template["id"]])
        while True:
            body = "".join(rng.choice(alphabet) for _ in range(8))
            reference = f"C-{body[:4]}-{body[4:]}"
            if reference not in used:
                used.add(reference)
                break
        received = c.referred - timedelta(hours=rng.randint(20, 60))
        submitted = received + timedelta(minutes=rng.randint(5, 40))
        decider = rng.choice(cast.social_workers)
        template.pop("id")
        template.update(
            reference=reference,
            status=ContactStatus.CLOSED,
            kind=ContactKind.NEW_CONCERN,
            open_case_contact_id=None,
            received_at=received,
            level=4,
            rag=Rag.RED,
            level_override_reason="",
            level_decided_by_id=decider.pk,
            level_decided_at=c.referred - timedelta(minutes=rng.randint(5, 60)),
            decision_due_at=received + timedelta(days=1),
            draft={},
            submitted_at=submitted,
            closed_at=c.referred,
            idempotency_key=f"{PRIOR_KEY}{c.young.truth}",
            created_at=submitted,
            updated_at=c.referred,
        )
        contacts.append(template)
        subject.pop("id")
        subject["age_at_contact"] = age_on(c.young.dob, received.astimezone(LONDON).date())
        people.append((template["idempotency_key"], subject))
        decisions.append(
            (
                template["idempotency_key"],
                {
                    "outcome": TriageOutcome.CSE_PATHWAY,
                    "reason": rng.choice(demo_frontdoor.REASONS[TriageOutcome.CSE_PATHWAY]),
                    "decided_by_id": decider.pk,
                    "decided_at": c.referred,
                    "case_closed_at": c.end,
                    "created_at": c.referred,
                    "updated_at": c.referred,
                },
            )
        )
    demo_frontdoor._insert(Contact, contacts)
    ids: dict[Any, int] = dict(
        Contact.objects.filter(idempotency_key__startswith=PRIOR_KEY).values_list(
            "idempotency_key", "pk"
        )
    )
    demo_frontdoor._insert(ContactPerson, [s | {"contact_id": ids[k]} for k, s in people])
    demo_frontdoor._insert(TriageDecision, [d | {"contact_id": ids[k]} for k, d in decisions])
    for c in prior:
        c.contact_id = ids[f"{PRIOR_KEY}{c.young.truth}"]


def _answers(rng: random.Random, codes: Sequence[str], grade: str) -> dict[str, str]:
    sizes: dict[str, tuple[int, int]] = {
        RiskGrade.HIGH: (6, 9),
        RiskGrade.MEDIUM_HIGH: (5, 7),
        RiskGrade.MEDIUM: (3, 5),
        RiskGrade.LOW_MEDIUM: (2, 3),
        RiskGrade.LOW: (0, 2),
    }
    low, high = sizes.get(grade, (3, 7))
    chosen = rng.sample(list(codes), min(rng.randint(low, high), len(codes)))
    return {code: "current" if rng.random() < 0.75 else "6_to_12_months" for code in chosen}


def _open(c: _Case, when: datetime, cast: _Cast, backdate: _Backdate) -> None:
    """The referral: the triage decision opens the case; the CSE team records the young
    person (with their ethnicity) in the index."""
    from safehub.people.services import RecordInput, person_add_record

    decision = TriageDecision.objects.select_related("contact").get(contact_id=c.contact_id)
    marks = backdate.mark()
    opened = services.case_open_from_triage(actor=decision.decided_by, decision=decision)
    if len(opened) != 1:
        raise RuntimeError(f"Young person {c.young.truth} already has an open case")
    c.case = opened[0]
    backdate.apply(marks, when, c.case)
    CseCase.objects.filter(pk=c.case.pk).update(created_at=when)
    person = c.young.person
    record = person_add_record(
        actor=cast.manager,
        person=person,
        data=RecordInput(
            role=PersonRole.CHILD,
            given_name=person.display_given_name,
            family_name=person.display_family_name,
            date_of_birth=c.young.dob.isoformat(),
            dob_certainty="exact",
            sex=c.young.sex,
            ethnicity=c.ethnicity,
            source_reference=c.case.reference,
            submission_key=f"{PERSON_KEY}{c.young.truth}",
        ),
    )
    PersonRecord.objects.filter(pk=record.pk).update(created_at=when, updated_at=when)


def _execute(rng: random.Random, cases: list[_Case], cast: _Cast) -> list[str]:
    """Run every case's steps through the services, all cases in time order, back-dating
    each step. Returns the practitioners' names who went over the limit."""
    from safehub.frontdoor.services import active_instrument, instrument_definition

    codes = sorted(instrument_definition(active_instrument()).indicator_codes())
    limit = services.settings_get().max_high_priority_cases
    designated = rng.choice(cast.practitioners)
    others = [p for p in cast.practitioners if p.pk != designated.pk]
    planned_high: Counter[int] = Counter()
    planned_open: Counter[int] = Counter()
    backdate = _Backdate()
    steps: list[tuple[datetime, int, int, _Case, _Action | None]] = []
    for number, c in enumerate(cases):
        steps.append((c.referred, number, -1, c, None))
        steps.extend((a.when, number, i, c, a) for i, a in enumerate(c.actions))
    steps.sort(key=lambda s: (s[0], s[1], s[2]))
    over: set[str] = set()
    for when, _, _, c, action in steps:
        if action is None:  # the referral: the triage decision opens the case
            _open(c, when, cast, backdate)
            continue
        assert c.case is not None
        case = c.case
        marks = backdate.mark()
        if action.kind == "allocate":
            before = {
                p.pk: services.high_priority_caseload(p, excluding=case) for p in cast.practitioners
            }
            reason = ""
            if c.designated:
                practitioner = designated
                if before[designated.pk] + 1 > limit:
                    reason = BREACH_REASON
                    over.add(designated.full_name)
            else:
                room = [p for p in others if before[p.pk] + 1 <= limit]
                if not room:
                    raise RuntimeError("Every practitioner is at the limit: the plan is wrong")
                final = c.open_at_year_end
                high = final and c.final_high_priority
                practitioner = min(
                    room,
                    key=lambda p: (
                        planned_high[p.pk] if high else 0,
                        planned_open[p.pk] if final else 0,
                        before[p.pk],
                        p.pk,
                    ),
                )
            if c.open_at_year_end:
                planned_open[practitioner.pk] += 1
                planned_high[practitioner.pk] += int(c.final_high_priority)
            c.practitioner = practitioner
            allocation = services.case_allocate(
                actor=cast.manager, case=case, practitioner=practitioner, breach_reason=reason
            )
            CaseAllocation.objects.filter(pk=allocation.pk).update(allocated_at=when)
            CseCase.objects.filter(pk=case.pk).update(allocated_at=when)
        elif action.kind == "assess":
            assert c.practitioner is not None
            done = [a.grade for a in c.grades if a.when <= when]
            upcoming = next((a.grade for a in c.grades if a.when > when), "")
            kind = "review" if CaseAssessment.objects.filter(case=case).exists() else "initial"
            assessment = services.case_assess(
                actor=c.practitioner,
                case=case,
                answers=_answers(rng, codes, upcoming or (done[-1] if done else "")),
                narrative=rng.choice(NARRATIVES[kind]).format(
                    name=c.young.person.display_given_name or "The young person"
                ),
            )
            CaseAssessment.objects.filter(pk=assessment.pk).update(assessed_at=when)
        elif action.kind == "grade":
            services.case_grade(
                actor=rng.choice(cast.chairs),
                case=case,
                grade=action.grade,
                rationale=RATIONALES[action.grade],
            )
            CseCase.objects.filter(pk=case.pk).update(graded_at=when)
        else:
            assert c.practitioner is not None
            to = action.to
            services.case_move(
                actor=c.practitioner,
                case=case,
                to=to,
                reason="Review due" if to == CaseStatus.REVIEW else "",
                exit_strategy=rng.choice(EXIT_STRATEGIES) if to == CaseStatus.CLOSED else "",
                parent_failing_to_protect=(
                    rng.choice(STEP_UP_REASONS) if to == CaseStatus.STEPPED_UP else ""
                ),
                transfer_reason=(
                    rng.choice(TRANSFER_REASONS) if to == CaseStatus.TRANSFERRED else ""
                ),
            )
            if to in ENDED:
                CseCase.objects.filter(pk=case.pk).update(ended_at=when)
        backdate.apply(marks, when, case)
    return sorted(over)


def _route_unreferred_to_child_protection() -> None:
    """The front door's year records 56% of CSE contacts as "child-protection procedures (CSE
    pathway or child protection)"; the CSE team received 58 of them as referrals, and others
    were about children it already held. A "CSE pathway" decision that neither opened a case
    nor concerned a child with an open one is recorded as the other half of that figure,
    child-protection procedures, so that every CSE-pathway decision has its case (as the
    services guarantee in real use) and the audit sample does not report demo gaps."""
    decisions = TriageDecision.objects.filter(
        outcome=TriageOutcome.CSE_PATHWAY, contact__cse_cases__isnull=True
    ).select_related("contact")
    for decision in decisions:
        subjects = [
            row.person.surviving()
            for row in decision.contact.people.filter(
                role="subject", person__isnull=False
            ).select_related("person")
            if row.person is not None
        ]
        held = CseCase.objects.filter(
            child__in=subjects, created_at__lte=decision.decided_at
        ).exclude(ended_at__lt=decision.decided_at)
        if not held.exists():
            TriageDecision.objects.filter(pk=decision.pk).update(
                outcome=TriageOutcome.CHILD_PROTECTION
            )


# --- figures ------------------------------------------------------------------------------------


def _demo_cases() -> Any:
    return CseCase.objects.filter(
        Q(contact__idempotency_key__startswith=demo_frontdoor.CSE_KEY)
        | Q(contact__idempotency_key__startswith=PRIOR_KEY)
    )


def summary() -> dict[str, Any]:
    """The CSE team's figures, computed from the database: referrals in the year, the
    caseload at 31 March 2017 and its splits, and the caseloads now against the limit."""
    year = CseCase.objects.filter(created_at__gte=YEAR_START, created_at__lt=YEAR_END)
    at_end = CseCase.objects.filter(created_at__lt=YEAR_END).exclude(ended_at__lt=YEAR_END)
    children = list(Person.objects.filter(pk__in=at_end.values("child_id")))
    ethnicity = dict(
        PersonRecord.objects.filter(person__in=children)
        .exclude(ethnicity="")
        .values_list("person_id", "ethnicity")
    )
    ages = Counter(age_band(age_on(p.date_of_birth)) if p.date_of_birth else None for p in children)
    limit = services.settings_get().max_high_priority_cases
    practitioners = User.objects.filter(
        role_assignments__role=Role.CSE_PRACTITIONER, is_active=True
    ).order_by("full_name")
    over = [p.full_name for p in practitioners if services.high_priority_caseload(p) > limit]
    ended = CseCase.objects.filter(ended_at__gte=YEAR_START, ended_at__lt=YEAR_END)
    demo = _demo_cases()
    return {
        "referrals_in_year": year.count(),
        "caseload_at_year_end": len(children),
        "caseload_by_sex": {s: sum(p.sex == s for p in children) for s in CASELOAD_BY_SEX},
        "caseload_by_ethnicity": {
            g: sum(ETHNICITY_GROUPS.get(ethnicity.get(p.pk, ""), "") == g for p in children)
            for g in CASELOAD_BY_ETHNICITY
        },
        "caseload_by_age": {b: ages.get(b, 0) for b in AGE_BANDS},
        "referred_before_year_open": at_end.filter(created_at__lt=YEAR_START).count(),
        "ended_in_year": dict(sorted(Counter(ended.values_list("status", flat=True)).items())),
        "statuses": dict(sorted(Counter(demo.values_list("status", flat=True)).items())),
        "open_grades": dict(sorted(Counter(demo.open().values_list("grade", flat=True)).items())),
        "waiting_for_allocation": demo.filter(status=CaseStatus.REFERRED).count(),
        "over_limit": over,
        "breaches": CaseAllocation.objects.filter(breach=True, case__in=demo).count(),
        "limit": limit,
    }


def describe(figures: dict[str, Any]) -> str:
    """One line for `safehub demo`."""
    if figures.get("skipped"):
        return "CSE cases already present: nothing added"
    sex = ", ".join(f"{k} {v}" for k, v in figures["caseload_by_sex"].items())
    ethnicity = ", ".join(f"{k} {v}" for k, v in figures["caseload_by_ethnicity"].items())
    ages = ", ".join(f"{k}: {v}" for k, v in figures["caseload_by_age"].items())
    over = ", ".join(figures["over_limit"]) or "nobody"
    return (
        f"{figures['referrals_in_year']} referrals in 2016-17; {figures['caseload_at_year_end']} "
        f"young people on the caseload at 31 March 2017 ({sex}; {ethnicity}; aged {ages}); "
        f"{figures['waiting_for_allocation']} waiting for allocation; over the limit of "
        f"{figures['limit']}: {over}"
    )


SUPPORT_SERVICES = (
    {
        "name": "Harbour Counselling young people's service",
        "offers": "One-to-one counselling for young people who have been sexually exploited.",
        "grades": [],
        "phone": "01632 960410",
    },
    {
        "name": "Severnside Parents Against Exploitation",
        "offers": "Support and advice for parents and carers, by phone and in groups.",
        "for_young_people": False,
        "for_families": True,
        "phone": "01632 960420",
        "out_of_hours_phone": "01632 960421",
    },
    {
        "name": "Severnside young people's sexual health clinic",
        "offers": "Confidential sexual health advice, testing and contraception.",
        "grades": ["medium", "medium_high", "high"],
        "phone": "01632 960430",
    },
    {
        "name": "Independent sexual violence advisers (ISVA)",
        "offers": "Support through reporting to the police and through court.",
        "grades": ["medium_high", "high"],
        "phone": "01632 960440",
        "out_of_hours_phone": "01632 960441",
    },
)


def _support_services() -> None:
    """The support-services list (synthetic services and numbers in Ofcom's drama range)."""
    for spec in SUPPORT_SERVICES:
        SupportService.objects.get_or_create(name=spec["name"], defaults=dict(spec))


def build(seed: int) -> dict[str, Any]:
    """Open, work and back-date the CSE team's cases (once). Returns `summary()` plus the
    ground truth: the young people (true ids) by how their case went."""
    _support_services()
    if (
        _demo_cases().exists()
        or Contact.objects.filter(idempotency_key__startswith=PRIOR_KEY).exists()
    ):
        return {"skipped": True}
    if not Contact.objects.filter(idempotency_key__startswith=demo_frontdoor.CSE_KEY).exists():
        return {"skipped": True}
    rng = random.Random(seed * 7933 + 68)  # noqa: S311 - reproducible demo data, not security
    with transaction.atomic():
        cast = _Cast()
        cases = _plan(seed)
        _prior_contacts(rng, cases, cast)
        _execute(rng, cases, cast)
        _route_unreferred_to_child_protection()
        figures = summary()
    figures["young_people"] = {
        kind: sorted(c.young.truth for c in cases if test(c))
        for kind, test in (
            ("referred_in_year_open", lambda c: not c.prior and c.open_at_year_end),
            ("referred_in_year_ended", lambda c: not c.prior and not c.open_at_year_end),
            ("referred_before_open", lambda c: c.prior and c.open_at_year_end),
            ("referred_before_ended", lambda c: c.prior and not c.open_at_year_end),
        )
    }
    return figures


__all__ = [
    "AGE_BANDS",
    "CASELOAD_AT_YEAR_END",
    "CASELOAD_BY_ETHNICITY",
    "CASELOAD_BY_SEX",
    "ETHNICITY_GROUPS",
    "REFERRALS_IN_YEAR",
    "age_band",
    "age_on",
    "build",
    "describe",
    "summary",
]
