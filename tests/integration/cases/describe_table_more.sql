-- about: \d NAME footers psql builds for PostgreSQL features: partitions, inheritance, triggers, policies, rules
CREATE TABLE parent (id int, v text) PARTITION BY RANGE (id);
CREATE TABLE child1 PARTITION OF parent FOR VALUES FROM (0) TO (10);
CREATE TABLE pdef PARTITION OF parent DEFAULT;
CREATE TABLE base (a int PRIMARY KEY, b text UNIQUE, c int CHECK (c > 0));
CREATE TABLE inh (d int) INHERITS (base);
CREATE TABLE ref (x int REFERENCES base (a) DEFERRABLE INITIALLY DEFERRED, y int);
CREATE UNLOGGED TABLE ul (a int);
CREATE FUNCTION trg() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$;
CREATE TRIGGER t1 BEFORE INSERT ON ref FOR EACH ROW EXECUTE FUNCTION trg();
CREATE TRIGGER t2 AFTER UPDATE ON ref FOR EACH ROW EXECUTE FUNCTION trg();
ALTER TABLE ref DISABLE TRIGGER t2;
ALTER TABLE ref ENABLE ROW LEVEL SECURITY;
CREATE POLICY p1 ON ref USING (x > 0);
CREATE POLICY p2 ON ref AS RESTRICTIVE FOR SELECT TO postgres USING (y > 0);
CREATE STATISTICS st1 (ndistinct) ON x, y FROM ref;
CREATE RULE r1 AS ON INSERT TO ul DO INSTEAD NOTHING;
CREATE MATERIALIZED VIEW mv AS SELECT 1 AS one;
CREATE TABLE gen (a int, b int GENERATED ALWAYS AS (a * 2) STORED, c text COLLATE "C", d text DEFAULT 'x' NOT NULL)
    WITH (fillfactor = 70);
ALTER TABLE gen ALTER COLUMN a SET STATISTICS 50;
ALTER TABLE gen REPLICA IDENTITY FULL;
CREATE TYPE comp AS (x int, y text);
CREATE TABLE typed OF comp;
CREATE TABLE nn (a int NOT NULL, b int);
ALTER TABLE nn ADD CONSTRAINT nnb NOT NULL b NOT VALID;
\d parent
\d+ parent
\d child1
\d+ pdef
\d base
\d+ base
\d inh
\d+ ref
\d ul
\d+ mv
\d+ gen
\d+ typed
\d comp
\d+ nn
