"""Every word Dossier itself prints, in the brief's language, from a gettext catalogue.

English is the source language: `MESSAGES` holds each label's English text, which is
its msgid; `templates/locale/<language>.po` holds a language's translations, read with
Babel (which also gives the language's plural rules). A theme file or a brief can
rename any label. `python -m dossier.style.labels` rewrites the template `dossier.pot`.
"""

from __future__ import annotations

import gettext
import io
from functools import lru_cache
from itertools import islice
from pathlib import Path
from typing import Any

import dossier

from ..errors import InvalidInput, Problem, display_path
from ..model.words import MESSAGES, checked_label, context, label_problem, placeholders  # noqa: F401 - the words' rules

"""Each label's key and its English text; a pair for a text with plural forms (chosen by {n})."""

LOCALE = "locale"
"""The catalogues' folder inside templates/."""

RTL_LANGUAGES = frozenset({"ar", "ur", "fa", "he", "ps", "sd", "ug", "yi", "dv", "ckb"})
"""Languages written right to left (their primary subtag)."""


class Labels:
    """The labels of one brief: its language's catalogue, then the theme's and the brief's own names."""

    def __init__(self, language: str, overrides: dict[str, str] | None = None):
        self.language = language
        self.catalogue = catalogue(language)
        self.overrides = dict(overrides or {})

    def __call__(self, key: str, **values: object) -> str:
        """The label `key`, with its `{name}` fields filled in; `n` picks a plural form."""
        return self.text(key, values.get("n")).format(**values)

    def text(self, key: str, n: object = None) -> str:
        """The label `key` as written, its `{name}` fields not filled in; `n` picks a plural form."""
        if key in self.overrides:
            return self.overrides[key]
        message = MESSAGES[key]
        if isinstance(message, tuple):
            return self.catalogue.ngettext(*message, int(n))  # type: ignore[call-overload]
        if use := context(key):  # one English word for two uses: each its own translation
            return self.catalogue.pgettext(use, message)
        return self.catalogue.gettext(message)

    def pair(self, name: str, value: str) -> str:
        """'name: value' as the language sets it: 'Year: 2025', 'Année\u202f: 2025' (French spaces its colon)."""
        return self("pair", name=name, value=value)

    def around(self, name: str) -> tuple[str, str]:
        """What stands before and after a value labelled `name` ('Source\u202f: ', ''), for a value
        set with its own markup."""
        before, _, after = self.text("pair").partition("{value}")
        return before.format(name=name), after.format(name=name)

    @property
    def rtl(self) -> bool:
        """Whether the brief's language is written right to left."""
        return primary(self.language) in RTL_LANGUAGES


def labels_for(brief, theme) -> Labels:
    """A brief's labels: its language's catalogue, renamed by the theme, then by the brief."""
    return Labels(brief.meeting.language, {**theme.labels, **brief.labels})


def primary(language: str) -> str:
    """A language tag's primary subtag: 'ur' for 'ur-PK'."""
    return language.split("-")[0].lower()


def catalogue_path(language: str) -> Path | None:
    """The catalogue for a language tag in the templates in use, the most specific that exists ('pt-BR', then 'pt')."""
    parts = language.replace("_", "-").split("-")
    for n in range(len(parts), 0, -1):
        path = dossier.TEMPLATES / LOCALE / f"{'_'.join(parts[:n])}.po"
        if path.is_file():
            return path
    return None


def missing_catalogue(language: str) -> str | None:
    """A warning when a language other than English has no catalogue, else None.

    A catalogue is read and checked here, so `check` and the build both refuse a broken one
    (InvalidInput, at its lines)."""
    if catalogue_path(language):
        catalogue(language)
        return None
    if primary(language) == "en":
        return None
    return (f"there is no catalogue for the language '{language}': Dossier's own words are printed in "
            f"English (add templates/{LOCALE}/{primary(language)}.po, or rename labels under 'labels:')")


def catalogue(language: str) -> gettext.NullTranslations:
    """The language's translations, from the templates in use now; English (the msgids) when it has none.

    Raises InvalidInput when the catalogue is broken or a translation's placeholders are not its msgid's."""
    path = catalogue_path(language)
    if path is None:
        return gettext.NullTranslations()
    stat = path.stat()
    return _compiled(path, stat.st_mtime_ns, stat.st_size)  # an edited or another file is read again


MAX_CATALOGUE_BYTES = 1_000_000
"""The largest catalogue read (Dossier's own are about 4 KB)."""
MAX_PLURALS = 6
"""The most plural forms a language has (Arabic's six)."""


@lru_cache(maxsize=32)
def _compiled(path: Path, mtime_ns: int, size: int) -> gettext.GNUTranslations:
    """A catalogue read with Babel, checked, and compiled for gettext; keyed by its file's time and size."""
    from babel.messages.mofile import write_mo

    name = _shown(path)
    if size > MAX_CATALOGUE_BYTES:
        raise InvalidInput([Problem(name, 1, 1, f"is {size:,} bytes; a catalogue has at most {MAX_CATALOGUE_BYTES:,}")])
    raw = path.read_bytes()
    try:
        lines = raw.decode("utf-8").splitlines()
    except UnicodeDecodeError as error:
        raise InvalidInput([Problem(name, raw[:error.start].count(b"\n") + 1, 1,
                                    "is not UTF-8 text; save it as UTF-8")]) from None
    catalog = _read_po(lines, name, path.stem)
    if problems := [Problem(name, _msgstr_line(lines, message.lineno, form), 1, problem, field=key)
                    for key, message, form, problem in _translation_problems(catalog)]:
        raise InvalidInput(sorted(problems, key=lambda p: p.line))
    catalog.charset = "utf-8"  # what was read; the header's own charset is not used
    compiled = io.BytesIO()
    write_mo(compiled, catalog)
    compiled.seek(0)
    try:
        translations = gettext.GNUTranslations(compiled)
        forms = {translations.plural(n) for n in range(1001)}  # type: ignore[attr-defined]
    except (ValueError, ArithmeticError) as error:  # gettext refuses the expression, or it divides by zero
        raise InvalidInput([Problem(name, 1, 1, f"its Plural-Forms expression cannot be used: {error}")]) from None
    if not forms <= set(range(catalog.num_plurals)):
        raise InvalidInput([Problem(name, 1, 1, f"its Plural-Forms expression gives form {max(forms)}, "
                                                f"but nplurals={catalog.num_plurals} (forms count from 0)")])
    return translations


def _read_po(lines: list[str], name: str, language: str) -> Any:
    """The catalogue in `lines` (Babel's Catalog); InvalidInput at the line of its first problem."""
    from babel.core import UnknownLocaleError
    from babel.messages.catalog import Catalog
    from babel.messages.pofile import PoFileError

    try:
        catalog = Catalog(locale=language)  # the language's plural rules, unless the file has its own
    except (ValueError, UnknownLocaleError):
        catalog = Catalog()
    line = 0

    def counted():
        nonlocal line
        for line, text in enumerate(lines, 1):
            yield text

    try:
        _parser()(catalog, abort_invalid=True).parse(counted())
        return catalog
    except PoFileError as error:
        why, line = str(error).rsplit(" on ", 1)[0], error.lineno + 1
        why = f"{why[:1].lower()}{why[1:]}; write each entry as msgid \"…\" then msgstr \"…\", each text in double quotes"
    except _TooManyPlurals as error:
        why, line = str(error), error.line
    except (ValueError, LookupError, UnknownLocaleError) as error:  # a header's value, a msgstr[x] index
        why = f"cannot be read: {error}; fix this line"
    raise InvalidInput([Problem(name, line, 1, why)])


class _TooManyPlurals(Exception):
    def __init__(self, plurals: int, line: int):
        super().__init__(f"its Plural-Forms header gives nplurals={plurals}; a language has 1 to {MAX_PLURALS} forms")
        self.line = line


@lru_cache(maxsize=1)
def _parser() -> type:
    """Babel's PO parser, refusing more than MAX_PLURALS plural forms (a large nplurals would
    have it build a list that long for every plural message)."""
    from babel.messages.pofile import PoFileParser

    class Parser(PoFileParser):
        def _add_message(self) -> None:
            if not 1 <= self.catalog.num_plurals <= MAX_PLURALS:
                raise _TooManyPlurals(self.catalog.num_plurals, self.offset + 1)
            super()._add_message()

    return Parser


def _translation_problems(catalog) -> list[tuple[str, Any, int, str]]:
    """Each translation of a label (its key, entry, form) that does not use exactly its msgid's placeholders."""
    found = []
    for key, message in MESSAGES.items():
        entry = catalog.get(message[0] if isinstance(message, tuple) else message, context=context(key))
        forms = () if entry is None else entry.string if isinstance(entry.string, tuple) else (entry.string,)
        found += [(key, entry, form, problem) for form, text in enumerate(forms)
                  if text and (problem := label_problem(text, placeholders(key), required=True))]
    return found


def _msgstr_line(lines: list[str], msgid_line: int, form: int) -> int:
    """The line (1-based) of a message's msgstr, or of its `form`th msgstr[…], after its msgid's line."""
    found = (k for k in range(msgid_line, len(lines) + 1) if lines[k - 1].lstrip().startswith("msgstr"))
    return next(islice(found, form, None), msgid_line)


def _shown(path: Path) -> str:
    """A catalogue's path as the user knows it: the project's `templates/…`, or Dossier's own file."""
    if dossier.TEMPLATES == dossier.PACKAGED_TEMPLATES:
        return display_path(path)
    return str(Path("templates") / path.relative_to(dossier.TEMPLATES))


def template() -> str:
    """The catalogue template (dossier.pot): every msgid, with its key as a comment for translators."""
    out = ['msgid ""', 'msgstr ""', '"Content-Type: text/plain; charset=UTF-8\\n"', ""]
    for key, message in MESSAGES.items():
        out.append(f"#. {key}")
        if use := context(key):
            out.append(f"msgctxt {_quoted(use)}")
        if isinstance(message, tuple):
            out += [f"msgid {_quoted(message[0])}", f"msgid_plural {_quoted(message[1])}",
                    'msgstr[0] ""', 'msgstr[1] ""']
        else:
            out += [f"msgid {_quoted(message)}", 'msgstr ""']
        out.append("")
    return "\n".join(out)


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


if __name__ == "__main__":  # regenerate the template: python -m dossier.style.labels
    (dossier.PACKAGED_TEMPLATES / LOCALE / "dossier.pot").write_text(template(), encoding="utf-8")
