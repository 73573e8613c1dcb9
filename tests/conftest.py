from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache

from safehub.accounts.models import Agency, Role, User
from tests.factories import create_agency, create_user


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    from safehub.frontdoor.services import settings_forget

    cache.clear()
    settings_forget()  # the per-process settings cache must not outlive a test's transaction


@pytest.fixture
def agency(db: Any) -> Agency:
    return create_agency(name="Severnside Council Children's Safeguarding")


@pytest.fixture
def other_agency(db: Any) -> Agency:
    return create_agency(name="Midshire Police", agency_type="police")


@pytest.fixture
def make_user(db: Any, agency: Agency) -> Callable[..., User]:
    def make(*roles: Role | str, **kwargs: Any) -> User:
        kwargs.setdefault("agency", agency)
        return create_user(roles=list(roles), **kwargs)

    return make


@pytest.fixture
def admin_user(make_user: Callable[..., User]) -> User:
    return make_user(Role.ADMINISTRATOR, email="admin@agency.example", full_name="Ada Admin")


@pytest.fixture
def auditor(make_user: Callable[..., User]) -> User:
    return make_user(Role.AUDITOR, email="auditor@agency.example", full_name="Aud Itor")
