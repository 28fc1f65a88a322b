"""A contact sheet of a deck: LibreOffice renders it, Pillow tiles the slides into one PNG.

Every failure is a RenderError that says what went wrong; the PNG is written beside
its target and renamed into place, so a failed preview leaves no half-written file.
LibreOffice and pdftoppm die with the build: see `run`.
"""

from __future__ import annotations

import contextlib
import math
import os
import shutil
import signal
import subprocess
import sys
import tempfile
from pathlib import Path

from xml.sax.saxutils import escape

from PIL import Image, ImageDraw

from ..errors import RenderError, display_path

SOFFICE_NAMES = ("soffice", "libreoffice")
DEFAULT_TIMEOUT = 300.0
"""Seconds LibreOffice may take to convert the decks of one call."""


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


WATCHER = """
import os, signal, subprocess, sys, threading, time
parent = int(sys.argv[1])
def end(*_):
    os.killpg(0, signal.SIGKILL)
signal.signal(signal.SIGTERM, end)
try:
    import ctypes
    ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG: SIGTERM when the build dies (Linux)
except (OSError, AttributeError):
    pass
def watch():  # elsewhere, and if the build died before prctl took effect
    while os.getppid() == parent:
        time.sleep(0.2)
    end()
threading.Thread(target=watch, daemon=True).start()
try:
    sys.exit(subprocess.run(sys.argv[2:]).returncode)
except OSError as error:
    sys.exit(f"{sys.argv[2]} could not be run: {error.strerror or error}")
"""
"""Runs a command in the watcher's process group, and kills the group when the build dies.

The parent-death signal reaches only a direct child, and LibreOffice's `soffice` starts
`oosplash`, which starts `soffice.bin`: the watcher, not LibreOffice, is that child."""


def run(command: list[str], *, timeout: float, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run `command`, its output captured as text, so that it and every process it starts end with the build.

    It runs in a session of its own under WATCHER: when the build is stopped (Ctrl-C, SIGTERM,
    the timeout) its whole group is killed here; when the build is killed, the watcher kills it.
    Raises subprocess.TimeoutExpired or OSError.
    """
    if not hasattr(os, "killpg"):  # Windows: no process groups to kill
        return subprocess.run(command, capture_output=True, text=True, timeout=timeout, env=env)
    process = subprocess.Popen([sys.executable, "-c", WATCHER, str(os.getpid()), *command], env=env, text=True,
                               stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               start_new_session=True)
    try:
        stdout, stderr = process.communicate(timeout=timeout)
    except BaseException:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        raise
    return subprocess.CompletedProcess(command, process.returncode, stdout, stderr)


def _last_line(result: subprocess.CompletedProcess) -> str:
    lines = (result.stderr or result.stdout or "").strip().splitlines()
    return lines[-1] if lines else "no message"


def to_pdf(decks: list[Path], outdir: Path, *, timeout: float = DEFAULT_TIMEOUT) -> list[Path]:
    """Convert decks to PDF with one LibreOffice call (a private profile, headless)."""
    exe = soffice()
    try:
        outdir.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="dossier-lo-") as profile:
            command = [exe, f"-env:UserInstallation={Path(profile).as_uri()}", "--headless",
                       "--convert-to", "pdf", "--outdir", str(outdir), *map(str, decks)]
            result = run(command, timeout=timeout,
                         env={**os.environ, "FONTCONFIG_FILE": str(_fonts_conf(Path(profile)))})
    except subprocess.TimeoutExpired:
        raise RenderError(f"LibreOffice did not finish converting the deck within {timeout:g} s") from None
    except OSError as error:
        raise RenderError(f"LibreOffice could not be run: {error}") from None
    pdfs = [outdir / (Path(d).stem + ".pdf") for d in decks]
    missing = [p for p in pdfs if not p.exists()]
    if missing:
        raise RenderError(f"LibreOffice could not convert {', '.join(map(display_path, missing))}: "
                          f"{_last_line(result)}")
    return pdfs


def _fonts_conf(folder: Path) -> Path:
    """A fontconfig file that adds Dossier's fonts to the system's, so LibreOffice sets the deck
    in the faces it was measured with (Carlito, Noto Naskh Arabic, Noto Nastaliq Urdu…)."""
    import dossier

    fonts = escape(str(dossier.TEMPLATES / "fonts"))
    conf = folder / "fonts.conf"
    conf.write_text(f'<?xml version="1.0"?>\n<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    f"<dir>{fonts}</dir><cachedir>{escape(str(folder / 'fontcache'))}</cachedir></fontconfig>\n",
                    encoding="utf-8")
    return conf


def _rasterize(pdf: Path, prefix: Path, tile_w: int, timeout: float) -> list[Path]:
    """Each page of the PDF as a PNG `tile_w` pixels wide, in order."""
    command = ["pdftoppm", "-png", "-scale-to-x", str(tile_w), "-scale-to-y", "-1", str(pdf), str(prefix)]
    try:
        result = run(command, timeout=timeout)
        if result.returncode:
            raise RenderError(f"pdftoppm could not render the slides (exit code {result.returncode}): "
                              f"{_last_line(result)}")
    except subprocess.TimeoutExpired:
        raise RenderError(f"pdftoppm did not finish rendering the slides within {timeout:g} s") from None
    except OSError as error:
        raise RenderError(f"pdftoppm could not be run: {error}") from None
    return sorted(prefix.parent.glob(prefix.name + "-*.png"))


def _tile(pages: list[Path], columns: int, width: int, tile_w: int, gap: int) -> Image.Image:
    tiles = [_open_rgb(p) for p in pages]
    tile_h = max(t.height for t in tiles)
    rows = math.ceil(len(tiles) / columns)
    sheet = Image.new("RGB", (width, rows * (tile_h + gap) + gap), "#D9DEE4")
    draw = ImageDraw.Draw(sheet)
    for k, tile in enumerate(tiles):
        x = gap + (k % columns) * (tile_w + gap)
        y = gap + (k // columns) * (tile_h + gap)
        sheet.paste(tile, (x, y))
        draw.rectangle([x - 1, y - 1, x + tile.width, y + tile.height], outline="#B4BCC6")
    return sheet


def _open_rgb(path: Path) -> Image.Image:
    try:
        with Image.open(path) as image:
            return image.convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise RenderError(f"cannot read the rendered slide {path.name}: {error}") from None


def _save_atomic(sheet: Image.Image, png_path: Path) -> None:
    """Write the PNG beside its target, then rename it into place."""
    tmp = None
    try:
        png_path.parent.mkdir(parents=True, exist_ok=True)
        fd, name = tempfile.mkstemp(prefix=f".{png_path.name}.", suffix=".tmp", dir=png_path.parent)
        tmp = Path(name)
        with os.fdopen(fd, "wb") as out:
            sheet.save(out, format="PNG", optimize=True)
        os.replace(tmp, png_path)
        tmp = None
    except (OSError, ValueError) as error:
        raise RenderError(f"cannot write the contact sheet {display_path(png_path)}: {error}") from None
    finally:
        if tmp is not None:
            tmp.unlink(missing_ok=True)


def contact_sheet(deck_path: Path, png_path: Path, *, columns: int = 4, width: int = 1600,
                  timeout: float = DEFAULT_TIMEOUT) -> None:
    """Render `deck_path` and tile its slides, in order, into one PNG at `png_path`.

    `timeout`: seconds LibreOffice (and then pdftoppm) may take. Raises RenderError.
    """
    deck_path, png_path = Path(deck_path), Path(png_path)
    if not deck_path.exists():
        raise RenderError(f"{display_path(deck_path)}: no such deck")
    soffice()  # say first that LibreOffice is missing, the usual case
    if not shutil.which("pdftoppm"):
        raise RenderError("the deck preview needs 'pdftoppm' (poppler-utils); install it")
    gap = 12
    tile_w = (width - gap * (columns + 1)) // columns
    if tile_w < 1:
        raise RenderError(f"a contact sheet {width} pixels wide has no room for {columns} columns")
    with tempfile.TemporaryDirectory(prefix="dossier-preview-") as tmp:
        work = Path(tmp)
        pdf = to_pdf([deck_path], work, timeout=timeout)[0]
        pages = _rasterize(pdf, work / "slide", tile_w, timeout)
        if not pages:
            raise RenderError(f"LibreOffice rendered no slides from {display_path(deck_path)}")
        sheet = _tile(pages, columns, width, tile_w, gap)
    _save_atomic(sheet, png_path)
