"""A project's own templates over Dossier's: file by file, a missing one falls back to Dossier's.

The renderers read one templates folder, `dossier.TEMPLATES`. When a project has a
templates folder of its own, `use` merges it over Dossier's into a private temporary
folder and points `dossier.TEMPLATES` there, before the renderers are imported.
"""

from __future__ import annotations

import atexit
import shutil
import sys
import tempfile
from pathlib import Path

import dossier

from ..errors import ORIGINS, TemplateError
from ..load.files import hidden

_merged: Path | None = None


def use(templates: Path | None, data: Path) -> Path:
    """Render with `templates` merged over Dossier's own (or Dossier's alone) and `data`; return the folder used."""
    packaged = dossier.PACKAGED_TEMPLATES
    own = templates if templates and templates.is_dir() and templates.resolve() != packaged.resolve() else None
    folder = merge(own, packaged) if own and _files(own) else packaged
    theme = sys.modules.get("dossier.style.theme")
    if theme is not None and getattr(theme, "TEMPLATES", folder) != folder:
        raise TemplateError("the templates folder cannot change after rendering has started in this process")
    dossier.TEMPLATES, dossier.DATA = folder, data.resolve()
    return folder


def refresh(templates: Path | None) -> None:
    """Merge again after an edit (watch mode), into the same folder."""
    if _merged is not None and templates is not None:
        merge(templates, dossier.PACKAGED_TEMPLATES)


def merge(own: Path, packaged: Path) -> Path:
    """Dossier's templates with the project's files copied over them, in this process's own folder."""
    global _merged
    if _merged is None:
        _merged = Path(tempfile.mkdtemp(prefix="dossier-")) / "templates"
        atexit.register(shutil.rmtree, _merged.parent, ignore_errors=True)
    shutil.rmtree(_merged, ignore_errors=True)
    try:
        shutil.copytree(packaged, _merged)
        origins = {name: packaged / name for name in _files(packaged)}
        for name, path in _files(own).items():
            (_merged / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(path, _merged / name)
            origins[name] = path
    except OSError as error:
        raise TemplateError(f"cannot use the templates in {own}: {error.strerror or error}") from error
    merged = _merged.resolve()
    ORIGINS.clear()  # messages name these files, not the merged copies (see `display_path`)
    ORIGINS.update({merged / name: origin for name, origin in origins.items()})
    return _merged


def _files(folder: Path) -> dict[Path, Path]:
    """The regular files under `folder` (no links, nothing hidden), by their path relative to it."""
    inside = folder.resolve()
    return {p.relative_to(folder): p for p in sorted(folder.rglob("*"))
            if p.is_file() and not p.is_symlink() and p.resolve().is_relative_to(inside)
            and not hidden(p.relative_to(folder))}
