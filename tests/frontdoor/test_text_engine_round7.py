"""Round 7 engine behaviours (safehub.frontdoor.screening): structure, not vocabulary.

Every sentence here is made up for the test. Each test names the general behaviour it checks:
who tells, who a note is about, when a telling happened, and which words are guesses.
"""

from __future__ import annotations

import pytest

from safehub.frontdoor.screening.text import explain_text
from tests.frontdoor.text_support import TODAY, codes


def reasons(text: str, code: str) -> list[str]:
    return [f.reason for f in explain_text(text, today=TODAY) if f.code == code]


# --- the teller of a telling ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        # a bracketed aside between the child and the verb
        "Key worker: Callum (CLA, 15) said he has been 'doing runs' for a man called Blade.",
        # an unnamed child opening the sentence
        "Lad told his mentor he owes his dealer £60 and is selling weed for him to pay it off.",
        # a verb sharing its clause's subject ("..., said", "... and told")
        "Deon 15 was picked up by a patrol on the ring road, said he had been made to sell "
        "drugs for a man in Holmbury to clear a debt.",
        "Ayaan was stopped in Boots for stealing razors and told the guard 'a man outside "
        "told me to get them'.",
    ],
)
def test_a_telling_by_the_child_read_through_asides_and_coordination(text: str) -> None:
    assert "DISCLOSURE" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        # the teller is someone else, named before the coordinated verb
        "Her friend Macie rang the school, said she had been made to sell drugs for a man.",
        # a relative as the teller ("Mum, ... and said")
        "Mum came in this morning and said a man had told her to pay back £200.",
    ],
)
def test_a_telling_by_someone_else_is_not_the_childs(text: str) -> None:
    assert "DISCLOSURE" not in codes(text)


# --- who the note is about ------------------------------------------------------------------------


def test_a_caller_with_an_adult_age_is_not_the_subject() -> None:
    text = (
        "Sister rang (Donna, 23). Says her brother Kyle 14 has been excluded twice this term "
        "for fighting."
    )
    assert "EDUCATION" in codes(text)


def test_a_child_after_an_aged_friend_is_still_someone_else() -> None:
    text = "Maisie (14) says her new friend Kayleigh (17) has been excluded from college."
    assert "EDUCATION" not in codes(text)


@pytest.mark.parametrize("role", ["Gran", "Granny", "Nana", "Grandad", "Stepdad"])
def test_a_capitalised_relative_is_not_a_name(role: str) -> None:
    text = f"{role} says Tayla's phone goes off all night and she is out the door straight away."
    assert "PHONES" in codes(text)


def test_a_name_in_quotes_after_called_is_the_child() -> None:
    text = (
        "Caller (pool staff) - a boy about 12 keeps coming in during school hours with a man in "
        'his 40s. Boy called "Rory".'
    )
    assert "EDUCATION" in codes(text)


def test_a_label_before_a_dash_does_not_own_what_follows() -> None:
    text = "Caller (shop manager) - a girl about 13 comes in on school days during school hours."
    assert "EDUCATION" in codes(text)


def test_a_caller_who_says_an_unnamed_girl_does_not_own_it() -> None:
    text = (
        "Caller (a taxi driver) says a young girl in school uniform gets into his cab most "
        "weekdays at 11am. He thinks she's about 13."
    )
    assert "EDUCATION" in codes(text)


# --- guesses at an age or a name are not guesses at the finding -----------------------------------


def test_maybe_before_an_age_is_not_a_hedge() -> None:
    text = "Door staff: same girl, maybe 14, gets into a car with a different man every Friday."
    assert "VEHICLES" in codes(text)
    assert "VEHICLES" not in codes("Door staff think she maybe gets into cars with men.")


def test_believes_she_is_called_is_not_a_hedge() -> None:
    text = (
        "Anon caller says a girl about 13 goes into the flat above the kebab shop most evenings "
        "with two men in their 30s. Caller believes she is called Leah."
    )
    assert "LOCATIONS" in codes(text)


def test_is_going_into_is_a_habit_not_a_plan() -> None:
    assert "LOCATIONS" in codes(
        "Neighbour says Jade (14) is going into the flat above the bookies with older men most "
        "nights."
    )
    assert "LOCATIONS" not in codes("Jade (14) is going to a party at a hotel on Saturday.")


# --- when the telling happened --------------------------------------------------------------------


def test_now_before_an_age_is_not_a_time() -> None:
    text = "Old record: in 2020 Kara (now 15) told a teacher that a man had made her send pictures."
    assert "DISCLOSURE" not in codes(text)


def test_a_date_after_the_listener_dates_the_telling() -> None:
    text = "Leah told a teacher in Y5 that a neighbour had touched her; police NFA at the time."
    assert "DISCLOSURE" not in codes(text)


def test_what_is_told_today_counts_however_old() -> None:
    text = (
        "After the lesson Erin (Y9) stayed behind and said she used to send pictures of herself "
        "with no top on to a man 'when I was in Y6'."
    )
    assert "DISCLOSURE" in codes(text)


def test_no_one_in_a_telling_still_negates() -> None:
    text = "Erin said she has never had sex with any of them and no one has touched her."
    assert "DISCLOSURE" not in codes(text)


# --- the child gives an adult partner's age after the partner is named ----------------------------


def test_the_child_gives_the_fathers_age_in_a_relative_clause() -> None:
    text = "Kacey, 16, 20 weeks pregnant; father of the baby is Dean who Kacey says is 31."
    assert "DISCLOSURE" in codes(text)
    assert "DISCLOSURE" not in codes(
        "Kacey, 16, 20 weeks pregnant; father of the baby is Dean who mum says is 31."
    )


# --- tellers, objects and opinions ----------------------------------------------------------------


def test_a_friend_who_tells_what_happened_to_them_both_does_not_own_it() -> None:
    text = (
        "Strategy re Mia (14) and her friend Keira (14), found together at a hotel. Keira told "
        "police the man paid them each £40 to stay."
    )
    assert "GIFTS_MONEY" in codes(text)


def test_someone_named_as_an_object_does_not_own_the_next_verb() -> None:
    text = (
        "Return interview: Tyler said he had been selling in Marsh End for a man called Spider, "
        "and got stabbed in the leg."
    )
    assert "INJURIES" in codes(text)
    assert "INJURIES" not in codes("Tyler said his friend Spider got stabbed in the leg.")


@pytest.mark.parametrize("verb", ["mentions", "added", "mentioned"])
def test_a_relative_who_mentions_something_is_the_teller(verb: str) -> None:
    assert "EDUCATION" in codes(f"Dad {verb} Jay has been excluded twice this term.")


def test_a_relative_who_thinks_something_is_an_opinion() -> None:
    assert "OFFENDING" not in codes("Mum thinks Jay is selling drugs for older lads.")
    assert "OFFENDING" in codes("Mum says Jay is selling drugs for older lads.")


def test_a_relative_addressed_in_a_quoted_message_is_not_who_it_is_about() -> None:
    text = (
        "Freya (Y9) showed staff a note she had written to her dad: 'dad im sorry, he made me "
        "do things and hes got videos'. Freya says 'he' is 'my brother's mate, he's 24'."
    )
    assert "DISCLOSURE" in codes(text)


def test_someone_who_says_the_childs_name_is_not_the_child_telling() -> None:
    text = (
        "Anon parent: 'My son's friend Kian, he's 14, has a girlfriend who's 22. My son says "
        "Kian has been having sex with her.'"
    )
    assert "DISCLOSURE" not in codes(text)


def test_and_that_starts_a_new_reported_clause() -> None:
    text = (
        "Jas (15) disclosed to her tutor that she was made to kiss two of her boyfriend's mates "
        "and that her boyfriend (22) filmed it."
    )
    assert "OLDER_PARTNER" in codes(text)


def test_the_child_tells_of_a_pregnancy_next_to_an_adult_partner() -> None:
    text = "Tia 16 told me she's pregnant. Dad of the baby is her partner Kyle who is 27."
    assert "DISCLOSURE" in codes(text)
    assert "DISCLOSURE" not in codes(
        "Tia 16 is pregnant, per the GP letter. Her partner Kyle is 27."
    )


def test_quoted_words_after_a_sentence_with_no_teller_are_the_childs() -> None:
    text = (
        "Outreach bus. Girl says she is 15, looks younger. Asked for condoms. Says her boyfriend "
        "'is in his thirties, he paid for my phone'."
    )
    assert "GIFTS_MONEY" in codes(text)


def test_a_mother_and_baby_placement_is_not_a_relative() -> None:
    text = "Leanne (17) has a baby and lives in a mother and baby placement under a care order."
    assert "LOOKED_AFTER" in codes(text)
    assert "LOOKED_AFTER" not in codes("Leanne (17) says her mother is in care.")


def test_a_relative_a_behaviour_is_aimed_at_is_not_who_it_is_about() -> None:
    assert "BEHAVIOUR" in codes(
        "Mum says Jayden (14) has been really aggressive with me and his sister for weeks."
    )
    assert "BEHAVIOUR" not in codes("Mum says Jay's sister has been really aggressive for weeks.")


def test_a_sugar_daddy_is_not_a_relative() -> None:
    text = "Kyle (17) said the man he calls his 'sugar daddy' (50) pays his rent and buys his food."
    assert "GIFTS_MONEY" in codes(text)
