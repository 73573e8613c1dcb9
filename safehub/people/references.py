"""Every foreign key that points at a Person and must follow it through a merge.

Apps register their references here (e.g. a contact's child, a case's young person). A merge
moves every registered reference from the absorbed person to the survivor and records the
primary keys it moved; an unmerge moves exactly those back.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.db import models


@dataclass(frozen=True)
class PersonReference:
    model_label: str  # "app_label.ModelName"
    field: str

    @property
    def key(self) -> str:
        return f"{self.model_label}.{self.field}"

    def model(self) -> type[models.Model]:
        return apps.get_model(self.model_label)


_REGISTRY: dict[str, PersonReference] = {}


def register(model_label: str, field: str) -> None:
    ref = PersonReference(model_label, field)
    _REGISTRY[ref.key] = ref


def registered() -> list[PersonReference]:
    return list(_REGISTRY.values())


register("people.PersonRecord", "person")
register("people.Relationship", "from_person")
register("people.Relationship", "to_person")
