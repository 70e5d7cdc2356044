"""A team teaches the model its board: ``scan --corrections`` and ``train --corrections``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.corrections import read_corrections
from analyzer.errors import OptionError

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "jira_sample_export.csv"
runner = CliRunner()


def run(*args):
    return runner.invoke(app, [str(a) for a in args])


def write(tmp_path, text, name="corrections.csv"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_scan_takes_the_teams_labels_and_says_how_many(tmp_path):
    # PAY-177 is a bug; the team says it is strategic (odd, but theirs); 10409 is an id.
    fixes = write(tmp_path, "item,label\nPAY-177,strategic\n10409,strategic\n")
    out = tmp_path / "report.json"
    result = run("scan", SAMPLE, "--corrections", fixes, "--format", "json", "-o", out)
    assert result.exit_code == 0, result.output
    report = json.loads(out.read_text())
    items = {i.get("key") or i["id"]: i for i in report["items"]}
    for key in ("PAY-177", "PAY-179"):
        assert items[key]["label"] == "strategic"
        assert "corrected by the team in corrections.csv" in items[key]["reason"]
    notes = [n for n in report["notes"] if "corrected" in n]
    # the model read both tactical, and less surely than its ten surest tactical items: the
    # surest lists would not have shown them, so the note does not say they are left out
    assert notes == [
        "2 items were corrected by the team in corrections.csv; their label is the team's."
    ]


TRELLO = SAMPLE.parent / "trello_sample_board.json"


def test_a_report_without_corrections_says_its_labels_are_the_models_and_names_review(tmp_path):
    """The model misses part of real boards' strategic work (models/README.md): a report made
    without --corrections says whose the labels are and what a team does about it, in every
    format; with corrections the corrections note takes its place."""
    from analyzer.corrections import REVIEW_NOTE

    plain = json.loads(run("scan", TRELLO, "--format", "json", "-o", "-").stdout)
    assert plain["notes"].count(REVIEW_NOTE) == 1
    assert "backlog-analyzer review" in REVIEW_NOTE and "--corrections" in REVIEW_NOTE
    for form in ("markdown", "html", "table"):
        shown = " ".join(run("scan", TRELLO, "--format", form, "-o", "-").stdout.split())
        assert "backlog-analyzer review" in shown and "on the same source" in shown, form
    fixes = write(tmp_path, "item,label\n2QieUtsv,strategic\n")
    data = json.loads(run("scan", TRELLO, "--corrections", fixes, "-f", "json", "-o", "-").stdout)
    assert REVIEW_NOTE not in data["notes"]
    assert any("corrected by the team" in n for n in data["notes"])


def test_corrected_items_are_not_the_surest_in_any_format(tmp_path):
    """A correction is certain (100 %), not the model: the surest lists leave corrected items
    out (2QieUtsv, a tactical card made strategic; UqJgoaWy, the surest strategic card,
    confirmed) and the note says how many were corrected."""
    fixes = write(tmp_path, "item,label\n2QieUtsv,strategic\nUqJgoaWy,strategic\n")
    plain = json.loads(run("scan", TRELLO, "--format", "json", "-o", "-").stdout)
    assert "UqJgoaWy" in [i["key"] for i in plain["top_strategic"]]
    assert "2QieUtsv" in [i["key"] for i in plain["top_tactical"]]
    data = json.loads(run("scan", TRELLO, "--corrections", fixes, "-f", "json", "-o", "-").stdout)
    items = {i["key"]: i for i in data["items"]}
    assert items["2QieUtsv"]["label"] == items["UqJgoaWy"]["label"] == "strategic"
    shown = [i["key"] for i in [*data["top_strategic"], *data["top_tactical"]]]
    assert "2QieUtsv" not in shown and "UqJgoaWy" not in shown
    assert len(data["top_strategic"]) == len(plain["top_strategic"])  # the next surest fill in
    assert (
        "2 items were corrected by the team in corrections.csv; their label is the team's, and "
        "they are left out of the surest items, which show what the model is sure of."
    ) in data["notes"]
    sections = {
        "table": ("Top strategic", "About this report"),
        "markdown": ("## Top strategic", "## All items"),
        "html": ('id="top-items"', "</section>"),
    }
    for fmt, (start, end) in sections.items():
        out = run("scan", TRELLO, "--corrections", fixes, "-f", fmt, "-o", "-").stdout
        assert "2 items were corrected" in out, fmt
        top = out.split(start, 1)[1].split(end, 1)[0]
        assert "UqJgoaWy" not in top and "2QieUtsv" not in top, fmt


@pytest.mark.parametrize(
    ("fixes", "said"),
    [
        # UqJgoaWy: the surest strategic card; di5ukMqS: uncertain, in no list
        ("UqJgoaWy,tactical\ndi5ukMqS,strategic\n", "and 1 of them is left out of the surest"),
        (
            "di5ukMqS,strategic\n",
            "1 item was corrected by the team in fixes.csv; their label is the team's.",
        ),
        ("UqJgoaWy,strategic\n", "their label is the team's, and it is left out of the surest"),
    ],
)
def test_the_note_says_left_out_only_of_items_the_lists_would_show(tmp_path, fixes, said):
    """Only a corrected item the model itself was sure enough of to list is left out of the
    surest lists: the note says how many, or nothing of the lists when none is."""
    path = write(tmp_path, "item,label\n" + fixes, name="fixes.csv")
    data = json.loads(run("scan", TRELLO, "--corrections", path, "-f", "json", "-o", "-").stdout)
    notes = [n for n in data["notes"] if "corrected by the team" in n]
    assert len(notes) == 1 and said in notes[0], notes
    assert ("left out" in notes[0]) is ("UqJgoaWy" in fixes)
    zero = run("scan", TRELLO, "--corrections", path, "--top", "0", "-f", "json", "-o", "-")
    assert "left out" not in " ".join(json.loads(zero.stdout)["notes"])  # no lists at all


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("item,label\nPAY-177,strategy\n", "unknown label 'strategy' for PAY-177"),
        ("item,label\nPAY-9999,tactical\n", "no item 'PAY-9999' on this board"),
        ("name,role\nPAY-177,tactical\n", "not a header with item and label columns"),
        # a line left unlabelled is skipped (a review worksheet's); none labelled says so
        ("item,label\nPAY-177,\n", "no item labelled yet in "),
        ("item,label\n,tactical\n", "line 2: an empty item"),
        ("item,label\nPAY-177,tactical\nPAY-177,strategic\n", "corrected twice"),
        ("item,label\n", "no corrections in it"),
        ("", "empty"),
        ("item,label\nPAY-177,tactical,extra\n", "3 cells for 2 columns"),
    ],
)
def test_bad_corrections_are_one_line_and_exit_2(tmp_path, content, message):
    fixes = write(tmp_path, content)
    result = run("scan", SAMPLE, "--corrections", fixes)
    assert result.exit_code == 2, result.output
    assert message in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.output


def test_unreadable_corrections_files_exit_2(tmp_path):
    binary = tmp_path / "bin.csv"
    binary.write_bytes(b"item,label\x00\x01")
    latin = tmp_path / "latin.csv"
    latin.write_bytes("item,label\nPAY-1,tactique é\n".encode("latin-1"))
    for path, message in [
        (tmp_path / "missing.csv", "no such file"),
        (tmp_path, "is a directory"),
        (binary, "not a text file"),
        (latin, "unknown label 'tactique é'"),  # read as Windows-1252, as Excel saves it
    ]:
        result = run("scan", SAMPLE, "--corrections", path)
        assert result.exit_code == 2 and message in result.stderr, (path, result.output)
        assert len(result.stderr.strip().splitlines()) == 1


def test_a_bad_corrections_file_fails_before_the_read(tmp_path):
    with pytest.raises(OptionError, match="no such file"):
        read_corrections(tmp_path / "nope.csv")


def test_train_learns_the_corrections_and_evaluate_scores_it(tmp_path):
    fixes = write(tmp_path, "item,label\nPAY-177,strategic\nPAY-178,strategic\nPAY-176,tactical\n")
    mine = tmp_path / "mine.json"
    result = run(
        "train", "--corrections", fixes, "--base", "bundled", "--board", SAMPLE, "-o", mine
    )
    assert result.exit_code == 0, result.output
    assert mine.is_file()
    # the counts are the bundled data's: the line says the corrections were used too
    assert ", adapted to 3 corrected items; wrote " in result.output
    assert "on their own it now reads " in result.output  # how many, on the next line
    # …and what it teaches the rest of a board, as measured (session 28)
    assert "learns little about the rest of a board" in result.output
    labelled = write(tmp_path, "text,label\nPayment link still payable after expiry,strategic\n"
                     "Define the product vision for next year,strategic\n", "eval.csv")  # fmt: skip
    result = run("evaluate", labelled, "--model", mine)
    assert result.exit_code == 0, result.output
    assert "macro-F1" in result.output


def test_train_says_when_the_adapted_model_still_reads_a_correction_otherwise(tmp_path):
    """A bounded step can leave a sure card on its old side: the line says how many of the
    corrected items the new model reads as labelled, and that scan --corrections fixes them."""
    fixes = write(
        tmp_path,
        "item,label,title\nX-1,tactical,Market research and product strategy for the pricing "
        "vision\nX-2,tactical,Fix the login\n",
    )
    result = run("train", "--corrections", fixes, "-o", tmp_path / "m.json")
    assert result.exit_code == 0, result.output
    assert "adapted to 2 corrected items; wrote " in result.output
    assert "on their own it now reads 1 of the 2 as you labelled them" in result.output
    # "0 of them" read as training having failed: the line says why, and what gives the labels
    assert f"By design: scan --corrections {fixes} gives every corrected item" in result.output


def test_train_corrections_with_titles_need_no_board(tmp_path):
    fixes = write(
        tmp_path,
        "item,label,title\nX-1,strategic,Market sizing for clinics\nX-2,tactical,Fix the login\n",
    )
    result = run("train", "--corrections", fixes, "-o", tmp_path / "m.json")
    assert result.exit_code == 0, result.output
    untitled = write(tmp_path, "item,label\nX-1,strategic\n", "untitled.csv")
    result = run("train", "--corrections", untitled, "-o", tmp_path / "m2.json")
    assert result.exit_code == 2 and "no title for X-1" in result.stderr


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--base", "mine"], "the only base is 'bundled'"),
        (["--board", "x.csv"], "give --corrections CSV"),
    ],
)
def test_train_option_errors(tmp_path, args, message):
    result = run("train", *args, "-o", tmp_path / "m.json")
    assert result.exit_code == 2 and message in result.stderr


def test_corrections_are_for_one_board(tmp_path):
    fixes = write(tmp_path, "item,label\nPAY-177,strategic\n")
    result = run("scan", SAMPLE, SAMPLE, "--corrections", fixes)
    assert result.exit_code == 2 and "one board" in result.stderr


def test_a_device_or_a_fifo_as_corrections_is_refused_at_once(tmp_path):
    """/dev/zero never ends and a FIFO without a writer never answers: neither is read."""
    import os

    fifo = tmp_path / "fixes.fifo"
    os.mkfifo(fifo)
    for path in (Path("/dev/zero"), fifo):
        result = run("scan", SAMPLE, "--corrections", path)
        assert result.exit_code == 2, (path, result.output)
        assert "is not a regular file" in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1


def test_evaluate_scores_the_corrections_file_on_its_board(tmp_path):
    # the same file scan --corrections and train --corrections read
    fixes = write(tmp_path, "item,label\nPAY-177,strategic\nPAY-178,strategic\nPAY-176,tactical\n")
    result = run("evaluate", fixes, "--board", SAMPLE, "--format", "json")
    assert result.exit_code == 0, result.output
    scored = json.loads(result.stdout)
    assert scored["n"] == 3
    assert {m["label"]: m["support"] for m in scored["per_label"]} == {
        "strategic": 2,
        "tactical": 1,
    }


@pytest.mark.parametrize(
    ("content", "extra", "message"),
    [
        ("item,label\nPAY-177,strategic\n", [], "--board EXPORT"),  # not 'missing column text'
        ("item,label\nNOPE-1,strategic\n", ["--board", SAMPLE], "no item 'NOPE-1' on this board"),
        ("item,label\nPAY-177,vision\n", ["--board", SAMPLE], "unknown label 'vision'"),
        ("item,label\nPAY-177,strategic\n", ["--board", SAMPLE, "--split", "dev"], "--split"),
    ],
)
def test_evaluate_corrections_errors_are_one_line(tmp_path, content, extra, message):
    result = run("evaluate", write(tmp_path, content), *extra)
    assert result.exit_code == 2
    assert message in result.output and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1
