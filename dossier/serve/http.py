"""The HTTP side: the standard library's ThreadingHTTPServer, GET only, a fixed set of routes.

Safe by default: a request whose Host is not the bound host is refused (DNS rebinding); a URL is
matched against the routes, never mapped onto the disk, so no `..`, encoded or not, reaches a
file; files are opened without following a link and only inside the server's folders; every
response carries a Content-Security-Policy that allows nothing from elsewhere.
"""

from __future__ import annotations

import ipaddress
import json
import os
import queue
import re
import socket
import stat
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urlsplit

from . import pages
from .state import Hub

STATIC = Path(__file__).parent / "static"
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
       "frame-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
"""The server's pages: its own script, stylesheet, views and push channel, nothing else."""
EDITION_CSP = ("default-src 'none'; style-src 'unsafe-inline'; font-src 'self'; img-src 'self' data:; "
               "base-uri 'none'; form-action 'none'; frame-ancestors 'self'; sandbox allow-same-origin allow-popups")
"""The HTML view: its inline styles, its pictures as data: URLs, the theme's fonts; no script."""
TYPES = {".html": "text/html; charset=utf-8", ".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8",
         ".png": "image/png", ".pdf": "application/pdf", ".json": "application/json",
         ".pptx": "application/vnd.openxmlformats-officedocument.presentationml.presentation",
         ".ttf": "font/ttf", ".otf": "font/otf", ".woff": "font/woff", ".woff2": "font/woff2"}
_SEGMENT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")
KEEPALIVE = 15.0
"""Seconds between the push channel's comments, which tell a dead connection from a quiet one."""


class Server(ThreadingHTTPServer):
    """The preview's server: its hub, its folders and the Host names it answers to."""

    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], hub: Hub, work: Path, fonts):
        self.hub, self.work, self.fonts = hub, work, fonts
        family = socket.AF_INET6 if ":" in address[0] else socket.AF_INET
        self.address_family = family
        super().__init__(address, Handler)
        self.hosts = allowed_hosts(address[0], self.server_address[1])


def allowed_hosts(host: str, port: int) -> set[str]:
    """The Host headers a browser sends for this server: the address it was given (and, for the
    loopback, its other names). A wildcard address answers to IP literals and this machine's name."""
    names = {host}
    if host in ("127.0.0.1", "localhost", "::1"):
        names |= {"127.0.0.1", "localhost", "::1"}
    return {f"[{n}]:{port}" if ":" in n else f"{n}:{port}" for n in names}


def host_allowed(header: str | None, server: Server) -> bool:
    if not header:
        return False
    header = header.strip().lower()
    if header in server.hosts:
        return True
    bound = server.server_address[0]
    if bound not in ("0.0.0.0", "::"):
        return False
    name, _, port = header.rpartition(":")
    if port != str(server.server_address[1]):
        return False
    name = name.strip("[]")
    try:
        ipaddress.ip_address(name)
        return True
    except ValueError:
        return name in {socket.gethostname().lower(), "localhost"}


class Handler(BaseHTTPRequestHandler):
    """GET and HEAD only; every other method is refused: nothing here changes anything."""

    server: Server
    protocol_version = "HTTP/1.1"
    server_version = "Dossier"
    sys_version = ""

    def log_message(self, format: str, *args) -> None:  # noqa: A002 - the server is quiet; the CLI speaks
        pass

    def do_HEAD(self) -> None:  # noqa: N802
        self.do_GET(body=False)

    def do_GET(self, body: bool = True) -> None:  # noqa: N802
        if not host_allowed(self.headers.get("Host"), self.server):
            return self._send(HTTPStatus.MISDIRECTED_REQUEST, b"Unknown Host header.\n", "text/plain; charset=utf-8")
        raw = urlsplit(self.path).path
        parts = raw.split("/")[1:]
        if not all(_SEGMENT.fullmatch(unquote(p)) and unquote(p) == p for p in parts[:-1]) or \
                (parts[-1] and not (_SEGMENT.fullmatch(parts[-1]))):
            return self._missing(body)
        try:
            self._route(parts, body)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def _route(self, parts: list[str], body: bool) -> None:
        hub = self.server.hub
        match parts:
            case [""]:
                return self._html(pages.index(hub.index()), body)
            case ["events"]:
                return self._events()
            case ["static", name] if (STATIC / name).suffix in (".js", ".css"):
                return self._file(STATIC, name, body)
            case ["fonts", name] if name in (fonts := self.server.fonts()):
                return self._file(fonts[name].parent, fonts[name].name, body, cache=True)
            case ["b", name, *rest] if name in hub.briefs:
                return self._brief(name, rest, body)
        self._missing(body)

    def _brief(self, name: str, rest: list[str], body: bool) -> None:
        work = self.server.work
        match rest:
            case [""]:
                with self.server.hub.lock:
                    text = pages.brief(self.server.hub.briefs[name])
                return self._html(text, body)
            case ["state"]:
                return self._send(HTTPStatus.OK, json.dumps(self.server.hub.get(name)).encode(), TYPES[".json"], body)
            case ["edition.html"]:
                return self._file(work / "html", f"{name}.html", body, csp=EDITION_CSP)
            case ["brief.pdf"]:
                return self._file(work / "pdf", f"{name}.pdf", body)
            case ["deck.pptx"]:
                return self._file(work / "pptx", f"{name}.pptx", body)
            case ["pages" | "slides" as kind, version, image] if version.isdigit() and re.fullmatch(r"\d+\.png", image):
                return self._file(work / kind / name / version, image, body)
        self._missing(body)

    def _events(self) -> None:
        """The push channel (Server-Sent Events): a brief's name each time its state changes. It reads
        nothing from the browser but the request line."""
        hub = self.server.hub
        listener = hub.listen()
        try:
            self.send_response(HTTPStatus.OK)
            self._headers("text/event-stream; charset=utf-8", CSP)
            self.send_header("Connection", "close")
            self.end_headers()
            self.wfile.write(b"retry: 1000\n\n")
            self.wfile.flush()
            while True:
                try:
                    name = listener.get(timeout=KEEPALIVE)
                except queue.Empty:
                    self.wfile.write(b": still here\n\n")
                else:
                    if name is None:
                        break
                    self.wfile.write(f"data: {name}\n\n".encode())
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError, TimeoutError, OSError):
            pass
        finally:
            hub.leave(listener)
            self.close_connection = True

    def _file(self, folder: Path, name: str, body: bool, csp: str = CSP, cache: bool = False) -> None:
        """A regular file directly in `folder`, opened without following a link; else 404."""
        try:
            fd = os.open(folder / name, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0))
        except OSError:
            return self._missing(body)
        with os.fdopen(fd, "rb") as file:
            info = os.fstat(file.fileno())
            if not stat.S_ISREG(info.st_mode) or folder.resolve() != (folder / name).resolve().parent:
                return self._missing(body)
            data = file.read()
        self._send(HTTPStatus.OK, data, TYPES.get(Path(name).suffix, "application/octet-stream"), body, csp, cache)

    def _html(self, text: str, body: bool) -> None:
        self._send(HTTPStatus.OK, text.encode(), TYPES[".html"], body)

    def _missing(self, body: bool = True) -> None:
        self._send(HTTPStatus.NOT_FOUND, pages.not_found("Nothing is served at this address.").encode(),
                   TYPES[".html"], body)

    def _send(self, status: HTTPStatus, data: bytes, kind: str, body: bool = True, csp: str = CSP,
              cache: bool = False) -> None:
        self.send_response(status)
        self._headers(kind, csp, cache)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        if body:
            self.wfile.write(data)

    def _headers(self, kind: str, csp: str, cache: bool = False) -> None:
        self.send_header("Content-Type", kind)
        self.send_header("Content-Security-Policy", csp)
        self.send_header("X-Content-Type-Options", "nosniff")
        self.send_header("Referrer-Policy", "no-referrer")
        self.send_header("Cross-Origin-Resource-Policy", "same-origin")
        self.send_header("Cache-Control", "max-age=3600" if cache else "no-store")

    def _refuse(self) -> None:
        self.close_connection = True  # its body, if any, is never read
        self.send_response(HTTPStatus.METHOD_NOT_ALLOWED)
        self.send_header("Allow", "GET, HEAD")
        self.send_header("Content-Length", "0")
        self.send_header("Content-Security-Policy", CSP)
        self.end_headers()

    do_POST = do_PUT = do_DELETE = do_PATCH = do_OPTIONS = do_CONNECT = do_TRACE = _refuse  # noqa: N815
