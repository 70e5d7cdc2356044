"""Session 17 (issue 12): the parent-title gate and an epic's stories, on the dev halves and on
boards of ours.

Session 16 let a sub-task be read with its parent's title only when its own title names a piece
of research work and its own terms name no delivery word (``analyzer.parent_links``). This
script lists, per dev half (never a ``*-test`` half), every child item (one with a parent) that
is strategic by the labels, and every one whose parent the scan reads strategic, with what the
scan says and the gate's inputs; scores each variant on boards of our own (chores, chores
naming a research output or a direction word, research pieces, direction sub-tasks under five
strategic parents; delivery and direction stories under five strategic epics; our own words);
lists every export's readings a variant changes (a test-half item counted, never shown); and
runs a variant through ``research.real_dev_sweep``'s eight draws.

    python -m research.parent_gate [--variant NAME ...] [--model FILE] [--halves dev,fresh3-dev]
    python -m research.parent_gate --fixtures [--quiet] [--variant NAME ...] [--model FILE]
    python -m research.parent_gate --epics            # dev stories of epics read strategic
    python -m research.parent_gate --exports          # sub-tasks of led parents, every export
    python -m research.parent_gate --changes --variant NAME
    python -m research.parent_gate --variant NAME -- --seeds 12,1,2,3,4,5,6,7 --fresh ... --keep DIR

``shipped`` is the rule as shipped (session 17); ``gated`` session 16's (sub-tasks only); the
gate variants change session 16's; ``epics-*`` add an epic's stories. models/HISTORY.md,
"Session 17: the parent-title gate", has what each measured. Items are shown by file name and id
only.
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from collections.abc import Callable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import analyzer.parent_links as parent_links  # noqa: E402
import analyzer.pipeline as pipeline  # noqa: E402
from models.interface import STRATEGIC  # noqa: E402
from research import halves  # noqa: E402

#: gate variants: name -> install() (module constants or the gate function of parent_links)
VARIANTS: dict[str, Callable[[], None]] = {}
_SHIPPED_GATE = parent_links.takes_parent_title
_SHIPPED_CHILD = parent_links.is_child


def variant(name: str):  # type: ignore[no-untyped-def]
    def register(install: Callable[[], None]) -> Callable[[], None]:
        VARIANTS[name] = install
        return install

    return register


def reset() -> None:
    """The shipped rules (session 17)."""
    parent_links.PARENT_TITLE_KEEP_ABOVE = 0.7
    parent_links.PARENT_TITLE_PIECE_ONLY = 1
    parent_links.PARENT_TITLE_OWN_TERMS = 1
    parent_links.EPIC_CHILDREN_NAMED = 1
    parent_links.takes_parent_title = _SHIPPED_GATE
    parent_links.is_child = _SHIPPED_CHILD


@variant("shipped")
def _shipped() -> None:
    reset()


@variant("gated")
def _gated() -> None:
    """Session 16's rules: sub-tasks only, the gate on."""
    reset()
    parent_links.EPIC_CHILDREN_NAMED = 0


def _gated_with(**settings: float) -> Callable[[], None]:
    """A variant: session 16's rules (``gated``) with ``settings`` (constants of parent_links)."""

    def install() -> None:
        _gated()
        for name, value in settings.items():
            setattr(parent_links, name, value)

    return install


VARIANTS["off"] = _gated_with(PARENT_TITLE_KEEP_ABOVE=0)
VARIANTS["ungated"] = _gated_with(PARENT_TITLE_PIECE_ONLY=0, PARENT_TITLE_OWN_TERMS=0)
VARIANTS["piece-only"] = _gated_with(PARENT_TITLE_OWN_TERMS=0)
VARIANTS["terms-only"] = _gated_with(PARENT_TITLE_PIECE_ONLY=0)


def _strategic_share(own) -> float:  # type: ignore[no-untyped-def]
    """The strategic probability of a two-label reading."""
    return own.confidence if own.label == STRATEGIC else 1.0 - own.confidence


def _title_direction(title: str | None) -> bool:
    from models import rules
    from models.language import fold_accents

    said = rules._SEPARATORS.sub(" ", fold_accents(title or "").lower())
    return bool(rules._DIRECTION.search(rules._ENGINEERING_STRATEGY.sub(" ", said)))


def _or_gate(extra) -> Callable[[], None]:  # type: ignore[no-untyped-def]
    """A variant of session 16's rules: its gate, or ``extra(item, own)``."""

    def install() -> None:
        _gated()
        parent_links.takes_parent_title = lambda item, own: (
            _SHIPPED_GATE(item, own) or extra(item, own)
        )

    return install


for _floor in (0.15, 0.2, 0.25, 0.3, 0.4):
    # the child's own reading near the band (strategic at ``floor`` or more), no delivery word
    VARIANTS[f"near-band-{_floor}"] = _or_gate(
        lambda item, own, f=_floor: (
            _strategic_share(own) >= f and parent_links._only_piece_terms(own)
        )
    )
    # ... and its title names direction work too
    VARIANTS[f"near-band-direction-{_floor}"] = _or_gate(
        lambda item, own, f=_floor: (
            _strategic_share(own) >= f
            and _title_direction(item.title)
            and parent_links._only_piece_terms(own)
        )
    )


# the child's own title names direction work (rules._DIRECTION), no delivery word
VARIANTS["direction-title"] = _or_gate(
    lambda item, own: _title_direction(item.title) and parent_links._only_piece_terms(own)
)
# a direction word in the title, any terms
VARIANTS["direction-title-any-terms"] = _or_gate(lambda item, own: _title_direction(item.title))


def _epics(then: Callable[[], None]) -> Callable[[], None]:
    """A variant: ``then``, and every story and task (level 0) of an epic read strategic read
    again as a sub-task is (session 13's first rule)."""

    def install() -> None:
        then()
        parent_links.EPIC_CHILDREN_NAMED = 1
        parent_links.is_child = lambda item: item.hierarchy_level in (-1, 0)

    return install


for _name in ("gated", "off", "ungated", "near-band-0.2", "direction-title"):
    VARIANTS[f"epics-{_name}"] = _epics(VARIANTS[_name])


def _epics_named(then: Callable[[], None]) -> Callable[[], None]:
    """A variant: ``then``, and an epic's story or task read again as a sub-task is when its own
    title names direction work (the shipped ``EPIC_CHILDREN_NAMED``; ``epics-named-gated`` is
    the shipped rule)."""

    def install() -> None:
        then()
        parent_links.EPIC_CHILDREN_NAMED = 1

    return install


for _name in ("gated", "ungated", "near-band-0.2", "direction-title"):
    VARIANTS[f"epics-named-{_name}"] = _epics_named(VARIANTS[_name])


# --- what a scan computes for each child, captured around the pipeline's calls ----------------


class Capture:
    """Wraps ``pipeline.led_by_direction`` and ``pipeline.read_again`` to keep, per item id, the
    parents' readings and, for each sub-task of a led parent, its readings and the gate's inputs."""

    def __init__(self) -> None:
        self.parent_reading: dict[str, tuple[str, float]] = {}
        self.child: dict[str, dict[str, object]] = {}
        self._led = pipeline.led_by_direction
        self._again = pipeline.read_again

    def __enter__(self) -> Capture:
        def led(items, positions, predictions, threshold):  # type: ignore[no-untyped-def]
            for at, p in zip(positions, predictions, strict=True):
                for name in (items[at].id, items[at].key):
                    if name:
                        self.parent_reading[name] = (p.label, p.confidence)
            return self._led(items, positions, predictions, threshold)

        def again(chunk, batch, led_set, predict, titles=None):  # type: ignore[no-untyped-def]
            first = list(batch)
            n = self._again(chunk, batch, led_set, predict, titles)
            rows = [
                at
                for at, item in enumerate(chunk)
                if item.parent in led_set and parent_links.is_child(item)
            ]
            if rows:
                own = predict([parent_links.without_type(chunk[at]) for at in rows])
                joined = predict(
                    [
                        parent_links.with_parent_title(
                            chunk[at], (titles or {}).get(chunk[at].parent, "")
                        )
                        for at in rows
                    ]
                )
                for at, o, j in zip(rows, own, joined, strict=True):
                    item = chunk[at]
                    self.child[item.id] = {
                        "typed": (first[at].label, first[at].confidence),
                        "own": (o.label, o.confidence),
                        "own_terms": [t for t in o.top_terms][:6],
                        "joined": (j.label, j.confidence),
                        "piece": parent_links.names_research_piece(item.title),
                        "only_piece_terms": parent_links._only_piece_terms(o),
                        "final": (batch[at].label, batch[at].confidence),
                    }
            return n

        pipeline.led_by_direction = led
        pipeline.read_again = again
        return self

    def __exit__(self, *exc: object) -> None:
        pipeline.led_by_direction = self._led
        pipeline.read_again = self._again


def scan_half(model, half: str, data: Path, labels_csv: Path) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """One row per dev-half item that has a parent: its label, the scan's label, and what the
    capture saw."""
    out = []
    with Capture() as seen:
        for board in halves.scanned_boards(model, data, labels_csv):
            items = {item.id: item for item in board.board.items}
            read = {r.id: (r.label, r.confidence) for r in board.report.items}
            for item in board.board.items:
                if item.key and item.id in read:
                    read[item.key] = read[item.id]
            for result in board.report.items:
                known = board.labels.get(result.id)
                item = items.get(result.id)
                if known is None or known[1] != half or item is None or not item.parent:
                    continue
                parent_label = None
                for pid, other in items.items():
                    if item.parent in (pid, other.key):
                        got = board.labels.get(pid)
                        # a parent's label only when the parent is in this dev half
                        parent_label = got[0] if got and got[1] == half else None
                        break
                out.append(
                    {
                        "file": board.name,
                        "id": result.id,
                        "level": item.hierarchy_level,
                        "type": item.type,
                        "true": known[0],
                        "got": result.label,
                        "p": result.confidence,
                        "parent_read": seen.parent_reading.get(item.parent),
                        "parent_report": read.get(item.parent),
                        "parent_true": parent_label,
                        "child": seen.child.get(item.id),
                    }
                )
    return out


def _fmt(pair: tuple[str, float] | None) -> str:
    return "-" if pair is None else f"{pair[0][:3]} {pair[1]:.2f}"


def show_half(half: str, rows: Sequence[dict[str, object]]) -> Counter:
    counts: Counter = Counter()
    for r in rows:
        read = r["parent_read"]
        led = read is not None and read[0] == STRATEGIC
        reported = r["parent_report"]
        led = led or (reported is not None and reported[0] == STRATEGIC)
        want = r["true"] == STRATEGIC or (led or r["parent_true"] == STRATEGIC)
        counts["children"] += 1
        counts[f"true {r['true']}"] += 1
        counts[f"true {r['true']} got {r['got']}"] += 1
        if not want:
            continue
        c = r["child"] or {}
        print(
            f"  {half} {r['file']} {r['id']} level={r['level']} true={r['true']} got={r['got']} "
            f"{r['p']:.2f} parent read {_fmt(read)} (report {_fmt(r['parent_report'])}) "
            f"parent true {r['parent_true'] or '-'}"
            + (
                f" | typed {_fmt(c['typed'])} own {_fmt(c['own'])} joined {_fmt(c['joined'])} "
                f"piece={int(c['piece'])} terms-ok={int(c['only_piece_terms'])} "
                f"terms={','.join(c['own_terms'])}"
                if c
                else ""
            )
        )
    return counts


# --- boards of our own: five strategic parents, chores, research-output chores, pieces ---------

PARENTS = (
    "Customer interviews for pricing strategy",
    "Interviews with shop owners about their invoicing pains",
    "Market research for the expansion to Germany",
    "Define the product vision and roadmap for 2027",
    "User survey on onboarding satisfaction",
)
#: delivery chores that name no research output (18)
CHORES = (
    "Fix typo in interview notes",
    "Book a meeting room",
    "Upload the recordings to the shared drive",
    "Send calendar invites",
    "Export the survey responses to CSV",
    "Fix the login bug on the survey page",
    "Deploy the landing page",
    "Order snacks for the workshop",
    "Renew the Zoom licence",
    "Set up the Calendly link",
    "Pay the participants' gift cards",
    "Update the privacy notice on the signup form",
    "Reset the staging database",
    "Add the logo to the slide template",
    "Fix broken link in the newsletter",
    "Migrate the notes to Confluence",
    "Upgrade the transcription tool",
    "Rename the shared folder",
)
#: delivery chores that name a research output (12)
OUTPUT_CHORES = (
    "Fix the report export bug",
    "Search results page is slow",
    "Fix typo in the interview guide",
    "Move the findings doc to the new folder",
    "Fix the broken chart in the results dashboard",
    "Add pagination to the report list",
    "Export the summary table as PDF",
    "Fix the questionnaire form validation error",
    "Results page crashes on mobile",
    "Deploy the analysis service to staging",
    "Fix encoding of the survey questions CSV",
    "Upgrade the reporting library",
)
#: pieces of the research work (12)
PIECES = (
    "Write up the summary",
    "Synthesise the findings",
    "Draft the questionnaire",
    "Prepare the interview guide",
    "Recruit participants",
    "Analyse the results",
    "Share the key insights with the team",
    "Validation summary",
    "List the open questions",
    "Write the final report",
    "Formulate hypotheses",
    "Debrief after each session",
)

#: sub-tasks of the direction work that name no research piece (12; strategic by our reading)
DIRECTION_CHILDREN = (
    "Estimate the market size for small farms",
    "Evaluate the pricing options",
    "Map supplier risks and dependencies",
    "Decide which customer segment to target first",
    "Define success metrics for the pilot",
    "Compare the partner offers",
    "Draft the positioning statement",
    "Prioritise the bets for next quarter",
    "Identify the key assumptions to test",
    "Assess the regulatory constraints in Germany",
    "Outline the go-to-market plan",
    "Agree the target price range with sales",
)
#: delivery chores that name direction work (12; tactical by our reading)
DIRECTION_CHORES = (
    "Fix the 404 on the strategy page",
    "Export the roadmap to PDF",
    "Update the font on the vision slides",
    "Fix broken link in the market research doc",
    "Book a room for the pricing review",
    "Add the roadmap page to the navigation",
    "Fix the pricing table layout on mobile",
    "Migrate the strategy wiki to Confluence",
    "Send the survey reminder email",
    "Resize the images in the positioning deck",
    "Deploy the pricing calculator",
    "Fix the date format in the pilot dashboard",
)
#: strategic epics (level 1) for the epic boards
EPICS = (
    "Pricing strategy for 2027",
    "Expansion to the German market",
    "Product vision and roadmap for 2027",
    "Customer research on onboarding",
    "Partner programme launch",
)
#: an epic's delivery stories (12; tactical by our reading), several naming direction words
EPIC_DELIVERY = (
    "Build the pricing page",
    "Add annual plans to checkout",
    "Show prices in euros",
    "Translate the app into German",
    "Add German VAT to invoices",
    "Roadmap page shows the next release",
    "Onboarding checklist for new users",
    "Partner portal login",
    "Export the partner list to CSV",
    "Fix the pricing table on mobile",
    "Migrate plans to the new billing API",
    "Launch banner on the homepage",
)
#: an epic's direction stories and tasks (12; strategic by our reading)
EPIC_DIRECTION = (
    "Decide the pricing tiers",
    "Market sizing for Germany",
    "Define the north star metric",
    "Prioritise the roadmap themes",
    "Competitor pricing analysis",
    "Partner selection criteria",
    "Interview ten onboarding drop-outs",
    "Estimate revenue impact of annual plans",
    "Choose the launch markets",
    "Draft the partner value proposition",
    "Assess the regulatory constraints",
    "Agree the success metrics for the launch",
)
EPIC_GROUPS = (("epic delivery", EPIC_DELIVERY, False), ("epic direction", EPIC_DIRECTION, True))

#: the groups, each with whether its children are strategic by our reading
GROUPS = (
    ("chores", CHORES, False),
    ("output chores", OUTPUT_CHORES, False),
    ("direction chores", DIRECTION_CHORES, False),
    ("pieces", PIECES, True),
    ("direction children", DIRECTION_CHILDREN, True),
)


def fixture_board(parent: str, children: Sequence[str]):  # type: ignore[no-untyped-def]
    """Five delivery stories, a task ``parent`` and its ``children`` as sub-tasks (level -1)."""
    from connectors.interface import Item

    delivery = ["Fix the login page on mobile", "Add export to CSV", "Checkout button misaligned"]
    delivery += ["Upgrade the database driver", "Password reset email not sent"]
    items = [
        Item(source="jira", id=f"d{i}", title=t, key=f"P-d{i}", type="Story", column="Done")
        for i, t in enumerate(delivery)
    ]
    items.append(Item(source="jira", id="p", title=parent, key="P-p", type="Task", column="Done"))
    return items + _children(children, "Sub-task", -1)


def epic_board(epic: str, children: Sequence[str]):  # type: ignore[no-untyped-def]
    """Five delivery stories, a strategic epic and its ``children`` as stories (level 0)."""
    items = fixture_board(epic, [])
    items[5].type, items[5].hierarchy_level, items[5].column = "Epic", 1, "In Progress"
    return items + _children(children, "Story", 0)


def _children(titles: Sequence[str], type_: str, level: int):  # type: ignore[no-untyped-def]
    """The done items ``titles`` under the boards' parent ``P-p``, of ``type_`` and ``level``."""
    from connectors.interface import Item

    return [
        Item(
            source="jira",
            id=f"s{j}",
            title=title,
            key=f"P-s{j}",
            parent="P-p",
            type=type_,
            hierarchy_level=level,
            column="Done",
        )
        for j, title in enumerate(titles)
    ]


def epic_fixtures(model) -> dict[str, tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Strategic calls / items per epic fixture group, over the five epics."""
    from analyzer.pipeline import classify_items

    out: dict[str, tuple[int, int]] = {}
    for group, children, _ in EPIC_GROUPS:
        hit = total = 0
        for epic in EPICS:
            got = classify_items(epic_board(epic, children), model)
            hit += sum(p.label == STRATEGIC for p in got[6:])
            total += len(children)
        out[group] = (hit, total)
    return out


def fixtures(model, verbose: bool = False) -> dict[str, tuple[int, int]]:  # type: ignore[no-untyped-def]
    """Strategic calls / items per fixture group, over the five parents (``verbose``: each
    child's readings under the first parent)."""
    from analyzer.pipeline import classify_items

    out: dict[str, tuple[int, int]] = {}
    for group, children, _ in GROUPS:
        hit = total = 0
        for n, parent in enumerate(PARENTS):
            with Capture() as seen:
                got = classify_items(fixture_board(parent, children), model)
            hit += sum(p.label == STRATEGIC for p in got[6:])
            total += len(children)
            if verbose:
                for j, title in enumerate(children):
                    c = seen.child.get(f"s{j}")
                    if c is None:
                        said = _fmt((got[6 + j].label, got[6 + j].confidence))
                        print(f"    P{n} {group}: {title!r} {said} (not read again)")
                        continue
                    print(
                        f"    P{n} {group}: {title!r} final {_fmt(c['final'])} "
                        f"own {_fmt(c['own'])} "
                        f"joined {_fmt(c['joined'])} piece={int(c['piece'])} "
                        f"terms-ok={int(c['only_piece_terms'])} terms={','.join(c['own_terms'])}"
                    )
        out[group] = (hit, total)
    return out


def epic_children(model, threshold: float = 0.6) -> None:  # type: ignore[no-untyped-def]
    """Each dev-half child that is no sub-task (an epic's story or task) whose parent the scan
    reads strategic: its label, the scan's reading, and what it would read without its type
    and with its parent's title (the sub-task rules, were they widened to such children)."""
    from analyzer.pipeline import board_prior_of

    for half, data, labels_csv in halves.HALVES:
        if not data.is_dir():
            continue
        counts: Counter = Counter()
        for board in halves.scanned_boards(model, data, labels_csv):
            items = board.board.items
            read = {r.id: r for r in board.report.items}
            by_name = {}
            for item in items:
                by_name[item.id] = item
                if item.key:
                    by_name[item.key] = item
            rows = []
            for item in items:
                known = board.labels.get(item.id)
                parent = by_name.get(item.parent or "")
                if known is None or known[1] != half or parent is None:
                    continue
                if item.hierarchy_level == -1:
                    continue
                pr = read.get(parent.id)
                if pr is None or pr.label != STRATEGIC or pr.confidence < threshold:
                    continue
                rows.append((item, known[0], read[item.id], parent))
            if not rows:
                continue
            prior = board_prior_of(items, model)
            own = model.predict([parent_links.without_type(i) for i, *_ in rows], prior=prior)
            joined = model.predict(
                [parent_links.with_parent_title(i, p.title or "") for i, _, _, p in rows],
                prior=prior,
            )
            for (item, true, got, _), o, j in zip(rows, own, joined, strict=True):
                counts[f"true {true} got {got.label}"] += 1
                counts[f"true {true} own {o.label}"] += 1
                print(
                    f"  {half} {board.name} {item.id} level={item.hierarchy_level} "
                    f"type={item.type} true={true} got {_fmt((got.label, got.confidence))} "
                    f"own {_fmt((o.label, o.confidence))} "
                    f"joined {_fmt((j.label, j.confidence))} "
                    f"piece={int(parent_links.names_research_piece(item.title))} "
                    f"terms-ok={int(parent_links._only_piece_terms(o))} "
                    f"direction-title={int(_title_direction(item.title))} "
                    f"terms={','.join(o.top_terms[:5])}"
                )
        if counts:
            print(f"  {half}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))


EXPORT_FOLDERS = (
    halves.bench.DEFAULT_DATA,
    *(Path(f"/work/freshdata{n}") for n in ("", 2, 3, 4, 5, 6, 7)),
)
EXPORT_FOLDERS += (Path("/work/freshdata-extra"),)


def _halves_of_ids() -> dict[str, dict[str, str]]:
    """file name -> item id -> its half (dev or test), over every labels file (labels unread)."""
    out: dict[str, dict[str, str]] = {}
    for _, _, labels_csv in halves.HALVES:
        for name, per_file in halves.bench.read_labels(labels_csv).items():
            for item_id, (_, half) in per_file.items():
                out.setdefault(name, {})[item_id] = half
    return out


def every_export(model, show_titles: bool) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """Each sub-task of a led parent in every export, dev-half or unlabelled (a test-half item is
    counted, never shown), with the gate's inputs."""
    from analyzer.pipeline import classify_items

    split_of = _halves_of_ids()
    out: list[dict[str, object]] = []
    hidden = 0
    for path, board in halves.read_exports(EXPORT_FOLDERS):
        if not any(item.parent and item.hierarchy_level == -1 for item in board.items):
            continue
        with Capture() as seen:
            classify_items(board.items, model)
        for item in board.items:
            c = seen.child.get(item.id)
            if c is None:
                continue
            half = split_of.get(path.name, {}).get(item.id, "unlabelled")
            if half.endswith("test"):
                hidden += 1
                continue
            out.append(
                {
                    "file": path.name,
                    "id": item.id,
                    "half": half,
                    "child": c,
                    "title": item.title if show_titles else "",
                }
            )
    print(f"  (test-half sub-tasks of led parents counted, not shown: {hidden})")
    return out


def changes(model, variant_name: str) -> None:  # type: ignore[no-untyped-def]
    """Every export's readings (``classify_items``) under session 16's rules (``gated``) and
    under ``variant_name``: each dev-half or unlabelled item whose label changes, by file and id; a
    test-half item's change is counted, never shown."""
    from analyzer.pipeline import classify_items

    split_of = _halves_of_ids()
    hidden = moved = files = items_seen = 0
    for path, board in halves.read_exports(EXPORT_FOLDERS):
        files += 1
        items_seen += len(board.items)
        if not any(item.parent for item in board.items):
            continue
        VARIANTS["gated"]()
        before = classify_items(board.items, model)
        VARIANTS[variant_name]()
        after = classify_items(board.items, model)
        reset()
        for item, b, a in zip(board.items, before, after, strict=True):
            if b.label == a.label and abs(b.confidence - a.confidence) < 0.005:
                continue
            half = split_of.get(path.name, {}).get(item.id, "unlabelled")
            if half.endswith("test"):
                hidden += 1
                continue
            moved += 1
            print(
                f"  {path.name} {item.id} {half} level={item.hierarchy_level} "
                f"{_fmt((b.label, b.confidence))} -> {_fmt((a.label, a.confidence))}"
            )
    print(
        f"  {files} exports, {items_seen} items: {moved} dev or unlabelled readings change; "
        f"test-half readings changed (not shown): {hidden}"
    )


def main(argv: list[str] | None = None) -> int:
    argv, rest = halves.split_rest(argv)
    if rest:
        # the variants through the 8-draw sweep: ``--variant NAME -- <real_dev_sweep arguments>``
        from research import real_dev_sweep

        parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
        parser.add_argument("--variant", choices=sorted(VARIANTS), default="shipped")
        VARIANTS[parser.parse_args(argv).variant]()
        return real_dev_sweep.main(rest)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--variant", action="append", choices=sorted(VARIANTS), default=[])
    parser.add_argument("--model", type=Path, default=None)
    parser.add_argument("--halves", default="", help="comma-separated dev halves (default: all)")
    parser.add_argument("--fixtures", action="store_true", help="our boards only")
    parser.add_argument("--quiet", action="store_true", help="counts only")
    parser.add_argument(
        "--exports", action="store_true", help="sub-tasks of led parents in every export"
    )
    parser.add_argument("--titles", action="store_true", help="with --exports: show titles")
    parser.add_argument(
        "--changes",
        action="store_true",
        help="each export's label changes against session 16's rules",
    )
    parser.add_argument(
        "--epics",
        action="store_true",
        help="dev children of strategic parents that are no sub-task",
    )
    args = parser.parse_args(argv)
    model = halves.load(args.model)
    wanted = [h for h in args.halves.split(",") if h]
    for name in args.variant or ["shipped"]:
        VARIANTS[name]()
        print(f"== variant {name}")
        if args.changes:
            changes(model, name)
            continue
        if args.epics:
            epic_children(model)
            continue
        if args.exports:
            for r in every_export(model, args.titles):
                c = r["child"]
                print(
                    f"  {r['file']} {r['id']} {r['half']} final {_fmt(c['final'])} "
                    f"typed {_fmt(c['typed'])} own {_fmt(c['own'])} joined {_fmt(c['joined'])} "
                    f"piece={int(c['piece'])} terms-ok={int(c['only_piece_terms'])} "
                    f"terms={','.join(c['own_terms'])} {r['title']}"
                )
            continue
        if args.fixtures:
            for group, (hit, total) in fixtures(model, not args.quiet).items():
                print(f"  fixtures {group}: strategic {hit}/{total}")
            for group, (hit, total) in epic_fixtures(model).items():
                print(f"  fixtures {group}: strategic {hit}/{total}")
            continue
        for half, data, labels_csv in halves.HALVES:
            if wanted and half not in wanted or not data.is_dir():
                continue
            rows = scan_half(model, half, data, labels_csv)
            if args.quiet:
                counts = Counter()
                for r in rows:
                    counts[f"true {r['true']} got {r['got']}"] += 1
            else:
                counts = show_half(half, rows)
            print(f"  {half}: " + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    reset()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
