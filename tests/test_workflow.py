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


# The `since` input: built with --since, and each changed brief's diff in the job summary.

def _step(name: str) -> dict:
    [step] = [s for s in yaml.safe_load(ACTION.read_text())["runs"]["steps"] if s.get("name") == name]
    return step


def test_action_builds_and_checks_since_the_input_and_summarises_the_changes():
    action = yaml.safe_load(ACTION.read_text())
    assert "pull_request.base.sha" in action["inputs"]["since"]["description"]
    steps = action["runs"]["steps"]
    names = [s.get("name") for s in steps]
    for name in ("Check the briefs", "Build the briefs", "Summarise what changed"):
        assert _step(name)["env"]["SINCE"] == "${{ inputs.since }}"
    assert '${SINCE:+--since "$SINCE"}' in _step("Check the briefs")["run"]
    assert '${SINCE:+--since "$SINCE"}' in _step("Build the briefs")["run"]
    assert names.index("Find the revision") < names.index("Check the briefs") < names.index("Build the briefs") \
        < names.index("Summarise what changed")
    assert "inputs.since != ''" in _step("Find the revision")["if"]
    assert "inputs.since != ''" in _step("Summarise what changed")["if"]
    assert 'dossier diff "$shown:$brief" "$brief" --format md' in _step("Summarise what changed")["run"]


BRIEF = """\
meeting:
  title: Talks
  date: 2026-03-12
summary: Both governments review their joint agenda.
chapters:
  - title: Highlights
    blocks:
      - highlights:
          - title: Energy
            points: ["link their grids by 2030", "share storage data"]
          - title: Trade
            points: ["cut tariffs on steel and aluminium"]
  - title: Economy
    blocks:
      - table: Trade in goods
        columns: [Flow, "2023"]
        rows:
          - [Trade, 530]
"""


def _git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout.strip()


def _run_step(name: str, root: Path, tmp_path: Path, **env: str) -> tuple[subprocess.CompletedProcess, str]:
    """Run one step's script as the runner would (bash -e, pipefail) in `root`, with the env the step gets
    and a fake job summary; what it printed and the summary it wrote."""
    summary = tmp_path / "summary.md"
    summary.write_text("", encoding="utf-8")
    base = {"PATH": f"{Path(sys.executable).parent}:/usr/bin:/bin", "HOME": str(tmp_path),
            "GITHUB_STEP_SUMMARY": str(summary), "RUNNER_TEMP": str(tmp_path), "FILES": "", "SHARD": "",
            "GIT_CONFIG_NOSYSTEM": "1"}
    run = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", _step(name)["run"]],
                         cwd=root, env=base | env, capture_output=True, text=True, timeout=300)
    return run, summary.read_text(encoding="utf-8")


@pytest.fixture
def versions(tmp_path):
    """A briefs repository: a first commit (the pull request's base), then a second that changes one brief,
    adds one and leaves one alone; the base's commit."""
    from conftest import commit_version

    root = tmp_path / "briefs"
    commit_version(root, {"dossier.yaml": "formats: [pdf]\n", "data/talks.yaml": BRIEF,
                          "data/same.yaml": BRIEF.replace("Talks", "Other talks")}, day="2026-11-29")
    base = _git(root, "rev-parse", "HEAD")
    changed = BRIEF.replace('          - title: Trade\n            points: ["cut tariffs on steel and aluminium"]\n', "")
    changed = changed.replace("link their grids by 2030", "link their power grids by 2032").replace("530", "541")
    commit_version(root, {"data/talks.yaml": changed, "data/new `one`.yaml": BRIEF.replace("Talks", "New talks")},
                   day="2026-11-30")
    return root, base


def test_the_summary_names_each_changed_brief_and_its_changes(versions, tmp_path):
    root, base = versions
    run, summary = _run_step("Summarise what changed", root, tmp_path, SINCE=base)
    assert run.returncode == 0, run.stderr
    short = _git(root, "rev-parse", "--short", base)
    assert summary.startswith(f"## Dossier: what changed since `{short}`\n")  # a commit's id, shortened
    assert f"### Dossier: changes from `{short}:data/talks.yaml` to `data/talks.yaml`" in summary
    assert "- highlight `Trade` in `Highlights`" in summary  # removed, though the brief no longer has it
    assert "- table cell `Trade 2023` in `Economy` › `Trade in goods`: `530` → `541`" in summary
    assert "point in `Highlights` › `Energy`: `link their grids by 2030` → `link their power grids by 2032`" in summary
    assert f"- ``data/new `one`.yaml`` is new since `{short}`." in summary  # a name with backticks stays code
    assert "same.yaml" not in summary  # unchanged: not shown
    # the files input and a branch name; a shard other than the first writes nothing (the first has them all)
    _git(root, "branch", "base", base)
    run, summary = _run_step("Summarise what changed", root, tmp_path, SINCE="base", FILES="data/t*.yaml")
    assert run.returncode == 0, run.stderr
    assert summary.startswith(f"## Dossier: what changed since `base` (`{short}`)\n")
    assert "data/talks.yaml" in summary and "new" not in summary.split("\n", 1)[1]
    run, summary = _run_step("Summarise what changed", root, tmp_path, SINCE=base, SHARD="2/2")
    assert run.returncode == 0 and summary == ""


def test_the_summary_says_so_when_no_brief_changed(versions, tmp_path):
    root, _ = versions
    run, summary = _run_step("Summarise what changed", root, tmp_path, SINCE="HEAD")
    assert run.returncode == 0, run.stderr
    assert summary.endswith("No brief changed since `HEAD`.\n\n") and "###" not in summary


def test_the_summary_reports_a_brief_it_cannot_compare_and_leaves_the_gate_to_the_check(versions, tmp_path):
    """A version that does not load (the check, which runs first, passed: so it is the base's, which the pull
    request may fix) is named in the summary, its message in the log; the step itself does not fail."""
    root, base = versions
    (root / "data" / "talks.yaml").write_text("meeting:\n  date: 2026-13-45\n", encoding="utf-8")
    run, summary = _run_step("Summarise what changed", root, tmp_path, SINCE=base)
    assert run.returncode == 0
    assert "- `data/talks.yaml`: `dossier diff` could not compare it; its message is in the log." in summary
    assert "data/talks.yaml:2:" in run.stderr and "Traceback" not in run.stderr


@pytest.mark.parametrize("since", ["--output=x", "-x", "no-such-commit", "main\n::add-mask::x"])
def test_the_revision_step_stops_with_one_line_for_a_revision_the_checkout_lacks(versions, tmp_path, since):
    root, _ = versions
    run, _ = _run_step("Find the revision", root, tmp_path, SINCE=since)
    assert run.returncode == 1
    [line] = run.stdout.splitlines()  # no second workflow command, whatever the input holds
    assert line.startswith("::error title=Dossier::since: '") and "fetch-depth: 0" in line
    assert not (root / "x").exists() and not (root / "output=x").exists()
    run, _ = _run_step("Find the revision", root, tmp_path, SINCE="HEAD~1")
    assert run.returncode == 0 and run.stdout == ""


def test_the_starter_workflow_compares_a_pull_request_with_its_base():
    workflow = yaml.safe_load(scaffold.starter(scaffold.LAYOUT[".github/workflows/briefs.yml"]))
    steps = workflow["jobs"]["briefs"]["steps"]
    assert steps[0]["with"]["fetch-depth"] == 0  # the base commit is in the checkout
    assert steps[1]["with"]["since"] == "${{ github.event.pull_request.base.sha }}"  # empty on a push


def test_the_summary_shows_a_brief_whose_table_file_alone_changed(tmp_path):
    """A brief's CSV file is part of it: the brief is compared though its YAML is the same."""
    from conftest import commit_version

    brief = BRIEF.replace("        columns: [Flow, \"2023\"]\n        rows:\n          - [Trade, 530]\n",
                          "        csv: trade.csv\n")
    root = commit_version(tmp_path / "briefs", {"data/talks.yaml": brief, "data/trade.csv": "Flow,2023\nTrade,530\n"})
    base = _git(root, "rev-parse", "HEAD")
    commit_version(root, {"data/trade.csv": "Flow,2023\nTrade,541\n"}, day="2026-12-01")
    run, summary = _run_step("Summarise what changed", root, tmp_path, SINCE=base)
    assert run.returncode == 0, run.stderr
    assert "- table cell `Trade 2023` in `Economy` › `Trade in goods`: `530` → `541`" in summary
