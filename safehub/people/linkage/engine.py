"""safehub's person-linkage engine: which records from many agencies are the same person.

Pipeline: `read_input_csv` -> `prepare_records` -> `train_model` -> `predict_pairs` ->
`veto_reasons` -> `cluster_pairs`; `link_records` runs it all on one table. The model is a
Fellegi-Sunter model run by Splink 5 (DuckDB by default, PySpark local mode on request); its
specification lives in `model_settings.py`.

Precision matters more than recall here: merging two children puts one child's history in
another's file. So an automatic link needs a high match probability *and* no hard evidence
against it (`veto_reasons`), and clustering never puts two records with a veto between them
in one person, however they are chained (`cluster_pairs`).

No Django imports: the engine is a plain library used by the link-persons command, the
benchmarks and (later) the person index.
"""

from __future__ import annotations

import copy
import csv
import dataclasses
import datetime as dt
import functools
import json
import logging
import math
import os
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
from rapidfuzz.distance import DamerauLevenshtein
from splink.internals.constants import LEVEL_NOT_OBSERVED_TEXT

from . import _normalise as nz
from . import model_settings as ms
from ._nicknames import nickname_equivalent
from .model_settings import LinkType, ModelOptions, PostcodeFormat

Engine = Literal["duckdb", "spark"]
Progress = Callable[[str], None] | None

INPUT_COLUMNS: tuple[str, ...] = (
    "record_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "postcode",
    "address",
    "phone",
    "email",
    "nhs_number",
)
OPTIONAL_COLUMNS: tuple[str, ...] = INPUT_COLUMNS[1:]
SOURCE_COLUMN = "source_dataset"

# Columns made by prepare_records (all strings or None).
PREPARED_COLUMNS: tuple[str, ...] = (
    "record_id",
    "given_name",
    "given_first",
    "given_nick",
    "given_nick2",
    "given_metaphone",
    "given_initial",
    "family_name",
    "family_tok1",
    "family_tok2",
    "family_metaphone",
    "family_initial",
    "initials_key",
    "names_key",
    "dob",
    "dob_swapped",
    "birth_year",
    "dob_month_day",
    "dob_year_month",
    "dob_year_day",
    "sex",
    "postcode",
    "postcode_outward",
    "postcode_sector",
    "postcode_area",
    "address",
    "address_number",
    "address_key",
    "address_street",
    "phone",
    "email",
    "email_user",
    "nhs_number",
)

# A veto on dates of birth needs them this far apart (and not a day/month swap, and not a
# one-character typo that moves the year by less than DOB_TYPO_MAX_YEARS).
DOB_VETO_DAYS = 2 * 365.25
DOB_TYPO_MAX_YEARS = 12
# The date-of-birth and household vetoes protect children and young people: they apply to a
# pair when either record's person is at most this old today (safeguarding's scope runs to
# 25 for care leavers); see veto_reasons.
YOUNG_PERSON_MAX_AGE = 25
# Between two adults those vetoes rest on the data recording dates of birth and given names
# reliably: each applies only where the trained model estimates that at most this share of
# one person's record pairs disagree on its field entirely (the m probability of the
# comparison's "anything else" level); see adult_veto_kinds.
RELIABLE_FIELD_MAX_DISAGREEMENT = 0.03

logger = logging.getLogger(__name__)


class InputError(ValueError):
    """The input as a whole cannot be used (unreadable file, no record_id column...)."""


# --- reading --------------------------------------------------------------------------------


@dataclass(frozen=True)
class BadRow:
    """A problem with one input row.

    `line` is the physical line in the file where the row starts, counting the header as
    line 1, as a person sees it in an editor. `dropped` is True when the whole row was left
    out (no record_id, duplicate record_id, wrong number of fields); otherwise only the named
    field was blanked and the row was kept.
    """

    line: int
    record_id: str
    message: str
    dropped: bool = False

    def __str__(self) -> str:
        return f"line {self.line}: {self.message}"


def _field_problems(
    frame: pd.DataFrame, postcode_format: PostcodeFormat
) -> tuple[pd.DataFrame, dict[str, pd.Series]]:
    """Clean every optional field; return (cleaned fields, problem message per field).

    The cleaned frame holds normalised values (names lower case, postcodes formatted...);
    a value that cannot be used is None there and has a problem message.
    """
    cleaned = pd.DataFrame(index=frame.index)
    problems: dict[str, pd.Series] = {}
    cleaned["given_name"] = nz.normalise_names(frame["given_name"])
    cleaned["family_name"] = nz.normalise_names(frame["family_name"])
    cleaned["date_of_birth"], problems["date_of_birth"] = nz.parse_dates(frame["date_of_birth"])
    cleaned["sex"], problems["sex"] = nz.normalise_sex(frame["sex"])
    cleaned["postcode"], problems["postcode"] = nz.normalise_postcodes(
        frame["postcode"], postcode_format
    )
    cleaned["address"] = nz.normalise_address(frame["address"])
    cleaned["phone"], problems["phone"] = nz.normalise_phones(frame["phone"])
    cleaned["email"], problems["email"] = nz.normalise_emails(frame["email"])
    cleaned["nhs_number"], problems["nhs_number"] = nz.normalise_nhs_numbers(frame["nhs_number"])
    return cleaned, problems


def _with_all_columns(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    for column in OPTIONAL_COLUMNS:
        if column not in out.columns:
            out[column] = None
    return out


def read_input_csv(
    path: str | os.PathLike[str], *, postcode_format: PostcodeFormat = "uk"
) -> tuple[pd.DataFrame, list[BadRow]]:
    """Read a person CSV (UTF-8, header row, columns as in INPUT_COLUMNS; only record_id is
    required, unknown columns are ignored).

    Guarantees:
    * every good row is returned, whatever is wrong with other rows;
    * a row without a record_id, with a record_id already used by an earlier row, or with
      the wrong number of fields is left out and reported with `dropped=True`;
    * a row whose optional field cannot be used (impossible or future date of birth, NHS
      number failing its check digit, malformed postcode / phone / email, unknown sex) is
      kept with that field blanked and reported (`dropped=False`): the rest of the row still
      helps find the person;
    * returned values are the file's text stripped of surrounding spaces (normalisation is
      `prepare_records`' job), all as str or None, in file order, with a `line` column;
    * `BadRow.line` counts the header as line 1 and is the line where the row starts.

    Raises InputError when the file cannot be read as CSV text or has no record_id column.
    """
    try:
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115
    except OSError as exc:
        raise InputError(f"cannot open {os.fspath(path)!r}: {exc.strerror or exc}") from exc
    bad: list[BadRow] = []
    rows: list[list[str]] = []
    lines: list[int] = []
    try:
        with handle:
            reader = csv.reader(handle)
            try:
                header = next(reader)
            except StopIteration:
                raise InputError(f"{os.fspath(path)!r} is empty (no header row)") from None
            names = [name.strip().lower() for name in header]
            if "record_id" not in names:
                raise InputError(
                    f"{os.fspath(path)!r} has no record_id column (header: {', '.join(header)})"
                )
            width = len(names)
            id_at = names.index("record_id")
            next_line = reader.line_num + 1
            for row in reader:
                start = next_line
                next_line = reader.line_num + 1
                if not row or all(not cell.strip() for cell in row):
                    continue  # blank line
                if len(row) != width:
                    record_id = row[id_at].strip() if id_at < len(row) else ""
                    bad.append(
                        BadRow(
                            start,
                            record_id,
                            f"has {len(row)} fields, the header has {width}",
                            True,
                        )
                    )
                    continue
                rows.append(row)
                lines.append(start)
    except UnicodeDecodeError as exc:
        raise InputError(f"{os.fspath(path)!r} is not UTF-8 text: {exc}") from exc
    except csv.Error as exc:
        raise InputError(f"{os.fspath(path)!r} is not valid CSV: {exc}") from exc

    keep = [i for i, name in enumerate(names) if name in INPUT_COLUMNS]
    keep_names = [names[i] for i in keep]
    if len(set(keep_names)) != len(keep_names):
        raise InputError(f"{os.fspath(path)!r} has a repeated column in its header")
    frame = pd.DataFrame([[row[i] for i in keep] for row in rows], columns=keep_names, dtype=object)
    frame = _with_all_columns(frame)
    for column in INPUT_COLUMNS:
        frame[column] = nz.blank_to_none(frame[column]) if len(frame) else frame[column]
    frame.insert(0, "line", lines)

    # Rows that cannot be linked at all.
    missing_id = frame["record_id"].isna()
    duplicate = frame["record_id"].duplicated(keep="first") & ~missing_id
    first_line = frame.loc[~missing_id].drop_duplicates("record_id").set_index("record_id")["line"]
    for line in frame.loc[missing_id, "line"]:
        bad.append(BadRow(int(line), "", "record_id is missing", True))
    for line, record_id in frame.loc[duplicate, ["line", "record_id"]].itertuples(index=False):
        bad.append(
            BadRow(
                int(line),
                str(record_id),
                f"record_id {record_id!r} is already used on line {int(first_line[record_id])}",
                True,
            )
        )
    frame = frame.loc[~missing_id & ~duplicate].reset_index(drop=True)

    # Fields that cannot be used: blank them, keep the row.
    if len(frame):
        _, problems = _field_problems(frame, postcode_format)
        for column, problem in problems.items():
            flagged = problem.notna()
            for line, record_id, value, message in zip(
                frame.loc[flagged, "line"],
                frame.loc[flagged, "record_id"],
                frame.loc[flagged, column],
                problem[flagged],
                strict=True,
            ):
                bad.append(
                    BadRow(int(line), str(record_id), f"{column} {value!r} {message}", False)
                )
            frame.loc[flagged, column] = None
    bad.sort(key=lambda b: (b.line, b.message))
    return frame, bad


# --- preparing --------------------------------------------------------------------------------


def prepare_records(
    records: pd.DataFrame, *, postcode_format: PostcodeFormat = "uk"
) -> pd.DataFrame:
    """Normalised and derived columns for the comparisons (PREPARED_COLUMNS, plus
    `source_dataset` when the input has it).

    Guarantees: one output row per input row, same order, record_id as str; every column is
    str or None (so DuckDB and Spark see the same types); a value that cannot be used
    (impossible date, invalid NHS number, non-UK postcode when postcode_format="uk") is None,
    silently (read_input_csv is where such values are reported). Derived columns:
    names lower-cased without accents or punctuation; first given name; canonical names of
    its first two nickname groups; Metaphone codes; initials; family-name tokens (first and, for a
    hyphenated or double-barrelled name, last); `initials_key` and `names_key` (the two
    initials / first given and family names sorted, so swapped names share them); date of
    birth, its day/month swap, year, month-day, year-month and year-day; postcode outward
    code and sector (UK) and area (outward code, or the first three characters of a non-UK
    postcode); house number; the home (`address_key`: house number and the two words after
    it); the street (`address_street`: the first word after the house number); phone
    digits; email and its local part; NHS number digits.
    Raises InputError if record_id is missing or not unique.
    """
    if "record_id" not in records.columns:
        raise InputError("records have no record_id column")
    frame = _with_all_columns(records).reset_index(drop=True)
    record_id = nz.blank_to_none(frame["record_id"].astype(str).where(frame["record_id"].notna()))
    if record_id.isna().any():
        raise InputError("some records have no record_id")
    if record_id.duplicated().any():
        raise InputError("record_id values are not unique")
    cleaned, _ = _field_problems(frame, postcode_format)
    out = pd.DataFrame(index=frame.index)
    out["record_id"] = record_id.astype(str)
    given = cleaned["given_name"]
    family = cleaned["family_name"]
    out["given_name"] = given
    out["given_first"] = nz.first_token(given)
    out["given_nick"] = nz.nickname_canonical(given)
    out["given_nick2"] = nz.nickname_canonical(given, 1)
    out["given_metaphone"] = nz.metaphone(out["given_first"])
    out["given_initial"] = nz.initial(given)
    out["family_name"] = family
    out["family_tok1"] = nz.first_token(family)
    out["family_tok2"] = nz.last_token_if_several(family)
    out["family_metaphone"] = nz.metaphone(family)
    out["family_initial"] = nz.initial(family)
    gi = out["given_initial"].fillna("")
    fi = out["family_initial"].fillna("")
    key = np.where(gi <= fi, gi + fi, fi + gi)
    out["initials_key"] = nz.as_object(np.where(key == "", None, key), frame.index)
    first = out["given_first"].fillna("")
    fam = family.fillna("")
    names = np.where(first <= fam, first + "|" + fam, fam + "|" + first)
    has_both = (first != "") & (fam != "")
    out["names_key"] = nz.as_object(np.where(has_both, names, None), frame.index)
    dob = cleaned["date_of_birth"]
    out["dob"] = dob
    out["dob_swapped"] = nz.swapped_day_month(dob)
    out["birth_year"] = nz.map_unique(dob, lambda v: v[:4])
    out["dob_month_day"] = nz.map_unique(dob, lambda v: v[5:])
    out["dob_year_month"] = nz.map_unique(dob, lambda v: v[:7])
    out["dob_year_day"] = nz.map_unique(dob, lambda v: v[:4] + v[7:])
    out["sex"] = cleaned["sex"]
    out["postcode"] = cleaned["postcode"]
    out["postcode_outward"], out["postcode_sector"] = nz.postcode_parts(
        cleaned["postcode"], postcode_format
    )
    if postcode_format == "uk":
        out["postcode_area"] = out["postcode_outward"]
    else:
        out["postcode_area"] = nz.map_unique(cleaned["postcode"], lambda v: v[:3])
    out["address"] = cleaned["address"]
    out["address_number"] = nz.address_number(cleaned["address"])
    out["address_key"] = nz.address_key(cleaned["address"])
    out["address_street"] = nz.address_street(cleaned["address"])
    out["phone"] = cleaned["phone"]
    out["email"] = cleaned["email"]
    out["email_user"] = nz.email_user(cleaned["email"])
    out["nhs_number"] = cleaned["nhs_number"]
    if SOURCE_COLUMN in frame.columns:
        out[SOURCE_COLUMN] = frame[SOURCE_COLUMN].astype(str)
    return out


def _is_prepared(records: pd.DataFrame) -> bool:
    return all(column in records.columns for column in PREPARED_COLUMNS)


def _ensure_prepared(records: pd.DataFrame, postcode_format: PostcodeFormat) -> pd.DataFrame:
    if _is_prepared(records):
        return records
    return prepare_records(records, postcode_format=postcode_format)


def _fields_with_values(prepared: pd.DataFrame) -> tuple[str, ...]:
    sources = {
        "date_of_birth": "dob",
        "sex": "sex",
        "postcode": "postcode",
        "address": "address",
        "phone": "phone",
        "email": "email",
        "nhs_number": "nhs_number",
        "given_name": "given_name",
        "family_name": "family_name",
    }
    return tuple(name for name, column in sources.items() if prepared[column].notna().any())


# --- the model --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Thresholds:
    """Match-probability thresholds, stored with a model.

    A pair with match_probability >= auto_link and no veto links automatically; a pair with
    review <= match_probability (or a vetoed pair >= review) goes to a person to decide.
    `source` says how they were chosen; `details` holds the figures behind the choice.
    """

    auto_link: float
    review: float
    source: str
    details: dict[str, Any] = field(default_factory=dict)


@dataclass
class LinkageModel:
    """A trained person-linkage model: the trained Splink settings (m and u probabilities,
    prior, comparisons, blocking rules), the options it was built for, its thresholds and
    metadata about its training. JSON-serialisable with `to_json` / `from_json`."""

    settings: dict[str, Any]
    options: ModelOptions
    thresholds: Thresholds
    metadata: dict[str, Any] = field(default_factory=dict)

    def to_json(self) -> str:
        document = {
            "model_version": ms.MODEL_VERSION,
            "options": {
                "link_type": self.options.link_type,
                "postcode_format": self.options.postcode_format,
                "columns": list(self.options.columns),
                "blocking": [list(rule) for rule in self.options.blocking],
            },
            "thresholds": asdict(self.thresholds),
            "metadata": self.metadata,
            "splink_settings": self.settings,
        }
        return json.dumps(document, indent=2, sort_keys=False, default=str)

    @classmethod
    def from_json(cls, text: str) -> LinkageModel:
        document = json.loads(text)
        if document.get("model_version") != ms.MODEL_VERSION:
            raise ValueError(f"not a {ms.MODEL_VERSION} model: {document.get('model_version')}")
        options = document["options"]
        return cls(
            settings=document["splink_settings"],
            options=ModelOptions(
                link_type=options["link_type"],
                postcode_format=options["postcode_format"],
                columns=tuple(options["columns"]),
                blocking=tuple(tuple(r) for r in options.get("blocking", [])),
            ),
            thresholds=Thresholds(**document["thresholds"]),
            metadata=document.get("metadata", {}),
        )

    def save(self, path: str | os.PathLike[str]) -> None:
        Path(path).write_text(self.to_json() + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: str | os.PathLike[str]) -> LinkageModel:
        return cls.from_json(Path(path).read_text(encoding="utf-8"))

    def with_thresholds(self, thresholds: Thresholds) -> LinkageModel:
        return LinkageModel(self.settings, self.options, thresholds, dict(self.metadata))


# --- backends ---------------------------------------------------------------------------------

_spark_lock = threading.Lock()
_spark_session: Any = None


def spark_session() -> Any:
    """A local PySpark session for Splink (created once per process).

    local[2], 2 shuffle partitions, UI off, bound to 127.0.0.1, Splink's bundled similarity
    jar (jaro_winkler, damerau_levenshtein...) from the installed splink package: nothing is
    downloaded.
    """
    global _spark_session
    with _spark_lock:
        if _spark_session is None:
            from pyspark.sql import SparkSession
            from splink.backends.spark import similarity_jar_location

            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            local_dir = tempfile.mkdtemp(prefix="safehub-spark-")
            _spark_session = (
                SparkSession.builder.master("local[2]")
                .appName("safehub-linkage")
                .config("spark.ui.enabled", "false")
                .config("spark.ui.showConsoleProgress", "false")
                .config("spark.driver.host", "127.0.0.1")
                .config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.sql.shuffle.partitions", "2")
                .config("spark.default.parallelism", "2")
                .config("spark.local.dir", local_dir)
                .config("spark.sql.warehouse.dir", os.path.join(local_dir, "warehouse"))
                .config("spark.jars", similarity_jar_location())
                .config("spark.jars.ivy", os.path.join(local_dir, "ivy"))
                .config("spark.sql.execution.arrow.pyspark.enabled", "true")
                .config("spark.driver.memory", "2g")
                .getOrCreate()
            )
            _spark_session.sparkContext.setLogLevel("ERROR")
        return _spark_session


# DuckDB's memory cap; beyond it, it spills to a temporary directory. Its own default is 80%
# of the machine's memory, kept as cache: on a million records that made the whole process
# peak at 4.6 GiB; capped at 2 GB it peaks at 3.7 GiB for ~10% more time (bench/linkage.py).
DUCKDB_MEMORY_LIMIT = "2GB"


def _duckdb_api() -> Any:
    """An in-memory DuckDB for Splink, capped at DUCKDB_MEMORY_LIMIT; the environment
    variable SAFEHUB_LINKAGE_DUCKDB_MEMORY overrides the cap ("none" for DuckDB's default)."""
    import duckdb
    from splink import DuckDBAPI

    config: dict[str, str | bool | int | float | list[str]] = {
        "temp_directory": os.path.join(tempfile.gettempdir(), "safehub-linkage-duckdb")
    }
    limit = os.environ.get("SAFEHUB_LINKAGE_DUCKDB_MEMORY", DUCKDB_MEMORY_LIMIT).strip()
    if limit and limit.lower() != "none":
        config["memory_limit"] = limit
    return DuckDBAPI(connection=duckdb.connect(":memory:", config=config))


def _db_api(engine: Engine) -> Any:
    if engine == "duckdb":
        return _duckdb_api()
    if engine == "spark":
        from splink import SparkAPI

        return SparkAPI(
            spark_session=spark_session(),
            break_lineage_method="persist",
            num_partitions_on_repartition=2,
        )
    raise ValueError(f"unknown engine {engine!r} (duckdb or spark)")


def _dialect(engine: Engine) -> str:
    return "duckdb" if engine == "duckdb" else "spark"


@contextmanager
def _quiet_splink() -> Iterator[None]:
    """Splink logs at INFO by default, and warns about every level EM did not see (handled
    by `_regularise`); keep the terminal for our own progress lines."""
    splink_logger = logging.getLogger("splink")
    previous = splink_logger.level
    splink_logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        splink_logger.setLevel(previous)


def _splink_columns(options: ModelOptions) -> list[str]:
    """The prepared columns Splink sees (all of them: blocking and comparisons use most)."""
    del options
    return list(PREPARED_COLUMNS)


def _register(db_api: Any, prepared: pd.DataFrame, options: ModelOptions) -> Any:
    """Register the records with the backend: one table, or one per source for linking."""
    columns = _splink_columns(options)
    suffix = uuid.uuid4().hex[:8]  # Spark keeps temporary views for the whole session
    if options.link_type == "dedupe_only":
        return db_api.register(
            _native(db_api, prepared[columns], f"records_{suffix}"),
            dataset_display_name="records",
            table_name=f"records_{suffix}",
        )
    if SOURCE_COLUMN not in prepared.columns:
        raise InputError(f"link_type {options.link_type!r} needs a {SOURCE_COLUMN} column")
    tables = []
    for index, (source, part) in enumerate(sorted(prepared.groupby(SOURCE_COLUMN))):
        name = f"source_{index}_{''.join(ch for ch in str(source) if ch.isalnum())}"[:60]
        tables.append(
            db_api.register(
                _native(db_api, part[columns], f"{name}_{suffix}"),
                dataset_display_name=name,
                table_name=f"{name}_{suffix}",
            )
        )
    return tables


def _native(db_api: Any, frame: pd.DataFrame, name: str) -> Any:
    """With DuckDB, copy the frame into a native table once (scanning a pandas frame of
    Python strings converts every value on every one of Splink's many queries) and return
    its name; with Spark, the frame itself."""
    from splink import DuckDBAPI

    if not isinstance(db_api, DuckDBAPI):
        return frame
    con = db_api.duckdb_con
    view = f"{name}_pandas"
    con.register(view, frame)
    try:
        # Names are made here (uuid suffixes), never from input data.
        con.execute(f"CREATE TABLE {name}_native AS SELECT * FROM {view}")  # noqa: S608
    finally:
        con.unregister(view)
    return f"{name}_native"


def _settings_for(model: LinkageModel, engine: Engine) -> dict[str, Any]:
    """The trained settings in `engine`'s SQL dialect.

    Trained settings hold SQL of the dialect they were trained on (DuckDB calls Jaro-Winkler
    `jaro_winkler_similarity`, Spark `jaro_winkler`), so the comparisons are rebuilt from
    model_settings for the target dialect and the trained m / u probabilities and prior are
    copied level by level.
    """
    dialect = _dialect(engine)
    if model.settings.get("sql_dialect") == dialect:
        return dict(model.settings)
    fresh = ms.settings_creator(model.options).create_settings_dict(dialect)
    trained = model.settings
    if len(fresh["comparisons"]) != len(trained["comparisons"]):
        raise ValueError("model does not match model_settings (comparisons differ)")
    for new_cmp, old_cmp in zip(fresh["comparisons"], trained["comparisons"], strict=True):
        if new_cmp["output_column_name"] != old_cmp["output_column_name"] or len(
            new_cmp["comparison_levels"]
        ) != len(old_cmp["comparison_levels"]):
            raise ValueError(
                f"model does not match model_settings ({old_cmp['output_column_name']})"
            )
        for new_level, old_level in zip(
            new_cmp["comparison_levels"], old_cmp["comparison_levels"], strict=True
        ):
            for key in ("m_probability", "u_probability", "tf_minimum_u_value"):
                if key in old_level:
                    new_level[key] = old_level[key]
    fresh["probability_two_random_records_match"] = trained["probability_two_random_records_match"]
    fresh["linker_uid"] = trained.get("linker_uid")
    fresh["sql_dialect"] = dialect
    return fresh


def _linker(db_api: Any, tables: Any, settings: Any) -> Any:
    from splink import Linker

    return Linker(tables, settings, log_level=None)


# --- training ---------------------------------------------------------------------------------


def _report(progress: Progress, message: str) -> None:
    if progress is not None:
        progress(message)


def train_model(
    records: pd.DataFrame,
    *,
    engine: Engine = "duckdb",
    seed: int = 42,
    progress: Progress = None,
    link_type: LinkType = "dedupe_only",
    postcode_format: PostcodeFormat = "uk",
) -> LinkageModel:
    """Train the person model on the records themselves (unsupervised), as Splink does it:

    1. u probabilities from random record pairs (`estimate_u_using_random_sampling`, up to
       model_settings.U_MAX_PAIRS pairs, reproducible with `seed`);
    2. the prior (probability that two random records match) from deterministic rules
       (`estimate_probability_two_random_records_match` with model_settings.prior_rules and
       an assumed recall of model_settings.PRIOR_RECALL);
    3. m probabilities by expectation maximisation, one session per
       model_settings.em_blocking_rules (each estimates the comparisons it does not block on;
       on more than 200,000 records each looks at up to model_settings.EM_MAX_PAIRS pairs);
    4. two guards on the result (`_regularise`): no level weighs less than "anything else",
       and a level never seen among random pairs borrows the u of the next level.

    Before training, the blocking rules for prediction are chosen from
    model_settings.blocking_candidates so that no rule yields more than
    model_settings.BLOCK_PAIR_BUDGET candidate pairs on these records (`_choose_blocking`);
    they, and the pair count of every candidate, are stored with the model.

    `records` may be raw (INPUT_COLUMNS) or already prepared. Comparisons whose field is
    empty throughout are left out of the model. The thresholds stored in the returned model
    are the documented defaults for unlabelled data (model_settings.UNLABELLED_*); replace
    them with `calibrate_thresholds` when labelled pairs exist.
    """
    started = time.perf_counter()
    prepared = _ensure_prepared(records, postcode_format)
    options = ModelOptions(
        link_type=link_type,
        postcode_format=postcode_format,
        columns=_fields_with_values(prepared),
    )
    blocking, rule_pairs = _choose_blocking(prepared, options)
    options = dataclasses.replace(options, blocking=blocking)
    creator = ms.settings_creator(options)
    with _quiet_splink():
        db_api = _db_api(engine)
        tables = _register(db_api, prepared, options)
        linker = _linker(db_api, tables, creator)
        n = len(prepared)
        _report(progress, "training: estimating u probabilities from random pairs")
        # Spark pays ~1 s per query: one chunk, no probe phase.
        linker.training.estimate_u_using_random_sampling(
            max_pairs=ms.U_MAX_PAIRS, seed=seed, num_chunks=1 if engine == "spark" else 10
        )
        _report(progress, "training: estimating the prior from deterministic rules")
        prior_rules = ms.prior_rules(options)
        if prior_rules:
            try:
                linker.training.estimate_probability_two_random_records_match(
                    prior_rules, recall=ms.PRIOR_RECALL
                )
            except ValueError as exc:  # e.g. rules find more than recall allows
                logger.warning("prior not estimated: %s", exc)
        em_max_pairs = ms.EM_MAX_PAIRS if n > 200_000 else None
        for rule in ms.em_blocking_rules(options):
            _report(progress, "training: expectation maximisation")
            _em_session(linker, rule, em_max_pairs)
        settings = _regularise(linker.misc.save_model_to_json(None))
    elapsed = time.perf_counter() - started
    thresholds = Thresholds(
        auto_link=ms.UNLABELLED_AUTO_LINK_PROBABILITY,
        review=ms.UNLABELLED_REVIEW_PROBABILITY,
        source=(
            "unlabelled default (model_settings.UNLABELLED_AUTO_LINK_PROBABILITY / "
            "UNLABELLED_REVIEW_PROBABILITY): no labelled pairs to calibrate against"
        ),
    )
    return LinkageModel(
        settings=settings,
        options=options,
        thresholds=thresholds,
        metadata={
            "trained_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "engine": engine,
            "seed": seed,
            "records": n,
            "training_seconds": round(elapsed, 3),
            "blocking_rule_pairs": rule_pairs,
        },
    )


def _em_session(linker: Any, rule: Any, max_pairs: float | None) -> None:
    """One EM session, made robust to small data.

    Splink 5 refuses an m probability below 1e-300, which EM reaches when a level never
    occurs among a session's matches (as in small data); the failed session also leaves the
    linker's settings without the comparisons it blocked on. So the settings are restored and
    the session is run again with the rare levels (those with a configured prior m in
    model_settings) held at their prior; if that fails too, the session is skipped and its
    comparisons keep what the other sessions (or the priors) gave them. Splink has no public
    switch for holding one level: the retry sets the level's private `_fix_m_probability`
    flag, for the retry only.
    """
    settings = linker._settings_obj

    def attempt() -> bool:
        saved = copy.deepcopy(settings.core_model_settings)
        try:
            linker.training.estimate_parameters_using_expectation_maximisation(
                rule, estimate_without_term_frequencies=True, max_pairs=max_pairs
            )
            return True
        except ValueError as exc:
            if "below the minimum allowed" not in str(exc):
                raise
            settings.core_model_settings = saved
            logger.warning("EM session failed: %s", exc)
            return False

    if attempt():
        return
    held = []
    for comparison in settings.comparisons:
        for level in comparison.comparison_levels:
            if level.is_null_level or level._fix_m_probability:
                continue
            prior = _PRIOR_M.get((comparison.output_column_name, level.label_for_charts))
            if prior is not None:
                level.m_probability = prior
                level._fix_m_probability = True
                held.append(level)
    try:
        if not attempt():
            logger.warning("EM session skipped: too little data")
    finally:
        for level in held:
            level._fix_m_probability = False


def _prior_m() -> dict[tuple[str, str], float]:
    """(comparison, level label) -> the m probability configured for it in model_settings."""
    out: dict[tuple[str, str], float] = {}
    options = ModelOptions(columns=OPTIONAL_COLUMNS, postcode_format="any")
    for postcode_format in ("any", "uk"):
        options = dataclasses.replace(options, postcode_format=postcode_format)
        settings = ms.settings_creator(options).create_settings_dict("duckdb")
        for comparison in settings["comparisons"]:
            for level in comparison["comparison_levels"]:
                m = level.get("m_probability")
                if isinstance(m, int | float) and not level.get("fix_m_probability"):
                    out[(comparison["output_column_name"], level["label_for_charts"])] = m
    return out


_PRIOR_M = _prior_m()


def _regularise(settings: dict[str, Any]) -> dict[str, Any]:
    """Two guards on the trained m and u probabilities, applied level by level.

    * A level whose u was never observed in the random pairs (Splink would use 1e-6, a huge
      weight for a level that may be common among non-matches in other data) takes the u
      of the next, less specific level.
    * No level may weigh less than its comparison's "anything else" level: EM sometimes
      drives a rare level's m towards 0 (a one-character postcode typo at -50), which would
      make a near-agreement count as stronger disagreement than a complete one. Such a
      level's m is raised to give it the "anything else" weight.
    """
    for comparison in settings["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        if not levels:
            continue
        for position, level in enumerate(levels):
            if level.get("u_probability") in (None, LEVEL_NOT_OBSERVED_TEXT):
                for lower in levels[position + 1 :]:
                    u = lower.get("u_probability")
                    if isinstance(u, int | float) and u > 0:
                        level["u_probability"] = u
                        break
        last = levels[-1]
        m_else, u_else = last.get("m_probability"), last.get("u_probability")
        if not (isinstance(m_else, int | float) and isinstance(u_else, int | float)):
            continue
        if m_else <= 0 or u_else <= 0:
            continue
        ratio_else = m_else / u_else
        for level in levels[:-1]:
            if level.get("fix_m_probability"):
                continue
            m, u = level.get("m_probability"), level.get("u_probability")
            if not isinstance(u, int | float) or u <= 0:
                continue
            if not isinstance(m, int | float) or m / u < ratio_else:
                level["m_probability"] = min(1.0, u * ratio_else)
    return settings


def _choose_blocking(
    prepared: pd.DataFrame, options: ModelOptions
) -> tuple[tuple[tuple[str, ...], ...], dict[str, int]]:
    """For each candidate rule (model_settings.blocking_candidates) the first alternative
    whose blocks hold at most model_settings.BLOCK_PAIR_BUDGET pairs on these records (a
    dedupe count: an upper bound when linking); a rule with no affordable alternative is
    dropped. Returns the chosen rules and the pair count of every alternative looked at."""
    codes: dict[str, np.ndarray] = {}

    def column_codes(column: str) -> np.ndarray:
        if column not in codes:
            codes[column] = pd.factorize(prepared[column].to_numpy(dtype=object))[0]
        return codes[column]

    counts: dict[str, int] = {}
    chosen: list[tuple[str, ...]] = []
    for alternatives in ms.blocking_candidates(options):
        for columns in alternatives:
            key = column_codes(columns[0]).astype(np.int64)
            valid = key >= 0
            for column in columns[1:]:
                other = column_codes(column)
                valid &= other >= 0
                key = pd.factorize(key * (int(other.max()) + 2) + other)[0].astype(np.int64)
            sizes = np.bincount(key[valid]).astype(np.float64) if valid.any() else np.zeros(1)
            pairs = int((sizes * (sizes - 1) / 2).sum())
            counts["+".join(columns)] = pairs
            if pairs <= ms.BLOCK_PAIR_BUDGET:
                chosen.append(tuple(columns))
                break
    return tuple(chosen), counts


# --- prediction --------------------------------------------------------------------------------


def _level_labels(settings: Mapping[str, Any]) -> dict[str, dict[int, str]]:
    labels: dict[str, dict[int, str]] = {}
    for comparison in settings["comparisons"]:
        levels = comparison["comparison_levels"]
        non_null = [level for level in levels if not level.get("is_null_level")]
        mapping = {-1: "missing"}
        for position, level in enumerate(non_null):
            mapping[len(non_null) - 1 - position] = level.get("label_for_charts", "")
        labels[comparison["output_column_name"]] = mapping
    return labels


def comparison_names(model: LinkageModel) -> list[str]:
    """Names of the model's comparisons (gamma_<name> / <name>_evidence in pair tables)."""
    return [c["output_column_name"] for c in model.settings["comparisons"]]


def predict_pairs(
    model: LinkageModel,
    records: pd.DataFrame,
    *,
    min_probability: float,
    engine: Engine = "duckdb",
) -> pd.DataFrame:
    """Score the candidate pairs (the model's blocking rules) of `records`.

    Returns one row per scored pair with match_probability >= min_probability:
    record_id_l < record_id_r (as strings), match_probability, match_weight, and for every
    comparison its level (`gamma_<name>`, -1 = a value missing) and that level's plain-English
    label (`<name>_evidence`), so a person can see why a pair scored as it did; source
    datasets when linking several. Deterministic for given model and records.
    """
    prepared = _ensure_prepared(records, model.options.postcode_format)
    settings = _settings_for(model, engine)
    with _quiet_splink():
        db_api = _db_api(engine)
        tables = _register(db_api, prepared, model.options)
        linker = _linker(db_api, tables, settings)
        predictions = linker.inference.predict(
            threshold_match_probability=min_probability, warning_mode="never"
        )
        frame = _fetch_pairs(db_api, predictions, model)
        predictions.drop_table_from_database_and_remove_from_cache()
    return _tidy_pairs(frame, model)


def _fetch_pairs(db_api: Any, predictions: Any, model: LinkageModel) -> pd.DataFrame:
    """Only the columns `_tidy_pairs` keeps: the predictions table also holds both records'
    values of every compared column, which as Python strings would cost gigabytes for a
    million pairs."""
    available = {column.unquote().name for column in predictions.columns}
    wanted = ["record_id_l", "record_id_r", "match_probability", "match_weight"]
    wanted += ["source_dataset_l", "source_dataset_r"]
    wanted += [f"gamma_{name}" for name in comparison_names(model)]
    duckdb = db_api.sql_dialect.sql_dialect_str == "duckdb"
    quote = '"' if duckdb else "`"  # in Spark SQL "x" is a string literal
    select = ", ".join(f"{quote}{c}{quote}" for c in wanted if c in available)
    sql = f"SELECT {select} FROM {predictions.physical_name}"  # noqa: S608 (our names)
    if duckdb:
        return db_api.duckdb_con.sql(sql).df()
    return db_api.spark.sql(sql).toPandas()


def _tidy_pairs(frame: pd.DataFrame, model: LinkageModel) -> pd.DataFrame:
    names = comparison_names(model)
    keep = ["record_id_l", "record_id_r", "match_probability", "match_weight"]
    if "source_dataset_l" in frame.columns:
        keep += ["source_dataset_l", "source_dataset_r"]
    gammas = [f"gamma_{name}" for name in names if f"gamma_{name}" in frame.columns]
    out = frame[keep + gammas].copy()
    out["record_id_l"] = out["record_id_l"].astype(str)
    out["record_id_r"] = out["record_id_r"].astype(str)
    swap = out["record_id_l"] > out["record_id_r"]
    if swap.any():
        left = out.loc[swap, "record_id_l"].copy()
        out.loc[swap, "record_id_l"] = out.loc[swap, "record_id_r"]
        out.loc[swap, "record_id_r"] = left
        if "source_dataset_l" in out.columns:
            left_source = out.loc[swap, "source_dataset_l"].copy()
            out.loc[swap, "source_dataset_l"] = out.loc[swap, "source_dataset_r"]
            out.loc[swap, "source_dataset_r"] = left_source
    labels = _level_labels(model.settings)
    for gamma in gammas:
        name = gamma.removeprefix("gamma_")
        out[gamma] = out[gamma].astype(int)
        out[f"{name}_evidence"] = out[gamma].map(labels[name])
    out["match_probability"] = out["match_probability"].astype(float)
    out["match_weight"] = out["match_weight"].astype(float)
    out = out.sort_values(["record_id_l", "record_id_r"], kind="stable").reset_index(drop=True)
    return out


# --- vetoes -----------------------------------------------------------------------------------


def _one_edit(a: str, b: str) -> bool:
    """At most one insertion, deletion, substitution or transposition of neighbours."""
    return DamerauLevenshtein.distance(a, b, score_cutoff=1) <= 1


def _compatible_given_names(
    given_l: np.ndarray,
    given_r: np.ndarray,
    family_l: np.ndarray,
    family_r: np.ndarray,
    sex_l: np.ndarray,
    sex_r: np.ndarray,
) -> np.ndarray:
    """Could these two given names belong to one person? Elementwise over object arrays of
    normalised names (given names present).

    Yes when identical, or when given and family names are swapped; otherwise, unless the
    recorded sexes differ: the same letters once spaces are dropped ("mary ann" /
    "maryann"), nickname or spelling variants (`_nicknames.nickname_equivalent`, one shared
    group, not chained), one's first name among the other's names ("mary" / "mary jane" /
    "jane"), an initial ("j" / "james"), one a prefix of the other of 3+ letters ("nat" /
    "natalie"), or a one-edit typo (Damerau-Levenshtein 1, spaces dropped: "oliiva" /
    "olivia", "br inley" / "brinley") of a name of 3+ letters keeping the first letter (so
    rhyming siblings, "jack" / "zack", stay apart).
    """
    result = np.zeros(len(given_l), dtype=bool)
    for i, (a, b, fa, fb, sa, sb) in enumerate(
        zip(given_l, given_r, family_l, family_r, sex_l, sex_r, strict=True)
    ):
        first_a, first_b = a.split(" ")[0], b.split(" ")[0]
        if a == b or (fa is not None and fb is not None and first_a == fb and first_b == fa):
            result[i] = True
            continue
        if sa is not None and sb is not None and sa != sb:
            continue
        result[i] = _names_compatible(a, b) if a <= b else _names_compatible(b, a)
    return result


@functools.lru_cache(maxsize=262_144)
def _names_compatible(a: str, b: str) -> bool:
    """The name-only part of `_compatible_given_names` (cached: households repeat names)."""
    tokens_a, tokens_b = a.split(" "), b.split(" ")
    first_a, first_b = tokens_a[0], tokens_b[0]
    short, long = sorted((first_a, first_b), key=len)
    joined_a, joined_b = a.replace(" ", ""), b.replace(" ", "")
    return (
        joined_a == joined_b
        or nickname_equivalent(a, b)
        or nickname_equivalent(first_a, first_b)
        or first_a in tokens_b
        or first_b in tokens_a
        or (len(short) == 1 and long.startswith(short))
        or (len(short) >= 3 and long.startswith(short))
        or (
            min(len(joined_a), len(joined_b)) >= 3
            and joined_a[0] == joined_b[0]
            and _one_edit(joined_a, joined_b)
        )
    )


@functools.lru_cache(maxsize=262_144)
def _family_names_compatible(a: str, b: str) -> bool:
    """Could these two normalised family names be one family's? Equal, sharing a token
    ("smith jones" / "smith"), the same letters once spaces are dropped, or one edit apart
    (a typo, "thompson" / "thomson", "kowalska" / "kowalski") for names of 3+ letters."""
    if a == b or set(a.split(" ")) & set(b.split(" ")):
        return True
    joined_a, joined_b = a.replace(" ", ""), b.replace(" ", "")
    return joined_a == joined_b or (
        min(len(joined_a), len(joined_b)) >= 3 and _one_edit(joined_a, joined_b)
    )


VetoKind = Literal["nhs_number", "date_of_birth", "household"]
ALL_VETOES: tuple[VetoKind, ...] = ("nhs_number", "date_of_birth", "household")

_VETO_COLUMNS = (
    "nhs_number",
    "dob",
    "dob_swapped",
    "family_name",
    "family_metaphone",
    "postcode",
    "address",
    "address_key",
    "given_name",
    "sex",
    "dob_year_month",
    "dob_month_day",
    "dob_year_day",
)


def field_disagreement(model: LinkageModel) -> dict[str, float]:
    """For the date of birth and the given name: the trained model's estimate of the share
    of one person's record pairs that disagree on it entirely (the m probability of the
    comparison's "anything else" level). A field the model does not compare is left out."""
    out: dict[str, float] = {}
    for comparison in model.settings["comparisons"]:
        name = comparison["output_column_name"]
        if name not in ("dob", "given_name"):
            continue
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        m = levels[-1].get("m_probability") if levels else None
        if isinstance(m, int | float):
            out[name] = float(m)
    return out


def adult_veto_kinds(model: LinkageModel) -> tuple[VetoKind, ...]:
    """The age-scoped veto rules that also apply between two adults under this model (see
    `veto_reasons`): "date_of_birth" when the model estimates that at most
    RELIABLE_FIELD_MAX_DISAGREEMENT of one person's record pairs have entirely different
    dates of birth, "household" when the same holds for given names (and, for its
    date-of-birth part, dates of birth). A field the model does not compare counts as
    reliable (its rules cannot fire anyway)."""
    disagreement = field_disagreement(model)
    kinds: list[VetoKind] = ["nhs_number"]
    if disagreement.get("dob", 0.0) <= RELIABLE_FIELD_MAX_DISAGREEMENT:
        kinds.append("date_of_birth")
    if disagreement.get("given_name", 0.0) <= RELIABLE_FIELD_MAX_DISAGREEMENT:
        kinds.append("household")
    return tuple(kinds)


def _years_before(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a year that has none
        return day.replace(year=day.year - years, day=28)


class VetoChecker:
    """The veto rules over one set of prepared records, looked up by record_id.

    Build once (it indexes the records), then call `reasons` for any number of pairs.
    `young_person_max_age` and `adult_kinds` scope the date-of-birth and household rules
    (see `veto_reasons`).
    """

    def __init__(
        self,
        records: pd.DataFrame,
        *,
        today: dt.date | None = None,
        kinds: Sequence[VetoKind] = ALL_VETOES,
        postcode_format: PostcodeFormat = "uk",
        young_person_max_age: int | None = YOUNG_PERSON_MAX_AGE,
        adult_kinds: Sequence[VetoKind] | None = None,
    ) -> None:
        prepared = records if _is_prepared(records) else prepare_records(records)
        # A UK postcode is a handful of homes; other postcodes (FEBRL's) can be a suburb.
        self.postcode_is_household = postcode_format == "uk"
        self.index = pd.Index(prepared["record_id"].astype(str))
        self.kinds = frozenset(kinds)
        self.today = today or dt.date.today()
        self.young_person_max_age = young_person_max_age
        self.adult_kinds = frozenset(ALL_VETOES if adult_kinds is None else adult_kinds)
        self.columns: dict[str, np.ndarray] = {}
        for column in _VETO_COLUMNS:
            values = prepared[column].to_numpy(dtype=object)
            values[pd.isna(values)] = None
            self.columns[column] = values
        dob = self.columns["dob"]
        self.dob_unknown = np.asarray(pd.isna(dob), dtype=bool)
        if young_person_max_age is None:
            self.young = np.ones(len(dob), dtype=bool)
        else:
            # Born after this day: not yet young_person_max_age + 1 years old today.
            cutoff = _years_before(self.today, young_person_max_age + 1).isoformat()
            self.young = np.array([d is not None and d > cutoff for d in dob], dtype=bool)

    def positions(self, record_ids: pd.Series | np.ndarray) -> np.ndarray:
        found = self.index.get_indexer(pd.Index(np.asarray(record_ids, dtype=object)).astype(str))
        if (found < 0).any():
            raise KeyError("pairs refer to record_ids that are not in records")
        return np.asarray(found)

    def _same_home(self, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """One home: the same address, the same house number and street words
        (`address_key`) or, for UK postcodes, the same postcode (a handful of homes)."""
        col = self.columns
        ad, home, pc = col["address"], col["address_key"], col["postcode"]

        def equal(values: np.ndarray) -> np.ndarray:
            a, b = values[left], values[right]
            return (a != None) & (b != None) & (a == b)  # noqa: E711

        same = equal(ad) | equal(home)
        if self.postcode_is_household:
            same |= equal(pc)
        return same

    def _one_family(self, pairs: np.ndarray, left: np.ndarray, right: np.ndarray) -> np.ndarray:
        """For the pairs at positions `pairs`: family names that could be one family's (see
        `_family_names_compatible`; the same Metaphone code counts too), or one missing."""
        family, sound = self.columns["family_name"], self.columns["family_metaphone"]
        out = np.ones(len(pairs), dtype=bool)
        for j, i in enumerate(pairs):
            a, b = family[left[i]], family[right[i]]
            if a is None or b is None or a == b:
                continue
            if sound[left[i]] is not None and sound[left[i]] == sound[right[i]]:
                continue
            out[j] = _family_names_compatible(a, b) if a <= b else _family_names_compatible(b, a)
        return out

    def reasons(self, left: np.ndarray, right: np.ndarray) -> list[str]:
        """Veto reasons for the pairs (left[i], right[i]) of record positions."""
        reasons: list[list[str]] = [[] for _ in range(len(left))]
        if len(left) == 0:
            return []
        col = self.columns

        def both_present(column: str) -> np.ndarray:
            values = col[column]
            return (values[left] != None) & (values[right] != None)  # noqa: E711

        # Which pairs each rule covers (see veto_reasons, "Age scope"): pairs involving a
        # child or young person always; pairs of two adults when the rule's kind is in
        # adult_kinds; and for the household rules, a pair with a date of birth missing (the
        # record may be a child's) when its family names could be one family's.
        young = self.young[left] | self.young[right]
        age_unknown = self.dob_unknown[left] | self.dob_unknown[right]
        adult_dob = "date_of_birth" in self.adult_kinds
        adult_household = "household" in self.adult_kinds
        dob_scope = young | adult_dob
        names_scope = young | adult_household
        household_dob_scope = young | (adult_household and adult_dob)

        if "nhs_number" in self.kinds:
            nhs = col["nhs_number"]
            for i in np.flatnonzero(both_present("nhs_number") & (nhs[left] != nhs[right])):
                reasons[i].append("different NHS numbers")

        dob = col["dob"]
        given, family = col["given_name"], col["family_name"]
        if "date_of_birth" in self.kinds:
            idx = np.flatnonzero(both_present("dob") & (dob[left] != dob[right]) & dob_scope)
            if len(idx):
                dl = pd.to_datetime(pd.Series(dob[left[idx]]), format="%Y-%m-%d")
                dr = pd.to_datetime(pd.Series(dob[right[idx]]), format="%Y-%m-%d")
                days = (dl - dr).abs().dt.days.to_numpy()
                is_swap = col["dob_swapped"][left[idx]] == dob[right[idx]]
                apart = idx[(days > DOB_VETO_DAYS) & ~is_swap]
                apart_days = days[(days > DOB_VETO_DAYS) & ~is_swap]
                slip = np.array([_one_edit(dob[left[i]], dob[right[i]]) for i in apart], bool)
                # A one-character slip moving the year further is still a slip when the
                # names and the home agree (a parent and child sharing a name would also
                # need to share a birthday and differ in one digit of the year).
                far_slips = np.flatnonzero(slip & (apart_days >= DOB_TYPO_MAX_YEARS * 365.25))
                if len(far_slips):
                    pairs = apart[far_slips]
                    lp, rp = left[pairs], right[pairs]
                    named = (given[lp] != None) & (given[rp] != None)  # noqa: E711
                    agree = named & self._same_home(lp, rp)
                    agree &= (family[lp] != None) & (family[rp] != None)  # noqa: E711
                    check = np.flatnonzero(agree)
                    if len(check):
                        agree[check] = self._one_family(
                            np.arange(len(check)), lp[check], rp[check]
                        ) & _compatible_given_names(
                            given[lp[check]],
                            given[rp[check]],
                            family[lp[check]],
                            family[rp[check]],
                            col["sex"][lp[check]],
                            col["sex"][rp[check]],
                        )
                    slip[far_slips[~agree]] = False
                for i, d in zip(apart[~slip], apart_days[~slip], strict=True):
                    reasons[i].append(f"dates of birth {d / 365.25:.0f} years apart")

        if "household" in self.kinds:
            same_home = self._same_home(left, right)
            in_household = same_home & names_scope
            unknown = np.flatnonzero(same_home & ~names_scope & age_unknown)
            if len(unknown):
                in_household[unknown[self._one_family(unknown, left, right)]] = True
            # Two dates of birth with no part in common (not a swap, not two of year, month
            # and day equal) in one home: siblings born months apart, not one person.
            dob_apart = both_present("dob") & (dob[left] != dob[right])
            for part in ("dob_year_month", "dob_month_day", "dob_year_day"):
                dob_apart &= col[part][left] != col[part][right]
            dob_apart &= col["dob_swapped"][left] != dob[right]
            for i in np.flatnonzero(in_household & dob_apart & household_dob_scope):
                if not reasons[i]:
                    reasons[i].append("different dates of birth in one household")
            named = both_present("given_name") & (given[left] != given[right])
            candidates = np.flatnonzero(in_household & named)
            if len(candidates):
                lc, rc = left[candidates], right[candidates]
                compatible = _compatible_given_names(
                    given[lc], given[rc], family[lc], family[rc], col["sex"][lc], col["sex"][rc]
                )
                for i in candidates[~compatible]:
                    reasons[i].append("different given names in one household")
        return ["; ".join(r) for r in reasons]

    def pair_reasons(self, pairs: pd.DataFrame) -> pd.Series:
        if len(pairs) == 0:
            return pd.Series([], index=pairs.index, dtype=object)
        left = self.positions(pairs["record_id_l"])
        right = self.positions(pairs["record_id_r"])
        return pd.Series(self.reasons(left, right), index=pairs.index, dtype=object)


def veto_reasons(
    pairs: pd.DataFrame,
    records: pd.DataFrame,
    *,
    today: dt.date | None = None,
    kinds: Sequence[VetoKind] = ALL_VETOES,
    postcode_format: PostcodeFormat = "uk",
    young_person_max_age: int | None = YOUNG_PERSON_MAX_AGE,
    adult_kinds: Sequence[VetoKind] | None = None,
) -> pd.Series:
    """Hard evidence that two records are different people, for each pair (vectorised).

    `pairs` needs record_id_l and record_id_r; `records` are the prepared records (or raw
    records, prepared here with UK postcodes) holding both ids. Returns a Series aligned on
    `pairs` with "" where there is no veto, else the reasons joined by "; ":

    * "different NHS numbers": both valid and different (at any age);
    * "dates of birth N years apart": a child or young person is involved (below), both
      dates are present, more than 2 years (DOB_VETO_DAYS) apart, not one another's
      day/month swap, and not a one-character keying slip (Damerau-Levenshtein 1 on
      YYYY-MM-DD: one digit changed, two neighbouring digits transposed). A slip that moves
      the year by DOB_TYPO_MAX_YEARS (12) or more is still vetoed unless the given names,
      the family names and the home (below) all agree: a parent and child sharing a name
      differ by 16+ years in at least two digits of the year, or share a birthday *and*
      one digit only by a rare coincidence;
    * "different dates of birth in one household": the same home (below) and dates of
      birth that share no part (not a swap, not two of year, month and day equal): siblings
      born months apart, whose names may be variants of each other (Sophia and Sophie);
    * "different given names in one household": the same home (below) and both given names
      present and not compatible (see `_compatible_given_names`: not a nickname or
      spelling variant, an initial, or a one-edit typo): twins and siblings above all.

    The same home: the same address, the same house number and street words
    (`address_key`), or the same UK postcode (a handful of homes; with postcode_format
    "any" a postcode can be a suburb and does not count).

    Age scope. The issue asks for these rules to protect children ("two children of one
    household"; safeguarding's scope runs to 25 for care leavers). They always apply when
    either record's date of birth makes its person a child or young person (younger than
    young_person_max_age + 1 = 26 on `today`). Between two records that both show an adult
    (26 or over) a rule applies only if its kind is in `adult_kinds` (default: all of them,
    so without a model every rule applies at every age); and a household rule applies to a
    pair with a date of birth missing (the record may be a child's) if "household" is in
    `adult_kinds` or the family names could be one family's (equal, a shared token of a
    double-barrelled name, one edit apart, the same Metaphone code, or one missing): two
    children of one household in the issue's sense.

    `link_records_detailed` and `link_new_records` pass `adult_veto_kinds(model)`: the
    rules whose field the trained model finds reliably recorded in these data. Where one
    person's records often carry entirely different dates of birth or given names (FEBRL's
    corruption replaces about 5% and 10% of them), such a difference between two adults is
    not hard evidence, and the model's own date-of-birth and given-name evidence and the
    thresholds decide. Where they rarely do (the synthetic population of safehub's
    agencies: 0.3% and 1.4%), every rule applies at every age and whatever the family
    names: a father and adult son sharing a name, two parents, a lodger, half-siblings with
    another surname, because on such data the model cannot tell a household from a person
    (address, postcode and a shared phone all agree). young_person_max_age=None applies the
    rules at every age whatever `adult_kinds` says.

    `kinds` selects the rules (all by default; benchmarks switch some off to measure the
    model alone). A vetoed pair never links automatically; it may still go to review.
    """
    checker = VetoChecker(
        records,
        today=today,
        kinds=kinds,
        postcode_format=postcode_format,
        young_person_max_age=young_person_max_age,
        adult_kinds=adult_kinds,
    )
    return checker.pair_reasons(pairs)


# --- clustering -------------------------------------------------------------------------------


class _UnionFind:
    def __init__(self, items: Iterable[int]) -> None:
        self.parent = {item: item for item in items}
        self.members = {item: [item] for item in self.parent}

    def find(self, item: int) -> int:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def union(self, a: int, b: int) -> int:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:
            return ra
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra].extend(self.members.pop(rb))
        return ra


def _components(n: int, left: np.ndarray, right: np.ndarray) -> np.ndarray:
    """Connected-component label for each of n nodes (scipy, linear time)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    graph = coo_matrix((np.ones(len(left), dtype=np.int8), (left, right)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    return np.asarray(labels, dtype=np.int64)


def cluster_pairs(
    pairs: pd.DataFrame,
    records: pd.DataFrame,
    *,
    auto_link: float,
    vetoes: pd.Series | None = None,
    kinds: Sequence[VetoKind] = ALL_VETOES,
    today: dt.date | None = None,
    checker: VetoChecker | None = None,
    postcode_format: PostcodeFormat = "uk",
) -> pd.DataFrame:
    """Group records into persons: one row per record, columns record_id and person_id.

    Edges are the pairs with match_probability >= auto_link and no veto (`vetoes` aligned
    on `pairs`, computed with the veto rules `kinds` when not given). Persons are the
    connected components of those edges, with a guard against chaining: in a component of
    three or more records every pair of its records is checked for a veto, and if any pair
    is vetoed (A-B and B-C link but A and C are twins) the component is rebuilt by adding
    its edges strongest first and refusing any edge that would put two vetoed records in one
    person (union-find with cannot-link constraints). So no person ever contains two
    records with a veto between them.

    person_id is the smallest record_id (string order) of the person's records: readable,
    an existing id, and stable while the person's records do not change.
    """
    prepared = records if _is_prepared(records) else prepare_records(records)
    ids = prepared["record_id"].astype(str).to_numpy(dtype=object)
    if len(ids) == 0:
        return pd.DataFrame({"record_id": [], "person_id": []}, dtype=object)
    checker = checker or VetoChecker(
        prepared, today=today, kinds=kinds, postcode_format=postcode_format
    )
    edges = pairs.loc[pairs["match_probability"] >= auto_link]
    if len(edges):
        veto = vetoes.loc[edges.index] if vetoes is not None else checker.pair_reasons(edges)
        edges = edges.loc[veto == ""]
    left = checker.positions(edges["record_id_l"]) if len(edges) else np.array([], dtype=int)
    right = checker.positions(edges["record_id_r"]) if len(edges) else np.array([], dtype=int)
    probability = edges["match_probability"].to_numpy(dtype=float)
    labels = _components(len(ids), left, right)
    groups = labels.copy()

    sizes = np.bincount(labels)
    big = np.flatnonzero(sizes >= 3)
    if len(big):
        order = np.argsort(labels, kind="stable")
        bounds = np.r_[0, np.cumsum(sizes)]
        # Every within-component pair of every big component, checked in one go.
        pair_l: list[np.ndarray] = []
        pair_r: list[np.ndarray] = []
        owner: list[np.ndarray] = []
        for component in big:
            members = order[bounds[component] : bounds[component + 1]]
            a, b = np.triu_indices(len(members), k=1)
            pair_l.append(members[a])
            pair_r.append(members[b])
            owner.append(np.full(len(a), component))
        all_l, all_r = np.concatenate(pair_l), np.concatenate(pair_r)
        all_owner = np.concatenate(owner)
        vetoed = np.array([r != "" for r in checker.reasons(all_l, all_r)], dtype=bool)
        next_label = int(labels.max()) + 1
        edge_owner = labels[left]
        for component in np.unique(all_owner[vetoed]):
            in_component = all_owner == component
            cannot = vetoed & in_component
            members = order[bounds[component] : bounds[component + 1]]
            mine = edge_owner == component
            split = _constrained_split(
                members,
                left[mine],
                right[mine],
                probability[mine],
                ids,
                list(zip(all_l[cannot], all_r[cannot], strict=True)),
            )
            for group in split[1:]:
                groups[group] = next_label
                next_label += 1

    return pd.DataFrame({"record_id": ids, "person_id": _smallest_in_group(ids, groups)})


def _smallest_in_group(ids: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """For each record, the smallest record id (string order) of its group (vectorised:
    a groupby min over strings would fall back to pure Python)."""
    order = np.argsort(ids.astype(str), kind="stable")
    rank = np.empty(len(ids), dtype=np.int64)
    rank[order] = np.arange(len(ids))
    smallest_rank = pd.Series(rank).groupby(groups).transform("min").to_numpy()
    return np.asarray(ids[order[smallest_rank]], dtype=object)


def _constrained_split(
    members: np.ndarray,
    left: np.ndarray,
    right: np.ndarray,
    probability: np.ndarray,
    ids: np.ndarray,
    cannot_link: list[tuple[int, int]],
) -> list[list[int]]:
    """Rebuild one component from its edges, strongest first (ties by record ids), never
    joining two groups that hold a cannot-link pair; then move single records to the group
    they are most strongly linked to (the sum of their edges' log-odds), where no
    cannot-link forbids it, until no move helps: the greedy pass can leave a record with a
    weaker group because of the order its edges came in. A group its edges no longer hold
    together is cut into its connected parts. Returns groups of positions, the group holding
    the smallest record id first."""
    cannot: dict[int, set[int]] = {int(m): set() for m in members}
    for x, y in cannot_link:
        cannot[int(x)].add(int(y))
        cannot[int(y)].add(int(x))
    order = sorted(
        range(len(left)),
        key=lambda k: (-probability[k], ids[left[k]], ids[right[k]]),
    )
    forest = _UnionFind(int(m) for m in members)
    for k in order:
        rx, ry = forest.find(int(left[k])), forest.find(int(right[k]))
        if rx == ry:
            continue
        group_y = set(forest.members[ry])
        if any(cannot[m] & group_y for m in forest.members[rx]):
            continue
        forest.union(rx, ry)

    weight: dict[int, dict[int, float]] = {int(m): {} for m in members}
    for k in range(len(left)):
        p = min(max(float(probability[k]), 1e-12), 1 - 1e-12)
        a, b = int(left[k]), int(right[k])
        w = max(math.log(p / (1 - p)), weight[a].get(b, -math.inf))
        weight[a][b] = weight[b][a] = w
    group_of = {int(m): forest.find(int(m)) for m in members}
    groups = {root: set(group) for root, group in forest.members.items()}
    by_id = sorted((int(m) for m in members), key=lambda m: ids[m])
    for _ in range(len(by_id)):
        moved = False
        for record in by_id:
            here = group_of[record]
            links: dict[int, float] = {}
            for other, w in weight[record].items():
                links[group_of[other]] = links.get(group_of[other], 0.0) + w
            stay = links.pop(here, 0.0)
            best, best_gain = None, 1e-9
            for target in sorted(links, key=lambda g: min(ids[m] for m in groups[g])):
                gain = links[target] - stay
                if gain > best_gain and not (cannot[record] & groups[target]):
                    best, best_gain = target, gain
            if best is not None:
                groups[here].discard(record)
                groups[best].add(record)
                group_of[record] = best
                moved = True
        if not moved:
            break

    out: list[list[int]] = []
    for group in groups.values():
        unseen = set(group)
        while unseen:
            start = min(unseen, key=lambda m: ids[m])
            part, stack = {start}, [start]
            while stack:
                node = stack.pop()
                for other in weight[node]:
                    if other in unseen and other not in part:
                        part.add(other)
                        stack.append(other)
            unseen -= part
            out.append(sorted(part, key=lambda m: ids[m]))
    return sorted(out, key=lambda g: ids[g[0]])


# --- thresholds --------------------------------------------------------------------------------


def calibrate_thresholds(
    scored_pairs: pd.DataFrame,
    labels: pd.DataFrame | pd.Series,
    *,
    precision_target: float = 0.995,
    margin: float = 0.002,
    review_recall_target: float = 0.995,
) -> Thresholds:
    """Choose thresholds from labelled pairs.

    `scored_pairs` has record_id_l, record_id_r, match_probability and optionally `veto`
    ("" when none). `labels` is either a boolean Series aligned on scored_pairs (True = same
    person) or a DataFrame of record_id_l, record_id_r, is_match; pairs without a label are
    ignored. Vetoed pairs never auto-link, so they count as predicted non-links above any
    threshold.

    auto_link: the lowest probability threshold t such that the precision of the
    (unvetoed) pairs at or above t, and at or above every higher threshold, is at least
    precision_target + margin. If none qualifies, 1.0 (nothing links automatically).
    review: the highest threshold t <= auto_link that still keeps review_recall_target of
    the labelled true matches (among scored pairs) at or above t.
    """
    frame = scored_pairs[["record_id_l", "record_id_r", "match_probability"]].copy()
    frame["veto"] = scored_pairs["veto"] if "veto" in scored_pairs.columns else ""
    if isinstance(labels, pd.Series):
        frame["is_match"] = labels.reindex(scored_pairs.index)
    else:
        keyed = labels.assign(
            record_id_l=labels["record_id_l"].astype(str),
            record_id_r=labels["record_id_r"].astype(str),
        )
        lo = keyed[["record_id_l", "record_id_r"]].min(axis=1)
        hi = keyed[["record_id_l", "record_id_r"]].max(axis=1)
        lookup = pd.Series(keyed["is_match"].to_numpy(), index=pd.MultiIndex.from_arrays([lo, hi]))
        lookup = lookup[~lookup.index.duplicated()]
        lo_s = frame[["record_id_l", "record_id_r"]].astype(str).min(axis=1)
        hi_s = frame[["record_id_l", "record_id_r"]].astype(str).max(axis=1)
        frame["is_match"] = lookup.reindex(pd.MultiIndex.from_arrays([lo_s, hi_s])).to_numpy()
    frame = frame.loc[frame["is_match"].notna()]
    if frame.empty:
        raise ValueError("no scored pair has a label")
    is_match = frame["is_match"].astype(bool).to_numpy()
    probability = frame["match_probability"].to_numpy(dtype=float)
    linkable = (frame["veto"].fillna("") == "").to_numpy()
    order = np.argsort(-probability, kind="stable")
    p_sorted = probability[order]
    tp = np.cumsum(is_match[order] & linkable[order])
    fp = np.cumsum(~is_match[order] & linkable[order])
    total_true = int(is_match.sum())
    # Evaluate only at the last index of each distinct probability (ties go together).
    last = np.r_[np.flatnonzero(np.diff(p_sorted) != 0), len(p_sorted) - 1]
    predicted = tp[last] + fp[last]
    precision = np.where(predicted > 0, tp[last] / np.maximum(predicted, 1), 1.0)
    required = min(1.0, precision_target + margin)
    ok = precision >= required
    # The lowest threshold such that it and every higher one meet the target.
    prefix_ok = np.cumprod(ok).astype(bool)
    if prefix_ok.any() and total_true:
        k = int(np.flatnonzero(prefix_ok)[-1])
        auto_link = float(p_sorted[last[k]])
        precision_at = float(precision[k])
        recall_at = float(tp[last[k]] / total_true)
    else:
        auto_link, precision_at, recall_at = 1.0, float("nan"), 0.0
    found = np.cumsum(is_match[order])
    review = auto_link
    if total_true:
        reach = np.flatnonzero(found[last] >= math.ceil(review_recall_target * total_true))
        if len(reach):
            review = min(auto_link, float(p_sorted[last[int(reach[0])]]))
        else:
            review = min(auto_link, float(p_sorted[-1]))
    return Thresholds(
        auto_link=auto_link,
        review=review,
        source=(
            f"calibrated on {len(frame)} labelled pairs: precision target {precision_target}"
            f" + margin {margin}; review recall target {review_recall_target}"
        ),
        details={
            "labelled_pairs": len(frame),
            "labelled_true_matches": total_true,
            "precision_at_auto_link": precision_at,
            "recall_at_auto_link": recall_at,
        },
    )


# --- end to end -------------------------------------------------------------------------------


@dataclass
class LinkResult:
    """What `link_records_detailed` produced: persons, scored pairs (with vetoes), the
    model and the seconds each stage took."""

    persons: pd.DataFrame
    pairs: pd.DataFrame
    model: LinkageModel
    timings: dict[str, float]


def link_records_detailed(
    records: pd.DataFrame,
    *,
    engine: Engine = "duckdb",
    seed: int = 42,
    progress: Progress = None,
    link_type: LinkType = "dedupe_only",
    postcode_format: PostcodeFormat = "uk",
    model: LinkageModel | None = None,
    vetoes: Sequence[VetoKind] = ALL_VETOES,
) -> LinkResult:
    """`link_records` with its working shown (see there). With `model`, no training;
    `vetoes` chooses the veto rules (all of them unless measuring the model alone)."""
    timings: dict[str, float] = {}
    began = time.perf_counter()
    _report(progress, f"preparing {len(records):,} records")
    prepared = _ensure_prepared(records, postcode_format)
    timings["prepare"] = time.perf_counter() - began
    if model is None:
        began = time.perf_counter()
        model = train_model(
            prepared,
            engine=engine,
            seed=seed,
            progress=progress,
            link_type=link_type,
            postcode_format=postcode_format,
        )
        timings["train"] = time.perf_counter() - began
    began = time.perf_counter()
    floor = min(model.thresholds.review, model.thresholds.auto_link)
    _report(progress, f"predicting: scoring candidate pairs (keeping p >= {floor:g})")
    pairs = predict_pairs(model, prepared, min_probability=floor, engine=engine)
    timings["predict"] = time.perf_counter() - began
    began = time.perf_counter()
    _report(progress, f"clustering {len(pairs):,} scored pairs")
    checker = VetoChecker(
        prepared,
        kinds=vetoes,
        postcode_format=model.options.postcode_format,
        adult_kinds=adult_veto_kinds(model),
    )
    pairs["veto"] = checker.pair_reasons(pairs)
    persons = cluster_pairs(
        pairs,
        prepared,
        auto_link=model.thresholds.auto_link,
        vetoes=pairs["veto"],
        checker=checker,
    )
    timings["cluster"] = time.perf_counter() - began
    return LinkResult(persons=persons, pairs=pairs, model=model, timings=timings)


def link_records(
    records: pd.DataFrame,
    *,
    engine: Engine = "duckdb",
    progress: Progress = None,
    seed: int = 42,
    link_type: LinkType = "dedupe_only",
    postcode_format: PostcodeFormat = "uk",
) -> pd.DataFrame:
    """Decide which records are the same person; one row per record: record_id, person_id.

    Trains the model on `records` themselves (`train_model`), scores candidate pairs
    (`predict_pairs`), vetoes pairs with hard contrary evidence (`veto_reasons`) and
    clusters (`cluster_pairs`). With no labelled pairs to calibrate against, the thresholds
    are the model's documented unlabelled defaults: a pair links automatically when its match
    probability is at least model_settings.UNLABELLED_AUTO_LINK_PROBABILITY (0.99) and it has
    no veto. person_id is the smallest record_id of the person's records.
    """
    return link_records_detailed(
        records,
        engine=engine,
        seed=seed,
        progress=progress,
        link_type=link_type,
        postcode_format=postcode_format,
    ).persons


# --- incremental --------------------------------------------------------------------------------


@dataclass
class ExistingIndex:
    """Existing records made ready for `link_new_records`: prepared, registered with an
    in-process DuckDB, term-frequency tables computed. Build once with `build_index`, query
    many times."""

    model: LinkageModel
    prepared: pd.DataFrame
    person_of: pd.Series  # record_id -> person_id
    db_api: Any
    table: Any
    linker: Any
    settings: dict[str, Any]
    prepared_by_id: pd.Index = field(default_factory=pd.Index)
    # Splink's SQL for one predict_between call, captured at build time and replayed per
    # batch: (batch view name, blocked-pairs table name, blocking SQL, scoring SQL).
    replay: tuple[str, str, str, str] | None = None
    # Per blocking rule: the existing records' hashed keys, sorted, and their positions.
    rule_keys: list[tuple[np.ndarray, np.ndarray]] = field(default_factory=list)


def _rule_keys(frame: pd.DataFrame, columns: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
    """A 64-bit hash of each row's values of `columns` (stable across calls and frames) and
    whether all of them are present (a blocking rule's equality fails on a missing value)."""
    part = frame[list(columns)]
    valid = part.notna().all(axis=1).to_numpy()
    keys = pd.util.hash_pandas_object(part.fillna(""), index=False).to_numpy(dtype=np.uint64)
    return keys, valid


def _index_rule_keys(
    prepared: pd.DataFrame, rules: Sequence[Sequence[str]]
) -> list[tuple[np.ndarray, np.ndarray]]:
    out = []
    for columns in rules:
        keys, valid = _rule_keys(prepared, columns)
        positions = np.flatnonzero(valid)
        order = np.argsort(keys[positions], kind="stable")
        out.append((keys[positions][order], positions[order]))
    return out


def _blocked_pairs(index: ExistingIndex, new: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """The model's blocking rules applied between `new` and the index by sorted-key lookup
    (the same pairs Splink's blocking SQL finds, up to 64-bit hash collisions, which only
    add a pair to score): match_key (the first rule that found the pair), join_key_l (the
    existing record id), join_key_r (the new record id); and the positions of the existing
    records involved."""
    existing_ids = index.prepared_by_id.to_numpy(dtype=object)
    new_ids = new["record_id"].astype(str).to_numpy(dtype=object)
    found: list[pd.DataFrame] = []
    for rule_number, (columns, (sorted_keys, positions)) in enumerate(
        zip(index.model.options.blocking, index.rule_keys, strict=True)
    ):
        keys, valid = _rule_keys(new, columns)
        rows = np.flatnonzero(valid)
        start = np.searchsorted(sorted_keys, keys[rows], side="left")
        stop = np.searchsorted(sorted_keys, keys[rows], side="right")
        counts = stop - start
        if counts.sum() == 0:
            continue
        new_rows = np.repeat(rows, counts)
        offsets = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        existing_rows = positions[np.repeat(start, counts) + offsets]
        found.append(
            pd.DataFrame({"rule": rule_number, "existing": existing_rows, "new": new_rows})
        )
    if not found:
        empty = pd.DataFrame({"match_key": [], "join_key_l": [], "join_key_r": []}, dtype=str)
        return empty, np.array([], dtype=np.int64)
    pairs = pd.concat(found, ignore_index=True).drop_duplicates(["existing", "new"])
    blocked = pd.DataFrame(
        {
            "match_key": pairs["rule"].astype(str).to_numpy(),
            "join_key_l": existing_ids[pairs["existing"].to_numpy()],
            "join_key_r": new_ids[pairs["new"].to_numpy()],
        }
    )
    return blocked, np.unique(pairs["existing"].to_numpy())


def build_index(model: LinkageModel, existing: pd.DataFrame) -> ExistingIndex:
    """Prepare and register `existing` (raw or prepared; a person_id column, if present, is
    kept, else each record is its own person) for repeated `link_new_records` calls."""
    prepared = _ensure_prepared(existing, model.options.postcode_format)
    if "person_id" in existing.columns:
        person_of = pd.Series(
            existing["person_id"].astype(str).to_numpy(), index=prepared["record_id"].to_numpy()
        )
    else:
        person_of = pd.Series(prepared["record_id"].to_numpy(), index=prepared["record_id"])
    settings = _settings_for(model, "duckdb")
    settings["link_type"] = "dedupe_only"
    with _quiet_splink():
        db_api = _duckdb_api()
        table = db_api.register(
            _native(db_api, prepared[list(PREPARED_COLUMNS)], "existing"),
            dataset_display_name="existing",
            table_name="existing",
        )
        linker = _linker(db_api, table, settings)
        for column in _tf_columns(settings):
            linker.table_management.compute_tf_table(column)
        replay = _capture_predict_between(db_api, linker, table, prepared, model)
    rule_keys = _index_rule_keys(prepared, model.options.blocking) if replay else []
    return ExistingIndex(
        model,
        prepared,
        person_of,
        db_api,
        table,
        linker,
        settings,
        pd.Index(prepared["record_id"].astype(str)),
        replay,
        rule_keys,
    )


def _capture_predict_between(
    db_api: Any, linker: Any, table: Any, prepared: pd.DataFrame, model: LinkageModel
) -> tuple[str, str, str, str] | None:
    """Run Splink's predict_between once on a probe batch and keep the two SQL statements it
    executed (blocking, then scoring), so later batches skip Splink's per-call SQL
    generation (about 0.3 s of Python) and only pay DuckDB's work. The statements depend
    only on the model, the existing table and the batch's columns, never on batch data.
    Returns None (and link_new_records uses predict_between each time) if Splink executed
    something other than the expected two statements."""
    batch_name = f"new_batch_{uuid.uuid4().hex[:8]}"
    probe = prepared[list(PREPARED_COLUMNS)].head(3).copy()
    probe["record_id"] = "__probe__" + probe["record_id"].astype(str)
    batch = db_api.register(probe, dataset_display_name="new_batch", table_name=batch_name)
    executed = db_api._intermediate_table_cache.executed_queries
    before = len(executed)
    predictions = linker.inference.predict_between(
        table, batch, threshold_match_probability=model.thresholds.review, warning_mode="never"
    )
    ran = executed[before:]
    predictions.drop_table_from_database_and_remove_from_cache()
    if len(ran) != 2 or ran[0].templated_name != "__splink__blocked_id_pairs":
        return None
    blocked_name, scoring_sql = ran[0].physical_name, ran[1].sql_used_to_create
    # Scoring reads the existing records (with their term frequencies) for the blocked
    # pairs; point it at a view holding just the batch's candidates, registered per batch:
    # the same rows for the join, without reading a million records' columns every time.
    source = f"from {table.physical_name}\n"
    if scoring_sql.count(source) != 1:
        return None
    scoring_sql = scoring_sql.replace(source, f"from {batch_name}_existing\n")
    return (batch_name, blocked_name, ran[0].sql_used_to_create, scoring_sql)


def _tf_columns(settings: Mapping[str, Any]) -> list[str]:
    columns: list[str] = []
    for comparison in settings["comparisons"]:
        for level in comparison["comparison_levels"]:
            column = level.get("tf_adjustment_column")
            if column and column not in columns:
                columns.append(column)
    return columns


_batch_counter = 0
_replay_lock = threading.Lock()


def link_new_records(
    model: LinkageModel, existing: pd.DataFrame | ExistingIndex, new: pd.DataFrame
) -> pd.DataFrame:
    """Match each new record against existing records (not against each other).

    Uses Splink's `predict_between` (blocked join of new x existing with the model's blocking
    rules, term frequencies from the existing records). With an index, candidate pairs come
    from sorted hashed blocking keys built with the index (`_blocked_pairs`: a lookup, not a
    join over every existing record) and are scored by the SQL Splink generated for
    predict_between at build time, replayed; so a batch costs DuckDB's scoring alone.

    Returns one row per new record: record_id, matched_record_id (the best-scoring existing
    record, or None), person_id (that record's person when the decision is "link", else the
    new record's own id), match_probability, decision ("link": >= auto_link and no veto;
    "review": >= review, or vetoed; "new": nothing close) and veto (reasons, "" if none).

    Pass an `ExistingIndex` from `build_index` for speed: a DataFrame is indexed on each call.
    """
    global _batch_counter
    index = existing if isinstance(existing, ExistingIndex) else build_index(model, existing)
    prepared_new = _ensure_prepared(new, model.options.postcode_format)
    _batch_counter += 1
    if index.replay is not None:
        batch_name, blocked_name, _, scoring_sql = index.replay
        con = index.db_api.duckdb_con
        blocked, involved = _blocked_pairs(index, prepared_new)
        candidates = index.prepared.iloc[involved][list(PREPARED_COLUMNS)]
        with _replay_lock:
            con.register(batch_name, prepared_new[list(PREPARED_COLUMNS)])
            con.register(f"{batch_name}_existing", candidates)
            con.register(f"{blocked_name}_frame", blocked)
            try:
                con.execute(
                    f"CREATE OR REPLACE TABLE {blocked_name} AS "  # noqa: S608 (our names)
                    f"SELECT * FROM {blocked_name}_frame"
                )
                scored = con.sql(scoring_sql).df()
            finally:
                con.execute(f"DROP TABLE IF EXISTS {blocked_name}")
                con.unregister(f"{blocked_name}_frame")
                con.unregister(f"{batch_name}_existing")
    else:
        with _quiet_splink():
            batch = index.db_api.register(
                prepared_new[list(PREPARED_COLUMNS)].copy(),
                dataset_display_name=f"new_batch_{_batch_counter}",
            )
            predictions = index.linker.inference.predict_between(
                index.table,
                batch,
                threshold_match_probability=model.thresholds.review,
                warning_mode="never",
            )
            scored = predictions.as_pandas_dataframe()
            predictions.drop_table_from_database_and_remove_from_cache()
            index.db_api.delete_table_from_database(batch.physical_name)
    out = pd.DataFrame({"record_id": prepared_new["record_id"].to_numpy()})
    out["matched_record_id"] = None
    out["person_id"] = out["record_id"]
    out["match_probability"] = 0.0
    out["decision"] = "new"
    out["veto"] = ""
    if len(scored):
        scored = scored.rename(columns={"record_id_l": "existing_id", "record_id_r": "new_id"})
        scored["existing_id"] = scored["existing_id"].astype(str)
        scored["new_id"] = scored["new_id"].astype(str)
        wanted = index.prepared_by_id.get_indexer(scored["existing_id"].unique())
        involved = index.prepared.iloc[wanted[wanted >= 0]]
        both = pd.concat([involved, prepared_new], ignore_index=True)
        both = both.drop_duplicates("record_id", keep="last")
        check = pd.DataFrame(
            {"record_id_l": scored["existing_id"], "record_id_r": scored["new_id"]}
        )
        scored["veto"] = veto_reasons(
            check,
            both,
            postcode_format=model.options.postcode_format,
            adult_kinds=adult_veto_kinds(model),
        ).to_numpy()
        scored["linkable"] = (scored["veto"] == "") & (
            scored["match_probability"] >= model.thresholds.auto_link
        )
        scored = scored.sort_values(
            ["new_id", "linkable", "match_probability", "existing_id"],
            ascending=[True, False, False, True],
            kind="stable",
        )
        best = scored.drop_duplicates("new_id").set_index("new_id")
        rows = out["record_id"].isin(best.index)
        chosen = best.reindex(out.loc[rows, "record_id"])
        out.loc[rows, "matched_record_id"] = chosen["existing_id"].to_numpy()
        out.loc[rows, "match_probability"] = chosen["match_probability"].to_numpy(dtype=float)
        out.loc[rows, "veto"] = chosen["veto"].to_numpy()
        decision = np.where(chosen["linkable"].to_numpy(dtype=bool), "link", "review")
        out.loc[rows, "decision"] = decision
        linked = rows.copy()
        linked.loc[rows] = decision == "link"
        out.loc[linked, "person_id"] = index.person_of.reindex(
            out.loc[linked, "matched_record_id"]
        ).to_numpy()
    return out


def person_clusters(persons: pd.DataFrame) -> list[frozenset[str]]:
    """The persons as sets of record ids (handy for comparing two clusterings)."""
    groups = persons.groupby("person_id")["record_id"].apply(lambda s: frozenset(map(str, s)))
    return sorted(groups.tolist(), key=lambda g: min(g))


__all__: Sequence[str] = (
    "ALL_VETOES",
    "INPUT_COLUMNS",
    "PREPARED_COLUMNS",
    "BadRow",
    "ExistingIndex",
    "InputError",
    "LinkResult",
    "LinkageModel",
    "Thresholds",
    "VetoChecker",
    "adult_veto_kinds",
    "build_index",
    "calibrate_thresholds",
    "cluster_pairs",
    "comparison_names",
    "field_disagreement",
    "link_new_records",
    "link_records",
    "link_records_detailed",
    "person_clusters",
    "predict_pairs",
    "prepare_records",
    "read_input_csv",
    "spark_session",
    "train_model",
    "veto_reasons",
)
