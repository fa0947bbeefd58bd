"""The fault proxy (tests/faults.py) itself, against a tiny echo server: it forwards, a freeze
holds the bytes until a thaw delivers them, a refusal cuts, a delay delays, and closing it ends
its threads. Times are checked as lower bounds, upper bounds only as generous ones."""

from __future__ import annotations

import contextlib
import select
import smtplib
import socket
import threading
import time
from collections.abc import Iterator

import pytest

from tests.faults import FaultProxy, hung_server

# A wait that should end at once; generous for a loaded machine.
PROMPTLY = 5.0
# How long a test listens to be sure nothing comes through.
QUIET = 0.3


class EchoServer:
    """Sends back whatever it is sent; counts the connections it accepted."""

    def __init__(self) -> None:
        self.connections = 0
        self._closed = threading.Event()
        self._listener = socket.create_server(("127.0.0.1", 0))
        self.port = self._listener.getsockname()[1]
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def _serve(self) -> None:
        peers: list[socket.socket] = []
        with self._listener:
            while not self._closed.is_set():
                readable, _, _ = select.select([self._listener, *peers], [], [], 0.05)
                for sock in readable:
                    if sock is self._listener:
                        peers.append(sock.accept()[0])
                        self.connections += 1
                        continue
                    try:
                        data = sock.recv(65536)
                        if data:
                            sock.sendall(data)
                            continue
                    except OSError:
                        pass
                    peers.remove(sock)
                    sock.close()
        for sock in peers:
            sock.close()

    def __enter__(self) -> EchoServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._closed.set()
        self._thread.join(PROMPTLY)


@pytest.fixture
def echo() -> Iterator[EchoServer]:
    with EchoServer() as server:
        yield server


@pytest.fixture
def proxy(echo) -> Iterator[FaultProxy]:
    with FaultProxy("127.0.0.1", echo.port) as running:
        yield running


@contextlib.contextmanager
def connected(proxy: FaultProxy) -> Iterator[socket.socket]:
    with socket.create_connection((proxy.host, proxy.port), timeout=PROMPTLY) as sock:
        yield sock


def receive(sock: socket.socket, size: int, timeout: float = PROMPTLY) -> bytes:
    sock.settimeout(timeout)
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            break
        data += chunk
    return data


def assert_nothing_arrives(sock: socket.socket) -> None:
    sock.settimeout(QUIET)
    with pytest.raises(TimeoutError):
        sock.recv(1)


def assert_cut(sock: socket.socket) -> None:
    """The connection is closed or reset: a read gives EOF or fails, it does not wait."""
    sock.settimeout(PROMPTLY)
    try:
        data = sock.recv(1)
    except ConnectionError:
        return
    assert data == b""


def assert_refused(proxy: FaultProxy) -> None:
    """A new connection is reset: at once (the kernel may pass the reset to ``connect``) or on
    its first read."""
    try:
        sock = socket.create_connection((proxy.host, proxy.port), timeout=PROMPTLY)
    except ConnectionError:
        return
    with sock:
        assert_cut(sock)


def test_the_proxy_forwards_both_ways(proxy):
    with connected(proxy) as sock:
        sock.sendall(b"hello")
        assert receive(sock, 5) == b"hello"
        sock.sendall(b"again")
        assert receive(sock, 5) == b"again"


def test_a_frozen_proxy_holds_the_bytes_of_an_open_connection_and_a_thaw_delivers_them(proxy):
    with connected(proxy) as sock:
        sock.sendall(b"one")
        assert receive(sock, 3) == b"one"

        proxy.freeze()
        sock.sendall(b"two")
        assert_nothing_arrives(sock)

        proxy.thaw()
        assert receive(sock, 3) == b"two"


def test_a_frozen_proxy_accepts_new_connections_but_reaches_the_target_only_after_a_thaw(
    proxy, echo
):
    proxy.freeze()
    with connected(proxy) as sock:
        sock.sendall(b"held")
        assert_nothing_arrives(sock)
        assert proxy.accepted == 1
        assert echo.connections == 0

        proxy.thaw()
        assert receive(sock, 4) == b"held"
        assert echo.connections == 1


def test_a_refusing_proxy_cuts_open_connections_and_resets_new_ones(proxy):
    with connected(proxy) as sock:
        sock.sendall(b"ok")
        assert receive(sock, 2) == b"ok"

        proxy.refuse()
        assert_cut(sock)

    assert_refused(proxy)


def test_a_proxy_forwards_again_after_a_refusal_is_lifted(proxy):
    proxy.refuse()
    proxy.thaw()
    with connected(proxy) as sock:
        sock.sendall(b"back")
        assert receive(sock, 4) == b"back"


def test_a_delaying_proxy_holds_each_chunk_for_the_delay(proxy):
    proxy.delay(0.25)
    with connected(proxy) as sock:
        started = time.monotonic()
        sock.sendall(b"slow")
        assert receive(sock, 4) == b"slow"
        elapsed = time.monotonic() - started
    # There and back: two chunks, each held at least the delay.
    assert elapsed >= 0.5


def test_closing_the_proxy_ends_its_threads_even_with_a_frozen_connection_open(echo):
    with FaultProxy("127.0.0.1", echo.port) as proxy, connected(proxy) as sock:
        sock.sendall(b"x")
        assert receive(sock, 1) == b"x"
        proxy.freeze()
        sock.sendall(b"y")
        started = time.monotonic()
        proxy.close()
        assert time.monotonic() - started < PROMPTLY
        assert_cut(sock)
        assert proxy.threads == []


def test_an_smtp_client_gives_up_on_a_server_that_never_answers():
    with hung_server() as (host, port):
        started = time.monotonic()
        with pytest.raises((TimeoutError, smtplib.SMTPServerDisconnected)):
            smtplib.SMTP(host, port, timeout=0.5)
        assert time.monotonic() - started < PROMPTLY
