"""Acceptance criteria a team keeps in a field of their own, not in the description; the names
and Given/When/Then words the findings search texts for, and polars supersets of that search.

Some Jira teams write a story's criteria in a custom field ("Acceptance Criteria", "Criterios de
aceptación", "Akzeptanzkriterien", ...) or tick them off in a checklist app, whose text an export
carries in a column ("Checklist Text"). The readers put such a field's lines in the item's
``checklist_items``, which the findings count as criteria
(:func:`analyzer.flags.items.has_acceptance_criteria`).

:data:`CRITERIA_NAMES` is the one list of the names of acceptance criteria: the findings search
texts for them too.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from connectors.mapping.common import fold

#: The names a team gives acceptance criteria or its Definition of Done, in the languages the
#: model reads, as regex pieces: ``" "`` stands for any whitespace, ``"'"`` for an apostrophe
#: (' or ’) and any whitespace; accents are optional (a team may type "aceptacion"); a name may
#: be only the start of a word ("criteri": criteria, criterion). Case is ignored.
CRITERIA_NAMES = (
    "acceptance criteri",  # en: acceptance criteria / criterion
    "definition of done",  # en, and written so by German (and other) teams too
    "criterios? de aceptaci[oó]n",  # es: criterio(s) de aceptación
    "definici[oó]n de (?:hecho|terminado)",  # es: definición de hecho / de terminado
    "crit[eèé]res? d'accept(?:ation|ance)",  # fr: critère(s) d'acceptation / d'acceptance
    "d[eé]finition d[eu] (?:fini|termin[eé])",  # fr: définition de fini / de terminé
    "akzeptanz-?kriteri",  # de: Akzeptanzkriterien / -kriterium
    "abnahme-?kriteri",  # de: Abnahmekriterien
    "crit[eé]rios? de aceit(?:a[cç][aã]o|e)",  # pt: critério(s) de aceitação / de aceite
    "defini[cç][aã]o de pronto",  # pt: definição de pronto
    "acceptatie-?criteri",  # nl: acceptatiecriteria / -criterium
    "definitie van (?:gereed|klaar|done)",  # nl: definitie van gereed / van klaar / van done
)


def python_name(name: str) -> str:
    """A name of :data:`CRITERIA_NAMES` as a piece of a Python regex."""
    return name.replace(" ", r"\s+").replace("'", r"['’]\s*")


#: A checklist app's text column (Smart Checklist's "Checklist Text", ...), by folded name; its
#: counts and progress ("Checklist Progress %") hold no items.
CHECKLIST_FIELDS = frozenset(
    {"checklist", "checklists", "checklist text", "checklist text (view-only)", "smart checklist"}
)
_CRITERIA_FIELD = re.compile("|".join(map(python_name, CRITERIA_NAMES)), re.IGNORECASE)
# A field about the criteria that does not hold them: "Acceptance criteria met?", "... status".
_ABOUT_CRITERIA = re.compile(r"\?|%|\b(?:met|status|progress|complete[d]?|count)\b")


@lru_cache(maxsize=1024)
def criteria_field(name: str) -> bool:
    """Does a (custom) field of this name hold acceptance criteria or a checklist's items?"""
    folded = fold(name)
    if folded in CHECKLIST_FIELDS:
        return True
    return _CRITERIA_FIELD.search(folded) is not None and not _ABOUT_CRITERIA.search(folded)


_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")
# A list mark ("*", "-", "#", "1.") then a checkbox ("[ ]", "[x]", "[open]"), each optional.
_WORDY = re.compile(r"[^\W_]")  # a letter or a digit
_MARKS = re.compile(r"(?:(?:[-*+#•]+|\d{1,3}[.)])(?:\s+|$))?(?:\[[^\]\n]{0,15}\]\s*)?")


#: What a team writes in a criteria field or a checklist that holds no criteria yet, in the
#: languages the model reads; a line that is only one of them (any case, accents, punctuation:
#: "N/A", "n.a.", "(none)", "TBD.", "À définir") is no criteria (:func:`placeholder`).
PLACEHOLDERS = """
    N/A | NA | N.D. | TBD | TBC | TBA | TODO | To do | To be defined | To be determined
    | To be confirmed | To be added | Not applicable | Not defined | Not defined yet | None
    | Nothing | Nil | Null | Empty | Pending | WIP
    | No aplica | No aplica aún | Pendiente | Por definir | A definir | Sin definir | Por completar
    | Ninguno | Ninguna | Nada | No definido | Sin criterios
    | À définir | À compléter | À venir | À faire | Aucun | Aucune | Néant | Rien
    | Non applicable | Sans objet | Non défini
    | K.A. | Keine | Keine Angabe | Nicht zutreffend | Entfällt | Offen | Noch offen | Folgt
    | Noch zu definieren | Nichts
    | Não se aplica | Não aplicável | Pendente | A preencher | A completar | Nenhum | Nenhuma
    | Não definido
    | N.v.t. | NVT | N.t.b. | NTB | Nog te bepalen | Nader te bepalen | Nog in te vullen
    | In te vullen | Nog niet bepaald | Geen | Niets | Leeg | Volgt
"""

_WORDS = re.compile(r"[^\W_]+")


def _placeholder_key(text: str) -> str:
    """``text`` folded to its words ("N/A." → "na", "À définir" → "a definir"): letters of an
    abbreviation written with dots or slashes ("n.a.", "k. A.") join into one word."""
    words = _WORDS.findall(fold(text))
    return "".join(words) if all(len(word) == 1 for word in words) else " ".join(words)


_NAMES = [" ".join(name.split()) for name in PLACEHOLDERS.split("|")]
_PLACEHOLDER_KEYS = frozenset(map(_placeholder_key, _NAMES))
_LONGEST = 2 * max(map(len, _NAMES))  # room for more spaces and punctuation


def placeholder(entry: str) -> bool:
    """Is ``entry`` (a line of a criteria field, a checklist's item) only a placeholder: no
    letter or digit (".", "-", "—", "?"), or a word of :data:`PLACEHOLDERS`?"""
    if len(entry) > _LONGEST:  # (most entries: no folding)
        return False
    return not _WORDY.search(entry) or _placeholder_key(entry) in _PLACEHOLDER_KEYS


def entry_of(line: str) -> str:
    """A line of criteria without its list mark and checkbox ("- [x] works" → "works")."""
    line = line.strip()
    return line[_MARKS.match(line).end() :].strip()  # type: ignore[union-attr]


def criteria_entries(texts: Iterable[str]) -> list[str]:
    """The lines of criteria fields' texts, list marks and checkboxes removed, each once (a
    checklist app's "Checklist Text" and its "(view-only)" copy hold the same lines); a line
    that is only a placeholder (".", "-", "?", "N/A", "TBD", "pendiente": :func:`placeholder`)
    is none."""
    found: dict[str, None] = {}
    for text in texts:
        for line in _INVISIBLE.sub("", text).splitlines():
            entry = entry_of(line)
            if not placeholder(entry):
                found[entry] = None
    return list(found)


def placeholder_line(line: str) -> bool:
    """Is a line of text only a placeholder once its list mark, checkbox and invisible
    characters are gone ("- [ ] N/A", "TBD", "", "—")? A heading of acceptance criteria in a
    description followed by such lines only holds none (``analyzer.flags.items``). A line
    longer than four placeholders never is one (most lines: no work)."""
    if len(line) > 4 * _LONGEST:
        return False
    return placeholder(entry_of(_INVISIBLE.sub("", line)))


#: Given/When/Then (Gherkin's keywords) in each language: the three in order, as whole words,
#: each within 400 characters of the one before.
GIVEN_WHEN_THEN = (
    ("given", "when", "then"),  # en
    ("dad[oa]s?", "cuando", "entonces"),  # es: Dado / Cuando / Entonces
    ("[eé]tant donn[eé]e?s?", "(?:quand|lorsque?)", "alors"),  # fr: Étant donné / Quand / Alors
    ("(?:gegeben|angenommen)", "wenn", "dann"),  # de: Gegeben (sei) / Angenommen / Wenn / Dann
    ("dad[oa]s?", "quando", "ent[aã]o"),  # pt: Dado / Quando / Então
    ("gegeven", "(?:als|wanneer)", "dan"),  # nl: Gegeven / Als (Wanneer) / Dan
)


# Python's ``\s`` in a str pattern: what the supersets below accept as whitespace (tested
# against every code point).
_SPACE = "\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


def _rust_name(name: str) -> str:
    """A name of :data:`CRITERIA_NAMES` for polars' regex, with Python's whitespace (``_SPACE``)."""
    return name.replace(" ", f"[{_SPACE}]+").replace("'", f"['’][{_SPACE}]*")


def _title_ends(name: str) -> list[str]:
    """How a title may end inside ``name``, its rest in the description: after each word but
    the last (and after an apostrophe that follows it), then only whitespace to the end."""
    parts = re.split("([ '])", name)  # words, and the separators between them
    ends = []
    for at in range(1, len(parts), 2):
        apostrophe = "['’]" if parts[at] == "'" else ""
        ends.append(f"{_rust_name(''.join(parts[:at]))}{apostrophe}[{_SPACE}]*\\z")
    return ends


def _alternatives(words: object) -> str:
    return "(?:" + "|".join(dict.fromkeys(words)) + ")"  # type: ignore[arg-type]


# The first word of each language's Given (a title holding it may start a Given/When/Then).
_GIVEN_STARTS = _alternatives(given.split(" ")[0] for given, _, _ in GIVEN_WHEN_THEN)
#: Any character, line breaks too, in polars' regex: the Given/When/Then's gaps. Not Python's
#: ``[\\s\\S]`` (the same characters): inside ``(?i:`` the regex compiler case-folds that class
#: range by range, ``\\S`` being nearly every code point, 13–14 ms a superset on its first use in
#: a process, four per scan (session 27: 0.46–0.53 G instructions, 1.9 % of a 100k scan's); a
#: dot is never case-folded (1.1–1.9 ms), and it finds the same places.
_ANY = "(?s:.)"
#: A superset of the findings' pattern (``analyzer.flags.items._AC_PATTERNS``) for polars'
#: (Rust) regex, searched over many texts at once: no word boundaries or length limits, the
#: languages' Given/When/Then words mixed, and any of the characters İ ı ſ K (which Python's
#: case folding may match to a letter Rust's does not). Every text that pattern matches, it
#: matches too, at or before that pattern's first match, or after only whitespace (a
#: checklist's indent).
CRITERIA_SUPERSET = (
    "(?i:"
    + "|".join(map(_rust_name, CRITERIA_NAMES))
    + f"|ac[{_SPACE}]*:|[-*][{_SPACE}]*\\[[ x]\\]"
    + f"|{_GIVEN_STARTS}{_ANY}*?{_alternatives(w for _, w, _ in GIVEN_WHEN_THEN)}"
    + f"{_ANY}*?{_alternatives(t for _, _, t in GIVEN_WHEN_THEN)}"
    + ")|[\u0130\u0131\u017f\u212a]"
)
#: What a title must hold for a match to start in it and run on into the description (the
#: text is ``title + "\n" + description``, and the line break can be inside a match's
#: whitespace): a match of its own (CRITERIA_SUPERSET), or an end that a match can go on from
#: (_title_ends, "AC", a checklist's dash), or the first word of a Given (a Given/When/Then
#: whose When and Then come after the title).
TITLE_CRITERIA_SUPERSET = (
    f"{CRITERIA_SUPERSET}|(?i:"
    + "|".join(end for name in CRITERIA_NAMES for end in _title_ends(name))
    + f"|ac[{_SPACE}]*\\z|[-*][{_SPACE}]*\\z|{_GIVEN_STARTS})"
)
