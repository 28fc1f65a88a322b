"""The loader: every problem reported at once, each with file, line, column and field."""

from pathlib import Path

import pytest

from dossier.errors import InvalidInput, Problem
from conftest import ROOT
from dossier.load.hints import split_at_comma
from dossier.load import load

CASES = sorted((Path(__file__).parent / "cases").glob("*.yaml"))


def _line(problem: Problem) -> str:
    return f"{problem.line}:{problem.column}: {problem.field + ': ' if problem.field else ''}{problem.message}"


def problems_of(path: Path) -> list[str]:
    """The case's problems, or, when it loads, its warnings, each as 'warning: line:col: …'."""
    warnings: list[Problem] = []
    try:
        load(path, warnings=warnings)
    except InvalidInput as error:
        for problem in error.problems:
            assert problem.file.endswith(path.name)
        return [_line(p) for p in error.problems]
    return [f"warning: {_line(w)}" for w in warnings]


@pytest.mark.parametrize("case", CASES, ids=[c.stem for c in CASES])
def test_case_reports_exactly_the_expected_problems(case):
    expected = case.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert problems_of(case) == expected


def test_every_case_has_its_expected_messages():
    for case in CASES:
        assert case.with_suffix(".expected").is_file(), case


def test_scalars_stay_text(tmp_path):
    valid = (Path(__file__).parent / "cases" / "valid.yaml").read_text()
    text = valid.replace("forum: SCO", "forum: NO\n  date: 2025-07-04\n  classification: 0000-00-00") \
                .replace("parties: [Pakistan, Russia]", "parties: [on, 'yes', 22:30, 1e3, 0x10]")
    path = tmp_path / "typing.yaml"
    path.write_text(text)
    meeting = load(path).meeting
    assert meeting.forum == "NO"
    assert meeting.date == "2025-07-04"
    assert meeting.classification == "0000-00-00"
    assert meeting.party_names == ["on", "yes", "22:30", "1e3", "0x10"]


def test_alias_bomb_is_refused_quickly():
    import time
    started = time.perf_counter()
    with pytest.raises(InvalidInput):
        load(Path(__file__).parent / "cases" / "alias-bomb.yaml")
    assert time.perf_counter() - started < 2


def test_a_large_honest_file_loads(tmp_path):
    valid = (Path(__file__).parent / "cases" / "valid.yaml").read_text()
    many = "".join(f"          - title: Highlight {i}\n            points: [a{i}, b{i}, c{i}]\n" for i in range(2000))
    path = tmp_path / "large.yaml"
    path.write_text(valid.replace("          - title: First\n", many))
    assert len(load(path).chapters[2].blocks[0].highlights) == 2001


def test_missing_file_is_a_problem_not_a_crash(tmp_path):
    with pytest.raises(InvalidInput, match="no such file"):
        load(tmp_path / "absent.yaml")


def test_example_carries_the_whole_meeting(brief):
    assert brief.meeting.party_names == ["Pakistan", "Russia"]
    assert [c.title for c in brief.chapters][3:6] == [
        "Economic Cooperation Between Pakistan and Russia",
        "Energy, Trade, and Connectivity",
        "Security and Counterterrorism Collaboration",
    ]
    assert len(brief.chapters[2].blocks[0].highlights) == 5
    assert len(brief.chapters[1].blocks[0].members) == 9
    assert brief.chapters[7].blocks[0].points[0] == "New trade agreements"


def test_a_logo_resolves_to_its_checked_file():
    brief = load(Path(__file__).parent / "cases" / "logo.yaml")
    logo = brief.meeting.logo
    assert Path(logo.src).is_absolute() and Path(logo.src).name == "emblem.png"
    assert logo.alt == "The emblem"


BRIEFS = sorted([*(ROOT / "data").glob("*.yaml"), *(ROOT / "tests" / "fixtures").rglob("*.yaml"),
                 *(ROOT / "examples").glob("*.yaml")])


@pytest.mark.parametrize("brief", BRIEFS, ids=lambda p: p.stem)
def test_the_shipped_briefs_load_without_a_warning(brief):
    warnings: list[Problem] = []
    load(brief, warnings=warnings)
    assert warnings == []


@pytest.mark.parametrize("before, after, gap, cut", [
    ("Trade rose", "but slowly", ", ", True),
    ("Croissance de 1", "5 %", ",", True),
    ("Croissance de 1", "5 %", ", ", False),  # two items: 'Croissance de 1' and '5 %'
    ("one", "two", ", ", False),
    ("China", "Russia", ", ", False),
    ("Trade", "investment", ", ", False),  # one word each: a list of words
    ("التجارة ارتفعت", "لكن ببطء", "، ", False),  # no case in Arabic script: never suspected
    ("Торговля выросла", "но медленно", ", ", True),
])
def test_text_cut_at_a_comma(before, after, gap, cut):
    assert split_at_comma(before, after, gap) is cut
