"""The risk panel's minutes, as one viewer may read them: the printable page's data and the
PDF (fpdf2). Both come from `minutes_for_user`, so the page and the PDF always hold the same
things, and a police intelligence summary appears in neither for someone who may not see it
(they read "shared with the panel, held by police" instead)."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.utils import timezone
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from safehub.pathway.models import PanelAttendance, PanelInputKind, RiskPanel
from safehub.pathway.selectors import AgendaEntry, panel_agenda_for_user

POLICE_WITHHELD = "Police intelligence summary: shared with the panel, held by police"
MARKING = "OFFICIAL-SENSITIVE: contains personal data about children"


@dataclass
class Minutes:
    panel: RiskPanel
    attended: list[PanelAttendance]
    absent: list[PanelAttendance]
    entries: list[AgendaEntry]

    @property
    def case_ids(self) -> list[int]:
        return [e.item.case_id for e in self.entries]

    @property
    def police_intelligence_shown(self) -> bool:
        return any(
            i.kind == PanelInputKind.POLICE_INTELLIGENCE for e in self.entries for i in e.inputs
        )


def minutes_for_user(*, user: Any, panel: RiskPanel) -> Minutes:
    """The minutes of a held panel: its attendance and the decisions on the cases the viewer
    may see (a practitioner reads only their own and their team's)."""
    attendance = list(panel.attendance.select_related("agency"))
    return Minutes(
        panel=panel,
        attended=[a for a in attendance if a.attended],
        absent=[a for a in attendance if not a.attended],
        entries=[e for e in panel_agenda_for_user(user=user, panel=panel) if e.full],
    )


# The PDF embeds DejaVu Sans (vendored in fonts/, see its LICENSE), which covers Latin Extended,
# Greek, Cyrillic, Vietnamese and typographic punctuation, so names print as typed. Characters it
# lacks (CJK, for instance) are drawn as its missing-glyph box; the printable page has them in full.
FONT = "DejaVuSans"
_FONT_DIR = Path(__file__).resolve().parent / "fonts"
_FONT_FILES = {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}


class _NoNameInLogs(logging.Filter):
    """fpdf2 logs the characters a font lacks; in the minutes they come from people's names, so
    the log says only that some were missing."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str) and record.msg.startswith(
            "Font %s is missing the following glyphs"
        ):
            record.msg = "Font %s is missing the glyphs of some characters (drawn as boxes)"
            record.args = record.args[:1] if isinstance(record.args, tuple) else None
        return True


logging.getLogger("fpdf.output").addFilter(_NoNameInLogs())


class _MinutesPDF(FPDF):
    def __init__(self) -> None:
        super().__init__(format="A4")
        for style, fname in _FONT_FILES.items():
            self.add_font(FONT, style=style, fname=_FONT_DIR / fname)

    def header(self) -> None:
        self.set_font(FONT, style="B", size=8)
        self.cell(0, 5, MARKING, align="C", new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, size=8)
        self.cell(0, 5, f"Page {self.page_no()} of {{nb}}", align="C")


def minutes_pdf(minutes: Minutes) -> bytes:
    """The minutes as a PDF (A4), in the embedded DejaVu Sans (a subset: only the glyphs used).
    Uncompressed, so it stays inspectable; its text is in the font's glyph ids, so read it back
    with a PDF text extractor (the tests use pypdf), not by searching the bytes."""
    panel = minutes.panel
    pdf = _MinutesPDF()
    pdf.set_compression(False)
    pdf.set_title(f"Risk panel minutes, {panel.held_on:%d %B %Y}")
    pdf.set_author("safehub")
    pdf.set_auto_page_break(auto=True, margin=18)
    pdf.add_page()

    def heading(text: str, size: int = 13) -> None:
        pdf.set_font(FONT, style="B", size=size)
        pdf.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)

    def line(text: str, *, bold_label: str = "") -> None:
        if bold_label:
            pdf.set_font(FONT, style="B", size=10)
            pdf.multi_cell(0, 5, bold_label, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.set_font(FONT, size=10)
        pdf.multi_cell(0, 5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        pdf.ln(1)

    heading("Multi-agency risk panel: minutes", 16)
    line(f"{panel.held_on:%d %B %Y}" + (f", {panel.location}" if panel.location else ""))
    line(panel.chair.full_name, bold_label="Chair")
    heading("Attendance")
    line(
        "; ".join(f"{a.agency.name} ({a.representative})" for a in minutes.attended) or "None",
        bold_label="Attended",
    )
    line(
        "; ".join(f"{a.agency.name}: {a.absence_reason}" for a in minutes.absent) or "None",
        bold_label="Absent",
    )
    for entry in minutes.entries:
        item, case = entry.item, entry.item.case
        pdf.ln(2)
        heading(f"{item.position}. {case.reference}: {case.child.display_name}")
        line(
            case.practitioner.full_name if case.practitioner else "Not allocated",
            bold_label="Practitioner",
        )
        for panel_input in entry.inputs:
            line(
                panel_input.text,
                bold_label=f"{panel_input.get_kind_display()} ({panel_input.agency.name}, "
                f"{panel_input.author.full_name}, {timezone.localtime(panel_input.at):%d %b %Y})",
            )
        if entry.police_intelligence_withheld:
            line(POLICE_WITHHELD)
        if not entry.inputs and not entry.police_intelligence_withheld:
            line("No information was sent before the panel.", bold_label="Information")
        if item.is_decided:
            line(item.get_grade_display(), bold_label="Grade")
            line(item.rationale, bold_label="Rationale")
        else:
            line("No decision recorded.", bold_label="Grade")
        if entry.actions:
            line(
                "\n".join(
                    f"- {a.owning_agency.name}: {a.what} (due by {a.due_on:%d %b %Y})"
                    for a in entry.actions
                ),
                bold_label="Actions",
            )
    pdf.ln(2)
    recorded = panel.recorded_by.full_name if panel.recorded_by else ""
    if panel.held_at:
        line(f"Recorded by {recorded} on {timezone.localtime(panel.held_at):%d %B %Y}.")
    return bytes(pdf.output())
