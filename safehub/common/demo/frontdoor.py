"""Demo front door: the seed's year of contacts, and a live queue now.

Two parts, both synthetic (no real person, place or case):

* **The year 1 April 2016 - 31 March 2017** is history, calibrated to the seed's figures
  (docs/domain.md, "Figures to calibrate demo data"): 12,173 contacts, of which 337 raised CSE
  concerns about 224 young people, with the seed's split of CSE contacts by source
  (local-authority services 43.3%, police 27.0%, education 17.2%, others 12.5%) and by outcome
  (56% child-protection procedures, 22% referred to other agencies, 22% information and
  advice). Every contact of the year is closed with a `TriageDecision`; contacts about a child
  whose case is open are information on that case (Recommendation 24). The 337 CSE contacts
  are the 337 demo person records (`safehub.common.demo.people`): contact *i* is about the
  person its record *i* is on after linkage, so "how many young people do the CSE contacts
  concern" is answered through the person index (as many as the linkage has found: a few
  duplicates wait in its review queue). The other 11,836 contacts are about 7,000 other
  synthetic children (one front-door record each in the index) and, for a few, about the CSE
  young people. The year is written straight into the tables (`_insert`): no screenings,
  audit events, history or alerts per contact (it predates the system), which keeps the demo
  fast.
* **The live queue** sits in the days before "now": about forty contacts recorded through
  the real services (`contact_record`, so the free text is read and screened, deadlines are
  set and alerts raised), a few of them decided, some overdue; thirty missing episodes
  (`missing_episode_record`), one child missing three times in thirty days (a strategy-meeting
  alert), and return-home interviews due, overdue, offered, declined and completed.

Deterministic from the seed (the live part relative to the time it runs) and idempotent: the
contacts carry idempotency keys starting with `DEMO_KEY_PREFIX`; if any exists, nothing runs.
Ground truth: a CSE contact's key names its person record (`demo-fd-cse-R0000123`), whose true
young person `safehub.people.synthetic.demo_contact_records` knows (`ground_truth`).
"""

from __future__ import annotations

import random
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from typing import Any

from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.models import Max, Q
from django.utils import timezone

from safehub.accounts.models import Agency, Role, User
from safehub.audit.models import AuditAction
from safehub.audit.services import audit_record
from safehub.common.calendar import (
    LONDON,
    add_working_days,
    add_working_hours,
    is_working_day,
    working_hours_between,
)
from safehub.common.demo import partnership
from safehub.common.demo import people as demo_people
from safehub.frontdoor.models import (
    OPEN_CASE_OUTCOMES,
    Alert,
    Channel,
    Contact,
    ContactKind,
    ContactPerson,
    ContactPersonRole,
    ContactStatus,
    ContactType,
    MissingEpisode,
    Rag,
    ReturnHomeInterview,
    SourceGroup,
    TriageDecision,
    TriageOutcome,
    source_group,
)
from safehub.people.matching import canonical_given, family_phonetics
from safehub.people.models import (
    DobCertainty,
    Person,
    PersonIdentifier,
    PersonRecord,
    PersonRole,
)
from safehub.people.normalise import name_key

DEMO_KEY_PREFIX = "demo-fd-"
CSE_KEY = "demo-fd-cse-"  # + the person record's id in the generator (R0000123)
YEAR_KEY = "demo-fd-year-"
LIVE_KEY = "demo-fd-live-"
MISSING_KEY = "demo-fd-missing-"
CHILD_KEY = "demo-fd-child-"
LIVE_CHILD_KEY = "demo-fd-live-child-"
PEOPLE_KEY = "demo-person-"  # safehub.common.demo.people.DEMO_KEY_PREFIX

YEAR_START = datetime(2016, 4, 1, tzinfo=LONDON)
YEAR_END = datetime(2017, 4, 1, tzinfo=LONDON)  # exclusive
YEAR_CONTACTS = 12_173
CSE_CONTACTS = 337
CSE_YOUNG_PEOPLE = 224
OTHER_CHILDREN = 7_000
#: Non-CSE contacts (missing, missing education, other) about the CSE young people.
OTHER_CONTACTS_ABOUT_CSE_YOUNG_PEOPLE = 150

#: The seed's CSE contacts by source group and by outcome group (percentages).
CSE_SOURCE_SHARES: dict[str, float] = {
    SourceGroup.LOCAL_AUTHORITY.value: 43.3,
    SourceGroup.POLICE.value: 27.0,
    SourceGroup.EDUCATION.value: 17.2,
    SourceGroup.OTHERS.value: 12.5,
}
CP_PROCEDURES = "child_protection_procedures"
REFERRED = "referred_to_other_agencies"
ADVICE = "information_and_advice"
CSE_OUTCOME_SHARES: dict[str, float] = {CP_PROCEDURES: 56.0, REFERRED: 22.0, ADVICE: 22.0}
OUTCOME_GROUPS: dict[str, str] = {
    TriageOutcome.CSE_PATHWAY: CP_PROCEDURES,
    TriageOutcome.CHILD_PROTECTION: CP_PROCEDURES,
    TriageOutcome.REFER_ON: REFERRED,
    TriageOutcome.INFORMATION_AND_ADVICE: ADVICE,
}


def outcome_group(outcome: str) -> str:
    """The seed's outcome group of a triage outcome ("other" outside the three)."""
    return OUTCOME_GROUPS.get(outcome, "other")


def largest_remainder(total: int, shares: Sequence[float]) -> list[int]:
    """`total` split in proportion to `shares` in whole numbers that add up to `total`."""
    weight = sum(shares)
    exact = [total * s / weight for s in shares]
    counts = [int(x) for x in exact]
    order = sorted(range(len(shares)), key=lambda i: (-(exact[i] - counts[i]), i))
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


# --- who raised it --------------------------------------------------------------------------

# CIN-census source code for a record's source agency (as the people generator names it).
SOURCE_CODES: dict[str, tuple[tuple[str, float], ...]] = {
    "local authority": (("5A", 50), ("5B", 15), ("5C", 8), ("5D", 27)),
    "police": (("6", 1),),
    "education": (("2A", 85), ("2B", 15)),
    "health": (("3A", 25), ("3C", 30), ("3D", 15), ("3E", 20), ("3F", 10)),
    "housing": (("4", 1),),
    "voluntary": (("8", 1),),
    "other": (("1A", 45), ("1B", 15), ("1C", 10), ("1D", 10), ("9", 20)),
}
# Source codes for the other contact types.
TYPE_SOURCES: dict[str, tuple[tuple[str, float], ...]] = {
    "domestic-abuse": (("6", 85), ("5A", 4), ("3E", 3), ("1A", 4), ("8", 4)),
    "missing-child": (("6", 78), ("5A", 12), ("1A", 7), ("2A", 3)),
    "child-missing-education": (("2A", 70), ("2B", 30)),
    "neglect": (
        ("2A", 28),
        ("3B", 12),
        ("3A", 6),
        ("3C", 6),
        ("1A", 8),
        ("1B", 6),
        ("1D", 3),
        ("5A", 8),
        ("5D", 7),
        ("6", 10),
        ("4", 6),
    ),
    "other": (
        ("2A", 18),
        ("2B", 3),
        ("3A", 5),
        ("3B", 4),
        ("3C", 4),
        ("3E", 5),
        ("3F", 3),
        ("5A", 8),
        ("5B", 5),
        ("5D", 8),
        ("6", 16),
        ("1A", 10),
        ("1B", 3),
        ("1C", 2),
        ("4", 3),
        ("7", 1),
        ("8", 2),
    ),
    "public-concern": (("1A", 40), ("1B", 25), ("1D", 15), ("9", 20)),
    "out-of-area-placement": (("5C", 1),),
}
OTHER_TYPE_WEIGHTS: tuple[tuple[str, float], ...] = (
    ("domestic-abuse", 28),
    ("neglect", 18),
    ("missing-child", 8),
    ("child-missing-education", 5),
    ("public-concern", 4),
    ("out-of-area-placement", 0.4),
    ("other", 36.6),
)
FAMILY_ROLES = ("Mother", "Father", "Grandmother", "Aunt", "Stepfather", "Older sister")
GP_PRACTICES = ("Castle Hill Medical Practice", "Wrekin View Surgery", "Brookside Health Centre")
OTHER_AUTHORITIES = ("Midshire County Council", "Wyre Valley Council", "Kingsford City Council")


@dataclass(frozen=True)
class Referrer:
    channel: str
    name: str = ""
    role: str = ""
    agency: Agency | None = None
    organisation: str = ""
    phone: str = ""
    email: str = ""
    professional: bool = False
    anonymous: bool = False


def _slug(text: str) -> str:
    return "".join(c for c in text.lower() if c.isalnum())


class _Cast:
    """The demo partnership's agencies and the users who act in the demo."""

    def __init__(self) -> None:
        names = {spec.key: spec.name for spec in partnership.AGENCIES}
        by_name = {a.name: a for a in Agency.objects.filter(name__in=names.values())}
        missing = sorted(set(names.values()) - set(by_name))
        if missing:
            raise RuntimeError(f"Run the demo partnership first: no agency {missing[0]!r}")
        self.agencies = {key: by_name[name] for key, name in names.items()}
        self.domains = {spec.key: spec.domain for spec in partnership.AGENCIES}
        self.schools = [k for k in self.agencies if k.startswith("school_")]

        def users(role: Role) -> list[User]:
            found = list(
                User.objects.filter(role_assignments__role=role, is_active=True).order_by("pk")
            )
            if not found:
                raise RuntimeError(f"The demo partnership has no {role.label}")
            return found

        self.advisors = users(Role.FRONT_DOOR_ADVISOR)
        self.social_workers = users(Role.SAFEGUARDING_SOCIAL_WORKER)
        self.officers = users(Role.POLICE_OFFICER)
        self.practitioners = users(Role.CSE_PRACTITIONER)
        partners = users(Role.PARTNER_CONTRIBUTOR)
        self.school_contact = next(
            (u for u in partners if u.agency_id == self.agencies["school_1"].pk), partners[0]
        )

    def referrer(self, rng: random.Random, code: str) -> Referrer:
        given = rng.choice(partnership.GIVEN_NAMES)
        family = rng.choice(partnership.FAMILY_NAMES)
        phone = f"01632 960{rng.randrange(1000):03d}"

        def professional(
            key: str | None, role: str, channels: Sequence[str], org: str = ""
        ) -> Referrer:
            agency = self.agencies[key] if key else None
            domain = self.domains[key] if key else f"{_slug(org)}.example"
            return Referrer(
                channel=rng.choice(channels),
                name=f"{given} {family}",
                role=role,
                agency=agency,
                organisation=org or (agency.name if agency else ""),
                phone=phone,
                email=f"{given}.{family}@{domain}".lower(),
                professional=True,
            )

        forms = (Channel.PHONE, Channel.PROFESSIONAL_FORM, Channel.EMAIL)
        if code == "6":
            rank = rng.choice(("PC", "PC", "DC", "Sergeant"))
            return replace(
                professional("police", "Police officer", (Channel.PARTNER_API,) * 3 + forms),
                name=f"{rank} {given} {family}",
            )
        if code in ("2A", "2B"):
            if code == "2A":
                school = rng.choice(self.schools)
                return professional(school, "Designated safeguarding lead", forms)
            return professional(
                None, "Education welfare officer", forms, "Severnside Council Education Welfare"
            )
        if code.startswith("3"):
            key, role = {
                "3A": (None, "GP"),
                "3B": ("community_health", "Health visitor"),
                "3C": ("community_health", "School nurse"),
                "3D": ("community_health", "Sexual health nurse"),
                "3E": ("hospital", "Emergency department nurse"),
                "3F": ("mental_health", "CAMHS clinician"),
            }[code]
            return professional(key, role, forms, rng.choice(GP_PRACTICES) if key is None else "")
        if code == "4":
            return professional("housing", "Housing officer", forms)
        if code == "5A":
            return professional("safeguarding", "Social worker", forms)
        if code == "5B":
            return professional(None, "Youth worker", forms, "Severnside Council Youth Service")
        if code == "5C":
            return professional(
                None, "Social worker", forms, f"{rng.choice(OTHER_AUTHORITIES)} Children's Services"
            )
        if code == "5D":
            return professional("front_door", "Early help family support worker", forms)
        if code == "7":
            return professional(None, "Probation officer", forms, "Midshire Probation Service")
        if code == "8":
            return professional("counselling", "Support worker", forms)
        if code == "9":
            return Referrer(channel=rng.choice((Channel.ANONYMOUS, Channel.PHONE)), anonymous=True)
        role = {
            "1A": rng.choice(FAMILY_ROLES),
            "1B": rng.choice(("Neighbour", "Family friend", "Childminder")),
            "1C": "The young person",
            "1D": "Member of the public",
        }.get(code, "Caller")
        return Referrer(
            channel=rng.choice((Channel.PHONE, Channel.PHONE, Channel.PUBLIC_FORM)),
            name=f"{given} {family}",
            role=role,
            phone=f"07700 900{rng.randrange(1000):03d}",
        )


# --- what was said ----------------------------------------------------------------------------

STREETS = ("Forge Street", "Castle Walk", "Station Road", "Brook Lane", "Canal Side", "Mill Row")
PLACES = (
    "the Quayside Grill takeaway",
    "the bus station",
    "Riverside Lodge hotel",
    "the retail park car park",
    "a flat above the shops on Forge Street",
    "Castle Walk park",
)
NICKNAMES = ("Jay", "Kaz", "Smudge", "Little T", "Rocco", "Dee")

# (account, answers to the CSE protocol's questions that the account supports).
CSE_ACCOUNTS: tuple[tuple[str, tuple[str, ...]], ...] = (
    (
        "{name} has been coming home late with new clothes and a phone nobody can explain. "
        "{She} says a man called '{nick}' buys {him} things.",
        ("older_person", "gifts"),
    ),
    (
        "{name} was seen getting into a silver car with two adult men outside school after "
        "lessons. {She} would not say who they were.",
        ("vehicles", "older_person"),
    ),
    (
        "Police found {name} at {place} at 2am with adult males and alcohol. {She} had been "
        "reported missing earlier that evening.",
        ("missing", "older_person"),
    ),
    (
        "{name} told {her} youth worker {she} has been sending images to a man {she} met "
        "online who says he is 19. He has asked to meet {him}.",
        ("online", "disclosure"),
    ),
    (
        "{name} is staying overnight at an address on {street} where older men come and go. "
        "Taxis drop young people off there late at night.",
        ("missing", "older_person", "vehicles"),
    ),
    (
        "{name} attended the sexual health clinic and said {her} boyfriend is 24. {She} has "
        "missed school most afternoons this month.",
        ("older_person",),
    ),
    (
        "{name} has gone missing three times this month and comes back with cigarettes, "
        "alcohol and cash. {She} is evasive about where {she} has been.",
        ("missing", "gifts"),
    ),
    (
        "An older boyfriend collects {name} from school in a car. {Her} attendance has fallen "
        "and staff say {she} is withdrawn and tired.",
        ("older_person", "vehicles"),
    ),
    (
        "{name} was seen at {place} with a group of men in their twenties who gave {him} "
        "vodka and cannabis.",
        ("older_person", "gifts"),
    ),
    (
        "{name} disclosed that an adult made {him} have sex with his friend in exchange for "
        "a place to stay.",
        ("disclosure", "older_person", "gifts"),
    ),
)
OTHER_ACCOUNTS: dict[str, tuple[str, ...]] = {
    "domestic-abuse": (
        "Police attended a domestic incident at {name}'s home overnight; mum's partner was "
        "arrested. {name} was in the house and heard the argument.",
        "Another domestic incident at the family address this year. {name} was present and "
        "was upset but not hurt.",
        "Neighbours called the police about shouting at {name}'s home. Dad had left before "
        "officers arrived; {name} was asleep upstairs.",
    ),
    "neglect": (
        "{name} arrives at school hungry and in unwashed clothes most days; the home was "
        "cold when the family support worker visited.",
        "Health visitor concerned about home conditions and missed appointments for {name}.",
        "{name} is often left to look after younger siblings in the evening with little food "
        "in the house.",
    ),
    "missing-child": (
        "{name} was reported missing from home last night after an argument with mum and "
        "came back this morning, saying {she} stayed at a friend's.",
        "{name} did not return to {her} foster placement by the agreed time and was found by "
        "police at the bus station at 11pm.",
        "{name} was missing overnight and was brought home by police at 7am. {She} would not "
        "say where {she} had been.",
    ),
    "child-missing-education": (
        "{name} has not attended school for 12 school days; calls and a home visit have had "
        "no reply.",
        "{name} left the school roll without a new school being named; the family may have "
        "moved out of the area.",
    ),
    "information-on-case": (
        "Update for the allocated worker: {name} has moved to a new address with dad this week.",
        "School asks the allocated worker to call: {name} was upset in lessons today.",
    ),
    "other": (
        "Mum asks for help with {name}'s behaviour at home; {she} is refusing to go to school "
        "and staying in {her} room.",
        "Staff noticed a bruise on {name}'s arm; {name} said {she} fell off {her} bike.",
        "{name} is caring for mum, who is unwell, and is struggling to keep up at school.",
        "{name} was found with a small amount of cannabis at school and is being excluded "
        "for a week.",
    ),
    "public-concern": (
        "A neighbour is worried that the children at the house are left alone in the evenings "
        "and hears shouting.",
        "A caller says {name} is often out on the streets late at night in all weathers.",
    ),
    "out-of-area-placement": (
        "Notification from the placing authority: {name} has been placed in a residential "
        "home in Severnside.",
    ),
}
EXPLOITATION_ACCOUNTS = (
    "A parent says girls from the local school are being given alcohol by men in a car park "
    "and is worried about {name}.",
    "A caller saw {name} getting into a taxi with an older man late at night near {place}.",
)


def _words(sex: str) -> dict[str, str]:
    """Pronouns: {she} subject, {him} object, {her} possessive."""
    she, him, her = ("she", "her", "her") if sex != "M" else ("he", "him", "his")
    if sex == "U":
        she, him, her = "they", "them", "their"
    return {"she": she, "him": him, "her": her, "She": she.capitalize(), "Her": her.capitalize()}


def _fill(template: str, rng: random.Random, name: str, sex: str) -> str:
    return template.format(
        name=name or "The child",
        nick=rng.choice(NICKNAMES),
        place=rng.choice(PLACES),
        street=rng.choice(STREETS),
        **_words(sex),
    )


def _answers(
    rng: random.Random, type_code: str, yes: Iterable[str] = (), cse: bool = False
) -> dict[str, Any]:
    """Answers to the type's protocol that fit the account (invented detail)."""
    if type_code == "cse-concern":
        keys = ("older_person", "gifts", "vehicles", "missing", "online", "disclosure")
        answers: dict[str, Any] = dict.fromkeys(keys, "no")
        answers.update(dict.fromkeys(yes, "yes"))
        answers["child_safe_now"] = "yes" if rng.random() < 0.9 else "no"
        answers["parents_aware"] = rng.choice(("yes", "no", "not_known"))
        if "older_person" in yes:
            answers["people_of_concern"] = f"Known as '{rng.choice(NICKNAMES)}', in his twenties"
        return answers
    if type_code == "missing-child":
        return {
            "still_missing": "no",
            "police_informed": "yes",
            "looked_after": "yes" if rng.random() < 0.3 else "no",
            "times_missing": str(rng.choice((1, 1, 2, 3))),
        }
    if type_code == "child-missing-education":
        return {"school": "Severnside Academy", "days_missed": str(rng.randint(10, 20))}
    if type_code == "domestic-abuse":
        return {
            "child_present": "yes" if rng.random() < 0.7 else "no",
            "injuries": "no",
            "police_attended": "yes",
        }
    if type_code == "neglect":
        return {"basic_needs": rng.choice(("food and warmth", "supervision", "health care"))}
    if type_code == "information-on-case":
        return {"urgent": "no"}
    if type_code == "out-of-area-placement":
        return {
            "placing_authority": rng.choice(OTHER_AUTHORITIES),
            "placement": "Residential children's home, Severnside",
            "placement_start": "2016-09-01",
            "social_worker": "Allocated social worker, placing authority duty team",
            "cse_risk_known": "yes" if cse else "no",
            "risk_summary": (
                "Previously exploited by older males; safety plan shared."
                if cse
                else "Placement after family breakdown; no known risk of exploitation."
            ),
        }
    if type_code == "other":
        return {"nature": rng.choice(("behaviour at home", "a possible injury", "young carer"))}
    return {}


# --- levels, decisions ------------------------------------------------------------------------

REASONS: dict[str, tuple[str, ...]] = {
    TriageOutcome.CSE_PATHWAY: (
        "CSE indicators confirmed with partners: routed to the CATE team under the CSE pathway.",
        "Older males, gifts and missing episodes: CSE pathway, practitioner to be allocated.",
    ),
    TriageOutcome.CHILD_PROTECTION: (
        "Risk of significant harm: strategy discussion held, section 47 enquiries started.",
        "Disclosure of abuse: child-protection procedures, joint visit with police.",
    ),
    TriageOutcome.CHILD_IN_NEED: ("Needs cannot be met without services: s17 assessment.",),
    TriageOutcome.EARLY_HELP: ("Family agrees to early help; family support worker allocated.",),
    TriageOutcome.REFER_ON: ("Needs are best met by a specialist service; referral made.",),
    TriageOutcome.INFORMATION_AND_ADVICE: (
        "Advice given to the referrer; the family knows where to get support.",
        "Information passed to the allocated worker and the referrer advised.",
    ),
    TriageOutcome.NO_FURTHER_ACTION: ("No role for children's services; no further action.",),
}
REFERRED_TO = (
    "Harbour Counselling (CSE support service)",
    "Children's Mental Health Service (CAMHS)",
    "School nurse service",
    "Youth offending service",
    "Sexual health outreach service",
    "Severnside Street Pastors youth project",
)
# Non-CSE outcomes: a new concern, and information on a case that is already open.
NEW_CONCERN_OUTCOMES: tuple[tuple[str, float], ...] = (
    (TriageOutcome.NO_FURTHER_ACTION, 18),
    (TriageOutcome.INFORMATION_AND_ADVICE, 32),
    (TriageOutcome.EARLY_HELP, 20),
    (TriageOutcome.REFER_ON, 10),
    (TriageOutcome.CHILD_IN_NEED, 14),
    (TriageOutcome.CHILD_PROTECTION, 6),
)
OPEN_CASE_CONTACT_OUTCOMES: tuple[tuple[str, float], ...] = (
    (TriageOutcome.INFORMATION_AND_ADVICE, 70),
    (TriageOutcome.NO_FURTHER_ACTION, 30),
)
# (level, rag) choices for each outcome, first the likelier.
LEVELS: dict[str, tuple[tuple[int, str], ...]] = {
    TriageOutcome.CSE_PATHWAY: ((4, Rag.RED), (3, Rag.AMBER), (3, Rag.RED)),
    TriageOutcome.CHILD_PROTECTION: ((4, Rag.RED), (4, Rag.RED), (3, Rag.AMBER)),
    TriageOutcome.CHILD_IN_NEED: ((3, Rag.AMBER), (3, Rag.GREEN)),
    TriageOutcome.EARLY_HELP: ((2, Rag.GREEN), (2, Rag.AMBER)),
    TriageOutcome.REFER_ON: ((2, Rag.AMBER), (2, Rag.GREEN), (3, Rag.AMBER)),
    TriageOutcome.INFORMATION_AND_ADVICE: ((1, Rag.GREEN), (2, Rag.GREEN)),
    TriageOutcome.NO_FURTHER_ACTION: ((1, Rag.GREEN),),
}
CASE_DAYS: dict[str, tuple[int, int]] = {
    TriageOutcome.CSE_PATHWAY: (120, 365),
    TriageOutcome.CHILD_PROTECTION: (90, 300),
    TriageOutcome.CHILD_IN_NEED: (45, 200),
}


def _weighted(rng: random.Random, options: Sequence[tuple[str, float]]) -> str:
    return rng.choices([o for o, _ in options], weights=[w for _, w in options])[0]


def _received(rng: random.Random, code: str, earliest: datetime = YEAR_START) -> datetime:
    """A time in the year: mostly weekdays in office hours; police reports also at night and
    at weekends."""
    police = code == "6"
    first = max(earliest, YEAR_START).astimezone(LONDON).date()
    days = (YEAR_END.date() - first).days
    for _ in range(20):
        day = first + timedelta(days=rng.randrange(max(days, 1)))
        if day.weekday() < 5 or rng.random() < (0.6 if police else 0.15):
            break
    if rng.random() < (0.45 if police else 0.1):
        minute = rng.randrange(17 * 60 + 30, (24 + 8) * 60 + 30)  # 17:30 to 08:30
    else:
        minute = rng.randrange(8 * 60 + 30, 17 * 60 + 30)
    day += timedelta(days=minute // (24 * 60))
    minute %= 24 * 60
    moment = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=LONDON)
    return min(max(moment, earliest), YEAR_END - timedelta(minutes=1))


def _age(dob: date | None, day: date) -> int | None:
    if dob is None:
        return None
    return max(0, day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day)))


# --- the year ---------------------------------------------------------------------------------


def _reserve(model: type[models.Model], count: int) -> range:
    """Primary keys for `count` new rows of `model` (the demo is the only writer)."""
    top = model._default_manager.aggregate(top=Max("pk"))["top"] or 0
    return range(top + 1, top + 1 + count)


def _plain(value: Any) -> Any:
    """A value as the database driver takes it (choices enums as their plain value)."""
    if value is None or type(value) in (str, int, bool, float):
        return value
    if isinstance(value, str):
        return str(value)  # TextChoices
    if isinstance(value, int) and not isinstance(value, bool):
        return int(value)  # IntegerChoices
    return value


def _insert(model: type[models.Model], rows: list[dict[str, Any]]) -> None:
    """Insert `rows` (values by field attname; a missing value takes the field's default, the
    time stamps now) with one `executemany`. Rows either all carry their primary key (from
    `_reserve`; the key sequence is then reset as `loaddata` does) or none does. Several times
    faster than `bulk_create` for the year's ~60,000 rows: no model instance is built and each
    value is adapted directly. Nothing here needs signals or history (the year predates the
    system)."""
    if not rows:
        return
    meta = model._meta
    explicit_keys = meta.pk is not None and meta.pk.attname in rows[0]
    fields = [f for f in meta.concrete_fields if explicit_keys or not f.primary_key]
    unknown = set().union(*rows) - {f.attname for f in fields}
    if unknown:
        raise ValueError(f"Not fields of {meta.label}: {sorted(unknown)}")
    now = timezone.now()
    ops = connection.ops

    def default(f: Any) -> Any:
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            return now
        return f.get_default()

    def adapter(f: Any) -> Any:
        if isinstance(f, models.JSONField):
            return lambda value: f.get_db_prep_save(value, connection)
        if isinstance(f, models.DateTimeField):
            return ops.adapt_datetimefield_value
        if isinstance(f, models.DateField):
            return ops.adapt_datefield_value
        return _plain

    columns = [(f.attname, default(f), adapter(f)) for f in fields]
    # Table and column names come from the model (quoted); the values are parameters.
    sql = "INSERT INTO {} ({}) VALUES ({})".format(  # noqa: S608
        ops.quote_name(meta.db_table),
        ", ".join(ops.quote_name(str(f.column)) for f in fields),
        ", ".join(["%s"] * len(fields)),
    )
    params = [
        [adapt(row[name]) if name in row else adapt(value) for name, value, adapt in columns]
        for row in rows
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)
        if explicit_keys:
            for statement in ops.sequence_reset_sql(no_style(), [model]):
                cursor.execute(statement)


@dataclass
class _Planned:
    """One contact of the year before it is saved."""

    key: str
    received: datetime
    person_id: int
    name_as_given: str
    sex: str
    dob: date | None
    source: str
    type_code: str
    cse: bool
    cse_outcome_group: str = ""
    yes: tuple[str, ...] = ()
    template: str = ""
    outcome: str = ""
    kind: str = ContactKind.NEW_CONCERN
    opener: _Planned | None = None
    level: int = 1
    rag: str = Rag.GREEN
    due: datetime | None = None
    submitted: datetime | None = None
    decided: datetime | None = None
    case_closed: datetime | None = None
    pk: int = 0
    extra_people: list[tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class _Child:
    person_id: int
    given: str
    family: str
    sex: str
    dob: date | None


def _current_person_ids(person_ids: Iterable[int]) -> dict[int, int]:
    """Each person id mapped to the person it was (eventually) merged into."""
    ids = set(person_ids)
    merged = dict(
        Person.objects.filter(merged_into__isnull=False).values_list("pk", "merged_into_id")
    )
    result = {}
    for pid in ids:
        current, seen = pid, set()
        while current in merged and current not in seen:
            seen.add(current)
            current = merged[current]
        result[pid] = current
    return result


def _cse_plans(rng: random.Random, seed: int) -> list[_Planned]:
    """The 337 CSE contacts: one per demo person record, on the person it is linked to now."""

    records = demo_people.demo_records(seed)
    by_key = dict(
        PersonRecord.objects.filter(submission_key__startswith=PEOPLE_KEY).values_list(
            "submission_key", "person_id"
        )
    )
    if len(by_key) != len(records):
        raise RuntimeError("Load the demo persons (safehub.common.demo.people) first")
    current = _current_person_ids(by_key.values())
    counts = largest_remainder(len(records), list(CSE_OUTCOME_SHARES.values()))
    outcome_groups = [g for g, n in zip(CSE_OUTCOME_SHARES, counts, strict=True) for _ in range(n)]
    rng.shuffle(outcome_groups)
    plans = []
    for row, group in zip(records.itertuples(index=False), outcome_groups, strict=True):
        code = _weighted(rng, SOURCE_CODES[str(row.source_agency)])
        if code == "5C":
            type_code = "out-of-area-placement"
        elif source_group(code) == SourceGroup.OTHERS and code.startswith(("1", "9")):
            type_code = "exploitation-information"
        else:
            type_code = "cse-concern"
        template, yes = rng.choice(CSE_ACCOUNTS)
        if type_code == "exploitation-information":
            template, yes = rng.choice(EXPLOITATION_ACCOUNTS), ()
        dob = date.fromisoformat(row.date_of_birth) if row.date_of_birth else None
        plan = _Planned(
            key=f"{CSE_KEY}{row.record_id}",
            received=_received(rng, code),
            person_id=current[by_key[f"{PEOPLE_KEY}{row.record_id}"]],
            name_as_given=f"{row.given_name} {row.family_name}".strip(),
            sex=str(row.sex or "U"),
            dob=dob,
            source=code,
            type_code=type_code,
            cse=True,
            cse_outcome_group=group,
            yes=tuple(yes),
            template=template,
        )
        if "older_person" in yes and rng.random() < 0.5:
            plan.extra_people.append(
                (f"'{rng.choice(NICKNAMES)}'", "Adult male, twenties, drives a silver car")
            )
        plans.append(plan)
    return plans


def _create_children(seed: int, importer: User, agency: Agency) -> list[_Child]:
    """Other children in the index: one front-door record each, written in bulk."""
    from safehub.people import synthetic
    from safehub.people.services import RecordInput, validate_record

    # One record each, so no variation shows but a mistyped date of birth (a "child" of 86).
    rates = replace(
        synthetic.DEFAULT_RATES,
        upper_case_names=0.0,
        names_swapped=0.0,
        dob_digit_typo=0.0,
        dob_wrong_year=0.0,
        dob_day_month_swap=0.0,
    )
    population = synthetic.generate_population(
        OTHER_CHILDREN,
        seed=seed + 1,
        records_per_person=1.0,
        parent_record_rate=0.0,
        young_adults_per_household=0.0,
        rates=rates,
        reference_date=(YEAR_END - timedelta(days=1)).date(),
    )
    persons: list[dict[str, Any]] = []
    records: list[dict[str, Any]] = []
    identifiers: list[dict[str, Any]] = []
    person_ids = _reserve(Person, len(population.records))
    record_ids = _reserve(PersonRecord, len(population.records))
    rows = population.records.itertuples(index=False)
    for person_id, record_id, row in zip(person_ids, record_ids, rows, strict=True):
        clean = validate_record(
            RecordInput(
                role=PersonRole.CHILD,
                given_name=row.given_name,
                family_name=row.family_name,
                date_of_birth=row.date_of_birth,
                sex=row.sex or "U",
                postcode=row.postcode,
                address=row.address,
                phone=row.phone,
                email=row.email,
                nhs_number=row.nhs_number,
                submission_key=f"{CHILD_KEY}{row.record_id}",
            ),
            insist={"nhs_number", "postcode", "phone"},
        )
        fields = dict(clean.fields)
        given, family = fields["given_name"], fields["family_name"]
        first, last = family_phonetics(family)
        persons.append(
            {
                "id": person_id,
                "display_given_name": given,
                "display_family_name": family,
                "date_of_birth": fields["date_of_birth"],
                "sex": fields["sex"],
                "roles": [PersonRole.CHILD.value],
                "created_by_id": importer.pk,
            }
        )
        records.append(
            fields
            | {
                "id": record_id,
                "person_id": person_id,
                "source_agency_id": agency.pk,
                "recorded_by_id": importer.pk,
                "unverified": clean.unverified,
                "submission_key": f"{CHILD_KEY}{row.record_id}",
                "given_key": name_key(given),
                "given_canonical": canonical_given(given),
                "family_key": name_key(family),
                "family_phonetic": first,
                "family_phonetic_last": last,
            }
        )
        identifiers.extend(
            {"record_id": record_id, "kind": kind, "value": value, "verified": verified}
            for kind, value, verified in clean.identifiers
        )
    _insert(Person, persons)
    _insert(PersonRecord, records)
    _insert(PersonIdentifier, identifiers)
    return [
        _Child(
            p["id"], p["display_given_name"], p["display_family_name"], p["sex"], p["date_of_birth"]
        )
        for p in persons
    ]


def _other_plans(
    rng: random.Random, children: list[_Child], cse_plans: list[_Planned]
) -> list[_Planned]:
    """The other 11,836 contacts: most about the other children, some about the CSE young
    people (missing, missing education, other worries)."""
    total = YEAR_CONTACTS - len(cse_plans)
    about_cse = min(OTHER_CONTACTS_ABOUT_CSE_YOUNG_PEOPLE, total - len(children))
    extra = total - about_cse - len(children)
    propensity = [rng.gammavariate(0.7, 1.0) for _ in children]
    counts = Counter(rng.choices(range(len(children)), weights=propensity, k=extra))
    plans: list[_Planned] = []
    number = 0

    def plan(child: _Child, type_code: str, earliest: datetime, name: str) -> _Planned:
        nonlocal number
        number += 1
        code = _weighted(rng, TYPE_SOURCES[type_code])
        return _Planned(
            key=f"{YEAR_KEY}{number:05d}",
            received=_received(rng, code, earliest),
            person_id=child.person_id,
            name_as_given=name,
            sex=child.sex,
            dob=child.dob,
            source=code,
            type_code=type_code,
            cse=False,
            template=rng.choice(OTHER_ACCOUNTS[type_code]),
        )

    for index, child in enumerate(children):
        earliest = YEAR_START
        if child.dob is not None:
            born = datetime.combine(child.dob, time(9), tzinfo=LONDON)
            earliest = max(YEAR_START, born - timedelta(days=90))  # pre-birth concerns too
        usual = _weighted(rng, OTHER_TYPE_WEIGHTS)
        for _ in range(1 + counts.get(index, 0)):
            type_code = usual if rng.random() < 0.6 else _weighted(rng, OTHER_TYPE_WEIGHTS)
            name = f"{child.given} {child.family}".strip()
            plans.append(plan(child, type_code, earliest, name))
    for _ in range(about_cse):
        source = rng.choice(cse_plans)
        child = _Child(source.person_id, source.name_as_given, "", source.sex, source.dob)
        type_code = _weighted(
            rng, (("missing-child", 60), ("child-missing-education", 20), ("other", 20))
        )
        plans.append(plan(child, type_code, YEAR_START, source.name_as_given))
    return plans


def _decide_year(rng: random.Random, plans: list[_Planned]) -> None:
    """Walk each child's contacts in time order, as the front door met them: a contact about
    a child with an open case is information on that case (Recommendation 24). Each gets its
    level and RAG, its decision deadline, and a decision (mostly in time, a few late)."""
    from safehub.frontdoor.services import settings_get

    config = settings_get()
    by_person: dict[int, list[_Planned]] = defaultdict(list)
    for p in plans:
        by_person[p.person_id].append(p)
    for person_id in sorted(by_person):
        timeline = sorted(by_person[person_id], key=lambda p: (p.received, p.key))
        openers: list[_Planned] = []
        for p in timeline:
            open_case = next(
                (
                    o
                    for o in reversed(openers)
                    if o.decided is not None
                    and o.decided <= p.received
                    and (o.case_closed is None or o.case_closed > p.received)
                ),
                None,
            )
            if open_case is not None:
                p.kind = ContactKind.INFORMATION_ON_OPEN_CASE
                p.opener = open_case
            if p.cse:
                p.outcome = {
                    CP_PROCEDURES: (
                        TriageOutcome.CSE_PATHWAY
                        if rng.random() < 0.7
                        else TriageOutcome.CHILD_PROTECTION
                    ),
                    REFERRED: TriageOutcome.REFER_ON,
                    ADVICE: TriageOutcome.INFORMATION_AND_ADVICE,
                }[p.cse_outcome_group]
            elif open_case is not None:
                if (
                    p.type_code not in ("out-of-area-placement", "public-concern")
                    and rng.random() < 0.6
                ):
                    p.type_code = "information-on-case"
                    p.template = rng.choice(OTHER_ACCOUNTS["information-on-case"])
                p.outcome = _weighted(rng, OPEN_CASE_CONTACT_OUTCOMES)
            else:
                p.outcome = _weighted(rng, NEW_CONCERN_OUTCOMES)
            p.level, p.rag = rng.choice(LEVELS[p.outcome])
            due = add_working_hours(p.received, config.decision_hours(p.rag))
            if p.kind == ContactKind.NEW_CONCERN:
                due = min(due, add_working_days(p.received, config.referral_decision_working_days))
            p.due = due
            p.submitted = p.received + timedelta(minutes=rng.randint(3, 40))
            # Decisions are made in office time: most within the timescale, a few late.
            if rng.random() < 0.93:
                window = working_hours_between(p.submitted, due)
                p.decided = add_working_hours(p.submitted, rng.uniform(0.1, 0.95) * window)
            else:
                p.decided = add_working_hours(due, rng.uniform(0.5, 16))
            p.decided = max(p.decided, p.submitted + timedelta(minutes=10))
            if p.outcome in OPEN_CASE_OUTCOMES:
                low, high = CASE_DAYS[p.outcome]
                p.case_closed = p.decided + timedelta(days=rng.randint(low, high))
                if p.kind == ContactKind.NEW_CONCERN:
                    openers.append(p)


def _save_year(rng: random.Random, plans: list[_Planned], cast: _Cast) -> None:
    types = {t.code: t for t in ContactType.objects.all()}
    used = set(Contact.objects.values_list("reference", flat=True))
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

    def reference() -> str:
        while True:
            body = "".join(rng.choice(alphabet) for _ in range(8))
            ref = f"C-{body[:4]}-{body[4:]}"
            if ref not in used:
                used.add(ref)
                return ref

    plans.sort(key=lambda p: (p.received, p.key))
    for p, pk in zip(plans, _reserve(Contact, len(plans)), strict=True):
        p.pk = pk
    contacts: list[dict[str, Any]] = []
    people: list[dict[str, Any]] = []
    decisions: list[dict[str, Any]] = []
    for p in plans:
        assert p.decided is not None and p.submitted is not None
        contact_type = types[p.type_code]
        referrer = cast.referrer(rng, p.source)
        if p.type_code == "public-concern" and referrer.channel == Channel.PHONE:
            referrer = replace(
                referrer, channel=Channel.ANONYMOUS if referrer.anonymous else Channel.PUBLIC_FORM
            )
        public = referrer.channel in (Channel.PUBLIC_FORM, Channel.ANONYMOUS)
        decider = rng.choice(cast.social_workers).pk
        confirmed = (
            p.decided + timedelta(days=rng.randint(1, 10))
            if p.outcome == TriageOutcome.REFER_ON
            else None
        )
        given = p.name_as_given.split(" ")[0] if p.name_as_given else ""
        contacts.append(
            {
                "id": p.pk,
                "reference": reference(),
                "status": ContactStatus.CLOSED,
                "kind": p.kind,
                "open_case_contact_id": p.opener.pk if p.opener else None,
                "channel": referrer.channel,
                "received_at": p.received,
                "source": p.source,
                "referrer_anonymous": referrer.anonymous,
                "referrer_name": referrer.name,
                "referrer_role": referrer.role,
                "referrer_agency_id": referrer.agency.pk if referrer.agency else None,
                "referrer_organisation": referrer.organisation,
                "referrer_phone": referrer.phone,
                "referrer_email": referrer.email,
                "referrer_is_professional": referrer.professional,
                "contact_type_id": contact_type.pk,
                "protocol": contact_type.protocol,
                "answers": _answers(rng, p.type_code, p.yes, cse=p.cse),
                "account": _fill(p.template, rng, given, p.sex),
                "is_cse_concern": p.cse,
                "level": p.level,
                "rag": p.rag,
                "level_decided_by_id": decider,
                "level_decided_at": max(
                    p.submitted, p.decided - timedelta(minutes=rng.randint(1, 9))
                ),
                "decision_due_at": p.due,
                "submitted_at": p.submitted,
                "closed_at": confirmed or p.decided,
                "recorded_by_id": None if public else rng.choice(cast.advisors).pk,
                "recording_agency_id": None if public else cast.agencies["front_door"].pk,
                "idempotency_key": p.key,
                # The time stamps say when things happened, not when the demo ran.
                "created_at": p.submitted,
                "updated_at": confirmed or p.decided,
            }
        )
        people.append(
            {
                "contact_id": p.pk,
                "person_id": p.person_id,
                "role": ContactPersonRole.SUBJECT,
                "name_as_given": p.name_as_given[:200] or "Name not given",
                "age_at_contact": _age(p.dob, p.received.astimezone(LONDON).date()),
            }
        )
        people.extend(
            {
                "contact_id": p.pk,
                "role": ContactPersonRole.PERSON_OF_CONCERN,
                "name_as_given": name,
                "description": description,
            }
            for name, description in p.extra_people
        )
        feedback = referrer.professional and rng.random() < 0.7
        decisions.append(
            {
                "contact_id": p.pk,
                "outcome": p.outcome,
                "referred_to": rng.choice(REFERRED_TO) if confirmed else "",
                "reason": rng.choice(REASONS[p.outcome]),
                "decided_by_id": decider,
                "decided_at": p.decided,
                "feedback_to_referrer": (
                    f"Thank you for your contact. Outcome: {TriageOutcome(p.outcome).label}."
                    if feedback
                    else ""
                ),
                "feedback_sent_at": p.decided + timedelta(minutes=5) if feedback else None,
                "referral_confirmed_at": confirmed,
                "referral_confirmed_by_id": decider if confirmed else None,
                "referral_confirmation_note": (
                    "The service confirmed it has seen the child." if confirmed else ""
                ),
                "case_closed_at": p.case_closed,
                "created_at": p.decided,
                "updated_at": confirmed or p.decided,
            }
        )
    _insert(Contact, contacts)
    _insert(ContactPerson, people)
    _insert(TriageDecision, decisions)


def _build_year(rng: random.Random, seed: int, cast: _Cast) -> None:
    cse = _cse_plans(rng, seed)
    children = _create_children(seed, cast.advisors[0], cast.agencies["front_door"])
    plans = cse + _other_plans(rng, children, cse)
    _decide_year(rng, plans)
    _save_year(rng, plans, cast)


# --- the live queue ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LiveContact:
    """A contact in the live queue: about live child `child`, received `hours_ago`."""

    child: int
    type_code: str
    source: str
    hours_ago: float
    account: str
    yes: tuple[str, ...] = ()
    then: str = ""  # "confirm", "level", "triage:<outcome>"


LIVE_CONTACTS: tuple[LiveContact, ...] = (
    # Overdue: received days ago and still waiting for a decision.
    LiveContact(
        5, "neglect", "2A", 260, "{name} comes to school hungry and in the same clothes all week."
    ),
    LiveContact(
        6,
        "domestic-abuse",
        "6",
        230,
        "Police attended a domestic incident at {name}'s home; {name} hid upstairs.",
    ),
    LiveContact(
        7,
        "other",
        "3C",
        200,
        "School nurse worried that {name} has lost weight and seems low in mood.",
    ),
    # A CSE case opened three days ago, then information on that open case.
    LiveContact(
        0,
        "cse-concern",
        "5A",
        75,
        "{name} has an older boyfriend who picks {him} up from school in a car. {She} went "
        "missing overnight at the weekend and came back with a new phone.",
        ("older_person", "vehicles", "missing", "gifts"),
        "triage:cse_pathway",
    ),
    LiveContact(
        0,
        "other",
        "2A",
        4,
        "{name} told a teacher the man from the car keeps messaging {him}.",
    ),
    # A child three times in the live window: the repeat-contacts alert.
    LiveContact(1, "missing-child", "6", 70, "{name} was missing overnight and found by police."),
    LiveContact(1, "other", "1A", 30, "Mum says {name} is staying out late and will not say why."),
    LiveContact(
        1,
        "cse-concern",
        "6",
        6,
        "Police found {name} in a car with two adult men at 1am. {She} had been drinking "
        "vodka and had cash {she} could not explain.",
        ("older_person", "vehicles", "gifts"),
        "confirm",
    ),
    LiveContact(
        2,
        "cse-concern",
        "2A",
        50,
        "{name} has been sending images to a man {she} met online who says he is 19.",
        ("online",),
        "level",
    ),
    LiveContact(
        3,
        "cse-concern",
        "3D",
        28,
        "{name} attended the sexual health clinic and said {her} boyfriend is 24. {She} has "
        "missed school most afternoons.",
        ("older_person",),
        "confirm",
    ),
    LiveContact(
        4,
        "cse-concern",
        "4",
        20,
        "{name} is staying overnight at a flat on Forge Street where older men come and go. "
        "{She} has been given cannabis and alcohol there.",
        ("older_person", "missing", "gifts"),
        "level",
    ),
    LiveContact(
        8,
        "exploitation-information",
        "9",
        16,
        "A caller saw {name} getting into a taxi with an older man late at night near the "
        "bus station.",
    ),
    LiveContact(
        9,
        "cse-concern",
        "5D",
        12,
        "{name} disclosed that an adult made {him} have sex with his friend in exchange for a "
        "place to stay.",
        ("disclosure", "older_person"),
        "confirm",
    ),
    LiveContact(
        10,
        "out-of-area-placement",
        "5C",
        48,
        "Notification from the placing authority: {name} has been placed in a residential "
        "home in Severnside after being exploited by older males.",
    ),
    LiveContact(
        11,
        "domestic-abuse",
        "6",
        40,
        "Neighbours called the police about shouting at {name}'s home; mum's partner arrested.",
        then="triage:information_and_advice",
    ),
    LiveContact(12, "domestic-abuse", "6", 9, "Another domestic incident at {name}'s home."),
    LiveContact(
        13,
        "neglect",
        "3B",
        26,
        "Health visitor found the home very cold and little food for {name}.",
        then="triage:early_help",
    ),
    LiveContact(14, "neglect", "2A", 3, "{name} is often left to look after younger siblings."),
    LiveContact(
        15,
        "child-missing-education",
        "2B",
        44,
        "{name} has not attended school for 14 school days and the family is not answering.",
    ),
    LiveContact(16, "missing-child", "6", 22, "{name} did not return home after school."),
    LiveContact(
        17,
        "missing-child",
        "5A",
        14,
        "{name} did not return to {her} foster placement and was found at the bus station.",
    ),
    LiveContact(
        18,
        "other",
        "1A",
        36,
        "Mum asks for help with {name}'s behaviour; {she} is refusing to go to school.",
        then="triage:refer_on",
    ),
    LiveContact(19, "other", "3E", 8, "{name} came to the emergency department with a cut hand."),
    LiveContact(20, "public-concern", "1B", 18, "A neighbour hears shouting at {name}'s house."),
    LiveContact(21, "other", "6", 2, "{name} was found with a small amount of cannabis."),
    LiveContact(
        22, "other", "5B", 1, "Youth worker reports {name} is caring for mum and very tired."
    ),
    LiveContact(23, "neglect", "1D", 0.5, "A caller says {name} is out late in all weathers."),
    LiveContact(
        24,
        "cse-concern",
        "6",
        0.3,
        "{name} was seen at the Quayside Grill takeaway with men in their twenties who gave "
        "{him} vodka. {She} was reported missing last night.",
        ("older_person", "gifts", "missing"),
    ),
    LiveContact(
        25, "domestic-abuse", "6", 33, "Police attended a row at {name}'s home; no arrests."
    ),
    LiveContact(26, "other", "2A", 11, "{name} has a bruise on {her} arm and says {she} fell."),
    LiveContact(27, "missing-child", "6", 5, "{name} was missing overnight from home."),
    LiveContact(28, "other", "1C", 7, "{name} called to say {she} does not feel safe at home."),
    LiveContact(
        29,
        "child-missing-education",
        "2A",
        52,
        "{name} left the school roll with no new school named.",
    ),
    LiveContact(30, "neglect", "3A", 24, "GP concerned about missed health appointments."),
    LiveContact(
        31,
        "cse-concern",
        "2A",
        31,
        "{name} has new clothes and a phone nobody can explain and says a man called 'Kaz' "
        "buys {him} things.",
        ("gifts", "older_person"),
    ),
    LiveContact(32, "domestic-abuse", "6", 60, "Domestic incident at {name}'s home overnight."),
    LiveContact(33, "other", "8", 15, "Support worker worried about {name}'s low mood."),
    LiveContact(34, "public-concern", "9", 19, "An anonymous caller says {name} is left alone."),
    LiveContact(
        35, "other", "5A", 2.5, "{name}'s social worker asks for a check on a new address."
    ),
)


@dataclass(frozen=True)
class LiveMissing:
    """A missing episode: live child `child`, started `days_ago`, back after `hours` (None:
    still missing); then the return-home interview: "completed", "declined", "offered" or ""
    (left due)."""

    child: int
    days_ago: float
    hours: float | None
    source: str = "police"
    circumstances: str = ""
    found_where: str = ""
    interview: str = ""
    child_said: str = ""


LIVE_MISSING: tuple[LiveMissing, ...] = (
    # Three episodes in thirty days: a strategy meeting.
    LiveMissing(1, 26, 20, found_where="Found at a flat on Forge Street with two adult men.",
                interview="completed",
                child_said="Said {she} stays with an older friend called 'Jay' who gives {him} "
                "vodka and lifts in his car."),
    LiveMissing(1, 14, 26, found_where="Found at the bus station at 3am.", interview="declined"),
    LiveMissing(1, 3, 30, circumstances="Left home after an argument; phone switched off."),
    # Two episodes: no strategy meeting yet.
    LiveMissing(16, 40, 12, interview="completed", child_said="Stayed at a friend's house."),
    LiveMissing(16, 1.5, 18, circumstances="Did not return home after school."),
    # Three episodes, but spread over more than thirty days.
    LiveMissing(17, 55, 9, interview="completed", child_said="Went to see {her} birth mum."),
    LiveMissing(17, 21, 15, interview="completed", child_said="Stayed with a school friend."),
    LiveMissing(17, 0.6, 4, found_where="Found by police at the bus station."),
    # Single episodes.
    LiveMissing(0, 6, 16, found_where="Found in a car with an older man near the retail park.",
                interview="offered"),
    LiveMissing(4, 9, 36, circumstances="Believed to be staying at an address on Forge Street.",
                interview="completed",
                child_said="Said {she} was at a party where men gave {him} cannabis."),
    LiveMissing(24, 1, 14, circumstances="Reported missing by mum at 10pm."),
    LiveMissing(27, 0.3, 6, circumstances="Did not come home last night."),
    LiveMissing(36, 33, 8, interview="completed", child_said="Was at a friend's; forgot to call."),
    LiveMissing(37, 29, 24, interview="completed", child_said="Stayed with {her} cousin."),
    LiveMissing(38, 24, 5, interview="completed", child_said="Went into town and lost track."),
    LiveMissing(39, 19, 40, interview="completed", child_said="Slept at a friend's after a row."),
    LiveMissing(40, 16, 10, interview="declined"),
    LiveMissing(41, 12, 7, interview="completed", child_said="Was upset about a break-up."),
    LiveMissing(42, 10, 30),  # interview overdue
    LiveMissing(43, 8, 12),  # interview overdue
    LiveMissing(44, 7, 9, interview="offered"),
    LiveMissing(45, 5, 16),  # interview overdue
    LiveMissing(46, 2, 10),  # interview due
    LiveMissing(47, 1.2, 6),  # interview due
    LiveMissing(48, 0.25, None, circumstances="Missing since this morning; phone off."),
    LiveMissing(49, 4, 48, circumstances="Absconded from a residential placement."),
    # Children missing education, reported by a school after ten school days.
    LiveMissing(15, 20, None, source="school"),
    LiveMissing(29, 25, None, source="school"),
    LiveMissing(50, 16, None, source="school"),
    LiveMissing(51, 30, None, source="school"),
)  # fmt: skip
LIVE_CHILDREN = 52


def _live_children(seed: int, cast: _Cast, now: datetime) -> list[Person]:
    """Children for the live queue, imported through the person-index service, aged 9-17."""
    from safehub.people import synthetic
    from safehub.people.services import RecordInput, person_import

    today = now.astimezone(LONDON).date()
    rates = replace(
        synthetic.DEFAULT_RATES, upper_case_names=0.0, names_swapped=0.0, dob_missing=0.0
    )
    population = synthetic.generate_population(
        LIVE_CHILDREN * 4,
        seed=seed + 2,
        records_per_person=1.0,
        parent_record_rate=0.0,
        young_adults_per_household=0.0,
        children_per_household=1.0,
        rates=rates,
        reference_date=today,
    )
    rows: list[Any] = []
    for row in population.records.itertuples(index=False):
        age = _age(date.fromisoformat(row.date_of_birth), today) if row.date_of_birth else None
        if age is not None and 9 <= age <= 17 and len(rows) < LIVE_CHILDREN:
            rows.append(row)
    if len(rows) < LIVE_CHILDREN:
        raise RuntimeError("Not enough synthetic children for the live queue")
    return [
        person_import(
            actor=cast.advisors[0],
            data=RecordInput(
                role=PersonRole.CHILD,
                given_name=row.given_name,
                family_name=row.family_name,
                date_of_birth=row.date_of_birth,
                dob_certainty=DobCertainty.EXACT,
                sex=row.sex or "U",
                postcode=row.postcode,
                address=row.address,
                phone=row.phone,
                submission_key=f"{LIVE_CHILD_KEY}{index}",
            ),
            insist={"postcode", "phone"},
            source_agency=cast.agencies["front_door"],
        )
        for index, row in enumerate(rows)
    ]


def _received_live(moment: datetime, source: str) -> datetime:
    """The police report at any hour; other agencies in office hours, so a time outside them
    moves back to the last office half-hour before it."""
    local = moment.astimezone(LONDON)
    if source == "6":
        return local
    while not (is_working_day(local.date()) and time(9) <= local.time() < time(17)):
        local -= timedelta(minutes=30)
    return local


def _build_live(rng: random.Random, seed: int, cast: _Cast, now: datetime) -> None:
    from safehub.frontdoor import services

    children = _live_children(seed, cast, now)
    advisor, social_worker = cast.advisors[0], cast.social_workers[0]
    for number, spec in sorted(
        enumerate(LIVE_CONTACTS, start=1), key=lambda item: (-item[1].hours_ago, item[0])
    ):
        child = children[spec.child]
        referrer = cast.referrer(rng, spec.source)
        data = services.ContactInput(
            channel=referrer.channel,
            source=spec.source,
            contact_type=spec.type_code,
            account=_fill(spec.account, rng, child.display_given_name, child.sex),
            people=[services.PersonOnContact(role="subject", person_id=child.pk)],
            received_at=_received_live(now - timedelta(hours=spec.hours_ago), spec.source),
            referrer_anonymous=referrer.anonymous,
            referrer_name=referrer.name,
            referrer_role=referrer.role,
            referrer_organisation=referrer.organisation,
            referrer_phone=referrer.phone,
            referrer_email=referrer.email,
            referrer_is_professional=referrer.professional,
            answers=_answers(rng, spec.type_code, spec.yes, cse=True),
        )
        contact, _ = services.contact_record(
            actor=advisor, data=data, idempotency_key=f"{LIVE_KEY}{number:03d}"
        )
        if spec.then == "confirm":
            for proposal in contact.indicators.filter(status="proposed"):
                services.indicator_decide(actor=social_worker, proposal=proposal, confirm=True)
        elif spec.then == "level":
            screening = services.latest_screening(contact)
            level = max(3, screening.threshold_level if screening else 3)
            suggested = (screening.threshold_level, screening.rag) if screening else None
            services.contact_decide_level(
                actor=social_worker,
                contact=contact,
                level=level,
                rag=Rag.RED if level == 4 else Rag.AMBER,
                reason=""
                if suggested == (level, Rag.RED if level == 4 else Rag.AMBER)
                else "Discussed with the referrer: the risk is higher than the answers show.",
            )
        elif spec.then.startswith("triage:"):
            outcome = spec.then.removeprefix("triage:")
            services.contact_triage(
                actor=social_worker,
                contact=contact,
                outcome=outcome,
                reason=REASONS[outcome][0],
                referred_to=REFERRED_TO[1] if outcome == TriageOutcome.REFER_ON else "",
                feedback_to_referrer="Thank you: the contact has been considered today.",
            )
    for number, episode_spec in enumerate(LIVE_MISSING, start=1):
        child = children[episode_spec.child]
        school = episode_spec.source == "school"
        started = now - timedelta(days=episode_spec.days_ago)
        ended = (
            started + timedelta(hours=episode_spec.hours)
            if episode_spec.hours is not None
            else None
        )
        episode = services.missing_episode_record(
            actor=cast.school_contact if school else cast.officers[number % len(cast.officers)],
            data=services.MissingInput(
                person_id=child.pk,
                source=episode_spec.source,
                kind="M",
                started_at=started,
                ended_at=ended if ended is not None and ended < now else None,
                school_days_missed=rng.randint(10, 15) if school else None,
                found_where=episode_spec.found_where,
                circumstances=_fill(
                    episode_spec.circumstances, rng, child.display_given_name, child.sex
                )
                if episode_spec.circumstances
                else "",
                police_reference="" if school else f"MP/{rng.randint(10000, 99999)}",
            ),
            idempotency_key=f"{MISSING_KEY}{number:03d}",
        )
        interview = ReturnHomeInterview.objects.filter(episode=episode).first()
        if interview is None or not episode_spec.interview or ended is None:
            continue
        happened = min(ended + timedelta(hours=rng.randint(20, 60)), now - timedelta(hours=1))
        services.return_interview_update(
            actor=cast.practitioners[number % len(cast.practitioners)],
            interview=interview,
            status=episode_spec.interview,
            child_said=_fill(episode_spec.child_said, rng, child.display_given_name, child.sex)
            if episode_spec.child_said
            else "",
            happened_at=happened,
        )
    # Alerts about things a week old or decided have been looked at.
    week_ago = now - timedelta(days=7)
    demo_alerts = Alert.objects.unacknowledged().filter(
        Q(contact__idempotency_key__startswith=LIVE_KEY)
        | Q(missing_episode__idempotency_key__startswith=MISSING_KEY)
    )
    for alert in demo_alerts.select_related("contact", "missing_episode").order_by("pk"):
        if (alert.missing_episode and alert.missing_episode.started_at < week_ago) or (
            alert.contact and alert.contact.status != ContactStatus.AWAITING_DECISION
        ):
            holder = next(
                (u for u in (social_worker, advisor, *cast.officers, *cast.practitioners)
                 if u.has_role(alert.for_role)),
                None,
            )  # fmt: skip
            if holder is not None:
                services.alert_acknowledge(
                    actor=holder, alert=alert, note="Seen; discussed at the morning meeting."
                )


# --- figures ----------------------------------------------------------------------------------


def summary(*, now: datetime | None = None) -> dict[str, Any]:
    """The front door's figures, computed from the database: the year's contacts and the CSE
    ones by source and outcome, the young people they concern (through the person index,
    following merges), and the live queue."""
    now = now or timezone.now()
    year = Contact.objects.submitted().filter(received_at__gte=YEAR_START, received_at__lt=YEAR_END)
    cse = year.filter(is_cse_concern=True)
    by_source = Counter(source_group(code).value for code in cse.values_list("source", flat=True))
    by_outcome = Counter(
        outcome_group(outcome) for outcome in cse.values_list("triage__outcome", flat=True)
    )
    subjects = list(
        ContactPerson.objects.filter(
            contact__in=cse, role=ContactPersonRole.SUBJECT, person__isnull=False
        ).values_list("person_id", flat=True)
    )
    current = _current_person_ids(subjects)
    open_contacts = Contact.objects.open()
    alerts = Counter(Alert.objects.values_list("kind", flat=True))
    return {
        "contacts_in_year": year.count(),
        "cse_contacts": cse.count(),
        "cse_by_source_group": {g: by_source.get(g, 0) for g in CSE_SOURCE_SHARES},
        "cse_by_outcome_group": {g: by_outcome.get(g, 0) for g in CSE_OUTCOME_SHARES},
        "cse_young_people_in_index": len({current[p] for p in subjects}),
        "open_contacts": open_contacts.count(),
        "overdue_contacts": open_contacts.filter(
            status=ContactStatus.AWAITING_DECISION, decision_due_at__lt=now
        ).count(),
        "missing_episodes": MissingEpisode.objects.count(),
        "return_interviews": dict(
            Counter(ReturnHomeInterview.objects.values_list("status", flat=True))
        ),
        "alerts": dict(sorted(alerts.items())),
    }


def ground_truth(seed: int) -> dict[str, int]:
    """Each CSE contact's idempotency key mapped to the true young person it is about."""

    records = demo_people.demo_records(seed)
    return {
        f"{CSE_KEY}{record_id}": int(person)
        for record_id, person in zip(records.record_id, records.true_person_id, strict=True)
    }


def true_young_people(seed: int) -> int:
    """How many different young people the year's CSE contacts really concern."""
    truth = ground_truth(seed)
    keys = Contact.objects.filter(
        is_cse_concern=True, idempotency_key__startswith=CSE_KEY
    ).values_list("idempotency_key", flat=True)
    return len({truth[k] for k in keys if k in truth})


def describe(figures: dict[str, Any]) -> str:
    """One line for `safehub demo`."""
    source = ", ".join(f"{k} {v}" for k, v in figures["cse_by_source_group"].items())
    outcome = ", ".join(f"{k} {v}" for k, v in figures["cse_by_outcome_group"].items())
    return (
        f"{figures['contacts_in_year']:,} contacts in 2016-17, {figures['cse_contacts']} CSE "
        f"({source}; {outcome}) about {figures['cse_young_people_in_index']} persons in the "
        f"index ({figures.get('cse_young_people_true', '?')} young people in truth); "
        f"live queue {figures['open_contacts']} open ({figures['overdue_contacts']} overdue), "
        f"{figures['missing_episodes']} missing episodes, {sum(figures['alerts'].values())} alerts"
    )


def build(seed: int, *, now: datetime | None = None) -> dict[str, Any]:
    """Write the year and the live queue (once). Returns `summary()` plus the ground truth."""
    if Contact.objects.filter(idempotency_key__startswith=DEMO_KEY_PREFIX).exists():
        return {"skipped": True}
    now = now or timezone.now()
    rng = random.Random(seed * 7919 + 16)  # noqa: S311 - reproducible demo data, not security
    cast = _Cast()
    with transaction.atomic():
        _build_year(rng, seed, cast)
        _build_live(rng, seed, cast, now)
        figures = summary(now=now)
        figures["cse_young_people_true"] = true_young_people(seed)
        audit_record(
            actor=None,
            actor_email="safehub demo",
            action=AuditAction.CREATE,
            object_type="demo_front_door",
            details={k: v for k, v in figures.items() if k != "alerts"},
        )
    return figures


__all__ = [
    "CSE_CONTACTS",
    "CSE_OUTCOME_SHARES",
    "CSE_SOURCE_SHARES",
    "CSE_YOUNG_PEOPLE",
    "DEMO_KEY_PREFIX",
    "YEAR_CONTACTS",
    "YEAR_END",
    "YEAR_START",
    "build",
    "describe",
    "ground_truth",
    "largest_remainder",
    "outcome_group",
    "summary",
    "true_young_people",
]
