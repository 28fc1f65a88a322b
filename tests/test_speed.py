"""What the speed work changed stays correct: part names, parallel formats, the library shortcut."""

import io
import zipfile

import pytest
import yaml
from pptx import Presentation

from conftest import EXAMPLE, ROOT
from dossier import deck
from dossier.deck import package
from dossier.load import load
from dossier.theme import TEMPLATES


def _many_highlights(folder, count: int):
    path = folder / "many.yaml"
    path.write_text(yaml.safe_dump({"meeting": {"title": "Many"}, "chapters": [{"title": "H", "blocks": [
        {"highlights": [{"title": f"Highlight {i}", "points": [f"Point {i}.{j}" for j in range(3)]}
                        for i in range(count)]}]}]}), encoding="utf-8")
    return path


def _master_with_sample_slides(folder):
    """Dossier's master carrying three sample slides with notes, which a deck drops."""
    prs = Presentation(str(TEMPLATES / "deck.pptx"))
    for i in range(3):
        slide = prs.slides.add_slide(prs.slide_layouts[0])
        slide.notes_slide.notes_text_frame.text = f"sample {i}"
    path = folder / "samples.pptx"
    prs.save(str(path))
    return path


@pytest.mark.parametrize("case", ["example", "figures", "many", "sample slides"])
def test_part_names_are_python_pptx_own_byte_for_byte(tmp_path, monkeypatch, theme, case):
    source = {"example": EXAMPLE, "figures": ROOT / "examples" / "aurelia-borealis-figures.yaml",
              "many": None, "sample slides": EXAMPLE}[case] or _many_highlights(tmp_path, 60)
    template = _master_with_sample_slides(tmp_path) if case == "sample slides" else None
    brief = load(source)
    deck.render(brief, theme, tmp_path / "fast.pptx", template=template)
    monkeypatch.setattr(package.PartNames, "install", classmethod(lambda cls, pkg: None))
    deck.render(brief, theme, tmp_path / "stock.pptx", template=template)
    fast, stock = (tmp_path / "fast.pptx").read_bytes(), (tmp_path / "stock.pptx").read_bytes()
    assert fast == stock
    names = zipfile.ZipFile(io.BytesIO(fast)).namelist()
    assert any(n.startswith("ppt/notesSlides/notesSlide") for n in names)


def test_part_names_are_given_once_each():
    prs = Presentation(str(TEMPLATES / "deck.pptx"))
    names = package.PartNames(prs.part.package)
    given = [names.next_partname("/ppt/notesSlides/notesSlide%d.xml") for _ in range(5)]
    assert given == [f"/ppt/notesSlides/notesSlide{n}.xml" for n in range(1, 6)]
    assert names.next_partname("/ppt/theme/theme%d.xml") not in {p.partname for p in prs.part.package.iter_parts()}
