"""Shared fixtures: the project's paths and the example brief."""

from pathlib import Path

import pytest

from dossier.load import load

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "data" / "pakistan-russia-sco.yaml"
SOURCE = Path(__file__).resolve().parent / "fixtures" / "source.txt"


@pytest.fixture(scope="session")
def example():
    """The example brief, loaded and validated."""
    return load(EXAMPLE)
