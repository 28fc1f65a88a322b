"""Dossier: a YAML brief of a diplomatic meeting → a PDF brief and a slide deck."""

from pathlib import Path

__version__ = "0.1.0"

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
"""The folder that holds the templates, the master deck, the fonts and the theme."""
