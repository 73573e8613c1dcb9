"""Tests for the synthetic population generator (safehub.people.synthetic)."""

from __future__ import annotations

import dataclasses
from collections import Counter
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from safehub.people import synthetic
from safehub.people.synthetic import (
    AGENCIES,
    RECORD_COLUMNS,
    Population,
    Rates,
    demo_contact_records,
    generate_population,
    labelled_pairs,
    write_csv,
)

REFERENCE = pd.Timestamp(synthetic.DEFAULT_REFERENCE_DATE)
EXPECTED_COLUMNS = [
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
    "true_person_id",
    "household_id",
    "source_agency",
]


@pytest.fixture(scope="module")
def population() -> Population:
    return generate_population(30_000, seed=11)


@pytest.fixture(scope="module")
def demo() -> Population:
    return demo_contact_records(seed=0)


def record_person(population: Population) -> dict[str, int]:
    records = population.records
    return dict(zip(records["record_id"], records["true_person_id"], strict=True))


def nhs_valid(value: str) -> bool:
    """Independent modulus-11 check (NHS Data Dictionary)."""
    digits = value.replace(" ", "")
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(digits[i]) * (10 - i) for i in range(9))
    check = (11 - total % 11) % 11
    return check != 10 and check == int(digits[9])


def test_same_seed_gives_identical_output() -> None:
    first = generate_population(3_000, seed=7)
    second = generate_population(3_000, seed=7)
    pd.testing.assert_frame_equal(first.records, second.records)
    pd.testing.assert_frame_equal(first.variations, second.variations)
    pd.testing.assert_frame_equal(first.people, second.people)
    other = generate_population(3_000, seed=8)
    assert not first.records.drop(columns="record_id").equals(
        other.records.drop(columns="record_id")
    )


def test_demo_is_deterministic() -> None:
    pd.testing.assert_frame_equal(demo_contact_records(3).records, demo_contact_records(3).records)


def test_columns_are_the_linkage_input_then_the_truth(population: Population) -> None:
    assert list(population.records.columns) == EXPECTED_COLUMNS
    assert list(RECORD_COLUMNS) == EXPECTED_COLUMNS
    assert population.records["record_id"].is_unique
    text_columns = [c for c in EXPECTED_COLUMNS if c not in ("true_person_id", "household_id")]
    for column in text_columns:
        assert population.records[column].map(type).eq(str).all(), column
    assert set(population.records["source_agency"]) <= set(AGENCIES)
    assert set(population.records["sex"]) <= {"M", "F", "U"}


@pytest.mark.parametrize("ratio", [1.0, 1.5, 2.2])
def test_exact_record_count_and_records_per_person(ratio: float) -> None:
    pop = generate_population(20_000, seed=1, records_per_person=ratio)
    assert len(pop.records) == 20_000
    assert pop.people_count == len(pop.people)
    assert 20_000 / pop.people_count == pytest.approx(ratio, abs=0.06)
    counts = pop.records["true_person_id"].value_counts()
    assert counts.min() >= 1
    assert counts.max() <= 12


def test_small_and_empty_populations() -> None:
    assert len(generate_population(0).records) == 0
    assert len(generate_population(1, seed=4).records) == 1
    assert len(generate_population(17, seed=4).records) == 17


def test_population_is_mostly_children(population: Population) -> None:
    roles = population.people["role"].value_counts(normalize=True)
    assert roles["child"] > 0.6
    assert 0.03 < roles["young adult"] < 0.25
    assert 0.05 < roles["parent"] < 0.3
    dob = pd.to_datetime(population.people["date_of_birth"])
    age = (REFERENCE - dob).dt.days / 365.25
    roles_col = population.people["role"]
    assert age[roles_col == "child"].between(0, 18).all()
    assert age[roles_col == "young adult"].between(17.99, 26).all()
    assert (age[roles_col == "parent"] >= 18).all()


def test_demo_has_337_records_about_224_young_people(demo: Population) -> None:
    records = demo.records
    assert len(records) == 337
    assert records["true_person_id"].nunique() == 224
    assert demo.people_count == 224
    assert list(records.columns) == EXPECTED_COLUMNS
    agencies = records["source_agency"].value_counts()
    assert agencies["local authority"] == 146  # 43.3%
    assert agencies["police"] == 91  # 27.0%
    assert agencies["education"] == 58  # 17.2%
    assert 337 - 146 - 91 - 58 == 42  # others 12.5%
    dob = pd.to_datetime(demo.people["date_of_birth"])
    age = (REFERENCE - dob).dt.days / 365.25
    assert age.between(11, 20).all()
    assert (demo.people["sex"] == "F").mean() == pytest.approx(0.9, abs=0.02)
    # The linker has real work to do: several records per person for some, with variation.
    assert records["true_person_id"].value_counts().max() >= 3
    assert demo.variations[["nickname", "name_typo", "dob_missing"]].to_numpy().any(axis=0).all()


def test_twins_share_birthday_surname_and_home_but_not_given_name(
    population: Population,
) -> None:
    people = population.people
    twins = people[people["twin_group"] >= 0]
    assert len(twins) > 0
    children = people[people["role"] == "child"]
    assert 0.003 < (children["twin_group"] >= 0).mean() < 0.03
    complete = twins.groupby("twin_group").filter(lambda g: len(g) == 2)
    assert len(complete) > 0
    for _, pair in complete.groupby("twin_group"):
        assert pair["date_of_birth"].nunique() == 1
        assert pair["household_id"].nunique() == 1
        assert pair["given_name"].nunique() == 2
    # Twin records are among the sibling pairs.
    ids = population.records.groupby("true_person_id")["record_id"].first()
    siblings = population.sibling_pairs()
    twin_pairs = []
    for _, pair in complete.groupby("twin_group"):
        if (pair["sibling_key"].nunique() == 1) and pair["true_person_id"].isin(ids.index).all():
            a, b = sorted(ids[pair["true_person_id"]].tolist())
            twin_pairs.append((a, b))
    assert twin_pairs
    assert any(pair in siblings for pair in twin_pairs)


def test_phone_numbers_are_only_from_the_drama_ranges(population: Population) -> None:
    phones = population.records["phone"]
    present = phones[phones != ""]
    assert len(present) > 0
    digits = present.str.replace(r"\D", "", regex=True).str.replace(r"^44", "0", regex=True)
    in_range = digits.str.fullmatch(r"07700900\d{3}|01632960\d{3}")
    assert in_range.all(), present[~in_range].head()


def test_email_domains_are_example(population: Population) -> None:
    emails = population.records["email"]
    present = emails[emails != ""]
    assert len(present) > 0
    assert present.str.fullmatch(r"[a-z0-9._]+@[a-z0-9.-]+\.example").all()


def test_nhs_numbers_are_synthetic_and_valid_unless_deliberately_mistyped(
    population: Population,
) -> None:
    records = population.records
    flags = population.variations
    present = records["nhs_number"] != ""
    assert (present == flags["nhs_present"]).all()
    numbers = records.loc[present, "nhs_number"]
    assert numbers.str.replace(" ", "").str.fullmatch(r"999\d{7}").all()
    valid = numbers.map(nhs_valid)
    mistyped = flags.loc[present, "nhs_typo"]
    assert (valid == ~mistyped).all()
    expected = Rates().nhs_typo * present.sum()
    assert 0.4 * expected < mistyped.sum() < 1.8 * expected
    # One person, one NHS number (as typed correctly).
    correct = records.loc[present & ~flags["nhs_typo"]]
    per_person = correct["nhs_number"].str.replace(" ", "").groupby(correct["true_person_id"])
    assert per_person.nunique().max() == 1
    assert synthetic.nhs_check_digit_ok(["943 476 5919", "9990000000"]).tolist() == [True, False]


def test_postcodes_and_dates_are_well_formed(population: Population) -> None:
    records = population.records
    postcodes = records.loc[records["postcode"] != "", "postcode"].str.upper()
    assert postcodes.str.replace(" ", "").str.fullmatch(r"TF([1-9]|1[0-3])\d[A-Z]{2}").all()
    dates = records.loc[records["date_of_birth"] != "", "date_of_birth"]
    assert dates.str.fullmatch(r"\d{4}-\d{2}-\d{2}").all()
    parsed = pd.to_datetime(dates, format="%Y-%m-%d", errors="coerce")
    assert parsed.notna().all()
    assert (parsed <= REFERENCE).all()
    addresses = records.loc[records["address"] != "", "address"].str.lower()
    localities = [name.lower() for name in synthetic._LOCALITIES]
    no_locality = ~addresses.map(lambda a: any(loc in a for loc in localities))
    # Only the "locality dropped" reformatting leaves it out.
    assert no_locality.mean() < 0.05


def test_variation_rates_are_near_their_defaults(population: Population) -> None:
    flags = population.variations.mean(numeric_only=True)
    rates = Rates()
    for name in (
        "nickname",
        "spelling_variant",
        "name_typo",
        "names_swapped",
        "dob_digit_typo",
        "dob_missing",
        "dob_wrong_year",
        "postcode_missing",
        "phone_missing",
        "email_missing",
        "nhs_present",
    ):
        assert flags[name] == pytest.approx(getattr(rates, name), rel=0.3), name
    # Persons of concern lack a date of birth more often.
    concern = population.people.set_index("true_person_id")["of_concern"]
    of_concern = population.records["true_person_id"].map(concern).to_numpy(dtype=bool)
    missing = population.variations["dob_missing"].to_numpy()
    assert missing[of_concern].mean() > missing[~of_concern].mean()
    agencies = population.records["source_agency"].value_counts(normalize=True)
    assert agencies["local authority"] == pytest.approx(0.433, abs=0.02)
    assert agencies["police"] == pytest.approx(0.27, abs=0.02)
    assert agencies["education"] == pytest.approx(0.172, abs=0.02)
    health = population.records["source_agency"] == "health"
    assert population.variations.loc[health, "nhs_present"].mean() > 0.9


def test_without_variation_records_show_the_canonical_person() -> None:
    zero = {f.name: 0.0 for f in dataclasses.fields(Rates)}
    zero["dob_missing_concern_factor"] = 1.0
    pop = generate_population(5_000, seed=3, rates=Rates(**zero))
    merged = pop.records.merge(pop.people, on="true_person_id", suffixes=("", "_true"))
    assert (merged["given_name"] == merged["given_name_true"]).all()
    assert (merged["family_name"] == merged["family_name_true"]).all()
    assert (merged["date_of_birth"] == merged["date_of_birth_true"]).all()
    assert (merged["phone"] != "").all()
    assert (merged["nhs_number"] == "").all()


def test_surname_changes_and_double_barrels_appear() -> None:
    rates = Rates(surname_change=0.3, double_surname=0.3)
    pop = generate_population(5_000, seed=2, rates=rates)
    assert pop.variations["surname_changed"].any()
    assert pop.records["family_name"].str.contains("-").any()
    assert pop.variations["double_surname_part"].any()


def test_true_pairs_are_all_pairs_of_each_persons_records(population: Population) -> None:
    pairs = population.true_pairs()
    counts = population.records["true_person_id"].value_counts()
    assert len(pairs) == int((counts * (counts - 1) // 2).sum())
    person = record_person(population)
    assert all(a < b and person[a] == person[b] for a, b in list(pairs)[:2000])


def test_sibling_pairs_are_different_people_of_one_household(population: Population) -> None:
    pairs = population.sibling_pairs()
    assert pairs
    records = population.records.set_index("record_id")
    people = population.people.set_index("true_person_id")
    for a, b in list(pairs)[:2000]:
        pa, pb = records.at[a, "true_person_id"], records.at[b, "true_person_id"]
        assert a < b
        assert pa != pb
        assert records.at[a, "household_id"] == records.at[b, "household_id"]
        assert people.at[pa, "role"] != "parent"
        assert people.at[pa, "family_name"] == people.at[pb, "family_name"] or (
            people.at[pa, "sex"] != people.at[pb, "sex"]  # Kowalski / Kowalska
        )


def test_labelled_pairs_are_balanced_and_labelled_truly(population: Population) -> None:
    pairs = labelled_pairs(population, 2_000, seed=5)
    assert list(pairs.columns) == ["record_id_l", "record_id_r", "label", "kind"]
    assert len(pairs) == 2_000
    assert not pairs.duplicated(["record_id_l", "record_id_r"]).any()
    person = record_person(population)
    left, right = pairs["record_id_l"], pairs["record_id_r"]
    truth = [person[a] == person[b] for a, b in zip(left, right, strict=True)]
    assert pairs["label"].tolist() == truth
    assert 0.3 < pairs["label"].mean() < 0.5
    kinds = Counter(pairs["kind"])
    assert {"match", "sibling", "same_name", "household", "easy"} <= set(kinds)
    assert (pairs.loc[pairs["kind"] == "match", "label"]).all()
    assert not (pairs.loc[pairs["kind"] != "match", "label"]).any()
    again = labelled_pairs(population, 2_000, seed=5)
    pd.testing.assert_frame_equal(pairs, again)


def test_write_csv_round_trips(tmp_path: Path, demo: Population) -> None:
    path = write_csv(demo, tmp_path / "demo.csv")
    back = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(back.columns) == EXPECTED_COLUMNS
    expected = demo.records.astype(str)
    pd.testing.assert_frame_equal(back, expected)
    inputs = write_csv(demo, tmp_path / "inputs.csv", include_truth=False)
    assert list(pd.read_csv(inputs, nrows=1).columns) == EXPECTED_COLUMNS[:10]


def test_rates_are_validated() -> None:
    with pytest.raises(ValueError, match="nickname"):
        Rates(nickname=1.5)
    with pytest.raises(ValueError):
        generate_population(10, records_per_person=0.5)


def test_a_hundred_thousand_records() -> None:
    pop = generate_population(100_000, seed=0)
    assert len(pop.records) == 100_000
    assert pop.records["record_id"].is_unique
    assert np.isclose(100_000 / pop.people_count, 1.5, atol=0.05)
