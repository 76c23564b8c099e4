"""Connections that survive what DSQL and networks do (issue 16): the stand-in closes idle sessions in each way a
server or a network can, and every statement must still arrive exactly once, on a fresh connection with a fresh token.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.dsql_standin import CLOSE_MODES
from tests.fix_dsql import client_env
from tests.support import Run

pytest_plugins = ("tests.fix_dsql",)

SCRIPT = "select 'one' as a;\n\\! sleep 1.0\nselect 'two' as b;\n"


@pytest.fixture
def run(pg, home, tmp_path, fake_aws_env):
    def run(standin, *args: str, input: str | None = None) -> Run:
        p = subprocess.run([sys.executable, "-m", "dsqlsh", *args], input=input, capture_output=True,
                           text=True, env=client_env(pg, home, standin, fake_aws_env), cwd=tmp_path, timeout=60)
        return Run(p.stdout, p.stderr, p.returncode)

    return run


def _sent(standin, sql: str) -> int:
    return sum(1 for e in standin.events.of("query") if e["sql"] == sql)


def _assert_reconnected_once(standin) -> None:
    connects = [e for e in standin.events.of("connect") if e["ok"]]
    assert len(connects) == 2, connects
    assert connects[0]["token_sha256"] != connects[1]["token_sha256"]  # a fresh token for the new connection
    assert _sent(standin, "select 'one' as a;") == 1 and _sent(standin, "select 'two' as b;") == 1


@pytest.mark.parametrize("mode", CLOSE_MODES)
@pytest.mark.parametrize("way", ["-f", "stdin"])
def test_a_script_outlives_an_idle_close_however_it_comes(run, make_dsql_standin, tmp_path, mode, way):
    standin = make_dsql_standin(max_age=0.4, close_mode=mode, close_delay=1.5)
    (tmp_path / "gap.sql").write_text(SCRIPT)
    args = ["-XAt", "-v", "ON_ERROR_STOP=1"] + (["-f", "gap.sql"] if way == "-f" else [])
    r = run(standin, *args, input=SCRIPT if way == "stdin" else None)
    assert (r.stdout, r.stderr, r.exit_code) == ("one\ntwo\n", "", 0)
    _assert_reconnected_once(standin)


@pytest.mark.parametrize("mode", CLOSE_MODES)
def test_c_commands_outlive_an_idle_close_between_them(run, make_dsql_standin, mode):
    standin = make_dsql_standin(max_age=0.4, close_mode=mode, close_delay=1.5)
    r = run(standin, "-XAt", "-c", "select 'one' as a;", "-c", "\\! sleep 1.0", "-c", "select 'two' as b;")
    assert (r.stdout, r.stderr, r.exit_code) == ("one\ntwo\n", "", 0)
    _assert_reconnected_once(standin)
