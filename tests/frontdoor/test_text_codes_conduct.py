"""Families of wording for the conduct codes: SUBSTANCES, PHONES, BEHAVIOUR, FAMILY_CONFLICT.

Every sentence here is made up for the test (paraphrases, not corpus notes). Each positive
case is one family of wording (the way social workers, police, teachers, carers, parents and
young people write it); each negative case is a sense of the same words that is not the
indicator (guide sections 3.7, 3.10, 3.13 and 3.15 of tests/data/README.md).
"""

from __future__ import annotations

import pytest

from tests.frontdoor.text_support import codes

# --- SUBSTANCES (guide 3.7) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # given or bought by adults, active, relative and passive forms
        "She hangs about with lads who give her cider.",
        "She hangs about with men who buy her vodka.",
        "Shop staff say older lads buy her cider most evenings.",
        "Casey (14) was given pills at the party.",
        "Jordan (15) says the older boys made him smoke it.",
        "She gets cash and cocaine from the men at the hotel.",
        # cannabis and drink slang
        "Kai (15) says he blazes every day before school.",
        "Mum found a bong in his room and he admits it is his.",
        "She came home like she'd had a skinful.",
        "He went whitey at the park and was sick.",
        # using verbs with the drug
        "Ella (14) has been popping pills at weekends.",
        "Lewis (15) admits he has been doing lines with older lads.",
        # signs on the child
        "Came in at 2am unsteady on her feet and giggling.",
        "Back at 6am reeking of cannabis and being sick in the bathroom.",
        "She was sick after drinking vodka in the park.",
        # spiking
        "Amy (15) says someone put something in her drink at the party.",
        "Mia (14) had a drink that made her dizzy at the flat.",
        # tests and services, debt for use
        "Toby (16) tested positive for cannabis at A&E.",
        "Ryan (15) owes his dealer £200.",
    ],
)
def test_substances_families(text: str) -> None:
    assert "SUBSTANCES" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ava (14) took an overdose of her mum's sertraline.",
        "Jake (15) says his mate gives him energy drinks.",
        "Leah (14) uses a steroid cream for her eczema.",
        "Tom (15) got battered outside the chippy by some lads.",
        "Officers say the car smelled of cannabis.",
        "Mum's drug and alcohol worker visited on Monday.",
    ],
)
def test_substances_other_senses(text: str) -> None:
    assert "SUBSTANCES" not in codes(text)


# --- PHONES (guide 3.13) --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # leaves after calls
        "Every time her phone goes off she is out the door.",
        "Dylan (15) has gone straight out after a call twice this week.",
        "Leaves college early most days after calls from a mate.",
        # secret calls
        "Whenever his phone buzzes he takes it out onto the landing.",
        "Jess (14) takes her calls in her room with the door locked.",
        "Keeps asking to go out of maths to ring her mum.",
        "He goes to his room to take calls.",
        "Gets texts telling her where to be and goes.",
        # several phones, a dedicated phone, a cheap handset
        "He's always on one of his phones.",
        "Tom (15) has a separate phone just for work.",
        "Carers found a cheap nokia under her mattress.",
        "She keeps getting new phones and won't say where from.",
        # hiding the phone
        "Always keeps her phone face down on the table.",
        "Snatches it back if anyone picks up her phone.",
        "She refuses to let staff see her phone.",
        "Keeps her phone on silent and face down.",
        "He won't say who he's texting.",
        "She gets picked up after a phone call most nights.",
        "Her contacts are saved under nicknames.",
        "He hangs up whenever staff walk in.",
        # phone going at all hours
        "His phone is going all night.",
    ],
)
def test_phones_families(text: str) -> None:
    assert "PHONES" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Zoe (15) got a new phone for her birthday from her mum.",
        "Mum has both of her numbers for emergencies.",
        "She takes calls from her social worker in her room.",
        "The man ended the call when staff walked in.",
        "He's got a new phone his mum didn't buy.",
    ],
)
def test_phones_other_senses(text: str) -> None:
    assert "PHONES" not in codes(text)


# --- BEHAVIOUR (guide 3.15) -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # change from ... to ...
        "Reece (14) has gone from chatty to barely saying a word this term.",
        "Used to be really sweet and clingy, but now she barely talks to us.",
        # shut down, closed off
        "Since the summer she has totally shut down.",
        "He's been sullen and withdrawn at home for weeks.",
        # behaviour change verbs
        "Her behaviour has flipped since she came back from contact.",
        "Mum says his mood swings are getting worse.",
        "She's been so weird with me for weeks, I don't know her anymore.",
        # withdrawal from family life and the outside
        "She spends all her time in her room now.",
        "She's been distant with the family since the summer.",
        "She has stopped eating with the family.",
        "He's been too scared to leave the house for weeks.",
        # aggression and mood as a pattern
        "He's been in a mood for weeks.",
        "Slams doors and tells mum to f off.",
        "She's been really nasty to everyone lately.",
        "He keeps punching walls at home.",
        "Increasingly challenging behaviour at home and at school.",
        # lying, dropping hobbies
        "She lies about everything now.",
        "Lost interest in football since Easter.",
        "He has quit boxing and the youth club.",
        # previously calm, not herself
        "Angry and kicking doors, previously calm and settled.",
        "She doesn't seem herself at all lately.",
        "She has started wearing lots of make-up and dressing older.",
    ],
)
def test_behaviour_families(text: str) -> None:
    assert "BEHAVIOUR" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Police shut down the account she was using.",
        "She has a new friendship group which mum likes.",
        "She lies in bed until midday on Sundays.",
        "Harvey (15) was scared to go out now after the robbery.",
        "Her stepdad is nasty to her when he drinks.",
        "Mum found her after she took a handful of her nan's tablets.",
        "He leaves after calls and says it's 'weird' that we ask.",
        "She stays in her room to keep out of his way when he visits.",
    ],
)
def test_behaviour_other_senses(text: str) -> None:
    assert "BEHAVIOUR" not in codes(text)


# --- FAMILY_CONFLICT (guide 3.10) -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # thrown out, shut out
        "Dad put her bags on the doorstep and won't let her back in.",
        "His stepdad told him to pack his stuff and go.",
        "Dad says he can find somewhere else to live.",
        "Mum has told her she's not welcome.",
        "Mum has changed the locks.",
        "She's been locked out by mum again and sat on the step.",
        # ongoing conflict
        "She and mum are clashing constantly.",
        "Constant rows with her mum about everything.",
        "Kayden (14) doesn't get on with his stepdad at all.",
        "The two of them don't speak.",
        "They haven't had a civil word since September.",
        "She has a volatile relationship with her mum.",
        "Mum and Josh don't speak at all any more.",
        "There has been a family breakdown.",
        # parent's partner
        "Her stepmum is always on at her.",
        "Mum picked him over me.",
        "Her stepdad calls her a slag.",
        "Mum's partner has threatened to sort her out.",
        "She was battered by her mum's new fella.",
        # parents can't cope, refuses home
        "Mum can't cope with her any more.",
        "Mum is asking for her to be accommodated.",
        "Leah (15) refuses to go home.",
        "He won't go back to his dad's.",
        "She's not been allowed home since Friday.",
        "Mum doesn't want anything to do with her.",
        "She doesn't want to live with her mum any more.",
    ],
)
def test_family_conflict_families(text: str) -> None:
    assert "FAMILY_CONFLICT" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Mum and dad don't speak since the divorce.",
        "She was locked out of her snapchat account.",
        "Her relationship with her mum is good.",
        "The man asked her to take her top off on camera.",
        "She can't go home because they know where she lives.",
        "He refuses to go home from the youth club until 9.",
        "Her dad hates her new friends.",
        "A man on discord told him to go on cam.",
    ],
)
def test_family_conflict_other_senses(text: str) -> None:
    assert "FAMILY_CONFLICT" not in codes(text)
