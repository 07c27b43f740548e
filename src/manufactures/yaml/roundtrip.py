"""The round trip of edits: ruamel.yaml configured once, so that an edit keeps a file's comments,
key order and quoting. Reading a registry never uses it (see `yaml.reader`).

Its quirks, settled once:

- **The round trip never decides a type either.** Its resolver knows only null (`~`, `null`, an
  empty value); every other plain scalar stays a string, so `insee: 04278` is not turned into
  4278, `2022-02-30` is not parsed as a date, and a value written back is plain whenever YAML's
  syntax allows it (`wave: 3`, `labelled_on: 2022-03-01`), quoted only when it must be.
- **The layout is the registry's**: maps indented by 2, list dashes indented by 2 under their key,
  no line re-wrapped; a no-op round trip of any record of `data/laureates/` is byte-identical
  (a test checks it).
"""

from __future__ import annotations

import io
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.util import RegExp

__all__ = ["dump_document", "load_document", "round_trip_yaml"]

_NULL = ("tag:yaml.org,2002:null", RegExp(r"^(?:~|null|Null|NULL|)$"))


class _TextResolver(VersionedResolver):
    """Resolve every plain scalar as a string, except null: YAML decides no type (see above)."""

    @property
    def versioned_resolver(self) -> Any:
        return {first: [_NULL] for first in ("", "~", "n", "N")}


def round_trip_yaml() -> YAML:
    """A ruamel.yaml round trip set up for record files (see the module's docstring)."""
    yaml = YAML(typ="rt")
    yaml.Resolver = _TextResolver
    yaml.indent(mapping=2, sequence=4, offset=2)
    yaml.width = 100_000  # never re-wrap a long URL or a note
    yaml.preserve_quotes = True
    yaml.allow_unicode = True
    return yaml


def load_document(text: str) -> Any:
    """Parse `text` into a round-trip document (comments and quoting attached)."""
    return round_trip_yaml().load(text)


def dump_document(document: Any) -> str:
    """Serialise a round-trip document back to text (UTF-8 safe, LF line ends)."""
    stream = io.StringIO()
    round_trip_yaml().dump(document, stream)
    return stream.getvalue()
