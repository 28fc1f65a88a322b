"""Atomic writes that are safe in a folder others can write to.

An output is complete and new, or the previous one untouched. The temporary file
is created with O_EXCL under an unpredictable name (`tempfile.mkstemp`) beside
its target and written through the descriptor that created it, so a symlink
planted in the folder never redirects a write; a symlink at the target itself is
replaced, never followed. Outputs get the mode the umask allows, as any new file.
"""

from __future__ import annotations

import errno
import glob
import os
import re
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

_TMP_SUFFIX = ".dossier-tmp"
_PID = re.compile(r"\.(\d+)(?:-[a-z0-9_]+)?$")
"""The writer's process id in a temporary's name: `.<target>.<pid>-<random>.dossier-tmp`."""
_FD_FOLDER = Path("/proc/self/fd")
_owner: int | None = None
"""The process whose id names this process's temporaries (see `name_temporaries_for`)."""


def name_temporaries_for(pid: int) -> None:
    """Name this process's temporaries for process `pid`, a build whose child this is: when that
    build is killed (and this child with it), its next run sees them as left by a dead build."""
    global _owner
    _owner = pid


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a path to write `target`'s new content to; rename it into place if the block succeeds.

    The path names the temporary file's open descriptor (/proc/self/fd/N on Linux), so
    whatever happens to the temporary's name in the folder, the bytes go to the file
    this process created.
    """
    folder = target.parent
    folder.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=f".{target.name}.{_owner or os.getpid()}-", suffix=_TMP_SUFFIX, dir=folder)
    tmp = Path(name)
    try:
        yield _FD_FOLDER / str(fd) if _FD_FOLDER.is_dir() else tmp
        os.fchmod(fd, 0o666 & ~_umask())
        os.fsync(fd)
        if not os.path.samestat(os.fstat(fd), os.lstat(tmp)):
            raise OSError(f"the temporary file {tmp.name} was replaced by someone else; nothing written")
        os.replace(tmp, target)  # replaces a symlink at the target; never writes through it
    finally:
        os.close(fd)
        tmp.unlink(missing_ok=True)  # after a failure; unlink removes a link, never its target


def private_folder(folder: Path) -> Path:
    """`folder` as a real directory of this build: a symlink planted there is removed, not followed."""
    if folder.is_symlink():
        folder.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def remove_stale_temporaries(folder: Path, mine: bool = False) -> list[Path]:
    """Delete temporary files left by builds that were killed (and, if `mine`, by this one); return them."""
    removed = []
    records = folder / ".dossier"
    candidates = [*folder.glob(f".*{_TMP_SUFFIX}")]
    if records.is_dir() and not records.is_symlink():
        candidates += records.glob(f".*{_TMP_SUFFIX}")
    for tmp in candidates:
        match = _PID.search(tmp.name[: -len(_TMP_SUFFIX)])
        if match and (not _alive(pid := int(match.group(1))) or mine and pid == os.getpid()):
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


def remove_temporaries(target: Path, pid: int) -> None:
    """Delete the temporaries of `target` named for process `pid` (a child it stopped wrote them)."""
    for tmp in target.parent.glob(f".{glob.escape(target.name)}.{pid}-*{_TMP_SUFFIX}"):
        tmp.unlink(missing_ok=True)


def _umask() -> int:
    """The process's umask, read without changing it where the system allows."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError, IndexError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _alive(pid: int) -> bool:
    """Whether a process runs; a zombie (killed, not yet reaped by its new parent) does not."""
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return True
    return state not in ("Z", "X")


_REASONS = {
    errno.ENOSPC: "the disk is full; free some space and build again",
    errno.EDQUOT: "the disk quota is used up; free some space and build again",
    errno.EFBIG: "the file is larger than this system lets a process write",
    errno.EROFS: "the folder is read-only (a read-only file system); choose another output folder with --out",
    errno.EACCES: "permission denied; choose an output folder you may write to, with --out",
    errno.EPERM: "permission denied; choose an output folder you may write to, with --out",
}
WRITE_ERRORS = frozenset(_REASONS)
"""The errors that mean a file cannot be written where it should go, whatever the file."""


def reason(error: OSError) -> str:
    """Why a read or write failed, in words for people (no temporary or /proc path)."""
    return _REASONS.get(error.errno, error.strerror or str(error))


def unwritable(folder: Path) -> str | None:
    """Why nothing can be written into `folder` (made if missing), or None when it can."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        return reason(error)
    if not os.access(folder, os.W_OK | os.X_OK):
        try:  # access() says no: ask the file system why
            os.close(fd := os.open(folder, os.O_RDONLY))
            fd, name = tempfile.mkstemp(dir=folder, prefix=".probe.", suffix=_TMP_SUFFIX)
            os.close(fd)
            os.unlink(name)
        except OSError as error:
            return reason(error)
    return None
