"""Property-based tests: whatever a file or an argument holds, `manuf` answers without crashing."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from stdnum import luhn

from manufactures.analysis.selection import Filters, select
from manufactures.editing import edits as editing
from manufactures.editing.layout import LIST_FIELDS, SCHEMA_LINE
from manufactures.models import FundingKind, Laureate, ModuleStatus
from manufactures.registry import load_registry
from manufactures.validation.diagnostics import Severity
from manufactures.yaml.plain import plain_number
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


# Valid records, as the tool writes them: no empty list or group (unknown is absent),
# a place taken from a real record (the COG checks it), a SIRET with a valid key.
VOCABULARY = REGISTRY.vocabulary
PLACES = sorted(
    {laureate.location for laureate in REGISTRY.laureates if laureate.location}, key=repr
)
_CONTROL = "".join(map(chr, [*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0)]))
texts = st.text(
    st.characters(codec="utf-8", exclude_categories=("Cs",), exclude_characters=_CONTROL),
    min_size=1,
    max_size=30,
)
urls = st.builds(
    "{}://{}".format,
    st.sampled_from(["http", "https"]),
    st.text(
        st.characters(
            codec="utf-8",
            categories=("L", "N", "P", "S"),
            exclude_characters=_CONTROL + "\u3000\u00a0\u1680\u2007\u202f\u205f",
        ),
        min_size=1,
        max_size=30,
    ),
)
# Dates a valid record can hold: from the first wave's announcement to a day already past (a
# record's dates must also be coherent with each other: see `_coherent`).
days = st.dates(min_value=date(2021, 12, 8), max_value=date(2025, 12, 31)).map(date.isoformat)


def _siret(siren: str, establishment: str) -> str:
    """A SIRET whose SIREN and whole number both have a valid Luhn key."""
    siren += luhn.calc_check_digit(siren)
    return siren + establishment + luhn.calc_check_digit(siren + establishment)


digits = st.text(st.sampled_from("0123456789"), min_size=8, max_size=8)
sirets = st.builds(_siret, digits, digits.map(lambda d: d[:4])).filter(
    lambda siret: not siret.startswith("356000000")  # La Poste's own rule
)


def _optional(**fields: st.SearchStrategy[object]) -> st.SearchStrategy[dict[str, object]]:
    """A mapping holding each of `fields` or not (never empty if `fields` has one at least)."""
    present = st.sets(st.sampled_from(sorted(fields)), min_size=1)
    return present.flatmap(lambda keys: st.fixed_dictionaries({k: fields[k] for k in keys}))


@st.composite
def valid_records(draw: st.DrawFn) -> Laureate:
    """A record `manuf validate` accepts, built from the model's own fields."""
    optional = draw(
        _optional(
            wave=st.sampled_from(sorted(VOCABULARY.waves)),
            labelled_on=days,
            territory=st.sampled_from(sorted(VOCABULARY.territories)),
            location=st.sampled_from(PLACES).map(
                lambda place: place.model_dump(mode="json", exclude_none=True)
            ),
            sectors=st.lists(st.sampled_from(sorted(VOCABULARY.sectors)), min_size=1, unique=True),
            activities=st.lists(texts, min_size=1, max_size=3),
            carriers=st.lists(
                st.fixed_dictionaries(
                    {"name": texts}, optional={"legal_form": texts, "siret": sirets}
                ),
                min_size=1,
                max_size=2,
            ),
            funding=st.lists(
                st.fixed_dictionaries(
                    {"amount_eur": st.integers(0, 10_000_000)},
                    optional={
                        "source": texts,
                        "kind": st.sampled_from([k.value for k in FundingKind]),
                        "granted_on": days,
                        "note": texts,
                    },
                ),
                min_size=1,
                max_size=3,
            ),
            incubation=st.dictionaries(
                st.sampled_from(sorted(VOCABULARY.modules)),
                st.fixed_dictionaries(
                    {"status": st.sampled_from([s.value for s in ModuleStatus])},
                    optional={"completed_on": days},
                ),
                min_size=1,
            ),
            support=_optional(started_on=days, ended_on=days),
            website=urls,
            notes=st.text(st.sampled_from("ab \n:#-'\"é\t"), min_size=1, max_size=60) | texts,
        )
    )
    record = {
        "id": draw(st.from_regex(r"[a-z0-9]{1,8}(-[a-z0-9]{1,8}){0,3}", fullmatch=True)),
        "name": draw(texts),
        "sources": draw(
            st.lists(
                st.fixed_dictionaries({"url": urls}, optional={"note": texts}),
                min_size=1,
                max_size=3,
            )
        ),
        **optional,
    }
    return Laureate.model_validate(_coherent(record), context={"vocabulary": VOCABULARY})


def _coherent(record: dict[str, Any]) -> dict[str, Any]:
    """The record with dates that tell a possible story: a completion date only on a module
    done and not before the labelling, a support that ends after it starts."""
    labelled = record.get("labelled_on", "")
    for progress in (record.get("incubation") or {}).values():
        if "completed_on" in progress:
            if progress["status"] != "done":
                del progress["completed_on"]
            else:
                progress["completed_on"] = max(progress["completed_on"], labelled)
    support = record.get("support") or {}
    if "started_on" in support and "ended_on" in support:
        support["started_on"], support["ended_on"] = sorted(
            (support["started_on"], support["ended_on"])
        )
    return record


def _fields(
    value: object, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[tuple[str | int, ...], list[str]]]:
    """The (field path, values) pairs `editing.create_record` writes, as `manuf new` gives them."""
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _fields(item, (*path, key))
    elif isinstance(value, list) and len(path) == 1 and path[0] in LIST_FIELDS:
        yield path, [str(item) for item in value]
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _fields(item, (*path, index))
    else:
        yield path, [str(value)]


def _empty_registry(tmp_path: Path) -> Path:
    root = tmp_path / "registry"
    if not root.exists():
        copy_registry(root)
    for path in (root / "laureates").iterdir():  # what an earlier example wrote
        path.unlink()
    return root


@PROPERTY_SETTINGS
@given(record=valid_records())
def test_any_valid_record_written_and_read_back_is_equal(tmp_path: Path, record: Laureate) -> None:
    root = _empty_registry(tmp_path)
    empty, _ = load_registry(root)
    dumped = record.model_dump(mode="json", exclude_none=True)
    header = [f"{record.name} — manufacture de proximité"]
    path = editing.create_record(empty, record.id, list(_fields(dumped)), header=header)

    registry, report = load_registry(root)
    assert [d for d in report.diagnostics if d.severity is Severity.ERROR] == []
    sectors = {"sectors": sorted(record.sectors)} if record.sectors is not None else {}
    assert registry.laureates == (record.model_copy(update=sectors),)  # in fmt's canonical form
    assert path.read_text(encoding="utf-8").startswith(f"{SCHEMA_LINE}\n")


class _MessyDumper(yaml.SafeDumper):
    """PyYAML's safe dumper, numbers always plain: a `default_style` quotes only the texts (a
    quoted number, or one tagged `!!int`, is not a valid record)."""


def _plain(tag: str, spell: Callable[[Any], str]) -> Callable[[yaml.SafeDumper, Any], Any]:
    return lambda dumper, value: dumper.represent_scalar(tag, spell(value), style="")


_MessyDumper.add_representer(int, _plain("tag:yaml.org,2002:int", str))
_MessyDumper.add_representer(float, _plain("tag:yaml.org,2002:float", plain_number))


@st.composite
def messy_texts(draw: st.DrawFn, record: Laureate) -> str:
    """`record` as a contributor might write it: keys in any order, `module: status` shorthand
    or not, any YAML style a generic dumper picks."""

    def shuffled(value: object) -> object:
        if isinstance(value, dict):
            keys = draw(st.permutations(sorted(value)))
            return {key: shuffled(value[key]) for key in keys}
        if isinstance(value, list):
            return [shuffled(item) for item in value]
        return value

    data = shuffled(record.model_dump(mode="json", exclude_none=True))
    assert isinstance(data, dict)
    for module, progress in (data.get("incubation") or {}).items():
        if list(progress) == ["status"] and draw(st.booleans()):
            data["incubation"][module] = progress["status"]
    text = yaml.dump(
        data,
        Dumper=_MessyDumper,
        sort_keys=False,
        allow_unicode=draw(st.booleans()),
        default_flow_style=draw(st.sampled_from([False, True, None])),
        default_style=draw(st.sampled_from([None, '"', "'", "|", ">"])),
        width=draw(st.sampled_from([20, 80, 10_000])),
        indent=draw(st.sampled_from([2, 4])),
        explicit_start=draw(st.booleans()),
    )
    assert isinstance(text, str)
    return text


@PROPERTY_SETTINGS
@given(data=st.data())
def test_fmt_is_idempotent_on_any_valid_record(tmp_path: Path, data: st.DataObject) -> None:
    record = data.draw(valid_records())
    text = data.draw(messy_texts(record))
    root = _empty_registry(tmp_path)
    path = root / "laureates" / f"{record.id}.yaml"
    path.write_text(text, encoding="utf-8")
    _, report = load_registry(root)
    # PyYAML writes 1.1: a text YAML 1.2 reads as a number (`0e0`) may be left plain, which fmt
    # quotes. Nothing else may be wrong.
    errors = {d.code for d in report.diagnostics if d.severity is Severity.ERROR}
    assert errors <= {"yaml-type-differs"}, (text, report.diagnostics)

    first = run_cli("fmt", str(path))
    assert first.exit_code == 0, first.stderr
    once = path.read_bytes()
    again = run_cli("fmt", str(path))
    assert (again.exit_code, again.stdout) == (0, "")
    assert path.read_bytes() == once
    assert run_cli("fmt", "--check", str(path)).exit_code == 0

    registry, report = load_registry(root)
    assert [d for d in report.diagnostics if d.severity is Severity.ERROR] == []
    sectors = sorted(record.sectors) if record.sectors else None
    assert registry.laureates == (record.model_copy(update={"sectors": sectors}),)
