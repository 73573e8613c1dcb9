"""Who a finding is about: attribution and context behaviours (safehub.frontdoor.screening).

Every sentence here is made up for the test (paraphrases, not corpus notes). Each test names
the general behaviour it checks.
"""

from __future__ import annotations

from safehub.frontdoor.screening.text import explain_text
from tests.frontdoor.text_support import TODAY, codes


def reasons(text: str, code: str) -> list[str]:
    return [f.reason for f in explain_text(text, today=TODAY) if f.code == code]


def test_the_finders_pronoun_is_not_who_the_find_is_about() -> None:
    text = (
        "Dad says Owen (13) has been staying out late and she found a second handset and a SIM "
        "hidden in his coat."
    )
    assert "PHONES" in codes(text)


def test_held_drugs_that_the_child_says_he_used_are_not_an_offence() -> None:
    text = "Carer found a bag of weed under Jordan's (15) bed and he says he has been smoking it."
    assert "OFFENDING" not in codes(text)


def test_a_sentence_opening_pronoun_continues_the_previous_sentences_subject() -> None:
    text = (
        "Return interview with Tia (14). Tia says her friend Megan knows some older men who "
        "took them to a flat. She got drunk there and woke up alone."
    )
    assert "SUBSTANCES" in codes(text)


def test_an_age_after_is_or_in_words_makes_the_child_the_subject() -> None:
    text = (
        "Our Leanne's fifteen and lives with me. There's this lad Jordan, he's older. "
        "She came home with a black eye and said she walked into a door, on a Saturday."
    )
    assert "INJURIES" in codes(text)


def test_an_adult_called_by_name_after_his_age_is_not_the_subject() -> None:
    text = (
        "Mum rang. Abbie has been out every night with a 22 year old called Dylan who gives her "
        "lifts, and she has become very secretive since."
    )
    assert "BEHAVIOUR" in codes(text)


def test_the_child_named_as_teller_in_a_relayed_telling() -> None:
    text = (
        "Parent of a classmate rang: her daughter says Leah told her that at a party she got "
        "drunk and woke up with a man on top of her."
    )
    assert "DISCLOSURE" in codes(text)


def test_the_other_party_named_inside_what_the_child_told() -> None:
    text = "Megan (14) told her friend Jess that her mum's cousin (30) 'tried it on' with her."
    assert "DISCLOSURE" in codes(text)


def test_the_child_with_a_bare_age_and_a_friend_share_what_follows() -> None:
    text = "PPN: Rhys 13 and his friend Tom 13 arrested for theft from a shop."
    assert "OFFENDING" in codes(text)


def test_a_twin_room_and_a_ward_sister_are_not_relatives() -> None:
    assert "VEHICLES" in codes(
        "Hotel receptionist: a man booked a twin room, then a girl of about 14 arrived in a "
        "taxi he paid for."
    )
    assert "SELF_HARM" in codes(
        "Ward sister: 14yo girl admitted after an overdose of paracetamol last night."
    )


def test_the_writers_niece_is_the_child() -> None:
    text = (
        "email from aunt: my niece is 13 and a man on a gaming app has got pictures of her. "
        "She told me yesterday."
    )
    assert "ONLINE" in codes(text)


def test_a_place_with_a_distance_is_not_a_persons_name() -> None:
    text = (
        "Police: Chloe (13) reported missing at 19:00, found at 02:00 in Brackwell, 40 miles "
        "away, after being driven there by two men she met online."
    )
    assert "VEHICLES" in codes(text)


def test_you_in_a_message_sent_to_the_child_is_the_child() -> None:
    text = (
        "Texts on Mason's (13) phone found by dad, from 'Big J': 'i got u them trainers didnt i', "
        "'dont tell ur dad'. Mason has no friend called J."
    )
    assert "GIFTS_MONEY" in codes(text)


def test_two_quotations_in_a_row_are_one_speech_of_the_child() -> None:
    text = (
        "Concern logged by TA. Ellie (Y6) said at breakfast club that 'Mummy's friend Steve' "
        "'gives me sweets if I keep secrets' and that she isn't allowed to tell."
    )
    assert "GIFTS_MONEY" in codes(text)


def test_them_after_a_friend_includes_the_child_named_before() -> None:
    text = (
        "Return interview: Kayla (14) says her friend Jodie knows some older lads who took them "
        "to a party in a car."
    )
    assert "VEHICLES" in codes(text)


def test_a_source_after_from_does_not_own_the_next_list_item() -> None:
    text = (
        "MASH research - Sienna (13). School: new acrylic nails 'from a friend', asking to leave "
        "lessons to take calls."
    )
    assert "PHONES" in codes(text)


def test_a_friends_sister_or_a_brothers_friends_are_not_peers() -> None:
    assert "PEERS" not in codes(
        "Carer worried as she has heard Mia's (13) best friend's older sister is involved with "
        "a group of men who pick girls up in cars and give them drugs."
    )
    assert "PEERS" not in codes(
        "Jayden (14) is off school. His older brother's friends are all in a gang and deal "
        "drugs; mum says Jayden keeps away from them."
    )


def test_a_child_smelling_of_alcohol_is_asserted_but_a_smelly_flat_is_not() -> None:
    assert "SUBSTANCES" in codes(
        "Jade (14) returned to the unit at 02:00. She smelt strongly of alcohol and was sick."
    )
    assert "SUBSTANCES" not in codes(
        "Visit to the flat where Jade (14) was found: the flat smelt strongly of cannabis."
    )


def test_a_hedge_inside_a_quotation_ends_with_it() -> None:
    text = (
        "Clinic: Sam (16) reports sex with 'a man off an app', 'about 40 maybe', went to his "
        "flat three times."
    )
    assert "LOCATIONS" in codes(text)
    assert "EDUCATION" in codes(
        "Referral about Ava (14). Ava says she 'wants to die' and won't come into school."
    )


def test_not_knowing_what_to_do_is_distress_not_a_safety_plan() -> None:
    text = (
        "message from pupil (Lily, Y9) to her tutor: 'i dont know what to do i dont want to be "
        "here anymore'"
    )
    assert "SELF_HARM" in codes(text)


def test_an_aged_friend_of_the_named_child_is_not_the_subject() -> None:
    text = (
        "From mum: Poppy's new friend Chelsea (17) takes her to a man's flat. Poppy came back "
        "with a new coat and said Chelsea's boyfriend paid."
    )
    assert "GIFTS_MONEY" in codes(text)


def test_a_subject_label_with_words_before_its_colon_names_the_child() -> None:
    text = (
        "Outreach 12/11 - Tyler (17) and his younger brother Kyle (13). Tyler told us Kyle has "
        "been running drugs for a man called Dex. Subject of concern: Kyle."
    )
    assert "OFFENDING" in codes(text)


def test_the_childs_name_owning_a_relative_does_not_end_their_clause() -> None:
    assert "VEHICLES" not in codes(
        "Caller is worried about Jodie's older sister, 17, who is seeing a 28 year old and gets "
        "collected by him in a black car. Jodie (12) has not been involved."
    )
    assert "OFFENDING" not in codes(
        "Mum is worried as her brother (Kian's uncle) has been arrested for supplying. Kian, 10, "
        "is doing well."
    )


def test_a_relative_after_a_preposition_with_a_who_clause_is_its_subject() -> None:
    text = (
        "School nurse: Leah Y9 came to talk about her sister (17) who is pregnant by her "
        "boyfriend. Leah says she hasn't got a boyfriend."
    )
    assert "SEXUAL_HEALTH" not in codes(text)


def test_a_girl_comma_name_is_the_child() -> None:
    text = (
        "Anon caller: 'There's lads going in and out of the flat all night. There's a girl, "
        "Jade, can't be more than 13, she's there every night and comes out in the morning.'"
    )
    assert "MISSING" in codes(text)


def test_an_adults_behaviour_is_not_the_childs() -> None:
    text = (
        "Hotel manager: room booked by a man for 'him and his niece'; a girl of about 14 went "
        "up with him. Man became aggressive with staff. Police called."
    )
    assert "BEHAVIOUR" not in codes(text)


def test_a_friend_opening_a_reported_clause_owns_it() -> None:
    text = (
        "CPOMS - Y9 - 22/11/2026. Ella (Y9) reported that her friend Chloe (Y9) has been "
        "'going with a 20-year-old' and bunking off to see him. Ella says she has never met him."
    )
    assert "EDUCATION" not in codes(text)


def test_a_friend_found_at_a_place_with_no_one_exploiting_is_not_peers() -> None:
    text = (
        "Residential log. Another girl at the unit was brought back by police last night after "
        "being found at a hotel. Tia was in all night and is upset because the girl is her "
        "friend. Tia is CLA under s20."
    )
    assert "PEERS" not in codes(text)
