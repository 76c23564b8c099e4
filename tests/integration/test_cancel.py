"""Ctrl-C during a query sends a cancel request, as psql does; the script then carries on or stops."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

from tests.support import clean_env


def _wait_until_running(pg, marker: str) -> None:
    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        out = pg.psql(f"select count(*) from pg_stat_activity where query like '%{marker}%' "
                      "and state = 'active' and pid <> pg_backend_pid()")
        if out.split("\n")[2].strip() == "1":
            return
        time.sleep(0.1)
    raise AssertionError("the query never started")


def test_sigint_cancels_the_running_query(pg, home):
    marker = "cancel_me_41"
    proc = subprocess.Popen(
        [sys.executable, "-m", "dsqlsh", "-X", "-c", f"select pg_sleep(30) as {marker}"],
        env=clean_env(pg, home), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )
    _wait_until_running(pg, marker)
    proc.send_signal(signal.SIGINT)
    out, err = proc.communicate(timeout=20)
    assert err == "Cancel request sent\nERROR:  canceling statement due to user request\n"
    assert out == ""
    assert proc.returncode == 1
