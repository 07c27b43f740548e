"""The fast canonical-form check of `manuf fmt` never says "canonical" when ruamel would change it.

`canonical.is_canonical` answers from libyaml's composer; `editing.format_record_text` (ruamel's
round trip) is the reference. The fast answer may be "not proven" for a canonical text (the
round trip then decides), but whenever it says "canonical" the round trip must give the text back
unchanged. Checked on every record-like file of the repository and on generated documents, most
of them written in the canonical layout and many slightly off it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manufactures.editing.canonical import is_canonical
from manufactures.editing.edits import format_record_text
from manufactures.editing.layout import CODE_FIELDS, SCHEMA_LINE, key_order
from manufactures.models import Laureate
from tests.conftest import DATA, FIXTURES, REPO, run_cli

MODULES = tuple(
    module["id"]
    for module in yaml.safe_load((DATA / "modules.yaml").read_text(encoding="utf-8"))["modules"]
)
DEMO = REPO / "examples" / "demo"
SETTINGS = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def _agrees(text: str) -> bool:
    """The fast verdict is never "canonical" where the round trip changes the text."""
    if not is_canonical(text, module_order=MODULES):
        return True
    return format_record_text(text, module_order=MODULES) == text


def _record_files() -> list[Path]:
    folders = (DATA / "laureates", DEMO / "laureates")
    return sorted(p for folder in folders for p in folder.glob("*.yaml"))


@pytest.mark.parametrize("path", _record_files(), ids=lambda p: f"{p.parent.parent.name}/{p.name}")
def test_every_record_of_the_repository_is_proven_canonical_and_is(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    assert is_canonical(text, module_order=MODULES)  # so `manuf fmt --check` skips the round trip
    assert format_record_text(text, module_order=MODULES) == text


def _fixture_texts() -> list[Path]:
    return sorted(p for p in FIXTURES.rglob("*") if p.is_file() and not p.is_symlink())


@pytest.mark.parametrize("path", _fixture_texts(), ids=lambda p: str(p.relative_to(FIXTURES)))
def test_the_verdict_on_every_fixture_agrees_with_the_round_trip(path: Path) -> None:
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError:
        pytest.skip("not UTF-8: no record text to check")
    assert _agrees(text)


@pytest.mark.parametrize(
    "text",
    [
        "id: a\nname: b\n",
        "# head\n#\n#  two  spaces\nid: a\nnotes: |\n  one\n\n    two\n",
        'id: a\nlocation:\n  commune: Die\n  insee: "26113"\n',
        "id: a\nsources:\n  - url: https://example.org/a?b=c#d\n    note: L'ouverture — « 2023 »\n",
        "id: a\nsectors:\n  - bois\n  - metal\n",
        "id: a\nincubation:\n  m1:\n    status: done\n    completed_on: 2024-01-02\n",
    ],
)
def test_ordinary_canonical_texts_are_proven(text: str) -> None:
    text = f"{SCHEMA_LINE}\n{text}"
    assert is_canonical(text, module_order=("m1", "m2"))
    assert format_record_text(text, module_order=("m1", "m2")) == text


@pytest.mark.parametrize(
    "text",
    [
        "name: b\nid: a\n",  # key order
        "id: a\nlocation:\n  insee: 26113\n",  # a code not quoted
        "id: a\nlocation:\n  insee: '26113'\n",  # single quotes on a code
        "id: a\nsectors:\n  - metal\n  - bois\n",  # unsorted
        "id: a\nsectors:\n  - bois\n  - bois\n",  # duplicated
        "id: a\nsectors: [bois]\n",  # flow style
        "id: a\nsectors:\n- bois\n",  # dash not indented
        "id: a\nname: b  # why\n",  # a comment fmt keeps, but not proven here
        "id: a\n\nname: b\n",  # a blank line
        "id: a\nname: b \n",  # a trailing space
        "id: a\nname: b\r\n",  # CRLF
        "id: a\nname: ~\n",  # null
        "id: a\nname: 'b'\nname: c\n",  # duplicate key
        "id: a\nname: &x b\nnotes: *x\n",  # anchor and alias
        "id: a\nname: !!str b\n",  # tag
        '---\nid: a\nname: "b\\u00e9"\n',  # document start, an escape
        "id: a\nnotes: >\n  folded\n",  # folded scalar
        "id: a\nnotes: |-\n  no final newline\n",  # chomping
        "id: a\nsupport: {}\n",  # empty mapping
        "- id: a\n",  # not a mapping
    ],
)
def test_texts_off_the_layout_are_not_proven(text: str) -> None:
    assert not is_canonical(f"{SCHEMA_LINE}\n{text}", module_order=())


@pytest.mark.parametrize(
    "text",
    [
        "id: a\nname: b\n",  # no schema line
        "# a comment\n" + SCHEMA_LINE + "\nid: a\n",  # not first
        SCHEMA_LINE + "\n# yaml-language-server: $schema=other.json\nid: a\n",  # a second one
        SCHEMA_LINE + "\nid: a\nname: 104\n",  # a text YAML reads as a number
        SCHEMA_LINE + '\nid: a\nwave: "2"\n',  # a quoted number
        SCHEMA_LINE + "\nid: a\nfunding:\n  - amount_eur: 250_000\n",  # underscores
        SCHEMA_LINE + "\nid: a\nactivities:\n  - no\n",  # a list item YAML reads as false
        SCHEMA_LINE + '\nid: a\nlabelled_on: "2022-01-01"\n',  # a quoted date
    ],
)
def test_fmt_writes_what_these_lack_so_they_are_not_proven(text: str) -> None:
    assert not is_canonical(text, module_order=())
    formatted = format_record_text(text, module_order=())
    assert formatted != text and formatted.startswith(SCHEMA_LINE + "\n")
    assert formatted.count("yaml-language-server") == 1
    assert is_canonical(formatted, module_order=())


# --- generated documents --------------------------------------------------------------------

TRICKY = list("ab é—’«:#-'\"\\ \t?[]{},&*!|>%@`~\n\u2028\x85\ufeff\U0001f600")
SCALARS = st.one_of(
    st.sampled_from(
        [
            "bois",
            "07",
            "2A",
            "26113",
            "2023-01-04",
            "-0.73944",
            "https://example.org/x?y=1#z",
            "L'Arbre — « fabrique »",
            "a: b",
            "a #b",
            "null",
            "~",
            "",
            "---",
            "- x",
            "yes",
            " lead",
            "trail ",
            "a\nb",
            "two\n\nparagraphs\n",
            "  indented\nlines\n",
            "x\n  more\n",
            "x\n   \ny\n",
        ]
    ),
    st.text(alphabet=st.sampled_from(TRICKY), max_size=10),
)
ORDINARY = st.one_of(
    st.sampled_from(
        ["bois", "07", "2A", "2023-01-04", "-0.5", "https://example.org/x?y=1", "a\nb\n"]
    ),
    st.text(alphabet=st.sampled_from(list("abé—’«.,-' ")), min_size=1, max_size=10),
)
KEYS = sorted({*Laureate.model_fields, *CODE_FIELDS, "status", "completed_on", "url", "note"})
EXTRA_KEYS = ["extra", "zz", "null", "2A", "a-b", "Id", *MODULES]


@st.composite
def trees(draw: st.DrawFn, scalars: Any, depth: int, path: tuple[str, ...]) -> Any:
    """A document tree: ("map", [(key, tree)]), ("seq", [tree]) or ("scalar", value, style)."""
    kind = draw(st.sampled_from(["scalar"] * 3 + ["map", "seq"] * (depth < 3)))
    if kind == "scalar":
        style = draw(st.sampled_from(["plain"] * 4 + ["double", "double", "single", "literal"]))
        return ("scalar", draw(scalars), style)
    if kind == "seq":
        items = st.lists(trees(scalars, depth + 1, path), min_size=0, max_size=3)
        return ("seq", draw(items))
    return ("map", draw(pairs(scalars, depth, path)))


@st.composite
def pairs(
    draw: st.DrawFn, scalars: Any, depth: int = 0, path: tuple[str, ...] = ()
) -> list[tuple[str, Any]]:
    order = key_order(path, module_order=MODULES)
    pool = order or KEYS
    keys = draw(
        st.lists(
            st.one_of(st.sampled_from(pool), st.sampled_from(EXTRA_KEYS)),
            min_size=0 if depth else 1,
            max_size=5,
            unique=draw(st.booleans()) or len(pool) < 2,
        )
    )
    if draw(st.integers(0, 4)):  # mostly in the canonical order, as fmt leaves them
        rank = {key: index for index, key in enumerate(order)}
        keys.sort(key=lambda key: rank.get(key, len(rank)))
    result = []
    for key in keys:
        if key in CODE_FIELDS and draw(st.integers(0, 3)):
            value: Any = ("scalar", draw(scalars), "double")
        elif key == "sectors" and depth == 0 and draw(st.booleans()):
            words = draw(st.lists(st.sampled_from(["bois", "metal", "textile", "b"]), max_size=4))
            if draw(st.integers(0, 3)):
                words = sorted(set(words))
            value = ("seq", [("scalar", word, "plain") for word in words])
        else:
            value = draw(trees(scalars, depth + 1, (*path, key)))
        result.append((key, value))
    return result


@st.composite
def layouts(draw: st.DrawFn) -> dict[str, Any]:
    """How to write a tree: mostly the canonical layout, sometimes another valid one."""
    return {
        "seq_pad": draw(st.sampled_from([2, 2, 2, 0, 4])),
        "map_pad": draw(st.sampled_from([2, 2, 2, 4])),
        "header": draw(
            st.lists(
                st.sampled_from(["# fiche", "#", "#  deux  ", "# é — « »", "#x", "# a\t"]),
                max_size=3,
            )
        ),
        "blank_after_header": draw(st.integers(0, 5)) == 0,
        "comment_after": draw(st.sampled_from([None, None, None, "# fin", "  # x"])),
        "flow": draw(st.integers(0, 9)) == 0,
    }


def _scalar(value: str, style: str, pad: str) -> str:
    if style == "double":
        return json.dumps(value, ensure_ascii=False)
    if style == "single":
        return "'" + value.replace("'", "''") + "'"
    if style == "literal":
        chomp = "" if value.endswith("\n") else "-"
        body = value if value.endswith("\n") else value + "\n"
        lines = body[:-1].split("\n")
        return f"|{chomp}\n" + "".join(f"{pad}{line}\n" if line else "\n" for line in lines)[:-1]
    return value


def _write(tree: Any, pad: str, layout: dict[str, Any]) -> list[str]:
    """The lines of a mapping or list written at `pad`."""
    lines: list[str] = []
    items = tree[1] if tree[0] == "map" else [(None, item) for item in tree[1]]
    if not items or (layout["flow"] and all(v[0] == "scalar" for _, v in items)):
        if tree[0] == "map":
            inner = ", ".join(f"{k}: {json.dumps(v[1], ensure_ascii=False)}" for k, v in items)
            return [pad + "{" + inner + "}"]
        return [pad + "[" + ", ".join(json.dumps(v[1], ensure_ascii=False) for _, v in items) + "]"]
    for key, value in items:
        head = f"{pad}{key}:" if key is not None else f"{pad}-"
        inner = pad + " " * (layout["map_pad"] if key is not None else 2)
        if value[0] == "scalar":
            lines.append(f"{head} {_scalar(value[1], value[2], inner)}".rstrip(" "))
        elif key is None:
            below = _write(value, inner, layout)
            lines.append(f"{head} {below[0].lstrip()}")
            lines += below[1:]
        else:
            nested_pad = pad + " " * (layout["seq_pad"] if value[0] == "seq" else layout["map_pad"])
            below = _write(value, nested_pad, layout)
            if below[0].lstrip().startswith(("{", "[")):
                lines.append(f"{head} {below[0].lstrip()}")
            else:
                lines += [head, *below]
    return lines


def _document(tree: Any, layout: dict[str, Any]) -> str:
    header = "".join(f"{line}\n" for line in layout["header"])
    if header and layout["blank_after_header"]:
        header += "\n"
    text = header + "\n".join(_write(tree, "", layout)) + "\n"
    if layout["comment_after"]:
        text += layout["comment_after"] + "\n"
    return text


@SETTINGS
@given(tree=st.one_of(pairs(SCALARS), pairs(ORDINARY)), layout=layouts())
def test_a_proven_verdict_is_what_the_round_trip_says(tree: Any, layout: dict[str, Any]) -> None:
    text = _document(("map", tree), layout)
    assert _agrees(text), text
    try:  # and what fmt writes for it: canonical, with the same unusual values
        canonical = format_record_text(text, module_order=MODULES)
    except Exception:  # not a document ruamel reads: nothing more to compare
        return
    assert _agrees(canonical), canonical


@SETTINGS
@given(tree=pairs(ORDINARY), layout=layouts())
def test_a_text_fmt_wrote_is_proven_when_it_holds_ordinary_values(
    tree: Any, layout: dict[str, Any]
) -> None:
    """Not a correctness property: the fast path must cover what fmt writes, or it is useless."""
    text = _document(("map", tree), layout)
    try:
        canonical = format_record_text(text, module_order=MODULES)
    except Exception:  # not a document ruamel reads: nothing to compare
        return
    if _ordinary(canonical):
        assert is_canonical(canonical, module_order=MODULES), canonical


def _ordinary(text: str) -> bool:
    """A text in the layout the fast check knows: block style, no null, nothing unusual."""
    try:
        document = yaml.compose(text, Loader=yaml.BaseLoader)
    except yaml.YAMLError:
        return False
    lines = text.splitlines()
    start = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
    header, body = lines[:start], lines[start:]
    unusual = "\\\t\u2028\x85\ufeff\U0001f600{}[]~\"'"
    return (
        document is not None
        and all(line.strip() and not line.endswith(" ") and "#" not in line for line in body)
        and not any(line.endswith(" ") for line in header)
        and not any(ch in text for ch in unusual)
        and all(_plain_and_not_null(v) for v in _plain_values(document))
        and "|-" not in text
        and "|+" not in text
        and "|2" not in text
        and ">" not in text
        and "- x" not in text
        and "---" not in text
        and not _list_in_list(document)
    )


def _list_in_list(node: Any) -> bool:
    if isinstance(node, yaml.SequenceNode):
        return any(isinstance(i, yaml.SequenceNode) or _list_in_list(i) for i in node.value)
    if isinstance(node, yaml.MappingNode):
        return any(_list_in_list(value) for _, value in node.value)
    return False


def _plain_and_not_null(value: str) -> bool:
    return bool(value) and ": " not in value and not value.endswith(":") and value != "null"


def _plain_values(node: Any) -> list[str]:
    if isinstance(node, yaml.ScalarNode):
        return [node.value] if node.style is None else []
    if isinstance(node, yaml.SequenceNode):
        return [v for item in node.value for v in _plain_values(item)]
    return [v for pair in node.value for item in pair for v in _plain_values(item)]


# --- the command ----------------------------------------------------------------------------


def test_fmt_still_rewrites_what_the_fast_check_cannot_prove(registry: Path) -> None:
    folder = registry / "laureates"
    commented = (
        (folder / "polinno.yaml")
        .read_text(encoding="utf-8")
        .replace("\nname:", "  # the id\nname:", 1)
    )
    (folder / "polinno.yaml").write_text(commented, encoding="utf-8")
    assert not is_canonical(commented, module_order=MODULES)  # the round trip decides
    unsorted = "id: messy\nname: Messy\nsectors:\n  - metal\n  - bois\n"
    (folder / "messy.yaml").write_text(unsorted, encoding="utf-8")

    check = run_cli("fmt", "--check", str(registry))
    assert (check.exit_code, check.stdout.splitlines()) == (1, [f"{folder}/messy.yaml"])
    assert check.stderr == "1 of 3 file(s) would be reformatted, 0 not readable\n"

    assert run_cli("fmt", str(registry)).exit_code == 0
    assert (folder / "polinno.yaml").read_text(encoding="utf-8") == commented
    assert (folder / "messy.yaml").read_text(encoding="utf-8") == (
        f"{SCHEMA_LINE}\nid: messy\nname: Messy\nsectors:\n  - bois\n  - metal\n"
    )
