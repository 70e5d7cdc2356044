"""Jira's failures as one-line errors: what a 401, 403, 400/404 or an answer that is not JSON
means for the user, and the checks of what the user typed (the server URL, the JQL).

No message ever contains a secret (:func:`~connectors.credentials.redact`).
"""

from __future__ import annotations

import re
import warnings
from urllib.parse import urlsplit, urlunsplit

from connectors._http.retry import Failure, classify, http_status
from connectors.credentials import (
    JIRA_API_TOKEN,
    JIRA_EMAIL,
    JIRA_PAT,
    CredentialsWarning,
    config_path,
    given_as,
    redact,
)
from connectors.interface import AuthError, NotFoundError, RemoteError, SourceError

__all__ = [
    "SERVER_INFO",
    "NotJSONError",
    "UnknownProjectError",
    "clean_server_url",
    "http_error",
    "json_is_final",
    "not_json",
    "one_line",
    "strip_order_by",
    "warn_if_unencrypted",
]

#: Hosts of Jira Cloud: no context path, HTTPS only.
CLOUD_HOSTS = (".atlassian.net", ".jira.com")
#: Path segments that start a page of Jira's web UI (or its API), never part of a context path.
UI_SEGMENTS = frozenset({"secure", "browse", "plugins", "rest", "login.jsp", "default.jsp"})

#: What the first request asks for (its failures say the URL is not a Jira).
SERVER_INFO = "the server info"


class NotJSONError(RemoteError):
    """The server answered, but not with JSON (a proxy page, not a Jira)."""


class UnknownProjectError(NotFoundError):
    """Jira has no project of the key asked for (or this account may not see it)."""


def json_is_final(exc: BaseException) -> Failure:
    """Like :func:`classify`, but a complete answer that is not JSON at all (an HTML page: not a
    Jira server) is not worth retrying. An answer that starts as JSON and breaks (garbled on
    the way) is retried like any later request."""
    if isinstance(exc, ValueError) and http_status(exc) is None:
        text = getattr(exc, "doc", None)
        if isinstance(text, str) and text.lstrip()[:1] in ("{", "["):
            return Failure(True, "garbled answer")
        return Failure(False, "not JSON")
    return classify(exc)


def not_json(server: str, what: str, exc: BaseException) -> SourceError:
    """The error for an answer to ``what`` that is not JSON. A web page is most often a single
    sign-on's sign-in page in front of Jira (answered 200, or reached by a redirect, which
    ``requests`` follows without the token when it leaves the host): say what lets the API in."""
    text = getattr(exc, "doc", None)
    page = isinstance(text, str) and text.lstrip()[:1] == "<"
    ask = (
        "ask your Jira admins for the URL that lets API clients in with a personal access token "
        "(JIRA_PAT, Server/Data Center)"
    )
    if page and what == SERVER_INFO:
        return SourceError(
            f"{server} does not look like a Jira server: it answered a web page, not JSON, for "
            "its server info (not Jira's own URL, or a sign-in page of a single sign-on in "
            f"front of Jira?); check --server / JIRA_SERVER, or {ask}"
        )
    if page:
        return NotJSONError(
            f"Jira at {server} answered a web page, not JSON, while fetching {what} (a sign-in "
            f"page of a single sign-on?); everything fetched so far is kept: {ask}, then re-run"
        )
    return NotJSONError(
        f"{server} sent an answer that is not Jira's JSON while fetching {what}; "
        "check --server / JIRA_SERVER"
    )


def one_line(text: object, limit: int = 300) -> str:
    flat = " ".join(redact(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def clean_server_url(url: str | None) -> str:
    """``https://host[/context]`` without credentials, query or trailing slash; else SourceError.

    A page of Jira's web UI (``…/secure/Dashboard.jspa``, ``…/browse/PROJ-1``) keeps only the
    part before it, the context path of a Data Center (``/jira``) included; a Cloud site
    (``*.atlassian.net``) keeps no path and is always ``https``."""
    if not url:
        raise SourceError(
            f"no Jira server: pass --server URL, set JIRA_SERVER, or put server under [jira] in "
            f"{config_path()} (chmod 600)"
        )
    bad = SourceError(
        f"--server must be an http(s) URL like https://acme.atlassian.net, "
        f"got {one_line(url, 80)!r}"
    )
    try:  # urllib raises ValueError for a broken IPv6 literal ('http://[::1') or a bad port
        parts = urlsplit(url.strip())
        host, port = parts.hostname, parts.port
    except ValueError:
        raise bad from None
    if parts.scheme not in ("http", "https") or not host:
        raise bad
    scheme, path = parts.scheme, parts.path
    if host.endswith(CLOUD_HOSTS):  # Cloud: no context path, HTTPS only
        scheme, path = "https", ""
    else:  # a page of Jira's web UI copied from the browser: the part before it
        segments = path.split("/")
        cut = next((i for i, s in enumerate(segments) if s.lower() in UI_SEGMENTS), None)
        path = "/".join(segments[:cut])
    host = f"[{host}]" if ":" in host else host  # an IPv6 address keeps its brackets
    netloc = host + (f":{port}" if port else "")
    return urlunsplit((scheme, netloc, path.rstrip("/"), "", ""))


def warn_if_unencrypted(server: str) -> None:
    """One warning line when the token would go to a server over plain ``http://`` (a loopback
    address aside: a test's fake, a tunnel)."""
    parts = urlsplit(server)
    host = parts.hostname or ""
    if parts.scheme != "http" or host == "localhost" or host.startswith(("127.", "::1")):
        return
    warnings.warn(
        f"the Jira server is given as {server}: the token goes over the network unencrypted; "
        "give its https:// URL if it has one",
        CredentialsWarning,
        stacklevel=2,
    )


def strip_order_by(jql: str) -> str:
    return re.split(r"\s+order\s+by\s+", " " + jql.strip(), flags=re.IGNORECASE)[0].strip()


def http_error(
    server: str,
    status: int,
    exc: BaseException,
    what: str,
    *,
    query: bool,
    cloud: bool,
    basic: bool,
    from_file: frozenset[str] = frozenset(),
) -> SourceError:
    """The one-line error for Jira's HTTP ``status`` while fetching ``what``.

    ``query``: the request ran a query (a 400 is the query's fault); ``basic``: the credentials
    were an e-mail and API token (else a PAT); ``from_file``: the variables the credentials file
    gave instead (a rejected token names its keys there).
    """
    message = one_line(getattr(exc, "text", None) or "") or f"HTTP {status}"
    if what == SERVER_INFO and status not in (401, 403):
        return SourceError(
            f"{server} does not look like a Jira server (HTTP {status} for its server "
            "info); check --server / JIRA_SERVER"
        )
    given = given_as("jira", [JIRA_EMAIL, JIRA_API_TOKEN] if basic else [JIRA_PAT], from_file)
    if status == 401:
        where = given
        if basic and not cloud:
            where += " (or set JIRA_PAT for Server/Data Center)"
        return AuthError(f"Jira at {server} rejected the credentials (HTTP 401); check {where}")
    if status == 403:
        where = given
        return AuthError(
            f"Jira at {server} refused access (HTTP 403: {message}); check that the "
            f"account of {where} may browse it"
        )
    if status in (400, 404) and (query or status == 404):
        return NotFoundError(f"Jira could not run the query: {message}")
    return RemoteError(f"Jira answered HTTP {status} while fetching {what}: {message}")
