"""Demo persons: the seed's year of CSE contacts — 337 records about 224 young people — as
they arrive from the agencies (separately, with spelling variants, nicknames, mistyped and
missing dates, old addresses), then batch linkage to find who is who.

The records come from `safehub.people.synthetic.demo_contact_records`, which keeps the ground
truth (`true_person_id`) for tests; nothing here is a real person.
"""

from __future__ import annotations

import sys
from typing import Any

from safehub.accounts.models import Agency, AgencyType, Role, User
from safehub.people import synthetic
from safehub.people.models import PersonRecord
from safehub.people.services import RecordInput, person_import

DEMO_KEY_PREFIX = "demo-person-"

# Source category (as the generator names it) → the demo agency whose users recorded it.
SOURCE_AGENCY = {
    "local authority": "front_door",
    "police": "police",
    "education": "school",
    "health": "hospital",
    "housing": "housing",
    "voluntary": "counselling",
    "other": "front_door",
}


# The demo year is 1 April 2016 - 31 March 2017: ages are as they were then.
DEMO_REFERENCE_DATE = "2017-03-31"


def demo_records(seed: int) -> Any:
    """The demo's synthetic CSE-contact records (with their ground truth) for a seed."""
    return synthetic.demo_contact_records(seed, reference_date=DEMO_REFERENCE_DATE).records


def build(seed: int, *, link: bool = True) -> dict[str, Any]:

    if PersonRecord.objects.filter(submission_key__startswith=DEMO_KEY_PREFIX).exists():
        return {"skipped": True}
    records = demo_records(seed)
    by_name = {a.name: a for a in Agency.objects.all()}
    agencies = {
        "front_door": next(a for a in by_name.values() if a.agency_type == AgencyType.FRONT_DOOR),
        "police": next(a for a in by_name.values() if a.agency_type == AgencyType.POLICE),
        "school": next(a for a in by_name.values() if a.agency_type == AgencyType.EDUCATION),
        "hospital": next(a for a in by_name.values() if a.agency_type == AgencyType.HEALTH),
        "housing": next(a for a in by_name.values() if a.agency_type == AgencyType.HOUSING),
        "counselling": next(a for a in by_name.values() if a.agency_type == AgencyType.VOLUNTARY),
    }
    # The front door imports each partner's records; each record keeps its source agency.
    importer = (
        User.objects.filter(
            agency=agencies["front_door"], role_assignments__role=Role.FRONT_DOOR_ADVISOR
        )
        .order_by("pk")
        .first()
    )
    if importer is None:
        raise RuntimeError("The demo partnership has no front-door advisor to import records")
    for row in records.to_dict("records"):
        person_import(
            actor=importer,
            source_agency=agencies[SOURCE_AGENCY.get(str(row["source_agency"]), "front_door")],
            data=RecordInput(
                role="child",
                given_name=row["given_name"] or "",
                family_name=row["family_name"] or "",
                date_of_birth=row["date_of_birth"] or "",
                sex=row["sex"] or "U",
                postcode=row["postcode"] or "",
                address=row["address"] or "",
                phone=row["phone"] or "",
                email=row["email"] or "",
                nhs_number=row["nhs_number"] or "",
                submission_key=f"{DEMO_KEY_PREFIX}{row['record_id']}",
            ),
            insist={"nhs_number", "postcode", "phone"},
        )
    summary: dict[str, Any] = {"records": len(records)}
    if link:
        from safehub.people.linkage_service import linkage_run, linkage_train

        def progress(message: str) -> None:
            print(f"  linkage: {message}", file=sys.stderr, flush=True)

        trained = linkage_train(seed=seed, progress=progress)
        outcome = linkage_run(progress=progress)
        summary.update(
            {
                "model": trained.model.version,
                "merged": outcome.merged,
                "queued": outcome.queued,
            }
        )
    return summary
