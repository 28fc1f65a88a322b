"""A brief loaded, and its PDF's page filled ahead in the build's process while the PDF's worker
imports WeasyPrint.

`prefill` forks a child that loads the brief and fills the page of the PDF's first layout under
the build's time and memory limits, and sends back the brief, the page and what the record needs;
the render then lays that page out instead of filling it again. Nothing here imports WeasyPrint:
a brief with a chart (drawn by the PDF's code, with matplotlib) is filled in the render's child.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from . import stamps

FIRST_LAYOUT = {"contents": True, "fit": {}, "compact": 0}
"""The options of the PDF's first layout (see `dossier.pdf.render`)."""


@dataclass
class Loaded:
    """A brief as a render's child needs it: the brief, the pictures it uses, the digests of its
    files taken before they were read, what to warn about, and maybe its PDF's first page."""

    brief: object
    pictures: list[str]
    snapshot: stamps.Snapshot
    warnings: list[str]
    page: str | None = None


def load_brief(source: Path, stale: dict[Path, dict], options) -> Loaded:
    """Load `source`, taking the digests of its files (and of the files `stale`'s settings name) first."""
    from ..load import load

    snapshot = stamps.Snapshot()
    snapshot.take(source, *(p for s in stale.values() for p in s.values() if isinstance(p, Path)))
    found: list = []
    brief = load(source, max_bytes=int(options.max_data_size * 2**20), warnings=found, since=options.since)
    pictures = brief.files()
    snapshot.take(*map(Path, pictures))
    return Loaded(brief, pictures, snapshot, [str(p) for p in found])


class _HasChart(Exception):
    """The page draws a chart: left to the render's child."""


def _no_chart(*_) -> str:
    raise _HasChart


def prefill(source: Path, stale: dict[Path, dict], theme, options) -> Loaded | None:
    """`source` loaded and its PDF's first page filled, in a child under `options`' limits; None
    when the render's child should do it itself (a chart, or an error it reports in its own words).

    Raises the limit the child ran into (`Expired`, `OutOfMemory`), with the step it stopped in
    (loading or rendering) as its `doing`.
    """
    from .timelimit import Expired, Failed, OutOfMemory, run_limited

    def fill(report) -> None:
        from ..model.localize import in_locale
        from ..page import render
        from ..page.sanitize import clean_html
        from ..style.glyphs import check_fonts
        from ..style.labels import labels_for

        loaded = load_brief(source, stale, options)
        report("loaded")
        check_fonts(loaded.brief, theme)  # here, not in the PDF's worker: a letter missing is left to the render

        @in_locale
        def page(brief, theme) -> str:
            return clean_html(render(brief, theme, labels_for(brief, theme), None, _no_chart, **FIRST_LAYOUT))

        try:
            report(replace(loaded, page=page(loaded.brief, theme)))
        except _HasChart:
            pass

    heard: list = []
    try:
        run_limited(fill, seconds=options.timeout, memory_mb=options.memory, describe=lambda error: [],
                    on_progress=heard.append)
    except Failed:
        return None
    except (Expired, OutOfMemory) as limit:
        limit.doing = "rendering" if heard else "loading"
        raise
    return heard[-1] if len(heard) == 2 else None
