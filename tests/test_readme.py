"""The README's commands are the ones CI runs, and work with sudo and without it; its pictures and links
work on the package index, and the documentation's links lead somewhere."""

import os
import re
import shutil
import subprocess

import pytest

from conftest import ROOT

SUDO = "$(command -v sudo) "


def readme_commands() -> list[str]:
    return re.findall(r"```sh\n(\$\(command -v sudo\) apt-get .+?)\n```", (ROOT / "README.md").read_text())


def test_ci_runs_the_readme_test_command_verbatim():
    build_command, test_command = readme_commands()
    assert "pytest" in test_command and "build.py" in build_command
    assert test_command in (ROOT / ".ci" / "run").read_text().splitlines()


def test_every_apt_get_runs_through_sudo_when_there_is_one():
    for command in readme_commands():
        assert command.count("apt-get ") == command.count(SUDO + "apt-get ") + command.count(SUDO + "env ")
        assert "python3-venv" in command  # Debian's python3 has no venv without it


@pytest.mark.parametrize("sudo", [False, True], ids=["root without sudo", "user with sudo"])
def test_the_system_packages_step_works_with_and_without_sudo(tmp_path, sudo):
    """The commands' apt-get part, run by sh with stand-ins for apt-get (and sudo) that log their calls."""
    log = tmp_path / "log"
    bin = tmp_path / "bin"
    bin.mkdir()
    os.symlink(shutil.which("env"), bin / "env")
    (bin / "apt-get").write_text(f'#!/bin/sh\necho "apt-get $* as ${{AS:-root}}" >> {log}\n')
    if sudo:
        (bin / "sudo").write_text('#!/bin/sh\nAS=sudo exec "$@"\n')
    for stub in bin.iterdir():
        stub.chmod(0o755)
    for command in readme_commands():
        packages_step = command.split(" && python3 -m venv")[0]
        log.unlink(missing_ok=True)
        run = subprocess.run([shutil.which("sh"), "-c", packages_step], env={"PATH": str(bin)},
                             capture_output=True, text=True, timeout=30)
        assert run.returncode == 0, run.stderr
        calls = log.read_text().splitlines()
        who = "sudo" if sudo else "root"
        assert calls[0] == f"apt-get update -qq as {who}"
        assert calls[1].startswith("apt-get install -y -qq python3-venv libpango") and calls[1].endswith(f"as {who}")


REPOSITORY = "dossier-briefs/dossier-briefs"
RAW = f"https://raw.githubusercontent.com/{REPOSITORY}/main/"
BLOB = f"https://github.com/{REPOSITORY}/blob/main/"
PICTURE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")
LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")


def docs() -> list:
    """The Markdown pages the README links to, in docs/."""
    return sorted((ROOT / "docs").glob("*.md"))


def anchors(page) -> set[str]:
    """GitHub's anchors for a Markdown page's headings (outside code blocks)."""
    text = re.sub(r"^ *```.*?^ *```", "", page.read_text(encoding="utf-8"), flags=re.S | re.M)
    titles = re.findall(r"^#+ (.+)$", text, re.M)
    return {re.sub(r"[^\w\- ]", "", title.lower()).replace(" ", "-") for title in titles}


def test_the_repository_is_the_one_the_project_urls_name():
    assert f'Source = "https://github.com/{REPOSITORY}"' in (ROOT / "pyproject.toml").read_text()


def test_readme_pictures_are_absolute_and_exist():
    """The package index shows the README without the repository: a picture must be an absolute https URL."""
    pictures = PICTURE.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    assert len(pictures) >= 3, pictures
    for url in pictures:
        assert url.startswith(RAW + "docs/"), url
        assert (ROOT / url.removeprefix(RAW)).is_file(), url


def test_readme_links_into_the_repository_are_absolute_and_lead_somewhere():
    """Every README link to the repository's files is absolute, to a file that exists (and a heading it has)."""
    links = LINK.findall((ROOT / "README.md").read_text(encoding="utf-8"))
    ours = [url for url in links if not url.startswith(("https://", "mailto:"))]
    assert ours == [], "relative links break on the package index; link to " + BLOB + "…"
    into_repository = [url for url in links if url.startswith(BLOB)]
    assert {url.split("#")[0].removeprefix(BLOB) for url in into_repository} >= {p.relative_to(ROOT).as_posix()
                                                                               for p in docs()}
    for url in into_repository:
        path, _, anchor = url.removeprefix(BLOB).partition("#")
        assert (ROOT / path).is_file(), url
        assert not anchor or anchor in anchors(ROOT / path), url


def test_the_docs_pictures_and_links_lead_somewhere():
    """docs/*.md link to each other, to the README and to their pictures by relative paths that exist."""
    readme_anchors = anchors(ROOT / "README.md")
    for page in docs():
        text = page.read_text(encoding="utf-8")
        for url in PICTURE.findall(text) + LINK.findall(text):
            if url.startswith(("https://", "mailto:", "#")):
                continue
            path, _, anchor = url.partition("#")
            target = (page.parent / path).resolve()
            assert target.is_file(), f"{page.name}: {url}"
            assert not anchor or anchor in (readme_anchors if target.name == "README.md" else anchors(target)), \
                f"{page.name}: {url}"


def test_the_readmes_project_file_names_every_setting_and_only_those():
    from dossier.project import Settings

    section = (ROOT / "README.md").read_text().split("## Use it in your own repository\n")[1].split("\n## ")[0]
    example = re.search(r"```yaml\n( *formats:.+?)```", section, re.S)[1]
    keys = [line.split(":")[0].strip() for line in example.splitlines() if line.strip()]
    assert sorted(keys) == sorted(Settings.model_fields)


def readme_messages() -> list[str]:
    """The example error messages in the code blocks of the README and docs/*.md (`data/x.yaml:L:C: message`),
    without file and place."""
    messages = []
    for page in [ROOT / "README.md", *docs()]:
        blocks = re.findall(r"^ *```[^\n]*\n(.*?)^ *```", page.read_text(encoding="utf-8"), re.S | re.M)
        messages += [m for block in blocks for m in re.findall(r"^ *data/[^\s:]+:\d+:\d+: (.+)$", block, re.M)]
    return messages


def corpus_messages() -> set[str]:
    """Every message the corpus expects: tests/cases/*.expected and tests/cases/projects/*/expected."""
    cases = ROOT / "tests" / "cases"
    files = [*cases.glob("*.expected"), *cases.glob("projects/*/expected")]
    return {m for f in files for m in re.findall(r"^(?:\S*:)?\d+:\d+: (.+)$", f.read_text(encoding="utf-8"), re.M)}


def test_every_example_message_in_the_documentation_is_in_the_corpus():
    examples = readme_messages()
    assert len(examples) >= 8, examples  # README 2, docs/brief-format.md 12, docs/figures.md 4
    missing = [m for m in examples if m not in corpus_messages()]
    assert missing == [], "README messages with no case in tests/cases/ (add one, with its .expected)"


@pytest.mark.parametrize("page", ["README.md", *(p.relative_to(ROOT).as_posix() for p in docs())])
def test_every_code_block_is_closed_before_the_next_opens(page):
    """A fence left open swallows the text after it (two headings once vanished so): ```yaml cannot close one."""
    inside = None
    for number, line in enumerate((ROOT / page).read_text(encoding="utf-8").splitlines(), 1):
        fence = re.match(r"^ *```(\S*)", line)
        if fence and inside is None:
            inside = number
        elif fence:
            assert fence[1] == "", f"{page}:{number}: a code block opens while the one from line {inside} is open"
            inside = None
    assert inside is None, f"{page}:{inside}: this code block is never closed"
