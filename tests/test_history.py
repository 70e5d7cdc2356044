"""Report history: each report's summary kept in the store, read back oldest first, shown."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from ownership_boards import KeywordModel, drift_board

from analyzer.history import (
    Counts,
    RunSummary,
    load_history,
    record_run,
    render_history,
    summarise,
)
from analyzer.pipeline import scan_board
from connectors.store import Store

T0 = datetime(2026, 9, 1, 9, 0, tzinfo=UTC)


@pytest.fixture(scope="module")
def report():
    return scan_board(drift_board("jira").board, KeywordModel(), window="month")


def test_summary_keeps_counts_flags_and_verdict(report):
    run = summarise(report)
    assert run.items == Counts.of(report.summary.items)
    assert run.items.total == len(report.items)
    assert sorted(run.flags) == sorted((f.code, f.severity) for f in report.flags)
    severities = [severity for _, severity in run.flags]
    assert severities == sorted(severities, key=["error", "warning", "info"].index)
    assert run.verdict == (report.verdict.status if report.verdict else None)
    assert RunSummary.from_json(run.to_json()) == run


def test_counts_shares_are_of_all_items_as_the_report_states_them():
    counts = Counts(strategic=2, tactical=4, uncertain=4)
    assert counts.strategic_share == 0.2 and counts.uncertain_share == 0.4
    assert Counts().strategic_share is None and Counts().uncertain_share is None


def test_the_store_keeps_every_run_oldest_first_per_source(tmp_path, report):
    with Store(tmp_path / "s.sqlite") as store:
        a = store.source("jira", "A", "Board A")
        b = store.source("trello", "B", "Board B")
        later = replace(report, generated_at=T0 + timedelta(days=30))
        record_run(store, a, later)
        record_run(store, a, replace(report, generated_at=T0))
        record_run(store, b, report)
        runs = load_history(store, a)
        assert [r.run_at for r in runs] == [T0, T0 + timedelta(days=30)]
        assert len(load_history(store, b)) == 1
        store.forget_source(a)
        assert load_history(store, a) == []


def test_a_row_this_version_cannot_read_is_left_out(tmp_path, report):
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        sid = store.source("jira", "A", "Board A")
        record_run(store, sid, report)
    with sqlite3.connect(path) as db:
        db.execute(
            "INSERT INTO report_runs (source_id, run_at, summary) VALUES (?, ?, ?)",
            (sid, "2030-01-01T00:00:00+00:00", '{"future": true}'),
        )
    with Store(path) as store:
        assert len(load_history(store, sid)) == 1


def test_recording_into_an_unknown_source_is_refused(tmp_path, report):
    from connectors.store import StoreError

    with Store(tmp_path / "s.sqlite") as store, pytest.raises(StoreError):
        record_run(store, 42, report)


def _runs(report) -> list[RunSummary]:
    first = summarise(replace(report, generated_at=T0))
    second = replace(first, run_at=T0 + timedelta(days=31), flags=[], items=Counts(3, 6, 3))
    return [first, second]


def test_history_as_a_table(report):
    text = render_history("Board | A\n", _runs(report))
    lines = text.splitlines()
    assert lines[0] == "History of Board | A: 2 reports"
    header = next(line for line in lines if line.startswith("Run"))
    assert "Strategic items" in header and "Flags" in header
    last = lines[-1]
    assert last.startswith("2026-10-02 09:00") and " 25% " in last and last.endswith("none")


def test_a_history_table_fits_its_width_listing_long_flags_under_the_run(report):
    # Six flags made a 215-column line in an 80-column terminal: they go under the run, whole.
    codes = ["no-roadmap-owner", "backlog-rot", "ready-without-ac", "role-drift", "stale-roadmap"]
    flags = [(code, "warning") for code in codes] + [("stale-items", "info")]
    run = replace(summarise(replace(report, generated_at=T0)), flags=flags)
    for width in (80, 120):
        lines = render_history("B", [run], width=width).splitlines()
        assert max(map(len, lines)) <= width
        row = next(i for i, line in enumerate(lines) if line.startswith("2026-"))
        assert lines[row].endswith("  6")  # the Flags column counts them
        listed = " ".join(lines[row + 1 :])
        assert all(line.startswith("  ") for line in lines[row + 1 :])
        assert listed.split() == ", ".join(f"{c} ({w})" for c, w in _worded(flags)).split()
        assert all(line.rstrip(",").endswith(")") for line in lines[row + 1 :])  # none split
    short = replace(run, flags=[("role-drift", "warning")])
    assert render_history("B", [short], width=120).splitlines()[-1].endswith("role-drift (warning)")


def _worded(flags):
    return [(code, "note" if severity == "info" else severity) for code, severity in flags]


def test_history_words_severities_as_the_report_does(report):
    run = replace(
        summarise(replace(report, generated_at=T0)),
        flags=[("a-code", "error"), ("b-code", "warning"), ("c-code", "info")],
    )
    for fmt in ("table", "markdown"):
        text = render_history("B", [run], fmt)
        assert "a-code (error), b-code (warning), c-code (note)" in text
        assert "(info)" not in text
    stored = json.loads(render_history("B", [run], "json"))["runs"][0]["flags"]
    assert ["c-code", "info"] in stored  # the stored name, as before


def test_history_as_markdown_and_json(report):
    runs = _runs(report)
    md = render_history("Board | A", runs, "markdown")
    assert md.startswith("## History of Board \\| A: 2 reports")
    assert md.count("\n| 2026-") == 2
    body = json.loads(render_history("Board A", runs, "json"))
    assert body["board"] == "Board A" and len(body["runs"]) == 2
    assert body["runs"][1]["items"] == {"strategic": 3, "tactical": 6, "uncertain": 3}


def test_empty_history_says_so():
    assert "No report has been made" in render_history("B", [])
    assert "No report has been made" in render_history("B", [], "markdown")
    assert json.loads(render_history("B", [], "json"))["runs"] == []


# -- the CLI: `report` keeps one board's summary, `report --history` shows them ----------------

FIXTURES = __import__("pathlib").Path(__file__).parent / "fixtures"


def _cli(*args: str):
    from typer.testing import CliRunner

    from analyzer.cli import app

    return CliRunner().invoke(app, list(args))


@pytest.fixture
def db(tmp_path):
    path = tmp_path / "store.sqlite"
    for export in ("trello_board_basic.json", "jira_search_v2.json"):
        assert _cli("import", str(FIXTURES / export), "--db", str(path)).exit_code == 0
    return path


def test_each_report_of_one_board_joins_its_history(db):
    for _ in range(2):
        result = _cli("report", "--db", str(db), "--source", "trello")
        assert result.exit_code in (0, 1), result.output
    assert _cli("report", "--db", str(db)).exit_code in (0, 1)  # two boards merged: not kept
    shown = _cli("report", "--db", str(db), "--history")
    assert shown.exit_code == 0, shown.output
    sections = shown.stdout.split("History of ")[1:]
    assert len(sections) == 2
    counts = sorted(section.split(":")[1].split()[0] for section in sections)
    assert counts == ["0", "2"]


def test_history_as_json_and_markdown_and_refused_as_html(db, tmp_path):
    assert _cli("report", "--db", str(db), "-s", "trello").exit_code in (0, 1)
    shown = _cli("report", "--db", str(db), "-s", "trello", "--history", "--format", "json")
    assert shown.exit_code == 0, shown.output
    (board,) = json.loads(shown.stdout)
    assert len(board["runs"]) == 1 and board["runs"][0]["items"]["strategic"] >= 0
    out = tmp_path / "history.md"
    written = _cli("report", "--db", str(db), "-s", "trello", "--history", "-o", str(out))
    assert written.exit_code == 0 and out.read_text(encoding="utf-8").startswith("## History of")
    refused = _cli("report", "--db", str(db), "--history", "--format", "html")
    assert refused.exit_code == 2
    assert "--history is shown as table, markdown, json" in refused.stderr


def test_history_of_a_missing_store_is_one_line(tmp_path):
    result = _cli("report", "--db", str(tmp_path / "none.sqlite"), "--history")
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1


def test_a_store_that_cannot_keep_the_run_costs_the_history_not_the_report(db, monkeypatch):
    import analyzer.history as history
    from connectors.store import StoreError

    def refuse(*args, **kwargs):
        raise StoreError("attempt to write a readonly database")

    monkeypatch.setattr(history, "record_run", refuse)
    result = _cli("report", "--db", str(db), "-s", "trello")
    assert result.exit_code in (0, 1) and "Strategic" in result.stdout
    assert "note: this report was not added to the board's history" in result.stderr
