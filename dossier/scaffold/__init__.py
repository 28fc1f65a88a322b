"""`dossier init`: the files of a new briefs repository, written without overwriting any.

The files themselves are in `files/`; the starter brief is `files/brief.yaml`.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

from ..errors import DossierError

ACTION = "OWNER/dossier@main"
"""How the new workflow names Dossier's GitHub Action: the repository that holds action.yml."""

LAYOUT = {
    "data/example.yaml": "brief.yaml",
    "dossier.yaml": "dossier.yaml",
    ".github/workflows/briefs.yml": "workflow.yml",
    ".gitignore": "gitignore",
    "README.md": "README.md",
}
"""Each file `init` writes → the file in `files/` it comes from."""


def starter(name: str) -> str:
    """The text of one scaffold file, by its name in `files/`."""
    text = files(__package__).joinpath("files", name).read_text(encoding="utf-8")
    return text.replace("@ACTION@", ACTION)


def init(folder: Path, generated: dict[str, str] | None = None) -> tuple[list[Path], list[Path]]:
    """Write the scaffold, and any `generated` files (name → text), into `folder`.

    Return the files written and those already there, which are left alone.
    """
    texts = {target: starter(name) for target, name in LAYOUT.items()} | (generated or {})
    written, kept = [], []
    for target, text in texts.items():
        path = folder / target
        if path.exists() or path.is_symlink():
            kept.append(path)
            continue
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            with path.open("x", encoding="utf-8") as file:  # "x": never overwrite
                file.write(text)
        except OSError as error:
            raise DossierError(f"cannot write {path}: {error.strerror or error}") from None
        written.append(path)
    return written, kept
