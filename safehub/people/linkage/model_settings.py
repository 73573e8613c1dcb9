"""The person-linkage model as data: Splink comparisons, blocking rules and the training plan.

This module is the single place where the model is specified. `engine.py` turns it into a
trained model; nothing here touches data. Every SQL condition refers only to columns made by
`engine.prepare_records` and uses only `=`, `AND`, `OR`, `IS NULL` and Splink's own
Jaro-Winkler / Damerau-Levenshtein levels, so the same settings run on DuckDB and on Spark.

Comparisons (each level is tried in order; the first that holds is the pair's evidence):

* given name: exact (term-frequency adjusted), given and family names swapped, nickname
  equivalent ("becky" / "rebecca"), same first given name ("mary jane" / "mary"),
  Jaro-Winkler >= 0.92, same Metaphone code, Jaro-Winkler >= 0.80, one record's given name
  is the other's family name or the other way round (half a swap), anything else;
* family name: exact (term-frequency adjusted), swapped, a shared token (hyphenated or
  double-barrelled names: "smith jones" / "smith"), Jaro-Winkler >= 0.92, same Metaphone code,
  Jaro-Winkler >= 0.80, anything else;
* date of birth: exact (term-frequency adjusted), day and month swapped, two of its three
  parts the same (year and month, day and month, year and day: a slip in the third),
  anything else;
* sex; postcode (exact, then same sector and same outward code for UK postcodes, or a
  one-character typo for other postcodes); address (exact, same house number and
  Jaro-Winkler >= 0.90, Jaro-Winkler >= 0.90, >= 0.75); phone (exact; a typo counts as a
  disagreement: Damerau-Levenshtein on every candidate pair costs more than it finds); email
  (exact, same local part, Jaro-Winkler >= 0.90) and NHS number (exact only: a valid NHS
  number with a typo almost never passes the check digit).

Rare levels start from a documented m probability (`configure(m_probability=...)`) that
EM replaces when the level occurs in its training pairs and keeps otherwise (a level never
seen in training would else get Splink's "not observed" m of 1e-6: a strong penalty for, say,
a day/month swap the training data happened not to contain).

Missing values fall in each comparison's null level, which is neutral (weight 0): a missing
date of birth neither helps nor hurts a pair.

A comparison is left out when its column is empty in the data being linked (FEBRL has no
phone numbers, for example): a comparison that never varies teaches the model nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on
from splink.blocking_rule_library import CustomRule

LinkType = Literal["dedupe_only", "link_only", "link_and_dedupe"]
PostcodeFormat = Literal["uk", "any"]

MODEL_VERSION = "safehub-person-linkage/1"

# Thresholds used when no labelled pairs exist to calibrate against (safehub link-persons):
# a pair links automatically at a match probability of at least 0.99 *and* no veto; pairs
# from 0.50 up are worth a person's review. `calibrate_thresholds` replaces both from labels.
UNLABELLED_AUTO_LINK_PROBABILITY = 0.99
UNLABELLED_REVIEW_PROBABILITY = 0.50

# Training plan (see engine.train_model).
U_MAX_PAIRS = 1e6  # random pairs sampled to estimate u (non-match) probabilities
EM_MAX_PAIRS = 5e5  # cap on the pairs one EM session looks at (large inputs only)
# Deterministic rules for the prior: pairs agreeing on these are (almost all) matches, and we
# assume they find this share of all true matches.
PRIOR_RECALL = 0.6


@dataclass(frozen=True)
class ModelOptions:
    """What the data offers and how to treat it; stored with a trained model."""

    link_type: LinkType = "dedupe_only"
    postcode_format: PostcodeFormat = "uk"
    columns: tuple[str, ...] = ()  # input fields that have at least one value
    # The blocking rules chosen at training (see blocking_candidates); () = untrained default.
    blocking: tuple[tuple[str, ...], ...] = ()

    def has(self, *names: str) -> bool:
        return all(name in self.columns for name in names)


SWAPPED = "given_first_l = family_name_r AND family_name_l = given_first_r"
# Half a swap: one record's given name is the other's family name, or the other way round
# ("natalia streich" / "masobn natalia": swapped, then one name mistyped or replaced).
CROSSED = "(given_first_l = family_name_r OR family_name_l = given_first_r)"
NICKNAMES = (
    "(given_nick_l = given_nick_r OR given_nick_l = given_nick2_r"
    " OR given_nick2_l = given_nick_r OR given_nick2_l = given_nick2_r)"
)


def _given_name() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="given_name",
        comparison_description="Given name",
        comparison_levels=[
            cll.NullLevel("given_name"),
            cll.ExactMatchLevel("given_name", term_frequency_adjustments=True),
            cll.CustomLevel(SWAPPED, label_for_charts="Given and family names swapped").configure(
                m_probability=0.005
            ),
            cll.CustomLevel(NICKNAMES, label_for_charts="Nickname or spelling variant").configure(
                m_probability=0.01
            ),
            cll.CustomLevel(
                "given_first_l = given_first_r", label_for_charts="Same first given name"
            ).configure(m_probability=0.01),
            cll.JaroWinklerLevel("given_name", 0.92),
            cll.CustomLevel(
                "given_metaphone_l = given_metaphone_r", label_for_charts="Same Metaphone code"
            ),
            cll.JaroWinklerLevel("given_name", 0.80),
            cll.CustomLevel(
                CROSSED, label_for_charts="One name in the other's other field"
            ).configure(m_probability=0.005),
            cll.ElseLevel(),
        ],
    )


def _family_name() -> cl.CustomComparison:
    overlap_sql = (
        "(family_tok1_l = family_tok1_r OR family_tok1_l = family_tok2_r"
        " OR family_tok2_l = family_tok1_r OR family_tok2_l = family_tok2_r)"
    )
    return cl.CustomComparison(
        output_column_name="family_name",
        comparison_description="Family name",
        comparison_levels=[
            cll.NullLevel("family_name"),
            cll.ExactMatchLevel("family_name", term_frequency_adjustments=True),
            # A swap is counted once, in the given-name comparison: here it is neutral.
            cll.CustomLevel(
                SWAPPED, label_for_charts="Given and family names swapped (counted once)"
            ).configure(
                m_probability=0.5,
                u_probability=0.5,
                fix_m_probability=True,
                fix_u_probability=True,
            ),
            cll.CustomLevel(overlap_sql, label_for_charts="Shares a family-name token").configure(
                m_probability=0.01
            ),
            cll.JaroWinklerLevel("family_name", 0.92),
            cll.CustomLevel(
                "family_metaphone_l = family_metaphone_r",
                label_for_charts="Same Metaphone code",
            ),
            cll.JaroWinklerLevel("family_name", 0.80),
            cll.ElseLevel(),
        ],
    )


def _date_of_birth() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="dob",
        comparison_description="Date of birth",
        comparison_levels=[
            cll.NullLevel("dob"),
            cll.ExactMatchLevel("dob", term_frequency_adjustments=True),
            cll.CustomLevel(
                "dob_swapped_l = dob_r", label_for_charts="Day and month swapped"
            ).configure(m_probability=0.005),
            # Two of the three parts agree: a typo or slip in the third. (Equalities on
            # precomputed parts: Damerau-Levenshtein on every candidate pair is slow.)
            cll.CustomLevel(
                "dob_year_month_l = dob_year_month_r", label_for_charts="Same year and month"
            ).configure(m_probability=0.02),
            cll.CustomLevel(
                "dob_month_day_l = dob_month_day_r", label_for_charts="Same day and month"
            ).configure(m_probability=0.02),
            cll.CustomLevel(
                "dob_year_day_l = dob_year_day_r", label_for_charts="Same year and day"
            ).configure(m_probability=0.01),
            cll.ElseLevel(),
        ],
    )


def _sex() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="sex",
        comparison_description="Sex",
        comparison_levels=[cll.NullLevel("sex"), cll.ExactMatchLevel("sex"), cll.ElseLevel()],
    )


def _postcode(postcode_format: PostcodeFormat) -> cl.CustomComparison:
    levels: list[Any] = [
        cll.NullLevel("postcode"),
        cll.ExactMatchLevel("postcode", term_frequency_adjustments=True),
    ]
    if postcode_format == "any":
        levels.append(cll.DamerauLevenshteinLevel("postcode", 1))
    else:
        levels += [
            cll.CustomLevel(
                "postcode_sector_l = postcode_sector_r", label_for_charts="Same sector"
            ),
            cll.CustomLevel(
                "postcode_outward_l = postcode_outward_r", label_for_charts="Same outward code"
            ),
        ]
    levels.append(cll.ElseLevel())
    return cl.CustomComparison(
        output_column_name="postcode",
        comparison_description="Postcode",
        comparison_levels=levels,
    )


def _address() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="address",
        comparison_description="Address",
        comparison_levels=[
            cll.NullLevel("address"),
            cll.ExactMatchLevel("address"),
            cll.And(
                cll.ExactMatchLevel("address_number"), cll.JaroWinklerLevel("address", 0.90)
            ).configure(label_for_charts="Same house number, Jaro-Winkler >= 0.90"),
            cll.JaroWinklerLevel("address", 0.90),
            cll.JaroWinklerLevel("address", 0.75),
            cll.ElseLevel(),
        ],
    )


def _phone() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="phone",
        comparison_description="Phone",
        comparison_levels=[
            cll.NullLevel("phone"),
            cll.ExactMatchLevel("phone", term_frequency_adjustments=True),
            cll.ElseLevel(),
        ],
    )


def _email() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="email",
        comparison_description="Email",
        comparison_levels=[
            cll.NullLevel("email"),
            cll.ExactMatchLevel("email", term_frequency_adjustments=True),
            cll.CustomLevel("email_user_l = email_user_r", label_for_charts="Same local part"),
            cll.JaroWinklerLevel("email", 0.90),
            cll.ElseLevel(),
        ],
    )


def _nhs_number() -> cl.CustomComparison:
    return cl.CustomComparison(
        output_column_name="nhs_number",
        comparison_description="NHS number",
        comparison_levels=[
            cll.NullLevel("nhs_number"),
            cll.ExactMatchLevel("nhs_number"),
            cll.ElseLevel(),
        ],
    )


def comparisons(options: ModelOptions) -> list[cl.CustomComparison]:
    """The comparisons for the fields the data has (names are always compared)."""
    out = [_given_name(), _family_name()]
    if options.has("date_of_birth"):
        out.append(_date_of_birth())
    if options.has("sex"):
        out.append(_sex())
    if options.has("postcode"):
        out.append(_postcode(options.postcode_format))
    if options.has("address"):
        out.append(_address())
    if options.has("phone"):
        out.append(_phone())
    if options.has("email"):
        out.append(_email())
    if options.has("nhs_number"):
        out.append(_nhs_number())
    return out


Rule = tuple[str, ...]

# A blocking rule whose blocks would hold more candidate pairs than this (on the training
# records) is replaced by its next, narrower alternative, or dropped when it has none: the cost
# of a rule grows with the square of its commonest value (a phone number shared by a whole
# estate, the commonest names in a busy postcode).
BLOCK_PAIR_BUDGET = 1_500_000


def blocking_candidates(options: ModelOptions) -> list[tuple[Rule, ...]]:
    """Candidate-pair rules for the data's fields, each with narrower alternatives.

    A pair is scored if it agrees on all the columns of any one chosen rule. In order:

    * NHS number; phone (else phone and given-name initial); email (else email and initial);
    * date of birth with: the two initials in either order (swapped names), the family-name
      Metaphone, the first given name, the postcode, the house number;
    * family-name Metaphone with given-name initial and year of birth (day or month slips;
      else year and month);
    * nickname-canonical given name with family-name Metaphone and day and month of birth
      (year slips);
    * postcode with: the initials in either order, the nickname-canonical given name, the
      family-name Metaphone, the house number (one household; else with the initial too);
    * nickname-canonical given name with family-name Metaphone and postcode area, and both
      names in either order with the postcode area: these find records without a date of
      birth;
    * house number with family-name Metaphone and given-name initial;
    * the street (`address_street`) with the date of birth, with the first given name (else
      also the postcode area), with the family-name Metaphone (else also the given-name
      initial), with the postcode; the house number with the family-name Metaphone, with the
      first given name; the home (`address_key`); the date of birth with the family-name
      initial:
      these find records whose names *and* postcode are mistyped, and on large data the
      budget keeps only the narrow ones;
    * nickname-canonical given name with family-name Metaphone alone, and both names alone
      (heavily mistyped records; small data only, by the budget).
    """
    candidates: list[tuple[Rule, ...]] = []
    if options.has("nhs_number"):
        candidates.append((("nhs_number",),))
    if options.has("phone"):
        candidates.append((("phone",), ("phone", "given_initial")))
    if options.has("email"):
        candidates.append((("email",), ("email", "given_initial")))
    if options.has("date_of_birth"):
        candidates.append((("dob", "initials_key"),))
        candidates.append((("dob", "family_metaphone"),))
        candidates.append((("dob", "given_first"),))
        if options.has("postcode"):
            candidates.append((("dob", "postcode"),))
        if options.has("address"):
            candidates.append((("dob", "address_number"),))
        candidates.append(
            (
                ("family_metaphone", "given_initial", "birth_year"),
                ("family_metaphone", "given_initial", "dob_year_month"),
            )
        )
        candidates.append((("given_nick", "family_metaphone", "dob_month_day"),))
    if options.has("postcode"):
        candidates.append((("postcode", "initials_key"),))
        candidates.append((("postcode", "given_nick"),))
        candidates.append((("postcode", "family_metaphone"),))
        if options.has("address"):
            candidates.append(
                (("postcode", "address_number"), ("postcode", "address_number", "given_initial"))
            )
        candidates.append((("given_nick", "family_metaphone", "postcode_area"),))
        candidates.append((("names_key", "postcode_area"),))
    if options.has("address"):
        candidates.append((("address_number", "family_metaphone", "given_initial"),))
        if options.has("date_of_birth"):
            candidates.append((("dob", "address_street"),))
        candidates.append(
            (("given_first", "address_street"), ("given_first", "address_street", "postcode_area"))
        )
        candidates.append(
            (
                ("family_metaphone", "address_street"),
                ("family_metaphone", "address_street", "given_initial"),
            )
        )
        candidates.append((("family_metaphone", "address_number"),))
        candidates.append((("given_first", "address_number"),))
        if options.has("postcode"):
            candidates.append((("postcode", "address_street"),))
        candidates.append((("address_key",),))
        if options.has("date_of_birth"):
            candidates.append((("dob", "family_initial"),))
    candidates.append((("given_nick", "family_metaphone"),))
    candidates.append((("names_key",),))
    return candidates


def prediction_blocking_rules(options: ModelOptions) -> list[Any]:
    """Splink blocking rules: the ones chosen at training (`ModelOptions.blocking`), or, for
    an untrained model, the first alternative of every candidate."""
    chosen = options.blocking or tuple(group[0] for group in blocking_candidates(options))
    return [block_on(*columns) for columns in chosen]


def em_blocking_rules(options: ModelOptions) -> list[Any]:
    """Blocking rules for the EM sessions: each estimates the m probabilities of every
    comparison it does not block on, so together they cover every comparison."""
    rules: list[Any] = []
    if options.has("date_of_birth"):
        rules.append(block_on("dob"))
    rules.append(block_on("given_name", "family_name"))
    if options.has("postcode") and not options.has("date_of_birth"):
        rules.append(block_on("postcode"))
    return rules


def prior_rules(options: ModelOptions) -> list[Any]:
    """Deterministic rules whose agreeing pairs are taken as matches when estimating the
    prior (probability that two random records match)."""
    rules: list[Any] = []
    if options.has("date_of_birth"):
        rules.append(
            CustomRule(
                "l.given_name = r.given_name AND l.family_name = r.family_name AND l.dob = r.dob"
            )
        )
    elif options.has("postcode"):
        rules.append(block_on("given_name", "family_name", "postcode"))
    if options.has("nhs_number"):
        rules.append(block_on("nhs_number"))
    return rules


def settings_creator(options: ModelOptions) -> SettingsCreator:
    """The untrained model for data with `options`."""
    return SettingsCreator(
        link_type=options.link_type,
        unique_id_column_name="record_id",
        source_dataset_column_name="source_dataset",
        comparisons=list(comparisons(options)),
        blocking_rules_to_generate_predictions=prediction_blocking_rules(options),
        retain_matching_columns=True,  # the gamma (evidence) columns need it
        retain_intermediate_calculation_columns=False,
        max_iterations=25,
        em_convergence=0.0001,
    )


def fields_present(columns: Iterable[str], has_values: Sequence[bool]) -> tuple[str, ...]:
    return tuple(c for c, present in zip(columns, has_values, strict=True) if present)
