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


# Japanese titles written for this test: long ones (wider than the evidence column) and short.
JAPANESE_TITLES = [
    "ユーザーがプロフィール画像をアップロードしてトリミングできるようにする機能を追加する",
    "支払い画面で合計金額が正しく表示されない不具合を修正して再度テストする必要がある",
    "通知設定の画面を作る",
    "検索結果の並び順を変更できるようにする",
    "ログイン画面の文言を修正する",
    "管理画面で利用者の一覧をCSVで書き出せるようにする機能の追加",
]


def test_a_wide_title_cut_in_the_flags_keeps_the_separator_between_items(tmp_path):
    """A Japanese title was cut at 50 characters (100 cells), wider than the evidence column,
    whose ellipsis then cut it again and took the "; " before the next item with it: titles
    are cut at 50 cells and a wider word folds over lines."""
    from rich.cells import cell_len

    from tests.test_wide_titles import scan_ready_cards

    report = scan_ready_cards(JAPANESE_TITLES, "ボード", tmp_path)
    assert "ready-without-ac" in {f.code for f in report.flags}
    for width in (80, 60):
        out = get_format("table", width=width).render(report)
        block = out[out.index("Items: S") : out.index("(+1 more)")]
        text = "".join(line.strip() for line in block.splitlines())
        refs = re.findall(r"S\d{7}", text)
        assert len(refs) == 5 and text.count(";") == 4, text  # "; " after each but the last
        # (lines joined without spaces: the title may follow its key on the next line)
        for title in re.split(r"S\d{7}", text.removeprefix("Items: "))[1:]:
            title = title.strip().removesuffix(";")
            assert cell_len(title) <= 50 and (title in JAPANESE_TITLES or title.endswith("…"))


def test_a_long_role_leaves_the_sparkline_less_room_not_the_caption():
    """A role 11 letters long ("contributor", inferred on a real board) made the people table 82
    cells wide at 80 columns: its right edge was cut, and its caption, wrapped to 82 cells, lost
    a letter ("Per week" read "Pe")."""
    b = drift_board("trello")
    for person in b.board.people.values():
        person.display_name = person.display_name + " Rubio Sanchez de la Vega"
    roles = roles_for(
        b.board,
        '[people]\n"alicem" = "designer-ux"\n"bobs" = "designer-ux"\n'
        '[roles.designer-ux]\nfocus = "none"\n',
    )
    report = scan_board(b.board, KeywordModel(), roles=roles, window="week")  # many windows
    out = get_format("table", width=80).render(report)
    block = out[out.index("People — balance against role") : out.index("A person's strategic")]
    rule = next(line for line in block.splitlines() if line.strip().startswith("─"))
    assert len(rule) <= 80 and rule.rstrip().endswith("─")  # the table's whole width shown
    caption = out[out.index("A person's strategic share") :].split("\n\n")[0]
    assert re.search(r"Per week( \(the last \d+ of \d+\))?: that share", " ".join(caption.split()))


def test_at_70_columns_the_people_table_leaves_the_sparkline_out_rather_than_cut_the_table():
    """At 70 columns the people table kept a 6-cell sparkline and came out 72 to 74 cells wide
    on real boards (its Drift column and edge cut): now it has no sparkline there, and its
    caption no word about one; at 60 the names are cut shorter too; at 80 both stay."""
    b = drift_board("trello")
    for person in b.board.people.values():
        person.display_name = person.display_name + " Rubio Sanchez de la Vega"
    roles = roles_for(b.board, '[people]\n"alicem" = "designer-ux"\n[roles.designer-ux]\n')
    report = scan_board(b.board, KeywordModel(), roles=roles, window="week")
    for width, sparkline in ((60, False), (70, False), (80, True)):
        out = get_format("table", width=width).render(report)
        block = out[out.index("People — balance against role") : out.index("A person's strategic")]
        rule = next(line for line in block.splitlines() if line.strip().startswith("─"))
        assert len(rule) <= width and rule.rstrip().endswith("─")
        assert ("Per week" in block) is sparkline
        caption = out[out.index("A person's strategic share") :].split("\n\n")[0]
        said = re.search(
            r"Per week( \(the last \d+ of \d+\))?: that share", " ".join(caption.split())
        )
        assert bool(said) is sparkline
        assert "(strategic + tactical) of the activity" in " ".join(caption.split())  # not cut


def test_a_sparkline_shorter_than_the_windows_says_which_it_shows():
    """At 80 columns the sparkline shows the last windows that fit (14 of a 26-week board), as
    the windows table below shows them all: the caption says so."""
    b = drift_board("trello")
    report = scan_board(b.board, KeywordModel(), window="week")
    out = get_format("table", width=80).render(report)
    block = out[out.index("People — balance against role") : out.index("A person's strategic")]
    row = next(line for line in block.splitlines() if "Alice" in line)
    cells = len(re.findall(r"[▁▂▃▄▅▆▇█·]", row.split("%", 1)[1]))  # after the Strategic bar
    caption = " ".join(out[out.index("A person's strategic share") :].split("\n\n")[0].split())
    assert cells < len(report.windows)
    assert f"Per week (the last {cells} of {len(report.windows)}): that share" in caption
    wide = get_format("table", width=120).render(report)  # room for every window
    assert "Per week: that share" in " ".join(wide.split())


def test_at_60_columns_the_count_tables_leave_columns_out_rather_than_cut_counts():
    """At 60 columns rich cut the windows table's and the people table's counts ("2…" for 271,
    headings "A…", "T…"): the windows table now leaves out From, the people table what each
    created, moved and commented (below 77 columns: at 70 rich cut their headings, "Str…",
    "Cr…"), and their captions say so; at 77 every column stays."""
    b = drift_board("trello")
    report = scan_board(b.board, KeywordModel(), window="week")
    for width in (60, 70):  # no count nor heading cut
        out = get_format("table", width=width).render(report)
        assert not re.search(r"\d…|…\s+…|\b(Str|Tac|Cr|Creat|Mov|Co|Per mo)…", out), out
    narrow = get_format("table", width=60).render(report)
    windows = narrow[narrow.index("Balance over time") : narrow.index("People — what they did")]
    assert re.search(r"Window\s+Acts\s+Strat\.\s+Tact\.\s+Unc\.\s+Strategic share", windows)
    assert "(From) is left out at this width" in " ".join(windows.split())
    people = narrow[narrow.index("People — what they did") :]
    assert re.search(r"Person\s+Acts\s+Strat\.\s+Tact\.\s+Unc\.", people)
    assert "Created, Moved and Comm. are left out at this width" in " ".join(people.split())
    wide = get_format("table", width=77).render(report)
    assert re.search(r"Window\s+From\s+Acts", wide) and re.search(r"Acts\s+Created\s+Moved", wide)
    assert "left out at this width" not in wide


def test_windows_of_n_days_keep_their_counts_headed_whole_at_80_columns():
    """A window of N days ("--window 14d", and "sprint" on a board without sprints) is named by
    its dates, and the From column beside it squeezed the headings at 80 columns to "Ac…",
    "St…", "T…", "Un…": its first day is in its name, so From is left out for it."""
    b = drift_board("trello")
    for window in ("14d", "sprint"):
        report = scan_board(b.board, KeywordModel(), window=window)
        out = get_format("table", width=80).render(report)
        block = out[out.index("Balance over time") : out.index("People — what they did")]
        assert re.search(r"Window\s+Acts\s+Strat\.\s+Tact\.\s+Unc\.\s+Strategic share", block)
        assert "…" not in block and "left out at this width" not in block
        first = report.windows[0]
        assert f"{first.start.isoformat()}.." in block  # the first day, in the window's name
    weekly = get_format("table", width=80).render(
        scan_board(b.board, KeywordModel(), window="week")
    )
    assert re.search(r"Window\s+From\s+Acts", weekly)  # "2024-W01" does not say its first day


def test_the_balance_table_keeps_its_counts_in_a_narrow_terminal():
    """At 60 columns the Balance table lost its Items and Activity columns altogether (a Total
    row with no number), at 70 their headings read "Ite…", "Act…": narrower than 76 columns
    its share columns are headed "Share" with shorter bars (66 and up) or none."""
    b = drift_board("trello")
    report = scan_board(b.board, KeywordModel(), window="week")
    s = report.summary
    for width, bars in ((60, False), (70, True), (80, True)):
        out = get_format("table", width=width).render(report)
        block = out[out.index("Balance\n") : out.index("Uncertain: confidence")]
        assert re.search(r"\bItems\s+Share.*\bActivity\s+Share", block), block
        total = next(line for line in block.splitlines() if line.strip().startswith("Total"))
        assert total.split()[1:] == [str(s.items.total), str(s.activities.total)], total
        assert ("░" in block) is bars and max(map(len, block.splitlines())) <= width


def test_the_assigned_items_table_keeps_its_headings_at_60_columns():
    """With 18-cell names the table is 66 cells: at 60 columns "Reported" read "Report…"."""
    b = drift_board("trello")
    for person in b.board.people.values():
        person.display_name = person.display_name + " Rubio Sanchez de la Vega"
    out = get_format("table", width=60).render(scan_board(b.board, KeywordModel()))
    block = out[out.index("People — items they are assigned") :].split("\n\n")[1]
    assert re.search(r"Person\s+Items\s+Strat\.\s+Tact\.\s+Unc\.\s+Reported\b", block), block
    assert "Alice Marti…" in block  # the name is what gives way
