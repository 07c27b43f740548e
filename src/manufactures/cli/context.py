"""What every command does the same way: find the registry, select records, print a result."""

from __future__ import annotations

import dataclasses
import io
import os
import shlex
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import typer

from manufactures.analysis.filters import Filters
from manufactures.cache import default_folder, remembered
from manufactures.discovery import find_registry
from manufactures.errors import RegistryDataError
from manufactures.i18n import _
from manufactures.present.result import CommandResult
from manufactures.present.text import registry_label
from manufactures.render.formats import RENDERERS
from manufactures.vocabulary import closest

if TYPE_CHECKING:
    from manufactures.models import Laureate
    from manufactures.referentials.cog import Department, PlaceKind, Region
    from manufactures.registry import Registry

__all__ = [
    "GlobalOptions",
    "Output",
    "cache_folder",
    "emit",
    "emit_bytes",
    "emit_text",
    "load_selection",
    "make_filters",
    "open_registry",
    "remembered_result",
    "resolve_data",
    "use_color",
]


@dataclass(frozen=True, slots=True)
class Output:
    """Where a data command finds its registry and how it shows its result."""

    data: Path | None
    format: str
    excel: bool = False
    no_color: bool = False
    path: Path | None = None
    """`-o FILE`: where to write instead of standard output."""


@dataclass(frozen=True, slots=True)
class GlobalOptions:
    """Options given before the command name (`manuf --data DIR stats`)."""

    data: Path | None = None
    no_color: bool = False
    debug: bool = False
    no_cache: bool = False


def _global(ctx: typer.Context) -> GlobalOptions:
    root = ctx.find_root()
    return root.obj if isinstance(root.obj, GlobalOptions) else GlobalOptions()


def use_color(ctx: typer.Context, no_color: bool = False) -> bool:
    """Colour only on a terminal, never with `--no-color` or `NO_COLOR`."""
    if no_color or _global(ctx).no_color or os.environ.get("NO_COLOR"):
        return False
    return sys.stdout.isatty()


def resolve_data(ctx: typer.Context, data: Path | None) -> Path | None:
    """The registry folder asked for: the command's `--data`, else the global one."""
    return data or _global(ctx).data


def cache_folder(ctx: typer.Context) -> Path | None:
    """Where the cache is kept, or None with `--no-cache`."""
    return None if _global(ctx).no_cache else default_folder()


def open_registry(ctx: typer.Context, data: Path | None) -> Registry:
    """Load the registry; data errors stop data commands with exit 1 and a pointer to validate."""
    # Deferred, as in `load_selection`: a result served from the cache needs no model.
    from manufactures.registry import load_registry

    root = find_registry(resolve_data(ctx, data))
    registry, report = load_registry(root)
    if report.failed():
        errors = sum(1 for d in report.diagnostics if d.severity == "error")
        raise RegistryDataError(
            _("the registry at {root} has {errors} error(s); run `{command}` to see them").format(
                root=root, errors=errors, command=validate_command(root)
            )
        )
    return registry


def validate_command(root: Path) -> str:
    """The command that shows the problems of the registry at `root`, from any folder."""
    return f"manuf validate {shlex.quote(str(root))}"


def remembered_result(
    ctx: typer.Context, data: Path | None, compute: Callable[[], CommandResult]
) -> CommandResult:
    """`compute()`, or its result from an earlier run of the same command line on the same,
    unchanged registry (see `manufactures.cache`); for results that depend on nothing else."""
    folder = cache_folder(ctx)
    if folder is None:
        # Through plain data all the same, so that a result looks the same cached or not.
        return CommandResult.from_plain(compute().to_plain())
    root = find_registry(resolve_data(ctx, data))
    inputs = (root / "programme.yaml", root / "modules.yaml")
    plain = remembered(
        folder, root, _command_line(ctx), lambda: compute().to_plain(), inputs=inputs
    )
    return CommandResult.from_plain(plain)


def _command_line(ctx: typer.Context) -> str:
    """Everything the command line asked, and the current folder (files are named from it)."""
    asked: list[object] = []
    level: typer.Context | None = ctx
    while level is not None:
        asked.append((level.info_name, sorted((k, repr(v)) for k, v in level.params.items())))
        level = level.parent  # type: ignore[assignment]
    return repr((str(Path.cwd()), asked))


def load_selection(
    ctx: typer.Context,
    data: Path | None,
    filters: Filters,
    *,
    sort: str | None = None,
    limit: int | None = None,
) -> tuple[Registry, list[Laureate]]:
    """The registry and the records that pass `filters`, sorted by `sort`, at most `limit`."""
    # Deferred: selecting imports the models, which a result served from the cache does not need.
    from manufactures.analysis.selection import arrange, select

    registry = open_registry(ctx, data)
    _check_filter_keys(registry, filters)
    return registry, arrange(select(registry.laureates, filters), sort=sort, limit=limit)


def _check_filter_keys(registry: Registry, filters: Filters) -> None:
    vocabulary = registry.vocabulary
    for option, values, allowed in (
        ("--territory", filters.territory, vocabulary.territories),
        ("--sector", filters.sector, vocabulary.sectors),
        ("--wave", filters.wave, vocabulary.waves),
    ):
        for value in values:
            if value not in allowed:
                choices = ", ".join(map(str, allowed))
                raise typer.BadParameter(
                    _("unknown value `{value}`; choose from: {choices}").format(
                        value=value, choices=choices
                    ),
                    param_hint=option,
                )


def make_filters(
    *,
    territory: Sequence[str] | None,
    sector: Sequence[str] | None,
    region: Sequence[str] | None,
    department: Sequence[str] | None,
    wave: Sequence[int] | None,
    search: str | None,
) -> Filters:
    """Build `Filters` from the shared filter options; a region or department given by its
    official name is taken as its code, anything else is a usage error."""
    return Filters(
        territory=tuple(territory or ()),
        sector=tuple(sector or ()),
        region=_place_codes("region", region or ()),
        department=_place_codes("department", department or ()),
        wave=tuple(wave or ()),
        search=search or None,
    )


def _place_codes(kind: PlaceKind, values: Sequence[str]) -> tuple[str, ...]:
    if not values:
        return ()
    # Deferred: the COG's module takes ~6 ms to import; only --region and --department need it.
    from manufactures.referentials.cog import load_cog

    cog = load_cog()
    codes = []
    for value in values:
        code = cog.place_code(kind, value)
        if code is None:
            message = _unknown_place(kind, cog.places(kind), value)
            raise typer.BadParameter(message, param_hint=f"--{kind}")
        codes.append(code)
    return tuple(codes)


def _unknown_place(kind: PlaceKind, places: Mapping[str, Department | Region], value: str) -> str:
    """« unknown department `7`; did you mean `07` (Ardèche)? », or the list to choose from."""
    # Deferred: as in `_place_codes`.
    from manufactures.referentials.cog import normalize_place_name

    padded = value.zfill(2) if value.isdigit() else None
    names = {normalize_place_name(place.name): code for code, place in places.items()}
    guess = closest(normalize_place_name(value), names)
    code = padded if padded in places else names[guess] if guess else closest(value, places)
    if code is not None:
        said = {
            "region": _("unknown region `{value}`; did you mean `{code}` ({name})?"),
            "department": _("unknown department `{value}`; did you mean `{code}` ({name})?"),
        }[kind]
        return said.format(value=value, code=code, name=places[code].name)
    listed = ", ".join(f"{c} {p.name}" for c, p in places.items())
    said = {
        "region": _("unknown region `{value}`; choose a code or a name: {places}"),
        "department": _("unknown department `{value}`; choose a code or a name: {places}"),
    }[kind]
    return said.format(value=value, places=listed)


def emit(ctx: typer.Context, result: CommandResult, output: Output) -> None:
    """Render `result` on stdout, or into the file `-o` names, as `output` asks."""
    if output.excel and output.format != "csv":
        raise typer.BadParameter(_("only applies to --format csv"), param_hint="--excel")
    color = use_color(ctx, output.no_color) and output.path is None
    if result.headline and output.format in _HEADLINED and result.command != "diff":
        # Said at the moment of showing, not in the result (which the cache may have kept
        # from a run in another folder): which registry these figures are of. Not for `diff`,
        # whose headline names the revision and whose Markdown is a pull-request comment.
        label = registry_label(find_registry(resolve_data(ctx, output.data)))
        result = dataclasses.replace(result, headline=f"{result.headline} — {label}")
    emit_text(
        output, lambda out: RENDERERS[output.format](result, out, color=color, excel=output.excel)
    )


_HEADLINED = frozenset({"table", "markdown"})


def emit_text(output: Output, write: Callable[[TextIO], None]) -> None:
    """Run `write` on standard output, or on a buffer then written whole (UTF-8) to `-o FILE`."""
    if output.path is None:
        write(sys.stdout)
        return
    buffer = io.StringIO(newline="")
    write(buffer)
    emit_bytes(output, buffer.getvalue().encode("utf-8"))


def emit_bytes(output: Output, data: bytes, *, binary: str | None = None) -> None:
    """Write `data` to `-o FILE` in one rename, or to standard output. A `binary` format is not
    sent to a terminal: it needs `-o` (or a pipe)."""
    if output.path is None:
        if binary is not None and sys.stdout.isatty():
            raise typer.BadParameter(
                _("--format {format} writes a binary file: give -o FILE (or pipe it)").format(
                    format=binary
                ),
                param_hint="-o",
            )
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    # Deferred: the atomic write lives with the edits (and ruamel), which stdout does not need.
    from manufactures.editing.edits import atomic_write

    try:
        atomic_write(output.path, data)
    except OSError as error:
        raise typer.BadParameter(
            _("cannot write {path}: {reason}").format(path=output.path, reason=error.strerror),
            param_hint="-o",
        ) from None
    typer.echo(_("manuf: wrote {path}").format(path=output.path), err=True)
