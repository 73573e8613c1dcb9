"""Round 9 families of wording for the place codes: VEHICLES, LOCATIONS, MISSING.

Every sentence here is made up for the test (paraphrases, not corpus notes). Each positive
case is one family of wording added in round 9; each negative case is a sense of the same
words that is not the indicator (guide sections 3.1, 3.5 and 3.6 of tests/data/README.md).
"""

from __future__ import annotations

import pytest

from tests.frontdoor.text_support import codes

# --- VEHICLES (guide 3.5) -------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # goes for drives / rides with an adult
        "Ellie (14) told staff she goes for drives with a man called Jay who is 25.",
        # a car or driver waiting for the child
        "A man in a white van has been waiting for Ellie (14) outside school.",
        "A taxi was waiting for Ellie (14) outside school.",
        # transported, chauffeured
        "Ellie (14) is being transported by car to addresses in other towns.",
        # slang for a car
        "Ellie (14) is seen in his whip all the time, he is 23.",
        # taxis she cannot pay for
        "Ellie (14) is getting taxis home that she can't pay for.",
    ],
)
def test_vehicles_round9_families(text: str) -> None:
    assert "VEHICLES" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        # lift = elevator, weights, mood
        "The lift in the flats is broken so Ellie (14) uses the stairs.",
        "Ellie (14) took the lift to the fourth floor.",
        "Ellie (14) lifts weights at the gym.",
        # picked up = acquired, collected a sibling, by a professional
        "Ellie (14) has picked up some bad habits.",
        "Ellie (14) picked up her little sister from school.",
        "Ellie (14) was picked up by her social worker.",
        "The social worker drove Ellie (14) to the meeting.",
        # the family's car, a police car
        "Mum picked Ellie (14) up from school in the car.",
        "Ellie (14) was in the car with her mum when they argued.",
        "Ellie (14) was sick in the car on the way to contact.",
        "Ellie (14) was brought home in a police car.",
        # other senses of drop and drive
        "Ellie's (14) grades have dropped off.",
        "Ellie (14) has been driving her mum mad.",
        # men in passing cars, not picking her up
        "Ellie (14) said men in cars shout at girls on the estate.",
        # in the back of a room, a lift from a friend's mum
        "Ellie (14) sits in the back of the class and doesn't speak.",
        "Ellie (14) got a lift to school with her friend's mum.",
        "Ellie (14) drives her brother mad.",
    ],
)
def test_vehicles_round9_other_senses(text: str) -> None:
    assert "VEHICLES" not in codes(text)


# --- LOCATIONS (guide 3.6) ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # taken to other towns and cities
        "Ryan (15) has been going to other towns with older lads.",
        # a house where drugs are sold
        "Ryan (15) spends time at a house where drugs are sold.",
        # a caravan with adult men
        "Ryan (15) was found at a caravan with two adult men.",
        # older lads' / men's houses
        "Ryan (15) goes to older lads' houses.",
    ],
)
def test_locations_round9_families(text: str) -> None:
    assert "LOCATIONS" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        # hotels with the family, at work, as emergency housing
        "Ryan (15) stayed in a hotel with his family on holiday.",
        "Ryan's (15) dad works at a hotel.",
        "Ryan (15) and mum are in temporary accommodation in a hotel after the fire.",
        # a takeaway meal, the family's job
        "Ryan (15) had a takeaway with his mum on Friday.",
        "Ryan's (15) mum works at the takeaway.",
        # the child's own home
        "Ryan (15) lives with his mum in a flat above a shop.",
        "Ryan (15) and his mum live in a flat on the Oak estate.",
        # party in other senses
        "A third party told school about Ryan (15).",
        "Ryan (15) is a party to the proceedings.",
        # family in another town
        "Ryan (15) visited his nan in another town.",
        # an adult owning a flat is not the child going there
        "Ryan (15) says his 'mate' has his own car and a flat in town.",
        # other people staying at the child's own flat
        "Ryan (17) has let some older lads stay in his flat.",
        # party drugs, a key takeaway, a takeaway with the family, placed in another county
        "Ryan (15) took party drugs at the weekend.",
        "The key takeaway from the meeting is that Ryan (15) needs support.",
        "Ryan (15) went to the takeaway with his dad for tea.",
        "Ryan (15) is placed in a children's home in another county.",
    ],
)
def test_locations_round9_other_senses(text: str) -> None:
    assert "LOCATIONS" not in codes(text)


# --- MISSING (guide 3.1) --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # nobody knew where
        "Nobody knew where Tia (14) was until police found her.",
        # takes off for days; took off and was found the next morning
        "Tia (14) just takes off for days.",
        "Tia (14) took off after an argument and was found the next morning.",
        # unauthorised absence from placement
        "Tia (14) has had unauthorised absences from placement.",
        # told mum she was at a sleepover but
        "Tia (14) told mum she was at a sleepover but was seen in town at 2am.",
        # coming in at all hours
        "Tia (15) has been sneaking out and coming in at all hours.",
        # overnight at an adult's house
        "Tia (14) stayed at a random man's house on Saturday night.",
        "Tia (14) slept at a man's flat last week.",
        # nobody has heard from her; not been heard from since
        "No one has heard from Tia (14) since Friday.",
        "Tia (14) hasn't been heard from since yesterday morning.",
        # escaped from the unit; on the streets; packed a bag and left
        "Tia (14) escaped from the unit through a window.",
        "Tia (14) has been living on the streets.",
        "Tia (14) packed a bag and left in the middle of the night.",
    ],
)
def test_missing_round9_families(text: str) -> None:
    assert "MISSING" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        # missing = longing for, absent from a list
        "Tia (14) has been missing her friends since she moved.",
        "Tia (14) is missing her old school.",
        "Tia (14) was missing from the class photo.",
        # ran away from a threat
        "Tia (14) ran away from the dog.",
        "Tia (14) said she ran away from the boy who was chasing her.",
        # knowing where the money comes from
        "I didn't know where Tia (14) was getting the money from.",
        # the child herself lost
        "Tia (14) rang saying she didn't know where she was and was crying.",
        # sneaks out without overnight or unknown whereabouts
        "Takes calls in her room and sneaks out the back, Tia is 14.",
        # a partner staying over at the child's home
        "Argument over Tia's (15) boyfriend (19) staying over.",
        # she has not seen the man since
        "Tia (14) says she has not seen the man since the summer.",
        # heard from someone else; packed a bag for school; things disappearing
        "Tia (14) says she hasn't heard from him since the summer.",
        "Tia (14) packed her bag and left for school.",
        "Tia's (14) money has disappeared from her purse.",
    ],
)
def test_missing_round9_other_senses(text: str) -> None:
    assert "MISSING" not in codes(text)


# --- _PARTNER_HOME and _STAYS (LOCATIONS and MISSING with an adult's age) -----------------------


@pytest.mark.parametrize(
    "text",
    [
        # her quoted 'friend' named, his flat
        "Kayla (14) has been going to her 'friend' Dean's flat; Dean is 30.",
    ],
)
def test_partner_home_round9_families(text: str) -> None:
    assert "LOCATIONS" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        # spends nights at his flat
        "Kayla (14) spends most nights at his flat, he is 25.",
    ],
)
def test_stays_round9_families(text: str) -> None:
    assert "MISSING" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        # a same-age friend's home
        "Kayla (14) goes to her friend Jay's house, Jay is 14.",
    ],
)
def test_partner_home_round9_other_senses(text: str) -> None:
    assert "LOCATIONS" not in codes(text)


# --- Round 10 families (dev14/dev15 misses, written as families) ---------------------------------


@pytest.mark.parametrize(
    ("code", "text"),
    [
        # home / dropped off / back in the early hours
        ("MISSING", "Kayla (14) gets dropped off at 3 in the morning most weekends."),
        ("MISSING", "Ruby 13 was outside till gone 2am with older lads."),
        # picked up / collected in the early hours
        ("MISSING", "Skye (14) was picked up at 4am from a house."),
        # brought back the next day
        ("MISSING", "men come and pick her up and bring her back the next day. Tia is 14."),
        # the carer does not know or ask where the child is
        ("MISSING", "Callum (15) sleeps in cars some nights and dad doesnt even ask where he is."),
        # away for days / a week at a time
        ("MISSING", "Kai 15 goes off for days at a time."),
        # the carer believed the child was at a friend's
        (
            "MISSING",
            "Zoe 15 was found in a hotel room; mum told police Zoe was staying at a mate's.",
        ),
        (
            "MISSING",
            "Kieran 16 was stopped at 2am; mum said Kieran told her he was at his "
            "girlfriend's for the night.",
        ),
        # sleeping at an N-year-old's flat (no apostrophe)
        ("MISSING", "Trinity 13 is sleeping at a 19 yr olds flat most nights."),
        ("LOCATIONS", "Kieran (16) is living at a 24 year olds flat in town."),
        # this man's house (no apostrophe)
        ("LOCATIONS", "Rio 14 has been going to this mans house on Quarry Lane."),
        # sent to / selling in another town
        ("LOCATIONS", "Jayden 15 said a man made him sell weed in Dunmarsh."),
        ("LOCATIONS", "Saffron 15 is being paid to go to Marlby and sell."),
        # going up to the old man upstairs
        ("LOCATIONS", "Lacey 12 goes up to the old man on the 3rd floor every day."),
        # a friend's 18th (a party)
        ("LOCATIONS", "Lauren Y11 had sex with a man she met at a friend's 18th last month."),
        # dropped off by different cars / taxis
        ("VEHICLES", "Callum 13 gets dropped off every night by different cars, taxis sometimes."),
        ("VEHICLES", "Kian (14) gets dropped here by a taxi every evening."),
        # a taxi booking from a man / on a man's account
        ("VEHICLES", "we had a booking last thursday from a man paying cash for a girl, Amy, 13."),
        ("VEHICLES", "the taxi was booked on a mans account for Leah 14."),
        # carried / dragged to a car
        ("VEHICLES", "Demi, 14, was carried out to a car by two men."),
        # gets a cab together with a man
        ("VEHICLES", "Jess 15 and a bloke in his 40s get a cab together most Saturdays."),
        # meets men in a car
        ("VEHICLES", "Destiny 13 meets a group of men in a car and they go off for hours."),
    ],
)
def test_places_round10_families(code: str, text: str) -> None:
    assert code in codes(text)


@pytest.mark.parametrize(
    ("code", "text"),
    [
        # out late but back by an agreed time / with the carer's knowledge
        ("MISSING", "Mason 15 is out til all hours but always back by midnight."),
        ("MISSING", "Alfie, 10, is out till gone 10 every night on his bike. Mum knows."),
        ("MISSING", "Shania, 15, was picked up at 7am and not back til late at night."),
        # not back to school (education, not missing)
        ("MISSING", "Alisha (14) has not been back to school since the overdose."),
        ("MISSING", "Jaz Y10 is not coming back for afternoon lessons."),
        ("MISSING", "Lewis 13 has been missing afternoon lessons since Sept."),
        # an agreed stay
        (
            "MISSING",
            "I'm Maya I'm 14. I'm not going home tonight I'm staying at my friends and mum knows",
        ),
        ("MISSING", "Isla 11 is staying there on alternate weekends with her dad."),
        (
            "MISSING",
            "Kayla 14 told mum she was staying at her friends and mum spoke to the friends mum",
        ),
        # thrown out and sleeping rough (guide: not missing)
        ("MISSING", "Robbie is 16 and sleeping rough because his mum chucked him out."),
        # she has not seen the man since
        (
            "MISSING",
            "Elsie (15) was with an older man back then but says she hasnt seen him since.",
        ),
        # calls not returned; a worker called Rhi; home in the afternoon
        ("MISSING", "Jade (Y10) has been off for 3 weeks. Phone calls not returned."),
        ("MISSING", "Housing officer (Rhi) says Tia 14 visits daily."),
        ("MISSING", "Kayla 14 came home at 3pm from school"),
        # the child's own home above a shop
        ("LOCATIONS", "Chantelle 15 lives in the flats above the shop."),
        ("LOCATIONS", "Kayla 14 lives in a flat above the chippy"),
        (
            "LOCATIONS",
            "the girl who lives above the bookies, Jade, 15, hasnt been seen for 3 days.",
        ),
        # a neighbour's flat, men visiting the family home
        ("LOCATIONS", "Tia 16 said there's a man in the flat next to me who gives me vodka."),
        ("LOCATIONS", "Kiera (12) - I've seen men going in and out of the house late at night."),
        # services or family in another town
        ("LOCATIONS", "Keira 14 has an appointment at the hospital in another town"),
        # a friend's car, alone in a taxi, fear of cars, a lift from a boss or family friend
        ("VEHICLES", "Tommy (15) has been sleeping in his mates car some nights."),
        ("VEHICLES", "Tash 13 was refused a room and she left alone in a taxi."),
        ("VEHICLES", "Tyler 15 looks terrified when cars pull up."),
        ("VEHICLES", "Ellis 16: his boss is a family friend who drives him in every day."),
        ("VEHICLES", "Keira 14 got a taxi home from contact arranged by social care"),
        # a hotel room booked by a man is not a vehicle
        ("VEHICLES", "Room booked by a man for him and his daughter, Amy 14."),
    ],
)
def test_places_round10_other_senses(code: str, text: str) -> None:
    assert code not in codes(text)


def test_stays_round10_contact_weekends() -> None:
    assert "MISSING" not in codes("Isla 11 stays at her dad's on alternate weekends, he is 40.")


def test_partner_home_round10_moved_in() -> None:
    assert "LOCATIONS" in codes("Hollie 15 has moved in with him, he is 30 and her boyfriend.")


@pytest.mark.parametrize(
    ("code", "text"),
    [
        # not where she said she would be
        ("MISSING", "Amy 14 didnt turn up at her nans where she was meant to be staying"),
        # staying at random addresses
        ("LOCATIONS", "Amy 14 stays at random addresses"),
    ],
)
def test_places_round10_late_families(code: str, text: str) -> None:
    assert code in codes(text)


def test_missing_round10_turned_up_in_the_evening() -> None:
    assert "MISSING" not in codes("Amy 14 turned up at 6pm for tea")
