"""The record's JSON Schema (for editors) and its French data dictionary, from the models.

Both are generated from `Laureate.model_json_schema()`, the documentation each field carries
(`models.document`: description, rule, example) and the registry's vocabularies (waves,
territories, sectors, modules as enums). A registry keeps its schema beside `programme.yaml`
(`data/laureate.schema.json` here; `manuf fmt` writes it); the dictionary is committed as
`docs/data-dictionary.md`; a test fails when either is stale. The schema describes the YAML as an
editor reads it (YAML 1.2): codes are strings.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from manufactures.models import DOC_KEY, MODULE_KEY, MODULE_VALUE, Laureate, field_docs
from manufactures.present.text import visible
from manufactures.vocabulary import Vocabulary

__all__ = ["SCHEMA_ID", "data_dictionary", "record_schema", "schema_json"]

SCHEMA_ID = (
    "https://raw.githubusercontent.com/manufactures-de-proximite/manufactures/main/"
    "data/laureate.schema.json"
)
_MODULE = MODULE_KEY


def record_schema(vocabulary: Vocabulary) -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a record, with French descriptions and enums."""
    schema = Laureate.model_json_schema()
    definitions = schema["$defs"]
    for _, node in _property_nodes(schema, definitions):
        node.pop(DOC_KEY, None)  # said in the description; the rest is the data dictionary's
        if "description" in node:  # last, after the type and its rules
            node["description"] = node.pop("description")
        _drop_title(node)
    properties = schema["properties"]
    _restrict(properties["wave"], {"enum": list(vocabulary.waves)})
    _restrict(properties["territory"], {"enum": list(vocabulary.territories)})
    _restrict(
        properties["sectors"],
        {"items": {"enum": list(vocabulary.sectors)}, "uniqueItems": True},
    )
    # A module is `{status, completed_on}` or, shorthand, just its status.
    module_value = {
        "description": MODULE_VALUE.description,
        "anyOf": [{"$ref": "#/$defs/ModuleStatus"}, {"$ref": "#/$defs/ModuleProgress"}],
    }
    _restrict(
        properties["incubation"],
        {"propertyNames": {"enum": list(vocabulary.modules)}, "additionalProperties": module_value},
    )
    # What manuf's own checks say and a schema can say too (`coordinates-incomplete`,
    # `completed-not-done`); the rest is listed in `validation.codes.ONLY_MANUF`.
    definitions["Location"]["allOf"] = [
        _given(one, then={"required": [other], "properties": {other: {"type": "number"}}})
        for one, other in (("lat", "lon"), ("lon", "lat"))
    ]
    definitions["ModuleProgress"].update(
        _given("completed_on", then={"properties": {"status": {"const": "done"}}})
    )
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Lauréat — manufacture de proximité",
        "description": "Une fiche de data/laureates/ : uniquement des faits qu'une source publique "
        "établit ; un champ inconnu est absent.",
        **{key: value for key, value in schema.items() if key not in {"title", "description"}},
    }


def _given(field: str, *, then: dict[str, Any]) -> dict[str, Any]:
    """`then` applies when `field` is present and not null."""
    condition = {"required": [field], "properties": {field: {"not": {"type": "null"}}}}
    return {"if": condition, "then": then}


def _property_nodes(
    schema: dict[str, Any], definitions: dict[str, Any], prefix: str = ""
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each property node of the schema with its documented path, nested models included."""
    for name, node in schema.get("properties", {}).items():
        path = f"{prefix}{name}"
        yield path, node
        for reference, suffix in _references(node):
            child = definitions[reference.rsplit("/", 1)[-1]]
            if suffix.startswith(f".{_MODULE}"):
                yield f"{path}.{_MODULE}", {"$ref": reference}
            yield from _property_nodes(child, definitions, f"{path}{suffix}")


def _references(node: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for branch in [node, *node.get("anyOf", [])]:
        if "$ref" in branch:
            yield branch["$ref"], "."
        if "$ref" in branch.get("items", {}):
            yield branch["items"]["$ref"], "[]."
        if "$ref" in branch.get("additionalProperties", {}):
            yield branch["additionalProperties"]["$ref"], f".{_MODULE}."


def _drop_title(node: dict[str, Any]) -> None:
    # pydantic's titles are the English field names title-cased: the description says more.
    node.pop("title", None)


def _restrict(node: dict[str, Any], extra: dict[str, Any]) -> None:
    """Add constraints to the non-null branch of an optional field."""
    branch = next((b for b in node.get("anyOf", [node]) if b.get("type") != "null"), node)
    branch.update(extra)


def schema_json(vocabulary: Vocabulary) -> str:
    """The schema as committed: 2-space JSON, UTF-8 characters kept, final newline."""
    return json.dumps(record_schema(vocabulary), ensure_ascii=False, indent=2) + "\n"


_TYPE_LABELS = {
    "string": "texte",
    "integer": "entier",
    "number": "nombre",
    "object": "groupe de champs",
    "array": "liste",
}


def _type_label(node: dict[str, Any], definitions: dict[str, Any]) -> str:
    branches = [b for b in node.get("anyOf", [node]) if b.get("type") != "null"]
    return " ou ".join(_branch_label(b, definitions) for b in branches)


def _branch_label(branch: dict[str, Any], definitions: dict[str, Any]) -> str:
    if "$ref" in branch:
        target = definitions[branch["$ref"].rsplit("/", 1)[-1]]
        if "enum" in target:
            return " ou ".join(f"`{value}`" for value in target["enum"])
        return "groupe de champs"
    if branch.get("format") == "date":
        return "date"
    if branch.get("type") == "array":
        items = branch.get("items", {})
        return "liste de " + ("groupes" if "$ref" in items else "textes")
    return _TYPE_LABELS.get(str(branch.get("type")), "valeur")


def data_dictionary(vocabulary: Vocabulary) -> str:
    """The French data dictionary of a record, as Markdown (field, type, rule, example)."""
    schema = Laureate.model_json_schema()
    definitions = schema["$defs"]
    required = _required_paths(schema, definitions)
    lines = [
        "# Dictionnaire des données — fiche lauréat",
        "",
        "Une fiche par lauréat : `data/laureates/<id>.yaml`. Généré par "
        "`manuf schema --format markdown` à partir des modèles ; ne pas modifier à la main.",
        "Un champ inconnu est absent, jamais deviné. "
        "Schéma JSON : `laureate.schema.json`, à côté de `programme.yaml`.",
        "",
        "| Champ | Type | Règle | Exemple |",
        "|---|---|---|---|",
    ]
    docs = field_docs()
    for path, node in _property_nodes(schema, definitions):
        doc = docs[path]
        rule = " ; ".join(
            part
            for part in (
                "obligatoire" if path in required else "",
                doc.rule,
                _allowed(path, vocabulary),
            )
            if part
        )
        example = f"`{doc.example}`" if doc.example else ""
        cells = [f"`{path}`", _type_label(node, definitions), rule, example]
        lines.append("| " + " | ".join(_cell(c) for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _required_paths(schema: dict[str, Any], definitions: dict[str, Any]) -> set[str]:
    required = set(schema.get("required", []))
    for path, node in _property_nodes(schema, definitions):
        for reference, suffix in _references(node):
            child = definitions[reference.rsplit("/", 1)[-1]]
            required |= {f"{path}{suffix}{name}" for name in child.get("required", [])}
    return required


def _allowed(path: str, vocabulary: Vocabulary) -> str:
    keys: dict[str, list[str]] = {
        "wave": [str(w) for w in vocabulary.waves],
        "territory": list(vocabulary.territories),
        "sectors": list(vocabulary.sectors),
        f"incubation.{_MODULE}": list(vocabulary.modules),
    }
    return "valeurs : " + ", ".join(f"`{k}`" for k in keys[path]) if path in keys else ""


def _cell(text: str) -> str:
    return visible(text).replace("|", "\\|").replace("\n", " ")
