"""CSV that is safe to open in a spreadsheet."""

from __future__ import annotations

_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_cell(value: object) -> str:
    """A cell as text, with a leading apostrophe where a spreadsheet would otherwise read it
    as a formula (CSV injection: free text in our records is typed by many people)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_STARTS) else text
