"""Property-based tests: whatever a file or an argument holds, `manuf` answers without crashing."""

from __future__ import annotations

import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from manufactures.loading import load_registry
from manufactures.query import Filters, select
from tests.conftest import DATA, copy_registry, run_cli

REGISTRY, _ = load_registry(DATA)
PROPERTY_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

yaml_like = st.text(
    alphabet=st.sampled_from(list("ab:-[]{}&*!'\"#|>\n\t %@`,?~0123456789é\\")), max_size=120
)


@PROPERTY_SETTINGS
@given(content=st.one_of(st.binary(max_size=400), yaml_like.map(str.encode)))
def test_any_bytes_give_exit_1_and_a_located_diagnostic(tmp_path: Path, content: bytes) -> None:
    registry = tmp_path / "registry"
    if not registry.exists():
        copy_registry(registry)
    (registry / "laureates" / "fuzz.yaml").write_bytes(content)

    result = run_cli("validate", str(registry), "--format", "json")

    assert result.exit_code == 1, result.stdout + result.stderr
    diagnostics = json.loads(result.stdout)["data"]["diagnostics"]
    assert diagnostics
    for diagnostic in diagnostics:
        assert diagnostic["file"].endswith("fuzz.yaml")
        assert diagnostic["line"] >= 1 and diagnostic["column"] >= 1 and diagnostic["code"]


@PROPERTY_SETTINGS
@given(search=st.text(max_size=40), department=st.text(max_size=5), region=st.text(max_size=5))
def test_filters_never_crash(search: str, department: str, region: str) -> None:
    filters = Filters(search=search, department=(department,), region=(region,))
    assert len(select(REGISTRY.laureates, filters)) <= len(REGISTRY.laureates)


@settings(max_examples=60, deadline=None)
@given(
    value=st.text(max_size=30),
    option=st.sampled_from(["--territory", "--sector", "--search", "--region"]),
)
def test_filter_options_answer_with_a_result_or_a_usage_error(value: str, option: str) -> None:
    result = run_cli("stats", "--data", str(DATA), option, value, "--format", "json")
    assert result.exit_code in (0, 2), result.stderr
    if result.exit_code == 0:
        assert json.loads(result.stdout)["command"] == "stats"
    else:
        assert "Traceback" not in result.stderr and result.stderr.strip()
