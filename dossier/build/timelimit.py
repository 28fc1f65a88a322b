"""Limits that hold even inside C code: each render runs in a forked child process.

The child gets an address-space limit (RLIMIT_AS) and is killed at its deadline, so
neither Pango stuck on a pathological paragraph nor a runaway allocation can hold a
worker. Where there is no fork (Windows), the render runs in-process under SIGALRM,
which stops Python code but not a long call into C.
"""

from __future__ import annotations

import os
import pickle
import select
import signal
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

try:
    import resource
except ImportError:  # Windows
    resource = None  # type: ignore[assignment]


class Expired(BaseException):
    """The render ran past its deadline and was stopped (a BaseException: no `except Exception` swallows it)."""


class OutOfMemory(Exception):
    """The render needed more memory than its limit, or died in a way that means so."""

    def __init__(self, limit_mb: int, signal_name: str | None = None):
        self.limit_mb, self.signal_name = limit_mb, signal_name
        super().__init__(limit_mb, signal_name)


class Failed(Exception):
    """The render raised an error; `problems` are its messages, made in the child."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__(problems)


Report = Callable[[object], None]
"""Called by a task to say it finished a step; its argument goes back to the parent."""


def run_limited(task: Callable[[Report], None], *, seconds: float, memory_mb: int | None,
                describe: Callable[[BaseException], list[str]],
                on_progress: Callable[[object], None] = lambda step: None) -> None:
    """Run `task(report)` in a child process with `memory_mb` of address space and `seconds` per step.

    Each `report(step)` the task makes restarts the clock and calls `on_progress(step)` here
    (unless `step` is None). Raises Expired, OutOfMemory, or Failed with `describe(error)` for
    an error the task raised.
    """
    if not hasattr(os, "fork"):
        _run_here(task, seconds, memory_mb, describe, on_progress)
        return
    read, write = os.pipe()
    parent = os.getpid()
    pid, mask = held_fork()
    if pid == 0:  # the child: never returns
        os.close(read)
        die_with(parent)
        _child(task, memory_mb, describe, write, mask)
    try:
        os.close(write)
        outcome, status = _wait(pid, read, seconds, on_progress)
    except BaseException:  # stopped (Ctrl-C, SIGTERM): the child goes first
        _kill(pid)
        raise
    finally:
        os.close(read)
    if outcome is None:
        if status is None:
            raise Expired
        signum = -os.waitstatus_to_exitcode(status)
        raise OutOfMemory(memory_mb or 0, signal.Signals(signum).name if signum > 0 else None)
    kind, problems = outcome
    if kind == "memory":
        raise OutOfMemory(memory_mb or 0)
    if kind == "failed":
        raise Failed(problems)


def _run_here(task, seconds, memory_mb, describe, on_progress) -> None:
    """Without fork: the task in this process, under SIGALRM (which C code may not heed)."""
    with time_limit(seconds):
        try:
            task(lambda step: step is not None and on_progress(step))
        except MemoryError:
            raise OutOfMemory(memory_mb or 0) from None
        except Exception as error:
            raise Failed(describe(error)) from None


def _child(task, memory_mb, describe, write: int, mask) -> None:
    """Set the memory limit, run the task, send back what happened, and exit without cleanup."""
    code = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # its own handlers set: let the signals come
        if memory_mb and resource is not None:
            _, hard = resource.getrlimit(resource.RLIMIT_AS)
            limit = memory_mb * 2**20
            resource.setrlimit(resource.RLIMIT_AS, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard))
        try:
            task(lambda step: send(write, ("step", step)))
            outcome: tuple = ("ok", [])
        except BaseException as error:  # noqa: BLE001 - everything goes back to the parent
            if memory_mb and resource is not None:  # lift the soft limit to the hard one: room to report
                _, hard = resource.getrlimit(resource.RLIMIT_AS)
                resource.setrlimit(resource.RLIMIT_AS, (hard, hard))
            outcome = ("memory", []) if _caused_by_memory(error) else \
                ("failed", [line[:2000] for line in describe(error)])
        send(write, outcome)
    except BaseException:  # noqa: BLE001 - the parent sees no outcome and reports a crash
        code = 1
    finally:
        os._exit(code)


def send(fd: int, message: object) -> None:
    """Write `message` to a pipe, pickled, after its length in 4 bytes (what `_wait` and `receive` read)."""
    data = pickle.dumps(message)
    data = len(data).to_bytes(4, "big") + data
    while data:
        data = data[os.write(fd, data):]


def receive(fd: int) -> Any:
    """The next message `send` wrote to a pipe, waiting for it; EOFError if the pipe closes first."""
    def exactly(size: int) -> bytes:
        chunks = []
        while size:
            chunk = os.read(fd, min(size, 1 << 20))
            if not chunk:
                raise EOFError
            chunks.append(chunk)
            size -= len(chunk)
        return b"".join(chunks)

    return pickle.loads(exactly(int.from_bytes(exactly(4), "big")))


STOPS = tuple(getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name))
"""The signals that stop a build (the CLI turns each into an exception)."""


def held_fork() -> tuple[int, set]:
    """`os.fork()` with the signals that stop a build held meanwhile, and the mask before: a handler of the
    build's that ran inside fork's own hooks (logging's, in the parent) would raise where Python ignores it,
    and the build would go on without its children. The parent gets a signal that came meanwhile as soon as
    this returns, and the child, which nobody else knows of yet, is killed first; the child restores the
    mask once its own handlers are set. (A mask holds for the calling thread: the build forks from its only one.)"""
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, STOPS)
    pid = os.fork()
    if pid:
        try:
            signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # runs the handler of a signal that came meanwhile
        except BaseException:
            _kill(pid)  # else it would go on, and write what the build's cleanup has already looked for
            raise
    return pid, mask


def die_with(parent: int) -> None:
    """Have the kernel kill this process when `parent` dies (Linux), so a killed build leaves nothing running."""
    try:
        import ctypes

        ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return  # not Linux: the child ends at its deadline at the latest
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _caused_by_memory(error: BaseException | None) -> bool:
    """Whether a MemoryError is anywhere in the chain (libraries often re-raise it as something else)."""
    seen = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, MemoryError):
            return True
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return False


def _wait(pid: int, read: int, seconds: float, on_progress) -> tuple[tuple | None, int | None]:
    """The child's outcome and exit status; (None, None) when it was killed at a deadline."""
    buffer, outcome = b"", None
    deadline = time.monotonic() + seconds
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([read], [], [], left)[0]:
            _kill(pid)
            return None, None
        chunk = os.read(read, 65536)
        if not chunk:
            break
        buffer += chunk
        while len(buffer) >= 4 and len(buffer) >= 4 + (size := int.from_bytes(buffer[:4], "big")):
            message, buffer = pickle.loads(buffer[4:4 + size]), buffer[4 + size:]
            if message[0] == "step":
                deadline = time.monotonic() + seconds
                if message[1] is not None:
                    on_progress(message[1])
            else:
                outcome = message
    _, status = os.waitpid(pid, 0)
    return outcome, status


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise `Expired` in the block after `seconds` (main thread only; elsewhere, no limit).

    The fallback where there is no fork. The alarm repeats every 0.2 s: one that lands in a
    garbage-collector callback or a `__del__` is swallowed there, and the next one stops the block.
    """
    if threading.current_thread() is not threading.main_thread() or not hasattr(signal, "SIGALRM"):
        yield
        return

    def expire(signum, frame):
        raise Expired

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 0.2)
    try:
        yield
    finally:
        _disarm(previous)


def _disarm(previous) -> None:
    """Stop the alarm, even if it fires while being stopped (the block is over by then)."""
    while True:
        try:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
            return
        except Expired:
            continue
