"""How YAML is read: YAML never decides a type, nothing is executed, every problem is located."""

from __future__ import annotations

import pytest

from manufactures.yaml.reader import (
    YamlProblem,
    compose,
    decode_record_bytes,
    locate,
    parse_record_text,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("insee: 04278", {"insee": "04278"}),
        ("code: 01234", {"code": "01234"}),
        ("name: no", {"name": "no"}),
        ("name: yes", {"name": "yes"}),
        ("wave: 3", {"wave": "3"}),
        ("on: 2022-03-01", {"on": "2022-03-01"}),
        ("a: ~\nb: null\nc:\nd: 'null'", {"a": None, "b": None, "c": None, "d": "null"}),
        ("lat: .nan", {"lat": ".nan"}),
    ],
)
def test_scalars_stay_strings(text: str, expected: dict[str, object]) -> None:
    assert parse_record_text(text) == expected


@pytest.mark.parametrize(
    ("text", "code", "line", "column"),
    [
        ("a: 1\nb: 2\na: 3\n", "yaml-duplicate-key", 3, 1),
        ("a: !!python/object:os.system x\n", "yaml-tag", 1, 4),
        ("a: !!int 3\n", "yaml-tag", 1, 4),
        ("a: &x [1]\nb: *x\n", "yaml-alias", 2, 4),
        ("base: &b {k: v}\nother:\n  <<: *b\n", "yaml-merge-key", 3, 3),
        ("a: 1\n---\nb: 2\n", "yaml-multiple-documents", 2, 1),
        ("a: [1, 2\n", "yaml-syntax", 2, 1),
        ("? [a, b]\n: c\n", "yaml-complex-key", 1, 3),
    ],
)
def test_problems_are_located(text: str, code: str, line: int, column: int) -> None:
    with pytest.raises(YamlProblem) as caught:
        parse_record_text(text)
    assert (caught.value.code, caught.value.line, caught.value.column) == (code, line, column)


def test_a_repeated_ampersand_in_text_is_not_an_alias() -> None:
    text = "name: Mady & Co\nurl: https://x.org/?a=1&b=2\n"
    assert parse_record_text(text) == {"name": "Mady & Co", "url": "https://x.org/?a=1&b=2"}


def test_empty_document_is_none() -> None:
    assert parse_record_text("# only a comment\n") is None


def test_utf8_bom_is_tolerated_and_utf16_refused() -> None:
    assert decode_record_bytes("\ufeffid: a".encode()) == "id: a"
    with pytest.raises(YamlProblem) as caught:
        decode_record_bytes("id: a".encode("utf-16"))
    assert caught.value.code == "file-encoding"


def test_locate_walks_maps_and_lists() -> None:
    root = compose("id: a\nfunding:\n  - amount_eur: 1\n  - amount_eur: x\n")
    assert locate(root, ("funding", 1, "amount_eur")) == (4, 17)
    assert locate(root, ("funding", 1, "amount_eur"), at_key=True) == (4, 5)
    # A path that does not exist points at the deepest node that does.
    assert locate(root, ("funding", 1, "source")) == (4, 5)
