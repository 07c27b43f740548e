"""`manuf` starts here (the console script, and `python -m manufactures`).

`main` runs before anything heavy is imported. Ctrl-C and SIGTERM end the command at once, by the
signal itself, as for any Unix tool (the shell says 130 and 143): no traceback, nothing left
running, and no half-written record, since a record is replaced in one rename with both signals
held back meanwhile (`editing.edits.atomic_write`). Ctrl-C first says so in one line on stderr
(« manuf : interrompu »; « manuf: interrupted » in English), then ends the process by the
signal. A signal is never turned into a Python exception: one raised inside a validator called
back from pydantic-core could be swallowed there and the run go on to a wrong report. Output is
flushed before the process exits, and a failed flush is reported.
"""

from __future__ import annotations

import gc
import os
import signal
import sys

from manufactures.cli.process import exit_code, flushed

__all__ = ["main"]


def main() -> None:
    """Console-script entry point: run the command, flush its output, exit with its code."""
    if signal.getsignal(signal.SIGINT) is signal.default_int_handler:  # not if it was ignored
        signal.signal(signal.SIGINT, _interrupted)  # SIGTERM's is already the default
    # A command is one short process that builds many objects and few reference cycles: with
    # Python's default thresholds the cycle collector walked the records read again and again
    # (validate at 10 000 records: 5.4 s, 2.8 s with these; docs/performance.md). The library
    # itself leaves the collector alone.
    gc.set_threshold(50_000, 20, 1000)
    _speak_utf8()
    try:
        # Deferred: so that the signal dispositions above hold while the command line loads.
        from manufactures.cli.app import app

        app()
    except SystemExit as stop:
        code = exit_code(stop.code)
    else:
        code = 0
    sys.exit(flushed(code))


def _interrupted(signum: int, frame: object) -> None:  # noqa: ARG001 - signal's signature
    """Ctrl-C: one line on stderr, then the signal's default action (the process ends, the shell
    says 130). Nothing is raised, so nothing can swallow it."""
    # Deferred: the catalogue is read when the command line is built, before any command runs.
    from manufactures.i18n import _

    os.write(2, ("\n" + _("manuf: interrupted") + "\n").encode("utf-8"))
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    os.kill(os.getpid(), signal.SIGINT)


def _speak_utf8() -> None:
    """Write UTF-8 whatever the locale or PYTHONIOENCODING says (cp1252 on Windows when output
    is redirected, ascii in a bare container): the data holds « », accents and €, and a JSON or
    CSV consumer expects UTF-8. Each stream keeps its error handler."""
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None) or ""
        if encoding.replace("-", "").replace("_", "").lower() != "utf8":
            reconfigure = getattr(stream, "reconfigure", None)
            if reconfigure is not None:
                reconfigure(encoding="utf-8")


if __name__ == "__main__":
    main()
