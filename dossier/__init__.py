"""Dossier: a YAML brief of a diplomatic meeting → a PDF brief and a slide deck."""

__version__ = "0.1.0"
