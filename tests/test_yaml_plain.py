"""`yaml.plain` agrees with the YAML readers themselves: PyYAML (1.1), ruamel.yaml (1.1 and 1.2)
and the YAML 1.2 core schema's own patterns (the spec's § 10.3.2, as editors and ajv read)."""

from __future__ import annotations

import math
import re
import warnings

import pytest
import yaml
from hypothesis import example, given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML
from ruamel.yaml.nodes import ScalarNode as RuamelScalar
from ruamel.yaml.resolver import VersionedResolver
from yaml.nodes import ScalarNode

from manufactures.yaml.plain import agreed_number, typed_as

_STR = "tag:yaml.org,2002:str"
_PYYAML = yaml.resolver.Resolver()
_RUAMEL = {version: VersionedResolver(version=version) for version in ((1, 1), (1, 2))}
# YAML 1.2.2, § 10.3.2 « Tag Resolution » of the core schema.
_CORE = [
    ("null", r"null|Null|NULL|~|"),
    ("bool", r"true|True|TRUE|false|False|FALSE"),
    ("int", r"[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+"),
    ("float", r"[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?"),
    ("float", r"[-+]?(\.inf|\.Inf|\.INF)|\.nan|\.NaN|\.NAN"),
]


def _tags(text: str) -> dict[str, str]:
    tags = {"pyyaml": _PYYAML.resolve(ScalarNode, text, (True, False))}
    for version, resolver in _RUAMEL.items():
        tags[f"ruamel {version}"] = str(resolver.resolve(RuamelScalar, text, (True, False)))
    core = next((tag for tag, pattern in _CORE if re.fullmatch(pattern, text)), "str")
    tags["core 1.2"] = "tag:yaml.org,2002:" + core
    return tags


_SCALARS = st.text(alphabet="0123456789_-+.:eExXoObBaAfFiInNtTyYlLsSuU ~<=Z", max_size=12)
_EXAMPLES = [
    "104", "true", "no", "Off", "y", "null", "~", "1e3", "0x10", "0o17", "012", "1:30",
    "2022-01-01", "2022-1-1 10:00:00", "250_000", ".inf", "-.Inf", ".nan", ".5", "-.5", "48.01",
    "4.8e1", "4.8e+1", "1_0.5", "48.", "-_", "._", "<<", "=", "Fab Lab", "rural", "2A004",
    "29197", "07", "Q1", "ON", "On air",
]  # fmt: skip


@pytest.mark.parametrize("text", _EXAMPLES)
def test_typed_as_is_what_some_reader_types(text: str) -> None:
    tags = _tags(text)
    assert (typed_as(text) is not None) == any(tag != _STR for tag in tags.values()), tags


@settings(max_examples=3000, deadline=None)
@given(_SCALARS)
def test_typed_as_agrees_with_the_readers_on_any_scalar(text: str) -> None:
    tags = _tags(text)
    assert (typed_as(text) is not None) == any(tag != _STR for tag in tags.values()), tags


def _read(text: str) -> list[object]:
    """The values PyYAML, ruamel.yaml 1.2 and ruamel.yaml 1.1 read for `value: <text>`."""
    values: list[object] = [yaml.safe_load(f"value: {text}")["value"]]
    for version in ("1.2", "1.1"):
        reader = YAML(typ="safe", pure=True)
        reader.version = version
        with warnings.catch_warnings():  # ruamel warns about 1.1 floats without a dot
            warnings.simplefilter("ignore")
            values.append(reader.load(f"value: {text}")["value"])
    return values


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="0123456789_-+.eE", min_size=1, max_size=10))
@example("48.01")
@example("-4.49")
@example("250000")
@example("0")
@example("1.5e+3")
def test_agreed_numbers_read_the_same_everywhere(text: str) -> None:
    if not agreed_number(text):
        return
    tags = _tags(text)
    assert all(tag.endswith(("int", "float")) for tag in tags.values()), tags
    expected = float(text)
    for value in _read(text):
        assert isinstance(value, int | float) and not isinstance(value, bool), (text, value)
        assert math.isclose(value, expected), (text, value)


@pytest.mark.parametrize("text", ["250_000", "012", "1e3", "4.8e1", "-.5", "1_0.5", "-0o17"])
def test_numbers_some_reader_reads_otherwise_are_not_agreed(text: str) -> None:
    """Spellings manuf reads as a number but one reader reads as text or as another number."""
    assert not agreed_number(text)
    tags = _tags(text)
    values = {repr(value) for value in _read(text)}
    assert any(not tag.endswith(("int", "float")) for tag in tags.values()) or len(values) > 1
