"""The Jira CSV reader's fast paths give exactly what the general paths give.

The reader streams the file and maps each row straight to an Item and its Activities; the
reference is the general path it replaced: the whole file decoded, every row turned into the REST
issue shape by ``row_to_issue`` and mapped by ``jira_mapping.map_issue`` via ``issues_to_board``.
Dates in Jira's default format skip the general date parser, and text without markup skips the
wiki rules: each is compared with its general path here, on odd inputs too.
"""

from __future__ import annotations

import csv
import io
import random
from datetime import UTC, datetime
from pathlib import Path

import pytest

from connectors.exports import jira_csv, jira_csv_cells, jira_csv_dates, jira_csv_header
from connectors.exports.files import decode_cut, decode_text, read_bytes
from connectors.exports.jira_csv import (
    JiraCsvExport,
    counted_watchers,
    parse_csv_date,
    plain_text,
    read_rows,
    row_to_issue,
)
from connectors.exports.jira_csv_dates import _parse_any_date
from connectors.exports.jira_csv_reference import _NAMES, _Row
from connectors.exports.jira_json import issues_to_board
from connectors.interface import Activity, Board, ExportFormatError, Repeats
from connectors.mapping.common import RecordError, one_line, wiki_to_text
from connectors.mapping.jira_columns import column_field, header_fields
from tests.conftest import FIXTURES

EXAMPLES = Path(__file__).parent.parent / "examples"


def ends_in_open_quote(text: str, delimiter: str = ",") -> bool:
    """Does ``text`` end inside a quoted cell, as the ``csv`` module (not strict) splits it? Its
    states one character at a time: a quote opens a cell only at the cell's start, two quotes in
    one are a quote, one closes it (what follows it up to the delimiter is text)."""
    state = "start"  # start of a cell | in an unquoted cell | quoted | just after a quote in one
    for char in text:
        if state == "quoted":
            state = "quote" if char == '"' else "quoted"
        elif state == "quote" and char == '"':
            state = "quoted"
        elif char == delimiter or char in "\r\n":
            state = "start"
        elif state == "start" and char == '"':
            state = "quoted"
        else:
            state = "cell"
    return state == "quoted"


def reference_board(path: Path) -> Board:
    """The CSV reader before the fast paths: whole text, all rows, row_to_issue + map_issue.
    A file cut off: its last row skipped with its line — a text ending inside a quoted cell, or
    with no line break after a last row of fewer cells than the header, or a UTF-8 file ending
    inside a character (if the text before it ends in a line break: a line for the next row)."""
    text, cut_character = decode_cut(path, read_bytes(path))
    rows = read_rows(path, text)
    header = rows[0]
    columns = [(i, f) for i, f in enumerate(header_fields(header)[0]) if f]
    counts = counted_watchers(header_fields(header)[0])
    cut = []
    quoted = ends_in_open_quote(text, jira_csv_header._dialect(text)[0])
    open_end = len(rows) > 1 and not text.endswith(("\n", "\r"))
    if quoted or (open_end and (cut_character or len(rows[-1]) < len(header))):
        last = _Row(columns, rows.pop())
        key = last.first("key") or last.first("id")
        cut.append(jira_csv.cut_row(len(rows) + 1, key, quoted))
    elif cut_character:
        cut.append(jira_csv.cut_row(len(rows) + 1, None, False))
    parsed = [(number, _Row(columns, cells)) for number, cells in enumerate(rows[1:], 2)]
    parsed = [(number, row) for number, row in parsed if row.values]
    # the header once more (two exports joined into one file): a line, not an issue
    named = {f: header[i].strip() for i, f in reversed(columns) if f in ("key", "id")}
    again = [
        n
        for n, row in parsed
        if any((row.first(f) or "").lstrip("\ufeff") == name for f, name in named.items())
    ]
    for number, row in parsed:  # another export's header: its rows are in other columns
        cells = [(rows[number - 1] + [""] * len(header))[i].strip() for i, _ in columns]
        cells = [cell.lstrip("\ufeff") for cell in cells]
        issue_id = row.first("id") or row.first("key")
        if number in again:
            other = cells != [header[i].strip() for i, _ in columns]
        elif issue_id and issue_id[-1].isdigit():
            other = False
        else:  # Jira's columns in this header's places, or 3 cells naming a Jira column
            named = [c.removeprefix("ï»¿") for c in cells if len(c) <= 60 and "\n" not in c]
            named = [c for c in named if column_field(c) or column_field(c.replace("_", " "))]
            other = bool(issue_id and jira_csv.is_jira_header(cells)) or len(named) >= 3
        if other:
            raise jira_csv.other_header(path, number)
    parsed = [(number, row) for number, row in parsed if number not in again]
    keys_by_id = {
        row.first("id") or "": row.first("key") or "" for _, row in parsed if row.first("key")
    }
    issues, skipped, unreadable = [], [], 0
    for number, row in parsed:
        try:
            issue, bad_comments = row_to_issue(row, keys_by_id, counts=counts)
        except RecordError as error:
            skipped.append(f"row {number}: {error}")
            continue
        unreadable += bad_comments
        issues.append((issue, _NAMES))
    issues, repeated, copies = _newest_of_each(issues)
    board = issues_to_board(issues, origin=str(path))
    dated = any(field == "updated" for _, field in columns)  # the repeats' times compared
    if repeated:
        board.repeats = Repeats(repeated, copies, "row", first_kept=not dated)
    skipped += [f"row {number}: {jira_csv.REPEATED_HEADER}" for number in again]
    skipped.sort(key=lambda line: int(line.split(":")[0].split()[1]))
    board.skipped[:0] = skipped + cut
    if unreadable:
        board.skipped_parts.append(
            f"{unreadable} comment cell(s) not in Jira's 'date;author;text' form were ignored"
        )
    return board


def _newest_of_each(issues: list) -> tuple[list, list[str], int]:
    """Each issue once, in the place of its first row: the row updated last when it was
    updated later than the first (a tool's daily snapshots: the current state), else the first;
    and one line for each issue on more than one row, in the order of their first repeats."""
    rows: dict[str, list[int]] = {}
    for number, (issue, _) in enumerate(issues):
        rows.setdefault(issue["id"], []).append(number)
    kept, lines, copies = [], [], 0
    for numbers in rows.values():
        when = [issues[n][0]["fields"]["updated"] for n in numbers]
        chosen = numbers[0]
        dated = [(w, n) for w, n in zip(when[1:], numbers[1:], strict=True) if w is not None]
        if dated and when[0] is not None:
            latest = max(w for w, _ in dated)
            if latest > when[0]:
                chosen = next(n for w, n in dated if w == latest)
        kept.append(issues[chosen])
        if len(numbers) > 1:
            copies += len(numbers) - 1
            times = "twice" if len(numbers) == 2 else f"{len(numbers):,} times"
            how = (
                "the first"
                if chosen == numbers[0]
                else f"the one updated last (issue #{chosen + 1})"
            )
            repeat = issues[numbers[1]][0]  # (its key: an issue moved keeps its id)
            key = repeat["key"] or repeat["id"]
            lines.append(
                (numbers[1], f"issue #{numbers[1] + 1}: {key} appears {times}; kept {how}")
            )
    return kept, [line for _, line in sorted(lines)], copies


def assert_same_board(path: Path) -> Board:
    fast, slow = JiraCsvExport(path).load(), reference_board(path)
    assert fast.items == slow.items
    assert fast.activities == slow.activities
    if any("updated last" in line for line in fast.repeats.lines):
        # a repeat mapped in its issue's place at the end of the read: the people first met
        # on it come after the others (the reference maps it in the place of its first row)
        assert fast.people == slow.people
    else:
        assert list(fast.people.items()) == list(slow.people.items())  # order too
    assert (fast.id, fast.name, fast.source, fast.origin) == (
        slow.id,
        slow.name,
        slow.source,
        slow.origin,
    )
    assert (fast.skipped, fast.skipped_parts) == (slow.skipped, slow.skipped_parts)
    assert fast.repeats == slow.repeats
    # A scan's read (no activity details) holds the activities as columns: the same rows.
    lean = JiraCsvExport(path, activity_details=False).load()
    assert lean.activities == [
        Activity(a.item_id, a.actor_id, a.kind, a.timestamp) for a in slow.activities
    ]
    assert (lean.items, list(lean.people.items()), lean.skipped, lean.skipped_parts) == (
        fast.items,
        list(fast.people.items()),
        fast.skipped,
        fast.skipped_parts,
    )
    assert lean.repeats == fast.repeats
    return fast


@pytest.mark.parametrize(
    "path",
    [
        FIXTURES / "jira_export_en.csv",
        FIXTURES / "jira_export_es.csv",
        FIXTURES / "jira_export_fr.csv",
        FIXTURES / "jira_export_de.csv",
        FIXTURES / "jira_export_es_criteria.csv",
        EXAMPLES / "jira_sample_export.csv",
    ],
    ids=lambda path: path.name,
)
def test_fixtures_read_as_the_reference_does(path: Path):
    assert_same_board(path)


# --- a random export with every odd thing a row can hold ------------------------------------------

HEADER = [
    "Summary",
    "Issue key",
    "Issue id",
    "Issue Type",
    "Status",
    "Status Category",
    "Project key",
    "Project name",
    "Priority",
    "Assignee",
    "Assignee Id",
    "Reporter",
    "Reporter Id",
    "Creator",
    "Creator Id",
    "Created",
    "Updated",
    "Resolved",
    "Due date",
    "Labels",
    "Labels",
    "Description",
    "Component/s",
    "Component/s",
    "Fix Version/s",
    "Watchers",
    "Watchers",
    "Watchers Id",
    "Custom field (Epic Link)",
    "Custom field (Rank)",
    "Sprint",
    "Sprint",
    "Parent",
    "Parent key",
    "Comment",
    "Comment",
    "Comment",
    "Custom field (Story Points)",
    "Custom field (Acceptance Criteria)",
]
#: Criteria cells: lines, placeholders ("N/A", "TBD", "—": no criteria) and both.
CRITERIA = ["", "", "* saved\n* sent", "N/A", "TBD\n- [ ] à définir", "—", "n/a\n* sent", " - "]
DATES = [
    "03/Jan/22 8:00 AM",
    "12/Jan/22 12:00 AM",
    "12/Jan/22 12:30 PM",
    "12/Jan/22 13:30 PM",
    "1/Dec/25 14:00",
    "31/Feb/26 9:00 AM",
    "00/Jan/22 1:00 PM",
    "10/Foo/22 1:00 PM",
    "05/Jan/70 1:00 PM",
    "05/Jan/69 1:00 PM",
    "23/nov/26 10:15 am",
    "23/NOV/26 10:15 PM",
    "10/oct./16 11:54 AM",
    "05/ago/25 3:00 p. m.",
    "01/Dez/25 14:00",
    "15/Mär/1999",
    " 03/Jan/22  8:00 AM ",
    "2016-10-10 11:54:44.723",
    "2026-01-05T09:00:00+01:00",
    "03/Jan/2022 8:00 AM",
    "3/Jan/22 8:05",
    "sometime",
    "",
]
TEXTS = [
    "Plain words. Nothing to do",
    "Two  spaces and\ttabs",
    " leading and trailing ",
    "h2. Heading\nbody",
    "  h3. indented heading",
    "bq. a quote",
    "- a list\n- two",
    "# numbered",
    "*bold* and _italic_ and +under+ and ??cite??",
    "C++ and snake_case and 3 * 4 and ! alone",
    "[link text|https://x.example] and [https://y.example] and [~accountid:abc] [~bob]",
    "!image.png|thumbnail! and !two!",
    "{code:java}x = 1{code} {{mono}} {quote}q{quote} {panel:title=p}in{panel}",
    "a || b | c \\\\ next",
    "----\n----",
    "<p>Pasted <b>HTML</b></p> and a < b",
    "non\u00a0breaking\u2003spaces",
    "line one\r\nline two\n\n\n\nfar",
    "emoji ✅ and accents é",
    "| table | row |",
    "?",
]
NAMES = ["Ana Lima", "Kenji Sato", "ana", "bob", "", "Zoë"]
IDS = ["ana", "5b10a", "bob", "", "712020:x-1"]


def _random_cells(rnd: random.Random, number: int, keys: list[str]) -> list[str]:
    pick = rnd.choice
    key = pick([f"P-{number}", f"Q-{number}", "", f"P-{max(1, number - 3)}", f"P{number}"])
    issue_id = pick([str(10000 + number), "", str(10000 + max(1, number - 3))])
    comment = lambda: pick(  # noqa: E731 - short local generator
        [
            "",
            f"{pick(DATES)};{pick(IDS)};{pick(TEXTS)}",
            f"{pick(DATES)};{pick(IDS)}",
            pick(DATES),
            pick(IDS),
            pick(TEXTS),
            f"{pick(DATES)};;{pick(TEXTS)}",
        ]
    )
    cells = [
        pick(["A summary", "", " padded  summary ", "x" * 1200, pick(TEXTS)]),
        key,
        issue_id,
        pick(["Story", "Bug", "Epic", "Sub-task", "Initiative", "", "Épica"]),
        pick(["To Do", "In Progress", "Done", "Finalizado", "Not done", "", "Backlog"]),
        pick(["To Do", "In Progress", "Done", "", "Terminé", "odd"]),
        pick(["P", "Q", ""]),
        pick(["Platform", "", "Prodüct"]),
        pick(["High", "", "Low"]),
        pick(NAMES),
        pick(IDS),
        pick(NAMES),
        pick(IDS),
        pick(NAMES),
        pick(IDS),
        pick(DATES),
        pick(DATES),
        pick(DATES),
        pick(DATES),
        pick(["ux", "", "q3-bet", "ux"]),
        pick(["ux", "", "billing"]),
        pick(TEXTS + [""]),
        pick(["API", "", "Web"]),
        pick(["API", "", "Web"]),
        pick(["1.0", "", "2.0"]),
        pick(NAMES),
        pick(NAMES),
        pick(IDS),
        pick(keys + ["", "P-999"]),
        pick(["0|i0001:", "", "rank"]),
        pick(
            [
                "Sprint 1",
                "",
                "com.atlassian.greenhopper.service.sprint.Sprint@1[state=ACTIVE,name=S2]",
            ]
        ),
        pick(["Sprint 2", "", "Sprint 3"]),
        pick([str(10000 + rnd.randrange(1, number + 5)), "", str(10000 + number + 2)]),
        pick(["", "", f"P-{rnd.randrange(1, number + 5)}"]),
        comment(),
        comment(),
        comment(),
        pick(["3", ""]),
        pick(CRITERIA),
    ]
    return cells[: rnd.choice([len(cells)] * 6 + [3, 10, 30])]  # some rows are cut short


@pytest.mark.parametrize("seed", range(6))
def test_random_rows_read_as_the_reference_does(tmp_path: Path, seed: int):
    rnd = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    keys: list[str] = []
    for number in range(1, 161):
        if rnd.random() < 0.04:
            writer.writerow([])  # blank line
            continue
        cells = _random_cells(rnd, number, keys)
        keys.append(cells[1])
        writer.writerow(cells)
    path = tmp_path / f"random-{seed}.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    board = assert_same_board(path)
    assert board.items and board.skipped  # the run met both good and bad rows


def test_placeholder_criteria_read_as_the_reference_does(tmp_path: Path):
    """A criteria cell of placeholders sends its row down the general path, which reads no
    criteria from it: the same items as the reference."""
    path = tmp_path / "criteria.csv"
    rows = [f'Story {n},P-{n},{n},Story,To Do,"{cell}"' for n, cell in enumerate(CRITERIA)]
    header = "Summary,Issue key,Issue id,Issue Type,Status,Custom field (Acceptance Criteria)"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    board = assert_same_board(path)
    found = [item.checklist_items for item in board.items]
    assert found == [[], [], ["saved", "sent"], [], [], [], ["sent"], []]


def test_parent_given_by_id_of_a_later_row_gets_its_key(tmp_path: Path):
    path = tmp_path / "parents.csv"
    path.write_text(
        "Summary,Issue key,Issue id,Parent\n"
        "Child,P-1,1,2\nParent,P-2,2,\nOrphan,P-3,3,99\nRepeat,P-4,2,\n",
        encoding="utf-8",
    )
    board = assert_same_board(path)
    assert [item.parent for item in board.items] == ["P-4", None, "99"]  # last row of an id wins


def test_statuses_of_no_category_read_as_the_reference_does(tmp_path: Path):
    """Custom statuses without a Status Category column: each path (the library's read, a
    scan's prepared rows, the reference's REST shape) gives every item the same category, or
    none, so the report's note on them is the same on each (analyzer.uncategorised)."""
    from analyzer.uncategorised import uncategorised_note, uncategorised_statuses

    path = tmp_path / "custom.csv"
    statuses = ["Disposition", "Release", "Disposition", "In Progress", "Waiting for support"]
    rows = [f"Lot {n},Q-{n},{n},Task,{s},01/Sep/25 9:00 AM," for n, s in enumerate(statuses)]
    rows += ["Lot 9,Q-9,9,Task,Release,01/Sep/25 9:00 AM,02/Sep/25 9:00 AM"]  # resolved: done
    rows += ["Lot 3,Q-3,3,Task,Approvals,01/Sep/25 9:00 AM,"]  # a repeat: the first one kept
    header = "Summary,Issue key,Issue id,Issue Type,Status,Created,Resolved"
    path.write_text("\n".join([header, *rows]) + "\n", encoding="utf-8")
    fast = assert_same_board(path)
    assert [i.status_category for i in fast.items] == [
        None,
        None,
        None,
        "in progress",
        None,
        "done",
    ]
    boards = [fast, reference_board(path), JiraCsvExport(path, activity_details=False).load()]
    boards.append(JiraCsvExport(path, polars=False).load())
    notes = {uncategorised_note(uncategorised_statuses(b), len(b.items)) for b in boards}
    assert len(notes) == 1
    assert "(Disposition 2, Release 1)" in notes.pop()


# --- dates ----------------------------------------------------------------------------------------


def test_fast_dates_equal_the_general_parser():
    for value in DATES:
        assert parse_csv_date(value) == _parse_any_date(value), value
    rnd = random.Random(7)
    months = ["Jan", "jan", "JAN", "Feb", "Mai", "Dez", "ene", "Foo", "Sep", "Mar"]
    for _ in range(3000):
        value = (
            f"{rnd.randrange(0, 35)}/{rnd.choice(months)}/{rnd.randrange(0, 100):02d} "
            f"{rnd.randrange(0, 25)}:{rnd.randrange(0, 60):02d}{rnd.choice(['', ' AM', ' PM'])}"
        )
        assert parse_csv_date(value) == _parse_any_date(value), value


def _reference_us(value: str) -> int | None:
    moment = parse_csv_date(value)
    return None if moment is None else jira_csv_dates.utc_us(moment)


def test_times_in_microseconds_equal_the_datetimes_they_stand_for():
    """csv_date_us (a scan's comment times, no datetime made) against parse_csv_date."""
    rnd = random.Random(16)
    months = ["Jan", "jan", "Feb", "Mai", "Dez", "ene", "Foo", "Sep", "Mar", "oct."]
    values = [
        *DATES,
        "",
        " ",
        "31/Feb/24 10:00 AM",
        "30/Feb/24 25:00",
        "29/Feb/24 11:59 PM",
        "29/Feb/23 11:59 PM",
        "00/Jan/22 1:00 AM",
        "01/Jan/22 24:00",
        "01/Jan/22 23:60",
        "01/Jan/22 0:00 AM",
        "1/Jan/69 1:00",
        "1/Jan/70 1:00",
        "2024-05-01T09:30:00Z",
        "1/Jan/22  1:00 AM",
        "1/Jan/22 1:00 am",
        "1. Dez. 25 14:00",
    ]
    for _ in range(4000):
        values.append(
            f"{rnd.randrange(0, 35)}/{rnd.choice(months)}/{rnd.randrange(0, 100):02d} "
            f"{rnd.randrange(0, 26)}:{rnd.randrange(0, 62):02d}{rnd.choice(['', ' AM', ' PM'])}"
        )
    for value in values + values:  # the second time from the caches
        assert jira_csv_dates.csv_date_us(value) == _reference_us(value), value


def test_microsecond_caches_are_bounded_and_stay_right(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(jira_csv_dates, "_CACHE_LIMIT", 3)
    monkeypatch.setattr(jira_csv_dates, "_DAY_US", {})
    monkeypatch.setattr(jira_csv_dates, "_CLOCK_US", {})
    values = [f"{day}/Mar/24 {hour}:0{day % 10} PM" for day in range(1, 29) for hour in (1, 12)]
    for value in values + values:
        assert jira_csv_dates.csv_date_us(value) == _reference_us(value), value
    assert len(jira_csv_dates._DAY_US) <= 4 and len(jira_csv_dates._CLOCK_US) <= 4


def test_date_caches_are_bounded_and_stay_right(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(jira_csv_dates, "_CACHE_LIMIT", 3)
    monkeypatch.setattr(jira_csv_dates, "_DAYS", {})
    monkeypatch.setattr(jira_csv_dates, "_TIMES", {})
    values = [f"{day}/Mar/24 {hour}:0{day % 10} PM" for day in range(1, 29) for hour in (1, 12)]
    for value in values + values:
        assert parse_csv_date(value) == _parse_any_date(value), value
    assert len(jira_csv_dates._DAYS) <= 4 and len(jira_csv_dates._TIMES) <= 4


def test_fast_date_path_is_taken_for_the_default_format(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(jira_csv_dates, "_parse_any_date", lambda value: pytest.fail(value))
    assert parse_csv_date("03/Jan/22 8:00 PM").hour == 20


# --- text -----------------------------------------------------------------------------------------


def test_plain_text_equals_wiki_to_text():
    for text in TEXTS:
        assert plain_text(text) == wiki_to_text(text), text
    rnd = random.Random(11)
    alphabet = list("ab h1.q-#*_+!?[]{}|\\<>/~:@\n\t\r ") + [
        "\u00a0",
        "é",
        "bq.",
        "h2.",
        "{{",
        "||",
    ]
    alphabet += ["code", "quote", "----", "[~", "http://", "<b>", "</p>", "<br>", "word "]
    for _ in range(4000):
        text = "".join(rnd.choice(alphabet) for _ in range(rnd.randrange(0, 25)))
        assert _outcome(plain_text, text) == _outcome(wiki_to_text, text), repr(text)


def _outcome(convert, text: str) -> str:
    try:
        return convert(text)
    except Exception as error:  # noqa: BLE001 - the same failure counts as the same result
        return f"{type(error).__name__}: {error}"


def test_titles_equal_one_line():
    for text in TEXTS + ["x" * 999, "x" * 1000, "x" * 1001, "é" * 1200 + " y", "a\u2028b", ""]:
        assert jira_csv_cells._title(text) == one_line(text, 1000), repr(text)


def test_every_wiki_rule_is_gated():
    # plain_text runs wiki_to_text's gated rules: a rule added without its literals must say so
    from connectors.mapping import common as mapping_common

    assert len(mapping_common._WIKI_NEEDLES) == len(mapping_common._WIKI_RULES)
    assert all(needs for needs in mapping_common._WIKI_NEEDLES)


# --- reading the file: streamed, or whole when the stream cannot reproduce it --------------------


def _export_text() -> str:
    text = (FIXTURES / "jira_export_en.csv").read_text(encoding="utf-8")
    return text.replace("“Pro”", '"Pro"').replace("—", "-")


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_every_encoding_reads_as_the_reference_does(tmp_path: Path, encoding: str):
    path = tmp_path / f"export-{encoding}.csv"
    path.write_bytes(_export_text().encode(encoding))
    assert assert_same_board(path).name == "Prodüct Platform"


@pytest.mark.parametrize("newline", ["\r\n", "\r"])
def test_other_line_ends_read_as_the_reference_does(tmp_path: Path, newline: str):
    path = tmp_path / "lines.csv"
    path.write_bytes(_export_text().replace("\n", newline).encode("utf-8"))
    assert len(assert_same_board(path).items) == 4


def test_lone_cr_file_is_read_whole_with_progress(tmp_path: Path):
    lines = ["Summary,Issue key"] + [f"Item {n},K-{n}" for n in range(1, 1201)]
    path = tmp_path / "mac.csv"
    path.write_text("\r".join(lines), encoding="utf-8")
    calls: list[tuple[int, int]] = []
    board = JiraCsvExport(path, on_progress=lambda s, d, t, x: calls.append((d, t))).load()
    assert len(board.items) == 1200 and [d for d, _ in calls] == [500, 1000, 1200]
    assert calls[-1] == (1200, 1200) and all(d < t for d, t in calls[:-1])


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])  # "\r": the csv module's path
def test_two_exports_joined_into_one_file_read_their_second_header_as_a_header(
    tmp_path: Path, newline: str
):
    """Two exports pasted one after the other: the second's header row is no issue (main read
    it as issue 'Issue key', its person 'Reporter' and a project of its own), its rows are the
    duplicates they are."""
    one = "Summary,Issue key,Issue id,Reporter\nFirst,K-1,101,Ana\nSecond,K-2,102,Bo\n"
    two = "Summary,Issue key,Issue id,Reporter\nSecond,K-2,102,Bo\nThird,K-3,103,Cy\n"
    path = tmp_path / "joined.csv"
    path.write_bytes((one + two).replace("\n", newline).encode("utf-8"))
    board = assert_same_board(path)
    assert [i.key for i in board.items] == ["K-1", "K-2", "K-3"]
    assert sorted(p.display_name for p in board.people.values()) == ["Ana", "Bo", "Cy"]
    assert board.skipped == [f"row 4: {jira_csv.REPEATED_HEADER}"]
    assert board.repeats.lines == ["issue #3: K-2 appears twice; kept the first"]
    # two UTF-8 exports with a BOM joined by cat: the second header starts with its BOM
    path.write_bytes(("\ufeff" + one + "\ufeff" + two).replace("\n", newline).encode("utf-8"))
    assert [i.key for i in assert_same_board(path).items] == ["K-1", "K-2", "K-3"]


@pytest.mark.parametrize("newline", ["\n", "\r"])
def test_two_exports_with_other_columns_joined_into_one_file_are_refused(
    tmp_path: Path, newline: str
):
    """The second export's columns in another order: main read its header as an issue and
    each of its rows by the first header (a title 'Task', the summary as the issue type)."""
    one = "Summary,Issue key,Issue Type\nFirst,K-1,Story\n"
    path = tmp_path / "joined.csv"
    said = "row 3 is another export's header, its columns not those of the first"
    for two in (
        "Issue Type,Issue key,Summary\nTask,K-2,Second\n",
        "\ufeffIssue Type,Issue key,Summary\nTask,K-2,Second\n",  # joined by cat: its BOM
        "Clave de incidencia,Resumen,Tipo de incidencia\nK-2,Second,Task\n",  # in Spanish
    ):
        path.write_bytes((one + two).replace("\n", newline).encode("utf-8"))
        for details in (True, False):
            with pytest.raises(ExportFormatError, match=said):
                JiraCsvExport(path, activity_details=details).load()
        with pytest.raises(ExportFormatError, match=said):
            reference_board(path)


@pytest.mark.parametrize(
    ("one", "two"),
    [
        (  # its key's place holds a column's name, and no summary is in the first's places
            "Summary,Issue key,Issue Type,Status\nFirst,K-1,Story,Open\n",
            "Priority,Created,Updated,Assignee,Summary,Issue key\nHigh,,,,Second,K-2\n",
        ),
        (  # shorter: nothing in the first's key place
            "Summary,Status,Priority,Created,Issue key\nFirst,Open,High,,K-1\n",
            "\ufeffResumen,Estado,Creada\nSegundo,Abierta,\n",
        ),
        (  # as a tool writes its columns (freshdata anbtx_data_team), in the key's place too
            "Summary,Issue key,Status,Priority\nFirst,K-1,Open,High\n",
            "Issue_Type,Time_Spent,Created,Updated,Key\nTask,,,,K-2\n",
        ),
    ],
    ids=["named-key", "no-key", "tool-written"],
)
@pytest.mark.parametrize("newline", ["\n", "\r"])
def test_a_joined_header_naming_jira_columns_elsewhere_is_refused(
    tmp_path: Path, one: str, two: str, newline: str
):
    """Session 27 refused a second header repeating the key column in place or naming Jira's
    columns in the first's mapped places; one whose own columns fall elsewhere (another
    language, other columns: 17 of 19 such joins of real exports) was read as an issue named
    'Created' (or a row without a key) and its rows by the wrong columns. Now 3 cells naming
    Jira columns (no row of the 37 real CSVs has more than 1) make it a header."""
    path = tmp_path / "joined.csv"
    said = "row 3 is another export's header, its columns not those of the first"
    path.write_bytes((one + two).replace("\n", newline).encode("utf-8"))
    for details in (True, False):
        with pytest.raises(ExportFormatError, match=said):
            JiraCsvExport(path, activity_details=details).load()
    with pytest.raises(ExportFormatError, match=said):
        reference_board(path)


def test_a_header_joined_under_a_windows_1252_export_keeps_its_bom_as_letters(tmp_path: Path):
    """A UTF-8 export with a BOM joined under a Windows-1252 one: the file reads as UTF-8 where
    it is and as Windows-1252 elsewhere, the BOM before the second header's first name."""
    one = "Summary,Issue key,Status,Priority\nCafé,K-1,Open,High\n".encode("cp1252")
    two = "\ufeffIssue Type,Created,Reporter Id,Summary,Issue key\nTask,,,Second,K-2\n"
    path = tmp_path / "joined.csv"
    path.write_bytes(one + two.encode("utf-8"))
    with pytest.raises(ExportFormatError, match="row 3 is another export's header"):
        JiraCsvExport(path).load()


def test_a_keyless_row_naming_a_column_or_two_is_still_a_row(tmp_path: Path):
    """A status "Resolved" (a column's name too) in a row without a key: skipped as such."""
    path = tmp_path / "keyless.csv"
    path.write_text(
        "Summary,Issue key,Status,Resolution\nFirst,K-1,Open,\nSummary,,Resolved,Done\n",
        encoding="utf-8",
    )
    board = assert_same_board(path)
    assert [i.key for i in board.items] == ["K-1"]
    assert board.skipped == ["row 3: no issue key or id (summary 'Summary')"]


def test_an_export_pandas_read_and_wrote_back_keeps_its_repeated_columns(tmp_path: Path):
    """pandas renames a repeated column (``Comment.1``) and writes its index as a first
    column: main read only the first Comment and Watchers column of each row."""
    path = tmp_path / "pandas.csv"
    path.write_text(
        ",Summary,Issue key,Watchers,Watchers.1,Comment,Comment.1\n"
        "0,First,K-1,ana,bo,01/Mar/24 9:00 AM;ana;one,02/Mar/24 9:00 AM;bo;two\n"
        "1,Second,K-2,bo,,03/Mar/24 9:00 AM;cy;three,\n",
        encoding="utf-8",
    )
    board = assert_same_board(path)
    assert [a.text for a in board.activities] == ["one", "two", "three"]
    assert board.items[0].watchers == ["ana", "bo"]


def test_dates_a_spreadsheet_saved_as_day_numbers_are_read(tmp_path: Path):
    """An export re-saved from a spreadsheet whose date columns hold day numbers: main read no
    date (every item undated, no activity: "The export holds no activity history")."""
    path = tmp_path / "resaved.csv"
    path.write_text(
        "Summary;Issue key;Created;Updated\r\nFirst;K-1;45356.6;45357\r\n"
        "Second;K-2;45356,25;45358.5\r\n",
        encoding="utf-8-sig",
    )
    board = assert_same_board(path)
    assert [i.created for i in board.items] == [
        datetime(2024, 3, 5, 14, 24, tzinfo=UTC),
        datetime(2024, 3, 5, 6, 0, tzinfo=UTC),
    ]
    assert board.items[1].updated == datetime(2024, 3, 7, 12, 0, tzinfo=UTC)


def test_excel_sep_line_reads_as_the_reference_does(tmp_path: Path):
    path = tmp_path / "sep.csv"
    path.write_text("sep=;\r\nSummary;Issue key\r\nA, b;K-1\r\n", encoding="utf-8")
    assert [i.title for i in assert_same_board(path).items] == ["A, b"]


def test_utf8_file_is_streamed_not_read_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "export.csv"
    path.write_text(_export_text(), encoding="utf-8")
    monkeypatch.setattr(jira_csv, "read_bytes", lambda *a: pytest.fail("read whole"))
    assert len(JiraCsvExport(path).load().items) == 4


def test_undecodable_bytes_late_in_the_file_give_the_usual_error(tmp_path: Path):
    path = tmp_path / "broken.csv"
    body = _export_text().encode("utf-8") + b"x" * 70_000 + b"\n\xc3\x81\x81\n"
    path.write_bytes(body)
    with pytest.raises(ExportFormatError) as caught:
        JiraCsvExport(path).load()
    with pytest.raises(ExportFormatError) as expected:
        decode_text(path, body)
    assert str(caught.value) == str(expected.value)
    assert f"byte {len(body) - 2}" in str(caught.value)


def test_csv_error_late_in_the_file_gives_the_usual_error(tmp_path: Path):
    path = tmp_path / "long-cell.csv"
    text = _export_text() + "x" * 70_000 + "\nA,K-9\n"
    path.write_text(text, encoding="utf-8")
    limit = csv.field_size_limit(60_000)  # the x cell is over it: csv.Error mid-file
    try:
        with pytest.raises(ExportFormatError) as caught:
            JiraCsvExport(path).load()
        with pytest.raises(ExportFormatError) as expected:
            read_rows(path, text)
    finally:
        csv.field_size_limit(limit)
    assert str(caught.value) == str(expected.value)
    assert "is not a readable CSV (field larger than field limit" in str(caught.value)


def test_unreadable_paths_give_the_whole_file_errors(tmp_path: Path):
    for path, message in [(tmp_path / "missing.csv", "no such file"), (tmp_path, "is a directory")]:
        with pytest.raises(ExportFormatError) as caught:
            JiraCsvExport(path).load()
        assert str(caught.value).startswith(f"{path}: {message}")


def test_blank_head_is_judged_by_the_whole_file(tmp_path: Path):
    path = tmp_path / "blank-head.csv"
    path.write_text(" " * 70_000 + "\nSummary,Issue key\nA,K-1\n", encoding="utf-8")
    with pytest.raises(ExportFormatError) as caught:  # its header line is the blank one
        JiraCsvExport(path).load()
    assert "is not a Jira CSV export" in str(caught.value)
    path.write_text(" \n\t", encoding="utf-8")
    with pytest.raises(ExportFormatError, match="is empty"):
        JiraCsvExport(path).load()


def test_progress_estimates_then_says_done(tmp_path: Path):
    lines = ["Summary,Issue key,Created"] + [
        f"Item {n},K-{n},01/Jan/26 9:00 AM" for n in range(1, 2101)
    ]
    path = tmp_path / "many.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    calls: list[tuple[int, int]] = []
    JiraCsvExport(path, on_progress=lambda s, d, t, x: calls.append((d, t))).load()
    assert [done for done, _ in calls] == [500, 1000, 1500, 2000, 2100]
    assert all(done < total for done, total in calls[:-1]) and calls[-1] == (2100, 2100)
    assert all(abs(total - 2100) < 600 for _, total in calls)  # from the bytes read (8 KB steps)


# --- the split by columns (polars) and when the csv module splits instead ------------------------


def test_a_well_formed_file_is_split_by_columns(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    path = tmp_path / "export.csv"
    path.write_text(_export_text(), encoding="utf-8")
    monkeypatch.setattr(JiraCsvExport, "_load_stream", lambda *a: pytest.fail("csv module"))
    monkeypatch.setattr(JiraCsvExport, "_load_whole", lambda *a: pytest.fail("csv module"))
    for details in (True, False):
        assert len(JiraCsvExport(path, activity_details=details).load().items) == 4


@pytest.mark.parametrize(
    "body",
    [
        'x a"b,K-1\nsecond,K-2\n',  # a quote inside an unquoted cell
        '"a"b,K-1\n',  # text after the closing quote
        '"open,K-1\nnext,K-2\n',  # a quote never closed
        "a,K-1\rb,K-2\n",  # a lone carriage return ends a record for the csv module
        "a,K-1\n" + "x" * 3000 + "\rb,K-2\n",
    ],
    ids=["quote-inside", "after-quote", "open-quote", "lone-cr", "lone-cr-late"],
)
def test_what_polars_splits_otherwise_is_split_by_the_csv_module(tmp_path: Path, body: str):
    from connectors.exports.csv_columns import NotForPolars

    path = tmp_path / "odd.csv"
    path.write_text("Summary,Issue key\n" + body, encoding="utf-8", newline="")
    with pytest.raises(NotForPolars):
        JiraCsvExport(path)._load_columns()
    assert_same_board(path)


def test_a_nul_byte_late_in_the_file_gives_the_csv_modules_error(tmp_path: Path):
    path = tmp_path / "nul.csv"
    path.write_bytes(b"Summary,Issue key\n" + b"a,K-1\n" * 2000 + b"b\x00,K-2\n")
    with pytest.raises(ExportFormatError) as caught:
        JiraCsvExport(path).load()

    with pytest.raises(ExportFormatError) as expected:
        JiraCsvExport(path, polars=False).load()
    assert str(caught.value) == str(expected.value)


def test_without_polars_the_csv_module_reads(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    import builtins

    real_import = builtins.__import__

    def no_polars(name, *args, **kwargs):
        if name == "polars":
            raise ImportError("no polars")
        return real_import(name, *args, **kwargs)

    path = tmp_path / "export.csv"
    path.write_text(_export_text(), encoding="utf-8")
    monkeypatch.setattr(builtins, "__import__", no_polars)
    assert_same_board(path)


def test_line_ends_across_scan_blocks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    from connectors.exports import csv_columns

    monkeypatch.setattr(csv_columns, "_SCAN_BYTES", 7)
    path = tmp_path / "crlf.csv"
    path.write_bytes(b"Summary,Issue key\r\n" + b"abcde,K-1\r\n" * 9)
    assert csv_columns.scan_bytes(path) == 10
    path.write_bytes(b"Summary,Issue key\r\nabcd\r")
    with pytest.raises(csv_columns.NotForPolars):
        csv_columns.scan_bytes(path)


@pytest.mark.parametrize("block", [1, 2, 3, 5, 8, 1 << 20])
def test_scan_bytes_judges_as_the_whole_file_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, block: int
):
    """Any block size: the line feeds counted (none asked: 0), a NUL byte or a carriage return
    without its line feed refused wherever it falls, as a look at the whole file says."""
    from connectors.exports import csv_columns

    monkeypatch.setattr(csv_columns, "_SCAN_BYTES", block)
    path = tmp_path / "lines.csv"
    bodies = [
        b"a,b\r\nc,d\r\n",
        b"a,b\nc,d\n\n",
        b"a,b\r\n\r\nc\r\n",
        b"a,b\rc,d\n",
        b"a,b\r\r\n",
        b"a,b\n\x00\n",
        b"a,b\nc,d\r",
        b"\r",
        b"\n",
        b"a" * 20 + b"\r\n" + b"b" * 7 + b"\r\n",
        b"a" * 20 + b"\r\n" + b"b" * 7 + b"\rx",
    ]
    for body in bodies:
        path.write_bytes(body)
        refused = b"\x00" in body or body.count(b"\r") != body.count(b"\r\n")
        if refused:
            for count in (True, False):
                with pytest.raises(csv_columns.NotForPolars):
                    csv_columns.scan_bytes(path, count=count)
        else:
            assert csv_columns.scan_bytes(path) == body.count(b"\n"), body
            assert csv_columns.scan_bytes(path, count=False) == 0


def test_a_scan_without_progress_does_not_count_lines(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from connectors.exports import jira_csv

    asked: list[bool] = []
    scan = jira_csv.scan_bytes
    monkeypatch.setattr(
        jira_csv,
        "scan_bytes",
        lambda path, count=True, **more: asked.append(count) or scan(path, count, **more),
    )
    path = tmp_path / "export.csv"
    path.write_text(_export_text(), encoding="utf-8")
    quiet = JiraCsvExport(path, activity_details=False).load()
    told = JiraCsvExport(path, activity_details=False, on_progress=lambda *a: None).load()
    assert asked == [False, True] and quiet.items == told.items


def test_polars_csv_settings_are_defaults_a_user_setting_wins(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    import os

    from connectors.exports.csv_columns import POLARS_CSV_SETTINGS

    path = tmp_path / "export.csv"
    path.write_text(_export_text(), encoding="utf-8")
    name, value = next(iter(POLARS_CSV_SETTINGS.items()))
    monkeypatch.delenv(name, raising=False)
    JiraCsvExport(path, activity_details=False).load()
    assert os.environ[name] == value
    monkeypatch.setenv(name, "123456")
    JiraCsvExport(path, activity_details=False).load()
    assert os.environ[name] == "123456"


def test_records_across_polars_chunks_split_as_the_csv_module_does(tmp_path: Path):
    """polars' CSV chunks far smaller than a record (its own process: polars reads the setting
    once): multi-line quoted cells and long cells across chunk ends, the same items."""
    import hashlib
    import os
    import subprocess
    import sys

    rnd = random.Random(5)
    path = tmp_path / "chunks.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Summary", "Issue key", "Description", "Labels"])
        for n in range(300):
            text = rnd.choice(["plain", "two\nlines", 'a "quote"\n, comma', "x" * 9000, ""])
            writer.writerow([f"T {n}", f"K-{n + 1}", text, rnd.choice(["a", "", "b"])])
    code = (
        "import hashlib, sys; from pathlib import Path; "
        "from connectors.exports.jira_csv import JiraCsvExport; "
        "board = JiraCsvExport(Path(sys.argv[1]), activity_details=False)._load_columns(); "
        "print(len(board.items), hashlib.sha256(repr(board.items).encode()).hexdigest())"
    )
    env = {"POLARS_CSV_CHUNK_SIZE": "4096", "POLARS_CSV_CHUNK_PREFETCH_LIMIT": "1"}
    done = subprocess.run(
        [sys.executable, "-c", code, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).parent.parent,
        env={**os.environ, **env},
        timeout=120,
    )

    board = JiraCsvExport(path, activity_details=False, polars=False).load()
    digest = hashlib.sha256(repr(board.items).encode()).hexdigest()
    assert done.stdout.split() == [str(len(board.items)), digest] and len(board.items) == 300


# --- a scan's rows prepared by polars (_csv_prepared) ---------------------------------------------


def test_plain_ranges_are_printable_and_not_white_space():
    """Every code point the prepared columns may call plain, Python calls printable and, but
    for the blank, not white space (what plain_text's and _title's own checks ask)."""
    from connectors.exports._csv_plain import PLAIN_RANGES

    points = [chr(c) for low, high in PLAIN_RANGES for c in range(low, high + 1)]
    assert len(points) > 30_000
    assert all(p.isprintable() and (p == " " or not p.isspace()) for p in points)


def test_only_a_scans_builder_shares_lists():
    from connectors.exports.jira_csv_board import _BoardBuilder

    builder = _BoardBuilder(["Summary", "Issue key"], "x", False, shared_empty=True)
    first = builder.share_list(["a", "b"])
    assert builder.share_list(["a", "b"]) is first and builder.share_list([]) is builder.empty[0]
    alone = _BoardBuilder(["Summary", "Issue key"], "x", False)
    values = ["a", "b"]
    assert alone.share_list(values) is values and alone.share_list(["a", "b"]) is not values


def test_whitespace_is_what_str_strip_strips():
    from connectors.exports._csv_prepared import WHITESPACE

    assert "".join(chr(c) for c in range(0x110000) if chr(c).isspace()) == WHITESPACE


def _mostly_plain_rows(rnd: random.Random, count: int) -> list[list[str]]:
    """Rows as Jira writes them (default dates, date;author;text comments), with now and then
    a row only the general path reads (odd comment, no key, title without summary), a duplicate,
    a blank line, watchers, parents by id, markup and non-ASCII text."""
    months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    def date() -> str:
        return (
            f"{rnd.randrange(1, 32):02d}/{rnd.choice(months)}/{rnd.randrange(15, 27)} "
            f"{rnd.randrange(1, 13)}:{rnd.randrange(0, 60):02d} {rnd.choice(['AM', 'PM'])}"
        )

    rows = []
    for number in range(1, count + 1):
        odd = rnd.random()
        comment = lambda: rnd.choice(  # noqa: E731 - short local generator
            ["", f"{date()};{rnd.choice(IDS)};{rnd.choice(TEXTS)}", f"{date()};;x"]
        )
        rows.append(
            [
                rnd.choice(["A plain summary", "Ünïcode summary", "two  spaces", " pad "]),
                "" if odd < 0.01 else f"P-{number if odd > 0.02 else max(1, number - 5)}",
                str(10000 + number) if odd > 0.015 else "",
                rnd.choice(["Story", "Bug", "Epic", ""]),
                rnd.choice(["To Do", "Done", "In Progress", ""]),
                rnd.choice(["To Do", "Done", ""]),
                "P",
                rnd.choice(["Platform", ""]),
                rnd.choice(["High", ""]),
                rnd.choice(NAMES),
                rnd.choice(IDS),
                rnd.choice(NAMES),
                rnd.choice(IDS),
                rnd.choice(NAMES),
                rnd.choice(IDS),
                date(),
                rnd.choice([date(), "", "31/Feb/22 1:00 PM", "2026-01-05T09:00:00+01:00"]),
                rnd.choice([date(), ""]),
                rnd.choice(["", date(), "15/Mär/1999"]),
                rnd.choice(["ux", "", "q3-bet"]),
                rnd.choice(["ux", "", "billing"]),
                rnd.choice([*TEXTS, "", "Plain words only, nothing else here."]),
                rnd.choice(["API", "", "Web"]),
                rnd.choice(["API", ""]),
                rnd.choice(["1.0", ""]),
                rnd.choice(["", "", *NAMES]),
                rnd.choice(["", NAMES[0]]),
                rnd.choice(["", "", *IDS]),
                rnd.choice(["", f"P-{rnd.randrange(1, number + 1)}"]),
                rnd.choice(["0|i0001:", ""]),
                rnd.choice(["Sprint 1", ""]),
                rnd.choice(["Sprint 2", ""]),
                rnd.choice(["", "", str(10000 + rnd.randrange(1, number + 9))]),
                rnd.choice(["", "", "", f"P-{rnd.randrange(1, number + 1)}"]),
                comment(),
                comment() if odd > 0.03 else "10/oct./16 11:54;bob;split",
                comment(),
                "3",
            ]
        )
        if odd > 0.995:
            rows.append([])
    return rows


@pytest.mark.parametrize("seed", range(3))
def test_prepared_rows_read_as_the_reference_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, seed: int
):
    from connectors.exports import _csv_prepared

    rnd = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(_mostly_plain_rows(rnd, 1300))
    path = tmp_path / f"plain-{seed}.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    in_bulk: list[int] = []
    flush = _csv_prepared.PreparedRows._flush
    monkeypatch.setattr(
        _csv_prepared.PreparedRows,
        "_flush",
        lambda self, columns, rows, *more: (
            in_bulk.append(len(rows)) or flush(self, columns, rows, *more)
        ),
    )
    board = assert_same_board(path)
    assert sum(in_bulk) > 1000 and len(board.items) > 1200 and board.skipped
    calls: list[tuple[int, int]] = []
    progress = lambda s, d, t, x: calls.append((d, t))  # noqa: E731
    lean = JiraCsvExport(path, activity_details=False, on_progress=progress).load()
    assert (lean.items, lean.activities, lean.skipped) == (
        board.items,
        [Activity(a.item_id, a.actor_id, a.kind, a.timestamp) for a in board.activities],
        board.skipped,
    )
    count = len(lean.items) + lean.repeats.copies
    assert [done for done, _ in calls] == [*range(500, count, 500), count]


@pytest.mark.parametrize(
    "dropped",
    [
        ("Watchers", "Watchers Id"),  # people registered in bulk, not row by row
        ("Watchers", "Watchers Id", "Project key", "Project name", "Creator", "Assignee Id"),
    ],
    ids=["no-watchers", "fewer-columns"],
)
def test_prepared_rows_without_some_columns_read_as_the_reference_does(
    tmp_path: Path, dropped: tuple[str, ...]
):
    keep = [index for index, name in enumerate(HEADER) if name not in dropped]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([HEADER[index] for index in keep])
    for row in _mostly_plain_rows(random.Random(len(dropped)), 1300):
        writer.writerow([row[index] for index in keep if index < len(row)])
    path = tmp_path / "fewer.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    board = assert_same_board(path)
    assert len(board.items) > 1200 and len(board.people) > 5 and board.skipped


def test_projects_from_odd_keys_read_as_the_reference_does(tmp_path: Path):
    rows = [
        ["Summary", "Issue key", "Reporter", "Created", "Comment"],
        ["a", "A-B-1", "ann", "03/Jan/22 8:00 AM", "04/Jan/22 8:00 AM;bob;hi"],
        ["b", "-7", "", "03/Jan/22 8:00 AM", "04/Jan/22 8:00 AM;;no author"],
        ["c", "plain", "Ann", "", "sometime;bob;odd date"],
        ["d", "Q-2", "bob", "03/Jan/22 9:00 AM", ""],
        ["e", "A-B-1", "dup", "03/Jan/22 8:00 AM", ""],
        ["f", "x-\n-3", "ann", "03/Jan/22 8:00 AM", "04/Jan/22 8:00 AM;ann;again"],
    ]
    path = tmp_path / "keys.csv"
    with path.open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle).writerows(rows)
    board = assert_same_board(path)
    assert board.id == ",A-B,Q,x-\n" and board.name == "Jira issues from 4 projects"


def test_small_batches_read_as_the_reference_does(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """Batches of 8 rows: some hold only new issues (mapped at once), others a duplicate, a
    blank line or a row for the general path (mapped row by row); progress told alike."""
    from connectors.exports import _csv_prepared

    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", 8)
    at_once: list[bool] = []
    all_new = _csv_prepared.PreparedRows._all_new
    monkeypatch.setattr(
        _csv_prepared.PreparedRows,
        "_all_new",
        lambda self, *args: at_once.append(all_new(self, *args)) or at_once[-1],
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(_mostly_plain_rows(random.Random(11), 1300))
    path = tmp_path / "batches.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    board = assert_same_board(path)
    assert at_once.count(True) > 3 and at_once.count(False) > 3
    calls: list[int] = []
    progress = lambda s, done, total, x: calls.append(done)  # noqa: E731
    lean = JiraCsvExport(path, activity_details=False, on_progress=progress).load()
    assert (lean.items, lean.skipped) == (board.items, board.skipped)
    count = len(lean.items) + lean.repeats.copies
    assert calls == [*range(500, count, 500), count]


def test_small_batches_without_watchers_register_the_same_people(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    """Batches of 8 rows without watcher columns: a batch whose people are all registered
    already under a name (``_Columns.people_known``) skips ``_people_in_order``; the people,
    their order and names, and the items are the reference's."""
    from connectors.exports import _csv_prepared

    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", 8)
    asked: list[bool] = []
    known = _csv_prepared._Columns.people_known
    monkeypatch.setattr(
        _csv_prepared._Columns,
        "people_known",
        lambda self, people: asked.append(known(self, people)) or asked[-1],
    )
    keep = [index for index, name in enumerate(HEADER) if not name.startswith("Watchers")]
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow([HEADER[index] for index in keep])
    for row in _mostly_plain_rows(random.Random(5), 1300):
        writer.writerow([row[index] for index in keep if index < len(row)])
    path = tmp_path / "people.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    board = assert_same_board(path)
    assert asked.count(True) > 10 and asked.count(False) > 3 and len(board.people) > 5


@pytest.mark.parametrize("case", ["apart", "collide", "unique"])
def test_older_ids_kept_as_hashes_find_the_same_duplicates(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, case: str
):
    """The prepared read's duplicate check (SeenIds: the latest ids a set, older ones hashes)
    gives the board the csv module's path gives: duplicates far apart, every id's hash the same
    (the set made whole at once), no duplicate (the set never made whole)."""
    from connectors.exports import _csv_prepared, _csv_seen_ids

    monkeypatch.setattr(_csv_prepared, "BATCH_ROWS", 40)
    monkeypatch.setattr(_csv_seen_ids, "RECENT_IDS", 30)
    if case == "collide":
        monkeypatch.setattr(_csv_seen_ids, "_id_hash", lambda text: 7)
    rows = _mostly_plain_rows(random.Random(21), 400)
    if case == "unique":
        rows = [row[:1] + [f"U-{n}", str(n)] + row[3:] for n, row in enumerate(rows) if row]
    else:
        rows += [rows[3], rows[1][:2] + rows[200][2:]]  # the same key, or the same id, late
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *rows])
    path = tmp_path / "dupes.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    whole: list[bool] = []
    before = _csv_seen_ids.SeenIds.before

    def watched(self, issue_ids):
        before(self, issue_ids)
        whole.append(self.hashes is None)

    monkeypatch.setattr(_csv_seen_ids.SeenIds, "before", watched)
    prepared = JiraCsvExport(path, activity_details=False).load()

    expected = JiraCsvExport(path, activity_details=False, polars=False).load()
    assert (prepared.items, prepared.activities, prepared.skipped) == (
        expected.items,
        expected.activities,
        expected.skipped,
    )
    assert prepared.repeats == expected.repeats
    twice = len(expected.repeats.lines)
    assert len(whole) >= 10 and (twice == 0) == (case == "unique")
    assert any(whole) == (case != "unique")
    if case == "collide":
        assert whole.index(True) == 1  # the first batch after the first hashes


def test_texts_polars_calls_plain_are_left_as_they_are():
    """What the prepared columns flag as plain, plain_text / _title give back unchanged."""
    import polars as pl

    from connectors.exports._csv_prepared import PreparedRows
    from connectors.exports.jira_csv_board import _BoardBuilder
    from connectors.exports.jira_csv_cells import _title

    rnd = random.Random(3)
    pieces = [
        *TEXTS,
        "a",
        "b c",
        " ",
        "  ",
        "-",
        "#",
        "h1.",
        "bq.",
        "??",
        "?",
        "é",
        "\t",
        "x" * 999,
        # single and paired wiki characters, and what a rule needs once
        "+",
        "_",
        "!",
        "*",
        "a+b",
        "x_y",
        "Hi!",
        "*b*",
        "_i_",
        "+u+",
        "!i.png!",
        "[x|y]",
        "{code}",
        "|",
        "\\\\",
        "<b>",
        "* item",
        "----",
        # what a rule's character alone does not make markup, and what it does
        "[DISCOVERY]",
        "[~bob]",
        "[~accountid:5b1]",
        "[https://x.example]",
        "[ftp://x]",
        "[mailto:a@b.c]",
        "[file:x]",
        "!a b!",
        "!a!",
        "Hi! there!",
        "?? x ??",
        "???",
        "{x}",
        "{{m}}",
        "{code:java}",
        "{noformat}",
        "{color:red}",
        "{panel}",
        "a < b",
        "<p>",
        "</DIV>",
        "h2.",
        " bq.",
        "snake_case_name",
        "_x_",
        " _y z_ ",
        "é_x_é",
        "\u203f_a_\u203f",
        "ſ",
        "\u212a",
        "2*3*4",
        " *a* ",
        "C++ and C++",
        " +a+ ",
        "x+y+z",
        "<2% and >3%",
        "a<b>c",
        "<p",
        ">",
        "\\",
        "\\x",
        # non-ASCII: printable (plain) and not (the Python check)
        "ü",
        "’",
        "—",
        "→",
        "✅",
        "\U0001f680",
        "漢字",
        "Ω",
        "\xad",
        "\u200b",
        "\u2028",
        "\u3000",
        "\xa0",
        "\u202f",
        "\U000e0001",
    ]
    texts = [*TEXTS, *("".join(rnd.choices(pieces, k=rnd.randrange(1, 5))) for _ in range(6000))]
    texts = [text.strip() for text in texts if text.strip()]
    builder = _BoardBuilder(["Summary", "Issue key", "Description"], "x", False)
    prepared = PreparedRows(builder, {"summary": ["c0"], "key": ["c1"], "description": ["c2"]})
    lazy = pl.DataFrame({"c0": texts, "c1": ["K-1"] * len(texts), "c2": texts}).lazy()
    for stage in prepared.derived(["c0", "c1", "c2"]):
        lazy = lazy.with_columns(stage)
    flags = lazy.select("plain_title", "plain_description").collect()
    titles, descriptions = flags.get_column("plain_title"), flags.get_column("plain_description")
    assert 0 < titles.sum() < len(texts) and 0 < descriptions.sum() < len(texts)
    for text, plain_title, plain_description in zip(texts, titles, descriptions, strict=True):
        assert not plain_title or _title(text) == text, text
        assert not plain_description or plain_text(text) == text, text


@pytest.mark.parametrize("polars_path", [True, False])
def test_a_scans_board_shares_one_empty_list_and_dict(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, polars_path: bool
):
    """shared_empty (a scan's own board): the same items, their empty lists one list, their
    empty dicts one dict; cleaning the board leaves them empty."""
    from connectors.exports import read_export
    from connectors.exports.csv_columns import NotForPolars
    from connectors.mapping.clean import clean_board

    rnd = random.Random(11)
    buffer = io.StringIO()
    csv.writer(buffer).writerows([HEADER, *_mostly_plain_rows(rnd, 300)])
    path = tmp_path / "shared.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    if not polars_path:

        def csv_module_only(self):
            raise NotForPolars("test")

        monkeypatch.setattr(JiraCsvExport, "_load_columns", csv_module_only)
    alone = JiraCsvExport(path, activity_details=False).load()
    shared = read_export(path, activity_details=False, shared_empty=True)
    assert (shared.items, shared.activities, shared.skipped) == (
        alone.items,
        alone.activities,
        alone.skipped,
    )
    lists = {
        id(values)
        for item in shared.items
        for values in (item.labels, item.checklist_items, item.members, item.watchers)
        if not values
    }
    dicts = {id(item.custom_fields) for item in shared.items}
    assert len(lists) == 1 and len(dicts) == 1
    assert not any(item.checklist_items for item in alone.items)  # each empty of its own there
    assert len({id(item.checklist_items) for item in alone.items}) == len(alone.items)
    # equal non-empty lists are one list too (labels, components, watchers): fewer objects
    for name in ("labels", "components", "watchers"):
        values = [getattr(item, name) for item in shared.items if getattr(item, name)]
        assert len({id(v) for v in values}) == len({tuple(v) for v in values}) < len(values)
        mine = [getattr(item, name) for item in alone.items if getattr(item, name)]
        assert len({id(v) for v in mine}) == len(mine)
    clean_board(shared, details=False)
    assert not shared.items[0].checklist_items and not shared.items[0].custom_fields
    # with activity details the board is a library user's: nothing shared
    full = JiraCsvExport(path, shared_empty=True).load()
    assert len({id(item.checklist_items) for item in full.items}) == len(full.items)


def test_clock_table_holds_every_time_of_day_the_plain_form_reads():
    from connectors.exports._csv_prepared import clock_table

    texts, values = clock_table()
    table = dict(zip(texts.to_list(), values.to_list(), strict=True))
    assert table["12:00 AM"] == 0 and table["12:30 PM"] == (12 * 60 + 30) * 60_000_000
    assert table["13:30 PM"] == table["13:30"] == table["1:30 PM"]  # as the parser reads them
    assert "24:00" not in table and "1:60 PM" not in table and "1:5 PM" not in table
    rnd = random.Random(5)
    probes = [
        f"{rnd.choice(['', '0', '1', '9', '12', '23', '24', '99', '007', ' 1'])}:"
        f"{rnd.choice(['00', '5', '59', '60', '99', '000'])}"
        f"{rnd.choice(['', ' AM', ' PM', 'PM', ' am', ' XM', ' AM '])}"
        for _ in range(3000)
    ]
    every = [  # every text of the plain form, _PLAIN_TIME
        f"{hour}:{minute:02d}{half}"
        for hour in [*map(str, range(100)), *(f"{h:02d}" for h in range(10))]
        for minute in range(100)
        for half in ("", " AM", " PM")
    ]
    for text in probes + every:
        value = jira_csv_dates._clock_us(text)
        assert table.get(text) == (value if type(value) is int else None), text


@pytest.mark.parametrize("encoding", ["utf-8", "cp1252"])
@pytest.mark.parametrize("seed", range(6))
def test_scan_bytes_finds_nul_and_lone_returns_at_block_edges(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, encoding: str, seed: int
):
    """A NUL or a carriage return without its line feed as the first or last byte, on either
    side of a block's edge or inside a file of multi-byte text: refused, with the reason the
    whole file gives (NUL when it holds no lone carriage return); otherwise its line feeds."""
    import random

    from connectors.exports import csv_columns

    rng = random.Random(seed)
    block = rng.choice([2, 3, 8, 13])
    monkeypatch.setattr(csv_columns, "_SCAN_BYTES", block)
    text = "Summary,Issue key\r\nCafé — “naïve” € œuvre,K-1\r\nÅngström ½,K-2\n".encode(encoding)
    path = tmp_path / "edges.csv"
    for _ in range(40):
        body = bytearray(text)
        for _ in range(rng.randint(0, 2)):
            at = rng.choice([0, len(body), block - 1, block, block + 1, rng.randint(0, len(body))])
            body[at:at] = rng.choice([b"\x00", b"\r", b"\r\n", b"\n"])
        path.write_bytes(bytes(body))
        lone = body.count(b"\r") != body.count(b"\r\n")
        if b"\x00" in body or lone:
            with pytest.raises(csv_columns.NotForPolars) as refused:
                csv_columns.scan_bytes(path, count=rng.random() < 0.5)
            if not lone:
                assert str(refused.value) == "NUL byte"
            elif b"\x00" not in body:
                assert str(refused.value).startswith("lone carriage return")
        else:
            assert csv_columns.scan_bytes(path) == body.count(b"\n")


def test_polars_false_reads_with_the_csv_module_alone(monkeypatch: pytest.MonkeyPatch):
    """The seam the equivalence tests read the reference through: the same board."""
    sample = EXAMPLES / "jira_sample_export.csv"
    monkeypatch.setattr(JiraCsvExport, "_load_columns", lambda self: pytest.fail("polars read"))
    board = JiraCsvExport(sample, activity_details=False, polars=False).load()
    monkeypatch.undo()
    polars = JiraCsvExport(sample, activity_details=False).load()
    assert board.items and (board.items, board.activities) == (polars.items, polars.activities)


@pytest.mark.parametrize(
    ("tail", "read"),
    [
        ('Third,K-3,"stops he', 2),  # inside a quoted cell
        ('Third,K-3,"line\r\n', 2),
        ('Third,K-3,"a ""b""', 2),
        ("Third,K-3", 2),  # a short last row, no line break after it
        ('"x",K-3', 2),
        ("Third,K-3,pl", 3),  # as many cells as the header: read
        ("Third,K-3,", 3),  # (the last one empty)
        ("Third,K-3\r\n", 3),  # a short row ended by a line break: read
        ("Third,K-3,Ü", 2),  # inside a character (its first byte of two kept)
        ('Third,K-3,"Ü', 2),
        ("Ü", 2),
    ],
)
def test_a_cut_file_reads_as_the_reference_does(tmp_path: Path, tail: str, read: int):
    """Cut inside a quoted cell or not, with the columns' split, the rows' and the reference."""
    path = tmp_path / "cut.csv"
    head = 'Summary,Issue key,Description\r\nFirst,K-1,"two\r\nlines"\r\nSecond,K-2,plain\r\n'
    path.write_bytes((head + tail).encode().removesuffix("Ü".encode()[1:]))
    board = assert_same_board(path)
    rows = JiraCsvExport(path, polars=False).load()
    assert (rows.items, rows.skipped) == (board.items, board.skipped)
    assert len(board.items) == read and len(board.skipped) == 3 - read


def test_an_odd_number_of_quotes_is_split_by_the_csv_module(tmp_path: Path):
    """polars reads a quote left open at the end on without a word in the columns it does not
    hand over: an odd count of quotes sends the file to the csv module, which tells the cut."""
    from connectors.exports import csv_columns

    path = tmp_path / "odd.csv"
    path.write_bytes(b'Summary,Issue key\r\na,K-1\r\n"b,K-2\r\n')
    with pytest.raises(csv_columns.NotForPolars):
        csv_columns.scan_bytes(path, count=False)
    path.write_bytes(b'Summary,Issue key\r\n"a ""quoted"" one",K-1\r\n')
    assert csv_columns.scan_bytes(path) == 2


@pytest.mark.parametrize(
    ("tail", "csv_module"),
    [
        (b"c,K-3,x", False),  # a full last row, no line break after it (bpi_one_firm_jira.csv)
        (b'"c\r\nd ""e""",K-3,x', False),  # its first cell over two lines
        (b"c,K-3", True),  # a short one
        (b'c,"K-3\r\nx",', False),  # its second cell over two lines, then an empty one
        (b'"c\r\nd, e",K-3', True),
        (b"c,K-3,x\r\n", False),
        (b"c,K-3\r\n", False),  # short, ended by a line break: Jira's own, read
        (b"c,K-3,\xc3", True),  # the first byte of a character of two
        (b"c,K-3,\xe2\x82", True),  # two of three
        (b"c,K-3,\xc3\xa9", False),
    ],
)
def test_the_signs_of_a_cut_file_send_it_to_the_csv_module(
    tmp_path: Path, tail: bytes, csv_module: bool
):
    from connectors.exports import csv_columns

    path = tmp_path / "tail.csv"
    path.write_bytes(b'Summary,Issue key,Description\r\na,K-1,"one\r\ntwo"\r\nb,K-2,y\r\n' + tail)
    if csv_module:
        with pytest.raises(csv_columns.NotForPolars):
            csv_columns.scan_bytes(path, width=3)
    else:
        assert csv_columns.scan_bytes(path, width=3) == 4 + tail.count(b"\n")


def test_a_last_record_longer_than_the_tail_looked_at_goes_to_the_csv_module(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
):
    from connectors.exports import csv_columns

    path = tmp_path / "long.csv"
    path.write_bytes(b'Summary,Issue key\r\na,K-1\r\n"' + b"line\r\n" * 20 + b'",K-2')
    assert csv_columns.scan_bytes(path, width=2) == 22
    monkeypatch.setattr(csv_columns, "_TAIL_BYTES", 64)
    with pytest.raises(csv_columns.NotForPolars):
        csv_columns.scan_bytes(path, width=2)
