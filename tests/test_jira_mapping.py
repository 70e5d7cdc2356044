"""jira_mapping.map_issue: one REST issue dict → Item, activities, people (v2 and v3 shapes)."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone

import pytest

from connectors.interface import ActivityKind
from connectors.mapping.common import RecordError
from connectors.mapping.jira import (
    adf_to_text,
    hierarchy_level,
    jira_datetime,
    map_issue,
    sprint_name,
    status_category,
)
from tests.conftest import FIXTURES


def _issues(name: str) -> tuple[list[dict], dict | None]:
    data = json.loads((FIXTURES / name).read_text(encoding="utf-8"))
    return data["issues"], data.get("names")


def _by_field(activities, field):
    return [a for a in activities if a.field == field]


# --- v2 (Server-style users, wiki text, legacy sprint strings) ------------------------------


def test_v2_epic_fields():
    issues, names = _issues("jira_search_v2.json")
    item, _, _ = map_issue(issues[0], field_names=names)
    assert item.source == "jira"
    assert (item.id, item.key) == ("20001", "ROAD-1")
    assert item.title == "Définir la stratégie de prix pour le marché européen"
    assert item.type == "Epic" and item.hierarchy_level == 1
    assert item.status == item.column == "In Progress"
    assert item.status_category == "in progress"
    assert item.priority == "High"
    assert item.labels == ["pricing", "europe"]
    assert item.components == ["Billing", "Growth"]
    assert item.fix_versions == ["2026.2"]
    assert item.assignee == "marie.dupont"
    assert item.reporter == "JIRAUSER10200"  # Server: the user key, not the (renamable) name
    assert item.created == datetime(2026, 1, 5, 9, 0, tzinfo=timezone(timedelta(hours=1)))
    assert item.resolved is None
    assert item.due == datetime(2026, 6, 30, tzinfo=UTC)
    assert item.url == "https://jira.example.org/browse/ROAD-1"


def test_v2_custom_fields_found_by_name():
    issues, names = _issues("jira_search_v2.json")
    item, _, _ = map_issue(issues[0], field_names=names)
    assert item.sprint == "Sprint 8"  # the active one of two legacy greenhopper strings
    # "Team" also holds a rank-shaped value; the name map picks the real Rank field
    assert item.rank == "0|i0001b:"


def test_v2_description_wiki_and_html_become_text():
    issues, names = _issues("jira_search_v2.json")
    item, _, _ = map_issue(issues[0], field_names=names)
    text = item.description
    assert text.startswith("Objectif\nComprendre pourquoi les clients PME partent.")
    assert "- interviews clients" in text
    assert "churn par segment" in text
    assert "Étude de marché" in text and "https://" not in text
    assert "@Marie Dupont" in text  # [~marie.dupont], the reporter: by name
    assert "Version HTML collée" in text
    assert "<" not in text and "*" not in text and "{{" not in text


def test_v2_people_keep_display_names_and_email():
    issues, names = _issues("jira_search_v2.json")
    _, _, people = map_issue(issues[0], field_names=names)
    by_id = {p.id: p for p in people}
    assert by_id["marie.dupont"].display_name == "Marie Dupont"
    assert by_id["marie.dupont"].email == "marie@example.org"
    assert by_id["JIRAUSER10200"].display_name == "Jörg Müller"
    assert by_id["JIRAUSER10200"].username == "jörg"


def test_v2_changelog_kinds():
    issues, names = _issues("jira_search_v2.json")
    _, activities, _ = map_issue(issues[0], field_names=names)
    kinds = [(a.kind, a.field) for a in activities]
    assert kinds == [
        (ActivityKind.CREATED, None),
        (ActivityKind.PRIORITISED, "Rank"),
        (ActivityKind.ASSIGNED, "assignee"),
        (ActivityKind.COMMENTED, None),
        (ActivityKind.MOVED, "status"),
        (ActivityKind.PRIORITISED, "Sprint"),
        (ActivityKind.PRIORITISED, "priority"),
        (ActivityKind.FIELD_CHANGED, "description"),
    ]
    moved = _by_field(activities, "status")[0]
    assert (moved.old, moved.new, moved.actor_id) == ("To Do", "In Progress", "marie.dupont")
    assert moved.id == "5003:0"
    assert activities[0].actor_id == "JIRAUSER10200"  # created by the creator
    # the history with a broken date, the non-object history and the undated comment are dropped
    assert not _by_field(activities, "labels")
    assert [a.text for a in activities if a.kind is ActivityKind.COMMENTED] == [
        "On valide avec la direction d'abord."
    ]


def test_resolution_and_status_in_one_history_give_one_acceptance():
    issues, names = _issues("jira_search_v2.json")
    _, activities, _ = map_issue(issues[1], field_names=names)
    kinds = [(a.kind, a.field, a.new) for a in activities]
    assert kinds == [
        (ActivityKind.CREATED, None, None),
        (ActivityKind.ACCEPTED, "status", "Closed"),
        (ActivityKind.FIELD_CHANGED, "resolution", None),  # resolution cleared (re-opened)
        (ActivityKind.ACCEPTED, "resolution", "Won't Fix"),  # resolution set on its own
    ]


def test_epic_link_and_parent():
    issues, names = _issues("jira_search_v2.json")
    bug, _, _ = map_issue(issues[1], field_names=names)
    assert bug.parent == "ROAD-1"  # Epic Link custom field, found by name
    assert bug.assignee is None and bug.priority is None and bug.description == ""
    assert bug.status_category == "done" and bug.resolved is not None
    subtask, _, _ = map_issue(issues[2], field_names=names)
    assert subtask.parent == "ROAD-2" and subtask.hierarchy_level == -1
    assert subtask.url is None  # no self link, no base_url


def test_base_url_builds_browse_link():
    issues, names = _issues("jira_search_v2.json")
    item, _, _ = map_issue(issues[2], field_names=names, base_url="https://jira.acme.io/")
    assert item.url == "https://jira.acme.io/browse/ROAD-3"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("text", "not an object"),
        ({"fields": {"summary": "x"}}, "neither an id nor a key"),
        ({"id": "1", "key": "A-1", "fields": "nope"}, "A-1 has no fields"),
        ({"id": "1"}, "1 has no fields"),
    ],
)
def test_unreadable_issue_raises_record_error(raw, message):
    with pytest.raises(RecordError, match=message):
        map_issue(raw)


def test_minimal_issue_maps_with_defaults():
    item, activities, people = map_issue({"key": "X-9", "fields": {}})
    assert (item.id, item.key, item.title) == ("X-9", "X-9", "")
    assert item.type is None and item.hierarchy_level is None and item.sprint is None
    assert activities == [] and people == []


# --- v3 (Cloud accountIds, ADF, sprint objects, no names map) --------------------------------


def test_v3_story_with_adf_and_sprint_objects():
    issues, _ = _issues("jira_search_v3.json")
    item, activities, people = map_issue(issues[0])
    assert item.assignee == "557058:aaaa" and item.reporter == "5b10ac8d82e05b22cc7d4ef5"
    assert item.parent == "APP-1"
    assert item.sprint == "APP Sprint 4"  # the active sprint, found by its value's shape
    assert item.rank == "0|i00abc:"
    assert item.status == "Validated ✅" and item.status_category == "done"
    assert item.hierarchy_level == 0
    assert item.url == "https://acme.atlassian.net/browse/APP-7"
    assert item.description.startswith("Why\n\nTalk to five customers, with @Ana Lima 🚀")
    kinds = [a.kind for a in activities]
    assert kinds == [
        ActivityKind.CREATED,
        ActivityKind.ASSIGNED,
        ActivityKind.COMMENTED,
        ActivityKind.ACCEPTED,
    ]
    assert activities[2].text == "Booked 3 of 5 calls."
    assert {p.id for p in people} == {"557058:aaaa", "5b10ac8d82e05b22cc7d4ef5"}


def test_v3_epic_with_empty_adf_and_null_lists():
    issues, _ = _issues("jira_search_v3.json")
    item, _, _ = map_issue(issues[1])
    assert item.description == ""
    assert item.labels == [] and item.components == [] and item.fix_versions == ["Q2 launch"]
    assert item.hierarchy_level == 1
    assert item.status_category == "in progress"  # localised category name


def test_adf_to_text_structures():
    issues, _ = _issues("jira_search_v3.json")
    text = adf_to_text(issues[0]["fields"]["description"])
    assert text == (
        "Why\n\nTalk to five customers, with @Ana Lima 🚀\nDue 2026-01-01 IN REVIEW\n\n"
        "- recruit participants\n- https://example.org/guide\n\n| Segment | SMB\n\n"
        "select * from churn"
    )


def test_adf_to_text_tolerates_junk():
    assert adf_to_text(None) == ""
    assert adf_to_text({"type": "doc", "content": [None, 3, {"type": "mystery"}]}) == ""
    assert adf_to_text({"type": "date", "attrs": {"timestamp": "soon"}}) == ""
    assert adf_to_text("plain *wiki*") == "plain wiki"


def test_renderedfields_html_used_when_no_description():
    raw = {
        "id": "1",
        "key": "R-1",
        "fields": {"summary": "s", "description": None},
        "renderedFields": {"description": "<p>Rendered <b>text</b></p>"},
    }
    item, _, _ = map_issue(raw)
    assert item.description == "Rendered text"


def test_names_expand_on_the_issue_itself_is_used():
    raw = {
        "id": "1",
        "key": "N-1",
        "names": {"customfield_1": "Sprint"},
        "fields": {"summary": "s", "customfield_1": ["Plain sprint name"]},
    }
    item, _, _ = map_issue(raw)
    assert item.sprint == "Plain sprint name"


# --- helpers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ([], None),
        ("Sprint 3", "Sprint 3"),
        (["A", "B"], "B"),
        ({"name": "Solo", "state": "closed"}, "Solo"),
        ([{"name": "Active", "state": "active"}, {"name": "Next", "state": "future"}], "Active"),
        (
            [
                "com.atlassian.greenhopper.service.sprint.Sprint@1[id=1,state=CLOSED,"
                "name=S, 1,goal=]"
            ],
            "S, 1",
        ),
        ([{"state": "active"}, 42], None),
    ],
)
def test_sprint_name(value, expected):
    assert sprint_name(value) == expected


@pytest.mark.parametrize(
    ("issue_type", "level"),
    [
        ({"name": "Initiative", "hierarchyLevel": 2}, 2),
        ({"name": "Sub-task", "subtask": True}, -1),
        ("Épopée", 1),
        ("Subtarea", -1),
        ("Story", 0),
        (None, None),
    ],
)
def test_hierarchy_level(issue_type, level):
    assert hierarchy_level(issue_type) == level


@pytest.mark.parametrize(
    ("category", "status", "resolved", "expected"),
    [
        ({"key": "new"}, None, False, "todo"),
        ({"key": "indeterminate"}, None, False, "in progress"),
        ({"name": "Listo"}, None, False, "done"),
        (None, "Finalizado", False, "done"),
        (None, "Whatever", True, "done"),
        (None, "Por hacer", False, "todo"),
        (None, "Blocked", False, "in progress"),
        (None, "Waiting for support", False, None),
    ],
)
def test_status_category(category, status, resolved, expected):
    assert status_category(category, status, resolved) == expected


def test_jira_datetime():
    assert jira_datetime("2015-09-08T10:48:40.000+0200") == datetime(
        2015, 9, 8, 8, 48, 40, tzinfo=UTC
    )
    assert jira_datetime(datetime(2020, 1, 1)) == datetime(2020, 1, 1, tzinfo=UTC)
    assert jira_datetime("yesterday") is None and jira_datetime(5) is None


def test_partial_names_map_still_finds_sprint_and_rank_by_shape():
    raw = {
        "id": "1",
        "key": "P-1",
        "names": {"summary": "Summary", "customfield_7": "Team"},
        "fields": {
            "summary": "s",
            "customfield_5": [{"id": 1, "name": "Sprint 9", "state": "active", "boardId": 2}],
            "customfield_6": "0|i0000f:",
            "customfield_7": "P-99",  # named "Team": never taken for an epic link
        },
    }
    item, _, _ = map_issue(raw)
    assert (item.sprint, item.rank, item.parent) == ("Sprint 9", "0|i0000f:", None)


def test_without_names_an_issue_key_value_is_taken_as_the_epic_link():
    item, _, _ = map_issue({"id": "1", "fields": {"customfield_3": "EPIC-4"}})
    assert item.parent == "EPIC-4"
