"""The JSON report matches analyzer/schema/report.schema.json (checked by a small validator)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from ownership_boards import KeywordModel, healthy_board

from analyzer.formats import get_format
from analyzer.pipeline import scan_board

SCHEMA_PATH = Path(__file__).parents[1] / "analyzer" / "schema" / "report.schema.json"
TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "boolean": bool,
    "null": type(None),
}
FORMATS = {
    "date": re.compile(r"^\d{4}-\d{2}-\d{2}$"),
    "date-time": re.compile(
        r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?$"
    ),
}


def _is_type(value: Any, name: str) -> bool:
    if name == "integer":
        return isinstance(value, int) and not isinstance(value, bool)
    if name == "number":
        return isinstance(value, int | float) and not isinstance(value, bool)
    return isinstance(value, TYPES[name])


def validate(value: Any, schema: dict, root: dict, path: str = "$") -> list[str]:
    """The subset of JSON Schema the report schema uses: $ref, type, enum, const, anyOf,
    properties/required/additionalProperties, items, minimum/maximum, format (date, date-time)."""
    if "$ref" in schema:
        name = schema["$ref"].removeprefix("#/$defs/")
        return validate(value, root["$defs"][name], root, path)
    errors: list[str] = []
    if "anyOf" in schema:
        if all(validate(value, option, root, path) for option in schema["anyOf"]):
            errors.append(f"{path}: matches none of anyOf")
        return errors
    if "const" in schema and value != schema["const"]:
        errors.append(f"{path}: {value!r} != {schema['const']!r}")
    if "enum" in schema and value not in schema["enum"]:
        errors.append(f"{path}: {value!r} not in {schema['enum']}")
    if "type" in schema:
        names = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        if not any(_is_type(value, n) for n in names):
            return errors + [f"{path}: {type(value).__name__} is not {'/'.join(names)}"]
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "minimum" in schema and value < schema["minimum"]:
            errors.append(f"{path}: {value} < {schema['minimum']}")
        if "maximum" in schema and value > schema["maximum"]:
            errors.append(f"{path}: {value} > {schema['maximum']}")
    fmt = FORMATS.get(schema.get("format", ""))
    if isinstance(value, str) and fmt is not None and not fmt.match(value):
        errors.append(f"{path}: {value!r} is not a {schema['format']}")
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for key in schema.get("required", []):
            if key not in value:
                errors.append(f"{path}: missing {key!r}")
        extra = schema.get("additionalProperties", True)
        for key, sub in value.items():
            if key in props:
                errors += validate(sub, props[key], root, f"{path}.{key}")
            elif extra is False:
                errors.append(f"{path}: unexpected key {key!r}")
            elif isinstance(extra, dict):
                errors += validate(sub, extra, root, f"{path}.{key}")
    if isinstance(value, list) and "items" in schema:
        for i, sub in enumerate(value):
            errors += validate(sub, schema["items"], root, f"{path}[{i}]")
    return errors


@pytest.fixture(scope="module")
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def _report_json(source: str, **kw) -> dict:
    b = healthy_board(source, pm_strategic_until=12, po_prioritises_until=20)
    b.item("U1", "tactical", title="Something vague")  # no keyword -> uncertain
    report = scan_board(b.board, KeywordModel(), window=kw.get("window", "month"))
    return json.loads(get_format("json").render(report))


@pytest.mark.parametrize("source", ["trello", "jira"])
def test_a_real_report_validates(schema, source):
    data = _report_json(source)
    assert validate(data, schema, schema) == []
    # The report under test really exercises the issue-4 parts of the schema.
    assert data["schema_version"] == "2"
    assert data["flags"] and data["windows"] and data["board_drift"]
    assert any(p["drift"] for p in data["people"]) and any(
        p["declared_role"] for p in data["people"]
    )
    assert {"id", "key", "title", "label", "confidence", "reason"} <= set(data["items"][0])


def test_the_schema_lists_every_key_in_report_order(schema):
    data = _report_json("jira")
    assert list(data) == list(schema["properties"]) == schema["required"]
    assert list(data["people"][0]) == list(schema["$defs"]["person"]["properties"])


def test_an_empty_board_validates(schema):
    from connectors.interface import Board

    report = scan_board(Board("b", "Empty", "trello"), KeywordModel())
    data = json.loads(get_format("json").render(report))
    assert validate(data, schema, schema) == []
    assert data["windows"] == [] and data["flags"] == []


@pytest.mark.parametrize(
    ("mutate", "error"),
    [
        (lambda d: d.pop("flags"), "missing 'flags'"),
        (lambda d: d["flags"][0].update(severity="fatal"), "not in"),
        (lambda d: d["windows"][0].update(activities="3"), "str is not integer"),
        (lambda d: d["people"][0].update(extra=1), "unexpected key 'extra'"),
        (lambda d: d["items"][0].update(confidence=1.5), "> 1"),
        (lambda d: d["windows"][0].update(start="March"), "is not a date"),
        (lambda d: d.update(schema_version="1.0"), "!= '2'"),
        (lambda d: d["people"][0].update(drift={"status": "drifting"}), "matches none of anyOf"),
    ],
)
def test_the_validator_catches_what_it_should(schema, mutate, error):
    data = _report_json("trello")
    mutate(data)
    assert any(error in e for e in validate(data, schema, schema))
