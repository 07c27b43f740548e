"""`--region` and `--department` take a code or an official name, and refuse anything else with a
usage error that suggests the right one."""

from __future__ import annotations

import json

import pytest

from tests.conftest import run_cli


def _selected(*options: str) -> tuple[dict[str, list[str]], list[str]]:
    result = run_cli("list", *options, "--format", "json")
    assert result.exit_code == 0, result.stderr
    envelope = json.loads(result.stdout)
    return envelope["filters"], [record["id"] for record in envelope["data"]]


@pytest.mark.parametrize(
    ("options", "same_as"),
    [
        (("--department", "ardeche"), ("--department", "07")),
        (("--department", "Ardèche"), ("--department", "07")),
        (("--region", "auvergne rhone alpes"), ("--region", "84")),
        (("--region", "Auvergne-Rhône-Alpes"), ("--region", "84")),
    ],
)
def test_a_name_selects_what_its_code_selects(
    options: tuple[str, str], same_as: tuple[str, str]
) -> None:
    by_name, by_code = _selected(*options), _selected(*same_as)
    assert by_name == by_code  # the envelope says the code, whatever was typed
    assert by_code[1]  # the registry has laureates there: the comparison can fail


@pytest.mark.parametrize(
    ("option", "value", "said"),
    [
        ("--department", "7", "did you mean `07` (Ardèche)?"),
        ("--department", "ardeshe", "did you mean `07` (Ardèche)?"),
        ("--region", "99", "choose a code or a name: 01 Guadeloupe"),
    ],
)
def test_an_unknown_place_is_a_usage_error_with_a_suggestion(
    option: str, value: str, said: str
) -> None:
    result = run_cli("list", option, value)
    assert result.exit_code == 2
    assert said in result.stderr
    assert "Traceback" not in result.stderr
