"""Which diagnostics a validation run reports: the files in scope, the codes selected.

`changed_scope` is what `manuf validate --changed-since REV` checks: the records changed since a
git revision, or everything when the rules themselves may have changed (programme.yaml,
modules.yaml, the tool's own code or the files that pin its version). `narrow` then keeps the
diagnostics of the files in scope plus those of the vocabulary files, where whole-registry checks
report, so a pull request is judged on what it touched and on the registry as a whole.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from pathlib import Path

from manufactures.i18n import _
from manufactures.revisions import changed_paths
from manufactures.validation.diagnostics import ValidationReport
from manufactures.validation.files import RECORD_SUFFIX, RECORDS_FOLDER, display_path

__all__ = ["CORE_FILES", "Scope", "changed_scope", "narrow"]

CORE_FILES = ("programme.yaml", "modules.yaml")
# Files that may pin the version of `manuf` in a registry's repository.
_VERSION_PINS = ("pyproject.toml", ".pre-commit-config.yaml", "requirements")


@dataclass(frozen=True, slots=True)
class Scope:
    """The record files to report on (None: every file), and why, for the run's stderr note."""

    records: tuple[Path, ...] | None
    reason: str


def changed_scope(root: Path, revision: str) -> Scope:
    """The records of the registry at `root` changed since `revision` (or every file, and why)."""
    changed = changed_paths(revision, root)
    resolved = {path.resolve() for path in changed}
    core = [name for name in CORE_FILES if (root / name).resolve() in resolved]
    if core:
        said = _("{files} changed since {revision}: every record is checked")
        return Scope(None, said.format(files=", ".join(core), revision=revision))
    if any(_is_tool_file(path) for path in changed):
        said = _("manuf or its pinned version changed since {revision}: every record")
        return Scope(None, said.format(revision=revision))
    folder = (root / RECORDS_FOLDER).resolve()
    records = tuple(
        path
        for path in changed
        if path.suffix == RECORD_SUFFIX and path.parent.resolve() == folder and path.exists()
    )
    said = _("{count} record file(s) changed since {revision}")
    return Scope(records, said.format(count=len(records), revision=revision))


def _is_tool_file(path: Path) -> bool:
    package = Path(__file__).resolve().parents[1]  # the installed manufactures package
    return path.resolve().is_relative_to(package) or path.name.startswith(_VERSION_PINS)


def narrow(
    report: ValidationReport,
    *,
    root: Path,
    records: Iterable[Path] | None = None,
    select: Collection[str] = (),
    ignore: Collection[str] = (),
) -> None:
    """Keep, in place, the diagnostics of `records` and of the vocabulary files, with the codes
    of `select` (all when empty) and not of `ignore`."""
    if records is not None:
        files = {display_path(path) for path in records}
        core = {display_path(root / name) for name in CORE_FILES}
        report.diagnostics = [d for d in report.diagnostics if d.file in files | core]
        report.files_checked = len(files) + len(core)
    report.diagnostics = [
        d for d in report.diagnostics if (not select or d.code in select) and d.code not in ignore
    ]
