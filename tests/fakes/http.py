"""A small threaded HTTP server on 127.0.0.1 with a route table and fault injection.

Fakes of real services (Jira, Trello) are built on it: they register routes that return JSON
built from fixtures, and tests inject faults (an error status, a slow answer, a connection cut
half-way through a body, a dropped connection, an answer held until the test opens its gate,
a request budget answered with 429) to drive the
real client libraries over real HTTP. Every request is recorded so tests can assert what was asked.

    server = FakeHTTPServer()
    server.route("GET", "/rest/api/2/issue/{key}", lambda req, key: {"key": key})
    server.inject(Status(500), path=r"/rest/api/2/issue/.*", times=1)
    with server:
        requests.get(server.url + "/rest/api/2/issue/A-1")  # 500, then 200 next time

``tls`` (an ``ssl.SSLContext`` with the server's certificate) serves HTTPS instead, as a company's
Jira behind its own CA does; ``prefix`` mounts every route under a context path (``/jira``).

Importable by benchmarks (``from tests.fakes.http import FakeHTTPServer``); nothing here reads
files outside tests/.
"""

from __future__ import annotations

import json
import re
import ssl
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

__all__ = [
    "Cut",
    "Delay",
    "Drop",
    "FakeHTTPServer",
    "Fault",
    "Garble",
    "Gate",
    "RateLimit",
    "Request",
    "Response",
    "Status",
]


@dataclass(slots=True)
class Request:
    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    body: bytes = b""
    time: float = 0.0
    #: The client's port: the connection it came on (requests on one connection share it).
    port: int = 0

    def arg(self, name: str, default: str | None = None) -> str | None:
        """The first value of query parameter ``name`` (or of a JSON body key, for POSTs)."""
        if name in self.query:
            return self.query[name][0]
        data = self.json()
        if isinstance(data, dict) and name in data and data[name] is not None:
            value = data[name]
            return value if isinstance(value, str) else json.dumps(value)
        return default

    def json(self) -> Any:
        if not self.body:
            return None
        try:
            return json.loads(self.body)
        except ValueError:
            return None


@dataclass(slots=True)
class Response:
    status: int = 200
    body: Any = None  # JSON-able, or bytes / str sent as is
    headers: dict[str, str] = field(default_factory=dict)

    def encoded(self) -> tuple[bytes, str]:
        if isinstance(self.body, bytes):
            return self.body, self.headers.get("Content-Type", "application/octet-stream")
        if isinstance(self.body, str):
            return self.body.encode(), self.headers.get("Content-Type", "text/plain")
        if self.body is None:
            return b"", "application/json"
        return json.dumps(self.body).encode(), "application/json;charset=UTF-8"


class Fault:
    """Something that happens instead of (or before) the normal answer to a request."""


@dataclass(slots=True)
class Status(Fault):
    """Answer with this status (e.g. 500, 401, 429 with a Retry-After header)."""

    code: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Delay(Fault):
    """Wait this long before answering normally (a slow server, beyond the client's timeout)."""

    seconds: float


@dataclass(slots=True)
class Gate(Fault):
    """Answer normally once ``opened`` is set (a state the test waits for, not an amount of
    time); ``ceiling`` only stops a broken test from hanging, and is counted in ``timed_out``."""

    opened: threading.Event
    ceiling: float = 30.0
    timed_out: int = 0


def open_when(
    opened: threading.Event, seen: Callable[[], bool], saw: list[bool]
) -> threading.Thread:
    """A started watcher that sets ``opened`` (a :class:`Gate`'s) once ``seen()`` is true, asked
    every 0.1 s up to 30 s (a generous bound, not a timing assertion), and appends to ``saw``
    whether it was."""

    def watch() -> None:
        found = threading.Event()
        for _ in range(300):
            if seen():
                found.set()
                break
            opened.wait(0.1)
        saw.append(found.is_set())
        opened.set()

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    return watcher


@dataclass(slots=True)
class Cut(Fault):
    """Send the headers with the full Content-Length, then part of the body, then close."""

    fraction: float = 0.5


@dataclass(slots=True)
class Garble(Fault):
    """Answer the normal status and headers with a complete body that is broken JSON (its first
    part, then junk): a proxy or a load balancer mangling one answer."""

    junk: bytes = b"\x00#garbled"


@dataclass(slots=True)
class Drop(Fault):
    """Close the connection without answering."""


@dataclass(slots=True)
class _Injection:
    fault: Fault
    method: str | None
    path: re.Pattern[str] | None
    times: int | None  # None: forever
    when: Callable[[Request], bool] | None
    hits: int = 0

    def matches(self, req: Request) -> bool:
        if self.times is not None and self.hits >= self.times:
            return False
        if self.method and self.method != req.method:
            return False
        if self.path and not self.path.fullmatch(req.path):
            return False
        return not (self.when and not self.when(req))


@dataclass(slots=True)
class RateLimit:
    """At most ``limit`` requests per ``window`` seconds; beyond that, 429 with Retry-After."""

    limit: int
    window: float
    retry_after: int = 1
    _times: deque[float] = field(default_factory=deque)

    def allow(self, now: float) -> bool:
        while self._times and now - self._times[0] >= self.window:
            self._times.popleft()
        if len(self._times) >= self.limit:
            return False
        self._times.append(now)
        return True


Handler = Callable[..., Any]


def _compile(template: str) -> re.Pattern[str]:
    """``/issue/{key}/comment`` -> a regex with named groups; a template may also be a regex."""
    pattern = re.sub(r"\{(\w+)\}", r"(?P<\1>[^/]+)", template)
    return re.compile(pattern)


class FakeHTTPServer:
    """A threaded HTTP/1.1 server on 127.0.0.1 (an ephemeral port unless ``port`` is given).

    Handlers receive the :class:`Request` and the path parameters as keyword arguments and return
    a :class:`Response`, or any JSON-able value (sent with 200).
    """

    def __init__(
        self,
        *,
        port: int = 0,
        latency: float = 0.0,
        tls: ssl.SSLContext | None = None,
        prefix: str = "",
    ) -> None:
        self.latency = latency
        self.tls = tls
        self.prefix = prefix.rstrip("/")
        self.connections = 0  # connections accepted (a TLS handshake refused counts too)
        self.outside: list[str] = []  # paths asked outside ``prefix`` (answered 404)
        self.rate_limit: RateLimit | None = None
        self.throttled = 0  # requests answered 429 by ``rate_limit``
        self.requests: list[Request] = []
        self._routes: list[tuple[str, re.Pattern[str], Handler]] = []
        self._injections: list[_Injection] = []
        self._lock = threading.Lock()
        self._httpd = _Server(("127.0.0.1", port), self._handler_class())
        self._httpd.owner = self
        self._httpd.daemon_threads = True
        self._httpd.block_on_close = False
        self._thread: threading.Thread | None = None

    # -- set-up -------------------------------------------------------------------------------

    @property
    def url(self) -> str:
        host, port = self._httpd.server_address[:2]
        return f"{'https' if self.tls else 'http'}://{host}:{port}{self.prefix}"

    def route(self, method: str, template: str, handler: Handler | None = None) -> Any:
        """Register ``handler`` for ``method`` and a path template; usable as a decorator."""

        def register(fn: Handler) -> Handler:
            with self._lock:
                self._routes.append((method.upper(), _compile(template), fn))
            return fn

        return register(handler) if handler is not None else register

    def inject(
        self,
        fault: Fault,
        *,
        method: str | None = None,
        path: str | None = None,
        times: int | None = 1,
        when: Callable[[Request], bool] | None = None,
    ) -> None:
        """Apply ``fault`` to the next ``times`` requests matching method, path regex, ``when``."""
        with self._lock:
            self._injections.append(
                _Injection(
                    fault,
                    method.upper() if method else None,
                    re.compile(path) if path else None,
                    times,
                    when,
                )
            )

    def clear_faults(self) -> None:
        with self._lock:
            self._injections.clear()
            self.rate_limit = None

    # -- what was asked -------------------------------------------------------------------------

    def requested(self, path: str | None = None, method: str | None = None) -> list[Request]:
        """Recorded requests whose path fully matches the regex ``path`` (all when None)."""
        rx = re.compile(path) if path else None
        with self._lock:
            return [
                r
                for r in self.requests
                if (rx is None or rx.fullmatch(r.path)) and (method is None or r.method == method)
            ]

    def count(self, path: str | None = None, method: str | None = None) -> int:
        return len(self.requested(path, method))

    def reset_requests(self) -> None:
        with self._lock:
            self.requests.clear()

    # -- life cycle ---------------------------------------------------------------------------

    def start(self) -> FakeHTTPServer:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        self._httpd.server_close()

    def __enter__(self) -> FakeHTTPServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # -- dispatch -----------------------------------------------------------------------------

    def _fault_for(self, req: Request) -> Fault | None:
        with self._lock:
            for inj in self._injections:
                if inj.matches(req):
                    inj.hits += 1
                    return inj.fault
            if self.rate_limit is not None and not self.rate_limit.allow(time.monotonic()):
                self.throttled += 1
                return Status(
                    429,
                    {"errorMessages": ["Rate limit exceeded."]},
                    {"Retry-After": str(self.rate_limit.retry_after)},
                )
        return None

    def _dispatch(self, req: Request) -> Response:
        with self._lock:
            routes = list(self._routes)
        allowed = False
        for method, rx, handler in routes:
            m = rx.fullmatch(req.path)
            if not m:
                continue
            if method != req.method:
                allowed = True
                continue
            result = handler(req, **m.groupdict())
            return result if isinstance(result, Response) else Response(200, result)
        if allowed:
            return Response(405, {"errorMessages": [f"Method {req.method} not allowed"]})
        return Response(404, {"errorMessages": [f"No route for {req.path}"]})

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class _Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            disable_nagle_algorithm = True  # else ~40 ms per request on loopback
            timeout = 10  # idle keep-alive connections are closed after this

            def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - quiet
                return

            def _handle(self) -> None:
                parts = urlsplit(self.path)
                path = parts.path
                if server.prefix:
                    if path != server.prefix and not path.startswith(server.prefix + "/"):
                        with server._lock:
                            server.outside.append(path)
                        path = "/-outside-" + path  # no route matches: 404
                    else:
                        path = path[len(server.prefix) :] or "/"
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                req = Request(
                    method=self.command,
                    path=path,
                    query=parse_qs(parts.query, keep_blank_values=True),
                    headers={k: v for k, v in self.headers.items()},
                    body=body,
                    time=time.monotonic(),
                    port=self.client_address[1],
                )
                with server._lock:
                    server.requests.append(req)
                if server.latency:
                    time.sleep(server.latency)
                fault = server._fault_for(req)
                if isinstance(fault, Drop):
                    self.close_connection = True
                    self.connection.shutdown(2)
                    return
                if isinstance(fault, Delay):
                    time.sleep(fault.seconds)
                if isinstance(fault, Gate) and not fault.opened.wait(fault.ceiling):
                    with server._lock:
                        fault.timed_out += 1
                if isinstance(fault, Status):
                    resp = Response(fault.code, fault.body, dict(fault.headers))
                else:
                    try:
                        resp = server._dispatch(req)
                    except Exception as exc:  # a bug in a fake handler: answer 500, visibly
                        resp = Response(500, {"errorMessages": [f"fake server error: {exc!r}"]})
                payload, ctype = resp.encoded()
                if isinstance(fault, Garble):
                    payload = payload[: len(payload) // 2] + fault.junk
                try:
                    self.send_response(resp.status)
                    self.send_header("Content-Type", ctype)
                    self.send_header("Content-Length", str(len(payload)))
                    for key, value in resp.headers.items():
                        self.send_header(key, value)
                    if isinstance(fault, Cut):
                        self.send_header("Connection", "close")
                    self.end_headers()
                    if isinstance(fault, Cut):
                        self.wfile.write(payload[: int(len(payload) * fault.fraction)])
                        self.wfile.flush()
                        self.close_connection = True
                        self.connection.shutdown(2)
                        return
                    self.wfile.write(payload)
                except (BrokenPipeError, ConnectionResetError, OSError):
                    self.close_connection = True  # the client gave up (e.g. its timeout)

            do_GET = do_POST = do_PUT = do_DELETE = _handle  # noqa: N815

        return _Handler


class _Server(ThreadingHTTPServer):
    """Counts connections; with ``owner.tls``, speaks TLS (the handshake in the request's own
    thread, so a client refusing the certificate only ends that connection, quietly)."""

    owner: FakeHTTPServer

    def get_request(self) -> tuple[Any, Any]:
        sock, address = super().get_request()
        with self.owner._lock:
            self.owner.connections += 1
        if self.owner.tls is not None:
            sock = self.owner.tls.wrap_socket(sock, server_side=True, do_handshake_on_connect=False)
        return sock, address

    def handle_error(self, request: Any, client_address: Any) -> None:
        if self.owner.tls is not None and isinstance(sys.exc_info()[1], ssl.SSLError | OSError):
            return  # a handshake the client refused (an untrusted certificate): not a bug here
        super().handle_error(request, client_address)
