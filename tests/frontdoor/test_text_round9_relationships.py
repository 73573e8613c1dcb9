"""Round 9 families of wording: PEERS, OLDER_PARTNER, SUBSTANCES, OFFENDING (_ADULT, _PARTNER).

Every sentence here is made up for the test (paraphrases, not corpus notes). Each positive
case is one family of wording added in round 9; each negative case is a sense of the same
words that is not the indicator (guide sections 3.3, 3.7, 3.11 and 3.16 of
tests/data/README.md).
"""

from __future__ import annotations

import pytest

from tests.frontdoor.text_support import codes

# --- PEERS (guide 3.11) ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # friends who recruit the child, verb forms
        "His mates got him holding stuff for some older guys.",
        "A friend from school is trying to recruit him.",
        "Her best mate set her up with a man who pays her.",
        # the group the child mixes with is involved
        "He is hanging round with Y11s who were excluded for dealing for an older guy.",
        "He associates with known gang members.",
        # friend + county-lines slang
        "His pals are all in the gang now.",
        "Her mate has been plugging for them.",
        # recruiting by or of peers
        "Some older boys have asked him to join them, offering him money.",
        "He has been giving other lads in the home work from his older mates.",
        "He introduced two younger boys to the dealer.",
        "She has been getting other girls to go to the parties.",
        "Her new friends, girls from the PRU who are known to the CSE team, get picked up.",
        "Her 'friend' Tanya (18) takes her to a house where there are parties with older men.",
    ],
)
def test_peers_round9_families(text: str) -> None:
    assert "PEERS" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "She hangs around with older girls who are known to be kind.",
        "The boys asked him to join the football team.",
        "Her friends brought her along to the youth club.",
        "Her friends are in the school band.",
        "Her brother's mates got him holding stuff for some older guys.",
        "He denies hanging around with lads who deal.",
        "Her friends took her to see a film.",
    ],
)
def test_peers_round9_other_senses(text: str) -> None:
    assert "PEERS" not in codes(text)


# --- OLDER_PARTNER (guide 3.3) --------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Mia (15) says her boyfriend is really controlling.",
        "She's with a 23yo.",
        "Ryan has been seen with a man in his 40s. Ryan says the man is 'just a mate'.",
        "Mia (15) says the father is 24 and they live together at his flat.",
        "Cerys (15) continues to see 'Rocco', who is 29, most evenings.",
        "The lad she is seeing is 20.",
        "She is going out with a married man.",
        "Her boyfriend owns a car valeting business.",
    ],
)
def test_older_partner_round9_families(text: str) -> None:
    assert "OLDER_PARTNER" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "She was found in a car with a 31yo male.",
        "Her boyfriend is not controlling.",
        "Her mum and stepdad live together.",
        "He is just a friend from school.",
        "The boy she is seeing is 15.",
        "The man her mum is seeing is 40.",
        "Her mum is seeing a married man.",
        "Her dad owns a business.",
        "Her Instagram account is linked to older males dealing cannabis.",
        "She says her football coach, 41, kissed her once in the corridor.",
    ],
)
def test_older_partner_round9_other_senses(text: str) -> None:
    assert "OLDER_PARTNER" not in codes(text)


# --- SUBSTANCES (guide 3.7) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "The men get her drunk and then take her upstairs.",
        "She was taken to A&E with alcohol poisoning.",
        "He comes home zooted most nights.",
        "He's been doing nangs with his mates.",
        "She has been popping bars.",
        "He has been vaping THC.",
        "Mum found a bag of weed and he admitted smoking it with mates.",
    ],
)
def test_substances_round9_families(text: str) -> None:
    assert "SUBSTANCES" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "A girl of about 15 was found alone with empty vodka bottles.",
        "The man has supplied alcohol to under-18s before.",
        "He smashed 2 doors at school.",
        "The men get her a taxi home.",
        "Mum thinks he is taking something - pupils huge, up all night.",
        "She baked a cake with her nan.",
        "He was doing bars on the climbing frame.",
        "They had a blazing row.",
        "She recruits younger girls from St Wystan's High.",
        "Results pending; she says she's had 'a few' partners.",
        "Joel talked about his mum's drinking.",
    ],
)
def test_substances_round9_other_senses(text: str) -> None:
    assert "SUBSTANCES" not in codes(text)


# --- OFFENDING (guide 3.16) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "He has been running lines for the olders.",
        "He was caught answering a line phone in Hull.",
        "She assaulted her mum.",
        "He attacked a boy at the bus stop.",
        "She was caught with stolen goods.",
        "He has outstanding charges.",
        "He has been dropping off 'food' to addresses for a man.",
        "He got nicked last week.",
        "He's got a YOT worker now.",
        "He has been pulling a knife on other kids.",
    ],
)
def test_offending_round9_families(text: str) -> None:
    assert "OFFENDING" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "He was running lines for the school play.",
        "He runs lines at football training.",
        "He was assaulted by a boy from another school.",
        "Her phone was stolen and has not been found.",
        "She has a 'work phone' she won't let anyone see.",
        "His phone got nicked at school.",
        "He has been stealing food at lunch and looks thin.",
        "No contact with her birth dad who was convicted of sexual offences.",
    ],
)
def test_offending_round9_other_senses(text: str) -> None:
    assert "OFFENDING" not in codes(text)


# --- Round 10 families (read from the misses of two new authors' corpora) -------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # PEERS: a friend takes the child to meet men / to a flat where men are
        ("Her mate keeps taking her to meet older lads.", "PEERS"),
        ("Her best friend brought her to a party where there were older men.", "PEERS"),
        ("A girl in Y11 keeps taking her to meet 'friends' after school.", "PEERS"),
        # PEERS: a peer paid for bringing her; a girl who introduced them
        ("Her friend gets paid for bringing girls.", "PEERS"),
        # PEERS: a friend tries to get the child to come along
        ("Her friend keeps asking her to come along to the parties.", "PEERS"),
        # OFFENDING: dealing for the olders; selling on the street; paid to go and sell
        ("He is dealing for the olders now.", "OFFENDING"),
        ("Kid on a bike dealing outside the chippy every night.", "OFFENDING"),
        ("He is being paid to travel to Leeds and deal.", "OFFENDING"),
        ("He was caught selling his ritalin to other kids.", "OFFENDING"),
        ("He was going up to Leeds to shot for a guy.", "OFFENDING"),
        ("He says he was 'holding' for them.", "OFFENDING"),
        # OFFENDING: custody, tag, cannabis grow, knife carried
        ("He is on remand at the minute.", "OFFENDING"),
        ("He has got a tag on his ankle.", "OFFENDING"),
        ("She was found working in a cannabis farm.", "OFFENDING"),
        ("He carries a blade in his waistband.", "OFFENDING"),
        ("He had a line phone on him.", "OFFENDING"),
        # SUBSTANCES: intoxication seen; given to the child
        ("She looked completely out of it when she got home.", "SUBSTANCES"),
        ("He came home stoned again.", "SUBSTANCES"),
        ("The man gave her vodka.", "SUBSTANCES"),
        # OLDER_PARTNER: partner in her words with an adult age; 'been with' a man of 31
        ("She talks online to a man of 35 and says they are in love.", "OLDER_PARTNER"),
        ("She's 'been with' a guy aged 25 for months.", "OLDER_PARTNER"),
    ],
)
def test_round10_families(text: str, code: str) -> None:
    assert code in codes(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Her friend keeps asking her to come to the youth club.", "PEERS"),
        ("Her mate brought her to football training.", "PEERS"),
        ("She is dealing with a lot at home.", "OFFENDING"),
        ("He works for his uncle at the garage on saturdays.", "OFFENDING"),
        ("She sleeps with a knife under her pillow.", "OFFENDING"),
        ("He did runs for charity at school.", "OFFENDING"),
        ("She is high risk of CSE.", "SUBSTANCES"),
        ("She seemed high spirited today.", "SUBSTANCES"),
        ("He will not use a condom.", "SUBSTANCES"),
        ("He was arrested for having drugs on him.", "SUBSTANCES"),
        ("I keep seeing older lads hanging around the park.", "OLDER_PARTNER"),
        ("They are together all the time at school.", "OLDER_PARTNER"),
    ],
)
def test_round10_other_senses(text: str, code: str) -> None:
    assert code not in codes(text)
