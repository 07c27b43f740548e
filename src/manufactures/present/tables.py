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

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from functools import cache
from typing import Any

from pydantic import BaseModel

from manufactures.models import (
    MODULE_KEY,
    Carrier,
    Funding,
    Laureate,
    ModuleProgress,
    ModuleStatus,
    Source,
    field_docs,
    holds_list,
    models_in,
    scalar_kinds,
)
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


_TYPES = {"text": "string", "integer": "integer", "number": "number", "date": "date"}
# Names from LaMednum's standard-mediation-num where it has the field; otherwise a field of
# `location` keeps its own name, and any other nested field is `parent_field`.
_STANDARD_NAMES = {
    "location.insee": "code_insee",
    "location.postal_code": "code_postal",
    "location.lat": "latitude",
    "location.lon": "longitude",
    "website": "site_web",
}
_OWN_NAMES = frozenset({"location"})
# Lists of records a row cannot hold: the laureates table sums them up (below), and each has a
# table of its own, one row per item.
_LISTS = frozenset({"carriers", "funding", "incubation", "sources"})

Getter = Callable[[Any], Any]


@dataclass(frozen=True, slots=True)
class _Labels:
    """What turns codes into official labels: the registry's vocabularies and the COG."""

    vocabulary: Vocabulary

    def department(self, code: str | None) -> str | None:
        found = load_cog().department(code) if code else None
        return found.name if found else None

    def region(self, code: str | None) -> str | None:
        found = load_cog().region(code) if code else None
        return found.name if found else None

    def sectors(self, keys: Sequence[str] | None) -> str | None:
        return join_list(map(self.vocabulary.sector_label, keys or ()))


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


def _field_column(name: str, path: str, model: type[BaseModel], field: str, **extra: Any) -> Column:
    """A column holding `model`'s `field` (documented at `path`), titled and described by its
    documentation, typed by its kind; a list of texts is one joined text."""
    doc = field_docs()[path]
    kind = scalar_kinds(model)[field]
    joined = holds_list(model.model_fields[field].annotation)
    return Column(
        name,
        _TYPES[kind] if isinstance(kind, str) and not joined else "string",
        doc.label or name,
        f"{doc.description} Liste séparée par |." if joined else doc.description,
        path,
        _patterns().get(path),
        required=model.model_fields[field].is_required(),
        unit="EUR" if path.endswith("_eur") else None,
        **extra,
    )  # fmt: skip


def _plain(value: Any) -> Any:
    """A field's value as a cell holds it: lists of texts joined, enums as their text."""
    if isinstance(value, list):
        return join_list(map(str, value))
    if isinstance(value, StrEnum):
        return str(value)
    return value


def _getter(*steps: str) -> Getter:
    def get(item: Any) -> Any:
        for step in steps:
            item = getattr(item, step, None) if item is not None else None
        return _plain(item)

    return get


def _derived(name: str, kind: str, title: str, description: str, **extra: Any) -> Column:
    return Column(name, kind, title, description, **extra)


_LAUREATE_ID = _derived(
    "laureate_id", "string", "Lauréat", "Identifiant du lauréat (colonne id de laureats).",
    required=True,
)  # fmt: skip
_LINE = _derived(
    "line", "integer", "Ligne", "Rang de la ligne dans la fiche (1, 2…).", required=True
)


def _label_columns(path: str, labels: _Labels) -> list[tuple[Column, Getter]]:
    """The official labels that go beside a code (a territory, a department…)."""
    vocabulary = labels.vocabulary
    beside: dict[str, list[tuple[Column, Getter]]] = {
        "territory": [(
            _derived("territory_label", "string", "Type de territoire (libellé)",
                     "Libellé du type de territoire (programme.yaml)."),
            lambda laureate: vocabulary.territory_label(laureate.territory),
        )],
        "location.department": [(
            _derived("department_nom", "string", "Département (nom)",
                     "Nom officiel du département (COG)."),
            lambda laureate: labels.department(_getter("location", "department")(laureate)),
        )],
        "location.region": [(
            _derived("region_nom", "string", "Région (nom)", "Nom officiel de la région (COG)."),
            lambda laureate: labels.region(_getter("location", "region")(laureate)),
        )],
        "sectors": [(
            _derived("sectors_labels", "string", "Filières (libellés)",
                     "Libellés des filières, séparés par |."),
            lambda laureate: labels.sectors(laureate.sectors),
        )],
    }  # fmt: skip
    return beside.get(path, [])


def _summaries(name: str) -> list[tuple[Column, Getter]]:
    """What the laureates table says of a list it cannot hold (its detail has its own table)."""
    summaries: dict[str, list[tuple[Column, Getter]]] = {
        "carriers": [(
            _derived("carriers", "string", "Porteurs",
                     "Noms des structures porteuses, séparés par | (détail : porteurs)."),
            lambda laureate: join_list(c.name for c in laureate.carriers or ()),
        )],
        "funding": [
            (
                _derived("funding_total_eur", "integer", "Financement total (€)",
                         "Somme des lignes de financement, en euros (détail : financements).",
                         unit="EUR"),
                lambda laureate: (
                    sum(line.amount_eur for line in laureate.funding) if laureate.funding
                    else None
                ),
            ),
            (
                _derived("funding_lines", "integer", "Lignes de financement",
                         "Nombre de lignes de financement enregistrées."),
                lambda laureate: len(laureate.funding or ()),
            ),
        ],
        "incubation": [(
            _derived("modules_done", "integer", "Modules terminés",
                     "Nombre de modules d'incubation terminés (détail : incubation)."),
            lambda laureate: (
                sum(p.status is ModuleStatus.DONE for p in laureate.incubation.values())
                if laureate.incubation else None
            ),
        )],
        "sources": [(
            _derived("sources", "string", "Sources",
                     "Adresses des sources publiques, séparées par | (détail : sources)."),
            lambda laureate: join_list(source.url for source in laureate.sources),
        )],
    }  # fmt: skip
    return summaries[name]


def _laureate_columns(labels: _Labels) -> list[tuple[Column, Getter]]:
    """Every field of a record, in the models' order: a nested model's fields flattened, each
    code followed by its label, each list of records summed up."""
    vocabulary = labels.vocabulary
    enums: dict[str, tuple[Any, ...] | None] = {
        "wave": tuple(vocabulary.waves) or None,
        "territory": tuple(vocabulary.territories) or None,
    }
    columns: list[tuple[Column, Getter]] = []
    for name, field in Laureate.model_fields.items():
        if name in _LISTS:
            columns += _summaries(name)
            continue
        nested = next(models_in(field.annotation), None)
        if nested is None:
            column_name = _STANDARD_NAMES.get(name, name)
            column = _field_column(column_name, name, Laureate, name, enum=enums.get(name))
            columns.append((column, _getter(name)))
            columns += _label_columns(name, labels)
            continue
        for sub in nested.model_fields:
            path = f"{name}.{sub}"
            own = sub if name in _OWN_NAMES else f"{name}_{sub}"
            column = _field_column(_STANDARD_NAMES.get(path, own), path, nested, sub)
            columns.append((column, _getter(name, sub)))
            columns += _label_columns(path, labels)
    return columns


def _item_columns(model: type[BaseModel], prefix: str) -> list[tuple[Column, Getter]]:
    """The columns of a table of items (`funding[]`), one per field of the item's model, each
    code followed by its French label."""
    columns: list[tuple[Column, Getter]] = []
    for name in model.model_fields:
        path = f"{prefix}{name}"
        enum = tuple(FUNDING_KINDS) if path == "funding[].kind" else None
        columns.append((_field_column(name, path, model, name, enum=enum), _getter(name)))
        columns += _ITEM_LABELS.get(path, [])
    return columns


_ITEM_LABELS: dict[str, list[tuple[Column, Getter]]] = {
    "funding[].kind": [(
        _derived("kind_label", "string", "Nature (libellé)", "Nature du financement, en français."),
        lambda item: _funding_kind_label(item.kind),
    )],
    f"incubation.{MODULE_KEY}.status": [(
        _derived("status_label", "string", "État (libellé)", "État du module, en français."),
        lambda item: _STATUSES.get(item.status),
    )],
}  # fmt: skip


def _funding_kind_label(kind: Any) -> str | None:
    return None if kind is None else FUNDING_KINDS.get(str(kind), str(kind))


@dataclass(frozen=True, slots=True)
class _Table:
    """A table's spec, its columns' getters, and the items of a laureate it has rows for."""

    spec: TableSpec
    getters: tuple[Getter, ...]
    items: Callable[[Laureate], Iterable[tuple[dict[str, Any], Any]]]
    """For a laureate: each row's key columns and the item the getters read."""


def _lines(attribute: str) -> Callable[[Laureate], Iterable[tuple[dict[str, Any], Any]]]:
    def items(laureate: Laureate) -> Iterable[tuple[dict[str, Any], Any]]:
        for line, item in enumerate(getattr(laureate, attribute) or (), start=1):
            yield {"laureate_id": laureate.id, "line": line}, item

    return items


def _modules(vocabulary: Vocabulary) -> Callable[[Laureate], Iterable[tuple[dict[str, Any], Any]]]:
    def items(laureate: Laureate) -> Iterable[tuple[dict[str, Any], Any]]:
        for module, progress in (laureate.incubation or {}).items():
            label = vocabulary.modules.get(module, module)
            yield {"laureate_id": laureate.id, "module": module, "module_label": label}, progress

    return items


def _tables(labels: _Labels) -> tuple[_Table, ...]:
    vocabulary = labels.vocabulary
    laureates = _laureate_columns(labels)

    def item_table(
        name: str, title: str, description: str, attribute: str, model: type[BaseModel]
    ) -> _Table:
        columns = _item_columns(model, f"{attribute}[].")
        spec = TableSpec(
            name, title, description, (_LAUREATE_ID, _LINE, *(c for c, _ in columns)),
            ("laureate_id", "line"), "laureate_id",
        )  # fmt: skip
        return _Table(spec, tuple(g for _, g in columns), _lines(attribute))

    progress = _item_columns(ModuleProgress, f"incubation.{MODULE_KEY}.")
    module_columns = [
        _derived("module", "string", "Module", "Identifiant du module (modules.yaml).",
                 required=True, enum=tuple(vocabulary.modules) or None),
        _derived("module_label", "string", "Module (libellé)", "Libellé du module."),
    ]  # fmt: skip
    incubation_spec = TableSpec(
        "incubation",
        "Incubation",
        "L'avancement de chaque lauréat dans les modules d'incubation, un module par ligne.",
        (_LAUREATE_ID, *module_columns, *(c for c, _ in progress)),
        ("laureate_id", "module"),
        "laureate_id",
    )
    return (
        _Table(
            TableSpec(
                "laureats",
                "Lauréats",
                "Les manufactures de proximité lauréates, une par ligne ; un champ vide n'est "
                "pas connu.",
                tuple(c for c, _ in laureates),
                ("id",),
            ),
            tuple(g for _, g in laureates),
            lambda laureate: [({}, laureate)],
        ),
        item_table("financements", "Financements",
                   "Les lignes de financement de chaque lauréat, une par ligne.",
                   "funding", Funding),
        item_table("sources", "Sources", "Les sources publiques de chaque fiche, une par ligne.",
                   "sources", Source),
        item_table("porteurs", "Porteurs",
                   "Les structures qui portent chaque lauréat, une par ligne.",
                   "carriers", Carrier),
        _Table(incubation_spec, tuple(g for _, g in progress), _modules(vocabulary)),
    )  # fmt: skip


def TABLES(vocabulary: Vocabulary) -> tuple[TableSpec, ...]:
    """Every table, laureates first."""
    return tuple(table.spec for table in _tables(_Labels(vocabulary)))


def registry_tables(
    vocabulary: Vocabulary, laureates: Sequence[Laureate]
) -> list[tuple[TableSpec, list[Row]]]:
    """Each table with its rows for `laureates` (in their order)."""
    result = []
    for table in _tables(_Labels(vocabulary)):
        names = [c.name for c in table.spec.columns[-len(table.getters) :]]
        rows = [
            {**keys, **{name: get(item) for name, get in zip(names, table.getters, strict=True)}}
            for laureate in laureates
            for keys, item in table.items(laureate)
        ]
        result.append((table.spec, rows))
    return result


def cell_date(value: Any) -> Any:
    """A date as ISO text, anything else as it is (for formats without a date type)."""
    return value.isoformat() if isinstance(value, date) else value
