"""A record checked against official references, offline.

- the COG 2026 shipped with the package: the INSEE code is a current commune, the department
  holds it, the region holds the department, the name and the postal code are the commune's;
- coordinates fall inside metropolitan France or the overseas department the record is in;
- a carrier's SIRET has a valid key (python-stdnum; a format check, no register is consulted);
- a QPV code has the 2015 or 2024 layout, and its department part is the record's.

The COG is read only when a record names a place, and python-stdnum imported only when a record
has a SIRET. Place names are compared with `normalize_place_name`: case, accents, apostrophes,
hyphens and the abbreviations St / Ste make no difference (« ST ETIENNE » is « Saint-Étienne »).
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from manufactures.i18n import N_, _
from manufactures.models import Carrier, Laureate, Location
from manufactures.referentials.cog import (
    Cog,
    Commune,
    Department,
    load_cog,
    normalize_place_name,
)
from manufactures.validation.checks import Finding, locate_findings
from manufactures.validation.diagnostics import Diagnostic, Severity

__all__ = ["METROPOLE", "OVERSEAS", "Box", "check_referentials", "referential_findings"]


@dataclass(frozen=True, slots=True)
class Box:
    """A rectangle of latitudes and longitudes (WGS84 decimal degrees)."""

    name: str
    south: float
    north: float
    west: float
    east: float

    def holds(self, lat: float, lon: float) -> bool:
        """Whether the point lies inside the rectangle."""
        return self.south <= lat <= self.north and self.west <= lon <= self.east


# Each box is the land's extent plus a few kilometres. A box cannot tell land from sea (a point in
# the Bay of Biscay passes): it catches swapped, sign-flipped or mistyped coordinates, and a point
# in the wrong part of France.
METROPOLE = Box(N_("metropolitan France"), 41.3, 51.15, -5.25, 9.6)  # Corsica included
OVERSEAS: Mapping[str, Box] = {
    "971": Box("Guadeloupe", 15.8, 16.55, -61.85, -60.95),
    "972": Box("Martinique", 14.35, 14.9, -61.25, -60.78),
    "973": Box("Guyane", 2.1, 5.8, -54.65, -51.55),
    "974": Box("La Réunion", -21.42, -20.85, 55.18, 55.86),
    "976": Box("Mayotte", -13.05, -12.6, 44.98, 45.35),
}

# 2015: `QP` + department on 3 characters + 3 digits (QP093001);
# 2024: `QN` + department on 3 characters + 2 digits + 1 character (QN09301M).
_QPV = re.compile(r"^(?:QP(?P<old>\d\d[\dAB])\d{3}|QN(?P<new>\d\d[\dAB])\d\d[0-9A-Z])$")
_QPV_LAYOUTS = N_(
    "2015 codes are `QP` + the department on 3 characters + 3 digits (`QP093001`), 2024 codes "
    "`QN` + the department on 3 characters + 2 digits + 1 character (`QN09301M`)"
)
_KIND_TEXT: Mapping[str, str] = {
    "delegated": N_("a delegated commune (commune déléguée)"),
    "associated": N_("an associated commune (commune associée)"),
    "arrondissement": N_("a municipal arrondissement"),
}


def check_referentials(laureate: Laureate, *, file: str, text: str) -> list[Diagnostic]:
    """Check one valid record against the references; `text` is composed only on a problem."""
    return locate_findings(referential_findings(laureate), file=file, text=text)


def referential_findings(laureate: Laureate) -> list[Finding]:
    """What the references say is wrong in one record, by field path."""
    findings = _location_findings(laureate.location) if laureate.location else []
    return findings + _siret_findings(list(enumerate(laureate.carriers or ())))


def partial_referential_findings(
    value: Mapping[str, Any], invalid: Collection[tuple[str | int, ...]]
) -> list[Finding]:
    """What the references say of the parts of a record that validated, when the record as a
    whole did not (`invalid`: the paths of its errors), so that one run reports every problem:
    the location without its invalid fields, each carrier without its own."""
    findings: list[Finding] = []
    location = value.get("location")
    if isinstance(location, dict) and ("location",) not in invalid:
        wrong = {path[1] for path in invalid if len(path) > 1 and path[0] == "location"}
        valid = _validated(Location, {k: v for k, v in location.items() if k not in wrong})
        if valid is not None:
            coordinates_wrong = bool(wrong & {"lat", "lon"})
            findings += [
                finding
                for finding in _location_findings(valid)
                if not (coordinates_wrong and finding.code.startswith("coordinates-"))
            ]
    carriers = value.get("carriers")
    if isinstance(carriers, list):
        kept = []
        for index, carrier in enumerate(carriers):
            wrong = {p[2] for p in invalid if len(p) > 2 and p[:2] == ("carriers", index)}
            if isinstance(carrier, dict) and ("carriers", index) not in invalid:
                valid_carrier = _validated(
                    Carrier, {k: v for k, v in carrier.items() if k not in wrong}
                )
                if valid_carrier is not None:
                    kept.append((index, valid_carrier))
        findings += _siret_findings(kept)
    return findings


ModelT = TypeVar("ModelT", bound=BaseModel)


def _validated(model: type[ModelT], value: Mapping[str, Any]) -> ModelT | None:
    try:
        return model.model_validate(value)
    except ValidationError:
        return None


def _location_findings(location: Location) -> list[Finding]:
    names_a_place = (
        location.commune,
        location.insee,
        location.department,
        location.region,
        location.postal_code,
    )
    cog = load_cog() if any(value is not None for value in names_a_place) else None
    communes: tuple[Commune, ...] = ()
    findings: list[Finding] = []
    if cog is not None:
        if location.insee is not None:
            communes = cog.communes_with_code(location.insee)
            findings += _code_findings(cog, location, communes)
        elif location.commune is not None:
            findings += _name_findings(cog, location)
        findings += _division_findings(cog, location, communes[0] if communes else None)
    department = communes[0].department if communes else location.department
    findings += _coordinate_findings(location, department)
    return findings + _qpv_findings(location, department)


# The commune, by code.


def _code_findings(cog: Cog, location: Location, communes: Sequence[Commune]) -> Iterator[Finding]:
    code = location.insee
    if not communes:
        yield Finding(
            "unknown-insee",
            ("location", "insee"),
            _("`{code}` is not a commune code of the COG {vintage}").format(
                code=code, vintage=cog.vintage
            ),
            _code_hint(cog, location),
        )
        return
    commune = communes[0]
    if commune.kind != "current" and commune.parent is not None:
        yield _not_current(cog, commune)
    if location.commune is not None and not _is_named(cog, location.commune, communes):
        yield Finding(
            "commune-name-mismatch",
            ("location", "commune"),
            _("commune `{code}` is officially « {name} », not « {given} »").format(
                code=code, name=commune.name, given=location.commune
            ),
            _("write `commune: {name}` (keep a source's other spelling in `notes`)").format(
                name=commune.name
            )
            + _other_code_hint(cog, location.commune, code),
        )
    postal_codes = _postal_codes(cog, communes)
    postal_code = location.postal_code
    if postal_code is not None and postal_codes and postal_code not in postal_codes:
        yield Finding(
            "postal-code-mismatch",
            ("location", "postal_code"),
            _("`{postal_code}` is not a postal code of « {name} » (`{code}`)").format(
                postal_code=postal_code, name=commune.name, code=code
            ),
            _("its postal code(s): {codes}").format(codes=", ".join(postal_codes)),
        )


def _not_current(cog: Cog, commune: Commune) -> Finding:
    parent = cog.commune(commune.parent or "")
    parent_name = parent.name if parent else commune.parent
    return Finding(
        "insee-not-current",
        ("location", "insee"),
        _("`{code}` is {kind}, « {name} », part of « {parent_name} » (`{parent}`)").format(
            code=commune.code,
            kind=_(_KIND_TEXT[commune.kind]),
            name=commune.name,
            parent_name=parent_name,
            parent=commune.parent,
        ),
        _('write `insee: "{parent}"`, the code of the current commune').format(
            parent=commune.parent
        ),
        Severity.WARNING,
    )


def _is_named(cog: Cog, name: str, communes: Sequence[Commune]) -> bool:
    """Whether `name` is the name of one of `communes`, or of the current commune they are in."""
    parents = (cog.commune(c.parent) for c in communes if c.parent)
    names = [c.name for c in communes] + [p.name for p in parents if p is not None]
    return normalize_place_name(name) in {normalize_place_name(n) for n in names}


def _postal_codes(cog: Cog, communes: Sequence[Commune]) -> list[str]:
    """The postal codes of a code's communes; a delegated commune has those of its parent."""
    codes = {postal for c in communes for postal in c.postal_codes}
    if not codes and communes[0].parent:
        parent = cog.commune(communes[0].parent)
        codes = set(parent.postal_codes) if parent else set()
    return sorted(codes)


def _code_hint(cog: Cog, location: Location) -> str | None:
    if location.commune is None:
        return None
    named = _current_named(cog, location.commune, location.department)
    if named:
        said = _("the code of « {name} » ({department}) is `{code}`")
        return "; ".join(
            said.format(name=c.name, department=c.department, code=c.code) for c in named
        )
    return _did_you_mean(cog.closest_commune_names(location.commune))


def _other_code_hint(cog: Cog, name: str, code: str | None) -> str:
    others = [c for c in _current_named(cog, name, None) if c.code != code]
    if not others:
        return ""
    places = ", ".join(f"`{c.code}` ({c.department})" for c in others)
    said = _("; or, if the place is « {name} », give its code: {places}")
    return said.format(name=others[0].name, places=places)


def _current_named(cog: Cog, name: str, department: str | None) -> list[Commune]:
    """Current communes called `name`, only those of `department` when it holds any."""
    named = [c for c in cog.find_communes(name) if c.kind == "current"]
    in_department = [c for c in named if c.department == department]
    return (in_department or named)[:3]


def _did_you_mean(names: Sequence[str]) -> str | None:
    if not names:
        return None
    return _("did you mean {names}?").format(names=_(" or ").join(f"« {n} »" for n in names))


# The commune, by name alone.


def _name_findings(cog: Cog, location: Location) -> Iterator[Finding]:
    name = location.commune or ""
    named = cog.find_communes(name)
    if not named:
        yield Finding(
            "unknown-commune",
            ("location", "commune"),
            _("no commune of the COG {vintage} is named « {name} »").format(
                vintage=cog.vintage, name=name
            ),
            _did_you_mean(cog.closest_commune_names(name)),
        )
        return
    department = location.department
    departments = sorted({c.department for c in named})
    if department is not None and cog.department(department) and department not in departments:
        yield Finding(
            "department-mismatch",
            ("location", "department"),
            _(
                "no commune named « {name} » lies in department `{department}`; one does in "
                "{departments}"
            ).format(
                name=name,
                department=department,
                departments=", ".join(f"`{d}`" for d in departments),
            ),
            _('write `department: "{found}"`, or the commune of `{department}` meant').format(
                found=departments[0], department=department
            )
            if len(departments) == 1
            else _("check the commune and the department"),
        )


# Departments and regions.


def _division_findings(cog: Cog, location: Location, commune: Commune | None) -> list[Finding]:
    findings: list[Finding] = []
    department = cog.department(location.department) if location.department else None
    if location.department is not None and department is None:
        findings.append(
            Finding(
                "unknown-department",
                ("location", "department"),
                _("`{code}` is not a department of the COG {vintage}").format(
                    code=location.department, vintage=cog.vintage
                ),
                _('Corsica is `"2A"` (Corse-du-Sud) or `"2B"` (Haute-Corse)')
                if location.department == "20"
                else None,
            )
        )
    elif department is not None and commune is not None and commune.department != department.code:
        actual = cog.department(commune.department)
        findings.append(
            Finding(
                "department-mismatch",
                ("location", "department"),
                _(
                    "commune `{code}` (« {name} ») is in department `{actual}` ({actual_name}), "
                    "not `{given}` ({given_name})"
                ).format(
                    code=commune.code,
                    name=commune.name,
                    actual=commune.department,
                    actual_name=actual.name if actual else "?",
                    given=department.code,
                    given_name=department.name,
                ),
                _('write `department: "{code}"`').format(code=commune.department),
            )
        )
    holder = cog.department(commune.department) if commune is not None else department
    return findings + _region_findings(cog, location.region, holder)


def _region_findings(cog: Cog, code: str | None, department: Department | None) -> list[Finding]:
    if code is None:
        return []
    region = cog.region(code)
    if region is None:
        return [
            Finding(
                "unknown-region",
                ("location", "region"),
                _("`{code}` is not a region of the COG {vintage}").format(
                    code=code, vintage=cog.vintage
                ),
            )
        ]
    if department is None or department.region == code:
        return []
    expected = cog.region(department.region)
    return [
        Finding(
            "region-mismatch",
            ("location", "region"),
            _(
                "region `{code}` ({name}) does not hold department `{department}` "
                "({department_name}), which is in region `{region}` ({region_name})"
            ).format(
                code=code,
                name=region.name,
                department=department.code,
                department_name=department.name,
                region=department.region,
                region_name=expected.name if expected else "?",
            ),
            _('write `region: "{code}"`').format(code=department.region),
        )
    ]


# Coordinates, QPV codes, SIRET.


def _coordinate_findings(location: Location, department: str | None) -> list[Finding]:
    lat, lon = location.lat, location.lon
    if lat is None and lon is None:
        return []
    if lat is None or lon is None:
        given, missing = ("lat", "lon") if lon is None else ("lon", "lat")
        return [
            Finding(
                "coordinates-incomplete",
                ("location", given),
                _("`{given}` is given without `{missing}`").format(given=given, missing=missing),
                _("give both, or neither"),
            )
        ]
    expected = None if department is None else OVERSEAS.get(department, METROPOLE)
    allowed = (expected,) if expected else (METROPOLE, *OVERSEAS.values())
    if any(box.holds(lat, lon) for box in allowed):
        return []
    where = (
        _("{place} (department `{department}`)").format(
            place=_(expected.name), department=department
        )
        if expected
        else _("metropolitan France and the overseas departments")
    )
    return [
        Finding(
            "coordinates-outside",
            ("location", "lat"),
            _("lat {lat}, lon {lon} is outside {where}").format(lat=lat, lon=lon, where=where),
            _coordinate_hint(lat, lon, allowed),
        )
    ]


def _coordinate_hint(lat: float, lon: float, allowed: Sequence[Box]) -> str:
    if any(box.holds(lon, lat) for box in allowed):
        return _("lat and lon look swapped: lat is north–south, lon east–west")
    elsewhere = [box for box in (METROPOLE, *OVERSEAS.values()) if box.holds(lat, lon)]
    if elsewhere:
        said = _("the point is in {place}: check the department or the coordinates")
        return said.format(place=_(elsewhere[0].name))
    box = allowed[0]
    return _(
        "{place} spans lat {south} to {north} and lon {west} to {east} (WGS84 decimal degrees): "
        "check the signs and the digits"
    ).format(place=_(box.name), south=box.south, north=box.north, west=box.west, east=box.east)


def _qpv_findings(location: Location, department: str | None) -> list[Finding]:
    code = location.qpv
    if code is None:
        return []
    match = _QPV.match(code)
    if match is None:
        return [
            Finding(
                "qpv-format",
                ("location", "qpv"),
                _("`{code}` is not a QPV code").format(code=code),
                _(_QPV_LAYOUTS),
            )
        ]
    part = match.group("old") or match.group("new")
    qpv_department = part[1:] if part.startswith("0") else part
    if department is None or qpv_department == department:
        return []
    return [
        Finding(
            "qpv-department-mismatch",
            ("location", "qpv"),
            _("QPV `{code}` is in department `{found}`, not `{department}`").format(
                code=code, found=qpv_department, department=department
            ),
            _("check the QPV code (its characters 3 to 5 are the department) and the commune"),
        )
    ]


def _siret_findings(carriers: Sequence[tuple[int, Carrier]]) -> list[Finding]:
    """The carriers (each with its index in the record) whose SIRET fails its key."""
    sirets = [(index, c.siret) for index, c in carriers if c.siret is not None]
    if not sirets:
        return []
    # Deferred: python-stdnum takes ~30 ms to import, and most records give no SIRET.
    from stdnum.fr import siret

    return [
        Finding(
            "siret-invalid",
            ("carriers", index, "siret"),
            _("SIRET `{number}` fails its check key: a digit is wrong or two are swapped").format(
                number=number
            ),
            _(
                "copy it again from https://annuaire-entreprises.data.gouv.fr (only the key is "
                "checked, offline: the register is not consulted)"
            ),
        )
        for index, number in sirets
        if not siret.is_valid(number)
    ]
