"""Builds: atomic writes, time limits, stale temporaries, reproducible outputs (kills: tests/test_faults.py)."""

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import EXAMPLE, ROOT
from dossier.build import Options, build
from dossier.build.write import atomic_path, remove_stale_temporaries


def digest(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_atomic_path_leaves_the_old_file_when_the_block_fails(tmp_path):
    target = tmp_path / "x.pdf"
    target.write_bytes(b"old")
    try:
        with atomic_path(target) as tmp:
            tmp.write_bytes(b"half")
            raise RuntimeError
    except RuntimeError:
        pass
    assert target.read_bytes() == b"old"
    assert [p.name for p in tmp_path.iterdir()] == ["x.pdf"]


def test_stale_temporaries_of_dead_builds_are_removed(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    old_form, new_form = tmp_path / f".x.pdf.{dead}.dossier-tmp", tmp_path / f".x.pptx.{dead}-k2_9xq0a.dossier-tmp"
    live = tmp_path / f".x.html.{os.getpid()}-abcdefgh.dossier-tmp"
    for path in (old_form, new_form, live):
        path.write_bytes(b"half")
    assert sorted(remove_stale_temporaries(tmp_path)) == sorted([old_form, new_form])
    assert not old_form.exists() and not new_form.exists() and live.exists()


def test_a_render_that_takes_too_long_is_stopped_and_reported(tmp_path):
    [result] = build([EXAMPLE], Options(out=tmp_path, formats=("pdf",), timeout=0.01))
    assert result.failed
    assert "took longer than 0.01 s" in result.problems[0]
    assert not list(tmp_path.glob("*.pdf")) and not list(tmp_path.glob(".*.dossier-tmp"))


def test_two_builds_in_other_processes_folders_and_seconds_give_identical_bytes(tmp_path):
    """Nothing in the files may depend on the clock, the process or where the data lives."""
    digests = []
    for run in ("a", "b"):
        folder = tmp_path / run / "briefs"
        folder.mkdir(parents=True)
        source = folder / EXAMPLE.name
        source.write_bytes(EXAMPLE.read_bytes())
        out = tmp_path / run / "out"
        subprocess.run([sys.executable, "build.py", str(source), "--format", "all", "--out", str(out), "-j", "1"],
                       cwd=ROOT, check=True, capture_output=True, timeout=600)
        digests.append({p.name: digest(p) for p in sorted(out.glob("pakistan-russia-sco.*"))})
        time.sleep(1.1)
    assert len(digests[0]) == 3
    assert digests[0] == digests[1]


def test_parallel_build_matches_serial(tmp_path):
    sources = [EXAMPLE, ROOT / "tests" / "cases" / "valid.yaml"]
    serial = build(sources, Options(out=tmp_path / "s", formats=("html",)), jobs=1)
    parallel = build(sources, Options(out=tmp_path / "p", formats=("html",)), jobs=2)
    assert [r.source for r in parallel] == sources
    for name in ("pakistan-russia-sco.html", "valid.html"):
        assert (tmp_path / "s" / name).read_bytes() == (tmp_path / "p" / name).read_bytes()
    assert not any(r.failed for r in serial + parallel)


def test_only_dossiers_own_temporaries_are_removed(tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True).stdout.strip()
    (tmp_path / ".dossier").mkdir()
    ours = [tmp_path / f".x.pdf.{dead}.dossier-tmp", tmp_path / ".dossier" / f".x.pdf.json.{dead}.dossier-tmp"]
    theirs = tmp_path / f".myeditor.{dead}.tmp"
    for path in [*ours, theirs]:
        path.write_bytes(b"")
    assert sorted(remove_stale_temporaries(tmp_path)) == sorted(ours)
    assert theirs.exists()


def test_dossiers_code_is_read_again_only_when_a_file_changed(tmp_path, monkeypatch):
    from dossier.build import stamps

    code = tmp_path / "code.py"
    code.write_text("a = 1\n")
    monkeypatch.setattr(stamps, "_code_files", lambda: [(code, Path("code.py"))])
    digest, reads = stamps._dossier_digest, []
    monkeypatch.setattr(stamps, "_dossier_digest", lambda: reads.append(1) or digest())

    def build_anew():  # as a new process would: nothing remembered
        digest.cache_clear(), stamps._code_signature.cache_clear(), reads.clear()
        return build([EXAMPLE], Options(out=tmp_path / "out", formats=("html",)))[0]

    assert build_anew().built
    assert build_anew().skipped and not reads  # the record's signature holds: nothing read
    os.utime(code, ns=(1, 1))  # a fresh clone: new times, same bytes
    assert build_anew().skipped and reads
    code.write_text("a = 2\n")
    assert build_anew().built


def test_changing_the_logo_rebuilds(tmp_path):
    from PIL import Image

    data = tmp_path / "data"
    data.mkdir()
    for name in ("logo.yaml", "emblem.png"):
        (data / name).write_bytes((ROOT / "tests" / "cases" / name).read_bytes())
    options = Options(out=tmp_path / "out", formats=("html",))
    assert build([data / "logo.yaml"], options)[0].built
    assert build([data / "logo.yaml"], options)[0].skipped
    Image.new("RGB", (40, 40), "red").save(data / "emblem.png")
    assert build([data / "logo.yaml"], options)[0].built
    (data / "emblem.png").unlink()
    [result] = build([data / "logo.yaml"], options)
    assert result.failed and "emblem.png' does not exist" in result.problems[0]


def test_one_briefs_formats_render_as_parallel_jobs_with_the_same_bytes(tmp_path, monkeypatch):
    import dossier.build

    jobs = []
    pooled = dossier.build._pooled
    monkeypatch.setattr(dossier.build, "_pooled", lambda plans, tasks, *a: jobs.extend(tasks) or pooled(plans, tasks, *a))
    formats = ("pdf", "pptx", "html")
    [serial] = build([EXAMPLE], Options(out=tmp_path / "s", formats=formats), jobs=1)
    assert not jobs  # one process: the brief's targets in one child
    [parallel] = build([EXAMPLE], Options(out=tmp_path / "p", formats=formats), jobs=2)
    assert [list(targets) for _, targets in jobs] == [[tmp_path / "p" / f"pakistan-russia-sco.{f}"] for f in formats]
    assert [p.name for p in parallel.built] == [p.name for p in serial.built] == [
        f"pakistan-russia-sco.{f}" for f in formats]
    for name in (p.name for p in serial.built):
        assert (tmp_path / "s" / name).read_bytes() == (tmp_path / "p" / name).read_bytes()
        assert (tmp_path / "p" / ".dossier" / f"{name}.json").is_file()
    assert not list((tmp_path / "p").glob(".*.dossier-tmp"))


def test_a_batch_rehearses_once_per_format_and_its_outputs_keep_their_bytes(tmp_path, monkeypatch):
    import dossier.build

    rehearsals, renderer = [], dossier.build._renderer

    def counting(fmt):
        render = renderer(fmt)
        return lambda brief, theme, path, o, *first: (rehearsals.append(fmt) if path == Path(os.devnull) else None,
                                                      render(brief, theme, path, o, *first))

    monkeypatch.setattr(dossier.build, "_rehearsed", set())
    monkeypatch.setattr(dossier.build, "_renderer", counting)
    sources = []
    for name in ("a", "b", "c"):
        sources.append(tmp_path / f"{name}.yaml")
        sources[-1].write_bytes(EXAMPLE.read_bytes())
    options = Options(out=tmp_path / "many", formats=("pdf", "pptx"))
    assert not any(r.failed for r in build(sources, options, jobs=1))
    assert sorted(rehearsals) == ["pdf", "pptx"]
    rehearsals.clear()
    [alone] = build([EXAMPLE], Options(out=tmp_path / "one", formats=("pdf", "pptx")), jobs=1)
    assert not rehearsals  # one brief: no rehearsal
    for target in alone.built:
        assert target.read_bytes() == (tmp_path / "many" / f"c{target.suffix}").read_bytes()


def test_a_no_op_build_starts_no_pool_and_loads_no_theme(tmp_path, monkeypatch):
    import dossier.build

    options = Options(out=tmp_path, formats=("html",))
    build([EXAMPLE], options, jobs=2)
    monkeypatch.setattr(dossier.build, "_pooled", lambda *a: pytest.fail("a pool was started"))
    monkeypatch.setattr(dossier.build, "_theme", lambda *a: pytest.fail("the theme was loaded"))
    [result] = build([EXAMPLE], options, jobs=2)
    assert result.skipped == [tmp_path / "pakistan-russia-sco.html"] and not result.built


def test_parallel_jobs_of_a_bad_brief_report_each_problem_once(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("meeting:\n  title: 3\n  nonsense: 1\n", encoding="utf-8")
    [serial] = build([bad], Options(out=tmp_path / "s", formats=("pdf", "pptx", "html")), jobs=1)
    [parallel] = build([bad], Options(out=tmp_path / "p", formats=("pdf", "pptx", "html")), jobs=2)
    assert parallel.failed and parallel.problems == serial.problems
    assert len(set(parallel.problems)) == len(parallel.problems)
    assert not parallel.built and not list((tmp_path / "p").glob("bad.*"))


def test_parallel_jobs_stopped_at_their_deadline_leave_nothing(tmp_path):
    [result] = build([EXAMPLE], Options(out=tmp_path, formats=("pdf", "pptx"), timeout=0.01), jobs=2)
    assert result.failed and all("took longer than 0.01 s" in p for p in result.problems)
    assert not list(tmp_path.glob("*.p*")) and not list(tmp_path.glob(".*.dossier-tmp"))


def test_a_single_briefs_pdf_is_laid_out_from_the_page_the_build_filled(tmp_path, monkeypatch):
    """With a worker per target, the build fills the PDF's page while the PDF's worker imports
    WeasyPrint; the render's child lays that page out and fills none itself, with the same bytes."""
    import dossier.pdf

    fills = tmp_path / "fills"
    fill = dossier.pdf._tree

    def counted(*args, **kwargs):
        with fills.open("a") as out:
            out.write(f"{os.getpid()}\n")
        return fill(*args, **kwargs)

    monkeypatch.setattr(dossier.pdf, "_tree", counted)
    options = {"formats": ("pdf", "pptx")}
    [early] = build([EXAMPLE], Options(out=tmp_path / "early", **options), jobs=2)
    assert not fills.exists(), "the render's child filled the page again"
    [serial] = build([EXAMPLE], Options(out=tmp_path / "serial", **options), jobs=1)
    assert fills.read_text().count("\n") == 1
    assert [p.name for p in early.built] == [p.name for p in serial.built] == [
        "pakistan-russia-sco.pdf", "pakistan-russia-sco.pptx"]
    for name in (p.name for p in serial.built):
        assert (tmp_path / "early" / name).read_bytes() == (tmp_path / "serial" / name).read_bytes()


def test_the_page_filled_ahead_is_the_pdfs_first_page_and_a_chart_is_left_to_the_pdf(tmp_path):
    from dossier import pdf
    from dossier.build.prefill import prefill
    from dossier.load import load
    from dossier.style.theme import load_theme

    theme, target = load_theme(), {tmp_path / "x.pdf": Options().settings("pdf")}
    loaded = prefill(EXAMPLE, target, theme, Options())
    brief = load(EXAMPLE)
    assert loaded.page == pdf.in_locale(lambda b, t: pdf._html(b, t, pdf.labels_for(b, t), None))(brief, theme)
    assert loaded.brief == brief and loaded.warnings == [] and str(EXAMPLE) in loaded.snapshot.digests
    charted = ROOT / "tests" / "fixtures" / "meetings" / "quarterly-review.yaml"
    assert prefill(charted, target, theme, Options()) is None


def test_a_theme_that_fails_stops_the_workers_forked_before_it_loaded(tmp_path):
    theme = tmp_path / "theme.yaml"
    theme.write_text("colors: {primary: nothex}\n", encoding="utf-8")
    [result] = build([EXAMPLE], Options(out=tmp_path / "out", formats=("pdf", "pptx"), theme=theme), jobs=2)
    assert not result.built and "colors.primary: 'nothex' does not have the expected form" in result.problems[-1]
    assert not list((tmp_path / "out").glob("*.p*"))
    assert _children() == [], "a worker outlived the build"


def _children() -> list[int]:
    """The processes this one started that still run (zombies included: none should be left unreaped)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            if stat.read_text().rsplit(")", 1)[1].split()[1] == str(os.getpid()):
                found.append(int(stat.parent.name))
        except OSError:
            continue
    return found
