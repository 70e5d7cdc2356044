"""Session 19 (issue 12): the threshold a reader sees is the one given, in hundredths.

Reports show the threshold and every confidence to the hundredth (a percentage to a tenth of
one), so 0.605 would print as 0.60, which an item sure at 0.605 and one uncertain at 0.6049 would
both read. Every command taking ``--threshold`` refuses a finer one at the edge (one line, exit
2); the library's keywords too (ValueError). With a threshold in hundredths, a sure item never
reads below it and an uncertain one never at it, in every form (JSON numbers stay as they are).
A board and models of our own.
"""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.formats import get_format
from analyzer.formats._common import confidence_pct, pct
from analyzer.options import ClassifyOptions, OptionError, ScanOptions
from analyzer.pipeline import scan_file
from models._reason_terms import UNSURE_LEAD, shown_below
from models.interface import ItemDoc, Prediction
from tests.fakes.models import PredictOnlyModel, two_term_batch


def run(*args: str):
    return CliRunner().invoke(app, list(args))


def one_error_line(result, *needles: str) -> None:
    assert result.exit_code == 2, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("backlog-analyzer: error: "), lines
    assert "Traceback" not in result.output
    for needle in needles:
        assert needle in lines[0], lines[0]


BOARD_CSV = """Summary,Issue key,Issue id,Issue Type,Status,Created
Fix the login crash on the settings page,P-1,1,Task,To Do,23/Nov/25 10:15 AM
Define the product vision and roadmap for next year,P-2,2,Epic,To Do,23/Nov/25 10:15 AM
"""


@pytest.fixture(scope="module")
def board_path(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("hundredths") / "board.csv"
    path.write_text(BOARD_CSV, encoding="utf-8")
    return path


# --- thresholds in hundredths ------------------------------------------------------------------


@pytest.mark.parametrize("threshold", [0.605, 0.6001, 0.99999, 0.123])
def test_every_options_object_refuses_a_threshold_finer_than_a_hundredth(threshold):
    low, high = math.floor(threshold * 100) / 100, math.ceil(threshold * 100) / 100
    said = f"--threshold {threshold!r}: at most two decimals"
    for build in (ScanOptions.build, ClassifyOptions.build):
        with pytest.raises(OptionError, match=re.escape(said)) as caught:
            build(threshold=threshold)
        assert str(caught.value).endswith(f"use {low:.2f} or {high:.2f}")
        assert "\n" not in str(caught.value)


@pytest.mark.parametrize("threshold", [0.0, 0.01, 0.29, 0.3, 0.5, 0.57, 0.58, 0.6, 0.99, 1.0])
def test_thresholds_in_hundredths_are_taken(threshold):
    assert ScanOptions.build(threshold=threshold).threshold == threshold
    assert ClassifyOptions.build(threshold=threshold).threshold == threshold


def test_every_command_taking_the_threshold_refuses_a_finer_one(board_path, tmp_path):
    labelled = tmp_path / "labelled.csv"
    labelled.write_text("text,label\nFix the login crash,tactical\n", encoding="utf-8")
    for args in (
        ["scan", str(board_path)],
        ["classify", "Fix the login crash"],
        ["evaluate", str(labelled)],
        ["report", "--db", str(tmp_path / "none.db")],
    ):
        one_error_line(run(*args, "-t", "0.605"), "--threshold 0.605", "use 0.60 or 0.61")
    with pytest.raises(ValueError, match=r"threshold 0\.605: at most two decimals"):
        scan_file(str(board_path), threshold=0.605)  # the library's keywords


def _near(threshold: float) -> list[float]:
    """Confidences at and around ``threshold``, down to the last bit."""
    return [
        threshold,
        math.nextafter(threshold, 1.0),
        math.nextafter(threshold, 0.0),
        threshold + 1e-9,
        threshold - 1e-9,
        threshold + 0.00499,
        threshold - 0.00499,
        threshold - 0.0005,
    ]


def test_at_any_threshold_in_hundredths_a_sure_item_never_reads_below_it():
    """The rule a reader checks, for every hundredth: an item at or above the threshold reads
    at or above it as the report prints it (0.57, 57.0%), one below it reads below it."""
    for k in range(1, 100):
        threshold = k / 100
        shown_at, pct_at = f"{threshold:.2f}", pct(threshold)
        assert float(shown_at) == threshold
        for confidence in _near(threshold):
            item = SimpleNamespace(confidence=confidence)
            if confidence >= threshold:
                item.label = "tactical"
                assert float(f"{confidence:.2f}") >= float(shown_at), (threshold, confidence)
                assert float(confidence_pct(item, threshold)[:-1]) >= float(pct_at[:-1])
            else:
                item.label = "uncertain"
                below = shown_below(confidence, threshold)
                assert float(f"{below:.2f}") < float(shown_at), (threshold, confidence)
                assert float(confidence_pct(item, threshold)[:-1]) < float(pct_at[:-1])


def test_the_models_reasons_keep_the_rule_at_float_hundredths():
    """The batch's reason heads (coded by hundredths) at 0.57, 0.58, 0.83 (not exact in binary):
    the item exactly at the threshold reads it, the one a bit below reads a hundredth under."""
    for threshold in (0.51, 0.57, 0.58, 0.7, 0.83, 0.99):
        just_below = math.nextafter(threshold, 0.0)
        proba = np.array([[1 - threshold, threshold], [1 - just_below, just_below]])
        batch = two_term_batch(proba, [0, 0], [[1, -1], [1, -1]])
        batch.mark_below(threshold)
        sure, unsure = batch.reason(0), batch.reason(1)
        assert sure.startswith(f"tactical {threshold:.2f}: "), sure
        assert unsure.startswith(f"{UNSURE_LEAD}tactical {threshold - 0.01:.2f}: "), unsure


class _AtModel(PredictOnlyModel):
    """Every item tactical exactly at ``sure`` ('crash' in its title) or a bit below it."""

    labels = ("strategic", "tactical")

    def __init__(self, sure: float) -> None:
        self.sure = sure

    def predict(self, docs: Sequence[ItemDoc]) -> list[Prediction]:
        out = []
        for doc in docs:
            p = self.sure if "crash" in doc.title else math.nextafter(self.sure, 0.0)
            scores = {"strategic": 1 - p, "tactical": p}
            out.append(Prediction("tactical", p, f"tactical {p:.2f}: 'word'", scores))
        return out


@pytest.mark.parametrize("threshold", [0.57, 0.7])
@pytest.mark.parametrize("name", ["markdown", "html", "table"])
def test_every_report_prints_the_threshold_as_given_and_no_sure_item_below_it(
    board_path, threshold, name
):
    report = scan_file(str(board_path), model=_AtModel(threshold), threshold=threshold)
    labels = {i.key: i.label for i in report.items}
    assert labels["P-1"] == "tactical" and labels["P-2"] == "uncertain"
    text = get_format(name).render(report)
    assert f"{threshold:.2f}" in text  # the header's threshold
    if name != "table":  # (the terminal lists the surest items only, not these)
        assert pct(threshold) in text  # the sure item, at the threshold
        assert pct(threshold - 0.001) in text  # the uncertain ones, a tenth of a point below
