"""The SIP2 server: asyncio for the sockets, a few worker threads for the database.

Each connection reads into a bounded ``FrameReader`` and hands complete frames, one at a
time, to its ``KioskConnection`` on a worker thread (SQLAlchemy is synchronous; each
message opens its own Session). Limits: ``MAX_MESSAGE`` bytes per message; a login must
come within ``login_timeout`` seconds and a logged-in kiosk that says nothing for
``idle_timeout`` seconds is disconnected (kiosks poll with 99 and reconnect); at most
``max_connections`` connections, ``max_per_address`` from one address — a flood from one
address is refused at accept without touching the others.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import contextlib
import functools
import logging
import signal
import ssl
import threading
from collections.abc import Iterator
from dataclasses import dataclass

from workstation.db import Database
from workstation.sip2.group import MAX_GROUP, GroupCommit, GroupedDatabase, Job
from workstation.sip2.protocol import Answer, KioskConnection, LoginLimiter
from workstation.sip2.wire import MAX_MESSAGE, FrameReader, FrameTooLong

log = logging.getLogger("workstation.sip2")


@dataclass
class Limits:
    login_timeout: float = 30.0
    idle_timeout: float = 600.0
    max_connections: int = 256
    max_per_address: int = 32
    # database threads (PostgreSQL; SQLite has one). Each message is a few short round trips
    # with a little Python between them, under one GIL: more threads than this waited longer
    # for the GIL than for the database, and 20 busy kiosks got a long tail (p99 of 73 ms with
    # 8 threads, 180 ms with 16, 56-60 ms with 3-4, on two cores: benchmarks/README.md)
    workers: int = 4


class Sip2Server:
    def __init__(self, db: Database, host: str = "127.0.0.1", port: int = 6001, *,
                 ssl_context: ssl.SSLContext | None = None, limits: Limits | None = None,
                 limiter: LoginLimiter | None = None) -> None:
        self.db = db
        self.host = host
        self.port = port
        self.ssl_context = ssl_context
        self.limits = limits or Limits()
        self.limiter = limiter or LoginLimiter()
        # SQLite has one writer at a time: kiosk messages queue here in order, instead of in
        # SQLite's busy handler, whose back-off lets some wait far longer than others, and
        # those waiting together share one commit (group.py)
        self._group: GroupCommit | None = None
        if db.backend == "sqlite":
            self.db = GroupedDatabase.of(db)
            self._group = GroupCommit(self.db)
        workers = 1 if self._group is not None else self.limits.workers
        self.executor = concurrent.futures.ThreadPoolExecutor(workers, thread_name_prefix="sip2")
        self._waiting: list[tuple[KioskConnection, bytes, asyncio.Future[Answer]]] = []
        self._group_running = False
        self._server: asyncio.AbstractServer | None = None
        self._connections: dict[str, int] = {}
        self._tasks: set[asyncio.Task[None]] = set()
        self.total = 0

    async def start(self) -> int:
        self._server = await asyncio.start_server(self._client, self.host, self.port, ssl=self.ssl_context,
                                                  limit=MAX_MESSAGE * 2)
        sock = self._server.sockets[0]
        self.port = sock.getsockname()[1]
        log.info("SIP2 server listening on %s:%s%s", self.host, self.port, " (TLS)" if self.ssl_context else "")
        return self.port

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
        for task in list(self._tasks):
            task.cancel()
        if self._tasks:
            await asyncio.gather(*self._tasks, return_exceptions=True)
        self.executor.shutdown(wait=True)
        log.info("SIP2 server stopped")

    async def _client(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = writer.get_extra_info("peername")
        address = str(peer[0]) if peer else "?"
        if self.total >= self.limits.max_connections or \
                self._connections.get(address, 0) >= self.limits.max_per_address:
            log.warning("%s: connection refused (too many connections)", address)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()
            return
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        self._connections[address] = self._connections.get(address, 0) + 1
        self.total += 1
        try:
            await self._serve(address, reader, writer)
        except (ConnectionError, asyncio.IncompleteReadError, ssl.SSLError) as err:
            log.info("%s: connection ended (%s)", address, err.__class__.__name__)
        except asyncio.CancelledError:
            pass
        except Exception:
            log.exception("%s: unexpected error; connection closed", address)
        finally:
            self.total -= 1
            self._connections[address] -= 1
            if not self._connections[address]:
                del self._connections[address]
            self._tasks.discard(task)
            writer.close()
            with contextlib.suppress(Exception):
                await writer.wait_closed()

    async def _serve(self, address: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        conn = KioskConnection(self.db, address, self.limiter)
        frames = FrameReader()
        log.info("%s: connected", address)
        while True:
            timeout = self.limits.idle_timeout if conn.kiosk else self.limits.login_timeout
            try:
                data = await asyncio.wait_for(reader.read(MAX_MESSAGE), timeout)
            except TimeoutError:
                log.info("%s: idle for %.0f s, disconnected", address, timeout)
                return
            if not data:
                log.info("%s: disconnected", address)
                return
            try:
                complete = frames.feed(data)
            except FrameTooLong:
                log.warning("%s: message over %d bytes, connection closed", address, MAX_MESSAGE)
                return
            for frame in complete:
                answer = await self._handle(conn, frame)
                if answer.data:
                    writer.write(answer.data)
                    await writer.drain()
                if answer.close:
                    return


    async def _handle(self, conn: KioskConnection, frame: bytes) -> Answer:
        """The answer to one frame, worked out on a worker thread (in a group on SQLite)."""
        loop = asyncio.get_running_loop()
        if self._group is None:
            return await loop.run_in_executor(self.executor, conn.handle, frame)
        waiting: asyncio.Future[Answer] = loop.create_future()
        self._waiting.append((conn, frame, waiting))
        if not self._group_running:
            self._next_group()
        return await waiting

    def _next_group(self) -> None:
        assert self._group is not None
        group, self._waiting = self._waiting[:MAX_GROUP], self._waiting[MAX_GROUP:]
        jobs = [Job(functools.partial(conn.handle, frame), _lost) for conn, frame, _ in group]
        self._group_running = True
        done = asyncio.get_running_loop().run_in_executor(self.executor, self._group.run, jobs)
        done.add_done_callback(functools.partial(self._group_done, group))

    def _group_done(self, group: list[tuple[KioskConnection, bytes, asyncio.Future[Answer]]],
                    done: asyncio.Future[list[object]]) -> None:
        self._group_running = False
        error = done.exception() if not done.cancelled() else asyncio.CancelledError()
        answers: list[object] = [error] * len(group) if error is not None else done.result()
        for (_, _, waiting), answer in zip(group, answers, strict=True):
            if waiting.done():
                continue
            if isinstance(answer, BaseException):
                waiting.set_exception(answer)
            else:
                assert isinstance(answer, Answer)
                waiting.set_result(answer)
        if self._waiting:
            self._next_group()


def _lost() -> Answer:
    return Answer(None, close=True)


def tls_context(cert: str, key: str) -> ssl.SSLContext:
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    return context


def serve(db: Database, host: str, port: int, *, ssl_context: ssl.SSLContext | None = None,
          limits: Limits | None = None) -> None:
    """Run until SIGTERM or Ctrl+C; connections are closed and the workers finish first."""

    async def main() -> None:
        server = Sip2Server(db, host, port, ssl_context=ssl_context, limits=limits)
        await server.start()
        print(f"SIP2: {host}:{server.port}", flush=True)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):  # Windows: no signal handlers
                loop.add_signal_handler(sig, stop.set)
        try:
            await stop.wait()
        finally:
            await server.stop()

    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(main())


@contextlib.contextmanager
def running(db: Database, host: str = "127.0.0.1", port: int = 0, *, ssl_context: ssl.SSLContext | None = None,
            limits: Limits | None = None, limiter: LoginLimiter | None = None) -> Iterator[Sip2Server]:
    """A server on its own thread and event loop, for tests and benchmarks."""
    ready = threading.Event()
    holder: dict[str, object] = {}

    def run() -> None:
        loop = asyncio.new_event_loop()
        holder["loop"] = loop
        server = Sip2Server(db, host, port, ssl_context=ssl_context, limits=limits, limiter=limiter)
        holder["server"] = server
        try:
            loop.run_until_complete(server.start())
        except BaseException as err:
            holder["error"] = err
            ready.set()
            return
        ready.set()
        loop.run_forever()
        loop.run_until_complete(server.stop())
        loop.close()

    thread = threading.Thread(target=run, name="sip2-server", daemon=True)
    thread.start()
    ready.wait(30)
    if "error" in holder:
        raise holder["error"]  # type: ignore[misc]
    server = holder["server"]
    assert isinstance(server, Sip2Server)
    try:
        yield server
    finally:
        loop = holder["loop"]
        assert isinstance(loop, asyncio.AbstractEventLoop)
        loop.call_soon_threadsafe(loop.stop)
        thread.join(30)
