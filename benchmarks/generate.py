"""Deterministic synthetic boards for the benchmarks: the same seed gives the same bytes.

One stream of tickets (title, description, type, status, people, ≈ 10 activities each) rendered in
each source's shape:

* ``trello``: a Trello board JSON export (``cards``, ``actions`` newest first, ``lists``, ...);
  :func:`trello_board` builds the same board as a dict for ``tests.fakes.trello_server.FakeTrello``;
* ``jira-json``: Jira REST v2 search results (``{"issues": [...], "names": {...}}``, wiki-markup
  descriptions, full changelog and comments);
* ``jira-csv``: a Jira CSV export (Filters → Export → CSV; no changelog, comments as columns);
* :func:`jira_fake_fixture`: a fixture file for ``tests.fakes.jira_server.FakeJira`` (Cloud v3
  shapes, ADF descriptions);
* ``store``: a SQLite store filled as ``fetch jira`` leaves it (:func:`write_store`: Cloud issues
  mapped by the live connector's ``map_issue``, saved a page at a time through ``Store``'s API).

Texts are built from the evaluation set's ticket texts (models/eval/items.csv), so the vocabulary
the classifier meets is realistic; descriptions are 0–2 000 characters (median ≈ 300), comments
40–300. Large files are written as a stream (one record at a time; memory stays ≈ 200 MB at
1M items) and cached by :func:`export_file` under ``benchmarks/.data/``.

    python benchmarks/generate.py --items 100000 --format trello   # prints the file written
    python benchmarks/generate.py --items 1M --format store
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import random
import sys
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import IO, Any

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "models" / "eval" / "items.csv"
JIRA_FIXTURE = ROOT / "tests" / "fixtures" / "jira_live_cloud.json"
DATA_DIR = Path(__file__).resolve().parent / ".data"
VERSION = 1  # bump when the output changes, so cached files are regenerated
#: A format's own version when only its output changed (the store: schema 6, activity columns).
#: The store's file name also carries the schema its code writes (:func:`file_name`).
FORMAT_VERSION = {"store": 2}
FORMATS = ("trello", "jira-json", "jira-csv", "store")  # store: a filled SQLite store
START = datetime(2022, 1, 3, 8, 0, tzinfo=UTC)
SPAN = timedelta(days=3 * 365)  # items are created over three years

PEOPLE = [
    ("Ana Ruiz", "ana"),
    ("Ben Okafor", "ben"),
    ("Chloe Martin", "chloe"),
    ("Dev Patel", "dev"),
    ("Eva Novak", "eva"),
    ("Farid Haddad", "farid"),
    ("Grace Lee", "grace"),
    ("Hugo Silva", "hugo"),
    ("Ines Costa", "ines"),
    ("Jon Berg", "jon"),
    ("Kira Ito", "kira"),
    ("Liam Walsh", "liam"),
]
COLUMNS = ["Ideas", "Roadmap", "Discovery", "Ready", "Sprint", "In Progress", "Review", "Done"]
STATUSES = [  # (name, Jira status category key)
    ("Backlog", "new"),
    ("Selected for Development", "new"),
    ("In Progress", "indeterminate"),
    ("In Review", "indeterminate"),
    ("Done", "done"),
]
TYPES = ["Story", "Story", "Story", "Task", "Task", "Bug", "Bug", "Epic", "Sub-task"]
LABELS = ["growth", "platform", "billing", "mobile", "q3-bet", "tech-debt", "security", "ux"]
PRIORITIES = ["Highest", "High", "Medium", "Medium", "Low"]


# -- the ticket stream (source-independent) ---------------------------------------------------


@dataclass(slots=True)
class Event:
    kind: str  # create | move | comment | assign | rank | edit | label | check | priority | sprint
    when: datetime
    actor: int  # index into PEOPLE
    old: str | None = None
    new: str | None = None
    text: str | None = None


@dataclass(slots=True)
class Ticket:
    n: int
    title: str
    description: str
    type: str
    status: int  # index into STATUSES / position in COLUMNS
    column: int
    start_column: int
    priority: str
    labels: list[str]
    assignee: int | None
    reporter: int
    created: datetime
    updated: datetime
    events: list[Event] = field(default_factory=list)
    members: list[int] = field(default_factory=list)


def _texts() -> list[str]:
    with EVAL.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    texts = [r["text"].strip() for r in rows if r["text"].strip()]
    texts += [r["description"].strip() for r in rows if r["description"].strip()]
    return texts


class _Writer:
    """Random text of a given length from the evaluation texts."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.texts = _texts()

    def title(self) -> str:
        return self.rng.choice(self.texts)[:120]

    def prose(self, length: int) -> str:
        parts: list[str] = []
        size = 0
        while size < length:
            sentence = self.rng.choice(self.texts)
            parts.append(sentence if sentence.endswith(".") else sentence + ".")
            size += len(parts[-1]) + 1
        return " ".join(parts)[:length]

    def description_length(self) -> int:
        if self.rng.random() < 0.2:
            return 0  # a fifth of real tickets have no description
        return min(2000, int(self.rng.lognormvariate(5.7, 0.8)))  # median ≈ 300 characters


def tickets(count: int, seed: int = 0, activities: int = 10) -> Iterator[Ticket]:
    """``count`` tickets with about ``activities`` events each (creation included), in order."""
    rng = random.Random(seed)
    writer = _Writer(rng)
    step = SPAN / max(count, 1)
    for n in range(count):
        created = START + step * n + timedelta(seconds=rng.randrange(60))
        reporter = rng.randrange(len(PEOPLE))
        column = rng.randrange(3)
        ticket = Ticket(
            n=n,
            title=writer.title(),
            description=writer.prose(writer.description_length()),
            type=rng.choice(TYPES),
            status=0,
            column=column,
            start_column=column,
            priority=rng.choice(PRIORITIES),
            labels=rng.sample(LABELS, rng.choice((0, 0, 1, 1, 2))),
            assignee=None,
            reporter=reporter,
            created=created,
            updated=created,
        )
        ticket.events.append(Event("create", created, reporter))
        when = created
        for _ in range(max(0, rng.randint(activities - 3, activities + 3) - 1)):
            when += timedelta(minutes=rng.randrange(20, 60 * 24 * 4))
            actor = rng.randrange(len(PEOPLE))
            roll = rng.random()
            if roll < 0.30:
                old, ticket.status = ticket.status, min(len(STATUSES) - 1, ticket.status + 1)
                if rng.random() < 0.2:
                    ticket.status = max(0, old - 1)
                old_col, ticket.column = ticket.column, min(len(COLUMNS) - 1, ticket.column + 1)
                event = Event("move", when, actor, str(old), str(ticket.status))
                event.text = f"{old_col}>{ticket.column}"
            elif roll < 0.55:
                event = Event("comment", when, actor, text=writer.prose(rng.randint(40, 300)))
            elif roll < 0.65:
                old = ticket.assignee
                ticket.assignee = rng.randrange(len(PEOPLE))
                if ticket.assignee not in ticket.members:
                    ticket.members.append(ticket.assignee)
                event = Event("assign", when, actor, _s(old), str(ticket.assignee))
            elif roll < 0.78:
                event = Event("rank", when, actor, str(rng.random()), str(rng.random()))
            elif roll < 0.86:
                event = Event("edit", when, actor, text=writer.prose(rng.randint(60, 400)))
            elif roll < 0.92:
                event = Event("label", when, actor, new=rng.choice(LABELS))
            elif roll < 0.96:
                old, ticket.priority = ticket.priority, rng.choice(PRIORITIES)
                event = Event("priority", when, actor, old, ticket.priority)
            else:
                event = Event("sprint", when, actor, None, f"Sprint {1 + n * 100 // count}")
            ticket.events.append(event)
        ticket.updated = when
        yield ticket


def _s(value: int | None) -> str | None:
    return None if value is None else str(value)


# -- Trello -------------------------------------------------------------------------------------


def _tid(when: datetime, seq: int) -> str:
    """Trello ids start with the creation time (8 hex digits), as the fake server's do."""
    return f"{int(when.timestamp()):08x}{seq:016x}"


def _iso(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}Z"


class _TrelloShape:
    """Board-level objects and per-ticket rendering into (card, actions newest first)."""

    def __init__(self, name: str = "Benchmark board") -> None:
        self.seq = 0
        self.board_id = self.new_id(START)
        self.name = name
        self.members = [
            {"id": self.new_id(START), "fullName": full, "username": user} for full, user in PEOPLE
        ]
        self.lists = [
            {"id": self.new_id(START), "idBoard": self.board_id, "name": c, "closed": False,
             "pos": 16384 * (i + 1)}
            for i, c in enumerate(COLUMNS)
        ]  # fmt: skip
        self.labels = [
            {"id": self.new_id(START), "idBoard": self.board_id, "name": lbl, "color": "green"}
            for lbl in LABELS
        ]
        self.label_ids = {lbl["name"]: lbl["id"] for lbl in self.labels}

    def new_id(self, when: datetime) -> str:
        self.seq += 1
        return _tid(when, self.seq)

    def head(self) -> dict[str, Any]:
        return {
            "id": self.board_id,
            "name": self.name,
            "desc": "",
            "closed": False,
            "idOrganization": None,
            "shortLink": "BenchB01",
            "url": "https://trello.com/b/BenchB01/benchmark-board",
            "prefs": {"permissionLevel": "private"},
            "labelNames": {"green": "growth"},
        }

    def render(self, t: Ticket) -> tuple[dict[str, Any], list[dict[str, Any]]]:
        card_id = self.new_id(t.created)
        ref = {"id": card_id, "name": t.title, "idShort": t.n + 1, "shortLink": f"c{t.n:07d}"}
        actions: list[dict[str, Any]] = []
        for e in t.events:
            who = self.members[e.actor]
            data: dict[str, Any]
            kind = "updateCard"
            if e.kind == "create":
                kind = "createCard"
                first = self.lists[t.start_column]
                data = {"card": ref, "list": {"id": first["id"], "name": first["name"]}}
            elif e.kind == "move":
                a, b = (int(x) for x in (e.text or "0>0").split(">"))
                before, after = self.lists[a], self.lists[b]
                data = {
                    "card": {**ref, "idList": after["id"]},
                    "old": {"idList": before["id"]},
                    "listBefore": {"id": before["id"], "name": before["name"]},
                    "listAfter": {"id": after["id"], "name": after["name"]},
                }
            elif e.kind == "comment":
                kind, data = "commentCard", {"card": ref, "text": e.text}
            elif e.kind == "assign":
                member = self.members[int(e.new or 0)]
                kind = "addMemberToCard"
                data = {"card": ref, "idMember": member["id"], "member": {"id": member["id"]}}
            elif e.kind in ("rank", "priority", "sprint"):  # Trello has only positions
                pos_old = 16384.0 * (t.n + 1)
                pos_new = pos_old * (float(e.new) if e.kind == "rank" else 0.5)  # type: ignore[arg-type]
                data = {"card": {**ref, "pos": pos_new}, "old": {"pos": pos_old}}
            elif e.kind == "edit":
                data = {"card": {**ref, "desc": e.text}, "old": {"desc": ""}}
            else:  # label
                kind = "addLabelToCard"
                data = {
                    "card": ref,
                    "label": {"id": self.label_ids[e.new or LABELS[0]], "name": e.new},
                    "text": e.new,
                }
            data["board"] = {"id": self.board_id, "name": self.name}
            actions.append(
                {
                    "id": self.new_id(e.when),
                    "idMemberCreator": who["id"],
                    "type": kind,
                    "date": _iso(e.when),
                    "data": data,
                    "memberCreator": {
                        "id": who["id"],
                        "fullName": who["fullName"],
                        "username": who["username"],
                    },
                }
            )
        actions.reverse()
        column = self.lists[t.column]
        card = {
            "id": card_id,
            "idShort": t.n + 1,
            "name": t.title,
            "desc": t.description,
            "idBoard": self.board_id,
            "idList": column["id"],
            "idMembers": [self.members[m]["id"] for m in t.members],
            "idLabels": [self.label_ids[lbl] for lbl in t.labels],
            "labels": [
                {"id": self.label_ids[lbl], "name": lbl, "color": "green"} for lbl in t.labels
            ],
            "closed": t.n % 25 == 24,
            "dueComplete": False,
            "due": None,
            "dateLastActivity": _iso(t.updated),
            "pos": 16384.0 * (t.n + 1),
            "shortLink": f"c{t.n:07d}",
            "shortUrl": f"https://trello.com/c/c{t.n:07d}",
            "url": f"https://trello.com/c/c{t.n:07d}/{t.n + 1}",
            "idChecklists": [],
            "customFieldItems": [],
        }
        return card, actions


def trello_board(count: int, seed: int = 0) -> dict[str, Any]:
    """The board as one dict (export shape), for the fake Trello server; newest actions first."""
    shape = _TrelloShape()
    cards: list[dict[str, Any]] = []
    per_card: list[list[dict[str, Any]]] = []
    for t in tickets(count, seed):
        card, actions = shape.render(t)
        cards.append(card)
        per_card.append(actions)
    actions = [a for batch in per_card for a in batch]
    actions.sort(key=lambda a: a["id"], reverse=True)
    return {
        **shape.head(),
        "cards": cards,
        "actions": actions,
        "lists": shape.lists,
        "labels": shape.labels,
        "members": shape.members,
        "checklists": [],
        "customFields": [],
    }


def write_trello(out: IO[str], count: int, seed: int = 0) -> None:
    """Stream a board export: the cards array, then the actions array (one pass, bounded memory).

    The tickets are generated twice (same seed) so neither cards nor actions are held in memory.
    Actions come newest card first (each card's newest first), as Trello roughly lists them.
    """
    head = json.dumps(_TrelloShape().head())[:-1]
    out.write(head)
    shape = _TrelloShape()
    out.write(', "cards": [')
    for i, t in enumerate(tickets(count, seed)):
        card, _ = shape.render(t)
        out.write(("," if i else "") + "\n" + json.dumps(card))
    out.write('\n], "actions": [')
    # Second pass: same ids (same sequence), actions only; written in reverse ticket order via
    # chunks so memory stays bounded (a chunk of tickets' actions at a time).
    shape = _TrelloShape()
    chunk = 10_000
    first = True
    chunks: list[Path] = []
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    # A directory of its own: two generators running at once (shared machine) never mix parts.
    with tempfile.TemporaryDirectory(dir=DATA_DIR, prefix="tmp-actions-") as tmp:
        buffer: list[str] = []
        for i, t in enumerate(tickets(count, seed)):
            _, actions = shape.render(t)
            buffer.append(",\n".join(json.dumps(a) for a in actions))
            if len(buffer) == chunk or i == count - 1:
                part = Path(tmp) / f"actions-{len(chunks):05d}.part"
                part.write_text("\n".join(reversed(buffer)), encoding="utf-8")
                chunks.append(part)
                buffer = []
        for part in reversed(chunks):
            with part.open(encoding="utf-8") as lines:  # line by line: one action at a time
                for line in lines:
                    line = line.rstrip("\n")
                    if line:
                        out.write(("" if first else ",") + "\n" + line.rstrip(","))
                        first = False
            part.unlink()
    out.write("\n], ")
    tail = {
        "lists": shape.lists,
        "labels": shape.labels,
        "members": shape.members,
        "checklists": [],
        "customFields": [],
    }
    out.write(json.dumps(tail)[1:])


# -- Jira -----------------------------------------------------------------------------------------

_STATUS_IDS = {name: str(10000 + i) for i, (name, _) in enumerate(STATUSES)}
_CATEGORY = {"new": (2, "To Do"), "indeterminate": (4, "In Progress"), "done": (3, "Done")}


def _jira_time(when: datetime) -> str:
    return when.strftime("%Y-%m-%dT%H:%M:%S.") + f"{when.microsecond // 1000:03d}+0000"


def _adf(text: str) -> dict[str, Any]:
    return {
        "type": "doc",
        "version": 1,
        "content": [{"type": "paragraph", "content": [{"type": "text", "text": text}]}],
    }


class _JiraShape:
    def __init__(self, project: str = "BENCH", *, cloud: bool = False) -> None:
        self.project = project
        self.cloud = cloud
        self.users = [
            {
                "accountId": f"5b10a2844c2016570{i:07d}",
                "displayName": full,
                "emailAddress": f"{user}@example.com",
                "active": True,
                "timeZone": "UTC",
                **({} if cloud else {"name": user, "key": f"JIRAUSER{10000 + i}"}),
            }
            for i, (full, user) in enumerate(PEOPLE)
        ]

    def _text(self, text: str) -> Any:
        return _adf(text) if self.cloud else text

    def render(self, t: Ticket) -> dict[str, Any]:
        issue_id = str(100000 + t.n)
        status, category = STATUSES[t.status]
        cat_id, cat_name = _CATEGORY[category]
        histories: list[dict[str, Any]] = []
        comments: list[dict[str, Any]] = []
        for h, e in enumerate(t.events[1:]):
            author = self.users[e.actor]
            if e.kind == "comment":
                comments.append(
                    {
                        "id": f"{issue_id}{h:03d}",
                        "author": author,
                        "updateAuthor": author,
                        "body": self._text(e.text or ""),
                        "created": _jira_time(e.when),
                        "updated": _jira_time(e.when),
                    }
                )
                continue
            if e.kind == "move":
                a, b = STATUSES[int(e.old or 0)][0], STATUSES[int(e.new or 0)][0]
                item = ("status", _STATUS_IDS[a], a, _STATUS_IDS[b], b)
            elif e.kind == "assign":
                old = self.users[int(e.old)] if e.old is not None else None
                new = self.users[int(e.new or 0)]
                item = (
                    "assignee",
                    old and old["accountId"],
                    old and old["displayName"],
                    new["accountId"],
                    new["displayName"],
                )
            elif e.kind == "rank":
                item = ("Rank", None, None, None, "Ranked higher")
            elif e.kind == "edit":
                item = ("description", None, t.description[:200], None, e.text)
            elif e.kind == "label":
                item = ("labels", None, "", None, e.new)
            elif e.kind == "priority":
                item = ("priority", None, e.old, None, e.new)
            else:
                item = ("Sprint", None, None, "1", e.new)
            name, from_id, from_s, to_id, to_s = item
            histories.append(
                {
                    "id": f"{issue_id}{h:03d}",
                    "author": author,
                    "created": _jira_time(e.when),
                    "items": [
                        {
                            "field": name,
                            "fieldtype": "jira" if name[0].islower() else "custom",
                            "from": from_id,
                            "fromString": from_s,
                            "to": to_id,
                            "toString": to_s,
                        }
                    ],
                }
            )
        sprint = next((e.new for e in reversed(t.events) if e.kind == "sprint"), None)
        fields: dict[str, Any] = {
            "summary": t.title,
            "description": self._text(t.description) if t.description else None,
            "issuetype": {
                "id": str(10000 + TYPES.index(t.type)),
                "name": t.type,
                "subtask": t.type == "Sub-task",
                "hierarchyLevel": 1 if t.type == "Epic" else -1 if t.type == "Sub-task" else 0,
            },
            "status": {
                "name": status,
                "id": _STATUS_IDS[status],
                "statusCategory": {"id": cat_id, "key": category, "name": cat_name},
            },
            "priority": {"name": t.priority},
            "labels": t.labels,
            "components": [],
            "fixVersions": [],
            "assignee": self.users[t.assignee] if t.assignee is not None else None,
            "reporter": self.users[t.reporter],
            "creator": self.users[t.reporter],
            "created": _jira_time(t.created),
            "updated": _jira_time(t.updated),
            "resolutiondate": _jira_time(t.updated) if category == "done" else None,
            "customfield_10019": f"0|i{t.n:06x}:",
            "customfield_10020": (
                [{"id": 1, "name": sprint, "state": "closed"}] if sprint else None
            ),
            "comment": {
                "comments": comments,
                "maxResults": len(comments),
                "total": len(comments),
                "startAt": 0,
            },
        }
        return {
            "id": issue_id,
            "key": f"{self.project}-{t.n + 1}",
            "fields": fields,
            "changelog": {
                "startAt": 0,
                "maxResults": len(histories),
                "total": len(histories),
                "histories": histories,
            },
        }


NAMES = {"customfield_10019": "Rank", "customfield_10020": "Sprint", "summary": "Summary"}


def write_jira_json(out: IO[str], count: int, seed: int = 0) -> None:
    """Stream REST v2 search results with every issue (expand=changelog,names)."""
    shape = _JiraShape()
    out.write(f'{{"expand": "names,schema", "startAt": 0, "maxResults": {count}, ')
    out.write(f'"total": {count}, "names": {json.dumps(NAMES)}, "issues": [')
    for i, t in enumerate(tickets(count, seed)):
        out.write(("," if i else "") + "\n" + json.dumps(shape.render(t)))
    out.write("\n]}\n")


def write_jira_csv(out: IO[str], count: int, seed: int = 0) -> None:
    """Stream a Jira CSV export (English headers, two Comment columns)."""
    writer = csv.writer(out)
    writer.writerow(
        [
            "Summary", "Issue key", "Issue id", "Issue Type", "Status", "Project key", "Priority",
            "Assignee", "Assignee Id", "Reporter", "Reporter Id", "Created", "Updated", "Labels",
            "Labels", "Description", "Sprint", "Comment", "Comment", "Status Category",
        ]
    )  # fmt: skip
    shape = _JiraShape()

    def stamp(when: datetime) -> str:
        return when.strftime("%d/%b/%y %I:%M %p").replace(" 0", " ")

    for t in tickets(count, seed):
        status, category = STATUSES[t.status]
        assignee = shape.users[t.assignee] if t.assignee is not None else None
        reporter = shape.users[t.reporter]
        comments = [e for e in t.events if e.kind == "comment"][:2]
        sprint = next((e.new for e in reversed(t.events) if e.kind == "sprint"), "")
        writer.writerow(
            [
                t.title, f"BENCH-{t.n + 1}", str(100000 + t.n), t.type, status, "BENCH",
                t.priority, assignee["displayName"] if assignee else "",
                assignee["accountId"] if assignee else "", reporter["displayName"],
                reporter["accountId"], stamp(t.created), stamp(t.updated),
                *(t.labels + ["", ""])[:2], t.description, sprint,
                *[
                    f"{stamp(c.when)};{shape.users[c.actor]['accountId']};{c.text}"
                    for c in comments
                ] + [""] * (2 - len(comments)),
                _CATEGORY[category][1],
            ]
        )  # fmt: skip


def jira_fake_fixture(count: int, seed: int = 0) -> Path:
    """A fixture for ``FakeJira(fixture=...)``: the tests' project, users and fields, our issues."""
    path = DATA_DIR / f"jira-fake-{count}-s{seed}-v{VERSION}.json"
    if path.exists():
        return path
    base = json.loads(JIRA_FIXTURE.read_text(encoding="utf-8"))
    shape = _JiraShape(base["project"]["key"], cloud=True)
    shape.users = list(base["users"].values())[: len(PEOPLE)]
    while len(shape.users) < len(PEOPLE):
        shape.users += shape.users
    data = {
        "project": base["project"],
        "users": base["users"],
        "fields": base["fields"],
        "issues": [shape.render(t) for t in tickets(count, seed)],
    }
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    _atomic_write(path, lambda out: json.dump(data, out))
    return path


# -- the SQLite store -----------------------------------------------------------------------------

STORE_SERVER = "https://bench.atlassian.net"
STORE_PAGE = 1000  # issues saved per transaction (the live connector saves a search page: 100)


def write_store(path: Path, count: int, seed: int = 0, page: int = STORE_PAGE) -> None:
    """Fill a store as ``backlog-analyzer fetch jira --project BENCH`` would leave it.

    Jira Cloud search results (ADF texts, full changelog and comments) mapped by the live
    connector's own mapping (``connectors.mapping.jira.map_issue``) and saved through the store's
    public API (``source``, ``begin_sync``, ``save_page`` with the cursor, ``finish_sync``), one
    page at a time: no more than a page is ever in memory, and no HTTP is involved.
    """
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from connectors.mapping.jira import map_issue
    from connectors.store import Store

    shape = _JiraShape(cloud=True)
    jql = 'project = "BENCH"'
    with Store(path) as store:
        source_id = store.source(
            "jira", f"{STORE_SERVER}|project=BENCH", "BENCH (Benchmark)", origin=STORE_SERVER
        )
        store.begin_sync(source_id, jql, started_at=START + SPAN + timedelta(days=30))
        items: list[Any] = []
        activities: list[Any] = []
        people: dict[str, Any] = {}

        def save(cursor: dict[str, Any]) -> None:
            store.save_page(
                source_id, items, activities, people.values(), cursor=cursor, advance_cursor=True
            )
            items.clear()
            activities.clear()
            people.clear()

        for t in tickets(count, seed):
            item, acts, persons = map_issue(
                shape.render(t), field_names=NAMES, base_url=STORE_SERVER
            )
            items.append(item)
            activities.extend(acts)
            people.update((p.id, p) for p in persons)
            if len(items) == page:
                save({"nextPageToken": f"bench-{t.n + 1}"})
        save({"done": True})
        store.finish_sync(source_id)


# -- files --------------------------------------------------------------------------------------

_WRITERS = {"trello": write_trello, "jira-json": write_jira_json, "jira-csv": write_jira_csv}
_SUFFIX = {"trello": "json", "jira-json": "json", "jira-csv": "csv", "store": "sqlite"}


def _tmp_path(path: Path) -> Path:
    """A temporary name beside ``path``, unique to this process (generators may run at once)."""
    return path.with_name(f".{path.name}.{os.getpid()}.tmp")


def _atomic_write(path: Path, write: Any) -> None:
    tmp = _tmp_path(path)
    try:
        with tmp.open("w", encoding="utf-8", newline="") as out:
            write(out)
        tmp.replace(path)
    finally:
        tmp.unlink(missing_ok=True)


def store_schema() -> int:
    """The store schema this tree's code writes (``connectors.store.SCHEMA_VERSION``)."""
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    from connectors.store import SCHEMA_VERSION

    return SCHEMA_VERSION


def file_name(fmt: str, count: int, seed: int = 0) -> str:
    """The cached file's name: format, size, seed and the version of that format's output; a
    store's also names its schema (``store-N-s0-v2-schema8.sqlite``), so a tree of another schema
    never opens this tree's file (a newer one would migrate it in place, and an older one refuses
    a newer file) and a schema change needs no version bump here."""
    version = FORMAT_VERSION.get(fmt, VERSION)
    schema = f"-schema{store_schema()}" if fmt == "store" else ""
    return f"{fmt}-{count}-s{seed}-v{version}{schema}.{_SUFFIX[fmt]}"


def export_file(fmt: str, count: int, seed: int = 0, directory: Path = DATA_DIR) -> Path:
    """The export file (or store) for ``fmt`` and ``count`` items (generated once, then reused)."""
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}; known: {', '.join(FORMATS)}")
    directory.mkdir(parents=True, exist_ok=True)
    path = directory / file_name(fmt, count, seed)
    if path.exists():
        return path
    if fmt == "store":
        tmp = _tmp_path(path)
        try:
            write_store(tmp, count, seed)
            tmp.replace(path)
        finally:
            for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
                leftover.unlink(missing_ok=True)
    else:
        _atomic_write(path, lambda out: _WRITERS[fmt](out, count, seed))
    return path


def parse_size(text: str) -> int:
    """``10k`` → 10 000, ``1M`` → 1 000 000, ``2500`` → 2 500."""
    text = text.strip().lower()
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if factor > 1 else text) * factor)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", default="10k", help="10k, 100k, 1M or a number")
    parser.add_argument("--format", choices=FORMATS, default="trello")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    print(export_file(args.format, parse_size(args.items), args.seed))
    return 0


if __name__ == "__main__":
    sys.exit(main())
