"""Jira status names → Jira's three status categories, for exports that carry no category.

Jira files every status under one category: ``new`` (To Do), ``indeterminate`` (In Progress) or
``done``. The REST API (live, JSON exports) sends it with each status; a CSV export has it only
when its "Status Category" column was exported. Without it, the status name is all there is.
:data:`STATUS_NAMES` holds the names whose category is not in doubt: Jira's own default statuses
(Cloud and Server/Data Center: To Do, Open, Reopened, Backlog, Selected for Development,
In Progress, In Review, Done, Resolved, Closed, Canceled, Declined, Won't Do, ...) as Jira
translates them, and the common workflow names of the same meaning (Code Review, QA, Testing,
Blocked, ...), in English, Spanish, French, German, Portuguese (Brazil and Portugal), Italian,
Dutch, Polish (Jira's three defaults: "Do zrobienia" is in a real export, "W toku" and
"Gotowe" are the names of Jira's Polish interface) and Turkish (all in session 31's real
export: statuses "Yapılacaklar", "Devam Ediyor", "İncelemede" — In Review — and "Tamam" — Done —
under the categories "Yapılacaklar", "Devam Ediyor" and "Tamamlandı") and Russian (session 35:
"К выполнению", status and category in a real Russian HTML export of Jira Cloud; "В работе",
the In Progress category's name in a real Russian Jira's REST answer, a status a tool reading
Russian CSV exports counts as in progress; session 36: "Сделать" and "Открытый", Jira Server's
Russian To Do and Open, statuses of the real Russian export of all fields; no done name was
seen, so none is guessed).
A name is looked up whole, after :func:`status_key` (any case, accents, punctuation). A name not
in the table is read by its words (:data:`STATUS_WORDS`, session 16: fresh7's SnapLogic export
had "Testing in Progress", "To Test", "Dev Blocked", "Defined"): a testing or blocked word or an
in-progress phrase says In Progress, a defined or backlog word To Do — never Done, and nothing
when the name holds words of both, or a word of :data:`UNSETTLED` (waiting, on hold, pending,
UAT: their category differs between Jira sites), which thus keep no category.

No category costs little: only "done" changes what a report says (a done item is not open);
To Do and In Progress are both open, and an item with no category is open unless it is resolved
or its status reads done. An item whose status may be done (:func:`never_done` false) is read
as open all the same, and the report says so (``analyzer.uncategorised``).

Session 32 added the done-like names the done words miss in the tables' languages (archived,
deployed, published, released, closed, and work dropped: aborted, abandoned, discarded,
duplicate, obsolete, won't fix), "In Process" and the verification words (In Progress: "In
Verification", "SME Verification", "Verifying" in real exports). Left without a category:
"Release" (a release column holds work ready for release on some sites, released on others),
"Approved" (approved for work, or signed off), and the words "accepted", "verified" and
"vrijgegeven" in other languages (a bug accepted for work; "Verified by …" is In Progress on a
real site; "released" or "cleared for"), though English "Accepted" and "Verified" read done.

Session 33: a done word that ends a stage of the work or hands it on to one ("Testing
Complete", "Dev Done", "Released to QA": ``common.ends_a_stage``) is no done word of the work:
such a status keeps no category (In Progress on the real sites that give one; a workflow may
end there), so its items are open and the note names it. So does "Accept", a step (where work
waits for acceptance, like "Release"), where "Accepted" is a state.
"""

from __future__ import annotations

import re

from connectors.mapping.common import ends_a_stage, fold, looks_done

TODO, IN_PROGRESS, DONE = "todo", "in progress", "done"

#: statusCategory keys (REST) → our category.
CATEGORY_KEYS = {"new": TODO, "indeterminate": IN_PROGRESS, "done": DONE}

#: The names of the categories themselves, as a "Status Category" column writes them in each
#: language of Jira's interface (a category column holds nothing else).
CATEGORY_NAMES: dict[str, str] = {
    TODO: """
        To Do | Todo | New | Open | Por hacer | À faire | Zu erledigen | Itens pendentes
        | A fazer | Por fazer | Da fare | Te doen | Do zrobienia | Yapılacaklar | К выполнению
        """,
    IN_PROGRESS: """
        In Progress | En curso | En progreso | En cours | In Arbeit | Em andamento | Em curso
        | Em progresso | In corso | In uitvoering | W toku | Devam Ediyor | В работе
        """,
    DONE: """
        Done | Listo | Hecho | Completado | Terminé | Terminée | Fertig | Erledigt
        | Itens concluídos | Concluído | Feito | Completato | Fatto | Gereed | Gotowe
        | Tamamlandı
        """,
}

#: Status names → category, one row per language ("pt": Brazil and Portugal). Jira's default
#: statuses and the usual workflow names whose category does not vary between sites.
STATUS_NAMES: dict[str, dict[str, str]] = {
    TODO: {
        "en": """To Do | Todo | Open | New | Reopened | Backlog | Selected for Development
            | Ready for Development | Ready for Dev | Not Started""",
        "es": """Tareas por hacer | Por hacer | Abierto | Abierta | Nuevo | Nueva | Reabierto
            | Reabierta | Seleccionado para desarrollo | Listo para desarrollo | Sin empezar
            | No iniciado""",
        "fr": """À faire | Ouvert | Ouverte | Nouveau | Nouvelle | Rouvert | Rouverte | Réouvert
            | Réouverte | Sélectionné pour le développement | Prêt pour le développement
            | Non commencé""",
        "de": """Zu erledigen | Offen | Neu | Wieder geöffnet | Erneut geöffnet
            | Für die Entwicklung ausgewählt | Für Entwicklung ausgewählt
            | Bereit für die Entwicklung | Nicht begonnen""",
        "pt": """Tarefas pendentes | Itens pendentes | A fazer | Por fazer | Aberto | Aberta
            | Novo | Nova | Reaberto | Reaberta | Selecionado para desenvolvimento
            | Seleccionado para desenvolvimento | Pronto para desenvolvimento | Não iniciado""",
        "it": """Da fare | Aperto | Aperta | Nuovo | Nuova | Riaperto | Riaperta
            | Selezionato per lo sviluppo | Pronto per lo sviluppo | Non iniziato""",
        "nl": """Te doen | Nieuw | Heropend | Opnieuw geopend | Geselecteerd voor ontwikkeling
            | Klaar voor ontwikkeling | Gereed voor ontwikkeling | Niet gestart
            | Nog niet gestart | Nog te doen""",
        "pl": "Do zrobienia",
        "tr": "Yapılacaklar",
        "ru": "К выполнению | Сделать | Открытый",
    },
    IN_PROGRESS: {
        "en": """In Progress | Doing | Work in Progress | In Development | In Dev | In Review
            | Review | Under Review | Ready for Review | Code Review | In Code Review
            | Peer Review | Testing | In Testing | In Test | QA | In QA | Ready for QA
            | Ready for Testing | UAT | In UAT | Blocked | Ready for Release
            | Ready for Deployment | In Process""",
        "es": """En curso | En progreso | En proceso | Haciendo | En desarrollo | En revisión
            | Revisión de código | En pruebas | En prueba | Pruebas | En QA | Bloqueado
            | Bloqueada""",
        "fr": """En cours | En développement | En revue | En révision | Revue de code | En test
            | En tests | En recette | Bloqué | Bloquée""",
        "de": """In Arbeit | In Bearbeitung | In Entwicklung | In Prüfung | Im Review | Code-Review
            | Im Test | In Test | Blockiert""",
        "pt": """Em andamento | Em curso | Em progresso | Fazendo | Em desenvolvimento
            | Em revisão | Revisão de código | Em teste | Em testes | Bloqueado | Bloqueada""",
        "it": """In corso | In lavorazione | In sviluppo | In revisione | Revisione del codice
            | In test | In collaudo | Bloccato | Bloccata""",
        "nl": """In uitvoering | Bezig | Mee bezig | In behandeling | In ontwikkeling
            | In beoordeling | In review | Wordt getest | Testen | In test | Geblokkeerd
            | Klaar voor test | Klaar voor review | Gereed voor test""",
        "pl": "W toku",
        "tr": "Devam Ediyor | İncelemede",
        "ru": "В работе",
    },
    DONE: {  # done words (common.looks_done) find most; these are the names they miss
        "en": """Done | Canceled | Cancelled | Declined | Rejected | Won't Do | Won't Fix
            | Aborted | Abandoned | Duplicate | Obsolete | Archived""",
        "es": """Listo | Cancelado | Cancelada | Rechazado | Rechazada | Completada
            | Desplegado | Desplegada | Archivado | Archivada | Descartado | Descartada
            | Abandonado | Abandonada | Duplicado | Duplicada""",
        "fr": """Annulé | Annulée | Refusé | Refusée | Rejeté | Rejetée | Déployé | Déployée
            | Publié | Publiée | Clôturé | Clôturée | Archivé | Archivée | Abandonné
            | Abandonnée | Doublon""",
        "de": """Abgebrochen | Storniert | Abgelehnt | Bereitgestellt | Veröffentlicht
            | Archiviert | Verworfen | Duplikat""",
        "pt": """Cancelado | Cancelada | Rejeitado | Rejeitada | Recusado | Recusada | Feito
            | Implantado | Implantada | Lançado | Lançada | Arquivado | Arquivada | Descartado
            | Descartada | Abandonado | Abandonada | Duplicado | Duplicada""",
        "it": """Completato | Completata | Fatto | Chiuso | Chiusa | Risolto | Risolta
            | Annullato | Annullata | Rifiutato | Rifiutata | Rilasciato | Rilasciata
            | Pubblicato | Pubblicata | Archiviato | Archiviata | Abbandonato | Abbandonata
            | Duplicato | Duplicata""",
        # "Gereed" and "Klaar" are done whole; as words they are "ready" too ("Klaar voor test")
        "nl": """Gereed | Klaar | Afgerond | Voltooid | Gesloten | Opgelost | Geannuleerd
            | Afgewezen | Niet doen | Uitgerold | Gepubliceerd | Gearchiveerd | Duplicaat""",
        "pl": "Gotowe",
        "tr": "Tamam | Tamamlandı",
    },
}

#: Names looked at and left without a category: waiting, on hold, pending and UAT-test statuses
#: are custom statuses on Jira Software sites, filed under To Do by some and In Progress by
#: others; Jira Service Management's defaults ("Waiting for support", "Waiting for customer",
#: "Pending", "Escalated") are listed by Atlassian without their categories, and exports seen
#: file "Waiting for support" under To Do on one site and In Progress on another. "Pendiente" is
#: not Jira's Spanish To Do ("Tareas por hacer"): it translates JSM's "Pending".
UNSETTLED = """
    Test in UAT | Waiting for support | Waiting for customer | Waiting | On Hold | Pending
    | Escalated | Pendiente | En espera | En pausa | En attente | En pause | Wartend | Wartet
    | Angehalten | Em espera | Pendente | In attesa | Sospeso | In afwachting | In de wacht
    | Wachten | Gepauzeerd
"""

#: Words (or phrases of words) of a status name not in :data:`STATUS_NAMES` that say its
#: category in every language the tables hold (after :func:`status_key`); never Done (a done
#: word is judged before, by ``common.looks_done``). "Tested", "getest" are left out: done on
#: some sites. A word found in another language means the same or nothing there.
STATUS_WORDS: dict[str, str] = {
    IN_PROGRESS: """
        test | tests | testing | testen | teste | testes | testando | prueba | pruebas | recette
        | collaudo | blocked | bloqueado | bloqueada | bloque | bloquee | blockiert | bloccato
        | bloccata | geblokkeerd | in progress | en curso | en progreso | en cours | in arbeit
        | in bearbeitung | em andamento | em progresso | em curso | in corso | in uitvoering
        | verifying | verification | verificacion | verificando | verificacao | verifica
        | verifizierung | verificatie
        """,
    TODO: """
        defined | definido | definida | defini | definie | definiert | definito | definita
        | gedefinieerd | backlog
        """,
}

#: Words of the :data:`UNSETTLED` names: a name holding one keeps no category by its words.
UNSETTLED_WORDS = """
    waiting | wait | hold | pending | escalated | uat | pendiente | espera | pausa | attente
    | pause | warten | wartend | wartet | angehalten | pendente | attesa | sospeso | afwachting
    | wacht | wachten | gepauzeerd
"""

# Anything but a letter or digit, of any script: a Cyrillic or Japanese status keeps its letters
# (with ``[^a-z0-9]`` "К выполнению" was keyed "", as every name not in Latin letters).
_NOT_WORD = re.compile(r"[\W_]+")


def status_key(name: str) -> str:
    """``name`` as the tables are keyed: :func:`fold`, every run of other than letters and
    digits one space ("In-Progress", "WON’T DO", "Bloqué ⛔" → "in progress", "won t do",
    "bloque")."""
    return " ".join(_NOT_WORD.sub(" ", fold(name)).split())


def _names(cells: str) -> list[str]:
    return [status_key(name) for name in cells.split("|") if name.strip()]


def _keyed(rows: dict[str, str | dict[str, str]]) -> dict[str, str]:
    found: dict[str, str] = {}
    for category, cells in rows.items():
        for names in cells.values() if isinstance(cells, dict) else (cells,):
            for name in _names(names):
                if found.setdefault(name, category) != category:
                    raise ValueError(f"status name {name!r} is in two categories")
    return found


_BY_CATEGORY_NAME = _keyed(CATEGORY_NAMES)  # type: ignore[arg-type]
_BY_STATUS_NAME = _keyed(STATUS_NAMES)  # type: ignore[arg-type]


def category_of_category_name(name: str) -> str | None:
    """Our category of a status-category cell's text ("Por hacer" → "todo"), else None."""
    return _BY_CATEGORY_NAME.get(status_key(name))


_WORD_PHRASES = {
    tuple(phrase.split()): category
    for category, cells in STATUS_WORDS.items()
    for phrase in _names(cells)
}
_UNSETTLED_WORDS = frozenset(_names(UNSETTLED_WORDS))
_LONGEST = max(map(len, _WORD_PHRASES))


def category_of_status(name: str) -> str | None:
    """Our category of a status name Jira files under one category whatever the site
    ("Tareas por hacer", "Reopened", "In Arbeit" …), else of its words ("Dev Blocked",
    "Testing in Progress": :func:`category_of_words`), else None."""
    key = status_key(name)
    return _BY_STATUS_NAME.get(key) or _BY_CATEGORY_NAME.get(key) or category_of_words(key)


def category_of_words(key: str) -> str | None:
    """The one category the words of a status key (:func:`status_key`) say
    (:data:`STATUS_WORDS`); None when they say none or two ("Test Backlog"), or hold a word
    of an unsettled name ("Waiting for test")."""
    words = key.split()
    if _UNSETTLED_WORDS.intersection(words):
        return None
    found = _word_categories(words)
    return found.pop() if len(found) == 1 else None


def _word_categories(words: list[str]) -> set[str]:
    return {
        category
        for size in range(1, _LONGEST + 1)
        for start in range(len(words) - size + 1)
        if (category := _WORD_PHRASES.get(tuple(words[start : start + size]))) is not None
    }


def never_done(name: str) -> bool:
    """Is ``name`` a status Jira files under To Do or In Progress, whichever it is on a site:
    one the tables or its words file under either, an unsettled one (:data:`UNSETTLED`:
    "Waiting for support", "On Hold"), or one whose words say both ("Test Backlog")? An item
    in it is open whatever its category; an item in a status of no category that is not
    (:func:`category_of_status` None: "Disposition", "Release", "Testing Complete") may be
    done."""
    if looks_done(name) or ends_a_stage(name):  # a stage's end may be a workflow's end
        return False
    key = status_key(name)
    category = _BY_STATUS_NAME.get(key) or _BY_CATEGORY_NAME.get(key)
    if category is not None:
        return category != DONE
    words = key.split()  # (the words never say Done)
    return bool(_UNSETTLED_WORDS.intersection(words) or _word_categories(words))
