"""Sections other apps add to the person page (contacts, missing episodes, later cases).

The person index does not know about the apps built on it: each registers a panel, a function
that returns the panel's context for a viewer and a person (already scoped to what the viewer
may see), or None to show nothing, and the template that renders it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Panel:
    template: str
    context: Callable[[Any, Any], dict[str, Any] | None]
    order: int = 100


_PANELS: list[Panel] = []


def register(panel: Panel) -> None:
    if panel not in _PANELS:
        _PANELS.append(panel)
        _PANELS.sort(key=lambda p: p.order)


def panels_for(user: Any, person: Any) -> list[dict[str, Any]]:
    shown = []
    for panel in _PANELS:
        context = panel.context(user, person)
        if context is not None:
            shown.append({"template": panel.template, "context": context})
    return shown
