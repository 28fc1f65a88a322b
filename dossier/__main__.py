"""`python -m dossier`: the same command line as `dossier` and `python build.py`."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
