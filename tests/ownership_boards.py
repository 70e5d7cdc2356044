"""Small boards built by hand for the roles / timeline / drift / flags tests, with known answers.

``healthy_board(source)`` is a six-month board (2024-01-01 .. 2024-06-30) where every ownership
check must stay silent: Alice (PM) works on strategy every week, Bob (PO) ranks, refines and
accepts every week, Dan (engineer) moves and comments. Tests break one thing at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path

from analyzer.roles import RolesFile, Thresholds, parse_roles_file, resolve_roles
from connectors.interface import Activity, ActivityKind, Board, Item, Person
from models.interface import STRATEGIC, TACTICAL, ItemDoc, Prediction, RoleModel

T0 = datetime(2024, 1, 1, 9, 0)
WEEKS = 26
K = ActivityKind

ROLES_TOML = """
[people]
"Alice Martin" = "pm"
"bob@example.com" = "po"
"dan" = "engineer"
"""


def pred(label: str, confidence: float = 0.9) -> Prediction:
    return Prediction(label, confidence, f"test: {label}")


@dataclass
class Builder:
    source: str
    board: Board = field(init=False)
    predictions: dict[str, Prediction] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.board = Board(id="b1", name="Test board", source=self.source)

    def person(self, pid: str, name: str, email: str | None = None, username: str | None = None):
        self.board.people[pid] = Person(pid, name, email, username)
        return pid

    def item(self, iid: str, label: str, confidence: float = 0.9, **kw) -> Item:
        kw.setdefault("created", T0)
        item = Item(source=self.source, id=iid, title=kw.pop("title", f"{label} item {iid}"), **kw)
        self.board.items.append(item)
        self.predictions[iid] = pred(label, confidence)
        return item

    def act(self, item_id: str, actor: str | None, kind: ActivityKind, when: datetime, **kw):
        self.board.activities.append(Activity(item_id, actor, kind, when, **kw))


def roles_for(
    board: Board, text: str = ROLES_TOML, tmp_path=None, thresholds: Thresholds | None = None
):
    """Resolve a roles TOML against ``board`` (written to ``tmp_path`` when given, else to a
    temporary directory removed once the file is read)."""
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory() as scratch:
        path = Path(tmp_path or scratch) / "roles.toml"
        path.write_text(text, encoding="utf-8")
        roles_file: RolesFile = parse_roles_file(path)
    if thresholds is not None:
        roles_file.thresholds = thresholds
    return resolve_roles(roles_file, board.people.values())


def done_cards(titles: Sequence[str]) -> Board:
    """A Trello board of one card per title (ids c0, c1, ...), all in "Done", with no activity."""
    board = Board("b", "Board", "trello")
    for n, title in enumerate(titles):
        board.items.append(Item("trello", f"c{n}", title, column="Done"))
    return board


def healthy_board(
    source: str = "trello",
    *,
    pm_strategic_until: int = WEEKS,
    po_prioritises_until: int = WEEKS,
    strategic_touched_until: int = WEEKS,
) -> Builder:
    """Everything healthy; the ``*_until`` week numbers cut one habit short to break a check."""
    b = Builder(source)
    jira = source == "jira"
    alice = b.person("u-alice" if jira else "m1", "Alice Martin", "alice@example.com", "alicem")
    bob = b.person("u-bob" if jira else "m2", "Bob Stone", "bob@example.com", "bobs")
    dan = b.person("u-dan" if jira else "m3", "Dan Engineer", None, "dan")
    owner = {"assignee": alice} if jira else {"members": [alice]}
    for n in range(4):
        b.item(
            f"S{n}",
            STRATEGIC,
            title=f"Roadmap theme {n}: market research and business case",
            type="Epic" if jira else None,
            key=f"PRJ-{n + 1}" if jira else None,
            **owner,
        )
        b.act(f"S{n}", alice, K.CREATED, T0)
    for n in range(12):
        ac = "As a user I want X.\nAcceptance criteria:\n- it works"
        kw = {"assignee": dan} if jira else {"members": [dan]}
        if jira:
            kw.update(type="Story", key=f"PRJ-{n + 10}", sprint=None)
        else:
            kw.update(checklist_items=["it works"]) if n % 2 else kw.update(description=ac)
        if jira:
            kw["description"] = ac
        b.item(f"T{n}", TACTICAL, **kw)
        b.act(f"T{n}", bob, K.CREATED, T0 + timedelta(hours=1))
    for w in range(WEEKS):
        day = T0 + timedelta(weeks=w)
        s = f"S{w % 4}"
        t = f"T{w % 12}"
        if w < pm_strategic_until:
            b.act(s, alice, K.FIELD_CHANGED, day + timedelta(hours=1), field="description")
            b.act(s, alice, K.COMMENTED, day + timedelta(hours=2), text="market notes")
        elif w < strategic_touched_until:
            b.act(s, dan, K.COMMENTED, day + timedelta(hours=2), text="question on the epic")
        b.act(t, alice, K.COMMENTED, day + timedelta(hours=3), text="looks good")
        if w < po_prioritises_until:
            b.act(t, bob, K.PRIORITISED, day + timedelta(hours=4), field="Rank")
        b.act(t, bob, K.FIELD_CHANGED, day + timedelta(hours=5), field="description")
        b.act(t, bob, K.ACCEPTED, day + timedelta(hours=6))
        b.act(t, dan, K.MOVED, day + timedelta(hours=7), old="To Do", new="Doing")
        b.act(t, dan, K.COMMENTED, day + timedelta(hours=8), text="done")
    return b


# -- a keyword classifier for tests (the real one lives in models/classifier.py) -----------------

STRATEGIC_WORDS = ("strategic", "roadmap", "vision", "market", "research", "business case")
TACTICAL_WORDS = ("tactical", "bug", "fix", "story", "acceptance", "sprint", "refine")


class KeywordModel(RoleModel):
    """Strategic/tactical by keywords in the title and description; 0.5 confidence on no match.

    Deterministic and instant, so report tests do not depend on the trained model.
    """

    labels = (STRATEGIC, TACTICAL)

    def predict(self, docs: Sequence[ItemDoc]) -> list[Prediction]:
        out = []
        for doc in docs:
            text = f"{doc.title} {doc.description}".lower()
            s = [w for w in STRATEGIC_WORDS if w in text]
            t = [w for w in TACTICAL_WORDS if w in text]
            if len(s) > len(t):
                out.append(Prediction(STRATEGIC, 0.9, f"strategic words: {', '.join(s)}", {}, s))
            elif len(t) > len(s):
                out.append(Prediction(TACTICAL, 0.85, f"tactical words: {', '.join(t)}", {}, t))
            else:
                out.append(Prediction(TACTICAL, 0.5, "no telling words", {}, []))
        return out

    def save(self, path: Path) -> None:  # pragma: no cover - not used by tests
        raise NotImplementedError

    @classmethod
    def load(cls, path: Path) -> KeywordModel:  # pragma: no cover - not used by tests
        return cls()


# -- a crafted drift timeline with a known answer --------------------------------------------------


def drift_board(
    source: str = "trello", *, per_month: int = 12, recent_strategic: int = 2
) -> Builder:
    """Six months (2024-01 .. 2024-06). Alice (PM) does ``per_month`` strategic edits a month in
    January to April; in May and June only ``recent_strategic`` of her ``per_month`` activities are
    strategic, the rest are comments on tactical items. Bob (PO) ranks and refines ``per_month``
    times a month throughout. Everything else is healthy.

    Known answer with the defaults (drift_min_activities 8, two recent windows): Alice drifts from
    100% to 4/24 = 16.7% strategic over May and Jun 2024; the board moves from 50% to 2/24 =
    8.3% strategic; the only flags are role-drift (warning for Alice, info for the board).
    """
    b = Builder(source)
    jira = source == "jira"
    alice = b.person("u-alice" if jira else "m1", "Alice Martin", "alice@example.com", "alicem")
    bob = b.person("u-bob" if jira else "m2", "Bob Stone", "bob@example.com", "bobs")
    for n in range(4):
        owner = {"assignee": alice} if jira else {"members": [alice]}
        b.item(
            f"S{n}",
            STRATEGIC,
            title=f"Roadmap theme {n}: market research",
            key=f"PRJ-{n + 1}" if jira else None,
            type="Epic" if jira else None,
            **owner,
        )
    for n in range(12):
        owner = {"assignee": bob} if jira else {"members": [bob]}
        b.item(
            f"T{n}",
            TACTICAL,
            title=f"Story {n}: fix the login form",
            key=f"PRJ-{n + 10}" if jira else None,
            type="Story" if jira else None,
            description="Acceptance criteria: the form works.",
            **owner,
        )
    for month in range(6):
        for k in range(per_month):
            when = datetime(2024, month + 1, 2 + k, 10)
            if month < 4 or k < recent_strategic:
                b.act(f"S{k % 4}", alice, K.FIELD_CHANGED, when, field="description")
            else:
                b.act(f"T{k % 12}", alice, K.COMMENTED, when, text="Looks fine to me")
            kind = K.PRIORITISED if k % 2 == 0 else K.FIELD_CHANGED
            b.act(f"T{k % 12}", bob, kind, when + timedelta(hours=1), field="Rank")
    return b


# -- the same boards as export files, for tests through the real readers and the CLI -------------


def _trello_date(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S.000Z")


def _jira_date(dt: datetime) -> str:
    return dt.strftime("%Y-%m-%dT%H:%M:%S.000+0000")


TRELLO_LISTS = {"todo": ("L1", "To Do"), "doing": ("L2", "Doing"), "done": ("L3", "Done")}


def trello_export(b: Builder) -> dict:
    """A Trello board JSON export (Menu → Print, export and share → Export as JSON) of ``b``."""
    people = b.board.people
    lists = [{"id": lid, "name": name, "closed": False} for lid, name in TRELLO_LISTS.values()]
    cards, checklists, actions = [], [], []
    for item in b.board.items:
        cards.append(
            {
                "id": item.id,
                "name": item.title,
                "desc": item.description,
                "idList": "L3" if item.closed else "L1",
                "idMembers": list(item.members),
                "idLabels": [],
                "closed": False,
                "dateLastActivity": _trello_date(item.updated or item.created or T0),
                "shortLink": f"sl{item.id}",
            }
        )
        if item.checklist_items:
            checklists.append(
                {
                    "id": f"CL{item.id}",
                    "idCard": item.id,
                    "name": "Checklist",
                    "checkItems": [
                        {"name": text, "pos": i, "state": "incomplete"}
                        for i, text in enumerate(item.checklist_items)
                    ],
                }
            )
    titles = {item.id: item.title for item in b.board.items}
    for n, act in enumerate(b.board.activities):
        card = {"id": act.item_id, "name": titles.get(act.item_id, "")}
        data: dict = {"card": card}
        if act.kind == K.CREATED:
            kind = "createCard"
            data["list"] = {"id": "L1", "name": "To Do"}
        elif act.kind == K.COMMENTED:
            kind, data["text"] = "commentCard", act.text or "comment"
        elif act.kind in (K.MOVED, K.ACCEPTED):
            kind = "updateCard"
            after = TRELLO_LISTS["done" if act.kind == K.ACCEPTED else "doing"]
            card["idList"] = after[0]
            data["old"] = {"idList": "L1"}
            data["listBefore"] = {"id": "L1", "name": "To Do"}
            data["listAfter"] = {"id": after[0], "name": after[1]}
        elif act.kind == K.PRIORITISED:
            kind, card["pos"], data["old"] = "updateCard", 1024 + n, {"pos": 65536 + n}
        elif act.kind == K.ASSIGNED:
            kind, data["idMember"] = "addMemberToCard", act.actor_id
        else:
            kind, card["desc"], data["old"] = "updateCard", f"v{n}", {"desc": f"v{n - 1}"}
        actor = people.get(act.actor_id) if act.actor_id else None
        actions.append(
            {
                "id": f"A{n:05d}",
                "type": kind,
                "date": _trello_date(act.timestamp),
                "idMemberCreator": act.actor_id,
                "memberCreator": {
                    "id": act.actor_id,
                    "fullName": actor.display_name if actor else None,
                    "username": actor.username if actor else None,
                },
                "data": data,
            }
        )
    actions.reverse()  # Trello lists the newest action first
    return {
        "id": "board1",
        "name": b.board.name,
        "shortLink": "brd1",
        "idOrganization": None,
        "lists": lists,
        "labels": [],
        "members": [
            {"id": p.id, "fullName": p.display_name, "username": p.username}
            for p in people.values()
        ],
        "cards": cards,
        "checklists": checklists,
        "actions": actions,
    }


def jira_export(b: Builder) -> dict:
    """Jira REST search results (``{"issues": [...]}`` with changelog and comments) of ``b``."""
    people = b.board.people

    def user(pid: str | None) -> dict | None:
        if pid is None:
            return None
        p = people[pid]
        return {
            "accountId": p.id,
            "displayName": p.display_name,
            "emailAddress": p.email,
            "name": p.username,
        }

    by_item: dict[str, list[Activity]] = {}
    for act in b.board.activities:
        by_item.setdefault(act.item_id, []).append(act)
    issues = []
    for number, item in enumerate(b.board.items, start=1):
        acts = by_item.get(item.id, [])
        created = next((a for a in acts if a.kind == K.CREATED), None)
        histories, comments = [], []
        for n, act in enumerate(acts):
            if act.kind == K.CREATED:
                continue
            if act.kind == K.COMMENTED:
                comments.append(
                    {
                        "id": f"{item.id}-c{n}",
                        "author": user(act.actor_id),
                        "body": act.text or "comment",
                        "created": _jira_date(act.timestamp),
                    }
                )
                continue
            field_name, old, new = {
                K.MOVED: ("status", "To Do", "In Progress"),
                K.ACCEPTED: ("status", "In Progress", "Done"),
                K.PRIORITISED: ("Rank", None, "Ranked higher"),
                K.ASSIGNED: ("assignee", None, act.actor_id),
            }.get(act.kind, ("description", f"v{n - 1}", f"v{n}"))
            histories.append(
                {
                    "id": f"{item.id}-h{n}",
                    "created": _jira_date(act.timestamp),
                    "author": user(act.actor_id),
                    "items": [{"field": field_name, "fromString": old, "toString": new}],
                }
            )
        when = created.timestamp if created else (item.created or T0)
        done = (item.status_category or "").lower() == "done"
        fields = {
            "summary": item.title,
            "description": item.description or None,
            "issuetype": {"name": item.type or "Task"},
            "status": {
                "name": "Done" if done else "To Do",
                "statusCategory": {"key": "done" if done else "new"},
            },
            "created": _jira_date(when),
            "updated": _jira_date(acts[-1].timestamp if acts else when),
            "resolutiondate": _jira_date(when) if done else None,
            "assignee": user(item.assignee),
            "reporter": user(created.actor_id if created else item.reporter),
            "labels": list(item.labels),
            "comment": {"comments": comments, "total": len(comments)},
        }
        issues.append(
            {
                "id": str(10000 + number) if not item.id else item.id,
                "key": item.key or f"PRJ-{number}",
                "fields": fields,
                "changelog": {"histories": histories},
            }
        )
    return {"startAt": 0, "maxResults": len(issues), "total": len(issues), "issues": issues}


def write_export(b: Builder, directory: Path) -> Path:
    """Write ``b`` as the export its source produces; returns the file."""
    import json

    if b.source == "jira":
        path = directory / "jira_issues.json"
        data = jira_export(b)
    else:
        path = directory / "trello_board.json"
        data = trello_export(b)
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")
    return path
