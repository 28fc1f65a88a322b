"""Rebuild records: a target is up to date while nothing it was built from has changed.

Beside each target, `.dossier/<target>.json` keeps a digest of its inputs — the
data file, the files the brief names (its logo), every file under templates/,
Dossier's own code, the theme and master given, and the options that matter to
its format — and the list of the brief's own extra files, so a later check can
hash them again without loading the brief. The digests recorded are those taken
before the files were loaded (`Snapshot`), so an edit made during a build is
rebuilt by the next one.
"""

from __future__ import annotations

import hashlib
import json
from functools import cache
from pathlib import Path

import dossier

from .. import __version__
from .write import atomic_path, private_folder

FOLDER = ".dossier"


class Snapshot:
    """Digests of input files, each taken before the file is read for a build.

    A record made from a snapshot describes at most what was loaded: a file edited
    after its digest was taken no longer matches, and its target is rebuilt next time.
    """

    def __init__(self) -> None:
        self.digests: dict[str, str] = {}

    def take(self, *paths: Path) -> None:
        """Hash these files now, unless already hashed."""
        for path in paths:
            if str(path) not in self.digests:
                self.digests[str(path)] = file_digest(path)

    def digest(self, path: Path) -> str:
        """The digest taken for `path`, or taken now."""
        self.take(path)
        return self.digests[str(path)]


def up_to_date(target: Path, source: Path, settings: dict) -> bool:
    """Whether `target` exists and was built from exactly these inputs."""
    try:
        if (target.parent / FOLDER).is_symlink():
            return False  # not ours: `record` replaces it
        record = json.loads(record_path(target).read_text(encoding="utf-8"))
        code = record["code"][1] if record.get("code", [None])[0] == _code_signature() else _dossier_digest()
        return target.is_file() and record["key"] == key(source, settings, record["inputs"], code)
    except (OSError, ValueError, KeyError, TypeError, IndexError):
        return False


def record(target: Path, source: Path, settings: dict, inputs: list[str], snapshot: Snapshot,
           since: dict | None = None) -> None:
    """Remember what `target` was built from: the digests in `snapshot`, taken before the files were loaded,
    the digest of Dossier's code with the signature it had (taken first), and (`since`) the earlier
    version the brief was compared with."""
    private_folder(target.parent / FOLDER)
    signature, code = _code_signature(), _dossier_digest()
    kept = {"key": key(source, settings, inputs, code, snapshot), "inputs": inputs, "code": [signature, code]}
    with atomic_path(record_path(target)) as tmp:
        tmp.write_text(json.dumps(kept | ({"since": since} if since else {})), encoding="utf-8")


def key(source: Path, settings: dict, inputs: list[str], code: str, snapshot: Snapshot | None = None) -> str:
    """A digest of everything a target depends on; `settings` holds the options and files that matter to it,
    `code` is the digest of Dossier's code and templates."""
    snapshot = snapshot or Snapshot()
    digest = hashlib.sha256(code.encode())
    digest.update(json.dumps({k: str(v) for k, v in settings.items()}, sort_keys=True).encode())
    for path in [source, *(v for v in settings.values() if isinstance(v, Path)), *map(Path, inputs)]:
        digest.update(str(path).encode() + b"\0" + snapshot.digest(path).encode())
    return digest.hexdigest()


def file_digest(path: Path) -> str:
    """The SHA-256 of a file, read in chunks (a large file is never held in memory)."""
    with open(path, "rb") as file:
        return hashlib.file_digest(file, "sha256").hexdigest()


@cache
def _dossier_digest() -> str:
    """One digest of Dossier's version, its code and every template, font and theme file."""
    digest = hashlib.sha256(__version__.encode())
    for path, name in _code_files():
        digest.update(str(name).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


@cache
def _code_signature() -> str:
    """The names, sizes and modification times of Dossier's code and template files.

    While a record's signature is this one, the code digest it keeps still holds and the
    files need not be read again (a no-op build saves ~10 ms). A fresh clone has new times,
    so its first check reads the files, finds the same digest and rebuilds nothing.
    """
    stats = [(str(name), *((s := path.stat()).st_size, s.st_mtime_ns)) for path, name in _code_files()]
    return hashlib.sha256(json.dumps([__version__, stats]).encode()).hexdigest()


def _code_files() -> list[tuple[Path, Path]]:
    """Dossier's code and template files, with their names inside the package, in name order."""
    package, templates = Path(dossier.__file__).resolve().parent, dossier.TEMPLATES
    files = [*((p, p.relative_to(package)) for p in package.rglob("*.py")),
             *((p, p.relative_to(templates)) for p in templates.rglob("*") if p.is_file())]
    return sorted(files, key=lambda f: str(f[1]))


def remember_code() -> None:
    """Read Dossier's code and templates now, for the records of every process forked from this one."""
    _code_signature(), _dossier_digest()


def forget_templates() -> None:
    """Hash Dossier's templates and code again at the next check (after an edit, in watch mode)."""
    _dossier_digest.cache_clear()
    _code_signature.cache_clear()


def record_path(target: Path) -> Path:
    """Where the record of `target` is kept."""
    return target.parent / FOLDER / f"{target.name}.json"
