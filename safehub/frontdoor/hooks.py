"""What other apps do when the front door decides: apps register a function in their
`ready()`, and `services.contact_triage` calls each in the same transaction (so a case the
CSE pathway opens from a decision exists exactly when the decision does)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_ON_TRIAGE: list[Callable[..., Any]] = []


def on_triage(hook: Callable[..., Any]) -> None:
    """`hook(*, actor, decision)` runs after every triage decision is saved."""
    if hook not in _ON_TRIAGE:
        _ON_TRIAGE.append(hook)


def triage_decided(*, actor: Any, decision: Any) -> None:
    for hook in _ON_TRIAGE:
        hook(actor=actor, decision=decision)
