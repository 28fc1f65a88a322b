"""Dossier: a YAML brief of a diplomatic meeting → a PDF brief and a slide deck."""

import gc
from collections.abc import Callable
from functools import wraps
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


def uncollected(render: Callable[..., None]) -> Callable[..., None]:
    """`render` with Python's cyclic garbage collector paused. A render makes hundreds of thousands of
    objects that live until it ends; the collector, run every 700 new ones, walks them all (and all the
    process holds) again and again: 10–20% of a PDF's time, up to a quarter of a big deck's in a big
    process, to free little (the peak grows by 1–4%, by 19% for a paragraph of 1 MB)."""

    @wraps(render)
    def paused(*args, **kwargs) -> None:
        was = gc.isenabled()
        gc.disable()
        try:
            render(*args, **kwargs)
        finally:
            if was:
                gc.enable()

    return paused
