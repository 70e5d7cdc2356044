"""Parent links in a board scan (analyzer/parent_links.py): a sub-task of a parent the scan reads
strategic, and not read strategic itself, is read again without its issue type."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from analyzer.parent_links import led_by_direction, parent_positions, read_again, without_type
from analyzer.pipeline import classify_items
from connectors.interface import Item
from models.interface import ItemDoc, Prediction, RoleModel


def _item(id_: str, title: str, *, key: str | None = None, parent: str | None = None, **kw):
    return Item(source="jira", id=id_, title=title, key=key, parent=parent, **kw)


def _p(label: str, confidence: float) -> Prediction:
    return Prediction(label=label, confidence=confidence, reason="")


class TypeReadingModel(RoleModel):
    """Strategic when the title says "strategy"; else a sub-task is tactical 0.9, a task
    tactical 0.8 and an item without a type strategic 0.7 (what the type push does, in
    miniature). Records each predict call's titles and types."""

    labels = ("strategic", "tactical")

    def __init__(self, with_prior: bool = True) -> None:
        self.calls: list[list[tuple[str, str | None]]] = []
        if with_prior:
            self.estimate_prior = lambda docs: {"strategic": 0.1, "tactical": 0.9}

    def predict(self, docs: Sequence[ItemDoc], prior=None) -> list[Prediction]:  # type: ignore[override]
        self.calls.append([(d.title, d.type) for d in docs])
        out = []
        for doc in docs:
            if "strategy" in doc.title:
                out.append(_p("strategic", 0.95))
            elif doc.type == "Sub-task":
                out.append(_p("tactical", 0.9))
            elif doc.type == "Task":
                out.append(_p("tactical", 0.8))
            else:
                out.append(_p("strategic", 0.7))
        return out

    def save(self, path: Path) -> None:  # pragma: no cover - not used
        raise NotImplementedError

    @classmethod
    def load(cls, path: Path) -> RoleModel:  # pragma: no cover - not used
        raise NotImplementedError


def _sub(id_: str, title: str, parent: str) -> Item:
    return _item(id_, title, key=f"K-{id_}", parent=parent, type="Sub-task", hierarchy_level=-1)


def _board() -> list[Item]:
    return [
        _item("1", "Pricing strategy for the launch", key="K-1", type="Task"),
        _sub("2", "Interview guide", "K-1"),
        _item("3", "Fix the login page", key="K-3", type="Task"),
        _sub("4", "Button colour", "3"),  # parent by id
        _sub("5", "Customer list", "1"),  # parent by id
        # a story of the strategy: a deliverable, never read again
        _item("6", "Price page", key="K-6", parent="K-1", type="Task", hierarchy_level=0),
    ]


def test_parent_positions_by_key_or_id_and_none_without_parents():
    items = _board()
    assert parent_positions(items) == [0, 2]
    assert parent_positions([_item("1", "a"), _item("2", "b")]) == []
    # a parent outside the board names no position
    assert parent_positions([_item("1", "a"), _sub("2", "b", "X-9")]) == []
    # only sub-tasks' parents count: an epic's stories and tasks do not make it one
    assert parent_positions([_item("1", "a"), _item("2", "b", parent="1", hierarchy_level=0)]) == []


def test_led_by_direction_needs_strategic_at_the_threshold():
    items = _board()
    led = led_by_direction(items, [0, 2], [_p("strategic", 0.95), _p("tactical", 0.9)], 0.6)
    assert led == frozenset({"1", "K-1"})
    assert led_by_direction(items, [0], [_p("strategic", 0.55)], 0.6) == frozenset()
    assert led_by_direction(items, [0], [_p("strategic", 0.65)], 0.7) == frozenset()


def test_without_type_keeps_the_rest():
    item = _item("2", "Interview guide", parent="K-1", type="Sub-task", hierarchy_level=-1)
    item.description, item.labels, item.column = "who to ask", ["research"], "Done"
    doc = without_type(item)
    assert (doc.type, doc.hierarchy_level) == (None, None)
    assert (doc.title, doc.description, tuple(doc.labels), doc.column) == (
        "Interview guide",
        "who to ask",
        ("research",),
        "Done",
    )


def test_read_again_only_children_of_led_parents_not_read_strategic():
    items = _board()
    batch = [_p("strategic", 0.95), _p("tactical", 0.9), _p("tactical", 0.8)]
    batch += [_p("tactical", 0.9), _p("strategic", 0.8), _p("tactical", 0.8)]
    asked: list[list[str]] = []

    def predict(docs):
        asked.append([d.title for d in docs])
        assert all(d.type is None and d.hierarchy_level is None for d in docs)
        return [_p("strategic", 0.7) for _ in docs]

    assert read_again(items, batch, frozenset({"1", "K-1"}), predict) == 1
    # item 5 is already strategic; item 4's parent is not led; item 6 is no sub-task
    assert asked == [["Interview guide"]]
    assert batch[1].label == "strategic" and batch[3].label == "tactical"
    assert batch[5].label == "tactical"
    assert read_again(items, batch, frozenset(), predict) == 0


def test_classify_items_reads_a_child_of_a_strategic_parent_without_its_type():
    items = _board()
    model = TypeReadingModel()
    got = classify_items(items, model, batch_size=2)
    # 2 and 5 (by key and by id) are sub-tasks of the strategy; 4's parent is read tactical;
    # 6, the strategy's task, keeps its type
    labels = ["strategic", "strategic", "tactical", "tactical", "strategic", "tactical"]
    assert [p.label for p in got] == labels
    # the parents once before the batches; the two children again, without their type
    assert model.calls[0] == [
        ("Pricing strategy for the launch", "Task"),
        ("Fix the login page", "Task"),
    ]
    again = [pair for call in model.calls[1:] for pair in call if pair[1] is None]
    assert again == [("Interview guide", None), ("Customer list", None)]


def test_classify_items_unchanged_without_a_strategic_parent_or_a_board_prior():
    items = _board()
    items[0].type = None  # the parent is read strategic at 0.7 only: under the threshold 0.8
    items[0].title = "Pricing page"
    got = classify_items(items, TypeReadingModel(), threshold=0.8)
    assert got[1].label == "tactical"
    # a model without a board prior (no direction rules) is never asked again
    items = _board()
    model = TypeReadingModel(with_prior=False)
    got = classify_items(items, model)
    assert got[1].label == "tactical"
    assert len(model.calls) == 1
    # nor is a board without parent links
    items = [_item("1", "Pricing strategy", type="Task"), _sub("2", "Guide", "")]
    model = TypeReadingModel()
    classify_items(items, model)
    assert len(model.calls) == 1
