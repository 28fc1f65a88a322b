"""What the command line accepts: its commands, each command's options and help, and shell completion.

`dossier [COMMAND] [FILE…] [OPTION…]`: the command comes first (build when none is named), files and
options in any order after it. A word that is not a command but looks like one is a usage error with a
"did you mean" (exit 2), not a missing file. `dossier help COMMAND` and `dossier COMMAND --help` show one
command's options only.
"""

from __future__ import annotations

import argparse
import difflib
from pathlib import Path

from . import __version__
from .build import DEFAULT_FORMATS, FORMATS, Options

COMMANDS: dict[str, tuple[str, str]] = {
    "build": ("[FILE…]", "render briefs (the default): every data/*.yaml, or the FILEs given"),
    "check": ("[FILE…]", "validate briefs without rendering: every problem at its file:line:col"),
    "serve": ("[FILE…]", "a live preview in the browser (HTML, PDF, deck), refreshed on every save"),
    "schema": ("", "print the JSON Schema of the brief files (for editors)"),
    "init": ("[DIR]", "start a briefs repository in DIR (default: here); never overwrites a file"),
    "diff": ("OLD NEW", "what changed between two versions of a brief"),
    "where": ("FOLDER", "print the project's data, output or templates folder, relative to the project"),
    "help": ("[COMMAND]", "show the help of Dossier or of one command"),
    "completion": ("SHELL", "print the completion script for bash, zsh or fish"),
}
"""Each command: what it takes, and what it does."""

SHELLS = ("bash", "zsh", "fish")

_RENDER = {"format", "out", "page_size", "pdf_variant", "deck_template", "theme", "timeout", "memory",
           "max_data_size", "since"}
OPTIONS: dict[str, set[str]] = {
    "build": _RENDER | {"force", "jobs", "shard", "preview", "watch", "summary"},
    "check": {"theme", "deck_template", "max_data_size", "shard", "summary", "canonical", "since"},
    "serve": _RENDER | {"host", "port", "no_open", "no_slides"},
    "diff": {"format"},
}
"""The options each command takes besides -q, -v, --error-format and --help (the others take none)."""

_EPILOG = """\
commands:
{commands}

The project is the nearest folder, from here upwards, with a dossier.yaml (or a
pyproject.toml with [tool.dossier]), else this folder. Its file sets defaults for
these options and the data/, output/ and templates/ folders; options given here win.
Files in the project's templates/ replace Dossier's own templates, one by one.

examples:
{examples}

exit codes: 0 all built or up to date, 1 some brief failed, 2 bad usage or project file,
130 stopped by Ctrl-C
"""


def program() -> str:
    """The name the person typed: `python build.py` or `dossier`."""
    import sys

    return "build.py" if Path(sys.argv[0]).name == "build.py" else "dossier"


def parser(prog: str = "dossier", command: str | None = None) -> argparse.ArgumentParser:
    """The parser of one command (of `build`, with every command listed, when `command` is None)."""
    shown = OPTIONS.get(command or "build", set())
    what = COMMANDS[command][1] if command else "Dossier: build PDF briefs and slide decks from YAML brief files."
    takes = COMMANDS[command][0] if command else "[COMMAND] [FILE…]"
    p = _Parser(
        prog=f"{prog} {command}" if command else prog, description=what[0].upper() + what[1:],
        usage=" ".join(x for x in (f"{_run(prog)}", command, takes, "[OPTION…]") if x),
        epilog=None if command else _EPILOG.format(commands=_listed(), examples=_examples(_run(prog))),
        formatter_class=argparse.RawDescriptionHelpFormatter)

    def option(dest: str, *flags: str, help: str, **kw) -> None:
        p.add_argument(*flags, dest=dest, help=help if dest in shown else argparse.SUPPRESS, **kw)

    p.add_argument("args", nargs="*", metavar=_metavar(command), help=_positional(command))
    option("format", "-f", "--format", action="append", metavar="FORMAT",
           help="how to print the changes: text (the default), md (Markdown, for a job summary) or json"
           if command == "diff" else f"output format: {', '.join(FORMATS)} or all; repeat or comma-separate "
                f"(default: {','.join(DEFAULT_FORMATS)})")
    option("out", "-o", "--out", type=Path, metavar="DIR", help="output folder (default: output/)")
    option("page_size", "--page-size", choices=("A4", "Letter"), help="PDF page size (default: A4)")
    option("pdf_variant", "--pdf-variant", choices=("pdf/a-3b", "pdf/ua-1"),
           help="an archival or accessible PDF variant (the default PDF is tagged)")
    option("deck_template", "--deck-template", type=Path, metavar="FILE",
           help="build the deck on this .pptx master instead of templates/deck.pptx")
    option("theme", "--theme", type=Path, metavar="FILE",
           help="a theme file (colours, fonts, sizes, and the layout names of a --deck-template) "
                "instead of templates/theme.yaml")
    option("since", "--since", metavar="REV",
           help="add a 'Changes since' section after the summary: what changed since each brief's version at "
                "git revision REV (e.g. HEAD, main, v1.2)")
    option("force", "--force", action="store_true", help="rebuild even what is up to date")
    option("timeout", "--timeout", type=float, default=300, metavar="SECONDS",
           help="stop and report an output that takes longer than this to render (default: 300)")
    option("memory", "--memory", type=int, default=Options.memory, metavar="MB",
           help="stop and report an output whose render needs more memory than this "
                f"(default: {Options.memory}; with -j, per worker)")
    option("max_data_size", "--max-data-size", type=float, default=Options.max_data_size, metavar="MB",
           help=f"refuse a data file larger than this, before reading it (default: {Options.max_data_size:g})")
    option("jobs", "-j", "--jobs", type=int, metavar="N",
           help="build N briefs at once in worker processes (default: the number of cores)")
    option("shard", "--shard", metavar="K/N", help="only the K-th of N equal slices of the briefs (CI matrices)")
    option("preview", "--preview", action="store_true",
           help="also write a contact sheet PNG beside each deck (needs LibreOffice)")
    option("watch", "--watch", action="store_true", help="rebuild whenever a data file or template changes")
    option("host", "--host", default="127.0.0.1",
           help="the address to listen on (default: 127.0.0.1, this machine only; another one warns)")
    option("port", "--port", type=int, default=8000, help="the port (default: 8000; 0 picks a free one)")
    option("no_open", "--no-open", action="store_true", help="do not open a browser")
    option("no_slides", "--no-slides", action="store_true",
           help="show the deck as an outline only, without LibreOffice's slide images")
    option("summary", "--summary", type=Path, metavar="FILE",
           help="append a Markdown summary to FILE (e.g. $GITHUB_STEP_SUMMARY)")
    option("canonical", "--canonical", action="store_true",
           help="with one FILE: print its long form (top-level parts written out as chapters)")
    p.add_argument("-q", "--quiet", action="store_true", help="print only problems and warnings")
    p.add_argument("-v", "--verbose", action="store_true", help="also print the project, folders and settings used")
    p.add_argument("--error-format", choices=("text", "github"),
                   help="github: also print each problem as a GitHub Actions annotation "
                        "(the default when GITHUB_ACTIONS=true)")
    p.add_argument("--version", action="version", version=f"Dossier {__version__}")
    return p


class _Parser(argparse.ArgumentParser):
    """A parser whose usage errors are two lines: the mistake, and where the options are listed."""

    def error(self, message: str):  # type: ignore[override]
        import sys

        command = self.prog.split(" ", 1)[1] if " " in self.prog else ""
        helping = f"{_run(self.prog.split(' ')[0])} help {command}".rstrip()
        sys.stderr.write(f"{self.prog}: error: {message}\n(the commands and options: {helping})\n")
        sys.exit(2)


def stray(p: argparse.ArgumentParser, ns: argparse.Namespace, command: str) -> str | None:
    """A usage error for an option given to a command that does not take it (`check --format pdf`), or None."""
    taken = OPTIONS.get(command, set())
    for action in p._actions:
        if action.option_strings and action.dest not in taken and action.help == argparse.SUPPRESS \
                and getattr(ns, action.dest) != action.default:
            return f"{action.option_strings[-1]} is not an option of {command}"
    return None


def split(argv: list[str], prog: str) -> tuple[str, list[str]]:
    """The command and the arguments after it: `build` when the first word is an option or a file; a
    usage error (exit 2) when it is a word that is neither, with the command it may have meant."""
    first = argv[0] if argv else ""
    if first in COMMANDS:
        return first, argv[1:]
    if first and not first.startswith("-") and not _file_like(first):
        parser(prog).error(unknown(first))
    return "build", argv


def unknown(word: str) -> str:
    """What to say about a word that is no command."""
    if close := difflib.get_close_matches(word, COMMANDS, n=1, cutoff=0.6):
        return f"unknown command '{word}'; did you mean '{close[0]}'?"
    return (f"'{word}' is neither a command nor a file; the commands are {', '.join(COMMANDS)} "
            "(a brief's file name ends in .yaml)")


def _file_like(word: str) -> bool:
    return Path(word).exists() or "/" in word or "." in word or "\\" in word


def _listed() -> str:
    return "\n".join(f"  {name + (' ' + takes if takes else ''):<20}{what}" for name, (takes, what) in COMMANDS.items())


def _metavar(command: str | None) -> str:
    return {None: "[COMMAND] FILE", "diff": "OLD NEW", "init": "DIR", "where": "FOLDER", "help": "COMMAND",
            "completion": "SHELL"}.get(command, "FILE")


def _positional(command: str | None) -> str:
    if command is None:
        return "a command (build when none is named), then brief files (default: data/*.yaml)"
    return {"init": "the folder (default: here)", "where": "data, output or templates",
            "help": "the command to explain",
            "diff": "the two versions: files, or REV:path git revisions (e.g. HEAD~1:data/x.yaml)", "completion": "bash, zsh or fish",
            "schema": argparse.SUPPRESS}.get(command, "brief files (default: the project's data/*.yaml)")


def _run(prog: str) -> str:
    return "python build.py" if prog.endswith(".py") else prog


def _examples(run: str) -> str:
    lines = (("", "build every brief into output/"), ("data/x.yaml --format pdf --out /tmp/briefs", ""),
             ("check", "validate every brief"), ("serve", "preview the briefs in the browser"),
             ("init briefs", "start a briefs repository in briefs/"), ("help check", "the options of check"))
    return "\n".join(f"  {run + ' ' + args:<50}{note}".rstrip() for args, note in lines)


def completion(shell: str, prog: str = "dossier") -> str:
    """The completion script of `shell`: commands first, then each command's options, then files."""
    options = {name: _flags(parser(prog, name)) for name in COMMANDS}
    if shell == "fish":
        lines = [f"# Dossier's completion for fish: {prog} completion fish > ~/.config/fish/completions/{prog}.fish",
                 f"complete -c {prog} -f -n '__fish_use_subcommand' -a '{' '.join(COMMANDS)}'",
                 f"complete -c {prog} -n 'not __fish_seen_subcommand_from schema where help completion' "
                 "-F -a '(__fish_complete_suffix .yaml)'"]
        for name, flags in options.items():
            longs = sorted({f[2:] for f in flags if f.startswith("--")})
            condition = "__fish_use_subcommand" if name == "build" else f"__fish_seen_subcommand_from {name}"
            lines += [f"complete -c {prog} -n '{condition}' -l {flag}" for flag in longs]
        lines.append(f"complete -c {prog} -f -n '__fish_seen_subcommand_from help' -a '{' '.join(COMMANDS)}'")
        lines.append(f"complete -c {prog} -f -n '__fish_seen_subcommand_from completion' -a '{' '.join(SHELLS)}'")
        return "\n".join(lines) + "\n"
    cases = "\n".join(f"        {name}) opts='{' '.join(sorted(flags))}' ;;" for name, flags in options.items())
    function = "_" + prog.replace(".", "_").replace("-", "_")
    script = f"""# Dossier's completion for {shell}: eval "$({prog} completion {shell})" in your ~/.{shell}rc
{function}() {{
    local cur=${{COMP_WORDS[COMP_CWORD]}} command=build
    if [[ $COMP_CWORD -gt 1 || ${{COMP_WORDS[1]}} == -* ]]; then
        case ${{COMP_WORDS[1]}} in {'|'.join(COMMANDS)}) command=${{COMP_WORDS[1]}} ;; esac
    fi
    local opts
    case $command in
{cases}
    esac
    if [[ $COMP_CWORD -eq 1 && $cur != -* ]]; then
        COMPREPLY=($(compgen -W '{' '.join(COMMANDS)}' -- "$cur") $(compgen -f -X '!*.yaml' -- "$cur") $(compgen -d -- "$cur"))
    elif [[ $cur == -* ]]; then
        COMPREPLY=($(compgen -W "$opts" -- "$cur"))
    elif [[ $command == help ]]; then
        COMPREPLY=($(compgen -W '{' '.join(COMMANDS)}' -- "$cur"))
    elif [[ $command == completion ]]; then
        COMPREPLY=($(compgen -W '{' '.join(SHELLS)}' -- "$cur"))
    else
        COMPREPLY=($(compgen -f -X '!*.yaml' -- "$cur") $(compgen -d -- "$cur"))
    fi
}}
complete -o filenames -F {function} {prog}
"""
    if shell == "zsh":
        script = "autoload -U +X bashcompinit && bashcompinit\n" + script
    return script


def _flags(p: argparse.ArgumentParser) -> set[str]:
    """The option flags a parser shows in its help."""
    return {flag for action in p._actions if action.help != argparse.SUPPRESS for flag in action.option_strings}
