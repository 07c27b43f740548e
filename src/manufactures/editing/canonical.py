"""Prove, without ruamel.yaml, that a record's text is already in `manuf fmt`'s canonical form.

`manuf fmt` round-trips each file through ruamel.yaml (`editing.edits.format_record_text`), about
12 ms a record in pure Python. Most files are already canonical, and for those the answer can be
had from libyaml's C composer in a fraction of that: `is_canonical` writes the text that the
round trip would write for the composed document, *restricted to a narrow, regular layout*, and
compares it with the file. Equal texts prove the file canonical; anything else — a comment
other than the leading block, a blank line, a flow collection, an anchor, a tag, a folded or
multi-line scalar, an escape, a null, an unusual character or quoting — means "not proven", and
the caller falls back to the exact ruamel path. So this module may answer "not proven" for a
canonical file, never "canonical" for a file the round trip would change; a differential test
(`tests/test_canonical.py`) checks that on generated records and every record file of the repo.

The layout that is recognised is the one the round trip writes (`yaml.roundtrip`):
block mappings indented by 2, list dashes indented by 2 under their key (items' keys by 4), one
`key: value` per line; plain scalars where YAML allows them, quoted ones as `"…"` or `'…'`
without escapes, `|` literal blocks for multi-line values. On top of that, the canonical form
(`editing.layout.format_document`): keys in the schema's order, codes double-quoted, sectors sorted
and unique.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from functools import cache

from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from manufactures.editing.layout import (
    CODE_FIELDS,
    SCHEMA_LINE,
    UNORDERED_LISTS,
    key_ranks,
    model_at,
    scalar_kind,
    styled_scalar,
)
from manufactures.models import scalar_kinds
from manufactures.yaml.reader import YamlProblem, compose

__all__ = ["is_canonical"]

# Characters ruamel writes as they are (allow_unicode) and libyaml reads as they are: printable
# ASCII and the BMP, without line or paragraph separators, the byte-order mark, surrogates and
# non-characters. Tabs, control characters and anything beyond the BMP are left to ruamel. The
# classes are written as what they exclude: a class of wide ranges takes 4 ms to compile, its
# complement a tenth of that (the import of this module went from 17 ms to 2 ms).
_UNSAFE = r"\x7f-\x9f\u2028\u2029\ud800-\udfff\ufeff\ufffe\uffff\U00010000-\U0010ffff"
_SAFE = rf"[^\x00-\x1f{_UNSAFE}]"
# A plain scalar that ruamel's emitter writes plain in block context (its `analyze_scalar`) and
# libyaml reads back whole: no leading indicator, no `: ` or ` #` inside, no leading or trailing
# space, no trailing colon, not a document marker or a lone dash.
_PLAIN = re.compile(
    rf"(?={_SAFE}+\Z)(?!---|\.\.\.|-(?: |\Z))"
    r"[^ #,\[\]{}&*!|>'\"%@`?:](?:(?!: | #).)*(?<![ :])"
)
_NULLS = frozenset({"~", "null", "Null", "NULL"})
_KEY = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_-]{0,63}")
_DOUBLE = re.compile(rf'[^"\\\\\x00-\x1f{_UNSAFE}]+')  # neither `"` nor `\\`
_SINGLE = re.compile(rf"{_SAFE}+")
_LITERAL = re.compile(rf"[^ \n][^\x00-\x09\x0b-\x1f{_UNSAFE}]*(?<!\n)\n")
_COMMENT = re.compile(rf"#(?:{_SAFE}*[^ \x00-\x1f{_UNSAFE}])?\n")  # no trailing space
# ruamel re-wraps lines longer than its width (100 000): far longer texts are left to it.
_MAX_TEXT = 50_000
_MAX_DEPTH = 32


class _NotProven(Exception):
    """The text leaves the recognised layout: only the round trip can tell."""


def is_canonical(text: str, *, module_order: Sequence[str] = ()) -> bool:
    """Whether `text` is certainly what `format_record_text(text)` returns (False: unknown)."""
    if len(text) > _MAX_TEXT:
        return False
    try:
        root = compose(text)
    except YamlProblem:
        return False
    if type(root) is not MappingNode:
        return False
    if not text.startswith(SCHEMA_LINE + "\n"):
        return False  # fmt puts the editor's schema line first
    out: list[str] = [SCHEMA_LINE + "\n"]
    position = len(out[0])
    while text.startswith("#", position):  # the leading comment block, kept as it is
        match = _COMMENT.match(text, position)
        if match is None or match.group().startswith("# yaml-language-server:"):
            return False
        out.append(match.group())
        position = match.end()
    try:
        _mapping(root, "", "", (), tuple(module_order), out)
    except _NotProven:
        return False
    return "".join(out) == text


def _mapping(
    node: MappingNode,
    first: str,
    pad: str,
    path: tuple[str, ...],
    modules: tuple[str, ...],
    out: list[str],
) -> None:
    """Write a block mapping; its first key after `first` (a list dash), the others after `pad`."""
    if not node.value or len(path) > _MAX_DEPTH:
        raise _NotProven  # ruamel writes an empty mapping `{}`; a record is four levels deep
    ranks, codes, kinds = _layout(path, modules)
    last = 0
    seen: set[str] = set()
    for index, (key_node, value) in enumerate(node.value):
        key = key_node.value
        if type(key_node) is not ScalarNode or key_node.style or not _KEY.fullmatch(key):
            raise _NotProven
        if key in _NULLS or key in seen:
            raise _NotProven  # a null key, or a duplicate one (ruamel refuses those)
        seen.add(key)
        rank = ranks.get(key, len(ranks))
        if rank < last:
            raise _NotProven  # out of the canonical order: fmt moves it
        last = rank
        start = f"{first if index == 0 else pad}{key}:"
        kind = type(value)
        if kind is ScalarNode:
            if key in codes and value.style != '"':
                raise _NotProven  # fmt double-quotes codes
            if key not in codes:
                _check_style(value, kinds.get(key))
            out.append(start + _scalar(value, pad + "  "))
        elif key in codes:
            raise _NotProven
        elif kind is MappingNode:
            out.append(start + "\n")
            _mapping(value, pad + "  ", pad + "  ", (*path, key), modules, out)
        elif kind is SequenceNode:
            out.append(start + "\n")
            _sequence(value, pad + "  ", (*path, key), modules, out)
        else:
            raise _NotProven


def _sequence(
    node: SequenceNode, pad: str, path: tuple[str, ...], modules: tuple[str, ...], out: list[str]
) -> None:
    """Write a block list, its dashes after `pad`."""
    items: list[Node] = node.value
    if not items:
        raise _NotProven  # ruamel writes an empty list `[]`
    if len(path) == 1 and path[0] in UNORDERED_LISTS:
        if any(type(item) is not ScalarNode for item in items):
            raise _NotProven
        values = [item.value for item in items]
        if any(a >= b for a, b in itertools.pairwise(values)):
            raise _NotProven  # fmt sorts and de-duplicates these
    dash = pad + "- "
    kind = scalar_kind(path)
    for item in items:
        if isinstance(item, ScalarNode) and item.style != "|":
            _check_style(item, kind)
            out.append(dash[:-1] + _scalar(item, ""))
        elif isinstance(item, MappingNode):
            _mapping(item, dash, pad + "  ", path, modules, out)
        else:
            raise _NotProven


def _check_style(node: ScalarNode, kind: object) -> None:
    """Not proven when fmt would quote or unquote the scalar (see `layout.styled_scalar`)."""
    if not isinstance(kind, str) or (kind == "text" and node.style):
        return  # a quoted text keeps its quotes
    value: str = node.value
    if styled_scalar(kind, value) is not value or (kind != "text" and node.style):
        raise _NotProven


def _scalar(node: ScalarNode, pad: str) -> str:
    """The rest of the line after `key:` or `-`: ` value\\n`, or a literal block at `pad`."""
    value: str = node.value
    style = node.style
    if not style:
        if value in _NULLS or not _PLAIN.fullmatch(value):
            raise _NotProven
        return f" {value}\n"
    if style == '"' and _DOUBLE.fullmatch(value):
        return f' "{value}"\n'
    if style == "'" and _SINGLE.fullmatch(value):
        return " '" + value.replace("'", "''") + "'\n"
    if style == "|" and pad and _LITERAL.fullmatch(value):
        lines = value[:-1].split("\n")
        return " |\n" + "".join(f"{pad}{line}\n" if line else "\n" for line in lines)
    raise _NotProven


@cache
def _layout(
    path: tuple[str, ...], modules: tuple[str, ...]
) -> tuple[dict[str, int], frozenset[str], dict[str, object]]:
    """The rank of each key of the mapping at `path` in the canonical order, its code keys and
    its fields' scalar kinds."""
    model = model_at(path)
    codes = CODE_FIELDS & set(model.model_fields) if model is not None else frozenset()
    kinds: dict[str, object] = dict(scalar_kinds(model)) if model is not None else {}
    return key_ranks(path, module_order=modules), frozenset(codes), kinds
