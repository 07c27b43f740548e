"""How other YAML readers type a plain (unquoted) scalar, so that a record means one thing to all.

manuf reads every scalar as text and lets the models decide types (see `yaml.reader`). Every
other reader of the same file decides for itself: PyYAML and pandas follow YAML 1.1 (`no` is
false, `012` is octal 10, `1:30` is 90, `2022-01-01` a date, `250_000` an integer); editors,
ajv and check-jsonschema follow YAML 1.2 (`0o12`, `1e3`, `.inf`, but `250_000` is text), and
ruamel.yaml's 1.2 is more liberal still. A record is meant to read the same in all of them:

- `typed_as(text)` names what a plain `text` becomes in at least one of those readers when it is
  not text (`"number"`, `"boolean"`, `"null"`, `"date"`, `"special"`), None when every one of
  them reads text. A text field holding such a value must be quoted.
- `agreed_number(text)` says whether every reader reads a plain `text` as the same number: the
  only plain spellings a numeric field may hold.

The patterns are the union (for `typed_as`) and the intersection (for `agreed_number`) of the
implicit resolvers of PyYAML (1.1), ruamel.yaml (1.1 and 1.2) and the YAML 1.2 core schema;
`tests/test_yaml_plain.py` checks them against those libraries' own resolvers.
"""

from __future__ import annotations

import re

__all__ = ["agreed_number", "plain_number", "typed_as"]

_NUMBER = re.compile(
    r"""^(?:
      [-+]?0b[0-1_]+                                   # binary (1.1)
    | [-+]?0o?[0-7_]+                                  # octal (0o: 1.2; a leading 0: 1.1)
    | [-+]?[0-9_]+                                     # decimal, with underscores (1.1, ruamel)
    | [-+]?0x[0-9a-fA-F_]+                             # hexadecimal
    | [-+]?[1-9][0-9_]*(?::[0-5]?[0-9])+               # base 60 (1.1: 1:30 is 90)
    | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\.[0-9_]*      # base 60 with a fraction (1.1)
    | [-+]?[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?   # 1.5, 1., 1.5e3
    | [-+]?[0-9][0-9_]*[eE][-+]?[0-9]+                 # 1e3 (1.2)
    | [-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?                # .5 (ruamel's 1.2 takes ._ too)
    | [-+]?\.[0-9]+(?:[eE][-+]?[0-9]+)?                # .5e3 (the 1.2 core schema)
    | [-+]?\.(?:inf|Inf|INF) | \.(?:nan|NaN|NAN)
    )$""",
    re.VERBOSE,
)
_BOOLEAN = re.compile(
    r"^(?:y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF)$"
)
_NULL = frozenset({"", "~", "null", "Null", "NULL"})
_DATE = re.compile(
    r"""^(?:[0-9]{4}-[0-9]{2}-[0-9]{2}
    |[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?
      (?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)$""",
    re.VERBOSE,
)
_SPECIAL = frozenset({"<<", "=", "!", "&", "*"})
# Only these can start a plain scalar some reader types: a cheap test before any pattern.
_FIRST = frozenset("-+.0123456789yYnNtTfFoO~<=!&*")

# Every reader reads these as the same number: YAML 1.1's floats need a dot and a signed
# exponent, 1.2's integers have no underscores, 1.1's have no leading zero.
_AGREED = re.compile(
    r"""^(?:[-+]?(?:0|[1-9][0-9]*)
    |[-+]?[0-9]+\.[0-9]*(?:[eE][-+][0-9]+)?
    |\.[0-9]+(?:[eE][-+][0-9]+)?)$""",
    re.VERBOSE,
)


def typed_as(text: str) -> str | None:
    """What some YAML reader takes the plain scalar `text` for, when not text (see the module)."""
    if text in _NULL:
        return "null"
    if text[0] not in _FIRST:
        return None
    if _NUMBER.match(text):
        return "number"
    if _BOOLEAN.match(text):
        return "boolean"
    if _DATE.match(text):
        return "date"
    if text in _SPECIAL:
        return "special"
    return None


def agreed_number(text: str) -> bool:
    """Whether every YAML reader reads the plain scalar `text` as one and the same number."""
    return _AGREED.match(text) is not None


def plain_number(value: float) -> str:
    """`value` spelled so that every YAML reader reads that number (`agreed_number`)."""
    text = str(value) if isinstance(value, int) else repr(value)
    if agreed_number(text):
        return text
    return f"{value:.17f}".rstrip("0")  # 1e-07 has no dot for YAML 1.1: 0.0000001
