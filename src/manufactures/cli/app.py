"""The `manuf` application: global options, the command list, and the one error boundary."""

from __future__ import annotations

import os
import sys
import traceback
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from manufactures import __version__

__all__ = ["app", "main"]

ISSUES_URL = "https://github.com/manufactures-de-proximite/manufactures/issues"


class ManufGroup(TyperGroup):
    """Turns every exception a command raises into a message and an exit code (DESIGN §5)."""

    def list_commands(self, ctx: Any) -> list[str]:  # noqa: ARG002 - click's signature
        """Commands in the order they are registered, not alphabetical."""
        return list(self.commands)

    def invoke(self, ctx: Any) -> Any:
        """Run the command; map user errors to exit 1 or 2 and bugs to exit 3."""
        from manufactures.loading import RegistryError

        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):
            raise
        except RegistryError as error:
            code = 1 if type(error).__name__ == "RegistryDataError" else 2
            _fail(f"manuf: error: {error}", code)
        except KeyboardInterrupt:
            _fail("manuf: interrupted", 130)
        except BrokenPipeError:
            # The reader (e.g. `head`) stopped reading: not an error. Point stdout at /dev/null so
            # that flushing at exit does not raise again.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            raise typer.Exit(0) from None
        except Exception:
            if _debug(ctx):
                traceback.print_exc()
            kind, value = sys.exc_info()[:2]
            name = kind.__name__ if kind else "error"
            _fail(
                f"manuf: internal error ({name}: {value}). This is a bug in manuf {__version__}: "
                f"please report it at {ISSUES_URL} (rerun with --debug for the traceback).",
                3,
            )


def _debug(ctx: Any) -> bool:
    obj = ctx.find_root().obj
    return bool(getattr(obj, "debug", False))


def _fail(message: str, code: int) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code)


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
    version: Annotated[  # noqa: ARG001 - handled by its eager callback
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Print the version.")
    ] = False,
) -> None:
    """A checked, queryable registry of France's 100 « manufactures de proximité ».

    Every figure is computed from the records; announced programme figures are shown beside
    them, labelled as announced. Exit codes: 0 success, 1 data errors, 2 usage error or
    unusable registry, 3 internal error.
    """
    from manufactures.cli.common import GlobalOptions

    ctx.obj = GlobalOptions(data=data, no_color=no_color, debug=debug)


def _register() -> None:
    from manufactures.cli import (
        coverage,
        export,
        funding,
        list_,
        progress,
        report,
        show,
        stats,
        validate,
    )

    app.command("validate", help=validate.__doc__, epilog=validate.EXAMPLES)(validate.validate)
    app.command("list", help=list_.__doc__, epilog=list_.EXAMPLES)(list_.list_laureates)
    app.command("show", help=show.__doc__, epilog=show.EXAMPLES)(show.show)
    app.command("stats", help=stats.__doc__, epilog=stats.EXAMPLES)(stats.stats)
    app.command("funding", help=funding.__doc__, epilog=funding.EXAMPLES)(funding.funding)
    app.add_typer(_progress_group(progress), name="progress")
    app.command("export", help=export.__doc__, epilog=export.EXAMPLES)(export.export)
    app.command("coverage", help=coverage.__doc__, epilog=coverage.EXAMPLES)(coverage.coverage)
    app.command("report", help=report.__doc__, epilog=report.EXAMPLES)(report.report)
    _register_editing()


def _progress_group(progress: Any) -> typer.Typer:
    """`manuf progress` reports; `manuf progress set …` records a module's status."""
    from manufactures.cli import progress_set

    group = typer.Typer(add_completion=False, rich_markup_mode=None)
    group.callback(invoke_without_command=True, help=progress.__doc__, epilog=progress.EXAMPLES)(
        progress.progress
    )
    group.command("set", help=progress_set.__doc__, epilog=progress_set.EXAMPLES)(
        progress_set.progress_set
    )
    return group


def _register_editing() -> None:
    from manufactures.cli import diff, fmt, new, schema
    from manufactures.cli import set as set_command

    app.command("new", help=new.__doc__, epilog=new.EXAMPLES)(new.new)
    app.command("set", help=set_command.__doc__, epilog=set_command.EXAMPLES)(set_command.set_field)
    app.command("fmt", help=fmt.__doc__, epilog=fmt.EXAMPLES)(fmt.fmt)
    app.command("schema", help=schema.__doc__, epilog=schema.EXAMPLES)(schema.schema)
    app.command("diff", help=diff.__doc__, epilog=diff.EXAMPLES)(diff.diff)


_register()


def main() -> None:
    """Console-script entry point."""
    app()
