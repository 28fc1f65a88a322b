"""The GitHub workflow, the GitHub Action and the pre-commit hook: valid against their schemas, and consistent."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from pre_commit.clientlib import load_manifest

from conftest import ROOT
from dossier.project import scaffold

WORKFLOW = ROOT / ".github" / "workflows" / "build.yml"
RELEASE = ROOT / ".github" / "workflows" / "release.yml"
ACTION = ROOT / "action.yml"
HOOKS = ROOT / ".pre-commit-hooks.yaml"
STARTER = "the workflow `dossier init` writes"
PINNED = re.fullmatch(r"[0-9a-f]{40}", scaffold.ACTION_COMMIT) is not None
"""Whether the starter workflow pins Dossier's own action yet (`scaffold.ACTION_COMMIT`)."""


def _zizmor(path: Path) -> list[dict]:
    """zizmor's findings on one workflow or action, offline, at its default persona."""
    zizmor = shutil.which("zizmor", path=str(Path(sys.executable).parent)) or shutil.which("zizmor")
    assert zizmor, "zizmor is missing: pip install -e '.[test]'"
    run = subprocess.run([zizmor, "--offline", "--no-config", "--format", "json", str(path)],
                         capture_output=True, text=True, timeout=120)
    assert run.stdout.strip(), run.stderr  # a file zizmor cannot parse gives no JSON at all
    return json.loads(run.stdout)


@pytest.mark.parametrize("path", [WORKFLOW, RELEASE, ACTION, STARTER],
                         ids=["build.yml", "release.yml", "action.yml", "starter"])
def test_zizmor_finds_nothing_above_informational(path, tmp_path):
    """Pinned actions, no stored credentials, read-only tokens, no injection: zizmor's regular audits."""
    if path == STARTER:
        path = tmp_path / "briefs.yml"
        path.write_text(scaffold.starter(scaffold.LAYOUT[".github/workflows/briefs.yml"]))
    findings = [f for f in _zizmor(path) if f["determinations"]["severity"] != "Informational"]
    if not PINNED:  # the one finding test_the_starter_pins_dossiers_action_by_commit expects
        findings = [f for f in findings if not (f["ident"] == "unpinned-uses" and any(
            scaffold.ACTION in loc["concrete"]["feature"] for loc in f["locations"]))]
    assert not findings, "\n".join(f"{f['ident']}: {f['desc']} at {f['locations'][0]['concrete']['feature']!r}"
                                   for f in findings)


@pytest.mark.xfail(not PINNED, strict=True,
                   reason="set scaffold.ACTION_COMMIT to the commit of Dossier's release tag once it exists")
def test_the_starter_pins_dossiers_action_by_commit(tmp_path):
    path = tmp_path / "briefs.yml"
    path.write_text(scaffold.starter(scaffold.LAYOUT[".github/workflows/briefs.yml"]))
    assert not [f for f in _zizmor(path) if f["ident"] == "unpinned-uses"]


def test_workflows_read_only_leave_no_credentials_and_pin_every_action_by_commit():
    workflows = [WORKFLOW.read_text(), scaffold.starter("workflow.yml")]
    for text in workflows:
        assert yaml.safe_load(text)["permissions"] == {"contents": "read"}
        assert text.count("persist-credentials: false") == text.count("uses: actions/checkout@") > 0
    for text in [*workflows, ACTION.read_text()]:
        for uses in re.findall(r"uses: (.*)", text):
            assert (re.fullmatch(r"[\w./-]+@[0-9a-f]{40} # v\d[\w.]*", uses) or uses.startswith(scaffold.ACTION)
                    or uses == "./ # zizmor: ignore[self-repository]"), uses


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
    assert any("apt-get install" in r for r in runs)
    assert any('pip install -q "$GITHUB_ACTION_PATH[render]"' in r for r in runs)  # the core and its renderers


def test_action_refuses_other_runners_installs_only_missing_packages_and_caches_pip():
    steps = yaml.safe_load(ACTION.read_text())["runs"]["steps"]
    assert 'if [ "$RUNNER_OS" != Linux ]' in steps[0]["run"] and "exit 1" in steps[0]["run"]
    [install] = [s["run"] for s in steps if "apt-get install" in s.get("run", "")]
    assert "dpkg -s" in install and "$missing" in install.split("apt-get install")[1]
    [cache] = [s for s in steps if s.get("uses", "").startswith("actions/cache@")]
    assert cache["with"]["key"] == "${{ steps.pip-cache.outputs.key }}"
    [key] = [s["run"] for s in steps if s.get("id") == "pip-cache"]
    assert '"$GITHUB_ACTION_PATH/pyproject.toml"' in key and "$PYTHON_VERSION" in key and "$RUNNER_OS" in key


def test_action_takes_the_output_folder_from_dossier_and_writes_outputs_in_random_heredocs(tmp_path):
    """The output folder comes from `dossier where output`, validated; no value can add an output line."""
    [where] = [s for s in yaml.safe_load(ACTION.read_text())["runs"]["steps"] if s.get("id") == "where"]
    assert "$(dossier where output)" in where["run"]
    script = where["run"].replace("$(dossier where output)", "$OUTPUT")
    outputs = tmp_path / "outputs"
    env = {"PATH": "/usr/bin:/bin", "GITHUB_OUTPUT": str(outputs), "ARTIFACT": "briefs\nartifact=evil",
           "SHARD": "1/2", "OUTPUT": "site"}
    subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script], env=env, check=True)
    text = outputs.read_text()
    values = {name: value for name, _, value in
              re.findall(r"^(\w+)<<(dossier-[0-9a-f]{32})\n(.*?)\n\2$", text, re.M | re.S)}
    assert values == {"output": "site", "artifact": "briefs\nartifact=evil-1-of-2"}


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


def test_the_release_workflow_checks_the_distributions_and_publishes_by_trusted_publishing_only():
    """A tag builds the sdist and the wheel, checks them, and publishes with an OIDC token held by one job."""
    release = yaml.safe_load(RELEASE.read_text())
    assert release[True] == {"push": {"tags": ["v*"]}, "workflow_dispatch": None}  # YAML 1.1 reads `on:` as True
    assert release["permissions"] == {}
    dist, publish = release["jobs"]["dist"], release["jobs"]["publish"]
    runs = [step.get("run", "") for step in dist["steps"]]
    assert any(r.startswith("pyproject-build") for r in runs), "python -m build would run build.py instead"
    assert "pyproject-build packaging/dossier-briefs --outdir dist" in runs  # the distribution people install
    assert "python -m twine check --strict dist/*" in runs
    assert sum(r.startswith("check-wheel-contents ") for r in runs) == 2  # the core's wheel and dossier-briefs'
    assert dist["steps"][0]["with"] == {"persist-credentials": False, "fetch-depth": 0}
    assert dist["permissions"] == {"contents": "read"}
    assert publish["permissions"] == {"id-token": "write"} and publish["environment"]["name"] == "pypi"
    assert "refs/tags/v" in publish["if"]
    assert [s["uses"].split("@")[0] for s in publish["steps"]] == ["actions/download-artifact",
                                                                   "pypa/gh-action-pypi-publish"]
    assert not any("password" in s.get("with", {}) for s in publish["steps"])


def test_the_package_has_its_own_name_a_licence_and_full_metadata():
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    assert project["name"] == "dossier-briefs-core" and project["scripts"] == {"dossier": "dossier.__main__:run"}
    meta = tomllib.loads((ROOT / "packaging" / "dossier-briefs" / "pyproject.toml").read_text())["project"]
    assert meta["name"] == "dossier-briefs" and meta["scripts"] == project["scripts"]  # pipx exposes it
    assert {"version", "dependencies"} <= set(meta["dynamic"]) and meta["urls"] == project["urls"]
    assert project["license"] == "MIT AND OFL-1.1"
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    assert {"Homepage", "Source", "Issues", "Changelog"} <= set(project["urls"])
    assert project["authors"] and any(c.startswith("Programming Language :: Python :: 3.11")
                                      for c in project["classifiers"])
    assert "version" in project["dynamic"] and (ROOT / "CHANGELOG.md").read_text().startswith("# Changelog")
