"""Dossier's benchmark: a script, not a test (these machines are shared and noisy).

Every measure is a ratio against an anchor measured in the same run, the two interleaved
round by round, and medians compared:

- cold build of the example (a new process, PDF and PPTX) against the Pandoc pipeline on the
  same text: pandoc → HTML → WeasyPrint → PDF, then pandoc → PPTX (skipped without pandoc);
  and, for scale, the floor of any build's PDF path: WeasyPrint alone in a new process,
  laying out our page with our stylesheets;
- warm per-brief time against the bare engines: WeasyPrint rendering our HTML alone, and
  python-pptx writing the same slides, text, formatting, tables and notes alone;
- the deck's cost per highlight from 400 to 800 highlights against that from 200 to 400;
- Dossier's own overhead on the cold build's critical path: the cold build minus the floor, in
  seconds and against the floor;
- a batch built with -j2 against -j1, that ratio against its ceiling (see `ceiling`), and a no-op
  rebuild against the cold build;
- the example's PDF size;
- the live preview (`dossier serve`): from a save of the example to its HTML view, its PDF and
  its deck's outline being served anew, as the page's push channel announces them, against the
  cold build;
- and, once, for scale (no anchor): the time and peak memory of a cold build of 2,000
  highlights and of one 1 MB paragraph, the sizes the tests build only under a tiny
  time limit (tests/test_hostile.py).

Dossier's modules are byte-compiled first, as `pip install` leaves them (an editable install
under PYTHONDONTWRITEBYTECODE would compile them again in every process; WeasyPrint's are
compiled already).

    python benchmarks/bench.py [--repeat 5] [--batch 16] [--highlights 200] [--serve-only]
"""

from __future__ import annotations

import argparse
import http.client
import io
import json
import queue
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EXAMPLE = ROOT / "data" / "pakistan-russia-sco.yaml"


def clock(function: Callable[[], object]) -> float:
    started = time.perf_counter()
    function()
    return time.perf_counter() - started


def run(*args: str) -> None:
    """Run a command; stop the benchmark with its messages if it fails."""
    done = subprocess.run(args, cwd=ROOT, capture_output=True, text=True)
    if done.returncode:
        sys.exit(f"{' '.join(args)} failed:\n{done.stderr}")


def dossier(*args: str) -> None:
    run(sys.executable, str(ROOT / "build.py"), *args)


def make_batch(folder: Path, count: int) -> list[Path]:
    """`count` briefs: the example under different titles."""
    text = EXAMPLE.read_text(encoding="utf-8")
    paths = []
    for i in range(count):
        path = folder / f"brief-{i:03d}.yaml"
        path.write_text(text.replace("\n  title: ", f"\n  title: Brief {i} — ", 1), encoding="utf-8")
        paths.append(path)
    return paths


def many_highlights(folder: Path, count: int) -> Path:
    """A brief of one chapter holding `count` highlights of three points each."""
    import yaml

    path = folder / f"highlights-{count}.yaml"
    path.write_text(yaml.safe_dump({"meeting": {"title": f"{count} highlights"}, "chapters": [
        {"title": "Highlights", "blocks": [{"highlights": [
            {"title": f"Highlight {i}: cooperation in trade and energy",
             "points": [f"Point {i}.{j}: a commitment to regular dialogue and joint projects" for j in range(3)]}
            for i in range(count)]}]}]}, allow_unicode=True), encoding="utf-8")
    return path


def long_paragraph(folder: Path, sentences: int) -> Path:
    """A brief whose summary is one paragraph of `sentences` sentences of 43 characters."""
    path = folder / f"paragraph-{sentences}.yaml"
    path.write_text(f"meeting:\n  title: One long paragraph\nsummary: {'Pakistan and Russia discussed cooperation. ' * sentences}\n",
                    encoding="utf-8")
    return path


PEAK = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, capture_output=True); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
"""Runs a command and prints the peak resident memory, in KB, of its largest process (the build or a render)."""


def once_with_peak(*args: str) -> tuple[float, float] | str:
    """Seconds and peak MB of one cold build of `args` in a new process, or why it failed."""
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", PEAK, sys.executable, str(ROOT / "build.py"), *args, "--force"],
                          cwd=ROOT, capture_output=True, text=True)
    if done.returncode:  # reported with the other figures, not instead of them
        return f"failed: {(done.stderr.strip().splitlines() or ['?'])[-1]}"
    return time.perf_counter() - started, int(done.stdout) / 1024


class Preview:
    """`dossier serve` on a copy of the example, in a new process; `save()` edits the copy and
    returns the seconds until each view (html, pdf, deck) is served anew, as the push channel says."""

    VIEWS = ("html", "pdf", "deck")

    def __init__(self, work: Path):
        folder = work / "preview"
        folder.mkdir()
        self.brief = folder / EXAMPLE.name
        self.text = EXAMPLE.read_text(encoding="utf-8")
        self.brief.write_text(self.text, encoding="utf-8")
        self.process = subprocess.Popen([sys.executable, str(ROOT / "build.py"), "serve", self.brief.name, "--no-open",
                                         "--no-slides", "--port", "0"], cwd=folder, text=True,
                                        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        url = next(line for line in self.process.stdout if line.startswith("http://"))
        self.host, _, rest = url.removeprefix("http://").partition("/")
        self.events: queue.SimpleQueue = queue.SimpleQueue()
        threading.Thread(target=self._listen, daemon=True).start()
        self.saves = 0
        self._wait(lambda views: all(v["version"] and not v["stale"] for v in views.values()))

    def _listen(self) -> None:
        connection = http.client.HTTPConnection(self.host)
        connection.request("GET", "/events")
        for line in connection.getresponse():
            if line.startswith(b"data:"):
                self.events.put(time.perf_counter())

    def state(self) -> dict:
        connection = http.client.HTTPConnection(self.host)
        connection.request("GET", f"/b/{EXAMPLE.stem}/state")
        return json.loads(connection.getresponse().read())["views"]

    def _wait(self, done: Callable[[dict], bool], timeout: float = 60) -> dict:
        deadline = time.perf_counter() + timeout
        while not done(views := self.state()):
            if time.perf_counter() > deadline:
                sys.exit(f"the preview did not update within {timeout:g} s: {views}")
            self.events.get(timeout=timeout)
        return views

    def save(self) -> dict[str, float]:
        before = {name: view["version"] for name, view in self.state().items()}
        self.saves += 1
        self.brief.write_text(self.text.replace("\n  title: ", f"\n  title: Edit {self.saves} — ", 1), encoding="utf-8")
        saved, seen = time.perf_counter(), {}

        def done(views: dict) -> bool:
            for name in self.VIEWS:
                if name not in seen and views[name]["version"] > before[name] and not views[name]["stale"]:
                    seen[name] = time.perf_counter() - saved
            return len(seen) == len(self.VIEWS)
        self._wait(done)
        return seen

    def close(self) -> None:
        self.process.terminate()
        self.process.wait(10)


def pandoc_pipeline(pandoc: str, work: Path, brief, theme) -> Callable[[], None]:
    """The anchor: the example's text as Markdown, through pandoc → HTML → WeasyPrint, and pandoc → PPTX."""
    from dossier import pdf

    html = work / "ours.html"
    html.write_text(pdf._html(brief, theme, pdf.labels_for(brief, theme), None), encoding="utf-8")
    text = work / "brief.md"
    run(pandoc, "-f", "html", "-t", "markdown", "-o", str(text), str(html))

    def pipeline() -> None:
        run(pandoc, str(text), "-s", "--metadata", "title=Brief", "-o", str(work / "anchor.html"))
        run(sys.executable, "-m", "weasyprint", str(work / "anchor.html"), str(work / "anchor.pdf"))
        run(pandoc, str(text), "-o", str(work / "anchor.pptx"))

    return pipeline


FLOOR = """
import importlib.util, pathlib, sys
spec = importlib.util.spec_from_file_location("libraries", sys.argv[1])
libraries = importlib.util.module_from_spec(spec)
spec.loader.exec_module(libraries)
libraries.import_weasyprint()
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
work, base, fonts = pathlib.Path(sys.argv[2]), sys.argv[3], FontConfiguration()
sheets = [CSS(filename=str(work / f"{i}.css"), base_url=base + "brief.css", font_config=fonts) for i in range(4)]
HTML(filename=str(work / "page.html"), base_url=base).write_pdf(
    str(work / "floor.pdf"), stylesheets=sheets, font_config=fonts, pdf_tags=True)
"""
"""WeasyPrint alone in a new process (imported as Dossier imports it), on our page and stylesheets."""


def weasyprint_floor(work: Path, brief, theme) -> Callable[[], None]:
    """What any build pays on its PDF's path: a new process, WeasyPrint's import, our stylesheets and
    our page laid out and written; no model, theme, template or deck."""
    from dossier import pdf
    from dossier.pdf.styles import base_css, theme_css

    folder = work / "floor"
    folder.mkdir()
    page = pdf._html(brief, theme, pdf.labels_for(brief, theme), None)
    (folder / "page.html").write_text(page, encoding="utf-8")
    css = [theme_css(theme, Path.as_uri), base_css(), "@page { size: A4; }",
           pdf.language_css(theme, pdf.labels_for(brief, theme))]
    for i, text in enumerate(css):
        (folder / f"{i}.css").write_text(text, encoding="utf-8")
    libraries = ROOT / "dossier" / "pdf" / "libraries.py"
    return lambda: run(sys.executable, "-c", FLOOR, str(libraries), str(folder), pdf.TEMPLATES.as_uri() + "/")


def copy_text(source, target) -> None:
    """Write `source`'s paragraphs and runs into `target` with python-pptx's public API."""
    for i, paragraph in enumerate(source.paragraphs):
        p = target.paragraphs[0] if i == 0 else target.add_paragraph()
        p.level = paragraph.level
        for r0 in paragraph.runs:
            r = p.add_run()
            r.text = r0.text
            r.font.size, r.font.bold, r.font.italic = r0.font.size, r0.font.bold, r0.font.italic


def bare_engines(brief, theme, deck_path: Path) -> tuple[Callable[[], None], Callable[[], None]]:
    """WeasyPrint on our HTML alone, and python-pptx writing the same slides' text and notes alone."""
    from pptx import Presentation
    from weasyprint import HTML

    from dossier import pdf

    html = pdf._html(brief, theme, pdf.labels_for(brief, theme), None)
    sheets = [*pdf.stylesheets(theme.model_dump_json(), "A4"),
              pdf.language_sheet(pdf.language_css(theme, pdf.labels_for(brief, theme)))]

    def weasyprint_alone() -> None:
        HTML(string=html, base_url=pdf.TEMPLATES.as_uri() + "/").write_pdf(
            io.BytesIO(), stylesheets=sheets, font_config=pdf.font_config(), pdf_tags=True)

    ours = Presentation(str(deck_path))

    def pptx_alone() -> None:
        """The same slides, layouts, text, run formatting, tables and notes, with no measuring."""
        deck = Presentation(str(pdf.TEMPLATES / "deck.pptx"))
        layouts = {layout.name: layout for layout in deck.slide_layouts}
        for source in ours.slides:
            slide = deck.slides.add_slide(layouts[source.slide_layout.name])
            for shape in source.shapes:
                if shape.is_placeholder and shape.placeholder_format.idx in slide.placeholders:
                    target = slide.placeholders[shape.placeholder_format.idx]
                elif shape.has_text_frame:
                    target = slide.shapes.add_textbox(shape.left, shape.top, shape.width, shape.height)
                elif shape.has_table:
                    rows, cols = len(shape.table.rows), len(shape.table.columns)
                    table = slide.shapes.add_table(rows, cols, shape.left, shape.top, shape.width,
                                                   shape.height).table
                    for r, row in enumerate(shape.table.rows):
                        for c, cell in enumerate(row.cells):
                            copy_text(cell.text_frame, table.cell(r, c).text_frame)
                    continue
                else:
                    continue
                target.left, target.top, target.width, target.height = shape.left, shape.top, shape.width, shape.height
                copy_text(shape.text_frame, target.text_frame)
            copy_text(source.notes_slide.notes_text_frame, slide.notes_slide.notes_text_frame)
        deck.save(io.BytesIO())

    return weasyprint_alone, pptx_alone


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5, help="interleaved rounds; medians are compared (default 5)")
    parser.add_argument("--batch", type=int, default=16, help="briefs in the -j1/-j2 batch (default 16)")
    parser.add_argument("--highlights", type=int, default=200,
                        help="the smallest of the three deck sizes, n, 2n and 4n highlights (default 200)")
    parser.add_argument("--serve-only", action="store_true",
                        help="only the live preview's measures and the cold build they are compared with")
    args = parser.parse_args()

    import compileall

    compileall.compile_dir(ROOT / "dossier", quiet=1)
    if args.serve_only:
        serve_only(args)
        return
    from dossier import deck, pdf
    from dossier.load import load
    from dossier.style.theme import load_theme

    pandoc = shutil.which("pandoc")
    times: dict[str, list[float]] = {}
    work = Path(tempfile.mkdtemp(prefix="dossier-bench-"))
    preview = None
    try:
        out = work / "out"
        brief, theme = load(EXAMPLE), load_theme()
        pdf_path, deck_path = work / "warm.pdf", work / "warm.pptx"
        pdf.render(brief, theme, pdf_path), deck.render(brief, theme, deck_path)  # warm up
        weasyprint_alone, pptx_alone = bare_engines(brief, theme, deck_path)
        anchor = pandoc_pipeline(pandoc, work, brief, theme) if pandoc else None
        floor = weasyprint_floor(work, brief, theme)
        sizes = [args.highlights * k for k in (1, 2, 4)]
        big = {n: load(many_highlights(work, n)) for n in sizes}
        batch = work / "batch"
        batch.mkdir()
        sources = [str(p) for p in make_batch(batch, args.batch)]

        measures: list[tuple[str, Callable[[], object]]] = [
            ("cold", lambda: dossier(str(EXAMPLE), "--out", str(out), "--force")),
            ("noop", lambda: dossier(str(EXAMPLE), "--out", str(out))),
            *([("pandoc", anchor)] if anchor else []),
            ("floor", floor),
            ("pdf", lambda: pdf.render(brief, theme, pdf_path)),
            ("weasyprint", weasyprint_alone),
            ("deck", lambda: deck.render(brief, theme, deck_path)),
            ("python-pptx", pptx_alone),
            *((f"deck {n}", lambda n=n: deck.render(big[n], theme, work / "big.pptx")) for n in sizes),
            ("j1", lambda: dossier(*sources, "--out", str(work / "b1"), "--force", "-j1")),
            ("j1 half", lambda: dossier(*sources[:len(sources) // 2], "--out", str(work / "bh"), "--force", "-j1")),
            ("j2", lambda: dossier(*sources, "--out", str(work / "b2"), "--force", "-j2")),
        ]
        preview = Preview(work)
        measures.append(("serve", lambda: record_save(preview, times)))
        for round_ in range(args.repeat):
            # interleaved: every measure once per round, in an order that turns from round to round
            for name, function in measures[round_ % len(measures):] + measures[:round_ % len(measures)]:
                times.setdefault(name, []).append(clock(function))
            print(f"round {round_ + 1}/{args.repeat} done", file=sys.stderr, flush=True)
        pdf_size = (out / f"{EXAMPLE.stem}.pdf").stat().st_size
        scale = {"2,000 highlights": once_with_peak(str(many_highlights(work, 2000)), "--out", str(work / "s")),
                 "a 1 MB paragraph": once_with_peak(str(long_paragraph(work, 24_000)), "--out", str(work / "s"))}
    finally:
        if preview is not None:
            preview.close()
        shutil.rmtree(work, ignore_errors=True)
    report({name: statistics.median(values) for name, values in times.items()}, sizes, args, pdf_size)
    print()
    for name, outcome in scale.items():
        if isinstance(outcome, str):
            print(f"{name}, one cold build (PDF + PPTX)  {outcome}")
            continue
        seconds, peak = outcome
        print(f"{name}, one cold build (PDF + PPTX)  {seconds:7.1f} s, peak {peak:5.0f} MB")


def record_save(preview: Preview, times: dict[str, list[float]]) -> None:
    """One save of the example in the live preview: its seconds to each view."""
    for name, seconds in preview.save().items():
        times.setdefault(f"serve {name}", []).append(seconds)


def serve_only(args) -> None:
    """The live preview's measures alone, interleaved with the cold build they are compared with."""
    times: dict[str, list[float]] = {}
    work = Path(tempfile.mkdtemp(prefix="dossier-bench-"))
    preview = None
    try:
        preview = Preview(work)
        measures = [("cold", lambda: dossier(str(EXAMPLE), "--out", str(work / "out"), "--force")),
                    ("serve", lambda: record_save(preview, times))]
        for round_ in range(args.repeat):
            for name, function in measures[round_ % 2:] + measures[:round_ % 2]:
                times.setdefault(name, []).append(clock(function))
            print(f"round {round_ + 1}/{args.repeat} done", file=sys.stderr, flush=True)
    finally:
        if preview is not None:
            preview.close()
        shutil.rmtree(work, ignore_errors=True)
    report_serve({name: statistics.median(values) for name, values in times.items()}, args)


def ceiling(whole: float, half: float, briefs: int) -> tuple[float, float, float]:
    """The most -j2 can gain on a batch of `briefs`, from -j1's times on it (`whole`) and on its first
    half (`half`): (ceiling, fixed seconds, seconds per brief).

    A -j1 batch takes fixed + briefs × per brief, fixed being what a build pays once whatever its
    size (the process, the command line, the theme, a worker's imports and rehearsal); the two
    sizes give both. With -j2 each worker pays the fixed part itself, at the same time as the
    other, and the briefs split in two: at best fixed + briefs × per brief / 2.
    """
    per_brief = (whole - half) / (briefs - briefs // 2)
    fixed = whole - briefs * per_brief
    return whole / (fixed + briefs * per_brief / 2), fixed, per_brief


def report(m: dict[str, float], sizes: list[int], args, pdf_size: int) -> None:
    n1, n2, n3 = sizes
    top, fixed, per_brief = ceiling(m["j1"], m["j1 half"], args.batch)
    per_small = (m[f"deck {n2}"] - m[f"deck {n1}"]) / (n2 - n1)
    per_large = (m[f"deck {n3}"] - m[f"deck {n2}"]) / (n3 - n2)
    print(f"medians of {args.repeat} interleaved rounds")
    print(f"example, cold build (new process, PDF + PPTX)   {m['cold']:7.2f} s")
    if "pandoc" in m:
        print(f"pandoc -> HTML -> WeasyPrint, pandoc -> PPTX    {m['pandoc']:7.2f} s")
    else:
        print("pandoc is not installed (apt-get install pandoc): the cold build has no anchor")
    print(f"WeasyPrint alone, new process, our page         {m['floor']:7.2f} s")
    print(f"Dossier's own, cold build minus that floor      {m['cold'] - m['floor']:7.2f} s")
    print(f"example, no-op rebuild                          {m['noop']:7.2f} s")
    print(f"warm render: PDF {m['pdf']:.2f} s + deck {m['deck']:.2f} s          = {m['pdf'] + m['deck']:7.2f} s")
    print(f"bare: WeasyPrint {m['weasyprint']:.2f} s + python-pptx {m['python-pptx']:.2f} s "
          f"= {m['weasyprint'] + m['python-pptx']:7.2f} s")
    print("deck of " + ", ".join(f"{n} highlights {m[f'deck {n}']:.2f} s" for n in sizes)
          + f": {per_small * 1000:.1f} ms, then {per_large * 1000:.1f} ms per highlight")
    print(f"batch of {args.batch}: -j1 {m['j1']:.1f} s, -j2 {m['j2']:.1f} s; {args.batch // 2} briefs -j1 "
          f"{m['j1 half']:.1f} s: fixed {fixed:.2f} s + {per_brief:.2f} s a brief, so -j2 gains at most {top:.2f}x")
    print(f"example's PDF                                   {pdf_size / 1024:7.0f} KB")
    print()
    rows = [
        ("cold build / Pandoc pipeline", m["cold"] / m["pandoc"] if "pandoc" in m else None, "<=", 0.8),
        ("  WeasyPrint alone, new process / Pandoc", m["floor"] / m["pandoc"] if "pandoc" in m else None, "", None),
        ("cold build - floor (Dossier's own), s", m["cold"] - m["floor"], "<=", 0.1),
        ("  (cold build - floor) / floor", (m["cold"] - m["floor"]) / m["floor"], "", None),
        ("warm per-brief / bare engines",
         (m["pdf"] + m["deck"]) / (m["weasyprint"] + m["python-pptx"]), "<=", 1.0),
        ("  PDF / WeasyPrint alone", m["pdf"] / m["weasyprint"], "", None),
        ("deck / python-pptx alone", m["deck"] / m["python-pptx"], "<=", 1.2),
        (f"deck per highlight {n2}-{n3} / {n1}-{n2}", per_large / per_small, "<=", 1.05),
        ("  -j2 / -j1 throughput", m["j1"] / m["j2"], "", None),
        (f"-j2 / -j1, against its ceiling of {top:.2f}", m["j1"] / m["j2"] / top, ">=", 0.95),
        ("no-op / cold build", m["noop"] / m["cold"], "<=", 0.05),
        ("example's PDF, KB", pdf_size / 1024, "<", 120),
        *serve_rows(m),
    ]
    print_rows(rows)


SERVE_TARGETS = {"html": 0.5, "pdf": 1.5, "deck": 1.0}
"""Seconds from a save to each view of the live preview (issue 23)."""


def serve_rows(m: dict[str, float]) -> list[tuple]:
    """The live preview's rows: each view's seconds after a save, and that against the cold build."""
    return [*((f"save -> {name} view, s", m[f"serve {name}"], "<=", target) for name, target in SERVE_TARGETS.items()),
            *((f"  save -> {name} view / cold build", m[f"serve {name}"] / m["cold"], "", None) for name in SERVE_TARGETS),
            ("save -> every view / cold build", max(m[f"serve {n}"] for n in SERVE_TARGETS) / m["cold"], "<=", 1.0)]


def report_serve(m: dict[str, float], args) -> None:
    print(f"medians of {args.repeat} interleaved rounds")
    print(f"example, cold build (new process, PDF + PPTX)   {m['cold']:7.2f} s")
    print("live preview, a save to: " + ", ".join(f"{name} {m[f'serve {name}']:.2f} s" for name in SERVE_TARGETS))
    print()
    print_rows(serve_rows(m))


def print_rows(rows: list[tuple]) -> None:
    print(f"{'ratio':44}{'measured':>9}  target   met")
    for name, value, sign, target in rows:
        if value is None:
            print(f"{name:44}{'skipped':>9}  (no pandoc)")
            continue
        goal = f"{sign} {target:g}" if target is not None else ""
        met = "" if target is None else "yes" if (value <= target if sign == "<=" else value >= target
                                                   if sign == ">=" else value < target) else "NO"
        print(f"{name:44}{value:9.2f}  {goal:7}  {met}")


if __name__ == "__main__":
    main()
