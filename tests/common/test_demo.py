"""`safehub demo`: the partnership modelled on the seed, idempotent and deterministic."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from safehub.accounts.models import Agency, AgencyType, Role, User
from tests.factories import TEST_PASSWORD  # noqa: F401


@pytest.fixture
def var_dir(tmp_path: Path, settings: Any) -> Path:
    settings.VAR_DIR = tmp_path
    return tmp_path


def test_demo_builds_partnership_and_logins(db: Any, var_dir: Path) -> None:
    call_command("demo", "--seed", "7", "--quiet", "--no-linkage", "--no-front-door")
    types = Counter(Agency.objects.values_list("agency_type", flat=True))
    assert types[AgencyType.EDUCATION] == 12
    assert types[AgencyType.HEALTH] == 3
    for agency_type in [
        AgencyType.FRONT_DOOR,
        AgencyType.CHILDRENS_SERVICES,
        AgencyType.CSE_TEAM,
        AgencyType.POLICE,
        AgencyType.HOUSING,
        AgencyType.LICENSING,
    ]:
        assert types[agency_type] >= 1
    assert types[AgencyType.VOLUNTARY] == 2
    per_role = Counter(role for user in User.objects.all() for role in user.role_codes)
    for role in Role:
        assert 2 <= per_role[role] <= 4, role

    logins = json.loads((var_dir / "demo-logins.json").read_text())
    assert len(logins) == User.objects.count()
    assert set(logins[0]) == {"email", "password", "agency", "roles"}
    for login in logins:
        user = User.objects.get(email=login["email"])
        assert user.check_password(login["password"])
        assert user.agency.name == login["agency"]
        assert set(login["roles"]) <= user.role_codes
        assert login["email"].endswith(".example")


def test_demo_twice_creates_no_duplicates(db: Any, var_dir: Path) -> None:
    call_command("demo", "--seed", "7", "--quiet", "--no-linkage", "--no-front-door")
    counts = (Agency.objects.count(), User.objects.count())
    first = (var_dir / "demo-logins.json").read_text()
    call_command("demo", "--seed", "7", "--quiet", "--no-linkage", "--no-front-door")
    assert (Agency.objects.count(), User.objects.count()) == counts
    assert (var_dir / "demo-logins.json").read_text() == first
    from safehub.notifications.models import Notification

    assert Notification.objects.count() == User.objects.count()


def test_same_seed_same_data(db: Any, var_dir: Path, django_db_blocker: Any) -> None:
    from safehub.common.demo.partnership import build

    first = build(11)
    User.objects.all().delete()
    second = build(11)
    assert first == second
    User.objects.all().delete()
    assert build(12) != second


def test_demo_prints_logins(db: Any, var_dir: Path, capsys: Any) -> None:
    call_command("demo", "--seed", "7", "--no-linkage", "--no-front-door")
    out = capsys.readouterr().out
    logins = json.loads((var_dir / "demo-logins.json").read_text())
    assert logins[0]["email"] in out
    assert logins[0]["password"] in out
