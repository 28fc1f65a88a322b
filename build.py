#!/usr/bin/env python3
"""Build Dossier briefs: `python build.py --help`."""

from dossier.__main__ import run

if __name__ == "__main__":
    run()
