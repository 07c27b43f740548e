"""The command line in the language spoken (`manufactures.i18n`): help, usage lines and usage
errors, including the words Typer and its Click write themselves.

A command's help is declared in English when its module is imported (`N_`); `translate` puts it
in the language spoken once the command is built, after `--lang` was read (`cli.app`), so help
can be rendered in either language by one process. Click's own words (« Usage: », « Options »,
« Show this message and exit. », « Invalid value for », « No such option », …) are hard-coded
in English in the Click Typer vendors: its help formatter and its usage errors are replaced here
by ones that say the same in the language spoken.
"""

from __future__ import annotations

import re
from typing import IO, Any

import typer
from typer._click import Context, HelpFormatter
from typer._click.exceptions import (
    BadParameter,
    MissingParameter,
    NoSuchOption,
    UsageError,
    _join_param_hints,
)

from manufactures.i18n import N_, _

__all__ = ["ManufContext", "said", "translate"]

# The words of Click and Typer's help, in the order a help page shows them.
_HELP_WORDS = {
    "Options": N_("Options"),
    "Arguments": N_("Arguments"),
    "Commands": N_("Commands"),
    "Show this message and exit.": N_("Show this message and exit."),
}
_BARE_TYPE = re.compile(r"(?<=[A-Z]) <(?:list\[)?(?:str|int|Path|path)\]?>\Z")
_EXTRA = re.compile(r"\s\s\[([^\[\]]*)\]\Z")
_EXTRA_WORDS = {
    "default: ": N_("default: {value}"),
    "env var: ": N_("env var: {value}"),
}
# Usage errors Click and Typer say in plain text, as regular expressions over their English.
_USAGE_ERRORS = {
    re.compile(r"Got unexpected extra argument\(s\) \((?P<args>.*)\)"): N_(
        "Got unexpected extra argument(s) ({args})"
    ),
    re.compile(r"No such command '(?P<name>.*)'\."): N_("No such command '{name}'."),
    re.compile(r"No such command '(?P<name>.*)'\. Did you mean (?P<names>.*)\?"): N_(
        "No such command '{name}'. Did you mean {names}?"
    ),
    re.compile(r"Missing command\."): N_("Missing command."),
    re.compile(r"Option '(?P<option>.*)' requires an argument\."): N_(
        "Option '{option}' requires an argument."
    ),
    re.compile(r"Option '(?P<option>.*)' requires (?P<count>\d+) arguments\."): N_(
        "Option '{option}' requires {count} arguments."
    ),
}


class ManufFormatter(HelpFormatter):
    """Click's help formatter, with Click's and Typer's own words in the language spoken."""

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        """« Usage: prog args » in the language spoken."""
        super().write_usage(prog, args, _("Usage: ") if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        """A section's title (« Options », « Commands », …) in the language spoken."""
        title = _("{heading}:").format(heading=_(_HELP_WORDS.get(heading, heading)))
        self.write(f"{'':>{self.current_indent}}{title}\n")

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        """The rows of options and commands, their help's Click words translated. An argument
        is named by its metavar (ID, FIELD): Typer's type after it (`<str>`) is left out, as it
        says nothing more to a person (a list of choices is kept)."""
        rows = [(_BARE_TYPE.sub("", term), _said_help(text)) for term, text in rows]
        super().write_dl(rows, col_max, col_spacing)


def _said_help(text: str) -> str:
    """An option's help with Click's « Show this message… » and « [default: x] » translated."""
    text = _(_HELP_WORDS[text]) if text in _HELP_WORDS else text
    extra = _EXTRA.search(text)
    if extra is None:
        return text
    parts = []
    for part in extra[1].split("; "):
        word = next((w for w in _EXTRA_WORDS if part.startswith(w)), None)
        if word is not None:
            part = _(_EXTRA_WORDS[word]).format(value=part.removeprefix(word))
        elif part == "required":
            part = _("required")
        parts.append(part)
    return f"{text[: extra.start()]}  [{'; '.join(parts)}]"


class ManufContext(Context):
    """A context whose help is written by `ManufFormatter`."""

    formatter_class = ManufFormatter


def translate(command: Any, *, sub_commands: bool = True) -> None:
    """Put `command` (a click command built from English declarations), its parameters and,
    with `sub_commands`, its sub-commands in the language spoken; its own help and summary are
    translated by whoever builds it from its module. `manuf` itself translates each of its
    commands when it builds it (`cli.app`): it builds none for `manuf --help`."""
    command.context_class = ManufContext
    command.options_metavar = _("[OPTIONS]")
    if hasattr(command, "subcommand_metavar"):
        command.subcommand_metavar = _("COMMAND [ARGS]...")
    for param in command.params:
        if getattr(param, "help", None):
            param.help = _(param.help)
        if param.metavar:
            param.metavar = _(param.metavar)
    for sub in getattr(command, "commands", {}).values() if sub_commands else ():
        translate(sub)


class _Said(UsageError):
    """A usage error as Click shows it (usage line, pointer to the help, the error), in the
    language spoken."""

    def __init__(self, message: str, ctx: Context | None) -> None:
        super().__init__(message, ctx)

    def format_message(self) -> str:
        return self.message

    def show(self, file: IO[Any] | None = None) -> None:
        ctx = self.ctx
        if ctx is not None:
            hint = ""
            if ctx.command.get_help_option(ctx) is not None:
                hint = _("Try '{command}' for help.").format(
                    command=f"{ctx.command_path} {ctx.help_option_names[0]}"
                )
                hint += "\n"
            typer.echo(f"{ctx.get_usage()}\n{hint}", file=file, err=True, color=ctx.color)
        typer.echo(_("Error: {message}").format(message=self.message), file=file, err=True)


def said(error: UsageError) -> UsageError:
    """`error`, said in the language spoken (Click says it in English)."""
    return _Said(_message(error), error.ctx)


def _message(error: UsageError) -> str:
    if isinstance(error, MissingParameter):
        hint = _hint(error)
        kind = error.param_type or (error.param.param_type_name if error.param else "")
        if kind == "argument":
            return _("Missing argument {name}.").format(name=hint)
        return _("Missing option {name}.").format(name=hint)
    if isinstance(error, BadParameter):
        hint = _hint(error)
        if hint is None:
            return _("Invalid value: {message}").format(message=error.message)
        return _("Invalid value for {option}: {message}").format(option=hint, message=error.message)
    if isinstance(error, NoSuchOption):
        message = _("No such option: {option}").format(option=error.option_name)
        if error.possibilities:
            listed = ", ".join(sorted(error.possibilities))
            message += " " + _("(Possible options: {options})").format(options=listed)
        return message
    for pattern, translated in _USAGE_ERRORS.items():
        if found := pattern.fullmatch(error.message):
            return _(translated).format(**found.groupdict())
    return error.message


def _hint(error: BadParameter) -> str | None:
    if error.param_hint is not None:
        return _join_param_hints(error.param_hint)
    return error.param.get_error_hint() if error.param is not None else None
