"""Session 17: the strategic items a model still misses on the dev halves, and its false strategic
calls, each by file, id and the classifier's reason (never a title or description: several
exports carry no licence), counted over the bundled model and the template draws.

Dev halves only (:data:`research.halves.HALVES`: real ``dev``, ``fresh-dev`` … ``fresh7-dev``)::

    python -m research.dev_misses                       # the bundled model
    python -m research.dev_misses --seeds 12,1,2,3,4,5,6,7 --cache DIR   # + the eight draws
    python -m research.dev_misses --patch TITLE_DIRECTION_REREAD=0     # a rule constant set

A *miss* is strategic by the labels and called tactical or ``uncertain``; a *false call* is
tactical by the labels and called strategic. Each line: how many of the models got it wrong,
the half, the file, the item's id as the labels name it, the item's language as the model reads
it (session 19: the classifier's row language of its title and description, as ``predict`` votes
it, not the title's alone; ``?`` for none), its issue type and list, and the first
model's label, confidence and reason. models/HISTORY.md, "Session 17: direction work tracked as
Stories", groups them by cause.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import models.rules as rules  # noqa: E402
from research import halves  # noqa: E402


@dataclass(frozen=True)
class Wrong:
    """One wrong call of one model on a dev half's item."""

    kind: str  # "miss" or "false"
    half: str
    file: str
    ref: str  # the id the labels use (the item's id, else its key)
    language: str
    type: str
    column: str
    label: str
    confidence: float
    reason: str


#: A board's items' languages: item id -> language code (``?``: none).
Languages = Callable[[object], dict[str, str]]


def model_languages(model: object) -> Languages:
    """Per board, each item's language as ``model`` reads it: the language its row is read in
    (``LinearRoleModel._item_languages``, the vote ``predict`` takes over the item's title and
    cut description), so the counts by language are those of what the model sees; a model
    without one gets :func:`title_languages`."""
    read = getattr(model, "_item_languages", None)
    if read is None:
        return title_languages

    def languages(board: object) -> dict[str, str]:
        from models.interface import ItemDoc

        items = list(board.items)  # type: ignore[attr-defined]
        codes = read([ItemDoc.from_item(item) for item in items])
        return {item.id: code or "?" for item, code in zip(items, codes, strict=True)}

    return languages


def title_languages(board: object) -> dict[str, str]:
    """Each item's language from its title alone (``models.language.detect``; ``?``: none)."""
    from models.language import detect

    return {item.id: detect(item.title) or "?" for item in board.items}  # type: ignore[attr-defined]


def wrong_items(
    scanned: Iterable[halves.Scanned], half: str, languages: Languages = title_languages
) -> Iterator[Wrong]:
    """The misses and false strategic calls among ``half``'s items of the boards ``scanned``;
    ``languages``: how an item's language is told (:func:`model_languages` of the model)."""
    for board in scanned:
        said: dict[str, str] | None = None
        for item in board.report.items:  # type: ignore[attr-defined]
            ref = item.id if item.id in board.labels else item.key
            found = board.labels.get(ref) if ref else None
            if found is None or found[1] != half:
                continue
            true, called = found[0], item.label
            if true == "strategic" and called != "strategic":
                kind = "miss"
            elif true != "strategic" and called == "strategic":
                kind = "false"
            else:
                continue
            if said is None:
                said = languages(board.board)
            yield Wrong(
                kind,
                half,
                board.name,
                ref,
                said.get(item.id, "?"),
                item.type or "-",
                item.column or "-",
                called,
                item.confidence,
                item.reason,
            )


def counted(runs: Iterable[Iterable[Wrong]]) -> list[tuple[int, Wrong]]:
    """Each wrong item with how many of the ``runs`` (one per model) got it wrong, the first
    run's reading kept; misses first, then by half, file and reference."""
    seen: dict[tuple[str, str, str, str], tuple[int, Wrong]] = {}
    for run in runs:
        for wrong in run:
            key = (wrong.kind, wrong.half, wrong.file, wrong.ref)
            n, first = seen.get(key, (0, wrong))
            seen[key] = (n + 1, first)
    order = {"miss": 0, "false": 1}
    return sorted(
        seen.values(), key=lambda nw: (order[nw[1].kind], nw[1].half, nw[1].file, nw[1].ref)
    )


def by_language(runs: Iterable[Iterable[Wrong]]) -> str:
    """``misses by language: de 3, en 12; false calls: en 2`` over all ``runs``."""
    counts: dict[str, dict[str, int]] = {"miss": {}, "false": {}}
    for run in runs:
        for w in run:
            counts[w.kind][w.language] = counts[w.kind].get(w.language, 0) + 1

    def said(kind: str) -> str:
        return ", ".join(f"{k} {n}" for k, n in sorted(counts[kind].items())) or "none"

    return f"misses by language: {said('miss')}; false calls: {said('false')}"


def _line(n: int, of: int, w: Wrong) -> str:
    """One wrong item: the reason starts with the model's own label and confidence (an
    ``uncertain`` item's with the label under the threshold), so the call is said first."""
    return (
        f"{w.kind:5s} {n}/{of}  {w.half:10s} {w.file:40s} {w.ref:26s} {w.language:3s} "
        f"type={w.type} list={w.column}  {w.label}: {w.reason}"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", default="", help="template draws besides the bundled model")
    parser.add_argument("--cache", type=Path, default=None, help="folder of the draws' models")
    parser.add_argument("--no-bundled", action="store_true")
    parser.add_argument(
        "--patch", action="append", default=[], help="NAME=VALUE: a models.rules constant set"
    )
    args = parser.parse_args(argv)
    if args.seeds and args.cache is None:
        parser.error("--seeds needs --cache (each draw's model is trained once into it)")
    for patch in args.patch:
        name, _, value = patch.partition("=")
        if not hasattr(rules, name) or not value:
            parser.error(f"--patch {patch}: not NAME=VALUE of a models.rules constant")
        setattr(rules, name, type(getattr(rules, name))(value))
    names = halves.model_names(args.seeds, not args.no_bundled)
    runs: list[list[Wrong]] = []
    for _name, seed in names:
        model = halves.load(None if seed is None else halves.model_for(seed, args.cache))
        run: list[Wrong] = []
        for half, data, labels_csv in halves.HALVES:
            if data.is_dir():
                boards = halves.scanned_boards(model, data, labels_csv)
                run.extend(wrong_items(boards, half, model_languages(model)))
        runs.append(run)
    for n, wrong in counted(runs):
        print(_line(n, len(runs), wrong))
    misses = sum(w.kind == "miss" for run in runs for w in run)
    false = sum(w.kind == "false" for run in runs for w in run)
    print(f"over {len(runs)} model(s): misses {misses}, false strategic calls {false}")
    print(by_language(runs))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
