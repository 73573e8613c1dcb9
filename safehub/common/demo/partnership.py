"""Agencies modelled on the seed's partnership (a fictional borough, Severnside) and demo users.

Names are synthetic and deliberately ordinary; no real person or organisation is described.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from django.db import transaction

from safehub.accounts.models import Agency, AgencyType, Role, RoleAssignment, User

BOROUGH = "Severnside"

SCHOOLS = [
    "Severnside Academy",
    "Castle Hill High School",
    "Ironbridge Road Academy",
    "St Chad's Catholic High School",
    "Wrekin View School",
    "Meadow Lane Secondary School",
    "Hollinswood Park Academy",
    "Brookside Community School",
    "Oakengates Free School",
    "Severnside Pupil Referral Unit",
    "Severnside College",
    "Lakeside Sixth Form College",
]


@dataclass(frozen=True)
class DemoAgency:
    key: str
    name: str
    short_name: str
    agency_type: str
    domain: str


AGENCIES: list[DemoAgency] = [
    DemoAgency(
        "front_door",
        f"{BOROUGH} Council Family Connect",
        "Family Connect",
        AgencyType.FRONT_DOOR,
        "severnside.example",
    ),
    DemoAgency(
        "safeguarding",
        f"{BOROUGH} Council Children's Safeguarding",
        "Children's Safeguarding",
        AgencyType.CHILDRENS_SERVICES,
        "severnside.example",
    ),
    DemoAgency(
        "cate",
        f"{BOROUGH} CATE Team",
        "CATE",
        AgencyType.CSE_TEAM,
        "severnside.example",
    ),
    DemoAgency(
        "police",
        "Midshire Police (including its CSE team)",
        "Midshire Police",
        AgencyType.POLICE,
        "police.midshire.example",
    ),
    DemoAgency(
        "hospital",
        f"{BOROUGH} Hospitals NHS Trust",
        "Hospitals Trust",
        AgencyType.HEALTH,
        "hospitals.nhs.example",
    ),
    DemoAgency(
        "community_health",
        f"{BOROUGH} Community Health NHS Trust",
        "Community Health",
        AgencyType.HEALTH,
        "community.nhs.example",
    ),
    DemoAgency(
        "mental_health",
        f"{BOROUGH} Children's Mental Health Service",
        "CAMHS",
        AgencyType.HEALTH,
        "camhs.nhs.example",
    ),
    DemoAgency(
        "housing",
        f"{BOROUGH} Homes",
        "Severnside Homes",
        AgencyType.HOUSING,
        "homes.example",
    ),
    DemoAgency(
        "licensing",
        f"{BOROUGH} Council Licensing",
        "Licensing",
        AgencyType.LICENSING,
        "severnside.example",
    ),
    DemoAgency(
        "counselling",
        "Harbour Counselling (charity)",
        "Harbour Counselling",
        AgencyType.VOLUNTARY,
        "harbour.example",
    ),
    DemoAgency(
        "street_pastors",
        f"{BOROUGH} Street Pastors",
        "Street Pastors",
        AgencyType.VOLUNTARY,
        "streetpastors.example",
    ),
] + [
    DemoAgency(
        f"school_{i + 1}",
        name,
        name.replace(" School", "").replace(" Academy", ""),
        AgencyType.EDUCATION,
        "schools.severnside.example",
    )
    for i, name in enumerate(SCHOOLS)
]

# (role, agency key) for each demo user: two to four users for every role.
USERS: list[tuple[Role, str]] = [
    (Role.FRONT_DOOR_ADVISOR, "front_door"),
    (Role.FRONT_DOOR_ADVISOR, "front_door"),
    (Role.FRONT_DOOR_ADVISOR, "front_door"),
    (Role.SAFEGUARDING_SOCIAL_WORKER, "safeguarding"),
    (Role.SAFEGUARDING_SOCIAL_WORKER, "safeguarding"),
    (Role.SAFEGUARDING_SOCIAL_WORKER, "front_door"),
    (Role.CSE_PRACTITIONER, "cate"),
    (Role.CSE_PRACTITIONER, "cate"),
    (Role.CSE_PRACTITIONER, "cate"),
    (Role.CSE_PRACTITIONER, "cate"),
    (Role.TEAM_MANAGER, "cate"),
    (Role.TEAM_MANAGER, "safeguarding"),
    (Role.RISK_PANEL_CHAIR, "safeguarding"),
    (Role.RISK_PANEL_CHAIR, "police"),
    (Role.PARTNER_CONTRIBUTOR, "hospital"),
    (Role.PARTNER_CONTRIBUTOR, "school_1"),
    (Role.PARTNER_CONTRIBUTOR, "housing"),
    (Role.PARTNER_CONTRIBUTOR, "counselling"),
    (Role.POLICE_OFFICER, "police"),
    (Role.POLICE_OFFICER, "police"),
    (Role.POLICE_OFFICER, "police"),
    (Role.INTELLIGENCE_ANALYST, "police"),
    (Role.INTELLIGENCE_ANALYST, "police"),
    (Role.LICENSING_OFFICER, "licensing"),
    (Role.LICENSING_OFFICER, "licensing"),
    (Role.PERFORMANCE_ANALYST, "safeguarding"),
    (Role.PERFORMANCE_ANALYST, "front_door"),
    (Role.ADMINISTRATOR, "front_door"),
    (Role.ADMINISTRATOR, "safeguarding"),
    (Role.AUDITOR, "safeguarding"),
    (Role.AUDITOR, "front_door"),
]

GIVEN_NAMES = [
    "Alex", "Sam", "Jo", "Priya", "Tom", "Aisha", "Gareth", "Megan", "Imran", "Claire",
    "Dylan", "Fiona", "Hassan", "Leanne", "Owen", "Rachel", "Kwame", "Nadia", "Rhys", "Sian",
    "Tariq", "Yvonne", "Callum", "Bethan", "Marek", "Grace", "Ravi", "Helen", "Ewan", "Zara",
    "Colin", "Ffion",
]  # fmt: skip
FAMILY_NAMES = [
    "Ashworth", "Bellamy", "Carrow", "Delaney", "Ellery", "Fairbairn", "Garside", "Hallam",
    "Iqbal", "Jessop", "Kettley", "Lomax", "Marchant", "Norbury", "Okafor", "Pendry",
    "Quarrell", "Rudd", "Sowerby", "Tandy", "Umber", "Varley", "Wragg", "Yardley", "Zelinski",
    "Brereton", "Chaudry", "Dimmock", "Eastham", "Frogatt", "Gillow", "Hesketh",
]  # fmt: skip
PASSWORD_WORDS = [
    "copper", "lantern", "meadow", "harbour", "thistle", "granite", "orchard", "falcon",
    "willow", "ember", "canal", "beacon", "quarry", "sparrow", "linden", "heron",
]  # fmt: skip


@dataclass(frozen=True)
class DemoLogin:
    email: str
    password: str
    agency: str
    roles: list[str]
    full_name: str


def build(seed: int) -> list[DemoLogin]:
    """Create (or find) the demo agencies and users. Returns their logins."""
    rng = random.Random(seed)  # noqa: S311 - reproducible demo data, not security
    given = rng.sample(GIVEN_NAMES, len(USERS))
    family = rng.sample(FAMILY_NAMES, len(USERS))
    logins: list[DemoLogin] = []
    with transaction.atomic():
        agencies: dict[str, Agency] = {}
        for spec in AGENCIES:
            agency, _ = Agency.objects.get_or_create(
                name=spec.name,
                defaults={"short_name": spec.short_name, "agency_type": spec.agency_type},
            )
            agencies[spec.key] = agency
        domains = {spec.key: spec.domain for spec in AGENCIES}
        for index, (role, agency_key) in enumerate(USERS):
            full_name = f"{given[index]} {family[index]}"
            email = f"{given[index]}.{family[index]}@{domains[agency_key]}".lower()
            password = "-".join(rng.sample(PASSWORD_WORDS, 3)) + f"-{rng.randint(10, 99)}"
            user = User.objects.filter(email=email).first()
            if user is None:
                user = User.objects.create_user(
                    email=email,
                    password=password,
                    full_name=full_name,
                    agency=agencies[agency_key],
                    job_title=role.label,
                )
            RoleAssignment.objects.get_or_create(user=user, role=role)
            logins.append(
                DemoLogin(
                    email=email,
                    password=password,
                    agency=agencies[agency_key].name,
                    roles=[role.value],
                    full_name=full_name,
                )
            )
    return logins
