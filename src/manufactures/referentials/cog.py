"""France's code officiel géographique (COG, millésime 2026): communes, departments, regions.

The data is `cog2026.json.gz` beside this module, built by `scripts/build_cog.py` from the npm
package `@etalab/decoupage-administratif` (see NOTICE-COG.md). It is read on the first call of
`load_cog()`, with the standard library only, and kept for the life of the process.

Every data command checks its records against the COG, so loading it is on the path of each: the
file is decompressed, but its 37 000 communes are not decoded into as many strings (which took
as long again as decompressing). They stay the UTF-8 text of the JSON array the builder writes,
sorted by code, and a code is found by bisecting that text; only the communes looked up are
decoded. Looking communes up by name decodes them all, once.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
import zlib
from collections import Counter
from collections.abc import Mapping
from functools import cache, lru_cache
from pathlib import Path
from typing import Literal, NamedTuple, cast

CommuneKind = Literal["current", "delegated", "associated", "arrondissement"]

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
# The builder's JSON (sorted keys, no spaces) starts with the communes, one string each, and goes
# on with the departments. With no backslash among the communes (checked), none holds a quote, so
# `","` separates them. (That the builder writes no space there, `test_cog`'s counts check.)
_COMMUNES_START = b'{"communes":["'
_COMMUNES_END = b'"],"departments":'
_BETWEEN_COMMUNES = b'","'
_FIELD = FIELD_SEPARATOR.encode()

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


# Named tuples rather than dataclasses: immutable values all the same, and each class is made
# seven times faster when the module is imported, which every data command does.
class Commune(NamedTuple):
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


class Department(NamedTuple):
    """A department and the code of its region."""

    code: str
    name: str
    region: str


class Region(NamedTuple):
    """A region."""

    code: str
    name: str


class CogSource(NamedTuple):
    """Where the shipped data comes from, and under which licence it is reused."""

    package: str
    version: str
    repository: str
    licence: str


class CogCounts(NamedTuple):
    """How many entries of each kind the shipped data holds."""

    current: int
    delegated: int
    associated: int
    arrondissements: int
    departments: int
    regions: int


PlaceKind = Literal["department", "region"]


class Cog:
    """The COG of one vintage: look communes up by code or name, departments and regions by code.

    Compared and hashed by identity, which lets the lazily built indexes below be memoised per
    instance.
    """

    __slots__ = ("_communes", "_departments", "_regions", "source", "vintage")

    def __init__(
        self,
        vintage: int,
        source: CogSource,
        communes: _SortedLines,
        departments: Mapping[str, Department],
        regions: Mapping[str, Region],
    ) -> None:
        self.vintage = vintage
        self.source = source
        self._communes = communes
        self._departments = departments
        self._regions = regions

    def __repr__(self) -> str:
        return f"Cog(vintage={self.vintage!r}, source={self.source!r})"

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
class _SortedLines:
    """Lines of UTF-8 text sorted by their first field: `text[start:end]`, split at `separator`.

    A line is found by bisecting the text, and decoded only then: the text is not copied, nor cut
    into one string per line.
    """

    __slots__ = ("_end", "_separator", "_start", "_text")

    def __init__(self, text: bytes, start: int, end: int, separator: bytes) -> None:
        self._text, self._start, self._end, self._separator = text, start, end, separator

    def with_first_field(self, key: bytes) -> list[str]:
        """The lines whose first field is `key` (which holds neither separator), in order."""
        text, prefix, found = self._text, key + _FIELD, []
        start = self._first_at_or_after(key)
        while start < self._end and text.startswith(prefix, start):
            end = self._line_end(start)
            found.append(text[start:end].decode())
            start = end + len(self._separator)
        return found

    def decoded(self) -> list[str]:
        """Every line."""
        return self._text[self._start : self._end].decode().split(self._separator.decode())

    def _first_at_or_after(self, key: bytes) -> int:
        """Where the first line whose first field is `key` or after it starts (else `end`).

        `low` is always the start of a line, `high` the start of a line or the end.
        """
        text, separator = self._text, self._separator
        low, high = self._start, self._end
        while low < high:
            middle = (low + high) // 2
            before = text.rfind(separator, low, middle)
            start = low if before < 0 else before + len(separator)
            if text[start : text.index(_FIELD, start, self._end)] < key:
                low = self._line_end(start) + len(separator)
            else:
                high = start
        return min(low, self._end)

    def _line_end(self, start: int) -> int:
        end = self._text.find(self._separator, start, self._end)
        return self._end if end < 0 else end


@cache
def _communes_with_code(cog: Cog, code: str) -> tuple[Commune, ...]:
    key = code.encode("utf-8", "surrogateescape")
    if not key or _FIELD in key or b'"' in key:
        return ()  # no commune's code is empty or holds these
    return tuple(_parse_commune(line) for line in cog._communes.with_first_field(key))


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
    # Beside this module, as `discovery` finds the embedded registry: `importlib.resources`
    # would import zipfile and its readers (2-3 ms) for a package that is never zipped.
    compressed = Path(__file__).with_name(DATA_FILE).read_bytes()
    return _parse_document(zlib.decompress(compressed, wbits=31))  # 31: a gzip member


def _parse_document(document: bytes) -> Cog:
    """The COG of the builder's JSON text: the communes kept as they are, the rest decoded."""
    start, end = len(_COMMUNES_START), document.find(_COMMUNES_END)
    backslash = document.find(b"\\", start, end)  # an escape: the quote test above would fail
    if end < 0 or not document.startswith(_COMMUNES_START) or backslash >= 0:
        raise _unknown_layout()
    try:
        rest = json.loads(b"{" + document[end + len(b'"],') :])
        header = rest["header"]
        layout = (header["columns"]["communes"], header["separators"])
    except (ValueError, KeyError, TypeError):
        raise _unknown_layout() from None
    if layout != (list(COMMUNE_COLUMNS), {"field": FIELD_SEPARATOR, "list": LIST_SEPARATOR}):
        raise _unknown_layout()
    departments = {
        code: Department(code=code, name=name, region=region)
        for code, (name, region) in rest["departments"].items()
    }
    regions = {code: Region(code=code, name=name) for code, (name,) in rest["regions"].items()}
    return Cog(
        vintage=header["vintage"],
        source=CogSource(
            package=header["source"]["package"],
            version=header["source"]["version"],
            repository=header["source"]["repository"],
            licence=header["licence"]["data"],
        ),
        communes=_SortedLines(document, start, end, _BETWEEN_COMMUNES),
        departments=departments,
        regions=regions,
    )


def _unknown_layout() -> ValueError:
    return ValueError(f"{DATA_FILE} has an unknown layout; rebuild it with scripts/build_cog.py")


@cache
def _commune_lines(cog: Cog) -> tuple[str, ...]:
    """Every commune's line, decoded: for the lookups that need them all."""
    return tuple(cog._communes.decoded())


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
    for line in _commune_lines(cog):
        groups.setdefault(normalize_place_name(_line_name(line)), []).append(line)
    return {key: tuple(sorted(lines, key=_line_rank)) for key, lines in groups.items()}


@cache
def _count(cog: Cog) -> CogCounts:
    kinds = Counter(line.split(FIELD_SEPARATOR, 3)[2] for line in _commune_lines(cog))
    return CogCounts(
        current=kinds["current"],
        delegated=kinds["delegated"],
        associated=kinds["associated"],
        arrondissements=kinds["arrondissement"],
        departments=len(cog._departments),
        regions=len(cog._regions),
    )
