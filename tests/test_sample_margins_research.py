"""research.sample_margins (session 16): the bundled samples' cards near the threshold."""

from __future__ import annotations

from pathlib import Path

import pytest

from research import sample_margins


def test_clearance_is_the_distance_outside_the_uncertain_band():
    assert sample_margins.clearance(0.9) == pytest.approx(0.3)
    assert sample_margins.clearance(0.1) == pytest.approx(0.3)
    assert sample_margins.clearance(0.5) == pytest.approx(-0.1)  # inside the band
    assert sample_margins.clearance(0.75, threshold=0.7) == pytest.approx(0.05)
    assert [sample_margins.label_of(p) for p in (0.6, 0.59, 0.41, 0.4)] == [
        "strategic",
        "uncertain",
        "uncertain",
        "tactical",
    ]


def test_the_generator_means_its_strategic_cards_and_issues_strategic():
    meant = sample_margins.intended_strategic(Path(__file__).parents[1] / "examples")
    assert "Q1 2027 roadmap draft" in meant  # a late strategic card
    assert "Payments strategy 2027: one-page narrative" in meant  # a Jira strategy item
    assert "Draft restored twice after a crash" not in meant  # a bug


def test_sample_margins_lists_no_sample_card_near_the_threshold(capsys):
    assert sample_margins.main(["--margin", "0.10"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 6  # three samples, two readings each, no card listed
    assert all(line.endswith("within 0.10: 0") for line in lines)


def test_sample_margins_lists_a_card_near_the_threshold(capsys):
    assert sample_margins.main(["--margin", "0.49"]) == 0  # every card is "near"
    out = capsys.readouterr().out
    assert "trello_sample_board.json [scan]: strategic " in out
    assert " meant strategic read strategic Q1 2027 roadmap draft" in out


def test_sample_margins_reads_with_the_model_asked_for(capsys, monkeypatch, tmp_path):
    asked: list[object] = []
    load = sample_margins.load_model
    monkeypatch.setattr(sample_margins, "load_model", lambda path: asked.append(path) or load())
    assert sample_margins.main(["--margin", "0.10"]) == 0
    assert sample_margins.main(["--margin", "0.10", "--model", str(tmp_path / "m1.json")]) == 0
    assert asked == [None, tmp_path / "m1.json"]
