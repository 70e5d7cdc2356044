"""Offline reader for Jira issues saved as JSON from the REST API (v2 or v3).

Accepted shapes: search results ``{"issues": [...], "names": {...}}``, a bare array of issues,
a single issue, an array of search-result pages, and several pages (or issues) written one after
the other in one file (``curl ... >> issues.json``). The ``names`` expand, when present, is used
to find Sprint/Rank/Epic Link by name.
"""

from __future__ import annotations

import json
import re
from array import array
from collections.abc import Iterable, Iterator, Mapping
from operator import attrgetter
from pathlib import Path, PurePath
from typing import Any

import msgspec

from connectors.columns import ActivityList, ActivityRows
from connectors.exports.files import blank_comment_lines, fail, json_error, past_comment_lines
from connectors.exports.interface import ExportFormat
from connectors.exports.jira_current_fields import json_missing_columns
from connectors.exports.json_stream import JsonStream
from connectors.interface import (
    Activity,
    ActivityKind,
    Board,
    Connector,
    Item,
    Person,
    Progress,
    SearchPage,
)
from connectors.mapping.common import (
    UNEXPECTED_SHAPE,
    RecordError,
    Repeat,
    add_person,
    one_line,
    resolve_board_mentions,
    tell_repeats,
    unreadable,
)
from connectors.mapping.jira import SOURCE, NoFieldsError, map_issue
from connectors.mapping.jira_typed import Issue, NeedsDict, TypedIssues, decode_issues, history_rows
from connectors.mapping.shared import SharedCollections

FORMAT = "jira-json"
_BY_TIME = attrgetter("timestamp")  # sort key for activities (faster than a lambda)
WHAT = "Jira issues JSON (REST search results)"
_WHAT = WHAT
_ISSUE_KEYS = re.compile(rb'"(fields|issuetype|summary|changelog|histories|statusCategory)"')


def sniff(head: bytes) -> bool:
    """Does the start of a file look like Jira REST issues?"""
    stripped = past_comment_lines(head)
    if not stripped.startswith((b"{", b"[")):
        return False
    found = set(_ISSUE_KEYS.findall(head))
    return b"fields" in found and len(found) >= 2


def parse_documents(path: str | Path, text: str) -> list[Any]:
    """Every JSON value in ``text``: usually one, several when pages were concatenated."""
    text = blank_comment_lines(text)
    decoder = json.JSONDecoder()
    values: list[Any] = []
    position = 0
    length = len(text)
    while True:
        while position < length and text[position] in " \t\r\n,":
            position += 1
        if position >= length:
            break
        try:
            value, position = decoder.raw_decode(text, position)
        except json.JSONDecodeError as error:
            raise json_error(path, text, error, _WHAT) from error
        except RecursionError as error:
            raise fail(path, "JSON is nested too deeply to read", f"pass a {_WHAT}") from error
        values.append(value)
    return values


def _is_issue(value: Any) -> bool:
    return isinstance(value, Mapping) and isinstance(value.get("fields"), Mapping)


_JIRA_KEY = re.compile(r"[A-Z][A-Z0-9_]*-\d+")


def _is_flat_record(value: Any) -> bool:
    """A tool's record of an issue: a Jira key beside a summary or status, and no ``fields``.

    Session 31: a list of them (``[{"key": "SHL-1", "summary": …, "status": …}]``) was refused
    as "not a Trello board export or Jira issues"; read as issues, the reader says what they are.
    """
    if not isinstance(value, Mapping) or "fields" in value:
        return False
    key = value.get("key")
    return (
        isinstance(key, str)
        and bool(_JIRA_KEY.fullmatch(key))
        and ("summary" in value or "status" in value)
    )


def iter_issues(values: list[Any]) -> Iterator[tuple[Any, Mapping[str, str] | None]]:
    """(raw issue, field names) for every issue in the parsed documents, in file order."""
    for value in values:
        if isinstance(value, list):
            yield from iter_issues(value)
        elif isinstance(value, Mapping) and isinstance(value.get("issues"), list):
            names = value.get("names") if isinstance(value.get("names"), Mapping) else None
            for issue in value["issues"]:
                yield issue, names
        elif isinstance(value, Mapping) and ("fields" in value or "key" in value):
            names = value.get("names") if isinstance(value.get("names"), Mapping) else None
            yield value, names


def looks_like_issues(values: list[Any]) -> bool:
    """True when the parsed JSON holds at least one thing shaped like a Jira issue."""
    for value in values:
        if _is_issue(value):
            return True
        if isinstance(value, Mapping) and isinstance(value.get("issues"), list):
            return True
        if isinstance(value, list) and (
            looks_like_issues(value[:50]) or any(map(_is_flat_record, value[:50]))
        ):
            return True
    return False


class JiraJsonExport(Connector):
    """``JiraJsonExport(path).load()`` reads Jira issues saved from the REST API.

    The file is read as a stream (:mod:`.json_stream`): issues are decoded, mapped and
    dropped one at a time. A search-results page whose ``names`` come after its ``issues`` keeps
    that page's issues until its names are read (Jira pages hold at most a few hundred issues).
    ``activity_details=False`` leaves the activities' old/new values, comment texts and ids out.
    """

    name = "jira-json"

    def __init__(
        self,
        path: str | Path,
        *,
        on_progress: Progress | None = None,
        base_url: str | None = None,
        activity_details: bool = True,
        shared_empty: bool = False,
    ) -> None:
        self.path = Path(path)
        self.on_progress = on_progress
        self.base_url = base_url
        self.activity_details = activity_details
        self.shared_empty = shared_empty and not activity_details

    def load(self) -> Board:
        builder = IssuesBoardBuilder(
            origin=str(self.path),
            base_url=self.base_url,
            on_progress=self.on_progress,
            activity_details=self.activity_details,
            shared_empty=self.shared_empty,
            asked_fields=True,
        )
        looks_like = False
        with JsonStream(self.path, what=_WHAT) as stream:
            while char := stream.next_document():
                if char == "{":
                    looks_like |= _read_object(stream, builder)
                elif char == "[":
                    looks_like |= _read_array(stream, builder)
                else:
                    stream.value()
        if not looks_like:
            raise fail(self.path, _no_issues(builder.nested), _SAVE_SEARCH)
        if builder.count and builder.without_fields == builder.count:
            raise fail(
                self.path,
                f"holds {builder.count} issue{'s' if builder.count > 1 else ''} but none in "
                "Jira's shape (an issue's 'fields' object): a tool's own records, not Jira's JSON",
                f"export the issues from Jira with Filters → Export → CSV (all fields), or "
                f"{_SAVE_SEARCH}",
            )
        board = builder.finish()
        board.missing_columns = json_missing_columns(builder.field_keys)
        board.missing_fields_of_search = bool(board.missing_columns)
        return board


_SAVE_SEARCH = "save the output of /rest/api/2/search (or /3/search) with the issues in it"


def _no_issues(nested: list[str]) -> str:
    """Why a JSON file holds no Jira issues: none at all, or searches a tool filed under keys
    of its own (session 31: one object per person, ``{"john.smith": {"issues": […]}}``)."""
    if not nested:
        return "is JSON but holds no Jira issues (no objects with 'fields')"
    keys = ", ".join(repr(one_line(key, 30)) for key in nested[:3])
    more = ", …" if len(nested) > 3 else ""
    return (
        f"holds Jira searches inside an object, one under each of its keys ({keys}{more}): "
        "a tool's grouping, not Jira's JSON"
    )


def _read_object(stream: JsonStream, builder: IssuesBoardBuilder) -> bool:
    """One top-level object (a search page or an issue) into the builder; does it hold issues?"""
    value: dict[str, Any] = {}
    pending: list[Any] | None = None  # a page's issues read before its names
    streamed = False
    for key in stream.members():
        if key == "issues" and stream.peek() == "[":
            value[key] = []
            streamed = True
            if "names" in value:
                names = value["names"] if isinstance(value["names"], Mapping) else None
                total = value.get("total")
                if isinstance(total, int) and not isinstance(total, bool):
                    builder.total = max(builder.total, builder.count + total)
                for issue in _issues(stream, builder):
                    builder.add(issue, names)
                pending = None
            else:
                pending = list(_issues(stream, builder))
        else:
            value[key] = stream.value()
    if streamed and isinstance(value.get("issues"), list):
        builder.page_said(value)
        if pending is not None:
            names = value.get("names") if isinstance(value.get("names"), Mapping) else None
            builder.total = max(builder.total, builder.count + len(pending))
            for index, issue in enumerate(pending):
                pending[index] = None  # each raw issue is freed once mapped
                builder.add(issue, names)
        return True
    for issue, names in iter_issues([value]):
        builder.add(issue, names)
    if looks_like_issues([value]):
        return True
    builder.nested += [key for key, inner in value.items() if looks_like_issues([inner])]
    return False


def _issues(stream: JsonStream, builder: IssuesBoardBuilder) -> Iterator[Any]:
    """The elements of a page's ``issues``: typed runs on the scan path (no activity details)."""
    if builder.activity_details:
        yield from stream.elements()
        return
    for batch in stream.batches(decode_issues):
        yield from batch


def _read_array(stream: JsonStream, builder: IssuesBoardBuilder) -> bool:
    """A top-level array (of issues or pages) into the builder; does it hold issues?

    On the scan path (no activity details) its issues are decoded by type a run at a time,
    as a page's are; pages and anything else come as the standard library reads them.
    """
    looks_like = False
    if builder.activity_details:
        elements: Iterator[Any] = stream.elements()
    else:
        elements = (element for batch in stream.batches(decode_issues) for element in batch)
    for position, element in enumerate(elements):
        if type(element) is Issue:  # (an object whose fields are an object)
            looks_like |= position < 50  # as looks_like_issues judges a list
            builder.add(element, None)
            continue
        if position < 50 and not looks_like:  # as looks_like_issues judges a list
            looks_like = looks_like_issues([element]) or _is_flat_record(element)
        if isinstance(element, Mapping) and isinstance(element.get("issues"), list):
            builder.total = max(builder.total, builder.count + len(element["issues"]))
            builder.page_said(element)
        for issue, names in iter_issues([element]):
            builder.add(issue, names)
    return looks_like


def issues_to_board(
    issues: list[tuple[Any, Mapping[str, str] | None]],
    *,
    origin: str | None = None,
    base_url: str | None = None,
    on_progress: Progress | None = None,
    consume: bool = False,
) -> Board:
    """Map (raw issue, field names) pairs into one Board; bad or repeated issues are skipped.

    With ``consume`` each entry of ``issues`` is replaced by None once mapped, so a caller that
    holds the raw issues only in that list does not keep them all until the board is complete.
    """
    builder = IssuesBoardBuilder(origin=origin, base_url=base_url, on_progress=on_progress)
    builder.total = len(issues)
    for index, (raw, names) in enumerate(issues):
        if consume:
            issues[index] = None  # type: ignore[call-overload]
        builder.add(raw, names)
    return builder.finish()


class IssuesBoardBuilder:
    """Jira issues fed one at a time (:meth:`add`) → one Board (:meth:`finish`).

    Bad issues are skipped into ``Board.skipped``; an issue met again (a search saved in
    overlapping pages) is read once, from its copy updated last, and said in ``Board.repeats``.
    ``total`` (when known) is the
    number of issues expected, for ``on_progress("read", done, total, "")``, called every 500
    issues.
    Person ids and field names are shared between the items and activities that repeat them.
    ``asked_fields``: the fields the issues hold are gathered (:attr:`field_keys`: an export's
    search may have asked for some; a live fetch knows what it asked for).
    """

    def __init__(
        self,
        *,
        origin: str | None = None,
        base_url: str | None = None,
        on_progress: Progress | None = None,
        activity_details: bool = True,
        shared_empty: bool = False,
        asked_fields: bool = False,
    ) -> None:
        self.board = Board(id="", name="Jira issues", source=SOURCE, origin=origin)
        self.base_url = base_url
        self.on_progress = on_progress
        self.activity_details = activity_details
        self.count = 0
        self.total = 0
        self.without_fields = 0  # issues skipped for having no "fields" object
        self.nested: list[str] = []  # keys of a top-level object holding searches or issues
        # what the file's search pages said of the whole search (page_said): the most issues
        # a page's "total" said it found; a page saying more follow (isLast false), the last
        self._search_total = 0
        self._more: bool | None = None
        self._seen: dict[str, int] = {}  # item id: its place in board.items
        # each item's activities, from and to (rows of ``_rows``, else board.activities)
        self._spans = array("q")
        self._repeats: dict[str, Repeat] = {}  # issues met again, by id
        # what copies updated later replaced: the people they named, their activities' spans
        self._replaced_people: set[str | None] = set()
        self._replaced_spans: list[tuple[int, int]] = []
        self._projects: dict[str, str] = {}
        self._strings: dict[str, str] = {}
        # without details (a scan): the activities as rows, made into columns in finish()
        self._rows = None if activity_details else ActivityRows()
        # a scan's own board (no details): empty and equal lists shared among its items
        self._shared = SharedCollections() if shared_empty and not activity_details else None
        self._typed = (
            None if self._rows is None else TypedIssues(self._rows, base_url, self._shared)
        )
        # the keys the issues' ``fields`` hold, over every issue (a file of two searches holds
        # both): what the searches asked for (json_missing_columns). Once they leave no column
        # missing (a search of all fields: its first issue), no further issue's are read.
        self.field_keys: frozenset[str] | None = None
        self._fields_told = not asked_fields

    def add(self, raw: Any, names: Mapping[str, str] | None) -> None:
        """One issue: a dict as the REST API gives it, or a typed :class:`Issue`."""
        if not self._fields_told:
            self._see_fields(raw)
        self.count += 1
        index = self.count
        hook = None
        rows = self._rows
        mark = len(rows) if rows is not None else len(self.board.activities)
        if type(raw) is Issue:
            if rows is None or self._typed is None:
                raise ValueError("typed issues are for builders without activity details")
            try:
                item, people, project = self._typed.map(raw, names)
            except (NeedsDict, *UNEXPECTED_SHAPE):  # the dict-based mapper reads it exactly
                rows.truncate(mark)
            else:
                self._add_typed(index, item, people, project, mark)
                return
            changelog = raw.changelog

            def hook(item_id: str, people: dict, so_far: list, changelog: Any = changelog) -> None:
                for activity in so_far:  # the creation, first (as map_issue lists it)
                    rows.add_activity(activity)
                history_rows(rows, item_id, changelog, people)

            raw = raw.as_raw()
        board = self.board
        try:
            item, activities, people = map_issue(
                raw,
                field_names=names,
                base_url=self.base_url,
                activity_details=self.activity_details,
                name_mentions=False,  # named in finish(), from all the people of the read
                histories=hook,
            )
        except RecordError as error:
            board.skipped.append(f"issue #{index}: {error}")
            self.without_fields += isinstance(error, NoFieldsError)
            if rows is not None:
                rows.truncate(mark)
        except UNEXPECTED_SHAPE as error:  # a shape the checks did not foresee: still one record
            board.skipped.append(f"issue #{index}: {unreadable(error)}")
            if rows is not None:
                rows.truncate(mark)
        else:
            place = self._seen.get(item.id)
            if place is not None and not self._later(item, place, index):
                if rows is not None:
                    rows.truncate(mark)
            else:
                self._keep(item, activities, hook is not None, place, mark)
                known = board.people
                for person in people:
                    add_person(
                        known,
                        person.id,
                        person.display_name,
                        email=person.email,
                        username=person.username,
                        account_type=person.account_type,
                    )
                project = raw.get("fields", {}).get("project")
                if isinstance(project, Mapping) and project.get("key"):
                    self._projects.setdefault(str(project["key"]), str(project.get("name") or ""))
                elif item.key and "-" in item.key:  # no project field: the key's prefix
                    self._projects.setdefault(item.key.rsplit("-", 1)[0], "")
        if self.on_progress is not None and (index % 500 == 0 or index == self.total):
            self.on_progress("read", index, self.total, "")

    def _add_typed(
        self, index: int, item: Item, people: dict[str, Person], project: Any, mark: int
    ) -> None:
        """The bookkeeping of :meth:`add` for an issue :class:`TypedIssues` mapped."""
        board = self.board
        place = self._seen.get(item.id)
        if place is not None and not self._later(item, place, index):
            self._rows.truncate(mark)  # type: ignore[union-attr]
        else:
            self._keep(item, (), True, place, mark)
            known = board.people
            for person_id, person in people.items():
                seen = known.get(person_id)
                if (
                    seen is not None
                    and seen.email
                    and seen.username
                    and seen.display_name not in (person_id, seen.username)
                ):
                    continue  # add_person could change nothing
                add_person(
                    known,
                    person.id,
                    person.display_name,
                    email=person.email,
                    username=person.username,
                    account_type=person.account_type,
                )
            if project is not None and project.key:
                self._projects.setdefault(project.key, project.name or "")
            elif item.key and "-" in item.key:
                self._projects.setdefault(item.key.rsplit("-", 1)[0], "")
        if self.on_progress is not None and (index % 500 == 0 or index == self.total):
            self.on_progress("read", index, self.total, "")

    def _later(self, item: Item, place: int, index: int) -> bool:
        """Issue ``index`` is a copy of the item at ``place`` (a search saved in overlapping
        pages): counted for its line, and True when it was updated later (``fields.updated``),
        to be kept in the first copy's place."""
        found = self._repeats.get(item.id)
        if found is None:
            found = self._repeats[item.id] = Repeat(item.key or item.id, index)
        else:
            found.copies += 1
        kept = self.board.items[place].updated
        if item.updated is None or kept is None or item.updated <= kept:
            return False
        found.kept = index
        return True

    def _keep(
        self,
        item: Item,
        activities: Iterable[Activity],
        typed: bool = False,
        place: int | None = None,
        start: int = 0,
    ) -> None:
        """``item`` and its ``activities`` (from ``start`` on in the rows, when they hold them
        already) added, or put in place of the item at ``place`` (a copy updated later)."""
        strings = self._strings
        for person in (item.assignee, item.reporter):
            if person is not None:
                strings.setdefault(person, person)
        item.assignee = item.assignee and strings[item.assignee]
        item.reporter = item.reporter and strings[item.reporter]
        if item.watchers:
            item.watchers = [strings.setdefault(m, m) for m in item.watchers]
        if self._shared is not None:  # (the watchers' list just made; the rest once mapped)
            self._shared.item(item)
        rows = self._rows
        if rows is not None:
            # typed: the creation and the changelog are in the rows already; then the comments
            # (map_issue's order before sorting); from a dict: its activities in time order
            for activity in activities:
                if not typed or activity.kind is not ActivityKind.CREATED:
                    rows.add_activity(activity)
            end = len(rows.kind)  # (len(rows), without its frame: this runs once an issue)
        else:
            for activity in activities:
                actor = activity.actor_id
                if actor is not None:
                    activity.actor_id = strings.setdefault(actor, actor)
                field_name = activity.field
                if field_name is not None:
                    activity.field = strings.setdefault(field_name, field_name)
            self.board.activities.extend(activities)
            end = len(self.board.activities)
        if place is None:  # (inline: once an issue)
            items = self.board.items
            self._seen[item.id] = len(items)
            items.append(item)
            spans = self._spans  # (two appends: no tuple made)
            spans.append(start)
            spans.append(end)
        else:
            self._replace(item, place, start, end)

    def _replace(self, item: Item, place: int, start: int, end: int) -> None:
        """``item`` (its activities ``start`` to ``end``) in place of the copy at ``place``: that
        copy's activities and the people it named are dropped in finish."""
        items, spans = self.board.items, self._spans
        old = items[place]
        self._replaced_people.update((old.assignee, old.reporter, *old.watchers))
        self._replaced_spans.append((spans[2 * place], spans[2 * place + 1]))
        spans[2 * place], spans[2 * place + 1] = start, end
        items[place] = item

    def _drop_replaced(self) -> None:
        """The activities of the copies updated later moved where the first copies' were (the
        first copies' dropped: activities of one time keep the order a read of the kept copies
        alone gives them), and the people only the first copies named dropped."""
        board, rows, spans = self.board, self._rows, self._spans
        order = [n for at in range(0, len(spans), 2) for n in range(spans[at], spans[at + 1])]
        named = self._replaced_people
        if rows is not None:
            actors = list(rows.actors)
            for start, end in self._replaced_spans:
                named.update(actors[code] for code in rows.actor[start:end] if code >= 0)
            rows.select(order)
            acting = {actors[code] for code in set(rows.actor) if code >= 0}
        else:
            activities = board.activities
            for start, end in self._replaced_spans:
                named.update(activity.actor_id for activity in activities[start:end])
            board.activities = [activities[n] for n in order]
            acting = {activity.actor_id for activity in board.activities}
        named -= acting
        for item in board.items if named else ():
            named -= {item.assignee, item.reporter, *item.watchers}
        for person_id in named:
            if person_id is not None:
                board.people.pop(person_id, None)

    def page_said(self, page: Mapping[str, Any]) -> None:
        """What one search page (``{"issues": [...], ...}``) says of the whole search: its
        ``total`` (/rest/api/2 and 3 ``search``), or whether more pages follow (``isLast``, the
        2025 ``/search/jql``: no total)."""
        total, last = page.get("total"), page.get("isLast")
        if isinstance(total, int) and not isinstance(total, bool):
            self._search_total = max(self._search_total, total)
        if isinstance(last, bool):
            self._more = not last if self._more is None else self._more and not last

    def _search_page(self) -> SearchPage | None:
        """The file holds less than its search found: one page (or some) of more. Its issues
        are counted once each (pages saved overlapping repeat some: their copies would make up
        for a page missing)."""
        copies = sum(repeat.copies - 1 for repeat in self._repeats.values())
        count, total = self.count - copies, self._search_total
        if total > count or (self._more and not total):
            export = PurePath(self.board.origin).name if self.board.origin else self.board.name
            return SearchPage(export, count, total or None)
        return None

    def finish(self) -> Board:
        board = self.board
        if self._repeats:
            self._repeated()
        if page := self._search_page():
            board.search_pages = [page]
        if self.on_progress is not None and self.count and self.count != self.total:
            self.on_progress("read", self.count, self.count, "")
        if self._rows is not None:
            board.activities = ActivityList(self._rows.in_time_order())
            self._rows = ActivityRows()
            self._typed = TypedIssues(self._rows, self.base_url, self._shared)
        else:
            board.activities.sort(key=_BY_TIME)
        resolve_board_mentions(board)  # people met after the text that mentions them
        projects = self._projects
        if len(projects) == 1:
            key, name = next(iter(projects.items()))
            board.id = key
            board.name = one_line(name, 200) if name else f"Jira project {key}"
        elif projects:
            board.id = ",".join(sorted(projects))
            board.name = f"Jira issues from {len(projects)} projects"
        return board

    def _see_fields(self, raw: Any) -> None:
        """Add an issue's ``fields`` keys to :attr:`field_keys` (a key any issue holds was asked
        for); :attr:`_fields_told` once they leave no column missing (it can then not change)."""
        keys = _field_keys(raw)
        seen = self.field_keys
        if keys is None or (seen is not None and seen.issuperset(keys)):
            return
        self.field_keys = frozenset(keys) if seen is None else seen.union(keys)
        self._fields_told = not json_missing_columns(self.field_keys)

    def _repeated(self) -> None:
        """One line of ``Board.repeats`` per issue met more than once, in the order of their
        first repeats, each saying which copy was kept."""
        if self._replaced_spans:
            self._drop_replaced()
        self.board.repeats.unit = "copy"
        tell_repeats(self.board.repeats, self._repeats.values())


_FIELDS_BY_KEY = msgspec.json.Decoder(dict[str, msgspec.Raw])


def _field_keys(raw: Any) -> Mapping[str, Any] | None:
    """An issue's ``fields`` object, read for its keys (typed: its raw JSON's, each value left
    unread), None without one."""
    if type(raw) is Issue:
        if not len(raw.fields):
            return None
        try:
            return _FIELDS_BY_KEY.decode(raw.fields)
        except msgspec.DecodeError:
            return None
    fields = raw.get("fields") if isinstance(raw, Mapping) else None
    return fields if isinstance(fields, Mapping) and fields else None


def _is_issues_document(document: object) -> bool:
    return looks_like_issues([document])


#: One issue's parts the REST API pages on their own: (the page's list, what the entries hold
#: besides an author, what they are, the resource's path).
_ISSUE_PARTS = (
    ("comments", ("body", "created"), "comments", "/issue/KEY/comment"),
    ("values", ("items", "created"), "change history", "/issue/KEY/changelog"),
    ("histories", ("items", "created"), "change history", "/issue/KEY?expand=changelog"),
    ("worklogs", ("started",), "work log", "/issue/KEY/worklog"),
)


def _issue_part(document: object) -> tuple[str, str] | None:
    """A page of one issue's comments, change history or work log (the API's
    ``/rest/api/2/issue/KEY/comment`` and its kin; session 33: a tool's saved comment page):
    entries with an author and no issue key, so not issues, and said so."""
    if not isinstance(document, Mapping):
        return None
    for key, needs, what, resource in _ISSUE_PARTS:
        entries = document.get(key)
        if not isinstance(entries, list) or not entries:
            continue
        if all(
            isinstance(entry, Mapping)
            and "author" in entry
            and "key" not in entry
            and all(name in entry for name in needs)
            for entry in entries
        ):
            return (
                f"holds a page of one Jira issue's {what} (the API's {resource}), not issues: "
                "the issues JSON holds issues, each with a key and fields",
                f"export the issues from Jira with Filters → Export → CSV (all fields), or "
                f"{_SAVE_SEARCH} (add expand=changelog for their history)",
            )
    return _grouped_records(document)


def _grouped_records(document: Mapping[str, Any]) -> tuple[str, str] | None:
    """A tool's records of issues grouped under a key of its own, one list per group
    (session 33: ``{"sprints": [{"name": …, "issues": [{"key": "AR-1", "summary": …}]}]}``):
    no issue in Jira's shape, said so as a bare list of such records is."""
    for group, inner in document.items():
        if not isinstance(inner, list):
            continue
        found = sum(
            1
            for element in inner
            if isinstance(element, Mapping)
            for records in element.values()
            if isinstance(records, list)
            for record in records
            if _is_flat_record(record)
        )
        if found:
            return (
                f"holds {found} issue{'s' if found > 1 else ''} grouped under {group!r} but "
                "none in Jira's shape (an issue's 'fields' object): a tool's own records, not "
                "Jira's JSON",
                f"export the issues from Jira with Filters → Export → CSV (all fields), or "
                f"{_SAVE_SEARCH}",
            )
    return None


EXPORT_FORMAT = ExportFormat(
    FORMAT,
    "Jira issues JSON",
    sniff,
    JiraJsonExport,
    lean=True,
    sniff_document=_is_issues_document,
    shared_empty=True,
    explain_other=_issue_part,
)
