"""Jira issue-type names, in any export language, → one canonical name and a hierarchy level.

The one table of issue-type spellings: the Jira readers take an issue's hierarchy level from it
(when the export gives none), the findings ask it whether an item is an epic or a story, and the
model's ``type:`` features (:func:`models.features.normalise_type`) are its canonical names. A
French "Épopée" is an epic, a Spanish "Subtarea" a sub-task, a German "Fehler" a bug, a Dutch
"Subtaak" a sub-task, in all three.

Pure, no I/O; imports only :mod:`connectors.mapping.common`, so ``models`` can import it without
importing the readers.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache

from connectors.mapping.common import fold

#: Canonical name → its spellings in the six languages the model reads and in Polish (lower
#: case, accents folded, words joined by "-"): Jira's own translations and the common custom
#: names. Polish "Błąd w programie" (Jira's Bug) is in a real export; Zadanie, Podzadanie and
#: Epik are the names of Jira's Polish interface. Turkish "Görev" (Task) is in a real export
#: (session 31); no other Turkish type name was seen, so none is guessed. Russian (session 35):
#: "История" in a real export of all fields, "Баг" and "Улучшение" in a real HTML export of
#: Jira Cloud, "Эпик" and "Задача" as tools reading Russian exports read them; Japanese
#: "エピック" as a script reading a Japanese export reads it. Session 36: "Ошибка" (Bug) and
#: "Новая функциональность" (New Feature), Jira Server's Russian names, in the same real export
#: of all fields. No Russian or Japanese sub-task name was seen (a sub-task there is level 0).
#: Adding a spelling of a type the model knows changes the model's features: retrain then.
TYPE_NAMES = {
    "bug": "bug bogue defect defecto defeito error erro fehler falla anomalie anomalia incidencia "
    "fout bład-w-programie blad-w-programie bład blad баг ошибка",  # (Polish "ł": folded or not)
    "task": "task tache tarea aufgabe tarefa taak zadanie gorev задача",
    "sub-task": "sub-task subtask sub-tache sous-tache subtarea sub-tarea unteraufgabe "
    "sub-aufgabe subtarefa sub-tarefa subtaak sub-taak deeltaak podzadanie",
    "epic": "epic epopee epica epico epos epik эпик エピック",
    "story": "story user-story historia historia-de-usuario recit histoire user-story "
    "anwenderstory geschichte verhaal gebruikersverhaal история",
    "improvement": "improvement amelioration mejora verbesserung melhoria verbetering улучшение",
    "new-feature": "new-feature feature nouvelle-fonctionnalite fonctionnalite funcionalidad "
    "nueva-funcionalidad neue-funktion funcionalidade nova-funcionalidade nieuwe-functie "
    "nieuwe-functionaliteit functionaliteit новая-функциональность",
    "initiative": "initiative iniciativa initiativ initiatief",
    "theme": "theme tema thema",
    "tech-debt": "tech-debt technical-debt techdebt dette-technique deuda-tecnica "
    "technische-schuld divida-tecnica",  # (technische schuld: German and Dutch)
    "spike": "spike",
    "maintenance": "maintenance mco mantenimiento wartung manutencao onderhoud",
}
ALIASES = {name: canon for canon, names in TYPE_NAMES.items() for name in names.split()}

#: Jira's hierarchy levels by canonical type: 2+ above epic, 1 epic, -1 sub-task; any other 0.
LEVELS = {"sub-task": -1, "epic": 1, "initiative": 2, "theme": 2}


def canonical_type(name: str, folded: Callable[[str], str] = fold) -> str:
    """The canonical name of issue type ``name`` (``"Sous-tâche"`` → ``"sub-task"``); a name
    the table does not hold is its folded, dash-joined self (``"Change Request"`` →
    ``"change-request"``). ``folded`` lower-cases and folds accents: the model passes its own
    (:func:`models.features.fold`), whose features it was trained on."""
    key = "-".join(folded(name.lower()).replace("_", " ").split())
    return ALIASES.get(key, key)


@lru_cache(maxsize=4096)
def type_of(name: str | None) -> str | None:
    """:func:`canonical_type` of a (cached: type names repeat over thousands of issues) name, or
    None without one."""
    return canonical_type(name) if name and name.strip() else None


def level_of(name: str | None) -> int | None:
    """Jira hierarchy level of issue type ``name``: -1 sub-task, 1 epic, 2 initiative or theme,
    0 any other; None without a name."""
    canon = type_of(name)
    return None if canon is None else LEVELS.get(canon, 0)
