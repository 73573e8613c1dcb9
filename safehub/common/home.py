"""Items the apps put on a user's home page ("your work"): short counts with links.

Each app registers a function from the user to a list of `WorkItem`s (empty when the user's
roles give them nothing to do there). Counts only: no names on the home page.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class WorkItem:
    text: str
    href: str
    urgent: bool = False


_SOURCES: list[Callable[[Any], list[WorkItem]]] = []


def register(source: Callable[[Any], list[WorkItem]]) -> None:
    if source not in _SOURCES:
        _SOURCES.append(source)


def work_for(user: Any) -> list[WorkItem]:
    return [item for source in _SOURCES for item in source(user)]
