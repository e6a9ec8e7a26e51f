"""One window per user: a second ``tributary URL…`` hands its links to the running window and exits 0.

The first instance listens on a local socket (``QLocalServer``; a Unix socket in the temp folder, a named
pipe on Windows) whose name is per user and per settings file, so a test or a portable copy with its
own settings is its own instance. A second instance connects, sends one JSON line
``{"entries": [[url, sha256 or null], …]}`` (lists given as files were read by the second process),
waits for ``ok`` and exits; the first adds the links and comes to the front. A socket left by a crashed
run (nobody answers) is removed and claimed.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import logging
import re

from PySide6.QtCore import QObject, Signal
from PySide6.QtNetwork import QLocalServer, QLocalSocket

log = logging.getLogger("tributary.instance")

MAX_MESSAGE = 32 << 20
_SHA = re.compile(r"^[0-9a-f]{64}$")


def server_name(settings_file: str) -> str:
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = "user"
    digest = hashlib.sha256(f"{user}\0{settings_file}".encode()).hexdigest()[:16]
    return f"tributary-{digest}"


def _clean(entries) -> list[tuple[str, str | None]]:
    """Only well-formed (http(s) URL, optional SHA-256) pairs cross the socket."""
    out = []
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, list) or len(entry) != 2 or not isinstance(entry[0], str):
            continue
        url, sha = entry
        if not url.lower().startswith(("http://", "https://")) or len(url) > 8192:
            continue
        out.append((url, sha if isinstance(sha, str) and _SHA.match(sha) else None))
    return out


def forward(name: str, entries: list[tuple[str, str | None]], timeout_ms: int = 3000) -> bool:
    """Hand ``entries`` to a running instance; True when it took them."""
    socket = QLocalSocket()
    socket.connectToServer(name)
    if not socket.waitForConnected(timeout_ms):
        return False
    socket.write((json.dumps({"entries": [list(e) for e in entries]}) + "\n").encode())
    socket.flush()
    while socket.bytesToWrite() and socket.waitForBytesWritten(timeout_ms):
        pass
    answer = b""
    while b"\n" not in answer and socket.waitForReadyRead(timeout_ms):
        answer += bytes(socket.readAll().data())
    socket.disconnectFromServer()
    return answer.strip() == b"ok"


class InstanceServer(QObject):
    """Listens for later instances; ``received(entries)`` for each (empty: just show the window)."""

    received = Signal(list)

    def __init__(self, name: str, parent=None) -> None:
        super().__init__(parent)
        self.name = name
        self.server = QLocalServer(self)
        self.server.setSocketOptions(QLocalServer.SocketOption.UserAccessOption)
        self.server.newConnection.connect(self._on_connection)
        self._buffers: dict[QLocalSocket, bytes] = {}

    def listen(self) -> bool:
        if self.server.listen(self.name):
            return True
        probe = QLocalSocket()
        probe.connectToServer(self.name)
        if probe.waitForConnected(500):  # somebody answers: a live instance
            probe.disconnectFromServer()
            return False
        QLocalServer.removeServer(self.name)  # a stale socket of a crashed run
        ok = self.server.listen(self.name)
        if not ok:
            log.warning("single instance: cannot listen on %s: %s", self.name, self.server.errorString())
        return ok

    def close(self) -> None:
        self.server.close()

    def _on_connection(self) -> None:
        while self.server.hasPendingConnections():
            socket = self.server.nextPendingConnection()
            self._buffers[socket] = b""
            socket.readyRead.connect(lambda s=socket: self._on_ready(s))
            socket.disconnected.connect(lambda s=socket: self._drop(s))

    def _drop(self, socket: QLocalSocket) -> None:
        self._buffers.pop(socket, None)
        socket.deleteLater()

    def _on_ready(self, socket: QLocalSocket) -> None:
        data = self._buffers.get(socket, b"") + bytes(socket.readAll().data())
        if len(data) > MAX_MESSAGE:
            log.warning("single instance: message too long, dropped")
            socket.abort()
            return
        self._buffers[socket] = data
        if b"\n" not in data:
            return
        line = data.split(b"\n", 1)[0]
        try:
            entries = _clean(json.loads(line.decode("utf-8")).get("entries"))
        except (ValueError, AttributeError, UnicodeDecodeError):
            log.warning("single instance: unreadable message, ignored")
            socket.write(b"error\n")
            socket.flush()
            return
        socket.write(b"ok\n")
        socket.flush()
        log.info("another start handed over %d link(s)", len(entries))
        self.received.emit(entries)
