"""The project: the folder Dossier works in, and the defaults its project file sets.

The project file is `dossier.yaml`, or a `[tool.dossier]` table in `pyproject.toml`,
in the current folder or the nearest folder above it that has one; without one, the
project is the current folder. Folders and files in it are relative to the project.
"""

from __future__ import annotations

import os
import re
import unicodedata
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from functools import cache
from typing import TYPE_CHECKING, Annotated, Any, Literal

from ..errors import DossierError, InvalidInput, Problem, display_path
from ..load.files import hidden

if TYPE_CHECKING:
    from pydantic import BaseModel as Settings

FILE = "dossier.yaml"
PYPROJECT = "pyproject.toml"
FOLDERS = ("data", "templates", "output")
"""The project's folders, each named in the project file or left to its default (its own name)."""
MAX_SHOWN = 10
"""Links in the output folder a message names; more are counted."""

_ROOT: ContextVar[Path] = ContextVar("project_root")


def path_problem(root: Path, value: str) -> str | None:
    """Why `value`, a path the project file names, may not be used, or None: it must be relative,
    plain, and lead (links followed) to a place inside `root` that is not hidden."""
    if any(invisible(ch) for ch in value):
        return "has a control character or a line break; write a plain folder or file name"
    if Path(value).is_absolute() or value.startswith("~"):
        return f"'{value}' is an absolute path; give a path inside the project, relative to {FILE}'s folder"
    root = _real(root)
    real = _real(root / value)
    if not real.is_relative_to(root):
        return f"'{value}' leads outside the project (through '..' or a symbolic link); give a path inside the project"
    if hidden(Path(value)):
        return f"'{value}' is a hidden file or folder; Dossier reads and writes no hidden path"
    if hidden(inside := real.relative_to(root)):
        return f"'{value}' leads to the hidden path '{inside}'; Dossier reads and writes no hidden path"
    return None


def output_problem(root: Path, output: str, inputs: dict[str, str]) -> str | None:
    """Why `output` may not be the output folder, or None: it is not the project's folder, nor holds
    or is one of the `inputs` folders (by name: data, templates), links followed, and is a folder."""
    root = _real(root)
    out, plain = _real(root / output), Path(os.path.normpath(root / output))
    how = " (through a symbolic link)" if out != plain else ""
    folders = {"the project's folder": root, **{f"the {name} folder": _real(root / value)
                                                 for name, value in inputs.items()}}
    for name, folder in folders.items():
        if folder == out or folder.is_relative_to(out):
            return f"'{output}' is or holds {name}{how}; outputs need a folder of their own, such as 'output'"
    if os.path.lexists(out) and not out.is_dir():
        return f"'{output}' is not a folder (a file, or a broken link); delete it or name another output folder"
    return None


def _real(path: Path) -> Path:
    """`path` with its links followed as far as they lead (a link loop is left as it is)."""
    return Path(os.path.realpath(path))


def invisible(char: str) -> bool:
    """A control, format or line-separating character: nothing a path or a summary cell should hold."""
    return unicodedata.category(char)[0] == "C" or unicodedata.category(char) in ("Zl", "Zp")


def _inside(value: str) -> str:
    """A path named in the project file stays inside the project: relative, no `..` out, no link out."""
    if problem := path_problem(_ROOT.get(Path.cwd()), value):
        raise ValueError(problem)
    return value


def _own_folder(value: str, info) -> str:
    """The output folder is not the project's folder, nor holds or is its data or templates."""
    inputs = {name: info.data[name] for name in ("data", "templates") if info.data.get(name)}
    if problem := output_problem(_ROOT.get(Path.cwd()), value, inputs):
        raise ValueError(problem)
    return value


def _existing_file(value: str) -> str:
    """A file named in the project file must exist (relative to the project's folder)."""
    root = _ROOT.get(Path.cwd())
    if not (root / value).is_file():
        raise ValueError(f"'{value}' is not a file in {display_path(root)}/")
    return value


def _revision(value: str) -> str:
    """`since:` names a git revision: nothing git could take for an option, no space."""
    if value.startswith("-") or any(c.isspace() or not c.isprintable() for c in value):
        raise ValueError("a git revision cannot start with '-' or hold a space or a control character; "
                         "write a branch, a tag or a commit, e.g. main or HEAD~1")
    return value


def _listed(value: object) -> object:
    """`pdf, pptx` reads as [pdf, pptx]."""
    return [part.strip() for part in value.split(",")] if isinstance(value, str) else value


@cache
def _settings_class() -> type:
    """The project file's model, made on first use: a build with no project file needs no pydantic."""
    from pydantic import AfterValidator, BeforeValidator, Field

    from ..model.text import Strict

    ProjectFile = Annotated[str, AfterValidator(_inside), AfterValidator(_existing_file)]
    Folder = Annotated[str, Field(min_length=1), AfterValidator(_inside)]

    class Settings(Strict):
        """Defaults for every build in the project; command-line options override them."""

        formats: Annotated[list[Literal["pdf", "pptx", "html", "all"]], BeforeValidator(_listed),
                           Field(min_length=1)] | None = None
        """Output formats, e.g. [pdf, pptx] (the default) or [all]."""
        theme: ProjectFile | None = None
        """A theme file (--theme), instead of templates/theme.yaml."""
        deck_template: ProjectFile | None = None
        """A .pptx master to build decks on (--deck-template)."""
        page_size: Literal["A4", "Letter"] | None = None
        """The PDF's page size (--page-size); A4 unless set."""
        pdf_variant: Literal["pdf/a-3b", "pdf/ua-1"] | None = None
        """An archival or accessible PDF variant (--pdf-variant)."""
        since: Annotated[str, Field(min_length=1), AfterValidator(_revision)] | None = None
        """A git revision (--since), e.g. main: each brief shows what changed since its version there."""
        jobs: Annotated[int, Field(ge=1, le=1024)] | None = None
        """Briefs built at once (-j); the number of cores unless set."""
        data: Folder = "data"
        """The folder of brief files."""
        templates: Folder = "templates"
        """Templates, theme and fonts that replace Dossier's own, file by file."""
        output: Annotated[Folder, AfterValidator(_own_folder)] = "output"
        """The folder outputs are written to (--out): a folder of its own, inside the project."""

    return Settings


def __getattr__(name: str) -> Any:
    if name == "Settings":
        return _settings_class()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass(frozen=True)
class Project:
    """A project folder, its project file (if any) and its settings."""

    root: Path
    file: Path | None
    loaded: Settings | None = None
    """The project file's settings; None without a file (every default)."""

    @property
    def settings(self) -> Settings:
        return self.loaded if self.loaded is not None else _settings_class()()

    def option(self, name: str) -> Any:
        """A setting from the project file, or None when it sets none."""
        return getattr(self.loaded, name) if self.loaded is not None else None

    def path(self, value: str | None) -> Path | None:
        """A path from the project file, relative to the project's folder."""
        return self.root / value if value else None

    @property
    def data(self) -> Path:
        return self.root / (self.option("data") or "data")

    @property
    def output(self) -> Path:
        return self.root / (self.option("output") or "output")

    @property
    def templates(self) -> Path:
        return self.root / (self.option("templates") or "templates")


def find(start: Path | None = None) -> Project:
    """The project that `start` (by default, the current folder) is in; raise `InvalidInput` for a bad
    file, and `DossierError` for a folder that is unsafe as it stands on disk."""
    start = (start or Path.cwd()).resolve()
    for folder in (start, *start.parents):
        found = [p for p in (folder / FILE, folder / PYPROJECT) if _is_project_file(p)]
        if len(found) == 2:
            raise InvalidInput([Problem(display_path(found[1]), 1, 1, f"[tool.dossier] and {FILE} both set "
                                        "Dossier's options; keep one of them")])
        if found:
            return _checked(Project(folder, found[0], load_settings(found[0])))
    return _checked(Project(start, None))


def _checked(project: Project) -> Project:
    """`project`, once its folders are safe as they stand on disk: those the project file leaves
    to their defaults follow the rules the file's own follow, and the output folder holds no link."""
    folders = {name: project.option(name) or name for name in FOLDERS}
    problems = [f"{name}: {problem}" for name, value in folders.items()
                if (problem := path_problem(project.root, value))]
    if not problems:
        inputs = {name: folders[name] for name in ("data", "templates")}
        problem = output_problem(project.root, folders["output"], inputs)
        problems = [f"output: {problem}"] if problem else _links(project.output)
    problems += _linked_briefs(project)
    if problems:
        raise DossierError("\n".join(problems))
    return project


def _linked_briefs(project: Project) -> list[str]:
    """A message for each brief in the data folder that is a link leading outside the project or to
    a hidden file (`data/x.yaml -> ../.git/config`): a brief is read like any other file of the project."""
    if not project.data.is_dir():
        return []
    return [f"{_shown(brief)}: {problem}" for brief in sorted(project.data.glob("*.yaml")) if brief.is_symlink()
            and (problem := path_problem(project.root, os.path.relpath(brief, project.root)))]


def _links(folder: Path) -> list[str]:
    """A message if `folder` holds symbolic links (none followed): Dossier writes none, and an
    upload of the folder would carry what one points to, such as .git/config."""
    links = sorted(Path(top, name) for top, subfolders, files in os.walk(folder)
                   for name in subfolders + files if Path(top, name).is_symlink())
    if not links:
        return []
    names = ", ".join(map(_shown, links[:MAX_SHOWN])) + f" and {len(links) - MAX_SHOWN} more" * (len(links) > MAX_SHOWN)
    one = len(links) == 1
    return [f"{names}: {'a symbolic link' if one else 'symbolic links'} in the output folder, which Dossier "
            f"never writes and an upload of the folder would follow; delete {'it' if one else 'them'}"]


def _shown(path: Path) -> str:
    """A path as messages print it, its last link not followed: quoted and escaped if it holds a
    control or invisible character."""
    shown = os.path.relpath(path)
    return repr(shown) if any(map(invisible, shown)) else shown


def load_settings(path: Path) -> Settings:
    """Read and validate a project file: dossier.yaml, or pyproject.toml's [tool.dossier]."""
    token = _ROOT.set(path.resolve().parent)
    try:
        if path.name == PYPROJECT:
            return _from_pyproject(path)
        Settings = _settings_class()
        if not _has_content(path):
            return Settings()  # an empty dossier.yaml marks the project and keeps every default
        from ..load import load_model
        return load_model(path, Settings)
    finally:
        _ROOT.reset(token)


def _is_project_file(path: Path) -> bool:
    if path.name == FILE:
        return path.is_file()
    try:
        return path.is_file() and _TOOL.search(path.read_text(encoding="utf-8", errors="replace")) is not None
    except OSError:
        return False


def _has_content(path: Path) -> bool:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return True  # let the loader report it
    return any(line.strip() and not line.lstrip().startswith("#") for line in lines)


_TOOL = re.compile(r"^\s*\[\s*tool\s*\.\s*dossier\s*\]", re.MULTILINE)
_TOML_AT = re.compile(r"\(at line (\d+), column (\d+)\)")


def _from_pyproject(path: Path) -> Settings:
    """[tool.dossier] from a pyproject.toml, with each problem at the line of its key."""
    import tomllib

    import yaml
    from pydantic import ValidationError

    from ..load import _Document

    Settings = _settings_class()
    name = display_path(path)
    try:
        text = path.read_text(encoding="utf-8")
        table = tomllib.loads(text).get("tool", {}).get("dossier", {})
    except (OSError, UnicodeDecodeError) as error:
        raise InvalidInput([Problem(name, 1, 1, f"cannot be read as UTF-8 text: {error}")]) from None
    except tomllib.TOMLDecodeError as error:
        at = _TOML_AT.search(str(error))
        line, column = (int(at[1]), int(at[2])) if at else (1, 1)
        message = _TOML_AT.sub("", str(error)).strip()
        raise InvalidInput([Problem(name, line, column, f"not valid TOML: {message}")]) from None
    try:
        return Settings.model_validate(table)
    except ValidationError as error:
        document = _Document(name, Settings)
        for loc, (line, column) in _key_positions(text).items():
            document.keys[loc] = document.values[loc] = yaml.Mark(name, 0, line - 1, column - 1, None, None)
        problems = document.explain_all(error.errors())
        raise InvalidInput(sorted(problems, key=lambda p: (p.line, p.column))) from None


def _key_positions(text: str) -> dict[tuple[str, ...], tuple[int, int]]:
    """Where the [tool.dossier] table and each of its keys start (line, column)."""
    positions: dict[tuple[str, ...], tuple[int, int]] = {}
    inside = False
    for number, line in enumerate(text.splitlines(), 1):
        if _TOOL.match(line):
            inside, positions[()] = True, (number, 1)
        elif line.lstrip().startswith("["):
            inside = False
        elif inside and (key := re.match(r"\s*([A-Za-z0-9_-]+)\s*=", line)):
            positions[(key[1],)] = (number, key.start(1) + 1)
    return positions
