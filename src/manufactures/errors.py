"""The errors manuf reports to its user: one hierarchy, each class with its exit code.

The command line turns any of them into `manuf: error: <message>` on stderr and its
`exit_code` (see `cli.boundary`); nothing else decides a code from an exception. A bug is any
other exception: exit 3, a one-line pointer, the traceback only with `--debug`.

    ManufError                2
    ├── UsageError            2
    │   └── EditError         2
    ├── RegistryError         2
    │   └── RegistryDataError 1
    ├── GitError              2
    └── EditRejected          1  (in `editing.edits`: it carries the refused record's diagnostics)
"""

from __future__ import annotations

from typing import ClassVar

__all__ = [
    "EditError",
    "GitError",
    "ManufError",
    "RegistryDataError",
    "RegistryError",
    "UsageError",
]


class ManufError(Exception):
    """A problem said to the user as a message and an exit code, never as a traceback."""

    exit_code: ClassVar[int] = 2


class UsageError(ManufError):
    """What was asked cannot be done as asked (exit 2)."""


class RegistryError(ManufError):
    """The registry cannot be used at all: missing folder, missing or unreadable core file
    (exit 2)."""


class RegistryDataError(RegistryError):
    """The registry loaded but its data has errors: run `manuf validate` (exit 1)."""

    exit_code: ClassVar[int] = 1


class GitError(ManufError):
    """Git cannot answer: not installed, not a repository, or an unknown revision (exit 2)."""


class EditError(UsageError):
    """An edit that cannot even be tried: bad id, no such record, record already there, a file
    changed meanwhile (exit 2)."""
