"""The demo's person index: the seed's 337 CSE contact records about 224 young people, linked
by the batch linkage with no false merges (checked against the generator's ground truth)."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from safehub.common.demo import people as demo_people
from safehub.people.models import LinkageModel, LinkCandidate, Person, PersonMerge, PersonRecord


@pytest.mark.django_db(transaction=True)
def test_demo_persons_linked_without_false_merges(tmp_path: Path, settings: Any) -> None:
    settings.VAR_DIR = tmp_path
    call_command("demo", "--seed", "2017", "--quiet", "--no-front-door")
    truth_records = demo_people.demo_records(2017)
    truth = dict(
        zip(truth_records.record_id.astype(str), truth_records.true_person_id, strict=True)
    )
    groups: dict[int, list[Any]] = {}
    for key, person_id in PersonRecord.objects.filter(
        submission_key__startswith="demo-person-"
    ).values_list("submission_key", "person_id"):
        groups.setdefault(person_id, []).append(truth[str(key).removeprefix("demo-person-")])
    assert sum(len(g) for g in groups.values()) == 337
    assert len(set(truth.values())) == 224
    # Precision first: no person holds two different young people.
    assert all(len(set(g)) == 1 for g in groups.values())
    true_pairs = sum(
        1
        for records in truth_records.groupby("true_person_id").record_id.apply(list)
        for _ in itertools.combinations(records, 2)
    )
    found_pairs = sum(len(list(itertools.combinations(g, 2))) for g in groups.values())
    assert found_pairs / true_pairs >= 0.8
    assert 224 <= Person.objects.current().count() < 337
    assert PersonMerge.objects.filter(automatic=True).exists()
    assert LinkCandidate.objects.filter(decision="pending").exists()
    model = LinkageModel.objects.get(is_active=True)
    assert model.calibration["source"] == "synthetic population"
    assert 0 < model.review_threshold <= model.auto_link_threshold <= 1

    # Running the demo again changes nothing.
    counts = (PersonRecord.objects.count(), Person.objects.count(), LinkageModel.objects.count())
    call_command("demo", "--seed", "2017", "--quiet", "--no-front-door")
    assert (
        PersonRecord.objects.count(),
        Person.objects.count(),
        LinkageModel.objects.count(),
    ) == counts
