"""Trust the operating system's certificates too, as pip does: a company CA that IT installed (the
Windows store, the macOS keychain, Debian's ``update-ca-certificates``) works without setting
anything.

``requests`` alone trusts only certifi's bundle. :func:`system_trust` is a ``truststore`` context
(the OS store; on Linux OpenSSL's default paths, which ``SSL_CERT_FILE`` / ``SSL_CERT_DIR`` move)
that also holds certifi's CAs, like pip's since 24.2. :class:`TrustingAdapter` gives it to the
HTTPS requests of its own session only: never ``truststore.inject_into_ssl()``, which would change
every library of a process that imports us. A request whose ``verify`` is not ``True``
(``REQUESTS_CA_BUNDLE`` / ``CURL_CA_BUNDLE`` set, which ``requests`` turns into the path) keeps
``requests``' own handling: that bundle alone is trusted, as before. Without ``truststore`` (not
installed, an OpenSSL too old for it) everything is as before, silently.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from requests.adapters import HTTPAdapter

if TYPE_CHECKING:
    import ssl

__all__ = ["TrustingAdapter", "system_trust", "system_trust_used"]


def system_trust() -> ssl.SSLContext | None:
    """A new context trusting the OS store and certifi's CAs, or None when ``truststore`` cannot
    be used. New for each fetch: the context keeps every CA it ever loaded."""
    try:
        import ssl

        import truststore
        from requests.certs import where  # certifi's file, the one requests trusts

        context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        context.load_verify_locations(where())
    except (ImportError, OSError, ValueError, AttributeError):
        return None
    return context


def system_trust_used() -> bool:
    """Whether fetches trust the system's store (``truststore`` can be imported)."""
    try:
        import truststore  # noqa: F401
    except ImportError:
        return False
    return True


class TrustingAdapter(HTTPAdapter):
    """An ``HTTPAdapter`` whose HTTPS requests verified the default way (``verify=True``) go
    through ``ssl_context`` (:func:`system_trust`'s; None: ``requests``' own way), directly or
    through a proxy's CONNECT tunnel (the context is part of the pool's key, which
    ``ProxyManager`` passes on to the pool beyond the tunnel)."""

    def __init__(
        self, *args: Any, ssl_context: ssl.SSLContext | None = None, **kwargs: Any
    ) -> None:
        self.ssl_context = ssl_context
        super().__init__(*args, **kwargs)

    def build_connection_pool_key_attributes(
        self, request: Any, verify: Any, cert: Any = None
    ) -> tuple[dict[str, Any], dict[str, Any]]:
        host, pool = super().build_connection_pool_key_attributes(request, verify, cert)
        if verify is True and self.ssl_context is not None and host.get("scheme") == "https":
            pool["ssl_context"] = self.ssl_context
        return host, pool

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        """``requests`` names certifi's file for urllib3 to load at every new connection: our
        context holds it already (a second load of 117 CAs each time). Kept for an https://
        proxy, whose own TLS urllib3 verifies with it."""
        super().cert_verify(conn, url, verify, cert)
        ours = self.ssl_context is not None and conn.conn_kw.get("ssl_context") is self.ssl_context
        proxy = getattr(conn, "proxy", None)
        if ours and verify is True and getattr(proxy, "scheme", None) != "https":
            conn.ca_certs = None
