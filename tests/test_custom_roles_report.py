"""Custom role sets in the scan report: a model with a third label shows it everywhere the balance
is shown (table, markdown, JSON), flags and drift keep judging strategic vs tactical only, and the
default two-label report is unchanged."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import pytest
from test_report_schema import SCHEMA_PATH, validate
from typer.testing import CliRunner

from analyzer.balance import analyse
from analyzer.cli import app
from analyzer.formats import get_format
from analyzer.formats._common import label_title
from analyzer.pipeline import read_board, scan_file
from analyzer.report import LabelCounts
from models.interface import ItemDoc, Prediction
from models.train import train_model
from tests.fakes.models import PredictOnlyModel

BOARD = Path(__file__).parent / "fixtures" / "roles3_trello_board.json"
# Written for this test (not from the seed articles): four phrases per role.
PHRASES = [
    ("Sets the product vision and the long-term goals", "strategic"),
    ("Chooses which market segments the product targets", "strategic"),
    ("Owns the yearly roadmap and the product strategy", "strategic"),
    ("Decides the goals the product should reach next year", "strategic"),
    ("Writes acceptance criteria for each story", "tactical"),
    ("Refines and orders the backlog before each sprint", "tactical"),
    ("Answers the team's questions about a story during the sprint", "tactical"),
    ("Splits large stories into small backlog items", "tactical"),
    ("Keeps the project schedule and the delivery milestones up to date", "delivery"),
    ("Tracks project risks and the budget", "delivery"),
    ("Plans resources and staffing for the release", "delivery"),
    ("Reports project status to stakeholders every week", "delivery"),
]
DELIVERY = ["card3r05", "card3r06"]  # the two project-management cards of the fixture


@pytest.fixture(scope="module")
def model_path(tmp_path_factory) -> Path:
    model = train_model([{"text": t, "label": label} for t, label in PHRASES], seed=1)
    assert set(model.labels) == {"strategic", "tactical", "delivery"}
    path = tmp_path_factory.mktemp("model") / "three_roles.json"
    model.save(path)
    return path


def scan(*args: object) -> str:
    result = CliRunner().invoke(app, ["scan", *map(str, args)])
    assert result.exit_code == 0, result.output
    return result.stdout


@pytest.fixture(scope="module")
def as_json(model_path) -> dict:
    return json.loads(scan(BOARD, "--model", model_path, "--format", "json", "--threshold", "0.4"))


def test_json_counts_every_label(as_json):
    data = as_json
    assert data["labels"] == ["delivery", "strategic", "tactical"]
    items = data["summary"]["items"]
    assert (items["strategic"], items["tactical"], items["other"], items["uncertain"]) == (
        2,
        2,
        {"delivery": 2},
        0,
    )
    assert items["total"] == 6
    assert items["share"]["delivery"] == pytest.approx(0.3333)
    assert data["summary"]["activities"]["other"] == {"delivery": 4}
    assert [i["key"] for i in data["top_other"]["delivery"]] == DELIVERY
    assert {i["key"] for i in data["items"] if i["label"] == "delivery"} == set(DELIVERY)


def test_json_per_person_counts_carry_the_extra_label(as_json):
    chidi = next(p for p in as_json["people"] if p["name"] == "Chidi Okafor")
    assert chidi["activity"]["other"] == {"delivery": 4}
    assert chidi["activity"]["share"]["delivery"] == 1.0
    assert chidi["assigned_items"]["other"] == {"delivery": 2}
    # Every count of the report has the same keys: the extra label with zero where absent.
    ada = next(p for p in as_json["people"] if p["name"] == "Ada Brennan")
    assert ada["activity"]["other"] == {"delivery": 0}


def test_json_with_an_extra_label_validates(as_json):
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert validate(as_json, schema, schema) == []
    broken = json.loads(json.dumps(as_json))
    broken["summary"]["items"]["other"]["delivery"] = -1
    assert validate(broken, schema, schema)


def test_json_notes_say_the_extra_label_is_not_judged(as_json):
    note = next(n for n in as_json["notes"] if "3 labels" in n)
    assert "delivery is shown but not judged" in note
    # The model has both strategic and tactical: no "does not apply" note.
    assert not any("do not apply" in n for n in as_json["notes"])


def test_table_shows_every_label(model_path):
    out = scan(BOARD, "--model", model_path, "--threshold", "0.4")
    balance = out[out.index("Balance") : out.index("Activity by kind")]
    rows = [line.split() for line in balance.splitlines()]
    assert ["Delivery", "2", "███░░░░░░░", "33.3%", "4", "███░░░░░░░", "33.3%"] in rows
    assert "Flags and drift judge strategic vs tactical only." in " ".join(balance.split())
    people = out[out.index("People — what they did") :]
    assert "…" not in people.splitlines()[2]  # 80 columns: every heading whole
    header = people.splitlines()[2].split()
    assert header[-4:] == ["Strat.", "Tact.", "Delivery", "Unc."]
    chidi = next(line for line in people.splitlines() if line.startswith(" Chidi"))
    assert chidi.split()[-4:] == ["0", "0", "4", "0"]  # counts: one share definition only
    top = out[out.index("Top delivery items") :]
    assert all(key in top for key in DELIVERY)
    assert "Unc./other" in out
    assert "delivery is shown but not judged" in " ".join(out.split())


def test_markdown_shows_every_label(model_path):
    out = scan(BOARD, "--model", model_path, "--format", "markdown", "--threshold", "0.4")
    assert "| Delivery | 2 | `███░░░░░░░` 33.3% | 4 | `███░░░░░░░` 33.3% |" in out
    assert "Delivery is shown here but not judged" in out
    assert (
        "| Person | Activities | Created | Moved | Commented | Assigned | Strategic | Tactical "
        "| Delivery | Uncertain |"
    ) in out
    assert "## Top delivery items" in out
    top = out[out.index("## Top delivery items") : out.index("## All items")]
    assert all(f"[{key}](" in top for key in DELIVERY)
    assert "<details><summary>Delivery: 2 items</summary>" in out
    assert "| Uncertain or other |" in out


def test_the_default_report_has_no_extra_label(tmp_path):
    board = read_board(BOARD)
    two = [_prediction("strategic" if n < 3 else "tactical") for n in range(len(board.items))]
    report = analyse(board, two)
    assert report.labels == ["strategic", "tactical"] and report.top_other == {}
    assert report.shown_labels == ["strategic", "tactical", "uncertain"]
    data = report.to_dict()
    assert "other" not in data["summary"]["items"]
    assert list(data["summary"]["items"]["share"]) == ["strategic", "tactical", "uncertain"]
    text = get_format("table").render(report)
    assert "Delivery" not in text and "not judged" not in text and "Unc./other" not in text
    assert "Top strategic (PM) items" in text and "Top tactical (PO) items" in text
    assert 'class="o"' not in get_format("html").render(report)


class _FakeModel(PredictOnlyModel):
    """A model whose labels are three custom roles, none of them strategic or tactical."""

    labels = ("marketing", "project", "ops")

    def predict(self, docs: Sequence[ItemDoc]) -> list[Prediction]:
        return [_prediction(self.labels[n % 3], self.labels, 0.9) for n in range(len(docs))]


def _prediction(
    label: str, labels: Sequence[str] = ("strategic", "tactical"), confidence: float = 0.9
) -> Prediction:
    rest = (1 - confidence) / (len(labels) - 1)
    scores = {x: (confidence if x == label else rest) for x in labels}
    return Prediction(label, confidence, f"{label} test", scores)


def test_a_model_without_strategic_or_tactical_shows_only_its_labels():
    report = scan_file(BOARD, model=_FakeModel(), threshold=0.5)
    assert report.labels == ["marketing", "project", "ops"]
    assert report.shown_labels == ["marketing", "project", "ops", "uncertain"]
    assert report.summary.items.other == {"marketing": 2, "project": 2, "ops": 2}
    assert any("no 'strategic' or 'tactical' label" in n for n in report.notes)
    md = get_format("markdown").render(report)
    assert "| Marketing | 2 |" in md and "## Top ops items" in md
    assert "| Strategic (PM) |" not in md and "## Top strategic" not in md
    table = get_format("table").render(report)
    people = table[table.index("People — what they did") :].splitlines()[2].split()
    assert people[-4:] == ["Marketing", "Project", "Ops", "Unc."]
    owners = table[table.index("People — items they are assigned") :].splitlines()[2].split()
    assert owners[-5:] == ["Marketing", "Project", "Ops", "Unc.", "Reported"]


def test_below_the_threshold_an_extra_label_is_uncertain():
    report = scan_file(BOARD, model=_FakeModel(), threshold=0.95)
    assert report.summary.items.uncertain == 6
    assert report.summary.items.other == {"marketing": 0, "project": 0, "ops": 0}
    assert report.top_other == {"marketing": [], "project": [], "ops": []}
    assert "Top marketing items: no item reads as marketing." in get_format("table").render(report)


def test_label_counts_with_other_labels():
    counts = LabelCounts.for_labels(["strategic", "tactical", "delivery"])
    assert counts.other == {"delivery": 0}
    for label in ("strategic", "delivery", "delivery", "uncertain"):
        counts.add(label)
    assert (counts.count("delivery"), counts.total, counts.share("delivery")) == (2, 4, 0.5)
    assert counts.to_dict() == {
        "strategic": 1,
        "tactical": 0,
        "uncertain": 1,
        "other": {"delivery": 2},
        "total": 4,
        "share": {"strategic": 0.25, "tactical": 0.0, "delivery": 0.5, "uncertain": 0.25},
    }
    assert LabelCounts().to_dict() == {
        "strategic": 0,
        "tactical": 0,
        "uncertain": 0,
        "total": 0,
        "share": {"strategic": 0.0, "tactical": 0.0, "uncertain": 0.0},
    }


@pytest.mark.parametrize(
    ("label", "title"),
    [
        ("strategic", "Strategic (PM)"),
        ("uncertain", "Uncertain"),
        ("product-marketing", "Product marketing"),
        ("project_manager", "Project manager"),
    ],
)
def test_label_titles(label, title):
    assert label_title(label) == title


def test_html_shows_every_label(model_path):
    html = get_format("html").render(scan_file(BOARD, model=model_path, threshold=0.4))
    assert html.count('title="Delivery: 33.3%"') == 2  # the items and the activity bars
    assert "Delivery: 2 (33.3%)</span>" in html and "Delivery: 4 (33.3%)</span>" in html
    assert "<th class=n>Delivery</th>" in html
    top = html[html.index('<section id="top-items">') : html.index('<section id="items">')]
    assert ">Delivery</span></h3>" in top and all(key in top for key in DELIVERY)
    assert "2 strategic, 2 tactical, 2 delivery, 0 uncertain" in html
    # A custom label's chip has a colour of its own (the stylesheet only knows the default three).
    assert 'class="chip delivery" style="background:' in html


def test_a_model_without_strategic_or_tactical_raises_no_flags():
    # Flags weigh strategic against tactical work: with neither label they do not apply.
    report = scan_file(BOARD, model=_FakeModel(), threshold=0.5)
    assert report.flags == []


def test_an_empty_board_shows_the_custom_models_labels():
    from analyzer.pipeline import scan_board
    from connectors.interface import Board

    report = scan_board(Board(id="b", name="empty", source="trello"), model=_FakeModel())
    assert report.labels == ["marketing", "project", "ops"]
