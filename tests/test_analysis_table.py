"""The columnar analysis (LabelledActivities + numpy) gives what the per-activity loops gave.

Each reference below is the straightforward per-activity code the analysis used before it was
vectorised; random boards with the awkward cases (equal times, naive and aware datetimes with
offsets, activities on items absent from the board, no or empty actor, an item id twice, custom
labels and kinds, items without a ``created`` activity) must come out the same.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import replace
from datetime import UTC, datetime, timedelta, timezone

import numpy as np
import pytest

from analyzer import balance
from analyzer import roles as roles_module
from analyzer.balance import _Ranking, _top, analyse
from analyzer.flags import _AC_PATTERNS, Context, _busiest, has_acceptance_criteria
from analyzer.flags.items import _first_criteria
from analyzer.roles import Roles, infer_roles
from analyzer.timeline import (
    NO_TIME,
    LabelledActivities,
    LabelledActivity,
    build_timeline,
    from_us,
    label_activities,
    naive_utc,
    pooled,
    sprint_windows,
    times_us,
    to_us,
    top_items,
)
from connectors.interface import Activity, ActivityKind, Board, Item, Person
from models.interface import STRATEGIC, TACTICAL, UNCERTAIN, Prediction

K = ActivityKind
LABELS = (STRATEGIC, TACTICAL, "designer")
ZONES = (None, UTC, timezone(timedelta(hours=2)), timezone(timedelta(hours=-5, minutes=-30)))


def random_board(seed: int, twice: bool = True) -> tuple[Board, list[Prediction]]:
    """32 items with random dates, people and sprints, 400 random activities; ``twice``: the last
    two items repeat the ids i3 and i7, else they are left out (every id once)."""
    rnd = random.Random(seed)
    board = Board("b", "Random", "jira")
    for n in range(6):
        board.people[f"p{n}"] = Person(f"p{n}", f"Person {n}")
    t0 = datetime(2024, 1, 1, 9)

    def when() -> datetime:
        dt = t0 + timedelta(hours=rnd.randrange(0, 24 * 200, 7))  # a coarse grid: equal times
        zone = rnd.choice(ZONES)
        return dt if zone is None else dt.replace(tzinfo=UTC).astimezone(zone)

    ids = [f"i{n}" for n in range(30)] + ["i3", "i7"]  # two ids twice
    predictions = []
    for iid in ids:
        board.items.append(
            Item(
                "jira",
                iid,
                f"item {iid}",
                created=when() if rnd.random() < 0.8 else None,
                updated=when() if rnd.random() < 0.5 else None,
                reporter=rnd.choice([None, "p0", "p1", "p2", "p5"]),
                assignee=rnd.choice([None, "p1", "p3"]),
                sprint=rnd.choice([None, "S1", "S2", "S3"]),
                resolved=when() if rnd.random() < 0.2 else None,
            )
        )
        predictions.append(Prediction(rnd.choice(LABELS), rnd.choice([0.3, 0.7, 0.95]), "r"))
    kinds = [*K, "custom-kind", "commented"]  # a plain string equal to a kind counts as it
    for _ in range(400):
        board.activities.append(
            Activity(
                rnd.choice([*ids, "gone1", "gone2"]),
                rnd.choice([None, "", "p0", "p1", "p2", "p3", "p4", "ghost"]),
                rnd.choice(kinds),
                when(),
            )
        )
    if not twice:
        board.items, predictions = board.items[:30], predictions[:30]
    return board, predictions


def by_id(board: Board, predictions: list[Prediction]) -> dict[str, Prediction]:
    return {item.id: p for item, p in zip(board.items, predictions, strict=True)}


# -- references: the per-activity code the analysis had before ----------------------------------


def ref_labelled(board: Board, predictions: dict[str, Prediction], threshold: float):
    labels = {
        i.id: predictions[i.id].final_label(threshold) if i.id in predictions else UNCERTAIN
        for i in board.items
    }
    out, has_created = [], set()
    for act in board.activities:
        if act.kind == K.CREATED:
            has_created.add(act.item_id)
        out.append(
            LabelledActivity.of(act, naive_utc(act.timestamp), labels.get(act.item_id, UNCERTAIN))
        )
    for item in board.items:
        if item.id not in has_created and item.created is not None and item.reporter:
            act = Activity(item.id, item.reporter, K.CREATED, item.created)
            out.append(LabelledActivity.of(act, naive_utc(item.created), labels[item.id]))
    out.sort(key=lambda la: la.when)
    return out


def _before(a: datetime, b: datetime) -> bool:
    if (a.tzinfo is None) != (b.tzinfo is None):
        a = a if a.tzinfo else a.replace(tzinfo=UTC)
        b = b if b.tzinfo else b.replace(tzinfo=UTC)
    return a < b


def ref_balance(board: Board, label_by_id: dict[str, str]):
    labels, kinds, per_item = Counter(), Counter(), Counter()
    people: dict[str, dict] = {}
    unmatched = anonymous = 0
    first = last = None
    for a in board.activities:
        kind, ts = str(a.kind), a.timestamp
        kinds[kind] += 1
        if first is None or _before(ts, first):
            first = ts
        if last is None or _before(last, ts):
            last = ts
        label = label_by_id.get(a.item_id)
        if label is None:
            unmatched += 1
        else:
            labels[label] += 1
            per_item[a.item_id] += 1
        if a.actor_id is None:
            anonymous += 1
            continue
        p = people.setdefault(a.actor_id, {"kinds": Counter(), "labels": Counter()})
        p["kinds"][kind] += 1
        if label is not None:
            p["labels"][label] += 1
        if "first" not in p or _before(ts, p["first"]):
            p["first"] = ts
        if "last" not in p or _before(p["last"], ts):
            p["last"] = ts
    return labels, kinds, per_item, people, unmatched, anonymous, first, last


def ref_windows(labelled, starts):
    """(board counts, people counts, board item counts) per window, as WindowStat.add did."""
    board = [[0, 0, 0, Counter(), {}] for _ in starts]
    people: dict[str, list] = {}
    idx = 0
    for la in labelled:
        while idx + 1 < len(starts) and la.when >= starts[idx + 1]:
            idx += 1
        rows = [board[idx]]
        if la.actor:
            row = people.setdefault(la.actor, [[0, 0, 0, Counter(), {}] for _ in starts])
            rows.append(row[idx])
        for r in rows:
            r[0 if la.label == STRATEGIC else 1 if la.label == TACTICAL else 2] += 1
            r[3][la.item_id] += 1
            r[4][la.item_id] = la.label
    return board, people


def ref_infer(labelled):
    s, t, shaping, steering = Counter(), Counter(), Counter(), Counter()
    shaping_kinds = {K.CREATED, K.FIELD_CHANGED, K.PRIORITISED, K.ACCEPTED}
    for la in labelled:
        if not la.actor:
            continue
        if la.label == STRATEGIC:
            s[la.actor] += 1
        elif la.label == TACTICAL:
            t[la.actor] += 1
            shaping[la.actor] += la.activity.kind in shaping_kinds
            steering[la.actor] += la.activity.kind in (K.PRIORITISED, K.ACCEPTED)
    return s, t, shaping, steering


# -- tests ----------------------------------------------------------------------------------------

SEEDS = range(12)


def _row(la: LabelledActivity):
    a = la.activity
    return (
        a.item_id,
        a.actor_id,
        str(a.kind),
        a.timestamp,
        la.when,
        la.label,
        la.item_id,
        la.actor,
    )


@pytest.mark.parametrize("seed", SEEDS)
def test_labelled_rows_match_the_per_activity_labelling(seed):
    board, predictions = random_board(seed)
    for preds in (by_id(board, predictions), predictions):  # by id, or one per item
        table = label_activities(board, preds, 0.6)
        expected = ref_labelled(board, by_id(board, predictions), 0.6)
        assert [_row(la) for la in table] == [_row(la) for la in expected]
        # the board's own activities are the very objects, not copies
        own = {id(a) for a in board.activities}
        assert sum(id(la.activity) in own for la in table) == len(board.activities)


@pytest.mark.parametrize("seed", SEEDS)
def test_balance_counts_match_the_per_activity_loop(seed):
    _check_balance(*random_board(seed))


@pytest.mark.parametrize("seed", SEEDS)
def test_balance_counts_match_when_every_activity_is_someones_on_the_board(seed, monkeypatch):
    """The usual board (no row masked out: the columns are counted as they are), a few rows at
    a time (the per-actor passes' steps)."""
    monkeypatch.setattr(balance, "_STEP", 5)
    board, predictions = random_board(seed)
    ids = {item.id for item in board.items}
    board.activities = [a for a in board.activities if a.actor_id and a.item_id in ids]
    assert board.activities
    _check_balance(board, predictions)


def _check_balance(board: Board, predictions: list[Prediction]) -> None:
    report = analyse(board, predictions, threshold=0.6, labels=LABELS)
    label_by_id = {i.id: p.final_label(0.6) for i, p in zip(board.items, predictions, strict=True)}
    labels, kinds, per_item, people, unmatched, anonymous, first, last = ref_balance(
        board, label_by_id
    )
    s = report.summary
    assert {lb: s.activities.count(lb) for lb in (*LABELS, UNCERTAIN)} == {
        lb: labels[lb] for lb in (*LABELS, UNCERTAIN)
    }
    assert {k: v for k, v in s.activities_by_kind.items() if v} == dict(kinds)
    assert (s.unmatched_activities, s.anonymous_activities) == (unmatched, anonymous)
    assert s.first_activity is first and s.last_activity is last  # the objects as read
    assert [i.activity_count for i in report.items] == [per_item[i.id] for i in report.items]
    for person in report.people:
        ref = people.get(person.id)
        if ref is None:
            assert person.total_activities == 0 and person.first_activity is None
            continue
        assert {k: v for k, v in person.by_kind.items() if v} == dict(ref["kinds"])
        assert {lb: person.activity.count(lb) for lb in LABELS} == {
            lb: ref["labels"][lb] for lb in LABELS
        }
        assert person.first_activity is ref["first"] and person.last_activity is ref["last"]


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("window", ["week", "month", "sprint", "10d"])
def test_timeline_counts_match_the_per_activity_loop(seed, window):
    board, predictions = random_board(seed)
    table = label_activities(board, by_id(board, predictions), 0.6)
    t = build_timeline(board, table, window)
    labelled = ref_labelled(board, by_id(board, predictions), 0.6)
    board_ref, people_ref = ref_windows(labelled, [w.start for w in t.windows])
    assert t.as_of == labelled[-1].when
    assert list(t.people) == list(people_ref)  # people in order of their first activity

    def same(stat, ref):
        assert (stat.strategic, stat.tactical, stat.uncertain) == tuple(ref[:3])
        assert stat.activities == sum(ref[:3])
        assert list(stat.item_counts.items()) == list(ref[3].items())
        assert stat.item_labels == ref[4]

    for stat, ref in zip(t.board, board_ref, strict=True):
        same(stat, ref)
    for pid, row in t.people.items():
        for stat, ref in zip(row, people_ref[pid], strict=True):
            same(stat, ref)
    # built from LabelledActivity objects instead of the table: the same windows and counts
    again = build_timeline(board, labelled, window)
    assert [(w.label, w.start, w.end) for w in again.windows] == [
        (w.label, w.start, w.end) for w in t.windows
    ]
    assert [s.to_dict() for s in again.board] == [s.to_dict() for s in t.board]


@pytest.mark.parametrize("seed", SEEDS)
def test_evidence_items_match_counter_most_common(seed):
    board, predictions = random_board(seed)

    def timeline():
        return build_timeline(
            board, label_activities(board, by_id(board, predictions), 0.6), "week"
        )

    counted, fresh = timeline(), timeline()  # one read window by window, one left to the table
    rnd = random.Random(seed)
    for pid in [None, *counted.people]:
        rows = (
            [counted.board, fresh.board]
            if pid is None
            else [counted.people[pid], fresh.people[pid]]
        )
        picked = sorted(rnd.sample(range(len(counted.windows)), min(4, len(counted.windows))))
        stats, lazy = ([row[k] for k in picked] for row in rows)
        for label in (STRATEGIC, TACTICAL):
            counts: Counter[str] = Counter()
            for s in stats:
                for item_id, n in s.item_counts.items():
                    if s.item_labels.get(item_id) == label:
                        counts[item_id] += n
            expected = [i for i, _ in counts.most_common(3)]
            assert top_items(lazy, label, 3) == expected  # counted from the table's rows
            assert top_items(stats, label, 3) == expected  # from the windows' counters
        total = pooled(lazy)
        assert total.activities == sum(s.activities for s in stats)
        assert total.item_counts == sum((s.item_counts for s in stats), Counter())


@pytest.mark.parametrize("step", [3, 1 << 20])
@pytest.mark.parametrize("seed", SEEDS)
def test_inferred_roles_match_the_per_activity_counts(seed, step, monkeypatch):
    monkeypatch.setattr(roles_module, "_STEP", step)  # (rows counted a step at a time)
    board, predictions = random_board(seed)
    table = label_activities(board, by_id(board, predictions), 0.6)
    s, t, shaping, steering = ref_infer(ref_labelled(board, by_id(board, predictions), 0.6))
    roles = infer_roles(board, table)
    expected = {}
    for pid in set(s) | set(t):
        total = s[pid] + t[pid]
        if total < roles.thresholds.infer_min_activities:
            continue
        if s[pid] / total >= roles.thresholds.pm_min_strategic_share:
            expected[pid] = ["pm"]
        elif t[pid] and shaping[pid] / t[pid] >= 0.5 and steering[pid]:
            expected[pid] = ["po"]
        else:
            expected[pid] = ["contributor"]
    assert roles.assignments == expected
    assert infer_roles(board, list(table)).assignments == roles.assignments


def test_busiest_items_are_counter_most_common():
    board, predictions = random_board(3)
    table = label_activities(board, by_id(board, predictions), 0.6)
    rnd = random.Random(1)
    for _ in range(20):
        rows = np.sort(np.array(rnd.sample(range(len(table)), 60)))
        expected = Counter(table.item_ids[table.item[r]] for r in rows).most_common(5)
        assert _busiest(table, rows, 5) == [i for i, _ in expected]


def test_times_are_exact_microseconds_for_any_datetime():
    stamps = [
        datetime(2024, 5, 1, 12, 0, 0, 1, tzinfo=UTC),
        datetime(1969, 12, 31, 23, 59, 59, 999_999, tzinfo=timezone(timedelta(hours=3))),
        datetime(2240, 2, 29, 1, 2, 3, 456_789, tzinfo=UTC),  # past the float-exact range
        datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC),
    ]
    mixed = [*stamps, datetime(2024, 5, 1, 12, 0, 0, 7)]  # one naive: taken as UTC
    for batch in (stamps[:2], stamps, mixed):
        us = times_us(batch).tolist()
        assert us == [to_us(d) for d in batch]
        assert [from_us(u) for u in us] == [naive_utc(d) for d in batch]


def test_an_empty_board_and_a_list_of_rows_give_empty_tables():
    board = Board("b", "Empty", "trello")
    assert len(label_activities(board, {}, 0.6)) == 0
    assert len(LabelledActivities.from_rows(board, [])) == 0
    assert build_timeline(board, [], "month").windows == []


@pytest.mark.parametrize(
    "text",
    [
        "Acceptance   Criteria: it works",
        "ACCEPTANCE CRITERIA",
        "ac: the page loads",
        "AC : done",
        "back: not an AC",
        "Definition of Done is met",
        "- [x] first\n- [ ] second",
        "  * [X] checked",
        "a [link] only",
        "Given a user\nWhen they log in\nThen they see the board",
        "GİVEN a user WHEN they log in THEN done",  # dotless/dotted i match i ignoring case
        "gıven a user when they log in then done",
        "Acceptance criteria in Türkçe: ok",
        "Nothing to see here, café",
        "CRITÉRIOS DE ACEITAÇÃO",
        "critères d’acceptation",
        "Définition de terminé",
        "Dado x\nCuando y\nEntonces z",
        "DADO x QUANDO y ENTÃO z",
        "Étant donné x quand y alors z",
        "GEGEBEN x WENN y DANN z",
        "Akzeptanzkriterien",
        "de hecho, dado que quand wenn",
        "given only, never the rest",
        "",
    ],
)
def test_acceptance_criteria_shortcut_agrees_with_the_pattern(text):
    # a heading alone holds no criteria (_first_criteria): each text also with a line under it
    for description in (text, f"{text}\nthe page loads"):
        item = Item("jira", "X", "title", description=description)
        expected = bool(_first_criteria(f"{item.title}\n{item.description}"))
        assert has_acceptance_criteria(item) is expected
        assert bool(_AC_PATTERNS.search(f"{item.title}\n{item.description}")) >= expected


def ref_last_touch(board: Board, labelled) -> dict[str, datetime]:
    out: dict[str, datetime] = {}
    for item in board.items:
        times = [naive_utc(t) for t in (item.created, item.updated) if t is not None]
        if times:
            out[item.id] = max(times)
    for la in labelled:
        if la.item_id not in out or la.when > out[la.item_id]:
            out[la.item_id] = la.when
    return out


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("twice", [True, False])
def test_last_touch_matches_the_per_activity_loop(seed, twice):
    board, predictions = random_board(seed, twice)
    table = label_activities(board, by_id(board, predictions), 0.6)
    ctx = Context(board, table.item_label_map(), table, Roles(), datetime(2025, 1, 1))
    expected = ref_last_touch(board, ref_labelled(board, by_id(board, predictions), 0.6))
    assert ctx.last_touch() == expected
    touch = ctx.touch(board.items).tolist()
    assert touch == [to_us(expected[i.id]) if i.id in expected else NO_TIME for i in board.items]


@pytest.mark.parametrize("seed", SEEDS)
def test_top_items_match_a_full_sort(seed):
    board, predictions = random_board(seed)
    items = analyse(board, predictions, threshold=0.6, labels=LABELS).items
    rnd = random.Random(seed)
    for item in items:  # more ties: fewer distinct confidences and activity counts
        item.confidence = rnd.choice([0.5, 0.9, 0.9, 1.0])
        item.activity_count = rnd.choice([0, 1, 1, 2])
    for label in (*LABELS, UNCERTAIN):
        for n in (1, 2, 3, 5):
            expected = sorted(
                (i for i in items if i.label == label),
                key=lambda i: (-i.confidence, -i.activity_count, i.id),
            )[:n]
            assert _top(items, label, n) == expected


@pytest.mark.parametrize("seed", SEEDS)
def test_top_items_from_the_ranking_arrays_match_the_item_by_item_pick(seed):
    board, predictions = random_board(seed)
    base = analyse(board, predictions, threshold=0.6, labels=LABELS).items
    rnd = random.Random(seed)
    items = []
    for copy in range(8):  # enough items for the arrays' pre-selection (> 4 n candidates)
        for item in base:
            item = replace(item, id=f"{item.id}-{copy}")
            item.confidence = rnd.choice([0.5, 0.75, 0.9, 0.9, 1.0, float(rnd.random())])
            item.activity_count = rnd.choice([0, 1, 1, 2, 7])
            items.append(item)
    ranking = _Ranking(items)
    odd = lambda i: i.activity_count % 2 == 1  # noqa: E731 - a keep that rejects many
    for label in (*LABELS, UNCERTAIN, "unknown"):
        for n in (1, 2, 3, 5, 10):
            for above in (None, 0.7, 0.95):
                for keep in (None, odd):
                    expected = _top(items, label, n, above=above, keep=keep)
                    found = _top(items, label, n, above=above, keep=keep, ranking=ranking)
                    assert [i.id for i in found] == [i.id for i in expected]
                    assert all(a is b for a, b in zip(found, expected, strict=True))
    full = sorted(
        (i for i in items if i.label == LABELS[0]),
        key=lambda i: (-i.confidence, -i.activity_count, i.id),
    )[:10]
    assert _top(items, LABELS[0], 10, ranking=ranking) == full


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("twice", [True, False])
def test_labels_from_the_table_are_the_predictions_labels(seed, twice):
    board, predictions = random_board(seed, twice)
    table = label_activities(board, predictions, 0.6)
    assert table.board_labels() == [p.final_label(0.6) for p in predictions]
    by_dict = Context(board, table.item_label_map(), table, Roles(), datetime(2025, 1, 1))
    by_table = Context(board, None, table, Roles(), datetime(2025, 1, 1))
    for label in (*LABELS, UNCERTAIN, "unknown"):
        assert by_table.items_with(label) == by_dict.items_with(label)
    # the balance with the shared table is the balance without it
    alone = analyse(
        board, predictions, threshold=0.6, labels=LABELS, generated_at=datetime(2025, 1, 1)
    )
    shared = analyse(
        board,
        predictions,
        threshold=0.6,
        labels=LABELS,
        generated_at=datetime(2025, 1, 1),
        activities=table,
    )
    assert shared == alone
    other = label_activities(random_board(seed + 100)[0], {}, 0.6)
    with pytest.raises(ValueError, match="another board"):
        analyse(board, predictions, activities=other)


def ref_sprint_ends(board: Board, labelled) -> dict[str, datetime]:
    by_item: dict[str, list[datetime]] = {}
    for la in labelled:
        by_item.setdefault(la.item_id, []).append(la.when)
    resolved: dict[str, list[datetime]] = {}
    touched: dict[str, list[datetime]] = {}
    for item in board.items:
        if not item.sprint:
            continue
        if item.resolved is not None:
            resolved.setdefault(item.sprint, []).append(naive_utc(item.resolved))
        touched.setdefault(item.sprint, []).extend(by_item.get(item.id, []))
    ends = {}
    for name in set(resolved) | set(touched):
        times = resolved.get(name) or touched.get(name)
        if times:
            ends[name] = max(times)
    return ends


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("twice", [True, False])
def test_sprint_windows_end_where_the_per_item_loop_ended_them(seed, twice):
    board, predictions = random_board(seed, twice)
    for k, item in enumerate(board.items[:6]):  # sprints whose items never moved
        item.sprint = f"Quiet {k % 2}"
    table = label_activities(board, predictions, 0.6)
    ends = ref_sprint_ends(board, ref_labelled(board, by_id(board, predictions), 0.6))
    windows = sprint_windows(board, table)
    expected, start = [], from_us(table.when[0])
    for name, end in sorted(ends.items(), key=lambda kv: (kv[1], kv[0])):
        if end + timedelta(seconds=1) > start:  # else merged into the sprint before
            expected.append((name, start, end + timedelta(seconds=1)))
            start = end + timedelta(seconds=1)
    assert [(w.sprint, w.start, w.end) for w in windows if w.sprint is not None] == expected


def _columns_board(seed: int, every_item_created: bool) -> tuple[Board, list[Prediction]]:
    """A random board whose activities are columns in time order, as the store and the readers
    hand them over (``every_item_created``: no ``created`` activity to add)."""
    from connectors.columns import ActivityList, ActivityRows

    board, predictions = random_board(seed)
    acts = board.activities
    if every_item_created:
        acts += [
            Activity(i.id, "p0", K.CREATED, datetime(2023, 1, 1, tzinfo=UTC)) for i in board.items
        ]
    rows = ActivityRows()
    for act in acts:
        if isinstance(act.kind, ActivityKind):  # the columns hold the known kinds only
            if act.timestamp.tzinfo is None:  # the readers' columns hold aware times
                act.timestamp = act.timestamp.replace(tzinfo=UTC)
            rows.add_activity(act)
    board.activities = ActivityList(rows.in_time_order())
    return board, predictions


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("every_item_created", [True, False])
def test_a_table_over_time_ordered_columns_shares_them_and_equals_the_sorted_one(
    seed, every_item_created, monkeypatch
):
    import analyzer.timeline as timeline

    board, predictions = _columns_board(seed, every_item_created)
    table = label_activities(board, predictions, 0.6)
    expected = ref_labelled(board, by_id(board, predictions), 0.6)
    assert [_row(la) for la in table] == [_row(la) for la in expected]
    columns = board.activities.columns
    shared = np.shares_memory(table.when, columns.when)
    assert shared == every_item_created  # added rows come last in time: the table sorts
    if shared:
        assert np.shares_memory(table.actor, columns.actor)
        assert not table.when.flags.writeable and not table.kind.flags.writeable
        assert columns.when.flags.writeable  # the board's own columns are left as they were
    with monkeypatch.context() as patch:  # the sorting path, the reference
        patch.setattr(timeline, "_in_time_order", lambda when: False)
        sorted_table = label_activities(board, predictions, 0.6)
    for name in ("item", "actor", "kind", "when", "label", "source"):
        assert getattr(table, name).tolist() == getattr(sorted_table, name).tolist(), name
    assert table.source.dtype == sorted_table.source.dtype


def test_time_order_is_never_decreasing():
    from analyzer.timeline import _in_time_order

    assert _in_time_order(np.array([], np.int64)) and _in_time_order(np.array([5], np.int64))
    assert _in_time_order(np.array([1, 1, 2], np.int64))
    assert not _in_time_order(np.array([1, 3, 2], np.int64))


@pytest.mark.parametrize("seed", SEEDS)
@pytest.mark.parametrize("window", ["week", "month", "sprint"])
def test_window_counts_by_chunks_equal_the_whole_column_counts(seed, window, monkeypatch):
    """The timeline counts its windows a chunk of rows at a time (bounded temporaries at 10M
    activities): any chunk size gives what the whole-column reference gives, and so does the
    timeline built with tiny chunks."""
    import analyzer.timeline as timeline

    board, predictions = random_board(seed)
    table = label_activities(board, by_id(board, predictions), 0.6)
    t = build_timeline(board, table, window)
    starts = np.array([to_us(w.start) for w in t.windows[1:]], np.int64)
    ref_window, ref_board, ref_codes, ref_people = timeline._window_counts_reference(table, starts)
    for chunk in (1, 7, 64, len(table), 10 * len(table)):
        window_of, board_counts, codes, people = timeline._window_counts(table, starts, chunk)
        assert window_of.tolist() == ref_window.tolist() and window_of.dtype == ref_window.dtype
        assert board_counts.tolist() == ref_board.tolist()
        assert codes == ref_codes and people == ref_people
    monkeypatch.setattr(timeline, "WINDOW_CHUNK", 5)
    small = build_timeline(board, table, window)
    assert [s.to_dict() for s in small.board] == [s.to_dict() for s in t.board]
    assert {p: [s.to_dict() for s in row] for p, row in small.people.items()} == {
        p: [s.to_dict() for s in row] for p, row in t.people.items()
    }
    assert list(small.people) == list(t.people)


def test_window_counts_of_a_table_without_people():
    import analyzer.timeline as timeline

    board, predictions = random_board(3)
    for act in board.activities:
        act.actor_id = None
    for it in board.items:
        it.reporter = None
    table = label_activities(board, by_id(board, predictions), 0.6)
    starts = np.array([to_us(datetime(2024, 3, 1))], np.int64)
    got = timeline._window_counts(table, starts, 16)
    ref = timeline._window_counts_reference(table, starts)
    assert got[2] == ref[2] == [] and got[3] == ref[3] == []
    assert got[1].tolist() == ref[1].tolist()


@pytest.mark.parametrize("seed", SEEDS)
def test_a_table_over_columns_naming_the_board_s_ids_in_its_order_equals_the_reference(seed):
    """The columns of a CSV read name every item of the board, in its order: the table takes
    the item codes as they are (no look-up per id), and equals the per-activity reference."""
    from connectors.columns import ActivityColumns, ActivityList

    board, predictions = _columns_board(seed, every_item_created=False)
    once = {}
    for item, prediction in zip(board.items, predictions, strict=True):
        once.setdefault(item.id, (item, prediction))
    board.items = [item for item, _ in once.values()]
    predictions = [prediction for _, prediction in once.values()]
    columns = board.activities.columns
    place = {item.id: n for n, item in enumerate(board.items)}
    on_board = np.array([columns.item_ids[c] in place for c in columns.item.tolist()], bool)
    kept = columns.take(np.flatnonzero(on_board))
    item = np.array([place[kept.item_ids[c]] for c in kept.item.tolist()], np.int32)
    ids = [item.id for item in board.items]
    board.activities = ActivityList(
        ActivityColumns(
            ids, kept.actor_ids, kept.fields, item, kept.actor, kept.kind, kept.field, kept.when
        )
    )
    assert board.activities.columns.item_ids == ids
    table = label_activities(board, predictions, 0.6)
    expected = ref_labelled(board, by_id(board, predictions), 0.6)
    assert [_row(la) for la in table] == [_row(la) for la in expected]
    assert table.added  # (items without a creation: the id -> code dict made for them)
    assert table.item_ids == ids and table.item_index() == {i: n for n, i in enumerate(ids)}


@pytest.mark.parametrize("seed", SEEDS)
def test_a_table_over_columns_naming_an_id_twice_equals_the_reference(seed):
    """Columns naming the board's ids in its order, an id there twice: the id -> code dict."""
    from connectors.columns import ActivityColumns, ActivityList

    board, predictions = _columns_board(seed, every_item_created=False)
    board.items += board.items[:2]
    predictions += predictions[:2]
    ids = [item.id for item in board.items]
    columns = board.activities.columns
    place = {item_id: n for n, item_id in enumerate(ids)}  # (an id twice: its last place)
    on_board = np.array([columns.item_ids[c] in place for c in columns.item.tolist()], bool)
    kept = columns.take(np.flatnonzero(on_board))
    item = np.array([place[kept.item_ids[c]] for c in kept.item.tolist()], np.int32)
    board.activities = ActivityList(
        ActivityColumns(
            ids, kept.actor_ids, kept.fields, item, kept.actor, kept.kind, kept.field, kept.when
        )
    )
    table = label_activities(board, predictions, 0.6)
    expected = ref_labelled(board, by_id(board, predictions), 0.6)
    assert [_row(la) for la in table] == [_row(la) for la in expected]
