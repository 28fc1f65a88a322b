"""Render the previews: the HTML view first, then the PDF and the deck, each time a brief changes.

The server process holds the libraries (as `--watch` does); each render runs in a child forked
from it under the build's time and memory limits. The HTML view is the HTML edition
(`dossier.pdf.render_html`) with its fonts linked, not embedded; the PDF and the deck are
`dossier.build.build` into the server's own folder; the deck's outline is read back from the
deck it wrote. A mistake keeps the last good views and is told in the CLI's words.
"""

from __future__ import annotations

import dataclasses
import os
import shutil
import threading
import time
from pathlib import Path

from .. import project
from ..build import Options, build, problems
from ..errors import DossierError
from ..project import overlay
from .outline import outline
from .state import Brief, Hub

PAGE_DPI = 96
"""The PDF view's resolution: a page 794 pixels wide, A4's width on a screen."""
KEEP = 3
"""Versions of the page and slide images kept, so a page still loading an older one finds it."""


class Renderer:
    """Renders what changed, newest edit first, in one thread; `changed` queues work from any thread."""

    def __init__(self, hub: Hub, options: Options, here: project.Project, work: Path, jobs: int = 2,
                 slides: bool = True):
        self.hub, self.options, self.here, self.work = hub, options, here, work
        self.jobs, self.slides = jobs, slides and bool(shutil.which("soffice") or shutil.which("libreoffice"))
        self.fonts: dict[str, Path] = {}
        """The URL name of each font file the theme names, and its file."""
        self._dirty: set[str] = set(hub.briefs)
        self._inputs_changed = True
        """Whether a file other than a brief changed (a template, the theme…) since the theme was loaded."""
        self._theme = None
        self._wake = threading.Condition()
        self.timings: dict[str, float] = {}
        """Seconds from the last change seen to each view's update (the benchmark reads them)."""

    # -- queueing ---------------------------------------------------------------------------

    def changed(self, paths: set[Path]) -> None:
        """Files changed: a brief's own file re-renders it; anything else (a CSV, a picture, the theme,
        a template, the project file) re-renders every brief."""
        sources = {b.source.resolve(): name for name, b in self.hub.briefs.items()}
        named = {sources[p.resolve()] for p in paths if p.resolve() in sources}
        others = any(p.resolve() not in sources for p in paths)
        with self._wake:
            self._dirty |= set(self.hub.briefs) if others else named
            self._inputs_changed |= others
            self._wake.notify()

    def run(self, stop: threading.Event) -> None:
        """Render until `stop` is set."""
        while not stop.is_set():
            with self._wake:
                while not self._dirty and not stop.is_set():
                    self._wake.wait(0.5)
                names, self._dirty = sorted(self._dirty), set()
            if names and not stop.is_set():
                self._render(names)

    def _pending(self) -> bool:
        with self._wake:
            return bool(self._dirty)

    # -- one round --------------------------------------------------------------------------

    def _render(self, names: list[str]) -> None:
        started = time.perf_counter()
        for name in names:
            self.hub.update(name, _mark_stale)
        theme, failure = self._prepare()
        if failure is not None:
            for name in names:
                found = problems(self.hub.briefs[name].source, failure, self.options, "loading")
                self.hub.update(name, lambda b: _failed(b, found))
            return
        good = [name for name in names if self._html(name, theme, started)]
        if self._pending() or not good:
            return  # a newer edit: its HTML view first
        outputs = [threading.Thread(target=self._output, args=(good, fmt, started), daemon=True)
                   for fmt in ("pptx", "pdf")]
        for thread in outputs:
            thread.start()
        for thread in outputs:
            thread.join()
        if self.slides and not self._pending():
            for name in good:
                self._slide_images(name)

    def _prepare(self):
        """The theme, and the page compiled, once per change of the templates or theme (not per save of
        a brief), here, before each render's child forks: the caches a render would fill, as the build's
        workers warm them (`dossier.build._warm`). Returns (theme, None) or (None, the error)."""
        with self._wake:
            changed, self._inputs_changed = self._inputs_changed, False
        if not changed and self._theme is not None:
            return self._theme, None
        from ..build import _warm, stamps
        from ..page import environment
        from ..pdf import styles
        from ..style.theme import load_theme

        overlay.refresh(self.here.templates)
        stamps.forget_templates()
        caches = (environment, styles.base_css, styles.stylesheets, styles.language_sheet)
        for cache in caches:
            cache.cache_clear()
        self._theme = None
        try:
            self._theme = load_theme(self.options.theme)
        except Exception as error:  # noqa: BLE001 - every brief needs the theme: each shows why it failed
            with self._wake:
                self._inputs_changed = True  # loaded again at the next save
            return None, error
        self.fonts = _fonts(self._theme)
        try:
            for fmt in ("pdf", "pptx"):
                _warm(fmt, self._theme, self.options)
        except Exception:  # noqa: BLE001 - each render's child reports it, in the build's words
            for cache in caches:
                cache.cache_clear()
        return self._theme, None

    def _html(self, name: str, theme, started: float) -> bool:
        """Render one brief's HTML view; False (and its problems shown) when it does not load or render."""
        from ..build.timelimit import Expired, Failed, run_limited

        brief = self.hub.briefs[name]
        target = self.work / "html" / f"{name}.html"
        target.parent.mkdir(parents=True, exist_ok=True)
        heard: dict = {}
        try:
            run_limited(lambda report: _html_task(brief.source, theme, self.options, self.font_url, target, report),
                        seconds=self.options.timeout, memory_mb=self.options.memory,
                        describe=lambda error: problems(brief.source, error, self.options),
                        on_progress=lambda step: heard.update([step]))
        except Failed as failure:
            found = failure.problems
        except (Exception, Expired) as error:  # noqa: BLE001 - told as the build tells it
            found = problems(brief.source, error, self.options, "loading" if "meta" not in heard else "rendering")
        else:
            self.timings["html"] = time.perf_counter() - started

            def done(b: Brief) -> None:
                b.meta, b.warnings, b.problems = heard.get("meta", b.meta), heard.get("warnings", []), []
                _advance(b, "html")
            self.hub.update(name, done)
            return True
        self.hub.update(name, lambda b: _failed(b, found, heard.get("meta")))
        return False

    def _output(self, names: list[str], fmt: str, started: float) -> None:
        """Build the PDFs or the decks of `names` (the build's own function), then their page images or outlines."""
        out = self.work / fmt
        options = dataclasses.replace(self.options, out=out, formats=(fmt,), force=False)
        sources = [self.hub.briefs[name].source for name in names]
        by_source = {self.hub.briefs[name].source: name for name in names}
        for result in build(sources, options, jobs=1, isolate=True):
            name = by_source[result.source]
            if result.failed:
                self.hub.update(name, lambda b: _failed(b, result.problems))
                continue
            target = out / f"{name}.{fmt}"
            try:
                detail = self._pdf_pages(name, target) if fmt == "pdf" else \
                    {"slides": outline(target), "imaging": self.slides}
            except (DossierError, OSError, ValueError, RuntimeError) as error:
                detail = {"error": str(error)}
            view = "pdf" if fmt == "pdf" else "deck"
            self.timings[view] = time.perf_counter() - started
            self.hub.update(name, lambda b: _advance(b, view, detail))

    def _pdf_pages(self, name: str, pdf: Path) -> dict:
        """The PDF's pages as PNGs, drawn by PDFium (Chromium's PDF engine: the example's nine pages in
        0.1 s where Poppler takes seconds over the contents' dotted leaders), in the next version's folder."""
        import pypdfium2

        folder = self._fresh(name, "pages", self.hub.briefs[name].views["pdf"].version + 1)
        document = pypdfium2.PdfDocument(str(pdf))
        try:
            for number, page in enumerate(document, 1):
                page.render(scale=PAGE_DPI / 72).to_pil().save(folder / f"{number}.png", optimize=False)
            return {"pages": len(document)}
        finally:
            document.close()

    def _slide_images(self, name: str) -> None:
        """The deck's slides as PNGs, rendered by LibreOffice (seconds; after everything else)."""
        from ..deck.preview import _rasterize, to_pdf

        deck = self.work / "pptx" / f"{name}.pptx"
        if not deck.exists():
            return
        version = self.hub.briefs[name].views["deck"].version
        folder = self._fresh(name, "slides", version)
        try:
            pdf = to_pdf([deck], folder, timeout=self.options.timeout)[0]
            images = _rasterize(pdf, folder / "slide", 640, self.options.timeout)
        except DossierError:
            return  # the outline stays; LibreOffice's trouble is not the brief's
        for number, image in enumerate(images, 1):
            image.rename(folder / f"{number}.png")

        def show(b: Brief) -> None:
            if b.views["deck"].version == version:
                b.views["deck"].detail["images"] = len(images)
        self.hub.update(name, show)

    def _fresh(self, name: str, kind: str, version: int) -> Path:
        """An empty folder for version `version` of a brief's images; versions before the last KEEP go."""
        base = self.work / kind / name
        for old in base.glob("*") if base.is_dir() else ():
            if old.name.isdigit() and int(old.name) <= version - KEEP:
                shutil.rmtree(old, ignore_errors=True)
        folder = base / str(version)
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        return folder

    def font_url(self, path: Path) -> str:
        """The URL the HTML view loads a theme font from (see `_fonts`)."""
        wanted = Path(path).resolve()
        return next((f"/fonts/{name}" for name, file in self.fonts.items() if file.resolve() == wanted), "")


def _fonts(theme) -> dict[str, Path]:
    """Every font file the theme names, under a name of its own (its number and suffix): the only
    fonts the server serves, whatever their files are called."""
    import dossier

    f = theme.fonts
    files = sorted({Path(dossier.TEMPLATES) / name for font in (f.heading, f.body, *f.fallback, *f.languages.values())
                    for name in (font.regular, font.bold, font.italic, font.bold_italic) if name})
    return {f"{number}{path.suffix.lower()}": path for number, path in enumerate(files, 1)}


def _html_task(source: Path, theme, options: Options, font_url, target: Path, report) -> None:
    """In the child: load the brief (reporting what the index shows), render the HTML view, write it."""
    from ..load import load
    from ..model.markup import to_plain
    from ..pdf import render_html

    found: list = []
    brief = load(source, max_bytes=int(options.max_data_size * 2**20), warnings=found, since=options.since)
    m = brief.meeting
    report(("meta", {"title": to_plain(m.title), "kind": to_plain(m.kind or ""), "date": str(m.date or ""),
                     "language": m.language}))
    report(("warnings", [str(p) for p in found]))
    html = render_html(brief, theme, font_url)
    temporary = target.with_name(f".{target.name}.{os.getpid()}")
    temporary.write_text(html, encoding="utf-8")
    os.replace(temporary, target)


def _mark_stale(b: Brief) -> None:
    for view in b.views.values():
        view.stale = True


def _advance(b: Brief, view: str, detail: dict | None = None) -> None:
    v = b.views[view]
    v.version, v.stale = v.version + 1, False
    if detail is not None:
        v.detail = detail


def _failed(b: Brief, found: list[str], meta: dict | None = None) -> None:
    """The brief's problems shown; its views stay as they were, marked stale."""
    b.problems = list(dict.fromkeys(found))
    if meta:
        b.meta = meta
