"""`python -m dossier` and the `dossier` command: the same command line as `python build.py`."""

import gc
import sys


def run() -> None:
    """Run the command line; Ctrl-C while its libraries are still loading exits 130 quietly too.

    A command's process collects no cyclic garbage: it is short-lived, and the collector would walk
    the objects its imports and renders make again and again (about 8% of a build) to free little.
    `serve` and `build --watch`, which live long, collect it again.
    """
    gc.disable()
    try:
        from .cli import main
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(main())


if __name__ == "__main__":
    run()
