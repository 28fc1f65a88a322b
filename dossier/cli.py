"""The command line: parse arguments, run a build, turn results into messages and exit codes.

Exit codes: 0 everything built (or was up to date), 1 some brief failed, 2 bad usage or a bad project file.
"""

from __future__ import annotations

import argparse
import gc
from dataclasses import dataclass
import json
import os
import re
import signal
import sys
import time
from pathlib import Path, PurePath

from . import project
from .project import overlay
from .build import DEFAULT_FORMATS, FORMATS, Options, Result, build, check, summary
from .usage import COMMANDS, SHELLS, completion, parser, program, split, stray, unknown
from .errors import DossierError, InvalidInput, annotation, display_path
from .build.write import unwritable

FOLDERS = ("data", "output", "templates")
"""The project's folders `where` prints."""


class Stopped(KeyboardInterrupt):
    """SIGTERM or SIGHUP, raised where the build is, like Ctrl-C's KeyboardInterrupt."""

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(signum)


def _raise_stopped(signum: int, frame: object) -> None:
    raise Stopped(signum)


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code (128 + the signal's number when stopped by one).

    Ctrl-C, SIGTERM and SIGHUP stop the build where it is: its workers and renders are killed,
    its temporary files removed, and it exits at once, with no traceback.
    """
    stops = [getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)]
    previous = {signum: signal.signal(signum, _raise_stopped) for signum in stops}
    previous[signal.SIGINT] = signal.getsignal(signal.SIGINT)
    try:
        return _main(argv)
    except KeyboardInterrupt as stop:
        for signum in previous:  # a second signal does not interrupt what is left
            signal.signal(signum, signal.SIG_IGN)
        signum = stop.signum if isinstance(stop, Stopped) else signal.SIGINT
        print(f"Stopped ({signal.Signals(signum).name}); nothing more was built.", file=sys.stderr, flush=True)
        return 128 + signum
    except ImportError as error:  # dossier-briefs-core alone: `--watch`, a terminal's progress bar…
        from .build import RENDER_MODULES, RENDERERS_MISSING

        if not (error.name and error.name.split(".")[0] in RENDER_MODULES):
            raise
        _error(RENDERERS_MISSING)
        return 1
    except BrokenPipeError:  # `dossier schema | head`: the reader has gone; say nothing more
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def _main(argv: list[str] | None) -> int:
    prog, words = program(), list(sys.argv[1:] if argv is None else argv)
    command, rest = split(words, prog)
    p = parser(prog, command if words[:1] == [command] else None)  # `dossier --help`: every command listed
    ns = p.parse_intermixed_args(rest)  # files and options in any order
    SAY.annotate = (ns.error_format or ("github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text")) == "github"
    SAY.quiet, SAY.verbose = ns.quiet, ns.verbose and not ns.quiet
    if problem := stray(p, ns, command):
        p.error(problem)
    if command in ("help", "completion", "schema", "init"):
        return _simple(p, prog, command, ns.args)
    if command == "diff":
        from .diff import diff

        if len(ns.args) != 2:
            p.error("diff takes two versions: OLD NEW (files, or REV:path)")
        if (form := ",".join(ns.format or ["text"])) not in ("text", "md", "json"):
            p.error(f"--format {form}: choose text, md or json")
        return diff(ns.args[0], ns.args[1], form, _code, _problem, _error)
    try:
        here = project.find()
        overlay.use(here.templates, here.data)
    except InvalidInput as error:
        for problem in error.problems:
            _problem(str(problem))
        return 2
    except DossierError as error:
        _error(str(error))
        return 2
    if command == "where":
        if len(ns.args) != 1 or ns.args[0] not in FOLDERS:
            p.error(f"where takes one folder: {', '.join(FOLDERS)}")
        return _where(here, ns.args[0])
    ns = _with_defaults(ns, here)
    try:
        formats = _formats(ns.format)
        sources = _shard(_unique(_sources(ns.args, here)), ns.shard)
        _check_options(ns)
    except ValueError as error:
        p.error(str(error))
    if ns.shard and not sources:
        _say(f"shard {ns.shard}: nothing to build")
        return 0
    try:
        since = _revision(ns.since, here)
    except DossierError as error:
        _error(str(error))
        return 2

    if ns.canonical and len(sources) != 1:
        p.error("--canonical takes one brief file: check --canonical data/x.yaml")
    if SAY.verbose:
        _say(f"project: {display_path(here.root)} ({display_path(here.file) if here.file else 'no project file'}); "
             f"data: {display_path(here.data)}; output: {display_path(ns.out)}")
        if command != "check":
            _say(f"formats: {', '.join(formats)}; jobs: {ns.jobs}; page size: {ns.page_size}")
        _say(f"theme: {display_path(ns.theme) if ns.theme else 'the templates’ theme.yaml'}; "
             f"briefs: {', '.join(display_path(s) for s in sources) or 'none'}")
    if command == "check":
        if not sources:
            return _nothing_to("check", here.data)
        if ns.canonical:
            return _canonical(sources[0], ns)
        return _report(check(sources, ns.theme, ns.max_data_size, ns.deck_template, since), time.perf_counter(),
                       verb="checked", summary_file=ns.summary)

    options = Options(out=ns.out, formats=formats, page_size=ns.page_size, pdf_variant=ns.pdf_variant,
                      deck_template=ns.deck_template, theme=ns.theme, force=ns.force, timeout=ns.timeout,
                      memory=ns.memory, max_data_size=ns.max_data_size, since=since)
    if command == "serve" or ns.watch:
        gc.enable()  # they live long (see `__main__.run`)
    if command == "serve":
        from .serve import serve

        if not sources:
            return _nothing_to("serve", here.data)
        return serve(sources, options, here, host=ns.host, port=ns.port, open_browser=not ns.no_open,
                     slides=not ns.no_slides)
    if ns.watch:
        return _watch(ns.args, ns.shard, options, ns.jobs, ns.preview, here)
    return _build(sources, options, ns.jobs, ns.preview, summary_file=ns.summary, data=here.data)


def _simple(p: argparse.ArgumentParser, prog: str, command: str, args: list[str]) -> int:
    """The commands that need no project: help, completion, schema and init."""
    if command == "help":
        if len(args) > 1 or (args and args[0] not in COMMANDS):
            p.error(unknown(args[0]) if len(args) == 1 else "help takes one command")
        print(parser(prog, args[0] if args else None).format_help(), end="")
    elif command == "completion":
        if len(args) != 1 or args[0] not in SHELLS:
            p.error(f"completion takes one shell: {', '.join(SHELLS)}")
        print(completion(args[0], prog), end="")
    elif command == "schema":
        if args:
            p.error("schema takes no files: it prints the schema of every brief")
        print(_schema())
    else:
        if len(args) > 1:
            p.error("init takes one folder")
        return _init(Path(args[0] if args else "."))
    return 0


def _canonical(source: Path, ns: argparse.Namespace) -> int:
    """`check --canonical`: the brief's long form on stdout once it checks, else the check's report."""
    results = check([source], ns.theme, ns.max_data_size, ns.deck_template)
    if any(r.failed for r in results):
        return _report(results, time.perf_counter(), verb="checked", summary_file=ns.summary)
    from .load import canonical

    for warning in (w for r in results for w in r.warnings):
        _problem(warning, "warning")
    print(canonical(source, max_bytes=int(ns.max_data_size * 2**20)), end="")
    return 0


def _with_defaults(ns: argparse.Namespace, here: project.Project) -> argparse.Namespace:
    """Options not given on the command line, from the project file, else Dossier's defaults."""
    s = here.option  # no project file: no settings, and no pydantic to import for them
    return argparse.Namespace(**{
        **vars(ns),
        "format": ns.format or s("formats"),
        "out": ns.out or here.output,
        "page_size": ns.page_size or s("page_size") or "A4",
        "pdf_variant": ns.pdf_variant or s("pdf_variant"),
        "deck_template": ns.deck_template or here.path(s("deck_template")),
        "theme": ns.theme or here.path(s("theme")),
        "jobs": ns.jobs if ns.jobs is not None else s("jobs") or os.cpu_count() or 1,
        "since": ns.since or s("since"),
    })


def _revision(name: str | None, here: project.Project):
    """The git revision `--since` names, resolved once for every brief; None without one."""
    if not name:
        return None
    from .load.versions import revision

    return revision(name, here.root)


def _schema() -> str:
    from .model.schema import json_schema
    return json.dumps(json_schema(), indent=2, ensure_ascii=False)


def _init(folder: Path) -> int:
    """Scaffold a briefs repository; say what was written and what was already there."""
    from .project import scaffold

    if folder.exists() and not folder.is_dir():
        _error(f"{folder}: is a file, not a folder")
        return 2
    try:
        written, kept = scaffold.init(folder, {"schema/brief.schema.json": _schema() + "\n"})
    except DossierError as error:
        _error(str(error))
        return 1
    for path in written:
        _say(f"wrote {display_path(path)}")
    for path in kept:
        _say(f"{display_path(path)} already exists; left as it is")
    go = "" if folder.resolve() == Path.cwd().resolve() else f"cd {folder} && "
    _say(f"Next: {go}dossier build   (then edit data/example.yaml, or add briefs to data/)")
    return 0


def _where(here: project.Project, name: str) -> int:
    """Print one of the project's folders relative to its root, for scripts such as the Action.

    `project.find` has checked the project already; this checks again what a script would trust,
    by the project file's rules: a plain relative path that stays inside the root and out of
    hidden folders, links followed.
    """
    value = here.option(name) or name
    if problem := project.path_problem(here.root, value):
        _error(f"{display_path(here.file)}: {name}: {problem}" if here.file else f"{name}: {problem}")
        return 2
    print(PurePath(os.path.normpath(value)).as_posix())
    return 0


def _build(sources: list[Path], options: Options, jobs: int, preview: bool, isolate: bool = False,
           summary_file: Path | None = None, data: Path = Path("data")) -> int:
    started = time.perf_counter()
    if not sources:
        return _nothing_to("build", data)
    if problem := unwritable(options.out):
        _error(f"{display_path(options.out)}: cannot write: {problem}")
        return 1

    def show(result: Result) -> None:
        for warning in result.warnings:
            _problem(warning, "warning")
        if result.failed:
            for problem in result.problems:
                _problem(problem)
            return
        parts = [f"built {', '.join(display_path(p) for p in result.built)}" if result.built else "",
                 f"up to date: {', '.join(display_path(p) for p in result.skipped)}" if result.skipped else ""]
        _say(f"{display_path(result.source)}: {'; '.join(filter(None, parts))} ({result.seconds:.1f} s)")

    if sys.stdout.isatty():  # a progress bar for people; plain lines for logs and CI
        from rich.console import Console
        from rich.progress import Progress

        with Progress(console=Console(), transient=True) as progress:
            task = progress.add_task("Building briefs", total=len(sources))

            def advance(result: Result) -> None:
                show(result)
                progress.advance(task)

            results = build(sources, options, jobs, on_result=advance, isolate=isolate)
    else:
        results = build(sources, options, jobs, on_result=show, isolate=isolate)
    if preview:
        _previews(results, options.timeout)
    return _report(results, started, verb="built", summary_file=summary_file)


def _nothing_to(verb: str, data: Path) -> int:
    """No data file was named or found: say where Dossier looked; exit code 1."""
    _error(f"no data files to {verb} (looked for {display_path(data)}/*.yaml)")
    return 1


def _error(message: str) -> None:
    print(f"Error: {message}", file=sys.stderr, flush=True)
    _annotate(message, "error")


def _problem(text: str, level: str = "error") -> None:
    """One problem (or warning) of an input file for a person on stderr, and for GitHub when asked."""
    print(text if level == "error" else f"warning: {text}", file=sys.stderr, flush=True)
    _annotate(text, level)


@dataclass
class Say:
    """How the command line talks: quietly (problems and warnings only), verbosely (also the settings used),
    and with each problem as a GitHub annotation too (`--error-format github`, or in GitHub Actions)."""

    quiet: bool = False
    verbose: bool = False
    annotate: bool = False


SAY = Say()


def _say(text: str) -> None:
    """A line of progress or outcome on stdout, unless quiet."""
    if not SAY.quiet:
        print(text, flush=True)


def _annotate(text: str, level: str) -> None:
    if SAY.annotate:
        workspace = os.environ.get("GITHUB_WORKSPACE")
        print(annotation(text, level, Path(workspace) if workspace else None), flush=True)


def _previews(results: list[Result], timeout: float) -> None:
    from .deck.preview import contact_sheet
    for result in results:
        for deck in (p for p in result.built + result.skipped if p.suffix == ".pptx"):
            try:
                contact_sheet(deck, deck.with_suffix(".png"), timeout=timeout)
            except (DossierError, OSError) as error:
                _error(str(error))
                result.problems.append(str(error))


def _report(results: list[Result], started: float, verb: str, summary_file: Path | None = None) -> int:
    """The closing summary line (and the Markdown summary, if asked for) and the exit code."""
    counts = summary(results)
    if verb == "checked":
        for problem in (p for r in results for p in r.problems):
            _problem(problem)
        for warning in (w for r in results for w in r.warnings):
            _problem(warning, "warning")
        line = (f"checked {len(results)} file(s): {len(results) - counts['failed']} valid, "
                f"{counts['failed']} with problems")
    else:
        line = (f"{counts['built']} built, {counts['skipped']} up to date, "
                f"{counts['failed']} failed in {time.perf_counter() - started:.1f} s")
    if counts["failed"]:
        print(f"Error: {line}", file=sys.stderr, flush=True)  # each problem is annotated already
    else:
        _say(line)
    if summary_file:
        try:
            with summary_file.open("a", encoding="utf-8") as file:
                file.write(markdown_summary(results, verb, line))
        except OSError as error:
            _error(f"--summary {summary_file}: cannot write: {error.strerror or error}")
            return 1
    return 1 if counts["failed"] else 0


def markdown_summary(results: list[Result], verb: str, line: str) -> str:
    """A Markdown table of what happened to each brief, for a CI job summary.

    Every name and message is a code span (see `_code`), so nothing from a brief or a file
    name becomes a link, an image, a mention, a heading or HTML, and each brief is one row.
    """
    rows = ["| brief | result |", "|---|---|"]
    for r in results:
        if r.failed:
            outcome = "**failed**: " + "<br>".join(_code(p) for p in r.problems)
        elif verb == "checked":
            outcome = "valid"
        else:
            outcome = "; ".join(filter(None, [
                "built " + ", ".join(_code(p.name) for p in r.built) if r.built else "",
                "up to date " + ", ".join(_code(p.name) for p in r.skipped) if r.skipped else ""]))
        rows.append(f"| {_code(display_path(r.source))} | {outcome} |")
    title = "Dossier: check" if verb == "checked" else "Dossier: build"
    return f"### {title}\n\n{line}\n\n" + "\n".join(rows) + "\n\n"


_CELL_LIMIT = 1000
"""The characters of one name or message a summary shows; a longer one is cut with "…"."""


def _code(text: str) -> str:
    """`text` as one Markdown code span that a table cell keeps whole.

    Control characters and line breaks become spaces; `|` is escaped for the table; the
    fence is one backtick longer than any run of backticks inside.
    """
    text = "".join(" " if project.invisible(c) else c for c in text[:_CELL_LIMIT]) + "…" * (len(text) > _CELL_LIMIT)
    text = text.replace("|", "\\|")  # a table cell unescapes it, even in code
    fence = "`" * (max(map(len, re.findall("`+", text)), default=0) + 1)
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _watch(files: list[str], shard: str | None, options: Options, jobs: int, preview: bool,
           here: project.Project) -> int:
    """Build, then rebuild on every change.

    The libraries are imported once here; each rebuild runs in workers forked
    from this process, so they start with the libraries loaded but no stale caches.
    """
    from watchfiles import watch

    import dossier.deck  # noqa: F401
    import dossier.pdf  # noqa: F401
    from .build import stamps

    candidates = {here.data, here.templates, *(Path(f).resolve().parent for f in files),
                  *(p.resolve() for p in (options.theme, options.deck_template) if p)}
    watched = sorted(w for w in candidates if w.exists())
    _say(f"Watching {', '.join(display_path(w) for w in watched)}; Ctrl-C to stop")
    # Watching starts before the first build, so an edit made during a build is not missed.
    changes = watch(*watched, yield_on_timeout=True, rust_timeout=500)
    try:
        next(changes)
        while True:
            overlay.refresh(here.templates)
            stamps.forget_templates()
            _build(_shard(_sources(files, here), shard), options, jobs, preview, isolate=True, data=here.data)
            next(batch for batch in changes if batch)
    except KeyboardInterrupt:
        return 0


def _check_options(ns: argparse.Namespace) -> None:
    """Refuse option values that cannot work, before anything is built."""
    if ns.jobs < 1:
        raise ValueError("--jobs must be at least 1")
    if not (0 < ns.timeout < 10**6):
        raise ValueError(f"--timeout {ns.timeout:g}: give a number of seconds above 0")
    if not (256 <= ns.memory <= 2**20):
        raise ValueError(f"--memory {ns.memory}: give a number of megabytes from 256 (a render needs that much)")
    if not (0 <= ns.port <= 65535):
        raise ValueError(f"--port {ns.port}: give a port from 1 to 65535 (0: any free one)")
    if not (0 < ns.max_data_size <= 1024):
        raise ValueError(f"--max-data-size {ns.max_data_size:g}: give a number of megabytes above 0, at most 1024")
    if ns.out.exists() and not ns.out.is_dir():
        raise ValueError(f"--out {ns.out}: is a file, not a folder")
    for flag, path in (("--deck-template", ns.deck_template), ("--theme", ns.theme)):
        if path and not path.is_file():
            raise ValueError(f"{flag} {path}: no such file")


def _unique(sources: list[Path]) -> list[Path]:
    """The sources without repeats; two files that would write the same outputs are refused."""
    seen: dict[str, Path] = {}
    unique = []
    for source in sources:
        name = Path(source).stem
        if name in seen and seen[name].resolve() == Path(source).resolve():
            continue
        if name in seen:
            raise ValueError(f"{seen[name]} and {source} would both write {name}.*; rename one of them")
        seen[name] = source
        unique.append(source)
    return unique


def _sources(args: list[str], here: project.Project) -> list[Path]:
    """The files named, else the project's briefs: data/*.yaml, less hidden files and the project file."""
    if args:
        return [Path(a) for a in args]
    own = here.file.resolve() if here.file else None
    return sorted(p for p in here.data.glob("*.yaml") if not p.name.startswith(".") and p.resolve() != own)


def _formats(values: list[str] | None) -> tuple[str, ...]:
    if not values:
        return DEFAULT_FORMATS
    chosen: list[str] = []
    for value in ",".join(values).split(","):
        value = value.strip().lower()
        names = FORMATS if value == "all" else (value,)
        for name in names:
            if name not in FORMATS:
                raise ValueError(f"--format {value}: choose from {', '.join(FORMATS)} or all")
            if name not in chosen:
                chosen.append(name)
    return tuple(chosen)


def _shard(sources: list[Path], shard: str | None) -> list[Path]:
    if not shard:
        return sources
    try:
        k, n = (int(x) for x in shard.split("/"))
    except ValueError:
        raise ValueError(f"--shard {shard}: write K/N, e.g. 2/4") from None
    if not 1 <= k <= n:
        raise ValueError(f"--shard {shard}: K must be between 1 and N")
    return [s for i, s in enumerate(sorted(sources)) if i % n == k - 1]
