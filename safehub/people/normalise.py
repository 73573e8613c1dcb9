"""Normalising and validating the identifying details of a person.

These are pure functions with no Django imports, so that the linkage engine can use them without a
database. Every ``normalise_*`` and ``validate_*`` function either returns a canonical form or
raises :class:`InvalidValue`, whose ``message`` is plain English fit to show next to the form
field. The canonical forms are idempotent: feeding a function its own output returns the output
unchanged, so values can be normalised on the way in and again on comparison without drift.

Nothing here reads or writes real people's data; examples and tests use synthetic values only
(Ofcom's drama telephone ranges, NHS and DfE check-digit-valid made-up numbers).
"""

from __future__ import annotations

import csv
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from datetime import date
from functools import cache
from pathlib import Path
from typing import Final, Literal

import jellyfish
import phonenumbers
from nicknames import NickNamer

__all__ = [
    "DobAgreement",
    "InvalidValue",
    "are_nickname_equivalent",
    "dob_agreement",
    "dob_day_month_swapped",
    "format_nhs_number",
    "given_name_groups",
    "given_name_variants",
    "is_valid_nhs_number",
    "is_valid_upn",
    "make_upn",
    "name_key",
    "name_tokens",
    "normalise_email",
    "normalise_name",
    "normalise_phone",
    "normalise_postcode",
    "parse_date_of_birth",
    "phonetic_keys",
    "postcode_outward",
    "postcode_sector",
    "upn_check_letter",
    "validate_nhs_number",
    "validate_upn",
]


class InvalidValue(ValueError):
    """A value that is not what its field needs.

    ``message`` is a plain-English sentence naming the field and saying what to enter instead; it
    never repeats the rejected value (which may be personal data). ``field`` is a short machine name
    for the kind of value ("postcode", "phone", "email", "nhs_number", "upn", "date_of_birth").
    """

    def __init__(self, message: str, *, field: str) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


# --------------------------------------------------------------------------------------------
# Postcodes
# --------------------------------------------------------------------------------------------

# The pattern from the UK Government Data Standards Catalogue (BS 7666). Outward code formats A9,
# A99, AA9, AA99, A9A and AA9A, with the letters each position may hold; the inward code is a
# digit and two letters other than C, I, K, M, O and V. GIR 0AA is the one historical exception.
_POSTCODE_RE: Final = re.compile(
    r"""
    \A(?:
        GIR\ 0AA
      | (?:
            [A-PR-UWYZ][0-9][0-9]?                 # A9, A99
          | [A-PR-UWYZ][A-HK-Y][0-9][0-9]?         # AA9, AA99
          | [A-PR-UWYZ][0-9][A-HJKPSTUW]           # A9A
          | [A-PR-UWYZ][A-HK-Y][0-9][ABEHMNPRVWXY] # AA9A
        )
        \ [0-9][ABD-HJLNP-UW-Z]{2}
    )\Z
    """,
    re.VERBOSE,
)
_POSTCODE_MESSAGE: Final = "Enter a real UK postcode, like TF3 4AB"


def normalise_postcode(value: str) -> str:
    """Return ``value`` as a UK postcode in upper case with one space before the inward code.

    Guarantees: the result matches the official UK postcode pattern (or is ``"GIR 0AA"``), is in
    upper case, has exactly one space, and ``normalise_postcode(result) == result``. Case and any
    whitespace in the input are ignored ("sw1a1aa" and " Sw1A  1aa " both give "SW1A 1AA").
    BFPO numbers and overseas territory codes are rejected. Raises :class:`InvalidValue` for
    anything else.
    """
    compact = "".join(value.split()).upper()
    if len(compact) < 5 or len(compact) > 7:
        raise InvalidValue(_POSTCODE_MESSAGE, field="postcode")
    candidate = f"{compact[:-3]} {compact[-3:]}"
    if not _POSTCODE_RE.match(candidate):
        raise InvalidValue(_POSTCODE_MESSAGE, field="postcode")
    return candidate


def postcode_outward(value: str) -> str:
    """Return the outward code ("TF3" from "tf3 4ab"). Raises :class:`InvalidValue` as
    :func:`normalise_postcode` does."""
    return normalise_postcode(value).split(" ")[0]


def postcode_sector(value: str) -> str:
    """Return the postcode sector: outward code, a space and the inward digit ("TF3 4" from
    "tf34ab"). Raises :class:`InvalidValue` as :func:`normalise_postcode` does."""
    return normalise_postcode(value)[:-2]


# --------------------------------------------------------------------------------------------
# Telephone numbers
# --------------------------------------------------------------------------------------------

_PHONE_ALLOWED_RE: Final = re.compile(r"\A[0-9+()\-. ]+\Z")
_PHONE_MESSAGE: Final = "Enter a real phone number, like 01632 960 001 or +44 7700 900 001"
# National significant numbers that Ofcom reserves for drama (and which libphonenumber, rightly
# for real life, may call invalid). They are accepted so that synthetic demo and test data works.
_DRAMA_PREFIXES: Final = (
    "7700900",  # 07700 900000-900999 mobile
    "1632960",  # 01632 960000-960999 no area
    "1134960",  # 0113 496 0xxx Leeds
    "1144960",  # 0114 496 0xxx Sheffield
    "1154960",  # 0115 496 0xxx Nottingham
    "1164960",  # 0116 496 0xxx Leicester
    "1174960",  # 0117 496 0xxx Bristol
    "1184960",  # 0118 496 0xxx Reading
    "1214960",  # 0121 496 0xxx Birmingham
    "1314960",  # 0131 496 0xxx Edinburgh
    "1414960",  # 0141 496 0xxx Glasgow
    "1514960",  # 0151 496 0xxx Liverpool
    "1614960",  # 0161 496 0xxx Manchester
    "1914980",  # 0191 498 0xxx Tyneside
    "2079460",  # 020 7946 0xxx London
    "2920180",  # 029 2018 0xxx Cardiff
    "2890180",  # 028 9018 0xxx Belfast
    "3069990",  # 03069 990xxx UK-wide
    "8081570",  # 08081 570xxx freephone
    "9098790",  # 0909 879 0xxx premium rate
)


def normalise_phone(value: str) -> str:
    """Return ``value`` as an E.164 telephone number ("+447700900123").

    Numbers are read as UK numbers unless they start with ``+`` or an international prefix
    ("0044 ...", "+1 ..."); "(0)" after the country code is understood. Only digits, spaces and
    ``+ ( ) - .`` are accepted (so no extensions). The number must be valid according to
    libphonenumber's metadata for its country, except that Ofcom's drama ranges are accepted.
    Guarantees ``normalise_phone(result) == result``. Raises :class:`InvalidValue` otherwise.
    """
    stripped = " ".join(value.split())
    if not stripped or len(stripped) > 40 or not _PHONE_ALLOWED_RE.match(stripped):
        raise InvalidValue(_PHONE_MESSAGE, field="phone")
    try:
        number = phonenumbers.parse(stripped, "GB")
    except phonenumbers.NumberParseException:
        raise InvalidValue(_PHONE_MESSAGE, field="phone") from None
    national = phonenumbers.national_significant_number(number)
    is_drama = (
        number.country_code == 44 and len(national) == 10 and national.startswith(_DRAMA_PREFIXES)
    )
    if not (phonenumbers.is_valid_number(number) or is_drama):
        raise InvalidValue(_PHONE_MESSAGE, field="phone")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


# --------------------------------------------------------------------------------------------
# E-mail addresses
# --------------------------------------------------------------------------------------------

_EMAIL_LOCAL_RE: Final = re.compile(
    r"\A[a-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[a-z0-9!#$%&'*+/=?^_`{|}~-]+)*\Z"
)
_EMAIL_LABEL_RE: Final = re.compile(r"\A[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\Z")
_EMAIL_TLD_RE: Final = re.compile(r"\A(?:[a-z]{2,63}|xn--[a-z0-9-]{1,59})\Z")
_EMAIL_MESSAGE: Final = "Enter an email address in the right format, like name@example.com"


def normalise_email(value: str) -> str:
    """Return ``value`` as a trimmed, wholly lower-case e-mail address.

    The whole address is lower-cased, local part included: RFC 5321 lets a mail server treat the
    local part case-sensitively, but in practice none does, and lower-casing everything is what
    lets two agencies' records of the same address compare equal. Accepted shape: a dot-atom local
    part (no quoted strings, at most 64 characters), ``@``, and a domain of at least two
    LDH labels whose last label is alphabetic (or an ``xn--`` IDN label); at most 254 characters
    in all. Guarantees ``normalise_email(result) == result``. Raises :class:`InvalidValue`
    otherwise.
    """
    address = value.strip().lower()
    if len(address) > 254 or address.count("@") != 1:
        raise InvalidValue(_EMAIL_MESSAGE, field="email")
    local, domain = address.split("@")
    if len(local) > 64 or not _EMAIL_LOCAL_RE.match(local):
        raise InvalidValue(_EMAIL_MESSAGE, field="email")
    labels = domain.split(".")
    if (
        len(labels) < 2
        or not all(_EMAIL_LABEL_RE.match(label) for label in labels)
        or not _EMAIL_TLD_RE.match(labels[-1])
    ):
        raise InvalidValue(_EMAIL_MESSAGE, field="email")
    return address


# --------------------------------------------------------------------------------------------
# NHS numbers
# --------------------------------------------------------------------------------------------

_NHS_MESSAGE: Final = (
    "Enter a valid NHS number: 10 digits, like 943 476 5919 — the last digit is a check digit"
)
_NHS_SEPARATORS_RE: Final = re.compile(r"[\s\-]")


def _nhs_check_digit(first_nine: str) -> int | None:
    """The modulus-11 check digit for nine digits, or ``None`` when it would be 10 (no NHS number
    can then be made from those nine digits)."""
    total = sum(
        int(digit) * weight for digit, weight in zip(first_nine, range(10, 1, -1), strict=True)
    )
    check = 11 - total % 11
    if check == 11:
        return 0
    if check == 10:
        return None
    return check


def validate_nhs_number(value: str) -> str:
    """Return the NHS number in ``value`` as ten digits with no separators.

    Spaces and hyphens are ignored. Guarantees the result is ten ASCII digits whose last digit is
    the modulus-11 check digit of the first nine (weights 10 down to 2; 11 maps to 0 and 10 is
    never valid), so any single mistyped digit is detected. Numbers made of one repeated digit
    ("0000000000", "1111111111", ...) are placeholders, not NHS numbers, and are rejected even
    where their check digit works, so that they can never link two children together.
    Raises :class:`InvalidValue` otherwise.
    """
    digits = _NHS_SEPARATORS_RE.sub("", value)
    if len(digits) != 10 or not digits.isascii() or not digits.isdigit():
        raise InvalidValue(_NHS_MESSAGE, field="nhs_number")
    if len(set(digits)) == 1:
        raise InvalidValue(_NHS_MESSAGE, field="nhs_number")
    if _nhs_check_digit(digits[:9]) != int(digits[9]):
        raise InvalidValue(_NHS_MESSAGE, field="nhs_number")
    return digits


def is_valid_nhs_number(value: str) -> bool:
    """True when :func:`validate_nhs_number` would accept ``value``."""
    try:
        validate_nhs_number(value)
    except InvalidValue:
        return False
    return True


def format_nhs_number(value: str) -> str:
    """Return a valid NHS number grouped 3-3-4 for display ("943 476 5919"). Raises
    :class:`InvalidValue` if it is not valid."""
    digits = validate_nhs_number(value)
    return f"{digits[:3]} {digits[3:6]} {digits[6:]}"


# --------------------------------------------------------------------------------------------
# Unique pupil numbers (DfE)
# --------------------------------------------------------------------------------------------

# DfE's 23-letter alphabet for check letters and the last character of a temporary UPN: A=0 ...
# Z=22, skipping I, O and S.
_UPN_LETTERS: Final = "ABCDEFGHJKLMNPQRTUVWXYZ"
_UPN_BODY_RE: Final = re.compile(r"\A[0-9]{11}[0-9ABCDEFGHJKLMNPQRTUVWXYZ]\Z")
_UPN_MESSAGE: Final = (
    "Enter a valid unique pupil number (UPN): 13 characters, a check letter then 12 digits, "
    "like B801200005001 (a temporary UPN ends in a letter)"
)


def upn_check_letter(twelve: str) -> str:
    """Return the DfE check letter for characters 2-13 of a UPN.

    ``twelve`` is 11 digits followed by a digit or, for a temporary UPN, a letter from the 23-letter
    table (I, O and S are not used). Each character is multiplied by its position in the full UPN
    (2 to 13), a final letter counting as its index in the table (A=0, B=1, ... Z=22); the sum
    modulo 23 indexes the table. Raises :class:`InvalidValue` if ``twelve`` is not of that shape.
    """
    body = twelve.upper()
    if not _UPN_BODY_RE.match(body):
        raise InvalidValue(_UPN_MESSAGE, field="upn")
    total = 0
    for weight, char in enumerate(body, start=2):
        char_value = int(char) if char.isdigit() else _UPN_LETTERS.index(char)
        total += char_value * weight
    return _UPN_LETTERS[total % 23]


def make_upn(twelve_chars: str) -> str:
    """Return a complete, valid UPN: the check letter followed by ``twelve_chars`` upper-cased.

    Intended for generating synthetic UPNs in tests and demo data. Raises :class:`InvalidValue` if
    ``twelve_chars`` is not 11 digits and a final digit or table letter.
    """
    body = twelve_chars.upper()
    return upn_check_letter(body) + body


def validate_upn(value: str) -> str:
    """Return the UPN in ``value``, trimmed and upper-cased.

    Guarantees the result is 13 characters: a check letter, 11 digits, and a digit (permanent UPN)
    or a letter from the 23-letter table (temporary UPN), with the check letter correct under the
    DfE algorithm (see :func:`upn_check_letter`). A single mistyped digit, a single mistyped final
    letter and a mistyped check letter are always detected; the scheme cannot detect a final digit
    replaced by the letter of equal value (5 and F, say). Raises :class:`InvalidValue` otherwise.
    """
    upn = value.strip().upper()
    if len(upn) != 13 or upn[0] not in _UPN_LETTERS or not _UPN_BODY_RE.match(upn[1:]):
        raise InvalidValue(_UPN_MESSAGE, field="upn")
    if upn_check_letter(upn[1:]) != upn[0]:
        raise InvalidValue(_UPN_MESSAGE, field="upn")
    return upn


def is_valid_upn(value: str) -> bool:
    """True when :func:`validate_upn` would accept ``value``."""
    try:
        validate_upn(value)
    except InvalidValue:
        return False
    return True


# --------------------------------------------------------------------------------------------
# Names
# --------------------------------------------------------------------------------------------

# Latin letters that NFKD does not decompose into a base letter and an accent.
_LETTER_FOLDS: Final = str.maketrans(
    {
        "ø": "o",
        "æ": "ae",
        "œ": "oe",
        "ł": "l",
        "đ": "d",
        "ð": "d",
        "þ": "th",
        "\u0131": "i",  # dotless i
        "ħ": "h",
        "ŧ": "t",
    }
)
# Characters dropped without leaving a gap: apostrophes and full stops ("O'Neill" -> "oneill",
# "St.John" -> "stjohn").
_DROPPED: Final = frozenset("'`.\u2019\u2018\u02bc\u00b4")
# Characters that join the parts of a double-barrelled name.
_HYPHENS: Final = frozenset("-\u2010\u2011\u2012\u2013\u2014\u2015")


def _fold_once(value: str) -> str:
    decomposed = unicodedata.normalize("NFKD", value.casefold())
    out: list[str] = []
    for char in decomposed.translate(_LETTER_FOLDS):
        if unicodedata.category(char).startswith("M") or char in _DROPPED:
            continue
        if char.isalpha():
            out.append(char)
        elif char in _HYPHENS:
            out.append("-")
        else:
            out.append(" ")
    joined = re.sub(r"\s*-[\s-]*", "-", "".join(out))
    words = (word.strip("-") for word in joined.split())
    return " ".join(word for word in words if word)


def normalise_name(value: str) -> str:
    """Return a name folded for comparison.

    Guarantees: the result is case-folded, has no accents or other combining marks (NFKD, then
    marks dropped; ø, æ, ł and the like folded to Latin letters), contains only letters, single
    spaces and single hyphens, has no leading, trailing or doubled separators, and
    ``normalise_name(result) == result``. Apostrophes and full stops are removed ("O'Neill" ->
    "oneill"); dashes become hyphens with no space around them ("Smith - Jones" -> "smith-jones");
    anything else that is not a letter (digits, commas, brackets) separates words. Letters of
    non-Latin scripts are kept.
    """
    result = _fold_once(value)
    # Case folding and compatibility decomposition can each expose characters the other changes;
    # a few rounds always reach a fixed point for real text.
    for _ in range(3):
        again = _fold_once(result)
        if again == result:
            break
        result = again
    return result


def name_tokens(value: str) -> list[str]:
    """Return the parts of a normalised name, split on spaces and hyphens ("Smith-Jones" ->
    ["smith", "jones"]). Every token is non-empty and is its own :func:`normalise_name`."""
    return [token for token in re.split(r"[ \-]", normalise_name(value)) if token]


def name_key(value: str) -> str:
    """Return the name tokens joined with no separator ("Smith-Jones", "Smith Jones" and
    "smithjones" all give "smithjones")."""
    return "".join(name_tokens(value))


# --------------------------------------------------------------------------------------------
# Given-name variants (nicknames and spellings)
# --------------------------------------------------------------------------------------------

# safehub's one table of given-name nicknames and spelling variants, shared by interactive
# search (here) and batch linkage (safehub.people.linkage._nicknames): one row per formal name
# and variant. It holds every row of the older data/uk_nicknames.csv (still read by the front
# door's screening) and the linkage engine's former lists.
_VARIANTS_PATH: Final = Path(__file__).resolve().parent / "data" / "given_name_variants.csv"


def _read_uk_groups(lines: Iterable[str]) -> dict[str, frozenset[str]]:
    """Map each formal name to its group: itself and every nickname or spelling listed for it."""
    groups: dict[str, set[str]] = defaultdict(set)
    for row in csv.DictReader(lines):
        formal, nickname = name_key(row["formal"]), name_key(row["nickname"])
        if formal and nickname:
            groups[formal].update((formal, nickname))
    return {formal: frozenset(members) for formal, members in groups.items()}


@cache
def given_name_groups() -> dict[str, frozenset[str]]:
    """safehub's given-name variant table (``data/given_name_variants.csv``) as groups: each
    formal name's key mapped to its group (itself and every nickname or spelling listed for it),
    in table order. Batch linkage derives its nickname keys from these groups."""
    with _VARIANTS_PATH.open(encoding="utf-8", newline="") as handle:
        return _read_uk_groups(handle)


@cache
def _uk_variants() -> dict[str, frozenset[str]]:
    """Each name key in the UK table mapped to the union of every group it belongs to."""
    groups = given_name_groups()
    variants: dict[str, set[str]] = defaultdict(set)
    for members in groups.values():
        for member in members:
            variants[member].update(members)
    return {key: frozenset(names) for key, names in variants.items()}


@cache
def _package_variants() -> dict[str, frozenset[str]]:
    """Each name key in the ``nicknames`` package mapped to its direct nicknames and canonical
    names (one step only: the package is large and US-centred, so its nicknames are not chained
    through each other)."""
    variants: dict[str, set[str]] = defaultdict(set)
    for canonical, nicknames in NickNamer().nickname_lookup.items():
        canonical_key = name_key(canonical)
        for nickname in nicknames:
            nickname_key = name_key(nickname)
            if canonical_key and nickname_key and canonical_key != nickname_key:
                variants[canonical_key].add(nickname_key)
                variants[nickname_key].add(canonical_key)
    return {key: frozenset(names) for key, names in variants.items()}


def given_name_variants(value: str) -> frozenset[str]:
    """Return the name key of a given name with the keys of its nickname and formal equivalents.

    Keys are :func:`name_key` forms, so "Lee-Ann", "Lee Ann" and "Leeann" agree. The set contains
    the name's own key (empty set for a blank name), and:

    * from safehub's UK table (``data/given_name_variants.csv``, which batch linkage uses too),
      every name that shares a row group with it: a formal name, its nicknames and its spelling
      variants are all equivalent to one another ("becky" gives "rebecca", "becca" and "bex";
      "sam" gives "samantha" and "samuel", but "samantha" does not give "samuel");
    * from the ``nicknames`` package, its direct nicknames and the names it is a nickname of.

    The relation is symmetric: ``b`` is in ``given_name_variants(a)`` exactly when ``a`` is in
    ``given_name_variants(b)``. It is not transitive. The whole given name is looked up; call this
    per token for multi-part given names.
    """
    key = name_key(value)
    if not key:
        return frozenset()
    return (
        frozenset({key})
        | _uk_variants().get(key, frozenset())
        | _package_variants().get(key, frozenset())
    )


def are_nickname_equivalent(a: str, b: str) -> bool:
    """True when the two given names have the same key or one is a variant of the other (see
    :func:`given_name_variants`); False if either is blank. Symmetric."""
    key_b = name_key(b)
    return bool(key_b) and key_b in given_name_variants(a)


# --------------------------------------------------------------------------------------------
# Phonetic keys
# --------------------------------------------------------------------------------------------


def _simplify_for_sound(token: str) -> str:
    """English spelling rewrites that Metaphone misses: a silent ``p`` in ``mps``/``mpt``
    (Thompson, Sampson) and ``th`` spoken as ``t`` at the start (Thomas, Thompson)."""
    simplified = token.replace("mps", "ms").replace("mpt", "mt")
    if simplified.startswith("th"):
        simplified = "t" + simplified[2:]
    return simplified


def phonetic_keys(value: str) -> frozenset[str]:
    """Return sound-alike keys for a name: two names that may sound the same share a key.

    For each :func:`name_tokens` token (and, for several tokens, for the :func:`name_key` too) the
    set holds its Metaphone code, its Metaphone code after a few English spelling rewrites (see
    ``_simplify_for_sound``) and its NYSIIS code, prefixed ``"mp:"`` or ``"ny:"`` so the two
    algorithms never collide. "Mohammed"/"Muhammad", "Kayleigh"/"Kaylee", "Thompson"/"Thomson"
    and "Stephen"/"Steven" each share a key. Blank names give an empty set. Keys are blocking and
    evidence aids, not proof: short names collide freely.
    """
    tokens = name_tokens(value)
    if len(tokens) > 1:
        tokens.append("".join(tokens))
    keys: set[str] = set()
    for token in tokens:
        for spelling in {token, _simplify_for_sound(token)}:
            metaphone = jellyfish.metaphone(spelling)
            if metaphone:
                keys.add(f"mp:{metaphone}")
        nysiis = jellyfish.nysiis(token)
        if nysiis:
            keys.add(f"ny:{nysiis}")
    return frozenset(keys)


# --------------------------------------------------------------------------------------------
# Dates of birth
# --------------------------------------------------------------------------------------------

_ISO_DATE_RE: Final = re.compile(r"\A([0-9]{4})-([0-9]{2})-([0-9]{2})\Z")
_UK_DATE_RE: Final = re.compile(r"\A([0-9]{1,2})/([0-9]{1,2})/([0-9]{4})\Z")
_EARLIEST_BIRTH_YEAR: Final = 1900
_DOB_FORMAT_MESSAGE: Final = "Enter the date of birth as a real date, like 27/03/2011"
_DOB_FUTURE_MESSAGE: Final = "Date of birth must be today or in the past"

DobAgreement = Literal[
    "exact", "day_month_swap", "one_digit_typo", "year_only", "close", "missing", "different"
]


def parse_date_of_birth(value: str, today: date | None = None) -> date:
    """Return the date of birth written in ``value``.

    Accepts ``YYYY-MM-DD`` and ``DD/MM/YYYY`` (day and month may be one digit), with surrounding
    whitespace. Guarantees the result is a real calendar date in or after 1900 and not after
    ``today`` (default: :meth:`date.today`; Django callers should pass
    ``django.utils.timezone.localdate()``). Raises :class:`InvalidValue` for other formats,
    impossible dates such as 31/02/2010, earlier years and future dates.
    """
    text = value.strip()
    if match := _ISO_DATE_RE.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif match := _UK_DATE_RE.match(text):
        day, month, year = (int(part) for part in match.groups())
    else:
        raise InvalidValue(_DOB_FORMAT_MESSAGE, field="date_of_birth")
    try:
        parsed = date(year, month, day)
    except ValueError:
        raise InvalidValue(_DOB_FORMAT_MESSAGE, field="date_of_birth") from None
    if parsed.year < _EARLIEST_BIRTH_YEAR:
        raise InvalidValue(_DOB_FORMAT_MESSAGE, field="date_of_birth")
    if parsed > (today if today is not None else date.today()):
        raise InvalidValue(_DOB_FUTURE_MESSAGE, field="date_of_birth")
    return parsed


def dob_day_month_swapped(a: date, b: date) -> bool:
    """True when the dates differ only by day and month being swapped (same year, a's day is b's
    month and a's month is b's day). Identical dates are not a swap. Symmetric."""
    return a != b and a.year == b.year and a.day == b.month and a.month == b.day


def _one_digit_edit(x: str, y: str) -> bool:
    """True when equal-length digit strings differ by one substituted digit or by one pair of
    adjacent digits transposed."""
    if len(x) != len(y) or x == y:
        return False
    differences = [i for i, (p, q) in enumerate(zip(x, y, strict=True)) if p != q]
    if len(differences) == 1:
        return True
    if len(differences) == 2:
        i, j = differences
        return j == i + 1 and x[i] == y[j] and x[j] == y[i]
    return False


def dob_agreement(a: date | None, b: date | None) -> DobAgreement:
    """Classify how two recorded dates of birth agree, for record linkage.

    The first that applies, in this order:

    * ``"missing"``: either date is ``None``;
    * ``"exact"``: the same date;
    * ``"day_month_swap"``: same year, day and month swapped (03/04 against 04/03);
    * ``"one_digit_typo"``: exactly one of day, month and year differs, and it differs by one
      keyed digit (compared zero-padded: DD, MM, YYYY) or two adjacent digits transposed;
    * ``"year_only"``: same day and month, years at most 2 apart (wrong year typed);
    * ``"close"``: within 31 days of each other;
    * ``"different"``: anything else.

    Guarantees ``dob_agreement(a, b) == dob_agreement(b, a)``.
    """
    if a is None or b is None:
        return "missing"
    if a == b:
        return "exact"
    if dob_day_month_swapped(a, b):
        return "day_month_swap"
    parts_a = (f"{a.day:02d}", f"{a.month:02d}", f"{a.year:04d}")
    parts_b = (f"{b.day:02d}", f"{b.month:02d}", f"{b.year:04d}")
    differing = [(p, q) for p, q in zip(parts_a, parts_b, strict=True) if p != q]
    if len(differing) == 1 and _one_digit_edit(*differing[0]):
        return "one_digit_typo"
    if a.day == b.day and a.month == b.month and abs(a.year - b.year) <= 2:
        return "year_only"
    if abs((a - b).days) <= 31:
        return "close"
    return "different"
