"""Session 25: a reason's confidence never reads "1.00" when it is below 1.

The reports' shares never read "100%" unless they are (``_backlog_analyzer_runtime.percent``);
the reason beside
one read "strategic 1.00: …" for a confidence of 0.998. A confidence that rounds to 1.00 but is
below 1 reads ">0.99" wherever the model's number is written: the reason's head table, the rows
said one by one (rounding ties, exactly 1), the reference ``reason_text``, the batch's JSON
forms, ``classify``'s JSON lines and its terminal column. Hand-made batches of our own.
"""

from __future__ import annotations

import io
import json
import math

import numpy as np
import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.commands import classify as classify_command
from analyzer.modeling import classify_stream, prediction_line, prediction_lines
from models._batch import _row_prediction
from models._batch_reasons import BatchColumns, JsonTables
from models._reason_terms import NEARLY_CERTAIN, UNSURE_LEAD, confidence_text
from models.interface import Prediction
from models.reasons import _HELD_BY_WORDS, _HELD_THIN, _head_codes, reason_text
from models.rules import HELD_REASON
from tests.fakes.models import two_term_batch
from tests.test_batch_reasons import _eval_texts

TIE = 0.995  # in binary a hair below the tie: f"{0.995:.2f}" is "0.99"


def _expected_number(confidence: float) -> str:
    """The rule, spelled out apart from the code: two decimals, but never "1.00" below 1."""
    text = f"{confidence:.2f}"
    return ">0.99" if text == "1.00" and confidence < 1 else text


@pytest.mark.parametrize(
    ("confidence", "text"),
    [
        (0.996, ">0.99"),
        (0.9999999, ">0.99"),
        (math.nextafter(1.0, 0.0), ">0.99"),
        (1.0, "1.00"),
        (0.994, "0.99"),
        (0.99, "0.99"),
        (TIE, "0.99"),  # the tie's lower side, as formatting rounds it
        (math.nextafter(TIE, 1.0), ">0.99"),
        (0.87, "0.87"),
        (0.5, "0.50"),
    ],
)
def test_confidence_text(confidence, text):
    assert confidence_text(confidence) == text == _expected_number(confidence)


#: Confidences of a label around the top: plain, ties and near-ties at 0.995, exactly 1.
NEAR_ONE = [0.996, 1.0, 0.994, TIE, math.nextafter(TIE, 1.0), 0.9950001, 0.9949999, 0.9999999]


def _batch(held: int = 0):
    proba = [[1 - p, p] for p in NEAR_ONE] + [[p, 1 - p] for p in NEAR_ONE]
    chosen = [[1, -1]] * len(NEAR_ONE) + [[0, -1]] * len(NEAR_ONE)
    return two_term_batch(proba, [held] * len(proba), chosen), proba, chosen


def _reference(proba, chosen, held: int = 0, unsure: bool = False) -> list[str]:
    out = []
    for row, q in enumerate(proba):
        k = int(np.argmax(q))
        terms = [["roadmap", "login"][c] for c in chosen[row] if c >= 0]
        out.append(
            reason_text(("strategic", "tactical")[k], q[k], terms, None, held=held, unsure=unsure)
        )
    return out


def _every_form(batch, rows: list[int]) -> list[list[str]]:
    """The batch's reasons as each of its forms gives them."""
    layout = ("[", ", ", "]", "[]")
    texts = batch.json_reasons_and_term_lists(rows, layout)[0]
    heads, middles, endings, _ = batch.utf8_reason_pieces(rows, layout)
    pieces = [b"".join(p).decode() for p in zip(heads, middles, endings, strict=True)]
    return [
        [batch.reason(row) for row in rows],
        batch.reasons_and_term_lists(rows)[0],
        [json.loads(t) for t in texts],
        [json.loads(t) for t in pieces],
    ]


@pytest.mark.parametrize("held", [0, _HELD_BY_WORDS, _HELD_THIN])
def test_every_batch_form_reads_the_rule_for_plain_and_held_rows(held):
    batch, proba, chosen = _batch(held)
    rows = list(range(len(proba)))
    expected = _reference(proba, chosen, held)
    for said in _every_form(batch, rows):
        assert said == expected
    numbers = [reason.split(": ")[0].split(" ")[1] for reason in expected]
    assert numbers == [_expected_number(max(q)) for q in proba]
    assert numbers[:3] == [">0.99", "1.00", "0.99"]
    assert expected[0].startswith("tactical >0.99: ") and expected[1].startswith("tactical 1.00: ")
    if held == _HELD_BY_WORDS:
        assert expected[0] == f"tactical >0.99: {HELD_REASON}'login'"


def test_a_row_at_exactly_one_is_said_one_by_one_and_the_table_reads_nearly_certain():
    batch, proba, _ = _batch()
    codes = batch.codes.tolist()
    assert codes[1] < 0 and codes[len(NEAR_ONE) + 1] < 0  # exactly 1: not the table's top head
    assert batch.heads[codes[0]] == f"tactical {NEARLY_CERTAIN}: "
    assert batch.heads[codes[len(NEAR_ONE)]] == f"strategic {NEARLY_CERTAIN}: "
    held = _head_codes(batch.best, batch.proba, np.full(len(proba), _HELD_THIN))
    assert held[1] < 0 and batch.heads[held[0]].startswith(f"tactical {NEARLY_CERTAIN}: ")


def test_unsure_rows_read_the_rule_and_never_the_threshold():
    batch, proba, chosen = _batch()
    rows = list(range(len(proba)))
    batch.mark_unsure(rows)  # the caller's own choice of rows: no threshold to stay under
    expected = _reference(proba, chosen, unsure=True)
    for said in _every_form(batch, rows):
        assert said == expected
    assert expected[0] == f"{UNSURE_LEAD}tactical >0.99: 'login'"
    assert expected[1] == f"{UNSURE_LEAD}tactical 1.00: 'login'"
    # below a report's threshold of 1.00 the number is cut under it (session 19): never 1.00
    batch, proba, chosen = _batch()
    batch.mark_below(1.0)
    for row, reason in enumerate(batch.reason(row) for row in rows):
        if max(proba[row]) < 1.0:
            assert reason.startswith(UNSURE_LEAD) and " 0.99: " in reason, reason
        else:
            assert reason.startswith("tactical 1.00: ") or reason.startswith("strategic 1.00: ")


def test_json_lines_say_what_the_prediction_says():
    batch, proba, _ = _batch()
    tables = JsonTables.build(
        batch.labels, batch.names, batch.shown, batch.heads, batch.phrase_parts
    )
    columns = BatchColumns(batch, tables, {}, _row_prediction)
    # the row at 0.996 is written from the tables, the one at exactly 1 from its Prediction
    assert 0 not in columns.fallback_rows() and 1 in columns.fallback_rows()
    texts = [f"item {row}" for row in range(len(proba))]
    for threshold in (0.6, 1.0):
        lines = prediction_lines(texts, columns, threshold)
        for row, line in enumerate(lines):
            prediction = _row_prediction(batch, row)
            assert line == prediction_line(texts[row], prediction, threshold)
            reason = json.loads(line)["reason"]
            assert reason == prediction.reason
            assert reason.split(" ")[1] == f"{_expected_number(max(proba[row]))}:"


def test_the_terminal_column_reads_the_rule_and_keeps_its_numbers_in_one_column(monkeypatch):
    out = io.StringIO()
    monkeypatch.setattr(classify_command.sys, "stdout", out)
    said = []
    for p, label in [
        (0.94, "strategic"),
        (0.996, "tactical"),
        (1.0, "tactical"),
        (0.55, "tactical"),
    ]:
        scores = {"strategic": 1 - p, "tactical": p} if label == "tactical" else {label: p}
        said.append(
            (f"item {p}", Prediction(label, p, f"{label} {confidence_text(p)}: 'x'", scores))
        )
    classify_command._write_results(iter(said), 0.6)
    lines = out.getvalue().splitlines()[::2]
    assert lines == [
        "strategic  0.94  item 0.94",
        "tactical  >0.99  item 0.996",
        "tactical   1.00  item 1.0",
        "uncertain  0.55  item 0.55",
    ]
    reasons = out.getvalue().splitlines()[1::2]
    assert reasons[1] == "    tactical >0.99: 'x'"


def test_classify_says_the_same_number_in_its_text_json_lines_and_json_array(tmp_path):
    texts = _eval_texts(120, seed=25)
    path = tmp_path / "items.txt"
    path.write_text("\n".join(texts) + "\n", encoding="utf-8")
    expected = [p for _, p in classify_stream(texts, threshold=0.6)]
    args = ["classify", "--file", str(path), "-f"]
    jsonl = CliRunner().invoke(app, [*args, "jsonl"]).stdout.splitlines()
    array = json.loads(CliRunner().invoke(app, [*args, "json"]).stdout)
    text = CliRunner().invoke(app, [*args, "text"]).stdout.splitlines()
    assert len(jsonl) == len(array) == len(expected) == len(text) // 2
    for row, p in enumerate(expected):
        assert json.loads(jsonl[row])["reason"] == array[row]["reason"] == p.reason
        number = confidence_text(p.confidence) if p.confidence >= 0.6 else None
        if number is not None:
            assert p.reason.startswith(f"{p.label} {number}: ")
            assert text[2 * row].split()[1] == number
            assert text[2 * row + 1].strip() == p.reason
    assert any(p.reason.split(": ")[0].endswith(NEARLY_CERTAIN) for p in expected)
