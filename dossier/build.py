"""Build briefs: load each data file, render each format, write atomically into the output folder.

A target is rebuilt only when something it depends on changed: its data file,
any file under templates/, Dossier's own code, or the options. Briefs build in
worker processes; each brief's outcome comes back as one `Result`.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
import signal
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from . import TEMPLATES, __version__
from .errors import DossierError, InvalidInput, Problem, RenderError, display_path
from .write import atomic_path, remove_stale_temporaries

FORMATS = ("pdf", "pptx", "html")
DEFAULT_FORMATS = ("pdf", "pptx")
_STAMPS = ".dossier"
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
    """Seconds one brief may take to render before it is stopped and reported."""


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

    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = [pool.submit(build_one, source, options) for source in sources]
        for future in futures:
            yield future.result()


def build_one(source: Path, options: Options) -> Result:
    """Load one data file and write each requested format that is out of date; never raises for bad input."""
    started = time.perf_counter()
    result = Result(source)
    try:
        name = output_name(source)
        keys = {options.out / f"{name}.{fmt}": _key(source, fmt, options) for fmt in options.formats}
        stale = {target: key for target, key in keys.items() if options.force or not _up_to_date(target, key)}
        result.skipped = [target for target in keys if target not in stale]
        if stale:
            from .load import load  # only now: a no-op rebuild needs neither the model nor the renderers
            from .theme import load_theme

            brief, theme = load(source), load_theme(options.theme)
            for target, key in stale.items():
                with atomic_path(target) as tmp, _time_limit(options.timeout):
                    _renderer(target.suffix[1:])(brief, theme, tmp, options)
                with atomic_path(_stamp(target)) as tmp:
                    tmp.write_text(key)
                result.built.append(target)
    except InvalidInput as error:
        result.problems = [str(p) for p in error.problems]
    except DossierError as error:
        result.problems = [f"{display_path(source)}: {error}"]
    except _Expired:
        result.problems = [f"{display_path(source)}: rendering took longer than {options.timeout:g} s "
                           "and was stopped; shorten the brief or raise --timeout"]
    except Exception as error:  # a bug in Dossier or a library: say so, in one line
        result.problems = [f"{display_path(source)}: internal error, please report it: "
                           f"{type(error).__name__}: {error}"]
    result.seconds = time.perf_counter() - started
    return result


class _Expired(BaseException):
    """Raised by the alarm; a BaseException so that no library's `except Exception` swallows it."""


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Stop the block after `seconds` (in the main thread of a process; elsewhere, no limit)."""
    if not seconds or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expire(signum, frame):
        raise _Expired

    previous = signal.signal(signal.SIGALRM, expire)
    # Repeat every 0.2 s: an alarm that lands in a garbage-collector callback or a __del__
    # is swallowed there, and the next one stops the block.
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.2)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def output_name(source: Path) -> str:
    """The outputs' base name: the data file's name without its suffix, checked to stay in the output folder."""
    name = Path(source).stem
    if not _NAME.match(name):
        raise InvalidInput([Problem(
            display_path(Path(source)), 1, 1,
            "the file name must start with a letter or digit and use only letters, digits, "
            "'.', '_' and '-' (it becomes the output's name); rename the file",
        )])
    return name


def check(sources: Iterable[Path]) -> list[Result]:
    """Validate data files without rendering."""
    from .load import load

    results = []
    for source in sources:
        result = Result(source)
        try:
            output_name(source)
            load(source)
        except InvalidInput as error:
            result.problems = [str(p) for p in error.problems]
        results.append(result)
    return results


def _renderer(fmt: str) -> Callable:
    """The render function for a format, imported on first use (WeasyPrint is slow to import)."""
    try:
        if fmt == "pptx":
            deck = importlib.import_module("dossier.deck")
            return lambda brief, theme, path, o: deck.render(brief, theme, path, template=o.deck_template,
                                                             layouts=theme.layouts)
        pdf = importlib.import_module("dossier.pdf")
    except OSError as error:
        raise RenderError(
            f"WeasyPrint cannot load a system library ({error}). Install Pango: "
            "'apt-get install libpango-1.0-0 libpangoft2-1.0-0' on Debian or Ubuntu, "
            "'brew install pango' on macOS"
        ) from None
    if fmt == "html":
        return lambda brief, theme, path, o: path.write_text(pdf.render_html(brief, theme), encoding="utf-8")
    return lambda brief, theme, path, o: pdf.render(
        brief, theme, path, page_size=o.page_size, variant=o.pdf_variant)


def _up_to_date(target: Path, key: str) -> bool:
    stamp = _stamp(target)
    return target.is_file() and stamp.is_file() and stamp.read_text() == key


def _stamp(target: Path) -> Path:
    return target.parent / _STAMPS / f"{target.name}.key"


def _key(source: Path, fmt: str, options: Options) -> str:
    """A digest of everything a target depends on."""
    digest = hashlib.sha256()
    digest.update(_inputs_digest().encode())
    digest.update(Path(source).read_bytes())
    relevant = {"format": fmt, "page_size": options.page_size, "pdf_variant": options.pdf_variant,
                "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH")}
    for extra in (options.deck_template, options.theme):
        if extra:
            digest.update(Path(extra).read_bytes())
    digest.update(json.dumps(relevant, sort_keys=True).encode())
    return digest.hexdigest()


@cache
def _inputs_digest() -> str:
    """One digest of Dossier's version, its code and every template, font and theme file."""
    digest = hashlib.sha256(__version__.encode())
    package = Path(__file__).resolve().parent
    for path in sorted([*package.glob("*.py"), *(p for p in TEMPLATES.rglob("*") if p.is_file())]):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def summary(results: list[Result]) -> dict[str, int]:
    """Counts of built, skipped and failed targets."""
    return {
        "built": sum(len(r.built) for r in results),
        "skipped": sum(len(r.skipped) for r in results),
        "failed": sum(r.failed for r in results),
    }

