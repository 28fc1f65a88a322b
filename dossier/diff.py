"""`dossier diff OLD NEW`: what changed between two versions of a brief.

Each version is a file, or a `REV:path` git revision (`HEAD~1:data/x.yaml`) read with `git show`,
never by checking anything out (`load.versions`). Both are loaded by the normal loader and compared by
`model.changes.compare`; the changes are printed as text, Markdown (every text of the brief a code
span, for a job summary or a pull-request comment) or JSON. Exit 0 whether or not anything changed;
1, with a clear message, when a version cannot be read or does not load.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from .errors import DossierError, InvalidInput
from .load.versions import load_version
from .model.changes import Changes, compare, describe


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
