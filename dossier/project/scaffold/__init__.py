"""`dossier init`: the files of a new briefs repository, written without overwriting any.

The files themselves are in `files/`; the starter brief is `files/brief.yaml`. Nothing is
written through a symbolic link: a folder on the way down that is one is refused.
"""

from __future__ import annotations

import os
from importlib.resources import files
from pathlib import Path, PurePosixPath

from ... import __version__
from ...errors import DossierError

ACTION_REPOSITORY = "OWNER/dossier"
"""The repository that holds Dossier's action.yml."""
ACTION_COMMIT = "DOSSIER-ACTION-COMMIT-SHA"
"""The full commit SHA of `ACTION_TAG` in `ACTION_REPOSITORY` (a placeholder until it is released)."""
ACTION_TAG = f"v{__version__}"
"""The release tag `ACTION_COMMIT` is, named beside the pin."""
ACTION = f"{ACTION_REPOSITORY}@{ACTION_COMMIT} # {ACTION_TAG}"
"""How the new workflow names Dossier's GitHub Action: pinned by commit, its tag in a comment."""

LAYOUT = {
    "data/example.yaml": "brief.yaml",
    "dossier.yaml": "dossier.yaml",
    ".github/workflows/briefs.yml": "workflow.yml",
    ".gitignore": "gitignore",
    "README.md": "README.md",
}
"""Each file `init` writes → the file in `files/` it comes from."""

_FOLDER = os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW
_NEW_FILE = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW  # never overwrite, never follow


def starter(name: str) -> str:
    """The text of one scaffold file, by its name in `files/`."""
    text = files(__package__).joinpath("files", name).read_text(encoding="utf-8")
    return text.replace("@ACTION@", ACTION)


def init(folder: Path, generated: dict[str, str] | None = None) -> tuple[list[Path], list[Path]]:
    """Write the scaffold, and any `generated` files (name → text), into `folder`.

    Return the files written and those already there, which are left alone. A symbolic
    link among the folders below `folder` is refused before anything is written.
    """
    texts = {target: starter(name) for target, name in LAYOUT.items()} | (generated or {})
    links = sorted({link for target in texts if (link := _linked_folder(folder, target))})
    if links:
        raise DossierError("; ".join(f"{link} is a symbolic link" for link in links) +
                           f": init writes only into real folders inside {folder}, so it wrote nothing; "
                           "remove the link, or start the project in another folder")
    written, kept = [], []
    for target, text in texts.items():
        path = folder / target
        try:
            if _write_new(folder, PurePosixPath(target), text):
                written.append(path)
            else:
                kept.append(path)
        except OSError as error:
            raise DossierError(f"cannot write {path}: {error.strerror or error}") from None
    return written, kept


def _linked_folder(folder: Path, target: str) -> Path | None:
    """The first folder on the way from `folder` to `target` that is a symbolic link, if any."""
    path = folder
    for part in PurePosixPath(target).parent.parts:
        path = path / part
        if path.is_symlink():
            return path
    return None


def _write_new(folder: Path, target: PurePosixPath, text: str) -> bool:
    """Create `target` under `folder` with `text`; False if it exists already.

    Each folder is opened relative to the one above it without following a link, so a link
    planted while init runs stops it instead of leading it elsewhere.
    """
    folder.mkdir(parents=True, exist_ok=True)
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        for part in target.parent.parts:
            try:
                os.mkdir(part, dir_fd=fd)
            except FileExistsError:
                pass
            below = os.open(part, _FOLDER, dir_fd=fd)  # ELOOP on a link, ENOTDIR on a file
            os.close(fd)
            fd = below
        try:
            out = os.open(target.name, _NEW_FILE, 0o666, dir_fd=fd)
        except FileExistsError:
            return False
        with open(out, "w", encoding="utf-8") as file:
            file.write(text)
        return True
    finally:
        os.close(fd)
