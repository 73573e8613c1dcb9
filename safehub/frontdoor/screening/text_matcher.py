"""A token-pattern matcher over token NORMs, indexed by the first token.

The patterns are spaCy Matcher token patterns restricted to what the screening rules use:
NORM equal to a string or IN a list, NORM REGEX, LIKE_NUM, an empty dict (any token), and the
operators "?", "+" and "*". spaCy's Matcher tries every pattern at every token, so its cost
grows with the number of patterns (thousands once alternatives are spelled out: about 28 ms a
note here); this matcher only tries the patterns whose first token can be the token at hand,
which keeps a note under a millisecond. At each start it reports the longest match of each key.
"""

from __future__ import annotations

import re
from collections.abc import Container, Hashable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any


@dataclass(frozen=True)
class _Token:
    words: frozenset[str] | None  # None: not a word test
    regex: re.Pattern[str] | None
    number: bool
    optional: bool
    repeat: bool
    alts: tuple[tuple[_Token, ...], ...] | None = None  # alternative token sequences
    # For each alternative: the words it can start with (None: any token, or it may be empty).
    alt_firsts: tuple[frozenset[str] | None, ...] = ()
    # The alternatives that can start at a given word (with the words of those that are one
    # plain word test, settled without recursion), and those that can start at any token.
    alt_at: dict[str, tuple[_Alt, ...]] = field(default_factory=dict, compare=False)
    alt_open: tuple[_Alt, ...] = field(default=(), compare=False)

    def accepts(self, norm: str, like_num: bool) -> bool:
        if self.words is not None:
            return norm in self.words
        if self.regex is not None:
            return self.regex.fullmatch(norm) is not None
        if self.number:
            return like_num
        return True


# An alternative token sequence, and its words when it is one plain word test (else None).
_Alt = tuple[tuple[_Token, ...], frozenset[str] | None]


def _alt_tables(
    alts: tuple[tuple[_Token, ...], ...], firsts: Sequence[frozenset[str] | None]
) -> tuple[dict[str, tuple[_Alt, ...]], tuple[_Alt, ...]]:
    """For each word, the alternatives that can start there (in order), and the alternatives
    that can start anywhere."""
    entries: list[tuple[_Alt, frozenset[str] | None]] = []
    for alt, first in zip(alts, firsts, strict=True):
        plain = len(alt) == 1 and _plain(alt[0])
        entries.append(((alt, alt[0].words if plain else None), first))
    words = set().union(*(first for _, first in entries if first is not None))
    at = {
        word: tuple(a for a, first in entries if first is None or word in first) for word in words
    }
    return at, tuple(a for a, first in entries if first is None)


def _compile(token: dict[str, Any]) -> _Token:
    op = token.get("OP")
    if op not in (None, "?", "+", "*"):
        raise ValueError(f"unsupported operator {op!r}")
    if "ALT" in token:
        alts = tuple(tuple(_compile(t) for t in seq) for seq in token["ALT"])
        firsts: list[frozenset[str] | None] = []
        for alt in alts:
            starts, anywhere = _first_words(alt)
            empty = not alt or all(t.optional for t in alt)
            firsts.append(None if anywhere or empty else frozenset(starts))
        at, anywhere_alts = _alt_tables(alts, firsts)
        return _Token(
            None, None, False, op in ("?", "*"), False, alts, tuple(firsts), at, anywhere_alts
        )
    words: frozenset[str] | None = None
    regex: re.Pattern[str] | None = None
    norm = token.get("NORM")
    if isinstance(norm, str):
        words = frozenset({norm})
    elif isinstance(norm, dict) and "IN" in norm:
        words = frozenset(norm["IN"])
    elif isinstance(norm, dict) and "REGEX" in norm:
        regex = re.compile(norm["REGEX"])
    elif norm is not None:
        raise ValueError(f"unsupported NORM test {norm!r}")
    extra = set(token) - {"NORM", "OP", "LIKE_NUM", "ALT"}
    if extra:
        raise ValueError(f"unsupported token attributes {sorted(extra)}")
    return _Token(
        words=words,
        regex=regex,
        number=bool(token.get("LIKE_NUM")),
        optional=op in ("?", "*"),
        repeat=op in ("+", "*"),
    )


# (key, the tokens left to match, how many leading tokens the index lookup has already matched,
# the words the next token must be - None when any token may be -, whether that word test was
# the next token itself, now consumed: 1, or only the first words of the tokens left: 0,
# the words each of the plain word tokens after it must be, in order (also consumed),
# the words the tokens left after those must start with - None when any token may, or none is
# needed -, words one of which must be somewhere in the text for the rest to match - None: no
# such -, and words one of which the whole text must contain for a match of the key to be of any
# use to the caller - None: no such; see TokenMatcher.add)
Entry = tuple[
    Hashable,
    tuple["_Token", ...],
    int,
    frozenset[str] | None,
    int,
    tuple[frozenset[str], ...],
    frozenset[str] | None,
    tuple[frozenset[str], ...],
    int | None,
    frozenset[str] | None,
]


def _required_sets(tokens: Sequence[_Token]) -> list[frozenset[str]]:
    """For each required token that is a word test, or a required set of alternatives that each
    start with known words: the words one of which a match must contain there."""
    found: list[frozenset[str]] = []
    for token in tokens:
        if token.optional:
            continue
        if token.alts is not None:
            words: set[str] = set()
            for alt in token.alts:
                starts, anywhere = _first_words(alt)
                if anywhere or not alt or all(t.optional for t in alt):
                    break
                words |= starts
            else:
                found.append(frozenset(words))
        elif token.words is not None:
            found.append(token.words)
    return found


def _needed(tokens: Sequence[_Token]) -> frozenset[str] | None:
    """The smallest set of words one of which a match of `tokens` must contain, or None."""
    return min(_required_sets(tokens), key=len, default=None)


def _needs(tokens: Sequence[_Token]) -> tuple[tuple[frozenset[str], ...], int | None]:
    """Every set of words one of which a match of `tokens` must contain (smallest first: tested
    against the text's words, they skip most entries that cannot match), and the most tokens a
    match can span (None: no limit), within which each set must have a word."""
    return tuple(sorted(set(_required_sets(tokens)), key=len)), _longest(tokens)


def _longest(tokens: Sequence[_Token]) -> int | None:
    """The most tokens a match of `tokens` can span, or None when a token repeats."""
    total = 0
    for token in tokens:
        if token.repeat:
            return None
        if token.alts is not None:
            longest = [_longest(alt) for alt in token.alts]
            if any(x is None for x in longest):
                return None
            total += max((x for x in longest if x is not None), default=0)
        else:
            total += 1
    return total


def needed_words(patterns: Sequence[Sequence[dict[str, Any]]]) -> frozenset[str] | None:
    """Words one of which every match of any of `patterns` contains, or None."""
    words: set[str] = set()
    for pattern in patterns:
        needed = _needed(tuple(_compile(t) for t in pattern))
        if needed is None:
            return None
        words |= needed
    return frozenset(words)


def _plain(token: _Token) -> bool:
    """Whether the token is one required word test (it matches exactly one token)."""
    return (
        token.alts is None and not token.optional and not token.repeat and token.words is not None
    )


def _entry(
    key: Hashable, tokens: tuple[_Token, ...], skip: int, required: frozenset[str] | None
) -> Entry:
    """An index entry. Leading plain word tokens are settled by word tests in the loop (most
    entries that pass the first test fail at the next), and the tokens left after them by the
    words they must start with, before the (costlier) call to _ends."""
    plain = 0
    while plain < len(tokens) and _plain(tokens[plain]):
        plain += 1
    if plain:
        tests = tuple(t.words for t in tokens[:plain] if t.words is not None)
        rest = tokens[plain:]
        words, anywhere = _first_words(rest)
        gate = None if anywhere or not rest else frozenset(words)
        return (key, rest, skip, tests[0], 1, tests[1:], gate, *_needs(rest), required)
    words, anywhere = _first_words(tokens)
    head = None if anywhere else frozenset(words)
    return (key, tokens, skip, head, 0, (), None, *_needs(tokens), required)


class TokenMatcher:
    """add(key, token patterns); call with the NORMs (and LIKE_NUM flags) of a doc."""

    def __init__(self) -> None:
        self._index: dict[str, list[Entry]] = {}  # by the first word
        self._pairs: dict[tuple[str, str], list[Entry]] = {}  # by the first two words
        self._anywhere: list[Entry] = []
        self.size = 0

    def add(
        self,
        key: Hashable,
        patterns: Sequence[Sequence[dict[str, Any]]],
        required: frozenset[str] | None = None,
    ) -> None:
        """With `required`, matches of the key are only reported for texts that contain one of
        those words (the caller knows they are of no use otherwise: a segment of a gapped
        phrase whose other segments cannot match), which saves trying them at all."""
        for pattern in patterns:
            tokens = tuple(_compile(t) for t in pattern)
            if not tokens or all(t.optional for t in tokens):
                raise ValueError(f"pattern matches nothing or anything: {pattern!r}")
            self.size += 1
            for words, variant in _variants(tokens):
                second = _second_words(variant)
                if words is None:
                    self._anywhere.append(_entry(key, variant, 0, required))
                elif second is not None and len(words) * len(second) <= 20_000:
                    # Both words are looked up, so matching resumes after them.
                    entry = _entry(key, variant[2:], 2, required)
                    for first in words:
                        for word in second:
                            self._pairs.setdefault((first, word), []).append(entry)
                elif not variant[0].repeat and (following := _following_words(variant)):
                    # The words the rest must start with (through optional tokens and
                    # alternatives) also narrow the lookup to word pairs.
                    entry = _entry(key, variant[1:], 1, required)
                    for first in words:
                        for word in following:
                            self._pairs.setdefault((first, word), []).append(entry)
                else:
                    skip = 0 if variant[0].repeat else 1
                    entry = _entry(key, variant[skip:], skip, required)
                    for word in words:
                        self._index.setdefault(word, []).append(entry)

    def __call__(
        self,
        norms: Sequence[str],
        nums: Sequence[bool],
        limit: int | None = None,
        words: set[str] | None = None,
        keys: Container[Hashable] | None = None,
        spans: Iterable[tuple[int, int]] | None = None,
    ) -> list[tuple[Hashable, int, int]]:
        """Matches (key, start, end); with `limit`, only those starting before it. `words`: the
        words of the whole text when `norms` is only part of it (for the `required` test of
        add; by default the set of `norms`). `keys`: only the matches of these keys (the rest
        are not tried). `spans`: only the matches starting in these ranges of positions (they
        may end beyond them)."""
        found: dict[tuple[Hashable, int], int] = {}
        index, pairs, anywhere = self._index, self._pairs, self._anywhere
        n = len(norms)
        stop = n if limit is None else min(n, limit)
        present = set(norms) if words is None else words
        starts: Iterable[int] = range(stop)
        if spans is not None:
            starts = [i for lo, hi in spans for i in range(lo, min(hi, stop))]
        # Each position's entries by its word and by its word pair, looked up in one pass (map
        # and pairwise run in C).
        by_word = list(map(index.get, norms))
        by_pair = list(map(pairs.get, pairwise(norms)))
        for i in starts:
            group = by_word[i]
            if i < n - 1:
                paired = by_pair[i]
                if paired:
                    group = [*group, *paired] if group else paired
            if group:
                for (
                    key,
                    tokens,
                    skip,
                    head,
                    used,
                    more,
                    gate,
                    needs,
                    span,
                    required,
                ) in group:  # (hot)
                    at = i + skip
                    if head is not None and (at >= n or norms[at] not in head):
                        continue
                    if keys is not None and key not in keys:
                        continue
                    if required is not None and required.isdisjoint(present):
                        continue
                    at += used
                    if more:
                        for test in more:
                            if at >= n or norms[at] not in test:
                                at = -1
                                break
                            at += 1
                        if at < 0:
                            continue
                    if gate is not None and (at >= n or norms[at] not in gate):
                        continue
                    if needs:
                        # Each required word test must find its word within reach of here (for a
                        # match of bounded length), or at least in the text.
                        window = norms[at : at + span] if span is not None else present
                        for test in needs:
                            if test.isdisjoint(window):
                                at = -1
                                break
                        if at < 0:
                            continue
                    if tokens:
                        ends = _ends(tokens, norms, nums, {at})
                        if not ends:
                            continue
                        at = max(ends)
                    if at > i:
                        where = (key, i)
                        if at > found.get(where, -1):
                            found[where] = at
        for key, tokens, skip, _head, _used, _more, _gate, needs, _span, required in anywhere:
            if keys is not None and key not in keys:
                continue
            # (patterns that can start with any token: tried at every position)
            if any(test.isdisjoint(present) for test in needs):
                continue
            if required is not None and required.isdisjoint(present):
                continue
            first = tokens[0]
            positions: Iterable[int] = starts
            if first.alts is None and not first.optional:
                # Only where the first token can be (a word test settled once per word).
                good = {w for w in present if first.accepts(w, False)}
                positions = [i for i in starts if norms[i] in good or (nums[i] and first.number)]
            for i in positions:
                ends = _ends(tokens, norms, nums, {i + skip})
                if ends:
                    end = max(ends)
                    if end > i and end > found.get((key, i), -1):
                        found[(key, i)] = end
        return [(key, start, end) for (key, start), end in found.items()]


def _first_words(tokens: Sequence[_Token]) -> tuple[set[str], bool]:
    """The words a match can start with, and whether it can start with any token."""
    firsts: set[str] = set()
    for token in tokens:
        if token.alts is not None:
            can_skip = token.optional
            for alt in token.alts:
                words, anywhere = _first_words(alt)
                if anywhere:
                    return firsts, True
                firsts |= words
                if not alt or all(t.optional for t in alt):
                    can_skip = True
            if not can_skip:
                return firsts, False
            continue
        if token.words is None:
            return firsts, True
        firsts |= token.words
        if not token.optional:
            return firsts, False
    return firsts, True


def _ends(
    tokens: Sequence[_Token], norms: Sequence[str], nums: Sequence[bool], starts: set[int]
) -> set[int]:
    """Every position where `tokens` can end, starting from any of `starts`."""
    n = len(norms)
    ends = starts
    for token in tokens:
        reached: set[int] = set()
        if token.optional:
            reached |= ends
        if token.alts is not None:
            if len(ends) == 1:
                # Only the alternatives that can start at the word there.
                single = next(iter(ends))
                if single < n:
                    candidates = token.alt_at.get(norms[single], token.alt_open)
                else:
                    candidates = token.alt_open
                for alt, single_word in candidates:
                    if single_word is not None:
                        # One plain word test: no recursion needed.
                        if single < n and norms[single] in single_word:
                            reached.add(single + 1)
                        continue
                    reached |= _ends(alt, norms, nums, ends)
            else:
                # The words at the ends rule out alternatives that cannot start there.
                at_words = {norms[e] for e in ends if e < n}
                for alt, first in zip(token.alts, token.alt_firsts, strict=True):
                    if first is not None and first.isdisjoint(at_words):
                        continue  # cannot start here
                    reached |= _ends(alt, norms, nums, ends)
        elif token.words is not None:
            words = token.words
            for end in ends:
                at = end
                while at < n and norms[at] in words:
                    at += 1
                    reached.add(at)
                    if not token.repeat:
                        break
        else:
            for end in ends:
                at = end
                while at < n and token.accepts(norms[at], nums[at]):
                    at += 1
                    reached.add(at)
                    if not token.repeat:
                        break
        if not reached:
            return reached
        ends = reached
    return ends


def _following_words(tokens: Sequence[_Token]) -> frozenset[str] | None:
    """The words the tokens after the first must start with, when that is a short known set (a
    match cannot end after the first token)."""
    if len(tokens) < 2 or tokens[0].words is None:
        return None
    words, anywhere = _first_words(tokens[1:])
    if anywhere or not words or len(tokens[0].words) * len(words) > 20_000:
        return None
    return frozenset(words)


def _second_words(tokens: Sequence[_Token]) -> frozenset[str] | None:
    """When the first token is a single required token and the second a plain required word
    test: the second's words (a cheap test before matching)."""
    if len(tokens) < 2:
        return None
    first, second = tokens[0], tokens[1]
    if first.optional or first.repeat or first.alts is not None:
        return None
    if second.words is None or second.optional or second.repeat or second.alts is not None:
        return None
    return second.words


def _variants(tokens: tuple[_Token, ...]) -> list[tuple[frozenset[str] | None, tuple[_Token, ...]]]:
    """Equivalent token sequences that each start with one required plain token (or, failing
    that, anything), with the words they start with: leading optional tokens are either
    skipped or made required, and a leading set of alternatives is spelled out."""
    if not tokens:
        return []
    first, rest = tokens[0], tokens[1:]
    if first.optional:
        required = _Token(
            first.words,
            first.regex,
            first.number,
            False,
            first.repeat,
            first.alts,
            first.alt_firsts,
            first.alt_at,
            first.alt_open,
        )
        return [*_variants(rest), *_variants((required, *rest))]
    if first.alts is not None:
        found: list[tuple[frozenset[str] | None, tuple[_Token, ...]]] = []
        for alt in first.alts:
            found.extend(_variants((*alt, *rest)))
        return found
    return [(first.words, tokens)]
