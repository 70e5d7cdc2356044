"""Every project key of a several-project fetch checked before anything is fetched:
:func:`check_projects`; an unknown key's one-line error (:func:`unknown_projects`, also for one
project).

One request per key (``/project/KEY``, at once, under the fetch's one request budget); when a key
is unknown, one more for the projects the account can see (the first page of Cloud's paginated
``/project/search``, Server's ``/project``) so the one-line error can say what to type instead.
"""

from __future__ import annotations

import difflib
import threading
from collections.abc import Sequence
from typing import Any

from connectors._http.pacing import FetchStopped
from connectors._http.prefetch import DaemonPool
from connectors.interface import NotFoundError, SourceError
from connectors.live.jira.errors import UnknownProjectError
from connectors.live.jira.memo import SiteMemo
from connectors.live.jira.site import JiraSite

__all__ = ["check_projects", "unknown_projects"]

#: Visible projects named in the error (the rest are counted).
SHOWN = 10
#: Projects read for the error (one page of Cloud's paginated list).
LISTED = 50


def check_projects(
    site: JiraSite, keys: Sequence[str], at_once: int = 4, *, memo: SiteMemo | None = None
) -> dict[str, str]:
    """Each key's project name, read through ``site`` (connected here, from ``memo`` when
    given: only the account is asked). An unknown key raises :class:`NotFoundError` naming every
    unknown key and the projects the account can see; any other failure (credentials, the
    service) is raised as it is, the first in the keys' order."""
    site.connect(memo=memo)
    if not keys:
        return {}
    pool = DaemonPool(max(1, min(at_once, len(keys))), "jira-check")
    failed = threading.Event()

    def check(key: str) -> Any:
        if failed.is_set():  # another check failed (credentials, the service): send no more
            raise FetchStopped("the project check was stopped")
        try:
            return site.project(key)
        except UnknownProjectError:
            raise
        except BaseException:
            failed.set()
            raise

    asked = [pool.submit(check, key) for key in keys]
    names: dict[str, str] = {}
    unknown: list[str] = []
    try:
        for key, future in zip(keys, asked, strict=True):
            try:
                names[key] = str(getattr(future.result(), "name", None) or key)
            except UnknownProjectError:
                unknown.append(key)
    finally:
        pool.shutdown()
    if unknown:
        raise unknown_projects(site, unknown)
    return names


def unknown_projects(site: JiraSite, unknown: list[str]) -> NotFoundError:
    """The one-line error for keys Jira has no project of (``site`` connected)."""
    return NotFoundError(_unknown(site, unknown))


def _unknown(site: JiraSite, unknown: list[str]) -> str:
    said = ", ".join(unknown)
    what = f"project {said}" if len(unknown) == 1 else f"projects {said}"
    visible, total = _visible(site)
    if visible is None:
        seen = "check the key and that this account may browse the project"
    elif not visible:
        seen = "this account sees no project; check that it may browse the project"
    else:
        near = [
            f"{key} → {match[0]}"
            for key in unknown
            if (match := difflib.get_close_matches(key, visible, n=1, cutoff=0.5))
        ]
        more = f" and {total - SHOWN} more" if total > SHOWN else ""
        seen = f"this account sees {', '.join(visible[:SHOWN])}{more}"
        if near:
            seen += f" (did you mean {', '.join(near)}?)"
    return f"Jira at {site.server} has no {what}: {seen}; nothing was fetched"


def _visible(site: JiraSite) -> tuple[list[str] | None, int]:
    """The keys of the projects the account sees (one request) and how many there are; None
    when the list cannot be had (it is only a hint)."""
    client = site.client
    try:
        if site.cloud:
            page: Any = site.call(
                lambda: client._get_json(
                    "project/search", params={"maxResults": LISTED, "orderBy": "key"}
                ),
                "the projects you can see",
            )
            rows = page.get("values") if isinstance(page, dict) else None
            total = page.get("total") if isinstance(page, dict) else None
        else:
            rows = site.call(lambda: client._get_json("project"), "the projects you can see")
            total = None
    except SourceError:
        return None, 0
    if not isinstance(rows, list):
        return None, 0
    keys = sorted(str(r["key"]) for r in rows if isinstance(r, dict) and r.get("key"))
    return keys, int(total) if isinstance(total, int) else len(keys)
