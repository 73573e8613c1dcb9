"""Tests for safehub.frontdoor.screening.instruments: definitions, validation and the engine.

Pure Python: no database.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safehub.frontdoor.screening.instruments import (
    PERIODS,
    SHIPPED_DIR,
    TAXONOMY_CODES,
    InstrumentDefinition,
    InstrumentError,
    Period,
    definition_json_schema,
    load_shipped,
    load_shipped_version,
    screen,
    shipped_versions,
)

SHIPPED = load_shipped()
SERAF = SHIPPED["seraf"]
WM = SHIPPED["west-midlands"]

UNDER_13 = "A child under 13 with any significant indicator"
LEARNING_DISABILITY = "A child with a learning disability is never graded at the lowest level"
DISCLOSURE = "A disclosure of sexual abuse or exploitation always gives the highest level."


def codes_of(definition: InstrumentDefinition, kind: str) -> list[str]:
    """Indicator codes of one kind, leaving out DISCLOSURE (it has an override of its own)."""
    return [i.code for i in definition.indicators if i.kind == kind and i.code != "DISCLOSURE"]


def answers(
    definition: InstrumentDefinition,
    *,
    significant: int = 0,
    significant_old: int = 0,
    risk: int = 0,
    vulnerability: int = 0,
) -> dict[str, Period]:
    sig = codes_of(definition, "significant")
    assert significant + significant_old <= len(sig)
    out: dict[str, Period] = {}
    for code in sig[:significant]:
        out[code] = "current"
    for code in sig[significant : significant + significant_old]:
        out[code] = "6_to_12_months"
    for code in codes_of(definition, "risk")[:risk]:
        out[code] = "current"
    for code in codes_of(definition, "vulnerability")[:vulnerability]:
        out[code] = "current"
    return out


def has_reason(reasons: tuple[str, ...], start: str) -> bool:
    return any(reason.startswith(start) for reason in reasons)


# --- SERAF-style scoring -------------------------------------------------------------------------


def test_seraf_weights() -> None:
    for indicator in SERAF.indicators:
        if indicator.kind == "significant":
            assert (indicator.weight_current, indicator.weight_6_to_12_months) == (5, 1)
        else:
            assert (indicator.weight_current, indicator.weight_6_to_12_months) == (1, 1)


@pytest.mark.parametrize(
    ("counts", "score", "level"),
    [
        ({}, 0, "category-1-none"),
        ({"vulnerability": 1}, 1, "category-1"),
        ({"significant": 1}, 5, "category-1"),
        ({"significant": 1, "risk": 1}, 6, "category-2"),
        ({"significant_old": 5}, 5, "category-1"),
        ({"significant_old": 5, "risk": 1}, 6, "category-2"),
        ({"significant": 2}, 10, "category-2"),
        ({"significant": 2, "significant_old": 1}, 11, "category-3"),
        ({"significant": 2, "risk": 1}, 11, "category-3"),
        ({"significant": 3}, 15, "category-3"),
        ({"significant": 3, "significant_old": 1}, 16, "category-4"),
        ({"significant": 3, "vulnerability": 1}, 16, "category-4"),
        ({"significant": 6, "risk": 10, "vulnerability": 5}, 45, "category-4"),
    ],
)
def test_seraf_band_edges(counts: dict[str, int], score: int, level: str) -> None:
    result = screen(SERAF, answers(SERAF, **counts), age=15)
    assert result.score == score
    assert result.level == result.computed_level == level
    assert result.overrides == ()
    assert sum(points for _, _, points in result.breakdown) == score


def test_seraf_breakdown_lists_each_answer_with_its_points() -> None:
    result = screen(SERAF, {"MISSING": "current", "VEHICLES": "6_to_12_months"}, age=15)
    assert set(result.breakdown) == {("MISSING", "current", 5), ("VEHICLES", "6_to_12_months", 1)}
    assert result.instrument == "seraf"
    assert result.version == 1


# --- West Midlands-style rules -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("counts", "level"),
    [
        ({}, "no-indicators"),
        ({"vulnerability": 2}, "no-current-risk"),
        ({"risk": 1}, "no-current-risk"),
        ({"risk": 2, "vulnerability": 2}, "no-current-risk"),
        ({"risk": 3}, "at-risk"),
        ({"significant_old": 1}, "at-risk"),
        ({"significant_old": 2, "risk": 5}, "at-risk"),
        ({"significant": 1}, "at-risk-significant"),
        ({"significant": 1, "significant_old": 1}, "at-risk-significant"),
    ],
)
def test_west_midlands_rules(counts: dict[str, int], level: str) -> None:
    result = screen(WM, answers(WM, **counts), age=15)
    assert result.score is None
    assert result.level == result.computed_level == level
    assert result.overrides == ()


def test_west_midlands_risk_indicators_count_in_either_window() -> None:
    risk = codes_of(WM, "risk")[:3]
    mixed: dict[str, Period] = {risk[0]: "current", risk[1]: "6_to_12_months"}
    mixed[risk[2]] = "6_to_12_months"
    assert screen(WM, mixed, age=15).level == "at-risk"


def test_west_midlands_outcomes_are_the_tools_two() -> None:
    assert {level.label for level in WM.levels} == {"No current CSE risk", "At risk"}
    assert screen(WM, {}, age=15).level_label == "No current CSE risk"
    assert screen(WM, answers(WM, significant=1), age=15).level_label == "At risk"


# --- Level -> threshold level and RAG ------------------------------------------------------------


@pytest.mark.parametrize(
    ("definition", "mapping"),
    [
        (
            WM,
            [
                ("no-indicators", "No current CSE risk", 1, "green"),
                ("no-current-risk", "No current CSE risk", 2, "green"),
                ("at-risk", "At risk", 3, "amber"),
                ("at-risk-significant", "At risk", 4, "red"),
            ],
        ),
        (
            SERAF,
            [
                ("category-1-none", "Category 1", 1, "green"),
                ("category-1", "Category 1", 2, "green"),
                ("category-2", "Category 2", 3, "amber"),
                ("category-3", "Category 3", 3, "red"),
                ("category-4", "Category 4", 4, "red"),
            ],
        ),
    ],
    ids=["west-midlands", "seraf"],
)
def test_level_mapping(
    definition: InstrumentDefinition, mapping: list[tuple[str, str, int, str]]
) -> None:
    assert [(v.code, v.label, v.threshold_level, v.rag) for v in definition.levels] == mapping


@pytest.mark.parametrize(
    ("counts", "threshold", "rag"),
    [
        ({}, 1, "green"),
        ({"vulnerability": 1}, 2, "green"),
        ({"significant": 2}, 3, "amber"),
        ({"significant": 3}, 3, "red"),
        ({"significant": 4}, 4, "red"),
    ],
)
def test_result_carries_threshold_and_rag(counts: dict[str, int], threshold: int, rag: str) -> None:
    result = screen(SERAF, answers(SERAF, **counts), age=15)
    assert (result.threshold_level, result.rag) == (threshold, rag)
    level = SERAF.level(result.level)
    assert (result.level_label, result.threshold_level, result.rag) == (
        level.label,
        level.threshold_level,
        level.rag,
    )


# --- Overrides -----------------------------------------------------------------------------------


def test_seraf_under_13_with_significant_is_at_least_category_3() -> None:
    given_answers = answers(SERAF, significant=1)
    result = screen(SERAF, given_answers, age=12)
    assert result.computed_level == "category-1"
    assert result.level == "category-3"
    assert (result.threshold_level, result.rag) == (3, "red")
    assert has_reason(result.overrides, UNDER_13)
    assert result.score == 5  # the score itself is not changed


def test_seraf_under_13_with_old_significant_also_counts() -> None:
    result = screen(SERAF, answers(SERAF, significant_old=1), age=9)
    assert result.computed_level == "category-1"
    assert result.level == "category-3"


@pytest.mark.parametrize("age", [13, 14, 17, None])
def test_seraf_under_13_override_needs_a_known_age_under_13(age: int | None) -> None:
    result = screen(SERAF, answers(SERAF, significant=1), age=age)
    assert result.level == "category-1"
    assert result.overrides == ()


def test_under_13_without_significant_indicator_is_not_raised() -> None:
    result = screen(SERAF, answers(SERAF, risk=3, vulnerability=2), age=10)
    assert result.level == "category-1"
    assert result.overrides == ()
    assert screen(WM, answers(WM, risk=2), age=10).level == "no-current-risk"


def test_under_13_override_never_lowers_a_higher_level() -> None:
    result = screen(SERAF, answers(SERAF, significant=4), age=11)
    assert result.level == "category-4"
    assert not has_reason(result.overrides, UNDER_13)


def test_west_midlands_under_13_holds_at_risk() -> None:
    # Any significant indicator already gives "at risk" by the rules: the override holds it.
    result = screen(WM, answers(WM, significant_old=1), age=12)
    assert result.level == result.computed_level == "at-risk"
    assert has_reason(result.overrides, UNDER_13)
    at_13 = screen(WM, answers(WM, significant_old=1), age=13)
    assert at_13.level == "at-risk"
    assert at_13.overrides == ()
    assert screen(WM, answers(WM, significant_old=1), age=None).overrides == ()


@pytest.mark.parametrize("definition", [WM, SERAF], ids=["west-midlands", "seraf"])
def test_learning_disability_is_never_lowest(definition: InstrumentDefinition) -> None:
    lowest, second = definition.levels[0].code, definition.levels[1].code
    assert screen(definition, {}, age=15).level == lowest
    result = screen(definition, {}, age=15, learning_disability=True)
    assert result.computed_level == lowest
    assert result.level == second
    assert result.threshold_level == 2
    assert has_reason(result.overrides, LEARNING_DISABILITY)


@pytest.mark.parametrize("definition", [WM, SERAF], ids=["west-midlands", "seraf"])
def test_disability_indicator_counts_as_the_learning_disability_flag(
    definition: InstrumentDefinition,
) -> None:
    result = screen(definition, {"DISABILITY": "6_to_12_months"}, age=15)
    assert result.level == definition.levels[1].code
    assert has_reason(result.overrides, LEARNING_DISABILITY)


@pytest.mark.parametrize("definition", [WM, SERAF], ids=["west-midlands", "seraf"])
def test_learning_disability_never_lowers(definition: InstrumentDefinition) -> None:
    result = screen(
        definition, answers(definition, significant=4), age=15, learning_disability=True
    )
    assert result.level == definition.levels[-1].code
    assert not has_reason(result.overrides, LEARNING_DISABILITY)


@pytest.mark.parametrize("definition", [WM, SERAF], ids=["west-midlands", "seraf"])
@pytest.mark.parametrize("period", PERIODS)
@pytest.mark.parametrize("age", [8, 15, None])
def test_disclosure_is_the_highest_level(
    definition: InstrumentDefinition, period: Period, age: int | None
) -> None:
    result = screen(definition, {"DISCLOSURE": period}, age=age)
    highest = definition.levels[-1]
    assert result.level == highest.code
    assert (result.threshold_level, result.rag) == (highest.threshold_level, highest.rag)
    assert DISCLOSURE in result.overrides


def test_disclosure_listed_even_when_the_score_is_already_highest() -> None:
    given_answers = answers(SERAF, significant=4)
    given_answers["DISCLOSURE"] = "current"
    result = screen(SERAF, given_answers, age=15)
    assert result.computed_level == result.level == "category-4"
    assert result.overrides == (DISCLOSURE,)


def test_only_overrides_that_decide_the_level_are_listed() -> None:
    result = screen(SERAF, answers(SERAF, significant=1), age=12, learning_disability=True)
    assert result.level == "category-3"
    assert has_reason(result.overrides, UNDER_13)
    assert not has_reason(result.overrides, LEARNING_DISABILITY)


# --- Answers that do not fit ---------------------------------------------------------------------


def test_unknown_answer_codes_are_named() -> None:
    with pytest.raises(InstrumentError) as caught:
        screen(SERAF, {"MISSING": "current", "NOPE": "current", "ALSO_NOPE": "current"}, age=15)
    assert caught.value.errors == (
        "answers: unknown indicator code(s) for seraf v1: ALSO_NOPE, NOPE",
    )


def test_bad_period_and_age_are_named() -> None:
    with pytest.raises(InstrumentError) as caught:
        screen(SERAF, {"MISSING": "last week"}, age=-1)
    assert caught.value.errors == (
        "answers.MISSING: must be 'current' or '6_to_12_months', not 'last week'",
        "age: must be a whole number >= 0 or None, not -1",
    )


# --- Validation of definitions -------------------------------------------------------------------


def seraf_dict() -> dict[str, Any]:
    return copy.deepcopy(SERAF.to_dict())


def wm_dict() -> dict[str, Any]:
    return copy.deepcopy(WM.to_dict())


def errors_of(data: Any) -> tuple[str, ...]:
    with pytest.raises(InstrumentError) as caught:
        InstrumentDefinition.parse(data)
    return caught.value.errors


def test_bad_kind() -> None:
    data = seraf_dict()
    data["indicators"][2]["kind"] = "moderate"
    assert errors_of(data) == (
        "indicators[2].kind: must be one of 'significant', 'risk' or 'vulnerability'",
    )


def test_negative_weight() -> None:
    data = seraf_dict()
    data["indicators"][3]["weight_current"] = -1
    assert errors_of(data) == ("indicators[3].weight_current: must be a number >= 0",)


def test_weight_must_be_a_whole_number() -> None:
    data = seraf_dict()
    data["indicators"][0]["weight_current"] = "5"
    data["indicators"][1]["weight_6_to_12_months"] = 1.5
    assert errors_of(data) == (
        "indicators[0].weight_current: must be a whole number",
        "indicators[1].weight_6_to_12_months: must be a whole number",
    )


def test_older_answer_must_not_outweigh_current() -> None:
    data = seraf_dict()
    data["indicators"][10]["weight_6_to_12_months"] = 2
    assert errors_of(data) == (
        "indicators[10].weight_6_to_12_months: must not be more than weight_current (1)",
    )


def test_unknown_and_missing_fields() -> None:
    data = seraf_dict()
    data["indicators"][0]["weight"] = data["indicators"][0].pop("weight_current")
    del data["name"]
    assert set(errors_of(data)) == {
        "name: is required",
        "indicators[0].weight_current: is required",
        "indicators[0].weight: is not a field of this format",
    }


def test_bands_with_a_gap() -> None:
    data = seraf_dict()
    data["bands"][2]["min"] = 7
    assert errors_of(data) == ("bands[2].min: gap after bands[1] (scores 6-6 are not covered)",)


def test_bands_with_an_overlap() -> None:
    data = seraf_dict()
    data["bands"][3]["min"] = 9
    assert errors_of(data) == (
        "bands[3].min: overlaps bands[2] (scores 9-10 are in both); bands go in ascending order",
    )


def test_bands_must_start_at_zero_and_end_open() -> None:
    data = seraf_dict()
    data["bands"][0]["min"] = 1
    data["bands"][0]["max"] = 1
    data["bands"][1]["min"] = 2
    data["bands"][-1]["max"] = 99
    assert errors_of(data) == (
        "bands[0].min: the first band must start at 0 (scores 0-0 are not covered)",
        "bands[4].max: the last band must be open-ended (null) so every score has a level",
    )


def test_band_levels_must_not_go_down() -> None:
    data = seraf_dict()
    data["bands"][3]["level"] = "category-1"
    assert errors_of(data) == ("bands[3].level: a higher score must not give a lower level",)


def test_override_naming_an_unknown_level() -> None:
    data = seraf_dict()
    data["overrides"][0]["level"] = "category-5"
    assert errors_of(data) == (
        "overrides[0].level: unknown level 'category-5' (levels are category-1-none, "
        "category-1, category-2, category-3, category-4)",
    )


def test_level_if_must_name_the_highest_level() -> None:
    data = wm_dict()
    data["overrides"][2]["level"] = "at-risk"
    assert errors_of(data) == (
        "overrides[2].level: level_if sets the level outright, so it must be the highest "
        "level ('at-risk-significant'); use minimum_level_if for a floor",
    )


def test_override_condition_must_say_something() -> None:
    data = wm_dict()
    data["overrides"][0]["when"] = {}
    data["overrides"][1]["when"] = {"count_kind": "risk"}
    assert errors_of(data) == (
        "overrides[0].when: must have at least one condition",
        "overrides[1].when: count_kind and at_least must be given together",
    )


def test_condition_naming_an_unknown_indicator() -> None:
    data = wm_dict()
    data["overrides"][2]["when"] = {"indicator": "DISCLOSED"}
    assert errors_of(data) == ("overrides[2].when.indicator: unknown indicator code 'DISCLOSED'",)


def test_duplicate_indicator_code() -> None:
    data = seraf_dict()
    data["indicators"][5]["code"] = data["indicators"][0]["code"]
    missing = SERAF.indicators[5].code
    duplicate = data["indicators"][0]["code"]
    assert errors_of(data) == (
        f"indicators[5].code: duplicate code {duplicate!r} (also indicators[0])",
        f"indicators: missing taxonomy code(s): {missing}",
    )


def test_missing_taxonomy_code() -> None:
    data = seraf_dict()
    data["indicators"] = [i for i in data["indicators"] if i["code"] not in {"PHONES", "PEERS"}]
    assert errors_of(data) == ("indicators: missing taxonomy code(s): PEERS, PHONES",)


def test_extra_indicators_of_our_own_are_allowed() -> None:
    data = seraf_dict()
    data["indicators"].append(
        {
            "code": "HOMELESS",
            "label": "Homeless or sofa-surfing",
            "domain": "Home and family",
            "kind": "vulnerability",
            "weight_current": 1,
            "weight_6_to_12_months": 1,
        }
    )
    definition = InstrumentDefinition.parse(data)
    assert screen(definition, {"HOMELESS": "current"}, age=15).score == 1


def test_rules_must_go_from_highest_level_down() -> None:
    data = wm_dict()
    data["rules"].reverse()
    assert errors_of(data) == (
        "rules[1].level: 'at-risk' is higher than the rule before it ('no-current-risk'); "
        "list rules from the highest level down",
        "rules[3].level: 'at-risk-significant' is higher than the rule before it ('at-risk'); "
        "list rules from the highest level down",
    )


def test_method_needs_its_own_part() -> None:
    data = wm_dict()
    data["method"] = "bands"
    assert errors_of(data) == (
        "bands: the bands method needs at least one band",
        "rules: only used by the rules method (method is 'bands')",
    )


def test_levels_must_not_go_down_in_threshold_or_rag() -> None:
    data = seraf_dict()
    data["levels"][2]["threshold_level"] = 1
    data["levels"][4]["rag"] = "amber"
    data["levels"][0]["threshold_level"] = 5
    assert errors_of(data) == ("levels[0].threshold_level: must be a number <= 4",)
    data["levels"][0]["threshold_level"] = 1
    assert errors_of(data) == (
        "levels[2].threshold_level: must not be lower than the level below it "
        "('category-1' has 2); levels go lowest to highest",
        "levels[4].rag: must not be lower than the level below it "
        "('category-3' is red); levels go lowest to highest",
    )


def test_not_json() -> None:
    with pytest.raises(InstrumentError) as caught:
        InstrumentDefinition.from_json("{not json")
    assert caught.value.errors[0].startswith("definition: not valid JSON")


def test_not_an_object() -> None:
    assert errors_of([]) == ("definition: must be an object",)


# --- Shipped definitions and versions ------------------------------------------------------------


def test_every_shipped_file_parses() -> None:
    files = sorted(path.name for path in SHIPPED_DIR.glob("*.json"))
    assert files == ["seraf-v1.json", "west-midlands-v1.json"]
    for path in SHIPPED_DIR.glob("*.json"):
        definition = InstrumentDefinition.from_json(path.read_text(encoding="utf-8"))
        assert path.name == f"{definition.code}-v{definition.version}.json"
    assert shipped_versions() == [("seraf", 1), ("west-midlands", 1)]
    assert set(SHIPPED) == {"seraf", "west-midlands"}
    assert load_shipped_version("seraf", 1) is SERAF
    with pytest.raises(KeyError):
        load_shipped_version("seraf", 99)


@pytest.mark.parametrize("definition", [WM, SERAF], ids=["west-midlands", "seraf"])
def test_shipped_definition_content(definition: InstrumentDefinition) -> None:
    assert set(TAXONOMY_CODES) <= definition.indicator_codes()
    assert all(i.label and i.help and i.domain for i in definition.indicators)
    kinds = {i.code: i.kind for i in definition.indicators}
    for code in ("DISCLOSURE", "OLDER_PARTNER", "SEXUAL_HEALTH", "VEHICLES", "GIFTS_MONEY"):
        assert kinds[code] == "significant"
    for code in ("LOOKED_AFTER", "DISABILITY", "FAMILY_CONFLICT"):
        assert kinds[code] == "vulnerability"
    assert definition.levels[-1].threshold_level == 4


@pytest.mark.parametrize("definition", [WM, SERAF], ids=["west-midlands", "seraf"])
def test_round_trip(definition: InstrumentDefinition) -> None:
    again = InstrumentDefinition.from_json(definition.to_json())
    assert again == definition
    assert again.digest() == definition.digest()
    assert InstrumentDefinition.parse(json.loads(json.dumps(definition.to_dict()))) == definition


def test_a_new_version_scores_differently_and_old_results_keep_theirs() -> None:
    data = seraf_dict()
    data["version"] = 2
    for indicator in data["indicators"]:
        if indicator["code"] == "LOCATIONS":
            indicator["kind"] = "significant"
            indicator["weight_current"] = 5
    v2 = InstrumentDefinition.parse(data)
    assert v2.digest() != SERAF.digest()
    given_answers: dict[str, Period] = {"LOCATIONS": "current", "MISSING": "current"}
    old, new = screen(SERAF, given_answers, age=15), screen(v2, given_answers, age=15)
    assert (old.version, old.score, old.level) == (1, 6, "category-2")
    assert (new.version, new.score, new.level) == (2, 10, "category-2")


def test_json_schema_is_available() -> None:
    schema = definition_json_schema()
    assert {"code", "version", "indicators", "levels", "overrides"} <= set(schema["properties"])


def test_result_as_dict_is_json() -> None:
    result = screen(SERAF, {"DISCLOSURE": "current"}, age=12)
    data = json.loads(json.dumps(result.as_dict()))
    assert data["level"] == "category-4"
    assert data["breakdown"] == [["DISCLOSURE", "current", 5]]


# --- Properties ----------------------------------------------------------------------------------

answer_sets = st.dictionaries(
    st.sampled_from(sorted(SERAF.indicator_codes())), st.sampled_from(PERIODS)
)
ages = st.none() | st.integers(min_value=0, max_value=17)


@pytest.mark.parametrize("definition", [WM, SERAF], ids=["west-midlands", "seraf"])
@given(
    base=answer_sets,
    extra=st.sampled_from(sorted(SERAF.indicator_codes())),
    period=st.sampled_from(PERIODS),
    age=ages,
    learning_disability=st.booleans(),
)
def test_adding_an_indicator_never_lowers_the_level(
    definition: InstrumentDefinition,
    base: dict[str, Period],
    extra: str,
    period: Period,
    age: int | None,
    learning_disability: bool,
) -> None:
    assert definition.indicator_codes() == SERAF.indicator_codes()
    more = dict(base)
    # Adding a new indicator, or seeing an old one again now.
    more[extra] = "current" if extra in base else period
    before = screen(definition, base, age=age, learning_disability=learning_disability)
    after = screen(definition, more, age=age, learning_disability=learning_disability)
    assert definition.level_index(after.level) >= definition.level_index(before.level)
    assert definition.level_index(after.computed_level) >= definition.level_index(
        before.computed_level
    )
    assert after.threshold_level >= before.threshold_level
    if before.score is not None and after.score is not None:
        assert after.score >= before.score


@pytest.mark.parametrize("definition", [WM, SERAF], ids=["west-midlands", "seraf"])
@given(base=answer_sets, age=ages, learning_disability=st.booleans())
def test_overrides_never_lower_and_hard_rules_hold(
    definition: InstrumentDefinition,
    base: dict[str, Period],
    age: int | None,
    learning_disability: bool,
) -> None:
    result = screen(definition, base, age=age, learning_disability=learning_disability)
    index = definition.level_index(result.level)
    assert index >= definition.level_index(result.computed_level)
    kinds = {i.code: i.kind for i in definition.indicators}
    if "DISCLOSURE" in base:
        assert index == len(definition.levels) - 1
    if age is not None and age < 13 and any(kinds[c] == "significant" for c in base):
        assert result.threshold_level >= 3
    if learning_disability or "DISABILITY" in base:
        assert index >= 1
    if result.level != result.computed_level:
        assert result.overrides
