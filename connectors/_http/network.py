"""A company network between a fetch and its service, as one line: a certificate this machine does
not trust, a proxy that refuses or asks for a password, a CA bundle that cannot be read.

Both clients (``jira``, py-trello) send through a ``requests`` session that keeps ``trust_env``:
``REQUESTS_CA_BUNDLE`` (or ``CURL_CA_BUNDLE``) chooses the CAs trusted (else the system's trust
store and certifi's, :mod:`connectors._http.trust`), ``HTTPS_PROXY``,
``HTTP_PROXY`` and ``NO_PROXY`` the proxy. These failures are the network's setup, not a passing
fault: the retry policy does not retry them (:func:`is_setup_problem`), and
:func:`setup_problem` words them for the user (a :class:`NetworkSetupError`, exit 2). The line
names the proxy without the user and password its URL may hold, and never a token.
"""

from __future__ import annotations

import os
import re
import ssl
from typing import TypeVar
from urllib.parse import urlsplit

import requests
from requests.utils import get_environ_proxies, select_proxy

from connectors._http.trust import system_trust_used
from connectors.interface import SourceError

__all__ = [
    "CA_VARIABLES",
    "NetworkSetupError",
    "check_ca_bundle",
    "is_setup_problem",
    "setup_problem",
]

#: Where ``requests`` reads the CA bundle to trust instead of its own (certifi's), in this order.
CA_VARIABLES = ("REQUESTS_CA_BUNDLE", "CURL_CA_BUNDLE")
_PROXY_VARIABLES = {
    "https": ("https_proxy", "HTTPS_PROXY", "all_proxy", "ALL_PROXY"),
    "http": ("http_proxy", "HTTP_PROXY", "all_proxy", "ALL_PROXY"),
}
#: OpenSSL's verify codes meaning "signed by a CA this machine does not know".
_UNKNOWN_CA = frozenset({18, 19, 20, 21})
_NOT_FOR_HOST, _EXPIRED = frozenset({62, 64}), 10  # host name, IP address mismatch
_REFUSED, _UNKNOWN_HOST = "connection refused", "its host name is unknown"
E = TypeVar("E", bound=BaseException)
_PROXY_STATUS = re.compile(r"Tunnel connection failed: (\d{3})")
#: An auth scheme in a ``Proxy-Authenticate`` value (a token not followed by ``=``).
_SCHEME = re.compile(r"(?:^|,)\s*([A-Za-z][\w.-]*)(?=\s|,|$)")


class NetworkSetupError(SourceError):
    """The network between here and the service needs setting up (a CA bundle, a proxy)."""


def check_ca_bundle() -> None:
    """A CA bundle named by ``REQUESTS_CA_BUNDLE`` / ``CURL_CA_BUNDLE`` must be readable PEM
    (checked once, before anything is fetched: ``requests`` would fail on every request)."""
    for name in CA_VARIABLES:
        path = os.environ.get(name)
        if not path:
            continue
        try:
            if os.path.isdir(path):
                ssl.create_default_context(capath=path)
            else:
                ssl.create_default_context(cafile=path)
        except (OSError, ValueError) as exc:
            problem = (
                "no such file"
                if not os.path.exists(path)
                else "no certificate in it"
                if "no_certificate" in str(exc).lower()
                else _ssl_reason(exc)
            )
            raise NetworkSetupError(
                f"{name}={path} cannot be used as a CA bundle ({problem}): point it at a PEM "
                "file of the certificates to trust (your company's CA), or unset it"
            ) from None
        return  # requests reads the first one set


def is_setup_problem(exc: BaseException) -> bool:
    """A failure that retrying cannot fix: a certificate refused, a proxy refusing or asking
    for authentication (a proxy whose tunnel failed with a 5xx is the server's trouble, and a
    handshake cut short the network's: not these)."""
    if isinstance(exc, requests.exceptions.SSLError):
        # A certificate refused, or TLS spoken to a plain-http port; not a handshake cut short
        # (``SSLEOFError``: a flaky network, retried like any connection error).
        return _find(exc, ssl.SSLCertVerificationError) is not None or (
            "wrong version number" in _chain_text(exc).lower()
        )
    if isinstance(exc, requests.exceptions.ProxyError):
        status = _tunnel_status(exc)
        if status is not None:
            return status < 500
        # Refused, or a host name that does not resolve: a proxy slow to answer may be passing.
        return _connect_reason(exc) in (_REFUSED, _UNKNOWN_HOST)
    return False


def setup_problem(exc: BaseException, name: str, url: str) -> NetworkSetupError | None:
    """The one line for ``exc`` met while talking to ``name`` (Jira, Trello) at ``url``, when it
    is the network's setup (else None). An HTTP 407 answer (a proxy in front of an http:// URL)
    counts."""
    from connectors._http.retry import http_status  # which imports this module

    status = http_status(exc)
    if isinstance(exc, requests.exceptions.ProxyError) and is_setup_problem(exc):
        status = _tunnel_status(exc)
        if status != 407:
            proxy, variable, _ = _proxy_for(url)
            reason = f"it answered HTTP {status}" if status else _connect_reason(exc)
            return NetworkSetupError(
                f"the proxy {proxy} ({variable}) could not take the fetch to {name} at {url} "
                f"({reason}): check {variable}, or add {_host(url)} to NO_PROXY if {name} is "
                "reached without a proxy"
            )
    if status == 407:
        return _proxy_auth(name, url, exc)
    if isinstance(exc, requests.exceptions.InvalidSchema) and "socks" in str(exc).lower():
        proxy, variable, _ = _proxy_for(url)
        return NetworkSetupError(
            f"the proxy {proxy} ({variable}) is a SOCKS proxy, which needs the PySocks package: "
            "pip install 'requests[socks]' where backlog-analyzer is installed, or give an "
            "http:// proxy"
        )
    if isinstance(exc, requests.exceptions.SSLError) and is_setup_problem(exc):
        return _certificate_problem(exc, f"{name} at {url}", url)
    return None


# -- certificates -----------------------------------------------------------------------------


def _certificate_problem(exc: BaseException, service: str, url: str) -> NetworkSetupError:
    verify = _find(exc, ssl.SSLCertVerificationError)
    host = urlsplit(url).hostname or url
    bundle = next(((n, os.environ[n]) for n in CA_VARIABLES if os.environ.get(n)), None)
    if verify is None:  # no certificate to judge: TLS itself failed
        reason = _ssl_reason(_find(exc, ssl.SSLError) or exc)
        return NetworkSetupError(
            f"could not open an encrypted connection to {service} ({reason}): check that the "
            f"URL's scheme and port speak HTTPS ({url})"
        )
    code = getattr(verify, "verify_code", None)
    said = _ssl_reason(verify)
    if code in _NOT_FOR_HOST:
        return NetworkSetupError(
            f"{service} sent a certificate that is not for {host} ({said}): use the host name "
            "the certificate names in the URL"
        )
    if code == _EXPIRED:
        return NetworkSetupError(
            f"{service} sent an expired certificate ({said}): ask its admins to renew it"
        )
    if bundle is not None:
        do = (
            f"{bundle[0]} ({bundle[1]}) does not hold the CA that signed it: add your "
            f"company's CA to that file, or point {bundle[0]} at a PEM file of it"
        )
    else:
        store = "add its CA to this machine's trust store, or " if system_trust_used() else ""
        do = (
            f"if your company signs its own certificates, {store}set REQUESTS_CA_BUNDLE to a "
            "PEM file of its CA (your IT department has it)"
        )
    what = "is not signed by a CA this machine trusts" if code in _UNKNOWN_CA else "was refused"
    return NetworkSetupError(f"the certificate of {service} {what} ({said}); {do}")


def _ssl_reason(exc: BaseException) -> str:
    """``certificate verify failed: self-signed certificate in certificate chain`` and the like,
    without OpenSSL's ``[SSL: ...]`` tags and file positions."""
    message = getattr(exc, "verify_message", None)
    if message:
        return str(message).rstrip(".")
    text = getattr(exc, "reason", None) or str(exc)
    text = re.sub(r"\[[A-Z0-9_: ]+\]\s*|\s*\(_ssl\.c:\d+\)", "", str(text))
    return " ".join(text.split()).lower() or type(exc).__name__


# -- proxies ----------------------------------------------------------------------------------


def _proxy_auth(name: str, url: str, exc: BaseException) -> NetworkSetupError:
    proxy, variable, login = _proxy_for(url)
    away = f"or add {_host(url)} to NO_PROXY if {name} is reached without a proxy"
    schemes = _proxy_schemes(exc)
    if schemes and not any(s.lower() == "basic" for s in schemes):
        return NetworkSetupError(
            f"the proxy {proxy} ({variable}) asks to sign in with {', '.join(schemes)} (HTTP "
            f"407) on the way to {name} at {url}, which requests (the HTTP library used) cannot "
            f"do: run a local proxy that can, such as cntlm or px, and point {variable} at it; "
            f"{away}"
        )
    if login:
        do = f"check the user and password in {variable} (its URL's user:password@)"
        said = "rejected the user and password given"
        if not schemes:  # a tunnel's 407: its Proxy-Authenticate is not kept
            do += (
                " (a proxy signing in with Windows accounts, NTLM or Negotiate, needs a local "
                "proxy such as cntlm or px)"
            )
    else:
        do = f"put them in {variable}'s URL, as user:password@ before its host"
        said = "asks for a user and password"
    return NetworkSetupError(
        f"the proxy {proxy} ({variable}) {said} (HTTP 407) on the way to {name} at {url}: "
        f"{do}; {away}"
    )


def _proxy_schemes(exc: BaseException) -> list[str]:
    """The schemes of a 407's ``Proxy-Authenticate`` (``NTLM``, ``Negotiate``, ``Basic``), when
    the answer is at hand: a proxy's answer to an http:// URL. A CONNECT tunnel's 407 (any
    https:// URL) is only ``OSError("Tunnel connection failed: 407 ...")``: ``http.client`` drops
    its headers (3.11) or keeps them on the connection only (3.12+): then none."""
    headers = getattr(getattr(exc, "response", None), "headers", None)
    value = headers.get("Proxy-Authenticate") if headers is not None else None
    return list(dict.fromkeys(_SCHEME.findall(str(value)))) if value else []


def _host(url: str) -> str:
    try:
        return urlsplit(url).hostname or url
    except ValueError:
        return url


def _proxy_for(url: str) -> tuple[str, str, bool]:
    """The proxy ``requests`` sends ``url`` through, without credentials; the variable that
    named it (``HTTPS_PROXY``); whether its URL holds a user (and password)."""
    scheme = urlsplit(url).scheme or "https"
    chosen = select_proxy(url, get_environ_proxies(url)) or ""
    variable = next(
        (n for n in _PROXY_VARIABLES.get(scheme, ()) if os.environ.get(n) == chosen),
        f"{scheme.upper()}_PROXY",
    )
    unreadable = "(a proxy URL that cannot be read)", variable, False
    try:
        parts = urlsplit(chosen if "://" in chosen else f"http://{chosen}")
        host, port = parts.hostname, parts.port
    except ValueError:
        return unreadable
    if not host:
        return unreadable
    host = f"[{host}]" if ":" in host else host
    return f"{parts.scheme}://{host}{f':{port}' if port else ''}", variable, bool(parts.username)


def _tunnel_status(exc: BaseException) -> int | None:
    match = _PROXY_STATUS.search(_chain_text(exc))
    return int(match.group(1)) if match else None


def _connect_reason(exc: BaseException) -> str:
    text = _chain_text(exc).lower()
    for needle, reason in (
        ("refused", _REFUSED),
        ("name or service not known", _UNKNOWN_HOST),
        ("nodename nor servname", _UNKNOWN_HOST),
        ("failed to resolve", _UNKNOWN_HOST),
        ("getaddrinfo failed", _UNKNOWN_HOST),
    ):
        if needle in text:
            return reason
    return "it could not be reached"


# -- walking an exception's causes --------------------------------------------------------------


def _causes(exc: BaseException) -> list[BaseException]:
    """``exc`` and everything it wraps (``args``, urllib3's ``reason``, ``__cause__``)."""
    seen: list[BaseException] = []
    todo = [exc]
    while todo and len(seen) < 20:
        current = todo.pop()
        if any(current is s for s in seen):
            continue
        seen.append(current)
        wrapped = [*current.args, getattr(current, "reason", None)]
        wrapped += [current.__cause__, current.__context__]
        todo.extend(w for w in wrapped if isinstance(w, BaseException))
    return seen


def _find(exc: BaseException, kind: type[E]) -> E | None:
    return next((c for c in _causes(exc) if isinstance(c, kind)), None)


def _chain_text(exc: BaseException) -> str:
    return " | ".join(str(c) for c in _causes(exc))
