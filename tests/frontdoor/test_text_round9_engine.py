"""Round 9, engine: structure rather than vocabulary (who, whether, when).

Every sentence here is made up for the test (paraphrases, not corpus notes). Each positive
case is one structural family the engine must read; each negative case is the same structure
where the finding is not the child's, not asserted or not current.
"""

from __future__ import annotations

import pytest

from tests.frontdoor.text_support import codes


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # an adult named first with his age is not the child ("Jason (24) has been seeing Leah")
        ("Jason (24) has been seeing Leah for two months. He is her boyfriend.", "OLDER_PARTNER"),
        # "10 years older" is an age gap, not an age of 10
        ("Leah (14) has a boyfriend who is 10 years older than her.", "OLDER_PARTNER"),
        # an account that is denied does not explain an injury
        ("Kai (14) has bruising to his face, not consistent with a fall.", "INJURIES"),
        ("Bruising to her arm; the doctor doubts it was accidental.", "INJURIES"),
        # a change "from X last year to Y this term": the later figure's time
        ("Attendance has dropped from 95% last year to 62% this term.", "EDUCATION"),
        ("Her attendance has dropped from 96% last year to 58%.", "EDUCATION"),
        # a negation does not run past "and" into a new clause with its own verb
        ("She can't sleep and wants to die.", "SELF_HARM"),
        ("Ellis was in at 2am without permission, and has £100 he says he won.", "GIFTS_MONEY"),
        # "out of area" is a place, not "out of" (care, the register)
        ("Kai (15) moved here from out of area and has an EHCP.", "DISABILITY"),
        # the attacker named after "by" does not own what follows "and"
        ("Leah (14) was attacked by her mate's older brother and has a black eye.", "INJURIES"),
        # what someone is made to do by another is the child's
        ("Jordan (14) is being used by his older cousin Reece to hold drugs.", "OFFENDING"),
        # a named professional with a role aside who tells is not the child
        ("Cath, the school's family worker, says Harley hasn't been in for 9 days.", "EDUCATION"),
        # "now" ends a past ("used to ... now ...")
        ("Callum 15 used to be chatty now barely speaks, always stoned.", "SUBSTANCES"),
        ("She used to go to school, now she is excluded.", "EDUCATION"),
        # "since I was 14": still going on
        (
            "Keisha (16) says her boyfriend is 22 and they've been together since she was 14.",
            "OLDER_PARTNER",
        ),
        # a status dated in the past that "still" holds
        ("Diagnosed with a learning disability in primary and still gets support.", "DISABILITY"),
        # "found with two adult males, slurring": the participles after the comma are the child's
        (
            "Mia (14) was found in a flat with two adult males, slurring and being sick.",
            "SUBSTANCES",
        ),
        # a negated relative clause does not negate the main verb after it
        (
            "Ellie (14): a man in his 20s she has never met sends her money for pictures.",
            "GIFTS_MONEY",
        ),
        # a threat's condition presupposes what goes on
        ("They said they'd hurt his mum if he didn't keep holding for them.", "OFFENDING"),
        ("Kai (15) says they will batter him if he stops selling for them.", "OFFENDING"),
        # the child as the object of someone else's verb
        ("Jess Y8 says her older sister's boyfriend threatened her but it was a joke.", "COERCION"),
    ],
)
def test_structure_read(text: str, code: str) -> None:
    assert code in codes(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        # a hypothetical worry about self-harm ("might") is not self-harm
        ("Youth worker is worried he might hurt himself if she leaves him.", "SELF_HARM"),
        ("Mum is concerned she may harm herself.", "SELF_HARM"),
        # a negated first clause still negates its own list
        ("She doesn't drink, smoke or take drugs.", "SUBSTANCES"),
        # an account that is not denied still explains the injury
        ("Bruising to her arm, consistent with a fall.", "INJURIES"),
        # a date opening a line of ";" clauses dates each clause
        ("03/03/2024; Leah reported missing by carers; returned next day.", "MISSING"),
        ("March 2024; reported missing; found at a hotel.", "LOCATIONS"),
        # a friend's family conflict is the friend's
        ("She is worried about her friend, who was thrown out by her dad.", "FAMILY_CONFLICT"),
        # attendance that was low a year ago and is not now
        ("Attendance was 60% last year.", "EDUCATION"),
        # a negated main verb stays negated
        ("Ellie (14) has never been given money by anyone.", "GIFTS_MONEY"),
        # a plain conditional is still hypothetical
        ("Kai (15) says he would sell for them if they paid him.", "OFFENDING"),
        # "since he was 12 when ...": a point in the past, not "still"
        (
            "Kai (15) has not been in trouble since he was 12 when he got arrested for theft.",
            "OFFENDING",
        ),
        # "but" does not end a past that looks back ("in care ... but back home now")
        ("Tom was in foster care for a few months but is back home with mum now.", "LOOKED_AFTER"),
        # someone else's verb on someone else ("a group who have threatened him": the brother)
        ("Cody's older brother owes money to a group who have threatened him.", "COERCION"),
        # the listener-named person's own object: a sister threatened, not the child
        ("Her sister's boyfriend threatened her sister.", "COERCION"),
    ],
)
def test_structure_not_read(text: str, code: str) -> None:
    assert code not in codes(text)
