"""A tiny forward proxy on 127.0.0.1, as a company network puts in front of Jira and Trello.

``CONNECT host:port`` (an https:// URL through ``HTTPS_PROXY``) opens a tunnel and pipes bytes
both ways; a plain ``GET http://...`` (an http:// URL through ``HTTP_PROXY``) is forwarded. With
``credentials`` (user, password) a request without the matching ``Proxy-Authorization`` is answered
407, as a proxy asking for a login does (``schemes``: the ``Proxy-Authenticate`` headers it sends;
``NTLM`` and ``Negotiate`` for a proxy signing in with Windows accounts). Every request line is
recorded (``seen``) with whether it carried proxy credentials. Only loopback targets are served.
"""

from __future__ import annotations

import base64
import http.client
import select
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

__all__ = ["FakeProxy"]

_LOOPBACK = ("127.0.0.1", "localhost")


class FakeProxy:
    def __init__(
        self,
        credentials: tuple[str, str] | None = None,
        schemes: tuple[str, ...] = ('Basic realm="acme proxy"',),
    ) -> None:
        self.credentials = credentials
        self.schemes = schemes  # its 407's Proxy-Authenticate headers (one each)
        self.seen: list[tuple[str, str, bool]] = []  # (method, target, had credentials)
        self._lock = threading.Lock()
        self._httpd = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._httpd.daemon_threads = True
        self._thread: threading.Thread | None = None

    def url(self, user: str | None = None, password: str | None = None) -> str:
        host, port = self._httpd.server_address[:2]
        login = f"{user}:{password}@" if user is not None else ""
        return f"http://{login}{host}:{port}"

    def __enter__(self) -> FakeProxy:
        self._thread = threading.Thread(
            target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
        )
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._httpd.shutdown()
        self._httpd.server_close()

    def _allowed(self, header: str | None) -> bool:
        if self.credentials is None:
            return True
        expected = base64.b64encode(":".join(self.credentials).encode()).decode()
        return header == f"Basic {expected}"

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
                return

            def _admitted(self) -> bool:
                auth = self.headers.get("Proxy-Authorization")
                with proxy._lock:
                    proxy.seen.append((self.command, self.path, auth is not None))
                if proxy._allowed(auth):
                    return True
                self.send_response(407)
                for scheme in proxy.schemes:
                    self.send_header("Proxy-Authenticate", scheme)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return False

            def do_CONNECT(self) -> None:  # noqa: N802 - http.server's name
                if not self._admitted():
                    return
                host, _, port = self.path.rpartition(":")
                if host not in _LOOPBACK:
                    self.send_error(403)
                    return
                upstream = socket.create_connection((host, int(port)), timeout=10)
                self.send_response(200, "Connection established")
                self.end_headers()
                self._pipe(self.connection, upstream)
                self.close_connection = True

            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                if not self._admitted():
                    return
                parts = urlsplit(self.path)
                if parts.hostname not in _LOOPBACK:
                    self.send_error(403)
                    return
                upstream = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
                headers = {
                    k: v for k, v in self.headers.items() if k.lower() != "proxy-authorization"
                }
                upstream.request(
                    "GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers
                )
                answer = upstream.getresponse()
                body = answer.read()
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                upstream.close()

            @staticmethod
            def _pipe(a: socket.socket, b: socket.socket) -> None:
                sockets = [a, b]
                try:
                    while True:
                        ready, _, broken = select.select(sockets, [], sockets, 10)
                        if broken or not ready:
                            return
                        for s in ready:
                            data = s.recv(65536)
                            if not data:
                                return
                            (b if s is a else a).sendall(data)
                except OSError:
                    return
                finally:
                    b.close()

        return Handler
