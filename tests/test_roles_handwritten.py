"""Roles files as teams type them: names spelled another way, a missing [people] line."""

from __future__ import annotations

import pytest

from analyzer.roles import RolesFileError, parse_roles_file, resolve_roles
from connectors.interface import Person

PEOPLE = [
    Person("u1", "Tomás Herrera", username="tomash"),
    Person("u2", "Maya Okafor"),
    Person("u3", "Lea Moreau"),
    Person("u4", "Léa Moreau"),
]


def resolve(tmp_path, text):
    path = tmp_path / "roles.toml"
    path.write_text(text, encoding="utf-8")
    return resolve_roles(parse_roles_file(path), PEOPLE)


@pytest.mark.parametrize("who", ["Tomas Herrera", "tomas  herrera", " TOMÁS HERRERA "])
def test_a_name_typed_without_its_accents_or_with_extra_spaces_matches(tmp_path, who):
    roles = resolve(tmp_path, f'[people]\n"{who}" = "po"\n')
    assert roles.assignments == {"u1": ["po"]} and roles.warnings == []


def test_an_exact_spelling_wins_and_an_ambiguous_one_says_so(tmp_path):
    exact = resolve(tmp_path, '[people]\n"Léa Moreau" = "pm"\n')
    assert exact.assignments == {"u4": ["pm"]} and exact.warnings == []
    spaced = resolve(tmp_path, '[people]\n"LEA  MOREAU" = "pm"\n')  # Lea, spaced out
    assert spaced.assignments == {"u3": ["pm"]} and spaced.warnings == []
    both = resolve(tmp_path, '[people]\n"LÈA MOREAU" = "pm"\n')  # Lea or Léa: both, and says so
    assert both.assignments == {"u3": ["pm"], "u4": ["pm"]}
    assert [w.split(": ", 1)[1] for w in both.warnings] == [
        "'LÈA MOREAU' matches several people (Lea Moreau, Léa Moreau)"
    ]


def test_people_above_any_section_say_the_people_line_is_missing(tmp_path):
    path = tmp_path / "roles.toml"
    path.write_text('"Maya Okafor" = "pm"\n"Tomás Herrera" = "po"\n', encoding="utf-8")
    with pytest.raises(RolesFileError) as info:
        parse_roles_file(path)
    assert str(info.value) == (
        f"{path}: 'Maya Okafor' = 'pm' is in no section; put a line [people] above the people"
    )


def test_a_person_written_twice_says_so_with_the_line(tmp_path):
    path = tmp_path / "roles.toml"
    path.write_text('[people]\n"Maya Okafor" = "pm"\n"Maya Okafor" = "po"\n', encoding="utf-8")
    with pytest.raises(RolesFileError) as info:
        parse_roles_file(path)
    assert "line 3" in str(info.value)
    assert 'written twice: keep one line per person, such as "Jane Doe" = ["pm", "po"]' in str(
        info.value
    )
