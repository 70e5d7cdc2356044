"""The roles file: matching people by name, e-mail, id or username; strangers; errors; inference."""

from __future__ import annotations

from pathlib import Path

import pytest
from ownership_boards import drift_board, healthy_board, roles_for

from analyzer.roles import (
    RolesFileError,
    Thresholds,
    infer_roles,
    load_roles,
    parse_roles_file,
)
from analyzer.timeline import label_activities


def write(tmp_path, text: str):
    path = tmp_path / "backlog-analyzer.toml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "who", ["Alice Martin", "alice martin", "ALICE@example.com", "alicem", "u-alice"]
)
def test_people_match_by_name_email_username_or_id_case_insensitively(who):
    b = healthy_board("jira")
    roles = roles_for(b.board, f'[people]\n"{who}" = "Product Manager"\n')
    assert roles.assignments == {"u-alice": ["pm"]}
    assert roles.warnings == [] and not roles.inferred


def test_a_stranger_is_a_warning_not_an_error(tmp_path):
    b = healthy_board("trello")
    path = write(tmp_path, '[people]\n"Alice Martin" = "pm"\n"Zed Nobody" = "po"\n')
    roles = load_roles(path, b.board, [])
    assert roles.assignments == {"m1": ["pm"]}
    [warning] = roles.warnings
    assert warning == f"{path}: 'Zed Nobody' (po) matches nobody on this board"


def test_aliases_and_several_roles():
    b = healthy_board("trello")
    text = (
        '[people]\n"Bob" = { role = ["po", "pm"], aliases = ["bobs"] }\n'
        '"Dan Engineer" = "engineer"\n'
    )
    roles = roles_for(b.board, text)
    assert roles.roles_of("m2") == ["po", "pm"] and roles.declared_role("m2") == "po+pm"
    assert roles.expected("m2") is None  # both focuses: role-overlap's business, not drift
    assert roles.roles_of("m3") == ["engineer"] and roles.expected("m3") is None


def test_thresholds_and_custom_roles(tmp_path):
    path = write(
        tmp_path,
        '[roles.designer]\nfocus = "strategic"\nmin_share = 0.3\n'
        "[thresholds]\nstale_roadmap_days = 90\nmin_items = 3\n",
    )
    parsed = parse_roles_file(path)
    assert parsed.thresholds.stale_roadmap_days == 90 and parsed.thresholds.min_items == 3
    assert parsed.taxonomy["designer"].focus == "strategic"
    assert parsed.taxonomy["designer"].min_share == 0.3


def test_a_file_without_people_infers_with_its_thresholds(tmp_path):
    b = drift_board("trello")
    path = write(tmp_path, "[thresholds]\ninfer_min_activities = 500\n")
    roles = load_roles(path, b.board, label_activities(b.board, b.predictions))
    assert roles.inferred and roles.assignments == {} and roles.source == str(path)


def test_no_file_means_inferred_roles_and_the_default_file_is_opt_in(tmp_path, monkeypatch):
    b = drift_board("trello")
    labelled = label_activities(b.board, b.predictions)
    write(tmp_path, '[people]\n"Bob Stone" = "pm"\n')
    monkeypatch.chdir(tmp_path)
    assert load_roles(None, b.board, labelled).inferred  # the library never reads the cwd
    roles = load_roles(None, b.board, labelled, default_dir=tmp_path)
    assert roles.assignments == {"m2": ["pm"]}


def test_inference_from_activity():
    b = drift_board("trello")
    roles = infer_roles(b.board, label_activities(b.board, b.predictions))
    assert roles.inferred
    assert roles.assignments == {"m1": ["pm"], "m2": ["po"]}
    thin = infer_roles(
        b.board,
        label_activities(b.board, b.predictions),
        Thresholds(infer_min_activities=1000),
    )
    assert thin.assignments == {}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[people\n", "not valid TOML"),
        ('[people]\n"x" = 3\n', "must be a name or a list of names"),
        ('[people]\n"x" = { aliases = ["y"] }\n', "needs a role"),
        ("[teams]\nx = 1\n", "unknown section(s) teams"),
        ("[thresholds]\nstale_days = 3\n", "unknown threshold 'stale_days'"),
        ('[thresholds]\nbacklog_days = "soon"\n', "must be a number"),
        ("[thresholds]\nbacklog_days = 2.5\n", "whole number"),
        ("[thresholds]\noverlap_share = 2\n", "between 0 and 1"),
        ('[roles.x]\nfocus = "everything"\n', "focus must be one of"),
    ],
)
def test_bad_roles_files_are_one_line_errors(tmp_path, text, message):
    path = write(tmp_path, text)
    with pytest.raises(RolesFileError) as info:
        parse_roles_file(path)
    assert message in str(info.value) and str(path) in str(info.value)
    assert "\n" not in str(info.value)


def test_missing_directory_and_binary_roles_files(tmp_path):
    with pytest.raises(RolesFileError, match="roles file not found"):
        parse_roles_file(tmp_path / "nope.toml")
    with pytest.raises(RolesFileError, match="is a directory"):
        parse_roles_file(tmp_path)
    binary = tmp_path / "bin.toml"
    binary.write_bytes(b"\x00\x81\xff\xfe")  # (a UTF-16 BOM first would be read as UTF-16)
    with pytest.raises(RolesFileError, match="not a text file"):
        parse_roles_file(binary)


@pytest.mark.parametrize(
    "value",
    ["1e400", "inf", "nan", "99999999999999999999", "36501", "-1", "2.5"],
)
def test_out_of_range_whole_thresholds_are_one_clear_error(tmp_path, value):
    # 1e400 is inf in TOML, and a 20-digit day count overflowed date arithmetic (a traceback).
    path = write(tmp_path, f"[thresholds]\nstale_roadmap_days = {value}\n")
    with pytest.raises(RolesFileError, match="whole number from 0 to 36500"):
        parse_roles_file(path)


@pytest.mark.parametrize("value", ["1e400", "nan", "-0.1", "1.5"])
def test_out_of_range_share_thresholds_are_one_clear_error(tmp_path, value):
    path = write(tmp_path, f"[thresholds]\noverlap_share = {value}\n")
    with pytest.raises(RolesFileError, match="between 0 and 1"):
        parse_roles_file(path)


def test_the_largest_whole_threshold_scans(tmp_path):
    path = write(tmp_path, "[thresholds]\nstale_roadmap_days = 36500\nbacklog_days = 36500\n")
    sample = Path(__file__).parent.parent / "examples" / "jira_sample_export.json"
    from analyzer.pipeline import scan_file

    report = scan_file(sample, roles=path)
    assert all(flag.code != "stale-roadmap" for flag in report.flags)
