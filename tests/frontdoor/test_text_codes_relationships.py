"""Families of wording for OLDER_PARTNER, DISCLOSURE, SEXUAL_HEALTH and ONLINE (round 7).

Every sentence here is made up for the test (not corpus notes). Each case stands for a family
of ways a thing is written, with a sentence in the same family that is not the indicator.
"""

from __future__ import annotations

import pytest

from tests.frontdoor.text_support import codes

# --- OLDER_PARTNER ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # slang partner nouns with an age
        "Her 'bae' is Rio, 25, and she sees him most evenings.",
        # an adult she calls her best mate / just a friend
        "Tia (14) spends evenings with a 31-year-old man she calls her 'best mate'.",
        "Tia (14) says the man is 'my best mate'. He is 40 and lives alone.",
        # sexual or live-in relationship in other words
        "Neighbour says Tia (14) has been shacked up with a man in his 30s for weeks.",
        "Tia (14) has sex with him most weekends. He is 27.",
        "Tia (14) is besotted with a 23 year old called Ash.",
        "Tia (14) has been linking with a 21 year old from the estate.",
        # adult by his life, named partner's own age
        "Tia (14) has a new friend who is 'a grown man with a flat'. She is round there daily.",
        "Tia (14) says she stays with her girlfriend Jade. Jade is 22 and has her own flat.",
        "Tia (15) says her boyfriend is a bit older - he has left college.",
    ],
)
def test_older_partner_families(text: str) -> None:
    assert "OLDER_PARTNER" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Tia (14) says her boyfriend is a bit older than her, he's 15.",
        "Tia's (14) boyfriend's dad is 41 and runs a garage.",
        "Tia (14) lives with her dad, who is 45.",
        "Tia (14) said a man, 22, made her have sex with him in the park.",
        "Tia (14) has become obsessed with an online friend who says he is 30.",
        "Tia (14) says she has been with a man in his 30s once.",
        "Tia (14) has a 'sugar daddy' on an app who pays for her nails. She has not met him.",
        "Tia (14) told the pharmacist the EHC was after sex with 'a guy who's 20'.",
        "Tia's (14) mum's ex-partner Lee (45) keeps turning up at college.",
    ],
)
def test_older_partner_other_senses(text: str) -> None:
    assert "OLDER_PARTNER" not in codes(text)


# --- DISCLOSURE -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # told exploitation: selling, running, delivering for someone
        "Kai (15) told his teacher he sells a bit of weed for some older lads.",
        "Kai (15) said he has been doing runs for a lad called Ace.",
        "Kai (15) told the TA he drops off 'food' to addresses for a man.",
        "Kai (15) told me he has been 'country' for two weeks selling for some guys.",
        "Kai (15) told his youth worker he is selling weed to pay it off.",
        # held, made to, no choice
        "Kai (15) said 'they told me I can't leave'.",
        "Kai (15) told his nan 'I'm just holding it for someone, I have to'.",
        "Kai (15) says some older lads have taken over his flat and sell from it.",
        # paid for sex, abuse by someone, trafficking
        "Tia (15) told a friend she'd been paid £50 to sleep with a man.",
        "Tia (15) told security a man 'pays me in vapes' for what she gets.",
        "Tia (15) spoke to her key worker about being touched by an older man.",
        "Tia (15) alleged that her stepdad sexually abused her.",
        "Tia (15) said she had been trafficked to another city.",
        # no consent, taken advantage of
        "Tia (15) said she was too drunk to consent when he had sex with her.",
        "Tia (15) told her teacher that a man took advantage of her when she was drunk.",
        # debt for a lost bag
        "Kai (15) texted his worker: 'they said i owe them because the bag got nicked'.",
    ],
)
def test_disclosure_families(text: str) -> None:
    assert "DISCLOSURE" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kai (15) told his teacher he owes his friend £5.",
        "Kai (15) told staff he does a paper round for £20 a week.",
        "Kai (15) said he was delivering food for his uncle's takeaway.",
        "Kai (15) said he was only holding the bag for his mum.",
        "Tia (15) told her teacher she wants to pay off her phone.",
        "Tia (15) said her brother grabbed her arm.",
        "YP said the men held him down and punched him because a parcel went missing.",
    ],
)
def test_disclosure_other_senses(text: str) -> None:
    assert "DISCLOSURE" not in codes(text)


# --- SEXUAL_HEALTH ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Midwife: 19 weeks, first booking, YP is 15.",
        "Midwife visit: Tia 15, 28 wks.",
        "School nurse: Tia (15) has had two positive pregnancy tests this week.",
        "Tia (15) told the pharmacist the EHC was after a party - her third time this term.",
        "Tia (15) had the baby in August.",
        "Tia (15) is pregnant and the baby is due in March.",
        "Tia (15) has got the clap.",
        "Tia (15) lost the baby at 10 weeks.",
        "Tia (15) had EHC on three occasions.",
    ],
)
def test_sexual_health_families(text: str) -> None:
    assert "SEXUAL_HEALTH" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Tia (15) was spiked; her bloods came back positive for GHB.",
        "Tia (15) had chlamydia and gonorrhoea tests, results pending.",
        "Tia's (15) sister (17) who is pregnant lives with them.",
        "Tia (15) told me she is due in court in March.",
        "Tia (15) lost the match on Saturday.",
    ],
)
def test_sexual_health_other_senses(text: str) -> None:
    assert "SEXUAL_HEALTH" not in codes(text)


# --- ONLINE -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # a request counts even when refused (guide 3.12)
        "A man on Snapchat asked Tia (15) for pics but she blocked him and didn't send any.",
        # money offered or paid for pictures
        "Tia (15) showed me a message from a man offering her £100 to send him a picture.",
        "A man she has never met sends Tia (15) money on CashApp for pictures.",
        # sextortion and images shared
        "Kai (15) was sent a nude by a girl who then threatened to post his reply unless he paid.",
        "Kai (15) wants to end it all after the pics of him got out.",
        "Kai (15) is upset: a video of him (with a girl in Y10, both willing) was shared "
        "on a group chat.",
        # a pupil who shares a girl's nude image
        "Kai (15) was found sharing nude images of a girl in his year on a group chat.",
        # adults posing as children, filmed acts, live streams
        "Tia (13) was talking to a boy online who turned out to be a man of 40.",
        "Tia (15) goes on live streams where men send her gifts.",
        "Tia (15) has been on Omegle talking to men.",
        "Tia (15) has been selling pictures of herself online.",
    ],
)
def test_online_families(text: str) -> None:
    assert "ONLINE" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Dad is worried Tia (11) will get groomed online now she has a phone.",
        "Tia (13) was upset because nude pics of her big sister have been sent round.",
        "Girls in her class keep asking Tia (14) for pics and she said no.",
        "Tia (15) sends pictures of her dog to her nan.",
        "Tia (13) saw screenshots of a naked photo of another girl being shared around.",
        "Tia (14) says a lad has been showing everyone a nude picture of her friend Sasha.",
        "Tia (15) said a man at the bus stop showed her his phone with rude pictures.",
        "Tia (15) is fine. Mum has no worries about who she is talking to online.",
    ],
)
def test_online_other_senses(text: str) -> None:
    assert "ONLINE" not in codes(text)
