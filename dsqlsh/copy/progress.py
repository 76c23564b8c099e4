"""The progress line a batched load shows on stderr when it is a terminal: rows, MiB, rows/s, and for a file
its share done and the time left, then a summary line at the end."""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

from dsqlsh.output.pager import is_terminal

if TYPE_CHECKING:
    from dsqlsh.context import Context
    from dsqlsh.copy.parser import CopySpec

__all__ = ["Progress"]


class Progress:
    """A one-line progress report on stderr while a batched load runs, only when stderr is a terminal:
    rows, MiB, rows/s and, for a file, its share done and the time left; a summary line at the end."""

    def __init__(self, ctx: Context, spec: CopySpec) -> None:
        stream = ctx.streams.stderr
        self.stream = stream if is_terminal(stream) else None
        self.total = 0
        if spec.kind == "file":
            try:
                self.total = os.path.getsize(spec.target or "")
            except OSError:
                pass
        self.label = spec.label
        self.started = time.monotonic()
        self.shown = self.started

    def show(self, rows: int, size: int) -> None:
        now = time.monotonic()
        if self.stream is None or now - self.shown < 0.2:
            return
        self.shown = now
        elapsed = max(now - self.started, 1e-6)
        text = f"{self.label}: {rows} rows, {size / 1048576:.1f} MiB, {rows / elapsed:.0f} rows/s"
        if self.total and size:
            share = min(size / self.total, 1.0)
            left = elapsed * (1 - share) / share
            text += f", {share:.0%}, ETA {left:.0f}s"
        self.stream.write("\r" + text + "\x1b[K")
        self.stream.flush()

    def done(self, rows: int) -> None:
        if self.stream is None:
            return
        elapsed = time.monotonic() - self.started
        rate = rows / max(elapsed, 1e-6)
        self.stream.write(f"\r\x1b[K{self.label}: {rows} rows in {elapsed:.1f} s ({rate:.0f} rows/s)\n")
        self.stream.flush()
