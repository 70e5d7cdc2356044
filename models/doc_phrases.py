"""Responsibility phrases from role articles ("What does a Product Owner do?" + a list of duties).

An article is read as lines (Markdown, HTML or plain text). A heading that names exactly one role
of the taxonomy opens that role's section; the responsibilities are the section's bullets or, when
it has none, its sentences. A line ending in ``:`` ("Key responsibilities include:") starts the
list proper, so the introduction above it is skipped. Outside role sections, a sentence whose
subject is a role ("Product Owners accept completed work") still counts. Phrases that name a second
role ("…while the PO refines the backlog") are dropped: they compare roles, they don't describe one.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from models.interface import ModelError
from models.taxonomy import Role, Taxonomy, load_taxonomy

MAX_DOC_BYTES = 5_000_000
_HTML_HINT = re.compile(
    r"<(?:html|body|article|p|h[1-6]|ul|ol|li|div|section)\b[^<>]{0,500}>", re.I
)
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.*)$")
_SETEXT = re.compile(r"^(=+|-+)\s*$")
_BULLET = re.compile(r"^(?:[-*+•◦▪‣·●○■□–—]|\(?[0-9]{1,2}[.)]|\(?[a-z][.)])\s+(.*)$")
_NUMBERED = re.compile(r"^([0-9]{1,2}(?:\.[0-9]{1,2})*)\.?\s+(\S.*)$")
_DECIMAL_SECTION = re.compile(r"^[ \t]*[0-9]{1,2}\.[0-9]{1,2}\.?[ \t]+\S", re.M)
# Bounded on purpose: unbounded lazy groups make these quadratic on lines full of "*" or "[".
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)(?=\S)([^*_`\n]{1,200}?)(?<=\S)\1")
_LINK = re.compile(r"!?\[([^\[\]\n]{0,300})\]\([^()\s]{0,500}\)")
_SENTENCE_END = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[\"“(]?[A-Z0-9])")
_ABBREVIATIONS = frozenset({"vs", "e.g", "i.e", "etc", "mr", "ms", "mrs", "dr", "incl", "approx"})
# Sentences that talk about the article, not the role.
_DISCOURSE = ("let's", "let’s", "let us", "here are", "here is", "in this article", "in this post")
_STRIP = " \t-–—•*·:;,.\"'“”‘’"
_HEADING_MAX_WORDS = 12
_SENTENCE_MIN_WORDS = 5
_BULLET_MIN_WORDS = 2
_PHRASE_MAX_WORDS = 70
_LEAD_MAX_WORDS = 30


class DocumentError(ModelError):
    """A document that yields no phrases. ``str()`` is one line naming the file and the fix."""


@dataclass(frozen=True, slots=True)
class DocPhrase:
    """One responsibility phrase and where it came from."""

    text: str
    label: str | None  # None: the role is in the taxonomy without a label; not trained on
    role: str
    source: str  # file name
    section: str  # the heading it sits under

    @property
    def provenance(self) -> str:
        return f"{self.source} § {self.section}" if self.section else self.source


@dataclass(frozen=True, slots=True)
class _Line:
    kind: str  # "heading", "bullet", "text", "blank"
    text: str
    level: int | None = None  # heading depth when the markup says it (#, <h2>, 1.2)


@dataclass(slots=True)
class _Block:
    role: Role | None
    level: int | None
    section: str
    heading: str = ""  # the last real heading, before any "› lead" suffix
    lines: list[_Line] = field(default_factory=list)
    lead: int | None = None  # index in lines where the list proper starts


# --- reading -------------------------------------------------------------------------------------


def read_document(path: str | Path) -> str:
    """A document's text; one-line DocumentError for missing, empty or binary files."""
    file = Path(path)
    try:
        raw = file.read_bytes()
    except FileNotFoundError:
        raise _error(path, "no such file", "check the path") from None
    except IsADirectoryError:
        raise _error(path, "is a directory", "pass the article files inside it") from None
    except OSError as exc:
        raise _error(path, f"cannot be read ({exc.strerror})", "check its permissions") from None
    if len(raw) > MAX_DOC_BYTES:
        raise _error(path, "is larger than 5 MB", "pass the role article itself, not an archive")
    if b"\x00" in raw[:65536]:
        raise _error(path, "is not a text document", "save the article as .txt, .md or .html")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    if not text.strip():
        raise _error(path, "is empty", "pass an article with role headings and responsibilities")
    return text


class _HtmlToMarkdown(HTMLParser):
    """Just enough HTML: headings become ``#`` lines, list items ``-`` lines, blocks new lines."""

    _BLOCKS = frozenset(
        {"p", "div", "br", "tr", "ul", "ol", "section", "article", "table", "blockquote", "pre"}
    )

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style", "head", "nav", "footer"):
            self._skip += 1
        elif re.fullmatch(r"h[1-6]", tag):
            self.parts.append("\n" + "#" * int(tag[1]) + " ")
        elif tag == "li":
            self.parts.append("\n- ")
        elif tag in ("td", "th"):
            self.parts.append(" ")
        elif tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style", "head", "nav", "footer"):
            self._skip = max(0, self._skip - 1)
        elif re.fullmatch(r"h[1-6]", tag) or tag == "li" or tag in self._BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(" ".join(data.split()) if "\n" in data else data)


def _html_to_markdown(text: str) -> str:
    parser = _HtmlToMarkdown()
    parser.feed(text)
    parser.close()
    return "".join(parser.parts)


def _clean(text: str) -> str:
    text = _LINK.sub(r"\1", text)
    text = _EMPHASIS.sub(r"\2", text)
    return " ".join(text.split())


def _lines(text: str) -> list[_Line]:
    """Classify each line as heading, bullet, text or blank, from its markup alone."""
    if _HTML_HINT.search(text):
        text = _html_to_markdown(text)
    decimal_sections = bool(_DECIMAL_SECTION.search(text))
    raw = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    out: list[_Line] = []
    for index, line in enumerate(raw):
        stripped = line.strip()
        if not stripped:
            out.append(_Line("blank", ""))
            continue
        following = raw[index + 1].strip() if index + 1 < len(raw) else ""
        if _SETEXT.match(stripped):
            continue  # underline of the line above, or a rule
        if _SETEXT.match(following) and len(following) >= 3 and not _BULLET.match(stripped):
            level = 1 if following.startswith("=") else 2
            out.append(_Line("heading", _clean(stripped), level))
            continue
        match = _MD_HEADING.match(stripped)
        if match:
            title = _clean(match.group(2).rstrip("# \t"))
            out.append(_Line("heading", title, len(match.group(1))))
            continue
        numbered = _NUMBERED.match(stripped)
        if (
            numbered
            and _heading_like(numbered.group(2))
            and ("." in numbered.group(1) or decimal_sections)
        ):
            level = numbered.group(1).count(".") + 1
            out.append(_Line("heading", _clean(stripped), level))
            continue
        match = _BULLET.match(stripped)
        if match:
            out.append(_Line("bullet", _clean(match.group(1))))
            continue
        out.append(_Line("text", _clean(stripped)))
    return out


def _heading_like(text: str) -> bool:
    """Short, no sentence punctuation at the end: how titles look in plain text."""
    words = text.split()
    return (
        0 < len(words) <= _HEADING_MAX_WORDS
        and len(text) <= 100
        and not text.rstrip().endswith((".", ",", ";", ":", "!", "…"))
        and (text[0].isupper() or text[0].isdigit() or not text[0].isalpha())
    )


# --- sections ------------------------------------------------------------------------------------


def extract_text(text: str, source: str, taxonomy: Taxonomy | None = None) -> list[DocPhrase]:
    """Every responsibility phrase in one document (labelled or not), in document order."""
    taxonomy = taxonomy or load_taxonomy()
    phrases: list[DocPhrase] = []
    for block in _blocks(_lines(text), taxonomy, phrases, source):
        phrases.extend(_block_phrases(block, taxonomy, source))
    seen: set[tuple[str, str]] = set()
    unique = []
    for phrase in phrases:
        key = (phrase.text.casefold(), phrase.role)
        if key not in seen:
            seen.add(key)
            unique.append(phrase)
    return unique


def _blocks(
    lines: list[_Line], taxonomy: Taxonomy, labelled_lines: list[DocPhrase], source: str
) -> Iterable[_Block]:
    """Split the lines into sections, each with the role it describes (or None)."""
    block = _Block(role=None, level=None, section="")
    heading = ""
    previous = "blank"  # kind of the previous non-blank line: heading/lead/item/text/bullet
    following: list[_Line | None] = [None] * len(lines)  # next non-blank line, for each line
    upcoming: _Line | None = None
    for position in range(len(lines) - 1, -1, -1):
        following[position] = upcoming
        if lines[position].kind != "blank":
            upcoming = lines[position]
    for position, line in enumerate(lines):
        if line.kind == "blank":
            continue
        nxt = following[position]
        kind = line.kind
        if kind == "text" and _heading_like(line.text):
            roles = taxonomy.roles_in(line.text, heading=True)
            plain_item = (
                block.role is not None
                and not roles
                and previous in ("heading", "lead", "item")
                and not taxonomy.is_responsibility_heading(line.text)
                and not line.text.endswith("?")
                and (nxt is None or nxt.kind != "text" or _heading_like(nxt.text))
            )
            kind = "item" if plain_item else "heading"
        if kind == "heading":
            roles = taxonomy.roles_in(line.text, heading=True)
            yield block
            if len(roles) == 1:
                heading = line.text
                block = _Block(roles[0], line.level, heading, heading)
            elif not roles and block.role is not None and _stays_in_role(line, block, taxonomy):
                heading = f"{block.heading} › {line.text}"
                block = _Block(block.role, block.level, heading, heading)
            else:
                heading = line.text
                block = _Block(None, line.level, heading, heading)
            previous = "heading"
            continue
        if kind in ("text", "bullet") and _role_label_line(
            line.text, taxonomy, block, source, labelled_lines
        ):
            previous = kind
            continue
        lead = _lead_sentence(line.text) if kind in ("text", "bullet") else None
        if lead is not None:
            intro = line.text[: len(line.text) - len(lead)].strip()
            if intro:
                block.lines.append(_Line(kind, intro))
            roles = taxonomy.roles_in(lead)
            if len(roles) == 1 and roles[0] != block.role:
                yield block
                title = lead.rstrip(":").strip()
                section = f"{heading} › {title}" if heading and _words(title) <= 8 else heading
                block = _Block(roles[0], block.level, section or title, heading, lead=0)
            elif len(roles) > 1:
                yield block
                block = _Block(None, block.level, heading, heading)
            else:
                block.lead = len(block.lines)
            previous = "lead"
            continue
        block.lines.append(_Line("bullet" if kind == "item" else kind, line.text))
        previous = kind
    yield block


def _lead_sentence(text: str) -> str | None:
    """The sentence that opens a list ("Key duties include:"), if ``text`` ends with one."""
    if not text.endswith(":"):
        return None
    last = _sentences(text)[-1]
    return last if _words(last) <= _LEAD_MAX_WORDS else None


def _stays_in_role(line: _Line, block: _Block, taxonomy: Taxonomy) -> bool:
    """A role-less heading under a role heading: a sub-heading ("Responsibilities") or the end?"""
    if line.level is not None and block.level is not None:
        return line.level > block.level
    return taxonomy.is_responsibility_heading(line.text)


def _role_label_line(
    text: str, taxonomy: Taxonomy, block: _Block, source: str, out: list[DocPhrase]
) -> bool:
    """``Product Owner: owns the backlog and …`` — a definition line for one role."""
    prefix, colon, rest = text.partition(":")
    if not colon or not rest.strip() or _words(prefix) > 6:
        return False
    roles = taxonomy.roles_in(prefix)
    if len(roles) != 1 or taxonomy.starts_with_role(prefix) is None:
        return False
    role = roles[0]
    for sentence in _sentences(rest):
        if _keep(sentence, role, taxonomy, _SENTENCE_MIN_WORDS - 1):
            out.append(_phrase(sentence, role, source, block.section))
    return True


def _block_phrases(block: _Block, taxonomy: Taxonomy, source: str) -> list[DocPhrase]:
    lines = block.lines[block.lead :] if block.lead is not None else block.lines
    if block.role is None:
        return _subject_phrases(block, taxonomy, source)
    bullets = [line.text for line in lines if line.kind == "bullet"]
    if bullets:
        candidates = [(b, _BULLET_MIN_WORDS) for b in bullets]
    else:
        candidates = [(s, _SENTENCE_MIN_WORDS) for line in lines for s in _sentences(line.text)]
    return [
        _phrase(text, block.role, source, block.section)
        for text, minimum in candidates
        if _keep(text, block.role, taxonomy, minimum)
    ]


def _subject_phrases(block: _Block, taxonomy: Taxonomy, source: str) -> list[DocPhrase]:
    """Outside role sections: sentences whose subject is one role ("Product Owners accept …")."""
    out = []
    for line in block.lines:
        for sentence in _sentences(line.text):
            role = taxonomy.starts_with_role(sentence)
            if role is not None and _keep(sentence, role, taxonomy, _SENTENCE_MIN_WORDS):
                out.append(_phrase(sentence, role, source, block.section))
    return out


def _sentences(text: str) -> list[str]:
    parts: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        before = text[start : match.start()].rstrip('.!?"”’)')
        last = before.rsplit(None, 1)[-1].casefold() if before.split() else ""
        if last in _ABBREVIATIONS or (len(last) == 1 and last.isalpha()):
            continue
        parts.append(text[start : match.start()])
        start = match.end()
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _keep(text: str, role: Role, taxonomy: Taxonomy, min_words: int) -> bool:
    text = text.strip(_STRIP)
    if text.endswith(("?", ":")) or text.casefold().startswith(_DISCOURSE):
        return False
    if not min_words <= _words(text) <= _PHRASE_MAX_WORDS:
        return False
    return all(other == role for other in taxonomy.roles_in(text))


def _phrase(text: str, role: Role, source: str, section: str) -> DocPhrase:
    text = text.strip(_STRIP).rstrip("!")
    text = text[:1].upper() + text[1:]
    return DocPhrase(
        text=text, label=role.label, role=role.name, source=source, section=section[:120]
    )


def _words(text: str) -> int:
    return len(text.split())


# --- files ---------------------------------------------------------------------------------------


def extract_file(path: str | Path, taxonomy: Taxonomy | None = None) -> list[DocPhrase]:
    """The phrases of one article file; DocumentError when it has none."""
    taxonomy = taxonomy or load_taxonomy()
    text = read_document(path)
    phrases = extract_text(text, Path(path).name, taxonomy)
    if not phrases:
        named = _lines_naming_roles(text, taxonomy)
        if not named:
            known = ", ".join(r.name for r in taxonomy.roles[:4])
            raise _error(
                path,
                f"no role headings found (looked for {known})",
                'add a heading such as "Product Owner responsibilities" above each list, '
                "or pass --taxonomy naming the roles your article uses",
            )
        raise _error(
            path,
            "names roles but lists no responsibilities under a role heading",
            "put bullets or sentences under headings that name one role each",
        )
    return phrases


def extract_files(paths: Sequence[str | Path], taxonomy: Taxonomy | None = None) -> list[DocPhrase]:
    """The phrases of every file, in order; stops at the first file that yields none."""
    taxonomy = taxonomy or load_taxonomy()
    if not paths:
        raise DocumentError("no documents given — pass one or more article files after --docs")
    out: list[DocPhrase] = []
    for path in paths:
        out.extend(extract_file(path, taxonomy))
    return out


def training_phrases(phrases: Iterable[DocPhrase]) -> list[DocPhrase]:
    """Only the phrases whose role has a label: the ones a model learns from."""
    return [p for p in phrases if p.label]


def _lines_naming_roles(text: str, taxonomy: Taxonomy) -> int:
    return sum(1 for line in _lines(text) if line.text and taxonomy.roles_in(line.text))


def _error(path: str | Path, problem: str, advice: str) -> DocumentError:
    return DocumentError(" ".join(f"{path}: {problem} — {advice}".split()))


# --- showing what was extracted ------------------------------------------------------------------


def dry_run_lines(phrases: Sequence[DocPhrase]) -> list[str]:
    """One line per phrase for ``train --docs --dry-run``: label, text and where it came from."""
    width = max((len(p.label or "-") for p in phrases), default=1)
    lines = []
    for p in phrases:
        label = p.label or "-"
        note = "" if p.label else f" (not trained: {p.role} has no label in the taxonomy)"
        lines.append(f"{label:<{width}}  {p.text}  [{p.provenance}]{note}")
    return lines


def summary(phrases: Sequence[DocPhrase]) -> str:
    """``14 phrases from 2 documents: strategic 8 (Product Manager 8), tactical 6 (…)``."""
    files = len(dict.fromkeys(p.source for p in phrases))
    per_label: dict[str, dict[str, int]] = {}
    for p in phrases:
        roles = per_label.setdefault(p.label or "not trained", {})
        roles[p.role] = roles.get(p.role, 0) + 1
    parts = [
        f"{label} {sum(roles.values())} ({', '.join(f'{r} {n}' for r, n in roles.items())})"
        for label, roles in per_label.items()
    ]
    phrase = "phrase" if len(phrases) == 1 else "phrases"
    document = "document" if files == 1 else "documents"
    return f"{len(phrases)} {phrase} from {files} {document}: {'; '.join(parts)}"
