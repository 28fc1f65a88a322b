"""The committed JSON Schema: current, identified, pointed at by every brief, and true to what YAML 1.2 reads."""

from __future__ import annotations

import json
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator
from ruamel.yaml import YAML

from dossier.load import load
from dossier.project.scaffold import LAYOUT

ROOT = Path(__file__).resolve().parent.parent
SCHEMA = ROOT / "schema" / "brief.schema.json"
STARTER = ROOT / "dossier" / "project" / "scaffold" / "files" / "brief.yaml"
BRIEFS = sorted([*ROOT.glob("data/*.yaml"), *ROOT.glob("examples/*.yaml"), *ROOT.glob("tests/fixtures/**/*.yaml")])
MODELINE = "# yaml-language-server: $schema="
REGENERATE = "dossier schema > schema/brief.schema.json"


def _schema() -> dict:
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


def test_the_committed_schema_is_what_dossier_schema_prints():
    printed = subprocess.run([sys.executable, "-m", "dossier", "schema"], cwd=ROOT, capture_output=True,
                             text=True, encoding="utf-8", check=True).stdout
    assert SCHEMA.read_text(encoding="utf-8") == printed, \
        f"schema/brief.schema.json is not what `dossier schema` prints; regenerate it: {REGENERATE}"


def test_the_schema_names_its_dialect_and_a_stable_id_in_the_projects_repository():
    schema = _schema()
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    Draft202012Validator.check_schema(schema)
    urls = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["urls"]
    assert schema["$id"] == f"{urls['Source']}/raw/main/schema/brief.schema.json"


@pytest.mark.parametrize("brief", [*BRIEFS, STARTER], ids=lambda p: p.relative_to(ROOT).as_posix())
def test_every_brief_points_at_the_committed_schema_by_a_path_in_a_clone(brief):
    """The modeline is among the comments that open the file (an illustrative brief's notice comes first)."""
    lines = brief.read_text(encoding="utf-8").splitlines()
    opening = lines[:next(i for i, line in enumerate(lines) if not line.startswith("#"))]
    [modeline] = [line for line in opening if line.startswith(MODELINE)] or [None]
    assert modeline, f"{brief.name}: no modeline among the comments that open it"
    target = modeline.removeprefix(MODELINE)
    if brief == STARTER:  # as `init` writes it: data/example.yaml, beside the copy in schema/
        assert "data/example.yaml" in LAYOUT and target == "../schema/brief.schema.json"
    else:
        assert not Path(target).is_absolute() and (brief.parent / target).resolve() == SCHEMA


def test_every_brief_and_the_starter_pass_the_schema_as_an_editor_reads_them():
    """check-jsonschema reads YAML 1.2 with ruamel.yaml, as the YAML language server does."""
    run = subprocess.run([sys.executable, "-m", "check_jsonschema", "--schemafile", str(SCHEMA),
                          *map(str, BRIEFS), str(STARTER)], capture_output=True, text=True, cwd=ROOT)
    assert run.returncode == 0, run.stdout + run.stderr
    assert len(BRIEFS) >= 17


BARE = {
    "a year as the date and the title": "meeting: {title: 2024, date: 2031}",
    "booleans and numbers as text": "meeting: {title: T, kind: true, place: 3.5, parties: [2024, false]}",
    "key messages and a short-form chapter": "meeting: {title: T}\nkey_messages: [42, true]\nbackground: 2024\n"
                                             "outlook: [1, no, yes]",
    "table cells": "meeting: {title: T}\nchapters:\n  - title: 1\n    blocks:\n"
                   "      - {table: 2024, columns: [Year, Value, Done], rows: [[2024, 1.5, true], [2025, -3, off]]}",
}

SHAPED = {
    "a status word is an enum": "meeting: {title: T}\nstatus: true",
    "a language tag is a pattern": "meeting: {title: T, language: 12}",
    "a risk's likelihood is an enum": "meeting: {title: T}\nchapters:\n  - title: R\n    blocks:\n"
                                      "      - risks: [{risk: R, likelihood: 1, impact: high}]",
    "a title is not a list": "meeting: {title: [2024]}",
    "a series holds numbers": "meeting: {title: T}\nchapters:\n  - title: C\n    blocks:\n"
                              "      - {chart: C, categories: [a], series: [{name: S, values: [true]}]}",
}


def _editor_errors(text: str) -> list[str]:
    data = YAML(typ="safe", pure=True).load(text)  # YAML 1.2, as an editor reads it
    return [error.message for error in Draft202012Validator(_schema()).iter_errors(data)]


@pytest.mark.parametrize("text", BARE.values(), ids=BARE)
def test_a_bare_number_or_boolean_passes_where_dossier_reads_text(text, tmp_path):
    assert _editor_errors(text) == []
    (path := tmp_path / "brief.yaml").write_text(text, encoding="utf-8")
    load(path)  # and Dossier, which reads it as text, takes it


@pytest.mark.parametrize("text", SHAPED.values(), ids=SHAPED)
def test_words_shapes_and_structures_stay_strict(text):
    assert _editor_errors(text)


def test_a_bare_year_as_the_date_is_text_to_dossier(tmp_path):
    (path := tmp_path / "brief.yaml").write_text("meeting: {title: 2024, date: 2031}", encoding="utf-8")
    meeting = load(path).meeting
    assert (meeting.title, meeting.date) == ("2024", "2031")
