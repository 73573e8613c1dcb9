"""Batch linkage over the person index: train the model on the current records, then propose
links — automatic merges above the calibrated upper threshold when no hard evidence contradicts
them, the rest between the thresholds to the review queue.

Thresholds are calibrated on labelled pairs: the partnership's own decisions (records people
have attached to one person are matches; pairs reviewers rejected, unmerged pairs and recorded
siblings are non-matches). While those are too few (a new installation), the labels come from a
synthetic population with known truth, scored by the same trained model; the calibration
records which source it used.
"""

from __future__ import annotations

import itertools
import json
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd
from django.db import transaction

from safehub.audit.models import AuditAction
from safehub.audit.services import audit_record
from safehub.people.linkage import engine
from safehub.people.models import (
    IdentifierKind,
    LinkageModel,
    LinkCandidate,
    LinkDecision,
    PersonIdentifier,
    PersonRecord,
    Relationship,
    RelationshipKind,
)

Progress = Callable[[str], None] | None
MIN_LIVE_LABELS = 50
MAX_PAIRS_PER_PERSON = 10
COLUMNS = list(engine.INPUT_COLUMNS)


def records_frame() -> pd.DataFrame:
    """Current person records in the linkage engine's input columns, plus person_id."""
    rows = list(
        PersonRecord.objects.filter(person__merged_into__isnull=True).values_list(
            "id",
            "person_id",
            "given_name",
            "family_name",
            "date_of_birth",
            "sex",
            "postcode",
            "address",
            "phone",
            "email",
        )
    )
    nhs = dict(
        PersonIdentifier.objects.filter(kind=IdentifierKind.NHS, verified=True).values_list(
            "record_id", "value"
        )
    )
    frame = pd.DataFrame(
        [
            {
                "record_id": str(r[0]),
                "person_id": r[1],
                "given_name": r[2],
                "family_name": r[3],
                "date_of_birth": r[4].isoformat() if r[4] else "",
                "sex": r[5],
                "postcode": r[6],
                "address": r[7],
                "phone": r[8],
                "email": r[9],
                "nhs_number": nhs.get(r[0], ""),
            }
            for r in rows
        ],
        columns=["record_id", "person_id", *COLUMNS[1:]],
    )
    return frame


def live_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """Labelled record pairs from the partnership's own decisions."""
    labels: list[tuple[str, str, bool]] = []
    for _, group in frame.groupby("person_id"):
        ids = sorted(group["record_id"].tolist())[:MAX_PAIRS_PER_PERSON]
        labels += [(a, b, True) for a, b in itertools.combinations(ids, 2)]
    first_record = frame.groupby("person_id")["record_id"].min().to_dict()
    different = list(
        LinkCandidate.objects.filter(decision=LinkDecision.REJECTED).values_list(
            "person_a_id", "person_b_id"
        )
    ) + list(
        Relationship.objects.filter(kind=RelationshipKind.SIBLING_OF).values_list(
            "from_person_id", "to_person_id"
        )
    )
    for a, b in different:
        if a in first_record and b in first_record:
            left, right = sorted([first_record[a], first_record[b]])
            labels.append((left, right, False))
    return pd.DataFrame(labels, columns=["record_id_l", "record_id_r", "is_match"])


@dataclass
class TrainOutcome:
    model: LinkageModel
    labels_source: str
    labelled_pairs: int


def _synthetic_calibration(model: engine.LinkageModel, seed: int) -> tuple[engine.Thresholds, int]:
    from safehub.people import synthetic

    population = synthetic.generate_population(20_000, seed=seed)
    records = population.records[COLUMNS]
    labelled = synthetic.labelled_pairs(population, 20_000, seed=seed)
    labels = pd.DataFrame(
        {
            "record_id_l": labelled["record_id_l"].astype(str),
            "record_id_r": labelled["record_id_r"].astype(str),
            "is_match": labelled["label"].astype(bool),
        }
    )
    pairs = engine.predict_pairs(model, records, min_probability=0.01)
    pairs["veto"] = engine.veto_reasons(pairs, records)
    return engine.calibrate_thresholds(pairs, labels), len(labels)


@transaction.atomic
def linkage_train(*, actor: Any = None, seed: int = 42, progress: Progress = None) -> TrainOutcome:
    frame = records_frame()
    if len(frame) < 10:
        raise ValueError("At least 10 person records are needed to train the linkage model")
    trained = engine.train_model(frame[COLUMNS], seed=seed, progress=progress)
    labels = live_labels(frame)
    positives = int(labels["is_match"].sum()) if len(labels) else 0
    negatives = len(labels) - positives
    if positives >= MIN_LIVE_LABELS and negatives >= MIN_LIVE_LABELS:
        pairs = engine.predict_pairs(trained, frame[COLUMNS], min_probability=0.0)
        pairs["veto"] = engine.veto_reasons(pairs, frame[COLUMNS])
        thresholds = engine.calibrate_thresholds(pairs, labels)
        source, count = "partnership decisions", len(labels)
    else:
        if progress:
            progress(
                f"only {positives} matched and {negatives} non-matched labelled pairs: "
                "calibrating on a synthetic population"
            )
        thresholds, count = _synthetic_calibration(trained, seed)
        source = "synthetic population"
    trained = trained.with_thresholds(thresholds)
    LinkageModel.objects.update(is_active=False)
    stored = LinkageModel.objects.create(
        version=uuid.uuid4().hex[:12],
        trained_on_records=len(frame),
        model=json.loads(trained.to_json()),
        auto_link_threshold=thresholds.auto_link,
        review_threshold=thresholds.review,
        calibration={"source": source, "labelled_pairs": count, **thresholds.details},
        trained_by=actor if getattr(actor, "is_authenticated", False) else None,
        is_active=True,
    )
    audit_record(
        actor=actor,
        actor_email="" if actor else "linkage",
        action=AuditAction.CREATE,
        object_type="linkage_model",
        object_id=stored.pk,
        details={"records": len(frame), "calibration": source, "labelled_pairs": count},
    )
    return TrainOutcome(stored, source, count)


@dataclass
class RunOutcome:
    merged: int
    queued: int
    vetoed: int
    skipped_decided: int


def linkage_run(*, progress: Progress = None) -> RunOutcome:
    """Propose links with the active model. Safe to run repeatedly: decided pairs are never
    proposed again, and merges re-check hard contradictions at the person level."""
    from django.core.exceptions import ValidationError

    from safehub.people.models import Person
    from safehub.people.services import person_merge

    stored = LinkageModel.objects.filter(is_active=True).order_by("-created_at").first()
    if stored is None:
        raise ValueError("No linkage model yet: run `safehub link train` first")
    model = engine.LinkageModel.from_json(json.dumps(stored.model))
    frame = records_frame()
    records = frame[COLUMNS]
    pairs = engine.predict_pairs(model, records, min_probability=stored.review_threshold)
    pairs["veto"] = engine.veto_reasons(pairs, records)
    person_of = dict(zip(frame["record_id"], frame["person_id"], strict=True))
    best: dict[tuple[int, int], Any] = {}
    for row in pairs.itertuples(index=False):
        a, b = person_of[row.record_id_l], person_of[row.record_id_r]
        if a == b:
            continue
        key = (min(a, b), max(a, b))
        if key not in best or row.match_probability > best[key].match_probability:
            best[key] = row
    decided = set(
        LinkCandidate.objects.exclude(decision=LinkDecision.PENDING).values_list(
            "person_a_id", "person_b_id"
        )
    )
    outcome = RunOutcome(0, 0, 0, 0)
    evidence_columns = [c for c in pairs.columns if c.endswith("_evidence")]

    def current(person_id: int) -> int:
        seen = set()
        while person_id not in seen:
            seen.add(person_id)
            parent = Person.objects.filter(pk=person_id).values_list("merged_into_id", flat=True)
            nxt = parent.first()
            if nxt is None:
                return person_id
            person_id = nxt
        return person_id

    for (a, b), row in sorted(best.items(), key=lambda kv: -kv[1].match_probability):
        # Earlier merges in this run may have absorbed either person.
        a, b = sorted((current(a), current(b)))
        if a == b:
            continue
        if (a, b) in decided:
            outcome.skipped_decided += 1
            continue
        vetoes = [v for v in str(row.veto or "").split("; ") if v]
        automatic = row.match_probability >= stored.auto_link_threshold and not vetoes
        if automatic:
            survivor = Person.objects.filter(pk=a).first()
            absorbed = Person.objects.filter(pk=b).first()
            if (
                survivor
                and absorbed
                and survivor.merged_into_id is None
                and absorbed.merged_into_id is None
            ):
                try:
                    person_merge(
                        actor=None,
                        survivor=survivor,
                        absorbed=absorbed,
                        reason=(
                            f"Automatic link: probability {row.match_probability:.4f} "
                            f"(model {stored.version}), no contradicting evidence"
                        ),
                        automatic=True,
                    )
                    outcome.merged += 1
                    continue
                except ValidationError as exc:
                    vetoes = exc.messages
        if vetoes:
            outcome.vetoed += 1
        evidence = {
            c.removesuffix("_evidence"): getattr(row, c)
            for c in evidence_columns
            if hasattr(row, c)
        }
        LinkCandidate.objects.update_or_create(
            person_a_id=a,
            person_b_id=b,
            defaults={
                "match_probability": float(row.match_probability),
                "match_weight": float(row.match_weight),
                "evidence": evidence,
                "veto_reasons": vetoes,
                "model_version": stored.version,
            },
        )
        outcome.queued += 1
    if progress:
        progress(
            f"merged {outcome.merged}, queued {outcome.queued} for review "
            f"({outcome.vetoed} with contradicting evidence), "
            f"{outcome.skipped_decided} already decided"
        )
    return outcome
