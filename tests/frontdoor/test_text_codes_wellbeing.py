"""Families of wording for SELF_HARM, INJURIES, LOOKED_AFTER and DISABILITY (round 7).

Every sentence here is made up for the test (paraphrases, not corpus notes). Each case stands
for a family of ways the indicator is written, with a sense of the same words that is not it.
"""

from __future__ import annotations

import pytest

from tests.frontdoor.text_support import codes

# --- SELF_HARM -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # cutting evidence on the body
        "Ruby (15) has fresh lines across her forearm.",
        "Carers found razor blades hidden under her mattress.",
        "She wears long sleeves to hide her arms in PE.",
        "Ava (14) has been taking a blade to her thighs.",
        "Scratches all up her arms that she said she did with a compass.",
        # self-harm verbs and thoughts
        "Mia (15) says she has been cutting again since the weekend.",
        "Lily (13) has urges to self harm most days.",
        "Jade (16) tried to strangle herself with her school tie.",
        # ligature and other methods
        "Tia (15) tied a dressing gown cord round her neck last night.",
        "Police found Erin (16) on the wrong side of the bridge railings.",
        "Sophie (14) drank bleach on Sunday.",
        "Grace (15) has been picking at her skin until it bleeds.",
        # suicidal statements
        "Amber (15) keeps saying everyone would be better off without her.",
        "Holly (16) said she can't see herself reaching 18.",
        "Leah (17) told her PA she won't be here much longer.",
        "Chloe (14) said nobody would miss her.",
        "Megan (15) says she is not bothered if she wakes up or not.",
        "Zara (15) had been searching websites about how to kill herself.",
        # despair
        "Eve (15) says there is no point to anything.",
        "Nia (14) said what's the point in living.",
        # overdose
        "Kyla (15) took a load of her nan's tablets.",
        "Ward: YP admitted after swallowing 20 of her mum's sertraline.",
        "Girl (14) bought several packets of paracetamol 'for tonight'.",
        # eating
        "Jess (14) has been making herself throw up after meals.",
        "Freya (15) is binning her lunch every day.",
        "Poppy (15) has stopped eating, dropped 6kg and says she deserves to be hungry.",
        "Her BMI is dangerously low.",
        # more evidence, methods and statements
        "Her arms are covered in cuts.",
        "Found unconscious after taking her mum's pills.",
        "Maya (15) said she is a burden to everyone.",
        "Ria (14) says she wishes she could disappear forever.",
    ],
)
def test_self_harm_families(text: str) -> None:
    assert "SELF_HARM" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Sophia (15) wants to end it with her boyfriend but is scared of what he'll do.",
        "Ella (15) was whitey and sick after a bong at a mate's house.",
        "Kai (14) fell off the wall and cut his arm on the glass.",
        "Mum took an overdose last week; Jade (13) found her.",
        "Tom (15) had a packet of pills and said he'd taken a couple at the party.",
        "Amy (16) cutting class again with her friends.",
        "Hx of self-harm aged 12, none since.",
        "Mum says Lola (14) barely eats breakfast but has a big tea.",
    ],
)
def test_self_harm_other_senses(text: str) -> None:
    assert "SELF_HARM" not in codes(text)


# --- INJURIES ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # assault by others
        "Dan (15) said the men held him down and punched him.",
        "Josh (16) got glassed outside the takeaway.",
        "Liam (15) was given a kicking by the olders.",
        "Kara (14) had his hands round her throat, she told the nurse.",
        # facial injuries
        "Tyler (14) came in with a shiner.",
        "Her eye was swollen shut when she came home.",
        "He turned up with his face all smashed up.",
        # marks on the body
        "Lily (13) has a bite on her shoulder.",
        "Her wrists were red and swollen when staff saw her.",
        # gait and pain
        "Caller says Chelsea (15) was walking funny last night.",
        # an implausible explanation
        "Ben (14) has bruises all down his ribs, says he fell off his bike but he has no bike.",
        "Staff noted different explanations for the bruising on her arm.",
        "A&E: injuries consistent with an assault.",
        "Injuries to her face consistent with being punched.",
        "Sam (15) was badly beaten and left in a park.",
        "Ali (15) said they burned him with a lighter.",
    ],
)
def test_injuries_families(text: str) -> None:
    assert "INJURIES" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Jake (15) was kicked out by his dad last week.",
        "Kyle (15) said he'd get battered if he didn't do it.",
        "Neighbour saw Ben (13) being hit round the head; no marks seen.",
        "Connor (15) was hit by a car on his bike and broke his wrist.",
        "Precious (14) was drunk and couldn't walk straight.",
        "Evie (14) fell over and has a graze on her knee.",
        "Her face was red and her eyes were puffy from crying.",
    ],
)
def test_injuries_other_senses(text: str) -> None:
    assert "INJURIES" not in codes(text)


# --- LOOKED_AFTER --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Carers in the resi home say Jay (15) comes in at 2am.",
        "Connor (14) has been accommodated under s20 since May.",
        "Mo (16) is an unaccompanied asylum seeking child.",
        "Kia (15) is in an out of area placement.",
        "The registered manager of the home rang about Leah (14).",
        "Log 19/11, Birchwood House: Chloe (16) came back upset.",
        "Sam (17) lives in 16+ supported accommodation.",
        "Her PEP meeting is next week; Abbie (15) has missed school.",
        "Fosterer: Jacob (15) has two sim cards hidden in his trainers.",
        "Kayla (14) lives in a kids home.",
        "Aunt (kinship foster carer) says Leila (13) went out without permission.",
    ],
)
def test_looked_after_families(text: str) -> None:
    assert "LOOKED_AFTER" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kara (15) was adopted from care at 3.",
        "Went into care as a toddler for a bit but has lived with mum since age 4.",
        "Aunt (kinship carer under an SGO) says Riley (13) stays out late.",
        "Nan (kinship carer) says she can't have Mia (14) back after the row.",
        "Ava (15) has been missing from home since yesterday.",
        "Josh (16) lives in supported housing and is not a care leaver.",
    ],
)
def test_looked_after_other_senses(text: str) -> None:
    assert "LOOKED_AFTER" not in codes(text)


# --- DISABILITY ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Grace (15) has a SN plan for dyslexia.",
        "Darcy (13) has global delay.",
        "Mia (14) functions at the level of a 9 year old.",
        "Leo (13) presents much younger than his age.",
        "Ella (15) has speech and language needs.",
        "Sam (14) is known to the children with disabilities team.",
        "Owen (15) attends a school for children with MLD.",
        "Ruby (16) has a moderate learning difficulty.",
        "Jack (13) has learning problems and is easily led.",
    ],
)
def test_disability_families(text: str) -> None:
    assert "DISABILITY" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Daisy (12) is a young carer for her brother who has severe learning disabilities.",
        "Poppy (13) was on SEN support until Y7, then came off the register.",
        "Isla (14) is awaiting an ADHD assessment.",
        "Macey (13) has no additional needs.",
        "Tom (15) is 15 yr old and plays football.",
        "Zoe (15) has limited understanding of the risks.",
    ],
)
def test_disability_other_senses(text: str) -> None:
    assert "DISABILITY" not in codes(text)
