"""The compact deck's story (issue 21): the bottom line first, titles that make the point, slide kinds
chosen by content, and `deck.density: full` for one slide per item."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pptx import Presentation

import dossier.deck as deckmod
from conftest import every_paragraph, every_point
from dossier.load import load
from dossier.model.markup import to_plain
from dossier.model import Brief, Story
from dossier.model.glance import glance
from dossier.style.theme import Deck

ROOT = Path(__file__).resolve().parent.parent
FIGURES = ROOT / "examples" / "aurelia-borealis-figures.yaml"
MEETINGS = ROOT / "tests" / "fixtures" / "meetings"
CONT = " (cont.)"


def _deck(brief: Brief, theme, path: Path) -> Presentation:
    deckmod.render(brief, theme, path)
    return Presentation(str(path))


def _titles(prs) -> list[str]:
    return [s.shapes.title.text_frame.text if s.shapes.title is not None else "" for s in prs.slides]


def _named(slide, name: str) -> list:
    return [s for s in slide.shapes if s.name == name]


def _slide_text(prs) -> str:
    out = []
    for slide in prs.slides:
        for shape in slide.shapes:
            if shape.has_text_frame:
                out.append(shape.text_frame.text)
            elif getattr(shape, "has_table", False) and shape.has_table:
                out += [c.text for row in shape.table.rows for c in row.cells]
    return " ".join(" ".join(out).split())


def _notes(prs) -> str:
    return " ".join(" ".join(s.notes_slide.notes_text_frame.text for s in prs.slides).split())


@pytest.fixture(scope="module")
def example(brief, theme, tmp_path_factory):
    return _deck(brief, theme, tmp_path_factory.mktemp("story") / "example.pptx")


@pytest.fixture(scope="module")
def figures(theme, tmp_path_factory):
    return _deck(load(FIGURES), theme, tmp_path_factory.mktemp("story") / "figures.pptx")


def test_the_example_is_at_most_twenty_slides_with_the_bottom_line_second(example):
    titles = _titles(example)
    assert len(titles) <= 20
    assert titles[1:3] == ["Bottom line", "Agenda"]


@pytest.mark.parametrize("source", ["example", FIGURES, *sorted(MEETINGS.glob("*.yaml"))],
                         ids=lambda s: getattr(s, "stem", s))
def test_no_two_slides_share_a_title_but_a_continuation(source, brief, theme, tmp_path):
    subject = brief if source == "example" else load(source)
    prs = _deck(subject, theme, tmp_path / "deck.pptx")
    titles = [t for t in _titles(prs)[1:] if not t.endswith(CONT)]
    assert len(titles) == len(set(titles)), titles
    assert all(t[: -len(CONT)] in _titles(prs) for t in _titles(prs) if t.endswith(CONT))


def test_every_fact_is_on_a_slide_or_in_its_notes(example, brief):
    text, notes = _slide_text(example), _notes(example)
    for point in every_point(brief):
        assert " ".join(to_plain(point).split()) in text, point
    for paragraph in every_paragraph(brief):
        assert " ".join(paragraph.split()) in notes, paragraph[:60]


def test_without_key_messages_the_bottom_line_is_the_summary_and_the_highlights_titles(example, brief):
    slide = example.slides[1]
    text = " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
    assert " ".join(brief.summary.split()) in " ".join(text.split())
    titles = [to_plain(h.title) for h in Story(brief).highlights]
    assert "5 highlights:" in text and all(t in text for t in titles)


def test_key_messages_are_numbered_on_the_bottom_line_and_the_summary_goes_to_its_notes(brief, theme, tmp_path):
    messages = ["Russia offers discounted fuel", "Trade is far below its potential", "The SCO is Pakistan's bridge"]
    prs = _deck(brief.model_copy(update={"key_messages": messages}), theme, tmp_path / "deck.pptx")
    slide = prs.slides[1]
    body = next(s for s in slide.placeholders if s.placeholder_format.idx != 0 and s.text_frame.text.strip()
                and "Bottom" not in s.text_frame.text)
    assert [p.text for p in body.text_frame.paragraphs] == [m.replace("'", "’") for m in messages]  # typographic
    assert all(p._p.pPr.find("{*}buAutoNum") is not None for p in body.text_frame.paragraphs)
    assert {r.font.size.pt for p in body.text_frame.paragraphs for r in p.runs} == {24.0}  # larger than the 20 pt body
    assert " ".join(brief.summary.split()) in " ".join(slide.notes_slide.notes_text_frame.text.split())
    assert "Summary" not in _titles(prs)


def test_highlights_are_a_card_grid_from_the_right_in_a_right_to_left_brief(theme, tmp_path):
    cards = [{"title": f"نتيجة {k}", "points": ["اتفق الجانبان على خطة عمل"]} for k in range(1, 5)]
    brief = Brief.model_validate({"meeting": {"title": "محادثات", "language": "ar"},
                                  "chapters": [{"title": "النتائج", "blocks": [{"highlights": cards}]}]})
    prs = _deck(brief, theme, tmp_path / "deck.pptx")
    slide = next(s for s in prs.slides if _named(s, "Card"))
    cards = _named(slide, "Card")
    assert [c.text_frame.paragraphs[0].text for c in cards] == [f"1.{k}  نتيجة {k}" for k in range(1, 5)]
    assert cards[0].left > cards[1].left and cards[0].top == cards[1].top < cards[2].top  # 2 × 2, from the right
    assert cards[2].left > cards[3].left


def test_short_subsections_stand_side_by_side_under_their_chapter(example):
    slide = next(s for s in example.slides if s.shapes.title.text_frame.text.startswith("4  "))
    columns = _named(slide, "Column")
    assert [c.text_frame.paragraphs[0].text for c in columns] == ["4.1  Trade and Investment",
                                                                  "4.2  Banking and Financial Integration"]
    assert columns[0].left < columns[1].left and columns[0].top == columns[1].top


def test_no_divider_for_a_chapter_of_two_slides_or_fewer(example, figures):
    assert not [s for s in example.slides if s.slide_layout.name == "Section"]
    dividers = [s.shapes.title.text_frame.text for s in figures.slides if s.slide_layout.name == "Section"]
    assert dividers == ["1  Trade", "2  Investment"]  # three figures each; Energy and the fund have two slides


def test_a_figure_is_titled_by_its_caption_under_its_chapter_s_kicker(figures):
    slide = next(s for s in figures.slides if s.shapes.title.text_frame.text == "Trade in goods, 2021–2025")
    assert [k.text_frame.text for k in _named(slide, "Kicker")] == ["1  TRADE"]
    kicker, title = _named(slide, "Kicker")[0], slide.shapes.title
    assert kicker.top + kicker.height <= title.top
    assert "Trade in goods, 2021–2025" not in " ".join(s.text_frame.text for s in slide.shapes
                                                      if s.has_text_frame and s.shape_id != title.shape_id)


def test_a_message_is_the_title_and_the_caption_stays_on_the_slide(theme, tmp_path):
    data = load(FIGURES).model_dump(exclude_defaults=True)
    data["chapters"][0]["blocks"][0]["message"] = "Aurelian exports have grown faster"
    prs = _deck(Brief.model_validate(data), theme, tmp_path / "deck.pptx")
    slide = next(s for s in prs.slides if s.shapes.title.text_frame.text == "Aurelian exports have grown faster")
    assert "Trade in goods, 2021–2025" in [s.text_frame.text for s in slide.shapes if s.has_text_frame]


def test_at_a_glance_shows_figures_from_the_data_only(figures):
    found = glance(load(FIGURES))
    assert [(f.value, f.caption) for f in found] == [
        ("2", "parties"),
        ("**671**", "Trade in goods by product group, 2025: Aurelian exports (EUR million)"),
        # the trade chart's latest value, 671, is the total's: shown once
        ("1,105", "Investment pledged by sector, 2026–2029, 2029 (EUR million)"),
        ("1.7", "Electricity exchanged over the interconnector, 2025: Borealis to Aurelia, Q4 (TWh)")]
    slide = next(s for s in figures.slides if s.shapes.title.text_frame.text == "At a glance")
    assert [f.text_frame.text for f in _named(slide, "Figure")] == ["2", "671", "1,105", "1.7"]
    assert _named(slide, "Figure Caption")[0].text_frame.text == "Parties"


def test_at_a_glance_needs_three_figures(brief):
    assert glance(brief) == []  # two parties, nothing else counted
    assert glance(load(MEETINGS / "state-visit.yaml")) == []  # parties and agreements: two figures


def test_a_short_programme_is_a_timeline(theme, tmp_path):
    brief = load(MEETINGS / "state-visit.yaml")
    prs = _deck(brief, theme, tmp_path / "deck.pptx")
    slide = next(s for s in prs.slides if _named(s, "Timeline"))
    sessions = next(b for c in brief.chapters for b in c.blocks if hasattr(b, "programme")).programme
    assert len(_named(slide, "Timeline Dot")) == len(sessions)
    items = [" ".join(i.text_frame.text.split()) for i in _named(slide, "Timeline Item")]
    assert all(i.startswith(to_plain(s.what)) for i, s in zip(items, sessions))
    assert re.fullmatch(r"10 March, 16:00|Mar 10, 16:00|.*16:00", _named(slide, "Date")[0].text_frame.text)


def test_full_density_keeps_one_slide_per_item(brief, theme, tmp_path):
    prs = _deck(brief, theme.model_copy(update={"deck": Deck(density="full")}), tmp_path / "deck.pptx")
    titles = _titles(prs)
    assert len(titles) == 33 and titles[-2] == "Glossary" and titles[1:3] == ["Agenda", "Summary"]
    assert "3.1  Strengthening Bilateral Diplomatic Engagement" in titles


def test_each_slide_of_cards_carries_the_detail_of_its_own_cards_in_its_notes(theme, tmp_path):
    """A '(cont.)' slide of highlight cards has the notes of its own cards, not again those of the first:
    notes that grow with the deck, not with its square (2,000 highlights make a deck python-pptx reopens)."""
    highlights = [{"title": f"Highlight {k}", "text": f"Detail of highlight {k}.", "points": ["a point"]}
                  for k in range(1, 15)]
    brief = load_brief_data({"meeting": {"title": "Talks"}, "chapters": [
        {"title": "Highlights", "blocks": [{"highlights": highlights}]}]}, tmp_path)
    prs = _deck(brief, theme, tmp_path / "deck.pptx")
    slides = [s for s in prs.slides if s.shapes.title is not None and "Highlights" in s.shapes.title.text_frame.text]
    assert len(slides) >= 2 and slides[1].shapes.title.text_frame.text.endswith(CONT)
    notes = [s.notes_slide.notes_text_frame.text for s in slides]
    on = [[k for k in range(1, 15) if f"Detail of highlight {k}." in n] for n in notes]
    shown = [[k for k in range(1, 15) if re.search(rf"\bHighlight {k}\b", _cards_text(s))] for s in slides]
    assert on == shown and sum(map(len, on)) == 14  # each highlight's detail once, with its card
    assert notes[1].startswith("(continued)")


def _cards_text(slide) -> str:
    return " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame and s != slide.shapes.title)


def load_brief_data(data: dict, folder: Path) -> Brief:
    import yaml

    path = folder / "brief.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load(path)


def test_a_summary_alone_on_the_bottom_line_stands_in_the_middle_of_the_slide(theme, tmp_path):
    """A short summary that is the whole bottom line is a statement: set large, in the middle of its box,
    not in the slide's top third."""
    brief = load_brief_data({"meeting": {"title": "Talks"}, "summary": "Both sides agreed to meet again.",
                             "chapters": [{"title": "Outlook", "text": "More talks."}]}, tmp_path)
    slide = _deck(brief, theme, tmp_path / "deck.pptx").slides[1]
    [body] = [s for s in slide.placeholders if s.placeholder_format.idx != 0 and "Both sides" in s.text_frame.text]
    assert body.text_frame._txBody.bodyPr.get("anchor") == "ctr"
    assert {r.font.size.pt for p in body.text_frame.paragraphs for r in p.runs} == {24.0}
