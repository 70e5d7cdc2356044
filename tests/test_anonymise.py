"""--anonymise: people become stable pseudonyms in every format; no name, e-mail or account id
of the export is left; the numbers do not change (issue 14)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.anonymise import EMAIL_GONE, anonymise, pseudonym
from analyzer.cli import app

ROOT = Path(__file__).resolve().parent.parent
JIRA = ROOT / "examples" / "jira_sample_export.json"
TRELLO = ROOT / "examples" / "trello_sample_board.json"
ROLES = ROOT / "examples" / "backlog-analyzer.toml"


def scan(*args) -> str:
    result = CliRunner().invoke(app, ["scan", *map(str, args)])
    assert result.exit_code == 0, result.output
    return result.stdout


def identities(export: Path) -> set[str]:
    raw = export.read_text(encoding="utf-8")
    keys = ("displayName", "emailAddress", "accountId", "fullName", "username")
    found = set()
    for key in keys:
        found |= set(re.findall(rf'"{key}":\s*"([^"]+)"', raw))
    return {x for x in found if len(x) >= 3}


@pytest.mark.parametrize("fmt", ["json", "markdown", "table", "html"])
@pytest.mark.parametrize("export", [JIRA, TRELLO], ids=["jira", "trello"])
def test_no_identity_is_left_in_any_format(export, fmt):
    extra = ["--roles", ROLES] if export == TRELLO else []
    out = scan(export, *extra, "--anonymise", "--format", fmt, "-o", "-")
    people = identities(export)
    assert people  # the sample has people to hide
    assert [x for x in people if x in out] == []
    assert "Person " in out
    assert not re.search(r"[\w.+-]+@[\w-]+\.[\w.]+", out)  # no e-mail address at all


def test_pseudonyms_are_stable_and_numbers_unchanged():
    plain = json.loads(scan(JIRA, "--format", "json", "-o", "-"))
    one = json.loads(scan(JIRA, "--anonymise", "--format", "json", "-o", "-"))
    two = json.loads(scan(JIRA, "--anonymise", "--format", "json", "-o", "-"))
    assert [p["name"] for p in one["people"]] == [p["name"] for p in two["people"]]
    assert all(p["name"].startswith("Person ") for p in one["people"])
    assert all(p["id"].startswith("p-") and p["username"] is None for p in one["people"])
    assert one["summary"] == plain["summary"]
    assert [f["code"] for f in one["flags"]] == [f["code"] for f in plain["flags"]]
    ids = {p["id"] for p in one["people"]}
    assert all(pid in ids for f in one["flags"] for pid in f["evidence"]["people"])
    assert {i["assignee_id"] for i in one["items"]} - {None} <= ids


def test_other_e_mails_and_the_local_path_go():
    from datetime import UTC, datetime

    from analyzer.report import Report, SourceInfo

    report = Report(SourceInfo("b", "jira", "/home/someone/exports/x.json"), datetime.now(UTC))
    report.notes.append("write to boss@example.com")
    anonymise(report)
    assert report.notes == [f"write to {EMAIL_GONE}"]
    assert report.source.origin == "x.json"
    assert pseudonym("b", "u1") == pseudonym("b", "u1") != pseudonym("b", "u2")


def test_a_roles_file_name_matching_nobody_is_not_shown(tmp_path):
    roles = tmp_path / "roles.toml"
    roles.write_text('[people]\n"Zelda Quartermain" = "pm"\n"Maya Okafor" = "pm"\n')
    for fmt in ("json", "markdown", "table", "html"):
        out = scan(TRELLO, "--roles", roles, "--anonymise", "--format", fmt, "-o", "-")
        assert "zelda" not in out.lower() and "matches nobody" in out
        assert "Maya" not in out


def test_a_roles_file_name_with_an_apostrophe_matching_nobody_is_not_shown(tmp_path):
    # repr() quotes such a name with double quotes
    roles = tmp_path / "roles.toml"
    roles.write_text('[people]\n"Zelda O\'Quartermain" = "pm"\n', encoding="utf-8")
    for fmt in ("json", "table"):
        out = scan(TRELLO, "--roles", roles, "--anonymise", "--format", fmt, "-o", "-")
        assert "quartermain" not in out.lower() and "a name (pm) matches nobody" in out


def _twins_board(tmp_path: Path) -> Path:
    """The Trello sample with Léa Moreau renamed Maya Okafor: two people, one name."""
    board = json.loads(TRELLO.read_text(encoding="utf-8"))
    lea = next(m["id"] for m in board["members"] if m["fullName"] == "Léa Moreau")

    def rename(value):
        if isinstance(value, dict):
            if value.get("id") == lea and "fullName" in value:
                value["fullName"] = "Maya Okafor"
            for inner in value.values():
                rename(inner)
        elif isinstance(value, list):
            for inner in value:
                rename(inner)

    rename(board)
    path = tmp_path / "twins.json"
    path.write_text(json.dumps(board), encoding="utf-8")
    return path


def test_a_roles_file_name_matching_several_people_keeps_them_apart(tmp_path):
    """Two people named alike both got the first one's pseudonym (in the people table and in the
    roles file's warning, "'Person X' matches several people (Person X, Person X)"); now each
    is their own, the name shared in text reads "Person X or Person Y", and neither the name nor
    the roles file's local path is shown."""
    board = _twins_board(tmp_path)
    roles = tmp_path / "secret-folder" / "roles.toml"
    roles.parent.mkdir()
    roles.write_text('[people]\n"Maya Okafor" = "pm"\n"Tomás Herrera" = "po"\n', "utf-8")
    data = json.loads(scan(board, "--roles", roles, "--anonymise", "-f", "json", "-o", "-"))
    pms = [p for p in data["people"] if p["declared_role"] == "pm"]
    assert len(pms) == 2 and pms[0]["name"] != pms[1]["name"]
    assert len({p["name"] for p in data["people"]}) == len(data["people"])
    both = f"{pms[0]['name']}, {pms[1]['name']}"
    assert data["role_warnings"] == [f"roles.toml: a name matches several people ({both})"]
    assert data["verdict"]["lines"][0]["text"].endswith(f"matches several people ({both}).")
    assert data["roles_file"] == "roles.toml"
    for fmt in ("json", "markdown", "table", "html"):
        out = scan(board, "--roles", roles, "--anonymise", "--format", fmt, "-o", "-")
        assert "Maya" not in out and "Okafor" not in out and "Léa" not in out, fmt
        assert "secret-folder" not in out and str(tmp_path) not in out, fmt
