"""The registry as tables with fixed, typed columns: what CSV, the data package, xlsx, SQLite
and GeoJSON are written from.

Whatever the selection, each table has the same columns in the same order (empty where a record
has no value), so that a script or a spreadsheet built on one export reads the next. Column
names are snake_case without dots or accents; where a field exists in LaMednum's
`standard-mediation-num` Table Schema (the national cartography of places), its name is used
(`code_insee`, `code_postal`, `latitude`, `longitude`, `site_web`). Codes sit beside their
official labels (`region` + `region_nom`, from the COG shipped with the package; territory
types, sectors and modules from the registry's own vocabularies).

`laureats` has one row per laureate; what a row cannot hold (lines of funding, sources,
carriers, incubation modules) is a table of its own, one row per line, keyed by `laureate_id`.
In a cell, a list is joined by `|`; a `|` or `\\` inside an item is escaped with a backslash
(`join_list`, `split_list`).

Values are typed Python values: `str`, `int`, `float`, `datetime.date`, or None for « not
recorded ».
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from manufactures.models import Laureate, ModuleStatus, field_docs
from manufactures.referentials.cog import load_cog
from manufactures.vocabulary import Vocabulary

__all__ = [
    "DATA_LICENCE",
    "FUNDING_KINDS",
    "LIST_SEPARATOR",
    "TABLES",
    "Column",
    "TableSpec",
    "join_list",
    "registry_tables",
    "split_list",
]

LIST_SEPARATOR = "|"
# The registry's data (not the code, which is MIT): Etalab's open licence, as data.gouv.fr asks.
DATA_LICENCE = {
    "name": "etalab-2.0",
    "title": "Licence Ouverte / Open Licence version 2.0",
    "path": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
}
FUNDING_KINDS = {
    "investment": "investissement",
    "operation": "fonctionnement",
    "engineering": "ingénierie",
    "other": "autre",
}
_STATUSES = {
    ModuleStatus.NOT_STARTED: "non commencé",
    ModuleStatus.IN_PROGRESS: "en cours",
    ModuleStatus.DONE: "terminé",
}


def join_list(items: Iterable[str]) -> str | None:
    """Items in one cell, joined by `|`, each `\\` and `|` inside an item escaped; None if none."""
    escaped = [item.replace("\\", "\\\\").replace("|", "\\|") for item in items]
    return LIST_SEPARATOR.join(escaped) if escaped else None


def split_list(cell: str | None) -> list[str]:
    """The items of a cell `join_list` wrote."""
    if not cell:
        return []
    items, current, escaped = [], [], False
    for character in cell:
        if escaped:
            current.append(character)
            escaped = False
        elif character == "\\":
            escaped = True
        elif character == LIST_SEPARATOR:
            items.append("".join(current))
            current = []
        else:
            current.append(character)
    items.append("".join(current))
    return items


@dataclass(frozen=True, slots=True)
class Column:
    """A column: its name, Table Schema type (`string`, `integer`, `number`, `date`), French
    title and description, the constraints its values keep, and the field it comes from."""

    name: str
    type: str
    title: str
    description: str
    field: str | None = None
    """The record's field path it holds (`location.insee`), if it is one."""
    pattern: str | None = None
    enum: tuple[Any, ...] | None = None
    required: bool = False
    unit: str | None = None


@dataclass(frozen=True, slots=True)
class TableSpec:
    """A table: its name (the data package's resource, the SQLite table), its French title (the
    xlsx sheet), its description, columns and keys."""

    name: str
    title: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_key: str | None = None
    """The column that refers to `laureats.id`."""

    @property
    def column_names(self) -> list[str]:
        """The columns' names, in order."""
        return [column.name for column in self.columns]


Row = dict[str, Any]


def _field(name: str, path: str, kind: str = "string", **extra: Any) -> Column:
    """A column holding the record's field `path`, titled and described by its documentation."""
    doc = field_docs()[path]
    pattern = _patterns().get(path)
    return Column(name, kind, doc.label or name, doc.description, path, pattern, **extra)


def _derived(name: str, kind: str, title: str, description: str, **extra: Any) -> Column:
    return Column(name, kind, title, description, **extra)


@cache
def _patterns() -> dict[str, str]:
    """Each field's pattern in the record's JSON Schema, by documented path."""
    schema = Laureate.model_json_schema()
    definitions = schema["$defs"]
    patterns: dict[str, str] = {}

    def visit(node: dict[str, Any], prefix: str) -> None:
        for name, child in node.get("properties", {}).items():
            path = f"{prefix}{name}"
            for branch in [child, *child.get("anyOf", [])]:
                if "pattern" in branch:
                    patterns[path] = branch["pattern"]
                reference = branch.get("$ref") or branch.get("items", {}).get("$ref")
                if reference:
                    nested = "[]." if "items" in branch else "."
                    visit(definitions[reference.rsplit("/", 1)[-1]], f"{path}{nested}")

    visit(schema, "")
    return patterns


_LAUREATE_ID = _derived(
    "laureate_id", "string", "Lauréat", "Identifiant du lauréat (colonne id de laureats).",
    required=True,
)  # fmt: skip
_LINE = _derived(
    "line", "integer", "Ligne", "Rang de la ligne dans la fiche (1, 2…).", required=True
)


def _laureate_columns(vocabulary: Vocabulary) -> tuple[Column, ...]:
    return (
        _field("id", "id", required=True),
        _field("name", "name", required=True),
        _field("wave", "wave", "integer", enum=tuple(vocabulary.waves) or None),
        _field("labelled_on", "labelled_on", "date"),
        _field("territory", "territory", enum=tuple(vocabulary.territories) or None),
        _derived("territory_label", "string", "Type de territoire (libellé)",
                 "Libellé du type de territoire (programme.yaml)."),
        _field("commune", "location.commune"),
        _field("code_insee", "location.insee"),
        _field("department", "location.department"),
        _derived("department_nom", "string", "Département (nom)",
                 "Nom officiel du département (COG)."),
        _field("region", "location.region"),
        _derived("region_nom", "string", "Région (nom)", "Nom officiel de la région (COG)."),
        _field("code_postal", "location.postal_code"),
        _field("latitude", "location.lat", "number"),
        _field("longitude", "location.lon", "number"),
        _field("qpv", "location.qpv"),
        _derived("sectors", "string", "Filières",
                 "Clés des filières (programme.yaml), séparées par |."),
        _derived("sectors_labels", "string", "Filières (libellés)",
                 "Libellés des filières, séparés par |."),
        _derived("activities", "string", "Activités", "Activités de production, séparées par |."),
        _derived("carriers", "string", "Porteurs",
                 "Noms des structures porteuses, séparés par | (détail : porteurs)."),
        _derived("funding_total_eur", "integer", "Financement total (€)",
                 "Somme des lignes de financement, en euros (détail : financements).",
                 unit="EUR"),
        _derived("funding_lines", "integer", "Lignes de financement",
                 "Nombre de lignes de financement enregistrées."),
        _derived("modules_done", "integer", "Modules terminés",
                 "Nombre de modules d'incubation terminés (détail : incubation)."),
        _field("support_started_on", "support.started_on", "date"),
        _field("support_ended_on", "support.ended_on", "date"),
        _field("site_web", "website"),
        _derived("sources", "string", "Sources",
                 "Adresses des sources publiques, séparées par | (détail : sources)."),
        _field("notes", "notes"),
    )  # fmt: skip


def _laureate_row(
    laureate: Laureate, vocabulary: Vocabulary, department_name: Callable[[str], str | None],
    region_name: Callable[[str], str | None],
) -> Row:  # fmt: skip
    location = laureate.location
    funding = laureate.funding or []
    support = laureate.support
    incubation = laureate.incubation
    return {
        "id": laureate.id,
        "name": laureate.name,
        "wave": laureate.wave,
        "labelled_on": laureate.labelled_on,
        "territory": laureate.territory,
        "territory_label": vocabulary.territory_label(laureate.territory),
        "commune": location and location.commune,
        "code_insee": location and location.insee,
        "department": location and location.department,
        "department_nom": location and location.department and department_name(location.department),
        "region": location and location.region,
        "region_nom": location and location.region and region_name(location.region),
        "code_postal": location and location.postal_code,
        "latitude": location and location.lat,
        "longitude": location and location.lon,
        "qpv": location and location.qpv,
        "sectors": join_list(laureate.sectors or ()),
        "sectors_labels": join_list(map(vocabulary.sector_label, laureate.sectors or ())),
        "activities": join_list(laureate.activities or ()),
        "carriers": join_list(carrier.name for carrier in laureate.carriers or ()),
        "funding_total_eur": sum(line.amount_eur for line in funding) if funding else None,
        "funding_lines": len(funding),
        "modules_done": (
            sum(progress.status is ModuleStatus.DONE for progress in incubation.values())
            if incubation
            else None
        ),
        "support_started_on": support and support.started_on,
        "support_ended_on": support and support.ended_on,
        "site_web": laureate.website,
        "sources": join_list(source.url for source in laureate.sources),
        "notes": laureate.notes,
    }


def _funding_table() -> TableSpec:
    return TableSpec(
        "financements",
        "Financements",
        "Les lignes de financement de chaque lauréat, une par ligne.",
        (
            _LAUREATE_ID,
            _LINE,
            _field("amount_eur", "funding[].amount_eur", "integer", required=True, unit="EUR"),
            _field("source", "funding[].source"),
            _field("kind", "funding[].kind", enum=tuple(FUNDING_KINDS)),
            _derived("kind_label", "string", "Nature (libellé)", "Nature du financement."),
            _field("granted_on", "funding[].granted_on", "date"),
            _field("note", "funding[].note"),
        ),
        ("laureate_id", "line"),
        "laureate_id",
    )


def _funding_rows(laureate: Laureate) -> Iterator[Row]:
    for line, funding in enumerate(laureate.funding or (), start=1):
        kind = funding.kind and str(funding.kind)
        yield {
            "laureate_id": laureate.id,
            "line": line,
            "amount_eur": funding.amount_eur,
            "source": funding.source,
            "kind": kind,
            "kind_label": kind and FUNDING_KINDS.get(kind, kind),
            "granted_on": funding.granted_on,
            "note": funding.note,
        }


def _sources_table() -> TableSpec:
    return TableSpec(
        "sources",
        "Sources",
        "Les sources publiques de chaque fiche, une par ligne.",
        (
            _LAUREATE_ID,
            _LINE,
            _field("url", "sources[].url", required=True),
            _field("note", "sources[].note"),
        ),
        ("laureate_id", "line"),
        "laureate_id",
    )


def _source_rows(laureate: Laureate) -> Iterator[Row]:
    for line, source in enumerate(laureate.sources, start=1):
        yield {"laureate_id": laureate.id, "line": line, "url": source.url, "note": source.note}


def _carriers_table() -> TableSpec:
    return TableSpec(
        "porteurs",
        "Porteurs",
        "Les structures qui portent chaque lauréat, une par ligne.",
        (
            _LAUREATE_ID,
            _LINE,
            _field("name", "carriers[].name", required=True),
            _field("legal_form", "carriers[].legal_form"),
            _field("siret", "carriers[].siret"),
        ),
        ("laureate_id", "line"),
        "laureate_id",
    )


def _carrier_rows(laureate: Laureate) -> Iterator[Row]:
    for line, carrier in enumerate(laureate.carriers or (), start=1):
        yield {
            "laureate_id": laureate.id,
            "line": line,
            "name": carrier.name,
            "legal_form": carrier.legal_form,
            "siret": carrier.siret,
        }


def _incubation_table(vocabulary: Vocabulary) -> TableSpec:
    return TableSpec(
        "incubation",
        "Incubation",
        "L'avancement de chaque lauréat dans les modules d'incubation, un module par ligne.",
        (
            _LAUREATE_ID,
            _derived("module", "string", "Module", "Identifiant du module (modules.yaml).",
                     required=True, enum=tuple(vocabulary.modules) or None),
            _derived("module_label", "string", "Module (libellé)", "Libellé du module."),
            _field("status", "incubation.<module>.status", required=True,
                   enum=tuple(str(status) for status in ModuleStatus)),
            _derived("status_label", "string", "État (libellé)", "État du module, en français."),
            _field("completed_on", "incubation.<module>.completed_on", "date"),
        ),
        ("laureate_id", "module"),
        "laureate_id",
    )  # fmt: skip


def _incubation_rows(laureate: Laureate, vocabulary: Vocabulary) -> Iterator[Row]:
    for module, progress in (laureate.incubation or {}).items():
        yield {
            "laureate_id": laureate.id,
            "module": module,
            "module_label": vocabulary.modules.get(module, module),
            "status": str(progress.status),
            "status_label": _STATUSES[progress.status],
            "completed_on": progress.completed_on,
        }


def laureates_table(vocabulary: Vocabulary) -> TableSpec:
    """The table of laureates, one row each."""
    return TableSpec(
        "laureats",
        "Lauréats",
        "Les manufactures de proximité lauréates, une par ligne ; un champ vide n'est pas connu.",
        _laureate_columns(vocabulary),
        ("id",),
    )


def TABLES(vocabulary: Vocabulary) -> tuple[TableSpec, ...]:
    """Every table, laureates first."""
    return (
        laureates_table(vocabulary),
        _funding_table(),
        _sources_table(),
        _carriers_table(),
        _incubation_table(vocabulary),
    )


def registry_tables(
    vocabulary: Vocabulary, laureates: Sequence[Laureate]
) -> list[tuple[TableSpec, list[Row]]]:
    """Each table with its rows for `laureates` (in their order)."""
    cog = load_cog()

    def department_name(code: str) -> str | None:
        found = cog.department(code)
        return found.name if found else None

    def region_name(code: str) -> str | None:
        found = cog.region(code)
        return found.name if found else None

    laureate_rows = [
        _laureate_row(laureate, vocabulary, department_name, region_name) for laureate in laureates
    ]
    specs = TABLES(vocabulary)
    rows = [
        laureate_rows,
        [row for laureate in laureates for row in _funding_rows(laureate)],
        [row for laureate in laureates for row in _source_rows(laureate)],
        [row for laureate in laureates for row in _carrier_rows(laureate)],
        [row for laureate in laureates for row in _incubation_rows(laureate, vocabulary)],
    ]
    return list(zip(specs, rows, strict=True))


def cell_date(value: Any) -> Any:
    """A date as ISO text, anything else as it is (for formats without a date type)."""
    return value.isoformat() if isinstance(value, date) else value
