"""factory_boy factories for the foundation's records. All data synthetic."""

from __future__ import annotations

from typing import Any, cast

import factory

from safehub.accounts.models import Agency, AgencyType, RoleAssignment, User

TEST_PASSWORD = "correct-horse-battery-42"


class AgencyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Agency
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Test Agency {n}")
    agency_type = AgencyType.CHILDRENS_SERVICES


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@agency.example")
    full_name = factory.Sequence(lambda n: f"Test User {n}")
    agency = factory.SubFactory(AgencyFactory)
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def roles(obj: Any, create: bool, extracted: Any, **kwargs: Any) -> None:
        """`roles=[...]`: the roles to give the new user (post-generation, obj is the User)."""
        if not create or not extracted:
            return
        for role in extracted:
            RoleAssignment.objects.create(user=obj, role=role)
        obj.forget_roles()


def create_agency(**kwargs: Any) -> Agency:
    return cast(Agency, AgencyFactory(**kwargs))


def create_user(**kwargs: Any) -> User:
    return cast(User, UserFactory(**kwargs))
