"""Small pure helpers shared by the Trello and Jira mappings (no file I/O here).

Used by the offline export readers and by the live connectors, so they must stay side-effect free.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from html.parser import HTMLParser

from connectors.interface import Board, Item, Person, Repeats


class RecordError(ValueError):
    """One record (card, issue, action, row) cannot be read; the reader skips it and says why."""


# The kana voicing marks (dakuten, handakuten) are combining marks but no accents: ``バグ``
# (bug) without them is ``ハク``, another word. :func:`fold` keeps them and puts each back on
# its kana (half-width ``ﾊﾞｸﾞ`` folds to ``バグ`` too).
_KANA_MARKS = frozenset("\u3099\u309a")


def fold(text: str) -> str:
    """Lower-case, accent-free, single-spaced text, for comparing names across locales.

    Cyrillic loses its diacritics as Latin does (``й`` → ``и``, ``ё`` → ``е``); Japanese keeps
    its kana's voicing marks and long vowel marks (``ー``): ``課題タイプ`` stays itself."""
    if text.isascii():  # ASCII has nothing to decompose and casefolds like lower()
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text)
    if "\u3099" in decomposed or "\u309a" in decomposed:  # voiced kana (str's own search)
        kept = "".join(
            ch for ch in decomposed if not unicodedata.combining(ch) or ch in _KANA_MARKS
        )
        stripped = unicodedata.normalize("NFC", kept)
    else:
        stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


# Words that make a list / status name mean "finished and accepted", in the languages Jira and
# Trello boards are commonly kept in. Compared after `fold` (accents removed), word by word.
# A state, not a step: "Accept" (like "Release") names where work waits for acceptance (In
# Progress on a real site that gives its category); "Accepted" is work through it.
_DONE_WORDS = frozenset(
    """
    done accepted closed released shipped complete completed resolved finished deployed
    delivered live validated verified
    finalizado finalizada finalizados terminado terminada hecho hecha cerrado cerrada
    resuelto resuelta entregado aceptado aceptada publicado validado
    termine terminee termines fait ferme fermee resolu resolue livre valide validee accepte
    acceptee
    erledigt fertig abgeschlossen geschlossen gelost akzeptiert freigegeben ausgeliefert
    concluido concluida concluidos concluidas finalizada resolvido resolvida fechado fechada
    entregue
    afgerond voltooid gesloten opgelost afgehandeld opgeleverd geaccepteerd
    gotowe zrobione zakonczone zamkniete
    """.split()  # noqa: SIM905 - a word list reads better than a list literal
)
_NOT_DONE_WORDS = frozenset(
    {"not", "no", "un", "nicht", "pas", "ready", "to", "para", "a", "zu", "niet", "te"}
)
#: Stages of the work before it is finished (building, testing, reviewing), in the same
#: languages: a done word right after one ends that stage ("Testing Complete", "Dev Done",
#: "Desarrollo terminado", "Tests terminés", "Test abgeschlossen"), and a done word handed on to
#: one (:data:`_HANDED_TO`) gives the work to it ("Released to QA", "Deployed to staging",
#: "Livré en recette", "Freigegeben zum Test"). Either is a gate, not the work's end.
_STAGE_WORDS = frozenset(
    """
    dev development code build design analysis test tests testing qa qc uat staging review
    desarrollo diseno analisis prueba pruebas revision homologacion
    developpement conception analyse recette revue
    entwicklung testen prufung
    desenvolvimento analise teste testes revisao homologacao
    sviluppo analisi collaudo revisione
    ontwikkeling ontwerp
    """.split()  # noqa: SIM905
)
_HANDED_TO = frozenset(
    "to for into in a al para en pour au zum zur fur per naar voor".split()  # noqa: SIM905
)
_WORD = re.compile(r"[a-z0-9]+")


def looks_done(name: str | None) -> bool:
    """True when a list/status name reads like a finished, accepted state ("Done ✅", "Finalizado").

    A negating or pending word before the done-word ("Not done", "Ready to release", "To close")
    keeps it open, and so does a stage's end or a hand-over to a stage (:func:`ends_a_stage`).
    """
    return _done_reading(name) is True


def ends_a_stage(name: str | None) -> bool:
    """Does ``name`` hold a done word that ends a stage of the work or hands the work on to
    one ("Testing Complete", "Dev Done", "Released to QA", "Entregado a QA"), and no done word
    of the work itself? Such a name is a gate: not done, and open only on some sites (a
    workflow may end at "QA Done")."""
    return _done_reading(name) is None


def _done_reading(name: str | None) -> bool | None:
    """True: a done word of the work; None: done words of stages only; False: neither."""
    if not name:
        return False
    words = _WORD.findall(fold(name))
    reading: bool | None = False
    for index, word in enumerate(words):
        if word in _DONE_WORDS:
            previous = words[index - 1] if index else ""
            if previous in _NOT_DONE_WORDS:
                continue
            if previous in _STAGE_WORDS or _handed_to_a_stage(words, index):
                reading = None
                continue
            return True
    return reading


def _handed_to_a_stage(words: list[str], index: int) -> bool:
    after = words[index + 1 : index + 3]
    return len(after) == 2 and after[0] in _HANDED_TO and after[1] in _STAGE_WORDS


#: Item's fields in their order: the typed readers build an Item by position (keywords take
#: three times as long for its 28 fields); a test keeps this true.
ITEM_ORDER = (
    "source",
    "id",
    "title",
    "key",
    "description",
    "type",
    "status",
    "status_category",
    "labels",
    "created",
    "updated",
    "resolved",
    "parent",
    "column",
    "sprint",
    "assignee",
    "reporter",
    "url",
    "priority",
    "hierarchy_level",
    "closed",
    "checklist_items",
    "members",
    "watchers",
    "due",
    "rank",
    "components",
    "fix_versions",
    "custom_fields",
)


def parse_iso(value: object) -> datetime | None:
    """An ISO-8601 timestamp ("...Z", "+0200", date only) as an aware datetime, else None.

    Values without a zone are taken as UTC so every datetime a reader produces is comparable.
    """
    if not isinstance(value, str):
        return None
    try:  # fast path: fromisoformat never accepts surrounding whitespace, so no strip needed
        parsed = datetime.fromisoformat(value)
    except ValueError:
        value = value.strip()
        if not value:
            return None
        try:
            parsed = datetime.fromisoformat(value)
        except ValueError:
            return None
    if not _FIRST_YEAR <= parsed.year <= _LAST_YEAR:
        return None  # year 1 or 9999: no backlog's date; windows and ages around it overflow
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


#: The years a date of a backlog record may have; outside them a date reads as missing (an
#: action or changelog entry that needs it is skipped). Year 1 and 9999 are valid ISO dates, but
#: the analysis' windows and ages around them leave datetime's range.
_FIRST_YEAR, _LAST_YEAR = 1900, 2199


def lenient_int(digits: str) -> int | None:
    """An integer as JSON writes it; one too long for Python to convert (4300+ digits, a
    deliberate limit against slow conversions) is no value a backlog field can use: None."""
    try:
        return int(digits)
    except ValueError:
        return None


def plausible(when: datetime | None) -> datetime | None:
    """``when`` if its year is one a backlog record may have (see :func:`parse_iso`), else None."""
    if when is None or _FIRST_YEAR <= when.year <= _LAST_YEAR:
        return when
    return None


#: What mapping a record with a shape nobody foresaw can raise; the builders skip the record
#: (counted, with :func:`unreadable`'s reason) instead of stopping the whole read.
UNEXPECTED_SHAPE = (TypeError, AttributeError, ValueError, KeyError, IndexError, OverflowError)


def unreadable(error: BaseException) -> str:
    """The skipped-record reason for an :data:`UNEXPECTED_SHAPE` error."""
    return one_line(f"unreadable ({type(error).__name__}: {error})", 200)


def datetime_from_object_id(object_id: str | None) -> datetime | None:
    """Creation time hidden in a 24-hex-digit (MongoDB-style) Trello id: its first 8 hex digits."""
    if not isinstance(object_id, str) or len(object_id) != 24:
        return None
    try:
        seconds = int(object_id[:8], 16)
    except ValueError:
        return None
    if seconds <= 0:
        return None
    return datetime.fromtimestamp(seconds, tz=UTC)


def repeat_line(first: int, key: str, copies: int, kept: str = "") -> str:
    """The line of :attr:`Board.repeats` on one issue an export holds ``copies`` times, first
    as its issue number ``first``: "issue #2: PROJ-1 appears 44 times; kept the one updated
    last (issue #3)" (``kept``), or "issue #2: PROJ-1 appears twice; kept the first"."""
    times = "twice" if copies == 2 else f"{copies:,} times"
    return f"issue #{first}: {key} appears {times}; kept {kept or 'the first'}"


@dataclass(slots=True)
class Repeat:
    """An issue an export holds more than once (a tool's daily snapshots on many CSV rows, a
    REST search saved in overlapping pages), as a reader counts it for its line."""

    key: str
    first: int  # the issue number of its first repeat (where the line is said)
    copies: int = 2  # the copies read, the kept one included
    kept: int = 0  # the issue number of the copy kept in the first's place (0: the first)

    def line(self) -> str:
        """Its line of :attr:`Board.repeats` (:func:`repeat_line`)."""
        kept = f"the one updated last (issue #{self.kept})" if self.kept else ""
        return repeat_line(self.first, self.key, self.copies, kept)


def tell_repeats(told: Repeats, repeats: Iterable[Repeat]) -> None:
    """Each repeated issue's line added to ``told``, and its copies left out counted."""
    for repeat in repeats:
        told.lines.append(repeat.line())
        told.copies += repeat.copies - 1


def one_line(text: object, limit: int = 160) -> str:
    """Text squeezed onto one line and shortened, for messages in Board.skipped and errors."""
    flat = str(text)
    if not _single_spaced(flat):
        flat = " ".join(flat.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def add_person(
    people: dict[str, Person],
    person_id: str | None,
    display_name: str | None = None,
    *,
    email: str | None = None,
    username: str | None = None,
    account_type: str | None = None,
) -> str | None:
    """Register a person (keeping the richest data seen) and return its id, or None if no id."""
    if person_id is None:
        return None
    person_id = str(person_id).strip()
    if not person_id:
        return None
    known = people.get(person_id)
    if known is None:
        people[person_id] = Person(
            id=person_id,
            display_name=(display_name or username or person_id).strip() or person_id,
            email=email or None,
            username=username or None,
            account_type=account_type or None,
        )
    else:
        if display_name and known.display_name in (person_id, known.username):
            known.display_name = display_name.strip() or known.display_name
        if email and not known.email:
            known.email = email
        if username and not known.username:
            known.username = username
        if account_type and not known.account_type:
            known.account_type = account_type
    return person_id


def kept_person(stored: Person | None, new: Person) -> Person:
    """``new`` as a save writes it over ``stored`` (the same person as the store has it): a
    field ``new`` does not know is kept — a display name that is only the id or the user name
    (a later sync met the person without their name: a card's creator who left the board), no
    e-mail, user name or account type. What ``new`` knows wins (a renamed person)."""
    if stored is None:
        return new
    name = new.display_name
    if (not name or name in (new.id, new.username)) and stored.display_name not in (
        "",
        stored.id,
        stored.username,
    ):
        name = stored.display_name
    return Person(
        id=new.id,
        display_name=name,
        email=new.email or stored.email,
        username=new.username or stored.username,
        account_type=new.account_type or stored.account_type,
    )


# --- markup → plain text -------------------------------------------------------------------------
# Descriptions arrive as Jira wiki markup, Markdown (Trello) or HTML (rendered fields, some CSV
# exports). The classifier wants the words, not the markup.

_HTML_TAG = re.compile(
    r"</?(?:p|br|div|span|b|i|u|s|strong|em|ul|ol|li|a|h[1-6]|table|thead|tbody|tr|td|th|img|"
    r"code|pre|blockquote|hr|font)\b[^>]*>",
    re.IGNORECASE,
)


class _HtmlText(HTMLParser):
    _BLOCKS = frozenset(
        {
            "p",
            "div",
            "br",
            "tr",
            "h1",
            "h2",
            "h3",
            "h4",
            "h5",
            "h6",
            "ul",
            "ol",
            "pre",
            "hr",
            "blockquote",
            "table",
        }
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in ("td", "th"):
            self.parts.append(" | ")
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in self._BLOCKS or tag == "li":
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def _tidy(text: str) -> str:
    """Each line single-spaced, table pipes trimmed, at most one blank line in a row."""
    if "\n" not in text:  # one line (most comments and titles): no line splitting, no regex
        line = text if _single_spaced(text) else " ".join(text.split())
        return (line.strip(" |") if line.startswith("|") else line).strip()
    return _tidy_lines(text)


def _single_spaced(text: str) -> bool:
    """Is ``" ".join(text.split())`` the text itself? Answered for ASCII text by a few substring
    tests (no splitting), for other text by one regex search (``\\s`` is exactly the white
    space str.split() splits on, every code point checked). (The ASCII white space str.split()
    splits on: tab, line feed, vertical tab, form feed, carriage return, 0x1c-0x1f and the
    blank.)"""
    if "  " in text or text[:1] == " " or text[-1:] == " ":
        return False
    if not text.isascii():
        return _OTHER_SPACE.search(text) is None
    return (
        "\t" not in text
        and "\r" not in text
        and "\n" not in text
        and "\x0b" not in text
        and "\x0c" not in text
        and "\x1c" not in text
        and "\x1d" not in text
        and "\x1e" not in text
        and "\x1f" not in text
    )


#: White space other than the blank.
_OTHER_SPACE = re.compile(r"[^\S ]")


def _tidy_lines(text: str) -> str:
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
    lines = [line.strip(" |") if line.startswith("|") else line for line in lines]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def html_to_text(text: str) -> str:
    parser = _HtmlText()
    try:
        parser.feed(text)
        parser.close()
    except (AssertionError, ValueError):
        # Python's HTML parser asserts on some broken markup ("<![x ...", "<![ y"): one such
        # description must not stop the read. Fall back to the text with its tags removed.
        return _tidy(html.unescape(_HTML_TAG.sub(" ", text)))
    return _tidy("".join(parser.parts))


_WIKI_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, flags), replacement)
    for pattern, replacement, flags in (
        (r"\{\{(.*?)\}\}", r"\1", 0),
        (r"\{(?:code|noformat)(?::[^}]*)?\}", "\n", 0),
        (r"\{(?:quote|panel|color|anchor|section|column|expand)(?::[^}]*)?\}", "", 0),
        (r"^\s*h[1-6]\.\s*", "", re.MULTILINE),
        (r"^\s*bq\.\s*", "", re.MULTILINE),
        (r"^\s*[*#-]+\s+", "- ", re.MULTILINE),
        (r"\[~accountid:([^\]]+)\]", r"@\1", 0),
        (r"\[~([^\]]+)\]", r"@\1", 0),
        (r"\[([^|\]]*)\|([^\]]*)\]", r"\1", 0),
        (r"\[((?:https?|mailto|file):[^\]]+)\]", r"\1", 0),
        (r"!([^!\s|]+)(?:\|[^!]*)?!", "", 0),
        (r"(?<![\w*])\*(\S(?:.*?\S)?)\*(?![\w*])", r"\1", 0),
        (r"(?<![\w_])_(\S(?:.*?\S)?)_(?![\w_])", r"\1", 0),
        (r"(?<![\w+])\+(\S(?:.*?\S)?)\+(?![\w+])", r"\1", 0),
        (r"\?\?(.*?)\?\?", r"\1", 0),
        (r"\|\|?", " | ", 0),
        (r"\\\\", "\n", 0),
        (r"^\s*-{4,}\s*$", "", re.MULTILINE),
    )
)

# Every text one of the rules above can change matches this (a character each rule needs, or a
# line start a line rule needs); a text that does not is left as it is by all the rules.
# For each rule, in order: literal text every match of it contains (one of them, at least).
_WIKI_NEEDLES: tuple[tuple[str, ...], ...] = (
    ("{{",),
    ("{",),
    ("{",),
    (".",),
    ("bq.",),
    ("*", "#", "-"),
    ("[~",),
    ("[~",),
    ("[",),
    ("[",),
    ("!",),
    ("*",),
    ("_",),
    ("+",),
    ("??",),
    ("|",),
    ("\\\\",),
    ("----",),
)

_WIKI_MAYBE = re.compile(r"[{\[!*_+|\\]|\?\?|^\s*(?:h[1-6]\.|bq\.|[#-])", re.MULTILINE)
# The same test in three (as _markdown_maybe: a character class alone is scanned for quickly, the
# line starts are looked at one line at a time; the one regex tried every position): a third of
# the time on Jira descriptions. str.lstrip and the regex's \s strip the same characters, and "^"
# matches only after "\n", as split("\n") cuts.
_WIKI_CHARS = re.compile(r"[{\[!*_+|\\]")
_WIKI_LINE_STARTS = ("h1.", "h2.", "h3.", "h4.", "h5.", "h6.", "bq.", "#", "-")


def _wiki_maybe(text: str) -> bool:
    """``_WIKI_MAYBE.search(text)``, sooner."""
    if _WIKI_CHARS.search(text) is not None or "??" in text:
        return True
    if "\n" not in text:
        return text.lstrip().startswith(_WIKI_LINE_STARTS)
    return any(line.lstrip().startswith(_WIKI_LINE_STARTS) for line in text.split("\n"))


def wiki_to_text(text: str) -> str:
    """Jira wiki markup (v2 descriptions and comments, CSV exports) → plain text."""
    if "<" in text and _HTML_TAG.search(text):
        text = html_to_text(text)
    if _wiki_maybe(text):  # text without any markup character skips the rules
        text = _apply_rules(text, _WIKI_RULES, _WIKI_NEEDLES)
    return _tidy(text)


def _apply_rules(
    text: str,
    rules: tuple[tuple[re.Pattern[str], str], ...],
    needles: tuple[tuple[str, ...], ...],
) -> str:
    """Each rule in order, skipped when the text holds none of its literals (it cannot match),
    a line rule (``^`` first) on one line when it does not match at the start (the only line
    start), a rule whose match holds its literal twice (``_em_``) when the text holds it once."""
    for (pattern, replacement), literals in zip(rules, needles, strict=True):
        for literal in literals:
            if literal in text:
                if pattern in _LINE_RULES and "\n" not in text and not pattern.match(text):
                    break
                if pattern in _PAIRED_RULES and text.count(literal) < 2:
                    continue
                text = pattern.sub(replacement, text)
                break
    return text


_MARKDOWN_RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, flags), replacement)
    for pattern, replacement, flags in (
        (r"```[^\n]*\n?", "\n", 0),
        (r"!\[([^\]]*)\]\([^)]*\)", r"\1", 0),
        (r"\[([^\]]*)\]\(([^)]*)\)", r"\1", 0),
        (r"^\s{0,3}#{1,6}\s*", "", re.MULTILINE),
        (r"^\s{0,3}>\s?", "", re.MULTILINE),
        (r"^\s*[*+-]\s+\[[ xX]\]\s+", "- ", re.MULTILINE),
        (r"^\s*[*+]\s+", "- ", re.MULTILINE),
        (r"(\*\*|__)(\S(?:.*?\S)?)\1", r"\2", 0),
        (r"~~(\S(?:.*?\S)?)~~", r"\1", 0),
        (r"(?<![\w*])\*(\S(?:.*?\S)?)\*(?![\w*])", r"\1", 0),
        (r"`([^`]*)`", r"\1", 0),
        (r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$", "", re.MULTILINE),
    )
)

# As _WIKI_NEEDLES, for the Markdown rules.
_MARKDOWN_NEEDLES: tuple[tuple[str, ...], ...] = (
    ("```",),
    ("![",),
    ("](",),
    ("#",),
    (">",),
    ("[",),
    ("*", "+"),
    ("**", "__"),
    ("~~",),
    ("*",),
    ("`",),
    ("---", "***", "___"),
)

#: Rules whose every match starts at a line start (``^`` under MULTILINE, first).
_LINE_RULES = frozenset(
    pattern
    for pattern, _ in _WIKI_RULES + _MARKDOWN_RULES
    if pattern.flags & re.MULTILINE and pattern.pattern.startswith("^")
)
#: Rules whose every match holds its (one-character) literal at both ends: ``*em*``, ``_em_``,
#: ``+ins+`` (the lookbehind and lookahead only look).
_PAIRED_RULES = frozenset(
    pattern
    for pattern, _ in _WIKI_RULES + _MARKDOWN_RULES
    if pattern.pattern
    in (
        r"(?<![\w*])\*(\S(?:.*?\S)?)\*(?![\w*])",
        r"(?<![\w_])_(\S(?:.*?\S)?)_(?![\w_])",
        r"(?<![\w+])\+(\S(?:.*?\S)?)\+(?![\w+])",
    )
)

# As _WIKI_MAYBE, for the Markdown rules.
_MARKDOWN_MAYBE = re.compile(r"[`\[#>*+_~]|^\s*-", re.MULTILINE)
# The same test in two (a character class alone is scanned for quickly; "^" in an alternative
# makes the regex try every position): half the time on a board's descriptions.
_MARKDOWN_CHARS = re.compile(r"[`\[#>*+_~]")
_MARKDOWN_DASH_LINE = re.compile(r"^\s*-", re.MULTILINE)


def _markdown_maybe(text: str) -> bool:
    """``_MARKDOWN_MAYBE.search(text)``, sooner."""
    if _MARKDOWN_CHARS.search(text) is not None:
        return True
    if "-" not in text:
        return False
    if "\n" not in text:  # one line: "^" only at the start (\s and str.lstrip: the same spaces)
        return text.lstrip().startswith("-")
    return _MARKDOWN_DASH_LINE.search(text) is not None


def markdown_to_text(text: str) -> str:
    """Trello (Markdown) descriptions → plain text; embedded HTML is reduced too."""
    if "<" in text and _HTML_TAG.search(text):
        text = html_to_text(text)
    if _markdown_maybe(text):  # text without any markup character skips the rules
        text = _apply_rules(text, _MARKDOWN_RULES, _MARKDOWN_NEEDLES)
    return _tidy(text)


# --- mentions ------------------------------------------------------------------------------------
# Wiki markup mentions ``[~accountid:ID]`` / ``[~username]`` become ``@ID`` / ``@username`` in the
# text; once the people of the read are known, a known one is shown by name (as ADF mentions are).

_MENTION = re.compile(r"(?<![\w.@])@([\w.:@+-]+)")
_MENTION_TRAIL = ".:@+-"  # punctuation a sentence may put right after a mention ("ask @bob.")


def mention_names(people: Iterable[Person]) -> dict[str, str]:
    """{account id or user name: display name} for the people whose name is more than their id."""
    names: dict[str, str] = {}
    for person in people:
        name = person.display_name
        if name and name != person.id:
            names[person.id] = name
        if person.username and name and name != person.username:
            names.setdefault(person.username, name)
    return names


def resolve_mentions(text: str, names: dict[str, str]) -> str:
    """``@ID`` / ``@username`` of a known person → ``@Display Name``; unknown ones stay."""
    if "@" not in text or not names:
        return text

    def swap(match: re.Match[str]) -> str:
        token = whole = match.group(1)
        while token:
            name = names.get(token)
            if name is not None:
                return f"@{name}{whole[len(token) :]}"
            if token[-1] not in _MENTION_TRAIL:
                break
            token = token[:-1]
        return match.group(0)

    return _MENTION.sub(swap, text)


def resolve_board_mentions(board: Board, positions: Sequence[int] | None = None) -> None:
    """Names for the mentions in the board's item descriptions and comment texts (in place).

    One pass over the texts; only those with an ``@`` are looked at, so a board without mentions
    costs a substring test per text. ``positions``: the items whose description may hold an
    ``@`` (ascending; a reader that checked its cells), the others' are not read; None: all.
    """
    names: dict[str, str] | None = None
    items = board.items
    for item in items if positions is None else map(items.__getitem__, positions):
        if "@" in item.description:
            if names is None:
                names = mention_names(board.people.values())
                if not names:
                    return
            item.description = resolve_mentions(item.description, names)
    from connectors.columns import columns_of

    if columns_of(board.activities) is not None:
        return  # activities as columns hold no texts
    for activity in board.activities:
        text = activity.text
        if text and "@" in text:
            if names is None:
                names = mention_names(board.people.values())
                if not names:
                    return
            activity.text = resolve_mentions(text, names)


def share_empty(item: Item, no_list: list[str], no_dict: dict[str, str]) -> None:
    """The item's empty list fields become ``no_list``, its empty dict ``no_dict`` (in place)."""
    if not item.labels:
        item.labels = no_list
    if not item.checklist_items:
        item.checklist_items = no_list
    if not item.members:
        item.members = no_list
    if not item.watchers:
        item.watchers = no_list
    if not item.components:
        item.components = no_list
    if not item.fix_versions:
        item.fix_versions = no_list
    if not item.custom_fields:
        item.custom_fields = no_dict
