"""research/parent_gate.py: each gate variant installs what it says and is undone (no real data
read)."""

from __future__ import annotations

import importlib

import pytest

import analyzer.parent_links as parent_links
from connectors.interface import Item
from models.interface import Prediction


@pytest.fixture
def gate(monkeypatch):
    """The module, with every attribute its variants replace restored after the test."""
    for name in (
        "takes_parent_title",
        "PARENT_TITLE_KEEP_ABOVE",
        "PARENT_TITLE_PIECE_ONLY",
        "PARENT_TITLE_OWN_TERMS",
        "EPIC_CHILDREN_NAMED",
        "is_child",
    ):
        monkeypatch.setattr(parent_links, name, getattr(parent_links, name))
    yield importlib.import_module("research.parent_gate")


def _sub(title: str) -> Item:
    return Item(source="jira", id="2", title=title, parent="K-1", hierarchy_level=-1)


def _own(label: str, confidence: float, *terms: str) -> Prediction:
    return Prediction(label, confidence, "", top_terms=list(terms))


def test_near_band_takes_an_unsure_child_without_delivery_words(gate):
    child = _sub("Compare the partner offers")  # no research piece: the shipped gate refuses
    unsure, sure = _own("tactical", 0.75, "column:done"), _own("tactical", 0.95, "column:done")
    assert not parent_links.takes_parent_title(child, unsure)
    gate.VARIANTS["near-band-0.2"]()
    assert parent_links.takes_parent_title(child, unsure)
    assert not parent_links.takes_parent_title(child, sure)  # strategic 0.05: not near
    # a delivery word among its terms refuses it, however unsure
    assert not parent_links.takes_parent_title(child, _own("tactical", 0.7, "fix", "page"))
    # the shipped gate still takes a research piece
    assert parent_links.takes_parent_title(_sub("Write up the summary"), _own("tactical", 0.99))
    gate.reset()
    assert not parent_links.takes_parent_title(child, unsure)


def test_direction_title_needs_a_direction_word_in_the_title(gate):
    gate.VARIANTS["direction-title"]()
    own = _own("tactical", 0.98, "column:done")
    assert parent_links.takes_parent_title(_sub("Assess the regulatory constraints"), own)
    assert not parent_links.takes_parent_title(_sub("Book a meeting room"), own)
    # an engineering strategy's "strategy" is no direction word
    assert not parent_links.takes_parent_title(_sub("Caching strategy"), own)


def test_switch_variants_and_reset(gate):
    story = Item(source="jira", id="3", title="Show prices", parent="K-1", hierarchy_level=0)
    gate.VARIANTS["ungated"]()
    assert (parent_links.PARENT_TITLE_PIECE_ONLY, parent_links.PARENT_TITLE_OWN_TERMS) == (0, 0)
    assert parent_links.EPIC_CHILDREN_NAMED == 0  # session 16's rules, then the change
    gate.VARIANTS["off"]()
    assert parent_links.PARENT_TITLE_KEEP_ABOVE == 0 and parent_links.PARENT_TITLE_PIECE_ONLY == 1
    gate.VARIANTS["epics-gated"]()
    assert parent_links.is_child(story)  # any story of a strategic epic
    gate.VARIANTS["epics-named-gated"]()
    assert not parent_links.is_child(story) and parent_links.EPIC_CHILDREN_NAMED == 1
    gate.reset()
    assert not parent_links.is_child(story) and parent_links.EPIC_CHILDREN_NAMED == 1
    assert parent_links.PARENT_TITLE_KEEP_ABOVE == 0.7


def test_strategic_share_of_a_two_label_reading(gate):
    assert gate._strategic_share(_own("strategic", 0.8)) == pytest.approx(0.8)
    assert gate._strategic_share(_own("tactical", 0.8)) == pytest.approx(0.2)


def test_fixture_board_puts_each_child_under_the_parent(gate):
    items = gate.fixture_board("Customer interviews", ["Write up the summary", "Book a room"])
    assert [i.id for i in items[5:]] == ["p", "s0", "s1"]
    assert all(i.parent == "P-p" and i.hierarchy_level == -1 for i in items[6:])
    assert {len(children) for _, children, _ in gate.GROUPS} == {12, 18}
    epic = gate.epic_board("Pricing strategy", ["Decide the tiers"])
    assert (epic[5].type, epic[5].hierarchy_level) == ("Epic", 1)
    assert (epic[6].type, epic[6].hierarchy_level, epic[6].parent) == ("Story", 0, "P-p")
    fields = [(i.id, i.key, i.title, i.type, i.column) for i in (*items[6:], *epic[6:])]
    assert fields == [
        ("s0", "P-s0", "Write up the summary", "Sub-task", "Done"),
        ("s1", "P-s1", "Book a room", "Sub-task", "Done"),
        ("s0", "P-s0", "Decide the tiers", "Story", "Done"),
    ]


@pytest.mark.parametrize(
    ("name", "keep_above", "piece_only", "own_terms"),
    [
        ("gated", 0.7, 1, 1),
        ("off", 0, 1, 1),
        ("ungated", 0.7, 0, 0),
        ("piece-only", 0.7, 1, 0),
        ("terms-only", 0.7, 0, 1),
    ],
)
def test_the_gate_settings_variants_are_session_16_s_rules_with_their_settings(
    gate, name, keep_above, piece_only, own_terms
):
    parent_links.EPIC_CHILDREN_NAMED = 1
    gate.VARIANTS[name]()
    said = (
        parent_links.PARENT_TITLE_KEEP_ABOVE,
        parent_links.PARENT_TITLE_PIECE_ONLY,
        parent_links.PARENT_TITLE_OWN_TERMS,
        parent_links.EPIC_CHILDREN_NAMED,
    )
    assert said == (keep_above, piece_only, own_terms, 0)


def test_every_export_and_changes_read_each_export_and_say_the_unread(
    gate, model, tmp_path, capsys, monkeypatch
):
    """Over a folder of our own exports (the Jira sample, a file no reader takes): each sub-task
    of a led parent listed, each reading a variant changes, a test-half item never shown."""
    from pathlib import Path

    sample = Path(__file__).resolve().parents[1] / "examples" / "jira_sample_export.csv"
    (tmp_path / "a.csv").write_bytes(sample.read_bytes())
    (tmp_path / "b.json").write_text("not an export", encoding="utf-8")
    monkeypatch.setattr(gate, "EXPORT_FOLDERS", (tmp_path / "absent", tmp_path))
    monkeypatch.setattr(gate, "_halves_of_ids", lambda: {"a.csv": {}})
    listed = gate.every_export(model, show_titles=False)
    said = capsys.readouterr().out
    assert "  b.json: not read (" in said and "counted, not shown: 0" in said
    assert listed and {row["file"] for row in listed} == {"a.csv"}
    assert all(row["half"] == "unlabelled" and row["title"] == "" for row in listed)
    first = listed[0]["id"]
    monkeypatch.setattr(gate, "_halves_of_ids", lambda: {"a.csv": {first: "fresh-test"}})
    assert first not in {row["id"] for row in gate.every_export(model, show_titles=True)}
    assert "counted, not shown: 1" in capsys.readouterr().out
    gate.changes(model, "off")
    said = capsys.readouterr().out.splitlines()
    assert said[0].startswith("  b.json: not read (")
    assert said[-1].startswith("  1 exports, 180 items: ")
