"""The person-linkage engine on small, made-up data: tricky pairs, bad rows, vetoes, chaining,
thresholds, incremental matching, and DuckDB / Spark agreement.

Every name, date, address and number here is invented for the test.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import shutil
from pathlib import Path
from typing import Literal

import pandas as pd
import pytest

from safehub.people.linkage import engine

GIVEN_F = [
    "Ada", "Bryony", "Cerys", "Delphine", "Elowen", "Fenella", "Greer", "Hester", "Ione",
    "Juno", "Kezia", "Linnea", "Marisol", "Nerys", "Ottilie", "Perpetua", "Quilla", "Rosalind",
    "Saffi", "Tamsin", "Ursa", "Vashti", "Wren", "Xanthe", "Yara", "Zinnia",
]  # fmt: skip
GIVEN_M = [
    "Alaric", "Bram", "Caspian", "Dashiell", "Emrys", "Fintan", "Gideon", "Hale", "Idris",
    "Jago", "Kester", "Lorcan", "Magnus", "Nye", "Orrin", "Peregrine", "Quill", "Rafferty",
    "Soren", "Tobias", "Ulric", "Vaughan", "Wystan", "Xavi", "Yestin", "Zebedee",
]  # fmt: skip
FAMILY = [
    "Ashgrove", "Bellweather", "Coldharbour", "Dunmore", "Eldersfield", "Fairbairn",
    "Gorsewood", "Hartwell", "Inchcombe", "Jellicoe", "Kittering", "Larkworthy", "Merriweather",
    "Nethercott", "Orchardson", "Pennyfeather", "Quarrington", "Rookwood", "Saltonstall",
    "Thistlewood", "Underhay", "Vellacott", "Wetherden", "Yarnold", "Zouchester", "Brackley",
    "Cotterell", "Dimmock", "Fennimore", "Gulliver",
]  # fmt: skip
STREETS = ["Quill Lane", "Heron Walk", "Tansy Row", "Osier Close", "Kestrel Rise", "Larch Mews"]


def _postcode(rng: random.Random) -> str:
    letters = "ABDEFGHJLNPQRSTUWXYZ"
    return f"TF{rng.randint(1, 13)} {rng.randint(1, 9)}{rng.choice(letters)}{rng.choice(letters)}"


def _typo(rng: random.Random, word: str) -> str:
    if len(word) < 4:
        return word
    i = rng.randint(1, len(word) - 2)
    return word[:i] + word[i + 1] + word[i] + word[i + 2 :]


def background(n_people: int = 700, seed: int = 7) -> pd.DataFrame:
    """Made-up people, about a third with a second record carrying realistic variation."""
    rng = random.Random(seed)
    rows = []
    for person in range(n_people):
        sex = rng.choice("MF")
        given = rng.choice(GIVEN_M if sex == "M" else GIVEN_F)
        family = rng.choice(FAMILY)
        dob = f"{rng.randint(1960, 2020)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        postcode = _postcode(rng)
        address = f"{rng.randint(1, 150)} {rng.choice(STREETS)}"
        phone = f"07700 9{rng.randint(0, 99999):05d}" if rng.random() < 0.4 else ""
        base = {
            "given_name": given,
            "family_name": family,
            "date_of_birth": dob,
            "sex": sex,
            "postcode": postcode,
            "address": address,
            "phone": phone,
            "email": "",
            "nhs_number": "",
        }
        rows.append({"record_id": f"B{person:04d}-1", **base})
        if rng.random() < 0.35:
            second = dict(base)
            change = rng.random()
            if change < 0.3:
                second["given_name"] = _typo(rng, given)
            elif change < 0.5:
                second["family_name"] = _typo(rng, family)
            elif change < 0.65:
                second["date_of_birth"] = ""
            elif change < 0.8:
                second["phone"] = ""
                second["postcode"] = _postcode(rng)
                second["address"] = f"{rng.randint(1, 150)} {rng.choice(STREETS)}"
            rows.append({"record_id": f"B{person:04d}-2", **second})
    return pd.DataFrame(rows)


def tricky() -> pd.DataFrame:
    """The cases the engine must get right, as (record_id, fields...)."""
    home = {"postcode": "TF4 7QX", "address": "12 Wicken Fold", "phone": "07700 955001"}
    other = {"postcode": "TF9 2LP", "address": "3 Sloe Gardens", "phone": ""}
    rows = [
        # Twins: same date of birth, family name and home, different given names.
        {"record_id": "twin-a", "given_name": "Odile", "family_name": "Quennell",
         "date_of_birth": "2016-05-09", "sex": "F", **home},
        {"record_id": "twin-b", "given_name": "Perdita", "family_name": "Quennell",
         "date_of_birth": "2016-05-09", "sex": "F", **home},
        # Their sibling, with a second record missing the date of birth.
        {"record_id": "sib-a", "given_name": "Lysander", "family_name": "Quennell",
         "date_of_birth": "2012-11-23", "sex": "M", **home},
        {"record_id": "sib-b", "given_name": "Lysander", "family_name": "Quennell",
         "date_of_birth": "", "sex": "M", **home},
        # Same name, dates of birth decades apart (a parent and child): never one person.
        {"record_id": "sr", "given_name": "Ambrose", "family_name": "Tregarthen",
         "date_of_birth": "1979-03-14", "sex": "M", **other},
        {"record_id": "jr", "given_name": "Ambrose", "family_name": "Tregarthen",
         "date_of_birth": "2009-03-14", "sex": "M", **other},
        # Nickname.
        {"record_id": "nick-a", "given_name": "Rebecca", "family_name": "Fallowfield",
         "date_of_birth": "2011-08-30", "sex": "F", "postcode": "TF2 6RW",
         "address": "44 Bramble Court"},
        {"record_id": "nick-b", "given_name": "Becky", "family_name": "Fallowfield",
         "date_of_birth": "2011-08-30", "sex": "F", "postcode": "TF2 6RW", "address": ""},
        # Hyphenated family name.
        {"record_id": "hyph-a", "given_name": "Clementine", "family_name": "Smith-Jones",
         "date_of_birth": "2013-02-17", "sex": "F", "postcode": "TF7 3DN",
         "address": "8 Corncrake Way"},
        {"record_id": "hyph-b", "given_name": "Clementine", "family_name": "Smith",
         "date_of_birth": "2013-02-17", "sex": "F", "postcode": "TF7 3DN",
         "address": "8 Corncrake Way"},
        # Given and family names swapped.
        {"record_id": "swap-a", "given_name": "Thaddeus", "family_name": "Winterbourne",
         "date_of_birth": "2008-10-04", "sex": "M", "postcode": "TF11 8HB",
         "address": "19 Pipit Lane"},
        {"record_id": "swap-b", "given_name": "Winterbourne", "family_name": "Thaddeus",
         "date_of_birth": "2008-10-04", "sex": "M", "postcode": "TF11 8HB",
         "address": "19 Pipit Lane"},
        # Day and month of birth swapped.
        {"record_id": "dm-a", "given_name": "Isolde", "family_name": "Marchbank",
         "date_of_birth": "2014-03-07", "sex": "F", "postcode": "TF5 1NS",
         "address": "27 Teasel Drive"},
        {"record_id": "dm-b", "given_name": "Isolde", "family_name": "Marchbank",
         "date_of_birth": "2014-07-03", "sex": "F", "postcode": "TF5 1NS",
         "address": "27 Teasel Drive"},
        # One record without a date of birth.
        {"record_id": "nodob-a", "given_name": "Barnaby", "family_name": "Cheverton",
         "date_of_birth": "2010-12-01", "sex": "M", "postcode": "TF8 4GE",
         "address": "5 Wagtail Row", "phone": "07700 955123"},
        {"record_id": "nodob-b", "given_name": "Barnaby", "family_name": "Cheverton",
         "date_of_birth": "", "sex": "M", "postcode": "TF8 4GE",
         "address": "5 Wagtail Row", "phone": "07700 955123"},
    ]  # fmt: skip
    frame = pd.DataFrame(rows)
    for column in engine.INPUT_COLUMNS:
        if column not in frame.columns:
            frame[column] = ""
    return frame[list(engine.INPUT_COLUMNS)].fillna("")


@pytest.fixture(scope="module")
def linked() -> engine.LinkResult:
    records = pd.concat([background(), tricky()], ignore_index=True)
    return engine.link_records_detailed(records, seed=3)


def person(result: engine.LinkResult, record_id: str) -> str:
    persons = result.persons.set_index("record_id")["person_id"]
    return str(persons[record_id])


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("nick-a", "nick-b"),
        ("hyph-a", "hyph-b"),
        ("swap-a", "swap-b"),
        ("dm-a", "dm-b"),
        ("nodob-a", "nodob-b"),
        ("sib-a", "sib-b"),
    ],
)
def test_same_person_is_linked(linked: engine.LinkResult, a: str, b: str) -> None:
    assert person(linked, a) == person(linked, b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("twin-a", "twin-b"), ("twin-a", "sib-a"), ("twin-b", "sib-b"), ("sr", "jr")],
)
def test_different_people_are_not_linked(linked: engine.LinkResult, a: str, b: str) -> None:
    assert person(linked, a) != person(linked, b)


def test_background_precision_and_recall(linked: engine.LinkResult) -> None:
    persons = linked.persons
    background_rows = persons.loc[persons["record_id"].str.startswith("B")].copy()
    background_rows["truth"] = background_rows["record_id"].str.split("-").str[0]
    by_person = background_rows.groupby("person_id")["truth"].nunique()
    assert (by_person == 1).all(), "a predicted person mixes two made-up people"
    by_truth = background_rows.groupby("truth")["person_id"].nunique()
    assert (by_truth == 1).mean() > 0.95


def test_person_id_is_smallest_record_id(linked: engine.LinkResult) -> None:
    persons = linked.persons
    smallest = persons.groupby("person_id")["record_id"].min()
    assert (smallest.index == smallest.to_numpy()).all()
    assert len(persons) == persons["record_id"].nunique()


def test_pairs_show_their_evidence(linked: engine.LinkResult) -> None:
    pairs = linked.pairs
    row = pairs.loc[(pairs["record_id_l"] == "twin-a") & (pairs["record_id_r"] == "twin-b")]
    assert len(row) == 1
    assert row["given_name_evidence"].iloc[0] == "All other comparisons"
    assert row["dob_evidence"].iloc[0] == "Exact match on dob"
    assert "different given names in one household" in row["veto"].iloc[0]
    swap = pairs.loc[(pairs["record_id_l"] == "swap-a") & (pairs["record_id_r"] == "swap-b")]
    assert swap["given_name_evidence"].iloc[0] == "Given and family names swapped"
    assert {"match_probability", "match_weight", "gamma_given_name"} <= set(pairs.columns)


def test_model_json_round_trip(linked: engine.LinkResult, tmp_path: Path) -> None:
    path = tmp_path / "model.json"
    linked.model.save(path)
    loaded = engine.LinkageModel.load(path)
    assert loaded.settings == json.loads(linked.model.to_json())["splink_settings"]
    assert loaded.thresholds == linked.model.thresholds
    assert loaded.options == linked.model.options
    records = pd.concat([background(), tricky()], ignore_index=True)
    again = engine.predict_pairs(loaded, records, min_probability=0.5)
    before = linked.pairs[again.columns].reset_index(drop=True)
    pd.testing.assert_frame_equal(again.reset_index(drop=True), before)


def test_link_new_records_against_existing(linked: engine.LinkResult) -> None:
    existing = pd.concat([background(), tricky()], ignore_index=True)
    existing = existing.loc[existing["record_id"] != "nick-b"]
    new = pd.DataFrame(
        [
            {**tricky().set_index("record_id").loc["nick-b"].to_dict(), "record_id": "new-1"},
            {
                "record_id": "new-2",
                "given_name": "Leocadia",
                "family_name": "Pellowe",
                "date_of_birth": "2015-01-01",
                "postcode": "TF3 3AA",
            },
        ]
    )
    index = engine.build_index(linked.model, existing)
    matched = engine.link_new_records(linked.model, index, new).set_index("record_id")
    assert matched.loc["new-1", "decision"] == "link"
    assert matched.loc["new-1", "matched_record_id"] == "nick-a"
    assert matched.loc["new-2", "decision"] == "new"
    assert matched.loc["new-2", "person_id"] == "new-2"


# --- reading ------------------------------------------------------------------------------------


def test_bad_rows_are_reported_with_line_numbers_and_good_rows_kept(tmp_path: Path) -> None:
    path = tmp_path / "in.csv"
    path.write_text(
        "record_id,given_name,family_name,date_of_birth,nhs_number,postcode,extra\n"  # line 1
        "r1,Ada,Ashgrove,2010-02-28,,TF1 2AB,x\n"  # 2
        "r2,Bram,Dunmore,2010-02-31,,TF1 2AB,x\n"  # 3: impossible date
        ",Cerys,Hartwell,2011-01-01,,,x\n"  # 4: no record_id
        'r3,"Delphine\nMay",Fairbairn,2012-05-05,,,x\n'  # 5-6: quoted newline
        "r1,Emrys,Jellicoe,2013-03-03,,,x\n"  # 7: duplicate id
        "r4,Fintan,Kittering,2014-04-04,9990000026,,x\n"  # 8: valid NHS number
        "r5,Greer,Larkworthy,2030-01-01,1234567890,NOT A CODE,x\n"  # 9: future, NHS, postcode
        "r6,Hester\n"  # 10: too few fields
        "\n"  # 11: blank line
        "r7,Ione,Merriweather,,,,x\n",  # 12
        encoding="utf-8",
    )
    records, bad = engine.read_input_csv(path)
    assert list(records["record_id"]) == ["r1", "r2", "r3", "r4", "r5", "r7"]
    messages = {(b.line, b.message, b.dropped) for b in bad}
    assert (3, "date_of_birth '2010-02-31' is not a real date", False) in messages
    assert (4, "record_id is missing", True) in messages
    assert (7, "record_id 'r1' is already used on line 2", True) in messages
    assert (9, "date_of_birth '2030-01-01' is in the future", False) in messages
    assert (9, "nhs_number '1234567890' is not a valid NHS number", False) in messages
    assert (9, "postcode 'NOT A CODE' is not a valid UK postcode", False) in messages
    assert (10, "has 2 fields, the header has 7", True) in messages
    assert len(bad) == 7
    kept = records.set_index("record_id")
    assert kept.loc["r2", "date_of_birth"] is None  # blanked, row kept
    assert kept.loc["r4", "nhs_number"] == "9990000026"
    assert kept.loc["r3", "given_name"] == "Delphine\nMay"
    assert int(kept.loc["r7", "line"]) == 12


def test_unreadable_input(tmp_path: Path) -> None:
    with pytest.raises(engine.InputError, match="no record_id column"):
        path = tmp_path / "x.csv"
        path.write_text("id,given_name\n1,Ada\n", encoding="utf-8")
        engine.read_input_csv(path)
    with pytest.raises(engine.InputError, match="cannot open"):
        engine.read_input_csv(tmp_path / "missing.csv")
    binary = tmp_path / "b.csv"
    binary.write_bytes(b"record_id\n\xff\xfe\x00bad\n")
    with pytest.raises(engine.InputError, match="UTF-8"):
        engine.read_input_csv(binary)


def test_prepare_records_derives_comparison_columns() -> None:
    prepared = engine.prepare_records(
        pd.DataFrame(
            [
                {
                    "record_id": 1,
                    "given_name": " Becky ",
                    "family_name": "O'Brien-Smith",
                    "date_of_birth": "2012-03-07",
                    "postcode": "tf1 2ab",
                    "phone": "+44 7700 900123",
                    "email": "Becky.OB@Example.org",
                    "nhs_number": "999 000 0018",
                },
            ]
        )
    ).iloc[0]
    assert prepared["record_id"] == "1"
    assert prepared["given_nick"] == "rebecca"
    assert prepared["family_name"] == "obrien smith"
    assert (prepared["family_tok1"], prepared["family_tok2"]) == ("obrien", "smith")
    assert prepared["dob_swapped"] == "2012-07-03"
    assert (prepared["postcode"], prepared["postcode_outward"]) == ("TF1 2AB", "TF1")
    assert prepared["phone"] == "07700900123"
    assert prepared["email_user"] == "becky.ob"
    assert prepared["nhs_number"] == "9990000018"


# --- vetoes, clustering, thresholds ------------------------------------------------------------


def _records(*rows: dict[str, str]) -> pd.DataFrame:
    return engine.prepare_records(pd.DataFrame(list(rows)))


def test_vetoes() -> None:
    records = _records(
        {"record_id": "a", "given_name": "Ada", "family_name": "Cotterell",
         "date_of_birth": "2015-01-02", "nhs_number": "9990000018", "postcode": "TF1 2AB"},
        {"record_id": "b", "given_name": "Ada", "family_name": "Cotterell",
         "date_of_birth": "2015-01-02", "nhs_number": "9990000026", "postcode": "TF1 2AB"},
        {"record_id": "c", "given_name": "Ada", "family_name": "Cotterell",
         "date_of_birth": "1985-01-02", "postcode": "TF9 9ZZ"},
        {"record_id": "d", "given_name": "Ada", "family_name": "Cotterell",
         "date_of_birth": "2015-02-01", "postcode": "TF1 2AB"},
        {"record_id": "e", "given_name": "Bryony", "family_name": "Cotterell",
         "date_of_birth": "2015-01-02", "postcode": "TF1 2AB"},
        {"record_id": "f", "given_name": "Adah", "family_name": "Cotterel",
         "date_of_birth": "2015-01-02", "postcode": "TF1 2AB"},
    )  # fmt: skip
    pairs = pd.DataFrame(
        [("a", "b"), ("a", "c"), ("a", "d"), ("a", "e"), ("a", "f")],
        columns=["record_id_l", "record_id_r"],
    )
    reasons = list(engine.veto_reasons(pairs, records))
    assert reasons[0] == "different NHS numbers"
    assert reasons[1] == "dates of birth 30 years apart"
    assert reasons[2] == ""  # a day/month swap is not a veto
    assert reasons[3] == "different given names in one household"
    assert reasons[4] == ""  # "Adah" is one edit from "Ada": a typo, not a sibling


TODAY = dt.date(2026, 1, 1)


def _reasons(
    rows: list[dict[str, str]],
    pairs: list[tuple[str, str]],
    *,
    postcode_format: Literal["uk", "any"] = "uk",
    adult_kinds: tuple[engine.VetoKind, ...] | None = None,
) -> list[str]:
    records = engine.prepare_records(pd.DataFrame(rows), postcode_format=postcode_format)
    frame = pd.DataFrame(pairs, columns=["record_id_l", "record_id_r"])
    reasons = engine.veto_reasons(
        frame, records, today=TODAY, postcode_format=postcode_format, adult_kinds=adult_kinds
    )
    return list(reasons)


HOME = {"postcode": "TF4 7QX", "address": "12 Wicken Fold"}


def test_household_vetoes_keep_twins_and_siblings_apart_but_not_typos() -> None:
    rows = [
        {"record_id": "twin-a", "given_name": "Odile", "family_name": "Quennell",
         "date_of_birth": "2016-05-09", **HOME},
        {"record_id": "twin-b", "given_name": "Perdita", "family_name": "Quennell",
         "date_of_birth": "2016-05-09", **HOME},
        {"record_id": "sib", "given_name": "Lysander", "family_name": "Quennell",
         "date_of_birth": "", **HOME},
        {"record_id": "olivia", "given_name": "Olivia", "family_name": "Quennell",
         "date_of_birth": "2012-02-03", **HOME},
        {"record_id": "oliiva", "given_name": "Oliiva", "family_name": "Quennell",
         "date_of_birth": "2012-02-03", **HOME},
        {"record_id": "brinley", "given_name": "Br Inley", "family_name": "Quennell",
         "date_of_birth": "2012-02-03", **HOME},
        {"record_id": "initial", "given_name": "O", "family_name": "Quennell",
         "date_of_birth": "2012-02-03", **HOME},
        {"record_id": "brinley-2", "given_name": "Brinley", "family_name": "Quennell",
         "date_of_birth": "2012-02-03", **HOME},
    ]  # fmt: skip
    reasons = _reasons(
        rows,
        [
            ("twin-a", "twin-b"),
            ("twin-a", "sib"),
            ("olivia", "oliiva"),
            ("brinley", "brinley-2"),
            ("olivia", "initial"),
        ],
    )
    assert reasons[0] == "different given names in one household"  # twins
    assert reasons[1] == "different given names in one household"  # sibling, no birth date
    assert reasons[2] == ""  # a transposition typo of one given name at one address
    assert reasons[3] == ""  # a stray space
    assert reasons[4] == ""  # an initial


def test_date_of_birth_veto_parent_and_child_versus_keying_slips() -> None:
    rows = [
        {"record_id": "parent", "given_name": "Ambrose", "family_name": "Tregarthen",
         "date_of_birth": "1984-03-14", **HOME},
        {"record_id": "child", "given_name": "Ambrose", "family_name": "Tregarthen",
         "date_of_birth": "2009-03-14", **HOME},
        {"record_id": "typo-a", "given_name": "Isolde", "family_name": "Marchbank",
         "date_of_birth": "2013-02-14", **HOME},
        {"record_id": "typo-b", "given_name": "Isolde", "family_name": "Marchbank",
         "date_of_birth": "2018-02-14", **HOME},
        {"record_id": "slip-a", "given_name": "Wren", "family_name": "Ashgrove",
         "date_of_birth": "2020-05-17", **HOME},
        {"record_id": "slip-b", "given_name": "Wren", "family_name": "Ashgrove",
         "date_of_birth": "2000-05-17", **HOME},
        {"record_id": "slip-elsewhere", "given_name": "Wren", "family_name": "Ashgrove",
         "date_of_birth": "2000-05-17", "postcode": "TF9 2LP", "address": "3 Sloe Gardens"},
    ]  # fmt: skip
    reasons = _reasons(
        rows,
        [
            ("parent", "child"),
            ("typo-a", "typo-b"),
            ("slip-a", "slip-b"),
            ("slip-a", "slip-elsewhere"),
        ],
    )
    assert reasons[0] == "dates of birth 25 years apart"  # a parent and child, one name
    assert reasons[1] == ""  # one digit of the year mistyped (5 years)
    assert reasons[2] == ""  # one digit, 20 years, but names and home agree: a slip
    assert reasons[3] == "dates of birth 20 years apart"  # the same slip elsewhere: vetoed


def test_vetoes_between_adults_follow_the_data() -> None:
    """Without a model every rule applies at every age; with adult_kinds (as
    adult_veto_kinds gives for data whose dates of birth and given names are unreliable)
    two adults are left to the model, children never are."""
    rows = [
        {"record_id": "sr", "given_name": "Edward", "family_name": "Denholm",
         "date_of_birth": "1913-06-29", **HOME},
        {"record_id": "jr", "given_name": "Edward", "family_name": "Denholm",
         "date_of_birth": "1966-03-06", **HOME},
        {"record_id": "kid", "given_name": "Edward", "family_name": "Denholm",
         "date_of_birth": "2012-03-06", **HOME},
        {"record_id": "adult-twin", "given_name": "Liam", "family_name": "Denholm",
         "date_of_birth": "1966-03-06", **HOME},
        {"record_id": "no-dob", "given_name": "Seth", "family_name": "Denholm",
         "date_of_birth": "", **HOME},
        {"record_id": "lodger", "given_name": "Seth", "family_name": "Abara",
         "date_of_birth": "", **HOME},
    ]  # fmt: skip
    pairs = [("sr", "jr"), ("jr", "kid"), ("jr", "adult-twin"), ("jr", "no-dob"), ("jr", "lodger")]
    everyone = _reasons(rows, pairs)
    assert everyone[0] == "dates of birth 53 years apart"
    assert everyone[2] == "different given names in one household"
    assert everyone[4] == "different given names in one household"
    scoped = _reasons(rows, pairs, adult_kinds=("nhs_number",))
    assert scoped[0] == ""  # two adults: the model decides
    assert scoped[1] == "dates of birth 46 years apart"  # a child: always vetoed
    assert scoped[2] == ""
    assert scoped[3] == "different given names in one household"  # may be a child of theirs
    assert scoped[4] == ""  # no date of birth, another family


def test_postcodes_of_other_formats_are_not_households() -> None:
    rows = [
        {"record_id": "a", "given_name": "Seth", "family_name": "Doody",
         "date_of_birth": "2015-11-25", "postcode": "4129", "address": "54 bastow circuit"},
        {"record_id": "b", "given_name": "Liam", "family_name": "Doody",
         "date_of_birth": "2015-11-25", "postcode": "4129", "address": "7 kirkland st"},
        {"record_id": "c", "given_name": "Liam", "family_name": "Doody",
         "date_of_birth": "2015-11-25", "postcode": "4129", "address": "54 bastow circuit"},
    ]  # fmt: skip
    reasons = _reasons(rows, [("a", "b"), ("a", "c")], postcode_format="any")
    assert reasons == ["", "different given names in one household"]


def test_adult_veto_kinds_on_reliable_data(linked: engine.LinkResult) -> None:
    disagreement = engine.field_disagreement(linked.model)
    assert set(disagreement) == {"dob", "given_name"}
    assert engine.adult_veto_kinds(linked.model) == engine.ALL_VETOES


def test_chain_through_a_vetoed_pair_is_split() -> None:
    records = _records(
        {"record_id": "a", "given_name": "Odile", "family_name": "Quennell",
         "date_of_birth": "2016-05-09", "postcode": "TF4 7QX"},
        {"record_id": "b", "given_name": "", "family_name": "Quennell",
         "date_of_birth": "2016-05-09", "postcode": "TF4 7QX"},
        {"record_id": "c", "given_name": "Perdita", "family_name": "Quennell",
         "date_of_birth": "2016-05-09", "postcode": "TF4 7QX"},
    )  # fmt: skip
    pairs = pd.DataFrame(
        {
            "record_id_l": ["a", "b", "a"],
            "record_id_r": ["b", "c", "c"],
            "match_probability": [0.999, 0.995, 0.999],
        }
    )
    persons = engine.cluster_pairs(pairs, records, auto_link=0.99)
    by_id = dict(zip(persons["record_id"], persons["person_id"], strict=True))
    assert by_id["a"] != by_id["c"]  # twins never share a person
    assert by_id["a"] == by_id["b"]  # the stronger edge wins the record in the middle
    assert by_id["c"] == "c"


def test_split_moves_a_record_to_the_group_it_is_most_linked_to() -> None:
    """The strongest edge ties r to v, who cannot join a; but r is linked to a, b and c
    almost as strongly: r ends with them, v alone."""
    nhs = {"a": "9990000018", "v": "9990000026"}  # a and v: different NHS numbers
    records = _records(
        *(
            {"record_id": rid, "given_name": "Ada", "family_name": "Cotterell",
             "date_of_birth": "2015-01-02", "nhs_number": nhs.get(rid, "")}
            for rid in ("a", "b", "c", "r", "v")
        )
    )  # fmt: skip
    pairs = pd.DataFrame(
        [
            ("r", "v", 0.99999),
            ("a", "b", 0.9999),
            ("a", "c", 0.9999),
            ("b", "c", 0.9999),
            ("a", "r", 0.9995),
            ("b", "r", 0.9995),
            ("c", "r", 0.9995),
            ("a", "v", 0.999),
        ],
        columns=["record_id_l", "record_id_r", "match_probability"],
    )
    vetoes = pd.Series(["", "", "", "", "", "", "", "different NHS numbers"])
    persons = engine.cluster_pairs(pairs, records, auto_link=0.99, vetoes=vetoes)
    by_id = dict(zip(persons["record_id"], persons["person_id"], strict=True))
    assert by_id["r"] == by_id["a"] == by_id["b"] == by_id["c"] == "a"
    assert by_id["v"] == "v"


def test_calibrate_thresholds() -> None:
    probabilities = [0.9999, 0.999, 0.998, 0.99, 0.95, 0.9, 0.8, 0.6, 0.4]
    truth = [True, True, True, True, False, True, False, True, False]
    pairs = pd.DataFrame(
        {
            "record_id_l": [f"l{i}" for i in range(9)],
            "record_id_r": [f"r{i}" for i in range(9)],
            "match_probability": probabilities,
        }
    )
    labels = pd.DataFrame(
        {"record_id_l": pairs["record_id_r"], "record_id_r": pairs["record_id_l"],
         "is_match": truth}
    )  # fmt: skip
    thresholds = engine.calibrate_thresholds(pairs, labels, precision_target=0.995)
    assert thresholds.auto_link == 0.99
    assert thresholds.review == 0.6
    assert thresholds.details["recall_at_auto_link"] == pytest.approx(4 / 6)
    vetoed = pairs.assign(veto=["", "", "", "", "", "", "", "", ""])
    vetoed.loc[4, "veto"] = "different NHS numbers"
    relaxed = engine.calibrate_thresholds(vetoed, labels, precision_target=0.995)
    assert relaxed.auto_link == 0.9  # the vetoed false pair can never auto-link


# --- Spark --------------------------------------------------------------------------------------


@pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs a Java runtime")
def test_duckdb_and_spark_agree() -> None:
    """The same model and settings on Spark (local mode, bundled jar) give the same persons.
    About two minutes: Spark pays ~1 s per query even on 400 records."""
    records = pd.concat([background(n_people=300, seed=11), tricky()], ignore_index=True)
    on_duckdb = engine.link_records_detailed(records, seed=5)
    on_spark = engine.link_records_detailed(records, seed=5, engine="spark")
    assert engine.person_clusters(on_duckdb.persons) == engine.person_clusters(on_spark.persons)
    assert on_spark.model.metadata["engine"] == "spark"
