"""Offline reader for a Trello board JSON export (Menu → Print, export and share → Export JSON)."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

from connectors.export_io import fail, load_json
from connectors.interface import Board, Connector
from connectors.mapping_common import RecordError
from connectors.trello_mapping import is_board_json, map_board_json

FORMAT = "trello-json"
_WHAT = "Trello board JSON export"
# Keys only Trello board exports carry near the top (board, actions and cards all have some).
_TRELLO_KEYS = re.compile(
    rb'"(idBoard|idList|idMemberCreator|shortLink|labelNames|idOrganization)"'
)


def sniff(head: bytes) -> bool:
    """Does the start of a file look like a Trello board JSON export?"""
    stripped = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    return stripped.startswith(b"{") and len(set(_TRELLO_KEYS.findall(head))) >= 2


class TrelloExport(Connector):
    """``TrelloExport(path).load()`` reads one exported board."""

    name = "trello-export"

    def __init__(
        self, path: str | Path, *, on_progress: Callable[[int, int], None] | None = None
    ) -> None:
        self.path = Path(path)
        self.on_progress = on_progress

    def load(self) -> Board:
        data = load_json(self.path, what=_WHAT)
        if not is_board_json(data):
            raise fail(
                self.path,
                "is JSON but not a Trello board export (no board with cards and lists)",
                "export the board from Trello: Menu → Print, export and share → Export as JSON",
            )
        try:
            return map_board_json(data, origin=str(self.path), on_progress=self.on_progress)
        except RecordError as error:  # the board object itself is unusable
            raise fail(self.path, str(error), f"pass an unmodified {_WHAT}") from error
