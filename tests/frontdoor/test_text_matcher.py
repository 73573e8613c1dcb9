"""The screening's token matcher against a brute-force reading of the same patterns.

The matcher indexes patterns by their first words, settles leading word tests and the words a
match must contain before walking the pattern, and looks alternatives up by the word at hand.
None of that may change what it finds: for each key and start, the longest match.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safehub.frontdoor.screening.text_matcher import TokenMatcher, needed_words

WORDS = ["she", "was", "not", "seen", "with", "him", "in", "a", "car"]


def _accepts(token: dict[str, Any], norm: str, num: bool) -> bool:
    test = token.get("NORM")
    if isinstance(test, str) and norm != test:
        return False
    if isinstance(test, dict) and "IN" in test and norm not in test["IN"]:
        return False
    if isinstance(test, dict) and "REGEX" in test and not re.fullmatch(test["REGEX"], norm):
        return False
    return not (token.get("LIKE_NUM") and not num)


def _ends(
    pattern: Sequence[dict[str, Any]], norms: list[str], nums: list[bool], at: int
) -> set[int]:
    """Every end of a match of `pattern` from `at`, by trying every way through it."""
    if not pattern:
        return {at}
    token, rest = pattern[0], pattern[1:]
    op = token.get("OP")
    found: set[int] = set()
    if op in ("?", "*"):
        found |= _ends(rest, norms, nums, at)
    if "ALT" in token:
        once = set().union(*(_ends(alt, norms, nums, at) for alt in token["ALT"]))
        for end in once:
            found |= _ends(rest, norms, nums, end)
        return found
    k = at
    while k < len(norms) and _accepts(token, norms[k], nums[k]):
        k += 1
        found |= _ends(rest, norms, nums, k)
        if op not in ("+", "*"):
            break
    return found


def _reference(
    patterns: dict[str, list[list[dict[str, Any]]]], norms: list[str], nums: list[bool]
) -> dict[tuple[str, int], int]:
    best: dict[tuple[str, int], int] = {}
    for key, alternatives in patterns.items():
        for pattern in alternatives:
            for start in range(len(norms)):
                ends = [e for e in _ends(pattern, norms, nums, start) if e > start]
                if ends and max(ends) > best.get((key, start), -1):
                    best[(key, start)] = max(ends)
    return best


def _found(matcher: TokenMatcher, norms: list[str], nums: list[bool], **kwargs: Any) -> dict:
    found = matcher(norms, nums, **kwargs)
    assert len(found) == len({(k, s) for k, s, _ in found}), "one match per key and start"
    return {(key, start): end for key, start, end in found}


word = st.sampled_from(WORDS)
Token = dict[str, Any]
anything: st.SearchStrategy[Token] = st.sampled_from([{}, {"OP": "?"}])
plain: st.SearchStrategy[Token] = st.one_of(
    word.map(lambda w: {"NORM": w}),
    st.lists(word, min_size=1, max_size=3).map(lambda ws: {"NORM": {"IN": ws}}),
    st.just({"NORM": {"REGEX": "s.*"}}),
    st.just({"LIKE_NUM": True}),
    st.just({}),
)


def _with_op(token: dict[str, Any], op: str | None) -> dict[str, Any]:
    return {**token, "OP": op} if op else token


operator = st.sampled_from([None, None, None, "?", "+", "*"])
simple = st.builds(_with_op, plain, operator)
alternatives = st.builds(
    lambda alts, op: _with_op({"ALT": alts}, op),
    st.lists(st.lists(simple, min_size=0, max_size=3), min_size=1, max_size=4),
    st.sampled_from([None, None, "?"]),
)
pattern = st.lists(
    st.one_of(simple, simple, alternatives, anything), min_size=1, max_size=5
).filter(lambda p: not all(t.get("OP") in ("?", "*") for t in p))
text = st.lists(st.one_of(word, st.just("12")), min_size=0, max_size=12)


def _matcher(patterns: dict[str, list[list[dict[str, Any]]]]) -> TokenMatcher | None:
    matcher = TokenMatcher()
    try:
        for key, alternatives in patterns.items():
            matcher.add(key, alternatives)
    except ValueError:
        return None  # (a pattern that can match nothing at all: refused, as the rules' loader is)
    return matcher


@settings(max_examples=400, deadline=None)
@given(st.dictionaries(st.sampled_from("ABCDE"), st.lists(pattern, min_size=1, max_size=3)), text)
def test_the_longest_match_of_each_key_at_each_start(patterns, norms):
    matcher = _matcher(patterns)
    if matcher is None:
        return
    nums = [w.isdigit() for w in norms]
    assert _found(matcher, norms, nums) == _reference(patterns, norms, nums)


@settings(max_examples=200, deadline=None)
@given(
    st.dictionaries(st.sampled_from("ABCDE"), st.lists(pattern, min_size=1, max_size=3)),
    text,
    st.integers(0, 12),
    st.integers(0, 12),
)
def test_spans_keys_and_limit_only_narrow_what_is_reported(patterns, norms, lo, width):
    matcher = _matcher(patterns)
    if matcher is None:
        return
    nums = [w.isdigit() for w in norms]
    every = _reference(patterns, norms, nums)
    spans = [(lo, lo + width)]
    assert _found(matcher, norms, nums, spans=spans) == {
        (k, s): e for (k, s), e in every.items() if lo <= s < lo + width
    }
    assert _found(matcher, norms, nums, keys={"A", "C"}) == {
        (k, s): e for (k, s), e in every.items() if k in ("A", "C")
    }
    assert _found(matcher, norms, nums, limit=lo) == {
        (k, s): e for (k, s), e in every.items() if s < lo
    }


def test_a_needed_word_at_the_far_end_of_the_longest_match():
    matcher = TokenMatcher()
    matcher.add("K", [[{"NORM": "in"}, {"OP": "?"}, {"OP": "?"}, {"NORM": "car"}]])
    norms = ["in", "a", "red", "car", "in", "blue", "car", "in", "a", "red", "van", "car"]
    assert sorted(matcher(norms, [False] * len(norms))) == [("K", 0, 4), ("K", 4, 7)]


def test_a_key_with_required_words_is_only_tried_when_the_text_has_one():
    matcher = TokenMatcher()
    matcher.add("gap", [[{"NORM": "picked"}, {"NORM": "up"}]], required=frozenset({"car"}))
    assert matcher(["picked", "up", "late"], [False] * 3) == []
    assert matcher(["picked", "up", "in", "a", "car"], [False] * 5) == [("gap", 0, 2)]
    # The words of the whole text can be given when only part of it is matched.
    assert matcher(["picked", "up"], [False] * 2, words={"picked", "up", "car"}) == [("gap", 0, 2)]


def test_needed_words_are_the_words_every_match_contains():
    in_a_car: list[Token] = [{"NORM": "in"}, {"NORM": {"IN": ["a", "the"]}}, {"NORM": "car"}]
    assert needed_words([in_a_car]) == {"in"}  # (the smallest set)
    assert needed_words([in_a_car, [{"NORM": "van", "OP": "+"}]]) == {"in", "van"}
    assert needed_words([[{"NORM": "in", "OP": "?"}, {}]]) is None


def test_alternatives_are_looked_up_by_the_word_at_hand():
    matcher = TokenMatcher()
    alts = [[{"NORM": w}, {"NORM": "car"}] for w in ("a", "the", "his")] + [[{"NORM": "cars"}]]
    matcher.add("VEHICLES", [[{"NORM": "in"}, {"ALT": alts}]])
    norms = ["in", "the", "car", "in", "cars", "in", "a", "van"]
    assert sorted(matcher(norms, [False] * len(norms))) == [
        ("VEHICLES", 0, 3),
        ("VEHICLES", 3, 5),
    ]


@pytest.mark.parametrize("bad", [[{"NORM": "x", "OP": "?"}], [{"NORM": "x", "OP": "!"}]])
def test_patterns_that_match_nothing_or_use_unknown_operators_are_refused(bad):
    with pytest.raises(ValueError):
        TokenMatcher().add("K", [bad])
