"""Session 17 (issue 12): direction wording in German, Spanish, French and Portuguese (and
Dutch), measured over the eight template draws of ``research.real_dev_sweep`` (dev halves only;
every ``*-test`` half is left to the lead).

Each ``--variant`` widens a vocabulary of ``models.rules`` in this process before the sweep runs
(the sweep trains and scans in process), so a variant needs no edit of the shipped code; they
are rules of the scan, so ``--keep DIR`` reuses the draws' models (``nl-research`` goes with
``--extra`` tickets: retrain). Everything after ``--`` goes to ``real_dev_sweep``::

    python -m research.s17_langs --variant nl-research -- --keep DIR --extra CSV \\
        --seeds 12,1,2,3,4,5,6,7 --fresh /work/freshdata ... --fresh7 /work/freshdata7

``--titles FOLDER ...`` instead lists the titles of every export under the folders that the
widened title vocabulary names and ``rules._TITLE_RESEARCH`` as this module found it did not
(file name and id only; no labels read). models/HISTORY.md ("Session 17: direction wording in
German, Spanish, French and Portuguese") has what each measured.

Shipped in session 17 (measured on main before; on the shipped code they add nothing):

- ``as-is``: a German as-is or target analysis (*Ist-Analyse*, *Soll-Konzept*…) names direction
  work in a title (``title_names_research``); ``as-is-all`` also the Spanish, Portuguese,
  French and English wording (``rules.AS_IS_ANALYSIS`` is that one);
- ``de-compounds``: German compounds whose last part is a direction word (*Produktvision*,
  *Produktstrategie*, *Quartalsziele*, *Kundeninterviews*…) are direction words of an item;
- ``plan-verbs``: the verb "to plan" in the other four languages (*planen*, *planear*,
  *planificar*, *planifier*, *planejar*) names direction work as English "plan" does.

Measured, not shipped:

- ``invest-verbs``: likewise "to invest" (*investieren*, *invertir*, *investir*);
- ``usability-title``: a title naming a usability test (*pruebas de usabilidad*, *teste de
  usabilidade*, *test d'utilisabilité*, *Usability-Test*, *Nutzertest*) names research work;
- ``nl-research``: Dutch *onderzoek* (research) and its compounds are direction words of an
  item, and the board's damping spares them up to a quarter of its items as it spares
  interviews and surveys; with ``--extra research/data/s17_nl_tickets.csv`` (the Dutch research
  tickets of ``s16_vocab_tickets.csv``: the model knows no Dutch research word otherwise).
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import models.rules as rules  # noqa: E402
from research import halves, real_dev_sweep  # noqa: E402
from research.variants import install_chosen, widen_direction, widen_title_research  # noqa: E402

AS_IS_DE = r"(?:ist|soll)\s?(?:analyse|aufnahme|zustand|konzept|situation)\w*"
AS_IS_OTHER = (
    r"analisis\s(?:de\s)?(?:la\s)?situacion\sactual|diagnostico\s(?:de\s)?(?:la\s)?situacion\w*|"
    r"analise\s(?:da\s)?situacao\satual|diagnostico\s(?:da\s)?situacao\w*|"
    r"analyse\s(?:de\s)?(?:l\s)?existant|etat\sdes\slieux|as\sis\s(?:analysis|assessment)|"
    r"current\sstate\s(?:analysis|assessment)"
)
AS_IS_PIECES_DE = ("analyse", "aufnahme", "zustand", "konzept", "situation")
AS_IS_PIECES_OTHER = ("situacion", "situacao", "existant", "lieux", "assessment", "analysis")

DE_COMPOUNDS = r"""
    (?:produkt|unternehmens|geschafts|wachstums|marketing|vertriebs|markt|preis|digital|marken)strategie\w*
    (?:produkt|unternehmens|marken)vision\w* (?:quartals|jahres|unternehmens|produkt)ziele?
    \w+interviews? \w*befragung\w* konkurren\w* zielgruppen\w* \w+hypothesen?
    \w+forschung forschung\w* metriken ist(?:analyse|aufnahme|zustand)\w* soll(?:konzept|zustand)\w*
    \w+roadmaps?
"""
PLAN_VERBS = r"planen planear planificar planifier planejar"
INVEST_VERBS = r"investieren invertir investir"
USABILITY_TITLE = (
    r"(?:pruebas?|tests?|testes?)\s(?:de\s)?(?:usabilidad|usability|usabilidade|utilisabilite)|"
    r"(?:usabilidad|usability|usabilidade|utilisabilite)\s(?:tests?|testing|pruebas?|testes?)|"
    r"usability\stests?|nutzertest\w*|benutzertest\w*"
)
USABILITY_PIECES = ("usabili", "utilisabili", "nutzertest", "benutzertest")
NL_RESEARCH = r"onderzoek\w* \w+onderzoek\w*"

_SHIPPED_TITLE = rules._TITLE_RESEARCH
_SHIPPED_PIECES = rules.TITLE_RESEARCH_PIECES


def _nl_research() -> None:
    """Dutch research (*onderzoek*, *gebruikersonderzoek*) a direction word of an item, and a
    board's damping spares it up to ``BOARD_WORDS_SPARED_UP_TO`` as it does interviews."""
    widen_direction(NL_RESEARCH)
    spared = rules._TALKING_RESEARCH + "|" + "|".join(NL_RESEARCH.split())
    rules._SPARED_RESEARCH = re.compile(r"\b(?:" + spared + r")\b")


VARIANTS = {
    "as-is": lambda: widen_title_research(AS_IS_DE, AS_IS_PIECES_DE),
    "as-is-all": lambda: widen_title_research(
        AS_IS_DE + "|" + AS_IS_OTHER, AS_IS_PIECES_DE + AS_IS_PIECES_OTHER
    ),
    "de-compounds": lambda: widen_direction(DE_COMPOUNDS),
    "plan-verbs": lambda: widen_direction(PLAN_VERBS),
    "invest-verbs": lambda: widen_direction(INVEST_VERBS),
    "usability-title": lambda: widen_title_research(USABILITY_TITLE, USABILITY_PIECES),
    "nl-research": _nl_research,
}


def title_hits(folders: list[Path]) -> int:
    """Print each export's titles that the installed title vocabulary names and the shipped
    one does not (file name and id only), and return how many."""
    hits = 0
    for path, board in halves.read_exports(folders, say_unread=False):
        for item in board.items:
            said = rules._SEPARATORS.sub(" ", rules.fold_accents(item.title or "").lower())
            if rules.title_names_research(item.title) and not _SHIPPED_TITLE.search(said):
                hits += 1
                print(f"{path.name} {item.id}")
    return hits


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--titles", nargs="*", type=Path, default=None)
    args, rest = install_chosen(VARIANTS, parser, argv)
    if args.titles is not None:
        print(f"titles newly named: {title_hits(args.titles)}")
        return 0
    return real_dev_sweep.main(rest)


if __name__ == "__main__":
    sys.exit(main())
