"""Wiki markup mentions ([~accountid:ID], [~username]) shown by a known person's display name."""

from __future__ import annotations

import json
from pathlib import Path

from connectors.exports.jira_csv import JiraCsvExport
from connectors.exports.jira_json import JiraJsonExport
from connectors.interface import ActivityKind, Person
from connectors.mapping.common import mention_names, resolve_mentions, wiki_to_text
from connectors.mapping.jira import map_issue

KENJI = "5b10ac8d82e05b22cc7d4ef5"
ANA = "712020:0f7e1c2a-1111-2222-3333-444455556666"
STRANGER = "5c00aaaabbbbccccddddeeee"


def _issue(number: int, description: str, fields: dict | None = None, comments=()) -> dict:
    return {
        "id": str(10000 + number),
        "key": f"M-{number}",
        "fields": {
            "summary": f"Issue {number}",
            "description": description,
            "created": "2026-01-05T10:00:00.000+0000",
            "comment": {"comments": list(comments)},
            **(fields or {}),
        },
    }


def _user(account_id: str, name: str) -> dict:
    return {"accountId": account_id, "displayName": name}


def _write_json(tmp_path: Path, issues: list[dict]) -> Path:
    path = tmp_path / "mentions.json"
    path.write_text(json.dumps({"issues": issues}), encoding="utf-8")
    return path


def test_resolve_mentions_keeps_unknown_ids_and_trailing_punctuation():
    names = mention_names(
        [Person(KENJI, "Kenji Sato"), Person("jsmith", "John Smith", username="jsmith")]
    )
    text = f"ask @{KENJI}, then @{STRANGER}. cc @jsmith. mail x@{KENJI}.com"
    assert resolve_mentions(text, names) == (
        f"ask @Kenji Sato, then @{STRANGER}. cc @John Smith. mail x@{KENJI}.com"
    )
    assert resolve_mentions("no mention", names) == "no mention"


def test_person_without_a_name_is_not_a_name():
    assert mention_names([Person(KENJI, KENJI)]) == {}


def test_map_issue_names_its_own_people_in_description_and_comments():
    comment = {
        "id": "1",
        "author": _user(ANA, "Ana Lima"),
        "created": "2026-01-06T10:00:00.000+0000",
        "body": f"thanks [~accountid:{KENJI}], see [~accountid:{STRANGER}]",
    }
    raw = _issue(
        1,
        f"Owner: [~accountid:{ANA}] and *[~accountid:{KENJI}]*",
        {"assignee": _user(KENJI, "Kenji Sato")},
        [comment],
    )
    item, activities, _ = map_issue(raw)
    assert item.description == "Owner: @Ana Lima and @Kenji Sato"
    (commented,) = [a for a in activities if a.kind is ActivityKind.COMMENTED]
    assert commented.text == f"thanks @Kenji Sato, see @{STRANGER}"
    # without markup the function keeps the plain id form (wiki_to_text knows no people)
    assert wiki_to_text(f"[~accountid:{KENJI}]") == f"@{KENJI}"


def test_v2_json_person_met_only_after_the_mention(tmp_path: Path):
    first = _issue(1, f"Ask [~accountid:{KENJI}] about [~accountid:{STRANGER}].")
    first_comment = {
        "id": "7",
        "created": "2026-01-06T10:00:00.000+0000",
        "body": f"ping [~accountid:{ANA}]",
    }
    first["fields"]["comment"]["comments"].append(first_comment)
    later = _issue(2, "Nothing here", {"reporter": _user(KENJI, "Kenji Sato")})
    last = _issue(3, "")
    last["changelog"] = {
        "histories": [
            {
                "id": "5",
                "author": _user(ANA, "Ana Lima"),
                "created": "2026-01-07T10:00:00.000+0000",
                "items": [{"field": "status", "fromString": "To Do", "toString": "Done"}],
            }
        ]
    }
    board = JiraJsonExport(_write_json(tmp_path, [first, later, last])).load()
    items = {item.key: item for item in board.items}
    assert items["M-1"].description == f"Ask @Kenji Sato about @{STRANGER}."
    texts = [a.text for a in board.activities if a.kind is ActivityKind.COMMENTED]
    assert texts == ["ping @Ana Lima"]  # a changelog author, met two issues later


def test_server_username_mention(tmp_path: Path):
    server_user = {"key": "JIRAUSER10100", "name": "jsmith", "displayName": "John Smith"}
    raw = [
        _issue(1, "Review with [~jsmith] and [~nobody]"),
        _issue(2, "x", {"assignee": server_user}),
    ]
    board = JiraJsonExport(_write_json(tmp_path, raw)).load()
    assert board.items[0].description == "Review with @John Smith and @nobody"


CSV_HEADER = "Summary,Issue key,Issue id,Issue Type,Status,Assignee,Assignee Id,Created,Description"


def test_csv_mentions(tmp_path: Path):
    path = tmp_path / "mentions.csv"
    path.write_text(
        CSV_HEADER
        + "\n"
        + f'First,M-1,10001,Task,To Do,,,05/Jan/26 10:00 AM,"Ask [~accountid:{KENJI}] '
        + f'and [~accountid:{STRANGER}]"\n'
        + f"Second,M-2,10002,Task,To Do,Kenji Sato,{KENJI},05/Jan/26 11:00 AM,plain\n",
        encoding="utf-8",
    )
    board = JiraCsvExport(path).load()
    assert board.items[0].description == f"Ask @Kenji Sato and @{STRANGER}"
