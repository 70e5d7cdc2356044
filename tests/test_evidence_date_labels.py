"""A flag's evidence dates say what each is in the text formats ("latest strategic change",
"board's last activity"): a bare date means something else on each flag. The JSON report says
it too (``evidence.date_labels``, one per date), so a program reading it can tell them apart."""

from __future__ import annotations

import json
from datetime import timedelta

from ownership_boards import T0, WEEKS, KeywordModel, healthy_board, roles_for
from test_report_schema import SCHEMA_PATH, validate

from analyzer.flags.interface import Evidence, Flag, labelled_dates, merge_same_code
from analyzer.formats import get_format
from analyzer.formats._common import dates_in_words
from analyzer.pipeline import scan_board

LATEST = (T0 + timedelta(weeks=9, hours=2)).date().isoformat()  # the last strategic change
LAST = (T0 + timedelta(weeks=WEEKS - 1, hours=8)).date().isoformat()  # the board's last activity


def _report():
    b = healthy_board("trello", pm_strategic_until=10, strategic_touched_until=10)
    roles = roles_for(b.board, '[people]\n"Alice Martin" = "pm"\n')
    return scan_board(b.board, KeywordModel(), roles=roles)


def test_stale_roadmap_dates_are_labelled_in_every_text_format():
    report = _report()
    [flag] = [f for f in report.flags if f.code == "stale-roadmap"]
    assert flag.evidence.dates == [LATEST, LAST]
    said = f"latest strategic change {LATEST}, board's last activity {LAST}"
    assert f"Dates: {said}" in " ".join(get_format("table").render(report).split())  # (wrapped)
    assert f"Dates: {said}" in get_format("markdown").render(report)
    assert f"<dd>{said.replace(chr(39), '&#x27;')}</dd>" in get_format("html").render(report)


def test_the_json_labels_each_date_and_validates():
    body = json.loads(get_format("json").render(_report()))
    [flag] = [f for f in body["flags"] if f["code"] == "stale-roadmap"]
    assert flag["evidence"] == {  # the dates as before, their labels beside them
        "items": flag["evidence"]["items"],
        "people": [],
        "dates": [LATEST, LAST],
        "date_labels": ["latest strategic change", "board's last activity"],
    }
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert validate(body, schema, schema) == []
    every = [f["evidence"] for f in body["flags"]]
    assert all(len(e["date_labels"]) == len(e["dates"]) for e in every)


def test_unlabelled_dates_are_null_in_the_json_and_read_bare_from_it():
    two_people = merge_same_code(
        [
            Flag("role-drift", "info", "m", "clear-roles", Evidence(**labelled_dates(*pair)))
            for pair in (
                (("from", "2024-01-01"), ("to", "2024-02-01")),
                (("from", "2024-01-15"), ("to", "2024-03-01")),
            )
        ]
    )
    evidence = two_people[0].to_dict()["evidence"]
    assert evidence["date_labels"] == [None] * 4 and len(evidence["dates"]) == 4
    assert dates_in_words(evidence["dates"][:2], evidence["date_labels"][:2]) == (
        "2024-01-01 → 2024-01-15"
    )
    bare = Flag("x", "info", "m", "clear-roles", Evidence(dates=["2024-01-01"]))
    assert bare.to_dict()["evidence"]["date_labels"] == [None]
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    flag_schema = schema["$defs"]["flag"]["properties"]["evidence"]
    assert validate(evidence, flag_schema, schema) == []
    assert validate({**evidence, "date_labels": [1]}, flag_schema, schema) != []


def test_a_span_reads_from_to_and_unlabelled_dates_read_as_before():
    spans = labelled_dates(("shaping from", "2024-01-02"), ("to", "2024-03-04"), ("x", None))
    assert spans == {"dates": ["2024-01-02", "2024-03-04"], "date_labels": ["shaping from", "to"]}
    assert dates_in_words(spans["dates"], spans["date_labels"]) == (
        "shaping from 2024-01-02 to 2024-03-04"
    )
    assert dates_in_words(["2024-01-02", "2024-03-04"], None) == "2024-01-02 → 2024-03-04"


def test_merged_checks_keep_each_dates_label_unless_two_dates_share_one():
    def flag(*pairs):
        return Flag(
            "no-backlog-owner", "warning", "m", "prioritisation", Evidence(**labelled_dates(*pairs))
        )

    last = ("board's last activity", "2023-04-13")
    [merged] = merge_same_code(
        [flag(("last prioritisation", "2023-01-03"), last), flag(("untouched since", "2023-03-14"))]
    )
    assert merged.evidence.dates == ["2023-01-03", "2023-03-14", "2023-04-13"]
    assert merged.evidence.date_labels == ["last prioritisation", "untouched since", last[0]]
    two_people = merge_same_code(
        [
            flag(("from", "2024-01-01"), ("to", "2024-02-01")),
            flag(("from", "2024-01-15"), ("to", "2024-03-01")),
        ]
    )
    assert two_people[0].evidence.date_labels == []  # sorted, the spans would mix
