"""Reference numbers people read over the phone (C-7KQ3-M9XD): for contacts, missing episodes,
enquiries and cases. Random, so they reveal nothing about how many records exist."""

from __future__ import annotations

import secrets
from typing import Any

from safehub.common.prepared import PreparedQuery

REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I

_TAKEN: dict[Any, PreparedQuery] = {}


def new_reference(prefix: str) -> str:
    """A reference that can be read over the phone: e.g. C-7KQ3-M9XD."""
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _ in range(8))
    return f"{prefix}-{body[:4]}-{body[4:]}"


def unique_reference(model: Any, prefix: str) -> str:
    """A fresh reference for `model` (which has a unique `reference` field), checked against
    its table; the unique constraint guards a race."""
    taken = _TAKEN.get(model)
    if taken is None:
        taken = _TAKEN[model] = PreparedQuery(
            lambda reference: model.objects.filter(reference=reference).values_list("pk")[:1],
            reference="example-reference-7c1e",
        )
    for _ in range(10):
        reference = new_reference(prefix)
        if taken.first_value(reference=reference) is None:
            return reference
    raise RuntimeError("Could not find a free reference")  # pragma: no cover
