"""The typed scan path for Jira JSON (msgspec runs of issues, changelogs straight into activity
rows) gives the Board the dict-based mapper gives: same activities, people, items, skipped."""

from __future__ import annotations

import json
import random
from dataclasses import asdict, replace
from pathlib import Path
from typing import Any

import pytest

from connectors.columns import columns_of
from connectors.exports import json_stream
from connectors.exports.jira_json import JiraJsonExport
from connectors.interface import Board
from connectors.mapping import jira_typed

FIELDS = ["status", "resolution", "assignee", "Rank", "priority", "Sprint", "description", ""]
DATES = [
    "2024-01-0{d}T10:00:00.000+0000",
    "2024-01-0{d}T10:00:00.000+0200",
    "2024-01-0{d}T10:00:00Z",
    "2024-01-0{d}",
    " 2024-01-0{d}T10:00:00Z ",  # (read after stripping)
    "1850-01-0{d}T10:00:00Z",  # (no backlog's year: no date)
    "not a date",
    None,
    5,
]
ODD: list[Any] = [5, 1.5, True, [], {}, ["x"], "text", None, '},{"id": "x"}']


def _date(rng: random.Random, n: int) -> Any:
    date = rng.choice(DATES)
    return date.format(d=1 + n % 9) if isinstance(date, str) else date


def _user(rng: random.Random) -> Any:
    return rng.choice(
        [
            {"accountId": "u1", "displayName": "Ada"},
            {"key": "JIRAUSER2", "name": "bob", "emailAddress": "b@x"},
            {"accountId": "u3"},
            "u4",
            None,
            {"displayName": "nobody"},
        ]
    )


def _change(rng: random.Random) -> Any:
    change: dict[str, Any] = {"field": rng.choice(FIELDS)}
    if rng.random() < 0.2:
        change["fieldId"] = rng.choice(["customfield_1", 7])
        del change["field"]
    change["fromString"] = rng.choice(["To Do", None, ""])
    change["toString"] = rng.choice(["Done", "In Progress", None, "", "Fixed"])
    if rng.random() < 0.5:
        change["to"] = rng.choice(["u5", "10001", None, "", 3])
    if rng.random() < 0.05:
        change[rng.choice(["field", "toString", "to"])] = rng.choice(ODD)
    return change


def _issue(rng: random.Random, n: int) -> Any:
    if rng.random() < 0.03:
        return rng.choice(ODD)
    fields: dict[str, Any] = {
        "summary": f"Issue {n} }}}},{{ text",
        "status": {"name": rng.choice(["Done", "In Progress", "To Do"])},
        "assignee": _user(rng),
        "reporter": _user(rng),
        "created": rng.choice(DATES[:4]).format(d=1 + n % 9),
        "comment": {
            "comments": [
                {"author": _user(rng), "created": _date(rng, c)}
                if rng.random() > 0.1
                else rng.choice(ODD)
                for c in range(rng.randint(0, 3))
            ]
        },
    }
    histories = []
    for h in range(rng.randint(0, 5)):
        history: dict[str, Any] = {
            "id": str(h),
            "author": _user(rng),
            "created": _date(rng, h),
            "items": [_change(rng) for _ in range(rng.randint(0, 3))],
        }
        if rng.random() < 0.04:
            history[rng.choice(["author", "items", "created"])] = rng.choice(ODD)
        histories.append(history if rng.random() > 0.03 else rng.choice(ODD))
    issue: dict[str, Any] = {
        "id": str(1000 + n % 40),  # some ids twice: the second is skipped
        "key": f"P-{n}",
        "fields": fields,
        "changelog": {"histories": histories},
    }
    if rng.random() < 0.05:
        issue["changelog"] = rng.choice(ODD)
    if rng.random() < 0.05:
        issue["fields"][rng.choice(["summary", "labels", "created"])] = rng.choice(ODD)
    if rng.random() < 0.03:
        del issue["fields"]
    return issue


def _facts(board: Board) -> dict:
    activities = [
        replace(a, old=None, new=None, text=None, id=None) for a in list(board.activities)
    ]
    facts = asdict(replace(board, activities=activities, origin=None))
    facts["people_order"] = list(board.people)
    facts["zones"] = [str(a.timestamp) for a in activities]
    return facts


@pytest.mark.parametrize("chunk", [64, 900, 1 << 20])
@pytest.mark.parametrize("seed", range(5))
def test_typed_lean_read_is_the_dict_mappers_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, chunk: int
) -> None:
    monkeypatch.setattr(json_stream, "CHUNK_BYTES", chunk)
    rng = random.Random(seed)
    issues = [_issue(rng, n) for n in range(120)]
    names = {"customfield_1": "Sprint"}
    page = {"names": names, "issues": issues} if seed % 2 else {"issues": issues, "names": names}
    path = tmp_path / "issues.json"
    path.write_text(json.dumps(page, indent=2 if seed % 3 == 0 else None), "utf-8")
    full = JiraJsonExport(path).load()
    lean = JiraJsonExport(path, activity_details=False).load()
    assert columns_of(lean.activities) is not None
    assert full.skipped, "the issues hold bad records to skip"
    assert lean.skipped == full.skipped
    assert _facts(lean) == _facts(full)


def test_clean_issues_take_the_typed_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path):
    seen: list[str] = []
    real = jira_typed.TypedIssues.map

    def spy(self, issue, names):
        answer = real(self, issue, names)  # (raises NeedsDict for the dict-based mapper)
        seen.append(answer[0].id)
        return answer

    monkeypatch.setattr(jira_typed.TypedIssues, "map", spy)
    rng = random.Random(7)
    issues = []
    for n in range(60):
        issue = _issue(rng, n)
        if (
            isinstance(issue, dict)
            and isinstance(issue.get("changelog"), dict)
            and isinstance(issue.get("fields"), dict)
        ):
            issue["id"] = str(5000 + n)
            for history in issue["changelog"]["histories"]:
                if isinstance(history, dict):
                    history["items"] = [{"field": "status", "toString": "Done"}]
                    history["author"] = {"accountId": "u1"}
                    history["created"] = "2024-01-02T10:00:00.000+0000"
            issues = [*issues, issue]
    issues = [i for i in issues if isinstance(i["changelog"]["histories"], list)]
    for issue in issues:
        issue["changelog"]["histories"] = [
            h for h in issue["changelog"]["histories"] if isinstance(h, dict)
        ]
        issue["fields"]["comment"] = {"comments": []}
        issue["fields"]["summary"] = "fine"
    path = tmp_path / "issues.json"
    path.write_text(json.dumps({"issues": issues}, indent=1), "utf-8")
    board = JiraJsonExport(path, activity_details=False).load()
    assert len(board.items) >= len(issues) - 3
    assert len(seen) >= len(board.items) - 1  # (at most the array's last one read as a dict)


# --- the item side: every field map_issue reads, mostly in the shapes the typed structs take
# (so the typed mapper is what is compared), now and then in one they refuse or cannot judge

USERS: list[Any] = [
    {"accountId": "u1", "displayName": "Ada", "emailAddress": "a@x", "name": "ada"},
    {"accountId": "u1", "displayName": "u1"},
    {"key": "JIRAUSER2", "name": "bob", "emailAddress": "b@x"},
    {"accountId": " u3 ", "displayName": "Cy", "emailAddress": "c@x", "name": "cy"},
    {"accountId": "  ", "key": "k4", "displayName": "Kay"},
    {"name": "dan", "displayName": "Dan"},
    {"accountId": "u6", "displayName": "dan6", "emailAddress": "d@x", "name": "dan6"},
    {},
    {"active": True},
    {"accountId": None},
    "u5",
    "  ",
    None,
]
ODD_USERS: list[Any] = [7, {"accountId": 5}, {"accountId": "u9", "displayName": 5}, ["u1"]]
NAMED: list[Any] = [
    {"name": "Done"},
    {"name": " In Progress ", "id": "3"},
    {"value": "Fix"},
    {"displayName": "Shown"},
    {"key": "K"},
    {"name": ""},
    {"name": " "},
    {},
    "Story",
    "  ",
    "",
    None,
]
ODD_NAMED: list[Any] = [{"name": 3}, ["x"], 4, {"value": True}]
CATEGORIES: list[Any] = [
    {"key": "done"},
    {"key": "new", "name": "To Do"},
    {"name": "En curso"},
    {"key": "indeterminate"},
    {"id": 3},
    {},
    "Done",
    "",
    None,
]
SPRINTS: list[Any] = [
    [{"id": 1, "name": "Sprint 1", "state": "closed", "boardId": 9}],
    [{"name": "S2", "state": "active"}, {"name": "S3", "state": "future"}],
    ["com.atlassian.greenhopper.service.sprint.Sprint@1[id=1,state=ACTIVE,name=Sprint 7,x=y]"],
    "Sprint 9",
    None,
    [],
    "",
]
VALUES: list[Any] = [
    None,
    "",
    [],
    "0|i0000a:",
    "P-7",
    {"key": "P-8"},
    {"id": 12},
    5,
    True,
    1.5,
    [{"name": "Sprint 4", "boardId": 1}],
    "plain text",
]
NAMES_MAPS: list[Any] = [
    None,
    {},
    {"customfield_1": "Sprint", "customfield_2": "Rank", "customfield_3": "Epic Link"},
    {"customfield_1": "Sprint", "customfield_2": "Rank", "customfield_4": "Parent Link"},
    {"customfield_2": "Rank"},  # the sprint still guessed from values
    {"customfield_1": "Sprint", "customfield_3": "sprint", "customfield_2": "Rank"},  # two
    {"customfield_1": "Sprint", "customfield_2": "Rank", "parent": "Epic Link"},  # a std field
    {"customfield_1": 5, "customfield_2": "Rank", "summary": "Summary"},
    # acceptance criteria and a checklist app's text in fields of their own (every such field)
    {"customfield_5": "Acceptance Criteria", "customfield_6": "Checklist Text", "x": "Rank"},
    {"customfield_6": "Criterios de aceptación", "description": "Checklist"},  # a std field
]
#: Values of a criteria field: wiki text, ADF, a checklist app's entries, odd ones.
CRITERIA: list[Any] = [
    "* the total is right\n* [x] it is saved",
    {
        "type": "doc",
        "content": [{"type": "paragraph", "content": [{"type": "text", "text": "ok"}]}],
    },
    [{"name": "works offline"}, "is fast", {"checked": True}],
    "   ",
    "\u200b# List",
    5,
    None,
]


def _rich_fields(rng: random.Random, n: int) -> dict[str, Any]:
    def pick(good: list[Any], odd: list[Any] | tuple = ()) -> Any:
        return rng.choice(odd if odd and rng.random() < 0.01 else good)

    comments = [
        {
            "author": pick(USERS, ODD_USERS),
            "updateAuthor": pick([None] * 12 + USERS),
            "created": pick(["2024-01-05T10:00:00.000+0000", None, "x"], [4]),
            "updated": pick(["2024-01-01T09:00:00.000+0000", None]),
        }
        for _ in range(rng.randint(0, 3))
    ]
    fields: dict[str, Any] = {
        "summary": pick([f"Issue {n}", "  spaced  ", "", None, 12, 1.5, 0]),
        "description": pick(
            [
                "Some *wiki* text with [~accountid:u1] and {{code}}",
                {
                    "type": "doc",
                    "content": [
                        {"type": "paragraph", "content": [{"type": "text", "text": "ADF words"}]}
                    ],
                },
                "",
                None,
                "<p>html</p>",
            ],
            [5, ["x"]],
        ),
        "issuetype": pick(
            [
                {"name": "Story", "hierarchyLevel": 0},
                {"name": "Epic", "hierarchyLevel": 1},
                {"name": "Sub-task", "subtask": True},
                {"name": "Bug", "subtask": False},
                {"name": "Initiative"},
                *NAMED,
            ],
            [{"name": "Task", "hierarchyLevel": 1.0}, {"name": "Task", "subtask": "yes"}],
        ),
        "status": pick(
            [
                {"name": "Done", "statusCategory": pick(CATEGORIES, [{"key": 2}])},
                {"name": "Listo", "statusCategory": pick(CATEGORIES)},
                {"name": "Waiting", "statusCategory": pick(CATEGORIES)},
                {"name": "Triage", "statusCategory": pick(CATEGORIES)},
                *NAMED,
            ],
            ODD_NAMED,
        ),
        "priority": pick(NAMED, ODD_NAMED),
        "labels": pick([["a", "b"], [], None], [["a", 5], "x"]),
        "created": pick(["2024-01-02T10:00:00.000+0000", "2024-01-02", None, "bad"], [5]),
        "updated": pick(["2024-01-03T10:00:00.000+0200", None]),
        "resolutiondate": pick(["2024-01-04T10:00:00.000+0000", None, ""]),
        "duedate": pick(["2024-02-01", None]),
        "assignee": pick(USERS, ODD_USERS),
        "reporter": pick(USERS, ODD_USERS),
        "creator": pick(USERS, ODD_USERS),
        "components": pick(
            [[{"name": "UI"}, {"name": "UI"}, "API", " "], [], {"name": "X"}, "Y", None],
            [4, [None]],
        ),
        "fixVersions": pick([[{"name": "1.0"}, {"value": "2"}], None], [[None], [{"value": 2}]]),
        "parent": pick(
            [{"key": "P-1"}, {"id": 77}, {"key": ""}, "P-2", " ", None, {"x": 1}], [{"key": 1.5}]
        ),
        "comment": pick(
            [{"comments": comments}, comments, {"comments": None}, None],
            [{"comments": {"x": 1}}, "text"],
        ),
    }
    if rng.random() < 0.3:
        fields["statusCategory"] = pick(CATEGORIES)
    if rng.random() < 0.2:
        fields["watchers"] = pick([[pick(USERS), pick(USERS)], None], [{"watchCount": 2}])
    if rng.random() < 0.5:
        fields["project"] = pick([{"key": "P", "name": "Proj"}, {"key": "Q"}, {"name": "x"}], ["P"])
    if rng.random() < 0.2:
        fields[pick(["sprint", "closedSprints", "epic"])] = pick(SPRINTS + VALUES)
    for field_id in ("customfield_1", "customfield_2", "customfield_3", "customfield_4"):
        if rng.random() < 0.6:
            fields[field_id] = pick(SPRINTS + VALUES)
    for field_id in ("customfield_5", "customfield_6"):
        if rng.random() < 0.5:
            fields[field_id] = rng.choice(CRITERIA)
    return fields


def _rich_issue(rng: random.Random, n: int) -> Any:
    issue = _issue(rng, n)
    if not isinstance(issue, dict) or not isinstance(issue.get("fields"), dict):
        return issue
    issue["fields"] = _rich_fields(rng, n)
    if rng.random() < 0.05:
        issue["id"] = rng.choice([n, 1.5, "", None, True])
    if rng.random() < 0.05:
        issue["key"] = rng.choice([n, "", "  P-3 ", None, 2.5])
    if rng.random() < 0.2:
        issue["self"] = rng.choice(["https://x.example/rest/api/2/issue/1", 5, None])
    if rng.random() < 0.15:
        issue["renderedFields"] = rng.choice(
            [{"description": "<p>rendered <b>text</b></p>"}, {"description": 5}, None, "x"]
        )
    if rng.random() < 0.05:
        issue["names"] = rng.choice(NAMES_MAPS)
    return issue


@pytest.mark.parametrize("chunk", [300, 1 << 20])
@pytest.mark.parametrize("seed", range(8))
def test_typed_item_fields_are_the_dict_mappers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int, chunk: int
) -> None:
    monkeypatch.setattr(json_stream, "CHUNK_BYTES", chunk)
    rng = random.Random(100 + seed)
    issues = [_rich_issue(rng, n) for n in range(150)]
    names = NAMES_MAPS[seed % len(NAMES_MAPS)]
    if seed % 4 == 3:
        document: Any = issues  # a bare array of issues
    elif seed % 2:
        document = {"names": names, "issues": issues}
    else:
        document = {"issues": issues, "names": names}  # names after the issues
    path = tmp_path / "issues.json"
    path.write_text(json.dumps(document), "utf-8")
    full = JiraJsonExport(path).load()
    lean = JiraJsonExport(path, activity_details=False).load()
    assert columns_of(lean.activities) is not None
    assert lean.skipped == full.skipped
    assert _facts(lean) == _facts(full)


def _lean_and_full(tmp_path: Path, document: Any) -> tuple[Board, Board]:
    path = tmp_path / "issues.json"
    path.write_text(json.dumps(document), "utf-8")
    return JiraJsonExport(path, activity_details=False).load(), JiraJsonExport(path).load()


def test_a_skipped_issue_leaves_no_trace_of_its_people(tmp_path: Path) -> None:
    """People are judged once per read and shared between issues only when nothing can change
    them: what a skipped (repeated) issue saw of a person must not reach a later issue."""
    bare = {"accountId": "u1", "displayName": "u1"}
    rich = {"accountId": "u1", "displayName": "Ada", "emailAddress": "a@x", "name": "ada"}
    issues = [
        {"id": "1", "key": "P-1", "fields": {"summary": "first"}},
        {
            "id": "1",
            "key": "P-1",
            "fields": {"summary": "again", "assignee": bare, "reporter": rich},
        },
        {"id": "2", "key": "P-2", "fields": {"summary": "later", "assignee": bare}},
    ]
    lean, full = _lean_and_full(tmp_path, {"issues": issues})
    assert full.people["u1"].display_name == "u1" and full.people["u1"].email is None
    assert _facts(lean) == _facts(full)


def test_an_empty_status_category_gives_way_to_the_issues(tmp_path: Path) -> None:
    """``{}`` is falsy where ``{"id": 3}`` is not: the typed mapper cannot tell them apart, so
    such an issue is mapped by the dict-based mapper (same category as before)."""
    issues = [
        {
            "id": str(n),
            "key": f"P-{n}",
            "fields": {
                "summary": "s",
                "status": {"name": "Waiting", "statusCategory": category},
                "statusCategory": {"key": "done"},
            },
        }
        for n, category in enumerate([{}, {"id": 3}, {"key": "new"}, None])
    ]
    lean, full = _lean_and_full(tmp_path, {"issues": issues})
    assert [i.status_category for i in full.items] == ["done", None, "todo", "done"]
    assert _facts(lean) == _facts(full)


def test_an_id_less_comment_author_gives_way_to_the_update_author(tmp_path: Path) -> None:
    ada = {"accountId": "u1", "displayName": "Ada"}
    comments = [
        {"author": author, "updateAuthor": ada, "created": "2024-01-05T10:00:00.000+0000"}
        for author in ({}, {"active": True}, {"accountId": "u2"}, "")
    ]
    issue = {"id": "1", "key": "P-1", "fields": {"summary": "s", "comment": {"comments": comments}}}
    lean, full = _lean_and_full(tmp_path, [issue])
    assert [a.actor_id for a in full.activities] == ["u1", None, "u2", "u1"]
    assert _facts(lean) == _facts(full)


def test_a_user_holding_only_a_display_name_is_that_person(tmp_path: Path) -> None:
    """A tool's JSON that kept only each user's ``displayName`` (session 29: 15 issues read with
    no people; the report said every open issue had no assignee): the name is the person; a
    name saying no one ("Unassigned") is no one, on both paths."""
    ann = {"displayName": "Ann Lee"}
    comment = {"author": {"displayName": "Bo"}, "created": "2024-01-05T10:00:00.000+0000"}
    issues = [
        {
            "id": str(n),
            "key": f"P-{n}",
            "fields": {
                "summary": "s",
                "assignee": assignee,
                "reporter": ann,
                "comment": {"comments": [comment]},
            },
        }
        for n, assignee in enumerate([ann, {"displayName": "Unassigned"}, {"displayName": " "}])
    ]
    lean, full = _lean_and_full(tmp_path, {"issues": issues})
    assert [i.assignee for i in full.items] == ["Ann Lee", None, None]
    assert [i.reporter for i in full.items] == ["Ann Lee"] * 3
    assert {a.actor_id for a in full.activities} == {"Bo"}
    assert full.people["Ann Lee"].display_name == "Ann Lee" and "Unassigned" not in full.people
    assert _facts(lean) == _facts(full)


def test_repeated_labels_sprints_and_components_are_one_string_each(tmp_path: Path) -> None:
    def fields(n: int) -> dict:
        return {
            "summary": "s",
            "labels": ["alpha", "beta"],
            "components": [{"name": "UI"}],
            "fixVersions": [{"name": "1.0"}],
            "customfield_1": [{"name": "Sprint 4", "state": "active", "boardId": 1}],
        }

    issues = [{"id": str(n), "key": f"P-{n}", "fields": fields(n)} for n in range(3)]
    lean, full = _lean_and_full(tmp_path, {"names": {"customfield_1": "Sprint"}, "issues": issues})
    assert _facts(lean) == _facts(full)
    first, *others = lean.items
    assert first.sprint == "Sprint 4" and first.labels == ["alpha", "beta"]
    for item in others:
        assert item.labels[0] is first.labels[0] and item.sprint is first.sprint
        assert item.components[0] is first.components[0]
        assert item.fix_versions[0] is first.fix_versions[0]


@pytest.mark.parametrize("field", ["summary", "labels", "customfield_1", "priority"])
def test_an_integer_of_thousands_of_digits_in_the_fields_is_null_on_both_paths(
    tmp_path: Path, field: str
) -> None:
    """An integer over Python's 4300-digit conversion limit in an issue's fields: the typed path
    reads it as null, as the stream reader does (it was an internal error; found by
    benchmarks/fuzz_long.py)."""
    issues = [{"id": str(n), "key": f"P-{n}", "fields": {"summary": f"s{n}"}} for n in range(3)]
    issues[1]["fields"][field] = "@@huge@@"
    text = json.dumps({"names": {"customfield_1": "Sprint"}, "issues": issues})
    path = tmp_path / "issues.json"
    path.write_text(text.replace('"@@huge@@"', "-" + "9" * 5000), "utf-8")
    full = JiraJsonExport(path).load()
    lean = JiraJsonExport(path, activity_details=False).load()
    assert len(lean.items) == 3 and _facts(lean) == _facts(full)


def test_users_read_as_json_text_are_checked_wherever_they_stand(tmp_path: Path) -> None:
    """Users are kept as their JSON text and typed once per distinct text: a wrong-typed one in
    any place (an update author never used, a watcher, a history's author among good ones)
    still sends its issue to the dict-based mapper, as the typed decoder's refusal did."""
    ada = {"accountId": "u1", "displayName": "Ada", "emailAddress": "a@x", "name": "ada"}
    when = "2024-01-05T10:00:00.000+0000"

    def issue(n: int, **fields: Any) -> dict[str, Any]:
        return {"id": str(n), "key": f"P-{n}", "fields": {"summary": "s", **fields}}

    issues = []
    for n, odd in enumerate(ODD_USERS + [{"accountId": "u2", "emailAddress": ["x"]}]):
        issues.append(
            issue(
                10 * n + 1,
                comment={"comments": [{"author": ada, "updateAuthor": odd, "created": when}]},
            )
        )
        issues.append(issue(10 * n + 2, watchers=[ada, odd], assignee="u7"))
        good = {"created": when, "author": ada, "items": [{"field": "status", "toString": "Done"}]}
        bad = {**good, "author": odd}
        issues.append({**issue(10 * n + 3, reporter=ada), "changelog": {"histories": [good, bad]}})
    # one user written three ways (spacing, key order): one person
    spaced = [
        {"accountId": "u8", "displayName": "Hal"},
        {"displayName": "Hal", "accountId": "u8"},
        {"accountId": "u8", "displayName": "Hal", "name": None},
    ]
    issues += [issue(900 + n, assignee=user, creator=None) for n, user in enumerate(spaced)]
    lean, full = _lean_and_full(tmp_path, {"issues": issues})
    assert len(full.items) == len(issues) and not full.skipped
    assert full.people["u8"].display_name == "Hal"
    assert _facts(lean) == _facts(full)
