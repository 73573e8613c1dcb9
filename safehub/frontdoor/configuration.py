"""Shipped configuration (contact types, screening instruments) loaded into the database.

Both are data, not code: administrators may change contact types afterwards and the sync never
overwrites a type that exists; instruments are immutable versions, so the sync only adds
versions the database does not have yet.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.db import transaction

DATA = Path(__file__).resolve().parent / "data"


def shipped_contact_types() -> list[dict[str, Any]]:
    data: list[dict[str, Any]] = json.loads((DATA / "contact_types.json").read_text())
    return data


@transaction.atomic
def contact_types_sync() -> int:
    from safehub.frontdoor.models import ContactType

    added = 0
    for item in shipped_contact_types():
        _, created = ContactType.objects.get_or_create(
            code=item["code"],
            defaults={
                "name": item["name"],
                "description": item.get("description", ""),
                "protocol": item["protocol"],
                "is_cse": item.get("is_cse", False),
                "order": item.get("order", 100),
            },
        )
        added += int(created)
    return added


@transaction.atomic
def instruments_sync() -> int:
    from safehub.frontdoor.models import ScreeningInstrument
    from safehub.frontdoor.screening import instruments

    added = 0
    for code, version in instruments.shipped_versions():
        definition = instruments.load_shipped_version(code, version)
        if not ScreeningInstrument.objects.filter(
            code=definition.code, version=definition.version
        ).exists():
            ScreeningInstrument.objects.create(
                code=definition.code,
                version=definition.version,
                name=definition.name,
                definition=definition.to_dict(),
            )
            added += 1
    return added


def sync_after_migrate(**kwargs: Any) -> None:
    contact_types_sync()
    instruments_sync()
