"""The readers' fast paths give exactly what the general (slow) paths give, on tricky inputs.

Each fast path skips work when the input cannot need it (no markup character, one line, no
surrounding whitespace); these tests compare it with the reference implementation written out
in full, on hand-picked edge cases and on random strings built from the characters that matter.
"""

from __future__ import annotations

import random
import re
from datetime import UTC, datetime

import pytest

from connectors.mapping import common as mc

SPECIAL = list("{}[]!*_+?|\\#-~`><.h1bq ~\t\r\n\u2028\x85|:/") + ["h1. ", "bq. ", "----", "{{"]
WORDS = ["plan", "the", "Q3", "roadmap", "x", "é", "drag-and-drop", "N+1", "what?", "a_b"]


def _reference(text: str, rules) -> str:
    """The slow path: HTML reduced when there is a tag, every rule applied, every line tidied."""
    if mc._HTML_TAG.search(text):
        text = mc.html_to_text(text)
    for pattern, replacement in rules:
        text = pattern.sub(replacement, text)
    lines = [" ".join(line.split()) for line in text.replace("\r\n", "\n").split("\n")]
    lines = [line.strip(" |") if line.startswith("|") else line for line in lines]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _random_texts(count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    texts = []
    for _ in range(count):
        parts = [
            rng.choice(SPECIAL if rng.random() < 0.35 else WORDS) for _ in range(rng.randint(0, 14))
        ]
        texts.append("".join(p if rng.random() < 0.5 else p + " " for p in parts))
    return texts


TRICKY = [
    "",
    "   ",
    "plain words only. Nothing else",
    "| leading pipe",
    "  | pipe after spaces |",
    "trailing pipe |",
    "line one\nline two",
    "a\r\nb\r\n\r\n\r\n\r\nc",
    "a\rb",
    "sep\u2028arated\x85words\x0bhere",
    "what?? really",
    "what? really",
    "-- dash at start",
    "  - item",
    "x\n- item\n---- \nend",
    "h1. Title",
    "  h2.Title",
    "bq. quoted",
    "# heading",
    "> quote",
    "text > other",
    "***",
    "~~struck~~ and `code`",
    "**bold** __under__ *em* _em_ +ins+",
    "[link|http://x] [~user] [~accountid:abc] !img.png|thumb!",
    "{{mono}} {code:java}x{code} {quote}q{quote}",
    "back\\\\slash",
    "<p>html <b>bold</b></p><ul><li>one</li></ul>",
    "less < than but no tag",
    "<notatag> stays",
    "a\n\n\n\nb",
    "drag-and-drop q3-bet N+1 *.internal.example",
]


@pytest.mark.parametrize("text", TRICKY + _random_texts(400, 7))
def test_wiki_to_text_equals_slow_path(text: str) -> None:
    assert mc.wiki_to_text(text) == _reference(text, mc._WIKI_RULES)


@pytest.mark.parametrize("text", TRICKY + _random_texts(400, 11))
def test_markdown_to_text_equals_slow_path(text: str) -> None:
    assert mc.markdown_to_text(text) == _reference(text, mc._MARKDOWN_RULES)


@pytest.mark.parametrize("text", TRICKY + _random_texts(400, 13) + ["a\n  \n - b", "x-y", " -"])
def test_the_markdown_test_in_two_is_the_one_regex(text: str) -> None:
    assert mc._markdown_maybe(text) == bool(mc._MARKDOWN_MAYBE.search(text))


WIKI_LINES = ["a\n  \n - b", "x-y", " -", "\u2003h3. t", "a\n\u00a0bq. q", "a\u2028# b", "a\r\n#b"]


@pytest.mark.parametrize("text", TRICKY + _random_texts(400, 17) + WIKI_LINES)
def test_the_wiki_test_in_three_is_the_one_regex(text: str) -> None:
    assert mc._wiki_maybe(text) == bool(mc._WIKI_MAYBE.search(text))


def test_the_wiki_test_in_three_on_line_starts() -> None:
    rng = random.Random(5)
    alphabet = " \t\n\r\x0b\x0c\u00a0\u2003\u0085\u2028x-#hbq.16?"
    for _ in range(20_000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 10)))
        assert mc._wiki_maybe(text) == bool(mc._WIKI_MAYBE.search(text)), repr(text)


def test_single_spaced_is_what_splitting_says() -> None:
    """The split-free test of _tidy against splitting itself, over every ASCII white space
    character (and a few others) placed anywhere."""
    rng = random.Random(17)
    spaces = [chr(c) for c in range(128) if chr(c).isspace()] + ["\xa0", "\u3000", "\u2028"]
    pieces = ["a", "bc", "|", "-", " ", *spaces]
    texts = ["", " ", "a", "a b", " a", "a ", "a  b", *("a" + s + "b" for s in spaces)]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(0, 9))) for _ in range(3000)]
    for text in texts:
        assert mc._single_spaced(text) == (" ".join(text.split()) == text), repr(text)
        if "\n" not in text:
            line = " ".join(text.split())
            assert mc._tidy(text) == (line.strip(" |") if line.startswith("|") else line).strip()


def test_single_spaced_on_every_white_space_of_unicode() -> None:
    """The regex the test uses on non-ASCII text, against splitting, for each code point that
    str.split() splits on (and a few that it does not) in every position that matters."""
    import sys

    spaces = [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]
    others = ["\u200b", "\ufeff", "\u180e", "é", "|"]
    for char in spaces + others:
        for text in (f"é{char}b", f"{char}é", f"é{char}", f"é {char}b", f"é{char}{char}"):
            assert mc._single_spaced(text) == (" ".join(text.split()) == text), repr(text)
    for text in ("é", "é b", " é", "é ", "é  b", "é b c"):
        assert mc._single_spaced(text) == (" ".join(text.split()) == text), repr(text)


LINE_AND_PAIRS = list("_+*#>-.h1bq[]| \n\t\u2028\xa0x") + ["h2. ", "bq. ", "- ", "* [x] ", "----"]


@pytest.mark.parametrize("seed", range(4))
def test_line_rules_and_paired_rules_skip_only_what_cannot_match(seed: int) -> None:
    """Line rules on one line and the _em_ / +ins+ / *em* rules with one marker are skipped:
    the result is every rule applied, on texts made of what those rules look at."""
    rng = random.Random(seed)
    for _ in range(3000):
        text = "".join(rng.choice(LINE_AND_PAIRS) for _ in range(rng.randint(0, 12)))
        assert mc.wiki_to_text(text) == _reference(text, mc._WIKI_RULES), repr(text)
        assert mc.markdown_to_text(text) == _reference(text, mc._MARKDOWN_RULES), repr(text)


def test_the_rule_skips_are_the_rules_they_name() -> None:
    assert len(mc._PAIRED_RULES) == 3
    assert all(p.pattern.startswith("^") for p in mc._LINE_RULES)
    assert len(mc._LINE_RULES) == sum(
        bool(p.flags & re.MULTILINE) for p, _ in mc._WIKI_RULES + mc._MARKDOWN_RULES
    )


def test_fast_path_is_taken_for_plain_text() -> None:
    plain = "Decide build vs buy for analytics. Fix N+1 queries? (later) drag-and-drop"
    assert not mc._MARKDOWN_MAYBE.search(plain.replace("+", ""))
    assert not mc._WIKI_MAYBE.search(plain.replace("+", ""))
    assert mc._WIKI_MAYBE.search("a ?? b") and mc._WIKI_MAYBE.search("x\n - y")


def _parse_iso_reference(value: object) -> datetime | None:
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


ISO = [
    "2022-01-05T06:12:00.000+0000",
    "2022-01-05T06:12:00.000Z",
    "2022-01-05",
    "2022-01-05 06:12",
    "2022-01-05T06:12:00+02:00",
    "20220105T061200",
    "2022-13-05",
    "not a date",
    "",
    None,
    5,
]


@pytest.mark.parametrize("pad", ["", " ", "\t", "\n", "\u2028", " \r\n"])
@pytest.mark.parametrize("value", ISO)
def test_parse_iso_equals_slow_path(value: object, pad: str) -> None:
    padded = f"{pad}{value}{pad}" if isinstance(value, str) else value
    assert mc.parse_iso(padded) == _parse_iso_reference(padded)
    assert mc.parse_iso(value) == _parse_iso_reference(value)


def _fold_reference(text: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(stripped.casefold().split())


FOLD = [
    "Done",
    "  In   Progress ",
    "TO DO\t",
    "a\x1cb\x1fc",
    "Ünteraufgabe",
    "ﬁnished",
    "ß",
    "İ",
    "",
]


@pytest.mark.parametrize("text", FOLD + [chr(c) * 2 + " X" for c in range(128)])
def test_fold_equals_slow_path(text: str) -> None:
    assert mc.fold(text) == _fold_reference(text)


@pytest.mark.parametrize(
    ("content", "empty"),
    [(b"", True), (b" \t\r\n\x0b\x0c", True), (b"\x1c", False), (b"\xa0", False), (b" {} ", False)],
)
def test_read_bytes_empty_check_equals_strip(tmp_path, content: bytes, empty: bool) -> None:
    from connectors.exports.files import read_bytes
    from connectors.interface import ExportFormatError

    path = tmp_path / "export.json"
    path.write_bytes(content)
    assert empty == (not content.strip())
    if empty:
        with pytest.raises(ExportFormatError, match="is empty"):
            read_bytes(path)
    else:
        assert read_bytes(path) == content


def test_store_row_json_equals_plain_dumps() -> None:
    """The store's cached encoder and field names write what json.dumps over fields() wrote."""
    import dataclasses
    import json
    from datetime import timedelta, timezone

    from connectors import store
    from connectors.interface import Activity, ActivityKind, Item, Person

    def reference(obj) -> str:
        out = {}
        for f in dataclasses.fields(obj):
            value = getattr(obj, f.name)
            if isinstance(value, datetime):
                value = value.isoformat(timespec="microseconds")
            elif isinstance(value, ActivityKind):
                value = value.value
            out[f.name] = value
        return json.dumps(out, ensure_ascii=False, sort_keys=True)

    when = datetime(2024, 2, 29, 23, 59, 1, 5, tzinfo=timezone(timedelta(hours=5, minutes=30)))
    objects = [
        Item(
            source="jira",
            id="1",
            title="Ünïcode “quotes” \\ and \n newline",
            created=when,
            due=datetime(2024, 1, 1),
            labels=["b", "a"],
            custom_fields={"Zeta": "1", "alpha": "é"},
        ),
        Activity("1", None, ActivityKind.ACCEPTED, when, text="\u2028"),
        Person("p", "Ana"),
    ]
    for obj in objects:
        assert store._to_json(obj) == reference(obj)


def test_issues_to_board_consume_frees_entries_and_maps_the_same() -> None:
    from connectors.exports.jira_json import issues_to_board

    def issues():
        return [
            (
                {
                    "id": str(n),
                    "key": f"P-{n}",
                    "fields": {"summary": f"Issue {n}", "created": f"2024-01-0{n}T10:00:00Z"},
                },
                None,
            )
            for n in (1, 2, 1, 3)  # a repeated issue is skipped either way
        ] + [("not an issue", None)]

    kept, consumed = issues(), issues()
    plain = issues_to_board(kept)
    freed = issues_to_board(consumed, consume=True)
    assert consumed == [None] * 5 and kept == issues()
    assert freed == plain and len(freed.items) == 3 and len(freed.skipped) == 1
    assert freed.repeats.lines == ["issue #3: P-1 appears twice; kept the first"]


def test_person_from_user_skip_equals_always_calling_add_person() -> None:
    """Skipping add_person for a fully known user registers exactly the same people."""
    from connectors.mapping.common import add_person
    from connectors.mapping.jira import person_from_user, user_id

    def reference(user, people):
        person_id = user_id(  # (a name-only user is that name: session 29)
            user.get("accountId"), user.get("key"), user.get("name"), user.get("displayName")
        )
        return add_person(
            people,
            None if person_id is None else str(person_id),
            user.get("displayName") if isinstance(user.get("displayName"), str) else None,
            email=user.get("emailAddress") if isinstance(user.get("emailAddress"), str) else None,
            username=user.get("name") if isinstance(user.get("name"), str) else None,
        )

    rng = random.Random(3)
    choices = {
        "accountId": [None, "a1", " a1 ", "u", ""],
        "displayName": [None, "Ana", "a1", "u", " ", "Ana Ruiz"],
        "emailAddress": [None, "", "ana@example.com"],
        "name": [None, "u", "a1", ""],
    }
    for _ in range(300):
        users = [
            {k: rng.choice(v) for k, v in choices.items() if rng.random() < 0.8}
            for _ in range(rng.randint(1, 8))
        ]
        fast: dict = {}
        slow: dict = {}
        for user in users:
            assert person_from_user(user, fast) == reference(user, slow)
        assert fast == slow


def test_custom_fields_by_name_few_names_equals_full_scan() -> None:
    from connectors.mapping import jira as jm

    def reference(fields, field_names):
        found = {}
        for field_id, value in fields.items():
            name = field_names.get(field_id)
            if isinstance(name, str):
                found.setdefault(jm._fold(name), value)
        return found

    fields = {f"f{n}": n for n in range(10)} | {"x-sprint": ["S1"], "x-rank": "0|a:"}
    cases = [
        {"x-sprint": "Sprint", "x-rank": "Rank", "x-epic": "Epic Link"},  # CSV's names
        {"f3": "Sprint", "f1": "sprint", "f9": " SPRINT "},  # one name twice: the first field wins
        {"f2": 5, "nope": "Rank", "f4": "Rank"},
        {},
    ]
    for names in cases:
        assert jm._custom_fields_by_name(fields, names) == reference(fields, names)


def test_trello_register_creator_skip_equals_always_calling_add_person() -> None:
    from connectors.mapping.common import add_person
    from connectors.mapping.trello import _register_creator

    def reference(action, people):
        actor = action.get("idMemberCreator")
        creator = action.get("memberCreator")
        if isinstance(creator, dict):
            actor = actor or creator.get("id")
            if actor:
                add_person(people, actor, creator.get("fullName"), username=creator.get("username"))
        elif actor:
            add_person(people, actor)
        return str(actor) if actor else None

    rng = random.Random(5)
    ids = [None, "", "m1", " m1", "m2", 7]
    for _ in range(300):
        actions = []
        for _ in range(rng.randint(1, 8)):
            action = {"idMemberCreator": rng.choice(ids)}
            if rng.random() < 0.7:
                action["memberCreator"] = {
                    "id": rng.choice(ids),
                    "fullName": rng.choice([None, "", "Ana", "m1", "ana", " "]),
                    "username": rng.choice([None, "", "ana", "m1"]),
                }
            actions.append(action)
        fast: dict = {}
        slow: dict = {}
        for action in actions:
            assert _register_creator(action, fast) == reference(action, slow)
        assert fast == slow
