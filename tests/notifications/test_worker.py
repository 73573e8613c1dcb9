"""The database task backend and `safehub worker` run queued tasks (here: an e-mail)."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.management import call_command


@pytest.fixture
def database_backend(settings: Any) -> None:
    # django-tasks resets its backends when the setting changes (setting_changed signal).
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}
    }


@pytest.mark.django_db(transaction=True)
def test_worker_sends_queued_email(database_backend: None) -> None:
    from django_tasks_db.models import DBTaskResult

    from safehub.notifications.tasks import send_email

    result = send_email.enqueue(to=["someone@agency.example"], subject="Queued", body="Hello")
    assert mail.outbox == []
    assert DBTaskResult.objects.filter(id=result.id).exists()
    call_command("worker", "--batch", "--interval", "0")
    assert [m.subject for m in mail.outbox] == ["Queued"]
    assert DBTaskResult.objects.get(id=result.id).status == "SUCCESSFUL"
