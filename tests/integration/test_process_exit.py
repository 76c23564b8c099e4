"""The end of the process: dsqlsh leaves without Python's teardown (cli._exit_now, issue 19), and nothing it wrote
is lost for that. Each case writes through a file dsqlsh opened (-o, -L, \\o, \\copy ... to) and compares what
the file holds with what psql 18 writes for the same command line."""

from __future__ import annotations

from pathlib import Path

import pytest

ROWS = "select g, repeat('x', 50) from generate_series(1, 20000) g"  # more than any buffer holds


@pytest.mark.parametrize("make_args", [
    lambda out: ["-X", "-o", str(out), "-c", ROWS],
    lambda out: ["-X", "-L", str(out), "-c", ROWS],
    lambda out: ["-X", "-c", f"\\o {out}", "-c", ROWS],  # \\o left open at the end
    lambda out: ["-X", "-c", f"\\copy ({ROWS}) to '{out}' csv"],
], ids=["-o", "-L", "\\o", "\\copy"])
def test_what_dsqlsh_wrote_to_a_file_is_all_there_at_exit(dsqlsh, psql, tmp_path: Path, make_args):
    ours, theirs = tmp_path / "ours.txt", tmp_path / "theirs.txt"
    r, p = dsqlsh(*make_args(ours)), psql(*make_args(theirs))
    assert (r.exit_code, r.stdout) == (p.exit_code, p.stdout)
    assert ours.read_text().replace("dsqlsh", "psql") == theirs.read_text()
    assert ours.stat().st_size > 1_000_000


def test_exit_status_and_stderr_are_kept(dsqlsh, psql):
    for args in (["-X", "-c", "select 1/0"], ["-X", "-v", "ON_ERROR_STOP=1", "-c", "select 1/0"],
                 ["-X", "-c", "\\q"], ["-X", "-c", "select 1"]):
        r, p = dsqlsh(*args), psql(*args)
        assert (r.exit_code, r.stdout, r.stderr) == (p.exit_code, p.stdout, p.stderr)


def test_a_script_on_stdin_ends_the_same_way(dsqlsh, psql):
    script = "select 1;\n\\echo done\n\\o\nselect 2;\n"
    r, p = dsqlsh("-X", input=script), psql("-X", input=script)
    assert (r.exit_code, r.stdout, r.stderr) == (p.exit_code, p.stdout, p.stderr) == (0, p.stdout, "")
