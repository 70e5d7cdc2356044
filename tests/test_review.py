"""``backlog-analyzer review``: a corrections worksheet, and its round trip through
``scan --corrections`` and ``train --corrections``."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from types import SimpleNamespace

import pytest
from typer.testing import CliRunner

import analyzer.live as live_lib
from analyzer.cli import app
from analyzer.corrections import read_corrections
from analyzer.errors import OptionError
from analyzer.report import ItemResult
from analyzer.review import (
    COLUMNS,
    STRATEGIES,
    ReviewRow,
    ReviewSheet,
    rank_items,
    render_sheet,
    review_sheet,
    safe_cell,
)
from tests.cli_helpers import against_fake, one_error_line
from tests.fakes.trello_server import CREDENTIALS_ENV, FakeTrello

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
TRELLO = EXAMPLES / "trello_sample_board.json"
JIRA_CSV = EXAMPLES / "jira_sample_export.csv"
JIRA_JSON = EXAMPLES / "jira_sample_export.json"
FIXTURES = Path(__file__).parent / "fixtures"
BOM = b"\xef\xbb\xbf"


def run(*args):
    return CliRunner().invoke(app, [str(a) for a in args])


def sheet_rows(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8-sig"), newline="")))


def fill(path: Path, labels: dict[int, str]) -> Path:
    """The worksheet as a person saves it with some labels filled (row number -> label)."""
    rows = sheet_rows(path)
    for at, label in labels.items():
        rows[at]["label"] = label
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    filled = path.with_name("filled.csv")
    filled.write_bytes(BOM + out.getvalue().encode("utf-8"))
    return filled


def scanned_keys(source: Path) -> set[str]:
    report = json.loads(run("scan", source, "-f", "json", "-o", "-").stdout)
    return {i.get("key") or i["id"] for i in report["items"]}


def test_the_worksheet_is_a_csv_excel_and_the_reader_take(tmp_path):
    out = tmp_path / "review.csv"
    result = run("review", TRELLO, "-n", 5, "-o", out)
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Wrote a worksheet of 5 items (of 157 on the board) to {out}; fill its label column, "
        "then give it to scan --corrections or train --corrections\n"
    )
    raw = out.read_bytes()
    assert raw.startswith(BOM)  # Excel reads a CSV as UTF-8 only with it
    assert raw.count(b"\r\n") == 6 and b"\n" not in raw.replace(b"\r\n", b"")
    rows = sheet_rows(out)
    assert list(rows[0]) == list(COLUMNS)
    assert len(rows) == 5 and all(row["label"] == "" for row in rows)
    assert {row["item"] for row in rows} <= scanned_keys(TRELLO)
    assert all(row["title"] and row["reason"] and row["model_label"] for row in rows)


def test_to_the_terminal_without_a_bom():
    result = run("review", TRELLO, "-n", 2)
    assert result.exit_code == 0, result.output
    assert not result.stdout.startswith("\ufeff")
    lines = result.stdout.splitlines()
    assert lines[0] == ",".join(COLUMNS) and len(lines) == 3


def test_an_unfilled_worksheet_says_to_fill_it(tmp_path):
    out = tmp_path / "review.csv"
    assert run("review", TRELLO, "-n", 3, "-o", out).exit_code == 0
    result = run("scan", TRELLO, "--corrections", out)
    assert result.exit_code == 2
    assert one_error_line(result) == (
        f"backlog-analyzer: error: no item labelled yet in {out}; fill the label column"
    )


def test_the_round_trip_review_fill_scan_train_and_a_second_round(tmp_path):
    out = tmp_path / "review.csv"
    assert run("review", TRELLO, "-n", 6, "-o", out).exit_code == 0
    first = sheet_rows(out)
    filled = fill(out, {0: "strategic", 2: "PO"})  # the others left empty: skipped
    report = json.loads(
        run("scan", TRELLO, "--corrections", filled, "-f", "json", "-o", "-").stdout
    )
    items = {i["key"]: i for i in report["items"]}
    assert items[first[0]["item"]]["label"] == "strategic"
    assert items[first[2]["item"]]["label"] == "tactical"
    assert any(
        n.startswith("2 items were corrected by the team in filled.csv") for n in report["notes"]
    )
    mine = tmp_path / "mine.json"
    trained = run(
        "train", "--corrections", filled, "--base", "bundled", "--board", TRELLO, "-o", mine
    )
    assert trained.exit_code == 0, trained.output
    assert "adapted to 2 corrected items" in trained.stdout
    again = tmp_path / "again.csv"
    second = run("review", TRELLO, "--corrections", filled, "-n", 6, "-o", again)
    assert second.exit_code == 0, second.output
    assert "(of 157 on the board, 2 labelled already)" in second.stdout
    asked = [row["item"] for row in sheet_rows(again)]
    assert len(asked) == 6
    assert first[0]["item"] not in asked and first[2]["item"] not in asked
    # the items left unlabelled the first time are asked again
    assert {row["item"] for i, row in enumerate(first) if i not in (0, 2)} <= set(asked)


@pytest.mark.parametrize("export", [JIRA_CSV, JIRA_JSON, TRELLO])
def test_every_export_kind(tmp_path, export):
    out = tmp_path / "review.csv"
    result = run("review", export, "-n", 4, "-o", out)
    assert result.exit_code == 0, result.output
    rows = sheet_rows(out)
    assert len(rows) == 4 and {row["item"] for row in rows} <= scanned_keys(export)
    filled = fill(out, {1: "strategic"})
    assert run("scan", export, "--corrections", filled).exit_code == 0


def test_the_store_and_a_live_board_give_the_exports_worksheet(tmp_path, monkeypatch):
    export = tmp_path / "board.json"
    export.write_text((FIXTURES / "trello_live_board.json").read_text(encoding="utf-8"))
    from_file = run("review", export, "-n", 5)
    assert from_file.exit_code == 0, from_file.output
    env = against_fake(monkeypatch, tmp_path, CREDENTIALS_ENV, timeout=0.5)
    board = json.loads(export.read_text(encoding="utf-8"))
    with FakeTrello([board], rate_limit=None) as server:
        monkeypatch.setenv(live_lib.API_URL_ENV, server.url)
        live = run("review", "trello", "PayPlt01", "-n", 5)
    assert live.exit_code == 0, live.output
    assert live.stdout == from_file.stdout
    stored = run("review", "--db", env / "store.sqlite", "-n", 5)  # no network: the store
    assert stored.exit_code == 0, stored.output
    assert stored.stdout == from_file.stdout
    db = tmp_path / "other.sqlite"
    assert run("import", JIRA_CSV, "--db", db).exit_code == 0
    jira = run("review", "--db", db, "-n", 3)
    assert jira.exit_code == 0 and jira.stdout == run("review", JIRA_CSV, "-n", 3).stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((TRELLO, "-n", 0), "-n 0: ask about at least 1 item"),
        (("nowhere.json",), "nowhere.json"),
        ((TRELLO, "PROJ"), "unexpected extra argument 'PROJ'"),
        ((TRELLO, "--server", "https://x.example"), "--server is not for an export file"),
        ((TRELLO, "--db", "s.sqlite"), "--db is not for an export file"),
        ((TRELLO, "--source", "x"), "--source is not for an export file"),
        ((TRELLO, "-o", TRELLO), "--output would overwrite the export being reviewed"),
        (("--server", "https://x.example"), "--server is only for live sources"),
        ((TRELLO, "--threshold", 2), "threshold"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(tmp_path, monkeypatch, args, message):
    monkeypatch.chdir(tmp_path)
    result = run("review", *args)
    assert result.exit_code == 2, result.output
    assert message in one_error_line(result)


def test_a_corrections_file_of_another_board_is_one_line(tmp_path):
    done = tmp_path / "done.csv"
    done.write_text("item,label\nPAY-177,strategic\n", encoding="utf-8")
    result = run("review", TRELLO, "--corrections", done)
    assert result.exit_code == 2
    assert "no item 'PAY-177' on this board" in one_error_line(result)


# -- the library -----------------------------------------------------------------------------------


def item(n: int, label: str, confidence: float, *, predicted=None, type=None, column=None):
    return ItemResult(
        id=f"id{n}",
        key=f"K-{n}",
        title=f"Item {n}",
        label=label,
        confidence=confidence,
        reason=f"{label} {confidence:.2f}",
        predicted_label=predicted or label,
        type=type,
        column=column,
    )


ITEMS = [
    item(0, "tactical", 0.95),
    item(1, "tactical", 0.65),  # tactical, 35 % strategic
    item(2, "strategic", 0.62),  # a strategic call, barely
    item(3, "uncertain", 0.55, predicted="tactical"),  # 45 % strategic
    item(4, "tactical", 0.9, type="Epic"),  # an epic read tactical
    item(5, "strategic", 0.97),
]


def test_each_strategy_orders_the_items():
    assert rank_items(ITEMS, "margin") == [3, 2, 1, 4, 0, 5]
    assert rank_items(ITEMS, "missed") == [3, 1, 4, 0, 2, 5]  # likeliest strategic, then calls
    assert rank_items(ITEMS, "uncertain")[0] == 3
    assert rank_items(ITEMS, "direction")[0] == 4  # the epic read tactical first
    assert rank_items(ITEMS, "mix")[:3] == [3, 1, 2]
    assert rank_items(ITEMS, "direction-mix")[:3] == [4, 3, 2]  # the epic, then the least sure
    for name in STRATEGIES:  # every item once
        assert sorted(rank_items(ITEMS, name)) == list(range(len(ITEMS)))
    with pytest.raises(OptionError, match="unknown review strategy 'best'"):
        rank_items(ITEMS, "best")


def test_items_labelled_already_are_not_asked_again(tmp_path):
    report = SimpleNamespace(items=list(ITEMS))  # what review_sheet reads of a Report
    done = tmp_path / "done.csv"
    done.write_text("item,label\nK-3,strategic\nid1,tactical\n", encoding="utf-8")
    sheet = review_sheet(report, 3, done=read_corrections(done), strategy="missed")
    assert [row.item for row in sheet.rows] == ["K-4", "K-0", "K-2"]
    assert (sheet.items, sheet.already) == (6, 2)
    with pytest.raises(OptionError, match="-n 0"):
        review_sheet(report, 0)


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_cells_that_would_run_as_formulas_are_made_safe_and_read_back(tmp_path, start):
    title = f'{start}HYPERLINK("http://x.example","click")'
    assert safe_cell(title) == "'" + title and safe_cell("Plan Q3") == "Plan Q3"
    row = ReviewRow("K-1", title, "tactical", 0.61, start + "reason", list=start + "list")
    text = render_sheet(ReviewSheet((row,), 1, 0, "missed"))
    cells = next(csv.reader(io.StringIO(text.splitlines()[1])))
    assert cells[0] == "K-1" and cells[1] == ""
    assert cells[2] == "'" + title and cells[5] == "'" + start + "reason"
    assert cells[6] == "'" + start + "list"
    # filled and read back for train --corrections without --board: the title as on the board
    path = tmp_path / "sheet.csv"
    path.write_text(text.replace("K-1,,", "K-1,strategic,"), encoding="utf-8")
    assert read_corrections(path).rows[0].title == title


def test_lines_left_unlabelled_are_skipped_between_labelled_ones(tmp_path):
    path = tmp_path / "sheet.csv"
    path.write_text(
        "item,label,title\nA-1,,one\nA-2,pm,two\nA-3, ,three\nA-4,Tactical,four\n",
        encoding="utf-8",
    )
    rows = read_corrections(path).check_labels(("strategic", "tactical")).rows
    assert [(r.item, r.label, r.line) for r in rows] == [
        ("A-2", "strategic", 3),
        ("A-4", "tactical", 5),
    ]
