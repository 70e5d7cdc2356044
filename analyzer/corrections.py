"""A team's corrections: item key or id → the label the team says it has.

The file is a CSV with a header: an ``item`` column (``key``, ``id``, ``issue key``, ``issue`` or
``card`` are accepted too) holding the item's key (``PROJ-12``, a Trello short link), id or
address (a Trello card's or a Jira issue's URL), and a ``label`` column. Optional
``title``, ``description`` and ``type`` columns are ignored by ``scan`` and used by
``train --corrections`` when no ``--board`` export is given. As a spreadsheet saves it: cells
separated by commas, or by semicolons or tabs (read from the header line); blank lines, lines
starting with ``#``, empty trailing cells and lines whose label is empty (a review worksheet's
items nobody labelled: ``backlog-analyzer review``, :mod:`analyzer.review`) are skipped. Labels
are read in any case; ``PM`` and ``PO`` stand for ``strategic`` and ``tactical``
(:data:`LABEL_SYNONYMS`) unless the model's own labels are ``pm`` and ``po``. A key matches in any
case only when it names one item that way (Trello short links are case-sensitive).

``scan --corrections FILE`` replaces the model's prediction of each listed item by the team's
label (confidence 1, reason "corrected by the team in FILE") and the report says how many
items were corrected. ``train --corrections FILE --base bundled`` learns from them (see
:func:`training_tickets`). Every problem is a one-line :class:`OptionError` (exit 2): a file
that cannot be read or is not such a CSV, a label without a key, no label at all, a label the
model does not know, a key that is not on the board.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from analyzer.errors import OptionError
from connectors.interface import Item
from connectors.small_files import SmallFileError, read_small_text
from models.interface import STRATEGIC, TACTICAL, Prediction

MAX_CORRECTIONS_BYTES = 20 * 1024 * 1024
#: How a spreadsheet cell that runs as a formula starts (CSV injection: titles come from a board):
#: a review worksheet (:mod:`analyzer.review`) writes such a cell behind an apostrophe. Tab and
#: carriage return too (OWASP).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
#: The item column's names: a Jira export says "Issue key", people write "issue" or "card".
_ITEM_COLUMNS = ("item", "key", "id", "issue key", "issue", "card")
#: A key or id a spreadsheet reads as a number when it opens a CSV: digits (a Trello short link
#: such as ``01234567``: its leading zero dropped) or digits around an E (``1234e56``: saved back
#: as ``1.234E+59``). Such a key is matched by its value too (:func:`_as_number`).
_NUMBER_LIKE = re.compile(r"\d+(?:[eE]\d+)?")
#: A cell a spreadsheet wrote for such a number (``1234567``, ``1.234E+59``).
_SAVED_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:[eE][+-]?\d+)?")
_DELIMITERS = (",", ";", "\t")
#: Labels people type for the two the bundled model knows: PM work is strategic, PO work tactical.
LABEL_SYNONYMS = {"pm": STRATEGIC, "po": TACTICAL}
# A card's or an issue's address copied from the browser: the short link or key in it is the item.
_TRELLO_CARD = re.compile(r"(?:https?://)?(?:www\.)?trello\.com/c/([A-Za-z0-9]+)(?:[/?#].*)?", re.I)
_JIRA_ISSUE = re.compile(
    r"(?:https?://)?[^\s/]+(?:/\S*?)?(?:/browse/|[?&]selectedIssue=)([A-Za-z][A-Za-z0-9_]*-\d+)(?:[/?#&].*)?",
    re.I,
)


@dataclass(frozen=True, slots=True)
class Correction:
    item: str  # key or id, as the team wrote it
    label: str
    title: str = ""
    description: str = ""
    type: str = ""
    line: int = 0  # where it is in the file, for messages


@dataclass(frozen=True, slots=True)
class Corrections:
    path: Path
    rows: tuple[Correction, ...]

    @property
    def name(self) -> str:
        return self.path.name

    def check_labels(self, labels: Sequence[str]) -> Corrections:
        """The corrections in the model's ``labels``: a word the model knows is its own label; a
        synonym (:data:`LABEL_SYNONYMS`: ``pm``, ``po``) is read as the label it stands for only
        when the model does not know the word itself (a custom model's roles may be named ``pm``
        and ``po``). An :class:`OptionError` for the first label the model does not know."""
        known = set(labels)
        rows = []
        for row in self.rows:
            label = row.label if row.label in known else LABEL_SYNONYMS.get(row.label, row.label)
            if label not in known:
                raise OptionError(
                    f"{self.path}: line {row.line}: unknown label {row.label!r} for "
                    f"{row.item}; the model's labels are {', '.join(labels)}"
                )
            rows.append(row if label == row.label else replace(row, label=label))
        return Corrections(self.path, tuple(rows))

    def resolve(self, items: Sequence[Item]) -> dict[int, str]:
        """Index of each corrected item in ``items`` → its label; an :class:`OptionError` for
        the first key or id that is not on the board, or that names an item another line gave
        another label."""
        where: dict[str, int] = {}
        # a key in any case (PROJ-12 as proj-12) -> the items whose key it is: a Trello short
        # link is case-sensitive ('aBc12345' and 'ABC12345' are two cards), so any case is a
        # fall-back, taken only when it names one item
        folded: dict[str, list[int]] = {}
        for index, item in enumerate(items):
            where.setdefault(item.id, index)
            if item.key:
                where.setdefault(item.key, index)
                same = folded.setdefault(item.key.upper(), [])
                if index not in same:
                    same.append(index)
        out: dict[int, str] = {}
        rows: dict[int, Correction] = {}
        numbers: dict[float, list[int]] | None = None  # (made when a cell needs it)
        for row in self.rows:
            index = where.get(row.item)
            if index is None and len(maybe := folded.get(row.item.upper(), ())) > 1:
                keys = " and ".join(repr(items[at].key) for at in maybe[:2])
                raise OptionError(
                    f"{self.path}: line {row.line}: {row.item!r} is not a key on this board, and "
                    f"in another case it names several items ({keys}); write the key as the "
                    "board does"
                )
            if index is None and maybe:
                index = maybe[0]
            if index is None and (number := _as_number(row.item, _SAVED_NUMBER)) is not None:
                if numbers is None:
                    numbers = _keys_by_number(items)
                same = numbers.get(number, ())
                index = same[0] if len(same) == 1 else None
            if index is None:
                # one of the board's own keys as the example: a Trello card's key is its short
                # link ('UqJgoaWy'), which a "PROJ-12" example never told a Trello user
                example = next((i.key or i.id for i in items if i.key or i.id), "PROJ-12")
                raise OptionError(
                    f"{self.path}: line {row.line}: no item {row.item!r} on this board; "
                    f"use the item's key or id as the report shows it (such as {example!r})"
                )
            first = rows.setdefault(index, row)
            if not _same_label(first.label, row.label):  # its key on one line, its id on another
                raise OptionError(
                    f"{self.path}: line {row.line}: {row.item} is the item {first.item} of line "
                    f"{first.line}, corrected as {row.label} here and as {first.label} there; "
                    "keep one"
                )
            out[index] = row.label
        return out


def read_corrections(path: str | Path) -> Corrections:
    """Parse a corrections CSV; an :class:`OptionError` (one line) when it cannot be used."""
    path = Path(path)
    what = "--corrections expects a CSV with columns item,label"
    try:  # regular files only, bounded: /dev/zero or a FIFO never hangs the scan
        # Excel on Windows saves "CSV" in the system's code page: Windows-1252 in Western
        # Europe and the Americas. Keys and labels are ASCII in any of them.
        text = read_small_text(path, MAX_CORRECTIONS_BYTES, fallback="cp1252")
    except SmallFileError as error:
        raise OptionError(f"{path}: {error.reason}; {what}") from None
    if "\x00" in text:
        raise OptionError(f"{path}: not a text file; {what}")
    try:
        reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text))
        header, line = None, 0
        for cells in reader:  # the first row that is neither blank nor a comment
            line = reader.line_num
            if any(c.strip() for c in cells) and not _comment(cells):
                header = cells
                break
        if header is None:
            raise OptionError(f"{path}: empty; {what}")
        names = [" ".join(h.lower().split()) for h in header]
        item_col = next((names.index(c) for c in _ITEM_COLUMNS if c in names), None)
        if item_col is None or "label" not in names:
            if text.lstrip()[:1] in ("{", "["):
                raise OptionError(f"{path}: is JSON, not CSV; {what}")
            said = ",".join(h.strip() for h in header)
            said = said if len(said) <= 60 else said[:57] + "..."
            raise OptionError(
                f"{path}: line {line}: {said!r} is not a header with item and label columns; "
                "make the first line item,label"
            )
        col = {name: names.index(name) for name in ("label", "title", "description", "type")
               if name in names}  # fmt: skip
        rows: list[Correction] = []
        seen: dict[str, int] = {}  # item -> its row
        unlabelled = 0  # lines whose label is left empty (a review worksheet's)
        for cells in reader:
            line, last = line + 1, reader.line_num  # the row's first line (a cell may span lines)
            if not any(c.strip() for c in cells) or _comment(cells):
                line = last
                continue
            while len(cells) > len(names) and not cells[-1].strip():
                cells = cells[:-1]  # a spreadsheet's empty trailing column
            if len(cells) != len(names):
                raise OptionError(
                    f"{path}: line {line}: {len(cells)} cells for {len(names)} columns; {what}"
                )

            def cell(name: str, cells: list[str] = cells) -> str:
                return cells[col[name]].strip() if name in col else ""

            # (a synonym is read when the model is known: Corrections.check_labels)
            item, label = _item_key(cells[item_col].strip()), cell("label").lower()
            if not label:  # a worksheet's line nobody labelled (yet): not a correction
                unlabelled += 1
                line = last
                continue
            if not item:
                raise OptionError(f"{path}: line {line}: an empty item; {what}")
            if item in seen:  # a repeat with the same label says nothing new
                first = rows[seen[item]]
                if _same_label(first.label, label):
                    line = last
                    continue
                raise OptionError(
                    f"{path}: line {line}: {item} is corrected twice, as {label} here and as "
                    f"{first.label} on line {first.line}; keep one"
                )
            seen[item] = len(rows)
            title, kind = _as_typed(cell("title")), _as_typed(cell("type"))
            rows.append(Correction(item, label, title, _as_typed(cell("description")), kind, line))
            line = last
    except csv.Error as exc:
        raise OptionError(f"{path}: not a CSV ({exc}); {what}") from None
    if not rows and unlabelled:
        raise OptionError(f"no item labelled yet in {path}; fill the label column")
    if not rows:
        raise OptionError(f"{path}: no corrections in it; {what}")
    return Corrections(path, tuple(rows))


def _delimiter(text: str) -> str:
    """The separator of the file's first line that is neither blank nor a comment: a comma, or
    the semicolon or tab a spreadsheet writes in some locales (Excel in French or German, "Unicode
    text") when that line holds more of it."""
    first = next(
        (ln for ln in text.splitlines() if ln.strip() and not ln.lstrip().startswith("#")), ""
    )
    return max(_DELIMITERS, key=first.count)  # a tie (none at all): the comma, listed first


def _item_key(cell: str) -> str:
    """The item a cell names: a Trello card's URL → its short link, a Jira issue's URL (``…/browse/
    PROJ-12``, ``…?selectedIssue=PROJ-12``) → its key; anything else as written."""
    found = _TRELLO_CARD.fullmatch(cell) or _JIRA_ISSUE.fullmatch(cell)
    return found.group(1) if found else cell


def _as_number(text: str, form: re.Pattern[str]) -> float | None:
    """The value of ``text`` when it has ``form`` and is a finite number (``12e4567`` is not: a
    spreadsheet keeps it as text, so it comes back as it was)."""
    if not form.fullmatch(text):
        return None
    value = float(text)
    return value if value != float("inf") else None


def _keys_by_number(items: Sequence[Item]) -> dict[float, list[int]]:
    """The items whose key or id a spreadsheet reads as a number (:data:`_NUMBER_LIKE`), by that
    number: a worksheet opened in Excel and saved again holds ``1.234E+59`` for the Trello short
    link ``1234e56`` and ``1234567`` for ``01234567``. CSV has no way to say a cell is text (a
    formula ``="1234e56"`` would be one, which the worksheet never writes), so the reader
    matches the value, when it names one item alone (a value's digits are all kept: a key has
    at most 8, a spreadsheet keeps 15)."""
    found: dict[float, list[int]] = {}
    for index, item in enumerate(items):
        for text in dict.fromkeys((item.key, item.id)):
            number = _as_number(text, _NUMBER_LIKE) if text else None
            if number is not None:
                same = found.setdefault(number, [])
                if index not in same:
                    same.append(index)
    return found


def _same_label(one: str, other: str) -> bool:
    """Whether two labels of a file say the same (``PM`` on one line, ``strategic`` on another)."""
    return LABEL_SYNONYMS.get(one, one) == LABEL_SYNONYMS.get(other, other)


def _as_typed(cell: str) -> str:
    """A cell as the board had it: a review worksheet writes one that would start a formula
    behind an apostrophe (:data:`FORMULA_STARTS`), which a spreadsheet may keep when it saves."""
    return cell[1:] if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS) else cell


def _comment(cells: list[str]) -> bool:
    """A line people add to say who reviewed what: ``# …`` (no item key starts with ``#``)."""
    return bool(cells) and cells[0].lstrip().startswith("#")


def corrected(label: str, labels: Sequence[str], source: str) -> Prediction:
    """The prediction of an item the team corrected: its label, sure, and why."""
    return Prediction(
        label=label,
        confidence=1.0,
        reason=f"{label}: corrected by the team in {source}",
        scores={name: 1.0 if name == label else 0.0 for name in labels},
    )


def apply_corrections(
    items: Sequence[Item],
    predictions: list[Prediction],
    corrections: Corrections,
    labels: Sequence[str],
) -> dict[int, Prediction]:
    """Replace the predictions of the corrected items (in place); position -> the model's own
    prediction each replaced."""
    found = corrections.check_labels(labels).resolve(items)
    replaced = {}
    for index, label in found.items():
        replaced[index] = predictions[index]
        predictions[index] = corrected(label, labels, corrections.name)
    return replaced


#: a report's note when no corrections were given: the labels are the model's, which on real
#: boards misses part of the strategic work (models/README.md, "How good it is"), and what a
#: team does about it
REVIEW_NOTE = (
    "Labels are the model's reading, and on real boards it misses part of the strategic work: "
    "`backlog-analyzer review` on the same source lists the items most worth a person's answer, "
    "and `--corrections FILE` puts the answers in the report."
)


def note(count: int, corrections: Corrections, left_out: int | None = None) -> str:
    """How many items the team corrected, and how many of them are left out of the surest items
    (a correction is certain, not the model: ``analyzer.balance.analyse``'s ``corrected``):
    ``left_out``, those the model itself was sure enough of to list
    (``analyzer.balance.surest_left_out``; None: all of them). Said only when some are."""
    left_out = count if left_out is None else left_out
    items = "item was" if count == 1 else "items were"
    said = f"{count} {items} corrected by the team in {corrections.name}; their label is the team's"
    if not left_out:
        return said + "."
    if left_out == count:
        them = "it is" if count == 1 else "they are"
    else:
        them = f"{left_out} of them " + ("is" if left_out == 1 else "are")
    return f"{said}, and {them} left out of the surest items, which show what the model is sure of."


def training_tickets(corrections: Corrections, items: Sequence[Item] | None, labels):
    """Ticket examples from the corrections (``models.train.Ticket``): each corrected item's
    title, description, type and list, from the board's ``items`` when given, else from the
    file's own title/description/type columns. One ticket per corrected item:
    :func:`models.train.adapt_model` makes one bounded update per distinct item, so a repeat
    would weigh nothing more."""
    from models.train import Ticket

    corrections = corrections.check_labels(labels)
    out = []
    if items is not None:
        found = corrections.resolve(items)
        for index, label in sorted(found.items()):
            item = items[index]
            ticket = Ticket(
                item.title,
                label,
                (item.description or "")[:600],
                item.type,
                item.column,
            )
            out.append(ticket)
        return out
    for row in corrections.rows:
        if not row.title:
            raise OptionError(
                f"{corrections.path}: line {row.line}: no title for {row.item}; add a title "
                "column or give --board EXPORT so the item's text can be read"
            )
        ticket = Ticket(row.title, row.label, row.description, row.type or None)
        out.append(ticket)
    return out
