"""A plain pg_dump of an application-like database goes into DSQL: `--check --fix` then `-f`, and `--fix -f` in one
step, through the DSQL stand-in that refuses what DSQL refuses (by its own rules) and caps a transaction at 3,000
rows. Every row of every kept table must arrive byte-identical."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.fix_dsql import client_env
from tests.pgserver import bin_dir
from tests.support import clean_env

pytest_plugins = ("tests.fix_dsql",)

DUMPS = Path(__file__).parent / "dumps"
# Each schema's kept tables, read back in a fixed order (the partitions' rows arrive in their table).
TABLES = {
    "shop": [
        "select * from public.customers order by id",
        "select * from public.orders order by id",
        "select id, kind from public.events order by id",
        "select * from public.measurements order by city",
        "select * from public.line_items order by order_id, line",
    ],
    "saas": [
        "select * from app.accounts order by slug",
        "select id, account_id, email, role, manager_id, full_name from app.users order by id",
        "select * from app.invoices order by account_id, no",
        "select id, payload from app.audit order by id",
        "select * from app.big_accounts order by slug",
    ],
    "library": [
        'select isbn, title, "Pages", price, search, cover from lib."Books" order by isbn',
        "select * from lib.copies order by isbn, copy_no",
        "select * from lib.loans order by isbn",
        "select * from lib.fines order by id",
        "select what, isbn from lib.checkout_event order by isbn",
        "select * from lib.shelf_counts order by shelf",
    ],
}


def _rows(pg, db: str, sql: str) -> str:
    return subprocess.run([str(bin_dir() / "psql"), "-X", "-A", "-t", "-h", pg.host, "-p", str(pg.port), "-U",
                           pg.superuser, "-d", db, "-c", sql], check=True, capture_output=True, text=True).stdout


def _dumped(pg, tmp_path_factory, schema: str) -> Path:
    """A schema and its data in database fix_source_SCHEMA, dumped by PostgreSQL 18's own pg_dump."""
    source = pg.fresh_database(f"fix_source_{schema}")
    subprocess.run([str(bin_dir() / "psql"), "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", pg.host, "-p", str(pg.port),
                    "-U", pg.superuser, "-d", source, "-f", str(DUMPS / f"{schema}.sql")], check=True,
                   capture_output=True)
    out = tmp_path_factory.mktemp("dump") / f"{schema}.sql"
    subprocess.run([str(bin_dir() / "pg_dump"), "-h", pg.host, "-p", str(pg.port), "-U", pg.superuser, "-f", str(out),
                    source], check=True)
    return out


@pytest.fixture(scope="module")
def dump(pg, tmp_path_factory) -> Path:
    return _dumped(pg, tmp_path_factory, "shop")


@pytest.fixture(scope="module", params=sorted(TABLES))
def any_dump(request, pg, tmp_path_factory) -> tuple[str, Path]:
    return request.param, _dumped(pg, tmp_path_factory, request.param)


def _dsqlsh(env: dict[str, str], *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "dsqlsh", *args], env=env, cwd=cwd, capture_output=True, text=True,
                          timeout=300)


def _assert_same_rows(pg, schema: str, target: str) -> None:
    for sql in TABLES[schema]:
        assert _rows(pg, target, sql) == _rows(pg, f"fix_source_{schema}", sql), sql


def test_check_fix_then_run_loads_every_row(pg, home, tmp_path, dump, dsql_strict_standin, fake_aws_env):
    env = clean_env(pg, home)
    fixed = _dsqlsh(env, "--check", "--fix", str(dump), "-o", "dsql.sql", cwd=tmp_path)
    assert fixed.returncode == 3, fixed.stderr  # fixed, but meaning changed (enums, partitions, a trigger...)
    report = fixed.stderr
    for named in ("changed: DSQL-CREATE-TYPE: public.order_status", "dropped: DSQL-TRIGGER: customers_touch",
                  "dropped: DSQL-FUNCTION-LANGUAGE: public.touch", "changed: DSQL-MATVIEW: public.status_counts",
                  "changed: DSQL-COLUMN-TYPE: public.customers.tags", "changed: DSQL-PARTITION: public.measurements",
                  "fixed: DSQL-INDEX-ASYNC: orders_customer_idx", "fixed: DSQL-ADD-CONSTRAINT-KEY: public.orders "
                  "orders_pkey", "fixed: DSQL-ADD-CONSTRAINT-NOT-VALID: public.orders orders_customer_id_fkey",
                  "dropped: DSQL-GRANT-OBJECT: public.customers: privileges not carried over",
                  "fixed: DSQL-SERIAL: public.orders.id: serial column", "fixed: DSQL-SERIAL: public.orders_id_seq",
                  "fixed: DSQL-SEQUENCE-TYPE: public.customers_id_seq: removed AS int4"):
        assert named in report, report
    assert " error: " not in report
    check = _dsqlsh(env, "--check", "dsql.sql", cwd=tmp_path)
    assert (check.returncode, " error: " in check.stdout) == (0, False), check.stdout

    target = pg.fresh_database("fix_target")
    run = _dsqlsh(client_env(pg, home, dsql_strict_standin, fake_aws_env), "-X", "-q", "-d", target,
                  "-v", "ON_ERROR_STOP=1", "-f", "dsql.sql", cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    _assert_same_rows(pg, "shop", target)
    assert _rows(pg, target, "select count(*) from pg_indexes where indexname = 'orders_customer_idx'") == "1\n"
    assert _rows(pg, target, "select nextval('public.customers_id_seq')") == "3501\n"
    assert _rows(pg, target, "select nextval('public.orders_id_seq')") == "4001\n"  # the identity's, set by setval
    assert _rows(pg, target, "select is_identity from information_schema.columns where table_name = 'orders' "
                             "and column_name = 'id'") == "YES\n"


def test_fix_and_run_in_one_step(pg, home, tmp_path, any_dump, dsql_strict_standin, fake_aws_env):
    schema, dump = any_dump
    target = pg.fresh_database(f"fix_target_one_step_{schema}")
    run = _dsqlsh(client_env(pg, home, dsql_strict_standin, fake_aws_env), "-X", "-q", "-d", target,
                  "-v", "ON_ERROR_STOP=1", "--fix", "-f", str(dump), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stderr.startswith(f"{dump}:")  # the report comes first
    assert " error: " not in run.stderr
    _assert_same_rows(pg, schema, target)


def test_the_unfixed_dump_fails_on_the_stand_in(pg, home, tmp_path, dump, dsql_strict_standin, fake_aws_env):
    """The stand-in refuses what DSQL refuses: without --fix the dump stops at its first CREATE TYPE."""
    target = pg.fresh_database("fix_target_unfixed")
    run = _dsqlsh(client_env(pg, home, dsql_strict_standin, fake_aws_env), "-X", "-q", "-d", target,
                  "-v", "ON_ERROR_STOP=1", "--dsql-check=off", "-f", str(dump), cwd=tmp_path)
    assert run.returncode == 3, run.stderr


def test_dsql_check_fix_rewrites_a_statement_before_sending_it(pg, home, tmp_path, dsql_strict_standin,
                                                               fake_aws_env):
    target = pg.fresh_database("fix_live")
    script = tmp_path / "live.sql"
    script.write_text("create table lt (id bigint primary key, a int);\n"
                      "create index lt_a on lt using btree (a desc);\n"
                      "set statement_timeout = 0;\n"
                      "create index lt_g on lt using gin (a);\n"
                      "\\echo :ERROR\n")
    run = _dsqlsh(client_env(pg, home, dsql_strict_standin, fake_aws_env), "-X", "-q", "-d", target,
                  "--dsql-check=fix", "-f", str(script), cwd=tmp_path)
    assert run.stdout.endswith("true\n")  # the gin index has no fix: refused, as in strict mode
    assert f"dsqlsh:{script}:2: NOTICE:  sent for DSQL as: CREATE INDEX ASYNC lt_a ON lt (a);\n" in run.stderr
    assert f"dsqlsh:{script}:3: NOTICE:  not sent for DSQL: removed set statement_timeout = 0: " in run.stderr
    assert f"dsqlsh:{script}:4: ERROR:  DSQL does not support USING gin" in run.stderr
    assert _rows(pg, target, "select indexname from pg_indexes where tablename = 'lt' order by 1") == "lt_a\nlt_pkey\n"


def test_awss_dsql_lint_finds_no_error_in_the_fixed_schema(any_dump, tmp_path, pg, home):
    """AWS's own dsql-lint (pinned in the test extra) on what --fix wrote. It parses neither psql's meta-commands
    (pg_dump's \\restrict) nor COPY data, so those lines are left out of what it reads."""
    schema, dump = any_dump
    fixed = _dsqlsh(clean_env(pg, home), "--check", "--fix", str(dump), "-o", "dsql.sql", cwd=tmp_path)
    assert fixed.returncode in (0, 3), fixed.stderr
    lines, in_data = [], False
    for line in (tmp_path / "dsql.sql").read_text().splitlines(keepends=True):
        if in_data:
            in_data = line.rstrip("\n") != "\\."
        elif line.upper().startswith("COPY ") and " FROM STDIN" in line.upper():
            in_data = True
        elif not line.startswith("\\"):
            lines.append(line)
    (tmp_path / "schema.sql").write_text("".join(lines))
    lint = subprocess.run([str(Path(sys.executable).parent / "dsql-lint"), "schema.sql"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=120)
    report = lint.stdout + lint.stderr
    # Errors none; a WARNING may remain: dsql-lint would have an integer serial's sequence become an identity,
    # which makes the column bigint (see fix/facts.py's serial_sequence for why --fix keeps the sequence).
    assert ": ERROR" not in report and ("All statements compatible" in report or ": WARNING" in report), report
