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
    """Resolve a roles TOML against ``board`` (written to ``tmp_path`` when given)."""
    import tempfile
    from pathlib import Path

    directory = Path(tmp_path) if tmp_path else Path(tempfile.mkdtemp())
    path = directory / "roles.toml"
    path.write_text(text, encoding="utf-8")
    roles_file: RolesFile = parse_roles_file(path)
    if thresholds is not None:
        roles_file.thresholds = thresholds
    return resolve_roles(roles_file, board.people.values())


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
