"""Given-name equivalence groups used by the linkage model (nicknames and common spellings).

Each line is a canonical name followed by names that are routinely used for the same person
(short forms, diminutives, alternative spellings). A name that appears in several groups (for
example "alex", for Alexander and for Alexandra) belongs to the first group it appears in, so
the mapping stays a function: `canonical_given_name("alex") == "alexander"`. That errs towards
*not* treating two names as equivalent, which is the safe direction for linking children.

The lists are common English given names only; they describe no one.
"""

from __future__ import annotations

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


def _build() -> dict[str, str]:
    mapping: dict[str, str] = {}
    for line in _GROUPS.splitlines():
        names = line.split()
        canonical = names[0]
        for name in names:
            mapping.setdefault(name, canonical)
    return mapping


NICKNAMES: dict[str, str] = _build()


def canonical_given_name(name: str) -> str:
    """The canonical form of a normalised (lower-case, unaccented) given name."""
    return NICKNAMES.get(name, name)
