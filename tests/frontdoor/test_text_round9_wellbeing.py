"""Round 9 families of wording for the wellbeing codes.

BEHAVIOUR, EDUCATION, FAMILY_CONFLICT, SELF_HARM, SEXUAL_HEALTH, INJURIES, LOOKED_AFTER and
DISABILITY (guide sections 3.2, 3.8-3.10, 3.14, 3.15, 3.19 and 3.20 of tests/data/README.md).
Every sentence is made up for the test. Each positive case is one family of wording; each
negative case is a sense of the same words that is not the indicator. BEHAVIOUR is read for
a change or a pattern in the child's own behaviour: a state word on its own ("quiet",
"jumpy", "on edge") is one observation unless a change or pattern marker goes with it.
"""

from __future__ import annotations

import pytest

from tests.frontdoor.text_support import codes

# --- BEHAVIOUR (guide 3.15) -------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # a state word with a change marker before it
        "She has become really snappy.",
        "He is more and more secretive about where he goes.",
        "Increasingly angry and hostile towards staff over the last month.",
        # a state word with a pattern or duration marker after it
        "he's been proper moody for weeks and won't tell me anything",
        "staff say he is hypervigilant and on edge all the time now",
        "Lately she's been really irritable and short with everyone.",
        "She has been really snappy and tearful with everyone for weeks.",
        # habitual reaction (present tense + when)
        "He is jumpy every time his phone buzzes.",
        "Since the summer he is jumpy when cars slow down.",
        # perfect progressive state
        "Since she started seeing him she's been cagey and evasive.",
        # always + state word
        "Always on edge now, jumps when the door goes.",
        # comparative / gone quiet
        "She's gone really quiet recently.",
        # never used to be like this
        "she never used to be like this",
        # deterioration in his behaviour
        "Staff report a marked deterioration in his behaviour since September.",
        # keeps getting into fights
        "He has been getting into fights at school a lot more this term.",
        # lost all interest
        "He seems to have lost all interest in school and football.",
        # she's changed / not my little girl anymore
        "i dont know what to do, she's changed so much",
        "she's not my little girl anymore",
        # sleeping all day
        "he is sleeping all day and up all night",
        # disappears into her room
        "she's been disappearing into her room as soon as she gets home",
        # comes back different
        "she's been going out more and coming back different",
        # anger
        "he seems to have a lot of anger recently",
        # disengaged
        "her teachers say she is completely disengaged this term",
        "He has anger issues.",
        "she is aggressive at home most days",
        "she is no longer engaging with anyone at school",
    ],
)
def test_behaviour_families(text: str) -> None:
    assert "BEHAVIOUR" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        # one observation of a state
        "Lad had a rucksack, very quiet.",
        "He seems really on edge.",
        "Josh a bit quiet but ok.",
        "She was a bit quiet but engaged well.",
        "He was quiet during the visit today.",
        "She presented as withdrawn during the home visit.",
        "She seemed quieter than usual at the session today.",
        # one reaction
        "Got really aggressive when she asked.",
        "He got angry when the officer searched him.",
        "he became agitated and self-discharged",
        "She was jumpy when the door knocked.",
        # a reaction to a sanction
        "He has been screaming and throwing things since mum took the iPad off him.",
        # one exclusion for one act
        "Jayden has been excluded for 2 days for swearing at staff.",
        "Education: Y9, 1 fixed-term exclusion this term for swearing at staff.",
        "He was excluded for one day for fighting.",
        # a one-off out of character
        "One-off, out of character, he's normally a pleasure to teach.",
        # bereavement
        "Went quiet after nan's funeral, cries a lot but is eating.",
        "He has been quieter since his grandad died.",
        # ordinary teenage moods, a child's usual manner
        "She is a bit secretive, like any 15 year old.",
        "She is a bit moody, typical teenager really.",
        "She has always been a quiet girl.",
        "He has been quiet in lessons, as he always is.",
        "He is a quiet lad who keeps himself to himself, always has done.",
        # fear of one person (COERCION)
        "She clams up whenever he is around.",
        # talking to strangers (ONLINE sense)
        "Nan has been through the phone, she's not talking to anyone she doesn't know.",
        # vague
        "Dad says his son has been acting strange.",
        # not a behaviour change
        "She has changed schools this term.",
        "I wouldn't say Erin's behaviour has changed.",
    ],
)
def test_behaviour_other_senses(text: str) -> None:
    assert "BEHAVIOUR" not in codes(text)


# --- FAMILY_CONFLICT (guide 3.10) --------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Mum doesn't want her back.",
        "her mum says she can't have her at home anymore",
        "she and mum have a really difficult relationship",
        "Mum and Kayla have been rowing constantly for months.",
    ],
)
def test_family_conflict_families(text: str) -> None:
    assert "FAMILY_CONFLICT" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        # one argument, sorted out
        "Mason refusing to go home after argument with mum, mum says it is the first time, "
        "they sorted it out.",
        # a conditional threat
        "Her dad has told her to leave if she won't stop seeing her friends.",
        # fear of a parent finding out
        "She is terrified of her dad finding out.",
        # despair in her own words
        "i'm done with all this. nothing is ever gonna get better",
        # fear of a parent's partner alone (COERCION)
        "Kira is frightened of her mum's partner and won't stay at home when he's there.",
        # a good relationship
        "she has a good relationship with her mum",
    ],
)
def test_family_conflict_other_senses(text: str) -> None:
    assert "FAMILY_CONFLICT" not in codes(text)


# --- EDUCATION (guide 3.2) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "says he has been off with flu all week",
        "she is school refusing",
        "He left the school site without permission.",
        "she is rarely in school",
        "she often doesn't turn up to college",
        "his attendance has dropped off a cliff",
        "school rang to say she never arrived",
        "school say he walks out every afternoon",
    ],
)
def test_education_families(text: str) -> None:
    assert "EDUCATION" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Mum has been off with flu.",
        "She walked home from school with her friend.",
        "he is on a suspended sentence",
        "she was excluded from the group chat",
    ],
)
def test_education_other_senses(text: str) -> None:
    assert "EDUCATION" not in codes(text)


# --- SELF_HARM (guide 3.9) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "she has been head banging",
        "she said she wants to kms",
        "she keeps saying she wants to be dead",
        "She feels like there is no way out.",
        "She was found on the railway line.",
        "she cuts when she gets upset",
    ],
)
def test_self_harm_families(text: str) -> None:
    assert "SELF_HARM" in codes(text)


def test_self_harm_not_an_accident() -> None:
    assert "SELF_HARM" not in codes("she cut her hand on a broken glass while washing up")


# --- INJURIES (guide 3.14) ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Kai 13, assault victim - punched by older boys in the park.",
        "Small cut to lip, he won't say how.",
        "Harvey had a grazed knee from being pushed over.",
        "she said she walked into a door",
        "she says a man punched her in the face",
    ],
)
def test_injuries_families(text: str) -> None:
    assert "INJURIES" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "she said she was hit but there were no marks",
        "bruised ego after losing the match",
        "she fell off the trampoline and bruised her knee, mum saw it happen",
        "He was found with ligature marks on his neck.",
        "Cuts on her forearms; she said she did them herself.",
        "he hit another boy in the playground",
    ],
)
def test_injuries_other_senses(text: str) -> None:
    assert "INJURIES" not in codes(text)


# --- LOOKED_AFTER (guide 3.19) -----------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    ["She lives with foster carers.", "she has a leaving care worker"],
)
def test_looked_after_families(text: str) -> None:
    assert "LOOKED_AFTER" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Jay Y10 - moved from foster care back to mum in the summer holidays.",
        "Tanya Y11 - was LAC in Y7 (foster), back with mum since 2023.",
        "Care leaver (18) - not YP for this contact.",
        "her mum is a foster carer for other children",
        "she works at a care home",
    ],
)
def test_looked_after_other_senses(text: str) -> None:
    assert "LOOKED_AFTER" not in codes(text)


# --- DISABILITY (guide 3.20) and SEXUAL_HEALTH (guide 3.8) -------------------------------------


def test_disability_fasd() -> None:
    assert "DISABILITY" in codes("he has foetal alcohol syndrome")


def test_disability_assessment_pending() -> None:
    assert "DISABILITY" not in codes("she is autistic, her SEN assessment is pending.")


def test_sexual_health_repeated_ehc() -> None:
    assert "SEXUAL_HEALTH" in codes("She asked for EHC, the third time since September.")


def test_sexual_health_termination_years_ago() -> None:
    assert "SEXUAL_HEALTH" not in codes("Had a termination aged 13 (now 16).")


# --- Round 10: families read from new authors' notes (made-up sentences) ----------------------


@pytest.mark.parametrize(
    "text",
    [
        # change verb + state word, with slang intensifiers
        "Her brother says she has gone proper moody and nasty with everyone.",
        "he has gone all weird with us.",
        # the change said as unlike her
        "she is jumpy and really quiet, not like her at all.",
        # not leaving the house / room with a duration
        "he hasn't left his room in 2 weeks",
        "she has not been out since the party.",
        "now never comes out on his bike with his mates",
        "he doesnt hang round with us anymore",
        # different since
        "she has been so different lately",
        # a habitual reaction or a frequency
        "he screams at me if i ask where he has been",
        "she has kicked off every night this week",
        # stopped an activity
        "he has stopped going to boxing and won't say why",
    ],
)
def test_behaviour_round10_families(text: str) -> None:
    assert "BEHAVIOUR" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        # held somewhere by someone (COERCION), not her own withdrawal
        "a man has taken her phone and she cant leave the flat.",
        # one sneaking out after a sanction
        "she was grounded so she climbed out the window last night.",
        # one reaction
        "she kicked off when I asked her where she had been.",
        # illness, not withdrawal
        "he hasn't left the house since his operation",
        # other senses of the words
        "it's not like her mum to be late",
        "he is getting nasty messages from boys in his class",
        "she is different from her sister",
        # a parent's label, one incident
        "mum says he is 'out of control' and she can't cope.",
        "She smashed her bedroom window on Tuesday.",
    ],
)
def test_behaviour_round10_other_senses(text: str) -> None:
    assert "BEHAVIOUR" not in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "I know she's been off a lot this term",
        "He's supposed to be at school but he's at the park every day.",
        "she sits at the bus stop instead of going to school",
        "He's not been back to school since the fight.",
        "she has stopped going to her college course",
        "He's been too scared to go to school this week.",
    ],
)
def test_education_round10_families(text: str) -> None:
    assert "EDUCATION" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Reece has stopped turning up to training.",
        "we used to go to parties but she doesnt go anymore",
        "she's scared to go to school in case he's there",
        "i dont want to go to school.",
    ],
)
def test_education_round10_other_senses(text: str) -> None:
    assert "EDUCATION" not in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "her mum called her a liar and told her she's a liar and to get out.",
        "she screams at me and her dad all the time",
        "we dont speak anymore since he moved in",
        "she says she never wants to see me again",
        "him and his mum fell out badly last month",
        "she and her dad haven't been speaking for weeks",
        "mum's new fella won't let him in the house",
    ],
)
def test_family_conflict_round10_families(text: str) -> None:
    assert "FAMILY_CONFLICT" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "her parents are splitting up and there's a lot of shouting between them",
        "i have a boyfriend who is 20 and my mum hates him.",
        "he turned the camera off and told him to go away.",
        "Her dad and I dont speak but we both worry about her.",
        "me and my mum argue loads but its normal stuff.",
    ],
)
def test_family_conflict_round10_other_senses(text: str) -> None:
    assert "FAMILY_CONFLICT" not in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "she's not eating properly, she says she's fat and disgusting",
        "she wears long sleeves all the time now",
        "i found blood on her towels",
    ],
)
def test_self_harm_round10_families(text: str) -> None:
    assert "SELF_HARM" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "he is being robbed at the bus stop and I want it to stop",
        "she doesnt want to die, she just misses her nan.",
        "the nurse saw healed scars on her wrists",
        "a man grabbed her and she cut her hand pushing him off.",
    ],
)
def test_self_harm_round10_other_senses(text: str) -> None:
    assert "SELF_HARM" not in codes(text)


def test_injuries_round10_cut_eyebrow() -> None:
    assert "INJURIES" in codes("last time I saw her she had a cut eyebrow")


@pytest.mark.parametrize(
    "text",
    [
        "told to hand over his phone or 'get stabbed'.",
        "he reports being sexually assaulted by a man he met online.",
        "he was knocked off his bike by a car and had bruises down one side",
    ],
)
def test_injuries_round10_other_senses(text: str) -> None:
    assert "INJURIES" not in codes(text)


def test_sexual_health_round10_young_parent() -> None:
    assert "SEXUAL_HEALTH" in codes("she's 16 and she's got a baby who is 4 months old")
    assert "SEXUAL_HEALTH" not in codes("her mum has a daughter called Jo")


def test_looked_after_round10_threat_of_care() -> None:
    assert "LOOKED_AFTER" not in codes(
        "mum says if he goes missing again she's putting him in care"
    )
    assert "LOOKED_AFTER" not in codes("a former foster child of hers was seen at the bus station")


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("BEHAVIOUR", "he barely says a word to us now"),
        ("BEHAVIOUR", "she flies into a rage over nothing"),
        ("BEHAVIOUR", "he is not interested in anything anymore"),
        ("BEHAVIOUR", "she's become a shadow of her former self"),
        ("EDUCATION", "she's not been going in for weeks"),
        ("EDUCATION", "he goes in for registration then leaves"),
        ("FAMILY_CONFLICT", "me and her are always rowing"),
        ("FAMILY_CONFLICT", "he hit his mum again last night and police were called"),
        ("FAMILY_CONFLICT", "she won't go home because of her stepdad"),
    ],
)
def test_round10_breadth_families(code: str, text: str) -> None:
    assert code in codes(text)


@pytest.mark.parametrize(
    ("code", "text"),
    [
        ("BEHAVIOUR", "he has never said anything about it"),
        ("BEHAVIOUR", "he is not interested in football, he prefers gaming"),
        ("EDUCATION", "she has not been in touch since Monday"),
        ("EDUCATION", "he hasnt been in trouble at all"),
    ],
)
def test_round10_breadth_other_senses(code: str, text: str) -> None:
    assert code not in codes(text)
