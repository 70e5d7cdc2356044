"""A fake Jira (Cloud or Server/Data Center) on 127.0.0.1, for the real ``jira`` client.

It speaks the REST shapes the live connector uses, built from
``tests/fixtures/jira_live_cloud.json``:

* ``GET  /rest/api/{2,3}/serverInfo`` (anonymous; ``deploymentType`` Cloud or Server)
* ``GET  /rest/api/{2,3}/field``, ``/myself`` (with ``timeZone``), ``/project/{key}``; the
  projects visible: ``/rest/api/3/project/search`` (Cloud, paginated), ``/rest/api/2/project``
* Cloud: ``GET|POST /rest/api/3/search/jql`` (``nextPageToken``; the old ``/search`` answers 410),
  ``POST /rest/api/3/search/approximate-count``, ``GET /rest/api/3/issue/{key}/changelog`` pages
* Server: ``GET|POST /rest/api/2/search`` (``startAt``, ``total``); ``GET /rest/api/2/issue/{key}``
  with ``expand=changelog`` for the full history
* both: ``GET /rest/api/{v}/issue/{key}/comment`` pages

Search results honour ``fields`` (only the fields asked for come back, like Jira), truncate each
issue's changelog to ``histories_in_search`` and its comments to ``comments_in_search`` (with the
real totals), and understand the JQL the connector writes (``project = X``, ``updated >= "..."``
in the user's time zone, ``id in (...)`` / ``key in (...)`` with ids or keys, ``labels = x``,
``issuetype`` or its alias ``type`` (``= Story``, ``!= Bug``, ``in (Story, "User Story")``),
``ORDER BY``); anything else is a 400 with Jira's kind of message. Authentication is checked
(Basic e-mail + API token on Cloud, Bearer PAT on Server). Faults come from
:class:`tests.fakes.http.FakeHTTPServer` (``fake.inject``); :meth:`FakeJira.touch`,
:meth:`FakeJira.delete`, :meth:`FakeJira.move` change issues, also between two pages
(``fake.after_page``).

Benchmarks: ``FakeJira(extra_issues=5000, latency=0.1, rate_limit=(100, 10.0, 2))`` — 100
requests per 10 s, then 429 with ``Retry-After: 2``; ``fake.http.requests`` counts what was asked.
With a rate limit every answer carries the headers real Jira sends (``rate_headers=False``: none):

* Cloud: ``X-RateLimit-Limit``, ``X-RateLimit-Remaining``, ``X-RateLimit-NearLimit: true`` under
  20 % left, and the beta IETF-draft pair ``Beta-RateLimit-Policy: "<name>";q=<requests>;w=<s>``
  / ``Beta-RateLimit: "<name>";r=<left>;t=<s until a request leaves the window>``; a 429 adds
  ``Retry-After``, ``X-RateLimit-Reset`` (``yyyy-MM-ddTHH:mmZ``) and ``RateLimit-Reason``.
* Server/Data Center: ``X-RateLimit-Limit``, ``X-RateLimit-Remaining``,
  ``X-RateLimit-Interval-Seconds``, ``X-RateLimit-FillRate`` and ``Retry-After`` on a 429.
"""

from __future__ import annotations

import base64
import copy
import functools
import gc
import hashlib
import json
import math
import re
import ssl
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from tests.fakes.http import FakeHTTPServer, RateLimit, Request, Response, Status

FIXTURE = Path(__file__).resolve().parent.parent / "fixtures" / "jira_live_cloud.json"

EMAIL = "ana@example.com"
API_TOKEN = "ATATT3xFfGF0-fake-cloud-token-4f1d9c0e7b"
PAT = "NjQ1OTk2-fake-server-pat-Zk9RbUxq"

_JIRA_TIME = "%Y-%m-%dT%H:%M:%S.%f%z"


def jira_time(value: datetime) -> str:
    """A datetime the way Jira writes it: ``2026-10-08T16:30:00.000+0200``."""
    return (
        value.strftime("%Y-%m-%dT%H:%M:%S.")
        + f"{value.microsecond // 1000:03d}"
        + (value.strftime("%z"))
    )


@functools.lru_cache(maxsize=1 << 18)
def parse_jira_time(value: str) -> datetime:
    """Cached: every search page sorts all issues by creation time (benchmarks have 10 000s)."""
    return datetime.strptime(value, _JIRA_TIME)


def _created_order(issue: dict[str, Any]) -> tuple[datetime, int, str]:
    """Creation order, then the id (a number on real Jira; a test may give another string)."""
    ident = issue["id"]
    return parse_jira_time(issue["fields"]["created"]), int(ident) if ident.isdigit() else 0, ident


def _page(req: Request, default: int) -> tuple[int, int]:
    """``startAt`` and ``maxResults`` of a paged issue resource (at most 100 a page)."""
    start = int(req.arg("startAt", "0") or 0)
    return start, max(1, min(int(req.arg("maxResults", str(default)) or default), 100))


class JqlError(Exception):
    pass


def _adf_text(node: Any) -> str:
    if isinstance(node, dict):
        if node.get("type") == "text":
            return str(node.get("text", ""))
        if node.get("type") == "mention":
            return str(node.get("attrs", {}).get("text", ""))
        inner = "".join(_adf_text(c) for c in node.get("content", []))
        return inner + ("\n" if node.get("type") in {"paragraph", "heading", "listItem"} else "")
    if isinstance(node, list):
        return "".join(_adf_text(c) for c in node)
    return ""


class FakeJira:
    """The fake; use as a context manager (``with FakeJira() as fake: fake.url``)."""

    def __init__(
        self,
        *,
        deployment: str = "Cloud",
        fixture: Path = FIXTURE,
        extra_issues: int = 0,
        histories_in_search: int = 100,
        comments_in_search: int = 20,
        max_page: int = 100,
        max_ids_page: int = 1000,
        latency: float = 0.0,
        rate_limit: tuple[int, float] | tuple[int, float, int] | None = None,
        time_zone: str = "Europe/Berlin",
        rate_headers: bool = True,
        email: str = EMAIL,
        api_token: str = API_TOKEN,
        pat: str = PAT,
        tls: ssl.SSLContext | None = None,
        context: str = "",
    ) -> None:
        if deployment not in ("Cloud", "Server"):
            raise ValueError("deployment is 'Cloud' or 'Server'")
        data = json.loads(fixture.read_text(encoding="utf-8"))
        self.cloud = deployment == "Cloud"
        self.deployment = deployment
        self.version = "3" if self.cloud else "2"
        self.project = data["project"]
        self.projects = {self.project["key"]: self.project}
        self.users: dict[str, dict[str, Any]] = data["users"]
        self.field_list: list[dict[str, Any]] = data["fields"]
        self.issues: dict[str, dict[str, Any]] = {}  # by id, in creation order
        for issue in data["issues"]:
            self.issues[issue["id"]] = copy.deepcopy(issue)
        self._clone(extra_issues)
        if len(self.issues) >= 1000:
            # A benchmark-sized fake: keep the collector from re-scanning its millions of
            # objects on every page it renders (most of its CPU at 20 000 issues).
            gc.freeze()
        self.histories_in_search = histories_in_search
        self.comments_in_search = comments_in_search
        self.max_page = max_page
        self.max_ids_page = max_ids_page
        self.time_zone = time_zone
        self.email, self.api_token, self.pat = email, api_token, pat
        self.after_page: list[Callable[[int, list[str]], None]] = []
        self._pages_served = 0
        # ``tls``: HTTPS with that context's certificate; ``context``: Jira at a context path
        # (``/jira``: https://intranet.acme.com/jira), every route under it.
        self.http = FakeHTTPServer(latency=latency, tls=tls, prefix=context)
        # Headers and body go out in two writes: without TCP_NODELAY, Nagle + delayed ACK add
        # ~40 ms to every request on loopback.
        self.http._httpd.RequestHandlerClass.disable_nagle_algorithm = True
        if rate_limit is not None:
            # (requests, per seconds[, Retry-After seconds]): beyond it, 429 with Retry-After.
            self.http.rate_limit = RateLimit(*rate_limit)
        self.rate_headers = rate_headers
        self._wrap_for_rate_headers()
        self._routes()

    # -- life cycle and delegation --------------------------------------------------------------

    @property
    def url(self) -> str:
        return self.http.url

    def __enter__(self) -> FakeJira:
        self.http.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.http.stop()

    def start(self) -> FakeJira:
        self.http.start()
        return self

    def stop(self) -> None:
        self.http.stop()

    def inject(self, *args: Any, **kwargs: Any) -> None:
        self.http.inject(*args, **kwargs)

    def requested(self, path: str | None = None, method: str | None = None) -> list[Request]:
        return self.http.requested(path, method)

    def reset_requests(self) -> None:
        self.http.reset_requests()

    @property
    def search_path(self) -> str:
        return "/rest/api/3/search/jql" if self.cloud else "/rest/api/2/search"

    def searches(self) -> list[Request]:
        return self.requested(self.search_path)

    def keys_asked_for(self) -> set[str]:
        """Issue keys whose changelog / comments / details were requested one by one."""
        keys = set()
        for req in self.requested(r"/rest/api/\d/issue/[^/]+(/.*)?"):
            keys.add(self.key_of(req.path.split("/")[5]))
        return keys

    def env(self) -> dict[str, str]:
        """Environment variables for the connector to log into this fake."""
        if self.cloud:
            return {
                "JIRA_SERVER": self.url,
                "JIRA_EMAIL": self.email,
                "JIRA_API_TOKEN": self.api_token,
            }
        return {"JIRA_SERVER": self.url, "JIRA_PAT": self.pat}

    # -- the data ---------------------------------------------------------------------------------

    def _clone(self, count: int) -> None:
        """``count`` more issues, cycling over the fixture's, with keys and ids after theirs."""
        templates = list(self.issues.values())
        if not templates or count <= 0:
            return
        next_id = max(int(i) for i in self.issues) + 1
        next_num = max(int(i["key"].split("-")[1]) for i in templates) + 1
        base = parse_jira_time(templates[-1]["fields"]["created"])
        for n in range(count):
            issue = copy.deepcopy(templates[n % len(templates)])
            issue["id"] = str(next_id + n)
            issue["key"] = f"{self.project['key']}-{next_num + n}"
            issue["fields"]["summary"] += f" (copy {n + 1})"
            created = base + timedelta(minutes=n + 1)
            issue["fields"]["created"] = jira_time(created)
            issue["fields"]["updated"] = jira_time(created + timedelta(hours=1))
            for h, history in enumerate(issue["changelog"]["histories"]):
                history["id"] = f"{issue['id']}{h:03d}"
            for c, comment in enumerate(issue["fields"]["comment"]["comments"]):
                comment["id"] = f"{issue['id']}{c:03d}"
            self.issues[issue["id"]] = issue

    def issue(self, key_or_id: str) -> dict[str, Any]:
        for issue in self.issues.values():
            if key_or_id in (issue["id"], issue["key"]):
                return issue
        raise KeyError(key_or_id)

    def key_of(self, key_or_id: str) -> str:
        try:
            return self.issue(key_or_id)["key"]
        except KeyError:
            return key_or_id

    def _now(self) -> datetime:
        return datetime.now(UTC).astimezone(ZoneInfo(self.time_zone))

    def touch(self, key: str, summary: str | None = None, *, by: str = "ana") -> dict[str, Any]:
        """Edit an issue now: a new summary, a history entry, ``updated`` = now."""
        issue = self.issue(key)
        now = self._now()
        old = issue["fields"]["summary"]
        new = summary or f"{old} (edited)"
        issue["fields"]["summary"] = new
        issue["fields"]["updated"] = jira_time(now)
        histories = issue["changelog"]["histories"]
        histories.append(
            {
                "id": f"9{issue['id']}{len(histories):04d}",
                "author": self.users[by],
                "created": jira_time(now),
                "items": [
                    {
                        "field": "summary",
                        "fieldtype": "jira",
                        "fieldId": "summary",
                        "from": None,
                        "fromString": old,
                        "to": None,
                        "toString": new,
                    }
                ],
            }
        )
        return issue

    def add_histories(self, key: str, count: int, *, by: str = "ben") -> None:
        """``count`` more status moves on an issue (to truncate its changelog in searches)."""
        issue = self.issue(key)
        histories = issue["changelog"]["histories"]
        start = parse_jira_time(issue["fields"]["created"])
        for n in range(count):
            flip = ("To Do", "In Progress") if n % 2 == 0 else ("In Progress", "To Do")
            histories.append(
                {
                    "id": f"8{issue['id']}{n:05d}",
                    "author": self.users[by],
                    "created": jira_time(start + timedelta(minutes=10 * (n + 1))),
                    "items": [
                        {
                            "field": "status",
                            "fieldtype": "jira",
                            "fieldId": "status",
                            "from": None,
                            "fromString": flip[0],
                            "to": None,
                            "toString": flip[1],
                        }
                    ],
                }
            )

    def add_comments(self, key: str, count: int, *, by: str = "chloe") -> None:
        issue = self.issue(key)
        comments = issue["fields"]["comment"]["comments"]
        start = parse_jira_time(issue["fields"]["created"])
        for n in range(count):
            when = jira_time(start + timedelta(hours=n + 1))
            comments.append(
                {
                    "id": f"7{issue['id']}{n:05d}",
                    "author": self.users[by],
                    "updateAuthor": self.users[by],
                    "body": {
                        "type": "doc",
                        "version": 1,
                        "content": [
                            {
                                "type": "paragraph",
                                "content": [{"type": "text", "text": f"Note {n + 1}"}],
                            }
                        ],
                    },
                    "created": when,
                    "updated": when,
                }
            )
        issue["fields"]["comment"]["total"] = len(comments)

    def delete(self, key: str) -> None:
        del self.issues[self.issue(key)["id"]]

    def move(self, key: str, new_project: str = "OTHER") -> None:
        """Move an issue to another project: same id, new key, no longer in this project."""
        issue = self.issue(key)
        self.projects.setdefault(
            new_project, {"id": "10099", "key": new_project, "name": new_project}
        )
        issue["key"] = f"{new_project}-{issue['key'].split('-')[1]}"
        issue["fields"]["updated"] = jira_time(self._now())

    # -- rate-limit headers ---------------------------------------------------------------------

    def _rate_state(self) -> dict[str, str]:
        """The headers describing the rate limit now (call with ``self.http._lock`` held)."""
        limit = self.http.rate_limit
        if limit is None or not self.rate_headers:
            return {}
        now = time.monotonic()
        times = limit._times
        while times and now - times[0] >= limit.window:
            times.popleft()
        left = max(0, limit.limit - len(times))
        refill = max(0.0, times[0] + limit.window - now) if times else 0.0
        headers = {"X-RateLimit-Limit": str(limit.limit), "X-RateLimit-Remaining": str(left)}
        if self.cloud:
            name = '"jira-burst"'
            headers["Beta-RateLimit-Policy"] = f"{name};q={limit.limit};w={limit.window:g}"
            headers["Beta-RateLimit"] = f"{name};r={left};t={math.ceil(refill)}"
            if left < 0.2 * limit.limit:
                headers["X-RateLimit-NearLimit"] = "true"
        else:
            headers["X-RateLimit-Interval-Seconds"] = f"{limit.window:g}"
            headers["X-RateLimit-FillRate"] = str(limit.limit)
        return headers

    def _wrap_for_rate_headers(self) -> None:
        """Add the rate-limit headers to every answer, the base server's 429s included."""
        http = self.http
        fault_for, dispatch = http._fault_for, http._dispatch

        def faulted(req: Request) -> Any:
            fault = fault_for(req)
            if isinstance(fault, Status) and fault.code == 429 and http.rate_limit is not None:
                with http._lock:
                    headers = self._rate_state()
                if headers:
                    reset = datetime.now(UTC) + timedelta(seconds=http.rate_limit.retry_after)
                    headers.update(fault.headers)
                    if self.cloud:
                        headers["X-RateLimit-Reset"] = reset.strftime("%Y-%m-%dT%H:%MZ")
                        headers["RateLimit-Reason"] = "jira-burst-based"
                    fault = Status(fault.code, fault.body, headers)
            return fault

        def dispatched(req: Request) -> Response:
            resp = dispatch(req)
            with http._lock:
                headers = self._rate_state()
            resp.headers.update(headers)
            return resp

        http._fault_for = faulted  # type: ignore[method-assign]
        http._dispatch = dispatched  # type: ignore[method-assign]

    # -- rendering (Cloud v3 shapes, or Server v2 ones) --------------------------------------------

    def _user(self, user: Any) -> Any:
        if self.cloud or not isinstance(user, dict):
            return user
        out = {k: v for k, v in user.items() if k != "accountId"}
        out.update({"key": self._server_key(user["accountId"]), "name": out["displayName"]})
        return out

    def _server_key(self, account_id: str) -> str:
        """Server/DC user key for a Cloud account id (``JIRAUSER10000``, ...)."""
        ids = sorted(u["accountId"] for u in self.users.values())
        return f"JIRAUSER{10000 + ids.index(account_id)}" if account_id in ids else account_id

    def _text(self, value: Any) -> Any:
        if self.cloud or not isinstance(value, dict):
            return value
        return _adf_text(value).strip()

    def _convert(self, obj: Any) -> Any:
        """Cloud fixture → Server shapes: users by key/name, wiki text instead of ADF."""
        if self.cloud:
            return obj
        if isinstance(obj, dict):
            if "accountId" in obj and "displayName" in obj:
                return self._user(obj)
            if obj.get("type") == "doc":
                return self._text(obj)
            return {k: self._convert(v) for k, v in obj.items()}
        if isinstance(obj, list):
            return [self._convert(v) for v in obj]
        if isinstance(obj, str) and any(obj == u["accountId"] for u in self.users.values()):
            return self._server_key(obj)  # e.g. an assignee change's "to"
        return obj

    def _render(
        self, issue: dict[str, Any], wanted: list[str], expand: str, *, whole: bool = False
    ) -> dict[str, Any]:
        fields = issue["fields"]
        if "*all" in wanted or "*navigable" in wanted:
            chosen = dict(fields)
        else:
            chosen = {k: v for k, v in fields.items() if k in wanted}
        # Shallow copies: the answer is serialised before anything else runs, and the fake's
        # edits (touch, add_*, move) replace values or append to lists, never change them in
        # place. (Deep copies were most of the fake's time per search page.)
        if "comment" in chosen:
            comments = fields["comment"]["comments"]
            shown = comments[: self.comments_in_search]
            chosen["comment"] = {
                "comments": shown,
                "maxResults": len(shown),
                "total": len(comments),
                "startAt": 0,
            }
        out: dict[str, Any] = {
            "expand": "operations,versionedRepresentations,editmeta,changelog,renderedFields",
            "id": issue["id"],
            "self": f"{self.url}/rest/api/{self.version}/issue/{issue['id']}",
            "key": issue["key"],
        }
        if chosen or wanted not in ([], ["id"], ["key"]):
            out["fields"] = chosen
        if "changelog" in (expand or "").split(","):
            histories = issue["changelog"]["histories"]
            shown = histories[:] if whole else histories[: self.histories_in_search]
            out["changelog"] = {
                "startAt": 0,
                "maxResults": len(shown),
                "total": len(histories),
                "histories": shown,
            }
        return self._convert(out)

    # -- JQL ------------------------------------------------------------------------------------

    def _select(self, jql: str) -> list[dict[str, Any]]:
        body = re.split(r"\s+order\s+by\s+", jql.strip(), flags=re.I)[0]
        # Lists (``key in (A-1, A-2)``, ``id in (10001, 10002)``) are set aside while the
        # grouping parentheses are dropped.
        lists: list[str] = []

        def aside(m: re.Match[str]) -> str:
            lists.append(m.group(1))
            return f" in <{len(lists) - 1}>"

        body = re.sub(r"\s+in\s*\(([^)]*)\)", aside, body, flags=re.I)
        body = body.replace("(", " ").replace(")", " ")
        preds: list[Callable[[dict[str, Any]], bool]] = []
        candidates: list[dict[str, Any]] | None = None
        clauses = [c.strip() for c in re.split(r"\s+and\s+", body, flags=re.I) if c.strip()]
        for clause in clauses:
            clause = re.sub(r"<(\d+)>", lambda m: f"({lists[int(m.group(1))]})", clause.strip())
            if m := re.fullmatch(r"(?:id|issue|issuekey|key)\s+in\s*\(([^)]*)\)", clause, re.I):
                wanted = {k.strip().strip('"') for k in m.group(1).split(",") if k.strip()}
                # Like Jira, ids and keys are both accepted.
                found = [self.issues[k] for k in wanted if k in self.issues]
                if any(not k.isdigit() for k in wanted):
                    found += [i for i in self.issues.values() if i["key"] in wanted]
                candidates = list({i["id"]: i for i in found}.values())
            elif m := re.fullmatch(r'project\s*=\s*"?([A-Za-z0-9_]+)"?', clause, re.I):
                project = m.group(1).upper()
                if project not in self.projects:
                    raise JqlError(
                        f"The value '{m.group(1)}' does not exist for the field 'project'."
                    )
                preds.append(lambda i, p=project: i["key"].split("-")[0] == p)
            elif m := re.fullmatch(
                r'updated\s*>=\s*"(\d{4}-\d{2}-\d{2} \d{2}:\d{2})"', clause, re.I
            ):
                since = datetime.strptime(m.group(1), "%Y-%m-%d %H:%M").replace(
                    tzinfo=ZoneInfo(self.time_zone)
                )
                preds.append(lambda i, s=since: parse_jira_time(i["fields"]["updated"]) >= s)
            elif m := re.fullmatch(
                r'(?:issuetype|type)\s*(=|!=|in)\s*(?:"([^"]+)"|([\w-]+)|\(([^)]*)\))',
                clause,
                re.I,
            ):
                # ``type`` is Jira's alias of ``issuetype``; names match whatever their case.
                op, quoted, bare, listed = m.groups()
                if (op.lower() == "in") != (listed is not None):
                    raise JqlError(
                        f"Error in the JQL Query: Expecting operator before '{clause}'. "
                        "(line 1, character 1)"
                    )
                names = [quoted or bare] if listed is None else listed.split(",")
                types = {n.strip().strip('"').lower() for n in names if n.strip()}
                preds.append(
                    lambda i, t=types, neg=op == "!=": (
                        ((i["fields"].get("issuetype") or {}).get("name", "").lower() in t) != neg
                    )
                )
            elif m := re.fullmatch(r'labels\s*=\s*"?([\w-]+)"?', clause, re.I):
                label = m.group(1)
                preds.append(lambda i, lab=label: lab in i["fields"].get("labels", []))
            else:
                word = clause.split()[0] if clause.split() else clause
                raise JqlError(
                    f"Error in the JQL Query: Expecting operator but got '{word}'. "
                    "(line 1, character 1)"
                )
        if candidates is not None:
            selected = [i for i in candidates if all(p(i) for p in preds)]
            selected.sort(key=_created_order)
            return selected
        ordered = self._in_created_order()
        if len(preds) == 1:  # the usual ``project = X``: no generator per issue
            return list(filter(preds[0], ordered))
        return [i for i in ordered if all(p(i) for p in preds)]

    def _in_created_order(self) -> list[dict[str, Any]]:
        """Every issue by creation, sorted again only when the issues changed (a search page of
        a 20 000-issue benchmark project spent ~70 ms sorting). Checked by identity, cheaply:
        the same ids mapping to the same issue objects, with the same creation times."""
        now = [(k, v, v["fields"]["created"]) for k, v in self.issues.items()]
        cached = self.__dict__.get("_sorted")
        if cached is None or cached[0] != now:
            cached = self._sorted = (now, sorted(self.issues.values(), key=_created_order))
        return cached[1]

    # -- routes -----------------------------------------------------------------------------------

    def _authorised(self, req: Request) -> bool:
        header = next((v for k, v in req.headers.items() if k.lower() == "authorization"), "")
        if self.cloud:
            expected = base64.b64encode(f"{self.email}:{self.api_token}".encode()).decode()
            return header == f"Basic {expected}"
        return header == f"Bearer {self.pat}"

    def _auth(self, handler: Callable[..., Any]) -> Callable[..., Any]:
        def wrapped(req: Request, **kw: Any) -> Any:
            if not self._authorised(req):
                if self.cloud:
                    return Response(
                        401,
                        "Client must be authenticated to access this resource.",
                        {"Content-Type": "text/html;charset=UTF-8"},
                    )
                return Response(
                    401,
                    {
                        "errorMessages": [
                            "You are not authenticated. Authentication required to "
                            "perform this operation."
                        ],
                        "errors": {},
                    },
                    {"X-Seraph-LoginReason": "AUTHENTICATED_FAILED"},
                )
            return handler(req, **kw)

        return wrapped

    def _routes(self) -> None:
        http, v = self.http, self.version
        api = r"/rest/api/(?P<v>[23])"
        http.route("GET", api + "/serverInfo", self._server_info)
        http.route("GET", api + "/field", self._auth(lambda req, v: self.field_list))
        http.route("GET", api + "/myself", self._auth(self._myself))
        if self.cloud:  # the paginated list (Cloud retired the plain one), before /project/KEY
            http.route("GET", r"/rest/api/3/project/search", self._auth(self._project_page))
        else:
            http.route("GET", r"/rest/api/2/project", self._auth(self._project_list))
        http.route("GET", api + r"/project/(?P<key>[^/]+)", self._auth(self._project))
        if self.cloud:
            for method in ("GET", "POST"):
                http.route(method, "/rest/api/3/search/jql", self._auth(self._search_token))
                http.route(method, api + "/search", self._retired)
            http.route("POST", "/rest/api/3/search/approximate-count", self._auth(self._count))
            http.route(
                "GET", r"/rest/api/3/issue/(?P<key>[^/]+)/changelog", self._auth(self._changelog)
            )
        else:
            for method in ("GET", "POST"):
                http.route(method, "/rest/api/2/search", self._auth(self._search_start))
        http.route(
            "GET", rf"/rest/api/{v}/issue/(?P<key>[^/]+)/comment", self._auth(self._comments)
        )
        http.route("GET", rf"/rest/api/{v}/issue/(?P<key>[^/]+)", self._auth(self._issue))

    @staticmethod
    def _error(status: int, message: str) -> Response:
        return Response(status, {"errorMessages": [message], "errors": {}})

    def _server_info(self, req: Request, v: str) -> Any:
        return {
            "baseUrl": self.url,
            "version": "1001.0.0-SNAPSHOT" if self.cloud else "9.12.2",
            "versionNumbers": [1001, 0, 0] if self.cloud else [9, 12, 2],
            "deploymentType": self.deployment,
            "buildNumber": 100265 if self.cloud else 9120002,
            "serverTitle": "Jira",
        }

    def _myself(self, req: Request, v: str) -> Any:
        me = dict(self._user(self.users["ana"]))
        me["timeZone"] = self.time_zone
        return me

    def _project(self, req: Request, v: str, key: str) -> Any:
        project = self.projects.get(key.upper())
        if project is None:
            return self._error(404, f"No project could be found with key '{key}'.")
        return project

    def _project_list(self, req: Request) -> Any:
        return [self.projects[k] for k in sorted(self.projects)]

    def _project_page(self, req: Request) -> Any:
        every = self._project_list(req)
        start, size = int(req.arg("startAt", "0") or 0), int(req.arg("maxResults", "50") or 50)
        values = every[start : start + min(size, 100)]
        return {
            "startAt": start,
            "maxResults": size,
            "total": len(every),
            "isLast": start + len(values) >= len(every),
            "values": values,
        }

    def _retired(self, req: Request, v: str) -> Response:
        return self._error(
            410,
            "The requested API has been removed. Please migrate to the /rest/api/3/search/jql API.",
        )

    def _wanted(self, req: Request) -> tuple[str, list[str], str, int]:
        data = req.json() if req.method == "POST" else None
        if isinstance(data, dict):
            jql = data.get("jql") or ""
            fields = data.get("fields") or []
            expand = data.get("expand") or ""
            max_results = int(data.get("maxResults") or 50)
        else:
            jql = req.arg("jql", "") or ""
            fields = [f for v in req.query.get("fields", []) for f in v.split(",") if f]
            expand = req.arg("expand", "") or ""
            max_results = int(req.arg("maxResults", "50") or 50)
        if isinstance(expand, list):
            expand = ",".join(expand)
        # Like Jira Cloud, a search for ids/keys only may ask for much bigger pages.
        cap = self.max_ids_page if fields and set(fields) <= {"id", "key"} else self.max_page
        return jql, fields, expand, max(1, min(max_results, cap))

    def _page_served(self, issues: list[dict[str, Any]]) -> None:
        self._pages_served += 1
        for hook in list(self.after_page):
            hook(self._pages_served, [i["key"] for i in issues])

    def _search_token(self, req: Request) -> Response | dict[str, Any]:
        jql, fields, expand, max_results = self._wanted(req)
        token = req.arg("nextPageToken")
        digest = hashlib.sha1(jql.encode()).hexdigest()[:12]
        offset = 0
        if token:
            try:
                state = json.loads(base64.urlsafe_b64decode(token.encode()))
                offset = int(state["o"])
                if state["q"] != digest:
                    raise ValueError
            except (ValueError, KeyError, TypeError):
                return self._error(400, "The provided next page token is invalid or expired.")
        try:
            selected = self._select(jql)
        except JqlError as exc:
            return self._error(400, str(exc))
        page = selected[offset : offset + max_results]
        body: dict[str, Any] = {"issues": [self._render(i, fields or ["id"], expand) for i in page]}
        if offset + max_results < len(selected):
            state = {"o": offset + max_results, "q": digest}
            body["nextPageToken"] = base64.urlsafe_b64encode(json.dumps(state).encode()).decode()
            body["isLast"] = False
        else:
            body["isLast"] = True
        self._page_served(page)
        return body

    def _search_start(self, req: Request) -> Response | dict[str, Any]:
        jql, fields, expand, max_results = self._wanted(req)
        data = req.json() if req.method == "POST" else None
        start = int((data or {}).get("startAt") or req.arg("startAt", "0") or 0)
        try:
            selected = self._select(jql)
        except JqlError as exc:
            return self._error(400, str(exc))
        page = selected[start : start + max_results]
        wanted = fields or ["*navigable"]
        body = {
            "expand": "schema,names",
            "startAt": start,
            "maxResults": max_results,
            "total": len(selected),
            "issues": [self._render(i, wanted, expand) for i in page],
        }
        self._page_served(page)
        return body

    def _count(self, req: Request) -> Response | dict[str, Any]:
        data = req.json() or {}
        try:
            return {"count": len(self._select(str(data.get("jql") or "")))}
        except JqlError as exc:
            return self._error(400, str(exc))

    def _find(self, key: str) -> dict[str, Any] | None:
        try:
            return self.issue(key)
        except KeyError:
            return None

    def _no_issue(self) -> Response:
        return self._error(404, "Issue does not exist or you do not have permission to see it.")

    def _changelog(self, req: Request, key: str) -> Response | dict[str, Any]:
        issue = self._find(key)
        if issue is None:
            return self._no_issue()
        start, size = _page(req, 100)
        histories = issue["changelog"]["histories"]
        values = histories[start : start + size]
        return {
            "self": f"{self.url}{req.path}?maxResults={size}&startAt={start}",
            "maxResults": size,
            "startAt": start,
            "total": len(histories),
            "isLast": start + size >= len(histories),
            "values": copy.deepcopy(values),
        }

    def _comments(self, req: Request, key: str) -> Response | dict[str, Any]:
        issue = self._find(key)
        if issue is None:
            return self._no_issue()
        start, size = _page(req, 50)
        comments = issue["fields"]["comment"]["comments"]
        return self._convert(
            {
                "comments": copy.deepcopy(comments[start : start + size]),
                "maxResults": size,
                "total": len(comments),
                "startAt": start,
            }
        )

    def _issue(self, req: Request, key: str) -> Response | dict[str, Any]:
        issue = self._find(key)
        if issue is None:
            return self._no_issue()
        fields = [f for v in req.query.get("fields", []) for f in v.split(",") if f] or ["*all"]
        # The issue endpoint returns the whole changelog.
        return self._render(issue, fields, req.arg("expand", "") or "", whole=True)
