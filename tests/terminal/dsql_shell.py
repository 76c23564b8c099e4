"""dsqlsh in a real terminal (pexpect) through the DSQL stand-in, for the pty tests that drive it."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator
from contextlib import contextmanager

import pexpect

WAIT = 30  # seconds for each pexpect wait: generous, as CI has two slow cores


@contextmanager
def dsql_shell(env: dict[str, str], prompt: str, *, wait: float = WAIT) -> Iterator[pexpect.spawn]:
    """dsqlsh -X in a plain (dumb) terminal of 24 x 100, the pager cat, at its first prompt; after the block,
    \\q and exit status 0. What the terminal showed is in child.logfile_read; a wait that times out fails the
    test with it."""
    env = {**env, "TERM": "dumb", "PROMPT_TOOLKIT_NO_CPR": "1", "PAGER": "cat"}
    child = pexpect.spawn(sys.executable, ["-m", "dsqlsh", "-X"], env=env, encoding="utf-8", timeout=wait,
                          dimensions=(24, 100))
    child.logfile_read = log = io.StringIO()
    try:
        child.expect_exact(prompt)
        yield child
        child.sendline("\\q")
        child.expect(pexpect.EOF)
    except pexpect.TIMEOUT:
        raise AssertionError(f"expected text not seen; the terminal showed:\n{log.getvalue()}") from None
    finally:
        child.close()
    assert child.exitstatus == 0
