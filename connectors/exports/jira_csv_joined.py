"""Two exports joined into one file: the second's header among the rows.

A row repeating the first header is skipped with a line saying so (:data:`REPEATED_HEADER`);
a row that is another export's header (its columns not the first's: :func:`names_columns`)
stops the read (:func:`other_header`), since each row after it would be misread. The row
builder (``jira_csv_board._BoardBuilder.header_again``) tells which a row is.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from connectors.exports.files import fail
from connectors.interface import ExportFormatError
from connectors.mapping.jira_columns import column_field

#: How many of a row's cells name Jira's columns for it to be a header (:func:`names_columns`):
#: no row of the 37 real Jira CSVs has more than 1 (a status "Resolved"), another export's
#: header joined under a first one has 3 to 14 in the first's columns.
_HEADER_NAMES = 3


def names_columns(cells: Sequence[str]) -> bool:
    """Do at least :data:`_HEADER_NAMES` of a row's cells name a column Jira writes (in any
    language the reader knows, or as a tool writes it, ``Issue_Type``)? A second export joined
    into the file whose header is neither this one's nor maps Jira's columns to this one's
    places does (its language or its columns differ: freshdata anbtx_data_team under any other
    real export or the other way round; whether the first's key is a column name or empty)."""
    named = 0
    for cell in cells:
        name = cell.lstrip(BOM).removeprefix(BOM_1252)
        if name and len(name) <= 60 and "\n" not in name:
            spaced = name.replace("_", " ")
            if column_field(name) is not None or (spaced != name and column_field(spaced)):
                named += 1
                if named >= _HEADER_NAMES:
                    return True
    return False


BOM = "\ufeff"  # a UTF-8 file's first character: a joined file's second header starts with it


BOM_1252 = BOM.encode().decode("cp1252")  # "ï»¿": the same, joined under a Windows-1252 file


#: A row that repeats the header (two exports joined into one file): not read as an issue.
REPEATED_HEADER = "the header once more (two exports joined into one file?): not read as an issue"


def other_header(path: str | Path, number: int) -> ExportFormatError:
    """The error for a file whose row ``number`` is another export's header: its rows' cells
    are in other columns than the first header says (read by it, each would be misread)."""
    return fail(
        path,
        f"row {number} is another export's header, its columns not those of the first (two "
        "exports joined into one file)",
        "scan each export as a file of its own (scan first.csv second.csv reads them together)",
    )
