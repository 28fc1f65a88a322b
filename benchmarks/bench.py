"""Dossier's benchmark: a script, not a test (these machines are shared and noisy).

Prints, for the example brief and a batch of generated briefs: cold build time, no-op
rebuild time, -j1 versus -j2 throughput, the same content through the bare engines
(WeasyPrint on our HTML alone; python-pptx building and saving the same slides alone),
peak memory per worker, and the ratios against their targets.

    python benchmarks/bench.py [--batch 50] [--repeat 3]
"""

from __future__ import annotations

import argparse
import io
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
EXAMPLE = ROOT / "data" / "pakistan-russia-sco.yaml"


def timed(function, repeat: int) -> float:
    """The median wall time of `repeat` calls."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        function()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def command(*args: str) -> None:
    """Run `build.py`; stop the benchmark with its messages if it fails."""
    run = subprocess.run([sys.executable, str(ROOT / "build.py"), *args], cwd=ROOT, capture_output=True, text=True)
    if run.returncode:
        sys.exit(f"build.py {' '.join(args)} failed:\n{run.stderr}")


def peak_worker_memory(*args: str) -> float:
    """Peak RSS in MiB of the build's processes (with -j2, the workers do the rendering)."""
    probe = (
        "import resource, subprocess, sys; "
        f"subprocess.run([sys.executable, {str(ROOT / 'build.py')!r}, *sys.argv[1:]], check=True, "
        "stdout=subprocess.DEVNULL); "
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
    )
    out = subprocess.run([sys.executable, "-c", probe, *args], cwd=ROOT, check=True,
                         capture_output=True, text=True).stdout
    return int(out.split()[-1]) / 1024


def make_batch(folder: Path, count: int) -> list[Path]:
    """`count` briefs: the example under different titles."""
    text = EXAMPLE.read_text(encoding="utf-8")
    paths = []
    for i in range(count):
        path = folder / f"brief-{i:03d}.yaml"
        path.write_text(text.replace("\n  title: ", f"\n  title: Brief {i} — ", 1), encoding="utf-8")
        paths.append(path)
    return paths


def copy_text(source, target) -> None:
    """Write `source`'s paragraphs and runs into `target` with python-pptx's public API."""
    for i, paragraph in enumerate(source.paragraphs):
        p = target.paragraphs[0] if i == 0 else target.add_paragraph()
        p.level = paragraph.level
        for run in paragraph.runs:
            r = p.add_run()
            r.text = run.text
            r.font.size, r.font.bold, r.font.italic = run.font.size, run.font.bold, run.font.italic


def bare_engines(brief, theme, deck_path: Path, repeat: int) -> tuple[float, float]:
    """WeasyPrint on our HTML alone, and python-pptx writing the same slides' text and notes alone."""
    from pptx import Presentation
    from weasyprint import HTML

    from dossier import pdf

    html = pdf._html(brief, theme, None)
    stylesheets = pdf.stylesheets(theme.model_dump_json(), "A4")

    def weasyprint_alone():
        HTML(string=html, base_url=pdf.TEMPLATES.as_uri() + "/").write_pdf(
            io.BytesIO(), stylesheets=stylesheets, font_config=pdf.font_config(), pdf_tags=True)

    ours = Presentation(str(deck_path))

    def pptx_alone():
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

    weasyprint_alone(), pptx_alone()  # warm up
    return timed(weasyprint_alone, repeat), timed(pptx_alone, repeat)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--batch", type=int, default=50, help="generated briefs in the batch (default 50)")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is kept")
    args = parser.parse_args()

    from dossier import deck, pdf
    from dossier.load import load
    from dossier.theme import load_theme

    work = Path(tempfile.mkdtemp(prefix="dossier-bench-"))
    try:
        out = work / "out"
        cold = timed(lambda: command(str(EXAMPLE), "--out", str(out), "--force", "-j1"), args.repeat)
        noop = timed(lambda: command(str(EXAMPLE), "--out", str(out), "-j1"), args.repeat)

        brief, theme = load(EXAMPLE), load_theme()
        pdf_path, deck_path = work / "warm.pdf", work / "warm.pptx"
        pdf.render(brief, theme, pdf_path), deck.render(brief, theme, deck_path)  # warm up
        ours_pdf = timed(lambda: pdf.render(brief, theme, pdf_path), args.repeat)
        ours_deck = timed(lambda: deck.render(brief, theme, deck_path), args.repeat)
        bare_pdf, bare_deck = bare_engines(brief, theme, deck_path, args.repeat)

        batch = work / "batch"
        batch.mkdir()
        sources = [str(p) for p in make_batch(batch, args.batch)]
        j1 = timed(lambda: command(*sources, "--out", str(work / "b1"), "--force", "-j1"), 1)
        j2 = timed(lambda: command(*sources, "--out", str(work / "b2"), "--force", "-j2"), 1)
        memory = peak_worker_memory(*sources, "--out", str(work / "b3"), "--force", "-j2")
    finally:
        shutil.rmtree(work, ignore_errors=True)

    per_brief, bare = ours_pdf + ours_deck, bare_pdf + bare_deck
    print(f"example, cold build (new process, imports included)  {cold:7.2f} s")
    print(f"example, no-op rebuild                                {noop:7.2f} s")
    print(f"example, warm render: PDF {ours_pdf:.2f} s + deck {ours_deck:.2f} s  = {per_brief:7.2f} s")
    print(f"bare engines: WeasyPrint {bare_pdf:.2f} s + python-pptx {bare_deck:.2f} s = {bare:7.2f} s")
    print(f"batch of {args.batch}: -j1 {j1:.1f} s ({args.batch / j1:.2f} briefs/s), "
          f"-j2 {j2:.1f} s ({args.batch / j2:.2f} briefs/s)")
    print(f"peak memory per worker                                {memory:7.0f} MiB")
    print()
    print("ratio                                   measured  target")
    print(f"per-brief time / bare engines            {per_brief / bare:8.2f}  <= 1.15")
    print(f"  PDF alone / WeasyPrint alone           {ours_pdf / bare_pdf:8.2f}")
    print(f"  deck alone / python-pptx alone         {ours_deck / bare_deck:8.2f}")
    print(f"no-op rebuild / cold build               {noop / cold:8.2f}  <= 0.05")
    print(f"-j2 / -j1 throughput                     {j1 / j2:8.2f}  >= 1.7 (on 2 cores)")


if __name__ == "__main__":
    main()
