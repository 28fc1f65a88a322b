"""`dossier diff OLD NEW`: what changed between two versions of a brief.

Each version is a file, or a `REV:path` git revision (`HEAD~1:data/x.yaml`) read with `git show`,
never by checking anything out. Both are loaded by the normal loader and compared by
`model.changes.compare`; the changes are printed as text, Markdown (every text of the brief a code
span, for a job summary or a pull-request comment) or JSON. Exit 0 whether or not anything changed;
1, with a clear message, when a version cannot be read or does not load.
"""

from __future__ import annotations

import dataclasses
import json
import subprocess
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from .errors import DossierError, InvalidInput
from .model.brief import Brief
from .model.changes import Changes, compare, describe

GIT_TIMEOUT = 60
"""The seconds `git show` may take."""


class VersionError(DossierError):
    """A version cannot be read: a missing revision or path, no git."""


def is_revision(spec: str) -> bool:
    """Whether `spec` names a git revision (`REV:path`) rather than a file: it has a ':' after a
    non-empty revision and is no existing file (a Windows drive letter is a file)."""
    rev, sep, _ = spec.partition(":")
    return bool(sep and rev) and not Path(spec).exists() and not (len(rev) == 1 and rev.isalpha())


def git_show(spec: str, cwd: Path | None = None) -> str:
    """The text of `REV:path` in the git repository here, by `git show` (list arguments, no shell)."""
    try:
        return _git_bytes(spec, cwd).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise VersionError(f"{spec}: is not UTF-8 text") from None


def _git_bytes(spec: str, cwd: Path | None = None) -> bytes:
    rev, _, path = spec.partition(":")
    if not path:
        raise VersionError(f"{spec}: name a file after the revision, e.g. {rev}:data/brief.yaml")
    if rev.startswith("-"):
        raise VersionError(f"{spec}: '{rev}' is not a revision")
    try:
        done = subprocess.run(["git", "show", f"{rev}:{path}", "--"], cwd=cwd, capture_output=True,
                              timeout=GIT_TIMEOUT, stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise VersionError(f"{spec}: git is not installed, so a revision cannot be read") from None
    except subprocess.TimeoutExpired:
        raise VersionError(f"{spec}: git show took longer than {GIT_TIMEOUT} s") from None
    if done.returncode:
        said = done.stderr.decode("utf-8", "replace").strip().splitlines()
        reason = said[0].removeprefix("fatal: ") if said else f"git show exited with {done.returncode}"
        raise VersionError(f"{spec}: cannot be read from git: {reason}")
    return done.stdout


def _files(data: Any) -> Iterator[str]:
    """The files a brief's data names beside it: its figures' `csv:`, its pictures, its logo."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key in ("csv", "picture") and isinstance(value, str):
                yield value
            elif key == "logo" and isinstance(value, dict) and isinstance(value.get("src"), str):
                yield value["src"]
            else:
                yield from _files(value)
    elif isinstance(data, list):
        for item in data:
            yield from _files(item)


def _beside(rev: str, path: str, text: str, folder: Path) -> None:
    """Copy into `folder` the files the revision's brief names beside it (CSV, pictures), each as that
    revision has it; a plain relative path only. One that is missing is left for the loader to report."""
    import yaml

    from .load import _Loader, MAX_BYTES  # the loader's YAML: no implicit types, no aliases

    if len(text.encode("utf-8")) > MAX_BYTES:
        return  # the loader refuses it
    try:
        data = yaml.load(text, Loader=_Loader)  # noqa: S506 - a safe loader
    except (yaml.YAMLError, RecursionError, ValueError):
        return  # the loader reports it
    for name in dict.fromkeys(_files(data)):
        relative = PurePosixPath(name.replace("\\", "/"))
        if relative.is_absolute() or ".." in relative.parts or ":" in name or not relative.parts:
            continue
        try:
            content = _git_bytes(f"{rev}:{PurePosixPath(path).parent / relative}")
        except VersionError:
            continue
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def load_version(spec: str) -> Brief:
    """One version: a file loaded as `dossier build` loads it, or a revision's text loaded the same
    way from a temporary folder, with the CSV files and pictures it names as that revision has them (its
    problems named by `REV:path`). Raises `InvalidInput` or `VersionError`."""
    from .load import load

    if not is_revision(spec):
        if not Path(spec).exists():
            raise VersionError(f"{spec}: no such file (a git revision is written REV:path, e.g. HEAD:{spec})")
        return load(spec)
    text = git_show(spec)
    rev, _, inside = spec.partition(":")
    with tempfile.TemporaryDirectory(prefix="dossier-diff-") as folder:
        path = Path(folder) / PurePosixPath(inside).name
        path.write_text(text, encoding="utf-8")
        _beside(rev, inside, text, Path(folder))
        try:
            return load(path)
        except InvalidInput as error:
            named = [dataclasses.replace(p, file=_named(p.file, Path(folder), rev, inside)) for p in error.problems]
            raise InvalidInput(named) from None


def _named(file: str, folder: Path, rev: str, inside: str) -> str:
    """A problem's file as the person knows it: `REV:path` for the brief and the files beside it."""
    try:
        relative = Path(file).resolve().relative_to(folder.resolve())
    except ValueError:
        return file
    return f"{rev}:{(PurePosixPath(inside).parent / relative.as_posix()).as_posix()}"


def markdown(changes: Changes, old: str, new: str, code: Callable[[str], str]) -> str:
    """The changes as Markdown for a job summary: a heading, then a list per kind; every text from the
    brief or the command line is a code span (`code`), so none becomes a link, a mention or HTML."""
    head = f"### Dossier: changes from {code(old)} to {code(new)}\n\n"
    if not changes:
        return head + "No changes.\n"
    out = []
    for kind, found in changes.by_kind().items():
        out.append(f"**{kind.capitalize()}** ({len(found)})\n")
        out += [f"- {describe(c, code)}" for c in found]
        out.append("")
    return head + "\n".join(out)


def diff(old: str, new: str, form: str, code: Callable[[str], str], problem: Callable[[str], None],
         error: Callable[[str], None]) -> int:
    """Print what changed from `old` to `new` in `form` (text, md, json); the exit code."""
    briefs = []
    for spec in (old, new):
        try:
            briefs.append(load_version(spec))
        except InvalidInput as failed:
            for p in failed.problems:
                problem(str(p))
            error(f"{spec}: does not load, so the versions cannot be compared")
            return 1
        except DossierError as failed:
            error(str(failed))
            return 1
    changes = compare(*briefs)
    if form == "json":
        print(json.dumps({"old": old, "new": new, **changes.to_dict()}, ensure_ascii=False, indent=2))
    elif form == "md":
        print(markdown(changes, old, new, code), end="")
    else:
        print(f"Changes from {old} to {new}:\n{changes.to_plain()}")
    return 0
