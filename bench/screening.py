"""Benchmark: reading the free text of a contact (safehub.frontdoor.screening.text).

On the labelled corpus tests/data/screening_corpus.jsonl, split deterministically by a hash of
each note's id into a development part (~70%, the only part whose errors were looked at while
writing the rules) and a test part (~30%), and on the held-out file
tests/data/screening_heldout.jsonl when it exists (written independently of the rules), and on
the second development corpus tests/data/screening_dev2.jsonl when it exists (written by another
author; it is a development set, its errors may be read):

* micro-averaged precision, recall and F1 over (note, code) pairs, overall and per code, plus
  macro F1 and the false-positive rate on trap-only mentions (negated, hypothetical, someone
  else, historical);
* throughput: notes per second on one CPU (the process is pinned with os.sched_setaffinity),
  streaming the corpus repeated to at least 5,000 notes through nlp.pipe and the rules; median
  of 3 runs. The pipeline's sentence splitter is compared with spaCy's sentencizer (speed only).

Further development corpora, tests/data/screening_dev3.jsonl ... screening_dev15.jsonl (written
by other authors; there is no dev8), are scored like dev2 once they exist and pass
tests/data/check_corpus.py (an incomplete file is reported as such and not scored). A second
held-out corpus, tests/data/screening_heldout2.jsonl, is scored like the first: aggregate only.

Run from the repository root: .venv/bin/python bench/screening.py [--errors dev|dev2|...|dev15]
Figures go to bench/results/screening.json. `--errors dev` (or `dev2` ... `dev15`) prints that
development set's false positives and false negatives (the test and held-out parts are never
printed).
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import statistics
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from _harness import REPO, BenchmarkError, print_table, write_results

from safehub.frontdoor.screening import text as screening
from safehub.frontdoor.screening.text_engine import Engine

NAME = "screening"
CORPUS = REPO / "tests" / "data" / "screening_corpus.jsonl"
HELDOUT = REPO / "tests" / "data" / "screening_heldout.jsonl"
# A second development corpus, written independently of the first by another author; its notes
# and errors may be read while writing rules (like the dev part of the corpus).
DEV2 = REPO / "tests" / "data" / "screening_dev2.jsonl"
# Third and fourth development corpora (other authors again), scored like dev2 when complete.
DEV3 = REPO / "tests" / "data" / "screening_dev3.jsonl"
DEV4 = REPO / "tests" / "data" / "screening_dev4.jsonl"
# A fifth (session 4), scored blind before the rules changed: P 0.849 R 0.767 (data card §11).
DEV5 = REPO / "tests" / "data" / "screening_dev5.jsonl"
# A sixth (session 5): case documents behind a contact, paraphrase; scored blind first with the
# round-3 rules: P 0.874 R 0.754 (data card §12).
DEV6 = REPO / "tests" / "data" / "screening_dev6.jsonl"
# Session 6: three more, each scored blind first with the session-5 rules (data cards §13-15):
# dev7 front-door call records P 0.850 R 0.825, dev9 short paraphrase notes 0.885/0.779, dev10
# short contact-record snippets 0.879/0.765.
DEV7 = REPO / "tests" / "data" / "screening_dev7.jsonl"
DEV9 = REPO / "tests" / "data" / "screening_dev9.jsonl"
DEV10 = REPO / "tests" / "data" / "screening_dev10.jsonl"
# And three more kept unread through round 7 to measure it (data cards §17-19); blind first with
# the session-5 rules: dev11 police and schools 0.876/0.821, dev12 health, housing and the
# night-time economy 0.844/0.784, dev13 terse advisor notes 0.910/0.835.
DEV11 = REPO / "tests" / "data" / "screening_dev11.jsonl"
DEV12 = REPO / "tests" / "data" / "screening_dev12.jsonl"
DEV13 = REPO / "tests" / "data" / "screening_dev13.jsonl"
# Two more written in session 7 (data cards §21-22), scored blind first at 01df6c7 and kept unread
# through round 9: dev14 public online-form text 0.833/0.790, dev15 front-door contact records
# 0.876/0.856.
DEV14 = REPO / "tests" / "data" / "screening_dev14.jsonl"
DEV15 = REPO / "tests" / "data" / "screening_dev15.jsonl"
EXTRA_DEV = {
    "dev3": DEV3,
    "dev4": DEV4,
    "dev5": DEV5,
    "dev6": DEV6,
    "dev7": DEV7,
    "dev9": DEV9,
    "dev10": DEV10,
    "dev11": DEV11,
    "dev12": DEV12,
    "dev13": DEV13,
    "dev14": DEV14,
    "dev15": DEV15,
}
# A second held-out corpus (session 6; online referral-form text, 250 notes, data card §16),
# written by an author who saw only the guide; like the first, only its aggregate is scored,
# never its notes or errors. Blind first with the session-5 rules: P 0.854 R 0.772.
HELDOUT2 = REPO / "tests" / "data" / "screening_heldout2.jsonl"
CHECK_CORPUS = REPO / "tests" / "data" / "check_corpus.py"
TARGETS = {"precision": 0.92, "recall": 0.90, "notes_per_second_one_core": 1000.0}
DEV_SHARE = 7  # of 10: sha256(id) % 10 < 7 is development, the rest is test
MIN_SPEED_NOTES = 5000
SPEED_RUNS = 3
CODES = screening.INDICATOR_CODES
METHOD = {
    "pipeline": "spacy.blank('en') 3.8 (tokenizer + safehub norm and sentence components); "
    "target, blocker and ConText modifier rules as data in "
    "safehub/frontdoor/screening/rules/*.json (with cross-sentence links and opening/inner "
    "blockers); ConText (negated, possible/hypothetical, "
    "historical, other experiencer, pseudo, terminate) implemented in text_engine.py with "
    "medspaCy's rule fields; subject, names and pronouns in text_people.py; dates in "
    "text_time.py",
    "why_not_medspacy": "medspacy 1.3.1 requires spacy<3.8 on Python 3.11, hence thinc 8.2 and "
    "numpy<2, which conflicts with safehub's numpy 2.4 pin (pandas, pyarrow, splink, "
    "scikit-learn); medspaCy's ConText algorithm is small and is reimplemented over spaCy 3.8",
    "why_not_spacy_matcher": "spaCy's Matcher tries every pattern at every token: about 28 ms "
    "a note with these rules; text_matcher.py indexes patterns by their first token",
    "development": "rules were written from the dev part's notes and errors only, from the "
    "second development corpus (tests/data/screening_dev2.jsonl, written independently by "
    "another author; its notes and errors were read) and from paraphrases the developers wrote "
    "themselves; no test or held-out note or error was ever printed or read. First round: the "
    "held-out file was scored three times (P 0.881/R 0.762, then 0.881/0.767, then 0.881/0.767) "
    "and its per-code counts were printed once. Second round (generality: people named inside "
    "a phrase, a teller other than the child, negation over lists, clause subjects, sentence-"
    "wide scope for another person as subject, scare quotes, paraphrase lexicons, dev2): test "
    "and held-out aggregate scores were computed twice, once midway (test P 0.807/R 0.804, "
    "held-out 0.883/0.779, before dev2 existed; only the aggregate figures and trap-only "
    "false-positive rates of that run were looked at) and in this run. Third round "
    "(generalisation to other authors; start: dev2 P 0.885/R 0.837, test 0.824/0.799, held-out "
    "0.894/0.800): causes in dev2's errors were fixed by general rules (paraphrase lexicons for "
    "every code, vehicles only with a getting-in/booking context, hyphenated rule words, "
    "findings read across neighbouring sentences, the child named with a friend, a friend who "
    "only tells, the child's own quoted words, names known from an age or a role, explicit "
    "subject lines, opening/inner blockers, matcher speed-ups). Two further development corpora "
    "by other authors were scored blind on first contact, before any of their notes or errors "
    "were read: dev3 (tests/data/screening_dev3.jsonl, 300 notes) P 0.876/R 0.689 (F1 0.771), "
    "after the dev2 round; dev4 (screening_dev4.jsonl, 300 notes) P 0.856/R 0.758 (F1 0.804), "
    "after the dev2 round and subject-detection changes from dev3's errors (dev4's aggregate was "
    "scored once more, still unread, after the dev3 round: P 0.858/R 0.774). Their errors were "
    "then read and used. The full bench (test and held-out aggregates only) was run four times "
    "in this round: after the dev3 round (test 0.860/0.804, held-out 0.908/0.837), after the "
    "dev4 round (test 0.886/0.812, held-out 0.914/0.837), after a last round on dev3/dev4 "
    "(test 0.886/0.817, held-out 0.912/0.837; 919 notes/s wall-clock under a load average of "
    "3.8 from another benchmark, 1,191 per CPU-second), and in this final run after matcher "
    "speed-ups only. Tried and "
    "dropped: reading DISCLOSURE from an older partner plus sexual-health context told by the "
    "child (helped dev4, hurt dev, dev2 and dev3: the authors label it differently)",
    "session_6": "docs/decisions/0016. Six new corpora by authors who saw only the guide, "
    "each scored blind first with the session-5 rules (1b4f181): dev7 P 0.850/R 0.825, dev9 "
    "0.885/0.779, dev10 0.879/0.765, dev11 0.876/0.821, dev12 0.844/0.784, dev13 0.910/0.835; "
    "a seventh became the second held-out corpus (never read; 0.854/0.772). Round 6 (rules from "
    "the older corpora's errors) moved the new corpora by nothing; round 7 (each code's wording "
    "families listed first, then the errors of dev-dev10; rules moved to "
    "rules/indicators/<CODE>.json) moved dev11-dev13, still unread, from R 0.812 to 0.848 "
    "(P 0.875 to 0.870). dev11 was read after round 7 and used in round 8. The held-out file was "
    "scored after round 7 (P 0.925/R 0.891) and at the end of the session (unchanged; 969 "
    "notes/s after identical-output speed-ups)",
    "session_7": "docs/decisions/0016 (session 7). Speed first, outputs identical on all "
    "4,094 corpus notes (scripts/screening_dump.py): leading word tests settled in the "
    "matcher's loop, every needed word tested against the text and within reach, alternatives "
    "looked up by the word at hand, modifiers read only in sentences with findings (1,090 "
    "notes per CPU-second from ~990). Two new corpora by guide-only authors scored blind "
    "first at 01df6c7: dev14 public online forms P 0.833/R 0.790, dev15 front-door records "
    "0.876/0.856. Round 9 (families per code group, engine fixes; dev14/dev15 and dev12/dev13 "
    "unread) and round 10 (the families behind dev14/dev15's errors; dev12/dev13 still "
    "unread): dev12+dev13 from P 0.870/R 0.846 to 0.884/0.861; the held-out file was scored "
    "four times, after round 10 and after each later change (P 0.937/R 0.895 each time); the "
    "new rules cost ~10% of the speed, three more identical-output changes won it back "
    "(1,025 notes/s)",
    "learned_component": "none shipped (docs/decisions/0012). Fourth round: a sentence-level "
    "logistic regression per code over words and word pairs, trained by multiple-instance "
    "learning from note-level labels and added to the rule proposals through the engine's "
    "ConText and date checks, was evaluated leave-one-corpus-out over the four development "
    "corpora only (thresholds by inner leave-one-corpus-out): pooled rules alone P 0.942/R 0.900 "
    "(F1 0.921), rules + learned 0.938/0.902 (F1 0.920), +6 true and +13 false findings; no "
    "variant (C 1-16, no witness re-selection, false-positive cost 1.0, word prefixes), nor a "
    "note-level TF-IDF classifier as a recall source or as a veto of rule proposals, gained. It "
    "was not shipped; the rules are unchanged. The held-out file was not used to decide: the "
    "full bench was run once in this round, after the learned code had been removed, to "
    "refresh this file (the rules and figures are those of the third round)",
}


def split_of(note_id: str) -> str:
    """ "dev" or "test", fixed by a hash of the id (so adding notes never moves old ones)."""
    digest = int(hashlib.sha256(note_id.encode("utf-8")).hexdigest(), 16)
    return "dev" if digest % 10 < DEV_SHARE else "test"


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    rows = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise BenchmarkError(f"{path}:{number}: not JSON: {exc}") from exc
    return rows


def score(rows: Sequence[dict[str, Any]], predicted: Sequence[Sequence[str]]) -> dict[str, Any]:
    """Micro and macro precision/recall/F1 and trap false-positive rates."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    trap_total: Counter[str] = Counter()
    trap_fp: Counter[str] = Counter()
    for row, codes in zip(rows, predicted, strict=True):
        gold = set(row.get("indicators", []))
        got = set(codes)
        for code in got & gold:
            tp[code] += 1
        for code in got - gold:
            fp[code] += 1
        for code in gold - got:
            fn[code] += 1
        for kind in {(t["kind"], t["code"]) for t in row.get("traps", []) if t["code"] not in gold}:
            trap_total[kind[0]] += 1
            if kind[1] in got:
                trap_fp[kind[0]] += 1

    def prf(t: int, f_p: int, f_n: int) -> dict[str, Any]:
        p = t / (t + f_p) if t + f_p else 1.0
        r = t / (t + f_n) if t + f_n else 1.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        return {
            "precision": round(p, 4),
            "recall": round(r, 4),
            "f1": round(f1, 4),
            "tp": t,
            "fp": f_p,
            "fn": f_n,
        }

    per_code = {code: prf(tp[code], fp[code], fn[code]) for code in CODES}
    micro = prf(sum(tp.values()), sum(fp.values()), sum(fn.values()))
    supported = [per_code[c]["f1"] for c in CODES if tp[c] + fn[c] > 0]
    return {
        "notes": len(rows),
        "micro": micro,
        "macro_f1": round(statistics.fmean(supported), 4) if supported else None,
        "trap_only_false_positive_rate": {
            kind: {
                "mentions": trap_total[kind],
                "false_positives": trap_fp[kind],
                "rate": round(trap_fp[kind] / trap_total[kind], 4) if trap_total[kind] else None,
            }
            for kind in ("negation", "other_experiencer", "hypothetical", "historical")
        },
        "per_code": per_code,
    }


def corpus_complete(path: Path) -> bool:
    """Whether a corpus file exists and passes tests/data/check_corpus.py (complete and valid)."""
    if not path.exists():
        return False
    try:
        done = subprocess.run(
            [sys.executable, str(CHECK_CORPUS), str(path)],
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


def load_extra_dev() -> dict[str, list[dict[str, Any]]]:
    """The further development corpora's rows, for each that is complete (else absent)."""
    return {name: read_jsonl(path) for name, path in EXTRA_DEV.items() if corpus_complete(path)}


def predict(rows: Sequence[dict[str, Any]], today: dt.date) -> list[list[str]]:
    return list(screening.screen_many((row["text"] for row in rows), today=today))


def print_errors(rows: Sequence[dict[str, Any]], predicted: Sequence[Sequence[str]]) -> None:
    for row, codes in zip(rows, predicted, strict=True):
        gold = set(row.get("indicators", []))
        got = set(codes)
        if gold == got:
            continue
        print(f"\n## {row['id']}  FP={sorted(got - gold)}  FN={sorted(gold - got)}")
        print(row["text"])
        for finding in screening.explain_text(row["text"]):
            if finding.code in (got ^ gold):
                flag = "+" if finding.proposed else f"- {finding.reason}"
                print(f"   {finding.code:<16} {flag:<28} {finding.phrase!r}")


# --- speed ------------------------------------------------------------------------------------


def pin_to_one_cpu() -> int | None:
    """Pin this process to one CPU (the first it may use); return it, or None if unsupported."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    cpu = min(os.sched_getaffinity(0))
    os.sched_setaffinity(0, {cpu})
    return cpu


def _texts(rows: Sequence[dict[str, Any]]) -> list[str]:
    texts = [row["text"] for row in rows]
    repeats = -(-MIN_SPEED_NOTES // len(texts))
    return texts * repeats


def time_full(engine: Engine, texts: Iterable[str], today: dt.date) -> tuple[float, float]:
    """Wall-clock and CPU seconds to read every text (nlp.pipe, then the rules)."""
    started, cpu = time.perf_counter(), time.process_time()
    for doc in engine.docs(texts):
        engine.analyse(doc, today)
    return time.perf_counter() - started, time.process_time() - cpu


def time_pipeline(engine: Engine, texts: Iterable[str]) -> float:
    started = time.perf_counter()
    for _ in engine.nlp.pipe(texts, batch_size=256):
        pass
    return time.perf_counter() - started


def measure_speed(rows: Sequence[dict[str, Any]], today: dt.date) -> dict[str, Any]:
    cpu = pin_to_one_cpu()
    texts = _texts(rows)
    engine = screening.get_engine()
    time_full(engine, texts[:200], today)  # warm up (the engine is built on first use)
    runs = [time_full(engine, texts, today) for _ in range(SPEED_RUNS)]
    full = [wall for wall, _ in runs]
    cpu_seconds = [used for _, used in runs]
    ours = [time_pipeline(engine, texts) for _ in range(SPEED_RUNS)]
    sentencizer = Engine(sentences="sentencizer")
    time_pipeline(sentencizer, texts[:200])
    theirs = [time_pipeline(sentencizer, texts) for _ in range(SPEED_RUNS)]
    median = statistics.median(full)
    return {
        "pinned_cpu": cpu,
        "cpus_allowed_after_pinning": len(os.sched_getaffinity(0))
        if hasattr(os, "sched_getaffinity")
        else None,
        "notes_per_run": len(texts),
        "runs": SPEED_RUNS,
        "seconds_per_run": [round(x, 3) for x in full],
        "notes_per_second_median": round(len(texts) / median, 1),
        "notes_per_second_best": round(len(texts) / min(full), 1),
        "notes_per_cpu_second_median": round(len(texts) / statistics.median(cpu_seconds), 1),
        "note": "wall-clock figures on a shared machine; the CPU-time figure is this process's",
        "sentence_splitter": {
            "note": "tokenizer + norm + sentence splitting only (nlp.pipe), notes per second",
            "safehub_text_sentences": round(len(texts) / statistics.median(ours), 1),
            "spacy_sentencizer": round(len(texts) / statistics.median(theirs), 1),
            "chosen": "safehub_text_sentences (also splits at line breaks for bullet lists)",
        },
    }


# --- main -------------------------------------------------------------------------------------


def parse(argv: Sequence[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--today", type=dt.date.fromisoformat, default=dt.date.today())
    parser.add_argument(
        "--errors",
        choices=["dev", "dev2", *EXTRA_DEV],
        help="print a development set's errors",
    )
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument(
        "--dev-only",
        action="store_true",
        help="score the dev part only and write nothing (for rule development)",
    )
    return parser.parse_args(argv)


def main(argv: Sequence[str]) -> int:
    args = parse(argv)
    try:
        rows = read_jsonl(CORPUS)
    except (OSError, BenchmarkError) as exc:
        print(f"screening benchmark FAILED: {exc}", file=sys.stderr)
        return 1
    dev = [r for r in rows if split_of(r["id"]) == "dev"]
    test = [r for r in rows if split_of(r["id"]) == "test"]
    began = time.perf_counter()
    dev_pred = predict(dev, args.today)
    dev2 = read_jsonl(DEV2) if DEV2.exists() else []
    dev2_pred = predict(dev2, args.today) if dev2 else []
    if args.errors == "dev":
        print_errors(dev, dev_pred)
    if args.errors == "dev2":
        print_errors(dev2, dev2_pred)
    extra = load_extra_dev()
    extra_pred = {name: predict(part, args.today) for name, part in extra.items()}
    if args.errors in EXTRA_DEV:
        if args.errors not in extra:
            print(f"{args.errors}: missing or incomplete (check_corpus.py fails)", file=sys.stderr)
        else:
            print_errors(extra[args.errors], extra_pred[args.errors])
    if args.dev_only:
        parts = [("dev", dev, dev_pred)] + ([("dev2", dev2, dev2_pred)] if dev2 else [])
        parts += [(name, extra[name], extra_pred[name]) for name in extra]
        for name, part_rows, part_pred in parts:
            figures = score(part_rows, part_pred)
            micro = figures["micro"]
            print(f"{name}: P={micro['precision']} R={micro['recall']} F1={micro['f1']}")
            for code, row in figures["per_code"].items():
                scores = f"P={row['precision']:<7} R={row['recall']:<7}"
                print(f"  {code:<16} {scores} fp={row['fp']} fn={row['fn']}")
        return 0
    test_pred = predict(test, args.today)
    results: dict[str, Any] = {
        "dev": score(dev, dev_pred),
        "test": score(test, test_pred),
    }
    if dev2:
        results["dev2"] = score(dev2, dev2_pred)
    else:
        results["dev2"] = {"missing": f"{DEV2.relative_to(REPO)} does not exist"}
    for name, path in EXTRA_DEV.items():
        if name in extra:
            results[name] = score(extra[name], extra_pred[name])
        elif path.exists():
            results[name] = {"missing": f"{path.relative_to(REPO)} is incomplete"}
        else:
            results[name] = {"missing": f"{path.relative_to(REPO)} does not exist"}
    for name, path in (("heldout", HELDOUT), ("heldout2", HELDOUT2)):
        if path.exists():
            held = read_jsonl(path)
            results[name] = score(held, predict(held, args.today))
        else:
            results[name] = {"missing": f"{path.relative_to(REPO)} does not exist"}
    by_id = {r["id"]: codes for r, codes in zip(dev + test, dev_pred + test_pred, strict=True)}
    results["all_corpus"] = score(rows, [by_id[r["id"]] for r in rows])
    scoring_seconds = time.perf_counter() - began

    payload: dict[str, Any] = {
        "benchmark": NAME,
        "description": (__doc__ or "").split("\n\n")[0].replace("\n", " "),
        "targets": TARGETS,
        "reference_date": args.today.isoformat(),
        "load_average_at_start_1_5_15_min": [round(x, 2) for x in os.getloadavg()],
        "split": {
            "rule": f"sha256(id) % 10 < {DEV_SHARE} is dev, else test",
            "dev_notes": len(dev),
            "test_notes": len(test),
            "dev2_notes": len(dev2),
            **{f"{name}_notes": len(extra.get(name, [])) for name in EXTRA_DEV},
        },
        "scoring_seconds": round(scoring_seconds, 2),
        "method": METHOD,
        **results,
    }
    if not args.skip_speed:
        payload["speed"] = measure_speed(rows, args.today)
    met = {}
    for part in ("dev", "dev2", *EXTRA_DEV, "test", "heldout", "heldout2"):
        micro = results[part].get("micro")
        if micro:
            met[part] = {
                "precision": micro["precision"] >= TARGETS["precision"],
                "recall": micro["recall"] >= TARGETS["recall"],
            }
    if "speed" in payload:
        met["speed"] = (
            payload["speed"]["notes_per_second_median"] >= TARGETS["notes_per_second_one_core"]
        )
    payload["targets_met"] = met
    path = write_results(NAME, payload)
    table = []
    for part in ("dev", "dev2", *EXTRA_DEV, "test", "heldout", "heldout2", "all_corpus"):
        micro = results[part].get("micro")
        if micro:
            table.append(
                [part, results[part]["notes"], micro["precision"], micro["recall"], micro["f1"]]
            )
        else:
            table.append([part, "-", "-", "-", results[part].get("missing", "")])
    print_table(["part", "notes", "precision", "recall", "F1"], table)
    if "speed" in payload:
        print(f"\n{payload['speed']['notes_per_second_median']} notes/s on one CPU (median)")
    print(f"\nwritten to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
