"""Dossier's exceptions. The library raises these; only the CLI prints them."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One problem in an input file, at a line and column (both 1-based)."""

    file: str
    line: int
    column: int
    message: str
    field: str = ""

    def __str__(self) -> str:
        where = f"{self.field}: " if self.field else ""
        return f"{self.file}:{self.line}:{self.column}: {where}{self.message}"


class DossierError(Exception):
    """Base class of every error Dossier reports to a person."""


class InvalidInput(DossierError):
    """A data or theme file has one or more problems; all of them are listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


class RenderError(DossierError):
    """An output could not be rendered."""


class TemplateError(DossierError):
    """A template, theme or master deck is missing or broken."""


ORIGINS: dict[Path, Path] = {}
"""Each file of a merged templates folder (resolved) and the file it was copied from: the
project's own or Dossier's (filled in by `dossier.project.overlay`)."""


def display_path(path: Path) -> str:
    """A path as a person would type it: relative to the working folder when inside it; a file of
    the merged templates folder by the file it came from (`templates/theme.yaml`)."""
    path = ORIGINS.get(Path(path).resolve(), Path(path))
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)
