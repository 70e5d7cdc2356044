"""Where the Trello client sends its requests: https://api.trello.com, or the server
``$BACKLOG_ANALYZER_TRELLO_URL`` names (the tests' and benchmarks' fake). Light to import."""

from __future__ import annotations

import os
import re

from connectors.interface import SourceError

#: Points the Trello client at another server than https://api.trello.com (tests, benchmarks).
API_URL_ENV = "BACKLOG_ANALYZER_TRELLO_URL"


def api_url_from_env() -> str | None:
    """``$BACKLOG_ANALYZER_TRELLO_URL`` (an http(s) URL), or None for Trello itself."""
    url = os.environ.get(API_URL_ENV) or None
    if url is not None and not re.match(r"https?://[^/\s]", url):
        raise SourceError(f"${API_URL_ENV} must be an http(s) URL, got {url[:80]!r}; or unset it")
    return url
