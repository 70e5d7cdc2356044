"""A company proxy that signs in with Windows accounts (a 407 offering ``NTLM`` / ``Negotiate``,
which ``requests`` cannot speak): the 407 line says so and what to do (a local proxy such as cntlm
or px, or NO_PROXY). Its ``Proxy-Authenticate`` is read when the 407 is an answer (an http:// URL
through HTTP_PROXY); a CONNECT tunnel's 407 (https://) keeps no headers, so a login rejected there
only hints at it."""

from __future__ import annotations

import pytest

from tests.cli_helpers import one_error_line
from tests.fakes.company_network import (
    PASSWORD,
    jira_env,
    no_secrets,
    run,
    server_context,
    trello_env,
)
from tests.fakes.jira_server import FakeJira
from tests.fakes.proxy import FakeProxy
from tests.fakes.trello_server import FakeTrello, board_json

WINDOWS = ("Negotiate", "NTLM")


@pytest.mark.parametrize(
    ("schemes", "said"),
    [(WINDOWS, "Negotiate, NTLM"), (("NTLM",), "NTLM"), (('Digest realm="acme"',), "Digest")],
)
def test_a_proxy_asking_for_a_scheme_requests_cannot_speak(network, tmp_path, schemes, said):
    with (
        FakeProxy(credentials=("ana", PASSWORD), schemes=schemes) as proxy,
        FakeJira(deployment="Server") as fake,
    ):
        network.setenv("HTTP_PROXY", proxy.url("ana", PASSWORD + "-domain"))
        jira_env(network, tmp_path, fake)
        result = run("fetch", "jira", "--project", "DEMO")
        assert len(proxy.seen) <= 3  # the first requests at once; not retried
    assert result.exit_code == 2
    assert one_error_line(result) == (
        f"backlog-analyzer: error: the proxy {proxy.url()} (HTTP_PROXY) asks to sign in with "
        f"{said} (HTTP 407) on the way to Jira at {fake.url}, which requests (the HTTP library "
        "used) cannot do: run a local proxy that can, such as cntlm or px, and point HTTP_PROXY "
        "at it; or add 127.0.0.1 to NO_PROXY if Jira is reached without a proxy"
    )
    no_secrets(result, fake.pat)


def test_a_proxy_offering_basic_too_keeps_the_login_line(network, tmp_path):
    with (
        FakeProxy(credentials=("ana", PASSWORD), schemes=(*WINDOWS, 'Basic realm="x"')) as proxy,
        FakeJira(deployment="Server") as fake,
    ):
        network.setenv("HTTP_PROXY", proxy.url())
        jira_env(network, tmp_path, fake)
        result = run("fetch", "jira", "--project", "DEMO")
    assert result.exit_code == 2
    assert "(HTTP_PROXY) asks for a user and password (HTTP 407)" in one_error_line(result)


@pytest.mark.parametrize("service", ["Jira", "Trello"])
def test_a_tunnel_rejecting_the_login_hints_at_windows_sign_in(trusted, ca, tmp_path, service):
    """Through CONNECT the 407's headers are gone (http.client drops them before raising): the
    rejected login's line adds the hint."""
    context = server_context(ca)
    with (
        FakeProxy(credentials=("ana", PASSWORD), schemes=WINDOWS) as proxy,
        FakeJira(deployment="Server", tls=context) as jira,
        FakeTrello([board_json()], rate_limit=None, tls=context) as trello,
    ):
        trusted.setenv("HTTPS_PROXY", proxy.url("ana", "wrong-pass-w0rd"))
        if service == "Jira":
            jira_env(trusted, tmp_path, jira)
            result = run("fetch", "jira", "--project", "DEMO")
        else:
            trello_env(trusted, tmp_path, trello)
            result = run("fetch", "trello", "--board", "PayPlt01")
        assert {method for method, _, _ in proxy.seen} == {"CONNECT"}
    assert result.exit_code == 2
    line = one_error_line(result)
    assert f"the proxy {proxy.url()} (HTTPS_PROXY) rejected the user and password given" in line
    assert (
        "(a proxy signing in with Windows accounts, NTLM or Negotiate, needs a local proxy such "
        "as cntlm or px)" in line
    )
    no_secrets(result, "wrong-pass-w0rd", jira.pat)
