"""What the user typed for Trello, made usable: a board reference (id, short link, URL) as the API
takes it, and where the client sends its requests (https://api.trello.com, or the server
``$BACKLOG_ANALYZER_TRELLO_URL`` names: the tests' and benchmarks' fake). Light to import."""

from __future__ import annotations

import os
import re

from connectors.interface import SourceError
from connectors.mapping.common import one_line

__all__ = ["API_URL_ENV", "TRELLO_API", "api_url_from_env", "parse_board_ref"]

TRELLO_API = "https://api.trello.com"
#: Points the Trello client at another server than https://api.trello.com (tests, benchmarks).
API_URL_ENV = "BACKLOG_ANALYZER_TRELLO_URL"

_BOARD_URL = re.compile(
    r"^(?:https?://)?(?:www\.)?trello\.com/b/([0-9a-f]{24}|[0-9A-Za-z]{8})(?:\.json)?(?:[/?#].*)?$"
)
_BOARD_ID = re.compile(r"^(?:[0-9a-f]{24}|[0-9A-Za-z]{8})$")


def parse_board_ref(ref: str) -> str:
    """A board id (24 hex digits), short link (8 characters) or board URL → what the API takes."""
    text = ref.strip()
    match = _BOARD_URL.match(text)
    if match:
        return match.group(1)
    if _BOARD_ID.match(text):
        return text
    raise SourceError(
        f"{one_line(ref, 80)!r} is not a Trello board: give its id, its short link or its URL "
        "(https://trello.com/b/SHORTLINK/...)"
    )


# -- transport --------------------------------------------------------------------------------


def api_url_from_env() -> str | None:
    """``$BACKLOG_ANALYZER_TRELLO_URL`` (an http(s) URL), or None for Trello itself."""
    url = os.environ.get(API_URL_ENV) or None
    if url is not None and not re.match(r"https?://[^/\s]", url):
        raise SourceError(f"${API_URL_ENV} must be an http(s) URL, got {url[:80]!r}; or unset it")
    return url
