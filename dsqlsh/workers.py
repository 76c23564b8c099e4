"""Threads that work at once (\\copy's and \\batch's jobs), waited for in a way Ctrl-C cannot confuse.

Not Thread.join: on Python 3.11 a KeyboardInterrupt that lands inside join() can mark a thread that is still
running as ended (is_alive() turns False), so the caller would go on while a job still uses its connection.
Condition.wait is interrupted cleanly, so the wait here is on a count of running threads.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

__all__ = ["Workers"]

TICK = 0.2  # seconds between calls of the caller's tick (a progress line) while waiting


class Workers:
    """One daemon thread per target; wait() returns only when every one has ended."""

    def __init__(self, targets: list[Callable[[], None]]) -> None:
        self._cond = threading.Condition()
        self._running = len(targets)
        self.threads = [threading.Thread(target=self._run, args=(t,), daemon=True) for t in targets]

    def start(self) -> None:
        for t in self.threads:
            t.start()

    def _run(self, target: Callable[[], None]) -> None:
        try:
            target()
        finally:
            with self._cond:
                self._running -= 1
                self._cond.notify_all()

    def wait(self, tick: Callable[[], None] | None = None,
             interrupted: Callable[[], None] | None = None) -> None:
        """Wait for every thread, calling tick every TICK seconds; Ctrl-C calls interrupted (which should make the
        threads wind down) and the wait goes on, so no thread outlives it."""
        while True:
            try:
                with self._cond:
                    if self._cond.wait_for(lambda: self._running == 0, TICK):
                        return
                if tick is not None:
                    tick()
            except KeyboardInterrupt:
                if interrupted is not None:
                    interrupted()
