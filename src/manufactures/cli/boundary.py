"""The one error boundary: every exception a command raises becomes a message and an exit code.

A `ManufError` says what is wrong in one line and carries its exit code (`errors.py`); a value
Typer refused is said as a command line says it; Ctrl-C is exit 130 and SIGTERM 143; a reader
that stopped reading (`| head`) is not an error; an `OSError` is the machine's (exit 2); any other
exception is a bug in manuf: exit 3, a one-line pointer, the traceback only with `--debug`.
"""

from __future__ import annotations

import contextlib
import re
import sys
import traceback
from collections.abc import Callable, Iterator

import typer
from typer._click.exceptions import UsageError

from manufactures.cli.process import os_error_text, silence_stdout
from manufactures.cli.translated import said
from manufactures.errors import ManufError
from manufactures.i18n import _
from manufactures.version import __version__

__all__ = ["ISSUES_URL", "boundary", "usage_error"]

ISSUES_URL = "https://github.com/manufactures-de-proximite/manufactures/issues"


@contextlib.contextmanager
def boundary(*, debug: Callable[[], bool] = lambda: False) -> Iterator[None]:
    """Map user errors to exit 1 or 2 and bugs to exit 3 (the traceback when `debug()` says
    so: asked once the command has run, since `--debug` is read as it starts)."""
    try:
        yield
    except UsageError as error:
        raise usage_error(error) from None
    except typer.Abort:
        _fail(_("Aborted!"), 1)  # as Typer says it, in the language spoken
    except (typer.Exit, typer.TyperException):
        raise
    except ManufError as error:
        _fail(_("manuf: error: {message}").format(message=error), error.exit_code)
    except KeyboardInterrupt:
        _fail(_("manuf: interrupted"), 130)
    except BrokenPipeError:
        # The reader (e.g. `head`) stopped reading: not an error.
        silence_stdout()
        raise typer.Exit(0) from None
    except OSError as error:
        # The machine, not the data nor manuf: a full disk, a vanished folder, a permission.
        _fail(_("manuf: error: {message}").format(message=os_error_text(error)), 2)
    except Exception:
        if debug():
            traceback.print_exc()
        kind, value = sys.exc_info()[:2]
        name = kind.__name__ if kind else "error"
        message = _(
            "manuf: internal error ({error}). This is a bug in manuf {version}: please report "
            "it at {url} (rerun with --debug for the traceback)."
        )
        _fail(message.format(error=f"{name}: {value}", version=__version__, url=ISSUES_URL), 3)


def usage_error(error: UsageError) -> UsageError:
    """`error` as manuf says it: in plain words, in the language spoken."""
    if isinstance(error, typer.BadParameter):
        error.message = _plain_message(error)
    return said(error)


def _plain_message(error: typer.BadParameter) -> str:
    """A value Typer refused, said as a command line says it, not in pydantic's words
    (« Value error, … », « Input should be a valid integer, … »)."""
    # Deferred: pydantic is loaded only when Typer refused a value, never for `--help`.
    from pydantic import ValidationError

    cause = error.__cause__
    if not isinstance(cause, ValidationError) or not cause.errors():
        return error.message
    problem = cause.errors()[0]
    value, kind, context = problem.get("input"), problem["type"], problem.get("ctx") or {}
    if kind in ("int_parsing", "int_from_float", "int_type"):
        return _("{value} is not a whole number").format(value=repr(value))
    if kind == "greater_than_equal":
        return _("{value} is less than {minimum}").format(value=repr(value), minimum=context["ge"])
    reason = str(context.get("error", problem["msg"]))
    if choices := re.fullmatch(r".* is not one of (.*)\.", reason):
        listed = ", ".join(_quoted(choices[1]))
        return _("{value} is not one of: {choices}").format(value=repr(value), choices=listed)
    if formats := re.fullmatch(r".* does not match the formats (.*)\.", reason):
        shapes = (
            _(_DATE_SHAPE.sub(lambda part: _DATE_PARTS[part[0]], f)) for f in _quoted(formats[1])
        )
        return _("{value} is not a date ({shapes})").format(
            value=repr(value), shapes=_(" or ").join(shapes)
        )
    return reason


def _quoted(text: str) -> list[str]:
    """The items of Typer's list `'a', 'b'`."""
    return re.findall(r"'([^']*)'", text)


_DATE_PARTS = {"%Y": "YYYY", "%m": "MM", "%d": "DD"}
_DATE_SHAPE = re.compile("|".join(_DATE_PARTS))


def _fail(message: str, code: int) -> None:
    typer.echo(message, err=True)
    raise typer.Exit(code)
