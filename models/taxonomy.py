"""Role taxonomies: which roles an article may describe, how it names them, what each teaches.

A taxonomy is a TOML file (the default ships as ``models/data/taxonomy.toml``)::

    [headings]
    keywords = ["responsibilities", "duties"]   # role-less headings that stay in the role section

    [[roles]]
    name = "Product Owner"                      # shown in dry runs and reports
    label = "tactical"                          # what the classifier learns; optional
    aliases = ["product owner", "PO"]           # how articles name the role
    keywords = ["backlog duties"]               # optional: heading words meaning this role

Only data is read (``tomllib``); nothing in the file is executed.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from models.interface import UNCERTAIN, ModelError

DEFAULT_TAXONOMY = Path(__file__).parent / "data" / "taxonomy.toml"

_LABEL = re.compile(r"^[a-z0-9][a-z0-9_-]{0,39}$")
_ROLE_KEYS = frozenset({"name", "label", "aliases", "keywords"})
_TOP_KEYS = frozenset({"roles", "headings", "name", "description"})
# "(PM)" right after a full name repeats it; "Project Manager (PM)" must not also mean "PM".
_PAREN_ABBREV = re.compile(r"[ \t]?[(（][ \t]?[A-Z][A-Za-z]{1,5}[ \t]?[)）]")
_APOSTROPHE = "['’]"


class TaxonomyError(ModelError):
    """A taxonomy file that cannot be used. ``str()`` is one line naming the file and the fix."""


@dataclass(frozen=True, slots=True)
class Role:
    name: str
    label: str | None  # None: recognised in articles, not trained on
    aliases: tuple[str, ...]
    keywords: tuple[str, ...] = ()


@dataclass(frozen=True)
class Taxonomy:
    roles: tuple[Role, ...]
    heading_keywords: tuple[str, ...] = ()
    source: str = "default"
    _alias_patterns: tuple[tuple[re.Pattern[str], Role], ...] = field(
        init=False, repr=False, compare=False
    )
    _keyword_patterns: tuple[tuple[re.Pattern[str], Role], ...] = field(
        init=False, repr=False, compare=False
    )
    _heading_pattern: re.Pattern[str] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        aliases = [(_alias_pattern(a), r) for r in self.roles for a in r.aliases]
        keywords = [(_phrase_pattern(k), r) for r in self.roles for k in r.keywords]
        heading = (
            re.compile("|".join(_phrase_pattern(k).pattern for k in self.heading_keywords), re.I)
            if self.heading_keywords
            else None
        )
        object.__setattr__(self, "_alias_patterns", tuple(aliases))
        object.__setattr__(self, "_keyword_patterns", tuple(keywords))
        object.__setattr__(self, "_heading_pattern", heading)

    @property
    def labels(self) -> tuple[str, ...]:
        """The labels the classifier learns, in the order the roles first name them."""
        return tuple(dict.fromkeys(r.label for r in self.roles if r.label))

    def roles_in(self, text: str, *, heading: bool = False) -> list[Role]:
        """The distinct roles ``text`` names, in order of appearance.

        Longest alias wins where aliases overlap; an abbreviation in brackets after a full name is
        ignored. In a heading, role keywords count when no alias is present.
        """
        found = self._match(_PAREN_ABBREV.sub("", text)) or self._match(text)
        if not found and heading:
            found = [
                (m.start(), m.end(), role)
                for pattern, role in self._keyword_patterns
                for m in pattern.finditer(text)
            ]
        found.sort(key=lambda hit: (hit[0], -(hit[1] - hit[0])))
        roles: list[Role] = []
        end = -1
        for start, stop, role in found:
            if start < end:
                continue  # overlaps a longer match that starts earlier
            end = stop
            if role not in roles:
                roles.append(role)
        return roles

    def starts_with_role(self, text: str) -> Role | None:
        """The role that is the subject of ``text`` ("The product owner writes…"), if it is one."""
        head = re.match(
            r"\W*(?:(?:the|a|an|every|each|our|your)\s+)?(?:role of (?:the |a )?)?", text, re.I
        )
        rest = text[head.end() if head else 0 :]
        for pattern, role in self._alias_patterns:
            match = pattern.match(rest)
            if match:
                return role
        return None

    def is_responsibility_heading(self, text: str) -> bool:
        return bool(self._heading_pattern and self._heading_pattern.search(text))

    def _match(self, text: str) -> list[tuple[int, int, Role]]:
        return [
            (m.start(), m.end(), role)
            for pattern, role in self._alias_patterns
            for m in pattern.finditer(text)
        ]


def _phrase_pattern(phrase: str) -> re.Pattern[str]:
    body = r"[\s-]+".join(re.escape(w) for w in phrase.split())
    return re.compile(rf"(?<![\w]){body}(?![\w])", re.I)


def _alias_pattern(alias: str) -> re.Pattern[str]:
    """Whole words, plural and possessive allowed; all-capitals aliases match case-sensitively."""
    suffix = rf"(?:s|es)?(?:{_APOSTROPHE}s?)?"
    body = r"[\s-]+".join(re.escape(w) for w in alias.split())
    flags = 0 if alias.isupper() else re.I
    return re.compile(rf"(?<![\w]){body}{suffix}(?![\w])", flags)


def load_taxonomy(path: str | Path | None = None) -> Taxonomy:
    """Read and check a taxonomy file; ``None`` reads the default (strategic / tactical)."""
    file = Path(path) if path is not None else DEFAULT_TAXONOMY
    shown = str(path) if path is not None else "the default taxonomy"
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise _error(shown, "no such file", "check the path") from None
    except IsADirectoryError:
        raise _error(shown, "is a directory", "pass the .toml file inside it") from None
    except OSError as exc:
        raise _error(shown, f"cannot be read ({exc.strerror})", "check its permissions") from None
    try:
        data = tomllib.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError:
        raise _error(shown, "is not UTF-8 text", "save it as UTF-8 TOML") from None
    except tomllib.TOMLDecodeError as exc:
        raise _error(shown, f"is not valid TOML ({exc})", "fix the TOML syntax") from None
    return parse_taxonomy(data, source=shown)


def parse_taxonomy(data: dict, source: str = "taxonomy") -> Taxonomy:
    """Check the structure of a parsed taxonomy and build it; every problem is one clear line."""
    unknown = sorted(set(data) - _TOP_KEYS)
    if unknown:
        raise _error(source, f"unknown key {unknown[0]!r}", "use [[roles]] and [headings] tables")
    roles_data = data.get("roles")
    if not isinstance(roles_data, list) or not roles_data:
        raise _error(source, "names no roles", "add [[roles]] tables with name, label and aliases")
    roles = [_parse_role(entry, index, source) for index, entry in enumerate(roles_data, 1)]
    _check_unique(roles, source)
    headings = data.get("headings", {})
    if not isinstance(headings, dict):
        raise _error(source, "[headings] must be a table", "write [headings] keywords = [...]")
    extra = sorted(set(headings) - {"keywords"})
    if extra:
        raise _error(source, f"unknown key {extra[0]!r} in [headings]", "only keywords is read")
    keywords = _strings(headings.get("keywords", []), "[headings] keywords", source)
    taxonomy = Taxonomy(roles=tuple(roles), heading_keywords=keywords, source=source)
    if len(taxonomy.labels) < 2:
        raise _error(
            source,
            f"gives {len(taxonomy.labels)} label(s) but a classifier needs at least 2",
            "give the roles at least two different labels",
        )
    return taxonomy


def _parse_role(entry: object, index: int, source: str) -> Role:
    where = f"role {index}"
    if not isinstance(entry, dict):
        raise _error(source, f"{where} is not a table", "write each role as a [[roles]] table")
    unknown = sorted(set(entry) - _ROLE_KEYS)
    if unknown:
        raise _error(
            source, f"{where} has unknown key {unknown[0]!r}", "use name, label, aliases, keywords"
        )
    name = entry.get("name")
    if not isinstance(name, str) or not name.strip():
        raise _error(source, f"{where} has no name", 'add name = "Product Owner" (for example)')
    where = f"role {name.strip()!r}"
    label = entry.get("label")
    if label is not None:
        if not isinstance(label, str) or not _LABEL.match(label):
            raise _error(
                source,
                f"{where} has label {label!r}",
                'use a short lower-case label such as "tactical" (letters, digits, _ or -)',
            )
        if label == UNCERTAIN:
            raise _error(source, f"{where} uses the reserved label 'uncertain'", "pick another")
    aliases = _strings(entry.get("aliases", []), f"{where} aliases", source)
    if not aliases:
        aliases = (name.strip(),)
    keywords = _strings(entry.get("keywords", []), f"{where} keywords", source)
    return Role(name=name.strip(), label=label, aliases=aliases, keywords=keywords)


def _check_unique(roles: list[Role], source: str) -> None:
    names: set[str] = set()
    owner: dict[str, str] = {}
    for role in roles:
        if role.name.casefold() in names:
            raise _error(source, f"role {role.name!r} is named twice", "merge the two tables")
        names.add(role.name.casefold())
        for alias in role.aliases:
            key = alias if alias.isupper() else alias.casefold()
            if key in owner and owner[key] != role.name:
                raise _error(
                    source,
                    f"alias {alias!r} belongs to both {owner[key]!r} and {role.name!r}",
                    "keep it in one role",
                )
            owner[key] = role.name


def _strings(value: object, what: str, source: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise _error(source, f"{what} must be a list of strings", 'write ["product owner", "PO"]')
    return tuple(dict.fromkeys(v.strip() for v in value if v.strip()))


def _error(source: str, problem: str, advice: str) -> TaxonomyError:
    return TaxonomyError(" ".join(f"{source}: {problem} — {advice}".split()))
