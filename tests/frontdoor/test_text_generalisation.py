"""General reading behaviours added for other authors' wording (safehub.frontdoor.screening).

Every sentence here is made up for the test (paraphrases, not corpus notes). Each test names
the general behaviour it checks: structure read across sentences, who a phrase is about, scope,
and paraphrase lexicons.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from safehub.frontdoor.screening.text import (
    explain_text,
    get_engine,
    read_text,
    screen_codes,
    screen_many,
)
from safehub.frontdoor.screening.text_rules import compile_patterns, load_rules
from safehub.frontdoor.screening.text_tokens import Tokens

TODAY = dt.date(2026, 11, 29)


def codes(text: str) -> list[str]:
    return screen_codes(text, today=TODAY)


def reasons(text: str, code: str) -> list[str]:
    return [f.reason for f in explain_text(text, today=TODAY) if f.code == code]


# --- hyphenated rule words match spaCy's split tokens --------------------------------------------


def test_a_hyphenated_rule_word_also_matches_the_split_tokens() -> None:
    (pattern,) = compile_patterns("[one-off]", {})
    assert "ALT" in pattern[0]
    words = [[t.get("NORM") for t in alt] for alt in pattern[0]["ALT"]]
    assert ["one", "-", "off"] in words


def test_self_inflicted_explains_an_injury() -> None:
    text = "Rhian (15) has scratches on her legs that look self-inflicted."
    assert "INJURIES" not in codes(text)
    assert "SELF_HARM" in codes(text)


# --- OLDER_PARTNER and DISCLOSURE read across sentences ------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Stop check at 23:00. Driver (male, 27) with a girl of 14, Nia. Driver said he was her "
        "boyfriend.",
        "Neighbour says Tegan (14) is round at a flat most nights. The tenant is about 35. "
        "Tegan calls him her boyfriend.",
        "Priya (15) has a new boyfriend. Mum has met him and says he's 24.",
    ],
)
def test_a_partner_and_an_adult_age_in_neighbouring_sentences(text: str) -> None:
    assert "OLDER_PARTNER" in codes(text)
    found = [p for p in read_text(text, today=TODAY) if p.code == "OLDER_PARTNER"]
    assert found and text[found[0].start : found[0].end] == found[0].phrase


@pytest.mark.parametrize(
    "text",
    [
        "Priya (15) has a new boyfriend. He is 15 and in her year.",
        "Priya (15) has a boyfriend (16). Her mum's partner is 38.",
        "Priya (15) has no boyfriend. Her uncle is 30.",
    ],
)
def test_no_older_partner_when_the_age_is_near_or_someone_elses(text: str) -> None:
    assert "OLDER_PARTNER" not in codes(text)


def test_a_telling_by_the_child_about_abuse_in_the_sentence_before() -> None:
    text = (
        "'He pinned me down and touched me.' Leah (14) told her teacher this at break. "
        "Teacher informed the DSL."
    )
    assert "DISCLOSURE" in codes(text)


def test_a_telling_by_someone_else_is_not_the_childs_disclosure() -> None:
    text = "A man touched Leah (14) at the bus stop. Her mum told me this on the phone."
    assert "DISCLOSURE" not in codes(text)


def test_a_rumour_said_to_be_true_is_not_a_disclosure() -> None:
    text = "Maya (15) is reported to be having sex with older men for money."
    assert "DISCLOSURE" not in codes(text)


# --- who it is about ------------------------------------------------------------------------------


def test_a_pronoun_after_a_colon_or_quote_is_the_child() -> None:
    text = "Nan on the phone, upset: 'She's got three phones and won't say why.' Ruby (13)."
    assert "PHONES" in codes(text)


def test_the_child_named_together_with_a_friend_shares_what_happens() -> None:
    text = "Kacey (14) and her friend Shola are both being collected from school by a man in a car."
    assert "VEHICLES" in codes(text)
    assert "PEERS" in codes(text)


def test_a_friend_who_only_tells_is_not_involved() -> None:
    text = "Owen (15): his mate Tyler told staff that Owen has been sleeping with a woman of 30."
    assert "PEERS" not in codes(text)
    assert "OLDER_PARTNER" in codes(text)


def test_a_childs_friends_opening_the_sentence_are_the_ones_acting() -> None:
    text = "Holly (14) is doing well. Holly's mates were all arrested for theft last month."
    assert "OFFENDING" not in codes(text)


def test_the_caller_is_named_as_the_childs_mum() -> None:
    text = "This is Donna, Rhys's mum. Rhys is 14 and he has not been home since Friday."
    assert "MISSING" in codes(text)


def test_a_name_recorded_for_one_sex_follows_the_pronouns() -> None:
    text = "Kenzie (14): she says she doesn't deserve to eat and she skips lunch every day."
    assert "SELF_HARM" in codes(text)


def test_a_pronoun_for_whoever_did_not_buy_something() -> None:
    text = "Mum says Connor (13) keeps coming home with new trainers she didn't buy."
    assert "GIFTS_MONEY" in codes(text)


def test_a_relative_inside_a_partners_description_is_not_the_experiencer() -> None:
    text = "Shannon (15) says her partner is a friend of her cousin's, aged 23."
    assert "OLDER_PARTNER" in codes(text)


# --- scope ----------------------------------------------------------------------------------------


def test_no_evidence_of_this_runs_back_over_but() -> None:
    text = "Pupils are saying Jade (15) sleeps with men for money but there is no evidence of this."
    assert "DISCLOSURE" not in codes(text)
    assert "GIFTS_MONEY" not in codes(text)


def test_an_invitation_to_a_party_further_on_is_hypothetical() -> None:
    text = "Mia (14) has been invited to an all-night party at a hotel by a lad she met online."
    assert "LOCATIONS" not in codes(text)


def test_a_promise_with_would_is_hypothetical() -> None:
    text = "Ellis (13) says a man on a game said he'd give him loads of skins."
    assert "GIFTS_MONEY" not in codes(text)


def test_wanting_a_child_taken_into_care_is_not_being_in_care() -> None:
    text = "Dad says he wants her taken into care. Amber (14) lives with him."
    assert "LOOKED_AFTER" not in codes(text)


def test_a_smell_of_cannabis_is_not_use() -> None:
    text = "Carer says Dion (15) came in smelling of cannabis but denied smoking."
    assert "SUBSTANCES" not in codes(text)


def test_a_distant_time_expression_does_not_date_a_status() -> None:
    text = "Residential unit manager: Lola (15) came off the SEN register in Year 7 and is settled."
    assert "LOOKED_AFTER" in codes(text)
    assert "DISABILITY" not in codes(text)


def test_carer_roles_make_the_child_looked_after() -> None:
    assert "LOOKED_AFTER" in codes("Uncle (kinship foster carer): Theo (13) is doing well.")
    assert "LOOKED_AFTER" in codes("Tasha (14) ran off from the unit at teatime.")


# --- senses ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ben (15) was knocked off his bike by a car; the driver stopped to help.", "VEHICLES"),
        ("Leon (16) says his boyfriend (17) has a car.", "VEHICLES"),
        ("A man sat in a car outside the park shouted at Ava (13).", "VEHICLES"),
        ("SW/YOT joint visit to Kyle (15) today.", "SUBSTANCES"),
        ("Tia (14) had a love bite on her neck.", "INJURIES"),
        ("Zak (15) met a man on a dating app who says he's 24.", "OLDER_PARTNER"),
        ("Eve (15) has to send her coursework by Friday.", "DISABILITY"),
        ("Family moved to another city in the summer; Ola (12) is settled.", "LOCATIONS"),
        ("Joe (13) stays out late sometimes but is always back by ten.", "MISSING"),
        ("Joe (13) just stays in his room playing games.", "MISSING"),
        ("Jo (16) was placed in emergency B&B accommodation by housing.", "LOOKED_AFTER"),
        ("Sam (15) says he's in his twenties now, no money problems.", "GIFTS_MONEY"),
        ("Amy (14) arrived at school with no coat again.", "GIFTS_MONEY"),
        ("Ava (14) is really quiet and head down in lessons.", "EDUCATION"),
    ],
)
def test_senses_that_are_not_the_indicator(text: str, code: str) -> None:
    assert code not in codes(text)


def test_shorthand_send_in_capitals_is_disability() -> None:
    assert "DISABILITY" in codes("Ruby (12), SEND, attends Harbour School.")


# --- paraphrase lexicons --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("RHI completed with Keira (14) this morning.", "MISSING"),
        ("Lily (13) was missing 9 hrs on Saturday.", "MISSING"),
        ("Aaron (15) was brought back by police at midnight.", "MISSING"),
        ("Mum says Jess (14) is at 'a mate's' but doesn't know which friend.", "MISSING"),
        ("Dominic (15) came in stoned at 3am.", "MISSING"),
        ("College have not seen Ayo (16) since half term.", "EDUCATION"),
        ("Mum found a bracelet she doesn't recognise in Ella's (14) room.", "GIFTS_MONEY"),
        ("Kai (13) has been given an Xbox by an older lad.", "GIFTS_MONEY"),
        ("Kiera (15) was seen getting into a blacked-out car on Mill Lane.", "VEHICLES"),
        ("A man books taxis for Sky (14) most weekends.", "VEHICLES"),
        ("Police found Mo (15) at an older man's flat.", "LOCATIONS"),
        ("Ivy (14) was found with two adult males at a flat on Quay Street.", "LOCATIONS"),
        ("Grace (14) was found at the Seaview Lodge at 2am.", "LOCATIONS"),
        ("Ruby (15) had a few WKDs at the park.", "SUBSTANCES"),
        ("Nurse: Jade (16) diagnosed with trichomonas.", "SEXUAL_HEALTH"),
        ("Clinic: Holly (15) asked for EHC; previous EHC in May.", "SEXUAL_HEALTH"),
        ("Leo (14) has burns on his hand and says he did them himself.", "SELF_HARM"),
        ("Abi (13) says she and her dad don't speak anymore.", "FAMILY_CONFLICT"),
        ("Zara's (15) mate has been going with older men for money.", "PEERS"),
        ("Noah (13) is talking to a man he met through a game on Xbox.", "ONLINE"),
        ("Nadia (14) gets messages from an unknown adult every night.", "ONLINE"),
        ("Rio (15) keeps deleting his chat history.", "PHONES"),
        ("Rio (15) has a separate phone that we did not give him.", "PHONES"),
        ("Dylan (16) has a gash above his eyebrow and won't say how.", "INJURIES"),
        ("Ellie (14) has a red mark on her cheek.", "INJURIES"),
        ("Ashton (14) has been acting really shifty with staff.", "BEHAVIOUR"),
        ("Mum says Taylor (15) has gone completely off the rails.", "BEHAVIOUR"),
        ("Sian (14) keeps lying to her mum about where she goes.", "BEHAVIOUR"),
        ("Teacher found a knife in Josh's (15) bag.", "OFFENDING"),
        ("Tyrell (15) is holding drugs for the olders.", "OFFENDING"),
        ("Kane (16) says he is running a line to the coast.", "OFFENDING"),
        ("Maisie (16) disclosed she has been selling nudes to pay off a debt.", "DISCLOSURE"),
        ("Evie (15) says a man she knows from TikTok wants to meet her.", "ONLINE"),
    ],
)
def test_paraphrases(text: str, code: str) -> None:
    assert code in codes(text)


# --- the child's own words, names and ages --------------------------------------------------------


def test_the_childs_quoted_words_are_hers() -> None:
    text = "'He gives me weed and then I have to do stuff for him' - Tia (14), to her youth worker."
    found = codes(text)
    assert "SUBSTANCES" in found
    assert "DISCLOSURE" in found


def test_someone_elses_quoted_words_are_not_the_childs() -> None:
    engine = get_engine()
    for text, voiced in [
        ("Mum on the phone about Tia (14): 'I can't cope with her any more.'", False),
        ("Tia (14) told her teacher: 'I can't cope any more.'", True),
        ("'I owe them money' - Tia (14), to her youth worker.", True),
    ]:
        tk = Tokens.from_doc(engine.nlp(text))
        assert bool(engine.people.read(tk).child_voice) is voiced, text


def test_a_name_missing_from_the_lists_is_read_from_an_age_or_label() -> None:
    text = "Subject: Zayvion. Zayvion (14) has been going missing at weekends."
    assert "MISSING" in codes(text)


def test_an_explicit_subject_line_picks_the_child() -> None:
    text = (
        "Jordan (18, care leaver) says his brother Kai (15) goes missing a lot. "
        "This note is about Kai."
    )
    assert "LOOKED_AFTER" not in codes(text)
    assert "MISSING" in codes(text)


def test_a_friend_with_an_adults_age_is_not_a_peer() -> None:
    text = "Rosa (14) has a new 'friend' Gary, 31, and goes to see him at his flat after school."
    assert "PEERS" not in codes(text)
    assert "LOCATIONS" in codes(text)


def test_a_partners_home_with_an_adult_age_nearby_is_a_location() -> None:
    text = "Mia (15) stays over at her boyfriend's most weekends. He is 26."
    assert "LOCATIONS" in codes(text)


def test_a_near_age_partners_home_is_not_a_location() -> None:
    text = "Mia (15) stays over at her boyfriend's most weekends. He is 16 and in her year."
    assert "LOCATIONS" not in codes(text)


def test_a_named_adult_is_the_partner_not_someone_else() -> None:
    text = "Nurse: Abi (15) says she has been seeing Jermaine (22) since October."
    assert "OLDER_PARTNER" in codes(text)


def test_a_threat_is_read_through_its_condition() -> None:
    text = "Kai (13) said a lad told him 'if you don't bring it he'll tell everyone what you did'."
    assert "COERCION" in codes(text)


def test_a_disclosure_is_dated_by_the_telling_not_the_abuse() -> None:
    text = (
        "Nina (13) told her foster carer tonight that her mum's ex used to come into her room "
        "and touch her."
    )
    assert "DISCLOSURE" in codes(text)


def test_parent_as_the_agent_of_family_conflict() -> None:
    text = "Mum rang re her son Rory (16), who she has told to leave after months of rows."
    assert "FAMILY_CONFLICT" in codes(text)


def test_a_school_uniform_during_school_hours_is_education() -> None:
    text = "Shopkeeper: a girl of about 14 in school uniform came in at 11.15am with a man."
    assert "EDUCATION" in codes(text)


# --- fifth development round: attribution, scope and paraphrases ----------------------------------


def test_a_name_after_a_reporting_verb_is_the_child() -> None:
    assert "PHONES" in codes("Mum says Jack has two phones and won't say why.")


def test_whoever_finds_something_is_not_who_it_is_about() -> None:
    assert "PHONES" in codes("Dad has since found a second SIM card in Ellie's coat pocket.")


def test_a_hyphen_inside_a_word_does_not_end_a_negation() -> None:
    assert "SELF_HARM" not in codes("GP: Lucy, 14, low mood. No thoughts of self-harm or suicide.")


def test_a_relatives_own_visit_to_a_place_is_theirs() -> None:
    text = "Tanya's cousin was at the party on Saturday. Tanya was at home with her mum."
    assert "LOCATIONS" not in codes(text)


def test_friends_named_as_company_are_peers() -> None:
    text = "Owen (14) was seen with Callum and Rio, who are both open to the CSE team."
    assert "PEERS" in codes(text)


def test_other_childrens_school_year_is_not_a_date() -> None:
    text = "Maya (Y10) is bringing younger girls from Y8 to a flat with men in their 20s."
    assert {"PEERS", "LOCATIONS"} <= set(codes(text))


def test_a_carer_who_did_not_buy_something_before_the_phrase() -> None:
    assert "GIFTS_MONEY" in codes("Mum says Jayden (13) has got new trainers she didn't buy.")


def test_staying_over_with_an_adult_is_missing() -> None:
    text = "Lily (14) says she stays over at her boyfriend's most weekends. He is 23."
    assert {"MISSING", "OLDER_PARTNER"} <= set(codes(text))


def test_an_adult_described_by_his_past_dates_nothing() -> None:
    text = "Isla (15) has a new man who left school years ago and picks her up in his car."
    assert {"OLDER_PARTNER", "VEHICLES"} <= set(codes(text))


def test_despair_in_future_words_is_still_self_harm() -> None:
    assert "SELF_HARM" in codes("Priya (15) wrote: 'nothing is ever going to get better'.")


def test_control_of_money_and_movements_is_coercion() -> None:
    text = "Megan (17) says her partner keeps hold of her bank card and tracks her location."
    assert "COERCION" in codes(text)


def test_text_speak_spellings_reach_the_rules() -> None:
    assert "ONLINE" in codes("Jade (14) has been sending noodz to a man of 30 she met on snap.")
    assert "PEERS" in codes("his m8s got him holding stuff for the olders")


def test_telling_the_police_an_adults_age_is_not_recruiting() -> None:
    found = codes("Chloe (15) rang Childline and told them a man of 25 had sex with her.")
    assert "DISCLOSURE" in found
    assert "PEERS" not in found
    assert "PEERS" in codes("He was offering younger pupils £20 to take a bag to the estate.")


# --- floors on the later development corpora (other authors) --------------------------------------

DATA = Path(__file__).resolve().parents[1] / "data"


@pytest.mark.parametrize(
    ("name", "floor"),
    [
        ("screening_dev3.jsonl", 0.93),
        ("screening_dev4.jsonl", 0.95),
        ("screening_dev5.jsonl", 0.94),
        ("screening_dev6.jsonl", 0.94),  # F1 0.810 blind (session 5), 0.959 after round 7
        ("screening_dev7.jsonl", 0.91),  # F1 0.837 blind (session 6), 0.931 after round 7
        ("screening_dev9.jsonl", 0.93),  # 0.829 blind, 0.956 after round 7
        ("screening_dev10.jsonl", 0.92),  # 0.818 blind, 0.948 after round 7
        # Kept unread through round 7 (dev12, dev13) or read only at its end (dev11): floors
        # just under their figures then, so that a later change cannot quietly lose them.
        ("screening_dev11.jsonl", 0.90),  # 0.848 blind, 0.863 after round 7, 0.919 round 10
        ("screening_dev12.jsonl", 0.84),  # 0.813 blind, 0.835 after round 7, 0.855 round 10
        ("screening_dev13.jsonl", 0.88),  # 0.871 blind, 0.885 after round 7, 0.893 round 10
        # Written in session 7, scored blind first (data cards §21-22), read in round 10.
        ("screening_dev14.jsonl", 0.91),  # 0.811 blind, 0.921 after round 10
        ("screening_dev15.jsonl", 0.91),  # 0.866 blind, 0.925 after round 10
    ],
)
def test_later_dev_corpora_f1_stays_above_a_floor(name: str, floor: float) -> None:
    path = DATA / name
    if not path.exists():
        pytest.skip(f"{name} is not there")
    notes = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    tp = fp = fn = 0
    texts = [str(note["text"]) for note in notes]
    for note, got in zip(notes, screen_many(texts, today=TODAY), strict=True):
        gold = set(note["indicators"])
        tp += len(gold & set(got))
        fp += len(set(got) - gold)
        fn += len(gold - set(got))
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= floor, (precision, recall, f1)


# --- session 5: telling of sex with an adult, tellers, the child's own words, unlisted names ---


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # The child tells a clinician of sex with (or pregnancy by) a partner of adult age.
        ("Clinic: Mia 15, second EHC this month. Says her boyfriend is 23.", True),
        (
            "Midwife: Lola 16, 12 wks pregnant. Lola says the dad is 29 and they live together.",
            True,
        ),
        ("GUM: Demi (15) said she caught it off 'a lad who's 26, met him in town'. Treated.", True),
        # Only "older": not shown to be an adult (guide 3.17).
        ("Clinic: Mia 15, second EHC this month. Says her boyfriend is a lot older.", False),
        # Not told by the child: recorded by someone else.
        ("Clinic: Mia 15, second EHC this month. Mum says the boyfriend is 23.", False),
        # Near age: not an adult.
        ("Clinic: Mia 15, second EHC this month. Says her boyfriend is 16.", False),
    ],
)
def test_telling_of_sex_with_an_adult_partner_is_disclosure(text: str, expected: bool) -> None:
    assert ("DISCLOSURE" in codes(text)) is expected


def test_an_unsaid_teller_is_the_clause_opener() -> None:
    # "Ruby 15, treated for chlamydia, says ...": the child, named first, is the teller.
    told = "Clinic: Abbi 15, treated for chlamydia, says she got it off her boyfriend who is 22."
    assert "DISCLOSURE" in codes(told)
    # Someone else opening the clause is the teller.
    other = "Clinic: Abbi 15. Her mum, very worried, says Abbi's boyfriend is 22 and has a flat."
    assert "DISCLOSURE" not in codes(other)


def test_whose_friend_the_partner_is_does_not_make_his_age_someone_elses() -> None:
    text = "A&E: Kacey 15 is pregnant. Says her partner is 'a mate of my cousin's', 'about 21'."
    assert "OLDER_PARTNER" in codes(text)


def test_a_name_after_the_child_and_before_a_verb_is_not_the_childs_age() -> None:
    # "Kirsty says he is 27": 27 is his age, not Kirsty's.
    text = (
        "Midwife: Kerrie 16, 10 wks pregnant by Shane. "
        "Kerrie says he is 27 and they have been together since May."
    )
    assert "DISCLOSURE" in codes(text)


def test_the_other_party_in_a_telling_is_not_someone_else() -> None:
    text = (
        "Tia 14 told her aunt last night that she has been having sex with her dad's mate's son, "
        "Connor, who is 20."
    )
    assert "DISCLOSURE" in codes(text)


@pytest.mark.parametrize(
    ("text", "voiced"),
    [
        # The saying verb's subject further back in its sentence.
        ("Y9 pupil Kaycee walked into the office and said 'a man keeps giving me weed'.", True),
        ("Mum rang the office and said 'a man keeps giving her weed, I'm sure'.", False),
        # A message from the child, however it is introduced.
        (
            "Text from Kaycee (Y9) to her tutor at 22:10: 'im at this guys flat, hes got vodka'",
            True,
        ),
        # A bracketed aside between the introducer and the quote.
        ("In her own words (Kaycee 14, CAMHS): 'i just stay in my room and cut'", True),
        ("What Kaycee (14) wrote in her diary (dad found it): 'they gave me and Ash vodka'", True),
        # Not across a bracket that only gives the child's age.
        ("Dad on the phone about Kaycee (14): 'I can't cope with her any more.'", False),
    ],
)
def test_the_childs_own_words_are_found_through_clauses_messages_and_asides(
    text: str, voiced: bool
) -> None:
    engine = get_engine()
    tk = Tokens.from_doc(engine.nlp(text))
    assert bool(engine.people.read(tk).child_voice) is voiced, text


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Zhivana 14 has been going missing at weekends.", "zhivana"),
        ("Torvik told staff he was given cannabis by a man at the flat.", "torvik"),
    ],
)
def test_a_name_missing_from_the_lists_is_read_before_an_age_or_a_saying_verb(
    text: str, name: str
) -> None:
    engine = get_engine()
    tk = Tokens.from_doc(engine.nlp(text))
    assert name in engine.people.read(tk).subject_words


@pytest.mark.parametrize(
    "text",
    [
        "Year 10 pupils were told about the trip.",
        "Room 12 was searched. June 14 she was seen in town.",
        "Police said she was fine.",
    ],
)
def test_common_capitalised_words_are_not_taken_for_unlisted_names(text: str) -> None:
    engine = get_engine()
    tk = Tokens.from_doc(engine.nlp(text))
    assert not engine.people.read(tk).subject_words


def test_someone_else_who_does_it_to_the_child_does_not_make_it_theirs() -> None:
    # The friend named first takes the child there: the place and the lifts are the child's.
    text = (
        "Youth worker: Kacey (14) says her mate Sorcha took her to a shisha bar where men "
        "buy them drinks, and now they both get picked up by the men after school."
    )
    found = codes(text)
    assert "LOCATIONS" in found
    assert "VEHICLES" in found
    # Not when "both" is the others' own ("who are both open to the team").
    other = "Kacey (14) is often with Megan and Leah, who are both picked up by men after school."
    assert "VEHICLES" not in codes(other)


# --- round 3: contractions, paraphrase families and blockers ------------------------------------


def test_rule_words_for_split_contractions_match_the_tokens_norms() -> None:
    # spaCy splits "I'm" into "I" + "'m", whose NORM is "am": a rule written "i 'm" must match.
    (pattern,) = compile_patterns("i 'm told", {})
    assert pattern[1] == {"NORM": "am"}
    assert "COERCION" in codes(
        "Theo (15) said: 'I'm in trouble if I don't answer, they'll hurt me'."
    )


@pytest.mark.parametrize(
    "text",
    [
        "Staff saw a man dropping her off in a car at the end of the road. Kayla is 14.",
        "Ruby (14) was found in another town after being driven there by two men.",
        "Noah (13) says the man drove down to get him after they talked on a game.",
        "Leah (15) came back to the home at 2am by taxi and nobody knows who booked it.",
        "Jayden (14) keeps going off in a black Golf with men in their twenties.",
        "Sophie (15) was late because he had taken her for a drive.",
    ],
)
def test_vehicle_paraphrases(text: str) -> None:
    assert "VEHICLES" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ella (14) said a car pulled up next to her on the way home but she walked away.",
        "Mia (13) says she won't get in his car.",
        "Tom (15) was seen handing a bag to someone in a car.",
    ],
)
def test_an_approach_or_a_handover_is_not_a_vehicle_finding(text: str) -> None:
    assert "VEHICLES" not in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Pharmacy: Kelsey (15), second request for EHC this month.",
        "Kelsey (15) has attended twice for EHC since September.",
        "Kelsey (15): 3 x EHC in six weeks.",
        "GP: 14yo, UPT +ve, about 8 weeks.",
        "Clinic letter: TOP at 9 weeks in October.",
        "Mum: Sasha is pregnant, about 10 weeks, she's 14.",
    ],
)
def test_sexual_health_paraphrases(text: str) -> None:
    assert "SEXUAL_HEALTH" in codes(text)


def test_a_mothers_pregnancy_is_still_not_the_childs() -> None:
    assert "SEXUAL_HEALTH" not in codes("Mum is 8 months pregnant. Sasha (14) is doing well.")
    assert "SEXUAL_HEALTH" not in codes("She asked him to take her top off and she said no.")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Kieron (Y10) excluded for 3 days for threatening a teacher.", "COERCION"),
        ("Safety plan: if she feels unsafe she will tell her mum. Ella is 14.", "COERCION"),
        ("Police DA call: mum and her partner fighting, Liam (13) upstairs.", "FAMILY_CONFLICT"),
        ("Mum says she told Kayla (14) to get out and stay out after a row.", "MISSING"),
        ("Nathan (15) hangs about on an estate known for drug dealing.", "OFFENDING"),
        ("Mum says her eldest has been arrested. Rio (9) is doing well.", "OFFENDING"),
        (
            "Mum says she can't cope with it all since dad left. Ava (12) is fine.",
            "FAMILY_CONFLICT",
        ),
        ("Dad has changed the locks after a row. Kian (15) is at his nan's.", "BEHAVIOUR"),
        ("Lily (13) gets a weird vibe from mum's new partner.", "BEHAVIOUR"),
        ("Jade (14) has to send him photos of where she is every night.", "ONLINE"),
        ("Cash and three phones were seized from mum's partner's room. Ruby is 11.", "GIFTS_MONEY"),
        ("Jaden (14) has £15 he says he saved from his paper round.", "GIFTS_MONEY"),
        ("Shay (15) was found in a flat with crack cocaine and cash.", "SUBSTANCES"),
        ("Shay (15) has been missing 4 days.", "EDUCATION"),
        ("Ruby-Mae (15) has been invited to an after party at a hotel this weekend.", "LOCATIONS"),
        (
            "A&E: 14M, laceration to hand from a kitchen knife while cooking, consistent hx.",
            "INJURIES",
        ),
    ],
)
def test_more_senses_that_are_not_the_indicator(text: str, code: str) -> None:
    assert code not in codes(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Tyler (15) has not set foot in school since October half term.", "EDUCATION"),
        ("Ethan (Y10) has barely been in since September.", "EDUCATION"),
        ("Tanisha (15) hasn't had a school place since September.", "EDUCATION"),
        ("School rang, Amelia (14) not in thurs/fri.", "EDUCATION"),
        ("Jasmine (15) has a laceration to her scalp and won't say how.", "INJURIES"),
        (
            "Rhys (13) had a bandaged hand and two black fingernails and said 'don't ask'.",
            "INJURIES",
        ),
        ("Poppy (16) has been overdosing regularly since Christmas.", "SELF_HARM"),
        ("Ruby-Mae 13 - nails, lashes, hair done. Mum didn't pay for it.", "GIFTS_MONEY"),
        ("Rosie (15) told her coach: 'I did something with a man for money'.", "GIFTS_MONEY"),
        (
            "Ex-boyfriend has said he'll post her pictures round school unless she meets him.",
            "COERCION",
        ),
        ("Jade (14): 'mums boyfriend said hes going to batter me'.", "COERCION"),
        ("Charlie (13) ran from placement at 7pm and was found at 1am.", "MISSING"),
        ("Cerys (15) - gone since 7pm, not answering her phone.", "MISSING"),
        (
            "Hotel receipts were found in Marnie's (14) coat from weekends when she said she "
            "was at a sleepover.",
            "MISSING",
        ),
        ("Paige (15) stays at her 24-year-old boyfriend's flat at weekends.", "MISSING"),
    ],
)
def test_paraphrases_of_each_indicator(text: str, code: str) -> None:
    assert code in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Courtney (14) has a boyfriend who has a mortgage and two kids from his marriage.",
        "Ebony (14) says 'he's my man' - he's 22.",
        "Zoe (14) is going out with someone, she says he is 26.",
        "Lexi (14) has a boyfriend who owns a car valeting business.",
    ],
)
def test_an_adult_partner_described_by_age_or_adult_life(text: str) -> None:
    assert "OLDER_PARTNER" in codes(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Mia (14) is not her usual self.", "BEHAVIOUR"),
        ("Mia (14) has dropped all her old friends.", "BEHAVIOUR"),
        ("Mia (14) has a cut above her eye and won't say how she got it.", "INJURIES"),
        ("Mia (14) is always getting food bought for her by older lads.", "GIFTS_MONEY"),
        ("Kayla (14) has new trainers she can't account for.", "GIFTS_MONEY"),
        ("Mia (14) was found paralytic in the park.", "SUBSTANCES"),
        ("Mia (14) was found drunk in the park.", "SUBSTANCES"),
        ("Ellie (15) said life is not worth living.", "SELF_HARM"),
        ("Ellie (15) has been googling ways to die.", "SELF_HARM"),
        ("Ellie (15) has been warned not to tell anyone.", "COERCION"),
        ("Ellie (15) won't let anyone near her phone.", "PHONES"),
        ("Ellie (15) has a phone nobody knew about.", "PHONES"),
        ("Ellie's (15) friend has been taking her to meet older men.", "PEERS"),
        ("Ellie (15) says the older girls at the hostel get paid by men.", "PEERS"),
        (
            "Shannon (14) goes round to Benny's house after school. Benny is in his 30s.",
            "LOCATIONS",
        ),
        ("Skye (14) was found in a flat occupied by a 31-year-old male.", "LOCATIONS"),
        ("Kim (15) said she'd been at 'Leon's', a 23-year-old she says she loves.", "LOCATIONS"),
        ("A girl in school uniform was seen in the park at about 11am on a Tuesday.", "EDUCATION"),
    ],
)
def test_more_paraphrases_of_each_indicator(text: str, code: str) -> None:
    assert code in codes(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ellie (15) lost her phone and mum bought her a new one.", "BEHAVIOUR"),
        ("Mia (14) has been caught with cannabis at school.", "SUBSTANCES"),
        ("Mum said she can't go on like this with Ellie's (15) behaviour.", "SELF_HARM"),
        ("Ellie (15) is being picked up by her nan in her car.", "PEERS"),
        ("She was at her nan's house. Nan is 60. Ruby is 14.", "LOCATIONS"),
        ("She stays at Hollie's house at weekends. Ruby is 14.", "LOCATIONS"),
        (
            "Anon: a girl, about 13, school uniform, keeps getting dropped at the shops.",
            "EDUCATION",
        ),
        ("A&E: 13 y/o broken wrist after a fall from a trampoline, witnessed by dad.", "INJURIES"),
        ("Tom (13): fractured wrist after falling off the trampoline in the garden.", "INJURIES"),
        (
            "Ava (14) came back to live with dad in September after 2 years in foster care.",
            "LOOKED_AFTER",
        ),
        ("She waited 20 or 30 minutes for her boyfriend. Ruby is 14.", "OLDER_PARTNER"),
    ],
)
def test_more_senses_and_other_people_that_are_not_the_indicator(text: str, code: str) -> None:
    assert code not in codes(text)


def test_an_age_range_and_a_deceived_belief_do_not_hide_a_disclosure() -> None:
    text = (
        "School nurse: Ellie (Y11) requested EHC today, 2nd time this term. Says her partner is "
        "'older, like 19 or 20'. Declined a chlamydia screen."
    )
    assert "DISCLOSURE" in codes(text)
    sextortion = (
        "Callum (14) told his mum that someone he thought was a girl his age got him to send a "
        "pic, and now they say they'll send it to everyone unless he pays."
    )
    assert "DISCLOSURE" in codes(sextortion)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Seen entering taxis at night paid by unknown adults. Ruby is 14.", "VEHICLES"),
        ("Ruby (14) was found at a HMO associated with drug supply.", "LOCATIONS"),
        ("YP (15) disclosed self-harm - cutting thighs.", "SELF_HARM"),
        ("YP (15) has 2x mobile phones.", "PHONES"),
        ("Keisha (14) has to go to the flat when they text her or she gets a slap.", "COERCION"),
        (
            "Kai (15) is always with a man called Dean, 31, who he calls his best mate.",
            "OLDER_PARTNER",
        ),
    ],
)
def test_shorthand_and_informal_paraphrases(text: str, code: str) -> None:
    assert code in codes(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("He's been bunking off and the school keep ringing me. Jay is 14.", "PHONES"),
        ("The police picked him up for robbery last week. Jay is 14.", "VEHICLES"),
        ("SH clinic: 15yo, chlamydia +ve, treated.", "SELF_HARM"),
        ("Ruby (14) hangs about near an address associated with drug supply.", "OFFENDING"),
    ],
)
def test_other_callers_and_ambiguous_shorthand_are_not_the_indicator(text: str, code: str) -> None:
    assert code not in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Alesha (14) has fingertip bruising round her wrist, noticed in PE. Says it's fine.",
        "Roxy (14) has finger-shaped bruises on her upper arms; said her cousin was messing about.",
    ],
)
def test_bruising_in_the_shape_of_a_grip_is_not_explained_away(text: str) -> None:
    assert "INJURIES" in codes(text)


# --- round 4: case documents (residential logs, chronologies, minutes) and paraphrase -----------


@pytest.mark.parametrize(
    "text",
    [
        "Daily log 03/11: Kez (14) refused breakfast, went to her room.",
        "Night log 02:10 - Bo (15) returned by police.",
        "Shift handover: Jay (13) unsettled after a phone call.",
        "Log 12/11 (home): Remi (15) stayed in bed until noon.",
    ],
)
def test_a_residential_log_heading_means_the_child_is_looked_after(text: str) -> None:
    assert "LOOKED_AFTER" in codes(text)


def test_a_school_log_is_not_a_residential_log() -> None:
    assert "LOOKED_AFTER" not in codes("School log 03/11: Kez (14) late to maths again.")


@pytest.mark.parametrize(
    "text",
    [
        "Dad says Kai (15) is 'not his problem anymore' and won't let him stay.",
        "Zara (14) texted that she's never going back. Her mum replied 'good riddance'.",
        "Dad told the school he is 'done with him' - Leo (12) can live with his mum.",
        "Ty (15) says his stepdad makes his life hell.",
        "Mum: him and me don't get on at the moment, he stays at my sister's. Jo is 14.",
        "Pip (15) says her dad 'won't speak to me since' she came out.",
        "Dad said don't bother coming back. Ash (14) stayed at a mate's.",
        "Lou (16) is in a B&B after her mum evicted her last week.",
    ],
)
def test_family_conflict_paraphrases(text: str) -> None:
    assert "FAMILY_CONFLICT" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kelsey (17) has not spoken to professionals about her partner.",
        "Jodie (16) says her mum's partner hits her mum and she can't be there.",
    ],
)
def test_silence_with_professionals_or_abuse_between_adults_is_not_family_conflict(
    text: str,
) -> None:
    assert "FAMILY_CONFLICT" not in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Kian (15) says an older lad tells us what to nick.",
        "Message to Abdi (16) from 'Big T': 'dont make me come find u'.",
        "Ayaan (15): 'I can't say nothing, they know where my little sister goes to school'.",
        "Dev (14) says 'they' are after him over money.",
        "Daisy (14) was pushed into a private hire car by an older man.",
        "Amara (16) isn't allowed out without telling her boyfriend.",
        "Texts to Leo (13) from an adult: 'dont tell ur mum bout me'.",
        "Rosie (8) says she isn't allowed to tell.",
        "Message to Aleena (14): 'send 1 more or i post the others'.",
    ],
)
def test_coercion_paraphrases(text: str) -> None:
    assert "COERCION" in codes(text)


def test_not_allowed_out_without_telling_is_control_not_missing() -> None:
    text = "Amara (16) isn't allowed out without telling her boyfriend Troy (24)."
    assert "MISSING" not in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Message to Leo (14) from a man: 'got u them creps didnt i'.",
        "Kacey (15) says her boyfriend 'spoils' her.",
        "Kian (15) does the shoplifting and gets 'a cut'.",
        "Keira (15) tells mum 'K says I owe him for the phone'.",
        "Mum found £400 in his sock drawer. Nathan is 15.",
        "Searched: 7 bags of white powder and £85. JL is 15.",
        "Ayla (15) wrote: 'he give me 50 to go upstairs'.",
        "Ellie (14): a man at the centre gives her sweets.",
        "Ellie (16): a man online has sent her a train ticket.",
        "Aisha (15) has a man on an app who pays for her nails and lashes.",
    ],
)
def test_gifts_and_money_paraphrases(text: str) -> None:
    assert "GIFTS_MONEY" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Harvey (16) sent pictures, was told to pay £300, and has paid £50.",
        "Lola (15) says they tell her what to nick and she gets paid in weed.",
        "Kieran (16) owes them for a phone they lost.",
    ],
)
def test_paying_out_payment_in_drugs_and_debts_are_not_gifts(text: str) -> None:
    assert "GIFTS_MONEY" not in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Staff heard Paris (15) on a video call with an unknown man.",
        "An adult account sends Abdul (14) £20 most weeks.",
        "Chloe (17) says he has the pics I sent him.",
        "Jess (15) wrote 'ok ill send 1 more pic with no top on'.",
        "Tommy (12) says a man he plays online games with is 26.",
        "Aisha (15) has a sugar daddy on an app.",
        "Harriet (14) is upset since a boy in her year shared a photo of her in her bra.",
    ],
)
def test_online_paraphrases_and_images_of_the_child_shared_by_others(text: str) -> None:
    assert "ONLINE" in codes(text)


def test_a_friend_sharing_an_image_of_someone_else_is_not_online_for_the_child() -> None:
    assert "ONLINE" not in codes("Mia (14) says her friend Jo has been sending nudes to a boy.")


@pytest.mark.parametrize(
    "text",
    [
        "Mum didn't know she'd left the house. Amy is 15.",
        "Ella (14) came in at half 4 this morning and wouldn't say where she'd been.",
        "A (14) not in her room; came back through the window 05:30.",
        "RHI - Saffron (16). Absent overnight; would not say where.",
        "Ellie (14) back from a 6-hour unauthorised absence from placement.",
    ],
)
def test_missing_from_carers_knowledge_and_early_hours(text: str) -> None:
    assert "MISSING" in codes(text)


def test_an_early_hour_without_a_return_is_not_missing() -> None:
    assert "MISSING" not in codes("Driver picked up a lad of 14 at half 1 in the morning.")


@pytest.mark.parametrize(
    "text",
    [
        "RHI - Saffron (16). Absent overnight; attending college.",
        "Ellie (14) back from a 6-hour unauthorised absence from placement.",
    ],
)
def test_absence_from_home_or_placement_is_not_school_absence(text: str) -> None:
    assert "EDUCATION" not in codes(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Kenzie (15) asked to leave maths twice to 'take a call'.", "PHONES"),
        ("Tanya (15) whispering on her phone, hung up each time staff knocked.", "PHONES"),
        ("Imogen (15) takes her phone into the bath with her.", "PHONES"),
        ("Ava (16) texted: 'i took loads of my tablets last night'.", "SELF_HARM"),
        ("Precious (16) says she can't stop thinking about dying.", "SELF_HARM"),
        ("Lacey (15): CAMHS open - SH by cutting.", "SELF_HARM"),
        ("Chat shown by Leah (14): 'bring ur mate next time'.", "PEERS"),
        ("Aiden (15) has started bringing two Y7 boys to the club.", "PEERS"),
        ("Tiana (14) is collected most nights from the garage by a grey van.", "VEHICLES"),
        ("Hamza (14) was taken by a guy with a car to a house.", "VEHICLES"),
        ("Kay (15) came home 04:15 by taxi, doesn't know who paid.", "VEHICLES"),
        ("Tilly (13) was driven home by her friend Maddie's brother (22).", "VEHICLES"),
    ],
)
def test_round_four_paraphrases(text: str, code: str) -> None:
    assert code in codes(text)


def test_a_man_who_only_ends_a_call_is_not_the_child_hiding_calls() -> None:
    text = "Tyler (13) was on a video call with a man; the man ended the call when staff came in."
    assert "PHONES" not in codes(text)


def test_taken_by_a_friends_boyfriend_without_a_vehicle_is_not_vehicles() -> None:
    text = "Nikki (16) was taken there by a friend's boyfriend."
    assert "VEHICLES" not in codes(text)


def test_a_parents_friend_is_not_a_peer() -> None:
    text = "Rosie (11) said 'Mummy's friend Gary gives me sweets if I keep secrets'."
    assert "PEERS" not in codes(text)
    assert "GIFTS_MONEY" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Bailey (17) says he has been staying with a 40-year-old man for a month.",
        "Jas (17) says she was 'at my partner's', he is 35.",
    ],
)
def test_staying_with_an_adult_man_is_a_risky_place(text: str) -> None:
    assert "LOCATIONS" in codes(text)


def test_sleeping_with_a_man_is_not_staying_with_him() -> None:
    text = "Tasha (16) says she has been sleeping with a guy from the shop who is about 35."
    assert "LOCATIONS" not in codes(text)
    assert "MISSING" not in codes(text)


def test_a_chronology_date_more_than_a_year_old_dates_its_entry() -> None:
    text = (
        "Chronology - Tia (15)\n"
        "04/03/2022 - bruising to arm, no explanation.\n"
        "21/11/2026 - carer found a second phone in her pillowcase."
    )
    found = codes(text)
    assert "INJURIES" not in found
    assert "PHONES" in found
    assert "more than 12 months ago" in reasons(text, "INJURIES")


def test_a_chronology_date_within_the_year_is_current() -> None:
    text = "Chronology - Dylan (16)\n08/12/2025 - excluded 5 days for bringing a knife into school."
    assert "EDUCATION" in codes(text)


def test_a_date_of_birth_dates_nothing() -> None:
    text = "Tia, DOB 04/03/2011, has bruising to her arm she won't explain."
    assert "INJURIES" in codes(text)


def test_an_older_partners_age_then_is_not_a_date() -> None:
    text = "Grace (16) told her PA her ex (then 27) made her pay off his debts last month."
    assert "COERCION" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Referral order panel: Kian (15) admitted it.\nTold the panel an older lad 'tells us "
        "what to nick'.",
        "Chronology - Dylan (16)\n03/04/2026 - tells YOT worker he 'has to keep doing drops' "
        "for the olders.",
        "Lunchtime: Tilly (13) told friends she 'gets paid' by a man 'to send pics of me'.",
        "Sexual health: Shannon (16) told the nurse she did it with a man at the bus station.",
    ],
)
def test_tellings_in_minutes_chronologies_and_the_childs_words(text: str) -> None:
    assert "DISCLOSURE" in codes(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Housing: family of 5 in B&B temporary accommodation. Ayesha is 15.", "LOCATIONS"),
        ("Hostel report: Casey (17) has a new phone.", "LOCATIONS"),
        ("Mum about Jade (16): 'she's not coming back, I'm done'.", "MISSING"),
        ("Mia (16) wrote 'im never coming back to that house'.", "MISSING"),
        ("Callum (16): college place withdrawn in September.", "BEHAVIOUR"),
        ("Deacon (15) was quiet tonight, sat on his own.", "BEHAVIOUR"),
        ("A (14) came back late and would not speak to staff.", "BEHAVIOUR"),
    ],
)
def test_housing_intent_and_single_moments_are_not_the_indicator(text: str, code: str) -> None:
    assert code not in codes(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Reece (15) won't talk to me at all anymore, says mum.", "BEHAVIOUR"),
        ("A lad called Rico, 15, is being used to sell by the men in flat 4.", "OFFENDING"),
        ("Kai (14) has been seen shotting at the skatepark.", "OFFENDING"),
        ("Ava (14) came in glassy-eyed and admitted 'a few zoots'.", "SUBSTANCES"),
    ],
)
def test_slang_and_a_lasting_refusal_to_talk(text: str, code: str) -> None:
    assert code in codes(text)


def test_a_rule_word_the_spelling_map_corrects_still_matches() -> None:
    # "video" is NORM "videos" in the text: the rule word "video call" must compile to it.
    load_rules()
    (pattern,) = compile_patterns("[video] call", {})
    assert pattern[0]["NORM"] in ("videos", {"IN": ["videos"]})
    assert "ONLINE" in codes("Staff heard Paris (15) on a video call with an unknown man.")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Reuben (14) is sleeping on his mate's sofa. Mum knows where he is.", "MISSING"),
        ("Summer (14) stayed with a friend for 2 nights, mum knew where she was.", "MISSING"),
        ("GUM: Keisha (15) has genital warts. Not registered w/ a GP.", "EDUCATION"),
    ],
)
def test_a_carer_who_knows_where_and_gp_registration(text: str, code: str) -> None:
    assert code not in codes(text)


def test_a_carer_who_believed_her_to_be_elsewhere_did_not_know_where_she_was() -> None:
    text = "Ellie (15) found at 2am. Mum did not know and believed her to be at a friend's."
    assert "MISSING" in codes(text)


# --- round 5: another town; an account across a comma or semicolon --------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Mia (14) found by police in Dunmere at 2am, reported missing from Oakfield.",
        "Josh (15) is driven to Pellbury most weekends by an older male.",
        "Josh (15) was arrested in Pellbury with cash and two phones.",
        "Josh (15) was taken to a flat in Pellbury by two men.",
        "Mia (14) was found at Dunmere train station at midnight.",
    ],
)
def test_the_child_found_in_or_taken_to_another_town(text: str) -> None:
    assert "LOCATIONS" in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Mia (14) was found in Oakfield at 2am after being reported missing from Oakfield.",
        "Mia (14) lives in Dunmere. She was seen in Dunmere town centre on Friday.",
        "Josh (15) was taken to Pellbury on a school trip.",
        "Josh (15) was driven to Pellbury by his dad to see his nan.",
        "Mia (14) was driven to Pellbury by staff for her new placement.",
        "Mia (14) was taken to Pellbury Hospital after a fall.",
        "Josh (15) was stopped by police on Mill Lane.",
        "Mia (14) was not found in Pellbury; she was at home.",
        "Mia (14) is fine. Her brother was arrested in Pellbury last week.",
        "Josh (15) was stopped on a train to Pellbury.",
    ],
)
def test_no_other_town_for_home_trips_buildings_or_someone_else(text: str) -> None:
    assert "LOCATIONS" not in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Jack (13) came in with a black eye; says he fell off his bike.",
        "A&E: Bruise to R cheek, says she fell over.",
        "ED: Fell from a trampoline at the park, wrist fracture.",
        "Jack (13) has a black eye; says he came off his scooter.",
    ],
)
def test_an_account_next_to_the_injury_across_a_comma_or_semicolon(text: str) -> None:
    assert "INJURIES" not in codes(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ella (14) has bruises on her face, first said she 'fell over' then would not say.",
        "Jack (13) has a black eye. Staff are worried about him; he fell out with his mates.",
    ],
)
def test_a_first_or_distant_account_does_not_explain_an_injury(text: str) -> None:
    assert "INJURIES" in codes(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Kyle (17) says a man paid for a hotel room for him.", "GIFTS_MONEY"),
        ("Kyle (17) says a man 'sorts' his food and weed.", "GIFTS_MONEY"),
        (
            "Evie (15) told her teacher a man says he'll post them unless she meets him.",
            "DISCLOSURE",
        ),
        ("Tegan (16): 'he's 23, he's got a car and he takes me everywhere'.", "VEHICLES"),
        ("Kenzie (15) has an older boyfriend with a car and she gets in it at lunch.", "VEHICLES"),
    ],
)
def test_round_five_paraphrases(text: str, code: str) -> None:
    assert code in codes(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Mum sorted her phone out for Kyle (17).", "GIFTS_MONEY"),
        ("Evie (15) is worried her friend will post them on TikTok.", "DISCLOSURE"),
        ("Kenzie (15): mum has a car and she takes her to school every day.", "VEHICLES"),
    ],
)
def test_round_five_near_misses(text: str, code: str) -> None:
    assert code not in codes(text)
