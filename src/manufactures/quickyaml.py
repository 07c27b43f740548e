"""The quick reader: rapidyaml for the bulk of a large registry, never the last word.

`yamlio` reads a record exactly (libyaml's composer, every scalar a string, see its docstring),
but building PyYAML's node objects costs about 140 µs a record, five times libyaml's own parse.
rapidyaml (ryml) parses into a C++ tree and writes it out as JSON, which the standard library
reads back: about 40 µs. This module turns that JSON into the value `yamlio` would have built,
or answers None ("undecided") whenever it cannot be sure of that, so that the caller reads the
file exactly instead. By construction it never says more than the exact reader:

- **libyaml stays the judge of syntax**: every file is first run through libyaml's C parser
  (`raw_parse`: no Python object is built, 25 µs). A file it rejects is left to `yamlio`, which
  locates the error.
- **Anything the exact reader refuses or treats specially is left to it**: anchors, aliases,
  tags (an `&`, `*` or `!` where a node may start), merge keys (`<<`), directives, several
  documents, backslash escapes, tabs, carriage returns, a byte-order mark, and the line breaks
  YAML 1.1 and 1.2 disagree on (U+0085, U+2028, U+2029). So is a duplicate key, and a file
  whose last line has no line break (ryml then ends a block scalar with one, libyaml not).
- **Where ryml's JSON decides a type, the decision is undone or declined**: numbers keep their
  literal text; `true` / `false` become the strings they were; `null` and an empty value are
  None as in `yamlio`. ryml rewrites a few scalars on the way (`.5` → `0.5`, `7.` → `7.0`,
  `.NaN` → `.nan`, `inf` → `.inf`) and writes `~`, `Null` and `NULL` as strings where `yamlio`
  reads None: a document holding any of those outcomes is undecided.

The caller keeps one more guard (`loading`): a record read quickly that has any diagnostic at
all is read again exactly, and only the exact reading is reported. A quick reading therefore
only ever stands for a record without problems, and tests compare both readers on every record
file of the project and on generated documents (tests/test_quickyaml.py).

ryml reports its own parse errors on the standard error stream; it runs only in the worker
processes of `reading`, whose standard error is silenced.
"""

from __future__ import annotations

import json
import re
from typing import Any

from yaml._yaml import CParser

__all__ = ["available", "read_quickly"]

try:
    import ryml
except ImportError:  # pragma: no cover - a platform without a rapidyaml wheel
    ryml = None

# Bytes that may start what the exact reader refuses or treats specially: anchors (`&`), aliases
# (`*`), tags (`!`), complex keys (`?`, which libyaml also reads in `[?x]`), directives (`%`),
# merge keys (`<<`), escapes, tabs, carriage returns, and `~`, `Null` and `NULL`, which it reads
# as None where ryml writes a string.
_SUSPECT_BYTES = (b"&", b"*", b"!", b"?", b"%", b"<", b"~", b"\\", b"\t", b"\r", b"Null", b"NULL")
# Of those, the ones that really are what they look like (a `&` inside a URL is not an anchor).
_LEFT_TO_YAMLIO = re.compile(
    rb"[\\\t\r~]|<<|Null|NULL|(?:^|[\s\[{,:])[&*!?]|(?m:^%)",
)
# Characters YAML 1.1 (libyaml) reads as line breaks and YAML 1.2 (ryml) as text, and the BOM.
_SUSPECT_CHARACTERS = ("\x85", "\u2028", "\u2029", "\ufeff")
# A number ryml may have completed: `.5` → `0.5`, `-.5` → `-0.5`, `7.` → `7.0`, `7.e3` → `7.0e3`.
_COMPLETED_NUMBER = re.compile(r"^[-+]?0\.|\.0(?:[eE]|$)")


class _Undecided(Exception):
    pass


def available() -> bool:
    """Whether rapidyaml is installed (it is a dependency wherever a wheel exists for it)."""
    return ryml is not None


def read_quickly(raw: bytes) -> dict[str, Any] | None:
    """The mapping `yamlio.parse_record_text` gives for these UTF-8 bytes, or None if unsure."""
    if ryml is None or not _plain_enough(raw):
        return None
    try:
        CParser(raw).raw_parse()
        tree = ryml.parse_in_arena(raw)
        if tree.is_stream(tree.root_id()):
            return None  # several documents, or an explicit `---`: yamlio says which
        emitted: str | None = ryml.emit_json(tree)
    except Exception:  # whatever failed (libyaml's error, ryml's), yamlio says why
        return None
    if emitted is None or '.inf"' in emitted or '.nan"' in emitted:
        return None  # ryml writes `inf`, `.Inf`, `.NaN`… all alike
    del _floats[:]
    try:
        value = _DECODER.decode(emitted)
    except (_Undecided, ValueError, RecursionError):
        return None
    if type(value) is not dict or any(_completed(literal, raw) for literal in _floats):
        return None
    if "true" in emitted or "false" in emitted:
        value = _unbooled(value)
    mapping: dict[str, Any] = value
    return mapping


def _plain_enough(raw: bytes) -> bool:
    if not raw.endswith(b"\n"):
        return False  # ryml ends a block scalar on the last line with a line break: libyaml not
    if any(suspect in raw for suspect in _SUSPECT_BYTES) and _LEFT_TO_YAMLIO.search(raw):
        return False
    try:
        text = raw.decode()
    except UnicodeDecodeError:
        return False
    return not any(character in text for character in _SUSPECT_CHARACTERS)


_floats: list[str] = []


def _float_literal(literal: str) -> str:
    _floats.append(literal)
    return literal


def _completed(literal: str, raw: bytes) -> bool:
    """Whether ryml may have completed this number: `0.5` is the file's own text only if no
    shorter form of it (`.5`) stands as a scalar in the file."""
    if _COMPLETED_NUMBER.search(literal) is None:
        return False
    return any(_stands_in(shorter.encode(), raw) for shorter in _shorter_forms(literal))


def _stands_in(scalar: bytes, raw: bytes) -> bool:
    """Whether `scalar` occurs in `raw` other than inside a longer word or number."""
    at = raw.find(scalar)
    while at != -1:
        before = raw[at - 1 : at] if at else b" "
        after = raw[at + len(scalar) : at + len(scalar) + 1] or b" "
        if before in _BEFORE_SCALAR and after in _AFTER_SCALAR:
            return True
        at = raw.find(scalar, at + 1)
    return False


_BEFORE_SCALAR = frozenset(bytes([c]) for c in b" \t\n\r[{,:")
_AFTER_SCALAR = frozenset(bytes([c]) for c in b" \t\n\r,]}#")


def _shorter_forms(literal: str) -> set[str]:
    mantissa, e, exponent = literal.partition("e") if "e" in literal else literal.partition("E")
    sign = mantissa[0] if mantissa[0] in "+-" else ""
    digits = mantissa[len(sign) :]
    heads = {digits}
    if digits.startswith("0."):
        heads.add(digits[1:])
    forms = set()
    for head in heads:
        forms.add(head)
        if head.endswith(".0"):
            forms.add(head[:-1])
    return {f"{sign}{form}{e}{exponent}" for form in forms} - {literal}


def _undecided(_: str) -> Any:
    raise _Undecided


def _mapping(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    mapping = dict(pairs)
    if len(mapping) != len(pairs):
        raise _Undecided  # a duplicate key: yamlio locates it
    return mapping


_DECODER = json.JSONDecoder(
    parse_int=str,
    parse_float=_float_literal,
    parse_constant=_undecided,
    object_pairs_hook=_mapping,
)


def _unbooled(value: Any) -> Any:
    if value is True:
        return "true"
    if value is False:
        return "false"
    if type(value) is dict:
        return {key: _unbooled(item) for key, item in value.items()}
    if type(value) is list:
        return [_unbooled(item) for item in value]
    return value
