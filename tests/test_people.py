"""People and parties (issue 22, part 8): joint hosts and chairs, who represented a party, guests and
organisations, a meeting of an organisation with attendees, and labels that name one use each."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml
from pptx import Presentation

from conftest import ROOT, assert_valid_deck
from dossier.build import Options, build_one
from dossier.load import load
from dossier.model import Brief, MembersBlock
from dossier.model.schema import json_schema
from dossier.model.words import MESSAGES, WHERE, context
from dossier.style.labels import Labels, template
from test_languages import deck_text

COMPANY = ROOT / "tests" / "cases" / "people-company.yaml"
SUMMIT = {
    "meeting": {
        "title": "Franco-German Council of Ministers", "date": "2026-05-04", "place": "Toulouse, France",
        "host": ["France", "Germany"], "chair": ["Emmanuel Macron", "Olaf Scholz"],
        "parties": ["Russia", {"party": "China", "by": "Premier Li Qiang"}, "India", "Iran", "Kazakhstan", "Pakistan"],
        "guests": ["Turkmenistan", {"party": "Laos", "by": "Foreign Minister Saleumxay"}],
        "organisations": ["United Nations", "ASEAN"],
    },
    "summary": "A council with joint chairs.",
    "chapters": [{"title": "Members", "blocks": [
        {"members": ["Russia", {"party": "Belarus", "by": "President Lukashenko"}]},
        {"programme": [{"when": "09:30", "what": "Plenary", "chair": "Olaf Scholz"}]},
    ]}],
    "labels": {"session_chair": "Presiding"},
}
DIPLOMATIC = ("Parties", "Delegations", "party", "delegation", "bilateral", "signatories")


def pdftotext(path: Path) -> str:
    return " ".join(subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, text=True,
                                   check=True).stdout.split())


@pytest.fixture(scope="module")
def outputs(tmp_path_factory) -> dict[str, dict[str, Path]]:
    """The summit and the company review, built in every format: {name: {fmt: path}}."""
    folder = tmp_path_factory.mktemp("people")
    (folder / "summit.yaml").write_text(yaml.safe_dump(SUMMIT, sort_keys=False), encoding="utf-8")
    found = {}
    for source in (folder / "summit.yaml", COMPANY):
        result = build_one(source, Options(out=folder / "out", formats=("pdf", "pptx", "html")))
        assert not result.failed, result.problems
        found[source.stem] = {fmt: folder / "out" / f"{source.stem}.{fmt}" for fmt in ("pdf", "pptx", "html")}
    return found


# ---------------------------------------------------------------- the model


def test_one_host_or_several_and_parties_as_names_or_who_represented_them():
    brief = Brief.model_validate(SUMMIT)
    m = brief.meeting
    assert m.host == ["France", "Germany"] and m.chair == ["Emmanuel Macron", "Olaf Scholz"]
    assert Brief.model_validate({"meeting": {"title": "T", "host": "France"}}).meeting.host == ["France"]
    assert m.parties[1].party == "China" and m.parties[1].by == "Premier Li Qiang" and m.parties[0].by is None
    assert m.party_names == ["Russia", "China", "India", "Iran", "Kazakhstan", "Pakistan"]
    assert m.keywords == [*m.party_names]
    members = next(b for b in brief.blocks() if isinstance(b, MembersBlock))
    assert members.names == ["Russia", "Belarus"]
    assert [key for key, _ in m.facts()] == ["date", "place", "host", "chair", "parties", "guests", "organisations"]


def test_a_meeting_of_an_organisation_has_attendees_present_and_apologies():
    m = load(COMPANY).meeting
    assert m.organisation == "Acme Corporation" and not m.parties and m.keywords[0] == "Acme Corporation"
    assert [a.name for a in m.present] == ["Dana Okafor", "Lee Park", "Ana Ruiz", "Sam Cole"]
    assert [a.name for a in m.apologies] == ["Priya Nair"]


def test_the_schema_shows_both_shapes_and_describes_each_label_with_its_text_and_where():
    schema = json_schema()
    meeting = schema["$defs"]["Meeting"]["properties"]
    assert {"type": "array", "items": {"minLength": 1, "type": ["string", "number", "boolean"]}} in [
        {k: v for k, v in option.items() if k in ("type", "items")} for option in meeting["host"]["anyOf"]]
    assert {"$ref": "#/$defs/Party"} in meeting["parties"]["items"]["anyOf"]
    assert schema["$defs"]["Party"]["properties"]["by"]["description"].startswith("Who represented it")
    labels = schema["$defs"]["Overrides"]["properties"]
    assert labels["chair"]["description"] == "Dossier's text: Chair. Appears in the cover's facts: who chairs the meeting."
    assert labels["session_chair"]["description"] == "Dossier's text: Chair. Appears in the programme table's chair column."
    assert set(WHERE) == set(MESSAGES) and all(labels[key]["description"].endswith(f"{WHERE[key]}.") for key in MESSAGES)


# ---------------------------------------------------------------- labels per use


def test_one_english_word_for_two_uses_has_a_translation_for_each():
    assert context("chair") is None and context("session_chair") == "session_chair"
    assert 'msgctxt "session_chair"\nmsgid "Chair"' in template()
    fr = Labels("fr")
    assert (fr("chair"), fr("session_chair")) == ("Présidence", "Président de séance")
    assert Labels("en", {"session_chair": "Presiding"})("chair") == "Chair"
    assert Labels("en", {"chair": "Presidency"})("session_chair") == "Chair"  # an older brief's rename: the cover's


def test_renaming_the_programme_s_chair_leaves_the_cover_s(outputs):
    text = pdftotext(outputs["summit"]["pdf"])
    assert "Presiding" in text and "CHAIR" in text.upper().replace("PRESIDING", "")
    slides, notes = deck_text(outputs["summit"]["pptx"])
    assert "Presiding" in slides and "Chair: Emmanuel Macron and Olaf Scholz" in notes


# ---------------------------------------------------------------- the outputs


def test_joint_hosts_and_chairs_guests_organisations_and_who_represented_whom(outputs):
    paths = outputs["summit"]
    pdf = pdftotext(paths["pdf"])
    for words in ("France Germany", "Emmanuel Macron Olaf Scholz", "Premier Li Qiang", "Belarus President Lukashenko",
                  "Turkmenistan Laos", "Foreign Minister Saleumxay", "United Nations ASEAN"):
        assert words in pdf, words
    assert re.search(r"GUESTS.*ORGANISATIONS", pdf.upper().replace(" ", ""))
    html = paths["html"].read_text(encoding="utf-8")
    assert '<li>China<span class="by">Premier Li Qiang</span></li>' in html  # the cover's grid of parties
    assert '<span class="party">Laos<span class="by">Foreign Minister Saleumxay</span></span>' in html
    assert '<li>Belarus<span class="by">President Lukashenko</span></li>' in html
    slides, notes = deck_text(paths["pptx"])
    assert "China (Premier Li Qiang)" in slides and "Belarus (President Lukashenko)" in slides
    assert "Guests: Turkmenistan and Laos (Foreign Minister Saleumxay)" in slides
    assert "Organisations: United Nations and ASEAN" in slides
    assert "Host: France and Germany" in notes
    assert "Host: France and Germany" in slides and "Chair: Emmanuel Macron and Olaf Scholz" in slides  # title slide
    prs = Presentation(str(paths["pptx"]))
    assert [s.shapes.title.text_frame.text for s in prs.slides][2] == "Parties"  # six parties, not all members
    assert_valid_deck(paths["pptx"])


def test_a_company_review_reads_as_its_organisation_s_meeting_with_no_diplomatic_word(outputs):
    paths = outputs["people-company"]
    pdf = pdftotext(paths["pdf"])
    slides, notes = deck_text(paths["pptx"])
    title_slide = Presentation(str(paths["pptx"])).slides[0]
    assert "Acme Corporation" in " ".join(s.text_frame.text for s in title_slide.shapes if s.has_text_frame)
    assert "ACMECORPORATION" in pdf.split("Quarterly Sales Review")[0].upper().replace(" ", "")  # the kicker
    assert "Attendees" in pdf and "Apologies Priya Nair" in pdf and "Auditor, Northgate LLP · Guest" in pdf
    assert "Attendees" in slides and "Apologies" in slides and "Sam Cole" in slides
    for text in (pdf, slides, notes):
        found = [w for w in DIPLOMATIC if re.search(rf"\b{w}", text, re.I)]
        assert found == []
    assert_valid_deck(paths["pptx"])
