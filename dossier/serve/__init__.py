"""`dossier serve`: a live preview of the briefs in the browser, refreshed on every save.

The server (`http`) answers the browser; the renderer (`render`) rebuilds what an edit touched,
the HTML view first; `state` holds what both share and wakes the page's push channel. Outputs go
to a private temporary folder, removed on exit: the preview never touches `output/`.
"""

from __future__ import annotations

import importlib
import os
import shutil
import sys
import tempfile
import threading
import webbrowser
from pathlib import Path

from .. import project
from ..build import RENDER_MODULES, RENDERERS_MISSING, Options, output_name
from ..errors import DossierError, InvalidInput, display_path

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def serve(sources: list[Path], options: Options, here: project.Project, *, host: str = "127.0.0.1",
          port: int = 8000, open_browser: bool = True, slides: bool = True) -> int:
    """Serve the preview of `sources` until Ctrl-C (or SIGTERM); return the exit code."""
    from .http import Server
    from .state import Brief, Hub

    try:
        briefs = [Brief(source, output_name(source)) for source in sources]
        _import_renderers()
        from .render import Renderer  # reads decks back with python-pptx
    except InvalidInput as error:
        for problem in error.problems:
            print(problem, file=sys.stderr)
        return 1
    except DossierError as error:
        print(f"Error: {error}", file=sys.stderr)
        return 1
    work = Path(tempfile.mkdtemp(prefix="dossier-serve-"))
    hub = Hub(briefs)
    renderer = Renderer(hub, options, here, work, slides=slides)
    try:
        server = Server((host, port), hub, work, lambda: renderer.fonts)
    except OSError as error:
        shutil.rmtree(work, ignore_errors=True)
        print(f"Error: cannot listen on {host}:{port}: {error.strerror or error}; "
              "choose another port with --port", file=sys.stderr)
        return 2
    stop = threading.Event()
    watched = _watched(sources, options, here)
    threads = [threading.Thread(target=renderer.run, args=(stop,), daemon=True),
               threading.Thread(target=_watch, args=(watched, renderer, stop), daemon=True)]
    url = _url(host, server.server_address[1], briefs)
    try:
        # Everything is said before the threads start, so no line of theirs can split one of these.
        if host not in LOOPBACK:
            print(f"warning: --host {host}: the preview is open to other machines on this network, "
                  "and shows your briefs to anyone who can reach it", file=sys.stderr, flush=True)
        print(f"Previewing {len(briefs)} brief(s); open this address (Ctrl-C to stop):\n{url}\n"
              f"Watching {', '.join(display_path(p) for p in watched)}", flush=True)
        for thread in threads:
            thread.start()
        if open_browser and _display():
            webbrowser.open(url)
        server.serve_forever(poll_interval=0.2)  # here, so that Ctrl-C ends it
    except KeyboardInterrupt:  # Ctrl-C, or SIGTERM and SIGHUP as the CLI raises them
        pass
    finally:
        stop.set()
        hub.close()
        server.server_close()
        for thread in threads:
            if thread.is_alive():
                thread.join(3)
        shutil.rmtree(work, ignore_errors=True)
    print("Stopped the preview.", flush=True)
    if any(thread.is_alive() for thread in threads):
        _exit_now()
    return 0


def _exit_now() -> None:
    """Exit at once, a render still running in its thread: finalizing Python under a thread that is
    inside WeasyPrint, Pango or the file watcher's native code can crash it. The render's processes
    die with this one (their parent-death signal); what `atexit` would have removed is removed here."""
    from ..project import overlay

    if overlay._merged is not None:
        shutil.rmtree(overlay._merged.parent, ignore_errors=True)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _import_renderers() -> None:
    """WeasyPrint and python-pptx, imported once here: every render forks from this process."""
    try:
        for module in ("dossier.deck", "dossier.pdf", "pypdfium2", "watchfiles"):
            importlib.import_module(module)
    except ImportError as error:  # dossier-briefs-core without its renderers
        if error.name and error.name.split(".")[0] in RENDER_MODULES:
            raise DossierError(RENDERERS_MISSING) from None
        raise
    except OSError as error:
        raise DossierError(f"WeasyPrint cannot load a system library ({error}). Install Pango: "
                           "'apt-get install libpango-1.0-0 libpangoft2-1.0-0' on Debian or Ubuntu, "
                           "'brew install pango' on macOS") from None


def _url(host: str, port: int, briefs) -> str:
    shown = f"[{host}]" if ":" in host else host
    page = f"b/{briefs[0].name}/" if len(briefs) == 1 else ""
    return f"http://{shown}:{port}/{page}"


def _display() -> bool:
    """Whether a browser can be shown: always on macOS and Windows, with X or Wayland elsewhere."""
    return sys.platform in ("darwin", "win32") or bool(os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))


def _watched(sources: list[Path], options: Options, here: project.Project) -> list[Path]:
    """What a preview depends on: the data folder (briefs, CSV files, pictures), the briefs' own
    folders, the templates, the theme and master given, and the project file."""
    candidates = {here.data, here.templates, *(Path(s).resolve().parent for s in sources),
                  *(p.resolve() for p in (options.theme, options.deck_template, here.file) if p)}
    return sorted(w for w in candidates if w.exists())


def _watch(paths: list[Path], renderer, stop: threading.Event) -> None:
    from watchfiles import watch

    for changes in watch(*paths, stop_event=stop, step=50, rust_timeout=500, yield_on_timeout=False,
                         raise_interrupt=False):
        renderer.changed({Path(path) for _, path in changes})
