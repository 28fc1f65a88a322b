"""The command line: parse arguments, run a build, turn results into messages and exit codes.

Exit codes: 0 everything built (or was up to date), 1 some brief failed, 2 bad usage.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

from . import TEMPLATES, __version__
from .build import DEFAULT_FORMATS, FORMATS, Options, Result, build, check, summary
from .errors import DossierError, display_path

ROOT = TEMPLATES.parent
COMMANDS = ("build", "check", "schema")

_EPILOG = """\
commands:
  build    render briefs (the default): every data/*.yaml, or the FILEs given
  check    validate data files without rendering
  schema   print the JSON Schema of the data files (for editors)

examples:
  python build.py                                   build every brief into output/
  python build.py data/x.yaml --format pdf --out /tmp/briefs
  python build.py check                             validate every data file
  python build.py schema > output/brief.schema.json

exit codes: 0 all built or up to date, 1 some brief failed, 2 bad usage
"""


def parser() -> argparse.ArgumentParser:
    """The argument parser; its help documents every option."""
    p = argparse.ArgumentParser(
        prog="build.py", description="Dossier: build PDF briefs and slide decks from YAML data files.",
        epilog=_EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("args", nargs="*", metavar="[COMMAND] FILE",
                   help="an optional command (build, check, schema), then data files (default: data/*.yaml)")
    p.add_argument("-f", "--format", action="append", metavar="FORMAT",
                   help=f"output format: {', '.join(FORMATS)} or all; repeat or comma-separate "
                        f"(default: {','.join(DEFAULT_FORMATS)})")
    p.add_argument("-o", "--out", type=Path, default=ROOT / "output", metavar="DIR",
                   help="output folder (default: output/)")
    p.add_argument("--page-size", choices=("A4", "Letter"), default="A4", help="PDF page size (default: A4)")
    p.add_argument("--pdf-variant", choices=("pdf/a-3b", "pdf/ua-1"),
                   help="an archival or accessible PDF variant (the default PDF is tagged)")
    p.add_argument("--deck-template", type=Path, metavar="FILE",
                   help="build the deck on this .pptx master instead of templates/deck.pptx")
    p.add_argument("--theme", type=Path, metavar="FILE",
                   help="a theme file (colours, fonts, sizes, and the layout names of a --deck-template) "
                        "instead of templates/theme.yaml")
    p.add_argument("--force", action="store_true", help="rebuild even what is up to date")
    p.add_argument("--timeout", type=float, default=300, metavar="SECONDS",
                   help="stop and report an output that takes longer than this to render (default: 300)")
    p.add_argument("--memory", type=int, default=Options.memory, metavar="MB",
                   help="stop and report an output whose render needs more memory than this "
                        f"(default: {Options.memory}; with -j, per worker)")
    p.add_argument("--max-data-size", type=float, default=Options.max_data_size, metavar="MB",
                   help=f"refuse a data file larger than this, before reading it (default: {Options.max_data_size:g})")
    p.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1, metavar="N",
                   help="build N briefs at once in worker processes (default: the number of cores)")
    p.add_argument("--shard", metavar="K/N", help="build only the K-th of N equal slices of the briefs (CI matrices)")
    p.add_argument("--preview", action="store_true",
                   help="also write a contact sheet PNG beside each deck (needs LibreOffice)")
    p.add_argument("--watch", action="store_true", help="rebuild whenever a data file or template changes")
    p.add_argument("--version", action="version", version=f"Dossier {__version__}")
    return p


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit code."""
    p = parser()
    ns = p.parse_args(argv)
    command = ns.args.pop(0) if ns.args and ns.args[0] in COMMANDS else "build"
    if command == "schema":
        from .model import Brief
        print(json.dumps(Brief.model_json_schema(), indent=2, ensure_ascii=False))
        return 0
    try:
        formats = _formats(ns.format)
        sources = _shard(_unique(_sources(ns.args)), ns.shard)
        _check_options(ns)
    except ValueError as error:
        p.error(str(error))
    if ns.shard and not sources:
        print(f"shard {ns.shard}: nothing to build")
        return 0

    if command == "check":
        return _report(check(sources, ns.theme, ns.max_data_size), time.perf_counter(), verb="checked")

    options = Options(out=ns.out, formats=formats, page_size=ns.page_size, pdf_variant=ns.pdf_variant,
                      deck_template=ns.deck_template, theme=ns.theme, force=ns.force, timeout=ns.timeout,
                      memory=ns.memory, max_data_size=ns.max_data_size)
    if ns.watch:
        return _watch(ns.args, ns.shard, options, ns.jobs, ns.preview)
    return _build(sources, options, ns.jobs, ns.preview)


def _build(sources: list[Path], options: Options, jobs: int, preview: bool, isolate: bool = False) -> int:
    started = time.perf_counter()
    if not sources:
        _error("no data files to build (looked for data/*.yaml)")
        return 1

    def show(result: Result) -> None:
        if result.failed:
            for problem in result.problems:
                print(problem, file=sys.stderr, flush=True)
            return
        parts = [f"built {', '.join(display_path(p) for p in result.built)}" if result.built else "",
                 f"up to date: {', '.join(display_path(p) for p in result.skipped)}" if result.skipped else ""]
        print(f"{display_path(result.source)}: {'; '.join(filter(None, parts))} ({result.seconds:.1f} s)",
              flush=True)

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
    return _report(results, started, verb="built")


def _error(message: str) -> None:
    print(f"Error: {message}", file=sys.stderr, flush=True)


def _previews(results: list[Result], timeout: float) -> None:
    from .deck.preview import contact_sheet
    for result in results:
        for deck in (p for p in result.built + result.skipped if p.suffix == ".pptx"):
            try:
                contact_sheet(deck, deck.with_suffix(".png"), timeout=timeout)
            except (DossierError, OSError) as error:
                _error(str(error))
                result.problems.append(str(error))


def _report(results: list[Result], started: float, verb: str) -> int:
    """The closing summary line and the exit code."""
    counts = summary(results)
    if verb == "checked":
        for problem in (p for r in results for p in r.problems):
            print(problem, file=sys.stderr)
        line = (f"checked {len(results)} file(s): {len(results) - counts['failed']} valid, "
                f"{counts['failed']} with problems")
    else:
        line = (f"{counts['built']} built, {counts['skipped']} up to date, "
                f"{counts['failed']} failed in {time.perf_counter() - started:.1f} s")
    if counts["failed"]:
        _error(line)
        return 1
    print(line)
    return 0


def _watch(files: list[str], shard: str | None, options: Options, jobs: int, preview: bool) -> int:
    """Build, then rebuild on every change.

    The libraries are imported once here; each rebuild runs in workers forked
    from this process, so they start with the libraries loaded but no stale caches.
    """
    from watchfiles import watch

    import dossier.deck  # noqa: F401
    import dossier.pdf  # noqa: F401
    from . import stamps

    candidates = {ROOT / "data", TEMPLATES, *(Path(f).resolve().parent for f in files),
                  *(p.resolve() for p in (options.theme, options.deck_template) if p)}
    watched = sorted(w for w in candidates if w.exists())
    print(f"Watching {', '.join(display_path(w) for w in watched)}; Ctrl-C to stop", flush=True)
    # Watching starts before the first build, so an edit made during a build is not missed.
    changes = watch(*watched, yield_on_timeout=True, rust_timeout=500)
    try:
        next(changes)
        while True:
            stamps.forget_templates()
            _build(_shard(_sources(files), shard), options, jobs, preview, isolate=True)
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


def _sources(args: list[str]) -> list[Path]:
    if args:
        return [Path(a) for a in args]
    return sorted((ROOT / "data").glob("*.yaml"))


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
