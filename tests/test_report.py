"""The library: scan_board / scan_file return the full report (balance, roles, windows, drift,
flags), on hand-built boards of both sources, through the real export readers."""

from __future__ import annotations

import pytest
from ownership_boards import KeywordModel, drift_board, healthy_board, write_export

from analyzer.pipeline import scan_board, scan_file
from analyzer.report import SCHEMA_VERSION, WindowStats
from analyzer.roles import RolesFileError

SOURCES = ["trello", "jira"]
ROLES = '[people]\n"Alice Martin" = "pm"\n"BobS" = "po"\n"Zed Stranger" = "po"\n'


@pytest.fixture
def roles_file(tmp_path):
    path = tmp_path / "roles.toml"
    path.write_text(ROLES, encoding="utf-8")
    return path


@pytest.mark.parametrize("source", SOURCES)
def test_scan_file_returns_the_full_report(tmp_path, roles_file, source):
    b = drift_board(source)
    path = write_export(b, tmp_path)
    report = scan_file(path, KeywordModel(), roles=roles_file, window="month")

    assert report.schema_version == SCHEMA_VERSION == "2"
    assert report.summary.items.total == 16
    assert report.model == "KeywordModel"
    # Roles: declared, with the stranger as a warning (and a note), not a crash.
    assert not report.roles_inferred and report.roles_file == str(roles_file)
    assert report.role_warnings == [
        f"{roles_file}: 'Zed Stranger' (po) matches nobody on this board"
    ]
    assert any("Zed Stranger" in note for note in report.notes)
    people = {p.name: p for p in report.people}
    assert people["Alice Martin"].declared_role == "pm"
    assert people["Bob Stone"].declared_role == "po"
    # Windows: the board's and each person's, aligned.
    assert report.window == "month"
    assert [w.window for w in report.windows] == [f"2024-0{m}" for m in range(1, 7)]
    assert isinstance(report.windows[0], WindowStats)
    alice = people["Alice Martin"]
    assert len(alice.windows) == len(report.windows)
    assert [w.strategic_share for w in alice.windows] == [1.0, 1.0, 1.0, 1.0, 0.1667, 0.1667]
    assert all(w.judged for w in alice.windows)
    # Drift and flags, with evidence that points at real items and people.
    assert alice.drift.status == "drifting"
    assert report.board_drift.status == "drifting"
    assert [(f.code, f.severity) for f in report.flags] == [("role-drift", "warning")]
    items = report.items_by_id()
    assert all(i in items for f in report.flags for i in f.evidence.items)
    assert report.flags[0].evidence.people == [alice.id]
    assert report.thresholds["drift_min_activities"] == 8
    assert report.as_of is not None


@pytest.mark.parametrize("source", SOURCES)
def test_scan_board_infers_roles_without_a_file(source):
    report = scan_board(drift_board(source).board, KeywordModel(), window="month")
    assert report.roles_inferred and report.roles_file is None
    assert any("inferred" in note for note in report.notes)
    roles = {p.name: p.declared_role for p in report.people}
    assert roles == {"Alice Martin": "pm", "Bob Stone": "po"}


@pytest.mark.parametrize("source", SOURCES)
def test_a_healthy_board_raises_no_flag(tmp_path, source):
    b = healthy_board(source)
    report = scan_file(write_export(b, tmp_path), KeywordModel(), window="month")
    assert [f.code for f in report.flags] == []


@pytest.mark.parametrize("source", SOURCES)
def test_thin_data_does_not_flag_and_says_so(source):
    b = drift_board(source, per_month=3, recent_strategic=0)
    report = scan_board(b.board, KeywordModel(), window="month")
    assert not [f for f in report.flags if f.code == "role-drift"]
    assert not any(w.judged for w in report.windows)
    assert any("Too little activity per window" in note for note in report.notes)
    assert {p.drift.status for p in report.people if p.drift} <= {"too-thin", "not-judged"}


def test_the_window_changes_the_windows():
    b = drift_board("trello")
    weeks = scan_board(b.board, KeywordModel(), window="week")
    quarters = scan_board(b.board, KeywordModel(), window="quarter")
    assert weeks.window == "week" and len(weeks.windows) > 20
    assert [w.window for w in quarters.windows] == ["2024-Q1", "2024-Q2"]
    sprint = scan_board(b.board, KeywordModel(), window="sprint")
    assert sprint.window == "14d" and "no sprints" in sprint.window_note


def test_bad_arguments_fail_fast(tmp_path):
    b = drift_board("trello")
    with pytest.raises(ValueError, match="unknown window"):
        scan_board(b.board, KeywordModel(), window="fortnight")
    with pytest.raises(ValueError, match="threshold"):
        scan_board(b.board, KeywordModel(), threshold=2)
    bad = tmp_path / "roles.toml"
    bad.write_text("[people\n", encoding="utf-8")
    # The roles file is checked before the export is read (the export does not even exist).
    with pytest.raises(RolesFileError, match="not valid TOML"):
        scan_file(tmp_path / "missing.json", KeywordModel(), roles=bad)


def test_an_empty_board_still_reports():
    from connectors.interface import Board

    report = scan_board(Board("b", "Empty", "trello"), KeywordModel())
    assert report.flags == [] and report.windows == [] and report.board_drift.status == "too-thin"


def test_progress_is_reported_by_stage(tmp_path):
    path = write_export(drift_board("jira"), tmp_path)
    seen = []
    scan_file(path, KeywordModel(), on_progress=lambda stage, done, total, text: seen.append(stage))
    assert "model" in seen and "classify" in seen
