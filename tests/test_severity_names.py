"""A flag's severity: the reports a person reads say error / warning / note; everything a machine
reads keeps the names error / warning / info — the JSON report, the portfolio JSON, the history's
JSON and the store's report runs — so scripts that test ``severity == "info"`` and the stores
written before keep working (docs/roles-drift-flags.md, "Severity names")."""

from __future__ import annotations

import io
import json
import sqlite3
from pathlib import Path

from ownership_boards import KeywordModel, healthy_board
from test_report_schema import validate

from analyzer.flags import CLEAR_ROLES, INFO, Flag
from analyzer.formats import get_format
from analyzer.history import load_history, record_run, render_history
from analyzer.pipeline import scan_board
from analyzer.portfolio import build_portfolio
from connectors.store import Store

SCHEMAS = Path(__file__).resolve().parents[1] / "analyzer" / "schema"


def _noted_report():
    report = scan_board(healthy_board("trello").board, KeywordModel(), window="month")
    report.flags.append(Flag("stale-items", INFO, "Stale backlog: a note.", CLEAR_ROLES))
    return report


def test_the_json_report_and_the_portfolio_keep_info():
    report = _noted_report()
    data = json.loads(get_format("json").render(report))
    assert [f["severity"] for f in data["flags"] if f["code"] == "stale-items"] == ["info"]
    schema = json.loads((SCHEMAS / "report.schema.json").read_text("utf-8"))
    assert validate(data, schema, schema) == []
    out = io.StringIO()
    get_format("json").write_portfolio(build_portfolio([report]), out)
    assert json.loads(out.getvalue())["portfolio"][0]["flags"]["info"] == 1
    for fmt in ("table", "markdown", "html"):  # people read the word
        text = get_format(fmt, width=120).render(report)
        assert "note" in text.lower() and "INFO" not in text, fmt


def test_the_store_keeps_info_and_reads_the_runs_it_kept_before(tmp_path):
    path = tmp_path / "s.sqlite"
    with Store(path) as store:
        sid = store.source("trello", "B", "Board B")
        record_run(store, sid, _noted_report())
    with sqlite3.connect(path) as db:
        (kept,) = db.execute("SELECT summary FROM report_runs").fetchone()
        assert ["stale-items", "info"] in json.loads(kept)["flags"]
        # a run as an earlier version kept it (the same names: nothing to migrate)
        old = json.loads(kept) | {"run_at": "2000-01-01T09:00:00+00:00"}
        old["flags"] = [["empty-epics", "info"], ["backlog-rot", "warning"]]
        db.execute(
            "INSERT INTO report_runs (source_id, run_at, summary) VALUES (?, ?, ?)",
            (sid, old["run_at"], json.dumps(old)),
        )
    with Store(path) as store:
        runs = load_history(store, sid)
    assert runs[0].flags == [("empty-epics", "info"), ("backlog-rot", "warning")]
    table = render_history("Board B", runs, "table")
    assert "empty-epics (note)" in table and "stale-items (note)" in table
    assert "(info)" not in table
    stored = json.loads(render_history("Board B", runs, "json"))["runs"][0]["flags"]
    assert ["empty-epics", "info"] in stored
