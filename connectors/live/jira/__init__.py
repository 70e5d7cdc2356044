"""Live Jira (Cloud and Server/Data Center) into the local store, incrementally and crash-safe.

Uses the real ``jira`` client over HTTP:

* **Auth**: ``JIRA(server, basic_auth=(email, api_token))`` for Cloud, ``token_auth=PAT`` for
  Server/Data Center (credentials from :mod:`connectors.credentials`). Which one the server is
  comes from ``serverInfo.deploymentType``.
* **Search**: Cloud uses the enhanced JQL search (``/rest/api/3/search/jql``, ``nextPageToken``;
  ``JIRA.enhanced_search_issues``), Server the v2 search with ``startAt``
  (``JIRA.search_issues``). Results are ordered by creation, so an issue edited mid-fetch keeps
  its place.
* **Fields**: a fixed list plus Sprint / Rank / Epic Link / Parent Link, found by name in the
  field list (their ids differ per site).
* **History**: ``expand=changelog``; an issue whose changelog the search truncated is paged from
  ``/rest/api/3/issue/{id}/changelog`` (Cloud) or re-read with ``expand=changelog`` (Server);
  comments beyond the search's share are paged from ``/issue/{id}/comment``.
* **Mapping**: :func:`connectors.mapping.jira.map_issue`.
* **Store**: each page is saved in one transaction with the cursor to resume from. The next run
  asks only for ``updated >= last sync - SYNC_OVERLAP`` (in the user's Jira time zone); deleted
  and moved issues are marked removed, not dropped: a full fetch sees which are gone, an
  incremental one lists the keys still matching once a day (or when asked).
* **Big fetches**: ``workers`` (4) requests in flight. Cloud's page tokens come one after the
  other, so the matching ids are listed (keys-only searches, thousands a page) and fetched in
  groups of a page (``id in (...)``); Server/Data Center pages by ``startAt`` at once. Pages are
  saved in creation order; an interrupted fetch re-lists and skips what it saved. Fewer than ~6
  pages go one after the other (the next requested while this one is saved).
* **Pacing**: one :class:`RequestBudget` for every thread, from the rate-limit headers Jira sends
  (``Beta-RateLimit-Policy`` on Cloud, ``X-RateLimit-FillRate`` / ``-Interval-Seconds`` on Data
  Center) or ``rate_limit``; a 429's ``Retry-After`` pauses every thread.
* **Several projects** (:func:`fetch_jira_projects`): every key checked first (an unknown one fails
  before anything is fetched), then fetched at once, a few at a time, all under one budget; a
  project that fails does not stop the others (one line names it).
* **Faults**: every request goes through :class:`~connectors._http.retry.RetryPolicy` (the
  client's own retries are off, its timeout hook is on); 401/403 name the variables to check; an
  unknown project key names the projects the account sees; a bad JQL gives Jira's message in one
  line. No message ever contains a secret (:func:`redact`).

The modules, one job each: :mod:`.connector` (one fetch from start to end, the library call, the
live source), :mod:`.site` (connecting, the one request path), :mod:`.pacing` (the request
budget), :mod:`.errors` (Jira's failures as one line), :mod:`.search` (search paging),
:mod:`.history` (changelog and comment paging), :mod:`.persist` (saving pages, progress, the
outcome), :mod:`.removed` (issues gone), :mod:`.projects` (several projects at once, under one
budget), :mod:`.project_check` (their keys checked before anything is fetched). The ``jira``
client is imported on first connection. May import what :mod:`connectors.live` may (the domain
types, the mapping, the store, ``connectors._http``); never the Trello modules, the export
readers, ``models`` or ``analyzer``.
"""

from __future__ import annotations

import logging

from connectors.credentials import protect_loggers
from connectors.interface import Progress
from connectors.live.jira.connector import JiraLiveConnector, JiraSource, fetch_jira_into_store
from connectors.live.jira.errors import clean_server_url
from connectors.live.jira.pacing import RequestBudget, advertised_policy, exhausted_for
from connectors.live.jira.persist import FetchResult
from connectors.live.jira.projects import JiraFetchResults, fetch_jira_projects

__all__ = [
    "FetchResult",
    "JiraFetchResults",
    "JiraLiveConnector",
    "JiraSource",
    "Progress",
    "RequestBudget",
    "advertised_policy",
    "clean_server_url",
    "exhausted_for",
    "fetch_jira_into_store",
    "fetch_jira_projects",
]

log = logging.getLogger("backlog_analyzer.jira")
protect_loggers("backlog_analyzer", "jira", "urllib3")
