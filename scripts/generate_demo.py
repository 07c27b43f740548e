"""Write a registry of FICTITIOUS laureates: the demo in examples/demo/, or N for benchmarks.

    python scripts/generate_demo.py                                 # examples/demo, 100 records
    python scripts/generate_demo.py --count 10000 --seed 7 --out /tmp/bench

The same count and seed always give the same bytes. Waves and territory types follow the
announced split of `data/programme.yaml` exactly at 100 records (20 / 19 / 61, 43 / 18 / 39) and
proportionally otherwise. Communes are real (codes from the COG shipped with the package), chosen
to suit each territory type; names, carriers, sectors, money and progress are invented, and so
are the coordinates: a random point inside the department's outline on the report's map, not the
commune's place. Every
record says so: its id starts with `demo-`, its `notes` say it is fictitious and its source is
this script. The programme and module files are copied from `data/`, the programme's announced
figures scaled to the count when it is not 100 (a benchmark registry then validates too).
"""

from __future__ import annotations

import argparse
import json
import random
import re
import shutil
import sys
import unicodedata
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from manufactures.editing.layout import (
    CODE_FIELDS,
    SCHEMA_FILE,
    SCHEMA_LINE,
    canonical_value,
)
from manufactures.present.schema import schema_json
from manufactures.referentials.cog import load_cog
from manufactures.registry import load_vocabulary
from manufactures.report.france_map import Ring, load_france_map, path_rings, rings_contain
from manufactures.yaml.plain import typed_as

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
DEFAULT_OUT = REPO / "examples" / "demo"
DEFAULT_COUNT = 100
DEFAULT_SEED = 2021
GENERATOR_URL = (
    "https://github.com/manufactures-de-proximite/manufactures/blob/main/scripts/generate_demo.py"
)

# Real communes (INSEE codes, COG 2026) that suit each territory type: small rural communes,
# cities with « quartiers prioritaires », small and medium towns.
COMMUNES: Mapping[str, tuple[str, ...]] = {
    "rural": (
        "29085", "58145", "26113", "48080", "15138", "15162", "23030", "23079", "87064", "64371",
        "24311", "24352", "32208", "32256", "34284", "30350", "48061", "30269", "07330", "07132",
        "26289", "04019", "04039", "04088", "57089", "08367", "08490", "58079", "21425", "52060",
        "52250", "22266", "61293", "23008", "19073", "19276", "19010", "46251", "43051", "15120",
        "63281", "36046", "16106", "16292", "17024", "28051", "58095", "58062", "2A272", "07182",
        "11304",
    ),
    "qpv": (
        "42218", "27229", "80021", "76351", "59606", "59172", "60175", "25388", "02691", "34032",
        "66136", "30189", "69256", "69266", "91286", "93014", "31555", "25056", "87085", "51108",
        "34172", "72181", "49007", "29019", "56121", "44184", "62193", "59392", "30007", "69259",
        "59599", "93066", "95585", "93031",
    ),
    "small_medium_town": (
        "83069", "12208", "26220", "12145", "46102", "15187", "87154", "09261", "64422", "24520",
        "34142", "26108", "05046", "04209", "39478", "25411", "25462", "70311", "88413", "08409",
        "89025", "21154", "52269", "51649", "22070", "29024", "56178", "56165", "53147", "14762",
        "50615", "19275", "12300", "63003", "63430", "63178", "43040", "43268", "18197", "36018",
        "37132", "86165", "79174", "79202", "85128", "85092", "28280", "45252", "45155", "58086",
        "2B096", "11206", "97124",
    ),
}  # fmt: skip

# Sector → (weight, what such a place makes). Weights make the usual filières common.
SECTORS: Mapping[str, tuple[int, tuple[str, ...]]] = {
    "agroalimentaire": (12, ("conserverie partagée", "légumerie", "brasserie artisanale")),
    "multi_filieres": (6, ("ateliers mutualisés multi-métiers", "location d'établis")),
    "bois": (12, ("menuiserie partagée", "découpe numérique du bois", "charpente")),
    "metiers_d_art": (8, ("ébénisterie d'art", "vitrail", "reliure", "dorure")),
    "metal": (7, ("soudure et chaudronnerie", "forge", "usinage")),
    "fabrication_numerique": (10, ("impression 3D", "découpe laser", "électronique")),
    "eco_construction": (7, ("matériaux biosourcés", "terre crue", "isolation en paille")),
    "industries_culturelles": (4, ("construction de décors", "sérigraphie", "lutherie")),
    "textile": (8, ("atelier de couture mutualisé", "tissage", "broderie numérique")),
    "reemploi": (8, ("ressourcerie de matériaux", "réparation d'objets", "surcyclage")),
    "mobilites_durables": (4, ("réparation de vélos", "assemblage de vélos cargos")),
    "transition_ecologique": (5, ("recyclage du plastique", "éco-conception")),
    "ceramique": (4, ("tournage", "four à bois mutualisé")),
    "chataigne": (1, ("transformation de la châtaigne",)),
    "chaussure": (1, ("piqûre et montage de chaussures",)),
    "parfumerie": (1, ("distillation de plantes à parfum",)),
    "aeronautique": (1, ("composites pour l'aviation légère",)),
}
NOUNS: Mapping[str, str] = {
    "agroalimentaire": "La Conserverie",
    "bois": "La Scierie",
    "metal": "La Forge",
    "textile": "Le Fil",
    "fabrication_numerique": "Le Fab Lab",
    "ceramique": "L'Atelier Terre",
    "reemploi": "La Ressourcerie",
}
GENERIC_NOUNS = ("La Manufacture", "Les Ateliers partagés", "La Fabrique", "Le Hangar", "L'Usine")
STATE_FUNDING = "État — France Relance (manufactures de proximité)"
NOTE = "Fiche FICTIVE de démonstration, générée par scripts/generate_demo.py (graine {seed})."


@dataclass(frozen=True, slots=True)
class Place:
    """A real commune, as the COG names and codes it."""

    commune: str
    insee: str
    department: str
    region: str
    postal_code: str | None


def split_counts(count: int, announced: Mapping[Any, int]) -> dict[Any, int]:
    """`count` shared out in proportion to `announced` (largest remainders), exact at 100."""
    total = sum(announced.values())
    shares = {key: count * value / total for key, value in announced.items()}
    result = {key: int(share) for key, share in shares.items()}
    by_remainder = sorted(shares, key=lambda key: shares[key] - result[key], reverse=True)
    for key in by_remainder[: count - sum(result.values())]:
        result[key] += 1
    return result


def shuffled(rng: random.Random, counts: Mapping[Any, int]) -> list[Any]:
    """Each key repeated its count, in a random order."""
    keys = [key for key, number in counts.items() for _ in range(number)]
    rng.shuffle(keys)
    return keys


def places() -> dict[str, list[Place]]:
    """The communes of `COMMUNES`, looked up in the COG."""
    cog = load_cog()
    found: dict[str, list[Place]] = {}
    for territory, codes in COMMUNES.items():
        for code in codes:
            commune = cog.commune(code)
            if commune is None:
                raise SystemExit(f"INSEE code {code} is not in the COG")
            found.setdefault(territory, []).append(
                Place(
                    commune.name,
                    commune.code,
                    commune.department,
                    commune.region,
                    commune.postal_codes[0] if commune.postal_codes else None,
                )
            )
    return found


def cycling(rng: random.Random, items: Sequence[Place]) -> Iterator[Place]:
    """The items in a random order, again and again (benchmarks want more than there are)."""
    while True:
        batch = list(items)
        rng.shuffle(batch)
        yield from batch


def of(commune: str) -> str:
    """`de` before a commune, as French writes it: d'Évreux, du Vigan, des Mées, de Crest."""
    if commune.startswith("Le "):
        return "du " + commune[3:]
    if commune.startswith("Les "):
        return "des " + commune[4:]
    first = unicodedata.normalize("NFKD", commune)[0].lower()
    return ("d'" if first in "aeiouyh" else "de ") + commune


def slug(text: str) -> str:
    """`La Forge d'Évreux` → `la-forge-d-evreux`."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def pick_sectors(rng: random.Random) -> list[str]:
    """One to three distinct sectors, the common ones more often."""
    keys = list(SECTORS)
    weights = [SECTORS[key][0] for key in keys]
    wanted = 1 + (rng.random() < 0.3) + (rng.random() < 0.05)
    chosen: list[str] = []
    while len(chosen) < wanted:
        sector = rng.choices(keys, weights)[0]
        if sector not in chosen:
            chosen.append(sector)
    return chosen


@cache
def _outline(department: str) -> tuple[list[Ring], tuple[float, float, float, float]]:
    """The department's rings on the report's map, and their bounding box (x0, y0, x1, y1)."""
    rings = path_rings(load_france_map().paths[department])
    xs = [x for ring in rings for x, _ in ring]
    ys = [y for ring in rings for _, y in ring]
    return rings, (min(xs), min(ys), max(xs), max(ys))


def fictitious_point(rng: random.Random, department: str) -> tuple[float, float]:
    """A FICTITIOUS (lat, lon): a random point inside the department's outline on the report's
    map, brought back to WGS84 through the map's projection (4 decimals, about 10 m)."""
    france = load_france_map()
    frame = france.frames[france.frame_of[department]]
    rings, (x0, y0, x1, y1) = _outline(department)
    while True:
        x, y = rng.uniform(x0, x1), rng.uniform(y0, y1)
        if rings_contain(rings, x, y):
            lat, lon = frame.unproject(x, y)
            return round(lat, 4), round(lon, 4)


def located(fields: dict[str, Any], seed: int) -> dict[str, Any]:
    """`fields` with fictitious coordinates, drawn from their own random stream (seeded by the
    run's seed and the record's id), so that every other value is the one the seed always gave."""
    location = fields["location"]
    lat, lon = fictitious_point(random.Random(f"{seed}:{fields['id']}"), location["department"])
    return {**fields, "location": {**location, "lat": lat, "lon": lon}}


def carrier(rng: random.Random, name: str, place: Place) -> dict[str, Any]:
    """The structure running the place: an association, a SCIC, a company or the commune."""
    draw = rng.random()
    if draw < 0.5:
        return {"name": f"Association {name}", "legal_form": "association"}
    if draw < 0.75:
        return {"name": f"SCIC {name}", "legal_form": "SCIC"}
    if draw < 0.85:
        return {"name": f"{name} SAS", "legal_form": "SAS"}
    return {"name": f"Commune {of(place.commune)}", "legal_form": "commune"}


def funding(rng: random.Random, labelled_on: date) -> list[dict[str, Any]]:
    """Most have a State investment near 250 000 €; some a regional or engineering line too."""
    if rng.random() < 0.12:
        return []
    amount = min(max(round(rng.gauss(250_000, 50_000), -3), 100_000), 400_000)
    lines = [
        {
            "amount_eur": int(amount),
            "source": STATE_FUNDING,
            "kind": "investment",
            "granted_on": labelled_on + timedelta(days=rng.randint(20, 120)),
        }
    ]
    if rng.random() < 0.25:
        lines.append(
            {
                "amount_eur": rng.randrange(20_000, 90_001, 500),
                "source": "Région",
                "kind": "operation",
                "granted_on": date(2023, 1, 1) + timedelta(days=rng.randint(0, 300)),
            }
        )
    if rng.random() < 0.08:
        lines.append(
            {
                "amount_eur": rng.randrange(10_000, 50_001, 1_000),
                "source": "Banque des Territoires",
                "kind": "engineering",
            }
        )
    return lines


def incubation(rng: random.Random, modules: Sequence[str], start: date) -> dict[str, Any]:
    """Module statuses: most finished on time, some behind, some only partly recorded."""
    draw = rng.random()
    if draw < 0.12:
        return {}
    done = len(modules)
    if draw < 0.27:
        done = rng.randint(2, 6)
    recorded = len(modules) if draw >= 0.19 else rng.randint(3, 6)
    progress: dict[str, Any] = {}
    for index, module in enumerate(modules[:recorded]):
        if index < done:
            completed = start + timedelta(days=14 * (index + 1) + rng.randint(0, 6))
            progress[module] = {"status": "done", "completed_on": completed}
        else:
            progress[module] = "in_progress" if index == done else "not_started"
    return progress


def support(rng: random.Random) -> dict[str, Any]:
    """The two-year support: mostly January 2023 to December 2024, some extended or open."""
    draw = rng.random()
    if draw < 0.1:
        return {}
    started = date(2023, 1, 1) if draw < 0.7 else date(2023, rng.randint(2, 4), 1)
    end = rng.random()
    if end < 0.15:
        return {"started_on": started}
    ended = date(2025, 6, 30) if end < 0.3 else date(started.year + 2, started.month, 1)
    return {"started_on": started, "ended_on": ended - timedelta(days=ended.day == 1)}


@dataclass(frozen=True, slots=True)
class Context:
    """What every record needs to know of the run."""

    seed: int
    modules: tuple[str, ...]


def record(
    rng: random.Random, *, wave: Mapping[str, Any], territory: str, place: Place, context: Context
) -> dict[str, Any]:
    """One fictitious laureate (without its id)."""
    sectors = pick_sectors(rng)
    noun = NOUNS.get(sectors[0]) or rng.choice(GENERIC_NOUNS)
    name = f"{noun} {of(place.commune)}"
    labelled_on = date.fromisoformat(wave["announced_on"])
    activities = [rng.choice(SECTORS[sector][1]) for sector in sectors]
    location = {
        "commune": place.commune,
        "insee": place.insee,
        "department": place.department,
        "region": place.region,
        "postal_code": place.postal_code,
    }
    fields: dict[str, Any] = {
        "name": name,
        "wave": wave["number"],
        "labelled_on": labelled_on,
        "territory": territory,
        "location": {key: value for key, value in location.items() if value is not None},
        "sectors": sectors,
        "activities": list(dict.fromkeys(activities)),
        "carriers": [carrier(rng, name, place)],
        "funding": funding(rng, labelled_on),
        "incubation": incubation(rng, context.modules, labelled_on),
        "support": support(rng),
        "website": f"https://example.org/demo/{slug(name)}" if rng.random() < 0.3 else None,
        "sources": [{"url": GENERATOR_URL, "note": "données fictives"}],
        "notes": NOTE.format(seed=context.seed),
    }
    return {key: value for key, value in fields.items() if value not in (None, [], {})}


def generate(count: int, seed: int) -> list[dict[str, Any]]:
    """`count` fictitious records, the same for the same seed."""
    programme = yaml.safe_load((DATA / "programme.yaml").read_text(encoding="utf-8"))
    modules = yaml.safe_load((DATA / "modules.yaml").read_text(encoding="utf-8"))["modules"]
    context = Context(seed, tuple(module["id"] for module in modules))
    rng = random.Random(seed)
    waves = {wave["number"]: wave for wave in programme["waves"]}
    territories = {key: t["announced"] for key, t in programme["territories"].items()}
    wave_order = shuffled(rng, split_counts(count, {n: w["announced"] for n, w in waves.items()}))
    territory_order = shuffled(rng, split_counts(count, territories))
    pools = {key: cycling(rng, found) for key, found in places().items()}
    records: list[dict[str, Any]] = []
    used: set[str] = set()
    for wave, territory in zip(wave_order, territory_order, strict=True):
        fields = record(
            rng,
            wave=waves[wave],
            territory=territory,
            place=next(pools[territory]),
            context=context,
        )
        identified = {"id": unique_id(fields["name"], used), **fields}
        records.append(canonical(located(identified, seed), context))
    return records


def canonical(fields: dict[str, Any], context: Context) -> dict[str, Any]:
    """A record as `manuf fmt` orders it (keys in the schema's order, incubation modules in
    `modules.yaml` order, sectors sorted and unique)."""
    ordered: dict[str, Any] = canonical_value(fields, module_order=context.modules)
    return ordered


def unique_id(name: str, used: set[str]) -> str:
    """`demo-` and the name's slug, numbered when a name comes back."""
    base = f"demo-{slug(name)}"[:60].rstrip("-")
    candidate, number = base, 1
    while candidate in used:
        number += 1
        candidate = f"{base}-{number}"
    used.add(candidate)
    return candidate


# A string is written plain when no YAML reader can misread it (`typed_as`: `no`, `null`…),
# quoted otherwise (codes like "07", URLs, anything with `:` or `#`), as `manuf fmt` writes it.
_PLAIN = re.compile(r"^[^\W\d_][\w '’.,()&/—-]*$")


def scalar(value: Any) -> str:
    """One YAML scalar."""
    if isinstance(value, bool):
        raise TypeError("records hold no booleans")
    if isinstance(value, int | float | date):
        return value.isoformat() if isinstance(value, date) else str(value)
    text = str(value)
    if _PLAIN.match(text) and not text.endswith(" ") and typed_as(text) is None:
        return text
    return json.dumps(text, ensure_ascii=False)


def block(value: dict[str, Any] | list[Any], indent: str = "") -> Iterator[str]:
    """The lines of a mapping or list in block style (concrete types: this is the hot loop)."""
    items = value.items() if isinstance(value, dict) else ((None, item) for item in value)
    for key, item in items:
        nested = isinstance(item, dict | list)
        if key in CODE_FIELDS and not nested:  # `manuf fmt` double-quotes every code
            yield f"{indent}{key}: {json.dumps(str(item), ensure_ascii=False)}"
            continue
        if nested and key is None:
            lines = list(block(item, indent + "  "))
            yield f"{indent}- {lines[0].lstrip()}"
            yield from lines[1:]
        elif nested:
            yield f"{indent}{key}:"
            yield from block(item, indent + "  ")
        else:
            yield f"{indent}{'-' if key is None else f'{key}:'} {scalar(item)}"


def to_yaml(fields: dict[str, Any]) -> str:
    """A record file: the editor's schema line, a comment saying it is fictitious, the record."""
    header = f"{SCHEMA_LINE}\n# {fields['name']} — fiche fictive (démonstration)\n"
    return header + "\n".join(block(fields)) + "\n"


class _NoAliases(yaml.SafeDumper):
    """The registry refuses YAML aliases: never write one."""

    def ignore_aliases(self, data: Any) -> bool:  # noqa: ARG002 - PyYAML's signature
        return True


def programme_for(count: int) -> str:
    """`data/programme.yaml`, as it is for the announced total; otherwise with its announced
    counts and budget scaled to `count`, so that a benchmark registry validates too."""
    text = (DATA / "programme.yaml").read_text(encoding="utf-8")
    programme = yaml.safe_load(text)
    if count == programme["announced_total"]:
        return text
    programme["announced_total"] = count
    waves = split_counts(count, {i: w["announced"] for i, w in enumerate(programme["waves"])})
    for index, number in waves.items():
        programme["waves"][index]["announced"] = number
    territories = programme["territories"]
    for key, number in split_counts(
        count, {k: t["announced"] for k, t in territories.items()}
    ).items():
        territories[key]["announced"] = number
    programme["funding"]["budget_eur"] = -(-programme["funding"]["budget_eur"] * count // 100)
    header = (
        f"# data/programme.yaml with its announced figures scaled to {count} FICTITIOUS records\n"
    )
    return header + yaml.dump(programme, Dumper=_NoAliases, allow_unicode=True, sort_keys=False)


def write_registry(out: Path, records: Sequence[dict[str, Any]]) -> None:
    """Write `records`, the programme file (scaled to their count), a copy of the modules file
    and the records' JSON Schema as a registry at `out`."""
    folder = out / "laureates"
    folder.mkdir(parents=True, exist_ok=True)
    for stale in folder.glob("demo-*.yaml"):
        stale.unlink()
    (out / "programme.yaml").write_text(programme_for(len(records)), encoding="utf-8")
    shutil.copyfile(DATA / "modules.yaml", out / "modules.yaml")
    schema = schema_json(load_vocabulary(out))  # the file each record's first line points at
    (out / SCHEMA_FILE).write_text(schema, encoding="utf-8")
    for fields in records:
        (folder / f"{fields['id']}.yaml").write_text(to_yaml(fields), encoding="utf-8")


def main(argv: Sequence[str] | None = None) -> int:
    """Parse the arguments, generate, write; say what was written on stderr."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=DEFAULT_COUNT, help="how many records")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help="registry folder to write")
    args = parser.parse_args(argv)
    if args.count < 1:
        parser.error("--count must be at least 1")
    write_registry(args.out, generate(args.count, args.seed))
    print(f"wrote {args.count} fictitious records to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
