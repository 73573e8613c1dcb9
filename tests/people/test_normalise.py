"""Tests for safehub.people.normalise: validating and normalising identifying details.

Every value here is synthetic: telephone numbers come from Ofcom's drama ranges, NHS numbers and
unique pupil numbers are made up with correct check digits, names are common names.
"""

from __future__ import annotations

import csv
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from safehub.people import normalise
from safehub.people.normalise import (
    InvalidValue,
    are_nickname_equivalent,
    dob_agreement,
    dob_day_month_swapped,
    format_nhs_number,
    given_name_variants,
    is_valid_nhs_number,
    is_valid_upn,
    make_upn,
    name_key,
    name_tokens,
    normalise_email,
    normalise_name,
    normalise_phone,
    normalise_postcode,
    parse_date_of_birth,
    phonetic_keys,
    postcode_outward,
    postcode_sector,
    upn_check_letter,
    validate_nhs_number,
    validate_upn,
)

FAST = settings(max_examples=200, deadline=None)

# ---------------------------------------------------------------------------------------------
# Strategies
# ---------------------------------------------------------------------------------------------

DIGITS = "0123456789"
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"

_first = st.sampled_from("ABCDEFGHIJKLMNOPRSTUWYZ")  # not Q, V, X
_second = st.sampled_from("ABCDEFGHKLMNOPQRSTUVWXY")  # not I, J, Z
_third_a9a = st.sampled_from("ABCDEFGHJKPSTUW")
_fourth_aa9a = st.sampled_from("ABEHMNPRVWXY")
_digit = st.sampled_from(DIGITS)
_inward_letter = st.sampled_from("ABDEFGHJLNPQRSTUWXYZ")  # not C, I, K, M, O, V

_outward = st.one_of(
    st.tuples(_first, _digit).map("".join),  # A9
    st.tuples(_first, _digit, _digit).map("".join),  # A99
    st.tuples(_first, _second, _digit).map("".join),  # AA9
    st.tuples(_first, _second, _digit, _digit).map("".join),  # AA99
    st.tuples(_first, _digit, _third_a9a).map("".join),  # A9A
    st.tuples(_first, _second, _digit, _fourth_aa9a).map("".join),  # AA9A
)
canonical_postcodes = st.builds(
    lambda outward, inward: f"{outward} {inward}",
    _outward,
    st.tuples(_digit, _inward_letter, _inward_letter).map("".join),
)


@st.composite
def scruffy(draw: st.DrawFn, value: str) -> str:
    """``value`` with random case and random whitespace between and around its characters."""
    out = [draw(st.sampled_from(["", " ", "  ", "\t"]))]
    for char in value.replace(" ", ""):
        out.append(char.lower() if draw(st.booleans()) else char)
        out.append(draw(st.sampled_from(["", "", "", " ", "  "])))
    return "".join(out)


drama_mobile = st.integers(0, 999).map(lambda n: f"7700900{n:03d}")
drama_no_area = st.integers(0, 999).map(lambda n: f"1632960{n:03d}")
drama_london = st.integers(0, 999).map(lambda n: f"2079460{n:03d}")
drama_national = st.one_of(drama_mobile, drama_no_area, drama_london)


@st.composite
def written_phone(draw: st.DrawFn) -> tuple[str, str]:
    """A drama-range number written in one of the ways people write UK numbers, with its E.164."""
    national = draw(drama_national)
    prefix = draw(st.sampled_from(["0", "+44 ", "+44", "0044 ", "+44 (0)", "00 44 "]))
    split = draw(st.integers(1, len(national) - 1))
    separator = draw(st.sampled_from(["", " ", "-"]))
    return prefix + national[:split] + separator + national[split:], "+44" + national


def reference_nhs_check(first_nine: str) -> int:
    """An independent statement of the NHS modulus-11 rule (returns 10 for 'cannot be used')."""
    total = sum(int(d) * w for d, w in zip(first_nine, [10, 9, 8, 7, 6, 5, 4, 3, 2], strict=True))
    remainder = total % 11
    return 0 if remainder == 0 else 11 - remainder


@st.composite
def nhs_numbers(draw: st.DrawFn) -> str:
    first_nine = draw(st.text(alphabet=DIGITS, min_size=9, max_size=9))
    check = reference_nhs_check(first_nine)
    assume(check != 10)
    number = first_nine + str(check)
    assume(len(set(number)) > 1)  # repeated-digit placeholders are rejected by design
    return number


upn_bodies = st.builds(
    lambda digits, last: digits + last,
    st.text(alphabet=DIGITS, min_size=11, max_size=11),
    st.sampled_from(DIGITS + UPN_LETTERS),
)
dates = st.dates(min_value=date(1990, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def related_dates(draw: st.DrawFn) -> tuple[date | None, date | None]:
    """Pairs of dates of birth that are often near each other, so every class gets exercised."""
    a = draw(dates)
    kind = draw(st.sampled_from(["same", "swap", "shift", "year", "any", "none"]))
    if kind == "same":
        b: date | None = a
    elif kind == "swap":
        try:
            b = date(a.year, a.day, a.month) if a.day <= 12 else a
        except ValueError:
            b = a
    elif kind == "shift":
        b = a + timedelta(days=draw(st.integers(-40, 40)))
    elif kind == "year":
        try:
            b = a.replace(year=a.year + draw(st.integers(-3, 3)))
        except ValueError:
            b = a
    elif kind == "any":
        b = draw(dates)
    else:
        b = None
    if draw(st.booleans()):
        return b, a
    return a, b


# ---------------------------------------------------------------------------------------------
# Postcodes
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("sw1a1aa", "SW1A 1AA"),
        (" b1 1bb ", "B1 1BB"),
        ("TF3 4AB", "TF3 4AB"),
        ("tf34ab", "TF3 4AB"),
        ("ec1a 1bb", "EC1A 1BB"),
        ("W1A 0AX", "W1A 0AX"),
        ("m1 1ae", "M1 1AE"),
        ("cr2 6xh", "CR2 6XH"),
        ("dn55 1pt", "DN55 1PT"),
        ("gir0aa", "GIR 0AA"),
        ("GIR 0AA", "GIR 0AA"),
    ],
)
def test_normalise_postcode_examples(raw: str, expected: str) -> None:
    assert normalise_postcode(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        "TF3",
        "TF3 4",
        "not a postcode",
        "QA1 1AA",  # Q never starts a postcode
        "VA1 1AA",
        "XA1 1AA",
        "AI1 1AA",  # I never second
        "A1 1CA",  # C never in the inward code
        "A1 1AI",
        "A1 1AO",
        "A1 1AV",
        "BFPO 1234",
        "TF3 4AB X",
        "1TF 4AB",
        "TF34 4ABC",
    ],
)
def test_normalise_postcode_rejects(raw: str) -> None:
    with pytest.raises(InvalidValue) as excinfo:
        normalise_postcode(raw)
    assert excinfo.value.message == "Enter a real UK postcode, like TF3 4AB"
    assert excinfo.value.field == "postcode"
    assert isinstance(excinfo.value, ValueError)


def test_postcode_parts() -> None:
    assert postcode_outward("tf34ab") == "TF3"
    assert postcode_sector("tf34ab") == "TF3 4"
    assert postcode_outward("SW1A 1AA") == "SW1A"
    assert postcode_sector("sw1a1aa") == "SW1A 1"
    with pytest.raises(InvalidValue):
        postcode_sector("nowhere")


@FAST
@given(canonical_postcodes)
def test_generated_postcodes_are_fixed_points(postcode: str) -> None:
    assert normalise_postcode(postcode) == postcode


@FAST
@given(canonical_postcodes.flatmap(lambda p: st.tuples(st.just(p), scruffy(p))))
def test_postcode_insensitive_to_case_and_spacing(pair: tuple[str, str]) -> None:
    canonical, written = pair
    assert normalise_postcode(written) == canonical


@FAST
@given(st.text(max_size=12))
def test_postcode_idempotent_or_rejected(raw: str) -> None:
    try:
        result = normalise_postcode(raw)
    except InvalidValue:
        return
    assert normalise_postcode(result) == result
    assert result == result.upper() and result.count(" ") == 1


# ---------------------------------------------------------------------------------------------
# Phone numbers
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("07700 900123", "+447700900123"),
        ("+44 7700 900123", "+447700900123"),
        ("+44 (0)7700 900123", "+447700900123"),
        ("0044 7700 900123", "+447700900123"),
        ("07700-900-123", "+447700900123"),
        ("(01632) 960000", "+441632960000"),
        ("01632 960999", "+441632960999"),
        ("020 7946 0123", "+442079460123"),
        ("0113 496 0456", "+441134960456"),
        ("0115 496 0789", "+441154960789"),
        ("+447700900123", "+447700900123"),
    ],
)
def test_normalise_phone_examples(raw: str, expected: str) -> None:
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "123",
        "07700 90012",  # one digit short
        "07700 9001234",  # one digit long
        "phone me",
        "07700 900123 ext 4",
        "+44",
        "0000 000000",
    ],
)
def test_normalise_phone_rejects(raw: str) -> None:
    with pytest.raises(InvalidValue) as excinfo:
        normalise_phone(raw)
    assert excinfo.value.field == "phone"
    assert "phone number" in excinfo.value.message


@FAST
@given(written_phone())
def test_phone_written_forms_agree(pair: tuple[str, str]) -> None:
    written, e164 = pair
    assert normalise_phone(written) == e164


@FAST
@given(st.one_of(written_phone().map(lambda pair: pair[0]), st.text(alphabet="0123456789 +()-")))
def test_phone_idempotent_or_rejected(raw: str) -> None:
    try:
        result = normalise_phone(raw)
    except InvalidValue:
        return
    assert normalise_phone(result) == result
    assert result.startswith("+") and result[1:].isdigit()


# ---------------------------------------------------------------------------------------------
# E-mail addresses
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  Jo.Bloggs@Example.ORG ", "jo.bloggs@example.org"),
        ("duty.team+cse@severnside.gov.uk", "duty.team+cse@severnside.gov.uk"),
        ("A@B.CO", "a@b.co"),
        ("name@xn--bcher-kva.example", "name@xn--bcher-kva.example"),
    ],
)
def test_normalise_email_examples(raw: str, expected: str) -> None:
    assert normalise_email(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "jo",
        "jo@",
        "@example.com",
        "jo@example",
        "jo@@example.com",
        "jo@ex@ample.com",
        "jo bloggs@example.com",
        ".jo@example.com",
        "jo..b@example.com",
        "jo@-example.com",
        "jo@example..com",
        "jo@example.c",
        "jo@example.123",
        "x" * 65 + "@example.com",
    ],
)
def test_normalise_email_rejects(raw: str) -> None:
    with pytest.raises(InvalidValue) as excinfo:
        normalise_email(raw)
    assert excinfo.value.field == "email"
    assert "email address" in excinfo.value.message


@FAST
@given(st.text(max_size=30))
def test_email_idempotent_or_rejected(raw: str) -> None:
    try:
        result = normalise_email(raw)
    except InvalidValue:
        return
    assert normalise_email(result) == result
    assert result == result.strip().lower()


# ---------------------------------------------------------------------------------------------
# NHS numbers
# ---------------------------------------------------------------------------------------------


def test_nhs_number_examples() -> None:
    assert validate_nhs_number("943 476 5919") == "9434765919"
    assert validate_nhs_number("943-476-5919") == "9434765919"
    assert validate_nhs_number(" 9434765919 ") == "9434765919"
    assert format_nhs_number("9434765919") == "943 476 5919"
    assert is_valid_nhs_number("9434765919")
    assert not is_valid_nhs_number("9434765918")


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "943476591",  # nine digits
        "94347659190",  # eleven digits
        "9434765918",  # wrong check digit
        "943476591X",
        "0000000000",  # placeholder, although its check digit works
        "1111111111",  # placeholder, although its check digit works
        "\uff19\uff14\uff13\uff14\uff17\uff16\uff15\uff19\uff11\uff19",  # fullwidth digits
    ],
)
def test_nhs_number_rejects(raw: str) -> None:
    with pytest.raises(InvalidValue) as excinfo:
        validate_nhs_number(raw)
    assert excinfo.value.field == "nhs_number"
    assert excinfo.value.message.startswith(
        "Enter a valid NHS number: 10 digits, like 943 476 5919"
    )


def test_nine_digits_whose_check_would_be_ten_never_validate() -> None:
    # 100000001: 10*1 + 2*1 = 12; 12 % 11 = 1; 11 - 1 = 10, so no check digit works.
    assert reference_nhs_check("100000001") == 10
    assert not any(is_valid_nhs_number(f"100000001{d}") for d in DIGITS)


@FAST
@given(nhs_numbers())
def test_generated_nhs_numbers_validate(number: str) -> None:
    assert validate_nhs_number(number) == number
    spaced = format_nhs_number(number)
    assert validate_nhs_number(spaced) == number


@FAST
@given(nhs_numbers(), st.integers(0, 9), st.integers(1, 9))
def test_any_single_digit_substitution_is_detected(number: str, position: int, shift: int) -> None:
    replacement = str((int(number[position]) + shift) % 10)
    mistyped = number[:position] + replacement + number[position + 1 :]
    assert mistyped != number
    assert not is_valid_nhs_number(mistyped)


# ---------------------------------------------------------------------------------------------
# Unique pupil numbers
# ---------------------------------------------------------------------------------------------


def test_upn_examples() -> None:
    # Worked by hand: 8*2 + 1*4 + 2*5 + 5*10 + 1*13 = 93; 93 % 23 = 1 -> B.
    assert validate_upn("B801200005001") == "B801200005001"
    assert validate_upn(" b801200005001 ") == "B801200005001"
    # Temporary UPNs: final A counts 0 (80 % 23 = 11 -> M); final Z counts 22 (366 % 23 = 21 -> Y).
    assert validate_upn("M80120000500A") == "M80120000500A"
    assert validate_upn("Y80120000500Z") == "Y80120000500Z"
    assert make_upn("801200005001") == "B801200005001"
    assert make_upn("80120000500a") == "M80120000500A"
    assert upn_check_letter("80120000500Z") == "Y"
    assert is_valid_upn("B801200005001")
    assert not is_valid_upn("A801200005001")


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "B80120000500",  # 12 characters
        "B8012000050011",  # 14 characters
        "A801200005001",  # wrong check letter
        "I801200005001",  # I is never a check letter
        "X80120000A001",  # letters only allowed last
        "B80120000500I",  # I, O and S are not used
        "B80120000500O",
        "B80120000500S",
        "1801200005001",
    ],
)
def test_upn_rejects(raw: str) -> None:
    with pytest.raises(InvalidValue) as excinfo:
        validate_upn(raw)
    assert excinfo.value.field == "upn"
    assert "unique pupil number" in excinfo.value.message


def test_make_upn_rejects_bad_bodies() -> None:
    for body in ["", "80120000500", "8012000050011", "8012000050A1", "80120000500S"]:
        with pytest.raises(InvalidValue):
            make_upn(body)


@FAST
@given(upn_bodies)
def test_generated_upns_validate(body: str) -> None:
    upn = make_upn(body)
    assert len(upn) == 13 and upn[0] in UPN_LETTERS
    assert validate_upn(upn) == upn
    assert validate_upn(upn.lower()) == upn


@FAST
@given(upn_bodies, st.integers(0, 12), st.integers(1, 22))
def test_any_single_character_substitution_in_a_upn_is_detected(
    body: str, position: int, shift: int
) -> None:
    upn = make_upn(body)
    char = upn[position]
    if char.isdigit():
        # Digits are replaced by digits (positions 2-13).
        replacement = str((int(char) + shift) % 10)
        assume(replacement != char)
    else:
        # The check letter, or the final letter of a temporary UPN, by another table letter.
        replacement = UPN_LETTERS[(UPN_LETTERS.index(char) + shift) % 23]
    mistyped = upn[:position] + replacement + upn[position + 1 :]
    assert mistyped != upn
    assert not is_valid_upn(mistyped)


# ---------------------------------------------------------------------------------------------
# Names
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("O'Neill", "oneill"),
        ("O\u2019Neill", "oneill"),
        ("  Zoë   SMITH  ", "zoe smith"),
        ("Smith-Jones", "smith-jones"),
        ("Smith - Jones", "smith-jones"),
        ("Smith\u2013Jones", "smith-jones"),
        ("-Smith--Jones-", "smith-jones"),
        ("Siân Łukasz Øster", "sian lukasz oster"),
        ("STRAẞE", "strasse"),
        ("St. John", "st john"),
        ("Jo 2", "jo"),
        ("", ""),
        ("'-", ""),
    ],
)
def test_normalise_name_examples(raw: str, expected: str) -> None:
    assert normalise_name(raw) == expected


def test_name_tokens_and_key() -> None:
    assert name_tokens("Smith-Jones") == ["smith", "jones"]
    assert name_tokens("  Mary  Ann ") == ["mary", "ann"]
    assert name_tokens("") == []
    assert name_key("Smith-Jones") == "smithjones"
    assert name_key("Smith Jones") == name_key("smithjones") == "smithjones"
    assert name_key("Lee-Ann") == name_key("Lee Ann") == name_key("Leeann")


@FAST
@given(st.text(max_size=40))
def test_normalise_name_idempotent(raw: str) -> None:
    once = normalise_name(raw)
    assert normalise_name(once) == once
    assert once == once.strip() and "  " not in once and "--" not in once
    assert all(char.isalpha() or char in " -" for char in once)


@FAST
@given(st.text(max_size=40))
def test_name_tokens_idempotent(raw: str) -> None:
    tokens = name_tokens(raw)
    assert name_tokens(" ".join(tokens)) == tokens
    assert name_tokens("-".join(tokens)) == tokens
    assert all(token and normalise_name(token) == token for token in tokens)
    assert name_key(raw) == "".join(tokens)


# ---------------------------------------------------------------------------------------------
# Given-name variants
# ---------------------------------------------------------------------------------------------

UK_TABLE = Path(normalise.__file__).parent / "data" / "uk_nicknames.csv"


def uk_table_rows() -> list[tuple[str, str]]:
    with UK_TABLE.open(encoding="utf-8", newline="") as handle:
        return [(row["formal"], row["nickname"]) for row in csv.DictReader(handle)]


def test_uk_table_shape() -> None:
    rows = uk_table_rows()
    assert 60 <= len(rows) <= 130
    assert len(set(rows)) == len(rows), "duplicate rows"
    for formal, nickname in rows:
        assert formal and nickname and formal != nickname
        assert normalise_name(formal) == formal and normalise_name(nickname) == nickname


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Rebecca", "Becky"),
        ("Rebecca", "Becca"),
        ("Rebecca", "Bex"),
        ("Becky", "Bex"),
        ("William", "Liam"),
        ("Elizabeth", "Libby"),
        ("Elizabeth", "Ellie"),
        ("Margaret", "Peggy"),
        ("Katherine", "Catherine"),
        ("Catherine", "Kathryn"),
        ("Kate", "Kathryn"),
        ("Alexandra", "Lexi"),
        ("Jacqueline", "Jackie"),
        ("Charlotte", "Charlie"),
        ("Samantha", "Sam"),
        ("Samuel", "Sam"),
        ("Olivia", "Livvy"),
        ("Amelia", "Millie"),
        ("Mohammed", "Muhammad"),
        ("Mohamed", "Mo"),
        ("Kayleigh", "Kaylee"),
        ("Kayley", "Kaylee"),
        ("Zoe", "Zoey"),
        ("Zoë", "Zoey"),
        ("Leanne", "Lee-Ann"),
        ("Leanne", "Lee Ann"),
        ("Jayden", "Jaiden"),
        ("Jaden", "Jaiden"),
        ("Nicholas", "Nick"),
        ("Victoria", "Tori"),
    ],
)
def test_nickname_equivalents(a: str, b: str) -> None:
    assert are_nickname_equivalent(a, b)
    assert are_nickname_equivalent(b, a)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Samantha", "Samuel"),
        ("Rebecca", "Charlotte"),
        ("Jayden", "Kayleigh"),
        ("", ""),
        ("Sam", ""),
    ],
)
def test_not_nickname_equivalent(a: str, b: str) -> None:
    assert not are_nickname_equivalent(a, b)


def test_given_name_variants_contents() -> None:
    assert given_name_variants("") == frozenset()
    assert given_name_variants("  REBECCA ") >= {"rebecca", "becky", "becca", "bex"}
    assert "rebecca" in given_name_variants("rebecca")
    assert given_name_variants("Xqzzy") == frozenset({"xqzzy"})
    assert given_name_variants("Lee-Ann") == given_name_variants("Leeann")
    assert are_nickname_equivalent("Chloe", "chloé")


def test_given_name_variants_symmetric_over_uk_table() -> None:
    names = {name_key(name) for row in uk_table_rows() for name in row}
    for name in names:
        for variant in given_name_variants(name):
            assert name in given_name_variants(variant), (name, variant)
    for formal, nickname in uk_table_rows():
        assert name_key(nickname) in given_name_variants(formal)
        assert name_key(formal) in given_name_variants(nickname)


@FAST
@given(st.sampled_from(sorted(normalise._package_variants())))
def test_given_name_variants_symmetric_over_package(name: str) -> None:
    for variant in given_name_variants(name):
        assert name in given_name_variants(variant), (name, variant)


# ---------------------------------------------------------------------------------------------
# Phonetic keys
# ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Mohammed", "Muhammad"),
        ("Mohamed", "Muhammad"),
        ("Kayleigh", "Kaylee"),
        ("Thompson", "Thomson"),
        ("Thompson", "Tomson"),
        ("Stephen", "Steven"),
        ("Jayden", "Jaden"),
        ("Zoe", "Zoey"),
        ("Smith-Jones", "Smyth Jones"),
    ],
)
def test_sound_alikes_share_a_key(a: str, b: str) -> None:
    assert phonetic_keys(a) & phonetic_keys(b)


def test_phonetic_keys_shape() -> None:
    assert phonetic_keys("") == frozenset()
    assert phonetic_keys("'-") == frozenset()
    keys = phonetic_keys("Rebecca")
    assert keys and all(key.startswith(("mp:", "ny:")) for key in keys)
    assert not phonetic_keys("Rebecca") & phonetic_keys("Kayleigh")


@FAST
@given(st.text(max_size=30))
def test_phonetic_keys_never_fail(raw: str) -> None:
    keys = phonetic_keys(raw)
    assert phonetic_keys(normalise_name(raw)) == keys


# ---------------------------------------------------------------------------------------------
# Dates of birth
# ---------------------------------------------------------------------------------------------

TODAY = date(2025, 6, 1)


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2011-03-27", date(2011, 3, 27)),
        ("27/03/2011", date(2011, 3, 27)),
        ("7/3/2011", date(2011, 3, 7)),
        (" 29/02/2012 ", date(2012, 2, 29)),
        ("01/06/2025", TODAY),
    ],
)
def test_parse_date_of_birth(raw: str, expected: date) -> None:
    assert parse_date_of_birth(raw, today=TODAY) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "31/02/2010",
        "29/02/2011",
        "2010-13-01",
        "00/01/2010",
        "2011/03/27",
        "27-03-2011",
        "27/03/11",
        "1899-12-31",
        "٢٧/٠٣/٢٠١١",  # Arabic-Indic digits
        "yesterday",
    ],
)
def test_parse_date_of_birth_rejects(raw: str) -> None:
    with pytest.raises(InvalidValue) as excinfo:
        parse_date_of_birth(raw, today=TODAY)
    assert excinfo.value.field == "date_of_birth"
    assert "date of birth" in excinfo.value.message.lower()


def test_parse_date_of_birth_rejects_future() -> None:
    with pytest.raises(InvalidValue) as excinfo:
        parse_date_of_birth("02/06/2025", today=TODAY)
    assert excinfo.value.message == "Date of birth must be today or in the past"
    assert parse_date_of_birth("2000-01-01") == date(2000, 1, 1)  # default today


@FAST
@given(st.dates(min_value=date(1900, 1, 1), max_value=TODAY))
def test_parse_date_of_birth_round_trips(day: date) -> None:
    assert parse_date_of_birth(day.isoformat(), today=TODAY) == day
    assert parse_date_of_birth(day.strftime("%d/%m/%Y"), today=TODAY) == day


def test_dob_day_month_swapped() -> None:
    assert dob_day_month_swapped(date(2012, 4, 3), date(2012, 3, 4))
    assert not dob_day_month_swapped(date(2012, 4, 3), date(2013, 3, 4))
    assert not dob_day_month_swapped(date(2012, 4, 4), date(2012, 4, 4))
    assert not dob_day_month_swapped(date(2012, 4, 3), date(2012, 4, 5))


@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        (date(2012, 4, 3), date(2012, 4, 3), "exact"),
        (date(2012, 4, 3), date(2012, 3, 4), "day_month_swap"),
        (date(2012, 4, 3), date(2012, 4, 8), "one_digit_typo"),  # 03 / 08
        (date(2012, 4, 12), date(2012, 4, 21), "one_digit_typo"),  # 12 / 21 transposed
        (date(2012, 4, 3), date(2012, 7, 3), "one_digit_typo"),  # month 04 / 07
        (date(2012, 4, 3), date(2018, 4, 3), "one_digit_typo"),  # 2012 / 2018
        (date(2012, 4, 3), date(2021, 4, 3), "one_digit_typo"),  # 2012 / 2021 transposed
        (date(2009, 4, 3), date(2010, 4, 3), "year_only"),  # two digits differ, one year apart
        (date(2009, 4, 3), date(2011, 4, 3), "year_only"),
        (date(2009, 4, 3), date(2012, 4, 3), "different"),  # three years
        (date(2012, 4, 3), date(2012, 4, 25), "close"),
        (date(2012, 12, 30), date(2013, 1, 2), "close"),
        (date(2012, 4, 3), date(2012, 6, 3), "one_digit_typo"),
        (date(2012, 4, 3), date(2012, 6, 30), "different"),
        (date(2012, 4, 3), None, "missing"),
        (None, None, "missing"),
    ],
)
def test_dob_agreement_examples(a: date | None, b: date | None, expected: str) -> None:
    assert dob_agreement(a, b) == expected
    assert dob_agreement(b, a) == expected


@FAST
@given(related_dates())
def test_dob_agreement_symmetric(pair: tuple[date | None, date | None]) -> None:
    a, b = pair
    result = dob_agreement(a, b)
    assert result == dob_agreement(b, a)
    assert result in {
        "exact",
        "day_month_swap",
        "one_digit_typo",
        "year_only",
        "close",
        "missing",
        "different",
    }
    assert (result == "exact") == (a is not None and a == b)
    if a is not None and b is not None:
        assert dob_day_month_swapped(a, b) == dob_day_month_swapped(b, a)
