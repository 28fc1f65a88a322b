"""Risks and resolutions (issue 22, part 7): two blocks printed as tables of records, their levels as words
after their dots, their votes in the language's numerals, their results from the catalogue."""

from __future__ import annotations

import re

import pytest
from pptx import Presentation
from pptx.enum.text import PP_ALIGN

from conftest import pdf_text
from dossier import deck, pdf
from dossier.load import load
from dossier.model import Marked, ResolutionsBlock, RisksBlock
from dossier.model.schema import json_schema
from dossier.style.labels import Labels
from dossier.style.theme import Deck

BRIEF = """\
meeting:
  title: Board of Trustees, Third Quarter Meeting
  date: 2026-09-24
  language: {language}
summary: The board reviewed the risks of the turbine project and voted on the accounts.
chapters:
  - title: Risks
    blocks:
      - risks:
          - risk: The supplier delays the turbines
            owner: COO
            likelihood: High
            impact: medium
            mitigation: Qualify a second supplier
          - risk: Steel prices rise
            likelihood: low
            impact: high
  - title: Resolutions
    blocks:
      - resolutions:
          - title: Approve the 2025 accounts
            for: 9
            against: 0
            abstaining: 1
            result: adopted
          - title: Sell the Porto building
            for: 1250
            against: 6
            result: rejected
          - title: Merge with the Coimbra foundation
            for: 5
            against: 4
          - title: Raise the allowance
            result: withdrawn
            note: Withdrawn before the vote
"""


def _write(tmp_path, language: str = "en", text: str = BRIEF):
    path = tmp_path / f"board-{language}.yaml"
    path.write_text(text.format(language=language), encoding="utf-8")
    return load(path)


def _blocks(brief) -> tuple[RisksBlock, ResolutionsBlock]:
    risks, resolutions = brief.blocks()
    return risks, resolutions


def test_levels_are_words_after_their_dots_in_the_authors_order(tmp_path):
    risks, _ = _blocks(_write(tmp_path))
    label = Labels("en")
    assert [r.risk for r in risks.risks] == ["The supplier delays the turbines", "Steel prices rise"]
    assert risks.risks[0].likelihood == "high"  # 'High' as written
    assert [c for _, c in risks.columns()] == ["risk", "risk_owner", "likelihood", "impact", "mitigation"]
    assert risks.cells(risks.risks[1], "en", label) == [
        "Steel prices rise", None, Marked(mark="●○○", text="Low"), Marked(mark="●●●", text="High"), None]
    assert risks.cells(risks.risks[0], "fr", Labels("fr"))[2:4] == [Marked(mark="●●●", text="Élevé"),
                                                                   Marked(mark="●●○", text="Moyen")]


def test_votes_are_counts_in_the_languages_numerals_and_a_missing_result_is_not_guessed(tmp_path):
    _, resolutions = _blocks(_write(tmp_path))
    first, second, third, fourth = resolutions.resolutions
    assert (first.votes_for, first.against, first.abstaining) == (9, 0, 1)
    assert [c for _, c in resolutions.columns()] == ["resolution", "votes_for", "votes_against", "abstaining",
                                                    "result", "note"]
    assert resolutions.aligns() == ["left", "right", "right", "right", "left", "left"]
    label = Labels("fr")
    assert resolutions.cells(first, "fr", label) == ["Approve the 2025 accounts", "9", "0", "1", "Adoptée", None]
    assert resolutions.cells(second, "fr", label)[1] == "1\u202f250"
    assert resolutions.cells(second, "de", Labels("de"))[1] == "1.250"
    assert resolutions.cells(third, "en", Labels("en"))[4] is None  # votes, no result: none printed
    assert resolutions.cells(fourth, "en", Labels("en"))[1:5] == [None, None, None, "Withdrawn"]


def test_a_column_nobody_fills_is_left_out_but_a_zero_is_a_count(tmp_path):
    text = BRIEF.replace("            abstaining: 1\n", "").replace("for: 9", "for: 0")
    _, resolutions = _blocks(_write(tmp_path, text=text))
    assert "abstaining" not in [f for f, _ in resolutions.columns()]
    only_zero = ResolutionsBlock.model_validate({"resolutions": [{"title": "A", "against": "0"}]})
    assert [f for f, _ in only_zero.columns()] == ["title", "against"]
    assert only_zero.cells(only_zero.resolutions[0], "en", Labels("en")) == ["A", "0"]


def test_the_schema_shows_for_with_its_description():
    properties = json_schema()["$defs"]["Resolution"]["properties"]
    assert "votes_for" not in properties
    assert properties["for"]["description"] == "The votes for it."
    assert properties["for"]["anyOf"][0] == {"maximum": 999_999_999, "minimum": 0, "type": "integer"}
    assert json_schema()["$defs"]["Risk"]["properties"]["likelihood"]["enum"] == ["low", "medium", "high"]


@pytest.mark.parametrize("value, message", [
    ("-1", "-1 votes: a number of votes is 0 or more"),
    ("9.5", "'9.5' is not a number of votes; write a whole number in digits, e.g. 9"),
    ("'1,250'", "'1,250' is not a number of votes; write a whole number in digits, e.g. 9"),
])
def test_a_count_that_is_not_one_is_an_error_at_its_place(tmp_path, value, message):
    from dossier.errors import InvalidInput

    with pytest.raises(InvalidInput) as caught:
        _write(tmp_path, text=BRIEF.replace("against: 6", f"against: {value}"))
    [problem] = caught.value.problems
    assert (problem.line, problem.column, problem.field, problem.message) == (
        28, 22, "chapters[1].blocks[0].resolutions[1].against", message)


def test_the_pdf_prints_both_tables(tmp_path, theme):
    brief = _write(tmp_path)
    path = tmp_path / "board.pdf"
    pdf.render(brief, theme, path)
    text = pdf_text(path)
    for words in ("Risk Risk owner Likelihood Impact Mitigation", "●●● High ●●○ Medium",
                  "●○○ Low ●●● High", "Resolution For Against Abstentions Result Note",
                  "Approve the 2025 accounts 9 0 1 Adopted", "Sell the Porto building 1,250 6 Rejected",
                  "Merge with the Coimbra foundation 5 4", "Raise the allowance Withdrawn Withdrawn before the vote"):
        assert words in text, words


def _tables(path):
    return [(slide, shape.table) for slide in Presentation(str(path)).slides for shape in slide.shapes
            if shape.has_table]


@pytest.mark.parametrize("density", ["compact", "full"])
def test_the_deck_has_native_tables_with_the_votes_aligned_right(tmp_path, theme, density):
    brief = _write(tmp_path)
    path = tmp_path / f"{density}.pptx"
    deck.render(brief, theme.model_copy(update={"deck": Deck(density=density)}), path)
    (_, risks), (slide, votes) = _tables(path)
    assert [[c.text for c in row.cells] for row in risks.rows] == [
        ["Risk", "Risk owner", "Likelihood", "Impact", "Mitigation"],
        ["The supplier delays the turbines", "COO", "●●● High", "●●○ Medium", "Qualify a second supplier"],
        ["Steel prices rise", "", "●○○ Low", "●●● High", ""]]
    assert [c.text for c in votes.rows[2].cells] == ["Sell the Porto building", "1,250", "6", "", "Rejected", ""]
    assert [votes.cell(2, c).text_frame.paragraphs[0].alignment for c in range(5)] == [
        None, PP_ALIGN.RIGHT, PP_ALIGN.RIGHT, PP_ALIGN.RIGHT, None]
    notes = slide.notes_slide.notes_text_frame.text
    assert "Resolution: Merge with the Coimbra foundation; For: 5; Against: 4" in notes


def test_a_long_list_of_resolutions_continues_with_its_header(tmp_path, theme):
    many = "".join(f"          - title: Resolution number {k} on the budget of the foundation\n"
                   f"            for: {k}\n            against: 1\n            result: adopted\n" for k in range(1, 31))
    text = BRIEF[:BRIEF.index("          - title: Approve")] + many
    path = tmp_path / "many.pptx"
    deck.render(_write(tmp_path, text=text), theme, path)
    tables = [t for _, t in _tables(path)][1:]
    assert len(tables) >= 2
    assert all([c.text for c in t.rows[0].cells] == ["Resolution", "For", "Against", "Result"] for t in tables)
    assert [re.sub(r"\D", "", t.cell(r, 1).text) for t in tables for r in range(1, len(t.rows))] == \
        [str(k) for k in range(1, 31)]


def test_top_level_risks_and_resolutions_are_chapters_titled_in_the_briefs_language(tmp_path):
    text = ("meeting: {{title: Comité de pilotage, language: {language}}}\n"
            "risks:\n  - {{risk: Le prestataire est en retard, likelihood: medium, impact: high}}\n"
            "resolutions:\n  - {{title: Prolonger le pilote, for: 6, against: 1, result: adopted}}\n")
    brief = _write(tmp_path, "fr", text)
    assert [c.title for c in brief.chapters] == ["Risques", "Résolutions"]
    assert [type(b) for b in brief.blocks()] == [RisksBlock, ResolutionsBlock]
