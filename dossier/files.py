"""Files a brief names beside itself (a logo, a CSV file): the rules every one of them follows."""

from __future__ import annotations

from pathlib import Path


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
    if not path.is_file():
        raise FileProblem(f"'{src}' does not exist or is not a regular file")
    if path.stat().st_size > max_bytes:
        raise FileProblem(f"'{src}' is larger than {max_bytes // 2**20} MB; make it smaller")
    return path
