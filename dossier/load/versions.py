"""Earlier versions of a brief, read from git: `REV:path` for `dossier diff`, and the version a build
`--since REV` compares with.

Git is run with list arguments and no shell, and only to read (`git show`, `git rev-parse`,
`git cat-file`): nothing is checked out. A version is loaded by the normal loader from a temporary
folder, with the CSV files and pictures it names as that revision has them; its problems are named
by `REV:path`.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path, PurePosixPath
from typing import Any

from ..errors import DossierError, InvalidInput, Problem, display_path
from ..model.brief import Brief
from ..model.changes import Changes, Since, compare

GIT_TIMEOUT = 60
"""The seconds one git command may take."""


class VersionError(DossierError):
    """A version cannot be read: a missing revision or path, no git."""


@dataclasses.dataclass(frozen=True)
class Revision:
    """A git revision as the person named it, the commit it is, and that commit's day."""

    name: str
    commit: str
    date: dt.date


def is_revision(spec: str) -> bool:
    """Whether `spec` names a git revision (`REV:path`) rather than a file: it has a ':' after a
    non-empty revision and is no existing file (a Windows drive letter is a file)."""
    rev, sep, _ = spec.partition(":")
    return bool(sep and rev) and not Path(spec).exists() and not (len(rev) == 1 and rev.isalpha())


def _git(args: list[str], what: str, cwd: Path | None = None) -> subprocess.CompletedProcess[bytes]:
    """Run `git ARGS` (no shell, no input); raise `VersionError` naming `what` when git is missing or slow."""
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, timeout=GIT_TIMEOUT,
                              stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise VersionError(f"{what}: git is not installed, so a revision cannot be read") from None
    except subprocess.TimeoutExpired:
        raise VersionError(f"{what}: git took longer than {GIT_TIMEOUT} s") from None


def _said(done: subprocess.CompletedProcess[bytes]) -> str:
    """What git said went wrong, in one line."""
    said = done.stderr.decode("utf-8", "replace").strip().splitlines()
    return said[0].removeprefix("fatal: ") if said else f"git exited with {done.returncode}"


def _checked_name(rev: str, what: str) -> None:
    if not rev or rev.startswith("-"):
        raise VersionError(f"{what}: '{rev}' is not a revision")


def revision(name: str, cwd: Path | None = None) -> Revision:
    """The commit `name` is (a branch, a tag, HEAD~1, an id) and its day, in the repository at `cwd`."""
    _checked_name(name, f"--since {name}")
    done = _git(["show", "-s", "--format=%H %cs", f"{name}^{{commit}}", "--"], f"--since {name}", cwd)
    if done.returncode:
        said = _said(done).replace(f"{name}^{{commit}}", name)
        if said.startswith("not a git repository"):
            raise VersionError(f"--since {name}: this project is in no git repository, so it has no revision to "
                               "compare with; build without --since, or in a clone of the repository")
        raise VersionError(f"--since {name}: not a revision of this git repository ({said}); "
                           "name a branch, a tag or a commit, e.g. --since HEAD~1")
    commit, day = done.stdout.decode().split()
    return Revision(name, commit, dt.date.fromisoformat(day))


def git_show(spec: str, cwd: Path | None = None) -> str:
    """The text of `REV:path` in the git repository at `cwd`, by `git show`."""
    try:
        return _git_bytes(spec, cwd).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise VersionError(f"{spec}: is not UTF-8 text") from None


def _git_bytes(spec: str, cwd: Path | None = None) -> bytes:
    rev, _, path = spec.partition(":")
    if not path:
        raise VersionError(f"{spec}: name a file after the revision, e.g. {rev}:data/brief.yaml")
    _checked_name(rev, spec)
    done = _git(["show", f"{rev}:{path}", "--"], spec, cwd)
    if done.returncode:
        raise VersionError(f"{spec}: cannot be read from git: {_said(done)}")
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


def _beside(rev: str, path: str, text: str, folder: Path, cwd: Path | None) -> None:
    """Copy into `folder` the files the revision's brief names beside it (CSV, pictures), each as that
    revision has it; a plain relative path only. One that is missing is left for the loader to report."""
    import yaml

    from . import MAX_BYTES, _Loader  # the loader's YAML: no implicit types, no aliases

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
            content = _git_bytes(f"{rev}:{PurePosixPath(path).parent / relative}", cwd)
        except VersionError:
            continue
        target = folder / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)


def load_version(spec: str, cwd: Path | None = None) -> Brief:
    """One version: a file loaded as `dossier build` loads it, or a revision's text (`REV:path`, in the
    repository at `cwd`) loaded the same way. Raises `InvalidInput` or `VersionError`."""
    from . import load

    if not is_revision(spec):
        if not Path(spec).exists():
            raise VersionError(f"{spec}: no such file (a git revision is written REV:path, e.g. HEAD:{spec})")
        return load(spec)
    return _load_text(spec, git_show(spec, cwd), cwd)


def _load_text(spec: str, text: str, cwd: Path | None) -> Brief:
    from . import load

    rev, _, inside = spec.partition(":")
    with tempfile.TemporaryDirectory(prefix="dossier-diff-") as folder:
        path = Path(folder) / PurePosixPath(inside).name
        path.write_text(text, encoding="utf-8")
        _beside(rev, inside, text, Path(folder), cwd)
        try:
            return load(path)
        except InvalidInput as error:  # named as the revision has them, not by the temporary folder
            named = [dataclasses.replace(p, file=_named(p.file, Path(folder), rev, inside),
                                         message=_unnamed(p.message, Path(folder), rev, inside))
                     for p in error.problems]
            raise InvalidInput(named) from None


def _unnamed(message: str, folder: Path, rev: str, inside: str) -> str:
    """A message with the temporary folder written as the revision's folder: 'HEAD:data/'."""
    shown = f"{rev}:{PurePosixPath(inside).parent.as_posix()}/".replace(":./", ":")
    for written in (f"{folder}/", f"{display_path(folder)}/", f"{folder.name}/"):
        message = message.replace(written, shown)
    return message


def _named(file: str, folder: Path, rev: str, inside: str) -> str:
    """A problem's file as the person knows it: `REV:path` for the brief and the files beside it."""
    try:
        relative = Path(file).resolve().relative_to(folder.resolve())
    except ValueError:
        return file
    return f"{rev}:{(PurePosixPath(inside).parent / relative.as_posix()).as_posix()}"


def since(brief: Brief, source: Path, rev: Revision, warnings: list[Problem] | None = None) -> Since:
    """What changed in `brief` (loaded from `source`) since the version of it at `rev`: nothing earlier
    when that commit has no such file. Raises `VersionError`. When that version does not load, its problems
    (named `REV:path`) and what that means go into `warnings`, and the section says it cannot tell (a pull
    request may fix a brief that was broken); without `warnings`, they are raised as `InvalidInput`."""
    folder = source.resolve().parent
    done = _git(["rev-parse", "--show-toplevel"], display_path(source), folder)
    if done.returncode:
        raise VersionError(f"--since {rev.name} needs the brief in a git repository, and this one is in none; "
                           "build it without --since, or commit it to one")
    top = Path(done.stdout.decode().strip()).resolve()
    inside = source.resolve().relative_to(top).as_posix()
    spec = f"{rev.commit}:{inside}"
    if _git(["cat-file", "-e", spec], spec, top).returncode:
        return Since(rev.name, rev.commit, rev.date, None, Changes())
    text = git_show(spec, top)
    try:
        old = _load_text(spec, text, top)
    except InvalidInput as error:  # named by the revision as the person wrote it
        named = [dataclasses.replace(p, file=p.file.replace(rev.commit, rev.name, 1),
                                     message=p.message.replace(rev.commit, rev.name)) for p in error.problems]
        why = (f"--since {rev.name}: the brief's version at {rev.name} does not load (see above), so its changes "
               "section says only that; name a revision whose version loads to see what changed")
        found = [*named, Problem(display_path(source), 1, 1, why)]
        if warnings is None:
            raise InvalidInput(found) from None
        warnings += found
        return Since(rev.name, rev.commit, rev.date, hashlib.sha256(text.encode()).hexdigest(), Changes(), loads=False)
    return Since(rev.name, rev.commit, rev.date, hashlib.sha256(text.encode()).hexdigest(), compare(old, brief))
