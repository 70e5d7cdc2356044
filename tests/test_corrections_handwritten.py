"""Corrections files as teams write them by hand or save them from a spreadsheet."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from analyzer.cli import app
from analyzer.corrections import read_corrections
from analyzer.errors import OptionError

SAMPLE = Path(__file__).resolve().parents[1] / "examples" / "jira_sample_export.csv"
runner = CliRunner()


def write(tmp_path, text, encoding="utf-8", name="fixes.csv"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def corrected(path, board=SAMPLE):
    """Key → label of the items the scan says the team corrected."""
    result = runner.invoke(app, ["scan", str(board), "--corrections", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    items = json.loads(result.stdout)["items"]
    return {i["key"]: i["label"] for i in items if "corrected by the team" in i["reason"]}


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        # Excel in a French or German locale: ';', every cell quoted, BOM, CRLF
        ('"item";"label"\r\n"PAY-177";"strategic"\r\n"PAY-180";"tactical"\r\n', "utf-8-sig"),
        # Excel's "Unicode text": UTF-16 with tabs
        ("item\tlabel\r\nPAY-177\tstrategic\r\nPAY-180\ttactical\r\n", "utf-16"),
        # a comment, blank lines, an empty trailing column on the rows only
        (
            "# reviewed by the team\n\nitem,label\nPAY-177,strategic,\n# next\nPAY-180,tactical\n",
            "utf-8",
        ),
    ],
)
def test_spreadsheet_layouts_are_read(tmp_path, text, encoding):
    assert corrected(write(tmp_path, text, encoding)) == {
        "PAY-177": "strategic",
        "PAY-180": "tactical",
    }


def test_line_numbers_count_comments_and_cells_over_two_lines(tmp_path):
    text = '# ours\nitem;label;title\nPAY-177;strategic;"two\nlines"\nPAY-180;vision;x\n'
    with pytest.raises(OptionError, match="line 5: unknown label 'vision'"):
        read_corrections(write(tmp_path, text)).check_labels(["strategic", "tactical"])


@pytest.mark.parametrize("header", ["Issue key,Label", "issue,label", "Card , LABEL"])
def test_the_item_column_may_be_named_as_people_name_it(tmp_path, header):
    assert corrected(write(tmp_path, f"{header}\nPAY-177,strategic\n")) == {"PAY-177": "strategic"}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("PAY-177,strategic\n", "line 1: 'PAY-177,strategic' is not a header with item and label"),
        ("# ours\nClé;Étiquette\nPAY-177;strategic\n", "line 2: 'Clé,Étiquette' is not a header"),
        ('{"PAY-177": "strategic"}\n', "is JSON, not CSV"),
    ],
)
def test_a_file_without_the_header_says_which_line_it_read(tmp_path, text, message):
    with pytest.raises(OptionError, match=message):
        read_corrections(write(tmp_path, text))


def test_an_issue_or_card_address_names_its_item(tmp_path):
    text = (
        "item,label\n"
        "https://acme.atlassian.net/browse/pay-177,strategic\n"
        "https://acme.atlassian.net/jira/software/projects/PAY/boards/1?selectedIssue=PAY-180,tactical\n"
    )
    assert corrected(write(tmp_path, text)) == {"PAY-177": "strategic", "PAY-180": "tactical"}
    card = read_corrections(
        write(tmp_path, "item,label\nhttps://trello.com/c/AbCd1234/12-a-title,tactical\n")
    )
    assert [row.item for row in card.rows] == ["AbCd1234"]
    board = read_corrections(
        write(tmp_path, "item,label\nhttps://trello.com/b/AbCd1234/roadmap,tactical\n")
    )
    assert [row.item for row in board.rows] == [
        "https://trello.com/b/AbCd1234/roadmap"
    ]  # a board: no item


def test_a_repeated_line_is_one_correction_and_two_labels_are_an_error(tmp_path):
    same = "item,label\nPAY-177,strategic\nPAY-180,tactical\nPAY-177,Strategic\n"
    assert corrected(write(tmp_path, same)) == {"PAY-177": "strategic", "PAY-180": "tactical"}
    with pytest.raises(
        OptionError,
        match="line 3: PAY-177 is corrected twice, as tactical here and as strategic on line 2",
    ):
        read_corrections(write(tmp_path, "item,label\nPAY-177,strategic\nPAY-177,tactical\n"))
    both = write(
        tmp_path, "item,label\nPAY-177,strategic\npay-177,tactical\n"
    )  # one item, two ways
    result = runner.invoke(app, ["scan", str(SAMPLE), "--corrections", str(both)])
    assert result.exit_code == 2
    assert (
        "line 3: pay-177 is the item PAY-177 of line 2, corrected as tactical here" in result.stderr
    )
    assert len(result.stderr.strip().splitlines()) == 1


def test_excel_windows_1252_is_read(tmp_path):
    text = (
        "Item;Label;Title\r\nPAY-177;strategic;Entrée du marché\r\nPAY-180;tactical;Déjà fait\r\n"
    )
    path = write(tmp_path, text, "cp1252")
    assert corrected(path) == {"PAY-177": "strategic", "PAY-180": "tactical"}
    assert [row.title for row in read_corrections(path).rows] == ["Entrée du marché", "Déjà fait"]


def test_pm_and_po_are_read_as_strategic_and_tactical(tmp_path):
    text = "item,label\nPAY-177, PM \nPAY-180,po\n"
    assert corrected(write(tmp_path, text)) == {"PAY-177": "strategic", "PAY-180": "tactical"}
    with pytest.raises(OptionError, match="line 2: unknown label 'strategisch'"):  # no guessing
        read_corrections(write(tmp_path, "item,label\nPAY-177,strategisch\n")).check_labels(
            ["strategic", "tactical"]
        )


def test_pm_and_po_are_a_custom_models_own_labels_when_it_has_them(tmp_path):
    """A model whose taxonomy names its labels ``pm`` and ``po`` reads them as its own; the
    synonyms stand for strategic/tactical only for a model that does not know the words."""
    path = write(tmp_path, "item,label\nPAY-177,PM\nPAY-180,po\nPAY-181,strategic\n")
    fixes = read_corrections(path)
    own = fixes.check_labels(["pm", "po", "strategic"])
    assert [row.label for row in own.rows] == ["pm", "po", "strategic"]
    bundled = fixes.check_labels(["strategic", "tactical"])
    assert [row.label for row in bundled.rows] == ["strategic", "tactical", "strategic"]
    with pytest.raises(OptionError, match="line 4: unknown label 'strategic' for PAY-181"):
        fixes.check_labels(["pm", "po"])


def test_pm_and_strategic_for_one_item_are_one_correction(tmp_path):
    path = write(tmp_path, "item,label\nPAY-177,PM\nPAY-177,strategic\n")
    assert len(read_corrections(path).rows) == 1


class _Card:
    def __init__(self, id: str, key: str) -> None:
        self.id, self.key = id, key


def test_a_short_link_matches_exactly_first_and_in_any_case_only_when_unique(tmp_path):
    """Trello short links are case-sensitive: two cards may differ in case only."""
    cards = [_Card("1", "aBcD1234"), _Card("2", "ABCD1234"), _Card("3", "xYz98765")]
    exact = read_corrections(write(tmp_path, "item,label\nABCD1234,tactical\n"))
    assert exact.resolve(cards) == {1: "tactical"}
    unique = read_corrections(write(tmp_path, "item,label\nXYZ98765,tactical\n"))
    assert unique.resolve(cards) == {2: "tactical"}  # one card in another case: that one
    both = read_corrections(write(tmp_path, "item,label\nabcd1234,tactical\n"))
    said = "another case it names several items \\('aBcD1234' and 'ABCD1234'\\)"
    with pytest.raises(
        OptionError, match="line 2: 'abcd1234' is not a key on this board, and in " + said
    ):
        both.resolve(cards)
