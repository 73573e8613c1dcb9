"""What the free-text screening tests share: the day they read notes on, and the codes read."""

from __future__ import annotations

import datetime as dt

from safehub.frontdoor.screening.text import screen_codes

TODAY = dt.date(2026, 11, 29)


def codes(text: str) -> list[str]:
    return screen_codes(text, today=TODAY)
