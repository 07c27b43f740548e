"""France's code officiel géographique (COG, millésime 2026): communes, departments, regions.

The data is `cog2026.json.gz` beside this module, built by `scripts/build_cog.py` from the npm
package `@etalab/decoupage-administratif` (see NOTICE-COG.md). It is read on the first call of
`load_cog()`, with the standard library only, and kept for the life of the process.
"""

from __future__ import annotations

import bisect
import difflib
import gzip
import json
import re
import unicodedata
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache, lru_cache
from importlib import resources
from typing import Any, Literal, cast

CommuneKind = Literal["current", "delegated", "associated", "arrondissement"]

DATA_PACKAGE = "manufactures.referentials"
DATA_FILE = "cog2026.json.gz"

# The layout written by scripts/build_cog.py; a file with another layout is refused rather than
# misread.
COMMUNE_COLUMNS = (
    "code",
    "name",
    "kind",
    "parent",
    "department",
    "region",
    "postal_codes",
    "population",
)
FIELD_SEPARATOR = "|"
LIST_SEPARATOR = " "

# Several communes can answer one name (or one code): the current commune is the one people mean.
_KIND_RANK: Mapping[str, int] = {"current": 0, "arrondissement": 1, "delegated": 2, "associated": 3}
_ABBREVIATIONS: Mapping[str, str] = {"ST": "SAINT", "STE": "SAINTE"}
# NFKD splits accented letters into a letter and combining marks (the Unicode blocks below).
_COMBINING_MARKS = re.compile(
    r"[\u0300-\u036f\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\ufe20-\ufe2f]+"
)
# Apostrophes (' ’), hyphens, dots and brackets all separate words as a space does.
_SEPARATORS = re.compile(r"[\W_]+")
# NFKD leaves the ligature of « Œuilly » whole, and the modifier letter apostrophe ʼ counts as a
# letter for `\w`.
_SPELLINGS = str.maketrans({"Œ": "OE", "ʼ": " "})


@dataclass(frozen=True, slots=True)
class Commune:
    """A current commune, a delegated or associated commune, or a municipal arrondissement."""

    code: str
    name: str
    kind: CommuneKind
    parent: str | None
    """The code of the current commune it belongs to; None for a current commune."""
    department: str
    region: str
    postal_codes: tuple[str, ...]
    population: int | None


@dataclass(frozen=True, slots=True)
class Department:
    """A department and the code of its region."""

    code: str
    name: str
    region: str


@dataclass(frozen=True, slots=True)
class Region:
    """A region."""

    code: str
    name: str


@dataclass(frozen=True, slots=True)
class CogSource:
    """Where the shipped data comes from, and under which licence it is reused."""

    package: str
    version: str
    repository: str
    licence: str


@dataclass(frozen=True, slots=True)
class CogCounts:
    """How many entries of each kind the shipped data holds."""

    current: int
    delegated: int
    associated: int
    arrondissements: int
    departments: int
    regions: int


PlaceKind = Literal["department", "region"]


# eq=False: a Cog is compared and hashed by identity, which lets the lazily built indexes below
# be memoised per instance.
@dataclass(frozen=True, slots=True, eq=False)
class Cog:
    """The COG of one vintage: look communes up by code or name, departments and regions by code."""

    vintage: int
    source: CogSource
    _commune_lines: tuple[str, ...] = field(repr=False)
    _departments: Mapping[str, Department] = field(repr=False)
    _regions: Mapping[str, Region] = field(repr=False)

    def communes_with_code(self, code: str) -> tuple[Commune, ...]:
        """Every commune bearing `code`, the current commune first."""
        return _communes_with_code(self, code)

    def commune(self, code: str) -> Commune | None:
        """The commune bearing `code`, preferring the current commune; None if there is none."""
        communes = self.communes_with_code(code)
        return communes[0] if communes else None

    def department(self, code: str) -> Department | None:
        """The department of that code (``"01"``, ``"2A"``, ``"971"``), or None."""
        return self._departments.get(code)

    def region(self, code: str) -> Region | None:
        """The region of that code (``"84"``), or None."""
        return self._regions.get(code)

    def places(self, kind: PlaceKind) -> Mapping[str, Department | Region]:
        """Every department or region, by code, in the COG's order."""
        return self._departments if kind == "department" else self._regions

    def place_code(self, kind: PlaceKind, text: str) -> str | None:
        """The code of the department or region `text` is: its code, or its official name with
        accents, case, apostrophes and hyphens ignored (« ardeche », « Auvergne Rhone Alpes »)."""
        places = self.places(kind)
        if text.upper() in places:  # 2a is 2A
            return text.upper()
        key = normalize_place_name(text)
        return next((c for c, p in places.items() if normalize_place_name(p.name) == key), None)

    def find_communes(self, name: str) -> tuple[Commune, ...]:
        """Communes whose name equals `name` once both are normalised, current communes first."""
        lines = _name_index(self).get(normalize_place_name(name), ())
        return tuple(_parse_commune(line) for line in lines)

    def closest_commune_names(self, name: str, *, n: int = 3) -> tuple[str, ...]:
        """Up to `n` official names closest to `name`, best first, for a « did you mean »."""
        index = _name_index(self)
        keys = difflib.get_close_matches(normalize_place_name(name), index, n=n)
        return tuple(_line_name(index[key][0]) for key in keys)

    @property
    def counts(self) -> CogCounts:
        """How many communes of each kind, departments and regions the data holds."""
        return _count(self)


# A registry names the same places again and again: each code and name is worked out once.
@cache
def _communes_with_code(cog: Cog, code: str) -> tuple[Commune, ...]:
    lines = cog._commune_lines
    start = bisect.bisect_left(lines, code, key=_line_code)
    end = bisect.bisect_right(lines, code, lo=start, key=_line_code)
    return tuple(_parse_commune(line) for line in lines[start:end])


@lru_cache(maxsize=65_536)
def normalize_place_name(name: str) -> str:
    """The comparison key of a place name: no case, accents, apostrophes or hyphens, and the
    abbreviations ST / STE spelt SAINT / SAINTE (« St-Étienne » → ``"SAINT ETIENNE"``)."""
    letters = _COMBINING_MARKS.sub("", unicodedata.normalize("NFKD", name))
    words = _SEPARATORS.sub(" ", letters.upper().translate(_SPELLINGS)).split()
    return " ".join([_ABBREVIATIONS.get(word, word) for word in words])


@cache
def load_cog() -> Cog:
    """The COG shipped with the package, read on first call and kept for the process."""
    compressed = resources.files(DATA_PACKAGE).joinpath(DATA_FILE).read_bytes()
    return _parse_document(json.loads(gzip.decompress(compressed)))


def _parse_document(document: dict[str, Any]) -> Cog:
    header = document["header"]
    layout = (header["columns"]["communes"], header["separators"])
    if layout != (list(COMMUNE_COLUMNS), {"field": FIELD_SEPARATOR, "list": LIST_SEPARATOR}):
        raise ValueError(f"{DATA_FILE} has an unknown layout; rebuild it with scripts/build_cog.py")
    departments = {
        code: Department(code=code, name=name, region=region)
        for code, (name, region) in document["departments"].items()
    }
    regions = {code: Region(code=code, name=name) for code, (name,) in document["regions"].items()}
    return Cog(
        vintage=header["vintage"],
        source=CogSource(
            package=header["source"]["package"],
            version=header["source"]["version"],
            repository=header["source"]["repository"],
            licence=header["licence"]["data"],
        ),
        _commune_lines=tuple(document["communes"]),
        _departments=departments,
        _regions=regions,
    )


def _line_code(line: str) -> str:
    return line.partition(FIELD_SEPARATOR)[0]


def _line_name(line: str) -> str:
    return line.split(FIELD_SEPARATOR, 2)[1]


def _line_rank(line: str) -> int:
    return _KIND_RANK[line.split(FIELD_SEPARATOR, 3)[2]]


def _parse_commune(line: str) -> Commune:
    code, name, kind, parent, department, region, postal_codes, population = line.split(
        FIELD_SEPARATOR
    )
    return Commune(
        code=code,
        name=name,
        kind=cast(CommuneKind, kind),
        parent=parent or None,
        department=department,
        region=region,
        postal_codes=tuple(postal_codes.split(LIST_SEPARATOR)) if postal_codes else (),
        population=int(population) if population else None,
    )


# Normalising 37 000 names costs several times the loading of the file, so the index from
# normalised name to rows is built only when a name is first looked up.
@cache
def _name_index(cog: Cog) -> dict[str, tuple[str, ...]]:
    groups: dict[str, list[str]] = {}
    for line in cog._commune_lines:
        groups.setdefault(normalize_place_name(_line_name(line)), []).append(line)
    return {key: tuple(sorted(lines, key=_line_rank)) for key, lines in groups.items()}


@cache
def _count(cog: Cog) -> CogCounts:
    kinds = Counter(line.split(FIELD_SEPARATOR, 3)[2] for line in cog._commune_lines)
    return CogCounts(
        current=kinds["current"],
        delegated=kinds["delegated"],
        associated=kinds["associated"],
        arrondissements=kinds["arrondissement"],
        departments=len(cog._departments),
        regions=len(cog._regions),
    )
