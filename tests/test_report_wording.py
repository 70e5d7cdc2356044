"""Sentences a product leader reads in the report: they say what is true of the board (no
"None above the confidence threshold" when items of that label are above it), in the right number
("1 item is", not "1 items are")."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace

import pytest
from ownership_boards import healthy_board, roles_for
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.flags.reading import Reading
from analyzer.formats import get_format
from analyzer.ownership import analyze
from analyzer.pipeline import scan_file
from analyzer.verdict import _strategic_line
from models.interface import TACTICAL, ItemDoc, Prediction
from tests.fakes.models import PredictOnlyModel

BOARD = Path(__file__).parent / "fixtures" / "trello_board_basic.json"
NO_PM = "no-roadmap-owner"
NO_PO_ROLES = '[people]\n"Alice Martin" = "pm"\n"dan" = "engineer"\n'


def run(b, roles_text: str | None = None):
    roles = roles_for(b.board, roles_text) if roles_text else roles_for(b.board)
    return analyze(b.board, b.predictions, 0.6, roles, "month")


class _Fixed(PredictOnlyModel):
    """Every item tactical at 0.99 except the first ``strategic`` ones, strategic at 0.65: above
    the confidence threshold (0.6), below the surest lists' 0.7."""

    labels = ("strategic", "tactical")

    def __init__(self, strategic: int) -> None:
        self.strategic = strategic

    def predict(self, docs: Sequence[ItemDoc]) -> list[Prediction]:
        out = []
        for n in range(len(docs)):
            label, conf = ("strategic", 0.65) if n < self.strategic else ("tactical", 0.99)
            other = "tactical" if label == "strategic" else "strategic"
            out.append(Prediction(label, conf, f"{label} test", {label: conf, other: 1 - conf}))
        return out


@pytest.mark.parametrize(
    ("strategic", "text"),
    [
        (0, "No item reads as strategic."),
        (1, "The one strategic item is not sure enough to list."),
        (2, "None of the 2 strategic items is sure enough to list."),
    ],
)
def test_an_empty_surest_list_says_why_in_every_format(strategic, text):
    report = scan_file(BOARD, model=_Fixed(strategic))
    assert report.summary.items.strategic == strategic and report.top_strategic == []
    for name in ("markdown", "html"):
        out = get_format(name).render(report)
        assert text in out and "None above the confidence threshold" not in out
    table = " ".join(get_format("table").render(report).split())
    assert f"Top strategic (PM) items: {text[:1].lower()}{text[1:]}" in table


def _one_strategic(b):
    """The healthy board with only its first strategic item (S0) left strategic."""
    for iid in ("S1", "S2", "S3"):
        b.predictions[iid].label = TACTICAL
    return b


def test_one_strategic_item_is_singular_in_the_roadmap_flags():
    b = _one_strategic(healthy_board("jira"))
    [owner] = [f for f in run(b, '[people]\n"Bob Stone" = "po"\n').flags if f.code == NO_PM]
    assert "so the 1 strategic item has no product manager." in owner.message
    b = _one_strategic(healthy_board("jira", pm_strategic_until=10, strategic_touched_until=10))
    [stale] = [f for f in run(b).flags if f.code == "stale-roadmap"]
    assert stale.message.startswith(
        "The roadmap is stale: the one strategic item was not created, moved or updated in the last"
    )


def test_several_strategic_items_stay_plural():
    b = healthy_board("jira")
    [owner] = [f for f in run(b, '[people]\n"Bob Stone" = "po"\n').flags if f.code == NO_PM]
    assert "so the 4 strategic items have no product manager." in owner.message
    b = healthy_board("jira", pm_strategic_until=10, strategic_touched_until=10)
    [stale] = [f for f in run(b).flags if f.code == "stale-roadmap"]
    assert stale.message.startswith("The roadmap is stale: none of the 4 strategic items was ")


def test_one_skipped_record_is_singular_in_the_table(tmp_path):
    export = tmp_path / "issues.csv"
    export.write_text("Summary,Issue key,Issue id,Status\nno key,,,Done\nkept,K-1,1,Done\n")
    table = get_format("table").render(scan_file(export, model=_Fixed(0)))
    assert "Skipped 1 record the reader could not use:" in table


def test_no_flags_on_a_board_too_thin_reads_as_one_sentence(tmp_path):
    export = tmp_path / "issues.csv"
    export.write_text("Summary,Issue key,Issue id,Status\nno key,,,Done\n")
    table = " ".join(get_format("table").render(scan_file(export, model=_Fixed(0))).split())
    assert "Flags: none raised. Too little data to judge: the export holds no items" in table


def test_too_little_data_reads_without_a_second_colon(tmp_path):
    export = tmp_path / "issues.csv"
    export.write_text("Summary,Issue key,Issue id,Status\none,K-1,1,Done\ntwo,K-2,2,Done\n")
    table = " ".join(get_format("table").render(scan_file(export, model=_Fixed(0))).split())
    assert "Too little data to judge: only 2 items (a verdict needs at least 5)." in table


def test_stories_without_criteria_say_the_backlog_has_the_pos_the_verdict_names():
    """gocd_test_drive_trello.json: under the code "no-backlog-owner", next to the verdict's
    "Marques Lee, kiera, ibnc and 1 more, the inferred POs, own it.", the finding is that their
    stories lack acceptance criteria: it says the backlog has POs and its evidence names them."""
    b = healthy_board("trello")
    for item in b.board.items:
        if item.id.startswith("T"):
            item.description, item.checklist_items = "As a user I want a thing.", []
    inferred = analyze(b.board, b.predictions, 0.6, None, "month")
    assert inferred.roles.inferred and inferred.roles.people_with_focus(TACTICAL) == ["m2"]
    for a in (inferred, run(b)):  # Bob, the inferred or the declared PO
        [flag] = [f for f in a.flags if f.code == "no-backlog-owner"]
        assert flag.message.endswith(
            "a criteria field: the backlog has a PO, but its stories are not refined before "
            "they are built."
        )
        assert "nobody" not in flag.message.lower()
        assert flag.evidence.people == ["m2"]
    # a board without a PO is not told it has one
    [flag] = [f for f in run(b, NO_PO_ROLES).flags if f.code == "no-backlog-owner"]
    assert flag.message.endswith("a criteria field: they are not refined before they are built.")
    assert flag.evidence.people == []


def test_no_strategic_work_counts_only_the_items_the_model_read():
    b = healthy_board("jira")
    for p in b.predictions.values():
        p.label = TACTICAL
    reading = Reading(16, {"ja": 5})  # under half unread: still an error, on the 11 it read
    flags = analyze(b.board, b.predictions, 0.6, None, "month", reading=reading).flags
    [flag] = [f for f in flags if f.code == "no-strategic-work"]
    assert flag.severity == "error"
    assert flag.message.startswith(
        "None of the 11 items the model read (the other 5 are in Japanese, which it does not "
        "read) reads as strategic work"
    )
    [flag] = [f for f in run(b).flags if f.code == "no-strategic-work"]
    assert flag.message.startswith("None of the board's 16 items reads as strategic work")


def _many_cards(tmp_path, n: int) -> Path:
    """The basic Trello fixture with its first card copied to ``n`` cards."""
    board = json.loads(BOARD.read_text(encoding="utf-8"))
    first = board["cards"][0]
    board["cards"] = [
        {**first, "id": f"{k:024x}", "shortLink": f"c{k:07d}", "name": f"Card {k}"}
        for k in range(n)
    ]
    path = tmp_path / "board.json"
    path.write_text(json.dumps(board), encoding="utf-8")
    return path


def test_one_strategic_item_of_many_is_singular_and_not_zero_percent(tmp_path):
    # (the copied cards have no activity of their own: the line, not the whole verdict)
    line = _strategic_line(scan_file(_many_cards(tmp_path, 300), model=_Fixed(1)), Reading())
    assert line.text.startswith("1 of 300 items (<1%) is strategic, and ")
    assert "touches it." in line.text and "touches them" not in line.text
    line = _strategic_line(scan_file(_many_cards(tmp_path, 300), model=_Fixed(3)), Reading())
    assert line.text.startswith("3 of 300 items (1%) are strategic, and ")


def test_the_table_leaves_a_line_between_its_notes_and_about_this_report():
    report = scan_file(BOARD, model=_Fixed(0))
    assert report.notes  # no roles file: a note
    lines = get_format("table").render(report).splitlines()
    about = lines.index("About this report")
    assert lines[about - 1] == "" and lines[about - 2].strip()


def _person(name: str, strategic: int):
    return SimpleNamespace(
        name=name, declared_role=None, activity=SimpleNamespace(strategic=strategic)
    )


def test_who_does_strategic_work_names_the_rest_so_the_shares_add_up():
    report = scan_file(BOARD, model=_Fixed(2))
    report.summary.activities.strategic = 100
    report.people = [_person(n, k) for n, k in (("Ann", 60), ("Bo", 20), ("Cy", 10), ("Di", 6))]
    line = _strategic_line(report, Reading())
    assert "Who does it (share of strategic activity): Ann 60%, Bo 20%, Cy 10%, others 10%." in (
        line.text
    )
    report.people = report.people[:3] + [_person("Di", 0)]
    report.summary.activities.strategic = 90
    assert "Cy 11%." in _strategic_line(report, Reading()).text  # all named: no "others"


def test_a_broken_roles_file_says_how_a_line_should_look(tmp_path):
    roles = tmp_path / "roles.toml"
    roles.write_text('[people]\n"Jane Doe" = pm\n', encoding="utf-8")
    result = CliRunner().invoke(app, ["scan", str(BOARD), "--roles", str(roles)])
    assert result.exit_code == 2
    [line] = result.output.strip().splitlines()
    assert "not valid TOML" in line and "line 2" in line
    assert line.endswith(
        'fix that line: a person is a line such as "Jane Doe" = "pm" under [people]'
    )
