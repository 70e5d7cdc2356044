"""Write ``models/data/tickets_generated.csv``: ticket-shaped training examples built from our own
templates, in five of the languages the model reads, across many product domains. Dutch
templates are here too (session 13) but not in the shipped file: ``rows(seed, DUTCH)`` adds them
after the other five's (which stay as they were for each seed); measured over 8 draws they cost
false strategic calls elsewhere (models/HISTORY "Session 13: Dutch").

Why: real boards are mostly delivery work whose words are domain nouns (teams, players, invoices,
clientes, documents). With only hand-written tickets the model met those nouns in a few examples
and gave them a role. Here every domain noun appears in delivery items (bugs, features, tasks,
sub-tasks, in the export's own issue-type names) *and* in direction items (research, metrics,
business cases about that domain), so a noun alone carries no role and the role words decide.

All templates and word lists are ours; nothing is taken from the real exports or the seed
articles. Deterministic (seeded): ``python research/delivery_corpus.py`` rewrites the same file.
Each row is tied to a phrase of ``models/data/phrases.csv`` (``phrase_id``).
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "models" / "data" / "tickets_generated.csv"
PER_LANGUAGE_TACTICAL = 110
PER_LANGUAGE_STRATEGIC = 30

# language -> domain nouns (plural, as a title uses them)
NOUNS = {
    "en": "teams players invoices patients orders drivers tenants courses students clips games "
    "documents profiles clients shipments appointments products tickets reports payments "
    "vehicles contracts users roles suppliers lessons recordings playlists warehouses claims",
    "es": "equipos jugadores facturas pacientes pedidos conductores inquilinos cursos alumnos "
    "partidos documentos perfiles clientes envios citas productos reportes pagos vehiculos "
    "contratos usuarios roles proveedores unidades operadores plantas modelos auditorias",
    "fr": "equipes joueurs factures patients commandes chauffeurs locataires cours eleves "
    "documents profils clients livraisons rendez-vous produits rapports paiements vehicules "
    "contrats utilisateurs roles fournisseurs dossiers annotations styles pages",
    "de": "Teams Spieler Rechnungen Patienten Bestellungen Fahrer Mieter Kurse Schueler "
    "Dokumente Profile Kunden Lieferungen Termine Produkte Berichte Zahlungen Fahrzeuge "
    "Vertraege Benutzer Rollen Lieferanten Auftraege Lager",
    "pt": "equipes jogadores faturas pacientes pedidos motoristas inquilinos cursos alunos "
    "documentos perfis clientes entregas consultas produtos relatorios pagamentos veiculos "
    "contratos usuarios perfis fornecedores notas lojas",
    "nl": "teams spelers facturen patienten bestellingen chauffeurs huurders cursussen leerlingen "
    "documenten profielen klanten leveringen afspraken producten rapporten betalingen voertuigen "
    "contracten gebruikers rollen leveranciers leden vrijwilligers evenementen pagina's",
}

# language -> (issue-type name for bug, task, sub-task, story), as exports in that language say it
TYPES = {
    "en": ("Bug", "Task", "Sub-task", "Story"),
    "es": ("Error", "Tarea", "Subtarea", "Historia"),
    "fr": ("Bogue", "Tâche", "Sous-tâche", "Récit"),
    "de": ("Fehler", "Aufgabe", "Unteraufgabe", "Story"),
    "pt": ("Bug", "Tarefa", "Subtarefa", "História"),
    "nl": ("Bug", "Taak", "Subtaak", "Story"),
}
COLUMNS = {
    "en": ["", "", "To Do", "Doing", "Code Review", "QA", "Done", "Backlog"],
    "es": ["", "", "Por hacer", "En curso", "Pruebas", "Terminado", "Backlog"],
    "fr": ["", "", "A faire", "En cours", "Recette", "Termine", "Backlog"],
    "de": ["", "", "Zu erledigen", "In Arbeit", "Test", "Fertig", "Backlog"],
    "pt": ["", "", "A fazer", "Em andamento", "Homologacao", "Concluido", "Backlog"],
    "nl": ["", "", "Te doen", "Bezig", "Testen", "Gereed", "Backlog"],
}
DISCOVERY_COLUMNS = {
    "en": ["", "", "Discovery", "Ideas", "Roadmap", "Strategy"],
    "es": ["", "", "Descubrimiento", "Ideas", "Hoja de ruta", "Estrategia"],
    "fr": ["", "", "Decouverte", "Idees", "Feuille de route", "Strategie"],
    "de": ["", "", "Discovery", "Ideen", "Roadmap", "Strategie"],
    "pt": ["", "", "Descoberta", "Ideias", "Roadmap", "Estrategia"],
    "nl": ["", "", "Discovery", "Ideeen", "Roadmap", "Strategie"],
}

# (kind, phrase_id, template); {n} = a domain noun, {m} = another one
TACTICAL = {
    "en": [
        ("bug", "p108", "{N} list does not load after login"),
        ("bug", "p108", "{N} page crashes on Android"),
        ("bug", "p108", "Duplicate {n} after import"),
        ("bug", "p108", "Cannot edit {n} name"),
        ("bug", "p108", "Wrong total on the {n} screen"),
        ("bug", "p108", "{N} filter ignores the date range"),
        ("bug", "p108", "Error 500 when saving {n}"),
        ("bug", "p108", "{N} thumbnails missing on iOS"),
        ("story", "p107", "Add a search box to the {n} page"),
        ("story", "p107", "Allow admins to archive {n}"),
        ("story", "p107", "Show {m} on the {n} detail page"),
        ("story", "p107", "Export {n} to CSV"),
        ("story", "p107", "Bulk edit {n}"),
        ("story", "p107", "As an admin I want to merge duplicate {n}"),
        ("story", "p107", "Email notification when {n} change"),
        ("task", "p051", "Refactor the {n} service"),
        ("task", "p051", "Add pagination to the {n} endpoint"),
        ("task", "p051", "Migrate {n} to the new schema"),
        ("task", "p051", "Write unit tests for {n} import"),
        ("task", "p051", "Cache {n} queries"),
        ("task", "p075", "Investigate slow {n} sync"),
        ("sub", "p051", "Frontend - {n} table"),
        ("sub", "p051", "Backend - {n} CRUD"),
        ("sub", "p051", "API - list {n} by {m}"),
        ("task", "p050", "Test {n} import on staging"),
        ("task", "p051", "Retrain the scoring model for {n}"),
        ("task", "p075", "Investigate the {n} sync error"),
        ("task", "p051", "Update the test plan for {n}"),
    ],
    "es": [
        ("bug", "p108", "La lista de {n} no carga al iniciar sesión"),
        ("bug", "p108", "Error al guardar {n}"),
        ("bug", "p108", "{N} duplicados después de importar"),
        ("bug", "p108", "No se puede editar el nombre de {n}"),
        ("bug", "p108", "El filtro de {n} ignora las fechas"),
        ("bug", "p108", "Total incorrecto en la pantalla de {n}"),
        ("story", "p107", "Agregar búsqueda en la pantalla de {n}"),
        ("story", "p107", "Permitir archivar {n}"),
        ("story", "p107", "Mostrar {m} en el detalle de {n}"),
        ("story", "p107", "Exportar {n} a Excel"),
        ("story", "p107", "Como administrador quiero dar de alta {n}"),
        ("story", "p107", "Consulta y filtrado de {n}"),
        ("task", "p051", "Refactorizar el servicio de {n}"),
        ("task", "p051", "Migrar {n} al nuevo esquema"),
        ("task", "p051", "Pruebas unitarias de la carga de {n}"),
        ("task", "p051", "Actualizar permisos de {n}"),
        ("task", "p051", "Ejecución del proceso de {n}"),
        ("task", "p075", "Revisar incidente en {n}"),
        ("sub", "p051", "Front - Pantalla de {n}"),
        ("sub", "p051", "Back - Endpoints CRUD de {n}"),
        ("sub", "p051", "DB - Modelo de datos de {n}"),
        ("sub", "p051", "Frontend - Tabla de {n} con filtros"),
        ("task", "p050", "Validar la carga de {n} en pruebas"),
        ("task", "p051", "Ajustar el modelo de {n}"),
        ("task", "p051", "Ejecución del modelo de {n}"),
        ("task", "p075", "Investigar el error en la carga de {n}"),
        ("task", "p051", "Actualizar el plan de pruebas de {n}"),
    ],
    "fr": [
        ("bug", "p108", "La liste des {n} ne se charge pas"),
        ("bug", "p108", "Erreur lors de l'enregistrement des {n}"),
        ("bug", "p108", "{N} en double après l'import"),
        ("bug", "p108", "Impossible de modifier les {n}"),
        ("bug", "p108", "Affichage des {n} incorrect sous Firefox"),
        ("bug", "p108", "Le filtre des {n} ne fonctionne pas"),
        ("story", "p107", "Ajouter une recherche sur la page des {n}"),
        ("story", "p107", "Permettre d'archiver les {n}"),
        ("story", "p107", "Afficher les {m} dans le détail des {n}"),
        ("story", "p107", "Exporter les {n} en CSV"),
        ("story", "p107", "En tant qu'administrateur je veux supprimer des {n}"),
        ("task", "p051", "Refonte du service des {n}"),
        ("task", "p051", "Migration des {n} vers le nouveau schéma"),
        ("task", "p051", "Tests unitaires de l'import des {n}"),
        ("task", "p051", "Gestion des {n} en mode déconnecté"),
        ("task", "p051", "Synchronisation des {n}"),
        ("task", "p075", "Analyser la lenteur du chargement des {n}"),
        ("sub", "p051", "Création de l'écran des {n}"),
        ("sub", "p051", "Développement de l'export des {n}"),
        ("sub", "p051", "Tests IE11 sur les {n}"),
        ("task", "p050", "Valider les {n} sur la recette"),
        ("task", "p051", "Ajuster le modèle de calcul des {n}"),
        ("task", "p051", "Mettre à jour le plan de tests des {n}"),
    ],
    "de": [
        ("bug", "p108", "{N}-Liste lädt nicht nach der Anmeldung"),
        ("bug", "p108", "Fehler beim Speichern der {n}"),
        ("bug", "p108", "Doppelte {n} nach dem Import"),
        ("bug", "p108", "{N} können nicht bearbeitet werden"),
        ("bug", "p108", "Falsche Summe in der {n}-Ansicht"),
        ("story", "p107", "Suche auf der {n}-Seite hinzufügen"),
        ("story", "p107", "{N} archivieren können"),
        ("story", "p107", "{M} in der Detailansicht der {n} anzeigen"),
        ("story", "p107", "{N} als CSV exportieren"),
        ("story", "p107", "Als Administrator möchte ich {n} zusammenführen"),
        ("task", "p051", "{N}-Dienst umbauen"),
        ("task", "p051", "{N} auf das neue Schema migrieren"),
        ("task", "p051", "Unit-Tests für den {n}-Import schreiben"),
        ("task", "p075", "Langsame Synchronisation der {n} untersuchen"),
        ("sub", "p051", "Frontend: {n}-Tabelle"),
        ("sub", "p051", "Backend: {n}-Endpunkt"),
        ("task", "p050", "{N}-Import auf Staging testen"),
        ("task", "p051", "Datenmodell der {n} anpassen"),
        ("task", "p051", "Testplan für {n} aktualisieren"),
    ],
    "pt": [
        ("bug", "p108", "Lista de {n} não carrega após o login"),
        ("bug", "p108", "Erro ao salvar {n}"),
        ("bug", "p108", "{N} duplicados após a importação"),
        ("bug", "p108", "Não é possível editar {n}"),
        ("bug", "p108", "Total errado na tela de {n}"),
        ("story", "p107", "Adicionar busca na tela de {n}"),
        ("story", "p107", "Permitir arquivar {n}"),
        ("story", "p107", "Mostrar {m} no detalhe de {n}"),
        ("story", "p107", "Exportar {n} para CSV"),
        ("story", "p107", "Como administrador quero cadastrar {n}"),
        ("task", "p051", "Refatorar o serviço de {n}"),
        ("task", "p051", "Migrar {n} para o novo esquema"),
        ("task", "p051", "Testes unitários da importação de {n}"),
        ("task", "p075", "Investigar lentidão na sincronização de {n}"),
        ("sub", "p051", "Frontend - tela de {n}"),
        ("sub", "p051", "Backend - CRUD de {n}"),
        ("task", "p050", "Testar importação de {n} em homologação"),
        ("task", "p051", "Ajustar o modelo de {n}"),
        ("task", "p051", "Atualizar o plano de testes de {n}"),
    ],
    "nl": [
        ("bug", "p108", "Lijst met {n} laadt niet na het inloggen"),
        ("bug", "p108", "Foutmelding bij het opslaan van {n}"),
        ("bug", "p108", "Dubbele {n} na de import"),
        ("bug", "p108", "Kan {n} niet bewerken"),
        ("bug", "p108", "Verkeerd totaal op het scherm met {n}"),
        ("bug", "p108", "Filter op {n} negeert de datum"),
        ("story", "p107", "Zoekveld toevoegen aan de pagina met {n}"),
        ("story", "p107", "{N} kunnen archiveren"),
        ("story", "p107", "{M} tonen bij de details van {n}"),
        ("story", "p107", "{N} exporteren naar CSV"),
        ("story", "p107", "Als beheerder wil ik {n} kunnen samenvoegen"),
        ("story", "p107", "Als gebruiker wil ik mijn {n} kunnen filteren"),
        ("task", "p051", "Service voor {n} herschrijven"),
        ("task", "p051", "{N} migreren naar het nieuwe schema"),
        ("task", "p051", "Unittests voor de import van {n}"),
        ("task", "p075", "Trage synchronisatie van {n} onderzoeken"),
        ("sub", "p051", "Frontend - overzicht van {n}"),
        ("sub", "p051", "Backend - CRUD voor {n}"),
        ("task", "p050", "Import van {n} testen op de testomgeving"),
        ("task", "p051", "Datamodel van {n} aanpassen"),
        ("task", "p051", "Testplan voor {n} bijwerken"),
    ],
}

STRATEGIC = {
    "en": [
        ("p001", "Research why {n} churn"),
        ("p001", "Interview customers about how they manage {n}"),
        ("p007", "Define the success metric for {n} adoption"),
        ("p007", "Which KPI tells us the {n} pilot worked?"),
        ("p072", "Business case for a paid {n} add-on"),
        ("p071", "Competitor analysis: how rivals handle {n}"),
        ("p003", "Product vision for {n} management"),
        ("p004", "Roadmap for the {n} product area"),
        ("p026", "Should we invest in {n} or {m} next year?"),
        ("p095", "Pricing model for {n}"),
        ("p091", "Persona for people who manage {n}"),
        ("p032", "Problem statement for {n} tracking"),
        ("p104", "Survey {n} owners about what they would pay for"),
        ("p007", "Usability test to measure how long adding {n} takes"),
        ("p104", "NPS question for people who manage {n}"),
        ("p020", "Annual planning for the {n} product"),
    ],
    "es": [
        ("p001", "Investigar por qué se pierden {n}"),
        ("p001", "Entrevistas de descubrimiento sobre la gestión de {n}"),
        ("p007", "Definir la métrica de éxito de adopción de {n}"),
        ("p072", "Caso de negocio para un módulo de {n}"),
        ("p071", "Análisis de la competencia en gestión de {n}"),
        ("p003", "Visión del producto para la gestión de {n}"),
        ("p004", "Hoja de ruta del área de {n}"),
        ("p026", "Decidir si invertir en {n} o en {m}"),
        ("p095", "Modelo de precios para {n}"),
        ("p032", "Planteamiento del problema en la gestión de {n}"),
        ("p104", "Encuesta de satisfacción sobre la gestión de {n}"),
        ("p020", "Planeación estratégica del área de {n}"),
        ("p026", "Priorizar la inversión entre {n} y {m}"),
    ],
    "fr": [
        ("p001", "Étude de marché sur les besoins autour des {n}"),
        ("p001", "Entretiens de découverte sur la gestion des {n}"),
        ("p007", "Définir l'indicateur de succès pour les {n}"),
        ("p072", "Business case d'un module de {n}"),
        ("p071", "Analyse concurrentielle de la gestion des {n}"),
        ("p003", "Vision produit pour la gestion des {n}"),
        ("p004", "Feuille de route du domaine des {n}"),
        ("p026", "Choisir entre investir dans les {n} ou les {m}"),
        ("p095", "Modèle de tarification des {n}"),
        ("p032", "Énoncé du problème de la gestion des {n}"),
        ("p104", "Enquête de satisfaction sur la gestion des {n}"),
        ("p020", "Planification stratégique du domaine des {n}"),
    ],
    "de": [
        ("p001", "Marktforschung: warum {n} abwandern"),
        ("p001", "Discovery-Interviews zur Verwaltung der {n}"),
        ("p007", "Erfolgskennzahl für die Nutzung der {n} festlegen"),
        ("p072", "Business Case für ein {n}-Modul"),
        ("p071", "Wettbewerbsanalyse zur Verwaltung der {n}"),
        ("p003", "Produktvision für die {n}-Verwaltung"),
        ("p004", "Roadmap für den Bereich {n}"),
        ("p026", "Entscheiden: in {n} oder {m} investieren?"),
        ("p095", "Preismodell für {n}"),
        ("p032", "Problemstellung bei der Verwaltung der {n}"),
        ("p104", "Umfrage zur Zufriedenheit mit der Verwaltung der {n}"),
        ("p020", "Strategische Planung für den Bereich {n}"),
    ],
    "pt": [
        ("p001", "Pesquisar por que perdemos {n}"),
        ("p001", "Entrevistas de descoberta sobre a gestão de {n}"),
        ("p007", "Definir a métrica de sucesso para {n}"),
        ("p072", "Caso de negócio para um módulo de {n}"),
        ("p071", "Análise da concorrência na gestão de {n}"),
        ("p003", "Visão do produto para a gestão de {n}"),
        ("p004", "Roadmap da área de {n}"),
        ("p026", "Decidir se investimos em {n} ou em {m}"),
        ("p095", "Modelo de preços para {n}"),
        ("p032", "Definição do problema na gestão de {n}"),
        ("p104", "Pesquisa de satisfação sobre a gestão de {n}"),
        ("p020", "Planejamento estratégico da área de {n}"),
    ],
    "nl": [
        ("p001", "Onderzoeken waarom we {n} verliezen"),
        ("p001", "Discovery-interviews over het beheer van {n}"),
        ("p007", "Succesmaatstaf voor het gebruik van {n} bepalen"),
        ("p072", "Businesscase voor een module voor {n}"),
        ("p071", "Concurrentieanalyse van het beheer van {n}"),
        ("p003", "Productvisie voor het beheer van {n}"),
        ("p004", "Roadmap voor het domein {n}"),
        ("p026", "Beslissen: investeren in {n} of in {m}?"),
        ("p095", "Prijsmodel voor {n}"),
        ("p032", "Probleemstelling bij het beheer van {n}"),
        ("p104", "Tevredenheidsenquete over het beheer van {n}"),
        ("p020", "Strategische planning voor het domein {n}"),
    ],
}


def fill(template: str, rng: random.Random, nouns: list[str]) -> str:
    n, m = rng.sample(nouns, 2)
    return (
        template.replace("{N}", n[:1].upper() + n[1:])
        .replace("{M}", m[:1].upper() + m[1:])
        .replace("{n}", n)
        .replace("{m}", m)
    )


SHIPPED = ("en", "es", "fr", "de", "pt")
DUTCH = (*SHIPPED, "nl")


def rows(seed: int = 12, languages: tuple[str, ...] = SHIPPED) -> list[dict[str, str]]:
    rng = random.Random(seed)
    out: list[dict[str, str]] = []
    seen: set[str] = set()
    for lang, nouns_text in NOUNS.items():
        if lang not in languages:
            continue
        nouns = nouns_text.split()
        bug, task, sub, story = TYPES[lang]
        type_of = {"bug": bug, "task": task, "sub": sub, "story": story}
        made = 0
        while made < PER_LANGUAGE_TACTICAL:
            kind, phrase, template = rng.choice(TACTICAL[lang])
            title = fill(template, rng, nouns)
            if title in seen:
                continue
            seen.add(title)
            typ = type_of[kind] if rng.random() < 0.6 else ""
            column = rng.choice(COLUMNS[lang])
            out.append(_row(title, "tactical", typ, column, phrase))
            made += 1
        made = 0
        while made < PER_LANGUAGE_STRATEGIC:
            phrase, template = rng.choice(STRATEGIC[lang])
            title = fill(template, rng, nouns)
            if title in seen:
                continue
            seen.add(title)
            typ = rng.choice(["", "", "", task, "Epic"])
            column = rng.choice(DISCOVERY_COLUMNS[lang])
            out.append(_row(title, "strategic", typ, column, phrase))
            made += 1
    return out


def _row(title: str, label: str, typ: str, column: str, phrase: str) -> dict[str, str]:
    return {
        "title": title,
        "description": "",
        "label": label,
        "type": typ,
        "column": column,
        "phrase_id": phrase,
    }


def main() -> int:
    data = rows()
    with OUT.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(data[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(data)
    print(f"wrote {OUT} ({len(data)} rows)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
