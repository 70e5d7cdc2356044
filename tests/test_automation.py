"""Automation accounts (bots, apps, service accounts) are not people (analyzer/automation.py).

Their activities are nobody's work: out of the balance by activity, the people, roles, drift and
flags, said once in the verdict's "How sure" line and listed in the JSON's ``automation``; the
items they created or are assigned to still count."""

from __future__ import annotations

import json
import re
from datetime import timedelta
from pathlib import Path

import pytest
from ownership_boards import T0, WEEKS, K, KeywordModel, healthy_board, jira_export, write_export
from test_report_schema import SCHEMA_PATH, validate

from analyzer.anonymise import anonymise
from analyzer.automation import automation_name, find_automation, set_apart, why_automation
from analyzer.formats import get_format
from analyzer.pipeline import scan_board, scan_file
from analyzer.report import Automation, AutomationAccount
from analyzer.roles import parse_roles_file
from analyzer.timeline import label_activities
from connectors.interface import Person
from models.interface import TACTICAL

HOW_SURE = "How sure"

# -- detection ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "name",
    [
        "Automation for Jira",
        "Jira Automation",
        "Easy Clone for Jira Cloud",
        "AssetIT - IT Asset Management for Jira",
        "Comala Document Management for Confluence",
        "Gitlab Bot",
        "Harvest Bot",
        "dependabot[bot]",
        "renovate-bot",
        "jira-backportbot",
        "Butler",
        "srv- ssc-gitlab",
        "srv -jira-gitlabci",
        "srv- jira-backport",
        "srv Jira",
        "svc_deploy",
        "SVC-reporting",
        "  Automation   for  Jira ",  # spaces as an export may leave them
    ],
)
def test_automation_names(name):
    assert automation_name(name) is not None
    assert why_automation(Person("x", name)) == "name"


@pytest.mark.parametrize(
    "name",
    [
        "admin",  # people use these shared accounts themselves (to import issues, ...)
        "atlassianadmin",
        "IT Service Desk",
        "Abbott",  # names holding "bot" or "srv" without being a bot's
        "Ann Abbott",
        "Bottema",
        "Hanna Bottema",
        "Ann Talbot",
        "Talbot",
        "Robot Framework team",  # a team of people, not a bot
        "Butler Smith",  # Trello's automation is "Butler" alone
        "Ellen Butler",
        "Srvan Petrov",
        "Svcek Novak",
        "Jira",
        "Jira Support",
        "Chloé for Jira team lead",  # "for Jira" not at the end: a person's title
        "",
    ],
)
def test_people_names_are_not_automation(name):
    assert automation_name(name) is None
    assert why_automation(Person("x", name)) is None


def test_the_account_type_app_is_automation_whatever_the_name():
    assert why_automation(Person("a", "Release Notes", account_type="app")) == "account type"
    assert why_automation(Person("a", "Release Notes", account_type="atlassian")) is None
    assert why_automation(Person("a", "Ana Ruiz", account_type="customer")) is None  # a person
    # a service account is a person's account type on Jira Cloud: its name still tells
    assert why_automation(Person("a", "srv Jira", account_type="atlassian")) == "name"


def test_a_user_name_alone_never_makes_automation():
    """Names are read from the display name only: a handle is often a surname."""
    assert why_automation(Person("a", "Anna Talbot", username="annatalbot")) is None
    assert why_automation(Person("a", "Anna Smith", username="butler")) is None


def _roles_file(tmp_path: Path, text: str):
    path = tmp_path / "roles.toml"
    path.write_text(text, encoding="utf-8")
    return parse_roles_file(path)


def test_the_roles_file_has_the_last_word_both_ways(tmp_path):
    people = {
        "b1": Person("b1", "Gitlab Bot"),
        "s1": Person("s1", "Release Train"),
        "p1": Person("p1", "Ana Ruiz"),
    }
    assert [(a.id, a.why) for a in find_automation(people).accounts] == [("b1", "name")]
    roles = _roles_file(tmp_path, '[people]\n"Gitlab Bot" = "po"\n"Release Train" = "automation"\n')
    found = find_automation(people, roles)
    assert [(a.id, a.name, a.why) for a in found.accounts] == [
        ("s1", "Release Train", "roles file")
    ]


# -- the table without an account's rows --------------------------------------------------------


def _bot_board(source: str, name: str = "Butler", *, acting: bool = True):
    """The healthy board with a bot that ranks, refines and accepts every week: counted as a
    person, it would carry the backlog's steering (an inferred PO). ``acting=False``: the bot
    is on the board but did nothing."""
    b = healthy_board(source)
    jira = source == "jira"
    bot = b.person("u-bot" if jira else "m9", name, None, "botaccount")
    for w in range(WEEKS if acting else 0):
        day = T0 + timedelta(weeks=w, hours=10)
        item = f"T{(w + 5) % 12}"
        b.act(item, bot, K.PRIORITISED, day, field="Rank")
        b.act(item, bot, K.FIELD_CHANGED, day + timedelta(minutes=5), field="labels")
        b.act(item, bot, K.ACCEPTED, day + timedelta(minutes=10))
    return b, bot


def test_without_actors_is_the_table_of_the_board_without_their_activities():
    b, bot = _bot_board("trello")
    table = label_activities(b.board, b.predictions)
    rest, done = table.without_actors([bot, "nobody"])
    assert done == [3 * WEEKS, 0]
    clean, _ = healthy_board("trello"), None
    expected = label_activities(clean.board, clean.predictions)
    for column in ("item", "kind", "when", "label"):
        assert getattr(rest, column).tolist() == getattr(expected, column).tolist()
    assert [rest.actors[c] for c in rest.actor.tolist()] == [
        expected.actors[c] for c in expected.actor.tolist()
    ]
    assert [rest.activity(r) for r in range(len(rest))] == [
        expected.activity(r) for r in range(len(expected))
    ]


def test_a_board_without_automation_keeps_its_table_as_it_is():
    b = healthy_board("trello")
    table = label_activities(b.board, b.predictions)
    automation = find_automation(b.board.people)
    assert automation == Automation()
    assert set_apart(table, automation)[0] is table  # no mask, no copy
    assert table.without_actors(["nobody"])[0] is table


# -- a Trello board through the reader, the scan and every format ------------------------------


def _scan(b, tmp_path: Path, **kw):
    directory = tmp_path / b.source
    directory.mkdir(exist_ok=True)
    return scan_file(write_export(b, directory), model=KeywordModel(), window="month", **kw)


def _lines(report) -> dict[str, str]:
    return {line.topic: line.text for line in report.verdict.lines}


@pytest.mark.parametrize("source", ["trello", "jira"])
def test_a_bot_is_set_apart_as_if_it_had_done_nothing(tmp_path, source):
    with_bot, bot = _bot_board(source)
    idle, _ = _bot_board(source, acting=False)
    report = _scan(with_bot, tmp_path)
    (tmp_path / "idle").mkdir()
    expected = _scan(idle, tmp_path / "idle")
    assert [p.name for p in report.people] == ["Bob Stone", "Alice Martin", "Dan Engineer"]
    assert all(p.declared_role != "po" or p.name == "Bob Stone" for p in report.people)
    assert report.summary == expected.summary  # the balance, kinds, people, dates
    assert report.people == expected.people  # their activity, roles, drift and windows
    assert report.windows == expected.windows and report.board_drift == expected.board_drift
    assert report.flags == expected.flags
    assert [i.activity_count for i in report.items] == [i.activity_count for i in expected.items]
    assert report.automation == Automation([AutomationAccount(bot, "Butler", 78, "name")], 78)
    said, idle_said = _lines(report), _lines(expected)
    line = "78 activities by 1 automation account (Butler) are not counted as anyone's work."
    assert said[HOW_SURE].count("automation account") == 1 and line in said[HOW_SURE]
    if source == "trello":  # a member of the board who did nothing (a Jira export names none)
        assert expected.automation == Automation([AutomationAccount(bot, "Butler", 0, "name")])
        idle_line = "1 automation account (Butler), with no activity, is not counted among the "
        assert idle_line + "people." in idle_said[HOW_SURE]
    else:
        assert expected.automation == Automation()
    assert _no_automation(said) == _no_automation(idle_said)


def _no_automation(lines: dict[str, str]) -> dict[str, str]:
    """The verdict's lines without their sentence on automation accounts."""
    return {k: re.sub(r" [^.]* automation accounts? [^.]*\.", "", v) for k, v in lines.items()}


def test_counted_as_a_person_the_bot_would_be_the_inferred_po(tmp_path):
    """What the set-apart changes: with the bot a person, it is the board's busiest steerer."""
    b, bot = _bot_board("trello", name="Rank Keeper")  # a name no rule reads as a bot's
    report = _scan(b, tmp_path)
    assert report.automation == Automation()
    assert report.people_by_id()[bot].total_activities == 3 * WEEKS
    roles = tmp_path / "roles.toml"
    roles.write_text('[people]\n"Rank Keeper" = "automation"\n', encoding="utf-8")
    (tmp_path / "declared").mkdir()
    declared = _scan(b, tmp_path / "declared", roles=roles)
    assert bot not in declared.people_by_id()
    assert declared.roles_inferred  # an automation entry alone: the people's roles inferred
    assert declared.automation.accounts == [
        AutomationAccount(bot, "Rank Keeper", 3 * WEEKS, "roles file")
    ]
    assert declared.summary.total_activities == report.summary.total_activities - 3 * WEEKS


def test_a_role_declared_for_a_detected_account_makes_it_a_person(tmp_path):
    b, bot = _bot_board("trello")
    roles = tmp_path / "roles.toml"
    roles.write_text(
        '[people]\n"Alice Martin" = "pm"\n"bob@example.com" = "po"\n"Butler" = "po"\n',
        encoding="utf-8",
    )
    report = _scan(b, tmp_path, roles=roles)
    assert report.automation == Automation()
    butler = report.people_by_id()[bot]
    assert butler.declared_role == "po" and butler.total_activities == 3 * WEEKS
    assert "automation" not in _lines(report)[HOW_SURE]


def test_automation_declared_beside_people_is_no_unknown_role(tmp_path):
    b, bot = _bot_board("trello", name="Rank Keeper")
    roles = tmp_path / "roles.toml"
    roles.write_text(
        '[people]\n"Alice Martin" = "pm"\n"Rank Keeper" = "automation"\n'
        '"Dan Engineer" = ["automation", "engineer"]\n',
        encoding="utf-8",
    )
    report = _scan(b, tmp_path, roles=roles)
    assert not report.roles_inferred
    assert [(a.name, a.why) for a in report.automation.accounts] == [
        ("Rank Keeper", "roles file"),
        ("Dan Engineer", "roles file"),
    ]
    assert [p.name for p in report.people] == ["Bob Stone", "Alice Martin"]
    [warning] = report.role_warnings
    assert "'Dan Engineer' is declared automation and engineer; it counts as automation" in warning


def test_the_line_and_the_object_in_json_markdown_html_and_the_terminal(tmp_path):
    b, _ = _bot_board("trello", name="Gitlab Bot")
    report = _scan(b, tmp_path)
    line = "78 activities by 1 automation account (Gitlab Bot) are not counted as anyone's work."
    data = json.loads(get_format("json").render(report))
    assert data["automation"] == {
        "accounts": [{"id": "m9", "name": "Gitlab Bot", "activities": 78, "why": "name"}],
        "activities": 78,
    }
    assert all(p["name"] != "Gitlab Bot" for p in data["people"])
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert validate(data, schema, schema) == []
    [how_sure] = [v["text"] for v in data["verdict"]["lines"] if v["topic"] == HOW_SURE]
    assert line in how_sure
    for name in ("markdown", "html", "table"):
        out = get_format(name, width=100).render(report) if name == "table" else None
        out = out or get_format(name).render(report)
        flat = " ".join(out.replace("&#x27;", "'").split())
        assert flat.count(line) == 1, name


def test_anonymised_reports_hide_the_automation_accounts_names(tmp_path):
    b, bot = _bot_board("trello", name="srv-deploy Kim")
    report = anonymise(_scan(b, tmp_path))
    [account] = report.automation.accounts
    assert account.name.startswith("Automation ") and account.id.startswith("a-")
    text = get_format("json").render(report)
    assert "srv-deploy Kim" not in text and f'"{bot}"' not in text
    assert f"({account.name})" in _lines(report)[HOW_SURE]


# -- a Jira CSV export with Automation for Jira ---------------------------------------------------

BOT_ID = "557058:f58131cb-b67d-43c7-b30d-6b58d40bd077"
HEADER = (
    "Summary,Issue key,Issue id,Issue Type,Status,Assignee,Assignee Id,Reporter,Reporter Id,"
    "Created,Updated,Resolved,Description,Comment,Comment,Status Category"
)


def _csv_row(n: int, reporter: tuple[str, str], comments: list[tuple[str, str]]) -> str:
    cells = [f"{c_when};{who};Looked at it" for who, c_when in comments]
    cells += [""] * (2 - len(cells))
    return ",".join(
        [
            f"Fix the login form bug {n}",
            f"APP-{n}",
            str(10000 + n),
            "Story",
            "To Do",
            "Rosa Diaz",
            "u-rosa",
            reporter[0],
            reporter[1],
            f"0{n}/Mar/25 9:00 AM",
            f"0{n}/Mar/25 5:00 PM",
            "",
            "Acceptance criteria: it works",
            *cells,
            "To Do",
        ]
    )


def _jira_csv(tmp_path: Path) -> Path:
    rosa, bot = ("Rosa Diaz", "u-rosa"), ("Automation for Jira", BOT_ID)
    rows = [
        _csv_row(1, rosa, [("u-rosa", "01/Mar/25 10:00 AM"), (BOT_ID, "01/Mar/25 11:00 AM")]),
        _csv_row(2, rosa, [(BOT_ID, "02/Mar/25 10:00 AM"), (BOT_ID, "02/Mar/25 11:00 AM")]),
        _csv_row(3, bot, [("u-rosa", "03/Mar/25 10:00 AM"), (BOT_ID, "03/Mar/25 11:00 AM")]),
        _csv_row(4, rosa, [("u-rosa", "04/Mar/25 10:00 AM"), (BOT_ID, "04/Mar/25 11:00 AM")]),
        _csv_row(5, rosa, [("u-rosa", "05/Mar/25 10:00 AM"), (BOT_ID, "05/Mar/25 11:00 AM")]),
        _csv_row(6, rosa, [("u-rosa", "06/Mar/25 10:00 AM"), ("u-rosa", "06/Mar/25 1:00 PM")]),
    ]
    path = tmp_path / "jira_export.csv"
    path.write_text("\n".join([HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def test_automation_for_jira_in_a_jira_csv(tmp_path):
    report = scan_file(_jira_csv(tmp_path), model=KeywordModel())
    # bot: 1 issue created, 6 comments; Rosa: 5 issues created, 6 comments
    assert report.automation == Automation(
        [AutomationAccount(BOT_ID, "Automation for Jira", 7, "name")], 7
    )
    assert [(p.name, p.total_activities) for p in report.people] == [("Rosa Diaz", 11)]
    assert report.summary.total_activities == 11 and report.summary.people == 1
    assert report.summary.activities.total == 11
    assert report.summary.items.total == 6  # the bot's issue still counts as an item
    assert report.summary.items.count(TACTICAL) == 6
    assert report.items_by_id()["10003"].activity_count == 1  # Rosa's comment alone
    how_sure = _lines(report)[HOW_SURE]
    assert "11 activities by 1 person" in how_sure
    line = "7 activities by 1 automation account (Automation for Jira) are not counted as "
    assert line + "anyone's work." in how_sure
    terminal = " ".join(get_format("table", width=100).render(report).split())
    markdown = " ".join(get_format("markdown").render(report).split())
    assert line in terminal and line in markdown


# -- Jira Cloud's accountType, from an export and from the live connector -----------------------


def _app_board():
    b, bot = _bot_board("jira", name="Release Notes")  # no rule reads this name as a bot's
    data = jira_export(b)
    for issue in data["issues"]:
        users = [h["author"] for h in issue["changelog"]["histories"]]
        users += [c["author"] for c in issue["fields"]["comment"]["comments"]]
        users += [issue["fields"][f] for f in ("assignee", "reporter")]
        for user in users:
            if user is not None:
                user["accountType"] = "app" if user["accountId"] == bot else "atlassian"
    return data, bot


def test_the_jira_json_reader_keeps_the_account_type(tmp_path):
    from connectors.mapping.jira import person_from_user

    data, bot = _app_board()
    path = tmp_path / "issues.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    report = scan_file(path, model=KeywordModel())
    assert report.automation.accounts == [
        AutomationAccount(bot, "Release Notes", 3 * WEEKS, "account type")
    ]
    assert bot not in report.people_by_id()
    people: dict[str, Person] = {}
    person_from_user({"accountId": "x", "displayName": "X", "accountType": "app"}, people)
    person_from_user({"accountId": "y", "displayName": "Y", "accountType": 7}, people)
    assert people["x"].account_type == "app" and people["y"].account_type is None


def test_the_live_jira_path_reads_app_accounts(store):
    from test_jira_live import fetch

    from tests.fakes.jira_server import FakeJira

    with FakeJira() as fake:
        fake.users["relnotes"] = {
            "accountId": "557058:0a1b2c3d-rel-notes",
            "displayName": "Release Notes",
            "active": True,
            "accountType": "app",
        }
        fake.add_histories("DEMO-3", 12, by="relnotes")
        board = store.load_board(fetch(fake, store).source_id)
    assert board.people["557058:0a1b2c3d-rel-notes"].account_type == "app"
    assert board.people["5b10a2844c20165700ede21g"].account_type == "atlassian"
    report = scan_board(board, KeywordModel())
    assert [(a.name, a.activities, a.why) for a in report.automation.accounts] == [
        ("Release Notes", 12, "account type")
    ]
    assert all(p.name != "Release Notes" for p in report.people)


def test_days_are_still_counted_back_from_the_latest_activity_a_bots_too(tmp_path):
    """A bot's activity is nobody's work, yet it shows when the export was taken: the day-based
    checks count back from it, while the activities counted end with the people's."""
    b = healthy_board("trello")
    bot = b.person("m9", "Gitlab Bot")
    late = T0 + timedelta(weeks=WEEKS + 10)
    b.act("T1", bot, K.COMMENTED, late, text="pipeline passed")
    report = _scan(b, tmp_path)
    assert report.as_of == late
    last_person = max(a.timestamp for a in b.board.activities if a.actor_id != bot)
    assert report.summary.last_activity.replace(tzinfo=None) == last_person
    # ten weeks without a person's touch, counted from the bot's comment (its touch none)
    assert {"no-roadmap-owner", "stale-roadmap", "stale-items"} <= {f.code for f in report.flags}
    # (the last strategic change at 11:00 of week 25, the bot at 09:00 eleven weeks on: 77
    # calendar days between the two dates shown)
    assert "77 days before the last activity on the board" in _lines(report)["Roadmap"]
