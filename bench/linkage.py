"""Benchmark: the person-linkage engine (safehub/people/linkage) for accuracy and speed.

In one run, on the same data:

* FEBRL4 (two files of 5,000 records, 5,000 true cross-file pairs) linked without soc_sec_id:
  precision, recall and F1 of the cross-file pairs the engine puts in one person;
* FEBRL3 (5,000 records, 2,000 people with up to ~10 duplicates) deduplicated without
  soc_sec_id: pairwise F1 over all within-cluster pairs against the true pairs, and B-cubed F1;
* baselines on the same data: Splink with plain settings (Jaro-Winkler names, exact date of
  birth, exact postcode) and the recordlinkage package's ECM classifier;
* a synthetic UK population (safehub.people.synthetic) when that module exists: precision and
  recall at the automatic-link threshold, sibling false merges, wall time and peak RSS of a
  child process for N records end to end (train, predict, cluster), and the latency of
  matching 1,000 new records against N existing ones.

FEBRL is Australian and synthetic: postcodes are compared as plain strings (postcode_format
"any"); date_of_birth YYYYMMDD becomes YYYY-MM-DD (invalid ones are dropped by the engine like
any impossible date); the address is street number, address_1, address_2, suburb and state in
one string. Neither soc_sec_id nor rec_id is used in any feature; rec_id is the ground truth.

FEBRL is trained on unsupervised, as safehub trains; its thresholds are then calibrated with
engine.calibrate_thresholds on the labelled pairs of half its people (the calibration half), as
safehub's link service calibrates on a partnership's decisions, and F1 is reported on all pairs
and on the held-out half alone. It is linked as safehub runs it (all vetoes on) and "model only"
(vetoes off). FEBRL's corruption replaces a value with a random one, so many of its true pairs
carry dates of birth decades apart or another given name at one address: the trained model
estimates that about 5% of one person's record pairs have entirely different dates of birth and
10% entirely different given names, so between two adults (FEBRL has no one under 26) those
differences are not hard evidence there and only the child-protecting part of the vetoes
applies (engine.adult_veto_kinds; see engine.veto_reasons). The figures with every veto at
every age, and with the unlabelled default thresholds, are reported too.

Run from the repository root: .venv/bin/python bench/linkage.py [--records N]
[--only febrl|baselines|synthetic] (one part, printed, the results file left alone).
Figures go to bench/results/linkage.json.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
import zlib
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _harness import REPO, BenchmarkError, print_table, summarise, write_results

from safehub.people.linkage import engine, model_settings

NAME = "linkage"
TARGETS = {
    "febrl4_pair_f1": 0.998,
    "febrl3_cluster_f1": 0.995,
    "synthetic_sibling_false_merge_rate": 0.001,
    "synthetic_seconds_1m": 60.0,
    "synthetic_peak_rss_gib_1m": 4.0,
    "incremental_seconds_1k_vs_1m": 1.0,
}
CHILD_TIMEOUT = 1800.0  # seconds for the synthetic child process
Pair = tuple[str, str]


# --- FEBRL ------------------------------------------------------------------------------------


def febrl_to_input(frame: pd.DataFrame, source: str | None = None) -> pd.DataFrame:
    """FEBRL columns -> the engine's input columns (no soc_sec_id, rec_id only as the id)."""
    data = frame.reset_index()

    def text(column: str) -> pd.Series:
        return data[column].fillna("").astype(str).str.strip()

    dob = text("date_of_birth")
    dob = dob.where(dob.str.len() != 8, dob.str[:4] + "-" + dob.str[4:6] + "-" + dob.str[6:8])
    address = (
        text("street_number")
        + " "
        + text("address_1")
        + ", "
        + text("address_2")
        + ", "
        + text("suburb")
        + " "
        + text("state")
    )
    address = address.str.replace(r"\s+", " ", regex=True).str.replace(r"(, )+", ", ", regex=True)
    out = pd.DataFrame(
        {
            "record_id": data["rec_id"].astype(str),
            "given_name": text("given_name"),
            "family_name": text("surname"),
            "date_of_birth": dob,
            "postcode": text("postcode"),
            "address": address.str.strip(" ,"),
        }
    )
    if source is not None:
        out["source_dataset"] = source
    return out


def febrl_entity(record_id: str) -> str:
    """rec-123-org / rec-123-dup-0 -> "123" (the ground truth, never a feature)."""
    return record_id.split("-")[1]


def true_pairs(
    record_ids: Iterable[str], *, cross: tuple[set[str], set[str]] | None = None
) -> set[Pair]:
    groups: dict[str, list[str]] = {}
    for record_id in record_ids:
        groups.setdefault(febrl_entity(record_id), []).append(record_id)
    pairs: set[Pair] = set()
    for members in groups.values():
        for a, b in itertools.combinations(sorted(members), 2):
            if cross is None or ((a in cross[0]) != (b in cross[0])):
                pairs.add((a, b))
    return pairs


def cluster_pairs_of(
    persons: pd.DataFrame, *, cross: tuple[set[str], set[str]] | None = None
) -> set[Pair]:
    pairs: set[Pair] = set()
    for members in persons.groupby("person_id")["record_id"]:
        ids = sorted(map(str, members[1]))
        for a, b in itertools.combinations(ids, 2):
            if cross is None or ((a in cross[0]) != (b in cross[0])):
                pairs.add((a, b))
    return pairs


def pair_scores(predicted: set[Pair], truth: set[Pair]) -> dict[str, Any]:
    tp = len(predicted & truth)
    fp = len(predicted - truth)
    fn = len(truth - predicted)
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "true_pairs": len(truth),
        "predicted_pairs": len(predicted),
        "true_positives": tp,
        "false_positives": fp,
        "false_negatives": fn,
        "precision": round(precision, 5),
        "recall": round(recall, 5),
        "f1": round(f1, 5),
    }


def b_cubed(persons: pd.DataFrame, entity_of: dict[str, str]) -> dict[str, float]:
    """B-cubed precision/recall/F1: per record, the share of its predicted cluster that is
    truly it (precision) and the share of its true cluster that it was clustered with
    (recall), averaged over records."""
    predicted = persons.assign(record_id=persons["record_id"].astype(str))
    predicted["entity"] = predicted["record_id"].map(entity_of)
    cluster_size = predicted.groupby("person_id")["record_id"].transform("size")
    entity_size = predicted.groupby("entity")["record_id"].transform("size")
    overlap = predicted.groupby(["person_id", "entity"])["record_id"].transform("size")
    precision = float((overlap / cluster_size).mean())
    recall = float((overlap / entity_size).mean())
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 5), "recall": round(recall, 5), "f1": round(f1, 5)}


# Thresholds for FEBRL come from engine.calibrate_thresholds on the labelled pairs of half
# the people (the calibration half: crc32 of the FEBRL entity id is even), the way
# safehub's link service calibrates on a partnership's own decisions; F1 is then reported on
# every pair and, separately, on the other (held-out) half. The precision target is
# stricter than the service's default (0.995): with the engine's margin of 0.002 it asks for
# no labelled non-match at or above the automatic-link threshold.
CALIBRATION_PRECISION_TARGET = 0.998
# Pairs scored for calibration (and kept for the review band) go down to this probability.
CALIBRATION_FLOOR = 0.01


def calibration_half(record_id: str) -> bool:
    """Is this record's person in the calibration half? (By a hash of the entity id, so
    every record of one person falls in the same half.)"""
    return zlib.crc32(febrl_entity(record_id).encode()) % 2 == 0


def _within(pairs: Iterable[Pair], half: bool) -> set[Pair]:
    return {p for p in pairs if calibration_half(p[0]) == half and calibration_half(p[1]) == half}


def run_engine_febrl(
    records: pd.DataFrame,
    truth: set[Pair],
    link_type: str,
    cross: tuple[set[str], set[str]] | None,
    entity_of: dict[str, str] | None,
    target: float,
) -> dict[str, Any]:
    """Train on the records (unsupervised), calibrate thresholds on the calibration half's
    labelled pairs, then link as safehub runs it (all vetoes) and with the model alone (no
    vetoes), plus two sensitivity runs on the same scored pairs: the vetoes at every age
    (`young_person_max_age=None`), and the unlabelled default thresholds."""
    began = time.perf_counter()
    model = engine.train_model(records, link_type=link_type, postcode_format="any")  # type: ignore[arg-type]
    train_seconds = time.perf_counter() - began
    prepared = engine.prepare_records(records, postcode_format="any")
    scored = engine.predict_pairs(model, prepared, min_probability=CALIBRATION_FLOOR)
    adult_kinds = engine.adult_veto_kinds(model)
    checker = engine.VetoChecker(prepared, postcode_format="any", adult_kinds=adult_kinds)
    scored["veto"] = checker.pair_reasons(scored)
    keys = list(zip(scored["record_id_l"], scored["record_id_r"], strict=True))
    labelled = np.array([calibration_half(a) and calibration_half(b) for a, b in keys], dtype=bool)
    labels = pd.Series([k in truth for k in keys], index=scored.index)
    thresholds = engine.calibrate_thresholds(
        scored.loc[labelled], labels.loc[labelled], precision_target=CALIBRATION_PRECISION_TARGET
    )
    calibrated = model.with_thresholds(thresholds)
    held_out_truth = _within(truth, False)

    def scores_of(persons: pd.DataFrame) -> dict[str, Any]:
        predicted = cluster_pairs_of(persons, cross=cross)
        out: dict[str, Any] = {}
        if entity_of is None:
            out.update(pair_scores(predicted, truth))
        else:
            out["pairwise"] = pair_scores(predicted, truth)
            out["b_cubed"] = b_cubed(persons, entity_of)
        out["held_out_half_pairwise"] = pair_scores(_within(predicted, False), held_out_truth)
        return out

    def met(figures: dict[str, Any]) -> bool:
        if entity_of is None:
            return bool(figures["f1"] >= target)
        return bool(figures["pairwise"]["f1"] >= target and figures["b_cubed"]["f1"] >= target)

    out: dict[str, Any] = {}
    for label, vetoes in (("safehub", engine.ALL_VETOES), ("model_only", ())):
        began = time.perf_counter()
        result = engine.link_records_detailed(
            records,
            link_type=link_type,  # type: ignore[arg-type]
            postcode_format="any",
            model=calibrated,
            vetoes=vetoes,
        )
        wall = time.perf_counter() - began
        figures = scores_of(result.persons)
        timings = {"train": train_seconds, **result.timings}
        figures.update(
            {
                "vetoes": list(vetoes),
                "vetoes_between_adults": [k for k in vetoes if k in adult_kinds],
                "auto_link_threshold": round(thresholds.auto_link, 6),
                "seconds": round(wall + train_seconds, 3),
                "stage_seconds": {k: round(v, 3) for k, v in timings.items()},
                "vetoed_true_pairs": int(
                    sum(
                        1
                        for row in result.pairs.itertuples(index=False)
                        if row.veto and (row.record_id_l, row.record_id_r) in truth
                    )
                ),
                "target_f1": target,
            }
        )
        if entity_of is not None:
            figures["clusters"] = int(result.persons["person_id"].nunique())
            figures["true_clusters"] = len(set(entity_of.values()))
        figures["met"] = met(figures)
        out[label] = figures

    # Sensitivity, on the same scored pairs: every veto at every age (as if the data recorded
    # dates of birth and given names reliably), and the thresholds used without labels.
    every_age = engine.VetoChecker(prepared, postcode_format="any", young_person_max_age=None)
    all_ages = every_age.pair_reasons(scored)
    persons = engine.cluster_pairs(
        scored, prepared, auto_link=thresholds.auto_link, vetoes=all_ages, checker=every_age
    )
    out["safehub_vetoes_at_every_age"] = {
        **scores_of(persons),
        "auto_link_threshold": round(thresholds.auto_link, 6),
        "vetoed_true_pairs": int(
            sum(1 for k, v in zip(keys, all_ages, strict=True) if v and k in truth)
        ),
    }
    unlabelled = model_settings.UNLABELLED_AUTO_LINK_PROBABILITY
    persons = engine.cluster_pairs(
        scored, prepared, auto_link=unlabelled, vetoes=scored["veto"], checker=checker
    )
    out["safehub_unlabelled_thresholds"] = {
        **scores_of(persons),
        "auto_link_threshold": unlabelled,
    }
    out["calibration"] = {
        "method": (
            "engine.calibrate_thresholds on the scored pairs (p >= "
            f"{CALIBRATION_FLOOR}) whose two records both belong to the calibration half of "
            "the people (crc32 of the FEBRL entity id even), labelled from FEBRL's truth; "
            f"precision_target {CALIBRATION_PRECISION_TARGET} (+ the engine's margin 0.002). "
            "The other half's pairs were not seen: held_out_half_pairwise scores them alone."
        ),
        "labelled_pairs": thresholds.details.get("labelled_pairs"),
        "labelled_true_matches": thresholds.details.get("labelled_true_matches"),
        "auto_link": round(thresholds.auto_link, 6),
        "review": round(thresholds.review, 6),
    }
    out["field_disagreement"] = {
        k: round(v, 5) for k, v in engine.field_disagreement(model).items()
    }
    out["vetoes_between_adults"] = list(adult_kinds)
    return out


def run_engine_febrl4(a: pd.DataFrame, b: pd.DataFrame) -> dict[str, Any]:
    records = pd.concat([febrl_to_input(a, "a"), febrl_to_input(b, "b")], ignore_index=True)
    cross = (set(a.index.astype(str)), set(b.index.astype(str)))
    truth = true_pairs(records["record_id"], cross=cross)
    return run_engine_febrl(records, truth, "link_only", cross, None, TARGETS["febrl4_pair_f1"])


def run_engine_febrl3(data: pd.DataFrame) -> dict[str, Any]:
    records = febrl_to_input(data)
    truth = true_pairs(records["record_id"])
    entity_of = {rid: febrl_entity(rid) for rid in records["record_id"]}
    return run_engine_febrl(
        records, truth, "dedupe_only", None, entity_of, TARGETS["febrl3_cluster_f1"]
    )


# --- baselines ---------------------------------------------------------------------------------


def splink_plain(records: pd.DataFrame, link_type: str) -> pd.DataFrame:
    """Splink with plain settings: Jaro-Winkler names, exact date of birth, exact postcode;
    u by random sampling, m by EM, clustered at p >= 0.99. Returns record_id, person_id."""
    import logging

    import splink.comparison_library as cl
    from splink import DuckDBAPI, Linker, SettingsCreator, block_on

    logging.getLogger("splink").setLevel(logging.WARNING)
    frame = records.copy()
    frame["date_of_birth"] = frame["date_of_birth"].where(frame["date_of_birth"] != "", None)
    for column in ("given_name", "family_name", "postcode"):
        frame[column] = frame[column].where(frame[column] != "", None)
    columns = ["record_id", "given_name", "family_name", "date_of_birth", "postcode"]
    settings = SettingsCreator(
        link_type=link_type,  # type: ignore[arg-type]
        unique_id_column_name="record_id",
        comparisons=[
            cl.JaroWinklerAtThresholds("given_name"),
            cl.JaroWinklerAtThresholds("family_name"),
            cl.ExactMatch("date_of_birth"),
            cl.ExactMatch("postcode"),
        ],
        blocking_rules_to_generate_predictions=[
            block_on("given_name"),
            block_on("family_name"),
            block_on("date_of_birth"),
            block_on("postcode"),
        ],
    )
    db_api = DuckDBAPI()
    if link_type == "link_only":
        tables = [
            db_api.register(part[columns].copy(), dataset_display_name=f"src_{source}")
            for source, part in frame.groupby("source_dataset")
        ]
    else:
        tables = [db_api.register(frame[columns].copy(), dataset_display_name="records")]
    linker = Linker(tables, settings, log_level=None)
    linker.training.estimate_u_using_random_sampling(max_pairs=1e6 + 1, seed=1)
    linker.training.estimate_parameters_using_expectation_maximisation(block_on("date_of_birth"))
    linker.training.estimate_parameters_using_expectation_maximisation(
        block_on("given_name", "family_name")
    )
    predictions = linker.inference.predict(threshold_match_probability=0.5)
    clusters = linker.clustering.cluster_pairwise_predictions_at_threshold(
        predictions, threshold_match_probability=0.99
    ).as_pandas_dataframe()
    return pd.DataFrame(
        {"record_id": clusters["record_id"].astype(str), "person_id": clusters["cluster_id"]}
    )


def recordlinkage_ecm(left: pd.DataFrame, right: pd.DataFrame | None) -> set[Pair]:
    """The recordlinkage package's ECM classifier with its documented FEBRL set-up: block on
    given name plus sorted neighbourhood on surname; compare names (Jaro-Winkler >= 0.85),
    date of birth, suburb, state and address_1 (Jaro-Winkler >= 0.85) and postcode; ECM on
    the binary comparison vectors."""
    import recordlinkage

    indexer = recordlinkage.Index()
    indexer.block("given_name")
    indexer.sortedneighbourhood("surname")
    candidates = indexer.index(left) if right is None else indexer.index(left, right)
    compare = recordlinkage.Compare()
    compare.string("given_name", "given_name", method="jarowinkler", threshold=0.85)
    compare.string("surname", "surname", method="jarowinkler", threshold=0.85)
    compare.exact("date_of_birth", "date_of_birth")
    compare.exact("suburb", "suburb")
    compare.exact("state", "state")
    compare.string("address_1", "address_1", method="jarowinkler", threshold=0.85)
    compare.exact("postcode", "postcode")
    features = (
        compare.compute(candidates, left)
        if right is None
        else compare.compute(candidates, left, right)
    )
    classifier = recordlinkage.ECMClassifier(binarize=0.5)
    matches = classifier.fit_predict(features)
    return {tuple(sorted((str(x), str(y)))) for x, y in matches}  # type: ignore[misc]


def run_baselines(a: pd.DataFrame, b: pd.DataFrame, data3: pd.DataFrame) -> dict[str, Any]:
    out: dict[str, Any] = {}
    records4 = pd.concat([febrl_to_input(a, "a"), febrl_to_input(b, "b")], ignore_index=True)
    cross = (set(a.index.astype(str)), set(b.index.astype(str)))
    truth4 = true_pairs(records4["record_id"], cross=cross)
    records3 = febrl_to_input(data3)
    truth3 = true_pairs(records3["record_id"])
    entity_of = {rid: febrl_entity(rid) for rid in records3["record_id"]}

    began = time.perf_counter()
    persons = splink_plain(records4, "link_only")
    out["splink_plain_febrl4"] = {
        **pair_scores(cluster_pairs_of(persons, cross=cross), truth4),
        "seconds": round(time.perf_counter() - began, 3),
    }
    began = time.perf_counter()
    persons = splink_plain(records3, "dedupe_only")
    out["splink_plain_febrl3"] = {
        "pairwise": pair_scores(cluster_pairs_of(persons), truth3),
        "b_cubed": b_cubed(persons, entity_of),
        "seconds": round(time.perf_counter() - began, 3),
    }
    began = time.perf_counter()
    out["recordlinkage_ecm_febrl4"] = {
        **pair_scores(recordlinkage_ecm(a, b), truth4),
        "seconds": round(time.perf_counter() - began, 3),
    }
    began = time.perf_counter()
    ecm_pairs = recordlinkage_ecm(data3, None)
    # ECM classifies pairs; clusters are its pairs' connected components.
    persons = components_of(records3["record_id"], ecm_pairs)
    out["recordlinkage_ecm_febrl3"] = {
        "pairs_as_classified": pair_scores(ecm_pairs, truth3),
        "pairwise": pair_scores(cluster_pairs_of(persons), truth3),
        "b_cubed": b_cubed(persons, entity_of),
        "seconds": round(time.perf_counter() - began, 3),
    }
    return out


def components_of(record_ids: Iterable[str], pairs: set[Pair]) -> pd.DataFrame:
    parent: dict[str, str] = {str(r): str(r) for r in record_ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for x, y in pairs:
        rx, ry = find(x), find(y)
        if rx != ry:
            parent[max(rx, ry)] = min(rx, ry)
    frame = pd.DataFrame({"record_id": list(parent)})
    frame["root"] = frame["record_id"].map(find)
    frame["person_id"] = frame.groupby("root")["record_id"].transform("min")
    return frame[["record_id", "person_id"]]


# --- synthetic population ----------------------------------------------------------------------


def synthetic_available() -> bool:
    return (REPO / "safehub" / "people" / "synthetic.py").exists()


def generate_child(n_records: int, seed: int, directory: Path) -> dict[str, Any]:
    """Child process 1 (not measured): the population, its truth and its sibling pairs, to
    parquet files in `directory`."""
    from safehub.people import synthetic

    began = time.perf_counter()
    population = synthetic.generate_population(n_records, seed=seed)
    records = population.records
    inputs = records[list(engine.INPUT_COLUMNS)]
    inputs.to_parquet(directory / "inputs.parquet", index=False)
    truth = pd.DataFrame(
        {
            "record_id": records["record_id"].astype(str),
            "true_person_id": records["true_person_id"].astype(str),
        }
    )
    truth.to_parquet(directory / "truth.parquet", index=False)
    siblings = sorted(population.sibling_pairs())
    pd.DataFrame(siblings, columns=["record_id_l", "record_id_r"]).to_parquet(
        directory / "siblings.parquet", index=False
    )
    return {
        "records": len(records),
        "true_persons": int(records["true_person_id"].nunique()),
        "sibling_pairs": len(siblings),
        "generate_seconds": round(time.perf_counter() - began, 3),
    }


def _peak_rss_gib() -> float:
    """This process's peak resident set size so far (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 2**20


def _cpu_seconds() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def link_child(seed: int, new_records: int, repeats: int, directory: Path) -> dict[str, Any]:
    """Child process 2 (measured): read the inputs, link end to end, note the peak RSS, then
    score against the truth and time incremental matching."""
    inputs = pd.read_parquet(directory / "inputs.parquet")
    rss_before = _peak_rss_gib()
    cpu_before = _cpu_seconds()
    began = time.perf_counter()
    result = engine.link_records_detailed(inputs, seed=seed)
    end_to_end = time.perf_counter() - began
    cpu = _cpu_seconds() - cpu_before
    rss_linked = _peak_rss_gib()

    truth = pd.read_parquet(directory / "truth.parquet")
    persons = result.persons.merge(truth, on="record_id")
    predicted = _pairs_sharing(persons, "person_id")
    true = _pairs_sharing(persons, "true_person_id")
    scores = pair_scores(predicted, true)
    siblings = pd.read_parquet(directory / "siblings.parquet")
    sibling_set = set(zip(siblings["record_id_l"], siblings["record_id_r"], strict=True))
    sibling_false_merges = len(sibling_set & predicted)
    del predicted, true

    # Incremental: hold back `new_records` records, index the rest, match the held-back ones
    # (their other records, if any, are among the existing ones).
    rng = np.random.default_rng(seed)
    held = np.zeros(len(inputs), dtype=bool)
    held[rng.choice(len(inputs), size=min(new_records, len(inputs) // 10), replace=False)] = True
    existing, new = inputs.loc[~held], inputs.loc[held]
    began = time.perf_counter()
    index = engine.build_index(result.model, existing)
    index_seconds = time.perf_counter() - began
    latencies = []
    decisions: dict[str, int] = {}
    for _ in range(repeats):
        began = time.perf_counter()
        matched = engine.link_new_records(result.model, index, new)
        latencies.append(time.perf_counter() - began)
        decisions = {str(k): int(v) for k, v in matched["decision"].value_counts().items()}
    return {
        "end_to_end_seconds": round(end_to_end, 3),
        # CPU time of the linking process (all its threads) over the same span: unlike the
        # wall time, barely moved by other work on the machine.
        "end_to_end_cpu_seconds": round(cpu, 3),
        "stage_seconds": {k: round(v, 3) for k, v in result.timings.items()},
        "peak_rss_gib_after_reading_input": round(rss_before, 3),
        "peak_rss_gib": round(rss_linked, 3),
        "scored_pairs": len(result.pairs),
        "blocking_rules": ["+".join(rule) for rule in result.model.options.blocking],
        "auto_link_threshold": result.model.thresholds.auto_link,
        "pairs_at_auto_link": scores,
        "sibling_false_merges": sibling_false_merges,
        "sibling_false_merge_rate": (
            round(sibling_false_merges / len(sibling_set), 6) if sibling_set else None
        ),
        "field_disagreement": {
            k: round(v, 5) for k, v in engine.field_disagreement(result.model).items()
        },
        "vetoes_between_adults": list(engine.adult_veto_kinds(result.model)),
        "incremental": {
            "existing_records": len(existing),
            "new_records": len(new),
            "index_build_seconds": round(index_seconds, 3),
            "latency": summarise(latencies),
            "decisions": decisions,
        },
    }


def _pairs_sharing(frame: pd.DataFrame, column: str) -> set[Pair]:
    pairs: set[Pair] = set()
    grouped = frame.groupby(column)["record_id"]
    for _, members in grouped:
        if len(members) > 1:
            pairs.update(itertools.combinations(sorted(members), 2))
    return pairs


def _child(arguments: Sequence[str], marker: str) -> dict[str, Any]:
    command = [sys.executable, __file__, *arguments]
    try:
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=CHILD_TIMEOUT, check=False
        )
    except subprocess.TimeoutExpired as exc:
        raise BenchmarkError(f"{marker} exceeded {CHILD_TIMEOUT:.0f}s") from exc
    if done.returncode != 0:
        raise BenchmarkError(f"{marker} failed:\n{done.stderr[-6000:]}")
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith(marker + " ")]
    if not lines:
        raise BenchmarkError(f"{marker} printed no result:\n{done.stdout[-3000:]}")
    result: dict[str, Any] = json.loads(lines[-1].removeprefix(marker + " "))
    return result


def run_synthetic(n_records: int, seed: int, new_records: int, repeats: int) -> dict[str, Any]:
    """Generate in one child process, link in another (whose own peak RSS is reported)."""
    with tempfile.TemporaryDirectory(prefix="bench-linkage-", dir=REPO / "var") as directory:
        common = ["--records", str(n_records), "--seed", str(seed), "--workdir", directory]
        figures = _child(["--generate-child", *common], "LINKAGE-GENERATE")
        figures.update(
            _child(
                [
                    "--link-child",
                    *common,
                    "--new-records",
                    str(new_records),
                    "--repeats",
                    str(repeats),
                ],
                "LINKAGE-LINK",
            )
        )
    scale = n_records >= 1_000_000
    median_seconds = figures["incremental"]["latency"]["median_ms"] / 1000
    rate = figures["sibling_false_merge_rate"]
    figures["targets"] = {
        "sibling_false_merge_rate": {
            "target": TARGETS["synthetic_sibling_false_merge_rate"],
            "met": rate is not None and rate <= TARGETS["synthetic_sibling_false_merge_rate"],
        },
        "end_to_end_seconds_1m": {
            "target": TARGETS["synthetic_seconds_1m"],
            "measured": figures["end_to_end_seconds"],
            "measured_at_records": n_records,
            "met": scale and figures["end_to_end_seconds"] <= TARGETS["synthetic_seconds_1m"],
        },
        "peak_rss_gib_1m": {
            "target": TARGETS["synthetic_peak_rss_gib_1m"],
            "measured": figures["peak_rss_gib"],
            "measured_at_records": n_records,
            "met": scale and figures["peak_rss_gib"] <= TARGETS["synthetic_peak_rss_gib_1m"],
        },
        "incremental_1k_vs_1m_seconds": {
            "target": TARGETS["incremental_seconds_1k_vs_1m"],
            "measured": median_seconds,
            "measured_at_existing_records": figures["incremental"]["existing_records"],
            "met": scale and median_seconds <= TARGETS["incremental_seconds_1k_vs_1m"],
        },
    }
    if not scale:
        figures["targets"]["note"] = (
            f"run with {n_records:,} records; the time, memory and incremental targets are "
            "for 1,000,000 and are marked not met"
        )
    return figures


# --- main ----------------------------------------------------------------------------------------


def merge_results(part: str, payload: dict[str, Any]) -> Path:
    """Replace one part of bench/results/linkage.json with a rerun's figures, noting when and
    under what load it was rerun (the rest of the file, machine facts included, is the
    earlier full run's)."""
    path = REPO / "bench" / "results" / f"{NAME}.json"
    document = json.loads(path.read_text())
    keys = {"febrl": ("febrl4", "febrl3"), "baselines": ("baselines",)}.get(part, (part,))
    for key in keys:
        document[key] = payload[key]
    document.setdefault("reruns", []).append(
        {
            "part": part,
            "parts": list(keys),
            "load_average_at_start_1_5_15_min": payload["load_average_at_start_1_5_15_min"],
            "timestamp_utc": time.strftime("%Y-%m-%dT%H:%M:%S+00:00", time.gmtime()),
        }
    )
    temporary = path.with_suffix(".json.tmp")
    temporary.write_text(json.dumps(document, indent=2, sort_keys=False) + "\n")
    temporary.replace(path)
    return path


def parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=1_000_000, help="synthetic records")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--new-records", type=int, default=1000)
    parser.add_argument("--repeats", type=int, default=5, help="incremental repetitions")
    parser.add_argument("--skip-febrl", action="store_true")
    parser.add_argument("--skip-baselines", action="store_true")
    parser.add_argument("--skip-synthetic", action="store_true")
    parser.add_argument(
        "--only",
        choices=("febrl", "baselines", "synthetic"),
        help="run one part and print its figures as JSON, leaving the results file alone",
    )
    parser.add_argument(
        "--merge",
        action="store_true",
        help="with --only: put that part's figures into the existing results file (a rerun)",
    )
    parser.add_argument("--generate-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--link-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--workdir", type=Path, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: Sequence[str]) -> int:
    args = parse(argv)
    if args.only:
        args.skip_febrl = args.only != "febrl"
        args.skip_baselines = args.only != "baselines"
        args.skip_synthetic = args.only != "synthetic"
    if args.generate_child:
        figures = generate_child(args.records, args.seed, args.workdir)
        print("LINKAGE-GENERATE " + json.dumps(figures), flush=True)
        return 0
    if args.link_child:
        figures = link_child(args.seed, args.new_records, args.repeats, args.workdir)
        print("LINKAGE-LINK " + json.dumps(figures), flush=True)
        return 0
    (REPO / "var").mkdir(exist_ok=True)

    from recordlinkage.datasets import load_febrl3, load_febrl4

    load_at_start = [round(x, 2) for x in os.getloadavg()]
    payload: dict[str, Any] = {
        "benchmark": NAME,
        "description": __doc__.split("\n\n")[0].replace("\n", " "),
        "targets": TARGETS,
        "load_average_at_start_1_5_15_min": load_at_start,
        "arguments": {
            "records": args.records,
            "seed": args.seed,
            "new_records": args.new_records,
            "repeats": args.repeats,
        },
        "notes": [
            "FEBRL thresholds are calibrated on FEBRL's own truth, but only on the pairs of "
            "half its people (crc32 of the entity id even); held_out_half_pairwise scores the "
            "other half alone. The synthetic population uses the unlabelled default "
            "thresholds (no labels).",
            "Vetoes between two adults apply where the trained model finds the field reliable "
            "(engine.RELIABLE_FIELD_MAX_DISAGREEMENT): on FEBRL (dates of birth and given "
            "names replaced at random in 5-14% of one person's record pairs) only the NHS "
            "number veto applies between adults, and FEBRL has no one under 26; "
            "safehub_vetoes_at_every_age shows FEBRL with every veto at every age. On the "
            "synthetic population every veto applies at every age.",
            "Given-name variants: search and linkage share people/data/given_name_variants.csv "
            "(with the nicknames package's one-step nicknames). The synthetic generator draws "
            "its nicknames and spelling variants from its own list, people/data/"
            "name_variants.csv, but every given-name row of that list is also in the shared "
            "table, so the synthetic recall does not measure variants the table lacks "
            "(optimistic on that count).",
        ],
        "engine_settings": {
            "duckdb_memory_limit": os.environ.get(
                "SAFEHUB_LINKAGE_DUCKDB_MEMORY", engine.DUCKDB_MEMORY_LIMIT
            ),
            "block_pair_budget": model_settings.BLOCK_PAIR_BUDGET,
            "u_max_pairs": model_settings.U_MAX_PAIRS,
            "em_max_pairs_over_200k_records": model_settings.EM_MAX_PAIRS,
            "auto_link_probability_unlabelled": model_settings.UNLABELLED_AUTO_LINK_PROBABILITY,
            "review_probability_unlabelled": model_settings.UNLABELLED_REVIEW_PROBABILITY,
            "young_person_max_age": engine.YOUNG_PERSON_MAX_AGE,
            "reliable_field_max_disagreement": engine.RELIABLE_FIELD_MAX_DISAGREEMENT,
            "febrl_calibration_precision_target": CALIBRATION_PRECISION_TARGET,
        },
    }
    try:
        a, b = load_febrl4()
        data3 = load_febrl3()
        if not args.skip_febrl:
            print("FEBRL4 (link two files) ...", flush=True)
            payload["febrl4"] = run_engine_febrl4(a, b)
            print("FEBRL3 (deduplicate) ...", flush=True)
            payload["febrl3"] = run_engine_febrl3(data3)
        if not args.skip_baselines:
            print("baselines ...", flush=True)
            payload["baselines"] = run_baselines(a, b, data3)
        if args.skip_synthetic:
            payload["synthetic"] = {"skipped": "--skip-synthetic"}
        elif not synthetic_available():
            payload["synthetic"] = {
                "skipped": "safehub/people/synthetic.py does not exist yet",
            }
        else:
            print(f"synthetic population, {args.records:,} records ...", flush=True)
            payload["synthetic"] = run_synthetic(
                args.records, args.seed, args.new_records, args.repeats
            )
    except BenchmarkError as exc:
        print(f"\nlinkage benchmark FAILED:\n{exc}", file=sys.stderr)
        return 1
    if args.only and args.merge:
        path = merge_results(args.only, payload)
    elif args.only:
        print(json.dumps(payload, indent=2))
        path = None
    else:
        path = write_results(NAME, payload)
    rows: list[list[object]] = []
    for key in ("febrl4",):
        for label, figures in payload.get(key, {}).items():
            if "met" not in figures:
                continue
            rows.append(
                [
                    f"{key} engine ({label})",
                    figures["precision"],
                    figures["recall"],
                    figures["f1"],
                    figures["met"],
                ]
            )
    for label, figures in payload.get("febrl3", {}).items():
        if "met" not in figures:
            continue
        rows.append(
            [
                f"febrl3 engine ({label}) pairwise / B3",
                figures["pairwise"]["precision"],
                figures["pairwise"]["recall"],
                f"{figures['pairwise']['f1']} / {figures['b_cubed']['f1']}",
                figures["met"],
            ]
        )
    for label, figures in payload.get("baselines", {}).items():
        scores = figures.get("pairwise", figures)
        rows.append([label, scores["precision"], scores["recall"], scores["f1"], ""])
    if rows:
        print_table(["run", "precision", "recall", "F1", "met"], rows)
    synthetic = payload.get("synthetic", {})
    if "end_to_end_seconds" in synthetic:
        print(
            f"\nsynthetic {synthetic['records']:,} records: {synthetic['end_to_end_seconds']}s end "
            f"to end, peak RSS {synthetic['peak_rss_gib']} GiB, sibling false merges "
            f"{synthetic['sibling_false_merges']}/{synthetic['sibling_pairs']}, incremental "
            f"median {synthetic['incremental']['latency']['median_ms']} ms"
        )
    if path is not None:
        print(f"\nwritten to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
