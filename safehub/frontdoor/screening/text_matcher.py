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
from dataclasses import dataclass
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

    def accepts(self, norm: str, like_num: bool) -> bool:
        if self.words is not None:
            return norm in self.words
        if self.regex is not None:
            return self.regex.fullmatch(norm) is not None
        if self.number:
            return like_num
        return True


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
        return _Token(None, None, False, op in ("?", "*"), False, alts, tuple(firsts))
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
# the words the token after them must be - None when any token may be, or none is needed -
# whether that word test was the next token itself, now consumed: 1, or only its first word: 0,
# words one of which must be somewhere in the text for the rest to match - None: no such,
# the words the tokens left must start with - None when any token may, or none is needed,
# and words one of which the whole text must contain for a match of the key to be of any use to
# the caller - None: no such; see TokenMatcher.add)
Entry = tuple[
    Hashable,
    tuple["_Token", ...],
    int,
    frozenset[str] | None,
    int,
    frozenset[str] | None,
    frozenset[str] | None,
    frozenset[str] | None,
]


def _needed(tokens: Sequence[_Token]) -> frozenset[str] | None:
    """The smallest set of words one of which a match of `tokens` must contain (from a required
    word test, or a required set of alternatives that each start with known words), or None.
    Testing it against the text's words first skips most entries that cannot match."""
    best: frozenset[str] | None = None
    for token in tokens:
        if token.optional:
            continue
        candidate: frozenset[str] | None = None
        if token.alts is not None:
            words: set[str] = set()
            for alt in token.alts:
                starts, anywhere = _first_words(alt)
                if anywhere or not alt or all(t.optional for t in alt):
                    break
                words |= starts
            else:
                candidate = frozenset(words)
        elif token.words is not None:
            candidate = token.words
        if candidate is not None and (best is None or len(candidate) < len(best)):
            best = candidate
    return best


def needed_words(patterns: Sequence[Sequence[dict[str, Any]]]) -> frozenset[str] | None:
    """Words one of which every match of any of `patterns` contains, or None."""
    words: set[str] = set()
    for pattern in patterns:
        needed = _needed(tuple(_compile(t) for t in pattern))
        if needed is None:
            return None
        words |= needed
    return frozenset(words)


def _entry(
    key: Hashable, tokens: tuple[_Token, ...], skip: int, required: frozenset[str] | None
) -> Entry:
    """An index entry, with the words its remaining tokens must start with (a cheap test that
    saves a call to _ends for most entries that cannot match). A next token that is one plain
    required word test is settled by that test alone."""
    if tokens:
        first = tokens[0]
        plain = first.alts is None and not first.optional and not first.repeat
        if plain and first.words is not None:
            # Most entries that pass the first word test fail at the next token: test its
            # words too before the (costlier) call to _ends.
            rest = tokens[1:]
            words, anywhere = _first_words(rest)
            following = None if anywhere or not rest else frozenset(words)
            return (key, rest, skip, first.words, 1, _needed(rest), following, required)
    words, anywhere = _first_words(tokens)
    gate = None if anywhere else frozenset(words)
    return (key, tokens, skip, gate, 0, _needed(tokens), None, required)


class TokenMatcher:
    """add(key, token patterns); call with the NORMs (and LIKE_NUM flags) of a doc."""

    def __init__(self) -> None:
        self._index: dict[str, list[Entry]] = {}  # by the first word
        self._pairs: dict[tuple[str, str], list[Entry]] = {}  # by the first two words
        self._anywhere: list[Entry] = []
        self._pair_firsts: set[str] = set()  # the first words of the pairs
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
                    self._pair_firsts.update(words)
                elif not variant[0].repeat and (following := _following_words(variant)):
                    # The words the rest must start with (through optional tokens and
                    # alternatives) also narrow the lookup to word pairs.
                    entry = _entry(key, variant[1:], 1, required)
                    for first in words:
                        for word in following:
                            self._pairs.setdefault((first, word), []).append(entry)
                    self._pair_firsts.update(words)
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
    ) -> list[tuple[Hashable, int, int]]:
        """Matches (key, start, end); with `limit`, only those starting before it. `words`: the
        words of the whole text when `norms` is only part of it (for the `required` test of
        add; by default the set of `norms`). `keys`: only the matches of these keys (the rest
        are not tried)."""
        found: dict[tuple[Hashable, int], int] = {}
        index, pairs, anywhere = self._index, self._pairs, self._anywhere
        n = len(norms)
        stop = n if limit is None else min(n, limit)
        pair_firsts = self._pair_firsts
        present = set(norms) if words is None else words
        for i in range(stop):
            norm = norms[i]
            group = index.get(norm)
            if norm in pair_firsts and i + 1 < n:
                by_pair = pairs.get((norm, norms[i + 1]))
                if by_pair:
                    group = [*group, *by_pair] if group else by_pair
            if group:
                for key, tokens, skip, gate, used, needed, following, required in group:  # (hot)
                    at = i + skip
                    if gate is not None and (at >= n or norms[at] not in gate):
                        continue
                    if keys is not None and key not in keys:
                        continue
                    if required is not None and required.isdisjoint(present):
                        continue
                    at += used
                    if following is not None and (at >= n or norms[at] not in following):
                        continue
                    if needed is not None and needed.isdisjoint(present):
                        continue
                    if tokens:
                        ends = _ends(tokens, norms, nums, {at})
                        if not ends:
                            continue
                        at = max(ends)
                    if at > i and at > found.get((key, i), -1):
                        found[(key, i)] = at
        for key, tokens, skip, _gate, _used, needed, _following, required in anywhere:
            if keys is not None and key not in keys:
                continue
            # (patterns that can start with any token: tried at every position)
            if needed is not None and needed.isdisjoint(present):
                continue
            if required is not None and required.isdisjoint(present):
                continue
            first = tokens[0]
            positions: Iterable[int] = range(stop)
            if first.alts is None and not first.optional:
                # Only where the first token can be (a word test settled once per word).
                good = {w for w in present if first.accepts(w, False)}
                positions = [
                    i for i in range(stop) if norms[i] in good or (nums[i] and first.number)
                ]
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
            # The words at the current ends, to rule out alternatives that cannot start there.
            word = ""  # the one word there ("" past the end), or
            at_words: set[str] | None = None  # the words at several ends
            if len(ends) == 1:
                single = next(iter(ends))
                word = norms[single] if single < n else ""
            else:
                at_words = {norms[e] for e in ends if e < n}
            for alt, first in zip(token.alts, token.alt_firsts, strict=True):
                if first is not None and (
                    word not in first if at_words is None else first.isdisjoint(at_words)
                ):
                    continue  # cannot start here
                single_word = alt[0].words if len(alt) == 1 else None
                if single_word is not None and not (alt[0].optional or alt[0].repeat):
                    # One plain word test: no recursion needed.
                    reached.update(e + 1 for e in ends if e < n and norms[e] in single_word)
                    continue
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
        )
        return [*_variants(rest), *_variants((required, *rest))]
    if first.alts is not None:
        found: list[tuple[frozenset[str] | None, tuple[_Token, ...]]] = []
        for alt in first.alts:
            found.extend(_variants((*alt, *rest)))
        return found
    return [(first.words, tokens)]
