"""Outcome documents (`- document:`) and pictures in the body (`- picture:`): the loader's checks, the
PDF's card and figure, the deck's slides (issue 22, parts 3 and 4)."""

from __future__ import annotations

import re
import subprocess
import zipfile
from pathlib import Path

import pypdf
import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE

from dossier import deck, pdf
from dossier.errors import InvalidInput
from dossier.load import load
from test_pdf import figures

BRIEF = """\
meeting:
  title: G20 Leaders' Summit
  date: 2024-11-18
summary: The leaders adopted a declaration by consensus.
chapters:
  - title: Outcome
    blocks:
      - document: G20 Rio de Janeiro Leaders' Declaration
        kind: Declaration
        adopted: By consensus
        signed_by: [Brazil, South Africa]
        date: 2024-11-18
        paragraphs: 85
        url: https://www.g20.org/declaration
        quoted:
          - number: "4"
            text: {quoted}
        note: Negotiated until the last night.
      - picture: {picture}
        alt: The two ministers sign the memorandum
        caption: Signing of the memorandum
        credit: "Photo: Ministry of Foreign Affairs"
"""
QUOTED = "We commit to working together to reduce inequalities."


def photo(path: Path, size=(900, 300), exif: bool = False) -> Path:
    """A JPEG (or PNG, by its name) of `size`; with `exif`, carrying a camera's and a place's metadata."""
    from PIL import Image

    image = Image.new("RGB", size, (40, 90, 140))
    image.paste((230, 180, 60), (size[0] // 3, size[1] // 4, size[0] // 2, size[1] // 2))
    options = {}
    if exif:
        data = Image.Exif()
        data[0x010F] = "SecretCam"  # Make
        data[0x8825] = {2: (51.0, 30.0, 0.0)}  # GPS latitude
        options["exif"] = data
    image.save(path, **options)
    return path


def write(folder: Path, quoted: str = QUOTED, picture: str = "signing.jpg", **replace: str) -> Path:
    text = BRIEF.format(quoted=quoted, picture=picture)
    for old, new in replace.items():
        text = text.replace(old, new)
    (path := folder / "brief.yaml").write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def folder(tmp_path) -> Path:
    photo(tmp_path / "signing.jpg", exif=True)
    return tmp_path


def problems(path: Path) -> list[str]:
    with pytest.raises(InvalidInput) as error:
        load(path)
    return [f"{p.line}:{p.column}: {p.message}" for p in error.value.problems]


# ---------- the loader


def test_a_picture_without_alt_text_is_an_error_at_its_block(folder):
    path = write(folder, **{"        alt: The two ministers sign the memorandum\n": ""})
    assert problems(path) == ["19:9: field required; add 'alt:' here"]


@pytest.mark.parametrize("name, content, message", [
    ("notes.jpg", b"just text, not a picture", "'notes.jpg' is not a readable PNG or JPEG picture"),
    ("map.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
     "'map.svg' is an SVG drawing, which Dossier does not take (it may hold script or outside references): "
     "convert it to PNG"),
    ("../outside.png", None, "'../outside.png' is outside the brief's folder"),
    (".git/photo.png", None, "'.git/photo.png' is a hidden file"),
])
def test_a_picture_that_is_not_a_png_or_jpeg_beside_the_brief_is_refused_at_its_name(tmp_path, name, content,
                                                                                     message):
    inner = tmp_path / "brief"
    (inner / ".git").mkdir(parents=True)
    target = inner / name
    if content is None:
        photo(target.with_suffix(".png"))
    else:
        target.write_bytes(content)
    [found] = problems(write(inner, picture=name))
    assert found.startswith("19:18: " + message), found


def test_a_document_s_link_must_be_https_and_its_counts_whole_numbers(folder):
    path = write(folder, **{"https://www.g20.org/declaration": "javascript:alert(1)", "paragraphs: 85": "paragraphs: 0"})
    found = problems(path)
    assert found[0].startswith("13:21: input should be greater than or equal to 1"), found
    assert found[1].startswith("14:14: 'javascript:alert(1)' is not an https:// address"), found


def test_the_brief_lists_its_pictures_among_its_files(folder):
    brief = load(write(folder))
    assert brief.files() == [str((folder / "signing.jpg").resolve())]


# ---------- the PDF


def test_the_pdf_has_the_document_card_and_the_picture_with_its_alt_text(folder, theme, tmp_path):
    brief = load(write(folder))
    pdf.render(brief, theme, out := tmp_path / "brief.pdf")
    text = " ".join(subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True).stdout.split())
    for words in ("DECLARATION · 18 NOVEMBER 2024", "G20 Rio de Janeiro Leaders’ Declaration", "Adopted: By consensus",
                  "Signed by: Brazil, South Africa", "85 paragraphs", "Full text: https://www.g20.org/declaration",
                  "Negotiated until the last night.",
                  "Signing of the memorandum Photo: Ministry of Foreign Affairs"):
        assert words in text, words
    assert re.search(rf"¶ ?4 {QUOTED}", text)  # the number before its paragraph (Poppler may drop the thin gap)
    reader = pypdf.PdfReader(out)
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == 1 and b"SecretCam" not in images[0].data
    alts = [f.get("/Alt") for f in figures(reader.trailer["/Root"]["/StructTreeRoot"])]
    assert "The two ministers sign the memorandum" in alts
    links = [a.get_object()["/A"]["/URI"] for page in reader.pages for a in page.get("/Annots", [])]
    assert "https://www.g20.org/declaration" in links


# ---------- the deck


def slides_of(path: Path) -> list:
    return list(Presentation(str(path)).slides)


def shown(slide) -> str:
    return " ".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)


def test_the_picture_slide_keeps_the_picture_s_proportions_and_alt_text_without_its_metadata(folder, theme,
                                                                                            tmp_path):
    photo(folder / "tall.png", size=(300, 800))
    for name, pixels in (("signing.jpg", (900, 300)), ("tall.png", (300, 800))):
        deck.render(load(write(folder, picture=name)), theme, out := tmp_path / f"{name}.pptx")
        prs = Presentation(str(out))
        [(slide, picture)] = [(s, p) for s in prs.slides for p in s.shapes if p.shape_type == MSO_SHAPE_TYPE.PICTURE]
        assert abs(picture.width / picture.height - pixels[0] / pixels[1]) < 0.01
        assert picture.left >= 0 and picture.top >= 0 and picture.left + picture.width <= prs.slide_width
        assert picture.top + picture.height <= prs.slide_height * 0.9  # above the footer
        assert picture._element.nvPicPr.cNvPr.get("descr") == "The two ministers sign the memorandum"
        assert "Photo: Ministry of Foreign Affairs" in shown(slide)
        assert b"SecretCam" not in picture.image.blob
        with zipfile.ZipFile(out) as package:
            assert not any(b"SecretCam" in package.read(n) for n in package.namelist())


def test_the_deck_is_the_same_bytes_every_time(folder, theme, tmp_path):
    brief = load(write(folder))
    deck.render(brief, theme, first := tmp_path / "a.pptx")
    deck.render(brief, theme, second := tmp_path / "b.pptx")
    assert first.read_bytes() == second.read_bytes()


def test_the_document_slide_shows_its_facts_and_short_quotations(folder, theme, tmp_path):
    deck.render(load(write(folder)), theme, out := tmp_path / "brief.pptx")
    [slide] = [s for s in slides_of(out) if "By consensus" in shown(s)]
    text = shown(slide)
    for words in ("G20 Rio de Janeiro Leaders’ Declaration", "Adopted: By consensus", "Signed by: Brazil, South Africa",
                  "85 paragraphs", "¶ 4", QUOTED, "https://www.g20.org/declaration"):
        assert words in text, words


def test_quotations_too_long_for_the_slide_go_to_its_notes(folder, theme, tmp_path):
    long = " ".join(["The parties recall their commitments under the framework and agree to pursue them."] * 30)
    deck.render(load(write(folder, quoted=long)), theme, out := tmp_path / "brief.pptx")
    [slide] = [s for s in slides_of(out) if "By consensus" in shown(s)]
    assert "Adopted: By consensus" in shown(slide) and "recall their commitments" not in shown(slide)
    assert f"¶ 4: {long}" in slide.notes_slide.notes_text_frame.text
