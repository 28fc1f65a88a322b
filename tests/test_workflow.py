"""The GitHub workflow, the GitHub Action and the pre-commit hook: valid against their schemas, and consistent."""

import re
import subprocess
import sys

import pytest
import yaml
from pre_commit.clientlib import load_manifest

from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "build.yml"
ACTION = ROOT / "action.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"


@pytest.mark.parametrize("schema, path", [("vendor.github-workflows", WORKFLOW), ("vendor.github-actions", ACTION)])
def test_valid_against_githubs_schema(schema, path):
    run = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", schema, str(path)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


def test_workflow_tests_then_builds_shards_with_the_action():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key "on" as true
    assert {"push", "schedule", "workflow_dispatch"} <= set(triggers)
    test, build = workflow["jobs"]["test"], workflow["jobs"]["build"]
    assert any("python -m pytest" in step.get("run", "") for step in test["steps"])
    assert build["needs"] == "test" and build["strategy"]["matrix"]["shard"]
    [action] = [step for step in build["steps"] if step.get("uses") == "./"]
    assert action["with"]["shard"] == "${{ matrix.shard }}/%d" % len(build["strategy"]["matrix"]["shard"])


def test_action_checks_builds_uploads_and_summarises():
    action = yaml.safe_load(ACTION.read_text())
    assert action["runs"]["using"] == "composite"
    assert {"files", "formats", "shard", "options"} <= set(action["inputs"])
    steps = action["runs"]["steps"]
    runs = [step.get("run", "") for step in steps]
    check = next(i for i, r in enumerate(runs) if "dossier check" in r)
    build = next(i for i, r in enumerate(runs) if r.startswith("dossier build"))
    upload = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert check < build < upload
    assert "GITHUB_STEP_SUMMARY" in runs[check] and '--summary "$GITHUB_STEP_SUMMARY"' in runs[build]
    assert any("apt-get install" in r for r in runs) and any('pip install -q "$GITHUB_ACTION_PATH"' in r for r in runs)


def test_action_passes_inputs_through_the_environment_never_into_scripts():
    """An input spliced into a script is a shell injection; every one goes through `env:`."""
    action = yaml.safe_load(ACTION.read_text())
    used = set(re.findall(r"inputs\.([\w-]+)", ACTION.read_text()))
    assert used == set(action["inputs"])
    for step in action["runs"]["steps"]:
        assert "${{" not in step.get("run", ""), step.get("name")


def test_pre_commit_hook_is_valid_and_checks_brief_files():
    [hook] = load_manifest(str(HOOKS))  # pre-commit's own schema
    assert hook["id"] == "dossier-check" and hook["entry"] == "dossier check" and hook["pass_filenames"]
    assert hook["language"] == "python"  # pre-commit installs this repository, which provides `dossier`
    files = re.compile(hook["files"])
    assert files.search("data/pakistan-russia-sco.yaml")
    assert not any(files.search(path) for path in ("README.md", "output/x.yaml", "templates/theme.yaml"))
    scripts = re.search(r"\[project\.scripts\]\n(.*?)\n\n", (ROOT / "pyproject.toml").read_text(), re.S)[1]
    assert hook["entry"].split()[0] + " = " in scripts
