"""research.dev_misses: which dev items a model misses or calls strategic wrongly, counted over
models (own fixtures only; never the real exports)."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest

from research import dev_misses
from research.dev_misses import model_languages
from research.halves import Scanned


def _item(id_, label, confidence=0.9, key=None, title="Write the pricing strategy", desc=""):
    return SimpleNamespace(
        id=id_,
        key=key,
        ref=key or f"short-{id_}",  # what a report shows: the labels name the id
        title=title,
        description=desc,
        labels=(),
        hierarchy_level=None,
        label=label,
        confidence=confidence,
        reason=f"{label} {confidence:.2f}: 'pricing'",
        type="Story",
        column="Done",
    )


def _board(items, labels) -> Scanned:
    board = SimpleNamespace(items=items)  # a report item stands in for the board's item
    return Scanned("b.json", Path("b.json"), board, SimpleNamespace(items=items), labels, None)


def test_misses_and_false_calls_of_the_half_only():
    items = [
        _item("1", "tactical"),  # strategic by the labels: a miss
        _item("2", "uncertain", 0.55),  # a miss too (uncertain counts wrong)
        _item("3", "strategic"),  # tactical by the labels: a false call
        _item("4", "strategic"),  # right
        _item("5", "tactical"),  # right
        _item("6", "tactical"),  # the other half: not looked at
        _item("x", "tactical", key="K-7"),  # labelled by its key
        _item("8", "strategic"),  # unlabelled
    ]
    labels = {
        "1": ("strategic", "dev"),
        "2": ("strategic", "dev"),
        "3": ("tactical", "dev"),
        "4": ("strategic", "dev"),
        "5": ("tactical", "dev"),
        "6": ("strategic", "test"),
        "K-7": ("strategic", "dev"),
    }
    got = list(dev_misses.wrong_items([_board(items, labels)], "dev"))
    assert [(w.kind, w.ref) for w in got] == [
        ("miss", "1"),
        ("miss", "2"),
        ("false", "3"),
        ("miss", "K-7"),
    ]
    assert got[0].language == "en" and got[0].type == "Story" and got[0].column == "Done"
    assert got[1].label == "uncertain" and got[1].reason.startswith("uncertain 0.55")


#: Written for this test: an English title over a German description.
GERMAN = (
    "Wir müssen die Planung für das nächste Jahr mit dem Team und den Kunden abstimmen, damit "
    "die Ziele klar sind und wir nicht zu spät sind."
)


def test_the_language_is_the_one_the_model_reads_the_item_in():
    from models.classifier import load_model

    items = [
        _item("1", "tactical", title="Roadmap review for the portal", desc=GERMAN),
        _item("2", "tactical", title="Roadmap review for the portal"),
        _item("3", "tactical", title="x"),
    ]
    labels = {ref: ("strategic", "dev") for ref in ("1", "2", "3")}
    model = load_model()
    got = list(dev_misses.wrong_items([_board(items, labels)], "dev", model_languages(model)))
    assert [w.language for w in got] == ["de", "en", "?"]
    titles = list(dev_misses.wrong_items([_board(items, labels)], "dev"))  # by the title alone
    assert [w.language for w in titles] == ["en", "en", "?"]
    assert model_languages(object()) is dev_misses.title_languages  # a model without rows
    said = dev_misses.by_language([got, titles])
    assert said == "misses by language: ? 2, de 1, en 3; false calls: none"


def test_counted_over_models_keeps_the_first_reading():
    def wrong(kind, ref, confidence):
        return dev_misses.Wrong(kind, "dev", "b.json", ref, "en", "-", "-", "x", confidence, "r")

    runs = [
        [wrong("false", "3", 0.8), wrong("miss", "1", 0.9)],
        [wrong("miss", "1", 0.7)],
        [wrong("miss", "2", 0.6)],
    ]
    got = dev_misses.counted(runs)
    assert [(n, w.kind, w.ref, w.confidence) for n, w in got] == [
        (2, "miss", "1", 0.9),
        (1, "miss", "2", 0.6),
        (1, "false", "3", 0.8),
    ]


def test_seeds_need_a_cache(capsys):
    with pytest.raises(SystemExit) as exit_:
        dev_misses.main(["--seeds", "1"])
    assert exit_.value.code == 2
    assert "--cache" in capsys.readouterr().err


def test_a_patch_must_name_a_rules_constant(capsys):
    for patch in ("NO_SUCH_RULE=1", "TITLE_DIRECTION_REREAD"):
        with pytest.raises(SystemExit) as exit_:
            dev_misses.main(["--patch", patch])
        assert exit_.value.code == 2
        assert "--patch" in capsys.readouterr().err


def test_a_line_names_the_item_by_file_and_id_and_says_the_reason_once():
    w = dev_misses.Wrong(
        "miss", "dev", "b.json", "K-7", "en", "Story", "Done", "uncertain", 0.55, "tactical 0.55: r"
    )
    line = dev_misses._line(2, 9, w)
    assert line.startswith("miss  2/9  dev")
    assert "b.json" in line and "K-7" in line and "type=Story list=Done" in line
    assert line.endswith("uncertain: tactical 0.55: r") and line.count("0.55") == 1
