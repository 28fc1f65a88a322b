"""PyYAML's syntax errors in plain words: where the mistake is, and what to write instead."""

from __future__ import annotations

import re
from dataclasses import dataclass

import yaml

_KEY = re.compile(r"""(?P<indent> *)(?P<dashes>(?:-[ \t]+)*)"""
                  r"""(?P<key>"[^"]*"|'[^']*'|[^\s#'"\[\]{},:-][^#]*?):(?:[ \t]|$)""")
"""A line that starts a field, after any list dashes: '  - title: …'."""
_ITEM = re.compile(r"(?P<indent> *)-(?:[ \t]|$)")
_BLOCK_SCALAR = re.compile(r"(?::|-)[ \t]+[|>][+-]?[0-9]?[ \t]*(?:#.*)?$")
_NO_SPACE = re.compile(r" *(?:-[ \t]+)*([A-Za-z_][\w-]*):[^\s:/]")
_FIELD_NAME = re.compile(r"[a-z_][a-z0-9_]*")
_BREAK = re.compile("\r\n|[\r\n\x85\u2028\u2029]")


@dataclass(frozen=True)
class Anchor:
    """A place on an earlier line where a field or a list item starts: a column a new line may line up with."""

    line: int  # 0-based
    column: int
    label: str  # 'title:' or '- '


def explain(error: yaml.MarkedYAMLError, text: str) -> tuple[int, int, str]:
    """The 1-based line and column of a syntax error, and a message a person can act on."""
    lines = _BREAK.split(text) + [""]  # as YAML counts lines; a mark may stand just past the end
    mark = error.problem_mark or error.context_mark
    at = (mark.line, mark.column) if mark else (0, 0)
    problem, context = error.problem or str(error), error.context or ""
    start = (error.context_mark.line, error.context_mark.column) if error.context_mark else at
    tab = _leading_tab(lines, at[0])
    if tab is not None:
        return _one_based(at[0], tab, "this line is indented with a tab; YAML indents with spaces only: "
                                      "replace the tab with spaces")
    if "end of stream" in problem and "quoted" in context:
        quote = _char(lines, start)
        return _one_based(*start, f"the quote {quote} opened here is never closed; add a closing {quote} "
                                  "at the end of the text")
    if context.startswith("while parsing a flow"):
        return _flow(lines, at, start, problem)
    if problem.startswith("found character '\\t'"):
        return _one_based(*at, "a tab stands where YAML needs a space; replace the tab with a space")
    if (found := re.match(r"found character '(.)' that cannot start any token", problem)):
        return _one_based(*at, f"text cannot start with '{found[1]}' unless it is in quotes; "
                               f"quote it: {_requoted(lines[at[0]], at[1])}")
    if problem.startswith("mapping values are not allowed"):
        return _colon(lines, at)
    if (found := re.match(r"expected <block end>, but found '(.*)'", problem)):
        return _block_end(lines, at, found[1])
    if problem.startswith("expected '<document start>'"):
        return _outdented(lines, at)
    if (found := re.match(r"expected the node content, but found '([,\]}])'", problem)):
        return _one_based(*at, f"text cannot start with '{found[1]}' unless it is in quotes; "
                               f"quote it: {_requoted(lines[at[0]], at[1])}")
    if problem.startswith("sequence entries are not allowed"):
        key = _KEY.match(lines[at[0]])
        field = f"'{key['key']}:'" if key else "its field"
        return _one_based(*at, f"a list cannot start on the same line as {field}; put each '- ' item on a "
                               f"line of its own, indented under {field}")
    if "directive" in context:
        return _one_based(*start, "'%' at the start of a line begins a YAML directive, which a brief does not use; "
                                  "delete it, or put the text in quotes")
    if "block scalar" in context:
        return _one_based(*at, "after '|' or '>' the text starts on the next line, indented more than its "
                               "field; move the text there")
    if "an anchor" in context or "an alias" in context:
        return _one_based(*start, f"'{_char(lines, start)}' starts a YAML anchor or alias, which a brief does not "
                                  f"use; put the text in quotes: {_requoted(lines[start[0]], start[1])}")
    if problem.startswith("could not find expected ':'") and "simple key" in context:
        if (glued := _NO_SPACE.match(lines[start[0]])):
            return _glued(lines, start[0], glued, start[0] + 1)
        word = lines[start[0]].strip()
        return _one_based(*start, f"'{_short(word)}' is neither a field ('name: value') nor a list item "
                                  "('- …'); if it continues the text above, indent it more than that "
                                  "text's field, or put the whole text in quotes")
    if "another document" in problem:
        return _one_based(*at, "'---' starts a second document, but a brief is one document; delete this "
                               "line, and put another brief in a file of its own")
    if (found := re.match(r"found unknown escape character '(.*)'", problem)):
        return _one_based(*at, f"in double quotes a backslash starts an escape, and '\\{found[1]}' is not one; "
                               "write the backslash twice (\\\\), or use single quotes")
    if problem.startswith("aliases"):
        return _one_based(*at, problem)
    where = f" that starts at line {start[0] + 1}, column {start[1] + 1}" if error.context_mark else ""
    return _one_based(*at, f"not valid YAML: {problem}" + (f" ({context}{where})" if context else ""))


def _one_based(line: int, column: int, message: str) -> tuple[int, int, str]:
    return line + 1, column + 1, message


def _flow(lines: list[str], at: tuple[int, int], start: tuple[int, int], problem: str) -> tuple[int, int, str]:
    """A mistake inside [ … ] or { … }: a bracket left open, or a ':' in an item's text."""
    opener = _char(lines, start)
    if opener not in "[{":
        return _one_based(*at, f"not valid YAML: {problem}")
    closer = "]" if opener == "[" else "}"
    if "<stream end>" in problem or at[0] > start[0]:
        return _one_based(*start, f"the '{opener}' opened here is never closed; add '{closer}' after the last item")
    if "got ':'" in problem:
        line = lines[at[0]]
        left = max(line.rfind(",", 0, at[1]), line.rfind(opener, 0, at[1])) + 1
        right = min((i for i in (line.find(",", at[1]), line.find(closer, at[1])) if i >= 0), default=len(line))
        item = line[left:right].strip()
        if opener == "{" and ": " in item:  # a field whose value holds ': '
            name, value = item.split(": ", 1)
            return _one_based(*at, f"the text after '{name}:' contains ': '; put it in quotes: {name}: "
                                   f"{quoted(value.strip())}")
        return _one_based(*at, f"an item inside '{opener}…{closer}' contains ': '; put that item in quotes: "
                               f"{quoted(item)}")
    return _one_based(*at, f"this '{opener}…{closer}' cannot be read; separate its items with ', ' and put any "
                           "text that holds ',', ':', brackets or braces in quotes")


def _colon(lines: list[str], at: tuple[int, int]) -> tuple[int, int, str]:
    """'mapping values are not allowed here': a misplaced line, a missing space after ':', or ': ' in text."""
    row, line = at[0], lines[at[0]]
    previous = _previous(lines, row)
    if previous is not None and (glued := _NO_SPACE.match(lines[previous])):
        return _glued(lines, previous, glued, row + 1)
    key = _KEY.match(line)
    if key and key.end("key") == at[1]:  # the line's own field is misplaced
        return _misplaced(lines, row)
    return _one_based(*at, f"{_whose(key)} contains ': ', which YAML reads as the start of a field; "
                           f"put the text in quotes: {_requoted(line, at[1])}")


def _glued(lines: list[str], row: int, glued: re.Match, until: int) -> tuple[int, int, str]:
    """A field's name and its value without a space between them ('title:A')."""
    runs = f" that runs on into line {until}" if until > row + 1 else ""
    return _one_based(row, glued.end(1) + 1, f"put a space after '{glued[1]}:'; without it, YAML reads "
                                            f"'{_short(lines[row].strip())}' as text{runs}")


def _outdented(lines: list[str], at: tuple[int, int]) -> tuple[int, int, str]:
    """A line left of the file's first line: the first line is indented, or this one is not."""
    first = next((i for i, line in enumerate(lines) if line.strip() and not line.lstrip().startswith("#")), 0)
    indent = len(lines[first]) - len(lines[first].lstrip(" "))
    if indent == 0 or at[1] >= indent:
        return _misplaced(lines, at[0])
    return _one_based(first, indent, f"the first line is indented {_spaces(indent)}, but line {at[0] + 1} is not; "
                                     "start the top-level fields at the beginning of their lines")


def _block_end(lines: list[str], at: tuple[int, int], found: str) -> tuple[int, int, str]:
    """'expected <block end>': a line indented wrongly, text after a quote or bracket, or a stray bracket."""
    if found in ("]", "}"):
        return _one_based(*at, f"this '{found}' closes nothing; delete it")
    key, _, value = _split(lines[at[0]], at[1])
    opener = value[:1]
    if found == "<scalar>" and opener and opener in "\"'[{":
        what, closing = ("a quote", "quote") if opener in "\"'" else \
            (f"'{opener}', which YAML reads as a list or mapping", "bracket")
        return _one_based(*at, f"{_whose(key)} starts with {what}, so YAML cannot read what follows its "
                               f"closing {closing}; put the whole text in quotes: {_requoted(lines[at[0]], at[1])}")
    return _misplaced(lines, at[0])


def _misplaced(lines: list[str], row: int) -> tuple[int, int, str]:
    """A line whose indentation lines it up with nothing it could belong to."""
    line = lines[row]
    indent = len(line) - len(line.lstrip(" "))
    key = _KEY.match(line)
    what = f"'{key['key']}:'" if key and not key["dashes"] else "this list item"
    anchors = _anchors(lines, row)
    items = [a for a in anchors if a.column == indent and a.label == "- "]
    fields = [a for a in anchors if a.label != "- "]
    if items and key and not key["dashes"]:
        parent = [a for a in fields if a.column < indent]
        end = f"; to end the list, indent it like '{parent[0].label}' on line {parent[0].line + 1}" if parent else ""
        return _one_based(row, indent, f"{what} stands among the items of the list on line {items[0].line + 1}; "
                                       f"to make it an item, start it with '- '{end}")
    if not key or key["dashes"]:
        above = [a for a in fields if a.column == indent]
        if above:
            return _one_based(row, indent, f"this list item stands at the level of '{above[0].label}' on line "
                                           f"{above[0].line + 1}; put it under the field it belongs to, "
                                           "indented more than that field")
    kind = [a for a in anchors if (a.label == "- ") == (what == "this list item")]
    choices = sorted(kind or anchors, key=lambda a: (abs(a.column - indent), -a.column))
    near = [a for a in choices if abs(a.column - indent) == abs(choices[0].column - indent) <= 2]
    options = " or ".join(f"{_spaces(a.column)}, like '{a.label}' on line {a.line + 1}" for a in near)
    return _one_based(row, indent, f"{what} is indented {_spaces(indent)}, which lines it up with nothing above it; "
                                   + (f"indent it {options}" if options else "line it up with the field it belongs to"))


def _anchors(lines: list[str], row: int) -> list[Anchor]:
    """The places a line at `row` may line up with: each earlier field or item still open, innermost first."""
    found: list[Anchor] = []
    limit = None
    content = _block_scalar_lines(lines)
    for index in range(row - 1, -1, -1):
        if index in content or not lines[index].strip() or lines[index].lstrip().startswith("#"):
            continue
        for anchor in reversed(_line_anchors(lines[index], index)):
            if limit is None or anchor.column < limit:
                found.append(anchor)
                limit = anchor.column
        if limit == 0:
            break
    return found


def _line_anchors(line: str, index: int) -> list[Anchor]:
    """Where a line's list items and field start, left to right."""
    key = _KEY.match(line)
    match = key or _ITEM.match(line)
    if not match:
        return []
    anchors, column = [], len(match["indent"])
    for dash in re.finditer(r"-[ \t]+", key["dashes"] if key else line[column:column + 2]):
        anchors.append(Anchor(index, column + dash.start(), "- "))
    if key:
        anchors.append(Anchor(index, key.start("key"), key["key"] + ":"))
    return anchors


def _block_scalar_lines(lines: list[str]) -> set[int]:
    """The lines inside block scalars (after 'text: |' or '>'), which are text, not structure."""
    inside: set[int] = set()
    index = 0
    while index < len(lines):
        if _BLOCK_SCALAR.search(lines[index]):
            indent = len(lines[index]) - len(lines[index].lstrip(" "))
            index += 1
            while index < len(lines) and (not lines[index].strip() or
                                          len(lines[index]) - len(lines[index].lstrip(" ")) > indent):
                inside.add(index)
                index += 1
            continue
        index += 1
    return inside


def _previous(lines: list[str], row: int) -> int | None:
    for index in range(row - 1, -1, -1):
        if lines[index].strip() and not lines[index].lstrip().startswith("#"):
            return index
    return None


def _leading_tab(lines: list[str], row: int) -> int | None:
    """The column of a tab in the line's indentation, if there is one."""
    line = lines[row] if row < len(lines) else ""
    indentation = line[: len(line) - len(line.lstrip(" \t-"))]
    return indentation.find("\t") if "\t" in indentation else None


def _whose(key: re.Match | None) -> str:
    return f"the text after '{key['key']}:'" if key and not _is_text(key) else "this text"


def _is_text(key: re.Match) -> bool:
    """Whether a list item's 'Word: …' is text rather than a field (fields are lowercase names)."""
    return bool(key["dashes"]) and not _FIELD_NAME.fullmatch(key["key"])


def _split(line: str, column: int) -> tuple[re.Match | None, str, str]:
    """A line as: its field (when the text at `column` is that field's value), what stands before the text, the text."""
    key = _KEY.match(line)
    if key and key.end() <= column and not _is_text(key):
        return key, line[: key.end()].strip(), line[key.end():].strip()
    dashes = re.match(r" *((?:-[ \t]+)*)", line)
    return None, dashes[1].strip(), line[dashes.end():].strip()


def _requoted(line: str, column: int) -> str:
    """The line as it should be written: its text (after the field's name, or the item's dash) in quotes."""
    _, head, value = _split(line, column)
    if len(value) > 1 and value[0] in "\"'" and value[-1] == value[0]:
        value = value[1:-1]
    return f"{head} {quoted(value)}".strip()


def quoted(text: str) -> str:
    """Text in YAML quotes: double quotes if it has none and no backslash, else single quotes."""
    if '"' not in text and "\\" not in text:
        return f'"{text}"'
    return "'" + text.replace("'", "''") + "'"


def _char(lines: list[str], at: tuple[int, int]) -> str:
    line = lines[at[0]] if at[0] < len(lines) else ""
    return line[at[1]] if at[1] < len(line) else '"'


def _short(text: str) -> str:
    return text if len(text) <= 40 else text[:40] + "…"


def _spaces(count: int) -> str:
    return "1 space" if count == 1 else f"{count} spaces"
