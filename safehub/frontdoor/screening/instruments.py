"""CSE screening instruments: versioned definitions (data) and a pure engine that scores them.

An instrument definition is JSON: its indicators (each mapped to one of the partnership's
stable indicator codes, with a kind and weights for the two time windows), its ordered
levels (each mapped to a threshold level 1-4 and a RAG rating), how answers become a level
(score ``bands`` or counting ``rules``), and a few hard ``overrides``. Definitions are
validated here with clear messages naming the path of each problem, e.g.
``indicators[3].weight_current: must be a number >= 0``.

Nothing here touches the database: a stored definition is handed in as a dict or JSON text,
and :func:`screen` returns a computed suggestion. The decision is always a named person's.
See docs/decisions/0007-screening-instruments.md.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Annotated, Any, Final, Literal, cast, get_args

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    ValidationError,
    model_validator,
)

Period = Literal["current", "6_to_12_months"]
Kind = Literal["significant", "risk", "vulnerability"]
Rag = Literal["green", "amber", "red"]
Method = Literal["bands", "rules"]

PERIODS: Final[tuple[Period, ...]] = get_args(Period)
KINDS: Final[tuple[Kind, ...]] = get_args(Kind)
RAG_ORDER: Final[tuple[Rag, ...]] = get_args(Rag)

SHIPPED_DIR: Final = Path(__file__).with_suffix("")
_SHIPPED_NAME = re.compile(r"^(?P<code>[a-z][a-z0-9]*(?:-[a-z0-9]+)*)-v(?P<version>[0-9]+)\.json$")

#: The partnership's stable indicator taxonomy. Every instrument must define an indicator for
#: each of these codes (with its own label, kind and weights), so that what the free-text
#: reader proposes always maps onto any instrument.
TAXONOMY: Final[Mapping[str, str]] = MappingProxyType(
    {
        "MISSING": "Missing from home or care, staying out overnight, whereabouts unknown",
        "EDUCATION": "Absent from, excluded from or not in education",
        "OLDER_PARTNER": "Relationship with an older or controlling person",
        "GIFTS_MONEY": "Unexplained money, gifts, clothes or phone credit",
        "VEHICLES": "Picked up or dropped off by unknown adults, in cars or taxis",
        "LOCATIONS": "Hotels, parties, takeaways, adults' flats, risky areas, found far from home",
        "SUBSTANCES": "Drugs or alcohol, or being given them by adults",
        "SEXUAL_HEALTH": "STIs, pregnancy, terminations, repeated emergency contraception",
        "SELF_HARM": "Self-harm, suicidal thoughts, eating disorder, despair",
        "FAMILY_CONFLICT": "Breakdown of family relationships, thrown out of home",
        "PEERS": "Friends involved in exploitation, recruiting others",
        "ONLINE": "Sexting, images shared, online contact with unknown adults, webcam",
        "PHONES": "Several phones, secretive calls, leaves after a call",
        "INJURIES": "Unexplained injuries, bruises, bites",
        "BEHAVIOUR": "Secretive, withdrawn, aggressive, sudden change in behaviour",
        "OFFENDING": "Arrests, offending, county lines",
        "DISCLOSURE": "Tells of sexual activity with an adult, assault or exploitation",
        "COERCION": "Threats, fear of someone, debts, being controlled",
        "LOOKED_AFTER": "In care or a care leaver",
        "DISABILITY": "Learning disability or special educational needs",
    }
)
TAXONOMY_CODES: Final[tuple[str, ...]] = tuple(TAXONOMY)

#: A flag named in an override condition also counts as set when this indicator is answered
#: (in either time window): the advisor may know of a learning disability only as an answer.
FLAG_INDICATORS: Final[Mapping[str, str]] = MappingProxyType({"learning_disability": "DISABILITY"})
Flag = Literal["learning_disability"]


class InstrumentError(Exception):
    """A definition, or answers given to it, are not valid. ``errors`` are ``path: message``.

    Deliberately not a ``ValueError``: raised from inside pydantic validation it propagates
    unchanged instead of being folded into a ``ValidationError``.
    """

    def __init__(self, errors: Iterable[str]) -> None:
        self.errors: tuple[str, ...] = tuple(errors)
        super().__init__("\n".join(self.errors))


# --- The definition ------------------------------------------------------------------------------

NonEmptyStr = Annotated[StrictStr, Field(min_length=1)]
Slug = Annotated[StrictStr, Field(pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")]
IndicatorCode = Annotated[StrictStr, Field(pattern=r"^[A-Z][A-Z0-9_]*$")]
Weight = Annotated[StrictInt, Field(ge=0)]
Count = Annotated[StrictInt, Field(ge=1)]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Indicator(_Model):
    code: IndicatorCode
    label: NonEmptyStr
    domain: NonEmptyStr
    kind: Kind
    weight_current: Weight
    weight_6_to_12_months: Weight
    help: StrictStr = ""

    def points(self, period: Period) -> int:
        return self.weight_current if period == "current" else self.weight_6_to_12_months


class Level(_Model):
    code: Slug
    label: NonEmptyStr
    threshold_level: Annotated[StrictInt, Field(ge=1, le=4)]
    rag: Rag
    description: StrictStr = ""


class Band(_Model):
    min: Weight
    max: Weight | None
    level: Slug


class Condition(_Model):
    """All the clauses given must hold. Indicator clauses count answers in either time window,
    or only current ones when ``period`` is ``"current"``. Every clause can only become true,
    never false, as answers are added, which keeps levels monotone."""

    any_kind: Kind | None = None
    count_kind: Kind | None = None
    at_least: Count | None = None
    count_any: Count | None = None
    indicator: IndicatorCode | None = None
    period: Literal["current"] | None = None
    age_under: Count | None = None
    flag: Flag | None = None

    @model_validator(mode="after")
    def _check_clauses(self) -> Condition:
        if (self.count_kind is None) != (self.at_least is None):
            raise ValueError("count_kind and at_least must be given together")
        indicator_clauses = (self.any_kind, self.count_kind, self.count_any, self.indicator)
        has_indicator_clause = any(c is not None for c in indicator_clauses)
        if not has_indicator_clause and self.age_under is None and self.flag is None:
            raise ValueError("must have at least one condition")
        if self.period is not None and not has_indicator_clause:
            raise ValueError("period only narrows an indicator condition, and there is none")
        return self

    def indicator_codes(self) -> tuple[str, ...]:
        return () if self.indicator is None else (self.indicator,)


class Rule(_Model):
    level: Slug
    when: Condition


class Override(_Model):
    kind: Literal["minimum_level_if", "level_if"]
    when: Condition
    level: Slug
    reason: NonEmptyStr


class InstrumentDefinition(_Model):
    """One version of a screening instrument. Immutable once used: change means a new version."""

    code: Slug
    version: Count
    name: NonEmptyStr
    description: StrictStr = ""
    indicators: Annotated[tuple[Indicator, ...], Field(min_length=1)]
    method: Method
    levels: Annotated[tuple[Level, ...], Field(min_length=2)]
    bands: tuple[Band, ...] = ()
    rules: tuple[Rule, ...] = ()
    overrides: tuple[Override, ...] = ()

    @model_validator(mode="after")
    def _check_consistency(self) -> InstrumentDefinition:
        errors = _consistency_errors(self)
        if errors:
            raise InstrumentError(errors)
        return self

    # Construction -----------------------------------------------------------------------------

    @classmethod
    def parse(cls, data: Any) -> InstrumentDefinition:
        """Validate a decoded definition; raise :class:`InstrumentError` listing every problem."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            raise InstrumentError(_describe(exc)) from None

    @classmethod
    def from_json(cls, text: str | bytes) -> InstrumentDefinition:
        try:
            data = json.loads(text)
        except ValueError as exc:
            raise InstrumentError([f"definition: not valid JSON ({exc})"]) from None
        return cls.parse(data)

    def to_dict(self) -> dict[str, Any]:
        """The definition as plain JSON-able data; ``parse(d.to_dict()) == d``."""
        return self.model_dump(mode="json")

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), indent=2, ensure_ascii=False) + "\n"

    def digest(self) -> str:
        """SHA-256 of the canonical JSON: two stored copies of one version must agree on it."""
        canonical = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()

    # Look-ups ---------------------------------------------------------------------------------

    def indicator_codes(self) -> frozenset[str]:
        return frozenset(i.code for i in self.indicators)

    def indicator(self, code: str) -> Indicator:
        for indicator in self.indicators:
            if indicator.code == code:
                return indicator
        raise KeyError(code)

    def level(self, code: str) -> Level:
        return self.levels[self.level_index(code)]

    def level_index(self, code: str) -> int:
        """Position of a level, 0 being the lowest."""
        for index, level in enumerate(self.levels):
            if level.code == code:
                return index
        raise KeyError(code)


def definition_json_schema() -> dict[str, Any]:
    """JSON Schema of the definition format (structure only; the cross-checks live in code)."""
    return InstrumentDefinition.model_json_schema()


def _consistency_errors(d: InstrumentDefinition) -> list[str]:
    errors: list[str] = []

    # Indicators: unique codes, the whole taxonomy, an old answer never outweighs a current one.
    first_seen: dict[str, int] = {}
    for i, indicator in enumerate(d.indicators):
        if indicator.code in first_seen:
            errors.append(
                f"indicators[{i}].code: duplicate code {indicator.code!r} "
                f"(also indicators[{first_seen[indicator.code]}])"
            )
        else:
            first_seen[indicator.code] = i
        if indicator.weight_6_to_12_months > indicator.weight_current:
            errors.append(
                f"indicators[{i}].weight_6_to_12_months: must not be more than weight_current "
                f"({indicator.weight_current})"
            )
    missing = [code for code in TAXONOMY_CODES if code not in first_seen]
    if missing:
        errors.append(f"indicators: missing taxonomy code(s): {', '.join(missing)}")

    # Levels: unique codes; threshold level and RAG never go down as the level goes up.
    level_at: dict[str, int] = {}
    for i, level in enumerate(d.levels):
        if level.code in level_at:
            errors.append(
                f"levels[{i}].code: duplicate code {level.code!r} "
                f"(also levels[{level_at[level.code]}])"
            )
        else:
            level_at[level.code] = i
        if i:
            previous = d.levels[i - 1]
            if level.threshold_level < previous.threshold_level:
                errors.append(
                    f"levels[{i}].threshold_level: must not be lower than the level below it "
                    f"({previous.code!r} has {previous.threshold_level}); "
                    "levels go lowest to highest"
                )
            if RAG_ORDER.index(level.rag) < RAG_ORDER.index(previous.rag):
                errors.append(
                    f"levels[{i}].rag: must not be lower than the level below it "
                    f"({previous.code!r} is {previous.rag}); levels go lowest to highest"
                )

    def check_level(path: str, code: str) -> int | None:
        if code not in level_at:
            errors.append(f"{path}: unknown level {code!r} (levels are {', '.join(level_at)})")
            return None
        return level_at[code]

    def check_condition(path: str, condition: Condition) -> None:
        for code in condition.indicator_codes():
            if code not in first_seen:
                errors.append(f"{path}.indicator: unknown indicator code {code!r}")

    # Method.
    if d.method == "bands":
        if not d.bands:
            errors.append("bands: the bands method needs at least one band")
        if d.rules:
            errors.append("rules: only used by the rules method (method is 'bands')")
        errors.extend(_band_errors(d.bands, check_level))
    else:
        if not d.rules:
            errors.append("rules: the rules method needs at least one rule")
        if d.bands:
            errors.append("bands: only used by the bands method (method is 'rules')")
        previous_rule: tuple[int, str] | None = None
        for i, rule in enumerate(d.rules):
            index = check_level(f"rules[{i}].level", rule.level)
            check_condition(f"rules[{i}].when", rule.when)
            if index is None:
                continue
            if previous_rule is not None and index > previous_rule[0]:
                errors.append(
                    f"rules[{i}].level: {rule.level!r} is higher than the rule before it "
                    f"({previous_rule[1]!r}); list rules from the highest level down"
                )
            previous_rule = (index, rule.level)

    # Overrides.
    highest = d.levels[-1].code
    for i, override in enumerate(d.overrides):
        index = check_level(f"overrides[{i}].level", override.level)
        check_condition(f"overrides[{i}].when", override.when)
        if override.kind == "level_if" and index is not None and override.level != highest:
            errors.append(
                f"overrides[{i}].level: level_if sets the level outright, so it must be the "
                f"highest level ({highest!r}); use minimum_level_if for a floor"
            )
    return errors


def _band_errors(bands: Sequence[Band], check_level: Callable[[str, str], int | None]) -> list[str]:
    errors: list[str] = []
    previous_level: int | None = None
    for i, band in enumerate(bands):
        path = f"bands[{i}]"
        if band.max is not None and band.max < band.min:
            errors.append(f"{path}.max: must not be less than min ({band.min})")
        if i == 0:
            if band.min != 0:
                errors.append(
                    f"{path}.min: the first band must start at 0 "
                    f"(scores 0-{band.min - 1} are not covered)"
                )
        else:
            before = bands[i - 1]
            if before.max is None:
                errors.append(
                    f"{path}: bands[{i - 1}] is open-ended (max null), so it must be last"
                )
            elif band.min > before.max + 1:
                errors.append(
                    f"{path}.min: gap after bands[{i - 1}] "
                    f"(scores {before.max + 1}-{band.min - 1} are not covered)"
                )
            elif band.min <= before.max:
                errors.append(
                    f"{path}.min: overlaps bands[{i - 1}] "
                    f"(scores {band.min}-{before.max} are in both); bands go in ascending order"
                )
        index = check_level(f"{path}.level", band.level)
        if index is not None:
            if previous_level is not None and index < previous_level:
                errors.append(f"{path}.level: a higher score must not give a lower level")
            previous_level = index
    if bands and bands[-1].max is not None:
        errors.append(
            f"bands[{len(bands) - 1}].max: the last band must be open-ended (null) "
            f"so every score has a level"
        )
    return errors


# Pydantic's error types in our own words.
_MESSAGES: Final[Mapping[str, str]] = MappingProxyType(
    {
        "missing": "is required",
        "extra_forbidden": "is not a field of this format",
        "int_type": "must be a whole number",
        "string_type": "must be text",
        "bool_type": "must be true or false",
        "tuple_type": "must be a list",
        "model_type": "must be an object",
        "model_attributes_type": "must be an object",
        "dict_type": "must be an object",
        "greater_than_equal": "must be a number >= {ge}",
        "less_than_equal": "must be a number <= {le}",
        "literal_error": "must be one of {expected}",
        "string_too_short": "must not be empty",
        "string_pattern_mismatch": "must match the pattern {pattern}",
        "too_short": "must have at least {min_length} item(s)",
    }
)


def _path(loc: Sequence[int | str]) -> str:
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out or "definition"


def _describe(exc: ValidationError) -> list[str]:
    lines = []
    for error in exc.errors(include_url=False):
        template = _MESSAGES.get(error["type"])
        ctx = error.get("ctx", {})
        if template is not None:
            message = template.format(**ctx)
        elif error["type"] == "value_error":
            message = str(ctx.get("error", error["msg"]))
        else:
            message = error["msg"][:1].lower() + error["msg"][1:]
        lines.append(f"{_path(error['loc'])}: {message}")
    return lines


# --- Shipped definitions -------------------------------------------------------------------------


@cache
def _all_shipped() -> Mapping[tuple[str, int], InstrumentDefinition]:
    found: dict[tuple[str, int], InstrumentDefinition] = {}
    for path in sorted(SHIPPED_DIR.glob("*.json")):
        match = _SHIPPED_NAME.match(path.name)
        if match is None:
            raise InstrumentError([f"{path.name}: shipped files are named <code>-v<version>.json"])
        try:
            definition = InstrumentDefinition.from_json(path.read_text(encoding="utf-8"))
        except InstrumentError as exc:
            raise InstrumentError(f"{path.name}: {line}" for line in exc.errors) from None
        key = (match["code"], int(match["version"]))
        if key != (definition.code, definition.version):
            raise InstrumentError(
                [
                    f"{path.name}: holds {definition.code} v{definition.version}, "
                    f"not the {key[0]} v{key[1]} its name says"
                ]
            )
        found[key] = definition
    return MappingProxyType(found)


def shipped_versions() -> list[tuple[str, int]]:
    """Every shipped (code, version), sorted."""
    return sorted(_all_shipped())


def load_shipped_version(code: str, version: int) -> InstrumentDefinition:
    try:
        return _all_shipped()[(code, version)]
    except KeyError:
        raise KeyError(f"no shipped instrument {code} v{version}") from None


def load_shipped() -> dict[str, InstrumentDefinition]:
    """Code -> the latest shipped version of each instrument."""
    latest: dict[str, InstrumentDefinition] = {}
    for (code, _version), definition in sorted(_all_shipped().items()):
        latest[code] = definition
    return latest


# --- The engine ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScreeningResult:
    """The computed suggestion. A named person records the decision and may depart from it."""

    instrument: str
    version: int
    score: int | None  # None for the rules method
    level: str  # after overrides
    level_label: str
    computed_level: str  # before overrides
    threshold_level: int  # 1 universal, 2 early help, 3 complex, 4 acute
    rag: str
    overrides: tuple[str, ...]  # reasons of the overrides that raised or held the level
    breakdown: tuple[tuple[str, str, int], ...]  # (indicator code, period, points)

    def as_dict(self) -> dict[str, Any]:
        return {
            "instrument": self.instrument,
            "version": self.version,
            "score": self.score,
            "level": self.level,
            "level_label": self.level_label,
            "computed_level": self.computed_level,
            "threshold_level": self.threshold_level,
            "rag": self.rag,
            "overrides": list(self.overrides),
            "breakdown": [list(row) for row in self.breakdown],
        }


def screen(
    definition: InstrumentDefinition,
    answers: Mapping[str, str],
    *,
    age: int | None,
    learning_disability: bool = False,
) -> ScreeningResult:
    """Score ``answers`` (indicator code -> time window, a :data:`Period`) with one version of
    an instrument. Unknown codes or periods raise :class:`InstrumentError` naming them.

    ``age`` is the child's age in whole years at the time of the contact; when it is not known
    (None) an override that depends on age cannot apply.
    """
    errors: list[str] = []
    known = definition.indicator_codes()
    unknown = sorted(code for code in answers if code not in known)
    if unknown:
        errors.append(
            f"answers: unknown indicator code(s) for {definition.code} v{definition.version}: "
            f"{', '.join(unknown)}"
        )
    for code, period in answers.items():
        if period not in PERIODS:
            errors.append(f"answers.{code}: must be 'current' or '6_to_12_months', not {period!r}")
    if age is not None and (isinstance(age, bool) or not isinstance(age, int) or age < 0):
        errors.append(f"age: must be a whole number >= 0 or None, not {age!r}")
    if errors:
        raise InstrumentError(errors)
    given = cast(Mapping[str, Period], answers)

    breakdown = tuple(
        (indicator.code, given[indicator.code], indicator.points(given[indicator.code]))
        for indicator in definition.indicators
        if indicator.code in given
    )
    kinds = {indicator.code: indicator.kind for indicator in definition.indicators}
    facts = _Facts(answers=given, kinds=kinds, age=age, learning_disability=learning_disability)

    score: int | None
    if definition.method == "bands":
        score = sum(points for _, _, points in breakdown)
        computed = next(
            band.level
            for band in definition.bands
            if band.min <= score and (band.max is None or score <= band.max)
        )
    else:
        score = None
        computed = next(
            (rule.level for rule in definition.rules if facts.holds(rule.when)),
            definition.levels[0].code,
        )

    applying = [o for o in definition.overrides if facts.holds(o.when)]
    final = max(
        [definition.level_index(computed)] + [definition.level_index(o.level) for o in applying],
    )
    reasons = tuple(o.reason for o in applying if definition.level_index(o.level) == final)
    level = definition.levels[final]
    return ScreeningResult(
        instrument=definition.code,
        version=definition.version,
        score=score,
        level=level.code,
        level_label=level.label,
        computed_level=computed,
        threshold_level=level.threshold_level,
        rag=level.rag,
        overrides=reasons,
        breakdown=breakdown,
    )


@dataclass(frozen=True)
class _Facts:
    answers: Mapping[str, Period]
    kinds: Mapping[str, Kind]
    age: int | None
    learning_disability: bool

    def holds(self, condition: Condition) -> bool:
        answered = [
            code
            for code, period in self.answers.items()
            if condition.period is None or period == condition.period
        ]
        by_kind = [self.kinds[code] for code in answered]
        checks: list[bool] = []
        if condition.any_kind is not None:
            checks.append(condition.any_kind in by_kind)
        if condition.count_kind is not None and condition.at_least is not None:
            checks.append(by_kind.count(condition.count_kind) >= condition.at_least)
        if condition.count_any is not None:
            checks.append(len(answered) >= condition.count_any)
        if condition.indicator is not None:
            checks.append(condition.indicator in answered)
        if condition.age_under is not None:
            checks.append(self.age is not None and self.age < condition.age_under)
        if condition.flag is not None:
            checks.append(self.flag(condition.flag))
        return all(checks)

    def flag(self, name: Flag) -> bool:
        if name == "learning_disability" and self.learning_disability:
            return True
        return FLAG_INDICATORS.get(name) in self.answers
