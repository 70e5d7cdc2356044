"""Every third-party package the shipped code imports is one pyproject.toml declares (and README's
"Dependencies and why" explains): scipy and requests were imported directly but came only
through scikit-learn and the Jira/Trello clients, so a change there could remove them."""

from __future__ import annotations

import ast
import re
import sys
import tomllib
from importlib.metadata import packages_distributions
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ("_backlog_analyzer_runtime", "analyzer", "connectors", "models")
#: Imported only where a newer release of a declared package is missing (never on its own).
FALLBACKS = {"click": "typer before it vendored click (analyzer/app.py)"}


def _imported() -> dict[str, set[str]]:
    """Top-level third-party module → the shipped files importing it."""
    found: dict[str, set[str]] = {}
    for package in SHIPPED:
        for path in (ROOT / package).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names = [alias.name for alias in node.names]
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    names = [node.module]
                else:
                    continue
                for name in names:
                    top = name.split(".")[0]
                    if top not in SHIPPED and top not in sys.stdlib_module_names:
                        found.setdefault(top, set()).add(str(path.relative_to(ROOT)))
    return found


def _declared() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    return {
        re.split(r"[<>=!~\[; ]", req, maxsplit=1)[0].lower()
        for req in config["project"]["dependencies"]
    }


def test_every_imported_package_is_a_declared_dependency():
    distributions = packages_distributions()
    declared = _declared()
    undeclared = {}
    for module, files in _imported().items():
        if module in FALLBACKS:
            continue
        names = {name.lower() for name in distributions.get(module, [module])}
        if not names & declared:
            undeclared[module] = sorted(files)[:3]
    assert not undeclared, f"imported but not in pyproject's dependencies: {undeclared}"


@pytest.mark.parametrize("page", ["README.md", "docs/dependencies.md"])
def test_readme_explains_every_declared_dependency(page):
    text = (ROOT / page).read_text(encoding="utf-8")
    table = text.split("# Dependencies and why", 1)[1].split("\nDev only:", 1)[0]
    named = {
        name.strip().lower()
        for row in table.splitlines()
        if row.startswith("| ") and not row.startswith("| package")
        for name in row.split("|")[1].split(",")
    }
    assert _declared() <= named, sorted(_declared() - named)
