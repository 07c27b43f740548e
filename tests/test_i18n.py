"""manuf speaks French by default and English with `--lang en` or `MANUF_LANG=en`: its help,
Click's own words, usage errors and diagnostics; codes and JSON keys stay the same. Every
message of the sources has its French translation, and the compiled catalogue is current."""

from __future__ import annotations

import ast
import json
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from manufactures import i18n
from manufactures.cli.app import COMMANDS, app
from tests.conftest import REPO, load_script, run_cli

messages = load_script("messages")
msgfmt = load_script("msgfmt")

FRENCH = {"MANUF_LANG": ""}  # nothing asked: the default
COMMAND_LINES = [[name] for name in COMMANDS] + [["progress", "set"]]


def _catalogue() -> dict[str, str]:
    return msgfmt.parse(messages.CATALOGUE.read_text(encoding="utf-8"))


def test_every_message_has_a_french_translation() -> None:
    catalogue = _catalogue()
    untranslated = [m for m in messages.extracted() if not catalogue.get(m, "").strip("\0")]
    assert untranslated == []


def test_the_catalogue_holds_no_message_the_sources_do_not_use() -> None:
    unused = set(_catalogue()) - set(messages.extracted()) - {""}
    assert unused == set()


def test_no_message_is_built_before_it_is_translated() -> None:
    """`_(f"…{x}")` or `_("…" + x)` would look up a text no catalogue holds: a message is one
    literal with named placeholders, filled in after translation (`_("… {x}").format(x=…)`)."""
    built = []
    for path in sorted(messages.SOURCES.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Name)
                and node.func.id in ("_", "N_", "ngettext")
                and any(_built(arg) for arg in node.args)
            ):
                built.append(f"{path.name}:{node.lineno}")
    assert built == []


def _built(text: ast.expr) -> bool:
    """Whether `text` is made of parts: an f-string, a concatenation, a `str.format` call."""
    formatted = isinstance(text, ast.Call) and getattr(text.func, "attr", None) == "format"
    return formatted or isinstance(text, ast.JoinedStr | ast.BinOp)


def test_translations_keep_every_placeholder() -> None:
    """A translation may reorder `{code}` and its kind, never lose or invent one."""
    for message, translation in _catalogue().items():
        for form in translation.split("\0"):
            assert messages.placeholders(form) == messages.placeholders(message), message


def test_the_compiled_catalogue_is_current() -> None:
    """`python scripts/msgfmt.py` was run after the `.po` last changed."""
    compiled = msgfmt.compiled(_catalogue())
    assert messages.CATALOGUE.with_suffix(".mo").read_bytes() == compiled


def test_the_wheel_ships_the_compiled_catalogue() -> None:
    """Hatch packages every file of src/manufactures: the `.mo` is a package file."""
    mo = Path(i18n.LOCALE) / "fr" / "LC_MESSAGES" / f"{i18n.DOMAIN}.mo"
    assert mo.is_file()
    assert mo.is_relative_to(REPO / "src" / "manufactures")


def test_the_main_help_is_french_by_default() -> None:
    result = run_cli("--help", env=FRENCH)
    assert result.exit_code == 0
    assert "Utilisation : " in result.stdout
    assert "Commandes :" in result.stdout
    assert "Lister les lauréats : un tableau à l’écran" in result.stdout
    assert "Afficher ce message et quitter." in result.stdout
    assert "Usage" not in result.stdout


@pytest.mark.parametrize("command", COMMAND_LINES, ids=" ".join)
def test_every_help_is_french_by_default_and_english_on_request(command: list[str]) -> None:
    help_text = _help_text(command)
    french = run_cli(*command, "--help", env=FRENCH)
    assert french.exit_code == 0
    assert french.stdout.startswith("Utilisation : ")
    assert "Options :" in french.stdout
    assert "Afficher ce message et quitter." in french.stdout
    assert "Exemples :" in french.stdout
    assert _words(_catalogue()[help_text]) in _words(french.stdout)
    for english in (
        run_cli("--lang", "en", *command, "--help", env=FRENCH),
        run_cli(*command, "--help"),
    ):
        assert english.exit_code == 0
        assert english.stdout.startswith("Usage: ")
        assert "Show this message and exit." in english.stdout
        assert _words(help_text) in _words(english.stdout)
        assert "Utilisation" not in english.stdout


def _help_text(command: list[str]) -> str:
    """The command's help as written: its module's docstring (a message of the catalogue)."""
    module = "progress_set" if command == ["progress", "set"] else COMMANDS[command[0]][0]
    source = REPO / "src" / "manufactures" / "cli" / "commands" / f"{module}.py"
    docstring = ast.get_docstring(ast.parse(source.read_text(encoding="utf-8")), clean=False)
    assert docstring is not None
    return docstring


def _words(text: str) -> str:
    """`text` without its spaces and line breaks: help is rewrapped, even at a hyphen."""
    return "".join(text.split())


def test_metavars_name_what_a_person_types() -> None:
    french = run_cli("list", "--help", env=FRENCH).stdout
    assert "--territory TERRITOIRE" in french
    assert "--sector FILIÈRE" in french
    assert "--wave VAGUE" in french
    assert "--data DOSSIER" in french
    english = run_cli("list", "--help").stdout
    assert "--territory TERRITORY" in english
    for help_text in (french, english, run_cli("set", "--help").stdout):
        assert "<list[" not in help_text
        assert "<str>" not in help_text
        assert "<path>" not in help_text


def test_usage_errors_are_french_by_default() -> None:
    result = run_cli("list", "--bogus", env=FRENCH)
    assert result.exit_code == 2
    assert "Erreur : Option inconnue : --bogus" in result.stderr
    result = run_cli("list", "--wave", "x", env=FRENCH)
    assert "Valeur invalide pour '--wave' : 'x' n’est pas un nombre entier" in result.stderr
    english = run_cli("--lang", "en", "list", "--wave", "x", env=FRENCH)
    assert "Error: Invalid value for '--wave': 'x' is not a whole number" in english.stderr


def test_a_diagnostic_is_french_by_default_with_the_same_code(registry: Path) -> None:
    record = registry / "laureates" / "polinno.yaml"
    record.write_text(
        record.read_text(encoding="utf-8").replace("- metiers_d_art", "- metiers_dart", 1),
        encoding="utf-8",
    )
    french = run_cli("validate", str(registry), "--format", "json", env=FRENCH)
    english = run_cli("--lang", "en", "validate", str(registry), "--format", "json", env=FRENCH)
    (said_in_french,) = json.loads(french.stdout)["data"]["diagnostics"]
    (said_in_english,) = json.loads(english.stdout)["data"]["diagnostics"]
    assert said_in_french["code"] == said_in_english["code"] == "unknown-sector"
    assert said_in_french["path"] == said_in_english["path"]
    assert "filière" in said_in_french["message"]
    assert "sector" in said_in_english["message"]


def test_manuf_lang_in_the_environment_reaches_the_console_script(tmp_path: Path) -> None:
    """The console script, as a person runs it: `MANUF_LANG=en manuf --help`."""
    environment = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO / "src"), "HOME": str(tmp_path)}
    run = [sys.executable, "-m", "manufactures", "--help"]
    french = subprocess.run(run, env=environment, capture_output=True, text=True, check=True)
    english = subprocess.run(
        run, env={**environment, "MANUF_LANG": "en"}, capture_output=True, text=True, check=True
    )
    assert french.stdout.startswith("Utilisation : ")
    assert english.stdout.startswith("Usage: ")


def test_the_locale_does_not_choose_the_language(tmp_path: Path) -> None:
    """LANG=en_US.UTF-8 (an English machine, a CI container) keeps French: see `i18n`."""
    environment = {
        "PATH": "/usr/bin:/bin",
        "PYTHONPATH": str(REPO / "src"),
        "HOME": str(tmp_path),
        "LANG": "en_US.UTF-8",
        "LC_ALL": "en_US.UTF-8",
    }
    run = [sys.executable, "-m", "manufactures", "--help"]
    result = subprocess.run(run, env=environment, capture_output=True, text=True, check=True)
    assert result.stdout.startswith("Utilisation : ")


# Three messages issue 16 found unclear, in both languages.


def test_a_tab_in_an_id_shows_in_the_file_name_to_give(registry: Path) -> None:
    record = registry / "laureates" / "polinno.yaml"
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("id: polinno", 'id: "Tab\\tx"', 1), encoding="utf-8")
    result = run_cli("validate", str(registry), env=FRENCH)
    assert "renommez le fichier en `Tab\\tx.yaml`" in result.stdout
    english = run_cli("validate", str(registry))
    assert "rename the file to `Tab\\tx.yaml`" in english.stdout


def test_a_folder_that_cannot_be_written_names_the_record(
    registry: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not the temporary file (`.polinno.yaml.wookn8uz.tmp`) the write goes through."""
    from manufactures.editing import edits

    def refused(*_args: object, dir: Path, prefix: str, **_kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", f"{dir}/{prefix}wookn8uz.tmp")

    monkeypatch.setattr(edits.tempfile, "NamedTemporaryFile", refused)
    result = run_cli("--data", str(registry), "set", "polinno", "website", "https://example.org")
    assert result.exit_code == 2
    assert result.stderr.strip().endswith("laureates/polinno.yaml")
    assert ".tmp" not in result.stderr


def test_unsetting_an_absent_field_says_it_is_absent(registry: Path) -> None:
    result = run_cli("--data", str(registry), "set", "polinno", "website", "--unset", env=FRENCH)
    assert result.exit_code == 0
    assert "website inchangé (la fiche n’a pas ce champ)" in result.stderr
    english = run_cli("--data", str(registry), "set", "polinno", "website", "--unset")
    assert "website unchanged (the record has no such field)" in english.stderr


def test_new_asks_for_the_name_in_french(registry: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("manufactures.cli.commands.new._interactive", lambda: True)
    result = CliRunner().invoke(
        app,
        ["--data", str(registry), "new", "x"],
        input="La Fabrique\n",
        env={"NO_COLOR": "1", **FRENCH},
    )
    assert result.exit_code == 0, result.stderr
    assert result.stdout.startswith("Nom du lauréat: ")
    assert "créée ; remplacez maintenant la source d’attente" in result.stderr


def test_an_unknown_language_and_a_wrong_date_are_said_plainly() -> None:
    result = run_cli("--lang", "de", "list", env=FRENCH)
    assert result.exit_code == 2
    assert "Valeur invalide pour '--lang' : 'de' n’est pas l’une des valeurs : fr, en" in (
        result.stderr
    )
    result = run_cli("progress", "--as-of", "2022-02-30", env=FRENCH)
    assert "'2022-02-30' n’est pas une date (AAAA-MM-JJ)" in result.stderr


def test_sarif_rules_are_described_in_the_language_chosen(registry: Path) -> None:
    """Code scanning shows each rule's description: French by default, the same rule ids."""

    def rules(*options: str) -> dict[str, str]:
        result = run_cli(*options, "validate", str(registry), "--format", "sarif", env=FRENCH)
        driver = json.loads(result.stdout)["runs"][0]["tool"]["driver"]
        return {rule["id"]: rule["shortDescription"]["text"] for rule in driver["rules"]}

    french, english = rules(), rules("--lang", "en")
    assert french.keys() == english.keys()
    assert french["unknown-sector"] == "Une filière que programme.yaml ne liste pas."
    assert english["unknown-sector"] == "A sector programme.yaml does not list."
