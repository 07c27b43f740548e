"""Find a registry, read its files, validate them: a `Registry` plus every diagnostic found."""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError

from manufactures.diagnostics import Diagnostic, Severity, ValidationReport
from manufactures.errors_map import diagnostics_from_validation_error
from manufactures.models import Laureate, ModulesFile, Programme
from manufactures.vocabulary import Vocabulary
from manufactures.yamlio import (
    MAX_FILE_BYTES,
    YamlProblem,
    compose,
    decode_record_bytes,
    locate,
    parse_record_text,
)

__all__ = [
    "LoadedRecord",
    "Registry",
    "RegistryError",
    "display_path",
    "find_registry",
    "load_registry",
]

ModelT = TypeVar("ModelT", bound=BaseModel)
RECORDS_FOLDER = "laureates"
RECORD_SUFFIX = ".yaml"


class RegistryError(Exception):
    """The registry cannot be used at all: missing folder, missing or unreadable core file."""


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

    @property
    def laureates(self) -> tuple[Laureate, ...]:
        """The valid records, in file name order."""
        return tuple(r.laureate for r in self.records if r.laureate is not None)


def find_registry(
    explicit: Path | None = None,
    *,
    environ: Mapping[str, str] | None = None,
    cwd: Path | None = None,
) -> Path:
    """Pick the registry: `explicit`, `$MANUF_DATA`, the nearest `data/`, the packaged copy."""
    environ = os.environ if environ is None else environ
    if explicit is not None:
        return _checked_folder(explicit, "--data")
    if environ.get("MANUF_DATA"):
        return _checked_folder(Path(environ["MANUF_DATA"]), "$MANUF_DATA")
    start = (cwd or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        if (folder / "data" / "modules.yaml").is_file():
            return folder / "data"
    return _embedded_registry()


def _checked_folder(path: Path, origin: str) -> Path:
    if not path.exists():
        raise RegistryError(f"registry folder {path} (from {origin}) does not exist")
    if not path.is_dir():
        raise RegistryError(f"registry {path} (from {origin}) is not a folder")
    return path


def _embedded_registry() -> Path:
    package = Path(__file__).resolve().parent
    # A wheel ships the registry inside the package; an editable install finds the checkout's.
    for candidate in (package / "_registry", package.parents[1] / "data"):
        if (candidate / "modules.yaml").is_file():
            return candidate
    raise RegistryError("no registry found: pass --data DIR or set MANUF_DATA")


def load_registry(
    root: Path, *, only: Iterable[Path] | None = None
) -> tuple[Registry, ValidationReport]:
    """Read and validate every file of the registry at `root`.

    Diagnostics are collected for every file; `only` limits the reported file-level diagnostics
    to those files while whole-registry checks still see every record.
    """
    report = ValidationReport(registry=str(root))
    programme = _load_core_file(root, "programme.yaml", Programme, report)
    modules = _load_core_file(root, "modules.yaml", ModulesFile, report)
    vocabulary = _vocabulary(programme, modules)
    paths = _record_paths(root, report)
    # Files named on the command line are checked even when they lie outside the registry.
    known = {path.resolve() for path in paths}
    paths += [
        Path(p)
        for p in only or ()
        if Path(p).resolve() not in known and Path(p).suffix == RECORD_SUFFIX
    ]
    raws = [_load_record(path, root, vocabulary, report) for path in paths]
    report.extend(_registry_checks(raws))
    report.files_checked = len(paths) + 2
    if only is not None:
        report.files_checked = _keep_only(report, only)
    registry = Registry(
        root=root,
        programme=programme or _placeholder(Programme),
        modules=modules or _placeholder(ModulesFile),
        vocabulary=vocabulary or Vocabulary({}, {}, {}, {}),
        records=tuple(LoadedRecord(raw.path, raw.file, raw.laureate) for raw in raws),
    )
    return registry, report


def _placeholder(model: type[ModelT]) -> ModelT:
    # Only reached when the core file had errors: those are in the report, which fails the run.
    return model.model_construct()


def display_path(path: Path) -> str:
    """How a file is named in diagnostics: relative to the current folder when inside it."""
    absolute = path.absolute()
    try:
        shown = absolute.relative_to(Path.cwd()).as_posix()
    except ValueError:
        shown = str(absolute)
    return printable(shown)


def printable(name: str) -> str:
    """A file name need not be UTF-8 on Linux: show undecodable bytes as U+FFFD, so that every
    output, JSON included, stays valid UTF-8."""
    return name.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def _load_core_file(
    root: Path, name: str, model: type[ModelT], report: ValidationReport
) -> ModelT | None:
    path = root / name
    if not path.is_file():
        raise RegistryError(f"{root} is not a registry: it has no {name}")
    value, text = _read_yaml(path, report, root)
    if value is None:
        return None
    try:
        return model.model_validate(value)
    except ValidationError as error:
        report.extend(
            diagnostics_from_validation_error(
                error, model=model, text=text, file=display_path(path)
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


def _record_paths(root: Path, report: ValidationReport) -> list[Path]:
    folder = root / RECORDS_FOLDER
    if not folder.is_dir():
        raise RegistryError(f"{root} is not a registry: it has no {RECORDS_FOLDER}/ folder")
    paths = []
    for path in sorted(folder.iterdir()):
        if path.name.startswith("."):
            continue
        if path.suffix == RECORD_SUFFIX:
            paths.append(path)
        else:
            report.add(
                _file_diagnostic(
                    Severity.WARNING,
                    "file-ignored",
                    f"not a record file (records end in {RECORD_SUFFIX}): ignored",
                    display_path(path),
                )
            )
    return paths


def _read_yaml(path: Path, report: ValidationReport, root: Path) -> tuple[Any, str]:
    """Read and parse one file; a problem becomes a diagnostic and the value None."""
    file = display_path(path)
    refusal = _entry_problem(path, root)
    if refusal is not None:
        report.add(_file_diagnostic(Severity.ERROR, *refusal, file))
        return None, ""
    try:
        with path.open("rb") as stream:
            raw = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        report.add(
            _file_diagnostic(
                Severity.ERROR, "file-unreadable", f"cannot read the file: {error.strerror}", file
            )
        )
        return None, ""
    if len(raw) > MAX_FILE_BYTES:
        report.add(_file_diagnostic(Severity.ERROR, *_too_large(), file))
        return None, ""
    try:
        text = decode_record_bytes(raw)
        value = parse_record_text(text)
    except YamlProblem as problem:
        report.add(
            Diagnostic(
                Severity.ERROR,
                problem.code,
                problem.message,
                file,
                problem.line,
                problem.column,
                hint=problem.hint,
            )
        )
        return None, ""
    if value is None:
        report.add(
            _file_diagnostic(
                Severity.ERROR, "empty-document", "the file holds no data (empty or null)", file
            )
        )
    elif not isinstance(value, dict):
        kind = "a list" if isinstance(value, list) else "a single value"
        report.add(
            _file_diagnostic(
                Severity.ERROR,
                "not-a-mapping",
                f"the document is {kind}; a record is a mapping of keys to values",
                file,
                hint="start the file with `id: …` at the beginning of a line",
            )
        )
        value = None
    return value, text


def _entry_problem(path: Path, root: Path) -> tuple[str, str] | None:
    """Why a directory entry cannot be read as a record, checked before opening it."""
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root.resolve()):
            return (
                "symlink-outside",
                f"a symbolic link to {target}, outside the registry: not followed",
            )
    if not path.exists():
        return "file-unreadable", "a symbolic link to a file that does not exist"
    if not path.is_file():
        kind = "a folder" if path.is_dir() else "not a regular file"
        return "not-a-file", f"{kind}, named like a record"
    if path.stat().st_size > MAX_FILE_BYTES:
        return _too_large()
    return None


def _too_large() -> tuple[str, str]:
    return (
        "file-too-large",
        f"larger than {MAX_FILE_BYTES // 1024} KiB, the limit for a record: not read",
    )


def _file_diagnostic(
    severity: Severity, code: str, message: str, file: str, *, hint: str | None = None
) -> Diagnostic:
    return Diagnostic(severity, code, message, file, hint=hint)


@dataclass(slots=True)
class _RawRecord:
    """What the registry checks need of a record, even an invalid one."""

    path: Path
    file: str
    raw_id: str | None
    text: str
    laureate: Laureate | None


def _load_record(
    path: Path, root: Path, vocabulary: Vocabulary | None, report: ValidationReport
) -> _RawRecord:
    file = display_path(path)
    value, text = _read_yaml(path, report, root)
    laureate = None
    if value is not None:
        try:
            laureate = Laureate.model_validate(value, context={"vocabulary": vocabulary})
        except ValidationError as error:
            report.extend(
                diagnostics_from_validation_error(error, model=Laureate, text=text, file=file)
            )
    raw_id = (
        value.get("id") if isinstance(value, dict) and isinstance(value.get("id"), str) else None
    )
    return _RawRecord(path, file, raw_id, text, laureate)


def _registry_checks(raws: Sequence[_RawRecord]) -> list[Diagnostic]:
    return [*_id_matches_stem(raws), *_unique_ids(raws)]


def _id_diagnostic(raw: _RawRecord, code: str, message: str, hint: str) -> Diagnostic:
    line, column = locate(compose(raw.text), ("id",))
    return Diagnostic(Severity.ERROR, code, message, raw.file, line, column, path="id", hint=hint)


def _id_matches_stem(raws: Iterable[_RawRecord]) -> Iterable[Diagnostic]:
    for raw in raws:
        if raw.raw_id is not None and raw.raw_id != raw.path.stem:
            yield _id_diagnostic(
                raw,
                "id-mismatch",
                f"id `{raw.raw_id}` differs from the file name `{printable(raw.path.name)}`",
                f"rename the file to `{raw.raw_id}{RECORD_SUFFIX}`"
                f" or set `id: {printable(raw.path.stem)}`",
            )


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
                f"id `{record_id}` is also used by {others}",
                "every record needs its own id",
            )


def _keep_only(report: ValidationReport, only: Iterable[Path]) -> int:
    """Keep the diagnostics of the `only` files; return how many files that is."""
    wanted = {display_path(path) for path in only}
    report.diagnostics = [d for d in report.diagnostics if d.file in wanted]
    return len(wanted)
