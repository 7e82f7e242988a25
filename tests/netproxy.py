"""A TCP relay between the program and the test's PostgreSQL server whose "network" a test
can break: ``reset()`` cuts every open connection (what a desk sees when a router or the
server drops it), ``silence()`` keeps accepting connections but never answers (a server
behind a dead link), ``restore()`` brings the line back."""

from __future__ import annotations

import contextlib
import socket
import struct
import threading
from typing import Any

from sqlalchemy.engine import make_url


def _upstream_address(url: str) -> tuple[int, Any]:
    parsed = make_url(url)
    host = parsed.host or str(parsed.query.get("host", ""))
    port = parsed.port or int(str(parsed.query.get("port", 5432)))
    if host.startswith("/"):
        return socket.AF_UNIX, f"{host}/.s.PGSQL.{port}"
    return socket.AF_INET, (host or "127.0.0.1", port)


class FlakyLine:
    def __init__(self, upstream_url: str) -> None:
        self._family, self._address = _upstream_address(upstream_url)
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port: int = self._listener.getsockname()[1]
        self._lock = threading.Lock()
        self._open: list[socket.socket] = []
        self._silent = False
        self._closed = False
        threading.Thread(target=self._accept, daemon=True).start()

    def url_for(self, url: str) -> str:
        """``url`` (same user and database) reached through this line."""
        parsed = make_url(url)
        query = {k: v for k, v in parsed.query.items() if k not in ("host", "port")}
        return parsed.set(host="127.0.0.1", port=self.port, query=query).render_as_string(hide_password=False)

    def _accept(self) -> None:
        while not self._closed:
            try:
                client, _ = self._listener.accept()
            except OSError:
                return
            with self._lock:
                self._open.append(client)
                if self._silent:
                    continue  # accepted and never answered
            try:
                server = socket.socket(self._family, socket.SOCK_STREAM)
                server.connect(self._address)
            except OSError:
                client.close()
                continue
            with self._lock:
                self._open.append(server)
            for a, b in ((client, server), (server, client)):
                threading.Thread(target=self._pump, args=(a, b), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        with contextlib.suppress(OSError):
            while data := source.recv(65536):
                target.sendall(data)
        for sock in (source, target):
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def reset(self) -> None:
        """Every open connection dies with a TCP reset."""
        with self._lock:
            doomed, self._open = self._open, []
        for sock in doomed:
            with contextlib.suppress(OSError):
                if sock.family == socket.AF_INET:  # RST, not a polite FIN
                    sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                sock.close()

    def silence(self) -> None:
        """Open connections die; new ones are accepted and never answered."""
        self._silent = True
        self.reset()

    def restore(self) -> None:
        self._silent = False

    def close(self) -> None:
        self._closed = True
        self._listener.close()
        self.reset()
