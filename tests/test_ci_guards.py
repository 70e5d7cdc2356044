"""What keeps CI fast when a test fails: short explanations of large `==` failures, a per-test
timeout, and the known-good versions file."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from tests.conftest import pytest_assertrepr_compare

ROOT = Path(__file__).resolve().parents[1]


def test_a_large_difference_is_explained_in_a_few_short_lines():
    left = "x" * 300_000
    right = left[:1000] + "y" + left[1001:]
    lines = pytest_assertrepr_compare(None, "==", left, right)
    assert lines is not None and len(lines) <= 5 and all(len(line) <= 200 for line in lines)
    assert "first difference at index 1000" in lines[1]
    lines = pytest_assertrepr_compare(
        None, "==", {i: i for i in range(999)}, {i: 0 for i in range(999)}
    )
    assert lines is not None and len(lines) == 2 and "998 keys differ" in lines[1]


def test_small_values_keep_pytests_own_explanation():
    assert pytest_assertrepr_compare(None, "==", "abc", "abd") is None
    assert pytest_assertrepr_compare(None, "<", "x" * 10_000, "y") is None


def test_every_test_has_a_timeout():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert 0 < int(config["tool"]["pytest"]["ini_options"]["timeout"]) <= 600
    dev = config["project"]["optional-dependencies"]["dev"]
    assert any(req.startswith("pytest-timeout") for req in dev)


def test_the_known_good_versions_cover_every_dependency():
    pinned = {
        line.split("==")[0].strip().lower().replace("_", "-")
        for line in (ROOT / "constraints.txt").read_text(encoding="utf-8").splitlines()
        if "==" in line and not line.lstrip().startswith("#")
    }
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = [
        *config["project"]["dependencies"],
        *config["project"]["optional-dependencies"]["dev"],
    ]
    names = {req.split(">")[0].split("=")[0].split("[")[0].strip().lower() for req in wanted}
    missing = names - pinned
    assert not missing, (
        f"{sorted(missing)} not in constraints.txt: after a green run, regenerate it with "
        "`.venv/bin/pip freeze --exclude-editable > constraints.txt` (keep its header)"
    )


def test_ci_prints_the_version_of_every_dependency():
    # README: `.ci/run` "prints the versions pip resolved"; it named 7 of the 10 runtime
    # dependencies (not platformdirs, msgspec or polars) and 3 of the 5 dev ones.
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    printed = set(
        " ".join(re.findall(r'"([^"]*)"', run.split("names = ", 1)[1].split(")\n")[0])).split()
    )
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = [
        *config["project"]["dependencies"],
        *config["project"]["optional-dependencies"]["dev"],
    ]
    names = {re.split(r"[<>=!~\[; ]", req, maxsplit=1)[0].lower() for req in wanted}
    assert not names - printed, f"{sorted(names - printed)}: add them to .ci/run's names"
