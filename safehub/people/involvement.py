"""How an agency becomes involved with a person, beyond supplying a record about them.

Apps built on the index register providers: a function from an agency id to a queryset with a
`person_id` column of the persons that agency is involved with (e.g. the children of contacts it
recorded). Agencies see the persons they are involved with without break-glass (issue 3, point
8: "agencies involved in a contact, enquiry or case about them").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db.models import QuerySet

Provider = Callable[[int], QuerySet[Any]]
_PROVIDERS: list[Provider] = []


def register(provider: Provider) -> None:
    if provider not in _PROVIDERS:
        _PROVIDERS.append(provider)


def providers() -> list[Provider]:
    return list(_PROVIDERS)
