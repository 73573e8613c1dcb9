"""ORM queries compiled to SQL once per process, then run with new parameters.

Django compiles a queryset to SQL every time it is evaluated. For a join with a few filters
that costs about a millisecond on our machines, while SQLite or PostgreSQL answers the
query itself in a twentieth of that (measured for the open-case check of a new contact with
bench/frontdoor.py's data). On the path that records a contact a handful of such queries
ran for every contact; `PreparedQuery` keeps their SQL written by the ORM (so table and
column names, joins and quoting stay Django's) but compiles each one once per database.

The queryset is built with a distinctive example value for each parameter; the compiled
parameters are then searched for those values to learn where each one goes. Only use it for
queries whose result columns need no conversion from the database (integers, text, counts):
rows come straight from the cursor.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connections
from django.db.models import QuerySet


class PreparedQuery:
    def __init__(self, build: Callable[..., QuerySet[Any]], **examples: Any) -> None:
        """`build(**examples)` returns the queryset; each example value must be one that
        occurs nowhere else in the query (e.g. -918273645 for an id, a random string)."""
        self._build = build
        self._examples = examples
        self._compiled: dict[str, tuple[str, list[Any], dict[str, int]]] = {}

    def _compile(self, alias: str) -> tuple[str, list[Any], dict[str, int]]:
        compiled = self._compiled.get(alias)
        if compiled is None:
            queryset = self._build(**self._examples).using(alias)
            sql, params = queryset.query.sql_with_params()
            positions: dict[str, int] = {}
            for name, example in self._examples.items():
                example = _adapt(alias, example)
                found = [i for i, value in enumerate(params) if value == example]
                if len(found) != 1:
                    raise ValueError(
                        f"the example value of {name!r} occurs {len(found)} times in the "
                        "compiled parameters; choose a distinctive one"
                    )
                positions[name] = found[0]
            compiled = (sql, list(params), positions)
            self._compiled[alias] = compiled
        return compiled

    def rows(self, *, using: str = "default", **values: Any) -> list[Sequence[Any]]:
        """Run the query with these parameter values (every parameter named, none missing)."""
        if values.keys() != self._examples.keys():
            raise TypeError(f"give exactly these parameters: {sorted(self._examples)}")
        sql, params, positions = self._compile(using)
        params = list(params)
        for name, value in values.items():
            params[positions[name]] = _adapt(using, value)
        with connections[using].cursor() as cursor:
            cursor.execute(sql, params)
            return list(cursor.fetchall())

    def first_value(self, *, using: str = "default", **values: Any) -> Any:
        """The first column of the first row, or None."""
        found = self.rows(using=using, **values)
        return found[0][0] if found else None


def _adapt(alias: str, value: Any) -> Any:
    """A parameter as the ORM passes it to this database (SQLite stores dates as text)."""
    operations = connections[alias].ops
    if isinstance(value, dt.datetime):
        return operations.adapt_datetimefield_value(value)
    if isinstance(value, dt.date):
        return operations.adapt_datefield_value(value)
    return value
