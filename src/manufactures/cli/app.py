"""The `manuf` application: global options, and the command list (each command imported when it
runs)."""

from __future__ import annotations

import importlib
import os
import re
from collections.abc import Iterator, MutableMapping
from enum import StrEnum
from pathlib import Path
from types import ModuleType
from typing import Annotated, Any

import typer
from typer._click.exceptions import UsageError
from typer._click.utils import make_default_short_help
from typer.core import TyperGroup

from manufactures import i18n
from manufactures.cli.boundary import boundary, usage_error
from manufactures.cli.translated import ManufContext, translate
from manufactures.i18n import N_, _
from manufactures.version import __version__

__all__ = ["COMMANDS", "app"]


class ManufGroup(TyperGroup):
    """Turns every exception a command raises into a message and an exit code.

    Its commands are those of `COMMANDS`, each imported the first time it is used. It speaks the
    language `--lang` or `$MANUF_LANG` asks for (`manufactures.i18n`), read from the command line
    before Click parses it: Click renders `--help` while parsing, and a command's help is put in
    the language spoken when the command is built (`cli.translated`).
    """

    context_class = ManufContext

    def __init__(self, **attributes: Any) -> None:
        super().__init__(**attributes)
        self.commands = _LazyCommands()

    def list_commands(self, ctx: Any) -> list[str]:  # noqa: ARG002 - click's signature
        """Commands in the order they are registered, not alphabetical."""
        return list(self.commands)

    def format_commands(self, ctx: Any, formatter: Any) -> None:  # noqa: ARG002 - click's
        """List the commands with their summaries, as click does, without importing them."""
        limit = formatter.width - 6 - max(map(len, COMMANDS))
        rows = [(name, make_default_short_help(summary(name), limit)) for name in COMMANDS]
        with formatter.section(_("Commands")):
            formatter.write_dl(rows)

    def make_context(
        self, info_name: str | None, args: list[str], parent: Any = None, **extra: Any
    ) -> Any:
        """Choose the language, then parse the command line (and say its errors) in it."""
        i18n.use(i18n.chosen(args, os.environ))
        translate(self, sub_commands=False)
        self.help = _(self.help) if self.help else self.help
        try:
            return super().make_context(info_name, args, parent, **extra)
        except UsageError as error:
            raise usage_error(error) from None

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
    help=N_("A checked, queryable registry of France's 100 « manufactures de proximité »."),
    no_args_is_help=True,
    add_completion=True,  # --install-completion / --show-completion (bash, zsh, fish)
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class Language(StrEnum):
    """The languages manuf speaks (`manufactures.i18n`)."""

    FR = "fr"
    EN = "en"


def _version(value: bool) -> None:
    if value:
        typer.echo(f"manuf {__version__}")
        raise typer.Exit()


@app.callback()
def global_options(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option(
            "--data",
            help=N_("Registry folder (also: $MANUF_DATA)."),
            metavar=N_("FOLDER"),
            show_default=False,
        ),
    ] = None,
    lang: Annotated[  # noqa: ARG001 - read before parsing (`ManufGroup.make_context`)
        Language,
        typer.Option(
            "--lang",
            envvar=i18n.ENV,
            case_sensitive=False,
            help=N_("Language of help and messages: fr (default) or en (also: $MANUF_LANG)."),
            metavar=N_("LANGUAGE"),
            show_default=False,
            show_envvar=False,
        ),
    ] = Language.FR,
    no_color: Annotated[
        bool, typer.Option("--no-color", help=N_("Never colour the output."))
    ] = False,
    debug: Annotated[
        bool, typer.Option("--debug", help=N_("Show tracebacks of internal errors."))
    ] = False,
    no_cache: Annotated[
        bool,
        typer.Option(
            "--no-cache",
            help=N_(
                "Neither read nor write the cache of results of `manuf stats` "
                "(~/.cache/manufactures, or $MANUF_CACHE_DIR)."
            ),
        ),
    ] = False,
    version: Annotated[  # noqa: ARG001 - handled by its eager callback
        bool,
        typer.Option("--version", callback=_version, is_eager=True, help=N_("Print the version.")),
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
    if data is None and not ctx.resilient_parsing:
        _warn_of_a_near_miss()


def _warn_of_a_near_miss() -> None:
    """Say so when the registry manuf walked up to is not the folder you seem to stand in."""
    from manufactures.discovery import near_miss

    found = near_miss()
    if found is not None:
        message = _(
            "manuf: warning: {folder} looks like a registry but has no modules.yaml; "
            "using the registry at {root} (pass --data to choose)"
        )
        typer.echo(message.format(folder=found[0], root=found[1]), err=True)


def _command(module_name: str, function: str) -> typer.Typer:
    """The command `function` of `manufactures.cli.<module_name>`: its docstring is its help,
    its `EXAMPLES` the help's epilog."""
    module = importlib.import_module(f"manufactures.cli.commands.{module_name}")
    single = typer.Typer(add_completion=False, rich_markup_mode=None)
    single.command(help=_help(module), epilog=_unwrapped(module.EXAMPLES))(
        getattr(module, function)
    )
    return single


def _help(module: ModuleType) -> str:
    """A command's help: its module's docstring, in the language spoken."""
    return _(module.__doc__) if module.__doc__ else ""


def _unwrapped(examples: str) -> str:
    """`examples` with each command line marked for click not to rewrap (`\\b`): a command cut
    in two at the terminal's width could not be copied and run. The prose between them is in
    the language spoken (each paragraph is a message of the catalogue)."""
    paragraphs = examples.split("\n\n")
    return "\n\n".join(f"\b\n{text}" if is_command_line(text) else _(text) for text in paragraphs)


def is_command_line(paragraph: str) -> bool:
    """Whether a paragraph of a command's examples is a command line (`manuf …`, `$EDITOR …`)."""
    return paragraph.lstrip().startswith(("manuf ", "$"))


def _progress_group() -> typer.Typer:
    """`manuf progress` reports; `manuf progress set …` records a module's status."""
    # Deferred: a command's module is imported when it runs or shows its help (see `COMMANDS`).
    from manufactures.cli.commands import progress, progress_set

    group = typer.Typer(add_completion=False, rich_markup_mode=None)
    group.callback(
        invoke_without_command=True,
        help=_help(progress),
        epilog=_unwrapped(progress.EXAMPLES),
    )(progress.progress)
    group.command("set", help=_help(progress_set), epilog=_unwrapped(progress_set.EXAMPLES))(
        progress_set.progress_set
    )
    return group


# Every command, in the order `manuf --help` lists them: the module of `cli/commands/` that holds
# it and its function. A command's module is imported only when that command runs or shows its
# help, so that `manuf --help` imports no command and each command only what it uses; the
# summary `manuf --help` lists is the first paragraph of the module's docstring, read from its
# source without importing it (`summary`).
COMMANDS: dict[str, tuple[str, str]] = {
    "validate": ("validate", "validate"),
    "list": ("list_", "list_laureates"),
    "show": ("show", "show"),
    "stats": ("stats", "stats"),
    "funding": ("funding", "funding"),
    "progress": ("progress", "progress"),
    "export": ("export", "export"),
    "coverage": ("coverage", "coverage"),
    "report": ("report", "report"),
    "new": ("new", "new"),
    "set": ("set", "set_field"),
    "fmt": ("fmt", "fmt"),
    "schema": ("schema", "schema"),
    "diff": ("diff", "diff"),
    "import": ("import_", "import_"),
}
_DOCSTRING = re.compile(r'\A"""(.*?)"""', re.DOTALL)


def summary(name: str) -> str:
    """The one-line summary of command `name`: its module docstring's first paragraph, in the
    language spoken."""
    source = Path(__file__).parent / "commands" / f"{COMMANDS[name][0]}.py"
    found = _DOCSTRING.match(source.read_text(encoding="utf-8"))
    return " ".join(_(found.group(1)).split("\n\n")[0].split()) if found else ""


def _built(name: str) -> typer.Typer:
    """The Typer app of command `name` (`progress` is a group: `manuf progress set …`)."""
    return _progress_group() if name == "progress" else _command(*COMMANDS[name])


class _LazyCommands(MutableMapping[str, Any]):
    """The click commands of `COMMANDS`, each built (its module imported) when looked up."""

    def __init__(self) -> None:
        self._built: dict[str, Any] = {}

    def __getitem__(self, name: str) -> Any:
        if name not in self._built:
            if name not in COMMANDS:
                raise KeyError(name)
            command = typer.main.get_command(_built(name))
            translate(command)
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
