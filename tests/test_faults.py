"""Fault injection: a build killed at a random (seeded) moment leaves nothing running and nothing half-done.

Each run builds a batch, waits until the build is writing (a temporary exists), waits a
random moment more, and signals the build's main process alone, or its whole process group
as a terminal's Ctrl-C or a CI runner does. Then: nothing the build started is running
within a second; no output changes afterwards; every visible output is complete (the bytes
of a clean build: builds are reproducible); and the next build completes the folder to
exactly what a clean build leaves. DOSSIER_FAULT_SEED picks other moments.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

SEED = int(os.environ.get("DOSSIER_FAULT_SEED", "1918"))
BRIEFS = 2
FORMATS = ("--format", "pdf,pptx")
TEMPORARY = ".dossier-tmp"


def _project(folder: Path) -> Path:
    (folder / "data").mkdir(parents=True)
    text = (ROOT / "tests" / "cases" / "valid.yaml").read_text()
    for i in range(1, BRIEFS + 1):
        (folder / "data" / f"b{i}.yaml").write_text(text.replace("A Meeting", f"Meeting {i}"))
    return folder


def _start(project: Path, *args: str, **kwargs) -> subprocess.Popen:
    """`dossier build` in a session of its own (its id is the build's pid), as a CI step runs it."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.Popen([sys.executable, "-m", "dossier", "build", *FORMATS, *args], cwd=project, env=env,
                            stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True, **kwargs)


def _outputs(project: Path) -> dict[str, bytes]:
    """The outputs a person sees (no temporaries, no records)."""
    return {name: data for name, data in _files(project).items() if not name.startswith(".")}


def _files(project: Path) -> dict[str, bytes]:
    """Every file in output/, temporaries and records included."""
    out = project / "output"
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}


def _temporaries(project: Path) -> list[Path]:
    return sorted((project / "output").rglob(f"*{TEMPORARY}"))


def _session(sid: int) -> list[int]:
    """The processes still running in session `sid` (zombies are gone already)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] not in "ZX":
            found.append(int(stat.parent.name))
    return found


def _gone(sid: int, within: float = 1.0) -> list[int]:
    deadline = time.monotonic() + within
    while (left := _session(sid)) and time.monotonic() < deadline:
        time.sleep(0.02)
    return left


@pytest.fixture(scope="module")
def clean(tmp_path_factory) -> dict[str, bytes]:
    """What a clean build of the batch writes."""
    project = _project(tmp_path_factory.mktemp("clean"))
    build = _start(project, "-j", "2")
    assert build.wait(timeout=300) == 0, build.communicate()
    return _outputs(project)


EXIT = {signal.SIGKILL: -signal.SIGKILL, signal.SIGTERM: 128 + signal.SIGTERM, signal.SIGINT: 128 + signal.SIGINT}


@pytest.mark.parametrize("whom", ["main", "group"])
@pytest.mark.parametrize("signum", [signal.SIGKILL, signal.SIGTERM, signal.SIGINT], ids=lambda s: s.name)
@pytest.mark.parametrize("jobs", [1, 2, 4])  # 4: a worker per target, forked before the theme loads
def test_a_killed_build_leaves_nothing_running_and_nothing_half_done(tmp_path, clean, jobs, signum, whom):
    project = _project(tmp_path)
    moment = random.Random(f"{SEED}/{jobs}/{signum.name}/{whom}").uniform(0, 0.6)
    build = _start(project, "-j", str(jobs))
    deadline = time.monotonic() + 120
    while not _temporaries(project) and build.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    assert build.poll() is None, "the build ended before it could be killed"
    time.sleep(moment)
    (os.killpg if whom == "group" else os.kill)(build.pid, signum)
    _, stderr = build.communicate(timeout=10)

    assert _gone(build.pid) == [], "processes of the build outlived it"
    assert build.returncode in (EXIT[signum], 0), stderr  # 0: it finished within the moment
    assert "Traceback" not in stderr, stderr
    after = _files(project)
    time.sleep(0.3)
    assert _files(project) == after, "a file changed after the build was killed"
    for name, data in _outputs(project).items():
        assert data == clean[name], f"{name} is not a complete output"
    if signum != signal.SIGKILL:
        assert _temporaries(project) == [], "a stopped build left temporaries"

    rebuild = _start(project, "-j", "2")
    assert rebuild.wait(timeout=300) == 0, rebuild.communicate()
    assert _outputs(project) == clean
    assert _temporaries(project) == []


def _mounts() -> bool:
    return shutil.which("unshare") is not None and subprocess.run(["unshare", "-rm", "true"]).returncode == 0


needs_mounts = pytest.mark.skipif(not _mounts(), reason="no mount namespaces here")


def _in_namespace(project: Path, setup: str) -> subprocess.CompletedProcess:
    """A build in a mount namespace of its own, after `setup`; then output/ is copied to after/."""
    script = (f"{setup} && {sys.executable} -m dossier build {' '.join(FORMATS)} -j 1; code=$?; "
              "cp -a output/. after/; exit $code")
    (project / "after").mkdir()
    return subprocess.run(["unshare", "-rm", "sh", "-c", script], cwd=project, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=300)


@needs_mounts
def test_a_full_disk_is_a_message_and_the_previous_outputs_stay(tmp_path, clean):
    """output/ on a small disk that holds the previous outputs and little more."""
    project = _project(tmp_path)
    assert _start(project, "-j", "1").wait(timeout=300) == 0
    shutil.copytree(project / "output", project / "saved")
    for brief in (project / "data").glob("*.yaml"):
        brief.write_text(brief.read_text().replace("Meeting", "Revised meeting"))
    size = sum(-(-p.stat().st_size // 4096) * 4096 for p in (project / "saved").rglob("*")) + 8192
    run = _in_namespace(project, f"mount -t tmpfs -o size={size} tmpfs output && cp -a saved/. output/")
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr and "internal error" not in run.stderr, run.stderr
    assert "data/b1.yaml: cannot write output/b1.pdf: the disk is full; free some space and build again" \
        in run.stderr.splitlines(), run.stderr
    after = {p.name: p.read_bytes() for p in (project / "after").iterdir() if p.is_file()}
    assert after == clean, "a previous output was lost"
    assert not list((project / "after").rglob(f"*{TEMPORARY}"))


@needs_mounts
def test_a_read_only_output_folder_is_one_message(tmp_path):
    project = _project(tmp_path)
    (project / "output").mkdir()
    run = _in_namespace(project, "mount --bind output output && mount -o remount,ro,bind output output")
    assert run.returncode == 1, run.stderr
    assert run.stderr.splitlines() == [
        "Error: output: cannot write: the folder is read-only (a read-only file system); choose another output "
        "folder with --out"]
    assert not any((project / "after").iterdir())


def test_a_stop_signal_during_a_fork_is_raised_after_it_not_lost_in_its_hooks():
    """A signal that comes while the build forks (here, sent from fork's own after-hook in the parent, where
    Python ignores what a handler raises) is held, and raised once the fork has returned, the child killed and
    reaped first: nobody else knows of it, and it would write what the build's cleanup has looked for
    already. In a process of its own, one thread like the build's: a signal mask holds for the thread that
    sets it."""
    script = """
import os, signal, time
from dossier.build.timelimit import held_fork
class Stop(Exception): pass
def stop(*_): raise Stop
fired = []
def hook():
    if not fired:
        fired.append(True)
        os.kill(os.getpid(), signal.SIGTERM)
signal.signal(signal.SIGTERM, stop)
os.register_at_fork(after_in_parent=hook)
try:
    pid, _ = held_fork()
    if pid == 0:
        time.sleep(30)
        os._exit(0)
    for _ in range(1000):
        pass
    print("lost")
except Stop:
    try:
        os.waitpid(-1, os.WNOHANG)
        print("the child lives on")
    except ChildProcessError:
        print("raised" if fired else "not fired")
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)})
    assert done.stdout.strip() == "raised", done.stdout + done.stderr
