"""A CSV whose key column holds one value on every row, no issue key (a Newman data file named
Jira.csv: ``key,summary,description,...``, the project key ``TES`` on all 5 rows, session 30)
is refused in one line saying so, on every read path, instead of reading 1 issue and "TES
appears again; kept the first" for each other row. One issue exported twice (a key ending in
its number) still reads as one issue, its copy said."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from connectors.exports.jira_csv import JiraCsvExport
from connectors.interface import ExportFormatError

#: What the refusal says (then the advice), of the 3-row file below.
SAID = (
    "holds the same value, 'DEMO', in the key column of all 3 rows: no issue key (such as "
    "PROJ-123) tells its issues apart — export the issues from Jira with Filters → Export → "
    "CSV (all fields)"
)
READS = {  # every path: csv module, polars' columns, the scan's prepared rows
    "csv module": {"polars": False},
    "columns": {},
    "prepared": {"activity_details": False, "shared_empty": True},
}


def _csv(tmp_path: Path, key_of, rows: int = 3, name: str = "Jira.csv") -> Path:
    lines = ["key,summary,description,name"]
    lines += [f"{key_of(n)},Create issue {n} by the API,Made for testing {n},Task" for n in
              range(1, rows + 1)]  # fmt: skip
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("how", READS)
def test_one_project_key_on_every_row_is_refused_in_one_line(tmp_path, how):
    path = _csv(tmp_path, lambda n: "DEMO")
    with pytest.raises(ExportFormatError) as raised:
        JiraCsvExport(path, **READS[how]).load()
    assert str(raised.value) == f"{path}: {SAID}"


def test_the_cli_says_it_in_one_line_and_exits_2(tmp_path):
    path = _csv(tmp_path, lambda n: "DEMO")
    result = CliRunner().invoke(app, ["scan", str(path)])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [f"backlog-analyzer: error: {path}: {SAID}"]


@pytest.mark.parametrize("how", READS)
def test_one_issue_exported_twice_still_reads_as_one_with_its_copy_said(tmp_path, how):
    board = JiraCsvExport(_csv(tmp_path, lambda n: "DEMO-7", rows=2), **READS[how]).load()
    assert [i.key for i in board.items] == ["DEMO-7"]
    assert board.repeats.lines == ["issue #2: DEMO-7 appears twice; kept the first"]


@pytest.mark.parametrize("how", READS)
def test_one_row_or_distinct_keys_read_as_before(tmp_path, how):
    one = JiraCsvExport(_csv(tmp_path, lambda n: "DEMO", rows=1), **READS[how]).load()
    assert [i.key for i in one.items] == ["DEMO"] and not one.repeats
    path = _csv(tmp_path, lambda n: f"DEMO-{n % 2 + 1}", rows=3, name="two.csv")
    two = JiraCsvExport(path, **READS[how]).load()
    assert [i.key for i in two.items] == ["DEMO-2", "DEMO-1"]
    assert two.repeats.lines == ["issue #3: DEMO-2 appears twice; kept the first"]
