"""Round 9 families of wording for GIFTS_MONEY, ONLINE and PHONES.

Every sentence here is made up for the test (paraphrases, not corpus notes). Each positive
case is one family of wording (how social workers, police, teachers, carers, parents, the
public and young people write it); each negative case is a sense of the same words that is
not the indicator (guide sections 3.4, 3.12 and 3.13 of tests/data/README.md).
"""

from __future__ import annotations

import pytest

from tests.frontdoor.text_support import codes

# --- GIFTS_MONEY (guide 3.4) ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Mia (14) has payments going into her bank account from men we don't know.",
        "Kai (15) has unexplained transfers on his Monzo.",
        "There are transactions on her account that Mia cannot explain.",
        "Staff found new items in Mia's room, perfume and a handbag.",
        "Mia (14) gets her nails done every week and mum is not paying.",
        "Mia's nails and lashes are always done.",
        "Mia (14) says her new phone was paid for by an older man.",
        "Kai (15) was seen with a large quantity of cash.",
        "Mia says older lads buy her food and vapes.",
        "Mia (13) says a man has been topping up her phone.",
        "Mia was given a phone by an older male.",
        "Texts on Kai's phone say 'u got ur 50 so be there at 4'.",
        "Kai says a man gives him money to take bags to people.",
        "Kai (14) says the lads give him cash to hold things for them.",
        "Kai (15) was found in possession of £600 and a knife.",
        "Mia (14) always has vapes and we don't know where she gets them.",
        "Kai (15) has money again - where is he getting it from?",
        "Kai has new clothes and no one knows where they came from.",
        "Mia (14) has takeaways delivered most nights, no idea who is paying for them.",
        "Mia (14) turned up at school with a Gucci bag.",
        "Mia was bought a McDonalds by the men at the park.",
        "Kai (15) is dripped out in designer and mum is on benefits.",
        "Parcels keep arriving for Mia that we did not order.",
        "Kai has £100 he says he won on a game.",
        'Mia says "he got me these trainers".',
        'Kai (15): "they give me a tenner every time".',
        "Mia (15) says her boyfriend gives her an allowance.",
        "Mia (14) gets Deliveroo orders sent to her by a man.",
        "Kai (15) is living beyond his means.",
        "Mia (14) has items above what the family can afford.",
        "Kai (15) has been in receipt of cash from older males.",
        "Kai (15) has had an increase in possessions.",
        "Mia (15) says her boyfriend pays for her vapes.",
        "Mia (15) has been exchanging sex for money.",
        "Kai (15) has had his phone bill paid by someone.",
        "Kai (14): cash and designer clothes, won't explain.",
        "Kai (15) is always buying food for everyone.",
        "Mia's phone is always topped up though she has no money.",
        "Kai (15) has unexplained income.",
        "Mia (14) came back with her hair done.",
        "Mia (14) says she doesn't pay for anything when she is with them.",
    ],
)
def test_round9_gifts_money_family(text: str) -> None:
    assert "GIFTS_MONEY" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Mia's universal credit is paid into her account by the council.",
        "Mia asked mum for money for new clothes.",
        "Mia's taxi was paid for by a man she met.",
        "Mia says she doesn't know who gave her the vodka.",
        "Mum says she does not know where Kai gets his weed.",
        "Kai came back by taxi at 3am and would not say who paid.",
        "Older lads hand him bags to take places.",
        "Mia was given pills by someone at the party.",
        "Mia (14) gets pocket money from dad.",
        "He has her bank card and gives her a tenner when he feels like it.",
        "The taxi account was paid by a man's card.",
        "Kai (14) paid cash and the trainers were from his nan.",
        "Kai (15) has no money for food.",
        "Kai has been buying drugs.",
        "School gave Mia new items of uniform.",
        "Mia got new clothes from the uniform bank.",
        "Mum bought Mia a Gucci bag for her birthday.",
    ],
)
def test_round9_gifts_money_other_sense(text: str) -> None:
    assert "GIFTS_MONEY" not in codes(text)


# --- ONLINE (guide 3.12) --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Someone screenshotted Mia's pics and sent them round.",
        "The photos Mia sent were screenshotted.",
        "Mia (14) has a secret Instagram where she talks to older men.",
        "Mia met the men through social media.",
        "Older men have been adding her on Snapchat, says Mia.",
        "Kai (15) is being blackmailed by someone online who has a video of him.",
        "Kai paid £200 because they said they would share his pictures.",
        "A man sent Mia a picture of his penis.",
        "Mia (15) films herself and sells it online.",
        "Mia posts videos on TikTok dancing in her underwear.",
        "Mia streams on an app and older men are sending her gifts.",
        "Mia said the men were 'friends from Insta'.",
        "Mia's pictures have been put on a porn site.",
        "Mia (14) says lots of older men message her.",
        "Mia (15) has a Tinder account.",
        "A video of Mia being sexually assaulted is going round school.",
        "Mia had sexual conversations with a man online.",
        "A 30 year old man has been sending Mia messages.",
        "Mia says a man online wants her to go and stay with him.",
        "Kai's gaming friend is an adult.",
        "A man asked her to strip on camera, Mia (13) told staff.",
        "Mia (15) has been asked for feet pics.",
        "Mia (14) is snapping older boys.",
        "Mia shares her location on Snap Map with men she doesn't know.",
        "Mia (15) has been a victim of revenge porn.",
        "Self-generated images of Mia (14) were found.",
        "Mia and a boy in Y10 have been exchanging images.",
        "Jade (15): 'he said if I didn't keep sleeping with him he'd post the pics'",
        "Jade (15) has been added to group chats by older men.",
        "Mia (15) meets up with men via apps.",
        "Mia (14) reports receiving unsolicited images.",
        "Mia (14) accepted friend requests from older men.",
        "Kai (13) was approached online by an adult.",
        "Kai (13) is speaking to adults on his headset.",
        "Mia (14) said the boy said he's 16 but he's actually 30.",
        "Mia (14) is being exploited online.",
        "Mia (14) has been speaking to an adult male via WhatsApp.",
        "Kai (13) was sent porn by an adult.",
    ],
)
def test_round9_online_family(text: str) -> None:
    assert "ONLINE" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Mia posted a video of her dancing with her friends.",
        "Mia's ex threatened to post her pics but nothing has been posted.",
        "Kai was added to a group chat by older boys from the estate.",
        "Girls in her class sent Mia nasty messages on Snapchat.",
        "Mia had a sex education lesson.",
        "Mia sent her nan a picture of the dog.",
        "Mia (14) did a CEOP lesson at school.",
        "Her ex says if she won't get back with him he'll post the pics. Nothing posted.",
        "Dad has read that kids get groomed through games and wants advice.",
        "Kai (13) watched porn at a friend's house.",
        "Mum was given advice about CEOP.",
        "Mia's mum met her partner on Tinder.",
    ],
)
def test_round9_online_other_sense(text: str) -> None:
    assert "ONLINE" not in codes(text)


# --- PHONES (guide 3.13) --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Kai (15) keeps changing his number.",
        "Kai has changed his number three times this month.",
        "Mia's phone never stops ringing.",
        "Mia (14) is always on the phone whispering.",
        "Mia got a call and was picked up ten minutes later.",
        "Kai (15) has a few phones.",
        "Kai gets called out at all hours.",
        "Mia will not tell us who keeps calling her.",
        "Mia locks her phone and won't let me see it.",
        "Kai goes off when his phone rings.",
        "Kai's phone is blowing up all night.",
        "Mia gets a message and is out the door.",
        "Kai went missing straight after a phone call.",
        "Mia's phone has a lock on it now.",
        "Kai has a phone just for work.",
        "Kai has been getting calls in lessons and walking out.",
        "Kai (15) has a trap phone.",
        "Kai (15) has a sim that isn't his.",
        "Kai hides a phone in his boxers.",
        "Kai (15) keeps a phone in his sock.",
        "Jade (14) has a vault app on her phone.",
        "Mia (14) is secretive about who she is on the phone to.",
        "Kai (15) has been observed taking numerous calls.",
        "Kai (15) receives a high volume of calls.",
        "Kai's phone receives calls throughout the night.",
        "Kai (15) keeps his phone on silent and goes outside when it buzzes.",
    ],
)
def test_round9_phones_family(text: str) -> None:
    assert "PHONES" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Mia has a new phone nobody bought her.",
        "Mia has a new phone and won't say who it's from.",
        "Staff rang the youth worker's work phone.",
        "Kai says the lads keep ringing him.",
        "Both boys had new phones.",
        "Mum has a phone for work.",
        "Kai keeps his phone in his bag.",
        "Mia (14) has received loads of messages from him since.",
        "Kai (15) has been getting lots of calls from school.",
        "Mia's mum takes numerous calls from work.",
    ],
)
def test_round9_phones_other_sense(text: str) -> None:
    assert "PHONES" not in codes(text)


# === Round 10: families from the new public-form and front-door styles ==========================


@pytest.mark.parametrize(
    "text",
    [
        "Kai (13) says a man on Fortnite keeps sending him V bucks.",
        "Mia (12) has been given Robux by someone she met on Roblox.",
        "Mia (15) told staff older men pay them to have sex at a flat.",
        "Kai (15) gets paid in trainers by the older lads.",
        "Mia (14) says a man at the flat gives both of them vapes.",
        "Mia (14) has received a pair of AirPods from a man who is 23.",
        "Mia (15) has been given new trainers from an older lad.",
        "Mia (15) says her boyfriend wants money back for the phone he bought her.",
        "Kai (14) told staff he makes £200 a week.",
        "Mia (14) said the older boys got her a maccies.",
        "Mia (15) turned up in brand new Jordans.",
        "Mia (15) talks about her sugar daddy.",
        "Kai (14) says his elders look after him and give him whatever he wants.",
        "Mia (14) gets her nails paid for by an older man.",
    ],
)
def test_round10_gifts_money_family(text: str) -> None:
    assert "GIFTS_MONEY" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kai (15) is being robbed, older boys keep taking money off him.",
        "Kai (14) gets in a van and the men give him a bag and he comes back later.",
        "Mia (16) says she owes him for the rent.",
        "Kai (13) says his birth mum has been sending him money and trainers.",
        "A taxi driver takes Mia (15) to a flat, paid by a man on arrival.",
        "Mia (15) says her friend gets paid for bringing girls to the house.",
        "Mia (14) spent her birthday money on trainers.",
        "Mia (14) has her phone bill paid for by mum.",
    ],
)
def test_round10_gifts_money_other_sense(text: str) -> None:
    assert "GIFTS_MONEY" not in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kai (16) says someone online has been asking him for money.",
        "Mia (15) says some lads have got pictures of her and everyone has seen them.",
        "Kai (14) showed a video of a girl doing sexual things, he got sent it by an older lad.",
        "Mia (13) showed friends a pic of her and a grown man in bed.",
        "Mia (14) says her boyfriend (22) will send the videos of her to all if she leaves.",
        "Mia (14) says a nude of her has been shared in a group chat.",
        "Mia (14) says a man in his 30s has been messaging her.",
        "Kai (14) sent a nude to a girl he met online.",
        "Mia (14) is in contact with adult men through social media.",
        "Mia (14) got a friend request from a 30 year old man.",
    ],
)
def test_round10_online_family(text: str) -> None:
    assert "ONLINE" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Mia (14) is talking to a boy on Discord, they just play games.",
        "Mia (14) showed her mum a picture of her and her grandad.",
        "Kai (14) saw a nude statue on a school trip.",
    ],
)
def test_round10_online_other_sense(text: str) -> None:
    assert "ONLINE" not in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kai (14) keeps getting texts from unknown numbers.",
    ],
)
def test_round10_phones_family(text: str) -> None:
    assert "PHONES" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kai (15) gets a new phone every week.",
        "Mia (14) is off with anxiety and school keep ringing.",
        "Kai (14) is jumpy when his phone rings.",
        "Mia (15) has two phones, one from me and one from her dad.",
        "Kai (14) wants a second phone for Christmas.",
    ],
)
def test_round10_phones_other_sense(text: str) -> None:
    assert "PHONES" not in codes(text)
