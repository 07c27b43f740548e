"""Every diagnostic code `manuf validate` can give, with a one-line description.

The catalogue serves `--select` / `--ignore` (an unknown code is a usage error, with a « did you
mean »), and the rules of the SARIF report. A test finds every code written in the sources and
fails if one is missing here: a new check adds its code to this table.
"""

from __future__ import annotations

from manufactures.i18n import N_

__all__ = ["CODES", "ONLY_MANUF"]

CODES: dict[str, str] = {
    # The file itself.
    "file-encoding": N_("The file is not UTF-8."),
    "file-unreadable": N_("The file cannot be read."),
    "file-too-large": N_("The file is larger than a record may be."),
    "file-ignored": N_("A file in laureates/ that is not a record (*.yaml) is ignored."),
    "not-a-file": N_("A folder or special file is named like a record."),
    "symlink-outside": N_("A symbolic link leads outside the registry; it is not followed."),
    "empty-document": N_("The file holds no data."),
    "not-a-mapping": N_("The document is not a mapping of keys to values."),
    "fmt-failed": N_("Formatting would have changed the data; the file was left alone."),
    # `manuf import`: a row of a spreadsheet brought back.
    "import-row": N_(
        "A row cannot be applied: no id nor name, an unknown record, a line out of sequence."
    ),
    "import-no-source": N_("An imported record, new or changed, has no source in the input."),
    "import-code-padded": N_("A code lost its leading zeros in a spreadsheet; they are put back."),
    "import-derived-cell": N_(
        "An edited cell is computed from the records (a label, a total): not applied."
    ),
    "import-unknown-column": N_("A column of the input is no column of the table: left aside."),
    # YAML.
    "yaml-syntax": N_("The file is not valid YAML."),
    "yaml-duplicate-key": N_("A key appears twice in one mapping."),
    "yaml-tag": N_("A YAML tag is used; records hold plain data."),
    "yaml-alias": N_("A YAML anchor or alias is used."),
    "yaml-merge-key": N_("A YAML merge key (<<) is used."),
    "yaml-multiple-documents": N_("The file holds more than one YAML document."),
    "yaml-complex-key": N_("A mapping key is not a plain string."),
    "yaml-too-deep": N_("The document nests deeper than a record may."),
    "yaml-type-differs": N_(
        "Other YAML readers would read a value as another type (quote a text, "
        "write a number plain)."
    ),
    # A field.
    "unknown-key": N_("A key the record schema does not know."),
    "missing-field": N_("A required field is missing."),
    "invalid-type": N_("A value has the wrong type."),
    "invalid-value": N_("A value is out of range or not allowed."),
    "invalid-format": N_("A code or address does not have the expected layout."),
    "invalid-date": N_("A date is not an ISO date that exists."),
    "invalid-text": N_("A text holds a control character."),
    "source-placeholder": N_("A source is still the placeholder `manuf new` wrote."),
    # The programme's vocabularies.
    "unknown-wave": N_("A wave programme.yaml does not list."),
    "unknown-territory": N_("A territory type programme.yaml does not list."),
    "unknown-sector": N_("A sector programme.yaml does not list."),
    "unknown-module": N_("An incubation module modules.yaml does not list."),
    "duplicate-sector": N_("A sector is listed twice."),
    # Across files.
    "id-mismatch": N_("The id differs from the file name."),
    "duplicate-id": N_("Two records have the same id."),
    "more-than-announced": N_("More records than the programme announced."),
    "funding-above-budget": N_("Recorded funding exceeds the programme's budget."),
    # The official referentials.
    "unknown-insee": N_("The INSEE commune code is not in the COG."),
    "insee-not-current": N_("The INSEE commune code is no longer current."),
    "unknown-commune": N_("The commune name is not in the COG."),
    "commune-name-mismatch": N_("The commune name differs from the COG's for this code."),
    "postal-code-mismatch": N_("The postal code does not match the commune."),
    "unknown-department": N_("The department code is not in the COG."),
    "department-mismatch": N_("The department does not match the commune."),
    "unknown-region": N_("The region code is not in the COG."),
    "region-mismatch": N_("The region does not match the department."),
    "coordinates-incomplete": N_("Only one of lat and lon is given."),
    "coordinates-outside": (
        N_(
            "The coordinates fall outside metropolitan France, or outside the record's overseas "
            "department (a box around the land; any of them when no department is given)."
        )
    ),
    "qpv-format": N_("The QPV code does not have a QPV layout."),
    "qpv-department-mismatch": N_("The QPV code belongs to another department."),
    "siret-invalid": N_("The SIRET fails its check digit."),
    # Dates.
    "date-order": N_("Two dates of a record are in an impossible order."),
    "date-in-future": N_("A date lies in the future (only the end of the support may be planned)."),
    "date-before-programme": N_("A laureate is labelled before the programme's first wave."),
    "completed-not-done": N_("A module has a completion date but is not done."),
}


# What only manuf checks: the kinds of problem the published JSON Schema (`manuf schema`) cannot
# express, with the codes each gives. Everything else a record can get wrong, the schema rejects
# too (tests/test_schema_agreement.py runs a matrix of records through both). A code listed
# here may also report what the schema rejects: `invalid-type` covers both `wave: x` (the schema
# rejects it) and `amount_eur: 1e6` (YAML 1.2 reads 1000000.0, an integer to JSON Schema).
ONLY_MANUF: dict[str, tuple[str, frozenset[str]]] = {
    "referentials": (
        "The official referentials: the COG's communes, departments and regions and how they "
        "match; coordinates inside the land; a QPV code's department; the SIRET check digit.",
        frozenset({
            "unknown-insee", "insee-not-current", "unknown-commune", "commune-name-mismatch",
            "postal-code-mismatch", "unknown-department", "department-mismatch", "unknown-region",
            "region-mismatch", "coordinates-outside", "qpv-format", "qpv-department-mismatch",
            "siret-invalid",
        }),
    ),
    "registry": (
        "Across files and against the programme: the id is the file name, ids are unique, no "
        "more laureates than announced, funding within the budget.",
        frozenset({"id-mismatch", "duplicate-id", "more-than-announced", "funding-above-budget"}),
    ),
    "yaml": (
        "The YAML itself, below what a schema sees: tags, anchors, aliases and merge keys, "
        "encodings and sizes; the spellings the schema's YAML 1.2 reader turns into the expected "
        "type (`250_000`, `1e6`, `0x3D090`, `.nan`, `012`, `!!int \"3\"`); texts only YAML 1.1 "
        "types (`no`, `2022-01-01`).",
        frozenset({
            "file-encoding", "file-too-large", "yaml-tag", "yaml-alias", "yaml-merge-key",
            "yaml-too-deep", "yaml-type-differs", "invalid-type", "invalid-value",
        }),
    ),
    "dates": (
        "Dates against each other, the programme and today: the support ends after it starts, a "
        "module is not completed before the labelling, nothing is labelled before the first "
        "wave or in the future.",
        frozenset({"date-order", "date-in-future", "date-before-programme"}),
    ),
}  # fmt: skip
