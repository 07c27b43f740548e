"""What a spreadsheet brought back says of each record (`manuf import`): the cells that differ from
what `manuf export` would write today, as field edits.

Each table read (`render.sheets`) is matched to the export's table of that name, its headers to
the columns (or, with a mapping file, a foreign header to a column or field path). A cell is
compared with the export's cell for the same record, both read the same way, so a file exported
and brought back unchanged changes nothing. Only columns that hold a field are applied: labels,
totals and counts (`region_nom`, `funding_total_eur`…) are computed from the records and an
edited one is reported, not applied. An empty cell means « no change » (`--clear-empty`: remove
the field). Fields no column holds are kept.

A row whose id names no record but which has a name is a new record; one with neither is an
error. Rows of the other tables add or change lines (`funding[1]`…) of their record; a line
beyond the record's last plus one is an error (lines are never removed by an import).
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from manufactures.editing.edits import parse_field_path
from manufactures.editing.imports import (
    CODE_PADDED,
    DERIVED_CELL,
    ROW_PROBLEM,
    UNKNOWN_COLUMN,
    Cell,
    Located,
    RecordChanges,
)
from manufactures.editing.layout import LIST_FIELDS
from manufactures.errors import UsageError
from manufactures.i18n import _
from manufactures.models import ID_PATTERN, ModuleStatus
from manufactures.present.tables import Column, Row, TableSpec, registry_tables, split_list
from manufactures.registry import Registry
from manufactures.render.sheets import InputRow, InputTable
from manufactures.validation.diagnostics import Diagnostic, Severity
from manufactures.vocabulary import closest
from manufactures.yaml.reader import YamlProblem, parse_record_text

__all__ = ["ImportInput", "read_mapping", "record_changes"]

# Codes a spreadsheet shows as numbers, with the width their leading zeros give back.
_CODE_WIDTHS = {
    "location.insee": 5,
    "location.postal_code": 5,
    "location.department": 2,
    "location.region": 2,
    "carriers[].siret": 14,
}
_DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")


@dataclass(frozen=True, slots=True)
class ImportInput:
    """What `manuf import` was given besides the file: the registry, a mapping of foreign headers
    to columns, whether an empty cell removes a field, the sources `--source` names."""

    registry: Registry
    mapping: Mapping[str, str] = field(default_factory=dict)
    clear_empty: bool = False
    sources: tuple[str, ...] = ()


def read_mapping(path: Path) -> dict[str, str]:
    """A mapping file's `columns`: a foreign header → a column name or a field path."""
    try:
        value = parse_record_text(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, YamlProblem) as error:
        raise UsageError(
            _("{path}: cannot read the mapping ({error})").format(path=path, error=error)
        ) from None
    columns = value.get("columns") if isinstance(value, dict) else None
    if not isinstance(columns, dict) or not all(isinstance(v, str) for v in columns.values()):
        raise UsageError(
            _("{path}: a mapping holds `columns:`, each `Header: field.path`").format(path=path)
        )
    return {str(header).strip(): target for header, target in columns.items()}


def _bind(
    table: InputTable, spec: TableSpec, mapping: Mapping[str, str], warnings: list[Located]
) -> dict[str, str]:
    """Column name → the header that holds it in `table` (a header mapped, or named so)."""
    by_name = {c.name: c for c in spec.columns}
    by_field = {c.field: c for c in spec.columns if c.field}
    bound: dict[str, str] = {}
    for header in table.headers:
        if not header:
            continue
        target = mapping.get(header, header)
        column = by_name.get(target) or by_field.get(target)
        if column is None:
            if header in mapping:
                raise UsageError(
                    _("the mapping sends `{header}` to `{target}`, not a column").format(
                        header=header, target=target
                    )
                )
            message = _("`{header}` is not a column of the {table} table: it is left aside").format(
                header=header, table=spec.name
            )
            warnings.append(_warning(Cell(table.where(1, header), header), UNKNOWN_COLUMN, message))
            continue
        bound[column.name] = header
    return bound


def _warning(cell: Cell, code: str, message: str, *, path: str = "") -> Located:
    return Located(cell, Diagnostic(Severity.WARNING, code, message, "", path=path))


def _error(cell: Cell, message: str, *, hint: str | None = None) -> Located:
    return Located(cell, Diagnostic(Severity.ERROR, ROW_PROBLEM, message, "", hint=hint))


def _number_text(value: Any, *, integer: bool) -> str:
    """A number as the record writes it: `250000`, `48.01` (from `48,01`, `250 000`, `4.8e1`)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return str(int(value)) if integer and value.is_integer() else repr(value)
    text = str(value).strip().replace("\u202f", "").replace("\xa0", "").replace(" ", "")
    if _DECIMAL_COMMA.match(text):
        text = text.replace(",", ".")
    if integer and re.fullmatch(r"-?\d+", text):
        return text
    try:
        number = float(text)
    except ValueError:
        return str(value)  # not a number: validation says so, at the cell
    return _number_text(number, integer=integer)


def _texts(column: Column, value: Any) -> list[str]:
    """A cell's value as the texts a field is set to (a list cell split); [] when empty."""
    if value is None or value == "":
        return []
    if column.type == "date":
        return [value.isoformat() if isinstance(value, date) else str(value).strip()]
    if column.type in ("integer", "number"):
        return [_number_text(value, integer=column.type == "integer")]
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = _number_text(value, integer=True)  # a code a spreadsheet took for a number
    text = str(value)
    if column.field in LIST_FIELDS:
        return split_list(text)
    return [text]


def _padded(column: Column, texts: list[str], cell: Cell, warnings: list[Located]) -> list[str]:
    """A code given back its leading zeros (`8367` → `08367`), with a warning saying so."""
    width = _CODE_WIDTHS.get(column.field or "")
    if width is None or len(texts) != 1 or not texts[0].isdigit() or len(texts[0]) >= width:
        return texts
    padded = texts[0].zfill(width)
    message = _("`{text}` read as `{padded}`: a code keeps its leading zeros").format(
        text=texts[0], padded=padded
    )
    warnings.append(_warning(cell, CODE_PADDED, message, path=column.field or ""))
    return [padded]


def _slug(name: str) -> str:
    """An id from a name: `L'Usine d'Alès` → `l-usine-d-ales`."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:64].strip("-")


@dataclass(slots=True)
class _State:
    """What the planning knows as it reads the tables."""

    specs: dict[str, TableSpec]
    current: dict[str, list[Row]]
    records: dict[str, RecordChanges] = field(default_factory=dict)
    existing: dict[str, Row] = field(default_factory=dict)
    invalid: set[str] = field(default_factory=set)
    names: dict[str, str] = field(default_factory=dict)
    problems: list[Located] = field(default_factory=list)
    lines: dict[tuple[str, str], int] = field(default_factory=lambda: defaultdict(int))
    """Lines (funding, sources, carriers) each record has, the import's new ones included."""
    urls: dict[str, set[str]] = field(default_factory=lambda: defaultdict(set))


def record_changes(
    tables: Sequence[InputTable], given: ImportInput
) -> tuple[list[RecordChanges], list[Located]]:
    """Each record's changes, and the problems found on the way (errors and warnings)."""
    registry = given.registry
    laureates = [r.laureate for r in registry.records if r.laureate is not None]
    exported = registry_tables(registry.vocabulary, laureates)
    state = _State({s.name: s for s, _rows in exported}, {s.name: rows for s, rows in exported})
    state.existing = {row["id"]: row for row in state.current["laureats"]}
    state.invalid = {r.path.stem for r in registry.records if r.laureate is None}
    state.names = {str(row["name"]).casefold(): row["id"] for row in state.current["laureats"]}
    for spec, rows in exported[1:]:
        for row in rows:
            if "line" in row:
                state.lines[row["laureate_id"], spec.name] += 1
    for row in state.current["sources"]:
        state.urls[row["laureate_id"]].add(row["url"])
    ordered = sorted(tables, key=lambda t: t.table != "laureats")
    summaries: list[tuple[RecordChanges, list[str], Cell]] = []
    for table in ordered:
        found = state.specs.get(table.table)
        if found is None:
            continue
        spec = found
        mapping = given.mapping if table.table == "laureats" else {}
        bound = _bind(table, spec, mapping, state.problems)
        if table.table == "laureats":
            summaries += _laureates(table, spec, bound, state, given)
        else:
            _items(table, spec, bound, state, given)
    for record, urls, cell in summaries:
        _add_sources(record, urls, cell, state)
    for record in state.records.values():
        if given.sources and (record.new or not record.empty):
            _add_sources(record, list(given.sources), record.row, state)
            record.sourced = True
    return list(state.records.values()), state.problems


def _laureates(
    table: InputTable,
    spec: TableSpec,
    bound: dict[str, str],
    state: _State,
    given: ImportInput,
) -> list[tuple[RecordChanges, list[str], Cell]]:
    """The laureates' rows as records' changes; each record's `sources` cell, applied last."""
    columns = {c.name: c for c in spec.columns}
    summaries = []
    for row in table.rows:
        record = _record_of(table, row, bound, state)
        if record is None:
            continue
        current = state.existing.get(record.record_id, {})
        for name, header in bound.items():
            column = columns[name]
            cell = Cell(table.where(row.number, header), header)
            value = _texts(column, row.cells.get(header))
            if name == "sources":
                value = split_list(value[0]) if value else []
                summaries.append((record, value, cell))
                record.sourced = record.sourced or bool(value)
                continue
            if column.field is None or name == "id":
                _check_derived(column, value, current, cell, state, record.new)
                continue
            value = _padded(column, value, cell, state.problems)
            before = _texts(column, current.get(name))
            if value == before or (not value and not given.clear_empty):
                continue
            record.fields.append((parse_field_path(column.field), value, cell))
    return summaries


def _record_of(
    table: InputTable, row: InputRow, bound: dict[str, str], state: _State
) -> RecordChanges | None:
    """The record a laureates' row is about (an existing one, or a new one it names)."""
    id_header, name_header = bound.get("id"), bound.get("name")
    record_id = str(row.cells.get(id_header) or "").strip() if id_header else ""
    name = str(row.cells.get(name_header) or "").strip() if name_header else ""
    header = id_header or name_header or table.headers[0]
    cell = Cell(table.where(row.number, header), header)
    if not record_id and name:
        record_id = state.names.get(name.casefold()) or _slug(name)
    if not record_id:
        state.problems.append(_error(cell, _("a row with neither an id nor a name")))
        return None
    if record_id in state.records:
        state.problems.append(_error(cell, _("`{id}` has two rows").format(id=record_id)))
        return None
    if record_id in state.invalid:
        message = _("record `{id}` has errors: run `manuf validate` and fix them first").format(
            id=record_id
        )
        state.problems.append(_error(cell, message))
        return None
    new = record_id not in state.existing
    if new and not name:
        suggestion = closest(record_id, list(state.existing))
        hint = _("did you mean `{value}`?").format(value=suggestion) if suggestion else None
        message = _("no record `{id}`, and no name to create one").format(id=record_id)
        state.problems.append(_error(cell, message, hint=hint))
        return None
    if new and not re.match(ID_PATTERN, record_id):
        message = _(
            "`{id}` is not a valid id: lowercase letters, digits and single hyphens"
        ).format(id=record_id)
        state.problems.append(_error(cell, message))
        return None
    record = RecordChanges(record_id, cell, new=new, name=name)
    if new:
        record.fields.append((("id",), [record_id], cell))
    state.records[record_id] = record
    return record


def _check_derived(
    column: Column, value: list[str], current: Row, cell: Cell, state: _State, new: bool
) -> None:
    """Warn of an edited cell that is computed from the records (never applied)."""
    if new or value == _texts(column, current.get(column.name)) or column.name == "id":
        return
    message = _(
        "`{column}` is computed from the records ({description}): "
        "the edit of this cell is not applied"
    ).format(column=column.name, description=column.description)
    state.problems.append(_warning(cell, DERIVED_CELL, message))


def _items(
    table: InputTable, spec: TableSpec, bound: dict[str, str], state: _State, given: ImportInput
) -> None:
    """The rows of a table of lines (funding, sources, carriers) or of incubation modules."""
    columns = [c for c in spec.columns if c.field and c.name in bound]
    current = {_key(row, spec): row for row in state.current[spec.name]}
    keyed = []
    for row in table.rows:
        record_header = bound.get("laureate_id", table.headers[0])
        record_id = str(row.cells.get(record_header) or "").strip()
        record_cell = Cell(table.where(row.number, record_header), record_header)
        record = state.records.get(record_id) or _existing(record_id, record_cell, state)
        if record is None:
            continue
        key_header = bound.get(spec.primary_key[1], record_header)
        key_cell = Cell(table.where(row.number, key_header), key_header)
        raw = row.cells.get(key_header)
        key: int | str = str(raw or "").strip()
        if spec.name != "incubation":
            text = _number_text(raw, integer=True) if raw is not None else ""
            if not text.isdigit():
                state.problems.append(
                    _error(key_cell, _("`{text}` is not a line number (1, 2…)").format(text=text))
                )
                continue
            key = int(text)
        keyed.append((record, key, key_cell, row))
    # Lines in order (a new line follows the last), by number: line 10 after line 9.
    keyed.sort(key=lambda k: (k[0].record_id, k[1] if isinstance(k[1], int) else 0, str(k[1])))
    for record, key, key_cell, row in keyed:
        before = current.get((record.record_id, key))
        if spec.name == "incubation":
            _module(record, str(key), columns, before, row, table, bound, state)
            continue
        if before is None and not _next_line(record, spec.name, int(key), key_cell, state):
            continue
        prefix = next(iter(columns)).field if columns else None
        attribute = (prefix or "").split("[]", 1)[0]
        if spec.name == "sources":
            record.sourced = True
        for column in columns:
            cell = Cell(table.where(row.number, bound[column.name]), bound[column.name])
            value = _padded(column, _texts(column, row.cells.get(bound[column.name])), cell,
                            state.problems)  # fmt: skip
            old = _texts(column, before.get(column.name)) if before else []
            if value == old or (not value and (before is None or not given.clear_empty)):
                continue
            sub = (column.field or "").split("[].", 1)[1]
            record.fields.append(((attribute, int(key) - 1, sub), value, cell))
            if sub == "url":
                state.urls[record.record_id].update(value)


def _key(row: Row, spec: TableSpec) -> tuple[str, Any]:
    return row["laureate_id"], row[spec.primary_key[1]]


def _existing(record_id: str, cell: Cell, state: _State) -> RecordChanges | None:
    """The changes of an existing record the laureates table did not name."""
    if record_id not in state.existing:
        suggestion = closest(record_id, list(state.existing))
        hint = _("did you mean `{value}`?").format(value=suggestion) if suggestion else None
        state.problems.append(_error(cell, _("no record `{id}`").format(id=record_id), hint=hint))
        return None
    record = RecordChanges(record_id, cell)
    state.records[record_id] = record
    return record


def _next_line(record: RecordChanges, table: str, line: int, cell: Cell, state: _State) -> bool:
    """Whether `line` is the next line of its record (a new one), counted if so."""
    count = state.lines[record.record_id, table]
    if line != count + 1:
        message = _("line {line}: `{id}` has {count} line(s) in {table}").format(
            line=line, id=record.record_id, count=count, table=table
        )
        hint = _("a new line is line {next}").format(next=count + 1)
        state.problems.append(_error(cell, message, hint=hint))
        return False
    state.lines[record.record_id, table] = line
    return True


def _module(
    record: RecordChanges,
    module: str,
    columns: list[Column],
    before: Row | None,
    row: InputRow,
    table: InputTable,
    bound: dict[str, str],
    state: _State,
) -> None:
    """An incubation row: the module's status (and completion date) if it differs."""
    values: dict[str, list[str]] = {}
    cells: dict[str, Cell] = {}
    for column in columns:
        header = bound[column.name]
        cells[column.name] = Cell(table.where(row.number, header), header)
        values[column.name] = _texts(column, row.cells.get(header))
    old = {c.name: _texts(c, before.get(c.name)) for c in columns} if before else {}
    if values == old or not values.get("status"):
        return
    cell = cells["status"]
    status_text = values["status"][0]
    try:
        status = ModuleStatus(status_text)
    except ValueError:
        known = ", ".join(s.value for s in ModuleStatus)
        state.problems.append(
            _error(cell, _("unknown status `{status}`").format(status=status_text), hint=known)
        )
        return
    completed = values.get("completed_on") or []
    if record.new:
        record.fields.append((("incubation", module, "status"), [status.value], cell))
        if completed:
            record.fields.append((("incubation", module, "completed_on"), completed, cell))
        return
    try:
        on = date.fromisoformat(completed[0]) if completed else None
    except ValueError:
        state.problems.append(
            _error(cells["completed_on"], _("`{text}` is not a date").format(text=completed[0]))
        )
        return
    record.modules.append((module, status, on, cell))


def _add_sources(record: RecordChanges, urls: list[str], cell: Cell, state: _State) -> None:
    """Append the addresses `record` does not cite yet as new sources."""
    for url in urls:
        if url in state.urls[record.record_id]:
            continue
        line = state.lines[record.record_id, "sources"]
        record.fields.append((("sources", line, "url"), [url], cell))
        state.lines[record.record_id, "sources"] = line + 1
        state.urls[record.record_id].add(url)
