"""A contact sheet of a deck: LibreOffice renders it, Pillow tiles the slides into one PNG."""

from __future__ import annotations

import math
import shutil
import subprocess
import tempfile
from pathlib import Path

from PIL import Image, ImageDraw

from .errors import RenderError, display_path

SOFFICE_NAMES = ("soffice", "libreoffice")


def soffice() -> str:
    """The LibreOffice executable, or RenderError saying how to get it."""
    for name in SOFFICE_NAMES:
        found = shutil.which(name)
        if found:
            return found
    raise RenderError(
        "the deck preview needs LibreOffice, and 'soffice' is not on the PATH; install it "
        "(e.g. 'apt-get install libreoffice-impress', or LibreOffice from libreoffice.org) "
        "or build without --preview")


def to_pdf(decks: list[Path], outdir: Path, *, timeout: float = 300) -> list[Path]:
    """Convert decks to PDF with one LibreOffice call (a private profile, headless)."""
    exe = soffice()
    outdir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="dossier-lo-") as profile:
        command = [exe, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                   "--convert-to", "pdf", "--outdir", str(outdir), *map(str, decks)]
        try:
            result = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise RenderError(f"LibreOffice did not finish converting the deck within {timeout:.0f} s") from None
    pdfs = [outdir / (Path(d).stem + ".pdf") for d in decks]
    missing = [p for p in pdfs if not p.exists()]
    if missing:
        detail = (result.stderr or result.stdout).strip().splitlines()[-1:] or ["no message"]
        raise RenderError(f"LibreOffice could not convert {', '.join(map(display_path, missing))}: {detail[0]}")
    return pdfs


def contact_sheet(deck_path: Path, png_path: Path, *, columns: int = 4, width: int = 1600) -> None:
    """Render `deck_path` and tile its slides, in order, into one PNG at `png_path`."""
    deck_path, png_path = Path(deck_path), Path(png_path)
    if not deck_path.exists():
        raise RenderError(f"{display_path(deck_path)}: no such deck")
    soffice()  # say first that LibreOffice is missing, the usual case
    if not shutil.which("pdftoppm"):
        raise RenderError("the deck preview needs 'pdftoppm' (poppler-utils); install it")
    with tempfile.TemporaryDirectory(prefix="dossier-preview-") as tmp:
        work = Path(tmp)
        pdf = to_pdf([deck_path], work)[0]
        gap = 12
        tile_w = (width - gap * (columns + 1)) // columns
        subprocess.run(["pdftoppm", "-png", "-scale-to-x", str(tile_w), "-scale-to-y", "-1",
                        str(pdf), str(work / "slide")], check=True, capture_output=True)
        pages = sorted(work.glob("slide-*.png"))
        if not pages:
            raise RenderError(f"LibreOffice rendered no slides from {display_path(deck_path)}")
        tiles = [Image.open(p).convert("RGB") for p in pages]
        tile_h = max(t.height for t in tiles)
        rows = math.ceil(len(tiles) / columns)
        sheet = Image.new("RGB", (width, rows * (tile_h + gap) + gap), "#D9DEE4")
        draw = ImageDraw.Draw(sheet)
        for k, tile in enumerate(tiles):
            x = gap + (k % columns) * (tile_w + gap)
            y = gap + (k // columns) * (tile_h + gap)
            sheet.paste(tile, (x, y))
            draw.rectangle([x - 1, y - 1, x + tile.width, y + tile.height], outline="#B4BCC6")
        png_path.parent.mkdir(parents=True, exist_ok=True)
        sheet.save(png_path, optimize=True)
