"""Build briefs: load each data file, render each format, write atomically into the output folder.

A target is rebuilt only when something it depends on changed (see `stamps`).
Briefs build in worker processes; each brief's outcome comes back as one `Result`.
"""

from __future__ import annotations

import gc
import importlib
import os
import re
import signal
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from . import stamps
from ..errors import DossierError, InvalidInput, MissingLetter, Problem, RenderError, display_path
from .write import (WRITE_ERRORS, atomic_path, name_temporaries_for, reason, remove_stale_temporaries,
                    remove_temporaries)

if TYPE_CHECKING:
    from ..load.versions import Revision

FORMATS = ("pdf", "pptx", "html")
DEFAULT_FORMATS = ("pdf", "pptx")
RENDER_MODULES = {"weasyprint", "pptx", "matplotlib", "xlsxwriter", "pypdfium2", "watchfiles", "rich"}
"""The `render` extra's modules: without them a build says what to install."""
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
    memory: int = 2048
    """Megabytes of address space one output's render may use before it is stopped and reported."""
    max_data_size: float = 2.0
    """Megabytes a data file may have; a larger one is refused before it is parsed."""
    since: Revision | None = None
    """A git revision: each brief shows what changed since its version there (a "Changes since" section)."""

    def settings(self, fmt: str) -> dict:
        """The options and files that matter to one format's output."""
        since = {"since": self.since.commit} if self.since else {}
        if fmt == "pdf":
            return {"format": fmt, "theme": self.theme, "page_size": self.page_size, "variant": self.pdf_variant,
                    **since}
        if fmt == "pptx":
            return {"format": fmt, "theme": self.theme, "deck_template": self.deck_template,
                    "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH"), **since}
        return {"format": fmt, "theme": self.theme, **since}


@dataclass
class Result:
    """What happened to one brief."""

    source: Path
    built: list[Path] = field(default_factory=list)
    skipped: list[Path] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    """Things that built but not as the brief may expect (a language without a catalogue)."""
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
    try:
        for result in _run(sources, options, jobs, isolate):
            results[result.source] = result
            if on_result:
                on_result(result)
    except BaseException:  # interrupted: every process this build started is gone; so are its files
        remove_stale_temporaries(options.out, mine=True)
        raise
    return [results[source] for source in sources]


@dataclass
class _Plan:
    """One brief's targets: what is out of date (target → settings) and what is not."""

    result: Result
    stale: dict[Path, dict] = field(default_factory=dict)
    started: float = field(default_factory=time.perf_counter)


def _plan(source: Path, options: Options) -> _Plan:
    """Decide, without loading the brief, which of its targets to build."""
    plan = _Plan(Result(source))
    try:
        targets = {options.out / f"{output_name(source)}.{fmt}": options.settings(fmt) for fmt in options.formats}
        plan.stale = {t: s for t, s in targets.items() if options.force or not stamps.up_to_date(t, source, s)}
        plan.result.skipped = [target for target in targets if target not in plan.stale]
    except Exception as error:  # noqa: BLE001 - told to the person as problems
        plan.result.problems = problems(source, error, options, "loading")
    return plan


def _run(sources: list[Path], options: Options, jobs: int, isolate: bool) -> Iterator[Result]:
    """Each brief's result, in source order.

    A job renders a brief's stale targets in one child, which loads the brief once. In a pool,
    the last `jobs` briefs are split into a job per target instead, so that the end of a batch
    (or a single brief: its PDF and deck) keeps every core busy. A process that renders many
    briefs rehearses first (see `_warm`). A no-op build starts no pool and loads no theme.
    """
    plans = [_plan(source, options) for source in sources]
    stale = [plan for plan in plans if plan.stale]
    pooled = bool(stale) and (isolate or jobs > 1)
    whole = len(stale) - jobs if pooled else len(stale)
    tasks = [(plan, targets) for i, plan in enumerate(stale)
             for targets in ([plan.stale] if i < whole else [{t: s} for t, s in plan.stale.items()])]
    if stale:
        stamps.remember_code()  # read once here, not once in each child that records a target
    early = _start_early(tasks) if pooled and len(tasks) <= jobs and hasattr(os, "fork") else None
    theme, failure = _theme(options) if stale else (None, None)
    if failure is not None:
        for worker in early or ():
            if worker is not None:
                worker.stop()
        for plan in stale:
            plan.result.problems = problems(plan.result.source, failure, options, "loading")
        stale, tasks, pooled, early = [], [], False, None
    rehearse = len(stale) >= _REHEARSE_FROM * jobs
    if early:
        yield from _early(plans, tasks, early, theme, options)
        return
    if pooled:
        yield from _pooled(plans, tasks, theme, options, max(1, min(jobs, len(tasks))), rehearse)
        return
    for plan in plans:
        if plan.stale and failure is None:
            _merge(plan, [_build_targets(plan.result.source, plan.stale, theme, options, rehearse)])
        yield _finish(plan)


_REHEARSE_FROM = 3
"""Briefs per process from which a rehearsal pays: it costs about two briefs' savings."""


def _pooled(plans: list[_Plan], tasks: list, theme, options: Options, jobs: int, rehearse: bool
            ) -> Iterator[Result]:
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    # Forked workers start with whatever the parent imported (the model and theme; watch mode
    # preloads the renderers); each worker imports a renderer when its first job needs it.
    pool = ProcessPoolExecutor(max_workers=jobs, mp_context=multiprocessing.get_context("fork"),
                               initializer=_worker, initargs=(os.getpid(),))
    try:
        futures: dict[int, list] = {}
        for plan, targets in tasks:
            futures.setdefault(id(plan), []).append(
                pool.submit(_build_targets, plan.result.source, targets, theme, options, rehearse))
        for plan in plans:
            _merge(plan, [future.result() for future in futures.get(id(plan), [])])
            yield _finish(plan)
    except BaseException:  # interrupted (or the generator closed early): stop now, not after the queue
        _stop(pool)
        raise
    pool.shutdown()


def _start_early(tasks: list) -> list:
    """A worker forked now, before the theme is loaded, for each task on the build's longest path:
    one brief's PDF, whose worker imports WeasyPrint while this process loads the theme and fills
    its page (see `prefill`); with no such task, for every task. Each imports its renderer
    meanwhile. The other tasks get a worker (None here) once the PDFs' pages are sent (`_early`)."""
    ahead = [i for i, (_, targets) in enumerate(tasks) if _fills_ahead(targets)] or range(len(tasks))
    return [_forked(targets) if i in ahead else None for i, (_, targets) in enumerate(tasks)]


def _forked(targets: dict[Path, dict]):
    from .early import EarlyWorker

    fills = not _fills_ahead(targets)
    return EarlyWorker(lambda: [_prewarm(t.suffix[1:], fills) for t in targets], _build_targets)


def _fills_ahead(targets: dict[Path, dict]) -> bool:
    """Whether a task is one brief's PDF alone, whose page the build fills while its worker imports."""
    return [t.suffix for t in targets] == [".pdf"]


def _early(plans: list[_Plan], tasks: list, workers: list, theme, options: Options) -> Iterator[Result]:
    """Each task in the worker `_start_early` forked for it: a PDF's once this process has loaded its
    brief and filled its page (see `prefill`); then the others. Forked only now, a later task's
    worker starts with the model and theme this process has loaded, on a core the PDFs' pages
    no longer keep busy: early, it would slow the PDF's path, the build's longest, by about 0.2 s."""
    from .prefill import prefill
    from .timelimit import Expired, OutOfMemory

    stopped: dict[int, Result] = {}
    try:
        for i, (plan, targets) in enumerate(tasks):
            if workers[i] is not None and _fills_ahead(targets):
                source = plan.result.source
                try:
                    loaded = prefill(source, targets, theme, options)
                except (Expired, OutOfMemory) as limit:
                    workers[i].stop()
                    stopped[i] = Result(source, problems=problems(source, limit, options, limit.doing))
                    continue
                workers[i].start(source, targets, theme, options, False, loaded)
        for i, (plan, targets) in enumerate(tasks):
            if not _fills_ahead(targets):
                workers[i] = workers[i] or _forked(targets)
                workers[i].start(plan.result.source, targets, theme, options)
        for plan in plans:
            _merge(plan, [stopped.get(i) or worker.result()
                          for i, ((owner, _), worker) in enumerate(zip(tasks, workers)) if owner is plan])
            yield _finish(plan)
    except BaseException:  # interrupted (or the generator closed early): stop every worker now
        for worker in workers:
            if worker is not None:
                worker.stop()
        raise


def _worker(build: int) -> None:
    """A pool worker dies with the build (even a killed one) and leaves Ctrl-C to it."""
    from .timelimit import die_with

    die_with(build)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build stops its workers itself
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def _stop(pool) -> None:
    """Kill a pool's workers (their renders die with them) and wait until they are gone."""
    workers = list((getattr(pool, "_processes", None) or {}).values())
    for worker in workers:
        worker.kill()
    pool.shutdown(wait=False, cancel_futures=True)
    for worker in workers:
        worker.join(2)


def _merge(plan: _Plan, parts: list[Result]) -> None:
    """One brief's result from its jobs' results: each message once, targets in format order."""
    result = plan.result
    order = list(plan.stale)
    for part in parts:
        result.built += part.built
        result.warnings += [w for w in part.warnings if w not in result.warnings]
        result.problems += [p for p in part.problems if p not in result.problems]
    result.built.sort(key=order.index)


def _finish(plan: _Plan) -> Result:
    plan.result.seconds = time.perf_counter() - plan.started
    return plan.result


def _theme(options: Options):
    """The theme, loaded once before any worker forks; or the error that stopped it."""
    from ..style.theme import load_theme  # only now: a no-op rebuild needs neither the model nor the renderers

    try:
        return load_theme(options.theme), None
    except Exception as error:  # noqa: BLE001 - reported for every brief that needed it
        return None, error


def build_one(source: Path, options: Options) -> Result:
    """Load one data file and write each requested format that is out of date; never raises for bad input."""
    return next(_run([source], options, 1, False))


def _build_targets(source: Path, stale: dict[Path, dict], theme, options: Options, rehearse: bool = False,
                   loaded=None) -> Result:
    """Render `stale` targets of one brief; never raises for bad input.

    Loading and rendering run in a child process (`_build_stale`) under `options.memory`, each
    step within `options.timeout`; this process (a worker, or the build itself) only hears
    the outcome. It imports the renderers first, so that their caches outlive the child.
    `loaded`: the brief, loaded already (see `prefill`).
    """
    from .timelimit import Expired, Failed, run_limited  # only now: a no-op build forks nothing

    started = time.perf_counter()
    result = Result(source)
    steps = _Steps(result)
    try:
        for target in stale:
            _warm(target.suffix[1:], theme, options, rehearse, fills=loaded is None or loaded.page is None)
        gc.freeze()  # what is imported stays: the child's collections skip it, and its pages stay shared
        build = os.getpid()
        run_limited(lambda report: _build_stale(source, stale, theme, options, report, build, loaded),
                    seconds=options.timeout, memory_mb=options.memory,
                    describe=lambda error: problems(source, error, options), on_progress=steps)
    except Failed as failure:
        result.problems = failure.problems
    except BaseException as error:
        for target in stale:  # what a stopped child left
            remove_temporaries(target, os.getpid())
            remove_temporaries(stamps.record_path(target), os.getpid())
        if not isinstance(error, (Exception, Expired)):
            raise  # KeyboardInterrupt, SystemExit
        result.problems = problems(source, error, options, steps.doing)
    result.seconds = time.perf_counter() - started
    return result


class _Steps:
    """What the child has reported: each target built, and whether the brief is loaded."""

    def __init__(self, result: Result):
        self.result, self.doing = result, "loading"

    def __call__(self, step: Path | str | tuple[str, str]) -> None:
        if isinstance(step, Path):
            self.result.built.append(step)
        elif isinstance(step, tuple):  # ("warning", message)
            self.result.warnings.append(step[1])
        else:
            self.doing = "rendering"


def _build_stale(source: Path, stale: dict[Path, dict], theme, options: Options, report, build: int,
                 loaded=None) -> None:
    """In the child: load the brief (unless `loaded` already), then render and record each target,
    reporting each step.

    The records keep digests taken before each file was read: the data file and the theme and
    master before loading, the pictures before rendering. Temporaries carry the id of `build`,
    the process that forked this one.
    """
    from .prefill import load_brief

    name_temporaries_for(build)
    loaded = loaded or load_brief(source, stale, options)
    brief, pictures, snapshot = loaded.brief, loaded.pictures, loaded.snapshot
    for warning in loaded.warnings:
        report(("warning", warning))
    report("loaded")  # each render gets the whole time limit
    for target, settings in stale.items():
        _render(target, brief, theme, options, loaded.page if target.suffix == ".pdf" else None)
        stamps.record(target, source, settings, pictures, snapshot, _earlier(brief.since))
        report(target)


def _earlier(found) -> dict | None:
    """What a rebuild record keeps of the version a brief was compared with: the revision, its commit,
    and the digest of that version's text (None when the brief is new since)."""
    return {"revision": found.revision, "commit": found.commit, "digest": found.digest} if found else None


def _render(target: Path, brief, theme, options: Options, first: str | None = None) -> None:
    """Render one output and rename it into place; `first`: a PDF's first page, filled already (`prefill`)."""
    try:
        with atomic_path(target) as tmp:
            _renderer(target.suffix[1:])(brief, theme, tmp, options, first)
    except OSError as error:
        if error.errno not in WRITE_ERRORS:
            raise
        raise RenderError(f"cannot write {display_path(target)}: {reason(error)}") from None


def _shown(filename: object) -> bool:
    """Whether a file an error names means something to a person (not a descriptor or a temporary)."""
    if not isinstance(filename, str) or filename.startswith("/proc/") or filename.endswith(".dossier-tmp"):
        return False
    path = Path(filename).resolve()
    return not path.is_relative_to(Path(tempfile.gettempdir()).resolve()) or path.is_relative_to(Path.cwd())


def problems(source: Path, error: BaseException, options: Options, doing: str = "rendering") -> list[str]:
    """An error while `doing` (loading or rendering) `source`, as messages for people: one line each."""
    from .timelimit import Expired, OutOfMemory

    name = display_path(source)
    if isinstance(error, InvalidInput):
        return [str(p) for p in error.problems]
    if isinstance(error, MissingLetter):
        return [str(error.at(Path(source), name))]
    if isinstance(error, DossierError):
        return [f"{name}: {error}"]
    if isinstance(error, Expired):
        return [f"{name}: {doing} took longer than {options.timeout:g} s and was stopped; "
                "shorten the brief or raise --timeout"]
    if isinstance(error, OutOfMemory):
        how = f" (it stopped with {error.signal_name})" if error.signal_name else ""
        return [f"{name}: {doing} ran out of its memory limit of {error.limit_mb} MB{how} and was "
                "stopped; shorten the brief or raise --memory"]
    if isinstance(error, OSError):
        where = f" {display_path(Path(error.filename))}" if _shown(error.filename) else ""
        return [f"{name}: cannot read or write{where}: {reason(error)}"]
    # a bug in Dossier or a library: say so, in one line
    return [f"{name}: internal error, please report it: {type(error).__name__}: {error}"]


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


def check(sources: Iterable[Path], theme: Path | None = None, max_data_size: float = Options.max_data_size,
          deck_template: Path | None = None, since: Revision | None = None) -> list[Result]:
    """Validate data files (and a theme file, when given) without rendering a PDF or deck; data
    files up to `max_data_size` MB. The templates, brief.css and the master (`deck_template`, else
    Dossier's) are checked as the build checks them: each brief's page is rendered in the sandbox
    (charts not drawn), and the master opened once; with `since`, each brief's version at that revision
    is loaded and compared, as the build does."""
    from ..style.glyphs import check_fonts
    from ..style.labels import labels_for
    from ..load import load
    from ..page import render
    from ..page.sanitize import read_css
    from ..style.theme import TEMPLATES, load_theme

    def checked(source: Path, validate: Callable[[Path], list[str] | None]) -> Result:
        result = Result(source)
        try:
            result.warnings = validate(source) or []
        except DossierError as error:
            result.problems = problems(source, error, Options())
        return result

    def brief(source: Path) -> list[str]:
        output_name(source)
        found: list[Problem] = []
        loaded = load(source, max_bytes=int(max_data_size * 2**20), warnings=found, glossary=True, since=since)
        check_fonts(loaded, fonts)
        read_css(TEMPLATES / "brief.css")
        labels = labels_for(loaded, fonts)
        for styles in (None, ""):  # the PDF's page, and the HTML edition's (for a screen)
            render(loaded, fonts, labels, styles, lambda *_: "")
        if master is not None:  # reported for each brief, after its own problems, as the build does
            raise master
        return [str(p) for p in found]

    def master_problem() -> DossierError | None:
        try:
            from ..deck import open_master
        except ImportError:  # dossier-briefs-core alone (the pre-commit hook): no python-pptx
            if deck_template is not None or fonts.layouts:
                path = Path(deck_template or TEMPLATES / "deck.pptx")
                results.append(Result(path, warnings=[f"{display_path(path)}: {UNCHECKED_MASTER}"]))
            return None  # Dossier's own master with its own layouts: checked by Dossier's tests
        try:
            open_master(fonts, deck_template)
        except DossierError as error:
            return error
        return None

    def theme_file(path: Path) -> list[str]:
        advice: list[Problem] = []
        load_theme(path, advice)
        return [str(w) for w in advice]

    results = [checked(theme, theme_file)] if theme else []
    if results and results[0].failed:
        return results
    advice: list[Problem] = []
    try:
        fonts = load_theme(theme, advice)
    except DossierError as error:  # the templates' own theme: every brief needed it, as in the build
        return results + [Result(s, problems=problems(s, error, Options(), "loading")) for s in sources]
    if advice and not theme:  # a project's own templates/theme.yaml
        results.append(Result(TEMPLATES / "theme.yaml", warnings=[str(w) for w in advice]))
    master = master_problem()
    return results + [checked(s, brief) for s in sources]


UNCHECKED_MASTER = ("the deck's master was not checked: python-pptx is not installed here (dossier-briefs-core "
                    "without its renderers); `pip install dossier-briefs` checks it too")
RENDERERS_MISSING = ("the renderers are not installed (this is dossier-briefs-core, which only checks): "
                     "install dossier-briefs, or dossier-briefs-core[render]")


def _renderer(fmt: str) -> Callable:
    """The render function for a format, imported on first use (WeasyPrint is slow to import)."""
    try:
        if fmt == "pptx":
            deck = importlib.import_module("dossier.deck")
            return lambda brief, theme, path, o, _=None: deck.render(brief, theme, path, template=o.deck_template)
        pdf = importlib.import_module("dossier.pdf")
    except ImportError as error:
        if error.name and error.name.split(".")[0] in RENDER_MODULES:
            raise RenderError(RENDERERS_MISSING) from None
        raise
    except OSError as error:
        raise RenderError(
            f"WeasyPrint cannot load a system library ({error}). Install Pango: "
            "'apt-get install libpango-1.0-0 libpangoft2-1.0-0' on Debian or Ubuntu, "
            "'brew install pango' on macOS"
        ) from None
    if fmt == "html":
        return lambda brief, theme, path, *_: path.write_text(pdf.render_html(brief, theme), encoding="utf-8")
    return lambda brief, theme, path, o, first=None: pdf.render(
        brief, theme, path, page_size=o.page_size, variant=o.pdf_variant, first=first)


def _warm(fmt: str, theme, options: Options, rehearse: bool = False, fills: bool = True) -> None:
    """Import a format's renderer and fill its per-process caches here, in the worker, once:
    each render's child starts with them (what a child caches dies with it).

    With `rehearse`, the worker also renders the schema's example brief once, to nowhere: what
    a first render learns (the C types WeasyPrint's cffi calls parse, the theme's fonts opened
    by Pango, the templates and catalogues) is then learnt once, not again in every child.
    That saves about 0.1 s a PDF and 0.03 s a deck, and costs 0.2 s and 0.07 s once.
    """
    render = _prewarm(fmt, fills)
    if rehearse and fmt not in _rehearsed:
        _rehearsed.add(fmt)
        from ..model.brief import EXAMPLE, Brief

        try:
            render(Brief.model_validate(EXAMPLE), theme, Path(os.devnull), options)
        except Exception:  # noqa: BLE001 - a rehearsal only warms caches; the real render reports
            pass
        gc.collect()  # what it left is not carried into every child (a command collects none itself)
    if fmt == "pdf":
        from ..pdf.styles import stylesheets

        stylesheets(theme.model_dump_json(), options.page_size)
    elif fmt == "pptx":
        from ..deck.fit import metrics

        for font in (theme.fonts.heading, *theme.fonts.fallback):
            for bold, italic in ((False, False), (True, False), (False, True), (True, True)):
                metrics(font.file(bold, italic))


def _prewarm(fmt: str, fills: bool = True) -> Callable:
    """What `_warm` does that needs no theme: import the renderer, compile the page (unless this
    worker `fills` no page: the build did), read the stylesheet; return the render function."""
    render = _renderer(fmt)
    if fmt in ("pdf", "html"):
        from ..page import compile_page
        from ..pdf.styles import base_css, base_sheet

        if fills:
            compile_page()  # compiled once per worker, not once per brief
        base_css()  # read and checked: a stylesheet that loads what it may not is a message, not a traceback
        if fmt == "pdf":
            base_sheet()
    return render


_rehearsed: set[str] = set()
"""The formats this process has rehearsed."""


def summary(results: list[Result]) -> dict[str, int]:
    """Counts of built, skipped and failed targets."""
    return {
        "built": sum(len(r.built) for r in results),
        "skipped": sum(len(r.skipped) for r in results),
        "failed": sum(r.failed for r in results),
    }

