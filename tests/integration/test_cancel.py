"""Ctrl-C during a query sends a cancel request, as psql does; the script then carries on or stops."""

from __future__ import annotations

import signal
import subprocess
import sys
import time

import pytest

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


def _script_signalled(pg, home, tmp_path, program: list[str], signum: int, marker: str) -> tuple[str, str, int]:
    """Run a two-statement script, send signum while the first runs; what the user sees and the exit status."""
    (tmp_path / "s.sql").write_text(f"select pg_sleep(30) as {marker};\nselect 'second' as s;\n")
    proc = subprocess.Popen([*program, "-X", "-f", "s.sql"], env=clean_env(pg, home), cwd=tmp_path,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        _wait_until_running(pg, marker)
        proc.send_signal(signum)
        out, err = proc.communicate(timeout=20)
    finally:
        proc.kill()
    name = "psql" if program[0].endswith("psql") else "dsqlsh"
    return out, err.replace(f"{name}:", "PROGRAM:"), proc.returncode  # the locus names the program


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_signal_mid_script_ends_it_as_psql(pg, home, tmp_path, signum):
    """Ctrl-C cancels the statement and stops the script (psql's EXIT_USER); SIGTERM ends it by the signal. The
    same output and status as psql 18's, and the statement does not go on running on the server."""
    from tests.pgserver import bin_dir

    psql = _script_signalled(pg, home, tmp_path, [str(bin_dir() / "psql")], signum, "sig_psql_7")
    ours = _script_signalled(pg, home, tmp_path, [sys.executable, "-m", "dsqlsh"], signum, "sig_ours_7")
    assert ours == psql
    assert "second" not in ours[0] and "Traceback" not in ours[1]
