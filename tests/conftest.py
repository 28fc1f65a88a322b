"""Shared fixtures: the project's paths, the example brief and the theme."""

from pathlib import Path

import pytest

from dossier.load import load
from dossier.model import Brief
from dossier.theme import Theme, load_theme

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "pakistan-russia-sco.yaml"
SOURCE = Path(__file__).resolve().parent / "fixtures" / "source.txt"


@pytest.fixture(scope="session")
def brief() -> Brief:
    """The example brief, loaded and validated."""
    return load(EXAMPLE)


@pytest.fixture(scope="session")
def theme() -> Theme:
    """Dossier's own theme."""
    return load_theme()
