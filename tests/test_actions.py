"""Actions, decisions and statuses (issue 22, parts 2 and 7): the model's order and overdue flags, the
marks, and the tables and marks in the PDF and the deck."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from pptx import Presentation

import dossier.deck as deckmod
from conftest import pdf_text
from dossier import pdf
from dossier.load import load
from dossier.model import ActionsBlock, DecisionsBlock, TableBlock
from dossier.model.status import mark
from dossier.style.labels import Labels

BRIEF = {
    "meeting": {"title": "Quarterly Sales Review", "date": "2025-10-01", "place": "Valdora"},
    "status": "On Track",
    "summary": "The quarter went well, but the south lags.",
    "chapters": [
        {"title": "Sales", "status": "at risk", "blocks": [
            {"actions": [
                {"what": "Hire two account managers", "owner": "Dana Okafor", "due": "2025-11-30"},
                {"what": "Review the northern pipeline", "owner": "Sales Ops", "due": "2025-09-30"},
                {"what": "Refresh the price list"},
                {"what": "Sign the distributor contract", "due": "2025-09-01", "status": "done"},
                {"what": "Migrate the CRM", "owner": "IT", "due": "2025-09-30", "status": "at risk"},
            ], "lead": "Agreed follow-up:"},
            {"table": "Regions", "columns": ["Region", "Revenue", {"heading": "Status", "status": True}],
             "rows": [["North", "120", "on track"], ["South", "80", "off_track"], ["East", "95", "AMBER"]]},
        ]},
        {"title": "Board", "blocks": [
            {"decisions": [{"what": "Approve the FY2026 budget", "by": "The board", "date": "2026-03-12",
                            "note": "Unanimous"},
                           {"what": "Open a Lisbon office"}]},
            {"sections": [{"title": "Hiring", "status": "done", "text": "All posts are filled."}]},
        ]},
    ],
}
ORDER = ["Sign the distributor contract", "Review the northern pipeline", "Migrate the CRM",
         "Hire two account managers", "Refresh the price list"]
"""The actions by due day (two on 30 September in the written order), the undated last."""


@pytest.fixture(scope="module")
def source(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("actions") / "review.yaml"
    path.write_text(yaml.safe_dump(BRIEF, sort_keys=False), encoding="utf-8")
    return path


def _blocks(brief, kind):
    return [b for b in brief.blocks() if isinstance(b, kind)]


def test_actions_sort_by_due_day_undated_last_and_equals_as_written(source):
    [actions] = _blocks(load(source), ActionsBlock)
    assert [a.what for a in actions.records] == ORDER
    assert [a.what for a in actions.actions][0] == "Hire two account managers"  # the data keeps its order


def test_an_action_due_before_the_meeting_and_not_done_is_overdue(source):
    [actions] = _blocks(load(source), ActionsBlock)
    overdue = {a.what: actions.overdue(a) for a in actions.actions}
    assert overdue == {"Hire two account managers": False, "Review the northern pipeline": True,
                       "Refresh the price list": False, "Sign the distributor contract": False, "Migrate the CRM": True}
    cells = {row[0]: row[-1] for row in (actions.cells(a, "en", Labels("en")) for a in actions.records)}
    assert cells["Migrate the CRM"].labels == ("overdue", "status_at_risk")
    assert cells["Review the northern pipeline"].labels == ("overdue",)
    assert cells["Refresh the price list"] == mark("open")


def test_without_a_dated_meeting_nothing_is_overdue_and_without_statuses_no_status_column(tmp_path):
    data = {"meeting": {"title": "T", "date": "Autumn 2025"},
            "chapters": [{"title": "C", "blocks": [{"actions": [{"what": "A", "due": "2020-01-01"}]}]}]}
    path = tmp_path / "b.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    [actions] = _blocks(load(path), ActionsBlock)
    assert not actions.overdue(actions.actions[0])
    assert [f for f, _ in actions.columns()] == ["what", "due"]


def test_status_words_are_read_in_any_case_and_each_has_its_own_shape(source):
    brief = load(source)
    assert brief.status == "on track" and brief.chapters[0].status == "at risk"
    [table] = _blocks(brief, TableBlock)
    assert [row[-1].shape for row in table.shown("en").rows] == ["circle", "square", "triangle"]
    shapes = {w: mark(w).shape for w in ("on track", "at risk", "off track", "done", "open")}
    assert len(set(shapes.values())) == 5


def test_the_pdf_prints_the_tables_the_marks_words_and_the_statuses(source, theme, tmp_path):
    path = tmp_path / "review.pdf"
    pdf.render(load(source), theme, path)
    text = pdf_text(path)
    assert "status on track" in text.lower()  # on the principal's sheet, its label in capitals
    assert "Sales At risk" in text and "Hiring Done" in text
    assert "Action Owner Due Status" in text and "Decision Decided by Date Note" in text
    positions = [text.index(what) for what in ORDER]
    assert positions == sorted(positions)
    assert "Review the northern pipeline Sales Ops 30 September 2025 Overdue" in text
    assert "Migrate the CRM IT 30 September 2025 Overdue · At risk" in text
    assert "Refresh the price list Open" in text
    assert "North 120 On track South 80 Off track East 95 Amber" in text
    assert "Approve the FY2026 budget The board 12 March 2026 Unanimous" in text


@pytest.mark.parametrize("density", ["compact", "full"])
def test_the_deck_has_native_tables_with_a_shape_beside_each_status(source, theme, tmp_path, density):
    theme = theme.model_copy(update={"deck": theme.deck.model_copy(update={"density": density})})
    path = tmp_path / "review.pptx"
    deckmod.render(load(source), theme, path)
    prs = Presentation(str(path))
    tables = [[[c.text.replace("\u00a0", " ").strip() for c in row.cells] for row in shape.table.rows]
              for slide in prs.slides for shape in slide.shapes if shape.has_table]
    actions = next(t for t in tables if t[0] == ["Action", "Owner", "Due", "Status"])
    assert [row[0] for row in actions[1:]] == ORDER
    assert actions[2][1:] == ["Sales Ops", "30 September 2025", "Overdue"]
    assert next(t for t in tables if t[0][0] == "Decision")[0] == ["Decision", "Decided by", "Date", "Note"]
    shapes = [[s.name for s in slide.shapes if s.name.startswith("Status ")] for slide in prs.slides]
    on_actions = next(names for names, slide in zip(shapes, prs.slides)
                      if any(sh.has_table and sh.table.cell(0, 0).text == "Action" for sh in slide.shapes))
    assert on_actions == ["Status done", "Status off track", "Status off track", "Status open", "Status open",
                          "Status at risk"]  # the cells', then the chapter's badge
    badges = {k for k, slide in enumerate(prs.slides) for sh in slide.shapes if sh.name == "Status"}
    texts = {k: " ".join(sh.text_frame.text for sh in prs.slides[k].shapes if sh.name == "Status") for k in badges}
    assert any("On track" in t for t in texts.values())  # the bottom line (compact) or the summary (full)
    assert any("At risk" in t for t in texts.values()) and any("Done" in t for t in texts.values())
    cover = " ".join(sh.text_frame.text for sh in prs.slides[0].shapes if sh.has_text_frame)
    assert "Status: On track" in cover
