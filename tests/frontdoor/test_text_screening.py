"""Reading free text for CSE indicators (safehub.frontdoor.screening.text).

Plain functions, no database. Every sentence here is made up. The reference date is fixed so
that relative dates ("in March") do not depend on when the tests run.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
from pathlib import Path

import pytest

from safehub.frontdoor.screening import text as screening
from safehub.frontdoor.screening.text import (
    INDICATOR_CODES,
    Finding,
    Proposal,
    explain_text,
    read_text,
    screen_codes,
)

TODAY = dt.date(2026, 11, 29)
CORPUS = Path(__file__).resolve().parents[1] / "data" / "screening_corpus.jsonl"
DEV2 = CORPUS.with_name("screening_dev2.jsonl")


def codes(text: str) -> list[str]:
    return screen_codes(text, today=TODAY)


def reasons(text: str, code: str) -> list[str]:
    return [f.reason for f in explain_text(text, today=TODAY) if f.code == code]


# --- the taxonomy -------------------------------------------------------------------------------


def test_the_twenty_codes_in_order() -> None:
    assert INDICATOR_CODES == (
        "MISSING",
        "EDUCATION",
        "OLDER_PARTNER",
        "GIFTS_MONEY",
        "VEHICLES",
        "LOCATIONS",
        "SUBSTANCES",
        "SEXUAL_HEALTH",
        "SELF_HARM",
        "FAMILY_CONFLICT",
        "PEERS",
        "ONLINE",
        "PHONES",
        "INJURIES",
        "BEHAVIOUR",
        "OFFENDING",
        "DISCLOSURE",
        "COERCION",
        "LOOKED_AFTER",
        "DISABILITY",
    )


POSITIVE = {
    "MISSING": "Kayla (14) went missing from home on Friday night.",
    "EDUCATION": "Kayla (14) has been excluded from school for five days.",
    "OLDER_PARTNER": "Kayla (14) has a boyfriend who is 24.",
    "GIFTS_MONEY": "Kayla (14) has a new phone and lots of cash she cannot explain.",
    "VEHICLES": "Kayla (14) was picked up from school by an unknown man in a black car.",
    "LOCATIONS": "Kayla (14) was found in a hotel room yesterday.",
    "SUBSTANCES": "Kayla (14) came home drunk last night.",
    "SEXUAL_HEALTH": "Kayla (14) tested positive for chlamydia.",
    "SELF_HARM": "Kayla (14) has been self-harming.",
    "FAMILY_CONFLICT": "Kayla (14) was thrown out by her mum last night.",
    "PEERS": "Kayla (14) has been recruiting other girls from her school.",
    "ONLINE": "Kayla (14) has been sending nude pictures to a man she met online.",
    "PHONES": "Kayla (14) has two phones and a second SIM card.",
    "INJURIES": "Kayla (14) came home with bruises on her arms.",
    "BEHAVIOUR": "Kayla (14) has become withdrawn and secretive.",
    "OFFENDING": "Kayla (14) was arrested for shoplifting.",
    "DISCLOSURE": "Kayla (14) disclosed that a man had sexually assaulted her.",
    "COERCION": "Kayla (14) has been threatened by a gang.",
    "LOOKED_AFTER": "Kayla (14) lives in a children's home.",
    "DISABILITY": "Kayla (14) has a learning disability.",
}


@pytest.mark.parametrize("code", INDICATOR_CODES)
def test_each_code_in_a_plain_positive_sentence(code: str) -> None:
    assert codes(POSITIVE[code]) == [code]


def test_nothing_in_an_ordinary_contact() -> None:
    assert codes("Mum asked about after-school clubs for Bella (11). No concerns.") == []
    assert codes("") == []


# --- ConText: negation, someone else, hypothetical, history ----------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "Kayla (14) denies going missing.",
        "Kayla (14) has never been reported missing.",
        "No missing episodes this term for Kayla (14).",
        "Kayla (14) is not known to have gone missing.",
    ],
)
def test_negated_missing_is_not_proposed(text: str) -> None:
    assert "MISSING" not in codes(text)
    assert "negated" in reasons(text, "MISSING")


def test_negated_concerns_about_older_males() -> None:
    text = "Kayla (14): no concerns about older males, no gifts, no drugs."
    assert codes(text) == []


def test_other_experiencer() -> None:
    assert codes("Kayla (14) is fine but her friend has been going missing.") == []
    assert reasons("Kayla's (14) mum drinks heavily.", "SUBSTANCES") == ["someone else"]
    assert "OFFENDING" not in codes("Kayla (14) says her older brother was arrested last week.")
    assert "OFFENDING" not in codes("Kayla (14). Her dad's partner is known for drug supply.")


def test_a_friends_exploitation_is_peers_not_someone_else() -> None:
    text = "Kayla (14): her friend Molly is being picked up by men after school and given money."
    found = codes(text)
    assert "PEERS" in found
    assert "VEHICLES" not in found
    assert "GIFTS_MONEY" not in found


def test_a_cousin_recruiting_is_not_peers() -> None:
    assert "PEERS" not in codes("Ethan (15). His cousin has been recruiting lads on the estate.")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("If Kayla (14) goes missing again, staff will call the police.", "MISSING"),
        ("Mum worries Kayla (14) might start drinking.", "SUBSTANCES"),
        ("Kayla (14) is going to a party at a man's house on Saturday.", "LOCATIONS"),
        ("Kayla (14) was offered a lift by a man but said no.", "VEHICLES"),
        ("The aunt thinks Kayla (14) might be sleeping with one of them.", "OLDER_PARTNER"),
    ],
)
def test_hypothetical_is_not_proposed(text: str, code: str) -> None:
    assert code not in codes(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Kayla (15) went missing a lot two years ago.", "MISSING"),
        ("Kayla (15) was excluded in 2022.", "EDUCATION"),
        ("Kayla (15) was in care as a baby.", "LOOKED_AFTER"),
        ("Kayla (15) had a termination when she was 12.", "SEXUAL_HEALTH"),
        ("Kayla (15) was arrested last year.", "OFFENDING"),
        ("Ben (15) came off the SEN register in Y7.", "DISABILITY"),
    ],
)
def test_explicitly_older_than_twelve_months_is_not_proposed(text: str, code: str) -> None:
    assert code not in codes(text)
    assert reasons(text, code)


def test_recent_dates_still_count_and_periods_are_reported() -> None:
    assert codes("Kayla (15) went missing last week.") == ["MISSING"]
    assert codes("Kayla (15) went missing again last night, as she did two years ago.") == [
        "MISSING"
    ]
    [recent] = read_text("Kayla (15) went missing last week.", today=TODAY)
    assert recent.period == "current"
    [earlier] = read_text("Kayla (15) went missing in March.", today=TODAY)
    assert earlier.period == "6_to_12_months"


def test_a_disclosure_is_dated_by_the_telling() -> None:
    text = "Bella (15) told staff she was sexually assaulted at a party last year."
    assert "DISCLOSURE" in codes(text)
    assert "LOCATIONS" not in codes(text)


def test_status_codes_must_be_current() -> None:
    assert "LOOKED_AFTER" not in codes("Reece (15) was in and out of care but is back home now.")
    assert "LOOKED_AFTER" in codes("Jayden (11) came into care aged 7 and is settled here.")


# --- pseudo-modifiers, misspellings and shorthand ------------------------------------------------


def test_pseudo_modifiers_do_not_negate() -> None:
    assert "MISSING" in codes("Kayla (14) was not only missing overnight but came back drunk.")
    assert "SUBSTANCES" in codes("Kayla (14) was not only missing overnight but came back drunk.")
    assert "MISSING" in codes("Mum did not know where Kayla (14) was until 3am.")
    assert "EDUCATION" in codes("Kayla (14) has not been in school since Monday.")
    assert "BEHAVIOUR" in codes("Kayla (14) won't talk to anyone at home.")


def test_no_longer_is_not_current() -> None:
    assert "LOOKED_AFTER" not in codes("Kayla (16) is no longer in care.")


def test_misspellings() -> None:
    assert codes("yp has unexplaned bruses on her arms") == ["INJURIES"]
    assert "MISSING" in codes("Kayla (14) was reported mising by her nan.")
    assert "OLDER_PARTNER" in codes("Kayla (14) has a boyfreind who is 23.")
    assert "EDUCATION" in codes("Kayla (14) has been exlcuded twice.")
    assert "SUBSTANCES" in codes("Kayla (14) was drinking alchohol in the park last night.")


def test_case_note_abbreviations() -> None:
    assert codes("YP MFH overnight, returned 06:00.") == ["MISSING"]
    assert codes("Misper report for Kayla (14), located at 4am.") == ["MISSING"]
    assert codes("Kayla (14) has a b/f aged 22.") == ["OLDER_PARTNER"]
    assert codes("Rhys, Y8. EHCP. Excluded x2 this term.") == ["EDUCATION", "DISABILITY"]
    assert "LOOKED_AFTER" in codes("Kayla (15, LAC) was seen at the station.")
    assert "SEXUAL_HEALTH" in codes("Kayla (15) requested EHC for the 3rd time this term.")
    assert "SEXUAL_HEALTH" not in codes("Kayla (15) requested EHC - first request.")


# --- the API ------------------------------------------------------------------------------------


def test_phrases_are_exact_slices_of_the_text() -> None:
    text = (
        "Kayla (14) went missing on Friday. She came back with a new phone and bruises, "
        "and she has a boyfriend (24). Her friend has been going missing too."
    )
    proposals = read_text(text, today=TODAY)
    assert proposals
    for proposal in proposals:
        assert isinstance(proposal, Proposal)
        assert text[proposal.start : proposal.end] == proposal.phrase
        assert proposal.phrase in proposal.sentence
        assert proposal.code in INDICATOR_CODES
    for finding in explain_text(text, today=TODAY):
        assert isinstance(finding, Finding)
        assert text[finding.start : finding.end] == finding.phrase
        assert finding.proposed == (finding.reason == "")
    assert [p.start for p in proposals] == sorted(p.start for p in proposals)
    assert len({p.code for p in proposals}) == len(proposals)


def test_explain_lists_what_is_not_proposed() -> None:
    text = "Kayla (14) denies going missing. If she goes missing again call 999."
    findings = explain_text(text, today=TODAY)
    assert [f.reason for f in findings] == ["negated", "hypothetical"]
    assert read_text(text, today=TODAY) == []


def test_screen_codes_is_in_taxonomy_order() -> None:
    found = codes("Kayla (14) is in foster care, went missing and has a learning disability.")
    assert found == ["MISSING", "LOOKED_AFTER", "DISABILITY"]


def test_the_engine_is_built_once_per_process() -> None:
    engines = []

    def grab() -> None:
        engines.append(screening.get_engine())

    threads = [threading.Thread(target=grab) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(engine) for engine in engines}) == 1


def test_screen_many_matches_screen_codes() -> None:
    texts = [POSITIVE["MISSING"], POSITIVE["PHONES"], "No concerns."]
    assert list(screening.screen_many(texts, today=TODAY)) == [codes(t) for t in texts]


# --- end to end on the development part of the corpus -------------------------------------------


# --- people inside a phrase, lists, clause subjects -------------------------------------------


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Ella (13) says her boyfriend Mo is 19 and has his own car.", "OLDER_PARTNER"),
        (
            "Leah (14) says her partner Josh (25) is the only one who cares about her.",
            "OLDER_PARTNER",
        ),
        ("Jess has told mum that a 20 year old made her perform sexual acts.", "DISCLOSURE"),
        ("Kayla was picked up by a man called Dan in a black BMW.", "VEHICLES"),
        ("Lacey told her aunt she's been having sex with a man in his 50s.", "OLDER_PARTNER"),
    ],
)
def test_the_other_party_named_in_a_phrase_is_not_someone_else(text: str, code: str) -> None:
    assert code in codes(text)


def test_someone_else_telling_is_not_the_childs_disclosure() -> None:
    assert "DISCLOSURE" not in codes("Jess's friend disclosed that she was raped.")
    assert "DISCLOSURE" not in codes("Intel states Nathan (15) is selling drugs for a man.")


def test_a_negation_runs_over_a_list() -> None:
    assert codes("No concerns re drugs, alcohol or missing episodes.") == []
    text = "Jade denies going missing, drinking or getting into cars, but she was drunk on Friday."
    assert codes(text) == ["SUBSTANCES"]
    # A new clause after the comma is not part of the list.
    assert "VEHICLES" in codes(
        "Ellie (13) says she plays netball but she doesn't play netball, and she gets in "
        "cars with older lads most nights."
    )


def test_examples_after_such_as_stay_hypothetical() -> None:
    text = (
        "Staff to look out for signs of exploitation, such as new phones, cash or older boyfriends."
    )
    assert codes(text) == []


def test_the_clause_subject_further_back() -> None:
    assert codes("Amber (14). He was arrested last night for possession of a knife.") == []
    # ... but "he gives her vapes" is about her.
    assert "GIFTS_MONEY" in codes("Ellie (16) sees a man of 27. He gives her vapes and weed.")


def test_a_relatives_own_visit_to_a_place_is_theirs() -> None:
    text = "Amber's sister Leah went missing last week and was found in a hotel."
    assert codes(text) == []
    assert "LOCATIONS" in codes("Tamsin (17) was assaulted by her partner Luke (23) at his flat.")


def test_a_relative_clause_continues_anothers_scope() -> None:
    text = "Lily (14) lives with nan. Her cousin, who is 16, has been staying out overnight."
    assert codes(text) == []


def test_a_reason_is_asserted_not_hypothetical() -> None:
    assert codes("Zoe is at risk of CSE due to her learning disability.") == ["DISABILITY"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Nia (14) - 'boyfriend' is 21 and has a car.", "OLDER_PARTNER"),
        ("Nia (15) is in a relationship with a 31yo male.", "OLDER_PARTNER"),
        ("Nia (14) has been hooking up with a man in his 30s.", "OLDER_PARTNER"),
        ("She says she's only 'with' one guy who's 'older'.", "OLDER_PARTNER"),
        ("Nia told staff she is being made to sell drugs by older boys.", "DISCLOSURE"),
        ("Nia (13) has made an allegation of rape against a 19 year old.", "DISCLOSURE"),
        ("School say he's missed 6 days this half term.", "EDUCATION"),
        ("Tia came in at 3.30am.", "MISSING"),
        ("Mum thought he was at a sleepover at his friend's.", "MISSING"),
        ("Tia was located by police 60 miles from home.", "LOCATIONS"),
        ("Tia and her mum are always arguing.", "FAMILY_CONFLICT"),
        ("Rosie tried to hang herself last week.", "SELF_HARM"),
        ("Tia was beaten up by the men she owes money to.", "INJURIES"),
        ("£340 cash and two phones were found on him.", "GIFTS_MONEY"),
    ],
)
def test_paraphrases(text: str, code: str) -> None:
    assert code in codes(text)


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Bradley was found with 40 wraps of heroin.", "SUBSTANCES"),
        ("A&E: punched by some lads over money he owes.", "GIFTS_MONEY"),
        ("He had a huge row with his dad last night.", "FAMILY_CONFLICT"),
        ("D came back from contact in good spirits.", "SUBSTANCES"),
        ("Referral to be made to the LD team for assessment.", "COERCION"),
        ("Erin has a bruise on her knee from PE.", "INJURIES"),
        ("Erin was dropped off by her dad.", "VEHICLES"),
        ("Kayla (14). Her brother owes money to some lads.", "COERCION"),
    ],
)
def test_senses_that_are_not_the_indicator(text: str, code: str) -> None:
    assert code not in codes(text)


def test_a_date_of_birth_does_not_date_a_finding() -> None:
    text = "Kayla (14) was found at a flat occupied by an adult male (DOB 1998)."
    assert "LOCATIONS" in codes(text)


@pytest.mark.skipif(not DEV2.exists(), reason="the second development corpus is not there")
def test_second_dev_corpus_f1_stays_above_a_floor() -> None:
    notes = [json.loads(line) for line in DEV2.read_text(encoding="utf-8").splitlines() if line]
    assert len(notes) >= 300
    tp = fp = fn = 0
    texts = [str(note["text"]) for note in notes]
    for note, got in zip(notes, screening.screen_many(texts, today=TODAY), strict=True):
        gold = set(note["indicators"])
        tp += len(gold & set(got))
        fp += len(set(got) - gold)
        fn += len(gold - set(got))
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.92, (precision, recall, f1)


def _dev_notes() -> list[dict[str, object]]:
    rows = [json.loads(line) for line in CORPUS.read_text(encoding="utf-8").splitlines() if line]
    return [
        r
        for r in rows
        if int(hashlib.sha256(str(r["id"]).encode()).hexdigest(), 16) % 10 < 7  # as bench/
    ]


def test_dev_corpus_f1_stays_above_a_floor() -> None:
    notes = _dev_notes()
    assert len(notes) > 200
    tp = fp = fn = 0
    texts = [str(note["text"]) for note in notes]
    for note, got in zip(notes, screening.screen_many(texts, today=TODAY), strict=True):
        gold = set(note["indicators"])  # type: ignore[call-overload]
        tp += len(gold & set(got))
        fp += len(set(got) - gold)
        fn += len(gold - set(got))
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    f1 = 2 * precision * recall / (precision + recall)
    assert f1 >= 0.93, (precision, recall, f1)
