"""\\copy beyond what psql does: batched loads (each batch its own committed COPY), failure reports and exact resume.

psql's own \\copy behaviour is covered by the differential cases tests/integration/cases/copy_meta_*.sql.
Here a trigger stands in for DSQL's per-transaction row limit: any transaction inserting more than LIMIT rows fails.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from dsqlsh.copy import CopyParseError, Format, copy_format, parse, records

LIMIT = 300
ROWS = 20000  # the "Done when" scale

SETUP = f"""
create table t(id int primary key, s text, n int);
create function limit_rows() returns trigger language plpgsql as $$
declare k int;
begin
  k := coalesce(nullif(current_setting('test.rows', true), ''), '0')::int + 1;
  if k > coalesce(nullif(current_setting('test.max_rows', true), ''), '{LIMIT}')::int then
    raise exception 'transaction row limit exceeded' using errcode = '54000';
  end if;
  perform set_config('test.rows', k::text, true);
  return new;
end $$;
create trigger limit_rows before insert on t for each row execute function limit_rows();
"""


def create_db(pg, psql, name: str) -> str:
    """A fresh database with the row-limited table t."""
    pg.psql(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    pg.psql(f'CREATE DATABASE "{name}"')
    r = psql("-X", "-q", "-d", name, "-c", SETUP)
    assert r.exit_code == 0, r.stderr
    return name


@pytest.fixture
def db(pg, psql) -> str:
    yield create_db(pg, psql, "db_test_copy")
    pg.psql('DROP DATABASE IF EXISTS "db_test_copy" WITH (FORCE)')


def value(i: int) -> str | None:
    """Awkward csv fields: commas, quotes, newlines, NULLs."""
    if i % 7 == 0:
        return None
    if i % 5 == 0:
        return f'row {i}, with "quotes"\nand a second line'
    if i % 3 == 0:
        return f"comma,{i}"
    return f"plain {i}"


def write_csv(path: Path, bad_row: int | None = None, rows: int = ROWS) -> list[int]:
    """The test file, as PostgreSQL itself writes csv with a header. Returns the input line each data row
    starts on (data row n at index n - 1), and one past the last line at the end."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator="\n")
    w.writerow(["id", "s", "n"])
    starts = []
    line = 2
    for i in range(1, rows + 1):
        starts.append(line)
        v = value(i)
        w.writerow([i, v, "oops" if i == bad_row else i * 2])
        line += 1 + (v or "").count("\n")
    starts.append(line)
    path.write_text(out.getvalue())
    return starts


def copy_line(starts: list[int], first_row: int, bad_row: int) -> int:
    """The "line N" of the server's CONTEXT for a bad last field in bad_row, in a batch whose first data row
    is first_row: the batch's own data counts from 1, its header line included, to the record's last line."""
    return 1 + starts[bad_row] - starts[first_row - 1]


def table_stats(psql, db: str) -> str:
    r = psql("-X", "-A", "-t", "-d", db, "-c", "select count(*), count(distinct id), min(id), max(id) from t")
    return r.stdout.strip()


def test_single_copy_hits_the_row_limit(db, dsqlsh, tmp_path):
    """Sanity of the stand-in: psql's one COPY is refused, and nothing is committed."""
    write_csv(tmp_path / "data.csv")
    r = dsqlsh("-X", "-d", db, "-c", "\\copy t from data.csv (format csv, header)")
    assert r.exit_code == 1
    assert r.stderr.startswith("ERROR:  transaction row limit exceeded\n")


def test_batched_csv_load_and_export_round_trip(db, dsqlsh, psql, tmp_path):
    write_csv(tmp_path / "data.csv")
    r = dsqlsh("-X", "-d", db, "-v", "COPY_BATCH_ROWS=250", "-c", "\\copy t from data.csv (format csv, header)")
    assert (r.stdout, r.stderr, r.exit_code) == (f"COPY {ROWS}\n", "", 0)
    assert table_stats(psql, db) == f"{ROWS}|{ROWS}|1|{ROWS}"
    r = dsqlsh("-X", "-d", db, "-c", "\\copy (select * from t order by id) to 'back.csv' with (format csv, header)")
    assert (r.stdout, r.stderr, r.exit_code) == (f"COPY {ROWS}\n", "", 0)
    assert (tmp_path / "back.csv").read_bytes() == (tmp_path / "data.csv").read_bytes()


@pytest.mark.parametrize("jobs", ["1", "4"])
def test_batches_by_bytes(db, dsqlsh, psql, tmp_path, jobs):
    write_csv(tmp_path / "data.csv")
    r = dsqlsh("-X", "-d", db, "-v", "COPY_BATCH_BYTES=4000", "-v", f"COPY_JOBS={jobs}",
               "-c", "\\copy t from data.csv csv header")
    assert (r.stdout, r.stderr, r.exit_code) == (f"COPY {ROWS}\n", "", 0)
    assert table_stats(psql, db) == f"{ROWS}|{ROWS}|1|{ROWS}"


@pytest.mark.parametrize("jobs", ["1", "3"])
def test_bad_row_reports_committed_prefix_and_resume_loads_each_row_once(db, dsqlsh, psql, tmp_path, jobs):
    """With several connections too: batches commit in input order, so the committed rows are a prefix."""
    starts = write_csv(tmp_path / "data.csv", bad_row=15000)
    load = "\\copy t from 'data.csv' with (format csv, header)"
    r = dsqlsh("-X", "-d", db, "-v", "COPY_BATCH_ROWS=250", "-v", f"COPY_JOBS={jobs}", "-c", load)
    assert r.exit_code == 1
    assert r.stdout == ""
    assert r.stderr == (
        'ERROR:  invalid input syntax for type integer: "oops"\n'
        f'CONTEXT:  COPY t, line {copy_line(starts, 14751, 15000)}, column n: "oops"\n'
        f"\\copy stopped at input line {starts[14999]} (data row 15000): 14750 data rows are committed; "
        "data rows 14751 and after are not.\n"
        "HINT:  \\set COPY_START_ROW 14751\n"
    )
    assert table_stats(psql, db) == "14750|14750|1|14750"

    write_csv(tmp_path / "data.csv")  # the fix
    r = dsqlsh("-X", "-d", db, "-v", "COPY_BATCH_ROWS=250", "-v", f"COPY_JOBS={jobs}", "-v", "COPY_START_ROW=14751",
               "-c", load)
    assert (r.stdout, r.stderr, r.exit_code) == ("COPY 5250\n", "", 0)
    assert table_stats(psql, db) == f"{ROWS}|{ROWS}|1|{ROWS}"
    r = dsqlsh("-X", "-d", db, "-c", "\\copy (select * from t order by id) to 'back.csv' with (format csv, header)")
    assert (tmp_path / "back.csv").read_bytes() == (tmp_path / "data.csv").read_bytes()


def test_text_format_from_script_stdin_in_batches(db, dsqlsh, psql, tmp_path):
    """A batched load sets ROW_COUNT and friends as psql does for its one COPY (copy_meta_variables.sql)."""
    data = "".join(f"{i}\tline {i}\\nescaped\t\\N\n" for i in range(1, 1001))
    script = tmp_path / "load.sql"
    script.write_text("\\set COPY_BATCH_ROWS 100\n\\copy t (id, s, n) from stdin\n" + data + "\\.\n"
                      "\\echo :ROW_COUNT :ERROR :SQLSTATE\n")
    r = dsqlsh("-X", "-d", db, "-At", "-f", str(script))
    assert (r.stdout, r.stderr, r.exit_code) == ("COPY 1000\n1000 false 00000\n", "", 0)
    assert table_stats(psql, db) == "1000|1000|1|1000"


def test_bad_row_in_script_names_the_input_line(db, dsqlsh, psql, tmp_path):
    rows = [f"{i}\tx\t{i}\n" for i in range(1, 11)]
    rows[6] = "7\tx\tseven\n"
    script = tmp_path / "load.sql"
    script.write_text("\\set COPY_BATCH_ROWS 3\n\\copy t from stdin\n" + "".join(rows) + "\\.\n"
                      "\\echo :ROW_COUNT :ERROR :SQLSTATE :LAST_ERROR_SQLSTATE :LAST_ERROR_MESSAGE\n")
    r = dsqlsh("-X", "-d", db, "-At", "-f", str(script))
    assert r.stdout == '0 true 22P02 22P02 invalid input syntax for type integer: "seven"\n'
    assert r.stderr == (
        f'dsqlsh:{script}:13: ERROR:  invalid input syntax for type integer: "seven"\n'
        'CONTEXT:  COPY t, line 1, column n: "seven"\n'
        "\\copy stopped at input line 7 (data row 7): 6 data rows are committed; data rows 7 and after are not.\n"
        "HINT:  \\set COPY_START_ROW 7\n"
    )
    assert table_stats(psql, db) == "6|6|1|6"


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_occ_conflict_retries_the_batch(db, dsqlsh, psql, pg, tmp_path, jobs):
    """A batch failing with 40001 is retried (sequences are not transactional: the trigger fails once)."""
    pg.psql("""
        create sequence once;
        create function conflict_once() returns trigger language plpgsql as $$
        begin
          if new.id = 12600 and nextval('once') = 1 then
            raise exception 'change conflicts with another transaction' using errcode = '40001';
          end if;
          return new;
        end $$;
        create trigger conflict_once before insert on t for each row execute function conflict_once();
    """, db=db)
    write_csv(tmp_path / "data.csv")
    load = "\\copy t from data.csv csv header"
    r = dsqlsh("-X", "-d", db, "-v", "COPY_BATCH_ROWS=250", "-v", f"COPY_JOBS={jobs}", "-c", load)
    assert (r.stdout, r.stderr, r.exit_code) == (f"COPY {ROWS}\n", "", 0)
    assert table_stats(psql, db) == f"{ROWS}|{ROWS}|1|{ROWS}"


# ---- the pure parts -----------------------------------------------------------------------------------


def test_pstdin_reads_the_process_stdin_while_commands_come_from_a_file(dsqlsh, psql, tmp_path):
    """psql's pstdin is its own stdin, not the script: data piped in, commands from -f."""
    script = tmp_path / "load.sql"
    script.write_text("create temp table p (a int, b text);\n\\copy p from pstdin\nselect * from p;\n")
    ours = dsqlsh("-X", "-f", str(script), input="1\tx\n2\ty\n")
    theirs = psql("-X", "-f", str(script), input="1\tx\n2\ty\n")
    assert (ours.stdout, ours.stderr, ours.exit_code) == (theirs.stdout, theirs.stderr, theirs.exit_code)
    assert "COPY 2\n" in ours.stdout and " 2 | y\n" in ours.stdout


def test_parse_builds_psqls_copy_statement():
    assert parse('s."My T" ("a b", c) from stdin with (format csv)').sql == \
        'COPY  s."My T" ( "a b" , c ) FROM STDIN with (format csv)'
    spec = parse("(select ')' as x) to '~/o''s.csv' csv header")
    assert spec.sql == "COPY  ( select ')' as x ) TO STDOUT csv header"
    assert spec.kind == "file" and spec.target == str(Path("~/o's.csv").expanduser())
    spec = parse("t from program 'gzip -dc a.gz'")
    assert (spec.kind, spec.target, spec.is_from) == ("program", "gzip -dc a.gz", True)
    with pytest.raises(CopyParseError, match='parse error at "frm"'):
        parse("t frm stdin")
    with pytest.raises(CopyParseError, match="arguments required"):
        parse("")


def test_copy_format_reads_new_and_old_options():
    assert copy_format("with (format csv, header true, quote '''', escape '\\')") == \
        Format(csv=True, header=True, quote=b"'", escape=b"\\")
    assert copy_format("csv header delimiter '|'") == Format(csv=True, header=True)
    assert copy_format("(format csv, header false)") == Format(csv=True)
    assert copy_format("") == Format()
    assert copy_format("(format binary)").binary


def test_records_keep_quoted_newlines_together():
    lines = [b'1,"a\n', b'b",2\n', b'2,"x""\n', b'y",3\n', b"3,plain\n"]
    got = [(r.line, r.data) for r in records(lines, Format(csv=True))]
    assert got == [(1, b'1,"a\nb",2\n'), (3, b'2,"x""\ny",3\n'), (5, b"3,plain\n")]
    escaped = [b'1,"a\\"\n', b'b",2\n']
    assert len(list(records(escaped, Format(csv=True, escape=b"\\")))) == 1
    assert len(list(records(lines, Format()))) == 5


# ---- a script's own COPY ... FROM stdin (what pg_dump writes), batched where \copy would be ----------------

def test_script_copy_from_stdin_is_batched_like_copy(db, dsqlsh, psql, tmp_path):
    data = "".join(f"{i}\tline {i}\\ttab\\\\back\t{i}\n" for i in range(1, 1001))
    script = tmp_path / "dump.sql"
    script.write_text("\\set COPY_BATCH_ROWS 100\n-- as pg_dump writes it\nCOPY public.t (id, s, n) FROM stdin;\n"
                      + data + "\\.\n\\echo :ROW_COUNT :ERROR :SQLSTATE\nselect count(*), min(s) from t;\n")
    r = dsqlsh("-X", "-d", db, "-At", "-f", str(script))
    assert (r.stdout, r.stderr, r.exit_code) == ("COPY 1000\n1000 false 00000\n1000|line 1\ttab\\back\n", "", 0)
    assert table_stats(psql, db) == "1000|1000|1|1000"


def test_script_copy_bad_row_says_what_is_committed_and_resumes(db, dsqlsh, psql, tmp_path):
    rows = [f"{i}\tx\t{i}\n" for i in range(1, 11)]
    rows[6] = "7\tx\tseven\n"
    script = tmp_path / "dump.sql"
    script.write_text("COPY t FROM stdin;\n" + "".join(rows) + "\\.\nselect 'after';\n")
    r = dsqlsh("-X", "-d", db, "-At", "-v", "COPY_BATCH_ROWS=3", "-f", str(script))
    assert r.stdout == "after\n"  # the script goes on, as psql's does after a failed COPY
    assert r.stderr == (
        f'dsqlsh:{script}:12: ERROR:  invalid input syntax for type integer: "seven"\n'
        'CONTEXT:  COPY t, line 1, column n: "seven"\n'
        "COPY stopped at input line 8 (data row 7): 6 data rows are committed; data rows 7 and after are not.\n"
        "HINT:  \\set COPY_START_ROW 7\n"
    )
    assert table_stats(psql, db) == "6|6|1|6"
    rows[6] = "7\tx\t7\n"  # the fix, and the resume from the row the hint names
    script.write_text("COPY t FROM stdin;\n" + "".join(rows) + "\\.\n")
    r = dsqlsh("-X", "-d", db, "-At", "-v", "COPY_BATCH_ROWS=3", "-v", "COPY_START_ROW=7", "-f", str(script))
    assert (r.stdout, r.stderr, r.exit_code) == ("COPY 4\n", "", 0)
    assert table_stats(psql, db) == "10|10|1|10"


def test_script_copy_without_batching_is_psqls_single_copy(db, dsqlsh, psql, tmp_path):
    script = tmp_path / "dump.sql"
    script.write_text("COPY t FROM stdin;\n" + "".join(f"{i}\tx\t{i}\n" for i in range(1, 401)) + "\\.\n"
                      "select count(*) from t;\n")
    ours, theirs = (run("-X", "-d", db, "-f", str(script)) for run in (dsqlsh, psql))
    assert ours.stdout == theirs.stdout == " count \n-------\n     0\n(1 row)\n\n"
    assert ours.stderr == theirs.stderr.replace("psql:", "dsqlsh:")
    assert "transaction row limit exceeded" in ours.stderr
