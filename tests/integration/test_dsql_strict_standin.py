"""The stand-in with enforce_dsql=True: DSQL's refusals, CREATE INDEX ASYNC, and its 3,000-row transactions, by the
stand-in's own rules (tests/dsql_standin.py RULES), driven with psycopg as test_dsql_standin.py does.

Each refusal is first run straight on the upstream PostgreSQL, in a transaction that is rolled back, to show that
PostgreSQL accepts it and that its `ran` check sees its effect; then through the stand-in, where it must be refused
with DSQL's SQLSTATE and message and the same check must show it never ran.
"""

from __future__ import annotations

import itertools
import os
import re

import psycopg
import pytest
from psycopg import errors
from psycopg.pq import TransactionStatus

from tests.dsql_standin import make_token, split_statements

pytest_plugins = ("tests.fix_dsql",)

DB = "dsql_strict_standin"
IDLE, INTRANS, INERROR = TransactionStatus.IDLE, TransactionStatus.INTRANS, TransactionStatus.INERROR
_tables = itertools.count(1)


@pytest.fixture(autouse=True)
def _fake_aws_and_no_pg_env(fake_aws_env, monkeypatch):
    for name in list(os.environ):
        if name.startswith("PG"):
            monkeypatch.delenv(name)


@pytest.fixture(scope="module", autouse=True)
def db(dsql_roles):
    """A database of its own, with what the statements below refer to, made straight on the upstream."""
    with dsql_roles.database(DB, owner="admin", setup="""
        CREATE TABLE base (id bigint PRIMARY KEY, n int, c int);
        CREATE TABLE other (id bigint PRIMARY KEY);
        CREATE TABLE nopk (id bigint);
        CREATE TABLE owned (id bigint PRIMARY KEY);
        CREATE TABLE trunc_me (id bigint PRIMARY KEY);
        INSERT INTO trunc_me VALUES (1);
        ALTER TABLE base ADD CONSTRAINT base_n_check CHECK (n > 0) NOT VALID;
        CREATE UNIQUE INDEX other_id_again ON other (id);
        CREATE TYPE mood AS ENUM ('a', 'b');
        CREATE FUNCTION trig() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RETURN NEW; END $$;
    """) as name:
        yield name


@pytest.fixture
def upstream(pg, db):
    """A connection straight to the upstream PostgreSQL, as its superuser, bypassing the stand-in."""
    with psycopg.connect(host=pg.host, port=pg.port, user=pg.superuser, dbname=db, autocommit=True) as conn:
        yield conn


@pytest.fixture
def table(upstream) -> str:
    """A fresh empty table of the test's own: id bigint primary key, n int, v text."""
    name = f"t{next(_tables)}"
    upstream.execute(f"CREATE TABLE {name} (id bigint PRIMARY KEY, n int, v text)")
    return name


def connect(standin, db=DB, **options) -> psycopg.Connection:
    params = dict(host=standin.endpoint, hostaddr="127.0.0.1", port=standin.port, user="admin", dbname=db,
                  sslmode="verify-full", sslrootcert=standin.ca_path, connect_timeout=5, autocommit=True)
    params.update(options)
    return psycopg.connect(password=make_token(standin.endpoint, params["user"]), **params)


def count(conn, table: str) -> int:
    return conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def insert_rows(table: str, first: int, last: int) -> str:
    return f"INSERT INTO {table} (id) SELECT g FROM generate_series({first}, {last}) g"


def copy_rows(conn, table: str, first: int, last: int) -> None:
    with conn.cursor().copy(f"COPY {table} (id) FROM STDIN") as copy:
        for i in range(first, last + 1):
            copy.write_row((i,))


def refused(conn, sql: str) -> psycopg.Error:
    with pytest.raises(psycopg.Error) as excinfo:
        conn.execute(sql)
    return excinfo.value


def exists(kind: str, name: str) -> str:
    return {"rel": f"to_regclass('{name}') IS NOT NULL", "type": f"to_regtype('{name}') IS NOT NULL",
            "proc": f"to_regproc('{name}') IS NOT NULL",
            "trigger": f"EXISTS (SELECT FROM pg_trigger WHERE tgname = '{name}')",
            "constraint": f"EXISTS (SELECT FROM pg_constraint WHERE conname = '{name}')",
            "column": f"EXISTS (SELECT FROM pg_attribute WHERE attrelid = 'base'::regclass AND attname = '{name}')",
            "extension": f"EXISTS (SELECT FROM pg_extension WHERE extname = '{name}')"}[kind]


def setting(name: str, value: str) -> str:
    return f"current_setting('{name}') = '{value}'"


UNSUPPORTED_MODE = "unsupported mode. please use CREATE INDEX ASYNC."
ADD_CONSTRAINT = "unsupported ALTER TABLE ADD CONSTRAINT statement"
SEQUENCE_CACHE = ("CREATE SEQUENCE is not supported without an explicit cache size. please define CACHE greater than "
                  "or equal to 65536 or equal to 1")
IDENTITY_CACHE = ("identity column is not supported without an explicit cache size. please define CACHE greater than "
                  "or equal to 65536 or equal to 1")

# (statement, SQLSTATE, message, SQL that is true once the statement has run)
REFUSED = [
    ("CREATE INDEX base_n_plain ON base (n)", "0A000", UNSUPPORTED_MODE, exists("rel", "base_n_plain")),
    ("CREATE UNIQUE INDEX base_id_plain ON base (id)", "0A000", UNSUPPORTED_MODE, exists("rel", "base_id_plain")),
    ("/* a comment */ -- and another\n  create index base_c_plain on base (c)", "0A000", UNSUPPORTED_MODE,
     exists("rel", "base_c_plain")),
    ("CREATE TRIGGER base_trig BEFORE INSERT ON base FOR EACH ROW EXECUTE FUNCTION trig()", "0A000",
     "CREATE TRIGGER not supported", exists("trigger", "base_trig")),
    ("CREATE TYPE mood2 AS ENUM ('x', 'y')", "0A000", "CREATE TYPE not supported", exists("type", "mood2")),
    ("CREATE TYPE pair AS (a int, b int)", "0A000", "unsupported statement: CompositeType", exists("type", "pair")),
    ("CREATE TYPE floatrange AS RANGE (subtype = float8)", "0A000", "unsupported statement: CreateRange",
     exists("type", "floatrange")),
    ("ALTER TYPE mood ADD VALUE 'c'", "0A000", "ALTER TYPE not supported",
     "EXISTS (SELECT FROM pg_enum WHERE enumlabel = 'c')"),
    ("CREATE EXTENSION hstore", "0A000", "unsupported statement: CreateExtension", exists("extension", "hstore")),
    ("CREATE FUNCTION one_pl() RETURNS int LANGUAGE plpgsql AS $$ BEGIN RETURN 1; END $$", "0A000",
     "CREATE FUNCTION with language plpgsql not supported", exists("proc", "one_pl")),
    ("CREATE PROCEDURE proc_sql() LANGUAGE sql AS $$ SELECT 1 $$", "0A000", "PROCEDURE is not supported",
     exists("proc", "proc_sql")),
    ("DO $$ BEGIN CREATE TABLE made_by_do (x int); END $$", "0A000",
     "CREATE FUNCTION with language plpgsql not supported", exists("rel", "made_by_do")),
    ("CREATE MATERIALIZED VIEW mv AS SELECT 1 AS x", "0A000", "unsupported statement: CreateTableAs",
     exists("rel", "mv")),
    ("CREATE TABLE parted (id bigint, d date) PARTITION BY RANGE (d)", "0A000",
     "PARTITION not supported for CREATE TABLE", exists("rel", "parted")),
    ("CREATE TABLE heir (x int) INHERITS (base)", "0A000", "INHERITS not supported for CREATE TABLE",
     exists("rel", "heir")),
    ("TRUNCATE trunc_me", "0A000", "unsupported statement: Truncate", "NOT EXISTS (SELECT FROM trunc_me)"),
    ("CREATE TABLE ser (id serial PRIMARY KEY)", "42704", 'type "serial" does not exist', exists("rel", "ser")),
    ("CREATE TABLE bigser (id bigserial)", "42704", 'type "bigserial" does not exist', exists("rel", "bigser")),
    ("ALTER TABLE base ADD COLUMN small smallserial", "42704", 'type "smallserial" does not exist',
     exists("column", "small")),
    ("CREATE TABLE tagged (id bigint PRIMARY KEY, tags text[])", "0A000", "datatype text[] not supported",
     exists("rel", "tagged")),
    ("ALTER TABLE base ADD COLUMN nums integer[]", "0A000", "datatype integer[] not supported",
     exists("column", "nums")),
    ("ALTER TABLE base ADD CONSTRAINT base_n_key UNIQUE (n)", "0A000", ADD_CONSTRAINT,
     exists("constraint", "base_n_key")),
    ("ALTER TABLE nopk ADD CONSTRAINT nopk_pkey PRIMARY KEY (id)", "0A000", ADD_CONSTRAINT,
     exists("constraint", "nopk_pkey")),
    ("ALTER TABLE base ADD CONSTRAINT base_c_pos CHECK (c > 0)", "0A000", ADD_CONSTRAINT,
     exists("constraint", "base_c_pos")),
    ("ALTER TABLE base ADD CONSTRAINT base_c_fk FOREIGN KEY (c) REFERENCES other (id)", "0A000", ADD_CONSTRAINT,
     exists("constraint", "base_c_fk")),
    ("ALTER TABLE base VALIDATE CONSTRAINT base_n_check", "0A000",
     "unsupported ALTER TABLE VALIDATE CONSTRAINT statement",
     "(SELECT convalidated FROM pg_constraint WHERE conname = 'base_n_check')"),
    ("CREATE SEQUENCE seq_nocache", "0A000", SEQUENCE_CACHE, exists("rel", "seq_nocache")),
    ("CREATE SEQUENCE seq_cache100 CACHE 100", "0A000", SEQUENCE_CACHE, exists("rel", "seq_cache100")),
    ("CREATE SEQUENCE seq_65535 START 1 CACHE 65535", "0A000", SEQUENCE_CACHE, exists("rel", "seq_65535")),
    ("CREATE SEQUENCE seq_int AS integer CACHE 1", "0A000",
     "datatype integer not supported, sequence type must be bigint", exists("rel", "seq_int")),
    ("CREATE SEQUENCE seq_small AS smallint CACHE 65536", "0A000",
     "datatype smallint not supported, sequence type must be bigint", exists("rel", "seq_small")),
    ("CREATE TABLE ident (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY)", "0A000", IDENTITY_CACHE,
     exists("rel", "ident")),
    ("CREATE TABLE ident2 (id bigint GENERATED BY DEFAULT AS IDENTITY (START 10 CACHE 20))", "0A000",
     IDENTITY_CACHE, exists("rel", "ident2")),
    ("ALTER TABLE owned OWNER TO app", "0A000", "OWNER TO not supported",
     "(SELECT relowner::regrole::text FROM pg_class WHERE relname = 'owned') = 'app'"),
    ("CREATE TABLE spaced (id bigint) TABLESPACE pg_default", "0A000", "TABLESPACE not supported",
     exists("rel", "spaced")),
    ("CREATE TEMP TABLE scratch (x int)", "0A000", "TEMPORARY or TEMP table not supported for CREATE TABLE",
     exists("rel", "scratch")),
    ("CREATE TABLE copied AS SELECT 1 AS x", "0A000", "unsupported statement: CreateTableAs",
     exists("rel", "copied")),
    ("SET statement_timeout = '5s'", "0A000", 'setting configuration parameter "statement_timeout" not supported',
     setting("statement_timeout", "5s")),
    ("SET lock_timeout TO '3s'", "0A000", 'setting configuration parameter "lock_timeout" not supported',
     setting("lock_timeout", "3s")),
    ("SET idle_in_transaction_session_timeout = '7s'", "0A000",
     'setting configuration parameter "idle_in_transaction_session_timeout" not supported',
     setting("idle_in_transaction_session_timeout", "7s")),
    ("SET row_security = off", "0A000", 'setting configuration parameter "row_security" not supported',
     setting("row_security", "off")),
    ("SET standard_conforming_strings = off", "0A000",
     'setting configuration parameter "standard_conforming_strings" not supported',
     setting("standard_conforming_strings", "off")),
    ("SET check_function_bodies = false", "0A000",
     'setting configuration parameter "check_function_bodies" not supported', setting("check_function_bodies", "off")),
    ("SET xmloption = document", "0A000", 'setting configuration parameter "xmloption" not supported',
     setting("xmloption", "document")),
    ("SET client_min_messages = warning", "0A000",
     'setting configuration parameter "client_min_messages" not supported', setting("client_min_messages", "warning")),
    ("SET SESSION lock_timeout = '4s'", "0A000", 'setting configuration parameter "lock_timeout" not supported',
     setting("lock_timeout", "4s")),
]


@pytest.mark.parametrize(("sql", "code", "message", "ran"), REFUSED, ids=[r[0][:48] for r in REFUSED])
def test_refused_statements_get_dsqls_error_and_never_run(dsql_strict_standin, upstream, sql, code, message, ran):
    with upstream.transaction(force_rollback=True):  # PostgreSQL itself takes it, and `ran` sees it
        upstream.execute(sql)
        assert upstream.execute(f"SELECT {ran}").fetchone() == (True,)
    with connect(dsql_strict_standin) as conn:
        err = refused(conn, sql)
        assert (err.sqlstate, err.diag.severity, err.diag.message_primary) == (code, "ERROR", message)
        assert err.diag.context is None and err.diag.statement_position is None  # the upstream's traces are gone
        assert conn.info.transaction_status == IDLE
        assert conn.execute(f"SELECT {ran}").fetchone() == (False,)
    [event] = dsql_strict_standin.events.of("refused")
    assert (event["sql"], event["code"], event["message"]) == (sql, code, message)


def test_create_index_concurrently_is_refused(dsql_strict_standin, upstream, table):
    sql = f"CREATE INDEX CONCURRENTLY {table}_n ON {table} (n)"
    with connect(dsql_strict_standin) as conn:
        err = refused(conn, sql)
    assert (err.sqlstate, err.diag.message_primary) == ("0A000", "CONCURRENTLY not supported for CREATE INDEX")
    assert upstream.execute(f"SELECT to_regclass('{table}_n')").fetchone() == (None,)
    upstream.execute(sql)  # while PostgreSQL builds it
    assert upstream.execute(f"SELECT to_regclass('{table}_n')::text").fetchone() == (f"{table}_n",)


def test_a_refusal_in_a_transaction_block_fails_the_block(dsql_strict_standin, table):
    with connect(dsql_strict_standin) as conn:
        conn.execute("BEGIN")
        conn.execute(insert_rows(table, 1, 5))
        assert refused(conn, f"TRUNCATE {table}").sqlstate == "0A000"
        assert conn.info.transaction_status == INERROR
        with pytest.raises(errors.InFailedSqlTransaction):
            conn.execute("SELECT 1")
        assert conn.execute("COMMIT").statusmessage == "ROLLBACK"
        assert count(conn, table) == 0


def test_a_refused_statement_anywhere_in_a_query_runs_none_of_it(dsql_strict_standin, table):
    with connect(dsql_strict_standin) as conn:
        err = refused(conn, f"INSERT INTO {table} (id) VALUES (1); SELECT 'no;t' AS \"a;b\"; TRUNCATE {table}")
        assert err.diag.message_primary == "unsupported statement: Truncate"
        assert count(conn, table) == 0


@pytest.mark.parametrize(("setup", "sql", "message"), [
    ("", "SAVEPOINT a", "unsupported transaction statement: SAVEPOINT"),
    ("SAVEPOINT a", "RELEASE SAVEPOINT a", "unsupported transaction statement: RELEASE"),
    ("SAVEPOINT a", "ROLLBACK TO SAVEPOINT a", "unsupported transaction statement: ROLLBACK TO"),
    ("", "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE", "Unsupported isolation level: SERIALIZABLE"),
    ("", "SET TRANSACTION READ ONLY", 'setting configuration parameter "TRANSACTION" not supported'),
])
def test_transaction_statements_dsql_lacks(dsql_strict_standin, upstream, setup, sql, message):
    with upstream.transaction(force_rollback=True):  # each one fine in PostgreSQL
        if setup:
            upstream.execute(setup)
        upstream.execute(sql)
    with connect(dsql_strict_standin) as conn:
        conn.execute("BEGIN")
        err = refused(conn, sql)
        assert (err.sqlstate, err.diag.message_primary) == ("0A000", message)
        assert conn.info.transaction_status == INERROR
        conn.execute("ROLLBACK")


def test_only_repeatable_read(dsql_strict_standin):
    with connect(dsql_strict_standin) as conn:
        for level in ("SERIALIZABLE", "READ COMMITTED", "READ UNCOMMITTED"):
            err = refused(conn, f"BEGIN ISOLATION LEVEL {level}")
            assert (err.sqlstate, err.diag.message_primary) == ("0A000", f"Unsupported isolation level: {level}")
            assert conn.info.transaction_status == IDLE
        conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ")
        assert conn.execute("SHOW transaction_isolation").fetchone() == ("repeatable read",)
        conn.execute("COMMIT")


def test_the_extended_protocol_is_refused_too(dsql_strict_standin, upstream):
    with connect(dsql_strict_standin) as conn:
        with pytest.raises(psycopg.Error) as excinfo:
            conn.execute("TRUNCATE trunc_me", prepare=True)  # Parse/Bind/Execute, not a simple Query
        assert (excinfo.value.sqlstate, excinfo.value.diag.message_primary) == (
            "0A000", "unsupported statement: Truncate")
        assert conn.execute("SELECT count(*) FROM trunc_me WHERE id = %s", [1]).fetchone() == (1,)
    assert dsql_strict_standin.events.of("parse", sql="TRUNCATE trunc_me")


# -- what DSQL accepts ------------------------------------------------------------------------------------------

ACCEPTED = [  # (statement, SQL that is true once it has run)
    ("CREATE SEQUENCE seq_big CACHE 65536", exists("rel", "seq_big")),
    ("CREATE SEQUENCE seq_one CACHE 1 START 101", exists("rel", "seq_one")),
    ("CREATE SEQUENCE seq_bigint AS bigint CACHE 100000", exists("rel", "seq_bigint")),
    ("CREATE TABLE ident_ok (id bigint GENERATED ALWAYS AS IDENTITY (CACHE 70000) PRIMARY KEY, serial text)",
     exists("rel", "ident_ok")),
    ("CREATE TABLE ident_one (id bigint GENERATED BY DEFAULT AS IDENTITY (CACHE 1), note text, tag varchar(10))",
     exists("rel", "ident_one")),
    ("ALTER TABLE base ADD CONSTRAINT base_c_nv CHECK (c > 0) NOT VALID", exists("constraint", "base_c_nv")),
    ("ALTER TABLE base ADD CONSTRAINT base_fk_nv FOREIGN KEY (c) REFERENCES other (id) NOT VALID",
     exists("constraint", "base_fk_nv")),
    ("ALTER TABLE other ADD CONSTRAINT other_id_key UNIQUE USING INDEX other_id_again",
     exists("constraint", "other_id_key")),
    ("ALTER TABLE base ADD COLUMN note text", exists("column", "note")),
    ("CREATE FUNCTION add_one(int) RETURNS int LANGUAGE sql AS $$ SELECT $1 + 1; $$", exists("proc", "add_one")),
    ("CREATE VIEW base_view AS SELECT id FROM base", exists("rel", "base_view")),
    ("SET search_path = public, pg_catalog", setting("search_path", "public, pg_catalog")),
    ("SET TIME ZONE 'Europe/Paris'", setting("TimeZone", "Europe/Paris")),
    ("SET timezone = 'UTC'", setting("TimeZone", "UTC")),
    ("SET client_encoding = 'UTF8'", setting("client_encoding", "UTF8")),
    ('SET "DateStyle" = German', setting("DateStyle", "German, DMY")),
    ("SET extra_float_digits = 2", setting("extra_float_digits", "2")),
    ("SET intervalstyle = iso_8601", setting("IntervalStyle", "iso_8601")),
    ("SELECT pg_catalog.set_config('search_path', '', false)", setting("search_path", "")),
]


def test_what_dsql_accepts_runs_upstream(dsql_strict_standin):
    with connect(dsql_strict_standin) as conn:
        for sql, ran in ACCEPTED:
            conn.execute(sql)
            assert conn.execute(f"SELECT {ran}").fetchone() == (True,), sql
    assert not dsql_strict_standin.events.of("refused")


def test_create_index_async_answers_a_job_id_and_the_index_exists_upstream(dsql_strict_standin, upstream, table):
    with connect(dsql_strict_standin) as conn:
        cur = conn.execute(f"CREATE INDEX ASYNC {table}_n ON {table} (n)")
        assert [c.name for c in cur.description] == ["job_id"] and cur.statusmessage == "CREATE INDEX"
        [(job,)] = cur.fetchall()
        assert re.fullmatch(r"[a-z2-7]{26}", job)
        cur = conn.execute(f"CREATE UNIQUE INDEX ASYNC IF NOT EXISTS {table}_v ON {table} (v) NULLS NOT DISTINCT")
        [(job2,)] = cur.fetchall()
        assert job2 != job
        # unnamed, after a comment, second in a Query: the job_id row belongs to it, not to the SELECT
        cur = conn.execute(f"SELECT 1 AS one; /* hi */ create index async on {table} (n, v)")
        assert cur.fetchall() == [(1,)] and cur.nextset()
        assert [c.name for c in cur.description] == ["job_id"] and len(cur.fetchall()) == 1
    indexes = upstream.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s ORDER BY 1",
                               [table]).fetchall()
    assert [name for name, _ in indexes] == [f"{table}_n", f"{table}_n_v_idx", f"{table}_pkey", f"{table}_v"]
    assert "UNIQUE INDEX" in dict(indexes)[f"{table}_v"]
    assert dsql_strict_standin.events.of("query", sql=f"CREATE INDEX ASYNC {table}_n ON {table} (n)")


def test_alter_table_async_validates_the_constraint(dsql_strict_standin, upstream, table):
    with connect(dsql_strict_standin) as conn:
        conn.execute(insert_rows(table, 1, 3).replace("(id) SELECT g", "(id, n) SELECT g, g"))
        conn.execute(f"ALTER TABLE {table} ADD CONSTRAINT {table}_n_pos CHECK (n > 0) NOT VALID")
        cur = conn.execute(f"ALTER TABLE ASYNC {table} VALIDATE CONSTRAINT {table}_n_pos")
        assert [c.name for c in cur.description] == ["job_id"] and cur.statusmessage == "ALTER TABLE"
        assert len(cur.fetchall()) == 1
    assert upstream.execute("SELECT convalidated FROM pg_constraint WHERE conname = %s",
                            [f"{table}_n_pos"]).fetchone() == (True,)


# -- one DDL statement a transaction, and no DML with it ---------------------------------------------------------

def test_one_ddl_statement_a_transaction_and_never_with_dml(dsql_strict_standin, upstream, table):
    with connect(dsql_strict_standin) as conn:
        conn.execute("BEGIN")
        conn.execute("CREATE TABLE ddl_a (id bigint PRIMARY KEY)")
        err = refused(conn, "CREATE TABLE ddl_b (id bigint PRIMARY KEY)")
        assert (err.sqlstate, err.diag.message_primary) == (
            "0A000", "multiple ddl statements not supported in a transaction")
        conn.execute("ROLLBACK")

        conn.execute("BEGIN")
        conn.execute(insert_rows(table, 1, 1))
        err = refused(conn, "CREATE TABLE ddl_c (id bigint PRIMARY KEY)")
        assert (err.sqlstate, err.diag.message_primary) == (
            "0A000", "ddl and dml are not supported in the same transaction")
        conn.execute("ROLLBACK")

        conn.execute("BEGIN")
        conn.execute(f"ALTER TABLE {table} ADD COLUMN extra text")
        err = refused(conn, insert_rows(table, 2, 2))
        assert err.diag.message_primary == "ddl and dml are not supported in the same transaction"
        conn.execute("ROLLBACK")

        # one Query is one transaction too
        assert refused(conn, "CREATE TABLE ddl_d (id bigint); CREATE TABLE ddl_e (id bigint)").sqlstate == "0A000"
        # and each autocommit statement its own: these are fine
        conn.execute("CREATE TABLE ddl_f (id bigint PRIMARY KEY)")
        conn.execute("CREATE TABLE ddl_g (id bigint PRIMARY KEY)")
        conn.execute("INSERT INTO ddl_g VALUES (1)")
    made = upstream.execute("SELECT array_agg(relname::text ORDER BY relname) FROM pg_class "
                            "WHERE relkind = 'r' AND relname LIKE 'ddl\\_%'").fetchone()[0]
    assert made == ["ddl_f", "ddl_g"]
    assert count(upstream, table) == 0


# -- the row cap -------------------------------------------------------------------------------------------------

def assert_row_limit(err: psycopg.Error) -> None:
    assert (err.sqlstate, err.diag.severity, err.diag.message_primary) == (
        "54000", "ERROR", "transaction row limit exceeded")


def test_insert_select_of_3000_rows_commits_and_3001_commits_nothing(dsql_strict_standin, upstream, table):
    with connect(dsql_strict_standin) as conn:
        assert conn.execute(insert_rows(table, 1, 3000)).rowcount == 3000
        assert conn.info.transaction_status == IDLE
        assert count(upstream, table) == 3000  # committed: another session sees it
        assert_row_limit(refused(conn, insert_rows(table, 3001, 6001)))
        assert conn.info.transaction_status == IDLE
        assert count(conn, table) == 3000
    assert count(upstream, table) == 3000
    [event] = dsql_strict_standin.events.of("row_limit")
    assert event["rows"] == 3001


def test_copy_of_3000_rows_commits_and_3001_commits_nothing(dsql_strict_standin, upstream, table):
    with connect(dsql_strict_standin) as conn:
        copy_rows(conn, table, 1, 3000)
        assert conn.info.transaction_status == IDLE and count(upstream, table) == 3000
        with pytest.raises(psycopg.Error) as excinfo:
            copy_rows(conn, table, 3001, 6001)
        assert_row_limit(excinfo.value)
        assert conn.info.transaction_status == IDLE
        copy_rows(conn, table, 3001, 3010)  # and the session goes on
    assert count(upstream, table) == 3010


def test_update_and_delete_count_too(dsql_strict_standin, upstream, table):
    upstream.execute(insert_rows(table, 1, 3001))
    with connect(dsql_strict_standin) as conn:
        assert_row_limit(refused(conn, f"UPDATE {table} SET n = 1"))
        assert conn.execute(f"UPDATE {table} SET n = 2 WHERE id <= 3000").rowcount == 3000
        assert_row_limit(refused(conn, f"DELETE FROM {table}"))
        # a leading comment and a WITH: still a DELETE (whose tag counts: a data-modifying CTE under a SELECT
        # would not, as its tag says SELECT)
        assert_row_limit(refused(conn, f"-- leading comment\nWITH doomed AS (SELECT id FROM {table}) "
                                       f"DELETE FROM {table} WHERE id IN (SELECT id FROM doomed)"))
    assert upstream.execute(f"SELECT count(*), count(n), sum(n) FROM {table}").fetchone() == (3001, 3000, 6000)


def test_two_inserts_of_2000_in_one_block_fail_at_the_second_and_commit_nothing(dsql_strict_standin, upstream,
                                                                                  table):
    with connect(dsql_strict_standin) as conn:
        conn.execute("BEGIN")
        conn.execute(insert_rows(table, 1, 2000))
        assert conn.info.transaction_status == INTRANS
        assert_row_limit(refused(conn, insert_rows(table, 2001, 4000)))
        assert conn.info.transaction_status == INERROR
        with pytest.raises(errors.InFailedSqlTransaction):
            conn.execute(f"SELECT count(*) FROM {table}")
        cur = conn.execute("COMMIT")
        assert cur.statusmessage == "ROLLBACK" and conn.info.transaction_status == IDLE
        assert count(conn, table) == 0
    assert count(upstream, table) == 0


def test_the_cap_counts_copy_and_extended_protocol_in_a_block(dsql_strict_standin, upstream, table):
    with connect(dsql_strict_standin, autocommit=False) as conn:  # psycopg sends BEGIN itself
        copy_rows(conn, table, 1, 1500)
        conn.execute(f"INSERT INTO {table} (id) SELECT g FROM generate_series(%s::int, %s::int) g", [1501, 3000])
        with pytest.raises(psycopg.Error) as excinfo:
            conn.execute(f"INSERT INTO {table} (id) VALUES (%s)", [3001])
        assert_row_limit(excinfo.value)
        conn.commit()  # psycopg's COMMIT: the server answers ROLLBACK
        assert count(conn, table) == 0
    assert count(upstream, table) == 0


def test_a_block_under_the_cap_commits(dsql_strict_standin, upstream, table):
    with connect(dsql_strict_standin) as conn:
        conn.execute("BEGIN")
        conn.execute(insert_rows(table, 1, 1500))
        copy_rows(conn, table, 1501, 3000)
        assert conn.execute("COMMIT").statusmessage == "COMMIT"
        conn.execute("BEGIN")  # a new transaction, a new count
        conn.execute(f"UPDATE {table} SET n = 1")
        conn.execute("COMMIT")
    assert upstream.execute(f"SELECT count(*), sum(n) FROM {table}").fetchone() == (3000, 3000)


def test_the_stand_ins_own_transaction_does_not_show(dsql_strict_standin, upstream, table):
    with connect(dsql_strict_standin) as conn:
        conn.execute(insert_rows(table, 1, 1))
        with pytest.raises(errors.UniqueViolation):  # a failing autocommit statement: rolled back, idle
            conn.execute(insert_rows(table, 1, 2))
        assert conn.info.transaction_status == IDLE

        class Stop(Exception):
            pass

        with pytest.raises(Stop):  # psycopg sends CopyFail
            with conn.cursor().copy(f"COPY {table} (id) FROM STDIN") as copy:
                copy.write_row((10,))
                raise Stop
        assert conn.info.transaction_status == IDLE
        cur = conn.execute(f"INSERT INTO {table} (id) VALUES (2) RETURNING id")
        assert cur.fetchall() == [(2,)] and cur.statusmessage == "INSERT 0 1"
        assert conn.execute("SELECT now() = statement_timestamp()").fetchone() == (True,)  # not in a transaction
    assert upstream.execute(f"SELECT array_agg(id ORDER BY id) FROM {table}").fetchone() == ([1, 2],)
    queries = [e["sql"] for e in dsql_strict_standin.events.of("query")]
    assert "BEGIN" not in queries and "COMMIT" not in queries  # the client's own, recorded; the stand-in's not


def test_a_smaller_cap_over_several_statements_of_one_query(make_dsql_standin, upstream, table):
    standin = make_dsql_standin(enforce_dsql=True, row_cap=5)
    with connect(standin) as conn:
        err = refused(conn, f"{insert_rows(table, 1, 3)}; {insert_rows(table, 4, 6)}; SELECT 1")
        assert_row_limit(err)
        conn.execute(f"{insert_rows(table, 1, 3)}; {insert_rows(table, 4, 5)}")
        assert conn.info.transaction_status == IDLE
    assert count(upstream, table) == 5


# -- off by default ----------------------------------------------------------------------------------------------

def test_the_default_stand_in_enforces_nothing(dsql_standin, upstream, table):
    with connect(dsql_standin) as conn:
        conn.execute(f"CREATE INDEX {table}_plain ON {table} (n)")
        conn.execute(insert_rows(table, 1, 3001))
        conn.execute("BEGIN")
        conn.execute("SAVEPOINT a")
        conn.execute("COMMIT")
        with pytest.raises(errors.SyntaxError):  # PostgreSQL has no ASYNC
            conn.execute(f"CREATE INDEX ASYNC {table}_async ON {table} (n)")
    assert count(upstream, table) == 3001
    assert not dsql_standin.events.of("refused")


# -- the statement splitter --------------------------------------------------------------------------------------

def test_split_statements_skips_quotes_dollar_quotes_and_comments():
    sql = ("INSERT INTO t VALUES ('a;b', E'it\\'s;', \"c;d\"); /* x; /* nested; */ y; */ "
           "CREATE FUNCTION f() RETURNS int LANGUAGE sql AS $body$ SELECT 1; $body$ ;; -- tail; here\n"
           "SELECT $$;$$ , $1")
    assert split_statements(sql) == [
        "insert into t values ('', e'', \"c;d\")",
        "create function f() returns int language sql as ''",
        "select '' , $1",
    ]
    assert split_statements("  -- only a comment;\n ; ") == []


@pytest.mark.parametrize(("cache", "ok"), [(1, True), (2, False), (999, False), (65535, False), (65536, True),
                                           (70000, True), (1000000, True)])
def test_sequence_cache_must_be_1_or_at_least_65536(dsql_strict_standin, db, cache, ok):
    with connect(dsql_strict_standin) as conn:
        sql = f"CREATE SEQUENCE seq_c{cache} CACHE {cache}"
        if ok:
            conn.execute(sql)
        else:
            assert refused(conn, sql).diag.message_primary == SEQUENCE_CACHE
