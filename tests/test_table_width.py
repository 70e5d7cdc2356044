"""The terminal report laid out for 80 columns: counts whole, no column one letter wide."""

from __future__ import annotations

import re

from ownership_boards import KeywordModel, drift_board, roles_for

from analyzer.formats import get_format
from analyzer.pipeline import scan_board


def test_80_columns_keep_counts_whole_and_words_readable():
    b = drift_board("trello")
    for person in b.board.people.values():
        person.display_name = person.display_name + " Rubio Sanchez de la Vega"
    roles = roles_for(
        b.board,
        '[people]\n"alicem" = "product-marketing-lead"\n"bobs" = "po"\n'
        '[roles.product-marketing-lead]\nfocus = "none"\n',
    )
    report = scan_board(b.board, KeywordModel(), roles=roles, window="week")  # many windows
    out = get_format("table", width=80).render(report)
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert not [line for line in lines if re.search(r"\d…", line)]  # no count cut
    assert not [line for line in lines if re.fullmatch(r"\s{40,}\S{1,2}", line)]
    table = out[out.index("People — balance against role") :].splitlines()
    header = table[2]
    assert re.search(r"Person\s+Role\s+Acts\s+Strategic\s+Per week\s+Drift", header), header
    assert not [line for line in table[4:6] if "…" in line.split("   ", 3)[-1]]  # whole cells
    inferred = get_format("table", width=80).render(scan_board(b.board, KeywordModel()))
    table = inferred[inferred.index("People — balance against role") :]
    assert "(inferred)" not in table.splitlines()[3]  # the title says roles are inferred
