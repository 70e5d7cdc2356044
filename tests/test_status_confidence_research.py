"""research.status_confidence's levers (measured in session 13, none shipped): each changes the
bundled model's reading only while patched, and only the items it names."""

from __future__ import annotations

import argparse
import math
from pathlib import Path

import pytest

import models.classifier as classifier
from models.calibration import (
    BoardPrior,
)
from models.interface import ItemDoc
from research import status_confidence as sc

# A board read at the EM floor (sidelineHD's 0.5 %): its status-list cards are tactical 0.9+.
LOW = BoardPrior({"strategic": 0.005, "tactical": 0.995})


@pytest.fixture
def patch():
    undo: list[dict[str, float]] = []

    def apply(**values: float) -> None:
        undo.append(sc.patched(values))

    yield apply
    for old in reversed(undo):
        sc.patched(old)
    assert sc.LEVERS["PLACED_TACTICAL_CAP"] == 1.0
    assert sc.LEVERS["LIST_PUSH_CAP"] == math.inf


def _strategic(model, docs):
    return model.predict_proba(docs, prior=LOW)[:, 0]


def test_the_placed_cap_holds_a_direction_titled_status_card_and_nothing_else(model, patch):
    docs = [
        ItemDoc("NPS survey dashboard", column="Done"),  # direction title, words lean strategic
        ItemDoc("Fix login button crash on save", column="Done"),  # no direction word
        ItemDoc("Customer survey experiment: NPS outcome", column="Ideas"),  # strategic
    ]
    before = _strategic(model, docs)
    assert before[0] < 0.1 and before[1] < 0.01 and before[2] > 0.5
    patch(PLACED_TACTICAL_CAP=0.9)
    after = _strategic(model, docs)
    assert after[0] == pytest.approx(0.1)  # tactical 0.9 at most
    assert after[1:].tolist() == pytest.approx(before[1:].tolist())


def test_the_placed_cap_below_the_threshold_leaves_the_card_uncertain(model, patch):
    doc = ItemDoc("NPS survey dashboard", column="Done")
    patch(PLACED_TACTICAL_CAP=0.55)
    (prediction,) = model.predict([doc], prior=LOW)
    assert prediction.label == "tactical"
    assert prediction.confidence == pytest.approx(0.55)
    assert prediction.final_label(0.6) == "uncertain"


def test_the_placed_cap_can_ask_for_a_status_list(model, patch):
    docs = [
        ItemDoc("NPS survey dashboard", column="Done"),
        ItemDoc("NPS survey dashboard", column="Code review"),  # no stage by rules._STAGE
    ]
    before = _strategic(model, docs)
    assert (before < 0.1).all()
    patch(PLACED_TACTICAL_CAP=0.9, PLACED_NEEDS_STAGE=1.0)
    after = _strategic(model, docs)
    assert after[0] == pytest.approx(0.1)
    assert after[1] == pytest.approx(before[1])


def test_the_list_push_cap_moves_status_list_cards_only(model, patch):
    docs = [
        ItemDoc("NPS survey dashboard", column="Done"),
        ItemDoc("Customer survey experiment: NPS outcome", column="Ideas"),
    ]
    before = model.decision(model.transform(docs))
    patch(LIST_PUSH_CAP=0.0)
    assert classifier.LinearRoleModel.decision is not sc._DECISION
    after = model.decision(model.transform(docs))
    strategic_first = model.labels.index("strategic") == 0  # the score is labels[1]'s
    moved_toward_strategic = after[0] < before[0] if strategic_first else after[0] > before[0]
    assert moved_toward_strategic
    assert after[1] == pytest.approx(before[1])


def test_an_unknown_name_is_refused():
    with pytest.raises(SystemExit, match="no NOT_A_RULE"):
        sc.patched({"NOT_A_RULE": 1.0})


def test_the_sweeps_score_dev_halves_only():
    """--fresh3 (session 13) scores the third fresh set's fresh3-dev half, never fresh3-test;
    --fresh4 (session 14) the fourth's fresh4-dev half."""
    from research import real_dev_sweep

    assert real_dev_sweep.FRESH_SETS["fresh3"] == (real_dev_sweep.FRESH3_LABELS, "fresh3-dev")
    # --fresh4 (session 14): the fourth fresh set's fresh4-dev half, never fresh4-test
    assert real_dev_sweep.FRESH_SETS["fresh4"] == (real_dev_sweep.FRESH4_LABELS, "fresh4-dev")
    # --fresh6 (session 15): the sixth fresh set's fresh6-dev half, never fresh6-test
    assert real_dev_sweep.FRESH_SETS["fresh6"] == (real_dev_sweep.FRESH6_LABELS, "fresh6-dev")
    assert real_dev_sweep.FRESH6_LABELS.name == "fresh6_labels.csv"
    # --fresh7 (session 16): the seventh fresh set's fresh7-dev half, never fresh7-test
    assert real_dev_sweep.FRESH_SETS["fresh7"] == (real_dev_sweep.FRESH7_LABELS, "fresh7-dev")
    assert real_dev_sweep.FRESH7_LABELS.name == "fresh7_labels.csv"
    # --fresh8 (session 17): the eighth fresh set's fresh8-dev half, never fresh8-test
    assert real_dev_sweep.FRESH_SETS["fresh8"] == (real_dev_sweep.FRESH8_LABELS, "fresh8-dev")
    assert real_dev_sweep.FRESH8_LABELS.name == "fresh8_labels.csv"
    # --fresh9 (session 19): the ninth fresh set's fresh9-dev half, never fresh9-test
    assert real_dev_sweep.FRESH_SETS["fresh9"] == (real_dev_sweep.FRESH9_LABELS, "fresh9-dev")
    assert real_dev_sweep.FRESH9_LABELS.name == "fresh9_labels.csv"
    # --fresh10 (session 21): the tenth fresh set's fresh10-dev half, never fresh10-test
    assert real_dev_sweep.FRESH_SETS["fresh10"] == (real_dev_sweep.FRESH10_LABELS, "fresh10-dev")
    assert real_dev_sweep.FRESH10_LABELS.name == "fresh10_labels.csv"
    halves = [split for _, split in real_dev_sweep.FRESH_SETS.values()] + [
        split for _, split in sc.SETS.values()
    ]
    assert all(split == "dev" or split.endswith("-dev") for split in halves)


def test_the_sweep_takes_fresh6_and_the_list_lever_scores_its_dev_half():
    """Session 15: ``--fresh6`` is an option of the 8-draw sweep, and the list-name lever scores
    fresh6-dev after the five earlier fresh dev halves, then the later sets' (never a ``*-test``
    half)."""
    import inspect

    from research import list_only_lever, real_dev_sweep

    # session 33: run_one takes one {set: folder} dict; --fresh6 still names fresh6's folder
    assert "folders" in inspect.signature(real_dev_sweep.run_one).parameters
    given = {prefix: None for prefix in real_dev_sweep.FRESH_SETS} | {"fresh6": Path("/x")}
    args = argparse.Namespace(all_fresh=False, **given)
    assert real_dev_sweep.fresh_folders(args) == {"fresh6": Path("/x")}
    assert "--fresh6 FOLDER" in real_dev_sweep.__doc__
    splits = [split for _, _, split in list_only_lever.HALVES]
    assert splits[-11:] == [
        "fresh5-dev",
        "fresh6-dev",
        "fresh7-dev",
        "fresh8-dev",
        "fresh9-dev",
        "fresh10-dev",
        # session 33's sets of the hunts' exports
        "fresh11-dev",
        "fresh12-dev",
        "fresh13-dev",
        "fresh14-dev",
        "fresh15-dev",
    ]
    assert ("/work/freshdata6", "fresh6_labels.csv", "fresh6-dev") in list_only_lever.HALVES
    assert all(split == "dev" or split.endswith("-dev") for split in splits)


@pytest.mark.parametrize("name", ["fresh7", "fresh8", "fresh9", "fresh10"])
def test_the_sweep_scores_a_late_sets_dev_half_when_given_its_folder(
    tmp_path, monkeypatch, capsys, name
):
    """Session 16: ``--fresh7 FOLDER`` (17: ``--fresh8``, 19: ``--fresh9``, 21: ``--fresh10``)
    reaches each draw and the benchmark is run on that folder with that set's labels and its
    **NAME-dev** half only (never NAME-test); its numbers come back as ``NAME_*`` and are summed
    on the last line."""
    from research import real_dev_sweep

    labels_of = {
        "fresh7": real_dev_sweep.FRESH7_LABELS,
        "fresh8": real_dev_sweep.FRESH8_LABELS,
        "fresh9": real_dev_sweep.FRESH9_LABELS,
        "fresh10": real_dev_sweep.FRESH10_LABELS,
    }
    assert f"--{name} FOLDER" in real_dev_sweep.__doc__
    calls: list[list[str]] = []
    printed = (
        "[{s}] items 10  strategic 2  macro-F1 0.600  accuracy 0.900  ECE 0.050  uncertain 1.0%\n"
        "[{s}] called strategic 3, strategic by the labels 1\n"
        "[{s}] share error: mean 4.0 pts, max 6.0 pts, files within 10 pts 2/2; surest "
        "strategic by the labels: 1/2\n"
    )

    def fake_bench(argv):
        calls.append(argv)
        print(printed.format(s=argv[argv.index("--split") + 1]))
        return 0

    class FakeModel:
        def save(self, path):
            path.write_text("{}", encoding="utf-8")

    monkeypatch.setattr(real_dev_sweep.bench, "main", fake_bench)
    monkeypatch.setattr(real_dev_sweep, "train_draw", lambda seed, extra: FakeModel())
    monkeypatch.setattr(
        real_dev_sweep, "evaluate", lambda model, items: type("E", (), {"macro_f1": 0.9})()
    )
    monkeypatch.setattr(real_dev_sweep, "read_labelled", lambda path, split: [])
    folder = tmp_path / f"freshdata{name[len('fresh') :]}"
    assert real_dev_sweep.main(["--seeds", "12", f"--{name}", str(folder)]) == 0
    fresh = [argv for argv in calls if "--data" in argv]
    assert len(fresh) == 1
    argv = fresh[0]
    assert argv[argv.index("--data") + 1] == str(folder)
    assert argv[argv.index("--labels") + 1] == str(labels_of[name])
    assert argv[argv.index("--split") + 1] == f"{name}-dev"
    assert [a[a.index("--split") + 1] for a in calls] == ["dev", f"{name}-dev"]
    out = capsys.readouterr().out
    assert f"'{name}_real_f1': 0.6" in out
    assert f"{name}-dev macro-F1 0.600" in out
    last = out.splitlines()[-1]
    assert last.endswith("found (strategic by the labels) 2, false strategic calls 4")


def test_the_placed_cap_reads_the_title_rules_arguments_by_name(model, patch, monkeypatch):
    """The placed cap wraps the classifier's private title rules and reads their ``prior`` and
    ``direction`` by name: a refactor that renames one fails loudly instead of reading another
    argument in its place (the arguments are passed through as given)."""
    import inspect

    assert {"prior", "direction"} <= set(sc._TITLE_CHECKED_PARAMETERS.parameters)

    def renamed(self, docs, proba, prior=None, titles=None, board_direction=None, held=None):
        raise AssertionError("only its signature is read")

    monkeypatch.setattr(sc, "_TITLE_CHECKED_PARAMETERS", inspect.signature(renamed))
    patch(PLACED_TACTICAL_CAP=0.9)
    with pytest.raises(KeyError, match="direction"):
        model.predict([ItemDoc("NPS survey dashboard", column="Done")], prior=LOW)
