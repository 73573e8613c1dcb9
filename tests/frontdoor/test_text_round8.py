"""Round 8 wording families (safehub.frontdoor.screening).

Every sentence here is made up for the test (paraphrases, not corpus notes). Each case names
the family it checks, with a sentence in the indicator's sense and one in another sense.
"""

from __future__ import annotations

import pytest

from tests.frontdoor.text_support import codes


@pytest.mark.parametrize(
    ("text", "code", "expected"),
    [
        # MISSING: stayed or slept at a mate's after leaving or being put out
        ("Kai 15 was put out by his dad and slept at a mates.", "MISSING", True),
        ("Kai 15 stayed at a friend's overnight after the row.", "MISSING", True),
        ("Kai 15 stayed at his friend's for tea on Sunday.", "MISSING", False),
        # MISSING: found asleep in a doorway / stairwell
        ("Lacey 15 was found asleep in a doorway in town at 5am.", "MISSING", True),
        ("Lacey 15 fell asleep in the car on the way home.", "MISSING", False),
        # MISSING: carer had not known where she was
        ("Foster carer had not known where she was since teatime.", "MISSING", True),
        ("Foster carer has always known where she is.", "MISSING", False),
        # GIFTS_MONEY: an adult sent or paid her fare
        ("Her boyfriend, who is 24, sent her the fare to visit him.", "GIFTS_MONEY", True),
        ("She paid her own fare with her wages.", "GIFTS_MONEY", False),
        # GIFTS_MONEY: an unexplained new look
        ("Jay Y9 has flashier clothes and a new haircut every week.", "GIFTS_MONEY", True),
        ("Jay Y9 had a haircut for the school photo.", "GIFTS_MONEY", False),
        # SUBSTANCES: use words are not 'held' when a bag is found nearby
        ("Ellis 14 was drunk and had a small bag of weed.", "SUBSTANCES", True),
        # SUBSTANCES: drink driving (used), not a drunk driver who hit him
        ("Reece 17 was caught drink driving last week.", "SUBSTANCES", True),
        ("Reece 17 was knocked down by a drunk driver.", "SUBSTANCES", False),
        ("Reece 17 was arrested for drink driving.", "SUBSTANCES", True),
        ("Reece 17 was arrested for drink driving.", "OFFENDING", True),
        ("Reece's dad was arrested for drink driving.", "OFFENDING", False),
        ("Skye 15 was brought in for drunk and disorderly.", "OFFENDING", True),
        # EDUCATION: stopped coming in / no longer in school / attendance drop
        ("Tara 16 has stopped coming in since October.", "EDUCATION", True),
        ("Tara 16 is no longer in school.", "EDUCATION", True),
        ("Tara 16 stopped attending the youth club.", "EDUCATION", False),
        # FAMILY_CONFLICT: always fighting with a parent; a parent no longer speaks to her
        ("Dad says he and Kyle 15 are constantly arguing about curfew.", "FAMILY_CONFLICT", True),
        ("Her mum and stepdad are always fighting with each other.", "FAMILY_CONFLICT", False),
        ("Since the pregnancy Lola's mum no longer speaks to her.", "FAMILY_CONFLICT", True),
    ],
)
def test_round8_families(text: str, code: str, expected: bool) -> None:
    assert (code in codes(text)) is expected, text
