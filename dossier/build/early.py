"""Workers forked before the build has all a job needs: each prepares at once (imports its
renderer) while the build loads the theme and the brief, then receives its job, does it and
sends back the result.

A worker does one job and exits. It dies with the build (even a killed one) and leaves
Ctrl-C to it, as a pool's worker does; `stop` kills it.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable
from typing import Any

from .timelimit import die_with, held_fork, receive, send


class EarlyWorker:
    """A forked process that runs `prepare()` now and `work(*args)` once `start(*args)` sends them."""

    def __init__(self, prepare: Callable[[], None], work: Callable[..., Any]):
        job_read, self._job = os.pipe()
        self._result, result_write = os.pipe()
        parent = os.getpid()
        self.pid, mask = held_fork()
        if self.pid == 0:  # the worker: never returns
            os.close(self._job)
            os.close(self._result)
            _serve(parent, prepare, work, job_read, result_write, mask)
        os.close(job_read)
        os.close(result_write)

    def start(self, *args: Any) -> None:
        """Send the job's arguments; the worker starts on them once it has prepared."""
        send(self._job, args)
        os.close(self._job)
        self._job = -1

    def result(self) -> Any:
        """Wait for the job's return value (an error it raised is raised here)."""
        try:
            kind, value = receive(self._result)
        except EOFError:
            raise RuntimeError(f"a build worker stopped unexpectedly ({self._status()})") from None
        finally:
            os.close(self._result)
            self._result = -1
        self._status()
        if kind == "error":
            raise value
        return value

    def stop(self) -> None:
        """Kill the worker (its job's child dies with it) and wait until it is gone."""
        for fd in (self._job, self._result):
            if fd >= 0:
                os.close(fd)
        self._job = self._result = -1
        try:
            os.kill(self.pid, signal.SIGKILL)
            os.waitpid(self.pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass

    def _status(self) -> str:
        _, status = os.waitpid(self.pid, 0)
        return f"exit status {os.waitstatus_to_exitcode(status)}"


def _serve(parent: int, prepare, work, job: int, result: int, mask: set) -> None:
    code = 0
    try:
        die_with(parent)
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # the build stops its workers itself
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)  # the worker's own handlers set: let them come
        try:
            prepare()
        except Exception:  # noqa: BLE001 - the job meets the same error and reports it
            pass
        try:
            outcome: tuple = ("ok", work(*receive(job)))
        except Exception as error:  # noqa: BLE001 - raised again in the build
            outcome = ("error", error)
        send(result, outcome)
    except BaseException:  # noqa: BLE001 - the build sees no result and says so
        code = 1
    finally:
        os._exit(code)

