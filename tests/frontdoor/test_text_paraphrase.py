"""Paraphrase families the target rules read (safehub.frontdoor.screening, rules/targets.json).

Every sentence here is made up for the test (not corpus notes). Each test names the family of
wordings a new author may use for an indicator, and the sense of the same words that is not it.
"""

from __future__ import annotations

import pytest

from tests.frontdoor.text_support import codes

# --- MISSING: found somewhere in the small hours ------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Officers located Marnie (14) on a bench by the canal at 3am.",
        "Police traced Dev (13) to a house on the estate at 04:20.",
        "A boy of 14 was seen getting out of a taxi at 2am.",
    ],
)
def test_found_somewhere_in_the_small_hours_is_missing(text: str) -> None:
    assert "MISSING" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Her foster carer found Tia (13) on her tablet at 1am talking to a stranger.",
        "Supported lodgings: staff found three adult men in Nadia's (17) room at 02:00.",
    ],
)
def test_found_at_home_or_finding_others_at_night_is_not_missing(text: str) -> None:
    assert "MISSING" not in codes(text)


# --- VEHICLES: driven by adults, a fare paid by a man -------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Skye (15) is being driven to parties in the next town by a group of adult males.",
        "Maddie (14) uses the same driver every week, account paid by a man's card.",
    ],
)
def test_driven_by_adults_or_a_fare_paid_by_a_man(text: str) -> None:
    assert "VEHICLES" in codes(text)


# --- GIFTS_MONEY --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Older men at the park buy her cider and vapes.",
        "A man at the garage gives them both cash most weekends. Jade (14) is one of them.",
        "Kyle (14) says he did a drop for £40 last weekend.",
        "Chloe (16) says her boyfriend pays her rent.",
        "Mason (13) had vapes at school and said an older lad gave him them.",
    ],
)
def test_gifts_and_payments_from_people_outside_the_family(text: str) -> None:
    assert "GIFTS_MONEY" in codes(text)


def test_a_parent_buying_things_is_not_a_gift() -> None:
    text = "Lola (13) is doing well; her mum buys her lunch and clothes."
    assert "GIFTS_MONEY" not in codes(text)


def test_alcohol_bought_by_an_adult_is_substances_not_a_gift() -> None:
    text = "Ellie (14) says her boyfriend buys them all drink at weekends."
    assert "GIFTS_MONEY" not in codes(text)


# --- COERCION -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Jay (16) says the men use his flat and he is too scared to say no.",
        "Rosie (15) reports fear of an older male she will not name.",
        "He has to answer the phone whenever it rings.",
        "Tia (14) told staff her boyfriend gets her to sleep with his friends.",
        "Her diary: 'he says if I love him I'll meet his mates'. Kelsey is 15.",
        "Nell (14) told the nurse 'I go round and then I have to do stuff'.",
        "A man has her pictures and says or hell send them to her school. Ava is 13.",
        "The older boys make us go into the flat. Gemma is 13.",
    ],
)
def test_control_and_threats_in_other_words(text: str) -> None:
    assert "COERCION" in codes(text)


def test_a_single_past_assault_told_is_not_coercion() -> None:
    text = "Kenzie (14) told me 'when I went round I had to do stuff with him, I had no say'."
    assert "COERCION" not in codes(text)


def test_pimped_with_no_one_doing_it_is_not_coercion() -> None:
    text = "Anon caller believes the girl upstairs (14) is being pimped out."
    assert "COERCION" not in codes(text)


# --- DISCLOSURE: what a child tells --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Ruby (14) told her tutor a man makes her go round to flats and do things with his mates.",
        "Leon (15) told his worker he was beaten when a bag came up short.",
        "Omar (14) told me he was taken to a house to bag up weed for some men.",
        "Kyle (15) told staff he is selling it for a man in town.",
    ],
)
def test_exploitation_told_in_other_words(text: str) -> None:
    assert "DISCLOSURE" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Priya (15) told me she sends pictures of herself in her underwear to a boy in her year.",
        "Sam (15) told the officer he was only holding it for someone.",
        "Dwayne (15) told youth worker 'I can't stop'.",
    ],
)
def test_images_holding_or_an_unnamed_pressure_alone_are_not_a_disclosure(text: str) -> None:
    assert "DISCLOSURE" not in codes(text)


# --- INJURIES, ONLINE, SEXUAL_HEALTH, LOOKED_AFTER -----------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Zac (14) came in with a bust nose and would not say why.",
        "Tyrese (15) has a scar from a previous stabbing.",
    ],
)
def test_injuries_in_other_words(text: str) -> None:
    assert "INJURIES" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Her boyfriend (20) filmed it and put it on a group chat. Poppy is 15.",
        "Liam (15) sent an image to an account that then demanded money.",
        "Keira (14) sent him a picture last night.",
        "Riley (12) gets game credit from someone he met playing.",
    ],
)
def test_online_in_other_words(text: str) -> None:
    assert "ONLINE" in codes(text)


def test_sending_a_picture_of_a_pet_is_not_online() -> None:
    assert "ONLINE" not in codes("Riley (12) sent him a picture of her dog.")


@pytest.mark.parametrize(
    "text",
    [
        "Pharmacy: girl about 15, third time this month asking for the morning after pill.",
        "Chronology: 2 requests for EHC at the pharmacy in June. Subject Lily, 14.",
        "Lily (14) seen at the clinic twice in October for EHC.",
    ],
)
def test_repeated_emergency_contraception_in_other_words(text: str) -> None:
    assert "SEXUAL_HEALTH" in codes(text)


def test_fc_reports_is_a_foster_carer_but_a_football_club_is_not() -> None:
    assert "LOOKED_AFTER" in codes("FC reports Mollie (14) has been secretive with her phone.")
    assert "LOOKED_AFTER" not in codes("Coach at Ashby FC: Ethan (14) has bruises on his back.")


# --- LOCATIONS: an adult's home in other words ---------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Anon: a girl of 14 has been staying there with a bloke in his 40s for a week.",
        "Lily (14) has been staying there with a bloke. He is in his 40s.",
        (
            "Dean (15) is in with the men from the flat downstairs, who are in their 20s. "
            "He spends most evenings down there."
        ),
        "Nia (16) said she was at Craig's in town. She says Craig is 33.",
    ],
)
def test_an_adults_home_in_other_words(text: str) -> None:
    assert "LOCATIONS" in codes(text)


# --- MISSING in other words ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Residential log: Sam (13) left the home unsupervised at 16:00 and was found at the shops.",
        "Text from Kai (14) at midnight: 'mum im sorry i cant come home, they wont let me'.",
        "Mum says she didn't know Mya was even out. Mya is 14.",
        "Lacey (14) has been staying for two weeks with a tenant. The tenant is a man in his 30s.",
    ],
)
def test_missing_in_other_words(text: str) -> None:
    assert "MISSING" in codes(text)


def test_a_parent_saying_the_child_cant_come_back_is_not_missing() -> None:
    text = "Kyra (16) is sofa surfing. Mum says Kyra cant come back after the row."
    assert "MISSING" not in codes(text)


# --- senses of target words that are not the indicator -------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Police: Ryan (15) had tied a cord round his neck in his bedroom.", "LOCATIONS"),
        (
            "A lad of 14 comes in after school buying cling film and tiny bags with cash.",
            "GIFTS_MONEY",
        ),
        ("Older boys sent Harry (13) pictures of wads of cash.", "GIFTS_MONEY"),
        ("Foster carer: Zara (13) home on time, no new items, phone checked.", "GIFTS_MONEY"),
        ("A man in a van offered Lily (13) a lift. She ran off and told her teacher.", "MISSING"),
        ("Taylor (14) was invited to a hotel party - mum says she won't let her go.", "COERCION"),
        ("Mum says Jayden (14) has two phones, one of which he won't let her see.", "COERCION"),
        ("FC (Mandy) re Aaliyah (15): she seems frightened when the phone goes.", "SUBSTANCES"),
    ],
)
def test_other_senses_of_target_words(text: str, code: str) -> None:
    assert code not in codes(text)
