"""Applying many record changes at once, all or nothing (`manuf import`).

A spreadsheet brought back becomes, per record, a list of field edits (`RecordChanges`), each
remembering the cell it came from. They go through the edit path of `manuf set` and `manuf new`
(`planned_edit`, `new_record_text`: comments, key order and quoting kept, the canonical form, the
record validated as `manuf validate` would), but nothing is written until every record has
passed: one row in error and no file changes. A diagnostic is given back at the cell that caused
it (`laureats.xlsx:Lauréats!H17`), the field path beside it.

Every new fact cites a source: a record created or changed by an import must have one in the
input (its `sources` cell, rows of the `sources` table, or `--source`), else `import-no-source`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from manufactures.editing.edits import (
    Edit,
    EditError,
    EditRejected,
    atomic_write,
    new_record_text,
    planned_edit,
    record_path,
    registry_lock,
    set_field,
    set_module_status,
    write_new_record,
)
from manufactures.i18n import _
from manufactures.models import ModuleStatus
from manufactures.registry import Registry
from manufactures.validation.diagnostics import Diagnostic, Severity, format_path

__all__ = [
    "CODE_PADDED",
    "DERIVED_CELL",
    "NO_SOURCE",
    "ROW_PROBLEM",
    "UNKNOWN_COLUMN",
    "Cell",
    "ImportPlan",
    "Located",
    "RecordChanges",
    "apply_plan",
    "plan_changes",
]

# The import's own diagnostics (the others are `manuf validate`'s).
ROW_PROBLEM = "import-row"
NO_SOURCE = "import-no-source"
CODE_PADDED = "import-code-padded"
DERIVED_CELL = "import-derived-cell"
UNKNOWN_COLUMN = "import-unknown-column"

FieldPath = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Cell:
    """Where a value was read: `laureats.xlsx:Lauréats!H17` and the column's header."""

    where: str
    header: str


@dataclass(frozen=True, slots=True)
class Located:
    """A diagnostic at the cell of the input that caused it."""

    cell: Cell
    diagnostic: Diagnostic


@dataclass(slots=True)
class RecordChanges:
    """What the input says of one record: fields to set (path, values, the cell), modules'
    statuses to record, whether it is new, and whether the input gives a source for it."""

    record_id: str
    row: Cell
    """The record's row (its id cell): where a problem no single cell caused is shown."""
    new: bool = False
    name: str = ""
    fields: list[tuple[FieldPath, list[str], Cell]] = field(default_factory=list)
    modules: list[tuple[str, ModuleStatus, date | None, Cell]] = field(default_factory=list)
    sourced: bool = False

    @property
    def empty(self) -> bool:
        """Whether nothing would change."""
        return not (self.new or self.fields or self.modules)


@dataclass(frozen=True, slots=True)
class ImportPlan:
    """The files an import would write (before, after), or the problems that stop it."""

    edits: tuple[tuple[Edit, bytes], ...]
    """Each changed record's edit and the bytes its file held when it was read."""
    created: tuple[tuple[Path, str, str], ...]
    """Each new record's file, id and text."""
    problems: tuple[Located, ...]

    @property
    def errors(self) -> list[Located]:
        """The problems that stop the import."""
        return [p for p in self.problems if p.diagnostic.severity is Severity.ERROR]


def plan_changes(registry: Registry, changes: Sequence[RecordChanges]) -> ImportPlan:
    """Check every record's changes as its edit would be checked; write nothing."""
    edits: list[tuple[Edit, bytes]] = []
    created: list[tuple[Path, str, str]] = []
    problems: list[Located] = []
    order = list(registry.vocabulary.modules)
    for record in changes:
        if record.empty:
            continue
        if not record.sourced:
            problems.append(_no_source(record))
            continue
        try:
            if record.new:
                header = [f"{record.name} — manufacture de proximité"]
                fields = [(path, values) for path, values, _cell in record.fields]
                path, text = new_record_text(registry, record.record_id, fields, header=header)
                created.append((path, record.record_id, text))
            else:
                path = record_path(registry.root, record.record_id)
                raw = path.read_bytes()
                edit = planned_edit(registry, path, raw, _applier(record, order))
                if edit.changed:
                    edits.append((edit, raw))
        except EditRejected as rejection:
            problems += [_located(record, d) for d in rejection.diagnostics]
        except EditError as error:
            problems.append(Located(record.row, _diagnostic(ROW_PROBLEM, str(error))))
    return ImportPlan(tuple(edits), tuple(created), tuple(problems))


def _applier(record: RecordChanges, order: list[str]) -> Any:
    def change(document: Any) -> None:
        for path, values, _cell in record.fields:
            set_field(document, path, values, module_order=order)
        for module, status, completed_on, _cell in record.modules:
            set_module_status(
                document, module, status, completed_on=completed_on, module_order=order
            )

    return change


def _no_source(record: RecordChanges) -> Located:
    message = (
        _("a new record with no source: every fact a record holds is stated by a public page")
        if record.new
        else _("changes to this record with no source: every fact a record holds is stated by a "
               "public page")
    )  # fmt: skip
    return Located(
        record.row,
        _diagnostic(
            NO_SOURCE,
            message,
            hint=_("give the row a `sources` cell, rows in the `sources` table, or --source URL"),
            path="sources",
        ),
    )


def _diagnostic(code: str, message: str, *, hint: str | None = None, path: str = "") -> Diagnostic:
    return Diagnostic(Severity.ERROR, code, message, "", path=path, hint=hint)


def _located(record: RecordChanges, diagnostic: Diagnostic) -> Located:
    """`diagnostic` at the cell that set its field (or a field above it), else at the row."""
    cells = {format_path(path): cell for path, _values, cell in record.fields}
    cells.update({f"incubation.{module}": cell for module, _status, _done, cell in record.modules})
    path = diagnostic.path
    while path:
        if path in cells:
            return Located(cells[path], diagnostic)
        path = path[: max(path.rfind("."), path.rfind("["), 0)]
    return Located(record.row, diagnostic)


def apply_plan(registry: Registry, plan: ImportPlan) -> list[Path]:
    """Write every file of `plan`, or none: under the registry's lock, each file is first checked
    to hold what it held when planned (and no new record to exist yet); the files written."""
    if plan.errors:
        raise EditError(_("the import has errors: nothing was written"))
    with registry_lock(registry.root):
        for edit, raw in plan.edits:
            if edit.path.read_bytes() != raw:
                raise EditError(
                    _("{file} changed since it was read: nothing was written").format(
                        file=edit.path.name
                    )
                )
        for path, record_id, _text in plan.created:
            if path.exists():
                raise EditError(
                    _(
                        "{file} was created since the import was planned: nothing was written "
                        "(edit it with `manuf set {id} …`)"
                    ).format(file=path.name, id=record_id)
                )
        for edit, raw in plan.edits:
            atomic_write(edit.path, edit.after, expected=raw)
        for path, record_id, text in plan.created:
            write_new_record(path, record_id, text)
    return [*(edit.path for edit, _raw in plan.edits), *(path for path, _id, _text in plan.created)]
