"""In the shell, the DSQL checker takes the transaction state from the connection, not from a copy of its own."""

SETUP = "drop table if exists chk_t, chk_u, chk_a1; create table chk_t (a int primary key);\n"


def test_a_refused_statement_inside_a_transaction_keeps_the_transaction_rules(dsqlsh):
    # strict mode refuses the CREATE INDEX (it needs ASYNC on DSQL); the transaction is still open with an
    # INSERT in it, so the CREATE TABLE after it is DDL mixed with DML and refused too.
    script = SETUP + (
        "\\set DSQL_CHECK strict\n"
        "begin;\n"
        "insert into chk_t values (1);\n"
        "create index chk_i on chk_t (a);\n"
        "create table chk_u (a int primary key);\n"
        "rollback;\n"
        "\\set DSQL_CHECK off\n"
        "select count(*) from pg_class where relname = 'chk_u';\n"
    )
    r = dsqlsh("-X", "-q", "-A", "-t", input=script)
    assert "[DSQL-INDEX-ASYNC]" in r.stderr
    assert "[DSQL-TXN-DDL-DML]" in r.stderr
    assert r.stdout.strip().splitlines()[-1] == "0"


def test_autocommit_off_opens_the_transaction_the_checker_counts(dsqlsh):
    # With AUTOCOMMIT off, psql's implicit BEGIN puts the CREATE TABLE and the INSERT in one transaction.
    script = SETUP + (
        "\\set AUTOCOMMIT off\n"
        "\\set DSQL_CHECK warn\n"
        "create table chk_a1 (a int primary key);\n"
        "insert into chk_a1 values (1);\n"
        "rollback;\n"
    )
    r = dsqlsh("-X", "-q", input=script)
    assert "WARNING:  " in r.stderr and "[DSQL-TXN-DDL-DML]" in r.stderr, r.stderr


def test_after_a_commit_elsewhere_the_checker_sees_no_transaction(dsqlsh):
    # The BEGIN and COMMIT run inside one \gexec-generated query each: whatever the checker saw, the connection
    # is idle afterwards, so the DDL that follows is alone in its transaction.
    script = SETUP + (
        "\\set DSQL_CHECK strict\n"
        "select 'begin' \\gexec\n"
        "insert into chk_t values (2);\n"
        "select 'commit' \\gexec\n"
        "create table chk_u (a int primary key);\n"
        "drop table chk_u;\n"
    )
    r = dsqlsh("-X", "-q", input=script)
    assert "DSQL-TXN" not in r.stderr, r.stderr
