"""One bash process per document, so that a variable set by one example reaches the next."""

from __future__ import annotations

import os
import selectors
import subprocess
import time
import uuid
from pathlib import Path


class Shell:
    def __init__(self, cwd: Path, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            ["bash", "--noprofile", "--norc"],
            cwd=cwd,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
        )

    def run(self, command: str, timeout: float) -> tuple[int, str]:
        """Run `command` (stdin empty, stderr with stdout): (exit status, what it printed)."""
        assert self.process.stdin is not None and self.process.stdout is not None
        marker = f"__done_{uuid.uuid4().hex}__"
        script = f"{{\n{command}\n}} </dev/null 2>&1\necho; echo {marker} $?\n"
        self.process.stdin.write(script.encode())
        self.process.stdin.flush()
        output = self._read_until(marker.encode(), timeout)
        text, _, status = output.decode(errors="replace").rpartition(marker)
        return int(status.split()[0]), text.removesuffix("\n")

    def _read_until(self, marker: bytes, timeout: float) -> bytes:
        assert self.process.stdout is not None
        fd = self.process.stdout.fileno()
        deadline = time.monotonic() + timeout
        received = b""
        with selectors.DefaultSelector() as selector:
            selector.register(fd, selectors.EVENT_READ)
            while not (marker in received and received.endswith(b"\n")):
                left = deadline - time.monotonic()
                if left <= 0 or not selector.select(left):
                    raise TimeoutError(f"no end after {timeout} s; printed so far:\n{received!r}")
                chunk = os.read(fd, 65536)
                if not chunk:
                    raise EOFError(f"the shell exited; printed:\n{received!r}")
                received += chunk
        return received

    def close(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
        self.process.wait()
        for stream in (self.process.stdin, self.process.stdout):
            if stream is not None:
                stream.close()
