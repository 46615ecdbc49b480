"""A loopback SMTP server for tests and benchmarks (standard library only).

`SmtpSink(mode="ok")` accepts every message (kept in `.messages`), after `delay` seconds
per reply when given (a slow server); "hang" accepts connections and never answers (a
sender blocks in it); "refuse" answers 421 (service not available)."""

from __future__ import annotations

import socketserver
import threading
import time
from email import message_from_bytes
from email.message import Message
from typing import Any


class _Handler(socketserver.StreamRequestHandler):
    server: _Server

    def reply(self, line: str) -> None:
        if self.server.sink.delay:
            time.sleep(self.server.sink.delay)
        self.wfile.write(line.encode() + b"\r\n")
        self.wfile.flush()

    def handle(self) -> None:
        sink = self.server.sink
        sink.connections += 1
        if sink.mode == "hang":
            sink.hanging.set()
            sink.release.wait(60)
            return
        if sink.mode == "refuse":
            self.reply("421 service not available")
            return
        self.reply("220 sink ready")
        while line := self.rfile.readline():
            command = line.decode(errors="replace").strip().upper()
            if command.startswith(("EHLO", "HELO")):
                self.reply("250 sink")
            elif command.startswith("DATA"):
                self.reply("354 go on")
                data = b""
                while (chunk := self.rfile.readline()) not in (b".\r\n", b""):
                    data += chunk[1:] if chunk.startswith(b"..") else chunk
                sink.messages.append(message_from_bytes(data))
                self.reply("250 queued")
            elif command.startswith("QUIT"):
                self.reply("221 bye")
                return
            else:
                self.reply("250 ok")


class _Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    sink: SmtpSink


class SmtpSink:
    def __init__(self, *, mode: str = "ok", delay: float = 0.0) -> None:
        self.mode, self.delay = mode, delay
        self.messages: list[Message] = []
        self.connections = 0
        self.hanging = threading.Event()
        self.release = threading.Event()
        self._server = _Server(("127.0.0.1", 0), _Handler)
        self._server.sink = self
        self.port: int = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> SmtpSink:
        self._thread.start()
        return self

    def __exit__(self, *_exc: Any) -> None:
        self.release.set()
        self._server.shutdown()
        self._server.server_close()
