"""``fetch jira`` and ``fetch trello`` from inside a company network, over real HTTP(S): a server
whose certificate a company CA signed, a forward proxy (that may ask for a login or refuse), Jira
at a context path, a single sign-on's sign-in page in front of Jira. Each failure is one line
saying what to do, with exit 2 (the network's setup), no retries, no secret shown."""

from __future__ import annotations

import ssl
import warnings

import pytest
import trustme

from connectors.live.jira.errors import clean_server_url, warn_if_unencrypted
from connectors.store import Store
from tests.cli_helpers import one_error_line
from tests.fakes.company_network import (
    PASSWORD,
    closed_port,
    jira_env,
    no_secrets,
    run,
    server_context,
    trello_env,
)
from tests.fakes.http import FakeHTTPServer, Response, Status
from tests.fakes.jira_server import FakeJira
from tests.fakes.proxy import FakeProxy
from tests.fakes.trello_server import FakeTrello, board_json

# -- TLS: a certificate signed by a company CA -----------------------------------------------------


def test_a_certificate_of_an_unknown_ca_fails_at_once_naming_the_fix(network, ca, tmp_path):
    with FakeJira(deployment="Server", tls=server_context(ca)) as fake:
        jira_env(network, tmp_path, fake)
        result = run("fetch", "jira", "--project", "DEMO")
        # The first three requests go out at once (server info, account, field list); none is
        # retried (a retried handshake would make 12 with the tests' 4 tries).
        assert fake.http.connections <= 3
    assert result.exit_code == 2
    line = one_error_line(result)
    assert (
        f"the certificate of Jira at {fake.url} is not signed by a CA this machine trusts" in line
    )
    assert "set REQUESTS_CA_BUNDLE to a PEM file of its CA" in line
    assert "connection error" not in line and "tries" not in line
    no_secrets(result, fake.pat)


def test_requests_ca_bundle_reaches_the_jira_client(trusted, ca, tmp_path):
    with FakeJira(deployment="Server", extra_issues=9, max_page=5, tls=server_context(ca)) as fake:
        assert fake.url.startswith("https://")
        jira_env(trusted, tmp_path, fake)
        result = run("fetch", "jira", "--project", "DEMO")
    assert result.exit_code == 0, result.output
    assert "Fetched 15 Jira issues (all) from DEMO" in result.stdout


def test_a_bundle_without_the_company_ca_says_which_variable_to_fix(network, ca, tmp_path):
    other = trustme.CA()
    bundle = tmp_path / "other.pem"
    other.cert_pem.write_to_path(str(bundle))
    network.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    with FakeJira(deployment="Server", tls=server_context(ca)) as fake:
        jira_env(network, tmp_path, fake)
        result = run("fetch", "jira", "--project", "DEMO")
    assert result.exit_code == 2
    assert f"REQUESTS_CA_BUNDLE ({bundle}) does not hold the CA that signed it" in (
        one_error_line(result)
    )


def test_a_certificate_for_another_host_names_the_host(trusted, ca, tmp_path):
    with FakeJira(deployment="Server", tls=server_context(ca, "jira.acme.example")) as fake:
        jira_env(trusted, tmp_path, fake)
        result = run("fetch", "jira", "--project", "DEMO")
    assert result.exit_code == 2
    line = one_error_line(result)
    assert "sent a certificate that is not for 127.0.0.1" in line
    assert "use the host name the certificate names" in line


def test_https_to_a_port_that_speaks_plain_http(network, tmp_path):
    with FakeJira(deployment="Server") as fake:
        jira_env(network, tmp_path, fake, JIRA_SERVER=fake.url.replace("http:", "https:"))
        result = run("fetch", "jira", "--project", "DEMO")
    assert result.exit_code == 2
    assert "check that the URL's scheme and port speak HTTPS" in one_error_line(result)


def test_trello_through_a_company_ca(network, ca, tmp_path, trusted):
    with FakeTrello([board_json()], rate_limit=None, tls=server_context(ca)) as fake:
        trello_env(network, tmp_path, fake)
        good = run("fetch", "trello", "--board", "PayPlt01")
        assert good.exit_code == 0, good.output
        network.delenv("REQUESTS_CA_BUNDLE")
        fake.server.connections = 0
        bad = run("fetch", "trello", "--board", "PayPlt01", "--full")
        assert fake.server.connections == 1  # not retried
    assert "Trello board 'Payments Platform' (full): 50 actions" in good.stdout
    assert bad.exit_code == 2
    line = one_error_line(bad)
    assert f"the certificate of Trello at {fake.url} is not signed by a CA" in line
    no_secrets(bad)


@pytest.mark.parametrize(
    ("content", "said"), [(None, "no such file"), ("not a certificate", "no certificate in it")]
)
def test_a_ca_bundle_that_cannot_be_used_stops_before_any_request(network, tmp_path, content, said):
    bundle = tmp_path / "acme.pem"
    if content is not None:
        bundle.write_text(content)
    network.setenv("REQUESTS_CA_BUNDLE", str(bundle))
    with FakeJira(deployment="Server") as fake:
        jira_env(network, tmp_path, fake)
        result = run("fetch", "jira", "--project", "DEMO")
        assert fake.http.connections == 0
    assert result.exit_code == 2
    assert one_error_line(result) == (
        f"backlog-analyzer: error: REQUESTS_CA_BUNDLE={bundle} cannot be used as a CA bundle "
        f"({said}): point it at a PEM file of the certificates to trust (your company's CA), "
        "or unset it"
    )


# -- proxies ---------------------------------------------------------------------------------------


def test_jira_and_trello_go_through_https_proxy_with_its_login(trusted, ca, tmp_path):
    context = server_context(ca)
    with (
        FakeProxy(credentials=("ana", PASSWORD)) as proxy,
        FakeJira(deployment="Server", tls=context) as jira,
        FakeTrello([board_json()], rate_limit=None, tls=context) as trello,
    ):
        trusted.setenv("HTTPS_PROXY", proxy.url("ana", PASSWORD))
        jira_env(trusted, tmp_path, jira)
        fetched = run("fetch", "jira", "--project", "DEMO")
        trello_env(trusted, tmp_path, trello)
        boards = run("fetch", "trello", "--board", "PayPlt01")
    assert fetched.exit_code == 0, fetched.output
    assert boards.exit_code == 0, boards.output
    tunnels = {target for method, target, login in proxy.seen if method == "CONNECT" and login}
    assert tunnels == {jira.url.removeprefix("https://"), trello.url.removeprefix("https://")}


def test_no_proxy_skips_the_proxy(trusted, ca, tmp_path):
    with (
        FakeProxy(credentials=("ana", PASSWORD)) as proxy,
        FakeJira(deployment="Server", tls=server_context(ca)) as fake,
    ):
        trusted.setenv("HTTPS_PROXY", proxy.url())
        trusted.setenv("NO_PROXY", "127.0.0.1")
        jira_env(trusted, tmp_path, fake)
        result = run("fetch", "jira", "--project", "DEMO")
    assert result.exit_code == 0, result.output
    assert proxy.seen == []


@pytest.mark.parametrize("login", [None, "wrong"])
def test_a_proxy_asking_for_a_login_is_one_line_without_the_password(trusted, ca, tmp_path, login):
    with (
        FakeProxy(credentials=("ana", PASSWORD)) as proxy,
        FakeJira(deployment="Server", tls=server_context(ca)) as fake,
    ):
        given = proxy.url("ana", "wrong-pass-w0rd") if login else proxy.url()
        trusted.setenv("HTTPS_PROXY", given)
        jira_env(trusted, tmp_path, fake)
        result = run("fetch", "jira", "--project", "DEMO")
        assert fake.http.connections == 0
        assert len(proxy.seen) <= 3  # the first requests at once; not retried
    assert result.exit_code == 2
    line = one_error_line(result)
    assert f"the proxy {proxy.url()} (HTTPS_PROXY) " in line
    if login:
        assert "rejected the user and password given (HTTP 407)" in line
    else:
        assert "asks for a user and password (HTTP 407)" in line
        assert "as user:password@ before its host" in line
    assert "add 127.0.0.1 to NO_PROXY" in line
    no_secrets(result, "wrong-pass-w0rd", fake.pat)


def test_a_proxy_refusing_the_connection_is_named(trusted, ca, tmp_path):
    port = closed_port()
    with FakeJira(deployment="Server", tls=server_context(ca)) as fake:
        trusted.setenv("https_proxy", f"http://ana:{PASSWORD}@127.0.0.1:{port}")
        jira_env(trusted, tmp_path, fake)
        result = run("fetch", "jira", "--project", "DEMO")
    assert result.exit_code == 2
    line = one_error_line(result)
    assert line == (
        f"backlog-analyzer: error: the proxy http://127.0.0.1:{port} (https_proxy) could not take "
        f"the fetch to Jira at {fake.url} (connection refused): check https_proxy, or add "
        "127.0.0.1 to NO_PROXY if Jira is reached without a proxy"
    )
    no_secrets(result)


def test_a_socks_proxy_without_pysocks_says_what_to_install(network, tmp_path):
    try:
        import socks  # noqa: F401 - PySocks: then requests would use the proxy
    except ImportError:
        pass
    else:
        pytest.skip("PySocks is installed here")
    port = closed_port()
    network.setenv("HTTP_PROXY", f"socks5://ana:{PASSWORD}@127.0.0.1:{port}")
    with FakeTrello([board_json()], rate_limit=None) as trello, FakeJira() as jira:
        trello_env(network, tmp_path, trello)
        results = [run("fetch", "trello", "--board", "PayPlt01")]
        jira_env(network, tmp_path, jira)
        results.append(run("fetch", "jira", "--project", "DEMO"))
    for result in results:
        assert result.exit_code == 2
        assert one_error_line(result) == (
            f"backlog-analyzer: error: the proxy socks5://127.0.0.1:{port} (HTTP_PROXY) is a SOCKS "
            "proxy, which needs the PySocks package: pip install 'requests[socks]' where "
            "backlog-analyzer is installed, or give an http:// proxy"
        )
        no_secrets(result)


def test_an_http_server_through_http_proxy(network, tmp_path):
    """A plain-http Jira: the proxy forwards the requests itself, and its 407 is an answer the
    client reads (not a failed tunnel)."""
    with FakeProxy(credentials=("ana", PASSWORD)) as proxy, FakeJira(deployment="Server") as fake:
        network.setenv("HTTP_PROXY", proxy.url("ana", PASSWORD))
        jira_env(network, tmp_path, fake)
        good = run("fetch", "jira", "--project", "DEMO")
        network.setenv("HTTP_PROXY", proxy.url())
        refused = run("fetch", "jira", "--project", "DEMO", "--full")
    assert good.exit_code == 0, good.output
    assert any(target.startswith(fake.url + "/rest/api/2/") for _, target, _ in proxy.seen)
    assert refused.exit_code == 2
    assert f"the proxy {proxy.url()} (HTTP_PROXY) asks for a user and password (HTTP 407)" in (
        one_error_line(refused)
    )


def test_trello_behind_a_proxy_asking_for_a_login(trusted, ca, tmp_path):
    with (
        FakeProxy(credentials=("ana", PASSWORD)) as proxy,
        FakeTrello([board_json()], rate_limit=None, tls=server_context(ca)) as fake,
    ):
        trusted.setenv("HTTPS_PROXY", proxy.url())
        trello_env(trusted, tmp_path, fake)
        result = run("fetch", "trello", "--board", "PayPlt01")
        assert len(proxy.seen) == 1
    assert result.exit_code == 2
    line = one_error_line(result)
    assert f"the proxy {proxy.url()} (HTTPS_PROXY) asks for a user and password" in line
    assert f"on the way to Trello at {fake.url}" in line
    no_secrets(result)


# -- Jira at a context path, and the URL a user copies from the browser ----------------------------


@pytest.mark.parametrize("page", ["", "/", "/secure/Dashboard.jspa", "/browse/DEMO-3?x=1"])
def test_jira_at_a_context_path_keeps_it_in_every_request(network, tmp_path, page):
    with FakeJira(deployment="Server", extra_issues=9, max_page=5, context="/jira") as fake:
        assert fake.url.endswith("/jira")
        jira_env(network, tmp_path, fake, JIRA_SERVER=fake.url + page)
        result = run("fetch", "jira", "--project", "DEMO")
        searches = fake.searches()
    assert result.exit_code == 0, result.output
    assert "Fetched 15 Jira issues (all) from DEMO" in result.stdout
    assert len(searches) == 3  # three pages of five, each under /jira
    assert fake.http.outside == []  # nothing asked outside the context path
    with Store(tmp_path / "store.sqlite") as store:
        (info,) = store.sources("jira")
    assert info.origin == fake.url


def test_server_urls_copied_from_a_browser():
    assert clean_server_url("https://jira.acme.example/secure/Dashboard.jspa") == (
        "https://jira.acme.example"
    )
    assert clean_server_url("https://intranet.acme.example/jira/browse/PAY-12") == (
        "https://intranet.acme.example/jira"
    )
    assert clean_server_url("http://acme.atlassian.net/jira/software/projects/PAY/boards/1") == (
        "https://acme.atlassian.net"
    )
    assert clean_server_url("https://intranet.acme.example/tools/jira/") == (
        "https://intranet.acme.example/tools/jira"
    )


def test_a_token_sent_over_plain_http_is_warned_about():
    with pytest.warns(UserWarning, match="the token goes over the network unencrypted"):
        warn_if_unencrypted("http://jira.acme.example/jira")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warn_if_unencrypted("https://jira.acme.example")
        warn_if_unencrypted("http://127.0.0.1:8080")  # a fake, a tunnel


# -- a single sign-on in front of Jira -------------------------------------------------------------

LOGIN_PAGE = "<!DOCTYPE html><html><head><title>Sign in - Acme SSO</title></head></html>"


def test_a_sign_in_page_instead_of_jira_says_what_lets_the_api_in(network, tmp_path):
    with FakeHTTPServer() as sso:
        sso.route(
            "GET", r"/.*", lambda req: Response(200, LOGIN_PAGE, {"Content-Type": "text/html"})
        )
        jira_env(network, tmp_path, FakeJira(deployment="Server"), JIRA_SERVER=sso.url)
        result = run("fetch", "jira", "--project", "DEMO")
        assert sso.count("/rest/api/2/serverInfo") == 1  # not retried
    assert result.exit_code == 2
    line = one_error_line(result)
    assert "it answered a web page, not JSON, for its server info" in line
    assert "a sign-in page of a single sign-on in front of Jira?" in line
    assert "personal access token (JIRA_PAT, Server/Data Center)" in line


@pytest.mark.parametrize("deployment", ["Server", "Cloud"])
def test_a_redirect_to_a_sign_in_host_does_not_carry_the_token(network, tmp_path, deployment):
    fake = FakeJira(deployment=deployment)  # only for its credentials
    with FakeHTTPServer() as login, FakeHTTPServer() as jira:
        # Another host name for the same machine: requests drops Authorization on a host change.
        sign_in = login.url.replace("127.0.0.1", "localhost") + "/idp/login"
        login.route(
            "GET", r"/.*", lambda req: Response(200, LOGIN_PAGE, {"Content-Type": "text/html"})
        )
        jira.route("GET", r"/.*", lambda req: Response(302, "", {"Location": sign_in}))
        jira_env(network, tmp_path, fake, JIRA_SERVER=jira.url)
        result = run("fetch", "jira", "--project", "DEMO")
        followed = login.requested()
        sent = jira.requested()
    assert result.exit_code == 2
    assert "answered a web page, not JSON" in one_error_line(result)
    assert followed and sent
    assert all("authorization" in {k.lower() for k in r.headers} for r in sent)
    for request in followed:
        assert "authorization" not in {k.lower() for k in request.headers}
        assert fake.pat not in str(request) and fake.api_token not in str(request)


def test_a_sign_in_page_in_the_middle_of_a_fetch_keeps_what_was_fetched(network, tmp_path):
    with FakeJira(deployment="Server", extra_issues=9, max_page=5) as fake:
        jira_env(network, tmp_path, fake)
        page = Status(200, LOGIN_PAGE, {"Content-Type": "text/html"})
        fake.inject(page, path="/rest/api/2/search", when=lambda r: r.arg("startAt") == "10")
        result = run("fetch", "jira", "--project", "DEMO", "--workers", "1")
        asked = [r.arg("startAt") for r in fake.searches()]
    assert result.exit_code == 3
    line = one_error_line(result)
    assert "answered a web page, not JSON, while fetching issues 11–15" in line, line
    assert "everything fetched so far is kept" in line
    assert asked.count("10") == 1  # not retried


# -- what is retried -------------------------------------------------------------------------------


def test_only_the_network_setup_is_final():
    """A certificate refused, a proxy refusing or asking for a login: not retried. A handshake
    cut short, a proxy's 5xx for the server behind it, a proxy slow to answer: retried."""
    from requests.exceptions import ProxyError, SSLError
    from urllib3.exceptions import NewConnectionError

    from connectors._http.retry import classify

    refused = NewConnectionError(None, "Failed to establish a new connection: Connection refused")
    verify = ssl.SSLCertVerificationError(1, "certificate verify failed")
    final = [
        SSLError(verify),
        SSLError(ssl.SSLError(1, "[SSL: WRONG_VERSION_NUMBER] wrong version number")),
        ProxyError("Unable to connect to proxy", OSError("Tunnel connection failed: 407 Auth")),
        ProxyError("Unable to connect to proxy", OSError("Tunnel connection failed: 403 No")),
        ProxyError("Unable to connect to proxy", refused),
    ]
    passing = [
        SSLError(ssl.SSLEOFError(8, "EOF occurred in violation of protocol")),
        ProxyError("Unable to connect to proxy", OSError("Tunnel connection failed: 502 Bad")),
        ProxyError("Unable to connect to proxy", TimeoutError("timed out")),
    ]
    assert [classify(exc).transient for exc in final] == [False] * len(final)
    assert [classify(exc).transient for exc in passing] == [True] * len(passing)
