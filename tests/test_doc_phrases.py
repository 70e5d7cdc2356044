"""Extracting responsibility phrases from role articles (own fixtures, never the seed articles)."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.doc_phrases import (
    DocPhrase,
    DocumentError,
    extract_file,
    extract_files,
    extract_text,
    read_document,
    training_phrases,
)
from models.taxonomy import load_taxonomy


def by_role(phrases: list[DocPhrase]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for phrase in phrases:
        out.setdefault(phrase.role, []).append(phrase.text)
    return out


def test_markdown_bullets_under_role_headings(fixtures_dir: Path):
    phrases = extract_file(fixtures_dir / "docs_bullets.md")
    roles = by_role(phrases)
    assert roles["Product Manager"] == [
        "Talk to prospects and lost deals to find unmet needs",
        "Own the pricing model and the packaging of plans",
        "Write the yearly product strategy and share it with the leadership team",
        "Decide which markets we enter next",
        "Track the north-star metric and explain its movements",
    ]
    assert len(roles["Product Owner"]) == 4
    # the intro sentence, the comparison and the unrelated section are not responsibilities
    texts = " ".join(p.text for p in phrases)
    assert "Typical duties" not in texts and "sets direction" not in texts
    assert "discovery interviews" not in texts
    first = phrases[0]
    assert (first.label, first.source, first.section) == (
        "strategic",
        "docs_bullets.md",
        "Product Manager responsibilities",
    )
    assert first.provenance == "docs_bullets.md § Product Manager responsibilities"


def test_sub_heading_stays_in_the_role_section(fixtures_dir: Path):
    owner = [p for p in extract_file(fixtures_dir / "docs_bullets.md") if p.role == "Product Owner"]
    assert {p.label for p in owner} == {"tactical"}
    assert owner[0].section == "What does a Product Owner do? › Day-to-day"


def test_plain_text_sentences(fixtures_dir: Path):
    phrases = extract_file(fixtures_dir / "docs_sentences.txt")
    roles = by_role(phrases)
    assert roles["Product Manager"][0] == (
        "The head of product wakes up thinking about where the company should be in two years"
    )
    assert len(roles["Product Manager"]) == 3
    assert len(roles["Product Owner"]) == 4
    assert all("same thing" not in p.text for p in phrases)  # the summary has no role


def test_underlined_headings_and_plain_list_lines(fixtures_dir: Path):
    phrases = extract_file(fixtures_dir / "docs_underlined.txt")
    assert [p.text for p in phrases] == [
        "Ordering the product backlog every week",
        "Splitting large epics into thin vertical slices",
        "Clarifying edge cases with testers",
    ]
    assert {p.section for p in phrases} == {"Product owner"}


def test_html_article(fixtures_dir: Path):
    phrases = extract_file(fixtures_dir / "docs_article.html")
    roles = by_role(phrases)
    assert roles["Product Manager"] == [
        "Studying competitor launches and pricing pages",
        "Setting quarterly outcome goals with the executive team",
        "Planning the launch with sales & marketing",
    ]
    assert len(roles["Product Owner"]) == 2
    assert all("Copyright" not in p.text and "nutshell" not in p.text for p in phrases)


def test_numbered_sections_end_at_the_next_section_of_the_same_depth():
    text = "\n".join(
        [
            "1. Roles",
            "1.1 What is a Product Owner?",
            "- Ordering the backlog for the next sprint",
            "2. Comparison",
            "2.1 Scope of responsibility",
            "- Teams differ a lot in how they split the work",
            "- Product Managers choose which markets to enter",
        ]
    )
    phrases = extract_text(text, "x.txt")
    assert [(p.role, p.text) for p in phrases] == [
        ("Product Owner", "Ordering the backlog for the next sprint"),
        # outside role sections, a sentence whose subject is one role still counts
        ("Product Manager", "Product Managers choose which markets to enter"),
    ]


def test_lead_line_naming_a_role_starts_its_list():
    text = "\n".join(
        [
            "Responsibilities and skills",
            "- Product Owner responsibilities:",
            "- Ordering the backlog every week",
            "- Product Manager responsibilities:",
            "- Choosing the markets to enter",
        ]
    )
    phrases = extract_text(text, "x.md")
    assert [(p.label, p.text) for p in phrases] == [
        ("tactical", "Ordering the backlog every week"),
        ("strategic", "Choosing the markets to enter"),
    ]
    assert phrases[1].section == "Responsibilities and skills › Product Manager responsibilities"


def test_lead_sentence_skips_the_introduction():
    text = (
        "## Product Owner\n"
        "Every team has one. They are busy people. Here is what they do all week:\n"
        "They refine the backlog with the developers. They accept the finished stories.\n"
    )
    assert [p.text for p in extract_text(text, "x.md")] == [
        "They refine the backlog with the developers",
        "They accept the finished stories",
    ]


def test_role_definition_lines():
    text = "Definitions\nProduct Owner: Orders the backlog and answers questions from developers.\n"
    phrases = extract_text(text, "x.txt")
    assert [(p.role, p.text) for p in phrases] == [
        ("Product Owner", "Orders the backlog and answers questions from developers")
    ]


def test_phrases_naming_another_role_are_dropped():
    text = (
        "## Product Manager\n"
        "- Setting the direction for the next year\n"
        "- Handing priorities to the product owner for the sprint\n"
    )
    assert [p.text for p in extract_text(text, "x.md")] == [
        "Setting the direction for the next year"
    ]


def test_questions_and_tiny_bullets_are_dropped():
    text = "## Product Owner\n- Backlog\n- Why does this matter?\n- Running sprint planning\n"
    assert [p.text for p in extract_text(text, "x.md")] == ["Running sprint planning"]


def test_sentences_are_not_split_at_abbreviations():
    text = (
        "## What does a PM do?\nThe PM compares pricing vs. competitors, e.g. Acme and Initech.\n"
    )
    assert [p.text for p in extract_text(text, "x.md")] == [
        "The PM compares pricing vs. competitors, e.g. Acme and Initech"
    ]


def test_duplicates_are_kept_once():
    text = "## Product Owner\n- Refine the backlog weekly\n- refine the backlog weekly\n"
    assert len(extract_text(text, "x.md")) == 1


def test_unlabelled_roles_are_extracted_but_not_trained_on():
    text = "## Project Manager\n- Keep the milestone plan up to date\n"
    phrases = extract_text(text, "x.md")
    assert [(p.role, p.label) for p in phrases] == [("Project Manager", None)]
    assert training_phrases(phrases) == []


def test_three_role_taxonomy(fixtures_dir: Path):
    taxonomy = load_taxonomy(fixtures_dir / "docs_taxonomy_three.toml")
    phrases = extract_file(fixtures_dir / "docs_three_roles.md", taxonomy)
    labels = [p.label for p in phrases]
    assert labels == ["strategic"] * 3 + ["tactical"] * 3 + ["delivery"] * 3


def test_no_role_headings_is_one_clear_line(fixtures_dir: Path):
    with pytest.raises(DocumentError) as info:
        extract_file(fixtures_dir / "docs_no_roles.md")
    message = str(info.value)
    assert "docs_no_roles.md: no role headings found" in message
    assert "--taxonomy" in message and "\n" not in message


def test_roles_without_responsibilities(tmp_path: Path):
    path = tmp_path / "thin.md"
    path.write_text("# Product Owner\n\nSee the wiki.\n", encoding="utf-8")
    with pytest.raises(DocumentError, match="lists no responsibilities"):
        extract_file(path)


def test_empty_document(fixtures_dir: Path):
    with pytest.raises(DocumentError, match=r"docs_empty.txt: is empty"):
        extract_file(fixtures_dir / "docs_empty.txt")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing.md", None, "no such file"),
        ("binary.md", b"PK\x03\x04\x00\x00", "is not a text document"),
    ],
)
def test_unreadable_documents(tmp_path: Path, name, content, message):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(DocumentError, match=message):
        read_document(path)


def test_directory_and_legacy_encoding(tmp_path: Path):
    with pytest.raises(DocumentError, match="is a directory"):
        read_document(tmp_path)
    path = tmp_path / "old.txt"
    path.write_bytes("## Product Owner\n- Refine the backlog \x96 weekly\n".encode("latin-1"))
    assert "Refine the backlog" in read_document(path)


def test_several_files_in_order(fixtures_dir: Path):
    phrases = extract_files(
        [fixtures_dir / "docs_underlined.txt", fixtures_dir / "docs_bullets.md"]
    )
    assert phrases[0].source == "docs_underlined.txt"
    assert phrases[-1].source == "docs_bullets.md"
    with pytest.raises(DocumentError, match="no documents given"):
        extract_files([])
    with pytest.raises(DocumentError, match="docs_empty.txt"):
        extract_files([fixtures_dir / "docs_bullets.md", fixtures_dir / "docs_empty.txt"])


# --- the CLI: train --docs ------------------------------------------------------------------------


def run(*args: str):
    from typer.testing import CliRunner

    from analyzer.cli import app

    return CliRunner().invoke(app, list(args))


def test_cli_dry_run_prints_the_phrases_and_writes_nothing(fixtures_dir: Path, tmp_path: Path):
    out = tmp_path / "model.json"
    result = run(
        "train",
        "--docs",
        str(fixtures_dir / "docs_bullets.md"),
        str(fixtures_dir / "docs_underlined.txt"),
        "--dry-run",
        "--output",
        str(out),
    )
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("strategic  Talk to prospects and lost deals to find unmet needs")
    assert "[docs_bullets.md § Product Manager responsibilities]" in lines[0]
    assert any(line.startswith("tactical   Ordering the product backlog") for line in lines)
    assert lines[-1] == (
        "12 phrases from 2 documents: strategic 5 (Product Manager 5); tactical 7 (Product Owner 7)"
    )
    assert not out.exists()


def test_cli_dry_run_marks_roles_without_a_label(tmp_path: Path):
    doc = tmp_path / "pm.md"
    doc.write_text("## Project Manager\n- Keep the milestone plan current\n", encoding="utf-8")
    result = run("train", "--docs", str(doc), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "(not trained: Project Manager has no label in the taxonomy)" in result.output


def test_cli_trains_on_docs_and_the_model_loads_and_predicts(fixtures_dir: Path, tmp_path: Path):
    from models.classifier import load_model
    from models.interface import ItemDoc

    out = tmp_path / "docs_model.json"
    result = run(
        "train",
        "--docs",
        str(fixtures_dir / "docs_bullets.md"),
        "--docs",
        str(fixtures_dir / "docs_article.html"),
        "--output",
        str(out),
    )
    assert result.exit_code == 0, result.output
    assert "14 phrases from 2 documents" in result.output
    model = load_model(out)
    assert set(model.labels) == {"strategic", "tactical"}
    [prediction] = model.predict([ItemDoc("Write acceptance criteria for the export story")])
    assert prediction.label == "tactical"
    assert prediction.nearest_source.startswith("docs_bullets.md § What does a Product Owner do?")


def test_cli_three_role_taxonomy_end_to_end(fixtures_dir: Path, tmp_path: Path):
    out = tmp_path / "three.json"
    result = run(
        "train",
        "--docs",
        str(fixtures_dir / "docs_three_roles.md"),
        "--taxonomy",
        str(fixtures_dir / "docs_taxonomy_three.toml"),
        "--output",
        str(out),
    )
    assert result.exit_code == 0, result.output
    result = run(
        "classify", "--model", str(out), "--format", "json", "Track risks across the teams"
    )
    assert result.exit_code == 0, result.output
    import json

    [row] = json.loads(result.output)
    assert set(row["scores"]) == {"strategic", "tactical", "delivery"}
    assert row["predicted"] == "delivery"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--docs", "{f}/docs_empty.txt"], "docs_empty.txt: is empty"),
        (["--docs", "{f}/docs_no_roles.md"], "no role headings found"),
        (["--docs", "{f}/nope.md"], "nope.md: no such file"),
        (["--docs", "{f}/docs_bullets.md", "--taxonomy", "{f}/docs_bullets.md"], "valid TOML"),
        (["--dry-run"], "--dry-run shows the phrases --docs extracts"),
        (["{f}/docs_bullets.md"], "put --docs before the article files"),
    ],
)
def test_cli_errors_are_one_line(fixtures_dir: Path, args: list[str], message: str):
    result = run("train", *[a.format(f=fixtures_dir) for a in args])
    assert result.exit_code == 2
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0], result.output
    assert "Traceback" not in result.output


def test_dry_run_lines_and_summary(fixtures_dir: Path):
    from models.doc_phrases import dry_run_lines, summary

    phrases = extract_file(fixtures_dir / "docs_underlined.txt")
    phrases += extract_text("## Project Manager\n- Keep the milestone plan current\n", "x.md")
    lines = dry_run_lines(phrases)
    assert lines[0] == (
        "tactical  Ordering the product backlog every week  [docs_underlined.txt § Product owner]"
    )
    assert lines[-1].startswith(
        "-         Keep the milestone plan current  [x.md § Project Manager]"
    )
    assert summary(phrases) == (
        "4 phrases from 2 documents: tactical 3 (Product Owner 3); "
        "not trained 1 (Project Manager 1)"
    )
    assert summary(phrases[:1]).startswith("1 phrase from 1 document:")


def test_pathological_markup_is_read_in_linear_time():
    # Unbounded lazy regexes made these lines take minutes; bounded patterns read them at once.
    noise = "\n".join(["*a " * 30000, "[" * 30000, "<p" * 30000, "# a" + " " * 30000 + "b"])
    text = f"## Product Owner\n- Refine the *backlog* with the **team**\n{noise}\n"
    phrases = extract_text(text, "x.md")
    assert phrases[0].text == "Refine the backlog with the team"


def test_cli_docs_and_phrases_train_together(fixtures_dir: Path, tmp_path: Path):
    csv = tmp_path / "mine.csv"
    csv.write_text(
        "text,label\nPlan the partner programme,strategic\nFix flaky login test,tactical\n",
        encoding="utf-8",
    )
    out = tmp_path / "m.json"
    result = run(
        "train", "--phrases", str(csv), "--docs", str(fixtures_dir / "docs_article.html"),
        "-o", str(out),
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Trained on 7 phrases" in result.output  # 2 from the CSV + 5 from the article
    assert out.exists()


def test_cli_docs_missing_a_taxonomy_label_is_one_line(fixtures_dir: Path, tmp_path: Path):
    result = run(
        "train", "--docs", str(fixtures_dir / "docs_underlined.txt"), "-o", str(tmp_path / "m"),
    )  # fmt: skip
    assert result.exit_code == 2
    assert "too few for: strategic" in result.output
    assert len(result.output.strip().splitlines()) == 2  # the summary, then one error line
    assert not (tmp_path / "m").exists()
