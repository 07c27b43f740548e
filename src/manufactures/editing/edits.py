"""Editing record files in place: each edit checked, under a lock, written atomically.

Edits go through ruamel.yaml's round trip (`yaml.roundtrip`), so an edit keeps the file's
comments, key order and quoting. Only files the safe reader accepts are edited: the text is
parsed by `yaml.reader` first, so no tag, alias or duplicate key ever reaches ruamel.

Every edit follows one flow (`edit_record`): lock the registry, read the file, apply the change to
the round-trip document, dump it, validate the new text as `manuf validate` would, and write it
only when the edit adds no error. Writes are atomic (a temporary file in the same folder, fsync,
rename), so a crash leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import sys
import tempfile
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import DoubleQuotedScalarString

from manufactures.editing.canonical import is_canonical
from manufactures.editing.layout import (
    CODE_FIELDS,
    LIST_FIELDS,
    canonical_value,
    format_document,
    insert_in_order,
    key_order,
    replace,
    scalar_kind,
    styled_scalar,
    with_schema_line,
)
from manufactures.errors import EditError, ManufError
from manufactures.i18n import _
from manufactures.models import ID_PATTERN, SOURCE_PLACEHOLDER, ModuleStatus
from manufactures.registry import (
    RECORD_SUFFIX,
    RECORDS_FOLDER,
    Registry,
    check_record_text,
    display_path,
    programme_diagnostics,
)
from manufactures.validation.checks.yaml_types import CODE as TYPE_DIFFERS
from manufactures.validation.diagnostics import Diagnostic, Severity, format_path
from manufactures.validation.files import Entry, read_file
from manufactures.vocabulary import closest
from manufactures.yaml.reader import YamlProblem, decode_record_bytes, parse_record_text
from manufactures.yaml.roundtrip import dump_document, load_document

if sys.platform != "win32":
    import fcntl

__all__ = [
    "Edit",
    "EditError",
    "EditRejected",
    "atomic_write",
    "check_record_text",
    "create_record",
    "edit_record",
    "existing_record_path",
    "format_file",
    "format_record_text",
    "new_record_text",
    "parse_field_path",
    "planned_edit",
    "record_path",
    "registry_lock",
    "set_field",
    "set_module_status",
    "write_new_record",
]

_PATH_STEP = re.compile(r"^([a-z_]+)((?:\[\d+\])*)$")
PLACEHOLDER_ERROR = "source-placeholder"


class EditRejected(ManufError):
    """The edited record would be invalid: nothing was written; the diagnostics say why (exit 1)."""

    exit_code: ClassVar[int] = 1

    def __init__(self, path: Path, diagnostics: Sequence[Diagnostic]) -> None:
        said = _("{path}: the edit would make the record invalid")
        super().__init__(said.format(path=display_path(path)))
        self.path = path
        self.diagnostics = list(diagnostics)


@dataclass(frozen=True, slots=True)
class Edit:
    """What an edit did: the file, its text before and after (equal when nothing changed)."""

    path: Path
    before: str
    after: str

    @property
    def changed(self) -> bool:
        """Whether the file was rewritten."""
        return self.before != self.after


def record_path(root: Path, record_id: str) -> Path:
    """The file of record `record_id` in the registry at `root` (the id is checked first)."""
    if len(record_id) > 64 or not re.match(ID_PATTERN, record_id):
        raise EditError(
            _(
                "`{id}` is not a valid id: lowercase letters, digits and single hyphens, "
                "at most 64 characters"
            ).format(id=record_id)
        )
    return root / RECORDS_FOLDER / f"{record_id}{RECORD_SUFFIX}"


def existing_record_path(root: Path, record_id: str) -> Path:
    """The file of an existing record, or an `EditError` with the closest id as a hint."""
    path = record_path(root, record_id)
    if not path.is_file():
        stems = [p.stem for p in (root / RECORDS_FOLDER).glob(f"*{RECORD_SUFFIX}")]
        suggestion = closest(record_id, stems)
        if suggestion:
            said = _("no record `{id}` in {registry}; did you mean `{suggestion}`?")
        else:
            said = _("no record `{id}` in {registry}")
        raise EditError(
            said.format(id=record_id, registry=display_path(root), suggestion=suggestion)
        )
    return path


@contextlib.contextmanager
def registry_lock(root: Path) -> Iterator[None]:
    """Hold an exclusive lock on the registry's records folder while editing it.

    Two `manuf set` runs at once are serialised: the second reads what the first wrote. The lock
    is taken on the folder itself, so no lock file is ever left behind.
    """
    if sys.platform == "win32":  # no flock: the compare-before-replace check still guards edits
        yield
        return
    descriptor = os.open(root / RECORDS_FOLDER, os.O_RDONLY)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        yield
    finally:
        os.close(descriptor)


def atomic_write(path: Path, text: str | bytes, *, expected: bytes | None = None) -> None:
    """Replace `path` with `text` (UTF-8, LF; or bytes as they are) in one rename: never a
    half-written file.

    With `expected`, the file must still hold those bytes just before the rename, so an edit made
    meanwhile by another program (an editor saving) is not silently overwritten. Ctrl-C and
    SIGTERM are held back while the temporary file is written and renamed, and take effect once
    it is done (or undone): an interrupted edit leaves no temporary file behind.
    """
    mode = path.stat().st_mode & 0o777 if path.exists() else _default_mode()
    with _signals_held():
        # A leading dot: `load_registry` ignores the temporary file if a crash leaves it behind.
        try:
            handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - closed below, before the rename
                "wb", dir=path.parent, prefix=f".{path.name}.", suffix=".tmp", delete=False
            )
        except OSError as error:
            raise _about(error, path) from None
        temporary = Path(handle.name)
        try:
            with handle:
                handle.write(text.encode("utf-8") if isinstance(text, str) else text)
                handle.flush()
                os.fsync(handle.fileno())
            temporary.chmod(mode)
            if expected is not None and path.read_bytes() != expected:
                raise EditError(
                    _("{path} changed while it was being edited: try again").format(
                        path=display_path(path)
                    )
                )
            temporary.replace(path)
        except OSError as error:
            temporary.unlink(missing_ok=True)
            raise _about(error, path) from None
        except BaseException:
            temporary.unlink(missing_ok=True)
            raise
        _sync_folder(path.parent)


def _about(error: OSError, path: Path) -> OSError:
    """`error` said of the file being written: the temporary file it may name
    (`.polinno.yaml.wookn8uz.tmp`) means nothing to a person, and is gone already."""
    if error.filename is None or error.errno is None:
        return error
    return type(error)(error.errno, error.strerror, str(path))


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """Hold back Ctrl-C and SIGTERM (delivered when the block ends), where the system can."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    held = {signal.SIGINT, signal.SIGTERM}
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def _default_mode() -> int:
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def _sync_folder(folder: Path) -> None:
    if sys.platform == "win32":
        return
    descriptor = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _new_errors(before: Sequence[Diagnostic], after: Sequence[Diagnostic]) -> list[Diagnostic]:
    """Errors of `after` that `before` did not have: an edit may leave old problems alone."""
    known = {(d.code, d.path, d.message) for d in before if d.severity is Severity.ERROR}
    return [
        d
        for d in after
        if d.severity is Severity.ERROR and (d.code, d.path, d.message) not in known
    ]


def edit_record(registry: Registry, record_id: str, change: Callable[[Any], None]) -> Edit:
    """Apply `change` to record `record_id` and write it back if the result adds no error.

    Raises `EditRejected` (nothing written) when the new text has an error the old one had not,
    `EditError` when the record does not exist or its file cannot be parsed as YAML at all.
    """
    path = existing_record_path(registry.root, record_id)
    with registry_lock(registry.root):
        raw = path.read_bytes()
        edit = planned_edit(registry, path, raw, change)
        if edit.changed:
            atomic_write(path, edit.after, expected=raw)
    return edit


def planned_edit(registry: Registry, path: Path, raw: bytes, change: Callable[[Any], None]) -> Edit:
    """What `change` makes of the record file holding `raw`, checked but not written: the step
    of `edit_record` between reading and writing, for a caller that holds the lock and writes
    many edits at once, or none (`manuf import`).

    Raises `EditRejected` when the new text has an error the old one had not, `EditError` when
    the file cannot be parsed as YAML at all.
    """
    before = _decoded(path, raw)
    old = check_record_text(registry, path, before)
    # A file the reader refuses cannot be edited; a value other readers would type
    # differently (`yaml-type-differs`) is only a value, which the edit may well fix.
    unparsable = [
        d for d in old if d.code.startswith(("yaml-", "not-a-mapping")) and d.code != TYPE_DIFFERS
    ]
    if unparsable:
        raise EditRejected(path, unparsable)
    document = load_document(before)
    change(document)
    order = list(registry.vocabulary.modules)
    if _is_formatted(before, module_order=order):
        format_document(document, module_order=order)  # a canonical record stays canonical
    after = dump_document(document)
    rejected = _new_errors(old, check_record_text(registry, path, after))
    if rejected:
        raise EditRejected(path, rejected)
    return Edit(path, before, after)


def _decoded(path: Path, raw: bytes) -> str:
    try:
        return decode_record_bytes(raw)
    except YamlProblem as problem:
        raise EditError(f"{display_path(path)}: {problem.message}") from None


def format_record_text(text: str, *, module_order: Sequence[str] = ()) -> str:
    """The canonical form of a record's text (`manuf fmt`); comments and facts are kept."""
    document = load_document(text)
    format_document(document, module_order=module_order)
    return with_schema_line(dump_document(document))


def _is_formatted(text: str, *, module_order: Sequence[str]) -> bool:
    """Whether `text` is in `manuf fmt`'s form: proven without the round trip when it can be."""
    return is_canonical(text, module_order=module_order) or (
        format_record_text(text, module_order=module_order) == text
    )


def parse_field_path(text: str) -> tuple[str | int, ...]:
    """`location.postal_code` → `("location", "postal_code")`; `carriers[0].siret` → with 0."""
    steps: list[str | int] = []
    for part in text.split("."):
        match = _PATH_STEP.match(part)
        if not match:
            raise EditError(
                _(
                    "`{text}` is not a field path: write names joined by dots, with [n] for a "
                    "list item, e.g. `location.postal_code` or `carriers[0].siret`"
                ).format(text=text)
            )
        steps.append(match.group(1))
        steps += [int(index) for index in re.findall(r"\d+", match.group(2))]
    return tuple(steps)


def set_field(
    document: Any,
    path: tuple[str | int, ...],
    values: Sequence[str],
    *,
    module_order: Sequence[str] = (),
) -> None:
    """Set the field at `path` to `values` (one value, or the items of a list field).

    An empty `values` removes the field. Missing parent mappings are created, a list index equal
    to the list's length appends an item, and a new key goes where the canonical order puts it.
    """
    parent = _container(document, path[:-1], module_order=module_order)
    last = path[-1]
    if not values:
        _remove(parent, last)
        return
    value = _yaml_value(path, values)
    if isinstance(parent, CommentedSeq):
        assert isinstance(last, int)
        _set_item(parent, last, value)
    else:
        _set_key(parent, path, value, module_order=module_order)


def _yaml_value(path: tuple[str | int, ...], values: Sequence[str]) -> Any:
    name = path[-1]
    if name in LIST_FIELDS and len(path) == 1:
        sequence = CommentedSeq(styled_scalar(scalar_kind(path), value) for value in values)
        sequence.fa.set_block_style()
        return sequence
    if len(values) > 1:
        raise EditError(
            _("`{field}` holds one value; got {count} (quote a value that contains spaces)").format(
                field=_shown_path(path), count=len(values)
            )
        )
    value = values[0]
    if name in CODE_FIELDS:
        return DoubleQuotedScalarString(value)
    return styled_scalar(scalar_kind(path), value)  # `104` as a name is written "104"


def _shown_path(path: tuple[str | int, ...]) -> str:
    return format_path(path)


def _container(document: Any, path: tuple[str | int, ...], *, module_order: Sequence[str]) -> Any:
    """The mapping or list at `path`, creating missing mappings (and appended items) on the way."""
    node = document
    for depth, step in enumerate(path):
        following = path[depth + 1] if depth + 1 < len(path) else None
        fresh: Any = CommentedSeq() if isinstance(following, int) else CommentedMap()
        if isinstance(node, CommentedSeq) and isinstance(step, int):
            if step == len(node):
                node.append(fresh)
            node = _item(node, step, path[: depth + 1])
        elif isinstance(node, CommentedMap) and isinstance(step, str):
            if node.get(step) is None:
                _set_key(node, path[: depth + 1], fresh, module_order=module_order)
            node = node[step]
        else:
            said = _("`{field}` is not a group of fields")
            raise EditError(said.format(field=_shown_path(path[: depth + 1])))
        if not isinstance(node, CommentedMap | CommentedSeq):
            said = _("`{field}` holds a value, not fields")
            raise EditError(said.format(field=_shown_path(path[: depth + 1])))
    return node


def _item(sequence: CommentedSeq, index: int, path: tuple[str | int, ...]) -> Any:
    if index >= len(sequence):
        raise EditError(
            _("`{field}`: the list has {count} item(s); use [{count}] to add one").format(
                field=_shown_path(path), count=len(sequence)
            )
        )
    return sequence[index]


def _set_item(sequence: CommentedSeq, index: int, value: Any) -> None:
    if index == len(sequence):
        sequence.append(value)
    elif index < len(sequence):
        sequence[index] = value
    else:
        said = _("the list has {count} item(s); use [{count}] to add one")
        raise EditError(said.format(count=len(sequence)))


def _set_key(
    mapping: CommentedMap, path: tuple[str | int, ...], value: Any, *, module_order: Sequence[str]
) -> None:
    key = path[-1]
    assert isinstance(key, str)
    if key in mapping:
        if mapping[key] == SOURCE_PLACEHOLDER:
            mapping.ca.items.pop(key, None)  # the placeholder's explanation goes with it
        if scalar_kind(path) in (None, "text"):
            mapping[key] = _same_quoting(mapping[key], value)
        else:
            replace(mapping, key, value)  # a number or a date is plain, whatever it was
        return
    insert_in_order(mapping, key, value, key_order(path[:-1], module_order=module_order))


def _same_quoting(old: Any, new: Any) -> Any:
    """A new string keeps the old value's quote style (a code keeps its double quotes anyway)."""
    if type(new) is str and type(old) is not str and isinstance(old, str):
        return type(old)(new)
    return new


def _remove(parent: Any, last: str | int) -> None:
    present = last < len(parent) if isinstance(last, int) else last in parent
    if present:
        del parent[last]


def set_module_status(
    document: Any,
    module: str,
    status: ModuleStatus,
    *,
    completed_on: date | None = None,
    module_order: Sequence[str] = (),
) -> None:
    """Record incubation `module` as `status`; `done` may carry the date it was completed."""
    if completed_on is not None and status is not ModuleStatus.DONE:
        raise EditError(_("a completion date (--on) goes with the status `done` only"))
    incubation = _container(document, ("incubation",), module_order=module_order)
    existing = incubation.get(module)
    if isinstance(existing, CommentedMap) and completed_on is None and status is ModuleStatus.DONE:
        existing["status"] = str(status)  # already done: keep its recorded completion date
        return
    value: Any = str(status)
    if completed_on is not None:
        value = CommentedMap([("status", str(status)), ("completed_on", completed_on.isoformat())])
    if module in incubation:
        incubation[module] = value
    else:
        insert_in_order(incubation, module, value, module_order)


def create_record(
    registry: Registry,
    record_id: str,
    fields: Sequence[tuple[tuple[str | int, ...], Sequence[str]]],
    *,
    header: Sequence[str],
) -> Path:
    """Write a new record holding `fields` (path, values; in canonical order) under `header`.

    Raises `EditError` if the record exists, `EditRejected` if the record would have any error
    other than the placeholder source a new record starts with.
    """
    path, text = new_record_text(registry, record_id, fields, header=header)
    with registry_lock(registry.root):
        write_new_record(path, record_id, text)
    return path


def new_record_text(
    registry: Registry,
    record_id: str,
    fields: Sequence[tuple[tuple[str | int, ...], Sequence[str]]],
    *,
    header: Sequence[str],
) -> tuple[Path, str]:
    """The file and text of a new record holding `fields`, checked as `create_record` checks it
    but not written (`manuf import` writes all its records at once, or none).

    Raises `EditRejected` if the record would have any error other than the placeholder source
    a new record starts with.
    """
    path = record_path(registry.root, record_id)
    document = CommentedMap()
    for field_path, values in fields:
        if values:
            set_field(document, field_path, values)
    format_document(document, module_order=list(registry.vocabulary.modules))  # as `manuf fmt`
    _explain_placeholders(document)
    # A line break in a header line (a name on two lines) would end its comment: one line each.
    text = "".join(f"# {' '.join(line.split())}\n" for line in header) + dump_document(document)
    text = with_schema_line(text)
    found = check_record_text(registry, path, text)
    # Errors only, and not those the registry already had (records beyond an announced figure).
    new_errors = _new_errors(programme_diagnostics(registry), found)
    problems = [d for d in new_errors if d.code != PLACEHOLDER_ERROR]
    if problems:
        raise EditRejected(path, problems)
    return path, text


def write_new_record(path: Path, record_id: str, text: str) -> None:
    """Write a new record's file (the caller holds the lock); an existing one is never replaced."""
    if path.exists():
        raise EditError(
            _("{path} already exists: edit it with `manuf set {id} …`").format(
                path=display_path(path), id=record_id
            )
        )
    atomic_write(path, text)


def _explain_placeholders(document: CommentedMap) -> None:
    for source in document.get("sources") or ():
        if source.get("url") == SOURCE_PLACEHOLDER:
            source.yaml_add_eol_comment(
                "# replace with the address of a public page stating these facts", "url"
            )


@dataclass(frozen=True, slots=True)
class Formatting:
    """What `format_file` found: the file, whether it changes, the problem that stopped it."""

    path: Path
    changed: bool
    problem: Diagnostic | None = None


def format_file(path: Path, *, module_order: Sequence[str] = (), write: bool) -> Formatting:
    """Put one record file in canonical form (written only with `write`).

    A file the safe reader refuses (bad YAML, a tag, a duplicate key…) is left alone, with the
    reason; so is one whose data the formatting would change beyond ordering (a bug guard).
    """
    read = read_file(Entry(path, display_path(path)))
    if read.value is None or read.text is None:
        return Formatting(path, False, read.diagnostics[0] if read.diagnostics else None)
    if is_canonical(read.text, module_order=module_order):
        return Formatting(path, False)  # proven without the round trip (see `canonical`)
    after = format_record_text(read.text, module_order=module_order)
    if parse_record_text(after) != canonical_value(read.value):
        message = "formatting would change the data: the file was left alone (please report it)"
        return Formatting(
            path, False, Diagnostic(Severity.ERROR, "fmt-failed", message, display_path(path))
        )
    changed = after != read.text
    if changed and write:
        atomic_write(path, after)
    return Formatting(path, changed)
