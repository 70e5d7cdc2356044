"""Hostile and odd input (issue 15): each case ends in a report (bad records skipped and counted,
with their reason) or one line on stderr with exit 2 — never an internal error, a hang, a raw
escape sequence or a secret. The numbers in the section titles are the issue's."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.roles import RolesFileError, parse_roles_file
from connectors import credentials as cr
from connectors.small_files import SMALL_FILE_LIMIT, SmallFileError, read_small_text
from tests.cli_helpers import one_error_line

FIXTURES = Path(__file__).parent / "fixtures"
BOARD = FIXTURES / "trello_board_basic.json"


# Reports are classified by the tests' keyword model (conftest).
pytestmark = pytest.mark.usefixtures("keyword_model")


def run(*args, color: bool = False):
    """The CLI in this process; ``color=True`` keeps escape sequences as a terminal gets them."""
    return CliRunner().invoke(app, [str(a) for a in args], color=color)


# -- 6. --roles: a size limit, no FIFO or device ------------------------------------------------


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_roles_from_a_device_is_refused_without_reading_it(cli_home):
    result = run("scan", BOARD, "--roles", "/dev/zero")
    assert result.exit_code == 2
    assert "is not a regular file" in one_error_line(result)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_roles_from_a_fifo_without_writer_does_not_hang(cli_home):
    fifo = cli_home / "roles.fifo"
    os.mkfifo(fifo)
    result = run("scan", BOARD, "--roles", fifo)
    assert result.exit_code == 2
    assert "is not a regular file" in one_error_line(result)


def test_a_huge_roles_file_is_refused(cli_home):
    big = cli_home / "big.toml"
    big.write_bytes(b"# " + b"x" * SMALL_FILE_LIMIT + b"\n")
    with pytest.raises(RolesFileError, match="is larger than"):
        parse_roles_file(big)


# -- 12. a roles file with a UTF-8 BOM, in UTF-16; a UTF-16 credentials file ---------------------


@pytest.mark.parametrize("encoding", ["utf-8-sig", "utf-16"])
def test_roles_file_with_a_bom_is_read(cli_home, encoding):
    path = cli_home / "roles.toml"
    path.write_bytes('[people]\n"Tomás Ortega" = "po"\n'.encode(encoding))
    roles = parse_roles_file(path)
    assert roles.people == {"tomás ortega": ["po"]}
    result = run("scan", BOARD, "--roles", path, "-f", "json")
    assert result.exit_code == 0, result.stderr


def test_utf16_credentials_file_is_read(tmp_path):
    path = tmp_path / "credentials.toml"
    path.write_bytes(
        codecs.BOM_UTF16_LE + '[jira]\nserver = "https://x.example"\n'.encode("utf-16-le")
    )
    path.chmod(0o600)
    warnings: list[str] = []
    config = cr.load_config(path, warn=warnings.append)
    assert warnings == [] and config["jira"]["server"] == "https://x.example"


def test_undecodable_credentials_file_is_a_warning(tmp_path):
    path = tmp_path / "credentials.toml"
    path.write_bytes(b"[jira]\nserver = '\xff\xfe\xfd'\n")
    path.chmod(0o600)
    warnings: list[str] = []
    assert cr.load_config(path, warn=warnings.append) == {}
    assert len(warnings) == 1 and "not a text file" in warnings[0]


def test_read_small_text_refuses_what_is_not_a_small_regular_file(tmp_path):
    with pytest.raises(SmallFileError) as missing:
        read_small_text(tmp_path / "nope")
    assert missing.value.missing
    with pytest.raises(SmallFileError, match="is a directory"):
        read_small_text(tmp_path)
    (tmp_path / "f").write_bytes(b"x" * 11)
    with pytest.raises(SmallFileError, match="larger than"):
        read_small_text(tmp_path / "f", limit=10)
    assert read_small_text(tmp_path / "f", limit=11) == "x" * 11


# -- 8. a damaged store: one line, exit 2, the file untouched -----------------------------------


def _digest(path: Path) -> bytes:
    import hashlib

    return hashlib.sha256(path.read_bytes()).digest()


@pytest.fixture
def filled_store(cli_home) -> Path:
    store = cli_home / "store.sqlite"
    assert run("import", BOARD, "--db", store).exit_code == 0
    return store


def test_a_store_missing_a_table_is_one_line_and_left_alone(filled_store):
    import sqlite3

    with sqlite3.connect(filled_store) as db:
        db.execute("DROP TABLE sync_state")
    db.close()
    before = _digest(filled_store)
    for command in (["report"], ["import", FIXTURES / "jira_search_v2.json"]):
        result = run(*command, "--db", filled_store)
        assert result.exit_code == 2, result.output
        assert "is damaged (table sync_state is missing)" in one_error_line(result)
    assert _digest(filled_store) == before


def test_a_byte_flipped_store_is_one_line_and_left_alone(filled_store):
    raw = bytearray(filled_store.read_bytes())
    for i in range(200, len(raw), 97):  # the header's first bytes kept: it is still SQLite
        raw[i] ^= 0xFF
    filled_store.write_bytes(bytes(raw))
    before = _digest(filled_store)
    for command in (["report"], ["import", FIXTURES / "jira_search_v2.json"]):
        result = run(*command, "--db", filled_store)
        assert result.exit_code == 2, result.output
        one_error_line(result)
    assert _digest(filled_store) == before


def test_a_data_page_damaged_after_opening_is_one_line(filled_store, monkeypatch):
    """An SQLite error in the middle of a read (a damaged page) is the store's one line too."""
    import sqlite3

    from connectors.store import Store, StoreError

    with Store(filled_store) as store:
        monkeypatch.setattr(store, "_db", _Failing(store._db, "database disk image is malformed"))
        with pytest.raises(StoreError, match="is damaged \\(database disk image is malformed\\)"):
            store.load_boards()
        store._db = store._db.real
    assert sqlite3  # (imported for the error type the fake raises)


class _Failing:
    """A connection whose every execute fails as SQLite does on a damaged page."""

    def __init__(self, real, message: str) -> None:
        self.real, self.message = real, message

    def execute(self, *args, **kwargs):
        import sqlite3

        raise sqlite3.DatabaseError(self.message)

    def close(self) -> None:
        self.real.close()


def test_import_into_a_read_only_store_is_one_line_and_changes_nothing(filled_store, monkeypatch):
    """As a non-root user would see it: every write is refused by SQLite (opened mode=ro)."""
    import sqlite3

    import connectors.store

    real_connect = sqlite3.connect

    def read_only(path, *args, **kwargs):
        if kwargs.pop("uri", False):  # already a URI (the CLI's own read-only look)
            return real_connect(path, *args, uri=True, **kwargs)
        return real_connect(f"{Path(path).absolute().as_uri()}?mode=ro", *args, uri=True, **kwargs)

    before = _digest(filled_store)
    monkeypatch.setattr(connectors.store.sqlite3, "connect", read_only)
    result = run("import", FIXTURES / "jira_search_v2.json", "--db", filled_store)
    assert result.exit_code == 2, result.output
    assert "it is read-only" in one_error_line(result)
    assert _digest(filled_store) == before


# -- 9. two imports racing on a new store -------------------------------------------------------


def _import_after(barrier, store: str, export: str) -> None:
    from connectors.exports import read_export
    from connectors.store import Store

    board = read_export(export)
    barrier.wait(timeout=60)
    with Store(store) as opened:
        opened.import_board(board)


def test_two_processes_importing_into_a_new_store_both_land(tmp_path):
    import multiprocessing

    from connectors.store import Store

    # forkserver: the children fork from a single-threaded server, not from pytest (whose earlier
    # tests may leave threads: fork() from a threaded process can deadlock, Python 3.12 warns)
    context = multiprocessing.get_context("forkserver")
    exports = [str(BOARD), str(FIXTURES / "jira_search_v2.json")]
    for round_ in range(4):
        store = tmp_path / f"race{round_}.sqlite"
        barrier = context.Barrier(2)
        workers = [
            context.Process(target=_import_after, args=(barrier, str(store), export))
            for export in exports
        ]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join(timeout=120)
        assert [w.exitcode for w in workers] == [0, 0]
        with Store(store) as opened:
            assert sorted(s.kind for s in opened.sources()) == ["jira", "trello"]


# -- 12. a failed fetch leaves no empty store ---------------------------------------------------


def test_a_fetch_failing_before_saving_leaves_no_store(cli_home, monkeypatch):
    for name in ("JIRA_SERVER", "JIRA_PAT", "JIRA_EMAIL", "JIRA_API_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    store = cli_home / "new.sqlite"
    result = run("fetch", "jira", "--project", "P", "--db", store)
    assert result.exit_code == 2 and "no Jira server" in one_error_line(result)
    assert sorted(p.name for p in cli_home.iterdir() if p.name.startswith("new")) == []
    result = run("report", "--db", store)
    assert result.exit_code == 2 and "no such store" in one_error_line(result)


def test_a_failed_fetch_keeps_an_existing_store(filled_store, monkeypatch):
    for name in ("JIRA_SERVER", "JIRA_PAT", "JIRA_EMAIL", "JIRA_API_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    before = _digest(filled_store)
    result = run("fetch", "jira", "--project", "P", "--db", filled_store)
    assert result.exit_code == 2
    assert filled_store.exists() and _digest(filled_store) == before


# -- 12. -o /dev/full is exit 74 (README), matplotlib keeps its glyph warnings to itself ---------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("report_format", ["json", "html"])
def test_output_to_a_full_disk_is_74(cli_home, report_format):
    result = run("scan", BOARD, "-f", report_format, "-o", "/dev/full")
    assert result.exit_code == 74
    assert "/dev/full: cannot write the report (No space left on device)" in one_error_line(result)


def test_write_output_says_74_only_for_a_failed_write(tmp_path):
    from analyzer.app import exit_code_for
    from analyzer.output import write_output
    from connectors.interface import SourceError

    def full(handle):
        raise OSError(28, "No space left on device")

    with pytest.raises(SourceError) as raised:
        write_output(tmp_path / "r.json", full)
    assert exit_code_for(raised.value) == 74

    def denied(handle):
        raise PermissionError(13, "Permission denied")

    with pytest.raises(SourceError) as raised:
        write_output(tmp_path / "r.json", denied)
    assert exit_code_for(raised.value) == 2


def test_names_the_chart_font_lacks_print_no_glyph_warning(cli_home):
    import json
    import warnings

    board = json.loads(BOARD.read_text(encoding="utf-8"))
    for member in board["members"]:
        member["fullName"] = "王小明 🚀 " + member["fullName"]
    path = cli_home / "cjk.json"
    path.write_text(json.dumps(board), encoding="utf-8")
    with warnings.catch_warnings(record=True) as shown:  # what would reach stderr
        warnings.simplefilter("always")
        result = run("scan", path, "-f", "html", "-o", cli_home / "r.html")
    assert result.exit_code == 0, result.output
    assert [str(w.message) for w in shown if "Glyph" in str(w.message)] == []
    assert "Glyph" not in result.stderr


# -- 1. wrong-typed fields: the record skipped and counted with its reason; the board: one line ---


def _board() -> dict:
    import json

    return json.loads(BOARD.read_text(encoding="utf-8"))


def _set(document: dict, path: tuple, value) -> dict:
    node = document
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return document


def _scan_json(cli_home, document: dict | list, name: str = "doc.json"):
    import json

    path = cli_home / name
    path.write_text(json.dumps(document), encoding="utf-8")
    result = run("scan", path, "-f", "json")
    return result, (json.loads(result.stdout) if result.exit_code == 0 else None)


@pytest.mark.parametrize(
    ("path", "value", "reason"),
    [
        (("cards", 0, "idList"), {"x": 1}, "field 'idList' is an object, expected text"),
        (("cards", 0, "idMembers"), True, "field 'idMembers' is true/false, expected a list"),
        (("cards", 0, "idMembers"), [{"id": 1}], "field 'idMembers[0]' is an object"),
        (("cards", 0, "customFieldItems"), 5, "field 'customFieldItems' is a number"),
        (("labels", 0, "id"), ["x"], "label #1: field 'id' is a list, expected text"),
        (("lists", 0, "id"), {"x": 1}, "list #1: field 'id' is an object, expected text"),
        (("lists", 0, "name"), 7, "list #1: field 'name' is a number, expected text"),
        (("members", 0, "fullName"), False, "member #1: field 'fullName' is true/false"),
        (("actions", 0, "type"), {"t": 1}, "field 'type' is an object, expected text"),
        (("actions", 0, "idMemberCreator"), [1], "field 'idMemberCreator' is a list"),
        (("checklists", 0, "idCard"), {"x": 1}, "checklist #1: field 'idCard' is an object"),
    ],
)
def test_a_wrong_typed_trello_field_skips_its_record_with_the_reason(cli_home, path, value, reason):
    result, report = _scan_json(cli_home, _set(_board(), path, value))
    assert result.exit_code == 0, result.output
    assert report["skipped"]["count"] >= 1
    assert any(reason in line for line in report["skipped"]["records"]), report["skipped"]
    markdown = run("scan", cli_home / "doc.json", "-f", "markdown")
    # the reasons are in the report (Markdown escapes the brackets)
    assert markdown.exit_code == 0 and reason in markdown.stdout.replace("\\", "")


@pytest.mark.parametrize(
    ("key", "value", "said"),
    [
        ("actions", 5, "the board's field 'actions' is a number, expected a list"),
        ("cards", {"a": 1}, "is JSON but not a Trello board export"),  # (cards make a board)
        ("lists", "x", "the board's field 'lists' is text, expected a list"),
        ("labels", 3, "the board's field 'labels' is a number, expected a list"),
        ("members", True, "the board's field 'members' is true/false, expected a list"),
        ("name", {"n": 1}, "the board's field 'name' is an object"),
    ],
)
def test_a_wrong_typed_board_field_is_one_line_and_exit_2(cli_home, key, value, said):
    result, _ = _scan_json(cli_home, _set(_board(), (key,), value))
    assert result.exit_code == 2
    assert said in one_error_line(result)


def _jira() -> dict:
    import json

    return json.loads((FIXTURES / "jira_search_v2.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(
    ("field", "value", "reason"),
    [
        ("labels", 5, "field 'fields.labels' is a number, expected a list"),
        ("summary", {"s": 1}, "field 'fields.summary' is an object"),
        ("assignee", {"accountId": {"x": 1}}, "field 'fields.assignee.accountId' is an object"),
        ("created", 12, "field 'fields.created' is a number, expected text"),
        ("status", [1], "field 'fields.status' is a list"),
    ],
)
def test_a_wrong_typed_jira_field_skips_its_issue_with_the_reason(cli_home, field, value, reason):
    document = _jira()
    document["issues"][0]["fields"][field] = value
    result, report = _scan_json(cli_home, document)
    assert result.exit_code == 0, result.output
    assert any(reason in line for line in report["skipped"]["records"]), report["skipped"]


def test_a_wrong_typed_record_is_counted_through_import_and_report(cli_home):
    store = cli_home / "s.sqlite"
    path = cli_home / "doc.json"
    import json

    path.write_text(json.dumps(_set(_board(), ("cards", 0, "idList"), {"x": 1})))
    assert run("import", path, "--db", store).exit_code == 0
    result = run("report", "--db", store, "-f", "json")
    assert result.exit_code == 0, result.output
    assert any("idList" in line for line in json.loads(result.stdout)["skipped"]["records"])


# -- 2. extreme but valid dates -----------------------------------------------------------------


@pytest.mark.parametrize("when", ["9999-12-31T23:59:59.000Z", "0001-01-01T00:00:00.000Z"])
def test_extreme_dates_are_skipped_not_fatal_in_scan_and_later_report(cli_home, when):
    import json

    document = _board()
    for action in document["actions"][:3]:
        action["date"] = when
    document["cards"][0]["due"] = when
    document["cards"][1]["dateLastActivity"] = when
    result, report = _scan_json(cli_home, document)
    assert result.exit_code == 0, result.output
    assert report["skipped"]["count"] == 3  # the three actions: no date the analysis can use
    assert all("has no valid date" in line for line in report["skipped"]["records"])
    store = cli_home / "dates.sqlite"
    assert run("import", cli_home / "doc.json", "--db", store).exit_code == 0
    for report_format in ("json", "table", "markdown", "html"):
        result = run("report", "--db", store, "-f", report_format, "--window", "week")
        assert result.exit_code == 0, (report_format, result.output)
    jira = _jira()
    jira["issues"][0]["fields"]["created"] = when.replace("Z", "+0000")
    jira["issues"][1]["fields"]["duedate"] = when[:10]
    result, report = _scan_json(cli_home, jira, "jira.json")
    assert result.exit_code == 0, result.output
    assert json.dumps(report)  # a whole report


# -- 3. lone surrogates; 5. control characters and escape sequences in all output ----------------

HOSTILE = "\x1b[2J\x1b[31mRed\x1b]0;pwned\x07 \x9b1m\ud800 \udfff\x00\x7f \u202egnp.exe\u2066"


def _hostile_board() -> dict:
    document = _board()
    document["name"] = "Board " + HOSTILE
    document["cards"][0]["name"] = "Roadmap " + HOSTILE
    document["cards"][1]["desc"] = "line\r\nnext " + HOSTILE
    document["members"][0]["fullName"] = "Priya " + HOSTILE
    document["lists"][0]["name"] = "Backlog " + HOSTILE
    document["labels"][0]["name"] = "Strategy " + HOSTILE
    return document


def _assert_clean(text: str) -> None:
    assert not any(ord(c) < 0x20 and c not in "\t\n" for c in text), repr(text[:200])
    assert not any(0x7F <= ord(c) <= 0x9F for c in text)
    assert not any(0xD800 <= ord(c) <= 0xDFFF for c in text)
    assert not any(0x202A <= ord(c) <= 0x202E or 0x2066 <= ord(c) <= 0x2069 for c in text)


@pytest.mark.parametrize("report_format", ["table", "markdown", "html", "json", "csv", "jsonl"])
def test_board_text_reaches_no_output_raw(cli_home, report_format):
    import json

    path = cli_home / "hostile.json"
    path.write_text(json.dumps(_hostile_board()), encoding="utf-8")  # \ud800 as an escape
    result = run("scan", path, "-f", report_format, color=True)  # as a terminal would get it
    assert result.exit_code == 0, result.output
    _assert_clean(result.stdout)
    assert "␛" in result.stdout.replace("\\u241b", "␛")  # shown, not played
    out = cli_home / f"r.{ {'table': 'txt', 'markdown': 'md'}.get(report_format, report_format) }"
    result = run("scan", path, "-f", report_format, "-o", out)
    assert result.exit_code == 0, result.output
    _assert_clean(out.read_text(encoding="utf-8"))
    if report_format == "json":
        json.loads(out.read_text(encoding="utf-8"))  # still valid JSON


def test_surrogates_and_escapes_are_stored_printable(cli_home):
    import json

    path = cli_home / "hostile.json"
    path.write_text(json.dumps(_hostile_board()), encoding="utf-8")
    store = cli_home / "s.sqlite"
    result = run("import", path, "--db", store)
    assert result.exit_code == 0, result.output
    import sqlite3

    with sqlite3.connect(store) as db:
        rows = [
            r[0] for r in db.execute("SELECT data FROM items UNION ALL SELECT name FROM sources")
        ]
    db.close()
    for row in rows:
        _assert_clean(row)
    for report_format in ("table", "markdown", "html", "json"):
        result = run("report", "--db", store, "-f", report_format, color=True)
        assert result.exit_code == 0, result.output
        _assert_clean(result.stdout)


def test_an_escape_sequence_in_a_file_name_is_shown_not_played(cli_home):
    name = "bad\x1b[31mname\x07.json"
    (cli_home / name).write_text("not an export", encoding="utf-8")
    result = run("scan", cli_home / name, color=True)
    assert result.exit_code == 2
    line = one_error_line(result)
    _assert_clean(line)
    assert "bad␛[31mname␇.json" in line
    board = cli_home / "ok\x1b]0;title\x07.json"
    board.write_bytes(BOARD.read_bytes())
    result = run("scan", board, "-f", "markdown", "-o", cli_home / "r\x1b[2J.md", color=True)
    assert result.exit_code == 0, result.output
    _assert_clean(result.stdout)
    _assert_clean((cli_home / "r\x1b[2J.md").read_text(encoding="utf-8"))


def test_printable_keeps_text_and_shows_controls():
    from connectors.mapping.clean import printable

    assert printable("plain text, ünïcödé, 中文 🚀\tand\nlines") == (
        "plain text, ünïcödé, 中文 🚀\tand\nlines"
    )
    assert printable("a\x1b[2Jb\x07c\x7fd\x9be\ud800f\r\ng\rh") == "a␛[2Jb␇c␡d\\x9be\\ud800f\ng\nh"
    # A bidi override is shown, not obeyed; right-to-left text and direction marks stay.
    assert printable("invoice\u202efdp.exe") == "invoice\\u202efdp.exe"
    assert printable("\u2067שלום\u2069 x") == "\\u2067שלום\\u2069 x"
    assert printable("שלום \u200f مرحبا") == "שלום \u200f مرحبا"


# -- 10. no password of a URL in any message ----------------------------------------------------


@pytest.mark.parametrize(
    "server", ["http://alice:SECRET@host:99999", "https://alice:SECRET@[::1", "ftp://a:SECRET@x"]
)
def test_a_password_in_the_server_url_is_never_printed(cli_home, monkeypatch, server):
    monkeypatch.setenv("JIRA_SERVER", server)
    monkeypatch.setenv("JIRA_PAT", "pat-token")
    result = run("fetch", "jira", "--project", "P", "--db", cli_home / "s.sqlite")
    assert result.exit_code == 2
    line = one_error_line(result)
    assert "SECRET" not in result.output and "alice" not in line
    result = run("scan", "jira", "P", "--server", server, "--db", cli_home / "s.sqlite")
    assert result.exit_code == 2 and "SECRET" not in result.output


def test_safe_line_masks_user_info_of_every_url():
    from analyzer.app import safe_line

    text = "see http://bob:pw@h/x and https://tok@h2:8080/y?token=abc ok https://h3/z"
    assert safe_line(text) == (
        "see http://***@h/x and https://***@h2:8080/y?token=*** ok https://h3/z"
    )
    # The whole value is masked, the sentence's punctuation after it is not eaten.
    said = "GET (https://api.trello.com/1/boards/x?key=K3Y.v4l&token=T0K,en). Retry"
    assert safe_line(said) == "GET (https://api.trello.com/1/boards/x?key=***&token=***). Retry"
    assert safe_line("token=abc") == "token=***" and safe_line("pat=a.b.c, then") == "pat=***, then"


# -- 4. integers over Python's 4300-digit limit -------------------------------------------------


def test_an_integer_of_thousands_of_digits_is_no_internal_error(cli_home):
    big = "9" * 5000
    trello = BOARD.read_text(encoding="utf-8")
    trello = trello.replace('"pos": 65535', f'"pos": {big}', 1).replace(
        '"closed": false', f'"closed": {big}', 1
    )
    jira = (FIXTURES / "jira_search_v2.json").read_text(encoding="utf-8")
    jira = jira.replace('"customfield_10016": 8.0', f'"customfield_10016": {big}', 1)
    jira = jira.replace('"id": "20001"', f'"id": {big}', 1)
    for name, text in (("t.json", trello), ("j.json", jira)):
        (cli_home / name).write_text(text, encoding="utf-8")
        result = run("scan", cli_home / name, "-f", "json")
        assert result.exit_code == 0, (name, result.output)
    jira_cut = jira.replace(f'"id": {big}', '"id": "20001"', 1)
    (cli_home / "cut.json").write_text(jira_cut[: jira_cut.index(big) + 4000], encoding="utf-8")
    result = run("scan", cli_home / "cut.json")
    assert result.exit_code == 2 and "truncated" in one_error_line(result)


# -- 7. piped input: scan -, /dev/stdin, process substitution, a named pipe -------------------


def _cli(*args, stdin=None, pass_fds=()):
    import subprocess
    import sys

    return subprocess.run(
        [sys.executable, "-m", "analyzer.cli", *map(str, args)],
        input=stdin,
        capture_output=True,
        timeout=120,
        pass_fds=pass_fds,
        env={**os.environ, "BACKLOG_ANALYZER_CONFIG": "/nonexistent/credentials.toml"},
    )


def test_scan_reads_an_export_piped_into_standard_input(cli_home):
    import json

    for source in ("-", "/dev/stdin"):
        done = _cli("scan", source, "-f", "json", stdin=BOARD.read_bytes())
        assert done.returncode == 0, done.stderr
        report = json.loads(done.stdout)
        assert report["source"]["origin"] == source and report["summary"]["items"]["total"] == 3
    done = _cli("scan", "-", stdin=b"")
    assert done.returncode == 2
    assert done.stderr.decode().startswith("backlog-analyzer: error: -: is empty")


@pytest.mark.skipif(not Path("/dev/fd").exists(), reason="needs /dev/fd")
def test_scan_reads_a_pipe_given_as_a_path(cli_home):
    """``scan <(cat jira.csv)``: the shell passes /dev/fd/N, a pipe that can be read once."""
    import threading

    read_end, write_end = os.pipe()
    data = (FIXTURES / "jira_export_en.csv").read_bytes()

    def feed():
        with os.fdopen(write_end, "wb") as pipe:
            pipe.write(data)

    writer = threading.Thread(target=feed)
    writer.start()
    try:
        done = _cli("scan", f"/dev/fd/{read_end}", "-f", "json", pass_fds=(read_end,))
    finally:
        writer.join()
        os.close(read_end)
    assert done.returncode == 0, done.stderr


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_named_pipe_is_read_once_and_one_without_writer_fails(cli_home, monkeypatch):
    import threading

    import connectors.exports.files as files

    fifo = cli_home / "board.fifo"
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: fifo.write_bytes(BOARD.read_bytes()))
    writer.start()
    result = run("scan", fifo, "-f", "json")
    writer.join(timeout=30)
    assert result.exit_code == 0, result.output
    monkeypatch.setattr(files, "PIPE_WAIT_SECONDS", 0.2)
    result = run("scan", fifo)
    assert result.exit_code == 2
    assert "is a pipe nothing was written into" in one_error_line(result)


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_a_device_is_refused_as_an_export(cli_home):
    result = run("scan", "/dev/zero")
    assert result.exit_code == 2
    assert "is a device, not an export file" in one_error_line(result)


# -- 11. a garbled first answer from Jira's serverInfo is retried like later requests ------------


def test_a_garbled_server_info_is_retried_not_called_not_jira(tmp_path):
    from connectors._http.retry import RetryPolicy
    from connectors.credentials import JiraCredentials
    from connectors.live.jira import fetch_jira_into_store
    from connectors.store import Store
    from tests.fakes.http import Garble
    from tests.fakes.jira_server import FakeJira

    with FakeJira(deployment="Server") as fake, Store(tmp_path / "s.sqlite") as store:
        fake.inject(Garble(), path=r"/rest/api/2/serverInfo", times=2)
        result = fetch_jira_into_store(
            store,
            project="DEMO",
            credentials=JiraCredentials(fake.url, pat=fake.pat),
            retry=RetryPolicy.fast(),
        )
        assert result.fetched > 0
        assert len(fake.requested(r"/rest/api/2/serverInfo")) == 3  # two garbled, then good


def test_a_server_info_that_stays_garbled_is_one_line(tmp_path):
    from connectors._http.retry import RetryPolicy
    from connectors.credentials import JiraCredentials
    from connectors.interface import SourceError
    from connectors.live.jira import fetch_jira_into_store
    from connectors.store import Store
    from tests.fakes.http import Garble
    from tests.fakes.jira_server import FakeJira

    with FakeJira(deployment="Server") as fake, Store(tmp_path / "s.sqlite") as store:
        fake.inject(Garble(), path=r"/rest/api/2/serverInfo", times=None)
        with pytest.raises(SourceError) as failed:
            fetch_jira_into_store(
                store,
                project="DEMO",
                credentials=JiraCredentials(fake.url, pat=fake.pat),
                retry=RetryPolicy.fast(max_tries=3),
            )
        assert "\n" not in str(failed.value)
        assert "kept failing (garbled answer) after 3 tries" in str(failed.value)
        assert len(fake.requested(r"/rest/api/2/serverInfo")) == 3


def test_a_store_holding_year_9999_from_before_reports(cli_home):
    """A store written before the readers checked dates (or by a library user) still reports."""
    from datetime import UTC, datetime

    from connectors.interface import Activity, ActivityKind, Item, Person
    from connectors.store import Store

    path = cli_home / "old.sqlite"
    with Store(path) as store:
        sid = store.source("trello", "b1", "Old board", "x.json")
        items = [
            Item(source="trello", id=f"i{n}", title=f"Roadmap {n}", due=datetime(9999, 1, 1))
            for n in range(3)
        ]
        when = [datetime(9999, 12, 31, tzinfo=UTC), datetime(1, 1, 2, tzinfo=UTC)]
        activities = [Activity(f"i{n}", "u1", ActivityKind.CREATED, when[n % 2]) for n in range(3)]
        activities.append(
            Activity("i1", "u1", ActivityKind.MOVED, datetime(2024, 1, 2, tzinfo=UTC))
        )
        store.save_page(sid, items, activities, [Person("u1", "U One")])
        store.finish_sync(sid)
    for window in ("auto", "week"):
        result = run("report", "--db", path, "-f", "json", "--window", window)
        assert result.exit_code == 0, result.output
        assert "3 activities with a date outside the years 1900-2199 were left out" in result.stdout


def test_a_library_board_mixing_naive_and_aware_times_is_scanned():
    """A library user's own Board may hold times with and without a zone: the date check
    compares years, not the times themselves (which Python cannot order across the two)."""
    from datetime import UTC, datetime

    from connectors.interface import Activity, ActivityKind, Board
    from connectors.mapping.clean import clean_board

    board = Board(id="b", name="Mixed", source="trello")
    board.activities = [
        Activity("i1", "u1", ActivityKind.CREATED, datetime(2024, 1, 1)),
        Activity("i1", "u1", ActivityKind.MOVED, datetime(2024, 1, 2, tzinfo=UTC)),
        Activity("i1", "u1", ActivityKind.MOVED, datetime(9999, 1, 2)),
    ]
    clean_board(board)
    assert len(board.activities) == 2
    assert board.skipped == []  # an activity left out is no record skipped
    assert board.skipped_parts == [
        "1 activity with a date outside the years 1900-2199 was left out"
    ]


def test_an_action_id_that_is_not_text_is_imported_without_it(cli_home):
    """An action whose id is a list, an object or a number: imported (a number as its text,
    anything else as no id), then reported (was an internal error in the store's cleaning;
    found by benchmarks/fuzz_long.py)."""
    import json

    board = json.loads((Path(__file__).parent / "fixtures" / "trello_board_basic.json").read_text())
    actions = [a for a in board["actions"] if isinstance(a, dict) and a.get("data", {}).get("card")]
    assert len(actions) >= 3
    for action, odd in zip(actions, ([], {"x": 1}, 7), strict=False):
        action["id"] = odd
    export = cli_home / "odd-ids.json"
    export.write_text(json.dumps(board), encoding="utf-8")
    store = cli_home / "odd.sqlite"
    imported = run("import", export, "--db", store)
    assert imported.exit_code == 0, imported.output
    reported = run("report", "--db", store, "--format", "json")
    assert reported.exit_code == 0 and "Traceback" not in reported.output


def test_a_list_name_that_is_not_text_skips_its_move(cli_home):
    """A move whose listBefore / listAfter name is true, a number or a list: skipped with the
    reason (before, a move to a list not named done was kept with that value as its old list,
    and the store's cleaning then failed with an internal error; found by fuzz_long.py); the
    export is imported and reported."""
    import json

    from connectors.exports import read_export
    from connectors.interface import ActivityKind

    board = json.loads((Path(__file__).parent / "fixtures" / "trello_board_basic.json").read_text())
    moves = [
        a for a in board["actions"] if isinstance(a, dict) and "listBefore" in a.get("data", {})
    ]
    assert len(moves) == 2
    for action, odd in zip(moves, (True, 7), strict=True):
        action["data"]["listBefore"]["name"] = odd
    export = cli_home / "odd-list-names.json"
    export.write_text(json.dumps(board), encoding="utf-8")
    for details in (True, False):
        read = read_export(export, activity_details=details)
        assert not [
            a for a in read.activities if a.kind is not ActivityKind.CREATED and a.field == "list"
        ]
        problems = [s for s in read.skipped if "listBefore.name" in s]
        assert len(problems) == 2 and "expected text" in problems[0], read.skipped
    store = cli_home / "odd.sqlite"
    imported = run("import", export, "--db", store)
    assert imported.exit_code == 0, imported.output
    reported = run("report", "--db", store, "--format", "json")
    assert reported.exit_code == 0 and "Traceback" not in reported.output
