"""Each indicator's rules live in rules/indicators/<CODE>.json (safehub.frontdoor.screening)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from safehub.frontdoor.screening import text_rules
from safehub.frontdoor.screening.text_rules import INDICATOR_CODES, RuleError, load_rules


def test_every_indicator_has_its_own_rules_file() -> None:
    folder = text_rules.RULES_DIR / "indicators"
    names = {path.stem for path in folder.glob("*.json")}
    assert set(INDICATOR_CODES) <= names
    rules = load_rules()
    assert {rule.code for rule in rules.targets} >= set(INDICATOR_CODES)


def _folder(tmp_path: Path, files: dict[str, object]) -> Path:
    (tmp_path / "indicators").mkdir()
    for name, data in files.items():
        (tmp_path / "indicators" / name).write_text(json.dumps(data), encoding="utf-8")
    return tmp_path


def test_a_code_file_adds_to_the_settings(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    rule = {"literal": "ran off", "pattern": "ran off"}
    blocker = "ran off with the ball"
    folder = _folder(
        tmp_path, {"MISSING.json": {"code": "MISSING", "targets": [rule], "blockers": [blocker]}}
    )
    monkeypatch.setattr(text_rules, "RULES_DIR", folder)
    merged = text_rules._with_indicator_files({"targets": {"MISSING": [{"pattern": "absconded"}]}})
    assert merged["targets"]["MISSING"] == [{"pattern": "absconded"}, rule]
    assert merged["blockers"] == {"MISSING": [blocker]}


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("MISSING.json", {"code": "EDUCATION", "targets": []}, "'code' must be 'MISSING'"),
        ("MISSING.json", {"code": "MISSING", "rules": []}, "unknown keys ['rules']"),
        ("MISSING.json", {"code": "MISSING", "targets": {"a": 1}}, "targets must be a list"),
    ],
)
def test_a_malformed_code_file_is_refused(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, name: str, data: object, message: str
) -> None:
    monkeypatch.setattr(text_rules, "RULES_DIR", _folder(tmp_path, {name: data}))
    with pytest.raises(RuleError, match=message.replace("[", r"\[").replace("]", r"\]")):
        text_rules._with_indicator_files({})


def test_a_regex_in_a_group_keeps_its_own_alternatives() -> None:
    patterns = text_rules.compile_patterns("after [/(?!party$|school$).+/|so]", {})
    (tokens,) = patterns
    choices = tokens[1]["ALT"]
    assert {"NORM": {"REGEX": "^(?:(?!party$|school$).+)$"}} in [c[0] for c in choices]
    # A bare "/" between alternatives is still the slash itself.
    (tokens,) = text_rules.compile_patterns("sti [and|/|or] hiv", {})
    assert tokens[1] == {"NORM": {"IN": ["and", "/", "or"]}}


@pytest.mark.parametrize("pattern", ["[picked|dropped]+ up", "[a|b c]* car"])
def test_a_group_with_a_repeat_operator_is_refused(pattern: str) -> None:
    # (the matcher has no repeated groups: such a rule used to match a literal "+" or "*")
    with pytest.raises(RuleError, match="only '\\?'"):
        text_rules.compile_patterns(pattern, {})
