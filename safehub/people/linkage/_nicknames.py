"""Given-name equivalence for the linkage engine: safehub's one nickname and spelling table.

Interactive search and batch linkage share one definition of a nickname:
`safehub.people.normalise` reads safehub's table (people/data/given_name_variants.csv: a formal
name and names routinely used for the same person: short forms, diminutives, alternative
spellings) and adds the `nicknames` package's one-step nicknames; this module only adapts it
to the engine's normalised names (lower case, words separated by single spaces) and gives the
vectorised engine per-name keys to compare in SQL:

* `nickname_equivalent(a, b)` is search's `are_nickname_equivalent` (cached): the vetoes and
  search can never disagree on whether two given names are variants of one another;
* `canonical_given_name(name, rank)` names the formal name of the rank-th table group the name
  belongs to (a name may belong to several: "alex" to Alexander and Alexandra). The model's
  "nickname or spelling variant" level and its blocking keys use it. These groups are the
  table's only (the package's nicknames are not grouped), so that level is a subset of
  `nickname_equivalent`; a package-only variant pair falls to the model's string-similarity
  levels instead.

Equivalence is *not* chained through a third name, because chaining joins names that are
clearly two children ("emily" - "amelia" - "mia" - "emma").

The synthetic population's generator (people/synthetic.py) draws its nicknames and spelling
variants from its own list, people/data/name_variants.csv. Every given-name row of that list
is also in the shared table (the shared table was built from it, the engine's former list and
search's former table), so the synthetic benchmark's recall does not measure nicknames the
table lacks; bench/results/linkage.json notes this.

The lists are common given names only; they describe no one.
"""

from __future__ import annotations

import functools

from safehub.people.normalise import are_nickname_equivalent, given_name_groups, name_key


def _groups() -> tuple[tuple[str, ...], ...]:
    """The shared table's groups as name keys, each formal name first, in table order."""
    return tuple(
        (formal, *sorted(members - {formal})) for formal, members in given_name_groups().items()
    )


GROUPS: tuple[tuple[str, ...], ...] = _groups()
MEMBERSHIP: dict[str, tuple[int, ...]] = {}
for _index, _group in enumerate(GROUPS):
    for _name in _group:
        if _index not in MEMBERSHIP.get(_name, ()):
            MEMBERSHIP[_name] = (*MEMBERSHIP.get(_name, ()), _index)


def groups_of(name: str) -> tuple[int, ...]:
    """Ids of the groups a normalised given name belongs to (the whole name, else its first
    word), in table order; () when it is in none."""
    found = MEMBERSHIP.get(name_key(name))
    if found is None and " " in name:
        found = MEMBERSHIP.get(name_key(name.split(" ")[0]))
    return found or ()


def canonical_given_name(name: str, rank: int = 0) -> str | None:
    """The formal name (as a name key) of the `rank`-th group the name belongs to; for rank 0
    the name itself (first word) when it is in no group, None for other ranks."""
    found = groups_of(name)
    if rank < len(found):
        return GROUPS[found[rank]][0]
    return name.split(" ")[0] if rank == 0 else None


@functools.lru_cache(maxsize=262_144)
def nickname_equivalent(a: str, b: str) -> bool:
    """True when the two given names are equal or variants of one another by safehub's shared
    definition (`safehub.people.normalise.are_nickname_equivalent`). Not transitive: "mia" ~
    "amelia" and "amelia" ~ "emily" does not make "mia" ~ "emily"."""
    return a == b or are_nickname_equivalent(a, b)
