"""Parent links in a board scan: a sub-task of direction work is not delivery work by its type.

Session 13 (issue 12, point 4: the board's own structure — parent links — as evidence). The
model reads a Jira sub-task's issue type and level as a push toward delivery work (up to five
logits on a thin sub-task). When the sub-task's parent — named by key or id in
``Item.parent`` — is itself read strategic by the scan, that type says only that the work was
split, not what it is: a market-validation task's "interview guide" sub-task is direction work
too. Such a sub-task (hierarchy level -1), if the model does not read it strategic, is read
again without its issue type and level; its own words, list and labels then decide, and the
direction rules still apply (strategic still needs direction work named in its own words or
list). Only sub-tasks: an epic's stories and tasks are the deliverables of its direction (on
the bundled Jira sample, re-reading an epic's stories made a pricing-tier story strategic and
two stories ``uncertain``).

Measured on the dev halves only (models/README.md, "Session 13: list history"): the cue fires
on one board of the five sets' exports; there, over the eight template draws, 6 more strategic
items found (one sub-task, on six draws), no false call, the other halves unchanged. A past
list that names direction work (an item moved out of "Ideas" or "Planning") was measured too
and lost: 1 strategic of 30 such items.

Cost: one pass over the items' ``parent`` (nothing else when no sub-task has one), one pass to
find the items sub-tasks name as parents, their prediction (once, before the batches), and the
sub-tasks of strategic parents read again in their batch.
"""

from __future__ import annotations

from collections.abc import Sequence

from connectors.interface import Item
from models.interface import STRATEGIC, ItemDoc, Prediction

__all__ = ["led_by_direction", "parent_positions", "read_again", "without_type"]


def parent_positions(items: Sequence[Item]) -> list[int]:
    """The positions of the items a sub-task of the board names as its parent (by key or id),
    ascending; empty when no sub-task names a parent (a Trello board, a board without
    sub-tasks)."""
    named = {item.parent for item in items if item.parent and item.hierarchy_level == -1}
    if not named:
        return []
    return [at for at, item in enumerate(items) if item.id in named or item.key in named]


def led_by_direction(
    items: Sequence[Item],
    positions: Sequence[int],
    predictions: Sequence[Prediction],
    threshold: float,
) -> frozenset[str]:
    """The keys and ids of the parents (``items[positions[i]]``, read as ``predictions[i]``)
    the scan reads strategic: labelled so, at least ``threshold`` sure."""
    out: set[str] = set()
    for at, prediction in zip(positions, predictions, strict=True):
        if prediction.label == STRATEGIC and prediction.confidence >= threshold:
            item = items[at]
            out.add(item.id)
            if item.key:
                out.add(item.key)
    return frozenset(out)


def without_type(item: Item) -> ItemDoc:
    """What the classifier reads of ``item``, without its issue type and hierarchy level."""
    return ItemDoc(
        title=item.title,
        description=item.description or "",
        type=None,
        labels=tuple(item.labels),
        column=item.column,
        hierarchy_level=None,
    )


def read_again(
    chunk: Sequence[Item],
    batch: list[Prediction],
    led: frozenset[str],
    predict,  # type: ignore[no-untyped-def]  # docs -> predictions (the model, the board's prior)
) -> int:
    """Read again, in place, the sub-tasks of ``chunk`` whose parent is in ``led`` and whose
    prediction in ``batch`` is not strategic, without their issue type (:func:`without_type`).
    Returns how many were read again."""
    rows = [
        at
        for at, item in enumerate(chunk)
        if item.parent in led and item.hierarchy_level == -1 and batch[at].label != STRATEGIC
    ]
    if rows:
        for at, prediction in zip(
            rows, predict([without_type(chunk[at]) for at in rows]), strict=True
        ):
            batch[at] = prediction
    return len(rows)
