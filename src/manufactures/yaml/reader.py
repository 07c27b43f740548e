"""YAML, configured once: how record files are read, and how a path in a record is located.

The quirks this module settles, once for the whole tool:

- **YAML never decides a type.** Every plain scalar is read as a string (``insee: 04278`` is the
  code ``"04278"``, ``01234`` is not octal, ``no`` is not a boolean); only ``~``, ``null`` and an
  empty value are null. The pydantic models turn strings into ints, dates and floats where a field
  asks for one, so the model, not YAML 1.1's resolver, is the single authority on types.
- **No tag constructs anything.** An explicit tag (``!!python/object``, ``!!int``, ``!foo``) is
  refused before any value is built: records are plain data.
- **No anchors or aliases.** Records never need them, and refusing them removes alias bombs.
- **Duplicate keys are errors**, where libyaml would silently keep the last one.
- **Files are UTF-8** (a UTF-8 byte-order mark is tolerated, as the YAML spec allows).
- **Bounded**: a file larger than `MAX_FILE_BYTES` is not parsed, and nesting deeper than
  `MAX_DEPTH` is refused (libyaml itself stops at 1 000 levels).

Reading uses libyaml's C composer through PyYAML and a small builder written for this schema; it
is several times faster than a full YAML constructor (see the README's performance section). The
same composer gives the line and column of any node, so an error found later by the models is
located by composing the failing file again and walking the error's path.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import yaml
from yaml._yaml import CParser
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from manufactures.i18n import _
from manufactures.yaml.plain import agreed_number, typed_as

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "Ambiguous",
    "YamlProblem",
    "compose",
    "decode_record_bytes",
    "locate",
    "parse_record_text",
]

_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_STR_TAG = "tag:yaml.org,2002:str"
_SEQ_TAG = "tag:yaml.org,2002:seq"
_MAP_TAG = "tag:yaml.org,2002:map"
_DEFAULT_TAGS = frozenset({_STR_TAG, _SEQ_TAG, _MAP_TAG})
_ALIAS_HINT_CHARS = ("&", "*")

# Limits (docs/SECURITY.md). A record is a few kilobytes and four levels deep; these leave a wide
# margin while keeping any one file's cost bounded in time and memory.
MAX_FILE_BYTES = 1_048_576
MAX_DEPTH = 32


class YamlProblem(Exception):
    """A file that cannot be read as a record document, with where and why (1-based line/col).

    A plain class: a dataclass is made several times slower when the module is imported.
    """

    def __init__(
        self, code: str, message: str, line: int = 1, column: int = 1, hint: str | None = None
    ) -> None:
        super().__init__(code, message, line, column, hint)
        self.code = code
        self.message = message
        self.line = line
        self.column = column
        self.hint = hint


def decode_record_bytes(raw: bytes) -> str:
    """Decode a record file's bytes as UTF-8 (BOM tolerated), or raise a located `YamlProblem`."""
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise YamlProblem(
            "file-encoding",
            _("the file is UTF-16; records must be UTF-8"),
            hint=_("re-save the file as UTF-8 (without BOM)"),
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _position_of_offset(raw, error.start)
        raise YamlProblem(
            "file-encoding",
            _("invalid UTF-8 byte 0x{byte}; records must be UTF-8").format(
                byte=f"{raw[error.start]:02x}"
            ),
            line,
            column,
            hint=_("re-save the file as UTF-8"),
        ) from None


def _position_of_offset(raw: bytes, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column (in characters) of a byte offset."""
    before = raw[:offset]
    line_start = before.rfind(b"\n") + 1
    column = len(before[line_start:].decode("utf-8", errors="replace")) + 1
    return before.count(b"\n") + 1, column


class _Loader(CParser):
    """libyaml's composer with the cheapest possible resolver, and nothing else.

    The composer calls back into Python for every node to resolve its tag; the base resolver's
    generic machinery (path resolvers, implicit resolvers) costs more than parsing itself, and
    with every scalar a string there is nothing to resolve. Explicit tags bypass this and are
    refused by the builder. No constructor is mixed in (as `CBaseLoader` does): the builder
    below makes the values, and each file's loader starts a little faster without one.
    """

    def resolve(self, kind: type[Node], value: Any, implicit: Any) -> str:  # noqa: ARG002
        return _TAG_BY_KIND[kind]

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        pass

    def ascend_resolver(self) -> None:
        pass


_TAG_BY_KIND: dict[type[Node], str] = {
    ScalarNode: _STR_TAG,
    SequenceNode: _SEQ_TAG,
    MappingNode: _MAP_TAG,
}


def compose(text: str) -> Node | None:
    """Compose one YAML document into a libyaml node tree, or raise a located `YamlProblem`."""
    loader = _Loader(text)
    try:
        return loader.get_single_node()
    except yaml.MarkedYAMLError as error:
        raise _problem_from_yaml_error(error) from None
    except yaml.reader.ReaderError as error:
        line, column = _position_in_text(text, error.position)
        raise YamlProblem(
            "yaml-syntax",
            _("the character U+{code} is not allowed in YAML").format(
                code=f"{error.character:04X}"
            ),
            line,
            column,
            hint=_("remove it, or write it as an escape inside a double-quoted string"),
        ) from None
    except yaml.YAMLError as error:
        raise YamlProblem("yaml-syntax", str(error)) from None
    finally:
        loader.dispose()


def _position_in_text(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    return before.count("\n") + 1, offset - (before.rfind("\n") + 1) + 1


def _problem_from_yaml_error(error: yaml.MarkedYAMLError) -> YamlProblem:
    problem = error.problem or "invalid YAML"
    mark = error.problem_mark or error.context_mark
    if "end of stream" in problem and error.context_mark is not None:
        # Reaching the end of the file says nothing useful; where the unclosed thing began does.
        mark = error.context_mark
        if "quoted scalar" in str(error.context):
            return YamlProblem(
                "yaml-syntax",
                _("this quoted string is never closed"),
                mark.line + 1,
                mark.column + 1,
                hint=_("add the closing quote"),
            )
        problem = _("reached the end of the file")
    line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
    if "expected a single document" in str(error.context):
        return YamlProblem(
            "yaml-multiple-documents",
            _("the file holds more than one YAML document; a record is one document"),
            line,
            column,
            hint=_("remove the `---` separator and the second document"),
        )
    if "maximum nesting depth" in problem:
        return YamlProblem(
            "yaml-too-deep",
            _("the document nests deeper than libyaml allows ({problem})").format(problem=problem),
            line,
            column,
        )
    context = f" ({error.context})" if error.context else ""
    hint = _("YAML indents with spaces, never tabs") if "'\\t'" in problem else None
    return YamlProblem("yaml-syntax", f"{problem}{context}", line, column, hint=hint)


class Ambiguous(NamedTuple):
    """A scalar other YAML readers read otherwise than its field means (see `yaml.plain`)."""

    path: tuple[str | int, ...]
    text: str
    kind: str
    """The field's kind: `text`, `integer` or `number`."""
    quoted: bool
    typed_as: str | None
    """What some reader takes a plain text for (`number`, `boolean`…), if it is one."""


# The kinds of a record's scalars by key (see `models.scalar_kinds`): a nested mapping per
# mapping, `ANY_KEY` for the values of a free mapping.
Kinds = dict[str, Any]
ANY_KEY = "*"
_NUMERIC = frozenset({"integer", "number"})


def parse_record_text(
    text: str, kinds: Kinds | None = None, ambiguous: list[Ambiguous] | None = None
) -> Any:
    """Parse a record document into plain dicts, lists, strings and None.

    With the scalar `kinds` of its fields, each scalar whose plain reading by other YAML readers
    differs from its field's kind (a text `104` or `no`, a quoted number, `250_000`) is added to
    `ambiguous`.
    """
    node = compose(text)
    if node is None:
        return None
    seen: set[int] | None = set() if any(c in text for c in _ALIAS_HINT_CHARS) else None
    found: list[Node] | None = [] if kinds is not None and ambiguous is not None else None
    try:
        value = _build(node, seen, 0, kinds if found is not None else None, found)
    except _AliasFound:
        raise _alias_problem(text) from None
    if found and ambiguous is not None:
        ambiguous.extend(_ambiguities(node, found, kinds or {}))
    return value


def _build(
    node: Node, seen: set[int] | None, depth: int, kind: Any = None, found: list[Node] | None = None
) -> Any:
    if node.tag not in _DEFAULT_TAGS:
        raise _tag_problem(node)
    if seen is not None:
        _refuse_alias(node, seen)
    if depth > MAX_DEPTH:
        raise YamlProblem(
            "yaml-too-deep",
            _("the document nests more than {depth} levels deep; a record needs four").format(
                depth=MAX_DEPTH
            ),
            node.start_mark.line + 1,
            node.start_mark.column + 1,
        )
    if type(node) is ScalarNode:
        value: str = node.value
        # libyaml's composer marks plain scalars with an empty style, quoted ones with the quote.
        if not node.style:
            if value in _NULLS:
                return None
            if type(kind) is str and found is not None and _ambiguous_plain(value, kind):
                found.append(node)
        elif type(kind) is str and kind in _NUMERIC and found is not None and node.style in _QUOTES:
            found.append(node)
        return value
    if type(node) is MappingNode:
        return _build_mapping(node, seen, depth + 1, kind if type(kind) is dict else None, found)
    return [_build(item, seen, depth + 1, kind, found) for item in node.value]


_QUOTES = frozenset({"'", '"'})


def _ambiguous_plain(value: str, kind: str) -> bool:
    if kind == "text":
        return typed_as(value) is not None
    return kind in _NUMERIC and not agreed_number(value)


def _ambiguities(root: Node, found: list[Node], kinds: Kinds) -> list[Ambiguous]:
    """The found scalars with their path and kind, in the file's order."""
    wanted = {id(node) for node in found}
    result: list[Ambiguous] = []

    def walk(node: Node, path: tuple[str | int, ...], kind: Any) -> None:
        if id(node) in wanted and isinstance(node, ScalarNode):
            value = node.value
            quoted = bool(node.style)
            typed = None if quoted or kind != "text" else typed_as(value)
            result.append(Ambiguous(path, value, kind, quoted, typed))
        elif type(node) is MappingNode:
            for key_node, value_node in node.value:
                key = key_node.value
                inner = kind.get(key, kind.get(ANY_KEY)) if type(kind) is dict else None
                walk(value_node, (*path, key), inner)
        elif type(node) is SequenceNode:
            for index, item in enumerate(node.value):
                walk(item, (*path, index), kind)

    walk(root, (), kinds)
    return result


def _build_mapping(
    node: MappingNode,
    seen: set[int] | None,
    depth: int,
    kinds: Kinds | None = None,
    found: list[Node] | None = None,
) -> dict[str, Any]:
    mapping: dict[str, Any] = {}
    for key_node, value_node in node.value:
        key = _mapping_key(key_node)
        if key in mapping:
            raise YamlProblem(
                "yaml-duplicate-key",
                _("duplicate key `{key}`: it is already set above in this mapping").format(key=key),
                key_node.start_mark.line + 1,
                key_node.start_mark.column + 1,
                hint=_("keep one of the two values"),
            )
        kind = None
        if kinds is not None:
            kind = kinds.get(key)
            if kind is None:
                kind = kinds.get(ANY_KEY)
        mapping[key] = _build(value_node, seen, depth, kind, found)
    return mapping


def _mapping_key(key_node: Node) -> str:
    if type(key_node) is not ScalarNode or key_node.tag != _STR_TAG:
        raise YamlProblem(
            "yaml-complex-key",
            _("a mapping key must be a plain string"),
            key_node.start_mark.line + 1,
            key_node.start_mark.column + 1,
        )
    if key_node.value == "<<" and not key_node.style:
        raise YamlProblem(
            "yaml-merge-key",
            _("merge keys (`<<`) are not allowed in records"),
            key_node.start_mark.line + 1,
            key_node.start_mark.column + 1,
            hint=_("write the keys out in full"),
        )
    return key_node.value  # type: ignore[no-any-return]


def _refuse_alias(node: Node, seen: set[int]) -> None:
    # An alias composes to the very node object its anchor produced: meeting a node twice is the
    # only trace an alias leaves in the tree.
    if id(node) in seen:
        raise _AliasFound
    seen.add(id(node))


class _AliasFound(Exception):
    """Raised inside the builder; `parse_record_text` turns it into a located problem."""


def _alias_problem(text: str) -> YamlProblem:
    """Locate the first alias of `text` (the node tree only knows where its anchor was)."""
    mark = next(
        (
            e.start_mark
            for e in yaml.parse(text, Loader=yaml.CBaseLoader)
            if isinstance(e, yaml.AliasEvent)
        ),
        None,
    )
    return YamlProblem(
        "yaml-alias",
        _("anchors and aliases (`&name`, `*name`) are not allowed in records"),
        mark.line + 1 if mark else 1,
        mark.column + 1 if mark else 1,
        hint=_("write the value out in full"),
    )


def _tag_problem(node: Node) -> YamlProblem:
    return YamlProblem(
        "yaml-tag",
        _(
            "the tag `{tag}` is not allowed: records hold plain data and no tag is ever executed"
        ).format(tag=node.tag),
        node.start_mark.line + 1,
        node.start_mark.column + 1,
        hint=_("remove the tag; quote the value if it must stay a string"),
    )


def locate(
    root: Node | None, path: tuple[str | int, ...], *, at_key: bool = False
) -> tuple[int, int]:
    """Return the 1-based (line, column) of `path` in a composed document.

    The deepest node that exists along the path is used, so a missing field points at its parent
    mapping. With `at_key`, the last step points at the key itself rather than at its value.
    """
    if root is None:
        return 1, 1
    node, key_node = root, None
    for step in path:
        child = _child(node, step)
        if child is None:
            break
        key_node, node = child
    target = key_node if at_key and key_node is not None else node
    return target.start_mark.line + 1, target.start_mark.column + 1


def _child(node: Node, step: str | int) -> tuple[Node | None, Node] | None:
    if type(node) is MappingNode:
        for key_node, value_node in node.value:
            if type(key_node) is ScalarNode and key_node.value == step:
                return key_node, value_node
        return None
    if type(node) is SequenceNode and isinstance(step, int) and 0 <= step < len(node.value):
        item: Node = node.value[step]
        return None, item
    return None
