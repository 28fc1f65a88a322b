"""Load a brief: its YAML read safely and validated into the model, every problem at its file:line:col.

The reader (`reader`: `load`, `canonical`, `load_model`…) is imported on first use, so that what needs
only a small part of this package (the project's `files.hidden`) does not import the model with it:
a no-op build decides what is up to date without pydantic.
"""

from __future__ import annotations

import importlib
from typing import Any


def __getattr__(name: str) -> Any:
    if name.startswith("__") or name == "reader":  # asked by the import system while `reader` is loading
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    reader = importlib.import_module(f"{__name__}.reader")
    try:
        return getattr(reader, name)
    except AttributeError:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}") from None
