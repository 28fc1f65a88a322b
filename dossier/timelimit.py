"""A time limit for rendering, by SIGALRM in the process's main thread."""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager


class Expired(BaseException):
    """Raised by the alarm; a BaseException so that no library's `except Exception` swallows it."""


@contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Raise `Expired` in the block after `seconds` (main thread only; elsewhere, no limit).

    The alarm repeats every 0.2 s: one that lands in a garbage-collector callback or a
    `__del__` is swallowed there, and the next one stops the block.
    """
    if threading.current_thread() is not threading.main_thread():
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
