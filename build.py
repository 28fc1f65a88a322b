#!/usr/bin/env python3
"""Build Dossier briefs: `python build.py --help`."""

import sys

from dossier.cli import main

if __name__ == "__main__":
    sys.exit(main())
