"""The fast JSON writer gives exactly the text of ``json.dumps(report.to_dict(), indent=2)``:
on real scans (bundled model, every example export) and on items holding odd values."""

from __future__ import annotations

import enum
import io
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from ownership_boards import KeywordModel, drift_board

from analyzer.formats import get_format
from analyzer.formats.json import JsonFormat
from analyzer.pipeline import scan_board, scan_file
from analyzer.report import ItemResult, Report

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"
WHEN = datetime(2026, 11, 23, tzinfo=UTC)


def reference(report: Report) -> str:
    return json.dumps(report.to_dict(), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def check(report: Report) -> str:
    fmt = get_format("json")
    text = fmt.render(report)
    assert text == reference(report)
    stream = io.StringIO()
    JsonFormat().write(report, stream)
    assert stream.getvalue() == text
    return text


@pytest.mark.parametrize(
    "name", ["trello_sample_board.json", "jira_sample_export.json", "jira_sample_export.csv"]
)
def test_example_scans_with_the_bundled_model(name):
    report = scan_file(EXAMPLES / name, generated_at=WHEN)
    assert report.items and all(item.reason for item in report.items)
    check(report)


@pytest.fixture(scope="module")
def report() -> Report:
    return scan_board(drift_board("jira").board, KeywordModel(), window="month", generated_at=WHEN)


class Colour(enum.Enum):
    RED = "red"


class Name(enum.StrEnum):
    STRATEGIC = "strategic"


ODD = [
    {"title": 'quotes " and \\ backslash, tab\t newline\n nul\x00 \u2028 emoji 🚀 ’ é'},
    {"key": None, "type": None, "status": None, "assignee": None, "assignee_id": None},
    {"predicted_label": None, "column": None, "url": None, "created": None, "updated": None},
    {"terms": []},
    {"terms": ["one"]},
    {"terms": ["a", 'b "c"', "ü"]},
    {"terms": ["a", 3]},  # not a string: the general path
    {"terms": ("a", "b")},  # a tuple
    {"confidence": float("nan")},
    {"confidence": float("inf")},
    {"confidence": 1},  # an int
    {"confidence": 0.123456789},
    {"confidence": -0.0},
    {"confidence": 1e-07},
    {"closed": True},
    {"closed": 1},
    {"activity_count": True},
    {"activity_count": 2**70},
    {"created": date(2024, 1, 2)},
    {"created": datetime(2024, 1, 2, 3, 4, 5, 6)},  # naive, microseconds
    {"updated": datetime(2024, 1, 2, tzinfo=timezone(timedelta(hours=-5, minutes=-30)))},
    {"created": datetime(999, 1, 2, 3, 4, 5, tzinfo=UTC)},  # a year before 1000
    {"created": datetime(2024, 12, 31, 23, 59, 59, 999999, tzinfo=UTC, fold=1)},
    {"updated": datetime(2024, 1, 2, 0, 0, 0, 10, tzinfo=timezone(timedelta(0)))},
    {"label": Name.STRATEGIC},
    {"label": Colour.RED},
    {"type": 7},
    {"id": ""},
    {"reason": ""},
    {"assignees": ["a", 'b "c" 🚀'], "assignee_ids": ["1", "2"]},  # several owners
    {"assignees": [], "assignee_ids": ["1"]},
    {"assignees": ("a",)},  # a tuple
    {"assignee_ids": "ab"},  # a string, not a list
    {"assignees": ["a", 3]},  # not a string
    {"assignee_ids": [None]},
]


@pytest.mark.parametrize("change", ODD, ids=[str(i) for i in range(len(ODD))])
def test_items_with_odd_values(report, change):
    items = [replace(report.items[0], **change), *report.items[1:]]
    odd = replace(report, items=items, top_strategic=items[:2], top_tactical=[])
    text = check(odd)
    if "nan" not in str(change) and "inf" not in str(change):
        json.loads(text)


def test_an_item_subclass_and_foreign_objects_take_the_general_path(report):
    class Special(ItemResult):
        __slots__ = ()

    first = report.items[0]
    special = Special(**{name: getattr(first, name) for name in first.__dataclass_fields__})
    check(replace(report, items=[special, {"plain": "dict"}, *report.items[1:]]))


def test_empty_and_custom_label_reports(report):
    check(replace(report, items=[], top_strategic=[], top_tactical=[], people=[], flags=[]))
    check(replace(report, top_other={"ux": report.items[:2], "ops": []}, labels=["a", "b", "ux"]))


def test_a_report_subclass_keeps_its_own_dict(report):
    class Shaped(Report):
        def to_dict(self):
            return {"shaped": True}

    shaped = Shaped(**{name: getattr(report, name) for name in report.__dataclass_fields__})
    assert get_format("json").render(shaped) == '{\n  "shaped": true\n}\n'
    stream = io.StringIO()
    JsonFormat().write(shaped, stream)
    assert stream.getvalue() == '{\n  "shaped": true\n}\n'


def test_long_item_lists_are_written_in_pieces(report, monkeypatch):
    import analyzer.formats.json as module

    monkeypatch.setattr(module, "_CHUNK", 2)
    many = [replace(report.items[i % len(report.items)], id=str(i)) for i in range(7)]
    pieces = list(module.iter_json(replace(report, items=many)))
    assert "".join(pieces) == reference(replace(report, items=many))
    assert len(pieces) - len(list(module.iter_json(replace(report, items=[])))) == 4 + 1
    apart = list(module.iter_json(replace(report, items=many), chunk=0))
    assert "".join(apart) == "".join(pieces) and len(apart) > len(pieces)
    one_item = [p for p in apart if p.startswith('{\n      "id": ')]
    assert len(one_item) >= 7 and all(p.count('"id": ') == 1 for p in one_item)  # one per piece
    check(replace(report, items=many))


def test_plain_items_take_the_fast_path(report, monkeypatch):
    import analyzer.formats.json as module

    assert module._FAST  # ItemResult's fields are the ones the fast writer knows
    text = reference(report)

    def general(item):
        raise AssertionError("a plain item went the general way")

    monkeypatch.setattr(module, "_general_item", general)
    assert get_format("json").render(report) == text


def test_times_are_written_as_isoformat_writes_them():
    import random

    from analyzer.formats._json_chunks import when as _when

    rng = random.Random(1)
    zones = [None, UTC, timezone(timedelta(hours=2)), timezone(timedelta(minutes=-90, seconds=5))]
    for _ in range(3000):
        when = datetime(
            rng.choice([1, 999, 1000, rng.randint(1, 9999)]),
            rng.randint(1, 12),
            rng.randint(1, 28),
            rng.randint(0, 23),
            rng.randint(0, 59),
            rng.randint(0, 59),
            rng.choice([0, 1, rng.randint(0, 999999)]),
            tzinfo=rng.choice(zones),
        )
        assert _when(when) == f'"{when.isoformat()}"'
    assert _when(None) == "null"
