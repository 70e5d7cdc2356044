"""A company CA that IT installed in the operating system's trust store works without setting
anything (``truststore``, as pip does), over real HTTPS. On Linux the system store is OpenSSL's
default paths, which ``SSL_CERT_FILE`` moves: a CA given only there stands for one IT installed.
``REQUESTS_CA_BUNDLE`` still wins; without ``truststore`` everything is as before."""

from __future__ import annotations

import ssl
import sys

import pytest
import requests
import trustme

from connectors._http.trust import TrustingAdapter, system_trust
from tests.cli_helpers import one_error_line
from tests.fakes.company_network import (
    jira_env,
    no_secrets,
    run,
    server_context,
    trello_env,
)
from tests.fakes.jira_server import FakeJira
from tests.fakes.network_variables import NETWORK_VARIABLES
from tests.fakes.proxy import FakeProxy
from tests.fakes.trello_server import FakeTrello, board_json

pytest.importorskip("truststore")

FETCHED_JIRA = "Fetched 15 Jira issues (all) from DEMO"
FETCHED_TRELLO = "Trello board 'Payments Platform' (full): 50 actions"


@pytest.fixture
def system_store(monkeypatch, ca, tmp_path):
    """This machine's trust store holds the company CA (``SSL_CERT_FILE``, nothing else set)."""
    for name in (*NETWORK_VARIABLES, "SSL_CERT_DIR"):
        monkeypatch.delenv(name, raising=False)
    store = tmp_path / "system-store.pem"
    ca.cert_pem.write_to_path(str(store))
    monkeypatch.setenv("SSL_CERT_FILE", str(store))
    return monkeypatch


def fetch_jira(monkeypatch, tmp_path, ca):
    with FakeJira(deployment="Server", extra_issues=9, max_page=5, tls=server_context(ca)) as fake:
        jira_env(monkeypatch, tmp_path, fake)
        return run("fetch", "jira", "--project", "DEMO"), fake


def fetch_trello(monkeypatch, tmp_path, ca):
    with FakeTrello([board_json()], rate_limit=None, tls=server_context(ca)) as fake:
        trello_env(monkeypatch, tmp_path, fake)
        return run("fetch", "trello", "--board", "PayPlt01", "--full"), fake


def test_jira_trusts_a_ca_of_the_system_store(system_store, ca, tmp_path):
    result, fake = fetch_jira(system_store, tmp_path, ca)
    assert fake.url.startswith("https://")
    assert result.exit_code == 0, result.output
    assert FETCHED_JIRA in result.stdout


def test_trello_trusts_a_ca_of_the_system_store(system_store, ca, tmp_path):
    result, fake = fetch_trello(system_store, tmp_path, ca)
    assert fake.url.startswith("https://")
    assert result.exit_code == 0, result.output
    assert FETCHED_TRELLO in result.stdout


def test_the_system_store_holds_through_a_proxy_tunnel(system_store, ca, tmp_path):
    context = server_context(ca)
    with (
        FakeProxy() as proxy,
        FakeJira(deployment="Server", tls=context) as jira,
        FakeTrello([board_json()], rate_limit=None, tls=context) as trello,
    ):
        system_store.setenv("HTTPS_PROXY", proxy.url())
        jira_env(system_store, tmp_path, jira)
        fetched = run("fetch", "jira", "--project", "DEMO")
        trello_env(system_store, tmp_path, trello)
        boards = run("fetch", "trello", "--board", "PayPlt01")
    assert fetched.exit_code == 0, fetched.output
    assert boards.exit_code == 0, boards.output
    tunnels = {target for method, target, _ in proxy.seen if method == "CONNECT"}
    assert tunnels == {jira.url.removeprefix("https://"), trello.url.removeprefix("https://")}


@pytest.mark.parametrize("variable", ["REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE"])
@pytest.mark.parametrize("service", ["Jira", "Trello"])
def test_a_ca_bundle_variable_still_wins(system_store, ca, tmp_path, variable, service):
    """The bundle named is the only one trusted, as docs/live.md says: the system store is not
    added."""
    bundle = tmp_path / "other.pem"
    trustme.CA().cert_pem.write_to_path(str(bundle))
    system_store.setenv(variable, str(bundle))
    fetch = fetch_jira if service == "Jira" else fetch_trello
    result, fake = fetch(system_store, tmp_path, ca)
    assert result.exit_code == 2
    line = one_error_line(result)
    assert f"the certificate of {service} at {fake.url} is not signed by a CA" in line
    assert f"{variable} ({bundle}) does not hold the CA that signed it" in line


@pytest.mark.parametrize("service", ["Jira", "Trello"])
def test_a_ca_in_no_store_names_the_trust_store_and_the_variable(system_store, tmp_path, service):
    """A certificate of a CA neither the system store nor certifi holds: s32-corp's one line."""
    fetch = fetch_jira if service == "Jira" else fetch_trello
    result, fake = fetch(system_store, tmp_path, trustme.CA())
    assert result.exit_code == 2
    line = one_error_line(result)
    assert line == (
        f"backlog-analyzer: error: the certificate of {service} at {fake.url} is not signed by "
        "a CA this machine trusts (unable to get local issuer certificate); if your company "
        "signs its own certificates, add its CA to this machine's trust store, or set "
        "REQUESTS_CA_BUNDLE to a PEM file of its CA (your IT department has it)"
    )
    no_secrets(result, *([fake.pat] if service == "Jira" else []))


def test_without_truststore_only_certifi_is_trusted_as_before(system_store, ca, tmp_path):
    system_store.setitem(sys.modules, "truststore", None)  # `import truststore` fails
    assert system_trust() is None
    result, fake = fetch_jira(system_store, tmp_path, ca)
    assert result.exit_code == 2
    assert one_error_line(result) == (
        f"backlog-analyzer: error: the certificate of Jira at {fake.url} is not signed by a CA "
        "this machine trusts (unable to get local issuer certificate); if your company signs its "
        "own certificates, set REQUESTS_CA_BUNDLE to a PEM file of its CA (your IT department "
        "has it)"
    )


def test_the_system_store_is_never_given_to_other_libraries(system_store, ca, tmp_path):
    """Only our sessions' adapters hold the context: a library user's own requests (and the ssl
    module) are as they were (no ``truststore.inject_into_ssl``)."""
    before = ssl.SSLContext
    with FakeJira(deployment="Server", tls=server_context(ca)) as fake:
        jira_env(system_store, tmp_path, fake)
        assert run("fetch", "jira", "--project", "DEMO").exit_code == 0
        with pytest.raises(requests.exceptions.SSLError):
            requests.get(fake.url + "/rest/api/2/serverInfo", timeout=5)
    assert ssl.SSLContext is before


def test_the_adapter_gives_its_context_only_to_default_verification():
    context = system_trust()
    assert context is not None
    adapter = TrustingAdapter(ssl_context=context)
    request = requests.Request("GET", "https://jira.acme.example/rest").prepare()
    plain = requests.Request("GET", "http://jira.acme.example/rest").prepare()

    def pool(req, verify):
        return adapter.build_connection_pool_key_attributes(req, verify)[1]

    assert pool(request, True)["ssl_context"] is context
    assert "ssl_context" not in pool(request, "/etc/acme-ca.pem")  # a bundle named: requests'
    assert "ssl_context" not in pool(request, False)
    assert "ssl_context" not in pool(plain, True)
    assert (
        "ssl_context"
        not in TrustingAdapter().build_connection_pool_key_attributes(request, True)[1]
    )


def test_certifi_is_loaded_once_per_fetch_not_at_every_connection(tmp_path):
    """requests names certifi's file for each new connection; the context holds it already (17 ms
    of CPU a connection here). A bundle named, no context, an https:// proxy: as requests does."""
    import certifi

    context = system_trust()
    url = "https://jira.acme.example/rest"
    request = requests.Request("GET", url).prepare()

    def loads(adapter, verify, proxies=None):
        conn = adapter.get_connection_with_tls_context(request, verify, proxies)
        adapter.cert_verify(conn, url, verify, None)
        return conn.ca_certs

    assert loads(TrustingAdapter(ssl_context=context), True) is None
    assert loads(TrustingAdapter(ssl_context=context), True, {"https": "http://p:3128"}) is None
    bundle = tmp_path / "acme.pem"
    trustme.CA().cert_pem.write_to_path(str(bundle))
    assert loads(TrustingAdapter(ssl_context=context), str(bundle)) == str(bundle)
    assert loads(TrustingAdapter(), True) == certifi.where()
    https_proxy = {"https": "https://p:3129"}
    assert loads(TrustingAdapter(ssl_context=context), True, https_proxy) == certifi.where()
