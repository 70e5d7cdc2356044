"""Property-based fuzzing of every reader and every report format (issue 15).

Generated Trello board JSON, Jira issues JSON and Jira CSV documents — the test fixtures with
fields swapped for wrong types, extreme values (year 1 and 9999, 5000-digit integers, Infinity),
control characters, escape sequences and lone surrogates, in odd encodings, sometimes cut short —
go through ``scan`` in each report format. The only outcomes allowed: a report (bad records
counted; no raw control character in it; JSON that parses) or one line on stderr with exit 2.

Bounded for CI: few examples, no deadline (``FUZZ_EXAMPLES`` raises the count;
``benchmarks/fuzz_long.py`` runs it longer). Examples are derandomized, so a failure reproduces.
"""

from __future__ import annotations

import codecs
import contextlib
import csv
import io
import json
import os
from contextlib import contextmanager
from pathlib import Path
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from ownership_boards import KeywordModel
from typer.testing import CliRunner

import analyzer.pipeline
from analyzer.cli import app

FIXTURES = Path(__file__).parent / "fixtures"
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "12"))
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=os.environ.get("FUZZ_RANDOM") != "1",
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
FORMATS = ["table", "markdown", "html", "json", "csv", "jsonl"]

HOSTILE_TEXT = [
    "\x1b[2J\x1b[31mred",
    "\x1b]0;title\x07",
    "\ud800",
    "a\udfffb",
    "\x00\x7f\x9b",
    "line\r\nline\rline",
    "9999-12-31T23:59:59.999Z",
    "0001-01-01T00:00:00Z",
    "31/Dec/99 11:59 PM",
    "01/Jan/9999 10:00",
    '=HYPERLINK("x")',
    "中文 🚀 ñ",
    "",
    " ",
    "9" * 5000,
]
_HUGE = "@@huge-integer@@"
_text = st.one_of(st.sampled_from(HOSTILE_TEXT), st.text(max_size=30))
_scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.just(_HUGE),  # a 5000-digit integer, put in after json.dumps (which cannot write it)
    st.floats(allow_nan=True, allow_infinity=True),
    _text,
)
_value = st.recursive(
    _scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(_text, inner, max_size=3)),
    max_leaves=6,
)


def _paths(node, prefix=()):
    """Every path into a JSON document (each element of every list)."""
    if isinstance(node, dict):
        for key, value in node.items():
            yield (*prefix, key)
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield (*prefix, index)
            yield from _paths(value, (*prefix, index))


def _replace(document, path, value):
    node = document
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value


BASES = {
    "trello": json.loads((FIXTURES / "trello_board_basic.json").read_text(encoding="utf-8")),
    "trello-archived": json.loads(
        (FIXTURES / "trello_board_with_archived_cards.json").read_text(encoding="utf-8")
    ),
    "jira": json.loads((FIXTURES / "jira_search_v2.json").read_text(encoding="utf-8")),
    "jira-v3": json.loads((FIXTURES / "jira_search_v3.json").read_text(encoding="utf-8")),
}
PATHS = {name: list(_paths(doc)) for name, doc in BASES.items()}


@st.composite
def json_exports(draw) -> bytes:
    """A Trello or Jira JSON export with a few fields replaced, encoded one of several ways."""
    name = draw(st.sampled_from(sorted(BASES)))
    document = json.loads(json.dumps(BASES[name]))
    paths = PATHS[name]
    for _ in range(draw(st.integers(1, 6))):
        path = paths[draw(st.integers(0, len(paths) - 1))]
        value = draw(_value)
        with contextlib.suppress(KeyError, IndexError, TypeError):
            _replace(document, path, value)  # (an earlier replacement may be in the way)
    text = json.dumps(document, ensure_ascii=draw(st.booleans()))
    text = text.replace(f'"{_HUGE}"', "-" + "9" * 5000)
    return _encode(draw, text)


CSV_BASES = [
    (FIXTURES / "jira_export_en.csv").read_text(encoding="utf-8-sig"),
    (FIXTURES / "jira_export_de.csv").read_bytes().decode("cp1252"),
    (FIXTURES / "jira_export_pt_br.csv").read_text(encoding="utf-8"),
]


@st.composite
def csv_exports(draw) -> bytes:
    """A Jira CSV export with a few cells replaced, in UTF-8, UTF-16 or Windows-1252."""
    text = draw(st.sampled_from(CSV_BASES))
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;\t")
    rows = [r for r in csv.reader(io.StringIO(text, newline=""), dialect) if r]
    for _ in range(draw(st.integers(1, 6))):
        row = draw(st.integers(1, len(rows) - 1))
        column = draw(st.integers(0, len(rows[row]) - 1))
        rows[row][column] = draw(_text).replace("\x00", "")  # (csv cannot write NUL)
    if draw(st.booleans()):
        rows.append([draw(_text).replace("\x00", "") for _ in rows[0]])
    out = io.StringIO(newline="")
    csv.writer(out, delimiter=draw(st.sampled_from([",", ";", "\t"]))).writerows(rows)
    return _encode(draw, out.getvalue())


def _encode(draw, text: str) -> bytes:
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))
    raw = text.encode(encoding, errors="surrogatepass" if encoding.startswith("utf") else "replace")
    if draw(st.integers(0, 9)) == 0:  # now and then a file cut short
        raw = raw[: draw(st.integers(0, len(raw)))]
    if draw(st.integers(0, 19)) == 0:
        raw = codecs.BOM_UTF8 + raw
    return raw


@contextmanager
def _keyword_model():
    real = analyzer.pipeline.load_role_model

    def load(model=None):
        return real(model) if model is not None else (KeywordModel(), "keyword-test")

    with mock.patch.object(analyzer.pipeline, "load_role_model", load):
        yield


def _check_outcome(result, report_format: str) -> None:
    stderr = result.stderr
    assert "Traceback" not in result.output and "internal error" not in stderr, stderr
    if result.exit_code == 2:
        lines = stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("backlog-analyzer: error: "), stderr
        assert not any(ord(c) < 0x20 for c in lines[0]), repr(lines[0])
        return
    assert result.exit_code == 0, (result.exit_code, stderr, result.output[-500:])
    out = result.stdout
    assert not any(
        (ord(c) < 0x20 and c not in "\t\n") or 0x7F <= ord(c) <= 0x9F or 0xD800 <= ord(c) <= 0xDFFF
        for c in out
    ), report_format
    if report_format == "json":
        json.loads(out)
    elif report_format == "jsonl":
        for line in out.splitlines():
            json.loads(line)


def _scan(raw: bytes, tmp_path: Path, suffix: str, report_format: str):
    path = tmp_path / f"export{suffix}"
    path.write_bytes(raw)
    with _keyword_model():
        return CliRunner().invoke(app, ["scan", str(path), "-f", report_format], color=True)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("fuzz")


@FUZZ
@given(raw=json_exports(), report_format=st.sampled_from(FORMATS))
def test_json_exports_give_a_report_or_one_line(workdir, raw, report_format):
    _check_outcome(_scan(raw, workdir, ".json", report_format), report_format)


@FUZZ
@given(raw=csv_exports(), report_format=st.sampled_from(FORMATS))
def test_csv_exports_give_a_report_or_one_line(workdir, raw, report_format):
    _check_outcome(_scan(raw, workdir, ".csv", report_format), report_format)


@settings(FUZZ, max_examples=max(3, EXAMPLES // 3))
@given(raw=st.one_of(json_exports(), csv_exports()))
def test_import_then_report_gives_a_report_or_one_line(workdir, raw):
    """What a hostile export leaves in the store never breaks a later report."""
    path = workdir / "import.json"
    path.write_bytes(raw)
    store = workdir / "fuzz.sqlite"
    store.unlink(missing_ok=True)
    with _keyword_model():
        imported = CliRunner().invoke(app, ["import", str(path), "--db", str(store)])
        _check_outcome(imported, "none")
        if imported.exit_code == 0:
            for report_format in ("table", "json", "html"):
                result = CliRunner().invoke(
                    app, ["report", "--db", str(store), "-f", report_format], color=True
                )
                _check_outcome(result, report_format)
