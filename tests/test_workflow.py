"""The GitHub workflow: valid against GitHub's schema, and running what the README says."""

import subprocess
import sys

import yaml

from conftest import ROOT

WORKFLOW = ROOT / ".github" / "workflows" / "build.yml"


def test_workflow_is_valid_against_githubs_schema():
    run = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                          str(WORKFLOW)], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr


def test_workflow_tests_builds_shards_and_uploads():
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key "on" as true
    assert {"push", "schedule", "workflow_dispatch"} <= set(triggers)
    steps = [step.get("run", "") + step.get("uses", "") for job in workflow["jobs"].values() for step in job["steps"]]
    assert any("python -m pytest" in s for s in steps)
    assert any("build.py --shard" in s for s in steps)
    assert any(s.startswith("actions/upload-artifact") for s in steps)
    assert any(job.get("strategy", {}).get("matrix", {}).get("shard") for job in workflow["jobs"].values())
