"""dsqlsh --check: text and JSON output, absolute positions, meta-commands, exit codes."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from dsqlsh.compat.lint import lint

SCRIPT = """\
-- migration 007
\\set ON_ERROR_STOP on
\\d orders
CREATE TABLE orders (id serial PRIMARY KEY);
  SELECT 1;  CREATE INDEX idx ON orders (id);
BEGIN;
CREATE TABLE a (id uuid PRIMARY KEY);
INSERT INTO a
  VALUES (gen_random_uuid());
COMMIT;
UPDATE orders SET id = 1 \\g
"""


def check(tmp_path: Path, text: str, *, fmt: str = "text") -> tuple[int, str, str]:
    path = tmp_path / "m.sql"
    path.write_text(text, encoding="utf-8")
    out, err = io.StringIO(), io.StringIO()
    status = lint([str(path)], fmt=fmt, out=out, err=err)
    return status, out.getvalue().replace(str(path), "m.sql"), err.getvalue()


def test_text_format(tmp_path: Path) -> None:
    status, out, err = check(tmp_path, SCRIPT)
    assert status == 1 and err == ""
    lines = out.splitlines()
    assert lines[0::2] == [
        'm.sql:4:25: error: DSQL-SERIAL: DSQL does not support serial columns (type "serial" does not exist)',
        "m.sql:5:21: error: DSQL-INDEX-ASYNC: DSQL does not support CREATE INDEX without ASYNC "
        "(unsupported mode. please use CREATE INDEX ASYNC.)",
        "m.sql:8:1: error: DSQL-TXN-DDL-DML: DSQL does not mix DDL and DML in one transaction "
        '("ddl and dml are not supported in the same transaction")',
        "m.sql:11:1: warning: DSQL-UPDATE-NO-WHERE: UPDATE without WHERE changes every row, "
        "and DSQL fails a transaction that modifies more than 3,000 rows",
    ]
    assert all(line.startswith("  hint: ") for line in lines[1::2])


def test_json_format(tmp_path: Path) -> None:
    status, out, _ = check(tmp_path, SCRIPT, fmt="json")
    found = json.loads(out)
    assert status == 1
    assert [(f["line"], f["col"], f["rule"]) for f in found] == [
        (4, 25, "DSQL-SERIAL"),
        (5, 21, "DSQL-INDEX-ASYNC"),
        (8, 1, "DSQL-TXN-DDL-DML"),
        (11, 1, "DSQL-UPDATE-NO-WHERE"),
    ]
    assert set(found[0]) == {"file", "line", "col", "severity", "rule", "message", "hint"}
    assert found[0]["file"] == "m.sql" and found[0]["severity"] == "error"


def test_clean_file_and_warnings_only_exit_zero(tmp_path: Path) -> None:
    assert check(tmp_path, "CREATE INDEX ASYNC i ON t (c);\nSELECT 1;\n") == (0, "", "")
    status, out, _ = check(tmp_path, "DELETE FROM sessions;\n")
    assert status == 0 and "warning: DSQL-DELETE-NO-WHERE" in out
    status, out, _ = check(tmp_path, "CREATE INDEX ASYNC i ON t (c);\n", fmt="json")
    assert (status, json.loads(out)) == (0, [])


def test_positions_of_a_later_statement_on_the_same_line(tmp_path: Path) -> None:
    _, out, _ = check(tmp_path, "SELECT 1; SELECT 1; TRUNCATE t; VACUUM;\n")
    assert [line.split(": ")[0] for line in out.splitlines()[0::2]] == ["m.sql:1:21", "m.sql:1:33"]


def test_variables_set_in_the_file_are_interpolated(tmp_path: Path) -> None:
    status, out, _ = check(tmp_path, "\\set cache 100\nCREATE SEQUENCE s CACHE :cache;\n")
    assert status == 1 and "DSQL-SEQUENCE-CACHE" in out and "found CACHE 100" in out


def test_byte_order_mark_and_crlf(tmp_path: Path) -> None:
    path = tmp_path / "m.sql"
    path.write_bytes("\ufeffSELECT 1;\r\nTRUNCATE t;\r\n".encode())
    out, err = io.StringIO(), io.StringIO()
    assert lint([str(path)], out=out, err=err) == 1
    assert out.getvalue().splitlines()[0] == f"{path}:2:1: error: DSQL-TRUNCATE: " + (
        "DSQL does not support TRUNCATE (unsupported statement: Truncate)"
    )


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("sys.stdin", io.StringIO("TRUNCATE t;\n"))
    out, err = io.StringIO(), io.StringIO()
    assert lint(["-"], out=out, err=err) == 1
    assert out.getvalue().startswith("<stdin>:1:1: error: DSQL-TRUNCATE: ")


def test_unreadable_file_is_exit_two(tmp_path: Path) -> None:
    good = tmp_path / "good.sql"
    good.write_text("TRUNCATE t;\n")
    out, err = io.StringIO(), io.StringIO()
    assert lint([str(tmp_path / "missing.sql"), str(good)], out=out, err=err) == 2
    assert "missing.sql: No such file or directory" in err.getvalue()
    assert "DSQL-TRUNCATE" in out.getvalue()


def test_usage_errors_are_exit_two(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert lint([], out=out, err=err) == 2
    assert lint([str(tmp_path)], fmt="xml", out=out, err=err) == 2
    assert out.getvalue() == "" and "--format" in err.getvalue()


def test_a_directory_is_an_io_error(tmp_path: Path) -> None:
    out, err = io.StringIO(), io.StringIO()
    assert lint([str(tmp_path)], out=out, err=err) == 2
    assert err.getvalue().startswith("dsqlsh: ")


def test_copy_data_in_a_dump_is_not_read_as_sql(tmp_path: Path) -> None:
    dump = ("COPY public.t (id, s) FROM stdin;\n1\tcreate index x on t (a)\n2\t\\N\n\\.\n"
            "CREATE INDEX i ON public.t (s);\n")
    status, out, _ = check(tmp_path, dump)
    assert status == 1
    assert [line.split(": ")[0:3] for line in out.splitlines()[0::2]] == [["m.sql:5:8", "error", "DSQL-INDEX-ASYNC"]]


def test_positions_and_errors_inside_a_long_file(tmp_path: Path) -> None:
    """Over many statements (parsed several at a time): a parse error hides nothing of its neighbours, columns
    count characters after non-ASCII text, and a ';' inside a comment or string ends no statement."""
    body = [f"INSERT INTO t VALUES ({i}, 'ü{i}');" for i in range(40)]
    body[3] = "SELECT 'é', 1 FROM t; TRUNCATE t;"
    body[10] = "SELEC 1;"
    body[11] = "CREATE TABLE s (id serial);"
    body[20] = "-- only a comment;"
    body[21] = "/* ; */ CREATE TABLE u (id serial);"
    body[30] = "SELECT 'a;b' AS \"é;\", 1; CREATE TEMP TABLE v (i int);"
    status, out, _ = check(tmp_path, "\n".join(body) + "\n", fmt="json")
    assert status == 1
    assert [(f["line"], f["col"], f["rule"]) for f in json.loads(out)] == [
        (4, 23, "DSQL-TRUNCATE"),
        (11, 1, "DSQL-PARSE"),
        (12, 20, "DSQL-SERIAL"),
        (22, 28, "DSQL-SERIAL"),
        (31, 33, "DSQL-TEMP"),
    ]
