"""psql's own TAP contract (src/bin/psql/t/001_basic.pl), ported where it applies, each case run through psql 18
and dsqlsh alike: -c and -f x --single-transaction x ON_ERROR_STOP, with and without an error (the exit status,
the messages and what is committed); a session killed mid-script; \\copy with DEFAULT; \\timing's line."""

from __future__ import annotations

import itertools
import re

import pytest

TIME = re.compile(r"Time: \d+\.\d{3} ms")


def _same(pg, psql, dsqlsh, args: list[str], *, table: bool = False, input: str | None = None) -> None:
    outcomes = []
    for program in (psql, dsqlsh):
        if table:
            pg.psql("drop table if exists tap; create table tap (n int)")
        r = program("-X", *args, input=input)
        rows = pg.psql("select count(*) from tap").split("\n")[2].strip() if table else ""
        outcomes.append((r.exit_code, TIME.sub("Time: <ms>", r.stdout), r.stderr.replace("dsqlsh:", "psql:"), rows))
    assert outcomes[1] == outcomes[0]


@pytest.mark.parametrize("way, stop, single, error", itertools.product("cf", (False, True), (False, True),
                                                                       (False, True)))
def test_single_transaction_and_on_error_stop_commit_or_roll_back_as_psql(pg, psql, dsqlsh, tmp_path, way, stop,
                                                                         single, error):
    statements = ["insert into tap values (1)"] + (["select error"] if error else []) + ["insert into tap values (2)"]
    args = (["-1"] if single else []) + (["-v", "ON_ERROR_STOP=1"] if stop else [])
    if way == "c":
        args += [word for sql in statements for word in ("-c", sql)]
    else:
        (tmp_path / "s.sql").write_text("".join(f"{sql};\n" for sql in statements))
        args += ["-f", "s.sql"]
    _same(pg, psql, dsqlsh, args, table=True)


def test_a_session_killed_mid_script_ends_it_with_status_2(pg, psql, dsqlsh, tmp_path):
    (tmp_path / "crash.sql").write_text("select 1 as a;\nselect pg_terminate_backend(pg_backend_pid());\n"
                                        "select 2 as b;\n")
    _same(pg, psql, dsqlsh, ["-f", "crash.sql"])


def test_copy_with_default_and_timing(pg, psql, dsqlsh, tmp_path):
    (tmp_path / "copy.sql").write_text(
        "create temp table cd (a int, b text default 'dflt');\n\\copy cd from stdin with (default '\\D')\n"
        "1\t\\D\n2\tx\n\\.\n\\copy cd from stdin (format csv, default 'D')\n3,D\n\\.\n"
        "select * from cd order by a;\n\\timing on\nselect 1 as t;\n")
    _same(pg, psql, dsqlsh, ["-f", "copy.sql"])
