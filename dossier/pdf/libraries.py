"""WeasyPrint's system libraries, found without ~54 compiler and linker processes.

While WeasyPrint is imported, cffi asks `ctypes.util.find_library` about each alias of each
library it loads (`libgobject-2.0-0`, `gobject-2.0`, …); on Linux every alias that is not a
file name runs ldconfig, then gcc and ld. Here the linker cache is listed once and each
question is answered from that list, as find_library's own first step would answer it.
An alias the cache does not know gets no answer, and WeasyPrint tries its next one, down
to the library's file name (`libgobject-2.0.so.0`), which the dynamic linker loads directly.
Should the import fail all the same, it runs again with the normal lookup.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import struct
import subprocess
import sys
from collections.abc import Callable, Iterator

_ABI = {"x86_64-64": "libc6,x86-64", "ppc64-64": "libc6,64bit", "sparc64-64": "libc6,64bit",
        "s390x-64": "libc6,64bit", "ia64-64": "libc6,IA-64"}
"""ctypes.util's names for the ABI of this machine's libraries in `ldconfig -p`."""


def import_weasyprint(shortcut: Callable[[], contextlib.AbstractContextManager] | None = None) -> None:
    """Import WeasyPrint with the `shortcut` lookup (the linker cache's); on an error, again without it."""
    try:
        with (shortcut or linker_cache_lookup)(), contextlib.redirect_stdout(io.StringIO()):
            import weasyprint  # noqa: F401
        return
    except (OSError, ImportError):  # WeasyPrint's banner about missing libraries went to the StringIO
        for name in [m for m in sys.modules if m == "weasyprint" or m.startswith("weasyprint.")]:
            del sys.modules[name]
    import weasyprint  # noqa: F401,F811 - the normal lookup, with its own messages


@contextlib.contextmanager
def linker_cache_lookup() -> Iterator[None]:
    """`ctypes.util.find_library` answers from one listing of the linker cache (Linux only)."""
    import ctypes.util

    listing = _listing() if sys.platform.startswith("linux") and not os.environ.get("LD_LIBRARY_PATH") else None
    if listing is None:  # another system, or libraries outside the cache: the normal lookup
        yield
        return
    original = ctypes.util.find_library
    ctypes.util.find_library = lambda name: find_in(listing, name)
    try:
        yield
    finally:
        ctypes.util.find_library = original


def find_in(listing: bytes, name: str) -> str | None:
    """The library `name` as find_library's linker-cache step finds it in `ldconfig -p`'s `listing`."""
    machine = os.uname().machine + ("-32" if struct.calcsize("l") == 4 else "-64")
    pattern = os.fsencode(r"\s+(lib%s\.[^\s]+)\s+\(%s" % (re.escape(name), _ABI.get(machine, "libc6")))
    found = re.search(pattern, listing)
    return os.fsdecode(found.group(1)) if found else None


def _listing() -> bytes | None:
    try:
        run = subprocess.run(["/sbin/ldconfig", "-p"], stdin=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                             stdout=subprocess.PIPE, env={"LC_ALL": "C", "LANG": "C"}, timeout=10, check=False)
    except (OSError, subprocess.SubprocessError):
        return None
    return run.stdout if run.returncode == 0 and run.stdout else None
