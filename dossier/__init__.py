"""Dossier: a YAML brief of a diplomatic meeting → a PDF brief and a slide deck."""

from pathlib import Path

try:
    from ._version import __version__  # written by setuptools-scm when the package is built or installed
except ImportError:  # a checkout that was never installed
    __version__ = "0.0.0"


def _packaged_templates() -> Path:
    """templates/ inside the installed package, or at the top of a checkout."""
    here = Path(__file__).resolve().parent
    installed = here / "templates"
    return installed if installed.is_dir() else here.parent / "templates"


PACKAGED_TEMPLATES = _packaged_templates()
"""Dossier's own templates, master deck, fonts and theme."""

TEMPLATES = PACKAGED_TEMPLATES
"""The templates in use: Dossier's own, or a project's merged over them (see `dossier.project`).

The renderers read it when they are imported, so it is chosen before they are."""

DATA = PACKAGED_TEMPLATES.parent / "data"
"""The data folder rendering may read (see `dossier.pdf.fetch`): a checkout's, or the project's."""
