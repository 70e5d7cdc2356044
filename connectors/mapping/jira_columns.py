"""Jira CSV column headers → the canonical fields the CSV reader maps, one table per export
language.

Jira names a CSV export's columns in the exporting user's language. Each table below lists, per
canonical field, the headers of one language, compared after :func:`fold` (lower case, accents
removed): ``Descrição`` is ``descricao``. Where a name was confirmed (tests/test_jira_columns.py
says how), it is Jira's own; older names kept from earlier exports (Server, Data Center) stay.
A name holding something else than the field (a count of watchers, a parent's summary) is left
out: the reader would take it for the field.

A tool that writes Jira's issues out itself (not Jira's export) may put underscores for the
spaces (``Issue_Type``, ``Epic_Link``, ``Due_date``): :func:`header_fields` matches such a name
too, but only for a field no column of the header names as Jira does, so a Jira export's own
columns map exactly as before (no table name holds an underscore; a test checks it).

Custom fields are matched by the name inside the wrapper (``Custom field (Rank)``,
``Campo personalizado (Rank)``); an export of the current fields names them bare (``Rank``).
A custom field holding acceptance criteria or a checklist app's text (``Campo personalizado
(Criterios de aceptación)``, ``Custom field (Checklist Text)``; :mod:`connectors.mapping.criteria`)
is the field ``criteria``, every such column of the export.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from connectors.mapping.common import fold
from connectors.mapping.criteria import criteria_field

Table = Mapping[str, tuple[str, ...]]

ENGLISH: Table = {
    "summary": ("summary",),
    "title": ("title",),
    # "Work item key/id": Jira Cloud calls issues work items since 2025; its exports seen so far
    # keep "Issue key" and "Issue id" (only the type became "Work type"), so these two names
    # are not confirmed from an export: read in case a later export renames them too
    "key": ("issue key", "key", "work item key"),
    "id": ("issue id", "id", "work item id"),
    "type": ("issue type", "type", "work type"),  # "Work type": Jira Cloud's name since 2025
    "status": ("status",),
    "status_category": ("status category",),
    "priority": ("priority",),
    "resolution": ("resolution",),
    "assignee": ("assignee",),
    "assignee_id": ("assignee id",),
    "reporter": ("reporter",),
    "reporter_id": ("reporter id",),
    "creator": ("creator",),
    "creator_id": ("creator id",),
    "created": ("created",),
    "updated": ("updated",),
    "resolved": ("resolved",),
    "due": ("due date",),
    "labels": ("labels",),
    "description": ("description",),
    "components": ("component/s", "components"),
    "fix_versions": ("fix version/s", "fix versions"),
    "sprint": ("sprint",),
    "comment": ("comment", "comments"),
    "watchers": ("watchers",),
    "watchers_id": ("watchers id",),
    "parent_id": ("parent id", "parent"),
    "parent_key": ("parent key",),
    "project_key": ("project key",),
    "project_name": ("project name",),
}

SPANISH: Table = {
    "summary": ("resumen",),
    "title": ("titulo",),
    "key": ("clave de incidencia", "clave"),
    "id": ("id de la incidencia",),
    "type": ("tipo de incidencia",),
    "status": ("estado",),
    "status_category": ("categoria de estado",),
    "priority": ("prioridad",),
    "resolution": ("resolucion",),
    "assignee": ("persona asignada",),
    "assignee_id": ("id de la persona asignada",),
    "reporter": ("informador",),
    "reporter_id": ("id del informador",),
    "creator": ("creador",),
    "creator_id": ("id del creador",),
    "created": ("creada", "creado"),
    "updated": ("actualizada", "actualizado"),
    "resolved": ("resuelta", "resuelto"),
    "due": ("fecha de vencimiento",),
    "labels": ("etiquetas",),
    "description": ("descripcion",),
    "components": ("componentes",),
    "fix_versions": ("versiones de correccion", "version de correccion"),
    "comment": ("comentario", "comentarios"),
    "watchers": ("interesados",),
    "watchers_id": ("id de los interesados",),
    "parent_id": ("principal", "id principal"),
    "parent_key": ("clave principal",),
    "project_key": ("clave del proyecto",),
    "project_name": ("nombre del proyecto",),
}

FRENCH: Table = {
    "summary": ("resume",),
    "title": ("titre",),
    "key": ("cle", "cle de la demande", "cle du ticket", "cle de ticket"),
    "id": ("id de la demande", "id du ticket"),
    "type": ("type de demande", "type de ticket"),
    "status": ("etat", "statut"),
    "status_category": ("categorie d'etat", "categorie de statut"),
    "priority": ("priorite",),
    "resolution": ("resolution",),
    "assignee": ("responsable",),
    "assignee_id": ("id du responsable",),
    "reporter": ("rapporteur",),
    "reporter_id": ("id du rapporteur",),
    "creator": ("createur",),
    "creator_id": ("id du createur",),
    "created": ("cree", "creation", "date de creation"),
    "updated": ("mise a jour", "mis a jour"),
    "resolved": ("resolue", "date de resolution"),
    "due": ("date d'echeance", "echeance"),
    "labels": ("etiquettes",),
    "description": ("description", "descriptif"),
    "components": ("composants", "composant/s"),
    "fix_versions": ("versions corrigees", "version corrigee"),
    "comment": ("commentaire", "commentaires"),
    "watchers": ("observateurs", "gerer les observateurs"),
    "watchers_id": ("id des observateurs",),
    "parent_key": ("cle parent", "cle principale"),
    "project_key": ("cle de projet",),
    "project_name": ("nom du projet",),
}

GERMAN: Table = {
    "summary": ("zusammenfassung",),
    "title": ("titel",),
    "key": ("vorgangsschlussel", "schlussel"),
    "id": ("vorgangs-id",),
    "type": ("vorgangstyp",),
    "status_category": ("statuskategorie",),
    "priority": ("prioritat",),
    "resolution": ("losung",),
    "assignee": ("bearbeiter", "zugewiesene person"),
    "assignee_id": ("bearbeiter-id", "id der zugewiesenen person"),
    "reporter": ("autor", "melder"),
    "reporter_id": ("autor-id", "id des autors"),
    "creator": ("ersteller",),
    "creator_id": ("ersteller-id",),
    "created": ("erstellt",),
    "updated": ("aktualisiert",),
    "resolved": ("erledigt",),
    "due": ("falligkeitsdatum",),
    "labels": ("stichworter",),
    "description": ("beschreibung",),
    "components": ("komponenten",),
    "fix_versions": ("losungsversion/en", "losungsversionen"),
    "comment": ("kommentar", "kommentare"),
    "watchers": ("beobachter",),
    "watchers_id": ("beobachter-id", "id des beobachters"),
    "parent_id": ("ubergeordnet",),
    "project_key": ("projektschlussel",),
    "project_name": ("projektname",),
}

ITALIAN: Table = {
    "summary": ("riepilogo",),
    "key": ("chiave",),
    "type": ("tipo di ticket",),
    "status": ("stato",),
    "priority": ("priorita",),
    "assignee": ("assegnatario",),
    "labels": ("etichette",),
    "description": ("descrizione",),
}

#: Portuguese (Brazil), the Portuguese Jira Cloud offers. ``Seguidores`` holds the watchers' names
#: in an export of all fields (beside ``ID dos seguidores``) and their count in one of the current
#: fields: one such column and no id column, the reader reads its digits as no one
#: (``connectors.exports.jira_csv_cells.counted_watchers``).
PORTUGUESE: Table = {
    "summary": ("resumo",),
    "title": ("titulo",),
    "key": ("chave da item", "chave"),
    "id": ("id da item",),
    "type": ("tipo de item",),
    "status": ("status",),
    "status_category": ("categoria do status",),
    "priority": ("prioridade",),
    "resolution": ("resolucao",),
    "assignee": ("responsavel",),
    "assignee_id": ("id do responsavel",),
    "reporter": ("relator",),
    "reporter_id": ("id do relator",),
    "creator": ("criador",),
    "creator_id": ("id do criador",),
    "created": ("criado",),
    "updated": ("atualizado(a)", "atualizado"),
    "resolved": ("resolvido",),
    "due": ("data limite",),
    "labels": ("categorias",),
    "description": ("descricao",),
    "components": ("componentes",),
    "fix_versions": ("versoes corrigidas", "versao de correcao"),
    "parent_id": ("pai",),
    "parent_key": ("chave pai",),
    "watchers": ("seguidores",),
    "watchers_id": ("id dos seguidores",),
    "project_key": ("chave do projeto",),
    "project_name": ("projeto",),
}

#: Dutch. NOT confirmed against a Dutch Jira export (none was found; the real Dutch board of
#: the fresh sets was exported with English headers): these are the words Jira's Dutch UI and
#: Atlassian's Dutch guides use ("issuetype", "omschrijving", "toegewezen"), so a Dutch export
#: is read rather than refused; tests/test_jira_columns.py says what was and was not checked.
#: ``Issuecode`` (session 36): the key column a tool reading a team's Dutch Jira exports takes
#: (beside ``Samenvatting``, ``Prioriteit``, ``Aangemaakt``, ``Bijgewerkt``, ``Melder`` and
#: ``Aangepast veld (…)``); such an export was refused as having no Issue key column.
DUTCH: Table = {
    "summary": ("samenvatting",),
    "key": ("sleutel", "issuesleutel", "issuecode"),
    "id": ("issue-id",),
    "type": ("type issue", "issuetype"),
    "status": ("status",),
    "status_category": ("statuscategorie",),
    "priority": ("prioriteit",),
    "resolution": ("oplossing",),
    "assignee": ("toegewezen aan", "toegewezene"),
    "reporter": ("melder",),
    "created": ("aangemaakt",),
    "updated": ("bijgewerkt",),
    "resolved": ("opgelost",),
    "due": ("vervaldatum",),
    "labels": ("label", "labels"),
    "description": ("omschrijving", "beschrijving"),
    "components": ("componenten",),
    "comment": ("opmerking", "opmerkingen"),
    "parent_id": ("bovenliggend", "bovenliggende"),
    "project_key": ("projectsleutel",),
    "project_name": ("projectnaam",),
}

#: Polish. Confirmed by two real Jira Cloud exports of all fields (the tsl_login and phptravels
#: boards of session 29's search; the second one re-saved by a spreadsheet) for every name but
#: ``etykiety`` (labels) and ``komentarz`` (comment), which neither export has: those are the
#: words of Jira's Polish interface; ``Element nadrzędny`` (the parent's id, session 36) is the
#: column a tool writing Jira's Polish CSV gives a sub-task's parent. Names are folded as
#: :func:`fold` folds them (it keeps ``ł``).
POLISH: Table = {
    "summary": ("podsumowanie",),
    "key": ("klucz zgłoszenia",),
    "id": ("id. zgłoszenia",),
    "type": ("typ zgłoszenia",),
    "status": ("status",),
    "status_category": ("kategoria statusu",),
    "priority": ("priorytet",),
    "resolution": ("rozwiazanie",),
    "assignee": ("osoba przypisana",),
    "assignee_id": ("id osoby przypisanej",),
    "reporter": ("osoba zgłaszajaca",),
    "reporter_id": ("id osoby zgłaszajacej",),
    "creator": ("tworca",),
    "creator_id": ("id tworcy",),
    "created": ("utworzono",),
    "updated": ("zaktualizowano",),
    "resolved": ("rozwiazane",),
    "due": ("termin",),
    "labels": ("etykiety",),
    "description": ("opis",),
    "comment": ("komentarz",),
    "watchers": ("obserwujacy",),
    "watchers_id": ("id obserwujacych",),
    "parent_id": ("element nadrzedny",),
    "project_key": ("klucz projektu",),
    "project_name": ("nazwa projektu",),
}

#: Turkish. Confirmed by a real Jira Cloud export of all fields (session 31: the mindbridge
#: board, the first Turkish export found) for every name here: Jira's Turkish leaves no labels
#: or comment column in it, so none is guessed. Names are folded as :func:`fold` folds them (it
#: keeps the dotless ``ı``: ``Konu anahtarı`` is ``konu anahtarı``, ``Açıklama`` ``acıklama``).
TURKISH: Table = {
    "summary": ("ozet",),
    "key": ("konu anahtarı",),
    "id": ("konu kimligi",),
    "type": ("konu turu",),
    "status": ("durum",),
    "status_category": ("durum kategorisi",),
    "priority": ("oncelik",),
    "resolution": ("cozum",),
    "assignee": ("atanan kisi",),
    "assignee_id": ("atanan kimligi",),
    "reporter": ("raporlayan",),
    "reporter_id": ("raporlayıcı kimligi",),
    "creator": ("olusturan",),
    "creator_id": ("olusturan kimligi",),
    "created": ("olusturulan",),
    "updated": ("guncellendi",),
    "resolved": ("cozulme tarihi",),
    "due": ("bitis tarihi",),
    "description": ("acıklama",),
    "watchers": ("takip edenler",),
    "watchers_id": ("takip edenlerin kimlikleri",),
    "project_key": ("proje anahtarı",),
    "project_name": ("proje adı",),
}

#: Russian. Confirmed by a real Jira export of all fields (nykval/ekocrop-jira-release-map
#: ``data/jira.csv``, a Jira Server/Data Center board, 2026) for every name but those marked:
#: that export names the key ``Ключ проблемы`` and the summary ``Тема``; a tool reading Russian
#: exports of Jira Cloud (a Chrome extension's ``constants.js``) knows the older
#: ``Ключ задачи`` and ``Pезюме`` — its ``P`` is a Latin letter, as in Jira's own translation
#: (Jira's Russian HTML export of 2022 writes it so too) — and the export's ``Обновленo`` ends
#: in a Latin ``o``. Marked names are the Russian HTML export's (BulatHafizov/Bugs
#: ``Jira.html``, Jira Cloud): ``Обновлено``, ``Решено``, ``Версии исправления``, ``Категория
#: статуса``, ``Родитель``. Names are folded as :func:`fold` folds them (``й`` is ``и``).
RUSSIAN: Table = {
    "summary": ("тема", "pезюме"),  # (the second with a Latin "p", as Jira writes it)
    "key": ("ключ проблемы", "ключ задачи"),
    "id": ("идентификатор проблемы",),
    "type": ("тип задачи",),
    "status": ("статус",),
    "status_category": ("категория статуса",),  # (the HTML export's)
    "priority": ("приоритет",),
    "resolution": ("решение",),
    "assignee": ("исполнитель",),
    "reporter": ("автор",),
    "creator": ("создатель",),
    "created": ("создано",),
    "updated": ("обновленo", "обновлено"),  # (the first ends in a Latin "o"; the second: HTML)
    "resolved": ("дата решения", "решено"),  # (the second: the HTML export's)
    "due": ("срок исполнения",),
    "labels": ("метки",),
    "description": ("описание",),
    "components": ("компоненты",),
    "fix_versions": ("исправить в версиях", "версии исправления"),  # (the second: HTML)
    "sprint": ("спринт",),
    "comment": ("комментарии",),  # (Комментарий: "й" folds to "и")
    "watchers": ("наблюдатели",),
    "parent_id": ("родитель",),  # (the HTML export's)
    "project_key": ("ключ проекта",),
    "project_name": ("название проекта",),
}

#: Japanese. No Japanese export was found; its names are those a script reading a Japanese
#: Jira Cloud export (``Jira.csv``) takes from its header (``要約``, ``課題キー``, ``課題タイプ``,
#: ``ステータス``, ``優先度``, ``解決状況``, ``担当者``, ``作成日``, ``更新日``), ``課題ID`` and
#: ``報告者`` from a tool writing Jira's issues under the same names, and ``説明`` and ``ラベル``
#: from Atlassian's Japanese guides (tests/test_jira_columns.py says where each is from).
#: Kana keep their voicing marks in :func:`fold` (``タイプ`` is not ``タイフ``).
JAPANESE: Table = {
    "summary": ("要約",),
    "key": ("課題キー",),
    "id": ("課題id",),
    "type": ("課題タイプ",),
    "status": ("ステータス",),
    "priority": ("優先度",),
    "resolution": ("解決状況",),
    "assignee": ("担当者",),
    "reporter": ("報告者",),
    "created": ("作成日",),
    "updated": ("更新日",),
    "labels": ("ラベル",),
    "description": ("説明",),
}

#: Chinese (Simplified). No Chinese export was found (session 36); its names are those a tool
#: writes to reproduce "the manual Jira export" of a Chinese Jira Server site column for column
#: (a weekly-report script's 29 columns: ``问题关键字``, ``问题ID``, ``项目关键字``,
#: ``项目名称``, ``经办人``, ``概要``, ``创建日期``, ``状态``, ``创建者``, ``标签``, custom fields
#: as ``自定义字段(…)``, dates ``2026-03-25 10:30``), which a second script of the same site
#: reads back from such an export; ``问题类型`` and ``优先级`` are the first tool's own CSV's
#: names for the issue type and priority, where its other names are Jira's. Not confirmed
#: against a real export (tests/test_jira_columns.py says where each name is from).
CHINESE: Table = {
    "summary": ("概要",),
    "key": ("问题关键字",),
    "id": ("问题id",),
    "type": ("问题类型",),
    "status": ("状态",),
    "priority": ("优先级",),
    "assignee": ("经办人",),
    "creator": ("创建者",),
    "created": ("创建日期",),
    "labels": ("标签",),
    "project_key": ("项目关键字",),
    "project_name": ("项目名称",),
}

LOCALES: Mapping[str, Table] = {
    "en": ENGLISH,
    "es": SPANISH,
    "fr": FRENCH,
    "de": GERMAN,
    "it": ITALIAN,
    "pt-BR": PORTUGUESE,
    "nl": DUTCH,
    "pl": POLISH,
    "tr": TURKISH,
    "ru": RUSSIAN,
    "ja": JAPANESE,
    "zh-CN": CHINESE,
}

#: Names a tool writing Jira's issues out in a language gives a column Jira names otherwise
#: (session 30: a Spanish tool's ``Reportador`` beside Jira's Spanish names, where Jira says
#: ``Informador``). Matched as :func:`header_fields` matches underscores: only for a field no
#: column named as Jira names it gives, so an export's own column always wins. Each name means
#: that field alone in every language the reader knows (no table holds it). Session 36: a tool
#: writing issues from Jira's REST API names two date columns by their field ids
#: (``resolutiondate``, ``duedate``; a real tool's CSV of 10 resolved issues was read as 10 open
#: ones, half of them rotting).
TOOL_NAMES: Mapping[str, str] = {
    "reportador": "reporter",
    "resolutiondate": "resolved",
    "duedate": "due",
}

#: Custom fields the reader maps, by their name: untranslated in most languages' exports; a
#: Russian export translates Jira's own (``Пользовательское поле (Ссылка на эпик)``,
#: ``(Родительская ссылка)``, ``(Рейтинг)``: its Rank, the real export's ``0|i0jt4f:`` values).
CUSTOM = {
    "epic link": "epic_link",
    "parent link": "epic_link",
    "rank": "rank",
    "sprint": "sprint",
    "ссылка на эпик": "epic_link",
    "родительская ссылка": "epic_link",
    "реитинг": "rank",
}
_CUSTOM_WRAPPER = re.compile(
    r"^(?:custom field|campo personalizado|champ personnalise|benutzerdefiniertes feld|"
    r"benutzerdefinierte felder|campo personalizzato|aangepast veld|"
    r"pole niestandardowe|ozel alan|пользовательское поле|自定义字段)\s*\((.*)\)$"
)

_BY_NAME = dict(CUSTOM)
for _table in LOCALES.values():
    _BY_NAME.update((name, field) for field, names in _table.items() for name in names)


def column_field(header: str) -> str | None:
    """The canonical field a (possibly localised) column header holds, or None. A leading
    BOM is no part of the name (a header after another file's first line: files joined)."""
    folded = fold(header.lstrip("\ufeff"))
    custom = _CUSTOM_WRAPPER.match(folded)
    if custom:
        name = custom.group(1).strip()
        return CUSTOM.get(name) or ("criteria" if criteria_field(name) else None)
    return _BY_NAME.get(folded) or ("criteria" if criteria_field(folded) else None)


def written_by_tool(header: Sequence[str], rewritten: bool) -> bool:
    """Whether a tool wrote the CSV's header, not Jira's export: a column read only with its
    underscores as spaces (``rewritten``, :func:`header_fields`) or named as no export of Jira
    names one (:data:`TOOL_NAMES`: ``resolutiondate``, a REST field id)."""
    return rewritten or any(fold(name.lstrip("\ufeff")) in TOOL_NAMES for name in header)


# A column pandas renamed when it read a header naming it twice (``Comment``, ``Comment.1``,
# ``Comment.2``): an export read and written back by pandas holds its repeated columns so.
_RENAMED_AGAIN = re.compile(r"(.+)\.[1-9][0-9]*")


def header_fields(header: Sequence[str]) -> tuple[list[str | None], bool]:
    """Each column's canonical field (None: not read), and whether a column was matched only
    with its underscores read as spaces (``Issue_Type`` → ``Issue Type``): a header written by
    a tool, not Jira's own export. Such a column never takes a field that a column named as
    Jira names it already gives (case and spacing never mattered: :func:`column_field`), nor
    does a tool's own name (:data:`TOOL_NAMES`).
    ``Comment.1`` after a ``Comment`` column (pandas' name for the repeated column) is one more
    column of that field."""
    fields = [column_field(name) for name in header]
    first: dict[str, int] = {}
    for index, name in enumerate(header):
        first.setdefault(name, index)
        again = _RENAMED_AGAIN.fullmatch(name) if fields[index] is None else None
        if again and again.group(1) in first:  # pandas' ``Comment.1``: one more Comment column
            fields[index] = fields[first[again.group(1)]]
    exact = set(fields)
    rewritten = False
    for index, name in enumerate(header):
        if fields[index] is None and "_" in name:
            field = column_field(name.replace("_", " "))
            if field is not None and field not in exact:
                fields[index] = field
                rewritten = True
        elif fields[index] is None:  # a tool's own name for a field (TOOL_NAMES)
            field = TOOL_NAMES.get(fold(name.lstrip("\ufeff")))
            if field is not None and field not in exact:
                fields[index] = field
    return fields, rewritten
