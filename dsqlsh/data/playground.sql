-- The local playground's stand-ins for what an Aurora DSQL cluster has and PostgreSQL lacks
-- (FACTS.md sections 3 and 4). dsqlsh runs this as admin after initdb, one statement at a time,
-- and again when a newer dsqlsh finds an older playground: every statement is idempotent.

-- Repeatable Read is DSQL's only isolation level; DSQL runs in UTC with the C collation (initdb --no-locale).
ALTER DATABASE postgres SET default_transaction_isolation = 'repeatable read';
ALTER DATABASE postgres SET timezone = 'UTC';

-- A scoped role next to admin, so \role app / \role admin switch as on a cluster. On DSQL it would be
-- CREATE ROLE app WITH LOGIN plus AWS IAM GRANT; locally every role logs in over the private socket.
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'app') THEN
        CREATE ROLE app WITH LOGIN;
    END IF;
END
$$;
GRANT USAGE ON SCHEMA public TO app;
ALTER DEFAULT PRIVILEGES FOR ROLE admin IN SCHEMA public GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO app;
ALTER DEFAULT PRIVILEGES FOR ROLE admin IN SCHEMA public GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO app;

-- sys.jobs with DSQL's columns: one row per asynchronous job (here: CREATE INDEX ASYNC builds).
CREATE SCHEMA IF NOT EXISTS sys;
GRANT USAGE ON SCHEMA sys TO PUBLIC;
CREATE TABLE IF NOT EXISTS sys.jobs (
    job_id text PRIMARY KEY,
    status text NOT NULL,
    details text,
    job_type text NOT NULL,
    class_id oid,
    object_id oid,
    object_name text,
    start_time timestamptz NOT NULL,
    update_time timestamptz NOT NULL
);
COMMENT ON TABLE sys.jobs IS 'dsqlsh playground: Aurora DSQL''s asynchronous jobs (CREATE INDEX ASYNC builds)';
REVOKE ALL ON sys.jobs FROM PUBLIC;
GRANT SELECT ON sys.jobs TO PUBLIC;

-- A job id as DSQL prints them: 26 characters of lower-case base 32 (128 random bits).
CREATE OR REPLACE FUNCTION sys.playground_job_id() RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    alphabet constant text := 'abcdefghijklmnopqrstuvwxyz234567';
    raw bytea := uuid_send(gen_random_uuid());
    acc int := 0;
    bits int := 0;
    id text := '';
BEGIN
    FOR i IN 0..15 LOOP
        acc := (acc << 8) | get_byte(raw, i);
        bits := bits + 8;
        WHILE bits >= 5 LOOP
            bits := bits - 5;
            id := id || substr(alphabet, ((acc >> bits) & 31) + 1, 1);
        END LOOP;
        acc := acc & ((1 << bits) - 1);
    END LOOP;
    RETURN id || substr(alphabet, ((acc << (5 - bits)) & 31) + 1, 1);
END
$$;

-- Records a finished job for an object; SECURITY DEFINER so a scoped role's index build is recorded too.
CREATE OR REPLACE FUNCTION sys.playground_record_job(job_type text, class_id oid, object_id oid, object_name text)
RETURNS text
LANGUAGE plpgsql VOLATILE SECURITY DEFINER SET search_path = pg_catalog, pg_temp AS $$
DECLARE
    id text := sys.playground_job_id();
BEGIN
    INSERT INTO sys.jobs (job_id, status, details, job_type, class_id, object_id, object_name, start_time, update_time)
    VALUES (id, 'completed', NULL, job_type, class_id, object_id, object_name, now(), clock_timestamp());
    RETURN id;
END
$$;
REVOKE ALL ON FUNCTION sys.playground_record_job(text, oid, oid, text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sys.playground_record_job(text, oid, oid, text) TO PUBLIC;

-- What dsqlsh sends for CREATE [UNIQUE] INDEX ASYNC (playground/rewrite.py): build the index as the
-- caller, then record the job and return its id, as DSQL returns it. NULL when IF NOT EXISTS skipped it.
CREATE OR REPLACE FUNCTION sys.playground_create_index_async(statement text) RETURNS text
LANGUAGE plpgsql VOLATILE AS $$
DECLARE
    made oid;
    name text;
BEGIN
    EXECUTE statement;
    -- The index this transaction just made: its pg_class row carries our transaction id.
    SELECT c.oid, quote_ident(n.nspname) || '.' || quote_ident(c.relname) INTO made, name
    FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('i', 'I') AND c.xmin = pg_catalog.pg_current_xact_id()::xid
      AND NOT EXISTS (SELECT FROM sys.jobs j WHERE j.object_id = c.oid)
    ORDER BY c.oid DESC LIMIT 1;
    IF made IS NULL THEN
        RETURN NULL;
    END IF;
    RETURN sys.playground_record_job('INDEX_BUILD', 'pg_catalog.pg_class'::regclass, made, name);
END
$$;
GRANT EXECUTE ON FUNCTION sys.playground_create_index_async(text) TO PUBLIC;

-- CALL sys.wait_for_job('<job_id>'): DSQL's procedure; true when the job completed, false when it failed.
-- The playground's jobs finish before CREATE INDEX ASYNC returns, so there is nothing to wait for.
CREATE OR REPLACE PROCEDURE sys.wait_for_job(IN job_id text, INOUT success boolean DEFAULT NULL)
LANGUAGE plpgsql AS $$
DECLARE
    state text;
BEGIN
    SELECT j.status INTO state FROM sys.jobs j WHERE j.job_id = wait_for_job.job_id;
    IF NOT FOUND THEN
        RAISE EXCEPTION 'job "%" does not exist', wait_for_job.job_id USING ERRCODE = '42704';
    END IF;
    success := state = 'completed';
END
$$;
GRANT EXECUTE ON PROCEDURE sys.wait_for_job(text, boolean) TO PUBLIC;
