"""Each command's answer laid out as a `CommandResult`: the data, and the tables that show it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import TYPE_CHECKING, Any

from pydantic import BaseModel

from manufactures.analysis.announced import Announced, announced_for
from manufactures.analysis.coverage import Coverage, Gap, compute_coverage
from manufactures.analysis.selection import Filters, include_fields
from manufactures.analysis.stats import (
    NOT_RECORDED,
    SUPPORT_LABELS,
    Crosstab,
    FundingReport,
    Group,
    ModuleState,
    ProgressReport,
    Stats,
    compute_stats,
    crosstab,
    dimension,
    distribution,
    funding_report,
    mean_eur,
    progress_report,
)
from manufactures.models import (
    Carrier,
    Laureate,
    Location,
    field_docs,
    holds_list,
    holds_mapping,
    models_in,
)
from manufactures.present.flat import csv_header, flatten
from manufactures.present.result import (
    STATUS_SYMBOLS,
    CellKind,
    Column,
    CommandResult,
    Layout,
    Table,
)
from manufactures.present.text import (
    NOT_ANNOUNCED,
    announced_text,
    format_eur,
    records_headline,
)
from manufactures.registry import Registry
from manufactures.vocabulary import Vocabulary

if TYPE_CHECKING:  # only a type here: `manuf diff` alone imports what computes it
    from manufactures.analysis.changes import RegistryDiff

__all__ = [
    "breakdown_result",
    "coverage_result",
    "diff_result",
    "export_result",
    "funding_result",
    "list_result",
    "progress_result",
    "show_result",
    "stats_result",
]

DIMENSION_TITLES: Mapping[str, str] = {
    "territory": "Type de territoire",
    "wave": "Vague de labellisation",
    "sector": "Filière",
    "region": "Région",
    "department": "Département",
}
_SECTOR_NOTE = "un lauréat compte dans chacune de ses filières"
STATUS_LABELS: Mapping[str | None, str] = {
    ModuleState.DONE: "terminé",
    ModuleState.DONE_LATER: "terminé après cette date",
    ModuleState.IN_PROGRESS: "en cours",
    ModuleState.NOT_STARTED: "non commencé",
    None: "non renseigné",
}

_GROUP_COLUMNS = (
    Column("label", "", CellKind.TEXT),
    Column("count", "Enregistrés", CellKind.COUNT, bar=True, bar_against="announced"),
    Column("announced", "Annoncés", CellKind.COUNT),
)


def _announced_note(announced: Announced) -> str | None:
    """What « Annoncés » means under filters: the programme's figure for this very selection."""
    if announced.whole:
        return None
    return f"Annoncés : chiffre du programme pour cette sélection ; – : {NOT_ANNOUNCED}"


# stats


def _group_table(
    title: str, groups: Sequence[Group], dimension: str, announced: Announced
) -> Table:
    rows = tuple({"dimension": dimension, **group.model_dump(mode="json")} for group in groups)
    return Table(title, _GROUP_COLUMNS, rows, caption=_announced_note(announced))


def _funding_table(
    *, recorded: int, funded: int, budget: int | None, per_laureate: int, note: str | None = None
) -> Table:
    rows = (
        {"label": "Montant total", "recorded": recorded, "announced": budget},
        {
            "label": "Moyenne par lauréat financé",
            "recorded": mean_eur(recorded, funded),
            "announced": per_laureate,
        },
    )
    columns = (
        Column("label", ""),
        Column("recorded", "Enregistré", CellKind.EUR),
        Column("announced", "Annoncé", CellKind.EUR),
    )
    caption = (
        f"{funded} lauréat(s) avec un financement enregistré ; « annoncé » : chiffres du programme"
        + (f" (budget : {NOT_ANNOUNCED})" if budget is None else "")
    )
    return Table("Financement", columns, rows, caption=caption + (f" ({note})" if note else ""))


_MODULE_COLUMNS = (
    Column("label", "Module"),
    Column("done", "Terminé", CellKind.COUNT, bar=True),
    Column("in_progress", "En cours", CellKind.COUNT),
    Column("not_started", "Non commencé", CellKind.COUNT),
)


def _incubation_table(stats: Stats) -> Table:
    incubation = stats.incubation
    rows = tuple(module.model_dump(mode="json") for module in incubation.modules)
    caption = f"{incubation.records_with_progress} lauréat(s) avec un suivi d'incubation enregistré"
    return Table("Incubation (8 modules)", _MODULE_COLUMNS, rows, caption=caption)


def stats_result(
    registry: Registry, laureates: Sequence[Laureate], filters: Filters
) -> CommandResult:
    """`manuf stats`: counts by territory, wave and sector, funding and incubation progress,
    beside the figures announced for the selection."""
    announced = announced_for(registry.programme, filters)
    stats = compute_stats(laureates, registry.programme, registry.vocabulary, announced=announced)
    funding = stats.funding
    tables = (
        _group_table(DIMENSION_TITLES["territory"], stats.by_territory, "territory", announced),
        _group_table(DIMENSION_TITLES["wave"], stats.by_wave, "wave", announced),
        _group_table(f"Filière ({_SECTOR_NOTE})", stats.by_sector, "sector", announced),
        _funding_table(
            recorded=funding.recorded_eur,
            funded=funding.records_with_funding,
            budget=funding.announced_budget_eur,
            per_laureate=funding.announced_per_laureate_eur,
        ),
        _incubation_table(stats),
    )
    items = [row for table in tables[:3] for row in table.rows]
    headline = records_headline(stats.total.count, announced.total)
    return CommandResult("stats", filters, stats, tables, items=items, headline=headline)


def _crosstab_table(table: Crosstab, announced: Announced) -> Table:
    row_title, column_title = (DIMENSION_TITLES[name] for name in table.by)
    counts = {(cell.row, cell.column): cell.count for cell in table.cells}
    keys = [f"c{index}" for index in range(len(table.columns))]
    columns = (
        Column("label", ""),
        *(Column(key, g.label, CellKind.COUNT) for key, g in zip(keys, table.columns, strict=True)),
        Column("count", "Ensemble", CellKind.COUNT),
        *((Column("announced", "Annoncés", CellKind.COUNT),) if _announces(table.rows) else ()),
    )
    rows = [
        {
            "label": row.label,
            **{key: counts[row.key, g.key] for key, g in zip(keys, table.columns, strict=True)},
            "count": row.count,
            "announced": row.announced,
        }
        for row in table.rows
    ]
    rows.append(_margin_row("Ensemble", "count", keys, table.columns, table.total.count))
    if _announces(table.columns):
        rows.append(
            _margin_row("Annoncés", "announced", keys, table.columns, table.total.announced)
        )
    notes = [_SECTOR_NOTE] if "sector" in table.by else []
    if _announces(table.rows) or _announces(table.columns):
        notes += [note] if (note := _announced_note(announced)) else []
    return Table(
        f"{row_title} × {column_title}",
        columns,
        tuple(rows),
        caption="; ".join(notes) or None,
        transposed_title=f"{column_title} × {row_title}",
    )


def _announces(groups: Sequence[Group]) -> bool:
    return any(group.announced is not None for group in groups)


def _margin_row(
    label: str, field: str, keys: Sequence[str], groups: Sequence[Group], total: int | None
) -> dict[str, Any]:
    values = {key: getattr(group, field) for key, group in zip(keys, groups, strict=True)}
    return {"label": label, **values, "count": total}


def breakdown_result(
    registry: Registry, laureates: Sequence[Laureate], filters: Filters, by: Sequence[str]
) -> CommandResult:
    """`manuf stats --by X [--by Y]`: the one-way table of X, or the two-way table X × Y."""
    programme = registry.programme
    announced = announced_for(programme, filters)
    dims = [dimension(name, programme, registry.vocabulary, announced=announced) for name in by]
    headline = records_headline(len(laureates), announced.total)
    if len(dims) == 1:
        result = distribution(laureates, dims[0], programme, announced=announced)
        title = DIMENSION_TITLES[by[0]] + (f" ({_SECTOR_NOTE})" if by[0] == "sector" else "")
        table = _group_table(title, result.groups, by[0], announced)
        return CommandResult("stats", filters, result, (table,), table.rows, headline)
    cross = crosstab(laureates, dims[0], dims[1], programme, announced=announced)
    items = [cell.model_dump(mode="json") for cell in cross.cells]
    table = _crosstab_table(cross, announced)
    return CommandResult("stats", filters, cross, (table,), items, headline)


# funding

_AMOUNT_COLUMNS = (
    Column("label", ""),
    Column("records", "Lauréats", CellKind.COUNT),
    Column("records_with_funding", "Financés", CellKind.COUNT),
    Column("recorded_eur", "Total", CellKind.EUR),
    Column("mean_eur", "Moyenne", CellKind.EUR),
    Column("median_eur", "Médiane", CellKind.EUR),
    Column("min_eur", "Min", CellKind.EUR),
    Column("max_eur", "Max", CellKind.EUR),
)


def funding_result(
    registry: Registry, laureates: Sequence[Laureate], filters: Filters, by: str | None
) -> CommandResult:
    """`manuf funding`: recorded funding per group (total, mean, median, min, max) vs announced."""
    programme = registry.programme
    announced = announced_for(programme, filters)
    dim = None if by is None else dimension(by, programme, registry.vocabulary)
    report = funding_report(laureates, programme, dim, announced=announced)
    return CommandResult(
        "funding",
        filters,
        report,
        _funding_tables(report),
        items=[group.model_dump(mode="json") for group in report.groups or [report.total]],
        headline=_funding_headline(report),
    )


def _funding_tables(report: FundingReport) -> tuple[Table, ...]:
    total, announced = report.total, report.announced
    variants = ", ".join(format_eur(v) for v in announced.per_laureate_variants_eur)
    versus = _funding_table(
        recorded=total.recorded_eur,
        funded=total.records_with_funding,
        budget=announced.budget_eur,
        per_laureate=announced.per_laureate_eur,
        note=f"autres moyennes annoncées : {variants}" if variants else None,
    )
    if report.by is None:
        return (versus,)
    rows = tuple(group.model_dump(mode="json") for group in [*report.groups, total])
    title = f"Financements enregistrés par {DIMENSION_TITLES[report.by].lower()}"
    caption = (
        "Par lauréat financé (ses lignes de financement additionnées) ; moyenne et médiane "
        "arrondies à l'euro" + (f" ; {_SECTOR_NOTE}" if report.by == "sector" else "")
    )
    return Table(title, _AMOUNT_COLUMNS, rows, caption=caption), versus


def _funding_headline(report: FundingReport) -> str:
    total = report.total
    budget = report.announced.budget_eur
    return (
        f"{format_eur(total.recorded_eur)} enregistrés pour {total.records_with_funding} "
        f"lauréat(s) financé(s) sur {total.records} ; budget "
        + announced_text(budget, format_eur, prefix="annoncé ")
    )


# progress


def progress_result(
    registry: Registry, laureates: Sequence[Laureate], filters: Filters, as_of: date
) -> CommandResult:
    """`manuf progress`: the laureate × module matrix, module completion, lagging laureates and
    the support phase's state as of `as_of`."""
    report = progress_report(laureates, registry.programme, registry.vocabulary, as_of)
    modules = registry.vocabulary.modules
    tables = (
        _matrix_table(report, modules),
        _module_table(report),
        _lagging_table(report, modules),
        _support_table(report),
    )
    headline = (
        f"Au {as_of.isoformat()} : {report.records_with_progress} lauréat(s) sur {report.records} "
        f"avec un suivi d'incubation, {len(report.lagging)} en retard"
    )
    items = [row.model_dump(mode="json") for row in report.laureates]
    return CommandResult("progress", filters, report, tables, items=items, headline=headline)


def _matrix_table(report: ProgressReport, modules: Mapping[str, str]) -> Table:
    numbers = {key: str(index) for index, key in enumerate(modules, start=1)}
    columns = (
        Column("name", "Lauréat"),
        *(Column(f"m.{key}", number, CellKind.STATUS) for key, number in numbers.items()),
        Column("done", "Terminés", CellKind.COUNT),
        Column("lagging", "Retard"),
        Column("support", "Accompagnement"),
    )
    rows = tuple(
        {
            "name": row.name,
            **{f"m.{key}": None if s is None else str(s) for key, s in row.modules.items()},
            "done": row.done,
            "lagging": "en retard" if row.lagging else "",
            "support": SUPPORT_LABELS[row.support],
        }
        for row in report.laureates
    )
    legend = " ".join(f"{STATUS_SYMBOLS[key]} {label}" for key, label in STATUS_LABELS.items())
    numbered = ", ".join(f"{numbers[key]} {label}" for key, label in modules.items())
    caption = f"{legend}. Modules : {numbered}."
    return Table("Incubation : lauréats × modules", columns, rows, caption=caption)


def _module_table(report: ProgressReport) -> Table:
    columns = (
        *_MODULE_COLUMNS[:2],
        Column("done_later", "Terminé après", CellKind.COUNT),
        *_MODULE_COLUMNS[2:],
        Column("not_recorded", NOT_RECORDED, CellKind.COUNT),
        Column("completion_rate", "Taux", CellKind.PERCENT),
    )
    rows = tuple(module.model_dump(mode="json") for module in report.modules)
    caption = (
        f"Au {report.as_of.isoformat()} ; terminé après : terminé à une date postérieure, donc "
        "pas encore terminé ce jour-là ; taux : terminé sur les lauréats qui renseignent le module"
    )
    return Table("Achèvement par module", columns, rows, caption=caption)


def _lagging_table(report: ProgressReport, modules: Mapping[str, str]) -> Table:
    columns = (
        Column("name", "Lauréat"),
        Column("done", "Terminés", CellKind.COUNT),
        Column("due_on", "Fin prévue"),
        Column("next", "À terminer"),
    )
    rows = tuple(
        {
            "name": row.name,
            "done": row.done,
            "due_on": None if row.due_on is None else row.due_on.isoformat(),
            "next": _unfinished(row.modules, modules),
        }
        for row in report.laureates
        if row.lagging
    )
    announced = report.announced
    caption = (
        f"En retard : la labellisation plus {announced.incubation_months} mois (incubation "
        f"annoncée) est passée et un module renseigné n'est pas terminé"
    )
    return Table(f"Lauréats en retard ({len(rows)})", columns, rows, caption=caption)


def _unfinished(states: Mapping[str, ModuleState | None], modules: Mapping[str, str]) -> str:
    """The first recorded module not done, and how many others: `Communication (+1)`."""
    behind = [key for key, state in states.items() if state not in (None, ModuleState.DONE)]
    others = f" (+{len(behind) - 1})" if len(behind) > 1 else ""
    return modules[behind[0]] + others if behind else ""


def _support_table(report: ProgressReport) -> Table:
    columns = (Column("label", ""), Column("count", "Lauréats", CellKind.COUNT, bar=True))
    rows = tuple(group.model_dump(mode="json") for group in report.support)
    announced = report.announced
    caption = (
        f"D'après les dates enregistrées ; annoncé : {announced.support_years} ans à partir du "
        f"{announced.support_starts_on.isoformat()}"
    )
    title = f"Accompagnement au {report.as_of.isoformat()}"
    return Table(title, columns, rows, caption=caption)


# list, show, export


def _fields_table(title: str, items: Sequence[Mapping[str, Any]], fields: Sequence[str]) -> Table:
    """Chosen fields as columns: nested maps as dotted columns, lists joined."""
    rows = tuple(flatten(item) for item in items)
    columns = tuple(Column(key, key) for key in csv_header(rows, fields))
    return Table(title, columns, rows)


_LIST_COLUMNS = (
    Column("id", "Identifiant", CellKind.CODE),
    Column("name", "Nom"),
    Column("wave", "Vague", CellKind.COUNT),
    Column("territory", "Territoire"),
    Column("commune", "Commune"),
    Column("department", "Dép.", CellKind.CODE),
    Column("sectors", "Filières"),
)
# What a narrow screen gives up first: the name stays, then the place, then the rest.
_LIST_SPARE = ("id", "sectors", "territory", "wave", "department", "commune")


def _list_row(laureate: Laureate, registry: Registry) -> dict[str, Any]:
    vocabulary = registry.vocabulary
    location = laureate.location
    return {
        "id": laureate.id,
        "name": laureate.name,
        "wave": laureate.wave,
        "territory": vocabulary.territory_label(laureate.territory),
        "commune": None if location is None else location.commune,
        "department": None if location is None else location.department,
        "sectors": vocabulary.sector_labels(laureate.sectors),
    }


def _records_result(
    command: str,
    laureates: Sequence[Laureate],
    filters: Filters,
    fields: Sequence[str],
    tables: tuple[Table, ...],
) -> CommandResult:
    """Records as data (each exactly as the model dumps it, cut to `fields`), with `tables`."""
    return CommandResult(
        command,
        filters,
        laureates,
        tables,
        headline=f"{len(laureates)} lauréat(s)",
        include=include_fields(fields) if fields else None,
        columns=tuple(fields or Laureate.model_fields),
    )


def _projected(laureates: Iterable[Laureate], fields: Sequence[str]) -> list[dict[str, Any]]:
    include = include_fields(fields)
    return [
        laureate.model_dump(mode="json", exclude_none=True, include=include)
        for laureate in laureates
    ]


def list_result(
    registry: Registry,
    laureates: Sequence[Laureate],
    filters: Filters,
    *,
    fields: Sequence[str] = (),
) -> CommandResult:
    """`manuf list`: the selected records; on screen a table of their main (or chosen) fields."""
    if fields:
        table = _fields_table("Lauréats", _projected(laureates, fields), fields)
    else:
        rows = tuple(_list_row(laureate, registry) for laureate in laureates)
        table = Table(
            "Lauréats",
            _LIST_COLUMNS,
            rows,
            droppable=_LIST_SPARE,
            drop_hint="--fields pour choisir",
        )
    return _records_result("list", laureates, filters, fields, (table,))


def export_result(
    registry: Registry,
    laureates: Sequence[Laureate],
    filters: Filters,
    *,
    fields: Sequence[str] = (),
) -> CommandResult:
    """`manuf export`: the selected records as data; as Markdown, one card per record (or one
    table of the chosen fields)."""
    tables: tuple[Table, ...]
    if fields:
        tables = (_fields_table("Lauréats", _projected(laureates, fields), fields),)
    else:
        tables = tuple(table for laureate in laureates for table in _card(laureate, registry))
    return _records_result("export", laureates, filters, fields, tables)


def show_result(registry: Registry, laureate: Laureate) -> CommandResult:
    """`manuf show ID`: one record, whole, as the model dumps it; on screen, its card."""
    return CommandResult(
        "show",
        Filters(),
        laureate,
        _card(laureate, registry),
        columns=tuple(Laureate.model_fields),
    )


# A record's card: what `show` prints and Markdown exports hold.

_FIELD_COLUMNS = (Column("label", "Champ"), Column("value", "Valeur"))
_FUNDING_KINDS = {
    "investment": "investissement",
    "operation": "fonctionnement",
    "engineering": "ingénierie",
    "other": "autre",
}


def _card(laureate: Laureate, registry: Registry) -> tuple[Table, ...]:
    identity = tuple(_identity_rows(laureate, registry))
    tables = [Table(laureate.name, _FIELD_COLUMNS, identity, layout=Layout.CARD)]
    if laureate.funding:
        tables.append(_funding_lines_table(laureate))
    if laureate.incubation:
        tables.append(_incubation_card(laureate, registry.vocabulary.modules))
    tables.append(_sources_table(laureate))
    return tuple(tables)


# How the card shows a field, where it is more than its text: a code with its name, a key with its
# label, a group on one line. A field not named here shows as its text (a list, one item after
# another), under its label (`models.document`); one whose value is None is left empty.
_CardValue = Callable[[Any, Laureate, Vocabulary], Any]
_CARD_VALUES: dict[str, _CardValue] = {
    "wave": lambda wave, _, vocabulary: vocabulary.wave_label(wave),
    "territory": lambda key, _, vocabulary: vocabulary.territory_label(key),
    "location.department": lambda code, *_: _named_code(code, "department"),
    "location.region": lambda code, *_: _named_code(code, "region"),
    "location.lat": lambda _, laureate, __: _coordinates(laureate.location),
    "sectors": lambda keys, _, vocabulary: vocabulary.sector_labels(keys),
    "carriers": lambda carriers, *_: "; ".join(map(_carrier_text, carriers or ())),
    "support": lambda support, *_: (
        support and f"{support.started_on or '?'} → {support.ended_on or '…'}"
    ),
}
_CARD_LABELS = {"location.lat": "Coordonnées"}
# Fields the card leaves out: those with a table of their own, and the longitude (shown with the
# latitude).
_NOT_ON_CARD = frozenset({"funding", "incubation", "sources", "location.lon"})


def _identity_rows(laureate: Laureate, registry: Registry) -> Iterable[dict[str, Any]]:
    for path, value in _card_fields(laureate, Laureate):
        if path in _NOT_ON_CARD:
            continue
        shown = _CARD_VALUES.get(path, _as_text)(value, laureate, registry.vocabulary)
        label = _CARD_LABELS.get(path) or field_docs()[path].label
        yield {"label": label, "value": None if shown in (None, "") else str(shown)}


def _card_fields(
    record: BaseModel | None, model: type[BaseModel], prefix: str = ""
) -> Iterable[tuple[str, Any]]:
    """Each field of a record by path, a group's fields (`location.commune`) in place of the
    group unless the card shows the group itself."""
    for name, field in model.model_fields.items():
        path, value = f"{prefix}{name}", getattr(record, name, None)
        nested = next(models_in(field.annotation), None)
        if (
            nested is not None
            and path not in _CARD_VALUES
            and not holds_list(field.annotation)
            and not holds_mapping(field.annotation)
        ):
            yield from _card_fields(value, nested, f"{path}.")
        else:
            yield path, value


def _as_text(value: Any, *_: object) -> Any:
    return "; ".join(map(str, value)) if isinstance(value, list) else value


def _coordinates(location: Location | None) -> str | None:
    if location is None or location.lat is None or location.lon is None:
        return None
    return f"{location.lat}, {location.lon}"


def _named_code(code: str | None, kind: str) -> str | None:
    # Deferred: importing the COG's module costs ~8 ms, which only `show` needs here.
    from manufactures.referentials.cog import load_cog

    if code is None:
        return None
    place = getattr(load_cog(), kind)(code)
    return code if place is None else f"{code} {place.name}"


def _carrier_text(carrier: Carrier) -> str:
    details = [d for d in (carrier.legal_form, carrier.siret and f"SIRET {carrier.siret}") if d]
    return carrier.name + (f" ({', '.join(details)})" if details else "")


def _funding_lines_table(laureate: Laureate) -> Table:
    columns = (
        Column("amount_eur", "Montant", CellKind.EUR),
        Column("kind", "Nature"),
        Column("source", "Financeur"),
        Column("granted_on", "Accordé le"),
        Column("note", "Note"),
    )
    lines = laureate.funding or []
    rows = tuple(
        {**line.model_dump(mode="json"), "kind": line.kind and _FUNDING_KINDS[line.kind]}
        for line in lines
    )
    caption = f"Total : {format_eur(sum(line.amount_eur for line in lines))}"
    return Table(f"{laureate.name} — financements", columns, rows, caption=caption)


def _incubation_card(laureate: Laureate, modules: Mapping[str, str]) -> Table:
    columns = (
        Column("label", "Module"),
        Column("status", "", CellKind.STATUS),
        Column("status_label", "État"),
        Column("completed_on", "Terminé le"),
    )
    recorded = laureate.incubation or {}
    rows = []
    for key, label in modules.items():
        progress = recorded.get(key)
        status = None if progress is None else str(progress.status)
        rows.append(
            {
                "label": label,
                "status": status,
                "status_label": STATUS_LABELS[status],
                "completed_on": progress and progress.completed_on and str(progress.completed_on),
            }
        )
    return Table(f"{laureate.name} — incubation", columns, tuple(rows))


def _sources_table(laureate: Laureate) -> Table:
    columns = (Column("url", "Source", CellKind.CODE), Column("note", "Note"))
    rows = tuple(source.model_dump(mode="json") for source in laureate.sources)
    return Table(f"{laureate.name} — sources", columns, rows, layout=Layout.LIST)


# coverage

_GAP_COLUMNS = (
    *_GROUP_COLUMNS,
    Column("missing", "À enregistrer", CellKind.COUNT),
)


def _gap_table(title: str, gaps: Sequence[Gap], dimension: str, announced: Announced) -> Table:
    rows = tuple({"dimension": dimension, **gap.model_dump(mode="json")} for gap in gaps)
    return Table(title, _GAP_COLUMNS, rows, caption=_announced_note(announced))


def _fields_coverage_table(coverage: Coverage) -> Table:
    columns = (
        Column("field", "Champ", CellKind.CODE),
        Column("label", "Description"),
        Column("count", "Fiches", CellKind.COUNT, bar=True),
        Column("share", "Part", CellKind.PERCENT),
    )
    rows = tuple({"dimension": "field", **item.model_dump(mode="json")} for item in coverage.fields)
    caption = (
        f"sur {coverage.total.count} fiche(s) ; une liste compte si l'un de ses éléments a le champ"
    )
    return Table("Champs renseignés", columns, rows, caption=caption)


_KEY_FACT_WORDS: Mapping[str, str] = {
    "territory": "territoire",
    "wave": "vague",
    "location.commune": "commune",
    "sectors": "filières",
}


def _incomplete_table(coverage: Coverage) -> Table:
    facts = ", ".join(_KEY_FACT_WORDS[path] for path in coverage.key_facts)
    columns = (
        Column("id", "Fiche", CellKind.CODE),
        Column("name", "Nom"),
        Column("lacking", "Manque"),
    )
    rows = tuple(
        {
            "dimension": "incomplete",
            **record.model_dump(mode="json"),
            "lacking": ", ".join(_KEY_FACT_WORDS[path] for path in record.lacks),
        }
        for record in coverage.incomplete
    )
    caption = f"{len(rows)} fiche(s) sur {coverage.total.count} sans l'un de ces faits : {facts}"
    return Table("Fiches incomplètes", columns, rows, caption=caption)


# One CSV for three kinds of rows, told apart by `dimension`: groups, fields, incomplete records.
_COVERAGE_CSV = (
    "dimension",
    "key",
    "field",
    "id",
    "label",
    "name",
    "count",
    "announced",
    "missing",
)


def coverage_result(
    registry: Registry, laureates: Sequence[Laureate], filters: Filters
) -> CommandResult:
    """`manuf coverage`: records vs announced, fields filled, records lacking key facts."""
    announced = announced_for(registry.programme, filters)
    coverage = compute_coverage(laureates, registry.programme, announced=announced)
    tables = (
        _gap_table(DIMENSION_TITLES["wave"], coverage.by_wave, "wave", announced),
        _gap_table(DIMENSION_TITLES["territory"], coverage.by_territory, "territory", announced),
        _fields_coverage_table(coverage),
        _incomplete_table(coverage),
    )
    items = [{k: v for k, v in row.items() if k != "lacking"} for t in tables for row in t.rows]
    missing = coverage.total.missing
    headline = records_headline(coverage.total.count, announced.total) + (
        "" if missing is None else f" ; {missing} à enregistrer"
    )
    return CommandResult(
        "coverage", filters, coverage, tables, items=items, headline=headline, columns=_COVERAGE_CSV
    )


# diff

_STATUS_LABELS = {"added": "ajoutée", "removed": "supprimée", "changed": "modifiée"}
_DIMENSION_LABELS = {
    "total": "Total",
    "territory": "Territoire",
    "wave": "Vague",
    "funding": "Total",
}


def _diff_shown(value: Any) -> str:
    if value is None:
        return "–"
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def _diff_records_table(diff: RegistryDiff) -> Table:
    columns = (
        Column("id", "Fiche", CellKind.CODE),
        Column("status", "Changement"),
        Column("fields", "Champs", CellKind.COUNT),
    )
    rows = tuple(
        {"id": r.id, "status": _STATUS_LABELS[r.status], "fields": len(r.fields)}
        for r in diff.records
    )
    return Table("Fiches", columns, rows)


def _diff_fields_table(diff: RegistryDiff) -> Table:
    columns = (
        Column("id", "Fiche", CellKind.CODE),
        Column("path", "Champ", CellKind.CODE),
        Column("old", "Avant"),
        Column("new", "Après"),
    )
    rows = tuple(
        {"id": r.id, "path": f.path, "old": _diff_shown(f.old), "new": _diff_shown(f.new)}
        for r in diff.records
        if r.status == "changed"
        for f in r.fields
    )
    return Table("Champs modifiés", columns, rows)


def _diff_figures_table(diff: RegistryDiff) -> Table:
    columns = (
        Column("dimension", ""),
        Column("label", "Chiffre"),
        Column("before", "Avant", CellKind.COUNT),
        Column("after", "Après", CellKind.COUNT),
        Column("delta", "Écart"),
    )
    rows = tuple(
        {
            "dimension": _DIMENSION_LABELS[f.dimension],
            "label": f.label,
            "before": f.before,
            "after": f.after,
            "delta": f"{f.after - f.before:+d}",
        }
        for f in diff.figures
        if f.before != f.after
    )
    return Table("Effet sur les chiffres clés", columns, rows)


def diff_result(diff: RegistryDiff) -> CommandResult:
    """`manuf diff` laid out: the records changed, their fields, the figures that moved."""
    headline = (
        f"Depuis {diff.revision} : {diff.added} fiche(s) ajoutée(s), "
        f"{diff.removed} supprimée(s), {diff.changed} modifiée(s)"
    )
    tables = tuple(
        table
        for table in (
            _diff_records_table(diff),
            _diff_fields_table(diff),
            _diff_figures_table(diff),
        )
        if table.rows
    )
    items = [record.model_dump(mode="json") for record in diff.records]
    return CommandResult("diff", Filters(), diff, tables, items=items, headline=headline)
