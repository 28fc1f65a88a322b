"""`python -m dossier` and the `dossier` command: the same command line as `python build.py`."""

import sys


def run() -> None:
    """Run the command line; Ctrl-C while its libraries are still loading exits 130 quietly too."""
    try:
        from .cli import main
    except KeyboardInterrupt:
        sys.exit(130)
    sys.exit(main())


if __name__ == "__main__":
    run()
