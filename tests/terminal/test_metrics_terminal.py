"""\\metrics on a terminal: a Trend column with one sparkline per metric (CloudWatch from moto in server mode)."""

from __future__ import annotations

import sys
from pathlib import Path

import pexpect

from tests.fix_dsql import client_env
from tests.fix_moto import MotoServer, aws_env, put_dsql_metrics

pytest_plugins = ("tests.fix_dsql", "tests.fix_moto")


def _on_a_terminal(env: dict[str, str], *args: str) -> str:
    child = pexpect.spawn(sys.executable, ["-m", "dsqlsh", "-X", "-P", "pager=off", *args], env=env,
                          encoding="utf-8", timeout=30, dimensions=(24, 200))
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0, child.before
    return str(child.before).replace("\r\n", "\n")


def test_each_metric_has_a_sparkline(pg, home: Path, dsql_standin, fake_aws_env, moto_server: MotoServer):
    put_dsql_metrics(moto_server, "abcdefghijklmnopqrstuvwxyz")
    env = {**client_env(pg, home, dsql_standin, fake_aws_env), **aws_env(moto_server, home), "TERM": "dumb"}
    shown = _on_a_terminal(env, "-c", "\\metrics")
    rows = {line.split("|")[0].strip(): line.split("|")[-1] for line in shown.splitlines() if "|" in line}
    assert rows["Metric"].strip() == "Trend"
    # One character a minute, oldest first: 5, 7 and 9 transactions 50, 30 and 10 minutes ago (lowest to highest).
    assert "▁" + " " * 19 + "▅" + " " * 19 + "█" in rows["Total transactions"]
    assert "▁" + " " * 39 + "█" in rows["Connections"]
    assert "█" + " " * 39 + "▁" in rows["Commit latency (ms)"]
    assert rows["Write DPU"].strip() == "▄"  # a single value: mid-height
    # Written to a file, the same command has no Trend column.
    assert "Trend" not in _on_a_terminal(env, "-o", str(home / "out.txt"), "-c", "\\metrics")
    assert "Trend" not in (home / "out.txt").read_text()
