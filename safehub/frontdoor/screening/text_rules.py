"""Loading the free-text screening rules (rules/*.json) and compiling their token patterns.

The rules are data: `rules/indicators/<CODE>.json` (what each indicator looks like: its target
rules and the blockers of senses that are not it), `rules/targets.json` (settings across codes:
links, tellers, places, immunities), `rules/context.json`
(the ConText modifiers: negation, hypothetical, historical, other experiencer, pseudo and
terminating phrases), `rules/time.json` (time expressions) and `rules/lexicon.json`
(misspellings, abbreviations, words that are not names). This module only reads and checks
them.

A pattern is either a spaCy token pattern (a list of dicts, as medspaCy's TargetRule and
ConTextRule accept) or a compact string, one token spec per space-separated item, matched on
each token's NORM (lower case, misspellings corrected; see `lexicon.json`):

    word        the token is `word`
    a|b|c       the token is one of a, b, c
    /regex/     the whole token matches the regular expression
    _           any one token; `_{0,k}` (or `...k`) is a gap of up to k tokens
    <name>      any token of the named word list in lexicon.json "word_lists"
    #           a number (LIKE_NUM)

Each spec may end with an operator: `?` optional, `+` one or more, `*` zero or more. A group
`[a b|c|d e f]` offers alternative token sequences (a trailing `?` makes it optional; a group
cannot repeat, and a `/regex/` inside it keeps its own `|`).
For example "went|gone|going missing" or "[picked up|collected] by _{0,3} man|men|males".
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

RULES_DIR = Path(__file__).resolve().parent / "rules"

INDICATOR_CODES: tuple[str, ...] = (
    "MISSING",
    "EDUCATION",
    "OLDER_PARTNER",
    "GIFTS_MONEY",
    "VEHICLES",
    "LOCATIONS",
    "SUBSTANCES",
    "SEXUAL_HEALTH",
    "SELF_HARM",
    "FAMILY_CONFLICT",
    "PEERS",
    "ONLINE",
    "PHONES",
    "INJURIES",
    "BEHAVIOUR",
    "OFFENDING",
    "DISCLOSURE",
    "COERCION",
    "LOOKED_AFTER",
    "DISABILITY",
)

# ConText categories. medspaCy's names where it has one.
NEGATED = "NEGATED_EXISTENCE"
POSSIBLE = "POSSIBLE_EXISTENCE"
HYPOTHETICAL = "HYPOTHETICAL"
HISTORICAL = "HISTORICAL"
FAMILY = "FAMILY"  # other experiencer (medspaCy calls it FAMILY)
DIRECTIONS = ("FORWARD", "BACKWARD", "BIDIRECTIONAL", "TERMINATE", "PSEUDO")

_OPERATORS = {"?": "?", "+": "+", "*": "*"}
_RANGE = re.compile(r"\{\d*,\d*\}$")


class RuleError(ValueError):
    """A rule file is malformed."""


@dataclass(frozen=True)
class TargetRule:
    """One way an indicator is written (medspaCy's TargetRule, with safeguarding extras)."""

    code: str
    literal: str
    patterns: tuple[list[dict[str, Any]], ...]
    # A pattern with long gaps ("told ...20 had sex"): the patterns of each segment and the
    # largest gap after each; matched segment by segment (spaCy's Matcher is exponential in
    # long optional wildcards). Empty for an ordinary pattern.
    segments: tuple[tuple[list[dict[str, Any]], ...], ...] = ()
    gaps: tuple[int, ...] = ()
    # ConText categories this target ignores (e.g. FAMILY_CONFLICT is about the family).
    immune: frozenset[str] = frozenset()
    # Time expressions do not date this target (e.g. "came into care aged 7": still in care).
    undated: bool = False


@dataclass(frozen=True)
class ModifierRule:
    """A ConText modifier rule (medspaCy's ConTextRule fields)."""

    literal: str
    category: str
    direction: str
    patterns: tuple[list[dict[str, Any]], ...]
    max_scope: int | None = None
    allowed_types: frozenset[str] | None = None
    excluded_types: frozenset[str] = frozenset()
    # For TERMINATE rules: the categories whose scope stops here (empty = every category).
    terminates: frozenset[str] = frozenset()
    # For FAMILY rules: "peer" (friends; their exploitation is PEERS for the subject),
    # "family" or "other".
    experiencer: str = "other"


@dataclass(frozen=True)
class TimeRule:
    """A regular expression for a time expression and how to date it."""

    literal: str
    regex: re.Pattern[str]
    kind: str  # "current", "older", "ago", "month", "year", "numeric_date", "age", ...
    duration: bool = False  # "for years": how long, up to now (a state it dates is current)
    hints: tuple[str, ...] = ()  # tried only if the lower-cased text contains one of these


@dataclass(frozen=True)
class Lexicon:
    spelling: Mapping[str, str]
    fuzzy_words: tuple[str, ...]
    fuzzy_exclude: frozenset[str]
    word_lists: Mapping[str, tuple[str, ...]]
    not_names: frozenset[str]
    extra_names: frozenset[str]


@dataclass(frozen=True)
class LinkRule:
    """An indicator read from two findings in nearby sentences (a mention and what it refers
    to): "Driver (male, 26) ... Driver claimed to be her boyfriend" is OLDER_PARTNER; "'He made
    me ...' - Amber told me this" is DISCLOSURE. Both parts (internal codes) must be asserted for
    the child; the proposed phrase is the `anchor` part's."""

    code: str
    anchor: str  # internal code whose phrase is proposed
    other: str  # internal code it must be near
    before: int  # how many sentences before the anchor the other part may be
    after: int  # ... and after
    teller: bool = False  # the anchor is a telling whose teller must be the child
    # The anchor's sentence must have the child telling it ("Says her partner is 21"), or the
    # anchor must be in the child's own quoted words.
    told_in_sentence: bool = False
    adult_age: bool = False  # the other part's age must be three years above the child's
    # The anchor's sentence must state an adult's age ("Says her partner is 22", "he's in his
    # twenties"), not only "older".
    stated_adult: bool = False


@dataclass(frozen=True)
class RuleSet:
    targets: tuple[TargetRule, ...]
    modifiers: tuple[ModifierRule, ...]
    times: tuple[TimeRule, ...]
    lexicon: Lexicon
    reasons: Mapping[str, str]
    peer_codes: frozenset[str]
    time_terminators: frozenset[str]
    status_codes: frozenset[str] = frozenset()
    date_from_left: frozenset[str] = frozenset()
    # Kinds of other experiencer (FAMILY "experiencer") a code ignores: LOCATIONS counts at an
    # adult's flat whoever it belongs to; PEERS is about friends.
    experiencer_immune: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # Codes whose phrase may start with a possessive that must not be the child ("his flat").
    others_place_codes: frozenset[str] = frozenset()
    # Every word the patterns match on (never changed by the spelling corrector).
    vocabulary: frozenset[str] = frozenset()
    # Codes about what the child does or has: a phrase whose only pronouns are someone else's
    # ("told him to leave" about a girl) is about someone else.
    pronoun_codes: frozenset[str] = frozenset()
    # Codes whose phrase names the other party ("her boyfriend Mo is 19", "told her aunt ...",
    # "picked up by a man called Dan"): a person named inside the phrase is that party, not
    # someone else the finding is about.
    inner_people_codes: frozenset[str] = frozenset()
    # Codes about a telling: someone else in scope of the telling verb is the one who told
    # ("her friend disclosed that ...").
    teller_codes: frozenset[str] = frozenset()
    # Codes for places: a place counts whoever it belongs to, but not someone else's visit.
    place_codes: frozenset[str] = frozenset()
    links: tuple[LinkRule, ...] = ()
    version: str = ""


def _spec_to_token(spec: str, word_lists: Mapping[str, tuple[str, ...]]) -> dict[str, Any]:
    op: str | None = None
    if spec not in ("?", "+", "*") and spec[-1] in _OPERATORS and len(spec) > 1:
        op = _OPERATORS[spec[-1]]
        spec = spec[:-1]
    else:
        found = _RANGE.search(spec)
        if found and found.start() > 0:
            op = found.group(0)
            spec = spec[: found.start()]
    token: dict[str, Any]
    if spec == "_":
        token = {}
    elif spec == "#":
        token = {"LIKE_NUM": True}
    elif len(spec) > 2 and spec.startswith("/") and spec.endswith("/"):
        token = {"NORM": {"REGEX": f"^(?:{spec[1:-1]})$"}}
    elif spec.startswith("<") and spec.endswith(">"):
        name = spec[1:-1]
        if name not in word_lists:
            raise RuleError(f"unknown word list <{name}>")
        token = {"NORM": {"IN": list(word_lists[name])}}
    elif "|" in spec:
        token = {"NORM": {"IN": [part for part in spec.split("|") if part]}}
    else:
        token = {"NORM": spec}
    token = _split_hyphens(_contractions(token))
    if op:
        token["OP"] = op
    return token


# The NORMs of the contraction tokens spaCy splits off ("I'm" = "I" + "'m"): rule words are
# written as in the text ("i 'm", "he 'll") but must match the tokens' NORMs (lexicon.json maps
# "'m" to "am", "'ll" to "will"; spaCy's own NORM of "n't" is "not").
CONTRACTION_NORMS = {"'m": "am", "'ll": "will", "'re": "are", "'ve": "have", "n't": "not"}


# Rule words the spelling map rewrites in the text ("video" is NORM "videos", "daddy" is "dad"):
# set from lexicon.json while the rules load, so that such a rule word matches its tokens.
_RULE_SPELLING: dict[str, str] = {}


def _as_norm(word: str) -> str:
    word = CONTRACTION_NORMS.get(word, word)
    return _RULE_SPELLING.get(word, word)


def _contractions(token: dict[str, Any]) -> dict[str, Any]:
    """A rule word that is a split-off contraction (or a spelling the lexicon corrects), as the
    NORM its token has."""
    norm = token.get("NORM")
    if isinstance(norm, str):
        return {**token, "NORM": _as_norm(norm)}
    if isinstance(norm, dict) and set(norm) == {"IN"}:
        words = [_as_norm(w) for w in norm["IN"]]
        return {**token, "NORM": {"IN": list(dict.fromkeys(words))}}
    return token


def _split_hyphens(token: dict[str, Any]) -> dict[str, Any]:
    """spaCy's tokenizer splits words at inner hyphens ("one-off" is "one", "-", "off"), so a
    hyphenated rule word also matches as that token sequence (an ALT token)."""
    words = _plain_words(token)
    if not words:
        return token
    hyphenated = [w for w in words if "-" in w.strip("-")]
    if not hyphenated:
        return token
    alts: list[list[dict[str, Any]]] = [[{"NORM": {"IN": list(words)}}]]
    for word in hyphenated:
        parts = [part for part in re.split(r"(-)", word) if part]
        alts.append([{"NORM": part} for part in parts])
    return {"ALT": alts}


_ITEM = re.compile(r"\[[^\]]*\][?+*]?|\S+")


def _alternatives(body: str) -> list[str]:
    """A group's alternatives: its body split at each "|" that is not inside a /regex/ (a regex
    opens with a "/" that starts a spec and is not all of it, and closes at a "/" that ends
    one)."""
    parts: list[str] = []
    current: list[str] = []
    in_regex = False
    for k, char in enumerate(body):
        if char == "/":
            before = body[k - 1] if k else " "
            after = body[k + 1 : k + 2]
            if not in_regex and before in " |" and after not in ("", " ", "|"):
                in_regex = True
            elif in_regex and (after in ("", " ", "|") or after in _OPERATORS):
                in_regex = False
        if char == "|" and not in_regex:
            parts.append("".join(current))
            current = []
        else:
            current.append(char)
    parts.append("".join(current))
    return parts


def _plain_words(token: dict[str, Any]) -> list[str] | None:
    """The words a plain token spec matches (NORM equal to or in a list), else None."""
    if set(token) != {"NORM"}:
        return None
    norm = token["NORM"]
    if isinstance(norm, str):
        return [norm]
    if isinstance(norm, dict) and set(norm) == {"IN"}:
        return list(norm["IN"])
    return None


def _merge_single_tokens(choices: list[list[dict[str, Any]]]) -> list[list[dict[str, Any]]]:
    """Alternatives of one plain token each become one token with an IN list (fewer patterns)."""
    words: list[str] = []
    rest: list[list[dict[str, Any]]] = []
    for choice in choices:
        plain = _plain_words(choice[0]) if len(choice) == 1 else None
        if plain is None:
            rest.append(choice)
        else:
            words.extend(w for w in plain if w not in words)
    if words:
        rest.append([{"NORM": {"IN": words}}])
    return rest


def compile_patterns(
    pattern: Any, word_lists: Mapping[str, tuple[str, ...]]
) -> list[list[dict[str, Any]]]:
    """A compact pattern string (see the module docstring) or a token list, as token lists."""
    if isinstance(pattern, list):
        return [[dict(token) for token in pattern]]
    if not isinstance(pattern, str) or not pattern.strip():
        raise RuleError(f"bad pattern: {pattern!r}")
    expansions: list[list[dict[str, Any]]] = [[]]
    for item in _ITEM.findall(pattern):
        if item.startswith("[") and len(item) > 2 and item.rstrip("?+*").endswith("]"):
            if item[-1] in "+*":
                raise RuleError(f"a group takes only '?' (no repeat): {item!r} in {pattern!r}")
            optional = item.endswith("?")
            body = item.rstrip("?")[1:-1]
            choices = _merge_single_tokens(
                [
                    [_spec_to_token(spec, word_lists) for spec in alt.split()]
                    for alt in _alternatives(body)
                ]
            )
            if len(choices) == 1 and len(choices[0]) == 1:
                token = dict(choices[0][0])
                if optional:
                    token["OP"] = "?"
                expansions = [[*done, token] for done in expansions]
                continue
            # Alternative token sequences stay one token ("ALT") for the TokenMatcher.
            alt: dict[str, Any] = {"ALT": choices}
            if optional:
                alt["OP"] = "?"
            expansions = [[*done, alt] for done in expansions]
        else:
            token = _spec_to_token(item, word_lists)
            expansions = [[*done, token] for done in expansions]
    expansions = [e for e in expansions if e]
    if not expansions or len(expansions) > 4096:
        raise RuleError(f"pattern expands to {len(expansions)} token lists: {pattern!r}")
    return expansions


def compile_pattern(
    pattern: Any, word_lists: Mapping[str, tuple[str, ...]]
) -> list[dict[str, Any]]:
    """A pattern without groups, as one token list."""
    patterns = compile_patterns(pattern, word_lists)
    if len(patterns) != 1:
        raise RuleError(f"pattern has alternatives: {pattern!r}")
    return patterns[0]


def _read(name: str) -> dict[str, Any]:
    path = RULES_DIR / name
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise RuleError(f"cannot read {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise RuleError(f"{path}: expected a JSON object")
    return data


def _lexicon(data: Mapping[str, Any]) -> Lexicon:
    lists = {str(k): tuple(str(w).lower() for w in v) for k, v in data["word_lists"].items()}
    spelling = {str(k).lower(): str(v).lower() for k, v in data["spelling"].items()}
    spelling.update({str(k).lower(): str(v).lower() for k, v in data["abbreviations"].items()})
    return Lexicon(
        spelling=spelling,
        fuzzy_words=tuple(str(w).lower() for w in data["fuzzy_words"]),
        fuzzy_exclude=frozenset(str(w).lower() for w in data["fuzzy_exclude"]),
        word_lists=lists,
        not_names=frozenset(str(w).lower() for w in data["not_names"]),
        extra_names=frozenset(str(w).lower() for w in data.get("extra_names", ())),
    )


def _strings(values: Sequence[Any] | None) -> frozenset[str]:
    return frozenset(str(v) for v in (values or ()))


def _pattern_list(rule: Mapping[str, Any]) -> list[Any]:
    """A rule's `pattern`: one pattern string or token list, or a list of them."""
    raw = rule["pattern"]
    if isinstance(raw, str):
        return [raw]
    if isinstance(raw, list) and raw and isinstance(raw[0], dict):
        return [raw]
    if isinstance(raw, list):
        return list(raw)
    raise RuleError(f"bad pattern in {rule}")


_GAP = re.compile(r"^(?:\.\.\.(\d+)|_\{0,(\d+)\})$")


def _compile_all(rule: Mapping[str, Any], lists: Mapping[str, tuple[str, ...]]) -> list[Any]:
    compiled: list[Any] = []
    for pattern in _pattern_list(rule):
        compiled.extend(compile_patterns(pattern, lists))
    return compiled


def _split_gaps(pattern: str) -> tuple[list[str], list[int]]:
    """ "a b ...20 c" -> (["a b", "c"], [20])."""
    parts: list[str] = []
    gaps: list[int] = []
    current: list[str] = []
    for item in _ITEM.findall(pattern):
        found = _GAP.match(item)
        if found:
            parts.append(" ".join(current))
            gaps.append(int(found.group(1) or found.group(2)))
            current = []
        else:
            current.append(item)
    parts.append(" ".join(current))
    if any(not part.strip() for part in parts):
        raise RuleError(f"a gap needs tokens on both sides: {pattern!r}")
    return parts, gaps


def _target_rules(
    code: str,
    rule: Mapping[str, Any],
    lists: Mapping[str, tuple[str, ...]],
    immune: frozenset[str],
    undated: bool,
) -> list[TargetRule]:
    literal = str(rule.get("literal", _pattern_list(rule)[0]))
    plain: list[Any] = []
    rules: list[TargetRule] = []
    for pattern in _pattern_list(rule):
        if isinstance(pattern, str) and any(_GAP.match(i) for i in _ITEM.findall(pattern)):
            parts, gaps = _split_gaps(pattern)
            rules.append(
                TargetRule(
                    code=code,
                    literal=literal,
                    patterns=(),
                    immune=immune,
                    undated=undated,
                    segments=tuple(tuple(compile_patterns(part, lists)) for part in parts),
                    gaps=tuple(gaps),
                )
            )
        else:
            plain.extend(compile_patterns(pattern, lists))
    if plain:
        rules.append(
            TargetRule(
                code=code, literal=literal, patterns=tuple(plain), immune=immune, undated=undated
            )
        )
    return rules


_CODE_SECTIONS = ("targets", "blockers", "opening_blockers", "inner_blockers")


def _with_indicator_files(target_data: dict[str, Any]) -> dict[str, Any]:
    """targets.json's settings with each code's rules from rules/indicators/<CODE>.json.

    A code's file holds its `targets` and its `blockers`, `opening_blockers` and
    `inner_blockers` (each a list); they are appended to any targets.json holds for the code.
    """
    merged = dict(target_data)
    for section in _CODE_SECTIONS:
        merged[section] = {k: list(v) for k, v in target_data.get(section, {}).items()}
    for path in sorted((RULES_DIR / "indicators").glob("*.json")):
        data = _read(f"indicators/{path.name}")
        code = data.get("code")
        if code != path.stem:
            raise RuleError(f"{path}: 'code' must be {path.stem!r}, not {code!r}")
        unknown = set(data) - {"code", "description", *_CODE_SECTIONS}
        if unknown:
            raise RuleError(f"{path}: unknown keys {sorted(unknown)}")
        for section in _CODE_SECTIONS:
            rules = data.get(section, [])
            if not isinstance(rules, list):
                raise RuleError(f"{path}: {section} must be a list")
            if rules:
                merged[section].setdefault(code, []).extend(rules)
    return merged


@cache
def load_rules() -> RuleSet:
    """Read and check every rule file (cached for the process)."""
    lexicon = _lexicon(_read("lexicon.json"))
    lists = lexicon.word_lists
    _RULE_SPELLING.clear()
    _RULE_SPELLING.update(
        {k: v for k, v in lexicon.spelling.items() if k != v and " " not in k + v}
    )

    target_data = _with_indicator_files(_read("targets.json"))
    codes = set(INDICATOR_CODES) | set(target_data.get("internal_codes", ()))
    code_immune = {k: frozenset(v) for k, v in target_data.get("code_immune", {}).items()}
    undated_codes = set(target_data.get("undated_codes", ()))
    targets: list[TargetRule] = []
    for code, rules in target_data["targets"].items():
        if code not in codes:
            raise RuleError(f"targets.json: unknown code {code}")
        for rule in rules:
            targets.extend(
                _target_rules(
                    code,
                    rule,
                    lists,
                    _strings(rule.get("immune")) | code_immune.get(code, frozenset()),
                    bool(rule.get("undated", code in undated_codes)),
                )
            )
    for code, patterns in target_data.get("blockers", {}).items():
        if code not in codes:
            raise RuleError(f"targets.json: unknown code {code} in blockers")
        blocker = {"literal": "blocker", "pattern": list(patterns)}
        targets.extend(_target_rules(f"!{code}", blocker, lists, frozenset(), False))
    # Blockers of a phrase's opening words: a phrase starting where one matches is dropped even
    # when it runs on past it ("dating app (claims to be 23)", "reported to be having sex").
    for code, patterns in target_data.get("opening_blockers", {}).items():
        if code not in codes:
            raise RuleError(f"targets.json: unknown code {code} in opening_blockers")
        blocker = {"literal": "opening blocker", "pattern": list(patterns)}
        targets.extend(_target_rules(f"^{code}", blocker, lists, frozenset(), False))
    # Blockers that only drop a phrase lying wholly inside them (a longer phrase that overlaps
    # one is still read: "collected from school by a man in a car").
    for code, patterns in target_data.get("inner_blockers", {}).items():
        if code not in codes:
            raise RuleError(f"targets.json: unknown code {code} in inner_blockers")
        blocker = {"literal": "inner blocker", "pattern": list(patterns)}
        targets.extend(_target_rules(f"~{code}", blocker, lists, frozenset(), False))

    context_data = _read("context.json")
    reasons = {str(k): str(v) for k, v in context_data["reasons"].items()}
    modifiers: list[ModifierRule] = []
    for rule in context_data["context_rules"]:
        category = str(rule["category"])
        direction = str(rule["direction"])
        if direction not in DIRECTIONS:
            raise RuleError(f"context.json: bad direction {direction} in {rule}")
        if direction not in ("TERMINATE", "PSEUDO") and category not in reasons:
            raise RuleError(f"context.json: category {category} has no reason in {rule}")
        allowed = rule.get("allowed_types")
        modifiers.append(
            ModifierRule(
                literal=str(rule.get("literal", _pattern_list(rule)[0])),
                category=category,
                direction=direction,
                patterns=tuple(_compile_all(rule, lists)),
                max_scope=rule.get("max_scope"),
                allowed_types=_strings(allowed) if allowed is not None else None,
                excluded_types=_strings(rule.get("excluded_types")),
                terminates=_strings(rule.get("terminates")),
                experiencer=str(rule.get("experiencer", "other")),
            )
        )

    time_data = _read("time.json")
    numbers = "|".join(sorted(time_data["number_words"], key=len, reverse=True))
    times = [
        TimeRule(
            literal=str(rule["literal"]),
            regex=re.compile(str(rule["regex"]).replace("{NUM}", numbers), re.IGNORECASE),
            kind=str(rule["kind"]),
            duration=bool(rule.get("duration", False)),
            hints=tuple(str(h) for h in rule.get("hints", ())),
        )
        for rule in time_data["time_rules"]
    ]
    vocabulary: set[str] = set()
    every: list[TargetRule | ModifierRule] = [*targets, *modifiers]
    for rule in every:
        segments = rule.segments if isinstance(rule, TargetRule) else ()
        token_lists = [*rule.patterns, *(p for seg in segments for p in seg)]
        for tokens in token_lists:
            for token in tokens:
                vocabulary.update(
                    _plain_words({"NORM": token["NORM"]}) or [] if "NORM" in token else []
                )
    for words in lists.values():
        vocabulary.update(words)
    return RuleSet(
        vocabulary=frozenset(vocabulary),
        targets=tuple(targets),
        modifiers=tuple(modifiers),
        times=tuple(times),
        lexicon=lexicon,
        reasons=reasons,
        peer_codes=_strings(context_data.get("peer_exploitation_codes")),
        time_terminators=_strings(time_data.get("clause_breaks")),
        status_codes=_strings(target_data.get("status_codes")),
        date_from_left=_strings(target_data.get("date_from_left")),
        experiencer_immune={
            str(k): _strings(v) for k, v in target_data.get("experiencer_immune", {}).items()
        },
        others_place_codes=_strings(target_data.get("others_place_codes")),
        pronoun_codes=_strings(target_data.get("pronoun_codes")),
        inner_people_codes=_strings(target_data.get("inner_people_codes")),
        teller_codes=_strings(target_data.get("teller_codes")),
        place_codes=_strings(target_data.get("place_codes")),
        links=tuple(
            LinkRule(
                code=str(link["code"]),
                anchor=str(link["anchor"]),
                other=str(link["other"]),
                before=int(link.get("before", 1)),
                after=int(link.get("after", 1)),
                teller=bool(link.get("teller", False)),
                told_in_sentence=bool(link.get("told_in_sentence", False)),
                adult_age=bool(link.get("adult_age", False)),
                stated_adult=bool(link.get("stated_adult", False)),
            )
            for link in target_data.get("links", ())
        ),
        version=str(target_data.get("version", "")),
    )


def number_words() -> dict[str, int]:
    """Spelled-out numbers used in time expressions ("two years ago")."""
    data = _read("time.json")
    return {str(k): int(v) for k, v in data["number_words"].items()}
