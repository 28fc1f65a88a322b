"""Build briefs: load each data file, render each format, write atomically into the output folder.

A target is rebuilt only when something it depends on changed (see `stamps`).
Briefs build in worker processes; each brief's outcome comes back as one `Result`.
"""

from __future__ import annotations

import importlib
import multiprocessing
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from . import stamps
from .errors import DossierError, InvalidInput, Problem, RenderError, display_path
from .timelimit import Expired, time_limit
from .write import atomic_path, remove_stale_temporaries

FORMATS = ("pdf", "pptx", "html")
DEFAULT_FORMATS = ("pdf", "pptx")
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


@dataclass(frozen=True)
class Options:
    """How to build: which formats, where, and the renderers' options."""

    out: Path = Path("output")
    formats: tuple[str, ...] = DEFAULT_FORMATS
    page_size: str = "A4"
    pdf_variant: str | None = None
    deck_template: Path | None = None
    theme: Path | None = None
    """A theme file to use instead of templates/theme.yaml."""
    force: bool = False
    timeout: float = 300.0
    """Seconds one output may take to render before it is stopped and reported."""

    def settings(self, fmt: str) -> dict:
        """The options and files that matter to one format's output."""
        if fmt == "pdf":
            return {"format": fmt, "theme": self.theme, "page_size": self.page_size, "variant": self.pdf_variant}
        if fmt == "pptx":
            return {"format": fmt, "theme": self.theme, "deck_template": self.deck_template,
                    "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH")}
        return {"format": fmt, "theme": self.theme}


@dataclass
class Result:
    """What happened to one brief."""

    source: Path
    built: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> bool:
        return bool(self.problems)


def build(sources: Iterable[Path], options: Options, jobs: int = 1,
          on_result: Callable[[Result], None] | None = None, isolate: bool = False) -> list[Result]:
    """Build every source; report each result as it completes; return them in source order.

    With `isolate`, even a single brief builds in a fresh worker process, so
    nothing cached from an earlier build (templates, fonts) is reused.
    """
    sources = list(sources)
    remove_stale_temporaries(options.out)
    results: dict[Path, Result] = {}
    for result in _run(sources, options, jobs, isolate):
        results[result.source] = result
        if on_result:
            on_result(result)
    return [results[source] for source in sources]


def _run(sources: list[Path], options: Options, jobs: int, isolate: bool) -> Iterator[Result]:
    jobs = max(1, min(jobs, len(sources)))
    if jobs == 1 and not isolate:
        yield from map(lambda s: build_one(s, options), sources)
        return
    from concurrent.futures import ProcessPoolExecutor

    # Forked workers start with whatever the parent imported (watch mode preloads the renderers).
    with ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork")) as pool:
        futures = [pool.submit(build_one, source, options) for source in sources]
        for future in futures:
            yield future.result()


def build_one(source: Path, options: Options) -> Result:
    """Load one data file and write each requested format that is out of date; never raises for bad input."""
    started = time.perf_counter()
    result = Result(source)
    try:
        targets = {options.out / f"{output_name(source)}.{fmt}": options.settings(fmt) for fmt in options.formats}
        stale = {t: s for t, s in targets.items() if options.force or not stamps.up_to_date(t, source, s)}
        result.skipped = [target for target in targets if target not in stale]
        if stale:
            from .load import load  # only now: a no-op rebuild needs neither the model nor the renderers
            from .theme import load_theme

            brief, theme = load(source), load_theme(options.theme)
            pictures = brief.files()
            for target, settings in stale.items():
                with atomic_path(target) as tmp, time_limit(options.timeout):
                    _renderer(target.suffix[1:])(brief, theme, tmp, options)
                stamps.record(target, source, settings, pictures)
                result.built.append(target)
    except InvalidInput as error:
        result.problems = [str(p) for p in error.problems]
    except DossierError as error:
        result.problems = [f"{display_path(source)}: {error}"]
    except Expired:
        result.problems = [f"{display_path(source)}: rendering took longer than {options.timeout:g} s "
                           "and was stopped; shorten the brief or raise --timeout"]
    except OSError as error:
        where = f" {display_path(Path(error.filename))}" if error.filename else ""
        result.problems = [f"{display_path(source)}: cannot read or write{where}: {error.strerror or error}"]
    except Exception as error:  # a bug in Dossier or a library: say so, in one line
        result.problems = [f"{display_path(source)}: internal error, please report it: "
                           f"{type(error).__name__}: {error}"]
    result.seconds = time.perf_counter() - started
    return result


def output_name(source: Path) -> str:
    """The outputs' base name: the data file's name without its suffix, checked to stay in the output folder."""
    name = Path(source).stem
    if not Path(source).is_file():
        problem = "is a folder, not a data file" if Path(source).is_dir() else "no such file"
        raise InvalidInput([Problem(display_path(Path(source)), 1, 1, problem)])
    if not _NAME.match(name):
        raise InvalidInput([Problem(
            display_path(Path(source)), 1, 1,
            "the file name must start with a letter or digit and use only letters, digits, "
            "'.', '_' and '-' (it becomes the output's name); rename the file",
        )])
    return name


def check(sources: Iterable[Path], theme: Path | None = None) -> list[Result]:
    """Validate data files (and a theme file, when given) without rendering."""
    from .load import load
    from .theme import load_theme

    def checked(source: Path, validate: Callable[[Path], object]) -> Result:
        result = Result(source)
        try:
            validate(source)
        except InvalidInput as error:
            result.problems = [str(p) for p in error.problems]
        return result

    def brief(source: Path) -> None:
        output_name(source)
        load(source)

    return ([checked(theme, load_theme)] if theme else []) + [checked(s, brief) for s in sources]


def _renderer(fmt: str) -> Callable:
    """The render function for a format, imported on first use (WeasyPrint is slow to import)."""
    try:
        if fmt == "pptx":
            deck = importlib.import_module("dossier.deck")
            return lambda brief, theme, path, o: deck.render(brief, theme, path, template=o.deck_template)
        pdf = importlib.import_module("dossier.pdf")
    except OSError as error:
        raise RenderError(
            f"WeasyPrint cannot load a system library ({error}). Install Pango: "
            "'apt-get install libpango-1.0-0 libpangoft2-1.0-0' on Debian or Ubuntu, "
            "'brew install pango' on macOS"
        ) from None
    if fmt == "html":
        return lambda brief, theme, path, _: path.write_text(pdf.render_html(brief, theme), encoding="utf-8")
    return lambda brief, theme, path, o: pdf.render(
        brief, theme, path, page_size=o.page_size, variant=o.pdf_variant)


def summary(results: list[Result]) -> dict[str, int]:
    """Counts of built, skipped and failed targets."""
    return {
        "built": sum(len(r.built) for r in results),
        "skipped": sum(len(r.skipped) for r in results),
        "failed": sum(r.failed for r in results),
    }

