"""Families of wording for MISSING, LOCATIONS, VEHICLES and EDUCATION (round 7).

Every sentence here is made up for the test (paraphrases, not corpus notes). Each positive case
stands for a family of ways the indicator is written; each negative case is a nearby sense that
is not the indicator.
"""

from __future__ import annotations

import pytest

from tests.frontdoor.text_support import codes

# --- MISSING --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # not in bed / not home in the morning
        "Dad says Kayden (14) was not in his bed this morning and the back door was unlocked.",
        "Staff report Leah (15) was not in her room at the 2am check.",
        "Her bed hadn't been slept in and her phone was off. Tia is 13.",
        "Nan found pillows stuffed under the duvet when she went up. Tia is 13.",
        # supposed to be somewhere else
        "Chloe (14) was meant to be staying at her friend's but never arrived.",
        "Ava (13) told her mum she was stopping at Jade's. Jade's mum says she has not been there.",
        # nobody saw her again
        "Nobody had heard from him since Friday afternoon. Josh is 15.",
        # early-hours return to any place
        "Ellie (15) came back to the unit at 4.10am and would not say where she had been.",
        "Riley (14) got back to placement at half 2 in the morning.",
        # sleeping rough
        "Marcus (15) has been sleeping rough in town for the last week.",
        "Kian (14) has been sleeping in a doorway near the station.",
        # back the next day
        "Sophie (15) strolled in Sunday lunchtime with no explanation.",
        # could not be found, curfew, window
        "Police were unable to locate her overnight. Mia is 14.",
        "Aaron (15) keeps breaking his curfew and won't say where he goes.",
        "Ruby (14) climbed out of her bedroom window after midnight.",
        # found in the early hours
        "Found by a member of the public at 02:15 wandering on the ring road. Jess is 13.",
        # not slept at home, middle of the night, days away
        "Kacey (15) hasn't slept at home since the weekend.",
        "Mum says Tyler (14) sneaks out in the middle of the night.",
        "Lucy (14) has not been home for three days.",
        # nobody knows where; an empty room
        "Carers have no idea where Liam (14) goes at night.",
        "Staff checked at midnight and Ruby's room was empty. Ruby is 15.",
        # found safe and well, random addresses, back after days
        "Tia (14) was found safe and well in a park in Leeds.",
        "Josh (15) has been staying at random addresses across the city.",
        "Ellie (14) came back after three days and won't talk about it.",
        "Her whereabouts remain unknown. Kacey is 15.",
        # didn't come in, ringing round, days away, next afternoon, at his all weekend
        "Didn't come in last night, mum rang round everyone. Jess is 14.",
        "She just goes off and we don't see her for days. Kayla is 13.",
        "Kacey (13) came home the next afternoon in different clothes.",
        "i was at his all weekend and mum didnt know. Says Tia, 14.",
    ],
)
def test_missing_families(text: str) -> None:
    assert "MISSING" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Leon (15) says the parcel went missing and now he owes them.",
        "Ava (12) disappears with her phone into the bathroom for hours.",
        "A man tried to talk to Ella (13) so she ran away and told a teacher.",
        "Zac (14) came back 2 hours later with chips.",
        "Grace (15) was out until 10 pm, at the cinema with her cousin.",
        "Rosie (14) stays over at her sister's most weekends with mum's agreement.",
        "Care leaver Jo (18) keeps letting older men stay over at her flat.",
        "Mum says she thinks Amy (15) is sleeping with him.",
        "Mum woke up and her phone was gone. Ella is 14.",
        "Ava (14) stays with her dad, 45, at weekends.",
    ],
)
def test_missing_other_senses(text: str) -> None:
    assert "MISSING" not in codes(text)


# --- LOCATIONS ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # takeaways named by their trade
        "Amber (14) is seen most nights at Chicken Express on the high street with older men.",
        "Sam (15) hangs around the Kebab Palace after it shuts.",
        # an adult's home described by who lives there
        "Kyra (14) has been going in and out of number 12 with the man who lives there.",
        "Jade (13) visits a man who lives above the launderette.",
        # taken to a flat, far from home
        "Her friend took Holly (14) to the flat after school.",
        "Dean (15) was found three counties away.",
        "Tilly (15) was located on a train to the coast.",
        # an adult partner's flat with the age inside
        "Mia (14) sleeps at her 23 year old boyfriend's flat at weekends.",
        # parties and drug houses by other names
        "Evie (15) went to a free house on Saturday with older lads.",
        "Ryan (15) was found at a bando on the estate.",
        "Amy (14) was seen going upstairs at the takeaway with staff.",
        "Leah (13) was given vodka at a friend's birthday party on Saturday.",
    ],
)
def test_locations_families(text: str) -> None:
    assert "LOCATIONS" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ella (14) has been talking to a girl from another city online.",
        "Max (15) took bags round to the flats by the canal.",
        "Liam (15) gets given takeaways by the older boys.",
        "A man who lives opposite rang 101 about the noise. Amy is 14.",
        "Josh (14) is in and out of his room all evening.",
        "The police will review the case once they close the investigation. Amy is 14.",
    ],
)
def test_locations_other_senses(text: str) -> None:
    assert "LOCATIONS" not in codes(text)


# --- VEHICLES -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Isla (14) was seen getting into one of the older men's cars after school.",
        "A taxi turns up for her most nights and nobody knows who books it. Poppy is 14.",
        "A silver Audi stops at the end of the road and the two girls get in.",
        "Neve (15) got home at 3am by taxi.",
        "The man paid the driver up front and stayed on the pavement. Rhys is 13.",
        "There is a taxi account in her name paid by a man. Kira is 14.",
        "A man in a black BMW picks Jess (15) up from the end of the road.",
        "A taxi collected Maisie (14) from the home; staff did not order it.",
        "Ubers are being booked for Amber (15) by someone on Snapchat.",
        "Police stopped a car with Kyle (14) in the back and two adult males.",
        "Jake (14) got into a car full of older lads outside school.",
        "Taxis keep turning up for her that no one here has ordered. Amy is 15.",
        "A man in his 30s drops Kayla (14) off at the end of the road.",
        "Nia (13) was seen in the front seat of a van with an adult male.",
        "Older males drive Ruby (14) to parties.",
    ],
)
def test_vehicles_families(text: str) -> None:
    assert "VEHICLES" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "A car pulled up and the driver asked Lily (12) for directions; she walked off.",
        "Sienna (14) asked her mum for a lift to the party.",
        "Owen (14) was dropped back from contact by the council taxi.",
        "Zoe (15) told me in the car on the way to school that she feels low.",
        "Mum picks Jess (15) up from school every day.",
        "Mum is asleep by the time he gets in. Kyle is 14.",
        "Reece (14) has been dropping stuff off for his uncle's shop.",
        "Mum drives Ruby (14) to school every day.",
    ],
)
def test_vehicles_other_senses(text: str) -> None:
    assert "VEHICLES" not in codes(text)


# --- EDUCATION ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Jay (14) was sent home for the rest of the day after a fight.",
        "Kai (15) hasn't been through the school gates since October.",
        "Brooke (14) registers and then walks out of school.",
        "Tom (16) has dropped out and is not working or in training.",
        "Amelia (14) leaves at lunch and doesn't come back for afternoon registration.",
        "Ethan (13) is only in for two hours a day.",
        "Ruby (14) is off sick a lot and the school are worried.",
        "Noah (13) won't get out of bed for school.",
        "Leo (15) is not on a school roll.",
        "Mia (14) is awaiting a school place after moving.",
        "A girl in school uniform was seen at the hotel at about 1 pm with a man. She is 14.",
        "Sam (16) left college in October and isn't in work.",
        "Tia (14) is not in any education.",
    ],
)
def test_education_families(text: str) -> None:
    assert "EDUCATION" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Maddie (13) is upset because her coach was suspended.",
        "Josh (15) dropped out of the football team.",
        "A girl in school uniform was picked up from a house at 11pm. She is 14.",
        "Jess (14) is fine at school; mum works reduced hours.",
        "Ruby (14) has no school worries and attends every day.",
    ],
)
def test_education_other_senses(text: str) -> None:
    assert "EDUCATION" not in codes(text)
