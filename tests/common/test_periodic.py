from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from safehub.common import periodic


@pytest.mark.django_db
def test_chase_command_runs_every_chaser() -> None:
    out = StringIO()
    call_command("chase", stdout=out)
    assert "alerts escalated: 0" in out.getvalue()


def test_a_failing_chaser_does_not_stop_the_others(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    def broken() -> int:
        raise RuntimeError("boom")

    def fine() -> int:
        calls.append("fine")
        return 1

    monkeypatch.setattr(periodic, "CHASERS", {"broken": broken, "fine": fine})
    results = periodic.run_chasers()
    assert results == {"broken": "failed", "fine": 1}
    assert calls == ["fine"]
