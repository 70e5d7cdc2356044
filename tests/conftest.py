"""Shared test fixtures. No test reads the real exports: every fixture lives in tests/fixtures."""

from __future__ import annotations

import gc
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture(scope="module")
def model():
    """The bundled role model (``models.classifier.load_model()``: loaded once per process)."""
    from models.classifier import load_model

    return load_model()


@pytest.fixture
def keyword_model(monkeypatch):
    """Reports are classified by the tests' keyword model unless a model is named (the bundled
    one is tested elsewhere)."""
    from ownership_boards import KeywordModel

    import analyzer.pipeline

    real = analyzer.pipeline.load_role_model

    def load(model=None):
        return real(model) if model is not None else (KeywordModel(), "keyword-test")

    monkeypatch.setattr(analyzer.pipeline, "load_role_model", load)


@pytest.fixture
def cli_home(monkeypatch, tmp_path) -> Path:
    """The CLI run from ``tmp_path``: no config file, the default store inside it."""
    monkeypatch.setenv("BACKLOG_ANALYZER_DB", str(tmp_path / "default-store.sqlite"))
    monkeypatch.setenv("BACKLOG_ANALYZER_CONFIG", str(tmp_path / "no-config.toml"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


@pytest.fixture
def keyword_cli(keyword_model, cli_home) -> Path:
    """The CLI run from ``tmp_path`` (:func:`cli_home`) with the tests' keyword model
    (:func:`keyword_model`): a note's or a flag's test in a fraction of a second."""
    return cli_home


@pytest.fixture
def store(tmp_path: Path):
    """An empty store in ``tmp_path``, closed after the test."""
    from connectors.store import Store

    with Store(tmp_path / "store.sqlite") as s:
        yield s


@pytest.fixture
def vocabularies_restored(monkeypatch):
    """The vocabularies of ``models.rules`` a research variant widens (``research.variants``)
    put back after the test, and the rules' per-title memories cleared (they answered with the
    widened words): no later test reads an answer the shipped words would not give. Yields
    ``monkeypatch`` (for the other attributes a variant replaces)."""
    import models.rules as rules

    for name in (
        "_DIRECTION",
        "_SPARED_RESEARCH",
        "_TITLE_RESEARCH",
        "TITLE_RESEARCH_PIECES",
        "_TITLE_RESEARCH_PIECES",
        "_TITLE_DIRECTION",
        "TITLE_DIRECTION_PIECES",
        "_TITLE_DIRECTION_PIECES",
    ):
        monkeypatch.setattr(rules, name, getattr(rules, name))
    yield monkeypatch
    for remembered in (rules.title_places_direction, rules.title_names_direction):
        remembered.cache_clear()
    rules._place_named.cache_clear()


@pytest.fixture(autouse=True)
def _collector_left_on():
    """A test that leaves the cyclic GC off fails itself, not some later test expecting it on."""
    yield
    if not gc.isenabled():
        gc.enable()
        pytest.fail("the test left the garbage collector disabled")


#: Above this size an `==` failure is explained in a few lines instead of a diff: pytest shows whole
#: diffs when CI is set, and difflib over two 200 KB values ran for more than 25 minutes.
BIG_REPR = 4_000


def pytest_assertrepr_compare(config, op, left, right):
    """A failed `==` between large values: sizes and the first difference, never a diff."""
    if op != "==" or not (_is_big(left) or _is_big(right)):
        return None
    return [
        f"large values differ ({type(left).__name__} vs {type(right).__name__})",
        *_where(left, right),
    ]


def _is_big(value) -> bool:
    if isinstance(value, str | bytes | bytearray):
        return len(value) > BIG_REPR
    if isinstance(value, list | tuple | dict | set | frozenset):
        return len(value) > 200 or len(repr(value)) > BIG_REPR
    return False


def _where(left, right) -> list[str]:
    if isinstance(left, dict) and isinstance(right, dict):
        keys = sorted(
            (k for k in left.keys() | right.keys() if left.get(k) != right.get(k)), key=repr
        )
        return [f"{len(keys)} keys differ, first: {', '.join(repr(k)[:60] for k in keys[:5])}"]
    if isinstance(left, str | bytes | bytearray | list | tuple) and type(left) is type(right):
        at = next(
            (i for i, (a, b) in enumerate(zip(left, right, strict=False)) if a != b),
            min(len(left), len(right)),
        )
        return [
            f"lengths {len(left)} and {len(right)}; first difference at index {at}",
            f"left:  {left[max(0, at - 40) : at + 40]!r}"[:200],
            f"right: {right[max(0, at - 40) : at + 40]!r}"[:200],
        ]
    return [f"left {repr(left)[:100]}", f"right {repr(right)[:100]}"]


# -- a company network (tests/test_company_network.py, test_system_trust.py, test_proxy_*) ----


@pytest.fixture(scope="module")
def ca():
    """A company's own CA (``trustme``), one per test module: certificates the tests' HTTPS
    fakes present and that this machine does not trust until a test says so."""
    trustme = pytest.importorskip("trustme")
    return trustme.CA(organization_name="Acme Corp internal CA")


@pytest.fixture
def network(monkeypatch):
    """None of the machine's own CA bundle or proxy variables (this machine sets
    ``REQUESTS_CA_BUNDLE``) reaches the test; the monkeypatch is returned."""
    from tests.fakes.network_variables import NETWORK_VARIABLES

    for name in NETWORK_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    return monkeypatch


@pytest.fixture
def trusted(network, ca, tmp_path):
    """``REQUESTS_CA_BUNDLE`` names a PEM file of the company CA (the monkeypatch is returned)."""
    bundle = tmp_path / "acme-ca.pem"
    ca.cert_pem.write_to_path(str(bundle))
    network.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    return network
