"""Synthetic person records for benchmarks, tests and the demo: a made-up borough's children.

Everything here is invented. Nobody described by these records exists:

* names are drawn from frequency tables of common names (``data/given_names.csv``,
  ``data/family_names.csv``), which identify nobody; their weights are Zipf-like relative
  frequencies within each (sex, heritage group[, cohort]) written for this generator, not
  copied from any register;
* addresses are fictional streets in fictional localities of the fictional borough of
  Severnside; postcodes are syntactically valid (outward codes TF1-TF13) with invented inward
  codes;
* phone numbers come only from Ofcom's drama ranges (07700 900000-900999 and
  01632 960000-960999), so there are only 2,000 of them and large populations share them;
* e-mail domains end in ``.example`` (RFC 2606);
* NHS numbers start with 999 (the range NHS test numbers use) and carry a valid modulus-11
  check digit, except where a record mistypes one on purpose.

The population is households of children (0-17), some young adults (18-25) and some parents.
Each person has one or more records from agencies (local authority, police, education, ...),
each with the kinds of variation real multi-agency data has: nicknames, spelling variants,
typos, changed and double-barrelled surnames, swapped names, mistyped or missing dates of
birth, moves, missing contact details, mistyped NHS numbers. Twins (same date of birth,
surname and address, different given names) make the hardest non-matches.

The record columns are the input format of the linkage command (``INPUT_COLUMNS``) followed by
the ground truth (``true_person_id``, ``household_id``) and ``source_agency``. What was done to
each record is in ``Population.variations``.

Everything is vectorised with numpy; Python loops only touch the few per cent of values that
get a typo or a reformatting. The same seed and parameters give identical output.

No Django imports: this module is used by benchmarks and tests as a plain library.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime as dt
import functools
import math
import os
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

import numpy as np
import numpy.typing as npt
import pandas as pd

__all__ = [
    "AGENCIES",
    "AGENCY_WEIGHTS",
    "DEFAULT_RATES",
    "GROUPS",
    "INPUT_COLUMNS",
    "RECORD_COLUMNS",
    "TRUTH_COLUMNS",
    "Population",
    "Rates",
    "demo_contact_records",
    "generate_population",
    "labelled_pairs",
    "nhs_check_digit_ok",
    "write_csv",
]

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]
ObjArray = npt.NDArray[np.object_]

DATA_DIR: Final = Path(__file__).resolve().parent / "data"

INPUT_COLUMNS: Final[tuple[str, ...]] = (
    "record_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "postcode",
    "address",
    "phone",
    "email",
    "nhs_number",
)
TRUTH_COLUMNS: Final[tuple[str, ...]] = ("true_person_id", "household_id", "source_agency")
RECORD_COLUMNS: Final[tuple[str, ...]] = INPUT_COLUMNS + TRUTH_COLUMNS

AGENCIES: Final[tuple[str, ...]] = (
    "local authority",
    "police",
    "education",
    "health",
    "housing",
    "voluntary",
    "other",
)
#: Shares of records by source, loosely after the seed's CSE-contact sources (2016-17):
#: local authority 43.3%, police 27.0%, education 17.2%, the remaining 12.5% split here.
AGENCY_WEIGHTS: Final[tuple[float, ...]] = (43.3, 27.0, 17.2, 4.0, 3.0, 3.0, 2.5)
#: How likely a record from each agency is to carry an NHS number, before scaling to
#: `Rates.nhs_present` (health records nearly always do).
_AGENCY_NHS_PROPENSITY: Final[tuple[float, ...]] = (0.45, 0.1, 0.15, 1.0, 0.05, 0.1, 0.1)

#: Heritage groups of the name tables.
GROUPS: Final[tuple[str, ...]] = (
    "white_british",
    "south_asian",
    "black",
    "eastern_european",
    "other",
)
#: Household heritage mix of a Midlands borough (roughly).
DEFAULT_GROUP_MIX: Final[tuple[float, ...]] = (0.70, 0.13, 0.05, 0.07, 0.05)

DEFAULT_REFERENCE_DATE: Final = "2024-03-31"
BOROUGH: Final = "Severnside"

_DAYS_PER_YEAR: Final = 365.25
_ROLE_CHILD: Final = 0
_ROLE_YOUNG_ADULT: Final = 1
_ROLE_PARENT: Final = 2
_ROLE_NAMES: Final[tuple[str, ...]] = ("child", "young adult", "parent")


# --- parameters ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Rates:
    """Rates of the variations applied to records. Every rate is a probability in [0, 1].

    Unless said otherwise a rate is the share of *records* affected. Where only some values
    can take a variation (a name without a known nickname cannot get one), the rate is still
    the share of all records: eligible records are picked with probability
    ``rate / eligible share`` (capped at 1).
    """

    #: A nickname instead of the given name (Becky for Rebecca, Mo for Mohammed).
    nickname: float = 0.05
    #: A spelling or phonetic variant of the given or family name (Kayleigh/Kaylee,
    #: Thompson/Thomson), or the masculine form of a feminine Polish surname.
    spelling_variant: float = 0.03
    #: One typo (insert, delete, substitute or transpose a character) in one of the names.
    name_typo: float = 0.04
    #: Share of households whose surname changes (a parent remarries) part-way through
    #: their records: later records of everyone sharing it use the new surname.
    surname_change: float = 0.03
    #: Share of households with a double-barrelled surname (Smith-Jones), recorded in full
    #: on some records and as one part (Smith, or Jones) on others.
    double_surname: float = 0.02
    #: Given and family names exchanged.
    names_swapped: float = 0.01
    #: Day and month exchanged; applies only to dates whose day and month are both <= 12 and
    #: differ, so this is the share of *those* records.
    dob_day_month_swap: float = 0.02
    #: One digit of the date mistyped (the result is still a real, past date).
    dob_digit_typo: float = 0.02
    #: Date of birth left blank (more often for persons of concern, see below).
    dob_missing: float = 0.08
    #: How many times likelier a person of concern's record is to lack a date of birth
    #: (the overall rate stays `dob_missing`).
    dob_missing_concern_factor: float = 2.5
    #: The year of birth wrong (mostly by one).
    dob_wrong_year: float = 0.01
    #: Share of households that move part-way through their records: later records have the
    #: new address and postcode.
    move: float = 0.10
    #: Share of persons of concern placed away from home (care placement) part-way through
    #: their records: later records have the placement address.
    placement: float = 0.25
    #: Postcode left blank.
    postcode_missing: float = 0.10
    #: Address left blank.
    address_missing: float = 0.03
    #: Phone left blank.
    phone_missing: float = 0.50
    #: Share of persons with a mobile who change number part-way through their records.
    phone_change: float = 0.15
    #: E-mail left blank.
    email_missing: float = 0.70
    #: NHS number present (mostly on health and local-authority records).
    nhs_present: float = 0.30
    #: Share of present NHS numbers with one digit mistyped (so the check digit fails).
    nhs_typo: float = 0.01
    #: Sex recorded as "U".
    sex_unknown: float = 0.02
    #: Sex recorded wrongly.
    sex_error: float = 0.005
    #: Share of records of names with accents (Wójcik, Zoë) that drop them (Wojcik, Zoe).
    diacritics_dropped: float = 0.5
    #: Family name (sometimes both names) in capitals, as some case systems store them.
    upper_case_names: float = 0.08
    #: Address written differently (Rd for Road, no locality, capitals, no commas...).
    address_format: float = 0.20
    #: Postcode written without its space or in lower case.
    postcode_format: float = 0.10
    #: Phone written without spaces or in +44 form.
    phone_format: float = 0.30
    #: NHS number written with spaces (999 123 4567) rather than as ten digits.
    nhs_spaced: float = 0.40

    def __post_init__(self) -> None:
        """Reject rates outside [0, 1]."""
        for item in dataclasses.fields(self):
            value = getattr(self, item.name)
            if item.name == "dob_missing_concern_factor":
                if not value >= 1.0:
                    raise ValueError("dob_missing_concern_factor must be at least 1")
            elif not 0.0 <= value <= 1.0:
                raise ValueError(f"rate {item.name} must be between 0 and 1, not {value!r}")


DEFAULT_RATES: Final = Rates()


# --- the result ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Population:
    """A synthetic population's records with their ground truth.

    `records` has the columns of `RECORD_COLUMNS` in that order, all strings except the
    integer `true_person_id` and `household_id`; a missing value is "".
    `people` has one row per person (`true_person_id`, `household_id`, `role`, `sex`,
    canonical `given_name`, `family_name`, `date_of_birth`, `twin_group` (-1 if not a twin),
    `of_concern`, `sibling_key`). `variations` is aligned with `records` (same index) and
    says which variations each record got, plus its `record_time` in [0, 1).
    """

    records: pd.DataFrame
    people: pd.DataFrame
    variations: pd.DataFrame
    seed: int

    def __len__(self) -> int:
        """Number of records."""
        return len(self.records)

    @property
    def people_count(self) -> int:
        """Number of distinct true persons among the records."""
        return int(self.records["true_person_id"].nunique())

    def true_pairs(self) -> set[tuple[str, str]]:
        """Every pair of record ids of the same person, each as (smaller id, larger id)."""
        frame = self.records[["record_id", "true_person_id"]]
        return _pairs_within(frame, "true_person_id", exclude_same_person=False)

    def sibling_pairs(self) -> set[tuple[str, str]]:
        """Pairs of records of *different* children or young adults of one household who share
        a family name (the household's own, or a half-sibling's that happens to match); twins
        included. Pairs are (smaller id, larger id)."""
        people = self.people.loc[
            self.people["role"] != _ROLE_NAMES[_ROLE_PARENT], ["true_person_id", "sibling_key"]
        ]
        frame = self.records[["record_id", "true_person_id"]].merge(people, on="true_person_id")
        return _pairs_within(frame, "sibling_key", exclude_same_person=True)


def _pairs_within(
    frame: pd.DataFrame, key: str, *, exclude_same_person: bool
) -> set[tuple[str, str]]:
    """Record-id pairs (smaller, larger) of rows sharing `key`."""
    joined = frame.merge(frame, on=key, suffixes=("_l", "_r"))
    keep = joined["record_id_l"] < joined["record_id_r"]
    if exclude_same_person:
        keep &= joined["true_person_id_l"] != joined["true_person_id_r"]
    joined = joined.loc[keep]
    return set(zip(joined["record_id_l"], joined["record_id_r"], strict=True))


# --- name tables --------------------------------------------------------------------------


@dataclass(frozen=True)
class _Alternatives:
    """For each vocabulary code, the codes it may be replaced by (compressed rows)."""

    start: IntArray
    count: IntArray
    flat: IntArray

    @classmethod
    def build(cls, size: int, mapping: Mapping[int, Iterable[int]]) -> _Alternatives:
        """Compressed rows from a code -> alternative codes mapping."""
        start = np.zeros(size, dtype=np.int64)
        count = np.zeros(size, dtype=np.int64)
        flat: list[int] = []
        for code in range(size):
            options = sorted(set(mapping.get(code, ())) - {code})
            start[code] = len(flat)
            count[code] = len(options)
            flat.extend(options)
        return cls(start, count, np.asarray(flat, dtype=np.int64))

    def has(self, codes: IntArray) -> BoolArray:
        """Whether each code has any alternative."""
        result: BoolArray = self.count[codes] > 0
        return result

    def pick(self, codes: IntArray, uniform: FloatArray) -> IntArray:
        """One alternative per code (codes must have some), chosen by `uniform` in [0, 1)."""
        offset = np.minimum((uniform * self.count[codes]).astype(np.int64), self.count[codes] - 1)
        result: IntArray = self.flat[self.start[codes] + offset]
        return result


@dataclass(frozen=True)
class _NameTables:
    """Name vocabularies (codes to strings), sampling pools and variant tables."""

    given: ObjArray
    given_pools: dict[tuple[str, str, str], tuple[IntArray, FloatArray]]
    given_nicknames: _Alternatives
    given_spellings: _Alternatives
    given_folded: IntArray
    given_accented: BoolArray
    family: ObjArray
    family_pools: dict[str, tuple[IntArray, FloatArray]]
    family_feminine: IntArray
    family_spellings: _Alternatives
    family_folded: IntArray
    family_accented: BoolArray


_FOLD_EXTRA: Final = str.maketrans(
    {"ł": "l", "Ł": "L", "\u0131": "i", "ø": "o", "Ø": "O", "đ": "d", "Đ": "D", "ß": "ss"}
)


@functools.lru_cache(maxsize=65536)
def _fold(text: str) -> str:
    """The text without accents (Wójcik -> Wojcik, Łukasz -> Lukasz)."""
    decomposed = unicodedata.normalize("NFKD", text.translate(_FOLD_EXTRA))
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


def _feminine_form(name: str) -> str | None:
    """The feminine form of a gendered Slavic surname (Kowalski -> Kowalska), else None."""
    if name.endswith("ki"):
        return name[:-1] + "a"
    if name.endswith(("ov", "ev")):
        return name + "a"
    if name.endswith("ák"):
        return name + "ová"
    return None


class _Vocabulary:
    """Strings to dense integer codes, in first-seen order."""

    def __init__(self) -> None:
        """An empty vocabulary."""
        self.index: dict[str, int] = {}
        self.items: list[str] = []

    def code(self, text: str) -> int:
        """The code of `text`, adding it if new."""
        found = self.index.get(text)
        if found is None:
            found = len(self.items)
            self.index[text] = found
            self.items.append(text)
        return found

    def array(self) -> ObjArray:
        """The strings as an object array indexed by code."""
        out: ObjArray = np.empty(len(self.items), dtype=object)
        out[:] = self.items
        return out


def _read_csv_rows(name: str) -> list[dict[str, str]]:
    """Rows of one of the data/ CSV files as dicts."""
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _pool(codes: list[int], weights: list[float]) -> tuple[IntArray, FloatArray]:
    """Codes and their normalised sampling probabilities."""
    w = np.asarray(weights, dtype=np.float64)
    return np.asarray(codes, dtype=np.int64), w / w.sum()


@functools.lru_cache(maxsize=1)
def _name_tables() -> _NameTables:
    """Load the name frequency and variant tables (once per process)."""
    given = _Vocabulary()
    family = _Vocabulary()
    given_pool_lists: dict[tuple[str, str, str], tuple[list[int], list[float]]] = {}
    for row in _read_csv_rows("given_names.csv"):
        code = given.code(row["name"])
        for cohort in ("young", "older"):
            weight = float(row[f"weight_{cohort}"])
            if weight > 0:
                codes, weights = given_pool_lists.setdefault(
                    (row["sex"], row["group"], cohort), ([], [])
                )
                codes.append(code)
                weights.append(weight)
    family_pool_lists: dict[str, tuple[list[int], list[float]]] = {}
    feminine_pairs: list[tuple[int, int]] = []
    for row in _read_csv_rows("family_names.csv"):
        code = family.code(row["name"])
        codes, weights = family_pool_lists.setdefault(row["group"], ([], []))
        codes.append(code)
        weights.append(float(row["weight"]))
        if row["group"] == "eastern_european":
            feminine_name = _feminine_form(row["name"])
            if feminine_name is not None:
                feminine_pairs.append((code, family.code(feminine_name)))

    nicknames: dict[int, set[int]] = {}
    given_spell: dict[int, set[int]] = {}
    family_spell: dict[int, set[int]] = {}
    for row in _read_csv_rows("name_variants.csv"):
        names = [part.strip() for part in row["names"].split("|") if part.strip()]
        vocabulary = given if row["field"] == "given" else family
        codes_in_row = [vocabulary.code(name) for name in names]
        if row["kind"] == "nickname":
            nicknames.setdefault(codes_in_row[0], set()).update(codes_in_row[1:])
        else:
            target = given_spell if row["field"] == "given" else family_spell
            for code in codes_in_row:
                target.setdefault(code, set()).update(codes_in_row)
    for masculine, feminine in feminine_pairs:
        # A girl's record sometimes carries her father's (masculine) form of the surname.
        family_spell.setdefault(feminine, set()).add(masculine)

    def folded_codes(vocabulary: _Vocabulary) -> tuple[IntArray, BoolArray]:
        """For each code, the code of its accent-free form, and whether it had accents."""
        size = len(vocabulary.items)
        folded = np.arange(size, dtype=np.int64)
        accented = np.zeros(size, dtype=bool)
        for code in range(size):
            text = vocabulary.items[code]
            plain = _fold(text)
            if plain != text:
                folded[code] = vocabulary.code(plain)
                accented[code] = True
        # Folding may have added codes: extend with identity (they are plain already).
        extra = len(vocabulary.items) - size
        return (
            np.concatenate([folded, np.arange(size, size + extra, dtype=np.int64)]),
            np.concatenate([accented, np.zeros(extra, dtype=bool)]),
        )

    given_folded, given_accented = folded_codes(given)
    family_folded, family_accented = folded_codes(family)
    feminine_map = np.arange(len(family.items), dtype=np.int64)
    for masculine, feminine in feminine_pairs:
        feminine_map[masculine] = feminine

    return _NameTables(
        given=given.array(),
        given_pools={key: _pool(*value) for key, value in given_pool_lists.items()},
        given_nicknames=_Alternatives.build(len(given.items), nicknames),
        given_spellings=_Alternatives.build(len(given.items), given_spell),
        given_folded=given_folded,
        given_accented=given_accented,
        family=family.array(),
        family_pools={key: _pool(*value) for key, value in family_pool_lists.items()},
        family_feminine=feminine_map,
        family_spellings=_Alternatives.build(len(family.items), family_spell),
        family_folded=family_folded,
        family_accented=family_accented,
    )


# --- the fictional borough ----------------------------------------------------------------

_LOCALITIES: Final[tuple[str, ...]] = (
    "Ashbrindle",
    "Kestrelford",
    "Marrowbrook",
    "Hollinsgate",
    "Wrenhythe",
    "Tallowmere",
    "Larkspur Vale",
    "Fennimore Heath",
    "Cinderbank",
    "Quillington",
    "Brackenhurst Park",
    "Oriel Green",
    "Saltmarsh End",
    "Thistlecombe",
    "Copperdale",
    "Millbrindle",
)
_STREET_STEM_WORDS: Final = """
    Alder Amberley Badger Birchen Bramble Brindle Buttercup Carrow Cinder Clover Copper
    Corncrake Dapple Dormouse Elderberry Fallow Fernlea Fieldfare Flint Foxglove Gorse Hazelnut
    Heron Hollin Juniper Kestrel Kingcup Lapwing Larch Linnet Maple Marigold Meadowsweet Merlin
    Millstone Nightjar Oriel Otter Partridge Pebble Peregrine Plover Quarry Redwing Rowan
    Saffron Sandpiper Sedge Skylark Sorrel Starling Tansy Teasel Thistle Tinker Wagtail Warbler
    Willowherb Woodruff Yarrow Harebell Campion Bluebell Cowslip Primrose Damson Quince Medlar
    Hawthorn Blackthorn Spindle Sloe Bilberry Cranberry Ember Lantern Tinder Kiln Forge Anvil
"""
_STREET_STEMS: Final[tuple[str, ...]] = tuple(_STREET_STEM_WORDS.split())
_STREET_KINDS: Final[tuple[str, ...]] = (
    "Road",
    "Street",
    "Lane",
    "Close",
    "Drive",
    "Avenue",
    "Way",
    "Crescent",
    "Grove",
    "Court",
    "Place",
    "Rise",
    "Gardens",
    "View",
    "Walk",
    "Mews",
)
_ABBREVIATIONS: Final[dict[str, str]] = {
    "Road": "Rd",
    "Street": "St",
    "Lane": "Ln",
    "Close": "Cl",
    "Drive": "Dr",
    "Avenue": "Ave",
    "Crescent": "Cres",
    "Court": "Ct",
    "Place": "Pl",
    "Gardens": "Gdns",
}
_BLOCK_KINDS: Final[tuple[str, ...]] = ("House", "Court", "Lodge", "Heights", "Point")
_INWARD_LETTERS: Final = "ABDEFGHJLNPQRSTUWXYZ"  # the letters the inward code may use
_UNITS_PER_STREET: Final = 2


@dataclass(frozen=True)
class _Gazetteer:
    """Street names, each street's locality, and each street's postcode units."""

    street_names: ObjArray
    street_locality: IntArray
    unit_postcodes: ObjArray  # shape (streets, units)


@functools.lru_cache(maxsize=1)
def _gazetteer() -> _Gazetteer:
    """Streets, localities and postcode units of Severnside (the same for every seed)."""
    fixed = np.random.default_rng(20162017)
    names = [f"{stem} {kind}" for stem in _STREET_STEMS for kind in _STREET_KINDS]
    street_names: ObjArray = np.empty(len(names), dtype=object)
    street_names[:] = names
    order = fixed.permutation(len(names))
    street_names = street_names[order]
    locality = fixed.integers(0, len(_LOCALITIES), size=len(names)).astype(np.int64)
    district = 1 + (locality * 7) % 13  # TF1..TF13; some localities share a district
    n_units = len(names) * _UNITS_PER_STREET
    combos = 9 * len(_INWARD_LETTERS) ** 2
    picks = fixed.choice(combos, size=n_units, replace=False)
    digit = 1 + picks // len(_INWARD_LETTERS) ** 2
    first = (picks // len(_INWARD_LETTERS)) % len(_INWARD_LETTERS)
    second = picks % len(_INWARD_LETTERS)
    units: ObjArray = np.empty(n_units, dtype=object)
    unit_district = np.repeat(district, _UNITS_PER_STREET)
    units[:] = [
        f"TF{d} {n}{_INWARD_LETTERS[a]}{_INWARD_LETTERS[b]}"
        for d, n, a, b in zip(unit_district, digit, first, second, strict=True)
    ]
    return _Gazetteer(street_names, locality, units.reshape(len(names), _UNITS_PER_STREET))


@dataclass
class _Addresses:
    """A growing register of invented addresses."""

    street: list[IntArray] = dataclasses.field(default_factory=list)
    number: list[IntArray] = dataclasses.field(default_factory=list)
    flat: list[IntArray] = dataclasses.field(default_factory=list)
    block: list[IntArray] = dataclasses.field(default_factory=list)
    letter: list[IntArray] = dataclasses.field(default_factory=list)
    size: int = 0

    def add(self, rng: np.random.Generator, k: int) -> IntArray:
        """Invent `k` addresses; return their ids."""
        n_streets = len(_gazetteer().street_names)
        self.street.append(rng.integers(0, n_streets, size=k))
        self.number.append(rng.integers(1, 140, size=k))
        is_flat = rng.random(k) < 0.15
        self.flat.append(np.where(is_flat, rng.integers(1, 40, size=k), 0))
        self.block.append(rng.integers(0, len(_STREET_STEMS) * len(_BLOCK_KINDS), size=k))
        self.letter.append(np.where(rng.random(k) < 0.03, rng.integers(1, 3, size=k), 0))
        ids = np.arange(self.size, self.size + k, dtype=np.int64)
        self.size += k
        return ids

    def render(self, used: IntArray) -> tuple[ObjArray, ObjArray]:
        """(address, postcode) strings for every id (only `used` ones are rendered)."""
        gaz = _gazetteer()
        street = np.concatenate(self.street) if self.street else np.zeros(0, np.int64)
        number = np.concatenate(self.number) if self.number else np.zeros(0, np.int64)
        flat = np.concatenate(self.flat) if self.flat else np.zeros(0, np.int64)
        block = np.concatenate(self.block) if self.block else np.zeros(0, np.int64)
        letter = np.concatenate(self.letter) if self.letter else np.zeros(0, np.int64)
        addresses: ObjArray = np.full(self.size, "", dtype=object)
        postcodes: ObjArray = np.full(self.size, "", dtype=object)
        ids = np.unique(used)
        unit = np.minimum(number[ids] // 70, _UNITS_PER_STREET - 1)
        postcodes[ids] = gaz.unit_postcodes[street[ids], unit]
        out: list[str] = []
        for s, n, f, b, ltr in zip(
            street[ids], number[ids], flat[ids], block[ids], letter[ids], strict=True
        ):
            place = f"{gaz.street_names[s]}, {_LOCALITIES[gaz.street_locality[s]]}"
            if f:
                stem = _STREET_STEMS[b // len(_BLOCK_KINDS)]
                out.append(f"Flat {f}, {stem} {_BLOCK_KINDS[b % len(_BLOCK_KINDS)]}, {place}")
            else:
                out.append(f"{n}{' AB'[ltr].strip()} {place}")
        addresses[ids] = out
        return addresses, postcodes


# --- households and people ----------------------------------------------------------------


@dataclass
class _Households:
    """Per-household attributes (arrays indexed by household number)."""

    group: IntArray
    family: IntArray  # the household surname (code)
    double: IntArray  # second part of a double-barrelled surname, or -1
    renamed: IntArray  # new surname code after a change, or -1
    rename_time: FloatArray
    address: IntArray
    moved_address: IntArray  # -1 if the household does not move
    move_time: FloatArray
    landline: IntArray  # 0..999 or -1
    contact_sex: npt.NDArray[np.str_]
    contact_given: IntArray
    contact_family: IntArray  # masculine form
    contact_shares: BoolArray  # the contact adult uses the household surname
    contact_mobile: IntArray
    contact_email: ObjArray


@dataclass
class _People:
    """Per-person attributes (arrays indexed by person number)."""

    household: IntArray
    role: IntArray
    sex: npt.NDArray[np.str_]
    dob: npt.NDArray[np.datetime64]
    concern: BoolArray
    twin_group: IntArray
    given: IntArray
    family: IntArray  # own surname code (masculine form)
    shares_name: BoolArray  # uses the household surname (and its changes)
    mobile: IntArray
    new_mobile: IntArray
    mobile_change_time: FloatArray
    email: ObjArray
    placement_address: IntArray
    placement_time: FloatArray
    nhs: IntArray


def _choose(rng: np.random.Generator, pool: tuple[IntArray, FloatArray], k: int) -> IntArray:
    """`k` codes drawn from a sampling pool."""
    codes, probs = pool
    result: IntArray = codes[rng.choice(len(codes), size=k, p=probs)]
    return result


def _draw_family(rng: np.random.Generator, tables: _NameTables, groups: IntArray) -> IntArray:
    """A surname code for each entry of `groups` (heritage group numbers)."""
    out = np.zeros(len(groups), dtype=np.int64)
    for g, name in enumerate(GROUPS):
        mask = groups == g
        if mask.any():
            out[mask] = _choose(rng, tables.family_pools[name], int(mask.sum()))
    return out


def _draw_given(
    rng: np.random.Generator,
    tables: _NameTables,
    groups: IntArray,
    sexes: npt.NDArray[np.str_],
    birth_years: IntArray,
) -> IntArray:
    """A given-name code for each person, by heritage group, sex and birth cohort."""
    # Some children of every heritage get names from the general (white British) pool.
    name_group = np.where(rng.random(len(groups)) < 0.12, 0, groups)
    cohort = np.where(birth_years >= 2000, "young", "older")
    out = np.zeros(len(groups), dtype=np.int64)
    for sex in ("F", "M"):
        for g, name in enumerate(GROUPS):
            for era in ("young", "older"):
                mask = (sexes == sex) & (name_group == g) & (cohort == era)
                if mask.any():
                    out[mask] = _choose(rng, tables.given_pools[(sex, name, era)], int(mask.sum()))
    return out


def _ascii_token(text: str) -> str:
    """Lower-case ASCII letters and digits of `text`, for e-mail addresses."""
    return "".join(ch for ch in _fold(text).lower() if ch.isalnum())


def _make_emails(
    rng: np.random.Generator,
    tables: _NameTables,
    given: IntArray,
    family: IntArray,
    years: IntArray,
) -> list[str]:
    """Plausible personal e-mail addresses on .example domains."""
    domains = (
        "mail.example",
        "inbox.example",
        "post.example",
        "webmail.example",
        "email.example",
        "severnside-net.example",
    )
    n = len(given)
    pattern = rng.integers(0, 6, size=n)
    domain = rng.choice(len(domains), size=n, p=[0.3, 0.25, 0.15, 0.12, 0.1, 0.08])
    number = rng.integers(1, 999, size=n)
    out: list[str] = []
    for g, f, y, p, d, k in zip(
        tables.given[given], tables.family[family], years, pattern, domain, number, strict=True
    ):
        gt, ft = _ascii_token(g) or "x", _ascii_token(f) or "x"
        if p == 0:
            local = f"{gt}.{ft}"
        elif p == 1:
            local = f"{gt}{ft}{y % 100:02d}"
        elif p == 2:
            local = f"{gt[0]}{ft}{k}"
        elif p == 3:
            local = f"{gt}_{y}"
        elif p == 4:
            local = f"{gt}{ft[:3]}{k}"
        else:
            local = f"{gt}.{ft}{k}"
        out.append(f"{local}@{domains[d]}")
    return out


def _unique_emails(emails: list[str]) -> list[str]:
    """Make every address distinct (a real address belongs to one person)."""
    seen: set[str] = set()
    out: list[str] = []
    for i, email in enumerate(emails):
        candidate = email
        bump = 0
        while candidate in seen:
            bump += 1
            local, domain = email.split("@", 1)
            candidate = f"{local}.{i + bump}@{domain}"
        seen.add(candidate)
        out.append(candidate)
    return out


def _make_households(
    rng: np.random.Generator,
    tables: _NameTables,
    addresses: _Addresses,
    n: int,
    group_mix: Sequence[float],
    rates: Rates,
) -> _Households:
    """`n` households with surname, address, contact adult and surname/address events."""
    mix = np.asarray(group_mix, dtype=np.float64)
    group = rng.choice(len(GROUPS), size=n, p=mix / mix.sum()).astype(np.int64)
    # Mixed-heritage households: the surname from another group.
    surname_group = np.where(
        rng.random(n) < 0.08, rng.choice(len(GROUPS), size=n, p=mix / mix.sum()), group
    )
    family = _draw_family(rng, tables, surname_group)
    is_double = rng.random(n) < rates.double_surname
    double = np.where(is_double, _draw_family(rng, tables, surname_group), -1)
    double = np.where(double == family, -1, double)
    is_renamed = ~is_double & (rng.random(n) < rates.surname_change)
    new_group = rng.choice(len(GROUPS), size=n, p=mix / mix.sum())
    renamed = np.where(is_renamed, _draw_family(rng, tables, new_group), -1)
    renamed = np.where(renamed == family, -1, renamed)
    rename_time = rng.uniform(0.15, 0.85, size=n)
    address = addresses.add(rng, n)
    moves = rng.random(n) < rates.move
    moved_address = np.full(n, -1, dtype=np.int64)
    moved_address[moves] = addresses.add(rng, int(moves.sum()))
    move_time = rng.uniform(0.15, 0.85, size=n)
    landline = np.where(rng.random(n) < 0.4, rng.integers(0, 1000, size=n), -1)
    contact_sex = np.where(rng.random(n) < 0.85, "F", "M")
    contact_year = rng.integers(1972, 2000, size=n)
    contact_given = _draw_given(rng, tables, group, contact_sex, contact_year)
    shares = rng.random(n) < 0.8
    contact_family = np.where(shares, family, _draw_family(rng, tables, group))
    shown = np.where(contact_sex == "F", tables.family_feminine[contact_family], contact_family)
    contact_mobile = rng.integers(0, 1000, size=n)
    contact_email: ObjArray = np.empty(n, dtype=object)
    contact_email[:] = _make_emails(rng, tables, contact_given, shown, contact_year)
    return _Households(
        group=group,
        family=family,
        double=double,
        renamed=renamed,
        rename_time=rename_time,
        address=address,
        moved_address=moved_address,
        move_time=move_time,
        landline=landline,
        contact_sex=contact_sex,
        contact_given=contact_given,
        contact_family=contact_family,
        contact_shares=shares,
        contact_mobile=contact_mobile,
        contact_email=contact_email,
    )


def _fill_people(
    rng: np.random.Generator,
    tables: _NameTables,
    addresses: _Addresses,
    households: _Households,
    household: IntArray,
    role: IntArray,
    sex: npt.NDArray[np.str_],
    age_days: IntArray,
    concern: BoolArray,
    twin_group: IntArray,
    is_contact: BoolArray,
    rates: Rates,
    reference: np.datetime64,
) -> _People:
    """Names, dates of birth, phones, e-mails and placements for people whose household,
    role, sex and age are decided. Makes every e-mail address distinct, the households'
    contact addresses included (which it may therefore change)."""
    n = len(household)
    dob = reference - age_days.astype("timedelta64[D]")
    years = dob.astype("datetime64[Y]").astype(np.int64) + 1970
    group = households.group[household]
    given = _draw_given(rng, tables, group, sex, years)
    given = np.where(is_contact, households.contact_given[household], given)
    # Siblings (twins included) never share a given name.
    non_parent = role != _ROLE_PARENT
    for _ in range(20):
        key = household * len(tables.given) + given
        key = np.where(non_parent, key, -1 - np.arange(n))
        order = np.argsort(key, kind="stable")
        repeat = np.zeros(n, dtype=bool)
        repeat[order[1:]] = key[order[1:]] == key[order[:-1]]
        if not repeat.any():
            break
        given[repeat] = _draw_given(rng, tables, group[repeat], sex[repeat], years[repeat])
    # Surnames: the household's, except half-siblings and some parents.
    own = _draw_family(rng, tables, group)
    shares_name = np.where(role == _ROLE_PARENT, rng.random(n) < 0.8, rng.random(n) >= 0.05)
    family = np.where(shares_name, households.family[household], own)
    family = np.where(is_contact, households.contact_family[household], family)
    shares_name = np.where(is_contact, households.contact_shares[household], shares_name)
    # Phones: most people 11 and over have a mobile; some change number.
    has_mobile = (age_days >= 11 * _DAYS_PER_YEAR) & (rng.random(n) < 0.85)
    mobile = np.where(has_mobile, rng.integers(0, 1000, size=n), -1)
    mobile = np.where(is_contact, households.contact_mobile[household], mobile)
    changes = (mobile >= 0) & (rng.random(n) < rates.phone_change)
    new_mobile = np.where(changes, rng.integers(0, 1000, size=n), -1)
    mobile_change_time = rng.uniform(0.1, 0.9, size=n)
    # E-mail: many people 11 and over have their own.
    has_email = (age_days >= 11 * _DAYS_PER_YEAR) & (rng.random(n) < 0.7) & ~is_contact
    email: ObjArray = np.full(n, "", dtype=object)
    idx = np.flatnonzero(has_email)
    shown = np.where(sex == "F", tables.family_feminine[family], family)
    unique = _unique_emails(
        list(households.contact_email)
        + _make_emails(rng, tables, given[idx], shown[idx], years[idx])
    )
    n_households = len(households.contact_email)
    households.contact_email[:] = unique[:n_households]
    email[idx] = unique[n_households:]
    email = np.where(is_contact, households.contact_email[household], email)
    # Care placements for some persons of concern.
    placed = concern & (rng.random(n) < rates.placement)
    placement_address = np.full(n, -1, dtype=np.int64)
    placement_address[placed] = addresses.add(rng, int(placed.sum()))
    placement_time = rng.uniform(0.1, 0.9, size=n)
    return _People(
        household=household,
        role=role,
        sex=sex,
        dob=dob,
        concern=concern,
        twin_group=twin_group,
        given=given,
        family=family,
        shares_name=shares_name,
        mobile=mobile,
        new_mobile=new_mobile,
        mobile_change_time=mobile_change_time,
        email=email,
        placement_address=placement_address,
        placement_time=placement_time,
        nhs=np.zeros(n, dtype=np.int64),
    )


def _subset_people(people: _People, keep: IntArray) -> _People:
    """The people at positions `keep`."""
    return _People(**{f.name: getattr(people, f.name)[keep] for f in dataclasses.fields(people)})


# --- NHS numbers --------------------------------------------------------------------------

_NHS_WEIGHTS: Final = np.arange(10, 1, -1, dtype=np.int64)


def _nhs_digits(numbers: IntArray) -> IntArray:
    """(n, 10) digits of ten-digit numbers."""
    powers = 10 ** np.arange(9, -1, -1, dtype=np.int64)
    digits: IntArray = (numbers[:, None] // powers[None, :]) % 10
    return digits


def nhs_check_digit_ok(values: Iterable[str]) -> npt.NDArray[np.bool_]:
    """Whether each value (spaces allowed) is ten digits with a valid modulus-11 check digit."""
    out: list[bool] = []
    for value in values:
        digits = value.replace(" ", "").replace("-", "")
        if len(digits) != 10 or not digits.isdigit():
            out.append(False)
            continue
        total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1), strict=True))
        check = 11 - total % 11
        check = 0 if check == 11 else check
        out.append(check != 10 and check == int(digits[9]))
    return np.asarray(out, dtype=bool)


@functools.lru_cache(maxsize=1)
def _valid_synthetic_nhs_numbers() -> IntArray:
    """Every valid NHS number of the form 999 xxx xxx c, ascending (about 909,000)."""
    middle = np.arange(1_000_000, dtype=np.int64)
    first9 = 999_000_000 + middle
    digits = _nhs_digits(first9 * 10)[:, :9]
    check = 11 - (digits @ _NHS_WEIGHTS) % 11
    check = np.where(check == 11, 0, check)
    ok = check != 10
    result: IntArray = first9[ok] * 10 + check[ok]
    return result


def _assign_nhs(rng: np.random.Generator, n: int) -> IntArray:
    """Distinct synthetic NHS numbers while the range lasts (about 909,000 people); larger
    populations reuse numbers."""
    pool = _valid_synthetic_nhs_numbers()
    picks = rng.choice(len(pool), size=n, replace=n > len(pool))
    result: IntArray = pool[picks]
    return result


# --- dates --------------------------------------------------------------------------------


def _split_dates(dates: npt.NDArray[np.datetime64]) -> tuple[IntArray, IntArray, IntArray]:
    """(year, month, day) of each date."""
    months = dates.astype("datetime64[M]")
    year = months.astype("datetime64[Y]").astype(np.int64) + 1970
    month = months.astype(np.int64) % 12 + 1
    day = (dates - months.astype("datetime64[D]")).astype(np.int64) + 1
    return year, month, day


def _join_dates(
    year: IntArray, month: IntArray, day: IntArray
) -> tuple[npt.NDArray[np.datetime64], BoolArray]:
    """Dates from components and whether the components made a real date."""
    month_ok = (month >= 1) & (month <= 12)
    safe_month = np.clip(month, 1, 12)
    start = ((year - 1970) * 12 + safe_month - 1).astype("datetime64[M]")
    length = ((start + 1).astype("datetime64[D]") - start.astype("datetime64[D]")).astype(np.int64)
    ok = month_ok & (day >= 1) & (day <= length) & (year >= 1900)
    safe_day = np.clip(day, 1, length)
    dates = start.astype("datetime64[D]") + (safe_day - 1).astype("timedelta64[D]")
    return dates, ok


# --- string variations --------------------------------------------------------------------

_LETTERS: Final = "abcdefghijklmnopqrstuvwxyz"
_POW10: Final[IntArray] = np.array([10**i for i in range(10)], dtype=np.int64)


def _typo(text: str, op: int, where: float, letter: int) -> str:
    """One keyboard slip in `text`: 0 insert, 1 delete, 2 substitute, 3 transpose."""
    n = len(text)
    if n < 3:
        op = 0
    upper = text.isupper()
    char = _LETTERS[letter]
    if op == 0:
        pos = 1 + int(where * n)
        return text[:pos] + (char.upper() if upper else char) + text[pos:]
    pos = 1 + int(where * (n - 1))  # keep the initial: people rarely mistype it
    pos = min(pos, n - 1)
    if op == 1:
        return text[:pos] + text[pos + 1 :]
    if op == 3 and pos + 1 < n and text[pos] != text[pos + 1]:
        return text[:pos] + text[pos + 1] + text[pos] + text[pos + 2 :]
    if char == text[pos].lower():
        char = _LETTERS[(letter + 1) % 26]
    return text[:pos] + (char.upper() if upper else char) + text[pos + 1 :]


def _reformat_address(text: str, style: int) -> str:
    """The same address written another way."""
    if style == 0:
        for word, short in _ABBREVIATIONS.items():
            if f" {word}," in text:
                return text.replace(f" {word},", f" {short},", 1)
        return text.upper()
    if style == 1:
        return text.rsplit(", ", 1)[0]
    if style == 2:
        return text.upper()
    if style == 3:
        return f"{text}, {BOROUGH}"
    if style == 4:
        return text.replace(",", "")
    return text.lower()


_MOBILE_FORMATS: Final = ("07700 900{:03d}", "07700900{:03d}", "+44 7700 900{:03d}")
_LANDLINE_FORMATS: Final = ("01632 960{:03d}", "01632960{:03d}", "(01632) 960{:03d}")


@functools.lru_cache(maxsize=1)
def _phone_table() -> ObjArray:
    """Phone strings: [kind (0 mobile, 1 landline), format, number]."""
    table: ObjArray = np.empty((2, 3, 1000), dtype=object)
    for kind, formats in enumerate((_MOBILE_FORMATS, _LANDLINE_FORMATS)):
        for f, template in enumerate(formats):
            table[kind, f, :] = [template.format(i) for i in range(1000)]
    return table


# --- records ------------------------------------------------------------------------------


def _scaled(rate: float, eligible: BoolArray) -> float:
    """Probability for eligible records so that `rate` of all records are affected."""
    share = float(eligible.mean()) if len(eligible) else 0.0
    return min(1.0, rate / share) if share > 0 else 0.0


def _emit_records(
    rng: np.random.Generator,
    tables: _NameTables,
    addresses: _Addresses,
    households: _Households,
    people: _People,
    person: IntArray,
    agency: IntArray,
    rates: Rates,
    reference: np.datetime64,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Records (one per entry of `person`, from `agency`) with their variations."""
    n = len(person)
    time = rng.random(n)
    hh = people.household[person]
    sex = people.sex[person]
    female = sex == "F"
    flags: dict[str, BoolArray] = {}

    # Given name codes: nickname, spelling variant, accents dropped.
    given = people.given[person].copy()
    nick_ok = tables.given_nicknames.has(given)
    nick = nick_ok & (rng.random(n) < _scaled(rates.nickname, nick_ok))
    given[nick] = tables.given_nicknames.pick(given[nick], rng.random(int(nick.sum())))
    flags["nickname"] = nick

    # Family name codes: household surname (changes over time), feminine forms.
    shares = people.shares_name[person]
    family = people.family[person].copy()
    renamed_to = households.renamed[hh]
    renamed = shares & (renamed_to >= 0) & (time > households.rename_time[hh])
    family[renamed] = renamed_to[renamed]
    flags["surname_changed"] = renamed
    family = np.where(female, tables.family_feminine[family], family)

    # Spelling variants of either name.
    g_ok = tables.given_spellings.has(given)
    f_ok = tables.family_spellings.has(family)
    spell = (g_ok | f_ok) & (rng.random(n) < _scaled(rates.spelling_variant, g_ok | f_ok))
    on_given = spell & g_ok & (~f_ok | (rng.random(n) < 0.5))
    on_family = spell & ~on_given
    given[on_given] = tables.given_spellings.pick(given[on_given], rng.random(int(on_given.sum())))
    family[on_family] = tables.family_spellings.pick(
        family[on_family], rng.random(int(on_family.sum()))
    )
    flags["spelling_variant"] = spell

    accented = tables.given_accented[given] | tables.family_accented[family]
    fold = accented & (rng.random(n) < rates.diacritics_dropped)
    given[fold] = tables.given_folded[given[fold]]
    family[fold] = tables.family_folded[family[fold]]
    flags["diacritics_dropped"] = fold

    given_s: ObjArray = tables.given[given]
    family_s: ObjArray = tables.family[family]

    # Double-barrelled surnames: in full on some records, one part on others.
    second = households.double[hh]
    double = shares & (second >= 0)
    idx = np.flatnonzero(double)
    part = rng.choice(4, size=len(idx), p=[0.55, 0.3, 0.1, 0.05])
    second_s = tables.family[
        np.where(female[idx], tables.family_feminine[second[idx]], second[idx])
    ]
    family_s[idx] = [
        f"{a}-{b}" if p == 0 else a if p == 1 else b if p == 2 else f"{a} {b}"
        for a, b, p in zip(family_s[idx], second_s, part, strict=True)
    ]
    flags["double_surname_part"] = np.zeros(n, dtype=bool)
    flags["double_surname_part"][idx[(part == 1) | (part == 2)]] = True

    # Typos.
    typo = rng.random(n) < rates.name_typo
    idx = np.flatnonzero(typo)
    in_given = rng.random(len(idx)) < 0.45
    ops = rng.integers(0, 4, size=len(idx))
    wheres = rng.random(len(idx))
    letters = rng.integers(0, 26, size=len(idx))
    for j, (i, g) in enumerate(zip(idx, in_given, strict=True)):
        target = given_s if g else family_s
        target[i] = _typo(str(target[i]), int(ops[j]), float(wheres[j]), int(letters[j]))
    flags["name_typo"] = typo

    swap = rng.random(n) < rates.names_swapped
    given_s[swap], family_s[swap] = family_s[swap], given_s[swap].copy()
    flags["names_swapped"] = swap

    upper = rng.random(n) < rates.upper_case_names
    idx = np.flatnonzero(upper)
    both = rng.random(len(idx)) < 0.35
    family_s[idx] = [str(v).upper() for v in family_s[idx]]
    given_s[idx[both]] = [str(v).upper() for v in given_s[idx[both]]]

    # Dates of birth.
    year, month, day = _split_dates(people.dob[person])
    swappable = (day <= 12) & (month <= 12) & (day != month)
    swappable &= _join_dates(year, day, month)[0] <= reference  # not into the future
    dm_swap = swappable & (rng.random(n) < rates.dob_day_month_swap)
    month, day = np.where(dm_swap, day, month), np.where(dm_swap, month, day)
    flags["dob_day_month_swap"] = dm_swap

    digit = ~dm_swap & (rng.random(n) < rates.dob_digit_typo)
    pending = np.flatnonzero(digit)
    changed = np.zeros(n, dtype=bool)
    packed = year * 10000 + month * 100 + day
    for _ in range(8):
        if not len(pending):
            break
        place = _POW10[rng.integers(0, 6, size=len(pending))]  # the last six digits
        old = (packed[pending] // place) % 10
        new = (old + rng.integers(1, 10, size=len(pending))) % 10
        trial: IntArray = (packed[pending] + (new - old) * place).astype(np.int64)
        dates, ok = _join_dates(trial // 10000, (trial // 100) % 100, trial % 100)
        ok &= dates <= reference
        good = pending[ok]
        packed[good] = trial[ok]
        changed[good] = True
        pending = pending[~ok]
    year, month, day = packed // 10000, (packed // 100) % 100, packed % 100
    flags["dob_digit_typo"] = changed

    wrong = ~dm_swap & ~changed & (rng.random(n) < rates.dob_wrong_year)
    delta = np.where(rng.random(n) < 0.7, 1, rng.integers(2, 6, size=n))
    delta = np.where(rng.random(n) < 0.5, delta, -delta)
    safe_day = np.where((month == 2) & (day == 29), 28, day)
    moved_dates, _ = _join_dates(year + delta, month, safe_day)
    new_year = np.where(moved_dates > reference, year - np.abs(delta), year + delta)
    year = np.where(wrong, new_year, year)
    day = np.where(wrong, safe_day, day)
    flags["dob_wrong_year"] = wrong

    dates, _ = _join_dates(year, month, day)
    dob_s: ObjArray = np.datetime_as_string(dates, unit="D").astype(object)
    concern = people.concern[person]
    factor = rates.dob_missing_concern_factor
    concern_share = float(concern.mean()) if n else 0.0
    base = rates.dob_missing / (1.0 + (factor - 1.0) * concern_share)
    p_missing = np.where(concern, min(1.0, base * factor), base)
    missing = rng.random(n) < p_missing
    dob_s[missing] = ""
    flags["dob_missing"] = missing

    # Sex.
    u = rng.random(n)
    sex_s: ObjArray = sex.astype(object)
    sex_s[u < rates.sex_unknown] = "U"
    flip = (u >= rates.sex_unknown) & (u < rates.sex_unknown + rates.sex_error)
    sex_s[flip] = np.where(female[flip], "M", "F")

    # Addresses and postcodes.
    address_id = households.address[hh].copy()
    moved = (households.moved_address[hh] >= 0) & (time > households.move_time[hh])
    address_id[moved] = households.moved_address[hh][moved]
    placed = (people.placement_address[person] >= 0) & (time > people.placement_time[person])
    address_id[placed] = people.placement_address[person][placed]
    flags["moved"] = moved | placed
    address_table, postcode_table = addresses.render(address_id)
    address_s: ObjArray = address_table[address_id]
    postcode_s: ObjArray = postcode_table[address_id]
    restyle = np.flatnonzero(rng.random(n) < rates.address_format)
    styles = rng.integers(0, 6, size=len(restyle))
    address_s[restyle] = [
        _reformat_address(str(a), int(s)) for a, s in zip(address_s[restyle], styles, strict=True)
    ]
    address_missing = rng.random(n) < rates.address_missing
    address_s[address_missing] = ""
    restyle = np.flatnonzero(rng.random(n) < rates.postcode_format)
    lower = rng.random(len(restyle)) < 0.4
    postcode_s[restyle] = [
        str(p).lower() if low else str(p).replace(" ", "")
        for p, low in zip(postcode_s[restyle], lower, strict=True)
    ]
    postcode_missing = rng.random(n) < rates.postcode_missing
    postcode_s[postcode_missing] = ""
    flags["postcode_missing"] = postcode_missing
    flags["address_missing"] = address_missing

    # Phones: own mobile (maybe a newer one), else the household's landline or contact.
    own = people.mobile[person]
    newer = (people.new_mobile[person] >= 0) & (time > people.mobile_change_time[person])
    own = np.where(newer, people.new_mobile[person], own)
    landline = households.landline[hh]
    use_own = (own >= 0) & (rng.random(n) < 0.8)
    use_landline = ~use_own & (landline >= 0) & (rng.random(n) < 0.5)
    kind = np.where(use_landline, 1, 0)
    number = np.where(use_own, own, np.where(use_landline, landline, households.contact_mobile[hh]))
    fmt = np.where(rng.random(n) < rates.phone_format, rng.integers(1, 3, size=n), 0)
    phone_s: ObjArray = _phone_table()[kind, fmt, number]
    phone_missing = rng.random(n) < rates.phone_missing
    phone_s[phone_missing] = ""
    flags["phone_missing"] = phone_missing

    # E-mail: own, else the household contact's.
    own_email = people.email[person]
    email_s: ObjArray = np.where(
        (own_email != "") & (rng.random(n) < 0.85), own_email, households.contact_email[hh]
    ).astype(object)
    email_missing = rng.random(n) < rates.email_missing
    email_s[email_missing] = ""
    flags["email_missing"] = email_missing

    # NHS numbers: mostly on health and local-authority records; a few mistyped.
    propensity = np.asarray(_AGENCY_NHS_PROPENSITY)[agency]
    scale = rates.nhs_present / float(propensity.mean()) if n else 0.0
    present = rng.random(n) < np.minimum(1.0, propensity * scale)
    nhs = people.nhs[person].copy()
    mistyped = present & (rng.random(n) < rates.nhs_typo)
    idx = np.flatnonzero(mistyped)
    place = _POW10[rng.integers(0, 7, size=len(idx))]  # not the 999 prefix
    old = (nhs[idx] // place) % 10
    nhs[idx] += ((old + rng.integers(1, 10, size=len(idx))) % 10 - old) * place
    idx = np.flatnonzero(present)
    spaced = rng.random(len(idx)) < rates.nhs_spaced
    nhs_s: ObjArray = np.full(n, "", dtype=object)
    nhs_s[idx] = [
        f"{v // 10**7} {v // 10**4 % 1000:03d} {v % 10**4:04d}" if sp else f"{v:010d}"
        for v, sp in zip(nhs[idx], spaced, strict=True)
    ]
    flags["nhs_present"] = present
    flags["nhs_typo"] = mistyped

    records = pd.DataFrame(
        {
            "given_name": given_s,
            "family_name": family_s,
            "date_of_birth": dob_s,
            "sex": sex_s,
            "postcode": postcode_s,
            "address": address_s,
            "phone": phone_s,
            "email": email_s,
            "nhs_number": nhs_s,
            "source_agency": np.asarray(AGENCIES, dtype=object)[agency],
        }
    )
    variations = pd.DataFrame(flags)
    variations["record_time"] = time
    return records, variations


def _finish(
    rng: np.random.Generator,
    records: pd.DataFrame,
    variations: pd.DataFrame,
    person_ids: IntArray,
    household_ids: IntArray,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Shuffle the records, number them and put the columns in order."""
    n = len(records)
    order = rng.permutation(n)
    records = records.iloc[order].reset_index(drop=True)
    variations = variations.iloc[order].reset_index(drop=True)
    width = max(7, len(str(n)))
    records["record_id"] = [f"R{i:0{width}d}" for i in range(1, n + 1)]
    records["true_person_id"] = person_ids[order]
    records["household_id"] = household_ids[order]
    return records[list(RECORD_COLUMNS)], variations


def _people_frame(
    tables: _NameTables, households: _Households, people: _People, person_ids: IntArray
) -> pd.DataFrame:
    """The `Population.people` table."""
    family = np.where(
        people.shares_name, households.family[people.household], people.family
    ).astype(np.int64)
    shown = np.where(people.sex == "F", tables.family_feminine[family], family)
    return pd.DataFrame(
        {
            "true_person_id": person_ids,
            "household_id": people.household + 1,
            "role": np.asarray(_ROLE_NAMES, dtype=object)[people.role],
            "sex": people.sex.astype(object),
            "given_name": tables.given[people.given],
            "family_name": tables.family[shown],
            "date_of_birth": np.datetime_as_string(people.dob, unit="D").astype(object),
            "twin_group": people.twin_group,
            "of_concern": people.concern,
            "sibling_key": people.household * len(tables.family) + family,
        }
    )


def _reference(reference_date: str | dt.date) -> np.datetime64:
    """The reference date as numpy day."""
    return np.datetime64(
        reference_date if isinstance(reference_date, str) else reference_date.isoformat(), "D"
    )


# --- the population -----------------------------------------------------------------------


def generate_population(
    n_records: int,
    *,
    seed: int = 0,
    records_per_person: float = 1.5,
    max_records_per_person: int = 12,
    rates: Rates = DEFAULT_RATES,
    twin_rate: float = 0.01,
    concern_rate: float = 0.10,
    concern_record_factor: float = 3.0,
    parent_record_rate: float = 0.25,
    children_per_household: float = 1.9,
    young_adults_per_household: float = 0.3,
    single_parent_rate: float = 0.35,
    group_mix: Sequence[float] = DEFAULT_GROUP_MIX,
    reference_date: str | dt.date = DEFAULT_REFERENCE_DATE,
) -> Population:
    """Exactly `n_records` records about a synthetic borough's households.

    Args:
        n_records: how many records to make.
        seed: the random seed; the same seed and parameters give the same population.
        records_per_person: mean records per person (>= 1); each person has 1 +
            a geometric number of further records, at most `max_records_per_person` in all.
        max_records_per_person: the most records one person has.
        rates: the record variations (see `Rates`).
        twin_rate: share of children who are twins (same date of birth, surname and
            address, different given names).
        concern_rate: share of 10-19-year-olds who are persons of concern: they have
            `concern_record_factor` times as many extra records, lack a date of birth more
            often and may be placed away from home.
        concern_record_factor: see `concern_rate`.
        parent_record_rate: share of parents who have records at all (children and young
            adults always do).
        children_per_household: mean children (0-17) per household (at least one).
        young_adults_per_household: mean young adults (18-25) still at home per household.
        single_parent_rate: share of households with one parent.
        group_mix: shares of households by heritage group, in the order of `GROUPS`.
        reference_date: "today" for ages: no date of birth is after it.

    Returns:
        The `Population`.
    """
    if n_records < 0:
        raise ValueError("n_records must not be negative")
    if records_per_person < 1.0:
        raise ValueError("records_per_person must be at least 1")
    if max_records_per_person < 1:
        raise ValueError("max_records_per_person must be at least 1")
    if len(group_mix) != len(GROUPS):
        raise ValueError(f"group_mix needs {len(GROUPS)} shares, in the order of GROUPS")
    tables = _name_tables()
    reference = _reference(reference_date)
    per_household = (
        children_per_household
        + children_per_household * twin_rate / 2
        + young_adults_per_household
        + (2 - single_parent_rate) * parent_record_rate
    ) * records_per_person
    margin = 1.15
    for attempt in range(12):
        rng = np.random.default_rng([seed, attempt])
        n_households = math.ceil(n_records / per_household * margin) + 8
        world = _build_world(
            rng,
            tables,
            n_households,
            rates=rates,
            twin_rate=twin_rate,
            concern_rate=concern_rate,
            parent_record_rate=parent_record_rate,
            children_per_household=children_per_household,
            young_adults_per_household=young_adults_per_household,
            single_parent_rate=single_parent_rate,
            group_mix=group_mix,
            reference=reference,
        )
        addresses, households, people, has_records = world
        candidates = np.flatnonzero(has_records)
        concern = people.concern[candidates]
        extra = records_per_person - 1.0
        share = float(concern.mean()) if len(concern) else 0.0
        factor = min(concern_record_factor, 1.0 / share) if share > 0 else 1.0
        normal_mean = extra * (1.0 - share * factor) / (1.0 - share) if share < 1 else extra
        mean_extra = np.where(concern, extra * factor, normal_mean)
        counts = 1 + np.minimum(
            rng.geometric(1.0 / (1.0 + mean_extra)) - 1, max_records_per_person - 1
        )
        total = np.cumsum(counts)
        if len(total) and total[-1] >= n_records:
            break
        margin *= 1.5
    else:  # pragma: no cover - only with absurd parameters
        raise RuntimeError("could not generate enough records")
    cut = int(np.searchsorted(total, n_records)) + 1 if n_records else 0
    counts = counts[:cut].copy()
    if cut:
        counts[-1] -= int(total[cut - 1] - n_records)
    keep = candidates[:cut]
    people = _subset_people(people, keep)
    people.nhs = _assign_nhs(rng, len(keep))
    person_ids = np.arange(1, len(keep) + 1, dtype=np.int64)
    person = np.repeat(np.arange(len(keep), dtype=np.int64), counts)
    weights = np.asarray(AGENCY_WEIGHTS, dtype=np.float64)
    agency = rng.choice(len(AGENCIES), size=len(person), p=weights / weights.sum())
    records, variations = _emit_records(
        rng, tables, addresses, households, people, person, agency, rates, reference
    )
    records, variations = _finish(
        rng, records, variations, person_ids[person], people.household[person] + 1
    )
    return Population(
        records=records,
        people=_people_frame(tables, households, people, person_ids),
        variations=variations,
        seed=seed,
    )


def _build_world(
    rng: np.random.Generator,
    tables: _NameTables,
    n_households: int,
    *,
    rates: Rates,
    twin_rate: float,
    concern_rate: float,
    parent_record_rate: float,
    children_per_household: float,
    young_adults_per_household: float,
    single_parent_rate: float,
    group_mix: Sequence[float],
    reference: np.datetime64,
) -> tuple[_Addresses, _Households, _People, BoolArray]:
    """Households and everyone in them; also which people have records."""
    addresses = _Addresses()
    households = _make_households(rng, tables, addresses, n_households, group_mix, rates)
    h = np.arange(n_households, dtype=np.int64)
    n_children = 1 + np.minimum(rng.poisson(max(0.0, children_per_household - 1), n_households), 7)
    n_young = np.minimum(rng.poisson(young_adults_per_household, n_households), 4)
    n_parents = np.where(rng.random(n_households) < single_parent_rate, 1, 2)
    year = _DAYS_PER_YEAR
    child_hh = np.repeat(h, n_children)
    child_age = rng.integers(0, int(18 * year), size=len(child_hh))
    # Twins: some children get a twin (same household and birthday).
    twin_of = np.flatnonzero(rng.random(len(child_hh)) < twin_rate / 2)
    twin_group_children = np.full(len(child_hh), -1, dtype=np.int64)
    twin_group_children[twin_of] = np.arange(len(twin_of))
    young_hh = np.repeat(h, n_young)
    young_age = rng.integers(int(18 * year), int(26 * year), size=len(young_hh))
    parent_hh = np.repeat(h, n_parents)
    parent_rank = np.arange(len(parent_hh)) - np.repeat(np.cumsum(n_parents) - n_parents, n_parents)
    # Parents are 17-42 years older than the eldest child.
    eldest = np.zeros(n_households, dtype=np.int64)
    np.maximum.at(eldest, child_hh, child_age)
    np.maximum.at(eldest, young_hh, young_age)
    parent_age = eldest[parent_hh] + rng.integers(
        int(17 * year), int(42 * year), size=len(parent_hh)
    )
    parent_age = np.maximum(parent_age, int(19 * year))
    contact_sex = households.contact_sex[parent_hh]
    other_sex = np.where(contact_sex == "F", "M", "F")
    parent_sex = np.where(parent_rank == 0, contact_sex, other_sex)

    household = np.concatenate([parent_hh, child_hh, child_hh[twin_of], young_hh])
    role = np.concatenate(
        [
            np.full(len(parent_hh), _ROLE_PARENT),
            np.full(len(child_hh) + len(twin_of), _ROLE_CHILD),
            np.full(len(young_hh), _ROLE_YOUNG_ADULT),
        ]
    ).astype(np.int64)
    n_kids = len(child_hh) + len(twin_of) + len(young_hh)
    kid_sex = np.where(rng.random(n_kids) < 0.5, "F", "M")
    twin_sex = kid_sex[len(child_hh) : len(child_hh) + len(twin_of)]
    # Two thirds of twin pairs are the same sex.
    same = rng.random(len(twin_of)) < 0.65
    kid_sex[len(child_hh) : len(child_hh) + len(twin_of)] = np.where(
        same, kid_sex[twin_of], twin_sex
    )
    sex = np.concatenate([parent_sex, kid_sex])
    age = np.concatenate([parent_age, child_age, child_age[twin_of], young_age])
    twin_group = np.concatenate(
        [
            np.full(len(parent_hh), -1, dtype=np.int64),
            twin_group_children,
            np.arange(len(twin_of), dtype=np.int64),
            np.full(len(young_hh), -1, dtype=np.int64),
        ]
    )
    is_contact = np.concatenate([parent_rank == 0, np.zeros(n_kids, dtype=bool)])
    order = np.argsort(household, kind="stable")
    household, role, sex, age, twin_group, is_contact = (
        household[order],
        role[order],
        sex[order],
        age[order],
        twin_group[order],
        is_contact[order],
    )
    n = len(household)
    teen = (age >= 10 * year) & (age < 20 * year) & (role != _ROLE_PARENT)
    concern = teen & (rng.random(n) < concern_rate)
    people = _fill_people(
        rng,
        tables,
        addresses,
        households,
        household,
        role,
        sex.astype(np.str_),
        age.astype(np.int64),
        concern,
        twin_group,
        is_contact,
        rates,
        reference,
    )
    has_records = (role != _ROLE_PARENT) | (rng.random(n) < parent_record_rate)
    return addresses, households, people, has_records


def write_csv(
    population: Population, path: str | os.PathLike[str], *, include_truth: bool = True
) -> Path:
    """Write the records as UTF-8 CSV with a header row.

    The first ten columns are the linkage command's input format (`INPUT_COLUMNS`); with
    `include_truth` the ground truth and source follow (`TRUTH_COLUMNS`).
    """
    target = Path(path)
    columns = list(RECORD_COLUMNS if include_truth else INPUT_COLUMNS)
    population.records.to_csv(target, columns=columns, index=False, encoding="utf-8")
    return target


# --- labelled pairs -----------------------------------------------------------------------

#: Shares of the pair kinds in `labelled_pairs` (shortfalls are made up with easy pairs).
PAIR_MIX: Final[dict[str, float]] = {
    "match": 0.40,
    "twin": 0.05,
    "sibling": 0.15,
    "same_name": 0.10,
    "household": 0.05,
    "same_postcode": 0.05,
    "easy": 0.20,
}


def _sample_pairs(
    rng: np.random.Generator,
    keys: IntArray,
    persons: IntArray,
    want: int,
    *,
    same_person: bool,
) -> npt.NDArray[np.int64]:
    """Up to `want` distinct record-position pairs (i < j) with equal non-negative `keys`,
    of the same person or of different persons."""
    empty = np.zeros((0, 2), dtype=np.int64)
    valid = np.flatnonzero(keys >= 0)
    if want <= 0 or len(valid) < 2:
        return empty
    order = valid[np.argsort(keys[valid], kind="stable")]
    sorted_keys = keys[order]
    starts = np.flatnonzero(np.r_[True, sorted_keys[1:] != sorted_keys[:-1]])
    sizes = np.diff(np.r_[starts, len(order)])
    group = np.repeat(np.arange(len(starts)), sizes)
    # Groups able to give a pair of the wanted kind.
    pair_keys = pd.DataFrame({"k": sorted_keys, "p": persons[order]}).drop_duplicates()
    distinct = pair_keys.groupby("k", sort=True).size().to_numpy()
    usable = (sizes > distinct) if same_person else (distinct >= 2)
    candidates = np.flatnonzero(usable[group])
    if not len(candidates):
        return empty
    found: set[tuple[int, int]] = set()
    for _ in range(40):
        m = max(64, 2 * (want - len(found)))
        first = rng.choice(candidates, size=m)
        g = group[first]
        second = starts[g] + (rng.random(m) * sizes[g]).astype(np.int64)
        a, b = order[first], order[second]
        ok = (a != b) & ((persons[a] == persons[b]) == same_person)
        for x, y in zip(np.minimum(a, b)[ok], np.maximum(a, b)[ok], strict=True):
            found.add((int(x), int(y)))
            if len(found) >= want:
                break
        if len(found) >= want:
            break
    return np.asarray(sorted(found), dtype=np.int64).reshape(-1, 2)


def labelled_pairs(population: Population, n: int, seed: int = 0) -> pd.DataFrame:
    """A sample of about `n` record pairs with a boolean label, for calibrating thresholds.

    Kinds (see `PAIR_MIX`): true matches (`match`), and non-matches that are hard (`twin`,
    `sibling`, `same_name` - the same written name, different people -, `household`,
    `same_postcode`) or easy (`easy`, any two people). Columns: `record_id_l`,
    `record_id_r`, `label` (True for the same person), `kind`. Each pair appears once.
    """
    rng = np.random.default_rng([seed, 7])
    records = population.records
    persons = records["true_person_id"].to_numpy(dtype=np.int64)
    people = population.people.set_index("true_person_id")
    twin = people["twin_group"].reindex(persons).to_numpy(dtype=np.int64)
    role = people["role"].reindex(persons).to_numpy()
    sibling = people["sibling_key"].reindex(persons).to_numpy(dtype=np.int64)
    sibling = np.where(role != _ROLE_NAMES[_ROLE_PARENT], sibling, -1)
    names = (
        records["given_name"].str.casefold().str.strip()
        + "|"
        + records["family_name"].str.casefold().str.strip()
    )
    postcode = records["postcode"].str.replace(" ", "").str.upper()
    postcode_codes, _ = pd.factorize(postcode)
    postcode_codes = np.where(postcode.to_numpy() == "", -1, postcode_codes)
    keys: dict[str, tuple[IntArray, bool]] = {
        "match": (persons, True),
        "twin": (twin, False),
        "sibling": (sibling, False),
        "same_name": (pd.factorize(names)[0].astype(np.int64), False),
        "household": (records["household_id"].to_numpy(dtype=np.int64), False),
        "same_postcode": (postcode_codes.astype(np.int64), False),
    }
    chosen: dict[tuple[int, int], str] = {}
    for kind, share in PAIR_MIX.items():
        if kind == "easy":
            continue
        key, same = keys[kind]
        for a, b in _sample_pairs(rng, key, persons, round(n * share), same_person=same):
            chosen.setdefault((int(a), int(b)), kind)
    size = len(records)
    tries = 0
    while len(chosen) < n and size >= 2 and tries < 50:
        tries += 1
        m = 2 * (n - len(chosen)) + 16
        a, b = rng.integers(0, size, size=m), rng.integers(0, size, size=m)
        ok = persons[a] != persons[b]
        for x, y in zip(np.minimum(a, b)[ok], np.maximum(a, b)[ok], strict=True):
            if len(chosen) >= n:
                break
            chosen.setdefault((int(x), int(y)), "easy")
    pairs = np.asarray(list(chosen), dtype=np.int64).reshape(-1, 2)
    ids = records["record_id"].to_numpy()
    frame = pd.DataFrame(
        {
            "record_id_l": ids[pairs[:, 0]],
            "record_id_r": ids[pairs[:, 1]],
            "label": persons[pairs[:, 0]] == persons[pairs[:, 1]],
            "kind": list(chosen.values()),
        }
    )
    return frame.sample(frac=1.0, random_state=rng).reset_index(drop=True)


# --- the demo's contact records -----------------------------------------------------------

DEMO_RECORDS: Final = 337
DEMO_PEOPLE: Final = 224
#: Ages of young people in CSE contacts, 11 to 19, weighted towards mid-teens.
_DEMO_AGE_WEIGHTS: Final[tuple[float, ...]] = (3, 6, 10, 14, 17, 17, 14, 10, 9)


def _largest_remainder(total: int, weights: Sequence[float]) -> IntArray:
    """`total` split in proportion to `weights` in whole numbers."""
    w = np.asarray(weights, dtype=np.float64)
    exact = total * w / w.sum()
    counts = np.floor(exact).astype(np.int64)
    short = total - int(counts.sum())
    counts[np.argsort(-(exact - counts), kind="stable")[:short]] += 1
    return counts


def demo_contact_records(
    seed: int = 0,
    *,
    rates: Rates = DEFAULT_RATES,
    reference_date: str | dt.date = DEFAULT_REFERENCE_DATE,
    female_share: float = 0.9,
    sibling_pairs: int = 10,
    twin_pairs: int = 1,
) -> Population:
    """Exactly 337 CSE-contact records about exactly 224 young people aged 11-19.

    After the seed's 2016-17 figures (337 contacts relating to 224 young people). Records come
    from local authority (43.3%), police (27.0%), education (17.2%) and others (12.5%),
    in exact proportions; about 90% of the young people are female; everyone is a person of
    concern. Some are siblings in one household and one pair are twins, and records carry the
    usual variations (see `Rates`), so a linker has real work to do. Ground truth is in
    `true_person_id`.
    """
    tables = _name_tables()
    reference = _reference(reference_date)
    rng = np.random.default_rng([seed, 224, 337])
    n_people = DEMO_PEOPLE
    n_twins, n_siblings = 2 * twin_pairs, 2 * sibling_pairs
    n_single = n_people - n_twins - n_siblings
    if n_single < 0:
        raise ValueError("too many sibling or twin pairs for 224 young people")
    n_households = n_single + twin_pairs + sibling_pairs
    addresses = _Addresses()
    households = _make_households(rng, tables, addresses, n_households, DEFAULT_GROUP_MIX, rates)
    paired = np.arange(n_single, n_households, dtype=np.int64)
    household = np.concatenate([np.arange(n_single, dtype=np.int64), np.repeat(paired, 2)])
    year = _DAYS_PER_YEAR
    weights = np.asarray(_DEMO_AGE_WEIGHTS, dtype=np.float64)

    def draw_ages(k: int) -> IntArray:
        """Ages in days of `k` young people aged 11-19."""
        whole = 11 + rng.choice(len(weights), size=k, p=weights / weights.sum())
        days: IntArray = (whole * year + rng.integers(0, int(year), size=k)).astype(np.int64)
        return days

    age = draw_ages(n_people)
    twin_group = np.full(n_people, -1, dtype=np.int64)
    for t in range(twin_pairs):
        first = n_single + 2 * t
        age[first + 1] = age[first]
        twin_group[first : first + 2] = t
    for s in range(sibling_pairs):
        first = n_single + n_twins + 2 * s
        while abs(int(age[first + 1]) - int(age[first])) < 300:  # siblings, not twins
            age[first + 1] = draw_ages(1)[0]
    n_female = round(female_share * n_people)
    sex = np.full(n_people, "M", dtype="<U1")
    sex[rng.permutation(n_people)[:n_female]] = "F"
    role = np.where(age >= 18 * year, _ROLE_YOUNG_ADULT, _ROLE_CHILD).astype(np.int64)
    people = _fill_people(
        rng,
        tables,
        addresses,
        households,
        household,
        role,
        sex,
        age,
        np.ones(n_people, dtype=bool),
        twin_group,
        np.zeros(n_people, dtype=bool),
        rates,
        reference,
    )
    people.nhs = _assign_nhs(rng, n_people)
    extra = DEMO_RECORDS - n_people
    propensity = rng.gamma(1.0, size=n_people)
    counts = 1 + np.bincount(
        rng.choice(n_people, size=extra, p=propensity / propensity.sum()), minlength=n_people
    )
    person = np.repeat(np.arange(n_people, dtype=np.int64), counts)
    agency = np.repeat(
        np.arange(len(AGENCIES), dtype=np.int64),
        _largest_remainder(DEMO_RECORDS, AGENCY_WEIGHTS),
    )
    agency = agency[rng.permutation(len(agency))]
    records, variations = _emit_records(
        rng, tables, addresses, households, people, person, agency, rates, reference
    )
    person_ids = np.arange(1, n_people + 1, dtype=np.int64)
    records, variations = _finish(
        rng, records, variations, person_ids[person], people.household[person] + 1
    )
    return Population(
        records=records,
        people=_people_frame(tables, households, people, person_ids),
        variations=variations,
        seed=seed,
    )
