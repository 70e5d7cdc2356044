"""Shared test fixtures. Tests never read ../shared: every fixture lives in tests/fixtures."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(autouse=True)
def _collector_left_on():
    """A test that leaves the cyclic GC off fails itself, not some later test expecting it on."""
    yield
    if not gc.isenabled():
        gc.enable()
        pytest.fail("the test left the garbage collector disabled")
