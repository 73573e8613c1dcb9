"""Vectorised cleaning of person fields for the linkage engine (private to the package).

Every function takes and returns pandas Series aligned on the same index, with missing values
as None. Python-level work (accents, phonetic codes, nicknames) is done once per distinct value
and mapped back, so a million rows cost a few seconds, not minutes.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Callable

import jellyfish
import numpy as np
import pandas as pd

from ._nicknames import canonical_given_name

UK_POSTCODE = re.compile(r"^[A-Z]{1,2}[0-9][A-Z0-9]?[0-9][A-Z]{2}$")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EARLIEST_BIRTH = dt.date(1880, 1, 1)
UNKNOWN_SEX = {"", "u", "unknown", "not known", "not stated", "x", "i", "indeterminate", "other"}
SEX_CODES = {"m": "m", "male": "m", "boy": "m", "f": "f", "female": "f", "girl": "f"}


def blank_to_none(series: pd.Series) -> pd.Series:
    """Strings stripped of surrounding white space; blank strings, NaN and None become None.
    Non-string values (numbers) are turned into strings first. Works per distinct value."""
    codes, uniques = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)
    cleaned = np.empty(len(uniques) + 1, dtype=object)
    for i, value in enumerate(uniques):
        text = value if isinstance(value, str) else str(value)
        cleaned[i] = text.strip() or None
    cleaned[-1] = None
    return pd.Series(cleaned[codes], index=series.index, dtype=object)


def _unaccent(value: str) -> str:
    if value.isascii():
        return value
    text = unicodedata.normalize("NFKD", value)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def map_unique(series: pd.Series, func: Callable[[str], str | None]) -> pd.Series:
    """Apply `func` once per distinct non-null value and map the results back (None stays
    None)."""
    codes, uniques = pd.factorize(series.to_numpy(dtype=object), use_na_sentinel=True)
    mapped = np.empty(len(uniques) + 1, dtype=object)
    for i, value in enumerate(uniques):
        mapped[i] = func(value)
    mapped[-1] = None  # code -1 (missing) indexes the last slot
    return pd.Series(mapped[codes], index=series.index, dtype=object)


_APOSTROPHES = re.compile(r"['\u2019`]")
_NOT_LETTERS = re.compile(r"[^a-z]+")
_NOT_ALNUM = re.compile(r"[^0-9a-z]+")


def _clean_name(value: str) -> str | None:
    text = _unaccent(value).lower()
    text = _APOSTROPHES.sub("", text)
    text = _NOT_LETTERS.sub(" ", text).strip()
    return text or None


def normalise_names(series: pd.Series) -> pd.Series:
    """Lower case, accents and apostrophes removed, any other non-letter run (hyphen, dot,
    space) becomes one space: "O'Brien-Smith " -> "obrien smith"."""
    return map_unique(blank_to_none(series), _clean_name)


def first_token(series: pd.Series) -> pd.Series:
    return map_unique(series, lambda v: v.split(" ")[0])


def last_token_if_several(series: pd.Series) -> pd.Series:
    return map_unique(series, lambda v: v.split(" ")[-1] if " " in v else None)


def joined(series: pd.Series) -> pd.Series:
    """Tokens glued together ("smith jones" -> "smithjones"), for string distances."""
    return map_unique(series, lambda v: v.replace(" ", ""))


def nickname_canonical(series: pd.Series, rank: int = 0) -> pd.Series:
    """Canonical name of the given name's first (rank 0) or second (rank 1) nickname group
    ("becky" -> "rebecca"); rank 0 falls back to the first word of the name itself."""
    return map_unique(series, lambda v: canonical_given_name(v, rank))


def metaphone(series: pd.Series) -> pd.Series:
    """Metaphone code of the name with spaces removed (None when it has no code)."""
    return map_unique(series, lambda v: jellyfish.metaphone(v.replace(" ", "")) or None)


def soundex(series: pd.Series) -> pd.Series:
    return map_unique(series, lambda v: jellyfish.soundex(v.replace(" ", "")) or None)


def initial(series: pd.Series) -> pd.Series:
    return map_unique(series, lambda v: v[0])


# --- dates ---------------------------------------------------------------------------------


def parse_dates(series: pd.Series, today: dt.date | None = None) -> tuple[pd.Series, pd.Series]:
    """Parse YYYY-MM-DD strings.

    Returns (dates as YYYY-MM-DD strings or None, problem message or None) aligned on the
    input. A blank value is missing, not a problem; a malformed, impossible (2010-02-31),
    future or pre-1880 value is a problem and its date is None.
    """
    today = today or dt.date.today()
    raw = blank_to_none(series)
    present = raw.notna()
    shaped = raw.astype("string").str.match(ISO_DATE.pattern).astype("boolean")
    well_formed = present & shaped.fillna(False).astype(bool)
    parsed = pd.to_datetime(raw.where(well_formed), format="%Y-%m-%d", errors="coerce")
    real = parsed.notna()
    too_early = real & (parsed < pd.Timestamp(EARLIEST_BIRTH))
    in_future = real & (parsed > pd.Timestamp(today))
    ok = real & ~too_early & ~in_future
    dates = raw.where(ok, None).astype(object)
    problem = pd.Series(None, index=series.index, dtype=object)
    problem[present & ~well_formed] = "is not a date in the form YYYY-MM-DD"
    problem[well_formed & ~real] = "is not a real date"
    problem[too_early] = f"is before {EARLIEST_BIRTH.isoformat()}"
    problem[in_future] = "is in the future"
    return dates.where(dates.notna(), None), problem


def swapped_day_month(dates: pd.Series) -> pd.Series:
    """The date with day and month exchanged when that is another real date, else None."""

    def swap(value: str) -> str | None:
        year, month, day = value[:4], value[5:7], value[8:10]
        if month == day:
            return None
        try:
            return dt.date(int(year), int(day), int(month)).isoformat()
        except ValueError:
            return None

    return map_unique(dates, swap)


# --- contact details and identifiers --------------------------------------------------------


def normalise_postcodes(series: pd.Series, postcode_format: str) -> tuple[pd.Series, pd.Series]:
    """(postcode, problem). UK: upper case, one space before the inward code, must match the
    UK pattern (invalid ones are blanked and reported). "any": lower-cased alphanumerics,
    never reported."""
    raw = blank_to_none(series)
    problem = pd.Series(None, index=series.index, dtype=object)
    if postcode_format == "any":
        cleaned = map_unique(raw, lambda v: re.sub(r"[^0-9a-z]", "", v.lower()) or None)
        return cleaned, problem
    compact = map_unique(raw, lambda v: re.sub(r"[^0-9A-Z]", "", v.upper()) or None)
    matches = compact.astype("string").str.match(UK_POSTCODE.pattern).astype("boolean")
    valid = compact.notna() & matches.fillna(False).astype(bool)
    formatted = map_unique(compact.where(valid, None), lambda v: f"{v[:-3]} {v[-3:]}")
    problem[raw.notna() & ~valid] = "is not a valid UK postcode"
    return formatted, problem


def postcode_parts(postcodes: pd.Series, postcode_format: str) -> tuple[pd.Series, pd.Series]:
    """(outward code, sector) of UK postcodes ("SW1A 1AA" -> "SW1A", "SW1A 1"); for other
    formats both are None."""
    if postcode_format == "any":
        none = pd.Series(None, index=postcodes.index, dtype=object)
        return none, none.copy()
    outward = map_unique(postcodes, lambda v: v.split(" ")[0])
    sector = map_unique(postcodes, lambda v: v[:-2])
    return outward, sector


def normalise_phones(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(phone, problem): digits only, +44/0044 turned into a leading 0; 9 to 15 digits."""
    raw = blank_to_none(series)

    def clean(value: str) -> str | None:
        digits = re.sub(r"\D", "", value)
        if value.strip().startswith("+44") or digits.startswith("0044"):
            digits = "0" + digits[2:] if digits.startswith("44") else "0" + digits[4:]
        return digits if 9 <= len(digits) <= 15 else None

    cleaned = map_unique(raw, clean)
    problem = pd.Series(None, index=series.index, dtype=object)
    problem[raw.notna() & cleaned.isna()] = "is not a phone number"
    return cleaned, problem


def normalise_emails(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(email, problem): lower case, must look like local@domain.tld."""
    raw = blank_to_none(series)
    cleaned = map_unique(raw, lambda v: v.lower() if EMAIL.match(v) else None)
    problem = pd.Series(None, index=series.index, dtype=object)
    problem[raw.notna() & cleaned.isna()] = "is not an email address"
    return cleaned, problem


def email_user(emails: pd.Series) -> pd.Series:
    return map_unique(emails, lambda v: v.split("@")[0])


def valid_nhs_number(digits: str) -> bool:
    """Ten digits whose modulus-11 check digit is right (NHS Data Dictionary)."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def normalise_nhs_numbers(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(nhs_number, problem): spaces and hyphens removed, must pass the check digit."""
    raw = blank_to_none(series)
    digits = map_unique(raw, lambda v: v.replace(" ", "").replace("-", ""))
    present = digits.notna().to_numpy()
    text = digits.to_numpy(dtype=object)
    ok = np.zeros(len(text), dtype=bool)
    shaped = np.array(
        [isinstance(v, str) and len(v) == 10 and v.isdigit() for v in text], dtype=bool
    )
    if shaped.any():
        matrix = np.frombuffer("".join(text[shaped]).encode("ascii"), dtype=np.uint8)
        matrix = (matrix - ord("0")).reshape(-1, 10).astype(np.int64)
        total = matrix[:, :9] @ np.arange(10, 1, -1)
        check = 11 - total % 11
        check = np.where(check == 11, 0, check)
        ok[shaped] = (check != 10) & (check == matrix[:, 9])
    cleaned = pd.Series(np.where(ok, text, None), index=series.index, dtype=object)
    problem = pd.Series(None, index=series.index, dtype=object)
    problem[present & ~ok] = "is not a valid NHS number"
    return cleaned, problem


def normalise_sex(series: pd.Series) -> tuple[pd.Series, pd.Series]:
    """(sex as "m"/"f"/None, problem). Recorded unknowns ("U", "not known") are missing,
    not problems."""
    raw = blank_to_none(series)
    lowered = map_unique(raw, lambda v: v.lower())
    cleaned = lowered.map(SEX_CODES)
    cleaned = cleaned.astype(object).where(cleaned.notna(), None)
    known_unknown = lowered.isin(UNKNOWN_SEX)
    problem = pd.Series(None, index=series.index, dtype=object)
    problem[raw.notna() & cleaned.isna() & ~known_unknown] = "is not a recognised sex"
    return cleaned, problem


def normalise_address(series: pd.Series) -> pd.Series:
    """Lower case, punctuation to spaces, common street words abbreviated the same way."""
    words = {
        "street": "st",
        "road": "rd",
        "avenue": "ave",
        "av": "ave",
        "lane": "ln",
        "drive": "dr",
        "close": "cl",
        "court": "ct",
        "crescent": "cres",
        "place": "pl",
        "terrace": "tce",
        "gardens": "gdns",
        "square": "sq",
        "flat": "flat",
        "apartment": "flat",
    }

    def clean(value: str) -> str | None:
        tokens = _NOT_ALNUM.sub(" ", _unaccent(value).lower()).split()
        return " ".join(words.get(t, t) for t in tokens) or None

    return map_unique(blank_to_none(series), clean)


def address_number(addresses: pd.Series) -> pd.Series:
    """The first number in the address (house or flat number), or None."""

    def first_number(value: str) -> str | None:
        match = re.search(r"\d+", value)
        return match.group(0) if match else None

    return map_unique(addresses, first_number)


def address_key(addresses: pd.Series) -> pd.Series:
    """The first number with the two words after it ("48 saffron cl thistlecombe" ->
    "48 saffron cl"): the home, whatever else the address carries (locality, town,
    county) or lacks. None when the address has no number or fewer than two words after it."""

    def key(value: str) -> str | None:
        match = re.search(r"(\d+[a-z]?)\s+([a-z]+)\s+([a-z]+)", value)
        return " ".join(match.groups()) if match else None

    return map_unique(addresses, key)


_NOT_STREET_WORDS = frozenset({"flat", "unit", "apt", "the", "rear", "lot", "shop", "no"})


def address_street(addresses: pd.Series) -> pd.Series:
    """The first word of three or more letters after the first number, or the first such word
    when the address has no number ("48 saffron cl thistlecombe" -> "saffron", "flat 7
    elderberry house" -> "elderberry", "coane st mount view" -> "coane"): the street (or
    building) name, for blocking on one street whatever the house number and the rest.
    None when there is no such word."""

    def street(value: str) -> str | None:
        tokens = value.split(" ")
        start = next((i + 1 for i, t in enumerate(tokens) if any(c.isdigit() for c in t)), 0)
        for candidate in (tokens[start:], tokens):
            for token in candidate:
                if len(token) >= 3 and token.isalpha() and token not in _NOT_STREET_WORDS:
                    return token
        return None

    return map_unique(addresses, street)


def as_object(values: np.ndarray | pd.Series, index: pd.Index) -> pd.Series:
    series = pd.Series(values, index=index, dtype=object)
    return series.where(series.notna(), None)
