"""The README's commands are the ones CI runs, and work with sudo and without it."""

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


def test_readme_pictures_exist():
    for picture in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", (ROOT / "README.md").read_text()):
        assert (ROOT / picture).is_file(), picture


def test_the_readmes_project_file_names_every_setting_and_only_those():
    from dossier.project import Settings

    section = (ROOT / "README.md").read_text().split("## Use it in your own repository\n")[1].split("\n## ")[0]
    example = re.search(r"```yaml\n( *formats:.+?)```", section, re.S)[1]
    keys = [line.split(":")[0].strip() for line in example.splitlines() if line.strip()]
    assert sorted(keys) == sorted(Settings.model_fields)


def readme_messages() -> list[str]:
    """The example error messages in the README's code blocks (`data/x.yaml:L:C: message`), without file and place."""
    blocks = re.findall(r"^ *```[^\n]*\n(.*?)^ *```", (ROOT / "README.md").read_text(encoding="utf-8"), re.S | re.M)
    return [m for block in blocks for m in re.findall(r"^ *data/[^\s:]+:\d+:\d+: (.+)$", block, re.M)]


def corpus_messages() -> set[str]:
    """Every message the corpus expects: tests/cases/*.expected and tests/cases/projects/*/expected."""
    cases = ROOT / "tests" / "cases"
    files = [*cases.glob("*.expected"), *cases.glob("projects/*/expected")]
    return {m for f in files for m in re.findall(r"^(?:\S*:)?\d+:\d+: (.+)$", f.read_text(encoding="utf-8"), re.M)}


def test_every_example_message_in_the_readme_is_in_the_corpus():
    examples = readme_messages()
    assert len(examples) >= 8, examples  # "Writing a brief" has five, "Figures" three
    missing = [m for m in examples if m not in corpus_messages()]
    assert missing == [], "README messages with no case in tests/cases/ (add one, with its .expected)"
