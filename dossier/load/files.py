"""Files a brief names beside itself (a logo, a CSV file): the rules every one of them follows.

A brief reads only regular files inside its own folder, never a URL and never a hidden file
(`.git/config` holds the token a CI checkout leaves behind)."""

from __future__ import annotations

from pathlib import Path


def hidden(path: Path) -> bool:
    """Whether a relative path is, or lies under, a dot-file or dot-folder (.git, .env, .github…)."""
    return any(part.startswith(".") and part not in (".", "..") for part in path.parts)


class FileProblem(ValueError):
    """Why a file a brief names cannot be used, said for the person who wrote the brief."""


def local(src: str, folder: Path, max_bytes: int) -> Path:
    """The file's real path: not a URL, inside `folder`, a regular file of at most `max_bytes`."""
    if "://" in src or src.startswith("data:"):
        raise FileProblem(f"'{src}' is a URL; Dossier fetches nothing: put the file beside the brief "
                          "and give its name")
    folder = folder.resolve()
    path = (folder / src).resolve()
    if not path.is_relative_to(folder):
        raise FileProblem(f"'{src}' is outside the brief's folder ({folder.name}/); move the file there")
    if hidden(Path(src)):
        raise FileProblem(f"'{src}' is a hidden file or inside a hidden folder (such as .git); "
                          "Dossier reads no hidden file: move it out")
    if hidden(inside := path.relative_to(folder)):
        raise FileProblem(f"'{src}' leads to the hidden file '{inside}'; Dossier reads no hidden file")
    if not path.is_file():
        raise FileProblem(f"'{src}' does not exist or is not a regular file")
    if path.stat().st_size > max_bytes:
        raise FileProblem(f"'{src}' is larger than {max_bytes // 2**20} MB; make it smaller")
    return path
