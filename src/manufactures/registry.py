"""Find a registry, read its files, validate them: a `Registry` plus every diagnostic found."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from manufactures.discovery import find_registry
from manufactures.errors import RegistryError
from manufactures.i18n import _
from manufactures.models import Laureate, ModulesFile, Programme, scalar_kinds
from manufactures.validation.checks import locate_findings
from manufactures.validation.checks.dates import DateBounds, date_findings
from manufactures.validation.checks.programme import programme_findings
from manufactures.validation.checks.referentials import (
    partial_referential_findings,
    referential_findings,
)
from manufactures.validation.checks.yaml_types import ambiguity_findings
from manufactures.validation.diagnostics import Diagnostic, Severity, ValidationReport
from manufactures.validation.files import (
    RECORD_SUFFIX,
    RECORDS_FOLDER,
    Entry,
    FileRead,
    display_path,
    printable,
    read_all,
    read_file,
    read_text,
    scan_folder,
    text_of,
)
from manufactures.validation.pydantic_errors import diagnostics_from_validation_error
from manufactures.vocabulary import Vocabulary
from manufactures.yaml.reader import compose, locate

__all__ = [
    "RECORDS_FOLDER",
    "RECORD_SUFFIX",
    "LoadedRecord",
    "Registry",
    "RegistryError",
    "check_record_text",
    "display_path",
    "find_registry",
    "load_registry",
    "load_vocabulary",
    "programme_diagnostics",
]

ModelT = TypeVar("ModelT", bound=BaseModel)
_NO_VOCABULARY = Vocabulary({}, {}, {}, {})


@dataclass(frozen=True, slots=True)
class LoadedRecord:
    """A record file and, when it passed validation, its model."""

    path: Path
    file: str
    laureate: Laureate | None


@dataclass(frozen=True, slots=True)
class Registry:
    """A loaded registry: programme facts, modules and the records that passed validation."""

    root: Path
    programme: Programme
    modules: ModulesFile
    vocabulary: Vocabulary
    records: tuple[LoadedRecord, ...]
    core_files_valid: bool
    """Whether programme.yaml and modules.yaml were read and validated (if not, `programme`,
    `modules` and `vocabulary` are empty stand-ins and no record can be checked against them)."""

    @property
    def laureates(self) -> tuple[Laureate, ...]:
        """The valid records, in file name order."""
        return tuple(r.laureate for r in self.records if r.laureate is not None)


def load_registry(
    root: Path, *, only: Iterable[Path] | None = None, today: date | None = None
) -> tuple[Registry, ValidationReport]:
    """Read and validate every file of the registry at `root`.

    Diagnostics are collected for every file; `only` limits the reported file-level diagnostics
    to those files while whole-registry checks still see every record. Dates are checked against
    `today` (default: the system's date).
    """
    report = ValidationReport(registry=str(root))
    programme = _load_core_file(root, "programme.yaml", Programme, report)
    modules = _load_core_file(root, "modules.yaml", ModulesFile, report)
    vocabulary = _vocabulary(programme, modules)
    bounds = DateBounds.of(programme, today=today)
    entries = _record_entries(root, report) + _named_outside(root, only)
    raws = [
        _validate_record(entry, read, vocabulary, bounds, report)
        for entry, read in zip(entries, read_all(entries, scalar_kinds()), strict=True)
    ]
    report.extend(_registry_checks(raws))
    report.extend(_programme_checks(root, programme, raws))
    report.files_checked = len(entries) + 2
    if only is not None:
        report.files_checked = _keep_only(report, only)
    registry = Registry(
        root=root,
        programme=programme or _placeholder(Programme),
        modules=modules or _placeholder(ModulesFile),
        vocabulary=vocabulary or _NO_VOCABULARY,
        records=tuple(LoadedRecord(raw.path, raw.file, raw.laureate) for raw in raws),
        core_files_valid=vocabulary is not None,
    )
    return registry, report


def load_vocabulary(root: Path) -> Vocabulary:
    """The vocabulary `load_registry(root)` gives, from the two core files alone (no record is
    read): empty when either has errors. Raises `RegistryError` as `load_registry` does."""
    report = ValidationReport(registry=str(root))
    programme = _load_core_file(root, "programme.yaml", Programme, report)
    modules = _load_core_file(root, "modules.yaml", ModulesFile, report)
    _records_folder(root)
    return _vocabulary(programme, modules) or _NO_VOCABULARY


def _placeholder(model: type[ModelT]) -> ModelT:
    # Only reached when the core file had errors: those are in the report, which fails the run.
    return model.model_construct()


def _load_core_file(
    root: Path, name: str, model: type[ModelT], report: ValidationReport
) -> ModelT | None:
    path = root / name
    if not path.is_file():
        said = _("{root} is not a registry: it has no {name}")
        raise RegistryError(said.format(root=root, name=name))
    entry = Entry(path, display_path(path))
    read = read_file(entry)
    report.extend(read.diagnostics)
    if read.value is None:
        return None
    try:
        return model.model_validate(read.value)
    except ValidationError as error:
        report.extend(
            diagnostics_from_validation_error(
                error, model=model, text=text_of(entry, read), file=entry.file
            )
        )
        return None


def _vocabulary(programme: Programme | None, modules: ModulesFile | None) -> Vocabulary | None:
    if programme is None or modules is None:
        return None
    return Vocabulary(
        waves={wave.number: wave.label for wave in programme.waves},
        territories={key: t.label for key, t in programme.territories.items()},
        sectors={key: s.label for key, s in programme.sectors.items()},
        modules={m.id: m.label for m in modules.modules},
    )


def _records_folder(root: Path) -> Path:
    folder = root / RECORDS_FOLDER
    if not folder.is_dir():
        said = _("{root} is not a registry: it has no {name}")
        raise RegistryError(said.format(root=root, name=f"{RECORDS_FOLDER}/ folder"))
    return folder


def _record_entries(root: Path, report: ValidationReport) -> list[Entry]:
    folder = _records_folder(root)
    records, others = scan_folder(
        folder, suffix=RECORD_SUFFIX, shown_as=display_path(folder), root=root
    )
    for other in others:
        report.add(
            Diagnostic(
                Severity.WARNING,
                "file-ignored",
                _("not a record file (records end in {suffix}): ignored").format(
                    suffix=RECORD_SUFFIX
                ),
                other.file,
            )
        )
    return records


def _named_outside(root: Path, only: Iterable[Path] | None) -> list[Entry]:
    """Files named on the command line that lie outside the registry: checked all the same."""
    if not only:
        return []
    folder = (root / RECORDS_FOLDER).resolve()
    return [
        Entry(Path(path), display_path(Path(path)))
        for path in only
        if Path(path).suffix == RECORD_SUFFIX and Path(path).resolve().parent != folder
    ]


@dataclass(slots=True)
class _RawRecord:
    """What the registry checks need of a record, even an invalid one."""

    entry: Entry
    read: FileRead
    """The file as read, without its parsed value (dropped once validated)."""
    raw_id: str | None
    laureate: Laureate | None

    @property
    def path(self) -> Path:
        """The record file."""
        return self.entry.path

    @property
    def file(self) -> str:
        """How diagnostics name the file."""
        return self.entry.file

    @property
    def text(self) -> str:
        """The file's text (read again if the read came from the cache)."""
        return text_of(self.entry, self.read)


def _validate_record(
    entry: Entry,
    read: FileRead,
    vocabulary: Vocabulary | None,
    bounds: DateBounds,
    report: ValidationReport,
) -> _RawRecord:
    diagnostics, raw = _checked_record(entry, read, vocabulary, bounds)
    report.extend(diagnostics)
    return raw


def _checked_record(
    entry: Entry, read: FileRead, vocabulary: Vocabulary | None, bounds: DateBounds
) -> tuple[list[Diagnostic], _RawRecord]:
    diagnostics = list(read.diagnostics)
    value, laureate = read.value, None
    invalid: list[tuple[str | int, ...]] = []
    if value is not None:
        try:
            laureate = Laureate.model_validate(value, context={"vocabulary": vocabulary})
        except ValidationError as error:
            text = text_of(entry, read)
            diagnostics.extend(
                diagnostics_from_validation_error(error, model=Laureate, text=text, file=entry.file)
            )
            # Every problem in one run: the parts that validated are checked all the same.
            invalid += [tuple(problem["loc"]) for problem in error.errors()]
            partial = partial_referential_findings(value, invalid)
            diagnostics.extend(locate_findings(partial, file=entry.file, text=text))
    if read.ambiguous:
        findings = ambiguity_findings(read.ambiguous, invalid)
        diagnostics.extend(locate_findings(findings, file=entry.file, text=text_of(entry, read)))
    raw_id = value.get("id") if value is not None and isinstance(value.get("id"), str) else None
    raw = _RawRecord(entry, FileRead(None, read.text), raw_id, laureate)
    if laureate is not None:
        diagnostics.extend(_record_diagnostics(raw, laureate, bounds))
    return diagnostics, raw


def check_record_text(registry: Registry, path: Path, text: str) -> list[Diagnostic]:
    """Every diagnostic `manuf validate` would give the record at `path` if it held `text`.

    The record is checked like any other, including against every other record of `registry`
    (unique ids, the figures the programme announced); used to validate an edit before it is
    written.
    """
    entry = Entry(path, display_path(path))
    report = ValidationReport(registry=str(registry.root))
    bounds = DateBounds.of(registry.programme if registry.core_files_valid else None)
    read = read_text(entry, text, scalar_kinds())
    candidate = _validate_record(entry, read, registry.vocabulary, bounds, report)
    others = [_as_raw(r) for r in registry.records if r.path.resolve() != path.resolve()]
    report.extend(d for d in _registry_checks([candidate, *others]) if d.file == entry.file)
    report.extend(_programme_checks(registry.root, registry.programme, [candidate, *others]))
    return report.diagnostics


def programme_diagnostics(registry: Registry) -> list[Diagnostic]:
    """The registry's records, as they are, against the figures `programme.yaml` announces."""
    raws = [_as_raw(r) for r in registry.records]
    return _programme_checks(registry.root, registry.programme, raws)


def _as_raw(record: LoadedRecord) -> _RawRecord:
    """A loaded record as the registry checks see it (its text read again only if needed)."""
    laureate = record.laureate
    raw_id = laureate.id if laureate is not None else None
    return _RawRecord(Entry(record.path, record.file), FileRead(None, None), raw_id, laureate)


def _registry_checks(raws: Sequence[_RawRecord]) -> list[Diagnostic]:
    return [*_id_matches_stem(raws), *_unique_ids(raws)]


def _record_diagnostics(
    raw: _RawRecord, laureate: Laureate, bounds: DateBounds
) -> list[Diagnostic]:
    """A valid record against the COG and the other official references, and its dates."""
    findings = [*referential_findings(laureate), *date_findings(laureate, bounds)]
    if not findings:  # a record's text is only needed (maybe read again) to locate a problem
        return []
    return locate_findings(findings, file=raw.file, text=raw.text)


def _programme_checks(
    root: Path, programme: Programme | None, raws: Sequence[_RawRecord]
) -> list[Diagnostic]:
    """The valid records against the figures `programme.yaml` announces."""
    laureates = [raw.laureate for raw in raws if raw.laureate is not None]
    findings = programme_findings(programme, laureates) if programme is not None else []
    if not findings:
        return []
    entry = Entry(root / "programme.yaml", display_path(root / "programme.yaml"))
    return locate_findings(findings, file=entry.file, text=text_of(entry, read_file(entry)))


def _id_diagnostic(raw: _RawRecord, code: str, message: str, hint: str) -> Diagnostic:
    line, column = locate(compose(raw.text), ("id",))
    return Diagnostic(Severity.ERROR, code, message, raw.file, line, column, path="id", hint=hint)


def _id_matches_stem(raws: Iterable[_RawRecord]) -> Iterable[Diagnostic]:
    for raw in raws:
        if raw.raw_id is not None and raw.raw_id != raw.path.stem:
            yield _id_diagnostic(
                raw,
                "id-mismatch",
                _("id `{id}` differs from the file name `{file}`").format(
                    id=_tabs_shown(raw.raw_id), file=_tabs_shown(printable(raw.path.name))
                ),
                _("rename the file to `{file}` or set `id: {stem}`").format(
                    file=_tabs_shown(f"{raw.raw_id}{RECORD_SUFFIX}"),
                    stem=_tabs_shown(printable(raw.path.stem)),
                ),
            )


def _tabs_shown(text: str) -> str:
    """`text` with its tabs written `\\t`: a tab in an id or a file name shows as blank space,
    and a file name to type must show it."""
    return text.replace("\t", "\\t")


def _unique_ids(raws: Iterable[_RawRecord]) -> Iterable[Diagnostic]:
    by_id: dict[str, list[_RawRecord]] = defaultdict(list)
    for raw in raws:
        if raw.raw_id is not None:
            by_id[raw.raw_id].append(raw)
    for record_id, holders in by_id.items():
        for raw in holders if len(holders) > 1 else ():
            others = ", ".join(other.file for other in holders if other is not raw)
            yield _id_diagnostic(
                raw,
                "duplicate-id",
                _("id `{id}` is also used by {others}").format(id=record_id, others=others),
                _("every record needs its own id"),
            )


def _keep_only(report: ValidationReport, only: Iterable[Path]) -> int:
    """Keep the diagnostics of the `only` files; return how many files that is."""
    wanted = {display_path(path) for path in only}
    report.diagnostics = [d for d in report.diagnostics if d.file in wanted]
    return len(wanted)
