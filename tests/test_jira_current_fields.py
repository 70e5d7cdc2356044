"""A Jira CSV export of the current fields (the user's issue view) lacks columns the analysis
reads: the reader names them (``Board.missing_columns``, Jira's English names whatever the
export's language) and the report says so in one note, with what each lack costs and the
all-fields export to make. Before, such a file was read silently, at most with "The export
holds no activity history" and no word of why."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analyzer.uncategorised import declare_advice
from connectors.exports.jira_csv import JiraCsvExport
from connectors.exports.jira_current_fields import missing_columns, missing_columns_note
from tests.cli_helpers import flat, run_ok

FIXTURES = Path(__file__).parent / "fixtures"

# A view of 7 columns, as Jira's Export → CSV (current fields) writes it: no dates, no people.
SEVEN = (
    "Issue Type,Issue key,Issue id,Parent id,Summary,Status,Resolution\n"
    "Story,K-1,101,,Define the roadmap for next year,In Progress,\n"
    "Bug,K-2,102,101,Login button misaligned,Done,Done\n"
)
# 14 columns: dates and people there, no Description, no Comment, no Resolved.
FOURTEEN = (
    "Summary,Issue key,Issue id,Issue Type,Status,Project key,Project name,Priority,"
    "Assignee,Reporter,Created,Updated,Labels,Sprint\n"
    "Define the roadmap,K-1,101,Epic,To Do,K,Kay,High,Ana,Bo,"
    "01/Mar/24 9:00 AM,02/Mar/24 9:00 AM,plan,Sprint 1\n"
    "Fix the login,K-2,102,Bug,Done,K,Kay,Low,,Bo,03/Mar/24 9:00 AM,04/Mar/24 9:00 AM,,\n"
)
# The same view in Spanish: the localised columns are there, not missing.
FOURTEEN_ES = (
    "Resumen,Clave de incidencia,ID de la incidencia,Tipo de Incidencia,Estado,"
    "Clave del proyecto,Nombre del proyecto,Prioridad,Persona asignada,Informador,Creada,"
    "Actualizada,Etiquetas,Sprint\n"
    "Definir la hoja de ruta,K-1,101,Épica,Por hacer,K,Kay,High,Ana,Bo,"
    "01/mar/24 9:00 AM,02/mar/24 9:00 AM,plan,Sprint 1\n"
)


def _loads(path: Path) -> list[list[str]]:
    """The missing columns as each reader path gives them: polars's columns (a library read
    and a scan's prepared rows) and the csv module's rows."""
    return [
        JiraCsvExport(path).load().missing_columns,
        JiraCsvExport(path, activity_details=False).load().missing_columns,
        JiraCsvExport(path, polars=False).load().missing_columns,
        JiraCsvExport(path, polars=False, activity_details=False).load().missing_columns,
    ]


@pytest.mark.parametrize(
    ("text", "missing"),
    [
        (
            SEVEN,
            ["Created", "Updated", "Assignee", "Reporter", "Comment"]
            + ["Due Date", "Sprint", "Description", "Labels"],
        ),
        (FOURTEEN, ["Comment", "Parent", "Due Date", "Description"]),
        (FOURTEEN_ES, ["Comment", "Parent", "Due Date", "Description"]),
    ],
    ids=["seven", "fourteen", "fourteen-es"],
)
def test_every_reader_path_names_the_missing_columns(tmp_path: Path, text: str, missing):
    path = tmp_path / "current.csv"
    path.write_text(text, encoding="utf-8")
    assert _loads(path) == [missing] * 4


@pytest.mark.parametrize(
    "name", ["jira_export_en.csv", "jira_export_es.csv", "jira_export_fr.csv", "jira_export_de.csv"]
)
def test_an_export_of_all_fields_lacks_none(name: str):
    assert _loads(FIXTURES / name) == [[]] * 4


def test_columns_an_all_fields_export_leaves_out_when_empty_say_nothing_alone():
    """A lack of Comment, of a parent's column or of Resolved (Status there) tells nothing
    alone: an export of all fields has no Comment column when no issue has a comment."""
    every = ["summary", "key", "id", "type", "status", "assignee", "reporter", "created"]
    every += ["updated", "description"]
    assert missing_columns(every) == []
    assert missing_columns([*every[:-1]]) == [
        "Comment",
        "Parent",
        "Due Date",
        "Sprint",
        "Description",
        "Labels",
    ]
    # a reporter's id, or the creator, stands for the reporter; Resolved is named with Status
    fields = [f for f in every if f not in ("reporter", "status")] + ["creator_id", "comment"]
    assert missing_columns(fields + ["due", "sprint", "labels"]) == ["Status", "Resolved", "Parent"]


@pytest.mark.parametrize(
    "gone",
    [
        "sprint",
        "labels",
        "due",
        "priority",
        "fix_versions",
        "components",
        "watchers",
        "rank",
        "resolution",
    ],
)
def test_a_column_deleted_by_hand_alone_is_no_sign_of_the_view(gone: str):
    """Sprint and Labels are written only when some issue holds one, Due Date is not in many a
    CSV written by hand or by a tool; Priority, Fix Version, Component, Rank, Watchers and
    Resolution (Status there) feed nothing the report says: none alone brings the note."""
    every = ["summary", "key", "id", "type", "status", "assignee", "reporter", "created"]
    every += ["updated", "description", "comment", "parent_id", "due", "sprint", "labels"]
    every += ["priority", "fix_versions", "components", "watchers", "rank", "resolution"]
    assert missing_columns([f for f in every if f != gone]) == []


@pytest.mark.parametrize(
    ("gone", "named"),
    [
        (
            "sprint",
            "Sprint (no sprints: the balance over time in months, not sprints, and backlog "
            "rot takes items in a sprint for unplanned)",
        ),
        ("labels", "Description, Labels (the model reads titles only)"),
        ("due", "Due Date (no due dates: backlog rot takes items due on a date for unplanned)"),
        ("priority", None),
        ("fix_versions", None),
    ],
)
def test_with_a_view_the_note_says_what_a_deleted_column_costs(gone: str, named: str | None):
    """Before, the note named only the columns that tell the view (Description, Created …):
    a view without Sprint, Labels or Due Date lost windows, labels or plans unsaid."""
    view = ["summary", "key", "id", "type", "status", "assignee", "reporter", "created"]
    view += ["updated", "comment", "parent_id", "due", "sprint", "labels", "priority"]
    view += ["fix_versions"]  # no description: a view
    note = missing_columns_note(missing_columns([f for f in view if f != gone])) or ""
    if named is None:
        assert note.split(" and lacks ")[1].startswith("Description (the model reads titles only).")
    else:
        assert named in note
    both = missing_columns_note(["Due Date", "Sprint", "Description"]) or ""
    assert "Due Date, Sprint (no due dates or sprints: the balance over time in months" in both
    assert "Description (the model reads titles only)" in both
    assert "Labels (the model reads no labels)" in (
        missing_columns_note(["Created", "Labels"]) or ""
    )


def test_the_note_groups_the_columns_by_what_their_lack_costs():
    names = ["Created", "Updated", "Assignee", "Reporter", "Comment", "Description"]
    note = missing_columns_note(names)
    assert note is not None
    assert "current fields" in note and "Filters → Export → CSV (all fields)" in note
    assert "Created, Updated (no dates: no activity history, no drift over time" in note
    assert "Assignee, Reporter, Comment (no people" in note
    assert "Description (the model reads titles only)" in note
    assert missing_columns_note([]) is None


@pytest.mark.parametrize(
    ("names", "cost"),
    [
        (["Created"], "Created (no creation dates: activity is the comments only)"),
        (["Created", "Comment"], "Created (no creation dates: no activity history, no drift"),
        (["Created", "Comment"], "Comment (no comments)"),
        (["Updated", "Comment"], "Comment (no comments: activity is creation only)"),
        (["Updated"], "Updated (stale items told by their creation only)"),
        (["Status", "Resolved"], "Status, Resolved (what is done and where an item sits unknown)"),
        (["Issue Type", "Parent"], "Issue Type, Parent (epics and sub-tasks not told apart)"),
        (["Description", "Parent"], "Parent (items not linked to their epics)"),
        # one of the two people columns: the other still names people (a search of some
        # fields said "no people" with every assignee there)
        (["Created", "Reporter"], "Reporter (no reporters: who created each item unknown)"),
        (["Created", "Assignee"], "Assignee (no assignees: owners unknown)"),
        (
            ["Created", "Assignee", "Comment"],
            "Assignee, Comment (no assignees: owners unknown; no comments)",
        ),
        (["Created", "Assignee", "Reporter"], "Assignee, Reporter (no people: owners and who"),
    ],
)
def test_what_a_lack_costs_depends_on_what_else_is_there(names: list[str], cost: str):
    """The comments are activity when Created is missing; Created is when Comment is."""
    assert cost in (missing_columns_note(names) or "")


def test_the_report_says_it_once_in_every_format(keyword_cli, tmp_path: Path):
    """One note, instead of "no activity history" (its cause: no Created, no Comment)."""
    path = tmp_path / "current.csv"
    path.write_text(SEVEN, encoding="utf-8")
    notes = json.loads(run_ok("scan", path, "--format", "json"))["notes"]
    said = [n for n in notes if "current fields" in n]
    assert len(said) == 1 and "Created, Updated" in said[0]
    assert not any("no activity history;" in n for n in notes)
    for fmt in ("markdown", "table", "html"):
        out = flat(run_ok("scan", path, "--format", fmt))
        assert "Created, Updated" in out and "CSV (all fields)" in out, fmt


def test_an_all_fields_export_gets_no_note(keyword_cli):
    notes = json.loads(run_ok("scan", FIXTURES / "jira_export_en.csv", "--format", "json"))["notes"]
    assert not any("current fields" in n for n in notes)


def test_a_report_from_the_store_says_it_too(keyword_cli, tmp_path: Path):
    """``import`` keeps the missing columns with the source (``sources.skipped``'s object), so
    ``report --db`` says what a scan of the file says; a source without them says nothing."""
    from connectors.store.reading import skipped_object

    path, db = tmp_path / "current.csv", tmp_path / "store.db"
    path.write_text(SEVEN, encoding="utf-8")
    run_ok("import", path, "--db", db)
    notes = json.loads(run_ok("report", "--db", db, "--format", "json"))["notes"]
    said = [n for n in notes if "current fields" in n]
    assert len(said) == 1 and "Created, Updated" in said[0]
    other = tmp_path / "other.db"
    run_ok("import", FIXTURES / "jira_export_en.csv", "--db", other)
    notes = json.loads(run_ok("report", "--db", other, "--format", "json"))["notes"]
    assert not any("current fields" in n for n in notes)
    # a store written before: the one list of lines, or the object without the key (as
    # Reading.board reads them: ``said.get("missing_columns")``)
    for stored in ('["1 row skipped"]', '{"records": [], "parts": []}', None):
        assert not skipped_object(stored).get("missing_columns")


# -- a combined report (several boards merged: report --db over several sources) ---------------


def _board(tmp_path: Path, name: str, text: str):
    from analyzer.pipeline import read_board

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return read_board(path)


def _columns_notes(board) -> list[str]:
    from analyzer.pipeline import scan_board

    return [n for n in scan_board(board).notes if "current fields" in n]


def test_a_merged_board_says_it_of_each_current_fields_file(tmp_path: Path):
    """Before, a merged board had no missing columns, so no note: each file's note is kept,
    named by the file, and files lacking the same columns share one."""
    from connectors.merge import merge_boards

    seven = _board(tmp_path, "seven.csv", SEVEN)
    fourteen = _board(tmp_path, "fourteen.csv", FOURTEEN)
    es = _board(tmp_path, "fourteen_es.csv", FOURTEEN_ES)
    whole = JiraCsvExport(FIXTURES / "jira_export_en.csv").load()
    merged = merge_boards([seven, whole, fourteen, es])
    notes = _columns_notes(merged)
    assert len(notes) == 2
    assert notes[0].startswith('The Jira CSV export "seven.csv" holds only the columns of its ')
    assert "lacks Created, Updated (no dates: no activity history" in notes[0]
    assert notes[1].startswith(
        'The Jira CSV exports "fourteen.csv" and "fourteen_es.csv" hold only the columns of '
        "their issue views (Export → CSV (current fields)) and lack Comment (no comments"
    )
    assert all(n.endswith("Filters → Export → CSV (all fields).") for n in notes)
    # a merge of a merge names the same files; a board without a file path, by its name
    seven, fourteen, es = (
        _board(tmp_path, n, t)
        for n, t in (
            ("seven.csv", SEVEN),
            ("fourteen.csv", FOURTEEN),
            ("fourteen_es.csv", FOURTEEN_ES),
        )
    )
    inner = merge_boards([seven, JiraCsvExport(FIXTURES / "jira_export_en.csv").load()])
    assert _columns_notes(merge_boards([inner, fourteen, es])) == notes
    seven = _board(tmp_path, "seven.csv", SEVEN)
    seven.origin = None
    assert '"Jira project K"' in _columns_notes(merge_boards([seven, whole]))[0]
    assert _columns_notes(merge_boards([whole, _board(tmp_path, "w.csv", FOURTEEN)])) == [
        notes[1]
        .replace('exports "fourteen.csv" and "fourteen_es.csv" hold', 'export "w.csv" holds')
        .replace("their issue views", "its issue view")
        .replace("and lack Comment", "and lacks Comment")
    ]


def test_a_merged_board_says_no_history_unless_every_file_lacks_it(tmp_path: Path):
    """The columns note replaces "no activity history" only when every source lacks Created
    and Comment (the merged board's own missing columns are those every source lacks)."""
    from connectors.merge import merge_boards

    a, b = _board(tmp_path, "a.csv", SEVEN), _board(tmp_path, "b.csv", SEVEN)
    merged = merge_boards([a, b])
    assert merged.missing_columns == a.missing_columns
    assert _columns_notes(merged) == [
        _columns_notes(a)[0]
        .replace("export holds", 'exports "a.csv" and "b.csv" hold')
        .replace("its issue view", "their issue views")
        .replace("and lacks", "and lack")
    ]
    assert merge_boards([a, _board(tmp_path, "c.csv", FOURTEEN)]).missing_columns == [
        "Comment",
        "Due Date",
        "Description",
    ]


def test_a_store_report_of_several_sources_says_it_in_every_format(keyword_cli, tmp_path: Path):
    db = tmp_path / "store.db"
    # two projects (one key each: the store keeps one source per project)
    for name, text in (("seven.csv", SEVEN.replace("K-", "S-")), ("fourteen.csv", FOURTEEN)):
        (tmp_path / name).write_text(text, encoding="utf-8")
        run_ok("import", tmp_path / name, "--db", db)
    run_ok("import", FIXTURES / "jira_export_en.csv", "--db", db)
    notes = json.loads(run_ok("report", "--db", db, "--format", "json"))["notes"]
    said = [n for n in notes if "current fields" in n]
    assert [n.split(" holds")[0] for n in said] == [
        'The Jira CSV export "seven.csv"',
        'The Jira CSV export "fourteen.csv"',
    ]
    for fmt in ("markdown", "table", "html"):
        out = flat(run_ok("report", "--db", db, "--format", fmt))
        for name in ("seven.csv", "fourteen.csv"):
            assert f'export "{name}" holds only' in out.replace("&quot;", '"'), (fmt, name)


# -- Status Category: named only when some status has no category -----------------------------

# The 14-column view with custom statuses (a QA gate's lots): no Status Category column.
CUSTOM = FOURTEEN.replace(",To Do,", ",Disposition,").replace(",Done,", ",Release,")
STATUS_CATEGORY_COST = "Status Category (custom statuses read as open, done or not)"


def _notes(path: Path) -> list[str]:
    return json.loads(run_ok("scan", path, "--format", "json"))["notes"]


def test_a_view_with_custom_statuses_names_its_status_category_column(keyword_cli, tmp_path: Path):
    """Jira writes a category for every issue: a status without one means the view lacks the
    column. Named with the other columns (whose note gives the advice once), and the note on
    the statuses names them without repeating it."""
    path = tmp_path / "current.csv"
    path.write_text(CUSTOM, encoding="utf-8")
    notes = _notes(path)
    [columns] = [n for n in notes if "current fields" in n]
    assert (
        "and lacks Comment (no comments: activity is creation only); "
        f"{STATUS_CATEGORY_COST}; Parent (items not linked to their epics);" in columns
    )
    [statuses] = [n for n in notes if "category the export" in n]
    assert statuses == (
        "All 2 items have a status whose category the export does not give (Disposition 1, "
        "Release 1): they are read as open, done or not, and the findings on open items "
        "count them. " + declare_advice("Disposition")
    )
    db = tmp_path / "store.db"  # the store keeps the columns and the items: report --db too
    run_ok("import", path, "--db", db)
    assert json.loads(run_ok("report", "--db", db, "--format", "json"))["notes"] == notes


@pytest.mark.parametrize(
    "statuses",
    [("To Do", "Done"), ("Waiting for support", "On Hold")],  # a category; open on every site
    ids=["named", "open-anyway"],
)
def test_only_then(keyword_cli, tmp_path: Path, statuses: tuple[str, str]):
    path = tmp_path / "current.csv"
    first, second = statuses
    path.write_text(
        FOURTEEN.replace(",To Do,", f",{first},").replace(",Done,", f",{second},"), "utf-8"
    )
    notes = _notes(path)
    assert any("current fields" in n for n in notes)
    assert not any("Status Category" in n for n in notes)


def test_status_category_joins_only_a_view_lacking_columns_and_holding_status():
    from connectors.exports.jira_current_fields import with_status_category

    assert with_status_category([], True) == []  # an export of all fields: no columns note
    assert with_status_category(["Comment"], False) == ["Comment"]
    assert with_status_category(["Comment"], True) == ["Comment", "Status Category"]
    assert with_status_category(["Status", "Resolved"], True) == ["Status", "Resolved"]
    note = missing_columns_note(["Created", "Status Category"]) or ""
    assert f"activity is the comments only); {STATUS_CATEGORY_COST}. For the whole" in note
    # the header alone never names it (a view holding only named statuses loses nothing)
    assert "Status Category" not in missing_columns(["key", "summary", "status"])
