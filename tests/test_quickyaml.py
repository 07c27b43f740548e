"""The quick reader (rapidyaml) never says anything the exact reader (libyaml) would not.

`quickyaml.read_quickly` may answer None ("undecided", the exact reader then reads the file) for
any document, but when it answers a value, it must be the very value `yamlio` builds. Checked on
every YAML file of the repository, on the cases where the two libraries are known to read apart,
and on generated documents mixing the YAML features a contributor may type. Then, through the
loader: a large registry (read quickly, in worker processes) gives exactly the report the same
files give when read one by one by the exact reader.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manufactures import loading, reading
from manufactures.quickyaml import available, read_quickly
from manufactures.yamlio import YamlProblem, decode_record_bytes, parse_record_text
from tests.conftest import FIXTURES, REPO, run_cli

pytestmark = pytest.mark.skipif(not available(), reason="rapidyaml is not installed here")

DEMO = REPO / "examples" / "demo"


def _exact(raw: bytes) -> Any:
    try:
        return parse_record_text(decode_record_bytes(raw))
    except YamlProblem as problem:
        return problem


def _agrees(raw: bytes) -> bool:
    quick = read_quickly(raw)
    return quick is None or quick == _exact(raw)


def _yaml_files() -> list[Path]:
    data = sorted(REPO.joinpath("data").rglob("*.yaml"))
    others = sorted(p for folder in (DEMO, FIXTURES) for p in folder.rglob("*") if p.is_file())
    return data + others


def test_every_record_of_the_project_is_read_quickly_and_alike() -> None:
    files = sorted((REPO / "data" / "laureates").glob("*.yaml")) + sorted(
        (DEMO / "laureates").glob("*.yaml")
    )
    quick = [read_quickly(path.read_bytes()) for path in files]
    # The quick reader is worth having only if it reads ordinary records itself.
    assert sum(value is not None for value in quick) >= len(files) - 2
    for path, value in zip(files, quick, strict=True):
        assert value is None or value == _exact(path.read_bytes()), path


@pytest.mark.parametrize("path", _yaml_files(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_yaml_file_of_the_repository_reads_alike(path: Path) -> None:
    assert _agrees(path.read_bytes())


@pytest.mark.parametrize(
    ("text", "exact"),
    [
        # Scalars rapidyaml's JSON types or rewrites: the exact reader keeps them as text.
        ("a: .5\n", {"a": ".5"}),
        ("a: -.5\n", {"a": "-.5"}),
        ("a: 7.\n", {"a": "7."}),
        ("a: 7.e3\n", {"a": "7.e3"}),
        ("a: 0.5\nb: .5\n", {"a": "0.5", "b": ".5"}),
        ("a: 3.0\nb: 3.\n", {"a": "3.0", "b": "3."}),
        ("a: 0.50\n", {"a": "0.50"}),
        ("a: 1e3\nb: 1E3\nc: -1e-3\n", {"a": "1e3", "b": "1E3", "c": "-1e-3"}),
        ("a: 04278\nb: '04278'\n", {"a": "04278", "b": "04278"}),
        (
            "a: +3\nb: 0x1F\nc: 0o17\nd: 1_000\n",
            {"a": "+3", "b": "0x1F", "c": "0o17", "d": "1_000"},
        ),
        (
            "a: .NaN\nb: .Inf\nc: -.INF\nd: inf\ne: nan\n",
            dict(zip("abcde", [".NaN", ".Inf", "-.INF", "inf", "nan"], strict=True)),
        ),
        ("a: infinity\n", {"a": "infinity"}),
        (
            "a: true\nb: false\nc: True\nd: 'true'\n",
            {"a": "true", "b": "false", "c": "True", "d": "true"},
        ),
        ("a: [true, false, 'x']\n", {"a": ["true", "false", "x"]}),
        ("a: yes\nb: on\nc: y\n", {"a": "yes", "b": "on", "c": "y"}),
        # Nulls: plain ~, null, Null, NULL and an empty value; quoted ones are text.
        ("a: ~\n", {"a": None}),
        ("a: Null\nb: NULL\n", {"a": None, "b": None}),
        ("a: null\nb:\nc: 'null'\nd: \"~\"\n", {"a": None, "b": None, "c": "null", "d": "~"}),
        ("a:\n  - \n  - x\n", {"a": [None, "x"]}),
        # Keys are always text.
        (
            "3: x\n~: y\nnull: z\ntrue: t\n.5: h\n",
            {"3": "x", "~": "y", "null": "z", "true": "t", ".5": "h"},
        ),
        # Block, folded, multi-line and quoted scalars.
        ("a: |\n  one\n  two\n", {"a": "one\ntwo\n"}),
        ("a: |-\n  one\n\n  two\n\n", {"a": "one\n\ntwo"}),
        ("a: >+\n  x\n  y\n\n", {"a": "x y\n\n"}),
        ("a: |2-\n    x\n   y\n", {"a": "  x\n y"}),
        ("a: x\n  y\n\n  z\n", {"a": "x y\nz"}),
        ("a: 'it''s'\n", {"a": "it's"}),
        ("a: 'x\n\n  y'\n", {"a": "x\ny"}),
        ('a: "x\\u00e9\\n"\n', {"a": "xé\n"}),
        ("a: {b: [1, 2], c: {d: e}}\n", {"a": {"b": ["1", "2"], "c": {"d": "e"}}}),
        ("a: # comment\n  b # not a comment? it is part of the scalar\n", None),
        (
            "name: Arts & Métiers\nurl: https://x.org/?a=1&b=2\n",
            {"name": "Arts & Métiers", "url": "https://x.org/?a=1&b=2"},
        ),
        ("a: « guillemets » et l’apostrophe\n", {"a": "« guillemets » et l’apostrophe"}),
        ("a: x\u2028y\n", None),
        ("a: x\u0085y\n", None),
        ("\ufeffa: b\n", {"a": "b"}),
    ],
)
def test_where_the_libraries_read_apart_the_quick_reader_agrees_or_abstains(
    text: str, exact: Any
) -> None:
    raw = text.encode()
    if exact is not None:
        assert _exact(raw) == exact  # the expectation itself is the exact reader's
    assert _agrees(raw)


@pytest.mark.parametrize(
    "text",
    [
        "a: &x b\nc: *x\n",  # aliases: refused by the exact reader
        "a: !!str b\n",  # tags
        "a: !foo b\n",
        "a: b\na: c\n",  # duplicate keys
        "a: {b: 1, b: 2}\n",
        "<<: {a: b}\n",  # merge key
        "a: b\n---\nc: d\n",  # two documents
        "%YAML 1.1\n---\na: b\n",
        "a: b\n\tc: d\n",  # a tab
        "a: [b\n",  # a syntax error
        "a: b: c\n",
        "? [a, b]\n: c\n",  # a complex key (ryml refuses it, noisily)
        "a: [?0]\n",  # libyaml reads a complex key there, ryml the text `?0`
        "- a\n- b\n",  # not a mapping
        "",
        "~\n",
        "a: |\n  x",  # no line break at the end: ryml would end the block scalar with one
        "[" * 50 + "]" * 50 + "\n",
    ],
)
def test_what_the_exact_reader_refuses_or_reads_specially_is_left_to_it(text: str) -> None:
    assert read_quickly(text.encode()) is None


# Generated documents: mappings and lists of scalars written in every style, with the scalars the
# two libraries are most likely to read apart. Most are free of what sends a file straight to the
# exact reader (`&`, `~`, tabs…), so that most documents are read quickly and compared.
# fmt: off
_TRICKY = [
    "0", "-0", "00", "0.0", ".0", "0.", "-0.0", "3", "+3", "-3", "3.0", "3.", ".5", "-.5",
    "0.5", "1e3", "1E+3", ".5e3", "7.e3", "1_000", "0x1F", "0o17", "0b1", "04278", "12:30",
    "2022-01-01", "2022-02-30", "true", "false", "True", "FALSE", "yes", "No", "on", "null",
    "", ".inf", "-.Inf", ".NaN", "inf", "nan", "infinity", "x", "a b", "Saint-Étienne",
    "l’atelier", "« x »", "a: b", "a #b", "#", "-", "- x", "?", "'", '"', "@", "`", "|", ">",
    "[", "]", "{", "}", ",", "x,y", "a:b", "http://x.org/a?b=c", " lead", "trail ", "é",
]
# fmt: on
_SENT_TO_EXACT = ["~", "Null", "NULL", "%", "&", "*", "!", "<<", "\\", "\t", "\u2028", "x\ry"]
_WORDS = st.text(alphabet="abcxyz019 .:-#'\"éà’«»,[]{}|>?@`", max_size=10)
_SCALAR = st.integers(0, 29).flatmap(
    lambda n: (
        st.sampled_from(_SENT_TO_EXACT)
        if n == 0
        else (st.sampled_from(_TRICKY) if n % 2 else _WORDS)
    )
)


def _plain(value: str) -> str:
    return value


def _single(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _double(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)


def _survives_plain(value: str) -> bool:
    try:
        return parse_record_text(f"k: {value}\n") == {"k": value}
    except YamlProblem:
        return False


@st.composite
def _styled(draw: st.DrawFn) -> str:
    """A scalar written plain, single- or double-quoted; plain mostly only where it stays itself,
    so that most documents are valid YAML (and a few are not)."""
    value = draw(_SCALAR)
    style = draw(st.sampled_from([_plain, _plain, _single, _double]))
    if style is _plain and not _survives_plain(value) and draw(st.integers(0, 9)):
        style = _double
    return style(value)


_STYLED = _styled()


@st.composite
def _documents(draw: st.DrawFn) -> str:
    keys = draw(
        st.lists(
            st.one_of(st.sampled_from(["id", "name", "wave", "notes", "a", "b"]), _STYLED),
            min_size=1,
            max_size=6,
            unique=True,
        )
    )
    lines = []
    for key in keys:
        kind = draw(
            st.sampled_from(
                ["scalar", "block", "flow", "literal", "nested", "flowmap", "folded", "unindented"]
            )
        )
        if kind == "scalar":
            comment = draw(st.sampled_from(["", " # c", "  #c", "#c"]))
            lines.append(f"{key}: {draw(_STYLED)}{comment}")
        elif kind == "flowmap":
            pairs = draw(st.lists(st.tuples(_STYLED, _STYLED), max_size=3))
            inner = ", ".join(f"{k}: {v}" for k, v in pairs)
            lines.append(f"{key}: {{{inner}}}")
        elif kind == "folded":  # a plain or quoted scalar over several lines
            words = draw(
                st.lists(st.sampled_from(["x", "y z", "", "é", "0.5", "-", "#"]), min_size=2)
            )
            quote = draw(st.sampled_from(["", "'", '"']))
            lines.append(f"{key}: {quote}{words[0]}")
            lines.extend(f"  {word}" for word in words[1:-1])
            lines.append(f"  {words[-1]}{quote}")
        elif kind == "unindented":  # a block sequence at its key's indentation
            items = draw(st.lists(_STYLED, min_size=1, max_size=3))
            lines.append(f"{key}:")
            lines.extend(f"- {item}" for item in items)
        elif kind == "block":
            items = draw(st.lists(_STYLED, min_size=1, max_size=3))
            lines.append(f"{key}:")
            lines.extend(f"  - {item}" for item in items)
        elif kind == "flow":
            items = draw(st.lists(_STYLED, max_size=3))
            lines.append(f"{key}: [{', '.join(items)}]")
        elif kind == "literal":
            indicator = draw(st.sampled_from(["|", "|-", "|+", ">", ">-", "|2"]))
            body = draw(st.lists(st.sampled_from(["x", "", "  y", "z z", "# c"]), min_size=1))
            lines.append(f"{key}: {indicator}")
            lines.extend(f"    {line}" if line else "" for line in body)
        else:
            inner_key, inner_value = draw(_STYLED), draw(_STYLED)
            lines.append(f"{key}:")
            lines.append(f"  {inner_key}: {inner_value}")
    return "\n".join(lines) + draw(st.sampled_from(["\n", "\n", "\n", "\n\n", "\n# end\n", ""]))


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_documents())
def test_on_generated_documents_the_quick_reader_agrees_or_abstains(text: str) -> None:
    assert _agrees(text.encode("utf-8", "surrogatepass"))


# Through the loader: a registry large enough for worker processes.


def _big_registry(tmp_path: Path) -> Path:
    """The 100-record demo plus 350 copies of its records (ids made unique), 3 of them broken,
    one of them in a way only libyaml's composer reports (a duplicate key)."""
    registry = tmp_path / "registry"
    shutil.copytree(DEMO, registry)
    folder = registry / "laureates"
    originals = sorted(folder.glob("*.yaml"))
    for number in range(350):
        source = originals[number % len(originals)]
        copy_id = f"copy-{number:03d}"
        text = source.read_text(encoding="utf-8").replace(
            f"id: {source.stem}\n", f"id: {copy_id}\n"
        )
        (folder / f"{copy_id}.yaml").write_text(text, encoding="utf-8")
    (folder / "copy-001.yaml").write_text(
        (folder / "copy-001.yaml")
        .read_text(encoding="utf-8")
        .replace("wave: ", "wave: 9\nwaves: "),
        encoding="utf-8",
    )
    (folder / "copy-002.yaml").write_text(
        (folder / "copy-002.yaml").read_text(encoding="utf-8") + "wave: 1\n", encoding="utf-8"
    )
    (folder / "copy-003.yaml").write_text(
        (folder / "copy-003.yaml").read_text(encoding="utf-8") + "lat: .5\n", encoding="utf-8"
    )
    return registry


def _report(registry: Path, monkeypatch: pytest.MonkeyPatch, *, threshold: int) -> list[Any]:
    monkeypatch.setattr(reading, "PARALLEL_THRESHOLD", threshold)
    _, report = loading.load_registry(registry)
    return report.sorted()


def test_a_large_registry_read_quickly_reports_what_the_exact_reader_reports(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    registry = _big_registry(tmp_path)
    exact = _report(registry, monkeypatch, threshold=10**9)  # one by one, by yamlio
    quick = _report(registry, monkeypatch, threshold=1)  # in workers, by quickyaml
    assert quick == exact
    assert len(exact) >= 3  # the broken records are there, each found


def test_rapidyaml_never_talks_to_the_user(tmp_path: Path) -> None:
    registry = _big_registry(tmp_path)
    # Valid YAML that rapidyaml refuses, and prints a complaint about on its standard error.
    (registry / "laureates" / "copy-004.yaml").write_text("? [a, b]\n: c\n", encoding="utf-8")
    done = subprocess.run(  # a real process: the workers' standard error is the terminal's
        [sys.executable, "-m", "manufactures", "--no-cache", "validate", str(registry)],
        capture_output=True,
        check=False,
        env={**os.environ, "NO_COLOR": "1"},
    )
    assert done.returncode == 1
    assert b"yaml-complex-key" in done.stdout + done.stderr  # reported by the exact reader
    assert b"[parse]" not in done.stderr
    assert b"[parse]" not in done.stdout


@pytest.mark.parametrize("registry", [DEMO, REPO / "data"], ids=["demo", "data"])
def test_every_record_read_quickly_is_exported_as_read_exactly(
    registry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    command = ("--no-cache", "--data", str(registry), "export", "--format", "json")
    exact = run_cli(*command)
    monkeypatch.setattr(reading, "PARALLEL_THRESHOLD", 1)  # workers, reading quickly
    quick = run_cli(*command)
    assert exact.exit_code == 0
    assert quick.stdout == exact.stdout
