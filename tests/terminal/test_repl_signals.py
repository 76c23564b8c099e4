"""SIGTERM and SIGHUP in the interactive shell (issue 16): at the prompt and mid-statement the shell ends as psql
ends (by the signal), with no traceback or asyncio warning, the history kept, and a running statement cancelled."""

from __future__ import annotations

import signal
import time
from pathlib import Path

import pytest

from tests.terminal.test_repl import PROMPT, env, start  # noqa: F401  (env is a fixture)


def _ended_by(t, signum: int) -> str:  # type: ignore[no-untyped-def]
    t.exit_code()
    assert t.child.signalstatus == signum, (t.child.exitstatus, t.child.signalstatus)
    return t.text


@pytest.mark.parametrize("where", ["server", "playground"])
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGHUP])
def test_a_signal_at_the_prompt_ends_the_shell_cleanly(env, home, tmp_path, signum, where):  # noqa: F811
    """On a server and on the local playground (whose server is stopped on the way out)."""
    t = start(env, *(["--local", "--local-dir", str(tmp_path / "playground")] if where == "playground" else []))
    try:
        t.child.sendline("select 'kept in history' as h;")
        t.expect("kept in history")
        t.next_prompt()
        t.child.kill(signum)
        shown = _ended_by(t, signum)
    finally:
        t.close()
    assert "Traceback" not in shown and "never awaited" not in shown and "Task was destroyed" not in shown
    assert "select 'kept in history' as h;" in (Path(home) / ".local/state/dsqlsh/history").read_text()


def _sleeping(pg) -> int:  # type: ignore[no-untyped-def]
    """How many sessions run the test's pg_sleep (not counting this query, which names it too)."""
    out = pg.psql("select count(*) from pg_stat_activity where query like 'select pg_sleep(60)%' and state = 'active'")
    return int(out.split()[2])


def test_sigterm_mid_statement_cancels_it_on_the_server(env, pg):  # noqa: F811
    t = start(env)
    try:
        t.child.sendline("select pg_sleep(60) as stuck;")
        deadline = time.monotonic() + 30
        while _sleeping(pg) != 1:
            assert time.monotonic() < deadline, "the statement never started"
            time.sleep(0.2)
        t.child.kill(signal.SIGTERM)
        shown = _ended_by(t, signal.SIGTERM)
    finally:
        t.close()
    assert "Traceback" not in shown
    deadline = time.monotonic() + 30  # the server ends the statement: it was cancelled, not left to run for a minute
    while _sleeping(pg) != 0:
        assert time.monotonic() < deadline, "the statement kept running after the shell ended"
        time.sleep(0.2)


def test_ctrl_c_in_a_file_run_with_backslash_i_ends_the_file_not_the_shell(env, pg, tmp_path):  # noqa: F811
    """psql: Ctrl-C cancels the statement, the rest of the \\i file is not run, and the prompt comes back."""
    script = tmp_path / "slow.sql"
    script.write_text("select pg_sleep(60) as stuck;\nselect 'second' as s;\n")
    t = start(env)
    try:
        t.child.sendline(f"\\i {script}")
        deadline = time.monotonic() + 30
        while _sleeping(pg) != 1:
            assert time.monotonic() < deadline, "the statement never started"
            time.sleep(0.2)
        t.child.sendintr()
        t.expect("canceling statement due to user request")
        t.next_prompt()
        t.child.sendline("select 'still here' as h;")
        t.expect("still here")
        t.next_prompt()
        shown = t.text
    finally:
        t.close()
    assert "second" not in shown and "Traceback" not in shown
