"""HTML: one self-contained page (inline CSS, inline SVG charts) that opens offline in any browser.

Nothing is fetched at view time: no external scripts, styles, fonts or images, and a
Content-Security-Policy that forbids them anyway; the only script (sorting the items table) is
inline and allowed by its hash. Every piece of text from the board goes through :func:`esc`.

The analysis fields of the report (``windows``, ``flags``, ``people[].declared_role``,
``people[].drift``, ``roles_inferred``, board drift) are read defensively — as attributes or dict
keys — and a section whose data the report does not carry is left out rather than faked.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from analyzer.formats._common import (
    SEVERITY_WORDS,
    SHARE_DEFINITION,
    closed_text,
    confidence_pct,
    dates_in_words,
    human_day,
    human_period,
    human_time,
    idle_people_note,
    label_title,
    more_evidence_items,
    more_text,
    no_flags_text,
    no_top_items,
    one_line,
    pct,
    pct_or_na,
    reason_beside_confidence,
    shown_origin,
    threshold_words,
)
from analyzer.formats.interface import ReportFormat
from analyzer.no_items import NO_BALANCE, is_live, no_items
from analyzer.report import (
    REPORT_LABELS,
    ItemResult,
    LabelCounts,
    PersonStats,
    Report,
    Skipped,
    grouped_lines,
    repeats_count_text,
    repeats_lead,
    repeats_note,
    skipped_heading,
    skipped_lead,
    skipped_note,
)
from analyzer.verdict import people_acting
from models.interface import STRATEGIC, TACTICAL, UNCERTAIN

TITLE = {STRATEGIC: "Strategic (PM)", TACTICAL: "Tactical (PO)", UNCERTAIN: "Uncertain"}
SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
DRIFT_FLAGGED = ("drifting", "off-role")
MAX_ITEMS = 2000  # rows of the full items table; the rest is in --format json
MAX_SKIPPED = 200
MAX_EVIDENCE = 10
EVIDENCE_OPEN = 4  # evidence items shown before "and N more"
MISSING = object()

SECTION_IDS = (
    "header",
    "summary",
    "flags",
    "balance-over-time",
    "people",
    "drift",
    "top-items",
    "items",
    "skipped",
    "about",
)

_SORT_SCRIPT = """
(function () {
  var table = document.getElementById("items-table");
  if (!table) return;
  var body = table.tBodies[0];
  var heads = table.tHead.rows[0].cells;
  Array.prototype.forEach.call(heads, function (th, col) {
    var button = th.querySelector("button");
    if (!button) return;
    button.addEventListener("click", function () {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var num = th.getAttribute("data-type") === "num";
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = a.cells[col].getAttribute("data-v"), y = b.cells[col].getAttribute("data-v");
        var c = num ? parseFloat(x) - parseFloat(y) : x.localeCompare(y);
        return asc ? c : -c;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    });
  });
  var q = document.getElementById("items-q");
  var label = document.getElementById("items-label");
  var person = document.getElementById("items-person");
  var count = document.getElementById("items-count");
  function filter() {
    var words = q.value.toLowerCase().split(/\\s+/).filter(Boolean);
    var l = label.value, p = person.value, shown = 0;
    Array.prototype.forEach.call(body.rows, function (r) {
      var text = r.textContent.toLowerCase();
      var ok = (!l || r.getAttribute("data-label") === l) &&
        (!p || r.getAttribute("data-person").split("\\n").indexOf(p) !== -1) &&
        words.every(function (w) { return text.indexOf(w) !== -1; });
      r.hidden = !ok;
      if (ok) shown += 1;
    });
    count.textContent = shown.toLocaleString("en-US") + " of " +
      body.rows.length.toLocaleString("en-US") + " shown";
  }
  [q, label, person].forEach(function (el) {
    if (el) el.addEventListener("input", filter);
  });
})();
""".strip()

_CSS = """
:root{--s:#2f6db5;--t:#e0872b;--u:#b9bec6;--ink:#2b2f36;--mute:#5b6370;--line:#e3e6ea;
--bg:#f6f7f9;--card:#fff;--err:#c0392b;--warn:#975a16;--note:#475569;--ok:#2e7d4f}
*{box-sizing:border-box}
body{margin:0;background:var(--bg);color:var(--ink);
font:15px/1.5 -apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,"DejaVu Sans",sans-serif}
main{max-width:1120px;margin:0 auto;padding:24px 20px 48px}
h1{font-size:26px;margin:0 0 4px}h2{font-size:20px;margin:0 0 12px}
h3{font-size:16px;margin:18px 0 8px}
section,header.top{background:var(--card);border:1px solid var(--line);border-radius:10px;
padding:20px 22px;margin:0 0 18px}
.sub{color:var(--mute);margin:0 0 14px}
dl.facts{display:grid;grid-template-columns:max-content 1fr max-content 1fr;gap:4px 18px;margin:0}
@media (max-width:820px){dl.facts{grid-template-columns:max-content 1fr}}
dl.facts dt{color:var(--mute)}dl.facts dd{margin:0;overflow-wrap:anywhere}
nav.toc{display:flex;flex-wrap:wrap;gap:6px 14px;margin-top:14px;font-size:14px}
a{color:#1f5aa6}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:12px;
margin:0 0 16px}
.card{border:1px solid var(--line);border-radius:8px;padding:10px 12px}
.card b{display:block;font-size:22px}.card span{color:var(--mute);font-size:13px}
.stack{display:flex;height:22px;border-radius:5px;overflow:hidden;background:var(--line);
margin:4px 0 2px}
.stack i{display:block;height:100%}
.s{background:var(--s)}.t{background:var(--t)}.u{background:var(--u)}
.legend{display:flex;flex-wrap:wrap;gap:2px 14px;font-size:13px;color:var(--mute)}
.legend i{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:5px;
vertical-align:-1px}
.rows{display:grid;grid-template-columns:1fr 1fr;gap:0 28px}
@media (max-width:820px){.rows{grid-template-columns:1fr}}
.balance-row{margin:0 0 10px}.balance-row h3{margin:0;font-size:14px}
.small{font-size:13px}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{text-align:left;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top}
th{font-weight:600;color:var(--mute);background:#fafbfc;white-space:nowrap}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
#items-table th button{all:unset;cursor:pointer;display:block;width:100%}
#items-table th button:focus-visible{outline:2px solid var(--s);outline-offset:2px}
#items-table thead th{position:sticky;top:0;z-index:1;box-shadow:0 1px 0 var(--line)}
#items-table td.title{min-width:14em;max-width:40em;overflow-wrap:anywhere}
details.why summary{display:inline;font-size:12px;color:#1f5aa6;margin:0 0 0 6px}
details.why[open]{color:var(--mute);font-size:13px}
.tools{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;margin:0 0 10px;font-size:14px}
.tools input,.tools select{font:inherit;padding:4px 6px;border:1px solid #8a929e;border-radius:5px;
max-width:100%}.tools input{width:16em}.tools label{min-width:0;max-width:100%}
.tools select{max-width:14em}
.scroll.tall{max-height:80vh;overflow:auto}
#items-table th[aria-sort=ascending]::after{content:" ▲"}
#items-table th[aria-sort=descending]::after{content:" ▼"}
.scroll{overflow-x:auto;max-width:100%;background:
linear-gradient(to right,var(--card) 30%,#fff0) left/40px 100% no-repeat local,
linear-gradient(to left,var(--card) 30%,#fff0) right/40px 100% no-repeat local,
radial-gradient(farthest-side at 0 50%,#0004,#0000) left/12px 100% no-repeat scroll,
radial-gradient(farthest-side at 100% 50%,#0004,#0000) right/12px 100% no-repeat scroll}
.scroll:focus-visible{outline:2px solid var(--s)}
td,dd,li,p,h1,h2,h3,summary{overflow-wrap:break-word}
#items-table td:first-child{white-space:nowrap}
a.top-link{position:fixed;right:14px;bottom:14px;background:var(--card);
border:1px solid var(--line);border-radius:18px;padding:6px 12px;font-size:14px;
box-shadow:0 1px 4px #0003;z-index:2}
.chip{display:inline-block;padding:1px 8px;border-radius:10px;font-size:12px;font-weight:600;
white-space:nowrap;color:#fff}
.chip.strategic{background:var(--s)}.chip.tactical{background:var(--t);color:var(--ink)}
.chip.uncertain{background:var(--u);color:var(--ink)}
.chip.error{background:var(--err)}.chip.warning{background:var(--warn)}.chip.note{background:var(--note)}
.chip.drifting,.chip.off-role{background:var(--err)}.chip.on-role,.chip.steady{background:var(--ok)}
.chip.too-thin,.chip.not-judged,.chip.idle{background:#5f6773}
.mini{display:inline-block;width:70px;height:8px;background:var(--line);border-radius:4px;
overflow:hidden;vertical-align:middle;margin-right:6px}
.mini i{display:block;height:100%;background:var(--s)}
.flag{border:1px solid var(--line);border-left:5px solid var(--note);border-radius:8px;
padding:12px 14px;margin:0 0 12px}
.flag.error{border-left-color:var(--err)}.flag.warning{border-left-color:var(--warn)}
.flag p{margin:6px 0}.flag code{font-size:13px;color:var(--mute)}
.practice{color:var(--mute);font-size:14px}
.evidence{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:2px 14px;
font-size:13.5px;margin:6px 0 0}
.evidence dt{color:var(--mute)}.evidence dd{margin:0;min-width:0;overflow-wrap:anywhere}
.evidence details summary{margin:2px 0;font-size:13px}
.ok{color:var(--ok);font-weight:600}.muted{color:var(--mute)}
svg.chart{width:100%;height:auto;max-height:560px;display:block;margin:6px 0 4px}
.chart-wide svg.chart{min-width:640px}
.chart-key{display:none}@media (max-width:760px){.chart-key{display:flex}}
.cols{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:18px}
@media (max-width:820px){.cols{grid-template-columns:minmax(0,1fr)}}
ul.plain{margin:0;padding-left:18px}ol.plain li{overflow-wrap:anywhere}
details summary{cursor:pointer;color:var(--mute);margin:6px 0}
footer{color:var(--mute);font-size:13px;text-align:center}
.reason{color:var(--mute);font-size:13px}
.verdict{margin:8px 0 4px}.verdict .headline{font-size:19px;font-weight:700;margin:0 0 8px}
.verdict.attention .headline{color:var(--err)}.verdict.healthy .headline{color:var(--ok)}
ul.vlines{list-style:none;margin:0;padding:0}
ul.vlines li{margin:0 0 6px;padding-left:26px;position:relative;overflow-wrap:anywhere}
ul.vlines .mark{position:absolute;left:0;top:1px;width:19px;height:19px;border-radius:50%;
text-align:center;font:700 13px/19px sans-serif;color:#fff;background:var(--mute)}
ul.vlines .v-ok .mark{background:var(--ok)}ul.vlines .v-bad .mark{background:var(--err)}
ul.vlines b{margin-right:4px}
.pbars{display:grid;grid-template-columns:minmax(0,max-content) minmax(120px,1fr) max-content;
gap:6px 10px;align-items:center;margin:4px 0 6px;font-size:14px}
.pbar{display:contents}.pname{overflow-wrap:anywhere}
.track{position:relative;display:block;height:14px;background:var(--line);border-radius:4px}
.track i{display:block;height:100%;background:var(--s);border-radius:4px 0 0 4px}
.track .expect,.expect-key{position:absolute;top:-3px;bottom:-3px;width:3px;background:var(--ink)}
.expect-key{position:static;display:inline-block;height:12px;margin-right:5px;vertical-align:-1px}
.pval{font-variant-numeric:tabular-nums;text-align:right}
.multiples{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:10px 16px}
figure.spark{margin:0;font-size:13.5px;display:flex;flex-direction:column}
figure.spark svg{display:block;width:100%;height:44px;margin-top:auto}
figure.spark figcaption{overflow-wrap:anywhere;margin-bottom:2px}
figure.spark figcaption .muted{display:block}
@media print{body{background:#fff;font-size:11pt}main{max-width:none;padding:0}
section,header.top{border:0;padding:0;margin:0 0 14pt}
nav.toc,.tools,a.top-link,details.why summary{display:none}
.scroll,.scroll.tall{overflow:visible;max-height:none;background:none}
table{font-size:9pt}th,td{padding:2pt 4pt}#items-table thead th{position:static}
svg,figure,.flag,.pbars,tr,.verdict{break-inside:avoid}h2,h3{break-after:avoid}
.chart-wide svg.chart{min-width:0}a{color:inherit;text-decoration:none}}
@media (max-width:600px){#items-table,#items-table thead,#items-table tbody{display:block}
#items-table thead tr{display:flex;flex-wrap:wrap;gap:6px;margin:0 0 6px}
#items-table thead th{position:static;border:1px solid var(--line);border-radius:5px;
padding:3px 8px;box-shadow:none}
#items-table tbody tr{display:flex;flex-wrap:wrap;gap:2px 12px;padding:8px 0;
border-bottom:1px solid var(--line)}
#items-table tbody td{border:0;padding:0}
#items-table td.title{order:-1;flex:1 0 100%;min-width:0;max-width:none;font-weight:600}
#items-table td[data-h]::before{content:attr(data-h) " ";color:var(--mute);font-weight:400}
.scroll.tall{overflow-x:visible;background:none}}
@media (max-width:600px){main{padding:10px 8px 32px}section,header.top{padding:14px 12px}
h1{font-size:21px}.verdict .headline{font-size:17px}body{font-size:14.5px}}
""".strip()


def esc(value: object) -> str:
    """Text for HTML content or a quoted attribute: ``<``, ``>``, ``&`` and quotes escaped."""
    return html.escape("" if value is None else str(value), quote=True)


def get(obj: Any, name: str, default: Any = None) -> Any:
    """A field of a dataclass-like object or a dict, ``default`` when absent."""
    if isinstance(obj, Mapping):
        return obj.get(name, default)
    return getattr(obj, name, default)


def has(obj: Any, name: str) -> bool:
    return get(obj, name, MISSING) is not MISSING


def _fmt_date(value: Any) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value) if value else "—"


def _share_cell(share: float | None) -> str:
    if share is None:
        return '<td class="n" data-v="-1"><span class="muted">n/a</span></td>'
    width = max(0.0, min(share, 1.0)) * 100
    return (
        f'<td class="n" data-v="{share:.4f}"><span class="mini"><i style="width:{width:.1f}%">'
        f"</i></span>{pct(share)}</td>"
    )


DEFAULT_PARTS = ((STRATEGIC, "s", ""), (TACTICAL, "t", ""), (UNCERTAIN, "u", ""))
# Colours of a custom role set's labels beyond strategic and tactical, in the model's order.
OTHER_COLORS = ("#7b4fb3", "#2e8b57", "#c0392b", "#1f9aa8", "#8c6d1f", "#d0569b")


def _label_parts(report: Any) -> tuple[tuple[str, str, str], ...]:
    """(label, css class, inline colour) per label the report shows; custom labels get inline
    colours so the default page keeps its exact stylesheet."""
    shown = get(report, "shown_labels", None)
    if not shown or list(shown) == list(REPORT_LABELS):
        return DEFAULT_PARTS
    known = {label: (label, cls, "") for label, cls, _ in DEFAULT_PARTS}
    extra = [label for label in shown if label not in known]
    return tuple(
        known.get(label)
        or (label, "o", f"background:{OTHER_COLORS[extra.index(label) % len(OTHER_COLORS)]};")
        for label in shown
    )


def _title(label: str) -> str:
    return TITLE.get(label) or label_title(label)


def _stack(counts: LabelCounts, parts: Iterable[tuple[str, str, str]] = DEFAULT_PARTS) -> str:
    out = []
    for label, cls, color in parts:
        share = counts.share(label)
        if share > 0:
            out.append(
                f'<i class="{cls}" style="{color}width:{share * 100:.2f}%" '
                f'title="{esc(_title(label))}: {pct(share)}"></i>'
            )
    return f'<div class="stack">{"".join(out)}</div>'


def _legend(counts: LabelCounts, parts: Iterable[tuple[str, str, str]] = DEFAULT_PARTS) -> str:
    bits = []
    for label, cls, color in parts:
        styled = f' style="{color}"' if color else ""
        name = label_title(label) if color else label.capitalize()
        bits.append(
            f'<span><i class="{cls}"{styled}></i>{esc(name)}: {counts.count(label):,} '
            f"({pct(counts.share(label))})</span>"
        )
    return f'<div class="legend">{"".join(bits)}</div>'


def _chip(text: str, cls: str | None = None, style: str = "") -> str:
    css = "".join(ch if ch.isalnum() or ch == "-" else "-" for ch in (cls or text).lower())
    styled = f' style="{style}"' if style else ""
    return f'<span class="chip {css}"{styled}>{esc(text)}</span>'


#: A drift status in words on its chip (the class keeps the status: "chip not-judged"); the
#: chips showed the codes, "not-judged", "on-role".
DRIFT_CHIP_WORDS = {
    "on-role": "on role",
    "off-role": "off role",
    "too-thin": "too thin",
    "not-judged": "not judged",
}


def _skipped_cards(skipped: Skipped) -> list[tuple[int, str]]:
    """The Summary's cards on what the reader left out, only when it left something out (a
    card "0 records skipped" stood on every report): the records, and whether parts of the
    export were left out too (a line counting 457 comment cells showed "1 records skipped",
    then the odd "0 records skipped (and parts of the export)", later "0 records skipped; parts
    of the export left out": without a record, the card counts the parts); the rows repeating
    issues already read ("13,124 repeated rows of 95 issues"), which are no skipped records."""
    cards: list[tuple[int, str]] = []
    records = len(skipped.records)
    if records:
        parts = "; parts of the export left out" if skipped.parts else ""
        cards.append((records, f"{'record' if records == 1 else 'records'} skipped{parts}"))
    elif skipped.parts:  # no record skipped: the card counts the kinds of part left out
        kinds = len(skipped.parts)
        cards.append((kinds, f"{'part' if kinds == 1 else 'parts'} of the export left out"))
    if skipped.repeats:
        said = repeats_count_text(skipped)  # "13,124 repeated rows of 95 issues"
        cards.append((skipped.repeated, said.split(" ", 1)[1]))
    return cards


def _listed(told: list[str]) -> str:
    """Skipped or repeated lines as a list, the first :data:`MAX_SKIPPED` of them."""
    lis = "".join(f"<li>{esc(one_line(line, 300, cells=True))}</li>" for line in told[:MAX_SKIPPED])
    more = len(told) - MAX_SKIPPED
    tail = f"<li>… and {more:,} more (all of them in --format json)</li>" if more > 0 else ""
    return f"<ul>{lis}{tail}</ul>"


def _status_chip(status: str) -> str:
    return _chip(DRIFT_CHIP_WORDS.get(status, status), status)


def _practice(text: str) -> str:
    """The practice's name ("Clear roles: every ...") in bold, then what it asks for."""
    name, sep, rest = text.partition(":")
    if sep and len(name) <= 40:
        return f"Practice — <b>{esc(name)}</b>: {esc(rest.strip())}"
    return f"Practice — {esc(text)}"


MAX_DRIFT_CARDS = 24
#: The balance chart's colours in HTML, under it on a narrow screen: there the chart keeps its
#: width and scrolls, and its own key (on its right) was off screen.
_CHART_KEY = (
    '<p class="legend chart-key"><span><i class="s"></i>strategic</span>'
    '<span><i class="t"></i>tactical</span><span><i class="u"></i>uncertain</span></p>'
)


@dataclass(slots=True)
class _Spark:
    name: str
    values: list[float | None]
    judged: list[bool]
    expect: float | None  # the strategic share the role expects (a PM's floor, a PO's ceiling)
    change: str = ""  # the caption's numbers (:func:`_spark_change`)


def _spark_change(values: list[float | None], judged: list[bool], labels: list[str], drift) -> str:
    """The numbers a person's small chart is captioned with: the drift's own "86% before → 3%
    recently" when it measured both (the flag and the verdict say the same), else the first and
    last windows with enough activity to judge. The first and last windows with any activity
    (the caption's old numbers) were often too thin to judge, one or two activities: "0% → 100%"
    under a designer whose judged windows all read 20-45%."""
    before = get(drift, "baseline_share") if drift is not None else None
    recent = get(drift, "recent_share") if drift is not None else None
    if before is not None and recent is not None:
        return f"{pct_or_na(before)} before → {pct_or_na(recent)} recently"
    ok = [
        (label, v)
        for label, v, j in zip(labels, values, judged or [True] * len(values), strict=True)
        if v is not None and j
    ]
    if not ok:
        return "too thin to judge"
    (first, a), (last, b) = ok[0], ok[-1]
    if first == last:
        return f"{pct_or_na(a)} in {first}"
    return f"{pct_or_na(a)} in {first} → {pct_or_na(b)} in {last}"


def _spark_card(series: _Spark, labels: list[str]) -> str:
    """One person's strategic share per window as a small inline SVG with its text in HTML (so
    it stays readable at any width and with any number of people)."""
    n = len(labels)
    w, h, pad = 100.0, 40.0, 3.0
    step = (w - 2 * pad) / max(n - 1, 1)

    def xy(i: int, v: float) -> tuple[float, float]:
        return pad + i * step, h - pad - v * (h - 2 * pad)

    points, dots, runs, run = [], [], [], []
    for i, v in enumerate(series.values):
        if v is None:
            if run:
                runs.append(run)
            run = []
            continue
        x, y = xy(i, v)
        run.append(f"{x:.1f},{y:.1f}")
        judged = not series.judged or series.judged[i]
        fill = "var(--s)" if judged else "#fff"
        dots.append(
            f'<circle cx="{x:.1f}" cy="{y:.1f}" r="2.2" fill="{fill}" stroke="var(--s)" '
            'stroke-width="1" vector-effect="non-scaling-stroke"/>'
        )
        points.append(v)
    if run:
        runs.append(run)
    lines = "".join(
        f'<polyline points="{" ".join(r)}" fill="none" stroke="var(--s)" stroke-width="1.5" '
        'vector-effect="non-scaling-stroke"/>'
        for r in runs
        if len(r) > 1
    )
    expect = ""
    if series.expect is not None:
        _, y = xy(0, series.expect)
        expect = (
            f'<line x1="0" x2="{w}" y1="{y:.1f}" y2="{y:.1f}" stroke="var(--ink)" '
            'stroke-dasharray="3 2" stroke-width="1" vector-effect="non-scaling-stroke"/>'
        )
    change = series.change
    label = f"{series.name}: strategic share per window, {change}"
    return (
        f'<figure class="spark"><figcaption><b>{esc(series.name)}</b> '
        f'<span class="muted">{esc(change)}</span></figcaption>'
        f'<svg viewBox="0 0 {w:.0f} {h:.0f}" preserveAspectRatio="none" role="img" '
        f'aria-label="{esc(label)}"><rect x="0" y="0" width="{w:.0f}" height="{h:.0f}" '
        f'fill="var(--bg)"/>{expect}{lines}{"".join(dots)}</svg></figure>'
    )


def _strategic_share(counts: LabelCounts) -> float | None:
    """Strategic / (strategic + tactical), as the drift analysis measures it."""
    labelled = counts.strategic + counts.tactical
    return counts.strategic / labelled if labelled else None


class HtmlFormat(ReportFormat):
    name = "html"
    suffixes = (".html", ".htm")
    description = "a self-contained web page with charts; opens offline in any browser"

    def render(self, report: Report) -> str:
        return _Page(report).render()


class _Page:
    def __init__(self, report: Report) -> None:
        self.r = report
        self.item_index = {item.id: n for n, item in enumerate(report.items)}
        self.items_by_id = {item.id: item for item in report.items}
        self.parts = _label_parts(report)
        self.colors = {label: color for label, _, color in self.parts}
        for _, top in self.top_lists():
            for item in top:
                self.items_by_id.setdefault(item.id, item)
        self.people_by_id = {p.id: p for p in report.people}
        self.owner_names = report.owner_names()  # a card with several members: all of them
        self._shown: list[ItemResult] | None = None
        self._shown_ids: set[str] | None = None
        # Notes a section above already says; the Notes section leaves them out.
        self._said: set[str] = set()
        self._said_prefixes: tuple[str, ...] = ()
        self._practices: set[str] = set()  # practices explained once already

    def extra_labels(self) -> list[str]:
        """The model's labels beyond strategic and tactical (a custom role set); [] by default."""
        return [label for label, cls, _ in self.parts if cls == "o"]

    def top_lists(self) -> list[tuple[str, list[ItemResult]]]:
        """(label, its most confident items) for every label but uncertain."""
        if not has(self.r, "top_other"):
            return [(STRATEGIC, self.r.top_strategic), (TACTICAL, self.r.top_tactical)]
        labels = [label for label, _, _ in self.parts if label != UNCERTAIN]
        return [(label, self.r.top_items(label)) for label in labels]

    def shown_ids(self) -> set[str]:
        if self._shown_ids is None:
            self._shown_ids = {i.id for i in self.shown_items()}
        return self._shown_ids

    # -- helpers ---------------------------------------------------------------------------------

    def item_ref(self, item_id: str, with_title: bool = False) -> str:
        item = self.items_by_id.get(item_id)
        ref = esc(item.ref if item else item_id)
        if item_id in self.shown_ids():
            ref = f'<a href="#i{self.item_index[item_id]}">{ref}</a>'
        elif item is not None and item.url and item.url.startswith("https://"):
            ref = f'<a href="{esc(item.url)}" rel="noopener noreferrer">{ref}</a>'
        if with_title and item is not None:
            ref += f' <span class="muted">{esc(one_line(item.title, 80, cells=True))}</span>'
        return ref

    def person_name(self, person_id: str) -> str:
        person = self.people_by_id.get(person_id)
        return esc(person.name if person else person_id)

    def chart(self, draw: Any, *args: Any, **kwargs: Any) -> str:
        try:
            return draw(*args, **kwargs)
        except ImportError:  # pragma: no cover - matplotlib is a dependency
            return '<p class="muted">Charts need matplotlib, which is not installed.</p>'

    # -- page ------------------------------------------------------------------------------------

    def render(self) -> str:
        sections = [
            self.summary(),
            self.flags(),
            self.balance_over_time(),
            self.people(),
            self.drift(),
            self.top_items(),
            self.items(),
            self.skipped(),
            self.notes(),
            self.about(),
        ]
        body = "\n".join(s for s in sections if s)
        digest = base64.b64encode(hashlib.sha256(_SORT_SCRIPT.encode()).digest()).decode()
        csp = (
            "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
            f"script-src 'sha256-{digest}'; base-uri 'none'; form-action 'none'"
        )
        title = f"Role balance — {one_line(self.r.source.name)}"
        return (
            "<!DOCTYPE html>\n"
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta http-equiv="Content-Security-Policy" content="{esc(csp)}">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            '<meta name="referrer" content="no-referrer">\n'
            f"<title>{esc(title)}</title>\n<style>\n{_CSS}\n</style>\n</head>\n<body>\n<main>\n"
            f"{self.header(body)}\n{body}\n"
            f"<footer>backlog-analyzer · report schema {esc(self.r.schema_version)}</footer>\n"
            '<a class="top-link" href="#header">↑ Top</a>\n'
            f"</main>\n<script>{_SORT_SCRIPT}</script>\n</body>\n</html>\n"
        )

    def header(self, body: str = "") -> str:
        """The title and the verdict (the answer first); ``body`` (the sections below) decides
        which links the menu has."""
        src = self.r.source
        links = "".join(
            f'<a href="#{sid}">{esc(sid.replace("-", " ").capitalize())}</a>'
            for sid in SECTION_IDS[1:]
            if f'<section id="{sid}"' in body
        )
        if '<section id="notes"' in body:
            notes = '<a href="#notes">Notes</a>'
            links = links.replace('<a href="#about">', notes + '<a href="#about">')
        return (
            f'<header class="top" id="header"><h1>Role balance — {esc(src.name)}</h1>'
            f"{self.verdict()}"
            f'<nav class="toc" aria-label="Sections">{links}</nav></header>'
        )

    def verdict(self) -> str:
        verdict = get(self.r, "verdict")
        if verdict is None:
            return (
                '<p class="sub">Who does product work on this board: strategic (product manager) '
                "or tactical (product owner).</p>"
            )
        marks = {True: ("ok", "✓", "fine"), False: ("bad", "!", "needs attention")}
        rows = []
        for line in verdict.lines:
            # no tick is not "not judged": next to no strategic work, a share that fell to none
            cls, mark, word = marks.get(line.ok, ("none", "·", "neither fine nor flagged"))
            rows.append(
                f'<li class="v-{cls}"><span class="mark" aria-label="{word}">{mark}</span>'
                f"<b>{esc(line.topic)}</b> {esc(line.text)}</li>"
            )
        return (
            f'<div class="verdict {esc(verdict.status)}" id="verdict">'
            f'<p class="headline">{esc(verdict.headline)}</p>'
            f'<ul class="vlines">{"".join(rows)}</ul></div>'
        )

    def about(self) -> str:
        """What was read and how: moved below the answer (file name only, human dates)."""
        r, s, src = self.r, self.r.summary, self.r.source
        origin = f" · {esc(shown_origin(src.origin))}" if src.origin else ""
        facts = [
            ("Board", esc(src.name)),
            ("Source", f"{esc(src.kind)}{origin}"),
            ("Items", f"{s.items.total:,} ({esc(closed_text(s))})"),
            ("Period", esc(human_period(s.first_activity, s.last_activity))),
        ]
        window = get(r, "window")
        if window:
            note = get(r, "window_note")
            extra = f" <span class=muted>({esc(note)})</span>" if note else ""
            facts.append(("Windows", esc(window) + extra))
        as_of = get(r, "as_of")
        if as_of:
            facts.append(
                (
                    "As of",
                    f"{esc(human_day(as_of))} <span class=muted>(latest activity; day-based "
                    "checks count back from it)</span>",
                )
            )
        facts += [
            ("Model", esc(r.model)),
            (
                "Threshold",
                f"{r.threshold:.2f} <span class=muted>(below it an item is uncertain)</span>",
            ),
            ("Generated", esc(human_time(r.generated_at))),
        ]
        roles = self.roles_line()
        if roles:
            facts.append(("Roles", roles))
        rows = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
        return (
            '<section id="about"><h2>About this report</h2>'
            '<p class="sub">Who does product work on this board: strategic (product manager) '
            f'or tactical (product owner).</p><dl class="facts">{rows}</dl></section>'
        )

    def roles_line(self) -> str | None:
        inferred = get(self.r, "roles_inferred", MISSING)
        source = get(self.r, "roles_source") or get(self.r, "roles_file")
        if inferred is MISSING and not source:
            return None
        if inferred:
            self._said_prefixes = ("No roles file:",)
            return (
                "inferred from each person's activity (a hint, not a verdict); declare them in "
                "backlog-analyzer.toml or pass --roles FILE"
            )
        return "declared" + (f" in {esc(source)}" if source else " in the roles file")

    def people_card(self) -> tuple[int, str]:
        """The people who acted, of the board's people, as the verdict counts them ("11 of the
        board's 42 people"): a card "42 people" beside a verdict naming 11 read as 42 at work."""
        everyone = self.r.summary.people
        acting = people_acting(self.r)
        if 0 < acting < everyone:
            return acting, f"of the board's {everyone:,} people acted"
        return everyone, "person" if everyone == 1 else "people"

    def summary(self) -> str:
        s = self.r.summary
        cards = [
            (s.items.total, f"items ({closed_text(s)})"),
            (s.total_activities, "activities"),
            self.people_card(),
            (pct(s.items.share(STRATEGIC)), "of items strategic"),
            (pct(s.activities.share(STRATEGIC)), "of activity strategic"),
            *_skipped_cards(self.r.skipped),
        ]
        html_cards = "".join(  # counts as the verdict writes them: "1,329" (was "1329")
            f'<div class="card"><b>{esc(f"{v:,}" if isinstance(v, int) else v)}</b>'
            f"<span>{esc(k)}</span></div>"
            for v, k in cards
        )
        rows = [
            f'<div class="balance-row"><h3>By items</h3>{_stack(s.items, self.parts)}'
            f"{_legend(s.items, self.parts)}</div>",
            f'<div class="balance-row"><h3>By activity</h3>{_stack(s.activities, self.parts)}'
            f"{_legend(s.activities, self.parts)}</div>",
        ]
        kinds = ", ".join(f"{esc(k)} {n:,}" for k, n in s.activities_by_kind.items())
        extra = f" By kind: {kinds}." if kinds else ""
        empty = ""
        if not s.items.total:
            said = no_items(self.r.source, NO_BALANCE)
            self._said.add(said)
            if is_live(self.r.source):  # what was asked and what to do
                empty = f'<p class="muted">{esc(said)}</p>'
            else:
                empty = '<p class="muted">This board has no items, so there is no balance.</p>'
        return (
            '<section id="summary"><h2>Summary</h2>'
            f'<div class="cards">{html_cards}</div>{empty}<div class="rows">{"".join(rows)}</div>'
            '<p class="muted small">Activity counts each event (created, moved, commented, …) '
            f"toward the label of the item it touched.{extra}</p></section>"
        )

    # -- flags -----------------------------------------------------------------------------------

    def flags(self) -> str:
        if not has(self.r, "flags"):
            return ""
        flags = sorted(self.r.flags, key=lambda f: SEVERITY_ORDER.get(str(get(f, "severity")), 3))
        if not flags:
            body = f'<p class="ok">No ownership flag raised. {esc(no_flags_text(self.r))}</p>'
        else:
            body = "".join(self.flag(f) for f in flags)
        count = f" ({len(flags)})" if flags else ""
        return (
            f'<section id="flags"><h2>Flags{count}</h2>'
            '<p class="sub">What a product leader should act on, most severe first.</p>'
            f"{body}</section>"
        )

    def practice(self, text: str) -> str:
        """The practice in full the first time the page names it, its name after that."""
        name = text.partition(":")[0]
        if name in self._practices:
            return f"Practice — <b>{esc(name)}</b> (see above)"
        self._practices.add(name)
        return _practice(text)

    def flag(self, flag: Any) -> str:
        severity = str(get(flag, "severity", "info"))
        code = get(flag, "code", "")
        practice = get(flag, "practice_text") or get(flag, "practice")
        evidence = get(flag, "evidence") or {}
        parts = []
        items = list(get(evidence, "items") or [])
        if items:
            refs = [self.item_ref(i, with_title=True) for i in items[:MAX_EVIDENCE]]
            shown = ", ".join(refs[:EVIDENCE_OPEN])
            # the rest counts the finding's items, not only the ids its evidence cites
            rest, at_least = more_evidence_items(evidence, EVIDENCE_OPEN)
            if len(refs) > EVIDENCE_OPEN:
                beyond, _ = more_evidence_items(evidence, len(refs))
                shown += (
                    f"<details><summary>and {more_text(rest, at_least)}</summary>"
                    + ", ".join(refs[EVIDENCE_OPEN:])
                    + (f" and {more_text(beyond, at_least)}" if beyond else "")
                    + "</details>"
                )
            elif rest:
                shown += f" and {more_text(rest, at_least)}"
            parts.append(("Items", shown))
        people = list(get(evidence, "people") or [])
        if people:
            parts.append(("People", ", ".join(self.person_name(p) for p in people)))
        dates = list(get(evidence, "dates") or [])
        if dates:
            words = dates_in_words(dates, get(evidence, "date_labels"), ", ", _fmt_date)
            parts.append(("Dates", esc(words)))
        thresholds = get(flag, "thresholds") or {}
        if thresholds:
            keys = ", ".join(esc(k) for k in thresholds)
            parts.append(
                (
                    "Judged by",
                    f'<span title="roles file [thresholds]: {keys}">'
                    f"{esc(threshold_words(dict(thresholds)))}</span>",
                )
            )
        ev = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in parts)
        word = SEVERITY_WORDS.get(severity, severity)  # the class is the word shown: error/…/note
        return (
            f'<article class="flag {esc(word)}">'
            f"{_chip(word)} <code>{esc(code)}</code>"
            f"<p>{esc(get(flag, 'message', ''))}</p>"
            + (f'<p class="practice">{self.practice(str(practice))}</p>' if practice else "")
            + (f'<dl class="evidence">{ev}</dl>' if ev else "")
            + "</article>"
        )

    # -- time ------------------------------------------------------------------------------------

    def window_rows(self) -> list[tuple[str, Any, Any, int, int, int]]:
        rows = []
        for w in self.r.windows:
            label = get(w, "window") or get(w, "label") or "?"
            rows.append(
                (
                    str(label),
                    get(w, "start"),
                    get(w, "end"),
                    int(get(w, "strategic", 0) or 0),
                    int(get(w, "tactical", 0) or 0),
                    int(get(w, "uncertain", 0) or 0),
                )
            )
        return rows

    def balance_over_time(self) -> str:
        if not has(self.r, "windows"):
            return ""
        rows = self.window_rows()
        if not rows:
            return (
                '<section id="balance-over-time"><h2>Balance over time</h2>'
                '<p class="muted">No dated activity to put on a timeline.</p></section>'
            )
        from analyzer.formats import charts

        svg = self.chart(charts.balance_chart, [r[0] for r in rows], [r[3:] for r in rows])
        table_rows = []
        for label, start, end, st, ta, un in rows:
            share = st / (st + ta) if st + ta else None
            table_rows.append(
                f"<tr><td>{esc(label)}</td><td>{esc(_fmt_date(start))}</td>"
                f"<td>{esc(_fmt_date(end))}</td><td class=n>{st + ta + un}</td>"
                f"<td class=n>{st}</td><td class=n>{ta}</td><td class=n>{un}</td>"
                f"{_share_cell(share)}</tr>"
            )
        # Past MAX_COUNTS windows the chart prints no counts: the sub-title said it did.
        counts = (
            "the number on top is the activity count"
            if len(rows) <= charts.MAX_COUNTS
            else "each window's activity count is in 'Windows as a table' below"
        )
        return (
            '<section id="balance-over-time"><h2>Balance over time</h2>'
            '<p class="sub">Share of each window\'s activity by the label of the item it touched; '
            f"{counts}.</p>"
            f'<div class="scroll chart-wide" tabindex=0>{svg}</div>{_CHART_KEY}'
            "<details><summary>Windows as a table</summary><div class=scroll tabindex=0><table>"
            "<thead><tr><th>Window</th><th>From</th><th>To</th><th class=n>Activity</th>"
            "<th class=n>Strategic</th><th class=n>Tactical</th><th class=n>Uncertain</th>"
            "<th class=n>Strategic share</th></tr></thead>"
            f"<tbody>{''.join(table_rows)}</tbody></table></div></details></section>"
        )

    # -- people ----------------------------------------------------------------------------------

    def people(self) -> str:
        people = self.r.people
        if not people:
            return (
                '<section id="people"><h2>People</h2>'
                '<p class="muted">Nobody is recorded acting on this board.</p></section>'
            )
        show_role = any(has(p, "declared_role") for p in people)
        show_drift = any(has(p, "drift") for p in people)
        role_head = "Role (inferred)" if get(self.r, "roles_inferred") else "Role"
        head = "<th>Person</th>" + (f"<th>{role_head}</th>" if show_role else "")
        head += (
            "<th class=n>Activities</th><th class=n>Strategic share</th><th class=n>Strategic</th>"
            "<th class=n>Tactical</th>"
            + "".join(f"<th class=n>{esc(_title(x))}</th>" for x in self.extra_labels())
            + "<th class=n>Uncertain</th><th class=n>Owns items</th>"
        )
        head += "<th>Drift</th>" if show_drift else ""
        rows = []
        # Board members who did nothing and own nothing (31 of civicactions' 42) are counted
        # under the table, not given rows of zeros; a declared person keeps theirs.
        listed = [
            p
            for p in people
            if p.total_activities or p.assigned_items.total or get(p, "declared_role")
        ]
        idle = len(people) - len(listed)
        for p in listed:
            a = p.activity
            role = get(p, "declared_role")
            cells = f"<td>{esc(p.name)}</td>"
            if show_role:
                cells += f"<td>{esc(role) if role else '<span class=muted>—</span>'}</td>"
            cells += (
                f"<td class=n>{p.total_activities}</td>{_share_cell(_strategic_share(a))}"
                f"<td class=n>{a.strategic}</td><td class=n>{a.tactical}</td>"
                + "".join(f"<td class=n>{a.count(x)}</td>" for x in self.extra_labels())
                + f"<td class=n>{a.uncertain}</td><td class=n>{p.assigned_items.total}</td>"
            )
            if show_drift:
                drift = get(p, "drift")
                status = get(drift, "status") if drift is not None else None
                cells += (
                    f"<td>{_status_chip(status) if status else '<span class=muted>—</span>'}</td>"
                )
            rows.append(f"<tr>{cells}</tr>")
        active = sorted(
            (p for p in people if p.activity.total),
            key=lambda p: (-p.activity.total, p.name.lower()),
        )
        svg = self.person_bars(active)
        role_warnings = get(self.r, "role_warnings") or []
        self._said.update(f"Roles file: {w}." for w in role_warnings)
        if get(self.r, "verdict") is not None:
            role_warnings = []  # the verdict, at the top, says them
        warnings = "".join(f"<li>{esc(w)}</li>" for w in role_warnings)
        note = f'<ul class="muted">{warnings}</ul>' if warnings else ""
        idle_html = (
            f'<p class="muted">{esc(idle_people_note(idle, owning=True).strip())}</p>'
            if idle
            else ""
        )
        return (
            '<section id="people"><h2>People</h2>'
            f'<p class="sub">{SHARE_DEFINITION}</p>'
            f"{note}{svg}<div class=scroll tabindex=0><table><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table></div>{idle_html}</section>"
        )

    def person_bars(self, people: list[PersonStats]) -> str:
        """Each person's strategic share as an HTML bar (readable at any width), with a mark
        where their role expects it; the same share as the table and the drift."""
        rows = []
        for p in people:
            share = _strategic_share(p.activity)
            drift = get(p, "drift")
            role = get(p, "declared_role")
            name = f"{esc(p.name)}" + (f' <span class="muted">({esc(role)})</span>' if role else "")
            mark = ""
            expected = get(drift, "expected") if drift is not None else None
            min_share = get(drift, "min_share") if drift is not None else None
            if expected in (STRATEGIC, TACTICAL) and min_share is not None:
                x = min_share if expected == STRATEGIC else 1.0 - min_share
                word = "at least" if expected == STRATEGIC else "at most"
                mark = (
                    f'<b class="expect" style="left:{x * 100:.1f}%" '
                    f'title="role expects {word} {pct(x)} strategic"></b>'
                )
            width = 0.0 if share is None else share * 100
            value = "n/a" if share is None else pct(share)
            rows.append(
                f'<div class="pbar"><span class="pname">{name}</span>'
                f'<span class="track"><i style="width:{width:.1f}%"></i>{mark}</span>'
                f'<span class="pval">{value}</span></div>'
            )
        if not rows:
            return ""
        legend = (
            '<p class="legend"><span><i class="s"></i>strategic share</span>'
            '<span><i class="expect-key"></i>what the role expects (a PM at least, a PO at most)'
            "</span></p>"
        )
        return f'<div class="pbars">{"".join(rows)}</div>{legend}'

    # -- drift -----------------------------------------------------------------------------------

    def board_drift(self) -> Any:
        for name in ("board_drift", "drift"):
            value = get(self.r, name)
            if value is not None and has(value, "status"):
                return value
        return None

    def drift(self) -> str:
        board = self.board_drift()
        drifts = [(p, get(p, "drift")) for p in self.r.people]
        drifts = [(p, d) for p, d in drifts if d is not None]
        if board is None and not drifts and not any(has(p, "drift") for p in self.r.people):
            return ""
        parts = []
        if board is not None:
            status = str(get(board, "status"))
            # steady at no strategic work is no good news: not the green "steady" chip; a
            # share that fell to none (began from none, doubled, halved) is no steady one
            chip = _chip("steady", "idle") if get(board, "without_strategic") else None
            chip = _chip("moved", "idle") if get(board, "moved_for_its_size") else chip
            parts.append(
                f"<h3>The board</h3><p>{chip or _status_chip(status)} "
                f"{esc(get(board, 'message', ''))}</p>"
            )
            self._said.add(f"Board drift: {get(board, 'message', '')}.")
            items = list(get(board, "items") or [])
            if items:
                parts.append(
                    "<p class=muted>Items behind the move: "
                    + ", ".join(self.item_ref(i) for i in items[:MAX_EVIDENCE])
                    + "</p>"
                )
        order = {"drifting": 0, "off-role": 1, "on-role": 2, "too-thin": 3, "not-judged": 4}
        drifts.sort(key=lambda pd: order.get(str(get(pd[1], "status")), 5))
        rows = []
        for p, d in drifts:
            move = get(d, "move")
            span = ", ".join(esc(w) for w in get(d, "windows") or [])
            items = list(get(d, "items") or [])
            evidence = ", ".join(self.item_ref(i) for i in items[:MAX_EVIDENCE])
            rows.append(
                f"<tr><td>{esc(p.name)}</td><td>{esc(get(d, 'declared_role') or '—')}</td>"
                f"<td>{_status_chip(str(get(d, 'status')))}</td>"
                f"<td>{esc(get(d, 'message', ''))}</td>"
                f"<td class=n>{'' if move is None else f'{move * 100:+.0f} pts'}</td>"
                f"<td>{span}</td><td>{evidence}</td></tr>"
            )
        if rows:
            parts.append(
                "<h3>People</h3><div class=scroll><table><thead><tr><th>Person</th><th>Role</th>"
                "<th>Status</th><th>What happened</th><th class=n>Move</th><th>Windows</th>"
                f"<th>Items behind it</th></tr></thead><tbody>{''.join(rows)}</tbody></table></div>"
            )
        elif not parts:
            parts.append('<p class="muted">No drift analysis for this board.</p>')
        parts.append(self.drift_lines())
        # (no roles file: each role is inferred from the person's own activity, none declared)
        how = "inferred" if get(self.r, "roles_inferred") else "declared"
        return (
            '<section id="drift"><h2>Role drift</h2>'
            f'<p class="sub">Whose work moves away from their {how} role, and whether the '
            "board's balance moves. Windows with too little activity are not judged.</p>"
            f"{''.join(parts)}</section>"
        )

    def person_windows(self, person: PersonStats) -> list[Any] | None:
        own = get(person, "windows")
        if own:
            return list(own)
        rows = []
        for w in self.r.windows:
            per = get(w, "people")
            if not isinstance(per, Mapping):
                return None
            rows.append(per.get(person.id))
        return rows or None

    def drift_lines(self) -> str:
        labels = [row[0] for row in self.window_rows()]
        if len(labels) < 2:
            return ""

        minimum = self.min_activities()
        people = sorted(self.r.people, key=lambda p: (-p.total_activities, p.name.lower()))
        # People a role gives an expectation to; everyone when nobody has one.
        focused = [p for p in people if get(get(p, "drift"), "expected") if get(p, "drift")]
        series = []
        for p in focused + [p for p in people if p not in focused]:
            stats = self.person_windows(p)
            if not stats or len(stats) != len(labels):
                continue
            values: list[float | None] = []
            judged: list[bool] = []
            for s in stats:
                st = int(get(s, "strategic", 0) or 0) if s is not None else 0
                ta = int(get(s, "tactical", 0) or 0) if s is not None else 0
                ok = get(s, "judged") if s is not None else False
                if ok is None:  # a report without the flag: judge by the threshold here
                    ok = st + ta >= max(minimum, 1)
                values.append(st / (st + ta) if st + ta else None)
                judged.append(bool(ok))
            if any(v is not None for v in values):
                role = get(p, "declared_role")
                name = f"{p.name} ({role})" if role else p.name
                drift = get(p, "drift")
                expected = get(drift, "expected") if drift is not None else None
                min_share = get(drift, "min_share") if drift is not None else None
                expect = None
                if expected in (STRATEGIC, TACTICAL) and min_share is not None:
                    expect = min_share if expected == STRATEGIC else 1.0 - min_share
                change = _spark_change(values, judged, labels, drift)
                series.append(_Spark(name, values, judged, expect, change))
        if not series:
            return ""
        cards = "".join(_spark_card(x, labels) for x in series[:MAX_DRIFT_CARDS])
        more = len(series) - MAX_DRIFT_CARDS
        tail = (
            f'<p class="muted">{more} more people with less activity are in the table above.</p>'
            if more > 0
            else ""
        )
        return (
            f"<h3>Strategic share per {esc(get(self.r, 'window') or 'window')}</h3>"
            f'<p class="muted small">One small chart per person, {esc(labels[0])} to '
            f"{esc(labels[-1])}: the line is their strategic share (bottom 0%, top 100%), the "
            "dashed line what their role expects; hollow points are windows with fewer than "
            f"{max(minimum, 1)} labelled activities, too thin to judge. Beside a name: the "
            "share before and recently, as the drift measured it, or else in the first and last "
            "windows with enough activity.</p>"
            f'<div class="multiples">{cards}</div>{tail}'
        )

    def thresholds(self) -> Any:
        return get(self.r, "thresholds")

    def min_activities(self) -> int:
        th = self.thresholds()
        value = get(th, "drift_min_activities") if th is not None else None
        return int(value) if isinstance(value, int | float) else 1

    def role_thresholds(self) -> tuple[float | None, float | None]:
        th = self.thresholds()
        if th is None:
            return None, None
        return get(th, "pm_min_strategic_share"), get(th, "po_min_tactical_share")

    # -- items -----------------------------------------------------------------------------------

    def top_items(self) -> str:
        cols = []
        for label, items in self.top_lists():
            if items:
                lis = "".join(
                    f"<li><b>{self.item_ref(i.id)}</b> {esc(one_line(i.title, 140, cells=True))} "
                    f"<span class=muted>({confidence_pct(i, self.r.threshold)})</span>"
                    f'<div class="reason">'
                    f"{esc(one_line(reason_beside_confidence(i), 300, cells=True))}</div></li>"
                    for i in items
                )
                body = f'<ol class="plain">{lis}</ol>'
            else:
                body = f'<p class="muted">{esc(no_top_items(self.r, label))}</p>'
            chip = _chip(_title(label), label, self.colors.get(label, ""))
            cols.append(f"<div><h3>{chip}</h3>{body}</div>")
        return (
            '<section id="top-items"><h2>Top items</h2>'
            '<p class="sub">The items the model is surest about, and why.</p>'
            f'<div class="cols">{"".join(cols)}</div></section>'
        )

    def items(self) -> str:
        items = self.r.items
        if not items:
            return (
                '<section id="items"><h2>All items</h2>'
                '<p class="muted">No items on this board.</p></section>'
            )
        shown = self.shown_items()
        # Columns the source never fills (a Trello card has no type) are left out.
        optional = [
            (name, attr)
            for name, attr in (("Type", "type"), ("Status", "status"), ("Assignee", "assignee"))
            if any(getattr(i, attr) for i in shown)
        ]
        rows = "".join(self.item_row(i, [a for _, a in optional]) for i in shown)
        more = len(items) - len(shown)
        tail = (
            f'<p class="muted">{more:,} more items in <code>--format json</code>.</p>'
            if more > 0
            else ""
        )
        heads = [
            ("Item", "text", ""),
            ("Title", "text", ' class="title"'),
            ("Label", "num", ""),
            ("Confidence", "num", " class=n"),
            *((name, "text", "") for name, _ in optional),
            ("Activity", "num", " class=n"),
        ]
        head = "".join(
            f'<th data-type="{t}"{cls} scope="col"><button type="button">{h}</button></th>'
            for h, t, cls in heads
        )
        counts = ", ".join(
            f"{sum(1 for i in items if i.label == label):,} {label}" for label, _, _ in self.parts
        )
        labels = "".join(
            f'<option value="{esc(label)}">{esc(_title(label))}</option>'
            for label, _, _ in self.parts
        )
        people = sorted({n for i in shown for n in self.owners(i)}, key=str.lower)
        person = (
            '<label>Assignee <select id="items-person"><option value="">anyone</option>'
            + "".join(f'<option value="{esc(n)}">{esc(n)}</option>' for n in people)
            + "</select></label>"
            if people
            else '<select id="items-person" hidden><option value=""></option></select>'
        )
        tools = (
            '<div class="tools" role="search">'
            '<label>Search <input type="search" id="items-q" placeholder="title, key, status…">'
            "</label>"
            f'<label>Label <select id="items-label"><option value="">any</option>{labels}'
            f"</select></label>{person}"
            f'<span id="items-count" class="muted" aria-live="polite">{len(shown):,} of '
            f"{len(shown):,} shown</span></div>"
        )
        return (
            f'<section id="items"><h2>All items ({len(items):,})</h2>'
            f'<p class="sub">{esc(counts)}. Grouped by label, most confident first. Sort by a '
            "column heading (a button: click, tap, or Enter); open “why” under a title for the "
            "model's reason.</p>"
            f'{tools}<div class="scroll tall" tabindex=0><table id="items-table">'
            f"<thead><tr>{head}</tr></thead><tbody>{rows}</tbody></table></div>{tail}</section>"
        )

    def shown_items(self) -> list[ItemResult]:
        """The items table's rows: by label, most confident first, at most ``MAX_ITEMS``."""
        if self._shown is None:
            rank = {label: n for n, (label, _, _) in enumerate(self.parts)}
            ordered = sorted(
                self.r.items, key=lambda i: (rank.get(i.label, 9), -i.confidence, i.ref, i.id)
            )
            self._shown = ordered[:MAX_ITEMS]
        return self._shown

    def owners(self, i: ItemResult) -> list[str]:
        """``i``'s owners' names, one line each: its assignee, a card's every member."""
        names = self.owner_names.get(i.id) or ([i.assignee] if i.assignee else [])
        return [one_line(n) for n in names]

    def item_row(self, i: ItemResult, optional: list[str]) -> str:
        rank = {label: n for n, (label, _, _) in enumerate(self.parts)}
        ref = esc(i.ref)
        if i.url and i.url.startswith("https://"):
            ref = f'<a href="{esc(i.url)}" rel="noopener noreferrer">{ref}</a>'
        chip = _chip(i.label, style=self.colors.get(i.label, ""))
        title = esc(one_line(i.title, 160, cells=True))
        reason = esc(one_line(reason_beside_confidence(i), 400, cells=True))
        why = f'<details class="why"><summary>why</summary>{reason}</details>' if i.reason else ""
        sure = confidence_pct(i, self.r.threshold)

        def text(v: str | None, head: str) -> str:
            return f'<td data-v="{esc(v or "")}" data-h="{head}">{esc(v) if v else "—"}</td>'

        owners = self.owners(i)
        shown = {"assignee": ", ".join(owners)}  # a card's members, every one
        person = esc("\n".join(owners)).replace("\n", "&#10;")  # the filter's names
        return (
            f'<tr id="i{self.item_index[i.id]}" data-label="{esc(i.label)}" '
            f'data-person="{person}"><td data-v="{esc(i.ref)}">{ref}</td>'
            f'<td class="title" data-v="{esc(one_line(i.title))}">{title}{why}</td>'
            f'<td data-v="{rank.get(i.label, 9)}">{chip}</td>'
            f'<td class=n data-v="{i.confidence:.4f}" data-h="sure">{sure}</td>'
            + "".join(text(shown.get(attr) or getattr(i, attr), attr) for attr in optional)
            + f'<td class=n data-v="{i.activity_count}" data-h="acts">{i.activity_count}</td></tr>'
        )

    # -- the rest --------------------------------------------------------------------------------

    def skipped(self) -> str:
        sk = self.r.skipped
        told = sk.lines
        if not told:
            body = '<p class="ok">Every record could be read.</p>'
        else:
            body = f"<p>{esc(skipped_lead(sk))}:</p>{_listed(grouped_lines(told))}"
            self._said.add(skipped_note(sk))
        if sk.repeats:  # read, not skipped: each issue once
            body += (
                f'<h3 id="repeated">Repeated issues</h3><p>{esc(repeats_lead(sk))}:</p>'
                f"{_listed(sk.repeats)}"
            )
            self._said.add(repeats_note(sk))
        heading = skipped_heading(sk)
        return f'<section id="skipped"><h2>{heading}</h2>{body}</section>'

    def notes(self) -> str:
        """The report's notes that no section above already says (each note shows once)."""
        self.roles_line()  # the header, drawn last, says whether roles were inferred
        window_note = get(self.r, "window_note")
        if get(self.r, "window") and window_note:
            self._said.add(f"Windows: {window_note}.")
        notes: Iterable[str] = [
            n for n in self.r.notes if n not in self._said and not n.startswith(self._said_prefixes)
        ]
        if not notes:
            return ""
        lis = "".join(f"<li>{esc(n)}</li>" for n in notes)
        return f'<section id="notes"><h2>Notes</h2><ul>{lis}</ul></section>'
