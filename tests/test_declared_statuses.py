"""A team declares its custom statuses' categories under ``[statuses]`` in the roles file: an
export with no Status Category column then reads a declared done status's items as closed, on
every path a report reads items (session 32). Own small fixtures, written here."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.declared_statuses import declare_statuses
from analyzer.roles import RolesFileError, parse_roles_file
from connectors.exports.jira_csv import JiraCsvExport
from connectors.interface import Board, Item

HEADER = (
    "Summary,Issue key,Issue id,Issue Type,Status,Assignee,Reporter,Created,Updated,Resolved,"
    "Description"
)
_ROW = "Lot {n} checked,QG-{n},{id},Task,{status},Ana,Bo,{day} 9:00 AM,{day} 9:00 AM,,Sensors"
OLD, RECENT = "01/Jan/25", "01/Sep/25"
#: a custom workflow: 6 lots in Release and 3 in Disposition untouched since January, 4 in
#: progress this month
WORKFLOW = [*[("Release", OLD)] * 6, *[("Disposition", OLD)] * 3, *[("In Progress", RECENT)] * 4]


def _export(tmp_path: Path, category: str | None = None) -> Path:
    """The export; ``category``: with a Status Category column, Release's being ``category``."""
    rows = [
        _ROW.format(n=n, id=100 + n, status=status, day=day)
        for n, (status, day) in enumerate(WORKFLOW, 1)
    ]
    header = HEADER
    if category is not None:
        header += ",Status Category"
        names = {"Release": category, "Disposition": "In Progress", "In Progress": "In Progress"}
        rows = [f"{row},{names[status]}" for row, (status, _) in zip(rows, WORKFLOW, strict=True)]
    path = tmp_path / "qa.csv"
    path.write_text("\n".join([header, *rows]) + "\n", "utf-8")
    return path


def _roles(tmp_path: Path, text: str = '"RELEASE" = "Done"\n') -> Path:
    path = tmp_path / "roles.toml"
    path.write_text(f"[statuses]\n{text}", "utf-8")
    return path


def _stale(report: dict | object) -> int | None:
    """The stale-items flag's count of open items untouched, None without the flag."""
    if not isinstance(report, dict):
        found = [f.evidence for f in report.flags if f.code == "stale-items"]  # type: ignore[attr-defined]
        return (found[0].item_total or len(found[0].items)) if found else None
    evidence = [f["evidence"] for f in report["flags"] if f["code"] == "stale-items"]
    return evidence[0].get("item_total", len(evidence[0]["items"])) if evidence else None


def _run(*args) -> dict:
    result = CliRunner().invoke(app, [str(a) for a in args])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_table_is_read_any_case_and_accents(tmp_path: Path):
    text = '"Release" = "done"\n"Disposición" = "In  Progress"\n"Triage" = "To Do"\n'
    assert parse_roles_file(_roles(tmp_path, text)).statuses == {
        "release": "done",
        "disposicion": "in progress",
        "triage": "todo",
    }


@pytest.mark.parametrize("value", ['"shipped"', "3", '["done"]'])
def test_an_unknown_category_is_one_line_naming_the_file_and_status(tmp_path: Path, value):
    path = _roles(tmp_path, f'"Release" = {value}\n')
    with pytest.raises(RolesFileError) as caught:
        parse_roles_file(path)
    message = str(caught.value)
    assert message.startswith(f"{path}: [statuses] 'Release' = ")
    assert message.endswith("the category must be one of todo, in progress, done")
    assert "\n" not in message


def test_an_unknown_category_exits_2_before_the_read(keyword_cli, tmp_path: Path):
    result = CliRunner().invoke(
        app, ["scan", str(_export(tmp_path)), "--roles", str(_roles(tmp_path, '"R" = "x"\n'))]
    )
    assert result.exit_code == 2
    assert "[statuses] 'R' = 'x': the category must be one of todo, in progress, done" in (
        " ".join(result.output.split())
    )


def test_a_scan_counts_a_declared_done_status_closed(keyword_cli, tmp_path: Path):
    """The scan's own path (rows prepared by polars, the open facts read from its columns)."""
    path = _export(tmp_path)
    assert _stale(_run("scan", path, "--format", "json")) == 9
    roles = _roles(tmp_path)
    assert _stale(_run("scan", path, "--format", "json", "--roles", roles)) == 3
    # the default roles file is read too
    (tmp_path / "backlog-analyzer.toml").write_text(roles.read_text("utf-8"), "utf-8")
    assert _stale(_run("scan", path, "--format", "json")) == 3


@pytest.mark.parametrize("polars", [True, False])
def test_the_general_csv_paths_count_it_closed_too(keyword_model, tmp_path: Path, polars):
    from analyzer.pipeline import scan_board

    board = JiraCsvExport(_export(tmp_path), polars=polars).load()
    assert _stale(scan_board(board)) == 9
    board = JiraCsvExport(_export(tmp_path), polars=polars).load()
    assert _stale(scan_board(board, roles=_roles(tmp_path))) == 3
    assert {i.status_category for i in board.items if i.status == "Release"} == {"done"}


def test_report_from_the_store_counts_it_closed(keyword_cli, tmp_path: Path):
    db = tmp_path / "store.db"
    CliRunner().invoke(app, ["import", str(_export(tmp_path)), "--db", str(db)])
    assert _stale(_run("report", "--db", db, "--format", "json")) == 9
    roles = _roles(tmp_path)
    assert _stale(_run("report", "--db", db, "--format", "json", "--roles", roles)) == 3


def test_the_note_leaves_declared_statuses_out_and_says_how(keyword_cli, tmp_path: Path):
    path = _export(tmp_path)

    def note(*args) -> list[str]:
        notes = _run("scan", path, "--format", "json", *args)["notes"]
        return [n for n in notes if "category the export" in n]

    [before] = note()
    assert "(Release 6, Disposition 3)" in before
    assert 'under [statuses]: "Release" = "done" (or "todo", "in progress")' in before
    [after] = note("--roles", _roles(tmp_path))
    assert after.startswith("3 of 13 items have a status whose category the export does not give")
    assert "(Disposition 3)" in after and "Release" not in after
    assert "roles file (backlog-analyzer.toml or --roles FILE) under [statuses]" in after
    both = _roles(tmp_path, '"Release" = "done"\n"disposition" = "in progress"\n')
    assert note("--roles", both) == []


@pytest.mark.parametrize("category", ["In Progress", "Done"])
def test_an_exported_category_wins(keyword_cli, tmp_path: Path, category: str):
    """The export's Status Category column says what Jira files Release under: the file's
    "done" changes nothing (a site's In Progress stays open)."""
    path = _export(tmp_path, category)
    plain = _stale(_run("scan", path, "--format", "json"))
    assert plain == (9 if category == "In Progress" else 3)
    roles = _roles(
        tmp_path, '"Release" = "todo"\n' if category == "Done" else '"Release" = "done"\n'
    )
    assert _stale(_run("scan", path, "--format", "json", "--roles", roles)) == plain


def test_a_given_category_is_kept_and_a_named_one_replaced():
    """After reading: an item whose category no name gives is the export's (kept, and the board
    then takes declared ones only for items without any); one its name gives is replaced."""
    items = [
        Item("jira", "1", "a", status="Release"),  # none: declared
        Item("jira", "2", "b", status="Reopened", status_category="todo"),  # by its name
        Item("trello", "3", "c", status="Release"),  # Trello lists: not Jira statuses
    ]
    board = Board("b", "B", "jira+trello", items=items)
    declared = {"release": "done", "reopened": "in progress"}
    assert declare_statuses(board, declared) == 2
    assert [i.status_category for i in items] == ["done", "in progress", None]
    given = [
        Item("jira", "1", "a", status="Release"),
        Item("jira", "2", "b", status="Reopened", status_category="todo"),
        Item("jira", "4", "d", status="Triage", status_category="in progress"),  # the export's
    ]
    board = Board("b", "B", "jira", items=given)
    assert declare_statuses(board, {**declared, "triage": "done"}) == 1
    assert [i.status_category for i in given] == ["done", "todo", "in progress"]
