"""Reads of the person index, always scoped to the viewer."""

from __future__ import annotations

import contextlib
import dataclasses
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.db import connections
from django.db.models import Q, QuerySet

from safehub.people import involvement
from safehub.people.matching import (
    STRONG_SCORE,
    MatchQuery,
    MatchResult,
    canonical_given_keys,
    compare,
    dob_neighbours,
    family_phonetics,
    phonetic,
)
from safehub.people.models import (
    LinkCandidate,
    LinkDecision,
    Person,
    PersonIdentifier,
    PersonMerge,
    PersonName,
    PersonRecord,
    Relationship,
)
from safehub.people.normalise import name_key, name_tokens

LOOKUP_LIMIT = 100
# Records with the searched name but a date of birth that cannot be the same one mistyped: a few
# are still offered (as weak candidates), the rest would only cost time.
SAME_NAME_OTHER_DOB_LIMIT = 20
# "Within a month" in `normalise.dob_agreement`.
NEAR_DOB = timedelta(days=31)
RESULT_LIMIT = 10


def person_scope_filter(user: Any) -> Q:
    """Q for the persons this user may see without break-glass."""
    from safehub.people.rules import sees_whole_person_index

    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return Q(pk__in=[])
    if sees_whole_person_index.test(user):
        return Q()
    scope = Q(records__source_agency_id=user.agency_id)
    for involved in involvement.providers():
        scope |= Q(pk__in=involved(user.agency_id))
    return scope


def agency_involved_with_person(*, agency_id: int, person_id: int) -> bool:
    if PersonRecord.objects.filter(person_id=person_id, source_agency_id=agency_id).exists():
        return True
    return any(
        involved(agency_id).filter(person_id=person_id).exists()
        for involved in involvement.providers()
    )


def person_list_visible(*, user: Any) -> QuerySet[Person]:
    return Person.objects.current().filter(person_scope_filter(user)).distinct()


def person_get_for_user(*, user: Any, person_id: int) -> tuple[Person | None, bool]:
    """(person, needs_break_glass). A merged person resolves to the person it was merged into.

    Out-of-scope persons are returned only to users holding a live break-glass grant; to users
    who may use break-glass the answer is (None, True); to everyone else (None, False), the same
    as for a person that does not exist.
    """
    from safehub.audit.selectors import break_glass_active

    person = Person.objects.filter(pk=person_id).first()
    if person is None:
        return None, False
    person = person.surviving()
    if user.has_perm("people.view_person", person):
        return person, False
    if break_glass_active(user=user, object_type="person", object_id=person.pk):
        return person, False
    if user.has_perm("accounts.use_break_glass"):
        return None, True
    return None, False


@dataclass
class Candidate:
    person: Person
    result: MatchResult
    best_record: PersonRecord
    visible: bool


@dataclass
class SearchOutcome:
    candidates: list[Candidate] = field(default_factory=list)
    hidden_strong_matches: int = 0

    @property
    def strong(self) -> list[Candidate]:
        return [c for c in self.candidates if c.result.score >= STRONG_SCORE]


def _candidate_lookups(query: MatchQuery) -> list[QuerySet[Any, Any]]:
    """Blocking: indexed lookups of candidate record ids that together catch typos, nicknames,
    phonetic variants, swapped names, double and changed surnames, mistyped and missing dates of
    birth. Each is capped; where a lookup can be large (a common name), it is narrowed first to
    the records most likely to be the person, so the cap never drops the best ones."""
    # Records always belong to a current person (a merge moves them), so no join is needed.
    # order_by(): without it the model's ordering made every capped lookup sort all its matches
    # (reading each row for created_at) before taking the first hundred.
    records = PersonRecord.objects.order_by()
    lookups: list[QuerySet[Any, Any]] = []

    def add(queryset: QuerySet[Any, Any], field: str = "id", limit: int = LOOKUP_LIMIT) -> None:
        lookups.append(queryset.values_list(field, flat=True)[:limit])

    given_keys = canonical_given_keys(query.given_name) if query.given_name else set()
    family_keys = {phonetic(token) for token in name_tokens(query.family_name)} - {""}
    dobs: list[date] = []
    if query.date_of_birth:
        dob = query.date_of_birth
        dobs.append(dob)
        if dob.day <= 12 and dob.day != dob.month:
            with contextlib.suppress(ValueError):
                dobs.append(date(dob.year, dob.day, dob.month))
    if given_keys and family_keys:
        # A common name has hundreds of records ("Oliver Smith": 500 in a million), more than
        # the cap; the best are looked up first, each from an index alone.
        names = records.filter(given_canonical__in=given_keys, family_phonetic__in=family_keys)
        exact = records.filter(
            family_key=name_key(query.family_name), given_key=name_key(query.given_name)
        )
        if query.date_of_birth:
            # Nicknames and sound-alikes whose date of birth could be the same one mistyped,
            # within a month, or missing ...
            dob = query.date_of_birth
            add(
                names.filter(
                    Q(date_of_birth__in=dob_neighbours(dob))
                    | Q(date_of_birth__range=(dob - NEAR_DOB, dob + NEAR_DOB))
                    | Q(date_of_birth__isnull=True)
                )
            )
            # ... and a few with the same name and another date (weak candidates).
            add(exact, limit=SAME_NAME_OTHER_DOB_LIMIT)
        else:
            # Without a date: the exact name first, then nicknames and sound-alikes.
            add(exact)
            add(names)
        add(records.filter(given_canonical__in=given_keys, family_phonetic_last__in=family_keys))
    if family_keys and dobs:
        add(records.filter(family_phonetic__in=family_keys, date_of_birth__in=dobs))
        add(records.filter(family_phonetic_last__in=family_keys, date_of_birth__in=dobs))
    if given_keys and dobs:
        add(records.filter(given_canonical__in=given_keys, date_of_birth__in=dobs))
    if query.given_name and query.family_name:
        swapped_given = canonical_given_keys(query.family_name)
        swapped_family = {phonetic(t) for t in name_tokens(query.given_name)} - {""}
        if swapped_given and swapped_family:
            add(
                records.filter(
                    given_canonical__in=swapped_given, family_phonetic__in=swapped_family
                )
            )
    if query.postcode and (given_keys or family_keys):
        add(
            records.filter(
                Q(postcode=query.postcode)
                & (Q(given_canonical__in=given_keys) | Q(family_phonetic__in=family_keys))
            )
        )
    if dobs and not (given_keys or family_keys):
        add(records.filter(date_of_birth__in=dobs))
    if query.phone:
        add(records.filter(phone=query.phone))
    if query.email:
        add(records.filter(email=query.email))
    identifiers = PersonIdentifier.objects.order_by()
    for kind, value in (("nhs", query.nhs_number), ("upn", query.upn)):
        if value:
            add(identifiers.filter(kind=kind, value=value, verified=True), "record_id")
    aliases = PersonName.objects.order_by()
    if given_keys and family_keys:
        add(
            aliases.filter(given_canonical__in=given_keys, family_phonetic__in=family_keys),
            "record_id",
        )
    elif given_keys and not query.family_name:
        # A nickname on its own ("Jonno") — persons of concern are often known only so.
        add(aliases.filter(given_canonical__in=given_keys), "record_id")
    return lookups


def _candidate_rows(query: MatchQuery) -> list[_Row]:
    """The candidate records, fetched in one round trip: every lookup is a capped subquery of
    one UNION, and the rows come back with the ids."""
    lookups = _candidate_lookups(query)
    if not lookups:
        return []
    database = PersonRecord.objects.db
    ops = connections[database].ops
    parts: list[str] = []
    params: list[Any] = []
    for number, lookup in enumerate(lookups):
        sql, lookup_params = lookup.query.get_compiler(using=database).as_sql()
        # Wrapped so that each keeps its own LIMIT (SQLite allows none in a compound's arms).
        parts.append(f"SELECT * FROM ({sql}) AS lookup_{number}")  # noqa: S608 (ORM SQL)
        params.extend(lookup_params)
    columns = ", ".join(ops.quote_name(column) for column in ROW_FIELDS)
    table = ops.quote_name(PersonRecord._meta.db_table)
    union = " UNION ".join(parts)
    with connections[database].cursor() as cursor:
        # Every value is a parameter; the SQL is the ORM's own, compiled above.
        cursor.execute(
            f"SELECT {columns} FROM {table} WHERE {ops.quote_name('id')} IN ({union})",  # noqa: S608
            params,
        )
        fetched = cursor.fetchall()
    # Newest first (as the model orders records), so that of a person's equally good records
    # the latest is the one shown, whatever order the database returned them in.
    fetched.sort(key=lambda values: values[0], reverse=True)
    return [_row(values) for values in fetched]


@dataclass(frozen=True)
class _Row:
    """The fields of a PersonRecord that matching needs (cheaper than a model instance)."""

    id: int
    person_id: int
    given_name: str
    family_name: str
    date_of_birth: date | None
    sex: str
    postcode: str
    phone: str
    email: str


ROW_FIELDS = (
    "id",
    "person_id",
    "given_name",
    "family_name",
    "date_of_birth",
    "sex",
    "postcode",
    "phone",
    "email",
)


def _row(values: tuple[Any, ...]) -> _Row:
    """A _Row from raw database values (SQLite returns dates as ISO text)."""
    row = _Row(*values)
    if isinstance(row.date_of_birth, str):
        row = dataclasses.replace(row, date_of_birth=date.fromisoformat(row.date_of_birth))
    return row


def _ranked(query: MatchQuery) -> list[tuple[int, tuple[MatchResult, _Row]]]:
    """Every candidate person for the query with its best-scoring record, best first (not
    scoped to anyone: callers decide what may be shown)."""
    if query.is_empty():
        return []
    rows = _candidate_rows(query)
    if not rows:
        return []
    ids = [row.id for row in rows]
    identifiers: dict[int, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
    if query.nhs_number or query.upn:
        for record_id, kind, value in (
            PersonIdentifier.objects.filter(record_id__in=ids, verified=True)
            .order_by()
            .values_list("record_id", "kind", "value")
        ):
            identifiers[record_id][kind].add(value)
    aliases: dict[int, list[tuple[str, str]]] = defaultdict(list)
    for record_id, given, family in (
        PersonName.objects.filter(record_id__in=ids)
        .order_by()
        .values_list("record_id", "given_name", "family_name")
    ):
        aliases[record_id].append((given, family))

    best: dict[int, tuple[MatchResult, _Row]] = {}
    for row in rows:
        result = compare(query, row, identifiers[row.id])
        for given, family in aliases[row.id]:
            alias_row = _Row(
                row.id,
                row.person_id,
                given or row.given_name,
                family or (row.family_name if given else ""),
                row.date_of_birth,
                row.sex,
                row.postcode,
                row.phone,
                row.email,
            )
            alias_result = compare(query, alias_row, identifiers[row.id])
            if alias_result.score > result.score:
                result = alias_result
        current = best.get(row.person_id)
        if current is None or result.score > current[0].score:
            best[row.person_id] = (result, row)
    return sorted(best.items(), key=lambda item: (-item[1][0].score, item[0]))


@dataclass(frozen=True)
class BestMatch:
    person_id: int | None
    score: float
    runner_up_score: float

    @property
    def unambiguous(self) -> bool:
        """A strong match with no other strong match beside it."""
        return (
            self.person_id is not None
            and self.score >= STRONG_SCORE
            and self.runner_up_score < STRONG_SCORE
        )


def person_best_match(query: MatchQuery) -> BestMatch:
    """The best-matching person in the whole index, for a decision the system makes without
    showing anyone the candidates (a partner who cannot search the index gave a child's
    details, see `people.services.person_from_report`)."""
    ranked = _ranked(query)
    if not ranked:
        return BestMatch(None, 0.0, 0.0)
    runner_up = ranked[1][1][0].score if len(ranked) > 1 else 0.0
    return BestMatch(ranked[0][0], ranked[0][1][0].score, runner_up)


def person_search(*, user: Any, query: MatchQuery, limit: int = RESULT_LIMIT) -> SearchOutcome:
    """Persons that may be the one described, best first, each with the evidence.

    Only persons the user may see are returned with details; strong matches the user may not
    see are counted (so the user knows to ask the front door or use break-glass), never shown.
    Candidate records are scored as plain rows; model instances are loaded only for the few
    persons shown.
    """
    outcome = SearchOutcome()
    ranked = _ranked(query)
    if not ranked:
        return outcome
    shortlist = [
        (person_id, result, row)
        for person_id, (result, row) in ranked
        if result.score >= STRONG_SCORE
        or result.score >= 20
        or any(e.level == "agree" for e in result.evidence)
    ][: limit * 3]
    shortlisted_ids = [person_id for person_id, _, _ in shortlist]
    scope = person_scope_filter(user)
    if scope:
        visible_ids = set(
            Person.objects.filter(pk__in=shortlisted_ids)
            .filter(scope)
            .order_by()
            .values_list("pk", flat=True)
        )
    else:  # sees the whole index
        visible_ids = set(shortlisted_ids)
    shown = [item for item in shortlist if item[0] in visible_ids][:limit]
    # The shown records with their persons (a record always belongs to a current person).
    records = PersonRecord.objects.select_related("person", "source_agency").in_bulk(
        [row.id for _, _, row in shown]
    )
    for _, result, row in shown:
        record = records[row.id]
        outcome.candidates.append(Candidate(record.person, result, record, visible=True))
    outcome.hidden_strong_matches = sum(
        1
        for person_id, result, _ in shortlist
        if person_id not in visible_ids and result.score >= STRONG_SCORE
    )
    return outcome


def query_from_record_fields(fields: dict[str, Any]) -> MatchQuery:
    return MatchQuery(
        given_name=fields.get("given_name") or "",
        family_name=fields.get("family_name") or "",
        date_of_birth=fields.get("date_of_birth"),
        sex=fields.get("sex") or "",
        postcode=fields.get("postcode") or "",
        phone=fields.get("phone") or "",
        email=fields.get("email") or "",
        nhs_number=fields.get("nhs_number") or "",
        upn=fields.get("upn") or "",
    )


def query_from_clean_record(clean: Any) -> MatchQuery:
    """The search-before-create query for a validated record: its fields plus its verified
    NHS number and pupil number (unverified identifiers are never used to match)."""
    fields = dict(clean.fields)
    for kind, value, verified in clean.identifiers:
        if verified and kind in ("nhs", "upn"):
            fields["nhs_number" if kind == "nhs" else "upn"] = value
    return query_from_record_fields(fields)


@dataclass(frozen=True)
class ProvenancedValue:
    value: Any
    agency: str
    recorded_at: Any
    record_id: int


def person_profile(*, person: Person) -> dict[str, Any]:
    """Everything the person page shows, each value with the agency that gave it."""
    records = list(
        person.records.select_related("source_agency", "school", "recorded_by").order_by(
            "-created_at", "-id"
        )
    )

    def grouped(pairs: list[tuple[Any, PersonRecord]]) -> list[ProvenancedValue]:
        """One entry per distinct value, naming every agency that gave it (newest first)."""
        seen: dict[Any, ProvenancedValue] = {}
        for value, record in pairs:
            if value in (None, "", False):
                continue
            agency = record.source_agency.name
            if value not in seen:
                seen[value] = ProvenancedValue(value, agency, record.created_at, record.pk)
            elif agency not in seen[value].agency.split("; "):
                earlier = seen[value]
                seen[value] = ProvenancedValue(
                    value, f"{earlier.agency}; {agency}", earlier.recorded_at, earlier.record_id
                )
        return list(seen.values())

    def values(attr: str) -> list[ProvenancedValue]:
        return grouped([(getattr(r, attr), r) for r in records])

    names = grouped([(f"{r.given_name} {r.family_name}".strip(), r) for r in records])
    other_names = list(
        PersonName.objects.filter(record__person=person).select_related("record__source_agency")
    )
    identifiers = list(
        PersonIdentifier.objects.filter(record__person=person).select_related(
            "record__source_agency"
        )
    )
    addresses = grouped([(f"{r.address}, {r.postcode}".strip(", "), r) for r in records])
    relationships = list(
        Relationship.objects.filter(Q(from_person=person) | Q(to_person=person)).select_related(
            "from_person", "to_person", "source_agency"
        )
    )
    merges = list(
        PersonMerge.objects.filter(Q(survivor=person) | Q(absorbed=person)).select_related(
            "merged_by", "survivor", "absorbed"
        )
    )
    return {
        "records": records,
        "names": names,
        "other_names": other_names,
        "dates_of_birth": values("date_of_birth"),
        "sexes": values("sex"),
        "ethnicities": values("ethnicity"),
        "addresses": addresses,
        "phones": values("phone"),
        "emails": values("email"),
        "identifiers": identifiers,
        "schools": values("school"),
        "flags": {
            "looked_after": values("looked_after"),
            "care_leaver": values("care_leaver"),
            "learning_disability_or_sen": values("learning_disability_or_sen"),
        },
        "relationships": relationships,
        "merges": merges,
    }


def link_candidates_pending(*, user: Any) -> QuerySet[LinkCandidate]:
    if not user.has_perm("people.merge_persons"):
        return LinkCandidate.objects.none()
    return (
        LinkCandidate.objects.filter(decision=LinkDecision.PENDING)
        .filter(person_a__merged_into__isnull=True, person_b__merged_into__isnull=True)
        .select_related("person_a", "person_b")
        .order_by("-match_probability")
    )


def distinct_person_count(*, record_ids: list[int]) -> int:
    """How many distinct current persons these records belong to."""
    return Person.objects.filter(records__id__in=record_ids).current().distinct().count()


def family_phonetic_keys(family_name: str) -> tuple[str, str]:
    return family_phonetics(family_name)
