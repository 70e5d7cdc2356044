"""The portfolio in every format: a row per board first, then each board's own section.

:meth:`analyzer.formats.interface.ReportFormat.write_portfolio` calls :func:`write_portfolio`,
which picks the layout by the format's name: the terminal table and Markdown put a portfolio table
before each board's full report; JSON is one document with a ``portfolio`` array and the boards'
``reports``; HTML is one self-contained page with a sortable table whose rows link to each board's
section (its verdict and flags); CSV and JSON Lines list the items of every board (the ``board``
column tells them apart).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import re
from collections.abc import Callable
from typing import IO, TYPE_CHECKING

from _backlog_analyzer_runtime.percent import percent
from analyzer.formats._common import SEVERITY_WORDS, one_line, shown_origin
from analyzer.portfolio import SEVERITIES, Portfolio, PortfolioRow

if TYPE_CHECKING:
    from analyzer.formats.interface import ReportFormat

#: Version of the portfolio JSON document (analyzer/schema/portfolio.schema.json).
PORTFOLIO_SCHEMA_VERSION = "3"
HEADERS = (
    "Board",
    "Items",
    "Strategic items",
    "Strategic activity",
    "Uncertain",
    "Roadmap owner",
    "Backlog owner",
    "Flags",
    "Trend",
)
#: A severity's letter in the terminal table's Flags cell: its word's first (E, W, N).
_LETTER = {severity: SEVERITY_WORDS[severity][0].upper() for severity in SEVERITIES}
#: The terminal's headers: short enough for an 80-column terminal.
_SHORT_HEADERS = (
    "Board",
    "Items",
    "Strat.\nitems",
    "Strat.\nact.",
    "Unc.",
    "Roadmap",
    "Backlog",
    "Flags",
    "Trend",
)
SHARE_NOTE = (
    "Strategic shares and Uncertain are of all the board's items (or activity), as each board's "
    "report states them; Trend is the strategic share of activity before → recently, as each "
    "board's Drift line states it (its last windows with enough activity against those before), "
    "with its word where it is no steady balance: drifting, or moved (fell to none, rose from "
    "none, doubled or halved under the drift minimum); none where the board has no strategic "
    "work before or recently; – where the board's report finds its balance over time too thin "
    "to judge."
)
#: The Trend of a board with no strategic work before or recently: "0% → 0%" read like a
#: measured steady balance (sidelineHD apps, Jira project CNED; session 31's walk).
NO_STRATEGIC_WORK = "none"
#: The note where the terminal table leaves the Uncertain column out (it names no column not shown).
_SHARE_NOTE_NO_UNCERTAIN = SHARE_NOTE.replace(
    "Strategic shares and Uncertain are", "Strategic shares are"
)


def pct(share: float | None) -> str:
    return "–" if share is None else percent(share)


def trend_text(row: PortfolioRow, arrow: str = " → ") -> str:
    """The board's Drift line in short: "2% → 0% moved", "50% → 8% drifting", "20% → 21%";
    "none" when it has no strategic work before or recently (no balance to keep)."""
    trend = row.trend
    if trend is None:
        return "–"
    if not trend.before and not trend.recent:
        return NO_STRATEGIC_WORK
    shares = f"{percent(trend.before)}{arrow}{percent(trend.recent)}"
    return f"{shares} {trend.word}" if trend.word else shares


def flags_text(row: PortfolioRow) -> str:
    """``1 error, 3 warnings, 2 notes``: the reports' words (the stored "info" read "2 infos")."""
    said = [
        f"{row.flags[s]} {SEVERITY_WORDS[s]}{'s' if row.flags[s] > 1 else ''}"
        for s in SEVERITIES
        if row.flags.get(s)
    ]
    return ", ".join(said) or "none"


#: After a backlog's owners (or "not judged") when only its stories lack acceptance criteria
#: (PortfolioRow.stories_unrefined): its ownership is not what is flagged.
UNREFINED = "stories not refined"


def owners_text(
    owners: list[str], ok: bool | None, shown: int = 3, mark: bool = True, unrefined: bool = False
) -> str:
    """The first ``shown`` owners and how many more; "(flagged)" when the board's verdict says
    this ownership needs attention, "not judged" when it does not judge it and nobody owns it;
    ``unrefined``: the backlog's stories, not its ownership, need attention (the row's
    ``stories_unrefined``), "(stories not refined)" after its owners or "not judged"."""
    listed = ", ".join(owners[:shown]) + (f" +{len(owners) - shown}" if len(owners) > shown else "")
    if unrefined:
        return f"{listed or 'not judged'} ({UNREFINED})" if mark else listed or "not judged"
    if not owners:
        return "nobody" if ok is False else "not judged"
    return f"{listed} (flagged)" if ok is False and mark else listed


def cells(row: PortfolioRow) -> list[str]:
    return [
        one_line(row.board),
        str(row.items),
        pct(row.strategic_items),
        pct(row.strategic_activity),
        pct(row.uncertain),
        one_line(owners_text(row.roadmap_owners, row.roadmap_ok)),
        one_line(owners_text(row.backlog_owners, row.backlog_ok, unrefined=row.stories_unrefined)),
        flags_text(row),
        trend_text(row),
    ]


def empty_line(portfolio: Portfolio) -> str | None:
    """The line under the headline naming the boards with no items, with what to check (their
    rows say only 0 and "not judged"); None when every board has items. Not in the JSON, whose
    reports each carry their board's own note."""
    from analyzer.no_items import empty_rows
    from connectors.interface import BoardPart

    return empty_rows([BoardPart(r.board, r.source, r.origin, r.items) for r in portfolio.rows])


def headline(portfolio: Portfolio) -> str:
    rows = portfolio.rows
    no_roadmap = [r.board for r in rows if r.roadmap_ok is False]
    no_backlog = [r.board for r in rows if r.backlog_ok is False and not r.stories_unrefined]
    unrefined = [r.board for r in rows if r.stories_unrefined]
    flags = portfolio.flags
    parts = [f"{len(rows)} board{'s' if len(rows) != 1 else ''}"]
    parts.append(
        f"{flags['error']} error and {flags['warning']} warning flag"
        f"{'s' if flags['warning'] != 1 else ''} in all"
    )
    if no_roadmap:
        parts.append(f"roadmap ownership needs attention on {len(no_roadmap)}")
    if no_backlog:
        parts.append(f"backlog ownership needs attention on {len(no_backlog)}")
    if unrefined:  # not "ownership": these boards name their POs, or cannot show them
        more = " more" if no_backlog else ""
        parts.append(
            f"backlog refinement needs attention on {len(unrefined)}{more} (stories without "
            "acceptance criteria)"
        )
    return "Portfolio: " + "; ".join(parts) + "."


# -- per format -------------------------------------------------------------------------------


def _table(fmt: ReportFormat, portfolio: Portfolio, stream: IO[str]) -> None:
    import io

    from rich import box
    from rich.table import Table

    from analyzer.formats.table import TableFormat

    buffer = io.StringIO()
    console = TableFormat(width=fmt.width, color=fmt.color).console(buffer)
    console.print(headline(portfolio))
    if empty := empty_line(portfolio):
        console.print(empty)
    console.print()
    rows = []
    for row in portfolio.rows:
        texts = cells(row)
        # One owner and a count: a name list would make every row several lines at 80 columns.
        texts[5] = _terminal_owners(row.roadmap_owners, row.roadmap_ok)
        texts[6] = _terminal_owners(row.backlog_owners, row.backlog_ok, row.stories_unrefined)
        texts[7] = (
            " ".join(f"{row.flags[s]}{_LETTER[s]}" for s in SEVERITIES if row.flags.get(s))
            or "none"
        )
        texts[_TREND] = trend_text(row, arrow="→")  # "2%→0%" stays whole, its word may wrap
        rows.append(texts)
    widths, gap = _layout(fmt.width, rows)
    table = Table(
        box=box.SIMPLE_HEAD,
        pad_edge=False,
        show_edge=False,
        collapse_padding=True,
        padding=(0, 1) if gap == 2 else (0, 0),
    )
    for i, header in enumerate(_SHORT_HEADERS):
        if i not in widths:
            continue
        table.add_column(
            header,
            justify="left" if i in (0, 5, 6, 7) else "right",
            # words wrap at spaces; a word longer than the column ends in "…" ("fold" cut names
            # mid-word: "(trello_sam" / "ple_board.j" / "son)")
            overflow="ellipsis",
            width=widths[i],
            # a number is never wrapped or cut: the names give way (Flags wraps between counts)
            no_wrap=i in _NUMBERS,
        )
    for texts in rows:
        texts[0] = _breakable(texts[0], widths[0])  # a file name breaks after _ . - /
        table.add_row(*(text for i, text in enumerate(texts) if i in widths))
    console.print(table)
    legend = ", ".join(f"{_LETTER[s]} {SEVERITY_WORDS[s]}" for s in SEVERITIES)
    left_out = [HEADERS[i] for i in _DROPPED if i not in widths]
    narrow = (
        f" Left out at this width: {' and '.join(left_out)} (in each board's report below)."
        if left_out
        else ""
    )
    note = SHARE_NOTE if 4 in widths else _SHARE_NOTE_NO_UNCERTAIN
    console.print(f"{note} Flags: {legend}; * ownership flagged; † {UNREFINED}.{narrow}")
    stream.write("\n".join(line.rstrip() for line in buffer.getvalue().splitlines()) + "\n")
    for row, report in zip(portfolio.rows, portfolio.reports, strict=True):
        stream.write(f"\n{'=' * min(fmt.width, 80)}\n{one_line(row.board)}\n\n")
        fmt.write(report, stream)


_BREAKS = re.compile(r"(?<=[_.\-/])")  # after these a long word (a file name) may break


def _breakable(text: str, width: int) -> str:
    """``text`` with each word wider than ``width`` cells broken into lines after its _ . - /
    ("(trello_sample_board.json)" → "(trello_" "sample_" "board.json)"): the terminal wraps at
    spaces only. A piece still too wide is left to the column's ellipsis."""
    from rich.cells import cell_len

    words = []
    for word in text.split(" "):
        if cell_len(word) <= width:
            words.append(word)
            continue
        lines = [""]
        for piece in _BREAKS.split(word):
            if lines[-1] and cell_len(lines[-1] + piece) > width:
                lines.append("")
            lines[-1] += piece
        words.append("\n".join(lines))
    return " ".join(words)


#: The columns that hold one number each (never wrapped, never cut), then the flag counts and
#: the trend, which wrap between their words ("1E 3W" over "2N", "2%→0%" over "moved").
_NUMBERS = (1, 2, 3, 4)
_FLAGS = 7
_TREND = 8
#: The board and owner columns' width together below which the columns close up (11 + 8 + 8:
#: "nobody *" on one line).
_NAMES = 27
#: The columns left out, in this order, when the names would still get fewer than ``_NAMES``
#: (a 60-column terminal): Uncertain (how sure the reading is, each board's "How sure" line),
#: then Strategic activity (the items' share stays). Owners 5 cells wide read "nobo…".
_DROPPED = (4, 3)


def _layout(width: int, rows: list[list[str]]) -> tuple[dict[int, int], int]:
    """Each shown column's width and the gap between columns (2 or 1) for a ``width``-column
    terminal; a column left out has no width.

    The number columns are as wide as their longest number or header word (a 7-digit item count),
    never less: rich shrank every column alike below 80 columns ("Ite…", "+8" over
    "pts"). When the names would get fewer than ``_NAMES`` columns, the flag counts wrap between
    counts ("1E 3W" over "2N") and the trend before its word, then the gap closes to one space,
    then the ``_DROPPED`` columns are left out one by one. The board and its two owners share
    what is left 4:3:3 (their words wrap, a longer one ends in "…")."""
    from rich.cells import cell_len

    def longest(i: int, words: bool = False) -> int:
        texts = [r[i] for r in rows]
        pieces = [w for t in texts for w in t.split()] if words else texts
        return max(cell_len(p) for p in pieces + _SHORT_HEADERS[i].split())

    numbers = {i: longest(i) for i in _NUMBERS}
    whole = {**numbers, _FLAGS: longest(_FLAGS), _TREND: longest(_TREND)}
    wrapped = {**numbers, _FLAGS: longest(_FLAGS, words=True), _TREND: longest(_TREND, True)}
    tries = [(whole, 2), (wrapped, 2), (wrapped, 1)]
    for n in range(1, len(_DROPPED) + 1):
        tries.append(({i: w for i, w in wrapped.items() if i not in _DROPPED[:n]}, 1))
    for fixed, gap in tries:
        gaps = len(fixed) + 2  # the gaps between the fixed columns, the board and two owners
        free = width - sum(fixed.values()) - gap * gaps
        if free >= _NAMES:
            break
    free = max(free, 15)  # below ~55 columns nothing fits; rich then narrows every column
    owner = free * 3 // 10
    return {**fixed, 0: free - 2 * owner, 5: owner, 6: owner}, gap


def _terminal_owners(owners: list[str], ok: bool | None, unrefined: bool = False) -> str:
    mark = " †" if unrefined else " *" if ok is False else ""
    return owners_text(owners, ok, shown=1, mark=False, unrefined=unrefined) + mark


def _md_cell(text: str) -> str:
    return html.escape(one_line(text), quote=False).replace("|", "\\|")


def _markdown(fmt: ReportFormat, portfolio: Portfolio, stream: IO[str]) -> None:
    lines = ["# Portfolio", "", _md_cell(headline(portfolio)), ""]
    if empty := empty_line(portfolio):
        lines += [_md_cell(empty), ""]
    lines += [SHARE_NOTE, ""]
    lines += ["| " + " | ".join(HEADERS) + " |", "|---|" + "---:|" * 4 + "---|" * 4]
    for row in portfolio.rows:
        first, *rest = cells(row)
        lines.append(
            f"| [{_md_cell(first)}](#{row.anchor}) | " + " | ".join(map(_md_cell, rest)) + " |"
        )
    stream.write("\n".join(lines) + "\n")
    for row, report in zip(portfolio.rows, portfolio.reports, strict=True):
        stream.write(f'\n<a id="{row.anchor}"></a>\n\n---\n\n')
        fmt.write(report, stream)


def row_dict(row: PortfolioRow) -> dict:
    return {
        "anchor": row.anchor,
        "board": row.board,
        "source": row.source,
        "items": row.items,
        "strategic_items_share": _round(row.strategic_items),
        "strategic_activity_share": _round(row.strategic_activity),
        "uncertain_share": _round(row.uncertain),
        "roadmap_owners": row.roadmap_owners,
        "backlog_owners": row.backlog_owners,
        "roadmap_ok": row.roadmap_ok,
        "backlog_ok": row.backlog_ok,
        "backlog_stories_unrefined": row.stories_unrefined,
        "flags": {s: row.flags.get(s, 0) for s in SEVERITIES},
        "flag_codes": row.flag_codes,
        "trend": _trend_dict(row),
        "verdict": row.verdict,
    }


def _trend_dict(row: PortfolioRow) -> dict | None:
    """The board's drift as its report's ``board_drift`` gives it (shares, status, moved)."""
    trend = row.trend
    if trend is None:
        return None
    return {
        "before_share": _round(trend.before),
        "recent_share": _round(trend.recent),
        "move": _round(trend.move),
        "status": trend.status,
        "moved": trend.moved,
        "before_windows": list(trend.before_windows),
        "recent_windows": list(trend.recent_windows),
    }


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 4)


def _json(fmt: ReportFormat, portfolio: Portfolio, stream: IO[str]) -> None:
    from analyzer.formats.json import iter_json

    head = {
        "schema_version": PORTFOLIO_SCHEMA_VERSION,
        "kind": "portfolio",
        "generated_at": portfolio.generated_at.isoformat(),
        "headline": headline(portfolio),
        "portfolio": [row_dict(row) for row in portfolio.rows],
    }
    text = json.dumps(head, ensure_ascii=False, indent=2, allow_nan=False)
    stream.write(text[: text.rindex("}")].rstrip() + ',\n  "reports": [\n')
    for n, report in enumerate(portfolio.reports):
        if n:
            stream.write(",\n")
        for piece in iter_json(report):
            stream.write(piece.rstrip("\n") if piece.endswith("}\n") else piece)
    stream.write("\n  ]\n}\n")


def _items(fmt: ReportFormat, portfolio: Portfolio, stream: IO[str]) -> None:
    import io

    for n, report in enumerate(portfolio.reports):
        if fmt.name == "csv" and n:  # one header for the whole file
            buffer = io.StringIO()
            fmt.write(report, buffer)
            text = buffer.getvalue()
            stream.write(text[text.index("\n") + 1 :])
        else:
            fmt.write(report, stream)


_SORT_SCRIPT = """
document.querySelectorAll('table.sortable th button').forEach(function (button, column) {
  button.addEventListener('click', function () {
    var table = button.closest('table'), body = table.tBodies[0];
    var th = button.parentElement, up = th.getAttribute('aria-sort') !== 'ascending';
    table.querySelectorAll('th').forEach(function (h) { h.removeAttribute('aria-sort'); });
    th.setAttribute('aria-sort', up ? 'ascending' : 'descending');
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[column].dataset.sort, y = b.cells[column].dataset.sort;
      var nx = parseFloat(x), ny = parseFloat(y);
      var c = (!isNaN(nx) && !isNaN(ny)) ? nx - ny : x.localeCompare(y);
      return up ? c : -c;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  });
});
""".strip()

_CSS = """
body{font:15px/1.5 system-ui,sans-serif;color:#1a1a1a;margin:0;background:#fff}
main{max-width:1200px;margin:0 auto;padding:16px}
h1{font-size:1.5rem}h2{font-size:1.2rem;margin-top:2rem}
.scroll{overflow-x:auto;background:
linear-gradient(to right,#fff 30%,#fff0) left/40px 100% no-repeat local,
linear-gradient(to left,#fff 30%,#fff0) right/40px 100% no-repeat local,
radial-gradient(farthest-side at 0 50%,#0004,#0000) left/12px 100% no-repeat scroll,
radial-gradient(farthest-side at 100% 50%,#0004,#0000) right/12px 100% no-repeat scroll}
.scroll:focus-visible{outline:2px solid #0b4f9c}
table{border-collapse:collapse;width:100%}
th,td{padding:6px 8px;border-bottom:1px solid #ccc;text-align:left;vertical-align:top}
td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
th.num{text-align:right}
th button{font:inherit;font-weight:600;background:none;border:0;padding:0;cursor:pointer;
color:inherit;text-align:inherit}
th[aria-sort=ascending] button::after{content:" ▲"}
th[aria-sort=descending] button::after{content:" ▼"}
.bad{color:#9b1c1c;font-weight:600}.ok{color:#1b5e20}
a{color:#0b4f9c}
section.board{border-top:2px solid #333;margin-top:2rem}
@media print{th button::after{content:none}.scroll{overflow:visible;background:none}}
""".strip()


#: The HTML table's number columns: numbers and their headings aligned right.
_NUM_COLUMNS, _NUM = (1, 2, 3, 4, 8), ' class="num"'


def _html(fmt: ReportFormat, portfolio: Portfolio, stream: IO[str]) -> None:
    esc = _esc
    head = "".join(
        f'<th scope="col"{_NUM if i in _NUM_COLUMNS else ""}><button type="button">{esc(h)}'
        "</button></th>"
        for i, h in enumerate(HEADERS)
    )
    body_rows = []
    for row in portfolio.rows:
        sort_keys = [
            row.board.lower(),
            row.items,
            _key(row.strategic_items),
            _key(row.strategic_activity),
            _key(row.uncertain),
            _OK_ORDER[row.roadmap_ok],
            _OK_ORDER[row.backlog_ok],
            row.flags.get("error", 0) * 1000 + row.flags.get("warning", 0),
            _key(row.trend.move if row.trend else None),
        ]
        texts = cells(row)
        tds = []
        for i, (text, key) in enumerate(zip(texts, sort_keys, strict=True)):
            cls = _NUM if i in _NUM_COLUMNS else ""
            if i in (5, 6):
                ok = row.roadmap_ok if i == 5 else row.backlog_ok
                cls = "" if ok is None else f' class="{"ok" if ok else "bad"}"'
            content = f'<a href="#{row.anchor}">{esc(text)}</a>' if i == 0 else esc(text)
            tds.append(f'<td{cls} data-sort="{esc(key)}">{content}</td>')
        body_rows.append("<tr>" + "".join(tds) + "</tr>")
    sections = [
        _board_section(row, report)
        for row, report in zip(portfolio.rows, portfolio.reports, strict=True)
    ]
    empty = f"<p>{esc(line)}</p>\n" if (line := empty_line(portfolio)) else ""
    digest = base64.b64encode(hashlib.sha256(_SORT_SCRIPT.encode()).digest()).decode()
    csp = (
        "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
    )
    stream.write(
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        '<meta name="referrer" content="no-referrer">\n'
        f"<title>Portfolio — {len(portfolio.rows)} boards</title>\n<style>\n{_CSS}\n</style>\n"
        '</head>\n<body>\n<main>\n<h1 id="top">Portfolio</h1>\n'
        f"<p><strong>{esc(headline(portfolio))}</strong></p>\n{empty}"
        '<div class="scroll" tabindex="0"><table class="sortable">'
        f"<thead><tr>{head}</tr></thead>\n<tbody>\n"
        + "\n".join(body_rows)
        + "\n</tbody></table></div>\n"
        + f"<p>{esc(SHARE_NOTE)} Sort by any column with its heading.</p>\n"
        + "\n".join(sections)
        + f"\n</main>\n<script>{_SORT_SCRIPT}</script>\n</body>\n</html>\n"
    )


def _board_section(row: PortfolioRow, report) -> str:
    esc = _esc
    parts = [f'<section class="board" id="{row.anchor}">', f"<h2>{esc(one_line(row.board))}</h2>"]
    if report.verdict is not None:
        parts.append(f"<p><strong>{esc(report.verdict.headline)}</strong></p><ul>")
        parts += [
            f"<li><strong>{esc(line.topic)}:</strong> {esc(line.text)}</li>"
            for line in report.verdict.lines
        ]
        parts.append("</ul>")
    if report.flags:
        parts.append("<h3>Flags</h3><ul>")
        parts += [
            f"<li><strong>{esc(SEVERITY_WORDS.get(f.severity, f.severity))}</strong> "
            f"{esc(f.code)}: {esc(f.message)}</li>"
            for f in report.flags
        ]
        parts.append("</ul>")
    else:
        parts.append("<p>No flag raised.</p>")
    # the file's name only, as every report says it (never the folders it sits in)
    origin = f" ({esc(one_line(shown_origin(row.origin)))})" if row.origin else ""
    parts.append(
        f"<p>The full report of this board: <code>backlog-analyzer scan FILE -o report.html</code>"
        f'{origin}. <a href="#top">Back to the portfolio</a></p></section>'
    )
    return "\n".join(parts)


#: Sort order of an ownership cell: flagged first when ascending, then not judged, then owned.
_OK_ORDER = {False: 0, None: 1, True: 2}


def _esc(value) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _key(value: float | None) -> str:
    return "-999" if value is None else f"{value:.4f}"


_WRITERS: dict[str, Callable[[ReportFormat, Portfolio, IO[str]], None]] = {
    "table": _table,
    "markdown": _markdown,
    "json": _json,
    "html": _html,
    "csv": _items,
    "jsonl": _items,
}


def write_portfolio(fmt: ReportFormat, portfolio: Portfolio, stream: IO[str]) -> None:
    """Write ``portfolio`` in ``fmt``'s layout (a format without one: its boards one after the
    other, each as the format writes a report)."""
    writer = _WRITERS.get(fmt.name)
    if writer is None:
        for report in portfolio.reports:
            fmt.write(report, stream)
        return
    writer(fmt, portfolio, stream)
