"""Reading the free text of a contact: which CSE indicators the account asserts for the child.

`read_text(text)` proposes at most one `Proposal` per indicator code, with the phrase that
triggered it (character offsets into the text) and whether it is current or 6 to 12 months old.
It does not propose a code for negated statements ("denies going missing"), for other people
("her friend has been going missing"), for hypotheticals ("if she goes missing again") or for
what the note places more than 12 months ago; status codes (LOOKED_AFTER, DISABILITY) must be
current. `explain_text(text)` lists every match, proposed or not, with the reason, for the UI.
`screen_codes(text)` is what `safehub screen-text` writes: the sorted proposed codes.

The rules are data under rules/ (see text_rules); the engine is text_engine (spaCy 3.8 blank
English pipeline, target matching and a ConText implementation). The pipeline is built once per
process, on first use, under a lock.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from safehub.frontdoor.screening.text_engine import Engine, Hit
from safehub.frontdoor.screening.text_rules import INDICATOR_CODES

__all__ = [
    "INDICATOR_CODES",
    "Finding",
    "Proposal",
    "explain_text",
    "get_engine",
    "read_text",
    "screen_codes",
    "screen_many",
]

ProposedPeriod = Literal["current", "6_to_12_months"]


@dataclass(frozen=True)
class Proposal:
    """An indicator the text asserts for the child, and the phrase that shows it."""

    code: str  # one of INDICATOR_CODES
    phrase: str  # the exact text that triggered it: text[start:end]
    start: int
    end: int
    sentence: str
    period: ProposedPeriod


@dataclass(frozen=True)
class Finding:
    """Every match, including those not proposed, for explanation in the UI."""

    code: str
    phrase: str
    start: int
    end: int
    proposed: bool
    reason: str  # "" when proposed; else "negated", "hypothetical", "someone else", ...


_engine: Engine | None = None
_lock = threading.Lock()


def get_engine() -> Engine:
    """The process-wide engine, built on first use (thread-safe)."""
    global _engine
    engine = _engine
    if engine is None:
        with _lock:
            if _engine is None:
                _engine = Engine()
            engine = _engine
    return engine


def _today(today: dt.date | None) -> dt.date:
    return today if today is not None else dt.date.today()


def _hits(text: str, today: dt.date | None) -> tuple[list[Hit], str]:
    engine = get_engine()
    doc = engine.nlp(text)
    return engine.analyse(doc, _today(today)), text


def _proposals(text: str, sentences: list[tuple[int, int]], hits: list[Hit]) -> list[Proposal]:
    best: dict[str, Hit] = {}
    for hit in hits:
        if hit.why:
            continue
        current = best.get(hit.code)
        # First phrase per code, preferring a current one over one 6-12 months old.
        if current is None or (current.period != "current" and hit.period == "current"):
            best[hit.code] = hit
    proposals = []
    for hit in best.values():
        s, e = sentences[hit.sentence]
        period: ProposedPeriod = "current" if hit.period == "current" else "6_to_12_months"
        proposals.append(
            Proposal(
                code=hit.code,
                phrase=text[hit.start_char : hit.end_char],
                start=hit.start_char,
                end=hit.end_char,
                sentence=text[s:e].strip(),
                period=period,
            )
        )
    proposals.sort(key=lambda p: (p.start, INDICATOR_CODES.index(p.code)))
    return proposals


def read_text(text: str, *, today: dt.date | None = None) -> list[Proposal]:
    """The indicators the text asserts for the child: one per code, in text order."""
    engine = get_engine()
    doc = engine.nlp(text)
    hits = engine.analyse(doc, _today(today))
    sentences = [(s.start_char, s.end_char) for s in doc.sents]
    return _proposals(text, sentences, hits)


def explain_text(text: str, *, today: dt.date | None = None) -> list[Finding]:
    """Every indicator phrase found, proposed or not, with the reason when not."""
    hits, _ = _hits(text, today)
    return [
        Finding(
            code=hit.code,
            phrase=text[hit.start_char : hit.end_char],
            start=hit.start_char,
            end=hit.end_char,
            proposed=not hit.why,
            reason=hit.why[0] if hit.why else "",
        )
        for hit in hits
    ]


def _codes(hits: list[Hit]) -> list[str]:
    found = {hit.code for hit in hits if not hit.why}
    return [code for code in INDICATOR_CODES if code in found]


def screen_codes(text: str, *, today: dt.date | None = None) -> list[str]:
    """The sorted codes the text asserts for the child (what `safehub screen-text` writes)."""
    hits, _ = _hits(text, today)
    return _codes(hits)


def screen_many(
    texts: Iterable[str], *, today: dt.date | None = None, batch_size: int = 256
) -> Iterator[list[str]]:
    """`screen_codes` for many texts, streamed through spaCy's nlp.pipe."""
    engine = get_engine()
    day = _today(today)
    for doc in engine.docs(texts, batch_size=batch_size):
        yield _codes(engine.analyse(doc, day))
