"""A drift sentence that begins with a person's name keeps the name as written ("polob stays
on role", not "Polob": jsai2021's username read as another name); other sentences open with a
capital."""

from __future__ import annotations

from ownership_boards import KeywordModel, drift_board, roles_for

from analyzer.formats import get_format
from analyzer.pipeline import scan_board
from analyzer.report import sentence_start


def test_sentence_start_keeps_a_name_and_capitalises_the_rest():
    assert sentence_start("polob stays on role", "polob") == "polob stays on role"
    assert sentence_start("too thin to judge polob", "polob") == "Too thin to judge polob"
    assert sentence_start("the board's balance is steady") == "The board's balance is steady"


def test_a_lower_case_name_stays_lower_case_in_every_drift_sentence():
    b = drift_board("jira")
    alice = next(p for p in b.board.people.values() if p.display_name == "Alice Martin")
    alice.display_name = "alice martin"
    roles = roles_for(b.board, '[people]\n"alice martin" = "pm"\n"bobs" = "po"\n')
    report = scan_board(b.board, KeywordModel(), roles=roles)
    [flag] = [f for f in report.flags if f.code == "role-drift"]
    assert flag.message.startswith("alice martin (declared pm) drifted")
    verdict = next(line.text for line in report.verdict.lines if line.topic == "Drift")
    assert verdict.startswith("alice martin (declared pm) drifted")
    md = get_format("markdown").render(report)
    assert "- alice martin (declared pm) drifted" in md and "Alice martin" not in md
    table = " ".join(get_format("table", width=100).render(report).split())
    assert "• alice martin (declared pm) drifted" in table and "Alice martin" not in table
