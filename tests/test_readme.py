"""The README's commands are the ones CI runs."""

import re

from conftest import ROOT


def readme_commands() -> list[str]:
    return re.findall(r"```sh\n(sudo apt-get .+?)\n```", (ROOT / "README.md").read_text())


def test_ci_runs_the_readme_test_command_verbatim():
    build_command, test_command = readme_commands()
    assert "pytest" in test_command and "build.py" in build_command
    assert test_command in (ROOT / ".ci" / "run").read_text().splitlines()


def test_readme_pictures_exist():
    for picture in re.findall(r"!\[[^\]]*\]\(([^)]+)\)", (ROOT / "README.md").read_text()):
        assert (ROOT / picture).is_file(), picture
