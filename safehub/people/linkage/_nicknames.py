"""Given-name equivalence groups used by the linkage model (nicknames and common spellings).

The groups are safehub's shared table (people/data/name_variants.csv) followed by the extra
lines below: a canonical name and names routinely used for the same person (short forms,
diminutives, alternative spellings). A name may belong to several groups ("alex": Alexander
and Alexandra). Two names are equivalent when they share a group; equivalence is *not*
chained through a third name, because chaining joins names that are clearly two children
("emily" - "amelia" - "mia" - "emma").

The lists are common English given names only; they describe no one.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

_GROUPS = """
abigail abbie abby abbey gail
adam addy
albert al bert bertie
alexander alex alec alexandre xander sandy lex
alexandra alexa lexi lexie sasha sandra
alfred alfie alf fred freddie freddy
alice allie ally alicia
amanda mandy manda
andrew andy drew
angela angie
anne ann annie anna hannah nan nancy
anthony tony antony ant
arthur art artie
barbara barb barbie babs
benjamin ben benny benji
bernard bernie
beverley bev beverly
bradley brad
bridget biddy bridie
callum cal calum
carol carole caroline carolyn carrie
catherine katherine kathryn catharine cathy kathy kate katie cath kath kat katy kitty
charles charlie chas chuck chaz
charlotte lottie charlie lotte
christopher chris kit topher kris
christine chris chrissie christina kristina tina
clare claire clara
daniel dan danny
david dave davy davie
deborah debbie deb debra
dennis den denny
derek del
dominic dom
donald don donny
dorothy dot dotty dottie
douglas doug
edward ed eddie ted teddy ned
eleanor ellie nell nellie elinor elenor
elizabeth liz lizzie beth betty bess bessie eliza libby lisa elisa lizzy betsy elisabeth
emily em emmy millie
emma em emmie
eugene gene
frances fran fanny frankie
francis frank frankie
frederick fred freddie freddy
gabriel gabe
gabrielle gabby gabi
geoffrey geoff jeff jeffrey
george georgie
georgina georgie gina
gerald gerry jerry
gillian gill jill jillian
gregory greg
harriet hattie harry
helen helena nell
henry harry hank hal
harold harry hal
isabel isabella isabelle izzy bella issy isobel
jacob jake jac
jacqueline jackie jacqui
james jim jimmy jamie jimbo
jane janey jayne
janet jan
jennifer jenny jen jenna
jessica jess jessie
joanna joanne jo joan
john jon johnny jack jonny
jonathan jon jonny jono
joseph joe joey jo
joshua josh
judith judy jude
julia julie jules
katelyn kaitlyn caitlin caitlyn katelin
kenneth ken kenny
kimberley kim kimberly
lawrence laurence larry laurie
leonard len lenny leo
lewis louis lou
louise lou lulu louisa
lucy lu lucie
madeleine maddie madeline madelyn
margaret maggie meg peggy maisie marge margie madge greta
mary molly polly mae may marie maria
matthew matt matty mat
megan meg meghan
michael mike mick mickey mikey micky
michelle shelly shell
mohammed muhammad mohammad mohamed muhammed mohamad mo
nathan nate nat
nathaniel nat nate
nicholas nick nicky nico
nicola nicky nikki nicole
oliver ollie olly
olivia liv livvy
pamela pam
patricia pat patty trish tricia patsy
patrick pat paddy
peter pete
philip phil pip phillip
rachel rach
raymond ray
rebecca becky becca bex reba
richard rick ricky dick rich richie
robert rob bob bobby robbie bert
ronald ron ronnie
rosemary rose rosie
samantha sam sammy
samuel sam sammy
sarah sally sadie sara
sophie sophia soph
stephen steve stevie steven stephan
stuart stu stewart
susan sue susie suzanne suzy
terence terry
theodore theo ted teddy
thomas tom tommy thom
timothy tim timmy
valerie val
victoria vicky vic tori vikki
vincent vince vinny
walter walt wally
william will bill billy liam willie willy
zachary zach zack zak
""".strip()


_PROJECT_TABLE = Path(__file__).resolve().parent.parent / "data" / "name_variants.csv"


def _clean(name: str) -> str:
    text = unicodedata.normalize("NFKD", name)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    text = re.sub(r"['\u2019`]", "", text)
    return re.sub(r"[^a-z]+", " ", text).strip()


def _groups() -> list[tuple[str, ...]]:
    """Equivalence groups: safehub's shared table (people/data/name_variants.csv, given-name
    nickname and spelling rows) first, then the extra groups above; one group per canonical
    name (rows with the same first name are merged)."""
    rows: list[list[str]] = []
    try:
        with _PROJECT_TABLE.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                if row.get("field") == "given":
                    rows.append([_clean(n) for n in row["names"].split("|") if _clean(n)])
    except OSError:
        pass
    rows.extend(line.split() for line in _GROUPS.splitlines())
    merged: dict[str, list[str]] = {}
    for names in rows:
        if not names:
            continue
        group = merged.setdefault(names[0], [names[0]])
        group.extend(n for n in names[1:] if n not in group)
    return [tuple(group) for group in merged.values()]


GROUPS: tuple[tuple[str, ...], ...] = tuple(_groups())
MEMBERSHIP: dict[str, tuple[int, ...]] = {}
for _index, _group in enumerate(GROUPS):
    for _name in _group:
        if _index not in MEMBERSHIP.get(_name, ()):
            MEMBERSHIP[_name] = (*MEMBERSHIP.get(_name, ()), _index)


def groups_of(name: str) -> tuple[int, ...]:
    """Ids of the groups a normalised given name belongs to (the whole name, else its first
    word), in table order; () when it is in none."""
    found = MEMBERSHIP.get(name)
    if found is None and " " in name:
        found = MEMBERSHIP.get(name.split(" ")[0])
    return found or ()


def canonical_given_name(name: str, rank: int = 0) -> str | None:
    """The canonical (first) name of the `rank`-th group the name belongs to; for rank 0 the
    name itself (first word) when it is in no group, None for other ranks."""
    found = groups_of(name)
    if rank < len(found):
        return GROUPS[found[rank]][0]
    return name.split(" ")[0] if rank == 0 else None


def nickname_equivalent(a: str, b: str) -> bool:
    """True when the two normalised given names are equal or share a group. Not transitive:
    "mia" ~ "amelia" and "amelia" ~ "emily" does not make "mia" ~ "emily"."""
    return a == b or bool(set(groups_of(a)) & set(groups_of(b)))
