"""The `manuf` application: global options, and the command list (each command imported when it
runs)."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterator, MutableMapping
from functools import partial
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._click.utils import make_default_short_help
from typer.core import TyperGroup

from manufactures.cli.boundary import boundary
from manufactures.version import __version__

__all__ = ["COMMANDS", "app"]


class ManufGroup(TyperGroup):
    """Turns every exception a command raises into a message and an exit code.

    Its commands are those of `COMMANDS`, each imported the first time it is used.
    """

    def __init__(self, **attributes: Any) -> None:
        super().__init__(**attributes)
        self.commands = _LazyCommands()

    def list_commands(self, ctx: Any) -> list[str]:  # noqa: ARG002 - click's signature
        """Commands in the order they are registered, not alphabetical."""
        return list(self.commands)

    def format_commands(self, ctx: Any, formatter: Any) -> None:  # noqa: ARG002 - click's
        """List the commands with their summaries, as click does, without importing them."""
        limit = formatter.width - 6 - max(map(len, COMMANDS))
        rows = [
            (name, make_default_short_help(summary, limit))
            for name, (summary, _) in COMMANDS.items()
        ]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: Any) -> Any:
        """Run the command within the one error boundary (see `cli.boundary`)."""
        with boundary(debug=lambda: _debug(ctx)):
            return super().invoke(ctx)


def _debug(ctx: Any) -> bool:
    obj = ctx.find_root().obj
    return bool(getattr(obj, "debug", False))


app = typer.Typer(
    cls=ManufGroup,
    name="manuf",
    help="A checked, queryable registry of France's 100 « manufactures de proximité ».",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"manuf {__version__}")
        raise typer.Exit()


@app.callback()
def global_options(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option("--data", help="Registry folder (also: $MANUF_DATA).", show_default=False),
    ] = None,
    no_color: Annotated[bool, typer.Option("--no-color", help="Never colour the output.")] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help="Show tracebacks of internal errors.")
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help="Neither read nor write the cache of results of `manuf stats` "
            "(~/.cache/manufactures, or $MANUF_CACHE_DIR).",
        ),
    ] = False,
    version: Annotated[  # noqa: ARG001 - handled by its eager callback
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """A checked, queryable registry of France's 100 « manufactures de proximité ».

    Every figure is computed from the records; announced programme figures are shown beside
    them, labelled as announced. Exit codes: 0 success, 1 data errors, 2 usage error or
    unusable registry, 3 internal error.
    """
    # Deferred: the context imports the cache and result types, which `--help` does not need.
    from manufactures.cli.context import GlobalOptions

    ctx.obj = GlobalOptions(data=data, no_color=no_color, debug=debug, no_cache=no_cache)


def _command(module_name: str, function: str) -> typer.Typer:
    """The command `function` of `manufactures.cli.<module_name>`: its docstring is its help,
    its `EXAMPLES` the help's epilog."""
    module = importlib.import_module(f"manufactures.cli.commands.{module_name}")
    single = typer.Typer(add_completion=False, rich_markup_mode=None)
    single.command(help=module.__doc__, epilog=_unwrapped(module.EXAMPLES))(
        getattr(module, function)
    )
    return single


def _unwrapped(examples: str) -> str:
    """`examples` with each command line marked for click not to rewrap (`\\b`): a command cut
    in two at the terminal's width could not be copied and run."""
    paragraphs = examples.split("\n\n")
    return "\n\n".join(
        f"\b\n{text}" if text.lstrip().startswith("manuf ") else text for text in paragraphs
    )


def _progress_group() -> typer.Typer:
    """`manuf progress` reports; `manuf progress set …` records a module's status."""
    # Deferred: a command's module is imported when it runs or shows its help (see `COMMANDS`).
    from manufactures.cli.commands import progress, progress_set

    group = typer.Typer(add_completion=False, rich_markup_mode=None)
    group.callback(
        invoke_without_command=True, help=progress.__doc__, epilog=_unwrapped(progress.EXAMPLES)
    )(progress.progress)
    group.command("set", help=progress_set.__doc__, epilog=_unwrapped(progress_set.EXAMPLES))(
        progress_set.progress_set
    )
    return group


# Every command, in the order `manuf --help` lists them: its summary there (the first paragraph
# of its module's docstring; tests/test_startup.py checks they agree) and how to build it. A
# command's module is imported only when that command runs or shows its help, so that
# `manuf --help` imports no command and each command only what it uses.
COMMANDS: dict[str, tuple[str, Callable[[], typer.Typer]]] = {
    "validate": (
        "Check every record and vocabulary file; report every problem with file, line and column.",
        partial(_command, "validate", "validate"),
    ),
    "list": (
        "List laureates: a table on screen, the records as data.",
        partial(_command, "list_", "list_laureates"),
    ),
    "show": (
        "Show one record: its card on screen, the record as data.",
        partial(_command, "show", "show"),
    ),
    "stats": (
        "Counts by territory, wave and sector, vs announced.",
        partial(_command, "stats", "stats"),
    ),
    "funding": (
        "Funding per group: total, mean, median, min, max.",
        partial(_command, "funding", "funding"),
    ),
    "progress": ("Incubation and support progress as of a day.", _progress_group),
    "export": (
        "Export records as JSON, JSON Lines, CSV or Markdown.",
        partial(_command, "export", "export"),
    ),
    "coverage": (
        "How complete the registry is, vs announced.",
        partial(_command, "coverage", "coverage"),
    ),
    "report": (
        "A report to share: one self-contained HTML page (map, charts, tables) or Markdown.",
        partial(_command, "report", "report"),
    ),
    "new": (
        "Create a record file with the given facts and a source placeholder to fill in.",
        partial(_command, "new", "new"),
    ),
    "set": (
        "Set one field of a record in place, keeping its comments, key order and quoting.",
        partial(_command, "set", "set_field"),
    ),
    "fmt": (
        "Put record files in canonical form: key order, quoted codes, sorted sectors, comments "
        "kept.",
        partial(_command, "fmt", "fmt"),
    ),
    "schema": (
        "Print the JSON Schema of a record, or its French data dictionary in Markdown.",
        partial(_command, "schema", "schema"),
    ),
    "diff": (
        "What changed in the registry since a git revision: records, fields, headline figures.",
        partial(_command, "diff", "diff"),
    ),
}


class _LazyCommands(MutableMapping[str, Any]):
    """The click commands of `COMMANDS`, each built (its module imported) when looked up."""

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            command = typer.main.get_command(COMMANDS[name][1]())
            command.name = name
            self._built[name] = command
        return self._built[name]

    def __setitem__(self, name: str, command: Any) -> None:
        self._built[name] = command

    def __delitem__(self, name: str) -> None:
        del self._built[name]

    def __iter__(self) -> Iterator[str]:
        return iter({**dict.fromkeys(COMMANDS), **self._built})

    def __len__(self) -> int:
        return len({*COMMANDS, *self._built})
