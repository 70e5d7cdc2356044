"""Acceptance criteria a team keeps in a field of their own, not in the description.

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


def criteria_entries(texts: Iterable[str]) -> list[str]:
    """The lines of criteria fields' texts, list marks and checkboxes removed, each once (a
    checklist app's "Checklist Text" and its "(view-only)" copy hold the same lines); a line
    that is only a placeholder (".", "-", "?", "N/A", "TBD", "pendiente": :func:`placeholder`)
    is none."""
    found: dict[str, None] = {}
    for text in texts:
        for line in _INVISIBLE.sub("", text).splitlines():
            line = line.strip()
            entry = line[_MARKS.match(line).end() :].strip()  # type: ignore[union-attr]
            if not placeholder(entry):
                found[entry] = None
    return list(found)
