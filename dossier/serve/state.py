"""What the preview knows about each brief, and the subscribers told when it changes.

The renderer writes it (one thread), the HTTP handlers read it (many threads); a lock guards
both, and every change wakes the push channel's listeners with the brief's name.
"""

from __future__ import annotations

import queue
import threading
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import display_path

VIEWS = ("html", "pdf", "deck")


@dataclass
class View:
    """One rendering of a brief: its version (0 until the first succeeds) and whether an edit is
    waiting to reach it."""

    version: int = 0
    stale: bool = True
    detail: dict = field(default_factory=dict)
    """What the page needs to show it: the PDF's page count, the deck's outline and slide images."""


@dataclass
class Brief:
    """A brief being previewed."""

    source: Path
    name: str
    meta: dict = field(default_factory=dict)
    """Title, kind, date and language, from the last brief that loaded."""
    problems: list[str] = field(default_factory=list)
    """The CLI's messages for the last save (file:line:col: …); empty when it rendered."""
    warnings: list[str] = field(default_factory=list)
    views: dict[str, View] = field(default_factory=lambda: {v: View() for v in VIEWS})

    def public(self) -> dict:
        """The state as the page reads it (JSON)."""
        return {"name": self.name, "meta": self.meta, "problems": self.problems, "warnings": self.warnings,
                "views": {k: {"version": v.version, "stale": v.stale, **v.detail} for k, v in self.views.items()}}

    @property
    def status(self) -> str:
        if self.problems:
            return f"{len(self.problems)} problem{'s' * (len(self.problems) > 1)}"
        if any(v.stale for v in self.views.values()):
            return "updating"
        return "up to date"


class Hub:
    """The briefs' state, and a queue per push-channel listener."""

    def __init__(self, briefs: list[Brief]):
        self.lock = threading.Lock()
        self.briefs = {b.name: b for b in briefs}
        self._listeners: set[queue.SimpleQueue] = set()

    def get(self, name: str) -> dict | None:
        with self.lock:
            brief = self.briefs.get(name)
            return brief.public() if brief else None

    def index(self) -> list[dict]:
        with self.lock:
            return [{"name": b.name, "source": display_path(b.source), "meta": dict(b.meta), "status": b.status}
                    for b in self.briefs.values()]

    def update(self, name: str, change) -> None:
        """Apply `change(brief)` under the lock, then tell every listener."""
        with self.lock:
            change(self.briefs[name])
            listeners = list(self._listeners)
        for listener in listeners:
            listener.put(name)

    def listen(self) -> queue.SimpleQueue:
        listener: queue.SimpleQueue = queue.SimpleQueue()
        with self.lock:
            self._listeners.add(listener)
        return listener

    def leave(self, listener: queue.SimpleQueue) -> None:
        with self.lock:
            self._listeners.discard(listener)

    def close(self) -> None:
        """Wake every listener with None, so its connection ends."""
        with self.lock:
            listeners = list(self._listeners)
        for listener in listeners:
            listener.put(None)
