"""Load a data file into a validated `Brief`, reporting every problem with file:line:col.

The YAML is read safely and literally: scalars stay text (`NO`, `on`,
`2025-07-04` are not turned into booleans or dates), tags and aliases are
refused, and a key given twice is an error rather than silently overwritten.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

import yaml
from pydantic import BaseModel, ValidationError
from typing_extensions import is_typeddict

from . import acronyms, data as figures_data, files, hints, images, shorthand, syntax
from ..errors import InvalidInput, Problem, display_path, line_column
from .hints import unwrap
from ..model import KINDS, Brief

if TYPE_CHECKING:
    from .versions import Revision

Loc = tuple[str | int, ...]

_PLAIN_TAGS = {
    "tag:yaml.org,2002:str",
    "tag:yaml.org,2002:map",
    "tag:yaml.org,2002:seq",
    "tag:yaml.org,2002:null",
}


class _Loader(yaml.SafeLoader):
    """A YAML loader that resolves no implicit types but null, and refuses aliases."""

    yaml_implicit_resolvers: dict = {}

    def compose_node(self, parent, index):  # type: ignore[override]
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.MarkedYAMLError(
                problem="aliases (*name) are not supported; write the value out in full",
                problem_mark=event.start_mark,
            )
        return super().compose_node(parent, index)


_Loader.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


M = TypeVar("M", bound=BaseModel)

MAX_BYTES = 2 * 2**20
"""The largest data file read by default; a larger one is refused before it is parsed."""


def load(path: Path | str, *, max_bytes: int = MAX_BYTES, warnings: list[Problem] | None = None,
         glossary: bool = False, since: Revision | None = None) -> Brief:
    """Read, parse and validate one data file; raise `InvalidInput` listing every problem.

    `warnings`, when given, receives what looks like a mistake but builds (text cut at a comma, a language
    Dossier has no words for), and with
    `glossary` each acronym the text uses and a glossary does not spell out, at its first use. With
    `since`, the brief is compared with its version at that git revision (`versions.since`).
    """
    brief, document = _load(Path(path), max_bytes, warnings)
    if warnings is not None and glossary:
        warnings += [document.at_word(loc, word, f"'{word}' looks like an acronym that the glossary does not "
                                      f"spell out; add it to 'glossary:' as - {{term: {word}, means: …}}")
                     for loc, word in acronyms.undefined(document.data)]
    if since is not None:
        from .versions import since as compared

        brief.compared_with(compared(brief, Path(path), since, warnings))
    if warnings is not None:
        from ..style.labels import missing_catalogue

        if missing := missing_catalogue(brief.meeting.language):
            warnings.append(document.problem(("meeting", "language"), missing))
    return brief


def _load(path: Path, max_bytes: int, warnings: list[Problem] | None) -> tuple[Brief, _Document]:
    folder = path.parent
    brief, document = _parse(path, Brief, max_bytes,
                             lambda data, doc: _expanded(_with_data(data, folder, doc), doc))
    brief = _with_pictures(brief, folder, document)
    if warnings is not None:
        warnings += document.warnings
    return brief, document


def canonical(path: Path | str, *, max_bytes: int = MAX_BYTES) -> str:
    """The brief's long form, as YAML: its top-level parts written out as chapters (comments dropped).

    Raises `InvalidInput` as `load` does; what it returns loads to an equal brief."""
    _, document = _load(Path(path), max_bytes, None)
    data, _, _ = shorthand.expand(document.data, _titles(document.data))
    return yaml.dump(data, Dumper=_Plain, allow_unicode=True, sort_keys=False, width=100)


class _Plain(yaml.SafeDumper):
    """Plain YAML that reads back as written: text that looks like another type is quoted, nothing aliased."""

    def ignore_aliases(self, data) -> bool:
        return True


def _expanded(data: dict, document: _Document) -> dict:
    """The data with its top-level parts (`conclusion:`, `highlights:`) as chapters; a problem for each
    that cannot be one, and each moved place remembered for the messages."""
    data, document.moved, problems = shorthand.expand(data, _titles(data))
    document.problems += [document._at(document.keys.get(loc), loc, message) for loc, message in problems]
    return data


def _titles(data: dict) -> Callable[[str], str]:
    """The title of a top-level part's chapter: its label in the brief's language, as the brief renames it."""
    from ..style.labels import Labels

    meeting, renamed = data.get("meeting"), data.get("labels")
    language = meeting.get("language") if isinstance(meeting, dict) else None
    renamed = {k: v for k, v in renamed.items() if isinstance(v, str)} if isinstance(renamed, dict) else {}
    try:
        labels = Labels(language if isinstance(language, str) else "en", renamed)
        labels.text("highlights")
    except (InvalidInput, ValueError):  # a broken catalogue or tag: reported by the checks that read it
        labels = Labels("en", renamed)
    return labels.text


def load_model(path: Path | str, model: type[M], *, max_bytes: int = MAX_BYTES, warnings: list[Problem] | None = None,
               advise: Callable[[M], list[tuple[Loc, str]]] | None = None) -> M:
    """Read any YAML file into `model` (a theme, say), with the same checks and messages.

    `advise(instance)`, when given, names what builds but looks wrong, as (field, message) pairs; each
    goes into `warnings` at the field's place in the file.
    """
    instance, document = _parse(Path(path), model, max_bytes)
    if warnings is not None and advise is not None:
        warnings += [document.problem(loc, message) for loc, message in advise(instance)]
    return instance


def _parse(path: Path, model: type[M], max_bytes: int = MAX_BYTES, prepare=None) -> tuple[M, _Document]:
    """`prepare(data, document)`, when given, completes the plain data before it is validated."""
    name = display_path(path)
    first = next(iter(model.model_fields))
    text = _read_text(path, name, first, max_bytes)
    document = _Document(name, model, text)
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as error:
        raise InvalidInput([_yaml_problem(name, error, text)]) from None
    except yaml.reader.ReaderError as error:
        line, column = line_column(text, error.position)
        char = error.character if isinstance(error.character, str) else chr(error.character)
        raise InvalidInput([Problem(
            name, line, column, f"contains the control character U+{ord(char):04X}, which YAML does not "
            "allow; delete it (it is often pasted in invisibly)")]) from None
    except yaml.YAMLError as error:
        raise InvalidInput([Problem(name, 1, 1, f"not valid YAML: {error}")]) from None
    except RecursionError:
        raise InvalidInput([Problem(name, 1, 1, "nested too deeply")]) from None
    if node is None:
        raise InvalidInput([Problem(name, 1, 1, f"the file is empty; it should start with '{first}:'")])
    data = document.convert(node, ())
    if not isinstance(data, dict):
        raise InvalidInput([document.problem((), f"expected a mapping of fields, starting with '{first}:'")])
    document.data = data
    if prepare is not None:
        data = prepare(data, document)
    problems = document.problems
    try:
        instance = model.model_validate(data)
    except ValidationError as error:
        reported = {(p.file, p.line, p.column) for p in problems}
        problems += [p for p in document.explain_all(error.errors()) if (p.file, p.line, p.column) not in reported
                     and not any(_within(p.field, _dotted(loc)) for loc in document.unread)]
    if problems:
        raise InvalidInput(sorted(problems, key=lambda p: (p.file != name, p.file, p.line, p.column)))
    return instance, document


def _with_pictures(brief: Brief, folder: Path, document: _Document) -> Brief:
    """Check the brief's pictures and point them at their real files."""
    logo = brief.meeting.logo
    if logo is None:
        return brief
    try:
        path = images.resolve(logo.src, folder)
    except images.ImageProblem as problem:
        raise InvalidInput([document.problem(("meeting", "logo", "src"), str(problem))]) from None
    meeting = brief.meeting.model_copy(update={"logo": logo.model_copy(update={"src": str(path)})})
    return brief.model_copy(update={"meeting": meeting})


def _within(field: str, parent: str) -> bool:
    return field == parent or field.startswith((parent + ".", parent + "["))


def _with_data(data: Any, folder: Path, document: _Document, loc: Loc = ()) -> Any:
    """The data with every figure's `csv:` file read into the figure, each value's place remembered, and
    every picture's file checked."""
    if isinstance(data, list):
        return [_with_data(item, folder, document, loc + (i,)) for i, item in enumerate(data)]
    if not isinstance(data, dict):
        return data
    data = {k: _with_data(v, folder, document, loc + (k,)) for k, v in data.items()}
    if isinstance(data.get("picture"), str):
        return _with_picture(data, folder, document, loc)
    if not (("table" in data or "chart" in data) and isinstance(data.get("csv"), str)):
        return data
    given = [k for k in figures_data.owns(data) if k in data]
    if given:
        document.problems.append(document.problem(loc + ("csv",), f"give the data either in '{given[0]}:' or "
                                                  "in 'csv:', not both"))
        document.unread.append(loc)
        return data
    try:
        path, rows = figures_data.read(data["csv"], folder)
    except files.FileProblem as problem:
        document.problems.append(document.problem(loc + ("csv",), str(problem)))
    except InvalidInput as error:
        document.problems += error.problems
    else:
        data, places = figures_data.inline({**data, "csv": str(path)}, rows)
        for where, cell in places.items():
            document.values[loc + where] = _FileMark(cell.file, cell.line - 1, cell.column - 1)
        return data
    document.unread.append(loc)
    return data


def _with_picture(data: dict, folder: Path, document: _Document, loc: Loc) -> dict:
    """A picture block with its file checked and pointed at its real path (a problem at its name if not)."""
    try:
        path = images.resolve(data["picture"], folder)
    except images.ImageProblem as problem:
        document.problems.append(document.problem(loc + ("picture",), str(problem)))
        return data
    return {**data, "picture": str(path)}


@dataclasses.dataclass(frozen=True)
class _FileMark:
    """A place in another file than the brief (a CSV file), 0-based as YAML's marks are."""

    file: str
    line: int
    column: int


def _read_text(path: Path, name: str, first: str, max_bytes: int = MAX_BYTES) -> str:
    try:
        with open(path, "rb") as file:  # at most one byte more than allowed: a device never ends
            raw = file.read(max_bytes + 1)
    except FileNotFoundError:
        raise InvalidInput([Problem(name, 1, 1, "no such file")]) from None
    except OSError as error:
        raise InvalidInput([Problem(name, 1, 1, f"cannot be read: {error.strerror}")]) from None
    if len(raw) > max_bytes:
        raise InvalidInput([Problem(name, 1, 1, f"is larger than {max_bytes / 2**20:g} MB, the limit for a "
                                    "data file; split it, or raise the limit with --max-data-size")])
    if b"\x00" in raw:
        raise InvalidInput([Problem(name, 1, 1, "is a binary file, not YAML text")])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line, column = _position(raw, error.start)
        raise InvalidInput([Problem(
            name, line, column,
            f"is not UTF-8 text (byte 0x{raw[error.start]:02x}); save the file as UTF-8",
        )]) from None
    if not text.strip():
        raise InvalidInput([Problem(name, 1, 1, f"the file is empty; it should start with '{first}:'")])
    return text


def _position(raw: bytes, offset: int) -> tuple[int, int]:
    before = raw[:offset]
    line_start = before.rfind(b"\n") + 1
    return before.count(b"\n") + 1, len(before[line_start:].decode("utf-8", "replace")) + 1


def _yaml_problem(name: str, error: yaml.MarkedYAMLError, text: str) -> Problem:
    return Problem(name, *syntax.explain(error, text))


class _Document:
    """Turns a YAML node tree into plain data, remembering where each value stands."""

    def __init__(self, name: str, model: type[BaseModel], text: str = ""):
        self.name, self.model, self.text = name, model, text
        self.values: dict[Loc, yaml.Mark] = {}
        self.keys: dict[Loc, yaml.Mark] = {}
        self.problems: list[Problem] = []
        self.unread: list[Loc] = []
        """Figures whose CSV file could not be read: the model's complaints about their data are left out."""
        self.warnings: list[Problem] = []
        self.data: Any = None
        """The data as written, before `prepare` completed it."""
        self.moved: dict[Loc, Loc] = {}
        """Places in the validated data that the author wrote elsewhere (a top-level part made a chapter)."""
        self.cut: dict[Loc, str] = {}
        """Keys of a { … } mapping that are text cut at a comma (`{note: a, b}`): each with its text, requoted."""

    def convert(self, node: yaml.Node, loc: Loc) -> Any:
        self.values[loc] = node.start_mark
        if node.tag not in _PLAIN_TAGS:
            self.problems.append(self.problem(loc, f"the tag {node.tag} is not allowed; remove it"))
            return None
        if isinstance(node, yaml.MappingNode):
            return self._mapping(node, loc)
        if isinstance(node, yaml.SequenceNode):
            if node.flow_style:
                self._warn_cut_items(node, loc)
            return [self.convert(item, loc + (i,)) for i, item in enumerate(node.value)]
        if node.tag == "tag:yaml.org,2002:null":
            return None
        return node.value

    def _mapping(self, node: yaml.MappingNode, loc: Loc) -> dict[str, Any]:
        result: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode) or key_node.tag == "tag:yaml.org,2002:null":
                self.problems.append(self._at(key_node.start_mark, loc, "a key must be a plain name"))
                continue
            key = key_node.value
            if key == "<<":
                self.problems.append(self._at(key_node.start_mark, loc, "merge keys (<<) are not supported"))
                continue
            if key in result:
                first = self.keys[loc + (key,)]
                self.problems.append(self._at(
                    key_node.start_mark, loc + (key,),
                    f"'{_printable(key)}' is given twice, first on line {first.line + 1}; keep one",
                ))
                continue
            self.keys[loc + (key,)] = key_node.start_mark
            result[key] = self.convert(value_node, loc + (key,))
        if node.flow_style:
            self._find_cut_keys(node, loc)
        return result

    def _cut_between(self, before: yaml.Node, after: yaml.Node) -> bool:
        gap = self.text[before.end_mark.index:after.start_mark.index]
        return _is_plain_text(before) and _is_plain_text(after) and hints.split_at_comma(before.value, after.value, gap)

    def _find_cut_keys(self, node: yaml.MappingNode, loc: Loc) -> None:
        """Remember each key of `{note: a, b}` that has no value and follows text: the text went on after a comma."""
        start: tuple[str, int] | None = None
        for (key, value), (name, previous) in zip(node.value[1:], node.value):
            if start is None and _is_plain_text(previous):
                start = (name.value, previous.start_mark.index)
            if start is None or not (_is_plain_text(key) and _is_empty(value)):
                start = None
                continue
            text = " ".join(self.text[start[1]:key.end_mark.index].split())
            self.cut[loc + (key.value,)] = f"{_printable(start[0])}: {syntax.quoted(_printable(text))}"

    def _warn_cut_items(self, node: yaml.SequenceNode, loc: Loc) -> None:
        """Warn about a run of `[ … ]` items that looks like one text cut at its commas."""
        items, first = node.value, 0
        for i in range(1, len(items) + 1):
            if i < len(items) and self._cut_between(items[i - 1], items[i]):
                continue
            if i - first > 1:
                text = " ".join(self.text[items[first].start_mark.index:items[i - 1].end_mark.index].split())
                self.warnings.append(self._at(items[first].start_mark, loc + (first,), (
                    f"the commas in [ … ] cut '{_printable(text)}' into {i - first} items; if it is one text, "
                    f"put it in quotes: {syntax.quoted(_printable(text))}")))
            first = i

    def problem(self, loc: Loc, message: str) -> Problem:
        """A problem at the value found at `loc`, or its nearest present parent."""
        while loc not in self.values and loc:
            loc = loc[:-1]
        return self._at(self.values.get(loc), loc, message)

    def at_word(self, loc: Loc, word: str, message: str) -> Problem:
        """A problem at the first `word` (a whole word) in the text of the value at `loc`."""
        mark = self.values.get(loc)
        if isinstance(mark, yaml.Mark):
            found = re.compile(rf"(?<!\w){re.escape(word)}(?!\w)").search(self.text, mark.index)
            if found:
                return Problem(self.name, *line_column(self.text, found.start()), message, field=_dotted(loc))
        return self.problem(loc, message)

    def _at(self, mark: yaml.Mark | None, loc: Loc, message: str) -> Problem:
        line, column = (mark.line + 1, mark.column + 1) if mark else (1, 1)
        return Problem(getattr(mark, "file", self.name), line, column, message, field=_dotted(loc))

    def explain_all(self, errors: list[dict]) -> list[Problem]:
        """Explain each error, leaving out a missing field that a misspelt key already accounts for."""
        problems = [p for e in errors for p in (self._located_all(e) if e["type"] == "located_all" else [self.explain(e)])]
        misspelt = {_dotted(shorthand.original(_data_loc(e["loc"][:-1]), self.moved) + (_suggestion(self.model, e["loc"]),)) for e in errors
                    if e["type"] == "extra_forbidden" and _suggestion(self.model, e["loc"])}
        return [p for p in problems if not (p.message.startswith("field required") and p.field in misspelt)]

    def _located_all(self, error: dict) -> list[Problem]:
        """A model's own check that found several problems: each (place, message, words) at the words
        within the text at that place (a citation's '@id')."""
        loc = _data_loc(tuple(error["loc"]))
        return [self.found(loc + tuple(at), message, words) for at, message, words in error["ctx"]["places"]]

    def found(self, loc: Loc, message: str, words: str) -> Problem:
        """A problem at `words` inside the text at `loc` (where the text starts when they are not found)."""
        problem = self.problem(loc, message)
        mark = self.values.get(loc)
        found = re.compile(rf"(?<![\w.:-])@?{re.escape(words.lstrip('@'))}(?![\w.:-])").search(
            self.text, mark.index, mark.index + 4000) if isinstance(mark, yaml.Mark) else None
        if found is None:
            return problem
        line, column = line_column(self.text, found.start())
        return dataclasses.replace(problem, line=line, column=column)

    def _unknown(self, model_loc: Loc, value: Any) -> str:
        """What an unknown key probably is: text cut at a comma, a field's other name, a block, a chapter."""
        key, loc = str(model_loc[-1]), shorthand.original(_data_loc(model_loc), self.moved)
        allowed = _fields_at(self.model, model_loc[:-1])
        kind = hints.close(key, list(KINDS))
        if loc in self.cut:
            return ("it looks like the end of the text before it, cut at a comma; put that text in quotes: "
                    + self.cut[loc])
        if close := _suggestion(self.model, model_loc):
            return f"did you mean '{close}'?"
        if kind and "blocks" in allowed:
            return f"that is a block: put it under 'blocks:' as '- {kind}: …'"
        if "chapters" in allowed:
            if kind:
                return (f"that is a block, and blocks go in a chapter: under 'chapters:', add '- title: …' "
                        f"with 'blocks:' and '- {kind}: …' in it")
            if "meeting" in allowed and key in _fields_at(self.model, ("meeting",)):
                return "that is part of the meeting: put it under 'meeting:'"
            if hints.is_chapter_word(key) or (isinstance(value, (str, list)) and hints.could_be_a_heading(key)):
                return hints.chapter_form(key, value)
        return f"allowed here: {', '.join(allowed)}"

    def explain(self, error: dict) -> Problem:
        """Turn one pydantic error into a problem a person can act on."""
        model_loc: Loc = tuple(error["loc"])
        loc = shorthand.original(_data_loc(model_loc), self.moved)
        kind = error["type"]
        if kind == "extra_forbidden":
            message = f"unknown field '{_printable(str(loc[-1]))}'; " + self._unknown(model_loc, error.get("input"))
            return self._at(self.keys.get(loc), loc, message)
        if kind == "list_type" and isinstance(error.get("input"), dict):
            return self.problem(loc, _list_message(error["input"], _annotation_at(self.model, model_loc)))
        if kind == "missing":
            parent = loc[:-1]
            return Problem(**{**self.problem(parent, "").__dict__, "field": _dotted(loc),
                              "message": f"field required; add '{loc[-1]}:' here"})
        if kind == "block_kind":
            return self.problem(loc, _block_message(error))
        if loc and loc[-1] == "[key]":  # a mapping's key is wrong, not its value
            return self._at(self.keys.get(loc[:-1]), loc[:-1], _message(error))
        if kind == "located":  # a model's own check, at a place inside the value it checked
            return self.problem(loc + tuple(error["ctx"]["at"]), error["ctx"]["message"])
        return self.problem(loc, _message(error))


def _block_message(error: dict) -> str:
    """Why a list item is not a block, and what a block looks like."""
    kinds = error["ctx"]["kinds"]
    value = error.get("input")
    if isinstance(value, dict) and "sections" in value:
        return "a subsection cannot hold subsections; make this a chapter of its own, or use 'points:'"
    if not isinstance(value, dict):
        return f"expected a block, found {_kind_of(value)}; start it with one of: {kinds} (e.g. '- text: …')"
    keys = [str(k) for k in value]
    meant = [h for k in keys if (h := hints.close(k, kinds.split(", ")))]
    if meant:
        return f"unknown block '{_printable(keys[0])}'; did you mean '{meant[0]}'?"
    if keys and hints.is_chapter_word(keys[0]):
        return (f"unknown block '{_printable(keys[0])}'; {hints.chapter_form(keys[0])}; or, in this chapter, "
                "write it as a '- text: …' block")
    return (f"a block starts with one of: {kinds}; found {', '.join(repr(_printable(k)) for k in keys) or 'nothing'}"
            " (a list's 'lead:' and 'closing:' go beside its 'points:')")


def _message(error: dict) -> str:
    kind, ctx = error["type"], error.get("ctx", {})
    found = _kind_of(error.get("input"))
    if kind == "string_type":
        value = error.get("input")
        if isinstance(value, dict) and len(value) == 1 and all(isinstance(v, str | None) for v in value.values()):
            text = _printable(" ".join(f"{k}: {v or ''}" for k, v in value.items()).strip())
            return (f"expected text, found {found}; if this is text with ': ' in it, put it in quotes: "
                    + syntax.quoted(text))
        return f"expected text, found {found}"
    if kind == "list_type":
        return f"expected a list (lines starting with '- '), found {found}"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return f"expected a mapping of fields (name: value), found {found}"
    if kind == "too_short":
        return f"needs at least {ctx.get('min_length')} item(s)"
    if kind == "too_long":
        return (f"has {ctx.get('actual_length')} items, and at most {ctx.get('max_length')} are allowed: "
                "keep the ones that matter most")
    if kind == "string_too_short":
        return "must not be empty"
    if kind == "string_too_long":
        return (f"is {len(error['input'])} characters long; a heading has at most {ctx.get('max_length')}: "
                "move the rest into the text")
    if kind == "string_pattern_mismatch":
        return f"{_kind_of(error.get('input'))} does not have the expected form ({ctx.get('pattern')})"
    if kind == "value_error":
        return str(ctx.get("error", error["msg"]))
    if kind == "literal_error":
        allowed = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        close = hints.close(str(error.get("input")), allowed)
        return f"{found} is not allowed here; " + (f"did you mean '{close}'?" if close else
                                                        f"use one of: {', '.join(allowed)}")
    return error["msg"][0].lower() + error["msg"][1:]


def _list_message(value: dict, annotation: Any) -> str:
    """A mapping where a list belongs: what one item of the list looks like."""
    item = hints.example(annotation)
    if item == "…" and value:  # a list of text or of blocks: the mapping's own first key as the example
        first = _printable(str(next(iter(value))))
        item = f"{first}: …" if first in KINDS else first
    return ("expected a list, found a mapping; write each item on a line of its own starting with '- ', "
            f"like this: - {item}")


def _is_plain_text(node: yaml.Node) -> bool:
    """Whether a node is unquoted, non-empty text."""
    return isinstance(node, yaml.ScalarNode) and node.style is None and node.tag == "tag:yaml.org,2002:str"


def _is_empty(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.tag == "tag:yaml.org,2002:null" and node.value == ""


def _kind_of(value: Any) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    text = _printable(str(value))
    return f"'{text[:40]}…'" if len(text) > 40 else f"'{text}'"


def _dotted(loc: Loc) -> str:
    """A location as a person reads it: `highlights[2].title`."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        elif re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", part):
            out += f".{part}" if out else part
        else:
            out += f"[{_printable(part)!r}]"
    return out


def _printable(text: str) -> str:
    """Text with invisible characters written as escapes, safe for a one-line message."""
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _suggestion(model: type[BaseModel], loc: Loc) -> str | None:
    """The allowed field the unknown key at `loc` most likely meant: a synonym or a close spelling."""
    return hints.close(str(loc[-1]), _fields_at(model, loc[:-1]))


def _is_tag(loc: Loc, i: int) -> bool:
    """Whether `loc[i]` is the tag pydantic puts after a block's index (it is not in the data)."""
    return i >= 2 and loc[i] in KINDS and isinstance(loc[i - 1], int) and loc[i - 2] == "blocks"


def _data_loc(loc: Loc) -> Loc:
    """A pydantic location as a path in the data: without block tags."""
    return tuple(part for i, part in enumerate(loc) if not _is_tag(loc, i))


def _annotation_at(model: Any, loc: Loc) -> Any:
    """The type the model declares at `loc` (a pydantic location, block tags included), or None."""
    annotation = model
    for i, part in enumerate(loc):
        if _is_tag(loc, i):
            annotation = KINDS[part]
            continue
        inner = unwrap(annotation)
        if isinstance(part, str):
            if not (isinstance(inner, type) and issubclass(inner, BaseModel)) or part not in _keys(inner):
                return None
            annotation = _keys(inner)[part].annotation
        else:
            annotation = inner
    return annotation


def _fields_at(model: Any, loc: Loc) -> list[str]:
    """The field names allowed at `loc` (a pydantic location, block tags included) in the model."""
    inner = unwrap(_annotation_at(model, loc))
    if is_typeddict(inner):  # a brief's or a theme's labels
        return list(inner.__annotations__)
    return list(_keys(inner)) if isinstance(inner, type) and issubclass(inner, BaseModel) else []


def _keys(model: type[BaseModel]) -> dict[str, Any]:
    """A model's fields by the key the YAML writes: its alias, if it has one (a resolution's `for`)."""
    return {field.alias or name: field for name, field in model.model_fields.items()}
