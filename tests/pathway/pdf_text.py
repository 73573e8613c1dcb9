"""The text of a PDF as a reader sees it. The minutes embed a TrueType font, so their text is
glyph ids, not plain bytes: search the extracted text, never the bytes (an absence check on the
bytes would pass whatever the PDF says)."""

from __future__ import annotations

import io

from pypdf import PdfReader


def pdf_text(pdf: bytes) -> str:
    """All pages' text, with every run of white space (line breaks, justified gaps) as one space.
    Fails unless `pdf` is a PDF that has some text."""
    assert pdf.startswith(b"%PDF"), pdf[:20]
    reader = PdfReader(io.BytesIO(pdf), strict=True)
    text = " ".join(" ".join((page.extract_text() or "").split()) for page in reader.pages)
    assert text, "the PDF has no text"
    return text
