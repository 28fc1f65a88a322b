"""Company-style masters for the deck tests: `python tests/masters/make.py` rewrites other.pptx.

other.pptx is python-pptx's default 4:3 template with its layouts renamed to names
Dossier does not know ("Opening", "Body Text", "Chapter", "Side by Side", …), so
the deck must find its layouts by their placeholders. It also carries a sample
slide, which the deck must not keep.
"""

from __future__ import annotations

import sys
from pathlib import Path

from pptx import Presentation

HERE = Path(__file__).resolve().parent
NAMES = {
    "Title Slide": "Opening",
    "Title and Content": "Body Text",
    "Section Header": "Chapter",
    "Two Content": "Side by Side",
    "Comparison": "Compare",
}


def make_other(path: Path) -> None:
    prs = Presentation()
    for layout in prs.slide_layouts:
        layout.name = NAMES.get(layout.name, layout.name)
    sample = prs.slides.add_slide(prs.slide_layouts[0])
    sample.shapes.title.text = "Sample slide of the company master"
    prs.core_properties.title = "Company master"
    prs.save(str(path))


def make_bare(path: Path) -> None:
    """A master whose only layouts are "Title Only" and "Blank": nothing to put a list in."""
    prs = Presentation()
    master = prs.slide_master
    lst = master._element.find("{http://schemas.openxmlformats.org/presentationml/2006/main}sldLayoutIdLst")
    for entry in list(lst):
        rid = entry.get("{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id")
        if master.part.related_part(rid).slide_layout.name not in ("Title Only", "Blank"):
            lst.remove(entry)
            master.part.drop_rel(rid)
    prs.save(str(path))


if __name__ == "__main__":
    target = Path(sys.argv[1]) if len(sys.argv) > 1 else HERE / "other.pptx"
    make_other(target)
    print(f"wrote {target}")
