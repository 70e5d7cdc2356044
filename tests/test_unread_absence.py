"""An absence the model could not check is not established (issue 12, points 3 and 4).

When more than half of a board's items are in a language the model does not read (they are
``uncertain``), the findings that assert an ABSENCE from the model's labels — no strategic work,
nobody acting as PM, no PM touching strategic work — or of acceptance criteria (searched in the
model's five languages only) are lowered to info with one sentence
saying so (``analyzer/flags/reading.py``), ``--fail-on error`` does not fail on them, and the
verdict says the same. A board with few unread items is judged as before. The boards here are
written for these tests (the Japanese and Chinese titles too).
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from ownership_boards import T0, Builder, healthy_board, roles_for, write_export
from typer.testing import CliRunner

import analyzer.pipeline
from analyzer.cli import app
from analyzer.flags import fails
from analyzer.flags.reading import UNREAD_LIMIT, Reading
from analyzer.ownership import analyze
from connectors.interface import ActivityKind
from models.interface import TACTICAL

JAPANESE = [
    "ログイン画面の表示崩れを直す",
    "検索結果のページ送りを追加",
    "記事一覧の並び順を変更",
    "画像アップロードの上限を上げる",
    "通知メールの文面を修正",
    "管理画面にユーザー検索を追加",
    "下書き保存のエラーを修正",
    "トップページの読み込みを速くする",
]
CHINESE = [
    "修复登录页面显示错误",
    "增加搜索结果分页",
    "调整文章列表排序",
    "提高图片上传上限",
    "修改通知邮件内容",
    "管理后台增加用户搜索",
    "修复草稿保存错误",
    "加快首页加载速度",
]
ENGLISH = ["Fix the login button crash on Android", "Fix the footer bug on small screens"]

READ_ONLY_JA = "the model read only 2 of 10 items (80% are in Japanese, which it does not read)"
NO_STRATEGIC = (
    f"No item the model read is strategic work, but {READ_ONLY_JA}: whether anyone does "
    "strategic work is not established."
)


def board_of(titles: list[str], *, ranked: bool = False) -> Builder:
    """One person creates and comments on each item, a day apart: enough for a verdict;
    ``ranked``: and re-orders each one (the data then records prioritisation)."""
    b = Builder("trello")
    kenji = b.person("m1", "Kenji Sato", None, "kenji")
    for n, title in enumerate(titles):
        iid = f"c{n:02d}"
        b.item(iid, TACTICAL, title=title, members=[kenji])
        b.act(iid, kenji, ActivityKind.CREATED, T0 + timedelta(days=n))
        b.act(iid, kenji, ActivityKind.COMMENTED, T0 + timedelta(days=n, hours=1), text="ok")
        if ranked:
            b.act(iid, kenji, ActivityKind.PRIORITISED, T0 + timedelta(days=n, hours=2))
    return b


# Scans classify with the tests' keyword model (the conftest fixture ``keyword_model``): Japanese
# and Chinese titles hold none of its words, uncertain, as the bundled model makes every unread
# item.


def scan(*args):
    return CliRunner().invoke(app, ["scan", *map(str, args)])


def flat(text: str) -> str:
    """A rendered report with its line wrapping undone."""
    return " ".join(text.split())


# -- the rule ---------------------------------------------------------------------------------


def test_more_than_half_unread_leaves_an_absence_unestablished():
    assert UNREAD_LIMIT == 0.5
    assert Reading(10, {"ja": 5}).shows_absence()  # half: the model read as many as it did not
    assert not Reading(10, {"ja": 6}).shows_absence()
    assert Reading(0).shows_absence() and Reading(10).shows_absence()
    two = Reading(10, {"zh": 2, "ja": 5})
    assert (two.read_items, two.unread_items) == (3, 7)
    assert two.read_only() == (
        "the model read only 3 of 10 items (70% are in Japanese and Chinese, which it does not "
        "read)"
    )
    assert two.not_established("Seen", "whether X") == (
        f"Seen, but {two.read_only()}: whether X is not established."
    )
    assert Reading.of(["ja", None, "zh", "ja"], 4).unread == {"ja": 2, "zh": 1}


# -- each absence finding, through the one helper ----------------------------------------------


def test_no_strategic_work_is_info_when_most_items_are_unread():
    b = healthy_board()  # 16 items
    for p in b.predictions.values():
        p.label = TACTICAL
    roles = roles_for(b.board)
    unread = analyze(b.board, b.predictions, 0.6, roles, "month", reading=Reading(16, {"ja": 9}))
    [flag] = [f for f in unread.flags if f.code == "no-strategic-work"]
    assert flag.severity == "info"
    assert flag.message == (
        "No item the model read is strategic work, but the model read only 7 of 16 items (56% "
        "are in Japanese, which it does not read): whether anyone does strategic work is not "
        "established."
    )
    assert not fails(unread.flags, "error")
    # half unread: the model read as many items as it did not, and the finding stands
    half = analyze(b.board, b.predictions, 0.6, roles, "month", reading=Reading(16, {"ja": 8}))
    [flag] = [f for f in half.flags if f.code == "no-strategic-work"]
    assert flag.severity == "error" and flag.message.startswith(
        "None of the 8 items the model read (the other 8 are in Japanese"
    )
    assert fails(half.flags, "error")


def test_nobody_acting_as_pm_is_info_when_most_items_are_unread():
    # Alice stops working on strategy: nobody's activity makes them an inferred PM
    b = healthy_board(pm_strategic_until=0)
    reading = Reading(16, {"zh": 12})
    seen = analyze(b.board, b.predictions, 0.6, None, "month").flags
    [flag] = [f for f in seen if f.severity == "error"]
    assert (
        flag.code == "no-roadmap-owner"
        and "Nobody owns the roadmap: no one acts as PM, so the" in flag.message
    )
    [flag] = analyze(b.board, b.predictions, 0.6, None, "month", reading=reading).flags
    assert (flag.code, flag.severity) == ("no-roadmap-owner", "info")
    assert flag.message == (
        "Nobody acts as PM on the items the model read, but the model read only 4 of 16 items "
        "(75% are in Chinese, which it does not read): whether anyone owns the roadmap is not "
        "established."
    )
    assert flag.evidence.items  # the strategic items it did see stay its evidence


def test_a_roles_file_naming_no_pm_stays_an_error_whatever_the_model_read():
    b = healthy_board()
    roles = roles_for(b.board, '[people]\n"Bob Stone" = "po"\n')
    a = analyze(b.board, b.predictions, 0.6, roles, "month", reading=Reading(16, {"ja": 12}))
    [flag] = [f for f in a.flags if f.code == "no-roadmap-owner"]
    assert flag.severity == "error" and "no one is declared as PM in the roles file" in flag.message


def test_a_pm_not_touching_strategic_work_is_info_when_most_items_are_unread():
    b = healthy_board(pm_strategic_until=12)  # Dan keeps commenting: the roadmap is not stale
    roles = roles_for(b.board)
    [seen] = analyze(b.board, b.predictions, 0.6, roles, "month").flags
    assert (seen.code, seen.severity) == ("no-roadmap-owner", "error")
    a = analyze(b.board, b.predictions, 0.6, roles, "month", reading=Reading(16, {"ja": 10}))
    [flag] = a.flags
    assert (flag.code, flag.severity) == ("no-roadmap-owner", "info")
    assert flag.message.startswith("No PM (Alice Martin) touched strategic work the model read")
    assert flag.message.endswith(
        "but the model read only 6 of 16 items (62% are in Japanese, which it does not read): "
        "whether the PMs work on the roadmap is not established."
    )


# -- a scan: the report, the verdict, every format and the exit code ----------------------------


def test_a_mostly_japanese_board_says_so_in_flags_and_verdict(keyword_model):
    report = analyzer.pipeline.scan_board(board_of(JAPANESE + ENGLISH).board)
    [flag] = report.flags
    assert (flag.code, flag.severity, flag.message) == ("no-strategic-work", "info", NO_STRATEGIC)
    verdict = report.verdict
    assert verdict.status == "tentative"
    assert verdict.headline == (
        f"No verdict to rely on: no error or warning was raised, but {READ_ONLY_JA}, so whether "
        "anyone does strategic work and whether anyone owns the roadmap are not established."
    )
    lines = {line.topic: line for line in verdict.lines}
    assert (lines["Strategic work"].text, lines["Strategic work"].ok) == (NO_STRATEGIC, None)
    assert lines["Roadmap"].ok is None
    assert lines["Roadmap"].text == (
        f"Nobody acts as PM on the items the model read, but {READ_ONLY_JA}: whether anyone owns "
        "the roadmap is not established."
    )


def test_nobody_seen_acting_as_po_is_not_established_either(keyword_model):
    # Kenji ranks every item, but only 2 are read (tactical): too little activity to infer a PO
    report = analyzer.pipeline.scan_board(board_of(JAPANESE + ENGLISH, ranked=True).board)
    lines = {line.topic: line for line in report.verdict.lines}
    assert lines["Backlog"].ok is None
    assert lines["Backlog"].text == (
        f"Nobody acts as PO on the items the model read, but {READ_ONLY_JA}: whether anyone owns "
        "the backlog is not established."
    )
    assert "whether anyone owns the roadmap and whether anyone owns the backlog are not" in (
        report.verdict.headline
    )
    english = analyzer.pipeline.scan_board(board_of(ENGLISH * 4, ranked=True).board)
    assert not [line for line in english.verdict.lines if "not established" in line.text]


def test_a_board_with_few_unread_items_is_judged_as_before(keyword_model):
    report = analyzer.pipeline.scan_board(board_of(ENGLISH * 4 + JAPANESE[:1]).board)
    [flag] = [f for f in report.flags if f.code == "no-strategic-work"]
    assert flag.severity == "error"
    assert flag.message.startswith(
        "None of the 8 items the model read (the other one is in Japanese, which it does not "
        "read) reads as strategic work"
    )
    lines = {line.topic: line for line in report.verdict.lines}
    assert lines["Strategic work"].ok is False
    assert lines["Strategic work"].text.startswith(
        "None of the 8 items the model read (the other one is in Japanese"
    )
    assert lines["Roadmap"].text == "Nobody acts as PM: nobody owns it."
    assert report.verdict.headline.startswith("Needs attention on strategic work, roadmap")
    assert "11% of items are in Japanese, which the model does not read" in report.notes[0]


@pytest.mark.parametrize(("titles", "language"), [(JAPANESE, "Japanese"), (CHINESE, "Chinese")])
def test_fail_on_error_does_not_fail_on_an_absence_it_could_not_check(
    keyword_model, tmp_path, titles, language
):
    export = write_export(board_of(titles + ENGLISH), tmp_path)
    result = scan(export, "--fail-on", "error", "-f", "json")
    assert result.exit_code == 0, result.stderr
    [flag] = json.loads(result.stdout)["flags"]
    assert (flag["code"], flag["severity"]) == ("no-strategic-work", "info")
    assert f"80% are in {language}, which it does not read" in flag["message"]
    assert scan(export, "--fail-on", "info").exit_code == 1  # it is still raised
    assert scan(export, "--fail-on", "warning").exit_code == 0  # a note is under a warning
    assert scan(export, "--fail-on", "note").exit_code == 1  # the reports' word for info


def test_fail_on_error_still_fails_when_the_model_read_the_board(keyword_model, tmp_path):
    export = write_export(board_of(ENGLISH * 4 + JAPANESE[:1]), tmp_path)
    result = scan(export, "--fail-on", "error")
    assert result.exit_code == 1
    assert "(no-strategic-work); failing as asked by --fail-on" in result.stderr


@pytest.mark.parametrize("fmt", ["table", "json", "markdown", "html"])
def test_every_format_shows_the_same_sentence(keyword_model, tmp_path, fmt):
    export = write_export(board_of(JAPANESE + ENGLISH), tmp_path)
    out = tmp_path / f"report.{fmt}"
    assert scan(export, "-f", fmt, "-o", out).exit_code == 0
    text = flat(out.read_text(encoding="utf-8"))
    assert text.count(NO_STRATEGIC) >= 2  # the finding and the verdict's line
    assert f"{READ_ONLY_JA}, so whether anyone does strategic work" in text  # the headline
    assert "None of the board's" not in text


def test_the_bundled_model_reads_the_same_board_the_same_way(tmp_path):
    """The bundled model keeps its own record of the items it does not read: the same rule."""
    export = write_export(board_of(JAPANESE + ENGLISH), tmp_path)
    result = scan(export, "--fail-on", "error", "-f", "json")
    assert result.exit_code == 0, result.stderr
    flags = {f["code"]: f for f in json.loads(result.stdout)["flags"]}
    assert flags["no-strategic-work"]["severity"] == "info"
    assert READ_ONLY_JA in flags["no-strategic-work"]["message"]


# -- the verdict's "How sure" line names both causes of uncertainty ---------------------------

HOW_SURE_JA = (
    "8 of 10 items (80%) are uncertain (8 are in Japanese, which the model does not read); "
    "20 activities by 1 person over 10 days."
)


def how_sure(report) -> str:
    [line] = [line for line in report.verdict.lines if line.topic == "How sure"]
    return line.text


def test_how_sure_says_the_unread_items_are_uncertain_because_unread(keyword_model):
    report = analyzer.pipeline.scan_board(board_of(JAPANESE + ENGLISH).board)
    assert how_sure(report).startswith(HOW_SURE_JA)
    assert "the model is not sure which kind they are)" not in how_sure(report)
    two = analyzer.pipeline.scan_board(board_of(JAPANESE[:5] + CHINESE[:3] + ENGLISH).board)
    assert how_sure(two).startswith(
        "8 of 10 items (80%) are uncertain (8 are in Japanese and Chinese, which the model does "
        "not read);"
    )
    one = analyzer.pipeline.scan_board(
        board_of(["Think about it"] + ENGLISH * 4 + CHINESE[:1]).board
    )
    assert how_sure(one).startswith(
        "2 of 10 items (20%) are uncertain (1 is in Chinese, which the model does not read; 1 it "
        "read but is not sure which kind it is);"
    )


def test_how_sure_is_unchanged_on_a_board_the_model_reads(keyword_model):
    report = analyzer.pipeline.scan_board(board_of(["Think about it"] + ENGLISH * 4).board)
    assert how_sure(report).startswith(
        "1 of 9 items (11%) is uncertain (the model is not sure which kind it is); 18 "
        "activities by 1 person over 9 days."
    )


@pytest.mark.parametrize("fmt", ["table", "json", "markdown", "html"])
def test_every_format_shows_the_same_how_sure_line(keyword_model, tmp_path, fmt):
    export = write_export(board_of(JAPANESE + ENGLISH), tmp_path)
    out = tmp_path / f"report.{fmt}"
    assert scan(export, "-f", fmt, "-o", out).exit_code == 0
    assert HOW_SURE_JA in flat(out.read_text(encoding="utf-8"))


# -- an item the team labelled is known, whatever its language ---------------------------------


@pytest.mark.parametrize("bundled", [False, True])
def test_items_the_team_corrected_count_as_read(request, tmp_path, bundled):
    """A corrections file labelling six of the eight Japanese items leaves two unread: the model
    and the team together know 8 of 10 items, so the absence is established again (an error),
    and the How-sure line counts only the two left."""
    if not bundled:
        request.getfixturevalue("keyword_model")
    export = write_export(board_of(JAPANESE + ENGLISH), tmp_path)
    fixes = tmp_path / "corrections.csv"
    fixes.write_text(
        "item,label\n" + "".join(f"c{n:02d},tactical\n" for n in range(6)), encoding="utf-8"
    )
    result = scan(export, "--corrections", fixes, "--fail-on", "error", "-f", "json")
    assert result.exit_code == 1, result.stderr
    report = json.loads(result.stdout)
    flags = {f["code"]: f for f in report["flags"]}
    assert flags["no-strategic-work"]["severity"] == "error"
    assert "not established" not in flags["no-strategic-work"]["message"]
    [line] = [v for v in report["verdict"]["lines"] if v["topic"] == "How sure"]
    assert line["text"].startswith(
        "2 of 10 items (20%) are uncertain (2 are in Japanese, which the model does not read);"
    )
    assert "6 items were corrected by the team in corrections.csv" in " ".join(report["notes"])


# -- stories without acceptance criteria: criteria written in an unread language may be there ----

NO_CRITERIA_JA = (
    "No acceptance criteria were found in 12 of 12 open stories, but the model read only 7 of 16 "
    "items (56% are in Japanese, which it does not read): whether the stories have acceptance "
    "criteria is not established."
)


def _stories_without_criteria() -> Builder:
    b = healthy_board("jira")  # 16 items, 12 of them open tactical stories
    for item in b.board.items:
        if item.id.startswith("T"):
            item.description, item.checklist_items = "As a user I want a thing.", []
    return b


def test_stories_without_criteria_are_info_when_most_items_are_unread():
    b = _stories_without_criteria()
    roles = roles_for(b.board)
    [seen] = analyze(b.board, b.predictions, 0.6, roles, "month").flags
    assert (seen.code, seen.severity) == ("no-backlog-owner", "warning")
    assert seen.message.startswith("12 of 12 open stories have no acceptance criteria")
    unread = analyze(b.board, b.predictions, 0.6, roles, "month", reading=Reading(16, {"ja": 9}))
    [flag] = unread.flags
    assert (flag.code, flag.severity, flag.message) == ("no-backlog-owner", "info", NO_CRITERIA_JA)
    assert flag.evidence == seen.evidence and flag.thresholds == seen.thresholds
    assert not fails(unread.flags, "warning")
    half = analyze(b.board, b.predictions, 0.6, roles, "month", reading=Reading(16, {"ja": 8}))
    assert [(f.severity, f.message) for f in half.flags] == [(seen.severity, seen.message)]


def test_a_lowered_criteria_finding_keeps_the_other_backlog_warnings():
    """Nobody refining the backlog is counted on what was seen: it stays a warning, said first,
    with the criteria sentence (info on its own) after it in the one finding."""
    b = _stories_without_criteria()
    for item in b.board.items:
        if item.id.startswith("T"):
            item.assignee, item.members = None, []
    roles = roles_for(b.board)
    a = analyze(b.board, b.predictions, 0.6, roles, "month", reading=Reading(16, {"ja": 9}))
    [flag] = [f for f in a.flags if f.code == "no-backlog-owner"]
    assert flag.severity == "warning"
    assert "open tactical items have no assignee" in flag.message.split(". ")[0]
    assert flag.message.endswith(NO_CRITERIA_JA)


def _ready_cards(titles: list[str]) -> Builder:
    """Cards in a "Ready for dev" list, none with acceptance criteria."""
    b = board_of(titles)
    for item in b.board.items:
        item.column = "Ready for dev"
    return b


def test_ready_stories_without_criteria_are_info_when_most_items_are_unread():
    b = _ready_cards(ENGLISH * 3 + JAPANESE[:3])
    roles = roles_for(b.board)
    flags = analyze(b.board, b.predictions, 0.6, roles, "month").flags
    [seen] = [f for f in flags if f.code == "ready-without-ac"]
    assert seen.severity == "warning"
    reading = Reading(9, {"ja": 6})
    flags = analyze(b.board, b.predictions, 0.6, roles, "month", reading=reading).flags
    [flag] = [f for f in flags if f.code == "ready-without-ac"]
    assert flag.severity == "info"
    assert flag.message == (
        "No acceptance criteria were found in 100% (9 of 9) of the stories in 'Ready for dev', "
        "but the model read only 3 of 9 items (67% are in Japanese, which it does not read): "
        "whether the stories have acceptance criteria is not established."
    )
    assert flag.evidence == seen.evidence


def test_a_mostly_japanese_board_does_not_say_its_stories_lack_criteria(keyword_model, tmp_path):
    """A scan: the English cards the model read have no criteria, but most of the board is in
    Japanese and Chinese; the finding, the verdict's backlog line and its headline say it is not
    established, and --fail-on warning does not fail on it."""
    export = write_export(board_of(JAPANESE + CHINESE + ENGLISH * 3), tmp_path)
    result = scan(export, "--fail-on", "warning", "-f", "json")
    assert result.exit_code == 0, result.stderr
    report = json.loads(result.stdout)
    flags = {f["code"]: f for f in report["flags"]}
    said = (
        "No acceptance criteria were found in 6 of 6 open stories, but the model read only 6 of "
        "22 items (73% are in Japanese and Chinese, which it does not read): whether the stories "
        "have acceptance criteria is not established."
    )
    assert (flags["no-backlog-owner"]["severity"], flags["no-backlog-owner"]["message"]) == (
        "info",
        said,
    )
    verdict = report["verdict"]
    lines = {line["topic"]: line for line in verdict["lines"]}
    assert (lines["Backlog"]["text"], lines["Backlog"]["ok"]) == (said, None)
    assert verdict["headline"].endswith(
        "whether anyone owns the roadmap and whether the stories have acceptance criteria are "
        "not established."
    )
    english = analyzer.pipeline.scan_board(board_of(ENGLISH * 3).board)
    [flag] = [f for f in english.flags if f.code == "no-backlog-owner"]
    assert flag.severity == "warning"
    assert flag.message.startswith("6 of 6 open stories have no acceptance criteria")


def test_ready_cards_on_a_mostly_japanese_board_leave_the_criteria_open_once(keyword_model):
    """Both the backlog line and the hygiene line say the criteria are not established; the
    headline says it once."""
    report = analyzer.pipeline.scan_board(_ready_cards(JAPANESE + CHINESE + ENGLISH * 3).board)
    flags = {f.code: f for f in report.flags}
    assert flags["ready-without-ac"].severity == flags["no-backlog-owner"].severity == "info"
    lines = {line.topic: line for line in report.verdict.lines}
    assert lines["Backlog hygiene"].ok is None
    assert lines["Backlog hygiene"].text == flags["ready-without-ac"].message
    assert lines["Backlog hygiene"].text.endswith(
        "whether the stories have acceptance criteria is not established."
    )
    assert report.verdict.headline.count("whether the stories have acceptance criteria") == 1
