"""The role taxonomy: default file, alias matching in headings, custom files and their errors."""

from __future__ import annotations

from pathlib import Path

import pytest

from models.interface import ModelError
from models.taxonomy import DEFAULT_TAXONOMY, TaxonomyError, load_taxonomy, parse_taxonomy


@pytest.fixture(scope="module")
def default():
    return load_taxonomy()


def names(roles):
    return [r.name for r in roles]


def test_default_is_strategic_tactical(default):
    assert default.labels == ("strategic", "tactical")
    assert DEFAULT_TAXONOMY.name == "taxonomy.toml"
    by_name = {r.name: r for r in default.roles}
    assert by_name["Product Manager"].label == "strategic"
    assert by_name["Product Owner"].label == "tactical"
    assert by_name["Project Manager"].label is None  # recognised, not trained on


@pytest.mark.parametrize(
    ("heading", "expected"),
    [
        ("Product Manager responsibilities", ["Product Manager"]),
        ("What does a Product Owner do?", ["Product Owner"]),
        ("1.1 What is a Product Manager?", ["Product Manager"]),
        ("PM duties", ["Product Manager"]),
        ("The PO’s week", ["Product Owner"]),
        ("Head of Product", ["Product Manager"]),
        ("Product Managers and Product Owners", ["Product Manager", "Product Owner"]),
        ("Product Marketing Manager (PMM)", ["Product Marketing Manager"]),
        # the abbreviation in brackets repeats the full name; it is not a second role
        ("Project Manager (PM)", ["Project Manager"]),
        ("Product Manager(PM)", ["Product Manager"]),
        ("Product-owner checklist", ["Product Owner"]),
        ("How we plan sprints", []),
        ("Improve the pm report", []),  # an all-capitals alias only matches in capitals
        ("Product management basics", ["Product Manager"]),  # a role keyword in a heading
    ],
)
def test_roles_in_headings(default, heading, expected):
    assert names(default.roles_in(heading, heading=True)) == expected


def test_keywords_only_count_in_headings(default):
    assert default.roles_in("product management is hard") == []


def test_subject_role(default):
    assert default.starts_with_role("Product Owners accept finished work").name == "Product Owner"
    assert default.starts_with_role("The role of the PM is to set direction").name == (
        "Product Manager"
    )
    assert default.starts_with_role("Teams ask the product owner") is None


def test_responsibility_headings(default):
    assert default.is_responsibility_heading("Key responsibilities")
    assert not default.is_responsibility_heading("Closing remarks")


def test_custom_taxonomy_with_three_labels(fixtures_dir: Path):
    taxonomy = load_taxonomy(fixtures_dir / "docs_taxonomy_three.toml")
    assert taxonomy.labels == ("strategic", "tactical", "delivery")
    assert names(taxonomy.roles_in("Delivery office", heading=True)) == ["Project Manager"]
    assert taxonomy.source.endswith("docs_taxonomy_three.toml")


def role(**fields):
    return {"name": "R", "label": "a", "aliases": ["r"], **fields}


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({}, "names no roles"),
        ({"roles": []}, "names no roles"),
        ({"role": [role()]}, "unknown key 'role'"),
        ({"roles": ["x"]}, "role 1 is not a table"),
        ({"roles": [{"label": "a"}]}, "role 1 has no name"),
        ({"roles": [role(alias=["x"])]}, "unknown key 'alias'"),
        ({"roles": [role(label="Strategic Work")]}, "has label 'Strategic Work'"),
        ({"roles": [role(label="uncertain"), role(name="S", aliases=["s"])]}, "reserved"),
        ({"roles": [role(aliases="r")]}, "aliases must be a list of strings"),
        ({"roles": [role(), role(name="S", label="a", aliases=["s"])]}, "needs at least 2"),
        ({"roles": [role(), role(label="b", aliases=["s"])]}, "named twice"),
        ({"roles": [role(), role(name="S", label="b")]}, "alias 'r' belongs to both"),
        ({"roles": [role(), role(name="S", label="b", aliases=["s"])], "headings": []}, "table"),
        (
            {"roles": [role(), role(name="S", label="b", aliases=["s"])], "headings": {"x": 1}},
            "unknown key 'x' in [headings]",
        ),
    ],
)
def test_bad_taxonomies_are_one_clear_line(data, message):
    with pytest.raises(TaxonomyError) as info:
        parse_taxonomy(data, source="t.toml")
    text = str(info.value)
    assert message in text
    assert text.startswith("t.toml: ")
    assert "\n" not in text
    assert isinstance(info.value, ModelError)  # so the CLI prints it as one line, exit 2


def test_role_without_aliases_is_matched_by_name():
    taxonomy = parse_taxonomy(
        {"roles": [{"name": "Scrum Master", "label": "a"}, role(label="b")]}, source="t"
    )
    assert names(taxonomy.roles_in("Scrum Masters at work")) == ["Scrum Master"]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[[roles]\nname = 1", "is not valid TOML"),
        (b"\xff\xfe\x00n", "is not UTF-8 text"),
    ],
)
def test_unreadable_taxonomy_files(tmp_path: Path, content: bytes, message: str):
    path = tmp_path / "t.toml"
    path.write_bytes(content)
    with pytest.raises(TaxonomyError, match=message):
        load_taxonomy(path)


def test_missing_and_directory_taxonomy(tmp_path: Path):
    with pytest.raises(TaxonomyError, match="no such file"):
        load_taxonomy(tmp_path / "nope.toml")
    with pytest.raises(TaxonomyError, match="is a directory"):
        load_taxonomy(tmp_path)
