"""research.s19_floor: a dev half scored with the board prior's direction floor as shipped and
off (session 19). Small fixtures of our own; never the real data."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

import models.rules as rules
from research import s19_floor

ROOT = Path(__file__).resolve().parents[1]


def test_only_a_dev_half_is_scored(tmp_path, capsys):
    assert s19_floor.is_dev_half("dev") and s19_floor.is_dev_half("fresh9-dev")
    for split in ("test", "fresh9-test", "fresh9", "all"):
        assert not s19_floor.is_dev_half(split)
        argv = ["--data", str(tmp_path), "--labels", str(tmp_path / "x.csv"), "--split", split]
        assert s19_floor.main(argv) == 2
        out = capsys.readouterr().out
        assert out.count("\n") == 1 and "not a dev half" in out


def _result(item_id, label, confidence):
    return SimpleNamespace(id=item_id, label=label, predicted_label=label, confidence=confidence)


def test_each_run_scans_at_its_ratio_and_puts_the_shipped_one_back(monkeypatch):
    """The floor is off (ratio 0) during the second run's scans only, back after (even when a
    scan fails); only the asked half's labelled items count; the half's line comes last."""
    shipped = rules.BOARD_PRIOR_DIRECTION_RATIO
    seen: list[float] = []

    def fake_scan(board, model, threshold, on_prior):
        seen.append(rules.BOARD_PRIOR_DIRECTION_RATIO)
        on_prior(0.25 if rules.BOARD_PRIOR_DIRECTION_RATIO else 0.05)
        return SimpleNamespace(items=board)

    monkeypatch.setattr(s19_floor, "scan_board", fake_scan)
    labels = {
        "a.json": {
            "1": ("strategic", "x-dev"),
            "2": ("tactical", "x-dev"),
            "3": ("tactical", "x-test"),
        }
    }
    board = [_result("1", "strategic", 0.9), _result("2", "tactical", 0.8), _result("3", "x", 0.5)]
    for ratio, prior in ((None, 0.25), (0.0, 0.05)):
        out = list(s19_floor.score_half([("a.json", board)], labels, "x-dev", None, 0.6, ratio))
        assert [s.name for s in out] == ["a.json", "all"]
        assert out[0].n == 2 and out[0].prior == prior and out[-1].prior is None
        assert out[0].true_share == 0.5 and out[0].predicted_share == 0.5
        assert out[0].macro_f1 == 1.0
        assert shipped == rules.BOARD_PRIOR_DIRECTION_RATIO
    assert seen == [shipped, 0.0]

    def failing_scan(*args, **kwargs):
        assert rules.BOARD_PRIOR_DIRECTION_RATIO == 0.0
        raise RuntimeError("scan failed")

    monkeypatch.setattr(s19_floor, "scan_board", failing_scan)
    with pytest.raises(RuntimeError):
        list(s19_floor.score_half([("a.json", board)], labels, "x-dev", None, 0.6, 0.0))
    assert shipped == rules.BOARD_PRIOR_DIRECTION_RATIO


def test_a_half_is_printed_per_file_with_and_without_the_floor(tmp_path, capsys):
    shipped = rules.BOARD_PRIOR_DIRECTION_RATIO
    data = tmp_path / "data" / "jira"
    data.mkdir(parents=True)
    (data / "ferreteria_es_jira.csv").write_bytes(
        (ROOT / "tests" / "fixtures" / "bench_fresh3_jira_es.csv").read_bytes()
    )
    labels = tmp_path / "labels.csv"
    labels.write_text(
        "file,item_id,label,split,lang\n"
        "ferreteria_es_jira.csv,7201,strategic,fresh9-dev,es\n"
        "ferreteria_es_jira.csv,7202,strategic,fresh9-test,es\n"
        "ferreteria_es_jira.csv,7203,tactical,fresh9-dev,es\n",
        encoding="utf-8",
    )
    argv = ["--data", str(tmp_path / "data"), "--labels", str(labels), "--split", "fresh9-dev"]
    assert s19_floor.main(argv) == 0
    out = capsys.readouterr().out
    assert "[fresh9-dev] ferreteria_es_jira.csv" in out and "n=   2" in out
    assert out.count("with floor ") == 2 and out.count("without floor ") == 2  # file, all
    assert "[fresh9-dev] all" in out and "true  50.0%" in out
    assert shipped == rules.BOARD_PRIOR_DIRECTION_RATIO
