"""Offline reader for a Trello board JSON export (Menu → Print, export and share → Export JSON).

The file is read as a stream (:mod:`.json_stream`): each action and card is decoded,
mapped and dropped in turn, so the parsed export is never in memory whole.
"""

from __future__ import annotations

import re
from pathlib import Path

from connectors.exports.files import fail, past_comment_lines
from connectors.exports.interface import ExportFormat
from connectors.exports.json_stream import JsonStream
from connectors.interface import Board, Connector, Progress
from connectors.mapping.common import RecordError
from connectors.mapping.trello import BoardBuilder, is_board_json, marked_as_export
from connectors.mapping.trello_typed import decode_actions, decode_cards

FORMAT = "trello-json"
_WHAT = "Trello board JSON export"
# Keys only Trello board exports carry near the top (board, actions and cards all have some).
_TRELLO_KEYS = re.compile(
    rb'"(idBoard|idList|idMemberCreator|shortLink|labelNames|idOrganization)"'
)
_STREAMED = ("actions", "cards")
#: the most actions Trello writes into a board's JSON export (its newest ones)
EXPORT_ACTION_CAP = 1000
#: What a Trello board export is, for the message refusing other JSON.
TRELLO_SHAPE = "one object with the board's id, name, actions, cards and lists, even empty ones"


def sniff(head: bytes) -> bool:
    """Does the start of a file look like a Trello board JSON export?"""
    stripped = past_comment_lines(head)
    return stripped.startswith(b"{") and len(set(_TRELLO_KEYS.findall(head))) >= 2


class TrelloExport(Connector):
    """``TrelloExport(path).load()`` reads one exported board.

    ``activity_details=False`` leaves the activities' old/new values, comment texts and source ids
    out of the Board (all a scan needs is who did what to which card, when): less memory.
    ``shared_empty=True`` (with it; a scan's own board, never changed): the items' empty lists
    are one list and their empty dicts one dict, and the cards' ``rank`` (Trello's ``pos``,
    which no report reads) is left out.
    """

    name = "trello-export"

    def __init__(
        self,
        path: str | Path,
        *,
        on_progress: Progress | None = None,
        activity_details: bool = True,
        shared_empty: bool = False,
    ) -> None:
        self.path = Path(path)
        self.on_progress = on_progress
        self.activity_details = activity_details
        self.shared_empty = shared_empty and not activity_details

    def load(self) -> Board:
        builder = BoardBuilder(
            origin=str(self.path),
            on_progress=self.on_progress,
            activity_details=self.activity_details,
            shared_empty=self.shared_empty,
        )
        try:
            shape: dict[str, object] = {}  # the top-level members (actions, cards: the first)
            with JsonStream(self.path, what=_WHAT) as stream:
                if stream.start() != "{":
                    stream.value()
                    stream.finish()
                    raise self._not_a_board()
                for key in stream.members():
                    if key in _STREAMED and stream.peek() == "[":
                        elements: list[object] = []  # its first kept: is_board_json sees cards
                        shape[key] = elements
                        builder.start(key)
                        if not self.activity_details:
                            # the scan path: typed runs of actions straight into columns,
                            # typed runs of cards into items
                            if key == "actions":
                                for batch in stream.batches(decode_actions):
                                    builder.actions(batch)
                            else:
                                for batch in stream.batches(decode_cards):
                                    if batch and not elements:
                                        elements.append(batch[0])
                                    builder.cards(batch)
                            continue
                        feed = builder.action if key == "actions" else builder.card
                        for element in stream.elements():
                            if not elements:
                                elements.append(element)
                            feed(element)
                    else:
                        value = stream.value()
                        shape[key] = value
                        if key not in _STREAMED:
                            builder.add(key, value)
                stream.finish()
            if not is_board_json(shape):
                raise self._not_a_board(shape)
            for key in _STREAMED:  # not a list (is_board_json allows odd actions): read as before
                if key in shape and not isinstance(shape[key], list):
                    builder.add(key, shape[key])
            capped = builder.actions_fed == EXPORT_ACTION_CAP  # Trello's most: older ones left out
            board = builder.board()  # (frees the fed actions)
            if capped:
                board.history_capped = EXPORT_ACTION_CAP
            return board
        except RecordError as error:  # the board object itself is unusable
            raise fail(self.path, str(error), f"pass an unmodified {_WHAT}") from error

    def _not_a_board(self, shape: dict[str, object] | None = None):
        what = "is JSON but not a Trello board export"
        if shape is not None and _is_one_card(shape):
            what = "is one Trello card's JSON (a card's Share → Export JSON), not a board export"
        return fail(
            self.path,
            f"{what}: that is {TRELLO_SHAPE}",
            "export the board from Trello: Menu → Print, export and share → Export as JSON",
        )


def _is_one_card(shape: dict[str, object]) -> bool:
    """A card's own export: its list's and board's ids at the top, no cards or lists (session
    29 found one, 2026's, read as a board it would hold nothing: refused, saying what it is)."""
    ids = (shape.get("idBoard"), shape.get("idList"))
    return all(isinstance(i, str) for i in ids) and not {"cards", "lists"} & shape.keys()


def _is_board_document(document: object) -> bool:
    return isinstance(document, dict) and is_board_json(document)


def _is_listed_board(document: object) -> bool:
    """A board export saved inside a list with others: marked as an export
    (:func:`marked_as_export`), as every real export is. A tool's list of cards, each an object
    with an id, a name and its checklists as ``lists``, was refused as "11 Trello board JSON
    exports in one list" (session 30)."""
    return isinstance(document, dict) and is_board_json(document) and marked_as_export(document)


def _actions_only(document: object) -> tuple[str, str] | None:
    """A list of Trello actions and nothing else (the API's ``/1/members/{id}/actions`` or
    ``/1/boards/{id}/actions``; session 31: a library's saved list of its author's actions on
    several boards): no cards or lists to count, so not a board export, and said so."""
    if not isinstance(document, list) or not document:
        return None
    for action in document:
        if not (
            isinstance(action, dict)
            and isinstance(action.get("type"), str)
            and isinstance(action.get("data"), dict)
            and "idMemberCreator" in action
            and "date" in action
        ):
            return None
    return (
        "holds a list of Trello actions (the API's actions of a member or a board), not a board "
        "export: that is one object with the board's cards and lists as well as its actions",
        "export the board from Trello: Menu → Print, export and share → Export as JSON",
    )


def _boards_only(document: object) -> tuple[str, str] | None:
    """A list of Trello boards' settings and nothing else (the API's ``/1/members/{id}/boards``
    or a workspace's boards: each board's id, name, short link and preferences, no cards, lists
    or actions; session 36: a script's saved list of its author's boards): not a board export,
    and said so."""
    if not isinstance(document, list) or not document:
        return None
    for board in document:
        if not (
            isinstance(board, dict)
            and isinstance(board.get("id"), str)
            and isinstance(board.get("name"), str)
            and isinstance(board.get("shortLink"), str)
            and isinstance(board.get("prefs"), dict)
            and not {"cards", "lists", "actions"} & board.keys()
        ):
            return None
    return (  # (not counted: only a list's first elements are kept to look at)
        "holds a list of Trello boards' settings (the API's boards of a member or a workspace: "
        "names and preferences, no cards, lists or actions), not a board export",
        "export the board from Trello: Menu → Print, export and share → Export as JSON",
    )


def _explain_other(document: object) -> tuple[str, str] | None:
    """What JSON no format claimed is, when it is Trello's but not a board export."""
    return _actions_only(document) or _boards_only(document)


EXPORT_FORMAT = ExportFormat(
    FORMAT,
    "Trello board JSON export",
    sniff,
    TrelloExport,
    lean=True,
    sniff_document=_is_board_document,
    sniff_listed=_is_listed_board,
    single_document=True,
    shared_empty=True,
    explain_other=_explain_other,
)
