"""How the `manuf` process ends: its exit code, its output flushed."""

from __future__ import annotations

import contextlib
import os
import sys

from manufactures.i18n import _

__all__ = ["exit_code", "flushed", "os_error_text", "silence_stdout"]


def exit_code(code: object) -> int:
    """The exit code `SystemExit(code)` stands for (a message is printed, and means 1)."""
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    print(code, file=sys.stderr)  # sys.exit("message") prints the message and exits 1
    return 1


def flushed(code: int) -> int:
    """Flush standard output and error; a write that fails now changes the exit code."""
    try:
        sys.stdout.flush()
    except BrokenPipeError:
        silence_stdout()  # the reader stopped reading: not an error (as in `boundary`)
        return code
    except OSError as error:
        print(_("manuf: error: {message}").format(message=os_error_text(error)), file=sys.stderr)
        code = 2
    with contextlib.suppress(OSError):  # nowhere left to say anything
        sys.stderr.flush()
    return code


def os_error_text(error: OSError) -> str:
    """An error of the machine (disk, folder, permission) in one line."""
    reason = error.strerror or str(error)
    if error.filename is None:
        return (
            _("cannot write the output: {reason}").format(reason=reason) if error.errno else reason
        )
    return f"{reason}: {error.filename}"


def silence_stdout() -> None:
    """Point stdout at /dev/null, so that flushing at exit does not raise again."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)
