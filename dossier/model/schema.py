"""The JSON Schema of the data files, for editors: every field described by its docstring.

The docstrings are read here, when a schema is asked for, rather than by pydantic when each
model class is made (`use_attribute_docstrings`): that would cost every build about 60 ms.
"""

from __future__ import annotations

import ast
import inspect
import textwrap
from functools import cache

from pydantic.json_schema import GenerateJsonSchema

from .brief import Brief
from .shorthand import BLOCKS, PARTS


def json_schema() -> dict:
    """The JSON Schema of a brief's data file, with the top-level parts that stand for chapters."""
    schema = Brief.model_json_schema(schema_generator=_Described)
    defs, properties = schema["$defs"], schema["properties"]
    chapter = {"$ref": "#/$defs/Chapter"}
    for key, description in PARTS.items():
        properties[key] = {"description": description, "anyOf": [
            {"type": "string"}, {"type": "array", "items": {"type": "string"}}, chapter]}
    blocks = {"highlights": "HighlightsBlock", "agreements": "AgreementsBlock", "programme": "ProgrammeBlock",
              "members": "MembersBlock"}
    for key, description in BLOCKS.items():
        properties[key] = {**defs[blocks[key]]["properties"][key], "description": description}
    return schema


class _Described(GenerateJsonSchema):
    """Pydantic's schema, with each model field's docstring as its description."""

    def model_schema(self, schema):
        json_schema = super().model_schema(schema)
        docs = {name: doc for cls in reversed(schema["cls"].__mro__) for name, doc in _docstrings(cls).items()}
        for name, spec in json_schema.get("properties", {}).items():
            if name in docs:
                spec.setdefault("description", docs[name])
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
