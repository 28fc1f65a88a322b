"""The JSON Schema of the data files, for editors: every field described by its docstring.

`dossier schema` prints it; the repository commits it as `schema/brief.schema.json` (its `$id`), and
`dossier init` writes a copy at the same path in a new project, where the briefs' modelines point.

The docstrings are read here, when a schema is asked for, rather than by pydantic when each
model class is made (`use_attribute_docstrings`): that would cost every build about 60 ms.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from functools import cache
from typing import Any

from pydantic.json_schema import GenerateJsonSchema

from .blocks import KINDS
from .brief import Brief
from .shorthand import BLOCKS, PARTS


SCHEMA_ID = "https://github.com/dossier-briefs/dossier-briefs/raw/main/schema/brief.schema.json"
"""Where the committed schema is published: its `$id`, stable across releases."""

BARE_SCALARS = ["string", "number", "boolean"]
"""What a text field accepts in the schema: text, or a number or boolean as YAML 1.2 reads it bare."""

_SHAPED = ("enum", "const", "pattern", "format")
"""Keywords that make a string a word or a shape, not free text: such a string stays a string."""

_SUBSCHEMAS = ("$defs", "properties", "items", "prefixItems", "additionalProperties", "anyOf", "oneOf",
               "allOf", "not")
"""The keywords whose values hold schemas; `examples` and `default` hold data and are left alone."""


def json_schema() -> dict:
    """The JSON Schema of a brief's data file, with the top-level parts that stand for chapters.

    Every text field also accepts a bare number or boolean (see `_accept_bare_scalars`).
    """
    schema = Brief.model_json_schema(schema_generator=_Described)
    defs, properties = schema["$defs"], schema["properties"]
    chapter = {"$ref": "#/$defs/Chapter"}
    for key, description in PARTS.items():
        properties[key] = {"description": description, "anyOf": [
            {"type": "string"}, {"type": "array", "items": {"type": "string"}}, chapter]}
    for key, description in BLOCKS.items():
        properties[key] = {**defs[KINDS[key].__name__]["properties"][key], "description": description}
    _accept_bare_scalars(schema)
    return {"$schema": _Described.schema_dialect, "$id": SCHEMA_ID, **schema}


def _accept_bare_scalars(node: Any, keyword: str = "") -> None:
    """Widen every free-text string in `node` to `BARE_SCALARS`, in place.

    Dossier's loader reads every scalar but null as text, so `date: 2031`, `title: 2024` or a table
    cell `true` is the text '2031', '2024', 'true'. An editor's YAML 1.2 parser makes them a number
    and a boolean, which `"type": "string"` would refuse: the schema accepts them where the model
    reads text. A string with an enum, a const, a pattern or a format (a status word, a language tag,
    a day) keeps its type, and so do structured fields (lists, mappings, numbers, booleans).
    """
    if isinstance(node, list):
        for item in node:
            _accept_bare_scalars(item)
        return
    if not isinstance(node, dict):
        return
    if keyword in ("$defs", "properties"):  # a mapping of names to schemas
        for schema in node.values():
            _accept_bare_scalars(schema)
        return
    types = node.get("type")
    types = types if isinstance(types, list) else [types]
    if "string" in types and not any(keyword in node for keyword in _SHAPED):
        node["type"] = BARE_SCALARS + [t for t in types if t not in BARE_SCALARS]
    for key in _SUBSCHEMAS:
        if key in node:
            _accept_bare_scalars(node[key], key)


class _Described(GenerateJsonSchema):
    """Pydantic's schema, with each model field's docstring as its description."""

    def model_schema(self, schema):
        json_schema = super().model_schema(schema)
        cls = schema["cls"]
        docs = {name: doc for base in reversed(cls.__mro__) for name, doc in _docstrings(base).items()}
        fields = {field.alias or name: name for name, field in getattr(cls, "model_fields", {}).items()}
        for name, spec in json_schema.get("properties", {}).items():
            if (doc := docs.get(fields.get(name, name))) is not None:
                spec.setdefault("description", doc)
        return json_schema


@cache
def _docstrings(cls: type) -> dict[str, str]:
    """The docstring written under each annotated attribute in `cls`'s own body."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(cls)))
    except (OSError, TypeError):  # a class without source: a built-in or pydantic's own
        return {}
    if not tree.body or not isinstance(tree.body[0], ast.ClassDef):
        return {}
    body, docs = tree.body[0].body, {}
    for statement, following in zip(body, body[1:]):
        if (isinstance(statement, ast.AnnAssign) and isinstance(statement.target, ast.Name)
                and isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant)
                and isinstance(following.value.value, str)):
            docs[statement.target.id] = inspect.cleandoc(following.value.value)
    return docs
