"""Dossier's exceptions. The library raises these; only the CLI prints them."""

from __future__ import annotations

import re
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


def line_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of the character at `offset` in `text`."""
    before = text[:offset]
    return before.count("\n") + 1, offset - before.rfind("\n")


class DossierError(Exception):
    """Base class of every error Dossier reports to a person."""


class InvalidInput(DossierError):
    """A data or theme file has one or more problems; all of them are listed."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


class RenderError(DossierError):
    """An output could not be rendered."""


class MissingLetter(RenderError):
    """A `letter` of the brief, at `field` (`chapters[2].title`), that none of the theme's fonts has."""

    def __init__(self, field: str, letter: str, message: str):
        super().__init__(field, letter, message)
        self.field, self.letter, self.message = field, letter, message

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"

    def at(self, source: Path, name: str) -> Problem:
        """The problem at the letter's first place in the data file `source`, shown as `name`; at the
        file's start, with the field, when the file spells the letter otherwise (an escape, a CSV file)."""
        try:
            text = source.read_text(encoding="utf-8")
        except (OSError, UnicodeError):
            text = ""
        found = text.find(self.letter)
        if found < 0:
            return Problem(name, 1, 1, self.message, field=self.field)
        return Problem(name, *line_column(text, found), self.message)


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


_LOCATED = re.compile(r"(?P<file>[^\n]+?):(?P<line>\d+):(?P<col>\d+): (?P<message>.*)", re.S)
_FILED = re.compile(r"(?P<file>[^\n]+?\.(?:ya?ml|csv|png|jpe?g|svg|pptx|ttf|otf|j2|css|po)): (?P<message>.*)", re.S)


def annotation(problem: str, level: str = "error", root: Path | None = None) -> str:
    """A problem as a GitHub Actions workflow command (`::error file=…,line=…,col=…,title=…::message`),
    escaped as GitHub requires; its file made relative to `root` (the workspace) when inside it."""
    found = _LOCATED.fullmatch(problem) or _FILED.fullmatch(problem)
    properties = {"title": "Dossier"}
    message = problem
    if found:
        file = found["file"]
        if root is not None:
            absolute = Path(file).resolve()
            file = absolute.relative_to(root.resolve()).as_posix() if absolute.is_relative_to(root.resolve()) else file
        where = {"line": found["line"], "col": found["col"]} if found.re is _LOCATED else {}
        properties = {"file": file, **where, "title": "Dossier"}
        message = found["message"]
    listed = ",".join(f"{key}={_escaped(value, True)}" for key, value in properties.items())
    return f"::{level} {listed}::{_escaped(message)}"


def _escaped(text: str, property_value: bool = False) -> str:
    """GitHub's escaping of a workflow command's message, and of a property value (also ':' and ',')."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return text.replace(":", "%3A").replace(",", "%2C") if property_value else text
