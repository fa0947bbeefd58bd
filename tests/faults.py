"""Faults as they happen, for tests: a TCP proxy whose behaviour a test switches while it runs,
and a server that accepts connections and never answers.

``FaultProxy(host, port)`` listens on 127.0.0.1 (a free port: ``.host``, ``.port``) and forwards
to ``host:port`` in both directions. Its modes, switched at any moment:

- ``thaw()``: forward normally (the mode it starts in).
- ``freeze()``: the service hangs. New connections are accepted and kept open, existing ones
  stay open, and nothing moves in either direction: the proxy stops reading, so the bytes wait in
  the kernel's buffers (the sender's data is acknowledged, as by a server that is alive but
  stuck). Nothing is dropped: on ``thaw()`` the held bytes are delivered, in order. A connection
  accepted while frozen reaches the target only then. (The proxy's own kernel keeps answering
  TCP keepalives, so a frozen proxy is a hung service, not a cut cable: only a timeout in the
  client's application protocol, or in the server, ends the wait.)
- ``refuse()``: the service is down. Existing connections are cut with a reset; new ones are
  reset as soon as the proxy has accepted them: the client's ``connect`` or its first read or
  write fails with "connection reset by peer" (not "connection refused": the port stays open).
- ``delay(seconds)``: forward, each chunk held ``seconds`` before it is passed on (both
  directions; chunks keep their order).

Every blocking call has a time-out and every thread is a daemon: leaving the ``with`` block ends
them all within a fraction of a second, even when the client is still waiting.

``hung_server()`` yields ``(host, port)`` of a server that accepts connections and never sends a
byte (an SMTP server that never greets).
"""

from __future__ import annotations

import contextlib
import select
import socket
import struct
import threading
import time
from collections import deque
from collections.abc import Iterator

LOCALHOST = "127.0.0.1"
# How often a waiting thread looks at the mode and at "closed": the latency of a mode switch.
TICK = 0.02
CHUNK = 65536
# Connecting to the target, and sending to a peer that does not read, give up after this long.
IO_TIMEOUT = 5.0
JOIN_TIMEOUT = 2.0

FORWARD = "forward"
FROZEN = "frozen"
REFUSE = "refuse"


def _listener() -> socket.socket:
    listener = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    listener.bind((LOCALHOST, 0))
    listener.listen(64)
    listener.settimeout(TICK * 5)
    return listener


def _reset(sock: socket.socket | None) -> None:
    """Closes ``sock`` with a TCP reset (RST) rather than an orderly FIN."""
    if sock is None:
        return
    with contextlib.suppress(OSError):
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    with contextlib.suppress(OSError):
        sock.close()


class _Link:
    """One client connection and its connection to the target, served by one thread that owns
    both sockets (only this thread closes them, so no other thread can meet a reused file
    descriptor)."""

    def __init__(self, proxy: FaultProxy, client: socket.socket) -> None:
        self.proxy = proxy
        self.client = client
        self.upstream: socket.socket | None = None
        self.cut = threading.Event()
        self.finished = threading.Event()
        self.thread = threading.Thread(target=self._run, name="fault-proxy-link", daemon=True)

    def start(self) -> None:
        self.thread.start()

    def _run(self) -> None:
        try:
            self._serve()
        except OSError:
            _reset(self.client)
            _reset(self.upstream)
        finally:
            for sock in (self.client, self.upstream):
                if sock is not None:
                    with contextlib.suppress(OSError):
                        sock.close()
            self.finished.set()

    def _stopping(self) -> bool:
        return self.proxy._closed.is_set() or self.cut.is_set()

    def _serve(self) -> None:
        # A connection accepted while frozen waits here before it reaches the target.
        while self.proxy.mode == FROZEN and not self._stopping():
            time.sleep(TICK)
        if self._stopping() or self.proxy.mode == REFUSE:
            _reset(self.client)
            return
        try:
            self.upstream = socket.create_connection(self.proxy.target, timeout=IO_TIMEOUT)
        except OSError:
            _reset(self.client)
            return
        for sock in (self.client, self.upstream):
            sock.settimeout(IO_TIMEOUT)  # sendall to a peer that stops reading gives up
        self._pump()

    def _pump(self) -> None:
        assert self.upstream is not None
        client, upstream = self.client, self.upstream
        peer = {client: upstream, upstream: client}
        # Per destination: chunks read but not yet sent, with the moment each is due.
        pending: dict[socket.socket, deque[tuple[float, bytes]]] = {
            client: deque(),
            upstream: deque(),
        }
        ended: set[socket.socket] = set()  # sources that sent EOF
        shut: set[socket.socket] = set()  # destinations told EOF in turn
        while True:
            if self._stopping() or self.proxy.mode == REFUSE:
                _reset(client)
                _reset(upstream)
                return
            if self.proxy.mode == FROZEN:
                time.sleep(TICK)
                continue
            now = time.monotonic()
            for destination, queue in pending.items():
                while queue and queue[0][0] <= now:
                    destination.sendall(queue.popleft()[1])
                source = peer[destination]
                if source in ended and not queue and destination not in shut:
                    shut.add(destination)
                    with contextlib.suppress(OSError):
                        destination.shutdown(socket.SHUT_WR)
            if len(ended) == 2 and not any(pending.values()):
                return
            readable, _, _ = select.select([s for s in peer if s not in ended], [], [], TICK)
            if self.proxy.mode == FROZEN:
                continue  # frozen while waiting: leave the bytes in the kernel
            delay = self.proxy.delay_seconds
            for source in readable:
                try:
                    data = source.recv(CHUNK)
                except ConnectionResetError:
                    _reset(peer[source])
                    return
                if data:
                    pending[peer[source]].append((time.monotonic() + delay, data))
                else:
                    ended.add(source)


class FaultProxy:
    """A TCP proxy to ``target_host:target_port`` whose mode a test switches at run time (see the
    module's docstring). Use it as a context manager::

        with FaultProxy("127.0.0.1", 5432) as proxy:
            connect(host=proxy.host, port=proxy.port)
            proxy.freeze()
    """

    def __init__(self, target_host: str, target_port: int) -> None:
        self.target = (target_host, int(target_port))
        self.host = LOCALHOST
        self.port = 0
        self.accepted = 0  # connections accepted so far, in any mode
        self._mode = FORWARD
        self._delay = 0.0
        self._lock = threading.Lock()
        self._closed = threading.Event()
        self._links: list[_Link] = []
        self._listener: socket.socket | None = None
        self._thread: threading.Thread | None = None

    # --- Modes ---------------------------------------------------------------------------------

    @property
    def mode(self) -> str:
        return self._mode

    @property
    def delay_seconds(self) -> float:
        return self._delay

    def thaw(self) -> None:
        """Forward normally; bytes held by ``freeze()`` are delivered now."""
        with self._lock:
            self._mode, self._delay = FORWARD, 0.0

    def freeze(self) -> None:
        """Accept and keep connections, forward nothing until ``thaw()`` (nothing is dropped)."""
        with self._lock:
            self._mode = FROZEN

    def delay(self, seconds: float) -> None:
        """Forward each chunk ``seconds`` after it arrived."""
        with self._lock:
            self._mode, self._delay = FORWARD, float(seconds)

    def refuse(self) -> None:
        """Reset existing connections (returns once they are cut) and every new one."""
        with self._lock:
            self._mode = REFUSE
            links = list(self._links)
        for link in links:
            link.cut.set()
        for link in links:
            link.finished.wait(JOIN_TIMEOUT)

    @property
    def threads(self) -> list[threading.Thread]:
        """The proxy's threads still running (none soon after ``close()``)."""
        with self._lock:
            threads = [self._thread, *(link.thread for link in self._links)]
        return [thread for thread in threads if thread is not None and thread.is_alive()]

    # --- Life cycle ----------------------------------------------------------------------------

    def start(self) -> FaultProxy:
        self._listener = _listener()
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._accept, name="fault-proxy", daemon=True)
        self._thread.start()
        return self

    def close(self) -> None:
        self._closed.set()
        if self._thread is not None:
            self._thread.join(JOIN_TIMEOUT)
        with self._lock:
            links = list(self._links)
        for link in links:
            link.thread.join(JOIN_TIMEOUT)

    def __enter__(self) -> FaultProxy:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _accept(self) -> None:
        assert self._listener is not None
        with self._listener:
            while not self._closed.is_set():
                try:
                    client, _address = self._listener.accept()
                except TimeoutError:
                    continue
                except OSError:
                    return
                self.accepted += 1
                if self._mode == REFUSE:
                    _reset(client)
                    continue
                link = _Link(self, client)
                with self._lock:
                    self._links = [known for known in self._links if not known.finished.is_set()]
                    self._links.append(link)
                link.start()


@contextlib.contextmanager
def hung_server() -> Iterator[tuple[str, int]]:
    """A TCP server that accepts every connection, reads and discards what it is sent, and never
    sends a byte; yields ``(host, port)``. Its connections close when the block ends."""
    closed = threading.Event()
    listener = _listener()
    accepted: list[socket.socket] = []

    def serve() -> None:
        with listener:
            while not closed.is_set():
                readable, _, _ = select.select([listener, *accepted], [], [], TICK * 5)
                for sock in readable:
                    if sock is listener:
                        with contextlib.suppress(OSError):
                            accepted.append(listener.accept()[0])
                        continue
                    try:
                        data = sock.recv(CHUNK)
                    except OSError:
                        data = b""
                    if not data:
                        accepted.remove(sock)
                        sock.close()
        for sock in accepted:
            _reset(sock)

    thread = threading.Thread(target=serve, name="hung-server", daemon=True)
    thread.start()
    try:
        yield listener.getsockname()
    finally:
        closed.set()
        thread.join(JOIN_TIMEOUT)
